/* clean.h: boilerplate removal and dateline recognition: which spans of an article's text are story.
 *
 * Cleaning selects spans, it never rewrites text: every kept paragraph is a byte range of parley_article.text.
 * Rules are general (line shape, length, terminal punctuation, link-like text, the title repeated, outlet
 * self-promotion in the tail, lines an outlet repeats across its articles), never a list of known strings. */
#ifndef PL_CLEAN_H
#define PL_CLEAN_H
#include <stddef.h>
#include <stdint.h>
#include <parley/types.h>
#include "util/arena.h"
#include "util/common.h"

/* Per-stream memory of which lines each outlet repeats across its articles (footers, licence lines).
 * Fixed size: old counts decay, so memory stays flat over any number of articles. Not thread-safe. */
typedef struct pl_linefreq pl_linefreq;
int pl_linefreq_new(pl_linefreq **out) PL_WARN_UNUSED;
void pl_linefreq_free(pl_linefreq *lf);
/* Starts an article from outlet source (NULL: unknown; all such articles count as one outlet). */
void pl_linefreq_begin(pl_linefreq *lf, const char *source);
/* Counts sentence s[0..n) for the current article (once per article). Returns 1 when it is the outlet's
 * boilerplate: seen in at least four earlier articles of this outlet and in at least a quarter of them. */
int pl_linefreq_boilerplate(pl_linefreq *lf, const char *s, size_t n);
/* A 64-bit hash of s[0..n), never 0. */
uint64_t pl_clean_hash(const char *s, size_t n);

/* How many outlet self-promotion cues ("licensed under", "website", "main objective", ...) s[0..n) has. Two or
 * more in a sentence near the end of an article mark it as the outlet's, not the story's. */
int pl_promo_score(const char *s, size_t n);

typedef struct pl_clean_result {
  parley_span *paras;  /* kept paragraphs in text order (arena); a sentence never crosses one */
  size_t n_paras;
  const char *place;   /* dateline place, title-cased ("Tehran"), or NULL (arena) */
  const char *outlet;  /* dateline outlet ("Tasnim"), or NULL (arena) */
  parley_span dateline;/* the dateline's bytes, excluded from the first paragraph; {0, 0} when none */
  int bare;            /* no line read like story text, so every line of 3+ words was kept (a bare sentence) */
} pl_clean_result;

/* Cleans article a: the line-level rules and the dateline. Memory comes from arena.
 * Returns PARLEY_OK or PARLEY_ENOMEM. */
int pl_clean(const parley_article *a, pl_arena *arena, pl_clean_result *out) PL_WARN_UNUSED;

/* Finds the headline of a plain-text article: the first line that reads like a headline among the lines before
 * the story starts (navigation crumbs may precede it). Returns 1 with its trimmed byte range in *start and *end, or 0
 * when the text opens with story text. */
int pl_find_title(const char *text, size_t len, size_t *start, size_t *end);
/* Finds the publication date in the header lines of a plain-text article (before the story starts): a line that is
 * a date and nothing else of substance ("2024-12-02", "Monday, 2 December 2024 14:35 GMT", "Published: Dec. 2,
 * 2024"). Returns 1 with "YYYY-MM-DD" in out, 0 when there is none. */
int pl_find_header_date(const char *text, size_t len, char out[11]);
#endif
