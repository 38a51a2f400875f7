/* bench/bench_code.c: throughput of `parley code` — read, clean, segment, tokenise, match and code — over a JSONL
 * corpus (default: ../shared/corpora/tehran-times, unpacked through zstd), with the built-in dictionaries or the
 * full Phoenix set, on N threads. Prints articles, sentences/s, MB/s, events and peak RSS.
 *
 *   bench_code [--phoenix DIR] [-j N] [--limit ARTICLES] [--geo] [FILE.jsonl|FILE.jsonl.zst]
 *
 * --geo geolocates with the built-in gazetteer (its load is timed apart): run with and without to see what
 * geolocation costs.
 */
#include <parley/article.h>
#include <parley/coder.h>
#include <parley/doc.h>
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
  int geo = 0;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--phoenix") && i + 1 < argc) phoenix = argv[++i];
    else if (!strcmp(argv[i], "-j") && i + 1 < argc) threads = atoi(argv[++i]);
    else if (!strcmp(argv[i], "--limit") && i + 1 < argc) limit = strtoul(argv[++i], NULL, 10);
    else if (!strcmp(argv[i], "--geo")) geo = 1;
    else path = argv[i];
  }
  if (threads < 1 || threads > 64) threads = 1;
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
  parley_gazetteer *gaz = NULL;
  if (geo) {
    double tg = now();
    clock_t cg = clock();
    if (parley_gazetteer_load(&gaz, NULL) != PARLEY_OK) return 1;
    fprintf(stderr, "gazetteer: %zu places loaded in %.0f ms wall, %.0f ms CPU; index %.1f MB\n",
            parley_gazetteer_count(gaz), (now() - tg) * 1e3, (double)(clock() - cg) * 1e3 / CLOCKS_PER_SEC,
            (double)parley_gazetteer_memory(gaz) / (1 << 20));
  }
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
