/* tools/isocodes.c: build-time generator of the country actors. Reads Debian's iso-codes ISO 3166-1 JSON and writes
 * an [actors] section in parley's dictionary format: each country's usual names (common name, short name, official
 * name, "Korea, Republic of" turned into "Republic of Korea") with its alpha-3 code, which is the CAMEO country code.
 * Nothing from iso-codes is kept in the repository; the output lives in the build tree.
 *
 * usage: isocodes ISO_3166-1.json OUT.txt   (a missing JSON file gives an empty section and a warning) */
#include <ctype.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAXN 16

typedef struct country {
  char code[4];
  char names[MAXN][160];
  size_t n;
  char precomma[160];
} country;

static void add(country *c, const char *s) {
  char buf[160];
  size_t n = strlen(s);
  while (n && isspace((unsigned char)*s)) s++, n--;
  while (n && isspace((unsigned char)s[n - 1])) n--;
  if (!n || n >= sizeof buf || c->n >= MAXN) return;
  memcpy(buf, s, n);
  buf[n] = 0;
  /* the format's field and list separators cannot appear inside a name */
  if (strpbrk(buf, "|;#")) return;
  for (size_t i = 0; i < c->n; i++)
    if (!strcasecmp(c->names[i], buf)) return;
  memcpy(c->names[c->n++], buf, n + 1);
  if (!strncmp(buf, "The ", 4) || !strncmp(buf, "the ", 4)) add(c, buf + 4);
}

static int ends_with(const char *s, const char *suf) {
  size_t a = strlen(s), b = strlen(suf);
  return a >= b && !strcmp(s + a - b, suf);
}

/* "Cocos (Keeling) Islands" -> "Cocos Islands"; "Holy See (Vatican City State)" -> also "Vatican City State" */
static void add_without_parens(country *c, const char *s) {
  const char *o = strchr(s, '('), *cl = o ? strchr(o, ')') : NULL;
  if (!o || !cl) {
    add(c, s);
    return;
  }
  char out[160], inner[160];
  size_t a = (size_t)(o - s), in = (size_t)(cl - o - 1);
  if (a >= sizeof out || in >= sizeof inner) return;
  memcpy(out, s, a);
  out[a] = 0;
  while (a && out[a - 1] == ' ') out[--a] = 0;
  const char *rest = cl + 1;
  if (*rest && strlen(out) + strlen(rest) < sizeof out) strcat(out, rest);
  add(c, out);
  memcpy(inner, o + 1, in);
  inner[in] = 0;
  if (!strstr(inner, "part") && !*rest) add(c, inner);
}

static void add_name(country *c, const char *s) {
  const char *comma = strstr(s, ", ");
  if (!comma) {
    add_without_parens(c, s);
    return;
  }
  char head[160], tail[160], out[330];
  size_t h = (size_t)(comma - s);
  if (h >= sizeof head || strlen(comma + 2) >= sizeof tail) return;
  memcpy(head, s, h);
  head[h] = 0;
  strcpy(tail, comma + 2);
  if (ends_with(tail, " of") || ends_with(tail, " of the")) {
    snprintf(out, sizeof out, "%s %s", tail, head); /* Korea, Republic of -> Republic of Korea */
    add(c, out);
  } else if (!strchr(tail, ' ')) {
    snprintf(out, sizeof out, "%s %s", tail, head); /* Virgin Islands, British -> British Virgin Islands */
    add(c, out);
  }
  snprintf(c->precomma, sizeof c->precomma, "%s", head);
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: isocodes ISO_3166-1.json OUT.txt\n");
    return 2;
  }
  FILE *out = fopen(argv[2], "w");
  if (!out) {
    perror(argv[2]);
    return 1;
  }
  fprintf(out, "# Countries and territories, generated at build time from Debian's iso-codes (%s).\n"
               "# Do not edit: names added by hand belong in data/*.txt.\n[actors]\n",
          argv[1]);
  json_error_t err;
  json_t *root = json_load_file(argv[1], 0, &err);
  if (!root) {
    fprintf(stderr, "isocodes: warning: cannot read %s (%s): no country actors from iso-codes\n", argv[1], err.text);
    fclose(out);
    return 0;
  }
  json_t *list = json_object_get(root, "3166-1");
  size_t n = json_array_size(list);
  country *cs = calloc(n ? n : 1, sizeof *cs);
  if (!cs) return 1;
  size_t nc = 0;
  for (size_t i = 0; i < n; i++) {
    json_t *e = json_array_get(list, i);
    const char *a3 = json_string_value(json_object_get(e, "alpha_3"));
    const char *name = json_string_value(json_object_get(e, "name"));
    const char *off = json_string_value(json_object_get(e, "official_name"));
    const char *common = json_string_value(json_object_get(e, "common_name"));
    if (!a3 || strlen(a3) != 3 || !name) continue;
    country *c = &cs[nc++];
    memcpy(c->code, a3, 4);
    if (common) add(c, common);
    add_name(c, name);
    if (off) add_name(c, off);
  }
  /* "Iran" (before the comma) is a name only when no other country shares it ("Korea", "Congo") */
  for (size_t i = 0; i < nc; i++) {
    if (!cs[i].precomma[0]) continue;
    int clash = 0;
    for (size_t j = 0; j < nc && !clash; j++) {
      if (j == i) continue;
      if (!strcasecmp(cs[j].precomma, cs[i].precomma)) clash = 1;
      for (size_t k = 0; k < cs[j].n && !clash; k++)
        if (!strcasecmp(cs[j].names[k], cs[i].precomma)) clash = 1;
    }
    if (!clash) add(&cs[i], cs[i].precomma);
  }
  for (size_t i = 0; i < nc; i++) {
    if (!cs[i].n) continue;
    for (size_t k = 0; k < cs[i].n; k++) fprintf(out, "%s%s", k ? "; " : "", cs[i].names[k]);
    fprintf(out, " | %s\n", cs[i].code);
  }
  free(cs);
  json_decref(root);
  if (fclose(out)) return 1;
  return 0;
}
