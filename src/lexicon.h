/* lexicon.h: the lexicon's interface to the other stages (the matcher contract the coder uses) and to the
 * dictionary readers (dict_parley.c, dict_petrarch.c) that fill it.
 *
 * Matching works on tokens: a dictionary phrase is tokenised and case-folded exactly like article text, and
 * matches a run of whole tokens (by parley_token.fold). PETRARCH "prefix" entries (a phrase not ending in `_`, or a
 * parley name ending in `*`) match any token that starts with their last word. After parley_lexicon_compile()
 * every function here is a pure read of immutable data: safe from any number of threads. */
#ifndef PL_LEXICON_H
#define PL_LEXICON_H
#include <ctype.h>
#include <parley/lexicon.h>
#include <parley/types.h>
#include <stddef.h>
#include <stdint.h>
#include "util/arena.h"
#include "util/common.h"

/* ---- matcher contract (for the coder) ---- */

typedef enum pl_lex_kind {
  PL_LEX_ACTOR = 1,
  PL_LEX_AGENT = 2,
  PL_LEX_VERB = 4,
  PL_LEX_DISCARD = 8,
  PL_LEX_SYNSET = 16,
  PL_LEX_ISSUE = 32,
} pl_lex_kind;
#define PL_LEX_ALL 63u

/* One dictionary entry whose phrase matches at a position. id indexes the entries of that kind (actor ids for
 * pl_lexicon_actor_*, verb ids for pl_lexicon_verb_*, ...). prefix is 1 when the last token matched as a prefix. */
typedef struct pl_lex_hit {
  uint32_t id;
  uint8_t kind;
  uint8_t prefix;
  uint32_t n_tokens;
} pl_lex_hit;

/* Equal hit lists, field by field (the struct has padding, so not memcmp). */
static inline int pl_lex_hits_equal(const pl_lex_hit *a, size_t na, const pl_lex_hit *b, size_t nb) {
  if (na != nb) return 0;
  for (size_t i = 0; i < na; i++)
    if (a[i].id != b[i].id || a[i].kind != b[i].kind || a[i].prefix != b[i].prefix || a[i].n_tokens != b[i].n_tokens)
      return 0;
  return 1;
}

/* Entries of the kinds in `kinds` (a mask of pl_lex_kind) whose phrase matches toks[pos..n), longest first (at
 * equal length exact matches before prefix matches). Writes at most max hits (the longest ones) and returns how
 * many were written. 0 when pos >= n or the lexicon is not compiled. */
size_t pl_lexicon_match(const parley_lexicon *lex, const parley_token *toks, size_t n, size_t pos, unsigned kinds,
                        pl_lex_hit *out, size_t max);

/* Every position of toks[0..n) in one pass: the hits pl_lexicon_match(lex, toks, n, pos, kinds, ., max) gives,
 * in the same order, for each position with any, passed to fn in increasing pos. Each token is looked up once,
 * not once per start position whose walk reaches it, so a sentence scanned whole costs less than n calls of
 * pl_lexicon_match(). A nonzero return from fn stops the scan and is returned; otherwise 0 (PARLEY_ENOMEM when a
 * long sentence's token records cannot be allocated). */
typedef int (*pl_lex_scan_fn)(void *payload, size_t pos, const pl_lex_hit *hits, size_t n_hits);
int pl_lexicon_scan(const parley_lexicon *lex, const parley_token *toks, size_t n, unsigned kinds, size_t max,
                    pl_lex_scan_fn fn, void *payload);

/* Actors. The code valid on date ("YYYY-MM-DD"): a dated code whose range (both ends inclusive) contains the date
 * wins over an undated one; among several dated ones the one that started last. date NULL: the undated code, or
 * if there is none the latest dated one. NULL when no code applies on that date. *note (may be NULL) receives the
 * note of the chosen code (the office, e.g. "prime minister") or NULL. All strings live as long as the lexicon. */
const char *pl_lexicon_actor_code(const parley_lexicon *lex, uint32_t actor, const char *date, const char **note);
const char *pl_lexicon_actor_name(const parley_lexicon *lex, uint32_t actor); /* display name */
size_t pl_lexicon_actor_count(const parley_lexicon *lex);

