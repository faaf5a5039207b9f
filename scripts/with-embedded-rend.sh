#!/usr/bin/env bash
# Runs a command against a live embedded Rend: starts dev/target/rend-dev.jar on free loopback ports
# with a throw-away data folder, waits until it is ready, runs "$@" with
#   REND_API_URL  (e.g. http://127.0.0.1:41234)   REND_API_KEY (the dev key)
#   REND_FIXTURE  (a 4 s MP4 made by the bundled ffmpeg)
#   REND_EDGE_URL, REND_EDGE_INTERNAL_URL, REND_INTERNAL_TOKEN (the edge and its internal API)
#   REND_S3_URL, REND_S3_BUCKET, REND_S3_ACCESS_KEY_ID, REND_S3_SECRET_ACCESS_KEY (its object store)
# in its environment, then stops Rend and exits with the command's status. The rate limits stay on,
# raised by settings (test suites send many requests a second from one account).
#
#   bash scripts/with-embedded-rend.sh sdks/python/ci.sh
set -euo pipefail
cd "$(dirname "$0")/.."

jar="${REND_DEV_JAR:-dev/target/rend-dev.jar}"
if [ ! -f "$jar" ]; then
  echo "with-embedded-rend.sh: $jar is missing; build it: ./mvnw -q -DskipTests -pl dev -am package" >&2
  exit 1
fi

work=$(mktemp -d)
# Six distinct free ports, named here so the suites know them (the embedded mode would pick free
# ones for 0s too, and since the fix in RendDev it names the same ones to every service).
read -r port api_internal edge edge_internal worker s3 < <(python3 -c '
import socket
socks = [socket.socket() for _ in range(6)]
for s in socks: s.bind(("127.0.0.1", 0))
print(*[s.getsockname()[1] for s in socks])')
api="http://127.0.0.1:$port"
env REND_DATA_DIR="$work/data" REND_API_PORT="$port" REND_API_INTERNAL_PORT="$api_internal" \
  REND_EDGE_PORT="$edge" REND_EDGE_INTERNAL_PORT="$edge_internal" REND_WORKER_PORT="$worker" \
  REND_EMBEDDED_POSTGRES_PORT=0 REND_EMBEDDED_S3_PORT="$s3" \
  REND_RATE_LIMIT_CREATES_PER_SEC=1000 REND_RATE_LIMIT_CREATES_BURST=10000 \
  REND_RATE_LIMIT_READS_PER_SEC=1000 REND_RATE_LIMIT_READS_BURST=10000 \
  REND_RATE_LIMIT_PLAYBACK_PER_SEC=1000 REND_RATE_LIMIT_PLAYBACK_BURST=10000 \
  REND_RATE_LIMIT_EVENT_STREAMS_PER_SEC=1000 REND_RATE_LIMIT_EVENT_STREAMS_BURST=10000 \
  ${REND_EXTRA_ENV:-} java -jar "$jar" >"$work/rend.log" 2>&1 &
rend=$!
stop() {
  kill "$rend" 2>/dev/null && wait "$rend" 2>/dev/null || true
  rm -rf "$work"
}
trap stop EXIT

for _ in $(seq 1 240); do
  curl -fsS -o /dev/null "$api/readyz" 2>/dev/null && break
  if ! kill -0 "$rend" 2>/dev/null; then
    echo "with-embedded-rend.sh: the embedded mode exited; its log:" >&2
    cat "$work/rend.log" >&2
    exit 1
  fi
  sleep 0.5
done
curl -fsS -o /dev/null "$api/readyz"
java -jar "$jar" fixture "$work/fixture.mp4" 4 >/dev/null

status=0
REND_API_URL="$api" REND_API_KEY=dev-api-key REND_FIXTURE="$work/fixture.mp4" \
  REND_EDGE_URL="http://127.0.0.1:$edge" REND_EDGE_INTERNAL_URL="http://127.0.0.1:$edge_internal" \
  REND_INTERNAL_TOKEN=dev-internal-token \
  REND_S3_URL="http://127.0.0.1:$s3" REND_S3_BUCKET=rend-local \
  REND_S3_ACCESS_KEY_ID=rend-local REND_S3_SECRET_ACCESS_KEY=rend-local-secret "$@" || status=$?
if [ "$status" -ne 0 ]; then
  echo "with-embedded-rend.sh: '$*' failed ($status); the last of Rend's log:" >&2
  tail -n 60 "$work/rend.log" >&2
fi
exit "$status"
