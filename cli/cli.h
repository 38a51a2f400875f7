/* cli/cli.h: what the `parley` subcommands share. Each subcommand lives in cli/cmd_<name>.c.
 *
 * Exit status (documented in `parley --help` and the README):
 *   0  success, every input processed
 *   1  success, but some input was skipped or repaired (see the diagnostics on stderr)
 *   2  usage error (unknown option, missing argument)
 *   3  fatal error (cannot open the database or dictionaries, out of memory, write failure) */
#ifndef PARLEY_CLI_H
#define PARLEY_CLI_H
#include <parley/parley.h>
#include <stdio.h>

enum { CLI_OK = 0, CLI_SKIPPED = 1, CLI_USAGE = 2, CLI_FATAL = 3 };

typedef int (*cli_cmd_fn)(int argc, char **argv);

typedef struct cli_command {
  const char *name;
  cli_cmd_fn run;
  const char *summary;
} cli_command;

/* Prints diagnostics as "parley: FILE:LINE: warning|error: MSG" on stderr and counts them.
 * payload is a cli_diag_counts *. */
typedef struct cli_diag_counts {
  unsigned long warnings, errors;
} cli_diag_counts;
void cli_print_diag(const parley_diag *d, void *payload);

/* One diagnostic for each input limit (parley/limits.h PARLEY_LIMIT_* bits in limits) the article exceeded,
 * naming its file and line and the limit; counted as warnings (what exceeded a limit was cut). Returns how many. */
unsigned cli_report_limits(const parley_article *a, unsigned limits, cli_diag_counts *counts);

/* Loads the dictionaries named by --dict options (or the built-in ones when there are none) and compiles them.
 * Diagnostics go to stderr and are counted in counts. Returns a parley_status. */
typedef struct parley_lexicon parley_lexicon;
int cli_load_lexicon(parley_lexicon **out, const char *const *dicts, size_t n_dicts, cli_diag_counts *counts);

/* Subcommands: one per cmd_*.c file. */
int cmd_code(int argc, char **argv);
int cmd_eval(int argc, char **argv);
int cmd_validate(int argc, char **argv);
int cmd_query(int argc, char **argv);
int cmd_series(int argc, char **argv);
int cmd_ingest(int argc, char **argv);
int cmd_dbinfo(int argc, char **argv);
int cmd_recode(int argc, char **argv);

/* Store commands' shared options (cli/cmd_query.c). cli_opt_value matches "--name VALUE" or "--name=VALUE":
 * 1 = matched, 0 = not this option, -1 = value missing (message printed). cli_filter_option parses one
 * filter option into f: 1 = consumed, 0 = not a filter option, -1 = usage error (message printed). */
int cli_opt_value(int argc, char **argv, int *i, const char *name, const char **val);
int cli_filter_option(int argc, char **argv, int *i, parley_store_filter *f);
extern const char *cli_filter_help;
/* The store named by the PARLEY_DB environment variable (a file or a postgresql:// URL), for store commands given
 * no --db; NULL when unset or empty. */
const char *cli_db_from_env(void);
int cmd_merge(int argc, char **argv);
/* Opens a store read-only; prints the reason and returns NULL when it cannot. */
parley_store *cli_open_store_readonly(const char *path);
int cmd_sentences(int argc, char **argv);
int cmd_parse(int argc, char **argv);
int cmd_dict(int argc, char **argv);
int cli_cmd_extract(int argc, char **argv);
int cmd_serve(int argc, char **argv); /* server/serve.c, when built with libmicrohttpd */
#endif
