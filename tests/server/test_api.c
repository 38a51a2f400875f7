/* tests/server/test_api.c: every endpoint of `parley serve` over real HTTP on 127.0.0.1 (an ephemeral port), on a
 * store of examples/articles: answers agree with the store API, paging visits every row once, every bad
 * parameter is a 400 naming it, the body limit holds, static files come only from the binary. */
#include "server.h"
#include "testutil.h"
#include <arpa/inet.h>
#include <jansson.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define MAX_BODY 4096

typedef struct fixture {
  char dir[64];
  char db[128];
  parley_lexicon *lex;
  srv_pool pool;
  srv_http *http;
  unsigned port;
} fixture;

static fixture fx;

typedef struct reply {
  int status;
  char *headers;
  char *body;
  json_t *json;
} reply;

static void reply_free(reply *r) {
  free(r->headers);
  if (r->json) json_decref(r->json);
  memset(r, 0, sizeof *r);
}

/* Sends raw bytes, reads to EOF. status 0 when the server closed without answering. */
static reply raw(const char *req, size_t len) {
  reply r = {0, NULL, NULL, NULL};
  int s = socket(AF_INET, SOCK_STREAM, 0);
  assert_true(s >= 0);
  struct sockaddr_in a;
  memset(&a, 0, sizeof a);
  a.sin_family = AF_INET;
  a.sin_port = htons((uint16_t)fx.port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  assert_int_equal(connect(s, (struct sockaddr *)&a, sizeof a), 0);
  size_t off = 0;
  while (off < len) {
    ssize_t n = send(s, req + off, len - off, MSG_NOSIGNAL);
    if (n <= 0) break;
    off += (size_t)n;
  }
  size_t cap = 1 << 16, n = 0;
  char *buf = malloc(cap + 1);
  assert_non_null(buf);
  for (;;) {
    if (n == cap) {
      cap *= 2;
      buf = realloc(buf, cap + 1);
      assert_non_null(buf);
    }
    ssize_t k = recv(s, buf + n, cap - n, 0);
    if (k <= 0) break;
    n += (size_t)k;
  }
  buf[n] = '\0';
  close(s);
  r.headers = buf;
  char *sep = strstr(buf, "\r\n\r\n");
  if (sep && !strncmp(buf, "HTTP/1.1 ", 9)) {
    *sep = '\0';
    r.body = sep + 4;
    r.status = atoi(buf + 9);
    json_error_t je;
    r.json = json_loads(r.body, 0, &je);
  }
  return r;
}

static reply req(const char *method, const char *path, const char *ctype, const char *body) {
  char head[2048];
  size_t bl = body ? strlen(body) : 0;
  int hl = snprintf(head, sizeof head, "%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n", method, path);
  if (ctype) hl += snprintf(head + hl, sizeof head - (size_t)hl, "Content-Type: %s\r\n", ctype);
  if (body) hl += snprintf(head + hl, sizeof head - (size_t)hl, "Content-Length: %zu\r\n", bl);
  hl += snprintf(head + hl, sizeof head - (size_t)hl, "\r\n");
  char *all = malloc((size_t)hl + bl + 1);
  memcpy(all, head, (size_t)hl);
  if (body) memcpy(all + hl, body, bl);
  reply r = raw(all, (size_t)hl + bl);
  free(all);
  return r;
}

static reply get(const char *path) { return req("GET", path, NULL, NULL); }

/* A 400 whose JSON error names `param`. */
static void expect_bad(const char *path, const char *param) {
  reply r = get(path);
  if (r.status != 400) fprintf(stderr, "%s -> %d %s\n", path, r.status, r.body ? r.body : "");
  assert_int_equal(r.status, 400);
  assert_non_null(r.json);
  json_t *p = json_object_get(r.json, "parameter");
  if (param) {
    if (!json_is_string(p) || strcmp(json_string_value(p), param))
      fprintf(stderr, "%s: expected parameter %s: %s\n", path, param, r.body);
    assert_true(json_is_string(p));
    assert_string_equal(json_string_value(p), param);
  }
  assert_true(json_is_string(json_object_get(r.json, "error")));
  reply_free(&r);
}

static int setup(void **state) {
  (void)state;
  const char *bin = getenv("PARLEY_BIN");
  if (!bin) return -1;
  snprintf(fx.dir, sizeof fx.dir, "/tmp/parley_test_api.XXXXXX");
  if (!mkdtemp(fx.dir)) return -1;
  snprintf(fx.db, sizeof fx.db, "%s/s.db", fx.dir);
  char cmd[1024];
  snprintf(cmd, sizeof cmd, "'%s' ingest --db '%s' '%s' 2>/dev/null", bin, fx.db, tu_source_path("examples/articles"));
  if (system(cmd) != 0) return -1;
  if (parley_lexicon_new(&fx.lex, NULL) || parley_lexicon_add_builtin(fx.lex) || parley_lexicon_compile(fx.lex))
    return -1;
  char msg[256];
  if (srv_pool_init(&fx.pool, 2, fx.db, fx.lex, msg, sizeof msg)) return -1;
  srv_config cfg = {"127.0.0.1:0", MAX_BODY, 5, 64, 2};
  fx.http = srv_http_start(&cfg, &fx.pool, msg, sizeof msg);
  if (!fx.http) return -1;
  fx.port = srv_http_port(fx.http);
  return fx.port ? 0 : -1;
}

static int teardown(void **state) {
  (void)state;
  srv_http_stop(fx.http);
  srv_pool_dispose(&fx.pool);
  parley_lexicon_free(fx.lex);
  char cmd[256];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", fx.dir);
  return system(cmd) == 0 ? 0 : -1;
}

/* The number of rows the store itself gives for a filter. */
static size_t store_count(const parley_store_filter *f) {
  parley_store *st = NULL;
  parley_store_options o = PARLEY_STORE_OPTIONS_INIT;
  o.flags = PARLEY_STORE_READONLY;
  assert_int_equal(parley_store_open(&st, fx.db, &o), PARLEY_OK);
  parley_store_cursor *c = NULL;
  assert_int_equal(parley_store_query(&c, st, f), PARLEY_OK);
  const parley_store_row *r;
  size_t n = 0;
  while (parley_store_cursor_next(c, &r) == PARLEY_OK) n++;
  parley_store_cursor_free(c);
  parley_store_close(st);
  return n;
}

static json_t *events_of(reply *r) {
  assert_int_equal(r->status, 200);
  assert_non_null(r->json);
  json_t *ev = json_object_get(r->json, "events");
  assert_true(json_is_array(ev));
  return ev;
}

static void test_health_version(void **state) {
  (void)state;
  reply r = get("/api/health");
  assert_int_equal(r.status, 200);
  assert_string_equal(json_string_value(json_object_get(r.json, "status")), "ok");
  assert_non_null(strstr(r.headers, "Content-Type: application/json"));
  reply_free(&r);
  r = get("/api/version");
  assert_int_equal(r.status, 200);
  assert_string_equal(json_string_value(json_object_get(r.json, "parley")), parley_version_string());
  assert_int_equal(json_integer_value(json_object_get(r.json, "schema")), PARLEY_STORE_SCHEMA_VERSION);
  reply_free(&r);
}

static void test_events_filters(void **state) {
  (void)state;
  parley_store_filter all = PARLEY_STORE_FILTER_INIT;
  size_t total = store_count(&all);
  assert_true(total > 5);
  reply r = get("/api/events?limit=1000");
  assert_int_equal(json_array_size(events_of(&r)), total);
  assert_true(json_is_null(json_object_get(r.json, "next_cursor")));
  reply_free(&r);

  /* the dyad in both directions, against the store */
  parley_store_filter f = PARLEY_STORE_FILTER_INIT;
  f.source = "TUR";
  f.target = "EGY";
  f.flags = PARLEY_STORE_MUTUAL;
  f.code = "04";
  size_t n = store_count(&f);
  assert_true(n >= 2);
  r = get("/api/events?dyad=TUR:EGY&mutual=1&code=04&limit=1000");
  json_t *ev = events_of(&r);
  assert_int_equal(json_array_size(ev), n);
  size_t i;
  json_t *e;
  json_array_foreach(ev, i, e) {
    const char *s = json_string_value(json_object_get(json_object_get(e, "source"), "code"));
    const char *t = json_string_value(json_object_get(json_object_get(e, "target"), "code"));
    assert_true((!strncmp(s, "TUR", 3) && !strncmp(t, "EGY", 3)) || (!strncmp(s, "EGY", 3) && !strncmp(t, "TUR", 3)));
    assert_memory_equal(json_string_value(json_object_get(e, "cameo")), "04", 2);
  }
  reply_free(&r);
  /* one direction only is fewer */
  r = get("/api/events?dyad=TUR:EGY&code=04&limit=1000");
  assert_true(json_array_size(events_of(&r)) < n);
  reply_free(&r);

  /* dates, full text, actor, quad, grouping: each the store's answer */
  struct {
    const char *path;
    parley_store_filter f;
  } cases[] = {
      {"/api/events?from=2023-11&to=2023-11-30&limit=1000", PARLEY_STORE_FILTER_INIT},
      {"/api/events?text=ceasefire&limit=1000", PARLEY_STORE_FILTER_INIT},
      {"/api/events?actor=TUR&limit=1000", PARLEY_STORE_FILTER_INIT},
      {"/api/events?quad=1&dedup=1&limit=1000", PARLEY_STORE_FILTER_INIT},
      {"/api/events?group=stories&limit=1000", PARLEY_STORE_FILTER_INIT},
  };
  cases[0].f.from = "2023-11";
  cases[0].f.to = "2023-11-30";
  cases[1].f.text = "ceasefire";
  cases[2].f.source = "TUR";
  cases[2].f.flags = PARLEY_STORE_MUTUAL;
  cases[3].f.quad_class = 1;
  cases[3].f.grouping = PARLEY_STORE_DAILY;
  cases[4].f.grouping = PARLEY_STORE_STORIES;
  for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
    size_t want = store_count(&cases[k].f);
    r = get(cases[k].path);
    if (json_array_size(events_of(&r)) != want) fprintf(stderr, "%s: want %zu\n", cases[k].path, want);
    assert_int_equal(json_array_size(events_of(&r)), want);
    reply_free(&r);
  }
  assert_true(store_count(&cases[4].f) < total);
}

