/* event.h: the event serialiser's internals that the store shares, so that a stored row and a freshly coded
 * event are written as JSON by one piece of code (the API is parley/event.h). */
#ifndef PL_EVENT_H
#define PL_EVENT_H
#include <parley/event.h>
#include "util/strbuf.h"

/* Appends the JSON object of e as parley_event_write writes it, without its closing brace, so that callers can
 * add fields of their own. */
void pl_event_json_fields(pl_strbuf *sb, const parley_event *e);
/* Appends the TSV or CSV cells of e as parley_event_write writes them, without the line end, and one more cell
 * (a store's own columns follow the event's); pl_event_columns is the matching header, NULL-terminated. */
void pl_event_table_fields(pl_strbuf *sb, const parley_event *e, parley_output_format format);
void pl_event_cell(pl_strbuf *sb, const char *s, parley_output_format format, int first);
extern const char *const pl_event_columns[];
#endif
