#!/usr/bin/env bash
# Builds (once, cached under ~/.cache/rend/chdb-venv, rebuilt when scripts/chdb-requirements.txt
# changes) a Python venv with chDB pinned, and prints its python's path. CurrentClickHouseIT calls it.
set -euo pipefail
cd "$(dirname "$0")/.."
cache="${XDG_CACHE_HOME:-$HOME/.cache}/rend"
venv="$cache/chdb-venv"
requirements=scripts/chdb-requirements.txt
if ! cmp -s "$requirements" "$venv/requirements.txt" 2>/dev/null; then
  rm -rf "$venv"
  python3 -m venv "$venv" >&2
  "$venv/bin/pip" install -q --disable-pip-version-check -r "$requirements" >&2
  cp "$requirements" "$venv/requirements.txt"
fi
echo "$venv/bin/python"
