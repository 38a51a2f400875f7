/* server/params.c: the query string of an API request, decoded and validated into a store filter. Everything a
 * client sends is checked here, before any of it reaches the store: a bad value is refused with the name of the
 * parameter, not passed on to be misread. */
#include "server.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int fail(srv_error *err, const char *param, const char *fmt, const char *val) {
  err->param = param;
  snprintf(err->msg, sizeof err->msg, fmt, val ? val : "");
  return -1;
}

static int hexval(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/* 1 when s (n bytes) is well-formed UTF-8 with no overlong forms or surrogates. */
static int valid_utf8(const unsigned char *s, size_t n) {
  size_t i = 0;
  while (i < n) {
    unsigned c = s[i];
    size_t len;
    unsigned min;
    if (c < 0x80) {
      i++;
      continue;
    } else if ((c & 0xe0) == 0xc0) {
      len = 2, min = 0x80, c &= 0x1f;
    } else if ((c & 0xf0) == 0xe0) {
      len = 3, min = 0x800, c &= 0x0f;
    } else if ((c & 0xf8) == 0xf0) {
      len = 4, min = 0x10000, c &= 0x07;
    } else {
      return 0;
    }
    if (i + len > n) return 0;
    for (size_t k = 1; k < len; k++) {
      if ((s[i + k] & 0xc0) != 0x80) return 0;
      c = (c << 6) | (s[i + k] & 0x3f);
    }
    if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff)) return 0;
    i += len;
  }
  return 1;
}

/* Decodes %XX and '+' in place; returns the new length, or -1 on a bad escape or a NUL byte. */
static long decode(char *s, size_t n) {
  size_t o = 0;
  for (size_t i = 0; i < n; i++) {
    char c = s[i];
    if (c == '+') c = ' ';
    else if (c == '%') {
      int hi, lo;
      if (i + 2 >= n || (hi = hexval(s[i + 1])) < 0 || (lo = hexval(s[i + 2])) < 0) return -1;
      c = (char)(hi * 16 + lo);
      i += 2;
    }
    if (c == '\0') return -1;
    s[o++] = c;
  }
  s[o] = '\0';
  return (long)o;
}

int srv_query_parse(srv_query *q, const char *qs, size_t n, srv_error *err) {
  memset(q, 0, sizeof *q);
  if (n > SRV_MAX_QUERY) return fail(err, NULL, "query string longer than %s bytes", "8192");
  q->buf = malloc(n + 1);
  if (!q->buf) return fail(err, NULL, "out of memory%s", NULL);
  memcpy(q->buf, qs, n);
  q->buf[n] = '\0';
  char *p = q->buf, *end = q->buf + n;
  while (p < end) {
    char *amp = memchr(p, '&', (size_t)(end - p));
    char *stop = amp ? amp : end;
    *stop = '\0';
    if (stop > p) {
      if (q->n == SRV_MAX_PARAMS) {
        q->n = 0;
        return fail(err, NULL, "more than %s parameters", "32");
      }
      char *eq = strchr(p, '=');
      char *val = eq ? eq + 1 : stop;
      if (eq) *eq = '\0';
      long kl = decode(p, strlen(p)), vl = decode(val, strlen(val));
      if (kl < 0 || vl < 0 || !valid_utf8((unsigned char *)p, (size_t)kl) ||
          !valid_utf8((unsigned char *)val, (size_t)vl)) {
        q->n = 0;
        return fail(err, kl < 0 || !valid_utf8((unsigned char *)p, (size_t)kl) ? NULL : p,
                    "bad percent-escape, NUL byte or invalid UTF-8 in the query string%s", NULL);
      }
      for (size_t k = 0; k < q->n; k++)
        if (!strcmp(q->key[k], p)) {
          q->n = 0;
          err->param = NULL;
          snprintf(err->msg, sizeof err->msg, "parameter '%.64s' given twice", p);
          return -1;
        }
      q->key[q->n] = p;
      q->val[q->n] = val;
      q->n++;
    }
    p = stop + 1;
  }
  return 0;
}

void srv_query_free(srv_query *q) {
  free(q->buf);
  memset(q, 0, sizeof *q);
}

const char *srv_query_get(const srv_query *q, const char *key) {
  for (size_t i = 0; i < q->n; i++)
    if (!strcmp(q->key[i], key)) return q->val[i];
  return NULL;
}

static char *mutable_value(srv_query *q, const char *key) {
  for (size_t i = 0; i < q->n; i++)
    if (!strcmp(q->key[i], key)) return q->val[i];
  return NULL;
}

