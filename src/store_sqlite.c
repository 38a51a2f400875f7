/* store_sqlite.c: the SQLite backend of the event store (one database file): connection, statements, the
 * schema version in the file header (PRAGMA user_version, application_id "PRLY") and the dialect's SQL.
 *
 * A database file is outside input: it is opened with trusted_schema off and defensive on, so a crafted schema
 * cannot run functions through views or triggers (hence no triggers: the FTS5 index is maintained from C). */
#include <parley/errors.h>
#include <parley/gazetteer.h>
#include <parley/store.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "store.h"
#include "store_db.h"

static const char *const sqlite_migrations[PARLEY_STORE_SCHEMA_VERSION] = {
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


static const char *const sqlite_tables[] = {"meta", "articles", "sentences", "sentences_fts", "events", NULL};

static const pl_dialect sqlite_dialect = {
    .migrations = sqlite_migrations,
    .tables = sqlite_tables,
    .fts_insert = "INSERT INTO sentences_fts(rowid, text) VALUES(?1, ?2)",
    /* a contentless index forgets a row only when given the text it indexed: cut it from the article again */
    .fts_delete = "INSERT INTO sentences_fts(sentences_fts, rowid, text)"
                  " SELECT 'delete', s.id, CAST(substr(CAST(a.text AS BLOB), s.start + 1, s.end - s.start) AS TEXT)"
                  " FROM sentences s JOIN articles a ON a.id = s.article WHERE s.article = ?1",
    .insert_sentence = "INSERT INTO sentences(article, idx, start, \"end\") VALUES(?1, ?2, ?3, ?4) RETURNING id",
    .gone_stories = "INSERT OR IGNORE INTO temp.pl_gone(id) SELECT story FROM events"
                    " WHERE article = ?1 AND story IS NOT NULL",
    .fts_match = "s.id IN (SELECT rowid FROM sentences_fts WHERE sentences_fts MATCH ?)",
    .first_mention = "CAST(substr(min(printf('%-10s%020d', e.date, e.id)), 11) AS INTEGER)",
    .sentence_text = "CAST(substr(CAST(a.text AS BLOB), s.start + 1, s.\"end\" - s.start) AS TEXT)",
    .week_of = "date(date, 'weekday 0', '-6 days')",
    .temp_gone = "CREATE TEMP TABLE IF NOT EXISTS pl_gone(id INTEGER PRIMARY KEY)",
    .admin1_match = "e.location_admin1 = ? COLLATE NOCASE",
};

typedef struct sq_db {
  pl_db base;
  sqlite3 *db;
  int readonly;
  char err[512];
} sq_db;

typedef struct sq_stmt {
  pl_stmt base;
  sqlite3_stmt *s;
} sq_stmt;

/* Maps an SQLite failure to a status and records its message. */
static int sq_fail(sq_db *d, int rc) {
  int ext = d->db ? sqlite3_extended_errcode(d->db) : rc;
  snprintf(d->err, sizeof d->err, "%s", d->db ? sqlite3_errmsg(d->db) : sqlite3_errstr(rc));
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

/* pl_distance_km(lat1, lon1, lat2, lon2): the great-circle distance for --near, parley_geo_distance_km itself
 * (PostgreSQL's migration 3 defines the same formula in SQL). SQLite's own math functions are a compile-time
 * option that Debian's build need not have; NULL coordinates give NULL (no match). */
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

static int sq_open(pl_db **out, const char *path, int readonly) {
  sq_db *d = calloc(1, sizeof *d);
  *out = (pl_db *)d;
  if (!d) return PARLEY_ENOMEM;
  d->base.ops = &pl_db_sqlite;
  d->readonly = readonly;
  int oflags = readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
  int rc = sqlite3_open_v2(path, &d->db, oflags | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK) {
    int status = sq_fail(d, rc);
    if (readonly && (rc & 0xff) == SQLITE_CANTOPEN) {
      snprintf(d->err, sizeof d->err, "%s: cannot open the database (does it exist?)", path);
      status = PARLEY_ENOTFOUND;
    } else {
      char msg[sizeof d->err];
      memcpy(msg, d->err, sizeof msg);
      snprintf(d->err, sizeof d->err, "%s: %.400s", path, msg);
    }
    return status;
  }
  sqlite3_extended_result_codes(d->db, 1);
  /* the file is outside input: no schema-borne code, no writable sqlite_schema */
  sqlite3_db_config(d->db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, (int *)NULL);
  sqlite3_db_config(d->db, SQLITE_DBCONFIG_DEFENSIVE, 1, (int *)NULL);
  sqlite3_busy_timeout(d->db, 10000);
  rc = sqlite3_create_function_v2(d->db, "pl_distance_km", 4, SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
                                  NULL, sql_distance_km, NULL, NULL, NULL);
  if (rc != SQLITE_OK) return sq_fail(d, rc);
  return PARLEY_OK;
}

/* Settings for a writer, once the schema is known to be parley's. */
static int sq_exec(pl_db *db, const char *sql);
static int sq_writer_setup(pl_db *db) {
  sq_db *d = (sq_db *)db;
  /* WAL: readers do not block the ingest and a crash cannot tear a committed batch */
  static const char *const pragmas[] = {
      "PRAGMA journal_mode = WAL", "PRAGMA synchronous = NORMAL",
      /* per-article savepoints journal every page they touch: keep that journal and a batch's pages in RAM */
      "PRAGMA temp_store = MEMORY", "PRAGMA cache_size = -32768", "PRAGMA wal_autocheckpoint = 8192"};
  int status = PARLEY_OK;
  for (size_t i = 0; i < sizeof pragmas / sizeof *pragmas && !status; i++) status = sq_exec(&d->base, pragmas[i]);
  return status;
}

static void sq_close(pl_db *db) {
  sq_db *d = (sq_db *)db;
  if (!d) return;
  sqlite3_close_v2(d->db);
  free(d);
}

static const char *sq_errmsg(const pl_db *db) { return ((const sq_db *)db)->err; }

static int sq_exec(pl_db *db, const char *sql) {
  sq_db *d = (sq_db *)db;
  int rc = sqlite3_exec(d->db, sql, NULL, NULL, NULL);
  return rc == SQLITE_OK ? PARLEY_OK : sq_fail(d, rc);
}

static int sq_prepare(pl_db *db, const char *sql, int persistent, pl_stmt **out) {
  sq_db *d = (sq_db *)db;
  *out = NULL;
  sq_stmt *s = calloc(1, sizeof *s);
  if (!s) {
    snprintf(d->err, sizeof d->err, "out of memory");
    return PARLEY_ENOMEM;
  }
  s->base.db = db;
  int rc = sqlite3_prepare_v3(d->db, sql, -1, persistent ? SQLITE_PREPARE_PERSISTENT : 0, &s->s, NULL);
  if (rc != SQLITE_OK) {
    free(s);
    int status = sq_fail(d, rc);
    /* parley's own SQL failing to prepare on a database whose tables passed the open checks means the schema is
       damaged (e.g. the full-text index's tables) or was altered by someone else */
    int primary = sqlite3_extended_errcode(d->db) & 0xff;
    if (primary == SQLITE_ERROR || primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB) {
      char msg[sizeof d->err];
      memcpy(msg, d->err, sizeof msg);
      snprintf(d->err, sizeof d->err, "the database is damaged or its schema was altered (%.400s)", msg);
      status = PARLEY_ESCHEMA;
    }
    return status;
  }
  *out = &s->base;
  return PARLEY_OK;
}

static void sq_finalize(pl_stmt *st) {
  sq_stmt *s = (sq_stmt *)st;
  if (!s) return;
  sqlite3_finalize(s->s);
  free(s);
}

/* Binding past a statement's last parameter is ignored: a dialect's statement may need fewer values. */
static void sq_bind_text(pl_stmt *st, int i, const char *v, size_t n) {
  sqlite3_stmt *s = ((sq_stmt *)st)->s;
  if (i > sqlite3_bind_parameter_count(s)) return;
  if (v) sqlite3_bind_text64(s, i, v, (sqlite3_uint64)n, SQLITE_TRANSIENT, SQLITE_UTF8);
  else sqlite3_bind_null(s, i);
}

static void sq_bind_int64(pl_stmt *st, int i, int64_t v) {
  sqlite3_bind_int64(((sq_stmt *)st)->s, i, (sqlite3_int64)v);
}

static void sq_bind_double(pl_stmt *st, int i, double v) { sqlite3_bind_double(((sq_stmt *)st)->s, i, v); }

static int sq_step(pl_stmt *st) {
  sq_stmt *s = (sq_stmt *)st;
  int rc = sqlite3_step(s->s);
  if (rc == SQLITE_ROW) return PL_DB_ROW;
  if (rc == SQLITE_DONE) return PL_DB_DONE;
  return sq_fail((sq_db *)st->db, rc);
}

static void sq_reset(pl_stmt *st) {
  sq_stmt *s = (sq_stmt *)st;
  sqlite3_reset(s->s);
  sqlite3_clear_bindings(s->s);
}

static const char *sq_column_text(pl_stmt *st, int i, size_t *n) {
  sqlite3_stmt *s = ((sq_stmt *)st)->s;
  const unsigned char *t = sqlite3_column_text(s, i);
  if (n) *n = t ? (size_t)sqlite3_column_bytes(s, i) : 0;
  return (const char *)t;
}

static int64_t sq_column_int64(pl_stmt *st, int i) { return sqlite3_column_int64(((sq_stmt *)st)->s, i); }

static double sq_column_double(pl_stmt *st, int i) { return sqlite3_column_double(((sq_stmt *)st)->s, i); }

static int read_int(sq_db *d, const char *sql, int *out) {
  sqlite3_stmt *s = NULL;
  int rc = sqlite3_prepare_v2(d->db, sql, -1, &s, NULL);
  if (rc == SQLITE_OK) {
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
      *out = sqlite3_column_int(s, 0);
      rc = SQLITE_OK;
    }
  }
  int status = rc == SQLITE_OK ? PARLEY_OK : sq_fail(d, rc);
  sqlite3_finalize(s);
  return status;
}

static int sq_header(pl_db *db, int *ours, int *version, int *empty) {
  sq_db *d = (sq_db *)db;
  int appid = 0, objects = 0;
  int status = read_int(d, "PRAGMA application_id", &appid);
  if (!status) status = read_int(d, "PRAGMA user_version", version);
  if (!status) status = read_int(d, "SELECT count(*) FROM sqlite_schema", &objects);
  if (status) return status;
  *empty = objects == 0;
  *ours = appid == PL_STORE_APPLICATION_ID || (appid == 0 && objects == 0);
  return status;
}

static int sq_set_version(pl_db *db, int version, int first) {
  char sql[96];
  snprintf(sql, sizeof sql, "PRAGMA user_version = %d", version);
  int status = sq_exec(db, sql);
  if (!status && first) {
    snprintf(sql, sizeof sql, "PRAGMA application_id = %d", PL_STORE_APPLICATION_ID);
    status = sq_exec(db, sql);
  }
  return status;
}

static int sq_begin_write(pl_db *db) { return sq_exec(db, "BEGIN IMMEDIATE"); }

static int sq_has_table(pl_db *db, const char *name, int *present) {
  sq_db *d = (sq_db *)db;
  sqlite3_stmt *s = NULL;
  int rc = sqlite3_prepare_v2(d->db, "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?1", -1, &s, NULL);
  if (rc == SQLITE_OK) {
    sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
    rc = sqlite3_step(s);
  }
  *present = rc == SQLITE_ROW;
  int status = rc == SQLITE_ROW || rc == SQLITE_DONE ? PARLEY_OK : sq_fail(d, rc);
  sqlite3_finalize(s);
  return status;
}

static int sq_check(pl_db *db, pl_strbuf *msg) {
  sq_db *d = (sq_db *)db;
  sqlite3_stmt *s = NULL;
  int rc = sqlite3_prepare_v2(d->db, "PRAGMA integrity_check(20)", -1, &s, NULL);
  if (rc != SQLITE_OK) return sq_fail(d, rc);
  while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
    const char *line = (const char *)sqlite3_column_text(s, 0);
    if (line && strcmp(line, "ok")) {
      pl_strbuf_puts(msg, msg->len ? "; " : "integrity check: ");
      pl_strbuf_puts(msg, line);
    }
  }
  sqlite3_finalize(s);
  if (rc != SQLITE_DONE) return sq_fail(d, rc);
  if (!msg->len && !d->readonly) {
    /* the full-text index's own structure (the special insert needs a writable handle) */
    rc = sqlite3_exec(d->db, "INSERT INTO sentences_fts(sentences_fts) VALUES('integrity-check')", NULL, NULL, NULL);
    if (rc != SQLITE_OK) pl_strbuf_printf(msg, "full-text index: %s", sqlite3_errmsg(d->db));
  }
  if (!msg->len) {
    /* the index is contentless: check that it holds exactly the stored sentences */
    int missing = -1, extra = -1;
    int status = read_int(d, "SELECT count(*) FROM sentences WHERE id NOT IN (SELECT rowid FROM sentences_fts)",
                          &missing);
    if (!status)
      status = read_int(d, "SELECT count(*) FROM sentences_fts WHERE rowid NOT IN (SELECT id FROM sentences)", &extra);
    if (status) pl_strbuf_printf(msg, "full-text index: %s", d->err);
    else if (missing || extra)
      pl_strbuf_printf(msg, "full-text index: %d sentences missing, %d stale entries", missing, extra);
  }
  return PARLEY_OK;
}

const pl_db_ops pl_db_sqlite = {
    .name = "sqlite",
    .sql = &sqlite_dialect,
    .open = sq_open,
    .close = sq_close,
    .errmsg = sq_errmsg,
    .exec = sq_exec,
    .prepare = sq_prepare,
    .finalize = sq_finalize,
    .bind_text = sq_bind_text,
    .bind_int64 = sq_bind_int64,
    .bind_double = sq_bind_double,
    .step = sq_step,
    .reset = sq_reset,
    .column_text = sq_column_text,
    .column_int64 = sq_column_int64,
    .column_double = sq_column_double,
    .header = sq_header,
    .set_version = sq_set_version,
    .begin_write = sq_begin_write,
    .check = sq_check,
    .has_table = sq_has_table,
    .writer_setup = sq_writer_setup,
};

const pl_db_ops *pl_db_for(const char *target) {
  if (!strncmp(target, "postgres://", 11) || !strncmp(target, "postgresql://", 13)) return pl_db_postgres;
  return &pl_db_sqlite;
}
