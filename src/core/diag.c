/* diag.c — a bounded list of formatted messages. */
#include "core/diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void
sse_diag_add(struct sse_diag *d, const char *fmt, ...)
{
    if (!d || d->count > SSE_DIAG_MAX)
        return;
    char *line = NULL;
    if (d->count == SSE_DIAG_MAX) {
        /* A runaway file (or a fuzzer) must not grow this without bound. */
        line = strdup("(further messages omitted)");
    } else {
        va_list ap, ap2;
        va_start(ap, fmt);
        va_copy(ap2, ap);
        int n = vsnprintf(NULL, 0, fmt, ap);
        va_end(ap);
        if (n >= 0 && (line = malloc((size_t)n + 1)) != NULL)
            vsnprintf(line, (size_t)n + 1, fmt, ap2);
        va_end(ap2);
    }
    if (!line)
        return;
    char **grown = realloc(d->lines, (d->count + 1) * sizeof *grown);
    if (!grown) {
        free(line);
        return;
    }
    d->lines = grown;
    d->lines[d->count++] = line;
}

void
sse_diag_cleanup(struct sse_diag *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->count; i++)
        free(d->lines[i]);
    free(d->lines);
    d->lines = NULL;
    d->count = 0;
}
