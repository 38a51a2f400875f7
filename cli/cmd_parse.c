/* cli/cmd_parse.c: `parley parse`: part-of-speech tags, lemmas and dependency trees of articles' sentences as
 * CoNLL-U, and `--eval GOLD.conllu` to score the model on a treebank's own words. */
#include "cli.h"
#include <stdlib.h>
#include <string.h>

static void usage(FILE *out) {
  fprintf(out,
          "usage: parley parse [--model FILE] [--date YYYY-MM-DD] [--input auto|text|jsonl|html] [FILE...]\n"
          "       parley parse [--model FILE] --eval GOLD.conllu\n\n"
          "Reads articles as `parley sentences` does and writes every sentence as CoNLL-U: one block per\n"
          "sentence with # doc_id, # sent_id (DOC-N, N counting the article's cleaned sentences from 1) and\n"
          "# text; per word ID, FORM, LEMMA, UPOS, XPOS, _, HEAD, DEPREL (Universal Dependencies v2), _, and\n"
          "MISC with Bytes=START:END (byte offsets into the article text) and SpaceAfter=No where it applies.\n\n"
          "With --eval, tags and parses the gold file's own words and prints UPOS, XPOS, lemma, UAS and LAS\n"
          "(CoNLL 2018 definitions: LAS ignores relation subtypes; punctuation counts).\n\n"
          "options:\n"
          "  --model FILE   a model made by parley-train-syntax (default: the built-in English model)\n"
          "  --date D       publication date (YYYY-MM-DD) for articles that carry none\n"
          "  --input FMT    auto (default), text, jsonl or html\n"
          "  --eval GOLD    score the model on a CoNLL-U file instead of reading articles\n"
          "  -h, --help     this text\n\n"
          "exit status: 0 all input processed; 1 some input skipped or repaired (diagnostics on stderr);\n"
          "2 usage error; 3 fatal error (a FILE or the model cannot be read, out of memory, write failure).\n");
}

/* A CoNLL-U field holds no tab, newline or (for FORM and LEMMA) nothing at all. */
static void field(FILE *out, const char *s) {
  if (!*s) {
    putc('_', out);
    return;
  }
  for (; *s; s++) putc(*s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s, out);
}

static void print_sentence(FILE *out, const parley_article *a, size_t idx, const parley_sentence *s,
                           const parley_syntax_word *w, size_t n) {
  fputs("# doc_id = ", out);
  field(out, a->id);
  fprintf(out, "\n# sent_id = ");
  field(out, a->id);
  fprintf(out, "-%zu\n# text = ", idx + 1);
  for (size_t k = s->start; k < s->end; k++) {
    char c = a->text[k];
    putc(c == '\n' || c == '\r' || c == '\t' ? ' ' : c, out);
  }
  putc('\n', out);
  for (size_t k = 0; k < n; k++) {
    fprintf(out, "%zu\t", k + 1);
    field(out, w[k].form);
    putc('\t', out);
    field(out, w[k].lemma);
    fprintf(out, "\t%s\t%s\t_\t%zu\t%s\t_\tBytes=%zu:%zu", w[k].upos, w[k].xpos, w[k].head, w[k].deprel, w[k].start,
            w[k].end);
    if (k + 1 < n && w[k + 1].start == w[k].end) fputs("|SpaceAfter=No", out);
    putc('\n', out);
  }
  putc('\n', out);
}

static int evaluate(const parley_syntax_model *m, const char *gold, cli_diag_counts *counts) {
  parley_syntax_scores sc;
  int rc = parley_syntax_evaluate(m, gold, &sc, cli_print_diag, counts);
  if (rc) {
    fprintf(stderr, "parley parse: %s: %s\n", gold, parley_strerror(rc));
    return CLI_FATAL;
  }
  printf("%s: %zu sentences, %zu words\nUPOS  %.4f\nXPOS  %.4f\nlemma %.4f\nUAS   %.4f\nLAS   %.4f\n", gold,
         sc.sentences, sc.words, sc.upos, sc.xpos, sc.lemma, sc.uas, sc.las);
  return counts->errors || counts->warnings ? CLI_SKIPPED : CLI_OK;
}

