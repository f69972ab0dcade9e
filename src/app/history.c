/* history.c — the audit log's records, filtered by bucket. */
#include "app/history.h"

#include <stdlib.h>
#include <string.h>

enum sse_status
app_history_read(const char *const *buckets, size_t n, struct app_history *out,
                 struct sse_error *err)
{
    memset(out, 0, sizeof *out);
    if (audit_default_path(out->path, sizeof out->path) != SSE_OK)
        return SSE_ERR_CONFIG;
    enum sse_status st = audit_read(out->path, &out->records, &out->count, &out->skipped, err);
    if (st != SSE_OK)
        return st;
    size_t kept = 0;
    for (size_t i = 0; i < out->count; i++) {
        bool wanted = n == 0;
        for (size_t b = 0; b < n && !wanted; b++)
            wanted = strcmp(out->records[i].bucket, buckets[b]) == 0;
        if (wanted)
            out->records[kept++] = out->records[i];
    }
    out->count = kept;
    return SSE_OK;
}

void
app_history_cleanup(struct app_history *h)
{
    free(h->records);
    memset(h, 0, sizeof *h);
}
