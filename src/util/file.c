/* util/file.c: reads a whole stream into memory, growing the buffer by doubling. */
#include "file.h"
#include <stdlib.h>
#include "parley/errors.h"

int pl_read_stream(FILE *f, size_t max, char **buf, size_t *len) {
  size_t cap = 1 << 16, n = 0;
  char *b = malloc(cap);
  *buf = NULL;
  *len = 0;
  if (!b) return PARLEY_ENOMEM;
  for (;;) {
    if (max && n > max) { /* checked before growing, so a hostile stream costs at most twice max */
      free(b);
      return PARLEY_EPARSE;
    }
    if (n + 1 >= cap) {
      char *nb = realloc(b, cap * 2);
      if (!nb) {
        free(b);
        return PARLEY_ENOMEM;
      }
      b = nb;
      cap *= 2;
    }
    size_t r = fread(b + n, 1, cap - n - 1, f);
    n += r;
    if (r == 0) break;
  }
  if (ferror(f)) {
    free(b);
    return PARLEY_EIO;
  }
  if (max && n > max) {
    free(b);
    return PARLEY_EPARSE;
  }
  b[n] = 0;
  *buf = b;
  *len = n;
  return PARLEY_OK;
}
