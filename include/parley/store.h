/* parley/store.h: the event store. Articles (metadata and cleaned text), their sentences (full-text indexed)
 * and their coded events live in one database that analysts query, deduplicate and aggregate.
 *
 * The default backend is an SQLite file (WAL journal, schema version with migrations, batched transactions);
 * a postgresql:// URL selects a PostgreSQL database instead, with the same schema, results and guarantees.
 *
 * Writing:  parley_store_open -> for each article: parley_store_begin_article, parley_store_add_event...,
 *           parley_store_end_article -> parley_store_close (commits). Articles are committed in batches of
 *           opts.batch_size: after a crash the database holds every committed batch, and nothing of the
 *           batch that was in flight. Re-running the same input then stores only what is missing.
 * Reading:  parley_store_query / parley_store_series give a cursor; pull rows with parley_store_cursor_next
 *           or parley_store_cursor_next_bucket until PARLEY_EDONE; free it with parley_store_cursor_free.
 *
 * A store handle is used by one thread at a time; two handles on one file work from two threads or
 * processes (readers do not block the writer). */
#ifndef PARLEY_STORE_H
#define PARLEY_STORE_H
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "errors.h"
#include "export.h"
#include "types.h"
#include "event.h"
#ifdef __cplusplus
extern "C" {
#endif

typedef struct parley_store parley_store;
typedef struct parley_store_cursor parley_store_cursor;

/* The newest schema version this library writes; older databases are migrated when opened for writing. */
#define PARLEY_STORE_SCHEMA_VERSION 3

/* parley_store_options.flags */
#define PARLEY_STORE_READONLY 0x01u /* open for queries only; never creates, migrates or writes */

typedef struct parley_store_options {
  unsigned version;         /* PARLEY_STORE_OPTIONS_VERSION */
  unsigned flags;           /* PARLEY_STORE_* */
  unsigned batch_size;      /* articles per committed transaction; 0 picks 200 */
  int story_window_days;    /* story grouping: a mention joins a story of the same two actors (their countries, or
                               codes when they have none) and CAMEO root code whose dates lie within this many
                               days of its own; for consultations and agreements (roots 04, code 057) the pair is
                               unordered. Negative picks 0 (same day only). Default 1. A story takes new mentions
                               for at most 7 days (plus the window) after its first one. */
  parley_diag_fn diag;      /* optional: warnings about data being stored (an event pointing past the article's
                               sentences, an event date that is not YYYY-MM-DD); the data is stored anyway */
  void *diag_payload;
} parley_store_options;
#define PARLEY_STORE_OPTIONS_VERSION 1
#define PARLEY_STORE_OPTIONS_INIT {PARLEY_STORE_OPTIONS_VERSION, 0u, 0u, 1, NULL, NULL}

/* CONSTRUCTOR: opens (creating when absent, unless READONLY) the store at path: an SQLite file name, or a
 * PostgreSQL connection URL (postgres://... or postgresql://..., e.g. postgresql://user@host/dbname; the
 * database must exist and use UTF8; the schema is created in it). Several processes may write one PostgreSQL
 * store at once: each batch holds the store's writer lock while it is written, and the result is what one
 * writer would have stored (see docs/internals/store.md).
 * opts may be NULL for defaults. *out is set even on failure (so that parley_store_errmsg can explain);
 * close it with parley_store_close in every case.
 * Returns PARLEY_OK; PARLEY_ESCHEMA when the file is not a parley database, is corrupt, or comes from a newer
 * schema version; PARLEY_ENOTFOUND when READONLY and the file does not exist; PARLEY_EIO when it cannot be
 * opened; PARLEY_ENOMEM. */
PARLEY_EXPORT int parley_store_open(parley_store **out, const char *path, const parley_store_options *opts);

/* DESTRUCTOR: commits the open batch (if any) and closes. NULL is a no-op. Returns PARLEY_OK, or
 * PARLEY_ERROR when the final commit failed (that batch is then lost; earlier batches are safe). */
PARLEY_EXPORT int parley_store_close(parley_store *st);

/* Message for the last failure on st, owned by st and valid until the next call on it. Never NULL. */
PARLEY_EXPORT const char *parley_store_errmsg(const parley_store *st);

/* The schema version of the open database. */
PARLEY_EXPORT int parley_store_schema_version(const parley_store *st);

/* What parley_store_begin_article found. */
typedef enum parley_store_article_state {
  PARLEY_STORE_NEW = 1,       /* not stored before: stored now */
  PARLEY_STORE_CHANGED = 2,   /* stored with other content: old sentences and events removed, new ones follow */
  PARLEY_STORE_UNCHANGED = 3, /* stored with the same content: nothing written; skip coding it */
} parley_store_article_state;

/* parley_store_begin_article flags */
#define PARLEY_STORE_REPLACE 0x01u /* treat an unchanged article as changed (re-coding with new dictionaries) */

/* METHOD: starts storing one article: its metadata, text and cleaned sentences (byte spans of a->text).
 * The article is identified by a->id, or by a hash of its content when a->id is NULL or empty; its content
 * hash covers title, date, outlet, URL and text. Copies everything it needs (TRANSIENT).
 * *state says what was found. After NEW or CHANGED, add the article's events with parley_store_add_event and
 * finish with parley_store_end_article (or parley_store_abort_article to drop it all). After UNCHANGED the
 * article is already complete: do not add events or call end/abort.
 * Returns PARLEY_OK; PARLEY_EINVAL (NULL text, a sentence span outside the text, an article already begun);
 * PARLEY_ERROR (database error, see errmsg). */
PARLEY_EXPORT int parley_store_begin_article(parley_store_article_state *state, parley_store *st,
                                             const parley_article *a, const parley_sentence *sentences,
                                             size_t n_sentences, unsigned flags);

/* METHOD: tells what parley_store_begin_article would find for a, without writing anything: lets a caller
 * skip cleaning and coding an article that is stored unchanged. Returns PARLEY_OK or PARLEY_ERROR. */
PARLEY_EXPORT int parley_store_lookup_article(parley_store_article_state *state, parley_store *st,
                                              const parley_article *a);

/* METHOD: adds one event of the article begun last (ev->doc_id is ignored; ev->doc_source, when set,
 * overrides the article's outlet). Copies everything. Mentions of the same dyad and CAMEO code close in time
 * are grouped into one story (see story_window_days).
 * Returns PARLEY_OK; PARLEY_EINVAL when no article is begun; PARLEY_ERROR. */
PARLEY_EXPORT int parley_store_add_event(parley_store *st, const parley_event *ev);

/* METHOD: writes the article begun last with its events (until now they were held in memory); it is committed
 * with its batch. Returns PARLEY_OK; PARLEY_EINVAL when none is begun; PARLEY_ERROR, PARLEY_EIO, PARLEY_ESCHEMA
 * (a database failure: the open batch is rolled back, earlier batches are safe, and a re-run of the same input
 * stores what was lost). */
PARLEY_EXPORT int parley_store_end_article(parley_store *st);

/* METHOD: drops the article begun last and the events added to it (an article that failed to code); nothing of
 * it has been written, so a CHANGED article keeps its stored version. */
PARLEY_EXPORT int parley_store_abort_article(parley_store *st);

/* METHOD: commits the open batch now. */
PARLEY_EXPORT int parley_store_commit(parley_store *st);

/* Articles ended since the last commit: written, but lost if their batch fails to commit. 0 right after a
 * commit, so a caller counting what is stored counts a batch when this drops to 0 without an error. */
PARLEY_EXPORT size_t parley_store_uncommitted(const parley_store *st);

/* Totals held by the store. */
typedef struct parley_store_stats {
  uint64_t articles, sentences, events, stories;
} parley_store_stats;

/* METHOD: fills *out with the totals (including the uncommitted batch). */
PARLEY_EXPORT int parley_store_stats_get(parley_store_stats *out, parley_store *st);

/* METHOD: checks the database's integrity (every page, index and the full-text index). *ok is 1 when sound;
 * otherwise 0 and parley_store_errmsg says what is wrong. Reads the whole file: slow on big stores.
 * Returns PARLEY_OK (whatever *ok says) or PARLEY_ERROR when the check itself could not run. */
PARLEY_EXPORT int parley_store_check(int *ok, parley_store *st);

/* ---- Reading ---- */

/* How query rows are grouped. */
typedef enum parley_store_grouping {
  PARLEY_STORE_MENTIONS = 0, /* one row per coded sentence (event mention) */
  PARLEY_STORE_DAILY = 1,    /* one-a-day: one row per date, source code, target code and CAMEO code */
  PARLEY_STORE_STORIES = 2,  /* one row per story: one event reported many times, by many outlets, coded with
                                related codes (same root) or actor detail (IRNGOV, IRN), in either direction
                                for consultations; see story_window_days */
} parley_store_grouping;

/* parley_store_filter.flags */
#define PARLEY_STORE_MUTUAL 0x01u /* source/target match in either direction; with only one of them set, the
                                     actor may be either the source or the target */
#define PARLEY_STORE_TEXT_PLAIN 0x02u /* text is plain words and "quoted phrases", each taken literally (quoted
                                         for FTS5 by the store: "U.S." is a phrase, OR a word); without it text is
                                         FTS5 query syntax */

