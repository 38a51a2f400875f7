/* coder.c: the event coder. From a processed document's sentences and a compiled lexicon it finds actor phrases
 * (actors, agents, compounds, pronouns), verbs and their patterns, and decides source, target, code and date of
 * each event — by shallow rules over tokens, with no syntactic parse:
 *   - an actor phrase is a run of actor and agent matches with the glue news text puts between them
 *     ("Iranian President Masoud Pezeshkian", "his Russian counterpart, Vladimir Putin", "the presidents of Iran
 *     and Russia"); phrases joined by "and" or commas form a compound;
 *   - a verb's source is the nearest phrase before it that is not the object of a preposition (or the phrase in
 *     the pattern's $ slot), its target the first phrase after it that is not the subject of a later verb (or the
 *     + slot); passive voice ("was attacked by X") swaps them;
 *   - negated and hypothetical verbs are dropped; "pledged to V" codes V as an intention;
 *   - consultations between the members of a compound, or with a target, code in both directions. */
#include "dates.h"
#include "lexicon.h"
#include "geo.h"
#include "util/arena.h"
#include "util/strbuf.h"
#include <parley/coder.h>
#include <parley/doc.h>
#include <parley/syntax.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_HITS 16
#define MAX_MUTUAL 4 /* members of a compound acting among themselves, beyond which no pairs are coded */
#define MAX_COMPONENTS 8

/* One actor phrase: tokens [s, e) with the code it resolves to. */
typedef struct np {
  size_t s, e;
  char code[40];
  char country[8];
  int specific;   /* resolved from a named person or organisation, not country + agent */
  int pronoun;    /* resolved by anaphora */
  int agent_only; /* an agent with no country yet ("soldiers", "the presidents") */
  size_t group;   /* index of its compound group */
} np;

/* A compound: consecutive phrases joined by "and" / commas. */
typedef struct group {
  size_t first, count; /* phrases [first, first + count) */
  size_t s, e;         /* token range */
  const char *prep;    /* the preposition before it, or NULL */
} group;

/* What the anaphora resolver remembers from earlier sentences of the article. */
typedef struct memory {
  np person;           /* last single actor phrase with a specific code or country + agent */
  int have_person;
  np pair[MAX_COMPONENTS];
  size_t n_pair;       /* last compound of two or more */
} memory;

typedef struct ev_vec {
  parley_event *v;
  size_t n, cap;
} ev_vec;

#define MAX_GEO_COUNTRIES 32
#define MAX_GEO_MENTIONS 32

struct parley_coder {
  const parley_lexicon *lex;
  const parley_gazetteer *gaz; /* NULL: the location is the old "in + country actor" guess, with no coordinates */
  char geo_doc_cc[MAX_GEO_COUNTRIES][4]; /* countries the article is about so far (actors, dateline, places) */
  size_t geo_n_doc_cc;
  const parley_place *dateline;
  parley_coder_options opts;
  parley_parser *parser; /* made on first use when opts.syntax is set */
  pl_arena arena;   /* per document: event strings, spans */
  ev_vec events;
  size_t next;
  unsigned limits; /* PARLEY_LIMIT_* the document hit */
  pl_strbuf explain;
  char errmsg[128];
};

/* Per-sentence working state. */
typedef struct sent {
  const parley_token *t;
  size_t n;
  const char *text;      /* article text */
  size_t sent_index;
  const parley_sentence *ps;
  /* lexicon hits per token */
  pl_lex_hit *actor;     /* best actor hit starting at token i (n_tokens 0 = none) */
  pl_lex_hit *agent;
  pl_lex_hit *verbs;     /* up to MAX_HITS verb hits per token, n_verbs[i] of them */
  unsigned char *n_verbs;
  int *np_of;            /* phrase index covering token i, or -1 */
  np *nps;
  size_t n_np, cap_np;
  group *groups;
  size_t n_groups;
  unsigned char *used;   /* token consumed by a matched pattern */
  /* the dependency tree, parsed on demand (sentence_tree) */
  const parley_doc *doc;
  const parley_syntax_word *tree;
  size_t n_tree;
  int parsed;            /* 1 parsed, -1 cannot be (no model, or it failed) */
  pl_geo_mention geo[MAX_GEO_MENTIONS]; /* places named in the sentence */
  size_t n_geo;
  int geo_done;
} sent;

/* ---- small token predicates ------------------------------------------------------------------------------ */

/* The first byte decides almost every comparison: the word lists are checked for each token many times. */
static int is(const parley_token *t, const char *w) {
  return t->fold && t->fold[0] == w[0] && !strcmp(t->fold, w);
}

static int is_any(const parley_token *t, const char *const *words) {
  for (; *words; words++)
    if (is(t, *words)) return 1;
  return 0;
}

/* Is the group introduced by one of these prepositions? */
static int prep_in(const group *g, const char *const *preps) {
  if (!g->prep) return 0;
  for (; *preps; preps++)
    if (!strcmp(g->prep, *preps)) return 1;
  return 0;
}

static const char *const PREPOSITIONS[] = {"in",    "with",  "to",      "against", "on",   "at",      "for",
                                           "from",  "of",    "by",      "between", "among", "over",   "about",
                                           "into",  "near",  "towards", "toward",  "after", "before", "during",
                                           "since", "under", "through", "across",  "amid",  "like",   "than",
                                           "upon",  "via",   "within",  "without", NULL};
static const char *const DETERMINERS[] = {"the", "a", "an", "his", "her", "their", "its", "our", "this", "that",
                                          "these", "those", "both", "all", "some", "several", "many", NULL};
static const char *const NEGATIONS[] = {"not", "n't", "never", "no", "neither", "nor", "cannot", NULL};
static const char *const HYPOTHETICALS[] = {"if", "unless", "whether", "would", "could", "might", "should", "must",
                                            NULL};
static const char *const BE_AUX[] = {"was", "were", "been", "being", "is", "are", "be", "got", "get", NULL};
/* Participles after "is"/"was" that describe a state of the subject, who is the actor ("Iran is opposed to",
 * "is committed to", "is concerned about"), not the passive voice. */
static const char *const STATIVE_PARTICIPLES[] = {
    "concerned", "interested", "determined", "committed", "prepared", "pleased",    "satisfied",  "worried",
    "opposed",   "involved",   "engaged",    "dedicated", "convinced", "disappointed", "surprised", "alarmed",
    "obliged",   "entitled",   "scheduled",  "supposed",  "expected",  "set",          "based",     "located",
    "known",     "aimed",      "united",     "ready",     "eager",     "keen",         "willing",   "unable",
    "able",      "tired",      "frustrated", "angered",   "upset",     "annoyed",      "happy",     NULL};
/* Nouns of fighting whose "with" names the other side: "killed in clashes with militants". */
static const char *const CLASH_NOUNS[] = {"clash",     "clashes",   "fighting",   "fight",       "battle",
                                          "battles",   "skirmish",  "skirmishes", "firefight",   "gunfight",
                                          "gunbattle", "shootout",  "confrontation", "confrontations", NULL};
/* Words that open a clause of their own. */
static const char *const SUBORDINATORS[] = {"if",     "when",    "while",   "because", "although", "though", "as",
                                            "unless", "whereas", "whether", "where",   "who",      "which",  NULL};
/* Auxiliaries and modals between a subject and its verb. */
static const char *const AUXILIARIES[] = {"has",   "have",  "had",    "will",  "would", "can", "could", "shall",
                                          "should", "may",  "might",  "must",  "did",   "does", "do",   NULL};
/* Words before a phrase that make it no target, or only a fallback one ("in"/"of"), and the ones that may
 * introduce a consultation's other party; "after"/"before"/"since" before a clause are conjunctions. */
static const char *const FALLBACK_PREPS[] = {"in", "of", NULL};
static const char *const NO_TARGET_PREPS[] = {"near", "since", "during", "after", "before", "like", "than", "amid",
                                              "under", NULL};
static const char *const PARTY_PREPS[] = {"with", "to", "from", "between", "among", NULL};
static const char *const CLAUSE_PREPS[] = {"after", "before", "since", NULL};
/* "the visit of/by X": X is the noun's actor; "the presidents of/from/in X": X's presidents */
static const char *const ACTOR_PREPS[] = {"by", "of", NULL};
static const char *const OWNER_PREPS[] = {"of", "from", "in", NULL};
/* Prepositions of place: "in Beirut", "near Gibraltar". */
static const char *const LOCATIVES[] = {"in", "at", "near", "inside", "outside", "across", "within", "into", NULL};
/* Irregular past participles that the passive voice takes ("was hit", "were shot", "was held"). */
static const char *const IRREGULAR_PARTICIPLES[] = {
    "hit",  "shot", "held",   "met",    "sent",  "struck", "caught", "kept", "told",    "sold",   "found",
    "won",  "built", "put",   "cut",    "hurt",  "led",    "made",   "paid", "brought", "bought", "fought",
    "beaten", "taken", "given", "driven", "stolen", "shown", "seen", "thrown", "chosen", "forgotten", "overthrown",
    "slain", "stricken", "withdrawn", "forbidden", "hidden", "broken", "spoken", "sworn", "torn", "woken", NULL};
static const char *const INTENT_VERBS[] = {"pledge", "pledged", "pledges", "pledging", "vow", "vowed", "vows",
                                           "promise", "promised", "promises", "intend", "intends", "intended",
                                           "plan", "plans", "planned", "threaten", "threatened", "threatens",
                                           "offer", "offered", "offers", "vowing", "promising", NULL};

static int is_negation(const parley_token *t) {
  if (is_any(t, NEGATIONS)) return 1;
  return t->fold && t->fold_len > 3 && !strcmp(t->fold + t->fold_len - 3, "n't");
}

static int is_clause_break(const parley_token *t) {
  return is(t, ";") || is(t, ":") || is(t, "\u2014") || is(t, "\u2013");
}

/* ---- codes ------------------------------------------------------------------------------------------------- */

/* Sector and organisation prefixes that are not countries (CAMEO actor codes). */
static int is_non_country_prefix(const char *code) {
  static const char *const pfx[] = {"IGO", "NGO", "NGM", "MNC", "IMG", "UIS", "UAF", "GOV", "MIL", "REB", "OPP",
                                    "COP", "SPY", "JUD", "LEG", "MED", "BUS", "CVL", "REF", "EDU", "LAB", "HLH",
                                    "ELI", "CRM", "AGR", "ENV", "RAD", "REL", "MOD", "INS", "SEP", "PTY", "SET",
                                    "IRC", "WSM", "---", NULL};
  for (size_t i = 0; pfx[i]; i++)
    if (!strncmp(code, pfx[i], 3)) return 1;
  return 0;
}

static void country_of(const char *code, char out[8]) {
  out[0] = '\0';
  if (strlen(code) >= 3 && !is_non_country_prefix(code)) {
    memcpy(out, code, 3);
    out[3] = '\0';
  }
}

/* CAMEO code of the intention to do what `code` does ("pledged to help" = 033, "vowed to attack" = 138). */
static const char *intent_code(const char *code) {
  int root = atoi((char[3]){code[0], code[1], 0});
  switch (root) {
  case 1: case 2: case 3: return NULL;
  case 4: return "036";
  case 5: return "032";
  case 6: return "031";
  case 7: return "033";
  case 8: return "035";
  case 9: return "039";
  case 10: case 11: case 12: return NULL;
  case 13: return NULL;
  case 14: case 15: return "130";
  case 16: return "131";
  case 17: return "137";
  default: return "138"; /* 18, 19, 20: threaten with military force */
  }
}

/* ---- phrases ----------------------------------------------------------------------------------------------- */

static int starts_phrase(const sent *s, size_t i) { return s->actor[i].n_tokens || s->agent[i].n_tokens; }

static int is_capitalised_word(const parley_token *t) {
  return t->cls == PARLEY_TOKEN_WORD && (t->flags & PARLEY_TOKEN_CAPITAL);
}

/* Resolves the phrase's components into one code, using the offices held on `date`. */
/* dst = a followed by b, cut to fit (codes are short; the cut never happens with real codes). */
static void join_code(char *dst, size_t cap, const char *a, const char *b) {
  size_t la = strnlen(a, cap - 1), lb = strnlen(b, cap - 1 - la);
  memcpy(dst, a, la);
  memcpy(dst + la, b, lb);
  dst[la + lb] = '\0';
}

