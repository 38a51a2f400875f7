#!/bin/sh
# Runs every libFuzzer target of build-fuzz (make fuzz) for SECONDS each (default 60) from its seed corpus.
# New coverage goes to a scratch corpus, so the tree stays clean; a crash stops the run with a non-zero status and
# its input is written to fuzz/corpora/<target>/crash-* so that, committed, it becomes a seed replayed by ctest.
set -eu
cd "$(dirname "$0")/.."
secs=${1:-60}
work=$(mktemp -d /tmp/parley_fuzz.XXXXXX)
trap 'rm -rf "$work"' EXIT
status=0
for bin in build-fuzz/fuzz/*_fuzzer; do
  [ -x "$bin" ] || continue
  name=$(basename "$bin" _fuzzer)
  mkdir -p "$work/$name"
  echo "fuzz: $name for ${secs}s"
  if ! "$bin" "$work/$name" "fuzz/corpora/$name" -max_total_time="$secs" -timeout=25 -rss_limit_mb=2048 \
      -artifact_prefix="fuzz/corpora/$name/crash-" -print_final_stats=1 >"$work/$name.log" 2>&1; then
    tail -40 "$work/$name.log"
    echo "fuzz: $name FAILED: its input is under fuzz/corpora/$name/crash-*"
    status=1
  else
    grep -E "stat::number_of_executed_units|stat::new_units_added" "$work/$name.log" | tr '\n' ' '
    echo
  fi
done
exit $status
