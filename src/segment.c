/* segment.c: sentences (ICU break iterator over UTF-8 in place, plus an abbreviation repair pass) and tokens
 * (a hand-written scanner: ASCII by table, everything else by ICU character properties; folds by ICU NFKC
 * case folding, ASCII folds by a lower-casing copy). See segment.h. */
#include "segment.h"
#include "util/utf8.h"
#include <parley/errors.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utext.h>

/* ---- character classes ---- */

enum { C_SPACE, C_LETTER, C_DIGIT, C_MARK, C_IGNORE, C_APOS, C_PUNCT, C_SYMBOL, C_OTHER };

enum { S_ = C_SPACE, L_ = C_LETTER, D_ = C_DIGIT, A_ = C_APOS, P_ = C_PUNCT, Y_ = C_SYMBOL };
static const unsigned char ascii_cls[128] = {
    S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_,
    S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_,
    S_, P_, P_, P_, Y_, P_, P_, A_, P_, P_, P_, Y_, P_, P_, P_, P_,
    D_, D_, D_, D_, D_, D_, D_, D_, D_, D_, P_, P_, Y_, Y_, Y_, P_,
    P_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_,
    L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, P_, P_, P_, Y_, P_,
    Y_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_,
    L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, P_, Y_, P_, Y_, S_,
};

static int cls_of(uint32_t c) {
  if (c < 0x80) return ascii_cls[c];
  if (c == 0x2019 || c == 0x2018 || c == 0x02BC) return C_APOS;
  switch (u_charType((UChar32)c)) {
  case U_UPPERCASE_LETTER: case U_LOWERCASE_LETTER: case U_TITLECASE_LETTER: case U_MODIFIER_LETTER:
  case U_OTHER_LETTER:
    return C_LETTER;
  case U_NON_SPACING_MARK: case U_ENCLOSING_MARK: case U_COMBINING_SPACING_MARK:
    return C_MARK;
  case U_DECIMAL_DIGIT_NUMBER: case U_LETTER_NUMBER: case U_OTHER_NUMBER:
    return C_DIGIT;
  case U_SPACE_SEPARATOR: case U_LINE_SEPARATOR: case U_PARAGRAPH_SEPARATOR: case U_CONTROL_CHAR:
    return C_SPACE;
  case U_FORMAT_CHAR:
    return c == 0xFEFF ? C_SPACE : C_IGNORE;
  case U_DASH_PUNCTUATION: case U_START_PUNCTUATION: case U_END_PUNCTUATION: case U_CONNECTOR_PUNCTUATION:
  case U_OTHER_PUNCTUATION: case U_INITIAL_PUNCTUATION: case U_FINAL_PUNCTUATION:
    return C_PUNCT;
  case U_MATH_SYMBOL: case U_CURRENCY_SYMBOL: case U_MODIFIER_SYMBOL: case U_OTHER_SYMBOL:
    return C_SYMBOL;
  default:
    return C_OTHER;
  }
}

static int is_wordish(int cls) { return cls == C_LETTER || cls == C_DIGIT || cls == C_MARK || cls == C_IGNORE; }

static uint32_t peek(const char *t, size_t e, size_t i, size_t *next) {
  if (i >= e) {
    *next = e;
    return 0;
  }
  *next = i;
  return pl_utf8_next(t, e, next);
}

/* ---- folding ---- */

/* ASCII folds are carved from *pool, which the caller sized for the whole span (a fold is never longer than its
 * token, plus its NUL); other folds come from the arena. */
