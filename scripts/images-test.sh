#!/usr/bin/env bash
# Start test of Rend's four container images (the Jib tarballs scripts/images.sh builds): each is
# imported into Debian's containerd, checked (non-root user, OCI labels, an exec-form entrypoint,
# no shell in the image, the JRE's trust store filled) and run with `ctr run` on the host network as
# the operator's pod templates run them (read-only root filesystem, tmpfs on /tmp and the home
# directory, no capabilities, the default seccomp profile) until it answers:
#   rend-api, rend-edge  /healthz and /readyz, with minimal settings against the embedded mode's
#                        PostgreSQL and S3 (dev/target/rend-dev.jar, on free loopback ports); the
#                        edge keeps its state in a host directory mounted at /var/lib/rend-edge,
#                        after its `own-cache-dir` step (the pod's init container) is checked;
#   rend-worker          /healthz and /readyz on its port, against the same PostgreSQL and S3;
#   rend-operator        /healthz and /readyz (every informer connected) against a real
#                        kube-apiserver + etcd from ~/.kubeapitest (scripts/k8s-test-binaries.sh)
#                        with the CRDs applied.
# containerd runs as this script's child with its root, state and socket under a temp dir, never
# the system service. Needs root, containerd, ctr and runc (apt-get install containerd). Without
# them it fails under CI=true and otherwise skips, loudly.
set -euo pipefail
cd "$(dirname "$0")/.."
root_dir=$(pwd)

log() { printf '[images-test] %s\n' "$*" >&2; }
missing() {
  if [[ "${CI:-}" == true ]]; then
    log "FAIL: $*"
    exit 1
  fi
  log "SKIPPED, NOT TESTED: $* (CI=true makes this a failure)"
  exit 0
}

[[ $(id -u) == 0 ]] || missing "containerd runs containers as root here; run as root"
for command in containerd ctr runc curl python3 openssl; do
  command -v "$command" >/dev/null || missing "$command is not installed (apt-get install containerd openssl)"
done
declare -A modules=([api]=api [edge]=edge [worker]=worker [operator]=operator)
for name in "${!modules[@]}"; do
  [[ -f "${modules[$name]}/target/jib-image.tar" ]] \
    || { log "${modules[$name]}/target/jib-image.tar is missing: bash scripts/images.sh"; exit 1; }
