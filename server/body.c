/* server/body.c: the body of POST /api/code, read by its media type. JSON is parsed with jansson (as the JSONL
 * reader does); the text itself is handed to the article reader, which repairs what it must and says so. */
#include "server.h"
#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

static int fail(int *status, unsigned code, srv_error *err, const char *param, const char *msg) {
  *status = (int)code;
  err->param = param;
  snprintf(err->msg, sizeof err->msg, "%s", msg);
  return -1;
}

/* 1 when the media type (before any ';' parameters) is `want`, case-insensitively. */
static int media_is(const char *ctype, const char *want) {
  size_t n = strlen(want);
  if (strncasecmp(ctype, want, n)) return 0;
  char c = ctype[n];
  return c == '\0' || c == ';' || c == ' ' || c == '\t';
}

static int set_date(srv_code_request *out, const char *d, int *status, srv_error *err) {
  if (!d) return 0;
  if (!srv_valid_date(d, 0)) return fail(status, 400, err, "date", "date: a date YYYY-MM-DD that exists");
  memcpy(out->date, d, 11);
  return 0;
}

int srv_code_request_parse(srv_code_request *out, const char *content_type, const char *body, size_t len,
                           const srv_query *q, int *status, srv_error *err) {
  memset(out, 0, sizeof *out);
  out->explain = 1;
  *status = 400;
  const char *ct = content_type ? content_type : "";
  for (size_t i = 0; q && i < q->n; i++)
    if (strcmp(q->key[i], "date") && strcmp(q->key[i], "explain")) {
      err->param = q->key[i];
      snprintf(err->msg, sizeof err->msg, "unknown parameter '%.64s'", q->key[i]);
      return -1;
    }
  const char *qexplain = q ? srv_query_get(q, "explain") : NULL;
  if (qexplain) {
    if (strcmp(qexplain, "0") && strcmp(qexplain, "1")) return fail(status, 400, err, "explain", "explain: 1 or 0");
    out->explain = qexplain[0] == '1';
  }
  if (media_is(ct, "application/json")) {
    json_error_t je;
    json_t *root = json_loadb(body, len, JSON_REJECT_DUPLICATES, &je);
    if (!root) {
      *status = 400;
      err->param = "body";
      snprintf(err->msg, sizeof err->msg, "body: invalid JSON at line %d column %d: %.120s", je.line, je.column,
               je.text);
      return -1;
    }
    out->json = root;
    if (!json_is_object(root)) return fail(status, 400, err, "body", "body: a JSON object {\"text\": ...}");
    const char *key;
    json_t *v;
    json_object_foreach(root, key, v) {
      if (strcmp(key, "text") && strcmp(key, "html") && strcmp(key, "date") && strcmp(key, "explain")) {
        *status = 400;
        err->param = "body";
        snprintf(err->msg, sizeof err->msg, "body: unknown field '%.64s'", key);
        return -1;
      }
    }
    json_t *text = json_object_get(root, "text"), *html = json_object_get(root, "html");
    if ((text != NULL) == (html != NULL)) return fail(status, 400, err, "text", "text: give one of text and html");
    json_t *t = text ? text : html;
    if (!json_is_string(t)) return fail(status, 400, err, text ? "text" : "html", "text/html: a string");
    out->text = json_string_value(t);
    out->len = json_string_length(t);
    out->input = text ? SRV_INPUT_TEXT : SRV_INPUT_HTML;
    if (memchr(out->text, '\0', out->len)) return fail(status, 400, err, text ? "text" : "html", "text: NUL byte");
    json_t *d = json_object_get(root, "date");
    if (d && !json_is_null(d)) {
      if (!json_is_string(d)) return fail(status, 400, err, "date", "date: a string YYYY-MM-DD");
      if (set_date(out, json_string_value(d), status, err)) return -1;
    }
    json_t *e = json_object_get(root, "explain");
    if (e) {
      if (!json_is_boolean(e)) return fail(status, 400, err, "explain", "explain: true or false");
      out->explain = json_is_true(e);
    }
  } else if (media_is(ct, "text/plain") || media_is(ct, "text/html")) {
    out->text = body;
    out->len = len;
    out->input = media_is(ct, "text/html") ? SRV_INPUT_HTML : SRV_INPUT_TEXT;
    if (set_date(out, q ? srv_query_get(q, "date") : NULL, status, err)) return -1;
  } else {
    return fail(status, 415, err, "Content-Type",
                "Content-Type: application/json, text/plain or text/html");
  }
  if (out->len == 0) return fail(status, 400, err, out->input == SRV_INPUT_HTML ? "html" : "text", "text: empty");
  *status = 200;
  return 0;
}

void srv_code_request_free(srv_code_request *r) {
  if (r->json) json_decref(r->json);
  memset(r, 0, sizeof *r);
}
