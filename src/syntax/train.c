/* syntax/train.c: trains the tagger, the lemmatiser and the parser from a treebank and writes the model.
 *
 * Tagger: averaged perceptron, greedy left to right. Parser: arc-eager, averaged perceptron, trained with
 * Goldberg & Nivre's (2012) dynamic oracle and exploration, on tags predicted by jackknifing (each fold tagged by
 * a tagger that never saw it) so that it learns from the errors it will see at run time. Non-projective trees are
 * made projective by lifting (the arc-eager system builds projective trees only). Everything is deterministic:
 * the same treebank and seed give the same model, byte for byte. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "model_file.h"
#include "train.h"

/* ---- small helpers ---- */

static uint64_t rng_next(uint64_t *s) { /* xorshift64* */
  *s ^= *s >> 12;
  *s ^= *s << 25;
  *s ^= *s >> 27;
  return *s * 0x2545f4914f6cdd1dull;
}

static void shuffle(size_t *v, size_t n, uint64_t *seed) {
  for (size_t i = n; i > 1; i--) {
    size_t j = (size_t)(rng_next(seed) % i);
    size_t t = v[i - 1];
    v[i - 1] = v[j];
    v[j] = t;
  }
}

/* A growing string pool with interned names. */
typedef struct pool {
  char *s;
  size_t len, cap;
} pool;

static int pool_add(pool *p, const char *s, size_t n, uint32_t *off) {
  if (p->len + n + 1 > p->cap) {
    size_t nc = p->cap ? p->cap * 2 : 4096;
    while (nc < p->len + n + 1) nc *= 2;
    char *ns = realloc(p->s, nc);
    if (!ns) return -1;
    p->s = ns;
    p->cap = nc;
  }
  memcpy(p->s + p->len, s, n);
  p->s[p->len + n] = 0;
  *off = (uint32_t)p->len;
  p->len += n + 1;
  return 0;
}

typedef struct name_count {
  const char *a, *b; /* name (a) or pair (a, b) */
  size_t count;
} name_count;

static int by_count(const void *x, const void *y) {
  const name_count *p = x, *q = y;
  if (p->count != q->count) return p->count < q->count ? 1 : -1;
  int c = strcmp(p->a, q->a);
  return c ? c : strcmp(p->b ? p->b : "", q->b ? q->b : "");
}

static int find_name(const name_count *v, int n, const char *a, const char *b) {
  for (int i = 0; i < n; i++)
    if (!strcmp(v[i].a, a) && (!b || !strcmp(v[i].b, b))) return i;
  return -1;
}

/* ---- inventories ---- */

typedef struct inventory {
  name_count tags[PL_SYN_MAX_TAGS];
  int n_tags;
  name_count labels[PL_SYN_MAX_LABELS];
  int n_labels;
} inventory;

#define MIN_SUBTYPE 20 /* a relation subtype rarer than this is learnt as its base relation */

static const char *label_name(const char *deprel, char *buf, size_t n, const name_count *raw, int n_raw) {
  int i = find_name(raw, n_raw, deprel, NULL);
  const char *colon = strchr(deprel, ':');
  if (colon && (i < 0 || raw[i].count < MIN_SUBTYPE)) {
    snprintf(buf, n, "%.*s", (int)(colon - deprel), deprel);
    return buf;
  }
  return deprel;
}

