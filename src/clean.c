/* clean.c: decides which lines of a scraped article are story and which are web boilerplate, and finds the
 * dateline. See clean.h.
 *
 * Story text comes in paragraphs that read as sentences: several words ending in terminal punctuation (or long
 * enough to be a paragraph cut short). Boilerplate is the rest: navigation crumbs, section lists, captions,
 * "SHARE THIS ARTICLE", bare links, ID lines, separators, and whatever an outlet appends to every article. */
#include "clean.h"
#include "dates.h"
#include "ingest.h"
#include "segment.h"
#include "util/utf8.h"
#include <parley/errors.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/ustring.h>

enum { K_BLANK, K_STORY, K_COLON, K_SHORT, K_JUNK };

typedef struct line_info {
  size_t s, e;      /* trimmed byte range */
  unsigned words;   /* white-space separated chunks with a letter or digit */
  unsigned seps;    /* chunks that are crumb separators: / | > » › • · */
  unsigned letters, upper, chars;
  int terminal;     /* ends in . ! ? … (closing quotes and brackets aside) */
  int colon;        /* ends in ':' */
  int link;         /* a chunk is a URL or a bare domain */
  int kind;
} line_info;

/* ---- line features ---- */

static int is_closer(uint32_t c) {
  return c == '"' || c == '\'' || c == ')' || c == ']' || c == 0x201D || c == 0x2019 || c == 0xBB || c == 0x203A ||
         c == '*';
}

static int chunk_is_link(const char *s, size_t n) {
  if (n >= 4 && ((s[0] == 'h' && s[1] == 't' && s[2] == 't' && s[3] == 'p') ||
                 (s[0] == 'w' && s[1] == 'w' && s[2] == 'w' && s[3] == '.')))
    return 1;
  if (n < 4 || n > 80) return 0;
  /* a bare domain: lower-case letters, digits, '-' and at least one dot, ending in a 2–6 letter TLD */
  size_t dots = 0, last_dot = 0;
  for (size_t i = 0; i < n; i++) {
    char c = s[i];
    if (c == '.') {
      if (i == 0 || s[i - 1] == '.') return 0;
      dots++;
      last_dot = i;
    } else if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '/')) {
      return 0;
    }
  }
  size_t tld = n - last_dot - 1;
  return dots >= 1 && tld >= 2 && tld <= 6;
}

static int chunk_is_sep(const char *s, size_t n) {
  if (n == 1) return *s == '/' || *s == '|' || *s == '>' || *s == '\\';
  uint32_t c;
  size_t i = 0;
  c = pl_utf8_next(s, n, &i);
  return i == n && (c == 0xBB || c == 0x203A || c == 0x2022 || c == 0xB7 || c == 0x2192);
}

/* Every decision on a line is made within its first half kilobyte (a line that long is a paragraph), so
 * the features of a longer line are taken from that prefix; only its ending is looked at separately. */
#define ANALYSE_MAX 512

/* ASCII features: 1 letter, 2 upper case, 4 digit, 8 space, 16 may belong to a link ('.', ':') */
static const unsigned char ascii_feat[128] = {
    8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8,
    8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 16, 0, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 16, 0, 0, 0, 0, 0,
    0, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 0, 0, 0, 0, 0,
    0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 8,
};

static void end_chunk(const char *t, size_t chunk, size_t at, unsigned feat, line_info *li) {
  if (at <= chunk) return;
  if (feat & 5) li->words++;
  else if (chunk_is_sep(t + chunk, at - chunk)) li->seps++;
  if ((feat & 16) && !li->link && chunk_is_link(t + chunk, at - chunk)) li->link = 1;
}

