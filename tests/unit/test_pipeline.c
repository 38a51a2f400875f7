/* Tests for the text pipeline on real text: the five seed articles in ../shared (boilerplate gone, every story
 * sentence kept, boundaries and datelines right) and the tokenizer's folds, flags and offsets. */
#include "testutil.h"
#include "clean.h"
#include "segment.h"
#include <parley/parley.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct run {
  parley_reader *r;
  parley_doc *doc;
  const parley_article *a;
  char *buf;
} run;

/* Reads one article from a file or buffer and processes it. */
static void run_open(run *x, const char *path, const char *buf, size_t len) {
  memset(x, 0, sizeof *x);
  assert_int_equal(parley_reader_new(&x->r, NULL), PARLEY_OK);
  if (path) assert_int_equal(parley_reader_add_path(x->r, path), PARLEY_OK);
  else assert_int_equal(parley_reader_add_buffer(x->r, "mem.txt", buf, len), PARLEY_OK);
  assert_int_equal(parley_reader_next(x->r, &x->a), PARLEY_OK);
  assert_int_equal(parley_doc_new(&x->doc), PARLEY_OK);
  assert_int_equal(parley_doc_process(x->doc, x->a), PARLEY_OK);
}

static void run_close(run *x) {
  parley_doc_free(x->doc);
  parley_reader_free(x->r);
  free(x->buf);
}

/* Index of the sentence whose text equals s exactly, or -1. */
static long sentence_equal(const run *x, const char *s) {
  size_t n;
  const parley_sentence *ss = parley_doc_sentences(x->doc, &n);
  for (size_t i = 0; i < n; i++)
    if (ss[i].end - ss[i].start == strlen(s) && !memcmp(x->a->text + ss[i].start, s, strlen(s))) return (long)i;
  return -1;
}

/* Index of the sentence that starts with prefix, or -1. */
static long sentence_starting(const run *x, const char *prefix) {
  size_t n;
  const parley_sentence *ss = parley_doc_sentences(x->doc, &n);
  for (size_t i = 0; i < n; i++)
    if (ss[i].end - ss[i].start >= strlen(prefix) && !memcmp(x->a->text + ss[i].start, prefix, strlen(prefix)))
      return (long)i;
  return -1;
}

static int any_sentence_contains(const run *x, const char *needle) {
  size_t n;
  const parley_sentence *ss = parley_doc_sentences(x->doc, &n);
  for (size_t i = 0; i < n; i++) {
    size_t len = ss[i].end - ss[i].start, m = strlen(needle);
    for (size_t k = 0; k + m <= len; k++)
      if (!memcmp(x->a->text + ss[i].start + k, needle, m)) return 1;
  }
  return 0;
}

static void expect_sentences(const run *x, const char *const *starts) {
  for (; *starts; starts++) {
    if (sentence_starting(x, *starts) < 0) fail_msg("story sentence lost: %s", *starts);
  }
}

static void expect_gone(const run *x, const char *const *lines) {
  for (; *lines; lines++)
    if (any_sentence_contains(x, *lines)) fail_msg("boilerplate kept: %s", *lines);
}

static const char *seed(const char *name) {
  static char path[4096];
  const char *dir = tu_shared_or_skip("samples/seeds");
  snprintf(path, sizeof path, "%s/%s", dir, name);
  return path;
}

static void seed0_khabar(void **state) {
  (void)state;
  run x;
  run_open(&x, seed("000_515a4747b96e4bfe.txt"), NULL, 0);
  static const char *const story[] = {
      "At a phone discussion, President Mahmoud Ahmadinejad and his Russian counterpart Dmitry Medvedev",
      "According to Khabar Online correspondent,", "They saw foreigners", "Syria has been shaken by unrest",
      "Thousands of people have been killed", "The presidents of Iran and Russia maintained",
      "They stressed that the reforms", "Syria is the regional ally", "On December, Iran's Majlis",
      "Iran underlines that Syria", "On the other hand, earlier in the month", "Thirteen of the council",
      "Russia said the resolution was", "The complexity and sensitivity", "Ahmadinejad and Medvedev emphasized",
      "The head of Iranian government", "Medvedev underscored", "He added that some trans-regional", NULL};
  expect_sentences(&x, story);
  static const char *const junk[] = {"News ID", "181528", NULL};
  expect_gone(&x, junk);
  size_t n;
  parley_doc_sentences(x.doc, &n);
  assert_int_equal(n, 18);
  assert_null(x.a->title); /* the article opens with a sentence, not a headline */
  assert_null(parley_doc_dateline_place(x.doc));
  run_close(&x);
}

