/* strpool.c — strings packed into 16 KB chunks (a longer string gets a chunk of its own). */
#include "core/strpool.h"

#include <stdlib.h>
#include <string.h>

#define CHUNK_BYTES 16384

struct strpool_chunk {
    struct strpool_chunk *next;
    size_t used, cap;
    char data[];
};

void
strpool_init(struct strpool *p)
{
    p->chunks = NULL;
}

const char *
strpool_add(struct strpool *p, const char *s)
{
    size_t len = strlen(s) + 1;
    if (len == 1)
        return "";
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

void
strpool_free(struct strpool *p)
{
    while (p->chunks) {
        struct strpool_chunk *next = p->chunks->next;
        free(p->chunks);
        p->chunks = next;
    }
}
