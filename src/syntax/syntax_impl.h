/* syntax/syntax_impl.h: the tagger and parser's internal types, shared by the model reader, the trainer, the
 * CoNLL-U reader and the public API in src/syntax/.
 *
 * A sentence is an array of UD syntactic words (word 0 is the root and carries no text). Features are 64-bit
 * hashes of a template number and its atoms (word hashes, tag and label ids), so no vocabulary is stored:
 * a weight table maps a feature hash to the classes it votes for. */
#ifndef PL_SYNTAX_IMPL_H
#define PL_SYNTAX_IMPL_H
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include "../util/arena.h"

#define PL_SYN_MAX_CLASSES 255 /* a weight slot keeps its class in 8 bits, an entry its slot count */
#define PL_SYN_MAX_LABELS 120  /* parser classes: SHIFT, REDUCE, LEFT-l, RIGHT-l */
#define PL_SYN_MAX_TAGS 250
#define PL_SYN_FORM_MAX 64     /* feature forms are cut to this many bytes */
#define PL_SYN_SCORES 256      /* room for the scores of any table: the class count rounded up to a dense row */

/* One syntactic word. Gold fields (gold_*) are filled by the CoNLL-U reader and used by the trainer and --eval. */
typedef struct pl_syn_word {
  const char *form;   /* as written, NUL-terminated */
  uint64_t hform;     /* hash of the normalised form (lower case, digits as 9) */
  uint64_t hlower;    /* hash of the lower-cased form (digits kept) */
  uint64_t hsuf[4];   /* hashes of the normalised form's last 1..4 characters */
  uint64_t hpre[3];   /* first 1..3 */
  uint32_t shape;     /* word shape class (see pl_syn_shape) */
  uint32_t cluster;   /* word class learnt from raw text + 1, or 0 for a word the clusters lack */
  int tag;            /* predicted joint tag (UPOS+XPOS), -1 before tagging */
  int tag1;           /* the first tagging pass's tag, which the second pass reads on both sides */
  int head;           /* predicted head (0 = root), -1 before parsing */
  int label;          /* predicted relation id */
  const char *lemma;  /* predicted lemma (arena) */
  int gold_tag, gold_head, gold_label;
  const char *gold_upos, *gold_xpos, *gold_lemma, *gold_deprel; /* as written in the gold file */
  size_t start, end;  /* byte offsets in the caller's text (parley input); 0 for CoNLL-U */
  size_t token;       /* the parley token it comes from */
} pl_syn_word;

typedef struct pl_syn_sent {
  pl_syn_word *w;     /* w[0] is the root; words are w[1..n] */
  int n;
  const char *sent_id, *text; /* CoNLL-U comments, or NULL */
  unsigned long line; /* line of the sentence's first word in its file */
} pl_syn_sent;

/* ---- weights ---- */

/* Read-only table: feature hash -> the (class, weight) slots it votes with. A slot is a float whose lowest 8
 * mantissa bits hold the class: 4 bytes a slot, and the lost precision (2^-15 relative) is far below what the
 * perceptron's averaged weights resolve. Most features vote for one or two classes: their slots live in the
 * entry itself, so a lookup is one cache line; longer runs live in the slot array. */
#define PL_SYN_INLINE 2
#define PL_SYN_DENSE 0xFFu     /* slot count that marks a dense row: the feature votes for (almost) every class */
#define PL_SYN_DENSE_MIN 24    /* features with more slots than this get a dense row */
typedef struct pl_syn_entry {
  uint32_t check; /* the key's high 32 bits, forced odd (0 = empty); the low bits chose the bucket */
  uint32_t offn;  /* number of slots in the low 8 bits (PL_SYN_DENSE: a dense row); above them the first slot's
                     index in the slot array when there are more than PL_SYN_INLINE, or the dense row's index */
  uint32_t in[PL_SYN_INLINE]; /* the slots, when they fit */
} pl_syn_entry;

static inline uint32_t pl_syn_check(uint64_t key) { return (uint32_t)(key >> 32) | 1u; }
/* Tables of any size: the low 32 bits of the key scaled to the table (Lemire's multiply-shift). */
static inline uint64_t pl_syn_bucket(uint64_t key, uint64_t cap) { return ((key & 0xFFFFFFFFull) * cap) >> 32; }

