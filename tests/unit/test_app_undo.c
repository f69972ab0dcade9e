/* test_app_undo.c — the undo index: which change an undo reverses (newest with a known "before",
 * same profile, one of the endpoints, same bucket), the newest of a profile, changes this run
 * adds; the job kind that restores it; the undo question. */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "model/form.h"
#include "app/undo.h"

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
    struct undo_index x;
    undo_index_init(&x);
    const char *eps[] = { "http://h:1" };
    CHECK_INT(undo_find(&x, "t", eps, 1, "alpha"), UNDO_NONE); /* empty */
    CHECK_INT(undo_latest(&x, "t"), UNDO_NONE);
    for (size_t i = 0; i < n; i++)
        CHECK_INT(undo_index_add(&x, &recs[i]), SSE_OK);
    CHECK_INT(x.count, n - 1); /* the record without a "before" is not kept */
    /* Indexes into x.changes: 0 1 | 2 3 4 5 are recs 0 1 | 3 4 5 6. */
    CHECK_INT(undo_find(&x, "t", eps, 1, "alpha"), 1);
    CHECK_INT(x.changes[1].before.algo, SSE_ALGO_KMS);
    CHECK_STR(x.changes[1].operation, "set");
    CHECK_INT(undo_find(&x, "t", eps, 1, "beta"), 4);
    CHECK_INT(undo_find(&x, "t", eps, 1, "gamma"), UNDO_NONE);
    CHECK_INT(undo_find(&x, "t", eps, 1, "delta"), UNDO_NONE);
    CHECK_INT(undo_find(&x, "other", eps, 1, "alpha"), 2);
    const char *both[] = { "http://region:2", "http://h:1" };
    CHECK_INT(undo_find(&x, "t", both, 2, "gamma"), 5);
    const char *with_null[] = { NULL, "http://elsewhere" };
    CHECK_INT(undo_find(&x, "t", with_null, 2, "alpha"), 3);
    CHECK_INT(undo_latest(&x, "t"), 5);
    CHECK_INT(undo_latest(&x, "other"), 2);
    CHECK_INT(undo_latest(&x, "none"), UNDO_NONE);

    /* A change this run makes is found next, with what it left. */
    struct sse_rule sm4 = { .algo = SSE_ALGO_SM4 }, aes = { .algo = SSE_ALGO_AES256 };
    CHECK_INT(undo_index_add_change(&x, "set", "op-1", "", "t", "http://h:1", "alpha", &sm4, &aes,
                                    "2026-02-03T04:05:06Z"), SSE_OK);
    size_t c = undo_find(&x, "t", eps, 1, "alpha");
    CHECK_INT(c, 6);
    CHECK_STR(x.changes[c].time, "2026-02-03T04:05:06Z");
    CHECK_INT(x.changes[c].before.algo, SSE_ALGO_SM4);
    CHECK(x.changes[c].after_known && x.changes[c].after.algo == SSE_ALGO_AES256);
    /* Undos stack: the undo of that change takes it back, so the next undo reverses the change
     * before it; a second undo takes that back too, and then nothing is left. */
    CHECK_INT(undo_index_add_change(&x, "undo", "op-2", "op-1", "t", "http://h:1", "alpha", &aes, &sm4, "u1"),
              SSE_OK);
    CHECK_INT(undo_find(&x, "t", eps, 1, "alpha"), 1);
    CHECK_INT(undo_index_add_change(&x, "undo", "op-3", "", "t", "http://h:1", "alpha", &sm4, &aes, "u2"),
              SSE_OK);
    CHECK_INT(undo_find(&x, "t", eps, 1, "alpha"), 0);
    CHECK_INT(undo_index_add_change(&x, "undo", "op-4", "", "t", "http://h:1", "alpha", &aes, &aes, "u3"),
              SSE_OK);
    CHECK_INT(undo_find(&x, "t", eps, 1, "alpha"), UNDO_NONE);
    /* ... which the newest of the profile skips too: gamma's change is the newest left. */
    CHECK_INT(undo_latest(&x, "t"), 5);
    /* An undo at another endpoint takes back nothing here. */
    CHECK_INT(undo_find(&x, "t", both, 2, "gamma"), 5);

    /* Many buckets: the index grows and still finds each one's newest change. */
    char name[64];
    for (int i = 0; i < 3000; i++) {
        snprintf(name, sizeof name, "b-%04d", i);
        undo_index_add_change(&x, "set", NULL, NULL, "t", "http://h:1", name, &sm4, NULL, "t0");
        undo_index_add_change(&x, "set", NULL, NULL, "t", "http://h:1", name, &sm4, NULL, "t1");
    }
    size_t wrong = 0;
    for (int i = 0; i < 3000; i++) {
        snprintf(name, sizeof name, "b-%04d", i);
        size_t k = undo_find(&x, "t", eps, 1, name);
        wrong += k == UNDO_NONE || strcmp(x.changes[k].time, "t1") != 0 ||
                 strcmp(x.changes[k].bucket, name) != 0;
    }
    CHECK_INT(wrong, 0);
    undo_index_cleanup(&x);
}

/* Operations: each record counts in its operation (how it went), a change with its "before" known
 * also as a change; an undo by ID marks the operation it takes back, and which change of it. */
