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

size_t pl_syn_table_cap(size_t n) { return n + n * 8 / 15 + 16; }

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

void pl_syn_table_out_free(pl_syn_table_out *o) {
  free(o->e);
  free(o->slots);
  free(o->dense);
  memset(o, 0, sizeof *o);
}

pl_syn_table pl_syn_table_view(const pl_syn_table_out *o) {
  return (pl_syn_table){o->e, o->ne, o->slots, o->ns, o->dense, o->nd, pl_syn_stride(o->n_classes)};
}

static double average(const pl_syn_wtrain *t, const pl_syn_wslot *s) {
  double now = t->now ? t->now : 1;
  return (s->tot + (double)s->w * (t->now - s->stamp)) / now;
}

int pl_syn_wtrain_finish(const pl_syn_wtrain *t, float min_weight, int n_classes, pl_syn_table_out *out) {
  memset(out, 0, sizeof *out);
  out->n_classes = n_classes;
  size_t kept = 0, nslots = 0, ndense = 0;
  uint16_t *keep = calloc(t->n ? t->n : 1, sizeof *keep);
  if (!keep) return -1;
  for (size_t i = 0; i < t->cap; i++) {
    if (!t->keys[i]) continue;
    uint32_t f = t->fid[i];
    const pl_syn_wslot *s = t->slots + t->off[f];
    for (uint16_t k = 0; k < t->cnt[f]; k++) keep[f] += fabs(average(t, &s[k])) >= min_weight;
    kept += keep[f] > 0;
    if (keep[f] > PL_SYN_DENSE_MIN) ndense++;
    else if (keep[f] > PL_SYN_INLINE) nslots += keep[f];
  }
  uint32_t stride = pl_syn_stride(n_classes);
  size_t cap = pl_syn_table_cap(kept);
  out->e = calloc(cap, sizeof *out->e);
  out->slots = malloc((nslots ? nslots : 1) * sizeof *out->slots);
  out->dense = calloc(ndense ? ndense * stride : 1, sizeof *out->dense);
  if (!out->e || !out->slots || !out->dense) {
    free(keep);
    pl_syn_table_out_free(out);
    return -1;
  }
  out->ne = cap;
  /* entries in table order, so the output depends on the keys alone (deterministic) */
  for (size_t i = 0; i < t->cap; i++) {
    if (!t->keys[i] || !keep[t->fid[i]]) continue;
    uint32_t f = t->fid[i], run[PL_SYN_MAX_CLASSES];
    size_t m = 0;
    const pl_syn_wslot *s = t->slots + t->off[f];
    if (keep[f] > PL_SYN_DENSE_MIN) {
      float *row = out->dense + out->nd * stride;
      for (uint16_t k = 0; k < t->cnt[f]; k++)
        if (fabs(average(t, &s[k])) >= min_weight) row[s[k].cls] = (float)average(t, &s[k]);
      pl_syn_entry_put(out->e, cap, t->keys[i], (uint32_t)(out->nd++ << 8 | PL_SYN_DENSE));
      continue;
    }
    for (uint16_t k = 0; k < t->cnt[f]; k++)
      if (fabs(average(t, &s[k])) >= min_weight) run[m++] = pack((float)average(t, &s[k]), s[k].cls);
    if (m <= PL_SYN_INLINE) { /* short runs live in the entry itself */
      pl_syn_entry *x = pl_syn_entry_put(out->e, cap, t->keys[i], (uint32_t)m);
      memcpy(x->in, run, m * sizeof *run);
    } else {
      memcpy(out->slots + out->ns, run, m * sizeof *run);
      pl_syn_entry_put(out->e, cap, t->keys[i], (uint32_t)(out->ns << 8 | m));
      out->ns += m;
    }
  }
  free(keep);
  return 0;
}
