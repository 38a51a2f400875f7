/* Unit tests for the event store (src/store.c): idempotent writes, replacement of changed articles, batches,
 * every query filter, one-a-day and story grouping, series, schema versions and migrations, bad database
 * files, and a writer killed with SIGKILL in the middle of a batch.
 *
 * One suite for every backend: with PARLEY_TEST_PG_HOST set (tests/pg/with-pg.sh, the ctest test_store_pg) each
 * store is a database of that PostgreSQL server, else an SQLite file. The few steps that reach past the API (set
 * a schema version, hold the writer lock, insert what an old parley stored) go through db_exec and friends. */
#include "testutil.h"
#include "store.h"
#include <math.h>
#include <parley/gazetteer.h>
#include <signal.h>
#include <stddef.h>
#include <sqlite3.h>
#ifdef PARLEY_HAVE_LIBPQ
#include <libpq-fe.h>
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static char tmpdir[256];



static int remove_dir(void **state) {
  (void)state;
  char cmd[512];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
  return system(cmd) == 0 ? 0 : -1;
}

/* The PostgreSQL server's socket directory, or NULL for SQLite files. */
static const char *pg_host(void) {
  const char *h = getenv("PARLEY_TEST_PG_HOST");
  return h && *h ? h : NULL;
}

/* "batch.db" -> "t_batch": a database name for a store name. */
static void pg_name(const char *name, char out[64]) {
  size_t n = 0;
  out[n++] = 't';
  out[n++] = '_';
  for (const char *p = name; *p && *p != '.' && n < 62; p++) out[n++] = *p;
  out[n] = '\0';
}

#ifdef PARLEY_HAVE_LIBPQ
static PGconn *pg_connect(const char *db) {
  char url[512];
  snprintf(url, sizeof url, "postgresql:///%s?host=%s&user=parley", db, pg_host());
  PGconn *c = PQconnectdb(url);
  if (PQstatus(c) != CONNECTION_OK) print_message("connect %s: %s\n", url, PQerrorMessage(c));
  assert_int_equal(PQstatus(c), CONNECTION_OK);
  return c;
}

static void pg_run(PGconn *c, const char *sql) {
  PGresult *r = PQexec(c, sql);
  int ok = PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK;
  if (!ok) print_message("%s: %s\n", sql, PQerrorMessage(c));
  PQclear(r);
  assert_true(ok);
}

/* Creates database `db` unless it exists (test setup: the names are ours, not input). */
static void pg_ensure(const char *db, int fresh) {
  PGconn *c = pg_connect("postgres");
  char sql[256];
  if (fresh) {
    snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)", db);
    pg_run(c, sql);
  }
  const char *v[1] = {db};
  PGresult *r = PQexecParams(c, "SELECT 1 FROM pg_database WHERE datname = $1", 1, NULL, v, NULL, NULL, 0);
  int exists = PQntuples(r) > 0;
  PQclear(r);
  if (!exists) {
    snprintf(sql, sizeof sql, "CREATE DATABASE %s", db);
    pg_run(c, sql);
  }
  PQfinish(c);
}
#endif

static const char *db_path(const char *name) {
  static char buf[512];
  if (pg_host()) {
    char db[64];
    pg_name(name, db);
#ifdef PARLEY_HAVE_LIBPQ
    pg_ensure(db, 0);
#endif
    snprintf(buf, sizeof buf, "postgresql:///%s?host=%s&user=parley", db, pg_host());
  } else {
    snprintf(buf, sizeof buf, "%s/%s", tmpdir, name);
  }
  return buf;
}

static int setup_dir(void **state) {
  (void)state;
  snprintf(tmpdir, sizeof tmpdir, "/tmp/parley_store_test_XXXXXX");
#ifdef PARLEY_HAVE_LIBPQ
  if (pg_host()) {
    /* a server kept between runs: start from no stores */
    PGconn *c = pg_connect("postgres");
    PGresult *r = PQexec(c, "SELECT datname FROM pg_database WHERE datname LIKE 't\\_%'");
    for (int i = 0; i < PQntuples(r); i++) {
      char sql[128];
      snprintf(sql, sizeof sql, "DROP DATABASE %s WITH (FORCE)", PQgetvalue(r, i, 0));
      pg_run(c, sql);
    }
    PQclear(r);
    PQfinish(c);
  }
#endif
  return mkdtemp(tmpdir) ? 0 : -1;
}

/* Removes store `name` (the next open creates it). */
static void db_drop(const char *name) {
  if (pg_host()) {
#ifdef PARLEY_HAVE_LIBPQ
    char db[64];
    pg_name(name, db);
    pg_ensure(db, 1);
#endif
    return;
  }
  static const char *const suffix[] = {"", "-wal", "-shm"};
  for (size_t i = 0; i < 3; i++) {
    char p[600];
    snprintf(p, sizeof p, "%s%s", db_path(name), suffix[i]);
    unlink(p);
  }
}

/* Runs SQL on store `name` outside the API. */
static void db_exec(const char *name, const char *sql) {
  if (pg_host()) {
#ifdef PARLEY_HAVE_LIBPQ
    char db[64];
    pg_name(name, db);
    PGconn *c = pg_connect(db);
    pg_run(c, sql);
    PQfinish(c);
#endif
    return;
  }
  sqlite3 *db;
  assert_int_equal(sqlite3_open(db_path(name), &db), SQLITE_OK);
  int rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
  if (rc != SQLITE_OK) print_message("%s: %s\n", sql, sqlite3_errmsg(db));
  sqlite3_close(db);
  assert_int_equal(rc, SQLITE_OK);
}

/* The integer in the first column of the first row of a query on store `name`. */
static long long db_int(const char *name, const char *sql, int col) {
  long long v = -1;
  if (pg_host()) {
#ifdef PARLEY_HAVE_LIBPQ
    char db[64];
    pg_name(name, db);
    PGconn *c = pg_connect(db);
    PGresult *r = PQexec(c, sql);
    assert_int_equal(PQresultStatus(r), PGRES_TUPLES_OK);
    v = atoll(PQgetvalue(r, 0, col));
    PQclear(r);
    PQfinish(c);
#endif
    return v;
  }
  sqlite3 *db;
  sqlite3_stmt *s;
  assert_int_equal(sqlite3_open(db_path(name), &db), SQLITE_OK);
  assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK);
  assert_int_equal(sqlite3_step(s), SQLITE_ROW);
  v = sqlite3_column_int64(s, col);
  sqlite3_finalize(s);
  sqlite3_close(db);
  return v;
}

/* Sets the schema version recorded in store `name`. */
static void db_set_version(const char *name, const char *version) {
  char sql[128];
  if (pg_host()) snprintf(sql, sizeof sql, "UPDATE meta SET value = '%s' WHERE key = 'schema_version'", version);
  else snprintf(sql, sizeof sql, "PRAGMA user_version = %s", version);
  db_exec(name, sql);
}

/* An article whose sentences are the text's ". "-separated parts. */
typedef struct test_article {
  parley_article a;
  parley_sentence s[16];
  size_t n;
} test_article;

static void make_article(test_article *t, const char *id, const char *date, const char *outlet, const char *text) {
  memset(t, 0, sizeof *t);
  t->a.id = id;
  t->a.date = date;
  t->a.source = outlet;
  t->a.title = "A title";
  t->a.text = text;
  t->a.text_len = strlen(text);
  t->a.file = "test.jsonl";
  size_t start = 0, len = strlen(text);
  for (size_t i = 0; i <= len && t->n < 16; i++) {
    if (i == len || (text[i] == '.' && text[i + 1] == ' ')) {
      size_t end = i < len ? i + 1 : len;
      if (end > start) {
        t->s[t->n].start = start;
        t->s[t->n].end = end;
        t->n++;
      }
      start = end + 1;
      i = end;
    }
  }
}

static parley_event make_event(const char *src, const char *tgt, const char *cameo, const char *date, size_t sentence,
                               int quad, double goldstein) {
  parley_event ev;
  memset(&ev, 0, sizeof ev);
  snprintf(ev.source.code, sizeof ev.source.code, "%s", src);
  snprintf(ev.source.country, sizeof ev.source.country, "%.3s", src);
  snprintf(ev.target.code, sizeof ev.target.code, "%s", tgt);
  snprintf(ev.target.country, sizeof ev.target.country, "%.3s", tgt);
  snprintf(ev.cameo, sizeof ev.cameo, "%s", cameo);
  snprintf(ev.root, sizeof ev.root, "%.2s", cameo);
  snprintf(ev.date, sizeof ev.date, "%s", date);
  ev.sentence = sentence;
  ev.quad_class = quad;
  ev.goldstein = goldstein;
  ev.plover_event = "CONSULT";
  ev.verb = "discussed";
  return ev;
}

static parley_store *open_store(const char *name, unsigned flags, unsigned batch) {
  parley_store_options o = PARLEY_STORE_OPTIONS_INIT;
  o.flags = flags;
  o.batch_size = batch;
  parley_store *st = NULL;
  int rc = parley_store_open(&st, db_path(name), &o);
  if (rc) print_message("open %s: %s\n", name, parley_store_errmsg(st));
  assert_int_equal(rc, PARLEY_OK);
  return st;
}

/* Stores one article with its events; returns the state found. */
static parley_store_article_state put(parley_store *st, test_article *t, const parley_event *evs, size_t n) {
  parley_store_article_state state;
  int rc = parley_store_begin_article(&state, st, &t->a, t->s, t->n, 0);
  if (rc) print_message("begin: %s\n", parley_store_errmsg(st));
  assert_int_equal(rc, PARLEY_OK);
  if (state == PARLEY_STORE_UNCHANGED) return state;
  for (size_t i = 0; i < n; i++) {
    parley_event ev = evs[i];
    ev.text = NULL;
    if (ev.sentence < t->n) {
      static char buf[1024];
      size_t len = t->s[ev.sentence].end - t->s[ev.sentence].start;
      memcpy(buf, t->a.text + t->s[ev.sentence].start, len);
      buf[len] = '\0';
      ev.text = buf;
    }
    assert_int_equal(parley_store_add_event(st, &ev), PARLEY_OK);
  }
  assert_int_equal(parley_store_end_article(st), PARLEY_OK);
  return state;
}

static parley_store_stats stats(parley_store *st) {
  parley_store_stats s;
  assert_int_equal(parley_store_stats_get(&s, st), PARLEY_OK);
  return s;
}

/* Runs a query and returns the number of rows; the rows' "src>tgt:code@date" go into out (space-separated). */
static size_t run_query(parley_store *st, const parley_store_filter *f, char *out, size_t cap) {
  parley_store_cursor *c = NULL;
  int rc = parley_store_query(&c, st, f);
  if (rc) print_message("query: %s\n", parley_store_errmsg(st));
  assert_int_equal(rc, PARLEY_OK);
  const parley_store_row *r;
  size_t n = 0, pos = 0;
  if (out) out[0] = '\0';
  while ((rc = parley_store_cursor_next(c, &r)) == PARLEY_OK) {
    n++;
    if (out)
      pos += (size_t)snprintf(out + pos, cap - pos, "%s%s>%s:%s@%s", pos ? " " : "", r->event.source.code,
                              r->event.target.code, r->event.cameo, r->event.date);
  }
  assert_int_equal(rc, PARLEY_EDONE);
  parley_store_cursor_free(c);
  return n;
}

