/* cli/options.c: option parsing every subcommand shares, so that "--opt value" and "--opt=value" work alike and
 * every date option accepts and refuses the same strings (the library's one date parser decides). */
#include "cli.h"
#include <parley/date.h>
#include <string.h>

int cli_opt_value(int argc, char **argv, int *i, const char *name, const char **val) {
  const char *a = argv[*i];
  size_t n = strlen(name);
  if (strncmp(a, name, n)) return 0;
  if (a[n] == '=') {
    *val = a + n + 1;
    return 1;
  }
  if (a[n] != '\0') return 0;
  if (*i + 1 >= argc) {
    fprintf(stderr, "parley: %s needs a value\n", name);
    return -1;
  }
  *val = argv[++*i];
  return 1;
}

int cli_check_date(const char *flag, const char *v, int bound) {
  parley_date_precision p = parley_date_parse(v, NULL, NULL);
  if (p == PARLEY_DATE_DAY || (bound && p != PARLEY_DATE_INVALID)) return 0;
  fprintf(stderr, "parley: %s wants %s, a date that exists (got '%s')\n", flag,
          bound ? PARLEY_DATE_FORMS : "YYYY-MM-DD", v);
  return -1;
}

int cli_input_format(const char *cmd, const char *v, int *out) {
  static const struct { const char *name; parley_input_format format; } formats[] = {
      {"auto", PARLEY_INPUT_AUTO}, {"text", PARLEY_INPUT_TEXT}, {"jsonl", PARLEY_INPUT_JSONL},
      {"html", PARLEY_INPUT_HTML}};
  for (size_t k = 0; k < sizeof formats / sizeof formats[0]; k++)
    if (!strcmp(v, formats[k].name)) {
      *out = formats[k].format;
      return 0;
    }
  fprintf(stderr, "parley %s: unknown input format '%s' (auto, text, jsonl, html)\n", cmd, v);
  return -1;
}