static void test_events_paging(void **state) {
  (void)state;
  reply all = get("/api/events?limit=1000");
  json_t *ev = events_of(&all);
  size_t total = json_array_size(ev), seen = 0, pages = 0;
  char path[256] = "/api/events?limit=3";
  for (;;) {
    reply r = get(path);
    json_t *page = events_of(&r);
    assert_true(json_array_size(page) <= 3);
    for (size_t i = 0; i < json_array_size(page); i++, seen++) {
      assert_true(seen < total);
      assert_int_equal(json_integer_value(json_object_get(json_array_get(page, i), "event_id")),
                       json_integer_value(json_object_get(json_array_get(ev, seen), "event_id")));
    }
    pages++;
    json_t *next = json_object_get(r.json, "next_cursor");
    if (json_is_null(next)) {
      reply_free(&r);
      break;
    }
    assert_int_equal(json_array_size(page), 3);
    snprintf(path, sizeof path, "/api/events?limit=3&cursor=%s", json_string_value(next));
    reply_free(&r);
  }
  assert_int_equal(seen, total);
  assert_int_equal(pages, total ? (total + 2) / 3 : 1); /* no empty last page: limit+1 rows are read */
  reply_free(&all);
}

static void test_bad_parameters(void **state) {
  (void)state;
  expect_bad("/api/events?from=2016-13-01", "from");
  expect_bad("/api/events?to=2015-02-29", "to");
  expect_bad("/api/events?from=yesterday", "from");
  expect_bad("/api/events?code=4x", "code");
  expect_bad("/api/events?code=04111", "code");
  expect_bad("/api/events?quad=5", "quad");
  expect_bad("/api/events?dyad=IRN", "dyad");
  expect_bad("/api/events?dyad=irn:rus", "dyad");
  expect_bad("/api/events?source=IR%20N", "source");
  expect_bad("/api/events?target=%27%3B", "target");
  expect_bad("/api/events?actor=IRN&dyad=IRN:RUS", "actor");
  expect_bad("/api/events?limit=0", "limit");
  expect_bad("/api/events?limit=1001", "limit");
  expect_bad("/api/events?limit=-1", "limit");
  expect_bad("/api/events?cursor=abc", "cursor");
  expect_bad("/api/events?cursor=2016-02-30_5", "cursor");
  expect_bad("/api/events?mutual=maybe", "mutual");
  expect_bad("/api/events?group=weekly", "group");
  expect_bad("/api/events?dedup=1&stories=1", "group");
  expect_bad("/api/events?bogus=1", "bogus");
  expect_bad("/api/events?by=year", "by");
  expect_bad("/api/events?text=%22unbalanced", "text");
  expect_bad("/api/events?text=%20", "text");
  expect_bad("/api/events?article=", "article");
  expect_bad("/api/events?code=04&code=05", NULL);
  expect_bad("/api/events?text=%zz", NULL);
  expect_bad("/api/events?text=%00", NULL);
  expect_bad("/api/events?text=%ff", NULL);
  expect_bad("/api/series?by=decade", "by");
  expect_bad("/api/series?cursor=_1", "cursor");
  expect_bad("/api/actors?limit=abc", "limit");
  expect_bad("/api/actors?from=2016-00", "from");
  expect_bad("/api/events/abc", "id");
  expect_bad("/api/events/0", "id");
  expect_bad("/api/events/99999999999999999999", "id");
}

