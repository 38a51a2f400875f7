/* tools/word_clusters.c: word classes learnt from raw news text, for the tagger's and parser's features.
 *
 * A treebank of 200,000 words has not seen most of the names and words of world news; words that occur in the
 * same contexts in a large unlabelled corpus get the same class, so the parser can treat an unseen "Pezeshkian"
 * as it treats the names it has seen. The classes maximise the likelihood of a class bigram model (the exchange
 * algorithm of Kneser & Ney 1993 / Martin et al. 1998): each word in turn moves to the class that most improves
 * the likelihood, until few words move. Words are the syntactic words the parser sees (tools share
 * src/syntax/words.c), keyed by the same normalised form as the features. Deterministic.
 *
 * usage: parley-word-clusters [--classes C] [--vocab V] [--min-count N] [--iterations I] -o OUT.tsv INPUT...
 * INPUT: articles as `parley sentences` reads them (text, JSONL, HTML, directories, - for stdin) or CoNLL-U
 * files (*.conllu: their FORM column). OUT: one line per word, "class<TAB>word<TAB>count", by class. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "parley/parley.h"
#include "syntax/conllu.h"
#include "syntax/words.h"
#include "util/file.h"

typedef struct vocab_entry {
  uint64_t h;
  char *form; /* first spelling seen */
  long count;
  int id;     /* rank in the clustered vocabulary, or -1 */
} vocab_entry;

typedef struct vocab {
  vocab_entry *v;
  size_t n, cap;       /* open addressing on h */
} vocab;

static vocab_entry *vocab_get(vocab *vc, uint64_t h, const char *form) {
  if ((vc->n + 1) * 2 > vc->cap) {
    size_t nc = vc->cap ? vc->cap * 2 : 1 << 16;
    vocab_entry *nv = calloc(nc, sizeof *nv);
    if (!nv) return NULL;
    for (size_t i = 0; i < vc->cap; i++)
      if (vc->v[i].form) {
        size_t j = vc->v[i].h & (nc - 1);
        while (nv[j].form) j = (j + 1) & (nc - 1);
        nv[j] = vc->v[i];
      }
    free(vc->v);
    vc->v = nv;
    vc->cap = nc;
  }
  size_t j = h & (vc->cap - 1);
  while (vc->v[j].form && vc->v[j].h != h) j = (j + 1) & (vc->cap - 1);
  if (!vc->v[j].form) {
    if (!(vc->v[j].form = strdup(form))) return NULL;
    vc->v[j].h = h;
    vc->v[j].id = -1;
    vc->n++;
  }
  return &vc->v[j];
}

/* The corpus as a sequence of word hashes, sentences separated by 0. */
typedef struct seq {
  uint64_t *h;
  size_t n, cap;
} seq;

static int seq_push(seq *s, uint64_t h) {
  if (s->n == s->cap) {
    size_t nc = s->cap ? s->cap * 2 : 1 << 20;
    uint64_t *nh = realloc(s->h, nc * sizeof *nh);
    if (!nh) return -1;
    s->h = nh;
    s->cap = nc;
  }
  s->h[s->n++] = h;
  return 0;
}

static int add_sentence(vocab *vc, seq *s, const pl_syn_sent *sent) {
  for (int i = 1; i <= sent->n; i++) {
    vocab_entry *e = vocab_get(vc, sent->w[i].hform, sent->w[i].form);
    if (!e || seq_push(s, sent->w[i].hform)) return -1;
    e->count++;
  }
  return seq_push(s, 0);
}

static int read_conllu(const char *path, vocab *vc, seq *s) {
  FILE *f = fopen(path, "rb");
  if (!f) return -1;
  char *buf;
  size_t n;
  int rc = pl_read_stream(f, 0, &buf, &n);
  fclose(f);
  if (rc) return -1;
  pl_arena a;
  pl_arena_init(&a, 1 << 20);
  pl_conllu_options o = {path, 0, NULL, NULL};
  pl_syn_sent *sents;
  size_t ns;
  rc = pl_conllu_read(buf, n, &o, &a, &sents, &ns);
  for (size_t i = 0; !rc && i < ns; i++) {
    for (int k = 1; k <= sents[i].n; k++) pl_syn_word_prepare(&sents[i].w[k]);
    rc = add_sentence(vc, s, &sents[i]);
  }
  if (!rc) free(sents);
  free(buf);
  pl_arena_dispose(&a);
  return rc;
}

