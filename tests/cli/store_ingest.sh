#!/bin/sh
# parley ingest: idempotent re-runs, changed articles replacing their old version, usage errors and a database
# from a newer parley; then the five seed articles, ingested with their publication dates.
set -u
P=${PARLEY_BIN:?}
T=$(mktemp -d /tmp/parley_store_ingest.XXXXXX)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
field() { "$P" dbinfo --db "$1" | awk -v k="$2" '$1 == k { print $2 }'; }

cat >"$T/a.jsonl" <<'EOF'
{"id":"x1","title":"Talks","date":"2020-05-01","source":"IRNA","text":"Zarif met Lavrov in Moscow on Friday. They discussed Syria."}
{"id":"x2","title":"Visit","date":"2020-05-02","source":"Tasnim","text":"Rouhani will visit Ankara next week."}
EOF
"$P" ingest --db "$T/db" "$T/a.jsonl" 2>"$T/log" || fail "first ingest: $(cat "$T/log")"
grep -q "2 articles read: 2 new, 0 changed, 0 unchanged" "$T/log" || fail "first: $(cat "$T/log")"
[ "$(field "$T/db" articles)" -eq 2 ] && [ "$(field "$T/db" sentences)" -eq 3 ] || fail "first counts"

# the same input again: nothing stored twice
"$P" ingest --db "$T/db" "$T/a.jsonl" 2>"$T/log" || fail "second ingest"
grep -q "0 new, 0 changed, 2 unchanged" "$T/log" || fail "second: $(cat "$T/log")"
[ "$(field "$T/db" articles)" -eq 2 ] && [ "$(field "$T/db" sentences)" -eq 3 ] || fail "second counts"

# x1 changed (a correction): it replaces its old sentences; x3 is new
cat >"$T/b.jsonl" <<'EOF'
{"id":"x1","title":"Talks","date":"2020-05-01","source":"IRNA","text":"Zarif met Lavrov in Sochi on Friday. They discussed Syria. They also discussed Yemen."}
{"id":"x3","title":"Call","date":"2020-05-03","source":"Mehr","text":"Raisi phoned Putin."}
EOF
"$P" ingest --db "$T/db" "$T/b.jsonl" 2>"$T/log" || fail "third ingest"
grep -q "2 articles read: 1 new, 1 changed, 0 unchanged" "$T/log" || fail "third: $(cat "$T/log")"
[ "$(field "$T/db" articles)" -eq 3 ] || fail "third articles"
[ "$(field "$T/db" sentences)" -eq 5 ] || fail "third sentences: $(field "$T/db" sentences) (old ones kept?)"
"$P" dbinfo --db "$T/db" --check | grep -qx "integrity ok" || fail "check after replacement"

# usage errors, bad databases
"$P" ingest "$T/a.jsonl" >/dev/null 2>&1; [ $? -eq 2 ] || fail "ingest without --db"
"$P" ingest --db "$T/db" --batch 0 "$T/a.jsonl" >/dev/null 2>&1; [ $? -eq 2 ] || fail "--batch 0"
"$P" ingest --db "$T/db" --date 2020-13-45 "$T/a.jsonl" >/dev/null 2>&1; [ $? -eq 2 ] || fail "bad --date"
"$P" ingest --help | grep -q -- "--batch" || fail "ingest --help"
head -c 3000 /dev/urandom >"$T/junk.db"
"$P" ingest --db "$T/junk.db" "$T/a.jsonl" 2>"$T/err"; [ $? -eq 3 ] || fail "junk db"
grep -q "not a parley database" "$T/err" || fail "junk message: $(cat "$T/err")"
cp "$T/db" "$T/newer.db"
# a database written by a newer parley: schema version 99 in the SQLite header (offset 60, big-endian)
printf '\000\000\000\143' | dd of="$T/newer.db" bs=1 seek=60 conv=notrunc 2>/dev/null
"$P" ingest --db "$T/newer.db" "$T/a.jsonl" 2>"$T/err"; [ $? -eq 3 ] || fail "newer schema accepted"
grep -q "schema version 99, newer than this parley" "$T/err" || fail "newer message: $(cat "$T/err")"
"$P" query --db "$T/newer.db" 2>"$T/err"; [ $? -eq 3 ] || fail "query on newer schema"

# the seed articles with their publication dates (from the gold file)
S=${PARLEY_SHARED_DIR:-}/samples
if [ -f "$S/seeds.gold.jsonl" ]; then
  sed 's/^{"file": "\([^"]*\)", "date": "\([^"]*\)".*/\1 \2/' "$S/seeds.gold.jsonl" | while read -r f d; do
    "$P" ingest --db "$T/seeds.db" --date "$d" "$S/$f" 2>>"$T/seeds.log" || fail "seed $f: $(cat "$T/seeds.log")"
  done || exit 1
  [ "$(field "$T/seeds.db" articles)" -eq 5 ] || fail "seeds: $(field "$T/seeds.db" articles) articles"
  echo "ok (seeds ingested)"
else
  echo "ok (seed part skipped: ../shared absent)"
fi
