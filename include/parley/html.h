/* parley/html.h: the article in a saved web page: main text in reading order, title, publication date, outlet,
 * canonical URL and language. The reader (article.h) uses the same extractor for HTML input; this is for callers
 * that want the page's fields themselves, e.g. `parley extract`. */
#ifndef PARLEY_HTML_H
#define PARLEY_HTML_H
#include <stddef.h>
#include "export.h"
#ifdef __cplusplus
extern "C" {
#endif

/* What one page holds. Strings are UTF-8, NUL-terminated, NULL when unknown (text is never NULL), and owned by
 * the page: valid until parley_page_free(). */
typedef struct parley_page {
  const char *title;
  const char *date;     /* ISO 8601: "YYYY-MM-DD", optionally "THH:MM[:SS]" and a zone */
  const char *source;   /* outlet name, else the host name */
  const char *url;      /* canonical URL */
  const char *language; /* ISO 639-1 */
  const char *text;     /* paragraphs separated by blank lines */
  size_t text_len;
  unsigned warnings;    /* bit set: problems found in the page (see parley_page_warning) */
} parley_page;

/* CONSTRUCTOR: extracts the article from buf[0..len) (HTML, or gzip-compressed HTML). Broken pages succeed with
 * warnings set. Returns PARLEY_OK or PARLEY_ENOMEM; *out is NULL on failure. Free with parley_page_free(). */
PARLEY_EXPORT int parley_page_extract(parley_page **out, const char *buf, size_t len);

/* A short English reason for warning bit number i (0, 1, 2...), or NULL past the last one. Static string. */
PARLEY_EXPORT const char *parley_page_warning(unsigned i);

/* DESTRUCTOR: frees the page and its strings. NULL is a no-op. */
PARLEY_EXPORT void parley_page_free(parley_page *page);

#ifdef __cplusplus
}
#endif
#endif
