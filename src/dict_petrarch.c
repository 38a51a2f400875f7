/* dict_petrarch.c: readers for the dictionary formats of TABARI and PETRARCH, loaded as they are: the CAMEO verb
 * dictionary (synsets, `--- NAME [code] ---` blocks, verb lines, patterns), actor files with dated codes, agents
 * with `~` codes, plurals and `!SUBST!` markers, discards and issues. Every line that cannot be used gets a
 * diagnostic with file:line and reason, and reading goes on.
 *
 * Conventions kept from TABARI/PETRARCH: `_` joins words; an actor or discard phrase not ending in `_` matches
 * as a prefix of its last word; YYMMDD dates with YY <= 30 are 20YY; date limits are inclusive; `#`, `;` and
 * `<!-- -->` start comments. An actor record without any code shares the codes of the next record (CountryInfo
 * lists a person's spellings as several records followed by one set of dates). */
#include "lexicon.h"
#include <ctype.h>
#include <stdio.h>
#include <string.h>

typedef pl_span span;

static int ci_contains(const char *hay, const char *needle) {
  size_t n = strlen(needle);
  for (; *hay; hay++) {
    size_t i = 0;
    while (i < n && hay[i] && tolower((unsigned char)hay[i]) == needle[i]) i++;
    if (i == n) return 1;
  }
  return 0;
}

/* ---- line reader with PETRARCH comments ---- */

typedef struct reader {
  const char *buf;
  size_t len, pos;
  unsigned long line;
  int in_xml_comment;
  int cut_semicolon;
} reader;

/* Next line with comments removed; raw_first tells whether it started with white space (TABARI date lines). Returns
 * 0 at the end. Empty lines are returned as empty spans (callers skip them or use them as separators). */
static int next_line(reader *r, span *out, int *indented) {
  while (r->pos < r->len) {
    const char *line = r->buf + r->pos;
    const char *nl = memchr(line, '\n', r->len - r->pos);
    size_t ll = nl ? (size_t)(nl - line) : r->len - r->pos;
    r->pos += ll + (nl ? 1 : 0);
    r->line++;
    if (r->line == 1 && ll >= 3 && !memcmp(line, "\xEF\xBB\xBF", 3)) line += 3, ll -= 3;
    /* XML comments, possibly over several lines; text before <!-- and after --> is kept */
    span s = {line, ll};
    if (r->in_xml_comment) {
      const char *e = NULL;
      for (size_t i = 0; i + 2 < ll; i++)
        if (!memcmp(line + i, "-->", 3)) {
          e = line + i + 3;
          break;
        }
      if (!e) continue;
      r->in_xml_comment = 0;
      s.p = e;
      s.n = (size_t)(line + ll - e);
    }
    for (size_t i = 0; i + 3 < s.n; i++) {
      if (memcmp(s.p + i, "<!--", 4)) continue;
      const char *e = NULL;
      for (size_t j = i + 4; j + 2 < s.n; j++)
        if (!memcmp(s.p + j, "-->", 3)) {
          e = s.p + j + 3;
          break;
        }
      if (!e) {
        r->in_xml_comment = 1;
        s.n = i;
      } else {
        /* only text before the comment is kept: PETRARCH allows one comment a line */
        (void)e;
        s.n = i;
      }
      break;
    }
    const char *hash = memchr(s.p, '#', s.n);
    if (hash) s.n = (size_t)(hash - s.p);
    if (r->cut_semicolon) {
      const char *semi = memchr(s.p, ';', s.n);
      if (semi) s.n = (size_t)(semi - s.p);
    }
    *indented = s.n && (s.p[0] == ' ' || s.p[0] == '\t');
    *out = pl_span_trim(s.p, s.n);
    return 1;
  }
  return 0;
}

/* ---- dates and codes ---- */

static int32_t petr_date(span s) {
  if (s.n == 6) {
    for (size_t i = 0; i < 6; i++)
      if (!isdigit((unsigned char)s.p[i])) return 0;
    char full[9];
    int yy = (s.p[0] - '0') * 10 + (s.p[1] - '0');
    memcpy(full, yy <= 30 ? "20" : "19", 2);
    memcpy(full + 2, s.p, 6);
    return pl_lex_parse_date(full, 8);
  }
  if (s.n == 8) return pl_lex_parse_date(s.p, 8);
  return 0;
}

