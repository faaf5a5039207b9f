#!/usr/bin/env bash
# Regenerates rendapi/rendapi.gen.go (the generated layer of the Go SDK) from api/openapi/rend.yaml
# with oapi-codegen at the version pinned here (the Go module cache keeps the build; go.sum-checked).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
OAPI_CODEGEN=github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen@v2.8.2
(cd "$here/rendapi" && go run "$OAPI_CODEGEN" -config oapi-codegen.yaml "$root/api/openapi/rend.yaml")
echo "generate.sh: rendapi/rendapi.gen.go regenerated from api/openapi/rend.yaml"
