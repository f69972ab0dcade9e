/* worker.c — the network thread: one libcurl multi handle drives up to `concurrency` transfers at
 * once (connections pooled per host), with retries, adaptive pressure on throttling, and a
 * read-back after every write. Jobs arrive through a mutex-guarded queue (curl_multi_wakeup rouses
 * the thread); results leave through another, with one byte on a pipe to wake the front end. */
#define _GNU_SOURCE /* pipe2 */
#include "engine/worker.h"

#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "net/http.h"
#include "net/retry.h"
#include "oss/request.h"
#include "oss/response.h"
#include "oss/sign.h"

/* A change goes BEFORE (read the current rule, log it) → MAIN (write) → READBACK (read, log). */
enum phase { PHASE_BEFORE, PHASE_MAIN, PHASE_READBACK };

/* One job on its way through the worker; owned by the worker thread. */
struct task {
    struct task *next;        /* ready or delayed list */
    struct task *prev_active, *next_active; /* running transfers, for cancellation */
    struct job *job;
    struct result *res;
    enum phase phase;
    int phase_attempts;      /* attempts in the current phase */
    double not_before;       /* monotonic seconds: earliest (re)start */
    double started;
    struct oss_request req;
    struct http_transfer http;
    struct audit_change change;  /* valid once the begin record is written */
    bool audited;
    char ids[3][64];             /* request id per phase, for the audit log */
    uint32_t epoch;              /* the worker's cut_epoch when this attempt started */
};

struct worker {
    pthread_t thread;
    CURLM *multi;
    struct oss_transport transport;
    int wake_rd, wake_wr;
    atomic_size_t pending;
    uint64_t next_id;                 /* front-end thread only */

    pthread_mutex_t lock;             /* guards the fields up to `stopping` */
    struct job *jobs_head, *jobs_tail;
    struct result *res_head, *res_tail;
    bool stopping;

    /* worker thread only */
    struct job *waiting_head, *waiting_tail; /* jobs taken in, not yet started: kept as small
                                               * jobs so a sweep of 100,000 buckets costs only
                                               * `concurrency` full tasks at a time */
    struct task *ready_head, *ready_tail;
    struct task *delayed;             /* unsorted; few at a time */
    struct task *running;             /* transfers added to the multi handle */
    CURL **idle;                      /* easy handles kept for reuse (at most `concurrency`) */
    size_t nidle;
    size_t active;
    double limit;                     /* adaptive concurrency, 1 … transport.concurrency */
    uint32_t cut_epoch;               /* bumped at each cut of the limit */
    /* The limit's record, written here and read by any thread (worker_get_stats). */
    atomic_ulong throttled;
    atomic_int lowest_limit, limit_now;
    struct audit_log *audit;          /* may be NULL */
    struct sign_v4_key_cache keys;    /* V4 signing key of the last day/region/secret */
    long clock_offset;                /* seconds to add to our clock, learned from skew errors */
    uint64_t rng;
};