static const char *fold(const char *s, size_t n, pl_arena *a, size_t *out_len, char **pool) {
  size_t i = 0;
  while (i < n && (unsigned char)s[i] < 0x80) i++;
  if (i == n) { /* ASCII: lower-case copy */
    char *f = *pool;
    for (size_t k = 0; k < n; k++) f[k] = (s[k] >= 'A' && s[k] <= 'Z') ? (char)(s[k] | 0x20) : s[k];
    f[n] = '\0';
    *pool += n + 1;
    *out_len = n;
    return f;
  }
  UChar stack_src[128], stack_dst[256];
  UChar *src = stack_src, *dst = stack_dst;
  size_t cap_src = 128, cap_dst = 256;
  if (n >= cap_src) { /* n bytes never need more than n UTF-16 units */
    cap_src = n + 1;
    cap_dst = 4 * n + 16;
    src = pl_arena_alloc(a, cap_src * sizeof *src);
    dst = pl_arena_alloc(a, cap_dst * sizeof *dst);
    if (!src || !dst) return NULL;
  }
  size_t len = 0;
  for (i = 0; i < n;) {
    uint32_t c = pl_utf8_next(s, n, &i);
    if (c == 0x2019 || c == 0x2018 || c == 0x02BC) c = '\'';
    if (c < 0x10000) {
      src[len++] = (UChar)c;
    } else {
      src[len++] = (UChar)(0xD7C0 + (c >> 10));
      src[len++] = (UChar)(0xDC00 | (c & 0x3FF));
    }
  }
  UErrorCode st = U_ZERO_ERROR;
  const UNormalizer2 *nf = unorm2_getNFKCCasefoldInstance(&st);
  int32_t dlen = U_SUCCESS(st) ? unorm2_normalize(nf, src, (int32_t)len, dst, (int32_t)cap_dst, &st) : 0;
  if (U_FAILURE(st)) { /* cannot happen with these capacities; keep the text rather than fail the article */
    dst = src;
    dlen = (int32_t)len;
    st = U_ZERO_ERROR;
  }
  size_t cap = (size_t)dlen * 3 + 1;
  char *f = pl_arena_alloc(a, cap);
  if (!f) return NULL;
  int32_t flen = 0;
  u_strToUTF8(f, (int32_t)cap, &flen, dst, dlen, &st);
  if (U_FAILURE(st)) flen = 0;
  f[flen] = '\0';
  *out_len = (size_t)flen;
  return f;
}

/* ---- tokens ---- */

void pl_tokvec_dispose(pl_tokvec *tv) {
  free(tv->v);
  tv->v = NULL;
  tv->n = tv->cap = 0;
}

static parley_token *push_token(pl_tokvec *tv) {
  if (tv->n == tv->cap) {
    size_t cap = tv->cap ? tv->cap * 2 : 1024;
    parley_token *v = realloc(tv->v, cap * sizeof *v);
    if (!v) return NULL;
    tv->v = v;
    tv->cap = cap;
  }
  return &tv->v[tv->n++];
}

static int emit(const char *t, size_t s, size_t e, int cls, int quote_role, pl_tokstate *st, pl_arena *a,
                pl_tokvec *out, char **pool) {
  parley_token *tok = push_token(out);
  if (!tok) return PARLEY_ENOMEM;
  tok->start = s;
  tok->end = e;
  tok->fold = fold(t + s, e - s, a, &tok->fold_len, pool);
  if (!tok->fold) return PARLEY_ENOMEM;
  if (tok->fold_len == 0) { /* folds to nothing (format and control characters): invisible, not a token */
    out->n--;
    return PARLEY_OK;
  }
  tok->cls = (uint8_t)(cls == C_LETTER ? PARLEY_TOKEN_WORD
                       : cls == C_DIGIT ? PARLEY_TOKEN_NUMBER
                       : cls == C_SYMBOL ? PARLEY_TOKEN_SYMBOL
                       : cls == C_OTHER ? PARLEY_TOKEN_OTHER
                                        : PARLEY_TOKEN_PUNCT);
  uint8_t flags = 0;
  /* quote_role: 1 opens, 2 closes, 3 toggles */
  if (quote_role == 3) quote_role = st->in_quote ? 2 : 1;
  if (quote_role == 1) st->in_quote = 1;
  if (st->in_quote) flags |= PARLEY_TOKEN_IN_QUOTE;
  if (quote_role == 2) st->in_quote = 0;
  if (cls == C_PUNCT && e - s == 1 && (t[s] == '(' || t[s] == '[')) st->paren++;
  if (st->paren > 0) flags |= PARLEY_TOKEN_IN_PAREN;
  if (cls == C_PUNCT && e - s == 1 && (t[s] == ')' || t[s] == ']') && st->paren > 0) st->paren--;
  size_t k = s;
  uint32_t c0 = pl_utf8_next(t, e, &k);
  if (c0 < 0x80 ? (c0 >= 'A' && c0 <= 'Z') : (u_isupper((UChar32)c0) || u_istitle((UChar32)c0)))
    flags |= PARLEY_TOKEN_CAPITAL;
  tok->flags = flags;
  return PARLEY_OK;
}

