/* test_model_fleet.c — fleet_apply (stale seq, none vs error, read-back, mismatch) and counts. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "model/fleet.h"

static struct oss_account acct_a, acct_b;

/* The result the worker would return for job (not linked anywhere). */
static struct result
answer(const struct job *job, enum sse_status st)
{
    struct result r;
    memset(&r, 0, sizeof r);
    r.seq = job->seq;
    r.kind = job->kind;
    r.account = job->account;
    r.tag = job->tag;
    memcpy(r.bucket, job->bucket, sizeof r.bucket);
    r.status = st;
    r.requested = job->rule;
    r.attempts = 1;
    return r;
}

static struct fleet
three_rows(void)
{
    struct fleet f;
    fleet_init(&f);
    int a = fleet_add_profile(&f, &acct_a, false);
    int b = fleet_add_profile(&f, &acct_b, true);
    CHECK_INT(a, 0);
    CHECK_INT(b, 1);
    CHECK_INT(fleet_add(&f, a, "alpha"), SSE_OK);
    CHECK_INT(fleet_add(&f, a, "beta"), SSE_OK);
    CHECK_INT(fleet_add(&f, b, "gamma"), SSE_OK);
    CHECK_INT(fleet_add(&f, 7, "nope"), SSE_ERR_INVALID);
    return f;
}

static void
test_get_ok_none_error(void)
{
    struct fleet f = three_rows();
    CHECK_INT(f.counts.loading, 3);
    struct job *j0 = fleet_job(&f, 0, JOB_GET, NULL);
    struct job *j1 = fleet_job(&f, 1, JOB_GET, NULL);
    struct job *j2 = fleet_job(&f, 2, JOB_GET, NULL);
    CHECK(j0 && j1 && j2);
    CHECK_INT(f.counts.inflight, 3);
    CHECK_INT(f.counts.writes, 0);
    char buf[64];
    CHECK_STR(fleet_status_text(&f, 0, "…", buf, sizeof buf), "loading…");

    /* alpha: AES256 */
    struct result r = answer(j0, SSE_OK);
    r.rule_known = true;
    r.rule.algo = SSE_ALGO_AES256;
    strcpy(r.request_id, "RID-0");
    CHECK_INT(fleet_apply(&f, &r), 0);
    CHECK_INT(f.rows[0].state, FLEET_OK);
    CHECK_STR(f.rows[0].request_id, "RID-0");
    CHECK_STR(fleet_status_text(&f, 0, "…", buf, sizeof buf), "ok");
    CHECK_INT(f.counts.algo[SSE_ALGO_AES256], 1);
    CHECK_INT(f.counts.loading, 2);
    CHECK_INT(f.counts.inflight, 2);

    /* beta: no rule ("none") is a known rule, not an error */
    r = answer(j1, SSE_OK);
    r.rule_known = true;
    r.rule.algo = SSE_ALGO_NONE;
    CHECK_INT(fleet_apply(&f, &r), 1);
    CHECK_INT(f.rows[1].state, FLEET_OK);
    CHECK(f.rows[1].rule_known);
    CHECK_INT(f.counts.algo[SSE_ALGO_NONE], 1);
    CHECK_INT(f.counts.errors, 0);
    CHECK(fleet_error(&f, 1) == NULL);

    /* gamma: AccessDenied */
    r = answer(j2, SSE_ERR_SERVICE);
    strcpy(r.error.code, "AccessDenied");
    strcpy(r.error.message, "You have no right to access this object because of bucket acl.");
    strcpy(r.error.request_id, "RID-2");
    r.error.http_status = 403;
    r.attempts = 3;
    r.retries = 2;
    CHECK_INT(fleet_apply(&f, &r), 2);
    CHECK_INT(f.rows[2].state, FLEET_ERROR);
    CHECK(!f.rows[2].rule_known);
    CHECK_STR(fleet_status_text(&f, 2, "…", buf, sizeof buf), "AccessDenied");
    CHECK_STR(f.rows[2].request_id, "RID-2");
    CHECK_INT(f.rows[2].attempts, 3);
    CHECK_INT(f.rows[2].retries, 2);
    const struct sse_error *e = fleet_error(&f, 2);
    CHECK(e != NULL);
    if (e) {
        CHECK_INT(e->http_status, 403);
        CHECK_STR(e->message, "You have no right to access this object because of bucket acl.");
    }
    CHECK_INT(f.counts.errors, 1);
    CHECK_INT(f.counts.loading, 0);
    CHECK_INT(f.counts.inflight, 0);

    /* A network error without a code shows the status message. */
    struct job *j = fleet_job(&f, 2, JOB_GET, NULL);
    CHECK_STR(fleet_status_text(&f, 2, "...", buf, sizeof buf), "reading...");
    r = answer(j, SSE_ERR_TIMEOUT);
    fleet_apply(&f, &r);
    CHECK_STR(fleet_status_text(&f, 2, "", buf, sizeof buf), "timed out");
    CHECK_INT(f.counts.errors, 1);
    /* Then it recovers: the error slot is released and reused. */
    job_free(j);
    j = fleet_job(&f, 2, JOB_GET, NULL);
    r = answer(j, SSE_OK);
    r.rule_known = true;
    r.rule.algo = SSE_ALGO_SM4;
    fleet_apply(&f, &r);
    CHECK(fleet_error(&f, 2) == NULL);
    CHECK_INT(f.counts.errors, 0);
    CHECK_INT(f.counts.algo[SSE_ALGO_SM4], 1);
    CHECK_INT(f.error_free, 1);
    job_free(j);

    job_free(j0);
    job_free(j1);
    job_free(j2);
    fleet_cleanup(&f);
}

