/* gazetteer.c: loads data/gazetteer.tsv.gz (tools/gazetteer.c writes it) into one immutable index: the places,
 * and a chained hash table from each name's key to the places it denotes.
 *
 * A name's key is its NFKC case fold with everything but letters and digits removed, so "Deir ez-Zor", "deir ez
 * zor" and the tokens deir/ez/-/zor meet, whatever the tokenizer does with hyphens, apostrophes or full stops. The
 * key is identified by its 64-bit FNV-1a hash alone: among the ~400,000 names a false match has odds of 1e-8, and
 * not storing keys keeps the index small and the load fast. The decompressed file is kept: place names point into
 * it. */
#include "gazetteer_internal.h"
#include "gazetteer_blob.h"
#include "util/file.h"
#include <math.h>
#include <parley/errors.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <zlib.h>

/* A gzip stream that inflates past this is refused: the real file is ~11 MB, and a hostile one must not make the
 * loader allocate without bound. */
#define MAX_INFLATED (64u << 20)
#define FIELDS PL_GAZETTEER_FIELDS

extern const unsigned char pl_gazetteer_builtin[];
extern const size_t pl_gazetteer_builtin_len;

uint64_t pl_geo_hash_init(void) { return 1469598103934665603ull; }

uint64_t pl_geo_hash_add(uint64_t h, const char *s, size_t n) {
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c < 0x80 && !((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
      if (c >= 'A' && c <= 'Z') c |= 0x20;
      else continue;
    }
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

/* Key hash of a name as written: ASCII is folded by hand (most names), the rest through ICU's NFKC case fold, as
 * the tokenizer folds text. */
/* Latin-1 and Latin Extended-A letters fold by rule (capitals U+00C0-U+00DE are +0x20, and in U+0100-U+017F the
 * even code point is the capital, mostly): most non-ASCII names are folded without ICU, which keeps the load within
 * budget. Returns 0 when some character needs ICU. */
static int latin_fold(const char *s, size_t n, char *out, size_t *out_len) {
  size_t k = 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c < 0x80) {
      out[k++] = (char)c;
      continue;
    }
    if (i + 1 >= n || (c != 0xC3 && c != 0xC4 && c != 0xC5)) return 0;
    unsigned cp = ((c & 0x1Fu) << 6) | ((unsigned char)s[i + 1] & 0x3Fu);
    if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) cp += 0x20;
    else if (cp >= 0x100 && cp <= 0x137 && !(cp & 1)) cp += 1;
    else if (cp >= 0x14A && cp <= 0x177 && !(cp & 1)) cp += 1;
    else if ((cp >= 0x138 && cp <= 0x149) || cp >= 0x178) return 0; /* odd-capital stretches and ſ: to ICU */
    if (cp == 0xDF) return 0;                                         /* ß folds to "ss" */
    out[k++] = (char)(0xC0 | (cp >> 6));
    out[k++] = (char)(0x80 | (cp & 0x3F));
    i++;
  }
  *out_len = k;
  return 1;
}

uint64_t pl_geo_name_hash(const char *s, size_t n) {
  int ascii = 1;
  for (size_t i = 0; i < n && ascii; i++) ascii = (unsigned char)s[i] < 0x80;
  if (ascii || n > 512) return pl_geo_hash_add(pl_geo_hash_init(), s, n);
  char lat[1030];
  size_t ln;
  if (latin_fold(s, n, lat, &ln)) return pl_geo_hash_add(pl_geo_hash_init(), lat, ln);
  UChar src[520], dst[1100];
  char out[3400];
  UErrorCode st = U_ZERO_ERROR;
  int32_t len = 0, flen = 0;
  u_strFromUTF8(src, (int32_t)(sizeof src / sizeof src[0]), &len, s, (int32_t)n, &st);
  const UNormalizer2 *nf = U_SUCCESS(st) ? unorm2_getNFKCCasefoldInstance(&st) : NULL;
  int32_t dlen = U_SUCCESS(st) ? unorm2_normalize(nf, src, len, dst, (int32_t)(sizeof dst / sizeof dst[0]), &st) : 0;
  if (U_SUCCESS(st)) u_strToUTF8(out, (int32_t)sizeof out, &flen, dst, dlen, &st);
  if (U_FAILURE(st)) return pl_geo_hash_add(pl_geo_hash_init(), s, n);
  return pl_geo_hash_add(pl_geo_hash_init(), out, (size_t)flen);
}

