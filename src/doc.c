/* doc.c: parley_doc (doc.h): runs clean, segment and tokenise over one article at a time, reusing its memory.
 * Per-article memory comes from one arena reset per article; token and sentence arrays keep their capacity
 * unless an unusually large article grew them. */
#include "clean.h"
#include "segment.h"
#include "util/arena.h"
#include <parley/doc.h>
#include <parley/errors.h>
#include <stdlib.h>
#include <string.h>

#define KEEP_TOKENS (256u * 1024)   /* arrays larger than this are released after the article that needed them */
#define KEEP_SENTENCES (16u * 1024)

struct parley_doc {
  pl_arena arena;
  pl_segmenter *sg;
  pl_linefreq *lf;
  pl_tokvec toks;
  parley_sentence *sents;
  size_t ns, scap;
  const parley_article *a;
  const char *place, *outlet;
  pl_tokstate qs;
  unsigned flags;     /* PARLEY_DOC_* */
  int bare;           /* the text had no story-shaped line: keep short unpunctuated sentences */
  uint64_t *seen;     /* hashes of this article's sentences (arena), open addressing */
  size_t seen_cap, seen_n;
  unsigned limits;    /* PARLEY_LIMIT_* the article hit */
};

int parley_doc_new(parley_doc **out) {
  *out = NULL;
  parley_doc *d = calloc(1, sizeof *d);
  if (!d) return PARLEY_ENOMEM;
  pl_arena_init(&d->arena, 256 * 1024);
  int rc = pl_segmenter_new(&d->sg);
  if (rc == PARLEY_OK) rc = pl_linefreq_new(&d->lf);
  if (rc != PARLEY_OK) {
    parley_doc_free(d);
    return rc;
  }
  *out = d;
  return PARLEY_OK;
}

void parley_doc_free(parley_doc *d) {
  if (!d) return;
  pl_segmenter_free(d->sg);
  pl_linefreq_free(d->lf);
  pl_tokvec_dispose(&d->toks);
  free(d->sents);
  pl_arena_dispose(&d->arena);
  free(d);
}

/* Records sentence hash h; returns 1 when the article had it already, -1 on OOM. */
static int seen_before(parley_doc *d, uint64_t h) {
  if (d->seen_n * 2 >= d->seen_cap) {
    size_t cap = d->seen_cap ? d->seen_cap * 2 : 256;
    uint64_t *t = pl_arena_calloc(&d->arena, cap, sizeof *t);
    if (!t) return -1;
    for (size_t i = 0; i < d->seen_cap; i++) {
      if (!d->seen[i]) continue;
      size_t k = (size_t)d->seen[i] & (cap - 1);
      while (t[k]) k = (k + 1) & (cap - 1);
      t[k] = d->seen[i];
    }
    d->seen = t;
    d->seen_cap = cap;
  }
  size_t k = (size_t)h & (d->seen_cap - 1);
  while (d->seen[k]) {
    if (d->seen[k] == h) return 1;
    k = (k + 1) & (d->seen_cap - 1);
  }
  d->seen[k] = h;
  d->seen_n++;
  return 0;
}

static int on_sentence(size_t s, size_t e, int cut, void *payload) {
  parley_doc *d = payload;
  const char *t = d->a->text;
  if (cut) d->limits |= PARLEY_LIMIT_SENTENCE_BYTES;
  if (d->ns >= PARLEY_MAX_ARTICLE_SENTENCES) {
    d->limits |= PARLEY_LIMIT_ARTICLE_SENTENCES;
    return PARLEY_OK;
  }
  /* repeated within the article (scrapers duplicate paragraphs), or, when asked, the outlet's boilerplate: drop
   * before spending time on its tokens */
  int seen = seen_before(d, pl_clean_hash(t + s, e - s));
  if (seen < 0) return PARLEY_ENOMEM;
  if (seen) return PARLEY_OK;
  if ((d->flags & PARLEY_DOC_OUTLET_MEMORY) && pl_linefreq_boilerplate(d->lf, t + s, e - s)) return PARLEY_OK;
  size_t first = d->toks.n;
  /* a bracket left open ends with its sentence: carried on, it marked every later sentence of the paragraph as
   * a bracketed aside, and short ones were dropped as credits (quotations do run on: they span sentences) */
  d->qs.paren = 0;
  int rc = pl_tokenize(t, s, e, &d->qs, &d->arena, &d->toks);
  if (rc) return rc;
  if (d->toks.n - first > PARLEY_MAX_SENTENCE_TOKENS) {
    d->limits |= PARLEY_LIMIT_SENTENCE_TOKENS;
    d->toks.n = first + PARLEY_MAX_SENTENCE_TOKENS;
    e = d->toks.v[d->toks.n - 1].end;
  }
  size_t words = 0, numbers = 0, quoted = 0, paren = 0;
  int lower = 0, terminal = 0;
  for (size_t i = first; i < d->toks.n; i++) {
    const parley_token *k = &d->toks.v[i];
    if (k->cls == PARLEY_TOKEN_WORD || k->cls == PARLEY_TOKEN_NUMBER) {
      words += k->cls == PARLEY_TOKEN_WORD;
      numbers += k->cls == PARLEY_TOKEN_NUMBER;
      quoted += (k->flags & PARLEY_TOKEN_IN_QUOTE) != 0;
      paren += (k->flags & PARLEY_TOKEN_IN_PAREN) != 0;
      for (size_t b = k->start; b < k->end && !lower; b++) lower = (t[b] >= 'a' && t[b] <= 'z') || (t[b] & 0x80);
    }
  }
  for (size_t i = d->toks.n; i-- > first;) { /* the last mark, closing quotes and brackets aside */
    const char *f = d->toks.v[i].fold;
    if (d->toks.v[i].cls == PARLEY_TOKEN_PUNCT && strchr("\"')]", f[0]) && f[1] == '\0') continue;
    if (!strcmp(f, "\xE2\x80\x9D") || !strcmp(f, "''") || !strcmp(f, "\xC2\xBB")) continue;
    size_t fl = d->toks.v[i].fold_len;
    terminal = (fl && f[fl - 1] == '.') /* also "p.m."; control characters fold to nothing */ || !strcmp(f, "!") || !strcmp(f, "?") || !strcmp(f, "\xE2\x80\xA6");
    break;
  }
  /* nothing to code, or debris glued to a paragraph: list numbers ("3."), editors' initials ("MH/PA"), a bracketed
   * credit ("(Source: Reuters)"), a label or heading without a full stop ("Source: Associated Press") */
  /* the pieces of a cut sentence are no debris: dropping them lost the text silently */
  if (words == 0 || (!d->bare && !cut &&
                     ((!lower && words <= 4) || (paren == words + numbers && words <= 8) || (!terminal && words <= 6)))) {
    d->toks.n = first;
    return PARLEY_OK;
  }
  if (d->ns == d->scap) {
    size_t cap = d->scap ? d->scap * 2 : 256;
    parley_sentence *v = realloc(d->sents, cap * sizeof *v);
    if (!v) return PARLEY_ENOMEM;
    d->sents = v;
    d->scap = cap;
  }
  parley_sentence *sn = &d->sents[d->ns++];
  sn->start = s;
  sn->end = e;
  sn->first_token = first;
  sn->n_tokens = d->toks.n - first;
  sn->flags = quoted == words + numbers ? PARLEY_TOKEN_IN_QUOTE : 0;
  return PARLEY_OK;
}