done
dev_jar=dev/target/rend-dev.jar
[[ -f "$dev_jar" ]] || { log "$dev_jar is missing: ./mvnw -q -DskipTests -pl dev -am package"; exit 1; }
k8s_dir=$(ls -d "${KUBE_API_TEST_DIR:-$HOME/.kubeapitest}"/k8s/*-linux-amd64 2>/dev/null | sort -V | tail -1 || true)
[[ -x "$k8s_dir/kube-apiserver" && -x "$k8s_dir/etcd" && -x "$k8s_dir/kubectl" ]] \
  || missing "kube-apiserver, etcd and kubectl for the operator's image: bash scripts/k8s-test-binaries.sh"

start=$(date +%s)
work=$(mktemp -d /tmp/rend-images-test.XXXXXX)
pids=()
ctr_cmd=(ctr -a "$work/containerd.sock" -n rend)
cleanup() {
  set +e
  for task in $("${ctr_cmd[@]}" tasks ls -q 2>/dev/null); do
    "${ctr_cmd[@]}" tasks kill -s SIGKILL "$task" >/dev/null 2>&1
  done
  sleep 1
  for container in $("${ctr_cmd[@]}" containers ls -q 2>/dev/null); do
    "${ctr_cmd[@]}" tasks delete -f "$container" >/dev/null 2>&1
    "${ctr_cmd[@]}" containers delete "$container" >/dev/null 2>&1
  done
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
    kill "${pids[$i]}" 2>/dev/null && wait "${pids[$i]}" 2>/dev/null
  done
  grep -o " $work/[^ ]*" /proc/mounts | sort -r | xargs -r -n1 umount -l 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

read -r pg s3 dev_api dev_api_int dev_edge dev_edge_int dev_worker api api_int edge edge_int worker \
  op_health etcd etcd_peer kube < <(python3 -c '
import socket
socks = [socket.socket() for _ in range(16)]
for s in socks: s.bind(("127.0.0.1", 0))
print(*[s.getsockname()[1] for s in socks])')

# containerd of its own: root, state and sockets under $work; CRI off (ctr only).
cat >"$work/containerd.toml" <<EOF
version = 2
root = "$work/containerd/root"
state = "$work/containerd/state"
disabled_plugins = ["io.containerd.grpc.v1.cri"]
[grpc]
  address = "$work/containerd.sock"
[ttrpc]
  address = "$work/containerd.sock.ttrpc"
[plugins."io.containerd.internal.v1.opt"]
  path = "$work/containerd/opt"
EOF
containerd --config "$work/containerd.toml" >"$work/containerd.log" 2>&1 &
pids+=($!)

# The embedded mode for its PostgreSQL and S3 (its own API, worker and edge run beside, on other
# ports; the images' services share its database and bucket).
env REND_DATA_DIR="$work/rend-data" REND_EMBEDDED_POSTGRES_PORT="$pg" REND_EMBEDDED_S3_PORT="$s3" \
  REND_API_PORT="$dev_api" REND_API_INTERNAL_PORT="$dev_api_int" REND_EDGE_PORT="$dev_edge" \
  REND_EDGE_INTERNAL_PORT="$dev_edge_int" REND_WORKER_PORT="$dev_worker" REND_EMBEDDED_CLICKHOUSE=off \
  java -jar "$dev_jar" >"$work/rend-dev.log" 2>&1 &
pids+=($!)

# etcd + kube-apiserver for the operator: a static admin token, self-signed serving certificates.
openssl genrsa -out "$work/sa.key" 2048 2>/dev/null
openssl rsa -in "$work/sa.key" -pubout -out "$work/sa.pub" 2>/dev/null
echo "rend-images-test-token,admin,admin,system:masters" >"$work/tokens.csv"
"$k8s_dir/etcd" --data-dir "$work/etcd" --listen-client-urls "http://127.0.0.1:$etcd" \
  --advertise-client-urls "http://127.0.0.1:$etcd" --listen-peer-urls "http://127.0.0.1:$etcd_peer" \
  >"$work/etcd.log" 2>&1 &
pids+=($!)
"$k8s_dir/kube-apiserver" --etcd-servers "http://127.0.0.1:$etcd" --bind-address 127.0.0.1 \
  --secure-port "$kube" --cert-dir "$work/kube-certs" --token-auth-file "$work/tokens.csv" \
  --authorization-mode RBAC --service-cluster-ip-range 10.96.0.0/16 \
  --service-account-issuer https://kubernetes.default.svc --service-account-key-file "$work/sa.pub" \
  --service-account-signing-key-file "$work/sa.key" >"$work/kube-apiserver.log" 2>&1 &
pids+=($!)
mkdir -p "$work/kube"
cat >"$work/kube/config" <<EOF
apiVersion: v1
kind: Config
clusters: [{name: test, cluster: {server: "https://127.0.0.1:$kube", insecure-skip-tls-verify: true}}]
users: [{name: admin, user: {token: rend-images-test-token}}]
contexts: [{name: test, context: {cluster: test, user: admin}}]
current-context: test
EOF
chmod 0644 "$work/kube/config"

# Waits until URL answers 200 (or the process PID died); prints the seconds it took.
await() {
  local url="$1" pid="$2" what="$3" limit="${4:-180}" t0
  t0=$(date +%s)
  while ! curl -fsS -o /dev/null "$url" 2>/dev/null; do
    if ! kill -0 "$pid" 2>/dev/null || (($(date +%s) - t0 > limit)); then
      log "FAIL: $what did not answer $url"
      return 1
    fi
    sleep 0.5
  done
  echo $(($(date +%s) - t0))
}

await "http://127.0.0.1:$dev_api/readyz" "${pids[1]}" "the embedded mode" >/dev/null \
  || { tail -40 "$work/rend-dev.log" >&2; exit 1; }
for _ in $(seq 1 120); do
  "$k8s_dir/kubectl" --kubeconfig "$work/kube/config" get --raw /readyz >/dev/null 2>&1 && break
  sleep 0.5
done
"$k8s_dir/kubectl" --kubeconfig "$work/kube/config" apply -f crds/ >/dev/null \
  || { tail -40 "$work/kube-apiserver.log" >&2; exit 1; }
"${ctr_cmd[@]}" version >/dev/null || { cat "$work/containerd.log" >&2; exit 1; }
log "containerd, the embedded mode and kube-apiserver are up after $(($(date +%s) - start))s"

shared=(--env "REND_DATABASE_URL=postgres://postgres:postgres@127.0.0.1:$pg/postgres"
  --env "REND_S3_ENDPOINT=http://127.0.0.1:$s3" --env REND_S3_BUCKET=rend-local
  --env REND_S3_ACCESS_KEY_ID=rend-local --env REND_S3_SECRET_ACCESS_KEY=rend-local-secret
  --env REND_S3_FORCE_PATH_STYLE=true --env REND_INTERNAL_TOKEN=images-test-internal-token
  --env REND_PLAYBACK_SIGNING_KEY_ID=images-test
  --env REND_PLAYBACK_SIGNING_SECRET=images-test-playback-signing-secret)
declare -A settings=(
  [api]="--env REND_API_HOST=127.0.0.1 --env REND_API_PORT=$api --env REND_API_INTERNAL_HOST=127.0.0.1 --env REND_API_INTERNAL_PORT=$api_int --env REND_PLAYBACK_BASE_URL=http://127.0.0.1:$edge"
  [edge]="--env REND_EDGE_HOST=127.0.0.1 --env REND_EDGE_PORT=$edge --env REND_EDGE_INTERNAL_HOST=127.0.0.1 --env REND_EDGE_INTERNAL_PORT=$edge_int --env REND_EDGE_PUBLIC_URL=http://127.0.0.1:$edge --env REND_EDGE_INTERNAL_URL=http://127.0.0.1:$edge_int --env REND_CONTROL_PLANE_URL=http://127.0.0.1:$api_int"
  [worker]="--env REND_WORKER_PORT=$worker"
  [operator]="--env REND_OPERATOR_HEALTH_PORT=$op_health --env KUBECONFIG=/kube/config --mount type=bind,src=$work/kube,dst=/kube,options=rbind:ro"
)
# As the operator's pods run them (PodSecurity in operator/): a read-only root filesystem with
# tmpfs where a JVM writes, no capabilities, the runtime's default seccomp profile.
confined=(--read-only --seccomp --cap-drop CAP_ALL
  --mount "type=tmpfs,src=tmpfs,dst=/tmp,options=rw:nosuid:nodev"
  --mount "type=tmpfs,src=tmpfs,dst=/home/rend,options=rw:nosuid:nodev")
# The edge's state directory on the host, as a hostPath a kubelet creates: root's, with a root-owned
# file an edge that ran as root left behind.
edge_state="$work/edge-state"
mkdir -p "$edge_state/cache/old-asset"
echo stale >"$edge_state/cache/old-asset/seg.m4s"
settings[edge]+=" --env REND_EDGE_CACHE_DIR=/var/lib/rend-edge/cache --mount type=bind,src=$edge_state,dst=/var/lib/rend-edge,options=rbind:rw"
declare -A health=([api]=$api [edge]=$edge [worker]=$worker [operator]=$op_health)

# The edge pod's init container runs the image with `own-cache-dir` as root with CAP_CHOWN. ctr
# (containerd 1.6) cannot choose the user, so here the image runs it as its own user: on the
# root-owned directory it must fail (no CAP_CHOWN, not root); after the host gives the directory to
# uid 10001, as the init container does, it must find nothing to change.
own_edge_state() {
  local ref="$1" tarball="$2" out entrypoint
  # The image's own entrypoint with the init container's args (ctr replaces the whole command).
  mapfile -t entrypoint < <(python3 scripts/images-check.py --entrypoint "$tarball")
  if out=$("${ctr_cmd[@]}" run --rm "${confined[@]}" \
      --mount "type=bind,src=$edge_state,dst=/var/lib/rend-edge,options=rbind:rw" \
      "$ref" rend-edge-own "${entrypoint[@]}" own-cache-dir /var/lib/rend-edge 10001 10001 2>&1); then
    log "FAIL: own-cache-dir changed owners without CAP_CHOWN: $out"
    exit 1
  fi
  [[ "$out" == *"own-cache-dir: /var/lib/rend-edge"* ]] || { log "FAIL: own-cache-dir said: $out"; exit 1; }
  chown -R 10001:10001 "$edge_state"
  out=$("${ctr_cmd[@]}" run --rm "${confined[@]}" \
      --mount "type=bind,src=$edge_state,dst=/var/lib/rend-edge,options=rbind:rw" \
      "$ref" rend-edge-own2 "${entrypoint[@]}" own-cache-dir /var/lib/rend-edge 10001 10001 2>&1) \
    || { log "FAIL: own-cache-dir on the edge's own directory: $out"; exit 1; }
  [[ "$out" == *"is 10001:10001 (0 changed)"* ]] || { log "FAIL: own-cache-dir said: $out"; exit 1; }
  log "rend-edge own-cache-dir: refused as uid 10001 on root's directory; nothing to change once the directory is 10001's"
}

results=()
for name in api edge worker operator; do
  tarball="${modules[$name]}/target/jib-image.tar"
  ref=$("${ctr_cmd[@]}" images import --no-unpack "$tarball" 2>&1 | sed -n 's/^unpacking \(.*\) (sha256:.*$/\1/p; s/^\([^ ]*rend-[a-z]*:[^ ]*\) .*$/\1/p' | head -1)
  [[ -n "$ref" ]] || ref=$("${ctr_cmd[@]}" images ls -q | grep "rend-$name:" | head -1)
  [[ -n "$ref" ]] || { log "FAIL: no rend-$name image after importing $tarball"; exit 1; }
  "${ctr_cmd[@]}" images unpack "$ref" >/dev/null 2>&1 || true
  python3 scripts/images-check.py "$tarball" "$name" || exit 1
  # No shell: asking the image for /bin/sh must fail.
  if "${ctr_cmd[@]}" run --rm --net-host "$ref" "rend-$name-shell" /bin/sh -c true >"$work/$name-shell.log" 2>&1; then
    log "FAIL: rend-$name runs /bin/sh"
    exit 1
  fi
  "${ctr_cmd[@]}" containers delete "rend-$name-shell" >/dev/null 2>&1 || true
  # The JRE trusts the CAs (images/base-image.py writes the trust store anew): TLS to S3 needs them.
  # The four images share that base layer (same digest label, checked above), so once is enough.
  if [[ -z "${cas:-}" ]]; then
    cas=$("${ctr_cmd[@]}" run --rm "$ref" "rend-$name-cacerts" keytool -list -cacerts -storepass changeit \
      2>/dev/null | grep -c trustedCertEntry || true)
    ((cas >= 100)) || { log "FAIL: rend-$name's JRE trusts $cas certificates"; exit 1; }
  fi
  if [[ $name == edge ]]; then
    own_edge_state "$ref" "$tarball"
  fi
  t0=$(date +%s)
  # shellcheck disable=SC2086 # settings hold several words on purpose
  "${ctr_cmd[@]}" run --rm --net-host "${confined[@]}" "${shared[@]}" ${settings[$name]} "$ref" "rend-$name" \
    >"$work/$name.log" 2>&1 &
  pid=$!
  pids+=($pid)
  port=${health[$name]}
  if ! healthz=$(await "http://127.0.0.1:$port/healthz" "$pid" "rend-$name") \
    || ! readyz=$(await "http://127.0.0.1:$port/readyz" "$pid" "rend-$name"); then
    tail -60 "$work/$name.log" >&2
    exit 1
  fi
  task_pid=$("${ctr_cmd[@]}" tasks ls | awk -v id="rend-$name" '$1 == id {print $2}')
  uid=$(awk '/^Uid:/ {print $2}' "/proc/$task_pid/status")
  [[ "$uid" == 10001 ]] || { log "FAIL: rend-$name runs as uid $uid"; exit 1; }
  caps=$(awk '/^CapEff:/ {print $2}' "/proc/$task_pid/status")
  [[ "$caps" == 0000000000000000 ]] || { log "FAIL: rend-$name has capabilities $caps"; exit 1; }
  if [[ $name == edge ]]; then
    # A purge that revokes an asset writes the revocations beside the cache: on a read-only root
    # filesystem that works only inside the mounted state directory, where they survive the
    # container too.
    curl -fsS -o /dev/null -X POST "http://127.0.0.1:$edge_int/internal/purge" \
      -H 'x-rend-internal-token: images-test-internal-token' -H 'content-type: application/json' \
      --data '{"asset_id":"00000000-0000-4000-8000-000000000001","revoke_until":"2099-01-01T00:00:00Z"}' \
      || { log "FAIL: rend-edge's purge with revocation failed"; tail -40 "$work/edge.log" >&2; exit 1; }
    for dir in cache cache.revoked; do  # a directory and a file
      [[ -e "$edge_state/$dir" && $(stat -c %u "$edge_state/$dir") == 10001 ]] \
        || { log "FAIL: rend-edge did not keep $dir in its state directory"; ls -laR "$edge_state" >&2; exit 1; }
    done
  fi
  log "rend-$name: $ref runs as uid $uid, has no /bin/sh (base trusts $cas CAs); /healthz 200 after $((healthz))s, /readyz 200 after $((healthz + readyz))s (started at +$((t0 - start))s)"
  results+=("rend-$name healthz=${healthz}s readyz=$((healthz + readyz))s uid=$uid")
done
log "all four images started and answered in $(($(date +%s) - start))s"
printf '%s\n' "${results[@]}"