/* Agents: the sector code ("GOV", "REB", "GOVFRM") and whether it goes before the country (PETRARCH `IGO~`:
 * returns 1) rather than after it (returns 0). */
const char *pl_lexicon_agent_code(const parley_lexicon *lex, uint32_t agent);
int pl_lexicon_agent_code_first(const parley_lexicon *lex, uint32_t agent);
const char *pl_lexicon_agent_name(const parley_lexicon *lex, uint32_t agent);

/* Verb patterns, flattened into a list of elements in sentence order. PETRARCH markup ( ) { } < > | is dropped;
 * words before `*` precede the verb. */
typedef enum pl_pat_type {
  PL_PAT_WORD = 1,     /* a literal token, word = its fold */
  PL_PAT_VERB = 2,     /* `*`: the verb itself */
  PL_PAT_SOURCE = 3,   /* `$` */
  PL_PAT_TARGET = 4,   /* `+` */
  PL_PAT_SYNSET = 5,   /* `&NAME`: any phrase of synset `synset` */
  PL_PAT_ANY = 6,      /* `^`: PETRARCH's skip: any words up to the next element */
  PL_PAT_COMPOUND = 7, /* `%`: PETRARCH's compound actor slot */
} pl_pat_type;
typedef struct pl_pat_elem {
  uint8_t type;     /* pl_pat_type */
  uint8_t joined;   /* PETRARCH `_`: follows the previous element with no word between */
  const char *word; /* folded token for PL_PAT_WORD, else NULL */
  uint32_t synset;  /* for PL_PAT_SYNSET */
} pl_pat_elem;
typedef struct pl_verb_pattern {
  const char *code;        /* CAMEO event code ("041"), or "---": the pattern blocks coding */
  const pl_pat_elem *elems;
  size_t n_elems;
  const char *text;        /* the pattern as written in the file */
  const char *file;        /* where it was read ("builtin:verbs.txt", a path) */
  unsigned long line;
} pl_verb_pattern;
const char *pl_lexicon_verb_code(const parley_lexicon *lex, uint32_t verb); /* bare-verb code, NULL when none/--- */
const char *pl_lexicon_verb_name(const parley_lexicon *lex, uint32_t verb); /* base form as written, lower case */
/* The patterns of the verb (shared by its synonyms), in file order; *out borrowed from the lexicon. */
size_t pl_lexicon_verb_patterns(const parley_lexicon *lex, uint32_t verb, const pl_verb_pattern **out);

/* The one-word verb whose base form has this Snowball English stem (computed by the caller with its own
 * sb_stemmer("english", "UTF_8"): a stemmer is not thread-safe), or PL_LEX_NO_VERB. A fallback for forms the
 * generated inflections miss; exact forms from pl_lexicon_match() come first. */
#define PL_LEX_NO_VERB UINT32_MAX
uint32_t pl_lexicon_verb_by_stem(const parley_lexicon *lex, const char *stem, size_t len);

/* Does synset `synset` have a phrase matching at toks[pos..]? Returns 1 and sets *len (tokens, the longest) or 0. */
int pl_lexicon_synset_match(const parley_lexicon *lex, uint32_t synset, const parley_token *toks, size_t n,
                            size_t pos, size_t *len);
const char *pl_lexicon_synset_name(const parley_lexicon *lex, uint32_t synset); /* "&PHONE" */

/* Discards: 1 when the discard applies to the whole story (PETRARCH `+`), 0 for the sentence only. */
int pl_lexicon_discard_story(const parley_lexicon *lex, uint32_t discard);
const char *pl_lexicon_discard_text(const parley_lexicon *lex, uint32_t discard);
const char *pl_lexicon_issue_code(const parley_lexicon *lex, uint32_t issue);

/* CAMEO event code properties from the built-in [codes] table (plus any [codes] added). */
typedef struct pl_code_info {
  const char *code, *name;
  double goldstein;
  int quad_class;                       /* parley_quad_class, 0 when unknown */
  const char *plover_event, *plover_mode; /* NULL when none */
} pl_code_info;
/* Returns PARLEY_OK and fills *out, or PARLEY_ENOTFOUND. */
int pl_lexicon_code_info(const parley_lexicon *lex, const char *cameo, pl_code_info *out);

