/* geo.h: place recognition in a sentence's tokens and the choice of an event's place (geo.c), for the coder. */
#ifndef PL_GEO_H
#define PL_GEO_H
#include <parley/gazetteer.h>
#include <parley/types.h>
#include <stddef.h>

/* A place named in a sentence: tokens [s, e) (a suffix such as "province" included), and the place chosen. */
typedef struct pl_geo_mention {
  size_t s, e;
  const parley_place *place;
} pl_geo_mention;

/* Countries (alpha-3) the text is about: those of the sentence come first and weigh more than the article's. */
typedef struct pl_geo_context {
  const char (*sentence)[4];
  size_t n_sentence;
  const char (*article)[4];
  size_t n_article;
} pl_geo_context;

/* Finds the places named in tokens t[0..n). blocked[i] (may be NULL) marks tokens of a person's or organisation's
 * name, whose words are no place ("Jordan Bardella"); blocked_cc[i] is that actor's country, so a capital named as
 * its government ("Tehran said") still counts. Returns the number of mentions (at most cap). */
size_t pl_geo_mentions(const parley_gazetteer *g, const parley_token *t, size_t n, const unsigned char *blocked,
                       const pl_geo_context *ctx, pl_geo_mention *out, size_t cap);

/* The mention that is the place of the event whose verb is t[v..v_end): the first one introduced by a locative
 * preposition in the verb's clause, after the verb, else before it ("In Kabul, police arrested ..."), not the
 * residence of a role ("the ambassador in Moscow") nor an origin ("from Paris"). -1 when none. */
long pl_geo_event_mention(const parley_token *t, size_t n, const pl_geo_mention *m, size_t nm, size_t v,
                          size_t v_end);

/* The place a dateline names ("Aleppo", or "Aleppo, Syria"), disambiguated by ctx, or NULL. */
const parley_place *pl_geo_dateline(const parley_gazetteer *g, const char *place, const pl_geo_context *ctx);

#endif