static double
now_monotonic(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
task_free(struct task *t)
{
    if (!t)
        return;
    oss_request_cleanup(&t->req);
    http_transfer_cleanup(&t->http);
    job_free(t->job);
    result_free(t->res);
    free(t);
}

static void
ready_push(struct worker *w, struct task *t, bool front)
{
    t->next = NULL;
    if (!w->ready_head) {
        w->ready_head = w->ready_tail = t;
    } else if (front) {
        t->next = w->ready_head;
        w->ready_head = t;
    } else {
        w->ready_tail->next = t;
        w->ready_tail = t;
    }
}

static struct task *
ready_pop(struct worker *w)
{
    struct task *t = w->ready_head;
    if (t) {
        w->ready_head = t->next;
        if (!w->ready_head)
            w->ready_tail = NULL;
        t->next = NULL;
    }
    return t;
}

static void
deliver(struct worker *w, struct task *t)
{
    struct result *res = t->res;
    t->res = NULL;
    res->elapsed_s = now_monotonic() - t->started;
    if (res->status == SSE_OK)
        res->error.status = SSE_OK;
    pthread_mutex_lock(&w->lock);
    if (w->res_tail)
        w->res_tail->next = res;
    else
        w->res_head = res;
    w->res_tail = res;
    pthread_mutex_unlock(&w->lock);
    /* One byte means "results may be waiting"; a full pipe already says so. */
    ssize_t n = write(w->wake_wr, "r", 1);
    (void)n;
    task_free(t);
}

static void
fail(struct worker *w, struct task *t, const struct sse_error *err)
{
    t->res->status = err->status;
    t->res->error = *err;
    deliver(w, t);
}

static void fail_task(struct worker *w, struct task *t, struct sse_error *err, enum sse_status st);

static enum sse_status
build_request(struct task *t, struct sse_error *err)
{
    const struct job *j = t->job;
    if (j->kind != JOB_LIST && !j->bucket[0])
        return sse_error_set(err, SSE_ERR_INVALID, "no bucket name given");
    if (t->phase != PHASE_MAIN)
        return oss_build_get_encryption(&t->req, j->account, j->bucket, err);
    switch (j->kind) {
    case JOB_GET:
        return oss_build_get_encryption(&t->req, j->account, j->bucket, err);
    case JOB_PUT:
        return oss_build_put_encryption(&t->req, j->account, j->bucket, &j->rule, err);
    case JOB_DELETE:
        return oss_build_delete_encryption(&t->req, j->account, j->bucket, err);
    case JOB_LIST:
        return oss_build_list_buckets(&t->req, j->account, j->prefix, j->marker, 1000, err);
    }
    return sse_error_set(err, SSE_ERR_INVALID, "unknown job kind");
}

static void
start(struct worker *w, struct task *t)
{
    struct sse_error err;
    sse_error_clear(&err);
    oss_request_cleanup(&t->req);
    enum sse_status st = build_request(t, &err);
    if (st == SSE_OK)
        st = oss_sign_request_cached(&t->req, t->job->account, time(NULL) + w->clock_offset,
                                     &w->keys, &err);
    if (st == SSE_OK && !t->http.easy && w->nidle)
        t->http.easy = w->idle[--w->nidle]; /* reset by setup; saves a handle per request */
    if (st == SSE_OK)
        st = http_transfer_setup(&t->http, &t->req, t->job->account, &w->transport, &err);
    if (st == SSE_OK && curl_multi_add_handle(w->multi, t->http.easy) != CURLM_OK)
        st = sse_error_set(&err, SSE_ERR_NETWORK, "cannot start the transfer");
    if (st != SSE_OK) {
        fail_task(w, t, &err, st);
        return;
    }
    t->res->attempts++;
    t->phase_attempts++;
    t->epoch = w->cut_epoch;
    w->active++;
    t->prev_active = NULL;
    t->next_active = w->running;
    if (w->running)
        w->running->prev_active = t;
    w->running = t;
}

/* Learns the clock offset from the server's Date header after RequestTimeTooSkewed. */
static void
learn_clock_offset(struct worker *w, const struct oss_response *resp)
{
    if (!resp->date[0])
        return;
    time_t server = curl_getdate(resp->date, NULL);
    if (server > 0)
        w->clock_offset = (long)(server - time(NULL));
}

static bool
is_throttle(const struct oss_response *resp, const struct sse_error *err)
{
    return resp->http_status == 503 || resp->http_status == 429 ||
           strcmp(err->code, "ServiceUnavailable") == 0 || strcmp(err->code, "Throttling") == 0;
}

/* Publishes the limit after a change (and counts a throttled answer). */
static void
note_limit(struct worker *w, bool throttled)
{
    int now = (int)w->limit;
    if (throttled)
        atomic_fetch_add(&w->throttled, 1);
    atomic_store(&w->limit_now, now);
    if (now < atomic_load(&w->lowest_limit))
        atomic_store(&w->lowest_limit, now); /* only this thread writes it */
}

static bool
is_change(const struct task *t)
{
    return t->job->kind == JOB_PUT || t->job->kind == JOB_DELETE;
}

/* Completes the audit record of a change that was logged as begun. */
static void
audit_finish(struct worker *w, struct task *t, const struct sse_rule *after,
             const struct sse_error *failure)
{
    if (!w->audit || !t->audited)
        return;
    const char *ids[3] = {t->ids[0], t->ids[1], t->ids[2]};
    struct sse_error err;
    sse_error_clear(&err);
    /* The change already happened (or failed); a log that cannot be completed is reported in the
     * result's message but does not turn a success into a failure. */
    if (audit_end(w->audit, &t->change, after, failure, ids, 3, time(NULL), &err) != SSE_OK &&
        !failure) {
        t->res->status = SSE_ERR_IO;
        t->res->error = err;
    }
    t->audited = false;
}

/* Ends a task with an error, completing its audit record first. */
static void
fail_task(struct worker *w, struct task *t, struct sse_error *err, enum sse_status st)
{
    if (!err->status)
        err->status = st;
    audit_finish(w, t, NULL, err);
    fail(w, t, err);
}

/* The rule was read before a change: log the change as begun, then send it. */
static void
begin_change(struct worker *w, struct task *t, const struct sse_rule *before)
{
    struct result *res = t->res;
    res->before = *before;
    res->before_known = true;
    if (w->audit) {
        const struct oss_account *acct = t->job->account;
        t->change = (struct audit_change){
            .operation = t->job->undo ? "undo" : t->job->kind == JOB_PUT ? "set" : "remove",
            .profile = acct->profile,
            .endpoint = acct->endpoint,
            .bucket = t->job->bucket,
            .before = &res->before,
            .requested = t->job->kind == JOB_PUT ? &t->job->rule : NULL,
        };
        struct sse_error err;
        sse_error_clear(&err);
        if (audit_begin(w->audit, &t->change, time(NULL), &err) != SSE_OK) {
            char msg[sizeof err.message + 128];
            snprintf(msg, sizeof msg, "%s; nothing was changed", err.message);
            sse_strlcpy(err.message, msg, sizeof err.message);
            fail(w, t, &err);
            return;
        }
        t->audited = true;
    }
    t->phase = PHASE_MAIN;
    t->phase_attempts = 0;
    ready_push(w, t, true);
}

static void
finish(struct worker *w, struct task *t, CURLcode code)
{
    curl_multi_remove_handle(w->multi, t->http.easy);
    w->active--;
    if (t->prev_active)
        t->prev_active->next_active = t->next_active;
    else
        w->running = t->next_active;
    if (t->next_active)
        t->next_active->prev_active = t->prev_active;
    t->prev_active = t->next_active = NULL;
    struct sse_error err;
    sse_error_clear(&err);
    struct oss_response *resp = &t->http.resp;
    struct result *res = t->res;
    enum sse_status st = http_transfer_outcome(&t->http, code, &w->transport, &err);
    /* The handle is done with: give it back for the next transfer. */
    if (w->nidle < (size_t)w->transport.concurrency) {
        w->idle[w->nidle++] = t->http.easy;
        t->http.easy = NULL;
    }
    struct sse_rule rule;
    memset(&rule, 0, sizeof rule);
    if (st == SSE_OK) {
        if (t->phase != PHASE_MAIN || t->job->kind == JOB_GET)
            st = oss_response_rule(resp, &rule, &err);
        else if (t->job->kind == JOB_LIST)
            st = oss_response_bucket_page(resp, &res->page, &err);
        else
            st = oss_response_check(resp, &err);
    }
    if (resp->request_id[0]) {
        sse_strlcpy(res->request_id, resp->request_id, sizeof res->request_id);
        sse_strlcpy(t->ids[t->phase], resp->request_id, sizeof t->ids[0]);
    }

    /* A transport failure is worth retrying even when a status line had arrived (a body cut
     * short): every operation here is idempotent. */
    bool transient = st == SSE_ERR_NETWORK || st == SSE_ERR_TIMEOUT ||
                     oss_response_retryable(resp, &err);
    /* Throttling is pressure whether or not this request is retried: fewer in flight. Only an
     * answer to a request started since the last cut cuts again: the others were sent at the old
     * pressure, and that has been answered already (else one burst would take the limit to 1). */
    if (st != SSE_OK && transient && is_throttle(resp, &err)) {
        if (t->epoch == w->cut_epoch) {
            w->limit = w->limit / 2 < 1 ? 1 : w->limit / 2;
            w->cut_epoch++;
        }
        note_limit(w, true);
    }
    if (st != SSE_OK && transient && t->phase_attempts <= w->transport.retries) {
        if (strcmp(err.code, "RequestTimeTooSkewed") == 0)
            learn_clock_offset(w, resp);
        res->retries++;
        res->error = err; /* kept for the detail view if the retries run out */
        t->not_before = now_monotonic() + retry_delay(t->phase_attempts, RETRY_BASE_S,
                                                      RETRY_CAP_S, &w->rng);
        t->next = w->delayed;
        w->delayed = t;
        return;
    }
    /* Recovery: one more in flight per limit's worth of answers (about one per round trip),
     * so that it climbs back without running into the limit again at once. */
    if (st == SSE_OK && w->limit < w->transport.concurrency) {
        w->limit += 1.0 / w->limit;
        if (w->limit > w->transport.concurrency)
            w->limit = w->transport.concurrency;
        note_limit(w, false);
    }

    if (st != SSE_OK) {
        const char *what = t->job->kind == JOB_PUT ? "setting the rule" : "removing the rule";
        char msg[sizeof err.message + 128];
        msg[0] = '\0';
        if (t->phase == PHASE_BEFORE)
            snprintf(msg, sizeof msg, "cannot read the current rule, so nothing was changed: %s",
                     err.message);
        else if (t->phase == PHASE_READBACK)
            snprintf(msg, sizeof msg, "%s succeeded, but reading the rule back failed: %s", what,
                     err.message);
        if (msg[0])
            sse_strlcpy(err.message, msg, sizeof err.message);
        fail_task(w, t, &err, st);
        return;
    }
    if (is_change(t) && t->phase == PHASE_BEFORE) {
        begin_change(w, t, &rule);
        return;
    }
    if (is_change(t) && t->phase == PHASE_MAIN) {
        t->phase = PHASE_READBACK;
        t->phase_attempts = 0;
        ready_push(w, t, true);
        return;
    }
    if (t->job->kind != JOB_LIST) {
        res->rule = rule;
        res->rule_known = true;
    }
    if (t->phase == PHASE_READBACK) {
        bool ok = t->job->kind == JOB_PUT ? sse_rule_equal(&rule, &t->job->rule)
                                          : rule.algo == SSE_ALGO_NONE;
        if (!ok) {
            char want[400], got[400];
            if (t->job->kind == JOB_PUT)
                sse_rule_describe(&t->job->rule, want, sizeof want);
            else
                snprintf(want, sizeof want, "no rule");
            sse_rule_describe(&rule, got, sizeof got);
            sse_error_set(&err, SSE_ERR_MISMATCH,
                          "OSS accepted the change but now reports %s instead of %s", got, want);
            err.http_status = (int)resp->http_status;
            sse_strlcpy(err.request_id, res->request_id, sizeof err.request_id);
            audit_finish(w, t, &rule, &err);
            fail(w, t, &err);
            return;
        }
    }
    res->status = SSE_OK;
    sse_error_clear(&res->error);
    audit_finish(w, t, &rule, NULL);
    deliver(w, t);
}

static void
take_new_jobs(struct worker *w, bool *stopping)
{
    pthread_mutex_lock(&w->lock);
    struct job *head = w->jobs_head, *tail = w->jobs_tail;
    w->jobs_head = w->jobs_tail = NULL;
    *stopping = w->stopping;
    pthread_mutex_unlock(&w->lock);
    if (!head)
        return;
    if (w->waiting_tail)
        w->waiting_tail->next = head;
    else
        w->waiting_head = head;
    w->waiting_tail = tail;
}

/* Turns the next waiting job into a task on the ready list. False when there is none, or when
 * memory is short (the job stays first in line and is tried again on the next turn). */
static bool
task_from_next_job(struct worker *w)
{
    struct job *j = w->waiting_head;
    if (!j)
        return false;
    struct task *t = calloc(1, sizeof *t);
    struct result *res = calloc(1, sizeof *res);
    if (!t || !res) {
        free(t);
        free(res);
        return false;
    }
    w->waiting_head = j->next;
    if (!w->waiting_head)
        w->waiting_tail = NULL;
    j->next = NULL;
    oss_response_init(&t->http.resp);
    res->job_id = j->id;
    res->seq = j->seq;
    res->kind = j->kind;
    res->account = j->account;
    res->tag = j->tag;
    sse_strlcpy(res->bucket, j->bucket, sizeof res->bucket);
    if (j->kind == JOB_PUT)
        res->requested = j->rule;
    t->job = j;
    t->res = res;
    t->phase = (j->kind == JOB_PUT || j->kind == JOB_DELETE) ? PHASE_BEFORE : PHASE_MAIN;
    t->started = now_monotonic();
    ready_push(w, t, false);
    return true;
}

/* Moves delayed tasks whose time has come to the front of the ready list; returns the seconds
 * until the next one is due (or a large number). */
static double
release_delayed(struct worker *w, double now)
{
    double next = 3600;
    struct task **pp = &w->delayed;
    while (*pp) {
        struct task *t = *pp;
        if (t->not_before <= now) {
            *pp = t->next;
            ready_push(w, t, true);
        } else {
            if (t->not_before - now < next)
                next = t->not_before - now;
            pp = &t->next;
        }
    }
    return next;
}

/* Starts transfers while there are free slots: retries and read-backs first, then new jobs.
 * *started counts the starts of this turn of the loop. A turn can start a whole wave (64 answers
 * arriving together, or the first 64 requests); rather than sending none of them until all are
 * signed and set up, libcurl runs after the turn's 1st, 2nd, 4th, 8th… start, so the first ones
 * leave at once, for log2(wave) more passes over the transfers (one after every start cost a
 * quarter more CPU). */
static void
start_more(struct worker *w, size_t *started)
{
    while ((double)w->active < w->limit && (w->ready_head || task_from_next_job(w))) {
        start(w, ready_pop(w));
        size_t n = ++*started;
        if ((n & (n - 1)) == 0) {
            int running;
            curl_multi_perform(w->multi, &running);
        }
    }
}

static void *
worker_main(void *arg)
{
    struct worker *w = arg;
    for (;;) {
        bool stopping;
        take_new_jobs(w, &stopping);
        if (stopping)
            break;
        double now = now_monotonic();
        double wait_s = release_delayed(w, now);
        size_t started = 0;
        start_more(w, &started);

        int running = 0;
        curl_multi_perform(w->multi, &running);
        CURLMsg *msg;
        int left;
        while ((msg = curl_multi_info_read(w->multi, &left))) {
            if (msg->msg != CURLMSG_DONE)
                continue;
            struct http_transfer *ht = NULL;
            curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&ht);
            /* The transfer is the task's second member; recover the task from it. */
            struct task *t = (struct task *)((char *)ht - offsetof(struct task, http));
            finish(w, t, msg->data.result);
            start_more(w, &started); /* the freed slot goes to the next request at once */
        }
        if ((w->ready_head || w->waiting_head) && (double)w->active < w->limit)
            continue; /* slots freed: start more before sleeping */
        int timeout_ms = wait_s >= 1.0 ? 1000 : (int)(wait_s * 1000) + 1;
        curl_multi_poll(w->multi, NULL, 0, timeout_ms, NULL);
    }
    return NULL;
}