/* "[CODE]", "[CODE >D]", "[CODE <D]", "[CODE D1-D2]" (brackets removed). */
static int parse_restriction(parley_lexicon *lex, const pl_lex_src *src, span in, uint32_t actor) {
  span s = pl_span_trim(in.p, in.n);
  size_t i = 0;
  while (i < s.n && !isspace((unsigned char)s.p[i])) i++;
  span code = {s.p, i};
  span rest = pl_span_trim(s.p + i, s.n - i);
  int32_t from = 0, to = 0;
  if (!code.n) {
    pl_lex_diag(lex, src, PARLEY_DIAG_ERROR, "empty code []");
    return PARLEY_EPARSE;
  }
  if (rest.n) {
    if (rest.p[0] == '>' || rest.p[0] == '<') {
      int32_t d = petr_date(pl_span_trim(rest.p + 1, rest.n - 1));
      if (!d) {
        pl_lex_diag(lex, src, PARLEY_DIAG_ERROR, "bad date '%.*s' (YYMMDD or YYYYMMDD)", (int)rest.n, rest.p);
        return PARLEY_EPARSE;
      }
      if (rest.p[0] == '>') from = d;
      else to = d;
    } else {
      const char *dash = memchr(rest.p, '-', rest.n);
      if (!dash) {
        pl_lex_diag(lex, src, PARLEY_DIAG_ERROR, "bad date restriction '%.*s'", (int)rest.n, rest.p);
        return PARLEY_EPARSE;
      }
      span a = pl_span_trim(rest.p, (size_t)(dash - rest.p)), b = pl_span_trim(dash + 1, (size_t)(rest.p + rest.n - dash - 1));
      from = petr_date(a);
      to = petr_date(b);
      if (!from || !to) {
        pl_lex_diag(lex, src, PARLEY_DIAG_ERROR, "bad date range '%.*s' (YYMMDD or YYYYMMDD)", (int)rest.n, rest.p);
        return PARLEY_EPARSE;
      }
    }
  }
  return pl_lex_actor_code(lex, src, actor, code.p, code.n, from, to, NULL, 0);
}

/* "DMITRY_MEDVEDEV" -> "Dmitry Medvedev" for display. */
static void display_name(span s, char *out, size_t cap) {
  size_t n = s.n < cap - 1 ? s.n : cap - 1;
  int start = 1;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s.p[i];
    if (c == '_') c = ' ';
    out[i] = (char)(c < 0x80 ? (start ? toupper(c) : tolower(c)) : c);
    start = c == ' ' || c == '-' || c == '.' || c == '(' || c == '/';
  }
  while (n && out[n - 1] == ' ') n--;
  out[n] = 0;
}

/* ---- actors ---- */