static void test_series(void **state) {
  (void)state;
  reply r = get("/api/series?by=month");
  assert_int_equal(r.status, 200);
  json_t *b = json_object_get(r.json, "buckets");
  assert_true(json_array_size(b) > 0);
  size_t i;
  json_t *x;
  json_int_t sum = 0;
  json_array_foreach(b, i, x) {
    assert_int_equal(strlen(json_string_value(json_object_get(x, "period"))), 7);
    json_int_t q = 0;
    for (size_t k = 0; k < 4; k++) q += json_integer_value(json_array_get(json_object_get(x, "quad_events"), k));
    assert_int_equal(q, json_integer_value(json_object_get(x, "events")));
    sum += json_integer_value(json_object_get(x, "events"));
  }
  parley_store_filter dated = PARLEY_STORE_FILTER_INIT;
  dated.from = "0001";
  assert_int_equal((size_t)sum, store_count(&dated));
  assert_string_equal(json_string_value(json_object_get(r.json, "by")), "month");
  reply_free(&r);
  r = get("/api/series?dyad=TUR:EGY&mutual=1&code=04&by=year&stories=1");
  assert_int_equal(r.status, 200);
  assert_true(json_array_size(json_object_get(r.json, "buckets")) >= 1);
  reply_free(&r);
}