/* A small corpus: four articles from three outlets about Iran, Russia, Syria and the US. */
static void fill_corpus(parley_store *st) {
  test_article t;
  parley_event e1[] = {make_event("IRNGOV", "RUSGOV", "041", "2016-12-19", 0, 1, 1.0),
                       make_event("RUSGOV", "IRNGOV", "041", "2016-12-19", 0, 1, 1.0),
                       make_event("IRN", "SYR", "036", "2016-12-19", 1, 1, 4.0)};
  make_article(&t, "a1", "2016-12-20", "Tasnim",
               "Rouhani and Putin held a telephone conversation on Monday. Iran wants to meet Syria soon.");
  assert_int_equal(put(st, &t, e1, 3), PARLEY_STORE_NEW);
  parley_event e2[] = {make_event("IRNGOV", "RUSGOV", "041", "2016-12-19", 0, 1, 1.0),
                       make_event("IRNGOV", "RUSGOV", "041", "2016-12-19", 1, 1, 1.0)};
  make_article(&t, "a2", "2016-12-20", "IRNA",
               "The Iranian and Russian presidents discussed Syria by phone. They talked about Aleppo.");
  assert_int_equal(put(st, &t, e2, 2), PARLEY_STORE_NEW);
  parley_event e3[] = {make_event("USA", "IRNMIL", "173", "2017-01-16", 0, 4, -5.0),
                       make_event("IRN", "USA", "112", "2017-02-01", 1, 3, -2.0)};
  make_article(&t, "a3", "2017-02-02", "Press TV",
               "American forces arrested Iranian sailors in the Gulf. Tehran accused Washington of piracy.");
  assert_int_equal(put(st, &t, e3, 2), PARLEY_STORE_NEW);
  parley_event e4[] = {make_event("IRNGOV", "RUSGOV", "041", "2016-12-19", 0, 1, 1.0)};
  make_article(&t, "a4", "2016-12-21", "Tasnim",
               "Rouhani told Putin by telephone that the Astana talks must go on.");
  assert_int_equal(put(st, &t, e4, 1), PARLEY_STORE_NEW);
  assert_int_equal(parley_store_commit(st), PARLEY_OK);
}

static void creates_schema_and_reopens(void **state) {
  (void)state;
  parley_store *st = open_store("new.db", 0, 0);
  assert_int_equal(parley_store_schema_version(st), PARLEY_STORE_SCHEMA_VERSION);
  fill_corpus(st);
  assert_int_equal(parley_store_close(st), PARLEY_OK);
  st = open_store("new.db", PARLEY_STORE_READONLY, 0);
  parley_store_stats s = stats(st);
  assert_int_equal(s.articles, 4);
  assert_int_equal(s.sentences, 7);
  assert_int_equal(s.events, 8);
  /* a read-only store refuses writes */
  test_article t;
  make_article(&t, "x", NULL, NULL, "Text.");
  parley_store_article_state as;
  assert_int_equal(parley_store_begin_article(&as, st, &t.a, t.s, t.n, 0), PARLEY_EINVAL);
  parley_store_close(st);
}

static void ingest_is_idempotent(void **state) {
  (void)state;
  parley_store *st = open_store("idem.db", 0, 3);
  fill_corpus(st);
  parley_store_stats before = stats(st);
  parley_store_close(st);
  /* the same corpus again, in a new session: nothing is stored twice */
  st = open_store("idem.db", 0, 3);
  test_article t;
  parley_event e4[] = {make_event("IRNGOV", "RUSGOV", "041", "2016-12-19", 0, 1, 1.0)};
  make_article(&t, "a4", "2016-12-21", "Tasnim",
               "Rouhani told Putin by telephone that the Astana talks must go on.");
  assert_int_equal(put(st, &t, e4, 1), PARLEY_STORE_UNCHANGED);
  parley_store_close(st);
  st = open_store("idem.db", 0, 3);
  {
    /* fill_corpus asserts NEW, so replay its articles by hand through the UNCHANGED path */
    const char *ids[] = {"a1", "a2", "a3", "a4"};
    parley_store_cursor *c = NULL;
    assert_int_equal(parley_store_articles(&c, st), PARLEY_OK);
    const parley_article *a;
    size_t i = 0;
    while (parley_store_cursor_next_article(c, &a) == PARLEY_OK) {
      assert_string_equal(a->id, ids[i]);
      parley_article copy = *a;
      parley_store_article_state as;
      assert_int_equal(parley_store_begin_article(&as, st, &copy, NULL, 0, 0), PARLEY_OK);
      assert_int_equal(as, PARLEY_STORE_UNCHANGED);
      i++;
    }
    assert_int_equal(i, 4);
    parley_store_cursor_free(c);
  }
  parley_store_stats after = stats(st);
  assert_int_equal(after.articles, before.articles);
  assert_int_equal(after.sentences, before.sentences);
  assert_int_equal(after.events, before.events);
  assert_int_equal(after.stories, before.stories);

  /* lookup tells the same without writing */
  parley_store_article_state ls;
  assert_int_equal(parley_store_lookup_article(&ls, st, &t.a), PARLEY_OK);
  assert_int_equal(ls, PARLEY_STORE_UNCHANGED);
  t.a.title = "Another title";
  assert_int_equal(parley_store_lookup_article(&ls, st, &t.a), PARLEY_OK);
  assert_int_equal(ls, PARLEY_STORE_CHANGED);
  t.a.id = "zz";
  assert_int_equal(parley_store_lookup_article(&ls, st, &t.a), PARLEY_OK);
  assert_int_equal(ls, PARLEY_STORE_NEW);
  assert_int_equal(stats(st).articles, 4);

  /* articles without an id are known by their content */
  make_article(&t, NULL, "2020-01-01", "IRNA", "Zarif met Lavrov in Moscow.");
  assert_int_equal(put(st, &t, NULL, 0), PARLEY_STORE_NEW);
  make_article(&t, "", "2020-01-01", "IRNA", "Zarif met Lavrov in Moscow.");
  assert_int_equal(put(st, &t, NULL, 0), PARLEY_STORE_UNCHANGED);
  make_article(&t, NULL, "2020-01-01", "IRNA", "Zarif met Lavrov in Sochi.");
  assert_int_equal(put(st, &t, NULL, 0), PARLEY_STORE_NEW);
  assert_int_equal(stats(st).articles, 6);
  /* the same article twice inside one uncommitted batch is still stored once */
  make_article(&t, "b1", "2020-01-02", "IRNA", "Araghchi called Lavrov.");
  assert_int_equal(put(st, &t, NULL, 0), PARLEY_STORE_NEW);
  assert_int_equal(put(st, &t, NULL, 0), PARLEY_STORE_UNCHANGED);
  assert_int_equal(stats(st).articles, 7);
  parley_store_close(st);
}

static void changed_article_replaces_old_version(void **state) {
  (void)state;
  parley_store *st = open_store("changed.db", 0, 0);
  fill_corpus(st);
  parley_store_stats before = stats(st);
  test_article t;
  parley_event ev[] = {make_event("IRNGOV", "CHN", "042", "2016-12-22", 0, 1, 1.9)};
  make_article(&t, "a1", "2016-12-20", "Tasnim", "Rouhani visited Beijing on Thursday.");
  assert_int_equal(put(st, &t, ev, 1), PARLEY_STORE_CHANGED);
  parley_store_stats after = stats(st);
  assert_int_equal(after.articles, before.articles);
  assert_int_equal(after.events, before.events - 3 + 1);
  assert_int_equal(after.sentences, before.sentences - 2 + 1);
  /* the old events, sentences and their full-text entries are gone */
  parley_store_filter f = PARLEY_STORE_FILTER_INIT;
  char out[512];
  f.article_id = "a1";
  assert_int_equal(run_query(st, &f, out, sizeof out), 1);
  assert_string_equal(out, "IRNGOV>CHN:042@2016-12-22");
  parley_store_filter ft = PARLEY_STORE_FILTER_INIT;
  ft.text = "Beijing";
  assert_int_equal(run_query(st, &ft, NULL, 0), 1);
  ft.text = "Monday";
  assert_int_equal(run_query(st, &ft, NULL, 0), 0);
  /* the IRN>SYR story had only a1's mention: it is gone too */
  parley_store_filter fs = PARLEY_STORE_FILTER_INIT;
  fs.target = "SYR";
  fs.grouping = PARLEY_STORE_STORIES;
  assert_int_equal(run_query(st, &fs, NULL, 0), 0);
  assert_int_equal(after.stories, before.stories - 1 + 1); /* IRN>SYR was a1's alone; IRN-RUS lives on */

  /* an aborted replacement keeps the stored version */
  make_article(&t, "a1", "2016-12-20", "Tasnim", "Something else entirely.");
  parley_store_article_state as;
  assert_int_equal(parley_store_begin_article(&as, st, &t.a, t.s, t.n, 0), PARLEY_OK);
  assert_int_equal(as, PARLEY_STORE_CHANGED);
  assert_int_equal(parley_store_abort_article(st), PARLEY_OK);
  assert_int_equal(run_query(st, &f, out, sizeof out), 1);
  assert_string_equal(out, "IRNGOV>CHN:042@2016-12-22");
  /* REPLACE re-stores an unchanged article (re-coding) */
  make_article(&t, "a1", "2016-12-20", "Tasnim", "Rouhani visited Beijing on Thursday.");
  assert_int_equal(parley_store_begin_article(&as, st, &t.a, t.s, t.n, 0), PARLEY_OK);
  assert_int_equal(as, PARLEY_STORE_UNCHANGED);
  assert_int_equal(parley_store_begin_article(&as, st, &t.a, t.s, t.n, PARLEY_STORE_REPLACE), PARLEY_OK);
  assert_int_equal(as, PARLEY_STORE_CHANGED);
  assert_int_equal(parley_store_end_article(st), PARLEY_OK);
  assert_int_equal(run_query(st, &f, NULL, 0), 0);
  parley_store_close(st);
}

static void batches_commit_every_n_articles(void **state) {
  (void)state;
  parley_store *st = open_store("batch.db", 0, 2);
  parley_store *reader = NULL;
  test_article t;
  char id[16], text[64];
  for (int i = 0; i < 5; i++) {
    snprintf(id, sizeof id, "n%d", i);
    snprintf(text, sizeof text, "Article number %d.", i);
    make_article(&t, id, "2021-01-01", "X", text);
    assert_int_equal(put(st, &t, NULL, 0), PARLEY_STORE_NEW);
  }
  /* another connection sees the two committed batches, not the open one */
  parley_store_options o = PARLEY_STORE_OPTIONS_INIT;
  o.flags = PARLEY_STORE_READONLY;
  assert_int_equal(parley_store_open(&reader, db_path("batch.db"), &o), PARLEY_OK);
  assert_int_equal(stats(reader).articles, 4);
  assert_int_equal(parley_store_commit(st), PARLEY_OK);
  assert_int_equal(stats(reader).articles, 5);
  parley_store_close(reader);
  parley_store_close(st);
}

