#!/bin/sh
# parley query / parley series on a generated database (bench_store --synthetic writes it through the store
# API, so this runs without the coder): every filter, the formats, one-a-day, series totals, bad databases.
set -u
P=${PARLEY_BIN:?}
GEN=${PARLEY_BUILD_DIR:?}/bench/bench_store
[ -x "$GEN" ] || { echo "skipped: $GEN not built"; exit 77; }
T=$(mktemp -d /tmp/parley_store_query.XXXXXX)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
q() { "$P" query --db "$T/s.db" "$@"; }
count() { "$P" query --db "$T/s.db" --count "$@" || fail "query $* exited $?"; }

"$GEN" --db "$T/s.db" --synthetic 1500 >/dev/null || fail "generator"

all=$(count)
[ "$all" -gt 4000 ] || fail "expected >4000 events, got $all"

# dyads: directed counts add up to the mutual one; prefixes include the full codes
ir=$(count --dyad IRN:RUS); ri=$(count --dyad RUS:IRN); m=$(count --dyad IRN:RUS --mutual)
[ "$ir" -gt 0 ] && [ "$ri" -gt 0 ] || fail "empty dyads $ir $ri"
[ $((ir + ri)) -eq "$m" ] || fail "IRN:RUS $ir + RUS:IRN $ri != mutual $m"
gov=$(count --source IRNGOV --target RUS); mil=$(count --source IRNMIL --target RUS)
[ $((gov + mil)) -eq "$ir" ] || fail "IRNGOV+IRNMIL -> RUS ($gov+$mil) != IRN -> RUS ($ir)"
[ "$(count --source IRN --target RUS)" -eq "$ir" ] || fail "--source/--target differ from --dyad"

# an actor on either side = source + target - both sides
a=$(count --actor IRN); s=$(count --source IRN); t=$(count --target IRN); b=$(count --source IRN --target IRN)
[ "$a" -eq $((s + t - b)) ] || fail "--actor IRN $a != $s + $t - $b"

# codes: the 04 family is the sum of its codes; QuadClasses partition everything
c04=$(count --code 04); c040=$(count --code 040); c041=$(count --code 041); c042=$(count --code 042)
c043=$(count --code 043); c046=$(count --code 046)
[ "$c04" -eq $((c040 + c041 + c042 + c043 + c046)) ] || fail "--code 04 $c04 is not the sum of its codes"
q1=$(count --quad 1); q2=$(count --quad material-coop); q3=$(count --quad 3); q4=$(count --quad 4)
[ $((q1 + q2 + q3 + q4)) -eq "$all" ] || fail "QuadClasses do not add up to $all"
c17=$(count --code 17); c19=$(count --code 19)
[ "$q4" -eq $((c17 + c19)) ] || fail "quad 4 ($q4) != codes 17x + 19x"

# dates: inclusive bounds, years as prefixes
y12=$(count --from 2012 --to 2012); d12=$(count --from 2012-01-01 --to 2012-12-31)
[ "$y12" -gt 0 ] && [ "$y12" -eq "$d12" ] || fail "2012: $y12 vs $d12"
h1=$(count --from 2012-01-01 --to 2012-06-30); h2=$(count --from 2012-07-01 --to 2012-12-31)
[ $((h1 + h2)) -eq "$y12" ] || fail "halves of 2012 do not add up"

