/* cli/cmd_query.c: `parley query`: selects stored events (by actor, dyad, code, QuadClass, dates, full text, place),
 * optionally one-a-day or story-grouped, and prints them as a table, CSV, TSV or JSON lines.
 * Also holds the filter options that `parley series` shares. */
#include "cli.h"
#include <parley/store.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int parse_quad(const char *v) {
  static const char *const names[] = {NULL, "verbal-coop", "material-coop", "verbal-conflict", "material-conflict"};
  if (v[0] >= '1' && v[0] <= '4' && v[1] == '\0') return v[0] - '0';
  for (int q = 1; q <= 4; q++)
    if (!strcmp(v, names[q])) return q;
  return -1;
}

/* "LAT,LON,KM" for --near: three finite numbers (the store checks their ranges). */
static int parse_near(const char *v, parley_store_filter *f) {
  double x[3];
  const char *p = v;
  for (int k = 0; k < 3; k++) {
    char *end;
    x[k] = strtod(p, &end);
    if (end == p || !isfinite(x[k]) || *end != (k < 2 ? ',' : '\0')) return 0;
    p = end + 1;
  }
  if (!(x[2] > 0)) return 0;
  f->near_lat = x[0];
  f->near_lon = x[1];
  f->near_km = x[2];
  return 1;
}

/* Parses one filter option at argv[*i] into f. Returns 1 when consumed, 0 when not a filter option,
 * -1 on a usage error (message printed). */
int cli_filter_option(int argc, char **argv, int *i, parley_store_filter *f) {
  const char *v = NULL;
  int r;
  const char *a = argv[*i];
  if (!strcmp(a, "--mutual")) {
    f->flags |= PARLEY_STORE_MUTUAL;
    return 1;
  }
  if (!strcmp(a, "--dedup")) {
    f->grouping = PARLEY_STORE_DAILY;
    return 1;
  }
  if (!strcmp(a, "--stories")) {
    f->grouping = PARLEY_STORE_STORIES;
    return 1;
  }
  if ((r = cli_opt_value(argc, argv, i, "--source", &v))) return r < 0 ? -1 : (f->source = v, 1);
  if ((r = cli_opt_value(argc, argv, i, "--target", &v))) return r < 0 ? -1 : (f->target = v, 1);
  if ((r = cli_opt_value(argc, argv, i, "--code", &v))) return r < 0 ? -1 : (f->code = v, 1);
  if ((r = cli_opt_value(argc, argv, i, "--from", &v)))
    return r < 0 || cli_check_date("--from", v, 1) < 0 ? -1 : (f->from = v, 1);
  if ((r = cli_opt_value(argc, argv, i, "--to", &v)))
    return r < 0 || cli_check_date("--to", v, 1) < 0 ? -1 : (f->to = v, 1);
  /* plain words and "phrases" by default, so that "U.S." or "al-Assad" cannot be read as FTS5 syntax */
  if ((r = cli_opt_value(argc, argv, i, "--text", &v))) {
    if (r < 0) return -1;
    f->text = v;
    f->flags |= PARLEY_STORE_TEXT_PLAIN;
    return 1;
  }
  if ((r = cli_opt_value(argc, argv, i, "--text-raw", &v))) {
    if (r < 0) return -1;
    f->text = v;
    f->flags &= ~PARLEY_STORE_TEXT_PLAIN;
    return 1;
  }
  if ((r = cli_opt_value(argc, argv, i, "--article", &v))) return r < 0 ? -1 : (f->article_id = v, 1);
  if ((r = cli_opt_value(argc, argv, i, "--country", &v))) return r < 0 ? -1 : (f->location_country = v, 1);
  if ((r = cli_opt_value(argc, argv, i, "--admin1", &v))) return r < 0 ? -1 : (f->location_admin1 = v, 1);
  if ((r = cli_opt_value(argc, argv, i, "--near", &v))) {
    if (r < 0) return -1;
    if (!parse_near(v, f)) {
      fprintf(stderr, "parley: --near wants LAT,LON,KM in degrees and kilometres, e.g. 36.2,37.16,50 (got '%s')\n", v);
      return -1;
    }
    return 1;
  }
  if ((r = cli_opt_value(argc, argv, i, "--actor", &v))) {
    if (r < 0) return -1;
    f->source = v;
    f->target = NULL;
    f->flags |= PARLEY_STORE_MUTUAL;
    return 1;
  }
  if ((r = cli_opt_value(argc, argv, i, "--dyad", &v))) {
    if (r < 0) return -1;
    const char *colon = strchr(v, ':');
    if (!colon || colon == v || !colon[1]) {
      fprintf(stderr, "parley: --dyad wants SOURCE:TARGET, e.g. IRN:RUS (got '%s')\n", v);
      return -1;
    }
    /* v points into argv, whose strings are ours to split */
    char *c = argv[*i] + (colon - argv[*i]);
    *c = '\0';
    f->source = v;
    f->target = c + 1;
    return 1;
  }
  if ((r = cli_opt_value(argc, argv, i, "--quad", &v))) {
    if (r < 0) return -1;
    f->quad_class = parse_quad(v);
    if (f->quad_class < 0) {
      fprintf(stderr, "parley: --quad wants 1-4 or verbal-coop, material-coop, verbal-conflict, "
                      "material-conflict (got '%s')\n", v);
      return -1;
    }
    return 1;
  }
  return 0;
}