static void analyse(const char *t, line_info *li) {
  size_t i = li->s, e = li->e - li->s > ANALYSE_MAX ? li->s + ANALYSE_MAX : li->e;
  size_t chunk = i;
  unsigned feat = 0; /* ascii_feat bits seen in the current chunk */
  li->words = li->seps = li->letters = li->upper = li->chars = 0;
  li->link = 0;
  while (i < e) {
    unsigned char b = (unsigned char)t[i];
    if (b < 0x80) {
      unsigned f = ascii_feat[b];
      i++;
      if (f & 8) {
        end_chunk(t, chunk, i - 1, feat, li);
        chunk = i;
        feat = 0;
        continue;
      }
      li->chars++;
      li->letters += f & 1;
      li->upper += (f >> 1) & 1;
      feat |= f;
      continue;
    }
    size_t at = i;
    uint32_t c = pl_utf8_next(t, e, &i);
    if (pl_is_space(c)) {
      end_chunk(t, chunk, at, feat, li);
      chunk = i;
      feat = 0;
      continue;
    }
    li->chars++;
    if (u_isalpha((UChar32)c)) {
      li->letters++;
      feat |= 1;
      if (u_isupper((UChar32)c)) li->upper++;
    } else if (u_isdigit((UChar32)c)) {
      feat |= 4;
    }
  }
  end_chunk(t, chunk, e, feat, li);
  /* the last character, closing quotes and brackets aside */
  size_t k = li->e, st;
  uint32_t c = 0;
  while (k > li->s) {
    c = pl_utf8_prev(t, k, &st);
    if (!is_closer(c)) break;
    k = st;
  }
  li->terminal = c == '.' || c == '!' || c == '?' || c == 0x2026;
  li->colon = c == ':';
}

static void classify(line_info *li) {
  if (li->s == li->e) {
    li->kind = K_BLANK;
  } else if (li->letters * 2 < li->chars || (li->link && li->words <= 4) || (li->seps && !li->terminal && li->words <= 12) ||
             (li->upper * 5 >= li->letters * 4 && li->letters >= 4 && li->words <= 8)) {
    li->kind = K_JUNK; /* separators, bare links, crumbs, SHOUTED buttons */
  } else if ((li->terminal && li->words >= 2) || li->words >= 20) {
    li->kind = K_STORY;
  } else if (li->colon && li->words >= 4) {
    li->kind = K_COLON; /* introduces what follows: story only when story follows */
  } else {
    li->kind = K_SHORT; /* headlines, captions, section names, "Source: ..." */
  }
}

static size_t split_lines(const char *t, size_t n, line_info *out, size_t max) {
  size_t count = 0, i = 0;
  while (i <= n && count < max) {
    size_t s = i;
    const char *nl = i < n ? memchr(t + i, '\n', n - i) : NULL;
    size_t lend = nl ? (size_t)(nl - t) : n;
    const char *cr = lend > i ? memchr(t + i, '\r', lend - i) : NULL;
    i = cr ? (size_t)(cr - t) : lend;
    size_t e = i;
    /* trim */
    size_t k = s;
    while (k < e) {
      size_t nk = k;
      uint32_t c = pl_utf8_next(t, e, &nk);
      if (!pl_is_space(c)) break;
      k = nk;
    }
    s = k;
    while (e > s) {
      size_t st;
      uint32_t c = pl_utf8_prev(t, e, &st);
      if (!pl_is_space(c)) break;
      e = st;
    }
    out[count].s = s;
    out[count].e = e;
    count++;
    if (i < n && t[i] == '\r' && i + 1 < n && t[i + 1] == '\n') i++;
    i++;
  }
  return count;
}

int pl_find_title(const char *text, size_t len, size_t *start, size_t *end) {
  line_info lines[16];
  size_t n = split_lines(text, len, lines, PL_ARRAY_LEN(lines)), seen = 0;
  for (size_t i = 0; i < n && seen < 6; i++) {
    line_info *li = &lines[i];
    analyse(text, li);
    classify(li);
    if (li->kind == K_BLANK) continue;
    seen++;
    if (li->kind == K_STORY) return 0;
    if (li->kind == K_SHORT && li->words >= 3 && li->e - li->s <= 300) {
      /* a headline heads something: a line with nothing after it is the text itself */
      size_t rest = li->e;
      while (rest < len) {
        size_t nr = rest;
        if (!pl_is_space(pl_utf8_next(text, len, &nr))) break;
        rest = nr;
      }
      if (rest >= len) return 0;
      *start = li->s;
      *end = li->e;
      return 1;
    }
  }
  return 0;
}

/* Words that may stand beside the date on a dateline of a page header: "Published: Monday, 2 December 2024, 14:35
 * GMT". */
static int header_date_word(const char *f) {
  static const char *const ok[] = {"published", "updated", "posted", "date", "last", "on", "at", "gmt", "utc", "am",
                                   "pm", "a.m.", "p.m.", "monday", "tuesday", "wednesday", "thursday", "friday",
                                   "saturday", "sunday", "mon", "tue", "wed", "thu", "fri", "sat", "sun", "h",
                                   NULL};
  for (const char *const *w = ok; *w; w++)
    if (!strcmp(f, *w)) return 1;
  return 0;
}

