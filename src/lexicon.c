/* lexicon.c: the lexicon's model (actors with dated codes, agents, verbs and their patterns, synsets, discards,
 * issues, the CAMEO code table), the compiler that turns every phrase into one immutable token trie, and the
 * matcher the coder calls for every token position.
 *
 * The trie is stored in flat open-addressing hash tables rather than per-node structures: a text token is first
 * looked up once in the table of dictionary tokens (a token the dictionaries never use ends the walk at once, which
 * is what makes most positions cheap), then each step is one probe of the edge table keyed by (node, token id).
 * PETRARCH prefix entries live in a third table keyed by (node, prefix) and are probed for each prefix length the
 * node actually uses (a bit mask per node). */
#include "lexicon.h"
#include "dates.h"
#include "util/arena.h"
#include "util/file.h"
#include "util/strbuf.h"
#include <ctype.h>
#include <libstemmer.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if defined(__has_include)
#if __has_include("segment.h")
#include "segment.h"
#define PL_HAVE_SEGMENT 1
#endif
#endif

/* ------------------------------------------------------------------------------------------------------------ */
/* model */

typedef struct lex_code {
  const char *code;
  const char *note;
  int32_t from, to; /* yyyymmdd, 0 = open */
  const char *file;
  unsigned long line;
} lex_code;

typedef struct lex_actor {
  const char *name;
  uint64_t names_hash; /* hash of the NAMES field last read for it (parley format) */
  lex_code *codes;
  size_t n_codes, cap_codes;
} lex_actor;

typedef struct lex_agent {
  const char *name, *code, *note;
  int code_first;
} lex_agent;

typedef struct lex_verb {
  const char *name;
  const char *code;    /* NULL = no bare-verb event */
  uint32_t block;
  const char *alias;   /* parley `= other`, resolved at compile */
  const char *alias_file;
  unsigned long alias_line;
  const char **forms;  /* explicit forms as written (for convert) */
  size_t n_forms, cap_forms;
} lex_verb;

typedef struct lex_rawpat {
  uint32_t block;
  const char *code, *text, *orig, *file;
  unsigned long line;
} lex_rawpat;

typedef struct lex_block {
  pl_verb_pattern *pats; /* after compile */
  size_t n_pats;
  uint32_t parent; /* union-find for aliases */
} lex_block;

typedef struct lex_simple {
  const char *name; /* synset name, discard text, issue text */
  const char *code; /* issue code */
  int story;
} lex_simple;

typedef struct lex_phrase {
  const char *toks; /* folded tokens, each NUL-terminated, back to back */
  const char *orig; /* as written, `_` turned to spaces */
  const char *file;
  unsigned long line;
  uint32_t id;
  uint16_t ntok;
  uint8_t kind;
  uint8_t flags;
} lex_phrase;

typedef struct code_slot {
  pl_code_info info;
} code_slot;

/* compiled trie */
typedef struct trie_node {
  uint32_t term_off;     /* with term_n == 1: the term's id itself, its kind in kind1 (no read of lex->terms) */
  unsigned term_n : 23;
  unsigned kind1 : 8;
  unsigned has_child : 1; /* a leaf ends the walk without looking up the next token */
  uint32_t pfx_root;      /* the node's prefix entries: root of their byte trie (0 = none) */
} trie_node;
typedef struct tok_slot { /* 32 bytes: two a cache line, none straddles one (the table is 64-byte aligned) */
  uint64_t head;       /* the token's first 8 bytes, zero-padded: tokens under 8 bytes are verified by it alone */
  uint32_t h32;        /* low half of the token's hash */
  uint32_t id1;        /* id + 1; 0 = empty */
  uint32_t root_child; /* the root's edge for this token (0 = none): the first step costs no second probe */
  trie_node root_info; /* a copy of that child's node: the walk reads one cache line a step, not three */
} tok_slot;
typedef struct edge_slot {
  uint64_t key; /* (node << 32 | tok) + 1; 0 = empty */
  uint32_t child;
  trie_node info; /* a copy of the child's node */
} edge_slot;
/* Prefix entries ("AFGHAN" matching "afghanistan") are few (~2k in the Phoenix set) and short: each node's form a
 * byte trie, walked along the token's bytes until it dies, which lists every matching length in one pass. */
typedef struct byte_edge {
  uint32_t key1;  /* (byte node << 8 | byte) + 1; 0 = empty */
  uint32_t child; /* BNODE_TERM: a prefix entry ends at the child */
} byte_edge;
#define BNODE_TERM 0x80000000u
#define ROOT_GATE_BITS 65536
typedef struct byte_terms {
  uint32_t off, n; /* into lex->terms */
} byte_terms;
typedef struct trie_term {
  uint32_t id;
  uint8_t kind;
} trie_term;

#define VEC_PUSH(arr, n, cap, ok)                                                                                  \
  do {                                                                                                             \
    (ok) = 1;                                                                                                      \
    if ((n) == (cap)) {                                                                                            \
      size_t nc_ = (cap) ? (cap) * 2 : 16;                                                                         \
      void *np_ = realloc((arr), nc_ * sizeof *(arr));                                                             \
      if (!np_) (ok) = 0;                                                                                          \
      else {                                                                                                       \
        (arr) = np_;                                                                                               \
        (cap) = nc_;                                                                                               \
      }                                                                                                            \
    }                                                                                                              \
  } while (0)

struct parley_lexicon {
  parley_diag_fn diag;
  void *diag_payload;
  pl_arena arena;   /* strings and compiled arrays: live as long as the lexicon */
  pl_arena scratch; /* tokenising one phrase */
  int compiled;
  int codes_mode; /* 1: read only [codes] sections (built-in table), 2: skip them (already read), 0: all */
  parley_lexicon_stats st;

  lex_actor *actors;
  size_t n_actors, cap_actors;
  lex_agent *agents;
  size_t n_agents, cap_agents;
  lex_verb *verbs;
  size_t n_verbs, cap_verbs;
  lex_block *blocks;
  size_t n_blocks, cap_blocks;
  lex_rawpat *rawpats;
  size_t n_rawpats, cap_rawpats;
  lex_simple *synsets, *discards, *issues;
  size_t n_synsets, cap_synsets, n_discards, cap_discards, n_issues, cap_issues;
  lex_phrase *phrases;
  size_t n_phrases, cap_phrases;
  const char **verb_stems; /* by verb id: Snowball stem of a one-word base form, or NULL */
  uint32_t *stem_map;      /* stem -> verb id + 1 */
  size_t stem_map_cap;
  code_slot *codes;
  size_t n_codes, cap_codes;

  /* name -> index maps (open addressing over uint32 index+1) */
  uint32_t *actor_map;
  size_t actor_map_cap;
  uint32_t *verb_map;
  size_t verb_map_cap;
  uint32_t *synset_map;
  size_t synset_map_cap;
  uint32_t *code_map;
  size_t code_map_cap;

  /* compiled */
  tok_slot *toks;
  size_t toks_cap;
  uint32_t n_toks;
  const char **tok_str; /* by token id */
  uint32_t *tok_len;
  size_t tok_arr_cap;
  uint64_t *root_bloom; /* two bits in one word per token that starts a phrase: most positions end here */
  size_t root_bloom_bits;
  uint64_t *edge_bloom; /* the same for inner edges, keyed by (node, token text): see edge_tkey() */
  size_t edge_bloom_bits;
  edge_slot *edges;
  size_t edges_cap;
  byte_edge *bedges; /* the prefix entries' byte tries, all nodes' in one table */
  size_t bedges_cap;
  byte_terms *bterms; /* by byte node */
  uint32_t n_bnodes, cap_bnodes;
  /* the root's prefix entries, as a filter that stays in L1: a token whose first three bytes begin none, and whose
   * first byte begins no entry shorter than three, needs no walk (a walk is a chain of dependent loads) */
  uint64_t root_gate[ROOT_GATE_BITS / 64];
  uint64_t root_short[4];
  trie_node *nodes;
  size_t n_nodes, cap_nodes;
  trie_term *terms;
  size_t n_terms;
};

/* ------------------------------------------------------------------------------------------------------------ */
/* hashing */

static uint64_t hash_bytes(const char *s, size_t n) {
  uint64_t h = 1469598103934665603ull;
  for (size_t i = 0; i < n; i++) {
    h ^= (unsigned char)s[i];
    h *= 1099511628211ull;
  }
  return h;
}
static uint64_t load_le(const char *s, size_t w) { /* w = 2, 4 or 8 bytes, read as little-endian */
  uint64_t v = 0;
  if (w == 8) memcpy(&v, s, 8);
  else if (w == 4) {
    uint32_t x;
    memcpy(&x, s, 4);
    v = x;
  } else {
    uint16_t x;
    memcpy(&x, s, 2);
    v = x;
  }
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
  v = __builtin_bswap64(v) >> (64 - 8 * w);
#endif
  return v;
}
/* The n < 8 bytes at s, zero-padded, from overlapping loads that stay inside s[0..n] (tokens are NUL-terminated):
 * a byte loop here was a tenth of the matcher's instructions, and branching on the length mispredicted on every
 * other word. Under 3 bytes, the 4-byte loads read a zero word instead. */
static uint64_t load_tail(const char *s, size_t n) {
  static const char zeros[4];
  const int big = n >= 3;
  const char *a = big ? s : zeros, *b = big ? s + n - 3 : zeros;
  uint64_t wide = load_le(a, 4) | load_le(b, 4) << (big ? 8 * (n - 3) : 0);
  uint64_t narrow = n ? load_le(s, 2) : 0;
  return big ? wide : narrow;
}
/* Hash of a whole token, eight bytes at a time (FNV's byte-by-byte multiply chain was a fifth of the matcher's
 * time). */
/* *head receives the token's first 8 bytes (zero-padded), the key that verifies a short token without reading
 * its string; built in registers (a memcpy of n < 8 bytes into a stack word stalled store forwarding). */
static uint64_t tok_hash_head(const char *s, size_t n, uint64_t *head) {
  uint64_t h = 0x9E3779B97F4A7C15ull ^ (uint64_t)n, tail;
  if (n < 8) { /* most tokens: their bytes are both the head and the whole input to the hash */
    tail = *head = load_tail(s, n);
  } else {
    *head = load_le(s, 8);
    for (; n >= 8; s += 8, n -= 8) {
      h = (h ^ load_le(s, 8)) * 0xff51afd7ed558ccdull;
      h ^= h >> 29;
    }
    tail = load_tail(s, n);
  }
  h = (h ^ tail) * 0xc4ceb9fe1a85ec53ull;
  return h ^ (h >> 32);
}
static uint64_t tok_hash(const char *s, size_t n) {
  uint64_t hd;
  return tok_hash_head(s, n, &hd);
}

static uint64_t mix64(uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdull;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ull;
  x ^= x >> 33;
  return x;
}

/* A string -> index map stored as index+1 in a power-of-two table; key strings come from get(i). */
typedef const char *(*map_key_fn)(const parley_lexicon *lex, uint32_t i);
static const char *actor_key(const parley_lexicon *lex, uint32_t i) { return lex->actors[i].name; }
static const char *verb_key(const parley_lexicon *lex, uint32_t i) { return lex->verbs[i].name; }
static const char *synset_key(const parley_lexicon *lex, uint32_t i) { return lex->synsets[i].name; }
static const char *code_key(const parley_lexicon *lex, uint32_t i) { return lex->codes[i].info.code; }
static const char *stem_key(const parley_lexicon *lex, uint32_t i) { return lex->verb_stems[i]; }

static int map_find(const parley_lexicon *lex, const uint32_t *map, size_t cap, map_key_fn key, const char *s,
                    size_t n, uint32_t *out) {
  if (!cap) return 0;
  size_t i = (size_t)mix64(hash_bytes(s, n)) & (cap - 1);
  while (map[i]) {
    const char *k = key(lex, map[i] - 1);
    if (strlen(k) == n && !memcmp(k, s, n)) {
      *out = map[i] - 1;
      return 1;
    }
    i = (i + 1) & (cap - 1);
  }
  return 0;
}

static int map_insert(parley_lexicon *lex, uint32_t **map, size_t *cap, size_t count, map_key_fn key, uint32_t idx) {
  if ((count + 1) * 2 > *cap) {
    size_t nc = *cap ? *cap * 2 : 64;
    uint32_t *nm = calloc(nc, sizeof *nm);
    if (!nm) return PARLEY_ENOMEM;
    for (size_t i = 0; i < *cap; i++) {
      if (!(*map)[i]) continue;
      const char *k = key(lex, (*map)[i] - 1);
      size_t j = (size_t)mix64(hash_bytes(k, strlen(k))) & (nc - 1);
      while (nm[j]) j = (j + 1) & (nc - 1);
      nm[j] = (*map)[i];
    }
    free(*map);
    *map = nm;
    *cap = nc;
  }
  const char *k = key(lex, idx);
  size_t j = (size_t)mix64(hash_bytes(k, strlen(k))) & (*cap - 1);
  while ((*map)[j]) j = (j + 1) & (*cap - 1);
  (*map)[j] = idx + 1;
  return PARLEY_OK;
}

/* ------------------------------------------------------------------------------------------------------------ */
/* diagnostics and small helpers */

void pl_lex_diag(parley_lexicon *lex, const pl_lex_src *src, int level, const char *fmt, ...) {
  if (level == PARLEY_DIAG_ERROR) lex->st.rejected++;
  if (!lex->diag) return;
  char msg[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  parley_diag d;
  memset(&d, 0, sizeof d);
  d.level = (parley_diag_level)level;
  d.code = PARLEY_EPARSE;
  d.file = src ? src->file : NULL;
  d.line = src ? src->line : 0;
  d.msg = msg;
  lex->diag(&d, lex->diag_payload);
}

char *pl_lex_strdup(parley_lexicon *lex, const char *s, size_t n) { return pl_arena_strndup(&lex->arena, s, n); }
void pl_lex_count_line(parley_lexicon *lex) { lex->st.lines++; }

static char *lex_strdup_lower(parley_lexicon *lex, const char *s, size_t n) {
  char *p = pl_arena_strndup(&lex->arena, s, n);
  if (p)
    for (size_t i = 0; i < n; i++) p[i] = (char)tolower((unsigned char)p[i]);
  return p;
}
static char *lex_strdup_upper(parley_lexicon *lex, const char *s, size_t n) {
  char *p = pl_arena_strndup(&lex->arena, s, n);
  if (p)
    for (size_t i = 0; i < n; i++) p[i] = (char)toupper((unsigned char)p[i]);
  return p;
}


int32_t pl_lex_parse_date(const char *s, size_t len) {
  char d[8];
  size_t k = 0;
  if (!s) return 0;
  if (len == 10) {
    if (s[4] != '-' || s[7] != '-') return 0;
    for (size_t i = 0; i < 10; i++)
      if (i != 4 && i != 7) d[k++] = s[i];
  } else if (len == 8) {
    memcpy(d, s, 8);
    k = 8;
  } else {
    return 0;
  }
  for (size_t i = 0; i < 8; i++)
    if (d[i] < '0' || d[i] > '9') return 0;
  /* the calendar check is dates.c's: one rule for which days exist */
  pl_date v = {(d[0] - '0') * 1000 + (d[1] - '0') * 100 + (d[2] - '0') * 10 + (d[3] - '0'),
               (d[4] - '0') * 10 + (d[5] - '0'), (d[6] - '0') * 10 + (d[7] - '0')};
  if (!pl_date_valid(v)) return 0;
  return (int32_t)(v.y * 10000 + v.m * 100 + v.d);
}

/* ------------------------------------------------------------------------------------------------------------ */
/* tokenising phrases exactly like article text */

#ifndef PL_HAVE_SEGMENT
/* Stand-in until the pipeline's pl_tokenize_phrase() is available: whitespace-separated words, brackets, quotes and
 * sentence punctuation as their own tokens, a final full stop split off words that are not abbreviations, the
 * clitic 's split off, ASCII lower-cased and ’ folded to '. */
static int is_sep_punct(unsigned char c) { return strchr(",;:!?()[]{}\"", c) != NULL && c; }

static int shim_tokenize_phrase(const char *s, size_t len, pl_arena *a, parley_token **toks, size_t *n) {
  /* fold first: lower-case ASCII, ’ and ‘ -> ', “ ” -> " */
  char *f = pl_arena_alloc(a, len + 1);
  if (!f) return PARLEY_ENOMEM;
  size_t fl = 0;
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == 0xE2 && i + 2 < len && (unsigned char)s[i + 1] == 0x80) {
      unsigned char c3 = (unsigned char)s[i + 2];
      if (c3 == 0x98 || c3 == 0x99) {
        f[fl++] = '\'';
        i += 2;
        continue;
      }
      if (c3 == 0x9C || c3 == 0x9D) {
        f[fl++] = '"';
        i += 2;
        continue;
      }
    }
    if (c == 0xC2 && i + 1 < len && (unsigned char)s[i + 1] == 0xA0) { /* no-break space */
      f[fl++] = ' ';
      i++;
      continue;
    }
    f[fl++] = (char)tolower(c);
  }
  f[fl] = 0;
  size_t cap = fl / 2 + 4, cnt = 0;
  parley_token *t = pl_arena_alloc(a, cap * sizeof *t);
  if (!t) return PARLEY_ENOMEM;
  size_t i = 0;
  while (i < fl) {
    unsigned char c = (unsigned char)f[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      i++;
      continue;
    }
    size_t st = i, en;
    uint8_t cls = PARLEY_TOKEN_WORD;
    if (is_sep_punct(c)) {
      en = i + 1;
      cls = PARLEY_TOKEN_PUNCT;
    } else {
      en = i;
      while (en < fl && f[en] != ' ' && f[en] != '\t' && f[en] != '\n' && f[en] != '\r' &&
             !is_sep_punct((unsigned char)f[en]))
        en++;
    }
    size_t wend = en, clit = 0;
    if (cls == PARLEY_TOKEN_WORD) {
      /* a final full stop belongs to abbreviations (u.s., gen.) only when the word has another dot or is 1 letter */
      if (wend - st > 1 && f[wend - 1] == '.') {
        int other = memchr(f + st, '.', wend - 1 - st) != NULL;
        if (!other && wend - 1 - st > 1) wend--;
      }
      if (wend - st > 2 && f[wend - 2] == '\'' && f[wend - 1] == 's') {
        wend -= 2;
        clit = 1;
      }
      int digits = 1;
      for (size_t k = st; k < wend; k++)
        if (!isdigit((unsigned char)f[k]) && f[k] != ',' && f[k] != '.') digits = 0;
      if (digits && wend > st) cls = PARLEY_TOKEN_NUMBER;
      else if (wend - st == 1 && ispunct((unsigned char)f[st])) cls = PARLEY_TOKEN_PUNCT;
    }
    size_t pieces[3][2];
    size_t np = 0;
    if (wend > st) {
      pieces[np][0] = st;
      pieces[np++][1] = wend;
    }
    if (clit) {
      pieces[np][0] = wend;
      pieces[np++][1] = wend + 2;
    }
    if (!clit && wend < en) {
      pieces[np][0] = wend;
      pieces[np++][1] = en;
    }
    for (size_t p = 0; p < np; p++) {
      if (cnt == cap) {
        size_t nc = cap * 2;
        parley_token *nt = pl_arena_alloc(a, nc * sizeof *nt);
        if (!nt) return PARLEY_ENOMEM;
        memcpy(nt, t, cnt * sizeof *t);
        t = nt;
        cap = nc;
      }
      char *fold = pl_arena_strndup(a, f + pieces[p][0], pieces[p][1] - pieces[p][0]);
      if (!fold) return PARLEY_ENOMEM;
      parley_token *tk = &t[cnt++];
      memset(tk, 0, sizeof *tk);
      tk->start = pieces[p][0];
      tk->end = pieces[p][1];
      tk->fold = fold;
      tk->fold_len = pieces[p][1] - pieces[p][0];
      tk->cls = p == 0 ? cls : PARLEY_TOKEN_PUNCT;
      if (p > 0 && clit) tk->cls = PARLEY_TOKEN_WORD;
    }
    i = en;
  }
  *toks = t;
  *n = cnt;
  return PARLEY_OK;
}
#define LEX_TOKENIZE shim_tokenize_phrase
#else
#define LEX_TOKENIZE pl_tokenize_phrase
#endif

