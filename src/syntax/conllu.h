/* syntax/conllu.h: reads CoNLL-U (UD treebanks, gold files) into sentences of syntactic words. */
#ifndef PL_CONLLU_H
#define PL_CONLLU_H
#include <stddef.h>
#include "parley/errors.h"
#include "syntax_impl.h"

typedef struct pl_conllu_options {
  const char *file;     /* name used in diagnostics */
  int need_tree;        /* HEAD must be a number and the heads a tree (training and gold files) */
  parley_diag_fn diag;  /* one diagnostic per skipped sentence; may be NULL */
  void *payload;
} pl_conllu_options;

/* Reads buf[0..len). Sentences (malloc'd array, free() it) and their words (in a) go to *out, *n. Returns 0, or
 * -1 when out of memory. Malformed sentences are skipped with a diagnostic, never a failure. */
int pl_conllu_read(const char *buf, size_t len, const pl_conllu_options *o, pl_arena *a, pl_syn_sent **out,
                   size_t *n);
#endif
