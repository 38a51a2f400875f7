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

/* Subcommands: one per cmd_*.c file. */
int cmd_sentences(int argc, char **argv);
int cli_cmd_extract(int argc, char **argv);
#endif
