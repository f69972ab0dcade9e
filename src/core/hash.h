/* hash.h — FNV-1a over strings, for the open-addressing tables (the string pool, the undo index);
 * pure. */
#ifndef SSE_CORE_HASH_H
#define SSE_CORE_HASH_H

#include <stdint.h>

#define SSE_FNV1A_INIT 2166136261u

/* h (SSE_FNV1A_INIT to start) carried over the bytes of s, or over one byte. */
static inline uint32_t
sse_fnv1a_byte(uint32_t h, unsigned char b)
{
    return (h ^ b) * 16777619u;
}

static inline uint32_t
sse_fnv1a(uint32_t h, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        h = sse_fnv1a_byte(h, *p);
    return h;
}

#endif
