/* Tests for src/dates.c: calendar arithmetic and relative date words against a publication date. */
#include "testutil.h"
#include "dates.h"
#include <parley/date.h>
#include <stdio.h>
#include <string.h>

/* Splits lower-case words on spaces into tokens whose fold is the word itself. */
static size_t words(const char *s, parley_token *toks, char store[][32], size_t max) {
  size_t n = 0;
  while (*s && n < max) {
    while (*s == ' ') s++;
    size_t len = strcspn(s, " ");
    if (!len) break;
    snprintf(store[n], 32, "%.*s", (int)len, s);
    toks[n] = (parley_token){0, 0, store[n], len, PARLEY_TOKEN_WORD, 0};
    n++;
    s += len;
  }
  return n;
}

/* The single date resolved in sentence s against pub, as YYYY-MM-DD, or "" when none. */
static const char *resolve(const char *s, const char *pub_s) {
  static char out[11];
  parley_token toks[64];
  char store[64][32];
  size_t n = words(s, toks, store, 64);
  pl_date pub = {0, 0, 0};
  if (pub_s) assert_int_equal(pl_date_parse(pub_s, &pub), 0);
  pl_date_expr ex[4];
  size_t k = pl_dates_find(toks, n, pub, ex, 4);
  if (k == 0) return "";
  pl_date_format(ex[0].date, out);
  return out;
}

static void calendar(void **state) {
  (void)state;
  pl_date d;
  assert_int_equal(pl_date_parse("2024-02-29", &d), 0);
  assert_int_equal(pl_date_parse("2023-02-29", &d), -1);
  assert_int_equal(pl_date_parse("2016-05-11T08:30:00Z", &d), 0);
  assert_int_equal(d.d, 11);
  assert_int_equal(pl_date_parse("2016-5-11", &d), -1);
  assert_int_equal(pl_date_weekday((pl_date){2024, 12, 2}), 0);  /* Monday */
  assert_int_equal(pl_date_weekday((pl_date){2012, 2, 23}), 3);  /* Thursday */
  assert_int_equal(pl_date_weekday((pl_date){1970, 1, 1}), 3);
  char buf[11];
  pl_date_format(pl_date_from_days(pl_date_to_days((pl_date){2000, 3, 1}) - 1), buf);
  assert_string_equal(buf, "2000-02-29");
  pl_date_format((pl_date){0, 0, 0}, buf);
  assert_string_equal(buf, "");
}

static void weekdays_resolve_to_latest_on_or_before(void **state) {
  (void)state;
  /* the seed articles' cases */
  assert_string_equal(resolve("medvedev exchanged their views on syrian crisis wednesday night .", "2012-02-23"),
                      "2012-02-22");
  assert_string_equal(resolve("during a telephone conversation on monday , rouhani", "2016-12-20"), "2016-12-19");
  assert_string_equal(resolve("in a phone conversation on monday , pezeshkian", "2024-12-02"), "2024-12-02");
  assert_string_equal(resolve("during a phone conversation on tuesday , zarif", "2016-05-11"), "2016-05-10");
  assert_string_equal(resolve("they met last monday", "2024-12-02"), "2024-11-25");
  assert_string_equal(resolve("they will meet next friday", "2024-12-02"), "2024-12-06");
}

static void relative_words(void **state) {
  (void)state;
  assert_string_equal(resolve("rebels attacked the town yesterday", "2024-03-01"), "2024-02-29");
  assert_string_equal(resolve("on the day before yesterday", "2024-03-01"), "2024-02-28");
  assert_string_equal(resolve("troops withdrew last week", "2024-01-03"), "2023-12-27");
  assert_string_equal(resolve("talks held earlier this month", "2024-01-20"), "2024-01-20");
  assert_string_equal(resolve("sanctions imposed last month", "2024-01-20"), "2023-12-01");
  assert_string_equal(resolve("the minister said today", "2024-01-20"), "2024-01-20");
}

static void calendar_dates(void **state) {
  (void)state;
  assert_string_equal(resolve("on november 27 , terror outfits launched", "2024-12-02"), "2024-11-27");
  assert_string_equal(resolve("on 27 november , terror outfits launched", "2024-12-02"), "2024-11-27");
  assert_string_equal(resolve("on december 30 the envoy arrived", "2025-01-02"), "2024-12-30");
  assert_string_equal(resolve("on jan. 5 , 2016 the talks began", "2024-12-02"), "2016-01-05");
  assert_string_equal(resolve("keeping the dec 2016 ceasefire", "2017-01-16"), "2016-12-01");
  assert_string_equal(resolve("militancy since march 2011", NULL), "2011-03-01");
  /* "may" the verb and "march" the noun are not dates */
  assert_string_equal(resolve("iran may march on", "2024-12-02"), "");
  /* without a publication date, relative words resolve to nothing: never today's date */
  assert_string_equal(resolve("on monday the two sides met", NULL), "");
}

static void anchoring(void **state) {
  (void)state;
  parley_token toks[16];
  char store[16][32];
  size_t n = words("keeping the dec 2016 ceasefire in march 2017", toks, store, 16);
  pl_date_expr ex[4];
  size_t k = pl_dates_find(toks, n, (pl_date){2017, 1, 16}, ex, 4);
  assert_int_equal(k, 2);
  assert_int_equal(ex[0].anchored, 0);
  assert_int_equal(ex[0].precision, PL_DATE_MONTH);
  assert_int_equal(ex[1].anchored, 1);
  assert_int_equal(ex[1].tok_start, 6);
  assert_int_equal(ex[1].tok_end, 8);
}

/* The one parser of user-written dates: YYYY, YYYY-MM, YYYY-MM-DD with the days that exist, nothing else. */
static void user_dates_and_bounds(void **state) {
  (void)state;
  char a[11], b[11];
  assert_int_equal(parley_date_parse("2016", a, b), PARLEY_DATE_YEAR);
  assert_string_equal(a, "2016-01-01");
  assert_string_equal(b, "2016-12-31");
  assert_int_equal(parley_date_parse("2016-02", a, b), PARLEY_DATE_MONTH);
  assert_string_equal(b, "2016-02-29");
  assert_int_equal(parley_date_parse("2015-02", a, b), PARLEY_DATE_MONTH);
  assert_string_equal(b, "2015-02-28");
  assert_int_equal(parley_date_parse("2024-12-02", a, b), PARLEY_DATE_DAY);
  assert_string_equal(a, "2024-12-02");
  assert_string_equal(b, "2024-12-02");
  static const char *const bad[] = {"", "201", "20166", "2019/01/01", "xyz", "2016-02-30", "2016-13", "2016-00",
                                    "0000", "2016-1-01", "2016-01-01T00:00", "2016-01-01 ", " 2016", "15/11/2023",
                                    "2016-01-0a", "+016"};
  strcpy(a, "untouched");
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    if (parley_date_parse(bad[i], a, NULL) != PARLEY_DATE_INVALID) fail_msg("accepted '%s'", bad[i]);
    assert_string_equal(a, "untouched");
  }
  assert_int_equal(parley_date_parse(NULL, NULL, NULL), PARLEY_DATE_INVALID);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(calendar),
      cmocka_unit_test(user_dates_and_bounds),
      cmocka_unit_test(weekdays_resolve_to_latest_on_or_before),
      cmocka_unit_test(relative_words),
      cmocka_unit_test(calendar_dates),
      cmocka_unit_test(anchoring),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