int pl_lex_tokenize_text(const char *s, size_t len, pl_arena *a, parley_token **toks, size_t *n) {
  return LEX_TOKENIZE(s, len, a, toks, n);
}

/* Tokenises phrase into the scratch arena. `_` becomes a space when flags say so. */
static int lex_tokenize(parley_lexicon *lex, const char *s, size_t len, unsigned flags, parley_token **toks,
                        size_t *n) {
  pl_arena_reset(&lex->scratch);
  char *buf = pl_arena_strndup(&lex->scratch, s, len);
  if (!buf) return PARLEY_ENOMEM;
  if (flags & PL_PH_UNDERSCORE)
    for (size_t i = 0; i < len; i++)
      if (buf[i] == '_') buf[i] = ' ';
  return LEX_TOKENIZE(buf, len, &lex->scratch, toks, n);
}

/* ------------------------------------------------------------------------------------------------------------ */
/* phrases */

static int add_phrase_toks(parley_lexicon *lex, const pl_lex_src *src, uint8_t kind, uint32_t id, unsigned flags,
                           const char *const *toks, const size_t *lens, size_t n, const char *orig) {
  if (n == 0) return PARLEY_EPARSE;
  /* a phrase of punctuation alone (a stray "," in a list) would match everywhere */
  int word = 0;
  for (size_t i = 0; i < n && !word; i++)
    for (size_t k = 0; k < lens[i] && !word; k++) {
      unsigned char c = (unsigned char)toks[i][k];
      word = c >= 0x80 || isalnum(c);
    }
  if (!word) {
    pl_lex_diag(lex, src, PARLEY_DIAG_ERROR, "phrase '%s' has no letters or digits", orig ? orig : toks[0]);
    return PARLEY_EPARSE;
  }
  if (n > 64) {
    pl_lex_diag(lex, src, PARLEY_DIAG_ERROR, "phrase of %zu words is too long (at most 64)", n);
    return PARLEY_EPARSE;
  }
  size_t total = 0;
  for (size_t i = 0; i < n; i++) total += lens[i] + 1;
  char *buf = pl_arena_alloc(&lex->arena, total);
  if (!buf) return PARLEY_ENOMEM;
  char *p = buf;
  for (size_t i = 0; i < n; i++) {
    memcpy(p, toks[i], lens[i]);
    p[lens[i]] = 0;
    p += lens[i] + 1;
  }
  int ok;
  VEC_PUSH(lex->phrases, lex->n_phrases, lex->cap_phrases, ok);
  if (!ok) return PARLEY_ENOMEM;
  lex_phrase *ph = &lex->phrases[lex->n_phrases++];
  ph->toks = buf;
  ph->orig = orig;
  ph->file = src ? src->file : NULL;
  ph->line = src ? src->line : 0;
  ph->id = id;
  ph->ntok = (uint16_t)n;
  ph->kind = kind;
  ph->flags = (uint8_t)flags;
  return PARLEY_OK;
}

/* Adds a phrase given as text; orig is stored for display (copied). */
static int add_phrase(parley_lexicon *lex, const pl_lex_src *src, uint8_t kind, uint32_t id, const char *s,
                      size_t len, unsigned flags) {
  while (len && isspace((unsigned char)*s)) s++, len--;
  while (len && isspace((unsigned char)s[len - 1])) len--;
  if (flags & PL_PH_UNDERSCORE) {
    /* PETRARCH: a final `_` means "whole word"; without it the last word is a prefix */
    if (len && s[len - 1] == '_') {
      len--;
      flags &= ~PL_PH_PREFIX;
    }
  }
  if (!len) {
    pl_lex_diag(lex, src, PARLEY_DIAG_ERROR, "empty phrase");
    return PARLEY_EPARSE;
  }
  parley_token *t;
  size_t n;
  int rc = lex_tokenize(lex, s, len, flags, &t, &n);
  if (rc) return rc;
  if (!n) {
    pl_lex_diag(lex, src, PARLEY_DIAG_ERROR, "phrase '%.*s' has no words", (int)len, s);
    return PARLEY_EPARSE;
  }
  if ((flags & PL_PH_PREFIX) && t[n - 1].cls != PARLEY_TOKEN_WORD) flags &= ~PL_PH_PREFIX;
  char *orig = pl_arena_strndup(&lex->arena, s, len);
  if (!orig) return PARLEY_ENOMEM;
  if (flags & PL_PH_UNDERSCORE)
    for (char *q = orig; *q; q++)
      if (*q == '_') *q = ' ';
  const char *tk[64];
  size_t tl[64];
  if (n > 64) {
    pl_lex_diag(lex, src, PARLEY_DIAG_ERROR, "phrase of %zu words is too long (at most 64)", n);
    return PARLEY_EPARSE;
  }
  for (size_t i = 0; i < n; i++) {
    tk[i] = t[i].fold;
    tl[i] = t[i].fold_len;
  }
  return add_phrase_toks(lex, src, kind, id, flags & (PL_PH_PREFIX | PL_PH_STORY | PL_PH_GENERATED), tk, tl, n,
                         orig);
}

/* ------------------------------------------------------------------------------------------------------------ */
/* builders */

static int actor_push(parley_lexicon *lex, const char *display, size_t len, uint32_t *out) {
  int ok;
  VEC_PUSH(lex->actors, lex->n_actors, lex->cap_actors, ok);
  if (!ok) return PARLEY_ENOMEM;
  char *name = pl_lex_strdup(lex, display, len);
  if (!name) return PARLEY_ENOMEM;
  for (char *q = name; *q; q++)
    if (*q == '_') *q = ' ';
  lex_actor *a = &lex->actors[lex->n_actors];
  memset(a, 0, sizeof *a);
  a->name = name;
  *out = (uint32_t)lex->n_actors++;
  lex->st.actors++;
  return PARLEY_OK;
}

int pl_lex_actor_new(parley_lexicon *lex, const char *display, size_t len, uint32_t *out) {
  return actor_push(lex, display, len, out);
}

int pl_lex_actor_get(parley_lexicon *lex, const char *display, size_t len, uint32_t *out, int *created) {
  if (map_find(lex, lex->actor_map, lex->actor_map_cap, actor_key, display, len, out)) {
    *created = 0;
    return PARLEY_OK;
  }
  int rc = actor_push(lex, display, len, out);
  if (rc) return rc;
  *created = 1;
  return map_insert(lex, &lex->actor_map, &lex->actor_map_cap, lex->n_actors - 1, actor_key, *out);
}

int pl_lex_actor_name(parley_lexicon *lex, const pl_lex_src *src, uint32_t actor, const char *phrase, size_t len,
                      unsigned flags) {
  int rc = add_phrase(lex, src, PL_LEX_ACTOR, actor, phrase, len, flags);
  if (!rc) lex->st.actor_names++;
  return rc;
}

static int strncasecmp_ascii(const char *a, const char *b, size_t n) {
  for (size_t i = 0; i < n; i++) {
    int x = toupper((unsigned char)a[i]), y = toupper((unsigned char)b[i]);
    if (x != y) return x - y;
  }
  return 0;
}

/* Letters, digits, PETRARCH's '-' and '~', and '/' between the codes of an actor that stands for several
 * ("the Shire" = FRO/BIL/SAM). */
static int valid_code(const char *s, size_t n) {
  if (!n || n > 39 || s[0] == '/' || s[n - 1] == '/') return 0;
  for (size_t i = 0; i < n; i++)
    if (!isalnum((unsigned char)s[i]) && s[i] != '-' && s[i] != '~' && s[i] != '/') return 0;
  return 1;
}

int pl_lex_actor_code(parley_lexicon *lex, const pl_lex_src *src, uint32_t actor, const char *code, size_t len,
                      int32_t from, int32_t to, const char *note, size_t note_len) {
  if (!valid_code(code, len)) {
    pl_lex_diag(lex, src, PARLEY_DIAG_ERROR, "bad actor code '%.*s'", (int)(len > 40 ? 40 : len), code);
    return PARLEY_EPARSE;
  }
  if (from && to && from > to) {
    pl_lex_diag(lex, src, PARLEY_DIAG_ERROR, "date range of %.*s ends (%d) before it starts (%d)", (int)len, code,
                (int)to, (int)from);
    return PARLEY_EPARSE;
  }
  lex_actor *a = &lex->actors[actor];
  /* the same code for the same dates again (two files naming one country) adds nothing */
  for (size_t i = 0; i < a->n_codes; i++) {
    lex_code *c = &a->codes[i];
    if (c->from == from && c->to == to && strlen(c->code) == len && !strncasecmp_ascii(c->code, code, len)) {
      if (!c->note && note && note_len && !(c->note = pl_lex_strdup(lex, note, note_len))) return PARLEY_ENOMEM;
      return PARLEY_OK;
    }
  }
  int ok;
  VEC_PUSH(a->codes, a->n_codes, a->cap_codes, ok);
  if (!ok) return PARLEY_ENOMEM;
  lex_code *c = &a->codes[a->n_codes];
  c->code = lex_strdup_upper(lex, code, len);
  c->note = note && note_len ? pl_lex_strdup(lex, note, note_len) : NULL;
  if (!c->code || (note && note_len && !c->note)) return PARLEY_ENOMEM;
  c->from = from;
  c->to = to;
  c->file = src ? src->file : NULL;
  c->line = src ? src->line : 0;
  a->n_codes++;
  lex->st.actor_codes++;
  return PARLEY_OK;
}

size_t pl_lex_actor_n_codes(const parley_lexicon *lex, uint32_t actor) { return lex->actors[actor].n_codes; }

int pl_lex_actor_names_seen(parley_lexicon *lex, uint32_t actor, const char *names, size_t len) {
  uint64_t h = hash_bytes(names, len) | 1; /* never 0, which means "none yet" */
  int seen = lex->actors[actor].names_hash == h;
  lex->actors[actor].names_hash = h;
  return seen;
}

void pl_lex_actor_merge_names(parley_lexicon *lex, uint32_t from, uint32_t to) {
  /* the readers merge recent records only: walk back until the names of older actors begin */
  for (size_t i = lex->n_phrases; i > 0; i--) {
    lex_phrase *p = &lex->phrases[i - 1];
    if (p->kind != PL_LEX_ACTOR) continue;
    if (p->id == from) p->id = to;
    else if (p->id < from) break;
  }
}

void pl_lex_actor_take_name(parley_lexicon *lex, uint32_t to, uint32_t from) {
  lex->actors[to].name = lex->actors[from].name;
}

void pl_lex_actor_drop(parley_lexicon *lex, uint32_t actor) {
  size_t k = 0;
  for (size_t i = 0; i < lex->n_phrases; i++) {
    if (lex->phrases[i].kind == PL_LEX_ACTOR && lex->phrases[i].id == actor) {
      lex->st.actor_names--;
      continue;
    }
    lex->phrases[k++] = lex->phrases[i];
  }
  lex->n_phrases = k;
}

int pl_lex_agent_new(parley_lexicon *lex, const pl_lex_src *src, const char *display, size_t len, const char *code,
                     size_t code_len, int code_first, const char *note, size_t note_len, uint32_t *out) {
  if (!valid_code(code, code_len)) {
    pl_lex_diag(lex, src, PARLEY_DIAG_ERROR, "bad agent code '%.*s'", (int)(code_len > 40 ? 40 : code_len), code);
    return PARLEY_EPARSE;
  }
  int ok;
  VEC_PUSH(lex->agents, lex->n_agents, lex->cap_agents, ok);
  if (!ok) return PARLEY_ENOMEM;
  lex_agent *a = &lex->agents[lex->n_agents];
  a->name = pl_lex_strdup(lex, display, len);
  a->code = lex_strdup_upper(lex, code, code_len);
  a->note = note && note_len ? pl_lex_strdup(lex, note, note_len) : NULL;
  a->code_first = code_first;
  if (!a->name || !a->code) return PARLEY_ENOMEM;
  for (char *q = (char *)a->name; *q; q++)
    if (*q == '_') *q = ' ';
  *out = (uint32_t)lex->n_agents++;
  lex->st.agents++;
  return PARLEY_OK;
}

int pl_lex_agent_name(parley_lexicon *lex, const pl_lex_src *src, uint32_t agent, const char *phrase, size_t len,
                      unsigned flags) {
  int rc = add_phrase(lex, src, PL_LEX_AGENT, agent, phrase, len, flags);
  if (!rc) lex->st.agent_names++;
  return rc;
}

int pl_lex_block_new(parley_lexicon *lex, uint32_t *out) {
  int ok;
  VEC_PUSH(lex->blocks, lex->n_blocks, lex->cap_blocks, ok);
  if (!ok) return PARLEY_ENOMEM;
  lex_block *b = &lex->blocks[lex->n_blocks];
  memset(b, 0, sizeof *b);
  b->parent = (uint32_t)lex->n_blocks;
  *out = (uint32_t)lex->n_blocks++;
  return PARLEY_OK;
}

int pl_lex_verb_new(parley_lexicon *lex, const char *base, size_t len, const char *code, size_t code_len,
                    uint32_t block, uint32_t *out) {
  int ok;
  VEC_PUSH(lex->verbs, lex->n_verbs, lex->cap_verbs, ok);
  if (!ok) return PARLEY_ENOMEM;
  lex_verb *v = &lex->verbs[lex->n_verbs];
  memset(v, 0, sizeof *v);
  v->name = lex_strdup_lower(lex, base, len);
  if (!v->name) return PARLEY_ENOMEM;
  for (char *q = (char *)v->name; *q; q++)
    if (*q == '_' || *q == '+') *q = *q == '_' ? ' ' : *q;
  if (code && code_len && !(code_len == 3 && !memcmp(code, "---", 3))) {
    v->code = pl_lex_strdup(lex, code, code_len);
    if (!v->code) return PARLEY_ENOMEM;
  }
  v->block = block;
  *out = (uint32_t)lex->n_verbs++;
  lex->st.verbs++;
  uint32_t dummy;
  if (!map_find(lex, lex->verb_map, lex->verb_map_cap, verb_key, v->name, strlen(v->name), &dummy))
    return map_insert(lex, &lex->verb_map, &lex->verb_map_cap, lex->n_verbs - 1, verb_key, *out);
  return PARLEY_OK;
}

