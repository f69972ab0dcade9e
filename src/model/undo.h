/* undo.h — what undoing a bucket's last change means: the newest audit-log record of a change to
 * it (same profile, one of its endpoints) that knows the rule from before, and the job that puts
 * that rule back. Pure: the caller reads the log (audit_read). */
#ifndef SSE_MODEL_UNDO_H
#define SSE_MODEL_UNDO_H

#include <stdbool.h>
#include <stddef.h>

#include "core/rule.h"
#include "engine/audit.h"
#include "engine/job.h"

#define UNDO_NONE ((size_t)-1)

/* Index of the newest record in recs (oldest first, as audit_read gives them) for bucket in
 * profile at any of the endpoints (a discovered bucket's regional endpoint, the profile's own)
 * whose "before" rule is known; UNDO_NONE when there is none. */
size_t undo_find(const struct audit_record *recs, size_t n, const char *profile,
                 const char *const *endpoints, size_t nendpoints, const char *bucket);
/* The job kind that restores before: JOB_DELETE for "none", else JOB_PUT. False when before is an
 * algorithm sseadm cannot write (SSE_ALGO_UNKNOWN). */
bool undo_kind(const struct sse_rule *before, enum job_kind *kind);

#endif
