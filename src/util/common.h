/* util/common.h: small macros shared by every internal file. */
#ifndef PL_COMMON_H
#define PL_COMMON_H
#if defined(__GNUC__) || defined(__clang__)
#define PL_WARN_UNUSED __attribute__((warn_unused_result))
#else
#define PL_WARN_UNUSED
#endif
#define PL_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
/* A macro's value as a string literal, for messages that quote a named limit. */
#define PL_STR_(x) #x
#define PL_STR(x) PL_STR_(x)
#endif