double parley_geo_distance_km(double lat1, double lon1, double lat2, double lon2) {
  const double r = 6371.0088, d = 3.14159265358979323846 / 180.0;
  double dlat = (lat2 - lat1) * d, dlon = (lon2 - lon1) * d;
  double a = sin(dlat / 2) * sin(dlat / 2) + cos(lat1 * d) * cos(lat2 * d) * sin(dlon / 2) * sin(dlon / 2);
  return 2 * r * asin(sqrt(a < 1 ? a : 1));
}

static int push_entry(parley_gazetteer *g, uint64_t h, uint32_t place) {
  if (g->n_entries == g->cap_entries) {
    size_t cap = g->cap_entries ? g->cap_entries * 2 : (size_t)1 << 16;
    pl_geo_entry *v = realloc(g->entries, cap * sizeof *v);
    if (!v) return PARLEY_ENOMEM;
    g->entries = v;
    g->cap_entries = cap;
  }
  g->entries[g->n_entries++] = (pl_geo_entry){h, place, UINT32_MAX};
  return PARLEY_OK;
}

/* Coordinates are written as [-]digits.digits: read as an integer over a power of ten, which is exact when the
 * integer fits in 53 bits (one correctly rounded division, the same double strtod gives) and several times
 * faster than strtod; anything else goes to strtod. */
