/* event.c: serialises coded events as JSONL, TSV and CSV — the formats event-data users load into R, pandas and
 * databases. Column order follows the JSONL field order so the three stay in step. */
#include "event.h"
#include "util/strbuf.h"
#include <parley/errors.h>
#include <parley/event.h>
#include <string.h>

static const char *const COLUMNS[] = {"doc_id",      "outlet",         "sentence",       "date",
                                      "source_code", "source_country", "source_text",    "target_code",
                                      "target_country", "target_text", "cameo",          "root",
                                      "quad_class",  "goldstein",      "plover_event",   "plover_mode",
                                      "location_name", "location_country", "location_geonameid",
                                      "location_lat", "location_lon", "location_feature", "location_admin1",
                                      "location_from", "verb",       "pattern",
                                      "text",        NULL};

int parley_event_write_header(FILE *out, parley_output_format format) {
  if (format == PARLEY_OUTPUT_JSONL) return PARLEY_OK;
  char sep = format == PARLEY_OUTPUT_TSV ? '\t' : ',';
  for (size_t i = 0; COLUMNS[i]; i++) {
    if (i) fputc(sep, out);
    fputs(COLUMNS[i], out);
  }
  fputc('\n', out);
  return ferror(out) ? PARLEY_EIO : PARLEY_OK;
}

static void json_str(pl_strbuf *sb, const char *s) {
  if (!s) pl_strbuf_puts(sb, "null");
  else pl_strbuf_json_string(sb, s, strlen(s));
}

static void json_actor(pl_strbuf *sb, const parley_event_actor *a) {
  if (!a->code[0]) {
    pl_strbuf_puts(sb, "null");
    return;
  }
  pl_strbuf_puts(sb, "{\"code\":");
  json_str(sb, a->code);
  pl_strbuf_puts(sb, ",\"country\":");
  json_str(sb, a->country[0] ? a->country : NULL);
  pl_strbuf_puts(sb, ",\"text\":");
  json_str(sb, a->text ? a->text : "");
  pl_strbuf_printf(sb, ",\"span\":[%zu,%zu]}", a->span.start, a->span.end);
}

void pl_event_json_fields(pl_strbuf *sb, const parley_event *e) {
  pl_strbuf_puts(sb, "{\"doc_id\":");
  json_str(sb, e->doc_id);
  pl_strbuf_puts(sb, ",\"outlet\":");
  json_str(sb, e->doc_source);
  pl_strbuf_printf(sb, ",\"sentence\":%zu,\"date\":", e->sentence);
  if (e->date[0]) json_str(sb, e->date);
  else pl_strbuf_puts(sb, "null,\"date_note\":\"the article has no publication date\"");
  pl_strbuf_puts(sb, ",\"source\":");
  json_actor(sb, &e->source);
  pl_strbuf_puts(sb, ",\"target\":");
  json_actor(sb, &e->target);
  pl_strbuf_puts(sb, ",\"cameo\":");
  json_str(sb, e->cameo);
  pl_strbuf_puts(sb, ",\"root\":");
  json_str(sb, e->root);
  pl_strbuf_printf(sb, ",\"quad_class\":%d,\"goldstein\":%.1f,\"plover\":", e->quad_class, e->goldstein);
  if (e->plover_event) {
    pl_strbuf_puts(sb, "{\"event\":");
    json_str(sb, e->plover_event);
    pl_strbuf_puts(sb, ",\"mode\":");
    json_str(sb, e->plover_mode && e->plover_mode[0] ? e->plover_mode : NULL);
    pl_strbuf_puts(sb, "}");
  } else {
    pl_strbuf_puts(sb, "null");
  }
  pl_strbuf_puts(sb, ",\"location\":");
  if (e->location_name && e->location_from) {
    pl_strbuf_puts(sb, "{\"name\":");
    json_str(sb, e->location_name);
    if (e->location_geonameid) pl_strbuf_printf(sb, ",\"geonameid\":%lu", (unsigned long)e->location_geonameid);
    else pl_strbuf_puts(sb, ",\"geonameid\":null");
    pl_strbuf_printf(sb, ",\"lat\":%.4f,\"lon\":%.4f,\"feature\":", e->location_lat, e->location_lon);
    json_str(sb, e->location_feature);
    pl_strbuf_puts(sb, ",\"admin1\":");
    json_str(sb, e->location_admin1);
    pl_strbuf_puts(sb, ",\"country\":");
    json_str(sb, e->location_country[0] ? e->location_country : NULL);
    pl_strbuf_puts(sb, ",\"from\":");
    json_str(sb, e->location_from);
    pl_strbuf_puts(sb, "}");
  } else if (e->location_name) {
    pl_strbuf_puts(sb, "{\"name\":");
    json_str(sb, e->location_name);
    pl_strbuf_puts(sb, ",\"country\":");
    json_str(sb, e->location_country[0] ? e->location_country : NULL);
    pl_strbuf_puts(sb, "}");
  } else {
    pl_strbuf_puts(sb, "null");
  }
  pl_strbuf_puts(sb, ",\"evidence\":{\"verb\":");
  json_str(sb, e->verb);
  pl_strbuf_puts(sb, ",\"pattern\":");
  json_str(sb, e->pattern);
  pl_strbuf_puts(sb, ",\"spans\":[");
  for (size_t i = 0; i < e->n_spans; i++)
    pl_strbuf_printf(sb, "%s[%zu,%zu]", i ? "," : "", e->spans[i].start, e->spans[i].end);
  pl_strbuf_puts(sb, "]},\"text\":");
  json_str(sb, e->text);
}

