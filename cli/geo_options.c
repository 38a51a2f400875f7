/* cli/geo_options.c: the gazetteer options every coding command shares (code, ingest, recode), so that
 * --gazetteer and --no-geo parse, load and fail alike wherever events are placed. */
#include "cli.h"
#include <parley/gazetteer.h>
#include <string.h>

int cli_geo_option(int argc, char **argv, int *i, cli_geo *g) {
  const char *v;
  if (!strcmp(argv[*i], "--no-geo")) {
    g->off = 1;
    return 1;
  }
  int r = cli_opt_value(argc, argv, i, "--gazetteer", &v);
  if (r > 0) g->path = v;
  return r;
}

int cli_load_gazetteer(const char *cmd, const cli_geo *g, parley_gazetteer **out) {
  *out = NULL;
  if (g->off) return CLI_OK;
  int rc = parley_gazetteer_load(out, g->path);
  if (rc != PARLEY_OK) {
    fprintf(stderr, "parley %s: cannot load the gazetteer %s: %s\n", cmd, g->path ? g->path : "(built-in)",
            parley_strerror(rc));
    return CLI_FATAL;
  }
  return CLI_OK;
}