static void seed1_tasnim(void **state) {
  (void)state;
  run x;
  run_open(&x, seed("001_835f0d28d659205d.txt"), NULL, 0);
  assert_string_equal(x.a->title, "Iranian, Russian FMs Confer on Syria Crisis");
  assert_string_equal(parley_doc_dateline_place(x.doc), "Tehran");
  assert_string_equal(parley_doc_dateline_outlet(x.doc), "Tasnim");
  /* the dateline is not part of the first sentence, and offsets still point at the text */
  assert_int_equal(sentence_starting(&x, "Iranian Foreign Minister Mohammad Javad Zarif"), 0);
  assert_false(any_sentence_contains(&x, "Confer on Syria Crisis")); /* title not repeated as a sentence */
  static const char *const story[] = {
      "During a phone conversation on Tuesday", "\"Ministers discussed the implementation",
      "Also on Tuesday, Head of the Strategic", "The remarks came after",
      "\"The extension of the ‘regime of calm’ in Aleppo and its countryside for a period of 48 hours will be from "
      "Tuesday 01:00 a.m. (2200 GMT on Monday) until midnight on Wednesday,\" the military said in a statement.",
      "Aleppo, war-hit Syria", "Syria has been gripped by foreign-backed militancy since March 2011.",
      "UN Special Envoy for Syria Staffan de Mistura", NULL};
  expect_sentences(&x, story);
  /* one sentence, not split at "a.m." */
  assert_true(sentence_equal(&x, "\"The extension of the ‘regime of calm’ in Aleppo and its countryside for a period of "
                                 "48 hours will be from Tuesday 01:00 a.m. (2200 GMT on Monday) until midnight on "
                                 "Wednesday,\" the military said in a statement.") >= 0);
  static const char *const junk[] = {"Most Visited in Politics", "Top Politics stories", "Top Stories", NULL};
  expect_gone(&x, junk);
  size_t n;
  parley_doc_sentences(x.doc, &n);
  assert_int_equal(n, 9);
  run_close(&x);
}

static void seed2_tasnim(void **state) {
  (void)state;
  run x;
  run_open(&x, seed("002_6ca43d48d28243e0.txt"), NULL, 0);
  assert_string_equal(parley_doc_dateline_place(x.doc), "Tehran");
  assert_string_equal(parley_doc_dateline_outlet(x.doc), "Tasnim");
  assert_int_equal(sentence_starting(&x, "The presidents of Iran and Russia discussed"), 0);
  static const char *const story[] = {
      "During a telephone conversation on Monday", "The Iranian president, for his part",
      "Slamming western countries", "He also said a planned trilateral meeting", "The Russian president hailed",
      "He further said, “It behooves the international community, including Iran and Russia, to protect and "
      "support the defenseless Syrian people across the country”.",
      "The Syrian army took nearly all", "Hundreds of foreign-backed terrorists", "Following the Syrian army",
      "However, the evacuation of people", "Syria has been gripped by civil war since March 2011", NULL};
  expect_sentences(&x, story);
  /* a quotation spanning commas stays inside its sentence and is marked */
  long i = sentence_starting(&x, "He further said, “It behooves");
  size_t nt, ns;
  const parley_sentence *ss = parley_doc_sentences(x.doc, &ns);
  const parley_token *tt = parley_doc_tokens(x.doc, &nt);
  int saw_quoted_comma = 0, saw_unquoted = 0;
  for (size_t k = ss[i].first_token; k < ss[i].first_token + ss[i].n_tokens; k++) {
    if (!strcmp(tt[k].fold, ",") && (tt[k].flags & PARLEY_TOKEN_IN_QUOTE)) saw_quoted_comma = 1;
    if (!strcmp(tt[k].fold, "he")) saw_unquoted = !(tt[k].flags & PARLEY_TOKEN_IN_QUOTE);
    if (!strcmp(tt[k].fold, "defenseless")) assert_true(tt[k].flags & PARLEY_TOKEN_IN_QUOTE);
  }
  assert_true(saw_quoted_comma);
  assert_true(saw_unquoted);
  static const char *const junk[] = {"Most Visited", "Top Politics stories", "Top Stories", NULL};
  expect_gone(&x, junk);
  assert_int_equal(ns, 12);
  run_close(&x);
}

