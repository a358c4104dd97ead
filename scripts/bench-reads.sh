#!/usr/bin/env bash
# Read benchmark (see BENCHMARKS.md): the release binary on PostgreSQL holding a synthetic
# catalog, loaded with wrk at 32 connections and at 1, with the dashboard query
# (scripts/bench/certs50.graphql: 50 certifications, their requirement groups, items and
# exams' courses) and `{ __typename }`, response cache on and off. Prints one Markdown row
# per run and the server's statements per request and peak memory.
#
# Knobs: CERTIFICATIONS (default 1000), DURATION (wrk seconds, default 10), PG_URL
# (server URL without database, default postgres://postgres@127.0.0.1:5432), PORT (18490).
set -euo pipefail
cd "$(dirname "$0")/.."
CERTIFICATIONS=${CERTIFICATIONS:-1000}
DURATION=${DURATION:-10}
PG_URL=${PG_URL:-postgres://postgres@127.0.0.1:5432}
PORT=${PORT:-18490}
DB=certgraph_bench_reads_${CERTIFICATIONS}
WORK=target/bench-reads
mkdir -p "$WORK"

command -v wrk >/dev/null || { echo "installing wrk" >&2; apt-get install -y wrk >/dev/null; }
cargo build --release --locked -p certgraph >&2
cargo build --release --locked -p certgraph-testkit --example synthetic >&2
BIN=target/release/certgraph

catalog="$WORK/catalog-$CERTIFICATIONS.json"
[ -s "$catalog" ] || target/release/examples/synthetic "$CERTIFICATIONS" >"$catalog"
psql -X -q "$PG_URL/postgres" -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB" >&2
/usr/bin/time -f "import: %e s, peak %M KB" "$BIN" import "$catalog" --database-url "$PG_URL/$DB" >/dev/null

python3 - "$WORK" <<'PY'
import json, pathlib, sys
work = pathlib.Path(sys.argv[1])
for name, query in [("certs50", pathlib.Path("scripts/bench/certs50.graphql").read_text()),
                    ("typename", "{ __typename }")]:
    body = json.dumps({"query": query})
    lua = ('wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\n'
           f'wrk.body = {json.dumps(body)}\n'
           'done = function(summary, latency, requests)\n'
           '  io.write(string.format("RESULT %.0f %.2f %.2f %.2f %d\\n", summary.requests / (summary.duration / 1e6),'
           ' latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,'
           ' summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.timeout))\n'
           'end\n')
    (work / f"{name}.lua").write_text(lua)
PY

run_server() {
  "$BIN" serve --database-url "$PG_URL/$DB" --listen "127.0.0.1:$PORT" --no-bundled-catalog \
    --rate-limit-cost-per-second 0 "$@" >"$WORK/server.log" 2>&1 &
  SERVER=$!
  for _ in $(seq 100); do
    curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null && return 0
    sleep 0.1
  done
  echo "the server did not become ready" >&2; cat "$WORK/server.log" >&2; exit 1
}
stop_server() { kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; }
trap 'kill $SERVER 2>/dev/null || true' EXIT

statements() { curl -s "http://127.0.0.1:$PORT/metrics" | awk '/^certgraph_db_statements_total/ {print $2}'; }

echo "| cache | query | connections | req/s | p50 ms | p99 ms | max ms | errors |"
echo "|---|---|---|---|---|---|---|---|"
for cache in off on; do
  if [ "$cache" = off ]; then run_server --response-cache-bytes 0; else run_server; fi
  before=$(statements)
  for _ in $(seq 20); do
    curl -s -o /dev/null -H 'content-type: application/json' \
      --data-binary @<(python3 -c 'import json,sys; print(json.dumps({"query": open("scripts/bench/certs50.graphql").read()}))') \
      "http://127.0.0.1:$PORT/graphql"
  done
  echo "statements per certs50 read (cache $cache): $(( ($(statements) - before) / 20 ))" >&2
  for query in certs50 typename; do
    for conns in "2 32" "1 1"; do
      set -- $conns
      wrk -t"$1" -c"$2" -d1s -s "$WORK/$query.lua" "http://127.0.0.1:$PORT/graphql" >/dev/null
      result=$(wrk -t"$1" -c"$2" -d"${DURATION}s" -s "$WORK/$query.lua" "http://127.0.0.1:$PORT/graphql" | awk '/^RESULT/ {print $2" | "$3" | "$4" | "$5" | "$6}')
      echo "| $cache | $query | $2 | $result |"
    done
  done
  echo "peak RSS (cache $cache): $(awk '/VmHWM/ {print $2" "$3}' /proc/$SERVER/status)" >&2
  stop_server
done