/* What to select. Every field is optional (NULL / 0 = no condition); conditions combine with AND. */
typedef struct parley_store_filter {
  unsigned version;        /* PARLEY_STORE_FILTER_VERSION */
  const char *source;      /* source actor code or code prefix: "IRN" matches IRN, IRNGOV, IRNMIL... */
  const char *target;      /* target actor code or prefix */
  unsigned flags;          /* PARLEY_STORE_MUTUAL, PARLEY_STORE_TEXT_PLAIN */
  const char *code;        /* CAMEO code prefix: "04" matches 040..046, "0411" only itself */
  int quad_class;          /* 1..4, 0 = any */
  const char *from, *to;   /* inclusive event dates YYYY-MM-DD (or a prefix: "2016", "2016-05") */
  const char *text;        /* full-text query over the sentences (FTS5 syntax: words, "phrases", OR, NEAR) */
  const char *article_id;  /* only this article's events */
  parley_store_grouping grouping;
  uint64_t limit;          /* at most this many rows, 0 = all */
  /* version 2: */
  const char *after_date;  /* keyset paging: only rows that come after the row (after_date, after_id) in result
                              order (event date, then event id; for grouped rows those of the first mention), */
  int64_t after_id;        /* i.e. pass the last row's event.date and event_id to get the next page; 0 = none */
  int64_t event_id;        /* only this event (parley_store_row.event_id), 0 = any */
  /* version 3: where the event happened (the location_* fields of parley_event) */
  const char *location_country; /* the place's ISO alpha-3 country, e.g. "SYR" (case does not matter) */
  const char *location_admin1;  /* the place's first-level region, by name, e.g. "Aleppo" (case does not
                                   matter; the region itself and every place in it) */
  double near_lat, near_lon;    /* with near_km > 0: only events placed within near_km kilometres (great */
  double near_km;               /* circle) of this point, in degrees; events with no coordinates never match */
} parley_store_filter;
#define PARLEY_STORE_FILTER_VERSION 3
#define PARLEY_STORE_FILTER_INIT                                                                            \
  {PARLEY_STORE_FILTER_VERSION, NULL, NULL, 0u, NULL, 0, NULL, NULL, NULL, NULL, PARLEY_STORE_MENTIONS, 0,   \
   NULL, 0, 0, NULL, NULL, 0.0, 0.0, 0.0}

