#!/usr/bin/env bash
# The whole test suite, the README's test command:
#   1. kube-apiserver, etcd and the test garbage collector for the operator's integration tests (built
#      once with Go, cached under ~/.kubeapitest);
#   2. the Maven suite (unit and integration tests of every module, spec lint, code shape), which
#      also builds the container images of api, edge, worker and operator (profile images: Jib on a
#      base images/base.sh assembles from Debian's packages once and caches under ~/.cache/rend);
#   2b. the images' start test: each one run in containerd until it answers /healthz and /readyz;
#   3. schemathesis against the embedded mode, from the jar step 2 built (any 5xx or answer off the
#      spec fails);
#   4. the SDKs, the MCP server, the player and the browser upload tests, each in its own toolchain
#      against an embedded Rend (scripts/client-suites.sh says which share one).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/k8s-test-binaries.sh
# The images' base first (a failure stops here, not as a missing tar:// file inside Maven).
images_properties=$(bash scripts/images.sh --maven-properties)
# shellcheck disable=SC2086 # several -D options
./mvnw -B -ntp verify -Pimages $images_properties
bash scripts/images.sh --report
bash scripts/images-test.sh
bash scripts/schemathesis.sh
bash scripts/client-suites.sh
