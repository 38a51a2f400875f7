/* syntax/model.c: the model file: one little-endian image of 8-byte aligned sections behind a header with a
 * magic, a version, the total length and a CRC-32, used in place after checking (a model embedded in the
 * binary costs no copy). Every offset, count and class in it is checked before use: a truncated, corrupted or
 * foreign file is refused with a message saying what is wrong. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include "model_file.h"

#define MAGIC "PLSYNTX"
#define HEADER 32

static int fail(char *err, size_t errlen, const char *msg) {
  if (err && errlen) snprintf(err, errlen, "%s", msg);
  return -1;
}

static uint32_t rd32(const unsigned char *p) { uint32_t v; memcpy(&v, p, 4); return v; }
static uint64_t rd64(const unsigned char *p) { uint64_t v; memcpy(&v, p, 8); return v; }

static int check_map(pl_syn_map *m, const void *ent, uint64_t len, size_t n_values) {
  if (len % sizeof(pl_syn_mentry) || len == 0 || len / sizeof(pl_syn_mentry) > 0xFFFFFFFFu) return -1;
  m->e = ent;
  m->cap = len / sizeof(pl_syn_mentry);
  size_t used = 0;
  for (size_t i = 0; i < m->cap; i++) {
    if (!m->e[i].check) continue;
    used++;
    if (m->e[i].value >= n_values) return -1;
  }
  return used == m->cap ? -1 : 0; /* a full table would make a miss probe for ever */
}

static int check_table(pl_syn_table *t, const void *ent, uint64_t ent_len, const void *slots, uint64_t slots_len,
                       const void *dense, uint64_t dense_len, int n_classes) {
  t->stride = pl_syn_stride(n_classes);
  if (ent_len % sizeof(pl_syn_entry) || slots_len % 4 || dense_len % (t->stride * sizeof(float))) return -1;
  t->dense = dense;
  t->n_dense = (size_t)(dense_len / (t->stride * sizeof(float)));
  size_t ne = ent_len / sizeof(pl_syn_entry);
  if (ne == 0 || ne > 0xFFFFFFFFu) return -1;
  t->e = ent;
  t->cap = ne;
  t->slots = slots;
  t->n_slots = slots_len / 4;
  size_t used = 0;
  for (size_t i = 0; i < ne; i++) {
    if (!t->e[i].check) continue;
    used++;
    size_t off = t->e[i].offn >> 8, n = t->e[i].offn & 0xFFu;
    if (n == PL_SYN_DENSE) {
      if (off >= t->n_dense) return -1;
    } else if (n <= PL_SYN_INLINE) {
      for (size_t k = 0; k < n; k++)
        if ((int)(t->e[i].in[k] & 0xFFu) >= n_classes) return -1;
    } else if (off > t->n_slots || n > t->n_slots - off) {
      return -1;
    }
  }
  if (used == ne) return -1; /* a full table would make a miss loop for ever */
  for (size_t i = 0; i < t->n_slots; i++)
    if ((int)(t->slots[i] & 0xFFu) >= n_classes) return -1;
  return 0;
}

