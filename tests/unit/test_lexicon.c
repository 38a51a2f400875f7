/* Unit tests for the lexicon: parley-format reader, matcher, dated actor codes, verb forms and patterns. */
#include "testutil.h"
#include "lexicon.h"
#include "util/arena.h"
#include <parley/parley.h>
#include <libstemmer.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct diags {
  int n;
  unsigned long lines[64];
  char msgs[64][160];
} diags;

static void collect(const parley_diag *d, void *payload) {
  diags *g = payload;
  if (d->level != PARLEY_DIAG_ERROR) return;
  if (g->n < 64) {
    g->lines[g->n] = d->line;
    snprintf(g->msgs[g->n], sizeof g->msgs[0], "%s", d->msg);
  }
  g->n++;
}

static int has_line(const diags *g, unsigned long line) {
  for (int i = 0; i < g->n && i < 64; i++)
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

/* Tokenises text the way the matcher expects (the same tokenizer as the dictionaries). */
typedef struct toks {
  pl_arena a;
  parley_token *t;
  size_t n;
} toks;
static void tokenize(toks *tk, const char *text) {
  pl_arena_init(&tk->a, 0);
  assert_int_equal(pl_lex_tokenize_text(text, strlen(text), &tk->a, &tk->t, &tk->n), PARLEY_OK);
}

/* The first hit of `kind` at pos, or -1. */
static long first_hit(const parley_lexicon *lex, const toks *tk, size_t pos, unsigned kind, uint32_t *len) {
  pl_lex_hit h[16];
  size_t n = pl_lexicon_match(lex, tk->t, tk->n, pos, kind, h, 16);
  if (!n) return -1;
  if (len) *len = h[0].n_tokens;
  return h[0].id;
}

static const char *actor_code_of(const parley_lexicon *lex, const char *text, const char *date, const char **note) {
  toks tk;
  tokenize(&tk, text);
  uint32_t len = 0;
  long id = first_hit(lex, &tk, 0, PL_LEX_ACTOR, &len);
  const char *code = id < 0 ? NULL : pl_lexicon_actor_code(lex, (uint32_t)id, date, note);
  pl_arena_dispose(&tk.a);
  return code;
}

static void parley_format_reader(void **state) {
  (void)state;
  diags g = {0};
  parley_lexicon *lex = load("tests/data/dict/parley.txt", &g);
  parley_lexicon_stats st;
  parley_lexicon_stats_get(lex, &st);
  assert_int_equal(st.actors, 6);
  assert_int_equal(st.actor_codes, 7);
  assert_int_equal(st.agents, 4);
  assert_int_equal(st.synsets, 1);
  assert_int_equal(st.verbs, 7);
  assert_int_equal(st.patterns, 6);
  assert_int_equal(st.discards, 3);
  assert_int_equal(st.issues, 2);
  /* every broken line is reported with its line number, and the good lines around them are kept */
  unsigned long bad[] = {10, 11, 12, 13, 21, 25, 36, 37, 54, 56};
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
    if (!has_line(&g, bad[i])) fail_msg("no diagnostic for line %lu", bad[i]);
  }
  assert_int_equal(g.n, (int)(sizeof bad / sizeof *bad));
  pl_code_info ci;
  assert_int_equal(pl_lexicon_code_info(lex, "041", &ci), PARLEY_OK);
  assert_string_equal(ci.plover_event, "CONSULT");
  assert_string_equal(ci.plover_mode, "phone");
  assert_int_equal(ci.quad_class, 1);
  assert_int_equal(pl_lexicon_code_info(lex, "0999", &ci), PARLEY_ENOTFOUND);
  parley_lexicon_free(lex);
}

