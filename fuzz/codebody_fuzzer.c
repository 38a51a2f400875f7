/* fuzz/codebody_fuzzer.c: the body of POST /api/code (server/body.c) on arbitrary bytes. The first byte picks the
 * media type and a query string; a body that is accepted must name text within the request and a valid date. */
#include "server.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1) return 0;
  static const char *const types[] = {"application/json", "text/plain", "text/html; charset=utf-8",
                                      "application/JSON;x=1", "image/png", NULL, "text/plain", "application/json"};
  static const char *const queries[] = {"", "date=2024-12-02", "explain=0", "date=2024-02-30", "x=1"};
  const char *ctype = types[data[0] & 7];
  const char *qs = queries[(data[0] >> 3) % 5];
  srv_query q;
  srv_error err = {NULL, ""};
  if (srv_query_parse(&q, qs, strlen(qs), &err)) abort();
  /* a copy of exactly size-1 bytes, so that the sanitizers see any read past the body */
  char *body = malloc(size);
  if (!body) return 0;
  memcpy(body, data + 1, size - 1);
  srv_code_request r;
  int status = 0;
  if (srv_code_request_parse(&r, ctype, body, size - 1, &q, &status, &err) == 0) {
    if (status != 200 || !r.text || r.len == 0) abort();
    if (r.input != SRV_INPUT_TEXT && r.input != SRV_INPUT_HTML) abort();
    if (r.date[0] && !srv_valid_date(r.date, 0)) abort();
    volatile char last = r.text[r.len - 1];
    (void)last;
  } else if ((status != 400 && status != 415) || !err.msg[0]) {
    abort();
  }
  srv_code_request_free(&r);
  free(body);
  srv_query_free(&q);
  return 0;
}
