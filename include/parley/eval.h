/* parley/eval.h: scoring coded events against gold events — precision, recall and F1 at the root-code level
 * (two digits, actors compared by country) and at the full-code level (full CAMEO and actor codes). */
#ifndef PARLEY_EVAL_H
#define PARLEY_EVAL_H
#include <stddef.h>
#include "buf.h"
#include "export.h"
#ifdef __cplusplus
extern "C" {
#endif

typedef struct parley_eval parley_eval;

/* One event as scored: actor codes ("IRN" or "IRNGOV") and a CAMEO code ("041"). */
typedef struct parley_eval_event {
  const char *source, *target, *code;
} parley_eval_event;

/* CONSTRUCTOR. Returns PARLEY_OK or PARLEY_ENOMEM. */
PARLEY_EXPORT int parley_eval_new(parley_eval **out);

/* METHOD: scores one document: gold events against coded events, each matched at most once (multisets).
 * Arrays are read, not kept. Returns PARLEY_OK or PARLEY_ENOMEM. */
PARLEY_EXPORT int parley_eval_add(parley_eval *ev, const parley_eval_event *gold, size_t n_gold,
                                  const parley_eval_event *coded, size_t n_coded);

/* Overall figures at one level: 0 = root code + countries, 1 = full codes. */
typedef struct parley_eval_score {
  size_t tp, fp, fn;
  double precision, recall, f1;
} parley_eval_score;
PARLEY_EXPORT void parley_eval_overall(const parley_eval *ev, int full, parley_eval_score *out);

/* METHOD: writes the report (overall at both levels, then per root code) as text into *out; caller disposes.
 * Returns PARLEY_OK or PARLEY_ENOMEM. */
PARLEY_EXPORT int parley_eval_report(const parley_eval *ev, parley_buf *out);

/* DESTRUCTOR: NULL is a no-op. */
PARLEY_EXPORT void parley_eval_free(parley_eval *ev);

#ifdef __cplusplus
}
#endif
#endif