static void dated_codes_on_both_sides_of_boundaries(void **state) {
  (void)state;
  diags g = {0};
  parley_lexicon *lex = load("tests/data/dict/parley.txt", &g);
  const char *note;
  assert_null(actor_code_of(lex, "Medvedev", "2008-05-06", &note));
  assert_string_equal(actor_code_of(lex, "Medvedev", "2008-05-07", &note), "RUSGOV");
  assert_string_equal(note, "president");
  assert_string_equal(actor_code_of(lex, "Dmitry Medvedev", "2010-01-01", &note), "RUSGOV");
  assert_string_equal(note, "president");
  assert_string_equal(actor_code_of(lex, "Medvedev", "2012-05-07", &note), "RUSGOV");
  assert_string_equal(note, "president");
  assert_string_equal(actor_code_of(lex, "Medvedev", "2012-05-08", &note), "RUSGOV");
  assert_string_equal(note, "prime minister");
  assert_string_equal(actor_code_of(lex, "Dmitri Medvedev", "2015-01-01", &note), "RUSGOV");
  assert_string_equal(note, "prime minister");
  assert_string_equal(actor_code_of(lex, "Medvedev", "2020-01-16", &note), "RUSGOV");
  assert_null(actor_code_of(lex, "Medvedev", "2020-01-17", &note));
  assert_null(actor_code_of(lex, "Pezeshkian", "2024-07-27", &note));
  assert_string_equal(actor_code_of(lex, "Pezeshkian", "2024-07-28", &note), "IRNGOV");
  assert_string_equal(actor_code_of(lex, "Masoud Pezeshkian", "2024-12-02", &note), "IRNGOV");
  /* undated: the undated code, or the latest dated one */
  assert_string_equal(actor_code_of(lex, "Iran", NULL, &note), "IRN");
  assert_null(note);
  assert_string_equal(actor_code_of(lex, "Medvedev", NULL, &note), "RUSGOV");
  assert_string_equal(note, "prime minister");
  parley_lexicon_free(lex);
}

static void matcher_longest_first_whole_tokens_and_clitics(void **state) {
  (void)state;
  diags g = {0};
  parley_lexicon *lex = load("tests/data/dict/parley.txt", &g);
  toks tk;
  tokenize(&tk, "The Islamic Republic of Iran's envoy met his Russian counterpart in Argentina");
  uint32_t len;
  /* "Islamic Republic of Iran" (4 tokens) before any shorter entry; "'s" is its own token */
  long id = first_hit(lex, &tk, 1, PL_LEX_ACTOR, &len);
  assert_true(id >= 0);
  assert_int_equal(len, 4);
  assert_string_equal(pl_lexicon_actor_name(lex, (uint32_t)id), "Iran");
  assert_string_equal(tk.t[5].fold, "'s");
  /* "the Islamic Republic" also matches at 0 */
  assert_true(first_hit(lex, &tk, 0, PL_LEX_ACTOR, &len) >= 0);
  assert_int_equal(len, 3);
  /* "met" is a form of meet; kinds filter */
  id = first_hit(lex, &tk, 7, PL_LEX_VERB, &len);
  assert_true(id >= 0);
  assert_string_equal(pl_lexicon_verb_name(lex, (uint32_t)id), "meet");
  assert_int_equal(first_hit(lex, &tk, 7, PL_LEX_ACTOR, NULL), -1);
  /* country + agent */
  id = first_hit(lex, &tk, 9, PL_LEX_ACTOR, &len);
  assert_string_equal(pl_lexicon_actor_code(lex, (uint32_t)id, NULL, NULL), "RUS");
  id = first_hit(lex, &tk, 10, PL_LEX_AGENT, &len);
  assert_string_equal(pl_lexicon_agent_code(lex, (uint32_t)id), "GOV");
  /* prefix entry Argentin* matches Argentina */
  pl_lex_hit h[4];
  size_t n = pl_lexicon_match(lex, tk.t, tk.n, 12, PL_LEX_ALL, h, 4);
  assert_int_equal(n, 1);
  assert_int_equal(h[0].prefix, 1);
  assert_string_equal(pl_lexicon_actor_code(lex, h[0].id, NULL, NULL), "ARG");
  /* whole tokens only: "Irania" is not "Iranian" nor "Iran" */
  pl_arena_dispose(&tk.a);
  tokenize(&tk, "Irania Iranians");
  assert_int_equal(pl_lexicon_match(lex, tk.t, tk.n, 0, PL_LEX_ALL, h, 4), 0);
  assert_int_equal(pl_lexicon_match(lex, tk.t, tk.n, 1, PL_LEX_ALL, h, 4), 0);
  pl_arena_dispose(&tk.a);
  /* agents get regular plurals; IGO~ goes before the country */
  tokenize(&tk, "rebels spokesmen presidents international observers");
  assert_true(first_hit(lex, &tk, 0, PL_LEX_AGENT, NULL) >= 0);
  assert_true(first_hit(lex, &tk, 1, PL_LEX_AGENT, NULL) >= 0);
  assert_true(first_hit(lex, &tk, 2, PL_LEX_AGENT, NULL) >= 0);
  id = first_hit(lex, &tk, 3, PL_LEX_AGENT, &len);
  assert_int_equal(len, 2);
  assert_int_equal(pl_lexicon_agent_code_first(lex, (uint32_t)id), 1);
  pl_arena_dispose(&tk.a);
  parley_lexicon_free(lex);
}

