#!/bin/sh
# Articles not in English (issue 13): code, ingest and recode skip them with one warning line giving the counts
# by language and exit 1, never zero events in silence; --language any codes them; a language the input declares
# (JSONL `language`, a page's lang) wins over the detector.
set -u
P=${PARLEY_BIN:?}
S=${PARLEY_SOURCE_DIR:?}
D="$S/tests/data/language"
T=$(mktemp -d /tmp/parley_language.XXXXXX)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
want="12 articles not in 'en' skipped (ar 1, de 1, es 1, fa 1, fr 1, it 1, nl 1, pt 1, ru 1, tr 1, und 1, zh 1)"
cp "$D"/*.txt "$T/"
cat >"$T/nl.txt" <<'X'
De minister van Buitenlandse Zaken heeft maandag in Den Haag met zijn Belgische collega gesproken over de oorlog,
zei een woordvoerder. Beide landen willen de steun aan Oekraïne voortzetten.
X
cat >"$T/uk.txt" <<'X'
Міністр закордонних справ України в понеділок провів у Києві переговори зі своїм польським колегою, повідомляє
міністерство. Сторони обговорили постачання зброї.
X
mkdir "$T/in" && mv "$T"/*.txt "$T/in/"

# code: one warning, exit 1, events only from the English articles
for j in 1 2; do
  "$P" code --no-geo -j $j "$T/in" >"$T/out" 2>"$T/err"
  rc=$?
  [ $rc -eq 1 ] || fail "code -j $j: exit $rc, want 1: $(cat "$T/err")"
  [ "$(grep -c 'skipped' "$T/err")" -eq 1 ] || fail "code -j $j: want one warning line: $(cat "$T/err")"
  grep -qF "parley code: warning: $want; --language any codes them" "$T/err" || fail "code -j $j: $(cat "$T/err")"
  others=$(grep -v '"doc_id":"en' "$T/out" | wc -l)
  [ "$others" -eq 0 ] || fail "code -j $j: events from non-English articles"
  grep -q '"doc_id":"en_names"' "$T/out" || fail "code -j $j: the English text with foreign names was not coded"
  grep -q '"doc_id":"en_quotes"' "$T/out" || fail "code -j $j: the English text with a Russian quote was not coded"
done
# --language any: every article is coded, no warning
"$P" code --no-geo --language any "$T/in" >"$T/out" 2>"$T/err" || fail "code --language any: exit $?: $(cat "$T/err")"
grep -q skipped "$T/err" && fail "code --language any warned: $(cat "$T/err")"
"$P" code --no-geo --language=any "$T/in/fr.txt" >/dev/null 2>&1 || fail "--language=any"
# only French: the English ones are skipped
"$P" code --no-geo --language fr "$T/in/fr.txt" "$T/in/en.txt" >/dev/null 2>"$T/err"
[ $? -eq 1 ] && grep -qF "1 article not in 'fr' skipped (en 1)" "$T/err" || fail "--language fr: $(cat "$T/err")"
"$P" code --language english "$T/in/en.txt" >/dev/null 2>"$T/err"
[ $? -eq 2 ] && grep -q "ISO 639" "$T/err" || fail "--language english is not a usage error"
# all English: exit 0, no warning
"$P" code --no-geo "$T/in/en.txt" "$T/in/en_names.txt" >/dev/null 2>"$T/err" || fail "English only: exit $?"
[ -s "$T/err" ] && fail "English only: stderr: $(cat "$T/err")"

# the input's own language wins: JSONL field, page lang
en=$(sed 's/"/\\"/g' "$T/in/en.txt" | tr '\n' ' ')
printf '{"id":"x1","language":"fr","text":"%s"}\n{"id":"x2","language":"en-GB","text":"%s"}\n{"id":"x3","text":"%s"}\n' \
  "$en" "$en" "$en" >"$T/a.jsonl"
"$P" code --no-geo "$T/a.jsonl" >"$T/out" 2>"$T/err"
[ $? -eq 1 ] && grep -qF "1 article not in 'en' skipped (fr 1)" "$T/err" || fail "JSONL language: $(cat "$T/err")"
grep -q '"doc_id":"x1"' "$T/out" && fail "x1 (declared fr) coded"
grep -q '"doc_id":"x2"' "$T/out" && grep -q '"doc_id":"x3"' "$T/out" || fail "x2/x3 not coded"
# a page's text outranks a lang copied from a site template; a page with no lang is detected
printf '<html lang="ru"><head><title>t</title></head><body><article><p>%s</p></article></body></html>\n' "$en" >"$T/p.html"
"$P" code --no-geo "$T/p.html" >"$T/out" 2>"$T/err" || fail "English page declared ru: exit $?: $(cat "$T/err")"
grep -q '"doc_id":"p"' "$T/out" || fail "English page declared ru: not coded"
de=$(tr '\n' ' ' <"$T/in/de.txt")
printf '<html lang="en"><head><title>t</title></head><body><article><p>%s</p></article></body></html>\n' "$de" >"$T/q.html"
printf '<html><head><title>t</title></head><body><article><p>%s</p></article></body></html>\n' "$de" >"$T/r.html"
"$P" code --no-geo "$T/q.html" "$T/r.html" >/dev/null 2>"$T/err"
[ $? -eq 1 ] && grep -qF "2 articles not in 'en' skipped (de 2)" "$T/err" || fail "German pages: $(cat "$T/err")"

# ingest: skipped articles are not stored; recode skips the stored non-English ones with the same warning
"$P" ingest --db "$T/a.db" "$T/in" >/dev/null 2>"$T/err"
[ $? -eq 1 ] || fail "ingest: exit $?: $(cat "$T/err")"
grep -qF "parley ingest: warning: $want" "$T/err" || fail "ingest: $(cat "$T/err")"
[ "$("$P" dbinfo --db "$T/a.db" | sed -n 's/^articles //p')" -eq 3 ] || fail "ingest stored non-English articles"
"$P" ingest --db "$T/b.db" --language any "$T/in" >/dev/null 2>"$T/err" || fail "ingest --language any: $(cat "$T/err")"
[ "$("$P" dbinfo --db "$T/b.db" | sed -n 's/^articles //p')" -eq 15 ] || fail "ingest --language any"
"$P" recode --db "$T/b.db" >/dev/null 2>"$T/err"
[ $? -eq 1 ] && grep -qF "parley recode: warning: $want" "$T/err" || fail "recode: $(cat "$T/err")"
"$P" recode --db "$T/b.db" --language any >/dev/null 2>"$T/err" || fail "recode --language any: $(cat "$T/err")"
echo ok
