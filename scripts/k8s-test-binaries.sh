#!/usr/bin/env bash
# Builds kube-apiserver, etcd, kube-scheduler, rend-test-controllers, external-dns and helm from source with the
# Go toolchain (through the Go module proxy) and lays them out, with the machine's kubectl, where
# Fabric8 kube-api-test looks for them in offline mode:
# ~/.kubeapitest/k8s/<version>-linux-amd64/{etcd,kube-apiserver,kubectl} (+ kube-scheduler,
# rend-test-controllers, external-dns and helm, which only Rend's tests use: helm installs
# charts/rend, whose RBAC the operator's tests then run under; external-dns takes the regions'
# DNSEndpoints and reports the generation it read, which the operator's DNS drain waits for).
#
# Why build: this machine reaches package registries only, so kube-api-test cannot download its
# binaries. Idempotent: a second run finds the stamp file and returns at once; after a change here
# only the binaries whose version differs are rebuilt. kube-api-test itself uses etcd,
# kube-apiserver and kubectl. Rend's tests also start beside them the real kube-scheduler and
# rend-test-controllers (scripts/rend-test-controllers/main.go): kube-controller-manager's garbage
# collector and DaemonSet, Deployment and ReplicaSet controllers, so that deleting an owner really
# deletes what it owns and workloads get their pods from the real controllers, placed by the real
# scheduler. (kube-controller-manager itself cannot be built here: one of its modules,
# k8s.io/endpointslice, is not served by the proxy; the controllers' own packages are.) No kubelet:
# the tests play it.
#
# Versions: the apiserver is one minor version of the machine's kubectl (1.32) — kubectl's skew
# policy allows ±1 — and etcd is the one Kubernetes 1.32 is released with (3.5.16).
#
# Environment:
#   REND_K8S_VERSION   Kubernetes version to build (default 1.32.13)
#   REND_ETCD_VERSION  etcd version to build (default 3.5.16)
#   REND_HELM_VERSION  Helm version to build (default 3.22.0)
#   external-dns: the version scripts/rend-test-external-dns/go.mod requires (v0.22.0: v0.23.0
#                 needs Go 1.27)
#   REND_KUBECTL       kubectl to copy in (default: the one on PATH)
#   KUBE_API_TEST_DIR  root of the layout (default ~/.kubeapitest, as kube-api-test)
set -euo pipefail

K8S_VERSION="${REND_K8S_VERSION:-1.32.13}"
ETCD_VERSION="${REND_ETCD_VERSION:-3.5.16}"
HELM_VERSION="${REND_HELM_VERSION:-3.22.0}"
STAGING_VERSION="v0.${K8S_VERSION#1.}"
KUBE_API_TEST_DIR="${KUBE_API_TEST_DIR:-$HOME/.kubeapitest}"
TARGET="$KUBE_API_TEST_DIR/k8s/${K8S_VERSION}-linux-amd64"
STAMP="$TARGET/.rend-built"
SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CONTROLLERS_REVISION=$(sha256sum "$SCRIPT_DIR/rend-test-controllers/main.go" | cut -c1-12)
EXTERNAL_DNS_DIR="$SCRIPT_DIR/rend-test-external-dns"
EXTERNAL_DNS_VERSION=$(sed -n 's/^[[:space:]]*sigs\.k8s\.io\/external-dns \(v[^ ]*\).*/\1/p' "$EXTERNAL_DNS_DIR/go.mod")
EXTERNAL_DNS_REVISION=$(cat "$EXTERNAL_DNS_DIR/go.mod" "$EXTERNAL_DNS_DIR/go.sum" "$EXTERNAL_DNS_DIR/main.go" | sha256sum | cut -c1-12)
STAMP_CONTENT="kube-apiserver=v${K8S_VERSION} kube-scheduler=v${K8S_VERSION} rend-test-controllers=${CONTROLLERS_REVISION} etcd=v${ETCD_VERSION} helm=v${HELM_VERSION}"
BUILD_ROOT="${XDG_CACHE_HOME:-$HOME/.cache}/rend/k8s-build"

log() { printf '[k8s-test-binaries] %s\n' "$*" >&2; }

if [[ -f "$STAMP" && "$(cat "$STAMP")" == "$STAMP_CONTENT" \
      && -x "$TARGET/kube-apiserver" && -x "$TARGET/kube-scheduler" \
      && -x "$TARGET/rend-test-controllers" \
      && -x "$TARGET/etcd" && -x "$TARGET/kubectl" && -x "$TARGET/helm" ]]; then
  log "up to date: $TARGET ($STAMP_CONTENT)"
  EARLY_EXIT=1
fi
: "${EARLY_EXIT:=0}"

command -v go >/dev/null || { log "go is not installed"; exit 1; }
KUBECTL="${REND_KUBECTL:-$(command -v kubectl || true)}"

