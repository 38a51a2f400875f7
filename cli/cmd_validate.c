/* cli/cmd_validate.c: `parley validate FILE.xml` — runs a PETRARCH/TABARI validation file from the raw text and
 * reports each record as pass or fail, ending with "validate: P of N records passed". */
#include "cli.h"
#include <parley/validate.h>
#include <string.h>

static void usage(FILE *out) {
  fprintf(out, "usage: parley validate [--dict-dir DIR] [--failures] [--explain ID] FILE.xml\n\n"
               "Runs a PETRARCH/TABARI validation file: loads the dictionaries its <Environment> names (from DIR,\n"
               "default: beside the file or in ../dictionaries), codes each <Sentence>'s <Text> as raw text (the\n"
               "<Parse> is ignored) and compares the events with its <EventCoding> gold. Prints one line per\n"
               "record with gold (pass/fail, expected and coded events), then\n"
               "  validate: P of N records passed\n"
               "where N counts the records that carry codings or noevents. --failures prints failed records only;\n"
               "--explain ID prints how record ID was coded.\n");
}

typedef struct opts {
  int failures_only;
  const char *only; /* --explain ID */
} opts;

static void on_record(const parley_validate_record *r, void *payload) {
  const opts *o = payload;
  if (o->only) {
    if (!strcmp(r->id, o->only)) printf("%s\n%s", r->text, r->explain);
    else return;
  }
  if (!r->has_gold || (o->failures_only && r->passed)) return;
  printf("%s\t%s\t%s\texpected: %s\tcoded: %s\n", r->passed ? "pass" : "FAIL", r->id, r->category, r->expected,
         r->coded);
}

int cmd_validate(int argc, char **argv) {
  const char *xml = NULL, *dict_dir = NULL;
  opts o = {0};
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
      usage(stdout);
      return CLI_OK;
    } else if (!strcmp(argv[i], "--dict-dir") && i + 1 < argc) {
      dict_dir = argv[++i];
    } else if (!strcmp(argv[i], "--explain") && i + 1 < argc) {
      o.only = argv[++i];
    } else if (!strcmp(argv[i], "--failures")) {
      o.failures_only = 1;
    } else if (argv[i][0] == '-' || xml) {
      usage(stderr);
      return CLI_USAGE;
    } else {
      xml = argv[i];
    }
  }
  if (!xml) {
    usage(stderr);
    return CLI_USAGE;
  }
  cli_diag_counts counts = {0, 0};
  parley_validate_summary sum;
  int rc = parley_validate_run(&sum, xml, dict_dir, o.only ? PARLEY_CODER_EXPLAIN : 0, on_record, &o, cli_print_diag, &counts);
  if (rc != PARLEY_OK) {
    fprintf(stderr, "parley validate: %s: %s\n", xml, parley_strerror(rc));
    return CLI_FATAL;
  }
  printf("validate: %zu of %zu records passed\n", sum.passed, sum.with_gold);
  return counts.errors ? CLI_SKIPPED : CLI_OK;
}
