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
q --text '"unbalanced' >/dev/null 2>"$T/err"; rc=$?
[ $rc -eq 2 ] && grep -q "full-text" "$T/err" || fail "bad --text: exit $rc"

# one-a-day: fewer rows, and their mention counts add up to the mentions
q --dedup --dyad IRN:RUS --mutual --format csv >"$T/dedup.csv" || fail "dedup"
rows=$(($(wc -l <"$T/dedup.csv") - 1))
sum=$(awk -F, 'NR > 1 { s += $7 } END { print s }' "$T/dedup.csv")
[ "$sum" -eq "$m" ] || fail "one-a-day mentions $sum != $m"
[ "$rows" -le "$m" ] || fail "one-a-day has more rows than mentions"
[ "$(count --stories --dyad IRN:RUS --mutual)" -le "$rows" ] || fail "stories > one-a-day rows"

# formats
q --limit 5 --format csv >"$T/o.csv" && [ "$(wc -l <"$T/o.csv")" -eq 6 ] || fail "csv lines"
head -1 "$T/o.csv" | grep -q '^date,source,target,cameo,quad_class,goldstein' || fail "csv header"
q --limit 5 --format tsv | awk -F'\t' 'NF != 24 { bad = 1 } END { exit bad }' || fail "tsv columns"
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