int pl_lex_verb_find(const parley_lexicon *lex, const char *base, size_t len, uint32_t *out) {
  char tmp[256];
  if (len >= sizeof tmp) return 0;
  for (size_t i = 0; i < len; i++) tmp[i] = (char)tolower((unsigned char)base[i]);
  return map_find(lex, lex->verb_map, lex->verb_map_cap, verb_key, tmp, len, out);
}

uint32_t pl_lex_verb_block(const parley_lexicon *lex, uint32_t verb) { return lex->verbs[verb].block; }
void pl_lex_verb_set_code(parley_lexicon *lex, uint32_t verb, const char *code) { lex->verbs[verb].code = code; }

int pl_lex_verb_alias(parley_lexicon *lex, const pl_lex_src *src, uint32_t verb, const char *other, size_t len) {
  lex_verb *v = &lex->verbs[verb];
  v->alias = lex_strdup_lower(lex, other, len);
  if (!v->alias) return PARLEY_ENOMEM;
  v->alias_file = src ? src->file : NULL;
  v->alias_line = src ? src->line : 0;
  return PARLEY_OK;
}

/* ---- English verb inflection ---- */

/* base, past, past participle: the irregular verbs news text uses (written for parley). */
static const char *const irregular[][3] = {
    {"arise", "arose", "arisen"},      {"awake", "awoke", "awoken"},       {"be", "was", "been"},
    {"bear", "bore", "borne"},         {"beat", "beat", "beaten"},         {"become", "became", "become"},
    {"begin", "began", "begun"},       {"bend", "bent", "bent"},           {"bet", "bet", "bet"},
    {"bid", "bid", "bid"},             {"bind", "bound", "bound"},         {"bite", "bit", "bitten"},
    {"bleed", "bled", "bled"},         {"blow", "blew", "blown"},          {"break", "broke", "broken"},
    {"breed", "bred", "bred"},         {"bring", "brought", "brought"},    {"broadcast", "broadcast", "broadcast"},
    {"build", "built", "built"},       {"burn", "burnt", "burnt"},         {"burst", "burst", "burst"},
    {"buy", "bought", "bought"},       {"cast", "cast", "cast"},           {"catch", "caught", "caught"},
    {"choose", "chose", "chosen"},     {"cling", "clung", "clung"},        {"come", "came", "come"},
    {"cost", "cost", "cost"},          {"creep", "crept", "crept"},        {"cut", "cut", "cut"},
    {"deal", "dealt", "dealt"},        {"dig", "dug", "dug"},              {"do", "did", "done"},
    {"draw", "drew", "drawn"},         {"drink", "drank", "drunk"},        {"drive", "drove", "driven"},
    {"eat", "ate", "eaten"},           {"fall", "fell", "fallen"},         {"feed", "fed", "fed"},
    {"feel", "felt", "felt"},          {"fight", "fought", "fought"},      {"find", "found", "found"},
    {"flee", "fled", "fled"},          {"fling", "flung", "flung"},        {"fly", "flew", "flown"},
    {"forbid", "forbade", "forbidden"},{"forecast", "forecast", "forecast"},{"foresee", "foresaw", "foreseen"},
    {"forget", "forgot", "forgotten"}, {"forgive", "forgave", "forgiven"}, {"freeze", "froze", "frozen"},
    {"get", "got", "gotten"},          {"give", "gave", "given"},          {"go", "went", "gone"},
    {"grind", "ground", "ground"},     {"grow", "grew", "grown"},          {"hang", "hung", "hung"},
    {"have", "had", "had"},            {"hear", "heard", "heard"},         {"hide", "hid", "hidden"},
    {"hit", "hit", "hit"},             {"hold", "held", "held"},           {"hurt", "hurt", "hurt"},
    {"keep", "kept", "kept"},          {"kneel", "knelt", "knelt"},        {"know", "knew", "known"},
    {"lay", "laid", "laid"},           {"lead", "led", "led"},             {"lean", "leant", "leant"},
    {"leap", "leapt", "leapt"},        {"learn", "learnt", "learnt"},      {"leave", "left", "left"},
    {"lend", "lent", "lent"},          {"let", "let", "let"},              {"lie", "lay", "lain"},
    {"light", "lit", "lit"},           {"lose", "lost", "lost"},           {"make", "made", "made"},
    {"mean", "meant", "meant"},        {"meet", "met", "met"},             {"mislead", "misled", "misled"},
    {"overcome", "overcame", "overcome"},{"overrun", "overran", "overrun"},{"oversee", "oversaw", "overseen"},
    {"overthrow", "overthrew", "overthrown"},{"pay", "paid", "paid"},      {"prove", "proved", "proven"},
    {"put", "put", "put"},             {"quit", "quit", "quit"},           {"read", "read", "read"},
    {"rebuild", "rebuilt", "rebuilt"}, {"redo", "redid", "redone"},        {"rid", "rid", "rid"},
    {"ride", "rode", "ridden"},        {"ring", "rang", "rung"},           {"rise", "rose", "risen"},
    {"run", "ran", "run"},             {"say", "said", "said"},            {"see", "saw", "seen"},
    {"seek", "sought", "sought"},      {"sell", "sold", "sold"},           {"send", "sent", "sent"},
    {"set", "set", "set"},             {"shake", "shook", "shaken"},       {"shed", "shed", "shed"},
    {"shoot", "shot", "shot"},         {"show", "showed", "shown"},        {"shrink", "shrank", "shrunk"},
    {"shut", "shut", "shut"},          {"sing", "sang", "sung"},           {"sink", "sank", "sunk"},
    {"sit", "sat", "sat"},             {"slay", "slew", "slain"},          {"sleep", "slept", "slept"},
    {"slide", "slid", "slid"},         {"speak", "spoke", "spoken"},       {"speed", "sped", "sped"},
    {"spend", "spent", "spent"},       {"spin", "spun", "spun"},           {"split", "split", "split"},
    {"spread", "spread", "spread"},    {"spring", "sprang", "sprung"},     {"stand", "stood", "stood"},
    {"steal", "stole", "stolen"},      {"stick", "stuck", "stuck"},        {"sting", "stung", "stung"},
    {"strike", "struck", "struck"},    {"strive", "strove", "striven"},    {"swear", "swore", "sworn"},
    {"sweep", "swept", "swept"},       {"swim", "swam", "swum"},           {"swing", "swung", "swung"},
    {"take", "took", "taken"},         {"teach", "taught", "taught"},      {"tear", "tore", "torn"},
    {"tell", "told", "told"},          {"think", "thought", "thought"},    {"throw", "threw", "thrown"},
    {"thrust", "thrust", "thrust"},    {"tread", "trod", "trodden"},       {"undergo", "underwent", "undergone"},
    {"understand", "understood", "understood"},{"undertake", "undertook", "undertaken"},
    {"uphold", "upheld", "upheld"},    {"upset", "upset", "upset"},        {"wake", "woke", "woken"},
    {"wear", "wore", "worn"},          {"weep", "wept", "wept"},           {"win", "won", "won"},
    {"wind", "wound", "wound"},        {"withdraw", "withdrew", "withdrawn"},{"withhold", "withheld", "withheld"},
    {"withstand", "withstood", "withstood"},{"write", "wrote", "written"},
};

static int is_vowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; }

static size_t add_form(char forms[][64], size_t n, size_t max, const char *a, const char *b) {
  if (n >= max) return n;
  int w = snprintf(forms[n], 64, "%s%s", a, b);
  if (w < 0 || w >= 64) return n;
  for (size_t i = 0; i < n; i++)
    if (!strcmp(forms[i], forms[n])) return n;
  return n + 1;
}

size_t pl_lex_inflect(const char *base, char forms[][64], size_t max) {
  size_t n = 0, len = strlen(base);
  if (!len || len >= 60) return 0;
  char stem[64];
  memcpy(stem, base, len + 1);
  char last = base[len - 1], prev = len > 1 ? base[len - 2] : 0;
  /* third person */
  if (last == 's' || last == 'x' || last == 'z' || (last == 'h' && (prev == 'c' || prev == 's')) ||
      (last == 'o' && len > 1 && !is_vowel(prev)))
    n = add_form(forms, n, max, base, "es");
  else if (last == 'y' && len > 1 && !is_vowel(prev)) {
    stem[len - 1] = 0;
    n = add_form(forms, n, max, stem, "ies");
    stem[len - 1] = 'y';
  } else
    n = add_form(forms, n, max, base, "s");
  /* irregular past forms replace the regular ones */
  int irr = 0;
  for (size_t i = 0; i < PL_ARRAY_LEN(irregular); i++) {
    if (!strcmp(irregular[i][0], base)) {
      n = add_form(forms, n, max, irregular[i][1], "");
      n = add_form(forms, n, max, irregular[i][2], "");
      irr = 1;
      break;
    }
  }
  /* consonant-vowel-consonant endings may double (stop -> stopped) or not (visit -> visited); a form that never
   * occurs in text costs nothing, a missing one loses events, so both are generated */
  int cvc = len >= 3 && !is_vowel(last) && last != 'w' && last != 'x' && last != 'y' && is_vowel(prev) &&
            !is_vowel(base[len - 3]);
  if (last == 'e') {
    if (!irr) n = add_form(forms, n, max, base, "d");
    stem[len - 1] = 0;
    if (prev == 'e' || prev == 'y' || prev == 'o') /* agree -> agreeing, dye -> dyeing, hoe -> hoeing */
      n = add_form(forms, n, max, base, "ing");
    else if (prev == 'i' && len >= 2) { /* die -> dying */
      stem[len - 2] = 0;
      n = add_form(forms, n, max, stem, "ying");
    } else
      n = add_form(forms, n, max, stem, "ing");
    memcpy(stem, base, len + 1);
  } else if (last == 'y' && len > 1 && !is_vowel(prev)) {
    stem[len - 1] = 0;
    if (!irr) n = add_form(forms, n, max, stem, "ied");
    n = add_form(forms, n, max, base, "ing");
    stem[len - 1] = 'y';
  } else {
    if (!irr) n = add_form(forms, n, max, base, "ed");
    n = add_form(forms, n, max, base, "ing");
    if (last == 'c') { /* panic -> panicked */
      if (!irr) n = add_form(forms, n, max, base, "ked");
      n = add_form(forms, n, max, base, "king");
    } else if (cvc) {
      char dbl[3] = {last, 0, 0};
      char tmp[64];
      snprintf(tmp, sizeof tmp, "%s%s", base, dbl);
      if (!irr) n = add_form(forms, n, max, tmp, "ed");
      n = add_form(forms, n, max, tmp, "ing");
    }
  }
  return n;
}

int pl_lex_verb_form(parley_lexicon *lex, const pl_lex_src *src, uint32_t verb, const char *phrase, size_t len,
                     unsigned flags, int inflect) {
  while (len && isspace((unsigned char)*phrase)) phrase++, len--;
  while (len && isspace((unsigned char)phrase[len - 1])) len--;
  if (len && phrase[len - 1] == '_' && (flags & PL_PH_UNDERSCORE)) len--;
  if (!len) {
    pl_lex_diag(lex, src, PARLEY_DIAG_ERROR, "empty verb form");
    return PARLEY_EPARSE;
  }
  /* a form listed again (every pattern line of a verb may repeat its forms) adds nothing: keeping it would only
   * grow the verb's form list, and `dict convert` would write the repeats back */
  if (inflect < 0 && !(flags & PL_PH_UNDERSCORE)) {
    const lex_verb *vb = &lex->verbs[verb];
    for (size_t k = 0; k < vb->n_forms; k++)
      if (strlen(vb->forms[k]) == len && !memcmp(vb->forms[k], phrase, len)) return PARLEY_OK;
  }
  parley_token *t;
  size_t n;
  int rc = lex_tokenize(lex, phrase, len, flags, &t, &n);
  if (rc) return rc;
  if (!n || n > 16) {
    pl_lex_diag(lex, src, PARLEY_DIAG_ERROR, "verb form '%.*s' must have 1 to 16 words", (int)len, phrase);
    return PARLEY_EPARSE;
  }
  char *orig = pl_arena_strndup(&lex->arena, phrase, len);
  if (!orig) return PARLEY_ENOMEM;
  for (char *q = orig; *q; q++)
    if (*q == '_' && (flags & PL_PH_UNDERSCORE)) *q = ' ';
  const char *tk[16];
  size_t tl[16];
  for (size_t i = 0; i < n; i++) {
    tk[i] = t[i].fold;
    tl[i] = t[i].fold_len;
  }
  rc = add_phrase_toks(lex, src, PL_LEX_VERB, verb, 0, tk, tl, n, orig);
  if (rc) return rc;
  lex->st.verb_forms++;
  lex_verb *v = &lex->verbs[verb];
  int ok;
  VEC_PUSH(v->forms, v->n_forms, v->cap_forms, ok);
  if (!ok) return PARLEY_ENOMEM;
  v->forms[v->n_forms++] = orig;
  if (inflect >= 0 && (size_t)inflect < n) {
    char forms[12][64];
    size_t nf = pl_lex_inflect(t[inflect].fold, forms, 12);
    for (size_t i = 0; i < nf; i++) {
      tk[inflect] = forms[i];
      tl[inflect] = strlen(forms[i]);
      rc = add_phrase_toks(lex, src, PL_LEX_VERB, verb, PL_PH_GENERATED, tk, tl, n, orig);
      if (rc) return rc;
      lex->st.verb_forms++;
    }
  }
  return PARLEY_OK;
}

/* An event code as dictionaries write it: "041", "---", or PETRARCH's "032:033" (the second code is the event
 * coded in the other direction, target to source: reciprocal and mutual events). */
static int valid_event_code(const char *s, size_t n) {
  const char *colon = memchr(s, ':', n);
  if (!colon) return n && n <= 7 && valid_code(s, n);
  size_t a = (size_t)(colon - s), b = n - a - 1;
  return (a == 0 || valid_code(s, a)) && b > 0 && valid_code(colon + 1, b) && n <= 15;
}

int pl_lex_pattern_add(parley_lexicon *lex, const pl_lex_src *src, uint32_t block, const char *code, size_t code_len,
                       const char *text, size_t len, const char *orig, size_t orig_len, unsigned flags) {
  (void)flags;
  if (!code_len || !valid_event_code(code, code_len)) {
    pl_lex_diag(lex, src, PARLEY_DIAG_ERROR, "bad event code '%.*s' in pattern", (int)(code_len > 40 ? 40 : code_len),
                code);
    return PARLEY_EPARSE;
  }
  int ok;
  VEC_PUSH(lex->rawpats, lex->n_rawpats, lex->cap_rawpats, ok);
  if (!ok) return PARLEY_ENOMEM;
  lex_rawpat *p = &lex->rawpats[lex->n_rawpats];
  p->block = block;
  p->code = pl_lex_strdup(lex, code, code_len);
  p->text = pl_lex_strdup(lex, text, len);
  p->orig = pl_lex_strdup(lex, orig, orig_len);
  p->file = src ? src->file : NULL;
  p->line = src ? src->line : 0;
  if (!p->code || !p->text || !p->orig) return PARLEY_ENOMEM;
  lex->n_rawpats++;
  lex->st.patterns++;
  return PARLEY_OK;
}

int pl_lex_synset_get(parley_lexicon *lex, const char *name, size_t len, uint32_t *out) {
  while (len && (*name == '&' || isspace((unsigned char)*name))) name++, len--;
  while (len && (name[len - 1] == '_' || isspace((unsigned char)name[len - 1]))) len--;
  if (!len || len > 120) return PARLEY_EPARSE;
  char tmp[128];
  tmp[0] = '&';
  for (size_t i = 0; i < len; i++) tmp[i + 1] = (char)toupper((unsigned char)name[i]);
  if (map_find(lex, lex->synset_map, lex->synset_map_cap, synset_key, tmp, len + 1, out)) return PARLEY_OK;
  int ok;
  VEC_PUSH(lex->synsets, lex->n_synsets, lex->cap_synsets, ok);
  if (!ok) return PARLEY_ENOMEM;
  lex_simple *s = &lex->synsets[lex->n_synsets];
  memset(s, 0, sizeof *s);
  s->name = pl_lex_strdup(lex, tmp, len + 1);
  if (!s->name) return PARLEY_ENOMEM;
  *out = (uint32_t)lex->n_synsets++;
  lex->st.synsets++;
  return map_insert(lex, &lex->synset_map, &lex->synset_map_cap, lex->n_synsets - 1, synset_key, *out);
}

int pl_lex_synset_phrase(parley_lexicon *lex, const pl_lex_src *src, uint32_t synset, const char *phrase, size_t len,
                         unsigned flags) {
  int rc = add_phrase(lex, src, PL_LEX_SYNSET, synset, phrase, len, flags);
  if (!rc) lex->st.synset_phrases++;
  return rc;
}