static void verbs_forms_patterns_synsets(void **state) {
  (void)state;
  diags g = {0};
  parley_lexicon *lex = load("tests/data/dict/parley.txt", &g);
  toks tk;
  tokenize(&tk, "discussed discusses discussing conferred pledged says said by telephone conversation");
  const char *expect[] = {"discuss", "discuss", "discuss", "confer", "pledge", "say", "say"};
  for (size_t i = 0; i < 7; i++) {
    long id = first_hit(lex, &tk, i, PL_LEX_VERB, NULL);
    if (id < 0) fail_msg("no verb at %zu (%s)", i, tk.t[i].fold);
    assert_string_equal(pl_lexicon_verb_name(lex, (uint32_t)id), expect[i]);
  }
  uint32_t discuss = (uint32_t)first_hit(lex, &tk, 0, PL_LEX_VERB, NULL);
  assert_string_equal(pl_lexicon_verb_code(lex, discuss), "040");
  const pl_verb_pattern *pats;
  size_t np = pl_lexicon_verb_patterns(lex, discuss, &pats);
  assert_int_equal(np, 2);
  assert_string_equal(pats[0].code, "041");
  assert_int_equal(pats[0].n_elems, 3);
  assert_int_equal(pats[0].elems[0].type, PL_PAT_VERB);
  assert_int_equal(pats[0].elems[1].type, PL_PAT_WORD);
  assert_string_equal(pats[0].elems[1].word, "by");
  assert_int_equal(pats[0].elems[2].type, PL_PAT_SYNSET);
  assert_string_equal(pl_lexicon_synset_name(lex, pats[0].elems[2].synset), "&PHONE");
  /* "confer | 040 | = discuss" shares discuss's patterns */
  uint32_t confer = (uint32_t)first_hit(lex, &tk, 3, PL_LEX_VERB, NULL);
  const pl_verb_pattern *cp;
  assert_int_equal(pl_lexicon_verb_patterns(lex, confer, &cp), 2);
  assert_string_equal(pl_lexicon_verb_code(lex, confer), "040");
  /* source slot before the verb */
  uint32_t pledge = (uint32_t)first_hit(lex, &tk, 4, PL_LEX_VERB, NULL);
  assert_int_equal(pl_lexicon_verb_patterns(lex, pledge, &cp), 1);
  assert_int_equal(cp[0].elems[0].type, PL_PAT_SOURCE);
  assert_int_equal(cp[0].elems[1].type, PL_PAT_VERB);
  assert_int_equal(cp[0].elems[cp[0].n_elems - 1].type, PL_PAT_TARGET);
  assert_null(pl_lexicon_verb_code(lex, pledge));
  /* synset phrases, longest */
  size_t len = 0;
  assert_int_equal(pl_lexicon_synset_match(lex, pats[0].elems[2].synset, tk.t, tk.n, 8, &len), 1);
  assert_int_equal(len, 2);
  assert_int_equal(pl_lexicon_synset_match(lex, pats[0].elems[2].synset, tk.t, tk.n, 7, &len), 0);
  pl_arena_dispose(&tk.a);
  parley_lexicon_free(lex);
}

