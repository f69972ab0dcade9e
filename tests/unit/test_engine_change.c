/* test_engine_change.c — the phases of a job driven with canned answers: reads and listings, a
 * set and a remove through every phase, each phase's failure (before-read → nothing changed,
 * write, read-back, read-back mismatch, the audit log refusing the begin record → not sent),
 * transient failures retried per phase until the budget runs out, and the wording of each. */
#include <string.h>

#include "check.h"
#include "engine/change.h"

static const struct sse_rule AES = {.algo = SSE_ALGO_AES256};
static const struct sse_rule SM4 = {.algo = SSE_ALGO_SM4};
static const struct sse_rule NONE = {.algo = SSE_ALGO_NONE};

static struct sse_error failure;

/* A parsed answer carrying rule (a GET), or a 2xx to a write when rule is NULL. */
static struct change_answer
ok(const struct sse_rule *rule, const char *request_id)
{
    return (struct change_answer){.status = SSE_OK, .rule = rule, .http_status = 200,
                                  .request_id = request_id};
}

/* A failed answer; failure holds its error until the next call. */
static struct change_answer
bad(enum sse_status st, int http, const char *code, const char *msg, bool retryable)
{
    sse_error_clear(&failure);
    sse_error_set(&failure, st, "%s", msg);
    failure.http_status = http;
    sse_strlcpy(failure.code, code, sizeof failure.code);
    sse_strlcpy(failure.request_id, "RIDERR", sizeof failure.request_id);
    return (struct change_answer){.status = st, .error = &failure, .retryable = retryable,
                                  .http_status = http, .request_id = "RIDERR"};
}

static struct job
job_of(enum job_kind kind, const struct sse_rule *rule)
{
    struct job j;
    memset(&j, 0, sizeof j);
    j.kind = kind;
    j.id = 7;
    j.seq = 3;
    j.tag = 11;
    strcpy(j.bucket, "alpha");
    if (rule)
        j.rule = *rule;
    return j;
}

/* Sends the current request (checks which) and gives it the answer a. */
static enum change_action
reply(struct change *c, struct result *res, enum change_request want, struct change_answer a)
{
    CHECK_INT(change_request(c), want);
    change_sent(c, res);
    return change_answer(c, &a, res);
}

/* A change up to and through its begin record: returns at the write's turn. */
static void
through_before(struct change *c, struct result *res, const struct sse_rule *found)
{
    CHECK_INT(reply(c, res, CHANGE_GET_RULE, ok(found, "R1")), CHANGE_LOG_BEGIN);
    CHECK_INT(res->phase, JOB_PHASE_AUDIT);
    CHECK(res->before_known && sse_rule_equal(&res->before, found));
    CHECK_INT(change_logged(c, NULL, res), CHANGE_SEND);
    CHECK(c->logged);
    CHECK_INT(res->phase, JOB_PHASE_WRITE);
}

static void
test_get_and_list(void)
{
    struct job j = job_of(JOB_GET, NULL);
    struct change c;
    struct result res;
    memset(&res, 0, sizeof res);
    CHECK_INT(change_start(&c, &j, 3, &res), CHANGE_SEND);
    CHECK_INT(res.job_id, 7);
    CHECK_INT(res.seq, 3);
    CHECK_INT(res.tag, 11);
    CHECK_STR(res.bucket, "alpha");
    CHECK_INT(res.phase, JOB_PHASE_REQUEST);
    CHECK_INT(reply(&c, &res, CHANGE_GET_RULE, ok(&SM4, "R1")), CHANGE_DONE);
    CHECK_INT(res.status, SSE_OK);
    CHECK(res.rule_known && res.rule.algo == SSE_ALGO_SM4);
    CHECK_INT(c.log, CHANGE_LOG_NONE);
    CHECK_INT(res.attempts, 1);
    CHECK_STR(res.request_id, "R1");

    /* A read that fails shows the cause as it came. */
    memset(&res, 0, sizeof res);
    change_start(&c, &j, 3, &res);
    CHECK_INT(reply(&c, &res, CHANGE_GET_RULE,
                    bad(SSE_ERR_SERVICE, 404, "NoSuchBucket", "no such bucket", false)),
              CHANGE_DONE);
    CHECK_INT(res.status, SSE_ERR_SERVICE);
    CHECK_STR(res.error.message, "no such bucket");
    CHECK_STR(res.error.code, "NoSuchBucket");
    CHECK_INT(res.error.http_status, 404);
    CHECK_STR(res.cause.message, "no such bucket");
    CHECK(!res.rule_known);

    struct job l = job_of(JOB_LIST, NULL);
    memset(&res, 0, sizeof res);
    change_start(&c, &l, 3, &res);
    CHECK_INT(reply(&c, &res, CHANGE_LIST_BUCKETS, ok(NULL, "L1")), CHANGE_DONE);
    CHECK_INT(res.status, SSE_OK);
    CHECK(!res.rule_known);
}

