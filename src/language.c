/* language.c: the language detector of parley/language.h. Script first (a Cyrillic text is not French, whatever
 * its words), then the share of function words: they are a large, stable part of any news text, so a few hundred
 * words decide, and names of people and places (which are what an English text quotes from other languages) are
 * never function words. The word lists are data/languages.tsv, embedded by data/CMakeLists.txt. */
#include <parley/errors.h>
#include <parley/language.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

extern const unsigned char pl_languages_builtin[];
extern const size_t pl_languages_builtin_len;

#define MAX_LANGS 32     /* a word's languages are a 32-bit mask */
#define SAMPLE 16384     /* bytes read: enough words to decide, and a long article costs no more than a short one */
#define MIN_LETTERS 20   /* below this, too little text to say anything */
#define MIN_WORDS 5
#define MIN_HITS 5       /* one or two shared short words ("com", "de") in a contact box are no evidence */
#define MIN_SHARE 0.12   /* news text in a listed language has 25-45% function words; another language has few */
#define MAX_WORD 64

typedef struct lang {
  char code[8];
  UScriptCode script;
  int has_words;
} lang;

typedef struct slot {
  const char *w; /* into the embedded data, which lives as long as the program */
  uint32_t len;
  uint32_t mask;
} slot;

struct parley_langid {
  lang langs[MAX_LANGS];
  size_t n;
  slot *tab;
  size_t cap; /* power of two */
};

static uint32_t hash(const char *s, size_t n) {
  uint32_t h = 2166136261u;
  for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 16777619u;
  return h;
}

static slot *find(const parley_langid *l, const char *w, size_t n) {
  for (size_t i = hash(w, n) & (l->cap - 1);; i = (i + 1) & (l->cap - 1)) {
    slot *s = &l->tab[i];
    if (!s->w || (s->len == n && !memcmp(s->w, w, n))) return s;
  }
}

static int find_lang(parley_langid *l, const char *code, size_t clen, const char *script, size_t slen) {
  for (size_t i = 0; i < l->n; i++)
    if (strlen(l->langs[i].code) == clen && !memcmp(l->langs[i].code, code, clen)) return (int)i;
  char name[16];
  if (l->n == MAX_LANGS || clen == 0 || clen >= sizeof l->langs[0].code || slen == 0 || slen >= sizeof name) return -1;
  memcpy(name, script, slen);
  name[slen] = '\0';
  int sc = u_getPropertyValueEnum(UCHAR_SCRIPT, name);
  if (sc == UCHAR_INVALID_CODE) return -1;
  lang *g = &l->langs[l->n];
  memcpy(g->code, code, clen);
  g->code[clen] = '\0';
  g->script = (UScriptCode)sc;
  return (int)l->n++;
}

static int parse(parley_langid *l, const char *d, size_t n) {
  size_t words = 0;
  for (size_t i = 0; i < n; i++) words += d[i] == ' ' || d[i] == '\t';
  l->cap = 64;
  while (l->cap < words * 2) l->cap *= 2;
  if (!(l->tab = calloc(l->cap, sizeof *l->tab))) return PARLEY_ENOMEM;
  for (size_t p = 0; p < n;) {
    size_t e = p;
    while (e < n && d[e] != '\n') e++;
    const char *line = d + p, *end = d + e;
    p = e + 1;
    if (line == end || *line == '#') continue;
    const char *t1 = memchr(line, '\t', (size_t)(end - line));
    const char *t2 = t1 ? memchr(t1 + 1, '\t', (size_t)(end - t1 - 1)) : NULL;
    const char *script_end = t2 ? t2 : end;
    if (!t1) return PARLEY_EPARSE;
    int li = find_lang(l, line, (size_t)(t1 - line), t1 + 1, (size_t)(script_end - t1 - 1));
    if (li < 0) return PARLEY_EPARSE;
    for (const char *w = t2 ? t2 + 1 : end; w < end;) {
      const char *we = w;
      while (we < end && *we != ' ') we++;
      if (we > w) {
        slot *s = find(l, w, (size_t)(we - w));
        s->w = w;
        s->len = (uint32_t)(we - w);
        s->mask |= 1u << li;
        l->langs[li].has_words = 1;
      }
      w = we + 1;
    }
  }
  return l->n ? PARLEY_OK : PARLEY_EPARSE;
}

int parley_langid_new(parley_langid **out) {
  *out = NULL;
  parley_langid *l = calloc(1, sizeof *l);
  if (!l) return PARLEY_ENOMEM;
  int rc = parse(l, (const char *)pl_languages_builtin, pl_languages_builtin_len);
  if (rc != PARLEY_OK) {
    parley_langid_free(l);
    return rc;
  }
  *out = l;
  return PARLEY_OK;
}

void parley_langid_free(parley_langid *l) {
  if (!l) return;
  free(l->tab);
  free(l);
}

/* The per-text tallies: letters by script decide the script, words by script and function-word hits by language
 * decide among that script's languages. */
typedef struct tally {
  unsigned long letters[USCRIPT_CODE_LIMIT];
  unsigned long words[USCRIPT_CODE_LIMIT];
  unsigned long hits[MAX_LANGS];
} tally;

