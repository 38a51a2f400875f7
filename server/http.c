/* server/http.c: the HTTP layer of `parley serve` on libmicrohttpd: a thread pool over epoll (so that a thousand
 * idle connections cost file descriptors, not threads), a connection cap, an idle timeout, a body limit and a
 * deadline for the body to arrive. Requests are handed to api.c whole; this file knows nothing of events. */
#include "server.h"
#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

struct srv_http {
  struct MHD_Daemon *d;
  srv_pool *pool;
  srv_config cfg;
};

/* One request in progress. */
typedef struct conn_ctx {
  char *uri;          /* as sent, with the query string (libmicrohttpd hands the handler only the decoded path) */
  char *body;
  size_t len, cap;
  int headers_seen;
  struct timespec started;
} conn_ctx;

static void *on_uri(void *cls, const char *uri, struct MHD_Connection *c) {
  (void)cls;
  (void)c;
  conn_ctx *x = calloc(1, sizeof *x);
  if (x && uri) x->uri = strdup(uri);
  return x;
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls, enum MHD_RequestTerminationCode t) {
  (void)cls;
  (void)c;
  (void)t;
  conn_ctx *x = *con_cls;
  if (!x) return;
  free(x->uri);
  free(x->body);
  free(x);
  *con_cls = NULL;
}

static double elapsed(const struct timespec *since) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return (double)(now.tv_sec - since->tv_sec) + (double)(now.tv_nsec - since->tv_nsec) / 1e9;
}

static enum MHD_Result send_response(struct MHD_Connection *c, const srv_response *r) {
  struct MHD_Response *resp = MHD_create_response_from_buffer(
      r->len, r->body, r->static_body ? MHD_RESPMEM_PERSISTENT : MHD_RESPMEM_MUST_FREE);
  if (!resp) {
    if (!r->static_body) free(r->body);
    return MHD_NO;
  }
  MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, r->ctype);
  MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
  MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
  /* the page runs only its own script and talks only to this server */
  MHD_add_response_header(resp, "Content-Security-Policy",
                          "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'");
  MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, r->cache ? "max-age=300" : "no-store");
  enum MHD_Result ret = MHD_queue_response(c, r->status, resp);
  MHD_destroy_response(resp);
  return ret;
}

static enum MHD_Result refuse(struct MHD_Connection *c, unsigned status, const char *param, const char *msg) {
  srv_response r;
  srv_error_response(&r, status, param, msg);
  return send_response(c, &r);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                                  const char *version, const char *upload, size_t *upload_size, void **con_cls) {
  srv_http *h = cls;
  conn_ctx *x = *con_cls;
  (void)version;
  if (!x) return MHD_NO; /* out of memory in on_uri */
  if (!x->headers_seen) {
    x->headers_seen = 1;
    clock_gettime(CLOCK_MONOTONIC, &x->started);
    const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
    if (cl && strtoull(cl, NULL, 10) > h->cfg.max_body) {
      char msg[96];
      snprintf(msg, sizeof msg, "request body larger than the limit of %zu bytes", h->cfg.max_body);
      return refuse(c, 413, "body", msg);
    }
    return MHD_YES;
  }
  if (*upload_size) {
    /* a body without a Content-Length that outgrows the limit, or one that trickles in: close the connection */
    if (x->len + *upload_size > h->cfg.max_body || elapsed(&x->started) > h->cfg.timeout) return MHD_NO;
    if (x->len + *upload_size + 1 > x->cap) {
      size_t cap = x->cap ? x->cap : 4096;
      while (cap < x->len + *upload_size + 1) cap *= 2;
      char *nb = realloc(x->body, cap);
      if (!nb) return MHD_NO;
      x->body = nb;
      x->cap = cap;
    }
    memcpy(x->body + x->len, upload, *upload_size);
    x->len += *upload_size;
    x->body[x->len] = '\0';
    *upload_size = 0;
    return MHD_YES;
  }
  const char *q = x->uri ? strchr(x->uri, '?') : NULL;
  /* the decoded path ends at an escaped NUL: "/app.js%00.html" must not pass for "/app.js" */
  size_t pl = x->uri ? (q ? (size_t)(q - x->uri) : strlen(x->uri)) : 0;
  for (size_t i = 0; i + 2 < pl; i++)
    if (x->uri[i] == '%' && x->uri[i + 1] == '0' && x->uri[i + 2] == '0') return refuse(c, 400, "path", "NUL in the path");
  srv_request req = {method, url, q ? q + 1 : "",
                     MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE),
                     x->body ? x->body : "", x->len};
  srv_response r;
  srv_api_handle(h->pool, &req, &r);
  return send_response(c, &r);
}

