/* cli/cmd_ingest.c: `parley ingest`: reads articles, cleans and codes them, and stores articles, sentences and
 * events in a database; `parley recode`: codes the stored articles again with other dictionaries, from their
 * stored text; and `parley dbinfo`: what a database holds, and whether it is sound.
 * Re-running an ingest is safe: stored, unchanged articles are skipped before any work is done on them. */
#include "cli.h"
#include <parley/article.h>
#include <parley/coder.h>
#include <parley/doc.h>
#include <parley/lexicon.h>
#include <parley/store.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void ingest_usage(FILE *out) {
  fprintf(out,
          "usage: parley ingest --db FILE|URL [--dict PATH]... [--no-builtin] [--date D] [--input FMT] [--batch N]\n"
          "                     [--shard K/N] [--progress] [--gazetteer PATH | --no-geo] [--language CODE|any]\n"
          "                     [--quiet] [SOURCE...]\n\n"
          "Reads articles (files, directories, JSONL, saved web pages; - or nothing = standard input), cleans,\n"
          "splits and codes them, and stores each article (metadata and text), its sentences (full-text\n"
          "indexed) and its events in the database FILE, created when absent.\n\n"
          "Safe to re-run: an article already stored (same id, or same content when it has no id) is skipped;\n"
          "an article stored with other content (same id) is replaced with its new sentences and events.\n"
          "Articles are committed in batches: if the run is killed, the database keeps every committed batch\n"
          "and nothing half-written, and running the same command again completes it.\n\n"
          "options:\n"
          "  --db FILE|URL      the database: an SQLite file, or postgresql://[user@]host[:port]/dbname (several\n"
          "                     ingests may write one PostgreSQL store at once); default: $PARLEY_DB\n"
          "%s"
          "  --date D           publication date (YYYY-MM-DD) for articles that carry none\n"
          "  --input FMT        auto (default), text, jsonl or html\n"
          "  --batch N          articles per committed transaction (default 200)\n"
          "  --shard K/N        store only shard K (0..N-1) of N: every article whose id (or content, without\n"
          "                     one) hashes to K; N processes with K = 0..N-1 together store every article once\n"
          "  --progress         report each committed batch on stderr\n"
          "  --gazetteer PATH   place events with this gazetteer file (default: the built-in one, GeoNames)\n"
          "  --no-geo           no gazetteer: an event's place is only the words after \"in\" naming a country\n"
          "%s%s"
          "  -h, --help         this text\n\n"
          "A summary goes to stderr. exit status: 0 done; 1 done, some input skipped or repaired;\n"
          "2 usage error; 3 fatal error (database cannot be opened or written, out of memory).\n",
          cli_dict_help, cli_language_help, cli_quiet_help);
}

/* Loads the gazetteer the options asked for (none with --no-geo) and gives it to the coder; the events then carry
 * their place, which the store keeps. Returns a CLI status. */
static int load_geo(const char *cmd, parley_coder *coder, const cli_geo *geo, parley_gazetteer **out) {
  int status = cli_load_gazetteer(cmd, geo, out);
  if (status == CLI_OK) parley_coder_set_gazetteer(coder, *out);
  return status;
}

/* --shard K/N. Returns 0, or -1 after a message. */
static int shard_option(const char *v, unsigned *k, unsigned *n) {
  char *end;
  unsigned long kk = strtoul(v, &end, 10);
  if (end == v || *end != '/' || v[0] == '-') goto bad;
  const char *ns = end + 1;
  unsigned long nn = strtoul(ns, &end, 10);
  if (end == ns || *end || ns[0] == '-' || nn == 0 || nn > 1000000 || kk >= nn) goto bad;
  *k = (unsigned)kk;
  *n = (unsigned)nn;
  return 0;
bad:
  fprintf(stderr, "parley ingest: --shard wants K/N with 0 <= K < N (got '%s')\n", v);
  return -1;
}

/* --batch N for ingest and recode: articles per committed transaction. Returns 0, or -1 after a message. */
static int batch_option(const char *cmd, const char *v, unsigned *out) {
  char *end;
  unsigned long b = strtoul(v, &end, 10);
  if (*end || !*v || v[0] == '-' || b == 0 || b > 1000000) {
    fprintf(stderr, "parley %s: --batch wants a number from 1 to 1000000 (got '%s')\n", cmd, v);
    return -1;
  }
  *out = (unsigned)b;
  return 0;
}

