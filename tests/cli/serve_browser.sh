#!/bin/sh
# parley serve in a real browser: a store of the seed articles (with their gold dates) and examples/articles,
# the page loaded in headless Chromium (tests/browser/page_test.js, puppeteer-core), a screenshot written to
# the build directory (serve_browser.png). Skipped, saying why, when ../shared, Chromium or node is missing.
set -u
P=${PARLEY_BIN:?}
SRC=${PARLEY_SOURCE_DIR:?}
SHARED=${PARLEY_SHARED_DIR:-}
OUT=${PARLEY_BUILD_DIR:?}
SEEDS=$SHARED/samples/seeds
[ -f "$SHARED/samples/seeds.gold.jsonl" ] || { echo "skipped: no seed articles ($SEEDS)"; exit 77; }
CHROMIUM=${CHROMIUM:-$(command -v chromium || true)}
[ -n "$CHROMIUM" ] || { echo "skipped: no chromium (scripts/install-deps.sh installs it)"; exit 77; }
command -v node >/dev/null || { echo "skipped: no node (scripts/install-deps.sh installs it)"; exit 77; }
[ -d "$SRC/tests/browser/node_modules/puppeteer-core" ] ||
  { echo "skipped: puppeteer-core not installed (scripts/install-deps.sh: npm ci in tests/browser)"; exit 77; }
"$P" serve --help >/dev/null 2>&1 || { echo "skipped: parley built without libmicrohttpd"; exit 77; }
T=$(mktemp -d /tmp/parley_serve_browser.XXXXXX)
PID=
cleanup() { [ -n "$PID" ] && kill "$PID" 2>/dev/null; rm -rf "$T"; }
trap cleanup EXIT
fail() { echo "FAIL: $*"; [ -f "$T/serve.err" ] && cat "$T/serve.err"; exit 1; }

# each seed with its publication date from the gold file
sed -n 's/.*"file": *"seeds\/\([^"]*\)".*"date": *"\([0-9-]*\)".*/\1 \2/p' "$SHARED/samples/seeds.gold.jsonl" >"$T/dates"
[ -s "$T/dates" ] || fail "no dates in seeds.gold.jsonl"
while read -r f d; do
  "$P" ingest --db "$T/s.db" --date "$d" "$SEEDS/$f" 2>>"$T/ingest.err" || fail "ingest $f"
done <"$T/dates"
"$P" ingest --db "$T/s.db" "$SRC/examples/articles" 2>>"$T/ingest.err" || fail "ingest examples"

"$P" serve --db "$T/s.db" --listen 127.0.0.1:0 >"$T/serve.out" 2>"$T/serve.err" &
PID=$!
i=0
while ! grep -q listening "$T/serve.out" 2>/dev/null; do
  i=$((i + 1)); [ $i -lt 100 ] || fail "the server did not start"; sleep 0.1
done
URL=$(sed -n 's/.*listening on \(http:[^ ]*\).*/\1/p' "$T/serve.out")
case "$URL" in http://127.0.0.1:*) ;; *) fail "not on loopback: $URL" ;; esac

CHROMIUM=$CHROMIUM NODE_PATH="$SRC/tests/browser/node_modules" node "$SRC/tests/browser/page_test.js" "$URL" \
  "$OUT/serve_browser.png" || fail "page test"

# SIGTERM stops it cleanly
kill -TERM "$PID"
wait "$PID"; rc=$?
PID=
[ $rc -eq 0 ] || fail "parley serve exited $rc on SIGTERM"
grep -q "SIGTERM: stopping" "$T/serve.err" || fail "no shutdown message"
echo "PASS: browser test ($OUT/serve_browser.png)"