int cmd_parse(int argc, char **argv) {
  parley_reader_options opts = PARLEY_READER_OPTIONS_INIT;
  cli_diag_counts counts = {0, 0};
  opts.diag = cli_print_diag;
  opts.diag_payload = &counts;
  const char *model_path = NULL, *gold = NULL, *v;
  int i = 1, o;
  for (; i < argc; i++) {
    const char *arg = argv[i];
    if (!strcmp(arg, "-h") || !strcmp(arg, "--help")) {
      usage(stdout);
      return CLI_OK;
    } else if ((o = cli_opt_value(argc, argv, &i, "--model", &model_path)) || (o = cli_opt_value(argc, argv, &i, "--eval", &gold)) ||
               (o = cli_opt_value(argc, argv, &i, "--date", &opts.default_date))) {
      if (o < 0 || (opts.default_date && cli_check_date("--date", opts.default_date, 0) < 0)) return CLI_USAGE;
    } else if ((o = cli_opt_value(argc, argv, &i, "--input", &v))) {
      if (o < 0 || cli_input_format("parse", v, &opts.format)) return CLI_USAGE;
    } else if (!strcmp(arg, "--")) {
      i++;
      break;
    } else if (arg[0] == '-' && arg[1]) {
      fprintf(stderr, "parley parse: unknown option '%s'\n", arg);
      usage(stderr);
      return CLI_USAGE;
    } else {
      break;
    }
  }
  if (gold && i < argc) {
    fprintf(stderr, "parley parse: --eval reads no articles\n");
    return CLI_USAGE;
  }
  char err[300];
  parley_syntax_model *m = NULL;
  int rc = parley_syntax_model_open(&m, model_path, err, sizeof err);
  if (rc) {
    fprintf(stderr, "parley parse: %s\n", err);
    return CLI_FATAL;
  }
  if (gold) {
    int status = evaluate(m, gold, &counts);
    parley_syntax_model_free(m);
    return status;
  }
  parley_reader *r = NULL;
  parley_doc *doc = NULL;
  parley_parser *p = NULL;
  int status = CLI_OK;
  rc = parley_reader_new(&r, &opts);
  if (rc == PARLEY_EINVAL) {
    fprintf(stderr, "parley parse: --date wants YYYY-MM-DD, got '%s'\n", opts.default_date);
    status = CLI_USAGE;
    goto done;
  }
  if (rc == PARLEY_OK) rc = parley_doc_new(&doc);
  if (rc == PARLEY_OK) rc = parley_parser_new(&p, m);
  if (rc == PARLEY_OK && i >= argc) rc = parley_reader_add_path(r, "-");
  for (; i < argc && rc == PARLEY_OK; i++) rc = parley_reader_add_path(r, argv[i]);
  if (rc != PARLEY_OK) {
    fprintf(stderr, "parley parse: %s\n", rc == PARLEY_ENOTFOUND ? parley_reader_errmsg(r) : parley_strerror(rc));
    status = CLI_FATAL;
    goto done;
  }
  const parley_article *a;
  while ((rc = parley_reader_next(r, &a)) != PARLEY_EDONE) {
    if (rc == PARLEY_EIO) continue;
    if (rc == PARLEY_OK) rc = parley_doc_process(doc, a);
    size_t ns;
    const parley_sentence *s = parley_doc_sentences(doc, &ns);
    for (size_t k = 0; rc == PARLEY_OK && k < ns; k++) {
      const parley_syntax_word *w;
      size_t n;
      rc = parley_parser_parse_sentence(p, doc, k, &w, &n);
      if (rc == PARLEY_OK && n) print_sentence(stdout, a, k, &s[k], w, n);
    }
    if (rc != PARLEY_OK) {
      fprintf(stderr, "parley parse: %s\n", parley_strerror(rc));
      status = CLI_FATAL;
      goto done;
    }
  }
  if (fflush(stdout) != 0 || ferror(stdout)) {
    fprintf(stderr, "parley parse: write error\n");
    status = CLI_FATAL;
    goto done;
  }
  if (counts.errors || counts.warnings) status = CLI_SKIPPED;
done:
  parley_parser_free(p);
  parley_doc_free(doc);
  parley_reader_free(r);
  parley_syntax_model_free(m);
  return status;
}