static void inflection_rules(void **state) {
  (void)state;
  struct {
    const char *base, *form;
  } cases[] = {{"stop", "stopped"},   {"visit", "visited"}, {"agree", "agreeing"}, {"agree", "agreed"},
               {"die", "dying"},      {"try", "tried"},     {"try", "tries"},      {"fix", "fixes"},
               {"meet", "met"},       {"go", "went"},       {"go", "goes"},        {"panic", "panicked"},
               {"make", "making"},    {"seek", "sought"},   {"withdraw", "withdrawn"}, {"play", "played"}};
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    char forms[12][64];
    size_t n = pl_lex_inflect(cases[i].base, forms, 12);
    int found = 0;
    for (size_t k = 0; k < n; k++) found |= !strcmp(forms[k], cases[i].form);
    if (!found) fail_msg("%s: no form %s", cases[i].base, cases[i].form);
  }
  char forms[12][64];
  size_t n = pl_lex_inflect("meet", forms, 12);
  for (size_t k = 0; k < n; k++) assert_string_not_equal(forms[k], "meeted");
}

static void discards_and_issues(void **state) {
  (void)state;
  diags g = {0};
  parley_lexicon *lex = load("tests/data/dict/parley.txt", &g);
  toks tk;
  tokenize(&tk, "after the World Cup film reviews on nuclear weapons");
  pl_lex_hit h[4];
  assert_int_equal(pl_lexicon_match(lex, tk.t, tk.n, 2, PL_LEX_DISCARD, h, 4), 1);
  assert_int_equal(pl_lexicon_discard_story(lex, h[0].id), 1);
  assert_int_equal(pl_lexicon_match(lex, tk.t, tk.n, 4, PL_LEX_DISCARD, h, 4), 1);
  assert_int_equal(pl_lexicon_discard_story(lex, h[0].id), 0);
  assert_int_equal(pl_lexicon_match(lex, tk.t, tk.n, 7, PL_LEX_ISSUE, h, 4), 1);
  assert_string_equal(pl_lexicon_issue_code(lex, h[0].id), "NUCLEAR_WEAPONS");
  pl_arena_dispose(&tk.a);
  parley_lexicon_free(lex);
}

static void lookup_spells_out_combinations(void **state) {
  (void)state;
  diags g = {0};
  parley_lexicon *lex = load("tests/data/dict/parley.txt", &g);
  parley_buf b = PARLEY_BUF_INIT;
  assert_int_equal(parley_lexicon_lookup(&b, lex, "his Russian counterpart", NULL), PARLEY_OK);
  assert_non_null(strstr(b.ptr, "RUS + GOV = RUSGOV"));
  parley_buf_dispose(&b);
  assert_int_equal(parley_lexicon_lookup(&b, lex, "Medvedev", "2015-01-01"), PARLEY_OK);
  assert_non_null(strstr(b.ptr, "-> RUSGOV (prime minister)"));
  parley_buf_dispose(&b);
  assert_int_equal(parley_lexicon_lookup(&b, lex, "zzz qqq", NULL), PARLEY_ENOTFOUND);
  parley_buf_dispose(&b);
  parley_lexicon_free(lex);
}

