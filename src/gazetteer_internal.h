/* gazetteer_internal.h: the gazetteer's index as the geolocator (geo.c) reads it, and the name-key hash both use. */
#ifndef PL_GAZETTEER_INTERNAL_H
#define PL_GAZETTEER_INTERNAL_H
#include <parley/gazetteer.h>
#include <stddef.h>
#include <stdint.h>

typedef struct pl_geo_entry {
  uint64_t hash;  /* key hash of one name */
  uint32_t place; /* index into places */
  uint32_t next;  /* next entry in the bucket's chain, or UINT32_MAX */
} pl_geo_entry;

struct parley_gazetteer {
  char *text; /* the decompressed file; names point into it */
  size_t text_len;
  size_t in_place_len; /* or: the bytes of the built-in pre-cut data the names point into (not owned) */
  parley_place *places;
  size_t n_places, skipped;
  pl_geo_entry *entries;
  size_t n_entries, cap_entries;
  uint32_t *heads; /* bucket -> first entry */
  uint64_t *occupied; /* bit per bucket: set when its chain is not empty. 128 KB stays in cache where heads (4 MB)
                         does not, and most words looked up are no place: a miss then costs no memory access */
  uint64_t mask;
  uint32_t country_of[26 * 26]; /* alpha-2 -> place index of the country */
};

/* Incremental key hash: letters and digits of already-folded text (ASCII capitals are lowered; other ASCII is
 * skipped), so a name's tokens can be hashed one after another. */
uint64_t pl_geo_hash_init(void);
uint64_t pl_geo_hash_add(uint64_t h, const char *s, size_t n);
/* Key hash of a name as written (folded first). */
uint64_t pl_geo_name_hash(const char *s, size_t n);
/* Places whose key hash is h, each once, in file order; up to cap into out; returns how many there are. */
size_t pl_gazetteer_find(const parley_gazetteer *g, uint64_t h, const parley_place **out, size_t cap);

#endif
