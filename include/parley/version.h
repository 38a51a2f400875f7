/* parley/version.h: the library's version, at compile time and at run time. */
#ifndef PARLEY_VERSION_H
#define PARLEY_VERSION_H
#include "export.h"
#define PARLEY_VERSION "0.1.0"
#define PARLEY_VERSION_NUMBER 0x000100 /* 0xMMmmpp */
#ifdef __cplusplus
extern "C" {
#endif
/* Returns PARLEY_VERSION_NUMBER of the linked library. */
PARLEY_EXPORT int parley_version(void);
/* Returns PARLEY_VERSION of the linked library; static string. */
PARLEY_EXPORT const char *parley_version_string(void);
#ifdef __cplusplus
}
#endif
#endif
