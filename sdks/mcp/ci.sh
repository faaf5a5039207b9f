#!/usr/bin/env bash
# The MCP server's CI: builds the TypeScript SDK it depends on, installs, and runs a real MCP client
# session against the live Rend named by REND_API_URL / REND_API_KEY / REND_FIXTURE. From the repo root:
#   bash scripts/with-embedded-rend.sh sdks/mcp/ci.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
: "${REND_API_URL:?REND_API_URL is not set: run through scripts/with-embedded-rend.sh}"
: "${REND_API_KEY:?REND_API_KEY is not set}"
: "${REND_FIXTURE:?REND_FIXTURE is not set}"
# Node 20.19 or later (the pinned generator's floor; Debian 12's own nodejs is 18).
node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)' \
  || { echo "$0: needs Node 20.19 or later, found $(node --version)" >&2; exit 1; }

# The server is hand-written on @rend/sdk: there is nothing generated here, the SDK's own check
# (sdks/typescript/ci.sh) covers the generated client. Build the SDK it links to.
(cd "$here/../typescript" && npm ci --no-audit --no-fund && npm run build)
cd "$here"
npm ci --no-audit --no-fund
npm test
