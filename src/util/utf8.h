/* util/utf8.h: UTF-8 validation, repair and decoding, shared by the readers, cleaning and the tokenizer. */
#ifndef PL_UTF8_H
#define PL_UTF8_H
#include <stddef.h>
#include <stdint.h>
#include "util/strbuf.h"

/* Length of the longest valid UTF-8 prefix of s[0..n). Equals n when s is entirely valid.
 * Overlongs, surrogates and code points above U+10FFFF are invalid, as ICU and jansson require. */
size_t pl_utf8_valid_prefix(const char *s, size_t n);

/* Appends s[0..n) to out with every invalid sequence replaced by U+FFFD (one per maximal invalid subpart,
 * as ICU and WHATWG do). Returns the number of replacements made. */
size_t pl_utf8_repair(const char *s, size_t n, pl_strbuf *out);

/* Decodes the code point at s[*i] (s must be valid UTF-8) and advances *i. */
static inline uint32_t pl_utf8_next(const char *s, size_t n, size_t *i) {
  const unsigned char *u = (const unsigned char *)s;
  size_t k = *i;
  uint32_t c = u[k];
  if (c < 0xC0) { /* ASCII (continuation bytes cannot start a code point in valid text) */
    *i = k + 1;
    return c;
  }
  if (c < 0xE0 && k + 1 < n) {
    *i = k + 2;
    return ((c & 0x1F) << 6) | (u[k + 1] & 0x3F);
  }
  if (c < 0xF0 && k + 2 < n) {
    *i = k + 3;
    return ((c & 0x0F) << 12) | ((uint32_t)(u[k + 1] & 0x3F) << 6) | (u[k + 2] & 0x3F);
  }
  if (k + 3 < n) {
    *i = k + 4;
    return ((c & 0x07) << 18) | ((uint32_t)(u[k + 1] & 0x3F) << 12) | ((uint32_t)(u[k + 2] & 0x3F) << 6) |
           (u[k + 3] & 0x3F);
  }
  *i = n;
  return 0xFFFD;
}

/* Decodes the code point that ends just before s[end] (valid UTF-8) and returns its start in *start. */
static inline uint32_t pl_utf8_prev(const char *s, size_t end, size_t *start) {
  const unsigned char *u = (const unsigned char *)s;
  size_t k = end;
  if (k == 0) {
    *start = 0;
    return 0;
  }
  k--;
  while (k > 0 && (u[k] & 0xC0) == 0x80 && end - k < 4) k--;
  size_t j = k;
  *start = k;
  return pl_utf8_next(s, end, &j);
}

/* Is c a space character (ASCII white space, NBSP, the Unicode Zs spaces, line/paragraph separators, BOM)? */
static inline int pl_is_space(uint32_t c) {
  if (c < 0x80) return c == ' ' || (c >= 0x09 && c <= 0x0D);
  return c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200B) || c == 0x2028 || c == 0x2029 || c == 0x202F ||
         c == 0x205F || c == 0x3000 || c == 0xFEFF || c == 0x85;
}
#endif
