/* cli/cmd_series.c: `parley series`: event counts and Goldstein sums per day, week, month or year for a dyad or
 * an actor, split by QuadClass (and with --by-place, one series per country or region of the events' places), as
 * CSV: the time series analysts plot and map. */
#include "cli.h"
#include <parley/store.h>
#include <string.h>

static void usage(FILE *out) {
  fprintf(out, "usage: parley series --db FILE [--by day|week|month|year] [--by-place country|admin1] [FILTERS]\n\n"
               "Prints one CSV line per period that has events: the number of events and the sum of their\n"
               "Goldstein scores, in total and per QuadClass (vc = verbal cooperation, mc = material\n"
               "cooperation, vf = verbal conflict, mf = material conflict). Undated events are left out.\n"
               "With --dedup each one-a-day event counts once; with --stories each story counts once.\n\n"
               "  --by PERIOD        day, week (labelled by its Monday), month (default) or year\n"
               "  --by-place KEY     one series per place where the events happened: country (a first column\n"
               "                     'country', ISO alpha-3) or admin1 (columns 'country' and 'admin1', the\n"
               "                     first-level region); events placed nowhere have empty place columns\n"
               "filters (as for parley query):\n%s"
               "\nexit status: 0 done, 2 usage error, 3 cannot open or read the database\n",
          cli_filter_help);
}

int cmd_series(int argc, char **argv) {
  parley_store_filter f = PARLEY_STORE_FILTER_INIT;
  const char *db = NULL, *v;
  parley_store_period period = PARLEY_STORE_MONTH;
  parley_store_place_key by_place = PARLEY_STORE_PLACE_NONE;
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
      if (!strcmp(v, "day")) period = PARLEY_STORE_DAY;
      else if (!strcmp(v, "week")) period = PARLEY_STORE_WEEK;
      else if (!strcmp(v, "month")) period = PARLEY_STORE_MONTH;
      else if (!strcmp(v, "year")) period = PARLEY_STORE_YEAR;
      else {
        fprintf(stderr, "parley series: --by wants day, week, month or year (got '%s')\n", v);
        return CLI_USAGE;
      }
      continue;
    }
    if ((r = cli_opt_value(argc, argv, &i, "--by-place", &v))) {
      if (r < 0) return CLI_USAGE;
      if (!strcmp(v, "country")) by_place = PARLEY_STORE_PLACE_COUNTRY;
      else if (!strcmp(v, "admin1")) by_place = PARLEY_STORE_PLACE_ADMIN1;
      else {
        fprintf(stderr, "parley series: --by-place wants country or admin1 (got '%s')\n", v);
        return CLI_USAGE;
      }
      continue;
    }
    fprintf(stderr, "parley series: unknown option '%s'\n", argv[i]);
    usage(stderr);
    return CLI_USAGE;
  }
  if (!db) db = cli_db_from_env();
  if (!db) {
    fprintf(stderr, "parley series: --db FILE is required\n");
    usage(stderr);
    return CLI_USAGE;
  }
  parley_store *st = cli_open_store_readonly(db);
  if (!st) return CLI_FATAL;
  parley_store_cursor *c = NULL;
  int rc = parley_store_series_by_place(&c, st, &f, period, by_place);
  if (rc) {
    fprintf(stderr, "parley series: %s\n", parley_store_errmsg(st));
    parley_store_close(st);
    return rc == PARLEY_EINVAL ? CLI_USAGE : CLI_FATAL;
  }
  if (by_place != PARLEY_STORE_PLACE_NONE)
    fputs(by_place == PARLEY_STORE_PLACE_ADMIN1 ? "country,admin1," : "country,", stdout);
  printf("period,events,goldstein,vc_events,vc_goldstein,mc_events,mc_goldstein,vf_events,vf_goldstein,"
         "mf_events,mf_goldstein\n");
  const parley_store_bucket *b;
  while ((rc = parley_store_cursor_next_bucket(c, &b)) == PARLEY_OK) {
    if (by_place != PARLEY_STORE_PLACE_NONE) printf("%s,", b->country);
    /* a region name may need quotes ("Brussels, Capital Region") */
    if (by_place == PARLEY_STORE_PLACE_ADMIN1) {
      parley_csv_write_field(stdout, b->admin1);
      putchar(',');
    }
    printf("%s,%llu,%g", b->period, (unsigned long long)b->events, b->goldstein);
    for (int q = 1; q <= 4; q++) printf(",%llu,%g", (unsigned long long)b->quad_events[q], b->quad_goldstein[q]);
    putchar('\n');
  }
  int status = CLI_OK;
  if (rc != PARLEY_EDONE) {
    fprintf(stderr, "parley series: %s\n", parley_store_errmsg(st));
    status = rc == PARLEY_ERROR && f.text ? CLI_USAGE : CLI_FATAL;
  }
  parley_store_cursor_free(c);
  parley_store_close(st);
  if (fflush(stdout) || ferror(stdout)) {
    fprintf(stderr, "parley series: write error\n");
    status = CLI_FATAL;
  }
  return status;
}
