/* geo.c: finds the places a sentence names and which of them is where an event happened, with no parse: a
 * place is a run of capitalised words the gazetteer knows; its sense is chosen by the countries the sentence and
 * the article are about, then by the kind of place and its population; the event's place is the one a locative
 * preposition ties to the verb's clause. Every word list below is named data; see docs/internals/geo.md. */
#include "geo.h"
#include "gazetteer_internal.h"
#include <math.h>
#include <string.h>

#define MAX_NAME_TOKENS 6
#define MAX_CANDIDATES 64

/* Words that are never a place on their own, though GeoNames has towns so named: calendar words and titles that
 * news capitalises. */
static const char *const NOT_PLACES[] = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
    "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "president", "minister",
    "prime", "general", "police", "army", "says", "said", "news", "press", "union", "people", "mr", "mrs", "ms", "dr", "sir", "god", "allah", "christmas", "easter",
    "ramadan", "eid", "university", "court", "council", "party", "house", "senate", "congress", "parliament",
    "ministry", "office", "bank", "times", "post", "daily", "agency", "northern", "southern", "eastern", "western", "however", "but", "and", "the", "a", "an", "in", "on", "at",
    "it", "he", "she", "they", "we", "i", "this", "that", "these", "those", "there", "after", "before", "during",
    "while", "as", "for", "with", "of", "by", "from", "to", "since", "when", "if", "also", "more", "most", "some",
    "many", "all", "both", "one", "two", "three", "several", "over", "about", "under", "against", "between",
    "speaking", "asked", "according", "meanwhile", "earlier", "later", "last", "next", "first", "home", "media",
    NULL};

/* Names that are also common words or people's names: a town so called needs its country in the context, and a
 * country so called needs a locative preposition or its country in the context. */
static const char *const AMBIGUOUS_NAMES[] = {
    "jordan", "georgia", "mobile", "nice", "reading", "victoria", "chad", "turkey", "split", "bath", "sale",
    "orange", "hope", "eagle", "independence", "liberty", "justice", "progress", "unity", "mission", "college",
    "florence", "lincoln", "washington", "jackson", "madison", "franklin", "clinton", "trump", "obama", "biden",
    "kennedy", "douglas", "hamilton", "charlotte", "austin", "lafayette", "mercy", "concord", "harmony",
    "paradise", "temple", "sharon", "marion", "roman", "christian", "niger", "guinea", NULL};

/* Small words inside names ("Deir ez-Zor", "Sant Julià de Lòria", "Stratford-upon-Avon"). */
static const char *const NAME_PARTICLES[] = {"al", "el", "ez", "az", "as", "ad", "ash", "ar", "an", "at", "ed",
                                             "de", "del", "la", "le", "les", "du", "des", "da", "di", "do", "dos",
                                             "of", "upon", "sur", "am", "bin", "ibn", "abu", "y", "e", "on", NULL};

/* Words after a name that make it a region ("Idlib province", "the Kurdistan Region"). */
static const char *const REGION_WORDS[] = {"province", "provinces", "governorate", "region", "state", "district",
                                           "oblast", "prefecture", "county", "department", "territory", NULL};

/* Prepositions that place an event; "of" only after a direction or an edge ("north of", "outskirts of"). */
static const char *const LOCATIVE_PREPS[] = {"in", "near", "outside", "at", "inside", "across", "throughout",
                                             "around", "into", "within", "nearby", NULL};
static const char *const OF_HEADS[] = {"north", "south", "east", "west", "northeast", "northwest", "southeast",
                                       "southwest", "outskirts", "edge", "centre", "center", "heart", "suburbs",
                                       "kilometres", "kilometers", "km", "miles", NULL};
/* Other prepositions: the walk back from a place stops at them, and the place is then no event's. */
static const char *const OTHER_PREPS[] = {"from", "to", "of", "for", "with", "on", "by", "about", "against",
                                          "toward", "towards", "than", "via", "like", "between", "over", NULL};
