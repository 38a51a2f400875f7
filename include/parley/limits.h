/* parley/limits.h: the input limits, one policy (README "Limits and security"). Input is untrusted: each stage
 * bounds the work one article can ask of it, so time and memory stay linear in the input. An exceeded limit
 * never stops a run: the reader skips or cuts the input with one diagnostic naming the file and the limit; the
 * stages after it (parley_doc_limits, parley_coder_limits) say which limits the article hit, and the command
 * prints one diagnostic for each. */
#ifndef PARLEY_LIMITS_H
#define PARLEY_LIMITS_H
#include <stddef.h>
#include "export.h"
#ifdef __cplusplus
extern "C" {
#endif

/* The values. Sizes are bytes; an article's size counts after decompression and HTML extraction. */
#define PARLEY_MAX_ARTICLE_BYTES (16u * 1024 * 1024) /* default of parley_reader_options.max_article_bytes */
#define PARLEY_MAX_LINE_BYTES PARLEY_MAX_ARTICLE_BYTES /* a JSONL line holds one article */
#define PARLEY_MAX_SENTENCE_BYTES 4096u     /* a run without a sentence end is cut into pieces at white space */
#define PARLEY_MAX_SENTENCE_TOKENS 1024u    /* tokens of one sentence; the rest are not coded */
#define PARLEY_MAX_ARTICLE_SENTENCES 200000u /* sentences of one article; the rest are dropped */
#define PARLEY_MAX_ARTICLE_EVENTS 200000u   /* events of one article; the rest are not coded */
#define PARLEY_MAX_ELEMENT_ATTRIBUTES 256   /* attributes of one HTML element; the rest are dropped */
#define PARLEY_MAX_NESTING_DEPTH 256        /* HTML element nesting (libxml2's); deeper content is dropped */

/* One bit per limit, for the limits an article hit. */
typedef enum parley_limit {
  PARLEY_LIMIT_ARTICLE_BYTES = 1u << 0,
  PARLEY_LIMIT_LINE_BYTES = 1u << 1,
  PARLEY_LIMIT_SENTENCE_BYTES = 1u << 2,
  PARLEY_LIMIT_SENTENCE_TOKENS = 1u << 3,
  PARLEY_LIMIT_ARTICLE_SENTENCES = 1u << 4,
  PARLEY_LIMIT_ARTICLE_EVENTS = 1u << 5,
  PARLEY_LIMIT_ELEMENT_ATTRIBUTES = 1u << 6,
  PARLEY_LIMIT_NESTING_DEPTH = 1u << 7,
} parley_limit;
#define PARLEY_LIMIT_COUNT 8

/* The limit's name as diagnostics give it ("tokens per sentence") and its value; NULL / 0 for an unknown bit. */
PARLEY_EXPORT const char *parley_limit_name(unsigned bit);
PARLEY_EXPORT size_t parley_limit_value(unsigned bit);
/* What happens to the input that exceeds it ("the rest of the sentence is not coded"); NULL for an unknown bit. */
PARLEY_EXPORT const char *parley_limit_effect(unsigned bit);

#ifdef __cplusplus
}
#endif
#endif