/* Appends an agent code unless the code already says it ("IRNGOV" + "GOV" stays IRNGOV). */
static void add_agent(char *code, size_t cap, const char *agent) {
  if (!agent || !agent[0] || strstr(code, agent)) return;
  size_t len = strlen(code);
  if (len + strlen(agent) < cap && len + strlen(agent) <= 15) snprintf(code + len, cap - len, "%s", agent);
}

/* Resolves the phrase's components into one code, using the offices held on `date`: a named person or
 * organisation wins; otherwise the country with its agents ("Iranian" + "president" = IRNGOV); agents that
 * PETRARCH writes first ("NGO~") go before the country. */
static void resolve_np(const parley_lexicon *lex, const sent *s, np *p, const char *date) {
  char country[8] = "", specific[40] = "", pre[40] = "", post[40] = "";
  for (size_t i = p->s; i < p->e;) {
    if (s->actor[i].n_tokens) {
      const char *note = NULL;
      const char *code = pl_lexicon_actor_code(lex, s->actor[i].id, date, &note);
      if (!code) {
        /* out of office on that date (Trump in 2010, Pezeshkian in 2020): the person's country remains, not an
         * office held at another time */
        const char *any = pl_lexicon_actor_code(lex, s->actor[i].id, NULL, &note);
        if (any && strlen(any) >= 3 && !is_non_country_prefix(any) && !country[0]) {
          memcpy(country, any, 3);
          country[3] = '\0';
        }
      }
      if (code) {
        if (strlen(code) == 3 && !is_non_country_prefix(code)) {
          if (!country[0]) memcpy(country, code, 4);
        } else if (!specific[0] || strlen(code) > strlen(specific)) {
          snprintf(specific, sizeof specific, "%s", code);
        }
      }
      i += s->actor[i].n_tokens;
    } else if (s->agent[i].n_tokens) {
      const char *code = pl_lexicon_agent_code(lex, s->agent[i].id);
      if (pl_lexicon_agent_code_first(lex, s->agent[i].id)) add_agent(pre, sizeof pre, code);
      else add_agent(post, sizeof post, code);
      i += s->agent[i].n_tokens;
    } else {
      i++;
    }
  }
  /* "former officials", "Arnor former security officials": elites (CAMEO ELI), whatever office they held */
  int former = 0;
  for (size_t i = p->s > 0 ? p->s - 1 : 0; i < p->e; i++) former |= is(&s->t[i], "former");
  if (former && (pre[0] || post[0])) {
    pre[0] = '\0';
    snprintf(post, sizeof post, "ELI");
  }
  p->specific = specific[0] != '\0';
  p->agent_only = !specific[0] && !country[0] && (pre[0] || post[0]);
  if (specific[0]) {
    snprintf(p->code, sizeof p->code, "%s", specific);
  } else {
    snprintf(p->code, sizeof p->code, "%s%s", pre, country);
  }
  /* a named person keeps the code of his office ("President Ahmadinejad" after office is IRNELI, not IRNELIGOV);
   * an organisation without a sector takes the agent's ("activists of Amnesty International" = NGMOPP) */
  if (!specific[0] || strlen(specific) <= 3) add_agent(p->code, sizeof p->code, post);
  country_of(p->code, p->country);
  if (!p->country[0] && country[0]) memcpy(p->country, country, 4);
}

/* A lower-case word that is no verb, preposition or negation: an adjective or adverb modifying a phrase. */
static int is_modifier(const sent *s, size_t k) {
  const parley_token *t = &s->t[k];
  return t->cls == PARLEY_TOKEN_WORD && !(t->flags & PARLEY_TOKEN_CAPITAL) && !s->n_verbs[k] &&
         !is_any(t, PREPOSITIONS) && !is_negation(t) && !is(t, "and") && !is(t, "or") && s->np_of[k] < 0;
}

/* Greedy phrase from token i: actor and agent matches with the glue between them. Returns its end. */
static size_t extend_np(const sent *s, size_t i) {
  size_t j = i, unknown = 0, actor_end = SIZE_MAX, agent_end = SIZE_MAX;
  int have_agent = 0;
  while (j < s->n) {
    if (s->actor[j].n_tokens) {
      /* "anti-American protesters", "pro-Iranian militias": the name says whom they oppose or favour, not whose
       * they are; it stands alone */
      if (j >= 2 && is(&s->t[j - 1], "-") && (is(&s->t[j - 2], "anti") || is(&s->t[j - 2], "pro")))
        return j == i ? j + s->actor[j].n_tokens : j;
      j += s->actor[j].n_tokens;
      actor_end = j;
      unknown = 0;
      continue;
    }
    if (s->agent[j].n_tokens) {
      have_agent = 1;
      j += s->agent[j].n_tokens;
      agent_end = j;
      unknown = 0;
      continue;
    }
    /* possessive glue: "Russia's Security Council Secretary Nikolai Patrushev" */
    if ((is(&s->t[j], "'s") || is(&s->t[j], "'")) && j + 1 < s->n && starts_phrase(s, j + 1)) {
      j++;
      continue;
    }
    /* and before adjectives and an agent: "Iran's outspoken foreign minister", "Ithilen's awful and evil
     * minister" are the country's */
    if ((is(&s->t[j], "'s") || is(&s->t[j], "'")) && j > i) {
      size_t k = j + 1;
      while (k < s->n && k < j + 5 && !s->agent[k].n_tokens && !s->actor[k].n_tokens &&
             s->t[k].cls == PARLEY_TOKEN_WORD && !(s->t[k].flags & PARLEY_TOKEN_CAPITAL) && !s->n_verbs[k] &&
             !is_any(&s->t[k], PREPOSITIONS) && !is_any(&s->t[k], DETERMINERS) && !is_negation(&s->t[k]))
        k++;
      if (k > j + 1 && k < s->n && s->agent[k].n_tokens && !is(&s->t[k - 1], "and") && !is(&s->t[k - 1], "or")) {
        j = k;
        continue;
      }
    }
    /* adjectives between a country and its agent: "French special police", "Iranian senior officials", "French
     * anti-terrorist police" (an agent after "anti-" is no agent) */
    if (j == actor_end) {
      size_t k = j;
      while (k < s->n && k < j + 4 && !s->agent[k].n_tokens && !s->actor[k].n_tokens &&
             (is(&s->t[k], "-") || (is_modifier(s, k) && !is_any(&s->t[k], DETERMINERS))))
        k++;
      if (k > j && k < s->n && s->agent[k].n_tokens && !is(&s->t[k - 1], "-")) {
        j = k;
        continue;
      }
    }
    /* first names and titles the dictionary lacks, before a known name: "President Masoud Pezeshkian" */
    if (is_capitalised_word(&s->t[j]) && unknown < 2 && j + 1 < s->n &&
        (starts_phrase(s, j + 1) || (is_capitalised_word(&s->t[j + 1]) && j + 2 < s->n && starts_phrase(s, j + 2))) &&
        s->n_verbs[j] == 0) {
      unknown++;
      j++;
      continue;
    }
    /* "Arnor former security officials" */
    if (is(&s->t[j], "former") && j > i && j + 1 < s->n && s->agent[j + 1].n_tokens) {
      j++;
      continue;
    }
    /* apposition: "his Russian counterpart, Vladimir Putin," (not after a name: "Saudi Foreign Minister Faisal
     * bin Farhan, Amir Abdollahian" are two people) */
    if (is(&s->t[j], ",") && have_agent && agent_end == j && j + 1 < s->n && s->actor[j + 1].n_tokens >= 2) {
      j++;
      continue;
    }
    break;
  }
  /* a trailing possessive belongs to the phrase: "Russia's role" */
  if (j < s->n && (is(&s->t[j], "'s") || is(&s->t[j], "'"))) j++;
  return j;
}

static int push_np(sent *s, size_t start, size_t end, const parley_lexicon *lex, const char *date) {
  if (s->n_np >= s->cap_np) return 0;
  np *p = &s->nps[s->n_np];
  memset(p, 0, sizeof *p);
  p->s = start;
  p->e = end;
  resolve_np(lex, s, p, date);
  if (!p->code[0]) return 0;
  for (size_t k = start; k < end; k++) s->np_of[k] = (int)s->n_np;
  s->n_np++;
  /* an actor coded "FRO/BIL/SAM" stands for several: one phrase each, on the same words (a compound) */
  if (strchr(p->code, '/')) {
    char all[40];
    snprintf(all, sizeof all, "%s", p->code);
    int first = 1;
    for (char *part = all; part;) {
      char *next = strchr(part, '/');
      if (next) *next++ = '\0';
      if (first) {
        snprintf(p->code, sizeof p->code, "%s", part);
        first = 0;
      } else if (s->n_np < s->cap_np) {
        np *q = &s->nps[s->n_np++];
        *q = *p;
        snprintf(q->code, sizeof q->code, "%s", part);
        country_of(q->code, q->country);
      }
      part = next;
    }
  }
  country_of(p->code, p->country);
  return 1;
}

/* Pronouns and definite descriptions that stand for actors named earlier. */
static size_t anaphor_len(const sent *s, size_t i, int *plural) {
  const parley_token *t = s->t;
  static const char *const singular[] = {"he", "she", NULL};
  static const char *const pl[] = {"they", NULL};
  if (is_any(&t[i], singular)) {
    *plural = 0;
    return 1;
  }
  if (is_any(&t[i], pl)) {
    *plural = 1;
    return 1;
  }
  /* "the two sides", "both sides", "the two", "the pair", "the two countries", "the two presidents" */
  if ((is(&t[i], "the") || is(&t[i], "both")) && i + 1 < s->n) {
    size_t k = i + 1;
    if (is(&t[k], "two")) k++;
    if (k < s->n && (is(&t[k], "sides") || is(&t[k], "pair") || is(&t[k], "countries") || is(&t[k], "leaders") ||
                     is(&t[k], "presidents") || is(&t[k], "ministers") || is(&t[k], "nations") ||
                     is(&t[k], "officials")))
      k++;
    if (k > i + 1 && (k > i + 2 || !is(&t[i + 1], "two"))) {
      *plural = 1;
      return k - i;
    }
    if (k == i + 2 && is(&t[i + 1], "two")) {
      *plural = 1;
      return 2;
    }
  }
  return 0;
}

/* "he", "she" stand for people: a named actor, or a country's official, soldier, lawmaker or judge, never
 * "Syrian people" or "the media". */
static int is_official(const char *code) {
  static const char *const sectors[] = {"GOV", "MIL", "LEG", "JUD", "COP", "SPY", "ELI", NULL};
  if (strlen(code) <= 3) return 0;
  for (size_t i = 0; sectors[i]; i++)
    if (strstr(code + 3, sectors[i])) return 1;
  return 0;
}

static void find_phrases(sent *s, const parley_lexicon *lex, const char *date, memory *mem) {
  for (size_t i = 0; i < s->n;) {
    if (starts_phrase(s, i)) {
      size_t e = extend_np(s, i);
      push_np(s, i, e, lex, date);
      i = e;
      continue;
    }
    int plural = 0;
    size_t alen = anaphor_len(s, i, &plural);
    /* "the presidents of Iran and Russia" names its actors: not an anaphor */
    size_t after = i + alen;
    if (alen && after + 1 < s->n && (is(&s->t[after], "of") || is(&s->t[after], "from")) &&
        starts_phrase(s, after + 1))
      alen = 0;
    if (alen && (i + alen >= s->n || !starts_phrase(s, i + alen))) {
      /* "Trump has promised to tear up the deal if he becomes president": an official named earlier in the same
       * sentence (its first, usually the subject) comes before the article's memory (not an organisation:
       * "a woman linked to al-Qaeda ... where she faces trial") */
      const np *same = NULL;
      for (size_t q = 0; q < s->n_np && !same; q++)
        if (!s->nps[q].pronoun && is_official(s->nps[q].code)) same = &s->nps[q];
      if (!plural && (same || mem->have_person) && s->n_np < s->cap_np) {
        np *p = &s->nps[s->n_np];
        *p = same ? *same : mem->person;
        p->s = i;
        p->e = i + alen;
        p->pronoun = 1;
        for (size_t k = i; k < i + alen; k++) s->np_of[k] = (int)s->n_np;
        s->n_np++;
      } else if (plural && mem->n_pair >= 2 && s->n_np + mem->n_pair <= s->cap_np) {
        /* a plural anaphor stands for the whole remembered compound: one phrase per member, same span */
        for (size_t m = 0; m < mem->n_pair; m++) {
          np *p = &s->nps[s->n_np];
          *p = mem->pair[m];
          p->s = i;
          p->e = i + alen;
          p->pronoun = 1;
          s->n_np++;
        }
        for (size_t k = i; k < i + alen; k++) s->np_of[k] = (int)(s->n_np - 1);
      } else {
        i++; /* nothing to refer back to: the words may still be an agent ("the presidents") */
        continue;
      }
      i += alen;
      continue;
    }
    i++;
  }
}