/* Nouns whose "in X" says where a role or office is, not where an event is ("the ambassador in Moscow"). */
static const char *const RESIDENCE_WORDS[] = {
    "ambassador", "ambassadors", "embassy", "embassies", "envoy", "envoys", "consulate", "consul", "correspondent",
    "correspondents", "bureau", "based", "headquartered", "headquarters", "mission", "diaspora", "community",
    "residents", "resident", "living", "lives", "born", "stationed", "chargé", "representative", "office", NULL};
/* Words a walk back from a place may cross on its way to the preposition ("in the northern city of X"). */
static const char *const FILLERS[] = {"the", "a", "an", "city", "town", "village", "capital", "port", "province",
                                      "region", "district", "area", "border", "state", "of", "its", "their",
                                      "country's", "nearby", "restive", "besieged", "occupied", "rebel-held",
                                      "disputed", "coastal", "southern", "northern", "eastern", "western",
                                      "central", "southeastern", "southwestern", "northeastern", "northwestern",
                                      "neighbouring", "neighboring", "breakaway", "embattled", "camp", "part", "parts", "heart",
                                      "centre", "center", "streets", "city's", NULL};
/* Clause ends: a place beyond one of them belongs to another clause. */
static const char *const CLAUSE_ENDS[] = {";", ":", "\u2014", "\u2013", "who", "which", "where", "while",
                                          "whereas", "after", "before", "because", "since", "when", "said",
                                          "says", NULL};

static int fold_is(const parley_token *t, const char *w) { return !strcmp(t->fold, w); }

/* The lists are short, but read for every capitalised word and its neighbours: comparing the first byte before
 * calling strcmp keeps them off the profile (they were most of geolocation's cost). */
static int fold_in(const parley_token *t, const char *const *list) {
  const char c = t->fold[0];
  for (size_t i = 0; list[i]; i++)
    if (list[i][0] == c && !strcmp(t->fold, list[i])) return 1;
  return 0;
}

static int capital_word(const parley_token *t) {
  return t->cls == PARLEY_TOKEN_WORD && (t->flags & PARLEY_TOKEN_CAPITAL);
}

static int in_list(const char (*cc)[4], size_t n, const char *code) {
  for (size_t i = 0; i < n; i++)
    if (!strcmp(cc[i], code)) return 1;
  return 0;
}

static int context_has(const pl_geo_context *ctx, const char *cc) {
  return ctx && (in_list(ctx->sentence, ctx->n_sentence, cc) || in_list(ctx->article, ctx->n_article, cc));
}

/* Score of one sense of a name. Context outweighs everything, then a region word, then the kind of place, then
 * population: a bare "Aleppo" is the city, "Aleppo province" the region, "Georgia" beside "Tbilisi" the country. */
static double score(const parley_place *p, const pl_geo_context *ctx, int region_word) {
  double s = log10((double)p->population + 10.0);
  if (ctx && in_list(ctx->sentence, ctx->n_sentence, p->country)) s += 40;
  else if (ctx && in_list(ctx->article, ctx->n_article, p->country)) s += 20;
  if (region_word) s += p->kind == PARLEY_PLACE_REGION ? 30 : -30;
  else if (p->kind == PARLEY_PLACE_COUNTRY) s += 8;
  else if (p->kind == PARLEY_PLACE_CITY) s += 2;
  if (!strcmp(p->feature, "PPLC")) s += 3;
  else if (!strcmp(p->feature, "PPLA")) s += 1;
  return s;
}

static int locative_before(const parley_token *t, size_t s, size_t *prep_at);

