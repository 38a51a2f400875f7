#!/bin/sh
# kill -9 in the middle of `parley ingest`: the database must open, pass the integrity check, hold whole
# committed batches only, and the same ingest re-run must complete it with exactly the totals of a clean run.
set -u
P=${PARLEY_BIN:?}
T=$(mktemp -d /tmp/parley_store_kill.XXXXXX)
pid=
trap '[ -n "$pid" ] && kill -9 "$pid" 2>/dev/null; rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
field() { awk -v k="$1" '$1 == k { print $2 }' "$2"; }

# 10000 generated articles, three distinct sentences each (repeated lines would be dropped as boilerplate), from seven outlets over a year
N=10000
awk -v n=$N 'BEGIN { for (i = 0; i < n; i++)
  printf "{\"id\":\"gen-%05d\",\"title\":\"Talks %d\",\"date\":\"2019-%02d-%02d\",\"source\":\"Outlet %d\",\"text\":\"Iranian Foreign Minister Mohammad Javad Zarif met his Russian counterpart Sergei Lavrov in Moscow on Monday, meeting %d. The two sides discussed the situation in Syria and trade deal %d. Lavrov said Russia would continue to support the nuclear deal for %d years.\"}\n",
    i, i, i % 12 + 1, i % 28 + 1, i % 7, i, i, i }' >"$T/in.jsonl"

"$P" ingest --db "$T/clean.db" --batch 100 "$T/in.jsonl" 2>"$T/clean.log" || fail "clean run: $(cat "$T/clean.log")"
"$P" dbinfo --db "$T/clean.db" >"$T/clean.info" || fail "dbinfo clean"
[ "$(field articles "$T/clean.info")" -eq $N ] || fail "clean run stored $(field articles "$T/clean.info")"

# the interrupted run: kill -9 once a few batches are committed (the log exists before the job starts)
: >"$T/crash.log"
"$P" ingest --db "$T/crash.db" --batch 100 --progress "$T/in.jsonl" 2>"$T/crash.log" &
pid=$!
tries=0
while [ "$(grep -c committed "$T/crash.log")" -lt 5 ] 2>/dev/null; do
  tries=$((tries + 1))
  [ $tries -gt 1200 ] && fail "ingest made no progress: $(cat "$T/crash.log")"
  kill -0 "$pid" 2>/dev/null || fail "ingest ended before it could be killed"
  sleep 0.05
done
kill -9 "$pid"
wait "$pid"
rc=$?
pid=
[ $rc -eq 137 ] || fail "ingest was not killed (exit $rc)"
grep -q "articles read" "$T/crash.log" && fail "ingest finished before the kill"

"$P" dbinfo --db "$T/crash.db" --check >"$T/crash.info" || fail "killed database fails the check: $(cat "$T/crash.info")"
grep -qx "integrity ok" "$T/crash.info" || fail "no integrity line"
got=$(field articles "$T/crash.info")
[ "$got" -ge 500 ] && [ "$got" -lt $N ] || fail "killed run holds $got articles"
[ $((got % 100)) -eq 0 ] || fail "killed run holds $got articles: a batch was half-written"
[ "$(field sentences "$T/crash.info")" -eq $((got * 3)) ] || fail "sentences of a half-written article"

# the re-run stores only what is missing, and ends where the clean run did
"$P" ingest --db "$T/crash.db" --batch 100 "$T/in.jsonl" 2>"$T/rerun.log" || fail "re-run: $(cat "$T/rerun.log")"
grep -q "$N articles read: $((N - got)) new, 0 changed, $got unchanged" "$T/rerun.log" || fail "re-run: $(cat "$T/rerun.log")"
"$P" dbinfo --db "$T/crash.db" --check >"$T/final.info" || fail "final check"
grep -v integrity "$T/final.info" | diff "$T/clean.info" - || fail "re-run totals differ from a clean run"
# and a third run changes nothing
"$P" ingest --db "$T/crash.db" "$T/in.jsonl" 2>"$T/third.log" || fail "third run"
grep -q "0 new, 0 changed, $N unchanged" "$T/third.log" || fail "third run: $(cat "$T/third.log")"
echo "ok: killed after $got of $N articles; re-run completed with clean totals"