static void
test_set_and_remove(void)
{
    struct job j = job_of(JOB_PUT, &AES);
    struct change c;
    struct result res;
    memset(&res, 0, sizeof res);
    CHECK_INT(change_start(&c, &j, 3, &res), CHANGE_SEND);
    CHECK_INT(res.phase, JOB_PHASE_BEFORE);
    CHECK(sse_rule_equal(&res.requested, &AES));
    through_before(&c, &res, &NONE);
    CHECK_INT(reply(&c, &res, CHANGE_PUT_RULE, ok(NULL, "R2")), CHANGE_SEND);
    CHECK_INT(res.phase, JOB_PHASE_READBACK);
    CHECK_INT(reply(&c, &res, CHANGE_GET_RULE, ok(&AES, "R3")), CHANGE_DONE);
    CHECK_INT(res.status, SSE_OK);
    CHECK_INT(res.phase, JOB_PHASE_READBACK);
    CHECK(res.rule_known && res.rule.algo == SSE_ALGO_AES256);
    CHECK_INT(c.log, CHANGE_LOG_END);
    CHECK_STR(c.request_ids[0], "R1");
    CHECK_STR(c.request_ids[1], "R2");
    CHECK_STR(c.request_ids[2], "R3");
    CHECK_INT(res.attempts, 3);
    CHECK_INT(res.retries, 0);
    CHECK_INT(res.error.status, SSE_OK);

    struct job d = job_of(JOB_DELETE, NULL);
    memset(&res, 0, sizeof res);
    change_start(&c, &d, 3, &res);
    through_before(&c, &res, &SM4);
    CHECK_INT(reply(&c, &res, CHANGE_DELETE_RULE, ok(NULL, "R2")), CHANGE_SEND);
    CHECK_INT(reply(&c, &res, CHANGE_GET_RULE, ok(&NONE, "R3")), CHANGE_DONE);
    CHECK_INT(res.status, SSE_OK);
    CHECK(res.rule_known && res.rule.algo == SSE_ALGO_NONE);
    CHECK_INT(c.log, CHANGE_LOG_END);
}

