#!/bin/sh
# `parley dict`: lookups with dated offices on the built-in dictionaries, check passes on them, country + agent
# combination, stats, convert of PETRARCH files into parley's format and back, exit codes.
set -eu
: "${PARLEY_BIN:?}" "${PARLEY_SOURCE_DIR:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fx="$PARLEY_SOURCE_DIR/tests/data/dict"
"$PARLEY_BIN" dict --help | grep -q "usage: parley dict check"

# built-in: dated offices on both sides of a term boundary, with the office
"$PARLEY_BIN" dict lookup "Medvedev" --date 2010-01-01 > "$tmp/out"
grep -q -- "-> RUSGOV (president)" "$tmp/out"
"$PARLEY_BIN" dict lookup "Medvedev" --date 2015-01-01 > "$tmp/out"
grep -q -- "-> RUSGOV (prime minister)" "$tmp/out"
"$PARLEY_BIN" dict lookup "Pezeshkian" --date 2024-12-02 | grep -q -- "-> IRNGOV"
"$PARLEY_BIN" dict lookup "Iran's president" | grep -q "IRN + GOV = IRNGOV"
"$PARLEY_BIN" dict lookup "his Russian counterpart" | grep -q "RUS + GOV = RUSGOV"
"$PARLEY_BIN" dict check > "$tmp/out"
grep -q "check: 0 rejected lines, 0 errors" "$tmp/out"
"$PARLEY_BIN" dict stats | grep -q "^actors"

# a dictionary file instead of the built-ins
"$PARLEY_BIN" dict lookup --no-builtin --dict "$fx/parley.txt" "his Russian counterpart" 2>/dev/null | grep -q "RUS + GOV = RUSGOV"
status=0
"$PARLEY_BIN" dict lookup --no-builtin --dict "$fx/parley.txt" "nothing here at all" > "$tmp/out" 2>/dev/null || status=$?
test "$status" -eq 1
grep -q "no dictionary entry matches" "$tmp/out"
status=0
"$PARLEY_BIN" dict check --no-builtin --dict "$fx/parley.txt" > "$tmp/out" 2> "$tmp/err" || status=$?
test "$status" -eq 1
grep -q "parley.txt:10: error: bad actor code" "$tmp/err"

# PETRARCH -> parley -> loads again with the same answers
"$PARLEY_BIN" dict convert --no-builtin --dict "$fx/petr_actors.txt" --dict "$fx/petr_agents.txt" -o "$tmp/conv.txt" 2>/dev/null || true
grep -q "^\[actors\]" "$tmp/conv.txt"
"$PARLEY_BIN" dict lookup --no-builtin --dict "$tmp/conv.txt" "Dmitri Medvedev" --date 2008-05-07 | grep -q -- "-> RUSGOV"
"$PARLEY_BIN" dict lookup --no-builtin --dict "$tmp/conv.txt" "Dmitri Medvedev" --date 2008-05-06 | grep -q -- "-> RUSELI"
"$PARLEY_BIN" dict lookup --no-builtin --dict "$tmp/conv.txt" "peacekeeping troops" | grep -q "IGO (before the country)"

# --dict adds to the built-in dictionaries; --no-builtin starts from nothing (issue 13)
printf '[actors]\nFreedonia; Freedonian | FRE\n' > "$tmp/fre.txt"
printf '%s\n' '{"id":"f1","date":"2024-03-01","text":"Freedonia condemned Iran on Monday."}' > "$tmp/f.jsonl"
"$PARLEY_BIN" code --no-geo --output tsv --dict "$tmp/fre.txt" "$tmp/f.jsonl" > "$tmp/out"
awk -F'\t' 'NR == 2 && $5 == "FRE" && $8 ~ /^IRN/ && $11 ~ /^1/ { ok = 1 } END { exit !ok }' "$tmp/out"
status=0
"$PARLEY_BIN" code --no-geo --output tsv --no-builtin --dict "$tmp/fre.txt" "$tmp/f.jsonl" > "$tmp/out" || status=$?
test "$status" -eq 0
test "$(wc -l < "$tmp/out")" -eq 1   # header only: no verb dictionary, no event
"$PARLEY_BIN" dict lookup --dict "$tmp/fre.txt" "Freedonia and Iran" > "$tmp/out"
grep -q -- "-> FRE" "$tmp/out" && grep -q -- "-> IRN" "$tmp/out"
"$PARLEY_BIN" dict stats --no-builtin --dict "$tmp/fre.txt" | grep -q "^actors *1 "
# the built-ins written by convert read back to the same text (the unit test compares the lexicons)
"$PARLEY_BIN" dict convert -o "$tmp/b1.txt"
"$PARLEY_BIN" dict convert --no-builtin --dict "$tmp/b1.txt" -o "$tmp/b2.txt"
cmp "$tmp/b1.txt" "$tmp/b2.txt"

# usage errors and unreadable files
status=0
"$PARLEY_BIN" dict frobnicate > /dev/null 2>&1 || status=$?
test "$status" -eq 2
status=0
"$PARLEY_BIN" dict lookup > /dev/null 2>&1 || status=$?
test "$status" -eq 2
status=0
"$PARLEY_BIN" dict stats --dict "$tmp/missing.txt" > /dev/null 2>&1 || status=$?
test "$status" -eq 3
echo ok
