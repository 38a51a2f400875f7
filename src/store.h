/* store.h: the store stage's internals that other stages and the tests see (the API is parley/store.h). */
#ifndef PL_STORE_H
#define PL_STORE_H
#include <parley/store.h>
#include <stddef.h>
#include <stdint.h>
#include "util/common.h"

/* The application_id written in the SQLite header ("PRLY"): tells a parley database from any other. */
#define PL_STORE_APPLICATION_ID 0x50524c59

/* Content hash of an article (title, date, outlet, URL, text), as 32 lowercase hex digits + NUL. */
void pl_store_article_hash(const parley_article *a, char out[33]);

/* Creates an empty database at path with the schema of exactly `version` (1..PARLEY_STORE_SCHEMA_VERSION),
 * as an older parley would have: lets the tests check the migrations. errbuf gets a message on failure. */
PL_WARN_UNUSED int pl_store_create_at_version(const char *path, int version, char *errbuf, size_t errlen);
#endif
