/* cli/cmd_extract.c: `parley extract [FILE...]`: reads saved web pages (HTML, gzip too) and prints one JSON object
 * per page with the article's title, date, source, url, language, text and warnings. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "../src/html.h"
#include "../src/util/strbuf.h"

static void help(FILE *out) {
  fprintf(out, "usage: parley extract [--help] [FILE...]\n\n"
               "Extracts the article from saved web pages (HTML, or gzip-compressed HTML) and prints one JSON\n"
               "object per page and line: file, title, date (ISO 8601), source (outlet), url (canonical),\n"
               "language (ISO 639-1), text (paragraphs separated by blank lines) and warnings (problems\n"
               "found in the page; the text is still extracted). Without FILE, or with \"-\", reads stdin.\n\n"
               "exit status: 0 all pages read cleanly, 1 some page had warnings or could not be read,\n"
               "2 usage error, 3 out of memory or write failure.\n");
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

static void field(pl_strbuf *sb, const char *name, const char *v) {
  pl_strbuf_printf(sb, ",\"%s\":", name);
  if (v) pl_strbuf_json_string(sb, v, strlen(v));
  else pl_strbuf_puts(sb, "null");
}

/* Returns CLI_OK, CLI_SKIPPED (warnings or unreadable) or CLI_FATAL. */
static int one(const char *path) {
  FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
  if (!f) {
    fprintf(stderr, "parley: %s: error: %s\n", path, strerror(errno));
    return CLI_SKIPPED;
  }
  size_t len = 0;
  char *buf = slurp(f, &len);
  if (f != stdin) fclose(f);
  if (!buf) {
    fprintf(stderr, "parley: %s: error: cannot read\n", path);
    return CLI_SKIPPED;
  }
  pl_html_result r;
  int rc = pl_html_extract(buf, len, &r);
  free(buf);
  if (rc) {
    fprintf(stderr, "parley: %s: error: out of memory\n", path);
    return CLI_FATAL;
  }
  pl_strbuf sb = PL_STRBUF_INIT;
  pl_strbuf_puts(&sb, "{\"file\":");
  pl_strbuf_json_string(&sb, path, strlen(path));
  field(&sb, "title", r.title);
  field(&sb, "date", r.date);
  field(&sb, "source", r.source);
  field(&sb, "url", r.url);
  field(&sb, "language", r.language);
  pl_strbuf_puts(&sb, ",\"text\":");
  pl_strbuf_json_string(&sb, r.text, r.text_len);
  pl_strbuf_puts(&sb, ",\"warnings\":[");
  int first = 1;
  for (unsigned b = 0; b < PL_HTML_WARN_COUNT; b++) {
    if (!(r.warnings & (1u << b))) continue;
    const char *w = pl_html_warning_str(1u << b);
    if (!first) pl_strbuf_putc(&sb, ',');
    pl_strbuf_json_string(&sb, w, strlen(w));
    fprintf(stderr, "parley: %s: warning: %s\n", path, w);
    first = 0;
  }
  pl_strbuf_puts(&sb, "]}\n");
  int out = CLI_OK;
  if (sb.failed) out = CLI_FATAL;
  else if (fwrite(sb.ptr, 1, sb.len, stdout) != sb.len) out = CLI_FATAL;
  else if (r.warnings) out = CLI_SKIPPED;
  pl_strbuf_dispose(&sb);
  pl_html_result_dispose(&r);
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
  int status = CLI_OK;
  if (i == argc) return one("-");
  for (; i < argc; i++) {
    int rc = one(argv[i]);
    if (rc > status) status = rc;
    if (rc == CLI_FATAL) break;
  }
  if (fflush(stdout)) status = CLI_FATAL;
  return status;
}
