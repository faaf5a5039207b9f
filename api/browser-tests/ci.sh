#!/usr/bin/env bash
# The API's browser tests: direct upload URLs driven by tus-js-client in Debian's chromium (through
# playwright-core), against the live Rend named by REND_API_URL / REND_API_KEY and its S3 store
# (REND_S3_*), which scripts/with-embedded-rend.sh starts and names:
#
#   bash scripts/with-embedded-rend.sh api/browser-tests/ci.sh
set -euo pipefail
cd "$(dirname "$0")"
: "${REND_API_URL:?not set; run: bash scripts/with-embedded-rend.sh api/browser-tests/ci.sh}"
: "${REND_S3_URL:?not set; run: bash scripts/with-embedded-rend.sh api/browser-tests/ci.sh}"
npm ci --no-audit --no-fund
npm test
