/* parley/types.h: the records that flow between parley's stages: articles, sentences, tokens and events.
 *
 * All strings are UTF-8. Pointers inside these records are borrowed from the object that produced them
 * (reader, document, coder) and stay valid until that object's next call, unless stated otherwise. */
#ifndef PARLEY_TYPES_H
#define PARLEY_TYPES_H
#include <stddef.h>
#include <stdint.h>
#ifdef __cplusplus
extern "C" {
#endif

/* A half-open byte range [start, end) into parley_article.text. */
typedef struct parley_span {
  size_t start;
  size_t end;
} parley_span;

/* One news article as read, before cleaning. Optional fields are NULL when unknown. */
typedef struct parley_article {
  const char *id;        /* from JSONL `id`, else derived from the file name (never NULL) */
  const char *title;     /* headline, or NULL */
  const char *date;      /* publication date YYYY-MM-DD, or NULL (never invented) */
  const char *source;    /* outlet, e.g. "Tasnim", or NULL */
  const char *url;       /* canonical URL, or NULL */
  const char *language;  /* as the input declares it (JSONL `language`, a page's lang attribute), else as
                          * parley/language.h detects it from the text (ISO 639-1, "und"), or NULL */
  const char *text;      /* body text (valid UTF-8, NUL-terminated); every offset in parley points into this */
  size_t text_len;
  const char *file;      /* where it was read from ("-" for stdin) */
  unsigned long line;    /* 1-based line for JSONL input, 0 otherwise */
} parley_article;

/* Token classes: stored and serialised, so the numbers are fixed. */
typedef enum parley_token_class {
  PARLEY_TOKEN_WORD = 1,
  PARLEY_TOKEN_NUMBER = 2,
  PARLEY_TOKEN_PUNCT = 3,
  PARLEY_TOKEN_SYMBOL = 4,
  PARLEY_TOKEN_OTHER = 5,
} parley_token_class;

/* Token and sentence flags (bit set). */
#define PARLEY_TOKEN_IN_QUOTE 0x01u /* inside a quotation ("...", “...”): reported speech */
#define PARLEY_TOKEN_IN_PAREN 0x02u /* inside (...) or [...] */
#define PARLEY_TOKEN_CAPITAL  0x04u /* begins with an upper-case letter in the text */

/* One token. fold is the ICU case-folded (NFKC) form used for matching, NUL-terminated. */
typedef struct parley_token {
  size_t start, end;     /* byte offsets into parley_article.text */
  const char *fold;
  size_t fold_len;
  uint8_t cls;           /* parley_token_class */
  uint8_t flags;         /* PARLEY_TOKEN_* */
} parley_token;

/* One cleaned sentence: a span of the article text and a run of its tokens. */
typedef struct parley_sentence {
  size_t start, end;       /* byte offsets into parley_article.text */
  size_t first_token;      /* index of its first token in the document's token array */
  size_t n_tokens;
  unsigned flags;          /* PARLEY_TOKEN_IN_QUOTE when the whole sentence is a quotation */
} parley_sentence;

/* QuadClass as CAMEO/GDELT define it. */
typedef enum parley_quad_class {
  PARLEY_QUAD_VERBAL_COOP = 1,
  PARLEY_QUAD_MATERIAL_COOP = 2,
  PARLEY_QUAD_VERBAL_CONFLICT = 3,
  PARLEY_QUAD_MATERIAL_CONFLICT = 4,
} parley_quad_class;

/* One side of an event. */
typedef struct parley_event_actor {
  char code[40];        /* full CAMEO actor code, e.g. "IRNGOV" */
  char country[8];      /* ISO alpha-3 / CAMEO country part, e.g. "IRN", or "" for none (e.g. IGOs) */
  const char *text;     /* the words in the sentence that named it */
  parley_span span;     /* where those words are */
} parley_event_actor;

/* One coded event. */
typedef struct parley_event {
  const char *doc_id;
  const char *doc_source;     /* outlet, or NULL */
  size_t sentence;            /* 0-based index among the article's cleaned sentences */
  char date[11];              /* event date YYYY-MM-DD, or "" when the article has no date */
  parley_event_actor source;
  parley_event_actor target;
  char cameo[8];              /* e.g. "041" */
  char root[3];               /* e.g. "04" */
  int quad_class;             /* parley_quad_class */
  double goldstein;
  const char *plover_event;   /* e.g. "CONSULT", or NULL */
  const char *plover_mode;    /* or NULL */
  const char *location_name;  /* where it happened: the gazetteer's name of the place, or NULL */
  char location_country[8];   /* the place's ISO alpha-3 country */
  const char *location_from;  /* "clause" (named in the event's clause) or "dateline"; NULL when the coder has no
                                 gazetteer (then location_name is the words after "in", with no coordinates) */
  uint32_t location_geonameid; /* GeoNames id, 0 for regions and countries */
  double location_lat, location_lon;
  char location_feature[8];   /* GeoNames feature code: PPLC, PPLA, PPL..., ADM1, PCLI */
  const char *location_admin1; /* the first-level region's name, or NULL */
  const char *verb;           /* the verb words that matched */
  const char *pattern;        /* the dictionary pattern that matched, as written */
  const parley_span *spans;   /* evidence spans (actors, verb, pattern words) */
  size_t n_spans;
  const char *text;           /* the sentence */
} parley_event;

#ifdef __cplusplus
}
#endif
#endif