static void seed3_presstv(void **state) {
  (void)state;
  run x;
  run_open(&x, seed("003_6b0a3fc3bc72e4f8.txt"), NULL, 0);
  assert_string_equal(x.a->title, "Iran, Russia pledge support for Syria in battle against terrorists");
  static const char *const story[] = {
      "The presidents of Iran and Russia have pledged support", "In a phone conversation on Monday,",
      "They\xc2\xa0warned that", "Pezeshkian said a ceasefire agreement", "He added that the resurgence",
      "“We believe that the recent incidents", "He, however, emphasized", "Pezeshkian commended Russia",
      "For his part, Putin said", "He added that supporters", "He noted that Russia would",
      "Putin emphasized that Russia has proposed", "In an earlier statement, the Kremlin",
      "It added that the pair", "Pezeshkian and Putin also", "Iran and Russia have been the main backers",
      "In 2017, Syrian forces", "However, the country’s northern parts",
      "On November 27, terror outfits, led by the Hay’at Tahrir al-Shams (HTS), launched their largest attack in "
      "Syria in years, taking control of parts of Aleppo, and advancing southward on the city of Hama.",
      "Iran has repeatedly expressed", "In a phone conversation with Syrian President Bashar al-Assad",
      "The Kremlin said earlier on Monday", "“We of course continue to support Bashar al-Assad",
      "He added that Moscow would draw up", NULL};
  expect_sentences(&x, story);
  static const char *const junk[] = {"News", "Politics  /", "Masoud Pezeshkian (L)", "can also be accessed",
                                     "www.presstv.co.uk", "SHARE THIS ARTICLE", "Roku", NULL};
  expect_gone(&x, junk);
  assert_false(any_sentence_contains(&x, "pledge support for Syria in battle against terrorists"));
  size_t n;
  parley_doc_sentences(x.doc, &n);
  assert_int_equal(n, 24);
  run_close(&x);
}

static void seed4_irna(void **state) {
  (void)state;
  run x;
  run_open(&x, seed("004_34f04bcc559f47d2.txt"), NULL, 0);
  assert_string_equal(x.a->title, "Iran-Russia coordination to prevent US meddling in Syria: Security official");
  static const char *const story[] = {
      "Iran-Russia coordination is an absolute necessity", "The two sides' conversation over the phone",
      "The two also held talks", "Shamkhani welcomed", "The two sides should make use", "As Shamkhani stressed",
      "Referring to the US adventurous measures", "Attacks on the Syrian Army",
      "For his part, the Russian official stressed the importance of keeping the Dec 2016 ceasefire in Syria and "
      "setting the observer forces to protect it.",
      "Expressing satisfaction over Russia-Iran", "Iran, Russia and Turkey are the initiators", NULL};
  expect_sentences(&x, story);
  static const char *const junk[] = {"|", "Human Services", "Source:", "Islamic Republic News Agency",
                                     "iran News Gazette", "main objective", NULL};
  expect_gone(&x, junk);
  size_t n;
  parley_doc_sentences(x.doc, &n);
  assert_int_equal(n, 11);
  run_close(&x);
}

/* ---- sentence boundaries on text written for the test ---- */

static void abbreviations_do_not_split(void **state) {
  (void)state;
  const char *t = "The U.S. State Department said Mr. Smith met Gen. Ali in Jan. 2016 at 10 a.m. (1500 GMT) in "
                  "St. Petersburg with Dr. A. B. Jones. The talks ended. He left at 5 p.m. The next day was calm. "
                  "The council rejected it. MH/PA";
  run x;
  run_open(&x, NULL, t, strlen(t));
  size_t n;
  parley_doc_sentences(x.doc, &n);
  assert_int_equal(n, 5); /* editors' initials "MH/PA" are no sentence */
  assert_int_equal(sentence_equal(&x, "The council rejected it."), 4); /* "it." is no abbreviation */
  assert_int_equal(sentence_starting(&x, "The U.S. State Department said Mr. Smith met Gen. Ali in Jan. 2016 at 10 "
                                         "a.m. (1500 GMT) in St. Petersburg with Dr. A. B. Jones."),
                   0);
  assert_int_equal(sentence_equal(&x, "The talks ended."), 1);
  assert_int_equal(sentence_equal(&x, "He left at 5 p.m."), 2);
  assert_int_equal(sentence_equal(&x, "The next day was calm."), 3);
  run_close(&x);
}

