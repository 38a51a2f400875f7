/* util/arena.c: bump allocator; see arena.h. */
#include "util/arena.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct pl_arena_block {
  pl_arena_block *next;
  size_t size, used;
  max_align_t data[];
};

#define PL_ALIGN (sizeof(max_align_t))

void pl_arena_init(pl_arena *a, size_t block_size) {
  a->head = NULL;
  a->block_size = block_size ? block_size : 64 * 1024;
  a->total = 0;
}

#ifdef PARLEY_DEBUG_ARENA
/* Each allocation is its own block, so out-of-bounds access hits the malloc redzone. */
void *pl_arena_alloc(pl_arena *a, size_t n) {
  pl_arena_block *b = malloc(sizeof *b + (n ? n : 1));
  if (!b) return NULL;
  b->size = b->used = n;
  b->next = a->head;
  a->head = b;
  a->total += n;
  return b->data;
}
void pl_arena_reset(pl_arena *a) { pl_arena_dispose(a); }
#else
void *pl_arena_alloc(pl_arena *a, size_t n) {
  size_t need = (n + PL_ALIGN - 1) & ~(PL_ALIGN - 1);
  if (need < n) return NULL;
  pl_arena_block *b = a->head;
  if (!b || b->size - b->used < need) {
    size_t size = need > a->block_size ? need : a->block_size;
    if (size > SIZE_MAX - sizeof *b) return NULL;
    b = malloc(sizeof *b + size);
    if (!b) return NULL;
    b->size = size;
    b->used = 0;
    b->next = a->head;
    a->head = b;
    a->total += size;
  }
  void *p = (char *)b->data + b->used;
  b->used += need;
  return p;
}

void pl_arena_reset(pl_arena *a) {
  /* keep the oldest block of default size, so steady-state articles never call malloc */
  pl_arena_block *b = a->head, *keep = NULL;
  while (b) {
    pl_arena_block *next = b->next;
    if (!next && b->size == a->block_size) {
      keep = b;
    } else {
      free(b);
    }
    b = next;
  }
  a->head = keep;
  a->total = keep ? keep->size : 0;
  if (keep) keep->used = 0;
}
#endif

void *pl_arena_calloc(pl_arena *a, size_t count, size_t size) {
  if (size && count > SIZE_MAX / size) return NULL;
  void *p = pl_arena_alloc(a, count * size);
  if (p) memset(p, 0, count * size);
  return p;
}

char *pl_arena_strndup(pl_arena *a, const char *s, size_t n) {
  char *p = pl_arena_alloc(a, n + 1);
  if (!p) return NULL;
  if (n) memcpy(p, s, n);
  p[n] = '\0';
  return p;
}

void pl_arena_dispose(pl_arena *a) {
  pl_arena_block *b = a->head;
  while (b) {
    pl_arena_block *next = b->next;
    free(b);
    b = next;
  }
  a->head = NULL;
  a->total = 0;
}
