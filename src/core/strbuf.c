/* strbuf.c — growable byte buffer with a hard size cap. */
#include "core/strbuf.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void
strbuf_init(struct strbuf *sb, size_t limit)
{
    sb->data = NULL;
    sb->len = sb->cap = 0;
    sb->limit = limit ? limit : SIZE_MAX - 1;
}

void
strbuf_cleanup(struct strbuf *sb)
{
    free(sb->data);
    sb->data = NULL;
    sb->len = sb->cap = 0;
}

void
strbuf_reset(struct strbuf *sb)
{
    sb->len = 0;
    if (sb->data)
        sb->data[0] = '\0';
}

static enum sse_status
strbuf_grow(struct strbuf *sb, size_t extra)
{
    if (extra > sb->limit || sb->len > sb->limit - extra)
        return SSE_ERR_TOOBIG;
    size_t need = sb->len + extra + 1;
    if (need <= sb->cap)
        return SSE_OK;
    size_t cap = sb->cap ? sb->cap : 64;
    while (cap < need)
        cap = cap > SIZE_MAX / 2 ? need : cap * 2;
    char *p = realloc(sb->data, cap);
    if (!p)
        return SSE_ERR_NOMEM;
    sb->data = p;
    sb->cap = cap;
    return SSE_OK;
}

enum sse_status
strbuf_add(struct strbuf *sb, const void *data, size_t len)
{
    enum sse_status st = strbuf_grow(sb, len);
    if (st != SSE_OK)
        return st;
    if (len)
        memcpy(sb->data + sb->len, data, len);
    sb->len += len;
    sb->data[sb->len] = '\0';
    return SSE_OK;
}

enum sse_status
strbuf_puts(struct strbuf *sb, const char *s)
{
    return strbuf_add(sb, s, strlen(s));
}

enum sse_status
strbuf_putc(struct strbuf *sb, char c)
{
    return strbuf_add(sb, &c, 1);
}

enum sse_status
strbuf_printf(struct strbuf *sb, const char *fmt, ...)
{
    /* One formatting pass when the text fits the room already there (the usual case for the
     * short lines of signing and headers, hence a little room made first), a second one after
     * growing when it does not. */
    if (!sb->data || sb->cap - sb->len < 128)
        (void)strbuf_grow(sb, 127); /* at the cap or out of memory: the second pass decides */
    size_t room = sb->data ? sb->cap - sb->len : 0;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(room ? sb->data + sb->len : NULL, room, fmt, ap);
    va_end(ap);
    enum sse_status st = SSE_OK;
    if (n < 0)
        st = SSE_ERR_INVALID;
    else if ((size_t)n < room && ((size_t)n > sb->limit || sb->len > sb->limit - (size_t)n))
        st = SSE_ERR_TOOBIG;
    else if ((size_t)n >= room && (st = strbuf_grow(sb, (size_t)n)) == SSE_OK) {
        va_start(ap, fmt);
        vsnprintf(sb->data + sb->len, (size_t)n + 1, fmt, ap);
        va_end(ap);
    }
    if (st != SSE_OK) {
        if (sb->data) /* a refused text may have been written past the end: cut it off */
            sb->data[sb->len] = '\0';
        return st;
    }
    sb->len += (size_t)n;
    return SSE_OK;
}

const char *
strbuf_cstr(const struct strbuf *sb)
{
    return sb->data ? sb->data : "";
}

char *
strbuf_detach(struct strbuf *sb, size_t *len)
{
    if (!sb->data && strbuf_grow(sb, 0) != SSE_OK)
        return NULL;
    sb->data[sb->len] = '\0';
    char *p = sb->data;
    if (len)
        *len = sb->len;
    sb->data = NULL;
    sb->len = sb->cap = 0;
    return p;
}