static void every_filter_selects_what_it_says(void **state) {
  (void)state;
  parley_store *st = open_store("filters.db", 0, 0);
  fill_corpus(st);
  char out[1024];
  parley_store_filter f = PARLEY_STORE_FILTER_INIT;
  assert_int_equal(run_query(st, &f, NULL, 0), 8);
  /* source: code prefix */
  f.source = "IRN";
  assert_int_equal(run_query(st, &f, out, sizeof out), 6);
  f.source = "IRNGOV";
  assert_int_equal(run_query(st, &f, NULL, 0), 4);
  f.source = "IRNG";
  assert_int_equal(run_query(st, &f, NULL, 0), 4);
  f.source = "IR";
  assert_int_equal(run_query(st, &f, NULL, 0), 6);
  f.source = "IRQ";
  assert_int_equal(run_query(st, &f, NULL, 0), 0);
  /* target */
  f = (parley_store_filter)PARLEY_STORE_FILTER_INIT;
  f.target = "IRN";
  assert_int_equal(run_query(st, &f, out, sizeof out), 2);
  assert_string_equal(out, "RUSGOV>IRNGOV:041@2016-12-19 USA>IRNMIL:173@2017-01-16");
  /* dyad, directed and mutual */
  f.source = "IRN";
  f.target = "RUS";
  assert_int_equal(run_query(st, &f, NULL, 0), 4);
  f.flags = PARLEY_STORE_MUTUAL;
  assert_int_equal(run_query(st, &f, NULL, 0), 5);
  f.source = "RUS";
  f.target = "IRN";
  assert_int_equal(run_query(st, &f, NULL, 0), 5);
  f.flags = 0;
  assert_int_equal(run_query(st, &f, NULL, 0), 1);
  /* one actor with MUTUAL: either side */
  f = (parley_store_filter)PARLEY_STORE_FILTER_INIT;
  f.source = "USA";
  f.flags = PARLEY_STORE_MUTUAL;
  assert_int_equal(run_query(st, &f, out, sizeof out), 2);
  assert_string_equal(out, "USA>IRNMIL:173@2017-01-16 IRN>USA:112@2017-02-01");
  /* CAMEO code prefix */
  f = (parley_store_filter)PARLEY_STORE_FILTER_INIT;
  f.code = "04";
  assert_int_equal(run_query(st, &f, NULL, 0), 5);
  f.code = "041";
  assert_int_equal(run_query(st, &f, NULL, 0), 5);
  f.code = "0411";
  assert_int_equal(run_query(st, &f, NULL, 0), 0);
  f.code = "1";
  assert_int_equal(run_query(st, &f, NULL, 0), 2);
  /* QuadClass */
  f = (parley_store_filter)PARLEY_STORE_FILTER_INIT;
  f.quad_class = 4;
  assert_int_equal(run_query(st, &f, out, sizeof out), 1);
  assert_string_equal(out, "USA>IRNMIL:173@2017-01-16");
  f.quad_class = 7;
  parley_store_cursor *c = NULL;
  assert_int_equal(parley_store_query(&c, st, &f), PARLEY_EINVAL);
  assert_null(c);
  /* dates: inclusive, and a prefix as the upper bound covers the whole period */
  f = (parley_store_filter)PARLEY_STORE_FILTER_INIT;
  f.from = "2017-01-16";
  assert_int_equal(run_query(st, &f, NULL, 0), 2);
  f.from = "2017-01-17";
  assert_int_equal(run_query(st, &f, NULL, 0), 1);
  f.from = NULL;
  f.to = "2016";
  assert_int_equal(run_query(st, &f, NULL, 0), 6);
  f.to = "2017-01-16";
  assert_int_equal(run_query(st, &f, NULL, 0), 7);
  f.from = "2017-01";
  f.to = "2017-01";
  assert_int_equal(run_query(st, &f, NULL, 0), 1);
  /* full text over the sentences */
  f = (parley_store_filter)PARLEY_STORE_FILTER_INIT;
  f.text = "telephone";
  assert_int_equal(run_query(st, &f, NULL, 0), 3); /* a1 sentence 0 (two events), a4 */
  f.text = "\"Iranian sailors\"";
  assert_int_equal(run_query(st, &f, out, sizeof out), 1);
  assert_string_equal(out, "USA>IRNMIL:173@2017-01-16");
  f.text = "aleppo OR piracy";
  assert_int_equal(run_query(st, &f, NULL, 0), 2);
  f.text = "\"unbalanced";
  assert_int_equal(parley_store_query(&c, st, &f), PARLEY_OK);
  const parley_store_row *r;
  if (pg_host()) {
    /* PostgreSQL's web-search syntax has no syntax errors: the quote is dropped (docs/internals/store.md) */
    assert_int_equal(parley_store_cursor_next(c, &r), PARLEY_EDONE);
  } else {
    assert_int_equal(parley_store_cursor_next(c, &r), PARLEY_ERROR);
    assert_non_null(strstr(parley_store_errmsg(st), "full-text"));
  }
  parley_store_cursor_free(c);
  f.text = "   ";
  assert_int_equal(parley_store_query(&c, st, &f), PARLEY_EINVAL);
  /* article and limit; everything combined */
  f = (parley_store_filter)PARLEY_STORE_FILTER_INIT;
  f.article_id = "a3";
  assert_int_equal(run_query(st, &f, NULL, 0), 2);
  f.article_id = NULL;
  f.limit = 3;
  assert_int_equal(run_query(st, &f, NULL, 0), 3);
  f = (parley_store_filter)PARLEY_STORE_FILTER_INIT;
  f.source = "IRN";
  f.target = "RUS";
  f.flags = PARLEY_STORE_MUTUAL;
  f.code = "04";
  f.quad_class = 1;
  f.from = "2016-12-01";
  f.to = "2016-12-31";
  f.text = "Putin";
  assert_int_equal(run_query(st, &f, NULL, 0), 3);
  /* filter values are data, never SQL */
  f = (parley_store_filter)PARLEY_STORE_FILTER_INIT;
  f.source = "IRN' OR 1=1 --";
  assert_int_equal(run_query(st, &f, NULL, 0), 0);
  f.source = NULL;
  f.article_id = "a1' OR '1'='1";
  assert_int_equal(run_query(st, &f, NULL, 0), 0);
  /* rows carry the article and the evidence */
  f = (parley_store_filter)PARLEY_STORE_FILTER_INIT;
  f.quad_class = 3;
  assert_int_equal(parley_store_query(&c, st, &f), PARLEY_OK);
  assert_int_equal(parley_store_cursor_next(c, &r), PARLEY_OK);
  assert_string_equal(r->event.doc_id, "a3");
  assert_string_equal(r->event.doc_source, "Press TV");
  assert_string_equal(r->event.text, "Tehran accused Washington of piracy.");
  assert_string_equal(r->event.source.country, "IRN");
  assert_string_equal(r->event.root, "11");
  assert_string_equal(r->event.plover_event, "CONSULT");
  assert_string_equal(r->article_date, "2017-02-02");
  assert_string_equal(r->spans_json, "[]");
  assert_true(r->event.goldstein == -2.0);
  assert_int_equal(parley_store_cursor_next(c, &r), PARLEY_EDONE);
  parley_store_cursor_free(c);
  parley_store_close(st);
}

static void one_a_day_counts_mentions_articles_outlets(void **state) {
  (void)state;
  parley_store *st = open_store("daily.db", 0, 0);
  fill_corpus(st);
  parley_store_filter f = PARLEY_STORE_FILTER_INIT;
  f.grouping = PARLEY_STORE_DAILY;
  char out[1024];
  /* IRNGOV>RUSGOV 041 on 2016-12-19: a1 once, a2 twice, a4 once = 4 mentions, 3 articles, 2 outlets */
  assert_int_equal(run_query(st, &f, out, sizeof out), 5);
  assert_string_equal(out, "IRNGOV>RUSGOV:041@2016-12-19 RUSGOV>IRNGOV:041@2016-12-19 IRN>SYR:036@2016-12-19 "
                           "USA>IRNMIL:173@2017-01-16 IRN>USA:112@2017-02-01");
  f.source = "IRNGOV";
  f.target = "RUSGOV";
  parley_store_cursor *c = NULL;
  const parley_store_row *r;
  assert_int_equal(parley_store_query(&c, st, &f), PARLEY_OK);
  assert_int_equal(parley_store_cursor_next(c, &r), PARLEY_OK);
  assert_int_equal(r->mentions, 4);
  assert_int_equal(r->articles, 3);
  assert_int_equal(r->outlets, 2);
  assert_string_equal(r->event.doc_id, "a1"); /* the first mention represents the group */
  assert_int_equal(parley_store_cursor_next(c, &r), PARLEY_EDONE);
  parley_store_cursor_free(c);
  /* a mention on another day is another one-a-day event */
  test_article t;
  parley_event ev[] = {make_event("IRNGOV", "RUSGOV", "041", "2016-12-20", 0, 1, 1.0)};
  make_article(&t, "a5", "2016-12-20", "Mehr", "Rouhani and Putin spoke again.");
  assert_int_equal(put(st, &t, ev, 1), PARLEY_STORE_NEW);
  assert_int_equal(run_query(st, &f, NULL, 0), 2);
  parley_store_close(st);
}

static void stories_group_reports_of_one_event(void **state) {
  (void)state;
  parley_store_options o = PARLEY_STORE_OPTIONS_INIT;
  o.story_window_days = 2;
  parley_store *st = NULL;
  assert_int_equal(parley_store_open(&st, db_path("stories.db"), &o), PARLEY_OK);
  test_article t;
  /* reported on the day, the day after (in two mentions) and three days later by another outlet */
  parley_event e1[] = {make_event("IRNGOV", "RUSGOV", "041", "2016-12-19", 0, 1, 1.0)};
  make_article(&t, "s1", "2016-12-19", "Tasnim", "Rouhani phoned Putin.");
  put(st, &t, e1, 1);
  parley_event e2[] = {make_event("IRNGOV", "RUSGOV", "041", "2016-12-20", 0, 1, 1.0),
                       make_event("IRNGOV", "RUSGOV", "041", "2016-12-20", 1, 1, 1.0)};
  make_article(&t, "s2", "2016-12-20", "IRNA", "Rouhani and Putin talked. The call was long.");
  put(st, &t, e2, 2);
  parley_event e3[] = {make_event("IRNGOV", "RUSGOV", "041", "2016-12-22", 0, 1, 1.0)};
  make_article(&t, "s3", "2016-12-22", "Press TV", "The leaders' phone call covered Syria.");
  put(st, &t, e3, 1);
  /* a month later: a new story; a different code: a new story */
  parley_event e4[] = {make_event("IRNGOV", "RUSGOV", "041", "2017-01-25", 0, 1, 1.0),
                       make_event("IRNGOV", "RUSGOV", "036", "2016-12-20", 0, 1, 4.0)};
  make_article(&t, "s4", "2017-01-25", "Tasnim", "Rouhani phoned Putin again.");
  put(st, &t, e4, 2);
  /* undated mentions group within their article only */
  parley_event e5[] = {make_event("IRN", "SYR", "042", "", 0, 1, 1.9), make_event("IRN", "SYR", "042", "", 0, 1, 1.9)};
  make_article(&t, "s5", NULL, "Tasnim", "Iran will visit Syria.");
  put(st, &t, e5, 2);
  make_article(&t, "s6", NULL, "Tasnim", "Iran is to visit Syria.");
  put(st, &t, e5, 2);
  parley_store_filter f = PARLEY_STORE_FILTER_INIT;
  f.grouping = PARLEY_STORE_STORIES;
  char out[1024];
  assert_int_equal(run_query(st, &f, out, sizeof out), 5);
  assert_string_equal(out, "IRN>SYR:042@ IRN>SYR:042@ IRNGOV>RUSGOV:041@2016-12-19 IRNGOV>RUSGOV:036@2016-12-20 "
                           "IRNGOV>RUSGOV:041@2017-01-25");
  f.code = "041";
  f.from = "2016";
  f.to = "2016";
  parley_store_cursor *c = NULL;
  const parley_store_row *r;
  assert_int_equal(parley_store_query(&c, st, &f), PARLEY_OK);
  assert_int_equal(parley_store_cursor_next(c, &r), PARLEY_OK);
  assert_int_equal(r->mentions, 4);
  assert_int_equal(r->articles, 3);
  assert_int_equal(r->outlets, 3);
  assert_string_equal(r->event.date, "2016-12-19");
  assert_string_equal(r->last_date, "2016-12-22");
  assert_string_equal(r->event.doc_id, "s1");
  assert_int_equal(parley_store_cursor_next(c, &r), PARLEY_EDONE);
  parley_store_cursor_free(c);
  assert_int_equal(stats(st).stories, 5);
  /* the other direction of a consultation, a related code (040) and less actor detail (IRN): same story;
   * an accusation and the counter-accusation: two stories */
  parley_event e7[] = {make_event("RUSGOV", "IRN", "040", "2016-12-21", 0, 1, 1.0),
                       make_event("USA", "IRN", "112", "2016-12-21", 0, 3, -2.0),
                       make_event("IRN", "USA", "112", "2016-12-21", 0, 3, -2.0)};
  make_article(&t, "s7", "2016-12-21", "Mehr", "Moscow and Tehran consulted while Washington and Tehran traded barbs.");
  put(st, &t, e7, 3);
  f.code = "04";
  assert_int_equal(parley_store_query(&c, st, &f), PARLEY_OK);
  assert_int_equal(parley_store_cursor_next(c, &r), PARLEY_OK);
  assert_int_equal(r->mentions, 5);
  assert_int_equal(r->articles, 4);
  assert_int_equal(r->outlets, 4);
  assert_int_equal(parley_store_cursor_next(c, &r), PARLEY_EDONE);
  parley_store_cursor_free(c);
  assert_int_equal(stats(st).stories, 7);
  parley_store_close(st);
}

