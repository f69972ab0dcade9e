/* change.c — the phases of a job: before → log → write → read-back, retries per phase. */
#include "engine/change.h"

#include <stdio.h>
#include <string.h>

#include "core/i18n.h"

static bool
is_change(const struct job *j)
{
    return j->kind == JOB_PUT || j->kind == JOB_DELETE;
}

/* Enters phase with a fresh budget. */
static void
enter(struct change *c, enum job_phase phase)
{
    c->phase = phase;
    c->attempts = 0;
    c->budget = c->retries + 1;
}

enum change_action
change_start(struct change *c, const struct job *job, int retries, struct result *res)
{
    memset(c, 0, sizeof *c);
    c->job = job;
    c->retries = retries < 0 ? 0 : retries;
    enter(c, is_change(job) ? JOB_PHASE_BEFORE : JOB_PHASE_REQUEST);
    res->job_id = job->id;
    res->seq = job->seq;
    res->kind = job->kind;
    res->account = job->account;
    res->tag = job->tag;
    sse_strlcpy(res->bucket, job->bucket, sizeof res->bucket);
    if (job->kind == JOB_PUT)
        res->requested = job->rule;
    res->phase = c->phase;
    return CHANGE_SEND;
}

enum change_request
change_request(const struct change *c)
{
    if (c->phase == JOB_PHASE_WRITE)
        return c->job->kind == JOB_PUT ? CHANGE_PUT_RULE : CHANGE_DELETE_RULE;
    if (c->phase == JOB_PHASE_REQUEST && c->job->kind == JOB_LIST)
        return CHANGE_LIST_BUCKETS;
    if (c->phase == JOB_PHASE_REQUEST && c->job->kind == JOB_WHOAMI)
        return CHANGE_CALLER_IDENTITY;
    if (c->phase == JOB_PHASE_REQUEST && c->job->kind == JOB_KMS)
        return CHANGE_KMS_CALL;
    if (c->phase == JOB_PHASE_REQUEST && c->job->kind == JOB_LOCATION)
        return CHANGE_GET_LOCATION;
    return CHANGE_GET_RULE;
}

void
change_sent(struct change *c, struct result *res)
{
    c->attempts++;
    res->attempts++;
}

/* The job ends: res final, the log told what it still needs. */
static enum change_action
done(struct change *c, struct result *res)
{
    res->phase = c->phase;
    if (res->status == SSE_OK) {
        sse_error_clear(&res->error);
        sse_error_clear(&res->cause);
    } else
        change_error_words(res, &res->error);
    c->log = c->logged ? CHANGE_LOG_END : CHANGE_LOG_NONE;
    return CHANGE_DONE;
}

static enum change_action
failed(struct change *c, enum sse_status st, const struct sse_error *cause, struct result *res)
{
    res->cause = *cause;
    res->status = st != SSE_OK ? st : cause->status != SSE_OK ? cause->status : SSE_ERR_INVALID;
    res->cause.status = res->status;
    return done(c, res);
}

static int
id_slot(enum job_phase phase)
{
    return phase == JOB_PHASE_WRITE ? 1 : phase == JOB_PHASE_READBACK ? 2 : 0;
}

