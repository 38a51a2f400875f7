/* html.h: the HTML stage's interface: reads one saved web page (raw or gzip) and returns the article's main text
 * in reading order plus its title, publication date, outlet, canonical URL and language. */
#ifndef PL_HTML_H
#define PL_HTML_H
#include <stddef.h>
#include "util/common.h"

/* Problems found in the page. The text is still extracted; these say how far to trust it. */
enum {
  PL_HTML_WARN_GZIP = 1u << 0,      /* gzip stream corrupt or cut short: the inflated part was used */
  PL_HTML_WARN_TRUNCATED = 1u << 1, /* the page ends inside its markup (no closing </html>) */
  PL_HTML_WARN_UTF8 = 1u << 2,      /* invalid UTF-8 replaced by U+FFFD */
  PL_HTML_WARN_CHARSET = 1u << 3,   /* declared charset unknown; read as UTF-8 / windows-1252 */
  PL_HTML_WARN_MARKUP = 1u << 4,    /* unclosed or mismatched tags were repaired */
  PL_HTML_WARN_ENTITY = 1u << 5,    /* malformed character or entity references */
  PL_HTML_WARN_DEPTH = 1u << 6,     /* elements nested too deeply: the parser stopped there */
  PL_HTML_WARN_NO_ARTICLE = 1u << 7,/* no article container found: text may be boilerplate or empty */
  PL_HTML_WARN_TOO_BIG = 1u << 8,   /* input (after inflating) over the size cap: the rest was ignored */
  PL_HTML_WARN_EMPTY = 1u << 9,     /* no text at all */
  PL_HTML_WARN_ATTRIBUTES = 1u << 10, /* an element over the attributes-per-element limit: the rest dropped */
  PL_HTML_WARN_HUGE_TEXT = 1u << 11,  /* a text run over libxml2's 10,000,000 bytes: the parser stopped there */
};
#define PL_HTML_WARN_COUNT 12

/* Everything extracted from one page. Strings are malloc'ed, NUL-terminated UTF-8, NULL when unknown;
 * release them all with pl_html_result_dispose(). */
typedef struct pl_html_result {
  char *title;
  char *date;      /* ISO 8601: "YYYY-MM-DD", optionally "THH:MM[:SS]" and a zone ("Z", "+01:00") */
  char *source;    /* outlet name ("The New York Times"), else the host name without "www." */
  char *url;       /* canonical URL */
  char *language;  /* ISO 639-1, lower case ("en") */
  char *text;      /* main text: paragraphs separated by "\n\n"; never NULL after success */
  size_t text_len;
  unsigned warnings; /* PL_HTML_WARN_* bits */
} pl_html_result;

/* Extracts the article from buf[0..len) (HTML, or gzip-compressed HTML detected by its magic bytes).
 * Returns 0 (PARLEY_OK) on success — broken pages included, see out->warnings — or PARLEY_ENOMEM.
 * out is overwritten; on failure it holds nothing to free. Thread-safe: no shared state. */
PL_WARN_UNUSED int pl_html_extract(const char *buf, size_t len, pl_html_result *out);
/* The same with a cap on the page's bytes after inflating (0 = the default, 128 MiB): past it the rest is
 * ignored and PL_HTML_WARN_TOO_BIG set. */
PL_WARN_UNUSED int pl_html_extract_max(const char *buf, size_t len, size_t max_html, pl_html_result *out);

/* Frees the strings of r and zeroes it. NULL is a no-op. */
void pl_html_result_dispose(pl_html_result *r);

/* A short English reason for one warning bit ("gzip stream corrupt or truncated"), or NULL for an unknown bit. */
const char *pl_html_warning_str(unsigned bit);

/* True when buf looks like HTML (optionally gzip-compressed HTML): a doctype, <html>, <head> or <body> near the
 * start after a BOM, whitespace and comments. Cheap; inflates at most a few KB. */
int pl_html_sniff(const char *buf, size_t len);
#endif
