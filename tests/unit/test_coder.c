/* Tests for the event coder on sentences written for the tests, with a small fixture dictionary: actor
 * phrases, compounds, dated offices, patterns, passive voice, reported speech, negation, intentions, anaphora,
 * dates and discards. */
#include "testutil.h"
#include <parley/coder.h>
#include <parley/doc.h>
#include <parley/lexicon.h>
#include <stdio.h>
#include <string.h>

typedef struct fixture {
  parley_lexicon *lex;
  parley_doc *doc;
  parley_coder *coder;
  char events[4096]; /* "SRC CODE TGT DATE" lines */
} fixture;

static int setup(void **state) {
  static fixture f;
  memset(&f, 0, sizeof f);
  assert_int_equal(parley_lexicon_new(&f.lex, NULL), PARLEY_OK);
  assert_int_equal(parley_lexicon_add_file(f.lex, tu_source_path("tests/data/coder/small.dict")), PARLEY_OK);
  assert_int_equal(parley_lexicon_compile(f.lex), PARLEY_OK);
  assert_int_equal(parley_doc_new(&f.doc), PARLEY_OK);
  parley_coder_options o = PARLEY_CODER_OPTIONS_INIT;
  o.flags = PARLEY_CODER_EXPLAIN;
  assert_int_equal(parley_coder_new(&f.coder, f.lex, &o), PARLEY_OK);
  *state = &f;
  return 0;
}

static int teardown(void **state) {
  fixture *f = *state;
  parley_coder_free(f->coder);
  parley_doc_free(f->doc);
  parley_lexicon_free(f->lex);
  return 0;
}

/* Codes text published on date (may be NULL); returns the events as "SRC CODE TGT DATE\n" lines. */
static const char *code(fixture *f, const char *text, const char *date) {
  parley_article a = {0};
  a.id = "t";
  a.text = text;
  a.text_len = strlen(text);
  a.date = date;
  assert_int_equal(parley_doc_process(f->doc, &a), PARLEY_OK);
  assert_int_equal(parley_coder_code(f->coder, f->doc), PARLEY_OK);
  f->events[0] = '\0';
  const parley_event *ev;
  size_t used = 0;
  while (parley_coder_next_event(f->coder, &ev) == PARLEY_OK) {
    used += (size_t)snprintf(f->events + used, sizeof f->events - used, "%s %s %s %s\n", ev->source.code,
                             ev->cameo, ev->target.code, ev->date[0] ? ev->date : "null");
    assert_true(used < sizeof f->events);
    assert_non_null(ev->text);
    assert_true(ev->n_spans >= 2);
  }
  return f->events;
}

static void has(const char *events, const char *line) {
  if (!strstr(events, line)) fail_msg("expected \"%s\" in:\n%s", line, events);
}

static void compound_with_counterpart_by_phone(void **state) {
  fixture *f = *state;
  const char *ev = code(f,
                        "Iranian President Masoud Pezeshkian and his Russian counterpart Vladimir Putin discussed "
                        "the situation in Syria by telephone on Monday.",
                        "2024-12-04");
  has(ev, "IRNGOV 041 RUSGOV 2024-12-02\n");
  has(ev, "RUSGOV 041 IRNGOV 2024-12-02\n");
  assert_null(strstr(ev, " SYR"));
  assert_non_null(strstr(parley_coder_explain(f->coder), "pattern"));
}

static void phone_before_the_verb(void **state) {
  fixture *f = *state;
  has(code(f, "In a phone conversation on Tuesday, Lavrov and the Iranian foreign minister exchanged views.",
           "2016-05-11"),
      "RUSGOV 041 IRNGOV 2016-05-10\n");
}

static void dated_offices(void **state) {
  fixture *f = *state;
  has(code(f, "Medvedev criticized Israel.", "2010-01-01"), "RUSGOV 111 ISR");
  has(code(f, "Medvedev criticized Israel.", "2015-01-01"), "RUSGOV 111 ISR");
  /* out of office: the country remains, not an office held at another time */
  assert_string_equal(code(f, "Medvedev criticized Israel.", "2021-01-01"), "RUS 111 ISR 2021-01-01\n");
  assert_string_equal(code(f, "Pezeshkian criticized Israel.", "2020-01-01"), "IRN 111 ISR 2020-01-01\n");
  /* "he" in the sentence that names the official is that official */
  has(code(f, "Putin said he criticized Israel.", "2021-01-01"), "RUSGOV 111 ISR");
}

