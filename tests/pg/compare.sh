#!/bin/sh
# The same input ingested into SQLite and into PostgreSQL gives the same query, one-a-day, stories, full-text and
# series results, row by row (ids included: one writer numbers rows alike on both). Then four shard stores merged
# into PostgreSQL hold the same events. Run by ctest through tests/pg/with-pg.sh (PARLEY_TEST_PG_HOST).
set -eu
: "${PARLEY_BIN:?}" "${PARLEY_TEST_PG_HOST:?}" "${PARLEY_SOURCE_DIR:?}"
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
admin="postgresql:///postgres?host=$PARLEY_TEST_PG_HOST&user=parley"
psql -qX "$admin" -c "DROP DATABASE IF EXISTS cmp" -c "CREATE DATABASE cmp" -c "DROP DATABASE IF EXISTS cmpm" \
  -c "CREATE DATABASE cmpm" >/dev/null 2>&1
pg="postgresql:///cmp?host=$PARLEY_TEST_PG_HOST&user=parley"
# the seed articles, dated, and a Tehran Times sample when ../shared is there
set -- "$PARLEY_SOURCE_DIR/examples/articles"
corpus=${PARLEY_SHARED_DIR:-}/corpora/tehran-times/tehran-times.jsonl.zst
if [ -f "$corpus" ]; then zstd -dc "$corpus" | head -n 300 > "$tmp/tt.jsonl"; set -- "$@" "$tmp/tt.jsonl"; fi
"$PARLEY_BIN" ingest --db "$tmp/s.db" --date 2024-12-02 "$@" 2>/dev/null || [ $? -eq 1 ]
"$PARLEY_BIN" ingest --db "$pg" --date 2024-12-02 "$@" 2>/dev/null || [ $? -eq 1 ]
fail=0
same() { # same NAME COMMAND... (with $DB standing for the store)
  name=$1; shift
  DB=$tmp/s.db; eval "$*" > "$tmp/a" 2>&1 || true
  DB=$pg; eval "$*" > "$tmp/b" 2>&1 || true
  if cmp -s "$tmp/a" "$tmp/b"; then
    echo "same: $name ($(wc -l < "$tmp/a") lines)"
  else
    echo "FAIL: $name differs"; diff "$tmp/a" "$tmp/b" | head -10; fail=1
  fi
}
q='"$PARLEY_BIN" query --db "$DB" --format jsonl'
same "mentions" "$q"
same "one-a-day" "$q --dedup"
same "stories" "$q --stories"
same "dyad, mutual, code, dates" "$q --dyad IRN:USA --mutual --code 1 --from 2015 --to 2024"
same "actor prefix, quad" "$q --actor IRN --quad 1"
same "full text, word" "$q --text nuclear"
same "full text, phrase" "$q --text '\"foreign minister\"'"
same "full text, OR" "$q --text-raw 'sanctions OR embargo' --stories"
same "full text, plain words" "$q --text 'U.S. sanctions'"
art=$("$PARLEY_BIN" query --db "$tmp/s.db" --format jsonl --limit 1 | python3 -c 'import json, sys; print(json.loads(sys.stdin.readline())["doc_id"])')
same "article" "$q --article '$art'"
same "paging" "$q --limit 7"
for p in day week month year; do
  same "series by $p" "\"\$PARLEY_BIN\" series --db \"\$DB\" --by $p"
  same "series by $p, stories" "\"\$PARLEY_BIN\" series --db \"\$DB\" --by $p --stories --actor IRN"
done
# places (schema 3): the country and region filters, --near (the one distance formula, in SQL on PostgreSQL)
same "place: country" "$q --country irn"
same "place: admin1, case folded" "$q --admin1 TEHRAN --dedup"
same "place: near" "$q --near 35.69,51.39,500"
same "place: near, stories" "$q --near 32,53,1000 --stories"
same "series by place" "\"\$PARLEY_BIN\" series --db \"\$DB\" --by month --by-place admin1"
same "series, one-a-day" "\"\$PARLEY_BIN\" series --db \"\$DB\" --by month --dedup"
same "dbinfo" "\"\$PARLEY_BIN\" dbinfo --db \"\$DB\""
# shards merged into PostgreSQL, twice (idempotent): the events of the single ingest
for k in 0 1 2 3; do
  "$PARLEY_BIN" ingest --db "$tmp/shard$k.db" --shard $k/4 --date 2024-12-02 "$@" 2>/dev/null || [ $? -eq 1 ]
done
pgm="postgresql:///cmpm?host=$PARLEY_TEST_PG_HOST&user=parley"
"$PARLEY_BIN" merge --db "$pgm" "$tmp"/shard*.db 2>/dev/null
"$PARLEY_BIN" merge --db "$pgm" "$tmp"/shard*.db 2>"$tmp/again"
grep -q " 0 articles merged" "$tmp/again" || { echo "FAIL: a second merge stored again"; cat "$tmp/again"; fail=1; }
sh "$here/events.sh" "$tmp/s.db" > "$tmp/e1"; sh "$here/events.sh" "$pgm" > "$tmp/e2"
if cmp -s "$tmp/e1" "$tmp/e2"; then echo "same: merged shards ($(wc -l < "$tmp/e1") events)"; else
  echo "FAIL: merged shards differ"; diff "$tmp/e1" "$tmp/e2" | head; fail=1; fi
exit $fail
