/* parley/lexicon.h: dictionaries of actors, agents, verb patterns, synonym sets and discards.
 *
 * A lexicon is built in two phases. First add dictionaries (the built-in ones, files in parley's own format or in
 * the TABARI/PETRARCH formats); problems with individual lines go to the diag callback and loading goes on. Then
 * compile it: afterwards the lexicon is immutable and any number of threads may read it at the same time (it is
 * what parley_coder_new() takes). */
#ifndef PARLEY_LEXICON_H
#define PARLEY_LEXICON_H
#include <stddef.h>
#include "buf.h"
#include "errors.h"
#include "export.h"
#ifdef __cplusplus
extern "C" {
#endif

typedef struct parley_lexicon parley_lexicon;

typedef struct parley_lexicon_options {
  unsigned version;    /* PARLEY_LEXICON_OPTIONS_VERSION */
  parley_diag_fn diag; /* receives one diagnostic per rejected or repaired dictionary line; may be NULL */
  void *diag_payload;  /* passed to diag */
} parley_lexicon_options;
#define PARLEY_LEXICON_OPTIONS_VERSION 1
#define PARLEY_LEXICON_OPTIONS_INIT {PARLEY_LEXICON_OPTIONS_VERSION, NULL, NULL}

/* Dictionary file formats. AUTO looks at the file name and the content. */
typedef enum parley_dict_format {
  PARLEY_DICT_AUTO = 0,
  PARLEY_DICT_PARLEY = 1,           /* parley's own format (docs/dictionary-format.md) */
  PARLEY_DICT_PETRARCH_VERBS = 2,   /* CAMEO.2.0.txt style: synsets, --- VERB [code] --- blocks, patterns */
  PARLEY_DICT_PETRARCH_ACTORS = 3,  /* Phoenix.*.actors.txt, TABARI .actors */
  PARLEY_DICT_PETRARCH_AGENTS = 4,  /* Phoenix.agents.txt */
  PARLEY_DICT_PETRARCH_DISCARDS = 5,/* Phoenix.discards.txt */
  PARLEY_DICT_PETRARCH_ISSUES = 6,  /* Phoenix.IssueCoding.txt */
} parley_dict_format;

/* What was read: filled by parley_lexicon_stats(). */
typedef struct parley_lexicon_stats {
  size_t files;         /* dictionaries added (built-in parts count one each) */
  size_t lines;         /* lines read */
  size_t rejected;      /* lines rejected with a diagnostic */
  size_t actors, actor_codes, actor_names;
  size_t agents, agent_names;
  size_t verbs, verb_forms, patterns;
  size_t synsets, synset_phrases;
  size_t discards, issues, codes;
  size_t phrases;       /* phrases in the compiled matcher (0 before compiling) */
  size_t trie_nodes;    /* nodes of the compiled token trie */
  size_t memory;        /* bytes held by the lexicon */
} parley_lexicon_stats;

/* CONSTRUCTOR: makes an empty lexicon in *out. opts may be NULL (no diagnostics). The [codes] table (CAMEO event
 * names, Goldstein values, QuadClass, PLOVER) is always loaded from the built-in data, whatever else is added.
 * Returns PARLEY_OK or PARLEY_ENOMEM. Free with parley_lexicon_free(). */
PARLEY_EXPORT int parley_lexicon_new(parley_lexicon **out, const parley_lexicon_options *opts);

/* METHOD: adds parley's built-in dictionaries (countries from iso-codes, organisations, groups, office holders,
 * agents, verb patterns). Returns PARLEY_OK, PARLEY_ENOMEM, or PARLEY_EINVAL after compile. */
PARLEY_EXPORT int parley_lexicon_add_builtin(parley_lexicon *lex);

/* METHOD: reads a dictionary file; the format is detected from its name and content. Rejected lines are
 * diagnostics, not failures. Returns PARLEY_OK, PARLEY_EIO (cannot read), PARLEY_ENOMEM, or PARLEY_EINVAL after
 * compile. */
PARLEY_EXPORT int parley_lexicon_add_file(parley_lexicon *lex, const char *path);

/* METHOD: like parley_lexicon_add_file, with the format given (a PETRARCH validation file names each dictionary's
 * kind, whatever the file is called). */
PARLEY_EXPORT int parley_lexicon_add_file_format(parley_lexicon *lex, const char *path, parley_dict_format format);

/* METHOD: like parley_lexicon_add_file for a buffer in memory (copied; no NUL needed). name is used in
 * diagnostics and for format detection. */
PARLEY_EXPORT int parley_lexicon_add_buffer(parley_lexicon *lex, const char *name, const char *buf, size_t len,
                                            parley_dict_format format);

/* METHOD: builds the token trie. Afterwards the lexicon is immutable and safe to share between threads; adding
 * more fails with PARLEY_EINVAL. Patterns naming an undefined synonym set are dropped with a diagnostic.
 * Returns PARLEY_OK or PARLEY_ENOMEM. Calling it twice is harmless. */
PARLEY_EXPORT int parley_lexicon_compile(parley_lexicon *lex);

/* METHOD: fills *out with counts of what was read (and, after compiling, the matcher's size). */
PARLEY_EXPORT void parley_lexicon_stats_get(const parley_lexicon *lex, parley_lexicon_stats *out);

/* Checks the lexicon for duplicates, conflicting codes for one phrase, overlapping date ranges and unknown event
 * codes; each problem found is one diagnostic (ERROR for conflicts, WARNING for duplicates). Needs a compiled
 * lexicon. *n_errors and *n_warnings (OUT, may be NULL) receive the counts. Returns PARLEY_OK, PARLEY_EINVAL
 * (not compiled) or PARLEY_ENOMEM. */
PARLEY_EXPORT int parley_lexicon_check(int *n_errors, int *n_warnings, const parley_lexicon *lex);

/* Writes the whole lexicon (except the built-in [codes] table, unless with_codes) in parley's own format into
 * *out (caller disposes with parley_buf_dispose). Works before or after compiling. Returns PARLEY_OK or
 * PARLEY_ENOMEM. */
PARLEY_EXPORT int parley_lexicon_write(parley_buf *out, const parley_lexicon *lex, int with_codes);

/* Describes what a phrase matches, in human-readable lines ("actor Dmitry Medvedev -> RUSGOV (prime minister)"),
 * into *out (caller disposes). date is "YYYY-MM-DD" or NULL. The phrase is tokenised like article text; every
 * dictionary entry starting at any word is listed, and adjacent country + agent combinations are spelled out
 * ("RUS + GOV = RUSGOV"). Needs a compiled lexicon. Returns PARLEY_OK, PARLEY_ENOTFOUND (nothing matches; *out
 * still says so), PARLEY_EINVAL or PARLEY_ENOMEM. */
PARLEY_EXPORT int parley_lexicon_lookup(parley_buf *out, const parley_lexicon *lex, const char *phrase,
                                        const char *date);

/* DESTRUCTOR: frees the lexicon. NULL does nothing. */
PARLEY_EXPORT void parley_lexicon_free(parley_lexicon *lex);

#ifdef __cplusplus
}
#endif
#endif
