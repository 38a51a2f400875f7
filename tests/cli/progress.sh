#!/bin/sh
# The progress line (issue 13): code, ingest and recode draw it on stderr when stderr is a terminal (run here under
# a pseudo-terminal from util-linux's script), with articles done, the total and the rate; never with --quiet,
# never when stderr is a file or a pipe. No timing: the first update always draws.
set -u
P=${PARLEY_BIN:?}
S=${PARLEY_SOURCE_DIR:?}
command -v script >/dev/null 2>&1 || { echo "skipped: no script(1) (util-linux)"; exit 77; }
T=$(mktemp -d /tmp/parley_progress.XXXXXX)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
mkdir "$T/in"
cp "$S/tests/data/language/en.txt" "$S/tests/data/language/en_names.txt" "$S/tests/data/language/en_quotes.txt" "$T/in/"
size=$(cat "$T/in"/* | wc -c)

# tty CMD: runs CMD (a shell command line) with stdin, stdout and stderr on a pseudo-terminal; its output in $T/tty
tty() {
  script -qec "$1" /dev/null >"$T/tty" 2>&1 </dev/null || fail "$1: exit $?: $(cat "$T/tty")"
}
# the line is drawn with \r and erased with ESC[K
has_line() { grep -q "$(printf '\r')parley $1: [0-9]* article" "$T/tty" && grep -q "articles/s" "$T/tty"; }

tty "'$P' code --no-geo '$T/in' >/dev/null"
has_line code || fail "code: no progress line: $(od -c "$T/tty" | head)"
grep -q "of $size B (" "$T/tty" || fail "code: no byte total ($size B): $(od -c "$T/tty" | head)"
# a diagnostic during the run replaces the line (ESC[K at its start), never joins it
: >"$T/in/empty.txt"
script -qec "'$P' code --no-geo '$T/in' >/dev/null" /dev/null >"$T/tty" 2>&1 </dev/null
tr '\r' '\n' <"$T/tty" | grep "empty" >"$T/diag"
[ -s "$T/diag" ] || fail "no diagnostic for the empty file: $(od -c "$T/tty" | head)"
grep -qv "^$(printf '\033')\[Kparley: " "$T/diag" && fail "a diagnostic joined the progress line: $(od -c "$T/diag")"
rm "$T/in/empty.txt"
tty "'$P' code --no-geo -j 2 '$T/in' >/dev/null"
has_line code || fail "code -j 2: no progress line"
tty "'$P' code --no-geo --quiet '$T/in' >/dev/null"
has_line code && fail "code --quiet drew the line"
tty "'$P' ingest --db '$T/a.db' '$T/in'"
has_line ingest || fail "ingest: no progress line: $(od -c "$T/tty" | head)"
grep -q "parley ingest: 3 articles read" "$T/tty" || fail "ingest: no summary"
tty "'$P' recode --db '$T/a.db'"
has_line recode || fail "recode: no progress line"
grep -q "article of 3 (33%)" "$T/tty" || fail "recode: no article total: $(od -c "$T/tty" | head)"
tty "'$P' recode --db '$T/a.db' --quiet"
has_line recode && fail "recode --quiet drew the line"

# stderr not a terminal: nothing but the summary, even when stdout is one
tty "'$P' code --no-geo '$T/in' 2>'$T/err' >/dev/null"
tty "'$P' ingest --db '$T/b.db' '$T/in' 2>>'$T/err'"
tty "'$P' recode --db '$T/b.db' 2>>'$T/err'"
grep -q "articles/s," "$T/err" && fail "progress without a terminal: $(cat "$T/err")"
grep -q "$(printf '\r')" "$T/err" && fail "carriage return without a terminal"
[ "$(wc -l <"$T/err")" -eq 2 ] || fail "want only the two summaries: $(cat "$T/err")"
echo ok
