/* Unit tests for src/html.c: article text and metadata from saved pages, and broken pages (unclosed tags,
 * truncated files and gzip streams, bad entities, deep nesting, invalid UTF-8, legacy charsets) that must yield
 * their text plus a warning. The pathological inputs are generated here. */
#include "testutil.h"
#include "html.h"
#include "util/strbuf.h"
#include <parley/parley.h>

#include <ctype.h>
#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

static const char PAGE[] =
    "<!DOCTYPE html><html lang=\"en-GB\"><head><meta charset=\"utf-8\">"
    "<title>Ceasefire talks resume in Geneva | Example News</title>"
    "<meta property=\"og:site_name\" content=\"Example News\">"
    "<meta property=\"article:published_time\" content=\"2024-03-05T10:20:00+01:00\">"
    "<link rel=\"canonical\" href=\"https://www.example.org/world/2024/03/05/talks\">"
    "</head><body>"
    "<header class=\"site-header\"><nav><ul><li><a href=\"/\">Home</a></li><li><a href=\"/w\">World</a></li>"
    "<li><a href=\"/b\">Business</a></li></ul></nav></header>"
    "<div id=\"cookie-banner\">We use cookies to improve your experience. Accept all cookies?</div>"
    "<main><article class=\"story\"><h1>Ceasefire talks resume in Geneva</h1>"
    "<div class=\"byline\">By Jane Doe, March 5, 2024</div>"
    "<div class=\"story-body\">"
    "<p>Diplomats from both countries met in Geneva on Tuesday, officials said, to resume talks on a ceasefire "
    "that collapsed in January.</p>"
    "<figure><img src=\"a.jpg\"><figcaption>Delegates arrive at the Palais des Nations.</figcaption></figure>"
    "<div class=\"slot\"><p>ADVERTISEMENT</p></div>"
    "<p>The meeting, the first since the truce broke down, lasted four hours, according to a statement from "
    "the foreign ministry, which called it constructive.</p>"
    "<h2>Prisoner exchange</h2>"
    "<p>Both sides agreed to exchange lists of prisoners, a step negotiators had sought for months, and to meet "
    "again next week.</p>"
    "<div class=\"share-tools\"><a href=\"#\">Share on Facebook</a> <a href=\"#\">Share on X</a></div>"
    "</div></article></main>"
    "<aside class=\"related\"><h3>Related stories</h3><ul><li><a href=\"/1\">Earlier talks fail in Vienna after "
    "a long night</a></li><li><a href=\"/2\">Who are the negotiators, and what do they want?</a></li></ul></aside>"
    "<footer><p>Copyright 2024 Example News. All rights reserved.</p></footer>"
    "<script>var x = \"<p>not text</p>\";</script></body></html>";

static void extract(const char *buf, size_t len, pl_html_result *r) { assert_int_equal(pl_html_extract(buf, len, r), 0); }

static void article_text_and_metadata(void **state) {
  (void)state;
  pl_html_result r;
  extract(PAGE, sizeof PAGE - 1, &r);
  assert_non_null(strstr(r.text, "Diplomats from both countries met in Geneva on Tuesday"));
  assert_non_null(strstr(r.text, "lasted four hours"));
  assert_non_null(strstr(r.text, "Prisoner exchange"));
  assert_non_null(strstr(r.text, "exchange lists of prisoners"));
  /* reading order: paragraphs as in the page, separated by blank lines */
  assert_true(strstr(r.text, "Diplomats") < strstr(r.text, "four hours"));
  assert_true(strstr(r.text, "four hours") < strstr(r.text, "Prisoner exchange"));
  assert_non_null(strstr(r.text, "January.\n\nThe meeting"));
  /* boilerplate left out */
  const char *bad[] = {"Home", "cookies", "Share on", "Related stories", "Earlier talks", "Copyright",
                       "not text", "Delegates arrive", "Jane Doe", "ADVERTISEMENT"};
  for (size_t i = 0; i < PL_ARRAY_LEN(bad); i++) {
    if (strstr(r.text, bad[i])) fail_msg("boilerplate \"%s\" in: %s", bad[i], r.text);
  }
  assert_string_equal(r.title, "Ceasefire talks resume in Geneva");
  assert_string_equal(r.date, "2024-03-05T10:20:00+01:00");
  assert_string_equal(r.source, "Example News");
  assert_string_equal(r.url, "https://www.example.org/world/2024/03/05/talks");
  assert_string_equal(r.language, "en");
  assert_int_equal(r.warnings, 0);
  assert_int_equal(strlen(r.text), r.text_len);
  pl_html_result_dispose(&r);
}

