/* syntax/weights.c: the averaged perceptron's weight table while training, and its conversion into the compact
 * read-only table the model ships (only features and classes whose averaged weight is not zero). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "syntax_impl.h"

uint64_t pl_syn_hash_bytes(const char *s, size_t n) {
  uint64_t h = 0xcbf29ce484222325ull; /* FNV-1a, then mixed: forms are short */
  for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 0x100000001b3ull;
  return pl_syn_mix(h, n);
}

int pl_syn_wtrain_init(pl_syn_wtrain *t) {
  memset(t, 0, sizeof *t);
  t->cap = 1u << 16;
  t->keys = calloc(t->cap, sizeof *t->keys);
  t->fid = malloc(t->cap * sizeof *t->fid);
  return t->keys && t->fid ? 0 : -1;
}

void pl_syn_wtrain_dispose(pl_syn_wtrain *t) {
  free(t->keys);
  free(t->fid);
  free(t->off);
  free(t->cnt);
  free(t->fcap);
  free(t->slots);
  memset(t, 0, sizeof *t);
}

static size_t slot_of(const pl_syn_wtrain *t, uint64_t key) {
  size_t i = (key ^ (key >> 29)) & (t->cap - 1);
  while (t->keys[i] && t->keys[i] != key) i = (i + 1) & (t->cap - 1);
  return i;
}

void pl_syn_wtrain_score(const pl_syn_wtrain *t, uint64_t key, float *scores) {
  size_t i = slot_of(t, key);
  if (!t->keys[i]) return;
  uint32_t f = t->fid[i];
  const pl_syn_wslot *s = t->slots + t->off[f];
  for (uint16_t k = 0; k < t->cnt[f]; k++) scores[s[k].cls] += s[k].w;
}

static int grow_table(pl_syn_wtrain *t) {
  size_t ncap = t->cap * 2;
  uint64_t *nk = calloc(ncap, sizeof *nk);
  uint32_t *nf = malloc(ncap * sizeof *nf);
  if (!nk || !nf) {
    free(nk);
    free(nf);
    return -1;
  }
  for (size_t i = 0; i < t->cap; i++) {
    if (!t->keys[i]) continue;
    size_t j = (t->keys[i] ^ (t->keys[i] >> 29)) & (ncap - 1);
    while (nk[j]) j = (j + 1) & (ncap - 1);
    nk[j] = t->keys[i];
    nf[j] = t->fid[i];
  }
  free(t->keys);
  free(t->fid);
  t->keys = nk;
  t->fid = nf;
  t->cap = ncap;
  return 0;
}

static int reserve_slots(pl_syn_wtrain *t, size_t more) {
  if (t->n_slots + more <= t->slots_cap) return 0;
  size_t nc = t->slots_cap ? t->slots_cap * 2 : 1u << 16;
  while (nc < t->n_slots + more) nc *= 2;
  pl_syn_wslot *ns = realloc(t->slots, nc * sizeof *ns);
  if (!ns) return -1;
  t->slots = ns;
  t->slots_cap = nc;
  return 0;
}

int pl_syn_wtrain_update(pl_syn_wtrain *t, uint64_t key, int cls, float delta) {
  if ((t->n + 1) * 2 > t->cap && grow_table(t)) return -1;
  size_t i = slot_of(t, key);
  uint32_t f;
  if (!t->keys[i]) {
    if (t->n == t->fcap_alloc) {
      size_t nc = t->fcap_alloc ? t->fcap_alloc * 2 : 1u << 14;
      uint32_t *no = realloc(t->off, nc * sizeof *no);
      if (!no) return -1;
      t->off = no;
      uint16_t *nn = realloc(t->cnt, nc * sizeof *nn);
      if (!nn) return -1;
      t->cnt = nn;
      uint16_t *ncp = realloc(t->fcap, nc * sizeof *ncp);
      if (!ncp) return -1;
      t->fcap = ncp;
      t->fcap_alloc = nc;
    }
    if (reserve_slots(t, 2)) return -1;
    f = (uint32_t)t->n++;
    t->keys[i] = key;
    t->fid[i] = f;
    t->off[f] = (uint32_t)t->n_slots;
    t->cnt[f] = 0;
    t->fcap[f] = 2;
    t->n_slots += 2;
  } else {
    f = t->fid[i];
  }
  pl_syn_wslot *s = t->slots + t->off[f];
  uint16_t k = 0;
  while (k < t->cnt[f] && s[k].cls != cls) k++;
  if (k == t->cnt[f]) {
    if (t->cnt[f] == t->fcap[f]) { /* move the run to the end with twice the room; the old run is abandoned */
      uint16_t nc = (uint16_t)(t->fcap[f] * 2);
      if (reserve_slots(t, nc)) return -1;
      memcpy(t->slots + t->n_slots, t->slots + t->off[f], t->cnt[f] * sizeof *s);
      t->off[f] = (uint32_t)t->n_slots;
      t->fcap[f] = nc;
      t->n_slots += nc;
      s = t->slots + t->off[f];
    }
    s[k].cls = (uint16_t)cls;
    s[k].w = 0;
    s[k].tot = 0;
    s[k].stamp = t->now;
    t->cnt[f]++;
  }
  s[k].tot += (double)s[k].w * (t->now - s[k].stamp);
  s[k].stamp = t->now;
  s[k].w += delta;
  return 0;
}

