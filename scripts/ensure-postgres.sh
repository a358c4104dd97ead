#!/usr/bin/env bash
# Makes sure the machine's PostgreSQL at 127.0.0.1:5432 answers, starting the local cluster if
# it does not: the benchmarks measure against it (the tests use a throwaway cluster of their
# own, scripts/with-postgres.sh).
# Fails loudly when it cannot.
set -euo pipefail
host=127.0.0.1 port=5432
ready() { pg_isready -q -h "$host" -p "$port" 2>/dev/null; }
if ! ready; then
  echo "PostgreSQL is not answering on $host:$port; starting the local cluster" >&2
  version=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -n "$version" ]; then
    pg_ctlcluster --skip-systemctl-redirect "$version" main start || pg_ctlcluster "$version" main start || true
  fi
  for _ in $(seq 1 30); do ready && break; sleep 1; done
fi
if ! ready; then
  echo "FATAL: PostgreSQL at $host:$port is unreachable; the PostgreSQL tests cannot run." >&2
  exit 1
fi
echo "PostgreSQL is ready at $host:$port"
