/* fuzz/coder_fuzzer.c: the whole coding path — read (UTF-8 repair), clean, segment, tokenise, match, code — on
 * arbitrary bytes as a plain-text article, with the built-in dictionaries. The first byte picks a publication date
 * (or none) and coder flags. */
#include <parley/article.h>
#include <parley/coder.h>
#include <parley/doc.h>
#include <parley/event.h>
#include <parley/lexicon.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static parley_lexicon *lexicon(void) {
  static parley_lexicon *lex; /* built once per fuzzing process: loading is not what is fuzzed here */
  if (!lex && (parley_lexicon_new(&lex, NULL) != PARLEY_OK || parley_lexicon_add_builtin(lex) != PARLEY_OK ||
               parley_lexicon_compile(lex) != PARLEY_OK))
    abort();
  return lex;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size == 0) return 0;
  static const char *const dates[] = {NULL, "2024-12-02", "2000-02-29", "1999-12-31"};
  parley_coder_options o = PARLEY_CODER_OPTIONS_INIT;
  o.flags = data[0] & (PARLEY_CODER_ONE_SIDED | PARLEY_CODER_EXPLAIN | PARLEY_CODER_QUOTES);
  parley_reader_options ro = PARLEY_READER_OPTIONS_INIT;
  ro.format = PARLEY_INPUT_TEXT;
  ro.default_date = dates[(data[0] >> 4) & 3];
  parley_reader *r = NULL;
  parley_doc *doc = NULL;
  parley_coder *coder = NULL;
  const parley_article *a;
  if (parley_reader_new(&r, &ro) == PARLEY_OK &&
      parley_reader_add_buffer(r, "fuzz.txt", (const char *)data + 1, size - 1) == PARLEY_OK &&
      parley_reader_next(r, &a) == PARLEY_OK && parley_doc_new(&doc) == PARLEY_OK &&
      parley_coder_new(&coder, lexicon(), &o) == PARLEY_OK && parley_doc_process(doc, a) == PARLEY_OK &&
      parley_coder_code(coder, doc) == PARLEY_OK) {
    FILE *sink = fopen("/dev/null", "w");
    const parley_event *ev;
    while (parley_coder_next_event(coder, &ev) == PARLEY_OK) {
      if (ev->source.span.end > a->text_len || ev->target.span.end > a->text_len) abort();
      if (sink) parley_event_write(sink, ev, PARLEY_OUTPUT_JSONL);
    }
    if (sink) fclose(sink);
  }
  parley_coder_free(coder);
  parley_doc_free(doc);
  parley_reader_free(r);
  return 0;
}
