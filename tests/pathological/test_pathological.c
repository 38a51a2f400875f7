/* Pathological inputs, in the spirit of cmark's suite: for each reader and the coder, the same construct at size n
 * and 4n, and the work (CPU time of this process, the best of a few runs) must grow about 4 times, never about
 * 16. Only the ratio within one run is asserted, so the machine's speed does not matter. */
#include "testutil.h"
#include "html.h"
#include "util/strbuf.h"
#include <parley/parley.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define RUNS 3
#define MAX_RATIO 8.0 /* linear is 4; quadratic would be 16 */

typedef void (*build_fn)(pl_strbuf *sb, size_t n);
typedef void (*work_fn)(const char *buf, size_t len, void *ctx);

static double cpu_of(work_fn work, const char *buf, size_t len, void *ctx) {
  double best = 1e30;
  for (int r = 0; r < RUNS; r++) {
    clock_t t0 = clock();
    work(buf, len, ctx);
    double dt = (double)(clock() - t0) / CLOCKS_PER_SEC;
    if (dt < best) best = dt;
  }
  return best;
}

static void assert_linear(const char *what, build_fn build, work_fn work, size_t n, void *ctx) {
  pl_strbuf a = PL_STRBUF_INIT, b = PL_STRBUF_INIT;
  build(&a, n);
  build(&b, 4 * n);
  assert_false(a.failed || b.failed);
  work(a.ptr, a.len, ctx); /* warm-up: first-use costs are not growth */
  double t1 = cpu_of(work, a.ptr, a.len, ctx), t4 = cpu_of(work, b.ptr, b.len, ctx);
  double ratio = t4 / (t1 > 1e-4 ? t1 : 1e-4);
  print_message("%-28s n=%-8zu %.4f s   4n: %.4f s   ratio %.1f\n", what, n, t1, t4, ratio);
  assert_true(ratio < MAX_RATIO);
  pl_strbuf_dispose(&a);
  pl_strbuf_dispose(&b);
}

/* ---- workers ---- */

typedef struct coder_ctx {
  parley_lexicon *lex;
  parley_doc *doc;
  parley_coder *coder;
} coder_ctx;

static void code_text(const char *buf, size_t len, void *p) {
  coder_ctx *c = p;
  parley_article a;
  memset(&a, 0, sizeof a);
  a.id = "x";
  a.date = "2024-01-01";
  a.text = buf;
  a.text_len = len;
  assert_int_equal(parley_doc_process(c->doc, &a), PARLEY_OK);
  assert_int_equal(parley_coder_code(c->coder, c->doc), PARLEY_OK);
}

static void read_jsonl(const char *buf, size_t len, void *p) {
  (void)p;
  parley_reader *r;
  assert_int_equal(parley_reader_new(&r, NULL), PARLEY_OK);
  assert_int_equal(parley_reader_add_buffer(r, "x.jsonl", buf, len), PARLEY_OK);
  const parley_article *a;
  while (parley_reader_next(r, &a) == PARLEY_OK) {
  }
  parley_reader_free(r);
}

static void extract_html(const char *buf, size_t len, void *p) {
  (void)p;
  pl_html_result r;
  assert_int_equal(pl_html_extract(buf, len, &r), 0);
  pl_html_result_dispose(&r);
}

/* ---- constructs ---- */

/* numbered: an article's repeated sentences are kept once, and would make this no test */
static void many_events(pl_strbuf *sb, size_t n) {
  static const char *const s[] = {"Iran condemned Israel on Monday in statement %zu. ",
                                  "Russia attacked Ukraine on Tuesday with %zu drones. ",
                                  "Turkey praised Syria for %zu reasons. ", "China accused Japan of spying %zu times. "};
  for (size_t i = 0; i < n; i++) pl_strbuf_printf(sb, s[i % 4], i);
}

static void many_ands(pl_strbuf *sb, size_t n) {
  static const char *const c[] = {"Iran", "Iraq", "Syria", "Turkey", "Russia", "China", "Japan", "France"};
  for (size_t i = 0; i < n; i++) pl_strbuf_printf(sb, "%s and ", c[i % 8]);
  pl_strbuf_puts(sb, "Egypt condemned Israel.");
}

static void long_token(pl_strbuf *sb, size_t n) {
  pl_strbuf_puts(sb, "Iran condemned Israel ");
  for (size_t i = 0; i < n; i++) pl_strbuf_puts(sb, "x");
  pl_strbuf_puts(sb, " and Russia attacked Ukraine.");
}

static void long_jsonl_line(pl_strbuf *sb, size_t n) {
  pl_strbuf_puts(sb, "{\"id\":\"a\",\"text\":\"");
  for (size_t i = 0; i < n; i++) pl_strbuf_printf(sb, "Iran condemned Israel %zu times. ", i);
  pl_strbuf_puts(sb, "\"}\n");
}

static void many_attributes(pl_strbuf *sb, size_t n) {
  pl_strbuf_puts(sb, "<html><body><div");
  for (size_t i = 0; i < n; i++) pl_strbuf_printf(sb, " a%zu=\"v\"", i);
  pl_strbuf_puts(sb, "><p>Iran condemned Israel in a statement on Monday evening.</p></div></body></html>");
}

static void deep_nesting(pl_strbuf *sb, size_t n) {
  pl_strbuf_puts(sb, "<html><body>");
  for (size_t i = 0; i < n; i++) pl_strbuf_puts(sb, "<div><span>a");
  pl_strbuf_puts(sb, "<p>Iran condemned Israel in a statement on Monday evening.</p></body></html>");
}

static void many_paragraphs(pl_strbuf *sb, size_t n) {
  pl_strbuf_puts(sb, "<html><body><article>");
  for (size_t i = 0; i < n; i++) pl_strbuf_printf(sb, "<p>Iran condemned Israel in statement %zu on Monday.</p>\n", i);
  pl_strbuf_puts(sb, "</article></body></html>");
}

/* ---- tests ---- */

static void coder_is_linear(void **state) {
  (void)state;
  coder_ctx c;
  assert_int_equal(parley_lexicon_new(&c.lex, NULL), PARLEY_OK);
  assert_int_equal(parley_lexicon_add_builtin(c.lex), PARLEY_OK);
  assert_int_equal(parley_lexicon_compile(c.lex), PARLEY_OK);
  assert_int_equal(parley_doc_new(&c.doc), PARLEY_OK);
  assert_int_equal(parley_coder_new(&c.coder, c.lex, NULL), PARLEY_OK);
  assert_linear("coder: events in an article", many_events, code_text, 5000, &c);
  assert_linear("coder: many \"and\"s", many_ands, code_text, 2000, &c);
  assert_linear("coder: long token", long_token, code_text, 1000000, &c);
  parley_coder_free(c.coder);
  parley_doc_free(c.doc);
  parley_lexicon_free(c.lex);
}

static void readers_are_linear(void **state) {
  (void)state;
  assert_linear("jsonl: long line", long_jsonl_line, read_jsonl, 100000, NULL);
  assert_linear("html: attributes", many_attributes, extract_html, 50000, NULL);
  assert_linear("html: deep nesting", deep_nesting, extract_html, 50000, NULL);
  assert_linear("html: paragraphs", many_paragraphs, extract_html, 5000, NULL);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(coder_is_linear),
      cmocka_unit_test(readers_are_linear),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
