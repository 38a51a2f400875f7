/* syntax/parse.c: the arc-eager transition system, its features (Zhang & Nivre 2011's rich non-local set: words
 * and tags of the stack and buffer, the partial tree's heads, outermost children, valencies and label sets, and
 * the distance), and the greedy parse that follows the best-scoring valid transition. */
#include <string.h>
#include "syntax_impl.h"

int pl_syn_config_init(pl_syn_config *c, int n, pl_arena *a) {
  size_t m = (size_t)n + 2;
  c->n = n;
  c->stack = pl_arena_alloc(a, m * sizeof(int));
  int *ints = pl_arena_alloc(a, m * 8 * sizeof(int));
  c->lset = pl_arena_calloc(a, m, sizeof(uint64_t));
  c->rset = pl_arena_calloc(a, m, sizeof(uint64_t));
  if (!c->stack || !ints || !c->lset || !c->rset) return -1;
  c->head = ints;
  c->label = ints + m;
  c->l1 = ints + 2 * m;
  c->l2 = ints + 3 * m;
  c->r1 = ints + 4 * m;
  c->r2 = ints + 5 * m;
  c->nl = ints + 6 * m;
  c->nr = ints + 7 * m;
  for (size_t i = 0; i < m; i++) {
    c->head[i] = c->label[i] = c->l1[i] = c->l2[i] = c->r1[i] = c->r2[i] = -1;
    c->nl[i] = c->nr[i] = 0;
  }
  c->stack[0] = 0;
  c->sp = 1;
  c->b = 1;
  c->root_child = -1;
  return 0;
}

int pl_syn_done(const pl_syn_config *c) { return c->b > c->n; }

int pl_syn_valid(const pl_syn_config *c, int t) {
  int s0 = c->sp ? c->stack[c->sp - 1] : -1;
  int buf = c->b <= c->n;
  if (t == PL_SYN_SHIFT) return buf;
  if (t == PL_SYN_REDUCE) return s0 > 0 && c->head[s0] >= 0;
  if (!buf || s0 < 0) return 0;
  if (t & 1) /* RIGHT: the root takes one child */
    return s0 > 0 || c->root_child < 0;
  return s0 > 0 && c->head[s0] < 0; /* LEFT */
}

static void add_arc(pl_syn_config *c, int h, int d, int l) {
  c->head[d] = h;
  c->label[d] = l;
  if (d < h) {
    c->l2[h] = c->l1[h];
    c->l1[h] = d;
    c->nl[h]++;
    c->lset[h] |= 1ull << (l & 63);
  } else {
    c->r2[h] = c->r1[h];
    c->r1[h] = d;
    c->nr[h]++;
    c->rset[h] |= 1ull << (l & 63);
  }
  if (h == 0) c->root_child = d;
}

void pl_syn_apply(pl_syn_config *c, int t) {
  int s0 = c->sp ? c->stack[c->sp - 1] : -1;
  if (t == PL_SYN_SHIFT) {
    c->stack[c->sp++] = c->b++;
  } else if (t == PL_SYN_REDUCE) {
    c->sp--;
  } else if (t & 1) {
    add_arc(c, s0, c->b, (t - 3) / 2);
    c->stack[c->sp++] = c->b++;
  } else {
    add_arc(c, c->b, s0, (t - 2) / 2);
    c->sp--;
  }
}

void pl_syn_finish(pl_syn_config *c, int label_root, int label_dep) {
  /* Words left on the stack without a head: the word below each takes it (a right arc that stays projective,
   * since everything between them is complete); the lowest takes the root if the root has no child yet. */
  for (int i = c->sp - 1; i >= 1; i--) {
    int d = c->stack[i];
    if (c->head[d] >= 0) continue;
    int h = -1;
    for (int j = i - 1; j >= 0; j--) {
      if (c->stack[j] == 0) {
        if (c->root_child < 0) h = 0;
        break;
      }
      h = c->stack[j];
      break;
    }
    if (h < 0) h = c->root_child;
    if (h < 0 || h == d) h = 0;
    add_arc(c, h, d, h == 0 ? label_root : label_dep);
  }
  for (int d = 1; d <= c->n; d++) /* cannot happen in arc-eager, but a word must never be left without a head */
    if (c->head[d] < 0) add_arc(c, c->root_child > 0 && c->root_child != d ? c->root_child : 0, d, label_dep);
}

#define NONE 0x4e4full
static inline uint64_t W(const pl_syn_sent *s, int i) { return i < 0 ? NONE : s->w[i].hform; }
static inline uint64_t P(const pl_syn_sent *s, int i) { return i < 0 ? NONE : i == 0 ? 0x500ull : (uint64_t)s->w[i].tag + 1; }
static inline uint64_t C(const pl_syn_sent *s, int i) { return i < 0 ? NONE : i == 0 ? 0x501ull : s->w[i].cluster; }
static inline uint64_t L(const pl_syn_config *c, int i) { return i < 0 || c->label[i] < 0 ? NONE : (uint64_t)c->label[i] + 1; }
static inline int at(const int *v, int i) { return i < 0 ? -1 : v[i]; }
static inline uint64_t dist(int a, int b) {
  int d = b - a;
  return d <= 4 ? (uint64_t)d : d <= 6 ? 5 : d <= 10 ? 6 : 7;
}
static inline uint64_t f4(uint64_t t, uint64_t a, uint64_t b, uint64_t c, uint64_t d) {
  return pl_syn_mix(pl_syn_f3(t, a, b, c), d) | 1;
}

