/* fuzz/text_fuzzer.c: the plain-text reader, cleaning, sentence splitting and tokenising on arbitrary bytes.
 * The first byte picks the options (forced text or auto-detected format); every offset the pipeline returns is
 * checked against the text, and the phrase tokenizer runs on each sentence. */
#include "segment.h"
#include <parley/parley.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void check_doc(const parley_doc *doc, const parley_article *a) {
  size_t ns, nt;
  const parley_sentence *s = parley_doc_sentences(doc, &ns);
  const parley_token *t = parley_doc_tokens(doc, &nt);
  size_t prev_end = 0;
  for (size_t i = 0; i < ns; i++) {
    if (s[i].start >= s[i].end || s[i].end > a->text_len || s[i].start < prev_end) abort();
    if (s[i].first_token + s[i].n_tokens > nt || s[i].n_tokens == 0) abort();
    for (size_t k = s[i].first_token; k < s[i].first_token + s[i].n_tokens; k++) {
      if (t[k].start < s[i].start || t[k].end > s[i].end || t[k].start >= t[k].end) abort();
      if (!t[k].fold || strlen(t[k].fold) != t[k].fold_len) abort();
    }
    prev_end = s[i].end;
    pl_arena a2;
    pl_arena_init(&a2, 0);
    parley_token *pt;
    size_t pn;
    if (pl_tokenize_phrase(a->text + s[i].start, s[i].end - s[i].start, &a2, &pt, &pn) != PARLEY_OK) abort();
    if (pn != s[i].n_tokens) abort(); /* a sentence tokenises the same alone as in its article */
    pl_arena_dispose(&a2);
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1) return 0;
  parley_reader_options o = PARLEY_READER_OPTIONS_INIT;
  o.format = (data[0] & 1) ? PARLEY_INPUT_TEXT : PARLEY_INPUT_AUTO;
  o.default_date = (data[0] & 2) ? "2024-12-02" : NULL;
  parley_reader *r = NULL;
  parley_doc *doc = NULL;
  if (parley_reader_new(&r, &o) != PARLEY_OK) return 0;
  if (parley_doc_new(&doc) != PARLEY_OK) abort();
  if (parley_reader_add_buffer(r, "fuzz.txt", (const char *)data + 1, size - 1) != PARLEY_OK) abort();
  const parley_article *a;
  while (parley_reader_next(r, &a) == PARLEY_OK) {
    if (parley_doc_process(doc, a) != PARLEY_OK) abort();
    check_doc(doc, a);
  }
  parley_doc_free(doc);
  parley_reader_free(r);
  return 0;
}