static char *gzip(const char *s, size_t n, size_t *outlen) {
  uLongf cap = compressBound((uLong)n) + 64;
  char *o = malloc(cap);
  z_stream z;
  memset(&z, 0, sizeof z);
  assert_int_equal(deflateInit2(&z, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY), Z_OK);
  z.next_in = (Bytef *)(uintptr_t)s;
  z.avail_in = (uInt)n;
  z.next_out = (Bytef *)o;
  z.avail_out = (uInt)cap;
  assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
  *outlen = cap - z.avail_out;
  deflateEnd(&z);
  return o;
}

static void gzip_input_and_truncated_gzip(void **state) {
  (void)state;
  size_t gl;
  char *gz = gzip(PAGE, sizeof PAGE - 1, &gl);
  assert_true(pl_html_sniff(gz, gl));
  pl_html_result a, b;
  extract(PAGE, sizeof PAGE - 1, &a);
  extract(gz, gl, &b);
  assert_string_equal(a.text, b.text);
  assert_string_equal(a.title, b.title);
  assert_int_equal(b.warnings, 0);
  pl_html_result_dispose(&b);
  /* cut the compressed stream in the middle: what inflated is kept, with a warning */
  extract(gz, gl * 2 / 3, &b);
  assert_true(b.warnings & PL_HTML_WARN_GZIP);
  assert_true(b.warnings & PL_HTML_WARN_TRUNCATED);
  assert_non_null(strstr(b.text, "Diplomats from both countries"));
  pl_html_result_dispose(&b);
  /* garbage after the magic bytes */
  char junk[64] = "\x1f\x8b\x08\x00garbage garbage garbage";
  extract(junk, sizeof junk, &b);
  assert_true(b.warnings & PL_HTML_WARN_GZIP);
  assert_int_equal(b.text_len, 0);
  pl_html_result_dispose(&b);
  pl_html_result_dispose(&a);
  free(gz);
}

static void sniffs_html_only(void **state) {
  (void)state;
  assert_true(pl_html_sniff("\xEF\xBB\xBF  <!DOCTYPE html>\n<html>", 27));
  assert_true(pl_html_sniff("<!-- saved --><HTML lang=en>", 28));
  assert_true(pl_html_sniff("<html>", 6));
  assert_false(pl_html_sniff("The minister said <b>no</b>.", 28));
  assert_false(pl_html_sniff("{\"id\":1,\"text\":\"<html>\"}", 24));
  assert_false(pl_html_sniff("<htmlx>", 7));
}

static void unclosed_tags(void **state) {
  (void)state;
  const char s[] = "<html><body><div class=\"article-body\"><p>First paragraph, with <b>bold <i>italic text "
                   "that never closes, and more words to pass the threshold.<p>Second paragraph, also long "
                   "enough to count, follows here.</span></div></em><div><p>Third";
  pl_html_result r;
  extract(s, sizeof s - 1, &r);
  assert_true(r.warnings & PL_HTML_WARN_MARKUP);
  assert_true(r.warnings & PL_HTML_WARN_TRUNCATED);
  assert_non_null(strstr(r.text, "First paragraph, with bold italic text"));
  assert_non_null(strstr(r.text, "Second paragraph"));
  pl_html_result_dispose(&r);
}

static void truncated_file(void **state) {
  (void)state;
  size_t cut = (size_t)(strstr(PAGE, "a step negotiators") - PAGE);
  pl_html_result r;
  extract(PAGE, cut, &r);
  assert_true(r.warnings & PL_HTML_WARN_TRUNCATED);
  assert_non_null(strstr(r.text, "lasted four hours"));
  assert_non_null(strstr(r.text, "exchange lists of prisoners"));
  assert_string_equal(r.source, "Example News");
  pl_html_result_dispose(&r);
  /* cut inside a tag */
  cut = (size_t)(strstr(PAGE, "<h2>") - PAGE) + 2;
  extract(PAGE, cut, &r);
  assert_non_null(strstr(r.text, "lasted four hours"));
  pl_html_result_dispose(&r);
}