static void test_actors(void **state) {
  (void)state;
  reply r = get("/api/actors?limit=3");
  assert_int_equal(r.status, 200);
  json_t *a = json_object_get(r.json, "actors");
  assert_int_equal(json_array_size(a), 3);
  json_int_t prev = -1;
  size_t i;
  json_t *x;
  json_array_foreach(a, i, x) {
    json_int_t n = json_integer_value(json_object_get(x, "events"));
    assert_true(prev < 0 || n <= prev);
    assert_int_equal(n, json_integer_value(json_object_get(x, "as_source")) +
                            json_integer_value(json_object_get(x, "as_target")));
    prev = n;
  }
  /* an actor's count is the number of its events */
  const char *code = json_string_value(json_object_get(json_array_get(a, 0), "code"));
  parley_store_filter f = PARLEY_STORE_FILTER_INIT;
  f.source = code;
  f.flags = PARLEY_STORE_MUTUAL;
  size_t mine = store_count(&f);
  assert_true((size_t)json_integer_value(json_object_get(json_array_get(a, 0), "events")) <= mine);
  reply_free(&r);
}

static void test_event_and_article(void **state) {
  (void)state;
  reply l = get("/api/events?dyad=TUR:EGY&code=04&limit=1");
  json_t *e0 = json_array_get(events_of(&l), 0);
  assert_non_null(e0);
  char path[512];
  snprintf(path, sizeof path, "/api/events/%lld", (long long)json_integer_value(json_object_get(e0, "event_id")));
  reply r = get(path);
  assert_int_equal(r.status, 200);
  json_t *s = json_object_get(r.json, "sentence");
  assert_true(json_is_object(s));
  /* the pieces join into the sentence, and the actors' words are tagged */
  char joined[4096] = "";
  int has[3] = {0, 0, 0};
  size_t i;
  json_t *seg;
  json_array_foreach(json_object_get(s, "segments"), i, seg) {
    strncat(joined, json_string_value(json_object_get(seg, "text")), sizeof joined - strlen(joined) - 1);
    const char *role = json_string_value(json_object_get(seg, "role"));
    if (!role) continue;
    if (!strcmp(role, "source")) {
      has[0] = 1;
      assert_string_equal(json_string_value(json_object_get(seg, "text")),
                          json_string_value(json_object_get(json_object_get(e0, "source"), "text")));
    }
    if (!strcmp(role, "target")) has[1] = 1;
    if (!strcmp(role, "verb")) has[2] = 1;
  }
  assert_true(has[0] && has[1] && has[2]);
  assert_string_equal(joined, json_string_value(json_object_get(e0, "text")));
  const char *ex = json_string_value(json_object_get(r.json, "explain"));
  assert_non_null(ex);
  assert_memory_equal(ex, "sentence ", 9);
  assert_non_null(strstr(ex, "event "));
  reply_free(&r);
  r = get("/api/events/987654321");
  assert_int_equal(r.status, 404);
  reply_free(&r);

  const char *doc = json_string_value(json_object_get(e0, "doc_id"));
  snprintf(path, sizeof path, "/api/articles/%s", doc);
  r = get(path);
  assert_int_equal(r.status, 200);
  assert_string_equal(json_string_value(json_object_get(json_object_get(r.json, "article"), "id")), doc);
  assert_true(json_array_size(json_object_get(r.json, "sentences")) > 1);
  parley_store_filter f = PARLEY_STORE_FILTER_INIT;
  f.article_id = doc;
  assert_int_equal(json_array_size(json_object_get(r.json, "events")), store_count(&f));
  reply_free(&r);
  r = get("/api/articles/no-such-article");
  assert_int_equal(r.status, 404);
  reply_free(&r);
  reply_free(&l);
}

