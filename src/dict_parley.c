/* dict_parley.c: reader for parley's own dictionary format (docs/dictionary-format.md): `[section]` lines, one
 * entry a line, fields separated by `|`, `#` comments. A bad line is reported with its file and line and skipped;
 * reading goes on. */
#include "lexicon.h"
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

int pl_lex_codes_mode(const parley_lexicon *lex); /* lexicon.c */

typedef enum { SEC_NONE, SEC_UNKNOWN, SEC_ACTORS, SEC_AGENTS, SEC_VERBS, SEC_SYNSETS, SEC_DISCARDS, SEC_ISSUES,
               SEC_CODES } section;

typedef pl_span span;

/* Splits s at sep into at most max trimmed pieces; returns the count, or max + 1 when there are more. */
static size_t split(span s, char sep, span *out, size_t max) {
  size_t k = 0;
  const char *p = s.p, *end = s.p + s.n;
  while (1) {
    const char *q = memchr(p, sep, (size_t)(end - p));
    const char *e = q ? q : end;
    if (k == max) return max + 1;
    out[k++] = pl_span_trim(p, (size_t)(e - p));
    if (!q) break;
    p = q + 1;
  }
  return k;
}

/* Takes the next trimmed piece of *s up to sep into *out and advances *s past it; 0 when *s is used up. */
static int next_piece(span *s, char sep, span *out) {
  if (!s->p) return 0;
  const char *q = memchr(s->p, sep, s->n);
  size_t n = q ? (size_t)(q - s->p) : s->n;
  *out = pl_span_trim(s->p, n);
  if (q) {
    s->n -= n + 1;
    s->p = q + 1;
  } else {
    s->p = NULL;
    s->n = 0;
  }
  return 1;
}

static int strncasecmp_portable(const char *a, const char *b, size_t n) {
  for (size_t i = 0; i < n; i++) {
    int x = tolower((unsigned char)a[i]), y = tolower((unsigned char)b[i]);
    if (x != y) return x - y;
  }
  return 0;
}

static int span_eq(span s, const char *lit) { return s.n == strlen(lit) && !strncasecmp_portable(s.p, lit, s.n); }

/* A name ending in `*` matches any word starting with it (PETRARCH's prefix entries). */
static unsigned name_flags(span *s) {
  if (s->n > 1 && s->p[s->n - 1] == '*') {
    s->n--;
    *s = pl_span_trim(s->p, s->n);
    return PL_PH_PREFIX;
  }
  return 0;
}

static int parse_range(span s, int32_t *from, int32_t *to) {
  *from = *to = 0;
  if (!s.n) return 1;
  const char *dots = NULL;
  for (size_t i = 0; i + 1 < s.n; i++)
    if (s.p[i] == '.' && s.p[i + 1] == '.') {
      dots = s.p + i;
      break;
    }
  if (!dots) return 0;
  span a = pl_span_trim(s.p, (size_t)(dots - s.p)), b = pl_span_trim(dots + 2, (size_t)(s.p + s.n - dots - 2));
  if (a.n && !(*from = pl_lex_parse_date(a.p, a.n))) return 0;
  if (b.n && !(*to = pl_lex_parse_date(b.p, b.n))) return 0;
  return 1;
}

static int valid_code_span(span s) {
  if (!s.n || s.n > 39) return 0;
  for (size_t i = 0; i < s.n; i++)
    if (!isalnum((unsigned char)s.p[i]) && s.p[i] != '-') return 0;
  return 1;
}