static int read_actors(parley_lexicon *lex, const char *name, const char *buf, size_t len) {
  reader r = {buf, len, 0, 0, 0, 1};
  span s;
  int indented;
  int have = 0;
  uint32_t cur = 0;
  unsigned long cur_line = 0;
  uint32_t pending[256];
  unsigned long pending_line[256];
  size_t npending = 0;
#define ADOPT_PENDING()                                                                                            \
  do {                                                                                                             \
    if (npending) pl_lex_actor_take_name(lex, cur, pending[0]); /* the record that came first names the person */\
    for (size_t k_ = 0; k_ < npending; k_++) pl_lex_actor_merge_names(lex, pending[k_], cur);                     \
    npending = 0;                                                                                                  \
  } while (0)
  while (next_line(&r, &s, &indented)) {
    if (!s.n) continue;
    pl_lex_count_line(lex);
    pl_lex_src src = {name, r.line};
    if (s.p[0] == '[') {
      if (!have) {
        pl_lex_diag(lex, &src, PARLEY_DIAG_ERROR, "date restriction before any actor");
        continue;
      }
      const char *close = memchr(s.p, ']', s.n);
      if (!close) {
        pl_lex_diag(lex, &src, PARLEY_DIAG_ERROR, "missing ']'");
        continue;
      }
      int rc = parse_restriction(lex, &src, (span){s.p + 1, (size_t)(close - s.p - 1)}, cur);
      if (rc == PARLEY_ENOMEM) return rc;
      if (!rc) ADOPT_PENDING();
      continue;
    }
    int synonym = s.p[0] == '+';
    span body = synonym ? pl_span_trim(s.p + 1, s.n - 1) : s;
    const char *br = memchr(body.p, '[', body.n);
    span phrase = pl_span_trim(body.p, br ? (size_t)(br - body.p) : body.n);
    if (!phrase.n) {
      pl_lex_diag(lex, &src, PARLEY_DIAG_ERROR, "no actor name");
      continue;
    }
    if (synonym && !have) {
      pl_lex_diag(lex, &src, PARLEY_DIAG_ERROR, "synonym '+' before any actor");
      continue;
    }
    if (!synonym) {
      if (have && pl_lex_actor_n_codes(lex, cur) == 0) {
        if (npending == sizeof pending / sizeof *pending) {
          pl_lex_src ps = {name, pending_line[0]};
          pl_lex_diag(lex, &ps, PARLEY_DIAG_ERROR, "actor has no code");
          pl_lex_actor_drop(lex, pending[0]);
          memmove(pending, pending + 1, (npending - 1) * sizeof *pending);
          memmove(pending_line, pending_line + 1, (npending - 1) * sizeof *pending_line);
          npending--;
        }
        pending_line[npending] = cur_line;
        pending[npending++] = cur;
      }
      char disp[256];
      display_name(phrase, disp, sizeof disp);
      int rc = pl_lex_actor_new(lex, disp, strlen(disp), &cur);
      if (rc) return rc;
      have = 1;
      cur_line = src.line;
    }
    int rc = pl_lex_actor_name(lex, &src, cur, phrase.p, phrase.n, PL_PH_UNDERSCORE | PL_PH_PREFIX);
    if (rc == PARLEY_ENOMEM) return rc;
    /* codes written on the name line: [CODE] or TABARI's in-line [CODE DATE-DATE] */
    while (br) {
      const char *end = body.p + body.n;
      const char *close = memchr(br, ']', (size_t)(end - br));
      if (!close) {
        pl_lex_diag(lex, &src, PARLEY_DIAG_ERROR, "missing ']'");
        break;
      }
      rc = parse_restriction(lex, &src, (span){br + 1, (size_t)(close - br - 1)}, cur);
      if (rc == PARLEY_ENOMEM) return rc;
      if (!rc) ADOPT_PENDING();
      br = memchr(close, '[', (size_t)(end - close));
    }
  }
  if (have && pl_lex_actor_n_codes(lex, cur) == 0 && npending < 256) {
    pending_line[npending] = cur_line;
    pending[npending++] = cur;
  }
  for (size_t k = 0; k < npending; k++) {
    pl_lex_src ps = {name, pending_line[k]};
    pl_lex_diag(lex, &ps, PARLEY_DIAG_WARNING, "actor '%s' has no code and none follows: its names are not used",
                pl_lexicon_actor_name(lex, pending[k]));
    pl_lex_actor_drop(lex, pending[k]);
  }
#undef ADOPT_PENDING
  return PARLEY_OK;
}

/* ---- agents ---- */

typedef struct subst {
  char name[32];
  char items[16][48];
  size_t n;
} subst;

static size_t regular_plural(const char *w, size_t n, char *out, size_t cap) {
  if (n < 2 || n + 3 >= cap) return 0;
  memcpy(out, w, n);
  char last = (char)toupper((unsigned char)w[n - 1]), prev = (char)toupper((unsigned char)w[n - 2]);
  if (last == 'Y' && !strchr("AEIOU", prev)) {
    memcpy(out + n - 1, "IES", 3);
    n += 2;
  } else if (last == 'S' || last == 'X' || last == 'Z' || (last == 'H' && (prev == 'C' || prev == 'S'))) {
    memcpy(out + n, "ES", 2);
    n += 2;
  } else {
    out[n++] = 'S';
  }
  out[n] = 0;
  return n;
}

static int agent_phrase(parley_lexicon *lex, const pl_lex_src *src, uint32_t agent, span phrase, int gen_plural,
                        const subst *subs, size_t nsubs) {
  /* expand the first !MARKER! */
  const char *b1 = memchr(phrase.p, '!', phrase.n);
  if (b1) {
    const char *b2 = memchr(b1 + 1, '!', (size_t)(phrase.p + phrase.n - b1 - 1));
    if (!b2) {
      pl_lex_diag(lex, src, PARLEY_DIAG_ERROR, "unclosed !MARKER!");
      return PARLEY_EPARSE;
    }
    size_t mn = (size_t)(b2 - b1 + 1);
    for (size_t k = 0; k < nsubs; k++) {
      if (strlen(subs[k].name) != mn || memcmp(subs[k].name, b1, mn)) continue;
      for (size_t j = 0; j < subs[k].n; j++) {
        char tmp[512];
        int w = snprintf(tmp, sizeof tmp, "%.*s%s%.*s", (int)(b1 - phrase.p), phrase.p, subs[k].items[j],
                         (int)(phrase.p + phrase.n - b2 - 1), b2 + 1);
        if (w < 0 || (size_t)w >= sizeof tmp) continue;
        int rc = agent_phrase(lex, src, agent, (span){tmp, (size_t)w}, 0, subs, nsubs);
        if (rc == PARLEY_ENOMEM) return rc;
      }
      return PARLEY_OK;
    }
    pl_lex_diag(lex, src, PARLEY_DIAG_ERROR, "undefined substitution marker %.*s", (int)mn, b1);
    return PARLEY_EPARSE;
  }
  int rc = pl_lex_agent_name(lex, src, agent, phrase.p, phrase.n, PL_PH_UNDERSCORE);
  if (rc || !gen_plural) return rc;
  span p = phrase;
  while (p.n && p.p[p.n - 1] == '_') p.n--;
  char pl[512];
  size_t n = regular_plural(p.p, p.n, pl, sizeof pl);
  if (n) rc = pl_lex_agent_name(lex, src, agent, pl, n, PL_PH_UNDERSCORE | PL_PH_GENERATED);
  return rc;
}

