/* ingest.c: the readers: files, directories, stdin and buffers in; parley_article records out (article.h).
 *
 * Each queued input is opened when the previous one is exhausted. Its format is decided from its first bytes (or
 * forced by the options). JSONL streams line by line through one buffer that grows only to the longest line seen
 * (capped), so memory stays flat over any number of articles; text and HTML inputs are read whole (capped).
 * Input problems become diagnostics and the run goes on. */
#include "ingest.h"
#include "clean.h"
#include "dates.h"
#include "html.h"
#include "util/arena.h"
#include "util/common.h"
#include "util/strbuf.h"
#include "util/utf8.h"
#include <parley/article.h>
#include <parley/language.h>
#include <parley/limits.h>
#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define CHUNK (64 * 1024)
#define DEFAULT_MAX PARLEY_MAX_ARTICLE_BYTES

typedef struct input {
  char *name; /* path, "-" or the buffer's name; owned */
  char *buf;  /* in-memory input (owned, NUL-terminated), or NULL for a path */
  size_t len;
} input;

struct parley_reader {
  parley_reader_options opts;
  char default_date[11];
  size_t max;

  input *q;
  size_t nq, capq, qpos;

  /* the input being read */
  int open;
  int fmt;
  const char *name;
  FILE *f;
  char *buf; /* stream buffer (owned) or the in-memory input (borrowed from q) */
  size_t blen, bpos, bcap;
  int buf_owned, eof, skipping, oom;
  unsigned long line, skip_line;

  /* (device, inode) of every directory and file the walk queued: a symlink back to an ancestor (or to a file
   * already queued) is skipped once with a diagnostic instead of being read again, or forever */
  struct file_id *seen;
  size_t nseen, capseen; /* open addressing; capseen is 0 or a power of two */

  pl_arena arena;
  json_t *json;  /* the JSON object the current article's strings point into */
  pl_strbuf tmp;     /* repaired text */
  pl_strbuf scratch; /* the JSONL fast path's copy of the line; its strings point into it */
  parley_article art;
  parley_reader_stats st;
  parley_langid *langid; /* names the language of articles whose input does not */
  int size_unknown;       /* an input of unknown size is queued: bytes_total means nothing */
  char errmsg[512];
};

/* ---- small helpers ---- */

