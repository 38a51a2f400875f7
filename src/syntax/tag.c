/* syntax/tag.c: word features, the part-of-speech tagger (greedy, left to right, averaged perceptron over joint
 * UPOS+XPOS tags) and the lemmatiser (tables learnt from the treebank: exact forms, then suffix rules). */
#include <string.h>
#include "syntax_impl.h"

enum { SH_LOWER = 1, SH_CAP = 2, SH_UPPER = 3, SH_DIGIT = 4, SH_PUNCT = 5, SH_OTHER = 6 };

/* Normalises one byte for feature forms: ASCII lower case, digits as 9. */
static char norm_byte(unsigned char c) {
  if (c >= 'A' && c <= 'Z') return (char)(c + 32);
  if (c >= '0' && c <= '9') return '9';
  return (char)c;
}

/* Curly quotes and apostrophes read as their ASCII forms, as the tokenizer's folds do. */
static size_t normalise(const char *s, char *out, size_t max) {
  size_t o = 0;
  for (size_t i = 0; s[i] && o < max; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == 0xE2 && (unsigned char)s[i + 1] == 0x80) {
      unsigned char d = (unsigned char)s[i + 2];
      if (d == 0x98 || d == 0x99) { out[o++] = '\''; i += 2; continue; }
      if (d == 0x9C || d == 0x9D) { out[o++] = '"'; i += 2; continue; }
      if (d == 0x93 || d == 0x94) { out[o++] = '-'; i += 2; continue; }
    }
    out[o++] = norm_byte(c);
  }
  return o;
}

static uint32_t shape_of(const char *s) {
  unsigned first = 0, upper = 0, lower = 0, digit = 0, hyphen = 0, period = 0, other = 0;
  size_t n = strlen(s);
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    unsigned cls = c >= 'A' && c <= 'Z' ? SH_UPPER : c >= 'a' && c <= 'z' ? SH_LOWER : c >= '0' && c <= '9' ? SH_DIGIT
                   : c >= 0x80 ? SH_OTHER : SH_PUNCT;
    if (i == 0) first = cls;
    upper += cls == SH_UPPER;
    lower += cls == SH_LOWER;
    digit += cls == SH_DIGIT;
    other += cls == SH_PUNCT;
    hyphen += c == '-';
    period += c == '.';
  }
  unsigned lenb = n < 4 ? (unsigned)n : n < 8 ? 4 : 5;
  return first | (upper > 1) << 3 | (lower > 0) << 4 | (digit > 0) << 5 | (hyphen > 0) << 6 | (period > 0) << 7 |
         (other > 0) << 8 | lenb << 9;
}

void pl_syn_word_prepare(pl_syn_word *w) {
  char buf[PL_SYN_FORM_MAX] = {0};
  size_t n = normalise(w->form, buf, sizeof buf);
  w->hform = pl_syn_hash_bytes(buf, n);
  char low[PL_SYN_FORM_MAX] = {0};
  size_t ln = 0;
  for (; w->form[ln] && ln < sizeof low; ln++) {
    unsigned char c = (unsigned char)w->form[ln];
    low[ln] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
  }
  w->hlower = pl_syn_hash_bytes(low, ln);
  for (size_t k = 0; k < 4; k++) w->hsuf[k] = n > k ? pl_syn_hash_bytes(buf + n - k - 1, k + 1) : 0;
  for (size_t k = 0; k < 3; k++) w->hpre[k] = n > k ? pl_syn_hash_bytes(buf, k + 1) : 0;
  w->shape = shape_of(w->form);
}

#define NONE_W 0x51ull
#define TAG(i) ((i) >= 1 ? (uint64_t)(s->w[i].tag + 1) : 0x7777ull)