int pl_find_header_date(const char *text, size_t len, char out[11]) {
  line_info lines[16];
  size_t n = split_lines(text, len, lines, PL_ARRAY_LEN(lines)), seen = 0;
  int found = 0;
  pl_arena a;
  pl_arena_init(&a, 4096);
  for (size_t i = 0; i < n && seen < 8 && !found; i++) {
    line_info *li = &lines[i];
    analyse(text, li);
    classify(li);
    if (li->kind == K_BLANK) continue;
    seen++;
    if (li->kind == K_STORY) break;
    if (li->e - li->s > 80) continue;
    if (pl_parse_date(text + li->s, li->e - li->s, out)) {
      found = 1;
      break;
    }
    parley_token *t;
    size_t nt;
    pl_date_expr ex[2];
    if (pl_tokenize_phrase(text + li->s, li->e - li->s, &a, &t, &nt) != PARLEY_OK) break;
    pl_date unknown = {0, 0, 0};
    size_t ne = pl_dates_find(t, nt, unknown, ex, 2);
    if (ne != 1 || ex[0].precision != PL_DATE_DAY || !pl_date_valid(ex[0].date)) continue;
    int clean = 1;
    for (size_t k = 0; k < nt && clean; k++) {
      if (k >= ex[0].tok_start && k < ex[0].tok_end) continue;
      if (t[k].cls == PARLEY_TOKEN_WORD && !header_date_word(t[k].fold)) clean = 0;
    }
    if (clean) {
      pl_date_format(ex[0].date, out);
      found = 1;
    }
  }
  pl_arena_dispose(&a);
  return found;
}

/* ---- cross-article line memory ---- */

typedef struct lf_entry {
  uint64_t key;
  uint32_t count;  /* articles that had the line */
  uint32_t serial; /* last article that counted it */
} lf_entry;

struct pl_linefreq {
  lf_entry *t;
  size_t cap, used;
  uint32_t serial;
  uint64_t source;   /* hash of the current article's outlet */
  uint32_t articles; /* articles of that outlet seen before the current one */
};

#define LF_CAP (1u << 17)

int pl_linefreq_new(pl_linefreq **out) {
  *out = NULL;
  pl_linefreq *lf = calloc(1, sizeof *lf);
  if (!lf) return PARLEY_ENOMEM;
  lf->t = calloc(LF_CAP, sizeof *lf->t);
  if (!lf->t) {
    free(lf);
    return PARLEY_ENOMEM;
  }
  lf->cap = LF_CAP;
  *out = lf;
  return PARLEY_OK;
}

void pl_linefreq_free(pl_linefreq *lf) {
  if (!lf) return;
  free(lf->t);
  free(lf);
}

static uint64_t hash_bytes(const char *s, size_t n, uint64_t h) {
  h ^= 0x9E3779B97F4A7C15ull + n;
  while (n >= 8) {
    uint64_t w;
    memcpy(&w, s, 8);
    h = (h ^ w) * 0xFF51AFD7ED558CCDull;
    h ^= h >> 32;
    s += 8;
    n -= 8;
  }
  uint64_t w = 0;
  memcpy(&w, s, n);
  h = (h ^ w) * 0xC4CEB9FE1A85EC53ull;
  h ^= h >> 29;
  return h | 1; /* 0 marks an empty slot */
}

static lf_entry *lf_find(pl_linefreq *lf, uint64_t key) {
  size_t mask = lf->cap - 1, i = (size_t)(key >> 7) & mask;
  while (lf->t[i].key && lf->t[i].key != key) i = (i + 1) & mask;
  return &lf->t[i];
}

/* Halves every count and forgets what reaches zero: the table keeps the outlet-wide regularities. */
static void lf_age(pl_linefreq *lf) {
  lf_entry *old = lf->t;
  lf_entry *t = calloc(lf->cap, sizeof *t);
  if (!t) { /* cannot rebuild: forget everything rather than fail */
    memset(old, 0, lf->cap * sizeof *old);
    lf->used = 0;
    return;
  }
  lf->t = t;
  lf->used = 0;
  for (size_t i = 0; i < lf->cap; i++) {
    if (!old[i].key || old[i].count < 2) continue;
    lf_entry *e = lf_find(lf, old[i].key);
    *e = old[i];
    e->count /= 2;
    lf->used++;
  }
  free(old);
}