/* One result row. Strings are borrowed from the cursor until its next call. For grouped rows `event` is the
 * first mention (ordered by date, then insertion); the counts cover the whole group. */
typedef struct parley_store_row {
  parley_event event;        /* event.doc_id is the article id; event.spans as stored (also in spans_json) */
  const char *spans_json;    /* evidence spans as JSON [[start,end],...] */
  const char *article_title; /* or NULL */
  const char *article_url;   /* or NULL */
  const char *article_date;  /* publication date, or NULL */
  int64_t event_id;          /* stable while the article is not replaced */
  int64_t story_id;
  uint64_t mentions;         /* 1 for PARLEY_STORE_MENTIONS */
  uint64_t articles;         /* distinct articles in the group */
  uint64_t outlets;          /* distinct known outlets in the group */
  const char *last_date;     /* latest mention date of the group (= event.date for single mentions) */
} parley_store_row;

/* CONSTRUCTOR: runs a query. f may be NULL (everything). Rows come ordered by event date, then insertion.
 * Free the cursor with parley_store_cursor_free; closing st first ends it (its calls return PARLEY_EDONE), and
 * it must still be freed.
 * Returns PARLEY_OK; PARLEY_EINVAL (bad filter: unknown grouping, quad class out of range, an empty or
 * malformed --text query); PARLEY_ERROR. */
PARLEY_EXPORT int parley_store_query(parley_store_cursor **out, parley_store *st, const parley_store_filter *f);

/* METHOD: the next row; *row is borrowed until the next call. Returns PARLEY_OK, PARLEY_EDONE at the end,
 * PARLEY_ERROR (e.g. a corrupt page, a bad full-text query; see parley_store_errmsg of the store). */
PARLEY_EXPORT int parley_store_cursor_next(parley_store_cursor *c, const parley_store_row **row);

/* Writes row r as one JSON line: the fields of parley_event_write's JSONL, then event_id, story_id, mentions,
 * articles, outlets, last_date, title, url and article_date. Returns PARLEY_OK, PARLEY_ENOMEM or PARLEY_EIO. */
