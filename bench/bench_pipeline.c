/* bench/bench_pipeline.c: throughput of the text pipeline on one core: read JSONL, then clean + segment +
 * tokenise every article. Prints MB/s (pipeline alone and with reading), sentences/s, tokens/s and peak RSS.
 *
 * usage: bench_pipeline [FILE.jsonl | FILE.jsonl.zst | -]
 * Default: ../shared/corpora/tehran-times/tehran-times.jsonl.zst, looked for from the current directory up to
 * three levels (so it works from the source tree and from build/), unpacked through `zstd -dc` (the unpacking
 * runs in another process and is not counted in RSS). */
#include <parley/parley.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

/* CPU time of this process: the machine may be shared, and the figure wanted is what one core does. */
static double cpu(void) {
  struct timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double wall(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void count_diag(const parley_diag *d, void *payload) {
  (void)d;
  (*(unsigned long *)payload)++;
}

int main(int argc, char **argv) {
  const char *path = argc > 1 ? argv[1] : NULL;
  char def[256], cmd[4200];
  if (!path) {
    static const char *const ups[] = {"..", "../..", "../../.."};
    for (size_t i = 0; i < 3 && !path; i++) {
      snprintf(def, sizeof def, "%s/shared/corpora/tehran-times/tehran-times.jsonl.zst", ups[i]);
      if (access(def, R_OK) == 0) path = def;
    }
    if (!path) {
      printf("bench_pipeline: skipped: ../shared/corpora/tehran-times is absent\n");
      return 0;
    }
  }
  size_t pl = strlen(path);
  FILE *zin = NULL;
  if (pl > 4 && !strcmp(path + pl - 4, ".zst")) {
    FILE *probe = fopen(path, "rb");
    if (!probe) {
      printf("bench_pipeline: skipped: %s is absent\n", path);
      return 0;
    }
    fclose(probe);
    snprintf(cmd, sizeof cmd, "zstd -dc '%s'", path);
    zin = popen(cmd, "r");
    if (!zin) {
      fprintf(stderr, "bench_pipeline: cannot run zstd\n");
      return 1;
    }
  }
  unsigned long diags = 0;
  parley_reader_options o = PARLEY_READER_OPTIONS_INIT;
  o.format = PARLEY_INPUT_JSONL;
  o.diag = count_diag;
  o.diag_payload = &diags;
  parley_reader *r;
  parley_doc *doc;
  if (parley_reader_new(&r, &o) != PARLEY_OK || parley_doc_new(&doc) != PARLEY_OK) return 1;
  /* the reader streams standard input: make the pipe from zstd our standard input */
  if (zin && dup2(fileno(zin), 0) < 0) return 1;
  if (parley_reader_add_path(r, zin ? "-" : path) != PARLEY_OK) {
    fprintf(stderr, "bench_pipeline: %s\n", parley_reader_errmsg(r));
    return 1;
  }
  unsigned long articles = 0, sentences = 0, tokens = 0;
  double text_bytes = 0, t_proc = 0, t0 = cpu(), w0 = wall();
  const parley_article *a;
  int rc;
  while ((rc = parley_reader_next(r, &a)) == PARLEY_OK) {
    double t1 = cpu();
    if (parley_doc_process(doc, a) != PARLEY_OK) return 1;
    t_proc += cpu() - t1;
    size_t ns, nt;
    parley_doc_sentences(doc, &ns);
    parley_doc_tokens(doc, &nt);
    articles++;
    sentences += ns;
    tokens += nt;
    text_bytes += (double)a->text_len;
  }
  double t_all = cpu() - t0, w_all = wall() - w0;
  parley_reader_stats st;
  parley_reader_get_stats(r, &st);
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  printf("input:             %s\n", path);
  printf("articles:          %lu (%lu diagnostics)\n", articles, diags);
  printf("input bytes:       %.1f MB (article text %.1f MB)\n", (double)st.bytes / 1e6, text_bytes / 1e6);
  printf("sentences:         %lu, tokens: %lu\n", sentences, tokens);
  printf("clean+segment+tokenise: %.1f MB/s of text, %.0f sentences/s, %.0f tokens/s (%.2f s CPU)\n",
         text_bytes / 1e6 / t_proc, (double)sentences / t_proc, (double)tokens / t_proc, t_proc);
  printf("with JSONL reading:     %.1f MB/s of input (%.2f s CPU, %.2f s wall)\n", (double)st.bytes / 1e6 / t_all,
         t_all, w_all);
  printf("peak RSS:          %.1f MB\n", (double)ru.ru_maxrss / 1024.0);
  parley_doc_free(doc);
  parley_reader_free(r);
  if (zin) pclose(zin);
  return 0;
}
