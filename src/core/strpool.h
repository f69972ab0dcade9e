/* strpool.h — an append-only pool of interned strings that all live until the pool is freed: many
 * small strings, most of them repeated (the CMK IDs of a fleet of thousands of buckets), without a
 * malloc or an owner each, and each distinct string kept once. */
#ifndef SSE_CORE_STRPOOL_H
#define SSE_CORE_STRPOOL_H

#include <stddef.h>

struct strpool_chunk;

struct strpool {
    struct strpool_chunk *chunks; /* newest first */
    const char **set;             /* open-addressing set of the strings kept; NULL = empty slot */
    size_t set_cap, set_count;
};

/* A zeroed pool is empty and ready. */
void strpool_init(struct strpool *p);
/* The pool's copy of s (the same pointer for equal strings) that stays valid until strpool_free;
 * "" costs nothing. NULL when out of memory. */
const char *strpool_add(struct strpool *p, const char *s);
/* Frees every string; the pool is empty again. */
void strpool_free(struct strpool *p);

#endif