static void bad_entities(void **state) {
  (void)state;
  const char s[] = "<html><body><article><p>Prices rose 5&percnt; &amp inflation &#xZZ; hit &#0; a high &#99999999; "
                   "&nosuch; in &eacute;t&eacute; &lt;2024&gt;, the bank said on Monday in a statement.</p>"
                   "</article></body></html>";
  pl_html_result r;
  extract(s, sizeof s - 1, &r);
  assert_true(r.warnings & PL_HTML_WARN_ENTITY);
  assert_non_null(strstr(r.text, "Prices rose"));
  assert_non_null(strstr(r.text, "\xC3\xA9t\xC3\xA9 <2024>, the bank said"));
  assert_non_null(strstr(r.text, "hit"));
  assert_non_null(strstr(r.text, "a high"));
  pl_html_result_dispose(&r);
}

static void deep_nesting(void **state) {
  (void)state;
  const size_t depth = 2 * 1000 * 1000; /* 10 MB of "<div>" */
  const char head[] = "<html><body><div class=\"content\"><p>Text before the nesting, long enough to be a "
                      "paragraph, with a comma.</p>";
  size_t n = sizeof head - 1 + depth * 5 + 64;
  char *s = malloc(n);
  memcpy(s, head, sizeof head - 1);
  size_t o = sizeof head - 1;
  for (size_t i = 0; i < depth; i++, o += 5) memcpy(s + o, "<div>", 5);
  o += (size_t)sprintf(s + o, "deep text</body></html>");
  pl_html_result r;
  extract(s, o, &r);
  assert_true(r.warnings & PL_HTML_WARN_DEPTH);
  assert_non_null(strstr(r.text, "Text before the nesting"));
  pl_html_result_dispose(&r);
  /* the same but closed at a depth the parser accepts */
  o = sizeof head - 1;
  for (size_t i = 0; i < 200; i++, o += 5) memcpy(s + o, "<div>", 5);
  o += (size_t)sprintf(s + o, "deep text, inside two hundred divs, still part of the page");
  for (size_t i = 0; i < 200; i++, o += 6) memcpy(s + o, "</div>", 6);
  extract(s, o, &r);
  assert_false(r.warnings & PL_HTML_WARN_DEPTH);
  assert_non_null(strstr(r.text, "deep text"));
  pl_html_result_dispose(&r);
  free(s);
}

static int valid_utf8(const char *s, size_t n) {
  for (size_t i = 0; i < n;) {
    unsigned char c = (unsigned char)s[i];
    size_t k = c < 0x80 ? 1 : c >= 0xC2 && c < 0xE0 ? 2 : c >= 0xE0 && c < 0xF0 ? 3 : c >= 0xF0 && c < 0xF5 ? 4 : 0;
    if (!k || i + k > n) return 0;
    for (size_t j = 1; j < k; j++)
      if (((unsigned char)s[i + j] & 0xC0) != 0x80) return 0;
    i += k;
  }
  return 1;
}

static void invalid_utf8(void **state) {
  (void)state;
  const char s[] = "<html><head><meta charset=\"utf-8\"></head><body><article><p>Caf\xC3\xA9 owners \xFF\xFE "
                   "protested \xC3 on Friday \xED\xA0\x80 saying the new tax, which starts next month, is unfair."
                   "</p></article></body></html>";
  pl_html_result r;
  extract(s, sizeof s - 1, &r);
  assert_true(r.warnings & PL_HTML_WARN_UTF8);
  assert_true(valid_utf8(r.text, r.text_len));
  assert_non_null(strstr(r.text, "Caf\xC3\xA9 owners \xEF\xBF\xBD\xEF\xBF\xBD protested"));
  assert_non_null(strstr(r.text, "is unfair."));
  pl_html_result_dispose(&r);
}

