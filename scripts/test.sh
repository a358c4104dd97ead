#!/usr/bin/env bash
# Runs every test: unit, property and end-to-end, against SQLite and a real PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-postgres.sh
cargo test --workspace --locked "$@"
