#!/usr/bin/env bash
# Regenerates src/generated/java (the generated layer of the Java SDK: packages so.rend.sdk.generated.*)
# from api/openapi/rend.yaml with openapi-generator's Java "native" client (java.net.http + Jackson),
# the Maven plugin version pinned in pom.xml.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
rm -rf "$here/target/openapi"
"$root/mvnw" -B -ntp -q -f "$here/pom.xml" -Pgenerate generate-sources
rm -rf "$here/src/generated/java"
mkdir -p "$here/src/generated"
cp -r "$here/target/openapi/src/main/java" "$here/src/generated/java"
echo "generate.sh: src/generated/java regenerated from api/openapi/rend.yaml"
