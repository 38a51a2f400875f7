/* cli/progress.c: the progress line of long runs (code, ingest, recode) on a terminal. A 30-second ingest that
 * prints nothing looks hung; a line that scrolls or is written to a log is noise, so the line is drawn only when
 * stderr is a terminal, redrawn in place at most four times a second, and erased at the end. */
#include "cli.h"
#include <time.h>
#include <unistd.h>

#define REDRAW_SECONDS 0.25

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void cli_progress_start(cli_progress *p, const char *cmd, int quiet) {
  p->on = !quiet && isatty(STDERR_FILENO);
  p->cmd = cmd;
  p->t0 = now();
  p->last = 0;
  p->drawn = 0;
}

/* "1.5 MB", "230 kB", "512 B" */
static void size_str(char *out, size_t n, unsigned long long b) {
  if (b >= 1000000ull) snprintf(out, n, "%.1f MB", (double)b / 1e6);
  else if (b >= 1000ull) snprintf(out, n, "%.0f kB", (double)b / 1e3);
  else snprintf(out, n, "%llu B", b);
}

void cli_progress_update(cli_progress *p, unsigned long articles, unsigned long long done, unsigned long long total,
                         int bytes) {
  if (!p->on) return;
  double t = now();
  /* the first call draws at once, so that even a short run shows what it is doing */
  if (p->drawn && t - p->last < REDRAW_SECONDS) return;
  p->last = t;
  p->drawn = 1;
  double el = t - p->t0;
  char line[256], a[32], b[32];
  int len = snprintf(line, sizeof line, "parley %s: %lu article%s", p->cmd, articles, articles == 1 ? "" : "s");
  if (total && len > 0 && (size_t)len < sizeof line) {
    double share = done >= total ? 1.0 : (double)done / (double)total;
    if (bytes) {
      size_str(a, sizeof a, done > total ? total : done);
      size_str(b, sizeof b, total);
      len += snprintf(line + len, sizeof line - (size_t)len, ", %s of %s (%.0f%%)", a, b, share * 100);
    } else {
      len += snprintf(line + len, sizeof line - (size_t)len, " of %llu (%.0f%%)", total, share * 100);
    }
  }
  if (el > 0 && len > 0 && (size_t)len < sizeof line)
    len += snprintf(line + len, sizeof line - (size_t)len, ", %.0f articles/s", (double)articles / el);
  if (total && done && done < total && el > 0 && len > 0 && (size_t)len < sizeof line) {
    unsigned long eta = (unsigned long)(el * (double)(total - done) / (double)done + 0.5);
    len += snprintf(line + len, sizeof line - (size_t)len, ", ETA %lu:%02lu:%02lu", eta / 3600, eta / 60 % 60, eta % 60);
  }
  /* \r redraws in place; ESC[K erases what a longer previous line left */
  fprintf(stderr, "\r%s\033[K", line);
  fflush(stderr);
}

void cli_progress_end(cli_progress *p) {
  if (p->on && p->drawn) {
    fputs("\r\033[K", stderr);
    fflush(stderr);
  }
  p->drawn = 0;
}

const char *cli_quiet_help = "  --quiet            no progress line (shown on stderr only when it is a terminal)\n";
