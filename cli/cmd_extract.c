/* cli/cmd_extract.c: `parley extract [FILE...]`: reads saved web pages (HTML, gzip too) and prints one JSON object
 * per page with the article's title, date, source, url, language, text and warnings. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static void help(FILE *out) {
  fprintf(out, "usage: parley extract [--help] [FILE...]\n\n"
               "Extracts the article from saved web pages (HTML, or gzip-compressed HTML) and prints one JSON\n"
               "object per page and line: file, title, date (ISO 8601), source (outlet), url (canonical),\n"
               "language (ISO 639-1), text (paragraphs separated by blank lines) and warnings (problems\n"
               "found in the page; the text is still extracted). Without FILE, or with \"-\", reads stdin.\n\n"
               "exit status: 0 all pages read cleanly, 1 some page had warnings, 2 usage error, 3 a FILE could\n"
               "not be opened (the others are still extracted), out of memory or write failure.\n");
}

static char *slurp(FILE *f, size_t *len) {
  size_t cap = 1 << 16, n = 0, r;
  char *b = malloc(cap);
  while (b && (r = fread(b + n, 1, cap - n, f)) > 0) {
    n += r;
    if (n == cap) {
      char *nb = realloc(b, cap *= 2);
      if (!nb) free(b);
      b = nb;
    }
  }
  if (b && ferror(f)) {
    free(b);
    return NULL;
  }
  *len = n;
  return b;
}

/* util/strbuf is internal; JSON strings are escaped here (the library's text is valid UTF-8). */
static void json_str(FILE *out, const char *s, size_t n) {
  putc('"', out);
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == '"' || c == '\\') fprintf(out, "\\%c", c);
    else if (c == '\n') fputs("\\n", out);
    else if (c == '\t') fputs("\\t", out);
    else if (c == '\r') fputs("\\r", out);
    else if (c < 0x20) fprintf(out, "\\u%04x", c);
    else putc(c, out);
  }
  putc('"', out);
}

static void field(FILE *out, const char *name, const char *v) {
  fprintf(out, ",\"%s\":", name);
  if (v) json_str(out, v, strlen(v));
  else fputs("null", out);
}

/* Returns CLI_OK, CLI_SKIPPED (warnings), CLI_NOFILE (cannot be opened: exit 3 once the other files are done)
 * or CLI_FATAL. */
enum { CLI_NOFILE = -1 };
static int one(const char *path) {
  FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
  if (!f) {
    fprintf(stderr, "parley: %s: error: %s\n", path, strerror(errno));
    return CLI_NOFILE;
  }
  size_t len = 0;
  char *buf = slurp(f, &len);
  if (f != stdin) fclose(f);
  if (!buf) {
    fprintf(stderr, "parley: %s: error: cannot read\n", path);
    return CLI_SKIPPED;
  }
  parley_page *pg;
  int rc = parley_page_extract(&pg, buf, len);
  free(buf);
  if (rc) {
    fprintf(stderr, "parley: %s: error: out of memory\n", path);
    return CLI_FATAL;
  }
  fputs("{\"file\":", stdout);
  json_str(stdout, path, strlen(path));
  field(stdout, "title", pg->title);
  field(stdout, "date", pg->date);
  field(stdout, "source", pg->source);
  field(stdout, "url", pg->url);
  field(stdout, "language", pg->language);
  fputs(",\"text\":", stdout);
  json_str(stdout, pg->text, pg->text_len);
  fputs(",\"warnings\":[", stdout);
  int first = 1;
  const char *w;
  for (unsigned b = 0; (w = parley_page_warning(b)); b++) {
    if (!(pg->warnings & (1u << b))) continue;
    if (!first) putc(',', stdout);
    json_str(stdout, w, strlen(w));
    fprintf(stderr, "parley: %s: warning: %s\n", path, w);
    first = 0;
  }
  fputs("]}\n", stdout);
  int out = ferror(stdout) ? CLI_FATAL : pg->warnings ? CLI_SKIPPED : CLI_OK;
  parley_page_free(pg);
  return out;
}

int cli_cmd_extract(int argc, char **argv) {
  int i = 1;
  for (; i < argc; i++) {
    if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
      help(stdout);
      return CLI_OK;
    }
    if (!strcmp(argv[i], "--")) {
      i++;
      break;
    }
    if (argv[i][0] == '-' && argv[i][1]) {
      fprintf(stderr, "parley extract: unknown option '%s'\n", argv[i]);
      help(stderr);
      return CLI_USAGE;
    }
    break;
  }
  int status = CLI_OK, missing = 0;
  if (i == argc) return one("-");
  for (; i < argc; i++) {
    int rc = one(argv[i]);
    if (rc == CLI_NOFILE) missing = 1;
    else if (rc > status) status = rc;
    if (rc == CLI_FATAL) break;
  }
  if (missing) status = CLI_FATAL;
  if (fflush(stdout)) status = CLI_FATAL;
  return status;
}
