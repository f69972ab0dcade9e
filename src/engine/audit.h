/* audit.h — the append-only audit log of changes: one JSON line when a change begins (written
 * and fsync'd before the request is sent) and one when it ends, or one when a conditional change
 * was skipped; read back for history and undo. Every record names its operation (the CLI command
 * or TUI action it was part of) and, for an undo, the operation it reverts. */
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

/* The size of a change's or an operation's ID, NUL included. */
#define AUDIT_ID_MAX 40

/* A new operation ID ("op-" + the time in hex + 12 random hex digits) into out: made by a front
 * end once per CLI command or TUI action, and given to each of its jobs (job->operation_id). */
void audit_new_operation_id(char out[AUDIT_ID_MAX], time_t now);

/* One change as the log records it. Rules are NULL when unknown / not applicable; IDs NULL or ""
 * when none (JSON null). */
struct audit_change {
    char id[AUDIT_ID_MAX];       /* shared by the begin and end records */
    const char *operation;       /* "set", "remove" or "undo" */
    const char *operation_id;    /* the command or action it is part of */
    const char *undoes;          /* an undo: the operation it reverts */
    const char *profile;
    const char *endpoint;
    const char *bucket;
    const struct sse_rule *before;
    const struct sse_rule *requested; /* NULL for remove */
    const struct sse_rule *expected;  /* audit_skip: the rule the user saw */
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

/* Appends the one record of a change that was not made because the bucket no longer held the
 * rule the user saw (change->expected): outcome "skipped", with the rule found, and fsyncs it.
 * Fills change->id. */
enum sse_status audit_skip(struct audit_log *log, struct audit_change *change,
                           const struct sse_rule *found, const char *const *request_ids,
                           size_t nrequest_ids, time_t now, struct sse_error *err);

/* A change read back from the log (begin and end records joined by id, or a skip record). Lines
 * written before operations existed read with operation_id and undoes "". */
struct audit_record {
    char id[AUDIT_ID_MAX];
    char time[32];               /* of the begin (or skip) record, ISO 8601 UTC */
    char operation[16];
    char operation_id[AUDIT_ID_MAX]; /* "" when none */
    char undoes[AUDIT_ID_MAX];   /* an undo: the operation it reverts; "" when none */
    char profile[64];
    char endpoint[256];
    char bucket[64];
    bool has_before, has_requested, has_after, ended;
    struct sse_rule before, requested, after; /* a skip: no before; after = the rule found */
    bool has_expected;           /* a skip: the rule the user saw */
    struct sse_rule expected;
    char outcome[16];            /* "ok", "error", "skipped", or "" when no end record
                                  * (interrupted) */
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
