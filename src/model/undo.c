/* undo.c — the record an undo reverses and the job kind that reverses it. */
#include "model/undo.h"

#include <string.h>

size_t
undo_find(const struct audit_record *recs, size_t n, const char *profile,
          const char *const *endpoints, size_t nendpoints, const char *bucket)
{
    for (size_t i = n; i-- > 0;) {
        const struct audit_record *r = &recs[i];
        if (!r->has_before || strcmp(r->profile, profile) != 0 || strcmp(r->bucket, bucket) != 0)
            continue;
        for (size_t e = 0; e < nendpoints; e++)
            if (endpoints[e] && strcmp(r->endpoint, endpoints[e]) == 0)
                return i;
    }
    return UNDO_NONE;
}

bool
undo_kind(const struct sse_rule *before, enum job_kind *kind)
{
    switch (before->algo) {
    case SSE_ALGO_NONE: *kind = JOB_DELETE; return true;
    case SSE_ALGO_AES256:
    case SSE_ALGO_KMS:
    case SSE_ALGO_SM4: *kind = JOB_PUT; return true;
    default: return false;
    }
}
