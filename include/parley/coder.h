/* parley/coder.h: the event coder — who did what to whom, when — from a processed document and a lexicon.
 *
 * A coder is cheap to create and holds per-document state; the lexicon it reads is immutable and may be shared
 * by any number of coders in any number of threads. One coder must not be used by two threads at once. */
#ifndef PARLEY_CODER_H
#define PARLEY_CODER_H
#include <stddef.h>
#include "export.h"
#include "types.h"
#ifdef __cplusplus
extern "C" {
#endif

typedef struct parley_coder parley_coder;
typedef struct parley_lexicon parley_lexicon;
typedef struct parley_doc parley_doc;
typedef struct parley_gazetteer parley_gazetteer;

/* Option flags. */
#define PARLEY_CODER_ONE_SIDED 0x01u /* also emit events with a source but no target (target code "") */
#define PARLEY_CODER_EXPLAIN   0x02u /* record why each candidate was kept or dropped: parley_coder_explain() */
#define PARLEY_CODER_QUOTES    0x04u /* also code verbs inside quotations (reported speech), off by default */

typedef struct parley_syntax_model parley_syntax_model;

typedef struct parley_coder_options {
  unsigned version; /* PARLEY_CODER_OPTIONS_VERSION (1: a struct without the fields below is still accepted) */
  unsigned flags;   /* PARLEY_CODER_* */
  /* version 2: the syntax model that parses sentences, or NULL (borrowed: it must outlive the coder). A sentence
   * is parsed only when it is looked at and has both a verb and an actor; --explain prints the tree. */
  const parley_syntax_model *syntax;
} parley_coder_options;
#define PARLEY_CODER_OPTIONS_VERSION 2
#define PARLEY_CODER_OPTIONS_INIT {PARLEY_CODER_OPTIONS_VERSION, 0, NULL}

/* CONSTRUCTOR: a coder reading lex (borrowed: it must outlive the coder). opts may be NULL for defaults.
 * Returns PARLEY_OK, PARLEY_ENOMEM or PARLEY_EINVAL (NULL lexicon or unknown options version). */
PARLEY_EXPORT int parley_coder_new(parley_coder **out, const parley_lexicon *lex, const parley_coder_options *opts);

/* METHOD: codes every sentence of doc (processed by parley_doc_process). Events are then pulled with
 * parley_coder_next_event. Any events of the previous document not yet pulled are discarded.
 * Event dates resolve against the article's publication date; with none, event dates are "".
 * Returns PARLEY_OK or PARLEY_ENOMEM. */
PARLEY_EXPORT int parley_coder_code(parley_coder *c, const parley_doc *doc);

/* METHOD: the next event of the current document. *ev is borrowed: valid until the next parley_coder_code or
 * parley_coder_free; its strings point into the coder or the document. Returns PARLEY_OK or PARLEY_EDONE. */
PARLEY_EXPORT int parley_coder_next_event(parley_coder *c, const parley_event **ev);

/* METHOD: the explanation of the current document (NUL-terminated text, one line per sentence, actor, verb and
 * candidate), or "" when PARLEY_CODER_EXPLAIN is off. Borrowed until the next parley_coder_code. */
PARLEY_EXPORT const char *parley_coder_explain(const parley_coder *c);

/* METHOD: message of the last error, owned by the coder. */
PARLEY_EXPORT const char *parley_coder_errmsg(const parley_coder *c);

/* The input limits (parley/limits.h) the document last coded exceeded: the doc's own (parley_doc_limits) and
 * PARLEY_LIMIT_ARTICLE_EVENTS, as bits; 0 when none. */
PARLEY_EXPORT unsigned parley_coder_limits(const parley_coder *c);

/* METHOD: geolocates events with gazetteer g (borrowed: it must outlive the coder; NULL turns it off). With one,
 * an event's location is the place named in its clause ("in X", "near X", "outside X"), else the dateline's
 * place when the event is local to it, else none; without one, it is the words after "in" naming a country
 * actor, with no coordinates. */
PARLEY_EXPORT void parley_coder_set_gazetteer(parley_coder *c, const parley_gazetteer *g);

/* DESTRUCTOR: NULL is a no-op. */
PARLEY_EXPORT void parley_coder_free(parley_coder *c);

#ifdef __cplusplus
}
#endif
#endif
