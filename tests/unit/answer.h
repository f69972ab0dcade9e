/* answer.h — the model tests' worker: a row's read answered with a rule (a CMK ID and data
 * encryption with KMS) or an error code, through fleet_job and fleet_apply as the core does. */
#ifndef SSE_TEST_ANSWER_H
#define SSE_TEST_ANSWER_H

#include <stdio.h>
#include <string.h>

#include "check.h"
#include "model/fleet.h"

/* Answers row i: algo with key (KMS: the CMK ID, NULL for none; SSE_ALGO_UNKNOWN: the server's
 * name for it) and sm4, or, when code is not NULL, an error with that code. */
static inline void
answer_row(struct fleet *f, size_t i, enum sse_algo algo, const char *key, bool sm4,
           const char *code)
{
    struct job *j = fleet_job(f, i, JOB_GET, NULL);
    CHECK(j != NULL);
    if (!j)
        return;
    struct result r;
    memset(&r, 0, sizeof r);
    r.seq = j->seq;
    r.kind = JOB_GET;
    r.account = j->account;
    r.tag = j->tag;
    memcpy(r.bucket, j->bucket, sizeof r.bucket);
    if (code) {
        r.status = SSE_ERR_SERVICE;
        r.error.status = SSE_ERR_SERVICE;
        snprintf(r.error.code, sizeof r.error.code, "%s", code);
    } else {
        r.rule_known = true;
        r.rule.algo = algo;
        if (key && algo == SSE_ALGO_KMS)
            snprintf(r.rule.kms_key_id, sizeof r.rule.kms_key_id, "%s", key);
        r.rule.data_enc = sm4 ? SSE_DATA_ENC_SM4 : SSE_DATA_ENC_NONE;
        if (algo == SSE_ALGO_UNKNOWN)
            snprintf(r.rule.algo_raw, sizeof r.rule.algo_raw, "%s", key ? key : "FOO");
    }
    fleet_apply(f, &r);
    job_free(j);
}

#endif
