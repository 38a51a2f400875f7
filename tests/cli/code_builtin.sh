#!/bin/sh
# `parley code` with the built-in dictionaries on sentences whose coding depends on the built-in verb, agent and
# people entries: a phone call needs more than "called X", an opportunity seized is no seizure, "backed by X" is
# X's support, a chief executive officer is business, an office held only at another time gives the country.
set -eu
: "${PARLEY_BIN:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
code() { printf '%s\n' "$2" | "$PARLEY_BIN" code --date "$1" - 2>/dev/null > "$tmp/out" || true; }
has() { grep -q "$1" "$tmp/out" || { echo "expected $1 in:"; cat "$tmp/out"; exit 1; }; }
hasnt() { if grep -q "$1" "$tmp/out"; then echo "unexpected $1 in:"; cat "$tmp/out"; exit 1; fi; }

code 2018-01-10 "German Foreign Minister Sigmar Gabriel called Erdogan's request a bad idea."
hasnt '"cameo":"041"'
code 2018-01-10 "Putin called Erdogan to discuss Syria."
has '"source":{"code":"RUSGOV".*"cameo":"041"'
code 2018-01-10 "India has seized this opportunity to gain favor with Iran."
hasnt '"cameo":"171"'
code 2019-01-10 "The Houthis, backed by Iran, attacked Saudi Arabia."
has '"source":{"code":"IRN".*"target":{"code":"YEMREBHTH".*"cameo":"051"'
"$PARLEY_BIN" dict lookup "Iranian chief executive officer" > "$tmp/out"
has "IRN + BUS = IRNBUS"
hasnt 'combined: .*MIL'
code 2016-01-10 "Donald Trump criticized Iran."
has '"source":{"code":"USA",'
code 1985-01-10 "Imam Khomeini criticized Israel."
has '"source":{"code":"IRNGOV"'
echo ok
