#!/usr/bin/env bash
# Runs every test: unit, property and end-to-end, against SQLite and a real PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-postgres.sh
scripts/install-test-deps.sh # Chromium and the npm packages the browser tests drive
# The Apollo packages the federation tests run (tests/federation): installed again only
# when node_modules is missing or package-lock.json changed since the last install (the
# same stamp as scripts/install-test-deps.sh, so the two never reinstall each other's).
fed_lock=$(sha256sum tests/federation/package-lock.json | cut -d' ' -f1)
if [[ "$(cat tests/federation/node_modules/.certgraph-lock.sha256 2>/dev/null)" != "$fed_lock" ]]; then
  npm ci --prefix tests/federation --no-audit --no-fund
  echo "$fed_lock" > tests/federation/node_modules/.certgraph-lock.sha256
fi
cargo test --workspace --locked "$@"
