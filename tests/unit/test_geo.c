/* test_geo.c: the gazetteer (load, lookup, the loader's handling of bad lines) and geolocation of events on a
 * table of news sentences written for this test (tests/data/geo/sentences.tsv): the share placed right must be at
 * least 90%, and each miss is printed so a change that moves the figure shows where. */
#include "testutil.h"
#include <parley/parley.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static parley_gazetteer *gaz;

static int setup(void **state) {
  (void)state;
  return parley_gazetteer_load(&gaz, NULL) == PARLEY_OK ? 0 : -1;
}

static int teardown(void **state) {
  (void)state;
  parley_gazetteer_free(gaz);
  return 0;
}

static void builtin_has_places_regions_countries(void **state) {
  (void)state;
  assert_true(parley_gazetteer_count(gaz) > 130000);
  assert_int_equal(parley_gazetteer_skipped(gaz), 0);
  assert_true(parley_gazetteer_memory(gaz) < 80u * 1024 * 1024);
  const parley_place *p[8];
  size_t n = parley_gazetteer_lookup(gaz, "deir ez-zor", "SY", p, 8);
  assert_true(n >= 2); /* the city and the region */
  int city = 0, region = 0;
  for (size_t i = 0; i < n && i < 8; i++) {
    city |= p[i]->kind == PARLEY_PLACE_CITY && p[i]->geonameid == 170794;
    region |= p[i]->kind == PARLEY_PLACE_REGION;
    assert_string_equal(p[i]->country, "SYR");
  }
  assert_true(city && region);
  const parley_place *c = parley_gazetteer_country(gaz, "GEO");
  assert_non_null(c);
  assert_string_equal(c->name, "Georgia");
  /* an alternate name, with a fold ICU is needed for */
  n = parley_gazetteer_lookup(gaz, "HALAB", "SYR", p, 8);
  assert_true(n >= 1);
  assert_string_equal(p[0]->name, "Aleppo");
  assert_string_equal(parley_gazetteer_choose(gaz, "Mobile", "US")->admin1, "Alabama");
  assert_string_equal(parley_gazetteer_choose(gaz, "Georgia", "GEO")->country, "GEO");
  assert_string_equal(parley_gazetteer_choose(gaz, "Georgia", "USA")->feature, "ADM1");
  double d = parley_geo_distance_km(51.5074, -0.1278, 48.8566, 2.3522); /* London-Paris */
  assert_true(d > 340 && d < 346);
}

/* The built-in gazetteer is the committed text file pre-cut at build time (tools/gazetteer_blob.c) and read in
 * place: it must hold exactly the places the text loader reads from data/gazetteer.tsv.gz, field for field. */
static void builtin_equals_the_text_file(void **state) {
  (void)state;
  const char *src = getenv("PARLEY_SOURCE_DIR");
  assert_non_null(src);
  char path[4096];
  snprintf(path, sizeof path, "%s/data/gazetteer.tsv.gz", src);
  parley_gazetteer *t = NULL;
  assert_int_equal(parley_gazetteer_load(&t, path), PARLEY_OK);
  assert_int_equal(parley_gazetteer_count(t), parley_gazetteer_count(gaz));
  for (size_t i = 0; i < parley_gazetteer_count(t); i++) {
    const parley_place *a = parley_gazetteer_place(t, i), *b = parley_gazetteer_place(gaz, i);
    assert_int_equal(a->geonameid, b->geonameid);
    assert_int_equal(a->kind, b->kind);
    assert_string_equal(a->name, b->name);
    assert_string_equal(a->feature, b->feature);
    assert_string_equal(a->country, b->country);
    assert_string_equal(a->admin1 ? a->admin1 : "", b->admin1 ? b->admin1 : "");
    assert_true(a->lat == b->lat && a->lon == b->lon); /* the fast decimal reader gives strtod's doubles */
    assert_int_equal(a->population, b->population);
  }
  const parley_place *pa[16], *pb[16];
  const char *names[] = {"Aleppo", "HALAB", "deir ez-zor", "Springfield", "São Paulo", "Zaporizhzhia"};
  for (size_t k = 0; k < sizeof names / sizeof names[0]; k++) {
    size_t na = parley_gazetteer_lookup(t, names[k], NULL, pa, 16), nb = parley_gazetteer_lookup(gaz, names[k], NULL, pb, 16);
    assert_true(na > 0);
    assert_int_equal(na, nb);
    for (size_t i = 0; i < na && i < 16; i++) assert_int_equal(pa[i]->geonameid, pb[i]->geonameid);
  }
  parley_gazetteer_free(t);
}

