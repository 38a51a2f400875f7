#!/bin/sh
# Output formats (issue 13): Phoenix and GDELT files load back with their published column counts (Phoenix 26,
# GDELT 2.0 events 61 as listed in ../shared/reference/formats, mentions 16); Python's csv module with default
# settings reads every CSV and TSV that code and query write with one row per event; code and query share one
# schema (the stored events, places included, read back as code wrote them); TSV escapes instead of quoting.
set -u
P=${PARLEY_BIN:?}
S=${PARLEY_SOURCE_DIR:?}
T=$(mktemp -d /tmp/parley_output.XXXXXX)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
command -v python3 >/dev/null || { echo "skipped: python3 missing (scripts/install-deps.sh installs it)"; exit 77; }

# articles with the characters that break naive readers: tabs, quotes at the start of a field, commas, a CR
printf '%s\n' \
  '{"id":"q1","date":"2024-03-01","source":"Outlet, Inc.","url":"http://x.example/a?b=1,2","text":"\"Iran condemned Israel\" on Monday, officials said.\tIran condemned Israel again."}' \
  '{"id":"q2","date":"2024-03-02","source":"Tab\tNews","text":"Russia and Iran discussed trade on Tuesday.\r\nMoscow praised Tehran."}' \
  >"$T/a.jsonl"
"$P" code --date 2024-12-02 --output jsonl "$T/a.jsonl" "$S/examples/articles" >"$T/e.jsonl" || fail "code jsonl"
n=$(wc -l <"$T/e.jsonl")
[ "$n" -gt 5 ] || fail "only $n events"

"$P" code --date 2024-12-02 --output phoenix "$T/a.jsonl" "$S/examples/articles" >"$T/p.tsv" || fail "phoenix"
"$P" code --date 2024-12-02 --output gdelt --mentions "$T/m.tsv" "$T/a.jsonl" "$S/examples/articles" >"$T/g.tsv" ||
  fail "gdelt"
for f in csv tsv; do
  "$P" code --date 2024-12-02 --output $f "$T/a.jsonl" "$S/examples/articles" >"$T/e.$f" || fail "code $f"
done
"$P" ingest --db "$T/s.db" --date 2024-12-02 "$T/a.jsonl" "$S/examples/articles" 2>/dev/null || fail "ingest"
for f in csv tsv phoenix gdelt jsonl; do
  "$P" query --db "$T/s.db" --format $f >"$T/q.$f" || fail "query $f"
done

GDELT_COLS=61
R=${PARLEY_SHARED_DIR:-}/reference/formats/gdelt2-events.columns.csv
[ -f "$R" ] && GDELT_COLS=$(python3 -c 'import csv,sys; print(len(list(csv.reader(open(sys.argv[1])))) - 1)' "$R")
[ "$GDELT_COLS" -eq 61 ] || fail "the reference lists $GDELT_COLS GDELT columns"

python3 - "$T" "$n" "$GDELT_COLS" <<'PY' || fail "python readers"
import csv, json, sys
t, n, gcols = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
def rows(path, **kw):
    with open(path, newline='', encoding='utf-8') as f:
        return list(csv.reader(f, **kw))
def check(cond, msg):
    if not cond:
        print("FAIL:", msg); sys.exit(1)
events = [json.loads(l) for l in open(t + '/e.jsonl', encoding='utf-8')]
check(len(events) == n, "jsonl")
c = rows(t + '/e.csv')                     # default settings: excel dialect
tv = rows(t + '/e.tsv', delimiter='\t', quoting=csv.QUOTE_NONE)
check(len(c) == n + 1 and len(tv) == n + 1, f"csv {len(c)} / tsv {len(tv)} rows for {n} events")
check(c[0] == tv[0] and all(len(r) == len(c[0]) for r in c + tv), "csv/tsv widths")
i = c[0].index('text')
for e, rc, rt in zip(events, c[1:], tv[1:]):
    check(rc[i] == e['text'], f"csv text {rc[i]!r} != {e['text']!r}")
    unesc = rt[i].replace('\\t', '\t').replace('\\n', '\n').replace('\\r', '\r').replace('\\\\', '\\')
    check(unesc == e['text'], f"tsv text {rt[i]!r}")
    check(rc[c[0].index('cameo')] == e['cameo'] and rc[c[0].index('doc_id')] == e['doc_id'], "fields")