static void convert_round_trip(void **state) {
  (void)state;
  diags g = {0};
  parley_lexicon *lex = load("tests/data/dict/parley.txt", &g);
  parley_buf b = PARLEY_BUF_INIT;
  assert_int_equal(parley_lexicon_write(&b, lex, 1), PARLEY_OK);
  parley_lexicon_stats a;
  parley_lexicon_stats_get(lex, &a);
  parley_lexicon_free(lex);
  diags g2 = {0};
  parley_lexicon_options o = PARLEY_LEXICON_OPTIONS_INIT;
  o.diag = collect;
  o.diag_payload = &g2;
  assert_int_equal(parley_lexicon_new(&lex, &o), PARLEY_OK);
  assert_int_equal(parley_lexicon_add_buffer(lex, "converted", b.ptr, b.size, PARLEY_DICT_AUTO), PARLEY_OK);
  assert_int_equal(parley_lexicon_compile(lex), PARLEY_OK);
  parley_lexicon_stats c;
  parley_lexicon_stats_get(lex, &c);
  /* the one pattern naming an undefined synset is written back and reported again */
  if (g2.n != 1 || !strstr(g2.msgs[0], "&NOSUCH"))
    fail_msg("converted output rejected: %d diagnostics, first line %lu: %s", g2.n, g2.lines[0], g2.msgs[0]);
  assert_int_equal(c.actors, a.actors);
  assert_int_equal(c.actor_codes, a.actor_codes);
  assert_int_equal(c.agents, a.agents);
  assert_int_equal(c.verbs, a.verbs);
  assert_int_equal(c.patterns, a.patterns);
  assert_int_equal(c.discards, a.discards);
  const char *note;
  assert_string_equal(actor_code_of(lex, "Medvedev", "2015-01-01", &note), "RUSGOV");
  assert_string_equal(note, "prime minister");
  parley_buf_dispose(&b);
  parley_lexicon_free(lex);
}

/* Writes lex in parley's format, reads that into a lexicon without the built-ins and writes it again: the two
 * texts must be the same, nothing may be rejected, and the counts must agree. */
static void assert_round_trip(parley_lexicon *lex) {
  parley_buf b1 = PARLEY_BUF_INIT, b2 = PARLEY_BUF_INIT;
  assert_int_equal(parley_lexicon_write(&b1, lex, 0), PARLEY_OK);
  parley_lexicon_stats a, c;
  parley_lexicon_stats_get(lex, &a);
  diags g = {0};
  parley_lexicon_options o = PARLEY_LEXICON_OPTIONS_INIT;
  o.diag = collect;
  o.diag_payload = &g;
  parley_lexicon *back = NULL;
  assert_int_equal(parley_lexicon_new(&back, &o), PARLEY_OK);
  assert_int_equal(parley_lexicon_add_buffer(back, "converted", b1.ptr, b1.size, PARLEY_DICT_PARLEY), PARLEY_OK);
  assert_int_equal(parley_lexicon_compile(back), PARLEY_OK);
  if (g.n) fail_msg("converted output rejected: %d errors, first line %lu: %s", g.n, g.lines[0], g.msgs[0]);
  parley_lexicon_stats_get(back, &c);
  assert_int_equal(c.rejected, 0);
  assert_int_equal(c.actors, a.actors);
  assert_int_equal(c.actor_codes, a.actor_codes);
  assert_int_equal(c.agents, a.agents);
  assert_int_equal(c.agent_names, a.agent_names);
  assert_int_equal(c.verbs, a.verbs);
  assert_int_equal(c.verb_forms, a.verb_forms);
  assert_int_equal(c.patterns, a.patterns);
  assert_int_equal(c.synsets, a.synsets);
  assert_int_equal(c.synset_phrases, a.synset_phrases);
  assert_int_equal(c.discards, a.discards);
  assert_int_equal(c.issues, a.issues);
  assert_int_equal(c.trie_nodes, a.trie_nodes);
  assert_int_equal(parley_lexicon_write(&b2, back, 0), PARLEY_OK);
  assert_int_equal(b2.size, b1.size);
  assert_memory_equal(b2.ptr, b1.ptr, b1.size);
  parley_buf_dispose(&b1);
  parley_buf_dispose(&b2);
  parley_lexicon_free(back);
}