static int read_agents(parley_lexicon *lex, const char *name, const char *buf, size_t len) {
  reader r = {buf, len, 0, 0, 0, 1};
  span s;
  int indented;
  subst subs[16];
  size_t nsubs = 0;
  while (next_line(&r, &s, &indented)) {
    if (!s.n) continue;
    pl_lex_count_line(lex);
    pl_lex_src src = {name, r.line};
    if (s.p[0] == '!' && memchr(s.p, '=', s.n) && !memchr(s.p, '[', s.n)) {
      const char *eq = memchr(s.p, '=', s.n);
      span mk = pl_span_trim(s.p, eq ? (size_t)(eq - s.p) : 0);
      if (!eq || mk.n < 3 || mk.p[mk.n - 1] != '!' || mk.n >= sizeof subs[0].name || nsubs == 16) {
        pl_lex_diag(lex, &src, PARLEY_DIAG_ERROR, "bad substitution line (write !NAME! = A, B, C)");
        continue;
      }
      subst *sb = &subs[nsubs++];
      memcpy(sb->name, mk.p, mk.n);
      sb->name[mk.n] = 0;
      sb->n = 0;
      const char *p = eq + 1, *end = s.p + s.n;
      while (p < end && sb->n < 16) {
        const char *c = memchr(p, ',', (size_t)(end - p));
        span it = pl_span_trim(p, (size_t)((c ? c : end) - p));
        if (it.n && it.n < sizeof sb->items[0]) {
          memcpy(sb->items[sb->n], it.p, it.n);
          sb->items[sb->n++][it.n] = 0;
        }
        p = c ? c + 1 : end;
      }
      continue;
    }
    const char *ob = NULL;
    for (size_t i = s.n; i > 0; i--)
      if (s.p[i - 1] == '[') {
        ob = s.p + i - 1;
        break;
      }
    const char *cb = ob ? memchr(ob, ']', (size_t)(s.p + s.n - ob)) : NULL;
    if (!ob || !cb) {
      /* PETRARCH's own files close a few codes with '}' */
      if (ob) cb = memchr(ob, '}', (size_t)(s.p + s.n - ob));
      if (!ob || !cb) {
        pl_lex_diag(lex, &src, PARLEY_DIAG_ERROR, "agent line without [CODE]");
        continue;
      }
    }
    span code = pl_span_trim(ob + 1, (size_t)(cb - ob - 1));
    int first = 0;
    if (code.n && code.p[0] == '~') code.p++, code.n--;
    else if (code.n && code.p[code.n - 1] == '~') code.n--, first = 1;
    else {
      pl_lex_diag(lex, &src, PARLEY_DIAG_WARNING, "agent code '%.*s' without '~': taken as ~%.*s", (int)code.n,
                  code.p, (int)code.n, code.p);
    }
    span head = pl_span_trim(s.p, (size_t)(ob - s.p));
    const char *brace = memchr(head.p, '{', head.n);
    span phrase = pl_span_trim(head.p, brace ? (size_t)(brace - head.p) : head.n);
    if (!phrase.n) {
      pl_lex_diag(lex, &src, PARLEY_DIAG_ERROR, "agent without a name");
      continue;
    }
    char disp[256];
    display_name(phrase, disp, sizeof disp);
    uint32_t id;
    int rc = pl_lex_agent_new(lex, &src, disp, strlen(disp), code.p, code.n, first, NULL, 0, &id);
    if (rc == PARLEY_ENOMEM) return rc;
    if (rc) continue;
    rc = agent_phrase(lex, &src, id, phrase, brace == NULL, subs, nsubs);
    if (rc == PARLEY_ENOMEM) return rc;
    if (brace) {
      const char *close = memchr(brace, '}', (size_t)(head.p + head.n - brace));
      if (!close) {
        pl_lex_diag(lex, &src, PARLEY_DIAG_ERROR, "missing '}'");
        continue;
      }
      const char *p = brace + 1;
      while (p < close) {
        while (p < close && isspace((unsigned char)*p)) p++;
        const char *w = p;
        while (p < close && !isspace((unsigned char)*p)) p++;
        if (p > w) {
          rc = agent_phrase(lex, &src, id, (span){w, (size_t)(p - w)}, 0, subs, nsubs);
          if (rc == PARLEY_ENOMEM) return rc;
        }
      }
    }
  }
  return PARLEY_OK;
}

