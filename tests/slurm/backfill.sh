#!/bin/sh
# A 4-task Slurm array over a Tehran Times sample on a single-node Slurm started for the test
# (tests/slurm/slurm-local.sh): scripts/slurm/parley-backfill.sh ingests the shards, a dependent job merges them,
# and the merged store holds the events of a single-process ingest. Then one shard is lost and the same command
# submitted again: only that task runs, and the store is unchanged.
set -eu
: "${PARLEY_BIN:?}" "${PARLEY_SOURCE_DIR:?}"
here=$(cd "$(dirname "$0")" && pwd)
corpus=${PARLEY_SHARED_DIR:-}/corpora/tehran-times/tehran-times.jsonl.zst
if [ ! -f "$corpus" ]; then echo "skipped: $corpus is absent"; exit 77; fi
tmp=$(mktemp -d /tmp/parley-slurm.XXXXXX)
chmod 755 "$tmp"
SLURM_CONF=$(sh "$here/slurm-local.sh" start "$tmp/slurm") || { rc=$?; rm -rf "$tmp"; [ $rc -eq 77 ] && echo "skipped (see above)"; exit $rc; }
export SLURM_CONF
trap 'sh "$here/slurm-local.sh" stop "$tmp/slurm"; rm -rf "$tmp"' EXIT INT TERM
zstd -dc "$corpus" | head -n 300 > "$tmp/sample.jsonl"
"$PARLEY_BIN" ingest --db "$tmp/one.db" "$tmp/sample.jsonl" 2>/dev/null || [ $? -eq 1 ]
backfill() {
  timeout 600 sh "$PARLEY_SOURCE_DIR/scripts/slurm/parley-backfill.sh" --tasks 4 --work "$tmp/work" \
    --db "$tmp/merged.db" --parley "$PARLEY_BIN" --wait "$tmp/sample.jsonl"
}
backfill > "$tmp/out1" || { cat "$tmp/out1" "$tmp"/work/logs/*.log; echo "FAIL: backfill"; exit 1; }
cat "$tmp/out1"
grep -q "ingest tasks 0,1,2,3 of 0-3" "$tmp/out1" || { echo "FAIL: not a 4-task array"; exit 1; }
for k in 0 1 2 3; do [ -f "$tmp/work/shard-$k-of-4.done" ] || { echo "FAIL: task $k did not finish"; exit 1; }; done
sh "$PARLEY_SOURCE_DIR/tests/pg/events.sh" "$tmp/one.db" > "$tmp/e1"
sh "$PARLEY_SOURCE_DIR/tests/pg/events.sh" "$tmp/merged.db" > "$tmp/e2"
cmp -s "$tmp/e1" "$tmp/e2" || { echo "FAIL: merged events differ from a single ingest"; diff "$tmp/e1" "$tmp/e2" | head; exit 1; }
echo "same events as a single ingest: $(wc -l < "$tmp/e1")"
# task 2 failed, say: its store is gone; submitting again redoes task 2 only, and the merge adds nothing new
rm -f "$tmp"/work/shard-2-of-4.*
backfill > "$tmp/out2" || { cat "$tmp/out2" "$tmp"/work/logs/*.log; echo "FAIL: second backfill"; exit 1; }
cat "$tmp/out2"
grep -q "ingest tasks 2 of 0-3" "$tmp/out2" || { echo "FAIL: the re-submission did not run task 2 alone"; exit 1; }
grep -q "merge: 0 articles merged" "$tmp/work/logs/merge.log" || { tail -3 "$tmp/work/logs/merge.log"; echo "FAIL: the second merge stored again"; exit 1; }
sh "$PARLEY_SOURCE_DIR/tests/pg/events.sh" "$tmp/merged.db" > "$tmp/e3"
cmp -s "$tmp/e1" "$tmp/e3" || { echo "FAIL: events changed after the resumed backfill"; exit 1; }
echo "ok: 4-task Slurm array + merge = single ingest; resumed backfill redid task 2 only"
