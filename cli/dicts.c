/* cli/dicts.c: the dictionary options every coding command shares. --dict adds to the built-in dictionaries
 * (a user's one extra actor must not silently switch every built-in off); --no-builtin starts from nothing. */
#include "cli.h"
#include <parley/lexicon.h>
#include <string.h>

const char *cli_dict_help =
    "  --dict PATH        add a dictionary file (parley, PETRARCH or TABARI format) to the built-in ones;\n"
    "                     repeatable\n"
    "  --no-builtin       do not load the built-in dictionaries (only the --dict files; the CAMEO code\n"
    "                     table stays)\n";

int cli_dict_option(int argc, char **argv, int *i, cli_dicts *d) {
  const char *v;
  if (!strcmp(argv[*i], "--no-builtin")) {
    d->no_builtin = 1;
    return 1;
  }
  int r = cli_opt_value(argc, argv, i, "--dict", &v);
  if (r > 0) d->paths[d->n++] = v;
  return r;
}

int cli_add_dicts(parley_lexicon *lex, const cli_dicts *d) {
  int rc = d->no_builtin ? PARLEY_OK : parley_lexicon_add_builtin(lex);
  for (size_t i = 0; rc == PARLEY_OK && i < d->n; i++) {
    rc = parley_lexicon_add_file(lex, d->paths[i]);
    if (rc != PARLEY_OK) fprintf(stderr, "parley: %s: %s\n", d->paths[i], parley_strerror(rc));
  }
  return rc;
}

int cli_load_lexicon(parley_lexicon **out, const cli_dicts *d, cli_diag_counts *counts) {
  parley_lexicon_options lo = PARLEY_LEXICON_OPTIONS_INIT;
  lo.diag = cli_print_diag;
  lo.diag_payload = counts;
  parley_lexicon *lex = NULL;
  int rc = parley_lexicon_new(&lex, &lo);
  if (rc == PARLEY_OK) rc = cli_add_dicts(lex, d);
  if (rc == PARLEY_OK) rc = parley_lexicon_compile(lex);
  if (rc != PARLEY_OK) {
    parley_lexicon_free(lex);
    lex = NULL;
  }
  *out = lex;
  return rc;
}