static void passive_voice(void **state) {
  fixture *f = *state;
  has(code(f, "Syrian troops were attacked by militants on Sunday.", "2024-12-04"), "REB 190 SYRMIL 2024-12-01\n");
  has(code(f, "Syrian troops were repeatedly attacked by the Israeli army.", "2024-12-04"), "ISRMIL 190 SYRMIL");
  /* a bare sector with no country names nobody in particular: "troops" alone is no side of an event */
  assert_null(strstr(code(f, "Syria said its troops were attacked.", "2024-12-04"), " MIL "));
  /* an actor and its own country is no event */
  assert_string_equal(code(f, "Syrian troops attacked Damascus.", "2024-12-04"), "");
  /* a participle after a comma modifies the phrase before it, whose agent follows "by"; the pattern's target slot
   * ("support * +") lands on that agent. "in the region but the militants": no preposition governs "militants" */
  const char *ev = code(f,
                        "Pezeshkian said a truce created hope for peace in the region but the militants in Syria, "
                        "supported by the Israeli regime, put the region on alert.",
                        "2024-12-04");
  has(ev, "ISR 051 SYRREB");
  assert_null(strstr(ev, "ISR 051 IRNGOV"));
  assert_null(strstr(ev, "IRNGOV 051"));
  /* a participle after a word that is no actor modifies that word: "the plan supported by Turkey" is no support
   * for Iran */
  assert_null(strstr(code(f, "Iran said the plan supported by Turkey was useless.", "2024-12-04"), " 051 "));
  /* without "by": the subject is the target, and an actor naming the act is the source ("airstrike" is that
   * act's name, no event of its own); with only a place after the verb there is no event */
  assert_string_equal(code(f, "Iranian troops were attacked in an Israeli airstrike in Damascus.", "2024-12-04"),
                      "ISR 190 IRNMIL 2024-12-04\n");
  assert_string_equal(code(f, "Two Iranian soldiers were killed in Beirut.", "2024-12-04"), "");
  /* "in an attack by X", "during clashes with X": X is the source */
  has(code(f, "Three Syrian soldiers were killed in an attack by Turkish troops.", "2024-12-04"), "TURMIL 190 SYRMIL");
  has(code(f, "Two Iranian soldiers have been killed during clashes with armed militants.", "2024-12-04"),
      "REB 190 IRNMIL");
}

static void nouns_with_their_actors(void **state) {
  fixture *f = *state;
  /* "the visit of X to Y": X visits Y */
  has(code(f, "Syria said the visit of Putin to Tehran was useful.", "2024-12-04"), "RUSGOV 042 IRN");
  /* an apposition follows an agent ("his counterpart, Vladimir Putin"), not a name: two people here */
  has(code(f, "In a meeting with Turkish Foreign Minister Hakan Fidan, Vladimir Putin criticized Israel.", "2024-12-04"),
      "RUSGOV 111 ISR");
}

static void parties_of_consultations(void **state) {
  fixture *f = *state;
  /* a consultation's party is a direct object or follows "with"/"to"/"from": "by Turkey" here is none */
  assert_null(strstr(code(f, "Putin discussed the sanctions by Turkey.", "2024-12-04"), "TUR"));
  /* a list ends before "if": "they" is not a party of the talks between Iran and Russia */
  const char *ev = code(f, "Turkey and Syria met. The talks between Iran and Russia, if they took place, were useful.",
                        "2024-12-04");
  has(ev, "IRN 040 RUS");
  assert_null(strstr(ev, "TUR 040 IRN"));
  /* an opening phrase's subject missing from the dictionaries is nobody, not a phrase after it */
  assert_null(strstr(code(f, "During the meeting, Kalantari expressed readiness to criticize Israel, Turkey said.",
                          "2024-12-04"),
                     "TUR 111"));
}

static void merged_groups_as_targets(void **state) {
  fixture *f = *state;
  /* a pattern's target slot on "the ministers" of "the ministers of Iran and Turkey" reaches the distributed
   * phrases (before, it pointed at the emptied group and coded nothing) */
  const char *ev = code(f, "Putin supported the ministers of Iran and Turkey.", "2024-12-04");
  has(ev, "RUSGOV 051 IRNGOV");
  has(ev, "RUSGOV 051 TURGOV");
}

