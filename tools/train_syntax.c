/* tools/train_syntax.c: trains parley's tagger, lemmatiser and dependency parser from CoNLL-U treebanks and writes
 * the model file (data/syntax-en.model is made by this program from UD English-EWT; see data/README.md).
 *
 * usage: parley-train-syntax [--tag-epochs N] [--parse-epochs N] [--folds K] [--seed S] [--limit N]
 *                            [--clusters CLASSES.tsv] [--min-weight W] [--one-pass] [--dev GOLD.conllu]
 *                            -o MODEL TRAIN.conllu...
 * The same treebank, options and seed give the same model, byte for byte. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "syntax/conllu.h"
#include "util/file.h"
#include "syntax/train.h"

static void print_diag(const parley_diag *d, void *payload) {
  (void)payload;
  fprintf(stderr, "parley-train-syntax: %s:%lu: %s\n", d->file ? d->file : "-", d->line, d->msg);
}

static char *slurp(const char *path, size_t *len) {
  FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
  if (!f) return NULL;
  char *buf;
  int rc = pl_read_stream(f, 0, &buf, len);
  if (f != stdin) fclose(f);
  return rc ? NULL : buf;
}

typedef struct corpus {
  pl_syn_sent *s;
  size_t n;
  char **bufs;
  size_t nbufs;
} corpus;

static int read_into(corpus *c, const char *path, pl_arena *a) {
  size_t len;
  char *buf = slurp(path, &len);
  if (!buf) {
    fprintf(stderr, "parley-train-syntax: %s: %s\n", path, strerror(errno ? errno : EIO));
    return -1;
  }
  pl_conllu_options o = {path, 1, print_diag, NULL};
  pl_syn_sent *s;
  size_t n;
  if (pl_conllu_read(buf, len, &o, a, &s, &n)) {
    free(buf);
    fprintf(stderr, "parley-train-syntax: out of memory\n");
    return -1;
  }
  free(buf); /* words are copied into the arena */
  pl_syn_sent *all = realloc(c->s, (c->n + n + 1) * sizeof *all);
  if (!all) {
    free(s);
    return -1;
  }
  memcpy(all + c->n, s, n * sizeof *s);
  c->s = all;
  c->n += n;
  free(s);
  return 0;
}

static int usage(void) {
  fprintf(stderr, "usage: parley-train-syntax [--tag-epochs N] [--parse-epochs N] [--folds K] [--seed S] "
                  "[--limit N] [--clusters CLASSES.tsv] [--min-weight W] [--one-pass] [--dev GOLD.conllu] -o MODEL "
                  "TRAIN.conllu...\n");
  return 2;
}

int main(int argc, char **argv) {
  pl_syn_train_options o = {12, 15, 5, 1, 1, 1.0f, NULL, stderr};
  const char *out_path = NULL, *dev = NULL;
  long limit = -1;
  corpus train = {0};
  pl_arena a;
  pl_arena_init(&a, 1 << 20);
  int nfiles = 0;
  for (int i = 1; i < argc; i++) {
    const char *arg = argv[i];
    if (i + 1 < argc && (!strcmp(arg, "--tag-epochs") || !strcmp(arg, "--parse-epochs") ||
                         !strcmp(arg, "--folds") || !strcmp(arg, "--seed") || !strcmp(arg, "--limit"))) {
      char *end;
      long v = strtol(argv[++i], &end, 10);
      if (*end || v < 0) return usage();
      if (!strcmp(arg, "--tag-epochs")) o.tag_epochs = (int)v;
      else if (!strcmp(arg, "--parse-epochs")) o.parse_epochs = (int)v;
      else if (!strcmp(arg, "--folds")) o.folds = (int)v;
      else if (!strcmp(arg, "--seed")) o.seed = (uint64_t)v;
      else limit = v;
    } else if (!strcmp(arg, "-o") && i + 1 < argc) {
      out_path = argv[++i];
    } else if (!strcmp(arg, "--min-weight") && i + 1 < argc) {
      o.min_weight = strtof(argv[++i], NULL);
    } else if (!strcmp(arg, "--clusters") && i + 1 < argc) {
      o.clusters = argv[++i];
    } else if (!strcmp(arg, "--dev") && i + 1 < argc) {
      dev = argv[++i];
    } else if (!strcmp(arg, "--one-pass")) {
      o.two_pass = 0;
    } else if (!strcmp(arg, "--quiet")) {
      o.log = NULL;
    } else if (arg[0] == '-' && arg[1]) {
      return usage();
    } else {
      if (read_into(&train, arg, &a)) return 3;
      nfiles++;
    }
  }
  if (!out_path || !nfiles) return usage();
  if (limit >= 0 && (size_t)limit < train.n) train.n = (size_t)limit;
  if (!train.n) {
    fprintf(stderr, "parley-train-syntax: no sentences to train on\n");
    return 3;
  }
  FILE *out = fopen(out_path, "wb");
  if (!out) {
    fprintf(stderr, "parley-train-syntax: %s: %s\n", out_path, strerror(errno));
    return 3;
  }
  char err[256] = "";
  int rc = pl_syn_train(train.s, train.n, &o, out, err, sizeof err);
  if (fclose(out) && !rc) {
    snprintf(err, sizeof err, "%s: write failed", out_path);
    rc = -1;
  }
  if (rc) {
    fprintf(stderr, "parley-train-syntax: %s\n", err);
    return 3;
  }
  if (dev) {
    corpus d = {0};
    size_t len;
    char *img = slurp(out_path, &len);
    pl_syn_model m;
    if (!img || read_into(&d, dev, &a) || pl_syn_model_open(&m, img, len, err, sizeof err)) {
      fprintf(stderr, "parley-train-syntax: cannot evaluate on %s: %s\n", dev, err);
      return 3;
    }
    pl_syn_prepare_sentences(d.s, d.n);
    pl_syn_scores sc;
    if (pl_syn_evaluate(&m, d.s, d.n, &sc)) return 3;
    double w = sc.words ? (double)sc.words : 1;
    printf("%s: %zu words  UPOS %.4f  XPOS %.4f  lemma %.4f  UAS %.4f  LAS %.4f\n", dev, sc.words, sc.upos / w,
           sc.xpos / w, sc.lemma / w, sc.uas / w, sc.las / w);
    free(img);
    free(d.s);
  }
  free(train.s);
  pl_arena_dispose(&a);
  return 0;
}
