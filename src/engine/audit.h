/* audit.h — the append-only audit log of changes: one JSON line when a change begins (written
 * and fsync'd before the request is sent) and one when it ends; read back for history and undo. */
#ifndef SSE_ENGINE_AUDIT_H
#define SSE_ENGINE_AUDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "core/rule.h"
#include "core/status.h"

struct audit_log;

/* The file: $XDG_STATE_HOME/sseadm/audit.log, else $HOME/.local/state/sseadm/audit.log. */
enum sse_status audit_default_path(char *buf, size_t size);
/* Opens (creating it 0600, and its directory 0700) for appending. NULL with err on failure. */
struct audit_log *audit_open(const char *path, struct sse_error *err);
void audit_close(struct audit_log *log);

/* One change as the log records it. Rules are NULL when unknown / not applicable. */
struct audit_change {
    char id[40];                 /* shared by the begin and end records */
    const char *operation;       /* "set", "remove" or "undo" */
    const char *profile;
    const char *endpoint;
    const char *bucket;
    const struct sse_rule *before;
    const struct sse_rule *requested; /* NULL for remove */
};

/* Appends the begin record and fsyncs it. Fills change->id. SSE_ERR_IO when it could not be made
 * durable: the change must then not be sent. */
enum sse_status audit_begin(struct audit_log *log, struct audit_change *change, time_t now,
                            struct sse_error *err);
/* Appends the end record (outcome "ok" or "error" with the error) and fsyncs it. */
enum sse_status audit_end(struct audit_log *log, const struct audit_change *change,
                          const struct sse_rule *after, const struct sse_error *failure,
                          const char *const *request_ids, size_t nrequest_ids, time_t now,
                          struct sse_error *err);

/* A change read back from the log (begin and end records joined by id). */
struct audit_record {
    char id[40];
    char time[32];               /* of the begin record, ISO 8601 UTC */
    char operation[16];
    char profile[64];
    char endpoint[256];
    char bucket[64];
    bool has_before, has_requested, has_after, ended;
    struct sse_rule before, requested, after;
    char outcome[16];            /* "ok", "error", or "" when no end record (interrupted) */
    char error_code[64];
    char error_message[512];
    char request_ids[200];       /* comma-separated */
};

/* Reads every change in the file, oldest first (caller frees *out). Lines that are not valid
 * records are skipped and counted in *skipped. A missing file is an empty log. */
enum sse_status audit_read(const char *path, struct audit_record **out, size_t *count,
                           size_t *skipped, struct sse_error *err);

/* An operation word of the log ("set", "remove", "undo") in the user's language, for messages;
 * any other word unchanged. */
const char *audit_operation_words(const char *operation);

#endif