static void stories_do_not_chain_forever(void **state) {
  (void)state;
  parley_store *st = open_store("chain.db", 0, 0); /* window 1 day */
  test_article t;
  char id[16], date[16];
  /* a clash reported every day for twelve days: a story takes mentions for 1 + 7 days after its first */
  for (int d = 1; d <= 12; d++) {
    snprintf(id, sizeof id, "c%d", d);
    snprintf(date, sizeof date, "2019-03-%02d", d);
    parley_event ev[] = {make_event("ISRMIL", "SYRMIL", "190", date, 0, 4, -10.0)};
    make_article(&t, id, date, "X", "Israeli jets struck Syrian positions.");
    put(st, &t, ev, 1);
  }
  parley_store_filter f = PARLEY_STORE_FILTER_INIT;
  f.grouping = PARLEY_STORE_STORIES;
  char out[256];
  assert_int_equal(run_query(st, &f, out, sizeof out), 2);
  assert_string_equal(out, "ISRMIL>SYRMIL:190@2019-03-01 ISRMIL>SYRMIL:190@2019-03-10");
  parley_store_close(st);
}

static void series_counts_and_sums_by_period_and_quad(void **state) {
  (void)state;
  parley_store *st = open_store("series.db", 0, 0);
  fill_corpus(st);
  test_article t;
  parley_event ev[] = {make_event("RUS", "IRN", "190", "2017-02-05", 0, 4, -10.0),
                       make_event("IRN", "RUS", "041", "2017-02-06", 0, 1, 1.0)};
  make_article(&t, "a9", "2017-02-06", "Mehr", "Russia attacked Iran. Then they talked.");
  put(st, &t, ev, 2);
  parley_store_filter f = PARLEY_STORE_FILTER_INIT;
  f.source = "IRN";
  f.flags = PARLEY_STORE_MUTUAL; /* actor IRN on either side */
  parley_store_cursor *c = NULL;
  const parley_store_bucket *b;
  assert_int_equal(parley_store_series(&c, st, &f, PARLEY_STORE_YEAR), PARLEY_OK);
  assert_int_equal(parley_store_cursor_next_bucket(c, &b), PARLEY_OK);
  assert_string_equal(b->period, "2016");
  assert_int_equal(b->events, 6);
  assert_true(b->goldstein == 9.0);
  assert_int_equal(b->quad_events[1], 6);
  assert_int_equal(parley_store_cursor_next_bucket(c, &b), PARLEY_OK);
  assert_string_equal(b->period, "2017");
  assert_int_equal(b->events, 4);
  assert_int_equal(b->quad_events[1], 1);
  assert_int_equal(b->quad_events[3], 1);
  assert_int_equal(b->quad_events[4], 2);
  assert_true(b->quad_goldstein[4] == -15.0);
  assert_true(b->goldstein == -16.0);
  assert_int_equal(parley_store_cursor_next_bucket(c, &b), PARLEY_EDONE);
  assert_int_equal(parley_store_cursor_next_bucket(c, &b), PARLEY_EDONE);
  parley_store_cursor_free(c);
  /* months and weeks (weeks start on Monday: 2017-02-05 is a Sunday, 2017-02-06 a Monday) */
  const char *months[] = {"2016-12", "2017-01", "2017-02"};
  assert_int_equal(parley_store_series(&c, st, &f, PARLEY_STORE_MONTH), PARLEY_OK);
  for (int i = 0; i < 3; i++) {
    assert_int_equal(parley_store_cursor_next_bucket(c, &b), PARLEY_OK);
    assert_string_equal(b->period, months[i]);
  }
  assert_int_equal(parley_store_cursor_next_bucket(c, &b), PARLEY_EDONE);
  parley_store_cursor_free(c);
  const char *weeks[] = {"2016-12-19", "2017-01-16", "2017-01-30", "2017-02-06"};
  const uint64_t wcount[] = {6, 1, 2, 1};
  assert_int_equal(parley_store_series(&c, st, &f, PARLEY_STORE_WEEK), PARLEY_OK);
  for (int i = 0; i < 4; i++) {
    assert_int_equal(parley_store_cursor_next_bucket(c, &b), PARLEY_OK);
    assert_string_equal(b->period, weeks[i]);
    assert_int_equal(b->events, wcount[i]);
  }
  assert_int_equal(parley_store_cursor_next_bucket(c, &b), PARLEY_EDONE);
  parley_store_cursor_free(c);
  /* one-a-day: the five IRN-RUS 041 mentions of 2016-12-19 count once per direction */
  f.target = "RUS";
  f.grouping = PARLEY_STORE_DAILY;
  assert_int_equal(parley_store_series(&c, st, &f, PARLEY_STORE_DAY), PARLEY_OK);
  assert_int_equal(parley_store_cursor_next_bucket(c, &b), PARLEY_OK);
  assert_string_equal(b->period, "2016-12-19");
  assert_int_equal(b->events, 2);
  assert_true(b->goldstein == 2.0);
  assert_int_equal(parley_store_cursor_next_bucket(c, &b), PARLEY_OK);
  assert_string_equal(b->period, "2017-02-05");
  assert_int_equal(parley_store_cursor_next_bucket(c, &b), PARLEY_OK);
  assert_string_equal(b->period, "2017-02-06");
  assert_int_equal(parley_store_cursor_next_bucket(c, &b), PARLEY_EDONE);
  parley_store_cursor_free(c);
  assert_int_equal(parley_store_series(&c, st, &f, (parley_store_period)9), PARLEY_EINVAL);
  parley_store_close(st);
}

/* ---- where events happened (schema 3) ---- */

/* An event placed by the gazetteer (from set), as the coder fills it. */
static parley_event placed(parley_event ev, const char *name, const char *country, const char *admin1, double lat,
                           double lon, uint32_t geonameid, const char *feature) {
  ev.location_name = name;
  snprintf(ev.location_country, sizeof ev.location_country, "%s", country);
  ev.location_admin1 = admin1;
  ev.location_lat = lat;
  ev.location_lon = lon;
  ev.location_geonameid = geonameid;
  snprintf(ev.location_feature, sizeof ev.location_feature, "%s", feature);
  ev.location_from = "clause";
  return ev;
}

/* Aleppo and Damascus (Syria), Mosul (Iraq), Suva and Taveuni (Fiji, on either side of the antimeridian), a bare
 * "in Iran" from a coder without a gazetteer, and an event placed nowhere; all in 2024. */
static void fill_places(parley_store *st) {
  test_article t;
  parley_event ev[] = {
      placed(make_event("SYRMIL", "REB", "190", "2024-03-01", 0, 4, -10.0), "Aleppo", "SYR", "Aleppo", 36.20124,
             37.16117, 170063, "PPLA"),
      placed(make_event("SYRMIL", "REB", "190", "2024-03-01", 1, 4, -10.0), "Damascus", "SYR", "Dimashq", 33.5102,
             36.29128, 170654, "PPLC"),
      placed(make_event("IRQMIL", "IMGMUSISI", "190", "2024-03-02", 2, 4, -10.0), "Mosul", "IRQ", "Nineveh",
             36.335, 43.11889, 99072, "PPLA"),
      placed(make_event("FJI", "AUS", "040", "2024-04-01", 3, 1, 1.0), "Suva", "FJI", "Central", -18.14161,
             178.44149, 2198148, "PPLC"),
      placed(make_event("FJI", "NZL", "040", "2024-04-02", 4, 1, 1.0), "Taveuni", "FJI", "Northern", -16.85,
             -179.97, 0, "ADM2"),
      make_event("IRN", "USA", "112", "2024-05-01", 5, 3, -2.0),
      make_event("USA", "IRN", "112", "2024-05-01", 6, 3, -2.0)};
  ev[5].location_name = "Iran";
  snprintf(ev[5].location_country, sizeof ev[5].location_country, "IRN");
  make_article(&t, "p1", "2024-05-02", "Wire",
               "Troops shelled Aleppo. Troops shelled Damascus. Troops shelled Mosul. Fiji met Australia in Suva. "
               "Fiji met New Zealand in Taveuni. Iran accused the US in Iran. The US accused Iran.");
  assert_int_equal(put(st, &t, ev, 7), PARLEY_STORE_NEW);
  assert_int_equal(parley_store_commit(st), PARLEY_OK);
}

static void locations_are_stored_and_read_back(void **state) {
  (void)state;
  parley_store *st = open_store("places.db", 0, 0);
  fill_places(st);
  parley_store_cursor *c = NULL;
  const parley_store_row *r;
  assert_int_equal(parley_store_query(&c, st, NULL), PARLEY_OK);
  assert_int_equal(parley_store_cursor_next(c, &r), PARLEY_OK); /* Aleppo */
  assert_string_equal(r->event.location_name, "Aleppo");
  assert_string_equal(r->event.location_country, "SYR");
  assert_string_equal(r->event.location_admin1, "Aleppo");
  assert_string_equal(r->event.location_feature, "PPLA");
  assert_string_equal(r->event.location_from, "clause");
  assert_int_equal(r->event.location_geonameid, 170063);
  assert_true(r->event.location_lat == 36.20124 && r->event.location_lon == 37.16117);
  for (int i = 0; i < 4; i++) assert_int_equal(parley_store_cursor_next(c, &r), PARLEY_OK);
  assert_string_equal(r->event.location_name, "Taveuni"); /* a place with no GeoNames id */
  assert_int_equal(r->event.location_geonameid, 0);
  assert_true(r->event.location_lon == -179.97);
  assert_int_equal(parley_store_cursor_next(c, &r), PARLEY_OK); /* "in Iran" with no gazetteer: no coordinates */
  assert_string_equal(r->event.location_name, "Iran");
  assert_string_equal(r->event.location_country, "IRN");
  assert_null(r->event.location_from);
  assert_null(r->event.location_admin1);
  assert_string_equal(r->event.location_feature, "");
  assert_int_equal(parley_store_cursor_next(c, &r), PARLEY_OK); /* placed nowhere */
  assert_null(r->event.location_name);
  assert_string_equal(r->event.location_country, "");
  assert_int_equal(parley_store_cursor_next(c, &r), PARLEY_EDONE);
  parley_store_cursor_free(c);
  /* the JSON line carries the place as parley code writes it */
  char *buf = NULL;
  size_t len = 0;
  FILE *mem = open_memstream(&buf, &len);
  assert_int_equal(parley_store_query(&c, st, NULL), PARLEY_OK);
  assert_int_equal(parley_store_cursor_next(c, &r), PARLEY_OK);
  assert_int_equal(parley_store_row_write_json(mem, r), PARLEY_OK);
  parley_store_cursor_free(c);
  fclose(mem);
  assert_non_null(strstr(buf, "\"location\":{\"name\":\"Aleppo\",\"geonameid\":170063,\"lat\":36.2012,\"lon\":37.1612,"
                              "\"feature\":\"PPLA\",\"admin1\":\"Aleppo\",\"country\":\"SYR\",\"from\":\"clause\"}"));
  free(buf);
  parley_store_close(st);
}