struct worker *
worker_start(const struct oss_transport *transport, struct sse_error *err)
{
    struct worker *w = calloc(1, sizeof *w);
    if (!w) {
        sse_error_set(err, SSE_ERR_NOMEM, "out of memory");
        return NULL;
    }
    w->transport = *transport;
    if (w->transport.concurrency < 1)
        w->transport.concurrency = 1;
    w->limit = w->transport.concurrency;
    atomic_init(&w->throttled, 0);
    atomic_init(&w->lowest_limit, w->transport.concurrency);
    atomic_init(&w->limit_now, w->transport.concurrency);
    w->rng = (uint64_t)time(NULL) ^ ((uint64_t)getpid() << 32) ^ (uint64_t)(uintptr_t)w;
    int fds[2];
    if (pipe2(fds, O_NONBLOCK | O_CLOEXEC) != 0) {
        sse_error_set(err, SSE_ERR_IO, "cannot create the wake-up pipe: %s", strerror(errno));
        free(w);
        return NULL;
    }
    w->wake_rd = fds[0];
    w->wake_wr = fds[1];
    w->multi = curl_multi_init();
    if (!w->multi) {
        sse_error_set(err, SSE_ERR_NOMEM, "cannot create the transfer set");
        close(fds[0]);
        close(fds[1]);
        free(w);
        return NULL;
    }
    w->idle = calloc((size_t)w->transport.concurrency, sizeof *w->idle);
    if (!w->idle) {
        sse_error_set(err, SSE_ERR_NOMEM, "out of memory");
        curl_multi_cleanup(w->multi);
        close(fds[0]);
        close(fds[1]);
        free(w);
        return NULL;
    }
    long conns = w->transport.concurrency;
    curl_multi_setopt(w->multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, conns);
    curl_multi_setopt(w->multi, CURLMOPT_MAXCONNECTS, conns);
    pthread_mutex_init(&w->lock, NULL);
    int rc = pthread_create(&w->thread, NULL, worker_main, w);
    if (rc != 0) {
        sse_error_set(err, SSE_ERR_IO, "cannot start the worker thread: %s", strerror(rc));
        pthread_mutex_destroy(&w->lock);
        curl_multi_cleanup(w->multi);
        free(w->idle);
        close(fds[0]);
        close(fds[1]);
        free(w);
        return NULL;
    }
    return w;
}

