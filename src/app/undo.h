/* undo.h — what undoing a change means: an index of the audit log's changes whose "before" rule is
 * known (read from the log once, extended as changes complete), the newest one for a bucket (same
 * profile, one of its endpoints), the operations they belong to (how each went, and which undo
 * took it back), and the job kind that puts a rule back. Pure: the caller reads the log
 * (audit_read). */
#ifndef SSE_APP_UNDO_H
#define SSE_APP_UNDO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/rule.h"
#include "core/status.h"
#include "core/strpool.h"
#include "engine/audit.h"
#include "engine/job.h"

#define UNDO_NONE ((size_t)-1)

/* One change the log records, as the index keeps it (strings interned in the index's pool). */
struct undo_change {
    const char *profile, *endpoint, *operation;
    const char *operation_id;      /* the command or action it was part of ("" in old logs) */
    const char *undoes;            /* an undo: the operation it took back ("" when none) */
    char bucket[64];
    char time[32];                 /* when it began, ISO 8601 UTC */
    struct sse_rule_packed before; /* the rule it replaced */
    struct sse_rule_packed after;  /* the rule it left (read back, else the one it wrote): an undo
                                    * writes only while the bucket still holds it */
    bool after_known;
    uint32_t older;                /* the previous change of the same profile and bucket + 1; 0 = none */
};

/* How one bucket of an operation went, as the log says. */
enum undo_outcome { UNDO_OK, UNDO_FAILED, UNDO_SKIPPED, UNDO_INTERRUPTED };

/* One operation (a CLI command or TUI action that wrote), from its records in the log. */
struct undo_operation {
    const char *id;                /* its operation ID */
    const char *operation;         /* its first record's: "set", "remove" or "undo" */
    const char *undoes;            /* an undo: the operation it took back ("" when none) */
    const char *profile;           /* its first record's profile */
    char time[32];                 /* when its first record began, ISO 8601 UTC */
    uint32_t buckets;              /* records: buckets changed, failed or skipped */
    uint32_t outcomes[4];          /* of those, per enum undo_outcome */
    uint32_t changes;              /* of those, changes in the index (their rule before known) */
    uint32_t undone;               /* of those, how many a later undo took back */
    uint32_t undone_by;            /* the newest operation that took some back + 1; 0 = none */
};

struct undo_index {
    struct undo_change *changes;   /* oldest first */
    size_t count, cap;
    uint32_t *newest;              /* (profile, bucket) → newest change + 1; open addressing */
    size_t slots;                  /* a power of two (0 before the first change) */
    struct undo_operation *ops;    /* oldest first */
    size_t nops, ops_cap;
    uint32_t *op_slots;            /* operation ID → operation + 1; open addressing */
    size_t nop_slots;              /* a power of two (0 before the first operation) */
    struct strpool strings;
};

void undo_index_init(struct undo_index *x);
void undo_index_cleanup(struct undo_index *x);
/* Adds one record (oldest first, as audit_read gives them): to its operation, and as a change
 * when its "before" rule is known. SSE_ERR_NOMEM. */
enum sse_status undo_index_add(struct undo_index *x, const struct audit_record *r);
/* Notes one bucket of operation_id (not "") and how it went, creating the operation with its first
 * record's operation, undoes, profile and time. SSE_ERR_NOMEM. */
enum sse_status undo_index_note(struct undo_index *x, const char *operation_id,
                                const char *operation, const char *undoes, const char *profile,
                                const char *time_iso, enum undo_outcome outcome);
/* A change this run made (before: the rule its before-read found; after: the rule it read back,
 * NULL when not known); note its outcome with undo_index_note too. */
enum sse_status undo_index_add_change(struct undo_index *x, const char *operation,
                                      const char *operation_id, const char *undoes,
                                      const char *profile, const char *endpoint,
                                      const char *bucket, const struct sse_rule *before,
                                      const struct sse_rule *after, const char *time_iso);

/* Index of the change an undo of bucket in profile reverses, or UNDO_NONE: the newest change at any
 * of the endpoints (a discovered bucket's regional endpoint, the profile's own; NULL entries
 * skipped) that is not an undo and that no later undo took back. */
size_t undo_find(const struct undo_index *x, const char *profile, const char *const *endpoints,
                 size_t nendpoints, const char *bucket);
/* True when any change of bucket in profile at one of the endpoints is recorded (undone or not). */
bool undo_any(const struct undo_index *x, const char *profile, const char *const *endpoints,
              size_t nendpoints, const char *bucket);
/* Index of the newest change in profile, whatever its bucket, that an undo of its bucket would
 * reverse (undo_find), or UNDO_NONE. */
size_t undo_latest(const struct undo_index *x, const char *profile);
/* The operation with that ID, or UNDO_NONE. */
size_t undo_operation_find(const struct undo_index *x, const char *id);
/* The undo change that took change c back (a later change of its bucket at its endpoint that
 * undoes c's operation), or UNDO_NONE when none did. */
size_t undo_taken_back_by(const struct undo_index *x, size_t c);

/* The job kind that restores before: JOB_DELETE for "none", else JOB_PUT. False when before is a
 * rule sseadm cannot write (an unknown algorithm, or one validate_rule refuses). */
bool undo_kind(const struct sse_rule *before, enum job_kind *kind);

#endif