static void builtin_convert_round_trip(void **state) {
  (void)state;
  parley_lexicon *lex = NULL;
  assert_int_equal(parley_lexicon_new(&lex, NULL), PARLEY_OK);
  assert_int_equal(parley_lexicon_add_builtin(lex), PARLEY_OK);
  assert_int_equal(parley_lexicon_compile(lex), PARLEY_OK);
  assert_round_trip(lex);
  const char *note;
  assert_string_equal(actor_code_of(lex, "Medvedev", "2015-01-01", &note), "RUSGOV");
  parley_lexicon_free(lex);
}

/* A verb with more forms than the reader once held (32): all of them are read, written and read back. */
static void verb_with_many_forms_round_trips(void **state) {
  (void)state;
  char line[4096] = "[verbs]\nconfer";
  for (int i = 0; i < 40; i++) snprintf(line + strlen(line), sizeof line - strlen(line), "; form%02d", i);
  strcat(line, " | 040\n");
  diags g = {0};
  parley_lexicon_options o = PARLEY_LEXICON_OPTIONS_INIT;
  o.diag = collect;
  o.diag_payload = &g;
  parley_lexicon *lex = NULL;
  assert_int_equal(parley_lexicon_new(&lex, &o), PARLEY_OK);
  assert_int_equal(parley_lexicon_add_buffer(lex, "many", line, strlen(line), PARLEY_DICT_PARLEY), PARLEY_OK);
  assert_int_equal(parley_lexicon_compile(lex), PARLEY_OK);
  assert_int_equal(g.n, 0);
  parley_lexicon_stats s;
  parley_lexicon_stats_get(lex, &s);
  assert_int_equal(s.verbs, 1);
  assert_true(s.verb_forms >= 41);
  parley_buf b = PARLEY_BUF_INIT;
  assert_int_equal(parley_lexicon_write(&b, lex, 0), PARLEY_OK);
  assert_non_null(strstr(b.ptr, "; form00"));
  assert_non_null(strstr(b.ptr, "; form39"));
  parley_buf_dispose(&b);
  assert_round_trip(lex);
  parley_lexicon_free(lex);
}

static void verb_by_snowball_stem(void **state) {
  (void)state;
  diags g = {0};
  parley_lexicon *lex = load("tests/data/dict/parley.txt", &g);
  struct sb_stemmer *st = sb_stemmer_new("english", "UTF_8");
  assert_non_null(st);
  const char *w = "pledgings"; /* no generated form, same stem as "pledge" */
  const sb_symbol *sym = sb_stemmer_stem(st, (const sb_symbol *)w, (int)strlen(w));
  uint32_t v = pl_lexicon_verb_by_stem(lex, (const char *)sym, (size_t)sb_stemmer_length(st));
  assert_int_not_equal(v, PL_LEX_NO_VERB);
  assert_string_equal(pl_lexicon_verb_name(lex, v), "pledge");
  assert_int_equal(pl_lexicon_verb_by_stem(lex, "zzz", 3), PL_LEX_NO_VERB);
  sb_stemmer_delete(st);
  parley_lexicon_free(lex);
}

/* One compiled lexicon, read by four threads at once: every thread must see what one thread alone sees. */
typedef struct thread_job {
  const parley_lexicon *lex;
  const toks *tk;
  const size_t *expect; /* hits per position */
  int ok;
} thread_job;

static void *match_many(void *arg) {
  thread_job *j = arg;
  j->ok = 1;
  for (int round = 0; round < 2000 && j->ok; round++)
    for (size_t i = 0; i < j->tk->n; i++) {
      pl_lex_hit h[16];
      if (pl_lexicon_match(j->lex, j->tk->t, j->tk->n, i, PL_LEX_ALL, h, 16) != j->expect[i]) j->ok = 0;
    }
  return NULL;
}

