#!/usr/bin/env bash
# Runs the fuzz targets (the proptest properties named `fuzz_*`) far longer than `cargo test`
# does: PROPTEST_CASES cases each (default 20000), in release mode. The GraphQL targets run
# once more against PostgreSQL (a throwaway cluster, scripts/with-postgres.sh, unless
# CERTGRAPH_TEST_POSTGRES_URL names one), since PostgreSQL refuses some text (NUL) that
# SQLite takes.
#   scripts/fuzz.sh                       # 20000 cases per target
#   PROPTEST_CASES=200000 scripts/fuzz.sh # longer
# A failure prints the minimal failing input: keep it as a regression test beside the target.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${CERTGRAPH_TEST_POSTGRES_URL:-}" ]; then exec scripts/with-postgres.sh scripts/fuzz.sh "$@"; fi
export PROPTEST_CASES=${PROPTEST_CASES:-20000}
started=$(date +%s)

# One cargo invocation for every target, so the release build is made once.
fuzz() {
  cargo test --release --locked -p certgraph-graphql -p certgraph-import -p certgraph \
    --lib --test fuzz_graphql --test markdown --test learn_fuzz -- "$@"
}

fuzz fuzz_

admin=$CERTGRAPH_TEST_POSTGRES_URL
name="certgraph_fuzz_$$"
psql "$admin" -qc "CREATE DATABASE $name"
trap 'psql "$admin" -qc "DROP DATABASE IF EXISTS $name WITH (FORCE)"' EXIT
CERTGRAPH_FUZZ_DATABASE_URL="${admin%/*}/$name" fuzz fuzz_node fuzz_list
echo "fuzzing ($PROPTEST_CASES cases per target) finished in $(( $(date +%s) - started ))s"