static int read_articles(char **paths, int n, vocab *vc, seq *s) {
  parley_reader_options ro = PARLEY_READER_OPTIONS_INIT;
  parley_reader *r = NULL;
  parley_doc *doc = NULL;
  if (parley_reader_new(&r, &ro) || parley_doc_new(&doc)) return -1;
  for (int i = 0; i < n; i++)
    if (parley_reader_add_path(r, paths[i])) {
      fprintf(stderr, "parley-word-clusters: %s: cannot read\n", paths[i]);
      return -1;
    }
  pl_arena a;
  pl_arena_init(&a, 1 << 20);
  const parley_article *art;
  int rc;
  while ((rc = parley_reader_next(r, &art)) != PARLEY_EDONE) {
    if (rc) continue;
    if (parley_doc_process(doc, art)) return -1;
    size_t ns, nt;
    const parley_sentence *sents = parley_doc_sentences(doc, &ns);
    const parley_token *toks = parley_doc_tokens(doc, &nt);
    for (size_t i = 0; i < ns; i++) {
      pl_arena_reset(&a);
      pl_syn_sent sent;
      if (pl_syn_words_from_tokens(art->text, toks + sents[i].first_token, sents[i].n_tokens, sents[i].first_token,
                                   &a, &sent) ||
          add_sentence(vc, s, &sent))
        return -1;
    }
  }
  pl_arena_dispose(&a);
  parley_doc_free(doc);
  parley_reader_free(r);
  return 0;
}

/* ---- the exchange algorithm ---- */

typedef struct pair {
  int w;
  long n;
} pair;

typedef struct adj { /* successors (or predecessors) of each word: CSR */
  size_t *start;
  pair *p;
} adj;

static int by_w(const void *a, const void *b) {
  const pair *x = a, *y = b;
  return x->w - y->w;
}

/* Distinct bigrams of clustered words, merged. */
static int build_adj(const int *ids, size_t n_tok, int V, int dir, adj *out) {
  size_t *deg = calloc((size_t)V + 1, sizeof *deg);
  if (!deg) return -1;
  for (size_t i = 0; i + 1 < n_tok; i++) {
    int a = ids[i], b = ids[i + 1];
    if (a >= 0 && b >= 0) deg[dir ? b : a]++;
  }
  size_t total = 0;
  for (int w = 0; w < V; w++) {
    size_t d = deg[w];
    deg[w] = total;
    total += d;
  }
  deg[V] = total;
  pair *p = malloc((total ? total : 1) * sizeof *p);
  size_t *fill = malloc(((size_t)V + 1) * sizeof *fill);
  if (!p || !fill) return -1;
  memcpy(fill, deg, ((size_t)V + 1) * sizeof *fill);
  for (size_t i = 0; i + 1 < n_tok; i++) {
    int a = ids[i], b = ids[i + 1];
    if (a >= 0 && b >= 0) p[fill[dir ? b : a]++] = (pair){dir ? a : b, 1};
  }
  /* sort each word's list and merge duplicates in place; start[] keeps the merged ends */
  size_t o = 0;
  for (int w = 0; w < V; w++) {
    size_t s = deg[w], e = deg[w + 1];
    qsort(p + s, e - s, sizeof *p, by_w);
    deg[w] = o;
    for (size_t k = s; k < e; k++) {
      if (o > deg[w] && p[o - 1].w == p[k].w) p[o - 1].n++;
      else p[o++] = p[k];
    }
  }
  deg[V] = o;
  free(fill);
  out->start = deg;
  out->p = p;
  return 0;
}

static double xlogx(double x) { return x > 0 ? x * log(x) : 0; }

static int cmp_rank(const void *a, const void *b) {
  const vocab_entry *x = *(vocab_entry *const *)a, *y = *(vocab_entry *const *)b;
  if (x->count != y->count) return x->count < y->count ? 1 : -1;
  return strcmp(x->form, y->form);
}