static int build_inventory(pl_syn_sent *s, size_t n, inventory *inv, char *err, size_t errlen) {
  static name_count raw[4 * PL_SYN_MAX_LABELS];
  int n_raw = 0;
  memset(inv, 0, sizeof *inv);
  for (size_t i = 0; i < n; i++)
    for (int j = 1; j <= s[i].n; j++) {
      pl_syn_word *w = &s[i].w[j];
      int t = find_name(inv->tags, inv->n_tags, w->gold_upos, w->gold_xpos);
      if (t < 0) {
        if (inv->n_tags == PL_SYN_MAX_TAGS) {
          snprintf(err, errlen, "more than %d distinct UPOS+XPOS pairs", PL_SYN_MAX_TAGS);
          return -1;
        }
        inv->tags[t = inv->n_tags++] = (name_count){w->gold_upos, w->gold_xpos, 0};
      }
      inv->tags[t].count++;
      int r = find_name(raw, n_raw, w->gold_deprel, NULL);
      if (r < 0) {
        if (n_raw == (int)(sizeof raw / sizeof raw[0])) {
          snprintf(err, errlen, "too many distinct relations");
          return -1;
        }
        raw[r = n_raw++] = (name_count){w->gold_deprel, NULL, 0};
      }
      raw[r].count++;
    }
  for (int r = 0; r < n_raw; r++) {
    char buf[64];
    const char *name = label_name(raw[r].a, buf, sizeof buf, raw, n_raw);
    int l = find_name(inv->labels, inv->n_labels, name, NULL);
    if (l < 0) {
      if (inv->n_labels == PL_SYN_MAX_LABELS - 1) {
        snprintf(err, errlen, "more than %d relations", PL_SYN_MAX_LABELS);
        return -1;
      }
      char *copy = strdup(name);
      if (!copy) return -1;
      inv->labels[l = inv->n_labels++] = (name_count){copy, NULL, 0};
    }
    inv->labels[l].count += raw[r].count;
  }
  if (find_name(inv->labels, inv->n_labels, "dep", NULL) < 0) {
    char *copy = strdup("dep");
    if (!copy) return -1;
    inv->labels[inv->n_labels++] = (name_count){copy, NULL, 0};
  }
  if (find_name(inv->labels, inv->n_labels, "root", NULL) < 0) {
    snprintf(err, errlen, "the treebank has no root relation");
    return -1;
  }
  qsort(inv->tags, (size_t)inv->n_tags, sizeof inv->tags[0], by_count);
  qsort(inv->labels, (size_t)inv->n_labels, sizeof inv->labels[0], by_count);
  for (size_t i = 0; i < n; i++)
    for (int j = 1; j <= s[i].n; j++) {
      pl_syn_word *w = &s[i].w[j];
      char buf[64];
      w->gold_tag = find_name(inv->tags, inv->n_tags, w->gold_upos, w->gold_xpos);
      w->gold_label = find_name(inv->labels, inv->n_labels,
                                label_name(w->gold_deprel, buf, sizeof buf, raw, n_raw), NULL);
    }
  return 0;
}

static void free_inventory(inventory *inv) {
  for (int i = 0; i < inv->n_labels; i++) free((char *)inv->labels[i].a);
}

void pl_syn_prepare_sentences(pl_syn_sent *s, size_t n) {
  for (size_t i = 0; i < n; i++) {
    s[i].w[0].hform = pl_syn_hash_bytes("<root>", 6);
    for (int j = 1; j <= s[i].n; j++) pl_syn_word_prepare(&s[i].w[j]);
  }
}

/* ---- tagger ---- */

static int tag_sentence_train(pl_syn_wtrain *wt, pl_syn_sent *s, int n_tags, int pass) {
  uint64_t keys[PL_SYN_TAG_FEATS];
  float scores[PL_SYN_MAX_TAGS];
  for (int i = 1; i <= s->n; i++) {
    int nk = pl_syn_tag_features(s, i, pass, keys);
    memset(scores, 0, sizeof(float) * (size_t)n_tags);
    for (int j = 0; j < nk; j++) pl_syn_wtrain_score(wt, keys[j], scores);
    int best = 0;
    for (int t = 1; t < n_tags; t++)
      if (scores[t] > scores[best]) best = t;
    int gold = s->w[i].gold_tag;
    if (best != gold)
      for (int j = 0; j < nk; j++)
        if (pl_syn_wtrain_update(wt, keys[j], gold, 1) || pl_syn_wtrain_update(wt, keys[j], best, -1)) return -1;
    wt->now++;
    s->w[i].tag = best; /* the next word sees the predicted tag, as it will at run time */
  }
  return 0;
}

