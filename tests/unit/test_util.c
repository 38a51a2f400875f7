/* Unit tests for src/util: arena and strbuf. */
#include "testutil.h"
#include "util/arena.h"
#include "util/strbuf.h"
#include <string.h>

static void arena_reuses_memory_after_reset(void **state) {
  (void)state;
  pl_arena a;
  pl_arena_init(&a, 1024);
  for (int round = 0; round < 3; round++) {
    for (int i = 0; i < 100; i++) {
      char *s = pl_arena_strndup(&a, "hello world", 5);
      assert_non_null(s);
      assert_string_equal(s, "hello");
    }
    void *big = pl_arena_alloc(&a, 100000); /* larger than a block */
    assert_non_null(big);
    memset(big, 1, 100000);
    pl_arena_reset(&a);
#ifndef PARLEY_DEBUG_ARENA
    assert_true(a.total <= 1024);
#endif
  }
  int *z = pl_arena_calloc(&a, 10, sizeof(int));
  for (int i = 0; i < 10; i++) assert_int_equal(z[i], 0);
  pl_arena_dispose(&a);
}

static void strbuf_escapes_json(void **state) {
  (void)state;
  pl_strbuf sb = PL_STRBUF_INIT;
  const char s[] = "a\"b\\c\nd\x01 \xe2\x80\x9cq\xe2\x80\x9d";
  pl_strbuf_json_string(&sb, s, sizeof s - 1);
  assert_string_equal(sb.ptr, "\"a\\\"b\\\\c\\nd\\u0001 \xe2\x80\x9cq\xe2\x80\x9d\"");
  pl_strbuf_printf(&sb, "%d-%s", 42, "x");
  assert_int_equal(sb.failed, 0);
  pl_strbuf_dispose(&sb);
}

static void strbuf_cap_is_sticky(void **state) {
  (void)state;
  pl_strbuf sb = PL_STRBUF_INIT;
  sb.max = 8;
  pl_strbuf_puts(&sb, "12345678");
  assert_int_equal(sb.failed, 0);
  pl_strbuf_puts(&sb, "9");
  assert_int_equal(sb.failed, 1);
  pl_strbuf_puts(&sb, "");
  assert_int_equal(sb.failed, 1);
  assert_null(pl_strbuf_detach(&sb, NULL));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(arena_reuses_memory_after_reset),
      cmocka_unit_test(strbuf_escapes_json),
      cmocka_unit_test(strbuf_cap_is_sticky),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
