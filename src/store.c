/* store.c: the event store on SQLite: schema and migrations, batched idempotent writes, queries, series.
 *
 * Why it looks the way it does:
 * - Every value from outside (article text, filter strings, FTS queries) is bound to a prepared statement;
 *   SQL text is only ever assembled from fixed fragments chosen by which filter fields are set.
 * - Articles are written inside batch transactions (WAL, synchronous=NORMAL): a killed process loses at most
 *   the batch in flight, never part of an article, and a re-run skips what the committed batches hold.
 * - Each article is a SAVEPOINT inside its batch, so one article can be dropped without losing the batch.
 * - The FTS5 index is maintained from C rather than by triggers so that the database can be opened with
 *   trusted_schema off (a database file is outside input: its schema must not run code on us).
 * - Nothing here is SQLite-specific in the public API; the SQL is kept close to standard so that a
 *   PostgreSQL backend can mirror it (the SQLite-only parts: FTS5, bare columns with min(), date()). */
#include "store.h"
#include "event.h"
#include <math.h>
#include <parley/gazetteer.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "dates.h"
#include <parley/date.h>
#include "util/arena.h"
#include "util/strbuf.h"

/* ---- schema ---- */

/* migrations[v-1] takes a database from schema v-1 to v. Never edit a released step: add one. */
static const char *const migrations[PARLEY_STORE_SCHEMA_VERSION] = {
    /* 1: articles, sentences with full-text index, events */
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
    "CREATE TABLE articles("
    " id INTEGER PRIMARY KEY,"
    " doc_id TEXT NOT NULL UNIQUE," /* the article id, or 'sha:<hash>' for articles without one */
    " hash TEXT NOT NULL,"
    " title TEXT, date TEXT, outlet TEXT, url TEXT, language TEXT, file TEXT, line INTEGER,"
    " text TEXT NOT NULL,"
    " n_sentences INTEGER NOT NULL DEFAULT 0,"
    " n_events INTEGER NOT NULL DEFAULT 0,"
    " stored_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')));"
    "CREATE INDEX articles_hash ON articles(hash);"
    "CREATE TABLE sentences("
    " id INTEGER PRIMARY KEY,"
    " article INTEGER NOT NULL REFERENCES articles(id),"
    " idx INTEGER NOT NULL,"
    " start INTEGER NOT NULL, end INTEGER NOT NULL," /* byte span of the article's text */
    " UNIQUE(article, idx));"
    /* contentless: the sentence text lives once, in articles.text; the index only maps words to rowids */
    "CREATE VIRTUAL TABLE sentences_fts USING fts5(text, content='');"
    "CREATE TABLE events("
    " id INTEGER PRIMARY KEY,"
    " article INTEGER NOT NULL REFERENCES articles(id),"
    " sentence INTEGER NOT NULL,"
    " date TEXT NOT NULL," /* '' when unknown */
    " outlet TEXT,"        /* only when it differs from the article's */
    " source_code TEXT NOT NULL, source_country TEXT NOT NULL, source_text TEXT,"
    " source_start INTEGER, source_end INTEGER,"
    " target_code TEXT NOT NULL, target_country TEXT NOT NULL, target_text TEXT,"
    " target_start INTEGER, target_end INTEGER,"
    " cameo TEXT NOT NULL, root TEXT NOT NULL, quad_class INTEGER NOT NULL, goldstein REAL NOT NULL,"
    " plover_event TEXT, plover_mode TEXT, location_name TEXT, location_country TEXT,"
    " verb TEXT, pattern TEXT, spans TEXT NOT NULL DEFAULT '[]',"
    " text TEXT);" /* only when it differs from the stored sentence */
    "CREATE INDEX events_dyad ON events(source_code, target_code, date);"
    "CREATE INDEX events_target ON events(target_code, date);"
    "CREATE INDEX events_code ON events(cameo, date);"
    "CREATE INDEX events_date ON events(date);"
    "CREATE INDEX events_article ON events(article);",
    /* 2: story grouping. A story is keyed by its two actors (their countries, or their codes when they have
       none), the CAMEO root code and a window of days; for reciprocal roots (consult, sign an agreement) the
       pair is unordered, since "A and B talked" is coded in both directions. */
    "CREATE TABLE stories("
    " id INTEGER PRIMARY KEY,"
    " actor_a TEXT NOT NULL, actor_b TEXT NOT NULL, root TEXT NOT NULL,"
    " first_date TEXT NOT NULL, last_date TEXT NOT NULL,"
    " article INTEGER);" /* set for undated stories, which never leave their article */
    "CREATE INDEX stories_key ON stories(actor_a, actor_b, root, first_date);"
    "ALTER TABLE events ADD COLUMN story INTEGER REFERENCES stories(id);"
    "CREATE INDEX events_story ON events(story);"
    /* events stored by schema 1 become one story per actor pair, root code and day */
    "CREATE TEMP VIEW pl_story_keys AS SELECT id, date, article,"
    " CASE WHEN recip AND kb < ka THEN kb ELSE ka END AS a, CASE WHEN recip AND kb < ka THEN ka ELSE kb END AS b,"
    " root FROM (SELECT id, date, article, root, (root = '04' OR cameo LIKE '057%') AS recip,"
    " CASE WHEN source_country <> '' THEN source_country ELSE source_code END AS ka,"
    " CASE WHEN target_country <> '' THEN target_country ELSE target_code END AS kb FROM events);"
    "INSERT INTO stories(actor_a, actor_b, root, first_date, last_date, article)"
    " SELECT a, b, root, date, date, CASE WHEN date = '' THEN article END FROM temp.pl_story_keys"
    " GROUP BY a, b, root, date, CASE WHEN date = '' THEN article END;"
    "UPDATE events SET story = (SELECT s.id FROM temp.pl_story_keys k JOIN stories s ON s.actor_a = k.a"
    " AND s.actor_b = k.b AND s.root = k.root AND s.first_date = k.date"
    " AND (k.date <> '' OR s.article = k.article) WHERE k.id = events.id);"
    "DROP VIEW temp.pl_story_keys;",
    /* 3: where the event happened, from the gazetteer (location_name and location_country came with 1). The
       index serves --country and --admin1; --near seeks a latitude band and checks the distance row by row. */
    "ALTER TABLE events ADD COLUMN location_geonameid INTEGER;"
    "ALTER TABLE events ADD COLUMN location_lat REAL;"
    "ALTER TABLE events ADD COLUMN location_lon REAL;"
    "ALTER TABLE events ADD COLUMN location_feature TEXT;"
    "ALTER TABLE events ADD COLUMN location_admin1 TEXT;"
    "ALTER TABLE events ADD COLUMN location_from TEXT;"
    "CREATE INDEX events_place ON events(location_country, location_admin1 COLLATE NOCASE, date);"
    "CREATE INDEX events_lat ON events(location_lat);",
};

/* A story takes new mentions for at most this many days (plus the window) after its first one. */
#define PL_STORY_MAX_DAYS 7

static const char *const expected_tables[] = {"meta", "articles", "sentences", "sentences_fts", "events"};

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

