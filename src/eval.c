/* eval.c: precision/recall/F1 of coded events against gold, the way event-data papers report it: per document,
 * gold and coded events are matched one-to-one; at the root level an event is (source country, target country,
 * two-digit root), at the full level (source code, target code, full CAMEO code). */
#include "util/strbuf.h"
#include <parley/errors.h>
#include <parley/eval.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct counts {
  size_t tp, fp, fn;
} counts;

struct parley_eval {
  counts level[2];
  counts root[21][2]; /* per CAMEO root 01..20, index 0 unused; [.][0] root level, [.][1] full level */
  size_t docs;
};

int parley_eval_new(parley_eval **out) {
  *out = calloc(1, sizeof **out);
  return *out ? PARLEY_OK : PARLEY_ENOMEM;
}

void parley_eval_free(parley_eval *ev) { free(ev); }

static int root_of(const char *code) {
  if (!code || strlen(code) < 2 || code[0] < '0' || code[0] > '2' || code[1] < '0' || code[1] > '9') return 0;
  int r = (code[0] - '0') * 10 + (code[1] - '0');
  return r >= 1 && r <= 20 ? r : 0;
}

/* Country part of an actor code: its first three letters ("IRNGOV" -> "IRN"); IGOs and agents compare whole. */
static void country(const char *code, char out[4]) {
  snprintf(out, 4, "%s", code ? code : "");
}

static int same(const parley_eval_event *a, const parley_eval_event *b, int full) {
  if (full) return !strcmp(a->source, b->source) && !strcmp(a->target, b->target) && !strcmp(a->code, b->code);
  char ca[4], cb[4], ta[4], tb[4];
  country(a->source, ca);
  country(b->source, cb);
  country(a->target, ta);
  country(b->target, tb);
  return !strcmp(ca, cb) && !strcmp(ta, tb) && root_of(a->code) == root_of(b->code);
}

int parley_eval_add(parley_eval *ev, const parley_eval_event *gold, size_t n_gold, const parley_eval_event *coded,
                    size_t n_coded) {
  unsigned char *used = calloc(n_coded ? n_coded : 1, 1);
  if (!used) return PARLEY_ENOMEM;
  ev->docs++;
  for (int full = 0; full < 2; full++) {
    memset(used, 0, n_coded ? n_coded : 1);
    for (size_t g = 0; g < n_gold; g++) {
      int r = root_of(gold[g].code);
      size_t c = 0;
      while (c < n_coded && (used[c] || !same(&gold[g], &coded[c], full))) c++;
      if (c < n_coded) {
        used[c] = 1;
        ev->level[full].tp++;
        ev->root[r][full].tp++;
      } else {
        ev->level[full].fn++;
        ev->root[r][full].fn++;
      }
    }
    for (size_t c = 0; c < n_coded; c++)
      if (!used[c]) {
        ev->level[full].fp++;
        ev->root[root_of(coded[c].code)][full].fp++;
      }
  }
  free(used);
  return PARLEY_OK;
}

static void score(const counts *c, parley_eval_score *out) {
  out->tp = c->tp;
  out->fp = c->fp;
  out->fn = c->fn;
  out->precision = c->tp + c->fp ? (double)c->tp / (double)(c->tp + c->fp) : 0.0;
  out->recall = c->tp + c->fn ? (double)c->tp / (double)(c->tp + c->fn) : 0.0;
  out->f1 = out->precision + out->recall > 0 ? 2 * out->precision * out->recall / (out->precision + out->recall)
                                             : 0.0;
}

void parley_eval_overall(const parley_eval *ev, int full, parley_eval_score *out) {
  score(&ev->level[full ? 1 : 0], out);
}

int parley_eval_report(const parley_eval *ev, parley_buf *out) {
  pl_strbuf sb = PL_STRBUF_INIT;
  pl_strbuf_printf(&sb, "documents: %zu\n%-12s %7s %7s %7s %6s %6s %6s\n", ev->docs, "level", "tp", "fp", "fn",
                   "P", "R", "F1");
  static const char *names[2] = {"root", "full"};
  for (int full = 0; full < 2; full++) {
    parley_eval_score s;
    score(&ev->level[full], &s);
    pl_strbuf_printf(&sb, "%-12s %7zu %7zu %7zu %6.3f %6.3f %6.3f\n", names[full], s.tp, s.fp, s.fn, s.precision,
                     s.recall, s.f1);
  }
  pl_strbuf_puts(&sb, "\nper root code (root level):\n");
  for (int r = 0; r <= 20; r++) {
    const counts *c = &ev->root[r][0];
    if (!c->tp && !c->fp && !c->fn) continue;
    parley_eval_score s;
    score(c, &s);
    char label[16];
    if (r) snprintf(label, sizeof label, "%02d", r);
    else snprintf(label, sizeof label, "(invalid)");
    pl_strbuf_printf(&sb, "%-12s %7zu %7zu %7zu %6.3f %6.3f %6.3f\n", label, s.tp, s.fp, s.fn, s.precision,
                     s.recall, s.f1);
  }
  if (sb.failed) {
    pl_strbuf_dispose(&sb);
    return PARLEY_ENOMEM;
  }
  out->ptr = pl_strbuf_detach(&sb, &out->size);
  return out->ptr ? PARLEY_OK : PARLEY_ENOMEM;
}
