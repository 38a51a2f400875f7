/* syntax/words.c: parley's tokens of one sentence as UD syntactic words. parley's tokenizer already cuts what
 * UD cuts most often ("Iran's", "didn't", hyphens); this adds the rest of EWT's conventions and keeps every
 * word's byte offsets: contractions cut inside a token, and an abbreviation's period joined back to it. */
#include <string.h>
#include "words.h"

/* Tokens the treebank writes as two words, and where the first ends. */
static const struct { const char *fold; size_t cut; } split_words[] = {
    {"cannot", 3}, {"gonna", 3}, {"wanna", 3}, {"gotta", 3}, {"gimme", 3}, {"lemme", 3},
};

/* Clitics the treebank cuts off a pronoun or noun ("we're", "I've", "she'll", "he'd", "I'm"). */
static const char *const clitics[] = {"'re", "'ve", "'ll", "'d", "'m"};

/* Abbreviations whose period belongs to the word ("Mr.", "Jan."), when the tokenizer left it apart. */
static const char *const abbreviations[] = {
    "mr", "mrs", "ms", "dr", "prof", "st", "gen", "col", "lt", "maj", "capt", "sgt", "sen", "rep", "gov", "pres",
    "inc", "co", "corp", "ltd", "jr", "sr", "vs", "no", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec", "mt", "ft", "est", "approx", "dept", "univ",
};

static int in_list(const char *fold, const char *const *list, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (!strcmp(fold, list[i])) return 1;
  return 0;
}

static int ends_with(const char *s, size_t n, const char *suf) {
  size_t k = strlen(suf);
  return n > k && !memcmp(s + n - k, suf, k);
}

/* The byte in text where the clitic starts: the last apostrophe (' or ’) of the token. */
static size_t clitic_start(const char *text, size_t start, size_t end) {
  for (size_t i = end; i > start; i--) {
    if (text[i - 1] == '\'') return i - 1;
    if (i - 1 >= start + 2 && !memcmp(text + i - 3, "\xE2\x80\x99", 3)) return i - 3;
  }
  return end;
}

static int push(pl_syn_word *w, int *n, const char *text, size_t s, size_t e, size_t token, pl_arena *a) {
  pl_syn_word *x = &w[++*n];
  memset(x, 0, sizeof *x);
  x->form = pl_arena_strndup(a, text + s, e - s);
  x->start = s;
  x->end = e;
  x->token = token;
  x->tag = x->head = x->label = -1;
  return x->form ? 0 : -1;
}

int pl_syn_words_from_tokens(const char *text, const parley_token *toks, size_t n_tok, size_t first, pl_arena *a,
                             pl_syn_sent *out) {
  pl_syn_word *w = pl_arena_alloc(a, (2 * n_tok + 1) * sizeof *w); /* every token gives at most two words */
  if (!w) return -1;
  memset(&w[0], 0, sizeof w[0]);
  w[0].form = "<root>";
  w[0].hform = pl_syn_hash_bytes("<root>", 6);
  int n = 0;
  for (size_t i = 0; i < n_tok; i++) {
    const parley_token *t = &toks[i];
    size_t tok = first + i, cut = 0;
    for (size_t k = 0; k < sizeof split_words / sizeof split_words[0]; k++)
      if (!strcmp(t->fold, split_words[k].fold) && t->end - t->start == t->fold_len) cut = t->start + split_words[k].cut;
    for (size_t k = 0; !cut && k < sizeof clitics / sizeof clitics[0]; k++)
      if (ends_with(t->fold, t->fold_len, clitics[k])) {
        size_t c = clitic_start(text, t->start, t->end);
        if (c > t->start && c < t->end) cut = c;
      }
    if (cut) {
      if (push(w, &n, text, t->start, cut, tok, a) || push(w, &n, text, cut, t->end, tok, a)) return -1;
      continue;
    }
    /* "Mr" "." -> "Mr.": the period touches the word and is not the sentence's last token */
    if (i + 2 < n_tok && toks[i + 1].end == toks[i + 1].start + 1 && text[toks[i + 1].start] == '.' &&
        toks[i + 1].start == t->end && in_list(t->fold, abbreviations, sizeof abbreviations / sizeof abbreviations[0])) {
      if (push(w, &n, text, t->start, t->end + 1, tok, a)) return -1;
      i++;
      continue;
    }
    if (push(w, &n, text, t->start, t->end, tok, a)) return -1;
  }
  for (int k = 1; k <= n; k++) pl_syn_word_prepare(&w[k]);
  out->w = w;
  out->n = n;
  out->sent_id = out->text = NULL;
  out->line = 0;
  return 0;
}