typedef struct ingest_counts {
  unsigned long read, added, changed, unchanged, events, stored;
} ingest_counts;

/* The summary reports what the database holds: articles of a batch count once the batch commits (a failed one,
 * a full disk say, is rolled back). *committed takes the running counts whenever no batch is open. */
static void note_commit(const parley_store *st, const ingest_counts *n, ingest_counts *committed) {
  if (!parley_store_uncommitted(st)) *committed = *n;
}

/* Codes one processed article and stores it with its events; counts what happened. flags: for
 * parley_store_begin_article (PARLEY_STORE_REPLACE when re-coding). */
static int store_article(parley_store *st, const parley_doc *doc, parley_coder *coder, const parley_article *a,
                         unsigned flags, ingest_counts *n) {
  size_t ns;
  const parley_sentence *s = parley_doc_sentences(doc, &ns);
  int rc = parley_coder_code(coder, doc);
  if (rc) return rc;
  parley_store_article_state state;
  rc = parley_store_begin_article(&state, st, a, s, ns, flags);
  if (rc || state == PARLEY_STORE_UNCHANGED) {
    if (!rc) n->unchanged++;
    return rc;
  }
  const parley_event *ev;
  unsigned long events = 0;
  /* an article without an outlet may name one in its dateline ("TEHRAN (Tasnim) -"): the events carry it, so
   * that one-a-day and story counts of outlets see it (the article's own record stays as read) */
  const char *dateline_outlet = a->source ? NULL : parley_doc_dateline_outlet(doc);
  while (parley_coder_next_event(coder, &ev) == PARLEY_OK) {
    parley_event copy;
    if (!ev->doc_source && dateline_outlet) {
      copy = *ev;
      copy.doc_source = dateline_outlet;
      ev = &copy;
    }
    rc = parley_store_add_event(st, ev);
    if (rc) {
      parley_store_abort_article(st);
      return rc;
    }
    events++;
  }
  rc = parley_store_end_article(st);
  if (rc) return rc;
  if (state == PARLEY_STORE_NEW) n->added++;
  else n->changed++;
  n->stored++;
  n->events += events;
  return PARLEY_OK;
}