static void places_are_no_parties(void **state) {
  fixture *f = *state;
  /* "Let's" is the verb, not LeT */
  assert_null(strstr(code(f, "Let's criticize Israel.", "2024-12-04"), "PAKREB"));
  has(code(f, "LeT criticized Israel.", "2024-12-04"), "PAKREB 111 ISR");
  /* the place of a meeting is no party to it (a visit's place is its destination) */
  assert_string_equal(code(f, "Lavrov met officials in Tehran.", "2024-12-04"), "");
  /* "the Astana peace talks": the venue of talks is no party to them ("the Iran-Russia talks" are) */
  assert_null(strstr(code(f, "Turkey criticized the Astana peace talks.", "2024-12-04"), "KAZ"));
  /* a name that names a place ("... International Airport") is no actor, nor is a word inside it */
  assert_string_equal(code(f, "Israeli troops attacked the Vladimir Putin International Airport.", "2024-12-04"), "");
}

static void unknown_subject(void **state) {
  fixture *f = *state;
  /* a subject the dictionaries lack is nobody: no phrase after the verb stands in for it */
  const char *ev = code(f, "Falahatpisheh criticized Israel's policies in supporting militants.", "2024-12-04");
  assert_null(strstr(ev, " 111 "));
  has(ev, "ISR 051 REB");
  /* a noun the dictionaries lack before an auxiliary is a subject too */
  assert_null(strstr(code(f, "Many foreign tourists have also criticized Israel for supporting Turkish militants.",
                          "2024-12-04"),
                     " 111 "));
  /* "after X attacked": a conjunction, not a preposition, so X is the subject */
  has(code(f, "Syria protested hours after Turkey attacked Damascus.", "2024-12-04"), "TUR 190 SYR");
  /* also after an auxiliary: "Lee will criticize Israel" is nobody's event */
  assert_string_equal(code(f, "Lee will criticize Israel.", "2024-12-04"), "");
  /* "..., Turkey said": Turkey is the subject of "said", not of "criticized" */
  ev = code(f, "The report criticized Syria, Turkey said.", "2024-12-04");
  assert_null(strstr(ev, "TUR 111"));
}

static void adjectives_between_country_and_agent(void **state) {
  fixture *f = *state;
  /* "special", and "anti-terrorist" (an agent after "anti-" is none), belong to the French police */
  has(code(f, "The French special police arrested Iranian militants.", "2024-12-04"), "FRACOP 173 IRNREB");
  const char *ev = code(f, "The French anti-terrorist police arrested Iranian militants.", "2024-12-04");
  has(ev, "FRACOP 173 IRNREB");
  assert_null(strstr(ev, "REBCOP"));
  /* "anti-Turkish militants" are no Turkish militants */
  assert_null(strstr(code(f, "Anti-Turkish militants attacked Damascus.", "2024-12-04"), "TURREB"));
  /* "deputy" before another role is a rank: the Iranian deputy health minister is in government */
  assert_string_equal(code(f, "The Iranian deputy health minister criticized Israel.", "2024-12-04"),
                      "IRNGOV 111 ISR 2024-12-04\n");
  has(code(f, "An Iranian deputy criticized Israel.", "2024-12-04"), "IRNLEG 111 ISR");
}

static void reported_speech_codes_the_report(void **state) {
  fixture *f = *state;
  const char *ev = code(f, "Lavrov said Israel attacked Syria.", "2024-12-04");
  has(ev, "ISR 190 SYR");
  assert_null(strstr(ev, "RUSGOV 190"));
}

static void negation_and_hypotheticals(void **state) {
  fixture *f = *state;
  assert_string_equal(code(f, "Iran did not attack Israel.", "2024-12-04"), "");
  assert_string_equal(code(f, "Israel never attacked Turkey.", "2024-12-04"), "");
  assert_string_equal(code(f, "If Israel attacked Iran, Russia would object.", "2024-12-04"), "");
  /* "may", "should", "must" make the verb no event; "May" the month does not */
  assert_string_equal(code(f, "Turkey may attack Syria.", "2024-12-04"), "");
  assert_string_equal(code(f, "Turkey should attack Syria.", "2024-12-04"), "");
  has(code(f, "In May, Turkey attacked Syria.", "2024-12-04"), "TUR 190 SYR");
}

