/* fuzz/store_fuzzer.c: a database file is outside input. The input's bytes become a database file, which is opened
 * and read (every query grouping, a series, the article cursor, the counts); when the last byte is odd it is also
 * opened for writing and an article with an event is stored, then replaced. Nothing may crash or leak; errors are
 * expected.
 * Seeds (fuzz/corpora/store/): a small parley database (page size 512) written by parley ingest, damaged copies
 * of it, and junk. */
#include <parley/parley.h>
#include <parley/store.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void drain_rows(parley_store *st, parley_store_grouping g, const char *text) {
  parley_store_filter f = PARLEY_STORE_FILTER_INIT;
  f.grouping = g;
  f.text = text;
  f.limit = 1000;
  parley_store_cursor *c = NULL;
  if (parley_store_query(&c, st, &f) == PARLEY_OK) {
    const parley_store_row *r;
    while (parley_store_cursor_next(c, &r) == PARLEY_OK) (void)strlen(r->event.cameo);
  }
  parley_store_cursor_free(c);
}

static void read_all(parley_store *st) {
  drain_rows(st, PARLEY_STORE_MENTIONS, NULL);
  drain_rows(st, PARLEY_STORE_DAILY, NULL);
  drain_rows(st, PARLEY_STORE_STORIES, NULL);
  drain_rows(st, PARLEY_STORE_MENTIONS, "iran OR russia");
  parley_store_cursor *c = NULL;
  parley_store_filter f = PARLEY_STORE_FILTER_INIT;
  f.source = "IRN";
  f.flags = PARLEY_STORE_MUTUAL;
  if (parley_store_series(&c, st, &f, PARLEY_STORE_WEEK) == PARLEY_OK) {
    const parley_store_bucket *b;
    while (parley_store_cursor_next_bucket(c, &b) == PARLEY_OK) (void)b->events;
  }
  parley_store_cursor_free(c);
  c = NULL;
  if (parley_store_articles(&c, st) == PARLEY_OK) {
    const parley_article *a;
    int n = 0;
    while (n++ < 100 && parley_store_cursor_next_article(c, &a) == PARLEY_OK) (void)strlen(a->text);
  }
  parley_store_cursor_free(c);
  parley_store_stats s;
  (void)parley_store_stats_get(&s, st);
}

static void write_some(parley_store *st) {
  static const char text[] = "Iran and Russia discussed Syria. Tehran hosted the talks.";
  parley_article a = {"fuzz-1", "t", "2020-01-01", "X", NULL, "en", text, sizeof text - 1, "fuzz", 1};
  parley_sentence s[2] = {{0, 32, 0, 0, 0}, {33, sizeof text - 1, 0, 0, 0}};
  parley_event ev;
  memset(&ev, 0, sizeof ev);
  memcpy(ev.source.code, "IRN", 4);
  memcpy(ev.source.country, "IRN", 4);
  memcpy(ev.target.code, "RUS", 4);
  memcpy(ev.target.country, "RUS", 4);
  memcpy(ev.cameo, "040", 4);
  memcpy(ev.root, "04", 3);
  memcpy(ev.date, "2020-01-01", 11);
  ev.quad_class = 1;
  ev.goldstein = 1.0;
  for (int round = 0; round < 2; round++) {
    parley_store_article_state state;
    if (parley_store_begin_article(&state, st, &a, s, 2, round ? PARLEY_STORE_REPLACE : 0u) != PARLEY_OK) return;
    if (state == PARLEY_STORE_UNCHANGED) continue;
    if (parley_store_add_event(st, &ev) != PARLEY_OK) {
      parley_store_abort_article(st);
      return;
    }
    if (parley_store_end_article(st) != PARLEY_OK) return;
  }
  (void)parley_store_commit(st);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char path[128], side[160];
  snprintf(path, sizeof path, "/tmp/parley_store_fuzz_%ld.db", (long)getpid());
  FILE *f = fopen(path, "wb");
  if (!f) return 0;
  if (size) fwrite(data, 1, size, f);
  fclose(f);
  int write = size > 0 && (data[size - 1] & 1);
  parley_store_options o = PARLEY_STORE_OPTIONS_INIT;
  o.flags = write ? 0u : PARLEY_STORE_READONLY;
  parley_store *st = NULL;
  if (parley_store_open(&st, path, &o) == PARLEY_OK) {
    read_all(st);
    if (write) {
      write_some(st);
      read_all(st);
      int ok;
      (void)parley_store_check(&ok, st);
    }
  }
  (void)parley_store_errmsg(st);
  parley_store_close(st);
  unlink(path);
  snprintf(side, sizeof side, "%s-wal", path);
  unlink(side);
  snprintf(side, sizeof side, "%s-shm", path);
  unlink(side);
  return 0;
}
