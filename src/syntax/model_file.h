/* syntax/model_file.h: the sections of a syntax model file (read by model.c, written by the trainer). */
#ifndef PL_SYN_MODEL_FILE_H
#define PL_SYN_MODEL_FILE_H
#include <stdio.h>
#include "syntax_impl.h"

#define PL_SYN_MODEL_VERSION 5
enum {
  PL_SYN_SEC_POOL = 1,         /* NUL-terminated strings */
  PL_SYN_SEC_TAGS = 2,         /* per joint tag: u32 pool offsets of UPOS and XPOS */
  PL_SYN_SEC_LABELS = 3,       /* per relation: u32 pool offset */
  PL_SYN_SEC_TAG_E = 4,        /* tagger: pl_syn_entry table */
  PL_SYN_SEC_TAG_S = 5,        /* tagger: packed slots */
  PL_SYN_SEC_PARSE_E = 6,
  PL_SYN_SEC_PARSE_S = 7,
  PL_SYN_SEC_LEMMA_EXACT = 8,  /* pl_syn_mentry map: (form, tag) -> lemma rule */
  PL_SYN_SEC_LEMMA_SUFFIX = 9, /* pl_syn_mentry map: (suffix, tag) -> lemma rule */
  PL_SYN_SEC_RULES = 10,       /* pl_syn_lemma_rule */
  PL_SYN_SEC_CLUSTERS = 11,    /* pl_syn_mentry map: form hash -> word class + 1 */
  PL_SYN_SEC_TAG2_E = 12,      /* the tagger's second pass (a one-entry empty table: no second pass) */
  PL_SYN_SEC_TAG2_S = 13,
  PL_SYN_SEC_TAG_D = 14,       /* dense rows (stride floats) of each weight table */
  PL_SYN_SEC_TAG2_D = 15,
  PL_SYN_SEC_PARSE_D = 16,
  PL_SYN_SEC_MAX = 17
};

typedef struct pl_syn_section {
  uint32_t kind;
  const void *data;
  uint64_t len;
} pl_syn_section;

/* Writes the header and the sections (in the order given). Returns 0 or -1 on a write error. */
int pl_syn_model_write(FILE *f, const pl_syn_section *secs, int n);
#endif
