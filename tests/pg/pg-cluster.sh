#!/bin/sh
# tests/pg/pg-cluster.sh: a throwaway PostgreSQL 15 cluster for the tests, in a temporary directory, reached over
# its Unix socket only (no TCP port is opened). Run as root (CI), the server runs as `nobody`: PostgreSQL refuses
# to run as root.
#   pg-cluster.sh start DIR   initdb + start; prints the socket directory (DIR) on success; exit 77 with
#                             "skipped: REASON" on stderr when no server can be started here
#   pg-cluster.sh stop DIR    stops the server and removes DIR
# Databases: the superuser is `parley`; connect with postgresql:///DBNAME?host=DIR&user=parley.
set -u
cmd=${1:-}; dir=${2:-}
[ -n "$cmd" ] && [ -n "$dir" ] || { echo "usage: $0 start|stop DIR" >&2; exit 2; }
bin=${PARLEY_PG_BIN:-/usr/lib/postgresql/15/bin}
run_as() {
  if [ "$(id -u)" = 0 ]; then runuser -u nobody -- "$@"; else "$@"; fi
}
case "$cmd" in
start)
  [ -x "$bin/initdb" ] && [ -x "$bin/pg_ctl" ] || { echo "skipped: no PostgreSQL 15 server in $bin (apt-get install postgresql)" >&2; exit 77; }
  if [ "$(id -u)" = 0 ] && ! command -v runuser >/dev/null 2>&1; then
    echo "skipped: running as root without runuser to start PostgreSQL as nobody" >&2; exit 77
  fi
  mkdir -p "$dir" || exit 77
  [ "$(id -u)" = 0 ] && chown nobody "$dir"
  chmod 700 "$dir"
  if ! run_as "$bin/initdb" -D "$dir/data" -U parley --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1; then
    echo "skipped: initdb failed: $(tail -3 "$dir/initdb.log" | tr '\n' ' ')" >&2; exit 77
  fi
  # sockets only, in DIR; small and fast (throwaway data: no fsync)
  if ! run_as "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-c listen_addresses='' -c unix_socket_directories='$dir' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=40 -c shared_buffers=64MB" \
      start >/dev/null 2>&1; then
    echo "skipped: PostgreSQL did not start: $(tail -3 "$dir/server.log" | tr '\n' ' ')" >&2; exit 77
  fi
  echo "$dir"
  ;;
stop)
  [ -d "$dir/data" ] && run_as "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1
  rm -rf "$dir"
  ;;
*) echo "usage: $0 start|stop DIR" >&2; exit 2 ;;
esac