/* Is the "with" before a phrase starting at g (after determiners and adjectives) the other side of a fight? */
static int clash_before(const sent *s, size_t g) {
  size_t k = g, words = 0;
  /* "with armed bandits": "armed" may be a verb form; any two lower-case words pass */
  while (k > 0 && (is_any(&s->t[k - 1], DETERMINERS) ||
                   (s->t[k - 1].cls == PARLEY_TOKEN_WORD && !(s->t[k - 1].flags & PARLEY_TOKEN_CAPITAL) &&
                    !is_any(&s->t[k - 1], PREPOSITIONS) && ++words <= 2)))
    k--;
  return k >= 2 && is(&s->t[k - 1], "with") && is_any(&s->t[k - 2], CLASH_NOUNS);
}

/* A verb form used as a noun: "an attack", "a brief private visit", "Syria's support". */
static int is_noun_use(const sent *s, size_t i) {
  /* "Ithilen's militia vowed on Thursday": a past form followed by a preposition after "X's noun" is finite */
  const parley_token *v = &s->t[i];
  if (i >= 2 && i + 1 < s->n && (is(&s->t[i - 2], "'s") || is(&s->t[i - 2], "'")) && v->fold_len > 3 &&
      !strcmp(v->fold + v->fold_len - 2, "ed") && (is_any(&s->t[i + 1], PREPOSITIONS) || is(&s->t[i + 1], "that")))
    return 0;
  for (size_t k = i, steps = 0; k > 0 && steps < 4; k--, steps++) {
    const parley_token *t = &s->t[k - 1];
    if (is_any(t, DETERMINERS) || is(t, "'s") || is(t, "'")) return 1;
    /* an actor phrase inside a noun phrase after a determiner and a prefix: "an anti- Gondor parade", "a
     * pro-Russia rally" (not "the Iranian attack", where the phrase is the attacker) */
    if (s->np_of[k - 1] >= 0) {
      size_t q = s->nps[s->np_of[k - 1]].s;
      int prefixed = 0;
      if (q > 0 && is(&s->t[q - 1], "-")) {
        q--;
        if (q > 0 && is_modifier(s, q - 1)) q--;
        prefixed = 1;
      } else if (q > 0 && s->t[q - 1].fold_len > 1 && s->t[q - 1].fold[s->t[q - 1].fold_len - 1] == '-') {
        q--;
        prefixed = 1;
      }
      return prefixed && q > 0 && is_any(&s->t[q - 1], DETERMINERS);
    }
    /* adjectives, including those that are also verbs: "a brief private visit" */
    int adjective = is_modifier(s, k - 1) || (t->cls == PARLEY_TOKEN_WORD && !(t->flags & PARLEY_TOKEN_CAPITAL) &&
                                              s->np_of[k - 1] < 0 && !is_any(t, PREPOSITIONS) && !is_negation(t));
    if (!adjective || is_any(t, BE_AUX) || is(t, "to")) return 0;
  }
  return 0;
}

/* A verb form that names an event rather than telling one: a noun use, or a form right after a preposition ("hopes
 * for talks between ..."). */
static int names_an_event(const sent *s, size_t i) {
  return is_noun_use(s, i) || (i > 0 && is_any(&s->t[i - 1], PREPOSITIONS));
}

/* Joins phrases into compounds and distributes agents over "of/from/in" countries ("the presidents of Iran and
 * Russia" = IRNGOV + RUSGOV, "soldiers from Gondor" = GONMIL). */
static void find_groups(sent *s) {
  size_t g = 0;
  for (size_t i = 0; i < s->n_np;) {
    group *gr = &s->groups[g];
    gr->first = i;
    gr->count = 1;
    gr->s = s->nps[i].s;
    gr->e = s->nps[i].e;
    size_t j = i + 1;
    int comma_only = 0; /* the last joint is a bare comma */
    while (j < s->n_np) {
      if (s->nps[j].s == s->nps[j - 1].s) { /* members of one plural anaphor */
        j++;
        continue;
      }
      size_t a = s->nps[j - 1].e, b = s->nps[j].s;
      int ok = a <= b && b - a <= 5;
      int saw_conj = 0, saw_word_conj = 0;
      for (size_t k = a; ok && k < b; k++) {
        if (is(&s->t[k], "and") || is(&s->t[k], "&") || is(&s->t[k], "nor")) saw_conj = saw_word_conj = 1;
        else if ((is(&s->t[k], "-") || is(&s->t[k], "\u2013")) && b - a == 1) saw_conj = saw_word_conj = 1;
        else if (is(&s->t[k], ",")) saw_conj = 1;
        /* "Fornost and the evil awful Gondor": determiners and adjectives after the conjunction (not "if",
         * "when": "the Taliban representatives, if they ..." ends the list) */
        else if (!(saw_conj && (is_any(&s->t[k], DETERMINERS) || is_modifier(s, k)) &&
                   !is_any(&s->t[k], SUBORDINATORS)))
          ok = 0;
      }
      if (a == b) ok = 0;
      if (!ok) break;
      comma_only = !saw_word_conj;
      j++;
    }
    /* a list ends with "and" ("Iran, Russia and Turkey"); "Replicating Saudi Arabia, Qatar recalled" is none,
     * and in "relations between Iran and Jordan, the vice president said" the list ends at Jordan (a plural
     * anaphor's members, which share a span, go together) */
    if (comma_only) {
      while (j > i + 2 && s->nps[j - 1].s == s->nps[j - 2].s) j--;
      j--;
    }
    gr->count = j - i;
    gr->e = s->nps[j - 1].e;
    gr->prep = NULL;
    if (gr->s > 0) {
      /* back over "in the two main": modifiers, then determiners; a modifier before a determiner belongs to
       * another phrase ("in the region but the militants": the militants follow no preposition) */
      size_t k = gr->s - 1, mods = 0;
      int saw_det = 0;
      while (k > 0) {
        if (is_any(&s->t[k], DETERMINERS)) saw_det = 1;
        else if (saw_det || !is_modifier(s, k) || ++mods > 2) break;
        k--;
      }
      if (is_any(&s->t[k], PREPOSITIONS)) gr->prep = s->t[k].fold;
    }
    for (size_t m = i; m < j; m++) s->nps[m].group = g;
    g++;
    i = j;
  }
  s->n_groups = g;
  /* "Danish media and government": agents listed after a country's phrase belong to that country */
  for (size_t gi = 0; gi < s->n_groups; gi++) {
    const group *gr = &s->groups[gi];
    const np *lead = NULL;
    for (size_t m = gr->first; m < gr->first + gr->count; m++) {
      np *p = &s->nps[m];
      if (p->pronoun) continue;
      if (!p->specific && p->country[0] && strlen(p->code) > 3) lead = p;
      else if (p->agent_only && lead) {
        char agent[40];
        memcpy(agent, p->code, sizeof agent);
        join_code(p->code, sizeof p->code, lead->country, agent);
        memcpy(p->country, lead->country, sizeof p->country);
        p->agent_only = 0;
      }
    }
  }
  /* agents followed by of/from/in + countries: every agent of every country ("the presidents of Iran and Russia"
   * = IRNGOV + RUSGOV, "lawmakers and officials in Fornost and Gondor" = four actors) */
  for (size_t k = 0; k + 1 < s->n_groups; k++) {
    group *a = &s->groups[k], *b = &s->groups[k + 1];
    if (!a->count || b->s < a->e || b->s - a->e > 3) continue;
    if (!prep_in(b, OWNER_PREPS)) continue;
    /* "Ithilen and the government of Gondor": only the compound's last member is "of Gondor" */
    np *last = &s->nps[a->first + a->count - 1];
    if (a->count > 1 && last->agent_only && b->count == 1 && !s->nps[b->first].specific &&
        s->nps[b->first].country[0] && strlen(s->nps[b->first].code) == 3) {
      char agent[40];
      memcpy(agent, last->code, sizeof agent);
      join_code(last->code, sizeof last->code, s->nps[b->first].country, agent);
      memcpy(last->country, s->nps[b->first].country, sizeof last->country);
      last->agent_only = 0;
      last->e = s->nps[b->first].e;
      a->e = b->e;
      b->count = 0;
      continue;
    }
    /* "activists of Amnesty International", "former officials in the White House": the organisation's people */
    np *org = &s->nps[b->first];
    if (a->count == 1 && b->count == 1 && s->nps[a->first].agent_only && org->specific && !org->pronoun &&
        strcmp(b->prep, "from") != 0) {
      np *ag = &s->nps[a->first];
      char agent[40];
      memcpy(agent, ag->code, sizeof agent);
      memcpy(ag->code, org->code, sizeof ag->code);
      if (strlen(org->code) <= 3 || !strcmp(agent, "ELI")) add_agent(ag->code, sizeof ag->code, agent);
      memcpy(ag->country, org->country, sizeof ag->country);
      ag->specific = 1;
      ag->agent_only = 0;
      for (size_t q = org->s; q < org->e; q++) s->np_of[q] = (int)a->first;
      ag->e = org->e;
      a->e = b->e;
      b->count = 0;
      continue;
    }
    int agents = 1, countries = 1;
    for (size_t m = a->first; m < a->first + a->count; m++) agents &= s->nps[m].agent_only;
    for (size_t m = b->first; m < b->first + b->count; m++)
      countries &= !s->nps[m].specific && s->nps[m].country[0] && strlen(s->nps[m].code) == 3;
    if (!agents || !countries || s->n_np + a->count * b->count > s->cap_np) continue;
    size_t first = s->n_np;
    for (size_t mb = b->first; mb < b->first + b->count; mb++)
      for (size_t ma = a->first; ma < a->first + a->count; ma++) {
        np *p = &s->nps[s->n_np++];
        *p = s->nps[mb];
        char country[8], agent[40];
        memcpy(country, s->nps[mb].country, sizeof country);
        memcpy(agent, s->nps[ma].code, sizeof agent);
        join_code(p->code, sizeof p->code, country, agent);
        p->s = s->nps[ma].s;
        p->group = k + 1;
      }
    b->first = first;
    b->count = a->count * b->count;
    b->s = a->s;
    b->prep = a->prep;
    a->count = 0;
  }
}

/* ---- patterns ---------------------------------------------------------------------------------------------- */

typedef struct pat_match {
  const pl_verb_pattern *pat;
  int score;            /* elements matched (more = more specific) */
  long src_tok, tgt_tok; /* token where the $ / + slot matched, -1 none */
  size_t lo, hi;        /* token range covered by the pattern */
} pat_match;

/* Matches the phrase at token i against a literal word; longer dictionary words ending in a stem match as a
 * prefix (PETRARCH's convention for entries written without a trailing underscore is resolved by the lexicon). */
static int word_at(const sent *s, size_t i, const char *w) { return i < s->n && is(&s->t[i], w); }

/* Does the phrase at token q fill the slot? PETRARCH's % slot takes a compound ("Iran and Russia agree"). */
static int slot_fits(const sent *s, const pl_pat_elem *el, size_t q) {
  if (s->np_of[q] < 0) return 0;
  if (el->type != PL_PAT_COMPOUND) return 1;
  return s->groups[s->nps[s->np_of[q]].group].count >= 2;
}

/* Is the phrase at token q the object of a preposition other than "of"? Such a phrase is never the subject
 * before a verb: "who shot at US officers while in detention in Afghanistan was extradited". */
static int prep_object(const sent *s, size_t q) {
  const char *prep = s->groups[s->nps[s->np_of[q]].group].prep;
  return prep && strcmp(prep, "of") != 0;
}

/* Tries one pattern around the verb at tokens [v, v_end). Pre-verb elements are searched backwards, post-verb
 * elements forwards, each within the clause and in order, allowing gaps. */
