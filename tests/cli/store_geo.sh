#!/bin/sh
# Events' places through the store: `parley ingest` geolocates the sentences of the geolocation table
# (tests/data/geo/sentences.tsv, one article each) and stores the place; `parley query` prints it (CSV columns,
# the JSON location object) and filters by --country, --admin1 and --near (checked against the distances awk
# computes from the printed coordinates); `parley series --by-place` splits the counts and they add up; `recode
# --no-geo` drops the coordinates and a recode with the gazetteer brings them back; bad values are usage errors.
set -u
P=${PARLEY_BIN:?}
SRC=${PARLEY_SOURCE_DIR:?}
T=$(mktemp -d /tmp/parley_store_geo.XXXXXX)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
q() { "$P" query --db "$T/g.db" "$@"; }
# The place columns of query's TSV (the schema parley code shares: docs/output.md), looked up by header name so
# that the test follows the schema rather than positions; TSV is never quoted, so a comma in the text cannot shift
# a field. One line an event: name|country|admin1|lat|lon|geonameid|feature|from.
places() {
  q --format tsv "$@" | awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
    { print $c["location_name"] "|" $c["location_country"] "|" $c["location_admin1"] "|" $c["location_lat"] "|" \
        $c["location_lon"] "|" $c["location_geonameid"] "|" $c["location_feature"] "|" $c["location_from"] }'
}
count() { "$P" query --db "$T/g.db" --count "$@" || fail "query $* exited $?"; }

# one JSONL article per table line (dated, so that the series has periods)
awk -F'\t' '!/^#/ && NF == 2 { gsub(/\\/, "\\\\", $2); gsub(/"/, "\\\"", $2)
  printf "{\"id\":\"g%03d\",\"date\":\"2024-%02d-15\",\"text\":\"%s\"}\n", NR, NR % 12 + 1, $2 }' \
  "$SRC/tests/data/geo/sentences.tsv" >"$T/geo.jsonl"
"$P" ingest --db "$T/g.db" "$T/geo.jsonl" 2>"$T/log" || fail "ingest: $(cat "$T/log")"
places >"$T/loc" || fail "query"
all=$(wc -l <"$T/loc")
[ "$all" -gt 50 ] || fail "only $all events"
[ "$(q --count)" -eq "$all" ] || fail "TSV rows $all != --count $(q --count)"
placed=$(awk -F'|' '$8 != ""' "$T/loc" | wc -l)
[ "$placed" -ge 40 ] || fail "only $placed of $all events placed"
awk -F'|' '$8 != "" && ($4 == "" || $5 == "" || $2 == "" || ($8 != "clause" && $8 != "dateline")) { bad = 1 } END { exit bad }' "$T/loc" ||
  fail "a placed event without its coordinates, country or origin"
grep -q '^Aleppo|SYR|Aleppo|36.2012|37.1612|170063|PPLA|' "$T/loc" || fail "Aleppo's row: $(grep Aleppo "$T/loc" | head -1)"
q --format jsonl --country SYR --admin1 Aleppo --limit 1 |
  grep -q '"location":{"name":"Aleppo","geonameid":170063,"lat":36.2012,"lon":37.1612,"feature":"PPLA","admin1":"Aleppo","country":"SYR","from":"' ||
  fail "JSON location object"

# --country and --admin1 select exactly the rows whose printed place says so
for cc in SYR UKR NGA USA; do
  want=$(awk -F'|' -v c="$cc" '$2 == c' "$T/loc" | wc -l)
  [ "$want" -gt 0 ] || fail "no event in $cc"
  [ "$(count --country "$cc")" -eq "$want" ] || fail "--country $cc: $(count --country "$cc") != $want"
done
[ "$(count --country syr)" -eq "$(count --country SYR)" ] || fail "--country is case-blind"
a1=$(awk -F'|' '$3 != "" { print $3 }' "$T/loc" | sort | uniq -c | sort -rn | awk 'NR == 1 { $1 = ""; sub(/^ /, ""); print }')
want=$(awk -F'|' -v a="$a1" '$3 == a' "$T/loc" | wc -l)
[ "$(count --admin1 "$a1")" -eq "$want" ] || fail "--admin1 '$a1': $(count --admin1 "$a1") != $want"