/* The entry of key in an open-addressing table of cap entries (at least one empty), or NULL. */
static inline const pl_syn_entry *pl_syn_find(const pl_syn_entry *e, uint64_t cap, uint64_t key) {
  uint32_t c = pl_syn_check(key);
  for (uint64_t i = pl_syn_bucket(key, cap);; i = i + 1 == cap ? 0 : i + 1) {
    if (e[i].check == c) return &e[i];
    if (!e[i].check) return NULL;
  }
}

typedef struct pl_syn_table {
  const pl_syn_entry *e;
  uint64_t cap;
  const uint32_t *slots;
  size_t n_slots;
  const float *dense;   /* rows of stride floats: one weight per class */
  size_t n_dense;
  uint32_t stride;
} pl_syn_table;

/* Floats per dense row for n classes: a multiple of 16, so rows stay 64-byte aligned. */
static inline uint32_t pl_syn_stride(int n_classes) { return ((uint32_t)n_classes + 15u) & ~15u; }

static inline void pl_syn_slots_add(const uint32_t *s, uint32_t n, float *scores) {
  for (uint32_t k = 0; k < n; k++) {
    union { uint32_t u; float f; } v = {s[k] & ~0xFFu};
    scores[s[k] & 0xFFu] += v.f;
  }
}

/* Read-only map: key hash -> a 32-bit value (lemma rules, word classes): 8-byte entries, same probing. */
typedef struct pl_syn_mentry {
  uint32_t check, value;
} pl_syn_mentry;

typedef struct pl_syn_map {
  const pl_syn_mentry *e;
  uint64_t cap;
} pl_syn_map;

/* The value of key, or -1. */
static inline int64_t pl_syn_map_get(const pl_syn_map *m, uint64_t key) {
  uint32_t c = pl_syn_check(key);
  for (uint64_t i = pl_syn_bucket(key, m->cap); m->e; i = i + 1 == m->cap ? 0 : i + 1) {
    if (m->e[i].check == c) return m->e[i].value;
    if (!m->e[i].check) break;
  }
  return -1;
}

/* scores[0..n) += row[0..n), n a multiple of 16, four floats at a time (GCC's and clang's vector extension: the
 * -O2 vectoriser leaves this loop scalar, and it is the hottest of the parser). */
#if defined(__GNUC__) || defined(__clang__)
typedef float pl_syn_v4 __attribute__((vector_size(16)));
static inline void pl_syn_row_add(float *scores, const float *row, uint32_t n) {
  for (uint32_t k = 0; k < n; k += 4) {
    pl_syn_v4 a, b;
    memcpy(&a, scores + k, sizeof a);
    memcpy(&b, row + k, sizeof b);
    a += b;
    memcpy(scores + k, &a, sizeof a);
  }
}
#else
static inline void pl_syn_row_add(float *scores, const float *row, uint32_t n) {
  for (uint32_t k = 0; k < n; k++) scores[k] += row[k];
}
#endif

/* Scores a whole feature vector into scores[0..stride). The table is far larger than the caches and each
 * feature is a random access, so the buckets of all features are requested at once before any is read: the
 * misses overlap instead of following one another. Slot runs and dense rows are requested as their entries are
 * found, and added last; a dense row is a plain vector add (the frequent features, those of tags alone, vote
 * for every class: as slots they cost more than everything else together). */
static inline void pl_syn_table_score(const pl_syn_table *t, const uint64_t *keys, int n, float *restrict scores) {
  const pl_syn_entry *later[128];
  int nl = 0;
  for (int i = 0; i < n; i++) __builtin_prefetch(&t->e[pl_syn_bucket(keys[i], t->cap)]);
  for (int i = 0; i < n; i++) {
    const pl_syn_entry *e = pl_syn_find(t->e, t->cap, keys[i]);
    if (!e) continue;
    uint32_t m = e->offn & 0xFFu;
    if (m <= PL_SYN_INLINE) {
      pl_syn_slots_add(e->in, m, scores);
    } else if (nl < 128) {
      __builtin_prefetch(m == PL_SYN_DENSE ? (const void *)(t->dense + (size_t)(e->offn >> 8) * t->stride)
                                           : (const void *)(t->slots + (e->offn >> 8)));
      later[nl++] = e;
    }
  }
  for (int j = 0; j < nl; j++) {
    uint32_t m = later[j]->offn & 0xFFu, off = later[j]->offn >> 8;
    if (m == PL_SYN_DENSE) {
      pl_syn_row_add(scores, t->dense + (size_t)off * t->stride, t->stride);
    } else {
      pl_syn_slots_add(t->slots + off, m, scores);
    }
  }
}

