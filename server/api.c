/* server/api.c: the endpoints of `parley serve`. Each one validates its parameters (params.c, body.c), borrows a
 * store handle and coder (pool.c), and writes JSON through the library's writers (parley_store_row_write_json,
 * parley_event_write, parley_json_write_string), so an event reads the same here as in `parley code`. */
#include "server.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define API_VERSION 1

/* A response body being written. */
typedef struct out {
  FILE *f;
  char *buf;
  size_t len;
} out;

static int out_open(out *o) {
  o->buf = NULL;
  o->len = 0;
  o->f = open_memstream(&o->buf, &o->len);
  return o->f ? 0 : -1;
}

static void out_discard(out *o) {
  if (o->f) fclose(o->f);
  free(o->buf);
  o->f = NULL;
  o->buf = NULL;
}

static void out_finish(out *o, srv_response *r, unsigned status) {
  FILE *f = o->f;
  int bad = ferror(f);
  o->f = NULL;
  if (fclose(f) || bad) {
    free(o->buf);
    o->buf = NULL;
    srv_error_response(r, 500, NULL, "out of memory");
    return;
  }
  r->status = status;
  r->ctype = "application/json";
  r->body = o->buf; /* the response owns it now */
  r->len = o->len;
  r->static_body = 0;
  o->buf = NULL;
}

static void js(FILE *f, const char *s) { parley_json_write_string(f, s); }

void srv_error_response(srv_response *r, unsigned status, const char *param, const char *msg) {
  static const char oom[] = "{\"error\":\"out of memory\",\"parameter\":null,\"status\":500}\n";
  out o;
  memset(r, 0, sizeof *r);
  if (out_open(&o)) {
    r->status = 500;
    r->ctype = "application/json";
    r->body = (char *)oom;
    r->len = sizeof oom - 1;
    r->static_body = 1;
    return;
  }
  fputs("{\"error\":", o.f);
  js(o.f, msg);
  fputs(",\"parameter\":", o.f);
  js(o.f, param);
  fprintf(o.f, ",\"status\":%u}\n", status);
  int bad = ferror(o.f);
  fclose(o.f);
  if (bad) {
    free(o.buf);
    r->status = 500;
    r->ctype = "application/json";
    r->body = (char *)oom;
    r->len = sizeof oom - 1;
    r->static_body = 1;
    return;
  }
  r->status = status;
  r->ctype = "application/json";
  r->body = o.buf;
  r->len = o.len;
}

/* A store failure: a bad full-text query is the client's (400, naming `text`), anything else is ours. */
static void store_error(srv_response *r, parley_store *st, int rc, const parley_store_filter *f) {
  char msg[300];
  snprintf(msg, sizeof msg, "%s", parley_store_errmsg(st));
  if ((rc == PARLEY_EINVAL || rc == PARLEY_ERROR) && f && f->text && strstr(msg, "full-text"))
    srv_error_response(r, 400, "text", msg);
  else if (rc == PARLEY_EINVAL)
    srv_error_response(r, 400, NULL, msg);
  else
    srv_error_response(r, 500, NULL, msg);
}

/* Parses the query string and the filters of an endpoint; on failure *r holds the 400. */
static int filters(srv_response *r, const srv_request *req, srv_query *q, srv_filter *sf, unsigned allowed) {
  srv_error err = {NULL, ""};
  if (srv_query_parse(q, req->query, strlen(req->query), &err) || srv_filter_parse(sf, q, allowed, &err)) {
    srv_error_response(r, 400, err.param, err.msg);
    return -1;
  }
  return 0;
}

