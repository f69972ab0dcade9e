/* strpool.h — an append-only pool of strings that all live until the pool is freed: many small
 * strings (the CMK IDs of a sweep over thousands of buckets) without a malloc or an owner each. */
#ifndef SSE_CORE_STRPOOL_H
#define SSE_CORE_STRPOOL_H

#include <stddef.h>

struct strpool_chunk;

struct strpool {
    struct strpool_chunk *chunks; /* newest first */
};

/* A zeroed pool is empty and ready. */
void strpool_init(struct strpool *p);
/* A copy of s that stays valid until strpool_free; "" costs nothing. NULL when out of memory. */
const char *strpool_add(struct strpool *p, const char *s);
/* Frees every string; the pool is empty again. */
void strpool_free(struct strpool *p);

#endif
