/* parley/event.h: writing coded events as JSONL, TSV or CSV (parley's own schema, docs/output.md), or in the
 * columns of the Phoenix and GDELT 2.0 event files that existing tools load. */
#ifndef PARLEY_EVENT_H
#define PARLEY_EVENT_H
#include <stdio.h>
#include "export.h"
#include "types.h"
#ifdef __cplusplus
extern "C" {
#endif

typedef enum parley_output_format {
  PARLEY_OUTPUT_JSONL = 1, /* one JSON object a line */
  PARLEY_OUTPUT_TSV = 2,   /* tab-separated, one header line; tab, newline, CR and backslash in a field are
                              written \t, \n, \r and \\ (no quoting) */
  PARLEY_OUTPUT_CSV = 3,   /* RFC 4180, one header line */
  PARLEY_OUTPUT_PHOENIX = 4, /* the 26 tab-separated columns of Phoenix daily files, no header */
  PARLEY_OUTPUT_GDELT = 5,   /* the 61 tab-separated columns of GDELT 2.0 event files (those parley cannot fill
                                are empty), no header */
} parley_output_format;

/* What a row needs beyond the event, for the Phoenix and GDELT formats. */
typedef struct parley_event_extra {
  unsigned long long id;   /* EventID / GLOBALEVENTID: unique within the output */
  const char *url;         /* the article's URL, or NULL */
  unsigned long long mentions, articles, outlets; /* GDELT NumMentions, NumArticles, NumSources; 0 = 1 */
} parley_event_extra;

/* Writes the header line of a TSV or CSV table (nothing for JSONL). Returns PARLEY_OK or PARLEY_EIO. */
PARLEY_EXPORT int parley_event_write_header(FILE *out, parley_output_format format);

/* Writes one event as a line. JSONL fields: doc_id, outlet, sentence (0-based index among the article's cleaned
 * sentences), date ("YYYY-MM-DD", or null with "date_note" when the article has no date), source and target
 * ({code, country, text, span}), cameo, root, quad_class, goldstein, plover {event, mode}, location ({name, geonameid, lat, lon, feature, admin1,
 * country, from} with a gazetteer, {name, country} without, or null), evidence {verb, pattern, spans}, text. Returns PARLEY_OK, PARLEY_ENOMEM or PARLEY_EIO. */
PARLEY_EXPORT int parley_event_write(FILE *out, const parley_event *ev, parley_output_format format);

/* Writes one event in any format; extra (may be NULL: id 0, no URL) fills the Phoenix and GDELT columns the event
 * lacks. Returns as parley_event_write. */
PARLEY_EXPORT int parley_event_write_extra(FILE *out, const parley_event *ev, parley_output_format format,
                                           const parley_event_extra *extra);

/* Writes the GDELT 2.0 mentions row (16 tab-separated columns, no header) of one event: the article that
 * mentions it, the sentence and the character offsets of its actors and verb. Returns as parley_event_write. */
PARLEY_EXPORT int parley_event_write_mention(FILE *out, const parley_event *ev, const parley_event_extra *extra);

/* Writes s as a JSON string literal, quotes included (null for NULL); s must be valid UTF-8, as every string
 * parley hands out is. For callers that wrap events in JSON of their own. Returns PARLEY_OK, PARLEY_ENOMEM or
 * PARLEY_EIO. */
PARLEY_EXPORT int parley_json_write_string(FILE *out, const char *s);

/* Writes s as one CSV field (RFC 4180, quoted only when needed; nothing for NULL) with the quoting of
 * parley_event_write's CSV, for callers that write CSV tables of their own. Returns as parley_json_write_string. */
PARLEY_EXPORT int parley_csv_write_field(FILE *out, const char *s);

#ifdef __cplusplus
}
#endif
#endif