/* ---- discards ---- */

static int read_discards(parley_lexicon *lex, const char *name, const char *buf, size_t len) {
  reader r = {buf, len, 0, 0, 0, 1};
  span s;
  int indented;
  while (next_line(&r, &s, &indented)) {
    if (!s.n) continue;
    pl_lex_count_line(lex);
    pl_lex_src src = {name, r.line};
    unsigned fl = PL_PH_UNDERSCORE | PL_PH_PREFIX;
    if (s.p[0] == '+') {
      fl |= PL_PH_STORY;
      s = pl_span_trim(s.p + 1, s.n - 1);
    }
    int rc = pl_lex_discard(lex, &src, s.p, s.n, fl);
    if (rc == PARLEY_ENOMEM) return rc;
  }
  return PARLEY_OK;
}

/* ---- issues ---- */

/* Expands n:WORD (singular + plural), v:WORD (verb forms) and a+b (space and hyphen), then adds every form. */
static int issue_expand(parley_lexicon *lex, const pl_lex_src *src, const char *text, const char *code, size_t cn,
                        int depth) {
  if (depth > 8) return PARLEY_OK;
  const char *p = strstr(text, "n:");
  if (!p) p = strstr(text, "N:");
  const char *v = strstr(text, "v:");
  if (!v) v = strstr(text, "V:");
  const char *plus = strchr(text, '+');
  char out[512];
  if (plus) {
    size_t a = (size_t)(plus - text);
    if (strlen(text) >= sizeof out) return PARLEY_OK;
    memcpy(out, text, strlen(text) + 1);
    out[a] = ' ';
    int rc = issue_expand(lex, src, out, code, cn, depth + 1);
    if (rc == PARLEY_ENOMEM) return rc;
    out[a] = '-';
    return issue_expand(lex, src, out, code, cn, depth + 1);
  }
  if (p || v) {
    const char *m = p && (!v || p < v) ? p : v;
    int noun = m == p;
    const char *w = m + 2, *we = w;
    while (*we && *we != ' ') we++;
    size_t wl = (size_t)(we - w);
    char word[64];
    if (wl == 0 || wl >= sizeof word) return PARLEY_OK;
    memcpy(word, w, wl);
    word[wl] = 0;
    for (size_t i = 0; i < wl; i++) word[i] = (char)tolower((unsigned char)word[i]);
    char forms[13][64];
    size_t nf = 0;
    memcpy(forms[nf++], word, wl + 1);
    if (noun) {
      char pl[64];
      size_t n = regular_plural(word, wl, pl, sizeof pl);
      if (n) {
        for (size_t i = 0; i < n; i++) pl[i] = (char)tolower((unsigned char)pl[i]);
        memcpy(forms[nf++], pl, n + 1);
      }
    } else {
      nf += pl_lex_inflect(word, forms + 1, 12);
    }
    for (size_t i = 0; i < nf; i++) {
      int wr = snprintf(out, sizeof out, "%.*s%s%s", (int)(m - text), text, forms[i], we);
      if (wr < 0 || (size_t)wr >= sizeof out) continue;
      int rc = issue_expand(lex, src, out, code, cn, depth + 1);
      if (rc == PARLEY_ENOMEM) return rc;
    }
    return PARLEY_OK;
  }
  return pl_lex_issue(lex, src, text, strlen(text), code, cn, PL_PH_UNDERSCORE);
}