/* Regular English plural of the last word of a name ("foreign minister" -> "foreign ministers"). */
static int plural(span s, char *out, size_t cap) {
  if (s.n < 2 || s.n + 3 >= cap) return 0;
  char last = (char)tolower((unsigned char)s.p[s.n - 1]), prev = (char)tolower((unsigned char)s.p[s.n - 2]);
  if (!isalpha((unsigned char)last) || last == 's') return 0;
  memcpy(out, s.p, s.n);
  size_t n = s.n;
  if (s.n >= 3 && prev == 'a' && last == 'n' && tolower((unsigned char)s.p[s.n - 3]) == 'm') {
    out[n - 2] = 'e'; /* spokesman -> spokesmen */
  } else if (last == 'y' && !strchr("aeiou", prev)) {
    out[n - 1] = 'i';
    out[n++] = 'e';
    out[n++] = 's';
  } else if (last == 'x' || last == 'z' || (last == 'h' && (prev == 'c' || prev == 's'))) {
    out[n++] = 'e';
    out[n++] = 's';
  } else {
    out[n++] = 's';
  }
  out[n] = 0;
  return (int)n;
}

#define FAIL(...)                                                                                                  \
  do {                                                                                                             \
    pl_lex_diag(lex, &src, PARLEY_DIAG_ERROR, __VA_ARGS__);                                                        \
    return PARLEY_EPARSE;                                                                                          \
  } while (0)
#define TRY(x)                                                                                                     \
  do {                                                                                                             \
    int rc_ = (x);                                                                                                 \
    if (rc_ == PARLEY_ENOMEM) return rc_;                                                                          \
  } while (0)

static int do_actor(parley_lexicon *lex, pl_lex_src src, span *f, size_t nf) {
  if (nf < 2 || nf > 4) FAIL("an actor line is NAMES | CODE [| FROM..TO [| NOTE]] (found %zu fields)", nf);
  if (!valid_code_span(f[1])) FAIL("bad actor code '%.*s'", (int)f[1].n, f[1].p);
  int32_t from = 0, to = 0;
  if (nf >= 3 && !parse_range(f[2], &from, &to))
    FAIL("bad date range '%.*s' (write YYYY-MM-DD..YYYY-MM-DD; either side may be empty)", (int)f[2].n, f[2].p);
  if (from && to && from > to) FAIL("date range '%.*s' ends before it starts", (int)f[2].n, f[2].p);
  span names[256];
  size_t nn = split(f[0], ';', names, 256);
  if (nn > 256) FAIL("too many names (at most 256)");
  span disp = names[0];
  name_flags(&disp);
  if (!disp.n) FAIL("actor without a name");
  uint32_t id;
  int created;
  TRY(pl_lex_actor_get(lex, disp.p, disp.n, &id, &created));
  /* the usual repeat: the next term of the same person with the same list of names adds only a code */
  int same_names = pl_lex_actor_names_seen(lex, id, f[0].p, f[0].n);
  for (size_t i = 0; i < nn && !same_names; i++) {
    span s = names[i];
    if (!s.n) continue;
    unsigned fl = name_flags(&s);
    TRY(pl_lex_actor_name(lex, &src, id, s.p, s.n, fl));
  }
  const char *note = nf == 4 ? f[3].p : NULL;
  size_t note_n = nf == 4 ? f[3].n : 0;
  TRY(pl_lex_actor_code(lex, &src, id, f[1].p, f[1].n, from, to, note, note_n));
  return PARLEY_OK;
}

static int do_agent(parley_lexicon *lex, pl_lex_src src, span *f, size_t nf) {
  if (nf < 2 || nf > 3) FAIL("an agent line is NAMES | CODE [| NOTE] (found %zu fields)", nf);
  span code = f[1];
  int first = 0;
  if (code.n && code.p[0] == '~') code.p++, code.n--;
  else if (code.n && code.p[code.n - 1] == '~') code.n--, first = 1;
  if (!valid_code_span(code)) FAIL("bad agent code '%.*s'", (int)f[1].n, f[1].p);
  span names[256];
  size_t nn = split(f[0], ';', names, 256);
  if (nn > 256) FAIL("too many names (at most 256)");
  span disp = names[0];
  name_flags(&disp);
  if (!disp.n) FAIL("agent without a name");
  uint32_t id;
  TRY(pl_lex_agent_new(lex, &src, disp.p, disp.n, code.p, code.n, first, nf == 3 ? f[2].p : NULL,
                       nf == 3 ? f[2].n : 0, &id));
  for (size_t i = 0; i < nn; i++) {
    span s = names[i];
    if (!s.n) continue;
    unsigned fl = name_flags(&s);
    TRY(pl_lex_agent_name(lex, &src, id, s.p, s.n, fl));
    char pl[256];
    int pn = fl ? 0 : plural(s, pl, sizeof pl);
    if (pn > 0) TRY(pl_lex_agent_name(lex, &src, id, pl, (size_t)pn, PL_PH_GENERATED));
  }
  return PARLEY_OK;
}

