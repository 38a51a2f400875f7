/* html.c: reads a saved web page (raw or gzip) with libxml2's HTML parser and extracts the article: main text in
 * reading order (readability-style scoring of DOM blocks, then pruning of boilerplate inside the chosen
 * container), title, publication date, outlet, canonical URL and language (meta tags, JSON-LD, markup, URL).
 *
 * Every walk over the DOM is iterative (parent/next links), so nesting depth never costs stack. */
#include "html.h"
#include "dates.h"

#include <ctype.h>
#include <jansson.h>
#include <limits.h>
#include <libxml/HTMLparser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlerror.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "parley/errors.h"
#include "parley/html.h"
#include "parley/language.h"
#include "parley/limits.h"
#include "util/strbuf.h"

#define HTML_MAX_INPUT (128u << 20) /* bytes of HTML after inflating; more is cut (gzip bombs, runaway files) */
#define MIN_PARA 25            /* characters for a block to count as a paragraph when scoring */
#define RETRY_BELOW 500        /* characters: a shorter article makes us retry with relaxed rules */

/* ------------------------------------------------------------------------------------------------ tags */

enum { K_INLINE, K_BLOCK, K_JUNK };

enum tag_id {
  T_OTHER, T_A, T_P, T_DIV, T_SECTION, T_ARTICLE, T_MAIN, T_H1, T_H2, T_H3, T_H4, T_H5, T_H6, T_UL, T_OL, T_LI,
  T_DL, T_DT, T_DD, T_BLOCKQUOTE, T_PRE, T_TABLE, T_TR, T_TD, T_TH, T_FIGURE, T_FIGCAPTION, T_HEADER, T_FOOTER,
  T_NAV, T_ASIDE, T_FORM, T_BR, T_IMG, T_BODY, T_HTML, T_HEAD, T_TITLE, T_META, T_LINK, T_SCRIPT, T_TIME,
  T_IFRAME, T_INPUT, T_SPAN, T_FONT, T_CAPTION, T_ADDRESS, T_MENU, T_BUTTON, T_CENTER, T_HR, T_NOSCRIPT,
  T_LABEL, T_SELECT, T_TEXTAREA, T_DIALOG, T_SUMMARY, T_DETAILS, T_FIELDSET, T_LEGEND, T_EMBED, T_OBJECT,
  T_VIDEO, T_AUDIO, T_SVG, T_STYLE, T_COUNT
};

typedef struct tag_info {
  const char *name;
  uint8_t id, kind;
} tag_info;

/* Unknown tags (custom elements) count as blocks: that keeps their paragraphs apart. */
static const tag_info TAGS[] = {
    {"a", T_A, K_INLINE}, {"abbr", T_OTHER, K_INLINE}, {"acronym", T_OTHER, K_INLINE},
    {"address", T_ADDRESS, K_BLOCK}, {"applet", T_OTHER, K_JUNK}, {"area", T_OTHER, K_JUNK},
    {"article", T_ARTICLE, K_BLOCK}, {"aside", T_ASIDE, K_BLOCK}, {"audio", T_AUDIO, K_JUNK},
    {"b", T_OTHER, K_INLINE}, {"base", T_OTHER, K_JUNK}, {"bdi", T_OTHER, K_INLINE}, {"bdo", T_OTHER, K_INLINE},
    {"big", T_OTHER, K_INLINE}, {"blockquote", T_BLOCKQUOTE, K_BLOCK}, {"body", T_BODY, K_BLOCK},
    {"br", T_BR, K_INLINE}, {"button", T_BUTTON, K_JUNK}, {"canvas", T_OTHER, K_JUNK},
    {"caption", T_CAPTION, K_BLOCK}, {"center", T_CENTER, K_BLOCK}, {"cite", T_OTHER, K_INLINE},
    {"code", T_OTHER, K_INLINE}, {"data", T_OTHER, K_INLINE}, {"datalist", T_OTHER, K_JUNK},
    {"dd", T_DD, K_BLOCK}, {"del", T_OTHER, K_INLINE}, {"details", T_DETAILS, K_BLOCK},
    {"dfn", T_OTHER, K_INLINE}, {"dialog", T_DIALOG, K_BLOCK}, {"div", T_DIV, K_BLOCK}, {"dl", T_DL, K_BLOCK},
    {"dt", T_DT, K_BLOCK}, {"em", T_OTHER, K_INLINE}, {"embed", T_EMBED, K_JUNK},
    {"fieldset", T_FIELDSET, K_BLOCK}, {"figcaption", T_FIGCAPTION, K_BLOCK}, {"figure", T_FIGURE, K_BLOCK},
    {"font", T_FONT, K_INLINE}, {"footer", T_FOOTER, K_BLOCK}, {"form", T_FORM, K_BLOCK},
    {"frame", T_OTHER, K_JUNK}, {"frameset", T_OTHER, K_JUNK}, {"h1", T_H1, K_BLOCK}, {"h2", T_H2, K_BLOCK},
    {"h3", T_H3, K_BLOCK}, {"h4", T_H4, K_BLOCK}, {"h5", T_H5, K_BLOCK}, {"h6", T_H6, K_BLOCK},
    {"head", T_HEAD, K_BLOCK}, {"header", T_HEADER, K_BLOCK}, {"hgroup", T_OTHER, K_BLOCK},
    {"hr", T_HR, K_BLOCK}, {"html", T_HTML, K_BLOCK}, {"i", T_OTHER, K_INLINE}, {"iframe", T_IFRAME, K_JUNK},
    {"img", T_IMG, K_JUNK}, {"input", T_INPUT, K_JUNK}, {"ins", T_OTHER, K_INLINE}, {"kbd", T_OTHER, K_INLINE},
    {"label", T_LABEL, K_INLINE}, {"legend", T_LEGEND, K_BLOCK}, {"li", T_LI, K_BLOCK},
    {"link", T_LINK, K_JUNK}, {"main", T_MAIN, K_BLOCK}, {"map", T_OTHER, K_JUNK}, {"mark", T_OTHER, K_INLINE},
    {"math", T_OTHER, K_JUNK}, {"menu", T_MENU, K_BLOCK}, {"meta", T_META, K_JUNK}, {"nav", T_NAV, K_BLOCK},
    {"nobr", T_OTHER, K_INLINE}, {"noframes", T_OTHER, K_JUNK}, {"noscript", T_NOSCRIPT, K_JUNK},
    {"object", T_OBJECT, K_JUNK}, {"ol", T_OL, K_BLOCK}, {"optgroup", T_OTHER, K_JUNK},
    {"option", T_OTHER, K_JUNK}, {"output", T_OTHER, K_INLINE}, {"p", T_P, K_BLOCK},
    {"param", T_OTHER, K_JUNK}, {"picture", T_OTHER, K_JUNK}, {"pre", T_PRE, K_BLOCK},
    {"q", T_OTHER, K_INLINE}, {"s", T_OTHER, K_INLINE}, {"samp", T_OTHER, K_INLINE},
    {"script", T_SCRIPT, K_JUNK}, {"section", T_SECTION, K_BLOCK}, {"select", T_SELECT, K_JUNK},
    {"small", T_OTHER, K_INLINE}, {"source", T_OTHER, K_JUNK}, {"span", T_SPAN, K_INLINE},
    {"strike", T_OTHER, K_INLINE}, {"strong", T_OTHER, K_INLINE}, {"style", T_STYLE, K_JUNK},
    {"sub", T_OTHER, K_INLINE}, {"summary", T_SUMMARY, K_BLOCK}, {"sup", T_OTHER, K_INLINE},
    {"svg", T_SVG, K_JUNK}, {"table", T_TABLE, K_BLOCK}, {"tbody", T_OTHER, K_BLOCK}, {"td", T_TD, K_BLOCK},
    {"template", T_OTHER, K_JUNK}, {"textarea", T_TEXTAREA, K_JUNK}, {"tfoot", T_OTHER, K_BLOCK},
    {"th", T_TH, K_BLOCK}, {"thead", T_OTHER, K_BLOCK}, {"time", T_TIME, K_INLINE}, {"title", T_TITLE, K_JUNK},
    {"tr", T_TR, K_BLOCK}, {"track", T_OTHER, K_JUNK}, {"tt", T_OTHER, K_INLINE}, {"u", T_OTHER, K_INLINE},
    {"ul", T_UL, K_BLOCK}, {"var", T_OTHER, K_INLINE}, {"video", T_VIDEO, K_JUNK}, {"wbr", T_OTHER, K_INLINE},
};

static int tag_cmp(const void *k, const void *e) {
  return strcmp((const char *)k, ((const tag_info *)e)->name);
}

static const tag_info *tag_lookup(const xmlChar *name) {
  static const tag_info unknown = {"", T_OTHER, K_BLOCK};
  if (!name) return &unknown;
  const tag_info *t = bsearch(name, TAGS, PL_ARRAY_LEN(TAGS), sizeof TAGS[0], tag_cmp);
  return t ? t : &unknown;
}

static int is_heading(int t) { return t >= T_H1 && t <= T_H6; }

/* ------------------------------------------------------------------------------------------------ helpers */

static const char *attr(const xmlNode *n, const char *name) {
  for (const xmlAttr *a = n->properties; a; a = a->next)
    if (a->name && !strcmp((const char *)a->name, name)) {
      if (a->children && a->children->content) return (const char *)a->children->content;
      return "";
    }
  return NULL;
}

static char *xstrdup(const char *s, size_t n) {
  char *d = malloc(n + 1);
  if (!d) return NULL;
  memcpy(d, s, n);
  d[n] = '\0';
  return d;
}

static int ascii_ieq(const char *a, const char *b) {
  for (; *a && *b; a++, b++)
    if (tolower((unsigned char)*a) != tolower((unsigned char)*b)) return 0;
  return *a == *b;
}

static const char *ascii_istr(const char *hay, const char *needle) {
  size_t n = strlen(needle);
  for (; *hay; hay++) {
    size_t i = 0;
    while (i < n && hay[i] && tolower((unsigned char)hay[i]) == tolower((unsigned char)needle[i])) i++;
    if (i == n) return hay;
  }
  return NULL;
}

/* Collapses runs of white space (ASCII and U+00A0) to one space and trims; returns a malloc'ed copy. */
static char *clean_ws(const char *s) {
  if (!s) return NULL;
  size_t n = strlen(s);
  char *d = malloc(n + 1);
  if (!d) return NULL;
  size_t o = 0;
  int sp = 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    int ws = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
    if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xA0) {
      ws = 1;
      i++;
    }
    if (ws) {
      sp = 1;
      continue;
    }
    if (sp && o) d[o++] = ' ';
    sp = 0;
    d[o++] = (char)c;
  }
  d[o] = '\0';
  return d;
}

/* Text of a node's subtree (used for <title>, <time>, JSON-LD scripts): concatenated text and CDATA. */
static void subtree_text(const xmlNode *root, pl_strbuf *sb) {
  const xmlNode *n = root->children;
  while (n) {
    if ((n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) && n->content)
      pl_strbuf_puts(sb, (const char *)n->content);
    if (n->type == XML_ELEMENT_NODE && n->children) {
      n = n->children;
      continue;
    }
    while (n && n != root && !n->next) n = n->parent;
    if (!n || n == root) break;
    n = n->next;
  }
}

/* ------------------------------------------------------------------------------------------------ input */

static int is_gzip(const char *buf, size_t len) {
  return len >= 2 && (unsigned char)buf[0] == 0x1f && (unsigned char)buf[1] == 0x8b;
}

