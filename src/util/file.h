/* util/file.h: reads a whole stream into memory (dictionaries, models, gazetteers, treebanks). */
#ifndef PL_FILE_H
#define PL_FILE_H
#include <stddef.h>
#include <stdio.h>

/* Reads f to its end into a malloc'd buffer (*buf, *len; one spare byte after the data, and malloc's alignment).
 * max (0 = none) bounds the size. Returns PARLEY_OK, PARLEY_EIO (read error), PARLEY_ENOMEM or PARLEY_EPARSE
 * (larger than max); on error *buf is NULL. The stream stays open. */
int pl_read_stream(FILE *f, size_t max, char **buf, size_t *len);
#endif