/* Trains one tagging pass on the sentences idx[0..n) (pass 2 reads each word's tag1). */
static int train_tagger(pl_syn_sent *s, size_t *idx, size_t n, int n_tags, int epochs, uint64_t seed, float min_weight,
                        int pass, pl_syn_table_out *out) {
  pl_syn_wtrain wt;
  if (pl_syn_wtrain_init(&wt)) return -1;
  for (int ep = 0; ep < epochs; ep++) {
    shuffle(idx, n, &seed);
    for (size_t i = 0; i < n; i++)
      if (tag_sentence_train(&wt, &s[idx[i]], n_tags, pass)) goto oom;
  }
  if (pl_syn_wtrain_finish(&wt, min_weight, n_tags, out)) goto oom;
  pl_syn_wtrain_dispose(&wt);
  return 0;
oom:
  pl_syn_wtrain_dispose(&wt);
  return -1;
}

/* Tags the sentences of one jackknife fold (or all, with folds 0) with one pass; pass 1 keeps its tags in tag1. */
static void tag_fold(const pl_syn_table_out *t, pl_syn_sent *s, size_t n, int f, int folds, int n_tags, int pass) {
  pl_syn_table tab = pl_syn_table_view(t);
  for (size_t i = folds ? (size_t)f : 0; i < n; i += folds ? (size_t)folds : 1) {
    pl_syn_tag_pass(&tab, n_tags, &s[i], pass);
    if (pass == 1)
      for (int j = 1; j <= s[i].n; j++) s[i].w[j].tag1 = s[i].w[j].tag;
  }
}

/* Sentence indices outside fold f into idx; returns their number. */
static size_t others(size_t *idx, size_t n, int f, int folds) {
  size_t m = 0;
  for (size_t i = 0; i < n; i++)
    if (!folds || (int)(i % (size_t)folds) != f) idx[m++] = i;
  return m;
}

/* ---- lemmas ---- */

typedef struct lemma_obs {
  uint64_t key;
  uint32_t rule;
} lemma_obs;

static int by_key_rule(const void *x, const void *y) {
  const lemma_obs *p = x, *q = y;
  if (p->key != q->key) return p->key < q->key ? -1 : 1;
  return p->rule < q->rule ? -1 : p->rule > q->rule;
}

typedef struct lemmas {
  pl_syn_lemma_rule *rules;
  size_t n_rules, cap_rules;
  lemma_obs *exact, *suffix;
  size_t n_exact, n_suffix, cap_exact, cap_suffix;
} lemmas;

static int push_obs(lemma_obs **v, size_t *n, size_t *cap, uint64_t key, uint32_t rule) {
  if (*n == *cap) {
    size_t nc = *cap ? *cap * 2 : 4096;
    lemma_obs *nv = realloc(*v, nc * sizeof *nv);
    if (!nv) return -1;
    *v = nv;
    *cap = nc;
  }
  (*v)[(*n)++] = (lemma_obs){key, rule};
  return 0;
}

static int rule_for(lemmas *L, pool *p, const char *form, const char *lemma, uint32_t *id) {
  size_t fn = strlen(form), ln = strlen(lemma);
  pl_syn_lemma_rule best = {0, 0, 0, 0};
  size_t best_cost = (size_t)-1;
  const char *best_add = "";
  for (int lower = 0; lower < 2; lower++) {
    size_t k = 0;
    while (k < fn && k < ln) {
      unsigned char c = (unsigned char)form[k];
      if (lower && c >= 'A' && c <= 'Z') c = (unsigned char)(c + 32);
      if (c != (unsigned char)lemma[k]) break;
      k++;
    }
    size_t cost = (fn - k) + (ln - k);
    if (cost < best_cost && fn - k < 256 && ln - k < 65536) {
      best_cost = cost;
      best = (pl_syn_lemma_rule){(uint8_t)lower, (uint8_t)(fn - k), (uint16_t)(ln - k), 0};
      best_add = lemma + k;
    }
  }
  for (size_t r = 0; r < L->n_rules; r++) {
    const pl_syn_lemma_rule *x = &L->rules[r];
    if (x->lower == best.lower && x->strip == best.strip && x->add_len == best.add_len &&
        !memcmp(p->s + x->add_off, best_add, best.add_len)) {
      *id = (uint32_t)r;
      return 0;
    }
  }
  if (pool_add(p, best_add, best.add_len, &best.add_off)) return -1;
  if (L->n_rules == L->cap_rules) {
    size_t nc = L->cap_rules ? L->cap_rules * 2 : 256;
    pl_syn_lemma_rule *nr = realloc(L->rules, nc * sizeof *nr);
    if (!nr) return -1;
    L->rules = nr;
    L->cap_rules = nc;
  }
  *id = (uint32_t)L->n_rules;
  L->rules[L->n_rules++] = best;
  return 0;
}