static void legacy_charsets(void **state) {
  (void)state;
  const char latin[] = "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=ISO-8859-1\">"
                       "</head><body><article><p>Caf\xE9 owners in S\xE3o Paulo protested on Friday, saying the "
                       "new tax \x96 which starts next month \x96 is unfair.</p></article></body></html>";
  pl_html_result r;
  extract(latin, sizeof latin - 1, &r);
  assert_non_null(strstr(r.text, "Caf\xC3\xA9 owners in S\xC3\xA3o Paulo"));
  assert_non_null(strstr(r.text, "tax \xE2\x80\x93 which")); /* windows-1252 dash, as browsers read latin-1 */
  assert_int_equal(r.warnings & (PL_HTML_WARN_UTF8 | PL_HTML_WARN_CHARSET), 0);
  pl_html_result_dispose(&r);
  const char cyr[] = "<html><head><meta charset=\"windows-1251\"></head><body><article><p>\xCC\xEE\xF1\xEA\xE2\xE0 "
                     "said on Monday that the talks, which began last week, would go on.</p></article></body></html>";
  extract(cyr, sizeof cyr - 1, &r);
  assert_non_null(strstr(r.text, "\xD0\x9C\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0 said")); /* Москва */
  pl_html_result_dispose(&r);
  const char unknown[] = "<html><head><meta charset=\"x-no-such-charset\"></head><body><article><p>Plain ASCII "
                         "text still comes out, although the charset is unknown to iconv.</p></article></body></html>";
  extract(unknown, sizeof unknown - 1, &r);
  assert_true(r.warnings & PL_HTML_WARN_CHARSET);
  assert_non_null(strstr(r.text, "Plain ASCII text still comes out"));
  pl_html_result_dispose(&r);
  /* undeclared, not UTF-8: read as windows-1252 */
  const char undecl[] = "<html><body><article><p>Caf\xE9 cr\xE8me br\xFBl\xE9" "e, na\xEFve fa\xE7" "ade, "
                        "all served on Sunday at the new place.</p></article></body></html>";
  extract(undecl, sizeof undecl - 1, &r);
  assert_non_null(strstr(r.text, "Caf\xC3\xA9 cr\xC3\xA8me"));
  pl_html_result_dispose(&r);
}

static void dates_in_order_of_trust(void **state) {
  (void)state;
  struct {
    const char *html, *want;
  } cases[] = {
      {"<html><head><script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"datePublished\":"
       "\"2019-11-19T08:03:00-05:00\",\"publisher\":{\"@type\":\"Organization\",\"name\":\"The Daily\"}}</script>"
       "</head><body><time datetime=\"2018-01-01\">x</time></body></html>",
       "2019-11-19T08:03:00-05:00"},
      {"<html><head><meta name=\"pubdate\" content=\"20191119\"><script type=\"application/ld+json\">"
       "{\"@type\":\"NewsArticle\",\"datePublished\":\"2018-01-01\"}</script></head><body></body></html>",
       "2019-11-19"},
      {"<html><body><p>x</p><time datetime=\"2019-11-19 14:30\">Nov 19</time></body></html>", "2019-11-19T14:30"},
      {"<html><head><link rel=\"canonical\" href=\"https://x.org/news/2019/11/19/story.html\"></head>"
       "<body><div class=\"byline\">Updated Jan 3, 2020</div></body></html>",
       "2019-11-19"},
      {"<html><body><div class=\"byline\">By A. Writer | Published 3:04 PM ET, Tue November 19, 2019</div>"
       "</body></html>",
       "2019-11-19"},
      {"<html><body><span class=\"post-date\">19th November 2019 at 10:30 pm</span></body></html>",
       "2019-11-19T22:30"},
      {"<html><head><meta property=\"article:published_time\" content=\"1574150400\"></head></html>",
       "2019-11-19T08:00:00Z"},
      {"<html><head><meta property=\"og:url\" content=\"https://www.x.com/ohio/statements/2019/nov/18/claim/\">"
       "</head></html>",
       "2019-11-18"},
      {"<html><head><script type=\"application/ld+json\">{\"@graph\":[{\"@type\":\"WebPage\",\"datePublished\":"
       "\"2018-04-18T14:39:09+02:00\"}]}</script></head></html>",
       "2018-04-18T14:39:09+02:00"},
      {"<html><body><p>No date anywhere on 32 Foo 2019.</p></body></html>", NULL},
  };
  for (size_t i = 0; i < PL_ARRAY_LEN(cases); i++) {
    pl_html_result r;
    extract(cases[i].html, strlen(cases[i].html), &r);
    if (cases[i].want) {
      if (!r.date || strcmp(r.date, cases[i].want)) fail_msg("case %zu: date %s, want %s", i, r.date, cases[i].want);
    } else
      assert_null(r.date);
    if (i == 0) assert_string_equal(r.source, "The Daily");
    if (i == 3) assert_string_equal(r.source, "x.org");
    pl_html_result_dispose(&r);
  }
}

