/* strbuf.h — growable byte buffer with a hard size cap; always NUL-terminated. */
#ifndef SSE_CORE_STRBUF_H
#define SSE_CORE_STRBUF_H

#include <stddef.h>

#include "core/status.h"

struct strbuf {
    char *data;   /* NULL until the first append; strbuf_cstr() never returns NULL */
    size_t len;
    size_t cap;
    size_t limit; /* most bytes it may hold (0 = SIZE_MAX) */
};

void strbuf_init(struct strbuf *sb, size_t limit);
void strbuf_cleanup(struct strbuf *sb);
void strbuf_reset(struct strbuf *sb);
/* (Not "strbuf_append": libconfig.so exports an internal function of that name, and ours would
 * interpose on it at run time.)
 * SSE_ERR_TOOBIG when the cap would be passed (nothing appended), SSE_ERR_NOMEM on allocation failure. */
enum sse_status strbuf_add(struct strbuf *sb, const void *data, size_t len);
enum sse_status strbuf_puts(struct strbuf *sb, const char *s);
enum sse_status strbuf_putc(struct strbuf *sb, char c);
enum sse_status strbuf_printf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The contents as a C string (borrowed; "" when empty). */
const char *strbuf_cstr(const struct strbuf *sb);
/* Hands the buffer to the caller (caller frees; never NULL unless out of memory) and resets sb. */
char *strbuf_detach(struct strbuf *sb, size_t *len);

#endif