/* A run of text without sentence ends reaches later stages in bounded pieces, nothing lost. */
static void overlong_sentence_is_cut(void **state) {
  (void)state;
  size_t n = 50000;
  char *t = malloc(n + 2);
  for (size_t i = 0; i < n; i += 5) { /* distinct pieces: repeated ones would be dropped as duplicates */
    size_t k = i / 5;
    char w[6] = {(char)('a' + k % 26), (char)('a' + k / 26 % 26), (char)('a' + k / 676 % 26), 'x', ' ', 0};
    memcpy(t + i, w, 5);
  }
  t[n - 1] = '.';
  run x;
  run_open(&x, NULL, t, n);
  size_t ns, nt;
  const parley_sentence *s = parley_doc_sentences(x.doc, &ns);
  parley_doc_tokens(x.doc, &nt);
  assert_true(ns >= n / PL_MAX_SENTENCE);
  for (size_t i = 0; i < ns; i++) assert_true(s[i].end - s[i].start <= PL_MAX_SENTENCE);
  assert_int_equal(nt, n / 5 + 1); /* every word and the final stop */
  run_close(&x);
  free(t);
}

static void datelines(void **state) {
  (void)state;
  static const struct {
    const char *text, *place, *outlet, *first;
  } cases[] = {
      {"MOSCOW, Dec 2 (Reuters) - Russia and Iran agreed to talk again.", "Moscow", "Reuters", "Russia and Iran"},
      {"WASHINGTON \xE2\x80\x94 The envoy arrived on Monday.", "Washington", NULL, "The envoy"},
      {"NEW YORK (AP) \xE2\x80\x93 Diplomats met at the United Nations.", "New York", "AP", "Diplomats"},
      {"TEHRAN - Iran summoned the envoy.", "Tehran", NULL, "Iran summoned"},
      {"TEHRAN- Iran summoned the envoy.", "Tehran", NULL, "Iran summoned"},
      {"PUL-I-ALAM, Afghanistan (AFP) \xE2\x80\x93 Gunmen attacked.", "Pul-I-Alam", "AFP", "Gunmen"},
      {"US President Joe Biden - a former senator - spoke.", NULL, NULL, "US President"},
      {"Iran-Russia talks ended on Friday.", NULL, NULL, "Iran-Russia"},
      {"UPDATE - Iran and Russia talked again.", NULL, NULL, "UPDATE - Iran"},
      {"Talks In Tehran\n\nBAGHDAD (IRNA) \xE2\x80\x94\n\nIraq and Iran signed a deal.", "Baghdad", "IRNA", "Iraq and Iran"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    run x;
    run_open(&x, NULL, cases[i].text, strlen(cases[i].text));
    const char *place = parley_doc_dateline_place(x.doc), *outlet = parley_doc_dateline_outlet(x.doc);
    if (cases[i].place) assert_string_equal(place, cases[i].place);
    else assert_null(place);
    if (cases[i].outlet) assert_string_equal(outlet, cases[i].outlet);
    else assert_null(outlet);
    assert_int_equal(sentence_starting(&x, cases[i].first), 0);
    run_close(&x);
  }
}

/* ---- tokens ---- */

static void expect_folds(const char *text, const char *const *folds) {
  pl_arena a;
  pl_arena_init(&a, 0);
  parley_token *t;
  size_t n, i = 0;
  assert_int_equal(pl_tokenize_phrase(text, strlen(text), &a, &t, &n), PARLEY_OK);
  for (; folds[i]; i++) {
    if (i >= n) fail_msg("'%s': only %zu tokens, wanted '%s'", text, n, folds[i]);
    if (strcmp(t[i].fold, folds[i])) fail_msg("'%s': token %zu is '%s', wanted '%s'", text, i, t[i].fold, folds[i]);
    assert_int_equal(strlen(t[i].fold), t[i].fold_len);
  }
  assert_int_equal(n, i);
  pl_arena_dispose(&a);
}

static void token_folds(void **state) {
  (void)state;
  expect_folds("Iran's", (const char *const[]){"iran", "'s", NULL});
  expect_folds("Iran\xE2\x80\x99s", (const char *const[]){"iran", "'s", NULL});
  expect_folds("Dmitry Medvedev", (const char *const[]){"dmitry", "medvedev", NULL});
  expect_folds("U.S.", (const char *const[]){"u.s.", NULL});
  expect_folds("al-Assad", (const char *const[]){"al", "-", "assad", NULL});
  expect_folds("Hay\xE2\x80\x99" "at Tahrir", (const char *const[]){"hay'at", "tahrir", NULL});
  expect_folds("400,000 people, 3.67%", (const char *const[]){"400,000", "people", ",", "3.67", "%", NULL});
  expect_folds("STRASSE Stra\xC3\x9F" "e \xEF\xAC\x81nal", /* ß and the fi ligature fold */
               (const char *const[]){"strasse", "strasse", "final", NULL});
  expect_folds("countries' role", (const char *const[]){"countries", "'", "role", NULL});
  expect_folds("don't", (const char *const[]){"do", "n't", NULL}); /* treebank negation, as dictionaries write it */
  expect_folds("a \xF3\xA0\x80\x81 b \xCD\x8F", (const char *const[]){"a", "b", NULL}); /* tag char, CGJ: nothing */
  expect_folds("Didn\xE2\x80\x99t", (const char *const[]){"did", "n't", NULL});
  expect_folds("\xD0\x9C\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0", (const char *const[]){"\xD0\xBC\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0", NULL});
}

/* Dictionary phrases and article text give the same folds, so matching compares folds only. */
static void phrase_folds_match_text(void **state) {
  (void)state;
  const char *text = "Russian President Vladimir Putin met Dmitry Medvedev, the U.S. envoy and Bashar al-Assad in "
                     "Iran\xE2\x80\x99s capital.";
  run x;
  run_open(&x, NULL, text, strlen(text));
  size_t nt;
  const parley_token *tt = parley_doc_tokens(x.doc, &nt);
  static const char *const phrases[] = {"Dmitry Medvedev", "U.S.", "al-Assad", "Iran's", "Vladimir Putin", NULL};
  pl_arena a;
  pl_arena_init(&a, 0);
  for (const char *const *p = phrases; *p; p++) {
    parley_token *pt;
    size_t pn;
    assert_int_equal(pl_tokenize_phrase(*p, strlen(*p), &a, &pt, &pn), PARLEY_OK);
    int found = 0;
    for (size_t i = 0; i + pn <= nt && !found; i++) {
      size_t k = 0;
      while (k < pn && !strcmp(tt[i + k].fold, pt[k].fold)) k++;
      found = k == pn;
    }
    if (!found) fail_msg("phrase '%s' not found in the text's tokens", *p);
  }
  pl_arena_dispose(&a);
  /* offsets point at the text; classes and flags */
  for (size_t i = 0; i < nt; i++) {
    assert_true(tt[i].end > tt[i].start && tt[i].end <= x.a->text_len);
    if (!strcmp(tt[i].fold, "putin")) {
      assert_memory_equal(x.a->text + tt[i].start, "Putin", 5);
      assert_int_equal(tt[i].cls, PARLEY_TOKEN_WORD);
      assert_true(tt[i].flags & PARLEY_TOKEN_CAPITAL);
    }
    if (!strcmp(tt[i].fold, "met")) assert_false(tt[i].flags & PARLEY_TOKEN_CAPITAL);
    if (!strcmp(tt[i].fold, ",")) assert_int_equal(tt[i].cls, PARLEY_TOKEN_PUNCT);
  }
  run_close(&x);
}

static void quotes_and_parens(void **state) {
  (void)state;
  const char *text = "\xE2\x80\x9CWe will respond. We are ready,\xE2\x80\x9D the minister said (in Tehran). "
                     "\"It is over,\" he added.";
  run x;
  run_open(&x, NULL, text, strlen(text));
  size_t ns, nt;
  const parley_sentence *ss = parley_doc_sentences(x.doc, &ns);
  const parley_token *tt = parley_doc_tokens(x.doc, &nt);
  assert_int_equal(ns, 3);
  assert_true(ss[0].flags & PARLEY_TOKEN_IN_QUOTE); /* "We will respond." wholly quoted */
  assert_false(ss[1].flags & PARLEY_TOKEN_IN_QUOTE);
  for (size_t i = 0; i < nt; i++) {
    const char *f = tt[i].fold;
    int q = (tt[i].flags & PARLEY_TOKEN_IN_QUOTE) != 0, p = (tt[i].flags & PARLEY_TOKEN_IN_PAREN) != 0;
    if (!strcmp(f, "ready") || !strcmp(f, "over") || !strcmp(f, "respond")) assert_true(q);
    if (!strcmp(f, "minister") || !strcmp(f, "said") || !strcmp(f, "added")) assert_false(q);
    if (!strcmp(f, "tehran")) assert_true(p);
    if (!strcmp(f, "minister") || !strcmp(f, "added")) assert_false(p);
  }
  run_close(&x);
}

/* With PARLEY_DOC_OUTLET_MEMORY, lines an outlet repeats in many of its articles are dropped once frequent enough. */
static void repeated_footer_is_dropped(void **state) {
  (void)state;
  parley_reader *r;
  parley_doc *doc;
  assert_int_equal(parley_reader_new(&r, NULL), PARLEY_OK);
  assert_int_equal(parley_doc_new(&doc), PARLEY_OK);
  parley_doc_set_flags(doc, PARLEY_DOC_OUTLET_MEMORY);
  char line[512];
  for (int i = 0; i < 12; i++) {
    snprintf(line, sizeof line,
             "{\"id\":\"%d\",\"source\":\"Daily\",\"text\":\"Minister %d met his counterpart on day %d of the "
             "talks.\\nAll of this is shared under an open licence for everyone.\"}\n",
             i, i, i);
    assert_int_equal(parley_reader_add_buffer(r, "mem.jsonl", line, strlen(line)), PARLEY_OK);
  }
  const parley_article *a;
  int i = 0;
  while (parley_reader_next(r, &a) == PARLEY_OK) {
    assert_int_equal(parley_doc_process(doc, a), PARLEY_OK);
    size_t n;
    parley_doc_sentences(doc, &n);
    if (i < 4) assert_int_equal(n, 2);
    if (i >= 6) assert_int_equal(n, 1);
    i++;
  }
  assert_int_equal(i, 12);
  parley_doc_free(doc);
  parley_reader_free(r);
}

/* By default a doc's output depends on the article alone; paragraphs repeated inside an article are kept once. */
static void results_depend_on_the_article_alone(void **state) {
  (void)state;
  const char *t = "Iran and Russia met on Monday. The talks went well.\nIran and Russia met on Monday. They agreed.\n"
                  "All of this is shared under an open licence for everyone.";
  parley_article a = {0};
  a.id = "x";
  a.source = "Daily";
  a.text = t;
  a.text_len = strlen(t);
  parley_doc *doc;
  assert_int_equal(parley_doc_new(&doc), PARLEY_OK);
  for (int i = 0; i < 12; i++) {
    assert_int_equal(parley_doc_process(doc, &a), PARLEY_OK);
    size_t n;
    parley_doc_sentences(doc, &n);
    assert_int_equal(n, 4); /* the repeated first sentence once; the footer kept every time */
  }
  parley_doc_free(doc);
}

/* A bare sentence without a full stop (as validation records and API callers send) is kept whole. */
static void bare_sentence_is_kept(void **state) {
  (void)state;
  const char *t = "Rebels attacked the village";
  run x;
  run_open(&x, NULL, t, strlen(t));
  assert_int_equal(sentence_equal(&x, t), 0);
  run_close(&x);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(seed0_khabar),
      cmocka_unit_test(seed1_tasnim),
      cmocka_unit_test(seed2_tasnim),
      cmocka_unit_test(seed3_presstv),
      cmocka_unit_test(seed4_irna),
      cmocka_unit_test(abbreviations_do_not_split),
      cmocka_unit_test(datelines),
      cmocka_unit_test(overlong_sentence_is_cut),
      cmocka_unit_test(token_folds),
      cmocka_unit_test(phrase_folds_match_text),
      cmocka_unit_test(quotes_and_parens),
      cmocka_unit_test(repeated_footer_is_dropped),
      cmocka_unit_test(results_depend_on_the_article_alone),
      cmocka_unit_test(bare_sentence_is_kept),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