const char *cli_filter_help =
    "  --source CODE      source actor code or prefix (IRN matches IRN, IRNGOV, IRNMIL...)\n"
    "  --target CODE      target actor code or prefix\n"
    "  --dyad SRC:TGT     source and target, e.g. IRN:RUS\n"
    "  --mutual           the dyad in either direction; with --source alone: that actor on either side\n"
    "  --actor CODE       CODE as source or target (= --source CODE --mutual)\n"
    "  --code PREFIX      CAMEO code or prefix (04 = all consultations)\n"
    "  --quad Q           QuadClass 1-4 or verbal-coop|material-coop|verbal-conflict|material-conflict\n"
    "  --from DATE        events on or after DATE (YYYY-MM-DD, YYYY-MM or YYYY: its first day)\n"
    "  --to DATE          events on or before DATE (YYYY-MM-DD, YYYY-MM or YYYY: --to 2016 includes all\n"
    "                     of 2016)\n"
    "  --text WORDS       sentences with all these words and \"quoted phrases\" (taken literally: U.S. works)\n"
    "  --text-raw QUERY   full-text search in SQLite FTS5 syntax (OR, NOT, NEAR(...), prefix*)\n"
    "  --article ID       events of one article\n"
    "  --country CC       events that happened in country CC (ISO alpha-3 of the place, e.g. SYR)\n"
    "  --admin1 NAME      events that happened in the first-level region NAME (e.g. Aleppo, California)\n"
    "  --near LAT,LON,KM  events placed within KM kilometres of the point LAT,LON (degrees)\n"
    "  --dedup            one-a-day: one event per date, source, target and CAMEO code\n"
    "  --stories          one event per story (the same event reported many times)\n";

/* Opens the store read-only and prints why not when it cannot. */
const char *cli_db_from_env(void) {
  const char *v = getenv("PARLEY_DB");
  return v && *v ? v : NULL;
}

parley_store *cli_open_store_readonly(const char *path) {
  parley_store_options o = PARLEY_STORE_OPTIONS_INIT;
  o.flags = PARLEY_STORE_READONLY;
  parley_store *st = NULL;
  int rc = parley_store_open(&st, path, &o);
  if (rc) {
    fprintf(stderr, "parley: %s\n", parley_store_errmsg(st));
    parley_store_close(st);
    return NULL;
  }
  return st;
}

/* FMT_TABLE is the terminal's; the others are the library's parley_output_format values. */
enum { FMT_TABLE = 0 };

/* Prints at most max bytes of s on one line, cut at a UTF-8 character boundary. */
static void put_clipped(FILE *out, const char *s, size_t max) {
  if (!s) return;
  size_t n = strlen(s);
  int clipped = n > max;
  if (clipped) {
    n = max;
    while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80) n--;
  }
  for (size_t i = 0; i < n; i++) putc(s[i] == '\n' || s[i] == '\t' || s[i] == '\r' ? ' ' : s[i], out);
  if (clipped) fputs("...", out);
}

static void print_table_row(FILE *out, const parley_store_row *r, int grouped) {
  const parley_event *e = &r->event;
  fprintf(out, "%-10s  %-12s %-12s %-5s %d %6.1f  ", e->date[0] ? e->date : "-", e->source.code, e->target.code,
          e->cameo, e->quad_class, e->goldstein);
  if (grouped)
    fprintf(out, "%5llu %4llu %4llu  ", (unsigned long long)r->mentions, (unsigned long long)r->articles,
            (unsigned long long)r->outlets);
  fprintf(out, "%-14.14s ", e->doc_source ? e->doc_source : "-");
  put_clipped(out, e->text, 90);
  putc('\n', out);
}

static void usage(FILE *out) {
  fprintf(out, "usage: parley query --db FILE [FILTERS] [--format table|csv|tsv|jsonl] [--limit N]\n\n"
               "Prints the stored events that match every filter, ordered by date.\n\n"
               "filters:\n%s"
               "\noutput:\n"
               "  --format F         table (default on a terminal), csv (default otherwise), tsv, jsonl (the\n"
               "                     schema of parley code's output plus the store's columns: docs/output.md),\n"
               "                     phoenix or gdelt (event_id as the event id; no header)\n"
               "  --limit N          at most N rows\n"
               "  --event ID         only the event with this id (event_id in jsonl; default format jsonl);\n"
               "                     exit 1 when there is none\n"
               "  --count            print only the number of rows\n\n"
               "exit status: 0 done, 1 --event names no event, 2 usage error (a bad option, date or full-text query),\n"
               "3 cannot open or read the database\n",
          cli_filter_help);
}

