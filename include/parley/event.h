/* parley/event.h: writing coded events as JSONL, TSV (GDELT-style) or CSV. */
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
  PARLEY_OUTPUT_TSV = 2,   /* tab-separated, one header line; tabs and newlines in text become spaces */
  PARLEY_OUTPUT_CSV = 3,   /* RFC 4180, one header line */
} parley_output_format;

/* Writes the header line of a TSV or CSV table (nothing for JSONL). Returns PARLEY_OK or PARLEY_EIO. */
PARLEY_EXPORT int parley_event_write_header(FILE *out, parley_output_format format);

/* Writes one event as a line. JSONL fields: doc_id, outlet, sentence (0-based index among the article's cleaned
 * sentences), date ("YYYY-MM-DD", or null with "date_note" when the article has no date), source and target
 * ({code, country, text, span}), cameo, root, quad_class, goldstein, plover {event, mode}, location ({name, geonameid, lat, lon, feature, admin1,
 * country, from} with a gazetteer, {name, country} without, or null), evidence {verb, pattern, spans}, text. Returns PARLEY_OK, PARLEY_ENOMEM or PARLEY_EIO. */
PARLEY_EXPORT int parley_event_write(FILE *out, const parley_event *ev, parley_output_format format);

/* Writes s as a JSON string literal, quotes included (null for NULL); s must be valid UTF-8, as every string
 * parley hands out is. For callers that wrap events in JSON of their own. Returns PARLEY_OK, PARLEY_ENOMEM or
 * PARLEY_EIO. */
PARLEY_EXPORT int parley_json_write_string(FILE *out, const char *s);

#ifdef __cplusplus
}
#endif
#endif
