#!/usr/bin/env bash
# The player's CI: npm ci, type check, build, unit tests, then the browser tests (Debian's
# chromium through playwright-core) against the live Rend named by REND_API_URL / REND_API_KEY:
#
#   bash scripts/with-embedded-rend.sh player/ci.sh
#   REND_EXTRA_ENV="REND_PLAYBACK_TOKEN_TTL_SECS=5" bash scripts/with-embedded-rend.sh player/ci.sh token
set -euo pipefail
cd "$(dirname "$0")"
if [ -z "${REND_API_URL:-}" ] || [ -z "${REND_API_KEY:-}" ]; then
  echo "player/ci.sh: REND_API_URL and REND_API_KEY must name a live Rend; run it as" >&2
  echo "  bash scripts/with-embedded-rend.sh player/ci.sh" >&2
  exit 2
fi
# REND_PLAYER_BUILT=1: the tree was just built (and type-checked) by a run of this script.
if [ "${REND_PLAYER_BUILT:-}" != 1 ] || [ ! -f dist/rend-player.js ]; then
  npm ci --no-audit --no-fund
  npm run typecheck
  npm run build
fi
if [ "${1:-}" = "token" ]; then
  node --test --test-concurrency=1 test/browser-token/
else
  npm test
  node --test --test-concurrency=1 test/browser/
fi