static void
test_operations(void)
{
    struct audit_record recs[] = {
        rec("set", "t", "http://h:1", "alpha", SSE_ALGO_AES256),
        rec("set", "t", "http://h:1", "beta", SSE_ALGO_NONE),
        rec("set", "t", "http://h:1", "gamma", -1),         /* a skip: no "before" */
        rec("set", "t", "http://h:1", "delta", SSE_ALGO_SM4), /* an old line: no operation */
        rec("remove", "t", "http://h:1", "alpha", SSE_ALGO_SM4),
    };
    for (int i = 0; i < 3; i++)
        strcpy(recs[i].operation_id, "op-a");
    strcpy(recs[0].time, "2026-01-02T03:04:05Z");
    strcpy(recs[4].operation_id, "op-b");
    recs[0].ended = recs[1].ended = recs[2].ended = true;
    strcpy(recs[0].outcome, "ok");
    strcpy(recs[1].outcome, "error");
    strcpy(recs[2].outcome, "skipped");
    struct undo_index x;
    undo_index_init(&x);
    CHECK_INT(undo_operation_find(&x, "op-a"), UNDO_NONE);
    for (size_t i = 0; i < sizeof recs / sizeof recs[0]; i++)
        CHECK_INT(undo_index_add(&x, &recs[i]), SSE_OK);
    CHECK_INT(x.nops, 2);
    size_t a = undo_operation_find(&x, "op-a"), b = undo_operation_find(&x, "op-b");
    CHECK_INT(a, 0);
    CHECK_INT(b, 1);
    CHECK_INT(undo_operation_find(&x, "op-c"), UNDO_NONE);
    CHECK_INT(undo_operation_find(&x, ""), UNDO_NONE);
    const struct undo_operation *oa = &x.ops[a];
    CHECK_STR(oa->operation, "set");
    CHECK_STR(oa->time, "2026-01-02T03:04:05Z");
    CHECK_INT(oa->buckets, 3);
    CHECK_INT(oa->changes, 2);
    CHECK_INT(oa->outcomes[UNDO_OK], 1);
    CHECK_INT(oa->outcomes[UNDO_FAILED], 1);
    CHECK_INT(oa->outcomes[UNDO_SKIPPED], 1);
    CHECK_INT(x.ops[b].outcomes[UNDO_INTERRUPTED], 1); /* no end record */
    CHECK_INT(oa->undone, 0);

    /* Undo op-a on beta (change 1): op-a is partly undone, by op-c; alpha's change is not. */
    struct sse_rule none = { .algo = SSE_ALGO_NONE }, aes = { .algo = SSE_ALGO_AES256 };
    CHECK_INT(undo_index_add_change(&x, "undo", "op-c", "op-a", "t", "http://h:1", "beta", &aes,
                                    &none, "2026-01-03T00:00:00Z"), SSE_OK);
    CHECK_INT(undo_index_note(&x, "op-c", "undo", "op-a", "t", "2026-01-03T00:00:00Z", UNDO_OK),
              SSE_OK);
    size_t c = undo_operation_find(&x, "op-c");
    CHECK_INT(c, 2);
    CHECK_INT(x.ops[c].buckets, 1);
    CHECK_INT(x.ops[c].changes, 1);
    CHECK_STR(x.ops[c].undoes, "op-a");
    oa = &x.ops[a];
    CHECK_INT(oa->undone, 1);
    CHECK_INT(oa->undone_by, c + 1);
    CHECK_INT(undo_taken_back_by(&x, 1), x.count - 1);
    CHECK_INT(undo_taken_back_by(&x, 0), UNDO_NONE);
    CHECK_INT(undo_taken_back_by(&x, 2), UNDO_NONE); /* no operation ID: never taken back by ID */
    CHECK_INT(undo_taken_back_by(&x, 99), UNDO_NONE);

    /* Many operations: the table grows and finds each. */
    char id[40];
    for (int i = 0; i < 500; i++) {
        snprintf(id, sizeof id, "op-%04d", i);
        CHECK_INT(undo_index_note(&x, id, "set", "", "t", "t0", UNDO_OK), SSE_OK);
        CHECK_INT(undo_index_note(&x, id, "set", "", "t", "t1", UNDO_SKIPPED), SSE_OK);
    }
    size_t wrong = 0;
    for (int i = 0; i < 500; i++) {
        snprintf(id, sizeof id, "op-%04d", i);
        size_t k = undo_operation_find(&x, id);
        wrong += k == UNDO_NONE || strcmp(x.ops[k].id, id) != 0 || x.ops[k].buckets != 2 ||
                 strcmp(x.ops[k].time, "t0") != 0;
    }
    CHECK_INT(wrong, 0);
    undo_index_cleanup(&x);
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
    /* A recorded CMK ID that could not be sent back (a control character in it) is refused too. */
    r.algo = SSE_ALGO_KMS;
    strcpy(r.kms_key_id, "k\x1b]0;x\x07");
    CHECK(!undo_kind(&r, &k));
    r.kms_key_id[0] = '\0';
    r.data_enc = SSE_DATA_ENC_UNKNOWN;
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
    test_operations();
    test_kind_and_question();
    return check_done("test_app_undo");
}
