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

/* The dictionaries a command codes with (cli/dicts.c): the built-in ones unless no_builtin, plus every --dict
 * file in order. paths needs room for argc entries. */
typedef struct cli_dicts {
  const char **paths;
  size_t n;
  int no_builtin;
} cli_dicts;
/* Parses --dict PATH, --dict=PATH or --no-builtin at argv[*i]: 1 = consumed, 0 = not one of them, -1 = value
 * missing (message printed). */
int cli_dict_option(int argc, char **argv, int *i, cli_dicts *d);
extern const char *cli_dict_help;
/* Adds d's dictionaries to an uncompiled lexicon; a file that cannot be read is named on stderr. */
typedef struct parley_lexicon parley_lexicon;
int cli_add_dicts(parley_lexicon *lex, const cli_dicts *d);
/* Loads d's dictionaries and compiles them. Diagnostics go to stderr and are counted in counts. Returns a
 * parley_status. */
int cli_load_lexicon(parley_lexicon **out, const cli_dicts *d, cli_diag_counts *counts);

/* The gazetteer a coding command places events with (cli/geo_options.c): the built-in one, path's, or none when
 * off. {NULL, 0} is the built-in one. */
typedef struct cli_geo {
  const char *path;
  int off;
} cli_geo;
/* Parses --gazetteer PATH, --gazetteer=PATH or --no-geo at argv[*i]: 1 = consumed, 0 = not one of them, -1 = value
 * missing (message printed). */
int cli_geo_option(int argc, char **argv, int *i, cli_geo *g);
/* Loads g's gazetteer into *out (NULL when off). Returns CLI_OK, or CLI_FATAL after a message naming cmd. */
typedef struct parley_gazetteer parley_gazetteer;
int cli_load_gazetteer(const char *cmd, const cli_geo *g, parley_gazetteer **out);

/* Which languages a coding command codes (cli/language.c): want is an ISO 639 code ("en" by default) or empty
 * for any; skipped articles are counted by language for one warning line at the end of the run. */
typedef struct parley_langid parley_langid;
typedef struct cli_language {
  char want[4];
  parley_langid *id; /* detects the language of stored articles that carry none */
  struct {
    char code[12];
    unsigned long n;
  } seen[24];
  size_t n_seen;
  unsigned long other, skipped; /* other: languages past the table's room */
} cli_language;
extern const char *cli_language_help;
/* Returns a parley_status; free with cli_language_free. */
int cli_language_init(cli_language *l);
void cli_language_free(cli_language *l);
/* Parses --language CODE|any at argv[*i]: 1 = consumed, 0 = not it, -1 = usage error (message printed). */
int cli_language_option(int argc, char **argv, int *i, cli_language *l);
/* 1 when a is in a language not wanted (it is counted), 0 when it is to be coded. */
int cli_language_skip(cli_language *l, const parley_article *a);
/* The one warning line of the run (nothing when nothing was skipped); cmd names the command. */
void cli_language_report(const cli_language *l, const char *cmd);

/* The progress line of code, ingest and recode (cli/progress.c): on only when stderr is a terminal and not quiet.
 * update shows articles done and, when total is not 0, done of total (bytes when bytes, else articles), rate and
 * ETA; it redraws at most four times a second. end erases the line before the run's summary. */
typedef struct cli_progress {
  int on, drawn;
  const char *cmd;
  double t0, last;
} cli_progress;
extern const char *cli_quiet_help;
void cli_progress_start(cli_progress *p, const char *cmd, int quiet);
void cli_progress_update(cli_progress *p, unsigned long articles, unsigned long long done, unsigned long long total,
                         int bytes);
void cli_progress_end(cli_progress *p);

/* Subcommands: one per cmd_*.c file. */
int cmd_code(int argc, char **argv);
int cmd_eval(int argc, char **argv);
int cmd_validate(int argc, char **argv);
int cmd_query(int argc, char **argv);
int cmd_series(int argc, char **argv);
int cmd_top(int argc, char **argv);
int cmd_ingest(int argc, char **argv);
int cmd_dbinfo(int argc, char **argv);
int cmd_recode(int argc, char **argv);

/* Shared options (cli/options.c, the filters in cli/cmd_query.c). cli_opt_value matches "--name VALUE" or "--name=VALUE":
 * 1 = matched, 0 = not this option, -1 = value missing (message printed). cli_filter_option parses one
 * filter option into f: 1 = consumed, 0 = not a filter option, -1 = usage error (message printed). */
int cli_opt_value(int argc, char **argv, int *i, const char *name, const char **val);
/* Checks a date option's value with the library's date parser: a day (YYYY-MM-DD), or with bound also YYYY or
 * YYYY-MM. Returns 0, or -1 after a message naming the flag and the accepted forms (a usage error, exit 2). */
int cli_check_date(const char *flag, const char *v, int bound);
/* Reads an --input value (auto, text, jsonl, html) into *out (a parley_input_format, as the reader options hold it). Returns 0, or -1 after a message naming the command
 * and the accepted values (a usage error, exit 2). */
int cli_input_format(const char *cmd, const char *v, int *out);
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
int cmd_geo(int argc, char **argv);
int cli_cmd_extract(int argc, char **argv);
int cmd_serve(int argc, char **argv); /* server/serve.c, when built with libmicrohttpd */
#endif