int main(int argc, char **argv) {
  int C = 256, V = 60000, iters = 12;
  long min_count = 3;
  const char *out_path = NULL;
  char **inputs = calloc((size_t)argc, sizeof *inputs);
  int n_in = 0;
  for (int i = 1; i < argc; i++) {
    if (i + 1 < argc && !strcmp(argv[i], "--classes")) C = atoi(argv[++i]);
    else if (i + 1 < argc && !strcmp(argv[i], "--vocab")) V = atoi(argv[++i]);
    else if (i + 1 < argc && !strcmp(argv[i], "--min-count")) min_count = atol(argv[++i]);
    else if (i + 1 < argc && !strcmp(argv[i], "--iterations")) iters = atoi(argv[++i]);
    else if (i + 1 < argc && !strcmp(argv[i], "-o")) out_path = argv[++i];
    else if (argv[i][0] == '-' && argv[i][1]) {
      fprintf(stderr, "parley-word-clusters: unknown option %s\n", argv[i]);
      return 2;
    } else inputs[n_in++] = argv[i];
  }
  if (!out_path || !n_in || C < 2 || C > 4096 || V < C) {
    fprintf(stderr, "usage: parley-word-clusters [--classes C (2..4096)] [--vocab V] [--min-count N] "
                    "[--iterations I] -o OUT.tsv INPUT...\n");
    return 2;
  }
  vocab vc = {0};
  seq s = {0};
  char **articles = calloc((size_t)n_in, sizeof *articles);
  int n_art = 0;
  for (int i = 0; i < n_in; i++) {
    size_t l = strlen(inputs[i]);
    if (l > 7 && !strcmp(inputs[i] + l - 7, ".conllu")) {
      if (read_conllu(inputs[i], &vc, &s)) {
        fprintf(stderr, "parley-word-clusters: %s: cannot read\n", inputs[i]);
        return 3;
      }
    } else {
      articles[n_art++] = inputs[i];
    }
  }
  if (n_art && read_articles(articles, n_art, &vc, &s)) return 3;
  /* the clustered vocabulary: the V most frequent words seen min_count times (ties by spelling) */
  vocab_entry **rank = malloc(vc.n * sizeof *rank);
  size_t nr = 0;
  for (size_t i = 0; i < vc.cap; i++)
    if (vc.v[i].form && vc.v[i].count >= min_count) rank[nr++] = &vc.v[i];
  qsort(rank, nr, sizeof *rank, cmp_rank);
  if (nr > (size_t)V) nr = (size_t)V;
  V = (int)nr;
  if (V < C) {
    fprintf(stderr, "parley-word-clusters: only %d words occur %ld times or more\n", V, min_count);
    return 3;
  }
  for (int w = 0; w < V; w++) rank[w]->id = w;
  int *ids = malloc(s.n * sizeof *ids);
  for (size_t i = 0; i < s.n; i++) {
    ids[i] = -1;
    if (s.h[i]) {
      vocab_entry *e = vocab_get(&vc, s.h[i], "");
      ids[i] = e ? e->id : -1;
    }
  }
  fprintf(stderr, "parley-word-clusters: %zu words of text, %zu distinct, clustering %d into %d classes\n", s.n,
          vc.n, V, C);
  adj succ, pred;
  if (build_adj(ids, s.n, V, 0, &succ) || build_adj(ids, s.n, V, 1, &pred)) return 3;
  int *cls = malloc((size_t)V * sizeof *cls);
  double *nl = calloc((size_t)V, sizeof *nl), *nrr = calloc((size_t)V, sizeof *nrr);
  double *cc = calloc((size_t)C * (size_t)C, sizeof *cc), *cl = calloc((size_t)C, sizeof *cl),
         *cr = calloc((size_t)C, sizeof *cr);
  double *ws = calloc((size_t)C, sizeof *ws), *wp = calloc((size_t)C, sizeof *wp);
  int *touched_s = malloc((size_t)C * sizeof(int)), *touched_p = malloc((size_t)C * sizeof(int));
  for (int w = 0; w < V; w++) {
    cls[w] = w < C - 1 ? w : C - 1; /* the most frequent words start alone, the rest together */
    for (size_t k = succ.start[w]; k < succ.start[w + 1]; k++) nl[w] += (double)succ.p[k].n;
    for (size_t k = pred.start[w]; k < pred.start[w + 1]; k++) nrr[w] += (double)pred.p[k].n;
  }
  for (int w = 0; w < V; w++) {
    cl[cls[w]] += nl[w];
    cr[cls[w]] += nrr[w];
    for (size_t k = succ.start[w]; k < succ.start[w + 1]; k++)
      cc[(size_t)cls[w] * (size_t)C + (size_t)cls[succ.p[k].w]] += (double)succ.p[k].n;
  }
  for (int it = 0; it < iters; it++) {
    long moved = 0;
    for (int w = 0; w < V; w++) {
      int c0 = cls[w], nts = 0, ntp = 0;
      double self = 0;
      /* w's bigram counts by the class of the other word (w itself excluded: it is moving) */
      for (size_t k = succ.start[w]; k < succ.start[w + 1]; k++) {
        int o = succ.p[k].w;
        if (o == w) {
          self += (double)succ.p[k].n;
          continue;
        }
        int d = cls[o];
        if (ws[d] == 0) touched_s[nts++] = d;
        ws[d] += (double)succ.p[k].n;
      }
      for (size_t k = pred.start[w]; k < pred.start[w + 1]; k++) {
        int o = pred.p[k].w;
        if (o == w) continue;
        int d = cls[o];
        if (wp[d] == 0) touched_p[ntp++] = d;
        wp[d] += (double)pred.p[k].n;
      }
      /* take w out of c0 */
      for (int j = 0; j < nts; j++) cc[(size_t)c0 * (size_t)C + (size_t)touched_s[j]] -= ws[touched_s[j]];
      for (int j = 0; j < ntp; j++) cc[(size_t)touched_p[j] * (size_t)C + (size_t)c0] -= wp[touched_p[j]];
      cc[(size_t)c0 * (size_t)C + (size_t)c0] -= self;
      cl[c0] -= nl[w];
      cr[c0] -= nrr[w];
      int best = c0;
      double best_gain = -INFINITY;
      for (int c = 0; c < C; c++) {
        double g = 0;
        const double *row = cc + (size_t)c * (size_t)C;
        for (int j = 0; j < nts; j++) {
          int d = touched_s[j];
          if (d != c) g += xlogx(row[d] + ws[d]) - xlogx(row[d]);
        }
        for (int j = 0; j < ntp; j++) {
          int d = touched_p[j];
          if (d != c) g += xlogx(cc[(size_t)d * (size_t)C + (size_t)c] + wp[d]) - xlogx(cc[(size_t)d * (size_t)C + (size_t)c]);
        }
        double in = ws[c] + wp[c] + self;
        g += xlogx(row[c] + in) - xlogx(row[c]);
        g -= xlogx(cl[c] + nl[w]) - xlogx(cl[c]);
        g -= xlogx(cr[c] + nrr[w]) - xlogx(cr[c]);
        if (g > best_gain + 1e-9) {
          best_gain = g;
          best = c;
        }
      }
      /* put w into best */
      for (int j = 0; j < nts; j++) cc[(size_t)best * (size_t)C + (size_t)touched_s[j]] += ws[touched_s[j]];
      for (int j = 0; j < ntp; j++) cc[(size_t)touched_p[j] * (size_t)C + (size_t)best] += wp[touched_p[j]];
      /* the counts by class were taken with w gone; w's own bigrams join its new class on both sides */
      cc[(size_t)best * (size_t)C + (size_t)best] += self;
      cl[best] += nl[w];
      cr[best] += nrr[w];
      cls[w] = best;
      moved += best != c0;
      for (int j = 0; j < nts; j++) ws[touched_s[j]] = 0;
      for (int j = 0; j < ntp; j++) wp[touched_p[j]] = 0;
    }
    fprintf(stderr, "parley-word-clusters: iteration %d: %ld words moved\n", it + 1, moved);
    if (moved < V / 500) break;
  }
  FILE *out = fopen(out_path, "w");
  if (!out) {
    perror(out_path);
    return 3;
  }
  for (int c = 0; c < C; c++)
    for (int w = 0; w < V; w++)
      if (cls[w] == c) fprintf(out, "%d\t%s\t%ld\n", c, rank[w]->form, rank[w]->count);
  if (fclose(out)) {
    perror(out_path);
    return 3;
  }
  return 0;
}

