#!/usr/bin/env bash
# The Go SDK's CI: (1) the generated layer matches the spec, (2) it builds and vets, (3) go test
# against the live Rend of REND_API_URL / REND_API_KEY / REND_FIXTURE:
#   bash scripts/with-embedded-rend.sh sdks/go/ci.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
: "${REND_API_URL:?REND_API_URL is unset: run through scripts/with-embedded-rend.sh}"

"$here/generate.sh"
# What generate.sh changed shows in the work tree column (staged edits of one's own do not count).
drift=$(git -C "$root" status --porcelain --untracked-files=all -- sdks/go | grep -v '^. ' || true)
if [ -n "$drift" ]; then
  echo "$drift" >&2
  echo "sdks/go: SDK out of date with the spec (run sdks/go/generate.sh and commit)" >&2
  exit 1
fi

cd "$here"
go mod verify
go vet ./...
go build ./...
go test -count=1 -v -timeout 15m ./...
