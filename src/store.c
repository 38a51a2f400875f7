/* store.c: the event store's logic, whatever the database: schema versions and migrations, batched idempotent
 * writes, story grouping, queries, series. The database itself is a backend (store_db.h: store_sqlite.c for a
 * file, store_pg.c for PostgreSQL) that runs the SQL and supplies its dialect where the SQL differs.
 *
 * Why it looks the way it does:
 * - Every value from outside (article text, filter strings, full-text queries) is bound to a prepared statement;
 *   SQL text is only ever assembled from fixed fragments chosen by which filter fields are set.
 * - Articles are written inside batch transactions: a killed process loses at most the batch in flight, never
 *   part of an article, and a re-run skips what the committed batches hold.
 * - A batch holds the store's writer lock (SQLite's file lock, a PostgreSQL advisory lock): the lookup that
 *   decides whether an article is new and the story grouping see every earlier batch, so several writers produce
 *   what one would. Where writers share a server (PostgreSQL) the batch is kept in memory and written only when
 *   it commits, so that the lock is held while writing, not while the caller cleans and codes the articles.
 * - Dates for story windows are computed here, not in SQL, so that both dialects compare the same strings. */
#include "store.h"
#include "event.h"
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "dates.h"
#include <parley/date.h>
#include "store_db.h"
#include "util/arena.h"
#include "util/strbuf.h"

/* ---- schema ---- */

/* A story takes new mentions for at most this many days (plus the window) after its first one. */
#define PL_STORY_MAX_DAYS 7

/* ---- handle ---- */

enum {
  S_FIND_ARTICLE,
  S_INSERT_ARTICLE,
  S_UPDATE_ARTICLE,
  S_FTS_DELETE,
  S_DELETE_SENTENCES,
  S_GONE_STORIES,
  S_DELETE_EVENTS,
  S_DROP_STORIES,
  S_FIX_STORIES,
  S_CLEAR_GONE,
  S_INSERT_SENTENCE,
  S_FTS_INSERT,
  S_FIND_STORY,
  S_INSERT_STORY,
  S_WIDEN_STORY,
  S_INSERT_EVENT,
  S_SET_NEVENTS,
  S_COUNT
};

/* The statements both dialects share; the NULL ones come from the backend's dialect (or are not needed). */
static const char *const stmt_sql[S_COUNT] = {
    [S_FIND_ARTICLE] = "SELECT id, hash FROM articles WHERE doc_id = ?1",
    [S_INSERT_ARTICLE] = "INSERT INTO articles(doc_id, hash, title, date, outlet, url, language, file, line, text,"
                         " n_sentences) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) RETURNING id",
    [S_UPDATE_ARTICLE] = "UPDATE articles SET hash = ?2, title = ?3, date = ?4, outlet = ?5, url = ?6,"
                         " language = ?7, file = ?8, line = ?9, text = ?10, n_sentences = ?11, n_events = 0,"
                         " stored_at = ?12 WHERE id = ?1",
    [S_DELETE_SENTENCES] = "DELETE FROM sentences WHERE article = ?1",
    [S_DELETE_EVENTS] = "DELETE FROM events WHERE article = ?1",
    [S_DROP_STORIES] = "DELETE FROM stories WHERE id IN (SELECT id FROM pl_gone)"
                       " AND NOT EXISTS (SELECT 1 FROM events e WHERE e.story = stories.id)",
    [S_FIX_STORIES] = "UPDATE stories SET first_date = (SELECT min(date) FROM events e WHERE e.story = stories.id),"
                      " last_date = (SELECT max(date) FROM events e WHERE e.story = stories.id)"
                      " WHERE id IN (SELECT id FROM pl_gone)",
    [S_CLEAR_GONE] = "DELETE FROM pl_gone",
    /* the lower bound on first_date keeps the index range short: a story is joined only within
       PL_STORY_MAX_DAYS of its first mention, however long it has been chained */
    [S_FIND_STORY] = "SELECT id FROM stories WHERE actor_a = ?1 AND actor_b = ?2 AND root = ?3"
                     " AND first_date <= ?4 AND first_date >= ?6 AND last_date >= ?5"
                     " ORDER BY first_date DESC, id DESC LIMIT 1",
    [S_INSERT_STORY] = "INSERT INTO stories(actor_a, actor_b, root, first_date, last_date, article)"
                       " VALUES(?1, ?2, ?3, ?4, ?4, ?5) RETURNING id",
    [S_WIDEN_STORY] = "UPDATE stories SET first_date = CASE WHEN ?2 < first_date THEN ?2 ELSE first_date END,"
                      " last_date = CASE WHEN ?2 > last_date THEN ?2 ELSE last_date END WHERE id = ?1",
    [S_INSERT_EVENT] =
        "INSERT INTO events(article, sentence, date, outlet, source_code, source_country, source_text,"
        " source_start, source_end, target_code, target_country, target_text, target_start, target_end, cameo,"
        " root, quad_class, goldstein, plover_event, plover_mode, location_name, location_country, verb, pattern,"
        " spans, text, story, location_geonameid, location_lat, location_lon, location_feature, location_admin1,"
        " location_from) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,"
        " ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31, ?32, ?33)",
    [S_SET_NEVENTS] = "UPDATE articles SET n_events = ?2 WHERE id = ?1",
};

/* The SQL of statement `which` on this backend; NULL when the backend needs no such step. */
static const char *stmt_text(const pl_db_ops *ops, int which) {
  switch (which) {
  case S_FTS_DELETE: return ops->sql->fts_delete;
  case S_FTS_INSERT: return ops->sql->fts_insert;
  case S_INSERT_SENTENCE: return ops->sql->insert_sentence;
  case S_GONE_STORIES: return ops->sql->gone_stories;
  default: return stmt_sql[which];
  }
}

/* An article held in memory until its batch is written (backends that defer writes). */
typedef struct queued_article {
  pl_arena arena; /* its strings, text and sentences */
  parley_article a;
  parley_sentence *sentences;
  size_t n_sentences;
  parley_event *events; /* malloc'd; strings in the arena */
  size_t n_events, cap_events;
  unsigned flags;
  char hash[33];
} queued_article;

struct parley_store {
  pl_db *db;
  const pl_db_ops *ops;
  int defer;              /* write a batch only when it commits (see the file comment) */
  queued_article *queue;  /* the deferred batch */
  size_t n_queue, cap_queue;
  unsigned flags;
  unsigned batch_size;
  int window;
  int schema;
  parley_diag_fn diag;
  void *diag_payload;
  pl_stmt *stmt[S_COUNT];
  int in_batch;           /* BEGIN issued, not yet committed */
  unsigned batch_articles;
  int in_article;         /* an article begun, held in memory until it ends */
  int64_t article;        /* rowid of the article being written */
  /* the article begun: written only by parley_store_end_article, so that an abort costs nothing and no
     per-article SAVEPOINT is needed (a savepoint makes FTS5 flush a segment per article) */
  pl_arena pending;
  parley_article p_article;
  parley_sentence *p_sentences;
  size_t p_n_sentences;
  parley_event *p_events;
  size_t p_n_events, p_cap_events;
  int64_t p_found;        /* rowid of the stored version it replaces, or 0 */
  unsigned p_flags;       /* parley_store_begin_article's flags */
  /* the undated stories of the article being written: they never leave it, so they are looked up here and
     not in the stories table (where, all under first_date '', they would pile up under each key) */
  struct undated_story {
    char a[48], b[48], root[8];
    int64_t id;
  } *undated;
  size_t n_undated, cap_undated;
  char p_hash[33];
  const char *p_doc_id;
  const char *article_outlet; /* its outlet, to store an event's outlet only when it differs */
  char *sentence_text;    /* which sentences the article has, to store event text only when it differs */
  size_t *sentence_off;   /* n+1 offsets into sentence_text */
  size_t n_sentences;
  int64_t article_events;
  parley_store_cursor *cursors; /* open cursors, so that closing the store first cannot leave them dangling */
  char errmsg[512];
};

struct parley_store_cursor {
  parley_store *st;       /* NULL once the store was closed under it */
  parley_store_cursor *next, *prev;
  pl_stmt *q;
  enum { C_ROWS, C_SERIES, C_ARTICLES, C_ARTICLE, C_ACTORS, C_TOP } kind;
  parley_store_row row;
  parley_store_bucket bucket;
  int have_pending; /* series: a fetched row that belongs to the next bucket */
  int done;
  int has_text; /* the filter has a full-text query */
  parley_article article;
  int64_t last_article;
  parley_span *sentences; /* C_ARTICLE: the article's sentence spans (in the arena) */
  size_t n_sentences;
  parley_store_actor_count actor;
  parley_store_top_row top;
  pl_arena arena;
};

