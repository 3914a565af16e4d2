#!/usr/bin/env bash
# A throw-away PostgreSQL cluster for the tests: `start` creates one in a temporary folder, on a free
# port, as an unprivileged user, creates a database and prints its URL (also written to
# .pg-cluster/url); `stop` stops it and removes the folder. Installs Debian's postgresql when no
# server binaries are found. Not for production: fsync is off (the cluster lives for one test run).
set -euo pipefail
cd "$(dirname "$0")/.."
STATE=.pg-cluster
PG_USER=zelftoets-pg
DB_NAME=zelftoets_test

find_bindir() {
  local d
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -n "$d" ] && [ -x "$d/initdb" ]; then echo "$d"; return; fi
  if command -v pg_config >/dev/null 2>&1 && [ -x "$(pg_config --bindir)/initdb" ]; then pg_config --bindir; fi
}

# Runs a command as the cluster's owner: PostgreSQL refuses to run as root.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u "$PG_USER" -- "$@"; else "$@"; fi
}

start() {
  if [ -f "$STATE/url" ]; then echo "a cluster is already running: $(cat "$STATE/url") (run stop first)" >&2; exit 1; fi
  local bindir
  bindir=$(find_bindir)
  if [ -z "$bindir" ]; then
    if [ "$(id -u)" -ne 0 ]; then echo "PostgreSQL server binaries not found; install Debian's postgresql (apt-get install postgresql)" >&2; exit 1; fi
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql
    bindir=$(find_bindir)
  fi
  if [ "$(id -u)" -eq 0 ] && ! id -u "$PG_USER" >/dev/null 2>&1; then
    useradd --system --no-create-home --shell /usr/sbin/nologin "$PG_USER"
  fi
  local dir port
  dir=$(mktemp -d "${TMPDIR:-/tmp}/zelftoets-pg.XXXXXX")
  chmod 700 "$dir"
  if [ "$(id -u)" -eq 0 ]; then chown "$PG_USER" "$dir"; fi
  port=$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
  mkdir -p "$STATE"
  echo "$dir" > "$STATE/dir"
  echo "$bindir" > "$STATE/bindir"
  # C locale: text sorts by code point, as in SQLite, so both engines order names the same in tests.
  as_owner "$bindir/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --no-locale >"$dir/initdb.log"
  as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null
  as_owner "$bindir/createdb" -h 127.0.0.1 -p "$port" -U postgres "$DB_NAME"
  local url="postgres://postgres@127.0.0.1:$port/$DB_NAME"
  echo "$url" > "$STATE/url"
  echo "$url"
}

stop() {
  if [ ! -f "$STATE/dir" ]; then echo "no cluster to stop" >&2; return 0; fi
  local dir bindir
  dir=$(cat "$STATE/dir")
  bindir=$(cat "$STATE/bindir")
  if [ -d "$dir/data" ]; then as_owner "$bindir/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true; fi
  rm -rf "$dir" "$STATE"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
