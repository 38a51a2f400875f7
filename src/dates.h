/* dates.h: calendar arithmetic and the date words of news text ("on Monday", "Wednesday night", "yesterday",
 * "last week", "on November 27", "Dec 2016"), resolved against an article's publication date. */
#ifndef PL_DATES_H
#define PL_DATES_H
#include <parley/types.h>
#include <stddef.h>

typedef struct pl_date {
  int y, m, d; /* y == 0: unknown */
} pl_date;

typedef enum pl_date_precision { PL_DATE_DAY = 1, PL_DATE_MONTH = 2, PL_DATE_YEAR = 3 } pl_date_precision;

/* One date expression found in a sentence: tokens [tok_start, tok_end) of the array given. */
typedef struct pl_date_expr {
  size_t tok_start, tok_end;
  pl_date date;        /* first day of the month/year for coarser precisions */
  int precision;       /* pl_date_precision */
  int anchored;        /* 1 when introduced by "on", "in", "during", ... (an event date, not a modifier) */
} pl_date_expr;

/* Parses "YYYY-MM-DD" (and the date part of RFC 3339); returns 0 on success, -1 for anything else. */
int pl_date_parse(const char *s, pl_date *out);
/* Parses a date bound: YYYY, YYYY-MM or YYYY-MM-DD and nothing more; *first and *last (may be NULL) get the first
 * and last day it covers. Returns the pl_date_precision, or 0 when s is none of these. */
int pl_date_parse_bound(const char *s, pl_date *first, pl_date *last);
/* Writes "YYYY-MM-DD" and a NUL into out (11 bytes); "" when the date is unknown. */
void pl_date_format(pl_date d, char out[11]);
/* Days since 1970-01-01 and back. */
long pl_date_to_days(pl_date d);
pl_date pl_date_from_days(long days);
/* 0 = Monday ... 6 = Sunday. */
int pl_date_weekday(pl_date d);
int pl_date_valid(pl_date d);

/* Finds the date expressions in toks[0..n) (matched on token folds) and resolves them against pub (the
 * publication date; when unknown, only absolute dates resolve). Writes at most max and returns the count. */
size_t pl_dates_find(const parley_token *toks, size_t n, pl_date pub, pl_date_expr *out, size_t max);
#endif
