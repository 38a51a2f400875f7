#!/bin/sh
# scripts/slurm/parley-backfill.sh: a corpus backfill as a Slurm job array (docs/cluster.md).
#
#   parley-backfill.sh --tasks N --work DIR --db TARGET [--direct] [--parley PATH] [--wait]
#                      [--sbatch "OPTIONS"] [--] SOURCE...
#
# Submits one `sbatch --array` job whose task K runs `parley ingest --shard K/N` over the SOURCEs (files or
# directories on the shared filesystem; *.zst files are decompressed on the fly) into DIR/shard-K-of-N.db, then a
# job that depends on it and runs `parley merge --db TARGET` over the shard stores. With --direct the tasks write
# straight into TARGET (a postgresql:// store, which takes concurrent writers) and nothing is merged.
#
# Resumable: a task that finished leaves DIR/shard-K-of-N.done; submitting the same command again submits only
# the tasks without one (each re-ingests its shard, skipping what its store already holds) and the merge, which
# skips what TARGET already holds. Prints the job ids; --wait returns when the merge has finished (its status).
set -eu
usage() { sed -n '4,7p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
tasks=""; work=""; target=""; direct=0; wait=0; sbatch_opts=""
parley=$(command -v parley 2>/dev/null || echo parley)
while [ $# -gt 0 ]; do
  case "$1" in
  --tasks) tasks=$2; shift 2 ;;
  --work) work=$2; shift 2 ;;
  --db) target=$2; shift 2 ;;
  --direct) direct=1; shift ;;
  --parley) parley=$2; shift 2 ;;
  --wait) wait=1; shift ;;
  --sbatch) sbatch_opts=$2; shift 2 ;;
  --) shift; break ;;
  -h|--help) usage ;;
  -*) echo "parley-backfill: unknown option $1" >&2; usage ;;
  *) break ;;
  esac
done
[ -n "$tasks" ] && [ -n "$work" ] && [ -n "$target" ] && [ $# -gt 0 ] || usage
case "$tasks" in ''|*[!0-9]*) echo "parley-backfill: --tasks wants a number" >&2; exit 2 ;; esac
[ "$tasks" -ge 1 ] || { echo "parley-backfill: --tasks wants a number >= 1" >&2; exit 2; }
mkdir -p "$work/logs"
work=$(cd "$work" && pwd)
case "$parley" in /*) ;; */*) parley=$(cd "$(dirname "$parley")" && pwd)/$(basename "$parley") ;; esac

# the task script: the sources quoted once, here, so that any file name survives
task="$work/task.sh"
{
  echo '#!/bin/sh'
  echo '# written by parley-backfill.sh: ingests shard $SLURM_ARRAY_TASK_ID of '"$tasks"
  echo 'set -u'
  echo 'k=$SLURM_ARRAY_TASK_ID'
  printf 'parley=%s\n' "'$(printf %s "$parley" | sed "s/'/'\\\\''/g")'"
  if [ $direct = 1 ]; then
    printf 'db=%s\n' "'$(printf %s "$target" | sed "s/'/'\\\\''/g")'"
  else
    printf 'db=%s\n' "'$work/shard-'\"\$k\"'-of-$tasks.db'"
  fi
  echo 'rc=0'
  for src in "$@"; do
    case "$src" in /*) ;; *) src=$(pwd)/$src ;; esac
    q="'$(printf %s "$src" | sed "s/'/'\\\\''/g")'"
    case "$src" in
    *.zst) echo "zstd -dc $q | \"\$parley\" ingest --db \"\$db\" --shard \"\$k/$tasks\" - || { r=\$?; [ \$r -le 1 ] || rc=\$r; }" ;;
    *) echo "\"\$parley\" ingest --db \"\$db\" --shard \"\$k/$tasks\" $q || { r=\$?; [ \$r -le 1 ] || rc=\$r; }" ;;
    esac
  done
  # exit 1 is "done, some input skipped or repaired": the shard is complete
  echo "[ \$rc -eq 0 ] && touch '$work'/shard-\"\$k\"-of-$tasks.done"
  echo 'exit $rc'
} > "$task"
chmod +x "$task"

# only the tasks that have not finished
todo=""
k=0
while [ $k -lt "$tasks" ]; do
  [ -f "$work/shard-$k-of-$tasks.done" ] || todo="$todo${todo:+,}$k"
  k=$((k + 1))
done
dep=""
if [ -n "$todo" ]; then
  # shellcheck disable=SC2086
  array=$(sbatch --parsable $sbatch_opts --job-name=parley-ingest --array="$todo" \
    --output="$work/logs/ingest-%a.log" "$task")
  array=${array%%;*}
  echo "parley-backfill: ingest tasks $todo of 0-$((tasks - 1)): job $array"
  dep="--dependency=afterok:$array"
else
  echo "parley-backfill: every ingest task has finished"
fi
if [ $direct = 1 ]; then
  merge="\"$parley\" dbinfo --db \"\$PARLEY_BACKFILL_DB\""
else
  shards=""
  k=0
  while [ $k -lt "$tasks" ]; do shards="$shards \"$work/shard-$k-of-$tasks.db\""; k=$((k + 1)); done
  merge="\"$parley\" merge --db \"\$PARLEY_BACKFILL_DB\"$shards"
fi
waitopt=""; [ $wait = 1 ] && waitopt="--wait"
# the target travels in the environment, not on a command line others can read in squeue
# shellcheck disable=SC2086
job=$(PARLEY_BACKFILL_DB=$target sbatch --parsable $sbatch_opts $dep $waitopt --export=ALL --job-name=parley-merge \
  --output="$work/logs/merge.log" --wrap="$merge") || { echo "parley-backfill: the merge job failed (see $work/logs/merge.log)" >&2; exit 1; }
echo "parley-backfill: merge job ${job%%;*}"
