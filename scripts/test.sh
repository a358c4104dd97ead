#!/usr/bin/env bash
# Runs every test: unit, property and end-to-end, against SQLite and a real PostgreSQL,
# with the real clients (Chromium, Apollo's packages) the end-to-end tests drive.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-postgres.sh
scripts/install-test-deps.sh
cargo test --workspace --locked "$@"
