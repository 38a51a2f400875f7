#!/bin/sh
# parley serve holds 1,000 idle connections and still answers a new request (bench/bench_serve does the
# connecting: 127.0.0.1 only), and SIGINT stops it cleanly. The load figures themselves are bench's business.
set -u
P=${PARLEY_BIN:?}
B=${PARLEY_BUILD_DIR:?}/bench/bench_serve
[ -x "$B" ] || { echo "skipped: $B not built"; exit 77; }
"$P" serve --help >/dev/null 2>&1 || { echo "skipped: parley built without libmicrohttpd"; exit 77; }
[ "$(ulimit -Hn)" = unlimited ] || [ "$(ulimit -Hn)" -ge 1200 ] || { echo "skipped: open-file hard limit $(ulimit -Hn) < 1200"; exit 77; }
T=$(mktemp -d /tmp/parley_serve_idle.XXXXXX)
PID=
cleanup() { [ -n "$PID" ] && kill "$PID" 2>/dev/null; rm -rf "$T"; }
trap cleanup EXIT
fail() { echo "FAIL: $*"; cat "$T/serve.err" 2>/dev/null; exit 1; }
"$P" ingest --db "$T/s.db" "${PARLEY_SOURCE_DIR:?}/examples/articles" 2>/dev/null || fail "ingest"
"$P" serve --db "$T/s.db" --listen 127.0.0.1:0 --threads 2 >"$T/serve.out" 2>"$T/serve.err" &
PID=$!
i=0
while ! grep -q listening "$T/serve.out" 2>/dev/null; do
  i=$((i + 1)); [ $i -lt 100 ] || fail "the server did not start"; sleep 0.1
done
PORT=$(sed -n 's/.*127\.0\.0\.1:\([0-9]*\)\/.*/\1/p' "$T/serve.out")
"$B" --port "$PORT" --idle 1000 -c 4 -d 0.5 --path '/api/events?dyad=TUR:EGY&mutual=1' >"$T/bench.out" ||
  { cat "$T/bench.out"; fail "bench_serve"; }
cat "$T/bench.out"
grep -q "^idle: 1000 of 1000 connections open; a new request then: status 200" "$T/bench.out" || fail "idle"
grep -q "^after: 1000 of 1000 idle connections still open; a new request: status 200" "$T/bench.out" || fail "after"
kill -INT "$PID"
wait "$PID"; rc=$?
PID=
[ $rc -eq 0 ] || fail "exit $rc on SIGINT"
grep -q "SIGINT: stopping" "$T/serve.err" || fail "no shutdown message"
echo "PASS: 1000 idle connections, then SIGINT"