static int read_issues(parley_lexicon *lex, const char *name, const char *buf, size_t len) {
  reader r = {buf, len, 0, 0, 0, 0};
  span s;
  int indented;
  while (next_line(&r, &s, &indented)) {
    if (!s.n) continue;
    pl_lex_src src = {name, r.line};
    if (s.p[0] == '<') continue; /* <ISSUE CATEGORY="..."> ... </ISSUE> */
    pl_lex_count_line(lex);
    char text[512];
    const char *code;
    size_t cn;
    if (s.p[0] == '~') {
      int story = s.n > 1 && s.p[1] == '~';
      span t = pl_span_trim(s.p + 1 + story, s.n - 1 - (size_t)story);
      code = story ? "~~" : "~";
      cn = strlen(code);
      if (!t.n || t.n >= sizeof text) {
        pl_lex_diag(lex, &src, PARLEY_DIAG_ERROR, "bad exclusion line");
        continue;
      }
      memcpy(text, t.p, t.n);
      text[t.n] = 0;
    } else {
      const char *ob = memchr(s.p, '[', s.n);
      const char *cb = ob ? memchr(ob, ']', (size_t)(s.p + s.n - ob)) : NULL;
      if (!ob || !cb) {
        pl_lex_diag(lex, &src, PARLEY_DIAG_ERROR, "issue line without [CODE]");
        continue;
      }
      span t = pl_span_trim(s.p, (size_t)(ob - s.p));
      if (!t.n || t.n >= sizeof text) {
        pl_lex_diag(lex, &src, PARLEY_DIAG_ERROR, "issue line without a phrase");
        continue;
      }
      memcpy(text, t.p, t.n);
      text[t.n] = 0;
      code = ob + 1;
      cn = (size_t)(cb - ob - 1);
    }
    int rc = issue_expand(lex, &src, text, code, cn, 0);
    if (rc == PARLEY_ENOMEM) return rc;
  }
  return PARLEY_OK;
}

/* ---- verbs ---- */

/* Flattens PETRARCH pattern markup into parley pattern syntax: ( ) { } < > | become spaces. */
static size_t flatten_pattern(span s, char *out, size_t cap) {
  size_t n = 0;
  for (size_t i = 0; i < s.n && n + 2 < cap; i++) {
    char c = s.p[i];
    if (strchr("(){}<>|", c)) c = ' ';
    out[n++] = c;
  }
  out[n] = 0;
  return n;
}

/* The event code of "[042:043]", "[:173]", "[---]", kept whole: the part after ':' is the event coded from target
 * to source (the coder emits both). */
static span event_code(span in) { return pl_span_trim(in.p, in.n); }

static int synset_plural_phrase(parley_lexicon *lex, const pl_lex_src *src, uint32_t syn, span ph) {
  char pl[512];
  size_t n = regular_plural(ph.p, ph.n, pl, sizeof pl);
  return n ? pl_lex_synset_phrase(lex, src, syn, pl, n, PL_PH_UNDERSCORE | PL_PH_GENERATED) : PARLEY_OK;
}