static const char *const stmt_sql[S_COUNT] = {
    [S_FIND_ARTICLE] = "SELECT id, hash FROM articles WHERE doc_id = ?1",
    [S_INSERT_ARTICLE] = "INSERT INTO articles(doc_id, hash, title, date, outlet, url, language, file, line, text,"
                         " n_sentences) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    [S_UPDATE_ARTICLE] = "UPDATE articles SET hash = ?2, title = ?3, date = ?4, outlet = ?5, url = ?6,"
                         " language = ?7, file = ?8, line = ?9, text = ?10, n_sentences = ?11, n_events = 0,"
                         " stored_at = strftime('%Y-%m-%dT%H:%M:%SZ','now') WHERE id = ?1",
    /* a contentless index forgets a row only when given the text it indexed: cut it from the article again */
    [S_FTS_DELETE] = "INSERT INTO sentences_fts(sentences_fts, rowid, text)"
                     " SELECT 'delete', s.id, CAST(substr(CAST(a.text AS BLOB), s.start + 1, s.end - s.start) AS TEXT)"
                     " FROM sentences s JOIN articles a ON a.id = s.article WHERE s.article = ?1",
    [S_DELETE_SENTENCES] = "DELETE FROM sentences WHERE article = ?1",
    [S_GONE_STORIES] = "INSERT OR IGNORE INTO temp.pl_gone(id) SELECT story FROM events"
                       " WHERE article = ?1 AND story IS NOT NULL",
    [S_DELETE_EVENTS] = "DELETE FROM events WHERE article = ?1",
    [S_DROP_STORIES] = "DELETE FROM stories WHERE id IN (SELECT id FROM temp.pl_gone)"
                       " AND NOT EXISTS (SELECT 1 FROM events e WHERE e.story = stories.id)",
    [S_FIX_STORIES] = "UPDATE stories SET first_date = (SELECT min(date) FROM events e WHERE e.story = stories.id),"
                      " last_date = (SELECT max(date) FROM events e WHERE e.story = stories.id)"
                      " WHERE id IN (SELECT id FROM temp.pl_gone)",
    [S_CLEAR_GONE] = "DELETE FROM temp.pl_gone",
    [S_INSERT_SENTENCE] = "INSERT INTO sentences(article, idx, start, end) VALUES(?1, ?2, ?3, ?4)",
    [S_FTS_INSERT] = "INSERT INTO sentences_fts(rowid, text) VALUES(?1, ?2)",
    /* the lower bound on first_date keeps the index range short: a story is joined only within
       PL_STORY_MAX_DAYS of its first mention, however long it has been chained */
    [S_FIND_STORY] = "SELECT id FROM stories WHERE actor_a = ?1 AND actor_b = ?2 AND root = ?3"
                     " AND first_date <= date(?4, ?5) AND first_date >= date(?4, ?7) AND last_date >= date(?4, ?6)"
                     " ORDER BY first_date DESC LIMIT 1",
    [S_INSERT_STORY] = "INSERT INTO stories(actor_a, actor_b, root, first_date, last_date, article)"
                       " VALUES(?1, ?2, ?3, ?4, ?4, ?5)",
    [S_WIDEN_STORY] = "UPDATE stories SET first_date = min(first_date, ?2), last_date = max(last_date, ?2)"
                      " WHERE id = ?1",
    [S_INSERT_EVENT] =
        "INSERT INTO events(article, sentence, date, outlet, source_code, source_country, source_text,"
        " source_start, source_end, target_code, target_country, target_text, target_start, target_end, cameo,"
        " root, quad_class, goldstein, plover_event, plover_mode, location_name, location_country, verb, pattern,"
        " spans, text, story, location_geonameid, location_lat, location_lon, location_feature, location_admin1,"
        " location_from) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,"
        " ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31, ?32, ?33)",
    [S_SET_NEVENTS] = "UPDATE articles SET n_events = ?2 WHERE id = ?1",
};

struct parley_store {
  sqlite3 *db;
  unsigned flags;
  unsigned batch_size;
  int window;
  int schema;
  parley_diag_fn diag;
  void *diag_payload;
  sqlite3_stmt *stmt[S_COUNT];
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
  sqlite3_stmt *q;
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

/* Maps an SQLite failure to a status and records its message. */
static int db_fail(parley_store *st, int rc, const char *what) {
  int ext = st->db ? sqlite3_extended_errcode(st->db) : rc;
  const char *msg = st->db ? sqlite3_errmsg(st->db) : sqlite3_errstr(rc);
  set_err(st, "%s: %s", what, msg);
  switch (ext & 0xff) {
  case SQLITE_NOMEM: return PARLEY_ENOMEM;
  case SQLITE_CORRUPT:
  case SQLITE_NOTADB: return PARLEY_ESCHEMA;
  case SQLITE_IOERR:
  case SQLITE_CANTOPEN:
  case SQLITE_FULL: return PARLEY_EIO;
  default: return PARLEY_ERROR;
  }
}

/* parley's own SQL failing to prepare on a database whose tables passed the open checks means the schema is
 * damaged (e.g. the full-text index's tables) or was altered by someone else. */
static int damaged(parley_store *st, int rc) {
  int status = db_fail(st, rc, "preparing a statement");
  int primary = sqlite3_extended_errcode(st->db) & 0xff;
  if (primary == SQLITE_ERROR || primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB) {
    set_err(st, "the database is damaged or its schema was altered (%s)", sqlite3_errmsg(st->db));
    status = PARLEY_ESCHEMA;
  }
  return status;
}

static int exec(parley_store *st, const char *sql, const char *what) {
  int rc = sqlite3_exec(st->db, sql, NULL, NULL, NULL);
  return rc == SQLITE_OK ? PARLEY_OK : db_fail(st, rc, what);
}

/* Runs a prepared write statement to completion and resets it. */
static int run(parley_store *st, int which) {
  sqlite3_stmt *s = st->stmt[which];
  int rc = sqlite3_step(s);
  int status = PARLEY_OK;
  if (rc != SQLITE_DONE && rc != SQLITE_ROW) status = db_fail(st, rc, "writing to the store");
  sqlite3_reset(s);
  sqlite3_clear_bindings(s);
  return status;
}

static int get_stmt(parley_store *st, int which, sqlite3_stmt **out) {
  *out = NULL;
  if (!st->stmt[which]) {
    int rc = sqlite3_prepare_v3(st->db, stmt_sql[which], -1, SQLITE_PREPARE_PERSISTENT, &st->stmt[which], NULL);
    if (rc != SQLITE_OK) return damaged(st, rc);
  }
  *out = st->stmt[which];
  return PARLEY_OK;
}

static void bind_text(sqlite3_stmt *s, int i, const char *v) {
  if (v) sqlite3_bind_text(s, i, v, -1, SQLITE_TRANSIENT);
  else sqlite3_bind_null(s, i);
}

static void bind_text_n(sqlite3_stmt *s, int i, const char *v, size_t n) {
  if (v) sqlite3_bind_text64(s, i, v, (sqlite3_uint64)n, SQLITE_TRANSIENT, SQLITE_UTF8);
  else sqlite3_bind_null(s, i);
}

/* A fixed-size char field that may lack its NUL. */
static void bind_field(sqlite3_stmt *s, int i, const char *v, size_t cap) {
  size_t n = 0;
  while (n < cap && v[n]) n++;
  sqlite3_bind_text(s, i, v, (int)n, SQLITE_TRANSIENT);
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

/* pl_distance_km(lat1, lon1, lat2, lon2): the great-circle distance for --near. SQLite's own math functions are
 * a compile-time option that Debian's build need not have; NULL coordinates give NULL (no match). */
static void sql_distance_km(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  for (int i = 0; i < argc; i++) {
    if (sqlite3_value_type(argv[i]) == SQLITE_NULL) {
      sqlite3_result_null(ctx);
      return;
    }
  }
  sqlite3_result_double(ctx, parley_geo_distance_km(sqlite3_value_double(argv[0]), sqlite3_value_double(argv[1]),
                                                    sqlite3_value_double(argv[2]), sqlite3_value_double(argv[3])));
}

static int read_int(parley_store *st, const char *sql, int *out) {
  sqlite3_stmt *s = NULL;
  int rc = sqlite3_prepare_v2(st->db, sql, -1, &s, NULL);
  if (rc == SQLITE_OK) {
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
      *out = sqlite3_column_int(s, 0);
      rc = SQLITE_OK;
    }
  }
  int status = rc == SQLITE_OK ? PARLEY_OK : db_fail(st, rc, "reading the database header");
  sqlite3_finalize(s);
  return status;
}

/* Takes the database to schema `to`. The version is read again inside the write transaction: a peer that
 * opened the same new file at the same time may have migrated it since `from` was read, and its work must not
 * be done twice ("table meta already exists"). */
static int migrate(parley_store *st, int from, int to) {
  int status = exec(st, "BEGIN IMMEDIATE", "starting the schema migration");
  if (status) return status;
  int now = from;
  status = read_int(st, "PRAGMA user_version", &now);
  if (!status && (now < 0 || now > to)) {
    set_err(st, "the database changed to store schema version %d while being opened", now);
    status = PARLEY_ESCHEMA;
  }
  if (status || now == to) {
    sqlite3_exec(st->db, status ? "ROLLBACK" : "COMMIT", NULL, NULL, NULL);
    return status;
  }
  from = now;
  for (int v = from + 1; v <= to && !status; v++) {
    status = exec(st, migrations[v - 1], "migrating the schema");
    if (!status) {
      char sql[96];
      snprintf(sql, sizeof sql, "PRAGMA user_version = %d", v);
      status = exec(st, sql, "migrating the schema");
    }
  }
  if (!status && from == 0) {
    char sql[96];
    snprintf(sql, sizeof sql, "PRAGMA application_id = %d", PL_STORE_APPLICATION_ID);
    status = exec(st, sql, "creating the schema");
    if (!status)
      status = exec(st, "INSERT INTO meta(key, value) VALUES('created_by', 'parley')", "creating the schema");
  }
  if (!status) {
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(st->db, "INSERT OR REPLACE INTO meta(key, value) VALUES('schema_migrated_from', ?1)",
                           -1, &s, NULL) == SQLITE_OK) {
      sqlite3_bind_int(s, 1, from);
      if (sqlite3_step(s) != SQLITE_DONE) status = db_fail(st, SQLITE_ERROR, "migrating the schema");
    } else {
      status = db_fail(st, SQLITE_ERROR, "migrating the schema");
    }
    sqlite3_finalize(s);
  }
  if (!status) status = exec(st, "COMMIT", "committing the schema migration");
  if (status) sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
  return status;
}

