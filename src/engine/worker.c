/* worker.c — the network thread, as glue: jobs come from the queues, each becomes a task whose
 * phases the change machine decides (engine/change), whose requests run in the transfer set
 * (net/multi) under the adaptive limit (engine/limit), whose changes go to the audit log, and
 * whose results go back through the queues. A task whose retries ran out on a busy or
 * unreachable service is parked, and tried once more in a final pass after all the rest. */
#include "engine/worker.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "engine/change.h"
#include "engine/clock.h"
#include "engine/creds.h"
#include "engine/limit.h"
#include "engine/queues.h"
#include "engine/send_rpc.h"
#include "net/multi.h"
#include "net/retry.h"
#include "oss/request.h"
#include "oss/response.h"
#include "oss/sign.h"
#include "rpc/kms.h"
#include "rpc/response.h"
#include "rpc/sts.h"

/* The kinds of transfer in the set: a task's request, or a credential fetch (creds.h). */
enum { OWNER_TASK = 0 };

/* One job on its way through the worker; owned by the worker thread. */
struct task {
    struct task *next;                      /* ready or delayed list */
    struct task *prev_active, *next_active; /* running transfers, for cancellation */
    struct job *job;
    struct result *res;
    struct change change;
    double not_before;           /* monotonic seconds: earliest (re)start */
    double started;
    struct oss_request req;
    struct net_transfer *net;    /* made at the first start, kept for the task's requests */
    struct audit_change audit;   /* valid once the begin record is written */
    uint32_t epoch;              /* the limit's epoch when this attempt started */
};

struct worker {
    pthread_t thread;
    struct queues *queues;
    struct net_multi *net;
    struct oss_transport transport;
    uint64_t next_id;                 /* front-end thread only */