/* Best sense of a name, or NULL when the name needs context it lacks. */
static const parley_place *choose(const parley_place *const *cand, size_t nc, const pl_geo_context *ctx,
                                  int region_word, int ambiguous, int has_prep, int sentence_start) {
  const parley_place *best = NULL;
  double bs = -1e9;
  for (size_t i = 0; i < nc; i++) {
    const parley_place *p = cand[i];
    int known = context_has(ctx, p->country);
    /* a town called like a common word or a person needs its country in view; a country, a locative before it */
    if (ambiguous && !known && !(p->kind == PARLEY_PLACE_COUNTRY && has_prep)) continue;
    /* a small place, or any place opening a sentence ("Police said ..."), needs its country in view or a
     * locative before it */
    if (!known && !has_prep && p->kind == PARLEY_PLACE_CITY && (p->population < 100000 || sentence_start))
      continue;
    if (!known && p->kind == PARLEY_PLACE_CITY && p->population < 5000) continue;
    double sc = score(p, ctx, region_word);
    if (sc > bs) {
      bs = sc;
      best = p;
    }
  }
  return best;
}

size_t pl_geo_mentions(const parley_gazetteer *g, const parley_token *t, size_t n, const unsigned char *blocked,
                       const pl_geo_context *ctx, pl_geo_mention *out, size_t cap) {
  size_t nm = 0;
  const parley_place *cand[MAX_CANDIDATES];
  for (size_t i = 0; i < n && nm < cap; i++) {
    if (!capital_word(&t[i])) continue;
    /* a capitalised word before it makes this part of another name ("Michael Jordan", "Tehran Times" is caught
     * below), unless that word opens the sentence */
    if (i > 0 && capital_word(&t[i - 1]) && !(i == 1 && fold_in(&t[0], NOT_PLACES))) continue;
    uint64_t h = pl_geo_hash_init();
    size_t best_e = 0, nbest = 0;
    const parley_place *bestc[MAX_CANDIDATES];
    for (size_t j = i; j < n && j < i + MAX_NAME_TOKENS; j++) {
      const parley_token *tj = &t[j];
      int word = tj->cls == PARLEY_TOKEN_WORD;
      if (j > i && !(capital_word(tj) || fold_is(tj, "-") || fold_is(tj, "'") || fold_in(tj, NAME_PARTICLES)))
        break;
      if (j > i && word && !capital_word(tj) && !(j + 1 < n && (capital_word(&t[j + 1]) || fold_is(&t[j + 1], "-"))))
        break; /* a particle must lead on to the rest of the name */
      /* words only: a token the tokenizer splits off ("-") adds nothing to the key */
      h = pl_geo_hash_add(h, tj->fold, tj->fold_len);
      if (!word) continue;
      size_t nc = pl_gazetteer_find(g, h, cand, MAX_CANDIDATES);
      if (nc) {
        best_e = j + 1;
        nbest = nc < MAX_CANDIDATES ? nc : MAX_CANDIDATES;
        memcpy(bestc, cand, nbest * sizeof *cand);
      }
    }
    /* the word lists are read only for the few words the gazetteer knows */
    if (!best_e || (best_e == i + 1 && fold_in(&t[i], NOT_PLACES))) continue;
    size_t e = best_e;
    int blocked_by_actor = 0;
    for (size_t k = i; k < e && blocked; k++) blocked_by_actor |= blocked[k];
    int region_word = e < n && fold_in(&t[e], REGION_WORDS);
    /* "Tehran Times", "Jordan Peterson": a further capitalised word makes it another name */
    if (!region_word && e < n && capital_word(&t[e]) && !fold_in(&t[e], NOT_PLACES)) {
      i = e - 1;
      continue;
    }
    int ambiguous = 0;
    if (e == i + 1) ambiguous = fold_in(&t[i], AMBIGUOUS_NAMES);
    size_t prep_at;
    int has_prep = locative_before(t, i, &prep_at);
    const parley_place *p = choose(bestc, nbest, ctx, region_word, ambiguous, has_prep, i == 0);
    if (p && blocked_by_actor && !context_has(ctx, p->country) && p->kind != PARLEY_PLACE_COUNTRY) p = NULL;
    if (p) {
      out[nm++] = (pl_geo_mention){i, region_word ? e + 1 : e, p};
      /* "Kherson, Ukraine" / "Mobile, Alabama": the second name picks the first one's sense */
      if (e + 1 < n && fold_is(&t[e], ",") && capital_word(&t[e + 1])) {
        uint64_t h2 = pl_geo_hash_init();
        for (size_t j = e + 1; j < n && j < e + 1 + MAX_NAME_TOKENS; j++) {
          if (!(capital_word(&t[j]) || fold_is(&t[j], "-"))) break;
          h2 = pl_geo_hash_add(h2, t[j].fold, t[j].fold_len);
          size_t nc2 = pl_gazetteer_find(g, h2, cand, MAX_CANDIDATES);
          for (size_t a = 0; a < nc2 && a < MAX_CANDIDATES; a++) {
            const parley_place *q = cand[a];
            if (q->kind == PARLEY_PLACE_CITY) continue;
            for (size_t b = 0; b < nbest; b++) {
              const parley_place *r = bestc[b];
              if (r == q || strcmp(r->country, q->country)) continue;
              if (q->kind == PARLEY_PLACE_REGION && strcmp(r->admin1_code, q->admin1_code)) continue;
              if (out[nm - 1].place->kind == PARLEY_PLACE_COUNTRY || out[nm - 1].place->population <= r->population ||
                  strcmp(out[nm - 1].place->country, q->country) ||
                  (q->kind == PARLEY_PLACE_REGION && strcmp(out[nm - 1].place->admin1_code, q->admin1_code)))
                out[nm - 1].place = r;
            }
          }
        }
      }
    } else if (e + 1 < n && fold_is(&t[e], ",")) {
      /* no sense fits alone: "Mobile, Alabama" still can */
      uint64_t h2 = pl_geo_hash_init();
      for (size_t j = e + 1; j < n && j < e + 1 + MAX_NAME_TOKENS && !p; j++) {
        if (!(capital_word(&t[j]) || fold_is(&t[j], "-"))) break;
        h2 = pl_geo_hash_add(h2, t[j].fold, t[j].fold_len);
        size_t nc2 = pl_gazetteer_find(g, h2, cand, MAX_CANDIDATES);
        for (size_t a = 0; a < nc2 && a < MAX_CANDIDATES && !p; a++) {
          const parley_place *q = cand[a];
          if (q->kind == PARLEY_PLACE_CITY) continue;
          for (size_t b = 0; b < nbest; b++) {
            const parley_place *r = bestc[b];
            if (r->kind != PARLEY_PLACE_CITY || strcmp(r->country, q->country)) continue;
            if (q->kind == PARLEY_PLACE_REGION && strcmp(r->admin1_code, q->admin1_code)) continue;
            if (!p || r->population > p->population) p = r;
          }
        }
      }
      if (p) out[nm++] = (pl_geo_mention){i, e, p};
    }
    i = e - 1;
  }
  return nm;
}