static int try_pattern(const sent *s, const parley_lexicon *lex, const pl_verb_pattern *p, size_t v, size_t v_end,
                       pat_match *m) {
  size_t star = p->n_elems;
  for (size_t k = 0; k < p->n_elems; k++)
    if (p->elems[k].type == PL_PAT_VERB) {
      star = k;
      break;
    }
  if (star == p->n_elems) star = 0; /* no '*': everything follows the verb */
  m->pat = p;
  m->score = 0;
  m->src_tok = m->tgt_tok = -1;
  m->lo = v;
  m->hi = v_end;
  /* after the verb */
  size_t pos = v_end;
  for (size_t k = star + (p->n_elems && p->elems[star].type == PL_PAT_VERB); k < p->n_elems; k++) {
    const pl_pat_elem *el = &p->elems[k];
    int found = 0;
    int slot = el->type == PL_PAT_TARGET || el->type == PL_PAT_SOURCE || el->type == PL_PAT_COMPOUND;
    size_t skipped = 0; /* a slot takes the next phrase: only determiners and two other words may come first */
    for (size_t q = pos; q < s->n && q < pos + 12 && !is_clause_break(&s->t[q]); q++) {
      if (el->joined && q > pos) break; /* PETRARCH `_`: no word may come between */
      if (slot && s->np_of[q] < 0) {
        if (is(&s->t[q], ",") || (s->n_verbs[q] && q > v_end)) break;
        if (!is_any(&s->t[q], DETERMINERS) && ++skipped > 2) break;
      }
      size_t len = 0;
      if (el->type == PL_PAT_WORD && word_at(s, q, el->word)) len = 1;
      else if (el->type == PL_PAT_SYNSET && pl_lexicon_synset_match(lex, el->synset, s->t, s->n, q, &len)) {
      } else if (slot && slot_fits(s, el, q)) {
        len = s->nps[s->np_of[q]].e - q;
        if (el->type == PL_PAT_SOURCE) m->src_tok = (long)q;
        else m->tgt_tok = (long)q;
      } else if (el->type == PL_PAT_ANY) {
        /* PETRARCH's ^ skips the next phrase: "* IFTAR IN ^ +" */
        while (q < s->n && s->np_of[q] < 0 && !is_clause_break(&s->t[q])) q++;
        if (q < s->n && s->np_of[q] >= 0) pos = s->nps[s->np_of[q]].e;
        found = 1;
        break;
      }
      if (len) {
        pos = q + len;
        found = 1;
        m->hi = pos;
        break;
      }
      /* slots and words may not skip over another phrase's head verb */
      if (!slot && s->n_verbs[q] && q > v_end + 1) break;
    }
    if (!found) return 0;
    if (el->type == PL_PAT_WORD || el->type == PL_PAT_SYNSET) m->score += 2;
    else m->score += 1;
  }
  /* before the verb, backwards */
  long bpos = (long)v - 1;
  for (long k = (long)star - 1; k >= 0; k--) {
    const pl_pat_elem *el = &p->elems[k];
    int adjacent = p->elems[k + 1].joined; /* the element after this one is joined to it */
    int found = 0;
    for (long q = bpos; q >= 0 && !is_clause_break(&s->t[q]) && (!adjacent || q > bpos - 4); q--) {
      size_t len = 0;
      if (el->type == PL_PAT_WORD && word_at(s, (size_t)q, el->word)) len = 1;
      else if (el->type == PL_PAT_SYNSET && pl_lexicon_synset_match(lex, el->synset, s->t, s->n, (size_t)q, &len)) {
      } else if ((el->type == PL_PAT_TARGET || el->type == PL_PAT_SOURCE || el->type == PL_PAT_COMPOUND) &&
                 slot_fits(s, el, (size_t)q) && !prep_object(s, (size_t)q)) {
        len = 1;
        q = (long)s->nps[s->np_of[q]].s;
        if (el->type == PL_PAT_TARGET) m->tgt_tok = q;
        else m->src_tok = q;
      } else if (el->type == PL_PAT_ANY) {
        found = 1;
        break;
      }
      if (len && adjacent && q + (long)len - 1 != bpos) len = 0; /* must end right before the next element */
      if (len) {
        bpos = q - 1;
        found = 1;
        if ((size_t)q < m->lo) m->lo = (size_t)q;
        break;
      }
    }
    if (!found) return 0;
    if (el->type == PL_PAT_WORD || el->type == PL_PAT_SYNSET) m->score += 2;
    else m->score += 1;
  }
  return 1;
}

/* ---- events ------------------------------------------------------------------------------------------------ */

