/* Unit tests for the TABARI/PETRARCH readers: small fixtures with broken lines, and the full Phoenix set from
 * ../shared (skipped when absent). */
#include "testutil.h"
#include "lexicon.h"
#include "util/arena.h"
#include <parley/parley.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

typedef struct diags {
  int errors, warnings;
  unsigned long lines[64];
} diags;

static void collect(const parley_diag *d, void *payload) {
  diags *g = payload;
  if (d->level == PARLEY_DIAG_ERROR) {
    if (g->errors < 64) g->lines[g->errors] = d->line;
    g->errors++;
  } else {
    g->warnings++;
  }
}

static int has_line(const diags *g, unsigned long line) {
  for (int i = 0; i < g->errors && i < 64; i++)
    if (g->lines[i] == line) return 1;
  return 0;
}

static parley_lexicon *load(const char *rel, diags *g) {
  parley_lexicon_options o = PARLEY_LEXICON_OPTIONS_INIT;
  o.diag = collect;
  o.diag_payload = g;
  parley_lexicon *lex;
  assert_int_equal(parley_lexicon_new(&lex, &o), PARLEY_OK);
  assert_int_equal(parley_lexicon_add_file(lex, tu_source_path(rel)), PARLEY_OK);
  assert_int_equal(parley_lexicon_compile(lex), PARLEY_OK);
  return lex;
}

typedef struct toks {
  pl_arena a;
  parley_token *t;
  size_t n;
} toks;

/* Hits of `kind` at the start of text. */
static size_t hits(const parley_lexicon *lex, const char *text, unsigned kind, pl_lex_hit *h, size_t max) {
  toks tk;
  pl_arena_init(&tk.a, 0);
  assert_int_equal(pl_lex_tokenize_text(text, strlen(text), &tk.a, &tk.t, &tk.n), PARLEY_OK);
  size_t n = pl_lexicon_match(lex, tk.t, tk.n, 0, kind, h, max);
  pl_arena_dispose(&tk.a);
  return n;
}

static const char *code_of(const parley_lexicon *lex, const char *text, const char *date) {
  pl_lex_hit h[8];
  size_t n = hits(lex, text, PL_LEX_ACTOR, h, 8);
  return n ? pl_lexicon_actor_code(lex, h[0].id, date, NULL) : NULL;
}

static void actors(void **state) {
  (void)state;
  diags g = {0};
  parley_lexicon *lex = load("tests/data/dict/petr_actors.txt", &g);
  /* [KORGOVBUS 2004017-...] (7 digits) and [AFG 1990-2000] are rejected; LONELY_NAME_ has no code */
  assert_int_equal(g.errors, 2);
  assert_true(has_line(&g, 17));
  assert_true(has_line(&g, 21));
  assert_int_equal(g.warnings, 1);
  /* prefix convention: IRAN_ is a whole word, +IRANIAN (no _) also matches IRANIANS */
  assert_string_equal(code_of(lex, "Iran", NULL), "IRN");
  assert_null(code_of(lex, "Irani", NULL));
  assert_string_equal(code_of(lex, "Iranians", NULL), "IRN");
  assert_null(code_of(lex, "Tehrani", NULL));
  /* an uncoded record (DMITRY_MEDVEDEV_ +MEDVEDEV) takes the codes of the next one; YYMMDD dates */
  assert_string_equal(code_of(lex, "Medvedev", "2006-01-01"), "RUSGOV");
  assert_string_equal(code_of(lex, "Dmitry Medvedev", "2007-02-28"), "RUSGOV");
  assert_string_equal(code_of(lex, "Dmitry Medvedev", "2007-03-01"), "RUSELI");
  assert_string_equal(code_of(lex, "Dmitri Medvedev", "2008-05-06"), "RUSELI");
  assert_string_equal(code_of(lex, "Dmitri Medvedev", "2008-05-07"), "RUSGOV");
  assert_string_equal(code_of(lex, "Medvedev", "1990-01-01"), "RUSELI");
  /* >YYYYMMDD and <YYYYMMDD, inclusive */
  assert_null(code_of(lex, "Ban Ki-moon", "2006-12-31"));
  assert_string_equal(code_of(lex, "Ban Ki-moon", "2007-01-01"), "IGOUNO");
  assert_string_equal(code_of(lex, "Someone Old", "1999-12-31"), "USAGOV");
  assert_null(code_of(lex, "Someone Old", "2000-01-01"));
  /* TABARI in-line codes on the name line */
  assert_string_equal(code_of(lex, "Hamid Karzai", "2010-01-01"), "AFGGOV");
  assert_string_equal(code_of(lex, "Hamid Karzai", "2015-01-01"), "AFGELI");
  assert_string_equal(code_of(lex, "UN", NULL), "IGOUNO");
  assert_null(code_of(lex, "Lonely Name", NULL));
  parley_lexicon_free(lex);
}

