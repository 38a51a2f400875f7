/* parley/export.h: symbol visibility for the public API (the library builds with -fvisibility=hidden). */
#ifndef PARLEY_EXPORT_H
#define PARLEY_EXPORT_H
#if defined(__GNUC__) || defined(__clang__)
#define PARLEY_EXPORT __attribute__((visibility("default")))
#else
#define PARLEY_EXPORT
#endif
#endif