/* Does the word t[s, e) (which contains a '.') read as an initialism: one or two letters between dots? */
static int initialism(const char *t, size_t s, size_t e) {
  size_t run = 0;
  for (size_t i = s; i < e; i++) {
    if (t[i] == '.') {
      if (run == 0 || run > 2) return 0;
      run = 0;
    } else if (((t[i] | 0x20) >= 'a' && (t[i] | 0x20) <= 'z')) {
      run++;
    } else {
      return 0;
    }
  }
  return run >= 1 && run <= 2;
}

int pl_tokenize(const char *t, size_t start, size_t end, pl_tokstate *st, pl_arena *a, pl_tokvec *out) {
  size_t i = start;
  char *pool = pl_arena_alloc(a, 2 * (end - start) + 1); /* every token has a byte: folds + NULs <= 2 bytes each */
  if (!pool) return PARLEY_ENOMEM;
  while (i < end) {
    size_t s = i, ni;
    uint32_t c = peek(t, end, i, &ni);
    int cls = cls_of(c);
    if (cls == C_SPACE || cls == C_IGNORE) {
      i = ni;
      continue;
    }
    if (cls == C_LETTER || cls == C_DIGIT || cls == C_MARK) {
      int letters = 0, dots = 0, prev = cls;
      size_t clitic = 0, negation = 0, negation_end = 0;
      i = s;
      while (i < end) {
        unsigned char b = (unsigned char)t[i];
        if (b < 0x80 && ascii_cls[b] == C_LETTER) { /* the common case, without decoding */
          letters = 1;
          prev = C_LETTER;
          i++;
          continue;
        }
        if (b < 0x80 && ascii_cls[b] == C_DIGIT) {
          prev = C_DIGIT;
          i++;
          continue;
        }
        size_t n1;
        uint32_t ch = peek(t, end, i, &n1);
        int k = cls_of(ch);
        if (is_wordish(k)) {
          letters |= k == C_LETTER;
          prev = k == C_IGNORE ? prev : k;
          i = n1;
          continue;
        }
        size_t n2, n3;
        uint32_t c2 = peek(t, end, n1, &n2);
        int k2 = n1 < end ? cls_of(c2) : C_SPACE;
        if (k == C_APOS && k2 == C_LETTER && prev == C_LETTER) {
          uint32_t c3 = peek(t, end, n2, &n3);
          if ((c2 == 's' || c2 == 'S') && (n2 >= end || !is_wordish(cls_of(c3)))) {
            clitic = i; /* "Iran's": the possessive is a token of its own */
            break;
          }
          /* "didn't", "won't": the negation is a token of its own, "n't", as treebanks and PETRARCH's
           * dictionaries write it ("DID N'T") */
          if ((c2 == 't' || c2 == 'T') && i > s + 1 && (t[i - 1] == 'n' || t[i - 1] == 'N') &&
              (n2 >= end || !is_wordish(cls_of(c3)))) {
            negation = i - 1;
            negation_end = n2;
            i = i - 1;
            break;
          }
          i = n2;
          prev = C_LETTER;
          continue;
        }
        if (ch == '.' && k2 == C_LETTER && prev == C_LETTER) {
          dots++;
          i = n1;
          continue;
        }
        if ((ch == '.' || ch == ',' || ch == ':') && k2 == C_DIGIT && prev == C_DIGIT) {
          i = n1;
          continue;
        }
        break;
      }
      if (dots && i < end && t[i] == '.' && initialism(t, s, i)) i++; /* "U.S." keeps its last dot */
      int rc = emit(t, s, i, letters ? C_LETTER : C_DIGIT, 0, st, a, out, &pool);
      if (rc) return rc;
      if (clitic) {
        size_t n1;
        peek(t, end, clitic, &n1);
        i = n1 + 1;
        rc = emit(t, clitic, i, C_LETTER, 0, st, a, out, &pool);
        if (rc) return rc;
      }
      if (negation) {
        i = negation_end;
        rc = emit(t, negation, i, C_LETTER, 0, st, a, out, &pool);
        if (rc) return rc;
      }
      continue;
    }
    /* punctuation, symbols, other: one character each, but '' and `` are one quotation mark */
    int role = 0;
    i = ni;
    if ((c == '\'' || c == '`') && i < end && (uint32_t)t[i] == c) {
      i++;
      role = c == '`' ? 1 : 3;
    } else if (c == '"') {
      role = 3;
    } else if (c == 0x201C || c == 0x201E || c == 0xAB) {
      role = 1;
    } else if (c == 0x201D || c == 0xBB) {
      role = 2;
    }
    int rc = emit(t, s, i, cls == C_APOS ? C_PUNCT : cls, role, st, a, out, &pool);
    if (rc) return rc;
  }
  return PARLEY_OK;
}