/* CAMEO event codes are 2 to 4 digits; "040:040" adds the event coded in the other direction (mutual events). */
static int valid_event_code(span s) {
  const char *colon = memchr(s.p, ':', s.n);
  if (colon) {
    /* ":173" (PETRARCH): only the event in the other direction */
    span a = {s.p, (size_t)(colon - s.p)}, b = {colon + 1, s.n - a.n - 1};
    return (a.n == 0 || valid_event_code(a)) && valid_event_code(b);
  }
  if (s.n < 2 || s.n > 4) return 0;
  for (size_t i = 0; i < s.n; i++)
    if (!isdigit((unsigned char)s.p[i])) return 0;
  return 1;
}

static int do_verb(parley_lexicon *lex, pl_lex_src src, span *f, size_t nf) {
  if (nf < 2 || nf > 4) FAIL("a verb line is FORMS | CODE [| PATTERN [| NOTE]] (found %zu fields)", nf);
  /* forms are read one at a time: a verb may have any number of them (the built-ins write lines with more than
   * any fixed array would hold, and `dict convert` must read back what it wrote) */
  span rest = f[0], base = {NULL, 0};
  next_piece(&rest, ';', &base);
  if (!base.n) FAIL("verb without a base form");
  span code = f[1];
  if (!(code.n == 3 && !memcmp(code.p, "---", 3)) && !valid_event_code(code))
    FAIL("bad event code '%.*s' (2 to 4 digits, CODE:CODE for both directions, or --- to block)", (int)code.n, code.p);
  span pat = nf >= 3 ? f[2] : (span){NULL, 0};
  uint32_t v;
  int fresh = 0;
  if (!pl_lex_verb_find(lex, base.p, base.n, &v)) {
    uint32_t block;
    TRY(pl_lex_block_new(lex, &block));
    TRY(pl_lex_verb_new(lex, base.p, base.n, NULL, 0, block, &v));
    fresh = 1;
  }
  if (fresh) TRY(pl_lex_verb_form(lex, &src, v, base.p, base.n, 0, 0));
  span form;
  while (next_piece(&rest, ';', &form))
    if (form.n) TRY(pl_lex_verb_form(lex, &src, v, form.p, form.n, 0, -1));
  if (!pat.n) {
    const char *old = pl_lexicon_verb_code(lex, v);
    int none = code.n == 3 && !memcmp(code.p, "---", 3);
    if (old && (none || strlen(old) != code.n || memcmp(old, code.p, code.n)))
      pl_lex_diag(lex, &src, PARLEY_DIAG_WARNING, "verb '%.*s' already had code %s; now %.*s", (int)base.n,
                  base.p, old, (int)code.n, code.p);
    char *c = none ? NULL : pl_lex_strdup(lex, code.p, code.n);
    if (!none && !c) return PARLEY_ENOMEM;
    pl_lex_verb_set_code(lex, v, c);
    return PARLEY_OK;
  }
  if (pat.p[0] == '=') {
    span other = pl_span_trim(pat.p + 1, pat.n - 1);
    if (!other.n) FAIL("'=' must name another verb");
    TRY(pl_lex_verb_alias(lex, &src, v, other.p, other.n));
    /* the line's code is this verb's bare code */
    if (!(code.n == 3 && !memcmp(code.p, "---", 3))) {
      char *c = pl_lex_strdup(lex, code.p, code.n);
      if (!c) return PARLEY_ENOMEM;
      pl_lex_verb_set_code(lex, v, c);
    }
    return PARLEY_OK;
  }
  return pl_lex_pattern_add(lex, &src, pl_lex_verb_block(lex, v), code.p, code.n, pat.p, pat.n, pat.p, pat.n, 0);
}

