/* parley/gazetteer.h: places of the world (GeoNames cities of >= 1,000 people, first-level regions, countries)
 * and the index that finds them by name, for geolocating events.
 *
 * A gazetteer is immutable once loaded: any number of coders in any number of threads may read one. */
#ifndef PARLEY_GAZETTEER_H
#define PARLEY_GAZETTEER_H
#include <stddef.h>
#include <stdint.h>
#include "export.h"
#ifdef __cplusplus
extern "C" {
#endif

typedef struct parley_gazetteer parley_gazetteer;

/* Kinds of place (stored and serialised: the letters are fixed). */
#define PARLEY_PLACE_CITY    'P' /* populated place (GeoNames feature class P) */
#define PARLEY_PLACE_REGION  'R' /* first-level administrative division (ADM1) */
#define PARLEY_PLACE_COUNTRY 'C'

/* One place. Strings are owned by the gazetteer. */
typedef struct parley_place {
  uint32_t geonameid;      /* GeoNames id, or 0 (regions and countries carry none in parley's sources) */
  char kind;               /* PARLEY_PLACE_* */
  char feature[8];         /* GeoNames feature code: "PPLC" capital, "PPLA" seat of a region, "PPL", "ADM1", "PCLI" */
  char country[4];         /* ISO alpha-3 (the CAMEO country code), e.g. "SYR" */
  char country2[3];        /* ISO alpha-2, e.g. "SY" */
  const char *name;        /* GeoNames' name, e.g. "Aleppo" */
  const char *admin1;      /* name of its first-level region, or NULL (countries; places with no known region) */
  const char *admin1_code; /* GeoNames admin1 code within the country, e.g. "09", or "" */
  double lat, lon;         /* degrees, WGS84 */
  uint64_t population;
} parley_place;

/* CONSTRUCTOR: loads a gazetteer file (gzip or plain text, the format of data/gazetteer.tsv.gz, see
 * data/README.md), or the built-in one when path is NULL. Lines that cannot be read are skipped and counted
 * (parley_gazetteer_skipped). Returns PARLEY_OK, PARLEY_EIO (cannot open), PARLEY_EPARSE (no place at all) or
 * PARLEY_ENOMEM; on failure *out is NULL. */
PARLEY_EXPORT int parley_gazetteer_load(parley_gazetteer **out, const char *path);

/* CONSTRUCTOR: the same from bytes in memory (gzip or plain). */
PARLEY_EXPORT int parley_gazetteer_load_mem(parley_gazetteer **out, const void *data, size_t len);

/* Number of places; place i (0 <= i < count) for iterating. */
PARLEY_EXPORT size_t parley_gazetteer_count(const parley_gazetteer *g);
PARLEY_EXPORT const parley_place *parley_gazetteer_place(const parley_gazetteer *g, size_t i);

/* Lines skipped while loading; bytes the index holds (places, names and tables). */
PARLEY_EXPORT size_t parley_gazetteer_skipped(const parley_gazetteer *g);
PARLEY_EXPORT size_t parley_gazetteer_memory(const parley_gazetteer *g);

/* The places a name may denote (its own name or an alternate one; case, hyphens, apostrophes and full stops do
 * not count: "deir ez-zor" finds "Deir ez-Zor"), up to cap of them into out, largest population first. When
 * country (alpha-2 or alpha-3) is given, only that country's. Returns the number found (which may exceed cap). */
PARLEY_EXPORT size_t parley_gazetteer_lookup(const parley_gazetteer *g, const char *name, const char *country,
                                             const parley_place **out, size_t cap);

/* The place the coder would take "in NAME" for in a sentence about country (alpha-2 or alpha-3; NULL: about no
 * country in particular), or NULL when no sense fits without more context. */
PARLEY_EXPORT const parley_place *parley_gazetteer_choose(const parley_gazetteer *g, const char *name,
                                                          const char *country);

/* The country with this alpha-2 or alpha-3 code, or NULL. */
PARLEY_EXPORT const parley_place *parley_gazetteer_country(const parley_gazetteer *g, const char *code);

/* Great-circle distance in km between two points (degrees). */
PARLEY_EXPORT double parley_geo_distance_km(double lat1, double lon1, double lat2, double lon2);

/* DESTRUCTOR: NULL is a no-op. */
PARLEY_EXPORT void parley_gazetteer_free(parley_gazetteer *g);

#ifdef __cplusplus
}
#endif
#endif