static void place_filters_select_what_they_say(void **state) {
  (void)state;
  parley_store *st = open_store("placefilter.db", 0, 0);
  fill_places(st);
  char got[1024];
  parley_store_filter f = PARLEY_STORE_FILTER_INIT;
  f.location_country = "SYR";
  assert_int_equal(run_query(st, &f, got, sizeof got), 2);
  f.location_country = "syr"; /* case does not matter */
  assert_int_equal(run_query(st, &f, NULL, 0), 2);
  f.location_country = "IRN"; /* the bare country of a coder without a gazetteer counts too */
  assert_int_equal(run_query(st, &f, NULL, 0), 1);
  f.location_country = NULL;
  f.location_admin1 = "aleppo";
  assert_int_equal(run_query(st, &f, got, sizeof got), 1);
  assert_string_equal(got, "SYRMIL>REB:190@2024-03-01");
  f.location_admin1 = "Nineveh";
  f.location_country = "SYR"; /* conditions combine */
  assert_int_equal(run_query(st, &f, NULL, 0), 0);
  /* near: the exact great-circle distance decides, not the band the index seeks */
  parley_store_filter n = PARLEY_STORE_FILTER_INIT;
  double d = parley_geo_distance_km(36.20124, 37.16117, 33.5102, 36.29128); /* Aleppo-Damascus, ~310 km */
  assert_true(d > 290 && d < 320);
  n.near_lat = 36.20124;
  n.near_lon = 37.16117;
  n.near_km = d - 0.01;
  assert_int_equal(run_query(st, &n, NULL, 0), 1);
  n.near_km = d + 0.01;
  assert_int_equal(run_query(st, &n, NULL, 0), 2);
  n.near_km = parley_geo_distance_km(36.20124, 37.16117, 36.335, 43.11889) + 0.01; /* and Mosul */
  assert_int_equal(run_query(st, &n, NULL, 0), 3);
  n.source = "IRQ"; /* with the other filters */
  assert_int_equal(run_query(st, &n, got, sizeof got), 1);
  assert_string_equal(got, "IRQMIL>IMGMUSISI:190@2024-03-02");
  /* across the antimeridian: Suva (178.4 E) and Taveuni (179.97 W) are ~200 km apart */
  parley_store_filter a = PARLEY_STORE_FILTER_INIT;
  a.near_lat = -18.14161;
  a.near_lon = 178.44149;
  a.near_km = 300;
  assert_int_equal(run_query(st, &a, NULL, 0), 2);
  a.near_km = 20;
  assert_int_equal(run_query(st, &a, NULL, 0), 1);
  /* at a pole the circle takes every longitude */
  a.near_lat = 90;
  a.near_lon = 0;
  a.near_km = 20000;
  assert_int_equal(run_query(st, &a, NULL, 0), 5);
  /* grouped rows honour the place filters too */
  f = (parley_store_filter)PARLEY_STORE_FILTER_INIT;
  f.location_country = "FJI";
  f.grouping = PARLEY_STORE_DAILY;
  assert_int_equal(run_query(st, &f, NULL, 0), 2);
  /* bad values are refused, not read as no condition */
  parley_store_cursor *c = NULL;
  const char *bad_cc[] = {"SY", "SYRIA", "S1R"};
  for (size_t i = 0; i < sizeof bad_cc / sizeof bad_cc[0]; i++) {
    f = (parley_store_filter)PARLEY_STORE_FILTER_INIT;
    f.location_country = bad_cc[i];
    assert_int_equal(parley_store_query(&c, st, &f), PARLEY_EINVAL);
  }
  const double bad_near[][3] = {{91, 0, 10}, {0, 181, 10}, {0, 0, 30000}, {0, 0, NAN}, {NAN, 0, 10}};
  for (size_t i = 0; i < sizeof bad_near / sizeof bad_near[0]; i++) {
    f = (parley_store_filter)PARLEY_STORE_FILTER_INIT;
    f.near_lat = bad_near[i][0];
    f.near_lon = bad_near[i][1];
    f.near_km = bad_near[i][2];
    assert_int_equal(parley_store_query(&c, st, &f), PARLEY_EINVAL);
  }
  parley_store_close(st);
}

/* The buckets of a series by place, as "country/admin1/period=events" (space-separated). */
static size_t place_series(parley_store *st, const parley_store_filter *f, parley_store_place_key by, char *out,
                           size_t cap, uint64_t *total) {
  parley_store_cursor *c = NULL;
  const parley_store_bucket *b;
  assert_int_equal(parley_store_series_by_place(&c, st, f, PARLEY_STORE_YEAR, by), PARLEY_OK);
  size_t n = 0, pos = 0;
  *total = 0;
  out[0] = '\0';
  int rc;
  while ((rc = parley_store_cursor_next_bucket(c, &b)) == PARLEY_OK) {
    n++;
    *total += b->events;
    assert_int_equal(b->events, b->quad_events[1] + b->quad_events[2] + b->quad_events[3] + b->quad_events[4]);
    pos += (size_t)snprintf(out + pos, cap - pos, "%s%s/%s/%s=%llu", pos ? " " : "", b->country, b->admin1,
                            b->period, (unsigned long long)b->events);
  }
  assert_int_equal(rc, PARLEY_EDONE);
  parley_store_cursor_free(c);
  return n;
}

static void series_by_place_splits_and_adds_up(void **state) {
  (void)state;
  parley_store *st = open_store("placeseries.db", 0, 0);
  fill_places(st);
  fill_corpus(st); /* 2016-2017, placed nowhere */
  char got[1024];
  uint64_t total, all;
  parley_store_filter f = PARLEY_STORE_FILTER_INIT;
  assert_int_equal(place_series(st, &f, PARLEY_STORE_PLACE_NONE, got, sizeof got, &all), 3);
  assert_string_equal(got, "//2016=6 //2017=2 //2024=7");
  assert_int_equal(place_series(st, &f, PARLEY_STORE_PLACE_COUNTRY, got, sizeof got, &total), 7);
  assert_string_equal(got, "//2016=6 //2017=2 //2024=1 FJI//2024=2 IRN//2024=1 IRQ//2024=1 SYR//2024=2");
  assert_int_equal(total, all);
  assert_int_equal(place_series(st, &f, PARLEY_STORE_PLACE_ADMIN1, got, sizeof got, &total), 9);
  assert_string_equal(got, "//2016=6 //2017=2 //2024=1 FJI/Central/2024=1 FJI/Northern/2024=1 IRN//2024=1 "
                           "IRQ/Nineveh/2024=1 SYR/Aleppo/2024=1 SYR/Dimashq/2024=1");
  assert_int_equal(total, all);
  /* with the filters; one-a-day: the two Syrian mentions of 2024-03-01 are one event per place */
  f.location_country = "SYR";
  f.grouping = PARLEY_STORE_DAILY;
  assert_int_equal(place_series(st, &f, PARLEY_STORE_PLACE_NONE, got, sizeof got, &total), 1);
  assert_string_equal(got, "//2024=1");
  assert_int_equal(place_series(st, &f, PARLEY_STORE_PLACE_ADMIN1, got, sizeof got, &total), 2);
  assert_string_equal(got, "SYR/Aleppo/2024=1 SYR/Dimashq/2024=1");
  parley_store_cursor *c = NULL;
  assert_int_equal(parley_store_series_by_place(&c, st, &f, PARLEY_STORE_YEAR, (parley_store_place_key)7),
                   PARLEY_EINVAL);
  parley_store_close(st);
}

/* A schema-2 store (before places had coordinates) reads with no coordinates, refuses the filters that need them,
 * and a writer migrates it. */
static void schema_2_store_reads_and_migrates(void **state) {
  (void)state;
  char err[256] = "";
  assert_int_equal(pl_store_create_at_version(db_path("v2.db"), 2, err, sizeof err), PARLEY_OK);
  db_exec("v2.db", "INSERT INTO articles(id, doc_id, hash, text) VALUES(1, 'old', 'h', 'Text.');"
          "INSERT INTO stories(id, actor_a, actor_b, root, first_date, last_date)"
          " VALUES(1, 'SYR', 'REB', '19', '2015-01-01', '2015-01-01');"
          "INSERT INTO events(article, sentence, date, source_code, source_country,"
          " target_code, target_country, cameo, root, quad_class, goldstein, location_name,"
          " location_country, story) VALUES"
          " (1, 0, '2015-01-01', 'SYRMIL', 'SYR', 'REB', '', '190', '19', 4, -10.0,"
          " 'Aleppo', 'SYR', 1);");
  parley_store *st = open_store("v2.db", PARLEY_STORE_READONLY, 0);
  assert_int_equal(parley_store_schema_version(st), 2);
  parley_store_cursor *c = NULL;
  const parley_store_row *r;
  parley_store_filter f = PARLEY_STORE_FILTER_INIT;
  f.location_country = "SYR";
  assert_int_equal(parley_store_query(&c, st, &f), PARLEY_OK);
  assert_int_equal(parley_store_cursor_next(c, &r), PARLEY_OK);
  assert_string_equal(r->event.location_name, "Aleppo");
  assert_null(r->event.location_from);
  assert_null(r->event.location_admin1);
  parley_store_cursor_free(c);
  f.location_admin1 = "Aleppo";
  assert_int_equal(parley_store_query(&c, st, &f), PARLEY_EINVAL);
  assert_non_null(strstr(parley_store_errmsg(st), "migrate"));
  f.location_admin1 = NULL;
  f.near_km = 10;
  assert_int_equal(parley_store_query(&c, st, &f), PARLEY_EINVAL);
  parley_store_close(st);
  st = open_store("v2.db", 0, 0);
  assert_int_equal(parley_store_schema_version(st), PARLEY_STORE_SCHEMA_VERSION);
  parley_store_close(st);
  st = open_store("v2.db", PARLEY_STORE_READONLY, 0);
  f.near_lat = 36.2;
  f.near_lon = 37.2;
  assert_int_equal(run_query(st, &f, NULL, 0), 0); /* migrated, still without coordinates until recoded */
  f.near_km = 0;
  assert_int_equal(run_query(st, &f, NULL, 0), 1);
  parley_store_close(st);
}

static void newer_schema_is_refused(void **state) {
  (void)state;
  parley_store *st = open_store("newer.db", 0, 0);
  parley_store_close(st);
  db_set_version("newer.db", "99");
  parley_store_options o = PARLEY_STORE_OPTIONS_INIT;
  assert_int_equal(parley_store_open(&st, db_path("newer.db"), &o), PARLEY_ESCHEMA);
  assert_non_null(strstr(parley_store_errmsg(st), "version 99, newer than this parley"));
  parley_store_close(st);
  o.flags = PARLEY_STORE_READONLY;
  assert_int_equal(parley_store_open(&st, db_path("newer.db"), &o), PARLEY_ESCHEMA);
  parley_store_close(st);
}

static void expect_open_fails(const char *name, unsigned flags, int expected, const char *words);

/* user_version indexes the migration steps: a hostile one must be refused, not used (it read migrations[-n]) */
static void hostile_schema_version_is_refused(void **state) {
  (void)state;
  static const char *const versions[] = {"-1", "-1000000", "-2147483648"};
  for (size_t i = 0; i < sizeof versions / sizeof *versions; i++) {
    parley_store *st = open_store("hostile.db", 0, 0);
    parley_store_close(st);
    db_set_version("hostile.db", versions[i]);
    expect_open_fails("hostile.db", 0, PARLEY_ESCHEMA, "invalid store schema version");
    expect_open_fails("hostile.db", PARLEY_STORE_READONLY, PARLEY_ESCHEMA, "invalid store schema version");
    db_drop("hostile.db");
  }
}

/* Writers opening one new file at once: each must find the schema made by whichever came first. A helper holds
 * the file's write lock while they read its (empty) header, so all of them decide to create the schema. Every
 * connection lives in its own child: SQLite's lock bookkeeping must not cross a fork. */
