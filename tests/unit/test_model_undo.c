/* test_model_undo.c — which audit record an undo reverses (newest with a known "before", same
 * profile, one of the endpoints, same bucket) and the job kind that restores it; the undo question. */
#include <string.h>

#include "check.h"
#include "model/form.h"
#include "model/undo.h"

static struct audit_record
rec(const char *op, const char *profile, const char *endpoint, const char *bucket, int before)
{
    struct audit_record r;
    memset(&r, 0, sizeof r);
    strcpy(r.operation, op);
    strcpy(r.profile, profile);
    strcpy(r.endpoint, endpoint);
    strcpy(r.bucket, bucket);
    r.has_before = before >= 0;
    if (before >= 0)
        r.before.algo = (enum sse_algo)before;
    return r;
}

static void
test_find(void)
{
    struct audit_record recs[] = {
        rec("set", "t", "http://h:1", "alpha", SSE_ALGO_AES256),     /* 0 */
        rec("set", "t", "http://h:1", "alpha", SSE_ALGO_KMS),        /* 1 */
        rec("remove", "t", "http://h:1", "alpha", -1),               /* 2: before unknown */
        rec("set", "other", "http://h:1", "alpha", SSE_ALGO_SM4),    /* 3: other profile */
        rec("set", "t", "http://elsewhere", "alpha", SSE_ALGO_SM4),  /* 4: other endpoint */
        rec("set", "t", "http://h:1", "beta", SSE_ALGO_NONE),        /* 5 */
        rec("set", "t", "http://region:2", "gamma", SSE_ALGO_SM4),   /* 6: discovered, regional */
    };
    size_t n = sizeof recs / sizeof recs[0];
    const char *eps[] = { "http://h:1" };
    CHECK_INT(undo_find(recs, n, "t", eps, 1, "alpha"), 1);
    CHECK_INT(undo_find(recs, n, "t", eps, 1, "beta"), 5);
    CHECK_INT(undo_find(recs, n, "t", eps, 1, "gamma"), UNDO_NONE);
    CHECK_INT(undo_find(recs, n, "t", eps, 1, "delta"), UNDO_NONE);
    CHECK_INT(undo_find(recs, 0, "t", eps, 1, "alpha"), UNDO_NONE);
    CHECK_INT(undo_find(recs, n, "other", eps, 1, "alpha"), 3);
    const char *both[] = { "http://region:2", "http://h:1" };
    CHECK_INT(undo_find(recs, n, "t", both, 2, "gamma"), 6);
    const char *with_null[] = { NULL, "http://elsewhere" };
    CHECK_INT(undo_find(recs, n, "t", with_null, 2, "alpha"), 4);
}

static void
test_kind_and_question(void)
{
    enum job_kind k;
    struct sse_rule r = { .algo = SSE_ALGO_NONE };
    CHECK(undo_kind(&r, &k));
    CHECK_INT(k, JOB_DELETE);
    r.algo = SSE_ALGO_KMS;
    CHECK(undo_kind(&r, &k));
    CHECK_INT(k, JOB_PUT);
    r.algo = SSE_ALGO_UNKNOWN;
    CHECK(!undo_kind(&r, &k));

    struct confirm c;
    memset(&c, 0, sizeof c);
    c.kind = CONFIRM_UNDO;
    strcpy(c.bucket, "alpha");
    c.rule_known = true;
    c.rule.algo = SSE_ALGO_KMS;
    strcpy(c.rule.kms_key_id, "k1");
    c.restore.algo = SSE_ALGO_AES256;
    strcpy(c.operation, "set");
    strcpy(c.when, "2026-01-02T03:04:05Z");
    char buf[512];
    confirm_question(&c, buf, sizeof buf);
    CHECK(strstr(buf, "Restore bucket alpha to AES256, its rule before the set at "
                      "2026-01-02T03:04:05Z (now KMS") == buf);
}

int
main(void)
{
    test_find();
    test_kind_and_question();
    return check_done("test_model_undo");
}