static void outlet_and_language(void **state) {
  (void)state;
  const char page[] =
      "<html lang=\"en\"><head><meta property=\"og:site_name\" content=\"LinkNaija | Nigeria's news platform\">"
      "</head><body><article><p>Die Regierung hat am Montag mitgeteilt, dass die Grenze nicht wieder ge\xC3\xB6" "ffnet "
      "wird. Der Minister sagte, dass die Lage mit den Nachbarn und in der Region sich nicht ver\xC3\xA4ndert habe, "
      "und dass die Gespr\xC3\xA4" "che auf dem Gipfel zu keinem Ergebnis gef\xC3\xBChrt h\xC3\xA4tten. Das ist "
      "nicht das erste Mal, dass die Verhandlungen mit dem Nachbarland ohne Einigung zu Ende gehen.</p></article>"
      "</body></html>";
  pl_html_result r;
  extract(page, sizeof page - 1, &r);
  assert_string_equal(r.source, "LinkNaija");
  assert_string_equal(r.language, "de"); /* the text outranks the template's lang="en" */
  pl_html_result_dispose(&r);
  const char handle[] = "<html><head><meta property=\"og:site_name\" content=\"@politifact\">"
                        "<link rel=\"canonical\" href=\"https://www.politifact.com/a/b\"></head></html>";
  extract(handle, sizeof handle - 1, &r);
  assert_string_equal(r.source, "politifact.com");
  pl_html_result_dispose(&r);
}

/* Nested <article>s: teasers inside the story are left out; a lone nested <article> is the story's wrapper. */
static void nested_articles(void **state) {
  (void)state;
  char page[8192];
  const char *teaser = "A long teaser paragraph about another story, which has commas, clauses, and enough words, "
                       "so that it scores like real text, even though it only advertises a different article.";
  int n = snprintf(page, sizeof page,
                   "<html><body><article class=\"post\"><h1>Main</h1><p>The real story: the council voted on "
                   "Tuesday, after a long debate, to close the old bridge, which engineers had called unsafe.</p>"
                   "<section><article class=\"post\"><p>%s</p></article><article class=\"post\"><p>%s</p></article>"
                   "<article class=\"post\"><p>%s</p></article></section></article></body></html>",
                   teaser, teaser, teaser);
  pl_html_result r;
  extract(page, (size_t)n, &r);
  assert_non_null(strstr(r.text, "The real story"));
  assert_null(strstr(r.text, "A long teaser"));
  pl_html_result_dispose(&r);
  n = snprintf(page, sizeof page,
               "<html><body><article id=\"outer\"><article id=\"inner\"><p>The real story: the council voted on "
               "Tuesday, after a long debate, to close the old bridge, which engineers had called unsafe.</p>"
               "<p>%s</p></article></article></body></html>",
               teaser);
  extract(page, (size_t)n, &r);
  assert_non_null(strstr(r.text, "The real story"));
  assert_non_null(strstr(r.text, "A long teaser"));
  pl_html_result_dispose(&r);
}

/* A page that renders its story with scripts: the markup holds a teaser, JSON-LD holds the article. */
static void jsonld_body_when_markup_is_empty(void **state) {
  (void)state;
  char page[4096];
  const char *para = "The central bank raised its main rate by half a point on Thursday, its third increase this year, "
                     "saying inflation was still too high. ";
  int n = snprintf(page, sizeof page,
                   "<html><head><script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"articleBody\":"
                   "\"<p>%s%s%s</p><p>Markets &amp; banks %s%s</p>\"}</script></head><body><div id=\"app\">"
                   "<p>Loading the story, please wait.</p></div></body></html>",
                   para, para, para, para, para);
  pl_html_result r;
  extract(page, (size_t)n, &r);
  assert_non_null(strstr(r.text, "The central bank raised its main rate"));
  assert_non_null(strstr(r.text, "too high.\n\nMarkets & banks The central"));
  assert_null(strstr(r.text, "Loading the story"));
  pl_html_result_dispose(&r);
}