static void agents(void **state) {
  (void)state;
  diags g = {0};
  parley_lexicon *lex = load("tests/data/dict/petr_agents.txt", &g);
  assert_int_equal(g.errors, 2); /* NO_CODE_HERE, !AGENT! undefined */
  assert_true(has_line(&g, 12));
  assert_true(has_line(&g, 13));
  pl_lex_hit h[4];
  assert_int_equal(hits(lex, "presidents", PL_LEX_AGENT, h, 4), 1);
  assert_string_equal(pl_lexicon_agent_code(lex, h[0].id), "GOV");
  assert_int_equal(hits(lex, "foreign ministry", PL_LEX_AGENT, h, 4), 1);
  assert_string_equal(pl_lexicon_agent_code(lex, h[0].id), "GOVFRM");
  assert_int_equal(h[0].n_tokens, 2);
  assert_int_equal(hits(lex, "congresswomen", PL_LEX_AGENT, h, 4), 1);
  assert_int_equal(hits(lex, "polices", PL_LEX_AGENT, h, 4), 0); /* {} = no plural */
  assert_int_equal(hits(lex, "attorneys general", PL_LEX_AGENT, h, 4), 1);
  assert_int_equal(hits(lex, "peacekeeping troops", PL_LEX_AGENT, h, 4), 1);
  assert_int_equal(pl_lexicon_agent_code_first(lex, h[0].id), 1);
  assert_string_equal(pl_lexicon_agent_code(lex, h[0].id), "IGO");
  parley_lexicon_free(lex);
}

