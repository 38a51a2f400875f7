/* util/utf8.c: UTF-8 validation and repair; see utf8.h. */
#include "util/utf8.h"
#include <string.h>

/* Length of the valid sequence starting at u[0..n), or 0 when it is invalid or truncated. */
static size_t seq_len(const unsigned char *u, size_t n) {
  unsigned c = u[0];
  if (c < 0x80) return 1;
  if (c < 0xC2) return 0;
  if (c < 0xE0) return n >= 2 && (u[1] & 0xC0) == 0x80 ? 2 : 0;
  if (c < 0xF0) {
    if (n < 3 || (u[1] & 0xC0) != 0x80 || (u[2] & 0xC0) != 0x80) return 0;
    if (c == 0xE0 && u[1] < 0xA0) return 0; /* overlong */
    if (c == 0xED && u[1] >= 0xA0) return 0; /* surrogate */
    return 3;
  }
  if (c < 0xF5) {
    if (n < 4 || (u[1] & 0xC0) != 0x80 || (u[2] & 0xC0) != 0x80 || (u[3] & 0xC0) != 0x80) return 0;
    if (c == 0xF0 && u[1] < 0x90) return 0;
    if (c == 0xF4 && u[1] >= 0x90) return 0;
    return 4;
  }
  return 0;
}

size_t pl_utf8_valid_prefix(const char *s, size_t n) {
  const unsigned char *u = (const unsigned char *)s;
  size_t i = 0;
  while (i < n) {
    /* ASCII fast path, eight bytes at a time */
    while (i + 8 <= n) {
      uint64_t w;
      memcpy(&w, u + i, 8);
      if (w & 0x8080808080808080ull) break;
      i += 8;
    }
    if (i >= n) break;
    if (u[i] < 0x80) {
      i++;
      continue;
    }
    size_t l = seq_len(u + i, n - i);
    if (!l) return i;
    i += l;
  }
  return n;
}

/* Length of the maximal subpart of an ill-formed sequence at u (at least 1), per Unicode 3.9 / WHATWG. */
static size_t bad_len(const unsigned char *u, size_t n) {
  unsigned c = u[0];
  size_t want = c >= 0xF0 && c < 0xF5 ? 4 : c >= 0xE0 && c < 0xF0 ? 3 : c >= 0xC2 && c < 0xE0 ? 2 : 1;
  size_t k = 1;
  while (k < want && k < n && (u[k] & 0xC0) == 0x80) {
    if (k == 1 && ((c == 0xE0 && u[1] < 0xA0) || (c == 0xED && u[1] >= 0xA0) || (c == 0xF0 && u[1] < 0x90) ||
                   (c == 0xF4 && u[1] >= 0x90)))
      break;
    k++;
  }
  return k;
}

size_t pl_utf8_repair(const char *s, size_t n, pl_strbuf *out) {
  const unsigned char *u = (const unsigned char *)s;
  size_t i = 0, bad = 0;
  while (i < n) {
    size_t ok = pl_utf8_valid_prefix(s + i, n - i);
    pl_strbuf_append(out, s + i, ok);
    i += ok;
    if (i >= n) break;
    i += bad_len(u + i, n - i);
    pl_strbuf_append(out, "\xEF\xBF\xBD", 3);
    bad++;
  }
  return bad;
}
