#!/usr/bin/env bash
# Regenerates src/rend_api (the generated layer of the Python SDK) from api/openapi/rend.yaml with the
# openapi-python-client pinned in generator/requirements.txt (every transitive package pinned too),
# installed once in a virtualenv under ~/.cache/rend keyed by that file's hash.
#
# The generator leaves out POST /v1/videos (it has no model for a `video/*` body); the hand-written
# layer (src/rend) streams uploads itself.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"

key=$(sha256sum "$here/generator/requirements.txt" | cut -c1-16)
venv="${XDG_CACHE_HOME:-$HOME/.cache}/rend/openapi-python-client-$key"
if [ ! -x "$venv/bin/openapi-python-client" ]; then
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check --no-deps -r "$here/generator/requirements.txt"
fi

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# The generator's post hooks (ruff check --fix, ruff format) run the pinned ruff from the venv.
(cd "$out" && PATH="$venv/bin:$PATH" openapi-python-client generate \
  --path "$root/api/openapi/rend.yaml" --meta none --output-path "$out/rend_api" \
  --config "$here/generator/config.yaml" >"$out/log" 2>&1) || { cat "$out/log" >&2; exit 1; }
rm -rf "$here/src/rend_api"
cp -r "$out/rend_api" "$here/src/rend_api"
echo "generate.sh: src/rend_api regenerated from api/openapi/rend.yaml"
