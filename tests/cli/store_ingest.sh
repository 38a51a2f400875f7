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

# recode: new dictionaries applied to the stored text, with the sources gone
printf '[actors]\nIran; Iranian; Tehran | IRN\nRussia; Russian; Moscow | RUS\n[verbs]\ndiscuss | 040\n' >"$T/a.dict"
sed 's/^discuss | 040$/discuss | 046/' "$T/a.dict" >"$T/b.dict"
printf '%s\n' '{"id":"r1","date":"2021-03-04","source":"IRNA","text":"Iran discussed trade with Russia. Nothing else."}' \
  '{"id":"r2","date":"2021-03-05","source":"Mehr","text":"Moscow and Tehran discussed Syria."}' >"$T/r.jsonl"
"$P" ingest --db "$T/r.db" --no-builtin --dict "$T/a.dict" "$T/r.jsonl" 2>/dev/null || fail "ingest for recode"
n040=$("$P" query --db "$T/r.db" --code 040 --count)
[ "$n040" -gt 0 ] && [ "$n040" -eq "$(field "$T/r.db" events)" ] || fail "040 events before recode: $n040"
rm "$T/r.jsonl"
"$P" recode --db "$T/r.db" --no-builtin --dict "$T/b.dict" 2>"$T/log" || fail "recode: $(cat "$T/log")"
grep -q "2 articles re-coded: $n040 events" "$T/log" || fail "recode summary: $(cat "$T/log")"
[ "$("$P" query --db "$T/r.db" --code 040 --count)" -eq 0 ] || fail "040 events left after recode"
[ "$("$P" query --db "$T/r.db" --code 046 --count)" -eq "$n040" ] || fail "046 events after recode"
[ "$(field "$T/r.db" articles)" -eq 2 ] && [ "$(field "$T/r.db" sentences)" -eq 3 ] || fail "recode duplicated rows"
"$P" dbinfo --db "$T/r.db" --check | grep -qx "integrity ok" || fail "check after recode"
"$P" recode --db "$T/nowhere.db" 2>/dev/null; [ $? -eq 3 ] || fail "recode of a missing database"
[ -e "$T/nowhere.db" ] && fail "recode created a database"

# the seed articles with their publication dates (from the gold file)
S=${PARLEY_SHARED_DIR:-}/samples
if [ -f "$S/seeds.gold.jsonl" ]; then
  sed 's/^{"file": "\([^"]*\)", "date": "\([^"]*\)".*/\1 \2/' "$S/seeds.gold.jsonl" | while read -r f d; do
    "$P" ingest --db "$T/seeds.db" --date "$d" "$S/$f" 2>>"$T/seeds.log" || fail "seed $f: $(cat "$T/seeds.log")"
  done || exit 1
  [ "$(field "$T/seeds.db" articles)" -eq 5 ] || fail "seeds: $(field "$T/seeds.db" articles) articles"
  # the five consultations: every seed article has Iran-Russia consultation mentions ...
  "$P" query --db "$T/seeds.db" --dyad IRN:RUS --mutual --code 04 --format tsv >"$T/c.csv" || fail "seed query"
  n=$(awk -F'\t' 'NR > 1 { print $1 }' "$T/c.csv" | sort -u | wc -l)
  [ "$n" -eq 5 ] || fail "consultations found in $n of the 5 seed articles: $(cat "$T/c.csv")"
  # ... and grouped into stories they are the five events of the gold file: 2012, 2016 twice, 2017, 2024
  "$P" query --db "$T/seeds.db" --dyad IRN:RUS --mutual --code 04 --stories --format tsv >"$T/s.csv"
  years=$(awk -F'\t' 'NR > 1 { printf "%s ", substr($4, 1, 4) }' "$T/s.csv")
  [ "$years" = "2012 2016 2016 2017 2024 " ] || fail "consultation stories: $years"
  "$P" series --db "$T/seeds.db" --dyad IRN:RUS --mutual --code 04 --stories --by year >"$T/y.csv"
  [ "$(awk -F, 'NR > 1 { printf "%s:%s ", $1, $2 }' "$T/y.csv")" = "2012:1 2016:2 2017:1 2024:1 " ] ||
    fail "consultations per year: $(cat "$T/y.csv")"
  # the mentions per year count every coded sentence, in both directions
  "$P" series --db "$T/seeds.db" --dyad IRN:RUS --mutual --code 04 --by year >"$T/m.csv"
  [ "$(awk -F, 'NR > 1 { s += $2 } END { print s }' "$T/m.csv")" -eq "$(($(wc -l <"$T/c.csv") - 1))" ] ||
    fail "mention series"
  echo "ok (seeds ingested)"
else
  echo "ok (seed part skipped: ../shared absent)"
fi