static void
test_phase_failures(void)
{
    struct job j = job_of(JOB_PUT, &AES);
    struct change c;
    struct result res;

    /* The before-read fails: nothing was logged, nothing written, and it says so. */
    memset(&res, 0, sizeof res);
    change_start(&c, &j, 3, &res);
    CHECK_INT(reply(&c, &res, CHANGE_GET_RULE,
                    bad(SSE_ERR_SERVICE, 403, "AccessDenied", "denied", false)),
              CHANGE_DONE);
    CHECK_INT(res.status, SSE_ERR_SERVICE);
    CHECK_INT(res.phase, JOB_PHASE_BEFORE);
    CHECK_INT(c.log, CHANGE_LOG_NONE);
    CHECK(!res.before_known);
    CHECK_STR(res.error.message, "cannot read the current rule, so nothing was changed: denied");
    CHECK_STR(res.error.code, "AccessDenied");
    CHECK_STR(res.error.request_id, "RIDERR");
    CHECK_STR(res.cause.message, "denied");
    CHECK_INT(res.attempts, 1);

    /* The write fails: logged as ended with the error, worded as OSS said it. */
    memset(&res, 0, sizeof res);
    change_start(&c, &j, 3, &res);
    through_before(&c, &res, &NONE);
    CHECK_INT(reply(&c, &res, CHANGE_PUT_RULE,
                    bad(SSE_ERR_SERVICE, 403, "AccessDenied", "no PutBucketEncryption", false)),
              CHANGE_DONE);
    CHECK_INT(res.phase, JOB_PHASE_WRITE);
    CHECK_INT(c.log, CHANGE_LOG_END);
    CHECK_STR(res.error.message, "no PutBucketEncryption");
    CHECK(!res.rule_known);

    /* The read-back fails: the write succeeded, and the message says both. */
    memset(&res, 0, sizeof res);
    change_start(&c, &j, 3, &res);
    through_before(&c, &res, &NONE);
    reply(&c, &res, CHANGE_PUT_RULE, ok(NULL, "R2"));
    CHECK_INT(reply(&c, &res, CHANGE_GET_RULE,
                    bad(SSE_ERR_SERVICE, 403, "AccessDenied", "no GetBucketEncryption", false)),
              CHANGE_DONE);
    CHECK_INT(res.phase, JOB_PHASE_READBACK);
    CHECK_INT(c.log, CHANGE_LOG_END);
    CHECK_STR(res.error.message, "setting the rule succeeded, but reading the rule back failed: "
                                 "no GetBucketEncryption");
    struct job d = job_of(JOB_DELETE, NULL);
    memset(&res, 0, sizeof res);
    change_start(&c, &d, 3, &res);
    through_before(&c, &res, &AES);
    reply(&c, &res, CHANGE_DELETE_RULE, ok(NULL, "R2"));
    reply(&c, &res, CHANGE_GET_RULE, bad(SSE_ERR_TIMEOUT, 0, "", "no answer", false));
    CHECK_INT(res.status, SSE_ERR_TIMEOUT);
    CHECK_STR(res.error.message,
              "removing the rule succeeded, but reading the rule back failed: no answer");

    /* The read-back differs: a mismatch, with what OSS reports against what was written. */
    memset(&res, 0, sizeof res);
    change_start(&c, &j, 3, &res);
    through_before(&c, &res, &NONE);
    reply(&c, &res, CHANGE_PUT_RULE, ok(NULL, "R2"));
    CHECK_INT(reply(&c, &res, CHANGE_GET_RULE, ok(&SM4, "R3")), CHANGE_DONE);
    CHECK_INT(res.status, SSE_ERR_MISMATCH);
    CHECK_INT(res.error.status, SSE_ERR_MISMATCH);
    CHECK_INT(res.phase, JOB_PHASE_READBACK);
    CHECK_INT(c.log, CHANGE_LOG_END);
    CHECK(res.rule_known && res.rule.algo == SSE_ALGO_SM4); /* the log's "after" */
    CHECK_STR(res.error.message, "OSS accepted the change but now reports SM4 instead of AES256");
    CHECK_INT(res.error.http_status, 200);
    CHECK_STR(res.error.request_id, "R3");
    CHECK_STR(res.cause.message, "");
    memset(&res, 0, sizeof res);
    change_start(&c, &d, 3, &res);
    through_before(&c, &res, &AES);
    reply(&c, &res, CHANGE_DELETE_RULE, ok(NULL, "R2"));
    reply(&c, &res, CHANGE_GET_RULE, ok(&AES, "R3"));
    CHECK_INT(res.status, SSE_ERR_MISMATCH);
    CHECK_STR(res.error.message, "OSS accepted the change but now reports AES256 instead of no rule");

    /* The audit log refuses the begin record: the write is never sent. */
    memset(&res, 0, sizeof res);
    change_start(&c, &j, 3, &res);
    CHECK_INT(reply(&c, &res, CHANGE_GET_RULE, ok(&NONE, "R1")), CHANGE_LOG_BEGIN);
    struct sse_error io;
    sse_error_clear(&io);
    sse_error_set(&io, SSE_ERR_IO, "cannot write the audit log /x: No space left on device");
    CHECK_INT(change_logged(&c, &io, &res), CHANGE_DONE);
    CHECK_INT(res.status, SSE_ERR_IO);
    CHECK_INT(res.phase, JOB_PHASE_AUDIT);
    CHECK_INT(c.log, CHANGE_LOG_NONE);
    CHECK(!c.logged);
    CHECK_INT(res.attempts, 1); /* the GET only */
    CHECK_STR(res.error.message,
              "cannot write the audit log /x: No space left on device; nothing was changed");

    /* A request that could not even be sent (signing, memory) ends the job at once. */
    memset(&res, 0, sizeof res);
    change_start(&c, &j, 3, &res);
    struct sse_error nomem;
    sse_error_clear(&nomem);
    sse_error_set(&nomem, SSE_ERR_NOMEM, "out of memory");
    struct change_answer local = {.status = SSE_ERR_NOMEM, .error = &nomem, .request_id = ""};
    CHECK_INT(change_answer(&c, &local, &res), CHANGE_DONE);
    CHECK_INT(res.status, SSE_ERR_NOMEM);
    CHECK_INT(res.attempts, 0);

    /* The log cannot be completed: a success becomes that failure, a failure stays. */
    memset(&res, 0, sizeof res);
    change_start(&c, &j, 3, &res);
    through_before(&c, &res, &NONE);
    reply(&c, &res, CHANGE_PUT_RULE, ok(NULL, "R2"));
    reply(&c, &res, CHANGE_GET_RULE, ok(&AES, "R3"));
    CHECK_INT(res.status, SSE_OK);
    change_log_failed(&c, &io, &res);
    CHECK_INT(res.status, SSE_ERR_IO);
    CHECK_STR(res.error.message, io.message);
    memset(&res, 0, sizeof res);
    change_start(&c, &j, 3, &res);
    reply(&c, &res, CHANGE_GET_RULE, bad(SSE_ERR_SERVICE, 403, "AccessDenied", "denied", false));
    change_log_failed(&c, &io, &res);
    CHECK_INT(res.status, SSE_ERR_SERVICE);
}

