/* bench/bench_serve.c: loopback load test of `parley serve`: requests/s and latency percentiles for one URL with
 * N keep-alive connections, while M idle connections are held open (a new request must still be answered).
 * Connects to 127.0.0.1 only.
 *
 * usage: bench_serve --port P [--path /api/events?dyad=IRN:RUS] [-c 64] [-d 10] [--idle 1000] */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int connect_local(unsigned port) {
  int s = socket(AF_INET, SOCK_STREAM, 0);
  if (s < 0) return -1;
  struct sockaddr_in a;
  memset(&a, 0, sizeof a);
  a.sin_family = AF_INET;
  a.sin_port = htons((uint16_t)port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(s, (struct sockaddr *)&a, sizeof a)) {
    close(s);
    return -1;
  }
  int one = 1;
  setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  return s;
}

typedef struct conn {
  int fd;
  char buf[1 << 16];
  size_t len;
  double sent;
} conn;

/* memmem is not POSIX */
static const char *find(const char *h, size_t n, const char *needle) {
  size_t k = strlen(needle);
  for (size_t i = 0; i + k <= n; i++)
    if (!memcmp(h + i, needle, k)) return h + i;
  return NULL;
}

/* Bytes of a complete response at the start of buf (headers + Content-Length body), 0 when incomplete, -1 bad. */
static long complete(const char *buf, size_t len, int *status) {
  const char *end = find(buf, len, "\r\n\r\n");
  if (!end) return 0;
  if (strncmp(buf, "HTTP/1.1 ", 9)) return -1;
  *status = atoi(buf + 9);
  const char *cl = find(buf, (size_t)(end - buf), "Content-Length: ");
  if (!cl) return -1;
  long body = atol(cl + 16);
  long total = (long)(end - buf) + 4 + body;
  return (long)len >= total ? total : 0;
}