int cmd_ingest(int argc, char **argv) {
  parley_reader_options ropts = PARLEY_READER_OPTIONS_INIT;
  parley_store_options sopts = PARLEY_STORE_OPTIONS_INIT;
  cli_diag_counts diags = {0, 0};
  ropts.diag = cli_print_diag;
  ropts.diag_payload = &diags;
  sopts.diag = cli_print_diag;
  sopts.diag_payload = &diags;
  const char *db = NULL, *v;
  cli_dicts dicts = {calloc((size_t)argc + 1, sizeof(const char *)), 0, 0};
  int progress = 0, quiet = 0, i = 1;
  unsigned shard = 0, shards = 1;
  cli_geo geo = {NULL, 0};
  cli_language lang;
  if (cli_language_init(&lang) != PARLEY_OK || !dicts.paths) {
    fprintf(stderr, "parley ingest: out of memory\n");
    cli_language_free(&lang);
    free(dicts.paths);
    return CLI_FATAL;
  }
  for (; i < argc; i++) {
    int r;
    const char *arg = argv[i];
    if (!strcmp(arg, "-h") || !strcmp(arg, "--help")) {
      ingest_usage(stdout);
      cli_language_free(&lang);
      free(dicts.paths);
      return CLI_OK;
    }
    if ((r = cli_dict_option(argc, argv, &i, &dicts))) {
      if (r < 0) goto usage;
      continue;
    }
    if ((r = cli_language_option(argc, argv, &i, &lang))) {
      if (r < 0) goto usage;
      continue;
    }
    if (!strcmp(arg, "--progress")) {
      progress = 1;
      continue;
    }
    if ((r = cli_geo_option(argc, argv, &i, &geo))) {
      if (r < 0) goto usage;
      continue;
    }
    if (!strcmp(arg, "--quiet")) {
      quiet = 1;
      continue;
    }
    if ((r = cli_opt_value(argc, argv, &i, "--db", &v))) {
      if (r < 0) goto usage;
      db = v;
      continue;
    }
    if ((r = cli_opt_value(argc, argv, &i, "--date", &v))) {
      if (r < 0 || cli_check_date("--date", v, 0) < 0) goto usage;
      ropts.default_date = v;
      continue;
    }
    if ((r = cli_opt_value(argc, argv, &i, "--input", &v))) {
      if (r < 0) goto usage;
      if (cli_input_format("ingest", v, &ropts.format)) goto usage;
      continue;
    }
    if ((r = cli_opt_value(argc, argv, &i, "--batch", &v))) {
      if (r < 0 || batch_option("ingest", v, &sopts.batch_size) < 0) goto usage;
      continue;
    }
    if ((r = cli_opt_value(argc, argv, &i, "--shard", &v))) {
      if (r < 0 || shard_option(v, &shard, &shards) < 0) goto usage;
      continue;
    }
    if (!strcmp(arg, "--")) {
      i++;
      break;
    }
    if (arg[0] == '-' && arg[1]) {
      fprintf(stderr, "parley ingest: unknown option '%s'\n", arg);
      ingest_usage(stderr);
      goto usage;
    }
    break;
  }
  if (!db) db = cli_db_from_env();
  if (!db) {
    fprintf(stderr, "parley ingest: --db FILE is required (or set PARLEY_DB)\n");
    ingest_usage(stderr);
    goto usage;
  }
  unsigned batch = sopts.batch_size ? sopts.batch_size : 200;
  parley_reader *r = NULL;
  parley_doc *doc = NULL;
  parley_store *st = NULL;
  parley_lexicon *lex = NULL;
  parley_coder *coder = NULL;
  parley_gazetteer *gaz = NULL;
  int status = CLI_OK;
  int rc = parley_reader_new(&r, &ropts);
  if (rc == PARLEY_EINVAL) {
    fprintf(stderr, "parley ingest: --date wants YYYY-MM-DD, got '%s'\n", ropts.default_date);
    status = CLI_USAGE;
    goto done;
  }
  if (rc == PARLEY_OK) rc = parley_doc_new(&doc);
  if (rc == PARLEY_OK) {
    rc = cli_load_lexicon(&lex, &dicts, &diags);
    if (rc == PARLEY_OK) rc = parley_coder_new(&coder, lex, NULL);
  }
  if (rc != PARLEY_OK) {
    fprintf(stderr, "parley ingest: %s\n", parley_strerror(rc));
    status = CLI_FATAL;
    goto done;
  }
  if ((status = load_geo("ingest", coder, &geo, &gaz)) != CLI_OK) goto done;
  if (i >= argc) rc = parley_reader_add_path(r, "-");
  for (; i < argc && rc == PARLEY_OK; i++) rc = parley_reader_add_path(r, argv[i]);
  if (rc != PARLEY_OK) {
    fprintf(stderr, "parley ingest: %s\n", rc == PARLEY_ENOTFOUND ? parley_reader_errmsg(r) : parley_strerror(rc));
    status = CLI_FATAL;
    goto done;
  }
  rc = parley_store_open(&st, db, &sopts);
  if (rc) {
    fprintf(stderr, "parley ingest: %s\n", parley_store_errmsg(st));
    status = CLI_FATAL;
    goto done;
  }
  ingest_counts n = {0, 0, 0, 0, 0, 0}, done_n = n;
  double t0 = now();
  const parley_article *a;
  cli_progress prog;
  parley_reader_stats rs;
  cli_progress_start(&prog, "ingest", quiet);
  while ((rc = parley_reader_next(r, &a)) != PARLEY_EDONE) {
    if (rc == PARLEY_EIO) continue; /* reported; the reader moves on */
    if (rc != PARLEY_OK) break;
    if (shards > 1 && parley_store_shard(a, shards) != shard) continue;
    n.read++;
    if (prog.on) {
      parley_reader_get_stats(r, &rs);
      cli_progress_update(&prog, n.read, rs.bytes, rs.bytes_total, 1);
    }
    if (cli_language_skip(&lang, a)) continue;
    /* skip stored, unchanged articles before cleaning or coding them */
    parley_store_article_state state;
    rc = parley_store_lookup_article(&state, st, a);
    if (rc) break;
    if (state == PARLEY_STORE_UNCHANGED) {
      n.unchanged++;
      continue;
    }
    rc = parley_doc_process(doc, a);
    if (rc) break;
    rc = store_article(st, doc, coder, a, 0, &n);
    if (rc) break;
    cli_report_limits(a, parley_coder_limits(coder), &diags);
    note_commit(st, &n, &done_n);
    if (progress && n.stored && n.stored % batch == 0) {
      cli_progress_end(&prog);
      fprintf(stderr, "parley ingest: committed %lu articles\n", done_n.stored);
    }
  }
  cli_progress_end(&prog);
  if (rc != PARLEY_EDONE) {
    fprintf(stderr, "parley ingest: %s\n",
            rc == PARLEY_ENOMEM ? "out of memory" : parley_store_errmsg(st));
    status = CLI_FATAL;
  }
  if (parley_store_close(st) != PARLEY_OK) {
    if (status == CLI_OK) fprintf(stderr, "parley ingest: the last batch could not be committed\n");
    status = CLI_FATAL;
  } else if (status == CLI_OK) {
    done_n = n;
  }
  st = NULL;
  double dt = now() - t0;
  fprintf(stderr,
          "parley ingest: %lu articles read: %lu new, %lu changed, %lu unchanged; %lu events stored "
          "(%.1f s, %.0f articles/s)\n",
          n.read, done_n.added, done_n.changed, n.unchanged, done_n.events, dt, dt > 0 ? (double)n.read / dt : 0.0);
  cli_language_report(&lang, "ingest");
  if (status == CLI_FATAL && done_n.stored != n.read - n.unchanged - lang.skipped)
    fprintf(stderr, "parley ingest: the batch in progress was rolled back: run the same command again to store it\n");
  if (status == CLI_OK && (diags.errors || diags.warnings || lang.skipped)) status = CLI_SKIPPED;
done:
  parley_store_close(st);
  parley_coder_free(coder);
  parley_gazetteer_free(gaz);
  parley_lexicon_free(lex);
  parley_doc_free(doc);
  parley_reader_free(r);
  cli_language_free(&lang);
  free(dicts.paths);
  return status;
usage:
  cli_language_free(&lang);
  free(dicts.paths);
  return CLI_USAGE;
}