static int collect_lemmas(pl_syn_sent *s, size_t n, lemmas *L, pool *p) {
  for (size_t i = 0; i < n; i++)
    for (int j = 1; j <= s[i].n; j++) {
      pl_syn_word *w = &s[i].w[j];
      if (!strcmp(w->gold_lemma, "_")) continue;
      uint32_t r;
      if (rule_for(L, p, w->form, w->gold_lemma, &r)) return -1;
      uint64_t tag = (uint64_t)w->gold_tag + 1;
      size_t fn = strlen(w->form);
      if (push_obs(&L->exact, &L->n_exact, &L->cap_exact, pl_syn_f2(1, pl_syn_hash_bytes(w->form, fn), tag), r) ||
          push_obs(&L->exact, &L->n_exact, &L->cap_exact, pl_syn_f2(2, w->hlower, tag), r))
        return -1;
      for (size_t k = 1; k <= 6 && k <= fn; k++) {
        char low[8];
        for (size_t q = 0; q < k; q++) {
          unsigned char c = (unsigned char)w->form[fn - k + q];
          low[q] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
        }
        if (push_obs(&L->suffix, &L->n_suffix, &L->cap_suffix, pl_syn_f2(3, pl_syn_hash_bytes(low, k), tag), r))
          return -1;
      }
    }
  return 0;
}

/* The most frequent rule of each key, as an open-addressing table whose off is the rule. */
static int lemma_table(lemma_obs *v, size_t n, pl_syn_mentry **out, size_t *n_out) {
  qsort(v, n, sizeof *v, by_key_rule);
  size_t keys = 0;
  for (size_t i = 0; i < n; i++) keys += i == 0 || v[i].key != v[i - 1].key;
  size_t cap = pl_syn_table_cap(keys);
  pl_syn_mentry *e = calloc(cap, sizeof *e);
  if (!e) return -1;
  for (size_t i = 0; i < n;) {
    size_t j = i, best = i, best_n = 0; /* the most frequent rule of the key's run */
    while (j < n && v[j].key == v[i].key) {
      size_t k = j;
      while (k < n && v[k].key == v[j].key && v[k].rule == v[j].rule) k++;
      if (k - j > best_n) {
        best_n = k - j;
        best = j;
      }
      j = k;
    }
    pl_syn_map_put(e, cap, v[i].key, v[best].rule);
    i = j;
  }
  *out = e;
  *n_out = cap;
  return 0;
}

/* ---- parser ---- */

/* Lifts non-projective arcs (the shortest first) until the tree is projective: gh receives the heads. */
static void projectivise(const pl_syn_sent *s, int *gh) {
  int n = s->n;
  for (int i = 0; i <= n; i++) gh[i] = s->w[i].gold_head;
  for (;;) {
    int best = -1, best_len = n + 2;
    for (int d = 1; d <= n; d++) {
      int h = gh[d], lo = h < d ? h : d, hi = h < d ? d : h;
      if (hi - lo >= best_len) continue;
      for (int k = lo + 1; k < hi; k++) {
        int a = k; /* is k dominated by h? */
        while (a != h && a != 0) a = gh[a];
        if (a != h) {
          best = d;
          best_len = hi - lo;
          break;
        }
      }
    }
    if (best < 0 || gh[best] == 0) return;
    gh[best] = gh[gh[best]];
  }
}