/* Outlet self-promotion among the last sentences, which line rules cannot see when a scraper glued it to the
 * story's last paragraph ("... MH/PA All Content by ... is licensed under ..."). Sentences repeated within the
 * article or across the outlet's articles were dropped as they came (on_sentence). Survivors and their tokens
 * are compacted in place. */
static void drop_promo_sentences(parley_doc *d) {
  const char *t = d->a->text;
  size_t out = d->ns > 3 ? d->ns - 3 : 0, tout = out < d->ns ? d->sents[out].first_token : d->toks.n;
  for (size_t i = out; i < d->ns; i++) {
    parley_sentence s = d->sents[i];
    if (pl_promo_score(t + s.start, s.end - s.start) >= 2) continue;
    if (tout != s.first_token)
      memmove(&d->toks.v[tout], &d->toks.v[s.first_token], s.n_tokens * sizeof *d->toks.v);
    s.first_token = tout;
    tout += s.n_tokens;
    d->sents[out++] = s;
  }
  d->ns = out;
  d->toks.n = tout;
}

int parley_doc_process(parley_doc *d, const parley_article *a) {
  if (!d || !a || !a->text) return PARLEY_EINVAL;
  pl_arena_reset(&d->arena);
  if (d->toks.cap > KEEP_TOKENS) pl_tokvec_dispose(&d->toks);
  if (d->scap > KEEP_SENTENCES) {
    free(d->sents);
    d->sents = NULL;
    d->scap = 0;
  }
  d->toks.n = 0;
  d->ns = 0;
  d->a = a;
  d->limits = 0;
  d->place = d->outlet = NULL;
  pl_clean_result cr;
  int rc = pl_clean(a, &d->arena, &cr);
  if (rc) goto done;
  d->place = cr.place;
  d->bare = cr.bare;
  d->outlet = cr.outlet;
  d->seen = NULL;
  d->seen_cap = d->seen_n = 0;
  if (d->flags & PARLEY_DOC_OUTLET_MEMORY) pl_linefreq_begin(d->lf, a->source);
  for (size_t i = 0; i < cr.n_paras; i++) {
    /* quotations and brackets do not run on across paragraphs: an unclosed one ends with its paragraph */
    d->qs.in_quote = 0;
    d->qs.paren = 0;
    rc = pl_segment(d->sg, a->text, cr.paras[i].start, cr.paras[i].end, on_sentence, d);
    if (rc) goto done;
  }
  drop_promo_sentences(d);
done:
  if (rc) {
    d->ns = 0;
    d->toks.n = 0;
  }
  return rc;
}

unsigned parley_doc_limits(const parley_doc *d) { return d ? d->limits : 0; }

const parley_sentence *parley_doc_sentences(const parley_doc *d, size_t *n) {
  *n = d ? d->ns : 0;
  return d ? d->sents : NULL;
}

const parley_token *parley_doc_tokens(const parley_doc *d, size_t *n) {
  *n = d ? d->toks.n : 0;
  return d ? d->toks.v : NULL;
}

const parley_article *parley_doc_article(const parley_doc *d) { return d ? d->a : NULL; }
void parley_doc_set_flags(parley_doc *d, unsigned flags) {
  if (d) d->flags = flags;
}
const char *parley_doc_dateline_place(const parley_doc *d) { return d ? d->place : NULL; }
const char *parley_doc_dateline_outlet(const parley_doc *d) { return d ? d->outlet : NULL; }