/* Walks back from a place over the words between it and its preposition; 1 when that preposition is locative.
 * *prep_at is where it is. */
static int locative_before(const parley_token *t, size_t s, size_t *prep_at) {
  size_t k = s;
  for (int steps = 0; k > 0 && steps < 5; steps++) {
    const parley_token *p = &t[k - 1];
    if (fold_in(p, LOCATIVE_PREPS)) {
      *prep_at = k - 1;
      return 1;
    }
    if (fold_is(p, "of") && k >= 2 && fold_in(&t[k - 2], OF_HEADS)) {
      *prep_at = k - 1;
      return 1;
    }
    if (fold_in(p, OTHER_PREPS) && !(fold_is(p, "of") && k >= 2 && fold_in(&t[k - 2], FILLERS))) return 0;
    if (!fold_in(p, FILLERS) && !(p->cls == PARLEY_TOKEN_WORD && !(p->flags & PARLEY_TOKEN_CAPITAL) &&
                                  p->fold_len > 4 && !strcmp(p->fold + p->fold_len - 2, "rn")))
      return 0;
    k--;
  }
  return 0;
}

long pl_geo_event_mention(const parley_token *t, size_t n, const pl_geo_mention *m, size_t nm, size_t v,
                          size_t v_end) {
  /* the verb's clause: from the last clause end before the verb to the first one after it */
  size_t cs = 0, ce = n;
  for (size_t k = v; k-- > 0;)
    if (fold_in(&t[k], CLAUSE_ENDS)) {
      cs = k + 1;
      break;
    }
  for (size_t k = v_end; k < n; k++)
    if (fold_in(&t[k], CLAUSE_ENDS)) {
      ce = k;
      break;
    }
  long before = -1;
  for (size_t i = 0; i < nm; i++) {
    if (m[i].s < cs || m[i].e > ce) continue;
    size_t prep;
    if (!locative_before(t, m[i].s, &prep)) continue;
    if (prep > 0 && fold_in(&t[prep - 1], RESIDENCE_WORDS)) continue;
    if (m[i].s >= v_end) return (long)i;
    /* before the verb: only an opening "In X, ..." or a place the subject's phrase does not own */
    if (before < 0 && (prep == 0 || (prep > 0 && fold_is(&t[prep - 1], ",")))) before = (long)i;
  }
  return before;
}