    /* worker thread only */
    struct job *waiting_head, *waiting_tail; /* jobs taken in, not yet started: kept as small
                                               * jobs so a sweep of 100,000 buckets costs only
                                               * `concurrency` full tasks at a time */
    struct task *ready_head, *ready_tail;
    struct task *delayed;             /* unsorted; few at a time */
    struct task *running;             /* transfers in the set */
    struct task *parked;              /* retries ran out on a busy or unreachable service: tried
                                       * again in the final pass, once all else is done */
    size_t active;
    size_t final_active;              /* final-pass tasks ready or running (≤ a quarter) */
    struct limit limit;
    /* The limit's record, written here and read by any thread (worker_get_stats). */
    atomic_ulong throttled;
    atomic_int lowest_limit, limit_now;
    /* The final pass's record, likewise. */
    atomic_ulong final_tasks, final_failed, final_outstanding;
    struct audit_log *audit;          /* may be NULL */
    struct creds *creds;              /* where jobs naming an identity get their keys; may be NULL */
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
task_free(struct worker *w, struct task *t)
{
    if (!t)
        return;
    oss_request_cleanup(&t->req);
    net_transfer_free(w->net, t->net);
    job_free(t->job);
    result_free(t->res);
    free(t);
}

static void
ready_push(struct worker *w, struct task *t, bool front)
{
    if (t->change.final_pass)
        w->final_active++;
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

/* Publishes the limit's record for worker_get_stats. */
static void
publish_limit(struct worker *w)
{
    atomic_store(&w->throttled, w->limit.throttled);
    atomic_store(&w->limit_now, limit_now(&w->limit));
    atomic_store(&w->lowest_limit, w->limit.lowest);
}

/* The change as the log describes it (t->audit). */
static void
describe_change(struct task *t)
{
    const struct job *j = t->job;
    t->audit = (struct audit_change){
        .operation = j->undo ? "undo" : j->kind == JOB_PUT ? "set" : "remove",
        .operation_id = j->operation_id,
        .undoes = j->undoes,
        .profile = j->account->profile,
        .endpoint = j->account->endpoint,
        .bucket = j->bucket,
        .before = &t->res->before,
        .requested = j->kind == JOB_PUT ? &j->rule : NULL,
        .expected = j->expect_known ? &j->expect : NULL,
    };
}

/* Writes the audit record the finished change still needs. */
static void
complete_log(struct worker *w, struct task *t)
{
    if (!w->audit || t->change.log == CHANGE_LOG_NONE)
        return;
    struct result *res = t->res;
    const char *ids[3] = {t->change.request_ids[0], t->change.request_ids[1],
                          t->change.request_ids[2]};
    struct sse_error err;
    sse_error_clear(&err);
    enum sse_status st;
    if (t->change.log == CHANGE_LOG_SKIP) {
        describe_change(t);
        st = audit_skip(w->audit, &t->audit, &res->before, ids, 1, time(NULL), &err);
    } else {
        st = audit_end(w->audit, &t->audit, res->rule_known ? &res->rule : NULL,
                       res->status != SSE_OK ? &res->error : NULL, ids, 3, time(NULL), &err);
    }
    if (st != SSE_OK)
        change_log_failed(&t->change, &err, res);
}

static void
deliver(struct worker *w, struct task *t)
{
    complete_log(w, t);
    struct result *res = t->res;
    if (t->change.final_pass) {
        if (res->status != SSE_OK)
            atomic_fetch_add(&w->final_failed, 1);
        atomic_fetch_sub(&w->final_outstanding, 1);
    }
    t->res = NULL;
    res->elapsed_s = now_monotonic() - t->started;
    queues_push_result(w->queues, res);
    task_free(w, t);
}

/* Logs a change as begun; false with err when that could not be made durable. */
static bool
log_begin(struct worker *w, struct task *t, struct sse_error *err)
{
    if (!w->audit)
        return true;
    describe_change(t);
    return audit_begin(w->audit, &t->audit, time(NULL), err) == SSE_OK;
}

/* Carries out what the change machine decided. */
static void
act(struct worker *w, struct task *t, enum change_action action)
{
    for (;;) {
        switch (action) {
        case CHANGE_SEND: /* the next phase goes first: it may hold an audit record open */
            ready_push(w, t, true);
            return;
        case CHANGE_RETRY:
            t->not_before = now_monotonic() + retry_delay(t->change.attempts, RETRY_BASE_S,
                                                          RETRY_CAP_S, &w->rng);
            t->next = w->delayed;
            w->delayed = t;
            return;
        case CHANGE_PARK:
            t->next = w->parked;
            w->parked = t;
            return;
        case CHANGE_LOG_BEGIN: {
            struct sse_error err;
            sse_error_clear(&err);
            bool ok = log_begin(w, t, &err);
            action = change_logged(&t->change, ok ? NULL : &err, t->res);
            continue;
        }
        case CHANGE_DONE:
            deliver(w, t);
            return;
        }
        return;
    }
}

static enum sse_status
build_request(struct task *t, struct sse_error *err)
{
    const struct job *j = t->job;
    if ((j->kind == JOB_GET || j->kind == JOB_PUT || j->kind == JOB_DELETE ||
         j->kind == JOB_LOCATION) && !j->bucket[0])
        return sse_error_set(err, SSE_ERR_INVALID, "no bucket name given");
    switch (change_request(&t->change)) {
    case CHANGE_GET_RULE:
        return oss_build_get_encryption(&t->req, j->account, j->bucket, err);
    case CHANGE_PUT_RULE:
        return oss_build_put_encryption(&t->req, j->account, j->bucket, &j->rule, err);
    case CHANGE_DELETE_RULE:
        return oss_build_delete_encryption(&t->req, j->account, j->bucket, err);
    case CHANGE_LIST_BUCKETS:
        return oss_build_list_buckets(&t->req, j->account, j->prefix, j->marker, 1000, err);
    case CHANGE_GET_LOCATION:
        return oss_build_get_location(&t->req, j->account, j->bucket, err);
    case CHANGE_CALLER_IDENTITY:
    case CHANGE_KMS_CALL:
        break;
    }
    return sse_error_set(err, SSE_ERR_INVALID, "unknown job kind");
}

/* An RPC request (STS, KMS) built for t, signed with keys, into t's transfer; rpc is cleaned up. */
static enum sse_status
add_rpc(struct worker *w, struct task *t, const struct oss_credentials *keys,
        struct rpc_request *rpc, struct sse_error *err)
{
    char nonce[RPC_NONCE_MAX];
    snprintf(nonce, sizeof nonce, "%016llx-%08llx", (unsigned long long)w->rng,
             (unsigned long long)t->job->id);
    w->rng = w->rng * 6364136223846793005ull + 1442695040888963407ull;
    enum sse_status st = rpc_request_sign(rpc, keys, time(NULL) + w->clock_offset, nonce, err);
    if (st == SSE_OK)
        st = send_rpc(w->net, t->net, rpc, err);
    rpc_request_cleanup(rpc);
    return st;
}

/* The RPC request of a JOB_WHOAMI or JOB_KMS, built into *rpc. */
static enum sse_status
build_rpc(struct worker *w, const struct job *j, struct rpc_request *rpc, struct sse_error *err)
{
    if (j->kind == JOB_WHOAMI) {
        const struct rpc_endpoint *sts = creds_sts(w->creds, j->identity);
        if (!sts)
            return sse_error_set(err, SSE_ERR_CREDENTIALS,
                                 "no STS endpoint is known for this profile");
        return sts_build_get_caller_identity(rpc, sts, err);
    }
    switch (j->kms_call) {
    case JOB_KMS_DESCRIBE_KEY:
        return kms_build_describe_key(rpc, &j->kms_endpoint, j->kms_key, err);
    case JOB_KMS_LIST_KEYS:
        return kms_build_list_keys(rpc, &j->kms_endpoint, j->kms_page, KMS_PAGE_MAX, NULL, 0,
                                   err);
    case JOB_KMS_LIST_ALIASES:
        return kms_build_list_aliases(rpc, &j->kms_endpoint, j->kms_page, KMS_PAGE_MAX, err);
    case JOB_KMS_KEY_ALIASES:
        return kms_build_list_aliases_by_key_id(rpc, &j->kms_endpoint, j->kms_key, j->kms_page,
                                                KMS_PAGE_MAX, err);
    }
    return sse_error_set(err, SSE_ERR_INVALID, "unknown KMS call");
}

/* A KMS answer parsed into the result's own copy. */
static enum sse_status
parse_kms(const struct job *j, const struct oss_response *resp, struct result *res,
          struct sse_error *err)
{
    const char *body = strbuf_cstr(&resp->body);
    size_t len = resp->body.len;
    long http = resp->http_status;
    switch (j->kms_call) {
    case JOB_KMS_DESCRIBE_KEY:
        if (!res->kms_key && !(res->kms_key = malloc(sizeof *res->kms_key)))
            break;
        return kms_parse_key_metadata(http, body, len, res->kms_key, err);
    case JOB_KMS_LIST_KEYS:
        if (!res->kms_keys && !(res->kms_keys = malloc(sizeof *res->kms_keys)))
            break;
        return kms_parse_key_page(http, body, len, res->kms_keys, err);
    case JOB_KMS_LIST_ALIASES:
    case JOB_KMS_KEY_ALIASES:
        if (!res->kms_aliases && !(res->kms_aliases = malloc(sizeof *res->kms_aliases)))
            break;
        return kms_parse_alias_page(http, body, len, res->kms_aliases, err);
    }
    return sse_error_set(err, SSE_ERR_NOMEM, "out of memory for the KMS answer");
}

static void act(struct worker *w, struct task *t, enum change_action action);

/* Ends t without sending anything: err is a failure of this machine or of its credentials, which
 * a retry would not mend. */
static void
fail_unsent(struct worker *w, struct task *t, enum sse_status st, const struct sse_error *err)
{
    struct change_answer a = {.status = st, .error = err, .request_id = ""};
    act(w, t, change_answer(&t->change, &a, t->res));
}

/* Ends t, unsent, with why its profile's credentials could not be had. */
static void
fail_credentials(struct worker *w, struct task *t, const struct sse_error *err)
{
    struct sse_error why = *err;
    char named[OSS_NAME_MAX + 12];
    snprintf(named, sizeof named, "profile \"%s\"", t->job->account->profile);
    if (strncmp(why.message, named, strlen(named)) != 0) /* else it says whose already */
        sse_error_prefix(&why, "cannot get the credentials of profile %s: ",
                         t->job->account->profile);
    fail_unsent(w, t, SSE_ERR_CREDENTIALS, &why);
}

/* The keys t signs with, now: its identity's (fetched as needed), else its account's own. False
 * when t waits for a fetch (held by the store) or failed (ended here). */
static bool
keys_for(struct worker *w, struct task *t, const struct oss_credentials **keys)
{
    *keys = &t->job->account->creds;
    if (!t->job->identity || !w->creds)
        return true;
    struct sse_error err;
    sse_error_clear(&err);
    time_t expires = 0;
    switch (creds_for(w->creds, t->job->identity, time(NULL), keys, &expires, &err)) {
    case CREDS_READY:
        t->res->creds_expire = expires;
        return true;
    case CREDS_WAIT:
        if (creds_wait(w->creds, t->job->identity, t))
            return false;
        sse_error_set(&err, SSE_ERR_NOMEM, "out of memory");
        break;
    case CREDS_FAILED:
        break;
    }
    fail_credentials(w, t, &err);
    return false;
}

static void
start(struct worker *w, struct task *t)
{
    struct sse_error err;
    sse_error_clear(&err);
    oss_request_cleanup(&t->req);
    if (t->change.final_pass)
        w->final_active--; /* it leaves the ready list: pushed back if it waits */
    const struct oss_credentials *keys;
    if (!keys_for(w, t, &keys))
        return;
    enum sse_status st = SSE_OK;
    if (st == SSE_OK && !t->net && !(t->net = net_transfer_new(t, OWNER_TASK)))
        st = sse_error_set(&err, SSE_ERR_NOMEM, "out of memory");
    if (st == SSE_OK && (t->job->kind == JOB_WHOAMI || t->job->kind == JOB_KMS)) {
        struct rpc_request rpc;
        st = build_rpc(w, t->job, &rpc, &err);
        if (st == SSE_OK)
            st = add_rpc(w, t, keys, &rpc, &err);
        else
            rpc_request_cleanup(&rpc);
    } else if (st == SSE_OK) {
        st = build_request(t, &err);
        if (st == SSE_OK)
            st = oss_sign_request_as(&t->req, t->job->account, keys,
                                     time(NULL) + w->clock_offset, &w->keys, &err);
        if (st == SSE_OK)
            st = net_multi_add(w->net, t->net, &t->req, t->job->account, &err);
    }
    if (st != SSE_OK) {
        /* Nothing went out: a failure of this machine, which a retry would not mend. */
        fail_unsent(w, t, st, &err);
        return;
    }
    if (t->change.final_pass)
        w->final_active++;
    change_sent(&t->change, t->res);
    t->epoch = w->limit.epoch;
    w->active++;
    t->prev_active = NULL;
    t->next_active = w->running;
    if (w->running)
        w->running->prev_active = t;
    w->running = t;
}

/* After RequestTimeTooSkewed: learns the clock offset from the server's Date header, when it is
 * within the bound. False (err saying why) when the server's clock is too far off to trust. */
static bool
learn_clock_offset(struct worker *w, const struct oss_response *resp, struct sse_error *err)
{
    time_t server = resp->date[0] ? net_http_date(resp->date) : -1;
    if (server <= 0)
        return true; /* no date to go by: the retry is signed as before */
    long offset;
    if (clock_correction(server, time(NULL), CLOCK_MAX_CORRECTION_S, &offset, err) != SSE_OK)
        return false;
    w->clock_offset = offset;
    return true;
}

/* A failure that a pass after all the rest may mend: the service was busy or out of reach. */
static bool
parkable(enum sse_status st, const struct oss_response *resp, const struct sse_error *err)
{
    return st == SSE_ERR_NETWORK || st == SSE_ERR_TIMEOUT || resp->http_status >= 500 ||
           resp->http_status == 429 || resp->http_status == 408 ||
           limit_is_throttle(resp->http_status, err->code);
}

static void
finish(struct worker *w, struct task *t, enum sse_status st, struct sse_error *err)
{
    w->active--;
    if (t->change.final_pass)
        w->final_active--;
    if (t->prev_active)
        t->prev_active->next_active = t->next_active;
    else
        w->running = t->next_active;
    if (t->next_active)
        t->next_active->prev_active = t->prev_active;
    t->prev_active = t->next_active = NULL;
    const struct oss_response *resp = net_transfer_response(t->net);
    struct sse_rule rule;
    memset(&rule, 0, sizeof rule);
    if (st == SSE_OK) {
        switch (change_request(&t->change)) {
        case CHANGE_GET_RULE: st = oss_response_rule(resp, &rule, err); break;
        case CHANGE_LIST_BUCKETS: st = oss_response_bucket_page(resp, &t->res->page, err); break;
        case CHANGE_CALLER_IDENTITY: {
            struct sts_caller_identity who;
            st = sts_parse_caller_identity(resp->http_status, strbuf_cstr(&resp->body),
                                           resp->body.len, &who, err);
            if (st == SSE_OK) {
                sse_strlcpy(t->res->whoami.account_id, who.account_id,
                            sizeof t->res->whoami.account_id);
                sse_strlcpy(t->res->whoami.arn, who.arn, sizeof t->res->whoami.arn);
                sse_strlcpy(t->res->whoami.identity_type, who.identity_type,
                            sizeof t->res->whoami.identity_type);
                sse_strlcpy(t->res->request_id, who.request_id, sizeof t->res->request_id);
            }
            break;
        }
        case CHANGE_KMS_CALL: st = parse_kms(t->job, resp, t->res, err); break;
        case CHANGE_GET_LOCATION:
            st = oss_response_location(resp, t->res->location, sizeof t->res->location, err);
            break;
        default: st = oss_response_check(resp, err); break;
        }
    }
    /* A transport failure is worth retrying even when a status line had arrived (a body cut
     * short): every operation here is idempotent. */
    enum change_request sent = change_request(&t->change);
    bool rpc = sent == CHANGE_CALLER_IDENTITY || sent == CHANGE_KMS_CALL;
    bool transient = st == SSE_ERR_NETWORK || st == SSE_ERR_TIMEOUT ||
                     (rpc ? rpc_response_retryable(resp->http_status, err)
                          : oss_response_retryable(resp, err));
    /* Throttling is pressure whether or not this request is retried: fewer in flight. */
    if (st != SSE_OK && transient && limit_is_throttle(resp->http_status, err->code)) {
        limit_throttled(&w->limit, t->epoch);
        publish_limit(w);
    }
    if (st != SSE_OK && transient && strcmp(err->code, "RequestTimeTooSkewed") == 0 &&
        !learn_clock_offset(w, resp, err))
        transient = false; /* a retry would be signed for a time nobody should trust */
    if (st == SSE_OK && limit_success(&w->limit))
        publish_limit(w);
    struct change_answer a = {
        .status = st,
        .error = err,
        .retryable = transient,
        .parkable = transient && parkable(st, resp, err),
        .rule = &rule,
        .http_status = resp->http_status,
        .request_id = resp->request_id,
    };
    act(w, t, change_answer(&t->change, &a, t->res));
}

static void
take_new_jobs(struct worker *w, bool *stopping)
{
    struct job *tail;
    struct job *head = queues_take_jobs(w->queues, &tail, stopping);
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
    t->job = j;
    t->res = res;
    change_start(&t->change, j, w->transport.retries, res);
    t->started = now_monotonic();
    ready_push(w, t, false);
    return true;
}

/* Moves delayed tasks whose time has come to the front of the ready list (a final-pass task only
 * while fewer than a quarter of the concurrency are ready or running: one that has to wait is
 * released when one of those finishes); returns the seconds until the next one is due (or a
 * large number). */
static double
release_delayed(struct worker *w, double now)
{
    double next = 3600;
    struct task **pp = &w->delayed;
    size_t final_cap = (size_t)limit_final_pass(&w->limit);
    while (*pp) {
        struct task *t = *pp;
        if (t->not_before <= now && t->change.final_pass && w->final_active >= final_cap) {
            pp = &t->next;
        } else if (t->not_before <= now) {
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
 * signed and set up, the transfers run after the turn's 1st, 2nd, 4th, 8th… start, so the first
 * ones leave at once, for log2(wave) more passes over the transfers (one after every start cost a
 * quarter more CPU). */
static void
start_more(struct worker *w, size_t *started)
{
    while (limit_allows(&w->limit, w->active) && (w->ready_head || task_from_next_job(w))) {
        start(w, ready_pop(w));
        size_t n = ++*started;
        if ((n & (n - 1)) == 0)
            net_multi_perform(w->net);
    }
}

/* Once nothing else is waiting, ready, delayed or running, the parked tasks are tried once more,
 * with their backoff continuing. True when it began. */
static bool
begin_final_pass(struct worker *w)
{
    if (!w->parked || w->waiting_head || w->ready_head || w->delayed || w->active)
        return false;
    unsigned long n = 0;
    for (struct task *t = w->parked, *next; t; t = next) {
        next = t->next;
        act(w, t, change_resume(&t->change, t->res));
        n++;
    }
    w->parked = NULL;
    atomic_fetch_add(&w->final_outstanding, n);
    atomic_fetch_add(&w->final_tasks, n);
    return true;
}

/* Requests whose credential fetch ended go on: to the front of the line when the credentials
 * came, or ended with the fetch's error. */
static void
release_waiters(struct worker *w)
{
    void *owner;
    enum creds_state state;
    struct sse_error err;
    sse_error_clear(&err);
    struct task *head = NULL, *tail = NULL; /* in the order they waited */
    while (w->creds && creds_next_released(w->creds, &owner, &state, &err)) {
        struct task *t = owner;
        if (state == CREDS_READY) {
            if (t->change.final_pass)
                w->final_active++;
            t->next = NULL;
            if (tail)
                tail->next = t;
            else
                head = t;
            tail = t;
        } else {
            fail_credentials(w, t, &err);
        }
        sse_error_clear(&err);
    }
    if (head) { /* they go first, as they would have without the wait */
        tail->next = w->ready_head;
        w->ready_head = head;
        if (!w->ready_tail)
            w->ready_tail = tail;
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

        net_multi_perform(w->net);
        struct net_transfer *done;
        enum sse_status st;
        struct sse_error err;
        sse_error_clear(&err);
        while ((done = net_multi_next_done(w->net, &st, &err))) {
            if (net_transfer_kind(done) == CREDS_TRANSFER_KIND)
                creds_done(w->creds, done, st, &err, time(NULL));
            else
                finish(w, net_transfer_owner(done), st, &err);
            sse_error_clear(&err);
            release_waiters(w);
            start_more(w, &started); /* the freed slot goes to the next request at once */
        }
        if (w->creds) {
            creds_pump(w->creds, w->net, time(NULL));
            release_waiters(w);
            wait_s = creds_next_due(w->creds, time(NULL), wait_s);
        }
        if ((w->ready_head || w->waiting_head) && limit_allows(&w->limit, w->active))
            continue; /* slots freed: start more before sleeping */
        if (begin_final_pass(w))
            continue;
        int timeout_ms = wait_s >= 1.0 ? 1000 : (int)(wait_s * 1000) + 1;
        net_multi_poll(w->net, timeout_ms);
    }
    return NULL;
}

struct worker *
worker_start(const struct oss_transport *transport, struct creds *creds, struct sse_error *err)
{
    struct worker *w = calloc(1, sizeof *w);
    if (!w) {
        creds_free(creds, NULL);
        sse_error_set(err, SSE_ERR_NOMEM, "out of memory");
        return NULL;
    }
    w->creds = creds; /* before the thread: it reads the store on every turn */
    w->transport = *transport;
    if (w->transport.concurrency < 1)
        w->transport.concurrency = 1;
    limit_init(&w->limit, w->transport.concurrency);
    atomic_init(&w->throttled, 0);
    atomic_init(&w->lowest_limit, w->transport.concurrency);
    atomic_init(&w->limit_now, w->transport.concurrency);
    atomic_init(&w->final_tasks, 0);
    atomic_init(&w->final_failed, 0);
    atomic_init(&w->final_outstanding, 0);
    w->rng = (uint64_t)time(NULL) ^ ((uint64_t)getpid() << 32) ^ (uint64_t)(uintptr_t)w;
    w->queues = queues_new(err);
    w->net = w->queues ? net_multi_new(&w->transport, err) : NULL;
    if (!w->net) {
        queues_free(w->queues);
        creds_free(w->creds, NULL);
        free(w);
        return NULL;
    }
    int rc = pthread_create(&w->thread, NULL, worker_main, w);
    if (rc != 0) {
        sse_error_set(err, SSE_ERR_IO, "cannot start the worker thread: %s", strerror(rc));
        creds_free(w->creds, w->net);
        net_multi_free(w->net);
        queues_free(w->queues);
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
    return queues_fd(w->queues);
}

void
worker_submit(struct worker *w, struct job *job)
{
    job->id = ++w->next_id;
    /* The worker takes the whole queue at once: one wake-up per batch is enough. */
    if (queues_push_job(w->queues, job))
        net_multi_wakeup(w->net);
}

struct result *
worker_take_results(struct worker *w)
{
    return queues_take_results(w->queues);
}

void
worker_get_stats(const struct worker *w, struct worker_stats *out)
{
    struct worker *m = (struct worker *)w; /* atomics are read through a non-const pointer */
    out->throttled = atomic_load(&m->throttled);
    out->concurrency = w->transport.concurrency;
    out->lowest_limit = atomic_load(&m->lowest_limit);
    out->limit = atomic_load(&m->limit_now);
    out->final_pass_tasks = atomic_load(&m->final_tasks);
    out->final_pass_failed = atomic_load(&m->final_failed);
    out->final_pass_running = atomic_load(&m->final_outstanding) > 0;
}

size_t
worker_pending(const struct worker *w)
{
    return queues_pending(w->queues);
}

/* A change cut short by stop: its audit record says so rather than staying open. */
static void
abandon_task(struct worker *w, struct task *t)
{
    if (w->audit && t->change.logged) {
        struct sse_error why, err;
        sse_error_clear(&why);
        sse_error_clear(&err);
        sse_error_set(&why, SSE_ERR_CANCELLED,
                      "sseadm stopped before the change completed; the bucket's state is unknown");
        const char *ids[3] = {t->change.request_ids[0], t->change.request_ids[1],
                              t->change.request_ids[2]};
        audit_end(w->audit, &t->audit, NULL, &why, ids, 3, time(NULL), &err);
    }
    task_free(w, t);
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
    queues_stop(w->queues);
    net_multi_wakeup(w->net);
    pthread_join(w->thread, NULL);

    /* The thread is gone: everything it owned is ours to free. */
    for (struct task *t = w->running; t;) {
        struct task *next = t->next_active;
        abandon_task(w, t); /* takes its transfer out of the set */
        t = next;
    }
    free_task_list(w, w->ready_head);
    free_task_list(w, w->delayed);
    free_task_list(w, w->parked);
    void *held;
    while (w->creds && creds_next_waiter(w->creds, &held))
        abandon_task(w, held);
    creds_free(w->creds, w->net);
    for (struct job *j = w->waiting_head; j;) {
        struct job *next = j->next;
        job_free(j);
        j = next;
    }
    sign_v4_key_cache_clear(&w->keys);
    net_multi_free(w->net);
    queues_free(w->queues);
    free(w);
}
