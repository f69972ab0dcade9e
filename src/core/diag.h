/* diag.h — collected messages of a loader (configuration, theme, policy, credential files), each
 * "FILE:LINE: what is wrong / what is expected", reported together at the edge. */
#ifndef SSE_CORE_DIAG_H
#define SSE_CORE_DIAG_H

#include <stddef.h>

/* At most this many messages are kept in one sse_diag; one more line says how many were dropped. */
#define SSE_DIAG_MAX 200

/* Zero-initialise; free with sse_diag_cleanup. */
struct sse_diag {
    char **lines;
    size_t count;
};

/* Appends one formatted message. Out of memory drops the message (there is nothing better to do).
 * d may be NULL (the message is dropped). */
void sse_diag_add(struct sse_diag *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Frees the messages and zeroes d. Safe on a zeroed struct and on NULL. */
void sse_diag_cleanup(struct sse_diag *d);

#endif