static const char pezeshkian[] = "Iranian President Masoud Pezeshkian discussed the war with his Russian counterpart, "
                                 "Vladimir Putin, on Monday.";

static int has_dyad(json_t *events, const char *s, const char *t) {
  size_t i;
  json_t *e;
  json_array_foreach(events, i, e) {
    if (!strcmp(json_string_value(json_object_get(json_object_get(e, "source"), "code")), s) &&
        !strcmp(json_string_value(json_object_get(json_object_get(e, "target"), "code")), t))
      return 1;
  }
  return 0;
}

static void test_code(void **state) {
  (void)state;
  char body[1024];
  snprintf(body, sizeof body, "{\"text\":\"%s\",\"date\":\"2024-12-02\"}", pezeshkian);
  reply r = req("POST", "/api/code", "application/json", body);
  json_t *ev = events_of(&r);
  assert_true(has_dyad(ev, "IRNGOV", "RUSGOV"));
  assert_string_equal(json_string_value(json_object_get(json_array_get(ev, 0), "date")), "2024-12-02");
  assert_non_null(strstr(json_string_value(json_object_get(r.json, "explain")), "verb \"discussed\""));
  reply_free(&r);

  r = req("POST", "/api/code?date=2024-12-02&explain=0", "text/plain; charset=utf-8", pezeshkian);
  assert_true(has_dyad(events_of(&r), "RUSGOV", "IRNGOV"));
  assert_true(json_is_null(json_object_get(r.json, "explain")));
  reply_free(&r);

  snprintf(body, sizeof body, "<html><head><meta property=\"article:published_time\" content=\"2024-12-02\"></head>"
                              "<body><article><p>%s</p></article></body></html>", pezeshkian);
  r = req("POST", "/api/code", "text/html", body);
  assert_true(has_dyad(events_of(&r), "IRNGOV", "RUSGOV"));
  reply_free(&r);

  struct {
    const char *ctype, *body, *param;
    int status;
  } bad[] = {
      {"application/json", "{\"text\": ", "body", 400},
      {"application/json", "[1,2]", "body", 400},
      {"application/json", "{\"txt\": \"x\"}", "body", 400},
      {"application/json", "{\"date\": \"2024-12-02\"}", "text", 400},
      {"application/json", "{\"text\": 5}", "text", 400},
      {"application/json", "{\"text\": \"a\", \"html\": \"b\"}", "text", 400},
      {"application/json", "{\"text\": \"a\", \"date\": \"2024-02-30\"}", "date", 400},
      {"application/json", "{\"text\": \"a\", \"text\": \"b\"}", "body", 400},
      {"application/json", "{\"text\": \"\"}", "text", 400},
      {"application/json", "{\"text\": \"a\", \"explain\": \"yes\"}", "explain", 400},
      {"application/xml", "<x/>", "Content-Type", 415},
      {NULL, "text", "Content-Type", 415},
  };
  for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
    r = req("POST", "/api/code", bad[k].ctype, bad[k].body);
    if (r.status != bad[k].status) fprintf(stderr, "case %zu: %d %s\n", k, r.status, r.body);
    assert_int_equal(r.status, bad[k].status);
    assert_string_equal(json_string_value(json_object_get(r.json, "parameter")), bad[k].param);
    reply_free(&r);
  }
  r = req("POST", "/api/code?date=tomorrow", "text/plain", "text");
  assert_int_equal(r.status, 400);
  assert_string_equal(json_string_value(json_object_get(r.json, "parameter")), "date");
  reply_free(&r);
  r = get("/api/code");
  assert_int_equal(r.status, 405);
  reply_free(&r);
  r = req("POST", "/api/events", "text/plain", "x");
  assert_int_equal(r.status, 405);
  reply_free(&r);
}