static void explainf(parley_coder *c, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
static void explainf(parley_coder *c, const char *fmt, ...) {
  if (!(c->opts.flags & PARLEY_CODER_EXPLAIN)) return;
  char buf[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  pl_strbuf_puts(&c->explain, buf);
}

static const char *span_text(parley_coder *c, const sent *s, size_t a, size_t b) {
  if (a >= b) return "";
  size_t start = s->t[a].start, end = s->t[b - 1].end;
  return pl_arena_strndup(&c->arena, s->text + start, end - start);
}

typedef struct candidate {
  const np *src, *tgt;
  const char *code;
  size_t v, v_end;
  const pat_match *pm;
  const char *date;
} candidate;

/* "troops", "officials", "reporters" with no country: a sector that names nobody in particular. Armed groups,
 * rebels and organisations are actors in their own right. */
static int is_bare_sector(const np *p) {
  static const char *const standalone[] = {"REB", "INS", "IMG", "UAF", "SEP", "RAD", "CRM", "IGO", "NGO", NULL};
  if (!p->agent_only || strlen(p->code) != 3) return 0;
  for (size_t j = 0; standalone[j]; j++)
    if (!strcmp(p->code, standalone[j])) return 0;
  return 1;
}

static int group_is_bare(const sent *s, const group *gr) {
  for (size_t m = gr->first; m < gr->first + gr->count; m++)
    if (!is_bare_sector(&s->nps[m])) return 0;
  return gr->count > 0;
}

/* ---- places --------------------------------------------------------------------------------------------- */

static void add_country(char (*cc)[4], size_t *n, const char *code) {
  if (strlen(code) != 3 || *n >= MAX_GEO_COUNTRIES) return;
  for (size_t i = 0; i < *n; i++)
    if (!strcmp(cc[i], code)) return;
  memcpy(cc[(*n)++], code, 4);
}

/* The places the sentence names, read with the countries of its actors and of the article so far; then those
 * countries join the article's. Words of a named person's or organisation's phrase are no place. */
static int find_places(parley_coder *c, sent *s) {
  char cc[MAX_GEO_COUNTRIES][4];
  size_t ncc = 0;
  unsigned char *blocked = pl_arena_calloc(&c->arena, s->n, 1);
  if (!blocked) return PARLEY_ENOMEM;
  for (size_t i = 0; i < s->n_np; i++) {
    const np *p = &s->nps[i];
    if (p->country[0]) add_country(cc, &ncc, p->country);
    if (p->specific && strlen(p->code) > 3)
      for (size_t k = p->s; k < p->e && k < s->n; k++) blocked[k] = 1;
  }
  pl_geo_context ctx = {(const char(*)[4])cc, ncc, (const char(*)[4])c->geo_doc_cc, c->geo_n_doc_cc};
  s->n_geo = pl_geo_mentions(c->gaz, s->t, s->n, blocked, &ctx, s->geo, MAX_GEO_MENTIONS);
  for (size_t i = 0; i < ncc; i++) add_country(c->geo_doc_cc, &c->geo_n_doc_cc, cc[i]);
  for (size_t i = 0; i < s->n_geo; i++) {
    add_country(c->geo_doc_cc, &c->geo_n_doc_cc, s->geo[i].place->country);
    explainf(c, "  place \"%.*s\" = %s (%s, %s, %s)\n", (int)(s->t[s->geo[i].e - 1].end - s->t[s->geo[i].s].start),
             s->text + s->t[s->geo[i].s].start, s->geo[i].place->name, s->geo[i].place->feature,
             s->geo[i].place->admin1 ? s->geo[i].place->admin1 : "-", s->geo[i].place->country);
  }
  return 0;
}

/* The dateline's place is the event's when the sentence names no place of another country and a side of the
 * event belongs to the dateline's country (or has none): "KABUL — Police arrested ..." but not "WASHINGTON — Iran
 * and Russia signed ...". */
static int dateline_local(const parley_coder *c, const sent *s, const candidate *k) {
  const char *dc = c->dateline->country;
  for (size_t i = 0; i < s->n_geo; i++)
    if (strcmp(s->geo[i].place->country, dc)) return 0;
  if (!k->src->country[0] || !strcmp(k->src->country, dc)) return 1;
  return k->tgt && !strcmp(k->tgt->country, dc);
}

static void set_location(parley_coder *c, const sent *s, const candidate *k, parley_event *e) {
  long m = pl_geo_event_mention(s->t, s->n, s->geo, s->n_geo, k->v, k->v_end);
  const parley_place *p = NULL;
  if (m >= 0) {
    p = s->geo[m].place;
    e->location_from = "clause";
  } else if (c->dateline && dateline_local(c, s, k)) {
    p = c->dateline;
    e->location_from = "dateline";
  }
  if (!p) return;
  e->location_name = p->name;
  snprintf(e->location_country, sizeof e->location_country, "%s", p->country);
  e->location_geonameid = p->geonameid;
  e->location_lat = p->lat;
  e->location_lon = p->lon;
  snprintf(e->location_feature, sizeof e->location_feature, "%s", p->feature);
  e->location_admin1 = p->admin1;
}

static int emit(parley_coder *c, const sent *s, const parley_doc *doc, const candidate *k) {
  const parley_article *a = parley_doc_article(doc);
  /* "troops", "officials", "reporters" with no country name nobody in particular; armed groups and rebels are
   * actors in their own right */
  const np *sides[2] = {k->src, k->tgt};
  for (int i = 0; i < 2; i++) {
    const np *p = sides[i];
    if (p && is_bare_sector(p)) {
      explainf(c, "    drop %s %s %s: \"%s\" names no country\n", k->src->code, k->code, k->tgt ? k->tgt->code : "",
               p->code);
      return 0;
    }
  }
  /* "Iraqi officials ... Iraq": an actor and its own country is no event; a government and its own rebels is */
  if (k->tgt && k->src->country[0] && !strcmp(k->src->country, k->tgt->country) &&
      (strlen(k->src->code) == 3 || strlen(k->tgt->code) == 3)) {
    explainf(c, "    drop %s %s %s: an actor and its own country\n", k->src->code, k->code, k->tgt->code);
    return 0;
  }
  if (k->tgt && !strcmp(k->src->code, k->tgt->code)) {
    explainf(c, "    drop %s %s %s: source and target are the same actor\n", k->src->code, k->code, k->tgt->code);
    return 0;
  }
  if (!k->tgt && !(c->opts.flags & PARLEY_CODER_ONE_SIDED)) return 0;
  /* the same event twice from one sentence (two patterns, or a compound listed twice); a sentence's events are
   * the last ones appended, so the scan stops at the previous sentence (a scan of the whole article made
   * coding quadratic in its events) */
  for (size_t i = c->events.n; i-- > 0 && c->events.v[i].sentence == s->sent_index;) {
    parley_event *o = &c->events.v[i];
    if (!strcmp(o->cameo, k->code) && !strcmp(o->source.code, k->src->code) &&
        !strcmp(o->target.code, k->tgt ? k->tgt->code : ""))
      return 0;
  }
  if (c->events.n >= PARLEY_MAX_ARTICLE_EVENTS) {
    c->limits |= PARLEY_LIMIT_ARTICLE_EVENTS;
    return 0;
  }
  if (c->events.n == c->events.cap) {
    size_t cap = c->events.cap ? c->events.cap * 2 : 16;
    parley_event *v = realloc(c->events.v, cap * sizeof *v);
    if (!v) return PARLEY_ENOMEM;
    c->events.v = v;
    c->events.cap = cap;
  }
  parley_event *e = &c->events.v[c->events.n];
  memset(e, 0, sizeof *e);
  e->doc_id = a->id;
  e->doc_source = a->source;
  e->sentence = s->sent_index;
  snprintf(e->date, sizeof e->date, "%s", k->date ? k->date : "");
  snprintf(e->source.code, sizeof e->source.code, "%s", k->src->code);
  snprintf(e->source.country, sizeof e->source.country, "%s", k->src->country);
  e->source.text = span_text(c, s, k->src->s, k->src->e);
  e->source.span = (parley_span){s->t[k->src->s].start, s->t[k->src->e - 1].end};
  if (k->tgt) {
    snprintf(e->target.code, sizeof e->target.code, "%s", k->tgt->code);
    snprintf(e->target.country, sizeof e->target.country, "%s", k->tgt->country);
    e->target.text = span_text(c, s, k->tgt->s, k->tgt->e);
    e->target.span = (parley_span){s->t[k->tgt->s].start, s->t[k->tgt->e - 1].end};
  } else {
    e->target.text = "";
  }
  snprintf(e->cameo, sizeof e->cameo, "%s", k->code);
  memcpy(e->root, k->code, 2);
  e->root[2] = '\0';
  pl_code_info info;
  if (pl_lexicon_code_info(c->lex, k->code, &info) == PARLEY_OK) {
    e->quad_class = info.quad_class;
    e->goldstein = info.goldstein;
    e->plover_event = info.plover_event;
    e->plover_mode = info.plover_mode;
  }
  e->verb = span_text(c, s, k->v, k->v_end);
  e->pattern = k->pm ? k->pm->pat->text : NULL;
  parley_span *sp = pl_arena_alloc(&c->arena, 4 * sizeof *sp);
  if (!sp) return PARLEY_ENOMEM;
  size_t ns = 0;
  sp[ns++] = e->source.span;
  if (k->tgt) sp[ns++] = e->target.span;
  sp[ns++] = (parley_span){s->t[k->v].start, s->t[k->v_end - 1].end};
  if (k->pm && (k->pm->lo < k->v || k->pm->hi > k->v_end))
    sp[ns++] = (parley_span){s->t[k->pm->lo].start, s->t[k->pm->hi - 1].end};
  e->spans = sp;
  e->n_spans = ns;
  e->text = pl_arena_strndup(&c->arena, s->text + s->ps->start, s->ps->end - s->ps->start);
  if (c->gaz) {
    set_location(c, s, k, e);
  } else {
    /* location: a place named after "in" that is not a side of the event */
    for (size_t g = 0; g < s->n_groups; g++) {
      const group *gr = &s->groups[g];
      if (!gr->count || !gr->prep || strcmp(gr->prep, "in") || gr->count != 1) continue;
      const np *p = &s->nps[gr->first];
      if (p == k->src || p == k->tgt || p->specific || strlen(p->code) != 3 || p->pronoun || !p->country[0] ||
          p->agent_only)
        continue;
      e->location_name = span_text(c, s, p->s, p->e);
      snprintf(e->location_country, sizeof e->location_country, "%s", p->country);
      break;
    }
  }
  if (!e->text || !e->verb || !e->source.text || (k->tgt && !e->target.text)) return PARLEY_ENOMEM;
  c->events.n++;
  explainf(c, "    event %s -> %s %s (%s) date %s%s%s\n", e->source.code, e->target.code, e->cameo, e->verb,
           e->date[0] ? e->date : "unknown", e->pattern ? " pattern " : "", e->pattern ? e->pattern : "");
  return 0;
}

/* Source group for the verb at v: the nearest preceding group in the clause that is not a prepositional object
 * nor inside a pattern; failing that, the first non-prepositional group after the verb's target. */
static int followed_by_verb(const sent *s, size_t e);

static long find_source(const sent *s, size_t v, long skip_group) {
  for (long g = (long)s->n_groups - 1; g >= 0; g--) {
    const group *gr = &s->groups[g];
    if (!gr->count || gr->e > v || g == skip_group) continue;
    int broken = 0;
    for (size_t k = gr->e; k < v; k++)
      if (is_clause_break(&s->t[k])) broken = 1;
    if (broken) break;
    /* "after Iran fired missiles": "after", "before", "since" before a clause are conjunctions, not prepositions */
    if (gr->prep && !(prep_in(gr, CLAUSE_PREPS) && followed_by_verb(s, gr->e))) continue;
    return g;
  }
  return -1;
}

/* The source after the verb: "Rebuked by Eriador, Osgiliath ...", "In a phone call with X, Y said ...",
 * "Expressing satisfaction with X, Y said ...". Outside such an opening phrase, a phrase followed by a verb of its
 * own is that verb's subject ("Comments ... had sent shock waves, Reuters reported"), not the one sought. */
static long find_source_after(const sent *s, size_t v, long tgt_group) {
  size_t comma = 0; /* the opening phrase ends at the sentence's first comma, and the verb must be inside it */
  while (comma < s->n && !is(&s->t[comma], ",")) comma++;
  const parley_token *t0 = &s->t[0];
  int participle = t0->fold_len > 4 && (!strcmp(t0->fold + t0->fold_len - 3, "ing") ||
                                        !strcmp(t0->fold + t0->fold_len - 2, "ed"));
  int opening = (is_any(t0, PREPOSITIONS) || is(t0, "following") || participle) && comma < s->n && v <= comma;
  /* "During the meeting, Kalantari expressed ...": the opening phrase's subject is a name the dictionaries lack */
  if (opening && comma + 1 < s->n && is_capitalised_word(&s->t[comma + 1]) && s->np_of[comma + 1] < 0 &&
      !is_any(&s->t[comma + 1], DETERMINERS))
    return -1;
  for (size_t g = 0; g < s->n_groups; g++) {
    const group *gr = &s->groups[g];
    if (!gr->count || gr->s < v || (long)g == tgt_group || gr->prep) continue;
    if (!(opening && gr->s > comma) && followed_by_verb(s, gr->e)) continue;
    return (long)g;
  }
  return -1;
}

/* Does a verb (after an optional auxiliary or adverb) follow token e? Then the phrase ending at e is the subject
 * of a clause of its own, not an object. */
static int followed_by_verb(const sent *s, size_t e) {
  static const char *const aux[] = {"should", "would", "will", "must", "can", "could", "may", "might", "has", "have",
                                    "had", "is", "are", "was", "were", "also", "not", "had", "did", NULL};
  for (size_t k = e; k < s->n && k < e + 3; k++) {
    if (s->n_verbs[k] && s->np_of[k] < 0) return !is_noun_use(s, k);
    /* "Iran is to host": a clause; "urged Eriador to respond": an object with its infinitive */
    if (is(&s->t[k], "to") && k > e && is_any(&s->t[k - 1], BE_AUX)) continue;
    if (!is_any(&s->t[k], aux)) return 0;
  }
  return 0;
}

/* Target group after the verb. Phrases after "in" or "of" are places and possessors more often than targets:
 * they serve only when nothing better follows (and never for bare statements: "said in Tehran"). */
/* Does "by" before the phrase at g follow a participle ("memos sent by Bree"), not a noun ("sanctions by X")? */
static int by_participle(const sent *s, size_t g) {
  size_t k = g;
  while (k > 0 && (is_any(&s->t[k - 1], DETERMINERS) || is_modifier(s, k - 1))) k--;
  if (k < 2 || !is(&s->t[k - 1], "by")) return 0;
  const parley_token *p = &s->t[k - 2];
  return (p->fold_len > 3 && !strcmp(p->fold + p->fold_len - 2, "ed")) || is_any(p, IRREGULAR_PARTICIPLES);
}

/* meeting: the verb is a consultation (04 but for visits), whose other party is a direct object or comes after
 * "with", "to", "from", "between" or "among"; "discussed the sanctions by the United States" names no party */
static long find_target(const sent *s, size_t v_end, long src_group, int allow_fallback, int meeting) {
  long fallback = -1;
  for (size_t g = 0; g < s->n_groups; g++) {
    const group *gr = &s->groups[g];
    if (!gr->count || gr->s < v_end || (long)g == src_group) continue;
    int broken = 0;
    for (size_t k = v_end; k < gr->s; k++)
      if (is_clause_break(&s->t[k])) broken = 1;
    if (broken) break;
    if (!gr->prep && followed_by_verb(s, gr->e)) break; /* the subject of a clause of its own */
    if (group_is_bare(s, gr)) continue;                  /* "his first official visit": no actor to aim at */
    if (meeting && gr->prep && !prep_in(gr, PARTY_PREPS) && !(!strcmp(gr->prep, "by") && by_participle(s, gr->s)))
      continue;
    if (prep_in(gr, FALLBACK_PREPS)) {
      if (fallback < 0 && allow_fallback) fallback = (long)g;
      continue;
    }
    if (prep_in(gr, NO_TARGET_PREPS)) continue;
    return (long)g;
  }
  return fallback;
}

static long group_at(const sent *s, long tok) {
  if (tok < 0 || (size_t)tok >= s->n || s->np_of[tok] < 0) return -1; /* "were attacked by" ending the sentence */
  long g = (long)s->nps[s->np_of[tok]].group;
  if (s->groups[g].count) return g;
  /* a group merged into its neighbour ("the presidents of Iran and Russia", "the CEO of Siemens in Tehran"):
   * the neighbour whose tokens cover this one */
  for (long d = -1; d <= 1; d += 2)
    if (g + d >= 0 && (size_t)(g + d) < s->n_groups && s->groups[g + d].count &&
        s->groups[g + d].s <= (size_t)tok && (size_t)tok < s->groups[g + d].e)
      return g + d;
  return -1;
}

/* Event date for a verb at token v: the nearest anchored day-precision date expression, else the nearest
 * anchored month/year one, else the publication date. */
static const char *event_date(parley_coder *c, const sent *s, size_t v, pl_date pub) {
  pl_date_expr ex[8];
  size_t k = pl_dates_find(s->t, s->n, pub, ex, 8);
  long best = -1, best_dist = 0;
  for (int pass = 0; pass < 2 && best < 0; pass++) {
    for (size_t i = 0; i < k; i++) {
      if (!ex[i].anchored) continue;
      if ((pass == 0) != (ex[i].precision == PL_DATE_DAY)) continue;
      long d = (long)ex[i].tok_start - (long)v;
      if (d < 0) d = -d;
      if (best < 0 || d < best_dist) {
        best = (long)i;
        best_dist = d;
      }
    }
  }
  pl_date d = best >= 0 ? ex[best].date : pub;
  if (!pl_date_valid(d)) return NULL;
  char *out = pl_arena_alloc(&c->arena, 11);
  if (out) pl_date_format(d, out);
  return out;
}

/* "their meeting", "their talks": a possessive before an event noun (a verb form) — the compound's own event,
 * unlike "their populations". */
static int their_event(const sent *s, size_t k) {
  for (size_t steps = 0; k < s->n && steps < 3; k++, steps++) {
    if (s->n_verbs[k] && s->np_of[k] < 0) return 1;
    if (!is_modifier(s, k)) return 0;
  }
  return 0;
}

/* What coding one verb decided, for the verbs after it in the sentence. */
typedef struct verb_outcome {
  int main;          /* a main verb with an event code other than a bare statement */
  long source_group; /* the source it took, or -1 */
} verb_outcome;

static int code_verb(parley_coder *c, sent *s, const parley_doc *doc, size_t v, const pl_lex_hit *vh, pl_date pub,
                     const verb_outcome *prev, verb_outcome *out) {
  const parley_lexicon *lex = c->lex;
  size_t v_end = v + vh->n_tokens;
  const char *vname = pl_lexicon_verb_name(lex, vh->id);
  /* patterns: the most specific that matches wins */
  const pl_verb_pattern *pats = NULL;
  size_t np_ = pl_lexicon_verb_patterns(lex, vh->id, &pats);
  pat_match best = {0}, cur;
  int have = 0;
  for (size_t k = 0; k < np_; k++) {
    if (try_pattern(s, lex, &pats[k], v, v_end, &cur) && (!have || cur.score > best.score)) {
      best = cur;
      have = 1;
    }
  }
  const char *code = have ? best.pat->code : pl_lexicon_verb_code(lex, vh->id);
  out->main = 0;
  out->source_group = -1;
  if (!code || !code[0]) return 0;
  out->main = strncmp(code, "---", 3) && strncmp(code, "01", 2) && strncmp(code, "02", 2) &&
              strncmp(code, ":", 1);
  explainf(c, "  verb \"%s\" (%s) at token %zu: %s%s%s\n", span_text(c, s, v, v_end), vname ? vname : "?", v,
           have ? "pattern " : "default code ", have ? best.pat->text : code, have ? "" : "");
  if (!strncmp(code, "---", 3)) {
    explainf(c, "    drop: pattern blocks coding\n");
    return 0;
  }
  /* a negated or hypothetical verb is not the event (a pattern naming the negation was matched above) */
  int pattern_has_pre = have && best.lo < v;
  if (!pattern_has_pre) {
    for (size_t k = v; k > 0 && k + 4 > v; k--) {
      const parley_token *t = &s->t[k - 1];
      if (is_clause_break(t) || is(t, ",")) break;
      if (is_negation(t) || is(t, "denied") || is(t, "denies") || is(t, "refused") || is(t, "failed")) {
        explainf(c, "    drop: negated by \"%s\"\n", t->fold);
        return 0;
      }
    }
    for (size_t k = v; k > 0 && k + 8 > v; k--) {
      const parley_token *t = &s->t[k - 1];
      if (is_clause_break(t)) break;
      /* "may" lower-case only: "in May" is a month */
      if (is_any(t, HYPOTHETICALS) || (is(t, "may") && !(t->flags & PARLEY_TOKEN_CAPITAL))) {
        explainf(c, "    drop: hypothetical (\"%s\")\n", t->fold);
        return 0;
      }
    }
  }
  /* an intention: "pledged to support" codes the intention to support */
  char codebuf[8];
  snprintf(codebuf, sizeof codebuf, "%s", code);
  /* "040:040": the dictionary says the event also holds from target to source (mutual, or reciprocal with
   * another code: "032:033" visit / host) */
  char *colon = strchr(codebuf, ':');
  const char *reverse_code = NULL;
  char revbuf[8] = "";
  if (colon) {
    *colon = '\0';
    snprintf(revbuf, sizeof revbuf, "%s", colon + 1);
    if (revbuf[0] && strcmp(revbuf, "---")) reverse_code = revbuf;
  }
  int forward = codebuf[0] && strcmp(codebuf, "---");
  if (forward && v >= 2 && is(&s->t[v - 1], "to") && is_any(&s->t[v - 2], INTENT_VERBS)) {
    const char *ic = intent_code(codebuf);
    if (ic) {
      explainf(c, "    intention (\"%s to\"): %s -> %s\n", s->t[v - 2].fold, codebuf, ic);
      snprintf(codebuf, sizeof codebuf, "%s", ic);
      reverse_code = NULL;
    }
  }
  /* source and target */
  long tg = have && best.tgt_tok >= 0 ? group_at(s, best.tgt_tok) : -1;
  long sg = have && best.src_tok >= 0 ? group_at(s, best.src_tok) : -1;
  /* passive voice: "was attacked by X", "was fiercely opposed by X", "was opposed earlier by X" */
  size_t aux = v;
  if (aux > 1 && is_modifier(s, aux - 1) && !is_any(&s->t[aux - 1], BE_AUX)) aux--;
  size_t by_tok = v_end;
  if (by_tok + 1 < s->n && !is(&s->t[by_tok], "by") && is_modifier(s, by_tok)) by_tok++;
  int by_follows = by_tok < s->n && is(&s->t[by_tok], "by");
  /* "was attacked by X", and the participle alone: "moves in Syria, supported by the Israeli regime" */
  int passive = by_follows && ((aux > 0 && is_any(&s->t[aux - 1], BE_AUX)) ||
                               (s->t[v].fold_len > 2 && !strcmp(s->t[v].fold + s->t[v].fold_len - 2, "ed") &&
                                (v == 0 || is(&s->t[v - 1], ",") || s->np_of[v - 1] >= 0 || is_modifier(s, v - 1))));
  /* a pattern's target slot after "by" ("support * +" on "supported by the Israeli regime") is the agent */
  /* "Soleimani was assassinated in a U.S. airstrike": the passive voice without "by". The subject is the target
   * and the source an actor naming the act after the verb ("a U.S. airstrike", "an Israeli raid"); a pattern's
   * target slot after the verb is no target here. With no such actor, a place after the verb ("were killed in
   * Beirut") is no target either: no event, rather than one from the victim to the place. Otherwise the
   * sentence is coded as active (PETRARCH's reading of "X was criticized over its dispute with Y"). */
  const parley_token *vt = &s->t[v];
  int agentless = !by_follows && aux > 0 && is_any(&s->t[aux - 1], BE_AUX) && !is_any(vt, STATIVE_PARTICIPLES) &&
                  ((vt->fold_len > 3 && !strcmp(vt->fold + vt->fold_len - 2, "ed")) ||
                   is_any(vt, IRREGULAR_PARTICIPLES));
  if (agentless && sg < 0 && (tg < 0 || best.tgt_tok > (long)v)) {
    long subject = find_source(s, v, -1);
    if (subject >= 0) {
      long agent = -1;
      for (size_t g = 0; g < s->n_groups && agent < 0; g++) {
        const group *gr = &s->groups[g];
        if (!gr->count || gr->s < v_end || (long)g == subject) continue;
        int broken = 0;
        for (size_t k = v_end; k < gr->s; k++) broken |= is_clause_break(&s->t[k]) || is(&s->t[k], ",");
        if (broken) break;
        if (gr->e < s->n && s->n_verbs[gr->e] && s->np_of[gr->e] < 0) agent = (long)g;
        /* "during clashes with armed bandits", "in an attack by militants" */
        if ((gr->prep && !strcmp(gr->prep, "by")) || clash_before(s, gr->s)) agent = (long)g;
      }
      if (agent >= 0) {
        size_t act = s->groups[agent].e;
        if (act < s->n && s->n_verbs[act]) s->used[act] = 1; /* "airstrike" names this act: no event of its own */
        sg = agent;
        tg = subject;
        passive = 1;
        explainf(c, "    passive voice: the subject is the target, the source names the act\n");
      } else {
        long place = find_target(s, v_end, subject, 1, 0);
        if (place >= 0 && prep_in(&s->groups[place], LOCATIVES)) {
          explainf(c, "    drop: passive voice with no agent, and a place after the verb\n");
          return 0;
        }
      }
    }
  }
  if (passive && sg < 0 && (tg < 0 || best.tgt_tok > (long)by_tok)) {
    size_t agent_tok = by_tok + 1; /* "by the Israeli government" */
    while (agent_tok < s->n && agent_tok < by_tok + 4 && s->np_of[agent_tok] < 0 &&
           (is_any(&s->t[agent_tok], DETERMINERS) || is_modifier(s, agent_tok)))
      agent_tok++;
    long by = group_at(s, (long)agent_tok);
    long before = find_source(s, v, -1);
    /* a participle modifies the phrase right before it ("militants in Syria, supported by"): after other words
     * ("citing the data released by X") it modifies those, and no actor is its target */
    if (before >= 0 && !(aux > 0 && is_any(&s->t[aux - 1], BE_AUX)))
      for (size_t k = (size_t)s->groups[before].e; k < v && before >= 0; k++)
        if (!is(&s->t[k], ",") && !is_modifier(s, k)) before = -1;
    /* "Rebuked by Eriador, the state's fiercest foe, Osgiliath is ...": the subject follows the participle */
    if (before < 0 && v == 0 && by >= 0) before = find_source_after(s, v_end, by);
    if (by >= 0) {
      sg = by;
      tg = before;
      explainf(c, "    passive voice: source after \"by\"\n");
    }
  }
  /* "the latest visit of President Assad to Tehran", "a visit by Xi Jinping to Tehran": a noun's "of" or "by"
   * names its actor, and the phrase after it ("to Tehran") its target */
  if (sg < 0 && v_end < s->n && (is(&s->t[v_end], "by") || is(&s->t[v_end], "of")) &&
      names_an_event(s, v)) {
    for (size_t g = 0; g < s->n_groups; g++)
      if (s->groups[g].count && s->groups[g].s > v_end && s->groups[g].s <= v_end + 4 &&
          prep_in(&s->groups[g], ACTOR_PREPS)) {
        sg = (long)g;
        if (tg == sg) tg = -1;
        explainf(c, "    \"%s %s\": its actor follows\n", s->t[v].fold, s->t[v_end].fold);
        break;
      }
  }
  /* "the talks between Iran and the major powers", "clashes between Gondor and Arnor": a noun followed by
   * "between" names its own parties, who act on each other; the clause's subject is no party */
  if (sg < 0 && tg < 0 && v_end < s->n && is(&s->t[v_end], "between") && forward &&
      names_an_event(s, v)) {
    long among = -1;
    for (size_t g = 0; g < s->n_groups && among < 0; g++)
      if (s->groups[g].count >= 2 && s->groups[g].prep && !strcmp(s->groups[g].prep, "between") &&
          s->groups[g].s > v_end && s->groups[g].s <= v_end + 4)
        among = (long)g;
    if (among >= 0) {
      sg = among;
      if (!reverse_code) {
        snprintf(revbuf, sizeof revbuf, "%s", codebuf);
        reverse_code = revbuf;
      }
      explainf(c, "    \"%s between\": the parties are named after it\n", s->t[v].fold);
    }
  }
  /* "X condemned the attack and promised aid": a verb coordinated with the previous one shares its subject */
  if (sg < 0 && prev && prev->source_group >= 0 && v > 0) {
    size_t k = v - 1;
    if (k > 0 && is_modifier(s, k)) k--;
    if (is(&s->t[k], "and") && (size_t)s->groups[prev->source_group].e <= k &&
        find_source(s, v, tg) != prev->source_group) {
      int subject_between = 0;
      for (size_t g = 0; g < s->n_groups; g++)
        if (s->groups[g].count && !s->groups[g].prep && s->groups[g].s > (size_t)s->groups[prev->source_group].e &&
            s->groups[g].e <= k && (long)g != prev->source_group && followed_by_verb(s, s->groups[g].e))
          subject_between = 1;
      if (!subject_between) {
        sg = prev->source_group;
        explainf(c, "    coordinated with the previous verb: same source\n");
      }
    }
  }
  if (sg < 0) sg = find_source(s, v, tg);
  int statement = !strncmp(codebuf, "01", 2) || !strncmp(codebuf, "02", 2);
  /* "met in Tehran with Jalalpour", "held talks in Moscow": the place of a meeting is no party to it (a visit's
   * place is its destination: 042, 043 keep it) */
  int meeting = !strncmp(codebuf, "04", 2) && strcmp(codebuf, "042") && strcmp(codebuf, "043");
  if (tg < 0 && !passive) tg = find_target(s, v_end, sg, !statement && !meeting, meeting);
  /* "Falahatpisheh criticized the U.S. policies in supporting terrorists", "foreign nationals have visited Iran
   * despite U.S. sanctions": the subject is a name or noun the dictionaries lack; no phrase after the verb
   * stands in for it */
  static const char *const adverbs[] = {"also", "still", "already", "never", "just", "then", "now", "again",
                                        "not", "once", "later", "soon", "earlier", NULL};
  static const char *const no_subject[] = {"and", "or", "but", "who", "which", "that", "it", "he", "she", "they",
                                           "we", "i", "you", "this", "these", "those", "there", "where", "when",
                                           "what", "as", "if", NULL};
  size_t before_v = v;
  while (before_v > 0 && (is_any(&s->t[before_v - 1], BE_AUX) || is_any(&s->t[before_v - 1], AUXILIARIES) ||
                          is_any(&s->t[before_v - 1], adverbs) ||
                          (is_modifier(s, before_v - 1) && s->t[before_v - 1].fold_len > 2 &&
                           !strcmp(s->t[before_v - 1].fold + s->t[before_v - 1].fold_len - 2, "ly"))))
    before_v--;
  if (sg < 0 && before_v > 0 && s->np_of[before_v - 1] < 0) {
    /* a lower-case noun counts only before an auxiliary ("nationals have visited"): right before a verb form it
     * is as often an object ("the attack launched") */
    const parley_token *subj = &s->t[before_v - 1];
    if (is_capitalised_word(subj) ||
        (before_v < v && subj->cls == PARLEY_TOKEN_WORD && !s->n_verbs[before_v - 1] &&
         !is_any(subj, PREPOSITIONS) && !is_any(subj, DETERMINERS) && !is_any(subj, no_subject))) {
      explainf(c, "    drop: the subject \"%s\" is not in the dictionaries\n", subj->fold);
      return 0;
    }
  }
  if (sg < 0) sg = find_source_after(s, v_end, tg);
  if (sg == tg) tg = -1;
  if (sg < 0) {
    explainf(c, "    drop: no source\n");
    return 0;
  }
  out->source_group = sg;
  const group *src = &s->groups[sg];
  const group *tgt = tg >= 0 ? &s->groups[tg] : NULL;
  /* "Gondor and Osgiliath delayed their meeting": the compound acts on itself, each member on the other */
  size_t after = v_end;
  if (after < s->n && is_modifier(s, after) && !is(&s->t[after], "their")) after++;
  int reflexive = src->count >= 2 && after < s->n && (!tgt || (tgt->prep && (!strcmp(tgt->prep, "in") ||
                                                                              !strcmp(tgt->prep, "of")))) &&
                  ((is(&s->t[after], "their") && their_event(s, after + 1)) ||
                   (after + 1 < s->n && is(&s->t[after], "each") && is(&s->t[after + 1], "other")));
  if (reflexive && forward && !reverse_code) {
    snprintf(revbuf, sizeof revbuf, "%s", codebuf);
    reverse_code = revbuf;
  }
  if (reflexive && tgt && !(have && best.tgt_tok >= 0)) tgt = NULL;
  const char *date = event_date(c, s, v, pub);
  candidate k = {NULL, NULL, codebuf, v, v_end, have ? &best : NULL, date};
  int rc = 0;
  /* "Iran and Russia discussed Syria": in a consultation among a compound's members, a direct object is the
   * topic, not a party ("with Y" would be) */
  if (tgt && src->count >= 2 && reverse_code && !(have && best.tgt_tok >= 0) &&
      !(tgt->prep && (!strcmp(tgt->prep, "with") || !strcmp(tgt->prep, "to") || !strcmp(tgt->prep, "against") ||
                      !strcmp(tgt->prep, "between")))) {
    explainf(c, "    direct object of a consultation among a compound: a topic, not a target\n");
    tgt = NULL;
  }
  if (!tgt) {
    /* "Iran and Russia discussed ...": a mutual event between the members of the compound. Ten delegations
     * attending a meeting are a multilateral gathering, not 90 dyads that would swamp every count: past
     * MAX_MUTUAL members no pairwise events. */
    if (src->count > MAX_MUTUAL && reverse_code) {
      explainf(c, "    drop: a gathering of %zu parties codes no pairwise events\n", src->count);
      return 0;
    }
    if (src->count >= 2 && reverse_code) {
      for (size_t a = src->first; a < src->first + src->count; a++)
        for (size_t b = src->first; b < src->first + src->count; b++) {
          if (a == b || (a > b && !forward)) continue;
          k.src = &s->nps[a];
          k.tgt = &s->nps[b];
          k.code = a < b && forward ? codebuf : reverse_code;
          if ((rc = emit(c, s, doc, &k)) < 0) return rc;
        }
      return 0;
    }
    if (!(c->opts.flags & PARLEY_CODER_ONE_SIDED)) {
      explainf(c, "    drop: no target\n");
      return 0;
    }
  }
  for (size_t a = src->first; a < src->first + src->count; a++) {
    k.src = &s->nps[a];
    if (!tgt) {
      k.tgt = NULL;
      if (forward && (rc = emit(c, s, doc, &k)) < 0) return rc;
      continue;
    }
    for (size_t b = tgt->first; b < tgt->first + tgt->count; b++) {
      k.src = &s->nps[a];
      k.tgt = &s->nps[b];
      k.code = codebuf;
      if (forward && (rc = emit(c, s, doc, &k)) < 0) return rc;
      if (reverse_code) {
        k.src = &s->nps[b];
        k.tgt = &s->nps[a];
        k.code = reverse_code;
        if ((rc = emit(c, s, doc, &k)) < 0) return rc;
        k.code = codebuf;
      }
    }
  }
  if (have)
    for (size_t q = best.lo; q < best.hi; q++) s->used[q] = 1;
  return 0;
}

/* "X said in a telephone conversation with Y": when one sentence codes both a bare statement (root 01) and a
 * more specific event between the same two actors, the statement adds nothing. */
static void drop_vague_statements(parley_coder *c, size_t first) {
  size_t w = first;
  for (size_t i = first; i < c->events.n; i++) {
    const parley_event *e = &c->events.v[i];
    int vague = 0;
    if (!strcmp(e->root, "01"))
      for (size_t j = first; j < c->events.n && !vague; j++) {
        const parley_event *o = &c->events.v[j];
        vague = j != i && strcmp(o->root, "01") && !strcmp(o->source.code, e->source.code) &&
                !strcmp(o->target.code, e->target.code);
      }
    if (vague) {
      explainf(c, "    drop %s %s %s: a more specific event codes the same pair\n", e->source.code, e->cameo,
               e->target.code);
      continue;
    }
    if (w != i) c->events.v[w] = c->events.v[i];
    w++;
  }
  c->events.n = w;
}


static void remember(memory *mem, const sent *s) {
  for (size_t g = 0; g < s->n_groups; g++) {
    const group *gr = &s->groups[g];
    if (!gr->count) continue;
    if (gr->count >= 2 && gr->count <= MAX_COMPONENTS) {
      mem->n_pair = gr->count;
      for (size_t m = 0; m < gr->count; m++) mem->pair[m] = s->nps[gr->first + m];
    } else if (gr->count == 1) {
      const np *p = &s->nps[gr->first];
      if (!p->pronoun && !gr->prep && (p->specific || is_official(p->code))) {
        mem->person = *p;
        mem->have_person = 1;
      }
    }
  }
}

/* "to leave", "to be allowed", "to have acted" */
static int is_infinitive(const sent *s, size_t i) {
  if (i > 0 && is(&s->t[i - 1], "to")) return 1;
  return i > 1 && (is(&s->t[i - 1], "be") || is(&s->t[i - 1], "have")) && is(&s->t[i - 2], "to");
}

/* Is there a main verb (finite, with an event code other than a bare statement) after token i in its clause?
 * "During a phone conversation, X and Y exchanged views": the noun "phone" yields to "exchanged". */
static int main_after(const sent *s, const parley_lexicon *lex, size_t i) {
  for (size_t k = i + 1; k < s->n && !is_clause_break(&s->t[k]); k++) {
    /* "raids in which spokesmen said 54 were killed": a relative clause's verb is not the clause's main verb */
    if (is(&s->t[k], "which") || is(&s->t[k], "who") || is(&s->t[k], "whom") || is(&s->t[k], "whose")) return 0;
    if (!s->n_verbs[k] || s->np_of[k] >= 0 || is_noun_use(s, k) || is_infinitive(s, k)) continue;
    const char *vc = pl_lexicon_verb_code(lex, s->verbs[k * 2].id);
    if (vc && strncmp(vc, "01", 2) && strncmp(vc, "02", 2) && strncmp(vc, "---", 3)) return 1;
  }
  return 0;
}

static int has_capital(const parley_token *t, size_t n) {
  for (size_t k = 0; k < n; k++)
    if ((t[k].flags & PARLEY_TOKEN_CAPITAL) || t[k].cls != PARLEY_TOKEN_WORD) return 1;
  return 0;
}

/* Does a capitalised facility word ("Airport", "Street") follow at k, perhaps after "International"? */
static int names_a_place(const sent *s, size_t k) {
  static const char *const places[] = {"airport",  "street",   "square", "avenue",  "boulevard", "highway",
                                       "expressway", "stadium", "hospital", "mosque", "shrine",  "mausoleum",
                                       "bridge",   "dam",      "road",   "metro",    "station",   "terminal",
                                       NULL};
  if (k < s->n && (is(&s->t[k], "international") || is(&s->t[k], "memorial")) &&
      (s->t[k].flags & PARLEY_TOKEN_CAPITAL))
    k++;
  return k < s->n && (s->t[k].flags & PARLEY_TOKEN_CAPITAL) && is_any(&s->t[k], places);
}

/* Is the name at [a, e) the venue or topic of talks that follow ("the Astana peace talks")? */
static int names_venue(const sent *s, size_t a, size_t e) {
  static const char *const gatherings[] = {"talks", "summit", "conference", "negotiations", "process", "format",
                                           "forum", "dialogue", NULL};
  if ((a > 0 && is(&s->t[a - 1], "-")) || (e < s->n && is(&s->t[e], "-"))) return 0;
  size_t k = e;
  if (k < s->n && s->t[k].cls == PARLEY_TOKEN_WORD && !(s->t[k].flags & PARLEY_TOKEN_CAPITAL) &&
      !is_any(&s->t[k], gatherings) && k + 1 < s->n && is_any(&s->t[k + 1], gatherings))
    k++; /* "Astana peace talks", "Iran nuclear talks" */
  return k < s->n && is_any(&s->t[k], gatherings) && a > 0 && is_any(&s->t[a - 1], DETERMINERS);
}

/* pl_lexicon_scan's callback: keeps each position's longest actor and agent and first two verbs; a discard
 * phrase ends the sentence. */
typedef struct scan_ctx {
  parley_coder *c;
  sent *s;
  int discarded;
  size_t place_end; /* tokens before this are inside a place name */
} scan_ctx;

static int take_hits(void *payload, size_t i, const pl_lex_hit *hits, size_t n_hits) {
  scan_ctx *sc = payload;
  sent *s = sc->s;
  for (size_t k = 0; k < n_hits; k++) {
    const pl_lex_hit *hit = &hits[k];
    if (hit->kind == PL_LEX_DISCARD) {
      explainf(sc->c, "  discarded: dictionary discard phrase \"%s\"\n", span_text(sc->c, s, i, i + hit->n_tokens));
      sc->discarded = 1;
      return 1;
    }
    /* "anti-terrorist police", "non-state actors": the role after "anti-" or "non-" is opposed or absent (an
     * actor there stays: "an anti-Gondor parade" is aimed at Gondor) */
    if (hit->kind == PL_LEX_AGENT && i >= 2 && is(&s->t[i - 1], "-") &&
        (is(&s->t[i - 2], "anti") || is(&s->t[i - 2], "non")))
      continue;
    /* "Imam Khomeini International Airport", "King Fahd Street": a name that names a place is no actor, nor are
     * the words inside it ("Imam") */
    if ((hit->kind == PL_LEX_ACTOR || hit->kind == PL_LEX_AGENT) && i < sc->place_end) continue;
    /* "the Astana peace talks", "the Vienna talks", "the Iran nuclear talks": a name before talks names their venue
     * or topic, not a party ("the Iran-Russia talks" does) */
    if (hit->kind == PL_LEX_ACTOR && names_venue(s, i, i + hit->n_tokens)) continue;
    if (hit->kind == PL_LEX_ACTOR && names_a_place(s, i + hit->n_tokens)) {
      sc->place_end = i + hit->n_tokens;
      continue;
    }
    /* "Let's demand a halt", "Let us": the verb, not Lashkar-e-Taiba */
    if (hit->kind == PL_LEX_ACTOR && hit->n_tokens == 1 && is(&s->t[i], "let") && i + 1 < s->n &&
        (is(&s->t[i + 1], "'s") || is(&s->t[i + 1], "us")))
      continue;
    /* names of actors are capitalised in news text: "let" is not LeT, "hamas" in a URL slug is no group */
    if (hit->kind == PL_LEX_ACTOR && hit->n_tokens > s->actor[i].n_tokens && has_capital(s->t + i, hit->n_tokens))
      s->actor[i] = *hit;
    if (hit->kind == PL_LEX_AGENT && hit->n_tokens > s->agent[i].n_tokens) s->agent[i] = *hit;
    if (hit->kind == PL_LEX_VERB && s->n_verbs[i] < 2) s->verbs[i * 2 + s->n_verbs[i]++] = *hit;
  }
  return 0;
}

/* The sentence's dependency tree, parsed the first time it is asked for; NULL without a model. Sentences that no
 * rule asks about are never parsed. */
static const parley_syntax_word *sentence_tree(parley_coder *c, sent *s, size_t *n) {
  if (!s->parsed) {
    s->parsed = -1;
    if (c->opts.syntax && (c->parser || parley_parser_new(&c->parser, c->opts.syntax) == PARLEY_OK) &&
        parley_parser_parse_sentence(c->parser, s->doc, s->sent_index, &s->tree, &s->n_tree) == PARLEY_OK)
      s->parsed = 1;
  }
  *n = s->parsed > 0 ? s->n_tree : 0;
  return s->parsed > 0 ? s->tree : NULL;
}

/* --explain: the tree of a sentence that has a verb and an actor, one word a line (as CoNLL-U's columns). */
static void explain_tree(parley_coder *c, sent *s) {
  size_t n;
  const parley_syntax_word *w = sentence_tree(c, s, &n);
  for (size_t i = 0; i < n; i++)
    explainf(c, "  parse %zu %s %s %s %zu %s\n", i + 1, w[i].form, w[i].lemma, w[i].xpos, w[i].head, w[i].deprel);
}

static int code_sentence(parley_coder *c, const parley_doc *doc, size_t si, const parley_sentence *ps,
                         const parley_token *toks, pl_date pub, const char *pubdate, memory *mem) {
  const parley_lexicon *lex = c->lex;
  const parley_article *a = parley_doc_article(doc);
  sent s;
  memset(&s, 0, sizeof s);
  s.t = toks + ps->first_token;
  s.n = ps->n_tokens;
  s.text = a->text;
  s.sent_index = si;
  s.ps = ps;
  s.doc = doc;
  if (s.n == 0) return 0;
  size_t n = s.n;
  s.actor = pl_arena_calloc(&c->arena, n, sizeof *s.actor);
  s.agent = pl_arena_calloc(&c->arena, n, sizeof *s.agent);
  s.verbs = pl_arena_calloc(&c->arena, n * 2, sizeof *s.verbs);
  s.n_verbs = pl_arena_calloc(&c->arena, n, 1);
  s.np_of = pl_arena_alloc(&c->arena, n * sizeof *s.np_of);
  s.cap_np = n + MAX_COMPONENTS;
  s.nps = pl_arena_calloc(&c->arena, s.cap_np, sizeof *s.nps);
  s.groups = pl_arena_calloc(&c->arena, s.cap_np, sizeof *s.groups);
  s.used = pl_arena_calloc(&c->arena, n, 1);
  if (!s.actor || !s.agent || !s.verbs || !s.n_verbs || !s.np_of || !s.nps || !s.groups || !s.used)
    return PARLEY_ENOMEM;
  explainf(c, "sentence %zu: %.*s\n", si, (int)(ps->end - ps->start), a->text + ps->start);
  for (size_t i = 0; i < n; i++) s.np_of[i] = -1;
  scan_ctx sc = {c, &s, 0, 0};
  int scanned = pl_lexicon_scan(lex, s.t, n, PL_LEX_ACTOR | PL_LEX_AGENT | PL_LEX_VERB | PL_LEX_DISCARD, MAX_HITS,
                                take_hits, &sc);
  if (sc.discarded) return 0;
  if (scanned) return scanned;
  for (size_t i = 0; i < n; i++) {
    /* "deputy foreign minister", "deputy health minister": "deputy" before another role is a rank, not a
     * lawmaker */
    if (s.agent[i].n_tokens == 1 && (is(&s.t[i], "deputy") || is(&s.t[i], "deputies")) &&
        ((i + 1 < n && s.agent[i + 1].n_tokens) ||
         (i + 2 < n && s.agent[i + 2].n_tokens && s.t[i + 1].cls == PARLEY_TOKEN_WORD && !s.n_verbs[i + 1])))
      s.agent[i].n_tokens = 0;
    /* a prefix entry ("THE_KU" for "The Kuwaiti") yields when its prefix-matched word is itself a whole actor
     * name ("The Kuwait government" is Kuwait's): the entry adds only a determiner to that name */
    if (s.actor[i].n_tokens > 1 && s.actor[i].prefix) {
      size_t last = i + s.actor[i].n_tokens - 1;
      int only_determiners = 1;
      for (size_t k = i; k < last; k++) only_determiners &= is_any(&s.t[k], DETERMINERS);
      if (s.actor[last].n_tokens && (!s.actor[last].prefix || only_determiners)) s.actor[i].n_tokens = 0;
    }
    /* an actor match outranks an agent match of the same or shorter length starting at the same word */
    if (s.actor[i].n_tokens && s.agent[i].n_tokens > s.actor[i].n_tokens) s.actor[i].n_tokens = 0;
    else if (s.actor[i].n_tokens) s.agent[i].n_tokens = 0;
  }
  find_phrases(&s, lex, pubdate, mem);
  find_groups(&s);
  if (c->gaz && (scanned = find_places(c, &s)) < 0) return scanned;
  for (size_t g = 0; g < s.n_groups; g++) {
    const group *gr = &s.groups[g];
    for (size_t m = gr->first; m < gr->first + gr->count; m++)
      explainf(c, "  actor \"%s\" = %s%s%s\n", span_text(c, &s, s.nps[m].s, s.nps[m].e), s.nps[m].code,
               s.nps[m].pronoun ? " (refers back)" : "", gr->count > 1 ? " (compound)" : "");
  }
  if (c->opts.flags & PARLEY_CODER_EXPLAIN && s.n_groups) {
    int has_verb = 0;
    for (size_t i = 0; i < n && !has_verb; i++) has_verb = s.n_verbs[i] && s.np_of[i] < 0;
    if (has_verb) explain_tree(c, &s);
  }
  size_t events_before = c->events.n;
  size_t main_seen = 0; /* 1 + token of the sentence's first main (non-statement) verb */
  size_t main_any = 0;  /* the same, counting infinitives, when it found a source */
  verb_outcome prev = {0, -1};
  int have_prev = 0;
  for (size_t i = 0; i < n; i++) {
    if (!s.n_verbs[i] || s.used[i]) continue;
    if (s.np_of[i] >= 0) continue; /* a verb form inside an actor phrase ("head", "leader") */
    if ((s.t[i].flags & PARLEY_TOKEN_IN_QUOTE) && !(c->opts.flags & PARLEY_CODER_QUOTES)) {
      explainf(c, "  verb \"%s\" inside a quotation: not coded\n", s.t[i].fold);
      continue;
    }
    /* "it should have acted": a modal before a verb is an auxiliary, whatever the dictionary lists it as */
    static const char *const modals[] = {"should", "would", "could", "must", "may", "might", "can", "will", "shall",
                                         NULL};
    if (is_any(&s.t[i], modals) && i + 1 < n &&
        (is(&s.t[i + 1], "have") || is(&s.t[i + 1], "be") || is_negation(&s.t[i + 1]) ||
         (s.n_verbs[i + 1] && s.np_of[i + 1] < 0))) {
      explainf(c, "  \"%s\" is an auxiliary here: skipped\n", s.t[i].fold);
      continue;
    }
    /* the longest verb match at this token */
    const pl_lex_hit *vh = &s.verbs[i * 2];
    if (s.n_verbs[i] > 1 && s.verbs[i * 2 + 1].n_tokens > vh->n_tokens) vh = &s.verbs[i * 2 + 1];
    /* "pledged to V": the intention is coded at V, the intent verb itself yields nothing */
    if (is_any(&s.t[i], INTENT_VERBS) && i + 2 < n && is(&s.t[i + 1], "to") && s.n_verbs[i + 2]) continue;
    /* "condemned an attack by X", "clashed over efforts to deal with": a verb form used as a noun, or an
     * infinitive, belongs to the clause of a main verb already seen; it codes on its own only when the main
     * verb is a bare statement ("X said in a phone call with Y") or there is none */
    int subordinate = is_noun_use(&s, i) || is_infinitive(&s, i);
    if (subordinate && !main_seen && main_after(&s, lex, i)) {
      explainf(c, "  \"%s\" is a noun here and the clause has a main verb after it: skipped\n", s.t[i].fold);
      continue;
    }
    /* "was seen to break into an anti-Gondor parade": a noun after a coded infinitive is its object */
    if (!main_seen && main_any && is_noun_use(&s, i)) {
      explainf(c, "  \"%s\" is a noun after the coded verb \"%s\": skipped\n", s.t[i].fold, s.t[main_any - 1].fold);
      continue;
    }
    if (subordinate && main_seen) {
      explainf(c, "  \"%s\" depends on the main verb \"%s\": skipped\n", s.t[i].fold, s.t[main_seen - 1].fold);
      continue;
    }
    /* "so-called", "Iran-backed": after a hyphen the form is part of a compound adjective */
    if (i > 0 && is(&s.t[i - 1], "-")) {
      explainf(c, "  \"%s\" is part of a compound adjective: skipped\n", s.t[i].fold);
      continue;
    }
    /* "hopes for a meeting between", "the upcoming visit", "plans for talks": a noun event not (yet) held (a
     * verb form right after a preposition is a noun too) */
    if (names_an_event(&s, i)) {
      static const char *const unreal[] = {"hope",  "hopes",    "hoped",     "call",     "calls",    "plan",
                                           "plans", "proposal", "proposed",  "need",     "possible", "possibility",
                                           "prospect", "prospects", "potential", "future", "upcoming", "next",
                                           "planned", "expected", "proposes", "would-be", NULL};
      size_t k = i;
      int unreal_seen = 0;
      while (k > 0 && k + 5 > i && !unreal_seen && !is_clause_break(&s.t[k - 1]) && !is(&s.t[k - 1], ",")) {
        unreal_seen = is_any(&s.t[k - 1], unreal);
        k--;
      }
      if (unreal_seen) {
        explainf(c, "  \"%s\" names an event not held (\"%s\"): skipped\n", s.t[i].fold, s.t[k].fold);
        continue;
      }
    }
    /* "very close to", "more open": after a degree adverb the word is an adjective */
    if (i > 0 && (is(&s.t[i - 1], "very") || is(&s.t[i - 1], "too") || is(&s.t[i - 1], "so") ||
                  is(&s.t[i - 1], "more") || is(&s.t[i - 1], "most") || is(&s.t[i - 1], "less")))
      continue;
    verb_outcome out;
    int rc = code_verb(c, &s, doc, i, vh, pub, have_prev ? &prev : NULL, &out);
    if (rc < 0) return rc;
    if (!subordinate && out.main && !main_seen) main_seen = i + 1;
    if (out.main && out.source_group >= 0 && !main_any) main_any = i + 1;
    if (out.source_group >= 0) {
      prev = out;
      have_prev = 1;
    }
  }
  drop_vague_statements(c, events_before);
  remember(mem, &s);
  return 0;
}

/* ---- public API -------------------------------------------------------------------------------------------- */

int parley_coder_new(parley_coder **out, const parley_lexicon *lex, const parley_coder_options *opts) {
  *out = NULL;
  if (!lex || (opts && opts->version != 1 && opts->version != PARLEY_CODER_OPTIONS_VERSION)) return PARLEY_EINVAL;
  parley_coder *c = calloc(1, sizeof *c);
  if (!c) return PARLEY_ENOMEM;
  c->lex = lex;
  c->opts = (parley_coder_options)PARLEY_CODER_OPTIONS_INIT;
  if (opts) { /* a version-1 caller's struct ends after flags */
    c->opts.flags = opts->flags;
    if (opts->version >= 2) c->opts.syntax = opts->syntax;
  }
  pl_arena_init(&c->arena, 0);
  *out = c;
  return PARLEY_OK;
}

int parley_coder_code(parley_coder *c, const parley_doc *doc) {
  pl_arena_reset(&c->arena);
  c->events.n = 0;
  c->next = 0;
  c->limits = parley_doc_limits(doc);
  pl_strbuf_clear(&c->explain);
  c->errmsg[0] = '\0';
  const parley_article *a = parley_doc_article(doc);
  if (!a) return PARLEY_EINVAL;
  pl_date pub = {0, 0, 0};
  const char *pubdate = NULL;
  if (a->date && pl_date_parse(a->date, &pub) == 0) pubdate = a->date;
  explainf(c, "article %s (date %s)\n", a->id, pubdate ? pubdate : "unknown: event dates will be null");
  size_t ns = 0, nt = 0;
  const parley_sentence *sents = parley_doc_sentences(doc, &ns);
  const parley_token *toks = parley_doc_tokens(doc, &nt);
  memory mem;
  memset(&mem, 0, sizeof mem);
  c->geo_n_doc_cc = 0;
  c->dateline = NULL;
  if (c->gaz) {
    pl_geo_context none = {NULL, 0, NULL, 0};
    c->dateline = pl_geo_dateline(c->gaz, parley_doc_dateline_place(doc), &none);
    if (c->dateline) add_country(c->geo_doc_cc, &c->geo_n_doc_cc, c->dateline->country);
  }
  for (size_t i = 0; i < ns; i++) {
    int rc = code_sentence(c, doc, i, &sents[i], toks, pub, pubdate, &mem);
    if (rc < 0) {
      snprintf(c->errmsg, sizeof c->errmsg, "coding sentence %zu: %s", i, parley_strerror(rc));
      return rc;
    }
  }
  if (c->explain.failed) return PARLEY_ENOMEM;
  return PARLEY_OK;
}

int parley_coder_next_event(parley_coder *c, const parley_event **ev) {
  if (c->next >= c->events.n) return PARLEY_EDONE;
  *ev = &c->events.v[c->next++];
  return PARLEY_OK;
}

const char *parley_coder_explain(const parley_coder *c) { return c->explain.ptr ? c->explain.ptr : ""; }

const char *parley_coder_errmsg(const parley_coder *c) { return c->errmsg; }

unsigned parley_coder_limits(const parley_coder *c) { return c ? c->limits : 0; }

void parley_coder_set_gazetteer(parley_coder *c, const parley_gazetteer *g) {
  if (c) c->gaz = g;
}

void parley_coder_free(parley_coder *c) {
  if (!c) return;
  pl_arena_dispose(&c->arena);
  pl_strbuf_dispose(&c->explain);
  parley_parser_free(c->parser);
  free(c->events.v);
  free(c);
}