static int do_synset(parley_lexicon *lex, pl_lex_src src, span *f, size_t nf) {
  if (nf != 2) FAIL("a synset line is &NAME | PHRASES (found %zu fields)", nf);
  if (f[0].n < 2 || f[0].p[0] != '&') FAIL("a synset name starts with & ('%.*s')", (int)f[0].n, f[0].p);
  for (size_t i = 1; i < f[0].n; i++)
    if (!isalnum((unsigned char)f[0].p[i]) && f[0].p[i] != '_') FAIL("bad synset name '%.*s'", (int)f[0].n, f[0].p);
  uint32_t id;
  int rc = pl_lex_synset_get(lex, f[0].p, f[0].n, &id);
  if (rc == PARLEY_EPARSE) FAIL("bad synset name '%.*s'", (int)f[0].n, f[0].p);
  TRY(rc);
  span ph[256];
  size_t np = split(f[1], ';', ph, 256);
  if (np > 256) FAIL("too many phrases (at most 256)");
  for (size_t i = 0; i < np; i++) {
    span s = ph[i];
    if (!s.n) continue;
    unsigned fl = name_flags(&s);
    TRY(pl_lex_synset_phrase(lex, &src, id, s.p, s.n, fl));
  }
  return PARLEY_OK;
}

static int do_discard(parley_lexicon *lex, pl_lex_src src, span *f, size_t nf) {
  unsigned fl = 0;
  if (nf == 2) {
    if (!span_eq(f[1], "story")) FAIL("a discard line is PHRASE [| story]");
    fl |= PL_PH_STORY;
  } else if (nf != 1) {
    FAIL("a discard line is PHRASE [| story]");
  }
  span s = f[0];
  fl |= name_flags(&s);
  return pl_lex_discard(lex, &src, s.p, s.n, fl);
}

static int do_issue(parley_lexicon *lex, pl_lex_src src, span *f, size_t nf) {
  if (nf != 2) FAIL("an issue line is PHRASES | CODE (found %zu fields)", nf);
  span ph[256];
  size_t np = split(f[0], ';', ph, 256);
  if (np > 256) FAIL("too many phrases (at most 256)");
  for (size_t i = 0; i < np; i++) {
    span s = ph[i];
    if (!s.n) continue;
    unsigned fl = name_flags(&s);
    TRY(pl_lex_issue(lex, &src, s.p, s.n, f[1].p, f[1].n, fl));
  }
  return PARLEY_OK;
}

static int do_code(parley_lexicon *lex, pl_lex_src src, span *f, size_t nf) {
  if (nf < 4 || nf > 6) FAIL("a code line is CODE | NAME | GOLDSTEIN | QUADCLASS [| PLOVER_EVENT [| PLOVER_MODE]]");
  char code[16], name[256], g[32], q[8], pe[64] = "", pm[64] = "";
  if (f[0].n >= sizeof code || f[1].n >= sizeof name || f[2].n >= sizeof g || f[3].n >= sizeof q ||
      (nf > 4 && f[4].n >= sizeof pe) || (nf > 5 && f[5].n >= sizeof pm))
    FAIL("field too long");
  memcpy(code, f[0].p, f[0].n);
  code[f[0].n] = 0;
  memcpy(name, f[1].p, f[1].n);
  name[f[1].n] = 0;
  memcpy(g, f[2].p, f[2].n);
  g[f[2].n] = 0;
  memcpy(q, f[3].p, f[3].n);
  q[f[3].n] = 0;
  if (nf > 4) {
    memcpy(pe, f[4].p, f[4].n);
    pe[f[4].n] = 0;
  }
  if (nf > 5) {
    memcpy(pm, f[5].p, f[5].n);
    pm[f[5].n] = 0;
  }
  char *end;
  double gold = strtod(g, &end);
  if (!f[2].n || *end) FAIL("Goldstein value '%s' is not a number", g);
  long quad = strtol(q, &end, 10);
  if (!f[3].n || *end || quad < 1 || quad > 4) FAIL("QuadClass '%s' must be 1, 2, 3 or 4", q);
  return pl_lex_code(lex, &src, code, name, gold, (int)quad, pe, pm);
}