/* The pre-cut form through the public loader (copied, since the caller's bytes may go): whole records are read,
 * a record cut short at the end is dropped and counted, and header counts that lie are only capacities. */
static void loader_reads_precut_records(void **state) {
  (void)state;
  static const char blob[] = "\x01parley-gaz-v1\n\0" "999999999 999999999\0"
                             "P\0" "1\0" "Alpha\0" "PPL\0" "XX\0" "01\0" "10.5\0" "-20.25\0" "5000\0" "Alfa,Alpha Town\0"
                             "C\0" "0\0" "Exland\0" "PCLI\0" "XX\0" "XXX\0" "10\0" "20\0" "9000\0" "\0"
                             "P\0" "2\0" "Cut";
  parley_gazetteer *g = NULL;
  assert_int_equal(parley_gazetteer_load_mem(&g, blob, sizeof blob - 1), PARLEY_OK);
  assert_int_equal(parley_gazetteer_count(g), 2);
  assert_int_equal(parley_gazetteer_skipped(g), 1);
  const parley_place *p[4];
  assert_int_equal(parley_gazetteer_lookup(g, "alpha town", NULL, p, 4), 1);
  assert_string_equal(p[0]->name, "Alpha");
  assert_string_equal(p[0]->country, "XXX");
  assert_true(p[0]->lat == 10.5 && p[0]->lon == -20.25);
  parley_gazetteer_free(g);
}

static void loader_skips_bad_lines(void **state) {
  (void)state;
  const char text[] = "# comment\n"
                      "P\t1\tAlpha\tPPL\tXX\t01\t10.0\t20.0\t5000\tAlfa,Alpha Town\n"
                      "P\tx\tBad id\tPPL\tXX\t01\t10.0\t20.0\t5000\t\n"
                      "P\t2\tBad lat\tPPL\tXX\t01\t100.0\t20.0\t5000\t\n"
                      "P\t3\tShort\tPPL\n"
                      "R\t0\tRegion One\tADM1\tXX\t01\t10.0\t20.0\t5000\t\n"
                      "C\t0\tExland\tPCLI\tXX\tXXX\t10.0\t20.0\t5000\t";
  parley_gazetteer *g = NULL;
  assert_int_equal(parley_gazetteer_load_mem(&g, text, sizeof text - 1), PARLEY_OK);
  assert_int_equal(parley_gazetteer_count(g), 3);
  assert_int_equal(parley_gazetteer_skipped(g), 3);
  const parley_place *p[4];
  assert_int_equal(parley_gazetteer_lookup(g, "alpha town", NULL, p, 4), 1);
  assert_string_equal(p[0]->admin1, "Region One");
  assert_string_equal(p[0]->country, "XXX");
  parley_gazetteer_free(g);
  assert_int_equal(parley_gazetteer_load_mem(&g, "# nothing\n", 10), PARLEY_EPARSE);
  assert_null(g);
  assert_int_equal(parley_gazetteer_load(&g, "/nonexistent/gazetteer.tsv"), PARLEY_EIO);
}

