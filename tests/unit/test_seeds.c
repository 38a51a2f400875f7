/* The seed articles (../shared/samples/seeds) coded with the built-in dictionaries and the dates in
 * seeds.gold.jsonl: every gold event is found (countries, CAMEO code, event date, either direction where the gold
 * says so), and no event comes from the web boilerplate. Skipped when ../shared is absent. */
#include "testutil.h"
#include <jansson.h>
#include <parley/coder.h>
#include <parley/doc.h>
#include <parley/lexicon.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int in_list(json_t *list, const char *s, const char *fallback) {
  if (!json_is_array(list)) return !strcmp(s, fallback);
  size_t i;
  json_t *v;
  json_array_foreach(list, i, v) if (json_is_string(v) && !strcmp(json_string_value(v), s)) return 1;
  return !strcmp(s, fallback);
}

static void seeds_yield_gold_events(void **state) {
  (void)state;
  const char *gold_path = tu_shared_or_skip("samples/seeds.gold.jsonl");
  json_error_t err;
  json_t *lines[8];
  size_t n_lines = 0;
  FILE *f = fopen(gold_path, "r");
  assert_non_null(f);
  char buf[8192];
  while (fgets(buf, sizeof buf, f) && n_lines < 8) {
    lines[n_lines] = json_loads(buf, 0, &err);
    assert_non_null(lines[n_lines]);
    n_lines++;
  }
  fclose(f);
  assert_int_equal(n_lines, 5);

  parley_lexicon *lex;
  assert_int_equal(parley_lexicon_new(&lex, NULL), PARLEY_OK);
  assert_int_equal(parley_lexicon_add_builtin(lex), PARLEY_OK);
  assert_int_equal(parley_lexicon_compile(lex), PARLEY_OK);
  parley_doc *doc;
  parley_coder *coder;
  assert_int_equal(parley_doc_new(&doc), PARLEY_OK);
  assert_int_equal(parley_coder_new(&coder, lex, NULL), PARLEY_OK);
  int missing = 0;
  for (size_t l = 0; l < n_lines; l++) {
    const char *file = json_string_value(json_object_get(lines[l], "file"));
    char rel[512];
    snprintf(rel, sizeof rel, "samples/%s", file);
    size_t len;
    char *text = tu_read_file(tu_shared_path(rel), &len);
    assert_non_null(text);
    parley_article a = {0};
    a.id = file;
    a.text = text;
    a.text_len = len;
    a.date = json_string_value(json_object_get(lines[l], "date"));
    assert_int_equal(parley_doc_process(doc, &a), PARLEY_OK);
    assert_int_equal(parley_coder_code(coder, doc), PARLEY_OK);
    const parley_event *evs[256];
    size_t ne = 0;
    const parley_event *ev;
    while (parley_coder_next_event(coder, &ev) == PARLEY_OK && ne < 256) {
      evs[ne++] = ev;
      /* nothing from boilerplate: every event's sentence is story text */
      static const char *const boiler[] = {"Most Visited", "Top Stories", "SHARE THIS", "News ID", "alternate addresses",
                                           "Source:", "Roku", NULL};
      for (size_t b = 0; boiler[b]; b++)
        if (strstr(ev->text, boiler[b])) fail_msg("%s: event from boilerplate: %s", file, ev->text);
    }
    size_t i;
    json_t *g;
    json_array_foreach(json_object_get(lines[l], "events"), i, g) {
      const char *src = json_string_value(json_object_get(g, "source"));
      const char *tgt = json_string_value(json_object_get(g, "target"));
      const char *code = json_string_value(json_object_get(g, "code"));
      const char *date = json_string_value(json_object_get(g, "date"));
      int either = json_is_true(json_object_get(g, "either_direction"));
      int found = 0;
      for (size_t k = 0; k < ne && !found; k++) {
        const parley_event *e = evs[k];
        int fwd = !strcmp(e->source.country, src) && !strcmp(e->target.country, tgt);
        int rev = either && !strcmp(e->source.country, tgt) && !strcmp(e->target.country, src);
        found = (fwd || rev) && in_list(json_object_get(g, "accept_codes"), e->cameo, code) &&
                in_list(json_object_get(g, "accept_dates"), e->date, date);
      }
      if (!found) {
        print_message("%s: missing %s %s %s on %s\n", file, src, code, tgt, date);
        for (size_t k = 0; k < ne; k++)
          print_message("    coded: %s %s %s %s | %s\n", evs[k]->source.code, evs[k]->cameo, evs[k]->target.code,
                        evs[k]->date, evs[k]->verb);
        missing++;
      }
    }
    free(text);
  }
  for (size_t l = 0; l < n_lines; l++) json_decref(lines[l]);
  parley_coder_free(coder);
  parley_doc_free(doc);
  parley_lexicon_free(lex);
  assert_int_equal(missing, 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {cmocka_unit_test(seeds_yield_gold_events)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