static int simple_push(parley_lexicon *lex, lex_simple **arr, size_t *n, size_t *cap, const char *name, size_t len,
                       const char *code, size_t code_len, int story, uint32_t *out) {
  int ok;
  VEC_PUSH(*arr, *n, *cap, ok);
  if (!ok) return PARLEY_ENOMEM;
  lex_simple *s = &(*arr)[*n];
  s->name = pl_lex_strdup(lex, name, len);
  s->code = code ? lex_strdup_upper(lex, code, code_len) : NULL;
  s->story = story;
  if (!s->name || (code && !s->code)) return PARLEY_ENOMEM;
  for (char *q = (char *)s->name; *q; q++)
    if (*q == '_') *q = ' ';
  *out = (uint32_t)(*n)++;
  return PARLEY_OK;
}

int pl_lex_discard(parley_lexicon *lex, const pl_lex_src *src, const char *phrase, size_t len, unsigned flags) {
  while (len && isspace((unsigned char)*phrase)) phrase++, len--;
  while (len && isspace((unsigned char)phrase[len - 1])) len--;
  uint32_t id;
  int rc = simple_push(lex, &lex->discards, &lex->n_discards, &lex->cap_discards, phrase, len, NULL, 0,
                       (flags & PL_PH_STORY) != 0, &id);
  if (rc) return rc;
  rc = add_phrase(lex, src, PL_LEX_DISCARD, id, phrase, len, flags);
  if (rc) {
    lex->n_discards--;
    return rc;
  }
  lex->st.discards++;
  return PARLEY_OK;
}

int pl_lex_issue(parley_lexicon *lex, const pl_lex_src *src, const char *phrase, size_t len, const char *code,
                 size_t code_len, unsigned flags) {
  if (!valid_code(code, code_len) && !(code_len < 60 && code_len && strspn(code, "ABCDEFGHIJKLMNOPQRSTUVWXYZ_") >= code_len)) {
    pl_lex_diag(lex, src, PARLEY_DIAG_ERROR, "bad issue code '%.*s'", (int)(code_len > 40 ? 40 : code_len), code);
    return PARLEY_EPARSE;
  }
  uint32_t id;
  int rc = simple_push(lex, &lex->issues, &lex->n_issues, &lex->cap_issues, phrase, len, code, code_len, 0, &id);
  if (rc) return rc;
  rc = add_phrase(lex, src, PL_LEX_ISSUE, id, phrase, len, flags);
  if (rc) {
    lex->n_issues--;
    return rc;
  }
  lex->st.issues++;
  return PARLEY_OK;
}

int pl_lex_code(parley_lexicon *lex, const pl_lex_src *src, const char *code, const char *name, double goldstein,
                int quad, const char *plover_event, const char *plover_mode) {
  size_t cl = strlen(code);
  if (!cl || cl > 7 || !valid_code(code, cl)) {
    pl_lex_diag(lex, src, PARLEY_DIAG_ERROR, "bad event code '%.*s'", (int)(cl > 40 ? 40 : cl), code);
    return PARLEY_EPARSE;
  }
  if (quad < 0 || quad > 4 || goldstein < -10.0 || goldstein > 10.0) {
    pl_lex_diag(lex, src, PARLEY_DIAG_ERROR, "code %s: QuadClass must be 1-4 and Goldstein -10..10", code);
    return PARLEY_EPARSE;
  }
  uint32_t idx;
  code_slot *c;
  if (map_find(lex, lex->code_map, lex->code_map_cap, code_key, code, cl, &idx)) {
    c = &lex->codes[idx]; /* a later definition replaces the earlier one */
  } else {
    int ok;
    VEC_PUSH(lex->codes, lex->n_codes, lex->cap_codes, ok);
    if (!ok) return PARLEY_ENOMEM;
    c = &lex->codes[lex->n_codes];
    c->info.code = pl_lex_strdup(lex, code, cl);
    if (!c->info.code) return PARLEY_ENOMEM;
    lex->n_codes++;
    lex->st.codes++;
    int rc = map_insert(lex, &lex->code_map, &lex->code_map_cap, lex->n_codes - 1, code_key,
                        (uint32_t)(lex->n_codes - 1));
    if (rc) return rc;
  }
  c->info.name = pl_lex_strdup(lex, name, strlen(name));
  c->info.goldstein = goldstein;
  c->info.quad_class = quad;
  c->info.plover_event = plover_event && *plover_event ? pl_lex_strdup(lex, plover_event, strlen(plover_event)) : NULL;
  c->info.plover_mode = plover_mode && *plover_mode ? pl_lex_strdup(lex, plover_mode, strlen(plover_mode)) : NULL;
  if (!c->info.name) return PARLEY_ENOMEM;
  return PARLEY_OK;
}

/* ------------------------------------------------------------------------------------------------------------ */
/* compiling */


/* Tails of long tokens are short (a few bytes): a loop beats a call to memcmp. */
static int tail_eq(const char *a, const char *b, size_t from, size_t n) {
  for (size_t k = from; k < n; k++)
    if (a[k] != b[k]) return 0;
  return 1;
}

/* tok_hash_head() is mixed enough to use as it is: its bits 20 and up place a token in the table, bits 0-11 and
 * 40 and up are the root filter's (word2_test), the low 32 its check value */
static size_t tok_index(uint64_t h, size_t cap) { return (size_t)(h >> 20) & (cap - 1); }

/* h and hd from tok_hash_head(); the callers' filters have already said the token may be there */
static const tok_slot *toks_probe(const parley_lexicon *lex, const char *s, size_t n, uint64_t h, uint64_t hd) {
  size_t mask = lex->toks_cap - 1, i = tok_index(h, lex->toks_cap);
  while (lex->toks[i].id1) {
    const tok_slot *t = &lex->toks[i];
    if (t->h32 == (uint32_t)h && t->head == hd) {
      /* 0 < n < 8: equal zero-padded heads are equal strings when the text's last byte is not NUL (dictionary
       * tokens hold no NUL), so the length needs no second memory access */
      uint32_t id = t->id1 - 1;
      if (n >= 8 ? lex->tok_len[id] == n && tail_eq(lex->tok_str[id], s, 8, n)
                 : n > 0 ? ((hd >> (8 * (n - 1))) & 0xffu) || lex->tok_len[id] == n : lex->tok_len[id] == 0)
        return t;
    }
    i = (i + 1) & mask;
  }
  return NULL;
}

static const tok_slot *toks_find(const parley_lexicon *lex, const char *s, size_t n) {
  uint64_t hd, h = tok_hash_head(s, n, &hd);
  return toks_probe(lex, s, n, h, hd);
}

static void toks_place(tok_slot *tab, size_t cap, const tok_slot *src, uint64_t h) {
  size_t mask = cap - 1, i = tok_index(h, cap);
  while (tab[i].id1) i = (i + 1) & mask;
  tab[i] = *src;
}

/* Returns the token's id, interning it; UINT32_MAX on OOM. */
static uint32_t toks_intern(parley_lexicon *lex, const char *s, size_t n) {
  uint64_t hd, h = tok_hash_head(s, n, &hd);
  const tok_slot *f = toks_probe(lex, s, n, h, hd);
  if (f) return f->id1 - 1;
  if (lex->n_toks == lex->tok_arr_cap) {
    size_t nc = lex->tok_arr_cap ? lex->tok_arr_cap * 2 : 4096;
    const char **ns = realloc(lex->tok_str, nc * sizeof *ns);
    if (!ns) return UINT32_MAX;
    lex->tok_str = ns;
    uint32_t *nl = realloc(lex->tok_len, nc * sizeof *nl);
    if (!nl) return UINT32_MAX;
    lex->tok_len = nl;
    lex->tok_arr_cap = nc;
  }
  tok_slot t = {hd, (uint32_t)h, lex->n_toks + 1, 0, {0, 0, 0, 0, 0}};
  lex->tok_str[lex->n_toks] = s;
  lex->tok_len[lex->n_toks] = (uint32_t)n;
  toks_place(lex->toks, lex->toks_cap, &t, h);
  return lex->n_toks++;
}

static uint64_t edge_key(uint32_t node, uint32_t tok) { return (((uint64_t)node << 32) | tok) + 1; }

static int edge_find(const parley_lexicon *lex, uint32_t node, uint32_t tok, uint32_t *child) {
  uint64_t k = edge_key(node, tok);
  size_t mask = lex->edges_cap - 1, i = (size_t)mix64(k) & mask;
  while (lex->edges[i].key) {
    if (lex->edges[i].key == k) {
      *child = lex->edges[i].child;
      return 1;
    }
    i = (i + 1) & mask;
  }
  return 0;
}

/* The inner-edge filter is keyed by (node, hash of the token's text), not by token id: a step whose edge does
 * not exist costs neither the token table nor the edge table. */
static uint64_t edge_tkey(uint32_t node, uint64_t th) { return th ^ ((uint64_t)node * 0x9E3779B97F4A7C15ull); }

static const edge_slot *edge_lookup(const parley_lexicon *lex, uint32_t node, uint32_t tok) {
  uint64_t k = edge_key(node, tok);
  size_t mask = lex->edges_cap - 1, i = (size_t)mix64(k) & mask;
  while (lex->edges[i].key) {
    if (lex->edges[i].key == k) return &lex->edges[i];
    i = (i + 1) & mask;
  }
  return NULL;
}

static void edge_place(edge_slot *tab, size_t cap, uint64_t key, uint32_t child) {
  size_t mask = cap - 1, j = (size_t)mix64(key) & mask;
  while (tab[j].key) j = (j + 1) & mask;
  tab[j].key = key;
  tab[j].child = child;
}

/* The root filter: two bits of one 64-bit word per key, so a test is one memory access. */
static int word2_test(const uint64_t *b, size_t nbits, uint64_t m) {
  uint64_t w = b[(m >> 40) & (nbits / 64 - 1)];
  uint64_t want = (1ull << (m & 63)) | (1ull << ((m >> 6) & 63));
  return (w & want) == want;
}
static void word2_add(uint64_t *b, size_t nbits, uint64_t m) {
  b[(m >> 40) & (nbits / 64 - 1)] |= (1ull << (m & 63)) | (1ull << ((m >> 6) & 63));
}

static size_t bedge_index(uint32_t key1, size_t cap) {
  return (size_t)((key1 * 0x9E3779B97F4A7C15ull) >> 32) & (cap - 1);
}

/* The byte node reached from bnode by byte c, with BNODE_TERM when a prefix entry ends there; 0 when none. */
static uint32_t bnode_step(const parley_lexicon *lex, uint32_t bnode, unsigned char c) {
  uint32_t k = (bnode << 8 | c) + 1;
  size_t mask = lex->bedges_cap - 1, i = bedge_index(k, lex->bedges_cap);
  for (;;) {
    const byte_edge *e = &lex->bedges[i];
    if (e->key1 == k) return e->child;
    if (!e->key1) return 0;
    i = (i + 1) & mask;
  }
}

static size_t root_gate_bit(const char *s) {
  uint64_t v = (uint64_t)(unsigned char)s[0] | (uint64_t)(unsigned char)s[1] << 8 | (uint64_t)(unsigned char)s[2] << 16;
  return (size_t)((v * 0x9E3779B97F4A7C15ull) >> 48) & (ROOT_GATE_BITS - 1);
}

/* Whether some prefix entry of the root matches a token of text s[0..n). */
static int root_pfx_any(const parley_lexicon *lex, const char *s, size_t n) {
  if (!n || !lex->nodes[0].pfx_root) return 0;
  unsigned char c = (unsigned char)s[0];
  if (!((lex->root_short[c >> 6] >> (c & 63)) & 1)) {
    if (n < 3) return 0;
    size_t g = root_gate_bit(s);
    if (!((lex->root_gate[g >> 6] >> (g & 63)) & 1)) return 0;
  }
  uint32_t b = lex->nodes[0].pfx_root;
  for (size_t k = 0; k < n && b; k++) {
    b = bnode_step(lex, b, (unsigned char)s[k]);
    if (b & BNODE_TERM) return 1;
  }
  return 0;
}

/* Building: the child of bnode by byte c, made if new (the tables were sized for every prefix byte). */
static uint32_t bnode_add(parley_lexicon *lex, uint32_t bnode, unsigned char c) {
  uint32_t k = (bnode << 8 | c) + 1;
  size_t mask = lex->bedges_cap - 1, i = bedge_index(k, lex->bedges_cap);
  for (; lex->bedges[i].key1; i = (i + 1) & mask)
    if (lex->bedges[i].key1 == k) return lex->bedges[i].child;
  lex->bedges[i].key1 = k;
  lex->bedges[i].child = lex->n_bnodes;
  return lex->n_bnodes++;
}

static size_t pow2_at_least(size_t n) {
  size_t c = 64;
  while (c < n) c *= 2;
  return c;
}

typedef struct build_term {
  uint32_t where; /* trie node, or (is_pfx) byte node */
  uint32_t id;
  uint8_t kind, is_pfx;
} build_term;

static int cmp_build_term(const void *a, const void *b) {
  const build_term *x = a, *y = b;
  if (x->is_pfx != y->is_pfx) return x->is_pfx - y->is_pfx;
  if (x->where != y->where) return x->where < y->where ? -1 : 1;
  if (x->kind != y->kind) return x->kind - y->kind;
  return x->id < y->id ? -1 : x->id > y->id;
}

static uint32_t block_root(parley_lexicon *lex, uint32_t b) {
  while (lex->blocks[b].parent != b) {
    lex->blocks[b].parent = lex->blocks[lex->blocks[b].parent].parent;
    b = lex->blocks[b].parent;
  }
  return b;
}

static size_t phrase_bytes(const lex_phrase *p) {
  size_t n = 0;
  for (uint16_t k = 0; k < p->ntok; k++) n += strlen(p->toks + n) + 1;
  return n;
}

/* A phrase's sort key, so that qsort needs no pointer back to the lexicon. */
typedef struct phrase_key {
  const char *toks;
  size_t nbytes, idx;
  uint8_t kind, flags;
} phrase_key;

static int cmp_phrase_text(const void *a, const void *b) {
  const phrase_key *x = a, *y = b;
  if (x->kind != y->kind) return x->kind - y->kind;
  if (x->flags != y->flags) return x->flags - y->flags;
  int c = memcmp(x->toks, y->toks, x->nbytes < y->nbytes ? x->nbytes : y->nbytes);
  if (c) return c;
  if (x->nbytes != y->nbytes) return x->nbytes < y->nbytes ? -1 : 1;
  return x->idx < y->idx ? -1 : x->idx > y->idx;
}
static int same_phrase(const phrase_key *x, const phrase_key *y) {
  return x->kind == y->kind && x->flags == y->flags && x->nbytes == y->nbytes && !memcmp(x->toks, y->toks, x->nbytes);
}

static int code_known(const parley_lexicon *lex, const char *code) {
  uint32_t idx;
  const char *colon = strchr(code, ':');
  if (colon) {
    size_t a = (size_t)(colon - code);
    int first = a == 0 || (a == 3 && !strncmp(code, "---", 3)) ||
                map_find(lex, lex->code_map, lex->code_map_cap, code_key, code, a, &idx);
    return first && code_known(lex, colon + 1);
  }
  return !strcmp(code, "---") || map_find(lex, lex->code_map, lex->code_map_cap, code_key, code, strlen(code), &idx);
}

#define PL_PH_SHADOWED 0x10u /* a generated phrase another entry lists explicitly: left out of the trie */

static phrase_key *phrase_keys(const parley_lexicon *lex) {
  phrase_key *ord = malloc((lex->n_phrases + 1) * sizeof *ord);
  if (!ord) return NULL;
  size_t k = 0;
  for (size_t i = 0; i < lex->n_phrases; i++) {
    const lex_phrase *p = &lex->phrases[i];
    if (p->flags & PL_PH_SHADOWED) continue;
    ord[k].toks = p->toks;
    ord[k].nbytes = phrase_bytes(p);
    ord[k].idx = i;
    ord[k].kind = p->kind;
    ord[k].flags = p->flags & PL_PH_PREFIX;
    k++;
  }
  qsort(ord, k, sizeof *ord, cmp_phrase_text);
  ord[k].toks = NULL; /* end mark */
  ord[k].idx = SIZE_MAX;
  return ord;
}

/* A generated plural or verb form that another entry lists as written belongs to that entry only ("executives"
 * generated from "executive" | GOV loses to "executives" | BUS). */
static int shadow_generated(parley_lexicon *lex) {
  phrase_key *ord = phrase_keys(lex);
  if (!ord) return PARLEY_ENOMEM;
  for (size_t i = 0; ord[i].idx != SIZE_MAX;) {
    size_t j = i + 1;
    while (ord[j].idx != SIZE_MAX && same_phrase(&ord[i], &ord[j])) j++;
    for (size_t x = i; x < j; x++) {
      lex_phrase *g = &lex->phrases[ord[x].idx];
      if (!(g->flags & PL_PH_GENERATED)) continue;
      int explicit_other = 0, explicit_same = 0;
      for (size_t y = i; y < j; y++) {
        const lex_phrase *e = &lex->phrases[ord[y].idx];
        if (e->flags & PL_PH_GENERATED) continue;
        if (e->id == g->id) explicit_same = 1;
        else explicit_other = 1;
      }
      if (explicit_other && !explicit_same) g->flags |= PL_PH_SHADOWED;
    }
    i = j;
  }
  free(ord);
  return PARLEY_OK;
}

