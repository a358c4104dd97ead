#!/usr/bin/env bash
# Runs the fuzz targets (the proptest properties named `fuzz_*`) far longer than `cargo test`
# does: PROPTEST_CASES cases each (default 20000), in release mode. When the PostgreSQL of the
# tests answers, the GraphQL targets run once more against a throwaway database there, since
# PostgreSQL refuses some text (NUL) that SQLite takes.
#   scripts/fuzz.sh                       # 20000 cases per target
#   PROPTEST_CASES=200000 scripts/fuzz.sh # longer
# A failure prints the minimal failing input: keep it as a regression test beside the target.
set -euo pipefail
cd "$(dirname "$0")/.."
export PROPTEST_CASES=${PROPTEST_CASES:-20000}
started=$(date +%s)

# One cargo invocation for every target, so the release build is made once.
fuzz() {
  cargo test --release --locked -p certgraph-graphql -p certgraph-import -p certgraph \
    --lib --test fuzz_graphql --test markdown --test learn_fuzz -- "$@"
}

fuzz fuzz_

admin=${CERTGRAPH_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}
if command -v psql >/dev/null && psql "$admin" -qtAc 'SELECT 1' >/dev/null 2>&1; then
  name="certgraph_fuzz_$$"
  psql "$admin" -qc "CREATE DATABASE $name"
  trap 'psql "$admin" -qc "DROP DATABASE IF EXISTS $name WITH (FORCE)"' EXIT
  CERTGRAPH_FUZZ_DATABASE_URL="${admin%/*}/$name" fuzz fuzz_node fuzz_list
else
  echo "PostgreSQL at $admin does not answer: the GraphQL targets ran on SQLite only" >&2
fi
echo "fuzzing ($PROPTEST_CASES cases per target) finished in $(( $(date +%s) - started ))s"