/* No shared state: two threads extracting at once get what one thread gets (broken pages included, since the
 * error hook is per thread). */
static void *extract_loop(void *arg) {
  const char *want = arg;
  const char broken[] = "<html><body><div><p>Unclosed, &#xZZ; bad, and cut";
  for (int i = 0; i < 40; i++) {
    pl_html_result r, b;
    if (pl_html_extract(PAGE, sizeof PAGE - 1, &r)) return (void *)"oom";
    if (pl_html_extract(broken, sizeof broken - 1, &b)) return (void *)"oom";
    int ok = !strcmp(r.text, want) && r.warnings == 0 && (b.warnings & PL_HTML_WARN_ENTITY);
    pl_html_result_dispose(&r);
    pl_html_result_dispose(&b);
    if (!ok) return (void *)"different result";
  }
  return NULL;
}

static void two_threads(void **state) {
  (void)state;
  pl_html_result r;
  extract(PAGE, sizeof PAGE - 1, &r);
  pthread_t t[2];
  for (int i = 0; i < 2; i++) assert_int_equal(pthread_create(&t[i], NULL, extract_loop, r.text), 0);
  for (int i = 0; i < 2; i++) {
    void *res;
    assert_int_equal(pthread_join(t[i], &res), 0);
    if (res) fail_msg("thread %d: %s", i, (const char *)res);
  }
  pl_html_result_dispose(&r);
}

static void empty_and_tiny_inputs(void **state) {
  (void)state;
  const char *in[] = {"", "<", "<html>", "\x1f\x8b", "<!--", "<p>hi", "&", "<script>", "\xEF\xBB\xBF"};
  for (size_t i = 0; i < PL_ARRAY_LEN(in); i++) {
    pl_html_result r;
    extract(in[i], strlen(in[i]), &r);
    assert_non_null(r.text);
    assert_int_equal(strlen(r.text), r.text_len);
    pl_html_result_dispose(&r);
  }
  pl_html_result_dispose(NULL);
}

static void count_diag(const parley_diag *d, void *payload) {
  if (d->level == PARLEY_DIAG_WARNING) (*(int *)payload)++;
}

/* The reader takes HTML by content (plain and gzip) and hands the article to the text pipeline. */
static void reader_reads_html(void **state) {
  (void)state;
  int warnings = 0;
  parley_reader_options o = PARLEY_READER_OPTIONS_INIT;
  o.diag = count_diag;
  o.diag_payload = &warnings;
  parley_reader *r;
  assert_int_equal(parley_reader_new(&r, &o), PARLEY_OK);
  size_t gl;
  char *gz = gzip(PAGE, sizeof PAGE - 1, &gl);
  assert_int_equal(parley_reader_add_buffer(r, "talks.html", PAGE, sizeof PAGE - 1), PARLEY_OK);
  assert_int_equal(parley_reader_add_buffer(r, "talks.html.gz", gz, gl), PARLEY_OK);
  const char broken[] = "<html><body><div><p>The army said on Monday, in a statement, that the border was closed";
  assert_int_equal(parley_reader_add_buffer(r, "broken.html", broken, sizeof broken - 1), PARLEY_OK);
  const parley_article *a;
  for (int i = 0; i < 2; i++) {
    assert_int_equal(parley_reader_next(r, &a), PARLEY_OK);
    assert_string_equal(a->id, "talks");
    assert_string_equal(a->title, "Ceasefire talks resume in Geneva");
    assert_string_equal(a->date, "2024-03-05");
    assert_string_equal(a->source, "Example News");
    assert_string_equal(a->language, "en");
    assert_non_null(strstr(a->text, "Diplomats from both countries"));
    assert_null(strstr(a->text, "Share on"));
    parley_doc *doc;
    assert_int_equal(parley_doc_new(&doc), PARLEY_OK);
    assert_int_equal(parley_doc_process(doc, a), PARLEY_OK);
    size_t ns;
    const parley_sentence *s = parley_doc_sentences(doc, &ns);
    assert_int_equal(ns, 3); /* the cleaner drops the sub-heading line */
    const parley_article *da = parley_doc_article(doc);
    assert_int_equal(strncmp(da->text + s[0].start, "Diplomats from both countries", 29), 0);
    assert_int_equal(strncmp(da->text + s[2].start, "Both sides agreed", 17), 0);
    parley_doc_free(doc);
  }
  assert_int_equal(warnings, 0);
  assert_int_equal(parley_reader_next(r, &a), PARLEY_OK);
  assert_non_null(strstr(a->text, "the border was closed"));
  assert_true(warnings >= 1); /* truncated page */
  assert_int_equal(parley_reader_next(r, &a), PARLEY_EDONE);
  parley_reader_free(r);
  free(gz);
}