/* Codes one line of the table; returns 1 when the first event's place is the expected one. */
static int place_of(parley_lexicon *lex, parley_doc *doc, parley_coder *coder, const char *text, char *got,
                    size_t cap) {
  parley_article a = {0};
  a.id = "t";
  a.date = "2024-06-03";
  a.text = text;
  a.text_len = strlen(text);
  a.file = "sentences.tsv";
  (void)lex;
  assert_int_equal(parley_doc_process(doc, &a), PARLEY_OK);
  assert_int_equal(parley_coder_code(coder, doc), PARLEY_OK);
  const parley_event *ev;
  if (parley_coder_next_event(coder, &ev) != PARLEY_OK) {
    snprintf(got, cap, "(no event)");
    return 0;
  }
  if (!ev->location_name) snprintf(got, cap, "none");
  else snprintf(got, cap, "%s|%s|%.4f|%.4f", ev->location_name, ev->location_country, ev->location_lat,
                ev->location_lon);
  return 1;
}

/* The event's place is the one expected when it is one of the places the expected name denotes in the expected
 * country ("Kandahar" is GeoNames' "Kandahār"). */
static int same_place(const char *want, const char *got) {
  if (!strcmp(want, "none") || !strcmp(got, "none")) return !strcmp(want, got);
  char name[128], cc[8];
  const char *bar = strchr(want, '|');
  if (!bar || (size_t)(bar - want) >= sizeof name) return 0;
  snprintf(name, sizeof name, "%.*s", (int)(bar - want), want);
  snprintf(cc, sizeof cc, "%s", bar + 1);
  const parley_place *p[64];
  size_t n = parley_gazetteer_lookup(gaz, name, cc, p, 64);
  for (size_t i = 0; i < n && i < 64; i++) {
    char key[256];
    snprintf(key, sizeof key, "%s|%s|%.4f|%.4f", p[i]->name, p[i]->country, p[i]->lat, p[i]->lon);
    if (!strcmp(key, got)) return 1;
  }
  return 0;
}

static void event_places_on_the_table(void **state) {
  (void)state;
  size_t len;
  char *table = tu_read_file(tu_source_path("tests/data/geo/sentences.tsv"), &len);
  assert_non_null(table);
  parley_lexicon *lex = NULL;
  parley_doc *doc = NULL;
  parley_coder *coder = NULL;
  assert_int_equal(parley_lexicon_new(&lex, NULL), PARLEY_OK);
  assert_int_equal(parley_lexicon_add_builtin(lex), PARLEY_OK);
  assert_int_equal(parley_lexicon_compile(lex), PARLEY_OK);
  assert_int_equal(parley_doc_new(&doc), PARLEY_OK);
  /* one-sided: "police arrested protesters" is an event to place, though protesters name no country */
  parley_coder_options co = PARLEY_CODER_OPTIONS_INIT;
  co.flags |= PARLEY_CODER_ONE_SIDED;
  assert_int_equal(parley_coder_new(&coder, lex, &co), PARLEY_OK);
  parley_coder_set_gazetteer(coder, gaz);
  size_t total = 0, right = 0, with_place = 0, none = 0;
  for (char *line = strtok(table, "\n"); line; line = strtok(NULL, "\n")) {
    if (line[0] == '#') continue;
    char *tab = strchr(line, '\t');
    assert_non_null(tab);
    *tab = 0;
    const char *want = line, *text = tab + 1;
    char got[256];
    place_of(lex, doc, coder, text, got, sizeof got);
    total++;
    if (strcmp(want, "none")) with_place++;
    else none++;
    if (same_place(want, got)) right++;
    else printf("geo miss: want %s got %s: %s\n", want, got, text);
  }
  printf("geo table: %zu of %zu right (%.1f%%); %zu with a place, %zu none\n", right, total,
         100.0 * (double)right / (double)total, with_place, none);
  assert_true(total >= 100);
  assert_true(none >= 10 && with_place >= 80);
  assert_true(right * 10 >= total * 9);
  parley_coder_free(coder);
  parley_doc_free(doc);
  parley_lexicon_free(lex);
  free(table);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(builtin_has_places_regions_countries),
      cmocka_unit_test(builtin_equals_the_text_file),
      cmocka_unit_test(loader_reads_precut_records),
      cmocka_unit_test(loader_skips_bad_lines),
      cmocka_unit_test(event_places_on_the_table),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