typedef struct oracle {
  const int *gh, *gl;
  char *on_stack;
} oracle;

static int cost(const pl_syn_config *c, const oracle *o, int t) {
  int s0 = c->stack[c->sp - 1], b = c->b, n = c->n, k = 0;
  if (t == PL_SYN_SHIFT) {
    for (int i = 0; i < c->sp; i++) {
      int x = c->stack[i];
      k += o->gh[b] == x;
      k += x > 0 && o->gh[x] == b && c->head[x] < 0;
    }
    return k;
  }
  if (t == PL_SYN_REDUCE) {
    for (int d = b; d <= n; d++) k += o->gh[d] == s0;
    return k;
  }
  if (!(t & 1)) { /* LEFT: b takes s0 */
    for (int d = b; d <= n; d++) k += o->gh[d] == s0;
    k += o->gh[s0] > b;
    k += o->gh[s0] == b && o->gl[s0] != (t - 2) / 2;
    return k;
  }
  /* RIGHT: s0 takes b */
  int h = o->gh[b];
  if (h != s0 && (h > b || (h >= 0 && o->on_stack[h]))) k++;
  for (int i = 0; i < c->sp; i++) {
    int x = c->stack[i];
    k += x > 0 && o->gh[x] == b && c->head[x] < 0;
  }
  k += h == s0 && o->gl[b] != (t - 3) / 2;
  return k;
}

static void apply_tracked(pl_syn_config *c, oracle *o, int t) {
  if (t == PL_SYN_SHIFT || (t >= 2 && (t & 1))) o->on_stack[c->b] = 1;
  else o->on_stack[c->stack[c->sp - 1]] = 0;
  pl_syn_apply(c, t);
}

static int parse_sentence_train(pl_syn_wtrain *wt, pl_syn_sent *s, int n_labels, int explore, uint64_t *seed,
                                pl_arena *a) {
  pl_syn_config c;
  int nclass = 2 + 2 * n_labels;
  int *gh = pl_arena_alloc(a, sizeof(int) * ((size_t)s->n + 1));
  int *gl = pl_arena_alloc(a, sizeof(int) * ((size_t)s->n + 1));
  char *on = pl_arena_calloc(a, (size_t)s->n + 2, 1);
  if (!gh || !gl || !on || pl_syn_config_init(&c, s->n, a)) return -1;
  projectivise(s, gh);
  for (int i = 1; i <= s->n; i++) gl[i] = s->w[i].gold_label;
  gl[0] = -1;
  oracle o = {gh, gl, on};
  on[0] = 1;
  uint64_t keys[PL_SYN_PARSE_FEATS];
  float scores[2 + 2 * PL_SYN_MAX_LABELS];
  int costs[2 + 2 * PL_SYN_MAX_LABELS];
  while (!pl_syn_done(&c)) {
    int nk = pl_syn_parse_features(&c, s, keys);
    memset(scores, 0, sizeof(float) * (size_t)nclass);
    for (int j = 0; j < nk; j++) pl_syn_wtrain_score(wt, keys[j], scores);
    int pred = -1, min_cost = 1 << 30;
    for (int t = 0; t < nclass; t++) {
      costs[t] = -1;
      if (!pl_syn_valid(&c, t)) continue;
      costs[t] = cost(&c, &o, t);
      if (costs[t] < min_cost) min_cost = costs[t];
      if (pred < 0 || scores[t] > scores[pred]) pred = t;
    }
    if (pred < 0) break;
    int gold = -1;
    for (int t = 0; t < nclass; t++)
      if (costs[t] == min_cost && (gold < 0 || scores[t] > scores[gold])) gold = t;
    if (costs[pred] > min_cost)
      for (int j = 0; j < nk; j++)
        if (pl_syn_wtrain_update(wt, keys[j], gold, 1) || pl_syn_wtrain_update(wt, keys[j], pred, -1)) return -1;
    wt->now++;
    int next = gold;
    if (costs[pred] == min_cost || (explore && rng_next(seed) % 10 < 9)) next = pred;
    apply_tracked(&c, &o, next);
  }
  return 0;
}

