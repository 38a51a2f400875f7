/* parley/syntax.h: part-of-speech tags, lemmas and Universal Dependencies trees for parley's sentences.
 *
 * A syntax model (tagger, lemmatiser and parser, trained by tools/train_syntax.c on UD English-EWT) is loaded
 * once and is then immutable: any number of threads may share it. A parser is per thread: it holds the scratch
 * memory of the sentence it parsed last, and its results stay valid until its next parse.
 *
 * Words are UD's syntactic words: parley's tokens, with "cannot", "gonna" and unsplit clitics ("we're") cut the
 * way the treebank cuts them. Each word keeps byte offsets into the article text and the index of the parley
 * token it comes from, so the coder can go from its tokens to the tree and back. */
#ifndef PARLEY_SYNTAX_H
#define PARLEY_SYNTAX_H
#include <stddef.h>
#include "errors.h"
#include "export.h"
#ifdef __cplusplus
extern "C" {
#endif

typedef struct parley_syntax_model parley_syntax_model;
typedef struct parley_parser parley_parser;
typedef struct parley_doc parley_doc;

/* CONSTRUCTOR: loads a model file, or the built-in model when path is NULL. A file that is not a model, was cut
 * short or corrupted is refused: PARLEY_EPARSE with the reason in err (errlen bytes; err may be NULL).
 * Other returns: PARLEY_OK, PARLEY_EIO (cannot read), PARLEY_ENOTFOUND (no built-in model in this build),
 * PARLEY_ENOMEM. Free with parley_syntax_model_free(). */
PARLEY_EXPORT int parley_syntax_model_open(parley_syntax_model **out, const char *path, char *err, size_t errlen);

/* DESTRUCTOR: NULL is a no-op. Parsers made from the model must be freed first. */
PARLEY_EXPORT void parley_syntax_model_free(parley_syntax_model *m);

/* One syntactic word of a parsed sentence. Strings are borrowed from the parser (or the model, for tags and
 * relations) until the parser's next parse. */
typedef struct parley_syntax_word {
  size_t start, end;  /* byte offsets into the article text (0 for words given as strings) */
  size_t token;       /* index of the parley token (parley_doc_tokens) it comes from */
  const char *form;   /* the word as written */
  const char *lemma;
  const char *upos;   /* Universal POS tag: NOUN, VERB, PROPN, ... */
  const char *xpos;   /* Penn Treebank tag: NN, VBD, NNP, ... */
  size_t head;        /* 1-based index of the head word in the sentence; 0 = the root */
  const char *deprel; /* UD v2 relation, with its subtype: nsubj, nsubj:pass, obl:agent, acl:relcl, ... */
} parley_syntax_word;

/* CONSTRUCTOR: a parser over model m (borrowed: it must outlive the parser). Returns PARLEY_OK or
 * PARLEY_ENOMEM. */
PARLEY_EXPORT int parley_parser_new(parley_parser **out, const parley_syntax_model *m);

/* METHOD: tags and parses sentence i of doc (as parley_doc_sentences() numbers them). *words receives *n words
 * (index 0 is word 1; word k's head is words[head - 1], or the root when head is 0).
 * Returns PARLEY_OK, PARLEY_EINVAL (no such sentence) or PARLEY_ENOMEM. */
PARLEY_EXPORT int parley_parser_parse_sentence(parley_parser *p, const parley_doc *doc, size_t i,
                                               const parley_syntax_word **words, size_t *n);

/* METHOD: tags and parses words given as strings (already tokenised the UD way, as in a CoNLL-U file).
 * Returns PARLEY_OK, PARLEY_EINVAL (n == 0) or PARLEY_ENOMEM. */
PARLEY_EXPORT int parley_parser_parse_words(parley_parser *p, const char *const *forms, size_t n,
                                            const parley_syntax_word **words);

/* DESTRUCTOR: NULL is a no-op. */
PARLEY_EXPORT void parley_parser_free(parley_parser *p);

/* Scores of a model on a gold CoNLL-U file, CoNLL 2018 shared task definitions: the gold file's own words,
 * predicted tags; LAS compares relations without subtypes; punctuation counts. */
typedef struct parley_syntax_scores {
  size_t sentences, words;
  double upos, xpos, lemma, uas, las; /* shares of words, 0..1 */
} parley_syntax_scores;

/* Tags and parses every sentence of the CoNLL-U file at path and scores the result. A malformed sentence is
 * skipped with a diagnostic (file:line) to diag (may be NULL). Returns PARLEY_OK, PARLEY_EIO or PARLEY_ENOMEM. */
PARLEY_EXPORT int parley_syntax_evaluate(const parley_syntax_model *m, const char *path, parley_syntax_scores *out,
                                         parley_diag_fn diag, void *payload);

#ifdef __cplusplus
}
#endif
#endif
