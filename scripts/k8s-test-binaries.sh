#!/usr/bin/env bash
# Builds kube-apiserver and etcd from source with the Go toolchain (through the Go module proxy)
# and lays them out, with the machine's kubectl, where Fabric8 kube-api-test looks for them in
# offline mode: ~/.kubeapitest/k8s/<version>-linux-amd64/{etcd,kube-apiserver,kubectl}.
#
# Why build: this machine reaches package registries only, so kube-api-test cannot download its
# binaries. Idempotent: a second run finds the stamp file and returns at once.
#
# Versions: the apiserver is one minor version of the machine's kubectl (1.32) — kubectl's skew
# policy allows ±1 — and etcd is the one Kubernetes 1.32 is released with (3.5.16).
#
# Environment:
#   REND_K8S_VERSION   Kubernetes version to build (default 1.32.13)
#   REND_ETCD_VERSION  etcd version to build (default 3.5.16)
#   REND_KUBECTL       kubectl to copy in (default: the one on PATH)
#   KUBE_API_TEST_DIR  root of the layout (default ~/.kubeapitest, as kube-api-test)
set -euo pipefail

K8S_VERSION="${REND_K8S_VERSION:-1.32.13}"
ETCD_VERSION="${REND_ETCD_VERSION:-3.5.16}"
STAGING_VERSION="v0.${K8S_VERSION#1.}"
KUBE_API_TEST_DIR="${KUBE_API_TEST_DIR:-$HOME/.kubeapitest}"
TARGET="$KUBE_API_TEST_DIR/k8s/${K8S_VERSION}-linux-amd64"
STAMP="$TARGET/.rend-built"
STAMP_CONTENT="kube-apiserver=v${K8S_VERSION} etcd=v${ETCD_VERSION}"
BUILD_ROOT="${XDG_CACHE_HOME:-$HOME/.cache}/rend/k8s-build"

log() { printf '[k8s-test-binaries] %s\n' "$*" >&2; }

if [[ -f "$STAMP" && "$(cat "$STAMP")" == "$STAMP_CONTENT" \
      && -x "$TARGET/kube-apiserver" && -x "$TARGET/etcd" && -x "$TARGET/kubectl" ]]; then
  log "up to date: $TARGET ($STAMP_CONTENT)"
  exit 0
fi

command -v go >/dev/null || { log "go is not installed"; exit 1; }
KUBECTL="${REND_KUBECTL:-$(command -v kubectl || true)}"
[[ -n "$KUBECTL" && -x "$KUBECTL" ]] || { log "kubectl not found (set REND_KUBECTL)"; exit 1; }

export GOFLAGS="-trimpath -buildvcs=false -mod=mod"
export CGO_ENABLED=0
export GOTOOLCHAIN=local
LDFLAGS="-s -w"
# kube-apiserver is a large link: two packages at a time keeps memory modest on 2 cores.
BUILD_PARALLELISM="${REND_GO_BUILD_PARALLELISM:-2}"
start=$(date +%s)
mkdir -p "$TARGET" "$BUILD_ROOT"

build_kube_apiserver() {
  local dir="$BUILD_ROOT/kubernetes-v${K8S_VERSION}"
  local out="$TARGET/kube-apiserver"
  if [[ -x "$out" && "$("$out" --version 2>/dev/null)" == "Kubernetes v${K8S_VERSION}"* ]]; then
    log "kube-apiserver v${K8S_VERSION} already built"
    return
  fi
  mkdir -p "$dir"
  log "resolving k8s.io/kubernetes v${K8S_VERSION}"
  local gomod
  gomod=$(cd "$dir" && GOFLAGS=-mod=mod go mod download -json "k8s.io/kubernetes@v${K8S_VERSION}" \
    | sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",$/\1/p')
  [[ -f "$gomod" ]] || { log "could not download the go.mod of k8s.io/kubernetes v${K8S_VERSION}"; exit 1; }
  # k8s.io/kubernetes points every k8s.io/* staging module at ./staging; a module depending on
  # it must point them at the published v0.x releases instead.
  {
    echo "module rend.local/k8s-build"
    echo
    echo "go 1.23.0"
    echo
    echo "require k8s.io/kubernetes v${K8S_VERSION}"
    echo
    grep -E '^[[:space:]]*k8s\.io/[a-z0-9-]+ => \./staging/' "$gomod" \
      | awk -v v="$STAGING_VERSION" '{print "replace " $1 " => " $1 " " v}'
  } >"$dir/go.mod"
  log "$(grep -c '^replace' "$dir/go.mod") staging replace lines"
  (cd "$dir" && go get "k8s.io/kubernetes/cmd/kube-apiserver@v${K8S_VERSION}")
  log "building kube-apiserver v${K8S_VERSION} (several minutes on 2 cores)"
  (cd "$dir" && go build -p "$BUILD_PARALLELISM" -ldflags="$LDFLAGS \
      -X k8s.io/component-base/version.gitVersion=v${K8S_VERSION} \
      -X k8s.io/component-base/version.gitMajor=1 \
      -X k8s.io/component-base/version.gitMinor=$(echo "$K8S_VERSION" | cut -d. -f2) \
      -X k8s.io/client-go/pkg/version.gitVersion=v${K8S_VERSION}" \
      -o "$out.tmp" k8s.io/kubernetes/cmd/kube-apiserver)
  mv "$out.tmp" "$out"
}

build_etcd() {
  local dir="$BUILD_ROOT/etcd-v${ETCD_VERSION}"
  local out="$TARGET/etcd"
  if [[ -x "$out" && "$("$out" --version 2>/dev/null | head -1)" == "etcd Version: ${ETCD_VERSION}" ]]; then
    log "etcd v${ETCD_VERSION} already built"
    return
  fi
  mkdir -p "$dir"
  printf 'module rend.local/etcd-build\n\ngo 1.23.0\n' >"$dir/go.mod"
  (cd "$dir" && go get "go.etcd.io/etcd/server/v3@v${ETCD_VERSION}")
  log "building etcd v${ETCD_VERSION}"
  (cd "$dir" && go build -p "$BUILD_PARALLELISM" -ldflags="$LDFLAGS" -o "$out.tmp" go.etcd.io/etcd/server/v3)
  mv "$out.tmp" "$out"
}

build_etcd
build_kube_apiserver
install -m 0755 "$KUBECTL" "$TARGET/kubectl"

"$TARGET/kube-apiserver" --version >&2
"$TARGET/etcd" --version | head -1 >&2
printf '%s' "$STAMP_CONTENT" >"$STAMP"
log "ready in $TARGET after $(( $(date +%s) - start ))s"
