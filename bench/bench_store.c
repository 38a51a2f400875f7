/* bench/bench_store.c: measures the event store: write throughput (articles/s, events/s), database size and
 * peak RSS for a synthetic corpus, and the median time of a dyad + date-range query.
 *
 *   bench_store --db FILE --synthetic N   write N generated articles (2-4 events each), then time queries
 *   bench_store --db FILE --corpus F.jsonl  read, clean, code (built-in dictionaries) and store a corpus, then
 *                                         time queries; "-" reads stdin, e.g. the Tehran Times corpus:
 *       zstd -dc ../shared/corpora/tehran-times/tehran-times.jsonl.zst | bench_store --db tt.db --corpus -
 *   bench_store --db FILE                 time the queries on an existing database (e.g. after parley ingest)
 * FILE may be a postgresql:// URL (bench/bench_pg.sh compares the two backends).
 *
 * Corpus articles without a date get one spread over 2010-2024 by a hash of their id, so that date-range
 * queries select something (the Tehran Times corpus has no dates).
 * The synthetic corpus is deterministic, so the tests use it too to build a database without the coder. */
#include <parley/parley.h>
#include <parley/article.h>
#include <parley/coder.h>
#include <parley/doc.h>
#include <parley/lexicon.h>
#include <parley/store.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* CPU time of this (single-threaded) process: on a shared, loaded machine wall time says little. */
static double cpu(void) {
  struct timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static const struct {
  const char *code, *name;
} actors[] = {{"IRNGOV", "Iranian government"}, {"RUSGOV", "Russian government"}, {"SYRGOV", "Syrian government"},
              {"USAGOV", "the US government"},  {"TURGOV", "Turkish government"}, {"CHNGOV", "Chinese government"},
              {"IRNMIL", "Iranian army"},       {"ISRMIL", "Israeli army"}};
static const struct {
  const char *code, *verb;
  int quad;
  double goldstein;
} codes[] = {{"010", "said about", 1, 0.0},    {"036", "wants to meet", 1, 4.0},   {"040", "consulted", 1, 1.0},
             {"041", "phoned", 1, 1.0},        {"042", "visited", 1, 1.9},         {"043", "hosted", 1, 2.8},
             {"046", "negotiated with", 1, 7.0}, {"051", "praised", 1, 3.4},       {"057", "signed a deal with", 2, 8.0},
             {"111", "criticised", 3, -2.0},   {"112", "accused", 3, -2.0},        {"130", "threatened", 3, -4.4},
             {"173", "arrested members of", 4, -5.0}, {"190", "attacked", 4, -10.0}};
#define N_ACTORS (sizeof actors / sizeof actors[0])
#define N_CODES (sizeof codes / sizeof codes[0])

static const char *outlets[] = {"Tehran Times", "Tasnim", "IRNA", "Press TV", "Mehr"};

/* Deterministic pseudo-random numbers (no global state). */
static unsigned next_rand(unsigned *s) {
  *s = *s * 1103515245u + 12345u;
  return (*s >> 16) & 0x7fff;
}

static void day_string(int day, char out[11]) {
  /* days after 2010-01-01, via the C library's calendar */
  struct tm tm = {0};
  tm.tm_year = 110;
  tm.tm_mon = 0;
  tm.tm_mday = 1 + day;
  tm.tm_hour = 12;
  time_t t = mktime(&tm);
  struct tm *g = localtime(&t);
  strftime(out, 11, "%Y-%m-%d", g);
}

static int synthesize(const char *db, unsigned long n_articles) {
  parley_store *st = NULL;
  parley_store_options o = PARLEY_STORE_OPTIONS_INIT;
  int rc = parley_store_open(&st, db, &o);
  if (rc) {
    fprintf(stderr, "bench_store: %s\n", parley_store_errmsg(st));
    parley_store_close(st);
    return 1;
  }
  unsigned seed = 42;
  unsigned long events = 0;
  size_t bytes = 0;
  char text[4096], id[32], date[11], title[64];
  double t0 = now(), c0 = cpu();
  for (unsigned long i = 0; i < n_articles && !rc; i++) {
    int n_sent = 3 + (int)(next_rand(&seed) % 4);
    parley_sentence sents[8];
    parley_event evs[8];
    int n_ev = 0;
    size_t len = 0;
    day_string((int)(next_rand(&seed) % 5000), date);
    for (int k = 0; k < n_sent; k++) {
      size_t a = next_rand(&seed) % N_ACTORS, b = next_rand(&seed) % N_ACTORS, c = next_rand(&seed) % N_CODES;
      if (b == a) b = (a + 1) % N_ACTORS;
      size_t start = len;
      len += (size_t)snprintf(text + len, sizeof text - len,
                              "%sThe %s %s the %s on %s, officials said in a statement about trade and security.",
                              k ? " " : "", actors[a].name, codes[c].verb, actors[b].name, date);
      if (k) start++;
      sents[k] = (parley_sentence){start, len, 0, 0, 0};
      if (k < 4) {
        parley_event *e = &evs[n_ev++];
        memset(e, 0, sizeof *e);
        snprintf(e->source.code, sizeof e->source.code, "%s", actors[a].code);
        snprintf(e->source.country, sizeof e->source.country, "%.3s", actors[a].code);
        e->source.text = actors[a].name;
        snprintf(e->target.code, sizeof e->target.code, "%s", actors[b].code);
        snprintf(e->target.country, sizeof e->target.country, "%.3s", actors[b].code);
        e->target.text = actors[b].name;
        snprintf(e->cameo, sizeof e->cameo, "%s", codes[c].code);
        snprintf(e->root, sizeof e->root, "%.2s", codes[c].code);
        memcpy(e->date, date, sizeof e->date);
        e->sentence = (size_t)k;
        e->quad_class = codes[c].quad;
        e->goldstein = codes[c].goldstein;
        e->verb = codes[c].verb;
      }
    }
    snprintf(id, sizeof id, "synth-%06lu", i);
    snprintf(title, sizeof title, "Synthetic article %lu", i);
    parley_article art = {id, title, date, outlets[i % 5], NULL, "en", text, len, "synthetic", i + 1};
    parley_store_article_state state;
    rc = parley_store_begin_article(&state, st, &art, sents, (size_t)n_sent, 0);
    if (!rc && state != PARLEY_STORE_UNCHANGED) {
      for (int k = 0; k < n_ev && !rc; k++) rc = parley_store_add_event(st, &evs[k]);
      if (!rc) rc = parley_store_end_article(st);
      events += (unsigned long)n_ev;
    }
    bytes += len;
  }
  if (!rc) rc = parley_store_commit(st);
  double dt = now() - t0, dc = cpu() - c0;
  if (rc) fprintf(stderr, "bench_store: %s\n", parley_store_errmsg(st));
  parley_store_close(st);
  if (rc) return 1;
  printf("synthetic ingest: %lu articles, %lu events, %.1f MB text in %.2f s wall, %.2f s CPU: "
         "%.0f articles/s, %.0f events/s per CPU second\n",
         n_articles, events, (double)bytes / 1e6, dt, dc, (double)n_articles / dc, (double)events / dc);
  return 0;
}

static int ingest_corpus(const char *db, const char *path) {
  parley_reader_options ro = PARLEY_READER_OPTIONS_INIT;
  ro.format = PARLEY_INPUT_JSONL;
  parley_reader *r = NULL;
  parley_doc *doc = NULL;
  parley_lexicon *lex = NULL;
  parley_coder *coder = NULL;
  parley_store *st = NULL;
  parley_store_options so = PARLEY_STORE_OPTIONS_INIT;
  int rc = parley_reader_new(&r, &ro);
  if (!rc) rc = parley_reader_add_path(r, path);
  if (!rc) rc = parley_doc_new(&doc);
  if (!rc) rc = parley_lexicon_new(&lex, NULL);
  if (!rc) rc = parley_lexicon_add_builtin(lex);
  if (!rc) rc = parley_lexicon_compile(lex);
  if (!rc) rc = parley_coder_new(&coder, lex, NULL);
  if (rc) {
    fprintf(stderr, "bench_store: setting up the pipeline: %s\n", parley_strerror(rc));
    goto done;
  }
  if ((rc = parley_store_open(&st, db, &so))) {
    fprintf(stderr, "bench_store: %s\n", parley_store_errmsg(st));
    goto done;
  }
  unsigned long articles = 0, stored = 0, events = 0;
  unsigned long long bytes = 0;
  double t0 = now(), c0 = cpu(), t_store = 0;
  const parley_article *in;
  while ((rc = parley_reader_next(r, &in)) != PARLEY_EDONE) {
    if (rc == PARLEY_EIO) continue;
    if (rc) break;
    parley_article a = *in;
    char date[11];
    if (!a.date) {
      uint64_t h = 1469598103934665603ULL;
      for (const char *p = a.id; *p; p++) h = (h ^ (unsigned char)*p) * 1099511628211ULL;
      day_string((int)(h % 5479), date);
      a.date = date;
    }
    articles++;
    bytes += a.text_len;
    double ts = cpu();
    parley_store_article_state state;
    if ((rc = parley_store_lookup_article(&state, st, &a))) break;
    t_store += cpu() - ts;
    if (state == PARLEY_STORE_UNCHANGED) continue;
    if ((rc = parley_doc_process(doc, &a)) || (rc = parley_coder_code(coder, doc))) break;
    size_t ns;
    const parley_sentence *s = parley_doc_sentences(doc, &ns);
    ts = cpu();
    if ((rc = parley_store_begin_article(&state, st, &a, s, ns, 0))) break;
    const parley_event *ev;
    while (parley_coder_next_event(coder, &ev) == PARLEY_OK && !rc) {
      rc = parley_store_add_event(st, ev);
      events++;
    }
    if (rc || (rc = parley_store_end_article(st))) break;
    t_store += cpu() - ts;
    stored++;
  }
  double ts = cpu();
  if (rc == PARLEY_EDONE) rc = parley_store_commit(st);
  t_store += cpu() - ts;
  double dt = now() - t0, dc = cpu() - c0;
  if (rc) {
    fprintf(stderr, "bench_store: stopped: %s / %s\n", parley_strerror(rc), parley_store_errmsg(st));
    goto done;
  }
  printf("corpus ingest (read, clean, code, store): %lu articles (%lu stored), %lu events, %.1f MB text in %.1f s "
         "wall, %.1f s CPU: %.0f articles/s, %.0f events/s, %.2f MB/s per CPU second\n",
         articles, stored, events, (double)bytes / 1e6, dt, dc, (double)articles / dc, (double)events / dc,
         (double)bytes / 1e6 / dc);
  printf("  of which the store: %.1f s CPU: %.0f articles/s, %.0f events/s per CPU second\n", t_store,
         t_store > 0 ? (double)stored / t_store : 0.0, t_store > 0 ? (double)events / t_store : 0.0);
done:
  if (parley_store_close(st) && !rc) rc = PARLEY_ERROR;
  parley_coder_free(coder);
  parley_lexicon_free(lex);
  parley_doc_free(doc);
  parley_reader_free(r);
  return rc ? 1 : 0;
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

/* Median time of dyad + date-range queries over several dyads and year ranges, rows read to the end. */
static int time_queries(const char *db) {
  parley_store_options o = PARLEY_STORE_OPTIONS_INIT;
  o.flags = PARLEY_STORE_READONLY;
  parley_store *st = NULL;
  if (parley_store_open(&st, db, &o)) {
    fprintf(stderr, "bench_store: %s\n", parley_store_errmsg(st));
    parley_store_close(st);
    return 1;
  }
  static const char *const dyads[][2] = {{"IRN", "RUS"}, {"IRN", "USA"}, {"USA", "IRN"}, {"RUS", "SYR"},
                                         {"IRNGOV", "RUSGOV"}, {"CHN", "IRN"}, {"ISR", "IRN"}, {"TUR", "SYR"}};
  static const char *const ranges[][2] = {{"2012-01-01", "2012-12-31"}, {"2016-06-01", "2017-05-31"},
                                          {"2020-01-01", "2020-03-31"}, {"2010-01-01", "2024-12-31"}};
  enum { ROUNDS = 25 };
  double times[ROUNDS * 32], ctimes[ROUNDS * 32];
  size_t nt = 0;
  unsigned long long rows = 0;
  for (int round = 0; round < ROUNDS; round++)
    for (size_t d = 0; d < sizeof dyads / sizeof dyads[0]; d++) {
      parley_store_filter f = PARLEY_STORE_FILTER_INIT;
      f.source = dyads[d][0];
      f.target = dyads[d][1];
      f.from = ranges[(d + (size_t)round) % 4][0];
      f.to = ranges[(d + (size_t)round) % 4][1];
      parley_store_cursor *c = NULL;
      double t0 = now(), c0 = cpu();
      if (parley_store_query(&c, st, &f)) {
        fprintf(stderr, "bench_store: %s\n", parley_store_errmsg(st));
        parley_store_close(st);
        return 1;
      }
      const parley_store_row *r;
      while (parley_store_cursor_next(c, &r) == PARLEY_OK) rows++;
      parley_store_cursor_free(c);
      ctimes[nt] = cpu() - c0;
      times[nt++] = now() - t0;
    }
  qsort(times, nt, sizeof times[0], cmp_double);
  qsort(ctimes, nt, sizeof ctimes[0], cmp_double);
  /* the README's example: parley query --dyad IRN:RUS --mutual --code 04 --from 2016 --to 2017 */
  double rt[ROUNDS];
  unsigned long long readme_rows = 0;
  for (int round = 0; round < ROUNDS; round++) {
    parley_store_filter f = PARLEY_STORE_FILTER_INIT;
    f.source = "IRN";
    f.target = "RUS";
    f.flags = PARLEY_STORE_MUTUAL;
    f.code = "04";
    f.from = "2016";
    f.to = "2017";
    parley_store_cursor *c = NULL;
    double t0 = now();
    if (parley_store_query(&c, st, &f)) {
      fprintf(stderr, "bench_store: %s\n", parley_store_errmsg(st));
      parley_store_close(st);
      return 1;
    }
    const parley_store_row *r;
    readme_rows = 0;
    while (parley_store_cursor_next(c, &r) == PARLEY_OK) readme_rows++;
    parley_store_cursor_free(c);
    rt[round] = now() - t0;
  }
  qsort(rt, ROUNDS, sizeof rt[0], cmp_double);
  printf("README query (--dyad IRN:RUS --mutual --code 04 --from 2016 --to 2017): median %.3f ms wall, %llu rows\n",
         rt[ROUNDS / 2] * 1e3, readme_rows);
  parley_store_stats s;
  if (parley_store_stats_get(&s, st) == PARLEY_OK)
    printf("database: %llu articles, %llu sentences, %llu events, %llu stories\n", (unsigned long long)s.articles,
           (unsigned long long)s.sentences, (unsigned long long)s.events, (unsigned long long)s.stories);
  printf("dyad + date-range query, all rows read: median %.3f ms wall, %.3f ms CPU; 90th percentile %.3f ms wall, "
         "%.3f ms CPU; %zu queries, %.1f rows each on average\n",
         times[nt / 2] * 1e3, ctimes[nt / 2] * 1e3, times[nt * 9 / 10] * 1e3, ctimes[nt * 9 / 10] * 1e3, nt,
         (double)rows / (double)nt);
  parley_store_close(st);
  return 0;
}

int main(int argc, char **argv) {
  const char *db = NULL, *corpus = NULL;
  unsigned long synth = 0;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--db") && i + 1 < argc) db = argv[++i];
    else if (!strcmp(argv[i], "--synthetic") && i + 1 < argc) synth = strtoul(argv[++i], NULL, 10);
    else if (!strcmp(argv[i], "--corpus") && i + 1 < argc) corpus = argv[++i];
    else {
      fprintf(stderr, "usage: bench_store --db FILE [--synthetic N | --corpus FILE.jsonl|-]\n");
      return 2;
    }
  }
  if (!db) {
    fprintf(stderr, "usage: bench_store --db FILE [--synthetic N | --corpus FILE.jsonl|-]\n");
    return 2;
  }
  if (synth && synthesize(db, synth)) return 1;
  if (corpus && ingest_corpus(db, corpus)) return 1;
  struct stat sb;
  char wal[4096];
  snprintf(wal, sizeof wal, "%s-wal", db);
  double size = stat(db, &sb) == 0 ? (double)sb.st_size : 0;
  if (stat(wal, &sb) == 0) size += (double)sb.st_size;
  printf("database size: %.1f MB\n", size / 1e6);
  if (time_queries(db)) return 1;
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  printf("peak RSS: %.1f MB\n", (double)ru.ru_maxrss / 1024.0);
  return 0;
}