static void verbs(void **state) {
  (void)state;
  diags g = {0};
  parley_lexicon *lex = load("tests/data/dict/petr_verbs.txt", &g);
  /* lines 2, 13: outside a synset or block; 23: undefined synset; 24: no code; 31: transformation; 32: two words */
  unsigned long bad[] = {2, 13, 23, 24, 31, 32};
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
    if (!has_line(&g, bad[i])) fail_msg("no diagnostic for line %lu", bad[i]);
  assert_int_equal(g.errors, 6);
  pl_lex_hit h[4];
  assert_int_equal(hits(lex, "discussed", PL_LEX_VERB, h, 4), 1);
  uint32_t discuss = h[0].id;
  assert_string_equal(pl_lexicon_verb_code(lex, discuss), "040");
  assert_int_equal(hits(lex, "conferred", PL_LEX_VERB, h, 4), 1);
  assert_int_equal(hits(lex, "confered", PL_LEX_VERB, h, 4), 0); /* {FORMS} given: nothing generated */
  assert_int_equal(hits(lex, "hurried", PL_LEX_VERB, h, 4), 1);
  assert_string_equal(pl_lexicon_verb_code(lex, h[0].id), "042");
  assert_int_equal(hits(lex, "asked for", PL_LEX_VERB, h, 4), 1);
  assert_int_equal(h[0].n_tokens, 2);
  assert_string_equal(pl_lexicon_verb_code(lex, h[0].id), "020");
  assert_int_equal(hits(lex, "re arrested", PL_LEX_VERB, h, 4), 1); /* RE_+ARREST inflects ARREST */
  assert_int_equal(hits(lex, "met", PL_LEX_VERB, h, 4), 1);
  const pl_verb_pattern *p;
  size_t np = pl_lexicon_verb_patterns(lex, discuss, &p);
  assert_int_equal(np, 4); /* &NOSUCH dropped */
  /* - * (BY &PHONE) [041] */
  assert_string_equal(p[0].code, "041");
  assert_int_equal(p[0].n_elems, 3);
  assert_int_equal(p[0].elems[1].type, PL_PAT_WORD);
  assert_string_equal(p[0].elems[1].word, "by");
  assert_int_equal(p[0].elems[2].type, PL_PAT_SYNSET);
  /* - * {SECURITY ISSUES} (WITH +) [042:043]: both codes kept, the second is coded target to source */
  assert_string_equal(p[1].code, "042:043");
  assert_int_equal(p[1].n_elems, 5);
  assert_int_equal(p[1].elems[4].type, PL_PAT_TARGET);
  /* - $ * &CURRENCY [:061] */
  assert_string_equal(p[2].code, ":061");
  assert_int_equal(p[2].elems[0].type, PL_PAT_SOURCE);
  assert_string_equal(p[3].code, "---");
  /* synsets: &PHONE_ has no plurals, &CURRENCY does */
  toks tk;
  pl_arena_init(&tk.a, 0);
  const char *text = "phones euros";
  assert_int_equal(pl_lex_tokenize_text(text, strlen(text), &tk.a, &tk.t, &tk.n), PARLEY_OK);
  size_t len;
  assert_int_equal(pl_lexicon_synset_match(lex, p[0].elems[2].synset, tk.t, tk.n, 0, &len), 0);
  assert_int_equal(pl_lexicon_synset_match(lex, p[2].elems[2].synset, tk.t, tk.n, 1, &len), 1);
  pl_arena_dispose(&tk.a);
  parley_lexicon_free(lex);
}

static void discards_and_issues(void **state) {
  (void)state;
  diags g = {0};
  parley_lexicon *lex = load("tests/data/dict/petr_discards.txt", &g);
  assert_int_equal(g.errors, 0);
  pl_lex_hit h[4];
  assert_int_equal(hits(lex, "World Golf Championships", PL_LEX_DISCARD, h, 4), 1);
  assert_int_equal(pl_lexicon_discard_story(lex, h[0].id), 1);
  assert_int_equal(hits(lex, "baseballs", PL_LEX_DISCARD, h, 4), 1); /* a stem */
  assert_int_equal(pl_lexicon_discard_story(lex, h[0].id), 0);
  assert_int_equal(hits(lex, "academy awards", PL_LEX_DISCARD, h, 4), 0); /* ends with _ */
  parley_lexicon_free(lex);
  diags g2 = {0};
  lex = load("tests/data/dict/petr_issues.txt", &g2);
  assert_int_equal(g2.errors, 1);
  assert_true(has_line(&g2, 6));
  assert_int_equal(hits(lex, "atrocities", PL_LEX_ISSUE, h, 4), 1);
  assert_string_equal(pl_lexicon_issue_code(lex, h[0].id), "ID_ATROCITY");
  assert_int_equal(hits(lex, "ethnic purging", PL_LEX_ISSUE, h, 4), 1);
  assert_int_equal(hits(lex, "al-zarqawi network", PL_LEX_ISSUE, h, 4), 1);
  assert_int_equal(hits(lex, "al zarqawi network", PL_LEX_ISSUE, h, 4), 1);
  parley_lexicon_free(lex);
}