/* Whole-corpus check with a simple tokenizer (ASCII lower-casing, non-ASCII bytes kept): the exact ICU scoring is
 * bench/bench_extract.c. */
static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static size_t words(const char *s, char ***out, char **pool) {
  size_t n = strlen(s), k = 0;
  *pool = malloc(n + 1);
  *out = malloc((n / 2 + 1) * sizeof **out);
  size_t o = 0;
  for (size_t i = 0; i < n;) {
    while (i < n && (unsigned char)s[i] < 0x80 && !isalnum((unsigned char)s[i])) i++;
    if (i >= n) break;
    (*out)[k++] = *pool + o;
    while (i < n && ((unsigned char)s[i] >= 0x80 || isalnum((unsigned char)s[i])))
      (*pool)[o++] = (char)tolower((unsigned char)s[i++]);
    (*pool)[o++] = '\0';
  }
  qsort(*out, k, sizeof **out, cmp);
  return k;
}

static void corpus_f1(void **state) {
  (void)state;
  const char *dir = tu_shared_or_skip("corpora/article-extraction/ground-truth.json");
  json_error_t err;
  json_t *gt = json_load_file(dir, 0, &err);
  assert_non_null(gt);
  const char *key;
  json_t *v;
  double sum = 0;
  size_t pages = 0;
  json_object_foreach(gt, key, v) {
    char path[4096];
    snprintf(path, sizeof path, "%s", tu_shared_path("corpora/article-extraction/html"));
    size_t pl = strlen(path);
    snprintf(path + pl, sizeof path - pl, "/%s.html.gz", key);
    size_t len;
    char *gz = tu_read_file(path, &len);
    assert_non_null(gz);
    pl_html_result r;
    extract(gz, len, &r);
    char **a, **b, *pa, *pb;
    size_t na = words(json_string_value(json_object_get(v, "articleBody")), &a, &pa);
    size_t nb = words(r.text, &b, &pb);
    size_t i = 0, j = 0, c = 0;
    while (i < na && j < nb) {
      int d = strcmp(a[i], b[j]);
      if (!d) c++, i++, j++;
      else if (d < 0) i++;
      else j++;
    }
    double p = nb ? (double)c / (double)nb : 0, rc = na ? (double)c / (double)na : 0;
    sum += p + rc > 0 ? 2 * p * rc / (p + rc) : 0;
    pages++;
    free(a), free(b), free(pa), free(pb), free(gz);
    pl_html_result_dispose(&r);
  }
  json_decref(gt);
  print_message("mean F1 over %zu pages: %.4f\n", pages, sum / (double)pages);
  assert_int_equal(pages, 181);
  assert_true(sum / (double)pages >= 0.96);
}

/* Issue 17: a text run past libxml2's 10,000,000 bytes stopped the parser silently; now it is a warning. */
static void huge_text_run_is_warned(void **state) {
  (void)state;
  pl_strbuf sb = PL_STRBUF_INIT;
  pl_strbuf_puts(&sb, "<html><body><p>");
  for (size_t i = 0; i < 11u * 1000 * 1000 / 50; i++)
    pl_strbuf_puts(&sb, "Iran condemned Israel in a statement on Monday. ");
  pl_strbuf_puts(&sb, "</p><p>The tail paragraph of the page.</p></body></html>");
  assert_false(sb.failed);
  pl_html_result r;
  extract(sb.ptr, sb.len, &r);
  assert_true(r.warnings & PL_HTML_WARN_HUGE_TEXT);
  pl_html_result_dispose(&r);
  pl_strbuf_dispose(&sb);
}