/* Transient failures: each phase retries up to its own budget, then the failure stands. */
static void
test_retries(void)
{
    struct job j = job_of(JOB_PUT, &AES);
    struct change c;
    struct result res;
    for (int phase = 0; phase < 3; phase++) {
        memset(&res, 0, sizeof res);
        change_start(&c, &j, 2, &res);
        enum change_request req[3] = {CHANGE_GET_RULE, CHANGE_PUT_RULE, CHANGE_GET_RULE};
        /* Phases before the failing one each retry once first, then succeed: the budgets are
         * separate. */
        for (int p = 0; p < phase; p++) {
            CHECK_INT(reply(&c, &res, req[p],
                            bad(SSE_ERR_SERVICE, 503, "ServiceUnavailable", "busy", true)),
                      CHANGE_RETRY);
            if (p == 0) {
                CHECK_INT(reply(&c, &res, req[p], ok(&NONE, "R1")), CHANGE_LOG_BEGIN);
                change_logged(&c, NULL, &res);
            } else {
                CHECK_INT(reply(&c, &res, req[p], ok(NULL, "R2")), CHANGE_SEND);
            }
        }
        CHECK_INT(reply(&c, &res, req[phase],
                        bad(SSE_ERR_SERVICE, 503, "ServiceUnavailable", "busy 1", true)),
                  CHANGE_RETRY);
        CHECK_INT(c.attempts, 1); /* the backoff for retry number 1 */
        CHECK_STR(res.cause.message, "busy 1");
        CHECK_INT(reply(&c, &res, req[phase],
                        bad(SSE_ERR_SERVICE, 503, "ServiceUnavailable", "busy 2", true)),
                  CHANGE_RETRY);
        CHECK_INT(c.attempts, 2);
        CHECK_INT(reply(&c, &res, req[phase],
                        bad(SSE_ERR_SERVICE, 503, "ServiceUnavailable", "busy 3", true)),
                  CHANGE_DONE);
        CHECK_INT(res.status, SSE_ERR_SERVICE);
        CHECK_INT(res.retries, 2 + phase);
        CHECK_INT(res.attempts, 3 + 2 * phase);
        CHECK_INT(res.phase, phase == 0 ? JOB_PHASE_BEFORE : phase == 1 ? JOB_PHASE_WRITE
                                                                         : JOB_PHASE_READBACK);
        CHECK_INT(c.log, phase == 0 ? CHANGE_LOG_NONE : CHANGE_LOG_END);
        CHECK(strstr(res.error.message, "busy 3") != NULL);
    }

    /* A retry that succeeds leaves no error behind. */
    struct job g = job_of(JOB_GET, NULL);
    memset(&res, 0, sizeof res);
    change_start(&c, &g, 2, &res);
    reply(&c, &res, CHANGE_GET_RULE, bad(SSE_ERR_NETWORK, 0, "", "reset", true));
    CHECK_INT(reply(&c, &res, CHANGE_GET_RULE, ok(&AES, "R2")), CHANGE_DONE);
    CHECK_INT(res.status, SSE_OK);
    CHECK_INT(res.retries, 1);
    CHECK_STR(res.cause.message, "");
    CHECK_INT(res.error.status, SSE_OK);

    /* No retries configured: the first transient failure stands; a non-transient one always. */
    memset(&res, 0, sizeof res);
    change_start(&c, &g, 0, &res);
    CHECK_INT(reply(&c, &res, CHANGE_GET_RULE, bad(SSE_ERR_TIMEOUT, 0, "", "slow", true)),
              CHANGE_DONE);
    memset(&res, 0, sizeof res);
    change_start(&c, &g, 5, &res);
    CHECK_INT(reply(&c, &res, CHANGE_GET_RULE,
                    bad(SSE_ERR_SERVICE, 403, "SignatureDoesNotMatch", "sig", false)),
              CHANGE_DONE);
    CHECK_INT(res.retries, 0);
}

