#!/usr/bin/env bash
# The local playback benchmark (bench/playback/run.py says what it measures): against the Rend at
# REND_API_URL if set (reused), else a fresh embedded Rend on free ports (the jar is built first if
# missing). Writes .rend/benchmarks/playback-edge-local-<timestamp>.json and prints a table.
#
#   bash bench/playback/run.sh
#   REND_BENCHMARK_FIXTURES=small bash bench/playback/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ ! -f dev/target/rend-dev.jar ]; then
  ./mvnw -q -DskipTests -pl dev -am package
fi
if [ -n "${REND_API_URL:-}" ]; then
  exec python3 bench/playback/run.py
fi
REND_BENCHMARK_SERVICE_REUSED=false exec bash scripts/with-embedded-rend.sh python3 bench/playback/run.py