static void get_events(srv_pool *pool, const srv_request *req, srv_response *r) {
  srv_query q;
  srv_filter sf;
  if (filters(r, req, &q, &sf, SRV_P_PAGE)) {
    srv_query_free(&q);
    return;
  }
  sf.f.limit = sf.limit + 1; /* one more than asked tells whether there is a next page */
  srv_slot *s = srv_pool_take(pool);
  parley_store_cursor *c = NULL;
  out o = {NULL, NULL, 0};
  int rc = parley_store_query(&c, s->store, &sf.f);
  if (rc == PARLEY_OK && out_open(&o)) rc = PARLEY_ENOMEM;
  if (rc == PARLEY_OK) {
    const parley_store_row *row;
    uint64_t n = 0;
    int more = 0;
    char cursor[48] = "";
    fputs("{\"events\":[", o.f);
    while ((rc = parley_store_cursor_next(c, &row)) == PARLEY_OK) {
      if (n == sf.limit) {
        more = 1;
        rc = PARLEY_EDONE;
        break;
      }
      if (n++) fputc(',', o.f);
      parley_store_row_write_json(o.f, row);
      srv_cursor_format(cursor, sizeof cursor, row->event.date, row->event_id);
    }
    if (rc == PARLEY_EDONE) {
      fprintf(o.f, "],\"count\":%llu,\"next_cursor\":", (unsigned long long)n);
      js(o.f, more ? cursor : NULL);
      fputs("}\n", o.f);
      out_finish(&o, r, 200);
    }
  }
  if (rc != PARLEY_OK && rc != PARLEY_EDONE) {
    out_discard(&o);
    store_error(r, s->store, rc, &sf.f);
  }
  parley_store_cursor_free(c);
  srv_pool_give(pool, s);
  srv_query_free(&q);
}

static void get_series(srv_pool *pool, const srv_request *req, srv_response *r) {
  srv_query q;
  srv_filter sf;
  if (filters(r, req, &q, &sf, SRV_P_BY)) {
    srv_query_free(&q);
    return;
  }
  static const char *const by_names[] = {"", "day", "week", "month", "year"};
  srv_slot *s = srv_pool_take(pool);
  parley_store_cursor *c = NULL;
  out o = {NULL, NULL, 0};
  int rc = parley_store_series(&c, s->store, &sf.f, sf.by);
  if (rc == PARLEY_OK && out_open(&o)) rc = PARLEY_ENOMEM;
  if (rc == PARLEY_OK) {
    const parley_store_bucket *b;
    int n = 0;
    fprintf(o.f, "{\"by\":\"%s\",\"buckets\":[", by_names[sf.by]);
    while ((rc = parley_store_cursor_next_bucket(c, &b)) == PARLEY_OK) {
      fprintf(o.f, "%s\n{\"period\":", n++ ? "," : "");
      js(o.f, b->period);
      fprintf(o.f, ",\"events\":%llu,\"goldstein\":%.1f,\"quad_events\":[%llu,%llu,%llu,%llu],"
                   "\"quad_goldstein\":[%.1f,%.1f,%.1f,%.1f]}",
              (unsigned long long)b->events, b->goldstein, (unsigned long long)b->quad_events[1],
              (unsigned long long)b->quad_events[2], (unsigned long long)b->quad_events[3],
              (unsigned long long)b->quad_events[4], b->quad_goldstein[1], b->quad_goldstein[2],
              b->quad_goldstein[3], b->quad_goldstein[4]);
    }
    if (rc == PARLEY_EDONE) {
      fputs("]}\n", o.f);
      out_finish(&o, r, 200);
    }
  }
  if (rc != PARLEY_OK && rc != PARLEY_EDONE) {
    out_discard(&o);
    store_error(r, s->store, rc, &sf.f);
  }
  parley_store_cursor_free(c);
  srv_pool_give(pool, s);
  srv_query_free(&q);
}