static void concurrent_first_opens_share_one_schema(void **state) {
  (void)state;
  enum { WRITERS = 4 };
  int locked[2], release[2], ready[2];
  assert_int_equal(pipe(locked), 0);
  assert_int_equal(pipe(release), 0);
  assert_int_equal(pipe(ready), 0);
  char ch;
  char race[512]; /* created (empty) before the children fork */
  snprintf(race, sizeof race, "%s", db_path("race.db"));
  pid_t holder = fork();
  assert_true(holder >= 0);
  if (holder == 0) {
    int ok = 0;
    if (pg_host()) {
#ifdef PARLEY_HAVE_LIBPQ
      /* the store's writer lock on PostgreSQL (store_pg.c) */
      char db[64], url[512];
      pg_name("race.db", db);
      snprintf(url, sizeof url, "postgresql:///%s?host=%s&user=parley", db, pg_host());
      PGconn *c = PQconnectdb(url);
      PGresult *r = PQexec(c, "BEGIN; SELECT pg_advisory_xact_lock(1347570777)");
      ok = PQstatus(c) == CONNECTION_OK && PQresultStatus(r) == PGRES_TUPLES_OK;
      PQclear(r);
      (void)!write(locked[1], ok ? "l" : "x", 1);
      (void)!read(release[0], &ch, 1);
      PQfinish(c);
#endif
    } else {
      sqlite3 *hold;
      ok = sqlite3_open(db_path("race.db"), &hold) == SQLITE_OK &&
           sqlite3_exec(hold, "BEGIN IMMEDIATE", NULL, NULL, NULL) == SQLITE_OK;
      (void)!write(locked[1], ok ? "l" : "x", 1);
      (void)!read(release[0], &ch, 1);
      sqlite3_exec(hold, "ROLLBACK", NULL, NULL, NULL);
      sqlite3_close(hold);
    }
    _exit(ok ? 0 : 1);
  }
  assert_int_equal(read(locked[0], &ch, 1), 1);
  assert_int_equal(ch, 'l');
  pid_t pids[WRITERS];
  for (int i = 0; i < WRITERS; i++) {
    pids[i] = fork();
    assert_true(pids[i] >= 0);
    if (pids[i] == 0) {
      (void)!write(ready[1], "r", 1);
      parley_store_options o = PARLEY_STORE_OPTIONS_INIT;
      parley_store *st = NULL;
      int rc = parley_store_open(&st, race, &o);
      if (rc) fprintf(stderr, "writer %d: %s\n", i, parley_store_errmsg(st));
      parley_store_close(st);
      _exit(rc == PARLEY_OK ? 0 : 1);
    }
  }
  for (int i = 0; i < WRITERS; i++) assert_int_equal(read(ready[0], &ch, 1), 1);
  /* lets them read the header; a late reader sees the finished schema and passes either way */
  nanosleep(&(struct timespec){0, 300 * 1000 * 1000}, NULL);
  assert_int_equal(write(release[1], "g", 1), 1);
  int ws;
  assert_int_equal(waitpid(holder, &ws, 0), holder);
  for (int i = 0; i < WRITERS; i++) {
    assert_int_equal(waitpid(pids[i], &ws, 0), pids[i]);
    assert_true(WIFEXITED(ws));
    assert_int_equal(WEXITSTATUS(ws), 0);
  }
  int fds[] = {locked[0], locked[1], release[0], release[1], ready[0], ready[1]};
  for (size_t i = 0; i < sizeof fds / sizeof *fds; i++) close(fds[i]);
  parley_store *st = open_store("race.db", PARLEY_STORE_READONLY, 0);
  assert_int_equal(parley_store_schema_version(st), PARLEY_STORE_SCHEMA_VERSION);
  parley_store_close(st);
}

static void old_schema_is_migrated(void **state) {
  (void)state;
  char err[256] = "";
  int rc = pl_store_create_at_version(db_path("v1.db"), 1, err, sizeof err);
  if (rc) print_message("%s\n", err);
  assert_int_equal(rc, PARLEY_OK);
  /* what a schema-1 parley stored: one article, two mentions of one event on one day, one on the next */
  db_exec("v1.db", "INSERT INTO articles(id, doc_id, hash, text) VALUES(1, 'old', 'h', 'Text.');"
                   "INSERT INTO events(article, sentence, date, source_code, source_country,"
                   " target_code, target_country, cameo, root, quad_class, goldstein) VALUES"
                   " (1, 0, '2010-01-01', 'IRN', 'IRN', 'RUS', 'RUS', '041', '04', 1, 1.0),"
                   " (1, 0, '2010-01-01', 'IRN', 'IRN', 'RUS', 'RUS', '041', '04', 1, 1.0),"
                   " (1, 0, '2010-01-02', 'IRN', 'IRN', 'RUS', 'RUS', '041', '04', 1, 1.0);");
  /* readers are told to migrate; a writer migrates */
  parley_store_options o = PARLEY_STORE_OPTIONS_INIT;
  o.flags = PARLEY_STORE_READONLY;
  parley_store *st = NULL;
  assert_int_equal(parley_store_open(&st, db_path("v1.db"), &o), PARLEY_ESCHEMA);
  assert_non_null(strstr(parley_store_errmsg(st), "migrate"));
  parley_store_close(st);
  st = open_store("v1.db", 0, 0);
  assert_int_equal(parley_store_schema_version(st), PARLEY_STORE_SCHEMA_VERSION);
  parley_store_filter f = PARLEY_STORE_FILTER_INIT;
  f.grouping = PARLEY_STORE_STORIES;
  assert_int_equal(run_query(st, &f, NULL, 0), 2);
  assert_int_equal(stats(st).events, 3);
  parley_store_close(st);
  st = open_store("v1.db", PARLEY_STORE_READONLY, 0);
  assert_int_equal(parley_store_schema_version(st), PARLEY_STORE_SCHEMA_VERSION);
  parley_store_close(st);
}

static void write_file(const char *path, const void *data, size_t n) {
  FILE *fp = fopen(path, "wb");
  assert_non_null(fp);
  assert_int_equal(fwrite(data, 1, n, fp), n);
  fclose(fp);
}

static void expect_open_fails(const char *name, unsigned flags, int expected, const char *words) {
  parley_store_options o = PARLEY_STORE_OPTIONS_INIT;
  o.flags = flags;
  parley_store *st = NULL;
  int rc = parley_store_open(&st, db_path(name), &o);
  if (rc != expected) print_message("%s: %d %s\n", name, rc, parley_store_errmsg(st));
  assert_int_equal(rc, expected);
  assert_non_null(strstr(parley_store_errmsg(st), words));
  parley_store_close(st);
}

static void bad_database_files_give_errors(void **state) {
  (void)state;
  if (pg_host()) {
    print_message("skipped: damaged and foreign database files are an SQLite matter\n");
    skip();
  }
  /* random bytes, text, a foreign SQLite database, a missing file */
  unsigned char junk[8192];
  unsigned x = 12345;
  for (size_t i = 0; i < sizeof junk; i++) junk[i] = (unsigned char)((x = x * 1103515245u + 12345u) >> 16);
  write_file(db_path("junk.db"), junk, sizeof junk);
  expect_open_fails("junk.db", 0, PARLEY_ESCHEMA, "not a parley database or is corrupt");
  expect_open_fails("junk.db", PARLEY_STORE_READONLY, PARLEY_ESCHEMA, "not a parley database");
  const char text[] = "id,date\n1,2020-01-01\n";
  write_file(db_path("text.db"), text, sizeof text - 1);
  expect_open_fails("text.db", 0, PARLEY_ESCHEMA, "corrupt");
  sqlite3 *db;
  assert_int_equal(sqlite3_open(db_path("foreign.db"), &db), SQLITE_OK);
  assert_int_equal(sqlite3_exec(db, "CREATE TABLE articles(x)", NULL, NULL, NULL), SQLITE_OK);
  sqlite3_close(db);
  expect_open_fails("foreign.db", 0, PARLEY_ESCHEMA, "not a parley database");
  expect_open_fails("missing.db", PARLEY_STORE_READONLY, PARLEY_ENOTFOUND, "does it exist");

  /* a parley database with its middle pages overwritten: opening or reading fails cleanly */
  parley_store *st = open_store("damaged.db", 0, 0);
  fill_corpus(st);
  test_article t;
  char id[32], body[600];
  for (int i = 0; i < 300; i++) {
    snprintf(id, sizeof id, "bulk%d", i);
    snprintf(body, sizeof body, "Bulk article %d about Iran and Russia holding talks in Moscow on trade. "
                                "A second sentence adds words so that the database spans many pages %d.", i, i);
    make_article(&t, id, "2019-05-05", "Y", body);
    parley_event ev[] = {make_event("IRN", "RUS", "043", "2019-05-05", 0, 1, 2.8)};
    put(st, &t, ev, 1);
  }
  parley_store_close(st);
  /* fold the WAL into the main file first, then damage it */
  assert_int_equal(sqlite3_open(db_path("damaged.db"), &db), SQLITE_OK);
  assert_int_equal(sqlite3_exec(db, "PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode=DELETE", NULL, NULL, NULL),
                   SQLITE_OK);
  sqlite3_close(db);
  size_t len = 0;
  char *img = tu_read_file(db_path("damaged.db"), &len);
  assert_non_null(img);
  assert_true(len > 16 * 4096);
  /* garbage over the header of every page after the schema: b-tree and overflow pages alike */
  for (size_t i = 4096 * 2; i < len; i += 4096) memcpy(img + i, junk, 64);
  write_file(db_path("damaged.db"), img, len);
  free(img);
  parley_store_options o = PARLEY_STORE_OPTIONS_INIT;
  o.flags = PARLEY_STORE_READONLY;
  int rc = parley_store_open(&st, db_path("damaged.db"), &o);
  int opened = rc == PARLEY_OK, failed = !opened;
  if (!failed) {
    parley_store_filter f = PARLEY_STORE_FILTER_INIT;
    f.text = "Moscow";
    parley_store_cursor *c = NULL;
    rc = parley_store_query(&c, st, &f);
    const parley_store_row *r;
    while (rc == PARLEY_OK) rc = parley_store_cursor_next(c, &r);
    failed = rc != PARLEY_EDONE;
    parley_store_cursor_free(c);
  }
  assert_true(failed);
  const char *msg = parley_store_errmsg(st);
  assert_true(strstr(msg, "malformed") || strstr(msg, "corrupt") || strstr(msg, "damaged"));
  if (opened) {
    /* the integrity check sees the damage too */
    int ok = 1;
    rc = parley_store_check(&ok, st);
    assert_true(rc != PARLEY_OK || !ok);
  }
  parley_store_close(st);
}

/* The child writes batches of 10 articles forever, telling the parent through a pipe after each commit. */
static void crash_writer(int fd, int total) {
  parley_store *st = NULL;
  parley_store_options o = PARLEY_STORE_OPTIONS_INIT;
  o.batch_size = 10;
  if (parley_store_open(&st, db_path("crash.db"), &o)) _exit(2);
  char id[32], body[256];
  for (int i = 0; i < total; i++) {
    test_article t;
    snprintf(id, sizeof id, "crash%05d", i);
    snprintf(body, sizeof body, "Article %d reports that Iran and Russia met. They signed deal %d.", i, i);
    make_article(&t, id, "2018-03-03", i % 2 ? "A" : "B", body);
    parley_event ev[] = {make_event("IRN", "RUS", "040", "2018-03-03", 0, 1, 1.0),
                         make_event("IRN", "RUS", "057", "2018-03-03", 1, 2, 8.0)};
    parley_store_article_state s;
    if (parley_store_begin_article(&s, st, &t.a, t.s, t.n, 0)) _exit(3);
    if (s != PARLEY_STORE_UNCHANGED) {
      for (int k = 0; k < 2; k++)
        if (parley_store_add_event(st, &ev[k])) _exit(4);
      if (parley_store_end_article(st)) _exit(5);
    }
    if ((i + 1) % 10 == 0 && fd >= 0 && write(fd, "c", 1) != 1) _exit(6);
  }
  parley_store_close(st);
  _exit(0);
}