static void recode_usage(FILE *out) {
  fprintf(out,
          "usage: parley recode --db FILE [--dict PATH]... [--no-builtin] [--batch N] [--progress]\n"
          "                     [--gazetteer PATH | --no-geo] [--language CODE|any] [--quiet]\n\n"
          "Codes every article stored in FILE again, from its stored text (the sources are not read again),\n"
          "with the built-in dictionaries and any --dict files, and replaces each article's sentences and events.\n"
          "Articles are committed in batches: an interrupted recode leaves each article either old or new.\n\n"
          "options:\n"
          "  --db FILE|URL      the database (SQLite file or postgresql:// URL; default: $PARLEY_DB)\n"
          "%s"
          "  --batch N          articles per committed transaction (default 200)\n"
          "  --progress         report each committed batch on stderr\n"
          "  --gazetteer PATH   place events with this gazetteer file (default: the built-in one, GeoNames)\n"
          "  --no-geo           no gazetteer: an event's place is only the words after \"in\" naming a country\n"
          "%s%s\n"
          "Articles skipped by --language keep their stored events.\n"
          "exit status: 0 done; 1 done, with dictionary diagnostics or skipped articles; 2 usage error;\n"
          "3 fatal error.\n",
          cli_dict_help, cli_language_help, cli_quiet_help);
}

