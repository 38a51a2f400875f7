/* Tests for the readers: formats, metadata, directories, and every kind of bad input (each gets one diagnostic
 * naming file, line and reason; the run goes on). */
#include "testutil.h"
#include "ingest.h"
#include "clean.h"
#include <parley/parley.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct diags {
  int n, errors, warnings;
  unsigned long last_line;
  char last_file[256], last_msg[512];
} diags;

static void on_diag(const parley_diag *d, void *payload) {
  diags *g = payload;
  g->n++;
  if (d->level == PARLEY_DIAG_ERROR) g->errors++;
  else g->warnings++;
  g->last_line = d->line;
  snprintf(g->last_file, sizeof g->last_file, "%s", d->file ? d->file : "");
  snprintf(g->last_msg, sizeof g->last_msg, "%s", d->msg);
}

static parley_reader *reader(diags *g, const char *date) {
  parley_reader_options o = PARLEY_READER_OPTIONS_INIT;
  o.diag = on_diag;
  o.diag_payload = g;
  o.default_date = date;
  memset(g, 0, sizeof *g);
  parley_reader *r;
  assert_int_equal(parley_reader_new(&r, &o), PARLEY_OK);
  return r;
}

static void jsonl_fields_and_bad_lines(void **state) {
  (void)state;
  diags g;
  parley_reader *r = reader(&g, "2020-01-02");
  const char *in = "{\"id\":\"a1\",\"text\":\"Iran and Russia met.\",\"title\":\"Talks\",\"date\":\"2016-05-11T08:00:00Z\","
                   "\"source\":\"Tasnim\",\"url\":\"https://example.org/a1\"}\n"
                   "{\"id\": \"a2\", \"text\": \"No date here.\"}\n"
                   "\n"
                   "{this is not json}\n"
                   "{\"id\":\"a4\",\"title\":\"no text\"}\n"
                   "[1,2]\n"
                   "{\"id\":\"a5\",\"text\":\"   \"}\n"
                   "{\"id\":7,\"text\":\"Integer ids are accepted.\",\"date\":\"last week\"}\n";
  assert_int_equal(parley_reader_add_buffer(r, "feed.jsonl", in, strlen(in)), PARLEY_OK);
  const parley_article *a;
  assert_int_equal(parley_reader_next(r, &a), PARLEY_OK);
  assert_string_equal(a->id, "a1");
  assert_string_equal(a->title, "Talks");
  assert_string_equal(a->date, "2016-05-11");
  assert_string_equal(a->source, "Tasnim");
  assert_string_equal(a->url, "https://example.org/a1");
  assert_string_equal(a->text, "Iran and Russia met.");
  assert_int_equal(a->line, 1);
  assert_int_equal(g.n, 0);
  assert_int_equal(parley_reader_next(r, &a), PARLEY_OK);
  assert_string_equal(a->id, "a2");
  assert_string_equal(a->date, "2020-01-02"); /* the default date */
  assert_null(a->title);
  /* lines 4 (bad JSON), 5 (no text), 6 (not an object), 7 (empty text) are skipped, one error each */
  assert_int_equal(parley_reader_next(r, &a), PARLEY_OK);
  assert_string_equal(a->id, "7");
  assert_int_equal(a->line, 8);
  assert_string_equal(a->date, "2020-01-02");
  assert_int_equal(g.errors, 4);
  assert_int_equal(g.warnings, 1); /* the unrecognised date */
  assert_int_equal(parley_reader_next(r, &a), PARLEY_EDONE);
  parley_reader_stats st;
  parley_reader_get_stats(r, &st);
  assert_int_equal(st.articles, 3);
  assert_int_equal(st.skipped, 4);
  assert_int_equal(st.repaired, 1);
  parley_reader_free(r);
}

static void jsonl_diag_names_line_and_reason(void **state) {
  (void)state;
  diags g;
  parley_reader *r = reader(&g, NULL);
  const char *in = "{\"id\":\"a\",\"text\":\"One.\"}\n{\"id\":\"b\",\"text\":\"Two.\"\n";
  assert_int_equal(parley_reader_add_buffer(r, "x.jsonl", in, strlen(in)), PARLEY_OK);
  const parley_article *a;
  assert_int_equal(parley_reader_next(r, &a), PARLEY_OK);
  assert_int_equal(parley_reader_next(r, &a), PARLEY_EDONE);
  assert_int_equal(g.errors, 1);
  assert_int_equal(g.last_line, 2);
  assert_string_equal(g.last_file, "x.jsonl");
  assert_non_null(strstr(g.last_msg, "bad JSON"));
  parley_reader_free(r);
}

