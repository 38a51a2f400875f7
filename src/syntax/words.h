/* syntax/words.h: from parley tokens to UD syntactic words. */
#ifndef PL_SYN_WORDS_H
#define PL_SYN_WORDS_H
#include "parley/types.h"
#include "syntax_impl.h"

/* Makes the words of one sentence from its tokens toks[0..n_tok) (document token index first + i) and prepares
 * their features; forms are copied from text into a. Returns 0 or -1 (OOM). */
int pl_syn_words_from_tokens(const char *text, const parley_token *toks, size_t n_tok, size_t first, pl_arena *a,
                             pl_syn_sent *out);
#endif