int cmd_recode(int argc, char **argv) {
  parley_store_options sopts = PARLEY_STORE_OPTIONS_INIT;
  cli_diag_counts diags = {0, 0};
  sopts.diag = cli_print_diag;
  sopts.diag_payload = &diags;
  const char *db = NULL, *v;
  cli_dicts dicts = {calloc((size_t)argc + 1, sizeof(const char *)), 0, 0};
  int progress = 0, quiet = 0;
  cli_geo geo = {NULL, 0};
  cli_language lang;
  if (cli_language_init(&lang) != PARLEY_OK || !dicts.paths) {
    fprintf(stderr, "parley recode: out of memory\n");
    cli_language_free(&lang);
    free(dicts.paths);
    return CLI_FATAL;
  }
  for (int i = 1; i < argc; i++) {
    int r;
    if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
      recode_usage(stdout);
      cli_language_free(&lang);
      free(dicts.paths);
      return CLI_OK;
    }
    if ((r = cli_language_option(argc, argv, &i, &lang))) {
      if (r < 0) goto usage;
      continue;
    }
    if (!strcmp(argv[i], "--progress")) {
      progress = 1;
      continue;
    }
    if ((r = cli_geo_option(argc, argv, &i, &geo))) {
      if (r < 0) goto usage;
      continue;
    }
    if (!strcmp(argv[i], "--quiet")) {
      quiet = 1;
      continue;
    }
    if ((r = cli_dict_option(argc, argv, &i, &dicts))) {
      if (r < 0) goto usage;
      continue;
    }
    if ((r = cli_opt_value(argc, argv, &i, "--db", &v))) {
      if (r < 0) goto usage;
      db = v;
      continue;
    }
    if ((r = cli_opt_value(argc, argv, &i, "--batch", &v))) {
      if (r < 0 || batch_option("recode", v, &sopts.batch_size) < 0) goto usage;
      continue;
    }
    fprintf(stderr, "parley recode: unknown option '%s'\n", argv[i]);
    recode_usage(stderr);
    goto usage;
  }
  if (!db) db = cli_db_from_env();
  if (!db) {
    fprintf(stderr, "parley recode: --db FILE is required\n");
    goto usage;
  }
  unsigned batch = sopts.batch_size ? sopts.batch_size : 200;
  parley_doc *doc = NULL;
  parley_store *st = NULL;
  parley_lexicon *lex = NULL;
  parley_coder *coder = NULL;
  parley_store_cursor *cur = NULL;
  parley_gazetteer *gaz = NULL;
  int status = CLI_OK;
  parley_store_stats before = {0, 0, 0, 0};
  int rc = parley_doc_new(&doc);
  if (rc == PARLEY_OK) {
    rc = cli_load_lexicon(&lex, &dicts, &diags);
    if (rc == PARLEY_OK) rc = parley_coder_new(&coder, lex, NULL);
  }
  if (rc != PARLEY_OK) {
    fprintf(stderr, "parley recode: %s\n", parley_strerror(rc));
    status = CLI_FATAL;
    goto done;
  }
  if ((status = load_geo("recode", coder, &geo, &gaz)) != CLI_OK) goto done;
  /* never create a database here: a mistyped path must not become an empty store */
  {
    parley_store_options probe = PARLEY_STORE_OPTIONS_INIT;
    probe.flags = PARLEY_STORE_READONLY;
    rc = parley_store_open(&st, db, &probe);
    if (rc == PARLEY_OK) rc = parley_store_stats_get(&before, st);
    if (rc) {
      fprintf(stderr, "parley recode: %s\n", parley_store_errmsg(st));
      status = CLI_FATAL;
      goto done;
    }
    parley_store_close(st);
    st = NULL;
  }
  rc = parley_store_open(&st, db, &sopts);
  if (rc == PARLEY_OK) rc = parley_store_articles(&cur, st);
  if (rc) {
    fprintf(stderr, "parley recode: %s\n", parley_store_errmsg(st));
    status = CLI_FATAL;
    goto done;
  }
  ingest_counts n = {0, 0, 0, 0, 0, 0}, done_n = n;
  double t0 = now();
  const parley_article *a;
  cli_progress prog;
  cli_progress_start(&prog, "recode", quiet);
  while ((rc = parley_store_cursor_next_article(cur, &a)) == PARLEY_OK) {
    n.read++;
    cli_progress_update(&prog, n.read, n.read, (unsigned long long)before.articles, 0);
    if (cli_language_skip(&lang, a)) continue;
    rc = parley_doc_process(doc, a);
    if (rc == PARLEY_OK) rc = store_article(st, doc, coder, a, PARLEY_STORE_REPLACE, &n);
    if (rc) break;
    cli_report_limits(a, parley_coder_limits(coder), &diags);
    note_commit(st, &n, &done_n);
    if (progress && n.stored && n.stored % batch == 0) {
      cli_progress_end(&prog);
      fprintf(stderr, "parley recode: committed %lu articles\n", done_n.stored);
    }
  }
  cli_progress_end(&prog);
  if (rc != PARLEY_EDONE) {
    fprintf(stderr, "parley recode: %s\n", rc == PARLEY_ENOMEM ? "out of memory" : parley_store_errmsg(st));
    status = CLI_FATAL;
  }
  parley_store_cursor_free(cur);
  cur = NULL;
  if (parley_store_close(st) != PARLEY_OK) {
    if (status == CLI_OK) fprintf(stderr, "parley recode: the last batch could not be committed\n");
    status = CLI_FATAL;
  } else if (status == CLI_OK) {
    done_n = n;
  }
  st = NULL;
  double dt = now() - t0;
  fprintf(stderr, "parley recode: %lu articles re-coded: %lu events (before: %llu) (%.1f s, %.0f articles/s)\n",
          done_n.stored, done_n.events, (unsigned long long)before.events, dt, dt > 0 ? (double)n.read / dt : 0.0);
  cli_language_report(&lang, "recode");
  if (status == CLI_OK && (diags.errors || diags.warnings || lang.skipped)) status = CLI_SKIPPED;
