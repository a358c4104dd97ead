#!/usr/bin/env bash
# Import throughput and peak memory of the release binary.
#   scripts/bench-import.sh [CERTIFICATIONS]
#       a generated Learn Catalog API response (not committed; default 10000: ~24 MB of JSON)
#   scripts/bench-import.sh --catalog [CERTIFICATIONS | FILE.json]
#       certgraph catalog JSON: FILE as given, or CERTIFICATIONS (default 100000) from
#       `cargo run --release -p certgraph-testkit --example synthetic`. The import target in
#       BENCHMARKS.md was measured on a catalog from an external generator (see there): pass
#       it as FILE.
# Runs the release binary under /usr/bin/time -v: a first import into an empty database, a
# second (nothing changes), a dry run, and an export, on SQLite and on the PostgreSQL at
# 127.0.0.1:5432 (BACKENDS="postgres" or "sqlite" for one). Prints wall time, throughput and
# maximum resident set size for each.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=learn
if [ "${1:-}" = "--catalog" ]; then
  mode=catalog
  shift
fi
n=${1:-}
work=$(mktemp -d)
pgdb="certgraph_bench_$$"
cleanup() {
  dropdb -h 127.0.0.1 -U postgres --if-exists --force "$pgdb" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

if [ "$mode" = learn ]; then
  n=${n:-10000}
  input="$input"
  cargo build --release -q -p certgraph --bin certgraph -p certgraph-testkit --example learn_fixture
  target/release/examples/learn_fixture "$input" "$n" 7
elif [ -f "$n" ]; then
  input=$n
  cargo build --release -q -p certgraph
else
  n=${n:-100000}
  input="$work/catalog.json"
  cargo build --release -q -p certgraph --bin certgraph -p certgraph-testkit --example synthetic
  target/release/examples/synthetic "$n" >"$input"
fi
bytes=$(stat -c %s "$input")

measure() { # label, then the command
  local label=$1; shift
  /usr/bin/time -v "$@" >"$work/out" 2>"$work/err" || { cat "$work/err" >&2; exit 1; }
  local wall rss secs
  wall=$(grep 'Elapsed (wall clock)' "$work/err" | awk '{print $NF}')
  rss=$(grep 'Maximum resident set size' "$work/err" | awk '{print $NF}')
  secs=$(echo "$wall" | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
  printf '%-28s %8s s  %7.1f MB/s  peak RSS %6.1f MB\n' "$label" "$secs" \
    "$(echo "$bytes $secs" | awk '{ print ($2 > 0) ? $1/1e6/$2 : 0 }')" "$(echo "$rss" | awk '{print $1/1024}')"
}

run_backend() { # name, url
  export DATABASE_URL=$2 RUST_LOG=warn
  measure "$1 import (empty db)" target/release/certgraph import "$input"
  measure "$1 import again (no-op)" target/release/certgraph import "$input"
  measure "$1 import --dry-run" target/release/certgraph import --dry-run "$input"
  measure "$1 export" target/release/certgraph export -o "$work/export.json"
}

echo "input: $(awk "BEGIN { print $bytes/1e6 }") MB ($mode), $n"
backends=${BACKENDS:-sqlite postgres}
case " $backends " in *" sqlite "*) run_backend sqlite "sqlite://$work/bench.db" ;; esac
case " $backends " in
  *" postgres "*)
    scripts/ensure-postgres.sh >/dev/null
    createdb -h 127.0.0.1 -U postgres "$pgdb"
    run_backend postgres "postgres://postgres@127.0.0.1:5432/$pgdb"
    ;;
esac