static int compile_patterns(parley_lexicon *lex) {
  /* aliases: `= other` joins the two verbs' blocks */
  for (size_t i = 0; i < lex->n_verbs; i++) {
    lex_verb *v = &lex->verbs[i];
    if (!v->alias) continue;
    uint32_t o;
    pl_lex_src src = {v->alias_file, v->alias_line};
    if (!pl_lex_verb_find(lex, v->alias, strlen(v->alias), &o)) {
      pl_lex_diag(lex, &src, PARLEY_DIAG_ERROR, "'= %s': no verb of that name", v->alias);
      continue;
    }
    uint32_t a = block_root(lex, v->block), b = block_root(lex, lex->verbs[o].block);
    if (a != b) lex->blocks[a].parent = b;
  }
  for (size_t i = 0; i < lex->n_verbs; i++) lex->verbs[i].block = block_root(lex, lex->verbs[i].block);
  size_t *count = calloc(lex->n_blocks + 1, sizeof *count);
  if (!count) return PARLEY_ENOMEM;
  for (size_t i = 0; i < lex->n_rawpats; i++) count[block_root(lex, lex->rawpats[i].block)]++;
  for (size_t b = 0; b < lex->n_blocks; b++) {
    lex->blocks[b].n_pats = 0;
    lex->blocks[b].pats = count[b] ? pl_arena_calloc(&lex->arena, count[b], sizeof(pl_verb_pattern)) : NULL;
    if (count[b] && !lex->blocks[b].pats) {
      free(count);
      return PARLEY_ENOMEM;
    }
  }
  free(count);
  pl_pat_elem elems[128];
  for (size_t i = 0; i < lex->n_rawpats; i++) {
    const lex_rawpat *rp = &lex->rawpats[i];
    pl_lex_src src = {rp->file, rp->line};
    size_t ne = 0;
    int bad = 0, have_verb = 0;
    const char *p = rp->text;
    int glue = 0; /* the previous element ended in '_': the next one is joined to it */
    while (*p && !bad) {
      const char *before = p;
      while (*p && isspace((unsigned char)*p)) p++;
      if (!*p) break;
      int joined = p == before && glue;
      glue = 0;
      const char *w = p;
      while (*p && !isspace((unsigned char)*p)) p++;
      /* and slots too: "RECENTLY_*", "*_UPON", "SUGGESTED_+" — the slot is an element of its own */
      if (p - w > 2 && strchr("*$+%^", *w) && w[1] == '_') {
        p = w + 1;
      } else if (p - w > 2) {
        for (const char *q = w + 1; q < p; q++)
          if (q[-1] == '_' && strchr("*$+%^", *q) && (q + 1 == p || q[1] == '_')) {
            p = q;
            glue = 1;
            break;
          }
      }
      /* PETRARCH joins synsets to words with underscores: "MOST_CERTAINLY_&NEGATVAUXVRB_EVER" */
      if (*w != '&') {
        const char *amp = w;
        while (amp + 1 < p && !(amp[0] == '_' && amp[1] == '&')) amp++;
        if (amp + 1 < p) {
          p = amp + 1;
          glue = 1;
        }
      }
      size_t wl = (size_t)(p - w);
      if (ne + 8 >= PL_ARRAY_LEN(elems)) {
        pl_lex_diag(lex, &src, PARLEY_DIAG_ERROR, "pattern too long");
        bad = 1;
        break;
      }
      pl_pat_elem *e = &elems[ne];
      memset(e, 0, sizeof *e);
      if (wl == 1 && strchr("*$+%^", *w)) {
        e->type = *w == '*' ? PL_PAT_VERB : *w == '$' ? PL_PAT_SOURCE : *w == '+' ? PL_PAT_TARGET
                  : *w == '%' ? PL_PAT_COMPOUND : PL_PAT_ANY;
        if (*w == '*') {
          if (have_verb) {
            pl_lex_diag(lex, &src, PARLEY_DIAG_ERROR, "pattern '%s' has two `*`", rp->orig);
            bad = 1;
          }
          have_verb = 1;
        }
        e->joined = (uint8_t)joined;
        ne++;
        if (*p == '_') { /* "*_UPON": the next word follows the slot directly */
          p++;
          glue = 1;
        }
      } else if (*w == '&') {
        uint32_t sid;
        char tmp[128];
        size_t tl = 0;
        for (size_t k = 0; k < wl && tl < sizeof tmp - 1; k++) tmp[tl++] = (char)toupper((unsigned char)w[k]);
        while (tl > 1 && tmp[tl - 1] == '_') tl--;
        /* "&TIETYPES_MEMOS": the longest defined synset name, then the words joined after it */
        size_t full = tl;
        while (!map_find(lex, lex->synset_map, lex->synset_map_cap, synset_key, tmp, tl, &sid)) {
          size_t cut = tl;
          while (cut > 1 && tmp[cut - 1] != '_') cut--;
          if (cut <= 1) {
            tl = full;
            break;
          }
          tl = cut - 1;
        }
        if (tl < full && tl < wl) {
          p = w + tl + 1; /* continue after the '_' with the joined words */
          glue = 1;
        }
        if (!map_find(lex, lex->synset_map, lex->synset_map_cap, synset_key, tmp, tl, &sid)) {
          pl_lex_diag(lex, &src, PARLEY_DIAG_ERROR, "pattern '%s' uses undefined synset %.*s", rp->orig, (int)tl, tmp);
          bad = 1;
          break;
        }
        e->type = PL_PAT_SYNSET;
        e->synset = sid;
        e->joined = (uint8_t)joined;
        ne++;
      } else {
        parley_token *t;
        size_t n;
        int rc = lex_tokenize(lex, w, wl, PL_PH_UNDERSCORE, &t, &n);
        if (rc) return rc;
        for (size_t k = 0; k < n && ne + 1 < PL_ARRAY_LEN(elems); k++) {
          elems[ne].type = PL_PAT_WORD;
          elems[ne].joined = (uint8_t)(k > 0 || joined); /* one written word: its tokens are adjacent */
          elems[ne].synset = 0;
          elems[ne].word = pl_arena_strndup(&lex->arena, t[k].fold, t[k].fold_len);
          if (!elems[ne].word) return PARLEY_ENOMEM;
          ne++;
        }
      }
    }
    if (bad) continue;
    if (!have_verb) {
      /* no `*`: the pattern's words follow the verb */
      memmove(elems + 1, elems, ne * sizeof *elems);
      memset(elems, 0, sizeof *elems);
      elems[0].type = PL_PAT_VERB;
      ne++;
    }
    lex_block *b = &lex->blocks[block_root(lex, rp->block)];
    pl_verb_pattern *vp = &b->pats[b->n_pats++];
    pl_pat_elem *copy = pl_arena_alloc(&lex->arena, ne * sizeof *copy);
    if (!copy) return PARLEY_ENOMEM;
    memcpy(copy, elems, ne * sizeof *copy);
    vp->code = rp->code;
    vp->elems = copy;
    vp->n_elems = ne;
    vp->text = rp->orig;
    vp->file = rp->file;
    vp->line = rp->line;
  }
  return PARLEY_OK;
}

/* Snowball stems of the one-word verbs, for pl_lexicon_verb_by_stem(): a form the inflection rules missed
 * ("re-elects", British/American spellings the dictionary lacks) can still be found through its stem. */
static int compile_stems(parley_lexicon *lex) {
  if (!lex->n_verbs) return PARLEY_OK;
  struct sb_stemmer *st = sb_stemmer_new("english", "UTF_8");
  if (!st) return PARLEY_ENOMEM;
  lex->verb_stems = calloc(lex->n_verbs, sizeof *lex->verb_stems);
  if (!lex->verb_stems) {
    sb_stemmer_delete(st);
    return PARLEY_ENOMEM;
  }
  int rc = PARLEY_OK;
  size_t count = 0;
  for (size_t v = 0; v < lex->n_verbs && !rc; v++) {
    const char *name = lex->verbs[v].name;
    if (strchr(name, ' ') || !*name) continue;
    const sb_symbol *sym = sb_stemmer_stem(st, (const sb_symbol *)name, (int)strlen(name));
    if (!sym) {
      rc = PARLEY_ENOMEM;
      break;
    }
    int sl = sb_stemmer_length(st);
    uint32_t other;
    if (map_find(lex, lex->stem_map, lex->stem_map_cap, stem_key, (const char *)sym, (size_t)sl, &other)) continue;
    lex->verb_stems[v] = pl_lex_strdup(lex, (const char *)sym, (size_t)sl);
    if (!lex->verb_stems[v]) rc = PARLEY_ENOMEM;
    else rc = map_insert(lex, &lex->stem_map, &lex->stem_map_cap, count++, stem_key, (uint32_t)v);
  }
  sb_stemmer_delete(st);
  return rc;
}

uint32_t pl_lexicon_verb_by_stem(const parley_lexicon *lex, const char *stem, size_t len) {
  uint32_t v;
  if (!lex || !lex->compiled || !stem) return PL_LEX_NO_VERB;
  return map_find(lex, lex->stem_map, lex->stem_map_cap, stem_key, stem, len, &v) ? v : PL_LEX_NO_VERB;
}

/* Rebuilds the hash tables at their final size (half full), moves the root's edges into the token table and
 * builds the prefix filter: smaller tables mean fewer cache misses per token. */
static int shrink_tables(parley_lexicon *lex) {
  size_t tcap = pow2_at_least((size_t)lex->n_toks * 2 + 16);
  tok_slot *nt = aligned_alloc(64, tcap * sizeof *nt);
  if (!nt) return PARLEY_ENOMEM;
  memset(nt, 0, tcap * sizeof *nt);
  for (size_t i = 0; i < lex->toks_cap; i++) {
    uint32_t id = lex->toks[i].id1 - 1;
    if (lex->toks[i].id1) toks_place(nt, tcap, &lex->toks[i], tok_hash(lex->tok_str[id], lex->tok_len[id]));
  }
  free(lex->toks);
  lex->toks = nt;
  lex->toks_cap = tcap;
  size_t n_inner = 0;
  for (size_t i = 0; i < lex->edges_cap; i++)
    if (lex->edges[i].key && ((lex->edges[i].key - 1) >> 32) != 0) n_inner++;
  size_t ecap = pow2_at_least(n_inner * 2 + 16);
  edge_slot *ne = calloc(ecap, sizeof *ne);
  if (!ne) return PARLEY_ENOMEM;
  for (size_t i = 0; i < lex->edges_cap; i++) {
    const edge_slot *e = &lex->edges[i];
    if (!e->key) continue;
    uint32_t node = (uint32_t)((e->key - 1) >> 32), tok = (uint32_t)((e->key - 1) & 0xffffffffu);
    if (node == 0) {
      tok_slot *t = (tok_slot *)toks_find(lex, lex->tok_str[tok], lex->tok_len[tok]);
      if (t) {
        t->root_child = e->child;
        t->root_info = lex->nodes[e->child];
      }
    } else {
      edge_place(ne, ecap, e->key, e->child);
    }
  }
  for (size_t i = 0; i < ecap; i++)
    if (ne[i].key) ne[i].info = lex->nodes[ne[i].child];
  free(lex->edges);
  lex->edges = ne;
  lex->edges_cap = ecap;
  lex->edge_bloom_bits = pow2_at_least(n_inner * 16 + 4096);
  lex->edge_bloom = calloc(lex->edge_bloom_bits / 64, sizeof(uint64_t));
  if (!lex->edge_bloom) return PARLEY_ENOMEM;
  size_t n_root = 0;
  for (size_t i = 0; i < tcap; i++) n_root += nt[i].root_child != 0;
  for (size_t i = 0; i < ecap; i++) {
    if (!ne[i].key) continue;
    uint32_t node = (uint32_t)((ne[i].key - 1) >> 32), tok = (uint32_t)((ne[i].key - 1) & 0xffffffffu);
    word2_add(lex->edge_bloom, lex->edge_bloom_bits, edge_tkey(node, tok_hash(lex->tok_str[tok], lex->tok_len[tok])));
  }
  lex->root_bloom_bits = pow2_at_least(n_root * 16 + 4096);
  lex->root_bloom = calloc(lex->root_bloom_bits / 64, sizeof(uint64_t));
  size_t bcap = pow2_at_least((size_t)lex->n_bnodes * 2 + 16);
  byte_edge *nb = calloc(bcap, sizeof *nb);
  if (!lex->root_bloom || !nb) {
    free(nb);
    return PARLEY_ENOMEM;
  }
  for (size_t i = 0; i < lex->bedges_cap; i++) {
    const byte_edge *e = &lex->bedges[i];
    if (!e->key1) continue;
    size_t j = bedge_index(e->key1, bcap);
    while (nb[j].key1) j = (j + 1) & (bcap - 1);
    nb[j] = *e;
    if (lex->bterms[e->child].n) nb[j].child |= BNODE_TERM;
  }
  free(lex->bedges);
  lex->bedges = nb;
  lex->bedges_cap = bcap;
  for (size_t i = 0; i < tcap; i++)
    if (nt[i].root_child) {
      uint32_t id = nt[i].id1 - 1;
      word2_add(lex->root_bloom, lex->root_bloom_bits, tok_hash(lex->tok_str[id], lex->tok_len[id]));
    }
  return PARLEY_OK;
}

int parley_lexicon_compile(parley_lexicon *lex) {
  if (!lex) return PARLEY_EINVAL;
  if (lex->compiled) return PARLEY_OK;
  int rc = compile_patterns(lex);
  if (!rc) rc = shadow_generated(lex);
  if (!rc) rc = compile_stems(lex);
  if (rc) return rc;
  size_t total_toks = 0, pfx_bytes = 0;
  for (size_t i = 0; i < lex->n_phrases; i++) {
    const lex_phrase *ph = &lex->phrases[i];
    total_toks += ph->ntok;
    if (ph->flags & PL_PH_PREFIX) {
      const char *last = ph->toks;
      for (size_t k = 1; k < ph->ntok; k++) last += strlen(last) + 1;
      pfx_bytes += strlen(last) + 1;
    }
  }
  /* byte nodes are numbered from 1 (0 = none) and keyed by (node << 8 | byte) in 32 bits */
  if (pfx_bytes + lex->n_phrases + 2 >= (1u << 23)) return PARLEY_ENOMEM;
  /* generous while building; shrunk to size afterwards */
  lex->toks_cap = pow2_at_least(total_toks * 2 + 16);
  lex->edges_cap = pow2_at_least(total_toks * 2 + 16);
  lex->bedges_cap = pow2_at_least(pfx_bytes * 2 + 16);
  lex->cap_bnodes = (uint32_t)(pfx_bytes + lex->n_phrases + 2);
  lex->n_bnodes = 1;
  lex->toks = calloc(lex->toks_cap, sizeof *lex->toks);
  lex->edges = calloc(lex->edges_cap, sizeof *lex->edges);
  lex->bedges = calloc(lex->bedges_cap, sizeof *lex->bedges);
  lex->bterms = calloc(lex->cap_bnodes, sizeof *lex->bterms);
  lex->cap_nodes = total_toks + 2;
  lex->nodes = calloc(lex->cap_nodes, sizeof *lex->nodes);
  build_term *bt = malloc((lex->n_phrases + 1) * sizeof *bt);
  if (!lex->toks || !lex->edges || !lex->bedges || !lex->bterms || !lex->nodes || !bt) {
    free(bt);
    return PARLEY_ENOMEM;
  }
  lex->n_nodes = 2; /* the root, and the synsets' root */
  size_t nbt = 0;
  for (size_t i = 0; i < lex->n_phrases; i++) {
    const lex_phrase *ph = &lex->phrases[i];
    if (ph->flags & PL_PH_SHADOWED) continue;
    uint32_t node = ph->kind == PL_LEX_SYNSET ? 1 : 0;
    const char *s = ph->toks;
    size_t nfull = ph->flags & PL_PH_PREFIX ? (size_t)ph->ntok - 1 : ph->ntok;
    for (size_t k = 0; k < nfull; k++) {
      size_t sl = strlen(s);
      uint32_t tok = toks_intern(lex, s, sl);
      if (tok == UINT32_MAX) {
        free(bt);
        return PARLEY_ENOMEM;
      }
      uint32_t child;
      if (!edge_find(lex, node, tok, &child)) {
        child = (uint32_t)lex->n_nodes++;
        edge_place(lex->edges, lex->edges_cap, edge_key(node, tok), child);
        lex->nodes[node].has_child = 1;
      }
      node = child;
      s += sl + 1;
    }
    build_term *t = &bt[nbt++];
    t->id = ph->id;
    t->kind = ph->kind;
    t->is_pfx = 0;
    t->where = node;
    if (ph->flags & PL_PH_PREFIX) {
      uint32_t b = lex->nodes[node].pfx_root;
      if (!b) b = lex->nodes[node].pfx_root = lex->n_bnodes++;
      if (node == 0 && *s) {
        unsigned char c = (unsigned char)*s;
        size_t g = s[1] && s[2] ? root_gate_bit(s) : 0;
        if (!s[1] || !s[2]) lex->root_short[c >> 6] |= 1ull << (c & 63);
        else lex->root_gate[g >> 6] |= 1ull << (g & 63);
      }
      for (; *s; s++) b = bnode_add(lex, b, (unsigned char)*s);
      t->is_pfx = 1;
      t->where = b;
    }
  }
  qsort(bt, nbt, sizeof *bt, cmp_build_term);
  lex->terms = pl_arena_alloc(&lex->arena, (nbt + 1) * sizeof *lex->terms);
  if (!lex->terms) {
    free(bt);
    return PARLEY_ENOMEM;
  }
  size_t nt = 0;
  for (size_t i = 0; i < nbt; i++) {
    if (i > 0 && !cmp_build_term(&bt[i], &bt[i - 1])) continue; /* the same entry reached twice */
    if (bt[i].is_pfx) {
      byte_terms *p = &lex->bterms[bt[i].where];
      if (p->n == 0) p->off = (uint32_t)nt;
      p->n++;
    } else {
      trie_node *nd = &lex->nodes[bt[i].where];
      if (nd->term_n == 0) nd->term_off = (uint32_t)nt;
      if (nd->term_n == 0x7fffffu) { /* 8M entries with one phrase: beyond the node's counter */
        free(bt);
        return PARLEY_ENOMEM;
      }
      nd->term_n++;
    }
    lex->terms[nt].id = bt[i].id;
    lex->terms[nt].kind = bt[i].kind;
    nt++;
  }
  lex->n_terms = nt;
  free(bt);
  for (size_t i = 0; i < lex->n_nodes; i++) {
    trie_node *nd = &lex->nodes[i];
    if (nd->term_n != 1) continue;
    nd->kind1 = lex->terms[nd->term_off].kind;
    nd->term_off = lex->terms[nd->term_off].id;
  }
  rc = shrink_tables(lex);
  if (rc) return rc;
  lex->st.phrases = lex->n_phrases;
  lex->st.trie_nodes = lex->n_nodes;
  lex->compiled = 1;
  return PARLEY_OK;
}