PARLEY_EXPORT int parley_store_row_write_json(FILE *out, const parley_store_row *r);

/* Writes the header line of parley_store_row_write's TSV or CSV: parley_event_write_header's columns, then
 * event_id, story_id, mentions, articles, outlets, last_date, title, url, article_date. Nothing for other
 * formats. Returns PARLEY_OK or PARLEY_EIO. */
PARLEY_EXPORT int parley_store_row_write_header(FILE *out, parley_output_format format);

/* Writes row r in format: JSONL as parley_store_row_write_json; TSV and CSV as parley_event_write followed by the
 * store's columns (the header above), so that `parley code` and `parley query` share one schema; Phoenix and
 * GDELT with the row's event id, article URL and counts. Returns PARLEY_OK, PARLEY_ENOMEM or PARLEY_EIO. */
PARLEY_EXPORT int parley_store_row_write(FILE *out, const parley_store_row *r, parley_output_format format);

/* Time-series bucket sizes. */
typedef enum parley_store_period {
  PARLEY_STORE_DAY = 1,
  PARLEY_STORE_WEEK = 2,  /* weeks start on Monday; labelled by that Monday's date */
  PARLEY_STORE_MONTH = 3, /* labelled YYYY-MM */
  PARLEY_STORE_YEAR = 4,  /* labelled YYYY */
} parley_store_period;

/* How parley_store_series_by_place splits a series by where the events happened. */
typedef enum parley_store_place_key {
  PARLEY_STORE_PLACE_NONE = 0,    /* one series for all events (= parley_store_series) */
  PARLEY_STORE_PLACE_COUNTRY = 1, /* one series per location country */
  PARLEY_STORE_PLACE_ADMIN1 = 2,  /* one series per (location country, first-level region) */
} parley_store_place_key;

/* One period of a series. Indexes 1..4 of the arrays are the QuadClasses; index 0 is unused. */
typedef struct parley_store_bucket {
  char period[11];        /* YYYY-MM-DD, YYYY-MM or YYYY */
  uint64_t events;        /* all QuadClasses */
  double goldstein;       /* sum of Goldstein scores */
  uint64_t quad_events[5];
  double quad_goldstein[5];
  /* series by place: the place's ISO alpha-3 country and (PARLEY_STORE_PLACE_ADMIN1) region name; "" for the
     events placed nowhere (or in no known region); always "" in a series not split by place */
  char country[8];
  const char *admin1;
} parley_store_bucket;

/* CONSTRUCTOR: counts and Goldstein sums per period for the events f selects (undated events are left out).
 * With f->grouping == PARLEY_STORE_DAILY each one-a-day event counts once (Goldstein of its code once);
 * STORIES counts each story once in the period of its first mention; otherwise every mention counts.
 * Only periods with events appear, in order. Returns as parley_store_query. */
PARLEY_EXPORT int parley_store_series(parley_store_cursor **out, parley_store *st, const parley_store_filter *f,
                                      parley_store_period period);

/* CONSTRUCTOR: the same series, one per place: buckets come ordered by country, region, then period, and the
 * counts of all places add up to the series of parley_store_series. A one-a-day event or a story whose
 * mentions are placed in several places counts once in each. by = PARLEY_STORE_PLACE_NONE is
 * parley_store_series. Returns as parley_store_query (PARLEY_EINVAL for an unknown key). */
PARLEY_EXPORT int parley_store_series_by_place(parley_store_cursor **out, parley_store *st,
                                               const parley_store_filter *f, parley_store_period period,
                                               parley_store_place_key by);

/* METHOD: the next bucket of a series cursor; *b is borrowed until the next call. PARLEY_EDONE at the end. */
PARLEY_EXPORT int parley_store_cursor_next_bucket(parley_store_cursor *c, const parley_store_bucket **b);

/* DESTRUCTOR: NULL is a no-op. */
PARLEY_EXPORT void parley_store_cursor_free(parley_store_cursor *c);

/* One actor code and how many event mentions name it, for parley_store_actors. */
typedef struct parley_store_actor_count {
  const char *code;    /* full actor code, e.g. "IRNGOV" */
  uint64_t events;     /* mentions with the actor on either side */
  uint64_t as_source;
  uint64_t as_target;
} parley_store_actor_count;

/* CONSTRUCTOR: the actor codes of the event mentions f selects (f->grouping is ignored: every mention counts),
 * most frequent first (ties by code); f->limit caps the number of actors. Pull them with
 * parley_store_cursor_next_actor. Returns as parley_store_query. */
PARLEY_EXPORT int parley_store_actors(parley_store_cursor **out, parley_store *st, const parley_store_filter *f);