/* Inflates gzip (concatenated members too) up to cap bytes. Returns 0 or PARLEY_ENOMEM; *warn gets GZIP/TOO_BIG. */
static int inflate_gz(const char *buf, size_t len, size_t cap, char **out, size_t *outlen, unsigned *warn) {
  z_stream z;
  memset(&z, 0, sizeof z);
  if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) return PARLEY_ENOMEM;
  size_t size = len * 4 + 4096, n = 0;
  if (size > cap) size = cap;
  char *o = malloc(size + 1);
  if (!o) {
    inflateEnd(&z);
    return PARLEY_ENOMEM;
  }
  z.next_in = (Bytef *)(uintptr_t)buf;
  z.avail_in = len > UINT32_MAX ? UINT32_MAX : (uInt)len;
  for (;;) {
    if (n == size) {
      if (size >= cap) {
        *warn |= PL_HTML_WARN_TOO_BIG;
        break;
      }
      size_t ns = size * 2 > cap ? cap : size * 2;
      char *p = realloc(o, ns + 1);
      if (!p) {
        free(o);
        inflateEnd(&z);
        return PARLEY_ENOMEM;
      }
      o = p;
      size = ns;
    }
    z.next_out = (Bytef *)o + n;
    z.avail_out = (uInt)(size - n > UINT32_MAX ? UINT32_MAX : size - n);
    int rc = inflate(&z, Z_NO_FLUSH);
    n = (size_t)((char *)z.next_out - o);
    if (rc == Z_STREAM_END) {
      if (z.avail_in == 0) break;
      /* another gzip member follows, or trailing garbage */
      if (z.avail_in >= 2 && z.next_in[0] == 0x1f && z.next_in[1] == 0x8b) {
        inflateReset(&z);
        continue;
      }
      break;
    }
    if (rc == Z_MEM_ERROR) {
      free(o);
      inflateEnd(&z);
      return PARLEY_ENOMEM;
    }
    if (rc != Z_OK) { /* data error, or input ended before the stream did */
      *warn |= PL_HTML_WARN_GZIP;
      break;
    }
    if (z.avail_in == 0 && z.avail_out != 0) {
      *warn |= PL_HTML_WARN_GZIP;
      break;
    }
  }
  inflateEnd(&z);
  o[n] = '\0';
  *out = o;
  *outlen = n;
  return 0;
}

/* Length of a valid UTF-8 sequence at s (1..4), or 0 when invalid. */
static size_t utf8_valid_len(const unsigned char *s, size_t n) {
  unsigned c = s[0];
  if (c < 0x80) return 1;
  if (c < 0xC2 || c > 0xF4) return 0;
  if (c < 0xE0) return n >= 2 && (s[1] & 0xC0) == 0x80 ? 2 : 0;
  if (c < 0xF0) {
    if (n < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80) return 0;
    if (c == 0xE0 && s[1] < 0xA0) return 0;
    if (c == 0xED && s[1] > 0x9F) return 0;
    return 3;
  }
  if (n < 4 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 || (s[3] & 0xC0) != 0x80) return 0;
  if (c == 0xF0 && s[1] < 0x90) return 0;
  if (c == 0xF4 && s[1] > 0x8F) return 0;
  return 4;
}

/* Offset of the first invalid UTF-8 byte, or n. */
static size_t utf8_first_invalid(const char *buf, size_t n) {
  const unsigned char *s = (const unsigned char *)buf;
  size_t i = 0;
  while (i < n) {
    if (s[i] < 0x80) {
      i++;
      continue;
    }
    size_t k = utf8_valid_len(s + i, n - i);
    if (!k) return i;
    i += k;
  }
  return n;
}

/* Copy with each invalid byte replaced by U+FFFD. */
static char *utf8_repair(const char *buf, size_t n, size_t from, size_t *outlen) {
  char *o = malloc(n * 3 + 1);
  if (!o) return NULL;
  memcpy(o, buf, from);
  size_t j = from, i = from;
  const unsigned char *s = (const unsigned char *)buf;
  while (i < n) {
    size_t k = utf8_valid_len(s + i, n - i);
    if (k) {
      memcpy(o + j, s + i, k);
      j += k;
      i += k;
    } else {
      memcpy(o + j, "\xEF\xBF\xBD", 3);
      j += 3;
      i++;
    }
  }
  o[j] = '\0';
  *outlen = j;
  return o;
}

/* Finds a declared charset: <meta charset=...> or http-equiv content="...; charset=..." in the first 8 KB. */
static int sniff_charset(const char *buf, size_t len, char *cs, size_t cslen) {
  size_t n = len < 8192 ? len : 8192;
  char tmp[8193];
  memcpy(tmp, buf, n);
  tmp[n] = '\0';
  for (size_t i = 0; i < n; i++) tmp[i] = tmp[i] ? (char)tolower((unsigned char)tmp[i]) : ' ';
  const char *p = tmp;
  while ((p = strstr(p, "charset"))) {
    p += 7;
    while (*p == ' ') p++;
    if (*p != '=') continue;
    p++;
    while (*p == ' ' || *p == '"' || *p == '\'') p++;
    size_t k = 0;
    while (k + 1 < cslen && (isalnum((unsigned char)p[k]) || p[k] == '-' || p[k] == '_' || p[k] == '.' ||
                             p[k] == ':'))
      k++;
    if (!k) continue;
    for (size_t i = 0; i < k; i++) cs[i] = (char)tolower((unsigned char)p[i]);
    cs[k] = '\0';
    return 1;
  }
  return 0;
}

/* ------------------------------------------------------------------------------------------------ errors */

typedef struct err_counts {
  unsigned markup, entity, depth, encoding, huge_text;
} err_counts;

static void on_xml_error(void *payload, xmlErrorPtr e) {
  err_counts *c = payload;
  if (!e) return;
  if (e->message && strstr(e->message, "embeds close tag")) return; /* "</" inside a script: normal */
  if (e->message && strstr(e->message, "huge text node")) { /* libxml2 stops there: the rest of the page is lost */
    c->huge_text++;
    return;
  }
  if (e->message && !strncmp(e->message, "htmlParseCharRef", 16)) {
    c->entity++;
    return;
  }
  switch (e->code) {
  case XML_ERR_TAG_NAME_MISMATCH:
  case XML_ERR_TAG_NOT_FINISHED:
  case XML_ERR_GT_REQUIRED:
  case XML_ERR_LT_IN_ATTRIBUTE:
  case XML_ERR_DOCUMENT_END:
    c->markup++;
    break;
  case XML_ERR_ENTITYREF_SEMICOL_MISSING:
  case XML_ERR_INVALID_CHARREF:
  case XML_ERR_INVALID_DEC_CHARREF:
  case XML_ERR_INVALID_HEX_CHARREF:
  case XML_ERR_NAME_REQUIRED:
    c->entity++;
    break;
  case XML_ERR_INTERNAL_ERROR:
    if (e->message && strstr(e->message, "depth")) c->depth++;
    break;
  case XML_ERR_INVALID_ENCODING:
  case XML_ERR_INVALID_CHAR:
  case XML_ERR_UNSUPPORTED_ENCODING:
    c->encoding++;
    break;
  default:
    break;
  }
}

/* ------------------------------------------------------------------------------------------------ dates */

static const char *MONTHS[12] = {"jan", "feb", "mar", "apr", "may", "jun",
                                 "jul", "aug", "sep", "oct", "nov", "dec"};

static int month_of(const char *s, size_t *adv) {
  char w[12];
  size_t k = 0;
  while (k < sizeof w - 1 && isalpha((unsigned char)s[k])) {
    w[k] = (char)tolower((unsigned char)s[k]);
    k++;
  }
  w[k] = '\0';
  if (k < 3) return 0;
  static const char *full[12] = {"january", "february", "march",     "april",   "may",      "june",
                                 "july",    "august",   "september", "october", "november", "december"};
  for (int m = 0; m < 12; m++)
    if (!strcmp(w, full[m]) || (k == 3 && !strncmp(w, MONTHS[m], 3)) || (m == 8 && !strcmp(w, "sept"))) {
      *adv = k;
      if (s[k] == '.') (*adv)++;
      return m + 1;
    }
  return 0;
}

/* Reads exactly `digits` decimal digits; a value past INT_MAX is no number ("5555555555" as Unix seconds). */
static int num(const char *s, int digits, int *v) {
  int x = 0;
  for (int i = 0; i < digits; i++) {
    if (!isdigit((unsigned char)s[i]) || x > (INT_MAX - (s[i] - '0')) / 10) return 0;
    x = x * 10 + (s[i] - '0');
  }
  *v = x;
  return 1;
}

static int plausible(int y, int m, int d) { return y >= 1990 && y <= 2099 && m >= 1 && m <= 12 && d >= 1 && d <= 31; }

/* Parses "HH:MM[:SS][.frac][ ]?[am|pm][ ]?[Z|+HH:MM|+HHMM]" into out (appended as "THH:MM[:SS][zone]"). */
static void parse_time(const char *s, char *out, size_t outsz) {
  int h, mi, se = -1;
  size_t hd = num(s, 2, &h) ? 2 : num(s, 1, &h) ? 1 : 0; /* one- or two-digit hour */
  if (!hd || s[hd] != ':' || !num(s + hd + 1, 2, &mi)) return;
  const char *p = s + hd + 3;
  if (*p == ':' && num(p + 1, 2, &se)) p += 3;
  if (*p == '.' || *p == ',')
    while (isdigit((unsigned char)*++p)) {
    }
  while (*p == ' ') p++;
  if ((tolower((unsigned char)p[0]) == 'p' || tolower((unsigned char)p[0]) == 'a') &&
      (tolower((unsigned char)p[1]) == 'm' || p[1] == '.')) {
    int pm = tolower((unsigned char)p[0]) == 'p';
    if (h == 12) h = 0;
    if (pm) h += 12;
    p += 2; /* "pm", "p." */
    while (*p == ' ' || *p == '.' || *p == 'm' || *p == 'M') p++;
  }
  if (h > 23 || mi > 59 || se > 59) return;
  char zone[16] = "";
  if (*p == 'Z' || *p == 'z')
    strcpy(zone, "Z");
  else if ((*p == '+' || *p == '-') && isdigit((unsigned char)p[1])) {
    int zh, zm = 0;
    if (num(p + 1, 2, &zh)) {
      const char *q = p + 3;
      if (*q == ':') q++;
      if (!num(q, 2, &zm)) zm = 0;
      if (zh <= 14 && zm < 60) snprintf(zone, sizeof zone, "%c%02d:%02d", *p, zh, zm);
    }
  }
  size_t n = strlen(out);
  if (se >= 0)
    snprintf(out + n, outsz - n, "T%02d:%02d:%02d%s", h, mi, se, zone);
  else
    snprintf(out + n, outsz - n, "T%02d:%02d%s", h, mi, zone);
}

/* Recognises a date at the start of s (after spaces): ISO forms, "Nov 19, 2019", "19 November 2019", "20191119",
 * Unix seconds. Writes "YYYY-MM-DD[THH:MM[:SS][zone]]" to out. Returns 1 when found. */
