#!/bin/sh
# Four `parley ingest` processes write one PostgreSQL store at once, each reading the same Tehran Times sample
# in another order (so they race for the same articles); one is killed with SIGKILL in the middle of its run and
# then run again. The store must hold exactly the events of a single-process SQLite ingest: no article twice, no
# batch lost, no deadlock. Run by ctest through tests/pg/with-pg.sh (PARLEY_TEST_PG_HOST).
set -eu
: "${PARLEY_BIN:?}" "${PARLEY_TEST_PG_HOST:?}"
here=$(cd "$(dirname "$0")" && pwd)
corpus=${PARLEY_SHARED_DIR:-}/corpora/tehran-times/tehran-times.jsonl.zst
if [ ! -f "$corpus" ]; then echo "skipped: $corpus is absent"; exit 77; fi
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
n=400
zstd -dc "$corpus" | head -n $n > "$tmp/sample.jsonl"
# writer 1 reads the whole sample from its second quarter on, and it alone has that quarter (which it reads
# first, so that the kill loses work only it can redo); writers 0, 2 and 3 read the other three quarters, each
# from another starting point, racing for the same articles
q=$((n / 4))
{ tail -n +$((q + 1)) "$tmp/sample.jsonl"; head -n $q "$tmp/sample.jsonl"; } > "$tmp/order1.jsonl"
{ head -n $q "$tmp/sample.jsonl"; tail -n +$((2 * q + 1)) "$tmp/sample.jsonl"; } > "$tmp/others.jsonl"
for k in 0 2 3; do
  skip=$((k * q / 2))
  { tail -n +$((skip + 1)) "$tmp/others.jsonl"; head -n $skip "$tmp/others.jsonl"; } > "$tmp/order$k.jsonl"
done
psql -qX "postgresql:///postgres?host=$PARLEY_TEST_PG_HOST&user=parley" -c "DROP DATABASE IF EXISTS conc" \
  -c "CREATE DATABASE conc" >/dev/null 2>&1
pg="postgresql:///conc?host=$PARLEY_TEST_PG_HOST&user=parley"

"$PARLEY_BIN" ingest --db "$tmp/one.db" "$tmp/sample.jsonl" 2>/dev/null || [ $? -eq 1 ]

for k in 0 1 2 3; do
  "$PARLEY_BIN" ingest --db "$pg" --batch 10 --progress "$tmp/order$k.jsonl" 2>"$tmp/w$k.log" &
  eval "pid$k=\$!"
done
# kill writer 1 once it has committed a few batches, while it is in the middle of others
i=0
until [ "$(grep -c 'committed' "$tmp/w1.log" 2>/dev/null || true)" -ge 3 ]; do
  i=$((i + 1)); [ $i -lt 600 ] || { echo "FAIL: writer 1 committed nothing in 60 s"; cat "$tmp"/w*.log; exit 1; }
  sleep 0.1
done
kill -KILL "$pid1"
wait "$pid1" && { echo "FAIL: writer 1 was not killed"; exit 1; } || true
for k in 0 2 3; do
  eval "pid=\$pid$k"
  rc=0; wait "$pid" || rc=$?
  # 1: done, with warnings about the input (a NUL in a text)
  [ $rc -le 1 ] || { echo "FAIL: writer $k exited $rc"; cat "$tmp/w$k.log"; exit 1; }
done
echo "killed writer 1 after: $(grep -h "committed" "$tmp/w1.log" | tail -1)"
# the killed writer again: it completes what it had in flight and finds the rest stored
"$PARLEY_BIN" ingest --db "$pg" --batch 10 "$tmp/order1.jsonl" 2>"$tmp/rerun.log" || [ $? -eq 1 ]
tail -1 "$tmp/rerun.log"
new=$(sed -n 's/.* read: \([0-9]*\) new.*/\1/p' "$tmp/rerun.log")
[ "${new:-0}" -gt 0 ] || { echo "FAIL: the re-run found nothing left to store: the kill came too late"; exit 1; }

sh "$here/events.sh" "$tmp/one.db" > "$tmp/one.events"
sh "$here/events.sh" "$pg" > "$tmp/pg.events"
if ! cmp -s "$tmp/one.events" "$tmp/pg.events"; then
  echo "FAIL: the PostgreSQL store's events differ from a single SQLite ingest"
  diff "$tmp/one.events" "$tmp/pg.events" | head -20
  exit 1
fi
"$PARLEY_BIN" dbinfo --db "$pg" --check > "$tmp/info" || { cat "$tmp/info"; echo "FAIL: dbinfo --check"; exit 1; }
"$PARLEY_BIN" dbinfo --db "$tmp/one.db" > "$tmp/info1"
grep -i "articles" "$tmp/info1" | head -1
articles=$(grep -i "^articles" "$tmp/info" | head -1)
expect=$(grep -i "^articles" "$tmp/info1" | head -1)
[ "$articles" = "$expect" ] || { echo "FAIL: $articles, expected $expect"; exit 1; }
echo "ok: 4 concurrent writers (one killed and re-run) stored the $(wc -l < "$tmp/one.events") events of a single ingest"