static void format_detection(void **state) {
  (void)state;
  const char *p = "# c\n[actors]\nIran | IRN\n";
  assert_int_equal(pl_dict_detect("x.txt", p, strlen(p)), PARLEY_DICT_PARLEY);
  assert_int_equal(pl_dict_detect("verbs.txt", p, strlen(p)), PARLEY_DICT_PARLEY);
  const char *v = "&X\n+A\n--- MEET [036] ---\nMEET\n";
  assert_int_equal(pl_dict_detect("x.txt", v, strlen(v)), PARLEY_DICT_PETRARCH_VERBS);
  const char *a = "PRESIDENT [~GOV]\n";
  assert_int_equal(pl_dict_detect("x.txt", a, strlen(a)), PARLEY_DICT_PETRARCH_AGENTS);
  const char *ac = "IRAN_ [IRN]\n";
  assert_int_equal(pl_dict_detect("x.txt", ac, strlen(ac)), PARLEY_DICT_PETRARCH_ACTORS);
  const char *d = "BASEBALL\n";
  assert_int_equal(pl_dict_detect("x.txt", d, strlen(d)), PARLEY_DICT_PETRARCH_DISCARDS);
  assert_int_equal(pl_dict_detect("Phoenix.IssueCoding.txt", d, strlen(d)), PARLEY_DICT_PETRARCH_ISSUES);
}

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The whole Phoenix set and the CAMEO verbs as PETRARCH ships them: counts, and not one crash. */
static void full_phoenix_set(void **state) {
  (void)state;
  const char *dir = tu_shared_or_skip("reference/petrarch2/dictionaries");
  static const char *const files[] = {"CAMEO.2.0.txt", "Phoenix.Countries.actors.txt",
                                      "Phoenix.International.actors.txt", "Phoenix.MilNonState.actors.txt",
                                      "Phoenix.agents.txt", "Phoenix.discards.txt", "Phoenix.IssueCoding.txt"};
  diags g = {0};
  parley_lexicon_options o = PARLEY_LEXICON_OPTIONS_INIT;
  o.diag = collect;
  o.diag_payload = &g;
  parley_lexicon *lex;
  assert_int_equal(parley_lexicon_new(&lex, &o), PARLEY_OK);
  double t0 = now();
  for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, files[i]);
    assert_int_equal(parley_lexicon_add_file(lex, path), PARLEY_OK);
  }
  assert_int_equal(parley_lexicon_compile(lex), PARLEY_OK);
  double t1 = now();
  parley_lexicon_stats st;
  parley_lexicon_stats_get(lex, &st);
  printf("phoenix: %zu lines, %zu rejected (%d errors, %d warnings); %zu actors (%zu codes, %zu names), %zu agents, "
         "%zu verbs (%zu forms, %zu patterns), %zu synsets, %zu discards, %zu issues; %zu phrases, %zu trie nodes, "
         "%.1f MB; %.0f ms\n",
         st.lines, st.rejected, g.errors, g.warnings, st.actors, st.actor_codes, st.actor_names, st.agents, st.verbs,
         st.verb_forms, st.patterns, st.synsets, st.discards, st.issues, st.phrases, st.trie_nodes,
         (double)st.memory / 1e6, (t1 - t0) * 1e3);
  /* the files are large and nearly all lines are usable */
  assert_true(st.actors > 10000);
  assert_true(st.actor_names > 30000);
  assert_true(st.agents > 1500);
  assert_true(st.verbs > 1000);
  assert_true(st.patterns > 4000);
  assert_true(st.synsets > 30);
  assert_true(st.discards > 400);
  assert_true(st.issues > 1000);
  assert_true(st.rejected * 50 < st.lines);
  /* a few real entries */
  assert_string_equal(code_of(lex, "Medvedev", "2010-01-01"), "RUSGOV");
  assert_string_equal(code_of(lex, "Afghanistan", NULL), "AFG");
  assert_string_equal(code_of(lex, "United Nations", NULL), "IGOUNO");
  pl_lex_hit h[8];
  assert_true(hits(lex, "discussed", PL_LEX_VERB, h, 8) >= 1);
  parley_lexicon_free(lex);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(actors),           cmocka_unit_test(agents),           cmocka_unit_test(verbs),
      cmocka_unit_test(discards_and_issues), cmocka_unit_test(format_detection), cmocka_unit_test(full_phoenix_set),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
