/* fuzz/conllu_fuzzer.c: a CoNLL-U file is outside input (training and gold files). The input is read as a
 * training file (heads must form a tree) and as a plain one; every sentence read is tagged and parsed with the
 * built-in model (when the build has one). Nothing may crash, leak or loop; skipped sentences are expected.
 * Seeds (fuzz/corpora/conllu/): news-style sentences written for parley, multiword tokens, empty nodes, and
 * broken files (missing fields, cycles, bad heads, no final blank line). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <parley/syntax.h>
#include "syntax/conllu.h"

static const parley_syntax_model *model(void) {
  static parley_syntax_model *m;
  static int tried;
  if (!tried) {
    tried = 1;
    if (parley_syntax_model_open(&m, NULL, NULL, 0)) m = NULL;
  }
  return m;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const parley_syntax_model *m = model();
  parley_parser *p = NULL;
  if (m && parley_parser_new(&p, m)) return 0;
  for (int tree = 0; tree < 2; tree++) {
    pl_arena a;
    pl_arena_init(&a, 0);
    pl_conllu_options o = {"fuzz.conllu", tree, NULL, NULL};
    pl_syn_sent *s = NULL;
    size_t n = 0;
    if (pl_conllu_read((const char *)data, size, &o, &a, &s, &n) == 0) {
      for (size_t i = 0; p && i < n && i < 64; i++) {
        const char **forms = malloc((size_t)s[i].n * sizeof *forms);
        if (!forms) break;
        for (int k = 0; k < s[i].n; k++) forms[k] = s[i].w[k + 1].form;
        const parley_syntax_word *w;
        if (parley_parser_parse_words(p, forms, (size_t)s[i].n, &w) == PARLEY_OK)
          for (int k = 0; k < s[i].n; k++)
            if (w[k].head > (size_t)s[i].n || !w[k].deprel || !w[k].upos || !w[k].lemma) abort();
        free(forms);
      }
      free(s);
    }
    pl_arena_dispose(&a);
  }
  parley_parser_free(p);
  return 0;
}