static int read_verbs(parley_lexicon *lex, const char *name, const char *buf, size_t len) {
  reader r = {buf, len, 0, 0, 0, 1};
  span s;
  int indented;
  int have_block = 0, have_syn = 0, syn_noplural = 0;
  uint32_t block = 0, syn = 0;
  char block_code[16] = "---";
  while (next_line(&r, &s, &indented)) {
    if (!s.n) continue; /* blank and comment lines do not end a synset (PETRARCH skips them) */
    pl_lex_count_line(lex);
    pl_lex_src src = {name, r.line};
    int rc = PARLEY_OK;
    if (s.n >= 3 && !memcmp(s.p, "---", 3)) {
      const char *ob = memchr(s.p, '[', s.n);
      const char *cb = ob ? memchr(ob, ']', (size_t)(s.p + s.n - ob)) : NULL;
      span code = ob && cb ? event_code((span){ob + 1, (size_t)(cb - ob - 1)}) : (span){"---", 3};
      if (!code.n || code.n >= sizeof block_code) code = (span){"---", 3};
      memcpy(block_code, code.p, code.n);
      block_code[code.n] = 0;
      rc = pl_lex_block_new(lex, &block);
      if (rc) return rc;
      have_block = 1;
      have_syn = 0;
      continue;
    }
    if (s.p[0] == '&') {
      span nm = s;
      size_t k = 0;
      while (k < nm.n && !isspace((unsigned char)nm.p[k])) k++;
      nm.n = k;
      syn_noplural = nm.n > 1 && nm.p[nm.n - 1] == '_';
      rc = pl_lex_synset_get(lex, nm.p, nm.n, &syn);
      if (rc == PARLEY_ENOMEM) return rc;
      if (rc) {
        pl_lex_diag(lex, &src, PARLEY_DIAG_ERROR, "bad synset name '%.*s'", (int)nm.n, nm.p);
        have_syn = 0;
        continue;
      }
      have_syn = 1;
      continue;
    }
    if (s.p[0] == '+' && have_syn) {
      span ph = pl_span_trim(s.p + 1, s.n - 1);
      int noplural = syn_noplural || (ph.n && ph.p[ph.n - 1] == '_');
      rc = pl_lex_synset_phrase(lex, &src, syn, ph.p, ph.n, PL_PH_UNDERSCORE);
      if (!rc && !noplural) rc = synset_plural_phrase(lex, &src, syn, ph);
      if (rc == PARLEY_ENOMEM) return rc;
      continue;
    }
    have_syn = 0;
    if (s.p[0] == '~') {
      pl_lex_diag(lex, &src, PARLEY_DIAG_ERROR, "verb transformations ('~' lines) are not supported");
      continue;
    }
    if (!have_block) {
      pl_lex_diag(lex, &src, PARLEY_DIAG_ERROR, "verb or pattern before any '--- VERB [code] ---' block");
      continue;
    }
    /* the last [...] of the line is the code */
    const char *ob = NULL;
    for (size_t i = s.n; i > 0; i--)
      if (s.p[i - 1] == '[') {
        ob = s.p + i - 1;
        break;
      }
    const char *cb = ob ? memchr(ob, ']', (size_t)(s.p + s.n - ob)) : NULL;
    if (ob && !cb) {
      pl_lex_diag(lex, &src, PARLEY_DIAG_ERROR, "missing ']'");
      continue;
    }
    span code = ob ? event_code((span){ob + 1, (size_t)(cb - ob - 1)}) : (span){block_code, strlen(block_code)};
    span body = pl_span_trim(s.p, ob ? (size_t)(ob - s.p) : s.n);
    if (s.p[0] == '-') {
      if (!ob) {
        pl_lex_diag(lex, &src, PARLEY_DIAG_ERROR, "pattern without [code]");
        continue;
      }
      span pat = pl_span_trim(body.p + 1, body.n - 1);
      char flat[1024];
      if (pat.n >= sizeof flat) {
        pl_lex_diag(lex, &src, PARLEY_DIAG_ERROR, "pattern too long");
        continue;
      }
      size_t fl = flatten_pattern(pat, flat, sizeof flat);
      /* TABARI's `**` is the verb too */
      for (size_t i = 0; i + 1 < fl; i++)
        if (flat[i] == '*' && flat[i + 1] == '*') flat[i + 1] = ' ';
      rc = pl_lex_pattern_add(lex, &src, block, code.p, code.n, flat, fl, pat.p, pat.n, 0);
      if (rc == PARLEY_ENOMEM) return rc;
      continue;
    }
    /* a verb: WORD or multi_word with +marked verb, optional {FORMS} */
    const char *brace = memchr(body.p, '{', body.n);
    span head = pl_span_trim(body.p, brace ? (size_t)(brace - body.p) : body.n);
    if (!head.n || memchr(head.p, ' ', head.n) || memchr(head.p, '\t', head.n)) {
      pl_lex_diag(lex, &src, PARLEY_DIAG_ERROR, "a verb line is VERB [{FORMS}] [[code]] ('%.*s')",
                  (int)(head.n > 60 ? 60 : head.n), head.p);
      continue;
    }
    char base[256];
    size_t bn = 0;
    int inflect = 0, word = 0;
    for (size_t i = 0; i < head.n && bn + 1 < sizeof base; i++) {
      char c = head.p[i];
      if (c == '+') {
        inflect = word;
        continue;
      }
      if (c == '_') {
        word++;
        c = ' ';
      }
      base[bn++] = c;
    }
    base[bn] = 0;
    if (!bn) {
      pl_lex_diag(lex, &src, PARLEY_DIAG_ERROR, "verb without a name");
      continue;
    }
    uint32_t v;
    rc = pl_lex_verb_new(lex, base, bn, code.p, code.n, block, &v);
    if (rc) return rc;
    rc = pl_lex_verb_form(lex, &src, v, base, bn, 0, brace ? -1 : inflect);
    if (rc == PARLEY_ENOMEM) return rc;
    if (brace) {
      const char *close = memchr(brace, '}', (size_t)(body.p + body.n - brace));
      if (!close) {
        pl_lex_diag(lex, &src, PARLEY_DIAG_ERROR, "missing '}'");
        continue;
      }
      const char *p = brace + 1;
      while (p < close) {
        /* forms are separated by white space, and in a few entries by commas too */
        while (p < close && (isspace((unsigned char)*p) || *p == ',')) p++;
        const char *w = p;
        while (p < close && !isspace((unsigned char)*p) && *p != ',') p++;
        if (p == w) continue;
        char f[256];
        size_t fnl = 0;
        for (const char *q = w; q < p && fnl + 1 < sizeof f; q++)
          if (*q != '+') f[fnl++] = *q == '_' ? ' ' : *q;
        rc = pl_lex_verb_form(lex, &src, v, f, fnl, 0, -1);
        if (rc == PARLEY_ENOMEM) return rc;
      }
    }
  }
  return PARLEY_OK;
}