static void test_body_limit(void **state) {
  (void)state;
  char *big = malloc(MAX_BODY + 2);
  memset(big, 'a', MAX_BODY + 1);
  big[MAX_BODY + 1] = '\0';
  /* announced by Content-Length: refused before it is read */
  reply r = req("POST", "/api/code", "text/plain", big);
  assert_int_equal(r.status, 413);
  assert_string_equal(json_string_value(json_object_get(r.json, "parameter")), "body");
  reply_free(&r);
  /* exactly at the limit: accepted */
  big[MAX_BODY] = '\0';
  r = req("POST", "/api/code", "text/plain", big);
  assert_int_equal(r.status, 200);
  reply_free(&r);
  /* chunked, growing past the limit: the connection is closed, nothing is coded */
  char head[] = "POST /api/code HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n"
                "Connection: close\r\n\r\n";
  size_t n = strlen(head);
  char *msg = malloc(n + 3 * (MAX_BODY + 64));
  memcpy(msg, head, n);
  for (int k = 0; k < 3; k++) n += (size_t)sprintf(msg + n, "%x\r\n%.*s\r\n", MAX_BODY / 2, MAX_BODY / 2, big);
  n += (size_t)sprintf(msg + n, "0\r\n\r\n");
  r = raw(msg, n);
  assert_true(r.status != 200);
  reply_free(&r);
  free(msg);
  free(big);
}

static void test_static(void **state) {
  (void)state;
  reply r = get("/");
  assert_int_equal(r.status, 200);
  assert_non_null(strstr(r.headers, "Content-Type: text/html"));
  assert_non_null(strstr(r.headers, "Content-Security-Policy: default-src 'self'"));
  assert_non_null(strstr(r.body, "<script src=\"/app.js\">"));
  reply_free(&r);
  r = get("/app.js");
  assert_int_equal(r.status, 200);
  assert_non_null(strstr(r.headers, "text/javascript"));
  reply_free(&r);
  const char *nope[] = {"/../../../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/index.html/..", "//etc/passwd",
                        "/web/index.html", "/api/nothing", "/app.js%00.html"};
  for (size_t k = 0; k < sizeof nope / sizeof nope[0]; k++) {
    r = get(nope[k]);
    if (r.status != 404 && r.status != 400) fprintf(stderr, "%s -> %d\n", nope[k], r.status);
    assert_true(r.status == 404 || r.status == 400);
    assert_null(strstr(r.body ? r.body : "", "root:"));
    reply_free(&r);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_health_version), cmocka_unit_test(test_events_filters),
      cmocka_unit_test(test_events_paging),  cmocka_unit_test(test_bad_parameters),
      cmocka_unit_test(test_series),         cmocka_unit_test(test_actors),
      cmocka_unit_test(test_event_and_article), cmocka_unit_test(test_code),
      cmocka_unit_test(test_body_limit),     cmocka_unit_test(test_static),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
