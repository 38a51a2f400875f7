/* util/strbuf.c: growable string; see strbuf.h. */
#include "util/strbuf.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int grow(pl_strbuf *sb, size_t extra) {
  if (sb->failed) return 0;
  size_t need = sb->len + extra + 1;
  if (need < sb->len || (sb->max && need > sb->max + 1)) {
    sb->failed = 1;
    return 0;
  }
  if (need <= sb->cap) return 1;
  size_t cap = sb->cap ? sb->cap : 64;
  while (cap < need) cap = cap * 2 > cap ? cap * 2 : need;
  char *p = realloc(sb->ptr, cap);
  if (!p) {
    sb->failed = 1;
    return 0;
  }
  sb->ptr = p;
  sb->cap = cap;
  return 1;
}

void pl_strbuf_append(pl_strbuf *sb, const char *s, size_t n) {
  if (!grow(sb, n)) return;
  if (n) memcpy(sb->ptr + sb->len, s, n);
  sb->len += n;
  sb->ptr[sb->len] = '\0';
}

void pl_strbuf_puts(pl_strbuf *sb, const char *s) { pl_strbuf_append(sb, s, strlen(s)); }

void pl_strbuf_putc(pl_strbuf *sb, char c) { pl_strbuf_append(sb, &c, 1); }

void pl_strbuf_printf(pl_strbuf *sb, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char tmp[256];
  int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
  va_end(ap);
  if (n < 0) {
    sb->failed = 1;
    return;
  }
  if ((size_t)n < sizeof tmp) {
    pl_strbuf_append(sb, tmp, (size_t)n);
    return;
  }
  if (!grow(sb, (size_t)n)) return;
  va_start(ap, fmt);
  vsnprintf(sb->ptr + sb->len, (size_t)n + 1, fmt, ap);
  va_end(ap);
  sb->len += (size_t)n;
}

void pl_strbuf_json_string(pl_strbuf *sb, const char *s, size_t n) {
  static const char hex[] = "0123456789abcdef";
  pl_strbuf_putc(sb, '"');
  size_t run = 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    pl_strbuf_append(sb, s + run, i - run);
    run = i + 1;
    switch (c) {
    case '"': pl_strbuf_append(sb, "\\\"", 2); break;
    case '\\': pl_strbuf_append(sb, "\\\\", 2); break;
    case '\n': pl_strbuf_append(sb, "\\n", 2); break;
    case '\r': pl_strbuf_append(sb, "\\r", 2); break;
    case '\t': pl_strbuf_append(sb, "\\t", 2); break;
    default: {
      char esc[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
      pl_strbuf_append(sb, esc, 6);
    }
    }
  }
  pl_strbuf_append(sb, s + run, n - run);
  pl_strbuf_putc(sb, '"');
}

void pl_strbuf_clear(pl_strbuf *sb) {
  sb->len = 0;
  sb->failed = 0;
  if (sb->ptr) sb->ptr[0] = '\0';
}

void pl_strbuf_dispose(pl_strbuf *sb) {
  free(sb->ptr);
  sb->ptr = NULL;
  sb->len = sb->cap = 0;
  sb->failed = 0;
}

char *pl_strbuf_detach(pl_strbuf *sb, size_t *len) {
  char *p = sb->failed ? NULL : sb->ptr;
  if (sb->failed) free(sb->ptr);
  else if (!p) p = calloc(1, 1);
  if (len) *len = p ? sb->len : 0;
  sb->ptr = NULL;
  sb->len = sb->cap = 0;
  sb->failed = 0;
  return p;
}