static void write_json(pl_strbuf *sb, const parley_event *e) {
  pl_event_json_fields(sb, e);
  pl_strbuf_puts(sb, "}\n");
}

int parley_json_write_string(FILE *out, const char *s) {
  pl_strbuf sb = PL_STRBUF_INIT;
  json_str(&sb, s);
  int rc = PARLEY_OK;
  if (sb.failed) rc = PARLEY_ENOMEM;
  else if (fwrite(sb.ptr, 1, sb.len, out) != sb.len) rc = PARLEY_EIO;
  pl_strbuf_dispose(&sb);
  return rc;
}

/* One TSV/CSV cell. TSV has no quoting, so tabs and line breaks become spaces; CSV quotes when needed. */
static void cell(pl_strbuf *sb, const char *s, parley_output_format format, int first) {
  if (!first) pl_strbuf_putc(sb, format == PARLEY_OUTPUT_TSV ? '\t' : ',');
  if (!s) return;
  if (format == PARLEY_OUTPUT_TSV) {
    for (const char *p = s; *p; p++) pl_strbuf_putc(sb, (*p == '\t' || *p == '\n' || *p == '\r') ? ' ' : *p);
    return;
  }
  if (!strpbrk(s, ",\"\n\r")) {
    pl_strbuf_puts(sb, s);
    return;
  }
  pl_strbuf_putc(sb, '"');
  for (const char *p = s; *p; p++) {
    if (*p == '"') pl_strbuf_putc(sb, '"');
    pl_strbuf_putc(sb, *p);
  }
  pl_strbuf_putc(sb, '"');
}

static void write_table(pl_strbuf *sb, const parley_event *e, parley_output_format f) {
  char num[3][32], loc[3][32];
  loc[0][0] = loc[1][0] = loc[2][0] = 0;
  if (e->location_from) {
    if (e->location_geonameid) snprintf(loc[0], sizeof loc[0], "%lu", (unsigned long)e->location_geonameid);
    snprintf(loc[1], sizeof loc[1], "%.4f", e->location_lat);
    snprintf(loc[2], sizeof loc[2], "%.4f", e->location_lon);
  }
  snprintf(num[0], sizeof num[0], "%zu", e->sentence);
  snprintf(num[1], sizeof num[1], "%d", e->quad_class);
  snprintf(num[2], sizeof num[2], "%.1f", e->goldstein);
  const char *cells[] = {e->doc_id,         e->doc_source,      num[0],         e->date,
                         e->source.code,    e->source.country,  e->source.text, e->target.code,
                         e->target.country, e->target.text,     e->cameo,       e->root,
                         num[1],            num[2],             e->plover_event, e->plover_mode,
                         e->location_name,  e->location_country, loc[0],         loc[1],
                         loc[2],            e->location_feature, e->location_admin1, e->location_from,
                         e->verb,           e->pattern,         e->text};
  for (size_t i = 0; i < sizeof cells / sizeof cells[0]; i++) cell(sb, cells[i], f, i == 0);
  pl_strbuf_putc(sb, '\n');
}

int parley_event_write(FILE *out, const parley_event *ev, parley_output_format format) {
  pl_strbuf sb = PL_STRBUF_INIT;
  if (format == PARLEY_OUTPUT_JSONL) write_json(&sb, ev);
  else write_table(&sb, ev, format);
  int rc = PARLEY_OK;
  if (sb.failed) rc = PARLEY_ENOMEM;
  else if (fwrite(sb.ptr, 1, sb.len, out) != sb.len) rc = PARLEY_EIO;
  pl_strbuf_dispose(&sb);
  return rc;
}