static void
test_stale_seq(void)
{
    struct fleet f = three_rows();
    struct job *old = fleet_job(&f, 0, JOB_GET, NULL);
    struct job *newer = fleet_job(&f, 0, JOB_GET, NULL);
    CHECK(old->seq < newer->seq);
    CHECK_INT(f.rows[0].pending, 2);
    CHECK_INT(f.counts.inflight, 2);

    /* The newer answer lands first ... */
    struct result r = answer(newer, SSE_OK);
    r.rule_known = true;
    r.rule.algo = SSE_ALGO_KMS;
    strcpy(r.rule.kms_key_id, "key-new");
    CHECK_INT(fleet_apply(&f, &r), 0);
    /* ... then the old one is dropped, though it still leaves the in-flight count. */
    r = answer(old, SSE_OK);
    r.rule_known = true;
    r.rule.algo = SSE_ALGO_AES256;
    CHECK(fleet_apply(&f, &r) == FLEET_NO_ROW);
    CHECK_INT(f.rows[0].rule.algo, SSE_ALGO_KMS);
    CHECK_STR(f.rows[0].rule.kms_key_id, "key-new");
    CHECK_INT(f.rows[0].pending, 0);
    CHECK_INT(f.counts.inflight, 0);
    CHECK_INT(f.counts.algo[SSE_ALGO_KMS], 1);
    CHECK_INT(f.counts.algo[SSE_ALGO_AES256], 0);

    /* A stale error cannot turn a good row red. */
    struct job *a = fleet_job(&f, 1, JOB_GET, NULL);
    struct job *b = fleet_job(&f, 1, JOB_GET, NULL);
    r = answer(b, SSE_OK);
    r.rule_known = true;
    fleet_apply(&f, &r);
    r = answer(a, SSE_ERR_NETWORK);
    CHECK(fleet_apply(&f, &r) == FLEET_NO_ROW);
    CHECK_INT(f.rows[1].state, FLEET_OK);
    CHECK_INT(f.counts.errors, 0);

    /* Results naming another bucket or account for the tag, or a tag out of range, are ignored. */
    struct job *c = fleet_job(&f, 1, JOB_GET, NULL);
    r = answer(c, SSE_OK);
    strcpy(r.bucket, "other");
    CHECK(fleet_apply(&f, &r) == FLEET_NO_ROW);
    r = answer(c, SSE_OK);
    r.account = &acct_b;
    CHECK(fleet_apply(&f, &r) == FLEET_NO_ROW);
    r = answer(c, SSE_OK);
    r.tag = 99;
    CHECK(fleet_apply(&f, &r) == FLEET_NO_ROW);
    CHECK_INT(f.counts.inflight, 1);

    /* Sequence numbers compare across wrap-around. */
    f.next_seq = UINT32_MAX;
    struct job *w1 = fleet_job(&f, 2, JOB_GET, NULL);
    struct job *w2 = fleet_job(&f, 2, JOB_GET, NULL);
    CHECK(w2->seq == 1);
    r = answer(w2, SSE_OK);
    r.rule_known = true;
    r.rule.algo = SSE_ALGO_SM4;
    CHECK_INT(fleet_apply(&f, &r), 2);
    r = answer(w1, SSE_OK);
    r.rule_known = true;
    r.rule.algo = SSE_ALGO_AES256;
    CHECK(fleet_apply(&f, &r) == FLEET_NO_ROW);
    CHECK_INT(f.rows[2].rule.algo, SSE_ALGO_SM4);

    job_free(old);
    job_free(newer);
    job_free(a);
    job_free(b);
    job_free(c);
    job_free(w1);
    job_free(w2);
    fleet_cleanup(&f);
}