int pl_dict_read_parley(parley_lexicon *lex, const char *name, const char *buf, size_t len) {
  int mode = pl_lex_codes_mode(lex);
  section sec = SEC_NONE;
  unsigned long lineno = 0;
  size_t pos = 0;
  while (pos < len) {
    const char *line = buf + pos;
    const char *nl = memchr(line, '\n', len - pos);
    size_t ll = nl ? (size_t)(nl - line) : len - pos;
    pos += ll + (nl ? 1 : 0);
    lineno++;
    /* a UTF-8 byte order mark on the first line is not content */
    if (lineno == 1 && ll >= 3 && !memcmp(line, "\xEF\xBB\xBF", 3)) line += 3, ll -= 3;
    const char *hash = memchr(line, '#', ll);
    span s = pl_span_trim(line, hash ? (size_t)(hash - line) : ll);
    if (!s.n) continue;
    pl_lex_src src = {name, lineno};
    if (s.p[0] == '[' && s.p[s.n - 1] == ']') {
      span nm = pl_span_trim(s.p + 1, s.n - 2);
      sec = span_eq(nm, "actors") ? SEC_ACTORS : span_eq(nm, "agents") ? SEC_AGENTS
            : span_eq(nm, "verbs") ? SEC_VERBS : span_eq(nm, "synsets") ? SEC_SYNSETS
            : span_eq(nm, "discards") ? SEC_DISCARDS : span_eq(nm, "issues") ? SEC_ISSUES
            : span_eq(nm, "codes") ? SEC_CODES : SEC_UNKNOWN;
      if (sec == SEC_UNKNOWN && mode != 1)
        pl_lex_diag(lex, &src, PARLEY_DIAG_ERROR,
                    "unknown section [%.*s] (known: actors, agents, verbs, synsets, discards, issues, codes); its "
                    "lines are skipped",
                    (int)nm.n, nm.p);
      continue;
    }
    if (mode == 1 && sec != SEC_CODES) continue;
    if (mode == 2 && sec == SEC_CODES) continue;
    pl_lex_count_line(lex);
    span f[8];
    size_t nf = split(s, '|', f, 7);
    if (nf > 7) {
      pl_lex_diag(lex, &src, PARLEY_DIAG_ERROR, "too many '|' fields");
      continue;
    }
    int rc = PARLEY_OK;
    switch (sec) {
    case SEC_NONE:
      pl_lex_diag(lex, &src, PARLEY_DIAG_ERROR, "entry before any [section] line");
      break;
    case SEC_UNKNOWN: break;
    case SEC_ACTORS: rc = do_actor(lex, src, f, nf); break;
    case SEC_AGENTS: rc = do_agent(lex, src, f, nf); break;
    case SEC_VERBS: rc = do_verb(lex, src, f, nf); break;
    case SEC_SYNSETS: rc = do_synset(lex, src, f, nf); break;
    case SEC_DISCARDS: rc = do_discard(lex, src, f, nf); break;
    case SEC_ISSUES: rc = do_issue(lex, src, f, nf); break;
    case SEC_CODES: rc = do_code(lex, src, f, nf); break;
    }
    if (rc == PARLEY_ENOMEM) return rc;
  }
  return PARLEY_OK;
}
