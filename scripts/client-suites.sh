#!/usr/bin/env bash
# Runs every client suite in its own toolchain against a live embedded Rend
# (scripts/with-embedded-rend.sh): the SDKs (sdks/<language>/ci.sh: generated code up to date with the
# spec, build, tests) and the MCP server (sdks/mcp/ci.sh) one after another against one Rend (each
# start costs about 40 s, and their tests only follow assets they made themselves), then the player
# (player/ci.sh) and the API's browser tests (api/browser-tests/ci.sh: direct uploads with
# tus-js-client in chromium), each against a fresh one. Stops at the first failure. `.ci/run` runs it
# after the Maven suite, which builds the jar it needs.
#
#   bash scripts/client-suites.sh                 # all of them
#   bash scripts/client-suites.sh sdks/python     # one
set -euo pipefail
cd "$(dirname "$0")/.."

suites=("$@")
if [ ${#suites[@]} -eq 0 ]; then
  shared=()
  for suite in sdks/typescript sdks/mcp sdks/python sdks/go sdks/java; do
    [ -f "$suite/ci.sh" ] && shared+=("$suite")
  done
  if [ ${#shared[@]} -gt 0 ]; then
    echo "== ${shared[*]} (one Rend)"
    start=$(date +%s)
    # shellcheck disable=SC2016 # expanded by the inner shell
    bash scripts/with-embedded-rend.sh bash -c 'set -euo pipefail; for suite in "$@"; do
        echo "== $suite"; began=$(date +%s); bash "$suite/ci.sh"
        echo "== $suite passed in $(( $(date +%s) - began )) s"; done' suites "${shared[@]}"
    echo "== ${shared[*]} passed in $(( $(date +%s) - start )) s"
  fi
  for suite in player api/browser-tests; do
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
    # Its build is the one just made.
    REND_PLAYER_BUILT=1 REND_EXTRA_ENV="REND_PLAYBACK_TOKEN_TTL_SECS=5" \
      bash scripts/with-embedded-rend.sh player/ci.sh token
  fi
  echo "== $suite passed in $(( $(date +%s) - start )) s"
done