static void intentions(void **state) {
  fixture *f = *state;
  has(code(f, "Russia pledged to attack the militants.", "2024-12-04"), "RUS 138 REB");
  has(code(f, "Iran and Russia pledged support for Syria.", "2024-12-04"), "IRN 051 SYR");
}

static void anaphora(void **state) {
  fixture *f = *state;
  const char *ev = code(f, "Putin met Pezeshkian in Moscow on Monday. He also criticized Israel.", "2024-12-04");
  has(ev, "RUSGOV 040 IRNGOV");
  has(ev, "IRNGOV 111 ISR");
  ev = code(f, "Iran and Russia met in Tehran. The two sides criticized Israel.", "2024-12-04");
  has(ev, "IRN 111 ISR");
  has(ev, "RUS 111 ISR");
}

static void mutual_events(void **state) {
  fixture *f = *state;
  const char *ev = code(f, "The presidents of Iran and Russia discussed Syria.", "2024-12-04");
  has(ev, "IRNGOV 040 RUSGOV");
  has(ev, "RUSGOV 040 IRNGOV");
  /* three parties: every ordered pair; five: a multilateral gathering, no pairs */
  ev = code(f, "Iran, Russia and Turkey discussed the crisis.", "2024-12-04");
  has(ev, "IRN 040 TUR");
  has(ev, "TUR 040 RUS");
  int lines = 0;
  for (const char *p = ev; *p; p++) lines += *p == '\n';
  assert_int_equal(lines, 6);
  assert_string_equal(code(f, "Iran, Russia, Turkey, Lebanon and France discussed the crisis.", "2024-12-04"), "");
  /* "the talks between X and Y": the noun names its own parties; the subject outside is none of them */
  ev = code(f, "Turkey said the talks between Iran and Russia were useful.", "2024-12-04");
  has(ev, "IRN 040 RUS");
  has(ev, "RUS 040 IRN");
  assert_null(strstr(ev, "TUR 040"));
  /* an opening participle's subject follows the comma, and a list ends where its "and" ends */
  ev = code(f, "Criticizing Iran and Israel, the Russian president said the talks were useful.", "2024-12-04");
  has(ev, "RUSGOV 111 IRN");
  has(ev, "RUSGOV 111 ISR");
  /* talks hoped for are not held */
  assert_null(strstr(code(f, "Turkey said it hopes for talks between Iran and Russia.", "2024-12-04"), " 040 "));
  /* after a hyphen a verb form is part of an adjective: "Turkey-supported militants" */
  assert_null(strstr(code(f, "The Turkey-supported militants attacked Damascus.", "2024-12-04"), "TUR 051"));
  /* a bare comma joins no compound: "Following Syria, Turkey criticized Israel" is Turkey's alone */
  assert_string_equal(code(f, "Following Syria, Turkey criticized Israel.", "2024-12-04"), "TUR 111 ISR 2024-12-04\n");
}

static void no_publication_date(void **state) {
  fixture *f = *state;
  has(code(f, "Israel attacked Syria on Monday.", NULL), "ISR 190 SYR null\n");
}

static void bare_sentence_without_full_stop(void **state) {
  fixture *f = *state;
  has(code(f, "Syrian troops were attacked by militants on Sunday", "2024-12-04"), "REB 190 SYRMIL 2024-12-01\n");
  assert_string_equal(code(f, "Iran didn't attack Israel", "2024-12-04"), "");
}

static void discards(void **state) {
  fixture *f = *state;
  assert_string_equal(code(f, "Iran attacked Russia in a football match on Monday.", "2024-12-04"), "");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(compound_with_counterpart_by_phone),
      cmocka_unit_test(phone_before_the_verb),
      cmocka_unit_test(dated_offices),
      cmocka_unit_test(passive_voice),
      cmocka_unit_test(adjectives_between_country_and_agent),
      cmocka_unit_test(unknown_subject),
      cmocka_unit_test(places_are_no_parties),
      cmocka_unit_test(nouns_with_their_actors),
      cmocka_unit_test(parties_of_consultations),
      cmocka_unit_test(merged_groups_as_targets),
      cmocka_unit_test(reported_speech_codes_the_report),
      cmocka_unit_test(negation_and_hypotheticals),
      cmocka_unit_test(intentions),
      cmocka_unit_test(anaphora),
      cmocka_unit_test(mutual_events),
      cmocka_unit_test(no_publication_date),
      cmocka_unit_test(bare_sentence_without_full_stop),
      cmocka_unit_test(discards),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