static void invalid_utf8_is_repaired(void **state) {
  (void)state;
  diags g;
  parley_reader *r = reader(&g, NULL);
  const char text[] = "Iran \xff\xfe said \xe2\x80 no. Russia \xc3\xa9 agreed.";
  const char jsonl[] = "{\"id\":\"u\",\"text\":\"bad \xed\xa0\x80 surrogate and \xc0\xaf overlong.\"}\n";
  assert_int_equal(parley_reader_add_buffer(r, "u.txt", text, sizeof text - 1), PARLEY_OK);
  assert_int_equal(parley_reader_add_buffer(r, "u.jsonl", jsonl, sizeof jsonl - 1), PARLEY_OK);
  const parley_article *a;
  assert_int_equal(parley_reader_next(r, &a), PARLEY_OK);
  assert_string_equal(a->text, "Iran \xEF\xBF\xBD\xEF\xBF\xBD said \xEF\xBF\xBD no. Russia \xc3\xa9 agreed.");
  assert_int_equal(g.warnings, 1);
  parley_doc *doc;
  assert_int_equal(parley_doc_new(&doc), PARLEY_OK);
  assert_int_equal(parley_doc_process(doc, a), PARLEY_OK);
  size_t n;
  parley_doc_sentences(doc, &n);
  assert_int_equal(n, 2);
  assert_int_equal(parley_reader_next(r, &a), PARLEY_OK);
  assert_int_equal(g.warnings, 2);
  assert_int_equal(g.errors, 0);
  assert_null(strstr(a->text, "\xed\xa0\x80"));
  assert_non_null(strstr(a->text, "\xEF\xBF\xBD"));
  assert_int_equal(parley_doc_process(doc, a), PARLEY_OK);
  parley_doc_free(doc);
  parley_reader_stats st;
  parley_reader_get_stats(r, &st);
  assert_int_equal(st.repaired, 2);
  parley_reader_free(r);
}

static void empty_and_binary_inputs(void **state) {
  (void)state;
  diags g;
  parley_reader *r = reader(&g, NULL);
  const char bin[] = "\x7f" "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x03\0>\0\x01\0\0\0";
  assert_int_equal(parley_reader_add_buffer(r, "empty.txt", "", 0), PARLEY_OK);
  assert_int_equal(parley_reader_add_buffer(r, "blank.txt", " \n\n\t\n", 5), PARLEY_OK);
  assert_int_equal(parley_reader_add_buffer(r, "prog.bin", bin, sizeof bin - 1), PARLEY_OK);
  assert_int_equal(parley_reader_add_buffer(r, "ok.txt", "Iran and Russia met.", 20), PARLEY_OK);
  const parley_article *a;
  assert_int_equal(parley_reader_next(r, &a), PARLEY_OK);
  assert_string_equal(a->id, "ok");
  assert_int_equal(g.errors, 3);
  assert_int_equal(parley_reader_next(r, &a), PARLEY_EDONE);
  parley_reader_free(r);
}

/* A 50 MB line is skipped with one diagnostic, without holding it whole; the next line is read. */
static void huge_line_is_skipped(void **state) {
  (void)state;
  char path[] = "/tmp/parley-test-XXXXXX";
  int fd = mkstemp(path);
  assert_true(fd >= 0);
  FILE *f = fdopen(fd, "w");
  fputs("{\"id\":\"big\",\"text\":\"", f);
  static char chunk[1 << 16];
  memset(chunk, 'a', sizeof chunk);
  for (int i = 0; i < 50 * 16; i++) fwrite(chunk, 1, sizeof chunk, f);
  fputs("\"}\n{\"id\":\"small\",\"text\":\"After the big one.\"}\n", f);
  fclose(f);
  diags g;
  parley_reader *r = reader(&g, NULL);
  assert_int_equal(parley_reader_add_path(r, path), PARLEY_OK);
  const parley_article *a;
  assert_int_equal(parley_reader_next(r, &a), PARLEY_OK);
  assert_string_equal(a->id, "small");
  assert_int_equal(a->line, 2);
  assert_int_equal(g.errors, 1);
  assert_int_equal(g.last_line, 1);
  assert_non_null(strstr(g.last_msg, "longer than"));
  assert_int_equal(parley_reader_next(r, &a), PARLEY_EDONE);
  parley_reader_free(r);
  unlink(path);
}

