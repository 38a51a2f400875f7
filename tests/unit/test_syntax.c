/* The tagger and parser on the constructions the coder needs to read in news (passives, reported speech,
 * conjoined parties, "talks between", "urged X to", relative clauses, appositions, datelines), the mapping from
 * parley's tokens to UD words, refusal of broken model files, and one model shared by threads. Uses the built-in
 * model. */
#include "testutil.h"
#include <parley/doc.h>
#include <parley/syntax.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static parley_syntax_model *model;

static int setup(void **state) {
  (void)state;
  char err[256];
  int rc = parley_syntax_model_open(&model, NULL, err, sizeof err);
  if (rc) fprintf(stderr, "built-in model: %s\n", err);
  return rc;
}

static int teardown(void **state) {
  (void)state;
  parley_syntax_model_free(model);
  return 0;
}

typedef struct parsed {
  parley_doc *doc;
  parley_parser *p;
  const parley_syntax_word *w;
  size_t n;
} parsed;

/* Processes text as an article and parses its first sentence. */
static void parse(parsed *r, const char *text) {
  parley_article a = {0};
  a.id = "test";
  a.text = text;
  a.text_len = strlen(text);
  assert_int_equal(parley_doc_new(&r->doc), PARLEY_OK);
  assert_int_equal(parley_parser_new(&r->p, model), PARLEY_OK);
  assert_int_equal(parley_doc_process(r->doc, &a), PARLEY_OK);
  assert_int_equal(parley_parser_parse_sentence(r->p, r->doc, 0, &r->w, &r->n), PARLEY_OK);
  assert_true(r->n > 0);
}

static void done(parsed *r) {
  parley_parser_free(r->p);
  parley_doc_free(r->doc);
}

/* 1-based index of the first word spelt form. */
static size_t word(const parsed *r, const char *form) {
  for (size_t i = 0; i < r->n; i++)
    if (!strcmp(r->w[i].form, form)) return i + 1;
  fail_msg("no word '%s' in the sentence", form);
  return 0;
}

static void print_tree(const parsed *r) {
  for (size_t i = 0; i < r->n; i++)
    fprintf(stderr, "  %zu %s %s %zu %s\n", i + 1, r->w[i].form, r->w[i].xpos, r->w[i].head, r->w[i].deprel);
}

/* Asserts that dep's head is head ("ROOT" for the root) with relation rel (a relation with a subtype must match
 * whole; one without matches any subtype). */
static void expect(const parsed *r, const char *dep, const char *head, const char *rel) {
  const parley_syntax_word *d = &r->w[word(r, dep) - 1];
  size_t h = strcmp(head, "ROOT") ? word(r, head) : 0;
  size_t rl = strlen(rel);
  int rel_ok = strchr(rel, ':') ? !strcmp(d->deprel, rel)
                                : !strncmp(d->deprel, rel, rl) && (d->deprel[rl] == 0 || d->deprel[rl] == ':');
  if (d->head != h || !rel_ok) {
    print_tree(r);
    fail_msg("%s: expected %s of %s, got %s of %zu", dep, rel, head, d->deprel, d->head);
  }
}

static void passive_with_by(void **state) {
  (void)state;
  parsed r;
  parse(&r, "The Iranian embassy in Kabul was attacked by gunmen on Monday.");
  expect(&r, "attacked", "ROOT", "root");
  expect(&r, "embassy", "attacked", "nsubj:pass");
  expect(&r, "was", "attacked", "aux:pass");
  expect(&r, "gunmen", "attacked", "obl:agent");
  expect(&r, "by", "gunmen", "case");
  done(&r);
}

static void passive_without_by(void **state) {
  (void)state;
  parsed r;
  parse(&r, "Qassem Soleimani was assassinated in a U.S. drone strike in Baghdad.");
  expect(&r, "assassinated", "ROOT", "root");
  expect(&r, "Qassem", "assassinated", "nsubj:pass");
  expect(&r, "strike", "assassinated", "obl");
  done(&r);
}

static void reported_speech(void **state) {
  (void)state;
  parsed r;
  parse(&r, "The Syrian army said that Israeli jets attacked its positions near Damascus.");
  expect(&r, "said", "ROOT", "root");
  expect(&r, "army", "said", "nsubj");
  expect(&r, "attacked", "said", "ccomp");
  expect(&r, "that", "attacked", "mark");
  expect(&r, "jets", "attacked", "nsubj");
  expect(&r, "positions", "attacked", "obj");
  done(&r);
}