static void threads_share_one_lexicon(void **state) {
  (void)state;
  diags g = {0};
  parley_lexicon *lex = load("tests/data/dict/parley.txt", &g);
  toks tk;
  tokenize(&tk, "Dmitry Medvedev met Iranian president Pezeshkian and discussed by telephone the World Cup, "
                "Argentina's rebels and nuclear weapons.");
  size_t expect[64];
  assert_true(tk.n < 64);
  size_t total = 0;
  for (size_t i = 0; i < tk.n; i++) {
    pl_lex_hit h[16];
    expect[i] = pl_lexicon_match(lex, tk.t, tk.n, i, PL_LEX_ALL, h, 16);
    total += expect[i];
  }
  assert_true(total >= 10);
  pthread_t th[4];
  thread_job jobs[4];
  for (int i = 0; i < 4; i++) {
    jobs[i] = (thread_job){lex, &tk, expect, 0};
    assert_int_equal(pthread_create(&th[i], NULL, match_many, &jobs[i]), 0);
  }
  for (int i = 0; i < 4; i++) {
    pthread_join(th[i], NULL);
    assert_true(jobs[i].ok);
  }
  pl_arena_dispose(&tk.a);
  parley_lexicon_free(lex);
}

/* The matcher against a brute-force reference: every entry of a small dictionary (shared first words, prefix
 * entries at the root and after whole words, an entry that is a prefix of another) is tried at every position of
 * a text by plain string comparison of folded tokens; pl_lexicon_match() must give exactly those hits, longest
 * first, and pl_lexicon_scan() the same hits in the same order. */
typedef struct ref_entry {
  const char *words[4]; /* folded words; the last ends in '*' for a prefix entry */
} ref_entry;

static const ref_entry ref_actors[] = {
    {{"united"}},      {{"united", "states"}}, {{"united", "states", "army"}}, {{"united", "nations"}},
    {{"afghan*"}},     {{"iran*"}},            {{"the", "kuw*"}},              {{"kuwait"}},
    {{"a*"}},          {{"new", "york"}},      {{"new", "york", "times"}},    {{"the", "new", "york", "t*"}},
    {{"in"}},          {{"in", "the"}},        {{"president", "of", "iran"}},
};

typedef struct scan_log {
  const parley_lexicon *lex;
  const toks *tk;
  unsigned kinds;
  size_t next;
  int mismatches;
} scan_log;

static int scan_matches_alone(void *payload, size_t pos, const pl_lex_hit *hits, size_t n_hits) {
  scan_log *lg = payload;
  pl_lex_hit alone[32];
  for (; lg->next < pos; lg->next++) /* the scan found nothing there */
    lg->mismatches += pl_lexicon_match(lg->lex, lg->tk->t, lg->tk->n, lg->next, lg->kinds, alone, 32) != 0;
  size_t na = pl_lexicon_match(lg->lex, lg->tk->t, lg->tk->n, pos, lg->kinds, alone, 32);
  lg->mismatches += !pl_lex_hits_equal(alone, na, hits, n_hits);
  lg->next = pos + 1;
  return 0;
}

