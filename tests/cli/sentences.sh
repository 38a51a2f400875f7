#!/bin/sh
# `parley sentences`: help, output on the bundled examples, exit codes for skipped input, usage and fatal errors.
set -u
P="${PARLEY_BIN:?}"
SRC="${PARLEY_SOURCE_DIR:?}"
T="${TMPDIR:-/tmp}/parley-cli-sentences.$$"
mkdir -p "$T"
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

"$P" --help | grep -q '^  sentences ' || fail "parley --help does not list sentences"
"$P" sentences --help | grep -q -- '--date' || fail "sentences --help does not document --date"

"$P" sentences "$SRC/examples/articles/" >"$T/out" 2>"$T/err"; rc=$?
[ $rc -eq 0 ] || fail "examples: exit $rc, stderr: $(cat "$T/err")"
[ "$(wc -l <"$T/out")" -eq 4 ] || fail "examples: expected 4 articles"
grep -q '"dateline":{"place":"Kabul","outlet":"Reuters"}' "$T/out" || fail "examples: Kabul dateline missing"
grep -q '"id":"02-embassy-protest","title":"Protesters Rally Outside French Embassy in Niamey","date":"2023-07-31"' \
  "$T/out" || fail "examples: title or header date of 02"
grep -q 'SHARE THIS ARTICLE' "$T/out" && fail "examples: boilerplate kept"
grep -q '"text":"U.N. Secretary-General Antonio Guterres called the attack' "$T/out" || fail "examples: U.N. sentence"

# stdin JSONL with a bad line: the good articles come out, one diagnostic names the line, exit 1
printf '{"id":"a","text":"Iran and Russia met.","date":"2016-05-11"}\n{oops\n{"id":"c","text":"They agreed."}\n' |
  "$P" sentences --tokens - >"$T/out" 2>"$T/err"; rc=$?
[ $rc -eq 1 ] || fail "bad line: exit $rc, wanted 1"
[ "$(wc -l <"$T/out")" -eq 2 ] || fail "bad line: expected 2 articles"
grep -q '^parley: -:2: error: bad JSON' "$T/err" || fail "bad line: diagnostic: $(cat "$T/err")"
grep -q '"fold":"iran"' "$T/out" || fail "--tokens: folds missing"

# --date for articles without one
printf 'Talks Held In Geneva\n\nThe envoys met in Geneva.\n' >"$T/a.txt"
"$P" sentences --date 2020-01-02 "$T/a.txt" | grep -q '"title":"Talks Held In Geneva","date":"2020-01-02"' ||
  fail "--date or title"

# invalid UTF-8 is repaired: output, warning, exit 1
printf 'The minister \377 spoke.\n' >"$T/bad.txt"
"$P" sentences "$T/bad.txt" >"$T/out" 2>"$T/err"; rc=$?
[ $rc -eq 1 ] || fail "invalid UTF-8: exit $rc"
grep -q 'warning: invalid UTF-8 repaired' "$T/err" || fail "invalid UTF-8: no warning"
grep -q 'The minister \\ufffd spoke.\|The minister � spoke.' "$T/out" || fail "invalid UTF-8: text not repaired"

"$P" sentences --date 2020-13-01 "$T/a.txt" >/dev/null 2>&1; rc=$?
[ $rc -eq 2 ] || fail "bad --date: exit $rc, wanted 2"
"$P" sentences --bogus >/dev/null 2>&1; rc=$?
[ $rc -eq 2 ] || fail "unknown option: exit $rc, wanted 2"
"$P" sentences "$T/does-not-exist" >/dev/null 2>&1; rc=$?
[ $rc -eq 3 ] || fail "missing file: exit $rc, wanted 3"
echo "ok"