/* Counts key once per article; returns the count before this article and whether this article had it already. */
static uint32_t lf_count(pl_linefreq *lf, uint64_t key, int *repeat) {
  if (lf->used * 10 >= lf->cap * 7) lf_age(lf);
  lf_entry *e = lf_find(lf, key);
  if (!e->key) {
    e->key = key;
    lf->used++;
  }
  uint32_t before = e->count;
  *repeat = e->serial == lf->serial && e->count > 0;
  if (!*repeat) {
    e->count++;
    e->serial = lf->serial;
  }
  return before;
}

/* ---- outlet self-promotion ---- */

/* Phrases in which outlets describe, license or advertise themselves. Two in one tail paragraph mark it. */
static const char *const promo_cues[] = {
    "website", "web site", "alternate address", "can also be accessed", "all rights reserved", "copyright",
    "licensed under", "creative commons", "all content", "subscribe", "newsletter", "follow us", "mainly concerned",
    "main objective", "is to provide", "reliable and verified", "news and information", "digital", "publishing",
    "click here", "download our", "our app", "sign up", "reproduction", "without permission", "news agency is",
};

static int lower_ascii(int c) { return c >= 'A' && c <= 'Z' ? c | 0x20 : c; }

/* Cues are matched at word starts only, each compared case-insensitively: one pass over the text. */
int pl_promo_score(const char *s, size_t n) {
  int hits = 0;
  unsigned found = 0; /* each cue counts once */
  for (size_t i = 0; i < n; i++) {
    int c = lower_ascii((unsigned char)s[i]);
    if (c < 'a' || c > 'z' || (i > 0 && ((s[i - 1] | 0x20) >= 'a' && (s[i - 1] | 0x20) <= 'z'))) continue;
    for (size_t k = 0; k < PL_ARRAY_LEN(promo_cues); k++) {
      const char *cue = promo_cues[k];
      if (cue[0] != c || (found & (1u << k))) continue;
      size_t j = 1;
      while (cue[j] && i + j < n && lower_ascii((unsigned char)s[i + j]) == cue[j]) j++;
      if (!cue[j]) {
        found |= 1u << k;
        hits++;
      }
    }
  }
  return hits;
}

/* ---- datelines ---- */

static int is_dash_at(const char *t, size_t i, size_t e, size_t *after) {
  if (i < e && t[i] == '-') {
    *after = i + 1 + (i + 1 < e && t[i + 1] == '-');
    return 1;
  }
  if (i + 3 <= e && (unsigned char)t[i] == 0xE2 && (unsigned char)t[i + 1] == 0x80 &&
      ((unsigned char)t[i + 2] == 0x93 || (unsigned char)t[i + 2] == 0x94)) {
    *after = i + 3;
    return 1;
  }
  return 0;
}

static char *title_case(pl_arena *a, const char *s, size_t n) {
  UChar src[128], dst[128];
  int32_t len = 0;
  UErrorCode st = U_ZERO_ERROR;
  u_strFromUTF8(src, 128, &len, s, (int32_t)n, &st);
  if (U_FAILURE(st)) return pl_arena_strndup(a, s, n);
  int32_t dlen = u_strToTitle(dst, 128, src, len, NULL, "en", &st);
  if (U_FAILURE(st)) return pl_arena_strndup(a, s, n);
  char *out = pl_arena_alloc(a, (size_t)dlen * 3 + 1);
  if (!out) return NULL;
  int32_t olen = 0;
  u_strToUTF8(out, dlen * 3 + 1, &olen, dst, dlen, &st);
  if (U_FAILURE(st)) return pl_arena_strndup(a, s, n);
  return out;
}

/* Upper-case words that open a story as a label, not as its place ("UPDATE - ", "EXCLUSIVE-"). */
static int is_label(const char *w, size_t n) {
  static const char *const labels[] = {"UPDATE", "UPDATED", "BREAKING", "EXCLUSIVE", "ANALYSIS", "OPINION",
                                       "COMMENTARY", "EDITORIAL", "INTERVIEW", "FACTBOX", "EXPLAINER", "FEATURE",
                                       "WRAPUP", "REFILE", "CORRECTED", "URGENT", "FLASH", "NEWS", "REPORT",
                                       "MEDIUM", "VIDEO", "PHOTOS", "WATCH", "LIVE", NULL};
  for (const char *const *l = labels; *l; l++)
    if (strlen(*l) == n && !memcmp(*l, w, n)) return 1;
  return 0;
}