/* ------------------------------------------------------------------------------------------------------------ */
/* matching */

typedef struct hit_ring {
  pl_lex_hit h[128];
  size_t n; /* total appended */
} hit_ring;

static void ring_terms(hit_ring *r, const trie_term *terms, uint32_t off, uint32_t cnt, unsigned kinds,
                       uint32_t ntok, uint8_t prefix) {
  for (uint32_t i = 0; i < cnt; i++) {
    const trie_term *t = &terms[off + i];
    if (!(t->kind & kinds)) continue;
    pl_lex_hit *o = &r->h[r->n % PL_ARRAY_LEN(r->h)];
    o->id = t->id;
    o->kind = t->kind;
    o->prefix = prefix;
    o->n_tokens = ntok;
    r->n++;
  }
}

/* Appends the prefix entries under byte-trie root broot that token t matches, shorter prefixes first (the
 * caller's reversal lists longer ones first). */
static void match_prefixes(const parley_lexicon *lex, uint32_t broot, const parley_token *t, unsigned kinds,
                           uint32_t ntok, hit_ring *r) {
  size_t emitted = 0;
  uint32_t b = broot;
  for (size_t k = 0; k < t->fold_len && b; k++) {
    b = bnode_step(lex, b, (unsigned char)t->fold[k]);
    if (!(b & BNODE_TERM)) continue;
    b &= ~BNODE_TERM;
    const byte_terms *bt = &lex->bterms[b];
    for (uint32_t i = 0; i < bt->n && emitted < 32; i++) {
      const trie_term *tt = &lex->terms[bt->off + i];
      if (!(tt->kind & kinds)) continue;
      pl_lex_hit *o = &r->h[(r->n++) % PL_ARRAY_LEN(r->h)];
      o->id = tt->id;
      o->kind = tt->kind;
      o->prefix = 1;
      o->n_tokens = ntok;
      emitted++;
    }
  }
}

/* A token's lookups, made once per sentence by pl_lexicon_scan() or per step by pl_lexicon_match(). */
typedef struct pl_lex_tok {
  uint64_t hash, head;  /* tok_hash_head() */
  const tok_slot *slot; /* the token's entry, when probed and present */
  uint32_t root_pfx;    /* 1: a prefix entry of the root matches the token */
  uint32_t probed;      /* 0: the root filter says the token starts no phrase; it was not looked up */
} pl_lex_tok;

/* One token's lookups: its hash, its entry when it may start a phrase, and whether a prefix
 * entry of the root matches it. */
static void prep_tok(const parley_lexicon *lex, const parley_token *t, pl_lex_tok *p) {
  p->hash = tok_hash_head(t->fold, t->fold_len, &p->head);
  p->slot = NULL;
  p->probed = word2_test(lex->root_bloom, lex->root_bloom_bits, p->hash);
  if (p->probed) p->slot = toks_probe(lex, t->fold, t->fold_len, p->hash, p->head);
  p->root_pfx = (uint32_t)root_pfx_any(lex, t->fold, t->fold_len);
}

/* Walks from `root` (the main root 0, or the synsets' root 1) and writes the hits longest first. prep: the
 * sentence's token lookups, or NULL to make them here. */
static size_t match_core(const parley_lexicon *lex, uint32_t root, const parley_token *toks, const pl_lex_tok *prep,
                         size_t n, size_t pos, unsigned kinds, pl_lex_hit *out, size_t max) {
  hit_ring r;
  r.n = 0;
  uint32_t node = root;
  const trie_node *info = &lex->nodes[root]; /* a pointer, not a copy: a copy's bitfields stalled store forwarding */
  for (size_t i = pos; i < n; i++) {
    const parley_token *t = &toks[i];
    uint32_t ntok = (uint32_t)(i - pos + 1);
    if (!t->fold) break;
    pl_lex_tok own;
    const pl_lex_tok *p = prep ? &prep[i] : (prep_tok(lex, t, &own), &own);
    const tok_slot *ts;
    if (node == 0) {
      if (p->root_pfx) match_prefixes(lex, info->pfx_root, t, kinds, ntok, &r);
      ts = p->slot;
      if (!ts || !ts->root_child) break;
      node = ts->root_child;
      info = &ts->root_info;
    } else {
      if (info->pfx_root) match_prefixes(lex, info->pfx_root, t, kinds, ntok, &r);
      if (!word2_test(lex->edge_bloom, lex->edge_bloom_bits, edge_tkey(node, p->hash))) break;
      ts = p->probed ? p->slot : toks_probe(lex, t->fold, t->fold_len, p->hash, p->head);
      if (!ts) break;
      const edge_slot *e = edge_lookup(lex, node, ts->id1 - 1);
      if (!e) break;
      node = e->child;
      info = &e->info;
    }
    if (info->term_n == 1) {
      if (info->kind1 & kinds) {
        pl_lex_hit *o = &r.h[r.n++ % PL_ARRAY_LEN(r.h)];
        o->id = info->term_off;
        o->kind = (uint8_t)info->kind1;
        o->prefix = 0;
        o->n_tokens = ntok;
      }
    } else if (info->term_n) {
      ring_terms(&r, lex->terms, info->term_off, info->term_n, kinds, ntok, 0);
    }
    if (!info->has_child) {
      if (info->pfx_root && i + 1 < n && toks[i + 1].fold)
        match_prefixes(lex, info->pfx_root, &toks[i + 1], kinds, ntok + 1, &r);
      break;
    }
  }
  /* hits were appended in non-decreasing length, and within one length prefix hits before exact ones: output
   * longest first, exact before prefix, longer prefixes before shorter ones */
  const size_t cap = PL_ARRAY_LEN(r.h);
  size_t lo = r.n > cap ? r.n - cap : 0, idx = r.n, w = 0;
#define RH(k) (r.h[(k) % cap])
  while (idx > lo && w < max) {
    uint32_t len = RH(idx - 1).n_tokens;
    size_t start = idx;
    while (start > lo && RH(start - 1).n_tokens == len) start--;
    for (size_t k = start; k < idx && w < max; k++)
      if (!RH(k).prefix) out[w++] = RH(k);
    for (size_t k = idx; k > start && w < max; k--)
      if (RH(k - 1).prefix) out[w++] = RH(k - 1);
    idx = start;
  }
#undef RH
  return w;
}

/* Synset phrases hang from their own root (node 1): the words they list ("is", "in", "by") start no actor or
 * verb, and keeping them out of the main trie means a scan for actors and verbs never walks them. */
static size_t match_at(const parley_lexicon *lex, const parley_token *toks, const pl_lex_tok *prep, size_t n,
                       size_t pos, unsigned kinds, pl_lex_hit *out, size_t max) {
  size_t w = 0;
  if (kinds & ~(unsigned)PL_LEX_SYNSET)
    w = match_core(lex, 0, toks, prep, n, pos, kinds & ~(unsigned)PL_LEX_SYNSET, out, max);
  if (!(kinds & PL_LEX_SYNSET)) return w;
  pl_lex_hit syn[64];
  size_t ns = match_core(lex, 1, toks, prep, n, pos, PL_LEX_SYNSET, syn, PL_ARRAY_LEN(syn));
  if (!ns) return w;
  /* merge, longest first; at equal length the main entries first */
  pl_lex_hit merged[192];
  size_t a = 0, b = 0, m = 0;
  while ((a < w || b < ns) && m < PL_ARRAY_LEN(merged)) {
    if (b >= ns || (a < w && out[a].n_tokens >= syn[b].n_tokens)) merged[m++] = out[a++];
    else merged[m++] = syn[b++];
  }
  if (m > max) m = max;
  memcpy(out, merged, m * sizeof *out);
  return m;
}

size_t pl_lexicon_match(const parley_lexicon *lex, const parley_token *toks, size_t n, size_t pos, unsigned kinds,
                        pl_lex_hit *out, size_t max) {
  if (max > 128) max = 128; /* the merge buffer's size; 128 hits at one position is already far beyond real use */
  if (!lex || !lex->compiled || pos >= n || !max || !lex->n_toks) return 0;
  return match_at(lex, toks, NULL, n, pos, kinds, out, max);
}

int pl_lexicon_scan(const parley_lexicon *lex, const parley_token *toks, size_t n, unsigned kinds, size_t max,
                    pl_lex_scan_fn fn, void *payload) {
  if (max > 128) max = 128;
  if (!lex || !lex->compiled || !n || !max || !lex->n_toks) return 0;
  pl_lex_tok local[256], *prep = n <= PL_ARRAY_LEN(local) ? local : malloc(n * sizeof *prep);
  if (!prep) return PARLEY_ENOMEM;
  for (size_t i = 0; i < n; i++) {
    if (toks[i].fold) prep_tok(lex, &toks[i], &prep[i]);
    else memset(&prep[i], 0, sizeof prep[i]);
  }
  int rc = 0;
  pl_lex_hit hits[128];
  const int syn = (kinds & PL_LEX_SYNSET) != 0;
  for (size_t i = 0; i < n && !rc; i++) {
    /* Most positions start nothing, which the token's lookups tell without a walk: no prefix entry of the root
     * matches the token, and its child (if any) ends no entry, takes no prefix, and the filter of inner edges
     * says no phrase goes on with the next token ("the" before "minister"). */
    const pl_lex_tok *p = &prep[i];
    if (!syn && !p->root_pfx) {
      const tok_slot *ts = p->slot;
      if (!ts || !ts->root_child) continue;
      const trie_node *ci = &ts->root_info;
      if (!ci->pfx_root && ci->term_n <= 1 &&
          (!ci->has_child || i + 1 >= n || !toks[i + 1].fold ||
           !word2_test(lex->edge_bloom, lex->edge_bloom_bits, edge_tkey(ts->root_child, prep[i + 1].hash)))) {
        /* the walk would end at this one token: its single entry, if any, is the only hit ("said", "Iran") */
        if (ci->term_n == 1 && (ci->kind1 & kinds)) {
          pl_lex_hit h = {ci->term_off, (uint8_t)ci->kind1, 0, 1};
          rc = fn(payload, i, &h, 1);
        }
        continue;
      }
    }
    size_t w = match_at(lex, toks, prep, n, i, kinds, hits, max);
    if (w) rc = fn(payload, i, hits, w);
  }
  if (prep != local) free(prep);
  return rc;
}

int pl_lexicon_synset_match(const parley_lexicon *lex, uint32_t synset, const parley_token *toks, size_t n,
                            size_t pos, size_t *len) {
  pl_lex_hit hits[64];
  size_t nh = pl_lexicon_match(lex, toks, n, pos, PL_LEX_SYNSET, hits, PL_ARRAY_LEN(hits));
  for (size_t i = 0; i < nh; i++)
    if (hits[i].id == synset) {
      if (len) *len = hits[i].n_tokens;
      return 1;
    }
  return 0;
}

/* ------------------------------------------------------------------------------------------------------------ */
/* getters */

size_t pl_lexicon_actor_count(const parley_lexicon *lex) { return lex->n_actors; }

const char *pl_lexicon_actor_name(const parley_lexicon *lex, uint32_t actor) {
  return actor < lex->n_actors ? lex->actors[actor].name : NULL;
}

const char *pl_lexicon_actor_code(const parley_lexicon *lex, uint32_t actor, const char *date, const char **note) {
  if (note) *note = NULL;
  if (actor >= lex->n_actors) return NULL;
  const lex_actor *a = &lex->actors[actor];
  const lex_code *best = NULL, *undated = NULL;
  if (!date) {
    for (size_t i = 0; i < a->n_codes; i++) {
      const lex_code *c = &a->codes[i];
      if (!c->from && !c->to) {
        if (!undated) undated = c;
        continue;
      }
      /* latest: the open-ended one, else the one ending last */
      int32_t ce = c->to ? c->to : 99999999, be = best ? (best->to ? best->to : 99999999) : -1;
      if (!best || ce > be || (ce == be && c->from > best->from)) best = c;
    }
    if (undated) best = undated;
  } else {
    int32_t d = pl_lex_parse_date(date, strlen(date));
    for (size_t i = 0; i < a->n_codes; i++) {
      const lex_code *c = &a->codes[i];
      if (!c->from && !c->to) {
        if (!undated) undated = c;
        continue;
      }
      if (!d) continue;
      if ((c->from && d < c->from) || (c->to && d > c->to)) continue;
      if (!best || c->from > best->from) best = c;
    }
    if (!best) best = undated;
  }
  if (!best) return NULL;
  if (note) *note = best->note;
  return best->code;
}

const char *pl_lexicon_agent_code(const parley_lexicon *lex, uint32_t agent) {
  return agent < lex->n_agents ? lex->agents[agent].code : NULL;
}
int pl_lexicon_agent_code_first(const parley_lexicon *lex, uint32_t agent) {
  return agent < lex->n_agents ? lex->agents[agent].code_first : 0;
}
const char *pl_lexicon_agent_name(const parley_lexicon *lex, uint32_t agent) {
  return agent < lex->n_agents ? lex->agents[agent].name : NULL;
}

const char *pl_lexicon_verb_code(const parley_lexicon *lex, uint32_t verb) {
  return verb < lex->n_verbs ? lex->verbs[verb].code : NULL;
}
const char *pl_lexicon_verb_name(const parley_lexicon *lex, uint32_t verb) {
  return verb < lex->n_verbs ? lex->verbs[verb].name : NULL;
}
size_t pl_lexicon_verb_patterns(const parley_lexicon *lex, uint32_t verb, const pl_verb_pattern **out) {
  *out = NULL;
  if (verb >= lex->n_verbs || !lex->compiled) return 0;
  const lex_block *b = &lex->blocks[lex->verbs[verb].block];
  *out = b->pats;
  return b->n_pats;
}
const char *pl_lexicon_synset_name(const parley_lexicon *lex, uint32_t synset) {
  return synset < lex->n_synsets ? lex->synsets[synset].name : NULL;
}
int pl_lexicon_discard_story(const parley_lexicon *lex, uint32_t discard) {
  return discard < lex->n_discards ? lex->discards[discard].story : 0;
}
const char *pl_lexicon_discard_text(const parley_lexicon *lex, uint32_t discard) {
  return discard < lex->n_discards ? lex->discards[discard].name : NULL;
}
const char *pl_lexicon_issue_code(const parley_lexicon *lex, uint32_t issue) {
  return issue < lex->n_issues ? lex->issues[issue].code : NULL;
}

int pl_lexicon_code_info(const parley_lexicon *lex, const char *cameo, pl_code_info *out) {
  uint32_t idx;
  if (!cameo || !map_find(lex, lex->code_map, lex->code_map_cap, code_key, cameo, strlen(cameo), &idx))
    return PARLEY_ENOTFOUND;
  if (out) *out = lex->codes[idx].info;
  return PARLEY_OK;
}

/* ------------------------------------------------------------------------------------------------------------ */
/* the lexicon object */


