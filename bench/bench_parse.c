/* bench/bench_parse.c: speed of the tagger and parser on news sentences, one core: model load time, sentences/s
 * and words/s of tagging + lemmatising + parsing (CPU time, cleaning and splitting excluded), with the corpus's
 * `wc -w` count beside the parser's own word count, and peak RSS.
 *
 *   bench_parse [--model FILE] [--limit ARTICLES] [--passes N] [FILE.jsonl|FILE.jsonl.zst]
 * Default input: ../shared/corpora/tehran-times/tehran-times.jsonl.zst (skipped when absent), 3,000 articles.
 * The corpus is parsed N times (default 3) and the fastest pass is reported: on a shared machine, neighbours
 * only ever slow a pass down. */
#include <parley/parley.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

static double cpu_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Words as `wc -w` counts them: runs of non-space bytes. */
static size_t wc_words(const char *s, size_t n) {
  size_t w = 0;
  int in = 0;
  for (size_t i = 0; i < n; i++) {
    int sp = s[i] == ' ' || s[i] == '\n' || s[i] == '\t' || s[i] == '\r' || s[i] == '\v' || s[i] == '\f';
    if (!sp && !in) w++;
    in = !sp;
  }
  return w;
}

int main(int argc, char **argv) {
  const char *model_path = NULL, *path = "../shared/corpora/tehran-times/tehran-times.jsonl.zst";
  unsigned long limit = 3000;
  int passes = 3;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--model") && i + 1 < argc) model_path = argv[++i];
    else if (!strcmp(argv[i], "--passes") && i + 1 < argc) passes = atoi(argv[++i]);
    else if (!strcmp(argv[i], "--limit") && i + 1 < argc) limit = strtoul(argv[++i], NULL, 10);
    else path = argv[i];
  }
  char cmd[4096];
  size_t pl = strlen(path);
  FILE *in;
  if (pl > 4 && !strcmp(path + pl - 4, ".zst"))
    snprintf(cmd, sizeof cmd, "zstd -dc '%s' 2>/dev/null | head -n %lu", path, limit);
  else
    snprintf(cmd, sizeof cmd, "head -n %lu '%s'", limit, path);
  in = popen(cmd, "r");
  if (!in) {
    fprintf(stderr, "bench_parse: cannot read %s (skipped)\n", path);
    return 0;
  }
  size_t cap = 1 << 20, len = 0, r;
  char *buf = malloc(cap);
  while (buf && (r = fread(buf + len, 1, cap - len, in)) > 0) {
    len += r;
    if (len == cap) buf = realloc(buf, cap *= 2);
  }
  pclose(in);
  if (!buf || !len) {
    fprintf(stderr, "bench_parse: %s is empty or unreadable (skipped)\n", path);
    free(buf);
    return 0;
  }
  char err[300];
  parley_syntax_model *m;
  double t0 = cpu_now();
  struct timespec w0, w1;
  clock_gettime(CLOCK_MONOTONIC, &w0);
  if (parley_syntax_model_open(&m, model_path, err, sizeof err)) {
    fprintf(stderr, "bench_parse: %s\n", err);
    return 1;
  }
  clock_gettime(CLOCK_MONOTONIC, &w1);
  double load_cpu = cpu_now() - t0,
         load_wall = (double)(w1.tv_sec - w0.tv_sec) + (double)(w1.tv_nsec - w0.tv_nsec) / 1e9;
  parley_reader_options ro = PARLEY_READER_OPTIONS_INIT;
  ro.format = PARLEY_INPUT_JSONL;
  parley_doc *doc;
  parley_parser *p;
  if (parley_doc_new(&doc) || parley_parser_new(&p, m)) return 1;
  unsigned long articles = 0;
  size_t sentences = 0, words = 0, wc = 0;
  double best = 0;
  for (int pass = 0; pass < (passes < 1 ? 1 : passes); pass++) {
    parley_reader *rd;
    if (parley_reader_new(&rd, &ro) || parley_reader_add_buffer(rd, "corpus.jsonl", buf, len)) return 1;
    double busy = 0;
    articles = 0;
    sentences = words = wc = 0;
    const parley_article *a;
    while (parley_reader_next(rd, &a) == PARLEY_OK) {
      if (parley_doc_process(doc, a)) continue;
      articles++;
      size_t ns;
      const parley_sentence *s = parley_doc_sentences(doc, &ns);
      double t1 = cpu_now();
      for (size_t i = 0; i < ns; i++) {
        const parley_syntax_word *w;
        size_t n;
        if (parley_parser_parse_sentence(p, doc, i, &w, &n)) return 1;
        words += n;
      }
      busy += cpu_now() - t1;
      sentences += ns;
      for (size_t i = 0; i < ns; i++) wc += wc_words(a->text + s[i].start, s[i].end - s[i].start);
    }
    parley_reader_free(rd);
    if (pass == 0 || busy < best) best = busy;
  }
  free(buf);
  double busy = best;
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  printf("bench_parse: model %s, load %.1f ms (%.1f ms CPU)\n", model_path ? model_path : "built-in",
         load_wall * 1000, load_cpu * 1000);
  printf("  %lu articles, %zu sentences, %zu words (wc -w: %zu)\n", articles, sentences, words, wc);
  printf("  tag + lemma + parse: %.0f sentences/s, %.0f words/s (%.0f wc-words/s), one core, CPU time, best of %d\n",
         (double)sentences / busy, (double)words / busy, (double)wc / busy, passes);
  printf("  peak RSS %.1f MB\n", (double)ru.ru_maxrss / 1024.0);
  parley_parser_free(p);
  parley_doc_free(doc);
  parley_syntax_model_free(m);
  return 0;
}
