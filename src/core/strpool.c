/* strpool.c — strings packed into 16 KB chunks (a longer string gets a chunk of its own), found
 * again through a hash set so that each distinct string is stored once. */
#include "core/strpool.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/hash.h"

#define CHUNK_BYTES 16384

struct strpool_chunk {
    struct strpool_chunk *next;
    size_t used, cap;
    char data[];
};

void
strpool_init(struct strpool *p)
{
    memset(p, 0, sizeof *p);
}

static size_t
hash(const char *s)
{
    return sse_fnv1a(SSE_FNV1A_INIT, s);
}

/* The slot of s in the set: where it is, or the empty slot where it would go. */
static size_t
slot_of(const struct strpool *p, const char *s)
{
    size_t mask = p->set_cap - 1;
    size_t i = hash(s) & mask;
    while (p->set[i] && strcmp(p->set[i], s) != 0)
        i = (i + 1) & mask;
    return i;
}

/* Keeps the set at most half full for one more string. */
static int
set_reserve(struct strpool *p)
{
    if ((p->set_count + 1) * 2 <= p->set_cap)
        return 0;
    size_t cap = p->set_cap ? p->set_cap * 2 : 64;
    const char **old = p->set;
    size_t old_cap = p->set_cap;
    p->set = calloc(cap, sizeof *p->set);
    if (!p->set) {
        p->set = old;
        return -1;
    }
    p->set_cap = cap;
    for (size_t i = 0; i < old_cap; i++)
        if (old[i])
            p->set[slot_of(p, old[i])] = old[i];
    free(old);
    return 0;
}

static const char *
store(struct strpool *p, const char *s, size_t len)
{
    struct strpool_chunk *c = p->chunks;
    if (!c || c->cap - c->used < len) {
        size_t cap = len > CHUNK_BYTES ? len : CHUNK_BYTES;
        c = malloc(sizeof *c + cap);
        if (!c)
            return NULL;
        c->used = 0;
        c->cap = cap;
        /* A big string's own chunk goes behind the current one, which may still have room. */
        if (p->chunks && len > CHUNK_BYTES) {
            c->next = p->chunks->next;
            p->chunks->next = c;
        } else {
            c->next = p->chunks;
            p->chunks = c;
        }
    }
    char *out = c->data + c->used;
    memcpy(out, s, len);
    c->used += len;
    return out;
}

const char *
strpool_add(struct strpool *p, const char *s)
{
    size_t len = strlen(s) + 1;
    if (len == 1)
        return "";
    if (set_reserve(p) != 0)
        return NULL;
    size_t i = slot_of(p, s);
    if (p->set[i])
        return p->set[i];
    const char *copy = store(p, s, len);
    if (copy) {
        p->set[i] = copy;
        p->set_count++;
    }
    return copy;
}

void
strpool_free(struct strpool *p)
{
    while (p->chunks) {
        struct strpool_chunk *next = p->chunks->next;
        free(p->chunks);
        p->chunks = next;
    }
    free(p->set);
    memset(p, 0, sizeof *p);
}