static int cmp(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

/* One request on a fresh connection, answered within 5 s? Returns the status, 0 on no answer. */
static int probe(unsigned port, const char *path, double *ms) {
  double t0 = now();
  int s = connect_local(port);
  if (s < 0) return 0;
  char req[1024];
  int n = snprintf(req, sizeof req, "GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", path);
  if (send(s, req, (size_t)n, MSG_NOSIGNAL) != n) {
    close(s);
    return 0;
  }
  conn *c = calloc(1, sizeof *c);
  int status = 0;
  struct pollfd p = {s, POLLIN, 0};
  while (c && now() - t0 < 5 && poll(&p, 1, 5000) > 0) {
    ssize_t k = recv(s, c->buf + c->len, sizeof c->buf - c->len, 0);
    if (k <= 0) break;
    c->len += (size_t)k;
    if (complete(c->buf, c->len, &status) != 0) break;
  }
  free(c);
  close(s);
  *ms = (now() - t0) * 1000;
  return status;
}

int main(int argc, char **argv) {
  unsigned port = 0, nconn = 64, idle = 0;
  double dur = 10;
  const char *path = "/api/events?dyad=IRN:RUS";
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!strcmp(argv[i], "--port")) port = (unsigned)atoi(argv[i + 1]);
    else if (!strcmp(argv[i], "--path")) path = argv[i + 1];
    else if (!strcmp(argv[i], "-c")) nconn = (unsigned)atoi(argv[i + 1]);
    else if (!strcmp(argv[i], "-d")) dur = atof(argv[i + 1]);
    else if (!strcmp(argv[i], "--idle")) idle = (unsigned)atoi(argv[i + 1]);
  }
  if (!port || !nconn || nconn > 4096) {
    fprintf(stderr, "usage: bench_serve --port P [--path PATH] [-c 64] [-d 10] [--idle 1000]\n");
    return 2;
  }
  struct rlimit rl;
  if (!getrlimit(RLIMIT_NOFILE, &rl)) {
    rl.rlim_cur = rl.rlim_max;
    setrlimit(RLIMIT_NOFILE, &rl);
  }
  int *idle_fd = calloc(idle + 1, sizeof *idle_fd);
  unsigned opened = 0;
  for (; opened < idle; opened++)
    if ((idle_fd[opened] = connect_local(port)) < 0) break;
  double ms = 0;
  int st = probe(port, "/api/health", &ms);
  printf("idle: %u of %u connections open; a new request then: status %d in %.1f ms\n", opened, idle, st, ms);
  int idle_ok = opened == idle && st == 200;

  conn *cs = calloc(nconn, sizeof *cs);
  struct pollfd *pf = calloc(nconn, sizeof *pf);
  size_t cap = 1 << 20, nlat = 0;
  double *lat = malloc(cap * sizeof *lat);
  if (!cs || !pf || !lat) return 3;
  char req[2048];
  int rl_len = snprintf(req, sizeof req, "GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", path);
  unsigned long errors = 0, bytes = 0;
  for (unsigned i = 0; i < nconn; i++) {
    cs[i].fd = connect_local(port);
    if (cs[i].fd < 0) {
      fprintf(stderr, "bench_serve: cannot connect (%s)\n", strerror(errno));
      return 3;
    }
    cs[i].sent = now();
    if (send(cs[i].fd, req, (size_t)rl_len, MSG_NOSIGNAL) != rl_len) errors++;
    pf[i].fd = cs[i].fd;
    pf[i].events = POLLIN;
  }
  double t0 = now(), end = t0 + dur;
  while (now() < end) {
    if (poll(pf, nconn, 100) < 0) break;
    for (unsigned i = 0; i < nconn; i++) {
      if (!(pf[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      conn *c = &cs[i];
      ssize_t k = recv(c->fd, c->buf + c->len, sizeof c->buf - c->len, 0);
      int status = 0;
      long n = k > 0 ? complete(c->buf, c->len + (size_t)k, &status) : -1;
      if (k > 0) c->len += (size_t)k;
      if (n == 0 && c->len < sizeof c->buf) continue;
      double t = now();
      if (n > 0 && status == 200) {
        if (nlat == cap) lat = realloc(lat, (cap *= 2) * sizeof *lat);
        lat[nlat++] = (t - c->sent) * 1000;
        bytes += (unsigned long)n;
      } else {
        errors++;
      }
      if (n <= 0) { /* broken or oversized: start over on a new connection */
        close(c->fd);
        c->fd = pf[i].fd = connect_local(port);
      }
      c->len = 0;
      c->sent = t;
      if (c->fd < 0 || send(c->fd, req, (size_t)rl_len, MSG_NOSIGNAL) != rl_len) {
        errors++;
        break;
      }
    }
  }
  double el = now() - t0;
  qsort(lat, nlat, sizeof *lat, cmp);
  double p50 = nlat ? lat[nlat / 2] : 0, p99 = nlat ? lat[(size_t)(nlat * 0.99)] : 0, mx = nlat ? lat[nlat - 1] : 0;
  printf("load: %s, %u connections, %.1f s: %zu requests, %.0f requests/s, %.1f MB/s; latency p50 %.2f ms, "
         "p99 %.2f ms, max %.2f ms; %lu errors\n",
         path, nconn, el, nlat, (double)nlat / el, (double)bytes / el / 1e6, p50, p99, mx, errors);
  /* the idle connections must have survived the load */
  unsigned alive = 0;
  for (unsigned i = 0; i < opened; i++) {
    char b;
    ssize_t k = recv(idle_fd[i], &b, 1, MSG_DONTWAIT);
    if (k < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) alive++;
    close(idle_fd[i]);
  }
  st = probe(port, "/api/health", &ms);
  printf("after: %u of %u idle connections still open; a new request: status %d in %.1f ms\n", alive, opened, st,
         ms);
  for (unsigned i = 0; i < nconn; i++) close(cs[i].fd);
  free(cs);
  free(pf);
  free(lat);
  free(idle_fd);
  return idle_ok && st == 200 && errors == 0 && nlat > 0 ? 0 : 1;
}