static void get_actors(srv_pool *pool, const srv_request *req, srv_response *r) {
  srv_query q;
  srv_filter sf;
  if (filters(r, req, &q, &sf, SRV_P_LIMIT)) {
    srv_query_free(&q);
    return;
  }
  sf.f.limit = sf.limit;
  srv_slot *s = srv_pool_take(pool);
  parley_store_cursor *c = NULL;
  out o = {NULL, NULL, 0};
  int rc = parley_store_actors(&c, s->store, &sf.f);
  if (rc == PARLEY_OK && out_open(&o)) rc = PARLEY_ENOMEM;
  if (rc == PARLEY_OK) {
    const parley_store_actor_count *a;
    int n = 0;
    fputs("{\"actors\":[", o.f);
    while ((rc = parley_store_cursor_next_actor(c, &a)) == PARLEY_OK) {
      fprintf(o.f, "%s\n{\"code\":", n++ ? "," : "");
      js(o.f, a->code);
      fprintf(o.f, ",\"events\":%llu,\"as_source\":%llu,\"as_target\":%llu}", (unsigned long long)a->events,
              (unsigned long long)a->as_source, (unsigned long long)a->as_target);
    }
    if (rc == PARLEY_EDONE) {
      fputs("]}\n", o.f);
      out_finish(&o, r, 200);
    }
  }
  if (rc != PARLEY_OK && rc != PARLEY_EDONE) {
    out_discard(&o);
    store_error(r, s->store, rc, &sf.f);
  }
  parley_store_cursor_free(c);
  srv_pool_give(pool, s);
  srv_query_free(&q);
}

/* The coder's explanation of one sentence: its block of `parley code --explain` output, from "sentence N:" to
 * the next sentence's line. */
static void explain_sentence(FILE *f, const char *explain, size_t idx) {
  char head[40];
  int hl = snprintf(head, sizeof head, "sentence %zu:", idx);
  const char *p = explain;
  while (p && *p) {
    if (!strncmp(p, head, (size_t)hl)) {
      const char *end = p;
      for (;;) {
        end = strchr(end, '\n');
        if (!end || !end[1] || !strncmp(end + 1, "sentence ", 9)) break;
        end++;
      }
      size_t n = end ? (size_t)(end - p + 1) : strlen(p);
      char *block = malloc(n + 1);
      if (block) {
        memcpy(block, p, n);
        block[n] = '\0';
      }
      js(f, block);
      free(block);
      return;
    }
    p = strchr(p, '\n');
    if (p) p++;
  }
  js(f, NULL);
}

/* The sentence as pieces tagged source, target or verb (the other evidence words), for highlighting; the
 * pieces join into the sentence. Spans are article offsets; a piece never starts inside a UTF-8 character. */
static void write_segments(FILE *f, const char *text, size_t start, size_t end, const parley_event *e) {
  size_t n = end - start;
  unsigned char *role = calloc(n ? n : 1, 1);
  static const char *const names[] = {NULL, "verb", "target", "source"};
  if (!role) {
    fputs("[]", f);
    return;
  }
  for (size_t i = 0; i < e->n_spans; i++)
    for (size_t b = e->spans[i].start; b < e->spans[i].end && b < end; b++)
      if (b >= start) role[b - start] = 1;
  const parley_span *as[2] = {&e->target.span, &e->source.span};
  for (int k = 0; k < 2; k++)
    for (size_t b = as[k]->start; b < as[k]->end && b < end; b++)
      if (b >= start) role[b - start] = (unsigned char)(2 + k);
  fputc('[', f);
  size_t i = 0;
  int first = 1;
  while (i < n) {
    size_t j = i + 1;
    while (j < n && (role[j] == role[i] || ((unsigned char)text[start + j] & 0xc0) == 0x80)) j++;
    char *piece = malloc(j - i + 1);
    if (piece) {
      memcpy(piece, text + start + i, j - i);
      piece[j - i] = '\0';
      fputs(first ? "{\"text\":" : ",{\"text\":", f);
      js(f, piece);
      fputs(",\"role\":", f);
      js(f, names[role[i]]);
      fputc('}', f);
      first = 0;
      free(piece);
    }
    i = j;
  }
  fputc(']', f);
  free(role);
}

static int parse_id(const char *s, int64_t *id) {
  size_t n = strlen(s);
  if (n < 1 || n > 18 || strspn(s, "0123456789") != n) return -1;
  *id = (int64_t)strtoll(s, NULL, 10);
  return *id > 0 ? 0 : -1;
}

