/* validate.c: runs PETRARCH/TABARI validation files (sentences with gold codings) through parley's coder from the
 * raw text, so parley is measured on the same records those coders were built against. */
#include "util/strbuf.h"
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <parley/coder.h>
#include <parley/doc.h>
#include <parley/lexicon.h>
#include <parley/validate.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static void report(parley_diag_fn diag, void *payload, const char *file, int level, int code, const char *msg) {
  if (!diag) return;
  parley_diag d = {(parley_diag_level)level, code, file, 0, 0, 0, msg};
  diag(&d, payload);
}

static const xmlNode *child(const xmlNode *n, const char *name) {
  for (const xmlNode *c = n ? n->children : NULL; c; c = c->next)
    if (c->type == XML_ELEMENT_NODE && !strcmp((const char *)c->name, name)) return c;
  return NULL;
}

static int file_exists(const char *p) {
  struct stat st;
  return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

/* Finds a dictionary named in <Environment> beside the validation file or in ../dictionaries. */
static int dict_path(char *out, size_t cap, const char *dict_dir, const char *xml_path, const char *name) {
  if (dict_dir) {
    snprintf(out, cap, "%s/%s", dict_dir, name);
    return file_exists(out);
  }
  const char *slash = strrchr(xml_path, '/');
  int dirlen = slash ? (int)(slash - xml_path) : 1;
  const char *dir = slash ? xml_path : ".";
  snprintf(out, cap, "%.*s/%s", dirlen, dir, name);
  if (file_exists(out)) return 1;
  snprintf(out, cap, "%.*s/../dictionaries/%s", dirlen, dir, name);
  return file_exists(out);
}

static int load_dicts(parley_lexicon *lex, const xmlNode *env, const char *dict_dir, const char *xml_path,
                      parley_diag_fn diag, void *dp) {
  static const struct {
    const char *tag;
    parley_dict_format format;
  } kinds[] = {{"Verbfile", PARLEY_DICT_PETRARCH_VERBS},
               {"Actorfile", PARLEY_DICT_PETRARCH_ACTORS},
               {"Agentfile", PARLEY_DICT_PETRARCH_AGENTS},
               {"Discardfile", PARLEY_DICT_PETRARCH_DISCARDS}};
  for (const xmlNode *c = env ? env->children : NULL; c; c = c->next) {
    if (c->type != XML_ELEMENT_NODE) continue;
    for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
      if (strcmp((const char *)c->name, kinds[k].tag)) continue;
      xmlChar *name = xmlNodeGetContent(c);
      char path[4096], msg[4200];
      int found = name && dict_path(path, sizeof path, dict_dir, xml_path, (const char *)name);
      if (!found) {
        snprintf(msg, sizeof msg, "dictionary %s named in <Environment> not found", name ? (char *)name : "?");
        report(diag, dp, xml_path, PARLEY_DIAG_ERROR, PARLEY_ENOTFOUND, msg);
        xmlFree(name);
        continue;
      }
      xmlFree(name);
      int rc = parley_lexicon_add_file_format(lex, path, kinds[k].format);
      if (rc != PARLEY_OK) return rc;
    }
  }
  return PARLEY_OK;
}

/* Sorted "SRC TGT CODE" lines joined by "; " so two sets compare as strings. */
static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static char *join_sorted(char **items, size_t n) {
  qsort(items, n, sizeof *items, cmp_str);
  pl_strbuf sb = PL_STRBUF_INIT;
  size_t kept = 0;
  for (size_t i = 0; i < n; i++) {
    if (i && !strcmp(items[i], items[i - 1])) continue; /* a set: duplicates count once */
    if (kept++) pl_strbuf_puts(&sb, "; ");
    pl_strbuf_puts(&sb, items[i]);
  }
  if (!kept) pl_strbuf_puts(&sb, "noevents");
  return pl_strbuf_detach(&sb, NULL);
}

static char *attr(const xmlNode *n, const char *name) { return (char *)xmlGetProp(n, (const xmlChar *)name); }

/* Gold codes may carry quotes or be written with stray spaces: compare the bare code. */
static void clean_code(char *s) {
  char *w = s;
  for (char *r = s; *r; r++)
    if (*r != '"' && *r != '\'' && *r != ' ') *w++ = *r;
  *w = '\0';
}

