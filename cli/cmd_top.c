/* cli/cmd_top.c: `parley top`: the most frequent actors, dyads or event codes among the stored events that match
 * the usual filters: the first question asked of a new store ("who is in it, doing what?"). */
#include "cli.h"
#include <parley/store.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *out) {
  fprintf(out, "usage: parley top --db FILE [--by actor|dyad|code] [--limit N] [FILTERS]\n\n"
               "Prints, as CSV, the actor codes (either side), the SOURCE:TARGET dyads (as coded) or the CAMEO\n"
               "event codes of the events that match every filter, most frequent first: key, the number of\n"
               "event mentions and of distinct articles. Every mention counts (--dedup and --stories do not\n"
               "apply).\n\n"
               "  --by KEY           actor (default), dyad or code\n"
               "  --limit N          at most N rows (default 20; 0 = all)\n"
               "filters (as for parley query):\n%s"
               "\nexit status: 0 done, 2 usage error, 3 cannot open or read the database\n",
          cli_filter_help);
}

int cmd_top(int argc, char **argv) {
  parley_store_filter f = PARLEY_STORE_FILTER_INIT;
  const char *db = NULL, *v;
  parley_store_top_by by = PARLEY_STORE_TOP_ACTOR;
  f.limit = 20;
  for (int i = 1; i < argc; i++) {
    int r;
    if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
      usage(stdout);
      return CLI_OK;
    }
    if ((r = cli_filter_option(argc, argv, &i, &f))) {
      if (r < 0) return CLI_USAGE;
      continue;
    }
    if ((r = cli_opt_value(argc, argv, &i, "--db", &v))) {
      if (r < 0) return CLI_USAGE;
      db = v;
      continue;
    }
    if ((r = cli_opt_value(argc, argv, &i, "--by", &v))) {
      if (r < 0) return CLI_USAGE;
      if (!strcmp(v, "actor")) by = PARLEY_STORE_TOP_ACTOR;
      else if (!strcmp(v, "dyad")) by = PARLEY_STORE_TOP_DYAD;
      else if (!strcmp(v, "code")) by = PARLEY_STORE_TOP_CODE;
      else {
        fprintf(stderr, "parley top: --by wants actor, dyad or code (got '%s')\n", v);
        return CLI_USAGE;
      }
      continue;
    }
    if ((r = cli_opt_value(argc, argv, &i, "--limit", &v))) {
      char *end;
      if (r < 0) return CLI_USAGE;
      unsigned long long n = strtoull(v, &end, 10);
      if (*end || !*v || v[0] == '-') {
        fprintf(stderr, "parley top: --limit wants a number (got '%s')\n", v);
        return CLI_USAGE;
      }
      f.limit = n;
      continue;
    }
    fprintf(stderr, "parley top: unknown option '%s'\n", argv[i]);
    usage(stderr);
    return CLI_USAGE;
  }
  if (!db) {
    fprintf(stderr, "parley top: --db FILE is required\n");
    usage(stderr);
    return CLI_USAGE;
  }
  parley_store *st = cli_open_store_readonly(db);
  if (!st) return CLI_FATAL;
  parley_store_cursor *c = NULL;
  int rc = parley_store_top(&c, st, &f, by);
  if (rc) {
    fprintf(stderr, "parley top: %s\n", parley_store_errmsg(st));
    parley_store_close(st);
    return rc == PARLEY_EINVAL ? CLI_USAGE : CLI_FATAL;
  }
  printf("%s,events,articles\n", by == PARLEY_STORE_TOP_ACTOR ? "actor" : by == PARLEY_STORE_TOP_DYAD ? "dyad" : "code");
  const parley_store_top_row *t;
  while ((rc = parley_store_cursor_next_top(c, &t)) == PARLEY_OK)
    printf("%s,%llu,%llu\n", t->key, (unsigned long long)t->events, (unsigned long long)t->articles);
  int status = CLI_OK;
  if (rc != PARLEY_EDONE) {
    fprintf(stderr, "parley top: %s\n", parley_store_errmsg(st));
    status = rc == PARLEY_ERROR && f.text ? CLI_USAGE : CLI_FATAL;
  }
  parley_store_cursor_free(c);
  parley_store_close(st);
  return status;
}
