/* parley/doc.h: one article cleaned, split into sentences and tokenised: the input of the coder.
 *
 * A parley_doc is reusable: parley_doc_process() replaces its contents with the next article, reusing memory, so
 * one doc per thread serves a whole stream. By default the result depends on the article alone (the same sentences
 * whichever thread or run processes it); PARLEY_DOC_OUTLET_MEMORY adds a rule that does depend on the stream.
 *
 * Every offset is a byte offset into parley_article.text of the processed article. Cleaning selects spans of the
 * text, it never rewrites it: a sentence's text is article->text + s->start, s->end - s->start bytes. */
#ifndef PARLEY_DOC_H
#define PARLEY_DOC_H
#include <stddef.h>
#include "export.h"
#include "types.h"
#include "limits.h"
#ifdef __cplusplus
extern "C" {
#endif

typedef struct parley_doc parley_doc;

/* CONSTRUCTOR: makes an empty document. Returns PARLEY_OK, PARLEY_ENOMEM or PARLEY_ERROR (ICU failed to start).
 * Free with parley_doc_free. */
PARLEY_EXPORT int parley_doc_new(parley_doc **out);

/* Flags for parley_doc_set_flags(). */
#define PARLEY_DOC_OUTLET_MEMORY 0x1u /* also drop sentences an outlet repeats in a quarter or more of its articles
                                         (at least four) seen earlier by this doc: catches footers the general rules
                                         miss, but makes results depend on what the doc processed before */

/* METHOD: sets PARLEY_DOC_* flags (default 0) for the following calls to parley_doc_process. */
PARLEY_EXPORT void parley_doc_set_flags(parley_doc *doc, unsigned flags);

/* METHOD: cleans, segments and tokenises article a, replacing the doc's previous contents.
 * a (and its text) is borrowed: it must stay valid while the doc's results are used.
 * The dateline ("TEHRAN (Tasnim) –") is recognised, reported by the getters below and left out of the first
 * sentence's span. Returns PARLEY_OK, PARLEY_EINVAL (a or its text NULL) or PARLEY_ENOMEM. */
PARLEY_EXPORT int parley_doc_process(parley_doc *doc, const parley_article *a);

/* Cleaned sentences in text order; *n receives their number. Borrowed until the next process/free. */
PARLEY_EXPORT const parley_sentence *parley_doc_sentences(const parley_doc *doc, size_t *n);

/* Every token of every sentence, in text order (sentence i owns tokens [first_token, first_token + n_tokens)).
 * Token folds: NFKC case fold (ICU), with ’ ‘ ʼ read as '. "Iran's" gives "iran" and "'s"; "U.S." is one token
 * "u.s."; hyphens are tokens of their own ("al-Assad" gives "al" "-" "assad"), as ICU's word rules have it. */
PARLEY_EXPORT const parley_token *parley_doc_tokens(const parley_doc *doc, size_t *n);

/* The input limits (parley/limits.h: PARLEY_LIMIT_SENTENCE_BYTES, _SENTENCE_TOKENS, _ARTICLE_SENTENCES) the
 * article last processed exceeded, as bits; 0 when none. What exceeded them was cut, not refused. */
PARLEY_EXPORT unsigned parley_doc_limits(const parley_doc *doc);
/* The article last processed, or NULL. */
PARLEY_EXPORT const parley_article *parley_doc_article(const parley_doc *doc);

/* Dateline place ("Tehran", title-cased) and outlet ("Tasnim") of the article last processed, or NULL. */
PARLEY_EXPORT const char *parley_doc_dateline_place(const parley_doc *doc);
PARLEY_EXPORT const char *parley_doc_dateline_outlet(const parley_doc *doc);

/* DESTRUCTOR: frees the doc and everything it returned. NULL is a no-op. */
PARLEY_EXPORT void parley_doc_free(parley_doc *doc);

#ifdef __cplusplus
}
#endif
#endif
