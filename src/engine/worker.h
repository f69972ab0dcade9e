/* worker.h — the background thread that owns the network: takes jobs, runs up to
 * transport->concurrency requests at once, retries (and once more in a final pass after the
 * rest), reads back after writes, returns results and signals a file descriptor that the front
 * end polls. */
#ifndef SSE_ENGINE_WORKER_H
#define SSE_ENGINE_WORKER_H

#include <stdbool.h>
#include <stddef.h>

#include "core/status.h"
#include "engine/audit.h"
#include "engine/job.h"
#include "oss/account.h"

struct worker;

/* How the adaptive concurrency limit fared: it halves once per round of throttled answers (HTTP 503
 * or 429, ServiceUnavailable, Throttling: answers to requests sent before the last cut do not cut
 * it again) and grows back by about one per round trip (1/limit per success), up to concurrency. */
struct worker_stats {
    unsigned long throttled; /* throttled answers seen */
    int concurrency;         /* the configured maximum (transport->concurrency) */
    int lowest_limit;        /* the lowest the limit fell to */
    int limit;               /* the limit now */
    /* The final pass: jobs whose retries ran out on a busy or unreachable service (5xx, 429,
     * throttling, time-out, connection) wait until nothing else is waiting or running, then are
     * tried once more at a quarter of the concurrency (result->final_pass). */
    unsigned long final_pass_tasks;  /* jobs that went into a final pass */
    unsigned long final_pass_failed; /* of which failed there too */
    bool final_pass_running;         /* a final pass is under way now */
};

struct creds;
/* Starts the thread. transport is copied; creds (may be NULL) is the store of the credential
 * sources its jobs name (job->identity), owned by the worker from then on (freed with it, or
 * here on failure). NULL with err filled on failure. */
struct worker *worker_start(const struct oss_transport *transport, struct creds *creds,
                            struct sse_error *err);
/* Records every change (PUT/DELETE) in log before it is sent and after it ends; a change whose
 * begin record cannot be made durable is not sent. Call before submitting; log outlives w. */
void worker_set_audit(struct worker *w, struct audit_log *log);
/* Readable when results may be waiting (poll it with POLLIN). */
int worker_fd(const struct worker *w);
/* Queues a job; takes ownership. Safe from the front-end thread only. */
void worker_submit(struct worker *w, struct job *job);
/* Drains the wake fd and returns every finished result, oldest first (caller frees each with
 * result_free, or all with result_free_all). NULL when none. Never blocks. */
struct result *worker_take_results(struct worker *w);
/* Jobs submitted and not yet taken back as results. */
size_t worker_pending(const struct worker *w);
/* The adaptive limit's record so far. Safe from any thread. */
void worker_get_stats(const struct worker *w, struct worker_stats *out);
/* Cancels queued and running jobs, joins the thread, frees everything. NULL is a no-op. */
void worker_stop(struct worker *w);

#endif
