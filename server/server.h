/* server/server.h: what the modules of `parley serve` share: request parameters (params.c), the body of
 * POST /api/code (body.c), per-thread resources (pool.c), the endpoints (api.c), the HTTP layer (http.c) and the
 * embedded web page (assets generated at build time by tools/embed.c). */
#ifndef PARLEY_SERVER_H
#define PARLEY_SERVER_H
#include <parley/parley.h>
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

/* Why a request was refused: the parameter to blame (NULL when none) and a sentence for the client. */
typedef struct srv_error {
  const char *param;
  char msg[256];
} srv_error;

/* ---- params.c: the query string ---- */

#define SRV_MAX_PARAMS 32
#define SRV_MAX_QUERY 8192

/* A decoded query string. Keys and values point into buf (one allocation, freed by srv_query_free). */
typedef struct srv_query {
  char *buf;
  const char *key[SRV_MAX_PARAMS];
  char *val[SRV_MAX_PARAMS];
  size_t n;
} srv_query;

/* Splits and percent-decodes qs (n bytes, without the '?'). Refuses more than SRV_MAX_PARAMS parameters, a
 * string longer than SRV_MAX_QUERY, bad escapes, NUL bytes, invalid UTF-8 and a key given twice.
 * Returns 0, or -1 with *err set (q is then empty but must still be freed). */
int srv_query_parse(srv_query *q, const char *qs, size_t n, srv_error *err);
void srv_query_free(srv_query *q);
const char *srv_query_get(const srv_query *q, const char *key);

/* Parameters besides the filters that an endpoint takes. */
#define SRV_P_PAGE 0x1u  /* limit, cursor */
#define SRV_P_BY 0x2u    /* by=day|week|month|year */
#define SRV_P_LIMIT 0x4u /* limit only */

#define SRV_DEFAULT_LIMIT 50
#define SRV_MAX_LIMIT 1000

/* A validated request: a store filter whose strings point into the srv_query it came from. */
typedef struct srv_filter {
  parley_store_filter f;
  uint64_t limit;              /* rows asked for (default SRV_DEFAULT_LIMIT) */
  parley_store_period by;      /* series period (default year) */
  char after_date[11];         /* the cursor's date, "" for undated rows */
} srv_filter;

/* Validates every parameter of q into out: the filters of `parley query` (source, target, dyad, mutual, actor,
 * code, quad, from, to, text, article, group/dedup/stories) and those that `allowed` (SRV_P_*) adds. Unknown
 * parameters are refused, so a typo is not silently ignored. Returns 0, or -1 with *err naming the parameter. */
int srv_filter_parse(srv_filter *out, srv_query *q, unsigned allowed, srv_error *err);

/* Writes the paging cursor that continues after a row with this date and id ("DATE_ID"; cap >= 40). */
void srv_cursor_format(char *out, size_t cap, const char *date, int64_t id);

/* 1 when s is a date YYYY-MM-DD that exists (with prefix_ok, also YYYY or YYYY-MM). */
int srv_valid_date(const char *s, int prefix_ok);

/* ---- body.c: POST /api/code ---- */

#define SRV_INPUT_TEXT 1
#define SRV_INPUT_HTML 2

/* What to code. text points into the request body or into json (owned here); freed by srv_code_request_free. */
typedef struct srv_code_request {
  const char *text;
  size_t len;
  int input;              /* SRV_INPUT_* */
  char date[11];          /* publication date, or "" */
  int explain;            /* include the coder's explanation (default 1) */
  void *json;             /* the parsed JSON document, when the body was JSON */
} srv_code_request;

/* Reads a request body by its media type: application/json ({"text": "..."} or {"html": "..."}, optional "date"
 * and "explain"), text/plain or text/html (the body itself; the date from the query parameter `date`).
 * Returns 0, or -1 with *err set (the status is then 400, or 415 for another media type: *status says). */
int srv_code_request_parse(srv_code_request *out, const char *content_type, const char *body, size_t len,
                           const srv_query *q, int *status, srv_error *err);
void srv_code_request_free(srv_code_request *r);

/* ---- pool.c: per-thread resources ---- */

/* What one request needs: a store handle (one thread at a time), a document and a coder (with explanations).
 * The lexicon behind the coders is shared and immutable. */
typedef struct srv_slot {
  parley_store *store;
  parley_doc *doc;
  parley_coder *coder;
  int busy;
} srv_slot;

typedef struct srv_pool {
  srv_slot *slots;
  size_t n;
  pthread_mutex_t lock;
  pthread_cond_t freed;
} srv_pool;

/* Opens n slots on the database at db (read-only) with coders over lex. Returns 0, or -1 with a message. */
int srv_pool_init(srv_pool *p, size_t n, const char *db, const parley_lexicon *lex, char *msg, size_t msglen);
void srv_pool_dispose(srv_pool *p);
srv_slot *srv_pool_take(srv_pool *p);
void srv_pool_give(srv_pool *p, srv_slot *s);

/* ---- api.c: the endpoints ---- */

/* One response. body is malloc'd unless static_body; ctype is a literal. */
typedef struct srv_response {
  unsigned status;
  const char *ctype;
  char *body;
  size_t len;
  int static_body;
  int cache;       /* may be cached by the browser (embedded static files) */
} srv_response;

typedef struct srv_request {
  const char *method;
  const char *path;        /* decoded path */
  const char *query;       /* raw query string (after '?'), or "" */
  const char *content_type;
  const char *body;
  size_t body_len;
} srv_request;

/* Answers one request with resources from pool. Never fails: errors are JSON responses. */
void srv_api_handle(srv_pool *pool, const srv_request *req, srv_response *out);

/* Sets *out to a JSON error {"error": msg, "parameter": param-or-null, "status": status}. */
void srv_error_response(srv_response *out, unsigned status, const char *param, const char *msg);

/* ---- http.c: the HTTP layer (libmicrohttpd) ---- */

typedef struct srv_config {
  const char *listen;        /* HOST:PORT; numeric IPv4 or IPv6 ([::1]:8080) */
  size_t max_body;           /* request body limit in bytes */
  unsigned timeout;          /* seconds a connection may stay idle, and the longest a body may take to arrive */
  unsigned max_connections;
  unsigned threads;
} srv_config;

typedef struct srv_http srv_http;

/* Starts serving on cfg->listen. Returns NULL with a message on failure. */
srv_http *srv_http_start(const srv_config *cfg, srv_pool *pool, char *msg, size_t msglen);
/* The port actually bound (useful with port 0). */
unsigned srv_http_port(const srv_http *h);
/* Stops accepting, finishes the requests in flight and frees h. */
void srv_http_stop(srv_http *h);

/* ---- embedded web page (generated) ---- */
typedef struct srv_asset {
  const char *name;
  const char *text;
  size_t len;
} srv_asset;
extern const srv_asset srv_assets[];
extern const size_t srv_assets_n;
#endif
