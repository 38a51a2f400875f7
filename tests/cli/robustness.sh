#!/bin/sh
# Hostile input, hostile databases and a full disk (issue 17): every case below broke parley once. Fixtures are
# built here, small, or generated at run time.
set -u
P=${PARLEY_BIN:?}
T=$(mktemp -d /tmp/parley_robust.XXXXXX)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
field() { "$P" dbinfo --db "$1" | awk -v k="$2" '$1 == k { print $2 }'; }
A='{"id":"a","date":"2024-01-01","text":"Iran condemned Israel in a statement on Monday. Russia attacked Ukraine on Monday."}'

# 1. a negative user_version indexed the migration steps out of bounds (segfault)
echo "$A" >"$T/a.jsonl"
"$P" ingest --db "$T/h.db" "$T/a.jsonl" 2>/dev/null || fail "first ingest"
python3 -c "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute('PRAGMA user_version=-1000000'); c.commit()" \
  "$T/h.db" || fail "python3 sqlite3"
"$P" ingest --db "$T/h.db" </dev/null 2>"$T/log"; rc=$?
[ $rc -eq 3 ] && grep -q "invalid store schema version" "$T/log" || fail "hostile user_version: rc=$rc $(cat "$T/log")"
"$P" dbinfo --db "$T/h.db" --check >/dev/null 2>&1; [ $? -eq 3 ] || fail "dbinfo on hostile user_version"

# 2. symlink loops: each file read once, each skipped link named
mkdir -p "$T/d/sub"
echo "$A" >"$T/d/sub/a.jsonl"
ln -s . "$T/d/again"
ln -s .. "$T/d/sub/up"
"$P" code "$T/d" >"$T/out" 2>"$T/log"; rc=$?
[ "$(wc -l <"$T/out")" -eq 2 ] || fail "symlink loop: $(wc -l <"$T/out") events"
[ $rc -eq 1 ] && grep -q "d/again: error: a directory already read" "$T/log" && grep -q "sub/up: error" "$T/log" ||
  fail "symlink loop diagnostics: rc=$rc $(cat "$T/log")"

