#!/usr/bin/env bash
# The TypeScript SDK's CI: (1) the generated code matches the spec, (2) it builds, (3) its tests pass
# against the live Rend named by REND_API_URL / REND_API_KEY / REND_FIXTURE. From the repo root:
#   bash scripts/with-embedded-rend.sh sdks/typescript/ci.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"
: "${REND_API_URL:?REND_API_URL is not set: run through scripts/with-embedded-rend.sh}"
: "${REND_API_KEY:?REND_API_KEY is not set}"
: "${REND_FIXTURE:?REND_FIXTURE is not set}"
# Node 20.19 or later (the pinned generator's floor; Debian 12's own nodejs is 18).
node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)' \
  || { echo "$0: needs Node 20.19 or later, found $(node --version)" >&2; exit 1; }

npm ci --no-audit --no-fund
bash generate.sh
if [ -n "$(git status --porcelain -- .)" ]; then
  echo "sdks/typescript: SDK out of date with the spec (run sdks/typescript/generate.sh and commit):" >&2
  git status --porcelain -- . >&2
  git --no-pager diff --stat -- . >&2
  exit 1
fi
npm run build
npm test
