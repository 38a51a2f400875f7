/* event.c: serialises coded events as JSONL, TSV and CSV — the formats event-data users load into R, pandas and
 * databases — and as the Phoenix and GDELT 2.0 columns other event-data tools read. Column order follows the JSONL
 * field order so the first three stay in step; docs/output.md documents every field. */
#include "event.h"
#include "util/strbuf.h"
#include <parley/errors.h>
#include <parley/event.h>
#include <string.h>

const char *const pl_event_columns[] = {"doc_id",      "outlet",         "sentence",       "date",
                                      "source_code", "source_country", "source_text",    "target_code",
                                      "target_country", "target_text", "cameo",          "root",
                                      "quad_class",  "goldstein",      "plover_event",   "plover_mode",
                                      "location_name", "location_country", "location_geonameid",
                                      "location_lat", "location_lon", "location_feature", "location_admin1",
                                      "location_from", "verb",       "pattern",
                                      "text",        NULL};

int parley_event_write_header(FILE *out, parley_output_format format) {
  /* Phoenix and GDELT files have no header line: tools that load them expect none */
  if (format != PARLEY_OUTPUT_TSV && format != PARLEY_OUTPUT_CSV) return PARLEY_OK;
  char sep = format == PARLEY_OUTPUT_TSV ? '\t' : ',';
  for (size_t i = 0; pl_event_columns[i]; i++) {
    if (i) fputc(sep, out);
    fputs(pl_event_columns[i], out);
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

/* One TSV/CSV cell. TSV has no quoting (a field may start with '"'), so the characters that would break a row
 * are escaped as PostgreSQL's text format and pandas' escapechar read them; CSV quotes when needed. */
void pl_event_cell(pl_strbuf *sb, const char *s, parley_output_format format, int first) {
  if (!first) pl_strbuf_putc(sb, format == PARLEY_OUTPUT_CSV ? ',' : '\t');
  if (!s) return;
  if (format != PARLEY_OUTPUT_CSV) {
    for (const char *p = s; *p; p++) {
      switch (*p) {
      case '\t': pl_strbuf_puts(sb, "\\t"); break;
      case '\n': pl_strbuf_puts(sb, "\\n"); break;
      case '\r': pl_strbuf_puts(sb, "\\r"); break;
      case '\\': pl_strbuf_puts(sb, "\\\\"); break;
      default: pl_strbuf_putc(sb, *p);
      }
    }
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

void pl_event_table_fields(pl_strbuf *sb, const parley_event *e, parley_output_format f) {
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
  for (size_t i = 0; i < sizeof cells / sizeof cells[0]; i++) pl_event_cell(sb, cells[i], f, i == 0);
}

static void write_table(pl_strbuf *sb, const parley_event *e, parley_output_format f) {
  pl_event_table_fields(sb, e, f);
  pl_strbuf_putc(sb, '\n');
}

/* Splits a CAMEO actor code into Phoenix's entity (the country, or the first three letters), role (the next
 * three) and attribute (the rest): IRNGOV = IRN + GOV, IGOUNO = IGO + UNO. */
static void split_actor(const parley_event_actor *a, char ent[16], char role[8], char attr[40]) {
  ent[0] = role[0] = attr[0] = '\0';
  size_t n = strlen(a->code), e = a->country[0] ? strlen(a->country) : (n < 3 ? n : 3);
  if (e > n || strncmp(a->code, a->country[0] ? a->country : a->code, e)) e = n < 3 ? n : 3;
  snprintf(ent, 16, "%.*s", (int)e, a->code);
  size_t r = n - e < 3 ? n - e : 3;
  snprintf(role, 8, "%.*s", (int)r, a->code + e);
  snprintf(attr, 40, "%s", a->code + e + r);
}

/* Phoenix's PentaClass from the CAMEO root: 0 statements (01-02), 1 verbal cooperation (03-05), 2 material
 * cooperation (06-08), 3 verbal conflict (09-13), 4 material conflict (14-20). */
static int penta_class(const char *root) {
  int r = (root[0] - '0') * 10 + (root[1] - '0');
  return r <= 2 ? 0 : r <= 5 ? 1 : r <= 8 ? 2 : r <= 13 ? 3 : 4;
}

static void write_phoenix(pl_strbuf *sb, const parley_event *e, const parley_event_extra *x) {
  char id[32], ymd[9] = "", y[5] = "", m[3] = "", d[3] = "", gold[16], penta[4], lat[24] = "", lon[24] = "";
  char se[16], sr[8], sa[40], te[16], tr[8], ta[40], sid[64];
  snprintf(id, sizeof id, "%llu", x->id);
  if (e->date[0]) {
    snprintf(ymd, sizeof ymd, "%.4s%.2s%.2s", e->date, e->date + 5, e->date + 8);
    snprintf(y, sizeof y, "%.4s", e->date);
    snprintf(m, sizeof m, "%.2s", e->date + 5);
    snprintf(d, sizeof d, "%.2s", e->date + 8);
  }
  snprintf(gold, sizeof gold, "%.1f", e->goldstein);
  snprintf(penta, sizeof penta, "%d", penta_class(e->root));
  if (e->location_from) {
    snprintf(lat, sizeof lat, "%.4f", e->location_lat);
    snprintf(lon, sizeof lon, "%.4f", e->location_lon);
  }
  split_actor(&e->source, se, sr, sa);
  split_actor(&e->target, te, tr, ta);
  snprintf(sid, sizeof sid, "%.48s_%zu", e->doc_id ? e->doc_id : "", e->sentence);
  const char *cells[] = {id, ymd, y, m, d, e->source.code, se, sr, sa, e->target.code, te, tr, ta, e->cameo, e->root,
                         penta, gold, NULL, lat, lon, e->location_name, e->location_admin1, e->location_country,
                         sid, x->url, e->doc_source};
  for (size_t i = 0; i < sizeof cells / sizeof cells[0]; i++) pl_event_cell(sb, cells[i], PARLEY_OUTPUT_PHOENIX, i == 0);
  pl_strbuf_putc(sb, '\n');
}

/* GDELT's geographic resolution: 1 country, 2 US state, 3 US city, 4 world city, 5 world state. */
static const char *geo_type(const parley_event *e) {
  if (!e->location_name || !e->location_from) return NULL;
  int us = !strcmp(e->location_country, "USA");
  if (!strncmp(e->location_feature, "PCL", 3)) return "1";
  if (!strncmp(e->location_feature, "ADM", 3)) return us ? "2" : "5";
  return us ? "3" : "4";
}

static void write_gdelt(pl_strbuf *sb, const parley_event *e, const parley_event_extra *x) {
  enum { NCOL = 61 };
  const char *c[NCOL] = {NULL};
  char id[32], ymd[9] = "", ym[7] = "", y[5] = "", frac[16] = "", base[4], gold[16], quad[4], nm[24], na[24],
      ns[24], lat[24] = "", lon[24] = "", fid[16] = "", root1[2] = "", st1[8], st2[8];
  char se[16], sr[8], sa[40], te[16], tr[8], ta[40];
  snprintf(id, sizeof id, "%llu", x->id);
  if (e->date[0]) {
    int mo = (e->date[5] - '0') * 10 + (e->date[6] - '0'), da = (e->date[8] - '0') * 10 + (e->date[9] - '0');
    snprintf(ymd, sizeof ymd, "%.4s%.2s%.2s", e->date, e->date + 5, e->date + 8);
    snprintf(ym, sizeof ym, "%.4s%.2s", e->date, e->date + 5);
    snprintf(y, sizeof y, "%.4s", e->date);
    /* GDELT's own approximation: (MONTH * 30 + DAY) / 365 */
    snprintf(frac, sizeof frac, "%.4s.%04d", e->date, (mo * 30 + da) * 10000 / 365 > 9999 ? 9999 : (mo * 30 + da) * 10000 / 365);
  }
  snprintf(base, sizeof base, "%.3s", e->cameo);
  snprintf(gold, sizeof gold, "%.1f", e->goldstein);
  snprintf(quad, sizeof quad, "%d", e->quad_class);
  snprintf(nm, sizeof nm, "%llu", x->mentions ? x->mentions : 1);
  snprintf(na, sizeof na, "%llu", x->articles ? x->articles : 1);
  snprintf(ns, sizeof ns, "%llu", x->outlets ? x->outlets : 1);
  root1[0] = e->sentence == 0 ? '1' : '0';
  split_actor(&e->source, se, sr, sa);
  split_actor(&e->target, te, tr, ta);
  snprintf(st1, sizeof st1, "%s", sr);
  snprintf(st2, sizeof st2, "%s", tr);
  c[0] = id, c[1] = ymd, c[2] = ym, c[3] = y, c[4] = frac;
  c[5] = e->source.code, c[6] = e->source.text, c[7] = e->source.country;
  if (!strcmp(se, "IGO") || !strcmp(se, "NGO") || !strcmp(se, "IMG")) c[8] = e->source.code + 3;
  c[12] = st1;
  c[15] = e->target.code, c[16] = e->target.text, c[17] = e->target.country;
  if (!strcmp(te, "IGO") || !strcmp(te, "NGO") || !strcmp(te, "IMG")) c[18] = e->target.code + 3;
  c[22] = st2;
  c[25] = root1, c[26] = e->cameo, c[27] = base, c[28] = e->root, c[29] = quad, c[30] = gold;
  c[31] = nm, c[32] = ns, c[33] = na;
  if (e->location_name && e->location_from) {
    snprintf(lat, sizeof lat, "%.4f", e->location_lat);
    snprintf(lon, sizeof lon, "%.4f", e->location_lon);
    if (e->location_geonameid) snprintf(fid, sizeof fid, "%lu", (unsigned long)e->location_geonameid);
    c[51] = geo_type(e), c[52] = e->location_name, c[53] = e->location_country;
    c[56] = lat, c[57] = lon, c[58] = fid;
  }
  c[60] = x->url;
  for (size_t i = 0; i < NCOL; i++) pl_event_cell(sb, c[i], PARLEY_OUTPUT_GDELT, i == 0);
  pl_strbuf_putc(sb, '\n');
}

static int flush_sb(FILE *out, pl_strbuf *sb) {
  int rc = PARLEY_OK;
  if (sb->failed) rc = PARLEY_ENOMEM;
  else if (fwrite(sb->ptr, 1, sb->len, out) != sb->len) rc = PARLEY_EIO;
  pl_strbuf_dispose(sb);
  return rc;
}

int parley_csv_write_field(FILE *out, const char *s) {
  pl_strbuf sb = PL_STRBUF_INIT;
  pl_event_cell(&sb, s, PARLEY_OUTPUT_CSV, 1);
  return flush_sb(out, &sb);
}

int parley_event_write_mention(FILE *out, const parley_event *e, const parley_event_extra *xin) {
  parley_event_extra none = {0, NULL, 0, 0, 0};
  const parley_event_extra *x = xin ? xin : &none;
  pl_strbuf sb = PL_STRBUF_INIT;
  char id[32], sent[24], a1[24] = "", a2[24] = "", act[24] = "";
  snprintf(id, sizeof id, "%llu", x->id);
  snprintf(sent, sizeof sent, "%zu", e->sentence + 1); /* GDELT counts sentences from 1 */
  if (e->source.code[0]) snprintf(a1, sizeof a1, "%zu", e->source.span.start);
  if (e->target.code[0]) snprintf(a2, sizeof a2, "%zu", e->target.span.start);
  /* the verb is the evidence span that is neither actor's */
  for (size_t i = 0; i < e->n_spans; i++)
    if (e->spans[i].start != e->source.span.start && e->spans[i].start != e->target.span.start) {
      snprintf(act, sizeof act, "%zu", e->spans[i].start);
      break;
    }
  const char *c[16] = {id, NULL, NULL, x->url ? "1" : "2", e->doc_source, x->url ? x->url : e->doc_id, sent, a1, a2,
                       act, "1", NULL, NULL, NULL, NULL, NULL};
  for (size_t i = 0; i < 16; i++) pl_event_cell(&sb, c[i], PARLEY_OUTPUT_GDELT, i == 0);
  pl_strbuf_putc(&sb, '\n');
  return flush_sb(out, &sb);
}

int parley_event_write_extra(FILE *out, const parley_event *ev, parley_output_format format,
                             const parley_event_extra *xin) {
  parley_event_extra none = {0, NULL, 0, 0, 0};
  const parley_event_extra *x = xin ? xin : &none;
  pl_strbuf sb = PL_STRBUF_INIT;
  if (format == PARLEY_OUTPUT_JSONL) write_json(&sb, ev);
  else if (format == PARLEY_OUTPUT_PHOENIX) write_phoenix(&sb, ev, x);
  else if (format == PARLEY_OUTPUT_GDELT) write_gdelt(&sb, ev, x);
  else write_table(&sb, ev, format);
  return flush_sb(out, &sb);
}

int parley_event_write(FILE *out, const parley_event *ev, parley_output_format format) {
  pl_strbuf sb = PL_STRBUF_INIT;
  if (format == PARLEY_OUTPUT_JSONL) write_json(&sb, ev);
  else if (format == PARLEY_OUTPUT_PHOENIX || format == PARLEY_OUTPUT_GDELT) {
    parley_event_extra none = {0, NULL, 0, 0, 0};
    if (format == PARLEY_OUTPUT_PHOENIX) write_phoenix(&sb, ev, &none);
    else write_gdelt(&sb, ev, &none);
  } else write_table(&sb, ev, format);
  int rc = PARLEY_OK;
  if (sb.failed) rc = PARLEY_ENOMEM;
  else if (fwrite(sb.ptr, 1, sb.len, out) != sb.len) rc = PARLEY_EIO;
  pl_strbuf_dispose(&sb);
  return rc;
}