static void conjoined_subjects(void **state) {
  (void)state;
  parsed r;
  parse(&r, "Iran and Russia discussed the war in Syria on Monday.");
  expect(&r, "discussed", "ROOT", "root");
  expect(&r, "Iran", "discussed", "nsubj");
  expect(&r, "Russia", "Iran", "conj");
  expect(&r, "and", "Russia", "cc");
  expect(&r, "war", "discussed", "obj");
  done(&r);
}

static void talks_between(void **state) {
  (void)state;
  parsed r;
  parse(&r, "The talks between Iran and the United States ended without an agreement.");
  expect(&r, "ended", "ROOT", "root");
  expect(&r, "talks", "ended", "nsubj");
  expect(&r, "Iran", "talks", "nmod");
  expect(&r, "between", "Iran", "case");
  expect(&r, "States", "Iran", "conj");
  done(&r);
}

static void urged_to(void **state) {
  (void)state;
  parsed r;
  parse(&r, "The United Nations urged Israel to stop the attacks on Gaza.");
  expect(&r, "urged", "ROOT", "root");
  expect(&r, "Nations", "urged", "nsubj");
  expect(&r, "Israel", "urged", "iobj"); /* EWT's convention for the addressee of urge/ask/tell X to V */
  expect(&r, "stop", "urged", "xcomp");
  expect(&r, "attacks", "stop", "obj");
  done(&r);
}

static void relative_clause(void **state) {
  (void)state;
  parsed r;
  parse(&r, "The militants who attacked the base fled into the mountains.");
  expect(&r, "fled", "ROOT", "root");
  expect(&r, "militants", "fled", "nsubj");
  expect(&r, "attacked", "militants", "acl:relcl");
  expect(&r, "who", "attacked", "nsubj");
  expect(&r, "base", "attacked", "obj");
  done(&r);
}

static void apposition(void **state) {
  (void)state;
  parsed r;
  parse(&r, "Iran's foreign minister met his Turkish counterpart, Hakan Fidan, in Ankara.");
  expect(&r, "met", "ROOT", "root");
  expect(&r, "minister", "met", "nsubj");
  expect(&r, "Iran", "minister", "nmod:poss");
  expect(&r, "counterpart", "met", "obj");
  expect(&r, "Hakan", "counterpart", "appos"); /* EWT heads a name on its first word */
  expect(&r, "Fidan", "Hakan", "flat");
  expect(&r, "Ankara", "met", "obl");
  done(&r);
}

static void dateline(void **state) {
  (void)state;
  parsed r;
  parse(&r, "TEHRAN (Tasnim) – Iran condemned the Israeli attack on the Syrian capital on Sunday.");
  assert_string_equal(r.w[0].form, "Iran"); /* the dateline is not part of the sentence */
  expect(&r, "condemned", "ROOT", "root");
  expect(&r, "Iran", "condemned", "nsubj");
  expect(&r, "attack", "condemned", "obj");
  done(&r);
}

/* parley's tokens become UD words: clitics and "cannot" cut, abbreviations keep their period, offsets exact. */
static void ud_words(void **state) {
  (void)state;
  const char *text = "We\xE2\x80\x99re sure they cannot stop Mr. Smith's plan.";
  parsed r;
  parse(&r, text);
  static const char *const forms[] = {"We", "\xE2\x80\x99re", "sure", "they", "can", "not", "stop",
                                      "Mr.", "Smith", "'s", "plan", "."};
  assert_int_equal(r.n, sizeof forms / sizeof forms[0]);
  for (size_t i = 0; i < r.n; i++) {
    assert_string_equal(r.w[i].form, forms[i]);
    assert_int_equal(r.w[i].end - r.w[i].start, strlen(forms[i]));
    assert_memory_equal(text + r.w[i].start, forms[i], strlen(forms[i]));
  }
  assert_int_equal(r.w[4].token, r.w[5].token); /* "can" and "not" come from one token */
  assert_string_equal(r.w[1].lemma, "be");
  assert_string_equal(r.w[5].upos, "PART");
  expect(&r, "not", "stop", "advmod");
  done(&r);
}

static void write_file(const char *path, const void *buf, size_t n) {
  FILE *f = fopen(path, "wb");
  assert_non_null(f);
  assert_int_equal(fwrite(buf, 1, n, f), n);
  assert_int_equal(fclose(f), 0);
}

