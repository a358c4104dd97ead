#!/usr/bin/env bash
# Idle subscribers on one replica (release build, SQLite): the server's resident memory
# before and after N graphql-ws clients each open a WebSocket and subscribe
# (tests/browser/bench-subscribers.mjs), then the time one change (`certgraph import` from
# another process) takes to reach all of them, from its commit.
#   scripts/bench-subscriptions.sh [N]      (default 1000; needs tests/browser's npm packages)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000}
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
work=$(mktemp -d)
server=
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

cargo build --release -q -p certgraph
bin=target/release/certgraph
db="sqlite://$work/catalog.db"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
address="http://127.0.0.1:$port"
"$bin" --database-url "$db" serve --listen "127.0.0.1:$port" --rate-limit-cost-per-second 0 \
  --max-connections-per-client $((n + 10)) >"$work/server.log" 2>&1 &
server=$!
until curl -sf "$address/readyz" >/dev/null; do sleep 0.2; done
rss() { awk '/VmRSS/ { print $2 }' "/proc/$server/status"; }

before=$(rss)
"$bin" --database-url "$db" export >"$work/catalog.json" 2>/dev/null
sed -i 's/"DevOps Engineer Expert"/"DevOps Engineer Expert (benchmark)"/' "$work/catalog.json"
coproc clients { node tests/browser/bench-subscribers.mjs "$address" "$n"; }
read -r subscribed <&"${clients[0]}"
sleep 2 # let the connections settle before measuring
after=$(rss)
"$bin" --database-url "$db" import --format catalog "$work/catalog.json" >/dev/null 2>&1
read -r summary <&"${clients[0]}"
echo "subscribers: $n ($subscribed)"
echo "server RSS: ${before} kB idle, ${after} kB with $n subscribers: $(((after - before) / n)) kB per subscriber"
echo "one change to all of them: $summary"
