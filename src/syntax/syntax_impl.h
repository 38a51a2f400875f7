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
#include "../util/arena.h"

#define PL_SYN_MAX_CLASSES 255 /* a weight slot keeps its class in 8 bits, an entry its slot count */
#define PL_SYN_MAX_LABELS 120  /* parser classes: SHIFT, REDUCE, LEFT-l, RIGHT-l */
#define PL_SYN_MAX_TAGS 250
#define PL_SYN_FORM_MAX 64     /* feature forms are cut to this many bytes */

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

/* Read-only table: feature hash -> run of (class, weight) slots. A slot is a float whose lowest 8 mantissa bits
 * hold the class: 4 bytes a slot, and the lost precision (2^-15 relative) is far below what the perceptron's
 * averaged weights resolve. */
typedef struct pl_syn_entry {
  uint32_t check; /* the key's high 32 bits, forced odd (0 = empty); the low bits chose the bucket */
  uint32_t offn;  /* first slot << 8 | number of slots (lemma tables: rule index << 8) */
} pl_syn_entry;

static inline uint32_t pl_syn_check(uint64_t key) { return (uint32_t)(key >> 32) | 1u; }

/* The entry of key in an open-addressing table, or NULL. */
static inline const pl_syn_entry *pl_syn_find(const pl_syn_entry *e, uint64_t mask, uint64_t key) {
  uint32_t c = pl_syn_check(key);
  for (uint64_t i = key & mask;; i = (i + 1) & mask) {
    if (e[i].check == c) return &e[i];
    if (!e[i].check) return NULL;
  }
}

typedef struct pl_syn_table {
  const pl_syn_entry *e; /* power-of-two open-addressing table; key 0 = empty */
  uint64_t mask;
  const uint32_t *slots;
  size_t n_entries, n_slots;
} pl_syn_table;

/* Scores a whole feature vector. The table is far larger than the caches and each feature is a random access,
 * so the buckets of all features are fetched at once, then the slot runs of those found, then summed: the
 * misses overlap instead of following one another (8x faster on news sentences). */
static inline void pl_syn_table_score(const pl_syn_table *t, const uint64_t *keys, int n, float *scores) {
  const pl_syn_entry *found[128];
  int nf = 0;
  for (int i = 0; i < n; i++) __builtin_prefetch(&t->e[keys[i] & t->mask]);
  for (int i = 0; i < n && nf < 128; i++) {
    const pl_syn_entry *e = pl_syn_find(t->e, t->mask, keys[i]);
    if (e) {
      __builtin_prefetch(t->slots + (e->offn >> 8));
      found[nf++] = e;
    }
  }
  for (int j = 0; j < nf; j++) {
    const uint32_t *s = t->slots + (found[j]->offn >> 8);
    for (uint32_t k = 0, m = found[j]->offn & 0xFFu; k < m; k++) {
      union { uint32_t u; float f; } v = {s[k] & ~0xFFu};
      scores[s[k] & 0xFFu] += v.f;
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
int pl_syn_wtrain_finish(const pl_syn_wtrain *t, float min_weight, pl_syn_entry **e, size_t *n_e,
                         uint32_t **slots, size_t *n_slots);
/* Inserts key into a table of cap (power of two) entries that has room. */
void pl_syn_entry_put(pl_syn_entry *e, size_t cap, uint64_t key, uint32_t offn);

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
  pl_syn_table tagger, parser;
  pl_syn_table clusters;  /* normalised form hash -> (class + 1) << 8, like the lemma tables */
  /* lemmas: exact (form hash, tag) -> rule; unknown words: (suffix hash, tag) -> rule, longest suffix first */
  pl_syn_table lemma_exact, lemma_suffix;  /* one slot each whose "weight" bits are the rule index */
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
void pl_syn_assign_clusters(const pl_syn_table *clusters, pl_syn_sent *s);
/* Per-sentence scratch for the parser, sized for n words (arena). */
void pl_syn_tag(const pl_syn_model *m, pl_syn_sent *s, pl_arena *a);
int pl_syn_parse(const pl_syn_model *m, pl_syn_sent *s, pl_arena *a);
/* Lemma of word i (after tagging), allocated in a. */
const char *pl_syn_lemma(const pl_syn_model *m, const pl_syn_word *w, pl_arena *a);

/* Feature extraction, shared by runtime and trainer: keys[] receives the features, returns their number. */
#define PL_SYN_TAG_FEATS 48
int pl_syn_tag_features(const pl_syn_sent *s, int i, uint64_t *keys);
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
