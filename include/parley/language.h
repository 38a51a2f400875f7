/* parley/language.h: which language an article is written in, from its own text, so that a coder that reads
 * English can say which articles it did not read instead of coding them to nothing in silence.
 *
 * The detector looks at the dominant script of the text (ICU's script property) and, among the languages written
 * in that script, at the share of the text's words that are that language's most frequent function words
 * (lists for English, French, Spanish, Portuguese, German, Italian, Dutch, Indonesian, Turkish, Russian, Arabic,
 * Persian, Chinese and Japanese; Korean, Greek and Hebrew by script alone). The lists are data (data/languages.tsv), embedded at
 * build time. Readers (parley/article.h) set parley_article.language with it when the input names none. */
#ifndef PARLEY_LANGUAGE_H
#define PARLEY_LANGUAGE_H
#include <stddef.h>
#include "export.h"
#ifdef __cplusplus
extern "C" {
#endif

typedef struct parley_langid parley_langid;

/* CONSTRUCTOR: a detector over the built-in word lists. Immutable once made: any number of threads may use it.
 * Returns PARLEY_OK, PARLEY_ENOMEM or PARLEY_EPARSE (broken built-in data). Free with parley_langid_free. */
PARLEY_EXPORT int parley_langid_new(parley_langid **out);

/* METHOD: the language of text (UTF-8; only its first 16 KiB are read). Returns an ISO 639-1 code ("en", "fr",
 * "ru", ...), valid while l lives; "und" (undetermined) when the text is mostly in a script other than Latin that
 * no list matches (say Ukrainian or Hindi); NULL when there is too little text to tell, or a Latin-script text
 * matches no list well (a bare headline, or a language without a list): such text is not known not to be English. */
PARLEY_EXPORT const char *parley_langid_detect(const parley_langid *l, const char *text, size_t len);

/* Whether a language tag (ISO 639-1 code or BCP 47 tag as pages declare it: "en", "EN", "en-GB", "en_US") is the
 * language code (two or three letters, lower case). NULL tag or code: 0. */
PARLEY_EXPORT int parley_language_is(const char *tag, const char *code);

/* DESTRUCTOR. NULL is a no-op. */
PARLEY_EXPORT void parley_langid_free(parley_langid *l);

#ifdef __cplusplus
}
#endif
#endif
