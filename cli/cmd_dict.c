/* cli/cmd_dict.c: `parley dict check|lookup|stats|convert`: the window onto the dictionaries. Every subcommand
 * reads the dictionaries given with --dict (any supported format; repeatable) or, without --dict, the built-in
 * ones. */
#include "cli.h"
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void usage(FILE *out) {
  fprintf(out,
          "usage: parley dict check   [--dict PATH]... [--no-builtin]\n"
          "       parley dict lookup  [--dict PATH]... [--no-builtin] [--date YYYY-MM-DD] PHRASE\n"
          "       parley dict stats   [--dict PATH]... [--no-builtin]\n"
          "       parley dict convert [--dict PATH]... [--no-builtin] [--with-codes] [-o FILE]\n\n"
          "Reads dictionaries: parley's own format (docs/dictionary-format.md) or TABARI/PETRARCH files\n"
          "(CAMEO verb dictionaries, .actors, agents, discards, issues), detected from name and content.\n"
          "The built-in dictionaries are read first, then each --dict file; --no-builtin leaves them out\n"
          "(e.g. to check or convert one file on its own). The CAMEO code table is always built in.\n\n"
          "  check     report unreadable lines, duplicate names, conflicting codes for one name, overlapping\n"
          "            date ranges and unknown event codes; exit 0 when there is no error\n"
          "  lookup    show every dictionary entry that matches inside PHRASE (tokenised like article text)\n"
          "            and what it codes to on --date (default: the undated or latest code), with the office;\n"
          "            adjacent country + agent are combined (\"his Russian counterpart\": RUS + GOV = RUSGOV)\n"
          "  stats     counts of what was read, and load and compile time\n"
          "  convert   write everything read in parley's own format (stdout or -o FILE); --with-codes adds\n"
          "            the [codes] table\n\n"
          "options:\n"
          "  --dict PATH    add a dictionary file (repeatable)\n"
          "  --no-builtin   leave the built-in dictionaries out\n"
          "  --date D       the date for lookup's dated codes\n"
          "  -o FILE        convert's output file\n"
          "  -h, --help     this text\n\n"
          "exit status: 0 success; 1 lines rejected, check found errors, or lookup matched nothing;\n"
          "2 usage error; 3 fatal error (a dictionary cannot be read, out of memory, write failure).\n");
}

static double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

