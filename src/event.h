/* event.h: the event serialiser's internals that the store shares, so that a stored row and a freshly coded
 * event are written as JSON by one piece of code (the API is parley/event.h). */
#ifndef PL_EVENT_H
#define PL_EVENT_H
#include <parley/event.h>
#include "util/strbuf.h"

/* Appends the JSON object of e as parley_event_write writes it, without its closing brace, so that callers can
 * add fields of their own. */
void pl_event_json_fields(pl_strbuf *sb, const parley_event *e);
#endif