/* A model file cut short, with a flipped byte, or of another kind is refused with a message saying so. */
static void broken_models(void **state) {
  (void)state;
  size_t len;
  char *img = tu_read_file(tu_source_path("data/syntax-en.model"), &len);
  assert_non_null(img);
  char path[] = "/tmp/parley-model-XXXXXX";
  int fd = mkstemp(path);
  assert_true(fd >= 0);
  close(fd);
  parley_syntax_model *m = NULL;
  char err[256];
  write_file(path, img, len);
  assert_int_equal(parley_syntax_model_open(&m, path, err, sizeof err), PARLEY_OK);
  parley_syntax_model_free(m);
  write_file(path, img, len / 2);
  assert_int_equal(parley_syntax_model_open(&m, path, err, sizeof err), PARLEY_EPARSE);
  assert_non_null(strstr(err, "truncated"));
  assert_null(m);
  img[len / 2] ^= 0x10;
  write_file(path, img, len);
  assert_int_equal(parley_syntax_model_open(&m, path, err, sizeof err), PARLEY_EPARSE);
  assert_non_null(strstr(err, "checksum"));
  write_file(path, "Iran condemned the attack.\n", 27);
  assert_int_equal(parley_syntax_model_open(&m, path, err, sizeof err), PARLEY_EPARSE);
  assert_non_null(strstr(err, "not a parley syntax model"));
  unlink(path);
  assert_int_equal(parley_syntax_model_open(&m, path, err, sizeof err), PARLEY_EIO);
  assert_non_null(strstr(err, path));
  free(img);
}

/* ---- threads ---- */

static const char *const thread_texts[] = {
    "Iranian President Masoud Pezeshkian and his Russian counterpart Vladimir Putin discussed Syria by telephone.",
    "Syrian troops were attacked by militants on Sunday, the army said.",
    "Turkey's foreign minister, who arrived in Cairo on Tuesday, met his Egyptian counterpart.",
};

typedef struct job {
  char out[4096];
  int rc;
} job;

static void *run(void *arg) {
  job *j = arg;
  parley_doc *doc = NULL;
  parley_parser *p = NULL;
  j->rc = parley_doc_new(&doc);
  if (!j->rc) j->rc = parley_parser_new(&p, model);
  for (int round = 0; round < 30 && !j->rc; round++) {
    size_t used = 0;
    for (size_t t = 0; t < sizeof thread_texts / sizeof thread_texts[0] && !j->rc; t++) {
      parley_article a = {0};
      a.id = "t";
      a.text = thread_texts[t];
      a.text_len = strlen(thread_texts[t]);
      const parley_syntax_word *w;
      size_t n = 0;
      j->rc = parley_doc_process(doc, &a);
      if (!j->rc) j->rc = parley_parser_parse_sentence(p, doc, 0, &w, &n);
      for (size_t i = 0; i < n && used < sizeof j->out - 64; i++)
        used += (size_t)snprintf(j->out + used, sizeof j->out - used, "%s/%s/%zu/%s ", w[i].form, w[i].xpos,
                                 w[i].head, w[i].deprel);
    }
  }
  parley_parser_free(p);
  parley_doc_free(doc);
  return NULL;
}

static void shared_model_in_threads(void **state) {
  (void)state;
  job alone, a, b;
  run(&alone);
  assert_int_equal(alone.rc, 0);
  pthread_t ta, tb;
  assert_int_equal(pthread_create(&ta, NULL, run, &a), 0);
  assert_int_equal(pthread_create(&tb, NULL, run, &b), 0);
  pthread_join(ta, NULL);
  pthread_join(tb, NULL);
  assert_int_equal(a.rc, 0);
  assert_int_equal(b.rc, 0);
  assert_string_equal(a.out, alone.out);
  assert_string_equal(b.out, alone.out);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(passive_with_by),   cmocka_unit_test(passive_without_by), cmocka_unit_test(reported_speech),
      cmocka_unit_test(conjoined_subjects), cmocka_unit_test(talks_between),     cmocka_unit_test(urged_to),
      cmocka_unit_test(relative_clause),   cmocka_unit_test(apposition),         cmocka_unit_test(dateline),
      cmocka_unit_test(ud_words),          cmocka_unit_test(broken_models),      cmocka_unit_test(shared_model_in_threads),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