enum change_action
change_answer(struct change *c, const struct change_answer *a, struct result *res)
{
    if (a->request_id && a->request_id[0]) {
        sse_strlcpy(res->request_id, a->request_id, sizeof res->request_id);
        sse_strlcpy(c->request_ids[id_slot(c->phase)], a->request_id, sizeof c->request_ids[0]);
    }
    if (a->status != SSE_OK) {
        if (a->retryable && c->attempts < c->budget) {
            res->retries++;
            res->cause = *a->error; /* kept for the detail view if the retries run out */
            return CHANGE_RETRY;
        }
        if (a->retryable && a->parkable && !c->final_pass) {
            res->cause = *a->error; /* the failure, should the final pass not mend it */
            return CHANGE_PARK;
        }
        return failed(c, a->status, a->error, res);
    }
    switch (c->phase) {
    case JOB_PHASE_BEFORE:
        res->before = *a->rule;
        res->before_known = true;
        if (c->job->expect_known && !sse_rule_equal(a->rule, &c->job->expect)) {
            /* Someone changed it after the user looked: their rule stays. */
            res->rule = *a->rule;
            res->rule_known = true;
            sse_error_clear(&res->cause);
            res->cause.status = SSE_ERR_CHANGED;
            res->cause.http_status = (int)a->http_status;
            sse_strlcpy(res->cause.request_id, res->request_id, sizeof res->cause.request_id);
            res->status = SSE_ERR_CHANGED;
            done(c, res);
            c->log = CHANGE_LOG_SKIP;
            return CHANGE_DONE;
        }
        if (c->job->kind == JOB_PUT ? sse_rule_equal(a->rule, &c->job->rule)
                                    : a->rule->algo == SSE_ALGO_NONE) {
            res->unchanged = true; /* nothing to change: nothing written, nothing logged */
            res->rule = *a->rule;
            res->rule_known = true;
            res->status = SSE_OK;
            return done(c, res);
        }
        c->phase = JOB_PHASE_AUDIT;
        res->phase = c->phase;
        return CHANGE_LOG_BEGIN;
    case JOB_PHASE_WRITE:
        enter(c, JOB_PHASE_READBACK);
        res->phase = c->phase;
        return CHANGE_SEND;
    case JOB_PHASE_READBACK:
    case JOB_PHASE_REQUEST:
        if (c->job->kind == JOB_GET || c->job->kind == JOB_PUT || c->job->kind == JOB_DELETE) {
            res->rule = *a->rule;
            res->rule_known = true;
        }
        if (c->phase == JOB_PHASE_READBACK &&
            !(c->job->kind == JOB_PUT ? sse_rule_equal(a->rule, &c->job->rule)
                                      : a->rule->algo == SSE_ALGO_NONE)) {
            sse_error_clear(&res->cause);
            res->cause.status = SSE_ERR_MISMATCH;
            res->cause.http_status = (int)a->http_status;
            sse_strlcpy(res->cause.request_id, res->request_id, sizeof res->cause.request_id);
            res->status = SSE_ERR_MISMATCH;
            return done(c, res);
        }
        res->status = SSE_OK;
        return done(c, res);
    case JOB_PHASE_AUDIT:
        break;
    }
    /* An answer while logging: nothing was sent, so there is none. */
    struct sse_error e;
    sse_error_clear(&e);
    sse_error_set(&e, SSE_ERR_INVALID, "an answer came while no request was out");
    return failed(c, SSE_ERR_INVALID, &e, res);
}

enum change_action
change_resume(struct change *c, struct result *res)
{
    c->final_pass = true;
    c->budget = c->attempts + c->retries + 1;
    res->final_pass = true;
    res->retries++;
    return CHANGE_RETRY;
}

enum change_action
change_logged(struct change *c, const struct sse_error *failure, struct result *res)
{
    if (failure)
        return failed(c, failure->status, failure, res);
    c->logged = true;
    enter(c, JOB_PHASE_WRITE);
    res->phase = c->phase;
    return CHANGE_SEND;
}

void
change_log_failed(struct change *c, const struct sse_error *err, struct result *res)
{
    (void)c;
    if (res->status != SSE_OK)
        return;
    res->status = err->status ? err->status : SSE_ERR_IO;
    res->cause = *err;
    res->cause.status = res->status;
    res->error = res->cause; /* nothing to add: it says which log could not be written */
}

void
change_error_words(const struct result *res, struct sse_error *out)
{
    *out = res->cause;
    out->status = res->status;
    char msg[sizeof out->message + 1024];
    msg[0] = '\0';
    if (res->status == SSE_ERR_CHANGED) {
        char now[400];
        sse_rule_words(&res->rule, now, sizeof now);
        snprintf(msg, sizeof msg, _("changed since you looked: now %s"), now);
    } else if (res->status == SSE_ERR_MISMATCH) {
        char want[400], got[400];
        if (res->kind == JOB_PUT)
            sse_rule_describe(&res->requested, want, sizeof want);
        else
            snprintf(want, sizeof want, "no rule");
        if (res->rule_known)
            sse_rule_describe(&res->rule, got, sizeof got);
        else
            snprintf(got, sizeof got, "nothing readable");
        snprintf(msg, sizeof msg, "OSS accepted the change but now reports %s instead of %s", got,
                 want);
    } else if (res->phase == JOB_PHASE_BEFORE) {
        snprintf(msg, sizeof msg, "cannot read the current rule, so nothing was changed: %s",
                 res->cause.message);
    } else if (res->phase == JOB_PHASE_AUDIT) {
        snprintf(msg, sizeof msg, "%s; nothing was changed", res->cause.message);
    } else if (res->phase == JOB_PHASE_READBACK) {
        snprintf(msg, sizeof msg, "%s succeeded, but reading the rule back failed: %s",
                 res->kind == JOB_PUT ? "setting the rule" : "removing the rule",
                 res->cause.message);
    }
    if (msg[0])
        sse_strlcpy(out->message, msg, sizeof out->message);
}
