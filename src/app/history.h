/* history.h — the changes the audit log records, for `sseadm history`: read from the log's
 * place, oldest first, optionally only those of some buckets. */
#ifndef SSE_APP_HISTORY_H
#define SSE_APP_HISTORY_H

#include <stddef.h>

#include "core/status.h"
#include "engine/audit.h"

struct app_history {
    char path[1024];               /* the audit log read */
    struct audit_record *records;  /* owned, oldest first */
    size_t count;
    size_t skipped;                /* lines that were not valid records */
};

/* Reads the audit log, keeping the records of the named buckets (all when n is 0). SSE_ERR_CONFIG
 * when the log has no place (no XDG_STATE_HOME or HOME), SSE_ERR_IO with err when it cannot be
 * read. A missing log is an empty history. Free with app_history_cleanup in every case. */
enum sse_status app_history_read(const char *const *buckets, size_t n, struct app_history *out,
                                 struct sse_error *err);
void app_history_cleanup(struct app_history *h);

#endif