export GOFLAGS="-trimpath -buildvcs=false -mod=mod"
export CGO_ENABLED=0
export GOTOOLCHAIN=local
LDFLAGS="-s -w"
# kube-apiserver is a large link: two packages at a time keeps memory modest on 2 cores.
BUILD_PARALLELISM="${REND_GO_BUILD_PARALLELISM:-2}"
start=$(date +%s)
mkdir -p "$TARGET" "$BUILD_ROOT"

# Resolves k8s.io/kubernetes in a throwaway module (once) and builds one of its commands.
build_kubernetes_command() {
  local cmd="$1"
  local dir="$BUILD_ROOT/kubernetes-v${K8S_VERSION}"
  local out="$TARGET/$cmd"
  if [[ -x "$out" && "$("$out" --version 2>/dev/null)" == "Kubernetes v${K8S_VERSION}"* ]]; then
    log "$cmd v${K8S_VERSION} already built"
    return
  fi
  mkdir -p "$dir"
  if [[ ! -f "$dir/go.sum" ]]; then
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
  fi
  (cd "$dir" && go get "k8s.io/kubernetes/cmd/$cmd@v${K8S_VERSION}")
  log "building $cmd v${K8S_VERSION} (minutes on 2 cores)"
  local began=$SECONDS
  (cd "$dir" && go build -p "$BUILD_PARALLELISM" -ldflags="$LDFLAGS \
      -X k8s.io/component-base/version.gitVersion=v${K8S_VERSION} \
      -X k8s.io/component-base/version.gitMajor=1 \
      -X k8s.io/component-base/version.gitMinor=$(echo "$K8S_VERSION" | cut -d. -f2) \
      -X k8s.io/client-go/pkg/version.gitVersion=v${K8S_VERSION}" \
      -o "$out.tmp" "k8s.io/kubernetes/cmd/$cmd")
  mv "$out.tmp" "$out"
  log "built $cmd in $(( SECONDS - began ))s"
}

# Some of kube-controller-manager's controllers as a program of their own (tests only):
# scripts/rend-test-controllers/main.go, built in the throwaway module that requires
# k8s.io/kubernetes. Its --version carries the hash of main.go, so an edit rebuilds it and
# nothing else does.
build_test_controllers() {
  local dir="$BUILD_ROOT/kubernetes-v${K8S_VERSION}"
  local out="$TARGET/rend-test-controllers"
  local revision="$CONTROLLERS_REVISION"
  if [[ -x "$out" && "$("$out" --version 2>/dev/null)" == "rend-test-controllers $revision "* ]]; then
    log "rend-test-controllers $revision already built"
    return
  fi
  mkdir -p "$dir/cmd/rend-test-controllers"
  install -m 0644 "$SCRIPT_DIR/rend-test-controllers/main.go" "$dir/cmd/rend-test-controllers/main.go"
  local pkg
  for pkg in garbagecollector daemon deployment replicaset; do
    (cd "$dir" && go get "k8s.io/kubernetes/pkg/controller/$pkg@v${K8S_VERSION}")
  done
  log "building rend-test-controllers $revision against k8s.io/kubernetes v${K8S_VERSION}"
  local began=$SECONDS
  (cd "$dir" && go build -p "$BUILD_PARALLELISM" -ldflags="$LDFLAGS \
      -X main.revision=$revision -X main.kubernetesVersion=v${K8S_VERSION}" \
      -o "$out.tmp" ./cmd/rend-test-controllers)
  mv "$out.tmp" "$out"
  log "built rend-test-controllers in $(( SECONDS - began ))s"
  # Its predecessor, which ran the garbage collector alone.
  rm -rf "$TARGET/rend-test-gc" "$dir/cmd/rend-test-gc"
}

# external-dns, from scripts/rend-test-external-dns (upstream's own main in a module of ours, which
# points two dependency versions the Go module proxy does not serve at the nearest served ones).
# Its --version carries the hash of that module's files, so an edit rebuilds it.
#
# It is the longest build here (all of external-dns' providers compile: about 700 s of CPU) and only
# the operator's tests need it, late in the Maven suite: so it builds in the background, at low
# priority, while the suite runs. external-dns.building in the layout says it is under way (the
# tests wait for it); external-dns.failed keeps the log of a failed build (the tests fail with it).
external_dns_version() { printf '%s-%s' "$EXTERNAL_DNS_VERSION" "$EXTERNAL_DNS_REVISION"; }

external_dns_up_to_date() {
  [[ -x "$TARGET/external-dns" && "$("$TARGET/external-dns" --version 2>&1)" == "$(external_dns_version)"* ]]
}

