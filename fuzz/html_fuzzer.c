/* fuzz/html_fuzzer.c: libFuzzer target for the HTML article extractor (raw and gzip input).
 * The first byte selects the input form: odd = as given, even = gzip-compressed first, so the inflater and the
 * parser are both exercised. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "html.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1 || size > (1u << 20)) return 0;
  int gz = !(data[0] & 1), cut = (data[0] & 2) != 0;
  data++;
  size--;
  char *in = NULL;
  size_t len = size;
  if (gz) {
    uLongf cap = compressBound((uLong)size) + 32;
    in = malloc(cap);
    if (!in) return 0;
    z_stream z;
    memset(&z, 0, sizeof z);
    if (deflateInit2(&z, 1, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
      free(in);
      return 0;
    }
    z.next_in = (Bytef *)(uintptr_t)data;
    z.avail_in = (uInt)size;
    z.next_out = (Bytef *)in;
    z.avail_out = (uInt)cap;
    deflate(&z, Z_FINISH);
    len = cap - z.avail_out;
    deflateEnd(&z);
    if (len > 8 && cut) len -= 8; /* drop the trailer: truncated gzip */
  } else {
    in = malloc(size ? size : 1);
    if (!in) return 0;
    if (size) memcpy(in, data, size);
  }
  pl_html_result r;
  if (pl_html_extract(in, len, &r) == 0) {
    /* the text must be valid for the next stages: NUL-terminated at text_len */
    if (r.text[r.text_len] != '\0') abort();
    pl_html_result_dispose(&r);
  }
  (void)pl_html_sniff(in, len);
  free(in);
  return 0;
}
