/* util/strbuf.h: growable string with a size cap and a sticky OOM flag (check once, at the end). */
#ifndef PL_STRBUF_H
#define PL_STRBUF_H
#include <stdarg.h>
#include <stddef.h>

typedef struct pl_strbuf {
  char *ptr;      /* NUL-terminated when non-NULL */
  size_t len, cap;
  size_t max;     /* 0 = no cap; growing past it sets failed */
  int failed;     /* sticky: an append ran out of memory or hit max */
} pl_strbuf;
#define PL_STRBUF_INIT {NULL, 0, 0, 0, 0}

void pl_strbuf_append(pl_strbuf *sb, const char *s, size_t n);
void pl_strbuf_puts(pl_strbuf *sb, const char *s);
void pl_strbuf_putc(pl_strbuf *sb, char c);
void pl_strbuf_printf(pl_strbuf *sb, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* Appends s as a JSON string literal, quotes included; invalid UTF-8 must have been repaired before. */
void pl_strbuf_json_string(pl_strbuf *sb, const char *s, size_t n);
void pl_strbuf_clear(pl_strbuf *sb);
void pl_strbuf_dispose(pl_strbuf *sb);
/* Hands the contents to the caller (free with free()); the buffer is reset. NULL if failed. */
char *pl_strbuf_detach(pl_strbuf *sb, size_t *len);
#endif