static int parse_double(const char *s, double lo, double hi, double *out) {
  static const double pow10[] = {1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
  const char *p = s;
  int neg = *p == '-';
  p += neg;
  uint64_t m = 0;
  int digits = 0, frac = -1;
  for (; digits < 16; p++) {
    if (*p >= '0' && *p <= '9') {
      m = m * 10 + (uint64_t)(*p - '0');
      digits++;
      if (frac >= 0) frac++;
    } else if (*p == '.' && frac < 0) {
      frac = 0;
    } else {
      break;
    }
  }
  if (!*p && digits && digits < 16) {
    double v = (double)m / pow10[frac > 0 ? frac : 0];
    if (neg) v = -v;
    if (!(v >= lo && v <= hi)) return 0;
    *out = v;
    return 1;
  }
  char *end;
  double v = strtod(s, &end);
  if (end == s || *end || !(v >= lo && v <= hi)) return 0;
  *out = v;
  return 1;
}

/* One line of the file, its fields cut in place. Returns 1 when it is a place. */
/* One record, its fields NUL-terminated. Returns 1 when it is a place. */
static int parse_fields(const char *const *f, parley_place *p, const char **alts) {
  if (strlen(f[0]) != 1) return 0;
  memset(p, 0, sizeof *p);
  p->kind = f[0][0];
  if (p->kind != PARLEY_PLACE_CITY && p->kind != PARLEY_PLACE_REGION && p->kind != PARLEY_PLACE_COUNTRY) return 0;
  char *end;
  unsigned long id = strtoul(f[1], &end, 10);
  if (*end || end == f[1] || id > UINT32_MAX) return 0;
  p->geonameid = (uint32_t)id;
  if (!f[2][0] || strlen(f[3]) >= sizeof p->feature || strlen(f[4]) != 2) return 0;
  p->name = f[2];
  memcpy(p->feature, f[3], strlen(f[3]) + 1);
  memcpy(p->country2, f[4], 3);
  if (p->kind == PARLEY_PLACE_COUNTRY) {
    if (strlen(f[5]) != 3) return 0;
    memcpy(p->country, f[5], 4);
    p->admin1_code = "";
  } else {
    p->admin1_code = f[5];
  }
  if (!parse_double(f[6], -90, 90, &p->lat) || !parse_double(f[7], -180, 180, &p->lon)) return 0;
  unsigned long long pop = strtoull(f[8], &end, 10);
  if (*end || end == f[8] || f[8][0] == '-') return 0;
  p->population = pop;
  *alts = f[9];
  return 1;
}

/* One line of the text format, its fields cut in place. */
static int parse_line(char *line, parley_place *p, const char **alts) {
  const char *f[FIELDS];
  size_t nf = 0;
  for (char *q = line; nf < FIELDS;) {
    f[nf++] = q;
    char *t = strchr(q, '\t');
    if (!t) break;
    *t = 0;
    q = t + 1;
  }
  return nf == FIELDS && line[0] != '#' && parse_fields(f, p, alts);
}

static int cc_index(const char *cc) {
  if (cc[0] < 'A' || cc[0] > 'Z' || cc[1] < 'A' || cc[1] > 'Z') return -1;
  return (cc[0] - 'A') * 26 + (cc[1] - 'A');
}

/* Adds one place and its names to the index. */
static int add_place(parley_gazetteer *g, size_t *cap_places, const parley_place *pl, const char *alts) {
  if (g->n_places == *cap_places) {
    size_t cap = *cap_places ? *cap_places * 2 : (size_t)1 << 14;
    parley_place *v = realloc(g->places, cap * sizeof *v);
    if (!v) return PARLEY_ENOMEM;
    g->places = v;
    *cap_places = cap;
  }
  uint32_t idx = (uint32_t)g->n_places;
  g->places[g->n_places++] = *pl;
  uint64_t h0 = pl_geo_name_hash(pl->name, strlen(pl->name));
  if (push_entry(g, h0, idx)) return PARLEY_ENOMEM;
  for (const char *a = alts; a && *a;) {
    const char *c = strchr(a, ',');
    size_t n = c ? (size_t)(c - a) : strlen(a);
    uint64_t h = pl_geo_name_hash(a, n);
    if (h != h0 && push_entry(g, h, idx)) return PARLEY_ENOMEM;
    a = c ? c + 1 : NULL;
  }
  return PARLEY_OK;
}

/* Sizes the places and the name entries once (growing them by doubling copied ~20 MB and faulted in twice the
 * pages); a name and its alternates take the line's commas + 2 entries at most. */
static int reserve(parley_gazetteer *g, size_t *cap_places, size_t places, size_t commas) {
  *cap_places = places ? places : 1;
  g->places = malloc(*cap_places * sizeof *g->places);
  g->cap_entries = 2 * *cap_places + commas;
  g->entries = malloc(g->cap_entries * sizeof *g->entries);
  return g->places && g->entries ? PARLEY_OK : PARLEY_ENOMEM;
}

/* The records of the pre-cut form (gazetteer_blob.h), read in place. A record cut short by the end of the data is
 * dropped; the counts of the header are only capacities, bounded by what the data can hold. */
static int read_blob(parley_gazetteer *g, const char *data, size_t len, size_t *cap_places) {
  const char *p = data + sizeof PL_GAZETTEER_BLOB_MAGIC, *end = data + len;
  const char *z = memchr(p, 0, (size_t)(end - p));
  if (!z) return PARLEY_EPARSE;
  unsigned long long records = 0, commas = 0;
  if (sscanf(p, "%llu %llu", &records, &commas) != 2) return PARLEY_EPARSE;
  if (records > len / (2 * FIELDS)) records = len / (2 * FIELDS);
  if (commas > len) commas = len;
  int status = reserve(g, cap_places, (size_t)records, (size_t)commas);
  for (p = z + 1; !status && p < end;) {
    const char *f[FIELDS];
    size_t nf = 0;
    for (; nf < FIELDS && p < end; nf++) {
      const char *e = memchr(p, 0, (size_t)(end - p));
      if (!e) break;
      f[nf] = p;
      p = e + 1;
    }
    if (nf < FIELDS) {
      if (nf) g->skipped++;
      break;
    }
    parley_place pl;
    const char *alts;
    if (!parse_fields(f, &pl, &alts)) g->skipped++;
    else status = add_place(g, cap_places, &pl, alts);
  }
  return status;
}

/* The text format (data/README.md), cut in place in g->text. */
static int read_text(parley_gazetteer *g, size_t *cap_places) {
  char *p = g->text, *end = g->text + g->text_len;
  size_t lines = 1, commas = 0;
  for (const char *q = p; (q = memchr(q, '\n', (size_t)(end - q))); q++) lines++;
  for (const char *q = p; (q = memchr(q, ',', (size_t)(end - q))); q++) commas++;
  int status = reserve(g, cap_places, lines, commas);
  while (!status && p < end) {
    char *nl = memchr(p, '\n', (size_t)(end - p));
    char *line = p;
    if (nl) *nl = 0;
    p = nl ? nl + 1 : end;
    if (!*line || *line == '#') continue;
    if (strlen(line) != (size_t)((nl ? nl : end) - line)) {
      g->skipped++; /* a NUL inside the line */
      continue;
    }
    size_t len = strlen(line);
    if (len && line[len - 1] == '\r') line[len - 1] = 0;
    parley_place pl;
    const char *alts;
    if (!parse_line(line, &pl, &alts)) {
      g->skipped++;
      continue;
    }
    status = add_place(g, cap_places, &pl, alts);
  }
  return status;
}

/* Reads the places (from the pre-cut data when given, else from g->text) and builds the index. */
static int build(parley_gazetteer *g, const char *blob, size_t blob_len) {
  size_t cap_places = 0;
  int status = blob ? read_blob(g, blob, blob_len, &cap_places) : read_text(g, &cap_places);
  if (status) return status;
  if (!g->n_places) return PARLEY_EPARSE;
  /* countries: alpha-2 -> index; regions: (alpha-2, admin1 code) -> name through the entry hash of the pair */
  for (size_t i = 0; i < 26 * 26; i++) g->country_of[i] = UINT32_MAX;
  for (size_t i = 0; i < g->n_places; i++) {
    int k = cc_index(g->places[i].country2);
    if (g->places[i].kind == PARLEY_PLACE_COUNTRY && k >= 0 && g->country_of[k] == UINT32_MAX)
      g->country_of[k] = (uint32_t)i;
  }
  size_t nb = 1;
  while (nb < g->n_entries * 2) nb <<= 1;
  g->mask = nb - 1;
  g->heads = malloc(nb * sizeof *g->heads);
  g->occupied = calloc((nb + 63) / 64, sizeof *g->occupied);
  size_t nr = 1;
  while (nr < 4 * 4096) nr <<= 1;
  uint32_t *rtab = malloc(nr * sizeof *rtab);
  if (!g->heads || !g->occupied || !rtab) {
    free(rtab);
    return PARLEY_ENOMEM;
  }
  memset(g->heads, 0xff, nb * sizeof *g->heads);
  memset(rtab, 0xff, nr * sizeof *rtab);
  for (size_t i = g->n_entries; i-- > 0;) { /* backwards, so that each chain lists entries in file order */
    size_t b = (size_t)(g->entries[i].hash & g->mask);
    g->entries[i].next = g->heads[b];
    g->heads[b] = (uint32_t)i;
    g->occupied[b / 64] |= (uint64_t)1 << (b % 64);
  }
  size_t n_regions = 0;
  for (size_t i = 0; i < g->n_places && n_regions < nr / 2; i++) {
    const parley_place *r = &g->places[i];
    if (r->kind != PARLEY_PLACE_REGION) continue;
    uint64_t h = pl_geo_hash_add(pl_geo_hash_add(pl_geo_hash_init(), r->country2, 2), r->admin1_code,
                                 strlen(r->admin1_code));
    size_t b = (size_t)(h & (nr - 1));
    while (rtab[b] != UINT32_MAX) b = (b + 1) & (nr - 1);
    rtab[b] = (uint32_t)i;
    n_regions++;
  }
  for (size_t i = 0; i < g->n_places; i++) {
    parley_place *q = &g->places[i];
    if (q->kind != PARLEY_PLACE_COUNTRY) {
      int k = cc_index(q->country2);
      if (k >= 0 && g->country_of[k] != UINT32_MAX) memcpy(q->country, g->places[g->country_of[k]].country, 4);
    }
    if (q->kind == PARLEY_PLACE_REGION) {
      q->admin1 = q->name;
      continue;
    }
    if (q->kind != PARLEY_PLACE_CITY || !q->admin1_code[0]) continue;
    uint64_t h = pl_geo_hash_add(pl_geo_hash_add(pl_geo_hash_init(), q->country2, 2), q->admin1_code,
                                 strlen(q->admin1_code));
    for (size_t b = (size_t)(h & (nr - 1)); rtab[b] != UINT32_MAX; b = (b + 1) & (nr - 1)) {
      const parley_place *r = &g->places[rtab[b]];
      if (!strcmp(r->country2, q->country2) && !strcmp(r->admin1_code, q->admin1_code)) {
        q->admin1 = r->name;
        break;
      }
    }
  }
  free(rtab);
  return PARLEY_OK;
}

static int inflate_all(const unsigned char *data, size_t len, char **out, size_t *out_len) {
  z_stream z;
  memset(&z, 0, sizeof z);
  if (inflateInit2(&z, 15 + 32) != Z_OK) return PARLEY_ENOMEM;
  /* the gzip trailer's ISIZE (the size mod 2^32) lets a one-member file inflate into one buffer with no copy;
     a wrong or hostile value only costs a regrow, and MAX_INFLATED still bounds it */
  size_t isize = len >= 18 ? (size_t)data[len - 4] | (size_t)data[len - 3] << 8 | (size_t)data[len - 2] << 16 |
                                 (size_t)data[len - 1] << 24
                           : 0;
  size_t cap = isize && isize <= MAX_INFLATED ? isize + 2 : len * 4 + 1024, n = 0;
  char *buf = NULL;
  int rc = Z_OK, status = PARLEY_OK;
  z.next_in = (unsigned char *)(uintptr_t)data;
  z.avail_in = (uInt)len;
  while (rc != Z_STREAM_END) {
    if (!buf || n + 1 >= cap) {
      if (buf) cap *= 2;
      if (cap > MAX_INFLATED + 1) cap = MAX_INFLATED + 1;
      if (buf && n + 1 >= cap) {
        status = PARLEY_EPARSE;
        break;
      }
      char *v = realloc(buf, cap);
      if (!v) {
        status = PARLEY_ENOMEM;
        break;
      }
      buf = v;
    }
    z.next_out = (unsigned char *)buf + n;
    z.avail_out = (uInt)(cap - 1 - n);
    rc = inflate(&z, Z_NO_FLUSH);
    n = cap - 1 - z.avail_out;
    if (rc == Z_STREAM_END) {
      /* gzip files may hold several members; the generator's pipe writes one */
      break;
    }
    if (rc != Z_OK && rc != Z_BUF_ERROR) {
      status = PARLEY_EPARSE;
      break;
    }
    if (rc == Z_BUF_ERROR && z.avail_in == 0) { /* cut-off stream: keep what came out */
      break;
    }
  }
  inflateEnd(&z);
  if (status) {
    free(buf);
    return status;
  }
  buf[n] = 0;
  *out = buf;
  *out_len = n;
  return PARLEY_OK;
}

/* Loads from bytes; pre-cut data (gazetteer_blob.h) is read in place when it outlives the gazetteer (the
 * built-in one, in the library's read-only data), else copied first. */
static int load(parley_gazetteer **out, const void *data, size_t len, int in_place) {
  if (!out) return PARLEY_EINVAL;
  *out = NULL;
  if (!data && len) return PARLEY_EINVAL;
  parley_gazetteer *g = calloc(1, sizeof *g);
  if (!g) return PARLEY_ENOMEM;
  const unsigned char *b = data;
  int blob = len > sizeof PL_GAZETTEER_BLOB_MAGIC &&
             !memcmp(b, PL_GAZETTEER_BLOB_MAGIC, sizeof PL_GAZETTEER_BLOB_MAGIC);
  int status;
  if (blob && in_place) {
    g->in_place_len = len;
    status = build(g, data, len);
  } else {
    if (len >= 2 && b[0] == 0x1f && b[1] == 0x8b) {
      status = inflate_all(b, len, &g->text, &g->text_len);
    } else {
      g->text = malloc(len + 1);
      status = g->text ? PARLEY_OK : PARLEY_ENOMEM;
      if (g->text) {
        if (len) memcpy(g->text, data, len);
        g->text[len] = 0;
        g->text_len = len;
      }
    }
    if (!status) status = blob ? build(g, g->text, g->text_len) : build(g, NULL, 0);
  }
  if (status) {
    parley_gazetteer_free(g);
    return status;
  }
  *out = g;
  return PARLEY_OK;
}

int parley_gazetteer_load_mem(parley_gazetteer **out, const void *data, size_t len) {
  return load(out, data, len, 0);
}

int parley_gazetteer_load(parley_gazetteer **out, const char *path) {
  if (!out) return PARLEY_EINVAL;
  *out = NULL;
  if (!path) return load(out, pl_gazetteer_builtin, pl_gazetteer_builtin_len, 1);
  FILE *f = fopen(path, "rb");
  if (!f) return PARLEY_EIO;
  char *buf;
  size_t n;
  int status = pl_read_stream(f, MAX_INFLATED - 1, &buf, &n); /* a file of MAX_INFLATED bytes or more is refused */
  fclose(f);
  if (!status) status = parley_gazetteer_load_mem(out, buf, n);
  free(buf);
  return status;
}

size_t parley_gazetteer_count(const parley_gazetteer *g) { return g ? g->n_places : 0; }

const parley_place *parley_gazetteer_place(const parley_gazetteer *g, size_t i) {
  return g && i < g->n_places ? &g->places[i] : NULL;
}

size_t parley_gazetteer_skipped(const parley_gazetteer *g) { return g ? g->skipped : 0; }

size_t parley_gazetteer_memory(const parley_gazetteer *g) {
  if (!g) return 0;
  return sizeof *g + g->text_len + 1 + g->in_place_len + g->n_places * sizeof *g->places + g->cap_entries * sizeof *g->entries +
         (g->mask + 1) * sizeof *g->heads + (g->mask + 64) / 64 * sizeof *g->occupied;
}

const parley_place *parley_gazetteer_country(const parley_gazetteer *g, const char *code) {
  if (!g || !code) return NULL;
  size_t n = strlen(code);
  if (n == 2) {
    char up[3] = {(char)(code[0] & ~0x20), (char)(code[1] & ~0x20), 0};
    int k = cc_index(up);
    return k >= 0 && g->country_of[k] != UINT32_MAX ? &g->places[g->country_of[k]] : NULL;
  }
  if (n != 3) return NULL;
  for (size_t k = 0; k < 26 * 26; k++)
    if (g->country_of[k] != UINT32_MAX && !strcasecmp(g->places[g->country_of[k]].country, code))
      return &g->places[g->country_of[k]];
  return NULL;
}

size_t pl_gazetteer_find(const parley_gazetteer *g, uint64_t h, const parley_place **out, size_t cap) {
  size_t n = 0, b = (size_t)(h & g->mask);
  if (!(g->occupied[b / 64] >> (b % 64) & 1)) return 0;
  for (uint32_t e = g->heads[b]; e != UINT32_MAX; e = g->entries[e].next) {
    if (g->entries[e].hash != h) continue;
    const parley_place *p = &g->places[g->entries[e].place];
    int dup = 0;
    for (size_t k = 0; k < n && k < cap && !dup; k++) dup = out[k] == p;
    if (dup) continue;
    if (n < cap) out[n] = p;
    n++;
  }
  return n;
}

static int by_population(const void *a, const void *b) {
  const parley_place *x = *(const parley_place *const *)a, *y = *(const parley_place *const *)b;
  if (x->population != y->population) return x->population < y->population ? 1 : -1;
  return strcmp(x->name, y->name);
}

size_t parley_gazetteer_lookup(const parley_gazetteer *g, const char *name, const char *country,
                               const parley_place **out, size_t cap) {
  if (!g || !name) return 0;
  const parley_place *tmp[256];
  size_t n = pl_gazetteer_find(g, pl_geo_name_hash(name, strlen(name)), tmp, 256);
  if (n > 256) n = 256;
  size_t k = 0;
  for (size_t i = 0; i < n; i++) {
    if (country && *country &&
        strcasecmp(strlen(country) == 2 ? tmp[i]->country2 : tmp[i]->country, country))
      continue;
    tmp[k++] = tmp[i];
  }
  qsort(tmp, k, sizeof tmp[0], by_population);
  for (size_t i = 0; i < k && i < cap; i++) out[i] = tmp[i];
  return k;
}

void parley_gazetteer_free(parley_gazetteer *g) {
  if (!g) return;
  free(g->text);
  free(g->places);
  free(g->entries);
  free(g->heads);
  free(g->occupied);
  free(g);
}