/* Recognises "PLACE[, extra] [(OUTLET)] –" at t[s..e): "TEHRAN (Tasnim) –", "MOSCOW, Dec 2 (Reuters) -",
 * "WASHINGTON —". The place is one to four upper-case words. Returns the end of the dateline (after the dash and
 * its spaces) or 0. */
static size_t parse_dateline(const char *t, size_t s, size_t e, size_t *pe, size_t *os, size_t *oe) {
  size_t i = s, words = 0, letters = 0;
  *os = *oe = 0;
  size_t lim = e - s > 120 ? s + 120 : e;
  /* place: upper-case words */
  for (;;) {
    size_t w = i, wl = 0;
    while (i < lim) {
      size_t ni = i;
      uint32_t c = pl_utf8_next(t, lim, &ni);
      int inner_hyphen = c == '-' && wl && ni < lim && t[ni] >= 'A' && t[ni] <= 'Z'; /* "AL-QUDS", not "TEHRAN-" */
      if (c < 0x80 ? (c >= 'A' && c <= 'Z') : (u_isupper((UChar32)c) != 0)) wl++;
      else if (c < 0x80 ? (c >= 'a' && c <= 'z') : (u_islower((UChar32)c) != 0)) return 0;
      else if (!inner_hyphen && !(c == '.' || c == '\'' || c == 0x2019)) break;
      i = ni;
    }
    if (i == w || wl == 0) break;
    words++;
    letters += wl;
    *pe = i;
    if (words > 4) return 0;
    if (i + 1 < lim && t[i] == ' ' && ((t[i + 1] >= 'A' && t[i + 1] <= 'Z') || (unsigned char)t[i + 1] >= 0xC0)) {
      i++;
      continue;
    }
    break;
  }
  if (words == 0 || letters < 3) return 0;
  if (words == 1 && is_label(t + s, *pe - s)) return 0;
  i = *pe;
  /* ", Dec 2" / ", Lebanon": a short run up to the outlet or the dash */
  if (i < lim && t[i] == ',') {
    size_t k = i + 1, count = 0;
    while (k < lim && t[k] != '(' && count < 30) {
      size_t dummy;
      if (t[k] == ' ' && is_dash_at(t, k + 1, lim, &dummy)) break;
      if (t[k] == '.' || t[k] == ',' || t[k] == ' ' || (t[k] >= '0' && t[k] <= '9') ||
          ((t[k] | 0x20) >= 'a' && (t[k] | 0x20) <= 'z'))
        k++, count++;
      else return 0;
    }
    i = k;
  }
  while (i < lim && t[i] == ' ') i++;
  if (i < lim && t[i] == '(') {
    size_t k = i + 1;
    while (k < lim && t[k] != ')' && k - i < 40) k++;
    if (k >= lim || t[k] != ')' || k == i + 1) return 0;
    *os = i + 1;
    *oe = k;
    i = k + 1;
    while (i < lim && t[i] == ' ') i++;
  }
  size_t after;
  if (!is_dash_at(t, i, lim, &after)) return 0;
  if (after < e && t[after] != ' ' && (unsigned char)t[after] != 0xC2) return 0; /* "WORD-word" is no dateline */
  while (after < e) {
    size_t na = after;
    uint32_t c = pl_utf8_next(t, e, &na);
    if (!pl_is_space(c)) break;
    after = na;
  }
  return after;
}

/* ---- the cleaner ---- */

static int same_text(const char *t, const line_info *li, const char *title) {
  size_t n = strlen(title);
  while (n && (title[n - 1] == ' ' || title[n - 1] == '\n' || title[n - 1] == '\r')) n--;
  while (n && *title == ' ') title++, n--;
  if (li->e - li->s != n) return 0;
  for (size_t i = 0; i < n; i++) {
    char a = t[li->s + i], b = title[i];
    if (a >= 'A' && a <= 'Z') a |= 0x20;
    if (b >= 'A' && b <= 'Z') b |= 0x20;
    if (a != b) return 0;
  }
  return 1;
}

void pl_linefreq_begin(pl_linefreq *lf, const char *source) {
  lf->serial++;
  lf->source = hash_bytes(source ? source : "", source ? strlen(source) : 0, 0);
  int rep;
  lf->articles = lf_count(lf, lf->source ^ 0x5bd1e9955bd1e995ull, &rep);
}

