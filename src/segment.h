/* segment.h: sentence splitting (ICU plus an abbreviation repair pass) and the tokenizer.
 *
 * The tokenizer is shared with the dictionaries: pl_tokenize_phrase() gives a dictionary phrase exactly the
 * tokens and folds that the same words get in article text, so matching compares folds only. */
#ifndef PL_SEGMENT_H
#define PL_SEGMENT_H
#include <stddef.h>
#include <parley/limits.h>
#include <parley/types.h>
#include "util/arena.h"
#include "util/common.h"

/* A growable token array (malloc), reused across articles. */
typedef struct pl_tokvec {
  parley_token *v;
  size_t n, cap;
} pl_tokvec;
void pl_tokvec_dispose(pl_tokvec *tv);

/* Quote and bracket state carried from sentence to sentence within a paragraph. */
typedef struct pl_tokstate {
  int in_quote;
  int paren;
} pl_tokstate;

/* Tokenises text[start, end) (valid UTF-8), appending tokens with offsets relative to text and folds allocated in
 * arena. Returns PARLEY_OK or PARLEY_ENOMEM. */
int pl_tokenize(const char *text, size_t start, size_t end, pl_tokstate *st, pl_arena *arena,
                pl_tokvec *out) PL_WARN_UNUSED;

/* Tokenises a dictionary phrase s[0..len) (valid UTF-8) exactly as article text is tokenised.
 * *toks (allocated in a, with folds) receives *n tokens whose offsets are relative to s.
 * Returns PARLEY_OK or PARLEY_ENOMEM. */
int pl_tokenize_phrase(const char *s, size_t len, pl_arena *a, parley_token **toks, size_t *n) PL_WARN_UNUSED;

/* Sentence splitter: an ICU sentence break iterator reading UTF-8 in place. One per thread. */
typedef struct pl_segmenter pl_segmenter;
int pl_segmenter_new(pl_segmenter **out) PL_WARN_UNUSED;
void pl_segmenter_free(pl_segmenter *sg);

/* Longest sentence handed on, in bytes (the "sentence bytes" limit); longer runs without a sentence end are cut
 * at white space. */
#define PL_MAX_SENTENCE PARLEY_MAX_SENTENCE_BYTES

/* Splits the paragraph text[start, end) into sentences, calling emit(start, end, cut, payload) for each, trimmed
 * of surrounding white space and in order; cut is 1 for the pieces of a sentence longer than PL_MAX_SENTENCE. Splits ICU proposes after abbreviations ("Mr.", "U.S. State", "Jan. 2016",
 * "a.m. (2200 GMT") are vetoed. Returns PARLEY_OK, PARLEY_ERROR (ICU failed) or what emit returned. */
typedef int (*pl_sentence_fn)(size_t start, size_t end, int cut, void *payload);
int pl_segment(pl_segmenter *sg, const char *text, size_t start, size_t end, pl_sentence_fn emit,
               void *payload) PL_WARN_UNUSED;
#endif