static void set_err(parley_store *st, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
static void set_err(parley_store *st, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(st->errmsg, sizeof st->errmsg, fmt, ap);
  va_end(ap);
}

/* Records a backend failure's message, prefixed with what was being done; returns its status. */
static int db_fail(parley_store *st, int status, const char *what) {
  set_err(st, "%s: %s", what, st->db ? st->ops->errmsg(st->db) : "no connection");
  return status;
}

static int exec(parley_store *st, const char *sql, const char *what) {
  int status = st->ops->exec(st->db, sql);
  return status ? db_fail(st, status, what) : PARLEY_OK;
}

/* Rolls back after a failure, keeping the failure's message. */
static void rollback(parley_store *st) {
  if (st->db) st->ops->exec(st->db, "ROLLBACK");
}

/* Runs a prepared write statement to completion (or queues it, where the backend can) and resets it. */
static int run(parley_store *st, int which) {
  pl_stmt *s = st->stmt[which];
  int rc = st->ops->send ? st->ops->send(s) : st->ops->step(s);
  int status = PARLEY_OK;
  if (rc != PL_DB_DONE && rc != PL_DB_ROW && rc != PARLEY_OK) status = db_fail(st, rc, "writing to the store");
  st->ops->reset(s);
  return status;
}

/* Runs a write statement whose RETURNING clause gives one id. */
static int run_returning(parley_store *st, int which, int64_t *id) {
  pl_stmt *s = st->stmt[which];
  int rc = st->ops->step(s);
  int status = PARLEY_OK;
  *id = 0;
  if (rc == PL_DB_ROW) *id = st->ops->column_int64(s, 0);
  else status = db_fail(st, rc == PL_DB_DONE ? PARLEY_ERROR : rc, "writing to the store");
  st->ops->reset(s);
  return status;
}

static int get_stmt(parley_store *st, int which, pl_stmt **out) {
  *out = NULL;
  if (!st->stmt[which]) {
    int status = st->ops->prepare(st->db, stmt_text(st->ops, which), 1, &st->stmt[which]);
    if (status) return db_fail(st, status, "preparing a statement");
  }
  *out = st->stmt[which];
  return PARLEY_OK;
}

static void bind_text(parley_store *st, pl_stmt *s, int i, const char *v) {
  st->ops->bind_text(s, i, v, v ? strlen(v) : 0);
}

static void bind_text_n(parley_store *st, pl_stmt *s, int i, const char *v, size_t n) {
  st->ops->bind_text(s, i, v, n);
}

/* A fixed-size char field that may lack its NUL. */
static void bind_field(parley_store *st, pl_stmt *s, int i, const char *v, size_t cap) {
  size_t n = 0;
  while (n < cap && v[n]) n++;
  st->ops->bind_text(s, i, v, n);
}

/* ---- hashing ---- */

/* Two independent 64-bit lanes, each a multiply-xorshift over 8-byte words, make a 128-bit content
 * fingerprint: not cryptographic, but collisions among millions of articles are out of reach, and it runs at
 * memory speed over the text (a byte-at-a-time FNV was a visible part of the ingest profile). */
typedef struct hash128 {
  uint64_t a, b;
} hash128;

static void hash_word(hash128 *h, uint64_t w) {
  h->a = (h->a ^ w) * 0x9e3779b97f4a7c15ULL;
  h->a ^= h->a >> 32;
  h->b = (h->b + w) * 0xc2b2ae3d27d4eb4fULL;
  h->b ^= h->b >> 29;
}

static void hash_bytes(hash128 *h, const void *p, size_t n) {
  const unsigned char *s = p;
  while (n >= 8) {
    uint64_t w = 0;
    for (int i = 0; i < 8; i++) w |= (uint64_t)s[i] << (8 * i); /* fixed byte order: same hash everywhere */
    hash_word(h, w);
    s += 8;
    n -= 8;
  }
  uint64_t w = 0x80; /* the tail, padded so that "a" and "a\0" differ */
  for (size_t i = 0; i < n; i++) w = (w << 8) | s[i];
  hash_word(h, w);
}

/* Length-prefixed so that ("ab","c") and ("a","bc") differ, and NULL differs from "". */
static void hash_field(hash128 *h, const char *s, size_t n) {
  hash_word(h, s ? (uint64_t)n + 1 : 0);
  if (s) hash_bytes(h, s, n);
}

void pl_store_article_hash(const parley_article *a, char out[33]) {
  hash128 h = {0xcbf29ce484222325ULL, 0x2545f4914f6cdd1dULL};
  hash_field(&h, a->title, a->title ? strlen(a->title) : 0);
  hash_field(&h, a->date, a->date ? strlen(a->date) : 0);
  hash_field(&h, a->source, a->source ? strlen(a->source) : 0);
  hash_field(&h, a->url, a->url ? strlen(a->url) : 0);
  hash_field(&h, a->text, a->text ? a->text_len : 0);
  snprintf(out, 33, "%016llx%016llx", (unsigned long long)h.a, (unsigned long long)h.b);
}

/* ---- open, schema, migrations ---- */

/* Takes the database to schema `to`. The version is read again inside the write transaction: a peer that
 * opened the same new database at the same time may have migrated it since `from` was read, and its work must
 * not be done twice ("table meta already exists"). */
static int migrate(parley_store *st, int from, int to) {
  int status = st->ops->begin_write(st->db);
  if (status) return db_fail(st, status, "starting the schema migration");
  int now = from, ours = 0, empty = 0;
  status = st->ops->header(st->db, &ours, &now, &empty);
  if (status) status = db_fail(st, status, "reading the schema version");
  if (!status && (now < 0 || now > to)) {
    set_err(st, "the database changed to store schema version %d while being opened", now);
    status = PARLEY_ESCHEMA;
  }
  if (status || now == to) {
    if (status) rollback(st);
    else status = exec(st, "COMMIT", "committing the schema migration");
    return status;
  }
  from = now;
  for (int v = from + 1; v <= to && !status; v++) {
    status = exec(st, st->ops->sql->migrations[v - 1], "migrating the schema");
    if (!status) {
      status = st->ops->set_version(st->db, v, v == 1);
      if (status) status = db_fail(st, status, "migrating the schema");
    }
  }
  if (!status && from == 0)
    status = exec(st, "INSERT INTO meta(key, value) VALUES('created_by', 'parley')", "creating the schema");
  if (!status) {
    pl_stmt *s = NULL;
    status = st->ops->prepare(st->db,
                              "INSERT INTO meta(key, value) VALUES('schema_migrated_from', ?1)"
                              " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                              0, &s);
    if (!status) {
      char v[16];
      snprintf(v, sizeof v, "%d", from);
      bind_text(st, s, 1, v);
      int rc = st->ops->step(s);
      if (rc != PL_DB_DONE) status = rc == PL_DB_ROW ? PARLEY_ERROR : rc;
    }
    if (status) status = db_fail(st, status, "migrating the schema");
    st->ops->finalize(s);
  }
  if (!status) status = exec(st, "COMMIT", "committing the schema migration");
  if (status) rollback(st);
  return status;
}

/* Checks that a database claiming to be parley's has parley's tables: a damaged or foreign one must fail
 * here with a clear message, not later with a confusing one. */
static int check_tables(parley_store *st) {
  for (const char *const *t = st->ops->sql->tables; *t; t++) {
    int present = 0;
    int status = st->ops->has_table(st->db, *t, &present);
    if (status) return db_fail(st, status, "reading the schema");
    if (!present) {
      set_err(st, "the database lacks the table '%s': not a parley database, or damaged", *t);
      return PARLEY_ESCHEMA;
    }
  }
  return PARLEY_OK;
}

static int open_schema(parley_store *st, const char *path) {
  int ours = 0, version = 0, empty = 0;
  int status = st->ops->header(st->db, &ours, &version, &empty);
  if (status) {
    if (status == PARLEY_ESCHEMA || status == PARLEY_ERROR) {
      set_err(st, "%s is not a parley database or is corrupt (%s)", path, st->ops->errmsg(st->db));
      status = PARLEY_ESCHEMA;
    } else {
      db_fail(st, status, path);
    }
    return status;
  }
  if (!ours) {
    set_err(st, "%s is a database but not a parley database", path);
    return PARLEY_ESCHEMA;
  }
  if (version < 0) {
    /* the version indexes migrations[]: a negative one is a hostile or damaged database, never ours */
    set_err(st, "%s has an invalid store schema version %d: not a parley database, or damaged", path, version);
    return PARLEY_ESCHEMA;
  }
  if (version > PARLEY_STORE_SCHEMA_VERSION) {
    set_err(st,
            "%s has store schema version %d, newer than this parley supports (%d): "
            "use a newer parley to read it",
            path, version, PARLEY_STORE_SCHEMA_VERSION);
    return PARLEY_ESCHEMA;
  }
  if (empty && version == 0) {
    if (st->flags & PARLEY_STORE_READONLY) {
      set_err(st, "%s is an empty database (nothing has been ingested)", path);
      return PARLEY_ESCHEMA;
    }
  } else {
    status = check_tables(st);
    if (status) return status;
  }
  if (version < PARLEY_STORE_SCHEMA_VERSION) {
    if (st->flags & PARLEY_STORE_READONLY) {
      /* readers cope with schema 1 except for stories: they are told to migrate; schema 2 reads with no place
         coordinates (rows say none; the place filters that need them are refused) */
      if (version < 2) {
        set_err(st, "%s has store schema version %d: open it once for writing (e.g. parley ingest) to migrate it",
                path, version);
        return PARLEY_ESCHEMA;
      }
    } else {
      status = migrate(st, version, PARLEY_STORE_SCHEMA_VERSION);
      if (status) return status;
      version = PARLEY_STORE_SCHEMA_VERSION;
    }
  }
  st->schema = version;
  return PARLEY_OK;
}

/* The URL of a PostgreSQL store without its password, for messages. */
static void redact(const char *target, char *out, size_t cap) {
  const char *scheme = strstr(target, "://");
  const char *at = scheme ? strchr(scheme + 3, '@') : NULL;
  const char *colon = scheme && at ? memchr(scheme + 3, ':', (size_t)(at - scheme - 3)) : NULL;
  if (colon) snprintf(out, cap, "%.*s:***%s", (int)(colon - target), target, at);
  else snprintf(out, cap, "%s", target);
}

int parley_store_open(parley_store **out, const char *path, const parley_store_options *opts) {
  parley_store_options defaults = PARLEY_STORE_OPTIONS_INIT;
  if (!out) return PARLEY_EINVAL;
  *out = NULL;
  parley_store *st = calloc(1, sizeof *st);
  if (!st) return PARLEY_ENOMEM;
  *out = st;
  pl_arena_init(&st->pending, 0);
  if (!opts) opts = &defaults;
  if (!path || !*path || opts->version != PARLEY_STORE_OPTIONS_VERSION) {
    set_err(st, "parley_store_open: %s", !path || !*path ? "no database path" : "unknown options version");
    return PARLEY_EINVAL;
  }
  char shown[256];
  redact(path, shown, sizeof shown);
  st->ops = pl_db_for(path);
  if (!st->ops) {
    set_err(st, "%s: this parley is built without PostgreSQL support (libpq)", shown);
    return PARLEY_EINVAL;
  }
  st->defer = st->ops != &pl_db_sqlite;
  st->flags = opts->flags;
  st->batch_size = opts->batch_size ? opts->batch_size : 200;
  st->window = opts->story_window_days > 0 ? opts->story_window_days : 0;
  st->diag = opts->diag;
  st->diag_payload = opts->diag_payload;
  int readonly = (st->flags & PARLEY_STORE_READONLY) != 0;
  int status = st->ops->open(&st->db, path, readonly);
  if (status) {
    set_err(st, "%s", st->db ? st->ops->errmsg(st->db) : "out of memory");
    return status;
  }
  status = open_schema(st, shown);
  if (status) return status;
  if (!readonly) {
    status = st->ops->writer_setup(st->db);
    if (status) return db_fail(st, status, "setting up the writer");
    status = exec(st, st->ops->sql->temp_gone, "preparing");
  }
  return status;
}

int parley_store_schema_version(const parley_store *st) { return st ? st->schema : 0; }

const char *parley_store_errmsg(const parley_store *st) {
  if (!st) return "out of memory";
  return st->errmsg[0] ? st->errmsg : "no error";
}

static void forget_article(parley_store *st) {
  st->in_article = 0;
  st->article = 0;
  st->article_outlet = NULL;
  pl_arena_reset(&st->pending);
  memset(&st->p_article, 0, sizeof st->p_article);
  st->p_sentences = NULL;
  st->p_n_sentences = 0;
  st->p_n_events = 0;
  st->p_found = 0;
  st->p_flags = 0;
  st->n_undated = 0;
  free(st->sentence_text);
  st->sentence_text = NULL;
  free(st->sentence_off);
  st->sentence_off = NULL;
  st->n_sentences = 0;
  st->article_events = 0;
}

static void drop_queue(parley_store *st) {
  for (size_t i = 0; i < st->n_queue; i++) {
    pl_arena_dispose(&st->queue[i].arena);
    free(st->queue[i].events);
  }
  st->n_queue = 0;
}

static int write_queue(parley_store *st);

int parley_store_commit(parley_store *st) {
  if (!st || !st->db) return PARLEY_EINVAL;
  if (st->in_article) {
    set_err(st, "parley_store_commit: an article is still open");
    return PARLEY_EINVAL;
  }
  int status = write_queue(st);
  if (status) return status;
  if (!st->in_batch) return PARLEY_OK;
  status = exec(st, "COMMIT", "committing a batch");
  if (status) rollback(st);
  st->in_batch = 0;
  st->batch_articles = 0;
  return status;
}

int parley_store_close(parley_store *st) {
  if (!st) return PARLEY_OK;
  int status = PARLEY_OK;
  /* cursors still open: finish their statements now, so the connection really closes; their later calls
     return PARLEY_EDONE and parley_store_cursor_free still works */
  for (parley_store_cursor *c = st->cursors; c; c = c->next) {
    if (c->q) st->ops->finalize(c->q);
    c->q = NULL;
    c->st = NULL;
    c->done = 1;
    c->have_pending = 0;
  }
  st->cursors = NULL;
  if (st->db) {
    if (st->in_article) parley_store_abort_article(st);
    status = parley_store_commit(st);
    for (int i = 0; i < S_COUNT; i++)
      if (st->stmt[i]) st->ops->finalize(st->stmt[i]);
  }
  if (st->ops && st->db) st->ops->close(st->db);
  drop_queue(st);
  free(st->queue);
  forget_article(st);
  pl_arena_dispose(&st->pending);
  free(st->p_events);
  free(st->undated);
  free(st);
  return status;
}

/* ---- writing ---- */

static void bind_article(parley_store *st, pl_stmt *s, const parley_article *a, const char *hash) {
  bind_text(st, s, 2, hash);
  bind_text(st, s, 3, a->title);
  bind_text(st, s, 4, a->date);
  bind_text(st, s, 5, a->source);
  bind_text(st, s, 6, a->url);
  bind_text(st, s, 7, a->language);
  bind_text(st, s, 8, a->file);
  st->ops->bind_int64(s, 9, (int64_t)a->line);
  bind_text_n(st, s, 10, a->text, a->text_len);
  st->ops->bind_int64(s, 11, (int64_t)st->p_n_sentences);
}

/* Removes an article's sentences (and their index entries) and events, and stories left empty. */
static int clear_article(parley_store *st, int64_t id) {
  static const int steps[] = {S_FTS_DELETE, S_DELETE_SENTENCES, S_GONE_STORIES, S_DELETE_EVENTS};
  pl_stmt *s;
  int status = PARLEY_OK;
  for (size_t i = 0; i < PL_ARRAY_LEN(steps) && !status; i++) {
    if (!stmt_text(st->ops, steps[i])) continue;
    status = get_stmt(st, steps[i], &s);
    if (!status) {
      st->ops->bind_int64(s, 1, id);
      status = run(st, steps[i]);
    }
  }
  static const int cleanup[] = {S_DROP_STORIES, S_FIX_STORIES, S_CLEAR_GONE};
  for (size_t i = 0; i < PL_ARRAY_LEN(cleanup) && !status; i++) {
    status = get_stmt(st, cleanup[i], &s);
    if (!status) status = run(st, cleanup[i]);
  }
  return status;
}

static int store_sentences(parley_store *st, const parley_article *a, const parley_sentence *sents, size_t n) {
  pl_stmt *ins, *fts = NULL;
  int status = get_stmt(st, S_INSERT_SENTENCE, &ins);
  if (!status && stmt_text(st->ops, S_FTS_INSERT)) status = get_stmt(st, S_FTS_INSERT, &fts);
  if (status) return status;
  size_t total = 0;
  for (size_t i = 0; i < n; i++) total += sents[i].end - sents[i].start;
  st->sentence_text = malloc(total + 1);
  st->sentence_off = malloc((n + 1) * sizeof *st->sentence_off);
  if (!st->sentence_text || !st->sentence_off) {
    set_err(st, "out of memory");
    return PARLEY_ENOMEM;
  }
  size_t pos = 0;
  for (size_t i = 0; i < n && !status; i++) {
    const char *p = a->text + sents[i].start;
    size_t len = sents[i].end - sents[i].start;
    memcpy(st->sentence_text + pos, p, len);
    st->sentence_off[i] = pos;
    pos += len;
    st->ops->bind_int64(ins, 1, st->article);
    st->ops->bind_int64(ins, 2, (int64_t)i);
    st->ops->bind_int64(ins, 3, (int64_t)sents[i].start);
    st->ops->bind_int64(ins, 4, (int64_t)sents[i].end);
    bind_text_n(st, ins, 5, p, len); /* for a dialect that indexes the sentence in its own row */
    int64_t id = 0;
    /* only a separate full-text table needs the sentence's id; otherwise the insert may be queued */
    status = fts ? run_returning(st, S_INSERT_SENTENCE, &id) : run(st, S_INSERT_SENTENCE);
    if (!status && fts) {
      st->ops->bind_int64(fts, 1, id);
      bind_text_n(st, fts, 2, p, len);
      status = run(st, S_FTS_INSERT);
    }
  }
  st->sentence_off[n] = pos;
  st->n_sentences = n;
  return status;
}

/* Copies s (NULL stays NULL) into the arena; sets *status on OOM. */
static const char *arena_str(pl_arena *ar, const char *s, int *status) {
  if (!s) return NULL;
  char *c = pl_arena_strndup(ar, s, strlen(s));
  if (!c) *status = PARLEY_ENOMEM;
  return c;
}

/* Looks a up by id (or content hash): *found is its rowid or 0, *same whether its stored hash equals a's. */
static int find_article(parley_store *st, const parley_article *a, char hash[33], char key[40], const char **doc_id,
                        int64_t *found, int *same) {
  pl_store_article_hash(a, hash);
  *doc_id = a->id;
  if (!*doc_id || !**doc_id) {
    snprintf(key, 40, "sha:%s", hash);
    *doc_id = key;
  }
  pl_stmt *s;
  int status = get_stmt(st, S_FIND_ARTICLE, &s);
  if (status) return status;
  bind_text(st, s, 1, *doc_id);
  int rc = st->ops->step(s);
  *found = 0;
  *same = 0;
  if (rc == PL_DB_ROW) {
    *found = st->ops->column_int64(s, 0);
    const char *old = st->ops->column_text(s, 1, NULL);
    *same = old && !strcmp(old, hash);
  } else if (rc != PL_DB_DONE) {
    status = db_fail(st, rc, "looking up an article");
  }
  st->ops->reset(s);
  return status;
}

/* A deferred batch is not in the database yet: the latest version of doc_id it holds is what will be stored. */
static void find_queued(parley_store *st, const char *doc_id, const char *hash, int64_t *found, int *same) {
  for (size_t i = st->n_queue; i-- > 0;)
    if (!strcmp(st->queue[i].a.id, doc_id)) {
      if (!*found) *found = -1;
      *same = !strcmp(st->queue[i].hash, hash);
      return;
    }
}

int parley_store_lookup_article(parley_store_article_state *state, parley_store *st, const parley_article *a) {
  if (!state || !st || !st->db || !a) return PARLEY_EINVAL;
  char hash[33], key[40];
  const char *doc_id;
  int64_t found = 0;
  int same = 0;
  int status = find_article(st, a, hash, key, &doc_id, &found, &same);
  find_queued(st, doc_id, hash, &found, &same);
  *state = !found ? PARLEY_STORE_NEW : same ? PARLEY_STORE_UNCHANGED : PARLEY_STORE_CHANGED;
  return status;
}

int parley_store_begin_article(parley_store_article_state *state, parley_store *st, const parley_article *a,
                               const parley_sentence *sentences, size_t n_sentences, unsigned flags) {
  if (!state || !st || !st->db || !a) return PARLEY_EINVAL;
  *state = PARLEY_STORE_UNCHANGED;
  if (st->flags & PARLEY_STORE_READONLY) {
    set_err(st, "the store is open read-only");
    return PARLEY_EINVAL;
  }
  if (st->in_article) {
    set_err(st, "parley_store_begin_article: the previous article was not ended");
    return PARLEY_EINVAL;
  }
  if (!a->text || (n_sentences && !sentences)) {
    set_err(st, "article %s: no text", a->id ? a->id : "(no id)");
    return PARLEY_EINVAL;
  }
  for (size_t i = 0; i < n_sentences; i++)
    if (sentences[i].start > sentences[i].end || sentences[i].end > a->text_len) {
      set_err(st, "article %s: sentence %zu lies outside the text", a->id ? a->id : "(no id)", i);
      return PARLEY_EINVAL;
    }
  /* the batch's write lock first: no other writer can store this article between lookup and write (a
     deferred batch looks it up again when it is written) */
  int status = PARLEY_OK;
  if (!st->in_batch && !st->defer) {
    status = st->ops->begin_write(st->db);
    if (status) return db_fail(st, status, "starting a batch");
    st->in_batch = 1;
    st->batch_articles = 0;
  }
  char hash[33], key[40];
  const char *doc_id;
  int64_t found = 0;
  int same = 0;
  status = find_article(st, a, hash, key, &doc_id, &found, &same);
  if (status) return status;
  find_queued(st, doc_id, hash, &found, &same);
  if (found && same && !(flags & PARLEY_STORE_REPLACE)) return PARLEY_OK; /* UNCHANGED */
  /* keep a copy until parley_store_end_article writes it */
  pl_arena *ar = &st->pending;
  parley_article *pa = &st->p_article;
  pa->id = arena_str(ar, doc_id, &status);
  pa->title = arena_str(ar, a->title, &status);
  pa->date = arena_str(ar, a->date, &status);
  pa->source = arena_str(ar, a->source, &status);
  pa->url = arena_str(ar, a->url, &status);
  pa->language = arena_str(ar, a->language, &status);
  pa->file = arena_str(ar, a->file, &status);
  pa->line = a->line;
  pa->text = a->text_len + 1 > a->text_len ? pl_arena_strndup(ar, a->text, a->text_len) : NULL;
  pa->text_len = a->text_len;
  if (!pa->text) status = PARLEY_ENOMEM;
  if (n_sentences) {
    st->p_sentences = pl_arena_alloc(ar, n_sentences * sizeof *sentences);
    if (st->p_sentences) memcpy(st->p_sentences, sentences, n_sentences * sizeof *sentences);
    else status = PARLEY_ENOMEM;
  }
  st->p_n_sentences = n_sentences;
  st->p_found = found;
  st->p_flags = flags;
  memcpy(st->p_hash, hash, sizeof hash);
  st->p_doc_id = pa->id;
  if (status) {
    forget_article(st);
    set_err(st, "out of memory");
    return status;
  }
  st->in_article = 1;
  *state = found ? PARLEY_STORE_CHANGED : PARLEY_STORE_NEW;
  return PARLEY_OK;
}

/* Copies a fixed-size field that may lack its NUL. */
static void field_copy(char *dst, size_t cap, const char *src, size_t src_cap) {
  size_t n = 0;
  while (n < src_cap && n + 1 < cap && src[n]) n++;
  memcpy(dst, src, n);
  dst[n] = '\0';
}

/* The story key of a mention: its actors' countries (codes when they have none), ordered for reciprocal
 * codes, and its CAMEO root. */
static void story_key(const parley_event *ev, char a[48], char b[48], char root[8]) {
  const parley_event_actor *x = &ev->source, *y = &ev->target;
  if (x->country[0]) field_copy(a, 48, x->country, sizeof x->country);
  else field_copy(a, 48, x->code, sizeof x->code);
  if (y->country[0]) field_copy(b, 48, y->country, sizeof y->country);
  else field_copy(b, 48, y->code, sizeof y->code);
  if (ev->root[0]) field_copy(root, 8, ev->root, sizeof ev->root);
  else field_copy(root, 3, ev->cameo, sizeof ev->cameo);
  int reciprocal = !strcmp(root, "04") || !strncmp(ev->cameo, "057", 3);
  if (reciprocal && strcmp(b, a) < 0) {
    char t[48];
    memcpy(t, a, 48);
    memcpy(a, b, 48);
    memcpy(b, t, 48);
  }
}

/* Finds or starts the story this mention belongs to. */
/* Writes date + days as YYYY-MM-DD into out. */
static void date_plus(pl_date d, long days, char out[11]) { pl_date_format(pl_date_from_days(pl_date_to_days(d) + days), out); }

static int assign_story(parley_store *st, const parley_event *ev, int64_t *story) {
  pl_stmt *s;
  char ka[48], kb[48], root[8];
  story_key(ev, ka, kb, root);
  int undated = ev->date[0] == '\0';
  int status = PARLEY_OK;
  if (undated) {
    for (size_t i = 0; i < st->n_undated; i++) {
      struct undated_story *u = &st->undated[i];
      if (!strcmp(u->a, ka) && !strcmp(u->b, kb) && !strcmp(u->root, root)) {
        *story = u->id;
        return PARLEY_OK;
      }
    }
  } else {
    *story = 0;
    char date[11];
    field_copy(date, sizeof date, ev->date, sizeof ev->date);
    pl_date d;
    /* a date that is not YYYY-MM-DD has no window: it starts a story of its own */
    if (pl_date_parse(date, &d) == 0 && pl_date_valid(d)) {
      status = get_stmt(st, S_FIND_STORY, &s);
      if (status) return status;
      char latest[11], since[11], oldest[11];
      date_plus(d, st->window, latest);
      date_plus(d, -st->window, since);
      date_plus(d, -(long)(st->window + PL_STORY_MAX_DAYS), oldest);
      bind_text(st, s, 1, ka);
      bind_text(st, s, 2, kb);
      bind_text(st, s, 3, root);
      bind_text(st, s, 4, latest);
      bind_text(st, s, 5, since);
      bind_text(st, s, 6, oldest);
      int rc = st->ops->step(s);
      if (rc == PL_DB_ROW) *story = st->ops->column_int64(s, 0);
      else if (rc != PL_DB_DONE) status = db_fail(st, rc, "grouping stories");
      st->ops->reset(s);
      if (status) return status;
    }
  }
  if (!undated && *story) {
    status = get_stmt(st, S_WIDEN_STORY, &s);
    if (status) return status;
    st->ops->bind_int64(s, 1, *story);
    bind_field(st, s, 2, ev->date, sizeof ev->date);
    return run(st, S_WIDEN_STORY);
  }
  status = get_stmt(st, S_INSERT_STORY, &s);
  if (status) return status;
  bind_text(st, s, 1, ka);
  bind_text(st, s, 2, kb);
  bind_text(st, s, 3, root);
  bind_field(st, s, 4, ev->date, sizeof ev->date);
  if (undated) st->ops->bind_int64(s, 5, st->article);
  else bind_text(st, s, 5, NULL);
  status = run_returning(st, S_INSERT_STORY, story);
  if (status) return status;
  if (undated) {
    if (st->n_undated == st->cap_undated) {
      size_t cap = st->cap_undated ? st->cap_undated * 2 : 8;
      struct undated_story *grown = realloc(st->undated, cap * sizeof *grown);
      if (!grown) {
        set_err(st, "out of memory");
        return PARLEY_ENOMEM;
      }
      st->undated = grown;
      st->cap_undated = cap;
    }
    struct undated_story *u = &st->undated[st->n_undated++];
    memcpy(u->a, ka, sizeof u->a);
    memcpy(u->b, kb, sizeof u->b);
    memcpy(u->root, root, sizeof u->root);
    u->id = *story;
  }
  return PARLEY_OK;
}

static void spans_json(pl_strbuf *sb, const parley_span *spans, size_t n) {
  pl_strbuf_putc(sb, '[');
  for (size_t i = 0; i < n; i++)
    pl_strbuf_printf(sb, "%s[%zu,%zu]", i ? "," : "", spans[i].start, spans[i].end);
  pl_strbuf_putc(sb, ']');
}

static void bind_actor(parley_store *st, pl_stmt *s, int first, const parley_event_actor *x) {
  bind_field(st, s, first, x->code, sizeof x->code);
  bind_field(st, s, first + 1, x->country, sizeof x->country);
  bind_text(st, s, first + 2, x->text);
  if (x->text || x->span.end) {
    st->ops->bind_int64(s, first + 3, (int64_t)x->span.start);
    st->ops->bind_int64(s, first + 4, (int64_t)x->span.end);
  } else {
    bind_text(st, s, first + 3, NULL);
    bind_text(st, s, first + 4, NULL);
  }
}

/* Writes one event of the article being written (st->article). */
static int write_event(parley_store *st, const parley_event *ev) {
  int64_t story = 0;
  int status = assign_story(st, ev, &story);
  pl_stmt *s;
  if (!status) status = get_stmt(st, S_INSERT_EVENT, &s);
  if (status) return status;
  st->ops->bind_int64(s, 1, st->article);
  st->ops->bind_int64(s, 2, (int64_t)ev->sentence);
  bind_field(st, s, 3, ev->date, sizeof ev->date);
  if (ev->doc_source && (!st->article_outlet || strcmp(ev->doc_source, st->article_outlet)))
    bind_text(st, s, 4, ev->doc_source);
  else
    bind_text(st, s, 4, NULL);
  bind_actor(st, s, 5, &ev->source);
  bind_actor(st, s, 10, &ev->target);
  bind_field(st, s, 15, ev->cameo, sizeof ev->cameo);
  if (ev->root[0]) bind_field(st, s, 16, ev->root, sizeof ev->root);
  else bind_text_n(st, s, 16, ev->cameo, strnlen(ev->cameo, 2));
  st->ops->bind_int64(s, 17, ev->quad_class);
  st->ops->bind_double(s, 18, ev->goldstein);
  bind_text(st, s, 19, ev->plover_event);
  bind_text(st, s, 20, ev->plover_mode);
  bind_text(st, s, 21, ev->location_name);
  if (ev->location_country[0]) bind_field(st, s, 22, ev->location_country, sizeof ev->location_country);
  else bind_text(st, s, 22, NULL);
  bind_text(st, s, 23, ev->verb);
  bind_text(st, s, 24, ev->pattern);
  pl_strbuf sb = PL_STRBUF_INIT;
  spans_json(&sb, ev->spans, ev->spans ? ev->n_spans : 0);
  if (sb.failed) {
    pl_strbuf_dispose(&sb);
    set_err(st, "out of memory");
    return PARLEY_ENOMEM;
  }
  bind_text_n(st, s, 25, sb.ptr, sb.len);
  pl_strbuf_dispose(&sb);
  /* the sentence is usually stored already: keep its text once */
  int same_text = 0;
  if (ev->text && ev->sentence < st->n_sentences) {
    size_t off = st->sentence_off[ev->sentence], len = st->sentence_off[ev->sentence + 1] - off;
    same_text = strlen(ev->text) == len && !memcmp(ev->text, st->sentence_text + off, len);
  }
  bind_text(st, s, 26, same_text ? NULL : ev->text);
  st->ops->bind_int64(s, 27, story);
  /* coordinates only come with a gazetteer's place (location_from set): the words after "in" that a coder
     without one keeps have none, and 0,0 would put them in the Gulf of Guinea */
  if (ev->location_name && ev->location_from) {
    if (ev->location_geonameid) st->ops->bind_int64(s, 28, (int64_t)ev->location_geonameid);
    else bind_text(st, s, 28, NULL);
    st->ops->bind_double(s, 29, ev->location_lat);
    st->ops->bind_double(s, 30, ev->location_lon);
    if (ev->location_feature[0]) bind_field(st, s, 31, ev->location_feature, sizeof ev->location_feature);
    else bind_text(st, s, 31, NULL);
    bind_text(st, s, 32, ev->location_admin1);
    bind_text(st, s, 33, ev->location_from);
  } else {
    for (int i = 28; i <= 33; i++) bind_text(st, s, i, NULL);
  }
  status = run(st, S_INSERT_EVENT);
  if (!status) st->article_events++;
  return status;
}

/* Reports a problem with data being stored (not a failure) to the diag callback, naming the article. */
static void store_diag(parley_store *st, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
static void store_diag(parley_store *st, const char *fmt, ...) {
  if (!st->diag) return;
  char msg[384], full[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  snprintf(full, sizeof full, "article %s: %s", st->p_doc_id ? st->p_doc_id : "?", msg);
  parley_diag d = {PARLEY_DIAG_WARNING, PARLEY_EINVAL, st->p_article.file, st->p_article.line, 0, 0, full};
  st->diag(&d, st->diag_payload);
}

static int is_iso_date(const char d[11]) {
  for (int i = 0; i < 10; i++) {
    int want_dash = i == 4 || i == 7;
    if (want_dash ? d[i] != '-' : (d[i] < '0' || d[i] > '9')) return 0;
  }
  return d[10] == '\0';
}

int parley_store_add_event(parley_store *st, const parley_event *ev) {
  if (!st || !ev) return PARLEY_EINVAL;
  if (!st->in_article) {
    set_err(st, "parley_store_add_event: no article begun");
    return PARLEY_EINVAL;
  }
  if (ev->quad_class < 0 || ev->quad_class > 4) {
    set_err(st, "event with QuadClass %d (must be 1..4)", ev->quad_class);
    return PARLEY_EINVAL;
  }
  /* stored as given, but worth a word: such events drop out of sentence joins, date filters and series */
  if (ev->sentence >= st->p_n_sentences)
    store_diag(st, "event in sentence %zu, but the article has %zu sentences: stored without its sentence",
               ev->sentence, st->p_n_sentences);
  if (ev->date[0] && !is_iso_date(ev->date))
    store_diag(st, "event date '%.10s' is not YYYY-MM-DD: it will not match date filters or series", ev->date);
  if (st->p_n_events == st->p_cap_events) {
    size_t cap = st->p_cap_events ? st->p_cap_events * 2 : 16;
    parley_event *grown = realloc(st->p_events, cap * sizeof *grown);
    if (!grown) {
      set_err(st, "out of memory");
      return PARLEY_ENOMEM;
    }
    st->p_events = grown;
    st->p_cap_events = cap;
  }
  /* a deep copy: the coder's strings only live until its next call */
  int status = PARLEY_OK;
  pl_arena *ar = &st->pending;
  parley_event *c = &st->p_events[st->p_n_events];
  *c = *ev;
  c->doc_id = NULL;
  c->doc_source = arena_str(ar, ev->doc_source, &status);
  c->source.text = arena_str(ar, ev->source.text, &status);
  c->target.text = arena_str(ar, ev->target.text, &status);
  c->plover_event = arena_str(ar, ev->plover_event, &status);
  c->plover_mode = arena_str(ar, ev->plover_mode, &status);
  c->location_name = arena_str(ar, ev->location_name, &status);
  c->location_admin1 = arena_str(ar, ev->location_admin1, &status);
  c->location_from = arena_str(ar, ev->location_from, &status);
  c->verb = arena_str(ar, ev->verb, &status);
  c->pattern = arena_str(ar, ev->pattern, &status);
  c->text = arena_str(ar, ev->text, &status);
  c->spans = NULL;
  c->n_spans = 0;
  if (ev->spans && ev->n_spans) {
    parley_span *sp = pl_arena_alloc(ar, ev->n_spans * sizeof *sp);
    if (sp) {
      memcpy(sp, ev->spans, ev->n_spans * sizeof *sp);
      c->spans = sp;
      c->n_spans = ev->n_spans;
    } else {
      status = PARLEY_ENOMEM;
    }
  }
  if (status) {
    set_err(st, "out of memory");
    return status;
  }
  st->p_n_events++;
  return PARLEY_OK;
}

/* The current UTC time as the schema's stored_at text. */
static void now_utc(char out[21]) {
  time_t t = time(NULL);
  struct tm tm;
  if (!gmtime_r(&t, &tm) || !strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm)) out[0] = '\0';
}

/* Writes the article held in memory, its sentences and its events. */
static int write_pending(parley_store *st) {
  const parley_article *a = &st->p_article;
  pl_stmt *s;
  int status = PARLEY_OK;
  if (st->p_found) {
    status = clear_article(st, st->p_found);
    if (!status) status = get_stmt(st, S_UPDATE_ARTICLE, &s);
    if (!status) {
      char now[21];
      now_utc(now);
      st->ops->bind_int64(s, 1, st->p_found);
      bind_article(st, s, a, st->p_hash);
      bind_text(st, s, 12, now);
      status = run(st, S_UPDATE_ARTICLE);
    }
    st->article = st->p_found;
  } else {
    status = get_stmt(st, S_INSERT_ARTICLE, &s);
    if (!status) {
      bind_text(st, s, 1, st->p_doc_id);
      bind_article(st, s, a, st->p_hash);
      status = run_returning(st, S_INSERT_ARTICLE, &st->article);
    }
  }
  st->article_outlet = a->source;
  st->article_events = 0;
  if (!status) status = store_sentences(st, a, st->p_sentences, st->p_n_sentences);
  for (size_t i = 0; i < st->p_n_events && !status; i++) status = write_event(st, &st->p_events[i]);
  if (!status) status = get_stmt(st, S_SET_NEVENTS, &s);
  if (!status) {
    st->ops->bind_int64(s, 1, st->article);
    st->ops->bind_int64(s, 2, st->article_events);
    status = run(st, S_SET_NEVENTS);
  }
  return status;
}

/* After a failed write: drops the open batch (a re-run stores it again), keeping the failure's message. */
static void lose_batch(parley_store *st) {
  char msg[sizeof st->errmsg];
  memcpy(msg, st->errmsg, sizeof msg);
  rollback(st);
  st->in_batch = 0;
  st->batch_articles = 0;
  drop_queue(st);
  snprintf(st->errmsg, sizeof st->errmsg, "%.400s (the open batch was rolled back)", msg);
}

/* Moves the article begun into the deferred batch. */
static int queue_pending(parley_store *st) {
  if (st->n_queue == st->cap_queue) {
    size_t cap = st->cap_queue ? st->cap_queue * 2 : 16;
    queued_article *grown = realloc(st->queue, cap * sizeof *grown);
    if (!grown) {
      set_err(st, "out of memory");
      return PARLEY_ENOMEM;
    }
    st->queue = grown;
    st->cap_queue = cap;
  }
  queued_article *q = &st->queue[st->n_queue++];
  q->arena = st->pending;
  pl_arena_init(&st->pending, 0);
  q->a = st->p_article;
  q->sentences = st->p_sentences;
  q->n_sentences = st->p_n_sentences;
  q->events = st->p_events;
  q->n_events = st->p_n_events;
  q->cap_events = st->p_cap_events;
  q->flags = st->p_flags;
  memcpy(q->hash, st->p_hash, sizeof q->hash);
  st->p_events = NULL;
  st->p_cap_events = 0;
  return PARLEY_OK;
}

/* Writes the deferred batch under the writer lock (the transaction stays open for the commit). Each article is
 * looked up again: another writer may have stored it since it was begun. */
static int write_queue(parley_store *st) {
  if (!st->n_queue) return PARLEY_OK;
  int status = PARLEY_OK;
  if (!st->in_batch) {
    status = st->ops->begin_write(st->db);
    if (status) {
      db_fail(st, status, "starting a batch");
      lose_batch(st);
      return status;
    }
    st->in_batch = 1;
  }
  for (size_t i = 0; i < st->n_queue && !status; i++) {
    queued_article *q = &st->queue[i];
    forget_article(st);
    pl_arena_dispose(&st->pending);
    st->pending = q->arena;
    pl_arena_init(&q->arena, 0);
    free(st->p_events);
    st->p_events = q->events;
    st->p_n_events = q->n_events;
    st->p_cap_events = q->cap_events;
    q->events = NULL;
    q->n_events = q->cap_events = 0;
    st->p_article = q->a;
    st->p_sentences = q->sentences;
    st->p_n_sentences = q->n_sentences;
    char key[40];
    const char *doc_id;
    int same = 0;
    int64_t found = 0;
    status = find_article(st, &st->p_article, st->p_hash, key, &doc_id, &found, &same);
    st->p_doc_id = st->p_article.id; /* stored as the key already */
    if (status || (found && same && !(q->flags & PARLEY_STORE_REPLACE))) continue;
    st->p_found = found;
    status = write_pending(st);
    if (!status) st->batch_articles++;
  }
  forget_article(st);
  if (status) lose_batch(st);
  else drop_queue(st);
  return status;
}

int parley_store_end_article(parley_store *st) {
  if (!st) return PARLEY_EINVAL;
  if (!st->in_article) {
    set_err(st, "parley_store_end_article: no article begun");
    return PARLEY_EINVAL;
  }
  int status;
  if (st->defer && !st->in_batch) {
    status = queue_pending(st);
    forget_article(st);
    if (status) return status;
    if (st->n_queue >= st->batch_size) status = parley_store_commit(st);
    return status;
  }
  status = write_pending(st);
  forget_article(st);
  if (status) {
    /* part of the article may be written: drop the whole open batch (a re-run stores it again) */
    lose_batch(st);
    return status;
  }
  if (++st->batch_articles + st->n_queue >= st->batch_size) status = parley_store_commit(st);
  return status;
}

size_t parley_store_uncommitted(const parley_store *st) {
  if (!st) return 0;
  return (st->in_batch ? st->batch_articles : 0) + st->n_queue;
}

int parley_store_abort_article(parley_store *st) {
  if (!st) return PARLEY_EINVAL;
  /* nothing of it has been written yet */
  forget_article(st);
  return PARLEY_OK;
}

/* Runs a one-row query of one integer. */
static int query_count(parley_store *st, const char *sql, uint64_t *out) {
  pl_stmt *s = NULL;
  int status = st->ops->prepare(st->db, sql, 0, &s);
  if (!status) {
    int rc = st->ops->step(s);
    if (rc == PL_DB_ROW) *out = (uint64_t)st->ops->column_int64(s, 0);
    else status = rc == PL_DB_DONE ? PARLEY_ERROR : rc;
  }
  if (s) st->ops->finalize(s);
  return status ? db_fail(st, status, "counting") : PARLEY_OK;
}

int parley_store_stats_get(parley_store_stats *out, parley_store *st) {
  if (!out || !st || !st->db) return PARLEY_EINVAL;
  memset(out, 0, sizeof *out);
  if (st->in_article) {
    set_err(st, "parley_store_stats_get: an article is still open");
    return PARLEY_EINVAL;
  }
  /* the totals include the open batch: a deferred one is written now (and committed with its batch) */
  int status = write_queue(st);
  if (status) return status;
  static const char *const sql[] = {"SELECT count(*) FROM articles", "SELECT count(*) FROM sentences",
                                    "SELECT count(*) FROM events", "SELECT count(*) FROM stories"};
  uint64_t *dst[] = {&out->articles, &out->sentences, &out->events, &out->stories};
  for (size_t i = 0; i < PL_ARRAY_LEN(sql) && !status; i++) status = query_count(st, sql[i], dst[i]);
  return status;
}

int parley_store_check(int *ok, parley_store *st) {
  if (!ok || !st || !st->db) return PARLEY_EINVAL;
  *ok = 0;
  pl_strbuf msg = PL_STRBUF_INIT;
  int status = st->ops->check(st->db, &msg);
  if (status) {
    pl_strbuf_dispose(&msg);
    return db_fail(st, status, "checking the database");
  }
  if (msg.failed) {
    pl_strbuf_dispose(&msg);
    set_err(st, "out of memory");
    return PARLEY_ENOMEM;
  }
  *ok = msg.len == 0;
  if (!*ok) set_err(st, "%s", msg.ptr);
  pl_strbuf_dispose(&msg);
  return PARLEY_OK;
}

/* ---- reading ---- */

/* A writer's queries see what it has stored, as with SQLite's open transaction: a deferred batch is written
 * first (under the writer lock, committed with its batch). */
static int read_own_writes(parley_store *st) {
  if (st->in_article) {
    set_err(st, "an article is still open");
    return PARLEY_EINVAL;
  }
  return write_queue(st);
}

/* Values to bind, in order of their placeholders. */
typedef struct binds {
  const char *v[64]; /* a mutual dyad takes 12, the actors query binds its filter twice */
  size_t n;
  int overflow;
} binds;

static void add_bind(binds *b, const char *v) {
  if (b->n < PL_ARRAY_LEN(b->v)) b->v[b->n++] = v;
  else b->overflow = 1;
}

/* The exclusive upper bound of all strings starting with prefix (prefix with its last byte raised), in
 * out; returns 0 when there is none (empty prefix or all 0xff bytes). Lets prefix filters use the indexes. */
static int prefix_upper(const char *prefix, char *out, size_t cap) {
  size_t n = strlen(prefix);
  while (n > 0 && (unsigned char)prefix[n - 1] == 0xff) n--;
  if (n == 0 || n >= cap) return 0;
  memcpy(out, prefix, n);
  out[n - 1] = (char)((unsigned char)out[n - 1] + 1);
  out[n] = '\0';
  return 1;
}

typedef struct query_build {
  pl_strbuf sql;
  binds b;
  pl_arena *arena; /* holds the computed upper bounds */
  const pl_dialect *dialect;
} query_build;

/* Appends "(col >= ? AND col < ?)" (or "col >= ?" when the prefix has no upper bound). */
static void cond_prefix(query_build *q, const char *col, const char *prefix) {
  char up[64];
  if (prefix_upper(prefix, up, sizeof up)) {
    char *u = pl_arena_strndup(q->arena, up, strlen(up));
    if (!u) {
      q->sql.failed = 1;
      return;
    }
    pl_strbuf_printf(&q->sql, "(%s >= ? AND %s < ?)", col, col);
    add_bind(&q->b, prefix);
    add_bind(&q->b, u);
  } else {
    pl_strbuf_printf(&q->sql, "(%s >= ?)", col);
    add_bind(&q->b, prefix);
  }
}

/* Appends "e.<col> IN (the distinct codes starting with prefix)". The codes are listed by a recursive query
 * that seeks from one distinct value to the next through the index (a few dozen seeks), so that the dyad index
 * (source_code, target_code, date) then serves an actor prefix on both sides plus a date range; a plain range
 * on source_code would leave target and date to be filtered row by row. */
static void cond_codes(query_build *q, const char *col, const char *prefix) {
  char up[64];
  if (!prefix_upper(prefix, up, sizeof up)) {
    char qual[64];
    snprintf(qual, sizeof qual, "e.%s", col);
    cond_prefix(q, qual, prefix);
    return;
  }
  char *u = pl_arena_strndup(q->arena, up, strlen(up));
  if (!u) {
    q->sql.failed = 1;
    return;
  }
  pl_strbuf_printf(&q->sql,
                   "e.%s IN (WITH RECURSIVE k(code) AS (SELECT min(%s) FROM events WHERE %s >= ? AND %s < ?"
                   " UNION ALL SELECT (SELECT min(%s) FROM events WHERE %s > k.code AND %s < ?) FROM k"
                   " WHERE k.code IS NOT NULL) SELECT code FROM k WHERE code IS NOT NULL)",
                   col, col, col, col, col, col, col);
  add_bind(&q->b, prefix);
  add_bind(&q->b, u);
  add_bind(&q->b, u);
}

/* Plain search words for FTS5: each white-space separated word and each "quoted phrase" becomes one FTS5 string
 * ("..." with " doubled), so nothing the user types is operator syntax; FTS5 ANDs them (and PostgreSQL's
 * websearch_to_tsquery reads the same text as the same phrases, ANDed). An unclosed quote runs
 * to the end. NULL when out of memory. */
static const char *fts_quote(pl_arena *a, const char *text) {
  pl_strbuf sb = PL_STRBUF_INIT;
  const char *p = text;
  while (*p) {
    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') p++;
    if (!*p) break;
    const char *s = p, *e;
    if (*p == '"') {
      s = ++p;
      while (*p && *p != '"') p++;
      e = p;
      if (*p) p++;
    } else {
      while (*p && *p != ' ' && *p != '\t' && *p != '\n' && *p != '\r') p++;
      e = p;
    }
    if (e == s) continue;
    if (sb.len) pl_strbuf_putc(&sb, ' ');
    pl_strbuf_putc(&sb, '"');
    for (const char *c = s; c < e; c++) {
      if (*c == '"') pl_strbuf_putc(&sb, '"');
      pl_strbuf_putc(&sb, *c);
    }
    pl_strbuf_putc(&sb, '"');
  }
  if (!sb.len) pl_strbuf_puts(&sb, "\"\""); /* nothing to look for: matches no sentence */
  const char *r = sb.failed ? NULL : pl_arena_strndup(a, sb.ptr, sb.len);
  pl_strbuf_dispose(&sb);
  return r;
}

static void cond_and(query_build *q) { pl_strbuf_puts(&q->sql, " AND "); }

/* A date bound is YYYY, YYYY-MM or YYYY-MM-DD (the one date parser's bounds): a bound like "garbage" would
 * otherwise compare as text and select nothing, silently. */
static int valid_date_bound(const char *v) { return pl_date_parse_bound(v, NULL, NULL) != 0; }

/* Copies a caller's filter of any known version into *out (the current version); NULL selects everything. An
 * older caller's struct ends before the fields of later versions, so only its own part is read. */
static int normalise_filter(parley_store *st, const parley_store_filter *f, parley_store_filter *out) {
  parley_store_filter all = PARLEY_STORE_FILTER_INIT;
  *out = all;
  if (!f) return PARLEY_OK;
  if (f->version == 1) memcpy(out, f, offsetof(parley_store_filter, after_date));
  else if (f->version == 2) memcpy(out, f, offsetof(parley_store_filter, location_country));
  else if (f->version == PARLEY_STORE_FILTER_VERSION) *out = *f;
  else {
    set_err(st, "unknown filter version %u", f->version);
    return PARLEY_EINVAL;
  }
  out->version = PARLEY_STORE_FILTER_VERSION;
  return PARLEY_OK;
}

/* Binds an integer through the text binds (as the arena's decimal string; the SQL casts it back). */
static void bind_int(query_build *q, int64_t v) {
  char num[24];
  snprintf(num, sizeof num, "%lld", (long long)v);
  char *s = pl_arena_strndup(q->arena, num, strlen(num));
  if (!s) q->sql.failed = 1;
  add_bind(&q->b, s);
}

/* The paging condition on rows `e`: after (after_date, after_id) in ORDER BY e.date, e.id order. */
static void cond_after(query_build *q, const parley_store_filter *f) {
  if (!f->after_id) return;
  const char *d = f->after_date ? f->after_date : "";
  pl_strbuf_puts(&q->sql, " (e.date > ? OR (e.date = ? AND e.id > CAST(? AS BIGINT)))");
  add_bind(&q->b, d);
  add_bind(&q->b, d);
  bind_int(q, f->after_id);
}

static int valid_filter(parley_store *st, const parley_store_filter *f) {
  if (f->quad_class < 0 || f->quad_class > 4) {
    set_err(st, "QuadClass %d: must be 1 (verbal cooperation) to 4 (material conflict)", f->quad_class);
    return PARLEY_EINVAL;
  }
  if (f->grouping != PARLEY_STORE_MENTIONS && f->grouping != PARLEY_STORE_DAILY &&
      f->grouping != PARLEY_STORE_STORIES) {
    set_err(st, "unknown grouping %d", (int)f->grouping);
    return PARLEY_EINVAL;
  }
  const char *const bounds[] = {f->from, f->to};
  for (size_t i = 0; i < PL_ARRAY_LEN(bounds); i++) {
    if (bounds[i] && *bounds[i] && !valid_date_bound(bounds[i])) {
      set_err(st, "invalid date '%.40s': expected " PARLEY_DATE_FORMS, bounds[i]);
      return PARLEY_EINVAL;
    }
  }
  if (f->text) {
    const char *p = f->text;
    while (*p == ' ' || *p == '\t') p++;
    if (!*p) {
      set_err(st, "empty full-text query");
      return PARLEY_EINVAL;
    }
  }
  if (f->location_country && *f->location_country) {
    const char *c = f->location_country;
    int ok = strlen(c) == 3;
    for (size_t i = 0; ok && i < 3; i++) ok = (c[i] >= 'A' && c[i] <= 'Z') || (c[i] >= 'a' && c[i] <= 'z');
    if (!ok) {
      set_err(st, "location country '%.40s': expected an ISO alpha-3 code such as SYR", c);
      return PARLEY_EINVAL;
    }
  }
  if (st->schema < 3 && ((f->location_admin1 && *f->location_admin1) || f->near_km > 0 || isnan(f->near_km))) {
    set_err(st, "this store (schema %d) has no place regions or coordinates: open it once for writing (e.g. parley "
                "recode) to migrate it, then recode it to place its events", st->schema);
    return PARLEY_EINVAL;
  }
  /* a NaN compares false everywhere: these tests are written so that it fails them */
  if (f->near_km > 0 || isnan(f->near_km)) {
    if (!(f->near_lat >= -90 && f->near_lat <= 90) || !(f->near_lon >= -180 && f->near_lon <= 180) ||
        !(f->near_km <= 20038)) {
      set_err(st, "near %g,%g within %g km: latitude must be -90..90, longitude -180..180, distance 0..20038 km",
              f->near_lat, f->near_lon, f->near_km);
      return PARLEY_EINVAL;
    }
  }
  return PARLEY_OK;
}

/* Binds a double through the text binds (as the shortest exact decimal; the SQL casts it back). */
static void bind_double(query_build *q, double v) {
  char num[32];
  snprintf(num, sizeof num, "%.17g", v);
  char *s = pl_arena_strndup(q->arena, num, strlen(num));
  if (!s) q->sql.failed = 1;
  add_bind(&q->b, s);
}

/* The --near condition: a latitude band (which the events_lat index serves) and, when the circle neither reaches
 * a pole nor crosses the antimeridian, a longitude band; then the exact distance. */
static void cond_near(query_build *q, const parley_store_filter *f) {
  /* DOUBLE PRECISION, not REAL: a REAL is 4 bytes in PostgreSQL (SQLite reads both as its 8-byte REAL) */
  const double km_per_degree = 6371.0088 * 3.14159265358979323846 / 180.0;
  double dlat = f->near_km / km_per_degree;
  pl_strbuf_puts(&q->sql, " AND e.location_lat BETWEEN CAST(? AS DOUBLE PRECISION)"
                          " AND CAST(? AS DOUBLE PRECISION)");
  bind_double(q, f->near_lat - dlat);
  bind_double(q, f->near_lat + dlat);
  double far_lat = fabs(f->near_lat) + dlat;
  if (far_lat < 89.0) {
    double dlon = dlat / cos(far_lat * 3.14159265358979323846 / 180.0);
    if (f->near_lon - dlon > -180 && f->near_lon + dlon < 180) {
      pl_strbuf_puts(&q->sql, " AND e.location_lon BETWEEN CAST(? AS DOUBLE PRECISION)"
                              " AND CAST(? AS DOUBLE PRECISION)");
      bind_double(q, f->near_lon - dlon);
      bind_double(q, f->near_lon + dlon);
    }
  }
  pl_strbuf_puts(&q->sql, " AND pl_distance_km(e.location_lat, e.location_lon, CAST(? AS DOUBLE PRECISION),"
                          " CAST(? AS DOUBLE PRECISION)) <= CAST(? AS DOUBLE PRECISION)");
  bind_double(q, f->near_lat);
  bind_double(q, f->near_lon);
  bind_double(q, f->near_km);
}

/* The WHERE conditions on events `e` for a filter; "1" when there are none. */
static void where(query_build *q, const parley_store_filter *f) {
  pl_strbuf_puts(&q->sql, " WHERE 1 = 1");
  const char *src = f->source && *f->source ? f->source : NULL;
  const char *tgt = f->target && *f->target ? f->target : NULL;
  int mutual = (f->flags & PARLEY_STORE_MUTUAL) != 0;
  if (src && tgt && mutual) {
    pl_strbuf_puts(&q->sql, " AND ((");
    cond_codes(q, "source_code", src);
    cond_and(q);
    cond_codes(q, "target_code", tgt);
    pl_strbuf_puts(&q->sql, ") OR (");
    cond_codes(q, "source_code", tgt);
    cond_and(q);
    cond_codes(q, "target_code", src);
    pl_strbuf_puts(&q->sql, "))");
  } else if ((src || tgt) && mutual) {
    const char *actor = src ? src : tgt;
    pl_strbuf_puts(&q->sql, " AND (");
    cond_codes(q, "source_code", actor);
    pl_strbuf_puts(&q->sql, " OR ");
    cond_codes(q, "target_code", actor);
    pl_strbuf_puts(&q->sql, ")");
  } else {
    if (src) {
      cond_and(q);
      cond_codes(q, "source_code", src);
    }
    if (tgt) {
      cond_and(q);
      cond_codes(q, "target_code", tgt);
    }
  }
  if (f->code && *f->code) {
    cond_and(q);
    cond_prefix(q, "e.cameo", f->code);
  }
  if (f->quad_class) pl_strbuf_printf(&q->sql, " AND e.quad_class = %d", f->quad_class);
  if (f->from && *f->from) {
    pl_strbuf_puts(&q->sql, " AND e.date >= ?");
    add_bind(&q->b, f->from);
  }
  if (f->to && *f->to) {
    /* "2016" as an upper bound includes the whole of 2016 */
    char up[64];
    pl_strbuf_puts(&q->sql, " AND e.date <> ''");
    if (prefix_upper(f->to, up, sizeof up)) {
      char *u = pl_arena_strndup(q->arena, up, strlen(up));
      if (!u) q->sql.failed = 1;
      pl_strbuf_puts(&q->sql, " AND e.date < ?");
      add_bind(&q->b, u);
    }
  }
  if (f->text) {
    pl_strbuf_printf(&q->sql, " AND (e.article, e.sentence) IN (SELECT s.article, s.idx FROM sentences s WHERE %s)",
                     q->dialect->fts_match);
    /* plain words become quoted phrases, which both FTS5 and websearch_to_tsquery read as phrases ANDed */
    const char *t = f->text;
    if (f->flags & PARLEY_STORE_TEXT_PLAIN) {
      t = fts_quote(q->arena, f->text);
      if (!t) q->sql.failed = 1;
    }
    add_bind(&q->b, t);
  }
  if (f->article_id) {
    pl_strbuf_puts(&q->sql, " AND e.article = (SELECT id FROM articles WHERE doc_id = ?)");
    add_bind(&q->b, f->article_id);
  }
  if (f->event_id) {
    pl_strbuf_puts(&q->sql, " AND e.id = CAST(? AS BIGINT)");
    bind_int(q, f->event_id);
  }
  if (f->location_country && *f->location_country) {
    char cc[4];
    for (size_t i = 0; i < 4; i++) cc[i] = (char)(f->location_country[i] & ~(i < 3 ? 0x20 : 0));
    char *u = pl_arena_strndup(q->arena, cc, 3);
    if (!u) q->sql.failed = 1;
    pl_strbuf_puts(&q->sql, " AND e.location_country = ?");
    add_bind(&q->b, u);
  }
  if (f->location_admin1 && *f->location_admin1) {
    pl_strbuf_printf(&q->sql, " AND %s", q->dialect->admin1_match);
    add_bind(&q->b, f->location_admin1);
  }
  if (f->near_km > 0) cond_near(q, f);
}

/* The columns of a result row, read by fill_row in this order. A schema-2 store, opened read-only, has no
 * location columns but location_name and location_country: NULLs stand in for them. */
static void row_columns(query_build *q, int schema) {
  pl_strbuf_printf(&q->sql,
                   "e.id, e.story, a.doc_id, coalesce(e.outlet, a.outlet), e.sentence, e.date,"
                   " e.source_code, e.source_country, e.source_text, e.source_start, e.source_end,"
                   " e.target_code, e.target_country, e.target_text, e.target_start, e.target_end,"
                   " e.cameo, e.root, e.quad_class, e.goldstein, e.plover_event, e.plover_mode, e.location_name,"
                   " e.location_country, e.verb, e.pattern, e.spans, coalesce(e.text, %s), a.title, a.url, a.date, %s",
                   q->dialect->sentence_text,
                   schema >= 3 ? "e.location_geonameid, e.location_lat, e.location_lon, e.location_feature,"
                                 " e.location_admin1, e.location_from"
                               : "NULL, NULL, NULL, NULL, NULL, NULL");
}
static const char row_joins[] =
    " JOIN articles a ON a.id = e.article LEFT JOIN sentences s ON s.article = e.article AND s.idx = e.sentence";

static int prepare_built(parley_store *st, query_build *q, pl_stmt **out) {
  *out = NULL;
  if (q->sql.failed || q->b.overflow) {
    set_err(st, "out of memory");
    return PARLEY_ENOMEM;
  }
  int status = st->ops->prepare(st->db, q->sql.ptr, 0, out);
  if (status) return db_fail(st, status, "preparing a query");
  for (size_t i = 0; i < q->b.n; i++) bind_text(st, *out, (int)i + 1, q->b.v[i]);
  return PARLEY_OK;
}

static int new_cursor(parley_store_cursor **out, parley_store *st, int kind) {
  parley_store_cursor *c = calloc(1, sizeof *c);
  if (!c) {
    set_err(st, "out of memory");
    return PARLEY_ENOMEM;
  }
  c->st = st;
  c->kind = kind;
  pl_arena_init(&c->arena, 0);
  *out = c;
  c->next = st->cursors;
  if (st->cursors) st->cursors->prev = c;
  st->cursors = c;
  return PARLEY_OK;
}

int parley_store_query(parley_store_cursor **out, parley_store *st, const parley_store_filter *fin) {
  parley_store_filter fv;
  const parley_store_filter *f = &fv;
  if (!out || !st || !st->db) return PARLEY_EINVAL;
  *out = NULL;
  int status = normalise_filter(st, fin, &fv);
  if (!status) status = valid_filter(st, f);
  if (!status) status = read_own_writes(st);
  if (status) return status;
  pl_arena arena;
  pl_arena_init(&arena, 0);
  query_build q = {PL_STRBUF_INIT, {{0}, 0, 0}, &arena, st->ops->sql};
  if (f->grouping == PARLEY_STORE_MENTIONS) {
    pl_strbuf_puts(&q.sql, "SELECT ");
    row_columns(&q, st->schema);
    pl_strbuf_printf(&q.sql, ", 1, 1, CASE WHEN coalesce(e.outlet, a.outlet) IS NULL THEN 0 ELSE 1 END,"
                             " e.date FROM events e %s",
                     row_joins);
    /* a page of a large selection: pick its ids first, so that only the rows returned have their sentence cut
       from the article text (the sorter would otherwise carry every matching row's full columns) */
    if (f->limit) pl_strbuf_puts(&q.sql, " WHERE e.id IN (SELECT e.id FROM events e");
    where(&q, f);
    if (f->after_id) {
      cond_and(&q);
      cond_after(&q, f);
    }
    if (f->limit) pl_strbuf_printf(&q.sql, " ORDER BY e.date, e.id LIMIT %llu)", (unsigned long long)f->limit);
  } else {
    /* group, pick each group's first mention, then fetch that mention's full row */
    const char *key = f->grouping == PARLEY_STORE_DAILY
                          ? "e.date, e.source_code, e.target_code, e.cameo, CASE WHEN e.date = '' THEN e.article END"
                          : "e.story";
    pl_strbuf_printf(&q.sql, "WITH g AS (SELECT %s AS rep,", q.dialect->first_mention);
    pl_strbuf_puts(&q.sql, " count(*) AS n, count(DISTINCT e.article) AS na,"
                           " count(DISTINCT coalesce(e.outlet, a.outlet)) AS no, max(e.date) AS last"
                           " FROM events e JOIN articles a ON a.id = e.article");
    where(&q, f);
    pl_strbuf_printf(&q.sql, " GROUP BY %s) SELECT ", key);
    row_columns(&q, st->schema);
    pl_strbuf_printf(&q.sql, ", g.n, g.na, g.no, g.last FROM g JOIN events e ON e.id = g.rep%s", row_joins);
    if (f->after_id) {
      pl_strbuf_puts(&q.sql, " WHERE");
      cond_after(&q, f);
    }
  }
  pl_strbuf_puts(&q.sql, " ORDER BY e.date, e.id");
  if (f->limit) pl_strbuf_printf(&q.sql, " LIMIT %llu", (unsigned long long)f->limit);
  pl_stmt *stmt = NULL;
  status = prepare_built(st, &q, &stmt);
  pl_strbuf_dispose(&q.sql);
  pl_arena_dispose(&arena);
  if (status) return status;
  status = new_cursor(out, st, C_ROWS);
  if (status) {
    st->ops->finalize(stmt);
    return status;
  }
  (*out)->q = stmt;
  (*out)->has_text = f->text != NULL;
  return PARLEY_OK;
}

/* Copies column i as a NUL-terminated string into the cursor's arena; NULL stays NULL. */
static const char *col_str(parley_store_cursor *c, int i) {
  size_t n = 0;
  const char *t = c->st->ops->column_text(c->q, i, &n);
  if (!t) return NULL;
  return pl_arena_strndup(&c->arena, t, n);
}

static int64_t col_int(parley_store_cursor *c, int i) { return c->st->ops->column_int64(c->q, i); }

static void col_field(parley_store_cursor *c, int i, char *dst, size_t cap) {
  size_t n = 0;
  const char *t = c->st->ops->column_text(c->q, i, &n);
  if (!t) n = 0;
  if (n >= cap) n = cap - 1;
  if (n) memcpy(dst, t, n);
  dst[n] = '\0';
}

static size_t col_size(parley_store_cursor *c, int i) {
  int64_t v = col_int(c, i);
  return v > 0 ? (size_t)v : 0;
}

static void fill_actor(parley_store_cursor *c, int i, parley_event_actor *x) {
  col_field(c, i, x->code, sizeof x->code);
  col_field(c, i + 1, x->country, sizeof x->country);
  x->text = col_str(c, i + 2);
  x->span.start = col_size(c, i + 3);
  x->span.end = col_size(c, i + 4);
}

/* The evidence spans from their stored form [[start,end],...] (written by spans_json above); a damaged value
 * yields the spans read before the damage. */
static const parley_span *parse_spans(pl_arena *ar, const char *json, size_t *n) {
  *n = 0;
  if (!json) return NULL;
  size_t cap = 0;
  for (const char *p = json; *p; p++) cap += *p == '[';
  if (cap < 2) return NULL;
  parley_span *v = pl_arena_alloc(ar, (cap - 1) * sizeof *v);
  if (!v) return NULL;
  const char *p = json;
  if (*p++ != '[') return NULL;
  while (*n < cap - 1) {
    unsigned long long a, b;
    int used = 0;
    while (*p == ',' || *p == ' ') p++;
    if (sscanf(p, "[%llu,%llu]%n", &a, &b, &used) != 2 || used == 0) break;
    v[*n].start = (size_t)a;
    v[*n].end = (size_t)b;
    ++*n;
    p += used;
  }
  return v;
}

int parley_store_row_write_json(FILE *out, const parley_store_row *r) {
  pl_strbuf sb = PL_STRBUF_INIT;
  pl_event_json_fields(&sb, &r->event);
  pl_strbuf_printf(&sb, ",\"event_id\":%lld,\"story_id\":%lld,\"mentions\":%llu,\"articles\":%llu,\"outlets\":%llu",
                   (long long)r->event_id, (long long)r->story_id, (unsigned long long)r->mentions,
                   (unsigned long long)r->articles, (unsigned long long)r->outlets);
  const char *keys[] = {"last_date", "title", "url", "article_date"};
  const char *vals[] = {r->last_date && r->last_date[0] ? r->last_date : NULL, r->article_title, r->article_url,
                        r->article_date};
  for (size_t i = 0; i < 4; i++) {
    pl_strbuf_printf(&sb, ",\"%s\":", keys[i]);
    if (vals[i]) pl_strbuf_json_string(&sb, vals[i], strlen(vals[i]));
    else pl_strbuf_puts(&sb, "null");
  }
  pl_strbuf_puts(&sb, "}\n");
  int rc = PARLEY_OK;
  if (sb.failed) rc = PARLEY_ENOMEM;
  else if (fwrite(sb.ptr, 1, sb.len, out) != sb.len) rc = PARLEY_EIO;
  pl_strbuf_dispose(&sb);
  return rc;
}

static const char *const ROW_COLUMNS[] = {"event_id", "story_id", "mentions", "articles", "outlets",
                                           "last_date", "title", "url", "article_date"};

int parley_store_row_write_header(FILE *out, parley_output_format format) {
  if (format != PARLEY_OUTPUT_TSV && format != PARLEY_OUTPUT_CSV) return PARLEY_OK;
  char sep = format == PARLEY_OUTPUT_TSV ? '\t' : ',';
  for (size_t i = 0; pl_event_columns[i]; i++) fprintf(out, "%s%s", i ? (sep == ',' ? "," : "\t") : "", pl_event_columns[i]);
  for (size_t i = 0; i < PL_ARRAY_LEN(ROW_COLUMNS); i++) fprintf(out, "%c%s", sep, ROW_COLUMNS[i]);
  fputc('\n', out);
  return ferror(out) ? PARLEY_EIO : PARLEY_OK;
}

int parley_store_row_write(FILE *out, const parley_store_row *r, parley_output_format format) {
  if (format == PARLEY_OUTPUT_JSONL) return parley_store_row_write_json(out, r);
  if (format == PARLEY_OUTPUT_PHOENIX || format == PARLEY_OUTPUT_GDELT) {
    parley_event_extra x = {(unsigned long long)r->event_id, r->article_url, r->mentions, r->articles, r->outlets};
    return parley_event_write_extra(out, &r->event, format, &x);
  }
  if (format != PARLEY_OUTPUT_TSV && format != PARLEY_OUTPUT_CSV) return PARLEY_EINVAL;
  pl_strbuf sb = PL_STRBUF_INIT;
  pl_event_table_fields(&sb, &r->event, format);
  char num[5][32];
  snprintf(num[0], sizeof num[0], "%lld", (long long)r->event_id);
  snprintf(num[1], sizeof num[1], "%lld", (long long)r->story_id);
  snprintf(num[2], sizeof num[2], "%llu", (unsigned long long)r->mentions);
  snprintf(num[3], sizeof num[3], "%llu", (unsigned long long)r->articles);
  snprintf(num[4], sizeof num[4], "%llu", (unsigned long long)r->outlets);
  const char *cells[] = {num[0], num[1], num[2], num[3], num[4], r->last_date, r->article_title, r->article_url,
                         r->article_date};
  for (size_t i = 0; i < PL_ARRAY_LEN(cells); i++) pl_event_cell(&sb, cells[i], format, 0);
  pl_strbuf_putc(&sb, '\n');
  int rc = PARLEY_OK;
  if (sb.failed) rc = PARLEY_ENOMEM;
  else if (fwrite(sb.ptr, 1, sb.len, out) != sb.len) rc = PARLEY_EIO;
  pl_strbuf_dispose(&sb);
  return rc;
}

static void fill_row(parley_store_cursor *c) {
  parley_store_row *r = &c->row;
  parley_event *ev = &r->event;
  memset(r, 0, sizeof *r);
  r->event_id = col_int(c, 0);
  r->story_id = col_int(c, 1);
  ev->doc_id = col_str(c, 2);
  ev->doc_source = col_str(c, 3);
  ev->sentence = col_size(c, 4);
  col_field(c, 5, ev->date, sizeof ev->date);
  fill_actor(c, 6, &ev->source);
  fill_actor(c, 11, &ev->target);
  col_field(c, 16, ev->cameo, sizeof ev->cameo);
  col_field(c, 17, ev->root, sizeof ev->root);
  ev->quad_class = (int)col_int(c, 18);
  ev->goldstein = c->st->ops->column_double(c->q, 19);
  ev->plover_event = col_str(c, 20);
  ev->plover_mode = col_str(c, 21);
  ev->location_name = col_str(c, 22);
  col_field(c, 23, ev->location_country, sizeof ev->location_country);
  ev->verb = col_str(c, 24);
  ev->pattern = col_str(c, 25);
  r->spans_json = col_str(c, 26);
  ev->spans = parse_spans(&c->arena, r->spans_json, &ev->n_spans);
  ev->text = col_str(c, 27);
  r->article_title = col_str(c, 28);
  r->article_url = col_str(c, 29);
  r->article_date = col_str(c, 30);
  ev->location_geonameid = (uint32_t)col_int(c, 31);
  ev->location_lat = c->st->ops->column_double(c->q, 32);
  ev->location_lon = c->st->ops->column_double(c->q, 33);
  col_field(c, 34, ev->location_feature, sizeof ev->location_feature);
  ev->location_admin1 = col_str(c, 35);
  ev->location_from = col_str(c, 36);
  r->mentions = (uint64_t)col_int(c, 37);
  r->articles = (uint64_t)col_int(c, 38);
  r->outlets = (uint64_t)col_int(c, 39);
  r->last_date = col_str(c, 40);
}

static int step_cursor(parley_store_cursor *c) {
  if (!c->st) {
    c->done = 1;
    return PARLEY_EDONE;
  }
  int rc = c->st->ops->step(c->q);
  if (rc == PL_DB_ROW) return PARLEY_OK;
  c->done = 1;
  if (rc == PL_DB_DONE) return PARLEY_EDONE;
  int status = db_fail(c->st, rc, "reading the store");
  /* a plain SQL error while stepping can only come from the full-text query's syntax */
  if (status == PARLEY_ERROR && c->has_text)
    set_err(c->st, "bad full-text query: %s", c->st->ops->errmsg(c->st->db));
  return status;
}

int parley_store_cursor_next(parley_store_cursor *c, const parley_store_row **row) {
  if (!c || !row || c->kind != C_ROWS) return PARLEY_EINVAL;
  *row = NULL;
  if (c->done) return PARLEY_EDONE;
  pl_arena_reset(&c->arena);
  int status = step_cursor(c);
  if (status) return status;
  fill_row(c);
  *row = &c->row;
  return PARLEY_OK;
}

int parley_store_series(parley_store_cursor **out, parley_store *st, const parley_store_filter *fin,
                        parley_store_period period) {
  return parley_store_series_by_place(out, st, fin, period, PARLEY_STORE_PLACE_NONE);
}

int parley_store_series_by_place(parley_store_cursor **out, parley_store *st, const parley_store_filter *fin,
                                 parley_store_period period, parley_store_place_key by) {
  parley_store_filter fv;
  const parley_store_filter *f = &fv;
  if (!out || !st || !st->db) return PARLEY_EINVAL;
  *out = NULL;
  int status = normalise_filter(st, fin, &fv);
  if (!status) status = valid_filter(st, f);
  if (!status) status = read_own_writes(st);
  if (status) return status;
  const char *pexpr;
  switch (period) {
  case PARLEY_STORE_DAY: pexpr = "date"; break;
  case PARLEY_STORE_WEEK: pexpr = st->ops->sql->week_of; break;
  case PARLEY_STORE_MONTH: pexpr = "substr(date, 1, 7)"; break;
  case PARLEY_STORE_YEAR: pexpr = "substr(date, 1, 4)"; break;
  default: set_err(st, "unknown series period %d", (int)period); return PARLEY_EINVAL;
  }
  /* the place key of a mention, pc and pa; constant when the series is not split by place */
  const char *place;
  switch (by) {
  case PARLEY_STORE_PLACE_NONE: place = "'' AS pc, '' AS pa"; break;
  case PARLEY_STORE_PLACE_COUNTRY: place = "coalesce(e.location_country, '') AS pc, '' AS pa"; break;
  case PARLEY_STORE_PLACE_ADMIN1:
    place = "coalesce(e.location_country, '') AS pc, coalesce(e.location_admin1, '') AS pa";
    break;
  default: set_err(st, "unknown series place key %d", (int)by); return PARLEY_EINVAL;
  }
  if (st->schema < 3 && by == PARLEY_STORE_PLACE_ADMIN1) place = "coalesce(e.location_country, '') AS pc, '' AS pa";
  pl_arena arena;
  pl_arena_init(&arena, 0);
  query_build q = {PL_STRBUF_INIT, {{0}, 0, 0}, &arena, st->ops->sql};
  pl_strbuf_printf(&q.sql, "SELECT %s AS p, quad_class, count(*), sum(goldstein), pc, pa FROM (", pexpr);
  /* a one-a-day event or a story placed in several places counts once in each: the place joins the group key */
  switch (f->grouping) {
  case PARLEY_STORE_DAILY:
    pl_strbuf_printf(&q.sql, "SELECT e.date AS date, min(e.quad_class) AS quad_class, max(e.goldstein) AS goldstein,"
                             " %s FROM events e", place);
    where(&q, f);
    pl_strbuf_puts(&q.sql, " AND e.date <> '' GROUP BY e.date, e.source_code, e.target_code, e.cameo, pc, pa");
    break;
  case PARLEY_STORE_STORIES:
    pl_strbuf_printf(&q.sql, "SELECT min(e.date) AS date, min(e.quad_class) AS quad_class,"
                             " max(e.goldstein) AS goldstein, %s FROM events e", place);
    where(&q, f);
    pl_strbuf_puts(&q.sql, " AND e.date <> '' GROUP BY e.story, pc, pa");
    break;
  default:
    pl_strbuf_printf(&q.sql, "SELECT e.date AS date, e.quad_class AS quad_class, e.goldstein AS goldstein, %s"
                             " FROM events e", place);
    where(&q, f);
    pl_strbuf_puts(&q.sql, " AND e.date <> ''");
  }
  pl_strbuf_puts(&q.sql, ") AS x GROUP BY pc, pa, p, quad_class ORDER BY pc, pa, p, quad_class");
  pl_stmt *stmt = NULL;
  status = prepare_built(st, &q, &stmt);
  pl_strbuf_dispose(&q.sql);
  pl_arena_dispose(&arena);
  if (status) return status;
  status = new_cursor(out, st, C_SERIES);
  if (status) {
    st->ops->finalize(stmt);
    return status;
  }
  (*out)->q = stmt;
  (*out)->has_text = f->text != NULL;
  return PARLEY_OK;
}

int parley_store_cursor_next_bucket(parley_store_cursor *c, const parley_store_bucket **b) {
  if (!c || !b || c->kind != C_SERIES) return PARLEY_EINVAL;
  *b = NULL;
  if (c->done && !c->have_pending) return PARLEY_EDONE;
  parley_store_bucket *k = &c->bucket;
  memset(k, 0, sizeof *k);
  k->admin1 = "";
  pl_arena_reset(&c->arena);
  int status = PARLEY_OK;
  int any = 0;
  /* rows come per (place, period, QuadClass): merge the rows of one place and period */
  for (;;) {
    if (!c->have_pending) {
      if (c->done) break;
      status = step_cursor(c);
      if (status == PARLEY_EDONE) break;
      if (status) return status;
      c->have_pending = 1;
    }
    char p[11], cc[8];
    col_field(c, 0, p, sizeof p);
    col_field(c, 4, cc, sizeof cc);
    const char *a1 = c->st->ops->column_text(c->q, 5, NULL); /* both backends end their text with a NUL */
    if (!a1) a1 = "";
    if (any && (strcmp(p, k->period) || strcmp(cc, k->country) || strcmp(a1, k->admin1))) break;
    if (!any) {
      memcpy(k->period, p, sizeof p);
      memcpy(k->country, cc, sizeof cc);
      k->admin1 = col_str(c, 5);
      if (!k->admin1) {
        set_err(c->st, "out of memory");
        return PARLEY_ENOMEM;
      }
    }
    any = 1;
    int quad = (int)col_int(c, 1);
    uint64_t n = (uint64_t)col_int(c, 2);
    double g = c->st->ops->column_double(c->q, 3);
    k->events += n;
    k->goldstein += g;
    if (quad >= 1 && quad <= 4) {
      k->quad_events[quad] += n;
      k->quad_goldstein[quad] += g;
    }
    c->have_pending = 0;
  }
  if (!any) return PARLEY_EDONE;
  *b = k;
  return PARLEY_OK;
}

int parley_store_actors(parley_store_cursor **out, parley_store *st, const parley_store_filter *fin) {
  parley_store_filter fv;
  const parley_store_filter *f = &fv;
  if (!out || !st || !st->db) return PARLEY_EINVAL;
  *out = NULL;
  int status = normalise_filter(st, fin, &fv);
  if (!status) status = valid_filter(st, f);
  if (!status) status = read_own_writes(st);
  if (status) return status;
  pl_arena arena;
  pl_arena_init(&arena, 0);
  query_build q = {PL_STRBUF_INIT, {{0}, 0, 0}, &arena, st->ops->sql};
  /* each side through its own index, then merged: an OR over both columns would scan the table */
  pl_strbuf_puts(&q.sql, "SELECT code, count(*), sum(src), sum(tgt) FROM (SELECT e.source_code AS code,"
                         " 1 AS src, 0 AS tgt FROM events e");
  where(&q, f);
  pl_strbuf_puts(&q.sql, " UNION ALL SELECT e.target_code, 0, 1 FROM events e");
  where(&q, f);
  pl_strbuf_puts(&q.sql, ") AS x WHERE code <> '' GROUP BY code ORDER BY count(*) DESC, code");
  if (f->limit) pl_strbuf_printf(&q.sql, " LIMIT %llu", (unsigned long long)f->limit);
  pl_stmt *stmt = NULL;
  status = prepare_built(st, &q, &stmt);
  pl_strbuf_dispose(&q.sql);
  pl_arena_dispose(&arena);
  if (status) return status;
  status = new_cursor(out, st, C_ACTORS);
  if (status) {
    st->ops->finalize(stmt);
    return status;
  }
  (*out)->q = stmt;
  (*out)->has_text = f->text != NULL;
  return PARLEY_OK;
}

int parley_store_cursor_next_actor(parley_store_cursor *c, const parley_store_actor_count **a) {
  if (!c || !a || c->kind != C_ACTORS) return PARLEY_EINVAL;
  *a = NULL;
  if (c->done) return PARLEY_EDONE;
  pl_arena_reset(&c->arena);
  int status = step_cursor(c);
  if (status) return status;
  parley_store_actor_count *x = &c->actor;
  x->code = col_str(c, 0);
  x->events = (uint64_t)col_int(c, 1);
  x->as_source = (uint64_t)col_int(c, 2);
  x->as_target = (uint64_t)col_int(c, 3);
  if (!x->code) {
    c->done = 1;
    set_err(c->st, "out of memory");
    return PARLEY_ENOMEM;
  }
  *a = x;
  return PARLEY_OK;
}

int parley_store_top(parley_store_cursor **out, parley_store *st, const parley_store_filter *fin,
                     parley_store_top_by by) {
  parley_store_filter fv;
  const parley_store_filter *f = &fv;
  if (!out || !st || !st->db) return PARLEY_EINVAL;
  *out = NULL;
  if (by != PARLEY_STORE_TOP_ACTOR && by != PARLEY_STORE_TOP_DYAD && by != PARLEY_STORE_TOP_CODE) {
    set_err(st, "unknown top grouping %d", (int)by);
    return PARLEY_EINVAL;
  }
  int status = normalise_filter(st, fin, &fv);
  if (!status) status = valid_filter(st, f);
  if (!status) status = read_own_writes(st);
  if (status) return status;
  pl_arena arena;
  pl_arena_init(&arena, 0);
  query_build q = {PL_STRBUF_INIT, {{0}, 0, 0}, &arena, st->ops->sql};
  if (by == PARLEY_STORE_TOP_ACTOR) {
    /* each side through its own index, then merged, as parley_store_actors does */
    pl_strbuf_puts(&q.sql, "SELECT k, count(*), count(DISTINCT a) FROM (SELECT e.source_code AS k, e.article AS a"
                           " FROM events e");
    where(&q, f);
    pl_strbuf_puts(&q.sql, " UNION ALL SELECT e.target_code, e.article FROM events e");
    where(&q, f);
    pl_strbuf_puts(&q.sql, ") AS x WHERE k <> ''");
  } else {
    pl_strbuf_puts(&q.sql, by == PARLEY_STORE_TOP_DYAD
                               ? "SELECT k, count(*), count(DISTINCT a) FROM (SELECT e.source_code || ':' ||"
                                 " e.target_code AS k, e.article AS a, e.source_code AS s, e.target_code AS t"
                                 " FROM events e"
                               : "SELECT k, count(*), count(DISTINCT a) FROM (SELECT e.cameo AS k, e.article AS a,"
                                 " 'x' AS s, 'x' AS t FROM events e");
    where(&q, f);
    pl_strbuf_puts(&q.sql, ") AS x WHERE s <> '' AND t <> '' AND k <> ''");
  }
  pl_strbuf_puts(&q.sql, " GROUP BY k ORDER BY count(*) DESC, k");
  if (f->limit) pl_strbuf_printf(&q.sql, " LIMIT %llu", (unsigned long long)f->limit);
  pl_stmt *stmt = NULL;
  status = prepare_built(st, &q, &stmt);
  pl_strbuf_dispose(&q.sql);
  pl_arena_dispose(&arena);
  if (status) return status;
  status = new_cursor(out, st, C_TOP);
  if (status) {
    st->ops->finalize(stmt);
    return status;
  }
  (*out)->q = stmt;
  (*out)->has_text = f->text != NULL;
  return PARLEY_OK;
}

int parley_store_cursor_next_top(parley_store_cursor *c, const parley_store_top_row **r) {
  if (!c || !r || c->kind != C_TOP) return PARLEY_EINVAL;
  *r = NULL;
  if (c->done) return PARLEY_EDONE;
  pl_arena_reset(&c->arena);
  int status = step_cursor(c);
  if (status) return status;
  parley_store_top_row *x = &c->top;
  x->key = col_str(c, 0);
  x->events = (uint64_t)col_int(c, 1);
  x->articles = (uint64_t)col_int(c, 2);
  if (!x->key) {
    c->done = 1;
    set_err(c->st, "out of memory");
    return PARLEY_ENOMEM;
  }
  *r = x;
  return PARLEY_OK;
}

int parley_store_article(parley_store_cursor **out, parley_store *st, const char *doc_id) {
  if (!out || !st || !st->db || !doc_id) return PARLEY_EINVAL;
  *out = NULL;
  int status = read_own_writes(st);
  if (status) return status;
  pl_stmt *stmt = NULL;
  status = st->ops->prepare(st->db,
                                "SELECT id, doc_id, title, date, outlet, url, language, text, file, line FROM articles"
                                " WHERE doc_id = ?1",
                                0, &stmt);
  if (status) return db_fail(st, status, "reading an article");
  bind_text(st, stmt, 1, doc_id);
  status = new_cursor(out, st, C_ARTICLE);
  if (status) {
    st->ops->finalize(stmt);
    return status;
  }
  (*out)->q = stmt;
  return PARLEY_OK;
}

const parley_span *parley_store_cursor_sentences(const parley_store_cursor *c, size_t *n) {
  if (n) *n = 0;
  if (!c || c->kind != C_ARTICLE || !c->sentences) return NULL;
  if (n) *n = c->n_sentences;
  return c->sentences;
}

/* Reads the sentence spans of article `id` into the cursor's arena. */
static int load_sentences(parley_store_cursor *c, int64_t id) {
  const pl_db_ops *ops = c->st->ops;
  pl_stmt *s = NULL;
  int rc = ops->prepare(c->st->db, "SELECT start, \"end\" FROM sentences WHERE article = ?1 ORDER BY idx", 0, &s);
  if (rc) return db_fail(c->st, rc, "reading sentences");
  ops->bind_int64(s, 1, id);
  size_t cap = 0, n = 0;
  parley_span *v = NULL;
  int status = PARLEY_OK;
  while ((rc = ops->step(s)) == PL_DB_ROW) {
    if (n == cap) {
      size_t ncap = cap ? cap * 2 : 64;
      parley_span *nv = pl_arena_alloc(&c->arena, ncap * sizeof *nv);
      if (!nv) {
        status = PARLEY_ENOMEM;
        break;
      }
      if (n) memcpy(nv, v, n * sizeof *v);
      v = nv;
      cap = ncap;
    }
    int64_t a = ops->column_int64(s, 0), b = ops->column_int64(s, 1);
    v[n].start = a > 0 ? (size_t)a : 0;
    v[n].end = b > 0 ? (size_t)b : 0;
    n++;
  }
  if (status == PARLEY_OK && rc != PL_DB_ROW && rc != PL_DB_DONE) status = db_fail(c->st, rc, "reading sentences");
  ops->finalize(s);
  if (status == PARLEY_ENOMEM) set_err(c->st, "out of memory");
  c->sentences = status ? NULL : v;
  c->n_sentences = status ? 0 : n;
  return status;
}

int parley_store_articles(parley_store_cursor **out, parley_store *st) {
  if (!out || !st || !st->db) return PARLEY_EINVAL;
  *out = NULL;
  pl_stmt *stmt = NULL;
  int status = st->ops->prepare(st->db,
                                "SELECT id, doc_id, title, date, outlet, url, language, text, file, line FROM articles"
                                " WHERE id > ?1 ORDER BY id LIMIT 1",
                                0, &stmt);
  if (status) return db_fail(st, status, "reading articles");
  status = new_cursor(out, st, C_ARTICLES);
  if (status) {
    st->ops->finalize(stmt);
    return status;
  }
  (*out)->q = stmt;
  return PARLEY_OK;
}

int parley_store_cursor_next_article(parley_store_cursor *c, const parley_article **a) {
  if (!c || !a || (c->kind != C_ARTICLES && c->kind != C_ARTICLE)) return PARLEY_EINVAL;
  *a = NULL;
  if (c->done) return PARLEY_EDONE;
  pl_arena_reset(&c->arena);
  c->sentences = NULL;
  c->n_sentences = 0;
  /* one short statement per article, fully reset before returning: the caller writes in between */
  if (!c->st) {
    c->done = 1;
    return PARLEY_EDONE;
  }
  if (c->kind == C_ARTICLES) {
    c->st->ops->reset(c->q);
    c->st->ops->bind_int64(c->q, 1, c->last_article);
  }
  int status = step_cursor(c);
  if (status) return status;
  parley_article *x = &c->article;
  memset(x, 0, sizeof *x);
  c->last_article = col_int(c, 0);
  const char *doc_id = col_str(c, 1);
  /* articles stored without an id were keyed by their hash: hand them back without one */
  x->id = doc_id && strncmp(doc_id, "sha:", 4) ? doc_id : "";
  x->title = col_str(c, 2);
  x->date = col_str(c, 3);
  x->source = col_str(c, 4);
  x->url = col_str(c, 5);
  x->language = col_str(c, 6);
  x->text = col_str(c, 7);
  size_t text_len = 0;
  c->st->ops->column_text(c->q, 7, &text_len);
  x->text_len = x->text ? text_len : 0;
  x->file = col_str(c, 8);
  x->line = (unsigned long)col_int(c, 9);
  c->st->ops->reset(c->q);
  if (!x->text || !doc_id) {
    c->done = 1;
    set_err(c->st, "out of memory or damaged article row");
    return PARLEY_ERROR;
  }
  if (c->kind == C_ARTICLE) {
    /* doc_id is unique: one article at most */
    c->done = 1;
    if ((status = load_sentences(c, c->last_article))) return status;
  }
  *a = x;
  return PARLEY_OK;
}

void parley_store_cursor_free(parley_store_cursor *c) {
  if (!c) return;
  if (c->q && c->st) c->st->ops->finalize(c->q);
  pl_arena_dispose(&c->arena);
  if (c->st) {
    if (c->prev) c->prev->next = c->next;
    else c->st->cursors = c->next;
    if (c->next) c->next->prev = c->prev;
  }
  free(c);
}

/* ---- scaling out ---- */

unsigned parley_store_shard(const parley_article *a, unsigned n) {
  if (!a || n < 2) return 0;
  char hash[33];
  const char *key = a->id;
  if (!key || !*key) {
    pl_store_article_hash(a, hash);
    key = hash;
  }
  /* FNV-1a: fixed, byte-order free, so every machine of a cluster agrees */
  uint64_t h = 0xcbf29ce484222325ULL;
  for (const unsigned char *p = (const unsigned char *)key; *p; p++) h = (h ^ *p) * 0x100000001b3ULL;
  return (unsigned)(h % n);
}

/* Copies the article src's cursor c returned last (its row id in c->last_article) with its events into dst. */
static int merge_article(parley_store *dst, parley_store *src, parley_store_cursor *c, const parley_article *a,
                         const char *doc_id, parley_store_merge_stats *n) {
  int status = load_sentences(c, c->last_article);
  if (status) return status;
  parley_sentence *sents = c->n_sentences ? calloc(c->n_sentences, sizeof *sents) : NULL;
  if (c->n_sentences && !sents) {
    set_err(dst, "out of memory");
    return PARLEY_ENOMEM;
  }
  for (size_t i = 0; i < c->n_sentences; i++) {
    sents[i].start = c->sentences[i].start;
    sents[i].end = c->sentences[i].end;
  }
  parley_store_article_state state;
  status = parley_store_begin_article(&state, dst, a, sents, c->n_sentences, 0);
  free(sents);
  if (status || state == PARLEY_STORE_UNCHANGED) {
    if (!status) n->unchanged++;
    return status;
  }
  /* the article's events in the order they were stored, which is the order stories grouped them in */
  pl_stmt *q = NULL;
  status = src->ops->prepare(src->db, "SELECT e.id FROM events e WHERE e.article = ?1 ORDER BY e.id", 0, &q);
  if (status) {
    parley_store_abort_article(dst);
    return db_fail(src, status, "reading events");
  }
  src->ops->bind_int64(q, 1, c->last_article);
  int rc;
  uint64_t events = 0;
  while (!status && (rc = src->ops->step(q)) == PL_DB_ROW) {
    parley_store_filter f = PARLEY_STORE_FILTER_INIT;
    f.event_id = src->ops->column_int64(q, 0);
    f.article_id = doc_id;
    parley_store_cursor *ec = NULL;
    const parley_store_row *r;
    status = parley_store_query(&ec, src, &f);
    if (!status && (status = parley_store_cursor_next(ec, &r)) == PARLEY_OK) status = parley_store_add_event(dst, &r->event);
    parley_store_cursor_free(ec);
    events++;
  }
  if (!status && rc != PL_DB_DONE) status = db_fail(src, rc, "reading events");
  src->ops->finalize(q);
  if (status) {
    parley_store_abort_article(dst);
    return status;
  }
  status = parley_store_end_article(dst);
  if (!status) {
    n->articles++;
    n->events += events;
  }
  return status;
}

int parley_store_merge(parley_store *dst, parley_store *src, parley_store_merge_stats *stats) {
  parley_store_merge_stats n = {0, 0, 0};
  if (stats) *stats = n;
  if (!dst || !src || !dst->db || !src->db || dst == src) return PARLEY_EINVAL;
  parley_store_cursor *c = NULL;
  int status = parley_store_articles(&c, src);
  const parley_article *a;
  while (!status && (status = parley_store_cursor_next_article(c, &a)) == PARLEY_OK) {
    /* the stored key: the id, or sha:<hash> for an article that has none (a->id is then "") */
    char key[40];
    const char *doc_id = a->id;
    if (!*doc_id) {
      char hash[33];
      pl_store_article_hash(a, hash);
      snprintf(key, sizeof key, "sha:%s", hash);
      doc_id = key;
    }
    status = merge_article(dst, src, c, a, doc_id, &n);
  }
  parley_store_cursor_free(c);
  if (status == PARLEY_EDONE) status = PARLEY_OK;
  if (stats) *stats = n;
  return status;
}

/* ---- tests' door to old schemas ---- */

int pl_store_create_at_version(const char *path, int version, char *errbuf, size_t errlen) {
  if (version < 1 || version > PARLEY_STORE_SCHEMA_VERSION) return PARLEY_EINVAL;
  parley_store st;
  memset(&st, 0, sizeof st);
  st.ops = pl_db_for(path);
  if (!st.ops) return PARLEY_EINVAL;
  int status = st.ops->open(&st.db, path, 0);
  if (status) set_err(&st, "%s", st.db ? st.ops->errmsg(st.db) : "out of memory");
  else status = migrate(&st, 0, version);
  if (status && errbuf && errlen) snprintf(errbuf, errlen, "%s", st.errmsg);
  if (st.db) st.ops->close(st.db);
  return status;
}