int cmd_dict(int argc, char **argv) {
  if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
    usage(argc < 2 ? stderr : stdout);
    return argc < 2 ? CLI_USAGE : CLI_OK;
  }
  const char *sub = argv[1];
  int is_check = !strcmp(sub, "check"), is_lookup = !strcmp(sub, "lookup"), is_stats = !strcmp(sub, "stats"),
      is_convert = !strcmp(sub, "convert");
  if (!is_check && !is_lookup && !is_stats && !is_convert) {
    fprintf(stderr, "parley dict: unknown subcommand '%s'\n", sub);
    usage(stderr);
    return CLI_USAGE;
  }
  cli_dicts dicts = {calloc((size_t)argc, sizeof(const char *)), 0, 0};
  if (!dicts.paths) return CLI_FATAL;
  const char *date = NULL, *phrase = NULL, *outfile = NULL;
  int with_codes = 0;
  for (int i = 2; i < argc; i++) {
    const char *a = argv[i];
    int r;
    if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
      usage(stdout);
      free(dicts.paths);
      return CLI_OK;
    } else if ((r = cli_dict_option(argc, argv, &i, &dicts))) {
      if (r < 0) {
        free(dicts.paths);
        return CLI_USAGE;
      }
    } else if (!strcmp(a, "--date") && i + 1 < argc) {
      date = argv[++i];
    } else if (!strncmp(a, "--date=", 7)) {
      date = a + 7;
    } else if (!strcmp(a, "-o") && i + 1 < argc) {
      outfile = argv[++i];
    } else if (!strcmp(a, "--with-codes")) {
      with_codes = 1;
    } else if (a[0] == '-' && a[1]) {
      fprintf(stderr, "parley dict: unknown option '%s'\n", a);
      free(dicts.paths);
      return CLI_USAGE;
    } else if (is_lookup && !phrase) {
      phrase = a;
    } else {
      fprintf(stderr, "parley dict %s: unexpected argument '%s'\n", sub, a);
      free(dicts.paths);
      return CLI_USAGE;
    }
  }
  if (is_lookup && !phrase) {
    fprintf(stderr, "parley dict lookup: PHRASE missing\n");
    free(dicts.paths);
    return CLI_USAGE;
  }
  if (date && cli_check_date("--date", date, 0) < 0) {
    free(dicts.paths);
    return CLI_USAGE;
  }

  int rc = CLI_OK;
  cli_diag_counts counts = {0, 0};
  parley_lexicon_options o = PARLEY_LEXICON_OPTIONS_INIT;
  o.diag = cli_print_diag;
  o.diag_payload = &counts;
  parley_lexicon *lex = NULL;
  double t0 = now_ms();
  int st = parley_lexicon_new(&lex, &o);
  if (!st) st = cli_add_dicts(lex, &dicts);
  double t1 = now_ms();
  if (!st) st = parley_lexicon_compile(lex);
  double t2 = now_ms();
  if (st) {
    fprintf(stderr, "parley dict: %s\n", parley_strerror(st));
    rc = CLI_FATAL;
    goto done;
  }
  unsigned long load_errors = counts.errors;

  if (is_check) {
    int ne = 0, nw = 0;
    st = parley_lexicon_check(&ne, &nw, lex);
    if (st) {
      fprintf(stderr, "parley dict: %s\n", parley_strerror(st));
      rc = CLI_FATAL;
      goto done;
    }
    printf("check: %lu rejected lines, %d errors, %d warnings\n", load_errors, ne, nw);
    if (load_errors || ne) rc = CLI_SKIPPED;
  } else if (is_lookup) {
    parley_buf b = PARLEY_BUF_INIT;
    st = parley_lexicon_lookup(&b, lex, phrase, date);
    if (b.ptr) fputs(b.ptr, stdout);
    parley_buf_dispose(&b);
    if (st == PARLEY_ENOTFOUND) rc = CLI_SKIPPED;
    else if (st) {
      fprintf(stderr, "parley dict: %s\n", parley_strerror(st));
      rc = CLI_FATAL;
    }
  } else if (is_stats) {
    parley_lexicon_stats s;
    parley_lexicon_stats_get(lex, &s);
    printf("dictionaries   %zu%s\n", s.files, dicts.no_builtin ? "" : " (with the built-in ones)");
    printf("lines          %zu read, %zu rejected\n", s.lines, s.rejected);
    printf("actors         %zu (%zu codes, %zu names)\n", s.actors, s.actor_codes, s.actor_names);
    printf("agents         %zu (%zu names)\n", s.agents, s.agent_names);
    printf("verbs          %zu (%zu forms, %zu patterns)\n", s.verbs, s.verb_forms, s.patterns);
    printf("synsets        %zu (%zu phrases)\n", s.synsets, s.synset_phrases);
    printf("discards       %zu\n", s.discards);
    printf("issues         %zu\n", s.issues);
    printf("event codes    %zu\n", s.codes);
    printf("matcher        %zu phrases, %zu trie nodes, %.1f MB\n", s.phrases, s.trie_nodes, (double)s.memory / 1e6);
    printf("time           %.1f ms load, %.1f ms compile\n", t1 - t0, t2 - t1);
  } else if (is_convert) {
    parley_buf b = PARLEY_BUF_INIT;
    st = parley_lexicon_write(&b, lex, with_codes);
    if (st) {
      fprintf(stderr, "parley dict: %s\n", parley_strerror(st));
      rc = CLI_FATAL;
      goto done;
    }
    FILE *out = outfile ? fopen(outfile, "w") : stdout;
    if (!out) {
      perror(outfile);
      parley_buf_dispose(&b);
      rc = CLI_FATAL;
      goto done;
    }
    size_t w = b.size ? fwrite(b.ptr, 1, b.size, out) : 0;
    int bad = w != b.size || (outfile ? fclose(out) != 0 : fflush(out) != 0);
    parley_buf_dispose(&b);
    if (bad) {
      fprintf(stderr, "parley dict: write failed\n");
      rc = CLI_FATAL;
      goto done;
    }
  }
  if (rc == CLI_OK && load_errors) rc = CLI_SKIPPED;
done:
  parley_lexicon_free(lex);
  free(dicts.paths);
  return rc;
}
