/* fuzz/query_fuzzer.c: the query-string parsing of `parley serve` (server/params.c) on arbitrary bytes: decoding,
 * then validation into a store filter for each endpoint's parameter set. What passes must be what the store
 * expects: valid dates, actor codes of capitals and digits, a bounded limit. */
#include "server.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static const unsigned sets[] = {0, SRV_P_PAGE, SRV_P_BY, SRV_P_LIMIT};
  for (size_t k = 0; k < sizeof sets / sizeof sets[0]; k++) {
    srv_query q;
    srv_error err = {NULL, ""};
    if (srv_query_parse(&q, (const char *)data, size, &err)) {
      if (!err.msg[0] || q.n) abort();
      srv_query_free(&q);
      continue;
    }
    if (q.n > SRV_MAX_PARAMS) abort();
    srv_filter f;
    if (srv_filter_parse(&f, &q, sets[k], &err) == 0) {
      const parley_store_filter *s = &f.f;
      if (f.limit < 1 || f.limit > SRV_MAX_LIMIT) abort();
      if (s->from && !srv_valid_date(s->from, 1)) abort();
      if (s->to && !srv_valid_date(s->to, 1)) abort();
      if (s->quad_class < 0 || s->quad_class > 4) abort();
      const char *codes[] = {s->source, s->target};
      for (size_t i = 0; i < 2; i++)
        if (codes[i] && strspn(codes[i], "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") != strlen(codes[i])) abort();
      if (s->code && strspn(s->code, "0123456789") != strlen(s->code)) abort();
      if (s->after_id < 0) abort();
    } else if (!err.msg[0]) {
      abort();
    }
    srv_query_free(&q);
  }
  return 0;
}
