/* cli/language.c: which articles the coding commands (code, ingest, recode) code, by language. The coder reads
 * English: an article in another language would code to no events, which looks like news with nothing in it, so
 * such articles are skipped and counted, and the run ends with one warning line giving the counts by language. */
#include "cli.h"
#include <parley/language.h>
#include <string.h>

const char *cli_language_help =
    "  --language CODE    code only articles in this language (ISO 639-1; default en: the coder reads\n"
    "                     English); `any` codes every article. Others are skipped and counted by language\n"
    "                     in one warning (exit status 1). The language is the input's (JSONL `language`,\n"
    "                     a page's lang), else detected from the text; a text too short to tell is coded\n";

int cli_language_option(int argc, char **argv, int *i, cli_language *l) {
  const char *v;
  int r = cli_opt_value(argc, argv, i, "--language", &v);
  if (r <= 0) return r;
  size_t n = strlen(v);
  if (!strcmp(v, "any")) {
    l->want[0] = '\0';
    return 1;
  }
  if (n < 2 || n > 3 || strspn(v, "abcdefghijklmnopqrstuvwxyz") != n) {
    fprintf(stderr, "parley: --language wants a lower-case ISO 639 code such as en, or any (got '%s')\n", v);
    return -1;
  }
  memcpy(l->want, v, n + 1);
  return 1;
}

int cli_language_init(cli_language *l) {
  memset(l, 0, sizeof *l);
  memcpy(l->want, "en", 3);
  return parley_langid_new(&l->id);
}

void cli_language_free(cli_language *l) {
  parley_langid_free(l->id);
  l->id = NULL;
}

int cli_language_skip(cli_language *l, const parley_article *a) {
  if (!l->want[0]) return 0;
  const char *lang = a->language;
  /* articles stored before detection existed carry none: recode detects it as a reader would */
  if (!lang && l->id) lang = parley_langid_detect(l->id, a->text, a->text_len);
  if (!lang || parley_language_is(lang, l->want)) return 0;
  char code[sizeof l->seen[0].code];
  size_t k = 0;
  for (; lang[k] && lang[k] != '-' && lang[k] != '_' && k + 1 < sizeof code; k++)
    code[k] = (char)(lang[k] >= 'A' && lang[k] <= 'Z' ? lang[k] - 'A' + 'a' : lang[k]);
  code[k] = '\0';
  l->skipped++;
  for (size_t j = 0; j < l->n_seen; j++)
    if (!strcmp(l->seen[j].code, code)) {
      l->seen[j].n++;
      return 1;
    }
  if (l->n_seen < sizeof l->seen / sizeof l->seen[0]) {
    memcpy(l->seen[l->n_seen].code, code, k + 1);
    l->seen[l->n_seen++].n = 1;
  } else {
    l->other++;
  }
  return 1;
}

void cli_language_report(const cli_language *l, const char *cmd) {
  if (!l->skipped) return;
  fprintf(stderr, "parley %s: warning: %lu article%s not in '%s' skipped (", cmd, l->skipped,
          l->skipped == 1 ? "" : "s", l->want);
  for (size_t j = 0; j < l->n_seen; j++) fprintf(stderr, "%s%s %lu", j ? ", " : "", l->seen[j].code, l->seen[j].n);
  if (l->other) fprintf(stderr, ", other %lu", l->other);
  fprintf(stderr, "); --language any codes them\n");
}