static void get_event(srv_pool *pool, const char *id_text, srv_response *r) {
  parley_store_filter f = PARLEY_STORE_FILTER_INIT;
  if (parse_id(id_text, &f.event_id)) {
    srv_error_response(r, 400, "id", "id: an event id, a positive integer (the event_id of an event)");
    return;
  }
  srv_slot *s = srv_pool_take(pool);
  parley_store_cursor *c = NULL, *ac = NULL;
  out o = {NULL, NULL, 0};
  const parley_store_row *row = NULL;
  int rc = parley_store_query(&c, s->store, &f);
  if (rc == PARLEY_OK) rc = parley_store_cursor_next(c, &row);
  if (rc == PARLEY_EDONE) {
    srv_error_response(r, 404, "id", "no event with this id");
  } else if (rc == PARLEY_OK && out_open(&o)) {
    srv_error_response(r, 500, NULL, "out of memory");
  } else if (rc == PARLEY_OK) {
    fputs("{\"event\":", o.f);
    parley_store_row_write_json(o.f, row);
    const parley_article *a = NULL;
    size_t ns = 0;
    const parley_span *sents = NULL;
    if (parley_store_article(&ac, s->store, row->event.doc_id) == PARLEY_OK &&
        parley_store_cursor_next_article(ac, &a) == PARLEY_OK)
      sents = parley_store_cursor_sentences(ac, &ns);
    size_t si = row->event.sentence;
    if (a && si < ns && sents[si].end <= a->text_len && sents[si].start < sents[si].end) {
      fprintf(o.f, ",\"sentence\":{\"index\":%zu,\"start\":%zu,\"end\":%zu,\"segments\":", si, sents[si].start,
              sents[si].end);
      write_segments(o.f, a->text, sents[si].start, sents[si].end, &row->event);
      fputs("}", o.f);
    } else {
      fputs(",\"sentence\":null", o.f);
    }
    /* the rules that fired: the coder's reasoning on this sentence, from the stored text */
    fputs(",\"explain\":", o.f);
    if (a && parley_doc_process(s->doc, a) == PARLEY_OK && parley_coder_code(s->coder, s->doc) == PARLEY_OK)
      explain_sentence(o.f, parley_coder_explain(s->coder), si);
    else
      js(o.f, NULL);
    fputs("}\n", o.f);
    out_finish(&o, r, 200);
  } else {
    store_error(r, s->store, rc, &f);
  }
  parley_store_cursor_free(ac);
  parley_store_cursor_free(c);
  srv_pool_give(pool, s);
}

static void get_article(srv_pool *pool, const char *id, srv_response *r) {
  if (!*id || strlen(id) > 512) {
    srv_error_response(r, 400, "id", "id: an article id of 1 to 512 bytes");
    return;
  }
  srv_slot *s = srv_pool_take(pool);
  parley_store_cursor *ac = NULL, *c = NULL;
  const parley_article *a = NULL;
  out o = {NULL, NULL, 0};
  int rc = parley_store_article(&ac, s->store, id);
  if (rc == PARLEY_OK) rc = parley_store_cursor_next_article(ac, &a);
  if (rc == PARLEY_EDONE) {
    srv_error_response(r, 404, "id", "no article with this id");
  } else if (rc != PARLEY_OK) {
    store_error(r, s->store, rc, NULL);
  } else if (out_open(&o)) {
    srv_error_response(r, 500, NULL, "out of memory");
  } else {
    fputs("{\"article\":{\"id\":", o.f);
    js(o.f, id);
    const char *keys[] = {"title", "date", "outlet", "url", "language"};
    const char *vals[] = {a->title, a->date, a->source, a->url, a->language};
    for (size_t k = 0; k < 5; k++) {
      fprintf(o.f, ",\"%s\":", keys[k]);
      js(o.f, vals[k]);
    }
    fputs("},\"sentences\":[", o.f);
    size_t ns;
    const parley_span *sp = parley_store_cursor_sentences(ac, &ns);
    for (size_t i = 0; i < ns; i++) {
      fprintf(o.f, "%s\n{\"index\":%zu,\"start\":%zu,\"end\":%zu,\"text\":", i ? "," : "", i, sp[i].start, sp[i].end);
      char *t = NULL;
      if (sp[i].start < sp[i].end && sp[i].end <= a->text_len && (t = malloc(sp[i].end - sp[i].start + 1))) {
        memcpy(t, a->text + sp[i].start, sp[i].end - sp[i].start);
        t[sp[i].end - sp[i].start] = '\0';
      }
      js(o.f, t);
      free(t);
      fputc('}', o.f);
    }
    fputs("],\"events\":[", o.f);
    parley_store_filter f = PARLEY_STORE_FILTER_INIT;
    f.article_id = id;
    const parley_store_row *row;
    int n = 0;
    rc = parley_store_query(&c, s->store, &f);
    while (rc == PARLEY_OK && (rc = parley_store_cursor_next(c, &row)) == PARLEY_OK) {
      if (n++) fputc(',', o.f);
      parley_store_row_write_json(o.f, row);
    }
    if (rc == PARLEY_EDONE) {
      fputs("]}\n", o.f);
      out_finish(&o, r, 200);
    } else {
      out_discard(&o);
      store_error(r, s->store, rc, NULL);
    }
  }
  parley_store_cursor_free(c);
  parley_store_cursor_free(ac);
  srv_pool_give(pool, s);
}

