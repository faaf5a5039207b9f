#!/usr/bin/env bash
# The Python SDK's CI: (1) the generated layer matches the spec, (2) the package imports and compiles,
# (3) pytest against the live Rend of REND_API_URL / REND_API_KEY / REND_FIXTURE:
#   bash scripts/with-embedded-rend.sh sdks/python/ci.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
: "${REND_API_URL:?REND_API_URL is unset: run through scripts/with-embedded-rend.sh}"

"$here/generate.sh"
# What generate.sh changed shows in the work tree column (staged edits of one's own do not count).
drift=$(git -C "$root" status --porcelain --untracked-files=all -- sdks/python | grep -v '^. ' || true)
if [ -n "$drift" ]; then
  echo "$drift" >&2
  echo "sdks/python: SDK out of date with the spec (run sdks/python/generate.sh and commit)" >&2
  exit 1
fi

key=$(sha256sum "$here/requirements-test.txt" | cut -c1-16)
venv="${XDG_CACHE_HOME:-$HOME/.cache}/rend/python-sdk-test-$key"
if [ ! -x "$venv/bin/pytest" ]; then
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check --no-deps -r "$here/requirements-test.txt"
fi
"$venv/bin/python" -m compileall -q "$here/src"
(cd "$here" && PYTHONPATH="$here/src" "$venv/bin/python" -c 'import rend')
cd "$here" && "$venv/bin/pytest" -p no:cacheprovider -s -q tests
