/* cli/cmd_geo.c: `parley geo lookup NAME [--country C]`: the places a name may denote and the one the coder
 * takes, to see why an event was put where it was. */
#include "cli.h"
#include <stdio.h>
#include <string.h>

#define MAX_SHOWN 50

static void usage(FILE *out) {
  fprintf(out,
          "usage: parley geo lookup NAME [--country CODE] [--gazetteer PATH]\n\n"
          "Lists the places NAME may denote in the gazetteer (built-in: GeoNames cities of 1,000 people or more,\n"
          "first-level regions, countries), largest first, and marks with * the one \"in NAME\" is read as in a\n"
          "sentence about country CODE (ISO alpha-2 or alpha-3), or about no country in particular.\n"
          "Columns: geonameid, name, feature, admin1, country, lat, lon, population.\n\n"
          "exit status: 0 found; 1 no such place; 2 usage; 3 the gazetteer cannot be loaded.\n");
}

int cmd_geo(int argc, char **argv) {
  const char *name = NULL, *country = NULL, *path = NULL;
  if (argc < 2 || strcmp(argv[1], "lookup")) {
    usage(argc >= 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) ? stdout : stderr);
    return argc >= 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) ? CLI_OK : CLI_USAGE;
  }
  for (int i = 2; i < argc; i++) {
    const char *val = NULL;
    int r;
    if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
      usage(stdout);
      return CLI_OK;
    }
    if ((r = cli_opt_value(argc, argv, &i, "--country", &val)) != 0) {
      if (r < 0) return CLI_USAGE;
      country = val;
    } else if ((r = cli_opt_value(argc, argv, &i, "--gazetteer", &val)) != 0) {
      if (r < 0) return CLI_USAGE;
      path = val;
    } else if (argv[i][0] == '-' || name) {
      fprintf(stderr, "parley geo: unexpected argument '%s'\n", argv[i]);
      usage(stderr);
      return CLI_USAGE;
    } else {
      name = argv[i];
    }
  }
  if (!name) {
    usage(stderr);
    return CLI_USAGE;
  }
  parley_gazetteer *g = NULL;
  int rc = parley_gazetteer_load(&g, path);
  if (rc != PARLEY_OK) {
    fprintf(stderr, "parley geo: cannot load the gazetteer %s: %s\n", path ? path : "(built-in)", parley_strerror(rc));
    return CLI_FATAL;
  }
  if (country && !parley_gazetteer_country(g, country)) {
    fprintf(stderr, "parley geo: unknown country code '%s'\n", country);
    parley_gazetteer_free(g);
    return CLI_USAGE;
  }
  const parley_place *out[MAX_SHOWN];
  size_t n = parley_gazetteer_lookup(g, name, country, out, MAX_SHOWN);
  const parley_place *choice = parley_gazetteer_choose(g, name, country);
  for (size_t i = 0; i < n && i < MAX_SHOWN; i++) {
    const parley_place *p = out[i];
    printf("%s %u\t%s\t%s\t%s\t%s\t%.4f\t%.4f\t%llu\n", p == choice ? "*" : " ", (unsigned)p->geonameid, p->name,
           p->feature, p->admin1 ? p->admin1 : "-", p->country, p->lat, p->lon, (unsigned long long)p->population);
  }
  if (n > MAX_SHOWN) printf("  ... %zu more\n", n - MAX_SHOWN);
  if (n && !choice) printf("no choice: every sense needs more context (a country in the sentence or article)\n");
  if (!n) fprintf(stderr, "parley geo: no place called '%s'%s%s\n", name, country ? " in " : "", country ? country : "");
  parley_gazetteer_free(g);
  return n ? CLI_OK : CLI_SKIPPED;
}