/* Reader diagnostics (repaired text, a page that did not parse), returned to the client as warnings. */
typedef struct warnings {
  FILE *f;
  int n;
} warnings;

static void on_diag(const parley_diag *d, void *payload) {
  warnings *w = payload;
  if (w->n >= 20) return;
  fputs(w->n++ ? "," : "", w->f);
  js(w->f, d->msg);
}

static void post_code(srv_pool *pool, const srv_request *req, srv_response *r) {
  srv_query q;
  srv_error err = {NULL, ""};
  srv_code_request cr;
  int status = 400;
  memset(&cr, 0, sizeof cr);
  if (srv_query_parse(&q, req->query, strlen(req->query), &err) ||
      srv_code_request_parse(&cr, req->content_type, req->body, req->body_len, &q, &status, &err)) {
    srv_error_response(r, (unsigned)status, err.param, err.msg);
    srv_code_request_free(&cr);
    srv_query_free(&q);
    return;
  }
  out o = {NULL, NULL, 0}, wo = {NULL, NULL, 0};
  warnings w = {NULL, 0};
  parley_reader_options ro = PARLEY_READER_OPTIONS_INIT;
  ro.format = cr.input == SRV_INPUT_HTML ? PARLEY_INPUT_HTML : PARLEY_INPUT_TEXT;
  ro.default_date = cr.date[0] ? cr.date : NULL;
  ro.diag = on_diag;
  ro.diag_payload = &w;
  parley_reader *rd = NULL;
  const parley_article *a = NULL;
  srv_slot *s = NULL;
  if (out_open(&o) || out_open(&wo) || parley_reader_new(&rd, &ro) ||
      parley_reader_add_buffer(rd, cr.input == SRV_INPUT_HTML ? "request.html" : "request", cr.text, cr.len)) {
    srv_error_response(r, 500, NULL, "out of memory");
    goto done;
  }
  w.f = wo.f;
  int rc = parley_reader_next(rd, &a);
  if (rc != PARLEY_OK) {
    fclose(wo.f);
    wo.f = NULL;
    srv_error_response(r, 422, cr.input == SRV_INPUT_HTML ? "html" : "text",
                       wo.buf && *wo.buf ? wo.buf : "no article could be read from the text");
    goto done;
  }
  s = srv_pool_take(pool);
  if (parley_doc_process(s->doc, a) || parley_coder_code(s->coder, s->doc)) {
    srv_error_response(r, 500, NULL, "coding failed (out of memory)");
    goto done;
  }
  fputs("{\"article\":{\"title\":", o.f);
  js(o.f, a->title);
  fputs(",\"date\":", o.f);
  js(o.f, a->date);
  size_t ns;
  parley_doc_sentences(s->doc, &ns);
  fprintf(o.f, ",\"sentences\":%zu},\"events\":[", ns);
  const parley_event *ev;
  int n = 0;
  while (parley_coder_next_event(s->coder, &ev) == PARLEY_OK) {
    if (n++) fputc(',', o.f);
    parley_event_write(o.f, ev, PARLEY_OUTPUT_JSONL);
  }
  fputs("],\"explain\":", o.f);
  js(o.f, cr.explain ? parley_coder_explain(s->coder) : NULL);
  fclose(wo.f);
  wo.f = NULL;
  fprintf(o.f, ",\"warnings\":[%s]}\n", wo.buf ? wo.buf : "");
  out_finish(&o, r, 200);
done:
  if (s) srv_pool_give(pool, s);
  out_discard(&o);
  out_discard(&wo);
  parley_reader_free(rd);
  srv_code_request_free(&cr);
  srv_query_free(&q);
}

