#!/bin/sh
# Exit codes and messages as the README states them (issue 13): every date option goes through the one date
# parser and a bad one is a usage error naming the flag and the accepted forms (exit 2); a named input that
# cannot be opened is a fatal error (exit 3) for every command that reads inputs.
set -u
P=${PARLEY_BIN:?}
T=$(mktemp -d /tmp/parley_errors.XXXXXX)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
echo '{"id":"a","text":"Iran condemned Israel."}' >"$T/a.jsonl"

# expect RC WANT CMD...: runs CMD, checks the exit status and that stderr has WANT
expect() {
  rc_want=$1 want=$2
  shift 2
  "$@" </dev/null >/dev/null 2>"$T/err"
  rc=$?
  [ "$rc" -eq "$rc_want" ] || fail "$*: exit $rc, want $rc_want: $(cat "$T/err")"
  [ -z "$want" ] || grep -q -- "$want" "$T/err" || fail "$*: stderr lacks '$want': $(cat "$T/err")"
}

day="--date wants YYYY-MM-DD"
for d in 15/11/2023 2016-02-30 2016 2016-05 xyz 2016-05-01x; do
  expect 2 "$day" "$P" code --date "$d" "$T/a.jsonl"
  expect 2 "$day" "$P" code --date="$d" "$T/a.jsonl"
  expect 2 "$day" "$P" sentences --date "$d" "$T/a.jsonl"
  expect 2 "$day" "$P" parse --date "$d" "$T/a.jsonl"
  expect 2 "$day" "$P" ingest --db "$T/x.db" --date "$d" "$T/a.jsonl"
  expect 2 "$day" "$P" dict lookup --date "$d" Medvedev
done
[ -e "$T/x.db" ] && fail "a usage error created a database"
expect 0 "" "$P" code --date 2016-02-29 "$T/a.jsonl"
expect 0 "" "$P" sentences --date=2016-02-29 "$T/a.jsonl"

# a named input that cannot be opened: exit 3, the file named
expect 3 "$T/none.txt" "$P" code "$T/a.jsonl" "$T/none.txt"
expect 3 "$T/none.txt" "$P" code -j 2 "$T/none.txt"
expect 3 "$T/none.txt" "$P" sentences "$T/none.txt"
expect 3 "$T/none.txt" "$P" ingest --db "$T/y.db" "$T/none.txt"
expect 3 "$T/none.html" "$P" extract "$T/none.html"
expect 3 "$T/none.jsonl" "$P" eval "$T/none.jsonl"
expect 3 "$T/none.txt" "$P" code --dict "$T/none.txt" "$T/a.jsonl"
echo ok
