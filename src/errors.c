/* errors.c: status strings, version and parley_buf: the small pieces of the public API every stage shares. */
#include <parley/parley.h>
#include <stdlib.h>

const char *parley_strerror(int status) {
  switch (status) {
  case PARLEY_OK: return "success";
  case PARLEY_ERROR: return "error";
  case PARLEY_ENOMEM: return "out of memory";
  case PARLEY_EIO: return "input/output error";
  case PARLEY_EPARSE: return "parse error";
  case PARLEY_ENOTFOUND: return "not found";
  case PARLEY_EINVAL: return "invalid argument";
  case PARLEY_EDONE: return "no more items";
  case PARLEY_ESCHEMA: return "unsupported or corrupt database schema";
  default: return "unknown status";
  }
}

int parley_version(void) { return PARLEY_VERSION_NUMBER; }
const char *parley_version_string(void) { return PARLEY_VERSION; }

void parley_buf_dispose(parley_buf *buf) {
  if (!buf) return;
  free(buf->ptr);
  buf->ptr = NULL;
  buf->size = 0;
}