build_external_dns() {
  local dir="$BUILD_ROOT/external-dns"
  local out="$TARGET/external-dns"
  mkdir -p "$dir"
  install -m 0644 "$EXTERNAL_DNS_DIR/go.mod" "$EXTERNAL_DNS_DIR/go.sum" "$EXTERNAL_DNS_DIR/main.go" "$dir/"
  log "building external-dns $(external_dns_version)"
  local began=$SECONDS
  (cd "$dir" && go build -mod=readonly -p "$BUILD_PARALLELISM" -ldflags="$LDFLAGS \
      -X sigs.k8s.io/external-dns/pkg/apis/externaldns.Version=$(external_dns_version)" -o "$out.tmp" .)
  mv "$out.tmp" "$out"
  log "built external-dns in $(( SECONDS - began ))s"
}

# Starts the build in the background unless the binary is current or a build is under way.
ensure_external_dns() {
  local marker="$TARGET/external-dns.building"
  if external_dns_up_to_date; then
    log "external-dns $(external_dns_version) already built"
    return
  fi
  if [[ -f "$marker" ]] && kill -0 "$(cat "$marker")" 2>/dev/null; then
    log "external-dns is being built (pid $(cat "$marker"))"
    return
  fi
  mkdir -p "$TARGET"
  rm -f "$TARGET/external-dns.failed"
  local build_log="$TARGET/external-dns.build.log"
  (
    trap 'rm -f "$marker"' EXIT
    if ! nice -n 10 bash -c "$(declare -f log external_dns_version build_external_dns); \
        $(declare -p TARGET BUILD_ROOT EXTERNAL_DNS_DIR EXTERNAL_DNS_VERSION EXTERNAL_DNS_REVISION BUILD_PARALLELISM LDFLAGS); \
        build_external_dns" >"$build_log" 2>&1; then
      cp "$build_log" "$TARGET/external-dns.failed"
    fi
  ) </dev/null &
  echo $! >"$marker"
  log "building external-dns $(external_dns_version) in the background (pid $!, log $build_log)"
}

build_etcd() {
  local dir="$BUILD_ROOT/etcd-v${ETCD_VERSION}"
  local out="$TARGET/etcd"
  if [[ -x "$out" && "$("$out" --version 2>/dev/null)" == "etcd Version: ${ETCD_VERSION}"* ]]; then
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

# Helm, with the version stamps its own Makefile sets (without them it assumes Kubernetes 1.20).
build_helm() {
  local dir="$BUILD_ROOT/helm-v${HELM_VERSION}"
  local out="$TARGET/helm"
  if [[ -x "$out" && "$("$out" version --template '{{.Version}}' 2>/dev/null)" == "v${HELM_VERSION}" ]]; then
    log "helm v${HELM_VERSION} already built"
    return
  fi
  mkdir -p "$dir"
  local gomod kube_minor
  gomod=$(cd "$dir" && GOFLAGS=-mod=mod go mod download -json "helm.sh/helm/v3@v${HELM_VERSION}" \
    | sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",$/\1/p')
  [[ -f "$gomod" ]] || { log "could not download the go.mod of helm v${HELM_VERSION}"; exit 1; }
  kube_minor=$(sed -n 's/^[[:space:]]*k8s\.io\/client-go v0\.\([0-9]*\)\..*/\1/p' "$gomod")
  log "building helm v${HELM_VERSION} (Kubernetes 1.${kube_minor} libraries)"
  (cd "$dir" && GOFLAGS="-trimpath -buildvcs=false" GOBIN="$dir/bin" go install -ldflags="$LDFLAGS \
      -X helm.sh/helm/v3/internal/version.version=v${HELM_VERSION} \
      -X helm.sh/helm/v3/pkg/chartutil.k8sVersionMajor=1 -X helm.sh/helm/v3/pkg/chartutil.k8sVersionMinor=${kube_minor} \
      -X helm.sh/helm/v3/pkg/lint/rules.k8sVersionMajor=1 -X helm.sh/helm/v3/pkg/lint/rules.k8sVersionMinor=${kube_minor}" \
      "helm.sh/helm/v3/cmd/helm@v${HELM_VERSION}")
  install -m 0755 "$dir/bin/helm" "$out"
}

if [[ "$EARLY_EXIT" == 1 ]]; then
  ensure_external_dns
  exit 0
fi
build_etcd
build_kubernetes_command kube-apiserver
build_kubernetes_command kube-scheduler
build_test_controllers
if [[ -n "$KUBECTL" && -x "$KUBECTL" ]]; then
  install -m 0755 "$KUBECTL" "$TARGET/kubectl"
else
  # No kubectl on this machine (Debian's package "kubectl" brings one): build the same release's.
  build_kubernetes_command kubectl
fi

log "$("$TARGET/kube-apiserver" --version), kube-scheduler and $("$TARGET/rend-test-controllers" --version)"
build_helm
log "$("$TARGET/etcd" --version | sed -n 1p), kubectl $("$TARGET/kubectl" version --client 2>/dev/null | sed -n 1p), helm $("$TARGET/helm" version --template '{{.Version}}')"
printf '%s' "$STAMP_CONTENT" >"$STAMP"
log "ready in $TARGET after $(( $(date +%s) - start ))s"
ensure_external_dns