int parley_validate_run(parley_validate_summary *out, const char *xml_path, const char *dict_dir,
                        unsigned coder_flags, parley_validate_fn cb, void *payload, parley_diag_fn diag, void *dp) {
  memset(out, 0, sizeof *out);
  int rc = PARLEY_OK;
  parley_lexicon *lex = NULL;
  parley_doc *doc = NULL;
  parley_coder *coder = NULL;
  xmlDoc *xml = xmlReadFile(xml_path, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_RECOVER);
  const xmlNode *root = xml ? xmlDocGetRootElement(xml) : NULL;
  if (!root) {
    report(diag, dp, xml_path, PARLEY_DIAG_ERROR, PARLEY_EPARSE, "not a readable XML validation file");
    rc = PARLEY_EPARSE;
    goto done;
  }
  parley_lexicon_options lo = PARLEY_LEXICON_OPTIONS_INIT;
  lo.diag = diag;
  lo.diag_payload = dp;
  if ((rc = parley_lexicon_new(&lex, &lo)) != PARLEY_OK) goto done;
  if ((rc = load_dicts(lex, child(root, "Environment"), dict_dir, xml_path, diag, dp)) != PARLEY_OK) goto done;
  if ((rc = parley_lexicon_compile(lex)) != PARLEY_OK) goto done;
  if ((rc = parley_doc_new(&doc)) != PARLEY_OK) goto done;
  parley_coder_options co = PARLEY_CODER_OPTIONS_INIT;
  co.flags = coder_flags;
  if ((rc = parley_coder_new(&coder, lex, &co)) != PARLEY_OK) goto done;
  const xmlNode *sents = child(root, "Sentences");
  for (const xmlNode *s = sents ? sents->children : NULL; s && rc == PARLEY_OK; s = s->next) {
    if (s->type != XML_ELEMENT_NODE || strcmp((const char *)s->name, "Sentence")) continue;
    char *id = attr(s, "id"), *cat = attr(s, "category"), *date = attr(s, "date");
    const xmlNode *tn = child(s, "Text");
    xmlChar *text = tn ? xmlNodeGetContent(tn) : NULL;
    char *gold[64], *coded[64];
    size_t ng = 0, nc = 0;
    int noevents = 0;
    for (const xmlNode *e = s->children; e; e = e->next) {
      if (e->type != XML_ELEMENT_NODE || strcmp((const char *)e->name, "EventCoding")) continue;
      char *ne = attr(e, "noevents");
      if (ne) {
        noevents = 1;
        xmlFree(ne);
        continue;
      }
      char *sc = attr(e, "sourcecode"), *tc = attr(e, "targetcode"), *ec = attr(e, "eventcode");
      if (sc && tc && ec && ng < 64) {
        clean_code(sc);
        clean_code(tc);
        clean_code(ec);
        size_t len = strlen(sc) + strlen(tc) + strlen(ec) + 3;
        gold[ng] = malloc(len);
        if (gold[ng]) snprintf(gold[ng++], len, "%s %s %s", sc, tc, ec);
      }
      xmlFree(sc);
      xmlFree(tc);
      xmlFree(ec);
    }
    out->records++;
    int has_gold = ng > 0 || noevents;
    /* flatten the text: validation files wrap sentences over lines */
    char *flat = text ? strdup((const char *)text) : strdup("");
    if (flat)
      for (char *p = flat; *p; p++)
        if (*p == '\n' || *p == '\r' || *p == '\t') *p = ' ';
    char iso[11] = "";
    if (date && strlen(date) == 8) snprintf(iso, sizeof iso, "%.4s-%.2s-%.2s", date, date + 4, date + 6);
    parley_article art = {0};
    art.id = id ? id : "?";
    art.date = iso[0] ? iso : NULL;
    art.text = flat ? flat : "";
    art.text_len = strlen(art.text);
    art.file = xml_path;
    rc = parley_doc_process(doc, &art);
    if (rc == PARLEY_OK) rc = parley_coder_code(coder, doc);
    const parley_event *ev;
    while (rc == PARLEY_OK && parley_coder_next_event(coder, &ev) == PARLEY_OK && nc < 64) {
      size_t len = strlen(ev->source.code) + strlen(ev->target.code) + strlen(ev->cameo) + 3;
      coded[nc] = malloc(len);
      if (coded[nc]) snprintf(coded[nc++], len, "%s %s %s", ev->source.code, ev->target.code, ev->cameo);
    }
    char *exp = join_sorted(gold, ng), *got = join_sorted(coded, nc);
    int passed = has_gold && exp && got && !strcmp(exp, got);
    if (has_gold) out->with_gold++;
    if (passed) out->passed++;
    if (cb && rc == PARLEY_OK) {
      parley_validate_record rec = {art.id, cat ? cat : "", has_gold, passed, exp ? exp : "", got ? got : "",
                                    art.text, parley_coder_explain(coder)};
      cb(&rec, payload);
    }
    free(exp);
    free(got);
    for (size_t i = 0; i < ng; i++) free(gold[i]);
    for (size_t i = 0; i < nc; i++) free(coded[i]);
    free(flat);
    xmlFree(text);
    xmlFree(id);
    xmlFree(cat);
    xmlFree(date);
  }
done:
  parley_coder_free(coder);
  parley_doc_free(doc);
  parley_lexicon_free(lex);
  if (xml) xmlFreeDoc(xml);
  return rc;
}
