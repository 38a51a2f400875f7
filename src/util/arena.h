/* util/arena.h: bump allocator for per-document memory, reset between articles.
 * With -DPARLEY_DEBUG_ARENA every allocation goes to malloc so ASan and valgrind see overflows. */
#ifndef PL_ARENA_H
#define PL_ARENA_H
#include <stddef.h>

typedef struct pl_arena_block pl_arena_block;
typedef struct pl_arena {
  pl_arena_block *head;   /* current block; older blocks follow ->next */
  size_t block_size;      /* default size of new blocks */
  size_t total;           /* bytes held in blocks (for peak-memory accounting) */
} pl_arena;

/* Initialises an empty arena; block_size 0 picks 64 KiB. Never fails (allocates lazily). */
void pl_arena_init(pl_arena *a, size_t block_size);
/* Returns n bytes aligned for any type, or NULL on OOM. Valid until pl_arena_reset/pl_arena_dispose. */
void *pl_arena_alloc(pl_arena *a, size_t n);
/* Like pl_arena_alloc but zeroed. */
void *pl_arena_calloc(pl_arena *a, size_t count, size_t size);
/* Copies n bytes of s and NUL-terminates; NULL on OOM. */
char *pl_arena_strndup(pl_arena *a, const char *s, size_t n);
/* Frees everything allocated but keeps the first block for reuse: memory stays flat across articles. */
void pl_arena_reset(pl_arena *a);
/* Frees all memory. */
void pl_arena_dispose(pl_arena *a);
#endif
