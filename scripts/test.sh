#!/usr/bin/env bash
# Runs every test: unit, property and end-to-end, against SQLite and a real PostgreSQL,
# with the real clients (Chromium, Apollo's packages) the end-to-end tests drive. The
# PostgreSQL is a throwaway cluster of this run's own (scripts/with-postgres.sh), never a
# server already running on the machine.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-test-deps.sh
scripts/with-postgres.sh cargo test --workspace --locked "$@"