p = rows(t + '/p.tsv', delimiter='\t', quoting=csv.QUOTE_NONE)
check(len(p) == n and all(len(r) == 26 for r in p), "phoenix: 26 columns, one row an event")
check(len({r[0] for r in p}) == n, "phoenix ids unique")
g = rows(t + '/g.tsv', delimiter='\t', quoting=csv.QUOTE_NONE)
m = rows(t + '/m.tsv', delimiter='\t', quoting=csv.QUOTE_NONE)
check(len(g) == n and all(len(r) == gcols for r in g), "gdelt events: %d columns" % gcols)
check(len(m) == n and all(len(r) == 16 for r in m), "gdelt mentions: 16 columns")
check([r[0] for r in g] == [r[0] for r in m], "mentions name the events")
for r, e in zip(g, events):
    check(r[26] == e['cameo'] and r[5] == e['source']['code'] and r[1] == (e['date'] or '').replace('-', ''), "gdelt fields")
# query: code's columns first, then the store's; the same rows in every format
qc = rows(t + '/q.csv')
qt = rows(t + '/q.tsv', delimiter='\t', quoting=csv.QUOTE_NONE)
check(qc[0][:len(c[0])] == c[0] and qc[0][len(c[0])] == 'event_id', "query header extends code's")
qn = len(qc) - 1
check(qn == n and len(qt) == qn + 1, f"query rows {qn} vs {n} coded")
check(all(len(r) == len(qc[0]) for r in qc + qt), "query widths")
check(len(rows(t + '/q.phoenix', delimiter='\t', quoting=csv.QUOTE_NONE)) == qn, "query phoenix")
check(all(len(r) == gcols for r in rows(t + '/q.gdelt', delimiter='\t', quoting=csv.QUOTE_NONE)), "query gdelt")
qj = [json.loads(l) for l in open(t + '/q.jsonl', encoding='utf-8')]
check(len(qj) == qn and all(k in qj[0] for k in ('doc_id', 'source', 'evidence', 'event_id')), "query jsonl")
# one schema: the stored events read back give code's rows cell for cell (the places too: ingest geolocates with
# the same gazetteer), and the same JSON location objects; rows come in another order (query's is by date). Only
# the outlet may differ: ingest stores the outlet a dateline names ("ANKARA (Anadolu) -") for an article without one
w, o = len(c[0]), c[0].index('outlet')
same = lambda r: r[:o] + r[o + 1:w]
check(sorted(map(same, qc[1:])) == sorted(map(same, c[1:])), "query's event columns differ from code's")
check(sorted(map(same, qt[1:])) == sorted(map(same, tv[1:])), "query's TSV event columns differ from code's")
key = lambda e: (e['doc_id'], e['sentence'], e['cameo'], json.dumps(e['source']), json.dumps(e['target']))
check(sorted((key(e), json.dumps(e['location'])) for e in qj) == sorted((key(e), json.dumps(e['location'])) for e in events),
      "query's location objects differ from code's")
lf = c[0].index('location_from')
check(any(r[lf] for r in qc[1:]) and any(e['location'] and 'lat' in e['location'] for e in qj),
      "no stored event has a gazetteer place")
PY
"$P" code --output gdelt --mentions "$T/none/m.tsv" "$T/a.jsonl" >/dev/null 2>&1; [ $? -eq 3 ] || fail "unwritable --mentions"
"$P" code --output tsv --mentions "$T/m2.tsv" "$T/a.jsonl" >/dev/null 2>&1; [ $? -eq 2 ] || fail "--mentions without gdelt"
"$P" code --output xml "$T/a.jsonl" >/dev/null 2>&1; [ $? -eq 2 ] || fail "--output xml"
echo "ok: $n events"
