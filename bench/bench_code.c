/* bench/bench_code.c: throughput of `parley code` — read, clean, segment, tokenise, match and code — over a JSONL
 * corpus (default: ../shared/corpora/tehran-times, unpacked through zstd), with the built-in dictionaries or the
 * full Phoenix set, on N threads. Prints articles, sentences/s, MB/s, events and peak RSS.
 *
 *   bench_code [--phoenix DIR] [-j N] [--limit ARTICLES] [--geo [--passes N]] [FILE.jsonl|FILE.jsonl.zst]
 *
 * --geo measures what geolocation costs instead: it loads the built-in gazetteer (CPU time of the load, size of the
 * index), reads --limit articles (default 2000) into memory, then codes them all on one thread with a coder
 * without and a coder with the gazetteer, alternately, chunk by chunk (50 articles), --passes times (default 5),
 * and reports the sum over the chunks of the best CPU time of each coder and the share of coding time that
 * geolocation takes. CPU time and the best of several passes in one run, because the machine is shared: wall time
 * and single runs move by more than what is measured.
 */
#include <parley/article.h>
#include <parley/coder.h>
#include <parley/doc.h>
#include <parley/event.h>
#include <parley/gazetteer.h>
#include <parley/lexicon.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#define BATCH 512

typedef struct item {
  parley_article a;
  char *text;
} item;

typedef struct worker {
  parley_doc *doc;
  parley_coder *coder;
  item *items;
  size_t n, stride, offset;
  unsigned long long sentences, events, bytes;
} worker;

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double cpu_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Cleans and codes every item with coder; returns the events found. */
static unsigned long long code_all(parley_doc *doc, parley_coder *coder, const item *items, size_t n) {
  unsigned long long events = 0;
  for (size_t i = 0; i < n; i++) {
    if (parley_doc_process(doc, &items[i].a) != PARLEY_OK) continue;
    if (parley_coder_code(coder, doc) != PARLEY_OK) continue;
    const parley_event *ev;
    while (parley_coder_next_event(coder, &ev) == PARLEY_OK) events++;
  }
  return events;
}

/* End to end, as `parley code` runs: JSONL lines in (read by the library's reader), cleaned, coded, and each
 * event written as a JSON line (to out). Returns the events. */
static unsigned long long code_jsonl(parley_doc *doc, parley_coder *coder, const char *jsonl, size_t len, FILE *out) {
  parley_reader *r;
  parley_reader_options ro = PARLEY_READER_OPTIONS_INIT;
  ro.format = PARLEY_INPUT_JSONL;
  ro.default_date = "2020-01-01";
  if (parley_reader_new(&r, &ro) != PARLEY_OK) return 0;
  parley_reader_add_buffer(r, "corpus.jsonl", jsonl, len);
  unsigned long long events = 0;
  const parley_article *a;
  while (parley_reader_next(r, &a) == PARLEY_OK) {
    if (parley_doc_process(doc, a) != PARLEY_OK) continue;
    if (parley_coder_code(coder, doc) != PARLEY_OK) continue;
    const parley_event *ev;
    while (parley_coder_next_event(coder, &ev) == PARLEY_OK) {
      parley_event_write(out, ev, PARLEY_OUTPUT_JSONL);
      events++;
    }
  }
  parley_reader_free(r);
  return events;
}

