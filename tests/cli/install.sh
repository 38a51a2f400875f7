#!/bin/sh
# `cmake --install` (issue 13): the binary, the man page parley(1) and the bash completion land under the prefix,
# with DESTDIR and with another prefix; the page renders (man -l, else nroff) and holds every line of every
# command's --help (it is generated from them); the completion offers the commands and each command's options.
set -u
B=${PARLEY_BUILD_DIR:?}
C=${PARLEY_CMAKE:-cmake}
T=$(mktemp -d /tmp/parley_install.XXXXXX)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
[ -f "$B/cli/parley.1" ] || fail "$B/cli/parley.1 was not built (the parley_docs target)"

DESTDIR="$T/dest" "$C" --install "$B" --prefix /usr/local >"$T/log" 2>&1 || fail "install with DESTDIR: $(cat "$T/log")"
"$C" --install "$B" --prefix "$T/prefix" >"$T/log" 2>&1 || fail "install with --prefix: $(cat "$T/log")"
for root in "$T/dest/usr/local" "$T/prefix"; do
  [ -x "$root/bin/parley" ] || fail "no $root/bin/parley"
  [ -f "$root/share/man/man1/parley.1" ] || fail "no $root/share/man/man1/parley.1"
  [ -f "$root/share/bash-completion/completions/parley" ] || fail "no completion under $root"
done
R=$T/prefix
P=$R/bin/parley
"$P" --version | grep -q '^parley [0-9]' || fail "the installed parley does not run"

# the page renders, and every line of every help text is in it
if command -v man >/dev/null 2>&1; then
  MANWIDTH=200 man -P cat -l "$R/share/man/man1/parley.1" >"$T/page" 2>"$T/err" || fail "man -l: $(cat "$T/err")"
elif command -v nroff >/dev/null 2>&1; then
  nroff -man -rLL=200n "$R/share/man/man1/parley.1" >"$T/page" 2>"$T/err" || fail "nroff: $(cat "$T/err")"
else
  echo "skipped: neither man nor nroff"
  exit 77
fi
[ -s "$T/err" ] && fail "the page renders with warnings: $(cat "$T/err")"
grep -q '^NAME' "$T/page" && grep -q 'parley - code news articles' "$T/page" || fail "no NAME section: $(head "$T/page")"
commands=$("$P" --help | sed -n '/^commands:/,/^$/p' | awk 'NF > 1 { print $1 }')
[ "$(echo "$commands" | wc -w)" -ge 14 ] || fail "too few commands in --help: $commands"
for c in "" $commands; do
  "$P" $c --help | sed 's/^ *//; s/ *$//' | grep . >"$T/help"
  while IFS= read -r line; do
    grep -qF -- "$line" "$T/page" || fail "parley $c --help line missing from the man page: '$line'"
  done <"$T/help"
done

# completion: COMP_WORDS as bash fills them
complete_words() {
  bash -c '. "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _parley; printf "%s\n" "${COMPREPLY[@]}"' \
    sh "$R/share/bash-completion/completions/parley" "$@"
}
[ "$(complete_words parley co)" = code ] || fail "parley co<TAB>: $(complete_words parley co)"
complete_words parley "" | grep -qx ingest || fail "parley <TAB> lacks ingest"
[ "$(complete_words parley code --one)" = --one-sided ] || fail "parley code --one<TAB>: $(complete_words parley code --one)"
complete_words parley ingest --la | grep -qx -- --language || fail "parley ingest --la<TAB>"
complete_words parley recode --q | grep -qx -- --quiet || fail "parley recode --q<TAB>"
complete_words parley code --output "" | grep -qx phoenix || fail "parley code --output <TAB>"
complete_words parley dict "" | grep -qx lookup || fail "parley dict <TAB>"
[ -z "$(complete_words parley code fil)" ] || fail "a file argument got option completions"
echo ok