static uint32_t pack(float w, int cls) {
  union { float f; uint32_t u; } v = {w};
  return ((v.u + 0x80u) & ~0xFFu) | (uint32_t)cls; /* round the mantissa to the kept bits; class in the low 8 */
}

size_t pl_syn_table_cap(size_t n) { return n + n * 2 / 3 + 16; }

pl_syn_entry *pl_syn_entry_put(pl_syn_entry *e, size_t cap, uint64_t key, uint32_t offn) {
  size_t j = pl_syn_bucket(key, cap);
  while (e[j].check) j = j + 1 == cap ? 0 : j + 1;
  e[j].check = pl_syn_check(key);
  e[j].offn = offn;
  return &e[j];
}

void pl_syn_map_put(pl_syn_mentry *e, size_t cap, uint64_t key, uint32_t value) {
  size_t j = pl_syn_bucket(key, cap);
  while (e[j].check) j = j + 1 == cap ? 0 : j + 1;
  e[j].check = pl_syn_check(key);
  e[j].value = value;
}

int pl_syn_wtrain_finish(const pl_syn_wtrain *t, float min_weight, pl_syn_entry **e_out, size_t *n_e,
                         uint32_t **slots_out, size_t *n_slots) {
  size_t kept = 0, nslots = 0;
  uint16_t *keep = calloc(t->n ? t->n : 1, sizeof *keep);
  if (!keep) return -1;
  double now = t->now ? t->now : 1;
  for (size_t i = 0; i < t->cap; i++) {
    if (!t->keys[i]) continue;
    uint32_t f = t->fid[i];
    const pl_syn_wslot *s = t->slots + t->off[f];
    for (uint16_t k = 0; k < t->cnt[f]; k++) {
      double avg = (s[k].tot + (double)s[k].w * (t->now - s[k].stamp)) / now;
      if (fabs(avg) >= min_weight) keep[f]++;
    }
    if (keep[f]) {
      kept++;
      nslots += keep[f];
    }
  }
  size_t cap = pl_syn_table_cap(kept);
  pl_syn_entry *e = calloc(cap, sizeof *e);
  uint32_t *sl = malloc((nslots ? nslots : 1) * sizeof *sl);
  if (!e || !sl) {
    free(e);
    free(sl);
    free(keep);
    return -1;
  }
  size_t o = 0;
  /* entries in table order so the output depends on the keys alone (deterministic) */
  for (size_t i = 0; i < t->cap; i++) {
    if (!t->keys[i] || !keep[t->fid[i]]) continue;
    uint32_t f = t->fid[i];
    size_t first = o;
    const pl_syn_wslot *s = t->slots + t->off[f];
    for (uint16_t k = 0; k < t->cnt[f]; k++) {
      double avg = (s[k].tot + (double)s[k].w * (t->now - s[k].stamp)) / now;
      if (fabs(avg) >= min_weight) sl[o++] = pack((float)avg, s[k].cls);
    }
    size_t m = o - first;
    if (m <= PL_SYN_INLINE) { /* short runs go into the entry and leave the slot array */
      pl_syn_entry *x = pl_syn_entry_put(e, cap, t->keys[i], (uint32_t)m);
      memcpy(x->in, sl + first, m * sizeof *sl);
      o = first;
    } else {
      pl_syn_entry_put(e, cap, t->keys[i], (uint32_t)(first << 8 | m));
    }
  }
  free(keep);
  *e_out = e;
  *n_e = cap;
  *slots_out = sl;
  *n_slots = o;
  return 0;
}