static void
test_writes(void)
{
    struct fleet f = three_rows();
    struct job *g = fleet_job(&f, 0, JOB_GET, NULL);
    struct result r = answer(g, SSE_OK);
    r.rule_known = true;
    r.rule.algo = SSE_ALGO_AES256;
    fleet_apply(&f, &r);

    /* Put KMS; the row shows what was read back, not what was asked for. */
    struct sse_rule want = { .algo = SSE_ALGO_KMS, .data_enc = SSE_DATA_ENC_SM4 };
    strcpy(want.kms_key_id, "cmk-1");
    struct job *p = fleet_job(&f, 0, JOB_PUT, &want);
    CHECK(p != NULL);
    CHECK_INT(p->rule.algo, SSE_ALGO_KMS);
    CHECK_STR(p->rule.kms_key_id, "cmk-1");
    CHECK_INT(p->tag, 0);
    CHECK_INT(f.counts.writes, 1);
    char buf[64];
    CHECK_STR(fleet_status_text(&f, 0, "…", buf, sizeof buf), "setting…");

    CHECK_INT(f.rows[0].pending_writes, 1); /* the core refuses further changes (app_permit) */

    r = answer(p, SSE_OK);
    r.rule_known = true;
    r.rule.algo = SSE_ALGO_KMS;
    strcpy(r.rule.kms_key_id, "cmk-1-as-stored");
    r.rule.data_enc = SSE_DATA_ENC_SM4;
    r.attempts = 2;
    CHECK_INT(fleet_apply(&f, &r), 0);
    CHECK_STR(f.rows[0].rule.kms_key_id, "cmk-1-as-stored");
    CHECK_INT(f.rows[0].last_kind, JOB_PUT);
    CHECK_INT(f.rows[0].attempts, 2);
    CHECK_INT(f.counts.writes, 0);
    CHECK_INT(f.counts.algo[SSE_ALGO_KMS], 1);
    CHECK_INT(f.counts.algo[SSE_ALGO_AES256], 0);

    /* Mismatch: shows the read-back rule and an error that says so. */
    struct sse_rule sm4 = { .algo = SSE_ALGO_SM4 };
    struct job *p2 = fleet_job(&f, 0, JOB_PUT, &sm4);
    r = answer(p2, SSE_ERR_MISMATCH);
    r.rule_known = true;
    r.rule.algo = SSE_ALGO_AES256;
    CHECK_INT(fleet_apply(&f, &r), 0);
    CHECK_INT(f.rows[0].state, FLEET_ERROR);
    CHECK_INT(f.rows[0].rule.algo, SSE_ALGO_AES256);
    CHECK_STR(fleet_status_text(&f, 0, "…", buf, sizeof buf), "Mismatch");
    const struct sse_error *e = fleet_error(&f, 0);
    CHECK(e && e->status == SSE_ERR_MISMATCH);
    CHECK(e && strstr(e->message, "read-back differs"));
    CHECK(e && strstr(e->message, "asked for SM4, OSS has AES256"));
    CHECK_INT(f.counts.errors, 1);
    CHECK_INT(f.counts.algo[SSE_ALGO_AES256], 1);
    /* The worker's own wording is kept when it gives one. */
    job_free(p2);
    p2 = fleet_job(&f, 0, JOB_PUT, &sm4);
    r = answer(p2, SSE_ERR_MISMATCH);
    r.rule_known = true;
    r.rule.algo = SSE_ALGO_AES256;
    strcpy(r.error.message, "OSS accepted the change but now reports AES256 instead of SM4");
    fleet_apply(&f, &r);
    e = fleet_error(&f, 0);
    CHECK(e && strcmp(e->message, r.error.message) == 0);
    CHECK_STR(fleet_status_text(&f, 0, "", buf, sizeof buf), "Mismatch");
    CHECK_INT(f.counts.errors, 1);

    /* Delete: read back none. */
    struct job *d = fleet_job(&f, 0, JOB_DELETE, NULL);
    CHECK_STR(fleet_status_text(&f, 0, "…", buf, sizeof buf), "removing…");
    r = answer(d, SSE_OK);
    r.rule_known = true;
    r.rule.algo = SSE_ALGO_NONE;
    fleet_apply(&f, &r);
    CHECK_INT(f.rows[0].state, FLEET_OK);
    CHECK_INT(f.counts.errors, 0);
    CHECK_INT(f.counts.algo[SSE_ALGO_NONE], 1);
    CHECK_INT(f.counts.algo[SSE_ALGO_AES256], 0);

    /* A failed write that could not read back keeps the last known rule, and shows the error. */
    struct job *p3 = fleet_job(&f, 0, JOB_PUT, &sm4);
    r = answer(p3, SSE_ERR_SERVICE);
    strcpy(r.error.code, "AccessDenied");
    fleet_apply(&f, &r);
    CHECK(f.rows[0].rule_known);
    CHECK_INT(f.rows[0].rule.algo, SSE_ALGO_NONE);
    CHECK_STR(fleet_status_text(&f, 0, "", buf, sizeof buf), "AccessDenied");

    job_free(g);
    job_free(p);
    job_free(p2);
    job_free(d);
    job_free(p3);
    fleet_cleanup(&f);
}

static void
test_marks_and_scale(void)
{
    struct fleet f;
    fleet_init(&f);
    int p = fleet_add_profile(&f, &acct_a, false);
    char name[64];
    for (int i = 0; i < 100000; i++) {
        snprintf(name, sizeof name, "bucket-%06d", i);
        if (fleet_add(&f, p, name) != SSE_OK)
            break;
    }
    CHECK_INT(f.count, 100000);
    CHECK(sizeof(struct fleet_row) <= 480); /* a few hundred bytes a bucket */
    fleet_set_mark(&f, 5, true);
    fleet_set_mark(&f, 5, true);
    fleet_set_mark(&f, 99999, true);
    CHECK_INT(f.counts.marked, 2);
    fleet_set_mark(&f, 5, false);
    CHECK_INT(f.counts.marked, 1);
    fleet_clear_marks(&f);
    CHECK_INT(f.counts.marked, 0);
    CHECK(!f.rows[99999].marked);
    fleet_cleanup(&f);
    fleet_cleanup(&f); /* safe twice */
}

int
main(void)
{
    test_get_ok_none_error();
    test_stale_seq();
    test_writes();
    test_marks_and_scale();
    return check_done("test_model_fleet");
}