/* The --geo measurement (see the header). */
static int geo_cost(parley_lexicon *lex, FILE *in, unsigned long limit, int passes) {
  double c0 = cpu_now(), w0 = now();
  parley_gazetteer *gaz = NULL;
  if (parley_gazetteer_load(&gaz, NULL) != PARLEY_OK) return 1;
  double load_cpu = cpu_now() - c0, load_wall = now() - w0;
  printf("gazetteer: %zu places loaded in %.0f ms CPU (%.0f ms wall); index %.1f MB\n", parley_gazetteer_count(gaz),
         load_cpu * 1e3, load_wall * 1e3, (double)parley_gazetteer_memory(gaz) / (1 << 20));
  /* the articles, read once through the library's JSONL reader */
  enum { CHUNK = 50 };
  char *chunk = NULL, *line = NULL;
  size_t chunk_len = 0, cap = 0, lines = 0;
  ssize_t len;
  FILE *mem = open_memstream(&chunk, &chunk_len);
  size_t *chunk_at = malloc((limit / CHUNK + 2) * sizeof *chunk_at); /* byte offset of each chunk's first line */
  if (!mem || !chunk_at) return 1;
  while (lines < limit && (len = getline(&line, &cap, in)) > 0) {
    if (lines % CHUNK == 0) {
      fflush(mem);
      chunk_at[lines / CHUNK] = chunk_len;
    }
    fwrite(line, 1, (size_t)len, mem);
    lines++;
  }
  fclose(mem);
  chunk_at[(lines + CHUNK - 1) / CHUNK] = chunk_len;
  free(line);
  FILE *sink = fopen("/dev/null", "w");
  if (!sink) return 1;
  parley_reader *r;
  parley_reader_options ro = PARLEY_READER_OPTIONS_INIT;
  ro.format = PARLEY_INPUT_JSONL;
  ro.default_date = "2020-01-01";
  if (parley_reader_new(&r, &ro) != PARLEY_OK) return 1;
  parley_reader_add_buffer(r, "corpus.jsonl", chunk, chunk_len);
  item *items = calloc(lines ? lines : 1, sizeof *items);
  size_t n = 0;
  unsigned long long bytes = 0;
  const parley_article *a;
  while (items && n < lines && parley_reader_next(r, &a) == PARLEY_OK) {
    items[n].text = malloc(a->text_len + 1);
    if (!items[n].text) break;
    memcpy(items[n].text, a->text, a->text_len + 1);
    items[n].a = *a;
    items[n].a.text = items[n].text;
    items[n].a.id = "bench";
    items[n].a.title = items[n].a.source = items[n].a.url = items[n].a.file = NULL;
    items[n].a.language = NULL;
    items[n].a.date = "2020-01-01";
    bytes += a->text_len;
    n++;
  }
  parley_doc *doc;
  parley_coder *plain, *geo;
  if (!items || parley_doc_new(&doc) != PARLEY_OK || parley_coder_new(&plain, lex, NULL) != PARLEY_OK ||
      parley_coder_new(&geo, lex, NULL) != PARLEY_OK)
    return 1;
  parley_coder_set_gazetteer(geo, gaz);
  /* the articles in chunks of CHUNK, each coded by both coders in every pass, from memory (cleaning and coding)
     and end to end (JSONL in, JSON lines out): the best time of each chunk is taken, so that a neighbour's burst
     spoils one chunk's pass, not a whole pass's total. Lines the reader skips make the two views' chunks differ
     slightly; each view compares its coders on the same articles. */
  size_t n_chunks = (lines + CHUNK - 1) / CHUNK;
  double *best_chunk = malloc(4 * (n_chunks ? n_chunks : 1) * sizeof *best_chunk);
  if (!best_chunk) return 1;
  for (size_t i = 0; i < 4 * n_chunks; i++) best_chunk[i] = 1e300;
  unsigned long long events[4] = {0, 0, 0, 0};
  for (int p = 0; p < passes; p++) {
    unsigned long long ev[4] = {0, 0, 0, 0};
    for (size_t ch = 0; ch < n_chunks; ch++) {
      size_t from = ch * CHUNK, cnt = from >= n ? 0 : n - from < CHUNK ? n - from : CHUNK;
      /* alternate which goes first, so that neither always runs on a warmer cache */
      for (int k = 0; k < 4; k++) {
        int which = (int)((p + ch + (size_t)k) % 4); /* bit 0: geolocation, bit 1: end to end */
        parley_coder *cd = which & 1 ? geo : plain;
        double t = cpu_now();
        ev[which] += which & 2 ? code_jsonl(doc, cd, chunk + chunk_at[ch], chunk_at[ch + 1] - chunk_at[ch], sink)
                               : code_all(doc, cd, items + from, cnt);
        t = cpu_now() - t;
        if (t < best_chunk[4 * ch + (size_t)which]) best_chunk[4 * ch + (size_t)which] = t;
      }
    }
    memcpy(events, ev, sizeof ev);
  }
  double best[4] = {0, 0, 0, 0};
  for (size_t ch = 0; ch < n_chunks; ch++)
    for (int k = 0; k < 4; k++) best[k] += best_chunk[4 * ch + (size_t)k];
  free(best_chunk);
  free(chunk_at);
  free(chunk);
  fclose(sink);
  printf("bench_code --geo: %zu articles (%.1f MB), %d passes, one thread; sum over chunks of %d articles of the "
         "best CPU time of each:\n", n, (double)bytes / 1e6, passes, (int)CHUNK);
  static const char *const views[] = {"clean+code (articles in memory)", "end to end (JSONL in, JSON lines out)"};
  for (int v = 0; v < 2; v++) {
    double off = best[2 * v], on = best[2 * v + 1];
    printf("  %s: without geolocation %.3f s (%llu events), with %.3f s (%llu events)\n", views[v], off,
           events[2 * v], on, events[2 * v + 1]);
    printf("    geolocation: %.1f%% of that time (%+.1f ms per 1,000 articles)\n", (on - off) / on * 100,
           (on - off) * 1e3 * 1000 / (double)(n ? n : 1));
  }
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  printf("  peak RSS %.1f MB\n", (double)ru.ru_maxrss / 1024.0);
  for (size_t i = 0; i < n; i++) free(items[i].text);
  free(items);
  parley_coder_free(plain);
  parley_coder_free(geo);
  parley_doc_free(doc);
  parley_reader_free(r);
  parley_gazetteer_free(gaz);
  return 0;
}