static int parse_date_at(const char *s, char *out, size_t outsz, int allow_epoch) {
  while (*s == ' ' || *s == '\t' || *s == '\n') s++;
  int y, m, d;
  const char *rest = NULL;
  if (num(s, 4, &y) && (s[4] == '-' || s[4] == '/' || s[4] == '.')) {
    char sep = s[4];
    if (num(s + 5, 2, &m) && s[7] == sep && num(s + 8, 2, &d))
      rest = s + 10;
    else if (num(s + 5, 1, &m) && s[6] == sep && (num(s + 7, 2, &d) || num(s + 7, 1, &d)))
      rest = s + (isdigit((unsigned char)s[8]) ? 9 : 8);
    else
      return 0;
  } else if (num(s, 8, &y) && !isdigit((unsigned char)s[8])) {
    m = (y / 100) % 100;
    d = y % 100;
    y /= 10000;
    rest = s + 8;
  } else if (allow_epoch && num(s, 10, &y) && !isdigit((unsigned char)s[10]) && s[0] == '1') {
    long long t = y; /* Unix seconds, UTC */
    pl_date day = pl_date_from_days((long)(t / 86400));
    y = day.y;
    m = day.m;
    d = day.d;
    if (!plausible(y, m, d)) return 0;
    long long sec = t % 86400;
    snprintf(out, outsz, "%04d-%02d-%02dT%02lld:%02lld:%02lldZ", y, m, d, sec / 3600, sec / 60 % 60, sec % 60);
    return 1;
  } else {
    size_t adv = 0;
    const char *p = s;
    /* optional weekday */
    static const char *days[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
    char lw[4] = {0, 0, 0, 0};
    for (int i = 0; i < 3 && p[i]; i++) lw[i] = (char)tolower((unsigned char)p[i]);
    for (int i = 0; i < 7; i++)
      if (!strcmp(lw, days[i])) {
        while (isalpha((unsigned char)*p)) p++;
        while (*p == ',' || *p == '.' || *p == ' ') p++;
        break;
      }
    if ((m = month_of(p, &adv))) { /* Nov 19, 2019 */
      p += adv;
      while (*p == ' ') p++;
      if (!(num(p, 2, &d) && !isdigit((unsigned char)p[2])) && !num(p, 1, &d)) return 0;
      p += isdigit((unsigned char)p[1]) ? 2 : 1;
      if (!strncmp(p, "st", 2) || !strncmp(p, "nd", 2) || !strncmp(p, "rd", 2) || !strncmp(p, "th", 2)) p += 2;
      while (*p == ',' || *p == ' ') p++;
      if (!num(p, 4, &y)) return 0;
      rest = p + 4;
    } else if (isdigit((unsigned char)p[0])) { /* 19 November 2019 */
      d = p[0] - '0';
      p++;
      if (isdigit((unsigned char)*p)) d = d * 10 + (*p++ - '0');
      if (!strncmp(p, "st", 2) || !strncmp(p, "nd", 2) || !strncmp(p, "rd", 2) || !strncmp(p, "th", 2)) p += 2;
      while (*p == ' ' || *p == '.') p++;
      if (!(m = month_of(p, &adv))) return 0;
      p += adv;
      while (*p == ',' || *p == ' ') p++;
      if (!num(p, 4, &y)) return 0;
      rest = p + 4;
    } else
      return 0;
  }
  if (!plausible(y, m, d)) return 0;
  snprintf(out, outsz, "%04d-%02d-%02d", y, m, d);
  if (rest) {
    const char *t = rest;
    if (*t == 'T' || *t == ' ' || *t == ',') {
      t++;
      while (*t == ' ' || *t == ',') t++;
      if (!strncmp(t, "at ", 3)) t += 3;
      parse_time(t, out, outsz);
    }
  }
  return 1;
}

/* Finds the first date anywhere in a short visible text ("Published 3:04 PM ET Nov. 19, 2019"). */
static int find_date_in_text(const char *s, char *out, size_t outsz) {
  size_t n = strlen(s);
  if (n > 300) return 0;
  for (size_t i = 0; i < n; i++) {
    if (i && isalnum((unsigned char)s[i - 1])) continue;
    if (!isalnum((unsigned char)s[i])) continue;
    if (parse_date_at(s + i, out, outsz, 0)) return 1;
  }
  return 0;
}

/* Dates in URLs: /2019/11/19/, /2019-11-19, _20191119. */
static int date_from_url(const char *u, char *out, size_t outsz) {
  if (!u) return 0;
  const char *p = strstr(u, "://");
  p = p ? strchr(p + 3, '/') : u;
  if (!p) return 0;
  for (; *p; p++) {
    if (isdigit((unsigned char)p[-1])) continue;
    int y, m, d;
    if (num(p, 4, &y) && (p[4] == '/' || p[4] == '-' || p[4] == '_') && num(p + 5, 2, &m) && p[7] == p[4] &&
        num(p + 8, 2, &d) && !isdigit((unsigned char)p[10]) && plausible(y, m, d)) {
      snprintf(out, outsz, "%04d-%02d-%02d", y, m, d);
      return 1;
    }
    size_t adv;
    if (num(p, 4, &y) && p[4] == '/' && (m = month_of(p + 5, &adv)) && p[5 + adv] == '/' &&
        num(p + 6 + adv, 2, &d) && !isdigit((unsigned char)p[8 + adv]) && plausible(y, m, d)) { /* /2019/nov/18/ */
      snprintf(out, outsz, "%04d-%02d-%02d", y, m, d);
      return 1;
    }
    if (num(p, 8, &y) && !isdigit((unsigned char)p[8]) && (p[-1] == '/' || p[-1] == '-' || p[-1] == '_')) {
      m = (y / 100) % 100;
      d = y % 100;
      y /= 10000;
      if (plausible(y, m, d)) {
        snprintf(out, outsz, "%04d-%02d-%02d", y, m, d);
        return 1;
      }
    }
  }
  return 0;
}

/* ------------------------------------------------------------------------------------------------ metadata */

enum { DT_NONE, DT_TEXT, DT_URL, DT_TIME, DT_JSONLD, DT_META }; /* date trust, low to high */

typedef struct meta {
  char *og_title, *tw_title, *title_tag, *ld_headline, *h1;
  char *og_site, *ld_publisher, *app_name;
  char *canonical, *og_url, *ld_url;
  char *lang_html, *lang_meta, *lang_ld;
  char *ld_body;
  char date[40];
  int date_trust;
  int meta_date_rank; /* lower = better among meta names */
} meta;

static void meta_free(meta *m) {
  free(m->og_title), free(m->tw_title), free(m->title_tag), free(m->ld_headline), free(m->h1);
  free(m->og_site), free(m->ld_publisher), free(m->app_name);
  free(m->canonical), free(m->og_url), free(m->ld_url);
  free(m->lang_html), free(m->lang_meta), free(m->lang_ld), free(m->ld_body);
}

static void set_once(char **slot, const char *v) {
  if (*slot || !v) return;
  char *c = clean_ws(v);
  if (c && !*c) {
    free(c);
    c = NULL;
  }
  *slot = c;
}

/* meta names for the publication date, best first */
static const char *DATE_META[] = {
    "article:published_time", "og:article:published_time", "article:published", "datepublished",
    "og:published_time", "published_time", "article.published", "publish-date", "publish_date", "publishdate",
    "pubdate", "parsely-pub-date", "sailthru.date", "dc.date.issued", "dcterms.issued", "dc.date",
    "dcterms.date", "dcterms.created", "dc.date.created", "citation_publication_date", "date", "og:updated_time",
    "article:modified_time", "datemodified", "last-modified", NULL};

static void offer_date(meta *m, int trust, int rank, const char *v) {
  if (!v) return;
  if (trust < m->date_trust || (trust == m->date_trust && rank >= m->meta_date_rank)) return;
  char d[40];
  if (!parse_date_at(v, d, sizeof d, trust == DT_META)) return;
  memcpy(m->date, d, sizeof d);
  m->date_trust = trust;
  m->meta_date_rank = rank;
}

static void on_meta(meta *m, const xmlNode *n) {
  const char *content = attr(n, "content");
  if (!content) return;
  const char *keys[3] = {attr(n, "property"), attr(n, "name"), attr(n, "itemprop")};
  const char *he = attr(n, "http-equiv");
  if (he && ascii_ieq(he, "content-language")) set_once(&m->lang_meta, content);
  for (int k = 0; k < 3; k++) {
    const char *key = keys[k];
    if (!key) continue;
    char lk[64];
    size_t i = 0;
    for (; key[i] && i < sizeof lk - 1; i++) lk[i] = (char)tolower((unsigned char)key[i]);
    lk[i] = '\0';
    if (!strcmp(lk, "og:title")) set_once(&m->og_title, content);
    else if (!strcmp(lk, "twitter:title")) set_once(&m->tw_title, content);
    else if (!strcmp(lk, "og:site_name")) set_once(&m->og_site, content);
    else if (!strcmp(lk, "application-name") || !strcmp(lk, "publisher") || !strcmp(lk, "dc.publisher"))
      set_once(&m->app_name, content);
    else if (!strcmp(lk, "og:url")) set_once(&m->og_url, content);
    else if (!strcmp(lk, "og:locale") || !strcmp(lk, "language") || !strcmp(lk, "dc.language") ||
             !strcmp(lk, "inlanguage"))
      set_once(&m->lang_meta, content);
    else
      for (int r = 0; DATE_META[r]; r++)
        if (!strcmp(lk, DATE_META[r])) {
          offer_date(m, DT_META, r, content);
          break;
        }
  }
}

static int ld_is_article_type(const json_t *t) {
  static const char *types[] = {"Article", "NewsArticle", "ReportageNewsArticle", "AnalysisNewsArticle",
                                "OpinionNewsArticle", "ReviewNewsArticle", "BackgroundNewsArticle", "BlogPosting",
                                "LiveBlogPosting", "Report", "TechArticle", "ScholarlyArticle",
                                "SocialMediaPosting", "SatiricalArticle", "AskPublicNewsArticle", "Blog", NULL};
  if (json_is_array(t)) {
    size_t i;
    json_t *v;
    json_array_foreach(t, i, v) if (ld_is_article_type(v)) return 1;
    return 0;
  }
  if (!json_is_string(t)) return 0;
  const char *s = json_string_value(t);
  for (int i = 0; types[i]; i++)
    if (!strcmp(s, types[i])) return 1;
  return 0;
}

static const char *ld_str(const json_t *o, const char *key) {
  const json_t *v = json_object_get(o, key);
  if (json_is_array(v)) v = json_array_get(v, 0);
  if (json_is_string(v)) return json_string_value(v);
  if (json_is_object(v)) {
    const json_t *s = json_object_get(v, "name");
    if (!json_is_string(s)) s = json_object_get(v, "@id");
    if (json_is_string(s)) return json_string_value(s);
  }
  return NULL;
}

static void ld_walk(meta *m, const json_t *v, int depth) {
  if (depth > 8) return;
  if (json_is_array(v)) {
    size_t i;
    json_t *e;
    json_array_foreach(v, i, e) ld_walk(m, e, depth + 1);
    return;
  }
  if (!json_is_object(v)) return;
  const json_t *g = json_object_get(v, "@graph");
  if (g) ld_walk(m, g, depth + 1);
  const json_t *type = json_object_get(v, "@type");
  if (ld_is_article_type(type)) {
    set_once(&m->ld_headline, ld_str(v, "headline"));
    offer_date(m, DT_JSONLD, 0, ld_str(v, "datePublished"));
    offer_date(m, DT_JSONLD, 1, ld_str(v, "dateCreated"));
    offer_date(m, DT_JSONLD, 2, ld_str(v, "dateModified"));
    set_once(&m->ld_publisher, ld_str(v, "publisher"));
    set_once(&m->lang_ld, ld_str(v, "inLanguage"));
    set_once(&m->ld_url, ld_str(v, "url"));
    set_once(&m->ld_url, ld_str(v, "mainEntityOfPage"));
    const char *body = ld_str(v, "articleBody");
    if (body && !m->ld_body) m->ld_body = xstrdup(body, strlen(body));
  } else {
    /* any other node with a publication date (WebPage, MedicalWebPage, ...): weaker than the article's */
    offer_date(m, DT_JSONLD, 5, ld_str(v, "datePublished"));
  }
  if (json_is_string(type) && (!strcmp(json_string_value(type), "NewsMediaOrganization") ||
                                      !strcmp(json_string_value(type), "Organization"))) {
    /* a page-level publisher block: weaker than the article's own publisher */
    if (!m->app_name) set_once(&m->app_name, ld_str(v, "name"));
  }
}

static void on_jsonld(meta *m, const xmlNode *script) {
  pl_strbuf sb = PL_STRBUF_INIT;
  subtree_text(script, &sb);
  if (!sb.failed && sb.len) {
    json_error_t err;
    json_t *j = json_loadb(sb.ptr, sb.len, JSON_DISABLE_EOF_CHECK | JSON_DECODE_ANY, &err);
    if (j) {
      ld_walk(m, j, 0);
      json_decref(j);
    }
  }
  pl_strbuf_dispose(&sb);
}

/* ------------------------------------------------------------------------------------------------ content */

enum {
  F_JUNK = 1,      /* not text: script, style, hidden, ... (subtree skipped everywhere) */
  F_UNLIKELY = 2,  /* class/id/role say navigation, comments, sidebar: skipped when stripping unlikelies */
  F_BOILER = 4,    /* class/id say share bar, related stories, byline, caption...: pruned inside the article */
  F_CAND = 8,      /* received a paragraph score */
  F_HARD = 32,     /* never article text, even when relaxing: comments, cookie banners, navigation */
};

typedef struct nst {
  xmlNode *node;
  int parent;               /* stat index of the parent element, -1 at the top */
  uint32_t text, link;      /* visible characters (non-space code points) in the subtree, and those in links */
  uint32_t own, own_commas; /* characters of inline text that belong to this block itself */
  uint32_t commas;
  uint32_t np, nli, nimg, nembed, ninput, nhead, narticle, nsocial, na; /* descendant counts (self included for nsocial) */
  uint32_t head_text;       /* characters inside headings */
  float score;
  int16_t weight;           /* class/id weight, readability-style */
  uint8_t tag, kind, flags;
} nst;

/* What an element's class and id say, independent of its tag; cached per page since pages repeat them. */
enum { CF_UNLIKELY = 1, CF_BOILER = 2, CF_HARD = 4, CF_JUNK = 8, CF_SOCIAL = 16, CF_BOILER_WORD = 32 };
typedef struct class_facts {
  uint64_t key; /* hash of class and id; 0 = empty slot */
  int16_t weight;
  uint8_t bits;
} class_facts;
#define CLASS_CACHE 4096 /* power of two */

typedef struct tag_slot {
  const xmlChar *name; /* libxml2 interns element names: one pointer per name and document */
  const tag_info *ti;
} tag_slot;

typedef struct ctx {
  class_facts *cache; /* CLASS_CACHE entries */
  tag_slot tags[256];
  nst *st;
  size_t n, cap;
  int strip_unlikely, use_weight, clean;
  meta *m;
  pl_strbuf out;
} ctx;

/* substring lists; short or ambiguous words are matched as whole class words instead (see class_words) */
static const char *NEG_SUB[] = {"hidden", "banner", "combx", "comment", "com-", "contact", "footer", "gdpr",
                                "masthead", "media", "meta", "outbrain", "promo", "related", "scroll", "share",
                                "shoutbox", "sidebar", "skyscraper", "sponsor", "shopping", "tags", "widget",
                                "taboola", NULL};
static const char *POS_SUB[] = {"article", "body", "content", "entry", "hentry", "main", "page", "post",
                                "text", "blog", "story", NULL};
static const char *UNLIKELY_SUB[] = {"-ad-", "ai2html", "banner", "breadcrumbs", "combx", "comment", "community",
                                     "cover-wrap", "disqus", "extra", "footer", "gdpr", "header", "legends",
                                     "menu", "related", "remark", "replies", "rss", "shoutbox", "sidebar",
                                     "skyscraper", "sponsor", "supplemental", "ad-break", "agegate",
                                     "pagination", "pager", "popup", "yom-remote", "cookie", "newsletter",
                                     "outbrain", "taboola", NULL};
/* invisible or pop-up text: hover cards, tooltips, screen-reader-only labels */
static const char *JUNK_SUB[] = {"rollover", "tooltip", "popover", "hovercard", "sr-only", "screen-reader-text",
                                 "visually-hidden", "visuallyhidden", NULL};
static const char *SOCIAL_SUB[] = {"tweet", "instagram", "tiktok", NULL};
static const char *HARD_SUB[] = {"comment", "disqus", "replies", "cookie", "gdpr", "consent", "newsletter", NULL};
static const char *MAYBE_SUB[] = {"and", "article", "body", "column", "content", "main", "shadow", NULL};
/* boilerplate inside an article container */
static const char *BOILER_SUB[] = {"share", "social", "related", "recommend", "newsletter", "subscri", "signup",
                                   "sign-up", "promo", "advert", "sponsor", "cookie", "consent", "gdpr",
                                   "comment", "disqus", "breadcrumb", "byline", "author", "caption", "credit",
                                   "toolbar", "tag-list", "taglist", "keywords", "read-more", "readmore",
                                   "more-from", "more-stories", "most-popular", "mostpopular", "trending",
                                   "outbrain", "taboola", "sidebar", "widget", "banner", "masthead", "timestamp",
                                   "dateline", "paywall", "modal", "popup", "overlay", "visually-hidden",
                                   "sr-only", "screen-reader", "screenreader", "skip-link", "inline-ad", "adslot",
                                   "ad-slot", "ad-container", "ad-wrapper", "adwrap", "ad-unit", "adunit",
                                   "print", "email", "follow", "footer", "pagination", "post-meta", "entry-meta",
                                   "article-meta", "meta-data", "tools", "utility", "hidden", "see-also",
                                   "also-read", "further-reading", "playlist", "video-", "gallery", "slideshow",
                                   "enlarge", "lightbox", "correction", NULL};
static const char *BOILER_WORD[] = {"ad", "ads", "dfp", "tags", "tag", "nav", "navbar", "menu", "meta", "rail",
                                    "aside", "share", "source", "bio", "date", "time", "published", "updated",
                                    "photo", "image", "img", "figure", "media", "embed", "video", "audio", "label",
                                    "kicker", "headline", "title", "header", "hed", "dek", "subhead", NULL};

static int any_sub(const char *s, const char **list) {
  for (int i = 0; list[i]; i++)
    if (strstr(s, list[i])) return 1;
  return 0;
}

static int any_word(const char *s, const char **list) {
  const char *p = s;
  while (*p) {
    while (*p && !isalnum((unsigned char)*p)) p++;
    const char *b = p;
    while (isalnum((unsigned char)*p)) p++;
    size_t k = (size_t)(p - b);
    if (!k) break;
    for (int i = 0; list[i]; i++)
      if (list[i][0] == b[0] && !strncmp(b, list[i], k) && list[i][k] == '\0') return 1;
  }
  return 0;
}

static void lower_into(const char *s, char *d, size_t cap) {
  size_t i = 0;
  if (s)
    for (; s[i] && i + 1 < cap; i++) d[i] = (char)tolower((unsigned char)s[i]);
  d[i] = '\0';
}

static int style_hidden(const char *s) {
  if (!s) return 0;
  char b[256];
  size_t o = 0;
  for (size_t i = 0; s[i] && o + 1 < sizeof b; i++)
    if (s[i] != ' ') b[o++] = (char)tolower((unsigned char)s[i]);
  b[o] = '\0';
  return strstr(b, "display:none") || strstr(b, "visibility:hidden");
}

static class_facts analyse_class(const char *rcls, const char *rid) {
  char cls[256], id[128], both[390];
  lower_into(rcls, cls, sizeof cls);
  lower_into(rid, id, sizeof id);
  snprintf(both, sizeof both, "%s %s", cls, id);
  class_facts f = {0, 0, 0};
  int w = 0;
  if (cls[0]) {
    if (any_sub(cls, NEG_SUB)) w -= 25;
    if (any_sub(cls, POS_SUB)) w += 25;
  }
  if (id[0]) {
    if (any_sub(id, NEG_SUB)) w -= 25;
    if (any_sub(id, POS_SUB)) w += 25;
  }
  f.weight = (int16_t)w;
  if (both[1]) {
    if (any_sub(both, UNLIKELY_SUB) && !any_sub(both, MAYBE_SUB)) f.bits |= CF_UNLIKELY;
    if (any_sub(both, BOILER_SUB)) f.bits |= CF_BOILER;
    if (any_word(both, BOILER_WORD)) f.bits |= CF_BOILER_WORD;
    if ((f.bits & CF_UNLIKELY) && any_sub(both, HARD_SUB)) f.bits |= CF_HARD;
    if (any_sub(both, JUNK_SUB)) f.bits |= CF_JUNK;
    if (any_sub(both, SOCIAL_SUB)) f.bits |= CF_SOCIAL;
  }
  return f;
}

static uint64_t class_key(const char *cls, const char *id) {
  uint64_t h = 1469598103934665603ull;
  for (const unsigned char *p = (const unsigned char *)cls; p && *p; p++) h = (h ^ *p) * 1099511628211ull;
  h = (h ^ 1u) * 1099511628211ull;
  for (const unsigned char *p = (const unsigned char *)id; p && *p; p++) h = (h ^ *p) * 1099511628211ull;
  return h ? h : 1;
}

/* Classifies one element: weight, junk/unlikely/boilerplate flags. */
static void classify(class_facts *cache, nst *s, const xmlNode *n) {
  const char *cls = NULL, *id = NULL, *style = NULL, *aria = NULL, *role = NULL;
  int hidden = 0;
  for (const xmlAttr *a = n->properties; a; a = a->next) {
    const char *nm = (const char *)a->name, *v = a->children && a->children->content ? (const char *)a->children->content : "";
    if (!nm) continue;
    switch (nm[0]) {
    case 'c': if (!strcmp(nm, "class")) cls = v; break;
    case 'i': if (!strcmp(nm, "id")) id = v; break;
    case 's': if (!strcmp(nm, "style")) style = v; break;
    case 'h': if (!strcmp(nm, "hidden")) hidden = 1; break;
    case 'a': if (!strcmp(nm, "aria-hidden")) aria = v; break;
    case 'r': if (!strcmp(nm, "role")) role = v; break;
    default: break;
    }
  }
  if (hidden || style_hidden(style)) s->flags |= F_JUNK;
  if (aria && !strcmp(aria, "true") && s->kind == K_BLOCK) s->flags |= F_BOILER;
  if (role && (!strcmp(role, "menu") || !strcmp(role, "menubar") || !strcmp(role, "complementary") ||
               !strcmp(role, "navigation") || !strcmp(role, "alert") || !strcmp(role, "alertdialog") ||
               !strcmp(role, "dialog") || !strcmp(role, "banner") || !strcmp(role, "contentinfo")))
    s->flags |= F_UNLIKELY | F_BOILER;
  if ((cls && *cls) || (id && *id)) {
    uint64_t key = class_key(cls, id);
    class_facts *slot = &cache[key & (CLASS_CACHE - 1)];
    if (slot->key != key) {
      *slot = analyse_class(cls, id);
      slot->key = key;
    }
    s->weight = slot->weight;
    if (s->tag != T_BODY && s->tag != T_A && s->tag != T_HTML) {
      if (slot->bits & CF_UNLIKELY) s->flags |= F_UNLIKELY;
      if (slot->bits & CF_BOILER) s->flags |= F_BOILER;
      /* short class words ("title", "date", "media") name a paragraph's style more often than its role */
      if ((slot->bits & CF_BOILER_WORD) && s->tag != T_P) s->flags |= F_BOILER;
      if (slot->bits & CF_HARD) s->flags |= F_HARD;
      if (slot->bits & CF_JUNK) s->flags |= F_JUNK;
      /* embedded posts quoted by the story (tweets, Instagram) are part of it */
      if ((slot->bits & CF_SOCIAL) && s->tag == T_BLOCKQUOTE) s->nsocial = 1;
    }
  }
  switch (s->tag) {
  case T_NAV:
  case T_ASIDE:
  case T_FOOTER:
  case T_MENU:
  case T_DIALOG:
    s->flags |= F_UNLIKELY | F_BOILER | F_HARD;
    break;
  case T_FIGURE:
  case T_FIGCAPTION:
  case T_HEADER:
  case T_FORM:
  case T_ADDRESS:
  case T_CAPTION:
    s->flags |= F_BOILER;
    break;
  default:
    break;
  }
}

static int push(ctx *c, xmlNode *n, int parent) {
  if (c->n == c->cap) {
    size_t nc = c->cap ? c->cap * 2 : 1024;
    nst *p = realloc(c->st, nc * sizeof *p);
    if (!p) return -1;
    c->st = p;
    c->cap = nc;
  }
  nst *s = &c->st[c->n];
  memset(s, 0, sizeof *s);
  s->node = n;
  s->parent = parent;
  n->_private = (void *)(uintptr_t)(c->n + 1);
  return (int)c->n++;
}

static int idx_of(const xmlNode *n) { return (int)(uintptr_t)n->_private - 1; }

/* Counts non-space code points and commas of a text node. */
static void count_text(const char *t, uint32_t *chars, uint32_t *commas) {
  uint32_t n = 0, c = 0;
  for (const unsigned char *p = (const unsigned char *)t; *p; p++) {
    unsigned ch = *p;
    if (ch <= ' ') continue;
    if ((ch & 0xC0) == 0x80) continue;
    if (ch == 0xC2 && p[1] == 0xA0) {
      p++;
      continue;
    }
    if (ch == ',') c++;
    n++;
  }
  *chars += n;
  *commas += c;
}

/* Records what the first pass learns about the page (title, dates, meta, JSON-LD). */
static void collect_meta(meta *m, const nst *s, const xmlNode *n) {
  switch (s->tag) {
  case T_META:
    on_meta(m, n);
    break;
  case T_TITLE:
    if (!m->title_tag) {
      pl_strbuf sb = PL_STRBUF_INIT;
      subtree_text(n, &sb);
      set_once(&m->title_tag, sb.ptr);
      pl_strbuf_dispose(&sb);
    }
    break;
  case T_LINK: {
    const char *rel = attr(n, "rel");
    if (rel && ascii_ieq(rel, "canonical")) set_once(&m->canonical, attr(n, "href"));
    break;
  }
  case T_HTML:
    set_once(&m->lang_html, attr(n, "lang"));
    set_once(&m->lang_html, attr(n, "xml:lang"));
    break;
  case T_SCRIPT: {
    const char *ty = attr(n, "type");
    if (ty && ascii_ieq(ty, "application/ld+json")) on_jsonld(m, n);
    break;
  }
  case T_TIME: {
    const char *ip = attr(n, "itemprop");
    const char *dt = attr(n, "datetime");
    if (ip && ascii_istr(ip, "datepublished")) offer_date(m, DT_META, 3, dt);
    else if (attr(n, "pubdate")) offer_date(m, DT_TIME, 0, dt);
    else offer_date(m, DT_TIME, 1, dt);
    break;
  }
  case T_H1:
    if (!m->h1) {
      pl_strbuf sb = PL_STRBUF_INIT;
      subtree_text(n, &sb);
      set_once(&m->h1, sb.ptr);
      pl_strbuf_dispose(&sb);
    }
    break;
  default: {
    const char *ip = attr(n, "itemprop");
    if (ip && ascii_ieq(ip, "datePublished")) {
      const char *v = attr(n, "content");
      if (!v) v = attr(n, "datetime");
      offer_date(m, DT_META, 3, v);
    }
    break;
  }
  }
}

/* Visits every element once, hidden and script ones included, for metadata. */
static const tag_info *cached_tag(ctx *c, const xmlNode *n) {
  tag_slot *ts = &c->tags[((uintptr_t)n->name >> 4) & 255];
  if (ts->name != n->name || !ts->ti) {
    ts->name = n->name;
    ts->ti = tag_lookup(n->name);
  }
  return ts->ti;
}

static void meta_walk(ctx *c, meta *m, xmlNode *root) {
  xmlNode *n = root;
  while (n) {
    if (n->type == XML_ELEMENT_NODE) {
      nst s;
      s.tag = cached_tag(c, n)->id;
      collect_meta(m, &s, n);
      if (n->children && s.tag != T_SCRIPT && s.tag != T_STYLE) {
        n = n->children;
        continue;
      }
    }
    while (n != root && !n->next) n = n->parent;
    n = n == root ? NULL : n->next;
  }
}

/* Pass 1: one stat per element with post-order sums. */
static int build_stats(ctx *c, xmlNode *root) {
  c->n = 0;
  int link_depth = 0, cur = -1; /* cur: stat index of the innermost open element */
  xmlNode *n = root;
  while (n) {
    int descend = 0;
    if (n->type == XML_ELEMENT_NODE) {
      const tag_info *ti = cached_tag(c, n);
      int i = push(c, n, cur);
      if (i < 0) return PARLEY_ENOMEM;
      nst *s = &c->st[i];
      s->tag = ti->id;
      s->kind = ti->kind;
      if (s->kind == K_JUNK) s->flags |= F_JUNK;
      else classify(c->cache, s, n);
      if (!c->strip_unlikely && !(s->flags & F_HARD)) s->flags &= (uint8_t)~F_UNLIKELY;
      if (cur >= 0) {
        nst *p = &c->st[cur];
        if (s->tag == T_IMG) p->nimg++;
        else if (s->tag == T_IFRAME || s->tag == T_EMBED || s->tag == T_OBJECT || s->tag == T_VIDEO) p->nembed++;
        else if (s->tag == T_INPUT || s->tag == T_SELECT || s->tag == T_TEXTAREA || s->tag == T_BUTTON)
          p->ninput++;
      }
      if (!(s->flags & (F_JUNK | F_UNLIKELY)) && n->children) {
        descend = 1;
        cur = i;
        if (s->tag == T_A) link_depth++;
      }
    } else if ((n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) && cur >= 0 && n->content) {
      nst *p = &c->st[cur];
      uint32_t ch = 0, cm = 0;
      count_text((const char *)n->content, &ch, &cm);
      p->own += ch;
      p->own_commas += cm;
      p->text += ch;
      p->commas += cm;
      if (link_depth) p->link += ch;
    }
    if (descend) {
      n = n->children;
      continue;
    }
    for (;;) { /* leave n, then every ancestor whose last child n was */
      if (n->type == XML_ELEMENT_NODE) {
        int i = idx_of(n);
        nst *s = &c->st[i];
        if (i == cur) { /* was descended into */
          if (s->tag == T_A) link_depth--;
          cur = s->parent;
        }
        if (s->parent >= 0) {
          nst *p = &c->st[s->parent];
          p->text += s->text;
          p->link += s->link;
          p->commas += s->commas;
          /* a div holding text itself counts as a paragraph, as readability turns such divs into <p> */
          p->np += s->np + (s->tag == T_P || (s->own && (s->tag == T_DIV || s->tag == T_SECTION || s->tag == T_OTHER ||
                                                         s->tag == T_CENTER)));
          p->nli += s->nli + (s->tag == T_LI);
          p->nimg += s->nimg;
          p->nembed += s->nembed;
          p->ninput += s->ninput;
          p->nhead += s->nhead + (uint32_t)is_heading(s->tag);
          p->narticle += s->narticle + (s->tag == T_ARTICLE);
          p->nsocial += s->nsocial;
          p->na += s->na + (s->tag == T_A);
          p->head_text += is_heading(s->tag) ? s->text : s->head_text;
          if (s->kind == K_INLINE) {
            p->own += s->own;
            p->own_commas += s->own_commas;
          }
        }
      }
      if (n == root) {
        n = NULL;
        break;
      }
      if (n->next) {
        n = n->next;
        break;
      }
      n = n->parent;
    }
  }
  return 0;
}

/* ------------------------------------------------------------------------------------------------ scoring */

static float tag_base(int tag) {
  switch (tag) {
  case T_DIV: return 5;
  case T_PRE: case T_TD: case T_BLOCKQUOTE: return 3;
  case T_ADDRESS: case T_OL: case T_UL: case T_DL: case T_DD: case T_DT: case T_LI: case T_FORM: return -3;
  case T_H1: case T_H2: case T_H3: case T_H4: case T_H5: case T_H6: case T_TH: return -5;
  default: return 0;
  }
}

static int para_like(int tag) {
  switch (tag) {
  case T_P: case T_PRE: case T_TD: case T_DIV: case T_SECTION: case T_ARTICLE: case T_MAIN: case T_BLOCKQUOTE:
  case T_DD: case T_CENTER: case T_OTHER:
    return 1;
  default:
    return 0;
  }
}

static float link_density(const nst *s) { return s->text ? (float)s->link / (float)s->text : 0.0f; }

static void touch(ctx *c, nst *a) {
  if (a->flags & F_CAND) return;
  a->flags |= F_CAND;
  a->score = tag_base(a->tag) + (c->use_weight ? a->weight : 0);
}

static int inside_article(const ctx *c, const nst *s) {
  for (int a = s->parent; a >= 0; a = c->st[a].parent)
    if (c->st[a].tag == T_ARTICLE) return 1;
  return 0;
}

/* An <article> inside another one that holds or sits among other <article>s: comments, or "you may also like"
 * teasers within a story. (A lone nested <article> is just a wrapper of the story.) */
static int teaser_like(const ctx *c, const nst *s) {
  if (s->tag != T_ARTICLE || !inside_article(c, s)) return 0;
  if (s->narticle >= 2) return 1;
  return s->parent >= 0 && c->st[s->parent].narticle > s->narticle + 1;
}

/* Scores candidates and returns the stat index of the best article container, or -1. */
static int score_and_pick(ctx *c) {
  for (size_t i = 0; i < c->n; i++) {
    nst *s = &c->st[i];
    if ((s->flags & (F_JUNK | F_UNLIKELY)) || s->kind != K_BLOCK || !para_like(s->tag) || s->own < MIN_PARA)
      continue;
    float sc = 1.0f + (float)s->own_commas + (s->own / 100 < 3 ? (float)(s->own / 100) : 3.0f);
    /* a div holding its text directly is its own container (no <p>): readability turns it into a <p> */
    if (s->tag != T_P && s->tag != T_PRE && s->tag != T_TD) {
      touch(c, s);
      s->score += sc;
    }
    int a = s->parent;
    for (int level = 0; level < 5 && a >= 0; level++) {
      nst *an = &c->st[a];
      if (an->tag == T_HTML) break;
      touch(c, an);
      float div = level == 0 ? 1.0f : level == 1 ? 2.0f : (float)level * 3.0f;
      an->score += sc / div;
      if (an->tag == T_ARTICLE) break; /* a story's paragraphs say nothing about the page around it */
      a = an->parent;
    }
  }
  int top = -1;
  int top5[5] = {-1, -1, -1, -1, -1};
  for (size_t i = 0; i < c->n; i++) {
    nst *s = &c->st[i];
    if (!(s->flags & F_CAND)) continue;
    s->score *= 1.0f - link_density(s);
    if (teaser_like(c, s)) continue;
    for (int k = 0; k < 5; k++) {
      if (top5[k] < 0 || s->score > c->st[top5[k]].score) {
        memmove(top5 + k + 1, top5 + k, (size_t)(4 - k) * sizeof top5[0]);
        top5[k] = (int)i;
        break;
      }
    }
  }
  top = top5[0];
  if (top < 0) return -1;
  /* several strong candidates under one ancestor: the article is that ancestor */
  nst *t = &c->st[top];
  int alts = 0;
  for (int k = 1; k < 5; k++)
    if (top5[k] >= 0 && c->st[top5[k]].score / t->score >= 0.75f) alts++;
  if (alts >= 2) {
    for (int a = t->parent; a >= 0 && c->st[a].tag != T_BODY && c->st[a].narticle < 2; a = c->st[a].parent) {
      int contained = 0;
      for (int k = 1; k < 5; k++) {
        if (top5[k] < 0 || c->st[top5[k]].score / t->score < 0.75f) continue;
        for (int b = top5[k]; b >= 0; b = c->st[b].parent)
          if (b == a) {
            contained++;
            break;
          }
      }
      if (contained >= 2 && contained >= alts - 1) {
        top = a;
        touch(c, &c->st[a]);
        break;
      }
    }
  }
  /* climb while the parent scores higher (the article wraps the best block) */
  t = &c->st[top];
  float last = t->score, threshold = last / 3.0f;
  for (int a = t->parent; a >= 0 && c->st[a].tag != T_BODY && c->st[a].narticle < 2; a = c->st[a].parent) {
    nst *an = &c->st[a];
    if (!(an->flags & F_CAND)) continue;
    if (an->score < threshold) break;
    if (an->score > last) {
      top = a;
      break;
    }
    last = an->score;
  }
  /* an only child says nothing about boundaries: climb to the parent */
  for (;;) {
    int p = c->st[top].parent;
    if (p < 0 || c->st[p].tag == T_BODY || c->st[p].tag == T_HTML) break;
    int elems = 0;
    for (xmlNode *ch = c->st[p].node->children; ch; ch = ch->next)
      if (ch->type == XML_ELEMENT_NODE) elems++;
    if (elems != 1) break;
    top = p;
  }
  return top;
}

/* ------------------------------------------------------------------------------------------------ output */

static int prune(const ctx *c, const nst *s, const nst *root) {
  if (s->flags & (F_JUNK | F_UNLIKELY)) return 1;
  if (s == root || s->nsocial) return 0;
  /* an <article> inside the story is a comment or a teaser for another one */
  if (s->tag == T_ARTICLE && root->tag == T_ARTICLE && s->text * 2 < root->text) return 1;
  if (!c->clean) return 0;
  int w = c->use_weight ? s->weight : 0;
  float ld = link_density(s);
  if (is_heading(s->tag)) return s->tag == T_H1 || w < 0 || ld > 0.5f;
  if ((s->flags & F_BOILER) && (s->text * 4 < root->text || s->text < 200)) return 1;
  /* an inline run of several links (tag lists, "related:" strips) inside the text */
  if (s->kind == K_INLINE && s->tag != T_A && s->na >= 3 && ld > 0.8f) return 1;
  switch (s->tag) {
  case T_P:
    return s->text && ld > 0.5f && s->text < 200;
  case T_LI: case T_DT: case T_DD: case T_TR: case T_TD: case T_TH: case T_BLOCKQUOTE: case T_PRE:
  case T_A: case T_SPAN: case T_FONT:
    return 0;
  default:
    break;
  }
  if (s->kind != K_BLOCK) return 0;
  float score = (s->flags & F_CAND) ? s->score : 0.0f;
  if ((float)w + score < 0) return 1;
  if (s->commas >= 10) return 0;
  int is_list = s->tag == T_UL || s->tag == T_OL;
  float p = (float)s->np, img = (float)s->nimg, li = (float)s->nli - 100.0f;
  float hd = s->text ? (float)s->head_text / (float)s->text : 0.0f;
  if (img > 1 && p / img < 0.5f) return 1;
  if (!is_list && li > p) return 1;
  if ((float)s->ninput > p / 3) return 1;
  if (!is_list && hd < 0.9f && s->text < 25 && (s->nimg == 0 || s->nimg > 2) && ld > 0) return 1;
  if (!is_list && w < 25 && ld > 0.2f) return 1;
  if (w >= 25 && ld > 0.5f) return 1;
  if ((s->nembed == 1 && s->text < 75) || s->nembed > 1) return 1;
  return 0;
}

enum { SEP_NONE, SEP_SPACE, SEP_LINE, SEP_PARA };

typedef struct block_mark {
  size_t start; /* offset of the block's first byte in the output */
  int listy;    /* inside a list item, table cell or <pre>: short by nature, never trimmed */
} block_mark;

typedef struct writer {
  pl_strbuf *sb;
  int sep;
  int listy;         /* open list items / cells / pre around the current text */
  block_mark *marks; /* where each output block starts */
  size_t nmarks, capmarks;
  int oom;
} writer;

static int listy_tag(int t) { return t == T_LI || t == T_DD || t == T_DT || t == T_TD || t == T_TH || t == T_PRE; }

static void w_sep(writer *w, int sep) {
  if (sep > w->sep) w->sep = sep;
}

static void w_text(writer *w, const char *t) {
  const unsigned char *p = (const unsigned char *)t;
  while (*p) {
    const unsigned char *b = p;
    while (*p && !(*p <= ' ' || (*p == 0xC2 && p[1] == 0xA0))) p++;
    if (p > b) {
      if (!w->sb->len || w->sep == SEP_PARA) {
        if (w->nmarks == w->capmarks) {
          size_t nc = w->capmarks ? w->capmarks * 2 : 64;
          block_mark *m = realloc(w->marks, nc * sizeof *m);
          if (!m) {
            w->oom = 1;
            return;
          }
          w->marks = m;
          w->capmarks = nc;
        }
        w->marks[w->nmarks].start = w->sb->len + (w->sb->len ? 2 : 0);
        w->marks[w->nmarks++].listy = w->listy > 0;
      }
      if (w->sb->len) {
        if (w->sep == SEP_PARA) pl_strbuf_append(w->sb, "\n\n", 2);
        else if (w->sep == SEP_LINE) pl_strbuf_putc(w->sb, '\n');
        else if (w->sep == SEP_SPACE) pl_strbuf_putc(w->sb, ' ');
      }
      w->sep = SEP_NONE;
      pl_strbuf_append(w->sb, (const char *)b, (size_t)(p - b));
    }
    while (*p && (*p <= ' ' || (*p == 0xC2 && p[1] == 0xA0))) {
      p += *p == 0xC2 ? 2 : 1;
      w_sep(w, SEP_SPACE);
    }
  }
}

/* Writes the visible text of the subtree at root, skipping pruned elements. */
static void emit(const ctx *c, xmlNode *root, writer *w) {
  const nst *rs = &c->st[idx_of(root)];
  xmlNode *n = root;
  while (n) {
    int descend = 0;
    if (n->type == XML_ELEMENT_NODE) {
      const nst *s = &c->st[idx_of(n)];
      if (!prune(c, s, rs)) {
        if (s->kind == K_BLOCK) w_sep(w, SEP_PARA);
        else if (s->tag == T_BR) w_sep(w, SEP_LINE);
        descend = n->children != NULL;
        if (descend && listy_tag(s->tag)) w->listy++;
      }
    } else if (n->type == XML_TEXT_NODE && n->content) {
      w_text(w, (const char *)n->content);
    }
    if (descend) {
      n = n->children;
      continue;
    }
    for (;;) {
      if (n->type == XML_ELEMENT_NODE) {
        const nst *s = &c->st[idx_of(n)];
        if (s->kind == K_BLOCK) w_sep(w, SEP_PARA);
        if (listy_tag(s->tag) && n->children && !prune(c, s, rs)) w->listy--;
      }
      if (n == root) {
        n = NULL;
        break;
      }
      if (n->next) {
        n = n->next;
        break;
      }
      n = n->parent;
    }
  }
  w_sep(w, SEP_PARA);
}

#define TRIM_WORDS 8 /* words that make a block prose for trim_edges */
/* Words in s[0..n) (runs of non-space bytes). */
static size_t count_words(const char *s, size_t n) {
  size_t w = 0;
  int in = 0;
  for (size_t i = 0; i < n; i++) {
    int sp = s[i] == ' ' || s[i] == '\n';
    if (!sp && !in) w++;
    in = !sp;
  }
  return w;
}

/* A paragraph that reads as running text: long enough, or a full sentence. */
static int is_prose(const char *s, size_t n) {
  size_t w = count_words(s, n);
  if (w >= TRIM_WORDS) return 1;
  while (n && (s[n - 1] == ' ' || s[n - 1] == '\n')) n--;
  if (!n || w < 4) return 0;
  const unsigned char *e = (const unsigned char *)s + n;
  return e[-1] == '.' || e[-1] == '!' || e[-1] == '?' || e[-1] == '"' || e[-1] == ':' ||
         (n >= 3 && e[-3] == 0xE2 && e[-2] == 0x80 && (e[-1] == 0x9D || e[-1] == 0x99)); /* ” ’ */
}

/* A block that only labels an ad slot ("Advertisement"), left behind when the slot itself was dropped. */
static int is_ad_label(const char *s, size_t n) {
  static const char *LABELS[] = {"advertisement", "advert", "ad", "ads", "sponsored", "anzeige", "publicidad",
                                 "publicité", "pubblicità", "реклама", NULL};
  while (n && (s[n - 1] == ' ' || s[n - 1] == '\n')) n--;
  if (!n || n > 20) return 0;
  for (int i = 0; LABELS[i]; i++) {
    size_t k = strlen(LABELS[i]);
    if (k != n) continue;
    size_t j = 0;
    while (j < k && tolower((unsigned char)s[j]) == (unsigned char)LABELS[i][j]) j++;
    if (j == k) return 1;
  }
  return 0;
}

/* Drops the short blocks before the first and after the last paragraph of prose (bylines, datelines, tag lists,
 * share buttons, "you may also like" headings at the edges of the article container) and ad labels anywhere. */
static void trim_edges(pl_strbuf *sb, const writer *w) {
  size_t first = SIZE_MAX, last_end = 0;
  for (size_t k = 0; k < w->nmarks; k++) {
    size_t p = w->marks[k].start, q = k + 1 < w->nmarks ? w->marks[k + 1].start - 2 : sb->len;
    if (p > sb->len || q > sb->len || q < p) return; /* marks out of step: leave the text alone */
    if (w->marks[k].listy || is_prose(sb->ptr + p, q - p)) {
      if (first == SIZE_MAX) first = p;
      last_end = q;
    }
  }
  if (first == SIZE_MAX) return;
  size_t o = 0; /* compacting in place: blocks only ever move left */
  for (size_t k = 0; k < w->nmarks; k++) {
    size_t p = w->marks[k].start, q = k + 1 < w->nmarks ? w->marks[k + 1].start - 2 : sb->len;
    if (p < first || q > last_end || is_ad_label(sb->ptr + p, q - p)) continue;
    if (o) {
      sb->ptr[o++] = '\n';
      sb->ptr[o++] = '\n';
    }
    memmove(sb->ptr + o, sb->ptr + p, q - p);
    o += q - p;
  }
  sb->len = o;
  sb->ptr[o] = '\0';
}

/* Picks the container and its related siblings, and writes their text into c->out. Returns the top index. */
static int pick_and_emit(ctx *c, writer *wp) {
  int top = score_and_pick(c);
  writer *w = wp;
  if (top < 0) {
    for (size_t i = 0; i < c->n; i++)
      if (c->st[i].tag == T_BODY) {
        emit(c, c->st[i].node, w);
        break;
      }
    return -1;
  }
  nst *t = &c->st[top];
  int pi = t->parent;
  if (pi < 0) {
    emit(c, t->node, w);
    return top;
  }
  float thr = t->score * 0.2f > 10.0f ? t->score * 0.2f : 10.0f;
  const char *tcls = attr(t->node, "class");
  for (xmlNode *sib = c->st[pi].node->children; sib; sib = sib->next) {
    if (sib->type != XML_ELEMENT_NODE) continue;
    int si = idx_of(sib);
    nst *s = &c->st[si];
    int take = si == top;
    /* another <article> beside the article is another story (teasers, "you may also like") */
    int other_story = s->tag == T_ARTICLE && t->tag == T_ARTICLE;
    if (!take && !other_story && !(s->flags & (F_JUNK | F_UNLIKELY))) {
      float bonus = 0;
      const char *sc = attr(sib, "class");
      if (tcls && sc && *tcls && !strcmp(tcls, sc)) bonus = t->score * 0.2f;
      if ((s->flags & F_CAND) && s->score + bonus >= thr) take = 1;
      else if (s->tag == T_P) {
        float ld = link_density(s);
        if (s->text > 80 && ld < 0.25f) take = 1;
        else if (s->text && s->text <= 80 && ld == 0) {
          /* short paragraph ending a sentence */
          pl_strbuf tmp = PL_STRBUF_INIT;
          subtree_text(sib, &tmp);
          if (tmp.ptr && (strstr(tmp.ptr, ". ") || (tmp.len && tmp.ptr[tmp.len - 1] == '.'))) take = 1;
          pl_strbuf_dispose(&tmp);
        }
      }
    }
    if (take) emit(c, sib, w);
  }
  return top;
}

static int extract_text(ctx *c) {
  writer w = {&c->out, SEP_NONE, 0, NULL, 0, 0, 0};
  int top = pick_and_emit(c, &w);
  if (w.oom) c->out.failed = 1;
  else if (c->clean && c->out.len && !c->out.failed) trim_edges(&c->out, &w);
  free(w.marks);
  return top;
}

/* ------------------------------------------------------------------------------------------------ metadata */

static char *host_of(const char *url) {
  if (!url) return NULL;
  const char *p = strstr(url, "://");
  if (!p) return NULL;
  p += 3;
  size_t k = strcspn(p, "/:?#");
  if (!k) return NULL;
  if (k > 4 && !strncmp(p, "www.", 4)) {
    p += 4;
    k -= 4;
  }
  return xstrdup(p, k);
}

static int is_abs_url(const char *u) { return u && (!strncmp(u, "http://", 7) || !strncmp(u, "https://", 8)); }

static char *lang2(const char *l) {
  if (!l || !isalpha((unsigned char)l[0]) || !isalpha((unsigned char)l[1]) || isalpha((unsigned char)l[2]))
    return NULL;
  char b[3] = {(char)tolower((unsigned char)l[0]), (char)tolower((unsigned char)l[1]), 0};
  return xstrdup(b, 2);
}

/* "Story headline | Outlet" -> "Story headline" when the other part is the outlet or clearly shorter. */
static char *clean_title(const char *t, const char *site) {
  static const char *seps[] = {" | ", " - ", " \xE2\x80\x94 ", " \xE2\x80\x93 ", " :: ", " \xC2\xBB ", NULL};
  for (int i = 0; seps[i]; i++) {
    const char *p = strstr(t, seps[i]);
    if (!p) continue;
    const char *last = p, *q;
    while ((q = strstr(last + 1, seps[i]))) last = q;
    size_t head = (size_t)(last - t);
    const char *tail = last + strlen(seps[i]);
    if ((site && ascii_istr(tail, site)) || strlen(tail) * 2 < head) return xstrdup(t, head);
  }
  return xstrdup(t, strlen(t));
}

/* Language of the text, by parley's one detector (parley/language.h): an ISO 639-1 code, or NULL when unsure or
 * out of memory. Made per page: its lists load in microseconds, next to milliseconds of HTML parsing. */
static char *guess_language(const char *t, size_t n) {
  parley_langid *l = NULL;
  if (parley_langid_new(&l) != PARLEY_OK) return NULL;
  const char *g = parley_langid_detect(l, t, n);
  char *out = g ? xstrdup(g, strlen(g)) : NULL;
  parley_langid_free(l);
  return out;
}

static int finish_meta(meta *m, const char *visible_date, pl_html_result *out) {
  const char *t = m->og_title ? m->og_title : m->ld_headline ? m->ld_headline : m->tw_title;
  const char *site = m->og_site ? m->og_site : m->ld_publisher;
  if (t) out->title = xstrdup(t, strlen(t));
  else if (m->title_tag) out->title = clean_title(m->title_tag, site);
  else if (m->h1) out->title = xstrdup(m->h1, strlen(m->h1));
  const char *u = is_abs_url(m->canonical) ? m->canonical : is_abs_url(m->og_url) ? m->og_url
                  : is_abs_url(m->ld_url) ? m->ld_url : NULL;
  if (u) out->url = xstrdup(u, strlen(u));
  if (!site || site[0] == '@' || is_abs_url(site)) site = m->ld_publisher;
  if (!site || site[0] == '@' || is_abs_url(site)) site = m->app_name;
  if (site && site[0] != '@' && !is_abs_url(site)) {
    /* "LinkNaija | Nigeria's popular news platform" -> "LinkNaija" */
    const char *bar = strstr(site, " | ");
    out->source = xstrdup(site, bar && bar > site ? (size_t)(bar - site) : strlen(site));
  } else
    out->source = host_of(u);
  out->language = lang2(m->lang_html);
  if (!out->language) out->language = lang2(m->lang_meta);
  if (!out->language) out->language = lang2(m->lang_ld);
  /* the text itself outranks a declaration copied from a site template (lang="en" on a German page) */
  char *guess = out->text ? guess_language(out->text, out->text_len) : NULL;
  /* "und" (a script no list knows) says less than a page's own declaration */
  if (guess && (!out->language || strcmp(out->language, guess)) && (!out->language || strcmp(guess, "und"))) {
    free(out->language);
    out->language = lang2(guess);
  }
  free(guess);
  char d[40];
  if (m->date_trust >= DT_TIME) out->date = xstrdup(m->date, strlen(m->date));
  else if (date_from_url(u, d, sizeof d)) out->date = xstrdup(d, strlen(d));
  else if (visible_date && *visible_date) out->date = xstrdup(visible_date, strlen(visible_date));
  if ((t && !out->title) || (u && !out->url) || (m->date_trust && !out->date)) return PARLEY_ENOMEM;
  return 0;
}

/* First date in an element whose class or id names a byline or date ("byline", "date", "published"). */
static void find_visible_date(const ctx *c, char *out, size_t outsz) {
  for (size_t i = 0; i < c->n; i++) {
    const nst *s = &c->st[i];
    if ((s->flags & F_JUNK) || !s->text || s->text > 200) continue;
    char cls[256], id[128], both[390];
    lower_into(attr(s->node, "class"), cls, sizeof cls);
    lower_into(attr(s->node, "id"), id, sizeof id);
    snprintf(both, sizeof both, "%s %s", cls, id);
    if (!strstr(both, "date") && !strstr(both, "time") && !strstr(both, "byline") && !strstr(both, "publish") &&
        !strstr(both, "posted"))
      continue;
    pl_strbuf sb = PL_STRBUF_INIT;
    subtree_text(s->node, &sb);
    char *t = sb.ptr ? clean_ws(sb.ptr) : NULL;
    pl_strbuf_dispose(&sb);
    int ok = t && find_date_in_text(t, out, outsz);
    free(t);
    if (ok) return;
  }
  out[0] = '\0';
}

/* ------------------------------------------------------------------------------------------------ entry */

/* A complete page ends with </html> or at least </body>; look for either among the last tags. */
/* Plain text from a JSON-LD articleBody, which may carry markup: tags dropped (block ends become paragraph
 * breaks), the common entities decoded, white space collapsed. */
static char *markup_to_text(const char *s) {
  pl_strbuf sb = PL_STRBUF_INIT;
  writer w = {&sb, SEP_NONE, 0, NULL, 0, 0, 0};
  static const struct {
    const char *ent, *txt;
  } ENT[] = {{"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&#39;", "'"}, {"&apos;", "'"},
             {"&nbsp;", " "}};
  pl_strbuf run = PL_STRBUF_INIT;
  for (const char *p = s; *p;) {
    if (*p == '<') {
      const char *e = strchr(p, '>');
      if (!e) break;
      int block = !strncmp(p, "</p", 3) || !strncmp(p, "<br", 3) || !strncmp(p, "</div", 5) || !strncmp(p, "<p", 2) ||
                  !strncmp(p, "</h", 3) || !strncmp(p, "</li", 4);
      pl_strbuf_putc(&run, '\0');
      w_text(&w, run.ptr);
      pl_strbuf_clear(&run);
      w_sep(&w, block ? SEP_PARA : SEP_SPACE);
      p = e + 1;
      continue;
    }
    if (*p == '\n') { /* plain-text bodies separate paragraphs by newlines */
      pl_strbuf_putc(&run, '\0');
      w_text(&w, run.ptr);
      pl_strbuf_clear(&run);
      w_sep(&w, SEP_PARA);
      p++;
      continue;
    }
    if (*p == '&') {
      size_t k = 0;
      for (; k < PL_ARRAY_LEN(ENT); k++)
        if (!strncmp(p, ENT[k].ent, strlen(ENT[k].ent))) break;
      if (k < PL_ARRAY_LEN(ENT)) {
        pl_strbuf_puts(&run, ENT[k].txt);
        p += strlen(ENT[k].ent);
        continue;
      }
    }
    pl_strbuf_putc(&run, *p++);
  }
  pl_strbuf_putc(&run, '\0');
  if (run.ptr) w_text(&w, run.ptr);
  free(w.marks);
  int failed = run.failed || w.oom;
  pl_strbuf_dispose(&run);
  if (failed) {
    pl_strbuf_dispose(&sb);
    return NULL;
  }
  return pl_strbuf_detach(&sb, NULL);
}

static void trailing_close_check(const char *buf, size_t len, unsigned *warn) {
  size_t floor = len > 65536 ? len - 65536 : 0, end = len;
  while (end > floor) {
    size_t i = end - 1;
    while (i > floor && buf[i] != '<') i--;
    if (buf[i] != '<') break;
    const char *lt = buf + i;
    if (i + 6 <= len && lt[1] == '/') {
      char t[5];
      for (int k = 0; k < 4; k++) t[k] = (char)tolower((unsigned char)lt[2 + k]);
      t[4] = '\0';
      if (!strcmp(t, "html") || !strcmp(t, "body")) return;
    }
    end = i;
  }
  *warn |= PL_HTML_WARN_TRUNCATED;
}

static xmlDocPtr parse(const char *buf, size_t len, const char *enc, err_counts *ec) {
  xmlInitParser(); /* once per process; libxml2 guards it with its own lock */
  htmlParserCtxtPtr ctxt = htmlNewParserCtxt();
  if (!ctxt) return NULL;
  /* the structured-error hook is per thread in libxml2; restore the caller's afterwards */
  xmlStructuredErrorFunc old = xmlStructuredError;
  void *oldctx = xmlStructuredErrorContext;
  xmlSetStructuredErrorFunc(ec, on_xml_error);
  xmlDocPtr doc = htmlCtxtReadMemory(ctxt, buf, (int)len, NULL, enc,
                                     HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                                         HTML_PARSE_NONET | HTML_PARSE_COMPACT);
  xmlSetStructuredErrorFunc(oldctx, old);
  htmlFreeParserCtxt(ctxt);
  return doc;
}

/* Chooses the encoding to hand libxml2, repairing UTF-8 when needed. *work may be set to a malloc'ed copy. */
static const char *choose_encoding(const char **buf, size_t *len, char **work, unsigned *warn, char *cs,
                                   size_t cssz) {
  const unsigned char *u = (const unsigned char *)*buf;
  if (*len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) {
    *buf += 3;
    *len -= 3;
  } else if (*len >= 2 && u[0] == 0xFF && u[1] == 0xFE) {
    return "UTF-16LE";
  } else if (*len >= 2 && u[0] == 0xFE && u[1] == 0xFF) {
    return "UTF-16BE";
  }
  int declared = sniff_charset(*buf, *len, cs, cssz);
  if (declared) {
    if (!strcmp(cs, "iso-8859-1") || !strcmp(cs, "latin1") || !strcmp(cs, "us-ascii") || !strcmp(cs, "ascii"))
      return "windows-1252"; /* what browsers do */
    if (strcmp(cs, "utf-8") && strcmp(cs, "utf8")) {
      xmlCharEncodingHandlerPtr h = xmlFindCharEncodingHandler(cs);
      if (h) {
        xmlCharEncCloseFunc(h);
        return cs;
      }
      *warn |= PL_HTML_WARN_CHARSET;
      declared = 0;
    }
  }
  size_t bad = utf8_first_invalid(*buf, *len);
  if (bad == *len) return "UTF-8";
  if (!declared) { /* undeclared: UTF-8 with a few bad bytes, or a legacy single-byte page? */
    size_t good_multi = 0, invalid = 0;
    const unsigned char *s = (const unsigned char *)*buf;
    for (size_t i = 0; i < *len;) {
      if (s[i] < 0x80) {
        i++;
        continue;
      }
      size_t k = utf8_valid_len(s + i, *len - i);
      if (k) {
        good_multi++;
        i += k;
      } else {
        invalid++;
        i++;
      }
    }
    if (invalid > good_multi) {
      *warn |= PL_HTML_WARN_CHARSET;
      return "windows-1252";
    }
  }
  size_t nl;
  *work = utf8_repair(*buf, *len, bad, &nl);
  if (!*work) return NULL;
  *buf = *work;
  *len = nl;
  *warn |= PL_HTML_WARN_UTF8;
  return "UTF-8";
}

/* ---- attributes per element ----
 * libxml2 checks each attribute of an element against all earlier ones: n attributes cost n^2. Before parsing,
 * a linear scan of the start tags finds elements over PARLEY_MAX_ELEMENT_ATTRIBUTES and drops their surplus. The
 * scan knows only what decides where a tag ends: comments, quoted values, and script/style bodies. */

static int ascii_ncaseeq(const char *a, const char *b, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (tolower((unsigned char)a[i]) != tolower((unsigned char)b[i])) return 0;
  return 1;
}

static int is_html_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

/* End of a raw-text body (script, style) starting at i: the position of its "</name". */
static size_t raw_text_end(const char *b, size_t len, size_t i, const char *name, size_t nlen) {
  while (i < len) {
    const char *lt = memchr(b + i, '<', len - i);
    if (!lt) return len;
    i = (size_t)(lt - b);
    if (i + 2 + nlen <= len && b[i + 1] == '/' && ascii_ncaseeq(b + i + 2, name, nlen)) return i;
    i++;
  }
  return len;
}

/* Returns 1 with a malloc'ed copy of b in *out (surplus attributes dropped), 0 when nothing needed dropping,
 * PARLEY_ENOMEM. */
static int cap_attributes(const char *b, size_t len, size_t max, char **out, size_t *outlen) {
  pl_strbuf sb = PL_STRBUF_INIT;
  size_t copied = 0, i = 0;
  while (i < len) {
    const char *lt = memchr(b + i, '<', len - i);
    if (!lt) break;
    i = (size_t)(lt - b);
    if (i + 4 <= len && !memcmp(b + i, "<!--", 4)) {
      size_t j = i + 4;
      while (j + 3 <= len && memcmp(b + j, "-->", 3)) j++;
      i = j + 3 <= len ? j + 3 : len;
      continue;
    }
    if (i + 1 >= len || !isalpha((unsigned char)b[i + 1])) {
      i++;
      continue;
    }
    size_t name = i + 1, j = name;
    while (j < len && !is_html_space(b[j]) && b[j] != '>' && b[j] != '/') j++;
    size_t nlen = j - name, count = 0;
    while (j < len) {
      while (j < len && (is_html_space(b[j]) || b[j] == '/')) j++;
      if (j >= len) break;
      if (b[j] == '>') {
        j++;
        break;
      }
      size_t a = j;
      while (j < len && !is_html_space(b[j]) && b[j] != '>' && b[j] != '=' && b[j] != '/') j++;
      if (j == a) j++; /* a stray '=' */
      size_t k = j;
      while (k < len && is_html_space(b[k])) k++;
      if (k < len && b[k] == '=') {
        k++;
        while (k < len && is_html_space(b[k])) k++;
        if (k < len && (b[k] == '"' || b[k] == '\'')) {
          const char *q = memchr(b + k + 1, b[k], len - k - 1);
          k = q ? (size_t)(q - b) + 1 : len;
        } else {
          while (k < len && !is_html_space(b[k]) && b[k] != '>') k++;
        }
        j = k;
      }
      if (++count > max) {
        pl_strbuf_append(&sb, b + copied, a - copied);
        copied = j;
      }
    }
    if ((nlen == 6 && ascii_ncaseeq(b + name, "script", 6)) || (nlen == 5 && ascii_ncaseeq(b + name, "style", 5)))
      j = raw_text_end(b, len, j, b + name, nlen);
    i = j;
  }
  if (!copied) {
    pl_strbuf_dispose(&sb);
    return 0;
  }
  pl_strbuf_append(&sb, b + copied, len - copied);
  if (sb.failed) {
    pl_strbuf_dispose(&sb);
    return PARLEY_ENOMEM;
  }
  *out = pl_strbuf_detach(&sb, outlen);
  return 1;
}

int pl_html_extract(const char *buf, size_t len, pl_html_result *out) { return pl_html_extract_max(buf, len, 0, out); }

int pl_html_extract_max(const char *buf, size_t len, size_t max_html, pl_html_result *out) {
  memset(out, 0, sizeof *out);
  int rc = 0;
  unsigned warn = 0;
  char *inflated = NULL, *work = NULL, *capped = NULL;
  if (!max_html || max_html > HTML_MAX_INPUT) max_html = HTML_MAX_INPUT;
  xmlDocPtr doc = NULL;
  meta m;
  memset(&m, 0, sizeof m);
  ctx c;
  memset(&c, 0, sizeof c);
  c.m = &m;
  c.cache = calloc(CLASS_CACHE, sizeof *c.cache);
  if (!c.cache) {
    rc = PARLEY_ENOMEM;
    goto done;
  }
  if (is_gzip(buf, len)) {
    size_t n;
    rc = inflate_gz(buf, len, max_html, &inflated, &n, &warn);
    if (rc) goto done;
    buf = inflated;
    len = n;
  } else if (len > max_html) {
    len = max_html;
    warn |= PL_HTML_WARN_TOO_BIG;
  }
  size_t clen;
  rc = cap_attributes(buf, len, PARLEY_MAX_ELEMENT_ATTRIBUTES, &capped, &clen);
  if (rc < 0) goto done;
  if (rc) {
    buf = capped;
    len = clen;
    warn |= PL_HTML_WARN_ATTRIBUTES;
  }
  rc = 0;
  char cs[48];
  const char *enc = choose_encoding(&buf, &len, &work, &warn, cs, sizeof cs);
  if (!enc) {
    rc = PARLEY_ENOMEM;
    goto done;
  }
  trailing_close_check(buf, len, &warn);
  err_counts ec = {0, 0, 0, 0, 0};
  if (len) doc = parse(buf, len, enc, &ec);
  if (ec.markup) warn |= PL_HTML_WARN_MARKUP;
  if (ec.entity) warn |= PL_HTML_WARN_ENTITY;
  if (ec.depth) warn |= PL_HTML_WARN_DEPTH;
  if (ec.huge_text) warn |= PL_HTML_WARN_HUGE_TEXT;
  if (ec.encoding && enc && strcmp(enc, "UTF-8")) warn |= PL_HTML_WARN_CHARSET;
  xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL;
  char vdate[40] = "";
  if (root) {
    meta_walk(&c, &m, root);
    /* strictest first; relax when the article comes out too short (readability's retry) */
    static const int modes[4][3] = {{1, 1, 1}, {0, 1, 1}, {0, 0, 1}, {0, 0, 0}};
    char *best = NULL;
    size_t best_len = 0;
    int best_top = -1;
    for (int k = 0; k < 4; k++) {
      c.strip_unlikely = modes[k][0];
      c.use_weight = modes[k][1];
      c.clean = modes[k][2];
      if (build_stats(&c, root)) {
        rc = PARLEY_ENOMEM;
        break;
      }
      if (k == 0 && m.date_trust < DT_TIME) find_visible_date(&c, vdate, sizeof vdate);
      pl_strbuf_clear(&c.out);
      int top = extract_text(&c);
      if (c.out.failed) {
        rc = PARLEY_ENOMEM;
        break;
      }
      /* a relaxed pass must find much more text to win: otherwise it only adds boilerplate */
      if (!best || c.out.len > best_len * 2 + 200) {
        free(best);
        best = pl_strbuf_detach(&c.out, &best_len);
        best_top = top;
      }
      if (best_len >= RETRY_BELOW) break;
    }
    if (rc) {
      free(best);
      goto done;
    }
    if (best_top < 0) warn |= PL_HTML_WARN_NO_ARTICLE;
    /* trim the final paragraph separator */
    while (best && best_len && (best[best_len - 1] == '\n' || best[best_len - 1] == ' ')) best[--best_len] = '\0';
    out->text = best;
    out->text_len = best_len;
  }
  /* a page that renders its story with scripts leaves little in the markup; its JSON-LD articleBody is then the
   * better text (only then: elsewhere it is often a summary, or the same text without paragraphs) */
  if (m.ld_body && strlen(m.ld_body) >= 500 && out->text_len * 4 < strlen(m.ld_body)) {
    char *t = markup_to_text(m.ld_body);
    if (!t) {
      rc = PARLEY_ENOMEM;
      goto done;
    }
    free(out->text);
    out->text = t;
    out->text_len = strlen(t);
    warn &= ~(unsigned)PL_HTML_WARN_NO_ARTICLE;
  }
  if (!out->text) {
    out->text = xstrdup("", 0);
    if (!out->text) {
      rc = PARLEY_ENOMEM;
      goto done;
    }
    warn |= PL_HTML_WARN_NO_ARTICLE;
  }
  if (!out->text_len) warn |= PL_HTML_WARN_EMPTY;
  rc = finish_meta(&m, vdate, out);
done:
  if (doc) xmlFreeDoc(doc);
  free(c.st);
  free(c.cache);
  pl_strbuf_dispose(&c.out);
  meta_free(&m);
  free(inflated);
  free(capped);
  free(work);
  out->warnings = warn;
  if (rc) pl_html_result_dispose(out);
  return rc;
}

void pl_html_result_dispose(pl_html_result *r) {
  if (!r) return;
  free(r->title), free(r->date), free(r->source), free(r->url), free(r->language), free(r->text);
  memset(r, 0, sizeof *r);
}

const char *pl_html_warning_str(unsigned bit) {
  switch (bit) {
  case PL_HTML_WARN_GZIP: return "gzip stream corrupt or truncated; used what inflated";
  case PL_HTML_WARN_TRUNCATED: return "page ends without </html>: truncated?";
  case PL_HTML_WARN_UTF8: return "invalid UTF-8 replaced by U+FFFD";
  case PL_HTML_WARN_CHARSET: return "charset unknown or wrong; decoded as UTF-8 or windows-1252";
  case PL_HTML_WARN_MARKUP: return "unclosed or mismatched tags repaired";
  case PL_HTML_WARN_ENTITY: return "malformed character or entity references";
  case PL_HTML_WARN_DEPTH:
    return "elements nested deeper than " PL_STR(PARLEY_MAX_NESTING_DEPTH)
           " (limit: nesting depth); the rest of the page was dropped";
  case PL_HTML_WARN_ATTRIBUTES:
    return "an element has more than " PL_STR(PARLEY_MAX_ELEMENT_ATTRIBUTES)
           " attributes (limit: attributes per element); the rest were dropped";
  case PL_HTML_WARN_HUGE_TEXT:
    return "a text run longer than libxml2's " PL_STR(XML_MAX_TEXT_LENGTH)
           " bytes; the rest of the page was dropped";
  case PL_HTML_WARN_NO_ARTICLE: return "no article container found";
  case PL_HTML_WARN_TOO_BIG: return "page too large; the rest was ignored";
  case PL_HTML_WARN_EMPTY: return "no text found";
  default: return NULL;
  }
}

int pl_html_sniff(const char *buf, size_t len) {
  char head[2048];
  size_t n = 0;
  if (is_gzip(buf, len)) {
    z_stream z;
    memset(&z, 0, sizeof z);
    if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) return 0;
    z.next_in = (Bytef *)(uintptr_t)buf;
    z.avail_in = len > UINT32_MAX ? UINT32_MAX : (uInt)len;
    z.next_out = (Bytef *)head;
    z.avail_out = sizeof head - 1;
    inflate(&z, Z_SYNC_FLUSH);
    n = sizeof head - 1 - z.avail_out;
    inflateEnd(&z);
  } else {
    n = len < sizeof head - 1 ? len : sizeof head - 1;
    memcpy(head, buf, n);
  }
  head[n] = '\0';
  for (size_t i = 0; i < n; i++)
    if (!head[i]) head[i] = ' ';
  const char *p = head;
  if (n >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3)) p += 3;
  for (;;) {
    while (*p && isspace((unsigned char)*p)) p++;
    if (!strncmp(p, "<!--", 4)) {
      const char *e = strstr(p + 4, "-->");
      if (!e) return 0;
      p = e + 3;
      continue;
    }
    if (!strncmp(p, "<?xml", 5)) {
      const char *e = strstr(p, "?>");
      if (!e) return 0;
      p = e + 2;
      continue;
    }
    break;
  }
  static const char *starts[] = {"<!doctype html", "<html", "<head", "<body", "<meta", "<title", NULL};
  for (int i = 0; starts[i]; i++) {
    size_t k = strlen(starts[i]);
    size_t j = 0;
    while (j < k && p[j] && tolower((unsigned char)p[j]) == starts[i][j]) j++;
    if (j == k && (p[k] == '>' || isspace((unsigned char)p[k]) || p[k] == '\0' || k == 14)) return 1;
  }
  return 0;
}

/* ------------------------------------------------------------------------------------------------ public API */

struct page_box {
  parley_page page; /* first: the public pointer is the box */
  pl_html_result r;
};

int parley_page_extract(parley_page **out, const char *buf, size_t len) {
  *out = NULL;
  struct page_box *b = calloc(1, sizeof *b);
  if (!b) return PARLEY_ENOMEM;
  int rc = pl_html_extract(buf, len, &b->r);
  if (rc) {
    free(b);
    return rc;
  }
  b->page.title = b->r.title;
  b->page.date = b->r.date;
  b->page.source = b->r.source;
  b->page.url = b->r.url;
  b->page.language = b->r.language;
  b->page.text = b->r.text;
  b->page.text_len = b->r.text_len;
  b->page.warnings = b->r.warnings;
  *out = &b->page;
  return PARLEY_OK;
}

const char *parley_page_warning(unsigned i) { return i < PL_HTML_WARN_COUNT ? pl_html_warning_str(1u << i) : NULL; }

void parley_page_free(parley_page *page) {
  if (!page) return;
  struct page_box *b = (struct page_box *)(void *)page;
  pl_html_result_dispose(&b->r);
  free(b);
}
