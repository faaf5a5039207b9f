#!/usr/bin/env bash
# Builds the container images of rend-api, rend-edge, rend-worker and rend-operator without a
# Docker engine: the base from Debian's packages (images/base.sh, cached under
# ~/.cache/rend/images), then Jib's buildTar in the Maven profile `images`, one OCI image tarball
# a module (<module>/target/jib-image.tar). Prints each image's digest, image id and size.
#
#   bash scripts/images.sh                    # base + the four images (tests skipped)
#   bash scripts/images.sh --maven-properties # base only; prints the -D options for a Maven run
#                                             # of your own with -Pimages (scripts/test-all.sh)
#   bash scripts/images.sh --report           # prints what the last build made
set -euo pipefail
cd "$(dirname "$0")/.."

modules=(api edge worker operator)

maven_properties() {
  local base
  base=$(bash images/base.sh)
  printf -- '-Drend.images.base=%s -Drend.images.base.digest=%s -Drend.git.sha=%s\n' \
    "$base" "$(cat "$(dirname "$base")/digest.txt")" "$(git rev-parse HEAD 2>/dev/null || echo unknown)"
}

report() {
  local module tarball
  for module in "${modules[@]}"; do
    tarball="$module/target/jib-image.tar"
    [[ -f "$tarball" ]] || { echo "[images] $tarball is missing" >&2; return 1; }
    printf '[images] rend-%-8s digest %s  id %s  %4d MiB  %s\n' "$module" \
      "$(cat "$module/target/jib-image.digest")" "$(cut -c8-19 "$module/target/jib-image.id")" \
      "$(($(stat -c %s "$tarball") / 1048576))" "$tarball"
  done
}

case "${1:-}" in
  --maven-properties) maven_properties ;;
  --report) report ;;
  "")
    start=$(date +%s)
    properties=$(maven_properties)
    # shellcheck disable=SC2086 # the properties are several words on purpose
    ./mvnw -B -ntp -q package -DskipTests -Pimages -pl "$(IFS=,; echo "${modules[*]}")" -am \
      $properties
    report
    echo "[images] built in $(($(date +%s) - start))s" >&2
    ;;
  *) echo "usage: $0 [--maven-properties | --report]" >&2; exit 2 ;;
esac