static void *run(void *arg) {
  worker *w = arg;
  for (size_t i = w->offset; i < w->n; i += w->stride) {
    if (parley_doc_process(w->doc, &w->items[i].a) != PARLEY_OK) continue;
    size_t ns;
    parley_doc_sentences(w->doc, &ns);
    w->sentences += ns;
    w->bytes += w->items[i].a.text_len;
    if (parley_coder_code(w->coder, w->doc) != PARLEY_OK) continue;
    const parley_event *ev;
    while (parley_coder_next_event(w->coder, &ev) == PARLEY_OK) w->events++;
  }
  return NULL;
}

int main(int argc, char **argv) {
  const char *phoenix = NULL, *path = NULL;
  int threads = 1;
  unsigned long limit = 0;
  int geo = 0, passes = 5;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--phoenix") && i + 1 < argc) phoenix = argv[++i];
    else if (!strcmp(argv[i], "-j") && i + 1 < argc) threads = atoi(argv[++i]);
    else if (!strcmp(argv[i], "--limit") && i + 1 < argc) limit = strtoul(argv[++i], NULL, 10);
    else if (!strcmp(argv[i], "--geo")) geo = 1;
    else if (!strcmp(argv[i], "--passes") && i + 1 < argc) passes = atoi(argv[++i]);
    else path = argv[i];
  }
  if (threads < 1 || threads > 64) threads = 1;
  if (passes < 1 || passes > 100) passes = 5;
  char cmd[4096];
  FILE *in = NULL;
  int piped = 0;
  if (!path) path = "../shared/corpora/tehran-times/tehran-times.jsonl.zst";
  size_t pl = strlen(path);
  if (pl > 4 && !strcmp(path + pl - 4, ".zst")) {
    snprintf(cmd, sizeof cmd, "zstd -dc '%s'", path);
    in = popen(cmd, "r");
    piped = 1;
  } else {
    in = fopen(path, "r");
  }
  if (!in) {
    fprintf(stderr, "bench_code: cannot read %s (skipped)\n", path);
    return 0;
  }
  double t0 = now();
  parley_lexicon *lex;
  if (parley_lexicon_new(&lex, NULL) != PARLEY_OK) return 1;
  if (phoenix) {
    static const char *files[] = {"CAMEO.2.0.txt", "Phoenix.Countries.actors.txt", "Phoenix.International.actors.txt",
                                  "Phoenix.MilNonState.actors.txt", "Phoenix.agents.txt", "Phoenix.discards.txt"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
      char p[4096];
      snprintf(p, sizeof p, "%s/%s", phoenix, files[i]);
      if (parley_lexicon_add_file(lex, p) != PARLEY_OK) fprintf(stderr, "bench_code: cannot load %s\n", p);
    }
  } else if (parley_lexicon_add_builtin(lex) != PARLEY_OK) {
    return 1;
  }
  if (parley_lexicon_compile(lex) != PARLEY_OK) return 1;
  double t_load = now() - t0;
  if (geo) {
    int rc = geo_cost(lex, in, limit ? limit : 2000, passes);
    parley_lexicon_free(lex);
    if (piped) pclose(in);
    else fclose(in);
    return rc;
  }
  parley_gazetteer *gaz = NULL;
  parley_reader *r;
  parley_reader_options ro = PARLEY_READER_OPTIONS_INIT;
  ro.format = PARLEY_INPUT_JSONL;
  ro.default_date = "2020-01-01";
  if (parley_reader_new(&r, &ro) != PARLEY_OK) return 1;
  char *line = NULL;
  size_t cap = 0;
  ssize_t len;
  worker *w = calloc((size_t)threads, sizeof *w);
  item *items = calloc(BATCH, sizeof *items);
  for (int t = 0; t < threads; t++) {
    parley_doc_new(&w[t].doc);
    parley_coder_new(&w[t].coder, lex, NULL);
    parley_coder_set_gazetteer(w[t].coder, gaz);
    w[t].items = items;
    w[t].stride = (size_t)threads;
    w[t].offset = (size_t)t;
  }
  unsigned long articles = 0;
  double busy = 0;
  int eof = 0;
  while (!eof && (!limit || articles < limit)) {
    size_t n = 0;
    /* parse a batch of lines with the library's JSONL reader */
    parley_reader_free(r);
    parley_reader_new(&r, &ro);
    char *chunk = NULL;
    size_t chunk_len = 0;
    FILE *mem = open_memstream(&chunk, &chunk_len);
    while (n < BATCH && (len = getline(&line, &cap, in)) > 0) {
      fwrite(line, 1, (size_t)len, mem);
      n++;
    }
    if (n < BATCH) eof = 1;
    fclose(mem);
    parley_reader_add_buffer(r, "corpus.jsonl", chunk, chunk_len);
    free(chunk);
    const parley_article *a;
    size_t k = 0;
    while (k < BATCH && parley_reader_next(r, &a) == PARLEY_OK) {
      items[k].text = malloc(a->text_len + 1);
      memcpy(items[k].text, a->text, a->text_len + 1);
      items[k].a = *a;
      items[k].a.text = items[k].text;
      items[k].a.id = "bench";
      items[k].a.title = items[k].a.source = items[k].a.url = items[k].a.file = NULL;
      items[k].a.language = NULL;
      items[k].a.date = "2020-01-01";
      k++;
    }
    double t1 = now();
    pthread_t tid[64];
    for (int t = 0; t < threads; t++) {
      w[t].n = k;
      pthread_create(&tid[t], NULL, run, &w[t]);
    }
    for (int t = 0; t < threads; t++) pthread_join(tid[t], NULL);
    busy += now() - t1;
    for (size_t i = 0; i < k; i++) free(items[i].text);
    articles += k;
  }
  unsigned long long sentences = 0, events = 0, bytes = 0;
  for (int t = 0; t < threads; t++) {
    sentences += w[t].sentences;
    events += w[t].events;
    bytes += w[t].bytes;
    parley_coder_free(w[t].coder);
    parley_doc_free(w[t].doc);
  }
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  printf("bench_code: dictionaries %s (load+compile %.0f ms), %d thread(s)\n", phoenix ? "Phoenix" : "built-in",
         t_load * 1000, threads);
  printf("  %lu articles, %llu sentences, %.1f MB text, %llu events\n", articles, sentences, (double)bytes / 1e6,
         events);
  printf("  %.0f sentences/s, %.1f MB/s (clean+segment+tokenise+code, excluding JSON reading)\n",
         (double)sentences / busy, (double)bytes / 1e6 / busy);
  printf("  peak RSS %.1f MB\n", (double)ru.ru_maxrss / 1024.0);
  free(items);
  free(w);
  free(line);
  parley_reader_free(r);
  parley_lexicon_free(lex);
  parley_gazetteer_free(gaz);
  if (piped) pclose(in);
  else fclose(in);
  return 0;
}