/* Conditional writes and nothing to change: both decided by the BEFORE read, nothing sent. */
static void
test_seen_and_unchanged(void)
{
    struct sse_rule kms = {.algo = SSE_ALGO_KMS};
    strcpy(kms.kms_key_id, "their-key");
    struct change c;
    struct result res;

    /* The user saw AES256; another admin set KMS with their CMK since: left as they made it. */
    struct job j = job_of(JOB_PUT, &SM4);
    j.expect_known = true;
    j.expect = AES;
    memset(&res, 0, sizeof res);
    change_start(&c, &j, 3, &res);
    CHECK_INT(reply(&c, &res, CHANGE_GET_RULE, ok(&kms, "R1")), CHANGE_DONE);
    CHECK_INT(res.status, SSE_ERR_CHANGED);
    CHECK_INT(res.phase, JOB_PHASE_BEFORE);
    CHECK_INT(c.log, CHANGE_LOG_SKIP);
    CHECK(!c.logged);
    CHECK(res.before_known && sse_rule_equal(&res.before, &kms));
    CHECK(res.rule_known && sse_rule_equal(&res.rule, &kms));
    CHECK(!res.unchanged);
    CHECK_INT(res.attempts, 1);
    CHECK_STR(res.error.message, "changed since you looked: now KMS (CMK their-key)");
    CHECK_STR(sse_error_code(&res.error), "ChangedSinceSeen");
    CHECK_STR(res.error.request_id, "R1");
    CHECK_STR(c.request_ids[0], "R1");

    /* A remove whose bucket lost its rule meanwhile: changed too (the rule seen is gone). */
    struct job d = job_of(JOB_DELETE, NULL);
    d.expect_known = true;
    d.expect = SM4;
    memset(&res, 0, sizeof res);
    change_start(&c, &d, 3, &res);
    CHECK_INT(reply(&c, &res, CHANGE_GET_RULE, ok(&NONE, "R1")), CHANGE_DONE);
    CHECK_INT(res.status, SSE_ERR_CHANGED);
    CHECK_STR(res.error.message, "changed since you looked: now none");

    /* Changed, and now holding what was asked: still reported as changed by someone else. */
    j.expect = NONE;
    j.rule = kms;
    memset(&res, 0, sizeof res);
    change_start(&c, &j, 3, &res);
    CHECK_INT(reply(&c, &res, CHANGE_GET_RULE, ok(&kms, "R1")), CHANGE_DONE);
    CHECK_INT(res.status, SSE_ERR_CHANGED);

    /* Still as seen: the change goes ahead through every phase. */
    j.expect = AES;
    j.rule = SM4;
    memset(&res, 0, sizeof res);
    change_start(&c, &j, 3, &res);
    through_before(&c, &res, &AES);
    reply(&c, &res, CHANGE_PUT_RULE, ok(NULL, "R2"));
    CHECK_INT(reply(&c, &res, CHANGE_GET_RULE, ok(&SM4, "R3")), CHANGE_DONE);
    CHECK_INT(res.status, SSE_OK);
    CHECK_INT(c.log, CHANGE_LOG_END);

    /* Nothing to change: the rule asked for is there already (or no rule, for a remove). */
    struct job same = job_of(JOB_PUT, &kms);
    memset(&res, 0, sizeof res);
    change_start(&c, &same, 3, &res);
    CHECK_INT(reply(&c, &res, CHANGE_GET_RULE, ok(&kms, "R1")), CHANGE_DONE);
    CHECK_INT(res.status, SSE_OK);
    CHECK(res.unchanged);
    CHECK(res.rule_known && sse_rule_equal(&res.rule, &kms));
    CHECK_INT(c.log, CHANGE_LOG_NONE);
    CHECK_INT(res.attempts, 1);
    same.expect_known = true; /* seen as it is: the same */
    same.expect = kms;
    memset(&res, 0, sizeof res);
    change_start(&c, &same, 3, &res);
    reply(&c, &res, CHANGE_GET_RULE, ok(&kms, "R1"));
    CHECK(res.unchanged && res.status == SSE_OK);
    struct sse_rule other_key = kms;
    strcpy(other_key.kms_key_id, "another");
    same.expect_known = false;
    memset(&res, 0, sizeof res);
    change_start(&c, &same, 3, &res);
    CHECK_INT(reply(&c, &res, CHANGE_GET_RULE, ok(&other_key, "R1")), CHANGE_LOG_BEGIN);
    CHECK(!res.unchanged);
    d.expect_known = false;
    memset(&res, 0, sizeof res);
    change_start(&c, &d, 3, &res);
    CHECK_INT(reply(&c, &res, CHANGE_GET_RULE, ok(&NONE, "R1")), CHANGE_DONE);
    CHECK(res.unchanged && res.status == SSE_OK && res.rule.algo == SSE_ALGO_NONE);
    CHECK_INT(c.log, CHANGE_LOG_NONE);
}

