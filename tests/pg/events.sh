#!/bin/sh
# tests/pg/events.sh DB [QUERY OPTIONS...]: the events of store DB as sorted JSON lines without the row ids that
# depend on the order of insertion (event_id, story_id): what "the same events" means when comparing stores
# written by one process, several writers, shards or backends.
set -eu
db=$1; shift
"$PARLEY_BIN" query --db "$db" --format jsonl "$@" |
  python3 -c '
import json, sys
for line in sys.stdin:
    r = json.loads(line)
    r.pop("event_id", None); r.pop("story_id", None)
    print(json.dumps(r, sort_keys=True))' | LC_ALL=C sort