static void write_file(const char *path, const char *s) {
  FILE *f = fopen(path, "w");
  assert_non_null(f);
  fputs(s, f);
  fclose(f);
}

static void directories_sorted_and_titles(void **state) {
  (void)state;
  char dir[] = "/tmp/parley-dir-XXXXXX";
  assert_non_null(mkdtemp(dir));
  char p[512];
  snprintf(p, sizeof p, "%s/b.txt", dir);
  write_file(p, "Second Article Headline Here\n\nThe second story starts here.\n");
  snprintf(p, sizeof p, "%s/sub", dir);
  assert_int_equal(mkdir(p, 0700), 0);
  snprintf(p, sizeof p, "%s/sub/c.txt", dir);
  write_file(p, "News / World / Asia\n\nThird Headline For The Test\n\nThird story text.\n");
  snprintf(p, sizeof p, "%s/a.jsonl", dir);
  write_file(p, "{\"id\":\"j1\",\"text\":\"First.\"}\n{\"id\":\"j2\",\"text\":\"Also first.\"}\n");
  snprintf(p, sizeof p, "%s/.hidden", dir);
  write_file(p, "ignored\n");
  diags g;
  parley_reader *r = reader(&g, NULL);
  assert_int_equal(parley_reader_add_path(r, dir), PARLEY_OK);
  assert_int_equal(parley_reader_add_path(r, "/nonexistent/parley"), PARLEY_ENOTFOUND);
  assert_non_null(strstr(parley_reader_errmsg(r), "/nonexistent/parley"));
  const char *ids[] = {"j1", "j2", "b", "c"};
  const char *titles[] = {NULL, NULL, "Second Article Headline Here", "Third Headline For The Test"};
  const parley_article *a;
  for (int i = 0; i < 4; i++) {
    assert_int_equal(parley_reader_next(r, &a), PARLEY_OK);
    assert_string_equal(a->id, ids[i]);
    if (titles[i]) assert_string_equal(a->title, titles[i]);
    else assert_null(a->title);
  }
  assert_int_equal(parley_reader_next(r, &a), PARLEY_EDONE);
  assert_int_equal(g.n, 0);
  parley_reader_free(r);
  snprintf(p, sizeof p, "rm -r '%s'", dir);
  assert_int_equal(system(p), 0);
}

static void dates(void **state) {
  (void)state;
  char d[11];
  assert_true(pl_parse_date("2016-05-11", 10, d));
  assert_string_equal(d, "2016-05-11");
  assert_true(pl_parse_date("2016-05-11T08:00:00+03:30", 25, d));
  assert_string_equal(d, "2016-05-11");
  assert_false(pl_parse_date("2016-13-01", 10, d));
  assert_false(pl_parse_date("2016-5-1", 8, d));
  assert_false(pl_parse_date("2016-05-11x", 11, d));
  assert_false(pl_parse_date("May 11 2016", 11, d));
  parley_reader *r;
  parley_reader_options o = PARLEY_READER_OPTIONS_INIT;
  o.default_date = "yesterday";
  assert_int_equal(parley_reader_new(&r, &o), PARLEY_EINVAL);
}

static void title_heuristic(void **state) {
  (void)state;
  size_t s, e;
  const char *t1 = "Iran, Russia Discuss Syria\n\nThe two sides met.";
  assert_true(pl_find_title(t1, strlen(t1), &s, &e));
  assert_int_equal(e - s, strlen("Iran, Russia Discuss Syria"));
  const char *t2 = "The foreign ministers met in Moscow on Monday.\nThey talked.";
  assert_false(pl_find_title(t2, strlen(t2), &s, &e));
  const char *t3 = "|  |\n\nHome\n\nIran hosts regional security talks\n\nOfficials met.";
  assert_true(pl_find_title(t3, strlen(t3), &s, &e));
  assert_memory_equal(t3 + s, "Iran hosts regional security talks", e - s);
}

