/* parley/errors.h: status codes and diagnostics.
 *
 * Functions that can fail return a parley_status (0 = success, negative = error). Numbers never change once
 * released. Problems with *input* (a bad JSON line, an unreadable dictionary entry) are not failures: they are
 * parley_diag records delivered to a callback, and the run goes on. */
#ifndef PARLEY_ERRORS_H
#define PARLEY_ERRORS_H
#include <stddef.h>
#include "export.h"
#ifdef __cplusplus
extern "C" {
#endif

typedef enum parley_status {
  PARLEY_OK = 0,
  PARLEY_ERROR = -1,     /* generic failure; see the handle's errmsg */
  PARLEY_ENOMEM = -2,    /* out of memory */
  PARLEY_EIO = -3,       /* reading or writing a file failed */
  PARLEY_EPARSE = -4,    /* input could not be parsed */
  PARLEY_ENOTFOUND = -5, /* no such file, entry or record */
  PARLEY_EINVAL = -6,    /* invalid argument or option */
  PARLEY_EDONE = -7,     /* iteration finished (not an error for pull APIs) */
  PARLEY_ESCHEMA = -8,   /* database schema is newer than this library or corrupt */
} parley_status;

/* Returns a static English description of a status code. */
PARLEY_EXPORT const char *parley_strerror(int status);

typedef enum parley_diag_level {
  PARLEY_DIAG_WARNING = 1, /* input repaired, the run goes on with it */
  PARLEY_DIAG_ERROR = 2,   /* input skipped (an article, a line, an entry), the run goes on without it */
} parley_diag_level;

/* One problem found in input. Strings are borrowed for the duration of the callback only. */
typedef struct parley_diag {
  parley_diag_level level;
  int code;            /* a parley_status giving the kind of problem */
  const char *file;    /* file name, "-" for stdin, or NULL */
  unsigned long line;  /* 1-based line, 0 when not applicable */
  unsigned long column;/* 1-based column, 0 when not applicable */
  size_t byte_offset;  /* offset in the file, when known */
  const char *msg;     /* human-readable reason */
} parley_diag;

/* Diagnostic callback; payload is the pointer given when the callback was set. */
typedef void (*parley_diag_fn)(const parley_diag *diag, void *payload);

#ifdef __cplusplus
}
#endif
#endif