int parley_lexicon_new(parley_lexicon **out, const parley_lexicon_options *opts) {
  if (!out) return PARLEY_EINVAL;
  *out = NULL;
  parley_lexicon *lex = calloc(1, sizeof *lex);
  if (!lex) return PARLEY_ENOMEM;
  if (opts) {
    lex->diag = opts->diag;
    lex->diag_payload = opts->diag_payload;
  }
  pl_arena_init(&lex->arena, 256 * 1024);
  pl_arena_init(&lex->scratch, 16 * 1024);
  /* the [codes] table is always there, whatever dictionaries are added */
  lex->codes_mode = 1;
  for (size_t i = 0; i < pl_builtin_dicts_n; i++) {
    int rc = pl_dict_read_parley(lex, pl_builtin_dicts[i].name, pl_builtin_dicts[i].text, pl_builtin_dicts[i].len);
    if (rc == PARLEY_ENOMEM) {
      parley_lexicon_free(lex);
      return rc;
    }
  }
  lex->codes_mode = 0;
  lex->st.lines = 0;
  *out = lex;
  return PARLEY_OK;
}

int pl_lex_codes_mode(const parley_lexicon *lex) { return lex->codes_mode; }

int parley_lexicon_add_builtin(parley_lexicon *lex) {
  if (!lex) return PARLEY_EINVAL;
  if (lex->compiled) return PARLEY_EINVAL;
  lex->codes_mode = 2;
  for (size_t i = 0; i < pl_builtin_dicts_n; i++) {
    int rc = pl_dict_read_parley(lex, pl_builtin_dicts[i].name, pl_builtin_dicts[i].text, pl_builtin_dicts[i].len);
    if (rc == PARLEY_ENOMEM) {
      lex->codes_mode = 0;
      return rc;
    }
    lex->st.files++;
  }
  lex->codes_mode = 0;
  return PARLEY_OK;
}

int parley_lexicon_add_buffer(parley_lexicon *lex, const char *name, const char *buf, size_t len,
                              parley_dict_format format) {
  if (!lex || (!buf && len)) return PARLEY_EINVAL;
  if (lex->compiled) return PARLEY_EINVAL;
  const char *fname = pl_lex_strdup(lex, name ? name : "-", strlen(name ? name : "-"));
  if (!fname) return PARLEY_ENOMEM;
  if (format == PARLEY_DICT_AUTO) format = pl_dict_detect(fname, buf, len);
  if (format == PARLEY_DICT_AUTO) {
    pl_lex_src src = {fname, 0};
    pl_lex_diag(lex, &src, PARLEY_DIAG_ERROR, "%s", "not a dictionary (no [section] and no PETRARCH format): skipped");
    lex->st.files++;
    return PARLEY_OK;
  }
  parley_lexicon_stats before = lex->st;
  int rc = format == PARLEY_DICT_PARLEY ? pl_dict_read_parley(lex, fname, buf, len)
                                        : pl_dict_read_petrarch(lex, fname, buf, len, format);
  lex->st.files++;
  /* an empty file or an article given as --dict would otherwise code nothing and say nothing */
  const parley_lexicon_stats *now = &lex->st;
  if (rc == PARLEY_OK && now->actors == before.actors && now->agents == before.agents && now->verbs == before.verbs &&
      now->patterns == before.patterns && now->synsets == before.synsets && now->discards == before.discards &&
      now->issues == before.issues && now->codes == before.codes) {
    pl_lex_src src = {fname, 0};
    pl_lex_diag(lex, &src, PARLEY_DIAG_ERROR, "%s", "no dictionary entries: empty or not a dictionary");
  }
  return rc == PARLEY_ENOMEM ? rc : PARLEY_OK;
}

int parley_lexicon_add_file(parley_lexicon *lex, const char *path) {
  return parley_lexicon_add_file_format(lex, path, PARLEY_DICT_AUTO);
}

int parley_lexicon_add_file_format(parley_lexicon *lex, const char *path, parley_dict_format format) {
  if (!lex || !path) return PARLEY_EINVAL;
  if (lex->compiled) return PARLEY_EINVAL;
  FILE *f = fopen(path, "rb");
  if (!f) {
    pl_lex_src src = {path, 0};
    pl_lex_diag(lex, &src, PARLEY_DIAG_ERROR, "cannot open: %s", strerror(errno));
    return PARLEY_EIO;
  }
  char *buf;
  size_t n;
  int rc = pl_read_stream(f, 0, &buf, &n);
  fclose(f);
  if (rc == PARLEY_ENOMEM) return PARLEY_ENOMEM;
  if (rc) {
    pl_lex_src src = {path, 0};
    pl_lex_diag(lex, &src, PARLEY_DIAG_ERROR, "read error");
    return PARLEY_EIO;
  }
  rc = parley_lexicon_add_buffer(lex, path, buf, n, format);
  free(buf);
  return rc;
}

void parley_lexicon_stats_get(const parley_lexicon *lex, parley_lexicon_stats *out) {
  if (!out) return;
  memset(out, 0, sizeof *out);
  if (!lex) return;
  *out = lex->st;
  out->codes = lex->n_codes;
  size_t mem = lex->arena.total + lex->scratch.total;
  mem += lex->cap_actors * sizeof *lex->actors + lex->cap_agents * sizeof *lex->agents;
  mem += lex->cap_verbs * sizeof *lex->verbs + lex->cap_phrases * sizeof *lex->phrases;
  mem += lex->cap_rawpats * sizeof *lex->rawpats + lex->cap_blocks * sizeof *lex->blocks;
  mem += lex->toks_cap * sizeof *lex->toks + lex->edges_cap * sizeof *lex->edges;
  mem += lex->bedges_cap * sizeof *lex->bedges + lex->cap_bnodes * sizeof *lex->bterms;
  mem += lex->cap_nodes * sizeof *lex->nodes + lex->edge_bloom_bits / 8 + lex->root_bloom_bits / 8;
  mem += lex->tok_arr_cap * (sizeof *lex->tok_str + sizeof *lex->tok_len);
  for (size_t i = 0; i < lex->n_actors; i++) mem += lex->actors[i].cap_codes * sizeof(lex_code);
  out->memory = mem;
}

void parley_lexicon_free(parley_lexicon *lex) {
  if (!lex) return;
  for (size_t i = 0; i < lex->n_actors; i++) free(lex->actors[i].codes);
  for (size_t i = 0; i < lex->n_verbs; i++) free(lex->verbs[i].forms);
  free(lex->actors);
  free(lex->agents);
  free(lex->verbs);
  free(lex->blocks);
  free(lex->rawpats);
  free(lex->synsets);
  free(lex->discards);
  free(lex->issues);
  free(lex->phrases);
  free(lex->verb_stems);
  free(lex->stem_map);
  free(lex->codes);
  free(lex->actor_map);
  free(lex->verb_map);
  free(lex->synset_map);
  free(lex->code_map);
  free(lex->toks);
  free(lex->tok_str);
  free(lex->tok_len);
  free(lex->root_bloom);
  free(lex->edge_bloom);
  free(lex->edges);
  free(lex->bedges);
  free(lex->bterms);
  free(lex->nodes);
  pl_arena_dispose(&lex->arena);
  pl_arena_dispose(&lex->scratch);
  free(lex);
}

/* ------------------------------------------------------------------------------------------------------------ */
/* read-only views for dict_parley.c's writer and the checker */

size_t pl_lex_n(const parley_lexicon *lex, int kind);
size_t pl_lex_n(const parley_lexicon *lex, int kind) {
  switch (kind) {
  case PL_LEX_ACTOR: return lex->n_actors;
  case PL_LEX_AGENT: return lex->n_agents;
  case PL_LEX_VERB: return lex->n_verbs;
  case PL_LEX_SYNSET: return lex->n_synsets;
  case PL_LEX_DISCARD: return lex->n_discards;
  case PL_LEX_ISSUE: return lex->n_issues;
  default: return 0;
  }
}

/* ------------------------------------------------------------------------------------------------------------ */
/* writing parley's format (`parley dict convert`) */

static int strcasecmp_ascii_eq(const char *a, const char *b) {
  while (*a && tolower((unsigned char)*a) == tolower((unsigned char)*b)) a++, b++;
  return tolower((unsigned char)*a) - tolower((unsigned char)*b);
}

static void fmt_date(char *out, int32_t d) {
  if (!d) {
    out[0] = 0;
    return;
  }
  unsigned y = (unsigned)(d / 10000) % 10000u, m = (unsigned)(d / 100 % 100) % 100u, dd = (unsigned)(d % 100) % 100u;
  out[0] = (char)('0' + y / 1000);
  out[1] = (char)('0' + y / 100 % 10);
  out[2] = (char)('0' + y / 10 % 10);
  out[3] = (char)('0' + y % 10);
  out[4] = '-';
  out[5] = (char)('0' + m / 10);
  out[6] = (char)('0' + m % 10);
  out[7] = '-';
  out[8] = (char)('0' + dd / 10);
  out[9] = (char)('0' + dd % 10);
  out[10] = 0;
}

/* Index of the phrases by (kind, id) would be faster, but convert runs once; a sort keeps it O(n log n). */
static int cmp_phrase_kind_id(const void *a, const void *b) {
  const lex_phrase *x = a, *y = b;
  if (x->kind != y->kind) return x->kind - y->kind;
  if (x->id != y->id) return x->id < y->id ? -1 : 1;
  if (x->line != y->line) return x->line < y->line ? -1 : 1; /* file order inside one entry */
  return 0;
}

static size_t first_phrase(const lex_phrase *ph, size_t n, uint8_t kind, uint32_t id) {
  size_t lo = 0, hi = n;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (ph[mid].kind < kind || (ph[mid].kind == kind && ph[mid].id < id)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

static void write_names_sorted(pl_strbuf *sb, const lex_phrase *ph, size_t n, uint8_t kind, uint32_t id,
                               const char *first) {
  int cnt = 0;
  size_t f0 = first_phrase(ph, n, kind, id);
  for (size_t i = f0; i < n && ph[i].kind == kind && ph[i].id == id; i++) {
    if (!ph[i].orig || (ph[i].flags & PL_PH_GENERATED)) continue; /* generated forms are generated again */
    int dup = 0; /* generated variants share orig; parley lines repeat names */
    for (size_t k = f0; k < i && !dup; k++)
      dup = ph[k].orig && !strcmp(ph[k].orig, ph[i].orig) && ph[k].flags == ph[i].flags;
    if (dup) continue;
    if (first && !strcasecmp_ascii_eq(first, ph[i].orig) && !(ph[i].flags & PL_PH_PREFIX) && cnt == 0) {
      pl_strbuf_puts(sb, first); /* the display name, in its nicer spelling */
      cnt++;
      continue;
    }
    if (cnt++) pl_strbuf_puts(sb, "; ");
    else if (first && strcasecmp_ascii_eq(first, ph[i].orig)) {
      pl_strbuf_puts(sb, first);
      pl_strbuf_puts(sb, "; ");
    }
    pl_strbuf_puts(sb, ph[i].orig);
    if (ph[i].flags & PL_PH_PREFIX) pl_strbuf_putc(sb, '*');
  }
  if (!cnt && first) pl_strbuf_puts(sb, first);
}

int parley_lexicon_write(parley_buf *out, const parley_lexicon *lex, int with_codes) {
  if (!out || !lex) return PARLEY_EINVAL;
  pl_strbuf sb = PL_STRBUF_INIT;
  lex_phrase *ph = malloc((lex->n_phrases + 1) * sizeof *ph);
  if (!ph) return PARLEY_ENOMEM;
  if (lex->n_phrases) memcpy(ph, lex->phrases, lex->n_phrases * sizeof *ph);
  /* qsort is not stable: the original position, kept in line, breaks ties */
  for (size_t i = 0; i < lex->n_phrases; i++) ph[i].line = i;
  qsort(ph, lex->n_phrases, sizeof *ph, cmp_phrase_kind_id);
  size_t n = lex->n_phrases;
  pl_strbuf_puts(&sb, "# parley dictionary (docs/dictionary-format.md), written by `parley dict convert`\n");
  if (lex->n_actors) {
    pl_strbuf_puts(&sb, "\n[actors]\n");
    for (size_t a = 0; a < lex->n_actors; a++) {
      const lex_actor *ac = &lex->actors[a];
      if (first_phrase(ph, n, PL_LEX_ACTOR, (uint32_t)a) >= n ||
          ph[first_phrase(ph, n, PL_LEX_ACTOR, (uint32_t)a)].id != a ||
          ph[first_phrase(ph, n, PL_LEX_ACTOR, (uint32_t)a)].kind != PL_LEX_ACTOR)
        continue; /* no names left */
      for (size_t c = 0; c < ac->n_codes; c++) {
        write_names_sorted(&sb, ph, n, PL_LEX_ACTOR, (uint32_t)a, ac->name);
        const lex_code *lc = &ac->codes[c];
        pl_strbuf_printf(&sb, " | %s", lc->code);
        if (lc->from || lc->to || lc->note) {
          char f[11], t[11];
          fmt_date(f, lc->from);
          fmt_date(t, lc->to);
          pl_strbuf_printf(&sb, " | %s%s%s", f, lc->from || lc->to ? ".." : "", t);
          if (lc->note) pl_strbuf_printf(&sb, " | %s", lc->note);
        }
        pl_strbuf_putc(&sb, '\n');
      }
    }
  }
  if (lex->n_agents) {
    pl_strbuf_puts(&sb, "\n[agents]\n");
    for (size_t a = 0; a < lex->n_agents; a++) {
      const lex_agent *ag = &lex->agents[a];
      write_names_sorted(&sb, ph, n, PL_LEX_AGENT, (uint32_t)a, NULL);
      pl_strbuf_printf(&sb, " | %s%s", ag->code, ag->code_first ? "~" : "");
      if (ag->note) pl_strbuf_printf(&sb, " | %s", ag->note);
      pl_strbuf_putc(&sb, '\n');
    }
  }
  if (lex->n_synsets) {
    pl_strbuf_puts(&sb, "\n[synsets]\n");
    for (size_t i = 0; i < lex->n_synsets; i++) {
      size_t f = first_phrase(ph, n, PL_LEX_SYNSET, (uint32_t)i);
      if (f >= n || ph[f].kind != PL_LEX_SYNSET || ph[f].id != i) continue;
      pl_strbuf_printf(&sb, "%s | ", lex->synsets[i].name);
      write_names_sorted(&sb, ph, n, PL_LEX_SYNSET, (uint32_t)i, NULL);
      pl_strbuf_putc(&sb, '\n');
    }
  }
  if (lex->n_verbs) {
    pl_strbuf_puts(&sb, "\n[verbs]\n");
    /* the first verb of a block carries its patterns; its synonyms point to it with `= verb` */
    uint32_t *owner = malloc((lex->n_blocks + 1) * sizeof *owner);
    if (!owner) {
      free(ph);
      pl_strbuf_dispose(&sb);
      return PARLEY_ENOMEM;
    }
    for (size_t b = 0; b < lex->n_blocks; b++) owner[b] = UINT32_MAX;
    for (size_t v = 0; v < lex->n_verbs; v++) {
      const lex_verb *vb = &lex->verbs[v];
      uint32_t b = vb->block;
      while (lex->blocks[b].parent != b) b = lex->blocks[b].parent;
      pl_strbuf_puts(&sb, vb->name);
      for (size_t k = 0; k < vb->n_forms; k++) {
        if (!strcasecmp_ascii_eq(vb->forms[k], vb->name)) continue;
        pl_strbuf_printf(&sb, "; %s", vb->forms[k]);
      }
      pl_strbuf_printf(&sb, " | %s", vb->code ? vb->code : "---");
      if (owner[b] == UINT32_MAX) {
        owner[b] = (uint32_t)v;
        pl_strbuf_putc(&sb, '\n');
        for (size_t i = 0; i < lex->n_rawpats; i++) {
          const lex_rawpat *rp = &lex->rawpats[i];
          uint32_t rb = rp->block;
          while (lex->blocks[rb].parent != rb) rb = lex->blocks[rb].parent;
          if (rb != b) continue;
          pl_strbuf_printf(&sb, "%s | %s | ", vb->name, rp->code);
          /* squeeze the flattened pattern's white space */
          int sp = 0, any = 0;
          for (const char *q = rp->text; *q; q++) {
            if (isspace((unsigned char)*q)) {
              sp = any;
              continue;
            }
            if (sp) pl_strbuf_putc(&sb, ' ');
            sp = 0;
            any = 1;
            pl_strbuf_putc(&sb, *q == '_' ? ' ' : *q);
          }
          pl_strbuf_putc(&sb, '\n');
        }
      } else {
        pl_strbuf_printf(&sb, " | = %s\n", lex->verbs[owner[b]].name);
      }
    }
    free(owner);
  }
  if (lex->n_discards) {
    pl_strbuf_puts(&sb, "\n[discards]\n");
    for (size_t i = 0; i < lex->n_discards; i++) {
      size_t f = first_phrase(ph, n, PL_LEX_DISCARD, (uint32_t)i);
      if (f >= n || ph[f].kind != PL_LEX_DISCARD || ph[f].id != i) continue;
      pl_strbuf_printf(&sb, "%s%s%s\n", ph[f].orig, ph[f].flags & PL_PH_PREFIX ? "*" : "",
                       lex->discards[i].story ? " | story" : "");
    }
  }
  if (lex->n_issues) {
    pl_strbuf_puts(&sb, "\n[issues]\n");
    for (size_t i = 0; i < lex->n_issues; i++) {
      size_t f = first_phrase(ph, n, PL_LEX_ISSUE, (uint32_t)i);
      if (f >= n || ph[f].kind != PL_LEX_ISSUE || ph[f].id != i) continue;
      pl_strbuf_printf(&sb, "%s | %s\n", ph[f].orig, lex->issues[i].code);
    }
  }
  if (with_codes && lex->n_codes) {
    pl_strbuf_puts(&sb, "\n[codes]\n");
    for (size_t i = 0; i < lex->n_codes; i++) {
      const pl_code_info *ci = &lex->codes[i].info;
      pl_strbuf_printf(&sb, "%s | %s | %g | %d | %s | %s\n", ci->code, ci->name, ci->goldstein, ci->quad_class,
                       ci->plover_event ? ci->plover_event : "", ci->plover_mode ? ci->plover_mode : "");
    }
  }
  free(ph);
  if (sb.failed) {
    pl_strbuf_dispose(&sb);
    return PARLEY_ENOMEM;
  }
  size_t len = 0;
  out->ptr = pl_strbuf_detach(&sb, &len);
  out->size = len;
  return out->ptr ? PARLEY_OK : PARLEY_ENOMEM;
}

/* ------------------------------------------------------------------------------------------------------------ */
/* checking */

static void check_diag(const parley_lexicon *lex, const char *file, unsigned long line, int level, int *ne, int *nw,
                       const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 7, 8)))
