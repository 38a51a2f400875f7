/* server/serve.c: the `parley serve` command: options, the lexicon and store pool, then serving until SIGINT or
 * SIGTERM. The signals are blocked in every thread and taken with sigwait here, so no handler and no global
 * state is needed to shut down cleanly. */
#include "../cli/cli.h"
#include "server.h"
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

static void usage(FILE *out) {
  fprintf(out,
          "usage: parley serve --db FILE [--listen HOST:PORT] [--dict PATH]... [OPTIONS]\n\n"
          "Serves the events of a store as a JSON API (docs/api.md) and a web page to explore them.\n\n"
          "options:\n"
          "  --db FILE|URL        the event store, an SQLite file or postgresql:// URL (read-only; default $PARLEY_DB)\n"
          "  --listen HOST:PORT   address to listen on (default 127.0.0.1:8080; port 0 picks a free one);\n"
          "                       only a numeric address: anything but loopback exposes the store to the network\n"
          "  --dict PATH          add a dictionary for POST /api/code and the explanations (to the built-in\n"
          "                       ones; repeatable)\n"
          "  --no-builtin         do not load the built-in dictionaries\n"
          "  --threads N          request threads (default: the number of CPUs, 2 to 8)\n"
          "  --max-body BYTES     request body limit (default 1048576)\n"
          "  --timeout SECONDS    idle connection timeout and the longest a body may take (default 30)\n"
          "  --max-connections N  concurrent connections (default 4096, lowered to fit the open-file limit)\n\n"
          "SIGINT or SIGTERM stops it after the requests in flight.\n"
          "exit status: 0 stopped by a signal, 2 usage error, 3 cannot open the store or listen\n");
}

static int number(const char *opt, const char *v, unsigned long min, unsigned long max, unsigned long *out) {
  char *end;
  unsigned long n = strtoul(v, &end, 10);
  if (!*v || *end || v[0] == '-' || n < min || n > max) {
    fprintf(stderr, "parley serve: %s wants a number from %lu to %lu (got '%s')\n", opt, min, max, v);
    return -1;
  }
  *out = n;
  return 0;
}

/* Raises the open-file limit to its hard maximum: each connection holds a descriptor. Returns the limit. */
static unsigned long raise_fd_limit(void) {
  struct rlimit rl;
  if (getrlimit(RLIMIT_NOFILE, &rl)) return 1024;
  if (rl.rlim_cur < rl.rlim_max) {
    rl.rlim_cur = rl.rlim_max;
    setrlimit(RLIMIT_NOFILE, &rl);
    getrlimit(RLIMIT_NOFILE, &rl);
  }
  return rl.rlim_cur == RLIM_INFINITY ? 1u << 20 : (unsigned long)rl.rlim_cur;
}

int cmd_serve(int argc, char **argv) {
  const char *db = NULL, *v;
  cli_dicts dicts = {calloc((size_t)argc + 1, sizeof(const char *)), 0, 0};
  long cpus = sysconf(_SC_NPROCESSORS_ONLN);
  srv_config cfg = {"127.0.0.1:8080", 1u << 20, 30, 4096, (unsigned)(cpus < 2 ? 2 : cpus > 8 ? 8 : cpus)};
  int status = CLI_OK;
  if (!dicts.paths) return CLI_FATAL;
  for (int i = 1; i < argc; i++) {
    int r;
    unsigned long n;
    if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
      usage(stdout);
      free(dicts.paths);
      return CLI_OK;
    }
    if ((r = cli_opt_value(argc, argv, &i, "--db", &v))) {
      if (r < 0) goto usage_error;
      db = v;
    } else if ((r = cli_opt_value(argc, argv, &i, "--listen", &v))) {
      if (r < 0) goto usage_error;
      cfg.listen = v;
    } else if ((r = cli_dict_option(argc, argv, &i, &dicts))) {
      if (r < 0) goto usage_error;
    } else if ((r = cli_opt_value(argc, argv, &i, "--threads", &v))) {
      if (r < 0 || number("--threads", v, 1, 64, &n)) goto usage_error;
      cfg.threads = (unsigned)n;
    } else if ((r = cli_opt_value(argc, argv, &i, "--max-body", &v))) {
      if (r < 0 || number("--max-body", v, 1, 1ul << 30, &n)) goto usage_error;
      cfg.max_body = n;
    } else if ((r = cli_opt_value(argc, argv, &i, "--timeout", &v))) {
      if (r < 0 || number("--timeout", v, 1, 3600, &n)) goto usage_error;
      cfg.timeout = (unsigned)n;
    } else if ((r = cli_opt_value(argc, argv, &i, "--max-connections", &v))) {
      if (r < 0 || number("--max-connections", v, 1, 1u << 20, &n)) goto usage_error;
      cfg.max_connections = (unsigned)n;
    } else {
      fprintf(stderr, "parley serve: unknown option '%s'\n", argv[i]);
      goto usage_error;
    }
  }
  if (!db && getenv("PARLEY_DB") && *getenv("PARLEY_DB")) db = getenv("PARLEY_DB");
  if (!db) {
    fprintf(stderr, "parley serve: --db FILE is required\n");
    goto usage_error;
  }
  unsigned long fds = raise_fd_limit();
  if (cfg.max_connections + 64 > fds) {
    cfg.max_connections = fds > 128 ? (unsigned)(fds - 64) : 64;
    fprintf(stderr, "parley serve: at most %u connections (open-file limit %lu)\n", cfg.max_connections, fds);
  }

  /* block the signals before any thread starts, so that every thread inherits the mask and sigwait gets them */
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGPIPE);
  pthread_sigmask(SIG_BLOCK, &set, NULL);

  cli_diag_counts counts = {0, 0};
  parley_lexicon *lex = NULL;
  srv_pool pool = {NULL, 0, PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER};
  srv_http *http = NULL;
  char msg[600];
  if (cli_load_lexicon(&lex, &dicts, &counts) != PARLEY_OK) {
    fprintf(stderr, "parley serve: cannot load the dictionaries\n");
    status = CLI_FATAL;
  } else if (srv_pool_init(&pool, cfg.threads, db, lex, msg, sizeof msg)) {
    fprintf(stderr, "parley serve: %s\n", msg);
    status = CLI_FATAL;
  } else if (!(http = srv_http_start(&cfg, &pool, msg, sizeof msg))) {
    fprintf(stderr, "parley serve: %s\n", msg);
    status = strstr(msg, "--listen") ? CLI_USAGE : CLI_FATAL;
  } else {
    const char *colon = strrchr(cfg.listen, ':');
    printf("parley serve: listening on http://%.*s:%u/ (Ctrl-C stops)\n", (int)(colon - cfg.listen), cfg.listen,
           srv_http_port(http));
    fflush(stdout);
    sigdelset(&set, SIGPIPE);
    int sig = 0;
    sigwait(&set, &sig);
    fprintf(stderr, "parley serve: %s: stopping\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
  }
  srv_http_stop(http);
  srv_pool_dispose(&pool);
  parley_lexicon_free(lex);
  free(dicts.paths);
  return status;
usage_error:
  free(dicts.paths);
  usage(stderr);
  return CLI_USAGE;
}