# full text: the generator writes "phoned" for every 041 event's sentence
[ "$(count --text phoned)" -eq "$c041" ] || fail "--text phoned != --code 041"
[ "$(count --text '"signed a deal"' --dyad IRN:RUS)" -eq "$(count --code 057 --dyad IRN:RUS)" ] || fail "phrase search"
q --text-raw '"unbalanced' >/dev/null 2>"$T/err"; rc=$?
[ $rc -eq 2 ] && grep -q "full-text" "$T/err" || fail "bad --text-raw: exit $rc"
# --text takes words literally: FTS5 operators and punctuation are words, an unclosed quote runs to the end
[ "$(count --text '"signed a deal')" -eq "$(count --code 057)" ] || fail "--text with an unclosed quote"
[ "$(count --text 'phoned OR')" -eq 0 ] || fail "--text 'phoned OR' must look for the word 'or'"
[ "$(count --text-raw 'phoned OR "signed a deal"')" -eq $((c041 + $(count --code 057))) ] || fail "--text-raw OR"
for t in 'U.S.' 'U.N.' 'al-Assad' 'NEAR(' '*' 'a"b'; do
  count --text "$t" >/dev/null || fail "--text '$t' failed"
done
printf '%s\n' '{"id":"us1","date":"2020-01-03","text":"The U.S. condemned Iran on Friday."}' \
  '{"id":"us2","date":"2020-01-04","text":"Iran condemned Israel on Saturday."}' >"$T/us.jsonl"
"$P" ingest --db "$T/us.db" "$T/us.jsonl" 2>/dev/null || fail "ingest us.jsonl"
[ "$("$P" query --db "$T/us.db" --count --text U.S.)" -eq 1 ] || fail "--text U.S. does not find its sentence"
[ "$("$P" query --db "$T/us.db" --count --text condemned)" -eq 2 ] || fail "--text condemned"

# dates: one parser; a bad date names the flag and the accepted forms (exit 2)
for d in 2019/01/01 xyz 2016-02-30 2016-13 201 2016-1-01 '2016-01-01T00:00'; do
  q --from "$d" >/dev/null 2>"$T/err"; rc=$?
  [ $rc -eq 2 ] && grep -q -- "--from wants YYYY, YYYY-MM or YYYY-MM-DD" "$T/err" || fail "--from $d: rc=$rc $(cat "$T/err")"
done
"$P" series --db "$T/s.db" --to=2016/12 >/dev/null 2>"$T/err"; rc=$?
[ $rc -eq 2 ] && grep -q -- "--to wants" "$T/err" || fail "series --to=2016/12: rc=$rc"
[ "$(count --from 2012-02 --to 2012-02)" -eq "$(count --from 2012-02-01 --to 2012-02-29)" ] || fail "month bounds"

# one event by id; the top actors, dyads and codes
id=$(q --limit 1 --format jsonl --dyad IRN:RUS | sed 's/.*"event_id":\([0-9]*\).*/\1/')
q --event "$id" >"$T/e.jsonl" || fail "--event $id"
[ "$(wc -l <"$T/e.jsonl")" -eq 1 ] && grep -q "\"event_id\":$id," "$T/e.jsonl" || fail "--event $id: $(cat "$T/e.jsonl")"
q --event 999999999 >/dev/null 2>"$T/err"; [ $? -eq 1 ] && grep -q "no event 999999999" "$T/err" || fail "--event none"
q --event abc >/dev/null 2>&1; [ $? -eq 2 ] || fail "--event abc"
"$P" top --db "$T/s.db" --by code --limit 0 >"$T/top.csv" || fail "top --by code"
head -1 "$T/top.csv" | grep -qx "code,events,articles" || fail "top header"
[ "$(awk -F, 'NR > 1 { s += $2 } END { print s }' "$T/top.csv")" -eq "$all" ] || fail "top codes do not add up"
[ "$(awk -F, '$1 == "041" { print $2 }' "$T/top.csv")" -eq "$c041" ] || fail "top 041"
awk -F, 'NR > 2 && $2 > prev { bad = 1 } NR > 1 { prev = $2 } END { exit bad }' "$T/top.csv" || fail "top order"
"$P" top --db "$T/s.db" --by dyad --source IRN --target RUS --limit 0 >"$T/dy.csv" || fail "top --by dyad"
[ "$(awk -F, 'NR > 1 { s += $2 } END { print s }' "$T/dy.csv")" -eq "$ir" ] || fail "top dyads != IRN:RUS"
grep -q '^IRNGOV:RUS' "$T/dy.csv" || fail "top dyad keys: $(head -3 "$T/dy.csv")"
"$P" top --db "$T/s.db" --by actor --code 041 --limit 3 >"$T/ac.csv" || fail "top --by actor"
[ "$(wc -l <"$T/ac.csv")" -eq 4 ] || fail "top --limit 3"
top1=$(awk -F, 'NR == 2 { print $1 "," $2 }' "$T/ac.csv")
[ "${top1#*,}" -eq "$(count --actor "${top1%,*}" --code 041)" ] || fail "top actor count $top1"
"$P" top --db "$T/s.db" --by nation >/dev/null 2>&1; [ $? -eq 2 ] || fail "top --by nation"

# one-a-day: fewer rows, and their mention counts add up to the mentions
q --dedup --dyad IRN:RUS --mutual --format tsv >"$T/dedup.tsv" || fail "dedup"
rows=$(($(wc -l <"$T/dedup.tsv") - 1))
sum=$(awk -F'\t' 'NR > 1 { s += $30 } END { print s }' "$T/dedup.tsv")
[ "$sum" -eq "$m" ] || fail "one-a-day mentions $sum != $m"
[ "$rows" -le "$m" ] || fail "one-a-day has more rows than mentions"
[ "$(count --stories --dyad IRN:RUS --mutual)" -le "$rows" ] || fail "stories > one-a-day rows"

# formats
q --limit 5 --format csv >"$T/o.csv" && [ "$(wc -l <"$T/o.csv")" -eq 6 ] || fail "csv lines"
head -1 "$T/o.csv" | grep -q '^doc_id,outlet,sentence,date,source_code,' || fail "csv header"
q --limit 5 --format tsv | awk -F'\t' 'NF != 36 { bad = 1 } END { exit bad }' || fail "tsv columns"
q --limit 3 --format jsonl >"$T/o.jsonl" && [ "$(wc -l <"$T/o.jsonl")" -eq 3 ] || fail "jsonl lines"
grep -c '^{"doc_id":"synth-[0-9]*",.*"cameo":"[0-9]*".*}$' "$T/o.jsonl" | grep -qx 3 || fail "jsonl shape"
q --limit 2 --format table | head -1 | grep -q '^date ' || fail "table header"
q --format nope >/dev/null 2>&1; [ $? -eq 2 ] || fail "--format nope should be a usage error"

# series: the year totals equal the query counts, and the QuadClass columns add up
"$P" series --db "$T/s.db" --dyad IRN:RUS --mutual --by year >"$T/y.csv" || fail "series"
head -1 "$T/y.csv" | grep -q '^period,events,goldstein,vc_events' || fail "series header"
tot=$(awk -F, 'NR > 1 { s += $2 } END { print s }' "$T/y.csv")
[ "$tot" -eq "$m" ] || fail "series total $tot != $m"
awk -F, 'NR > 1 && $2 != $4 + $6 + $8 + $10 { bad = 1 } END { exit bad }' "$T/y.csv" || fail "quad split"
y=$(awk -F, '$1 == "2012" { print $2 }' "$T/y.csv")
[ "$y" -eq "$(count --dyad IRN:RUS --mutual --from 2012 --to 2012)" ] || fail "series 2012"
"$P" series --db "$T/s.db" --actor IRN --by month | awk -F, 'NR > 1 && $1 !~ /^20[0-9][0-9]-[01][0-9]$/ { bad = 1 } END { exit bad }' ||
  fail "month labels"
"$P" series --db "$T/s.db" --actor IRN --by week >"$T/w.csv" || fail "weeks"
[ "$(awk -F, 'NR > 1 { s += $2 } END { print s }' "$T/w.csv")" -eq "$a" ] || fail "week totals != --actor count"
"$P" series --db "$T/s.db" --by fortnight >/dev/null 2>&1; [ $? -eq 2 ] || fail "--by fortnight"

# usage and bad databases
"$P" query --help | grep -q -- "--dyad" || fail "query --help"
"$P" series --help | grep -q -- "--by" || fail "series --help"
"$P" query >/dev/null 2>&1; [ $? -eq 2 ] || fail "query without --db"
"$P" query --db "$T/s.db" --quad 9 >/dev/null 2>&1; [ $? -eq 2 ] || fail "--quad 9"
"$P" query --db "$T/s.db" --dyad IRN >/dev/null 2>&1; [ $? -eq 2 ] || fail "--dyad without colon"
"$P" query --db "$T/missing.db" >/dev/null 2>"$T/err"; [ $? -eq 3 ] || fail "missing db"
head -c 5000 /dev/urandom >"$T/junk.db"
"$P" query --db "$T/junk.db" >/dev/null 2>"$T/err"; [ $? -eq 3 ] || fail "junk db exit"
grep -q "not a parley database" "$T/err" || fail "junk db message: $(cat "$T/err")"
echo "ok: $all events; IRN-RUS $m mentions, $rows one-a-day"
