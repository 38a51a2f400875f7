/* gazetteer_blob.h: the pre-cut form of the gazetteer that the build embeds (tools/gazetteer_blob.c writes it,
 * src/gazetteer.c reads it): the magic, the numbers of records and of commas as one NUL-terminated field ("138992
 * 261000": capacities, not trusted), then records of PL_GAZETTEER_FIELDS NUL-terminated fields each, in the order
 * of the text format's columns (data/README.md). */
#ifndef PL_GAZETTEER_BLOB_H
#define PL_GAZETTEER_BLOB_H

#define PL_GAZETTEER_FIELDS 10
/* 16 bytes with its NUL; a text file cannot begin with it (no text line holds a NUL) */
#define PL_GAZETTEER_BLOB_MAGIC "\x01parley-gaz-v1\n"

#endif
