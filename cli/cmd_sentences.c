/* cli/cmd_sentences.c: `parley sentences`: the window onto the text pipeline. Reads articles, cleans, splits and
 * tokenises them, and prints one JSON line per article with its metadata and sentences. */
#include "cli.h"
#include <stdlib.h>
#include <string.h>

/* util/strbuf is internal; the CLI builds its JSON by hand with this small escaper. */
static void json_str(FILE *out, const char *s, size_t n) {
  putc('"', out);
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == '"' || c == '\\') {
      putc('\\', out);
      putc(c, out);
    } else if (c == '\n') {
      fputs("\\n", out);
    } else if (c == '\r') {
      fputs("\\r", out);
    } else if (c == '\t') {
      fputs("\\t", out);
    } else if (c < 0x20) {
      fprintf(out, "\\u%04x", c);
    } else {
      putc(c, out);
    }
  }
  putc('"', out);
}

static void json_opt(FILE *out, const char *key, const char *v) {
  fprintf(out, ",\"%s\":", key);
  if (v) json_str(out, v, strlen(v));
  else fputs("null", out);
}

static const char *const class_names[] = {"?", "word", "number", "punct", "symbol", "other"};

static void usage(FILE *out) {
  fprintf(out,
          "usage: parley sentences [--date YYYY-MM-DD] [--input auto|text|jsonl|html] [--tokens] [FILE...]\n\n"
          "Reads news articles, strips web boilerplate, finds the title and dateline, splits sentences and\n"
          "tokens, and prints one JSON line per article:\n"
          "  {\"id\", \"title\", \"date\", \"source\", \"url\", \"file\", \"line\",\n"
          "   \"dateline\": {\"place\", \"outlet\"} or null,\n"
          "   \"sentences\": [{\"text\", \"start\", \"end\", \"quote\"[, \"tokens\"]}]}\n"
          "start/end are byte offsets into the article text as read (after UTF-8 repair).\n\n"
          "FILE is a text file (one article; a headline-like first line is the title), a JSONL file (one\n"
          "article a line: id and text required; title, date, source, url optional), a directory (read\n"
          "recursively in sorted order) or - for standard input (the default). The format is detected from\n"
          "the content unless --input says otherwise.\n\n"
          "options:\n"
          "  --date D       publication date (YYYY-MM-DD) for articles that carry none\n"
          "  --input FMT    auto (default), text, jsonl or html\n"
          "  --tokens       include each sentence's tokens: text, fold (case-folded NFKC form used for\n"
          "                 matching), start, end, class (word, number, punct, symbol, other), flags\n"
          "                 (q = inside a quotation, p = inside brackets, c = capitalised)\n"
          "  -h, --help     this text\n\n"
          "exit status: 0 all input processed; 1 some input skipped or repaired (diagnostics on stderr);\n"
          "2 usage error; 3 fatal error (a FILE cannot be opened, out of memory, write failure).\n");
}

static void print_article(FILE *out, const parley_doc *doc, int with_tokens) {
  const parley_article *a = parley_doc_article(doc);
  fputs("{\"id\":", out);
  json_str(out, a->id, strlen(a->id));
  json_opt(out, "title", a->title);
  json_opt(out, "date", a->date);
  json_opt(out, "source", a->source);
  json_opt(out, "url", a->url);
  json_opt(out, "file", a->file);
  fprintf(out, ",\"line\":%lu", a->line);
  const char *place = parley_doc_dateline_place(doc), *outlet = parley_doc_dateline_outlet(doc);
  fputs(",\"dateline\":", out);
  if (place) {
    fputs("{\"place\":", out);
    json_str(out, place, strlen(place));
    json_opt(out, "outlet", outlet);
    putc('}', out);
  } else {
    fputs("null", out);
  }
  fputs(",\"sentences\":[", out);
  size_t ns, nt;
  const parley_sentence *s = parley_doc_sentences(doc, &ns);
  const parley_token *t = parley_doc_tokens(doc, &nt);
  for (size_t i = 0; i < ns; i++) {
    if (i) putc(',', out);
    fputs("{\"text\":", out);
    json_str(out, a->text + s[i].start, s[i].end - s[i].start);
    fprintf(out, ",\"start\":%zu,\"end\":%zu,\"quote\":%s", s[i].start, s[i].end,
            (s[i].flags & PARLEY_TOKEN_IN_QUOTE) ? "true" : "false");
    if (with_tokens) {
      fputs(",\"tokens\":[", out);
      for (size_t k = s[i].first_token; k < s[i].first_token + s[i].n_tokens; k++) {
        if (k > s[i].first_token) putc(',', out);
        fputs("{\"text\":", out);
        json_str(out, a->text + t[k].start, t[k].end - t[k].start);
        fputs(",\"fold\":", out);
        json_str(out, t[k].fold, t[k].fold_len);
        char flags[4], *f = flags;
        if (t[k].flags & PARLEY_TOKEN_IN_QUOTE) *f++ = 'q';
        if (t[k].flags & PARLEY_TOKEN_IN_PAREN) *f++ = 'p';
        if (t[k].flags & PARLEY_TOKEN_CAPITAL) *f++ = 'c';
        *f = '\0';
        fprintf(out, ",\"start\":%zu,\"end\":%zu,\"class\":\"%s\",\"flags\":\"%s\"}", t[k].start, t[k].end,
                class_names[t[k].cls < 6 ? t[k].cls : 0], flags);
      }
      putc(']', out);
    }
    putc('}', out);
  }
  fputs("]}\n", out);
}

