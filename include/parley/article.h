/* parley/article.h: readers that turn files, directories, stdin and buffers into parley_article records.
 *
 * A reader is a queue of inputs and a pull iterator over the articles in them. Formats: plain text (one article a
 * file; a first line that reads like a headline becomes the title), JSONL (one article a line) and HTML (saved
 * web pages). AUTO picks by content: JSONL when the first non-blank byte is '{', HTML when it is '<' or the input
 * is gzip, text otherwise. JSONL is read line by line, so memory stays flat however many articles a file holds.
 *
 * Bad input never stops the run: invalid UTF-8 is repaired to U+FFFD (one warning per article or line), and a
 * bad JSON line, a line without `text`, an empty or binary file, an over-long line or file each get one error
 * diagnostic naming file, line and reason, and are skipped.
 *
 * An article's language is the one its input declares (JSONL `language`, a page's), else the one
 * parley/language.h detects from its text. */
#ifndef PARLEY_ARTICLE_H
#define PARLEY_ARTICLE_H
#include <stddef.h>
#include "errors.h"
#include "export.h"
#include "types.h"
#ifdef __cplusplus
extern "C" {
#endif

typedef struct parley_reader parley_reader;

/* Input formats. */
typedef enum parley_input_format {
  PARLEY_INPUT_AUTO = 0,  /* detect by content, per file */
  PARLEY_INPUT_TEXT = 1,  /* plain text, one article a file */
  PARLEY_INPUT_JSONL = 2, /* one JSON object a line: id, text required; title, date, source, url optional */
  PARLEY_INPUT_HTML = 3,  /* a saved web page (optionally gzip-compressed) */
} parley_input_format;

#define PARLEY_READER_OPTIONS_VERSION 1
/* Reader options. Initialise with PARLEY_READER_OPTIONS_INIT, then set fields. */
typedef struct parley_reader_options {
  int version;              /* PARLEY_READER_OPTIONS_VERSION */
  const char *default_date; /* "YYYY-MM-DD" for articles that carry no date, or NULL; copied */
  int format;               /* parley_input_format */
  size_t max_article_bytes; /* larger files / JSONL lines are skipped with a diagnostic; 0 = 16 MiB */
  parley_diag_fn diag;      /* receives every input problem; NULL = count only */
  void *diag_payload;       /* passed to diag as its last argument */
} parley_reader_options;
#define PARLEY_READER_OPTIONS_INIT {PARLEY_READER_OPTIONS_VERSION, NULL, PARLEY_INPUT_AUTO, 0, NULL, NULL}

/* What a reader has done so far. */
typedef struct parley_reader_stats {
  unsigned long articles; /* articles returned by parley_reader_next */
  unsigned long skipped;  /* inputs skipped (bad line, empty or binary file, ...): each had an error diagnostic */
  unsigned long repaired; /* articles returned after a repair (invalid UTF-8, bad date): each had a warning */
  unsigned long long bytes; /* input bytes consumed */
  unsigned long long bytes_total; /* size of every queued input (files as stat gives it, buffers), so that bytes /
                                   * bytes_total is the share read; 0 when a size is unknown (stdin, a pipe) */
} parley_reader_stats;

/* CONSTRUCTOR: makes an empty reader. opts may be NULL for the defaults.
 * Returns PARLEY_OK, PARLEY_EINVAL (bad default_date or format) or PARLEY_ENOMEM. Free with parley_reader_free. */
PARLEY_EXPORT int parley_reader_new(parley_reader **out, const parley_reader_options *opts);

/* METHOD: queues a file, a directory (every regular file below it, recursively, in byte-wise sorted order of
 * path; names starting with '.' are skipped) or "-" for standard input. Nothing is read yet.
 * Returns PARLEY_OK, PARLEY_ENOTFOUND (no such path; see parley_reader_errmsg) or PARLEY_ENOMEM. */
PARLEY_EXPORT int parley_reader_add_path(parley_reader *r, const char *path);

/* METHOD: queues an in-memory input; buf is copied. name is used in diagnostics and, for text input, gives the
 * article id (the name's last path component without its extension). */
PARLEY_EXPORT int parley_reader_add_buffer(parley_reader *r, const char *name, const char *buf, size_t len);

/* METHOD: returns the next article in *out. The article and its strings are owned by the reader and stay valid
 * until the next call to parley_reader_next or parley_reader_free.
 * Returns PARLEY_OK, PARLEY_EDONE when every input is exhausted, PARLEY_ENOMEM, or PARLEY_EIO when a file fails
 * while being read (the reader moves on to the next input on the following call). */
PARLEY_EXPORT int parley_reader_next(parley_reader *r, const parley_article **out);

/* Fills *out with the reader's counters. */
PARLEY_EXPORT void parley_reader_get_stats(const parley_reader *r, parley_reader_stats *out);

/* Message for the last failed call on r; owned by r. Never NULL. */
PARLEY_EXPORT const char *parley_reader_errmsg(const parley_reader *r);

/* DESTRUCTOR: closes open files and frees the reader and every article it returned. NULL is a no-op. */
PARLEY_EXPORT void parley_reader_free(parley_reader *r);

#ifdef __cplusplus
}
#endif
#endif