int cmd_query(int argc, char **argv) {
  parley_store_filter f = PARLEY_STORE_FILTER_INIT;
  const char *db = NULL, *format = NULL, *v;
  int count_only = 0;
  for (int i = 1; i < argc; i++) {
    int r;
    if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
      usage(stdout);
      return CLI_OK;
    }
    if (!strcmp(argv[i], "--count")) {
      count_only = 1;
      continue;
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
    if ((r = cli_opt_value(argc, argv, &i, "--format", &v))) {
      if (r < 0) return CLI_USAGE;
      format = v;
      continue;
    }
    if ((r = cli_opt_value(argc, argv, &i, "--event", &v))) {
      char *end;
      if (r < 0) return CLI_USAGE;
      long long id = strtoll(v, &end, 10);
      if (*end || !*v || id <= 0) {
        fprintf(stderr, "parley query: --event wants an event id, a positive number (got '%s')\n", v);
        return CLI_USAGE;
      }
      f.event_id = id;
      continue;
    }
    if ((r = cli_opt_value(argc, argv, &i, "--limit", &v))) {
      char *end;
      if (r < 0) return CLI_USAGE;
      unsigned long long n = strtoull(v, &end, 10);
      if (*end || !*v || v[0] == '-') {
        fprintf(stderr, "parley: --limit wants a number (got '%s')\n", v);
        return CLI_USAGE;
      }
      f.limit = n;
      continue;
    }
    fprintf(stderr, "parley query: unknown option '%s'\n", argv[i]);
    usage(stderr);
    return CLI_USAGE;
  }
  if (!db) db = cli_db_from_env();
  if (!db) {
    fprintf(stderr, "parley query: --db FILE is required\n");
    usage(stderr);
    return CLI_USAGE;
  }
  /* one event is shown whole (sentence, evidence, article) unless another format is asked for */
  int fmt = f.event_id ? PARLEY_OUTPUT_JSONL : isatty(STDOUT_FILENO) ? FMT_TABLE : PARLEY_OUTPUT_CSV;
  if (format) {
    if (!strcmp(format, "table")) fmt = FMT_TABLE;
    else if (!strcmp(format, "csv")) fmt = PARLEY_OUTPUT_CSV;
    else if (!strcmp(format, "tsv")) fmt = PARLEY_OUTPUT_TSV;
    else if (!strcmp(format, "jsonl")) fmt = PARLEY_OUTPUT_JSONL;
    else if (!strcmp(format, "phoenix")) fmt = PARLEY_OUTPUT_PHOENIX;
    else if (!strcmp(format, "gdelt")) fmt = PARLEY_OUTPUT_GDELT;
    else {
      fprintf(stderr, "parley query: unknown --format '%s' (table, csv, tsv, jsonl, phoenix, gdelt)\n", format);
      return CLI_USAGE;
    }
  }
  parley_store *st = cli_open_store_readonly(db);
  if (!st) return CLI_FATAL;
  parley_store_cursor *c = NULL;
  int rc = parley_store_query(&c, st, &f);
  if (rc) {
    fprintf(stderr, "parley query: %s\n", parley_store_errmsg(st));
    parley_store_close(st);
    return rc == PARLEY_EINVAL ? CLI_USAGE : CLI_FATAL;
  }
  FILE *out = stdout;
  int grouped = f.grouping != PARLEY_STORE_MENTIONS;
  if (!count_only) {
    if (fmt != FMT_TABLE) {
      parley_store_row_write_header(out, (parley_output_format)fmt);
    } else {
      fprintf(out, "%-10s  %-12s %-12s %-5s %s %6s  %s%-14s %s\n", "date", "source", "target", "code", "q",
              "gold", grouped ? "ments arts outs  " : "", "outlet", "sentence");
    }
  }
  const parley_store_row *r;
  unsigned long long n = 0;
  while ((rc = parley_store_cursor_next(c, &r)) == PARLEY_OK) {
    n++;
    if (count_only) continue;
    if (fmt == FMT_TABLE) print_table_row(out, r, grouped);
    else if ((rc = parley_store_row_write(out, r, (parley_output_format)fmt)) != PARLEY_OK) break;
  }
  int status = CLI_OK;
  if (rc != PARLEY_EDONE) {
    fprintf(stderr, "parley query: %s\n", parley_store_errmsg(st));
    status = rc == PARLEY_ERROR && f.text ? CLI_USAGE : CLI_FATAL;
  }
  if (count_only && status == CLI_OK) printf("%llu\n", n);
  if (status == CLI_OK && f.event_id && n == 0) {
    fprintf(stderr, "parley query: no event %lld matches\n", (long long)f.event_id);
    status = CLI_SKIPPED;
  }
  parley_store_cursor_free(c);
  parley_store_close(st);
  if (fflush(out) || ferror(out)) {
    fprintf(stderr, "parley query: write error\n");
    status = CLI_FATAL;
  }
  return status;
}