void
worker_set_audit(struct worker *w, struct audit_log *log)
{
    w->audit = log; /* read only by the worker thread, after the submit that follows */
}

int
worker_fd(const struct worker *w)
{
    return w->wake_rd;
}

void
worker_submit(struct worker *w, struct job *job)
{
    job->id = ++w->next_id;
    job->next = NULL;
    atomic_fetch_add(&w->pending, 1);
    pthread_mutex_lock(&w->lock);
    bool was_empty = !w->jobs_head;
    if (w->jobs_tail)
        w->jobs_tail->next = job;
    else
        w->jobs_head = job;
    w->jobs_tail = job;
    pthread_mutex_unlock(&w->lock);
    /* The worker takes the whole queue at once: one wake-up per batch is enough. */
    if (was_empty)
        curl_multi_wakeup(w->multi);
}

struct result *
worker_take_results(struct worker *w)
{
    char buf[256];
    while (read(w->wake_rd, buf, sizeof buf) > 0)
        ;
    pthread_mutex_lock(&w->lock);
    struct result *list = w->res_head;
    w->res_head = w->res_tail = NULL;
    pthread_mutex_unlock(&w->lock);
    size_t n = 0;
    for (struct result *r = list; r; r = r->next)
        n++;
    atomic_fetch_sub(&w->pending, n);
    return list;
}

