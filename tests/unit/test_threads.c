/* Two coders in two threads over one lexicon: the compiled lexicon is shared read-only, each thread has its own
 * document and coder, and both code the same articles to the same events as one thread alone. */
#include "testutil.h"
#include <parley/coder.h>
#include <parley/doc.h>
#include <parley/lexicon.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

static const char *const texts[] = {
    ("Iranian President Masoud Pezeshkian and his Russian counterpart Vladimir Putin discussed Syria by telephone "
     "on Monday. Putin also criticized Israel."),
    "Syrian troops were attacked by militants on Sunday. The army said it repelled the attack.",
    "Turkey's foreign minister met his Egyptian counterpart in Cairo on Tuesday and discussed Gaza.",
};

typedef struct job {
  const parley_lexicon *lex;
  char out[8192];
  int rc;
} job;

/* Codes every text 50 times and records the events of the last round. */
static void *run(void *arg) {
  job *j = arg;
  parley_doc *doc = NULL;
  parley_coder *coder = NULL;
  j->rc = parley_doc_new(&doc);
  if (!j->rc) j->rc = parley_coder_new(&coder, j->lex, NULL);
  for (int round = 0; round < 50 && !j->rc; round++) {
    size_t used = 0;
    for (size_t t = 0; t < sizeof texts / sizeof texts[0] && !j->rc; t++) {
      parley_article a = {0};
      a.id = "t";
      a.text = texts[t];
      a.text_len = strlen(texts[t]);
      a.date = "2024-12-04";
      j->rc = parley_doc_process(doc, &a);
      if (!j->rc) j->rc = parley_coder_code(coder, doc);
      const parley_event *ev;
      while (!j->rc && parley_coder_next_event(coder, &ev) == PARLEY_OK && used < sizeof j->out - 100)
        used += (size_t)snprintf(j->out + used, sizeof j->out - used, "%s %s %s %s\n", ev->source.code, ev->cameo,
                                 ev->target.code, ev->date);
    }
  }
  parley_coder_free(coder);
  parley_doc_free(doc);
  return NULL;
}

static void two_threads_one_lexicon(void **state) {
  (void)state;
  parley_lexicon *lex;
  assert_int_equal(parley_lexicon_new(&lex, NULL), PARLEY_OK);
  assert_int_equal(parley_lexicon_add_builtin(lex), PARLEY_OK);
  assert_int_equal(parley_lexicon_compile(lex), PARLEY_OK);
  job alone = {lex, "", 0}, a = {lex, "", 0}, b = {lex, "", 0};
  run(&alone);
  assert_int_equal(alone.rc, PARLEY_OK);
  assert_non_null(strstr(alone.out, "IRNGOV 041 RUSGOV 2024-12-02"));
  pthread_t ta, tb;
  assert_int_equal(pthread_create(&ta, NULL, run, &a), 0);
  assert_int_equal(pthread_create(&tb, NULL, run, &b), 0);
  pthread_join(ta, NULL);
  pthread_join(tb, NULL);
  assert_int_equal(a.rc, PARLEY_OK);
  assert_int_equal(b.rc, PARLEY_OK);
  assert_string_equal(a.out, alone.out);
  assert_string_equal(b.out, alone.out);
  parley_lexicon_free(lex);
}

int main(void) {
  const struct CMUnitTest tests[] = {cmocka_unit_test(two_threads_one_lexicon)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
