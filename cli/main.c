/* cli/main.c: the `parley` command: dispatches to subcommands. Argument parsing and output only;
 * everything else is the public library API. */
#include "cli.h"
#include <errno.h>
#include <string.h>
#include <unistd.h>

static const cli_command commands[] = {
    {"code", cmd_code, "code articles into events (CAMEO, PLOVER) as JSONL, TSV or CSV"},
    {"eval", cmd_eval, "score coded events against a gold file: precision, recall, F1"},
    {"validate", cmd_validate, "run a PETRARCH/TABARI validation file and report pass/fail per record"},
    {"ingest", cmd_ingest, "code articles and store them, with their sentences and events, in a database"},
    {"recode", cmd_recode, "code the stored articles again with new dictionaries (no source re-reading)"},
    {"query", cmd_query, "select stored events (actors, dyads, codes, dates, full text, one-a-day)"},
    {"top", cmd_top, "the most frequent actors, dyads or event codes of the stored events"},
    {"series", cmd_series, "event counts and Goldstein sums per day/week/month/year, as CSV"},
    {"merge", cmd_merge, "merge shard stores (parley ingest --shard) into one store, recomputing stories"},
    {"dbinfo", cmd_dbinfo, "what a database holds; --check verifies its integrity"},
    {"sentences", cmd_sentences, "clean, split and tokenise articles; print sentences as JSONL"},
    {"parse", cmd_parse, "part-of-speech tags, lemmas and dependency trees of sentences, as CoNLL-U"},
    {"extract", cli_cmd_extract, "extract the article (text, title, date, outlet) from saved web pages"},
    {"dict", cmd_dict, "check, look up, count and convert dictionaries (parley, TABARI, PETRARCH)"},
    {"geo", cmd_geo, "look a place name up in the gazetteer: its candidates and the one chosen"},
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
  /* a progress line (cli/progress.c) may be on the terminal: the diagnostic takes its place instead of being
   * appended to it; the next redraw puts it back below */
  const char *clear = isatty(STDERR_FILENO) ? "\r\033[K" : "";
  if (d->file && d->line)
    fprintf(stderr, "%sparley: %s:%lu: %s: %s\n", clear, d->file, d->line, lvl, d->msg);
  else if (d->file)
    fprintf(stderr, "%sparley: %s: %s: %s\n", clear, d->file, lvl, d->msg);
  else
    fprintf(stderr, "%sparley: %s: %s\n", clear, lvl, d->msg);
}

unsigned cli_report_limits(const parley_article *a, unsigned limits, cli_diag_counts *counts) {
  unsigned n = 0;
  for (unsigned b = 0; b < PARLEY_LIMIT_COUNT; b++) {
    unsigned bit = 1u << b;
    if (!(limits & bit)) continue;
    char msg[256];
    snprintf(msg, sizeof msg, "article %s exceeds the limit %s (%zu): %s", a->id ? a->id : "?",
             parley_limit_name(bit), parley_limit_value(bit), parley_limit_effect(bit));
    parley_diag d = {PARLEY_DIAG_WARNING, PARLEY_EPARSE, a->file, a->line, 0, 0, msg};
    cli_print_diag(&d, counts);
    n++;
  }
  return n;
}

/* Every command's output ends here: a write that failed (a full disk, /dev/full, a closed pipe) shows only when
 * stdout is flushed and closed, so the status is decided after that, whatever the command said. */
static int finish(const char *name, int status) {
  int err = ferror(stdout);
  errno = 0;
  if (fflush(stdout) != 0) err = 1;
  int saved = errno;
  if (fclose(stdout) != 0 && !err) {
    err = 1;
    saved = errno;
  }
  if (!err) return status;
  fprintf(stderr, "parley%s%s: cannot write the output: %s\n", name ? " " : "", name ? name : "",
          saved ? strerror(saved) : "write error");
  return CLI_FATAL;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    usage(stderr);
    return CLI_USAGE;
  }
  const char *name = argv[1];
  if (!strcmp(name, "--help") || !strcmp(name, "-h") || !strcmp(name, "help")) {
    usage(stdout);
    return finish(NULL, CLI_OK);
  }
  if (!strcmp(name, "--version")) {
    printf("parley %s\n", parley_version_string());
    return finish(NULL, CLI_OK);
  }
  for (size_t i = 0; commands[i].name; i++)
    if (!strcmp(name, commands[i].name)) return finish(name, commands[i].run(argc - 1, argv + 1));
  fprintf(stderr, "parley: unknown command '%s'\n", name);
  usage(stderr);
  return CLI_USAGE;
}