const parley_place *pl_geo_dateline(const parley_gazetteer *g, const char *place, const pl_geo_context *ctx) {
  if (!g || !place || !*place) return NULL;
  const char *comma = strchr(place, ',');
  size_t len = comma ? (size_t)(comma - place) : strlen(place);
  const parley_place *cand[MAX_CANDIDATES];
  size_t nc = pl_gazetteer_find(g, pl_geo_name_hash(place, len), cand, MAX_CANDIDATES);
  if (nc > MAX_CANDIDATES) nc = MAX_CANDIDATES;
  const parley_place *within = NULL;
  if (comma) { /* "ALEPPO, Syria": the country or region after the comma */
    const char *q = comma + 1;
    while (*q == ' ') q++;
    const parley_place *c2[MAX_CANDIDATES];
    size_t n2 = pl_gazetteer_find(g, pl_geo_name_hash(q, strlen(q)), c2, MAX_CANDIDATES);
    for (size_t i = 0; i < n2 && i < MAX_CANDIDATES && !within; i++)
      if (c2[i]->kind != PARLEY_PLACE_CITY) within = c2[i];
  }
  const parley_place *best = NULL;
  double bs = -1e9;
  for (size_t i = 0; i < nc; i++) {
    const parley_place *p = cand[i];
    if (within && strcmp(p->country, within->country)) continue;
    if (within && within->kind == PARLEY_PLACE_REGION && strcmp(p->admin1_code, within->admin1_code)) continue;
    /* a dateline names where the reporter is: a city, and a large one unless the article says which country */
    double sc = score(p, ctx, 0) + (p->kind == PARLEY_PLACE_CITY ? 10 : 0);
    if (sc > bs) {
      bs = sc;
      best = p;
    }
  }
  return best;
}

const parley_place *parley_gazetteer_choose(const parley_gazetteer *g, const char *name, const char *country) {
  if (!g || !name) return NULL;
  char cc[1][4] = {""};
  pl_geo_context ctx = {(const char(*)[4])cc, 0, NULL, 0};
  if (country && *country) {
    const parley_place *c = parley_gazetteer_country(g, country);
    if (!c) return NULL;
    memcpy(cc[0], c->country, 4);
    ctx.n_sentence = 1;
  }
  const parley_place *cand[MAX_CANDIDATES];
  size_t nc = pl_gazetteer_find(g, pl_geo_name_hash(name, strlen(name)), cand, MAX_CANDIDATES);
  if (nc > MAX_CANDIDATES) nc = MAX_CANDIDATES;
  size_t k = 0;
  for (size_t i = 0; i < nc; i++)
    if (!ctx.n_sentence || !strcmp(cand[i]->country, cc[0])) cand[k++] = cand[i];
  /* as after "in": the reading of "in NAME" in a sentence about country (or about nothing in particular) */
  return choose(cand, k, &ctx, 0, 0, 1, 0);
}