int pl_syn_model_open(pl_syn_model *m, const void *buf, size_t len, char *err, size_t errlen) {
  const unsigned char *b = buf;
  memset(m, 0, sizeof *m);
  if (len < HEADER || memcmp(b, MAGIC, 8)) return fail(err, errlen, "not a parley syntax model (bad magic)");
  if (rd32(b + 8) != PL_SYN_MODEL_VERSION) return fail(err, errlen, "unsupported model version");
  if (rd32(b + 12) != 0x01020304u) return fail(err, errlen, "model written on a machine of other byte order");
  uint64_t total = rd64(b + 16);
  if (total != len) return fail(err, errlen, total > len ? "model file is truncated" : "model file has trailing bytes");
  if ((uintptr_t)buf % 8) return fail(err, errlen, "model image is not 8-byte aligned");
  uint32_t crc = (uint32_t)crc32(0L, b + HEADER, (uInt)(len - HEADER));
  if (crc != rd32(b + 24)) return fail(err, errlen, "model checksum mismatch (corrupted file)");
  const void *sec[PL_SYN_SEC_MAX] = {0};
  uint64_t slen[PL_SYN_SEC_MAX] = {0};
  size_t pos = HEADER;
  while (pos < len) {
    if (len - pos < 16) return fail(err, errlen, "model section header cut short");
    uint32_t kind = rd32(b + pos);
    uint64_t n = rd64(b + pos + 8);
    pos += 16;
    if (n > len - pos) return fail(err, errlen, "model section longer than the file");
    if (kind >= PL_SYN_SEC_MAX || sec[kind]) return fail(err, errlen, "unknown or repeated model section");
    sec[kind] = b + pos;
    slen[kind] = n;
    pos += (size_t)((n + 7) & ~7ull);
  }
  for (int k = 1; k < PL_SYN_SEC_MAX; k++)
    if (!sec[k]) return fail(err, errlen, "model section missing");
  m->pool = sec[PL_SYN_SEC_POOL];
  m->pool_len = (size_t)slen[PL_SYN_SEC_POOL];
  if (!m->pool_len || m->pool[m->pool_len - 1]) return fail(err, errlen, "model string pool not terminated");
  const uint32_t *tags = sec[PL_SYN_SEC_TAGS], *labels = sec[PL_SYN_SEC_LABELS];
  if (slen[PL_SYN_SEC_TAGS] % 8 || slen[PL_SYN_SEC_LABELS] % 4) return fail(err, errlen, "bad tag or label table");
  m->n_tags = (int)(slen[PL_SYN_SEC_TAGS] / 8);
  m->n_labels = (int)(slen[PL_SYN_SEC_LABELS] / 4);
  if (m->n_tags < 1 || m->n_tags > PL_SYN_MAX_TAGS || m->n_labels < 1 || m->n_labels > PL_SYN_MAX_LABELS)
    return fail(err, errlen, "model has too many or no tags or labels");
  for (int i = 0; i < 2 * m->n_tags; i++)
    if (tags[i] >= m->pool_len) return fail(err, errlen, "tag name outside the string pool");
  for (int i = 0; i < m->n_labels; i++)
    if (labels[i] >= m->pool_len) return fail(err, errlen, "label name outside the string pool");
  m->label_punct = m->label_root = m->label_dep = -1;
  for (int i = 0; i < m->n_tags; i++) {
    m->upos[i] = m->pool + tags[2 * i];
    m->xpos[i] = m->pool + tags[2 * i + 1];
  }
  for (int i = 0; i < m->n_labels; i++) {
    m->labels[i] = m->pool + labels[i];
    if (!strcmp(m->labels[i], "punct")) m->label_punct = i;
    if (!strcmp(m->labels[i], "root")) m->label_root = i;
    if (!strcmp(m->labels[i], "dep")) m->label_dep = i;
  }
  if (m->label_root < 0) return fail(err, errlen, "model has no root label");
  if (m->label_dep < 0) m->label_dep = m->label_root;
  if (slen[PL_SYN_SEC_RULES] % sizeof(pl_syn_lemma_rule)) return fail(err, errlen, "bad lemma rule table");
  m->rules = sec[PL_SYN_SEC_RULES];
  m->n_rules = (size_t)(slen[PL_SYN_SEC_RULES] / sizeof(pl_syn_lemma_rule));
  for (size_t i = 0; i < m->n_rules; i++)
    if (m->rules[i].add_off > m->pool_len || m->rules[i].add_len > m->pool_len - m->rules[i].add_off)
      return fail(err, errlen, "lemma rule outside the string pool");
  if (check_table(&m->tagger, sec[PL_SYN_SEC_TAG_E], slen[PL_SYN_SEC_TAG_E], sec[PL_SYN_SEC_TAG_S],
                  slen[PL_SYN_SEC_TAG_S], sec[PL_SYN_SEC_TAG_D], slen[PL_SYN_SEC_TAG_D], m->n_tags))
    return fail(err, errlen, "bad tagger weight table");
  if (check_table(&m->tagger2, sec[PL_SYN_SEC_TAG2_E], slen[PL_SYN_SEC_TAG2_E], sec[PL_SYN_SEC_TAG2_S],
                  slen[PL_SYN_SEC_TAG2_S], sec[PL_SYN_SEC_TAG2_D], slen[PL_SYN_SEC_TAG2_D], m->n_tags))
    return fail(err, errlen, "bad second-pass tagger weight table");
  if (check_table(&m->parser, sec[PL_SYN_SEC_PARSE_E], slen[PL_SYN_SEC_PARSE_E], sec[PL_SYN_SEC_PARSE_S],
                  slen[PL_SYN_SEC_PARSE_S], sec[PL_SYN_SEC_PARSE_D], slen[PL_SYN_SEC_PARSE_D], 2 + 2 * m->n_labels))
    return fail(err, errlen, "bad parser weight table");
  if (check_map(&m->lemma_exact, sec[PL_SYN_SEC_LEMMA_EXACT], slen[PL_SYN_SEC_LEMMA_EXACT], m->n_rules) ||
      check_map(&m->lemma_suffix, sec[PL_SYN_SEC_LEMMA_SUFFIX], slen[PL_SYN_SEC_LEMMA_SUFFIX], m->n_rules))
    return fail(err, errlen, "bad lemma table");
  if (check_map(&m->clusters, sec[PL_SYN_SEC_CLUSTERS], slen[PL_SYN_SEC_CLUSTERS], 1u << 24))
    return fail(err, errlen, "bad word class table");
  return 0;
}

/* Hands the sections, in file order (each header, its data, the padding to 8 bytes), to the CRC when f is NULL,
 * else writes them to f: the checksum and the file cannot cover different bytes. */
static int put_sections(FILE *f, uLong *crc, const pl_syn_section *secs, int n) {
  static const unsigned char zero[8] = {0};
  for (int i = 0; i < n; i++) {
    unsigned char sh[16] = {0};
    uint32_t kind = secs[i].kind;
    uint64_t len = secs[i].len;
    memcpy(sh, &kind, 4);
    memcpy(sh + 8, &len, 8);
    const void *part[3] = {sh, secs[i].data, zero};
    size_t part_len[3] = {16, (size_t)len, (size_t)((8 - len % 8) % 8)};
    for (int k = 0; k < 3; k++) {
      if (!part_len[k]) continue;
      if (!f) *crc = crc32(*crc, part[k], (uInt)part_len[k]);
      else if (fwrite(part[k], 1, part_len[k], f) != part_len[k]) return -1;
    }
  }
  return 0;
}

int pl_syn_model_write(FILE *f, const pl_syn_section *secs, int n) {
  unsigned char hdr[HEADER] = {0};
  uint64_t total = HEADER;
  for (int i = 0; i < n; i++) total += 16 + ((secs[i].len + 7) & ~7ull);
  uLong crc = crc32(0L, Z_NULL, 0);
  put_sections(NULL, &crc, secs, n);
  memcpy(hdr, MAGIC, 8);
  uint32_t v = PL_SYN_MODEL_VERSION, endian = 0x01020304u, c32 = (uint32_t)crc;
  memcpy(hdr + 8, &v, 4);
  memcpy(hdr + 12, &endian, 4);
  memcpy(hdr + 16, &total, 8);
  memcpy(hdr + 24, &c32, 4);
  if (fwrite(hdr, 1, HEADER, f) != HEADER) return -1;
  return put_sections(f, NULL, secs, n);
}
