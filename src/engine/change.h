/* change.h — one job's requests as a pure step function. A change (JOB_PUT, JOB_DELETE) reads the
 * bucket's rule (BEFORE), is logged as begun (AUDIT), writes (WRITE) and reads the rule again
 * (READBACK), unless BEFORE finds the bucket changed since the user looked (job->expect) or
 * already holding what was asked; a read or a listing is one request (REQUEST). Each step takes the parsed answer of
 * the last request and says what to do next; when the job is done the result is filled in. No
 * I/O, no clock, no randomness: the worker sends, waits, logs and delivers. */
#ifndef SSE_ENGINE_CHANGE_H
#define SSE_ENGINE_CHANGE_H

#include <stdbool.h>

#include "core/rule.h"
#include "core/status.h"
#include "engine/job.h"

/* The request the current phase sends. */
enum change_request {
    CHANGE_GET_RULE,     /* GetBucketEncryption */
    CHANGE_PUT_RULE,     /* PutBucketEncryption of job->rule */
    CHANGE_DELETE_RULE,  /* DeleteBucketEncryption */
    CHANGE_LIST_BUCKETS, /* ListBuckets from job->prefix, job->marker */
    CHANGE_CALLER_IDENTITY, /* STS GetCallerIdentity */
    CHANGE_KMS_CALL,     /* the KMS call of job->kms_call */
    CHANGE_GET_LOCATION, /* GetBucketLocation */
};

enum change_action {
    CHANGE_SEND,      /* send change_request() now (a new phase's first request) */
    CHANGE_RETRY,     /* send it again after the backoff for retry number c->attempts */
    CHANGE_PARK,      /* its retries ran out on an answer a later pass may mend: hold it until
                       * nothing else is waiting, ready, delayed or running, then change_resume
                       * (the final pass) */
    CHANGE_LOG_BEGIN, /* log the change as begun (before = res->before), then call change_logged */
    CHANGE_DONE,      /* res is final: complete the log as c->log says, then deliver res */
};

/* What the audit log still needs when the job is done. */
enum change_log {
    CHANGE_LOG_NONE, /* nothing: not a change, or never logged as begun */
    CHANGE_LOG_END,  /* the end record: after = res->rule when res->rule_known, the failure =
                      * res->error when res->status is not SSE_OK */
    CHANGE_LOG_SKIP, /* the skip record of a change not made (SSE_ERR_CHANGED): expected =
                      * job->expect, found = res->before */
};

struct change {
    const struct job *job;    /* borrowed: outlives the change */
    enum job_phase phase;
    int attempts;             /* requests sent in this phase */
    int budget;               /* requests this phase may send before a failure stands */
    int retries;              /* extra attempts a phase is given (the transport's retries) */
    bool logged;              /* the begin record is written: the end record must follow */
    bool final_pass;          /* parked once and resumed: its next failure stands */
    enum change_log log;      /* with CHANGE_DONE */
    char request_ids[3][64];  /* the last request id of BEFORE, WRITE and READBACK, for the log */
};

/* The parsed answer of the last request (or why it could not be sent). */
struct change_answer {
    enum sse_status status;        /* SSE_OK: an answer that parsed (a rule, a page, a 2xx) */
    const struct sse_error *error; /* status != SSE_OK: what failed, as it came */
    bool retryable;                /* a retry may succeed: the response's classification */
    bool parkable;                 /* and a pass after the rest too: the service was busy or out
                                    * of reach (5xx, 429, throttling, time-out, connection) */
    const struct sse_rule *rule;   /* CHANGE_GET_RULE answered: the rule (SSE_ALGO_NONE: none) */
    long http_status;              /* 0 when no answer came */
    const char *request_id;        /* x-oss-request-id; "" when none */
};

/* Sets c up for job, whose phases may each retry `retries` times, and fills res's echo of the job
 * (res zeroed by the caller). The first action is CHANGE_SEND. */
enum change_action change_start(struct change *c, const struct job *job, int retries,
                                struct result *res);
enum change_request change_request(const struct change *c);
/* The request went out: counts the attempt. */
void change_sent(struct change *c, struct result *res);
/* Takes the answer to the last request (or a failure to send it: retryable false). */
enum change_action change_answer(struct change *c, const struct change_answer *a,
                                 struct result *res);
/* The final pass begins for a parked c: its phase gets a fresh budget of retries + 1 requests,
 * the backoff continuing from c->attempts (so the first one waits for retry number
 * c->attempts); res says it went through the final pass. Returns CHANGE_RETRY. A parked write
 * resumes in its own phase: the read-back rule holds. */
enum change_action change_resume(struct change *c, struct result *res);
/* After CHANGE_LOG_BEGIN: failure NULL when the begin record is durable (or no log is kept), the
 * write is then sent; else the job ends with nothing changed. */
enum change_action change_logged(struct change *c, const struct sse_error *failure,
                                 struct result *res);
/* The log could not be completed (err) after res became final: a success becomes that failure
 * (the change happened, but is not on record); a failure stays as it is. */
void change_log_failed(struct change *c, const struct sse_error *err, struct result *res);

/* The error a failed result shows, from its data (phase, cause, rule against requested): a failed
 * BEFORE read says nothing was changed, a failed read-back that the write succeeded, a log that
 * could not be written that nothing was changed, a mismatch what OSS reports instead of what was
 * written (these in fixed English, as OSS's own messages are), a bucket changed since the user
 * looked what it holds now (in the user's language); the REQUEST and WRITE phases show the cause
 * as it is. */
void change_error_words(const struct result *res, struct sse_error *out);

#endif
