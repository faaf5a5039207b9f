#!/usr/bin/env bash
# Regenerates src/generated from api/openapi/rend.yaml with the generator pinned in package-lock.json
# (@hey-api/openapi-ts). The output is committed; ci.sh fails when it differs from the spec's.
set -euo pipefail
cd "$(dirname "$0")"
[ -d node_modules/@hey-api/openapi-ts ] || npm ci --no-audit --no-fund
rm -rf src/generated
npx --no-install openapi-ts >/dev/null