/* ---- evaluation ---- */

static int same_base(const char *a, const char *b) {
  size_t na = strcspn(a, ":"), nb = strcspn(b, ":");
  return na == nb && !memcmp(a, b, na);
}

int pl_syn_evaluate(const pl_syn_model *m, pl_syn_sent *s, size_t n, pl_syn_scores *sc) {
  pl_arena a;
  pl_arena_init(&a, 0);
  memset(sc, 0, sizeof *sc);
  for (size_t i = 0; i < n; i++) {
    pl_arena_reset(&a);
    pl_syn_tag(m, &s[i], &a);
    if (pl_syn_parse(m, &s[i], &a)) {
      pl_arena_dispose(&a);
      return -1;
    }
    for (int j = 1; j <= s[i].n; j++) {
      const pl_syn_word *w = &s[i].w[j];
      sc->words++;
      sc->upos += !strcmp(m->upos[w->tag], w->gold_upos);
      sc->xpos += !strcmp(m->xpos[w->tag], w->gold_xpos);
      sc->lemma += w->lemma && !strcmp(w->lemma, w->gold_lemma);
      if (w->head == w->gold_head) {
        sc->uas++;
        sc->las += same_base(m->labels[w->label], w->gold_deprel);
      }
    }
  }
  pl_arena_dispose(&a);
  return 0;
}

/* ---- the whole run ---- */

static void say(const pl_syn_train_options *o, const char *fmt, ...) {
  if (!o->log) return;
  va_list ap;
  va_start(ap, fmt);
  vfprintf(o->log, fmt, ap);
  va_end(ap);
  fflush(o->log);
}

/* Reads "class<TAB>word[<TAB>count]" lines (tools/word_clusters.c) into a table keyed like the features. */
static int read_clusters(const char *path, pl_syn_mentry **out, size_t *n_out, char *err, size_t errlen) {
  *out = NULL;
  *n_out = 0;
  if (!path) { /* no classes: an empty table */
    *out = calloc(1, sizeof **out);
    *n_out = 1;
    return *out ? 0 : -1;
  }
  FILE *f = fopen(path, "r");
  if (!f) {
    snprintf(err, errlen, "%s: cannot open", path);
    return -1;
  }
  lemma_obs *v = NULL;
  size_t n = 0, cap = 0;
  char line[512];
  unsigned long ln = 0;
  int rc = 0;
  while (fgets(line, sizeof line, f)) {
    ln++;
    char *tab = strchr(line, '\t'), *end;
    long c = strtol(line, &end, 10);
    if (!tab || end != tab || c < 0 || c >= (1L << 23)) {
      snprintf(err, errlen, "%s:%lu: expected class<TAB>word", path, ln);
      rc = -1;
      break;
    }
    char *word = tab + 1;
    word[strcspn(word, "\t\r\n")] = 0;
    pl_syn_word w = {0};
    w.form = word;
    pl_syn_word_prepare(&w);
    if (push_obs(&v, &n, &cap, w.hform, (uint32_t)c + 1)) {
      rc = -1;
      break;
    }
  }
  fclose(f);
  if (!rc) rc = lemma_table(v, n, out, n_out);
  free(v);
  return rc;
}