# --near: the rows within KM of a point by the haversine of their printed coordinates (4 decimals: compare with a
# margin, and pick radii away from any row's distance)
near_want() {
  awk -F'|' -v la="$1" -v lo="$2" -v km="$3" 'function rad(x) { return x * 3.141592653589793 / 180 }
    $4 != "" { d1 = rad($4 - la); d2 = rad($5 - lo)
      a = sin(d1 / 2) ^ 2 + cos(rad(la)) * cos(rad($4)) * sin(d2 / 2) ^ 2
      d = 2 * 6371.0088 * atan2(sqrt(a), sqrt(1 - a)); if (d <= km) n++ } END { print n + 0 }' "$T/loc"
}
for spec in "36.2,37.16,25" "36.2,37.16,400" "50.45,30.52,600" "9.06,7.49,1000" "0,0,20000"; do
  la=${spec%%,*}; rest=${spec#*,}; lo=${rest%%,*}; km=${rest#*,}
  want=$(near_want "$la" "$lo" "$km")
  got=$(count --near "$spec")
  [ "$got" -eq "$want" ] || fail "--near $spec: $got != $want"
done
[ "$(count --near 36.2,37.16,400)" -gt "$(count --near 36.2,37.16,25)" ] || fail "--near radius does not widen"
[ "$(count --near 36.2,37.16,400 --country IRQ)" -le "$(count --country IRQ)" ] || fail "--near with --country"

# series by place: the split counts add up to the total; one line per place and period
"$P" series --db "$T/g.db" --by year >"$T/s.csv" || fail "series"
"$P" series --db "$T/g.db" --by year --by-place country >"$T/sc.csv" || fail "series --by-place country"
"$P" series --db "$T/g.db" --by month --by-place admin1 >"$T/sa.csv" || fail "series --by-place admin1"
head -1 "$T/sc.csv" | grep -q '^country,period,events,' || fail "country header"
head -1 "$T/sa.csv" | grep -q '^country,admin1,period,events,' || fail "admin1 header"
tot=$(awk -F, 'NR > 1 { s += $2 } END { print s }' "$T/s.csv")
[ "$(awk -F, 'NR > 1 { s += $3 } END { print s }' "$T/sc.csv")" -eq "$tot" ] || fail "country split != total"
[ "$(awk -F, 'NR > 1 { s += $(NF-9) } END { print s }' "$T/sa.csv")" -eq "$tot" ] || fail "admin1 split != total"
syr=$(awk -F, '$1 == "SYR" { s += $3 } END { print s + 0 }' "$T/sc.csv")
[ "$syr" -eq "$(count --country SYR)" ] || fail "SYR series $syr != --country SYR"
[ "$(awk -F, 'NR > 1 { print $1 "," $2 }' "$T/sc.csv" | sort | uniq -d | wc -l)" -eq 0 ] || fail "repeated bucket"
"$P" series --db "$T/g.db" --by year --country UKR --by-place country | awk -F, 'NR > 1 && $1 != "UKR" { bad = 1 } END { exit bad }' ||
  fail "series --country"

# recode without a gazetteer keeps no coordinates; with it, the places come back
"$P" recode --db "$T/g.db" --no-geo 2>/dev/null || fail "recode --no-geo"
[ "$(places | awk -F'|' '$8 != "" || $4 != "" || $6 != ""' | wc -l)" -eq 0 ] || fail "coordinates after --no-geo"
[ "$(count --near 0,0,20000)" -eq 0 ] || fail "--near after --no-geo"
"$P" recode --db "$T/g.db" 2>/dev/null || fail "recode"
[ "$(count --near 0,0,20000)" -eq "$placed" ] || fail "places after recode: $(count --near 0,0,20000) != $placed"

# bad values are usage errors (exit 2) with a message
for args in "--near 36.2,37.16" "--near 91,0,10" "--near a,b,c" "--near 1,2,-5" "--country SY" "--country S1R"; do
  # shellcheck disable=SC2086
  q --count $args >/dev/null 2>"$T/err"; rc=$?
  [ $rc -eq 2 ] && [ -s "$T/err" ] || fail "query $args: rc $rc"
done
"$P" series --db "$T/g.db" --by-place city >/dev/null 2>"$T/err"; rc=$?
[ $rc -eq 2 ] && grep -q "by-place" "$T/err" || fail "--by-place city: rc $rc"
"$P" ingest --db "$T/x.db" --gazetteer "$T/missing.tsv" "$T/geo.jsonl" 2>"$T/err"; rc=$?
[ $rc -eq 3 ] && grep -q "cannot load the gazetteer" "$T/err" || fail "ingest with a missing gazetteer: rc $rc"
echo "store_geo: ok"