int pl_tokenize_phrase(const char *s, size_t len, pl_arena *a, parley_token **toks, size_t *n) {
  *toks = NULL;
  *n = 0;
  pl_tokvec tv = {NULL, 0, 0};
  pl_tokstate st = {0, 0};
  int rc = pl_tokenize(s, 0, len, &st, a, &tv);
  if (rc == PARLEY_OK) {
    *toks = pl_arena_alloc(a, (tv.n ? tv.n : 1) * sizeof **toks);
    if (!*toks) {
      rc = PARLEY_ENOMEM;
    } else {
      if (tv.n) memcpy(*toks, tv.v, tv.n * sizeof **toks);
      /* quote and bracket state belong to running text, not to a phrase */
      for (size_t i = 0; i < tv.n; i++) (*toks)[i].flags &= PARLEY_TOKEN_CAPITAL;
      *n = tv.n;
    }
  }
  pl_tokvec_dispose(&tv);
  return rc;
}

/* ---- sentences ---- */

struct pl_segmenter {
  UBreakIterator *bi;
  UText ut;
};

int pl_segmenter_new(pl_segmenter **out) {
  *out = NULL;
  pl_segmenter *sg = calloc(1, sizeof *sg);
  if (!sg) return PARLEY_ENOMEM;
  UText init = UTEXT_INITIALIZER;
  sg->ut = init;
  UErrorCode st = U_ZERO_ERROR;
  sg->bi = ubrk_open(UBRK_SENTENCE, "en", NULL, 0, &st);
  if (U_FAILURE(st)) {
    free(sg);
    return PARLEY_ERROR;
  }
  *out = sg;
  return PARLEY_OK;
}

void pl_segmenter_free(pl_segmenter *sg) {
  if (!sg) return;
  ubrk_close(sg->bi);
  utext_close(&sg->ut);
  free(sg);
}

static int word_in(const char *w, size_t n, const char *const *list) {
  char low[16];
  if (n == 0 || n >= sizeof low) return 0;
  for (size_t i = 0; i < n; i++) low[i] = (char)((w[i] >= 'A' && w[i] <= 'Z') ? (w[i] | 0x20) : w[i]);
  low[n] = '\0';
  for (; *list; list++)
    if ((*list)[0] == low[0] && !strcmp(low, *list)) return 1;
  return 0;
}

/* Always followed by more of the same sentence: titles and ranks before a name. */
static const char *const titles[] = {"mr", "mrs", "ms", "dr", "gen", "col", "lt", "sgt", "capt", "cmdr", "adm",
                                     "maj", "rep", "reps", "sen", "sens", "gov", "prof", "st", "rev", "fr", "hon",
                                     "pres", "amb", "brig", "cpl", "pvt", "supt", "insp", "det", "messrs", "mt",
                                     "ft", "gens", "rt", "lt.col", "vs", "v", NULL};
/* Followed by a number or lower-case word when the sentence goes on: "Jan. 2016", "No. 5", "Corp. said". */
static const char *const abbrevs[] = {"jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
                                      "dec", "no", "nos", "vol", "art", "para", "fig", "approx", "ca", "cf", "inc",
                                      "corp", "co", "ltd", "bros", "dept", "univ", "govt", "est", "al", "etc", NULL};
/* Words that begin sentences: after "U.S." or "a.m." a capitalised word from this list starts a new one. */
static const char *const starters[] = {
    "the", "a", "an", "he", "she", "it", "they", "we", "i", "you", "this", "that", "these", "those", "there",
    "his", "her", "its", "their", "our", "but", "and", "or", "so", "yet", "in", "on", "at", "for", "from", "by",
    "with", "after", "before", "during", "meanwhile", "however", "earlier", "later", "also", "both", "some", "many",
    "most", "if", "when", "while", "as", "according", "last", "next", "such", "no", "not", "what", "why", "how",
    "who", "one", "two", "several", "all", "each", "other", "another", "since", "until", "despite", "although",
    "though", "officials", "tehran", "moscow", NULL};

/* Should the split ICU proposes at p[b] (0 < b < n) be vetoed because the text before it ends in an
 * abbreviation rather than a sentence? */