void
worker_get_stats(const struct worker *w, struct worker_stats *out)
{
    struct worker *m = (struct worker *)w; /* atomics are read through a non-const pointer */
    out->throttled = atomic_load(&m->throttled);
    out->concurrency = w->transport.concurrency;
    out->lowest_limit = atomic_load(&m->lowest_limit);
    out->limit = atomic_load(&m->limit_now);
}

size_t
worker_pending(const struct worker *w)
{
    return atomic_load(&((struct worker *)w)->pending);
}

/* A change cut short by stop: its audit record says so rather than staying open. */
static void
abandon_task(struct worker *w, struct task *t)
{
    struct sse_error err;
    sse_error_clear(&err);
    sse_error_set(&err, SSE_ERR_CANCELLED,
                  "sseadm stopped before the change completed; the bucket's state is unknown");
    audit_finish(w, t, NULL, &err);
    task_free(t);
}

static void
free_task_list(struct worker *w, struct task *t)
{
    while (t) {
        struct task *next = t->next;
        abandon_task(w, t);
        t = next;
    }
}

void
worker_stop(struct worker *w)
{
    if (!w)
        return;
    pthread_mutex_lock(&w->lock);
    w->stopping = true;
    pthread_mutex_unlock(&w->lock);
    curl_multi_wakeup(w->multi);
    pthread_join(w->thread, NULL);

    /* The thread is gone: everything it owned is ours to free. */
    for (struct task *t = w->running; t;) {
        struct task *next = t->next_active;
        curl_multi_remove_handle(w->multi, t->http.easy);
        abandon_task(w, t);
        t = next;
    }
    free_task_list(w, w->ready_head);
    free_task_list(w, w->delayed);
    struct job *lists[] = {w->jobs_head, w->waiting_head};
    for (size_t i = 0; i < 2; i++) {
        for (struct job *j = lists[i]; j;) {
            struct job *next = j->next;
            job_free(j);
            j = next;
        }
    }
    result_free_all(w->res_head);
    for (size_t i = 0; i < w->nidle; i++)
        curl_easy_cleanup(w->idle[i]);
    sign_v4_key_cache_clear(&w->keys);
    free(w->idle);
    curl_multi_cleanup(w->multi);
    close(w->wake_rd);
    close(w->wake_wr);
    pthread_mutex_destroy(&w->lock);
    free(w);
}