int pl_syn_tag_features(const pl_syn_sent *s, int i, int pass, uint64_t *k) {
  const pl_syn_word *w = &s->w[i];
  uint64_t wm1 = i > 1 ? s->w[i - 1].hform : NONE_W, wm2 = i > 2 ? s->w[i - 2].hform : NONE_W;
  uint64_t wp1 = i < s->n ? s->w[i + 1].hform : NONE_W, wp2 = i + 1 < s->n ? s->w[i + 2].hform : NONE_W;
  uint64_t tm1 = TAG(i - 1), tm2 = TAG(i - 2);
  uint64_t shp1 = i < s->n ? s->w[i + 1].shape : 0, shm1 = i > 1 ? s->w[i - 1].shape : 0;
  uint64_t sufp1 = i < s->n ? s->w[i + 1].hsuf[2] : NONE_W, sufm1 = i > 1 ? s->w[i - 1].hsuf[2] : NONE_W;
  int n = 0;
  k[n++] = pl_syn_f1(1, 0);
  k[n++] = pl_syn_f1(2, w->hform);
  k[n++] = pl_syn_f1(3, pl_syn_hash_bytes(w->form, strnlen(w->form, PL_SYN_FORM_MAX)));
  for (int j = 0; j < 4; j++) k[n++] = pl_syn_f1(4 + j, w->hsuf[j]);
  for (int j = 0; j < 3; j++) k[n++] = pl_syn_f1(8 + j, w->hpre[j]);
  k[n++] = pl_syn_f1(11, w->shape);
  k[n++] = pl_syn_f1(12, tm1);
  k[n++] = pl_syn_f2(13, tm2, tm1);
  k[n++] = pl_syn_f2(14, tm1, w->hform);
  k[n++] = pl_syn_f1(15, wm1);
  k[n++] = pl_syn_f1(16, wm2);
  k[n++] = pl_syn_f1(17, wp1);
  k[n++] = pl_syn_f1(18, wp2);
  k[n++] = pl_syn_f2(19, wm1, w->hform);
  k[n++] = pl_syn_f2(20, w->hform, wp1);
  k[n++] = pl_syn_f1(21, sufp1);
  k[n++] = pl_syn_f1(22, sufm1);
  k[n++] = pl_syn_f1(23, shp1);
  k[n++] = pl_syn_f1(24, shm1);
  k[n++] = pl_syn_f2(25, i == 1, w->shape);
  k[n++] = pl_syn_f2(26, wm1, wp1);
  k[n++] = pl_syn_f2(27, tm1, wp1);
  k[n++] = pl_syn_f2(28, w->hsuf[1], tm1);
  k[n++] = pl_syn_f2(29, w->shape, shp1);
  k[n++] = pl_syn_f2(30, w->hsuf[2], wp1);
  k[n++] = pl_syn_f2(31, wm1, w->hsuf[2]);
  k[n++] = pl_syn_f2(32, w->hlower, i == 1);
  /* word classes from raw text: what the treebank never showed */
  uint64_t c0 = w->cluster, cm1 = i > 1 ? s->w[i - 1].cluster : 0x99, cp1 = i < s->n ? s->w[i + 1].cluster : 0x99,
           cp2 = i + 1 < s->n ? s->w[i + 2].cluster : 0x99;
  k[n++] = pl_syn_f1(33, c0);
  k[n++] = pl_syn_f1(34, cm1);
  k[n++] = pl_syn_f1(35, cp1);
  k[n++] = pl_syn_f1(36, cp2);
  k[n++] = pl_syn_f2(37, cm1, c0);
  k[n++] = pl_syn_f2(38, c0, cp1);
  k[n++] = pl_syn_f2(39, tm1, c0);
  k[n++] = pl_syn_f2(40, c0, w->hsuf[2]);
  if (pass == 2) { /* the first pass's tags, right of the word too ("jets attacked its": VBD, not VBN) */
    uint64_t u0 = (uint64_t)w->tag1 + 1, up1 = i < s->n ? (uint64_t)s->w[i + 1].tag1 + 1 : 0x7777ull,
             up2 = i + 1 < s->n ? (uint64_t)s->w[i + 2].tag1 + 1 : 0x7777ull;
    k[n++] = pl_syn_f1(41, u0);
    k[n++] = pl_syn_f2(42, u0, w->hform);
    k[n++] = pl_syn_f1(43, up1);
    k[n++] = pl_syn_f2(44, up1, up2);
    k[n++] = pl_syn_f2(45, w->hform, up1);
    k[n++] = pl_syn_f2(46, tm1, up1);
    k[n++] = pl_syn_f3(47, tm1, u0, up1);
    k[n++] = pl_syn_f2(48, w->hsuf[2], up1);
  }
  return n;
}

void pl_syn_assign_clusters(const pl_syn_map *clusters, pl_syn_sent *s) {
  for (int i = 1; i <= s->n; i++) {
    int64_t c = pl_syn_map_get(clusters, s->w[i].hform);
    s->w[i].cluster = c < 0 ? 0 : (uint32_t)c;
  }
}