/* Tokenises text exactly as dictionary phrases are (the pipeline's phrase tokenizer); tokens and folds live in a.
 * For tests, `dict lookup` and benchmarks. */
int pl_lex_tokenize_text(const char *s, size_t len, pl_arena *a, parley_token **toks, size_t *n);

/* "YYYY-MM-DD" (or YYYYMMDD) -> yyyymmdd as an integer; 0 when malformed or an impossible date. */
int32_t pl_lex_parse_date(const char *s, size_t len);

/* ---- building (for the dictionary readers; not thread-safe, before compile only) ---- */

/* Where an entry was read; for diagnostics. */
typedef struct pl_lex_src {
  const char *file;
  unsigned long line;
} pl_lex_src;

/* Phrase flags. */
#define PL_PH_PREFIX 0x01u     /* the last token matches as a prefix */
#define PL_PH_UNDERSCORE 0x02u /* `_` joins words (PETRARCH): treat as a space */
#define PL_PH_STORY 0x04u      /* discards: the whole story */
#define PL_PH_GENERATED 0x08u  /* a generated plural or inflection: an entry that lists the phrase itself wins */

/* Reports a problem in a dictionary line (level PARLEY_DIAG_ERROR counts the line as rejected). */
void pl_lex_diag(parley_lexicon *lex, const pl_lex_src *src, int level, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;
/* Copies a string into the lexicon's memory; NULL on OOM. */
char *pl_lex_strdup(parley_lexicon *lex, const char *s, size_t n);
void pl_lex_count_line(parley_lexicon *lex); /* one more line read */

/* Each returns PARLEY_OK, PARLEY_ENOMEM, or PARLEY_EPARSE after it reported a diagnostic. */
PL_WARN_UNUSED int pl_lex_actor_new(parley_lexicon *lex, const char *display, size_t len, uint32_t *out);
/* Finds the actor with that display name (parley format: lines with the same first name are one actor), or makes
 * it; *created tells which. */
PL_WARN_UNUSED int pl_lex_actor_get(parley_lexicon *lex, const char *display, size_t len, uint32_t *out,
                                    int *created);
PL_WARN_UNUSED int pl_lex_actor_name(parley_lexicon *lex, const pl_lex_src *src, uint32_t actor, const char *phrase,
                                     size_t len, unsigned flags);
/* from/to: yyyymmdd or 0 (open end). note may be NULL. */
PL_WARN_UNUSED int pl_lex_actor_code(parley_lexicon *lex, const pl_lex_src *src, uint32_t actor, const char *code,
                                     size_t len, int32_t from, int32_t to, const char *note, size_t note_len);
size_t pl_lex_actor_n_codes(const parley_lexicon *lex, uint32_t actor);
/* 1 when the actor's names were last given as exactly this text (then they need not be added again); records it. */
int pl_lex_actor_names_seen(parley_lexicon *lex, uint32_t actor, const char *names, size_t len);
/* Moves every name of actor `from` to actor `to` (PETRARCH: an uncoded record shares the next one's codes). */
void pl_lex_actor_merge_names(parley_lexicon *lex, uint32_t from, uint32_t to);
void pl_lex_actor_drop(parley_lexicon *lex, uint32_t actor); /* names removed, actor stays empty */
void pl_lex_actor_take_name(parley_lexicon *lex, uint32_t to, uint32_t from); /* display name of `from` */

PL_WARN_UNUSED int pl_lex_agent_new(parley_lexicon *lex, const pl_lex_src *src, const char *display, size_t len,
                                    const char *code, size_t code_len, int code_first, const char *note,
                                    size_t note_len, uint32_t *out);
PL_WARN_UNUSED int pl_lex_agent_name(parley_lexicon *lex, const pl_lex_src *src, uint32_t agent, const char *phrase,
                                     size_t len, unsigned flags);

/* Verbs. Verbs of one block share their patterns (synonyms). */
PL_WARN_UNUSED int pl_lex_block_new(parley_lexicon *lex, uint32_t *out);
/* base is the verb as written (lower-cased on storage); code NULL or "---" = no bare-verb event. */
PL_WARN_UNUSED int pl_lex_verb_new(parley_lexicon *lex, const char *base, size_t len, const char *code,
                                   size_t code_len, uint32_t block, uint32_t *out);
int pl_lex_verb_find(const parley_lexicon *lex, const char *base, size_t len, uint32_t *out); /* 1 found */
uint32_t pl_lex_verb_block(const parley_lexicon *lex, uint32_t verb);
void pl_lex_verb_set_code(parley_lexicon *lex, uint32_t verb, const char *code); /* code already copied */
/* Makes `verb` share the patterns of `other` (parley `= other`); resolved at compile. */
PL_WARN_UNUSED int pl_lex_verb_alias(parley_lexicon *lex, const pl_lex_src *src, uint32_t verb, const char *other,
                                     size_t len);
/* Adds a form (a phrase). inflect >= 0: also add the regular and irregular inflections of word number `inflect`
 * (0-based, after tokenising) of the phrase. */
PL_WARN_UNUSED int pl_lex_verb_form(parley_lexicon *lex, const pl_lex_src *src, uint32_t verb, const char *phrase,
                                    size_t len, unsigned flags, int inflect);
/* Adds a pattern to a block. text uses parley syntax after flattening: words, `*`, `$`, `+`, `%`, `^`, `&NAME`.
 * code as written ("041", "---"). */
PL_WARN_UNUSED int pl_lex_pattern_add(parley_lexicon *lex, const pl_lex_src *src, uint32_t block, const char *code,
                                      size_t code_len, const char *text, size_t len, const char *orig,
                                      size_t orig_len, unsigned flags);

/* Synsets by name ("&PHONE"; the leading & is optional and a trailing _ is ignored). */
PL_WARN_UNUSED int pl_lex_synset_get(parley_lexicon *lex, const char *name, size_t len, uint32_t *out);
PL_WARN_UNUSED int pl_lex_synset_phrase(parley_lexicon *lex, const pl_lex_src *src, uint32_t synset,
                                        const char *phrase, size_t len, unsigned flags);

PL_WARN_UNUSED int pl_lex_discard(parley_lexicon *lex, const pl_lex_src *src, const char *phrase, size_t len,
                                  unsigned flags);
PL_WARN_UNUSED int pl_lex_issue(parley_lexicon *lex, const pl_lex_src *src, const char *phrase, size_t len,
                                const char *code, size_t code_len, unsigned flags);
PL_WARN_UNUSED int pl_lex_code(parley_lexicon *lex, const pl_lex_src *src, const char *code, const char *name,
                               double goldstein, int quad, const char *plover_event, const char *plover_mode);

/* Inflections of an English verb: writes up to max forms (NUL-terminated, each < 64 bytes) into forms[] and
 * returns how many; the base itself is not included. Regular -s/-ed/-ing with spelling rules plus the built-in
 * irregular-verb list. */
size_t pl_lex_inflect(const char *base, char forms[][64], size_t max);

/* A piece of a dictionary line, and the same piece without surrounding white space: what both readers cut lines
 * into. */
typedef struct pl_span {
  const char *p;
  size_t n;
} pl_span;
static inline pl_span pl_span_trim(const char *p, size_t n) {
  while (n && isspace((unsigned char)*p)) p++, n--;
  while (n && isspace((unsigned char)p[n - 1])) n--;
  pl_span s = {p, n};
  return s;
}

/* Built-in dictionaries: generated from data/ by tools/embed (data/CMakeLists.txt). */
typedef struct pl_builtin_dict {
  const char *name;
  const char *text;
  size_t len;
} pl_builtin_dict;
extern const pl_builtin_dict pl_builtin_dicts[];
extern const size_t pl_builtin_dicts_n;

/* Readers (dict_parley.c, dict_petrarch.c). buf need not be NUL-terminated. */
int pl_dict_read_parley(parley_lexicon *lex, const char *name, const char *buf, size_t len);
int pl_dict_read_petrarch(parley_lexicon *lex, const char *name, const char *buf, size_t len,
                          parley_dict_format format);
/* Guesses the format of a dictionary from its name (may be NULL) and content; PARLEY_DICT_AUTO when the content
 * is prose (an article, JSON, markup) in no known format. */
parley_dict_format pl_dict_detect(const char *name, const char *buf, size_t len);

#endif
