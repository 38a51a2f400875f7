#!/bin/sh
# tests/pg/with-pg.sh CMD [ARG...]: runs CMD with a throwaway PostgreSQL cluster (tests/pg/pg-cluster.sh), its socket
# directory in PARLEY_TEST_PG_HOST; prints "skipped: REASON" and exits 77 (ctest's skip) when none can start.
set -u
here=$(cd "$(dirname "$0")" && pwd)
dir=$(mktemp -d /tmp/parley-pg.XXXXXX) && chmod 755 "$dir" || exit 77
host=$(sh "$here/pg-cluster.sh" start "$dir/pg")
rc=$?
if [ $rc -ne 0 ]; then rm -rf "$dir"; exit $rc; fi
trap 'sh "$here/pg-cluster.sh" stop "$host"; rm -rf "$dir"' EXIT INT TERM
PARLEY_TEST_PG_HOST=$host "$@"