#endif
    ;
static void check_diag(const parley_lexicon *lex, const char *file, unsigned long line, int level, int *ne, int *nw,
                       const char *fmt, ...) {
  if (level == PARLEY_DIAG_ERROR) (*ne)++;
  else (*nw)++;
  if (!lex->diag) return;
  char msg[600];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  parley_diag d;
  memset(&d, 0, sizeof d);
  d.level = (parley_diag_level)level;
  d.code = PARLEY_EPARSE;
  d.file = file;
  d.line = line;
  d.msg = msg;
  lex->diag(&d, lex->diag_payload);
}

/* Overlap of two date ranges; a hand-over day (one ends the day the other starts) is not an overlap. */
static int ranges_overlap(const lex_code *a, const lex_code *b) {
  int32_t af = a->from, at = a->to ? a->to : 99999999, bf = b->from, bt = b->to ? b->to : 99999999;
  if (!(af <= bt && bf <= at)) return 0;
  if ((at == bf && af < bf) || (bt == af && bf < af)) return 0;
  return 1;
}

int parley_lexicon_check(int *n_errors, int *n_warnings, const parley_lexicon *lex) {
  int ne = 0, nw = 0;
  if (!lex || !lex->compiled) return PARLEY_EINVAL;
  /* within one actor: dated codes that overlap */
  for (size_t a = 0; a < lex->n_actors; a++) {
    const lex_actor *ac = &lex->actors[a];
    for (size_t i = 0; i < ac->n_codes; i++)
      for (size_t j = i + 1; j < ac->n_codes; j++) {
        const lex_code *x = &ac->codes[i], *y = &ac->codes[j];
        if (!(x->from || x->to) && !(y->from || y->to)) {
          /* two defaults ("Iran | IRN" and "Iran | ISR"): which one codes is an accident of the file order */
          if (strcmp(x->code, y->code))
            check_diag(lex, y->file, y->line, PARLEY_DIAG_ERROR, &ne, &nw,
                       "actor '%s': conflicting codes %s and %s (line %lu) for all dates", ac->name, y->code, x->code,
                       x->line);
          continue;
        }
        if (!(x->from || x->to) || !(y->from || y->to)) continue; /* the undated code is the default */
        if (!ranges_overlap(x, y)) continue;
        /* two offices at once is possible (the one that started last is used), so a warning */
        if (strcmp(x->code, y->code))
          check_diag(lex, y->file, y->line, PARLEY_DIAG_WARNING, &ne, &nw,
                     "actor '%s': %s and %s (line %lu) have overlapping date ranges", ac->name, y->code, x->code,
                     x->line);
        else
          check_diag(lex, y->file, y->line, PARLEY_DIAG_WARNING, &ne, &nw,
                     "actor '%s': %s twice for overlapping dates (line %lu)", ac->name, y->code, x->line);
      }
  }
  /* one phrase, several entries of a kind: conflicting codes are errors */
  phrase_key *ord = phrase_keys(lex);
  if (!ord) return PARLEY_ENOMEM;
  for (size_t i = 0; ord[i].idx != SIZE_MAX;) {
    size_t j = i + 1;
    while (ord[j].idx != SIZE_MAX && same_phrase(&ord[i], &ord[j])) j++;
    for (size_t x = i; x < j && j - i < 64; x++)
      for (size_t y = x + 1; y < j; y++) {
        const lex_phrase *p = &lex->phrases[ord[x].idx], *q = &lex->phrases[ord[y].idx];
        if (p->id == q->id) continue;
        if (p->kind == PL_LEX_ACTOR) {
          const lex_actor *pa = &lex->actors[p->id], *qa = &lex->actors[q->id];
          const lex_code *c1 = NULL, *c2 = NULL;
          for (size_t a1 = 0; a1 < pa->n_codes && !c1; a1++)
            for (size_t b1 = 0; b1 < qa->n_codes && !c1; b1++)
              if (strcmp(pa->codes[a1].code, qa->codes[b1].code) && ranges_overlap(&pa->codes[a1], &qa->codes[b1])) {
                c1 = &pa->codes[a1];
                c2 = &qa->codes[b1];
              }
          if (c1)
            check_diag(lex, q->file, q->line, PARLEY_DIAG_ERROR, &ne, &nw,
                       "'%s' is a name of '%s' (%s) and of '%s' (%s, %s:%lu) for the same dates", q->orig, qa->name,
                       c2->code, pa->name, c1->code, p->file ? p->file : "?", p->line);
          else
            check_diag(lex, q->file, q->line, PARLEY_DIAG_WARNING, &ne, &nw,
                       "'%s' is a name of '%s' and of '%s' (same codes)", q->orig, qa->name, pa->name);
        } else if (p->kind == PL_LEX_AGENT) {
          const lex_agent *pa = &lex->agents[p->id], *qa = &lex->agents[q->id];
          if (strcmp(pa->code, qa->code) || pa->code_first != qa->code_first)
            check_diag(lex, q->file, q->line, PARLEY_DIAG_ERROR, &ne, &nw,
                       "'%s' is an agent %s (%s) and %s (%s, %s:%lu)", q->orig, qa->code, qa->name, pa->code, pa->name,
                       p->file ? p->file : "?", p->line);
        } else if (p->kind == PL_LEX_VERB) {
          const lex_verb *pv = &lex->verbs[p->id], *qv = &lex->verbs[q->id];
          if (pv->code && qv->code && strcmp(pv->code, qv->code))
            check_diag(lex, q->file, q->line, PARLEY_DIAG_WARNING, &ne, &nw,
                       "'%s' is a form of verb '%s' (%s) and of verb '%s' (%s)", q->orig, qv->name, qv->code, pv->name,
                       pv->code);
        } else if (p->kind == PL_LEX_DISCARD) {
          check_diag(lex, q->file, q->line, PARLEY_DIAG_WARNING, &ne, &nw, "discard '%s' listed twice", q->orig);
        }
      }
    i = j;
  }
  free(ord);
  /* synonym cycles (`a = b`, `b = a`): no verb of the cycle says what they are synonyms of. A walk from each verb
   * stops after n_verbs steps, so a cycle not through the start cannot hold it either. */
  for (size_t v = 0; v < lex->n_verbs; v++) {
    uint32_t at = (uint32_t)v, next;
    size_t steps = 0;
    while (lex->verbs[at].alias && steps++ < lex->n_verbs &&
           pl_lex_verb_find(lex, lex->verbs[at].alias, strlen(lex->verbs[at].alias), &next)) {
      at = next;
      if (at == v) {
        const lex_verb *lv = &lex->verbs[v];
        check_diag(lex, lv->alias_file, lv->alias_line, PARLEY_DIAG_ERROR, &ne, &nw,
                   "verb '%s': its synonyms (= VERB) lead back to it (a cycle)", lv->name);
        break;
      }
    }
  }
  /* event codes the [codes] table does not know */
  if (lex->n_codes) {
    for (size_t v = 0; v < lex->n_verbs; v++)
      if (lex->verbs[v].code && !code_known(lex, lex->verbs[v].code))
        check_diag(lex, NULL, 0, PARLEY_DIAG_ERROR, &ne, &nw, "verb '%s': unknown event code %s", lex->verbs[v].name,
                   lex->verbs[v].code);
    for (size_t b = 0; b < lex->n_blocks; b++)
      for (size_t i = 0; i < lex->blocks[b].n_pats; i++) {
        const pl_verb_pattern *p = &lex->blocks[b].pats[i];
        if (!code_known(lex, p->code))
          check_diag(lex, p->file, p->line, PARLEY_DIAG_ERROR, &ne, &nw, "pattern '%s': unknown event code %s",
                     p->text, p->code);
      }
  } else {
    check_diag(lex, NULL, 0, PARLEY_DIAG_WARNING, &ne, &nw, "no [codes] table: event codes not checked");
  }
  for (size_t a = 0; a < lex->n_actors; a++)
    if (!lex->actors[a].n_codes)
      check_diag(lex, NULL, 0, PARLEY_DIAG_WARNING, &ne, &nw, "actor '%s' has no code", lex->actors[a].name);
  if (n_errors) *n_errors = ne;
  if (n_warnings) *n_warnings = nw;
  return PARLEY_OK;
}

/* ------------------------------------------------------------------------------------------------------------ */
/* lookup (`parley dict lookup`) */

static const char *kind_name(uint8_t k) {
  switch (k) {
  case PL_LEX_ACTOR: return "actor";
  case PL_LEX_AGENT: return "agent";
  case PL_LEX_VERB: return "verb";
  case PL_LEX_DISCARD: return "discard";
  case PL_LEX_SYNSET: return "synset";
  case PL_LEX_ISSUE: return "issue";
  default: return "?";
  }
}

int parley_lexicon_lookup(parley_buf *out, const parley_lexicon *lex, const char *phrase, const char *date) {
  if (!out || !lex || !phrase || !lex->compiled) return PARLEY_EINVAL;
  pl_arena a;
  pl_arena_init(&a, 0);
  parley_token *t;
  size_t n;
  int rc = LEX_TOKENIZE(phrase, strlen(phrase), &a, &t, &n);
  if (rc) {
    pl_arena_dispose(&a);
    return rc;
  }
  pl_strbuf sb = PL_STRBUF_INIT;
  size_t found = 0;
  /* the best actor and agent starting at each token, to spell out country + agent combinations */
  const char *act_code[64] = {0}, *agt_code[64] = {0};
  size_t act_len[64] = {0}, agt_len[64] = {0};
  for (size_t i = 0; i < n; i++) {
    pl_lex_hit hits[32];
    size_t nh = pl_lexicon_match(lex, t, n, i, PL_LEX_ALL, hits, PL_ARRAY_LEN(hits));
    for (size_t k = 0; k < nh; k++) {
      const pl_lex_hit *h = &hits[k];
      found++;
      pl_strbuf_printf(&sb, "\"");
      for (size_t j = i; j < i + h->n_tokens; j++) pl_strbuf_printf(&sb, "%s%s", j > i ? " " : "", t[j].fold);
      pl_strbuf_printf(&sb, "\" %s%s: ", kind_name(h->kind), h->prefix ? " (prefix)" : "");
      switch (h->kind) {
      case PL_LEX_ACTOR: {
        const char *note = NULL;
        const char *code = pl_lexicon_actor_code(lex, h->id, date, &note);
        const lex_actor *ac = &lex->actors[h->id];
        pl_strbuf_printf(&sb, "%s -> %s", ac->name, code ? code : "(no code on that date)");
        if (note) pl_strbuf_printf(&sb, " (%s)", note);
        for (size_t c = 0; c < ac->n_codes; c++) {
          const lex_code *lc = &ac->codes[c];
          char f[11], to[11];
          fmt_date(f, lc->from);
          fmt_date(to, lc->to);
          pl_strbuf_printf(&sb, "%s %s%s%s%s%s%s", c ? ";" : "\n    codes:", lc->code, lc->from || lc->to ? " " : "",
                           f, lc->from || lc->to ? ".." : "", to, lc->note ? " " : "");
          if (lc->note) pl_strbuf_puts(&sb, lc->note);
        }
        if (code && i < 64 && (!act_code[i] || h->n_tokens > act_len[i])) {
          act_code[i] = code;
          act_len[i] = h->n_tokens;
        }
        break;
      }
      case PL_LEX_AGENT: {
        const lex_agent *ag = &lex->agents[h->id];
        pl_strbuf_printf(&sb, "%s -> %s%s", ag->name, ag->code, ag->code_first ? " (before the country)" : "");
        if (ag->note) pl_strbuf_printf(&sb, " (%s)", ag->note);
        if (i < 64 && (!agt_code[i] || h->n_tokens > agt_len[i])) {
          agt_code[i] = ag->code;
          agt_len[i] = h->n_tokens;
        }
        break;
      }
      case PL_LEX_VERB: {
        const lex_verb *vb = &lex->verbs[h->id];
        const pl_verb_pattern *pats;
        size_t np = pl_lexicon_verb_patterns(lex, h->id, &pats);
        pl_strbuf_printf(&sb, "%s -> %s, %zu patterns", vb->name, vb->code ? vb->code : "no bare-verb code", np);
        pl_code_info ci;
        if (vb->code && !pl_lexicon_code_info(lex, vb->code, &ci)) pl_strbuf_printf(&sb, " (%s)", ci.name);
        break;
      }
      case PL_LEX_SYNSET: pl_strbuf_printf(&sb, "%s", lex->synsets[h->id].name); break;
      case PL_LEX_DISCARD:
        pl_strbuf_printf(&sb, "%s (%s)", lex->discards[h->id].name,
                         lex->discards[h->id].story ? "drops the story" : "drops the sentence");
        break;
      case PL_LEX_ISSUE: pl_strbuf_printf(&sb, "%s -> %s", lex->issues[h->id].name, lex->issues[h->id].code); break;
      }
      pl_strbuf_putc(&sb, '\n');
    }
  }
  /* words no verb form matches, found through their Snowball stem */
  struct sb_stemmer *stemmer = sb_stemmer_new("english", "UTF_8");
  for (size_t i = 0; stemmer && i < n; i++) {
    pl_lex_hit h[4];
    if (t[i].cls != PARLEY_TOKEN_WORD || pl_lexicon_match(lex, t, n, i, PL_LEX_VERB, h, 4)) continue;
    const sb_symbol *sym = sb_stemmer_stem(stemmer, (const sb_symbol *)t[i].fold, (int)t[i].fold_len);
    if (!sym) continue;
    uint32_t v = pl_lexicon_verb_by_stem(lex, (const char *)sym, (size_t)sb_stemmer_length(stemmer));
    if (v == PL_LEX_NO_VERB) continue;
    found++;
    pl_strbuf_printf(&sb, "\"%s\" verb by its stem \"%.*s\": %s -> %s\n", t[i].fold, sb_stemmer_length(stemmer),
                     (const char *)sym, lex->verbs[v].name, lex->verbs[v].code ? lex->verbs[v].code : "no bare-verb code");
  }
  if (stemmer) sb_stemmer_delete(stemmer);
  /* country + agent: "Russian counterpart", "Iranian president"; agent + of + country: "president of Iran" */
  for (size_t i = 0; i < n && i < 64; i++) {
    if (act_code[i] && strlen(act_code[i]) == 3) {
      size_t j = i + act_len[i];
      if (j < n && !strcmp(t[j].fold, "'s")) j++; /* "Iran's president" */
      if (j < n && j < 64 && agt_code[j])
        pl_strbuf_printf(&sb, "combined: %s + %s = %s%s\n", act_code[i], agt_code[j], act_code[i], agt_code[j]);
    }
    if (agt_code[i]) {
      size_t j = i + agt_len[i];
      if (j < n && !strcmp(t[j].fold, "of")) j++;
      if (j < n && !strcmp(t[j].fold, "the")) j++;
      if (j != i + agt_len[i] && j < n && j < 64 && act_code[j] && strlen(act_code[j]) == 3)
        pl_strbuf_printf(&sb, "combined: %s + %s = %s%s\n", act_code[j], agt_code[i], act_code[j], agt_code[i]);
    }
  }
  if (!found) pl_strbuf_printf(&sb, "no dictionary entry matches \"%s\"\n", phrase);
  pl_arena_dispose(&a);
  if (sb.failed) {
    pl_strbuf_dispose(&sb);
    return PARLEY_ENOMEM;
  }
  size_t len = 0;
  out->ptr = pl_strbuf_detach(&sb, &len);
  out->size = len;
  if (!out->ptr) return PARLEY_ENOMEM;
  return found ? PARLEY_OK : PARLEY_ENOTFOUND;
}
