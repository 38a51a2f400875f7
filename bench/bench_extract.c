/* bench_extract.c: scores and times the HTML article extractor on the article-extraction benchmark
 * (ground-truth.json + html/<sha>.html.gz). Tokens are words after ICU case folding, compared as multisets;
 * prints per-page precision/recall/F1, the mean, MB/s of HTML extracted on one core and peak RSS.
 *
 * usage: bench_extract [--worst N] [--dump DIR] [--runs N] [--quiet] [CORPUS_DIR]
 *        (default ../shared/corpora/article-extraction) */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unicode/uchar.h>
#include <unicode/ustring.h>
#include <unicode/utf8.h>
#include <zlib.h>

#include "html.h"

typedef struct page {
  const char *sha, *url;
  char *html;
  size_t len;
  double p, r, f1;
  size_t ntrue, npred;
} page;

static double now_cpu(void) {
  struct timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static char *read_gz(const char *path, size_t *len) {
  gzFile f = gzopen(path, "rb");
  if (!f) return NULL;
  size_t cap = 1 << 20, n = 0;
  char *b = malloc(cap);
  int r;
  while (b && (r = gzread(f, b + n, (unsigned)(cap - n))) > 0) {
    n += (size_t)r;
    if (n == cap) {
      char *nb = realloc(b, cap *= 2);
      if (!nb) free(b);
      b = nb;
    }
  }
  gzclose(f);
  *len = n;
  return b;
}

/* Word tokens: maximal runs of letters, digits and marks after full case folding. Each token is a
 * NUL-terminated UTF-8 string in one malloc'ed block; returns the count and an array of pointers. */
typedef struct toks {
  char *pool;
  char **v;
  size_t n;
} toks;

static int cmpstr(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static int is_word_cp(UChar32 c) {
  if (u_isalnum(c)) return 1;
  int8_t t = u_charType(c);
  return t == U_NON_SPACING_MARK || t == U_COMBINING_SPACING_MARK || t == U_ENCLOSING_MARK;
}

static int tokenize(const char *s, size_t len, toks *t) {
  memset(t, 0, sizeof *t);
  UErrorCode st = U_ZERO_ERROR;
  int32_t ulen = 0;
  u_strFromUTF8WithSub(NULL, 0, &ulen, s, (int32_t)len, 0xFFFD, NULL, &st);
  st = U_ZERO_ERROR;
  UChar *u = malloc(((size_t)ulen + 1) * sizeof *u);
  UChar *f = malloc(((size_t)ulen * 3 + 1) * sizeof *f);
  if (!u || !f) return -1;
  u_strFromUTF8WithSub(u, ulen + 1, NULL, s, (int32_t)len, 0xFFFD, NULL, &st);
  int32_t flen = u_strFoldCase(f, ulen * 3 + 1, u, ulen, U_FOLD_CASE_DEFAULT, &st);
  free(u);
  if (U_FAILURE(st)) {
    free(f);
    return -1;
  }
  t->pool = malloc((size_t)flen * 4 + 2);
  t->v = malloc(((size_t)flen / 1 + 1) * sizeof *t->v);
  if (!t->pool || !t->v) return -1;
  size_t o = 0;
  int in = 0;
  for (int32_t i = 0; i < flen;) {
    UChar32 c;
    U16_NEXT(f, i, flen, c);
    if (is_word_cp(c)) {
      if (!in) {
        t->v[t->n++] = t->pool + o;
        in = 1;
      }
      UBool err = 0;
      U8_APPEND((uint8_t *)t->pool, o, (size_t)flen * 4 + 2, c, err);
      (void)err;
    } else if (in) {
      t->pool[o++] = '\0';
      in = 0;
    }
  }
  if (in) t->pool[o++] = '\0';
  free(f);
  qsort(t->v, t->n, sizeof *t->v, cmpstr);
  return 0;
}

static size_t common(const toks *a, const toks *b) {
  size_t i = 0, j = 0, c = 0;
  while (i < a->n && j < b->n) {
    int d = strcmp(a->v[i], b->v[j]);
    if (!d) {
      c++;
      i++;
      j++;
    } else if (d < 0)
      i++;
    else
      j++;
  }
  return c;
}

static int by_f1(const void *a, const void *b) {
  const page *x = *(page *const *)a, *y = *(page *const *)b;
  return x->f1 < y->f1 ? -1 : x->f1 > y->f1;
}

int main(int argc, char **argv) {
  const char *dir = "../shared/corpora/article-extraction", *dump = NULL;
  int worst = 10, runs = 1, quiet = 0;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--worst") && i + 1 < argc) worst = atoi(argv[++i]);
    else if (!strcmp(argv[i], "--dump") && i + 1 < argc) dump = argv[++i];
    else if (!strcmp(argv[i], "--runs") && i + 1 < argc) runs = atoi(argv[++i]);
    else if (!strcmp(argv[i], "--quiet")) quiet = 1;
    else if (!strcmp(argv[i], "--help")) {
      printf("usage: bench_extract [--worst N] [--dump DIR] [--runs N] [--quiet] [CORPUS_DIR]\n");
      return 0;
    } else dir = argv[i];
  }
  char path[4096];
  snprintf(path, sizeof path, "%s/ground-truth.json", dir);
  json_error_t err;
  json_t *gt = json_load_file(path, 0, &err);
  if (!gt) {
    fprintf(stderr, "bench_extract: cannot read %s: %s\n", path, err.text);
    return 1;
  }
  size_t np = json_object_size(gt), k = 0;
  page *pages = calloc(np, sizeof *pages);
  const char *key;
  json_t *val;
  double total_mb = 0;
  json_object_foreach(gt, key, val) {
    page *p = &pages[k++];
    p->sha = key;
    p->url = json_string_value(json_object_get(val, "url"));
    snprintf(path, sizeof path, "%s/html/%s.html.gz", dir, key);
    p->html = read_gz(path, &p->len);
    if (!p->html) {
      fprintf(stderr, "bench_extract: cannot read %s\n", path);
      return 1;
    }
    total_mb += (double)p->len / 1e6;
  }
  double cpu = 0, sum_f1 = 0, sum_p = 0, sum_r = 0;
  unsigned long nwarn[PL_HTML_WARN_COUNT] = {0};
  for (size_t i = 0; i < np; i++) {
    page *p = &pages[i];
    pl_html_result r;
    for (int run = 0; run < runs; run++) {
      double t0 = now_cpu();
      if (pl_html_extract(p->html, p->len, &r)) {
        fprintf(stderr, "bench_extract: out of memory\n");
        return 1;
      }
      cpu += now_cpu() - t0;
      if (run + 1 < runs) pl_html_result_dispose(&r);
    }
    for (unsigned b = 0; b < PL_HTML_WARN_COUNT; b++)
      if (r.warnings & (1u << b)) nwarn[b]++;
    const char *truth = json_string_value(json_object_get(json_object_get(gt, p->sha), "articleBody"));
    toks tt, tp;
    if (tokenize(truth ? truth : "", truth ? strlen(truth) : 0, &tt) || tokenize(r.text, r.text_len, &tp)) {
      fprintf(stderr, "bench_extract: tokenizer failed\n");
      return 1;
    }
    size_t c = common(&tt, &tp);
    p->ntrue = tt.n;
    p->npred = tp.n;
    p->p = tp.n ? (double)c / (double)tp.n : (tt.n ? 0.0 : 1.0);
    p->r = tt.n ? (double)c / (double)tt.n : 1.0;
    p->f1 = p->p + p->r > 0 ? 2 * p->p * p->r / (p->p + p->r) : 0.0;
    sum_f1 += p->f1;
    sum_p += p->p;
    sum_r += p->r;
    if (!quiet)
      printf("%.12s  P %.3f  R %.3f  F1 %.3f  %s\n", p->sha, p->p, p->r, p->f1, p->url ? p->url : "");
    if (dump) {
      snprintf(path, sizeof path, "%s/%s.txt", dump, p->sha);
      FILE *f = fopen(path, "w");
      if (f) {
        fprintf(f, "title: %s\ndate: %s\nsource: %s\nurl: %s\nlanguage: %s\nwarnings: %u\n\n%s\n",
                r.title ? r.title : "", r.date ? r.date : "", r.source ? r.source : "", r.url ? r.url : "",
                r.language ? r.language : "", r.warnings, r.text);
        fclose(f);
      }
      snprintf(path, sizeof path, "%s/%s.truth", dump, p->sha);
      f = fopen(path, "w");
      if (f) {
        fprintf(f, "%s\n", truth ? truth : "");
        fclose(f);
      }
    }
    free(tt.pool), free(tt.v), free(tp.pool), free(tp.v);
    pl_html_result_dispose(&r);
  }
  page **order = malloc(np * sizeof *order);
  for (size_t i = 0; i < np; i++) order[i] = &pages[i];
  qsort(order, np, sizeof *order, by_f1);
  printf("\nworst %d:\n", worst);
  for (int i = 0; i < worst && (size_t)i < np; i++)
    printf("  %.12s  P %.3f  R %.3f  F1 %.3f  (%zu true, %zu extracted tokens)  %s\n", order[i]->sha, order[i]->p,
           order[i]->r, order[i]->f1, order[i]->ntrue, order[i]->npred, order[i]->url ? order[i]->url : "");
  printf("\nwarnings:");
  for (unsigned b = 0; b < PL_HTML_WARN_COUNT; b++)
    if (nwarn[b]) printf(" [%s] %lu", pl_html_warning_str(1u << b), nwarn[b]);
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  printf("\n\npages %zu  mean P %.4f  R %.4f  F1 %.4f\n", np, sum_p / (double)np, sum_r / (double)np,
         sum_f1 / (double)np);
  printf("speed %.1f MB/s of HTML (%.1f MB x %d runs in %.3f s CPU, one core)  peak RSS %ld MB\n",
         total_mb * runs / cpu, total_mb, runs, cpu, ru.ru_maxrss / 1024);
  for (size_t i = 0; i < np; i++) free(pages[i].html);
  free(pages);
  free(order);
  json_decref(gt);
  return 0;
}
