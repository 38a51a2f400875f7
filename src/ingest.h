/* ingest.h: what the readers (ingest.c) share with other stages: the date parser.
 * The reader itself is public: include/parley/article.h. */
#ifndef PL_INGEST_H
#define PL_INGEST_H
#include <stddef.h>

/* Parses "YYYY-MM-DD" or an RFC 3339 timestamp ("2016-05-11T08:30:00Z"), keeping the date part, into out
 * (NUL-terminated). Returns 1 when s[0..n) is such a date, 0 otherwise. */
int pl_parse_date(const char *s, size_t n, char out[11]);

#endif
