/* syntax/api.c: the public syntax API (include/parley/syntax.h): models from a file or built in, parsers that
 * turn a doc's sentence or a list of words into tagged, lemmatised and parsed words, and gold-file scoring. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "parley/doc.h"
#include "parley/syntax.h"
#include "../util/file.h"
#include "conllu.h"
#include "train.h"
#include "words.h"

/* The built-in model: bytes embedded at build time (data/CMakeLists.txt); length 0 when the build has none. */
extern const unsigned char pl_syntax_builtin[];
extern const size_t pl_syntax_builtin_len;

struct parley_syntax_model {
  pl_syn_model m;
  void *owned; /* the file image, or NULL for the built-in model */
};

struct parley_parser {
  const parley_syntax_model *model;
  pl_arena arena;
  parley_syntax_word *out;
  size_t cap;
};

static void set_err(char *err, size_t errlen, const char *fmt, const char *a, const char *b) {
  if (err && errlen) snprintf(err, errlen, fmt, a, b);
}

static int read_file(const char *path, void **buf, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return PARLEY_EIO;
  char *b;
  int rc = pl_read_stream(f, 0, &b, len); /* malloc's alignment suits the model's 8-byte sections */
  fclose(f);
  *buf = b;
  return rc;
}

int parley_syntax_model_open(parley_syntax_model **out, const char *path, char *err, size_t errlen) {
  *out = NULL;
  parley_syntax_model *sm = calloc(1, sizeof *sm);
  if (!sm) return PARLEY_ENOMEM;
  const void *img = pl_syntax_builtin;
  size_t len = pl_syntax_builtin_len;
  char msg[200] = "";
  if (path) {
    int rc = read_file(path, &sm->owned, &len);
    if (rc) {
      set_err(err, errlen, "%s: %s", path, rc == PARLEY_ENOMEM ? "out of memory" : strerror(errno ? errno : EIO));
      free(sm);
      return rc;
    }
    img = sm->owned;
  } else if (!len) {
    set_err(err, errlen, "%s%s", "this build has no built-in syntax model", "");
    free(sm);
    return PARLEY_ENOTFOUND;
  }
  if (pl_syn_model_open(&sm->m, img, len, msg, sizeof msg)) {
    set_err(err, errlen, "%s: %s", path ? path : "built-in model", msg);
    free(sm->owned);
    free(sm);
    return PARLEY_EPARSE;
  }
  *out = sm;
  return PARLEY_OK;
}

void parley_syntax_model_free(parley_syntax_model *m) {
  if (!m) return;
  free(m->owned);
  free(m);
}

int parley_parser_new(parley_parser **out, const parley_syntax_model *m) {
  parley_parser *p = calloc(1, sizeof *p);
  if (!p) return PARLEY_ENOMEM;
  p->model = m;
  pl_arena_init(&p->arena, 0);
  *out = p;
  return PARLEY_OK;
}

void parley_parser_free(parley_parser *p) {
  if (!p) return;
  pl_arena_dispose(&p->arena);
  free(p->out);
  free(p);
}

/* Tags and parses s, then copies the result into the parser's output array. */
static int analyse(parley_parser *p, pl_syn_sent *s, const parley_syntax_word **words) {
  const pl_syn_model *m = &p->model->m;
  pl_syn_tag(m, s, &p->arena);
  if (pl_syn_parse(m, s, &p->arena)) return PARLEY_ENOMEM;
  if ((size_t)s->n > p->cap) {
    size_t nc = (size_t)s->n * 2;
    parley_syntax_word *no = realloc(p->out, nc * sizeof *no);
    if (!no) return PARLEY_ENOMEM;
    p->out = no;
    p->cap = nc;
  }
  for (int i = 1; i <= s->n; i++) {
    const pl_syn_word *w = &s->w[i];
    p->out[i - 1] = (parley_syntax_word){w->start,          w->end,           w->token,          w->form,
                                         w->lemma,          m->upos[w->tag],  m->xpos[w->tag],   (size_t)w->head,
                                         m->labels[w->label]};
  }
  *words = p->out;
  return PARLEY_OK;
}

int parley_parser_parse_sentence(parley_parser *p, const parley_doc *doc, size_t i, const parley_syntax_word **words,
                                 size_t *n) {
  size_t ns, nt;
  const parley_sentence *sents = parley_doc_sentences(doc, &ns);
  const parley_token *toks = parley_doc_tokens(doc, &nt);
  const parley_article *a = parley_doc_article(doc);
  *n = 0;
  if (i >= ns || !a) return PARLEY_EINVAL;
  const parley_sentence *s = &sents[i];
  if (s->first_token > nt || s->n_tokens > nt - s->first_token) return PARLEY_EINVAL;
  pl_arena_reset(&p->arena);
  pl_syn_sent sent;
  if (pl_syn_words_from_tokens(a->text, toks + s->first_token, s->n_tokens, s->first_token, &p->arena, &sent))
    return PARLEY_ENOMEM;
  if (sent.n == 0) {
    *words = p->out;
    return PARLEY_OK;
  }
  int rc = analyse(p, &sent, words);
  if (!rc) *n = (size_t)sent.n;
  return rc;
}

int parley_parser_parse_words(parley_parser *p, const char *const *forms, size_t n, const parley_syntax_word **words) {
  if (n == 0 || n > (1u << 20)) return PARLEY_EINVAL;
  pl_arena_reset(&p->arena);
  pl_syn_sent s = {0};
  s.w = pl_arena_calloc(&p->arena, n + 1, sizeof *s.w);
  if (!s.w) return PARLEY_ENOMEM;
  s.n = (int)n;
  s.w[0].form = "<root>";
  s.w[0].hform = pl_syn_hash_bytes("<root>", 6);
  for (size_t i = 0; i < n; i++) {
    pl_syn_word *w = &s.w[i + 1];
    w->form = forms[i];
    w->token = i;
    w->tag = w->head = w->label = -1;
    pl_syn_word_prepare(w);
  }
  return analyse(p, &s, words);
}

int parley_syntax_evaluate(const parley_syntax_model *m, const char *path, parley_syntax_scores *out,
                           parley_diag_fn diag, void *payload) {
  void *buf;
  size_t len;
  memset(out, 0, sizeof *out);
  int rc = read_file(path, &buf, &len);
  if (rc) return rc;
  pl_arena a;
  pl_arena_init(&a, 1 << 20);
  pl_conllu_options o = {path, 1, diag, payload};
  pl_syn_sent *s = NULL;
  size_t n = 0;
  pl_syn_scores sc;
  rc = PARLEY_ENOMEM;
  if (!pl_conllu_read(buf, len, &o, &a, &s, &n)) {
    pl_syn_prepare_sentences(s, n);
    if (!pl_syn_evaluate(&m->m, s, n, &sc)) {
      double w = sc.words ? (double)sc.words : 1;
      *out = (parley_syntax_scores){n, sc.words, sc.upos / w, sc.xpos / w, sc.lemma / w, sc.uas / w, sc.las / w};
      rc = PARLEY_OK;
    }
  }
  free(s);
  free(buf);
  pl_arena_dispose(&a);
  return rc;
}
