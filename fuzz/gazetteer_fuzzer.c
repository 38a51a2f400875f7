/* fuzz/gazetteer_fuzzer.c: the gazetteer loader (gzip or text lines) on untrusted bytes, then a lookup. */
#include <parley/parley.h>
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  parley_gazetteer *g = NULL;
  if (parley_gazetteer_load_mem(&g, data, size) == PARLEY_OK) {
    const parley_place *p[4];
    size_t n = parley_gazetteer_count(g);
    if (n) parley_gazetteer_lookup(g, parley_gazetteer_place(g, 0)->name, NULL, p, 4);
    parley_gazetteer_choose(g, "Alpha", "XX");
    parley_gazetteer_free(g);
  }
  return 0;
}