/* Checks that a database claiming to be parley's has parley's tables: a damaged or foreign file must fail
 * here with a clear message, not later with a confusing one. */
static int check_tables(parley_store *st) {
  sqlite3_stmt *s = NULL;
  int status = PARLEY_OK;
  int rc = sqlite3_prepare_v2(st->db, "SELECT 1 FROM sqlite_schema WHERE type IN ('table') AND name = ?1", -1, &s,
                              NULL);
  if (rc != SQLITE_OK) return db_fail(st, rc, "reading the schema");
  for (size_t i = 0; i < PL_ARRAY_LEN(expected_tables) && !status; i++) {
    sqlite3_bind_text(s, 1, expected_tables[i], -1, SQLITE_STATIC);
    rc = sqlite3_step(s);
    if (rc == SQLITE_DONE) {
      set_err(st, "the database lacks the table '%s': not a parley database, or damaged", expected_tables[i]);
      status = PARLEY_ESCHEMA;
    } else if (rc != SQLITE_ROW) {
      status = db_fail(st, rc, "reading the schema");
    }
    sqlite3_reset(s);
  }
  sqlite3_finalize(s);
  return status;
}

static int open_schema(parley_store *st, const char *path) {
  int appid = 0, version = 0, objects = 0;
  int status = read_int(st, "PRAGMA application_id", &appid);
  if (!status) status = read_int(st, "PRAGMA user_version", &version);
  if (!status) status = read_int(st, "SELECT count(*) FROM sqlite_schema", &objects);
  if (status) {
    if (status == PARLEY_ESCHEMA || status == PARLEY_ERROR) {
      set_err(st, "%s is not a parley database or is corrupt (%s)", path, sqlite3_errmsg(st->db));
      status = PARLEY_ESCHEMA;
    }
    return status;
  }
  if (appid != PL_STORE_APPLICATION_ID && (appid != 0 || objects != 0)) {
    set_err(st, "%s is an SQLite database but not a parley database", path);
    return PARLEY_ESCHEMA;
  }
  if (version < 0) {
    /* user_version indexes migrations[]: a negative one is a hostile or damaged file, never ours */
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
  if (objects == 0 && version == 0) {
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
  if (!strncmp(path, "postgres://", 11) || !strncmp(path, "postgresql://", 13)) {
    set_err(st, "%s: this parley is built with the SQLite store only", path);
    return PARLEY_EINVAL;
  }
  st->flags = opts->flags;
  st->batch_size = opts->batch_size ? opts->batch_size : 200;
  st->window = opts->story_window_days > 0 ? opts->story_window_days : 0;
  st->diag = opts->diag;
  st->diag_payload = opts->diag_payload;
  int readonly = (st->flags & PARLEY_STORE_READONLY) != 0;
  int oflags = readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
  int rc = sqlite3_open_v2(path, &st->db, oflags | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK) {
    int status = db_fail(st, rc, path);
    if (readonly && (rc & 0xff) == SQLITE_CANTOPEN) {
      set_err(st, "%s: cannot open the database (does it exist?)", path);
      status = PARLEY_ENOTFOUND;
    }
    return status;
  }
  sqlite3_extended_result_codes(st->db, 1);
  /* the file is outside input: no schema-borne code, no writable sqlite_schema */
  sqlite3_db_config(st->db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, (int *)NULL);
  sqlite3_db_config(st->db, SQLITE_DBCONFIG_DEFENSIVE, 1, (int *)NULL);
  sqlite3_busy_timeout(st->db, 10000);
  rc = sqlite3_create_function_v2(st->db, "pl_distance_km", 4, SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
                                  NULL, sql_distance_km, NULL, NULL, NULL);
  if (rc != SQLITE_OK) return db_fail(st, rc, path);
  int status = open_schema(st, path);
  if (status) return status;
  if (!readonly) {
    /* WAL: readers do not block the ingest and a crash cannot tear a committed batch */
    status = exec(st, "PRAGMA journal_mode = WAL", "switching to WAL");
    if (!status) status = exec(st, "PRAGMA synchronous = NORMAL", "setting synchronous");
    /* per-article savepoints journal every page they touch: keep that journal and a batch's pages in RAM */
    if (!status) status = exec(st, "PRAGMA temp_store = MEMORY", "setting temp_store");
    if (!status) status = exec(st, "PRAGMA cache_size = -32768", "setting the cache size");
    if (!status) status = exec(st, "PRAGMA wal_autocheckpoint = 8192", "setting the checkpoint interval");
    if (!status)
      status = exec(st, "CREATE TEMP TABLE IF NOT EXISTS pl_gone(id INTEGER PRIMARY KEY)", "preparing");
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
  st->n_undated = 0;
  free(st->sentence_text);
  st->sentence_text = NULL;
  free(st->sentence_off);
  st->sentence_off = NULL;
  st->n_sentences = 0;
  st->article_events = 0;
}

int parley_store_commit(parley_store *st) {
  if (!st || !st->db) return PARLEY_EINVAL;
  if (st->in_article) {
    set_err(st, "parley_store_commit: an article is still open");
    return PARLEY_EINVAL;
  }
  if (!st->in_batch) return PARLEY_OK;
  int status = exec(st, "COMMIT", "committing a batch");
  if (status) sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
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
    sqlite3_finalize(c->q);
    c->q = NULL;
    c->st = NULL;
    c->done = 1;
    c->have_pending = 0;
  }
  st->cursors = NULL;
  if (st->db) {
    if (st->in_article) parley_store_abort_article(st);
    status = parley_store_commit(st);
    for (int i = 0; i < S_COUNT; i++) sqlite3_finalize(st->stmt[i]);
    sqlite3_close_v2(st->db);
  }
  forget_article(st);
  pl_arena_dispose(&st->pending);
  free(st->p_events);
  free(st->undated);
  free(st);
  return status;
}

/* ---- writing ---- */

static int bind_article(parley_store *st, sqlite3_stmt *s, const parley_article *a, const char *hash) {
  (void)st;
  bind_text(s, 2, hash);
  bind_text(s, 3, a->title);
  bind_text(s, 4, a->date);
  bind_text(s, 5, a->source);
  bind_text(s, 6, a->url);
  bind_text(s, 7, a->language);
  bind_text(s, 8, a->file);
  sqlite3_bind_int64(s, 9, (sqlite3_int64)a->line);
  bind_text_n(s, 10, a->text, a->text_len);
  return PARLEY_OK;
}

/* Removes an article's sentences (and their index entries) and events, and stories left empty. */
static int clear_article(parley_store *st, int64_t id) {
  static const int steps[] = {S_FTS_DELETE, S_DELETE_SENTENCES, S_GONE_STORIES, S_DELETE_EVENTS};
  sqlite3_stmt *s;
  int status = PARLEY_OK;
  for (size_t i = 0; i < PL_ARRAY_LEN(steps) && !status; i++) {
    status = get_stmt(st, steps[i], &s);
    if (!status) {
      sqlite3_bind_int64(s, 1, id);
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
  sqlite3_stmt *ins, *fts;
  int status = get_stmt(st, S_INSERT_SENTENCE, &ins);
  if (!status) status = get_stmt(st, S_FTS_INSERT, &fts);
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
    sqlite3_bind_int64(ins, 1, st->article);
    sqlite3_bind_int64(ins, 2, (sqlite3_int64)i);
    sqlite3_bind_int64(ins, 3, (sqlite3_int64)sents[i].start);
    sqlite3_bind_int64(ins, 4, (sqlite3_int64)sents[i].end);
    status = run(st, S_INSERT_SENTENCE);
    if (!status) {
      sqlite3_bind_int64(fts, 1, sqlite3_last_insert_rowid(st->db));
      bind_text_n(fts, 2, p, len);
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
  sqlite3_stmt *s;
  int status = get_stmt(st, S_FIND_ARTICLE, &s);
  if (status) return status;
  bind_text(s, 1, *doc_id);
  int rc = sqlite3_step(s);
  *found = 0;
  *same = 0;
  if (rc == SQLITE_ROW) {
    *found = sqlite3_column_int64(s, 0);
    const unsigned char *old = sqlite3_column_text(s, 1);
    *same = old && !strcmp((const char *)old, hash);
  } else if (rc != SQLITE_DONE) {
    status = db_fail(st, rc, "looking up an article");
  }
  sqlite3_reset(s);
  sqlite3_clear_bindings(s);
  return status;
}

int parley_store_lookup_article(parley_store_article_state *state, parley_store *st, const parley_article *a) {
  if (!state || !st || !st->db || !a) return PARLEY_EINVAL;
  char hash[33], key[40];
  const char *doc_id;
  int64_t found = 0;
  int same = 0;
  int status = find_article(st, a, hash, key, &doc_id, &found, &same);
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
  /* the batch's write lock first: no other writer can store this article between lookup and write */
  int status = PARLEY_OK;
  if (!st->in_batch) {
    status = exec(st, "BEGIN IMMEDIATE", "starting a batch");
    if (status) return status;
    st->in_batch = 1;
    st->batch_articles = 0;
  }
  char hash[33], key[40];
  const char *doc_id;
  int64_t found = 0;
  int same = 0;
  status = find_article(st, a, hash, key, &doc_id, &found, &same);
  if (status) return status;
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
static int assign_story(parley_store *st, const parley_event *ev, int64_t *story) {
  sqlite3_stmt *s;
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
    status = get_stmt(st, S_FIND_STORY, &s);
    if (status) return status;
    bind_text(s, 1, ka);
    bind_text(s, 2, kb);
    bind_text(s, 3, root);
    char plus[32], minus[32], oldest[32];
    snprintf(plus, sizeof plus, "+%d days", st->window);
    snprintf(minus, sizeof minus, "-%d days", st->window);
    snprintf(oldest, sizeof oldest, "-%d days", st->window + PL_STORY_MAX_DAYS);
    bind_field(s, 4, ev->date, sizeof ev->date);
    sqlite3_bind_text(s, 5, plus, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 6, minus, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 7, oldest, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(s);
    *story = 0;
    if (rc == SQLITE_ROW) *story = sqlite3_column_int64(s, 0);
    else if (rc != SQLITE_DONE) status = db_fail(st, rc, "grouping stories");
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
    if (status) return status;
  }
  if (!undated && *story) {
    status = get_stmt(st, S_WIDEN_STORY, &s);
    if (status) return status;
    sqlite3_bind_int64(s, 1, *story);
    bind_field(s, 2, ev->date, sizeof ev->date);
    return run(st, S_WIDEN_STORY);
  }
  status = get_stmt(st, S_INSERT_STORY, &s);
  if (status) return status;
  bind_text(s, 1, ka);
  bind_text(s, 2, kb);
  bind_text(s, 3, root);
  bind_field(s, 4, ev->date, sizeof ev->date);
  if (undated) sqlite3_bind_int64(s, 5, st->article);
  else sqlite3_bind_null(s, 5);
  status = run(st, S_INSERT_STORY);
  if (status) return status;
  *story = sqlite3_last_insert_rowid(st->db);
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

static void bind_actor(sqlite3_stmt *s, int first, const parley_event_actor *x) {
  bind_field(s, first, x->code, sizeof x->code);
  bind_field(s, first + 1, x->country, sizeof x->country);
  bind_text(s, first + 2, x->text);
  if (x->text || x->span.end) {
    sqlite3_bind_int64(s, first + 3, (sqlite3_int64)x->span.start);
    sqlite3_bind_int64(s, first + 4, (sqlite3_int64)x->span.end);
  } else {
    sqlite3_bind_null(s, first + 3);
    sqlite3_bind_null(s, first + 4);
  }
}

/* Writes one event of the article being written (st->article). */
static int write_event(parley_store *st, const parley_event *ev) {
  int64_t story = 0;
  int status = assign_story(st, ev, &story);
  sqlite3_stmt *s;
  if (!status) status = get_stmt(st, S_INSERT_EVENT, &s);
  if (status) return status;
  sqlite3_bind_int64(s, 1, st->article);
  sqlite3_bind_int64(s, 2, (sqlite3_int64)ev->sentence);
  bind_field(s, 3, ev->date, sizeof ev->date);
  if (ev->doc_source && (!st->article_outlet || strcmp(ev->doc_source, st->article_outlet)))
    bind_text(s, 4, ev->doc_source);
  else
    sqlite3_bind_null(s, 4);
  bind_actor(s, 5, &ev->source);
  bind_actor(s, 10, &ev->target);
  bind_field(s, 15, ev->cameo, sizeof ev->cameo);
  if (ev->root[0]) bind_field(s, 16, ev->root, sizeof ev->root);
  else bind_text_n(s, 16, ev->cameo, strnlen(ev->cameo, 2));
  sqlite3_bind_int(s, 17, ev->quad_class);
  sqlite3_bind_double(s, 18, ev->goldstein);
  bind_text(s, 19, ev->plover_event);
  bind_text(s, 20, ev->plover_mode);
  bind_text(s, 21, ev->location_name);
  if (ev->location_country[0]) bind_field(s, 22, ev->location_country, sizeof ev->location_country);
  else sqlite3_bind_null(s, 22);
  bind_text(s, 23, ev->verb);
  bind_text(s, 24, ev->pattern);
  pl_strbuf sb = PL_STRBUF_INIT;
  spans_json(&sb, ev->spans, ev->spans ? ev->n_spans : 0);
  if (sb.failed) {
    pl_strbuf_dispose(&sb);
    set_err(st, "out of memory");
    return PARLEY_ENOMEM;
  }
  sqlite3_bind_text(s, 25, sb.ptr, (int)sb.len, SQLITE_TRANSIENT);
  pl_strbuf_dispose(&sb);
  /* the sentence is usually stored already: keep its text once */
  int same_text = 0;
  if (ev->text && ev->sentence < st->n_sentences) {
    size_t off = st->sentence_off[ev->sentence], len = st->sentence_off[ev->sentence + 1] - off;
    same_text = strlen(ev->text) == len && !memcmp(ev->text, st->sentence_text + off, len);
  }
  if (same_text) sqlite3_bind_null(s, 26);
  else bind_text(s, 26, ev->text);
  sqlite3_bind_int64(s, 27, story);
  /* coordinates only come with a gazetteer's place (location_from set): the words after "in" that a coder
     without one keeps have none, and 0,0 would put them in the Gulf of Guinea */
  if (ev->location_name && ev->location_from) {
    if (ev->location_geonameid) sqlite3_bind_int64(s, 28, (sqlite3_int64)ev->location_geonameid);
    else sqlite3_bind_null(s, 28);
    sqlite3_bind_double(s, 29, ev->location_lat);
    sqlite3_bind_double(s, 30, ev->location_lon);
    if (ev->location_feature[0]) bind_field(s, 31, ev->location_feature, sizeof ev->location_feature);
    else sqlite3_bind_null(s, 31);
    bind_text(s, 32, ev->location_admin1);
    bind_text(s, 33, ev->location_from);
  } else {
    for (int i = 28; i <= 33; i++) sqlite3_bind_null(s, i);
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

/* Writes the article held in memory, its sentences and its events. */
static int write_pending(parley_store *st) {
  const parley_article *a = &st->p_article;
  sqlite3_stmt *s;
  int status = PARLEY_OK;
  if (st->p_found) {
    status = clear_article(st, st->p_found);
    if (!status) status = get_stmt(st, S_UPDATE_ARTICLE, &s);
    if (!status) {
      sqlite3_bind_int64(s, 1, st->p_found);
      bind_article(st, s, a, st->p_hash);
      sqlite3_bind_int64(s, 11, (sqlite3_int64)st->p_n_sentences);
      status = run(st, S_UPDATE_ARTICLE);
    }
    st->article = st->p_found;
  } else {
    status = get_stmt(st, S_INSERT_ARTICLE, &s);
    if (!status) {
      bind_text(s, 1, st->p_doc_id);
      bind_article(st, s, a, st->p_hash);
      sqlite3_bind_int64(s, 11, (sqlite3_int64)st->p_n_sentences);
      status = run(st, S_INSERT_ARTICLE);
      st->article = sqlite3_last_insert_rowid(st->db);
    }
  }
  st->article_outlet = a->source;
  st->article_events = 0;
  if (!status) status = store_sentences(st, a, st->p_sentences, st->p_n_sentences);
  for (size_t i = 0; i < st->p_n_events && !status; i++) status = write_event(st, &st->p_events[i]);
  if (!status) status = get_stmt(st, S_SET_NEVENTS, &s);
  if (!status) {
    sqlite3_bind_int64(s, 1, st->article);
    sqlite3_bind_int64(s, 2, st->article_events);
    status = run(st, S_SET_NEVENTS);
  }
  return status;
}

int parley_store_end_article(parley_store *st) {
  if (!st) return PARLEY_EINVAL;
  if (!st->in_article) {
    set_err(st, "parley_store_end_article: no article begun");
    return PARLEY_EINVAL;
  }
  int status = write_pending(st);
  forget_article(st);
  if (status) {
    /* part of the article may be written: drop the whole open batch (a re-run stores it again) */
    char msg[sizeof st->errmsg];
    memcpy(msg, st->errmsg, sizeof msg);
    sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
    st->in_batch = 0;
    st->batch_articles = 0;
    snprintf(st->errmsg, sizeof st->errmsg, "%.400s (the open batch was rolled back)", msg);
    return status;
  }
  if (++st->batch_articles >= st->batch_size) status = parley_store_commit(st);
  return status;
}

size_t parley_store_uncommitted(const parley_store *st) { return st && st->in_batch ? st->batch_articles : 0; }

int parley_store_abort_article(parley_store *st) {
  if (!st) return PARLEY_EINVAL;
  /* nothing of it has been written yet */
  forget_article(st);
  return PARLEY_OK;
}

int parley_store_stats_get(parley_store_stats *out, parley_store *st) {
  if (!out || !st || !st->db) return PARLEY_EINVAL;
  memset(out, 0, sizeof *out);
  static const char *const sql[] = {"SELECT count(*) FROM articles", "SELECT count(*) FROM sentences",
                                    "SELECT count(*) FROM events", "SELECT count(*) FROM stories"};
  uint64_t *dst[] = {&out->articles, &out->sentences, &out->events, &out->stories};
  for (size_t i = 0; i < PL_ARRAY_LEN(sql); i++) {
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v2(st->db, sql[i], -1, &s, NULL);
    if (rc == SQLITE_OK) rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) *dst[i] = (uint64_t)sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    if (rc != SQLITE_ROW) return db_fail(st, rc, "counting");
  }
  return PARLEY_OK;
}

int parley_store_check(int *ok, parley_store *st) {
  if (!ok || !st || !st->db) return PARLEY_EINVAL;
  *ok = 0;
  sqlite3_stmt *s = NULL;
  int rc = sqlite3_prepare_v2(st->db, "PRAGMA integrity_check(20)", -1, &s, NULL);
  if (rc != SQLITE_OK) return db_fail(st, rc, "checking the database");
  pl_strbuf msg = PL_STRBUF_INIT;
  while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
    const char *line = (const char *)sqlite3_column_text(s, 0);
    if (line && strcmp(line, "ok")) {
      pl_strbuf_puts(&msg, msg.len ? "; " : "integrity check: ");
      pl_strbuf_puts(&msg, line);
    }
  }
  sqlite3_finalize(s);
  if (rc != SQLITE_DONE) {
    pl_strbuf_dispose(&msg);
    return db_fail(st, rc, "checking the database");
  }
  if (!msg.len && !(st->flags & PARLEY_STORE_READONLY)) {
    /* the full-text index's own structure (the special insert needs a writable handle) */
    rc = sqlite3_exec(st->db, "INSERT INTO sentences_fts(sentences_fts) VALUES('integrity-check')", NULL, NULL, NULL);
    if (rc != SQLITE_OK) pl_strbuf_printf(&msg, "full-text index: %s", sqlite3_errmsg(st->db));
  }
  if (!msg.len) {
    /* the index is contentless: check that it holds exactly the stored sentences */
    int missing = -1, extra = -1;
    int status = read_int(st, "SELECT count(*) FROM sentences WHERE id NOT IN (SELECT rowid FROM sentences_fts)",
                          &missing);
    if (!status)
      status = read_int(st, "SELECT count(*) FROM sentences_fts WHERE rowid NOT IN (SELECT id FROM sentences)",
                        &extra);
    if (status) pl_strbuf_printf(&msg, "full-text index: %s", st->errmsg);
    else if (missing || extra)
      pl_strbuf_printf(&msg, "full-text index: %d sentences missing, %d stale entries", missing, extra);
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
 * ("..." with " doubled), so nothing the user types is operator syntax; FTS5 ANDs them. An unclosed quote runs
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
  pl_strbuf_puts(&q->sql, " (e.date > ? OR (e.date = ? AND e.id > CAST(? AS INTEGER)))");
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
  const double km_per_degree = 6371.0088 * 3.14159265358979323846 / 180.0;
  double dlat = f->near_km / km_per_degree;
  pl_strbuf_puts(&q->sql, " AND e.location_lat BETWEEN CAST(? AS REAL) AND CAST(? AS REAL)");
  bind_double(q, f->near_lat - dlat);
  bind_double(q, f->near_lat + dlat);
  double far_lat = fabs(f->near_lat) + dlat;
  if (far_lat < 89.0) {
    double dlon = dlat / cos(far_lat * 3.14159265358979323846 / 180.0);
    if (f->near_lon - dlon > -180 && f->near_lon + dlon < 180) {
      pl_strbuf_puts(&q->sql, " AND e.location_lon BETWEEN CAST(? AS REAL) AND CAST(? AS REAL)");
      bind_double(q, f->near_lon - dlon);
      bind_double(q, f->near_lon + dlon);
    }
  }
  pl_strbuf_puts(&q->sql, " AND pl_distance_km(e.location_lat, e.location_lon, CAST(? AS REAL), CAST(? AS REAL))"
                          " <= CAST(? AS REAL)");
  bind_double(q, f->near_lat);
  bind_double(q, f->near_lon);
  bind_double(q, f->near_km);
}

/* The WHERE conditions on events `e` for a filter; "1" when there are none. */
static void where(query_build *q, const parley_store_filter *f) {
  pl_strbuf_puts(&q->sql, " WHERE 1");
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
    pl_strbuf_puts(&q->sql, " AND (e.article, e.sentence) IN (SELECT s.article, s.idx FROM sentences s"
                            " WHERE s.id IN (SELECT rowid FROM sentences_fts WHERE sentences_fts MATCH ?))");
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
    pl_strbuf_puts(&q->sql, " AND e.id = CAST(? AS INTEGER)");
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
    pl_strbuf_puts(&q->sql, " AND e.location_admin1 = ? COLLATE NOCASE");
    add_bind(&q->b, f->location_admin1);
  }
  if (f->near_km > 0) cond_near(q, f);
}

/* The columns of a result row, read by fill_row in this order. */
#define ROW_COLUMNS_COMMON \
    "e.id, e.story, a.doc_id, coalesce(e.outlet, a.outlet), e.sentence, e.date," \
    " e.source_code, e.source_country, e.source_text, e.source_start, e.source_end," \
    " e.target_code, e.target_country, e.target_text, e.target_start, e.target_end," \
    " e.cameo, e.root, e.quad_class, e.goldstein, e.plover_event, e.plover_mode, e.location_name," \
    " e.location_country, e.verb, e.pattern, e.spans," \
    " coalesce(e.text, CAST(substr(CAST(a.text AS BLOB), s.start + 1, s.end - s.start) AS TEXT))," \
    " a.title, a.url, a.date, "
static const char row_columns[] = ROW_COLUMNS_COMMON
    "e.location_geonameid, e.location_lat, e.location_lon, e.location_feature, e.location_admin1, e.location_from";
/* a schema-2 store, opened read-only, has no location columns but location_name and location_country */
static const char row_columns_v2[] = ROW_COLUMNS_COMMON "NULL, NULL, NULL, NULL, NULL, NULL";

static const char *row_cols(const parley_store *st) { return st->schema >= 3 ? row_columns : row_columns_v2; }
static const char row_joins[] =
    " JOIN articles a ON a.id = e.article LEFT JOIN sentences s ON s.article = e.article AND s.idx = e.sentence";

static int prepare_built(parley_store *st, query_build *q, sqlite3_stmt **out) {
  if (q->sql.failed || q->b.overflow) {
    set_err(st, "out of memory");
    return PARLEY_ENOMEM;
  }
  int rc = sqlite3_prepare_v2(st->db, q->sql.ptr, -1, out, NULL);
  if (rc != SQLITE_OK) return damaged(st, rc);
  for (size_t i = 0; i < q->b.n; i++) sqlite3_bind_text(*out, (int)i + 1, q->b.v[i], -1, SQLITE_TRANSIENT);
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
  if (status) return status;
  pl_arena arena;
  pl_arena_init(&arena, 0);
  query_build q = {PL_STRBUF_INIT, {{0}, 0, 0}, &arena};
  if (f->grouping == PARLEY_STORE_MENTIONS) {
    pl_strbuf_printf(&q.sql, "SELECT %s, 1, 1, CASE WHEN coalesce(e.outlet, a.outlet) IS NULL THEN 0 ELSE 1 END,"
                             " e.date FROM events e %s",
                     row_cols(st), row_joins);
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
    pl_strbuf_puts(&q.sql, "WITH g AS (SELECT CAST(substr(min(printf('%-10s%020d', e.date, e.id)), 11) AS INTEGER) AS rep,"
                           " count(*) AS n, count(DISTINCT e.article) AS na,"
                           " count(DISTINCT coalesce(e.outlet, a.outlet)) AS no, max(e.date) AS last"
                           " FROM events e JOIN articles a ON a.id = e.article");
    where(&q, f);
    pl_strbuf_printf(&q.sql, " GROUP BY %s) SELECT %s, g.n, g.na, g.no, g.last FROM g JOIN events e ON e.id = g.rep%s",
                     key, row_cols(st), row_joins);
    if (f->after_id) {
      pl_strbuf_puts(&q.sql, " WHERE");
      cond_after(&q, f);
    }
  }
  pl_strbuf_puts(&q.sql, " ORDER BY e.date, e.id");
  if (f->limit) pl_strbuf_printf(&q.sql, " LIMIT %llu", (unsigned long long)f->limit);
  sqlite3_stmt *stmt = NULL;
  status = prepare_built(st, &q, &stmt);
  pl_strbuf_dispose(&q.sql);
  pl_arena_dispose(&arena);
  if (status) return status;
  status = new_cursor(out, st, C_ROWS);
  if (status) {
    sqlite3_finalize(stmt);
    return status;
  }
  (*out)->q = stmt;
  (*out)->has_text = f->text != NULL;
  return PARLEY_OK;
}

/* Copies column i as a NUL-terminated string into the cursor's arena; NULL stays NULL. */
static const char *col_str(parley_store_cursor *c, int i) {
  const unsigned char *t = sqlite3_column_text(c->q, i);
  if (!t) return NULL;
  size_t n = (size_t)sqlite3_column_bytes(c->q, i);
  return pl_arena_strndup(&c->arena, (const char *)t, n);
}

static void col_field(parley_store_cursor *c, int i, char *dst, size_t cap) {
  const unsigned char *t = sqlite3_column_text(c->q, i);
  size_t n = t ? (size_t)sqlite3_column_bytes(c->q, i) : 0;
  if (n >= cap) n = cap - 1;
  if (n) memcpy(dst, t, n);
  dst[n] = '\0';
}

static size_t col_size(parley_store_cursor *c, int i) {
  sqlite3_int64 v = sqlite3_column_int64(c->q, i);
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
  r->event_id = sqlite3_column_int64(c->q, 0);
  r->story_id = sqlite3_column_int64(c->q, 1);
  ev->doc_id = col_str(c, 2);
  ev->doc_source = col_str(c, 3);
  ev->sentence = col_size(c, 4);
  col_field(c, 5, ev->date, sizeof ev->date);
  fill_actor(c, 6, &ev->source);
  fill_actor(c, 11, &ev->target);
  col_field(c, 16, ev->cameo, sizeof ev->cameo);
  col_field(c, 17, ev->root, sizeof ev->root);
  ev->quad_class = sqlite3_column_int(c->q, 18);
  ev->goldstein = sqlite3_column_double(c->q, 19);
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
  ev->location_geonameid = (uint32_t)sqlite3_column_int64(c->q, 31);
  ev->location_lat = sqlite3_column_double(c->q, 32);
  ev->location_lon = sqlite3_column_double(c->q, 33);
  col_field(c, 34, ev->location_feature, sizeof ev->location_feature);
  ev->location_admin1 = col_str(c, 35);
  ev->location_from = col_str(c, 36);
  r->mentions = (uint64_t)sqlite3_column_int64(c->q, 37);
  r->articles = (uint64_t)sqlite3_column_int64(c->q, 38);
  r->outlets = (uint64_t)sqlite3_column_int64(c->q, 39);
  r->last_date = col_str(c, 40);
}

static int step_cursor(parley_store_cursor *c) {
  int rc = sqlite3_step(c->q);
  if (rc == SQLITE_ROW) return PARLEY_OK;
  c->done = 1;
  if (rc == SQLITE_DONE) return PARLEY_EDONE;
  int status = db_fail(c->st, rc, "reading the store");
  /* a plain SQL error while stepping can only come from the full-text query's syntax */
  if (status == PARLEY_ERROR && c->has_text)
    set_err(c->st, "bad full-text query: %s", sqlite3_errmsg(c->st->db));
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
  if (status) return status;
  const char *pexpr;
  switch (period) {
  case PARLEY_STORE_DAY: pexpr = "date"; break;
  case PARLEY_STORE_WEEK: pexpr = "date(date, 'weekday 0', '-6 days')"; break;
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
  query_build q = {PL_STRBUF_INIT, {{0}, 0, 0}, &arena};
  pl_strbuf_printf(&q.sql, "SELECT %s AS p, quad_class, count(*), total(goldstein), pc, pa FROM (", pexpr);
  /* a one-a-day event or a story placed in several places counts once in each: the place joins the group key */
  switch (f->grouping) {
  case PARLEY_STORE_DAILY:
    pl_strbuf_printf(&q.sql, "SELECT e.date AS date, e.quad_class AS quad_class, max(e.goldstein) AS goldstein, %s"
                             " FROM events e", place);
    where(&q, f);
    pl_strbuf_puts(&q.sql, " AND e.date <> '' GROUP BY e.date, e.source_code, e.target_code, e.cameo, pc, pa");
    break;
  case PARLEY_STORE_STORIES:
    pl_strbuf_printf(&q.sql, "SELECT min(e.date) AS date, e.quad_class AS quad_class, max(e.goldstein) AS goldstein,"
                             " %s FROM events e", place);
    where(&q, f);
    pl_strbuf_puts(&q.sql, " AND e.date <> '' GROUP BY e.story, pc, pa");
    break;
  default:
    pl_strbuf_printf(&q.sql, "SELECT e.date AS date, e.quad_class AS quad_class, e.goldstein AS goldstein, %s"
                             " FROM events e", place);
    where(&q, f);
    pl_strbuf_puts(&q.sql, " AND e.date <> ''");
  }
  pl_strbuf_puts(&q.sql, ") GROUP BY pc, pa, p, quad_class ORDER BY pc, pa, p, quad_class");
  sqlite3_stmt *stmt = NULL;
  status = prepare_built(st, &q, &stmt);
  pl_strbuf_dispose(&q.sql);
  pl_arena_dispose(&arena);
  if (status) return status;
  status = new_cursor(out, st, C_SERIES);
  if (status) {
    sqlite3_finalize(stmt);
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
    const char *a1 = (const char *)sqlite3_column_text(c->q, 5);
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
    int quad = sqlite3_column_int(c->q, 1);
    uint64_t n = (uint64_t)sqlite3_column_int64(c->q, 2);
    double g = sqlite3_column_double(c->q, 3);
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
  if (status) return status;
  pl_arena arena;
  pl_arena_init(&arena, 0);
  query_build q = {PL_STRBUF_INIT, {{0}, 0, 0}, &arena};
  /* each side through its own index, then merged: an OR over both columns would scan the table */
  pl_strbuf_puts(&q.sql, "SELECT code, count(*), total(src), total(tgt) FROM (SELECT e.source_code AS code,"
                         " 1 AS src, 0 AS tgt FROM events e");
  where(&q, f);
  pl_strbuf_puts(&q.sql, " UNION ALL SELECT e.target_code, 0, 1 FROM events e");
  where(&q, f);
  pl_strbuf_puts(&q.sql, ") WHERE code <> '' GROUP BY code ORDER BY count(*) DESC, code");
  if (f->limit) pl_strbuf_printf(&q.sql, " LIMIT %llu", (unsigned long long)f->limit);
  sqlite3_stmt *stmt = NULL;
  status = prepare_built(st, &q, &stmt);
  pl_strbuf_dispose(&q.sql);
  pl_arena_dispose(&arena);
  if (status) return status;
  status = new_cursor(out, st, C_ACTORS);
  if (status) {
    sqlite3_finalize(stmt);
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
  x->events = (uint64_t)sqlite3_column_int64(c->q, 1);
  x->as_source = (uint64_t)sqlite3_column_int64(c->q, 2);
  x->as_target = (uint64_t)sqlite3_column_int64(c->q, 3);
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
  if (status) return status;
  pl_arena arena;
  pl_arena_init(&arena, 0);
  query_build q = {PL_STRBUF_INIT, {{0}, 0, 0}, &arena};
  if (by == PARLEY_STORE_TOP_ACTOR) {
    /* each side through its own index, then merged, as parley_store_actors does */
    pl_strbuf_puts(&q.sql, "SELECT k, count(*), count(DISTINCT a) FROM (SELECT e.source_code AS k, e.article AS a"
                           " FROM events e");
    where(&q, f);
    pl_strbuf_puts(&q.sql, " UNION ALL SELECT e.target_code, e.article FROM events e");
    where(&q, f);
    pl_strbuf_puts(&q.sql, ") WHERE k <> ''");
  } else {
    pl_strbuf_puts(&q.sql, by == PARLEY_STORE_TOP_DYAD
                               ? "SELECT k, count(*), count(DISTINCT a) FROM (SELECT e.source_code || ':' ||"
                                 " e.target_code AS k, e.article AS a, e.source_code AS s, e.target_code AS t"
                                 " FROM events e"
                               : "SELECT k, count(*), count(DISTINCT a) FROM (SELECT e.cameo AS k, e.article AS a,"
                                 " 'x' AS s, 'x' AS t FROM events e");
    where(&q, f);
    pl_strbuf_puts(&q.sql, ") WHERE s <> '' AND t <> '' AND k <> ''");
  }
  pl_strbuf_puts(&q.sql, " GROUP BY k ORDER BY count(*) DESC, k");
  if (f->limit) pl_strbuf_printf(&q.sql, " LIMIT %llu", (unsigned long long)f->limit);
  sqlite3_stmt *stmt = NULL;
  status = prepare_built(st, &q, &stmt);
  pl_strbuf_dispose(&q.sql);
  pl_arena_dispose(&arena);
  if (status) return status;
  status = new_cursor(out, st, C_TOP);
  if (status) {
    sqlite3_finalize(stmt);
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
  x->events = (uint64_t)sqlite3_column_int64(c->q, 1);
  x->articles = (uint64_t)sqlite3_column_int64(c->q, 2);
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
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2(st->db,
                              "SELECT id, doc_id, title, date, outlet, url, language, text, file, line FROM articles"
                              " WHERE doc_id = ?1",
                              -1, &stmt, NULL);
  if (rc != SQLITE_OK) return db_fail(st, rc, "reading an article");
  sqlite3_bind_text(stmt, 1, doc_id, -1, SQLITE_TRANSIENT);
  int status = new_cursor(out, st, C_ARTICLE);
  if (status) {
    sqlite3_finalize(stmt);
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
  sqlite3_stmt *s = NULL;
  int rc = sqlite3_prepare_v2(c->st->db, "SELECT start, end FROM sentences WHERE article = ?1 ORDER BY idx", -1, &s,
                              NULL);
  if (rc != SQLITE_OK) return db_fail(c->st, rc, "reading sentences");
  sqlite3_bind_int64(s, 1, id);
  size_t cap = 0, n = 0;
  parley_span *v = NULL;
  int status = PARLEY_OK;
  while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
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
    sqlite3_int64 a = sqlite3_column_int64(s, 0), b = sqlite3_column_int64(s, 1);
    v[n].start = a > 0 ? (size_t)a : 0;
    v[n].end = b > 0 ? (size_t)b : 0;
    n++;
  }
  if (status == PARLEY_OK && rc != SQLITE_ROW && rc != SQLITE_DONE) status = db_fail(c->st, rc, "reading sentences");
  sqlite3_finalize(s);
  if (status == PARLEY_ENOMEM) set_err(c->st, "out of memory");
  c->sentences = status ? NULL : v;
  c->n_sentences = status ? 0 : n;
  return status;
}

int parley_store_articles(parley_store_cursor **out, parley_store *st) {
  if (!out || !st || !st->db) return PARLEY_EINVAL;
  *out = NULL;
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2(st->db,
                              "SELECT id, doc_id, title, date, outlet, url, language, text, file, line FROM articles"
                              " WHERE id > ?1 ORDER BY id LIMIT 1",
                              -1, &stmt, NULL);
  if (rc != SQLITE_OK) return db_fail(st, rc, "reading articles");
  int status = new_cursor(out, st, C_ARTICLES);
  if (status) {
    sqlite3_finalize(stmt);
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
  sqlite3_reset(c->q);
  if (c->kind == C_ARTICLES) sqlite3_bind_int64(c->q, 1, c->last_article);
  int status = step_cursor(c);
  if (status) return status;
  parley_article *x = &c->article;
  memset(x, 0, sizeof *x);
  c->last_article = sqlite3_column_int64(c->q, 0);
  const char *doc_id = col_str(c, 1);
  /* articles stored without an id were keyed by their hash: hand them back without one */
  x->id = doc_id && strncmp(doc_id, "sha:", 4) ? doc_id : "";
  x->title = col_str(c, 2);
  x->date = col_str(c, 3);
  x->source = col_str(c, 4);
  x->url = col_str(c, 5);
  x->language = col_str(c, 6);
  x->text = col_str(c, 7);
  x->text_len = x->text ? (size_t)sqlite3_column_bytes(c->q, 7) : 0;
  x->file = col_str(c, 8);
  x->line = (unsigned long)sqlite3_column_int64(c->q, 9);
  sqlite3_reset(c->q);
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
  sqlite3_finalize(c->q);
  pl_arena_dispose(&c->arena);
  if (c->st) {
    if (c->prev) c->prev->next = c->next;
    else c->st->cursors = c->next;
    if (c->next) c->next->prev = c->prev;
  }
  free(c);
}

/* ---- tests' door to old schemas ---- */

int pl_store_create_at_version(const char *path, int version, char *errbuf, size_t errlen) {
  if (version < 1 || version > PARLEY_STORE_SCHEMA_VERSION) return PARLEY_EINVAL;
  parley_store st;
  memset(&st, 0, sizeof st);
  int rc = sqlite3_open_v2(path, &st.db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
  int status = rc == SQLITE_OK ? migrate(&st, 0, version) : db_fail(&st, rc, path);
  if (status && errbuf && errlen) snprintf(errbuf, errlen, "%s", st.errmsg);
  sqlite3_close_v2(st.db);
  return status;
}