static void matcher_agrees_with_brute_force(void **state) {
  (void)state;
  char dict[2048] = "[actors]\n";
  size_t n_entries = sizeof ref_actors / sizeof *ref_actors;
  for (size_t e = 0; e < n_entries; e++) {
    for (size_t w = 0; w < 4 && ref_actors[e].words[w]; w++) {
      if (w) strcat(dict, " ");
      strcat(dict, ref_actors[e].words[w]);
    }
    char line[32];
    snprintf(line, sizeof line, " | A%02zu\n", e); /* a code per entry: hits map back to entries by code */
    strcat(dict, line);
  }
  parley_lexicon *lex;
  assert_int_equal(parley_lexicon_new(&lex, NULL), PARLEY_OK);
  assert_int_equal(parley_lexicon_add_buffer(lex, "ref", dict, strlen(dict), PARLEY_DICT_PARLEY), PARLEY_OK);
  assert_int_equal(parley_lexicon_compile(lex), PARLEY_OK);
  const char *text = "In the United States Army and the United Nations, the Afghans and Iranians met the Kuwaitis; "
                     "in the New York Times the President of Iran spoke to a united front in New York and Kuwait, "
                     "and the new York Timesmen at an Afghan-Iranian border in the United States.";
  toks tk;
  tokenize(&tk, text);
  size_t checked = 0;
  for (size_t pos = 0; pos < tk.n; pos++) {
    /* the reference: every entry whose words equal the folds from pos on (the last as a prefix when it ends in *) */
    int want[32][2]; /* entry, n_tokens */
    size_t nw = 0;
    for (size_t e = 0; e < n_entries; e++) {
      size_t w = 0;
      int ok = 1;
      for (; ok && w < 4 && ref_actors[e].words[w]; w++) {
        const char *word = ref_actors[e].words[w];
        size_t len = strlen(word);
        if (pos + w >= tk.n) ok = 0;
        else if (word[len - 1] == '*')
          ok = tk.t[pos + w].fold_len >= len - 1 && !memcmp(tk.t[pos + w].fold, word, len - 1);
        else ok = tk.t[pos + w].fold_len == len && !memcmp(tk.t[pos + w].fold, word, len);
      }
      if (ok) {
        want[nw][0] = (int)e;
        want[nw++][1] = (int)w;
      }
    }
    pl_lex_hit h[32];
    size_t nh = pl_lexicon_match(lex, tk.t, tk.n, pos, PL_LEX_ALL, h, 32);
    assert_int_equal(nh, nw);
    for (size_t k = 0; k < nh; k++) {
      if (k) assert_true(h[k].n_tokens <= h[k - 1].n_tokens); /* longest first */
      const char *code = pl_lexicon_actor_code(lex, h[k].id, NULL, NULL);
      assert_non_null(code);
      int e = atoi(code + 1), found = 0;
      for (size_t j = 0; j < nw; j++) found |= want[j][0] == e && (uint32_t)want[j][1] == h[k].n_tokens;
      if (!found) fail_msg("unexpected hit %s (%u tokens) at token %zu", code, h[k].n_tokens, pos);
      const char *last = NULL;
      for (size_t w = 0; w < 4 && ref_actors[e].words[w]; w++) last = ref_actors[e].words[w];
      assert_int_equal(h[k].prefix, last[strlen(last) - 1] == '*');
    }
    checked += nh;
  }
  assert_true(checked >= 20); /* the text exercises the entries: a matcher finding nothing would fail above */
  /* with synsets asked for the scan walks every position; without, it skips the ones its lookups rule out */
  const unsigned kinds[] = {PL_LEX_ACTOR, PL_LEX_ALL};
  for (size_t k = 0; k < 2; k++) {
    scan_log lg = {lex, &tk, kinds[k], 0, 0};
    assert_int_equal(pl_lexicon_scan(lex, tk.t, tk.n, kinds[k], 32, scan_matches_alone, &lg), 0);
    scan_matches_alone(&lg, tk.n, NULL, 0); /* the positions after the last hit; tk.n itself matches nothing */
    assert_int_equal(lg.mismatches, 0);
  }
  pl_arena_dispose(&tk.a);
  parley_lexicon_free(lex);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(parley_format_reader),
      cmocka_unit_test(dated_codes_on_both_sides_of_boundaries),
      cmocka_unit_test(matcher_longest_first_whole_tokens_and_clitics),
      cmocka_unit_test(verbs_forms_patterns_synsets),
      cmocka_unit_test(inflection_rules),
      cmocka_unit_test(discards_and_issues),
      cmocka_unit_test(lookup_spells_out_combinations),
      cmocka_unit_test(convert_round_trip),
      cmocka_unit_test(builtin_convert_round_trip),
      cmocka_unit_test(verb_with_many_forms_round_trips),
      cmocka_unit_test(verb_by_snowball_stem),
      cmocka_unit_test(threads_share_one_lexicon),
      cmocka_unit_test(matcher_agrees_with_brute_force),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
