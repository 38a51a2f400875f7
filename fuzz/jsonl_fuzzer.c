/* fuzz/jsonl_fuzzer.c: the JSONL reader and the pipeline behind it on arbitrary bytes. The first byte picks the
 * options: a small article size limit (to reach the over-long line path) and a default date. */
#include <parley/parley.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1) return 0;
  parley_reader_options o = PARLEY_READER_OPTIONS_INIT;
  o.format = PARLEY_INPUT_JSONL;
  o.max_article_bytes = (data[0] & 1) ? 64 : 0;
  o.default_date = (data[0] & 2) ? "2016-05-11" : NULL;
  parley_reader *r = NULL;
  parley_doc *doc = NULL;
  if (parley_reader_new(&r, &o) != PARLEY_OK) return 0;
  if (parley_doc_new(&doc) != PARLEY_OK) abort();
  if (parley_reader_add_buffer(r, "fuzz.jsonl", (const char *)data + 1, size - 1) != PARLEY_OK) abort();
  const parley_article *a;
  while (parley_reader_next(r, &a) == PARLEY_OK) {
    if (!a->id || !a->text || strlen(a->text) > a->text_len) abort();
    if (a->date && strlen(a->date) != 10) abort();
    if (parley_doc_process(doc, a) != PARLEY_OK) abort();
    size_t ns;
    const parley_sentence *s = parley_doc_sentences(doc, &ns);
    for (size_t i = 0; i < ns; i++)
      if (s[i].end > a->text_len || s[i].start >= s[i].end) abort();
  }
  parley_doc_free(doc);
  parley_reader_free(r);
  return 0;
}