static void killed_writer_leaves_committed_batches_only(void **state) {
  (void)state;
  const int total = 4000;
  int p[2];
  assert_int_equal(pipe(p), 0);
  pid_t pid = fork();
  assert_true(pid >= 0);
  if (pid == 0) {
    close(p[0]);
    crash_writer(p[1], total);
  }
  close(p[1]);
  char ch;
  int commits = 0;
  while (commits < 37 && read(p[0], &ch, 1) == 1) commits++;
  kill(pid, SIGKILL);
  int wstatus;
  waitpid(pid, &wstatus, 0);
  close(p[0]);
  assert_true(WIFSIGNALED(wstatus));
  assert_int_equal(commits, 37);
  /* the database opens, passes its integrity check, holds whole batches and every article's events */
  if (!pg_host()) {
    sqlite3 *db;
    assert_int_equal(sqlite3_open(db_path("crash.db"), &db), SQLITE_OK);
    sqlite3_stmt *s;
    assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &s, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(s, 0), "ok");
    sqlite3_finalize(s);
    assert_int_equal(sqlite3_exec(db, "INSERT INTO sentences_fts(sentences_fts) VALUES('integrity-check')", NULL,
                                  NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(db);
  }
  static const char counts[] = "SELECT count(*), sum(n_events), (SELECT count(*) FROM events),"
                               " (SELECT count(*) FROM sentences) FROM articles";
  long long articles = db_int("crash.db", counts, 0);
  assert_true(articles >= 370 && articles < total);
  assert_int_equal(articles % 10, 0);
  assert_int_equal(db_int("crash.db", counts, 1), 2 * articles);
  assert_int_equal(db_int("crash.db", counts, 2), 2 * articles);
  assert_int_equal(db_int("crash.db", counts, 3), 2 * articles);
  parley_store *chk = open_store("crash.db", 0, 0);
  int ok = 0;
  assert_int_equal(parley_store_check(&ok, chk), PARLEY_OK);
  assert_true(ok);
  parley_store_close(chk);
  /* the re-run completes with no duplicates: the same totals as a clean run */
  pid = fork();
  if (pid == 0) crash_writer(-1, total);
  waitpid(pid, &wstatus, 0);
  assert_true(WIFEXITED(wstatus) && WEXITSTATUS(wstatus) == 0);
  parley_store *st = open_store("crash.db", PARLEY_STORE_READONLY, 0);
  parley_store_stats after = stats(st);
  assert_int_equal(after.articles, total);
  assert_int_equal(after.events, 2 * total);
  assert_int_equal(after.sentences, 2 * total);
  assert_int_equal(after.stories, 2);
  parley_store_filter f = PARLEY_STORE_FILTER_INIT;
  f.grouping = PARLEY_STORE_DAILY;
  parley_store_cursor *c = NULL;
  const parley_store_row *r;
  assert_int_equal(parley_store_query(&c, st, &f), PARLEY_OK);
  assert_int_equal(parley_store_cursor_next(c, &r), PARLEY_OK);
  assert_int_equal(r->mentions, total);
  assert_int_equal(r->articles, total);
  assert_int_equal(r->outlets, 2);
  parley_store_cursor_free(c);
  parley_store_close(st);
}

static void stored_articles_can_be_recoded(void **state) {
  (void)state;
  parley_store *st = open_store("recode.db", 0, 2);
  fill_corpus(st);
  /* walk the stored articles, replacing each one's events while iterating (what `parley recode` does) */
  parley_store_cursor *c = NULL;
  assert_int_equal(parley_store_articles(&c, st), PARLEY_OK);
  const parley_article *a;
  int n = 0, rc;
  while ((rc = parley_store_cursor_next_article(c, &a)) == PARLEY_OK) {
    n++;
    assert_non_null(strstr(a->text, "."));
    assert_int_equal(strlen(a->text), a->text_len);
    parley_sentence one = {0, a->text_len, 0, 0, 0};
    parley_store_article_state as;
    assert_int_equal(parley_store_begin_article(&as, st, a, &one, 1, PARLEY_STORE_REPLACE), PARLEY_OK);
    assert_int_equal(as, PARLEY_STORE_CHANGED);
    parley_event ev = make_event("XXX", "YYY", "010", a->date, 0, 1, 0.0);
    assert_int_equal(parley_store_add_event(st, &ev), PARLEY_OK);
    assert_int_equal(parley_store_end_article(st), PARLEY_OK);
  }
  assert_int_equal(rc, PARLEY_EDONE);
  assert_int_equal(n, 4);
  parley_store_cursor_free(c);
  parley_store_stats s = stats(st);
  assert_int_equal(s.articles, 4);
  assert_int_equal(s.events, 4);
  assert_int_equal(s.sentences, 4);
  parley_store_filter f = PARLEY_STORE_FILTER_INIT;
  f.source = "XXX";
  assert_int_equal(run_query(st, &f, NULL, 0), 4);
  parley_store_close(st);
}

static void content_hash_sees_every_field(void **state) {
  (void)state;
  test_article t;
  make_article(&t, "h", "2020-01-01", "IRNA", "Zarif met Lavrov in Moscow on Friday.");
  char base[33], h[33];
  pl_store_article_hash(&t.a, base);
  assert_int_equal(strlen(base), 32);
  pl_store_article_hash(&t.a, h);
  assert_string_equal(h, base);
  t.a.id = "other id"; /* the id is the key, not content */
  pl_store_article_hash(&t.a, h);
  assert_string_equal(h, base);
  const char *texts[] = {"Zarif met Lavrov in Moscow on Friday!", "zarif met Lavrov in Moscow on Friday.",
                         "Zarif met Lavrov in Moscow on Friday", "Zarif met Lavrov in Moscow on Friday.\n"};
  for (size_t i = 0; i < 4; i++) {
    t.a.text = texts[i];
    t.a.text_len = strlen(texts[i]);
    pl_store_article_hash(&t.a, h);
    assert_string_not_equal(h, base);
  }
  make_article(&t, "h", "2020-01-01", "IRNA", "Zarif met Lavrov in Moscow on Friday.");
  t.a.title = NULL;
  pl_store_article_hash(&t.a, h);
  assert_string_not_equal(h, base);
  t.a.title = "";
  char empty[33];
  pl_store_article_hash(&t.a, empty);
  assert_string_not_equal(empty, h); /* no title differs from an empty one */
  t.a.title = "A title";
  t.a.date = "2020-01-02";
  pl_store_article_hash(&t.a, h);
  assert_string_not_equal(h, base);
  t.a.date = "2020-01-01";
  t.a.source = "Tasnim";
  pl_store_article_hash(&t.a, h);
  assert_string_not_equal(h, base);
  /* moving words between fields changes it */
  t.a.source = "IRNA";
  t.a.title = "A title Zarif";
  t.a.text = " met Lavrov in Moscow on Friday.";
  t.a.text_len = strlen(t.a.text);
  pl_store_article_hash(&t.a, h);
  assert_string_not_equal(h, base);
}

static void count_diag(const parley_diag *d, void *payload) {
  int *n = payload;
  assert_int_equal(d->level, PARLEY_DIAG_WARNING);
  assert_non_null(strstr(d->msg, "article odd:"));
  (*n)++;
}

static void odd_events_are_stored_with_a_warning(void **state) {
  (void)state;
  int warnings = 0;
  parley_store_options o = PARLEY_STORE_OPTIONS_INIT;
  o.diag = count_diag;
  o.diag_payload = &warnings;
  parley_store *st = NULL;
  assert_int_equal(parley_store_open(&st, db_path("odd.db"), &o), PARLEY_OK);
  test_article t;
  make_article(&t, "odd", "2020-01-01", "X", "One sentence only.");
  parley_event ev[] = {make_event("IRN", "RUS", "040", "2020-01-01", 0, 1, 1.0),
                       make_event("IRN", "RUS", "040", "2020-01-01", 5, 1, 1.0),
                       make_event("IRN", "RUS", "040", "Jan 2020", 0, 1, 1.0)};
  put(st, &t, ev, 3);
  assert_int_equal(warnings, 2);
  assert_int_equal(stats(st).events, 3);
  parley_store_filter f = PARLEY_STORE_FILTER_INIT;
  f.from = "2020";
  f.to = "2020";
  assert_int_equal(run_query(st, &f, NULL, 0), 2);
  parley_store_close(st);
}

/* Row ids of a query, in order, into ids (at most cap); returns how many. */
static size_t query_ids(parley_store *st, const parley_store_filter *f, int64_t *ids, size_t cap, char *last_date) {
  parley_store_cursor *c = NULL;
  assert_int_equal(parley_store_query(&c, st, f), PARLEY_OK);
  const parley_store_row *r;
  size_t n = 0;
  while (parley_store_cursor_next(c, &r) == PARLEY_OK) {
    assert_true(n < cap);
    ids[n++] = r->event_id;
    if (last_date) snprintf(last_date, 11, "%s", r->event.date);
  }
  parley_store_cursor_free(c);
  return n;
}

static void paging_event_actors_and_article_reads(void **state) {
  (void)state;
  parley_store *st = open_store("reads.db", 0, 0);
  fill_corpus(st);
  parley_store_grouping groupings[] = {PARLEY_STORE_MENTIONS, PARLEY_STORE_DAILY, PARLEY_STORE_STORIES};
  for (size_t g = 0; g < 3; g++) {
    /* pages of 3 continue after the last row's date and id, and visit every row once in order */
    parley_store_filter f = PARLEY_STORE_FILTER_INIT;
    f.grouping = groupings[g];
    int64_t all[16], paged[16];
    size_t n = query_ids(st, &f, all, 16, NULL), got = 0;
    assert_true(n >= 3);
    char date[11] = "";
    f.limit = 3;
    for (int pages = 0; pages < 10; pages++) {
      size_t k = query_ids(st, &f, paged + got, 16 - got, date);
      if (!k) break;
      got += k;
      f.after_date = date;
      f.after_id = paged[got - 1];
    }
    assert_int_equal(got, n);
    assert_memory_equal(all, paged, n * sizeof *all);
  }
  /* one event by id; a version-1 filter (which has no paging fields) ignores them */
  parley_store_filter f = PARLEY_STORE_FILTER_INIT;
  int64_t ids[16];
  size_t n = query_ids(st, &f, ids, 16, NULL);
  f.event_id = ids[2];
  assert_int_equal(query_ids(st, &f, ids + 8, 1, NULL), 1);
  assert_true(ids[8] == ids[2]);
  parley_store_filter v1 = PARLEY_STORE_FILTER_INIT;
  v1.version = 1;
  v1.after_id = ids[n - 1];
  v1.event_id = ids[0];
  assert_int_equal(run_query(st, &v1, NULL, 0), n);
  /* a version-2 caller's struct ends before version 3's place fields: it is copied to the heap cut at its end (a
     read past it is an ASan error), and what lies beyond must not be read (a country no event has would match
     nothing); its own event_id still selects */
  parley_store_filter full = PARLEY_STORE_FILTER_INIT;
  full.version = 2;
  full.event_id = ids[1];
  full.location_country = "ZZZ";
  size_t v2size = offsetof(parley_store_filter, location_country);
  unsigned char *v2 = malloc(v2size);
  assert_non_null(v2);
  memcpy(v2, &full, v2size);
  assert_int_equal(run_query(st, (const parley_store_filter *)(const void *)v2, NULL, 0), 1);
  free(v2);
  full.version = PARLEY_STORE_FILTER_VERSION;
  assert_int_equal(run_query(st, &full, NULL, 0), 0);

  /* top actors: most frequent first, each side counted */
  parley_store_cursor *c = NULL;
  parley_store_filter fa = PARLEY_STORE_FILTER_INIT;
  assert_int_equal(parley_store_actors(&c, st, &fa), PARLEY_OK);
  const parley_store_actor_count *a;
  uint64_t sides = 0, prev = UINT64_MAX;
  size_t actors = 0;
  while (parley_store_cursor_next_actor(c, &a) == PARLEY_OK) {
    if (!actors) {
      assert_string_equal(a->code, "IRNGOV");
      assert_int_equal(a->events, 5);
      assert_int_equal(a->as_source, 4);
      assert_int_equal(a->as_target, 1);
    }
    assert_true(a->events <= prev);
    assert_int_equal(a->events, a->as_source + a->as_target);
    prev = a->events;
    sides += a->events;
    actors++;
  }
  parley_store_cursor_free(c);
  assert_int_equal(sides, 2 * n);
  assert_int_equal(actors, 6); /* IRNGOV RUSGOV IRN SYR USA IRNMIL */
  fa.limit = 2;
  fa.code = "04";
  assert_int_equal(parley_store_actors(&c, st, &fa), PARLEY_OK);
  actors = 0;
  while (parley_store_cursor_next_actor(c, &a) == PARLEY_OK) actors++;
  assert_int_equal(actors, 2);
  parley_store_cursor_free(c);

  /* an article by id, with its sentence spans */
  assert_int_equal(parley_store_article(&c, st, "a3"), PARLEY_OK);
  const parley_article *art;
  assert_int_equal(parley_store_cursor_next_article(c, &art), PARLEY_OK);
  size_t ns;
  const parley_span *sp = parley_store_cursor_sentences(c, &ns);
  assert_int_equal(ns, 2);
  assert_string_equal(art->date, "2017-02-02");
  assert_memory_equal(art->text + sp[1].start, "Tehran accused", 14);
  assert_int_equal(parley_store_cursor_next_article(c, &art), PARLEY_EDONE);
  parley_store_cursor_free(c);
  assert_int_equal(parley_store_article(&c, st, "no-such"), PARLEY_OK);
  assert_int_equal(parley_store_cursor_next_article(c, &art), PARLEY_EDONE);
  assert_null(parley_store_cursor_sentences(c, &ns));
  parley_store_cursor_free(c);
  parley_store_close(st);
}

/* Shards split the articles by their key, the same way every time; merging the shard stores gives one store with
 * every article once, the events of all, and stories that span the shards; merging again adds nothing. */
static void shards_merge_into_one_store(void **state) {
  (void)state;
  enum { SHARDS = 3, ARTICLES = 30 };
  static const char *const names[SHARDS] = {"shard0.db", "shard1.db", "shard2.db"};
  parley_store *sh[SHARDS];
  for (int k = 0; k < SHARDS; k++) sh[k] = open_store(names[k], 0, 4);
  unsigned per[SHARDS] = {0, 0, 0};
  char ids[ARTICLES][16], texts[ARTICLES][96];
  for (int i = 0; i < ARTICLES; i++) {
    test_article t;
    snprintf(ids[i], sizeof ids[i], "m%02d", i);
    snprintf(texts[i], sizeof texts[i], "Iran and Russia held talks, report %d. Iran criticised Israel.", i);
    /* one event reported by every article on two days: one story once merged (dates within the window) */
    parley_event ev[] = {make_event("IRNGOV", "RUSGOV", "040", i % 2 ? "2019-05-01" : "2019-05-02", 0, 1, 1.0),
                         make_event("IRN", "ISR", "111", "2019-05-01", 1, 3, -2.0)};
    make_article(&t, i == ARTICLES - 1 ? NULL : ids[i], "2019-05-01", i % 3 ? "IRNA" : "Tasnim", texts[i]);
    unsigned k = parley_store_shard(&t.a, SHARDS);
    assert_true(k < SHARDS);
    assert_int_equal(parley_store_shard(&t.a, SHARDS), k); /* stable */
    assert_int_equal(parley_store_shard(&t.a, 1), 0);
    per[k]++;
    assert_int_equal(put(sh[k], &t, ev, 2), PARLEY_STORE_NEW);
  }
  for (int k = 0; k < SHARDS; k++) {
    assert_true(per[k] > 0); /* the hash spreads them */
    parley_store_close(sh[k]);
  }
  parley_store *dst = open_store("merged.db", 0, 7);
  parley_store_merge_stats n;
  for (int round = 0; round < 2; round++) {
    uint64_t merged = 0, unchanged = 0, events = 0;
    for (int k = 0; k < SHARDS; k++) {
      parley_store *src = open_store(names[k], PARLEY_STORE_READONLY, 0);
      int rc = parley_store_merge(dst, src, &n);
      if (rc) print_message("merge: %s / %s\n", parley_store_errmsg(dst), parley_store_errmsg(src));
      assert_int_equal(rc, PARLEY_OK);
      merged += n.articles;
      unchanged += n.unchanged;
      events += n.events;
      parley_store_close(src);
    }
    assert_int_equal(merged, round ? 0 : ARTICLES);
    assert_int_equal(unchanged, round ? ARTICLES : 0);
    assert_int_equal(events, round ? 0 : 2 * ARTICLES);
    assert_int_equal(parley_store_commit(dst), PARLEY_OK);
  }
  parley_store_stats s = stats(dst);
  assert_int_equal(s.articles, ARTICLES);
  assert_int_equal(s.events, 2 * ARTICLES);
  assert_int_equal(s.sentences, 2 * ARTICLES);
  assert_int_equal(s.stories, 2); /* IRN-RUS consultation, IRN>ISR criticism: across all shards */
  parley_store_filter f = PARLEY_STORE_FILTER_INIT;
  f.grouping = PARLEY_STORE_STORIES;
  f.code = "04";
  parley_store_cursor *c = NULL;
  const parley_store_row *r;
  assert_int_equal(parley_store_query(&c, dst, &f), PARLEY_OK);
  assert_int_equal(parley_store_cursor_next(c, &r), PARLEY_OK);
  assert_int_equal(r->mentions, ARTICLES);
  assert_int_equal(r->articles, ARTICLES);
  assert_int_equal(r->outlets, 2);
  assert_string_equal(r->event.date, "2019-05-01");
  assert_int_equal(parley_store_cursor_next(c, &r), PARLEY_EDONE);
  parley_store_cursor_free(c);
  /* the article without an id came through under its content key */
  test_article t;
  make_article(&t, NULL, "2019-05-01", (ARTICLES - 1) % 3 ? "IRNA" : "Tasnim", texts[ARTICLES - 1]);
  parley_store_article_state as;
  assert_int_equal(parley_store_lookup_article(&as, dst, &t.a), PARLEY_OK);
  assert_int_equal(as, PARLEY_STORE_UNCHANGED);
  int ok = 0;
  assert_int_equal(parley_store_check(&ok, dst), PARLEY_OK);
  assert_true(ok);
  assert_int_equal(parley_store_merge(dst, dst, NULL), PARLEY_EINVAL);
  parley_store_close(dst);
}

static void api_misuse_is_reported(void **state) {
  (void)state;
  parley_store *st = NULL;
  assert_int_equal(parley_store_open(&st, "", NULL), PARLEY_EINVAL);
  parley_store_close(st);
  /* a PostgreSQL URL selects that backend: nothing listens on port 1, and the password stays out of messages */
  int rc = parley_store_open(&st, "postgresql://u:secret@127.0.0.1:1/parley?connect_timeout=5", NULL);
  assert_true(rc == PARLEY_EIO || rc == PARLEY_EINVAL);
  assert_null(strstr(parley_store_errmsg(st), "secret"));
  parley_store_close(st);
  st = open_store("misuse.db", 0, 0);
  parley_event ev = make_event("A", "B", "010", "2020-01-01", 0, 1, 0.0);
  assert_int_equal(parley_store_add_event(st, &ev), PARLEY_EINVAL);
  assert_int_equal(parley_store_end_article(st), PARLEY_EINVAL);
  test_article t;
  make_article(&t, "m", NULL, NULL, "Short.");
  t.s[0].end = 99; /* outside the text */
  parley_store_article_state as;
  assert_int_equal(parley_store_begin_article(&as, st, &t.a, t.s, t.n, 0), PARLEY_EINVAL);
  make_article(&t, "m", NULL, NULL, "Short.");
  assert_int_equal(parley_store_begin_article(&as, st, &t.a, t.s, t.n, 0), PARLEY_OK);
  assert_int_equal(parley_store_begin_article(&as, st, &t.a, t.s, t.n, 0), PARLEY_EINVAL);
  ev.quad_class = 9;
  assert_int_equal(parley_store_add_event(st, &ev), PARLEY_EINVAL);
  assert_int_equal(parley_store_commit(st), PARLEY_EINVAL); /* an article is open */
  assert_int_equal(parley_store_close(st), PARLEY_OK);      /* drops the open article */
  st = open_store("misuse.db", 0, 0);
  assert_int_equal(stats(st).articles, 0);
  parley_store_close(st);
  parley_store_close(NULL);
  parley_store_cursor_free(NULL);
  /* closing the store before its cursors ends them; they can still be freed */
  st = open_store("closing.db", 0, 0);
  fill_corpus(st);
  parley_store_close(st);
  st = open_store("closing.db", PARLEY_STORE_READONLY, 0);
  parley_store_cursor *rows = NULL, *series = NULL, *arts = NULL;
  assert_int_equal(parley_store_query(&rows, st, NULL), PARLEY_OK);
  assert_int_equal(parley_store_series(&series, st, NULL, PARLEY_STORE_YEAR), PARLEY_OK);
  assert_int_equal(parley_store_articles(&arts, st), PARLEY_OK);
  const parley_store_row *r;
  assert_int_equal(parley_store_cursor_next(rows, &r), PARLEY_OK);
  parley_store_cursor_free(series); /* freeing one in the middle of the list */
  assert_int_equal(parley_store_close(st), PARLEY_OK);
  assert_int_equal(parley_store_cursor_next(rows, &r), PARLEY_EDONE);
  const parley_article *a;
  assert_int_equal(parley_store_cursor_next_article(arts, &a), PARLEY_EDONE);
  parley_store_cursor_free(rows);
  parley_store_cursor_free(arts);
}

int main(void) {
#ifndef PARLEY_HAVE_LIBPQ
  if (pg_host()) {
    printf("skipped: parley was built without libpq (libpq-dev): no PostgreSQL store\n");
    return 77;
  }
#endif
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(creates_schema_and_reopens),
      cmocka_unit_test(ingest_is_idempotent),
      cmocka_unit_test(changed_article_replaces_old_version),
      cmocka_unit_test(batches_commit_every_n_articles),
      cmocka_unit_test(every_filter_selects_what_it_says),
      cmocka_unit_test(one_a_day_counts_mentions_articles_outlets),
      cmocka_unit_test(stories_group_reports_of_one_event),
      cmocka_unit_test(stories_do_not_chain_forever),
      cmocka_unit_test(series_counts_and_sums_by_period_and_quad),
      cmocka_unit_test(newer_schema_is_refused),
      cmocka_unit_test(hostile_schema_version_is_refused),
      cmocka_unit_test(locations_are_stored_and_read_back),
      cmocka_unit_test(place_filters_select_what_they_say),
      cmocka_unit_test(series_by_place_splits_and_adds_up),
      cmocka_unit_test(schema_2_store_reads_and_migrates),
      cmocka_unit_test(concurrent_first_opens_share_one_schema),
      cmocka_unit_test(old_schema_is_migrated),
      cmocka_unit_test(bad_database_files_give_errors),
      cmocka_unit_test(killed_writer_leaves_committed_batches_only),
      cmocka_unit_test(stored_articles_can_be_recoded),
      cmocka_unit_test(content_hash_sees_every_field),
      cmocka_unit_test(odd_events_are_stored_with_a_warning),
      cmocka_unit_test(shards_merge_into_one_store),
      cmocka_unit_test(api_misuse_is_reported),
      cmocka_unit_test(paging_event_actors_and_article_reads),
  };
  return cmocka_run_group_tests(tests, setup_dir, remove_dir);
}