static void diag(parley_reader *r, parley_diag_level lvl, int code, unsigned long line, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;
static void diag(parley_reader *r, parley_diag_level lvl, int code, unsigned long line, const char *fmt, ...) {
  if (!r->opts.diag) return;
  char msg[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  parley_diag d = {lvl, code, r->name, line, 0, 0, msg};
  r->opts.diag(&d, r->opts.diag_payload);
}

static void skipped(parley_reader *r, int code, unsigned long line, const char *fmt, const char *arg) {
  r->st.skipped++;
  diag(r, PARLEY_DIAG_ERROR, code, line, fmt, arg);
}

int pl_parse_date(const char *s, size_t n, char out[11]) {
  /* the calendar check is dates.c's (2024-02-30 is no date); this adds only the length-bounded input */
  if (n < 10 || (n > 10 && s[10] != 'T' && s[10] != 't' && s[10] != ' ')) return 0;
  char head[11];
  memcpy(head, s, 10);
  head[10] = '\0';
  pl_date d;
  if (pl_date_parse(head, &d)) return 0;
  pl_date_format(d, out);
  return 1;
}

/* The article id of a text input: the last path component without its extension. */
static char *id_from_name(pl_arena *a, const char *name) {
  if (!strcmp(name, "-")) return pl_arena_strndup(a, "stdin", 5);
  const char *base = strrchr(name, '/');
  base = base ? base + 1 : name;
  const char *dot = strrchr(base, '.');
  size_t n = dot && dot > base ? (size_t)(dot - base) : strlen(base);
  if (n == 0) return pl_arena_strndup(a, name, strlen(name));
  return pl_arena_strndup(a, base, n);
}

/* ---- construction and the queue ---- */

int parley_reader_new(parley_reader **out, const parley_reader_options *opts) {
  *out = NULL;
  parley_reader_options o = PARLEY_READER_OPTIONS_INIT;
  if (opts) o = *opts;
  if (o.format < PARLEY_INPUT_AUTO || o.format > PARLEY_INPUT_HTML) return PARLEY_EINVAL;
  char date[11] = "";
  if (o.default_date && !pl_parse_date(o.default_date, strlen(o.default_date), date)) return PARLEY_EINVAL;
  parley_reader *r = calloc(1, sizeof *r);
  if (!r) return PARLEY_ENOMEM;
  r->opts = o;
  memcpy(r->default_date, date, sizeof date);
  r->opts.default_date = date[0] ? r->default_date : NULL;
  r->max = o.max_article_bytes ? o.max_article_bytes : DEFAULT_MAX;
  pl_arena_init(&r->arena, 0);
  r->tmp.max = r->max * 3 + 16; /* repair can triple the size of a line of stray bytes */
  int rc = parley_langid_new(&r->langid);
  if (rc != PARLEY_OK) {
    parley_reader_free(r);
    return rc;
  }
  *out = r;
  return PARLEY_OK;
}

static int push(parley_reader *r, char *name, char *buf, size_t len) {
  if (r->nq == r->capq) {
    size_t cap = r->capq ? r->capq * 2 : 16;
    input *q = realloc(r->q, cap * sizeof *q);
    if (!q) return PARLEY_ENOMEM;
    r->q = q;
    r->capq = cap;
  }
  r->q[r->nq++] = (input){name, buf, len};
  return PARLEY_OK;
}

struct file_id {
  dev_t dev;
  ino_t ino;
  int used;
};

static size_t file_id_slot(const struct file_id *tab, size_t cap, dev_t dev, ino_t ino) {
  uint64_t h = ((uint64_t)ino * 0x9E3779B97F4A7C15u) ^ (uint64_t)dev;
  size_t i = (size_t)(h ^ (h >> 29)) & (cap - 1);
  while (tab[i].used && (tab[i].dev != dev || tab[i].ino != ino)) i = (i + 1) & (cap - 1);
  return i;
}

/* Records a file or directory of the walk. Returns 1 when new, 0 when already seen, -1 out of memory. */
static int mark_seen(parley_reader *r, const struct stat *st) {
  if (2 * (r->nseen + 1) > r->capseen) {
    size_t cap = r->capseen ? r->capseen * 2 : 64;
    struct file_id *tab = calloc(cap, sizeof *tab);
    if (!tab) return -1;
    for (size_t i = 0; i < r->capseen; i++)
      if (r->seen[i].used) tab[file_id_slot(tab, cap, r->seen[i].dev, r->seen[i].ino)] = r->seen[i];
    free(r->seen);
    r->seen = tab;
    r->capseen = cap;
  }
  size_t i = file_id_slot(r->seen, r->capseen, st->st_dev, st->st_ino);
  if (r->seen[i].used) return 0;
  r->seen[i] = (struct file_id){st->st_dev, st->st_ino, 1};
  r->nseen++;
  return 1;
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* Queues every regular file below dir, sorted per directory so the order is the same on every machine. */
static int add_dir(parley_reader *r, const char *dir) {
  DIR *d = opendir(dir);
  if (!d) {
    r->name = dir;
    skipped(r, PARLEY_EIO, 0, "cannot open directory: %s", strerror(errno));
    r->name = NULL;
    return PARLEY_OK;
  }
  char **names = NULL;
  size_t n = 0, cap = 0;
  int rc = PARLEY_OK;
  struct dirent *e;
  while ((e = readdir(d))) {
    if (e->d_name[0] == '.') continue;
    if (n == cap) {
      cap = cap ? cap * 2 : 32;
      char **nn = realloc(names, cap * sizeof *nn);
      if (!nn) {
        rc = PARLEY_ENOMEM;
        break;
      }
      names = nn;
    }
    size_t len = strlen(dir) + strlen(e->d_name) + 2;
    names[n] = malloc(len);
    if (!names[n]) {
      rc = PARLEY_ENOMEM;
      break;
    }
    snprintf(names[n], len, "%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/", e->d_name);
    n++;
  }
  closedir(d);
  if (rc == PARLEY_OK) qsort(names, n, sizeof *names, cmp_str);
  for (size_t i = 0; i < n; i++) {
    struct stat st;
    if (rc != PARLEY_OK || stat(names[i], &st) != 0 || !(S_ISDIR(st.st_mode) || S_ISREG(st.st_mode))) {
      free(names[i]);
      continue;
    }
    int fresh = mark_seen(r, &st);
    if (fresh <= 0) {
      if (fresh < 0) rc = PARLEY_ENOMEM;
      r->name = names[i];
      skipped(r, PARLEY_EINVAL, 0, "%s already read by this walk (a symlink loop or a second link): skipped",
              S_ISDIR(st.st_mode) ? "a directory" : "a file");
      r->name = NULL;
      free(names[i]);
      continue;
    }
    if (S_ISDIR(st.st_mode)) {
      rc = add_dir(r, names[i]);
      free(names[i]);
    } else if (S_ISREG(st.st_mode)) {
      rc = push(r, names[i], NULL, 0);
      if (rc != PARLEY_OK) free(names[i]);
      else r->st.bytes_total += (unsigned long long)st.st_size;
    } else {
      free(names[i]);
    }
  }
  free(names);
  return rc;
}

int parley_reader_add_path(parley_reader *r, const char *path) {
  if (!r || !path) return PARLEY_EINVAL;
  unsigned long long size = 0;
  int sized = 0;
  if (strcmp(path, "-") != 0) {
    struct stat st;
    if (stat(path, &st) != 0) {
      snprintf(r->errmsg, sizeof r->errmsg, "%s: %s", path, strerror(errno));
      return PARLEY_ENOTFOUND;
    }
    if (S_ISDIR(st.st_mode)) {
      int fresh = mark_seen(r, &st);
      return fresh < 0 ? PARLEY_ENOMEM : fresh ? add_dir(r, path) : PARLEY_OK; /* named twice: walked once */
    }
    sized = S_ISREG(st.st_mode);
    size = (unsigned long long)st.st_size;
  }
  char *name = strdup(path);
  if (!name) return PARLEY_ENOMEM;
  int rc = push(r, name, NULL, 0);
  if (rc != PARLEY_OK) free(name);
  else if (sized) r->st.bytes_total += size;
  else r->size_unknown = 1;
  return rc;
}

int parley_reader_add_buffer(parley_reader *r, const char *name, const char *buf, size_t len) {
  if (!r || (!buf && len)) return PARLEY_EINVAL;
  char *n = strdup(name ? name : "buffer");
  char *b = malloc(len + 1);
  if (!n || !b) {
    free(n);
    free(b);
    return PARLEY_ENOMEM;
  }
  if (len) memcpy(b, buf, len);
  b[len] = '\0';
  int rc = push(r, n, b, len);
  if (rc != PARLEY_OK) {
    free(n);
    free(b);
  } else {
    r->st.bytes_total += len;
  }
  return rc;
}

/* ---- the current input ---- */

static void close_input(parley_reader *r) {
  if (r->f && r->f != stdin) fclose(r->f);
  r->f = NULL;
  if (!r->buf_owned) {
    r->buf = NULL;
    r->bcap = 0;
  }
  r->blen = r->bpos = 0;
  r->open = 0;
  r->eof = r->skipping = r->oom = 0;
  r->line = 0;
}

/* Reads more of the current file into the buffer, growing it up to the cap. Returns bytes read (0 at EOF). */
static size_t fill(parley_reader *r, size_t limit) {
  if (r->eof || !r->f) {
    r->eof = 1;
    return 0;
  }
  if (r->bpos > 0 && r->bpos == r->blen) r->bpos = r->blen = 0;
  if (r->bcap - r->blen < CHUNK + 1) {
    if (r->bpos > 0) { /* compact before growing */
      memmove(r->buf, r->buf + r->bpos, r->blen - r->bpos);
      r->blen -= r->bpos;
      r->bpos = 0;
    }
    if (r->bcap - r->blen < CHUNK + 1 && r->blen <= limit) {
      size_t cap = r->bcap ? r->bcap * 2 : 4 * CHUNK;
      while (cap - r->blen < CHUNK + 1) cap *= 2;
      char *nb = realloc(r->buf, cap);
      if (!nb) {
        r->oom = r->eof = 1;
        return 0;
      }
      r->buf = nb;
      r->bcap = cap;
    }
  }
  size_t want = r->bcap - r->blen - 1;
  if (want == 0) return 0;
  size_t got = fread(r->buf + r->blen, 1, want, r->f);
  r->blen += got;
  r->st.bytes += got;
  if (got == 0) {
    if (ferror(r->f)) diag(r, PARLEY_DIAG_ERROR, PARLEY_EIO, 0, "read error: %s", strerror(errno));
    r->eof = 1;
  }
  return got;
}

/* Opens the next queued input and decides its format. Returns 0 when the queue is empty. */
static int open_next(parley_reader *r) {
  while (r->qpos < r->nq) {
    input *in = &r->q[r->qpos++];
    r->name = in->name;
    r->line = 0;
    if (in->buf) {
      if (r->buf_owned) free(r->buf);
      r->buf_owned = 0;
      r->buf = in->buf;
      r->blen = in->len;
      r->bcap = in->len + 1;
      r->bpos = 0;
      r->eof = 1;
      r->st.bytes += in->len;
    } else {
      if (!r->buf_owned) {
        r->buf = NULL;
        r->bcap = 0;
      }
      r->buf_owned = 1;
      r->blen = r->bpos = 0;
      r->eof = 0;
      r->f = strcmp(in->name, "-") ? fopen(in->name, "rb") : stdin;
      if (!r->f) {
        skipped(r, PARLEY_EIO, 0, "cannot open: %s", strerror(errno));
        continue;
      }
    }
    /* look far enough to see the first non-blank byte */
    size_t i = 0;
    for (;;) {
      if (i == 0 && r->blen >= 3 && !memcmp(r->buf, "\xEF\xBB\xBF", 3)) i = 3;
      while (i < r->blen && strchr(" \t\r\n\f\v", r->buf[i]) && r->buf[i]) i++;
      if (i < r->blen || r->eof) break;
      if (!fill(r, r->max)) break;
    }
    if (i >= r->blen) {
      skipped(r, PARLEY_EPARSE, 0, "%s", "empty input");
      close_input(r);
      continue;
    }
    int fmt = r->opts.format;
    if (fmt == PARLEY_INPUT_AUTO) {
      unsigned char c = (unsigned char)r->buf[i];
      if (c == '{') fmt = PARLEY_INPUT_JSONL;
      else if (c == '<' || (c == 0x1f && i + 1 < r->blen && (unsigned char)r->buf[i + 1] == 0x8b &&
                            pl_html_sniff(r->buf + i, r->blen - i)))
        fmt = PARLEY_INPUT_HTML;
      else fmt = PARLEY_INPUT_TEXT;
    }
    r->fmt = fmt;
    r->open = 1;
    return 1;
  }
  return 0;
}

/* ---- text and HTML: one article per input ---- */

/* Binary rather than text: NUL bytes, or many control bytes or invalid sequences in the first 4 KiB.
 * Text in a legacy 8-bit encoding has a few invalid bytes in every line: that is repaired, not skipped. */
static int looks_binary(const char *s, size_t n) {
  if (memchr(s, '\0', n)) return 1;
  size_t m = n < 4096 ? n : 4096, ctrl = 0, invalid = 0, i = 0;
  while (i < m) {
    unsigned char c = (unsigned char)s[i];
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v') ctrl++;
    if (c >= 0x80) {
      size_t ok = pl_utf8_valid_prefix(s + i, m - i);
      if (ok == 0) {
        if (m - i >= 4) invalid++; /* a sequence cut by the 4 KiB window is not evidence */
        i++;
        continue;
      }
      i += ok;
      continue;
    }
    i++;
  }
  return ctrl * 10 > m || invalid * 3 > m;
}

/* Makes the article text from raw bytes: UTF-8 repaired, BOM dropped. Returns NULL when skipped (diag given). */
static const char *prepare_text(parley_reader *r, const char *raw, size_t n, size_t *out_len, int *repaired) {
  *repaired = 0;
  if (n >= 3 && !memcmp(raw, "\xEF\xBB\xBF", 3)) {
    raw += 3;
    n -= 3;
  }
  if (pl_utf8_valid_prefix(raw, n) == n) {
    *out_len = n;
    return raw;
  }
  pl_strbuf_clear(&r->tmp);
  size_t bad = pl_utf8_repair(raw, n, &r->tmp);
  if (r->tmp.failed) return NULL;
  diag(r, PARLEY_DIAG_WARNING, PARLEY_EPARSE, r->line, "invalid UTF-8 repaired (%zu sequences replaced by U+FFFD)",
       bad);
  *repaired = 1;
  *out_len = r->tmp.len;
  return r->tmp.ptr;
}

static int read_whole(parley_reader *r) {
  while (!r->eof) {
    fill(r, r->max);
    if (r->blen > r->max) return 0;
  }
  return r->blen <= r->max;
}

static int all_blank(const char *s, size_t n) {
  size_t i = 0;
  while (i < n) {
    uint32_t c = pl_utf8_next(s, n, &i);
    if (!pl_is_space(c)) return 0;
  }
  return 1;
}

/* HTML input: pl_html_extract() (src/html.h) turns the page into text and metadata; its warnings become
 * diagnostics and the article takes its fields, copied into the arena. */
static int html_article(parley_reader *r) {
  if (!read_whole(r)) {
    if (r->oom) return -1;
    r->st.skipped++;
    diag(r, PARLEY_DIAG_ERROR, PARLEY_EPARSE, 0, "input larger than %zu bytes (limit: article bytes): skipped", r->max);
    return 0;
  }
  pl_html_result h;
  if (pl_html_extract_max(r->buf, r->blen, r->max, &h)) return -1;
  if (h.text_len > r->max || (h.warnings & PL_HTML_WARN_TOO_BIG)) {
    /* the cap is on the article, whether the page came compressed or not */
    pl_html_result_dispose(&h);
    r->st.skipped++;
    diag(r, PARLEY_DIAG_ERROR, PARLEY_EPARSE, 0, "page larger than %zu bytes after decompression or extraction "
         "(limit: article bytes): skipped", r->max);
    return 0;
  }
  for (unsigned b = 0; b < PL_HTML_WARN_COUNT; b++)
    if (h.warnings & (1u << b)) diag(r, PARLEY_DIAG_WARNING, PARLEY_EPARSE, 0, "%s", pl_html_warning_str(1u << b));
  int rc = 0;
  if (all_blank(h.text, h.text_len)) {
    skipped(r, PARLEY_EPARSE, 0, "%s", "no article text in the page: skipped");
    goto done;
  }
  parley_article *a = &r->art;
  char date[11];
  rc = -1;
  if (!(a->id = id_from_name(&r->arena, r->name))) goto done;
  char *ext = strrchr(a->id, '.'); /* "page.html.gz": id_from_name dropped ".gz" */
  if (ext && ext != a->id && (!strcmp(ext, ".html") || !strcmp(ext, ".htm"))) *ext = '\0';
  if (!(a->text = pl_arena_strndup(&r->arena, h.text, h.text_len))) goto done;
  a->text_len = h.text_len;
  if (h.title && !(a->title = pl_arena_strndup(&r->arena, h.title, strlen(h.title)))) goto done;
  if (h.source && !(a->source = pl_arena_strndup(&r->arena, h.source, strlen(h.source)))) goto done;
  if (h.url && !(a->url = pl_arena_strndup(&r->arena, h.url, strlen(h.url)))) goto done;
  if (h.language && !(a->language = pl_arena_strndup(&r->arena, h.language, strlen(h.language)))) goto done;
  a->date = r->opts.default_date;
  if (h.date && pl_parse_date(h.date, strlen(h.date), date) && !(a->date = pl_arena_strndup(&r->arena, date, 10)))
    goto done;
  if (h.warnings) r->st.repaired++;
  rc = 1;
done:
  pl_html_result_dispose(&h);
  return rc;
}

/* Fills r->art from a whole text input. Returns 1 when an article was made, 0 when the input was skipped. */
static int text_article(parley_reader *r) {
  if (!read_whole(r)) {
    if (r->oom) return -1;
    r->st.skipped++;
    diag(r, PARLEY_DIAG_ERROR, PARLEY_EPARSE, 0, "input larger than %zu bytes (limit: article bytes): skipped", r->max);
    return 0;
  }
  r->buf[r->blen] = '\0';
  if (looks_binary(r->buf, r->blen)) {
    skipped(r, PARLEY_EPARSE, 0, "%s", "binary file (NUL bytes or mostly non-text): skipped");
    return 0;
  }
  size_t len;
  int repaired;
  const char *text = prepare_text(r, r->buf, r->blen, &len, &repaired);
  if (!text) return -1;
  if (all_blank(text, len)) {
    skipped(r, PARLEY_EPARSE, 0, "%s", "empty input");
    return 0;
  }
  parley_article *a = &r->art;
  a->id = id_from_name(&r->arena, r->name);
  if (!a->id) return -1;
  size_t ts, te;
  if (pl_find_title(text, len, &ts, &te) && !(a->title = pl_arena_strndup(&r->arena, text + ts, te - ts))) return -1;
  a->date = r->opts.default_date;
  char hd[11];
  if (pl_find_header_date(text, len, hd)) { /* the article's own date wins over the default */
    char *d = pl_arena_strndup(&r->arena, hd, 10);
    if (!d) return -1;
    a->date = d;
  }
  a->text = text;
  a->text_len = len;
  if (repaired) r->st.repaired++;
  return 1;
}

/* ---- JSONL: one article per line ---- */

/* Next line of the current input in *line and *n (without the newline). Returns 0 at the end of the input.
 * Lines longer than the cap are skipped here with a diagnostic, without ever being held whole in memory. */
static int next_line(parley_reader *r, const char **line, size_t *n) {
  for (;;) {
    char *s = r->buf + r->bpos;
    char *nl = r->blen > r->bpos ? memchr(s, '\n', r->blen - r->bpos) : NULL;
    if (nl || (r->eof && r->bpos < r->blen)) {
      size_t len = nl ? (size_t)(nl - s) : r->blen - r->bpos;
      r->bpos += len + (nl ? 1 : 0);
      r->line++;
      /* a line that arrived whole in one read can be up to twice the cap: the cap is on the line, not the read */
      if (r->skipping || len > r->max) {
        r->skipping = 0;
        r->st.skipped++;
        diag(r, PARLEY_DIAG_ERROR, PARLEY_EPARSE, r->line, "line longer than %zu bytes (limit: line bytes): skipped", r->max);
        continue;
      }
      *line = s;
      *n = len;
      return 1;
    }
    if (r->eof) return 0;
    if (r->blen - r->bpos > r->max) { /* drop what we hold of an over-long line and read on to its end */
      r->skipping = 1;
      r->bpos = r->blen = 0;
    }
    fill(r, r->max);
    if (r->oom) return 0;
  }
}

static const char *opt_string(parley_reader *r, json_t *obj, const char *key) {
  json_t *v = json_object_get(obj, key);
  if (!v || json_is_null(v)) return NULL;
  if (!json_is_string(v)) {
    diag(r, PARLEY_DIAG_WARNING, PARLEY_EPARSE, r->line, "field '%s' is not a string: ignored", key);
    return NULL;
  }
  const char *s = json_string_value(v);
  return *s ? s : NULL;
}

/* ---- JSONL fast path ----
 * jansson builds a tree for every line; for the common shape of a news JSONL line (an object of strings, numbers,
 * literals and the odd nested value) this scanner reads the fields in place instead, unescaping strings inside the
 * reader's own line buffer, which lives until the next call. It accepts only well-formed JSON and gives up
 * (returns 0) on anything unusual, in which case jansson parses the line and reports what is wrong. */

typedef struct fast_field {
  const char *s; /* NUL-terminated in the line buffer, or NULL */
  size_t n;
  int kind;      /* 0 absent, 's' string, 'i' integer, 'o' other */
} fast_field;

static size_t ws(const char *p, size_t i, size_t n) {
  while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' || p[i] == '\n')) i++;
  return i;
}

static int hex4(const char *p, unsigned *out) {
  unsigned v = 0;
  for (int k = 0; k < 4; k++) {
    char c = p[k];
    v <<= 4;
    if (c >= '0' && c <= '9') v |= (unsigned)(c - '0');
    else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f') v |= (unsigned)((c | 0x20) - 'a' + 10);
    else return 0;
  }
  *out = v;
  return 1;
}

/* Parses the string whose opening quote is at p[*i], unescaping it in place and NUL-terminating it.
 * Returns 1 with *s and *len set and *i after the closing quote; 0 when the fast path gives up. */
static int fast_string(char *p, size_t n, size_t *i, const char **s, size_t *len) {
  size_t r = *i + 1, w = r;
  char *out = p + r;
  for (;;) {
    /* plain run */
    size_t start = r;
    while (r < n && p[r] != '"' && p[r] != '\\' && (unsigned char)p[r] >= 0x20) r++;
    if (w != start) memmove(p + w, p + start, r - start);
    w += r - start;
    if (r >= n || (unsigned char)p[r] < 0x20) return 0;
    if (p[r] == '"') break;
    if (r + 1 >= n) return 0;
    char e = p[r + 1];
    r += 2;
    switch (e) {
    case '"': case '\\': case '/': p[w++] = e; break;
    case 'b': p[w++] = '\b'; break;
    case 'f': p[w++] = '\f'; break;
    case 'n': p[w++] = '\n'; break;
    case 'r': p[w++] = '\r'; break;
    case 't': p[w++] = '\t'; break;
    case 'u': {
      unsigned c, lo;
      if (r + 4 > n || !hex4(p + r, &c)) return 0;
      r += 4;
      if (c >= 0xD800 && c < 0xDC00) {
        if (r + 6 > n || p[r] != '\\' || p[r + 1] != 'u' || !hex4(p + r + 2, &lo) || lo < 0xDC00 || lo >= 0xE000)
          return 0;
        r += 6;
        c = 0x10000 + ((c - 0xD800) << 10) + (lo - 0xDC00);
      } else if ((c >= 0xDC00 && c < 0xE000) || c == 0) {
        return 0; /* lone surrogate or NUL: jansson's path handles (and reports) these */
      }
      if (c < 0x80) {
        p[w++] = (char)c;
      } else if (c < 0x800) {
        p[w++] = (char)(0xC0 | (c >> 6));
        p[w++] = (char)(0x80 | (c & 0x3F));
      } else if (c < 0x10000) {
        p[w++] = (char)(0xE0 | (c >> 12));
        p[w++] = (char)(0x80 | ((c >> 6) & 0x3F));
        p[w++] = (char)(0x80 | (c & 0x3F));
      } else {
        p[w++] = (char)(0xF0 | (c >> 18));
        p[w++] = (char)(0x80 | ((c >> 12) & 0x3F));
        p[w++] = (char)(0x80 | ((c >> 6) & 0x3F));
        p[w++] = (char)(0x80 | (c & 0x3F));
      }
      break;
    }
    default:
      return 0;
    }
  }
  p[w] = '\0'; /* w <= r: the terminator overwrites the closing quote at the latest */
  *s = out;
  *len = (size_t)(p + w - out);
  *i = r + 1;
  return 1;
}

/* Skips a JSON number at p[*i] (strict grammar); *integer tells whether it had no fraction or exponent. */
static int fast_number(const char *p, size_t n, size_t *i, int *integer) {
  size_t k = *i;
  if (k < n && p[k] == '-') k++;
  if (k < n && p[k] == '0') k++;
  else if (k < n && p[k] >= '1' && p[k] <= '9') while (k < n && p[k] >= '0' && p[k] <= '9') k++;
  else return 0;
  *integer = 1;
  if (k < n && p[k] == '.') {
    k++;
    if (k >= n || p[k] < '0' || p[k] > '9') return 0;
    while (k < n && p[k] >= '0' && p[k] <= '9') k++;
    *integer = 0;
  }
  if (k < n && (p[k] == 'e' || p[k] == 'E')) {
    k++;
    if (k < n && (p[k] == '+' || p[k] == '-')) k++;
    if (k >= n || p[k] < '0' || p[k] > '9') return 0;
    while (k < n && p[k] >= '0' && p[k] <= '9') k++;
    *integer = 0;
  }
  *i = k;
  return 1;
}

static int fast_value(char *p, size_t n, size_t *i, fast_field *f, int depth);

static int fast_container(char *p, size_t n, size_t *i, int depth) {
  char close = p[*i] == '{' ? '}' : ']';
  size_t k = ws(p, *i + 1, n);
  if (depth > 32) return 0;
  if (k < n && p[k] == close) {
    *i = k + 1;
    return 1;
  }
  for (;;) {
    fast_field dummy;
    if (close == '}') {
      const char *key;
      size_t kl;
      if (k >= n || p[k] != '"' || !fast_string(p, n, &k, &key, &kl)) return 0;
      k = ws(p, k, n);
      if (k >= n || p[k] != ':') return 0;
      k = ws(p, k + 1, n);
    }
    if (!fast_value(p, n, &k, &dummy, depth + 1)) return 0;
    k = ws(p, k, n);
    if (k < n && p[k] == ',') {
      k = ws(p, k + 1, n);
      continue;
    }
    if (k < n && p[k] == close) {
      *i = k + 1;
      return 1;
    }
    return 0;
  }
}

static int fast_value(char *p, size_t n, size_t *i, fast_field *f, int depth) {
  size_t k = *i;
  f->s = NULL;
  f->n = 0;
  if (k >= n) return 0;
  char c = p[k];
  if (c == '"') {
    if (!fast_string(p, n, &k, &f->s, &f->n)) return 0;
    f->kind = 's';
  } else if (c == '-' || (c >= '0' && c <= '9')) {
    int integer;
    size_t st = k;
    if (!fast_number(p, n, &k, &integer)) return 0;
    f->kind = integer ? 'i' : 'o';
    f->s = p + st;
    f->n = k - st;
  } else if (c == '{' || c == '[') {
    if (!fast_container(p, n, &k, depth)) return 0;
    f->kind = 'o';
  } else if (n - k >= 4 && (!memcmp(p + k, "true", 4) || !memcmp(p + k, "null", 4))) {
    k += 4;
    f->kind = p[k - 4] == 'n' ? 0 : 'o';
  } else if (n - k >= 5 && !memcmp(p + k, "false", 5)) {
    k += 5;
    f->kind = 'o';
  } else {
    return 0;
  }
  *i = k;
  return 1;
}

enum { F_ID, F_TEXT, F_TITLE, F_DATE, F_SOURCE, F_URL, F_LANGUAGE, F_COUNT };
static const char *const fast_keys[F_COUNT] = {"id", "text", "title", "date", "source", "url", "language"};

/* Reads the object in p[0..n) into fields. Returns 1 when it is a well-formed object whose id is a string or
 * integer and whose text is a non-blank string; 0 otherwise (the slow path decides what is wrong). */
static int fast_object(char *p, size_t n, fast_field *fields) {
  memset(fields, 0, F_COUNT * sizeof *fields);
  size_t k = ws(p, 0, n);
  if (k >= n || p[k] != '{') return 0;
  k = ws(p, k + 1, n);
  if (k < n && p[k] == '}') return 0;
  for (;;) {
    const char *key;
    size_t kl;
    if (k >= n || p[k] != '"' || !fast_string(p, n, &k, &key, &kl)) return 0;
    k = ws(p, k, n);
    if (k >= n || p[k] != ':') return 0;
    k = ws(p, k + 1, n);
    fast_field f;
    if (!fast_value(p, n, &k, &f, 0)) return 0;
    for (int j = 0; j < F_COUNT; j++)
      if (!strcmp(key, fast_keys[j])) fields[j] = f;
    k = ws(p, k, n);
    if (k < n && p[k] == ',') {
      k = ws(p, k + 1, n);
      continue;
    }
    if (k < n && p[k] == '}') break;
    return 0;
  }
  if (ws(p, k + 1, n) != n) return 0;
  for (int j = F_TITLE; j < F_COUNT; j++)
    if (fields[j].kind && fields[j].kind != 's') return 0; /* the slow path warns about these */
  if (fields[F_TEXT].kind != 's' || all_blank(fields[F_TEXT].s, fields[F_TEXT].n)) return 0;
  return fields[F_ID].kind == 's' || fields[F_ID].kind == 'i';
}

/* Fills r->art from the fast path's fields. Returns 1, or -1 on OOM. */
static int fast_article(parley_reader *r, fast_field *f, int repaired) {
  parley_article *a = &r->art;
  if (f[F_ID].kind == 'i') {
    a->id = pl_arena_strndup(&r->arena, f[F_ID].s, f[F_ID].n);
    if (!a->id) return -1;
  } else {
    a->id = f[F_ID].s;
  }
  a->text = f[F_TEXT].s;
  a->text_len = f[F_TEXT].n;
  a->title = f[F_TITLE].n ? f[F_TITLE].s : NULL;
  a->source = f[F_SOURCE].n ? f[F_SOURCE].s : NULL;
  a->url = f[F_URL].n ? f[F_URL].s : NULL;
  a->language = f[F_LANGUAGE].n ? f[F_LANGUAGE].s : NULL;
  a->date = r->opts.default_date;
  if (f[F_DATE].n) {
    char *d = pl_arena_alloc(&r->arena, 11);
    if (!d) return -1;
    if (pl_parse_date(f[F_DATE].s, f[F_DATE].n, d)) {
      a->date = d;
    } else {
      diag(r, PARLEY_DIAG_WARNING, PARLEY_EPARSE, r->line, "unrecognised date '%.40s': %s", f[F_DATE].s,
           a->date ? "default date used" : "no date");
      repaired = 1;
    }
  }
  if (repaired) r->st.repaired++;
  return 1;
}

/* Fills r->art from the next JSONL line. Returns 1 with an article, 0 at the end of the input, -1 on OOM. */
static int jsonl_article(parley_reader *r) {
  const char *line;
  size_t n;
  while (next_line(r, &line, &n)) {
    while (n && strchr(" \t\r\f\v", line[n - 1]) && line[n - 1]) n--;
    size_t i = 0;
    while (i < n && strchr(" \t\f\v", line[i]) && line[i]) i++;
    if (i == n) continue; /* blank lines are separators, not articles */
    line += i;
    n -= i;
    int repaired;
    size_t len;
    const char *p = prepare_text(r, line, n, &len, &repaired);
    if (!p) return -1;
    /* the fast path unescapes in place, so it works on a copy: jansson may need the line intact after it */
    fast_field fields[F_COUNT];
    pl_strbuf_clear(&r->scratch);
    pl_strbuf_append(&r->scratch, p, len);
    if (r->scratch.failed) return -1;
    if (fast_object(r->scratch.ptr, len, fields)) return fast_article(r, fields, repaired);
    json_error_t err;
    json_t *obj = json_loadb(p, len, JSON_ALLOW_NUL, &err);
    if (!obj) {
      skipped(r, PARLEY_EPARSE, r->line, "bad JSON: %s", err.text);
      continue;
    }
    if (!json_is_object(obj)) {
      json_decref(obj);
      skipped(r, PARLEY_EPARSE, r->line, "%s", "not a JSON object");
      continue;
    }
    json_t *text = json_object_get(obj, "text"), *id = json_object_get(obj, "id");
    const char *why = NULL;
    if (!text) why = "no 'text' field";
    else if (!json_is_string(text)) why = "'text' is not a string";
    else if (all_blank(json_string_value(text), json_string_length(text))) why = "empty 'text'";
    else if (!id || !(json_is_string(id) || json_is_integer(id))) why = "no 'id' field (string or integer)";
    if (why) {
      json_decref(obj);
      skipped(r, PARLEY_EPARSE, r->line, "%s: skipped", why);
      continue;
    }
    r->json = obj;
    parley_article *a = &r->art;
    if (json_is_integer(id)) {
      char tmp[32];
      snprintf(tmp, sizeof tmp, "%lld", (long long)json_integer_value(id));
      a->id = pl_arena_strndup(&r->arena, tmp, strlen(tmp));
      if (!a->id) return -1;
    } else {
      a->id = json_string_value(id);
    }
    a->text = json_string_value(text);
    a->text_len = json_string_length(text);
    if (strlen(a->text) != a->text_len) { /* "\u0000" in the text: C strings end there, so it becomes a space */
      char *copy = pl_arena_strndup(&r->arena, a->text, a->text_len);
      if (!copy) return -1;
      for (size_t k = 0; k < a->text_len; k++)
        if (!copy[k]) copy[k] = ' ';
      a->text = copy;
      diag(r, PARLEY_DIAG_WARNING, PARLEY_EPARSE, r->line, "%s", "NUL characters in 'text' replaced by spaces");
      repaired = 1;
    }
    a->title = opt_string(r, obj, "title");
    a->source = opt_string(r, obj, "source");
    a->url = opt_string(r, obj, "url");
    a->language = opt_string(r, obj, "language");
    const char *date = opt_string(r, obj, "date");
    a->date = r->opts.default_date;
    if (date) {
      char *d = pl_arena_alloc(&r->arena, 11);
      if (!d) return -1;
      if (pl_parse_date(date, strlen(date), d)) {
        a->date = d;
      } else {
        diag(r, PARLEY_DIAG_WARNING, PARLEY_EPARSE, r->line, "unrecognised date '%.40s': %s", date,
             a->date ? "default date used" : "no date");
        repaired = 1;
      }
    }
    if (repaired) r->st.repaired++;
    return 1;
  }
  return r->oom ? -1 : 0;
}

/* ---- the iterator ---- */

int parley_reader_next(parley_reader *r, const parley_article **out) {
  *out = NULL;
  if (!r) return PARLEY_EINVAL;
  if (r->json) {
    json_decref(r->json);
    r->json = NULL;
  }
  pl_arena_reset(&r->arena);
  if (r->tmp.cap > 4 * CHUNK && r->tmp.len < r->tmp.cap / 8) pl_strbuf_dispose(&r->tmp); /* after a huge article */
  if (r->scratch.cap > 4 * CHUNK && r->scratch.len < r->scratch.cap / 8) pl_strbuf_dispose(&r->scratch);
  for (;;) {
    if (!r->open) {
      if (!open_next(r)) return PARLEY_EDONE;
    }
    memset(&r->art, 0, sizeof r->art);
    r->art.file = r->name;
    int got;
    if (r->fmt == PARLEY_INPUT_JSONL) {
      got = jsonl_article(r);
      if (got == 0) close_input(r);
    } else {
      got = r->fmt == PARLEY_INPUT_HTML ? html_article(r) : text_article(r);
      if (got != 1) {
        close_input(r);
      } else { /* the article's text lives in the input buffer: keep it, close only the file */
        if (r->f && r->f != stdin) fclose(r->f);
        r->f = NULL;
        r->open = 0;
      }
    }
    if (got < 0) {
      snprintf(r->errmsg, sizeof r->errmsg, "out of memory");
      return PARLEY_ENOMEM;
    }
    if (got == 1) {
      r->art.line = r->fmt == PARLEY_INPUT_JSONL ? r->line : 0;
      if (!r->art.language) r->art.language = parley_langid_detect(r->langid, r->art.text, r->art.text_len);
      r->st.articles++;
      *out = &r->art;
      return PARLEY_OK;
    }
  }
}

void parley_reader_get_stats(const parley_reader *r, parley_reader_stats *out) {
  memset(out, 0, sizeof *out);
  if (r) *out = r->st;
  if (r && r->size_unknown) out->bytes_total = 0;
}

const char *parley_reader_errmsg(const parley_reader *r) { return r && r->errmsg[0] ? r->errmsg : ""; }

void parley_reader_free(parley_reader *r) {
  if (!r) return;
  if (r->json) json_decref(r->json);
  if (r->f && r->f != stdin) fclose(r->f);
  if (r->buf_owned) free(r->buf);
  for (size_t i = 0; i < r->nq; i++) {
    free(r->q[i].name);
    free(r->q[i].buf);
  }
  free(r->q);
  free(r->seen);
  pl_strbuf_dispose(&r->tmp);
  pl_strbuf_dispose(&r->scratch);
  pl_arena_dispose(&r->arena);
  parley_langid_free(r->langid);
  free(r);
}
