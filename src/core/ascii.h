/* ascii.h — ASCII-only case folding and comparison for protocol text (header names, signatures,
 * content types): what the program compares or signs must not depend on the user's locale, which
 * main() sets for ncursesw and gettext. */
#ifndef SSE_CORE_ASCII_H
#define SSE_CORE_ASCII_H

#include <stdbool.h>
#include <stddef.h>

/* 'A'-'Z' → 'a'-'z'; every other value unchanged. Inline: filters call it per character. */
static inline int
ascii_lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}
/* strcmp of the ASCII-lowercased strings: < 0, 0 or > 0. */
int ascii_casecmp(const char *a, const char *b);
/* Whether s starts with prefix, ignoring ASCII case. Reads at most strlen(prefix) bytes of s (a
 * NUL in s ends the match), so s need not be terminated when it is that long. */
bool ascii_has_prefix(const char *s, const char *prefix);
/* Whether s (NUL-terminated) equals the n bytes at t, ignoring ASCII case. */
bool ascii_equal_n(const char *s, const char *t, size_t n);

#endif
