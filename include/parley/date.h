/* parley/date.h: the one parser of the dates users write (options, API parameters, range bounds), shared by the
 * command, the server and the store so that all of them accept and refuse the same strings. */
#ifndef PARLEY_DATE_H
#define PARLEY_DATE_H
#include "export.h"
#ifdef __cplusplus
extern "C" {
#endif

/* How much of a date is known. */
typedef enum parley_date_precision {
  PARLEY_DATE_INVALID = 0,
  PARLEY_DATE_DAY = 1,   /* YYYY-MM-DD */
  PARLEY_DATE_MONTH = 2, /* YYYY-MM */
  PARLEY_DATE_YEAR = 3,  /* YYYY */
} parley_date_precision;

/* The forms parley_date_parse accepts, for messages. */
#define PARLEY_DATE_FORMS "YYYY, YYYY-MM or YYYY-MM-DD"

/* Parses a calendar date written YYYY, YYYY-MM or YYYY-MM-DD (year 0001-9999; the day must exist: 2016-02-30 is
 * refused; nothing may follow). first and last (OUT, 11 bytes each, may be NULL) receive the first and last day
 * the string covers as YYYY-MM-DD ("2016" = 2016-01-01 .. 2016-12-31). Returns the precision, or
 * PARLEY_DATE_INVALID (first and last untouched). */
PARLEY_EXPORT parley_date_precision parley_date_parse(const char *s, char *first, char *last);

#ifdef __cplusplus
}
#endif
#endif