/* METHOD: the next actor of an actors cursor; *a is borrowed until the next call. PARLEY_EDONE at the end. */
PARLEY_EXPORT int parley_store_cursor_next_actor(parley_store_cursor *c, const parley_store_actor_count **a);

/* What parley_store_top counts by. */
typedef enum parley_store_top_by {
  PARLEY_STORE_TOP_ACTOR = 1, /* actor codes, either side of the event */
  PARLEY_STORE_TOP_DYAD = 2,  /* SOURCE:TARGET pairs of actor codes, as coded (direction kept) */
  PARLEY_STORE_TOP_CODE = 3,  /* CAMEO event codes */
} parley_store_top_by;

/* One key of parley_store_top and how often it occurs. */
typedef struct parley_store_top_row {
  const char *key;     /* "IRNGOV", "IRNGOV:RUSGOV" or "041" */
  uint64_t events;     /* event mentions */
  uint64_t articles;   /* distinct articles they come from */
} parley_store_top_row;

/* CONSTRUCTOR: the actors, dyads or event codes of the event mentions f selects (f->grouping is ignored: every
 * mention counts; events without the key, such as one-sided events for dyads, are left out), most frequent
 * first (ties by key); f->limit caps the rows. Pull them with parley_store_cursor_next_top. Returns as
 * parley_store_query (PARLEY_EINVAL for an unknown by). */
PARLEY_EXPORT int parley_store_top(parley_store_cursor **out, parley_store *st, const parley_store_filter *f,
                                   parley_store_top_by by);

/* METHOD: the next row of a top cursor; *r is borrowed until the next call. PARLEY_EDONE at the end. */
PARLEY_EXPORT int parley_store_cursor_next_top(parley_store_cursor *c, const parley_store_top_row **r);

/* CONSTRUCTOR: looks up one stored article by its id (parley_store_row.event.doc_id: the article's id, or
 * "sha:..." for one stored without an id). parley_store_cursor_next_article then gives it, or PARLEY_EDONE when
 * there is no such article, and parley_store_cursor_sentences its cleaned sentences.
 * Returns PARLEY_OK, PARLEY_EINVAL (NULL id), PARLEY_ERROR. */
PARLEY_EXPORT int parley_store_article(parley_store_cursor **out, parley_store *st, const char *doc_id);

/* The sentence spans (into the article's text, in order: index i is sentence i) of the article last returned by
 * a cursor from parley_store_article; *n gets their number. Borrowed until the cursor's next call. NULL with
 * *n = 0 before an article was returned, or for cursors of other kinds. */
PARLEY_EXPORT const parley_span *parley_store_cursor_sentences(const parley_store_cursor *c, size_t *n);

/* CONSTRUCTOR: iterates over the stored articles (for re-coding from stored text, without the sources),
 * in storage order. Safe to write to the store between calls. */
PARLEY_EXPORT int parley_store_articles(parley_store_cursor **out, parley_store *st);

/* METHOD: the next stored article; *a and its strings are borrowed until the next call. PARLEY_EDONE at
 * the end. a->file and a->line are where it was first read from. */
PARLEY_EXPORT int parley_store_cursor_next_article(parley_store_cursor *c, const parley_article **a);

/* ---- Scaling out ---- */

/* The shard (0..n-1) of article a among n: a hash of its store key (its id, or its content hash when it has
 * none), so that the same article always falls in the same shard whatever the order or the machine. n 0 or 1
 * gives 0. `parley ingest --shard K/N` keeps the articles of shard K. */
PARLEY_EXPORT unsigned parley_store_shard(const parley_article *a, unsigned n);

/* What parley_store_merge did. */
typedef struct parley_store_merge_stats {
  uint64_t articles;  /* articles of src stored into dst (new or changed there) */
  uint64_t unchanged; /* articles dst held already with the same content */
  uint64_t events;    /* events stored with them */
} parley_store_merge_stats;

/* METHOD: copies every article of src (a store opened READONLY is enough) into dst with its sentences and its
 * events, as parley_store_begin_article would store them: idempotent (an article dst holds unchanged is
 * skipped), batched like any write to dst, and each event joins dst's stories as it is added, so that stories
 * span the merged stores. Events are copied, not coded again. *stats may be NULL.
 * Returns PARLEY_OK, PARLEY_EINVAL, or the failing call's status (see both stores' errmsg). */
PARLEY_EXPORT int parley_store_merge(parley_store *dst, parley_store *src, parley_store_merge_stats *stats);

#ifdef __cplusplus
}
#endif
#endif
