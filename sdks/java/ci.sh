#!/usr/bin/env bash
# The Java SDK's CI: (1) the generated layer matches the spec, (2) builds, (3) JUnit against the
# live Rend of REND_API_URL / REND_API_KEY / REND_FIXTURE:
#   bash scripts/with-embedded-rend.sh sdks/java/ci.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
: "${REND_API_URL:?REND_API_URL is unset: run through scripts/with-embedded-rend.sh}"

"$here/generate.sh"
# What generate.sh changed shows in the work tree column (staged edits of one's own do not count).
drift=$(git -C "$root" status --porcelain --untracked-files=all -- sdks/java | grep -v '^. ' || true)
if [ -n "$drift" ]; then
  echo "$drift" >&2
  echo "sdks/java: SDK out of date with the spec (run sdks/java/generate.sh and commit)" >&2
  exit 1
fi

"$root/mvnw" -B -ntp -f "$here/pom.xml" verify