# 4. a JSONL line between 16 and 32 MiB was accepted whole
python3 -c "
import json
print(json.dumps({'id': 'big', 'text': 'word ' * (17 * 1024 * 1024 // 5)}))
print(json.dumps({'id': 'small', 'text': 'Iran condemned Israel in a statement on Monday.'}))" >"$T/big.jsonl"
"$P" sentences "$T/big.jsonl" >"$T/out" 2>"$T/log"; rc=$?
[ $rc -eq 1 ] && grep -q "big.jsonl:1: error: line longer than 16777216 bytes (limit: line bytes)" "$T/log" ||
  fail "long line: rc=$rc $(cat "$T/log")"
[ "$(wc -l <"$T/out")" -eq 1 ] && grep -q '"id":"small"' "$T/out" || fail "long line: the next line is lost"

# 4. gzipped HTML inflating past the article limit is skipped like plain HTML of that size
python3 -c "
import gzip, sys
body = b'<p>' + b'Iran condemned Israel in a statement on Monday. ' * 400000 + b'</p>'
sys.stdout.buffer.write(gzip.compress(b'<html><body>' + body + b'</body></html>'))" >"$T/bomb.html.gz"
[ "$(wc -c <"$T/bomb.html.gz")" -lt 1000000 ] || fail "gzip fixture too big"
"$P" sentences "$T/bomb.html.gz" >"$T/out" 2>"$T/log"; rc=$?
[ $rc -eq 1 ] && grep -q "after decompression or extraction (limit: article bytes): skipped" "$T/log" ||
  fail "gzip bomb: rc=$rc $(cat "$T/log")"

# 9. an unclosed "(" marked every later sentence of the paragraph as bracketed, and short ones were dropped
echo '{"id":"p","date":"2024-01-01","text":"Iran condemned Israel (in a statement. Russia attacked Ukraine. Turkey condemned Syria."}' >"$T/p.jsonl"
[ "$("$P" code "$T/p.jsonl" | wc -l)" -eq 3 ] || fail "unclosed bracket: $("$P" code "$T/p.jsonl")"

# 10. a token over 2 KB cut its sentence into pieces that were dropped silently
python3 -c "
import json
print(json.dumps({'id': 't', 'date': '2024-01-01',
                  'text': 'Iran condemned Israel on Monday ' + 'x' * 5000 + ' and Russia attacked Ukraine'}))" >"$T/t.jsonl"
"$P" code "$T/t.jsonl" >"$T/out" 2>"$T/log"; rc=$?
[ "$(wc -l <"$T/out")" -eq 2 ] || fail "long token: $(cat "$T/out")"
[ $rc -eq 1 ] && grep -q "t.jsonl:1: warning: article t exceeds the limit sentence bytes (4096)" "$T/log" ||
  fail "long token diagnostic: rc=$rc $(cat "$T/log")"

# 11. write errors: exit 3 with a message
if [ -w /dev/full ]; then
  for cmd in "dbinfo --db $T/h2.db" "dict lookup Iran" "dict stats" "dict check" "--help" "extract $T/x.html" \
             "code $T/a.jsonl" "eval $T/gold.jsonl"; do
    [ -f "$T/h2.db" ] || "$P" ingest --db "$T/h2.db" "$T/a.jsonl" 2>/dev/null
    echo '<html><body><p>Iran condemned Israel in a statement on Monday.</p></body></html>' >"$T/x.html"
    echo '{"id":"g","date":"2024-01-01","text":"Iran condemned Israel.","events":[]}' >"$T/gold.jsonl"
    # shellcheck disable=SC2086
    "$P" $cmd >/dev/full 2>"$T/log"; rc=$?
    [ $rc -eq 3 ] && grep -q "cannot write the output" "$T/log" || fail "/dev/full: $cmd: rc=$rc $(cat "$T/log")"
  done
fi

# 12. invalid dates
"$P" code --date 2024-02-30 "$T/a.jsonl" >/dev/null 2>&1; [ $? -eq 2 ] || fail "--date 2024-02-30 accepted"
echo '{"id":"d","date":"2024-02-31","text":"Iran condemned Israel in a statement on Monday."}' >"$T/d.jsonl"
"$P" sentences "$T/d.jsonl" >/dev/null 2>"$T/log"; rc=$?
[ $rc -eq 1 ] && grep -q "unrecognised date '2024-02-31'" "$T/log" || fail "JSONL 2024-02-31: rc=$rc $(cat "$T/log")"
"$P" query --db "$T/h2.db" --from garbage >/dev/null 2>"$T/log"; rc=$?
[ $rc -eq 2 ] && grep -q "\-\-from wants YYYY, YYYY-MM or YYYY-MM-DD.*'garbage'" "$T/log" || fail "query --from garbage: rc=$rc $(cat "$T/log")"
"$P" query --db "$T/h2.db" --from 2024 --to 2024-01 >/dev/null || fail "query --from 2024 --to 2024-01"

# 13. dict check: one phrase with two codes; synonym cycles
printf '[actors]\nIran | IRN\nIran | ISR\n[verbs]\nconfer | 040 | = parley\nparley | 040 | = confer\n' >"$T/bad.txt"
"$P" dict check --dict "$T/bad.txt" >/dev/null 2>"$T/log"; rc=$?
[ $rc -eq 1 ] && grep -q "conflicting codes ISR and IRN" "$T/log" && grep -q "lead back to it (a cycle)" "$T/log" ||
  fail "dict check: rc=$rc $(cat "$T/log")"

# 15. an empty or non-dictionary --dict
for d in /dev/null "$T/a.jsonl" "$T/x.html"; do
  "$P" code --dict "$d" "$T/a.jsonl" >/dev/null 2>"$T/log"; rc=$?
  [ $rc -eq 1 ] && grep -q "error: no dictionary entries\|error: not a dictionary" "$T/log" ||
    fail "--dict $d: rc=$rc $(cat "$T/log")"
done

# 14. a full disk: the summary counts what was committed, not what was attempted
python3 -c "
import json
for i in range(600):
    print(json.dumps({'id': 'a%d' % i, 'date': '2024-01-01',
                      'text': 'Iran condemned Israel on Monday in statement %d. ' % i + 'y' * 2000}))" >"$T/many.jsonl"
(trap '' XFSZ; ulimit -f 1500; exec "$P" ingest --db "$T/full.db" --batch 200 "$T/many.jsonl") 2>"$T/log"; rc=$?
[ $rc -eq 3 ] || fail "disk full: rc=$rc $(cat "$T/log")"
stored=$(field "$T/full.db" articles)
grep -q "read: $stored new" "$T/log" || fail "disk full: summary $(cat "$T/log") but $stored stored"
echo "robustness: all cases pass"
