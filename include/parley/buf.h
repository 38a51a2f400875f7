/* parley/buf.h: a caller-owned buffer that the library fills with text. */
#ifndef PARLEY_BUF_H
#define PARLEY_BUF_H
#include <stddef.h>
#include "export.h"
#ifdef __cplusplus
extern "C" {
#endif
/* ptr is NUL-terminated when non-NULL; size excludes the NUL. Release with parley_buf_dispose(). */
typedef struct parley_buf {
  char *ptr;
  size_t size;
} parley_buf;
#define PARLEY_BUF_INIT {NULL, 0}
/* DESTRUCTOR: frees the contents and resets the buffer to PARLEY_BUF_INIT. NULL is a no-op. */
PARLEY_EXPORT void parley_buf_dispose(parley_buf *buf);
#ifdef __cplusplus
}
#endif
#endif
