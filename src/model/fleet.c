/* fleet.c — the bucket table: rows, results applied in seq order, incremental counts. */
#include "model/fleet.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void
fleet_init(struct fleet *f)
{
    memset(f, 0, sizeof *f);
    f->next_seq = 1;
}

void
fleet_cleanup(struct fleet *f)
{
    free(f->rows);
    free(f->profiles);
    free(f->errors);
    free(f->error_next);
    memset(f, 0, sizeof *f);
}

int
fleet_add_profile(struct fleet *f, const struct oss_account *account, bool readonly)
{
    if (f->nprofiles >= UINT16_MAX)
        return -1;
    struct fleet_profile *p = realloc(f->profiles, (f->nprofiles + 1) * sizeof *p);
    if (!p)
        return -1;
    f->profiles = p;
    p[f->nprofiles] = (struct fleet_profile){ .account = account, .readonly = readonly };
    return (int)f->nprofiles++;
}

enum sse_status
fleet_add(struct fleet *f, int profile, const char *bucket)
{
    if (profile < 0 || (size_t)profile >= f->nprofiles)
        return SSE_ERR_INVALID;
    if (f->count == f->cap) {
        size_t cap = f->cap ? f->cap * 2 : 64;
        if (cap > UINT32_MAX)
            return SSE_ERR_NOMEM;
        struct fleet_row *rows = realloc(f->rows, cap * sizeof *rows);
        if (!rows)
            return SSE_ERR_NOMEM;
        f->rows = rows;
        f->cap = cap;
    }
    struct fleet_row *r = &f->rows[f->count++];
    memset(r, 0, sizeof *r);
    sse_strlcpy(r->bucket, bucket, sizeof r->bucket);
    r->profile = (uint16_t)profile;
    r->state = FLEET_LOADING;
    f->counts.loading++;
    return SSE_OK;
}

/* Adds (dir = +1) or removes (dir = -1) a row's share of the counts; called around every change. */
static void
count_row(struct fleet *f, const struct fleet_row *r, int dir)
{
    struct fleet_counts *c = &f->counts;
    if (r->rule_known && (unsigned)r->rule.algo <= SSE_ALGO_UNKNOWN)
        c->algo[r->rule.algo] += (size_t)dir;
    if (r->state == FLEET_ERROR)
        c->errors += (size_t)dir;
    if (r->state == FLEET_LOADING)
        c->loading += (size_t)dir;
    c->inflight += (size_t)dir * r->pending;
    c->writes += (size_t)dir * r->pending_writes;
    if (r->marked)
        c->marked += (size_t)dir;
}

static bool
is_write(enum job_kind kind)
{
    return kind == JOB_PUT || kind == JOB_DELETE;
}

struct job *
fleet_job(struct fleet *f, size_t row, enum job_kind kind, const struct sse_rule *rule,
          enum fleet_refusal *why)
{
    enum fleet_refusal dummy;
    if (!why)
        why = &dummy;
    struct fleet_row *r = &f->rows[row];
    const struct fleet_profile *p = &f->profiles[r->profile];
    if (is_write(kind) && p->readonly) {
        *why = FLEET_REFUSE_READONLY;
        return NULL;
    }
    if (r->pending_writes) {
        *why = FLEET_REFUSE_BUSY;
        return NULL;
    }
    struct job *job = job_new(kind, p->account, r->bucket);
    if (!job) {
        *why = FLEET_REFUSE_NOMEM;
        return NULL;
    }
    if (kind == JOB_PUT && rule)
        job->rule = *rule;
    job->tag = row;
    count_row(f, r, -1);
    job->seq = r->seq = f->next_seq++;
    if (f->next_seq == 0)
        f->next_seq = 1;
    r->pending++;
    if (is_write(kind))
        r->pending_writes++;
    r->busy = (uint8_t)(kind + 1);
    count_row(f, r, +1);
    *why = FLEET_GO;
    return job;
}

/* The error store: one slot per row in error, reused through a free list. */
static uint32_t
error_slot(struct fleet *f)
{
    if (f->error_free) {
        uint32_t s = f->error_free;
        f->error_free = f->error_next[s - 1];
        return s;
    }
    if (f->nerrors == f->errors_cap) {
        uint32_t cap = f->errors_cap ? f->errors_cap * 2 : 16;
        struct sse_error *e = realloc(f->errors, cap * sizeof *e);
        if (!e)
            return 0;
        f->errors = e;
        uint32_t *n = realloc(f->error_next, cap * sizeof *n);
        if (!n)
            return 0;
        f->error_next = n;
        f->errors_cap = cap;
    }
    return ++f->nerrors;
}

static void
error_release(struct fleet *f, struct fleet_row *r)
{
    if (!r->error)
        return;
    f->error_next[r->error - 1] = f->error_free;
    f->error_free = r->error;
    r->error = 0;
}

