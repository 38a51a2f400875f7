#!/bin/sh
# `parley geo lookup`: the candidates of a name (largest first, with their region and country), the one the coder
# would choose (*), --country (alpha-2 or alpha-3) narrowing them and changing the choice, names in other case and
# punctuation, unknown names and countries, a gazetteer file of our own (--gazetteer), and the usage errors.
set -u
P=${PARLEY_BIN:?}
T=$(mktemp -d /tmp/parley_geo.XXXXXX)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
geo() { "$P" geo "$@" >"$T/out" 2>"$T/err"; echo $? >"$T/rc"; }
rc() { cat "$T/rc"; }
chosen() { awk -F'\t' '$1 ~ /^\*/' "$T/out"; }

# the city and the region called Aleppo; the city is the choice
geo lookup Aleppo
[ "$(rc)" -eq 0 ] || fail "Aleppo: rc $(rc)"
[ "$(grep -c . "$T/out")" -eq 2 ] || fail "Aleppo: want 2 candidates: $(cat "$T/out")"
awk -F'\t' '$4 != "Aleppo" || $5 != "SYR" { bad = 1 } END { exit bad }' "$T/out" || fail "Aleppo: region/country"
[ "$(chosen | cut -f1)" = "* 170063" ] && [ "$(chosen | cut -f3)" = "PPLA" ] || fail "Aleppo: choice $(chosen)"
grep -q "ADM1" "$T/out" || fail "Aleppo: the region is a candidate"
# largest population first (column 8)
awk -F'\t' 'NR > 1 && $8 > prev { bad = 1 } { prev = $8 } END { exit bad }' "$T/out" || fail "Aleppo: order"

# case, hyphens and spaces do not count; alpha-2 and alpha-3 both narrow to the country
geo lookup "DEIR EZ ZOR" --country SY
[ "$(rc)" -eq 0 ] && [ "$(chosen | cut -f1)" = "* 170794" ] || fail "deir ez zor: $(cat "$T/out")"
geo lookup "deir ez-zor" --country SYR
[ "$(chosen | cut -f1)" = "* 170794" ] || fail "deir ez-zor SYR: $(cat "$T/out")"

# the country in view changes the choice: Georgia the country, or the US state
geo lookup Georgia --country GE
[ "$(chosen | cut -f3,5)" = "PCLI	GEO" ] || fail "Georgia in GE: $(chosen)"
geo lookup Georgia --country US
[ "$(chosen | cut -f3,5)" = "ADM1	USA" ] || fail "Georgia in US: $(chosen)"
awk -F'\t' '$5 != "USA" { bad = 1 } END { exit bad }' "$T/out" || fail "Georgia --country US lists other countries"
geo lookup Georgia
[ "$(grep -c . "$T/out")" -ge 2 ] || fail "Georgia: both senses are candidates"

# unknown name: exit 1, a message, no candidates; a known name in a country that has none of it: the same
geo lookup Xyzzyqwertville
[ "$(rc)" -eq 1 ] && [ ! -s "$T/out" ] && grep -q "no place called 'Xyzzyqwertville'" "$T/err" || fail "unknown name"
geo lookup Aleppo --country FR
[ "$(rc)" -eq 1 ] && grep -q "in FR" "$T/err" || fail "Aleppo in FR: rc $(rc) $(cat "$T/err")"
# unknown country code: a usage error
geo lookup Paris --country ZZ
[ "$(rc)" -eq 2 ] && grep -q "unknown country code 'ZZ'" "$T/err" || fail "country ZZ: rc $(rc)"

# a gazetteer of our own: sixty towns of one name list fifty and count the rest; a small town with its country
# out of view is no choice; in view, it is
{
  printf 'C\t0\tExland\tPCLI\tXL\tXLX\t10.0\t20.0\t900000\t\n'
  i=1
  while [ $i -le 60 ]; do
    printf 'P\t%d\tTestville\tPPL\tXL\t01\t%d.5\t20.0\t%d\tTest Town\n' $((1000 + i)) $((i % 80)) $((100000 - i))
    i=$((i + 1))
  done
  printf 'P\t9\tSmallton\tPPL\tXL\t01\t1.0\t2.0\t1200\t\n'
} >"$T/g.tsv"
geo lookup testville --gazetteer "$T/g.tsv"
[ "$(rc)" -eq 0 ] && [ "$(grep -c '^[ *] 10' "$T/out")" -eq 50 ] && grep -q '^  \.\.\. 10 more$' "$T/out" ||
  fail "60 candidates: $(tail -3 "$T/out")"
[ "$(head -1 "$T/out" | cut -f1 | tr -d ' *')" = 1001 ] || fail "largest first: $(head -1 "$T/out")"
geo lookup "test town" --gazetteer "$T/g.tsv"
[ "$(grep -c '^[ *] 10' "$T/out")" -eq 50 ] || fail "alternate name"
geo lookup Smallton --gazetteer "$T/g.tsv"
[ "$(rc)" -eq 0 ] && grep -q "^no choice" "$T/out" && [ -z "$(chosen)" ] || fail "Smallton, no country: $(cat "$T/out")"
geo lookup Smallton --country XL --gazetteer "$T/g.tsv"
[ "$(chosen | cut -f1)" = "* 9" ] || fail "Smallton in XL: $(cat "$T/out")"
geo lookup Aleppo --gazetteer "$T/g.tsv"
[ "$(rc)" -eq 1 ] || fail "--gazetteer replaces the built-in one"
geo lookup Paris --gazetteer "$T/missing.tsv"
[ "$(rc)" -eq 3 ] && grep -q "cannot load the gazetteer" "$T/err" || fail "missing gazetteer: rc $(rc)"

# usage
geo --help
[ "$(rc)" -eq 0 ] && grep -q "usage: parley geo lookup" "$T/out" || fail "--help"
for args in "" "lookup" "find Paris" "lookup Paris Rome" "lookup Paris --country" "lookup --bogus Paris"; do
  # shellcheck disable=SC2086
  geo $args
  [ "$(rc)" -eq 2 ] && grep -q "usage: parley geo lookup" "$T/err" || grep -q "needs a value" "$T/err" ||
    fail "'geo $args': rc $(rc) $(cat "$T/err")"
  [ "$(rc)" -eq 2 ] || fail "'geo $args': rc $(rc)"
done
echo "geo: ok"