/* The final pass: retries run out on a busy service → parked; resumed once, in its own phase,
 * with the backoff continuing and a fresh budget; its next failure stands. */
static void
test_final_pass(void)
{
    struct job g = job_of(JOB_GET, NULL);
    struct change c;
    struct result res;
    struct change_answer busy = bad(SSE_ERR_SERVICE, 503, "ServiceUnavailable", "busy", true);
    busy.parkable = true;
    memset(&res, 0, sizeof res);
    change_start(&c, &g, 2, &res);
    CHECK_INT(reply(&c, &res, CHANGE_GET_RULE, busy), CHANGE_RETRY);
    CHECK_INT(reply(&c, &res, CHANGE_GET_RULE, busy), CHANGE_RETRY);
    CHECK_INT(reply(&c, &res, CHANGE_GET_RULE, busy), CHANGE_PARK);
    CHECK(!res.final_pass);
    CHECK_STR(res.cause.message, "busy");
    CHECK_INT(change_resume(&c, &res), CHANGE_RETRY);
    CHECK(res.final_pass && c.final_pass);
    CHECK_INT(c.attempts, 3); /* the first wait is that of retry number 3 */
    CHECK_INT(res.retries, 3);
    CHECK_INT(reply(&c, &res, CHANGE_GET_RULE, busy), CHANGE_RETRY);
    CHECK_INT(c.attempts, 4);
    CHECK_INT(reply(&c, &res, CHANGE_GET_RULE, busy), CHANGE_RETRY);
    CHECK_INT(reply(&c, &res, CHANGE_GET_RULE, busy), CHANGE_DONE); /* never parked twice */
    CHECK_INT(res.status, SSE_ERR_SERVICE);
    CHECK_INT(res.attempts, 6);
    CHECK(res.final_pass);

    /* Mended in the final pass. */
    memset(&res, 0, sizeof res);
    change_start(&c, &g, 0, &res);
    CHECK_INT(reply(&c, &res, CHANGE_GET_RULE, busy), CHANGE_PARK);
    change_resume(&c, &res);
    CHECK_INT(reply(&c, &res, CHANGE_GET_RULE, ok(&AES, "R2")), CHANGE_DONE);
    CHECK_INT(res.status, SSE_OK);
    CHECK(res.final_pass && res.rule.algo == SSE_ALGO_AES256);

    /* Retryable but not a busy service (a skewed clock): no final pass. */
    memset(&res, 0, sizeof res);
    change_start(&c, &g, 0, &res);
    CHECK_INT(reply(&c, &res, CHANGE_GET_RULE,
                    bad(SSE_ERR_SERVICE, 403, "RequestTimeTooSkewed", "skew", true)),
              CHANGE_DONE);
    CHECK(!res.final_pass);

    /* A write parked in its WRITE phase resumes writing, logged as begun, and still reads back;
     * one parked in READBACK resumes reading back. */
    struct job j = job_of(JOB_PUT, &AES);
    memset(&res, 0, sizeof res);
    change_start(&c, &j, 0, &res);
    through_before(&c, &res, &NONE);
    CHECK_INT(reply(&c, &res, CHANGE_PUT_RULE, busy), CHANGE_PARK);
    CHECK_INT(change_resume(&c, &res), CHANGE_RETRY);
    CHECK(c.logged);
    CHECK_INT(reply(&c, &res, CHANGE_PUT_RULE, ok(NULL, "R2")), CHANGE_SEND);
    CHECK_INT(reply(&c, &res, CHANGE_GET_RULE, busy), CHANGE_DONE); /* the pass was used */
    CHECK_INT(res.phase, JOB_PHASE_READBACK);
    CHECK(strstr(res.error.message, "setting the rule succeeded, but reading the rule back") != NULL);
    CHECK_INT(c.log, CHANGE_LOG_END);
    memset(&res, 0, sizeof res);
    change_start(&c, &j, 0, &res);
    through_before(&c, &res, &NONE);
    reply(&c, &res, CHANGE_PUT_RULE, ok(NULL, "R2"));
    CHECK_INT(reply(&c, &res, CHANGE_GET_RULE, busy), CHANGE_PARK);
    change_resume(&c, &res);
    CHECK_INT(reply(&c, &res, CHANGE_GET_RULE, ok(&AES, "R3")), CHANGE_DONE);
    CHECK_INT(res.status, SSE_OK);
    CHECK_INT(res.attempts, 4);
}

int
main(void)
{
    test_final_pass();
    test_seen_and_unchanged();
    test_get_and_list();
    test_set_and_remove();
    test_phase_failures();
    test_retries();
    return check_done("change");
}
