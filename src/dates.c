/* dates.c: calendar arithmetic and the resolution of relative date words against a publication date.
 * A weekday name means the latest such day on or before the publication date, as news reports use them. */
#include "dates.h"
#include <parley/date.h>
#include <stdlib.h>
#include <string.h>

static int is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static int days_in_month(int y, int m) {
  static const int dim[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : dim[m - 1];
}

int pl_date_valid(pl_date d) {
  return d.y >= 1 && d.y <= 9999 && d.m >= 1 && d.m <= 12 && d.d >= 1 && d.d <= days_in_month(d.y, d.m);
}

/* Howard Hinnant's days_from_civil: exact for the proleptic Gregorian calendar. */
long pl_date_to_days(pl_date d) {
  long y = d.y - (d.m <= 2);
  long era = (y >= 0 ? y : y - 399) / 400;
  long yoe = y - era * 400;
  long doy = (153 * (d.m + (d.m > 2 ? -3 : 9)) + 2) / 5 + d.d - 1;
  long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

pl_date pl_date_from_days(long z) {
  z += 719468;
  long era = (z >= 0 ? z : z - 146096) / 146097;
  long doe = z - era * 146097;
  long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  long mp = (5 * doy + 2) / 153;
  pl_date r;
  r.d = (int)(doy - (153 * mp + 2) / 5 + 1);
  r.m = (int)(mp < 10 ? mp + 3 : mp - 9);
  r.y = (int)(yoe + era * 400 + (r.m <= 2));
  return r;
}

int pl_date_weekday(pl_date d) {
  long days = pl_date_to_days(d); /* 1970-01-01 was a Thursday (3) */
  long w = (days % 7 + 7 + 3) % 7;
  return (int)w;
}

static int digits(const char *s, int n) {
  int v = 0;
  for (int i = 0; i < n; i++) {
    if (s[i] < '0' || s[i] > '9') return -1;
    v = v * 10 + (s[i] - '0');
  }
  return v;
}

int pl_date_parse(const char *s, pl_date *out) {
  if (!s || strlen(s) < 10 || s[4] != '-' || s[7] != '-') return -1;
  if (s[10] != '\0' && s[10] != 'T' && s[10] != 't' && s[10] != ' ') return -1;
  pl_date d = {digits(s, 4), digits(s + 5, 2), digits(s + 8, 2)};
  if (!pl_date_valid(d)) return -1;
  *out = d;
  return 0;
}

int pl_date_parse_bound(const char *s, pl_date *first, pl_date *last) {
  if (!s) return 0;
  size_t n = strlen(s);
  pl_date a = {0, 1, 1};
  int prec;
  if (n == 4) prec = PL_DATE_YEAR;
  else if (n == 7 && s[4] == '-') prec = PL_DATE_MONTH;
  else if (n == 10 && s[4] == '-' && s[7] == '-') prec = PL_DATE_DAY;
  else return 0;
  a.y = digits(s, 4);
  if (prec != PL_DATE_YEAR) a.m = digits(s + 5, 2);
  if (prec == PL_DATE_DAY) a.d = digits(s + 8, 2);
  if (!pl_date_valid(a)) return 0;
  pl_date b = a;
  if (prec == PL_DATE_YEAR) b = (pl_date){a.y, 12, 31};
  else if (prec == PL_DATE_MONTH) b.d = days_in_month(a.y, a.m);
  if (first) *first = a;
  if (last) *last = b;
  return prec;
}

parley_date_precision parley_date_parse(const char *s, char *first, char *last) {
  pl_date a, b;
  int prec = pl_date_parse_bound(s, &a, &b);
  if (!prec) return PARLEY_DATE_INVALID;
  if (first) pl_date_format(a, first);
  if (last) pl_date_format(b, last);
  return (parley_date_precision)prec;
}

void pl_date_format(pl_date d, char out[11]) {
  if (!pl_date_valid(d)) {
    out[0] = '\0';
    return;
  }
  out[0] = (char)('0' + d.y / 1000 % 10);
  out[1] = (char)('0' + d.y / 100 % 10);
  out[2] = (char)('0' + d.y / 10 % 10);
  out[3] = (char)('0' + d.y % 10);
  out[4] = '-';
  out[5] = (char)('0' + d.m / 10);
  out[6] = (char)('0' + d.m % 10);
  out[7] = '-';
  out[8] = (char)('0' + d.d / 10);
  out[9] = (char)('0' + d.d % 10);
  out[10] = '\0';
}

static int tok_is(const parley_token *t, const char *w) { return t->fold && !strcmp(t->fold, w); }

static int weekday_of(const parley_token *t) {
  static const char *names[] = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};
  for (int i = 0; i < 7; i++)
    if (tok_is(t, names[i])) return i;
  return -1;
}

/* Month from a full name or an abbreviation ("jan", "jan.", "sept"); 0 when none. "may" and "march" are also
 * ordinary words, so callers accept them only next to a day or year number. */
static int month_of(const parley_token *t) {
  static const char *full[] = {"january", "february", "march",     "april",   "may",      "june",
                               "july",    "august",   "september", "october", "november", "december"};
  static const char *abbr[] = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
  if (!t->fold) return 0;
  size_t len = t->fold_len;
  if (len && t->fold[len - 1] == '.') len--;
  for (int i = 0; i < 12; i++) {
    if (strlen(full[i]) == len && !strncmp(t->fold, full[i], len)) return i + 1;
    if (strlen(abbr[i]) == len && !strncmp(t->fold, abbr[i], len)) return i + 1;
  }
  if (len == 4 && !strncmp(t->fold, "sept", 4)) return 9;
  return 0;
}

/* Day of month from "27", "27th", "1st"; 0 when not one. */
static int day_of(const parley_token *t) {
  if (!t->fold || t->fold_len == 0 || t->fold_len > 4) return 0;
  int v = 0;
  size_t i = 0;
  while (i < t->fold_len && t->fold[i] >= '0' && t->fold[i] <= '9') v = v * 10 + (t->fold[i++] - '0');
  if (i == 0 || i > 2) return 0;
  const char *suffix = t->fold + i;
  size_t sl = t->fold_len - i;
  if (sl && !(sl == 2 && (!strncmp(suffix, "st", 2) || !strncmp(suffix, "nd", 2) || !strncmp(suffix, "rd", 2) ||
                          !strncmp(suffix, "th", 2))))
    return 0;
  return v >= 1 && v <= 31 ? v : 0;
}

static int year_of(const parley_token *t) {
  if (!t->fold || t->fold_len != 4) return 0;
  int v = digits(t->fold, 4);
  return v >= 1900 && v <= 2100 ? v : 0;
}

static int anchor_word(const parley_token *toks, size_t i) {
  if (i == 0) return 1; /* sentence-initial: "Monday's talks ...", "On Monday ..." handled below */
  const parley_token *p = &toks[i - 1];
  static const char *anchors[] = {"on", "in", "during", "since", "until", "by", "from", "late", "early", "last",
                                  "this", "next", "earlier", "later"};
  for (size_t k = 0; k < sizeof anchors / sizeof anchors[0]; k++)
    if (tok_is(p, anchors[k])) return 1;
  return 0;
}

static pl_date add_months(pl_date d, int n) {
  int m0 = d.y * 12 + (d.m - 1) + n;
  pl_date r = {m0 / 12, m0 % 12 + 1, d.d};
  int dim = days_in_month(r.y, r.m);
  if (r.d > dim) r.d = dim;
  return r;
}

static size_t push(pl_date_expr *out, size_t cnt, size_t max, size_t s, size_t e, pl_date d, int prec, int anch) {
  if (cnt < max && pl_date_valid(d)) {
    out[cnt].tok_start = s;
    out[cnt].tok_end = e;
    out[cnt].date = d;
    out[cnt].precision = prec;
    out[cnt].anchored = anch;
  }
  return pl_date_valid(d) ? cnt + 1 : cnt;
}

size_t pl_dates_find(const parley_token *toks, size_t n, pl_date pub, pl_date_expr *out, size_t max) {
  size_t cnt = 0;
  int have_pub = pl_date_valid(pub);
  long pubdays = have_pub ? pl_date_to_days(pub) : 0;
  for (size_t i = 0; i < n && cnt < max; i++) {
    const parley_token *t = &toks[i];
    int wd = weekday_of(t);
    if (wd >= 0) {
      if (!have_pub) continue;
      /* a date written after the weekday ("Tuesday, May 10") is resolved by the month branch instead */
      size_t e = i + 1;
      if (e < n && (tok_is(&toks[e], "night") || tok_is(&toks[e], "morning") || tok_is(&toks[e], "afternoon") ||
                    tok_is(&toks[e], "evening")))
        e++;
      int back = (pl_date_weekday(pub) - wd + 7) % 7;
      int prev = i > 0 && tok_is(&toks[i - 1], "last");
      int next = i > 0 && tok_is(&toks[i - 1], "next");
      long days = pubdays - back;
      if (prev && back == 0) days -= 7;
      if (next) days = pubdays + (back == 0 ? 7 : 7 - back);
      size_t s = (prev || next) ? i - 1 : i;
      cnt = push(out, cnt, max, s, e, pl_date_from_days(days), PL_DATE_DAY, 1);
      i = e - 1;
      continue;
    }
    if (have_pub && tok_is(t, "yesterday")) {
      int before = i >= 2 && tok_is(&toks[i - 1], "before") && tok_is(&toks[i - 2], "day");
      size_t s = before ? (i >= 3 && tok_is(&toks[i - 3], "the") ? i - 3 : i - 2) : i;
      cnt = push(out, cnt, max, s, i + 1, pl_date_from_days(pubdays - (before ? 2 : 1)), PL_DATE_DAY, 1);
      continue;
    }
    if (have_pub && (tok_is(t, "today") || tok_is(t, "tonight"))) {
      cnt = push(out, cnt, max, i, i + 1, pub, PL_DATE_DAY, 1);
      continue;
    }
    if (have_pub && i + 1 < n && (tok_is(t, "last") || tok_is(t, "this") || tok_is(t, "earlier"))) {
      const parley_token *u = &toks[i + 1];
      size_t e = i + 2;
      if (tok_is(t, "earlier") && tok_is(u, "this") && i + 2 < n) {
        u = &toks[i + 2];
        e = i + 3;
      }
      if (tok_is(t, "this") &&
          (tok_is(u, "morning") || tok_is(u, "afternoon") || tok_is(u, "evening") || tok_is(u, "week")))
        cnt = push(out, cnt, max, i, e, pub, PL_DATE_DAY, 1);
      else if (tok_is(t, "earlier") && (tok_is(u, "week") || tok_is(u, "month") || tok_is(u, "year")))
        cnt = push(out, cnt, max, i, e, pub, PL_DATE_DAY, 1);
      else if (tok_is(t, "last") && tok_is(u, "week"))
        cnt = push(out, cnt, max, i, e, pl_date_from_days(pubdays - 7), PL_DATE_DAY, 1);
      else if (tok_is(t, "last") && tok_is(u, "month"))
        cnt = push(out, cnt, max, i, e, add_months((pl_date){pub.y, pub.m, 1}, -1), PL_DATE_MONTH, 1);
      else if (tok_is(t, "last") && tok_is(u, "year"))
        cnt = push(out, cnt, max, i, e, (pl_date){pub.y - 1, 1, 1}, PL_DATE_YEAR, 1);
      else
        continue;
      i = e - 1;
      continue;
    }
    int mon = month_of(t);
    if (mon) {
      size_t e = i + 1;
      if (e < n && tok_is(&toks[e], ".")) e++; /* "Jan ." when the tokenizer splits the period */
      int day = e < n ? day_of(&toks[e]) : 0;
      size_t s = i;
      int year = 0;
      if (day) {
        e++;
        size_t k = e;
        if (k < n && tok_is(&toks[k], ",")) k++;
        if (k < n && (year = year_of(&toks[k])) != 0) e = k + 1;
      } else if (i > 0 && (day = day_of(&toks[i - 1])) != 0) {
        s = i - 1; /* "27 November" */
        if (e < n && (year = year_of(&toks[e])) != 0) e++;
      } else if (e < n && (year = year_of(&toks[e])) != 0) {
        e++;
        cnt = push(out, cnt, max, i, e, (pl_date){year, mon, 1}, PL_DATE_MONTH, anchor_word(toks, i));
        i = e - 1;
        continue;
      } else {
        continue; /* "may" the verb, "march" the noun */
      }
      pl_date d = {year ? year : pub.y, mon, day};
      if (!year) {
        if (!have_pub) continue;
        if (pl_date_valid(d) && pl_date_to_days(d) > pubdays) d.y--; /* "on December 30" read in January */
      }
      cnt = push(out, cnt, max, s, e, d, PL_DATE_DAY, 1);
      i = e - 1;
      continue;
    }
    int year = year_of(t);
    if (year && i > 0 && (tok_is(&toks[i - 1], "in") || tok_is(&toks[i - 1], "during"))) {
      cnt = push(out, cnt, max, i, i + 1, (pl_date){year, 1, 1}, PL_DATE_YEAR, 1);
      continue;
    }
  }
  return cnt < max ? cnt : max;
}