static void end_word(const parley_langid *l, tally *t, const char *w, size_t n, UScriptCode sc) {
  if (!n) return;
  t->words[sc]++;
  if (n > MAX_WORD) return;
  const slot *s = find(l, w, n);
  if (!s->w) return;
  for (size_t i = 0; i < l->n; i++)
    if ((s->mask >> i & 1u) && l->langs[i].script == sc) t->hits[i]++;
}

/* Characters that join a word to the next into an address or compound: "a@b", "b.com", "a/b", "a_b", "a-b". */
static int joins(UChar32 c) { return c == '@' || c == '/' || c == '_' || c == '-' || c == '.'; }

/* Han and kana words are single characters: those languages do not separate words by spaces. */
static int one_char_words(UScriptCode sc) { return sc == USCRIPT_HAN || sc == USCRIPT_HIRAGANA; }

const char *parley_langid_detect(const parley_langid *l, const char *text, size_t len) {
  if (!l || !text) return NULL;
  tally *t = calloc(1, sizeof *t);
  if (!t) return NULL;
  int32_t n = (int32_t)(len < SAMPLE ? len : SAMPLE), i = 0;
  char w[MAX_WORD + 8];
  size_t wn = 0, wlen = 0; /* bytes kept in w; the word's full length */
  UScriptCode wsc = USCRIPT_COMMON;
  UChar32 before = ' '; /* the character before the current word */
  while (i < n) {
    UChar32 c;
    U8_NEXT(text, i, n, c);
    int mark = c >= 0 && (U_GET_GC_MASK(c) & U_GC_M_MASK) != 0;
    if (c < 0 || !(u_isalpha(c) || mark)) {
      /* pieces of addresses and compounds ("info@site.com", "E-mail") are not the words of a sentence: "com"
       * and "e" would read as Portuguese */
      int piece = joins(before) || (c == '.' ? i < n && u_isalpha((unsigned char)text[i]) : joins(c));
      if (!piece) end_word(l, t, w, wlen > wn ? MAX_WORD + 1 : wn, wsc);
      wn = wlen = 0;
      before = c;
      continue;
    }
    if (mark) { /* vowel signs and diacritics belong to the word they sit in */
      if (!wlen) continue;
    } else {
      UErrorCode err = U_ZERO_ERROR;
      UScriptCode sc = uscript_getScript(c, &err);
      if (U_FAILURE(err) || sc < 0 || sc >= USCRIPT_CODE_LIMIT) sc = USCRIPT_COMMON;
      if (sc == USCRIPT_KATAKANA) sc = USCRIPT_HIRAGANA;
      t->letters[sc]++;
      if (wlen && (sc != wsc || one_char_words(sc))) {
        end_word(l, t, w, wlen > wn ? MAX_WORD + 1 : wn, wsc);
        wn = wlen = 0;
      }
      wsc = sc;
      c = u_tolower(c);
    }
    char buf[4];
    int32_t k = 0;
    U8_APPEND_UNSAFE(buf, k, c);
    if (wn + (size_t)k <= MAX_WORD) {
      memcpy(w + wn, buf, (size_t)k);
      wn += (size_t)k;
    }
    wlen += (size_t)k;
  }
  if (!joins(before)) end_word(l, t, w, wlen > wn ? MAX_WORD + 1 : wn, wsc);

  unsigned long total = 0;
  UScriptCode top = USCRIPT_COMMON;
  for (int s = 0; s < USCRIPT_CODE_LIMIT; s++) {
    total += t->letters[s];
    if (t->letters[s] > t->letters[top]) top = (UScriptCode)s;
  }
  /* Japanese writes most content words in kanji: a Han text with a good share of kana is Japanese */
  if (top == USCRIPT_HAN && t->letters[USCRIPT_HIRAGANA] * 4 >= t->letters[USCRIPT_HAN]) top = USCRIPT_HIRAGANA;
  const char *found = NULL;
  if (total >= MIN_LETTERS && top != USCRIPT_COMMON) {
    const char *cand = NULL;
    double best = 0;
    unsigned long best_hits = 0;
    for (size_t k = 0; k < l->n && !found; k++) {
      if (l->langs[k].script != top) continue;
      if (!l->langs[k].has_words) found = l->langs[k].code; /* the script names the language */
      double share = t->words[top] >= MIN_WORDS ? (double)t->hits[k] / (double)t->words[top] : 0;
      if (share > best) {
        best = share;
        best_hits = t->hits[k];
        cand = l->langs[k].code;
      }
    }
    if (!found && cand && best >= MIN_SHARE && best_hits >= MIN_HITS) found = cand;
    /* a text in another script is certainly not English; a Latin one without enough function words may be */
    else if (!found && top != USCRIPT_LATIN) found = "und";
  }
  free(t);
  return found;
}

int parley_language_is(const char *tag, const char *code) {
  if (!tag || !code) return 0;
  size_t n = strlen(code);
  for (size_t i = 0; i < n; i++) {
    char c = tag[i];
    if (c >= 'A' && c <= 'Z') c = (char)(c - 'A' + 'a');
    if (c != code[i]) return 0;
  }
  return tag[n] == '\0' || tag[n] == '-' || tag[n] == '_';
}
