/* store_db.h: the backend interface behind the event store. src/store.c holds all of the store's logic (batches,
 * idempotence, stories, query building); a backend only runs SQL: it opens a connection, prepares, binds, steps
 * and reads columns, keeps the schema version, and supplies the SQL of its dialect where it differs (schema,
 * full-text search, a few expressions). Two backends: store_sqlite.c (a file) and store_pg.c (PostgreSQL). */
#ifndef PL_STORE_DB_H
#define PL_STORE_DB_H
#include <stddef.h>
#include <stdint.h>
#include "util/strbuf.h"

typedef struct pl_db pl_db;
typedef struct pl_stmt pl_stmt;

/* pl_db_ops.step results besides the PARLEY_* error statuses */
#define PL_DB_ROW 100
#define PL_DB_DONE 101

/* The statements and fragments whose SQL differs between dialects. Placeholders are written ?N (or ? in built
 * queries); the PostgreSQL backend renumbers them to $N. */
typedef struct pl_dialect {
  const char *const *migrations;  /* migrations[v-1] takes the schema from v-1 to v */
  const char *const *tables;      /* the tables every parley schema has, NULL-terminated */
  const char *fts_insert;         /* (sentence id ?1, text ?2); NULL when the sentence row indexes itself */
  const char *fts_delete;         /* (article ?1); NULL when deleting the sentences is enough */
  const char *insert_sentence;    /* (article, idx, start, end, text) RETURNING id */
  const char *gone_stories;       /* remember the stories of article ?1 in pl_gone, once each */
  const char *fts_match;          /* condition on sentences s matching the bound full-text query */
  const char *first_mention;      /* aggregate: id of the group's first mention by (date, id) */
  const char *sentence_text;      /* the sentence s cut from the article text a (byte offsets) */
  const char *week_of;            /* the Monday (YYYY-MM-DD) of the week of column `date` */
  const char *temp_gone;          /* creates the session's temporary table pl_gone(id) */
  const char *admin1_match;       /* condition: e.location_admin1 equals the bound name, ASCII case folded */
} pl_dialect;

typedef struct pl_db_ops {
  const char *name;
  const pl_dialect *sql;
  /* Opens target; *out is set even on failure (for errmsg) and must be closed. Returns PARLEY_OK, PARLEY_EIO,
     PARLEY_ENOTFOUND (readonly and absent), PARLEY_ESCHEMA (not a database), PARLEY_ENOMEM. */
  int (*open)(pl_db **out, const char *target, int readonly);
  void (*close)(pl_db *db);
  const char *(*errmsg)(const pl_db *db);
  int (*exec)(pl_db *db, const char *sql);
  /* persistent: kept for the connection's life (the write statements); otherwise a one-off query */
  int (*prepare)(pl_db *db, const char *sql, int persistent, pl_stmt **out);
  void (*finalize)(pl_stmt *s);
  void (*bind_text)(pl_stmt *s, int i, const char *v, size_t n); /* v NULL binds NULL; copied */
  void (*bind_int64)(pl_stmt *s, int i, int64_t v);
  void (*bind_double)(pl_stmt *s, int i, double v);
  int (*step)(pl_stmt *s); /* PL_DB_ROW, PL_DB_DONE or a PARLEY_* error */
  /* Optional: runs a write whose result nobody reads, possibly later (queued with others, so that a batch of
     inserts costs no round trip each); its failure then surfaces at the next call on the connection, inside the
     same transaction. NULL: step is used. */
  int (*send)(pl_stmt *s);
  void (*reset)(pl_stmt *s); /* back to the start, bindings cleared */
  const char *(*column_text)(pl_stmt *s, int i, size_t *n); /* NULL for SQL NULL */
  int64_t (*column_int64)(pl_stmt *s, int i);
  double (*column_double)(pl_stmt *s, int i);
  /* The schema header: *ours 1 when the database is parley's or empty, *version its schema version (0 when
     empty), *empty 1 when it holds no tables at all. */
  int (*header)(pl_db *db, int *ours, int *version, int *empty);
  /* Inside the migration transaction: records version (and, when first, that the database is parley's). */
  int (*set_version)(pl_db *db, int version, int first);
  /* Starts a write transaction that excludes every other writer of the store until it ends. */
  int (*begin_write)(pl_db *db);
  /* Checks the database's integrity; appends problems to *msg. */
  int (*check)(pl_db *db, pl_strbuf *msg);
  /* *present: whether the schema has table name. */
  int (*has_table)(pl_db *db, const char *name, int *present);
  /* Session settings for a writer, once the schema is in place (outside any transaction). */
  int (*writer_setup)(pl_db *db);
} pl_db_ops;

/* Every backend's connection and statement start with these. */
struct pl_db {
  const pl_db_ops *ops;
};
struct pl_stmt {
  pl_db *db;
};

extern const pl_db_ops pl_db_sqlite;
/* NULL when parley was built without libpq. */
extern const pl_db_ops *const pl_db_postgres;

/* Which backend serves target: PostgreSQL for postgres:// and postgresql:// URLs, else SQLite. */
const pl_db_ops *pl_db_for(const char *target);
#endif
