/* tools/gazetteer_blob.c: turns data/gazetteer.tsv.gz into the form the library embeds, at build time: inflated,
 * comment lines dropped, and every tab and line end replaced by a NUL, behind the magic PL_GAZETTEER_BLOB_MAGIC
 * and the counts of records and commas (so that the loader sizes its arrays once).
 * The loader then reads the built-in gazetteer in place (names are already NUL-terminated strings of read-only
 * data), with no inflating and no 10 MB copy: that is most of what kept its load above 150 ms.
 *
 *   parley_gazetteer_blob IN.tsv.gz OUT.blob
 *
 * A line without the 10 fields of the format is an error: the committed file is ours and must be whole. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include "gazetteer_blob.h"

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: parley_gazetteer_blob IN.tsv.gz OUT.blob\n");
    return 2;
  }
  gzFile in = gzopen(argv[1], "rb");
  FILE *out = fopen(argv[2], "wb");
  if (!in || !out) {
    fprintf(stderr, "parley_gazetteer_blob: cannot open %s\n", in ? argv[2] : argv[1]);
    return 1;
  }
  char *body = NULL;
  size_t body_len = 0;
  FILE *mem = open_memstream(&body, &body_len);
  if (!mem) return 1;
  static char line[1 << 20];
  unsigned long n = 0, records = 0, commas = 0;
  while (gzgets(in, line, sizeof line)) {
    n++;
    size_t len = strlen(line);
    if (len == sizeof line - 1 && line[len - 1] != '\n') {
      fprintf(stderr, "parley_gazetteer_blob: %s:%lu: line too long\n", argv[1], n);
      return 1;
    }
    while (len && (line[len - 1] == '\n' || line[len - 1] == '\r')) line[--len] = 0;
    if (!len || line[0] == '#') continue;
    size_t fields = 1;
    for (size_t i = 0; i < len; i++) {
      if (line[i] == '\t') {
        line[i] = 0;
        fields++;
      }
      commas += line[i] == ',';
    }
    if (fields != PL_GAZETTEER_FIELDS) {
      fprintf(stderr, "parley_gazetteer_blob: %s:%lu: %zu fields, not %d\n", argv[1], n, fields,
              PL_GAZETTEER_FIELDS);
      return 1;
    }
    fwrite(line, 1, len + 1, mem);
    records++;
  }
  int err = 0;
  gzerror(in, &err);
  if (err != Z_OK && err != Z_STREAM_END) {
    fprintf(stderr, "parley_gazetteer_blob: %s: %s\n", argv[1], gzerror(in, &err));
    return 1;
  }
  gzclose(in);
  if (fclose(mem)) return 1;
  fwrite(PL_GAZETTEER_BLOB_MAGIC, 1, sizeof PL_GAZETTEER_BLOB_MAGIC, out);
  fprintf(out, "%lu %lu", records, commas);
  putc(0, out);
  fwrite(body, 1, body_len, out);
  free(body);
  if (fclose(out) || !records) {
    fprintf(stderr, "parley_gazetteer_blob: cannot write %s (or no place read)\n", argv[2]);
    return 1;
  }
  return 0;
}