static int digits(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (s[i] < '0' || s[i] > '9') return 0;
  return 1;
}

/* The library's one date parser decides; a day is wanted unless a bound (YYYY, YYYY-MM) will do. */
int srv_valid_date(const char *s, int prefix_ok) {
  parley_date_precision p = parley_date_parse(s, NULL, NULL);
  return p == PARLEY_DATE_DAY || (prefix_ok && p != PARLEY_DATE_INVALID);
}

/* Actor codes are CAMEO's upper-case letters and digits (IRN, IRNGOV, IGOUNO...). */
static int valid_actor(const char *s) {
  size_t n = strlen(s);
  if (n < 1 || n > 32) return 0;
  for (size_t i = 0; i < n; i++)
    if (!((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9'))) return 0;
  return 1;
}

static int parse_bool(const char *v) {
  if (!strcmp(v, "1") || !strcmp(v, "true") || !strcmp(v, "")) return 1;
  if (!strcmp(v, "0") || !strcmp(v, "false")) return 0;
  return -1;
}

static int parse_u64(const char *v, uint64_t *out) {
  size_t n = strlen(v);
  if (n < 1 || n > 18 || !digits(v, n)) return -1;
  *out = strtoull(v, NULL, 10);
  return 0;
}

void srv_cursor_format(char *out, size_t cap, const char *date, int64_t id) {
  snprintf(out, cap, "%s_%lld", date ? date : "", (long long)id);
}

static const char *const filter_keys[] = {"source", "target", "dyad", "mutual", "actor", "code", "quad", "from",
                                          "to", "text", "article", "group", "dedup", "stories", NULL};

static int known_key(const char *k, unsigned allowed) {
  for (size_t i = 0; filter_keys[i]; i++)
    if (!strcmp(k, filter_keys[i])) return 1;
  if ((allowed & (SRV_P_PAGE | SRV_P_LIMIT)) && !strcmp(k, "limit")) return 1;
  if ((allowed & SRV_P_PAGE) && !strcmp(k, "cursor")) return 1;
  if ((allowed & SRV_P_BY) && !strcmp(k, "by")) return 1;
  return 0;
}

int srv_filter_parse(srv_filter *out, srv_query *q, unsigned allowed, srv_error *err) {
  parley_store_filter init = PARLEY_STORE_FILTER_INIT;
  memset(out, 0, sizeof *out);
  out->f = init;
  out->limit = SRV_DEFAULT_LIMIT;
  out->by = PARLEY_STORE_YEAR;
  parley_store_filter *f = &out->f;
  for (size_t i = 0; i < q->n; i++)
    if (!known_key(q->key[i], allowed)) {
      err->param = q->key[i];
      snprintf(err->msg, sizeof err->msg, "unknown parameter '%.64s'", q->key[i]);
      return -1;
    }
  const char *v;
  if ((v = srv_query_get(q, "source"))) {
    if (!valid_actor(v)) return fail(err, "source", "source: an actor code or prefix such as IRN or IRNGOV%s", NULL);
    f->source = v;
  }
  if ((v = srv_query_get(q, "target"))) {
    if (!valid_actor(v)) return fail(err, "target", "target: an actor code or prefix such as RUS%s", NULL);
    f->target = v;
  }
  if ((v = srv_query_get(q, "dyad"))) {
    if (f->source || f->target) return fail(err, "dyad", "dyad: give either dyad or source/target%s", NULL);
    char *colon = strchr(mutable_value(q, "dyad"), ':'); /* our decoded copy: split in place */
    if (!colon) return fail(err, "dyad", "dyad: SOURCE:TARGET, e.g. IRN:RUS%s", NULL);
    *colon = '\0';
    if (!valid_actor(v) || !valid_actor(colon + 1)) {
      *colon = ':';
      return fail(err, "dyad", "dyad: SOURCE:TARGET, two actor codes such as IRN:RUS (got '%.64s')", v);
    }
    f->source = v;
    f->target = colon + 1;
  }
  if ((v = srv_query_get(q, "actor"))) {
    if (f->source || f->target) return fail(err, "actor", "actor: not together with source, target or dyad%s", NULL);
    if (!valid_actor(v)) return fail(err, "actor", "actor: an actor code or prefix such as IRN%s", NULL);
    f->source = v;
    f->flags |= PARLEY_STORE_MUTUAL;
  }
  if ((v = srv_query_get(q, "mutual"))) {
    int b = parse_bool(v);
    if (b < 0) return fail(err, "mutual", "mutual: 1 or 0 (got '%.32s')", v);
    if (b) f->flags |= PARLEY_STORE_MUTUAL;
  }
  if ((v = srv_query_get(q, "code"))) {
    size_t n = strlen(v);
    if (n < 1 || n > 4 || !digits(v, n)) return fail(err, "code", "code: a CAMEO code or prefix of 1-4 digits, e.g. 04 (got '%.32s')", v);
    f->code = v;
  }
  if ((v = srv_query_get(q, "quad"))) {
    if (!(v[0] >= '1' && v[0] <= '4' && v[1] == '\0'))
      return fail(err, "quad", "quad: a QuadClass from 1 to 4 (got '%.32s')", v);
    f->quad_class = v[0] - '0';
  }
  if ((v = srv_query_get(q, "from"))) {
    if (!srv_valid_date(v, 1)) return fail(err, "from", "from: a date YYYY-MM-DD, YYYY-MM or YYYY (got '%.32s')", v);
    f->from = v;
  }
  if ((v = srv_query_get(q, "to"))) {
    if (!srv_valid_date(v, 1)) return fail(err, "to", "to: a date YYYY-MM-DD, YYYY-MM or YYYY (got '%.32s')", v);
    f->to = v;
  }
  if ((v = srv_query_get(q, "text"))) {
    size_t n = strlen(v);
    if (n == 0 || n > 1000 || strspn(v, " \t") == n)
      return fail(err, "text", "text: a full-text query of 1 to 1000 bytes%s", NULL);
    f->text = v;
  }
  if ((v = srv_query_get(q, "article"))) {
    size_t n = strlen(v);
    if (n == 0 || n > 512) return fail(err, "article", "article: an article id of 1 to 512 bytes%s", NULL);
    f->article_id = v;
  }
  int groups = 0;
  if ((v = srv_query_get(q, "group"))) {
    groups++;
    if (!strcmp(v, "mentions")) f->grouping = PARLEY_STORE_MENTIONS;
    else if (!strcmp(v, "daily")) f->grouping = PARLEY_STORE_DAILY;
    else if (!strcmp(v, "stories")) f->grouping = PARLEY_STORE_STORIES;
    else return fail(err, "group", "group: mentions, daily or stories (got '%.32s')", v);
  }
  const char *flags[] = {"dedup", "stories"};
  const parley_store_grouping g[] = {PARLEY_STORE_DAILY, PARLEY_STORE_STORIES};
  for (size_t k = 0; k < 2; k++)
    if ((v = srv_query_get(q, flags[k]))) {
      int b = parse_bool(v);
      if (b < 0) return fail(err, flags[k], "%s: 1 or 0", flags[k]);
      if (b) {
        groups++;
        f->grouping = g[k];
      }
    }
  if (groups > 1) return fail(err, "group", "group: give one of group, dedup and stories%s", NULL);
  if ((v = srv_query_get(q, "limit"))) {
    uint64_t n;
    if (parse_u64(v, &n) || n < 1 || n > SRV_MAX_LIMIT)
      return fail(err, "limit", "limit: a number from 1 to 1000 (got '%.32s')", v);
    out->limit = n;
  } else if (allowed & SRV_P_LIMIT) {
    out->limit = 20;
  }
  if ((v = srv_query_get(q, "cursor"))) {
    const char *us = strrchr(v, '_');
    uint64_t id;
    size_t dl = us ? (size_t)(us - v) : 0;
    char d[11] = "";
    if (dl == 10) memcpy(d, v, 10);
    if (!us || (dl != 0 && (dl != 10 || !srv_valid_date(d, 0))) || parse_u64(us + 1, &id) || id == 0)
      return fail(err, "cursor", "cursor: the next_cursor of a previous page (got '%.40s')", v);
    memcpy(out->after_date, d, sizeof d);
    f->after_date = out->after_date;
    f->after_id = (int64_t)id;
  }
  if ((v = srv_query_get(q, "by"))) {
    if (!strcmp(v, "day")) out->by = PARLEY_STORE_DAY;
    else if (!strcmp(v, "week")) out->by = PARLEY_STORE_WEEK;
    else if (!strcmp(v, "month")) out->by = PARLEY_STORE_MONTH;
    else if (!strcmp(v, "year")) out->by = PARLEY_STORE_YEAR;
    else return fail(err, "by", "by: day, week, month or year (got '%.32s')", v);
  }
  return 0;
}
