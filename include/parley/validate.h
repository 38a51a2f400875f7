/* parley/validate.h: running PETRARCH/TABARI validation files — sentences with gold codings — through the coder.
 *
 * A validation file is XML: <Environment> names the dictionaries (<Verbfile>, <Actorfile>, <Agentfile>,
 * <Discardfile>), and each <Sentence date="YYYYMMDD" id=".." category=".."> holds <EventCoding sourcecode=..
 * targetcode=.. eventcode=..> elements (or one with noevents="True") and the <Text>. The <Parse> is ignored:
 * parley codes the raw text. */
#ifndef PARLEY_VALIDATE_H
#define PARLEY_VALIDATE_H
#include <stddef.h>
#include "errors.h"
#include "export.h"
#ifdef __cplusplus
extern "C" {
#endif

/* The outcome of one record. Strings are borrowed for the duration of the callback. */
typedef struct parley_validate_record {
  const char *id;
  const char *category;
  int has_gold;      /* 1 when the record carries codings or noevents */
  int passed;        /* coded events equal the gold set (full codes, order ignored) */
  const char *expected; /* gold events as "SRC TGT CODE; ..." or "noevents" */
  const char *coded;    /* coded events, same form, or "noevents" */
  const char *text;
  const char *explain;  /* the coder's explanation when coder_flags has PARLEY_CODER_EXPLAIN, else "" */
} parley_validate_record;

typedef void (*parley_validate_fn)(const parley_validate_record *rec, void *payload);

typedef struct parley_validate_summary {
  size_t records;   /* sentences read */
  size_t with_gold; /* of which carry codings or noevents */
  size_t passed;    /* of those, passed */
} parley_validate_summary;

/* Runs the validation file at xml_path. Dictionaries named in its <Environment> are looked up in dict_dir (NULL:
 * the file's own directory, then its ../dictionaries). coder_flags are PARLEY_CODER_* flags for the coder. cb (may be NULL) receives every record; diag receives
 * problems with the file or the dictionaries. Returns PARLEY_OK, PARLEY_EIO / PARLEY_EPARSE (file unreadable or
 * not a validation file; message via diag) or PARLEY_ENOMEM. */
PARLEY_EXPORT int parley_validate_run(parley_validate_summary *out, const char *xml_path, const char *dict_dir,
                                      unsigned coder_flags, parley_validate_fn cb, void *payload, parley_diag_fn diag, void *diag_payload);

#ifdef __cplusplus
}
#endif
#endif
