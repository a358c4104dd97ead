#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL cluster of its own: `initdb` in a temporary
# directory, started with `pg_ctl` on a free port of 127.0.0.1 with trust authentication,
# and stopped and removed when the command ends, fails or is interrupted. The command finds
# it through CERTGRAPH_TEST_POSTGRES_URL (the server's `postgres` database, where tests
# create and drop their own). So the tests never depend on, nor touch, a PostgreSQL that
# happens to run on the machine; it fails loudly when no cluster can start, since
# PostgreSQL tests are never skipped.
#   scripts/with-postgres.sh cargo test -p certgraph-tests --test api live
# Installs Debian's `postgresql` package first when its binaries are missing.
set -euo pipefail

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# The directory holding initdb and pg_ctl: PATH first, then Debian's newest version.
find_bin() {
  if command -v initdb >/dev/null && command -v pg_ctl >/dev/null; then
    dirname "$(readlink -f "$(command -v pg_ctl)")"
    return
  fi
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -n "$dir" ] && [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then echo "$dir"; fi
}

bin=$(find_bin)
if [ -z "$bin" ]; then
  echo "installing Debian's postgresql for the PostgreSQL tests" >&2
  as_root apt-get update
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql
  bin=$(find_bin)
fi
if [ -z "$bin" ]; then
  echo "FATAL: no initdb/pg_ctl found; the PostgreSQL tests cannot run." >&2
  exit 1
fi

# PostgreSQL refuses to run as root: then the cluster belongs to the `postgres` OS user.
as_owner=()
if [ "$(id -u)" -eq 0 ]; then as_owner=(runuser -u postgres --); fi

dir=$(mktemp -d "${TMPDIR:-/tmp}/certgraph-pg.XXXXXX")
cleanup() {
  local status=$?
  trap - EXIT INT TERM
  if [ -f "$dir/data/postmaster.pid" ]; then
    "${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
if [ "$(id -u)" -eq 0 ]; then chown postgres:postgres "$dir"; fi

"${as_owner[@]}" "$bin/initdb" -D "$dir/data" -A trust -U postgres --no-sync >"$dir/initdb.log" 2>&1 || {
  cat "$dir/initdb.log" >&2
  echo "FATAL: initdb failed; the PostgreSQL tests cannot run." >&2
  exit 1
}

# A random high port nothing answers on; should another process take it first, pg_ctl
# fails to start and the next try picks another.
free_port() {
  local port
  while :; do
    port=$(( 20000 + RANDOM % 40000 ))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return; fi
  done
}
started=
for _ in 1 2 3 4 5; do
  port=$(free_port)
  options="-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off"
  if "${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -o "$options" -l "$dir/server.log" -w -t 60 start >/dev/null; then
    started=1
    break
  fi
done
if [ -z "$started" ]; then
  cat "$dir/server.log" >&2 || true
  echo "FATAL: the throwaway PostgreSQL did not start; the PostgreSQL tests cannot run." >&2
  exit 1
fi

export CERTGRAPH_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$port/postgres"
echo "throwaway PostgreSQL ($("$bin/postgres" --version)) at 127.0.0.1:$port for: $*" >&2
"$@"
