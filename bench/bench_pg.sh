#!/bin/sh
# bench/bench_pg.sh [N]: the PostgreSQL store against SQLite on the first N (default 4000) Tehran Times articles,
# on a throwaway PostgreSQL 15 cluster (tests/pg/with-pg.sh; fsync off, as in the tests):
#   - bench_store --corpus on each backend: read, clean, code and store (articles/s per CPU second of the
#     client, and the store's share), then the median time of the README's query and of dyad + date queries
#     (on PostgreSQL again after ANALYZE);
#   - parley ingest into PostgreSQL with 1 writer, then with 2 writers at once (--shard 0/2 and 1/2): wall time.
# Run from the build directory's parent: sh bench/bench_pg.sh [N]   (uses build/bench/bench_store, build/cli/parley)
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
if [ -z "${PARLEY_TEST_PG_HOST:-}" ]; then exec sh "$root/tests/pg/with-pg.sh" sh "$0" "$@"; fi
n=${1:-4000}
bin=$root/build
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
zstd -dc "$root/../shared/corpora/tehran-times/tehran-times.jsonl.zst" | head -n "$n" > "$tmp/sample.jsonl"
admin="postgresql:///postgres?host=$PARLEY_TEST_PG_HOST&user=parley"
url() { echo "postgresql:///$1?host=$PARLEY_TEST_PG_HOST&user=parley"; }
for d in b1 w1 w2; do psql -qX "$admin" -c "CREATE DATABASE $d" >/dev/null; done
echo "== SQLite ($n articles)"
"$bin/bench/bench_store" --db "$tmp/s.db" --corpus "$tmp/sample.jsonl" 2>/dev/null
echo "== PostgreSQL 15 ($n articles)"
"$bin/bench/bench_store" --db "$(url b1)" --corpus "$tmp/sample.jsonl" 2>/dev/null
echo "== PostgreSQL after ANALYZE (what autovacuum does soon after a load)"
psql -qX "$(url b1)" -c "ANALYZE" >/dev/null
"$bin/bench/bench_store" --db "$(url b1)" 2>/dev/null | grep -E "query"
wall() { s=$(date +%s.%N); "$@"; e=$(date +%s.%N); awk "BEGIN { printf \"%.2f\", $e - $s }"; }
rate() { awk "BEGIN { printf \"%.0f\", $1 / $2 }"; }
t1=$(wall sh -c "'$bin/cli/parley' ingest --db '$(url w1)' '$tmp/sample.jsonl' 2>/dev/null || [ \$? -eq 1 ]")
echo "parley ingest, 1 writer: $t1 s wall, $(rate "$n" "$t1") articles/s"
t2=$(wall sh -c "'$bin/cli/parley' ingest --db '$(url w2)' --shard 0/2 '$tmp/sample.jsonl' 2>/dev/null & \
  '$bin/cli/parley' ingest --db '$(url w2)' --shard 1/2 '$tmp/sample.jsonl' 2>/dev/null; wait")
echo "parley ingest, 2 writers (--shard 0/2, 1/2 at once): $t2 s wall, $(rate "$n" "$t2") articles/s"
