/* Tests for src/language.c: the language of short news texts in the listed languages, English texts full of
 * foreign names, texts too short to tell, and language tags as pages declare them. */
#include "testutil.h"
#include <parley/language.h>
#include <parley/errors.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *detect_file(const parley_langid *l, const char *name) {
  char rel[128];
  snprintf(rel, sizeof rel, "tests/data/language/%s.txt", name);
  size_t n = 0;
  char *text = tu_read_file(tu_source_path(rel), &n);
  assert_non_null(text);
  const char *got = parley_langid_detect(l, text, n);
  free(text);
  return got;
}

static void test_news_languages(void **state) {
  (void)state;
  parley_langid *l = NULL;
  assert_int_equal(parley_langid_new(&l), PARLEY_OK);
  static const char *const langs[] = {"en", "fr", "es", "de", "pt", "it", "tr", "ru", "ar", "fa", "zh"};
  for (size_t i = 0; i < sizeof langs / sizeof langs[0]; i++) {
    const char *got = detect_file(l, langs[i]);
    if (!got || strcmp(got, langs[i])) fail_msg("%s.txt detected as %s", langs[i], got ? got : "NULL");
  }
  parley_langid_free(l);
}

static void test_english_with_foreign_names(void **state) {
  (void)state;
  parley_langid *l = NULL;
  assert_int_equal(parley_langid_new(&l), PARLEY_OK);
  assert_string_equal(detect_file(l, "en_names"), "en");
  assert_string_equal(detect_file(l, "en_quotes"), "en");
  parley_langid_free(l);
}

static void test_too_little_or_unlisted(void **state) {
  (void)state;
  parley_langid *l = NULL;
  assert_int_equal(parley_langid_new(&l), PARLEY_OK);
  /* a bare headline has no function words: it may be English, so it is not called anything */
  assert_null(parley_langid_detect(l, "Iran, Russia sign deal", 22));
  assert_null(parley_langid_detect(l, "", 0));
  /* a contact box: two "com" (Portuguese "with") among a dozen words is not Portuguese */
  const char *box = "Managing Director: Phone: +98 (21)43051000 E-mail: president@tehrantimes.com "
                    "info@tehrantimes.com Editorial Dept:";
  assert_null(parley_langid_detect(l, box, strlen(box)));
  assert_null(parley_langid_detect(l, NULL, 0));
  /* Swedish has no list and is Latin-script: not known not to be English */
  const char *sv = "Statsministern träffade på måndagen sin finska kollega i Stockholm för att diskutera säkerheten "
                   "kring Östersjön, meddelade regeringskansliet.";
  assert_null(parley_langid_detect(l, sv, strlen(sv)));
  const char *nl = "De minister van Buitenlandse Zaken heeft maandag in Den Haag met zijn Belgische collega gesproken over "
                   "de oorlog in Oekraïne, zei een woordvoerder. Beide landen willen de steun voortzetten.";
  assert_string_equal(parley_langid_detect(l, nl, strlen(nl)), "nl");
  /* Ukrainian is Cyrillic without Russian's function words: certainly not English, so "und" */
  const char *uk = "Україна отримала нову партію допомоги від європейських партнерів, повідомляє міністерство оборони.";
  const char *got = parley_langid_detect(l, uk, strlen(uk));
  assert_non_null(got);
  assert_string_not_equal(got, "en");
  /* Korean and Greek by script alone */
  const char *ko = "대통령은 월요일 서울에서 일본 총리와 정상회담을 가졌다고 청와대가 밝혔다.";
  assert_string_equal(parley_langid_detect(l, ko, strlen(ko)), "ko");
  const char *el = "Ο πρωθυπουργός συναντήθηκε τη Δευτέρα στην Αθήνα με τον Τούρκο πρόεδρο.";
  assert_string_equal(parley_langid_detect(l, el, strlen(el)), "el");
  /* Japanese: kanji and kana */
  const char *ja = "岸田首相は月曜日、東京でアメリカの大統領と会談し、両国の協力について話し合ったと発表した。";
  assert_string_equal(parley_langid_detect(l, ja, strlen(ja)), "ja");
  parley_langid_free(l);
}

static void test_only_the_first_bytes_count(void **state) {
  (void)state;
  parley_langid *l = NULL;
  assert_int_equal(parley_langid_new(&l), PARLEY_OK);
  /* 20 KiB of English, then French: the verdict comes from the first 16 KiB, whatever the length */
  const char *en = "The minister said that the talks with the delegation would continue in the capital. ";
  const char *fr = "Le ministre a dit que les pourparlers avec la délégation vont continuer dans la capitale. ";
  size_t len = 0, cap = 64 * 1024;
  char *buf = malloc(cap);
  assert_non_null(buf);
  while (len < 20 * 1024) len += (size_t)snprintf(buf + len, cap - len, "%s", en);
  while (len < 60 * 1024) len += (size_t)snprintf(buf + len, cap - len, "%s", fr);
  assert_string_equal(parley_langid_detect(l, buf, len), "en");
  free(buf);
  parley_langid_free(l);
}

static void test_language_is(void **state) {
  (void)state;
  assert_true(parley_language_is("en", "en"));
  assert_true(parley_language_is("EN", "en"));
  assert_true(parley_language_is("en-GB", "en"));
  assert_true(parley_language_is("en_US", "en"));
  assert_false(parley_language_is("eng", "en"));
  assert_false(parley_language_is("fr", "en"));
  assert_false(parley_language_is("e", "en"));
  assert_false(parley_language_is(NULL, "en"));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_news_languages),
      cmocka_unit_test(test_english_with_foreign_names),
      cmocka_unit_test(test_too_little_or_unlisted),
      cmocka_unit_test(test_only_the_first_bytes_count),
      cmocka_unit_test(test_language_is),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
