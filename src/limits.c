/* limits.c: the names and effects of the input limits (include/parley/limits.h), as one table, so that every
 * diagnostic about a limit says the same thing. */
#include <parley/limits.h>
#include "util/common.h"

typedef struct limit_info {
  unsigned bit;
  const char *name;
  size_t value;
  const char *effect;
} limit_info;

static const limit_info LIMITS[PARLEY_LIMIT_COUNT] = {
    {PARLEY_LIMIT_ARTICLE_BYTES, "article bytes", PARLEY_MAX_ARTICLE_BYTES, "the article is skipped"},
    {PARLEY_LIMIT_LINE_BYTES, "line bytes", PARLEY_MAX_LINE_BYTES, "the line is skipped"},
    {PARLEY_LIMIT_SENTENCE_BYTES, "sentence bytes", PARLEY_MAX_SENTENCE_BYTES,
     "the sentence is cut into pieces at white space"},
    {PARLEY_LIMIT_SENTENCE_TOKENS, "tokens per sentence", PARLEY_MAX_SENTENCE_TOKENS,
     "the rest of the sentence is dropped"},
    {PARLEY_LIMIT_ARTICLE_SENTENCES, "sentences per article", PARLEY_MAX_ARTICLE_SENTENCES,
     "the rest of the article is dropped"},
    {PARLEY_LIMIT_ARTICLE_EVENTS, "events per article", PARLEY_MAX_ARTICLE_EVENTS,
     "the rest of the article is not coded"},
    {PARLEY_LIMIT_ELEMENT_ATTRIBUTES, "attributes per element", PARLEY_MAX_ELEMENT_ATTRIBUTES,
     "the element's further attributes are dropped"},
    {PARLEY_LIMIT_NESTING_DEPTH, "nesting depth", PARLEY_MAX_NESTING_DEPTH, "the rest of the page is dropped"},
};

static const limit_info *find(unsigned bit) {
  for (size_t i = 0; i < PL_ARRAY_LEN(LIMITS); i++)
    if (LIMITS[i].bit == bit) return &LIMITS[i];
  return NULL;
}

const char *parley_limit_name(unsigned bit) {
  const limit_info *l = find(bit);
  return l ? l->name : NULL;
}

size_t parley_limit_value(unsigned bit) {
  const limit_info *l = find(bit);
  return l ? l->value : 0;
}

const char *parley_limit_effect(unsigned bit) {
  const limit_info *l = find(bit);
  return l ? l->effect : NULL;
}