done:
  parley_store_cursor_free(cur);
  parley_store_close(st);
  parley_coder_free(coder);
  parley_gazetteer_free(gaz);
  parley_lexicon_free(lex);
  parley_doc_free(doc);
  cli_language_free(&lang);
  free(dicts.paths);
  return status;
usage:
  cli_language_free(&lang);
  free(dicts.paths);
  return CLI_USAGE;
}

static void dbinfo_usage(FILE *out) {
  fprintf(out, "usage: parley dbinfo --db FILE [--check]\n\n"
               "Prints what a parley database holds (schema version, articles, sentences, events, stories).\n"
               "--check also verifies every page and index, and the full-text index (reads the whole file).\n\n"
               "exit status: 0 sound; 2 usage error; 3 the database cannot be opened, is damaged or fails the check\n");
}

int cmd_dbinfo(int argc, char **argv) {
  const char *db = NULL, *v;
  int check = 0;
  for (int i = 1; i < argc; i++) {
    int r;
    if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
      dbinfo_usage(stdout);
      return CLI_OK;
    }
    if (!strcmp(argv[i], "--check")) {
      check = 1;
      continue;
    }
    if ((r = cli_opt_value(argc, argv, &i, "--db", &v))) {
      if (r < 0) return CLI_USAGE;
      db = v;
      continue;
    }
    fprintf(stderr, "parley dbinfo: unknown option '%s'\n", argv[i]);
    dbinfo_usage(stderr);
    return CLI_USAGE;
  }
  if (!db) db = cli_db_from_env();
  if (!db) {
    dbinfo_usage(stderr);
    return CLI_USAGE;
  }
  /* the full-text check needs a writable handle; a plain look does not */
  parley_store_options o = PARLEY_STORE_OPTIONS_INIT;
  o.flags = check ? 0u : PARLEY_STORE_READONLY;
  parley_store *st = NULL;
  int rc = parley_store_open(&st, db, &o);
  parley_store_stats s;
  if (!rc) rc = parley_store_stats_get(&s, st);
  if (rc) {
    fprintf(stderr, "parley dbinfo: %s\n", parley_store_errmsg(st));
    parley_store_close(st);
    return CLI_FATAL;
  }
  printf("schema %d\narticles %llu\nsentences %llu\nevents %llu\nstories %llu\n", parley_store_schema_version(st),
         (unsigned long long)s.articles, (unsigned long long)s.sentences, (unsigned long long)s.events,
         (unsigned long long)s.stories);
  int status = CLI_OK;
  if (check) {
    int ok = 0;
    rc = parley_store_check(&ok, st);
    if (rc || !ok) {
      printf("integrity damaged\n");
      fprintf(stderr, "parley dbinfo: %s\n", parley_store_errmsg(st));
      status = CLI_FATAL;
    } else {
      printf("integrity ok\n");
    }
  }
  parley_store_close(st);
  return status;
}

