/* cli/cmd_code.c: `parley code` — read articles, code events, write them as JSONL, TSV or CSV.
 * With -j N, articles are coded by N threads in batches and written in input order. */
#include "cli.h"
#include <parley/article.h>
#include <parley/coder.h>
#include <parley/doc.h>
#include <parley/event.h>
#include <parley/lexicon.h>
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *out) {
  fprintf(out,
          "usage: parley code [OPTIONS] [FILE|DIR|-]...\n\n"
          "Codes news articles into events: who did what to whom, when (CAMEO and PLOVER), with evidence.\n"
          "Reads plain text (one article a file), JSONL (id, text; title, date, source, url optional) and saved\n"
          "web pages, from files, directories (recursively, sorted) or stdin (-, the default).\n\n"
          "options:\n"
          "%s"
          "%s"
          "  --date YYYY-MM-DD  publication date for articles that carry none (event dates resolve against it;\n"
          "                     without any date, event dates are null)\n"
          "  --input FORMAT     auto (default), text, jsonl or html\n"
          "  --output FORMAT    jsonl (default), tsv, csv (one schema: docs/output.md), phoenix (the 26\n"
          "                     columns of Phoenix daily files) or gdelt (the 61 columns of GDELT 2.0 events;\n"
          "                     those parley cannot fill are empty); phoenix and gdelt have no header\n"
          "  --mentions FILE    with --output gdelt: write the GDELT 2.0 mentions table (16 columns) to FILE\n"
          "  --explain          print, per sentence, the actors, verbs and patterns matched and why each\n"
          "                     candidate event was kept or dropped (on stdout, before the article's events)\n"
          "  --one-sided        also write events that have a source but no target\n"
          "  --quotes           also code verbs inside quotations\n"
          "  --gazetteer PATH   geolocate with this gazetteer file (default: the built-in one, GeoNames)\n"
          "  --no-geo           no gazetteer: the location is only the words after \"in\" naming a country\n"
          "  -j N               code with N threads (output stays in input order)\n"
          "%s"
          "  -h, --help         this help\n\n"
          "exit status: 0 all input coded; 1 some input skipped or repaired; 2 usage error; 3 fatal error (an input\n"
          "file, dictionary or gazetteer cannot be read, out of memory, write failure).\n",
          cli_dict_help, cli_language_help, cli_quiet_help);
}

typedef struct job {
  parley_article art;   /* deep copy: the reader's article is only valid until its next call */
  char *buf;            /* output of this article */
  size_t len;
  char *mbuf;           /* its GDELT mention rows (--mentions) */
  size_t mlen;
  unsigned long long no; /* 1-based position in the input: event ids derive from it, whatever the threads do */
  int rc;
  unsigned limits; /* PARLEY_LIMIT_* the article exceeded: reported in input order with its output */
} job;

typedef struct worker {
  parley_doc *doc;
  parley_coder *coder;
} worker;

typedef struct shared {
  job *jobs;
  size_t n_jobs;
  size_t next;
  pthread_mutex_t lock;
  worker *workers;
  int format;
  int explain;
  int mentions;
} shared;

static char *dup_or_null(const char *s) { return s ? strdup(s) : NULL; }

static int copy_article(parley_article *dst, const parley_article *src) {
  memset(dst, 0, sizeof *dst);
  dst->id = dup_or_null(src->id);
  dst->title = dup_or_null(src->title);
  dst->date = dup_or_null(src->date);
  dst->source = dup_or_null(src->source);
  dst->url = dup_or_null(src->url);
  dst->language = dup_or_null(src->language);
  dst->file = dup_or_null(src->file);
  dst->line = src->line;
  char *text = malloc(src->text_len + 1);
  if (text) {
    memcpy(text, src->text, src->text_len);
    text[src->text_len] = '\0';
  }
  dst->text = text;
  dst->text_len = src->text_len;
  return text && dst->id ? 0 : -1;
}

static void free_article(parley_article *a) {
  free((char *)a->id);
  free((char *)a->title);
  free((char *)a->date);
  free((char *)a->source);
  free((char *)a->url);
  free((char *)a->language);
  free((char *)a->file);
  free((char *)a->text);
}

/* Event ids of the Phoenix and GDELT formats: the article's input position times this plus the event's index in
 * it (an article has at most 200,000 events, the limits policy), so they are unique and the same with any -j. */
#define EVENTS_PER_ARTICLE_ID 1000000ull

/* Codes article number no and writes its events (and explanation) to out, their GDELT mentions to mout (NULL:
 * none). */
