#!/usr/bin/env bash
# Mutation latency of the release server on PostgreSQL, as a client sees it: each request
# commits one `updateCertification` and answers from a snapshot that already holds it.
#   scripts/bench-writes.sh [CERTIFICATIONS] [WRITES]
# Loads the synthetic catalog of CERTIFICATIONS (default 10000; 0 for the bundled catalog)
# into a fresh database at 127.0.0.1:5432, starts `certgraph serve`, makes an editor key and
# sends WRITES (default 50) mutations one after another; prints the median, p95 and worst
# round trip and the server's resident memory after them.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10000}
writes=${2:-50}
work=$(mktemp -d)
pgdb="certgraph_writes_$$"
port=${PORT:-18089}
cleanup() {
  [ -n "${server:-}" ] && kill "$server" 2>/dev/null || true
  dropdb -h 127.0.0.1 -U postgres --if-exists --force "$pgdb" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

cargo build --release -q -p certgraph --bin certgraph -p certgraph-testkit --example synthetic
scripts/ensure-postgres.sh >/dev/null
createdb -h 127.0.0.1 -U postgres "$pgdb"
export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$pgdb" RUST_LOG=warn
if [ "$n" -gt 0 ]; then
  target/release/examples/synthetic "$n" >"$work/catalog.json"
  target/release/certgraph import "$work/catalog.json" >/dev/null
fi
key=$(target/release/certgraph keys create --name bench --role editor 2>/dev/null)
target/release/certgraph serve --listen "127.0.0.1:$port" --rate-limit-cost-per-second 0 &
server=$!
until curl -sf "http://127.0.0.1:$port/readyz" >/dev/null; do sleep 0.2; done
code=$(curl -s "http://127.0.0.1:$port/graphql" -H 'content-type: application/json' \
  -d '{"query":"{ certifications(first: 1) { nodes { code } } }"}' | sed 's/.*"code":"\([^"]*\)".*/\1/')

for i in $(seq 1 "$writes"); do
  body=$(printf '{"query":"mutation { updateCertification(input: { code: \\"%s\\", expectedVersion: %d, name: \\"Renamed %d\\" }) { certification { version } } }"}' "$code" "$i" "$i")
  curl -s -o "$work/answer" -w '%{time_total}\n' "http://127.0.0.1:$port/graphql" \
    -H 'content-type: application/json' -H "authorization: Bearer $key" -d "$body" >>"$work/times"
  grep -q '"version":'"$((i + 1))" "$work/answer" || { cat "$work/answer" >&2; exit 1; }
done
rss=$(awk '/VmRSS/ { print $2 / 1024 }' "/proc/$server/status")
sort -n "$work/times" | awk -v n="$n" -v rss="$rss" '{ t[NR] = $1 } END {
  printf "%s certifications: %d writes, median %.1f ms, p95 %.1f ms, worst %.1f ms; server RSS %.0f MB\n",
    n, NR, t[int((NR + 1) / 2)] * 1000, t[int(NR * 0.95 + 0.5)] * 1000, t[NR] * 1000, rss }'