int pl_linefreq_boilerplate(pl_linefreq *lf, const char *s, size_t n) {
  int rep;
  uint32_t c = lf_count(lf, hash_bytes(s, n, lf->source), &rep);
  return !rep && c >= 4 && (uint64_t)c * 4 >= lf->articles;
}

uint64_t pl_clean_hash(const char *s, size_t n) { return hash_bytes(s, n, 0); }

int pl_clean(const parley_article *a, pl_arena *arena, pl_clean_result *out) {
  memset(out, 0, sizeof *out);
  const char *t = a->text;
  size_t n = a->text_len, nl = 1;
  for (const char *p = t; (p = memchr(p, '\n', (size_t)(t + n - p))) != NULL; p++) nl++;
  for (const char *p = t; (p = memchr(p, '\r', (size_t)(t + n - p))) != NULL; p++) nl++;
  line_info *L = pl_arena_alloc(arena, nl * sizeof *L);
  if (!L) return PARLEY_ENOMEM;
  nl = split_lines(t, n, L, nl);

  size_t first_story = nl;
  for (size_t i = 0; i < nl; i++) {
    analyse(t, &L[i]);
    classify(&L[i]);
    if (L[i].kind == K_STORY && first_story == nl) first_story = i;
  }
  /* the title repeated at the top of the text (a question or exclamation would pass as story) */
  if (a->title) {
    size_t limit = first_story + 3 < nl ? first_story + 3 : nl;
    for (size_t i = 0; i < limit; i++)
      if (L[i].kind != K_BLANK && same_text(t, &L[i], a->title)) L[i].kind = K_JUNK;
  }
  /* a line ending in ':' is story when story follows ("He said:"), boilerplate when links or nothing do */
  for (size_t i = 0; i < nl; i++) {
    if (L[i].kind != K_COLON) continue;
    size_t j = i + 1;
    while (j < nl && L[j].kind == K_BLANK) j++;
    L[i].kind = j < nl && L[j].kind == K_STORY ? K_STORY : K_SHORT;
  }
  /* outlet self-promotion is judged per sentence (doc.c): a scraper often glues it to the last story paragraph */
  size_t kept = 0;
  for (size_t i = 0; i < nl; i++) kept += L[i].kind == K_STORY;
  /* no line reads like a story paragraph: the text is a bare sentence ("X attacked Y on Monday") or a list of
   * them, as validation records and API callers send; keep its lines rather than drop the whole article */
  if (kept == 0) {
    out->bare = 1;
    for (size_t i = 0; i < nl; i++)
      if (L[i].kind == K_SHORT && L[i].words >= 3) {
        L[i].kind = K_STORY;
        kept++;
      }
  }
  out->paras = pl_arena_alloc(arena, (kept ? kept : 1) * sizeof *out->paras);
  if (!out->paras) return PARLEY_ENOMEM;
  for (size_t i = 0; i < nl; i++) {
    if (L[i].kind != K_STORY) continue;
    parley_span sp = {L[i].s, L[i].e};
    if (out->n_paras == 0 && i > 0) { /* "TEHRAN (Tasnim) –" alone on the line above the story */
      size_t j = i - 1, pe = 0, os, oe;
      while (j > 0 && L[j].kind == K_BLANK) j--;
      if (L[j].kind != K_BLANK && parse_dateline(t, L[j].s, L[j].e, &pe, &os, &oe) == L[j].e) {
        out->place = title_case(arena, t + L[j].s, pe - L[j].s);
        out->outlet = oe > os ? pl_arena_strndup(arena, t + os, oe - os) : NULL;
        if (!out->place || (oe > os && !out->outlet)) return PARLEY_ENOMEM;
        out->dateline.start = L[j].s;
        out->dateline.end = L[j].e;
      }
    }
    if (out->n_paras == 0 && !out->place) {
      size_t pe = 0, os, oe;
      size_t after = parse_dateline(t, sp.start, sp.end, &pe, &os, &oe);
      if (after) {
        out->place = title_case(arena, t + sp.start, pe - sp.start);
        out->outlet = oe > os ? pl_arena_strndup(arena, t + os, oe - os) : NULL;
        if (!out->place || (oe > os && !out->outlet)) return PARLEY_ENOMEM;
        out->dateline.start = sp.start;
        out->dateline.end = after;
        sp.start = after;
        if (sp.start >= sp.end) continue;
      }
    }
    out->paras[out->n_paras++] = sp;
  }
  return PARLEY_OK;
}