static int code_one(worker *w, const parley_article *a, unsigned long long no, FILE *out, FILE *mout, int format,
                    int explain) {
  int rc = parley_doc_process(w->doc, a);
  if (rc == PARLEY_OK) rc = parley_coder_code(w->coder, w->doc);
  if (rc != PARLEY_OK) return rc;
  if (explain) fputs(parley_coder_explain(w->coder), out);
  const parley_event *ev;
  parley_event_extra x = {no * EVENTS_PER_ARTICLE_ID, a->url, 0, 0, 0};
  while (parley_coder_next_event(w->coder, &ev) == PARLEY_OK) {
    x.id++;
    if ((rc = parley_event_write_extra(out, ev, (parley_output_format)format, &x)) != PARLEY_OK) return rc;
    if (mout && (rc = parley_event_write_mention(mout, ev, &x)) != PARLEY_OK) return rc;
  }
  return PARLEY_OK;
}

static void *work(void *arg) {
  shared *sh = ((void **)arg)[0];
  worker *w = ((void **)arg)[1];
  for (;;) {
    pthread_mutex_lock(&sh->lock);
    size_t i = sh->next++;
    pthread_mutex_unlock(&sh->lock);
    if (i >= sh->n_jobs) break;
    job *j = &sh->jobs[i];
    FILE *mem = open_memstream(&j->buf, &j->len);
    FILE *mmem = sh->mentions ? open_memstream(&j->mbuf, &j->mlen) : NULL;
    if (!mem || (sh->mentions && !mmem)) {
      if (mem) fclose(mem);
      if (mmem) fclose(mmem);
      j->rc = PARLEY_ENOMEM;
      continue;
    }
    j->rc = code_one(w, &j->art, j->no, mem, mmem, sh->format, sh->explain);
    j->limits = parley_coder_limits(w->coder);
    fclose(mem);
    if (mmem) fclose(mmem);
  }
  return NULL;
}

