#!/bin/sh
# `parley extract`: one JSON object per page (plain and gzip input, stdin), warnings for a broken page, --help.
set -eu
: "${PARLEY_BIN:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cat > "$tmp/a.html" <<'HTML'
<!doctype html><html lang="fr"><head><meta property="og:site_name" content="Le Quotidien">
<meta property="article:published_time" content="2021-06-01T09:00:00Z"><title>Titre</title></head>
<body><nav><a href="/">Accueil</a></nav><article><p>Le ministre a annonc&eacute; lundi, devant les d&eacute;put&eacute;s, que la frontière rouvrira.</p></article></body></html>
HTML
gzip -c "$tmp/a.html" > "$tmp/b.html.gz"
printf '<html><body><div><p>Broken page, with unclosed <b>tags and a cut' > "$tmp/c.html"
"$PARLEY_BIN" extract --help | grep -q "usage: parley extract"
"$PARLEY_BIN" extract "$tmp/a.html" "$tmp/b.html.gz" > "$tmp/out" 2> "$tmp/err"
test "$(wc -l < "$tmp/out")" -eq 2
grep -q '"title":"Titre"' "$tmp/out"
grep -q '"source":"Le Quotidien"' "$tmp/out"
grep -q '"date":"2021-06-01T09:00:00Z"' "$tmp/out"
grep -q '"language":"fr"' "$tmp/out"
grep -q 'Le ministre a annoncé lundi, devant les députés' "$tmp/out"
if grep -q Accueil "$tmp/out"; then echo "navigation leaked"; exit 1; fi
"$PARLEY_BIN" extract < "$tmp/b.html.gz" | grep -q '"file":"-"'
status=0
"$PARLEY_BIN" extract "$tmp/c.html" > "$tmp/out" 2> "$tmp/err" || status=$?
test "$status" -eq 1
grep -q 'Broken page, with unclosed tags and a cut' "$tmp/out"
grep -q 'truncated' "$tmp/err"
status=0
"$PARLEY_BIN" extract --bogus > /dev/null 2>&1 || status=$?
test "$status" -eq 2
# the same pages through the text pipeline: detected by content, gzip too, or forced with --input html
"$PARLEY_BIN" sentences "$tmp/b.html.gz" > "$tmp/out"
grep -q '"title":"Titre"' "$tmp/out"
grep -q '"date":"2021-06-01"' "$tmp/out"
grep -q '"text":"Le ministre a annoncé lundi, devant les députés, que la frontière rouvrira."' "$tmp/out"
cp "$tmp/a.html" "$tmp/page.txt"
"$PARLEY_BIN" sentences --input html "$tmp/page.txt" | grep -q '"source":"Le Quotidien"'
echo "extract: ok"
