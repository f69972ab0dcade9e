/* worker_stress.c — drives the worker hard against a running ossemu (port in argv[1]): a flood of
 * jobs whose results are collected late, stops while transfers are in flight, start/stop cycles;
 * with a second ossemu that refuses beyond a few requests in flight (port in argv[4]), the
 * adaptive limit backing off and recovering.
 * Built for the sanitizer runs (TSan especially); prints the plain closing line. */
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
    struct worker *w = worker_start(&transport, &err);
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
        w = worker_start(&transport, &err);
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
    w = worker_start(&transport, &err);
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
        w = worker_start(&patient, &err);
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

    oss_credentials_cleanup(&account.creds);
    printf("worker-stress: %d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