int cmd_code(int argc, char **argv) {
  cli_dicts dicts = {calloc((size_t)argc + 1, sizeof(const char *)), 0, 0};
  const char **inputs = calloc((size_t)argc + 1, sizeof *inputs);
  size_t n_inputs = 0;
  int format = PARLEY_OUTPUT_JSONL, threads = 1, status = CLI_OK;
  parley_reader_options ro = PARLEY_READER_OPTIONS_INIT;
  parley_coder_options co = PARLEY_CODER_OPTIONS_INIT;
  cli_diag_counts counts = {0, 0};
  unsigned long limited = 0; /* articles cut by an input limit: exit status 1 */
  parley_lexicon *lex = NULL;
  parley_syntax_model *syntax = NULL;
  parley_gazetteer *gaz = NULL;
  const char *mentions_path = NULL;
  cli_geo geo = {NULL, 0};
  FILE *mout = NULL;
  int rc0, quiet = 0;
  parley_reader *reader = NULL;
  worker *workers = NULL;
  cli_language lang;
  if (cli_language_init(&lang) != PARLEY_OK || !dicts.paths || !inputs) {
    status = CLI_FATAL;
    goto done;
  }
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    const char *val = i + 1 < argc ? argv[i + 1] : NULL;
    int r;
    if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
      usage(stdout);
      goto done;
    } else if ((r = cli_dict_option(argc, argv, &i, &dicts))) {
      if (r < 0) {
        status = CLI_USAGE;
        goto done;
      }
    } else if ((r = cli_language_option(argc, argv, &i, &lang))) {
      if (r < 0) {
        status = CLI_USAGE;
        goto done;
      }
    } else if ((r = cli_opt_value(argc, argv, &i, "--date", &val))) {
      if (r < 0 || cli_check_date("--date", val, 0) < 0) {
        status = CLI_USAGE;
        goto done;
      }
      ro.default_date = val;
    } else if ((r = cli_opt_value(argc, argv, &i, "--input", &val))) {
      if (r < 0) {
        status = CLI_USAGE;
        goto done;
      }
      if (cli_input_format("code", val, &ro.format)) {
        status = CLI_USAGE;
        goto done;
      }
    } else if ((r = cli_opt_value(argc, argv, &i, "--output", &val))) {
      if (r < 0) {
        status = CLI_USAGE;
        goto done;
      }
      if (!strcmp(val, "jsonl")) format = PARLEY_OUTPUT_JSONL;
      else if (!strcmp(val, "tsv")) format = PARLEY_OUTPUT_TSV;
      else if (!strcmp(val, "csv")) format = PARLEY_OUTPUT_CSV;
      else if (!strcmp(val, "phoenix")) format = PARLEY_OUTPUT_PHOENIX;
      else if (!strcmp(val, "gdelt")) format = PARLEY_OUTPUT_GDELT;
      else {
        fprintf(stderr, "parley code: unknown output format '%s' (jsonl, tsv, csv, phoenix, gdelt)\n", val);
        status = CLI_USAGE;
        goto done;
      }
    } else if (!strcmp(a, "--explain")) {
      co.flags |= PARLEY_CODER_EXPLAIN;
    } else if (!strcmp(a, "--one-sided")) {
      co.flags |= PARLEY_CODER_ONE_SIDED;
    } else if (!strcmp(a, "--quotes")) {
      co.flags |= PARLEY_CODER_QUOTES;
    } else if ((r = cli_opt_value(argc, argv, &i, "--mentions", &val))) {
      if (r < 0) {
        status = CLI_USAGE;
        goto done;
      }
      mentions_path = val;
    } else if ((r = cli_geo_option(argc, argv, &i, &geo))) {
      if (r < 0) {
        status = CLI_USAGE;
        goto done;
      }
    } else if (!strcmp(a, "--quiet")) {
      quiet = 1;
    } else if (!strncmp(a, "-j", 2) && (a[2] || val)) {
      const char *num = a[2] ? a + 2 : val;
      if (!a[2]) i++;
      threads = atoi(num);
      if (threads < 1 || threads > 256) {
        fprintf(stderr, "parley code: -j needs a number from 1 to 256\n");
        status = CLI_USAGE;
        goto done;
      }
    } else if (a[0] == '-' && a[1]) {
      fprintf(stderr, "parley code: unknown or incomplete option '%s'\n", a);
      usage(stderr);
      status = CLI_USAGE;
      goto done;
    } else {
      inputs[n_inputs++] = a;
    }
  }
  int explain = (co.flags & PARLEY_CODER_EXPLAIN) != 0;
  if (mentions_path && format != PARLEY_OUTPUT_GDELT) {
    fprintf(stderr, "parley code: --mentions goes with --output gdelt\n");
    status = CLI_USAGE;
    goto done;
  }
  /* --explain shows each coded sentence's dependency tree; a build without a model explains without trees */
  if (explain && parley_syntax_model_open(&syntax, NULL, NULL, 0) == PARLEY_OK) co.syntax = syntax;
  if ((status = cli_load_gazetteer("code", &geo, &gaz)) != CLI_OK) goto done;
  if (cli_load_lexicon(&lex, &dicts, &counts) != PARLEY_OK) {
    fprintf(stderr, "parley code: cannot load the dictionaries\n");
    status = CLI_FATAL;
    goto done;
  }
  ro.diag = cli_print_diag;
  ro.diag_payload = &counts;
  if ((rc0 = parley_reader_new(&reader, &ro)) != PARLEY_OK) {
    fprintf(stderr, "parley code: %s\n", parley_strerror(rc0));
    status = CLI_FATAL;
    goto done;
  }
  if (n_inputs == 0) inputs[n_inputs++] = "-";
  /* a named input that cannot be opened is a fatal error (exit 3, as the README says), found before any work */
  for (size_t i = 0; i < n_inputs; i++) {
    if ((rc0 = parley_reader_add_path(reader, inputs[i])) != PARLEY_OK) {
      fprintf(stderr, "parley code: %s\n",
              rc0 == PARLEY_ENOTFOUND ? parley_reader_errmsg(reader) : parley_strerror(rc0));
      status = CLI_FATAL;
      goto done;
    }
  }
  workers = calloc((size_t)threads, sizeof *workers);
  if (!workers) {
    status = CLI_FATAL;
    goto done;
  }
  for (int t = 0; t < threads; t++) {
    if (parley_doc_new(&workers[t].doc) != PARLEY_OK ||
        parley_coder_new(&workers[t].coder, lex, &co) != PARLEY_OK) {
      status = CLI_FATAL;
      goto done;
    }
    parley_coder_set_gazetteer(workers[t].coder, gaz);
  }
  if (mentions_path && !(mout = fopen(mentions_path, "w"))) {
    fprintf(stderr, "parley code: cannot write %s: %s\n", mentions_path, strerror(errno));
    status = CLI_FATAL;
    goto done;
  }
  parley_event_write_header(stdout, (parley_output_format)format);
  unsigned long long article_no = 0;
  unsigned long done_articles = 0;
  cli_progress prog;
  parley_reader_stats rs;
  cli_progress_start(&prog, "code", quiet);
  const parley_article *art;
  int rc;
  if (threads == 1) {
    while ((rc = parley_reader_next(reader, &art)) != PARLEY_EDONE) {
      if (rc == PARLEY_EIO || (rc == PARLEY_OK && cli_language_skip(&lang, art))) continue;
      if (rc != PARLEY_OK || (rc = code_one(&workers[0], art, ++article_no, stdout, mout, format, explain)) != PARLEY_OK) {
        fprintf(stderr, "parley code: %s: %s\n", art ? art->id : "?", parley_strerror(rc));
        status = CLI_FATAL;
        goto done;
      }
      limited += cli_report_limits(art, parley_coder_limits(workers[0].coder), &counts);
      if (prog.on) {
        parley_reader_get_stats(reader, &rs);
        cli_progress_update(&prog, ++done_articles, rs.bytes, rs.bytes_total, 1);
      }
    }
  } else {
    size_t batch = (size_t)threads * 64;
    job *jobs = calloc(batch, sizeof *jobs);
    if (!jobs) {
      status = CLI_FATAL;
      goto done;
    }
    int eof = 0;
    while (!eof && status != CLI_FATAL) {
      size_t n = 0;
      while (n < batch) {
        rc = parley_reader_next(reader, &art);
        if (rc == PARLEY_EDONE) {
          eof = 1;
          break;
        }
        if (rc == PARLEY_EIO || (rc == PARLEY_OK && cli_language_skip(&lang, art))) continue;
        if (rc != PARLEY_OK || copy_article(&jobs[n].art, art) != 0) {
          if (rc == PARLEY_OK) free_article(&jobs[n].art);
          status = CLI_FATAL;
          break;
        }
        jobs[n].no = ++article_no;
        n++;
      }
      shared sh = {jobs, n, 0, PTHREAD_MUTEX_INITIALIZER, workers, format, explain, mout != NULL};
      pthread_t *tids = calloc((size_t)threads, sizeof *tids);
      void *(*args)[2] = calloc((size_t)threads, sizeof *args);
      int started = 0;
      for (int t = 0; tids && args && t < threads; t++) {
        args[t][0] = &sh;
        args[t][1] = &workers[t];
        if (pthread_create(&tids[t], NULL, work, args[t]) == 0) started++;
      }
      if (started == 0) work((void *[]){&sh, &workers[0]});
      for (int t = 0; t < started; t++) pthread_join(tids[t], NULL);
      free(tids);
      free(args);
      for (size_t i = 0; i < n; i++) {
        if (jobs[i].rc != PARLEY_OK) {
          fprintf(stderr, "parley code: %s: %s\n", jobs[i].art.id, parley_strerror(jobs[i].rc));
          status = CLI_FATAL;
        } else if (jobs[i].buf) {
          fwrite(jobs[i].buf, 1, jobs[i].len, stdout);
          if (mout && jobs[i].mbuf) fwrite(jobs[i].mbuf, 1, jobs[i].mlen, mout);
        }
        if (jobs[i].rc == PARLEY_OK) limited += cli_report_limits(&jobs[i].art, jobs[i].limits, &counts);
        free(jobs[i].buf);
        free(jobs[i].mbuf);
        free_article(&jobs[i].art);
        memset(&jobs[i], 0, sizeof jobs[i]);
      }
      done_articles += n;
      if (prog.on) {
        parley_reader_get_stats(reader, &rs);
        cli_progress_update(&prog, done_articles, rs.bytes, rs.bytes_total, 1);
      }
    }
    free(jobs);
  }
  cli_progress_end(&prog);
  if (fflush(stdout) != 0 || ferror(stdout)) {
    fprintf(stderr, "parley code: write error on standard output\n");
    status = CLI_FATAL;
  }
  if (mout) {
    int bad = ferror(mout);
    if (fclose(mout) != 0 || bad) {
      fprintf(stderr, "parley code: write error on %s\n", mentions_path);
      status = CLI_FATAL;
    }
    mout = NULL;
  }
  parley_reader_stats st;
  parley_reader_get_stats(reader, &st);
  cli_language_report(&lang, "code");
  if (status == CLI_OK && (st.skipped || st.repaired || counts.errors || limited || lang.skipped))
    status = CLI_SKIPPED;
done:
  if (workers)
    for (int t = 0; t < threads; t++) {
      parley_coder_free(workers[t].coder);
      parley_doc_free(workers[t].doc);
    }
  free(workers);
  if (mout) fclose(mout);
  parley_reader_free(reader);
  parley_lexicon_free(lex);
  parley_syntax_model_free(syntax);
  parley_gazetteer_free(gaz);
  cli_language_free(&lang);
  free(dicts.paths);
  free(inputs);
  return status;
}