/* The reader's fast JSONL path must read exactly what jansson reads, and leave everything else to jansson. */
static void jsonl_fast_path_agrees_with_jansson(void **state) {
  (void)state;
  static const char *const lines[] = {
      "{\"id\":\"e1\",\"text\":\"Quote \\\"x\\\" slash \\/ tab\\t nl\\n \\u00e9 \\u20ac \\ud83d\\ude00 end\"}",
      ("{\"text\": \"Nested values are skipped.\", \"meta\": {\"a\": [1, 2.5e3, -0.1, true, false, null, {}, []]},"
       " \"id\": 12345678901}"),
      "  {  \"id\" : \"sp\" ,  \"text\" : \"Spaces around.\" , \"title\" : null }  ",
      "{\"id\":\"dup\",\"text\":\"first\",\"text\":\"Second wins.\"}",
      "{\"id\":\"k\\u0065y\",\"te\\u0078t\":\"Escaped keys.\"}",
      "{\"id\":\"nul\",\"text\":\"has \\u0000 nul\"}",
      "{\"id\":\"lone\",\"text\":\"lone \\udc00 surrogate\"}",
      "{\"id\":\"num\",\"text\":\"Numbers.\",\"x\":01}",
      "{\"id\":\"comma\",\"text\":\"Trailing comma.\",}",
      "{\"id\":1.5,\"text\":\"Float id.\"}",
      "{\"id\":\"t\",\"text\":\"Title not a string.\",\"title\":5}",
      "{\"id\":\"ctl\",\"text\":\"raw\ttab\"}",
      "{\"id\":\"after\",\"text\":\"Junk after.\"} x",
  };
  for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
    diags g;
    parley_reader *r = reader(&g, NULL);
    assert_int_equal(parley_reader_add_buffer(r, "d.jsonl", lines[i], strlen(lines[i])), PARLEY_OK);
    const parley_article *a;
    int rc = parley_reader_next(r, &a);
    json_error_t err;
    json_t *o = json_loads(lines[i], JSON_ALLOW_NUL, &err);
    json_t *text = o ? json_object_get(o, "text") : NULL, *id = o ? json_object_get(o, "id") : NULL;
    int ok = text && json_is_string(text) && id && (json_is_string(id) || json_is_integer(id));
    if (!ok) {
      if (rc != PARLEY_EDONE) fail_msg("line %zu: read, but jansson rejects it", i);
      assert_int_equal(g.errors, 1);
    } else {
      if (rc != PARLEY_OK) fail_msg("line %zu: skipped (%s), but jansson reads it", i, g.last_msg);
      size_t tl = json_string_length(text);
      assert_int_equal(a->text_len, tl);
      for (size_t k = 0; k < tl; k++) { /* NUL becomes a space, the rest is identical */
        char want = json_string_value(text)[k];
        assert_int_equal(a->text[k], want ? want : ' ');
      }
      if (json_is_string(id)) assert_string_equal(a->id, json_string_value(id));
      else assert_int_equal(strtoll(a->id, NULL, 10), json_integer_value(id));
    }
    json_decref(o);
    parley_reader_free(r);
  }
}

static void header_dates(void **state) {
  (void)state;
  static const struct {
    const char *text, *date;
  } cases[] = {
      {"Talks Resume In Geneva\n\nMonday, 2 December 2024 14:35 GMT\n\nThe envoys met.", "2024-12-02"},
      {"Talks Resume In Geneva\nPublished: Dec. 2, 2024\n\nThe envoys met.", "2024-12-02"},
      {"2016-05-11\nTalks Resume In Geneva\n\nThe envoys met.", "2016-05-11"},
      {"Talks Resume In Geneva\n\nThe envoys met on December 2, 2024.\n2019-01-01", "2000-01-01"},
      {"Talks Resume In Geneva\n\nBy John Smith, December 2, 2024\n\nThe envoys met.", "2000-01-01"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    diags g;
    parley_reader *r = reader(&g, "2000-01-01");
    assert_int_equal(parley_reader_add_buffer(r, "d.txt", cases[i].text, strlen(cases[i].text)), PARLEY_OK);
    const parley_article *a;
    assert_int_equal(parley_reader_next(r, &a), PARLEY_OK);
    assert_string_equal(a->date, cases[i].date);
    assert_string_equal(a->title, "Talks Resume In Geneva");
    parley_reader_free(r);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(jsonl_fields_and_bad_lines),
      cmocka_unit_test(jsonl_diag_names_line_and_reason),
      cmocka_unit_test(jsonl_fast_path_agrees_with_jansson),
      cmocka_unit_test(invalid_utf8_is_repaired),
      cmocka_unit_test(empty_and_binary_inputs),
      cmocka_unit_test(huge_line_is_skipped),
      cmocka_unit_test(directories_sorted_and_titles),
      cmocka_unit_test(dates),
      cmocka_unit_test(header_dates),
      cmocka_unit_test(title_heuristic),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
