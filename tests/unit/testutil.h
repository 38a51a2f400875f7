/* tests/unit/testutil.h: helpers shared by the cmocka unit tests. */
#ifndef PL_TESTUTIL_H
#define PL_TESTUTIL_H
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

/* Path under the source tree / ../shared, in a static buffer; shared path is NULL when ../shared is absent. */
const char *tu_source_path(const char *rel);
const char *tu_shared_path(const char *rel);
/* Reads a whole file; caller frees. NULL when unreadable. */
char *tu_read_file(const char *path, size_t *len);
/* Returns ../shared/rel, or prints "skipped: ..." and skips the current cmocka test when it is absent. */
const char *tu_shared_or_skip(const char *rel);
#endif