int pl_syn_train(pl_syn_sent *s, size_t n, const pl_syn_train_options *o, FILE *out, char *err, size_t errlen) {
  inventory inv = {0};
  pool p = {0};
  lemmas L = {0};
  pl_syn_mentry *lx = NULL, *ls = NULL, *cl = NULL;
  pl_syn_table_out tag1 = {0}, tag2 = {0}, parser = {0};
  uint32_t *tagoff = NULL, *laboff = NULL;
  size_t nlx = 0, nls = 0, ncl = 0;
  size_t *idx = malloc((n ? n : 1) * sizeof *idx);
  pl_arena a;
  pl_arena_init(&a, 0);
  int rc = -1;
  uint64_t seed = o->seed ? o->seed : 1;
  if (!idx) goto oom;
  pl_syn_prepare_sentences(s, n);
  if (read_clusters(o->clusters, &cl, &ncl, err, errlen)) goto done;
  pl_syn_map clusters = {cl, ncl};
  for (size_t i = 0; i < n; i++) pl_syn_assign_clusters(&clusters, &s[i]);
  if (build_inventory(s, n, &inv, err, errlen)) goto done;
  if (collect_lemmas(s, n, &L, &p)) goto oom;

  /* Jackknifing: each fold is tagged by passes that never saw it, so the second pass learns from first-pass
   * tags as good as those it will read at run time, and the parser from tags as good as the tagger's. Without
   * folds, both learn from the final taggers' tags on their own training data. */
  int folds = o->folds > 1 ? o->folds : 0;
  for (int f = 0; f < folds; f++) {
    pl_syn_table_out t1 = {0};
    if (train_tagger(s, idx, others(idx, n, f, folds), inv.n_tags, o->tag_epochs, seed + (uint64_t)f, 0, 1, &t1))
      goto oom;
    tag_fold(&t1, s, n, f, folds, inv.n_tags, 1);
    pl_syn_table_out_free(&t1);
    say(o, "jackknife fold %d of %d: first pass\n", f + 1, folds);
  }
  if (train_tagger(s, idx, others(idx, n, 0, 0), inv.n_tags, o->tag_epochs, seed, o->min_weight, 1, &tag1)) goto oom;
  if (!folds) tag_fold(&tag1, s, n, 0, 0, inv.n_tags, 1);
  if (o->two_pass) {
    for (int f = 0; f < folds; f++) {
      pl_syn_table_out t2 = {0};
      if (train_tagger(s, idx, others(idx, n, f, folds), inv.n_tags, o->tag_epochs, seed + (uint64_t)f, 0, 2, &t2))
        goto oom;
      tag_fold(&t2, s, n, f, folds, inv.n_tags, 2);
      pl_syn_table_out_free(&t2);
      say(o, "jackknife fold %d of %d: second pass\n", f + 1, folds);
    }
    if (train_tagger(s, idx, others(idx, n, 0, 0), inv.n_tags, o->tag_epochs, seed, o->min_weight, 2, &tag2))
      goto oom;
    if (!folds) tag_fold(&tag2, s, n, 0, 0, inv.n_tags, 2);
  } else { /* a one-entry empty table: no second pass */
    if (!(tag2.e = calloc(1, sizeof *tag2.e))) goto oom;
    tag2.ne = 1;
    tag2.n_classes = inv.n_tags;
    for (size_t i = 0; i < n; i++)
      for (int j = 1; j <= s[i].n; j++) s[i].w[j].tag = s[i].w[j].tag1;
  }
  say(o, "tagger: %zu + %zu table entries, %zu + %zu slots, %zu + %zu dense rows\n", tag1.ne, tag2.ne, tag1.ns,
      tag2.ns, tag1.nd, tag2.nd);
  for (size_t i = 0; i < n; i++) idx[i] = i;

  pl_syn_wtrain wt;
  if (pl_syn_wtrain_init(&wt)) goto oom;
  for (int ep = 0; ep < o->parse_epochs; ep++) {
    shuffle(idx, n, &seed);
    for (size_t i = 0; i < n; i++) {
      pl_arena_reset(&a);
      if (parse_sentence_train(&wt, &s[idx[i]], inv.n_labels, ep >= 1, &seed, &a)) {
        pl_syn_wtrain_dispose(&wt);
        goto oom;
      }
    }
    say(o, "parser epoch %d of %d\n", ep + 1, o->parse_epochs);
  }
  int fin = pl_syn_wtrain_finish(&wt, o->min_weight, 2 + 2 * inv.n_labels, &parser);
  pl_syn_wtrain_dispose(&wt);
  if (fin) goto oom;
  if (lemma_table(L.exact, L.n_exact, &lx, &nlx) || lemma_table(L.suffix, L.n_suffix, &ls, &nls)) goto oom;

  tagoff = malloc(sizeof(uint32_t) * 2 * (size_t)inv.n_tags);
  laboff = malloc(sizeof(uint32_t) * (size_t)inv.n_labels);
  if (!tagoff || !laboff) goto oom;
  for (int t = 0; t < inv.n_tags; t++)
    if (pool_add(&p, inv.tags[t].a, strlen(inv.tags[t].a), &tagoff[2 * t]) ||
        pool_add(&p, inv.tags[t].b, strlen(inv.tags[t].b), &tagoff[2 * t + 1]))
      goto oom;
  for (int l = 0; l < inv.n_labels; l++)
    if (pool_add(&p, inv.labels[l].a, strlen(inv.labels[l].a), &laboff[l])) goto oom;
  pl_syn_section secs[] = {
      {PL_SYN_SEC_POOL, p.s, p.len},
      {PL_SYN_SEC_TAGS, tagoff, sizeof(uint32_t) * 2 * (size_t)inv.n_tags},
      {PL_SYN_SEC_LABELS, laboff, sizeof(uint32_t) * (size_t)inv.n_labels},
      {PL_SYN_SEC_RULES, L.rules, sizeof(pl_syn_lemma_rule) * L.n_rules},
      {PL_SYN_SEC_LEMMA_EXACT, lx, sizeof(pl_syn_mentry) * nlx},
      {PL_SYN_SEC_LEMMA_SUFFIX, ls, sizeof(pl_syn_mentry) * nls},
      {PL_SYN_SEC_TAG_E, tag1.e, sizeof(pl_syn_entry) * tag1.ne},
      {PL_SYN_SEC_TAG_S, tag1.slots, sizeof(uint32_t) * tag1.ns},
      {PL_SYN_SEC_TAG2_E, tag2.e, sizeof(pl_syn_entry) * tag2.ne},
      {PL_SYN_SEC_TAG2_S, tag2.slots, sizeof(uint32_t) * tag2.ns},
      {PL_SYN_SEC_PARSE_E, parser.e, sizeof(pl_syn_entry) * parser.ne},
      {PL_SYN_SEC_PARSE_S, parser.slots, sizeof(uint32_t) * parser.ns},
      {PL_SYN_SEC_TAG_D, tag1.dense, sizeof(float) * pl_syn_stride(inv.n_tags) * tag1.nd},
      {PL_SYN_SEC_TAG2_D, tag2.dense, sizeof(float) * pl_syn_stride(inv.n_tags) * tag2.nd},
      {PL_SYN_SEC_PARSE_D, parser.dense, sizeof(float) * pl_syn_stride(2 + 2 * inv.n_labels) * parser.nd},
      {PL_SYN_SEC_CLUSTERS, cl, sizeof(pl_syn_mentry) * ncl},
  };
  if (pl_syn_model_write(out, secs, (int)(sizeof secs / sizeof secs[0]))) {
    snprintf(err, errlen, "cannot write the model");
    goto done;
  }
  say(o, "parser: %zu table entries, %zu slots, %zu dense rows; %zu lemma rules\n", parser.ne, parser.ns, parser.nd,
      L.n_rules);
  rc = 0;
  goto done;
oom:
  snprintf(err, errlen, "out of memory");
done:
  free_inventory(&inv);
  free(idx);
  free(p.s);
  free(L.rules);
  free(L.exact);
  free(L.suffix);
  pl_syn_table_out_free(&tag1);
  pl_syn_table_out_free(&tag2);
  pl_syn_table_out_free(&parser);
  free(lx);
  free(ls);
  free(cl);
  free(tagoff);
  free(laboff);
  pl_arena_dispose(&a);
  return rc;
}
