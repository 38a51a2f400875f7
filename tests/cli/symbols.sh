#!/bin/sh
# The static library exports only parley_ (public) and pl_ (internal) symbols: no name can clash with a user's.
lib="$PARLEY_BUILD_DIR/libparley.a"
[ -f "$lib" ] || { echo "no $lib"; exit 1; }
command -v nm >/dev/null || { echo "skipped: nm not found"; exit 77; }
bad=$(nm -g --defined-only "$lib" | awk 'NF == 3 { print $3 }' | grep -v '^parley_' | grep -v '^pl_')
if [ -n "$bad" ]; then
  echo "symbols without the parley_/pl_ prefix:"
  echo "$bad"
  exit 1
fi
echo "all exported symbols carry parley_ or pl_"