int cmd_sentences(int argc, char **argv) {
  parley_reader_options opts = PARLEY_READER_OPTIONS_INIT;
  cli_diag_counts counts = {0, 0};
  opts.diag = cli_print_diag;
  opts.diag_payload = &counts;
  int with_tokens = 0, i = 1, o;
  const char *v;
  for (; i < argc; i++) {
    const char *arg = argv[i];
    if (!strcmp(arg, "-h") || !strcmp(arg, "--help")) {
      usage(stdout);
      return CLI_OK;
    } else if (!strcmp(arg, "--tokens")) {
      with_tokens = 1;
    } else if ((o = cli_opt_value(argc, argv, &i, "--date", &v))) {
      if (o < 0 || cli_check_date("--date", v, 0) < 0) return CLI_USAGE;
      opts.default_date = v;
    } else if ((o = cli_opt_value(argc, argv, &i, "--input", &v))) {
      if (o < 0 || cli_input_format("sentences", v, &opts.format)) return CLI_USAGE;
    } else if (!strcmp(arg, "--")) {
      i++;
      break;
    } else if (arg[0] == '-' && arg[1]) {
      fprintf(stderr, "parley sentences: unknown option '%s'\n", arg);
      usage(stderr);
      return CLI_USAGE;
    } else {
      break;
    }
  }
  parley_reader *r = NULL;
  parley_doc *doc = NULL;
  int rc = parley_reader_new(&r, &opts);
  if (rc == PARLEY_EINVAL) {
    fprintf(stderr, "parley sentences: --date wants YYYY-MM-DD, got '%s'\n", opts.default_date);
    return CLI_USAGE;
  }
  int status = CLI_OK;
  if (rc == PARLEY_OK) rc = parley_doc_new(&doc);
  if (rc != PARLEY_OK) {
    fprintf(stderr, "parley sentences: %s\n", parley_strerror(rc));
    status = CLI_FATAL;
    goto done;
  }
  if (i >= argc) rc = parley_reader_add_path(r, "-");
  for (; i < argc && rc == PARLEY_OK; i++) rc = parley_reader_add_path(r, argv[i]);
  if (rc != PARLEY_OK) {
    fprintf(stderr, "parley sentences: %s\n", rc == PARLEY_ENOTFOUND ? parley_reader_errmsg(r) : parley_strerror(rc));
    status = CLI_FATAL;
    goto done;
  }
  const parley_article *a;
  while ((rc = parley_reader_next(r, &a)) != PARLEY_EDONE) {
    if (rc == PARLEY_EIO) continue;
    if (rc == PARLEY_OK) rc = parley_doc_process(doc, a);
    if (rc != PARLEY_OK) {
      fprintf(stderr, "parley sentences: %s\n", parley_strerror(rc));
      status = CLI_FATAL;
      goto done;
    }
    print_article(stdout, doc, with_tokens);
    cli_report_limits(a, parley_doc_limits(doc), &counts);
  }
  if (fflush(stdout) != 0 || ferror(stdout)) {
    fprintf(stderr, "parley sentences: write error\n");
    status = CLI_FATAL;
    goto done;
  }
  if (counts.errors || counts.warnings) status = CLI_SKIPPED;
done:
  parley_doc_free(doc);
  parley_reader_free(r);
  return status;
}