static void merge_usage(FILE *out) {
  fprintf(out, "usage: parley merge --db TARGET [--batch N] SHARD.db...\n\n"
               "Copies every article of the SHARD stores (SQLite files, e.g. written by parley ingest --shard K/N)\n"
               "with its sentences and events into TARGET (an SQLite file or a postgresql:// URL; default\n"
               "$PARLEY_DB), created when absent. Events are copied, not coded again; stories are grouped again in\n"
               "TARGET as the events arrive, so that one story spans the shards. Safe to re-run: articles TARGET\n"
               "holds unchanged are skipped, so a merge that was interrupted completes when run again.\n\n"
               "exit status: 0 done; 2 usage error; 3 a store cannot be opened, read or written.\n");
}

int cmd_merge(int argc, char **argv) {
  parley_store_options sopts = PARLEY_STORE_OPTIONS_INIT;
  const char *db = NULL, *v;
  int i = 1;
  for (; i < argc; i++) {
    int r;
    if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
      merge_usage(stdout);
      return CLI_OK;
    }
    if ((r = cli_opt_value(argc, argv, &i, "--db", &v))) {
      if (r < 0) return CLI_USAGE;
      db = v;
      continue;
    }
    if ((r = cli_opt_value(argc, argv, &i, "--batch", &v))) {
      if (r < 0 || batch_option("merge", v, &sopts.batch_size) < 0) return CLI_USAGE;
      continue;
    }
    if (!strcmp(argv[i], "--")) {
      i++;
      break;
    }
    if (argv[i][0] == '-' && argv[i][1]) {
      fprintf(stderr, "parley merge: unknown option '%s'\n", argv[i]);
      merge_usage(stderr);
      return CLI_USAGE;
    }
    break;
  }
  if (!db) db = cli_db_from_env();
  if (!db || i >= argc) {
    fprintf(stderr, "parley merge: %s\n", !db ? "--db TARGET is required" : "no shard stores to merge");
    merge_usage(stderr);
    return CLI_USAGE;
  }
  parley_store *dst = NULL;
  if (parley_store_open(&dst, db, &sopts) != PARLEY_OK) {
    fprintf(stderr, "parley merge: %s\n", parley_store_errmsg(dst));
    parley_store_close(dst);
    return CLI_FATAL;
  }
  int status = CLI_OK;
  parley_store_merge_stats total = {0, 0, 0};
  double t0 = now();
  for (; i < argc && status == CLI_OK; i++) {
    parley_store_options ro = PARLEY_STORE_OPTIONS_INIT;
    ro.flags = PARLEY_STORE_READONLY;
    parley_store *src = NULL;
    int rc = parley_store_open(&src, argv[i], &ro);
    parley_store_merge_stats n = {0, 0, 0};
    if (rc == PARLEY_OK) rc = parley_store_merge(dst, src, &n);
    if (rc == PARLEY_OK) rc = parley_store_commit(dst);
    if (rc != PARLEY_OK) {
      const char *why = parley_store_errmsg(dst);
      if (!strcmp(why, "no error")) why = parley_store_errmsg(src);
      fprintf(stderr, "parley merge: %s: %s\n", argv[i], why);
      status = CLI_FATAL;
    } else {
      fprintf(stderr, "parley merge: %s: %llu articles merged, %llu unchanged, %llu events\n", argv[i],
              (unsigned long long)n.articles, (unsigned long long)n.unchanged, (unsigned long long)n.events);
    }
    total.articles += n.articles;
    total.unchanged += n.unchanged;
    total.events += n.events;
    parley_store_close(src);
  }
  if (parley_store_close(dst) != PARLEY_OK) status = CLI_FATAL;
  fprintf(stderr, "parley merge: %llu articles merged, %llu unchanged, %llu events (%.1f s)\n",
          (unsigned long long)total.articles, (unsigned long long)total.unchanged,
          (unsigned long long)total.events, now() - t0);
  return status;
}