/* Training table: sparse per-feature class weights with lazy averaging. */
typedef struct pl_syn_wslot {
  float w;
  uint16_t cls;
  uint32_t stamp;
  double tot;
} pl_syn_wslot;

typedef struct pl_syn_wtrain {
  uint64_t *keys;     /* open addressing, 0 = empty */
  uint32_t *fid;
  size_t cap, n;      /* table capacity, features */
  uint32_t *off;      /* per feature: first slot, count, capacity */
  uint16_t *cnt, *fcap;
  size_t fcap_alloc;
  pl_syn_wslot *slots;
  size_t n_slots, slots_cap;
  uint32_t now;       /* updates seen (for averaging) */
} pl_syn_wtrain;

int pl_syn_wtrain_init(pl_syn_wtrain *t);
void pl_syn_wtrain_dispose(pl_syn_wtrain *t);
/* Adds the current (not averaged) weights of feature key to scores. */
void pl_syn_wtrain_score(const pl_syn_wtrain *t, uint64_t key, float *scores);
/* Adds delta to feature key's weight for class cls. Returns 0 or -1 on OOM. */
int pl_syn_wtrain_update(pl_syn_wtrain *t, uint64_t key, int cls, float delta);
/* Builds the averaged, pruned read-only table: entries and slots are malloc'd into *e, *slots. */
typedef struct pl_syn_table_out { /* a read-only table as the trainer makes it (malloc'd) */
  pl_syn_entry *e;
  size_t ne;
  uint32_t *slots;
  size_t ns;
  float *dense;
  size_t nd;      /* dense rows */
  int n_classes;
} pl_syn_table_out;
int pl_syn_wtrain_finish(const pl_syn_wtrain *t, float min_weight, int n_classes, pl_syn_table_out *out);
void pl_syn_table_out_free(pl_syn_table_out *o);
pl_syn_table pl_syn_table_view(const pl_syn_table_out *o);
/* Inserts key into a table of cap entries that has room; returns the entry. */
pl_syn_entry *pl_syn_entry_put(pl_syn_entry *e, size_t cap, uint64_t key, uint32_t offn);
/* Inserts key -> value into a map of cap entries that has room. */
void pl_syn_map_put(pl_syn_mentry *e, size_t cap, uint64_t key, uint32_t value);
/* The capacity of a table for n keys (load 0.65: a miss, the common case, ends after few probes). */
size_t pl_syn_table_cap(size_t n);

/* ---- features ---- */
static inline uint64_t pl_syn_mix(uint64_t h, uint64_t v) {
  h ^= v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
  h *= 0xff51afd7ed558ccdull;
  return h ^ (h >> 32);
}
static inline uint64_t pl_syn_f1(uint64_t t, uint64_t a) { return pl_syn_mix(pl_syn_mix(t * 0x100000001b3ull, a), 1) | 1; }
static inline uint64_t pl_syn_f2(uint64_t t, uint64_t a, uint64_t b) {
  return pl_syn_mix(pl_syn_mix(pl_syn_mix(t * 0x100000001b3ull, a), b), 2) | 1;
}
static inline uint64_t pl_syn_f3(uint64_t t, uint64_t a, uint64_t b, uint64_t c) {
  return pl_syn_mix(pl_syn_mix(pl_syn_mix(pl_syn_mix(t * 0x100000001b3ull, a), b), c), 3) | 1;
}
uint64_t pl_syn_hash_bytes(const char *s, size_t n);
/* Fills a word's feature hashes from its form. */
void pl_syn_word_prepare(pl_syn_word *w);

