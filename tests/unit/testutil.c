/* tests/unit/testutil.c: file and path helpers for the unit tests. */
#include "testutil.h"
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

static const char *env_or(const char *name, const char *fallback) {
  const char *v = getenv(name);
  return v && *v ? v : fallback;
}

const char *tu_source_path(const char *rel) {
  static char buf[4096];
  snprintf(buf, sizeof buf, "%s/%s", env_or("PARLEY_SOURCE_DIR", "."), rel);
  return buf;
}

const char *tu_shared_path(const char *rel) {
  static char buf[4096];
  snprintf(buf, sizeof buf, "%s/%s", env_or("PARLEY_SHARED_DIR", "../shared"), rel);
  struct stat st;
  return stat(buf, &st) == 0 ? buf : NULL;
}

char *tu_read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  size_t cap = 1 << 16, n = 0, r;
  char *buf = malloc(cap + 1);
  while (buf && (r = fread(buf + n, 1, cap - n, f)) > 0) {
    n += r;
    if (n == cap) {
      char *nb = realloc(buf, (cap *= 2) + 1);
      if (!nb) free(buf);
      buf = nb;
    }
  }
  fclose(f);
  if (!buf) return NULL;
  buf[n] = '\0';
  if (len) *len = n;
  return buf;
}

const char *tu_shared_or_skip(const char *rel) {
  const char *p = tu_shared_path(rel);
  if (!p) {
    print_message("skipped: ../shared/%s is absent\n", rel);
    skip();
  }
  return p;
}
