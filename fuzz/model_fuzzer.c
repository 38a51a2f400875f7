/* fuzz/model_fuzzer.c: a model file is outside input (`parley parse --model FILE`). The input is opened as a
 * model; when the first byte after the header is odd, the header's length and checksum are first made to match,
 * so mutations get past the checksum to the section and table checks. A model that opens must tag and parse a
 * sentence without crashing and give every word a head inside the sentence. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include "syntax/syntax_impl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  uint64_t *buf = malloc((size / 8 + 1) * 8); /* models are 8-byte aligned */
  if (!buf) return 0;
  memcpy(buf, data, size);
  unsigned char *b = (unsigned char *)buf;
  if (size > 32 && (b[32] & 1)) {
    uint64_t total = size;
    uint32_t crc = (uint32_t)crc32(0L, b + 32, (uInt)(size - 32));
    memcpy(b + 16, &total, 8);
    memcpy(b + 24, &crc, 4);
  }
  pl_syn_model m;
  char err[128];
  if (pl_syn_model_open(&m, buf, size, err, sizeof err) == 0) {
    static const char *const forms[] = {"Iran", "'s", "president", "condemned", "the", "attack", "by", "Israel", "."};
    pl_arena a;
    pl_arena_init(&a, 0);
    pl_syn_sent s;
    s.n = 9;
    s.w = pl_arena_calloc(&a, 10, sizeof *s.w);
    if (s.w) {
      s.w[0].form = "<root>";
      for (int i = 1; i <= 9; i++) {
        s.w[i].form = forms[i - 1];
        pl_syn_word_prepare(&s.w[i]);
      }
      pl_syn_tag(&m, &s, &a);
      if (pl_syn_parse(&m, &s, &a) == 0)
        for (int i = 1; i <= 9; i++)
          if (s.w[i].head < 0 || s.w[i].head > 9 || s.w[i].label < 0 || s.w[i].label >= m.n_labels) abort();
    }
    pl_arena_dispose(&a);
  }
  free(buf);
  return 0;
}