/* ---- the model ---- */
typedef struct pl_syn_lemma_rule {
  uint8_t lower;     /* lower-case the form first */
  uint8_t strip;     /* bytes removed from the end */
  uint16_t add_len;  /* bytes appended */
  uint32_t add_off;  /* into the string pool */
} pl_syn_lemma_rule;

typedef struct pl_syn_model {
  int n_tags, n_labels;
  const char *upos[PL_SYN_MAX_TAGS], *xpos[PL_SYN_MAX_TAGS];
  const char *labels[PL_SYN_MAX_LABELS];
  int label_punct, label_root, label_dep;  /* ids of punct, root and dep */
  pl_syn_table tagger, tagger2, parser; /* tagger2: the second pass (empty: one pass) */
  pl_syn_map clusters;    /* normalised form hash -> word class + 1 */
  /* lemmas: exact (form hash, tag) -> rule; unknown words: (suffix hash, tag) -> rule, longest suffix first */
  pl_syn_map lemma_exact, lemma_suffix;  /* (form, tag) and (suffix, tag) hashes -> lemma rule */
  const pl_syn_lemma_rule *rules;
  size_t n_rules;
  const char *pool;  /* strings */
  size_t pool_len;
  void *owned;       /* buffer to free, or NULL when the model lives in static memory */
} pl_syn_model;

/* Reads a model image (checks magic, version, sizes, checksum). On error returns -1 with a message in err. The
 * model points into buf, which must stay valid and 8-byte aligned. */
int pl_syn_model_open(pl_syn_model *m, const void *buf, size_t len, char *err, size_t errlen);

/* ---- tagging and parsing ---- */
/* Looks up every word's class (call before tagging; pl_syn_tag does). */
void pl_syn_assign_clusters(const pl_syn_map *clusters, pl_syn_sent *s);
/* Tags s (both passes when the model has two) and lemmatises it (a may be NULL: no lemmas). */
void pl_syn_tag(const pl_syn_model *m, pl_syn_sent *s, pl_arena *a);
/* One tagging pass with table t: pass 1 reads the tags it has given to the left; pass 2 also reads every word's
 * tag1 (pass 1's tags, on both sides). */
void pl_syn_tag_pass(const pl_syn_table *t, int n_tags, pl_syn_sent *s, int pass);
int pl_syn_parse(const pl_syn_model *m, pl_syn_sent *s, pl_arena *a);
/* Lemma of word i (after tagging), allocated in a. */
const char *pl_syn_lemma(const pl_syn_model *m, const pl_syn_word *w, pl_arena *a);

/* Feature extraction, shared by runtime and trainer: keys[] receives the features, returns their number. */
#define PL_SYN_TAG_FEATS 56
int pl_syn_tag_features(const pl_syn_sent *s, int i, int pass, uint64_t *keys);
#define PL_SYN_PARSE_FEATS 96
typedef struct pl_syn_config pl_syn_config;
int pl_syn_parse_features(const pl_syn_config *c, const pl_syn_sent *s, uint64_t *keys);

/* The arc-eager configuration (stack, buffer, partial tree). */
struct pl_syn_config {
  int n;            /* words 1..n, root 0 */
  int *stack, sp;   /* stack[0..sp) */
  int b;            /* buffer front, n+1 = empty */
  int *head, *label;
  int *l1, *l2, *r1, *r2;   /* leftmost, second leftmost, rightmost, second rightmost child (-1 none) */
  int *nl, *nr;             /* counts of left and right children */
  uint64_t *lset, *rset;    /* label sets of left and right children */
  int root_child;           /* the word attached to the root, or -1 */
};
enum { PL_SYN_SHIFT = 0, PL_SYN_REDUCE = 1 };
#define PL_SYN_LEFT(l) (2 + 2 * (l))
#define PL_SYN_RIGHT(l) (3 + 2 * (l))

int pl_syn_config_init(pl_syn_config *c, int n, pl_arena *a);
int pl_syn_valid(const pl_syn_config *c, int t);
void pl_syn_apply(pl_syn_config *c, int t);
int pl_syn_done(const pl_syn_config *c);
/* Attaches words left without a head when the buffer is empty (single-root repair). */
void pl_syn_finish(pl_syn_config *c, int label_root, int label_dep);
#endif
