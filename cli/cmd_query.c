/* cli/cmd_query.c: `parley query`: selects stored events (by actor, dyad, code, QuadClass, dates, full text),
 * optionally one-a-day or story-grouped, and prints them as a table, CSV, TSV or JSON lines.
 * Also holds the filter options that `parley series` shares. */
#include "cli.h"
#include <parley/store.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Matches "--name VALUE" and "--name=VALUE"; advances *i past the value. 0 = not this option,
 * 1 = matched (*val set), -1 = value missing. */
int cli_opt_value(int argc, char **argv, int *i, const char *name, const char **val) {
  const char *a = argv[*i];
  size_t n = strlen(name);
  if (strncmp(a, name, n)) return 0;
  if (a[n] == '=') {
    *val = a + n + 1;
    return 1;
  }
  if (a[n] != '\0') return 0;
  if (*i + 1 >= argc) {
    fprintf(stderr, "parley: %s needs a value\n", name);
    return -1;
  }
  *val = argv[++*i];
  return 1;
}

static int parse_quad(const char *v) {
  static const char *const names[] = {NULL, "verbal-coop", "material-coop", "verbal-conflict", "material-conflict"};
  if (v[0] >= '1' && v[0] <= '4' && v[1] == '\0') return v[0] - '0';
  for (int q = 1; q <= 4; q++)
    if (!strcmp(v, names[q])) return q;
  return -1;
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
  if ((r = cli_opt_value(argc, argv, i, "--from", &v))) return r < 0 ? -1 : (f->from = v, 1);
  if ((r = cli_opt_value(argc, argv, i, "--to", &v))) return r < 0 ? -1 : (f->to = v, 1);
  if ((r = cli_opt_value(argc, argv, i, "--text", &v))) return r < 0 ? -1 : (f->text = v, 1);
  if ((r = cli_opt_value(argc, argv, i, "--article", &v))) return r < 0 ? -1 : (f->article_id = v, 1);
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
    "  --from DATE        events on or after DATE (YYYY-MM-DD; YYYY or YYYY-MM also work)\n"
    "  --to DATE          events on or before DATE (--to 2016 includes all of 2016)\n"
    "  --text QUERY       full-text search in the sentences (words, \"a phrase\", OR, NEAR(...))\n"
    "  --article ID       events of one article\n"
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

enum { FMT_TABLE, FMT_CSV, FMT_TSV, FMT_JSONL };

static void put_csv(FILE *out, const char *s) {
  if (!s) return;
  if (!strpbrk(s, ",\"\r\n")) {
    fputs(s, out);
    return;
  }
  putc('"', out);
  for (; *s; s++) {
    if (*s == '"') putc('"', out);
    putc(*s, out);
  }
  putc('"', out);
}

static void put_tsv(FILE *out, const char *s) {
  if (!s) return;
  for (; *s; s++) putc(*s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s, out);
}

static void put_json(FILE *out, const char *s) {
  if (!s) {
    fputs("null", out);
    return;
  }
  putc('"', out);
  for (; *s; s++) {
    unsigned char c = (unsigned char)*s;
    switch (c) {
    case '"': fputs("\\\"", out); break;
    case '\\': fputs("\\\\", out); break;
    case '\n': fputs("\\n", out); break;
    case '\r': fputs("\\r", out); break;
    case '\t': fputs("\\t", out); break;
    default:
      if (c < 0x20) fprintf(out, "\\u%04x", c);
      else putc(c, out);
    }
  }
  putc('"', out);
}

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

static const char *const columns[] = {"date", "source", "target", "cameo", "quad_class", "goldstein", "mentions",
                                      "articles", "outlets", "outlet", "article", "sentence", "source_text",
                                      "target_text", "plover_event", "text"};

static void print_delimited(FILE *out, const parley_store_row *r, int fmt) {
  const parley_event *e = &r->event;
  char quad[8], gold[32], m[24], a[24], o[24], sent[24];
  snprintf(quad, sizeof quad, "%d", e->quad_class);
  snprintf(gold, sizeof gold, "%g", e->goldstein);
  snprintf(m, sizeof m, "%llu", (unsigned long long)r->mentions);
  snprintf(a, sizeof a, "%llu", (unsigned long long)r->articles);
  snprintf(o, sizeof o, "%llu", (unsigned long long)r->outlets);
  snprintf(sent, sizeof sent, "%zu", e->sentence);
  const char *vals[] = {e->date, e->source.code, e->target.code, e->cameo, quad, gold, m, a, o,
                        e->doc_source, e->doc_id, sent, e->source.text, e->target.text, e->plover_event, e->text};
  for (size_t i = 0; i < sizeof vals / sizeof vals[0]; i++) {
    if (i) putc(fmt == FMT_CSV ? ',' : '\t', out);
    if (fmt == FMT_CSV) put_csv(out, vals[i]);
    else put_tsv(out, vals[i]);
  }
  putc('\n', out);
}

static void json_actor(FILE *out, const char *key, const parley_event_actor *x) {
  fprintf(out, "\"%s\":{\"code\":", key);
  put_json(out, x->code);
  fputs(",\"country\":", out);
  put_json(out, x->country);
  fputs(",\"text\":", out);
  put_json(out, x->text);
  fprintf(out, ",\"span\":[%zu,%zu]}", x->span.start, x->span.end);
}

static void print_jsonl(FILE *out, const parley_store_row *r) {
  const parley_event *e = &r->event;
  fputs("{\"doc_id\":", out);
  put_json(out, e->doc_id);
  fputs(",\"outlet\":", out);
  put_json(out, e->doc_source);
  fprintf(out, ",\"sentence\":%zu,\"date\":", e->sentence);
  put_json(out, e->date[0] ? e->date : NULL);
  putc(',', out);
  json_actor(out, "source", &e->source);
  putc(',', out);
  json_actor(out, "target", &e->target);
  fputs(",\"cameo\":", out);
  put_json(out, e->cameo);
  fputs(",\"root\":", out);
  put_json(out, e->root);
  fprintf(out, ",\"quad_class\":%d,\"goldstein\":%g,\"plover_event\":", e->quad_class, e->goldstein);
  put_json(out, e->plover_event);
  fputs(",\"plover_mode\":", out);
  put_json(out, e->plover_mode);
  fputs(",\"location\":", out);
  put_json(out, e->location_name);
  fputs(",\"location_country\":", out);
  put_json(out, e->location_country[0] ? e->location_country : NULL);
  fputs(",\"verb\":", out);
  put_json(out, e->verb);
  fputs(",\"pattern\":", out);
  put_json(out, e->pattern);
  /* spans_json was written by the store as [[n,n],...] */
  fprintf(out, ",\"spans\":%s,\"text\":", r->spans_json && r->spans_json[0] == '[' ? r->spans_json : "[]");
  put_json(out, e->text);
  fputs(",\"title\":", out);
  put_json(out, r->article_title);
  fputs(",\"url\":", out);
  put_json(out, r->article_url);
  fputs(",\"article_date\":", out);
  put_json(out, r->article_date);
  fprintf(out, ",\"event_id\":%lld,\"story_id\":%lld,\"mentions\":%llu,\"articles\":%llu,\"outlets\":%llu,",
          (long long)r->event_id, (long long)r->story_id, (unsigned long long)r->mentions,
          (unsigned long long)r->articles, (unsigned long long)r->outlets);
  fputs("\"last_date\":", out);
  put_json(out, r->last_date && r->last_date[0] ? r->last_date : NULL);
  fputs("}\n", out);
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
               "  --format F         table (default on a terminal), csv (default otherwise), tsv, jsonl\n"
               "  --limit N          at most N rows\n"
               "  --count            print only the number of rows\n\n"
               "exit status: 0 done, 2 usage error, 3 cannot open or read the database\n",
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
  int fmt = isatty(STDOUT_FILENO) ? FMT_TABLE : FMT_CSV;
  if (format) {
    if (!strcmp(format, "table")) fmt = FMT_TABLE;
    else if (!strcmp(format, "csv")) fmt = FMT_CSV;
    else if (!strcmp(format, "tsv")) fmt = FMT_TSV;
    else if (!strcmp(format, "jsonl")) fmt = FMT_JSONL;
    else {
      fprintf(stderr, "parley query: unknown --format '%s' (table, csv, tsv, jsonl)\n", format);
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
    if (fmt == FMT_CSV || fmt == FMT_TSV) {
      for (size_t k = 0; k < sizeof columns / sizeof columns[0]; k++)
        fprintf(out, "%s%s", k ? (fmt == FMT_CSV ? "," : "\t") : "", columns[k]);
      putc('\n', out);
    } else if (fmt == FMT_TABLE) {
      fprintf(out, "%-10s  %-12s %-12s %-5s %s %6s  %s%-14s %s\n", "date", "source", "target", "code", "q",
              "gold", grouped ? "ments arts outs  " : "", "outlet", "sentence");
    }
  }
  const parley_store_row *r;
  unsigned long long n = 0;
  while ((rc = parley_store_cursor_next(c, &r)) == PARLEY_OK) {
    n++;
    if (count_only) continue;
    switch (fmt) {
    case FMT_TABLE: print_table_row(out, r, grouped); break;
    case FMT_JSONL: print_jsonl(out, r); break;
    default: print_delimited(out, r, fmt);
    }
  }
  int status = CLI_OK;
  if (rc != PARLEY_EDONE) {
    fprintf(stderr, "parley query: %s\n", parley_store_errmsg(st));
    status = rc == PARLEY_ERROR && f.text ? CLI_USAGE : CLI_FATAL;
  }
  if (count_only && status == CLI_OK) printf("%llu\n", n);
  parley_store_cursor_free(c);
  parley_store_close(st);
  if (fflush(out) || ferror(out)) {
    fprintf(stderr, "parley query: write error\n");
    status = CLI_FATAL;
  }
  return status;
}