/* Issue 17: libxml2 checks each attribute against the earlier ones of its element (quadratic); the surplus over
 * the limit is dropped before parsing, with a warning, and the page's text survives. */
static void surplus_attributes_are_dropped(void **state) {
  (void)state;
  pl_strbuf sb = PL_STRBUF_INIT;
  pl_strbuf_puts(&sb, "<html><body><div class=\"story\"");
  for (int i = 0; i < 3000; i++) pl_strbuf_printf(&sb, " data-a%d='v>%d'", i, i);
  pl_strbuf_puts(&sb, "><p>Iran condemned Israel in a statement issued on Monday evening.</p></div>"
                      "<script>var s = '<a b c d>';</script></body></html>");
  pl_html_result r;
  extract(sb.ptr, sb.len, &r);
  assert_true(r.warnings & PL_HTML_WARN_ATTRIBUTES);
  assert_non_null(strstr(r.text, "Iran condemned Israel"));
  assert_null(strstr(r.text, "v>")); /* a '>' inside a quoted value ends no tag */
  pl_html_result_dispose(&r);
  pl_strbuf_dispose(&sb);
  /* at the limit nothing is dropped */
  pl_strbuf_puts(&sb, "<html><body><div");
  for (int i = 0; i < PARLEY_MAX_ELEMENT_ATTRIBUTES; i++) pl_strbuf_printf(&sb, " a%d=v", i);
  pl_strbuf_puts(&sb, "><p>Iran condemned Israel in a statement issued on Monday evening.</p></div></body></html>");
  extract(sb.ptr, sb.len, &r);
  assert_false(r.warnings & PL_HTML_WARN_ATTRIBUTES);
  pl_html_result_dispose(&r);
  pl_strbuf_dispose(&sb);
}

/* Issue 17: a ten-digit number in a date field overflowed int (UBSan); it is no date. */
static void date_numbers_do_not_overflow(void **state) {
  (void)state;
  static const char *const pages[] = {
      "<html><head><meta name=\"date\" content=\"5555555555\"></head><body><p>Text of the page.</p></body></html>",
      "<html><head><meta name=\"date\" content=\"9999999999999\"></head><body><p>Text.</p></body></html>",
  };
  for (size_t i = 0; i < sizeof pages / sizeof *pages; i++) {
    pl_html_result r;
    extract(pages[i], strlen(pages[i]), &r);
    assert_null(r.date);
    pl_html_result_dispose(&r);
  }
  const char ok[] = "<html><head><meta name=\"date\" content=\"1700000000\"></head><body><p>T.</p></body></html>";
  pl_html_result r;
  extract(ok, sizeof ok - 1, &r);
  assert_non_null(r.date);
  assert_int_equal(strncmp(r.date, "2023-11-14", 10), 0);
  pl_html_result_dispose(&r);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(article_text_and_metadata), cmocka_unit_test(gzip_input_and_truncated_gzip),
      cmocka_unit_test(sniffs_html_only),          cmocka_unit_test(unclosed_tags),
      cmocka_unit_test(truncated_file),            cmocka_unit_test(bad_entities),
      cmocka_unit_test(deep_nesting),              cmocka_unit_test(invalid_utf8),
      cmocka_unit_test(legacy_charsets),           cmocka_unit_test(dates_in_order_of_trust),
      cmocka_unit_test(empty_and_tiny_inputs),     cmocka_unit_test(reader_reads_html),
      cmocka_unit_test(outlet_and_language),       cmocka_unit_test(nested_articles),
      cmocka_unit_test(two_threads),       cmocka_unit_test(jsonld_body_when_markup_is_empty),
      cmocka_unit_test(corpus_f1),         cmocka_unit_test(huge_text_run_is_warned),
      cmocka_unit_test(surplus_attributes_are_dropped), cmocka_unit_test(date_numbers_do_not_overflow),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