static void simple(srv_pool *pool, int version, srv_response *r) {
  srv_slot *s = srv_pool_take(pool);
  int schema = parley_store_schema_version(s->store);
  srv_pool_give(pool, s);
  out o;
  if (out_open(&o)) {
    srv_error_response(r, 500, NULL, "out of memory");
    return;
  }
  if (version)
    fprintf(o.f, "{\"parley\":\"%s\",\"api\":%d,\"schema\":%d}\n", parley_version_string(), API_VERSION, schema);
  else
    fprintf(o.f, "{\"status\":\"ok\",\"schema\":%d}\n", schema);
  out_finish(&o, r, 200);
}

static const char *media_type(const char *name) {
  const char *dot = strrchr(name, '.');
  if (!dot) return "application/octet-stream";
  if (!strcmp(dot, ".html")) return "text/html; charset=utf-8";
  if (!strcmp(dot, ".js")) return "text/javascript; charset=utf-8";
  if (!strcmp(dot, ".css")) return "text/css; charset=utf-8";
  if (!strcmp(dot, ".svg")) return "image/svg+xml";
  return "application/octet-stream";
}

/* The page's files come from the binary, looked up by exact name: no path reaches the file system. */
static int static_file(const char *path, srv_response *r) {
  const char *name = !strcmp(path, "/") ? "/index.html" : path;
  for (size_t i = 0; i < srv_assets_n; i++)
    if (srv_assets[i].name && !strcmp(srv_assets[i].name, name)) {
      memset(r, 0, sizeof *r);
      r->status = 200;
      r->ctype = media_type(name);
      r->body = (char *)srv_assets[i].text;
      r->len = srv_assets[i].len;
      r->static_body = 1;
      r->cache = strcmp(name, "/index.html") != 0;
      return 1;
    }
  return 0;
}

void srv_api_handle(srv_pool *pool, const srv_request *req, srv_response *r) {
  const char *p = req->path;
  int get = !strcmp(req->method, "GET") || !strcmp(req->method, "HEAD");
  int post = !strcmp(req->method, "POST");
  memset(r, 0, sizeof *r);
  if (!strcmp(p, "/api/code")) {
    if (post) post_code(pool, req, r);
    else srv_error_response(r, 405, NULL, "/api/code takes POST");
    return;
  }
  if (!get) {
    srv_error_response(r, 405, NULL, "method not allowed: GET (or POST /api/code)");
    return;
  }
  if (!strcmp(p, "/api/events")) get_events(pool, req, r);
  else if (!strncmp(p, "/api/events/", 12)) get_event(pool, p + 12, r);
  else if (!strncmp(p, "/api/articles/", 14)) get_article(pool, p + 14, r);
  else if (!strcmp(p, "/api/series")) get_series(pool, req, r);
  else if (!strcmp(p, "/api/actors")) get_actors(pool, req, r);
  else if (!strcmp(p, "/api/health")) simple(pool, 0, r);
  else if (!strcmp(p, "/api/version")) simple(pool, 1, r);
  else if (!static_file(p, r)) srv_error_response(r, 404, NULL, "not found");
}
