/* worker_stress.c — drives the worker hard against a running ossemu (port in argv[1]): a flood of
 * jobs whose results are collected late, stops while transfers are in flight, start/stop cycles;
 * with a second ossemu that refuses beyond a few requests in flight (port in argv[4]), the
 * adaptive limit backing off and recovering; with its request log (argv[5]), safe changes; with
 * two stormy ones (argv[6…9]: port and log of each), the final pass.
 * Built for the sanitizer runs (TSan especially); prints the plain closing line. */
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "engine/worker.h"

static int passed, failed;
#define EXPECT(cond)                                                            \
    do {                                                                        \
        if (cond)                                                               \
            passed++;                                                           \
        else {                                                                  \
            failed++;                                                           \
            fprintf(stderr, "%s:%d: expected %s\n", __FILE__, __LINE__, #cond); \
        }                                                                       \
    } while (0)

static struct oss_account account;

static void
submit_to(struct worker *w, const struct oss_account *acct, int n, int buckets)
{
    for (int i = 0; i < n; i++) {
        char name[32];
        snprintf(name, sizeof name, "bucket-%05d", i % buckets + 1);
        struct job *j = job_new(JOB_GET, acct, name);
        j->tag = (uintptr_t)i;
        worker_submit(w, j);
    }
}

static void
submit_gets(struct worker *w, int n, int buckets)
{
    submit_to(w, &account, n, buckets);
}

/* Collects n results (tags 0 … n-1); the number that came back, and of those the successes. */
static size_t
collect(struct worker *w, size_t n, unsigned char *seen, size_t *ok)
{
    size_t got = 0;
    *ok = 0;
    memset(seen, 0, n);
    while (got < n) {
        struct pollfd p = {.fd = worker_fd(w), .events = POLLIN};
        if (poll(&p, 1, 20000) == 0)
            break;
        for (struct result *r = worker_take_results(w), *next; r; r = next) {
            next = r->next;
            if (r->tag < n && !seen[r->tag]) {
                seen[r->tag] = 1;
                got++;
                *ok += r->status == SSE_OK && r->rule_known;
            }
            result_free(r);
        }
    }
    return got;
}

/* Runs one job to its result (caller frees). */
static struct result *
run_one(struct worker *w, struct job *j)
{
    worker_submit(w, j);
    for (;;) {
        struct result *r = worker_take_results(w);
        if (r)
            return r;
        struct pollfd p = {.fd = worker_fd(w), .events = POLLIN};
        if (poll(&p, 1, 20000) == 0)
            return NULL;
    }
}

static struct sse_rule
read_rule(struct worker *w, const char *bucket)
{
    struct result *r = run_one(w, job_new(JOB_GET, &account, bucket));
    struct sse_rule rule = {.algo = SSE_ALGO_UNKNOWN};
    EXPECT(r && r->status == SSE_OK && r->rule_known);
    if (r && r->rule_known)
        rule = r->rule;
    result_free(r);
    return rule;
}

/* PUT requests for bucket in ossemu's request log. */
static int
puts_for(const char *log, const char *bucket)
{
    FILE *f = fopen(log, "r");
    char line[8192], path[96];
    snprintf(path, sizeof path, "\"path\":\"/%s/\"", bucket);
    int n = 0;
    while (f && fgets(line, sizeof line, f))
        n += strstr(line, "\"method\":\"PUT\"") && strstr(line, path);
    if (f)
        fclose(f);
    return n;
}

static void
safe_changes(const struct oss_transport *transport, const char *emu_log)
{
    char dir[] = "/tmp/worker-stress-XXXXXX", path[64];
    EXPECT(mkdtemp(dir) != NULL);
    snprintf(path, sizeof path, "%s/audit.log", dir);
    struct sse_error err;
    sse_error_clear(&err);
    struct audit_log *log = audit_open(path, &err);
    EXPECT(log != NULL);
    struct worker *w = worker_start(transport, NULL, &err);
    worker_set_audit(w, log);
    char op[AUDIT_ID_MAX];
    audit_new_operation_id(op, time(NULL));

    /* Seen as SM4 with a CMK it never had: changed since, so left alone. */
    struct sse_rule was = read_rule(w, "bucket-00090");
    struct job *j = job_new(JOB_PUT, &account, "bucket-00090");
    j->rule.algo = was.algo == SSE_ALGO_AES256 ? SSE_ALGO_SM4 : SSE_ALGO_AES256;
    j->expect_known = true;
    j->expect.algo = SSE_ALGO_KMS;
    strcpy(j->expect.kms_key_id, "seen-key");
    strcpy(j->operation_id, op);
    struct result *r = run_one(w, j);
    EXPECT(r && r->status == SSE_ERR_CHANGED && r->attempts == 1);
    EXPECT(r && r->before_known && sse_rule_equal(&r->before, &was));
    EXPECT(r && strstr(r->error.message, "changed since you looked: now ") != NULL);
    result_free(r);
    struct sse_rule after = read_rule(w, "bucket-00090");
    EXPECT(sse_rule_equal(&after, &was));

    /* Nothing to change: the rule it holds. */
    was = read_rule(w, "bucket-00091");
    j = job_new(was.algo == SSE_ALGO_NONE ? JOB_DELETE : JOB_PUT, &account, "bucket-00091");
    j->rule = was;
    strcpy(j->operation_id, op);
    r = run_one(w, j);
    EXPECT(r && r->status == SSE_OK && r->unchanged && r->attempts == 1);
    EXPECT(r && r->rule_known && sse_rule_equal(&r->rule, &was));
    result_free(r);

    /* Still as seen: written and read back. */
    was = read_rule(w, "bucket-00092");
    j = job_new(JOB_PUT, &account, "bucket-00092");
    j->rule.algo = was.algo == SSE_ALGO_AES256 ? SSE_ALGO_SM4 : SSE_ALGO_AES256;
    j->expect_known = true;
    j->expect = was;
    strcpy(j->operation_id, op);
    r = run_one(w, j);
    EXPECT(r && r->status == SSE_OK && !r->unchanged && r->attempts == 3);
    result_free(r);
    worker_stop(w);
    audit_close(log);

    EXPECT(puts_for(emu_log, "bucket-00090") == 0);
    EXPECT(puts_for(emu_log, "bucket-00091") == 0);
    EXPECT(puts_for(emu_log, "bucket-00092") == 1);
    struct audit_record *recs;
    size_t n, skipped;
    EXPECT(audit_read(path, &recs, &n, &skipped, &err) == SSE_OK);
    EXPECT(n == 2 && skipped == 0);
    if (n == 2) {
        EXPECT(strcmp(recs[0].bucket, "bucket-00090") == 0);
        EXPECT(strcmp(recs[0].outcome, "skipped") == 0);
        EXPECT(strcmp(recs[0].operation_id, op) == 0);
        EXPECT(recs[0].has_expected && strcmp(recs[0].expected.kms_key_id, "seen-key") == 0);
        EXPECT(recs[0].has_after && sse_rule_equal(&recs[0].after, &after));
        EXPECT(strcmp(recs[1].bucket, "bucket-00092") == 0);
        EXPECT(strcmp(recs[1].outcome, "ok") == 0);
        EXPECT(strcmp(recs[1].operation_id, op) == 0);
    }
    free(recs);
    unlink(path);
    rmdir(dir);
}

/* The seq numbers of the requests in ossemu's log for bucket (path style), in order; their
 * methods' first letters in methods. Returns how many (at most max). */
static size_t
requests_for(const char *log, const char *bucket, long *seqs, char *methods, size_t max)
{
    FILE *f = fopen(log, "r");
    char line[8192], path[96];
    snprintf(path, sizeof path, "\"path\":\"/%s/\"", bucket);
    size_t n = 0;
    while (f && fgets(line, sizeof line, f) && n < max) {
        const char *seq = strstr(line, "\"seq\":"), *method = strstr(line, "\"method\":\"");
        if (!seq || !method || !strstr(line, path))
            continue;
        seqs[n] = strtol(seq + 6, NULL, 10);
        methods[n++] = method[10];
    }
    if (f)
        fclose(f);
    methods[n] = '\0';
    /* The log is written as answers go out: put them in the order they came. */
    for (size_t i = 1; i < n; i++)
        for (size_t k = i; k > 0 && seqs[k - 1] > seqs[k]; k--) {
            long t = seqs[k];
            seqs[k] = seqs[k - 1];
            seqs[k - 1] = t;
            char m = methods[k];
            methods[k] = methods[k - 1];
            methods[k - 1] = m;
        }
    return n;
}

/* A worker for the stormy ossemu on port, with these retries and concurrency (*acct its
 * account). */
static struct worker *
storm_worker(const struct oss_transport *transport, const char *port, int retries,
             int concurrency, struct oss_account *acct)
{
    *acct = account;
    snprintf(acct->endpoint, sizeof acct->endpoint, "http://localhost:%s", port);
    struct oss_transport t = *transport;
    t.retries = retries;
    t.concurrency = concurrency;
    struct sse_error err;
    sse_error_clear(&err);
    return worker_start(&t, NULL, &err);
}

/* Every request refused: each job's retries run out, it is parked, and only once every job's
 * first pass is over does any final-pass request go out; then each fails for good. */
static void
final_pass_order(const struct oss_transport *transport, const char *port, const char *log)
{
    static struct oss_account storm; /* outlives the worker */
    struct worker *w = storm_worker(transport, port, 1, 8, &storm);
    enum { M = 12 };
    submit_to(w, &storm, M, M);
    size_t got = 0;
    bool seen_running = false;
    while (got < M) {
        struct worker_stats st;
        worker_get_stats(w, &st);
        seen_running |= st.final_pass_running;
        struct pollfd p = {.fd = worker_fd(w), .events = POLLIN};
        if (poll(&p, 1, 20) < 0)
            break;
        for (struct result *r = worker_take_results(w), *next; r; r = next) {
            next = r->next;
            got++;
            EXPECT(r->status == SSE_ERR_SERVICE && r->final_pass && r->attempts == 4);
            result_free(r);
        }
    }
    EXPECT(got == M);
    EXPECT(seen_running);
    struct worker_stats st;
    worker_get_stats(w, &st);
    EXPECT(st.final_pass_tasks == M && st.final_pass_failed == M && !st.final_pass_running);
    worker_stop(w);

    long last_first = 0, first_final = -1;
    for (int i = 0; i < M; i++) {
        char name[32], methods[16];
        long seqs[15];
        snprintf(name, sizeof name, "bucket-%05d", i + 1);
        size_t n = requests_for(log, name, seqs, methods, 15);
        EXPECT(n == 4);
        if (n != 4)
            continue;
        last_first = seqs[1] > last_first ? seqs[1] : last_first;
        first_final = first_final < 0 || seqs[2] < first_final ? seqs[2] : first_final;
    }
    EXPECT(first_final > last_first);
}

/* Every second request refused, one at a time: a write refused goes into the final pass in its
 * own phase (written again, not read again first), and its read-back still follows. */
static void
final_pass_write(const struct oss_transport *transport, const char *port, const char *log)
{
    static struct oss_account storm;
    struct worker *w = storm_worker(transport, port, 0, 1, &storm);
    struct job *j = job_new(JOB_PUT, &storm, "bucket-00005");
    j->rule.algo = SSE_ALGO_KMS;
    strcpy(j->rule.kms_key_id, "resume-key"); /* none of the generated buckets has it */
    /* GET before: 1 (ok); PUT: 2 (503, parked); the final pass: PUT 3 (ok), GET read-back 4
     * (503, and the pass is used up). */
    struct result *r = run_one(w, j);
    EXPECT(r && r->final_pass && r->status == SSE_ERR_SERVICE && r->phase == JOB_PHASE_READBACK);
    EXPECT(r && strstr(r->error.message, "setting the rule succeeded, but reading the rule back "
                                         "failed") != NULL);
    result_free(r);
    worker_stop(w);
    char methods[16];
    long seqs[15];
    size_t n = requests_for(log, "bucket-00005", seqs, methods, 15);
    EXPECT(n == 4 && strcmp(methods, "GPPG") == 0);
}

int
main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: worker_stress PORT ACCESS_KEY_ID SECRET\n");
        return 2;
    }
    snprintf(account.profile, sizeof account.profile, "stress");
    snprintf(account.endpoint, sizeof account.endpoint, "http://localhost:%s", argv[1]);
    snprintf(account.region, sizeof account.region, "cn-hangzhou");
    account.signature_version = 4;
    account.addressing = OSS_ADDR_PATH;
    oss_credentials_set(&account.creds, argv[2], argv[3], NULL);
    struct oss_transport transport = {.timeout_s = 10, .connect_timeout_s = 5, .retries = 2,
                                      .concurrency = 16};
    struct sse_error err;
    sse_error_clear(&err);

    /* 1. A flood: every result arrives exactly once, even when taken only at the end. */
    struct worker *w = worker_start(&transport, NULL, &err);
    EXPECT(w != NULL);
    enum { N = 1500 };
    static unsigned char seen[N];
    submit_gets(w, N, 100);
    size_t ok = 0;
    size_t got = collect(w, N, seen, &ok);
    EXPECT(got == N);
    EXPECT(ok == N);
    EXPECT(worker_pending(w) == 0);
    struct worker_stats stats;
    worker_get_stats(w, &stats);
    EXPECT(stats.throttled == 0); /* an endpoint that never refuses leaves the limit alone */
    EXPECT(stats.lowest_limit == 16 && stats.limit == 16 && stats.concurrency == 16);
    worker_stop(w);

    /* 2. Stop while hundreds of jobs are queued and many are in flight: no hang, no leak. */
    for (int cycle = 0; cycle < 20; cycle++) {
        w = worker_start(&transport, NULL, &err);
        submit_gets(w, 300, 100);
        if (cycle % 2) {
            struct pollfd p = {.fd = worker_fd(w), .events = POLLIN};
            poll(&p, 1, 50);
            result_free_all(worker_take_results(w));
        }
        worker_stop(w);
    }
    EXPECT(1);

    /* 3. Changes under load: writes and reads of the same buckets interleaved. */
    w = worker_start(&transport, NULL, &err);
    int changes = 0;
    for (int i = 0; i < 200; i++) {
        char name[32];
        snprintf(name, sizeof name, "bucket-%05d", i % 50 + 1);
        struct job *j = job_new(i % 3 ? JOB_PUT : JOB_GET, &account, name);
        j->rule.algo = i % 2 ? SSE_ALGO_AES256 : SSE_ALGO_SM4;
        j->tag = (uintptr_t)i;
        changes += j->kind == JOB_PUT;
        worker_submit(w, j);
    }
    got = 0;
    size_t failures = 0;
    while (got < 200) {
        struct pollfd p = {.fd = worker_fd(w), .events = POLLIN};
        if (poll(&p, 1, 20000) == 0)
            break;
        for (struct result *r = worker_take_results(w), *next; r; r = next) {
            next = r->next;
            got++;
            /* Concurrent writes to one bucket may legitimately read back the other's rule. */
            failures += r->status != SSE_OK && r->status != SSE_ERR_MISMATCH;
            result_free(r);
        }
    }
    EXPECT(got == 200);
    EXPECT(failures == 0);
    EXPECT(changes > 0);
    worker_stop(w);
    worker_stop(NULL);

    /* 4. An endpoint that refuses (503) beyond a few requests in flight: every job still
     * succeeds, the limit fell below the configured concurrency and climbed back afterwards. */
    if (argc > 4) {
        struct oss_account busy = account;
        snprintf(busy.endpoint, sizeof busy.endpoint, "http://localhost:%s", argv[4]);
        struct oss_transport patient = transport;
        patient.retries = 8; /* no job should run out of retries while the limit settles */
        w = worker_start(&patient, NULL, &err);
        enum { M = 300 };
        submit_to(w, &busy, M, 100);
        got = collect(w, M, seen, &ok);
        EXPECT(got == M);
        EXPECT(ok == M);
        worker_get_stats(w, &stats);
        EXPECT(stats.throttled > 0);
        EXPECT(stats.lowest_limit < stats.concurrency);
        EXPECT(stats.limit > stats.lowest_limit); /* each refusal's retry succeeded after it */
        worker_stop(w);
    }

    /* 5. Safe changes, with an audit log: a write conditional on a rule the bucket no longer
     * holds is skipped (logged as such, nothing sent), one that still holds it goes through, and
     * a rule the bucket holds already is not written again (nothing logged). ossemu's request
     * log (argv[5]) shows which PUTs arrived. */
    if (argc > 5)
        safe_changes(&transport, argv[5]);
    /* 6. The final pass, against an ossemu that refuses every request (argv[6], its log argv[7])
     * and one that refuses every second (argv[8], argv[9]). */
    if (argc > 9) {
        final_pass_order(&transport, argv[6], argv[7]);
        final_pass_write(&transport, argv[8], argv[9]);
    }

    oss_credentials_cleanup(&account.creds);
    printf("worker-stress: %d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
