/* cli/main.c: the `parley` command: dispatches to subcommands. Argument parsing and output only;
 * everything else is the public library API. */
#include "cli.h"
#include <string.h>

static const cli_command commands[] = {
    {"code", cmd_code, "code articles into events (CAMEO, PLOVER) as JSONL, TSV or CSV"},
    {"eval", cmd_eval, "score coded events against a gold file: precision, recall, F1"},
    {"validate", cmd_validate, "run a PETRARCH/TABARI validation file and report pass/fail per record"},
    {"ingest", cmd_ingest, "code articles and store them, with their sentences and events, in a database"},
    {"recode", cmd_recode, "code the stored articles again with new dictionaries (no source re-reading)"},
    {"query", cmd_query, "select stored events (actors, dyads, codes, dates, full text, one-a-day)"},
    {"series", cmd_series, "event counts and Goldstein sums per day/week/month/year, as CSV"},
    {"dbinfo", cmd_dbinfo, "what a database holds; --check verifies its integrity"},
    {"sentences", cmd_sentences, "clean, split and tokenise articles; print sentences as JSONL"},
    {"extract", cli_cmd_extract, "extract the article (text, title, date, outlet) from saved web pages"},
    {"dict", cmd_dict, "check, look up, count and convert dictionaries (parley, TABARI, PETRARCH)"},
#ifdef PARLEY_HAVE_SERVER
    {"serve", cmd_serve, "serve a store as a JSON API and a web page to explore it (HTTP, localhost)"},
#endif
    {NULL, NULL, NULL},
};

static void usage(FILE *out) {
  fprintf(out, "usage: parley [--version] [--help] COMMAND [ARGS]\n\n"
               "parley codes news articles into political event data (CAMEO / PLOVER).\n\ncommands:\n");
  for (size_t i = 0; commands[i].name; i++)
    fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
  fprintf(out, "\nRun 'parley COMMAND --help' for a command's options.\n\n"
               "exit status:\n"
               "  0  every input processed\n"
               "  1  done, but some input was skipped or repaired (diagnostics on stderr)\n"
               "  2  usage error\n"
               "  3  fatal error (cannot open a file, database or dictionary; out of memory)\n");
}

void cli_print_diag(const parley_diag *d, void *payload) {
  cli_diag_counts *c = payload;
  if (c) {
    if (d->level == PARLEY_DIAG_ERROR) c->errors++;
    else c->warnings++;
  }
  const char *lvl = d->level == PARLEY_DIAG_ERROR ? "error" : "warning";
  if (d->file && d->line)
    fprintf(stderr, "parley: %s:%lu: %s: %s\n", d->file, d->line, lvl, d->msg);
  else if (d->file)
    fprintf(stderr, "parley: %s: %s: %s\n", d->file, lvl, d->msg);
  else
    fprintf(stderr, "parley: %s: %s\n", lvl, d->msg);
}

int main(int argc, char **argv) {
  if (argc < 2) {
    usage(stderr);
    return CLI_USAGE;
  }
  const char *name = argv[1];
  if (!strcmp(name, "--help") || !strcmp(name, "-h") || !strcmp(name, "help")) {
    usage(stdout);
    return CLI_OK;
  }
  if (!strcmp(name, "--version")) {
    printf("parley %s\n", parley_version_string());
    return CLI_OK;
  }
  for (size_t i = 0; commands[i].name; i++)
    if (!strcmp(name, commands[i].name)) return commands[i].run(argc - 1, argv + 1);
  fprintf(stderr, "parley: unknown command '%s'\n", name);
  usage(stderr);
  return CLI_USAGE;
}