/* True when a is older than b, in wrap-around order. */
static bool
seq_older(uint32_t a, uint32_t b)
{
    return (int32_t)(a - b) < 0;
}

/* Records a failure in the row's error slot: the code shown in the list and the whole error for
 * the detail screen. */
static void
set_error(struct fleet *f, struct fleet_row *r, const struct result *res)
{
    r->state = FLEET_ERROR;
    if (!r->error)
        r->error = error_slot(f);
    if (!r->error)
        return; /* out of memory: the row still shows as an error */
    struct sse_error *e = &f->errors[r->error - 1];
    *e = res->error;
    e->status = res->status;
    if (res->status == SSE_ERR_MISMATCH) {
        sse_strlcpy(e->code, "Mismatch", sizeof e->code);
        if (!e->message[0]) { /* the worker normally says what differs */
            char want[300], got[300];
            sse_rule_describe(&res->requested, want, sizeof want);
            if (res->rule_known)
                sse_rule_describe(&res->rule, got, sizeof got);
            else
                sse_strlcpy(got, "nothing readable", sizeof got);
            snprintf(e->message, sizeof e->message,
                     "read-back differs from the rule written: asked for %.200s, OSS has %.200s",
                     want, got);
        }
    } else {
        if (!e->code[0])
            sse_strlcpy(e->code, sse_status_message(res->status), sizeof e->code);
        if (!e->message[0])
            sse_strlcpy(e->message, sse_status_message(res->status), sizeof e->message);
    }
}

size_t
fleet_apply(struct fleet *f, const struct result *res)
{
    size_t row = res->tag;
    if (row >= f->count)
        return FLEET_NO_ROW;
    struct fleet_row *r = &f->rows[row];
    if (strcmp(r->bucket, res->bucket) != 0 || f->profiles[r->profile].account != res->account)
        return FLEET_NO_ROW;
    count_row(f, r, -1);
    if (r->pending)
        r->pending--;
    if (is_write(res->kind) && r->pending_writes)
        r->pending_writes--;
    if (seq_older(res->seq, r->seq)) {
        count_row(f, r, +1);
        return FLEET_NO_ROW;
    }
    r->busy = 0;
    r->last_kind = (uint8_t)res->kind;
    r->attempts = (uint16_t)(res->attempts > UINT16_MAX ? UINT16_MAX : res->attempts);
    r->retries = (uint16_t)(res->retries > UINT16_MAX ? UINT16_MAX : res->retries);
    r->elapsed_s = (float)res->elapsed_s;
    const char *rid = res->request_id[0] ? res->request_id : res->error.request_id;
    sse_strlcpy(r->request_id, rid, sizeof r->request_id);
    if (res->rule_known) {
        r->rule = res->rule;
        r->rule_known = true;
    }
    if (res->status == SSE_OK) {
        r->state = FLEET_OK;
        error_release(f, r);
    } else {
        set_error(f, r, res);
    }
    count_row(f, r, +1);
    return row;
}

const struct sse_error *
fleet_error(const struct fleet *f, size_t row)
{
    const struct fleet_row *r = &f->rows[row];
    return r->state == FLEET_ERROR && r->error ? &f->errors[r->error - 1] : NULL;
}

const struct fleet_profile *
fleet_row_profile(const struct fleet *f, size_t row)
{
    return &f->profiles[f->rows[row].profile];
}

void
fleet_set_mark(struct fleet *f, size_t row, bool marked)
{
    struct fleet_row *r = &f->rows[row];
    if (r->marked == marked)
        return;
    r->marked = marked;
    if (marked)
        f->counts.marked++;
    else
        f->counts.marked--;
}

void
fleet_clear_marks(struct fleet *f)
{
    if (!f->counts.marked)
        return;
    for (size_t i = 0; i < f->count; i++)
        f->rows[i].marked = false;
    f->counts.marked = 0;
}

char *
fleet_status_text(const struct fleet *f, size_t row, const char *ellipsis, char *buf, size_t size)
{
    const struct fleet_row *r = &f->rows[row];
    const char *word = NULL;
    switch (r->busy) {
    case JOB_GET + 1: word = r->state == FLEET_LOADING ? "loading" : "reading"; break;
    case JOB_PUT + 1: word = "setting"; break;
    case JOB_DELETE + 1: word = "removing"; break;
    case JOB_LIST + 1: word = "listing"; break;
    default: break;
    }
    const struct sse_error *e = fleet_error(f, row);
    if (word)
        snprintf(buf, size, "%s%s", word, ellipsis);
    else if (r->state == FLEET_LOADING)
        snprintf(buf, size, "loading%s", ellipsis);
    else if (r->state == FLEET_ERROR)
        snprintf(buf, size, "%s", e ? e->code : "error");
    else
        snprintf(buf, size, "ok");
    return buf;
}
