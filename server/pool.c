/* server/pool.c: one store handle, document and coder per request in flight. A store handle and a coder serve
 * one thread at a time, so each request borrows a slot and gives it back; there are as many slots as server
 * threads, so a request waits only if a thread were to run two at once. */
#include "server.h"
#include <stdio.h>
#include <stdlib.h>

int srv_pool_init(srv_pool *p, size_t n, const char *db, const parley_lexicon *lex, char *msg, size_t msglen) {
  p->n = 0;
  p->slots = calloc(n, sizeof *p->slots);
  if (!p->slots) {
    snprintf(msg, msglen, "out of memory");
    return -1;
  }
  pthread_mutex_init(&p->lock, NULL);
  pthread_cond_init(&p->freed, NULL);
  parley_store_options so = PARLEY_STORE_OPTIONS_INIT;
  so.flags = PARLEY_STORE_READONLY;
  parley_coder_options co = PARLEY_CODER_OPTIONS_INIT;
  co.flags = PARLEY_CODER_EXPLAIN;
  for (size_t i = 0; i < n; i++) {
    srv_slot *s = &p->slots[i];
    p->n = i + 1;
    int rc = parley_store_open(&s->store, db, &so);
    if (rc) {
      snprintf(msg, msglen, "%s", parley_store_errmsg(s->store));
      return -1;
    }
    if (parley_doc_new(&s->doc) || parley_coder_new(&s->coder, lex, &co)) {
      snprintf(msg, msglen, "cannot start the coder (out of memory)");
      return -1;
    }
  }
  return 0;
}

void srv_pool_dispose(srv_pool *p) {
  if (!p->slots) return;
  for (size_t i = 0; i < p->n; i++) {
    parley_store_close(p->slots[i].store);
    parley_coder_free(p->slots[i].coder);
    parley_doc_free(p->slots[i].doc);
  }
  free(p->slots);
  p->slots = NULL;
  pthread_mutex_destroy(&p->lock);
  pthread_cond_destroy(&p->freed);
}

srv_slot *srv_pool_take(srv_pool *p) {
  pthread_mutex_lock(&p->lock);
  for (;;) {
    for (size_t i = 0; i < p->n; i++)
      if (!p->slots[i].busy) {
        p->slots[i].busy = 1;
        pthread_mutex_unlock(&p->lock);
        return &p->slots[i];
      }
    pthread_cond_wait(&p->freed, &p->lock);
  }
}

void srv_pool_give(srv_pool *p, srv_slot *s) {
  pthread_mutex_lock(&p->lock);
  s->busy = 0;
  pthread_cond_signal(&p->freed);
  pthread_mutex_unlock(&p->lock);
}