/* HOST:PORT with a numeric IPv4 host, "localhost", or [IPv6]:PORT. */
static int parse_listen(const char *s, struct sockaddr_storage *ss, socklen_t *len) {
  char host[64];
  const char *colon = strrchr(s, ':');
  if (!colon || colon == s || (size_t)(colon - s) >= sizeof host) return -1;
  memcpy(host, s, (size_t)(colon - s));
  host[colon - s] = '\0';
  char *end;
  long port = strtol(colon + 1, &end, 10);
  if (!colon[1] || *end || port < 0 || port > 65535) return -1;
  memset(ss, 0, sizeof *ss);
  if (host[0] == '[') {
    size_t n = strlen(host);
    if (n < 3 || host[n - 1] != ']') return -1;
    host[n - 1] = '\0';
    struct sockaddr_in6 *a = (struct sockaddr_in6 *)ss;
    a->sin6_family = AF_INET6;
    a->sin6_port = htons((uint16_t)port);
    if (inet_pton(AF_INET6, host + 1, &a->sin6_addr) != 1) return -1;
    *len = sizeof *a;
    return 0;
  }
  struct sockaddr_in *a = (struct sockaddr_in *)ss;
  a->sin_family = AF_INET;
  a->sin_port = htons((uint16_t)port);
  if (!strcmp(host, "localhost")) strcpy(host, "127.0.0.1");
  if (inet_pton(AF_INET, host, &a->sin_addr) != 1) return -1;
  *len = sizeof *a;
  return 0;
}

srv_http *srv_http_start(const srv_config *cfg, srv_pool *pool, char *msg, size_t msglen) {
  struct sockaddr_storage ss;
  socklen_t sl;
  if (parse_listen(cfg->listen, &ss, &sl)) {
    snprintf(msg, msglen, "--listen wants HOST:PORT with a numeric address, e.g. 127.0.0.1:8080 (got '%s')",
             cfg->listen);
    return NULL;
  }
  srv_http *h = calloc(1, sizeof *h);
  if (!h) {
    snprintf(msg, msglen, "out of memory");
    return NULL;
  }
  h->pool = pool;
  h->cfg = *cfg;
  unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL;
  if (ss.ss_family == AF_INET6) flags |= MHD_USE_IPv6;
  h->d = MHD_start_daemon(flags, 0, NULL, NULL, on_request, h, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
                          MHD_OPTION_THREAD_POOL_SIZE, (unsigned)cfg->threads, MHD_OPTION_CONNECTION_LIMIT,
                          (unsigned)cfg->max_connections, MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)cfg->timeout,
                          MHD_OPTION_LISTEN_BACKLOG_SIZE, (unsigned)1024, MHD_OPTION_URI_LOG_CALLBACK, on_uri, h,
                          MHD_OPTION_NOTIFY_COMPLETED, on_completed, h, MHD_OPTION_END);
  if (!h->d) {
    snprintf(msg, msglen, "cannot listen on %s (address in use, or not this machine's)", cfg->listen);
    free(h);
    return NULL;
  }
  return h;
}

unsigned srv_http_port(const srv_http *h) {
  const union MHD_DaemonInfo *i = MHD_get_daemon_info(h->d, MHD_DAEMON_INFO_BIND_PORT);
  return i ? i->port : 0;
}

void srv_http_stop(srv_http *h) {
  if (!h) return;
  MHD_stop_daemon(h->d);
  free(h);
}
