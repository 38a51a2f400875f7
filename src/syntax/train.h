/* syntax/train.h: the trainer and the scorer (used by tools/train_syntax.c, `parley parse --eval` and tests). */
#ifndef PL_SYN_TRAIN_H
#define PL_SYN_TRAIN_H
#include <stdio.h>
#include "syntax_impl.h"

typedef struct pl_syn_train_options {
  int tag_epochs;     /* passes over the treebank for each tagger */
  int parse_epochs;   /* passes for the parser */
  int folds;          /* jackknife folds for the parser's training tags (0 or 1: none) */
  int two_pass;       /* a second tagging pass that reads the first pass's tags on both sides */
  uint64_t seed;      /* shuffling and exploration */
  float min_weight;   /* averaged weights smaller than this are left out of the model (its size) */
  const char *clusters; /* word classes (tools/word_clusters.c output), or NULL */
  FILE *log;          /* progress lines, or NULL */
} pl_syn_train_options;

/* Fills every word's feature hashes (call once on sentences read from CoNLL-U before tagging them). */
void pl_syn_prepare_sentences(pl_syn_sent *s, size_t n);

/* Trains on s[0..n) (gold fields filled) and writes the model to out. Returns 0, or -1 with a message in err. */
int pl_syn_train(pl_syn_sent *s, size_t n, const pl_syn_train_options *o, FILE *out, char *err, size_t errlen);

/* Word counts for the CoNLL 2018 scores: LAS compares relations without their subtypes, punctuation counts. */
typedef struct pl_syn_scores {
  size_t words, upos, xpos, lemma, uas, las;
} pl_syn_scores;

/* Tags and parses the gold sentences' own words (prepared) and counts what matches. Returns 0 or -1 (OOM). */
int pl_syn_evaluate(const pl_syn_model *m, pl_syn_sent *s, size_t n, pl_syn_scores *sc);
#endif
