#!/usr/bin/env bash
# Runs every client suite in its own toolchain, each against a fresh embedded Rend
# (scripts/with-embedded-rend.sh): the SDKs (sdks/<language>/ci.sh: generated code up to date with the
# spec, build, tests), the MCP server (sdks/mcp/ci.sh), the player (player/ci.sh) and the API's
# browser tests (api/browser-tests/ci.sh: direct uploads with tus-js-client in chromium), in that order.
# Stops at the first failure. `.ci/run` runs it after the Maven suite, which builds the jar it needs.
#
#   bash scripts/client-suites.sh                 # all of them
#   bash scripts/client-suites.sh sdks/python     # one
set -euo pipefail
cd "$(dirname "$0")/.."

suites=("$@")
if [ ${#suites[@]} -eq 0 ]; then
  for suite in sdks/typescript sdks/mcp sdks/python sdks/go sdks/java player api/browser-tests; do
    [ -f "$suite/ci.sh" ] && suites+=("$suite")
  done
fi
[ ${#suites[@]} -gt 0 ] || { echo "client-suites.sh: no suite found" >&2; exit 1; }
for suite in "${suites[@]}"; do
  echo "== $suite"
  start=$(date +%s)
  bash scripts/with-embedded-rend.sh "$suite/ci.sh"
  if [ "$suite" = player ]; then
    # The token-refresh test needs a Rend of its own that signs 5-second tokens.
    REND_EXTRA_ENV="REND_PLAYBACK_TOKEN_TTL_SECS=5" bash scripts/with-embedded-rend.sh player/ci.sh token
  fi
  echo "== $suite passed in $(( $(date +%s) - start )) s"
done