static int veto(const char *p, size_t n, size_t b) {
  size_t k = b;
  while (k > 0 && (p[k - 1] == ' ' || p[k - 1] == '\t' || (unsigned char)p[k - 1] >= 0x80)) {
    size_t st;
    uint32_t c = pl_utf8_prev(p, k, &st);
    if (!pl_is_space(c)) break;
    k = st;
  }
  if (k < 2 || p[k - 1] != '.') return 0;
  size_t we = k - 1, ws = we;
  while (ws > 0 && (((p[ws - 1] | 0x20) >= 'a' && (p[ws - 1] | 0x20) <= 'z') || p[ws - 1] == '.')) ws--;
  if (ws == we) return 0;
  if (ws > 0 && !(p[ws - 1] == ' ' || p[ws - 1] == '(' || p[ws - 1] == '"' || (unsigned char)p[ws - 1] >= 0x80))
    return 0;
  /* what follows */
  size_t q = b;
  while (q < n) {
    size_t nq = q;
    uint32_t c = pl_utf8_next(p, n, &nq);
    if (!pl_is_space(c)) break;
    q = nq;
  }
  if (q >= n) return 0;
  size_t qn = q;
  uint32_t c = pl_utf8_next(p, n, &qn);
  int lower_or_digit = (c >= '0' && c <= '9') || (c < 0x80 ? (c >= 'a' && c <= 'z') : u_islower((UChar32)c) != 0);
  if (we - ws <= 6 && word_in(p + ws, we - ws, titles)) return 1;
  if (we - ws <= 6 && word_in(p + ws, we - ws, abbrevs)) return lower_or_digit;
  /* an initial ("W.") or an initialism with inner dots ("U.S.", "a.m."); not a short word such as "it." */
  int initial = we - ws == 1 && p[ws] >= 'A' && p[ws] <= 'Z';
  if (!initial && !(memchr(p + ws, '.', we - ws) && initialism(p, ws, we))) return 0;
  if (lower_or_digit || c == '(') return 1;
  size_t nw = q;
  while (nw < n && ((p[nw] | 0x20) >= 'a' && (p[nw] | 0x20) <= 'z')) nw++;
  return !(nw > q && word_in(p + q, nw - q, starters));
}

int pl_segment(pl_segmenter *sg, const char *text, size_t start, size_t end, pl_sentence_fn fn, void *payload) {
  const char *p = text + start;
  size_t n = end - start;
  UErrorCode st = U_ZERO_ERROR;
  UText *ut = utext_openUTF8(&sg->ut, p, (int64_t)n, &st);
  ubrk_setUText(sg->bi, ut, &st);
  if (U_FAILURE(st)) return PARLEY_ERROR;
  size_t prev = 0;
  for (int32_t b = ubrk_next(sg->bi); b != UBRK_DONE; b = ubrk_next(sg->bi)) {
    size_t ub = (size_t)b;
    if (ub < n && veto(p, n, ub)) continue;
    size_t s = prev, e = ub;
    while (s < e) {
      size_t ns = s;
      uint32_t c = pl_utf8_next(p, e, &ns);
      if (!pl_is_space(c)) break;
      s = ns;
    }
    while (e > s) {
      size_t ps;
      uint32_t c = pl_utf8_prev(p, e, &ps);
      if (!pl_is_space(c)) break;
      e = ps;
    }
    prev = ub;
    /* a "sentence" of kilobytes is a table or a list without punctuation: later stages get it in bounded pieces,
     * cut at white space */
    int was_cut = 0;
    while (e - s > PL_MAX_SENTENCE) {
      /* at the last space: a cut inside a long token would make pieces of words out of it */
      size_t cut = s + PL_MAX_SENTENCE;
      while (cut > s && p[cut] != ' ') cut--;
      if (p[cut] != ' ') {
        cut = s + PL_MAX_SENTENCE;
        while (cut > s && ((unsigned char)p[cut] & 0xC0) == 0x80) cut--; /* not inside a character */
      }
      size_t ce = cut;
      while (ce > s && p[ce - 1] == ' ') ce--;
      was_cut = 1;
      int rc = ce > s ? fn(start + s, start + ce, 1, payload) : PARLEY_OK;
      if (rc) return rc;
      s = cut;
      while (s < e && p[s] == ' ') s++;
    }
    if (e > s) {
      int rc = fn(start + s, start + e, was_cut, payload);
      if (rc) return rc;
    }
  }
  return PARLEY_OK;
}