/* ---- dispatch ---- */

#define DISCARD_MAX_LINE 120 /* bytes: longer lines in a file of no known format are prose, not discards */

parley_dict_format pl_dict_detect(const char *name, const char *buf, size_t len) {
  /* parley's format: the first thing that is not a comment is a [section] line */
  size_t pos = 0;
  int first = 1, verbs = 0, agents = 0, issues = 0, codes = 0, seen = 0, prose = 0;
  while (pos < len && seen < 400) {
    const char *line = buf + pos;
    const char *nl = memchr(line, '\n', len - pos);
    size_t ll = nl ? (size_t)(nl - line) : len - pos;
    pos += ll + (nl ? 1 : 0);
    span s = pl_span_trim(line, ll);
    if (!s.n || s.p[0] == '#') continue;
    if (s.n >= 4 && !memcmp(s.p, "<!--", 4)) continue;
    seen++;
    if (first) {
      first = 0;
      if (s.p[0] == '[' && s.p[s.n - 1] == ']') {
        static const char *const secs[] = {"actors", "agents", "verbs", "synsets", "discards", "issues", "codes"};
        for (size_t i = 0; i < sizeof secs / sizeof *secs; i++)
          if (s.n - 2 == strlen(secs[i]) && !strncmp(s.p + 1, secs[i], s.n - 2)) return PARLEY_DICT_PARLEY;
      }
    }
    if (s.n >= 3 && !memcmp(s.p, "---", 3) && memchr(s.p, '[', s.n)) verbs++;
    if (s.n >= 6 && !memcmp(s.p, "<ISSUE", 6)) issues++;
    if ((s.n > 2 && (s.p[1] == ':' && (s.p[0] == 'n' || s.p[0] == 'v')))) issues++;
    for (size_t i = 0; i + 1 < s.n; i++)
      if ((s.p[i] == '[' && s.p[i + 1] == '~') || (s.p[i] == '~' && s.p[i + 1] == ']')) {
        agents++;
        break;
      }
    if (memchr(s.p, '[', s.n)) codes++;
    /* a discard is a short phrase: paragraphs, JSON and markup are an article given as a dictionary */
    if (s.n > DISCARD_MAX_LINE || s.p[0] == '{' || s.p[0] == '<') prose++;
  }
  if (name) {
    const char *base = strrchr(name, '/');
    base = base ? base + 1 : name;
    if (ci_contains(base, "verb") || ci_contains(base, "cameo")) return PARLEY_DICT_PETRARCH_VERBS;
    if (ci_contains(base, "agent")) return PARLEY_DICT_PETRARCH_AGENTS;
    if (ci_contains(base, "discard")) return PARLEY_DICT_PETRARCH_DISCARDS;
    if (ci_contains(base, "issue")) return PARLEY_DICT_PETRARCH_ISSUES;
    if (ci_contains(base, "actor")) return PARLEY_DICT_PETRARCH_ACTORS;
  }
  if (verbs) return PARLEY_DICT_PETRARCH_VERBS;
  if (issues) return PARLEY_DICT_PETRARCH_ISSUES;
  if (agents) return PARLEY_DICT_PETRARCH_AGENTS;
  if (codes) return PARLEY_DICT_PETRARCH_ACTORS;
  return prose ? PARLEY_DICT_AUTO : PARLEY_DICT_PETRARCH_DISCARDS;
}

int pl_dict_read_petrarch(parley_lexicon *lex, const char *name, const char *buf, size_t len,
                          parley_dict_format format) {
  switch (format) {
  case PARLEY_DICT_PETRARCH_VERBS: return read_verbs(lex, name, buf, len);
  case PARLEY_DICT_PETRARCH_ACTORS: return read_actors(lex, name, buf, len);
  case PARLEY_DICT_PETRARCH_AGENTS: return read_agents(lex, name, buf, len);
  case PARLEY_DICT_PETRARCH_DISCARDS: return read_discards(lex, name, buf, len);
  case PARLEY_DICT_PETRARCH_ISSUES: return read_issues(lex, name, buf, len);
  default: return pl_dict_read_parley(lex, name, buf, len);
  }
}
