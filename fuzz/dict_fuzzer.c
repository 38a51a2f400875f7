/* fuzz/dict_fuzzer.c: dictionary readers and the matcher on arbitrary input. The first byte selects the format
 * (auto, parley, PETRARCH verbs, actors, agents, discards, issues); the rest is the dictionary. After loading, the
 * lexicon is compiled, checked, written back in parley's format, and matched against a fixed sentence, position by
 * position and by a whole-sentence scan, which must agree (a difference aborts). */
#include <parley/parley.h>
#include "lexicon.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct scan_check {
  const parley_lexicon *lex;
  const parley_token *t;
  size_t n, next;
  unsigned kinds;
} scan_check;

static void same_as_alone(scan_check *c, size_t pos, const pl_lex_hit *hits, size_t n_hits) {
  pl_lex_hit h[8];
  size_t k = pl_lexicon_match(c->lex, c->t, c->n, pos, c->kinds, h, 8);
  if (!pl_lex_hits_equal(h, k, hits, n_hits)) abort();
}

static int on_scan(void *payload, size_t pos, const pl_lex_hit *hits, size_t n_hits) {
  scan_check *c = payload;
  for (; c->next < pos; c->next++) same_as_alone(c, c->next, NULL, 0);
  same_as_alone(c, pos, hits, n_hits);
  c->next = pos + 1;
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1) return 0;
  parley_dict_format fmt = (parley_dict_format)(data[0] % 7);
  parley_lexicon *lex;
  if (parley_lexicon_new(&lex, NULL)) return 0;
  parley_lexicon_add_buffer(lex, "fuzz.txt", (const char *)data + 1, size - 1, fmt);
  if (parley_lexicon_compile(lex) == PARLEY_OK) {
    int ne, nw;
    parley_lexicon_check(&ne, &nw, lex);
    parley_buf b = PARLEY_BUF_INIT;
    parley_lexicon_write(&b, lex, 0);
    parley_buf_dispose(&b);
    parley_lexicon_lookup(&b, lex, "The Iranian president met his Russian counterpart in Moscow on Monday.",
                          "2015-01-01");
    parley_buf_dispose(&b);
    pl_arena a;
    pl_arena_init(&a, 0);
    parley_token *t;
    size_t n;
    const char *s = "U.S. Secretary of State John Kerry's talks with al-Qaeda rebels, 1914 ARGENTINA";
    if (pl_lex_tokenize_text(s, strlen(s), &a, &t, &n) == PARLEY_OK) {
      for (size_t i = 0; i < n; i++) {
        pl_lex_hit h[8];
        size_t k = pl_lexicon_match(lex, t, n, i, PL_LEX_ALL, h, 8);
        for (size_t j = 0; j < k; j++) {
          if (h[j].kind == PL_LEX_ACTOR) pl_lexicon_actor_code(lex, h[j].id, "2013-02-01", NULL);
          if (h[j].kind == PL_LEX_VERB) {
            const pl_verb_pattern *p;
            size_t np = pl_lexicon_verb_patterns(lex, h[j].id, &p);
            for (size_t q = 0; q < np; q++)
              for (size_t e = 0; e < p[q].n_elems; e++)
                if (p[q].elems[e].type == PL_PAT_SYNSET)
                  pl_lexicon_synset_match(lex, p[q].elems[e].synset, t, n, i, NULL);
          }
        }
      }
      const unsigned kinds[] = {PL_LEX_ACTOR | PL_LEX_AGENT | PL_LEX_VERB | PL_LEX_DISCARD, PL_LEX_ALL};
      for (size_t q = 0; q < 2; q++) {
        scan_check c = {lex, t, n, 0, kinds[q]};
        pl_lexicon_scan(lex, t, n, kinds[q], 8, on_scan, &c);
        for (; c.next < n; c.next++) same_as_alone(&c, c.next, NULL, 0);
      }
    }
    pl_arena_dispose(&a);
  }
  parley_lexicon_free(lex);
  return 0;
}
