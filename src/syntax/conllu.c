/* syntax/conllu.c: the CoNLL-U reader (training and gold files are outside input). Multiword-token lines and
 * empty nodes are skipped (the syntactic words are what a parser predicts); a malformed sentence is skipped with
 * one diagnostic naming the file, the line and the reason, and reading goes on. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "conllu.h"

#define MAX_WORDS 4096

typedef struct field {
  const char *p;
  size_t n;
} field;

static void report(const pl_conllu_options *o, unsigned long line, const char *msg) {
  if (!o->diag) return;
  parley_diag d = {PARLEY_DIAG_ERROR, PARLEY_EPARSE, o->file, line, 0, 0, msg};
  o->diag(&d, o->payload);
}

static int parse_uint(const char *p, size_t n, long *out) {
  if (n == 0 || n > 6) return -1;
  long v = 0;
  for (size_t i = 0; i < n; i++) {
    if (p[i] < '0' || p[i] > '9') return -1;
    v = v * 10 + (p[i] - '0');
  }
  *out = v;
  return 0;
}

typedef struct pending {
  field f[10];
  unsigned long line;
} pending;

/* Checks that every word reaches the root without a cycle (a file can claim any heads). */
static int is_tree(const pl_syn_sent *s) {
  for (int i = 1; i <= s->n; i++) {
    int h = i, steps = 0;
    while (h != 0 && steps <= s->n) {
      h = s->w[h].gold_head;
      steps++;
    }
    if (h != 0) return 0;
  }
  return 1;
}

static char *dup_field(pl_arena *a, field f) { return pl_arena_strndup(a, f.p, f.n); }

/* Builds one sentence from its pending word lines; returns 1 if kept, 0 if skipped, -1 on OOM. */
static int finish_sentence(const pl_conllu_options *o, pl_arena *a, pending *w, int nw, const char *sent_id,
                           const char *text, pl_syn_sent *out) {
  if (nw == 0) return 0;
  pl_syn_word *words = pl_arena_calloc(a, (size_t)nw + 1, sizeof *words);
  if (!words) return -1;
  char msg[160];
  for (int i = 0; i < nw; i++) {
    long id, head = -1;
    if (parse_uint(w[i].f[0].p, w[i].f[0].n, &id) || id != i + 1) {
      snprintf(msg, sizeof msg, "word ID %.*s out of sequence (expected %d); sentence skipped",
               (int)(w[i].f[0].n > 20 ? 20 : w[i].f[0].n), w[i].f[0].p, i + 1);
      report(o, w[i].line, msg);
      return 0;
    }
    if (o->need_tree && (parse_uint(w[i].f[6].p, w[i].f[6].n, &head) || head > nw)) {
      report(o, w[i].line, "HEAD is not a word of the sentence; sentence skipped");
      return 0;
    }
    pl_syn_word *x = &words[i + 1];
    if (!(x->form = dup_field(a, w[i].f[1])) || !(x->gold_lemma = dup_field(a, w[i].f[2])) ||
        !(x->gold_upos = dup_field(a, w[i].f[3])) || !(x->gold_xpos = dup_field(a, w[i].f[4])) ||
        !(x->gold_deprel = dup_field(a, w[i].f[7])))
      return -1;
    x->gold_head = (int)head;
    x->tag = x->head = x->label = x->gold_tag = x->gold_label = -1;
  }
  words[0].form = "<root>";
  words[0].gold_head = -1;
  out->w = words;
  out->n = nw;
  out->sent_id = sent_id;
  out->text = text;
  out->line = w[0].line;
  if (o->need_tree && !is_tree(out)) {
    report(o, w[0].line, "the heads form a cycle, not a tree; sentence skipped");
    return 0;
  }
  return 1;
}

int pl_conllu_read(const char *buf, size_t len, const pl_conllu_options *o, pl_arena *a, pl_syn_sent **out,
                   size_t *n_out) {
  size_t cap = 64, n = 0;
  pl_syn_sent *sents = malloc(cap * sizeof *sents);
  pending *w = malloc(MAX_WORDS * sizeof *w);
  if (!sents || !w) goto oom;
  int nw = 0, bad = 0;
  const char *sent_id = NULL, *text = NULL;
  unsigned long line = 0;
  size_t pos = 0;
  while (pos <= len) {
    const char *p = buf + pos;
    const char *nl = pos < len ? memchr(p, '\n', len - pos) : NULL;
    size_t ln = nl ? (size_t)(nl - p) : len - pos;
    pos += ln + 1;
    line++;
    if (ln && p[ln - 1] == '\r') ln--;
    if (ln == 0) { /* blank line: end of sentence */
      if (!bad && nw) {
        if (n == cap) {
          pl_syn_sent *ns = realloc(sents, (cap *= 2) * sizeof *ns);
          if (!ns) goto oom;
          sents = ns;
        }
        int r = finish_sentence(o, a, w, nw, sent_id, text, &sents[n]);
        if (r < 0) goto oom;
        n += (size_t)r;
      }
      nw = bad = 0;
      sent_id = text = NULL;
      continue;
    }
    if (p[0] == '#') {
      if (ln > 12 && !memcmp(p, "# sent_id = ", 12)) sent_id = pl_arena_strndup(a, p + 12, ln - 12);
      else if (ln > 9 && !memcmp(p, "# text = ", 9)) text = pl_arena_strndup(a, p + 9, ln - 9);
      continue;
    }
    if (bad) continue;
    field f[10];
    int nf = 0;
    size_t s = 0;
    for (size_t i = 0; i <= ln && nf < 10; i++) {
      if (i == ln || p[i] == '\t') {
        f[nf].p = p + s;
        f[nf].n = i - s;
        nf++;
        s = i + 1;
      }
    }
    if (nf != 10 || s <= ln) {
      report(o, line, "expected 10 tab-separated fields; sentence skipped");
      bad = 1;
      continue;
    }
    if (memchr(p, '\0', ln)) {
      report(o, line, "NUL byte in a field; sentence skipped");
      bad = 1;
      continue;
    }
    if (memchr(f[0].p, '-', f[0].n) || memchr(f[0].p, '.', f[0].n)) continue; /* multiword token or empty node */
    if (f[1].n == 0) {
      report(o, line, "empty FORM; sentence skipped");
      bad = 1;
      continue;
    }
    if (nw == MAX_WORDS) {
      report(o, line, "sentence longer than 4096 words; skipped");
      bad = 1;
      continue;
    }
    memcpy(w[nw].f, f, sizeof f);
    w[nw].line = line;
    nw++;
  }
  if (!bad && nw) { /* a file that does not end with a blank line */
    if (n == cap) {
      pl_syn_sent *ns = realloc(sents, (cap + 1) * sizeof *ns);
      if (!ns) goto oom;
      sents = ns;
    }
    int r = finish_sentence(o, a, w, nw, sent_id, text, &sents[n]);
    if (r < 0) goto oom;
    n += (size_t)r;
  }
  free(w);
  *out = sents;
  *n_out = n;
  return 0;
oom:
  free(w);
  free(sents);
  return -1;
}
