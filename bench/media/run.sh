#!/usr/bin/env bash
# Media pipeline benchmark: builds the worker, then runs MediaBenchmark, which starts embedded
# PostgreSQL + S3Proxy + rend-worker in one JVM, uploads generated 10 s 720p and 60 s 1080p fixtures
# (with audio) the way the API does, and prints one JSON document on stdout (logs go to stderr).
# Usage: bench/media/run.sh [--no-build]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
if [[ "${1:-}" != "--no-build" ]]; then
  ./mvnw -q -f worker/pom.xml install -DskipTests >&2
  ./mvnw -q -f bench/media/pom.xml compile dependency:build-classpath -Dmdep.outputFile=target/classpath.txt >&2
fi
export REND_BENCH_GIT_SHA="$(git -C "$root" rev-parse HEAD 2>/dev/null || echo unknown)"
export REND_BENCH_GIT_DIRTY="$(git -C "$root" status --porcelain 2>/dev/null | grep -q . && echo true || echo false)"
exec java -cp "bench/media/target/classes:$(cat bench/media/target/classpath.txt)" so.rend.bench.media.MediaBenchmark