void pl_syn_tag_pass(const pl_syn_table *t, int n_tags, pl_syn_sent *s, int pass) {
  float scores[PL_SYN_SCORES];
  uint64_t keys[PL_SYN_TAG_FEATS];
  for (int i = 1; i <= s->n; i++) {
    int nk = pl_syn_tag_features(s, i, pass, keys);
    memset(scores, 0, sizeof scores);
    pl_syn_table_score(t, keys, nk, scores);
    int best = 0;
    for (int c = 1; c < n_tags; c++)
      if (scores[c] > scores[best]) best = c;
    s->w[i].tag = best;
  }
}

void pl_syn_tag(const pl_syn_model *m, pl_syn_sent *s, pl_arena *a) {
  pl_syn_assign_clusters(&m->clusters, s);
  pl_syn_tag_pass(&m->tagger, m->n_tags, s, 1);
  if (m->tagger2.cap > 1) {
    for (int i = 1; i <= s->n; i++) s->w[i].tag1 = s->w[i].tag;
    pl_syn_tag_pass(&m->tagger2, m->n_tags, s, 2);
  }
  for (int i = 1; a && i <= s->n; i++) s->w[i].lemma = pl_syn_lemma(m, &s->w[i], a);
}

/* ---- lemmas ---- */

static int rule_of(const pl_syn_map *t, uint64_t key) { return (int)pl_syn_map_get(t, key); }

/* A copy of form with typographic apostrophes as ASCII ones (the treebank writes "'re", news "’re"), or NULL. */
static char *ascii_apostrophes(const char *form, pl_arena *a) {
  if (!strstr(form, "\xE2\x80\x99")) return NULL;
  char *out = pl_arena_alloc(a, strlen(form) + 1);
  if (!out) return NULL;
  size_t o = 0;
  for (size_t i = 0; form[i]; i++) {
    if (!strncmp(form + i, "\xE2\x80\x99", 3)) { /* strncmp: stops at the end of the form */
      out[o++] = '\'';
      i += 2;
    } else {
      out[o++] = form[i];
    }
  }
  out[o] = 0;
  return out;
}

const char *pl_syn_lemma(const pl_syn_model *m, const pl_syn_word *w0, pl_arena *a) {
  if (!m->n_rules || !m->lemma_exact.e) return w0->form;
  pl_syn_word copy;
  const pl_syn_word *w = w0;
  char *ascii = a ? ascii_apostrophes(w0->form, a) : NULL;
  if (ascii) {
    copy = *w0;
    copy.form = ascii;
    pl_syn_word_prepare(&copy);
    copy.tag = w0->tag;
    w = &copy;
  }
  size_t n = strlen(w->form);
  uint64_t tag = (uint64_t)w->tag + 1;
  int r = rule_of(&m->lemma_exact, pl_syn_f2(1, pl_syn_hash_bytes(w->form, n), tag));
  if (r < 0) r = rule_of(&m->lemma_exact, pl_syn_f2(2, w->hlower, tag));
  for (size_t k = n < 6 ? n : 6; r < 0 && k >= 1; k--) {
    char low[8];
    for (size_t j = 0; j < k; j++) {
      unsigned char c = (unsigned char)w->form[n - k + j];
      low[j] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    r = rule_of(&m->lemma_suffix, pl_syn_f2(3, pl_syn_hash_bytes(low, k), tag));
  }
  if (r < 0 || (size_t)r >= m->n_rules) return w->form;
  const pl_syn_lemma_rule *rule = &m->rules[r];
  /* a rule learnt on other words must not cut a character in two */
  if (rule->strip > n || ((unsigned char)w->form[n - rule->strip] & 0xC0) == 0x80) return w->form;
  char *out = pl_arena_alloc(a, n - rule->strip + rule->add_len + 1);
  if (!out) return w->form;
  size_t o = n - rule->strip;
  for (size_t j = 0; j < o; j++) {
    unsigned char c = (unsigned char)w->form[j];
    out[j] = (char)(rule->lower && c >= 'A' && c <= 'Z' ? c + 32 : c);
  }
  memcpy(out + o, m->pool + rule->add_off, rule->add_len);
  out[o + rule->add_len] = 0;
  return out;
}
