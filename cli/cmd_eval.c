/* cli/cmd_eval.c: `parley eval GOLD.jsonl` — codes the gold file's texts and scores the events against its gold
 * events: precision, recall and F1 at the root-code and full-code levels, per root code and overall. */
#include "cli.h"
#include <jansson.h>
#include <parley/coder.h>
#include <parley/doc.h>
#include <parley/eval.h>
#include <parley/lexicon.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *out) {
  fprintf(out, "usage: parley eval [--dict PATH]... [--no-builtin] [--verbose] GOLD.jsonl\n\n"
               "GOLD.jsonl has one document a line: {\"id\", \"date\", \"text\", \"events\": [{\"source\", \"target\",\n"
               "\"code\"}, ...]}. Each text is coded (with the built-in dictionaries, --dict adding to them) and the\n"
               "events are scored against the gold ones: precision, recall and F1 at the root level (two-digit\n"
               "CAMEO root, actors compared by country code) and at the full level (full event and actor codes),\n"
               "overall and per root code. --verbose lists, per document, the events missed and the extra ones.\n");
}

static const char *str_field(json_t *obj, const char *key) {
  json_t *v = json_object_get(obj, key);
  return json_is_string(v) ? json_string_value(v) : NULL;
}

int cmd_eval(int argc, char **argv) {
  cli_dicts dicts = {calloc((size_t)argc + 1, sizeof(const char *)), 0, 0};
  const char *gold_path = NULL;
  int verbose = 0, status = CLI_OK;
  cli_diag_counts counts = {0, 0};
  parley_lexicon *lex = NULL;
  parley_doc *doc = NULL;
  parley_coder *coder = NULL;
  parley_eval *ev = NULL;
  FILE *f = NULL;
  char *line = NULL;
  size_t cap = 0;
  parley_eval_event *gold = NULL, *coded = NULL;
  size_t gold_cap = 0, coded_cap = 0;
  if (!dicts.paths) return CLI_FATAL;
  for (int i = 1; i < argc; i++) {
    int r;
    if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
      usage(stdout);
      goto done;
    } else if ((r = cli_dict_option(argc, argv, &i, &dicts))) {
      if (r < 0) {
        status = CLI_USAGE;
        goto done;
      }
    } else if (!strcmp(argv[i], "--verbose") || !strcmp(argv[i], "-v")) {
      verbose = 1;
    } else if (argv[i][0] == '-' || gold_path) {
      usage(stderr);
      status = CLI_USAGE;
      goto done;
    } else {
      gold_path = argv[i];
    }
  }
  if (!gold_path) {
    usage(stderr);
    status = CLI_USAGE;
    goto done;
  }
  if (!(f = fopen(gold_path, "r"))) {
    fprintf(stderr, "parley eval: cannot open %s\n", gold_path);
    status = CLI_FATAL;
    goto done;
  }
  if (cli_load_lexicon(&lex, &dicts, &counts) != PARLEY_OK || parley_doc_new(&doc) != PARLEY_OK ||
      parley_coder_new(&coder, lex, NULL) != PARLEY_OK || parley_eval_new(&ev) != PARLEY_OK) {
    fprintf(stderr, "parley eval: cannot set up the coder\n");
    status = CLI_FATAL;
    goto done;
  }
  unsigned long lineno = 0;
  ssize_t len;
  while ((len = getline(&line, &cap, f)) >= 0) {
    lineno++;
    if (len == 0 || line[0] == '\n') continue;
    json_error_t err;
    json_t *obj = json_loadb(line, (size_t)len, 0, &err);
    const char *id = obj ? str_field(obj, "id") : NULL;
    const char *text = obj ? str_field(obj, "text") : NULL;
    json_t *events = obj ? json_object_get(obj, "events") : NULL;
    if (!id || !text || !json_is_array(events)) {
      fprintf(stderr, "parley: %s:%lu: error: %s\n", gold_path, lineno,
              obj ? "a gold line needs \"id\", \"text\" and an \"events\" array" : err.text);
      status = CLI_SKIPPED;
      json_decref(obj);
      continue;
    }
    size_t ng = json_array_size(events);
    if (ng > gold_cap) {
      parley_eval_event *g = realloc(gold, ng * sizeof *g);
      if (!g) {
        json_decref(obj);
        status = CLI_FATAL;
        goto done;
      }
      gold = g;
      gold_cap = ng;
    }
    size_t kept = 0;
    for (size_t k = 0; k < ng; k++) {
      json_t *e = json_array_get(events, k);
      const char *s = str_field(e, "source"), *t = str_field(e, "target"), *c = str_field(e, "code");
      if (!s || !t || !c) {
        fprintf(stderr, "parley: %s:%lu: warning: gold event %zu lacks source, target or code\n", gold_path, lineno,
                k);
        continue;
      }
      gold[kept++] = (parley_eval_event){s, t, c};
    }
    parley_article art = {0};
    art.id = id;
    art.date = str_field(obj, "date");
    art.title = str_field(obj, "title");
    art.text = text;
    art.text_len = strlen(text);
    art.file = gold_path;
    art.line = lineno;
    size_t nc = 0;
    int rc = parley_doc_process(doc, &art);
    if (rc == PARLEY_OK) rc = parley_coder_code(coder, doc);
    const parley_event *pe;
    while (rc == PARLEY_OK && parley_coder_next_event(coder, &pe) == PARLEY_OK) {
      if (nc == coded_cap) {
        size_t nc2 = coded_cap ? coded_cap * 2 : 16;
        parley_eval_event *c2 = realloc(coded, nc2 * sizeof *c2);
        if (!c2) {
          rc = PARLEY_ENOMEM;
          break;
        }
        coded = c2;
        coded_cap = nc2;
      }
      coded[nc++] = (parley_eval_event){pe->source.code, pe->target.code, pe->cameo};
    }
    if (rc == PARLEY_OK) rc = parley_eval_add(ev, gold, kept, coded, nc);
    if (rc != PARLEY_OK) {
      fprintf(stderr, "parley eval: %s: %s\n", id, parley_strerror(rc));
      json_decref(obj);
      status = CLI_FATAL;
      goto done;
    }
    if (verbose) {
      printf("%s: gold", id);
      for (size_t k = 0; k < kept; k++) printf(" %s-%s-%s", gold[k].source, gold[k].code, gold[k].target);
      printf(" | coded");
      for (size_t k = 0; k < nc; k++) printf(" %s-%s-%s", coded[k].source, coded[k].code, coded[k].target);
      printf("\n");
    }
    json_decref(obj);
  }
  parley_buf report = PARLEY_BUF_INIT;
  if (parley_eval_report(ev, &report) != PARLEY_OK) {
    status = CLI_FATAL;
    goto done;
  }
  fputs(report.ptr, stdout);
  parley_buf_dispose(&report);
done:
  if (f) fclose(f);
  free(line);
  free(gold);
  free(coded);
  parley_eval_free(ev);
  parley_coder_free(coder);
  parley_doc_free(doc);
  parley_lexicon_free(lex);
  free(dicts.paths);
  return status;
}