int pl_syn_parse_features(const pl_syn_config *c, const pl_syn_sent *s, uint64_t *k) {
  int s0 = c->sp ? c->stack[c->sp - 1] : -1, s1 = c->sp > 1 ? c->stack[c->sp - 2] : -1;
  int n0 = c->b <= c->n ? c->b : -1, n1 = n0 > 0 && n0 + 1 <= c->n ? n0 + 1 : -1,
      n2 = n1 > 0 && n1 + 1 <= c->n ? n1 + 1 : -1;
  int s0h = s0 > 0 ? c->head[s0] : -1, s0h2 = s0h > 0 ? c->head[s0h] : -1;
  int s0l = at(c->l1, s0), s0r = at(c->r1, s0), s0l2 = at(c->l2, s0), s0r2 = at(c->r2, s0);
  int n0l = at(c->l1, n0), n0l2 = at(c->l2, n0);
  uint64_t s0w = W(s, s0), s0p = P(s, s0), n0w = W(s, n0), n0p = P(s, n0), n1w = W(s, n1), n1p = P(s, n1),
           n2w = W(s, n2), n2p = P(s, n2);
  uint64_t d = s0 >= 0 && n0 > 0 ? dist(s0, n0) : NONE;
  uint64_t vl0 = s0 >= 0 ? (uint64_t)c->nl[s0] : NONE, vr0 = s0 >= 0 ? (uint64_t)c->nr[s0] : NONE;
  uint64_t nvl = n0 > 0 ? (uint64_t)c->nl[n0] : NONE;
  uint64_t sl0 = s0 >= 0 ? c->lset[s0] : NONE, sr0 = s0 >= 0 ? c->rset[s0] : NONE;
  uint64_t nsl = n0 > 0 ? c->lset[n0] : NONE;
  int n = 0;
  k[n++] = pl_syn_f2(1, s0w, s0p);
  k[n++] = pl_syn_f1(2, s0w);
  k[n++] = pl_syn_f1(3, s0p);
  k[n++] = pl_syn_f2(4, n0w, n0p);
  k[n++] = pl_syn_f1(5, n0w);
  k[n++] = pl_syn_f1(6, n0p);
  k[n++] = pl_syn_f2(7, n1w, n1p);
  k[n++] = pl_syn_f1(8, n1w);
  k[n++] = pl_syn_f1(9, n1p);
  k[n++] = pl_syn_f2(10, n2w, n2p);
  k[n++] = pl_syn_f1(11, n2w);
  k[n++] = pl_syn_f1(12, n2p);
  k[n++] = f4(13, s0w, s0p, n0w, n0p);
  k[n++] = pl_syn_f3(14, s0w, s0p, n0w);
  k[n++] = pl_syn_f3(15, s0w, n0w, n0p);
  k[n++] = pl_syn_f3(16, s0w, s0p, n0p);
  k[n++] = pl_syn_f3(17, s0p, n0w, n0p);
  k[n++] = pl_syn_f2(18, s0w, n0w);
  k[n++] = pl_syn_f2(19, s0p, n0p);
  k[n++] = pl_syn_f2(20, n0p, n1p);
  k[n++] = pl_syn_f3(21, n0p, n1p, n2p);
  k[n++] = pl_syn_f3(22, s0p, n0p, n1p);
  k[n++] = pl_syn_f3(23, P(s, s0h), s0p, n0p);
  k[n++] = pl_syn_f3(24, s0p, P(s, s0l), n0p);
  k[n++] = pl_syn_f3(25, s0p, P(s, s0r), n0p);
  k[n++] = pl_syn_f3(26, s0p, n0p, P(s, n0l));
  k[n++] = pl_syn_f2(27, s0w, d);
  k[n++] = pl_syn_f2(28, s0p, d);
  k[n++] = pl_syn_f2(29, n0w, d);
  k[n++] = pl_syn_f2(30, n0p, d);
  k[n++] = pl_syn_f3(31, s0w, n0w, d);
  k[n++] = pl_syn_f3(32, s0p, n0p, d);
  k[n++] = pl_syn_f2(33, s0w, vr0);
  k[n++] = pl_syn_f2(34, s0p, vr0);
  k[n++] = pl_syn_f2(35, s0w, vl0);
  k[n++] = pl_syn_f2(36, s0p, vl0);
  k[n++] = pl_syn_f2(37, n0w, nvl);
  k[n++] = pl_syn_f2(38, n0p, nvl);
  k[n++] = pl_syn_f1(39, W(s, s0h));
  k[n++] = pl_syn_f1(40, P(s, s0h));
  k[n++] = pl_syn_f1(41, L(c, s0));
  k[n++] = pl_syn_f1(42, W(s, s0l));
  k[n++] = pl_syn_f1(43, P(s, s0l));
  k[n++] = pl_syn_f1(44, L(c, s0l));
  k[n++] = pl_syn_f1(45, W(s, s0r));
  k[n++] = pl_syn_f1(46, P(s, s0r));
  k[n++] = pl_syn_f1(47, L(c, s0r));
  k[n++] = pl_syn_f1(48, W(s, n0l));
  k[n++] = pl_syn_f1(49, P(s, n0l));
  k[n++] = pl_syn_f1(50, L(c, n0l));
  k[n++] = pl_syn_f1(51, W(s, s0h2));
  k[n++] = pl_syn_f1(52, P(s, s0h2));
  k[n++] = pl_syn_f1(53, L(c, s0h));
  k[n++] = pl_syn_f1(54, W(s, s0l2));
  k[n++] = pl_syn_f1(55, P(s, s0l2));
  k[n++] = pl_syn_f1(56, L(c, s0l2));
  k[n++] = pl_syn_f1(57, W(s, s0r2));
  k[n++] = pl_syn_f1(58, P(s, s0r2));
  k[n++] = pl_syn_f1(59, L(c, s0r2));
  k[n++] = pl_syn_f1(60, W(s, n0l2));
  k[n++] = pl_syn_f1(61, P(s, n0l2));
  k[n++] = pl_syn_f1(62, L(c, n0l2));
  k[n++] = pl_syn_f3(63, s0p, P(s, s0l), P(s, s0l2));
  k[n++] = pl_syn_f3(64, s0p, P(s, s0r), P(s, s0r2));
  k[n++] = pl_syn_f3(65, s0p, P(s, s0h), P(s, s0h2));
  k[n++] = pl_syn_f3(66, n0p, P(s, n0l), P(s, n0l2));
  k[n++] = pl_syn_f2(67, s0w, sr0);
  k[n++] = pl_syn_f2(68, s0p, sr0);
  k[n++] = pl_syn_f2(69, s0w, sl0);
  k[n++] = pl_syn_f2(70, s0p, sl0);
  k[n++] = pl_syn_f2(71, n0w, nsl);
  k[n++] = pl_syn_f2(72, n0p, nsl);
  /* beyond Zhang & Nivre: the second stack word, the buffer bigram, suffixes for unknown words, and whether a
   * comma or a verb lies between s0 and n0 (web and news sentences chain clauses) */
  uint64_t s1p = P(s, s1);
  k[n++] = pl_syn_f3(73, s1p, s0p, n0p);
  k[n++] = pl_syn_f2(74, W(s, s1), s0p);
  k[n++] = pl_syn_f2(75, n0w, n1w);
  k[n++] = pl_syn_f2(76, n0 > 0 ? s->w[n0].hsuf[2] : NONE, n0p);
  k[n++] = pl_syn_f2(77, s0 > 0 ? s->w[s0].hsuf[2] : NONE, s0p);
  k[n++] = pl_syn_f3(78, s0p, L(c, s0), n0p);
  k[n++] = pl_syn_f3(79, s1p, L(c, s1), s0p);
  /* word classes from raw text */
  uint64_t s0c = C(s, s0), n0c = C(s, n0), n1c = C(s, n1);
  k[n++] = pl_syn_f1(80, s0c);
  k[n++] = pl_syn_f1(81, n0c);
  k[n++] = pl_syn_f1(82, n1c);
  k[n++] = pl_syn_f2(83, s0c, n0c);
  k[n++] = pl_syn_f2(84, s0c, n0p);
  k[n++] = pl_syn_f2(85, s0p, n0c);
  k[n++] = pl_syn_f2(86, n0c, n1c);
  k[n++] = pl_syn_f3(87, s0c, n0c, d);
  k[n++] = pl_syn_f2(88, C(s, s0h), s0c);
  k[n++] = pl_syn_f2(89, n0c, C(s, n0l));
  return n;
}

int pl_syn_parse(const pl_syn_model *m, pl_syn_sent *s, pl_arena *a) {
  pl_syn_config c;
  if (pl_syn_config_init(&c, s->n, a)) return -1;
  int nclass = 2 + 2 * m->n_labels;
  float scores[PL_SYN_SCORES];
  uint64_t keys[PL_SYN_PARSE_FEATS];
  while (!pl_syn_done(&c)) {
    int nk = pl_syn_parse_features(&c, s, keys);
    memset(scores, 0, sizeof scores);
    pl_syn_table_score(&m->parser, keys, nk, scores);
    int best = -1;
    for (int t = 0; t < nclass; t++)
      if (pl_syn_valid(&c, t) && (best < 0 || scores[t] > scores[best])) best = t;
    if (best < 0) break;
    pl_syn_apply(&c, best);
  }
  pl_syn_finish(&c, m->label_root, m->label_dep);
  for (int i = 1; i <= s->n; i++) {
    s->w[i].head = c.head[i];
    s->w[i].label = c.label[i];
  }
  return 0;
}
