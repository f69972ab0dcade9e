/* flow.c — operations (an applied plan) started and followed to their last answer, and every answer
 * taken: applied to the fleet, listings handed to discovery, the window refilled. */
#include "app/internal.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- operations -------------------------------------------------------------------------- */

static int
by_row(const void *x, const void *y)
{
    uint32_t a = ((const struct app_row_entry *)x)->row, b = ((const struct app_row_entry *)y)->row;
    return a < b ? -1 : a > b;
}

static void
op_free(struct app_op *op)
{
    app_plan_cleanup(&op->plan);
    free(op->seq);
    free(op->by_row);
    free(op);
}

void
app_ops_cleanup(struct app *a)
{
    while (a->ops) {
        struct app_op *older = a->ops->older;
        op_free(a->ops);
        a->ops = older;
    }
}

/* True when the row's state still is what entry e was planned on. */
static bool
still_as_planned(const struct app *a, const struct app_plan *p, size_t i)
{
    const struct app_plan_entry *e = &p->entries[i];
    const struct fleet_row *r = &a->fleet.rows[e->row];
    if (!e->seen_known || !r->rule_known || r->state != FLEET_OK)
        return true; /* nothing to compare here: the worker reads right before it writes */
    struct sse_rule seen, now;
    app_plan_seen(p, i, &seen);
    fleet_row_rule(&a->fleet, e->row, &now);
    if (!sse_rule_equal(&seen, &now))
        return false;
    if (p->kind != APP_PLAN_POLICY)
        return true;
    /* A policy entry also needs its verdict and the rule the policy writes unchanged. */
    struct sse_rule planned, target;
    app_plan_target(p, i, &planned);
    policy_target(a->policy, r->judgement, &now, &target);
    return r->judgement.verdict == POLICY_DRIFTED && sse_rule_equal(&planned, &target);
}

enum sse_status
app_apply(struct app *a, struct app_plan *p, struct sse_error *err)
{
    struct app_op *op = calloc(1, sizeof *op);
    size_t n = p->count ? p->count : 1;
    if (op) {
        op->seq = calloc(n, sizeof *op->seq);
        op->by_row = calloc(n, sizeof *op->by_row);
    }
    if (!op || !op->seq || !op->by_row) {
        if (op)
            op_free(op);
        return sse_error_set(err, SSE_ERR_NOMEM, "out of memory");
    }
    op->plan = *p;
    app_plan_init(p, p->kind); /* the plan is the operation's now */
    audit_new_operation_id(op->id, time(NULL));
    struct app_plan *plan = &op->plan;
    for (size_t i = 0; i < plan->count; i++) {
        struct app_plan_entry *e = &plan->entries[i];
        op->by_row[i] = (struct app_row_entry){ e->row, (uint32_t)i };
        if (e->refusal != APP_GO)
            continue;
        enum app_refusal why = !still_as_planned(a, plan, i) ? APP_CHANGED
                                                             : app_permit(a, e->row, e->action);
        if (why != APP_GO) {
            plan->refused[APP_GO]--;
            plan->refused[why]++;
            e->refusal = (uint8_t)why;
            if (why == APP_CHANGED)
                op->batch.changed++;
            continue;
        }
        if (!app_queue(a, op, e->row, (uint32_t)i)) {
            plan->refused[APP_GO]--;
            e->refusal = APP_CHANGES_OFF; /* out of memory: not sent */
            plan->refused[APP_CHANGES_OFF]++;
        }
    }
    qsort(op->by_row, plan->count, sizeof *op->by_row, by_row);
    op->batch.plan = plan;
    op->older = a->ops;
    a->ops = op;
    app_pump(a);
    return SSE_OK;
}

const struct app_batch *
app_batch(const struct app *a)
{
    return a->ops ? &a->ops->batch : NULL;
}

/* The operation and entry a write's answer belongs to, or NULL. */
static struct app_op *
op_of(struct app *a, size_t row, uint32_t seq, size_t *entry)
{
    for (struct app_op *op = a->ops; op; op = op->older) {
        size_t lo = 0, hi = op->plan.count;
        while (lo < hi) { /* the first entry of row */
            size_t mid = lo + (hi - lo) / 2;
            if (op->by_row[mid].row < row)
                lo = mid + 1;
            else
                hi = mid;
        }
        if (lo < op->plan.count && op->by_row[lo].row == row &&
            op->seq[op->by_row[lo].entry] == seq) {
            *entry = op->by_row[lo].entry;
            return op;
        }
    }
    return NULL;
}

/* Drops operations older than the newest once everything they sent is answered. */
static void
retire_ops(struct app *a)
{
    if (!a->ops)
        return;
    for (struct app_op **pp = &a->ops->older; *pp;) {
        struct app_op *op = *pp;
        if (!op->queued && op->batch.done == op->batch.sent) {
            *pp = op->older;
            op_free(op);
        } else {
            pp = &op->older;
        }
    }
}

/* A change that began (its before-read succeeded and it was logged) or was skipped (the bucket
 * had changed since it was seen): the undo index learns it as the log did. */
static void
remember_change(struct app *a, const struct result *r, const struct app_op *op, size_t entry)
{
    /* A change that was not made (changed since seen, nothing to change) is nothing to undo; a
     * skip still counts in its operation. */
    bool skipped = r->status == SSE_ERR_CHANGED;
    bool begun = r->before_known && r->status != SSE_ERR_IO && !skipped && !r->unchanged;
    if ((!begun && !skipped) || r->tag >= a->fleet.count)
        return;
    const char *undoes = "";
    if (op && op->plan.kind == APP_PLAN_UNDO) {
        const struct undo_change *c = app_undo_change(a, op->plan.entries[entry].change);
        undoes = c ? c->operation_id : "";
    }
    const struct oss_account *p = a->fleet.profiles[a->fleet.rows[r->tag].profile].account;
    char when[32];
    time_t now = time(NULL);
    struct tm tm;
    if (!gmtime_r(&now, &tm) || !strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm))
        when[0] = '\0';
    const char *operation = op && op->plan.kind == APP_PLAN_UNDO ? "undo"
                            : r->kind == JOB_PUT                 ? "set"
                                                                 : "remove";
    const char *profile = p ? p->profile : "";
    if (begun)
        undo_index_add_change(&a->undo, operation, op ? op->id : "", undoes, profile,
                              r->account ? r->account->endpoint : "", r->bucket, &r->before,
                              r->rule_known ? &r->rule : NULL, when);
    undo_index_note(&a->undo, op ? op->id : "", operation, undoes, profile, when,
                    skipped                 ? UNDO_SKIPPED
                    : r->status == SSE_OK   ? UNDO_OK
                                            : UNDO_FAILED);
}

static void
note_answered(struct app *a, uint32_t row)
{
    if (a->nanswered == a->answered_cap) {
        size_t cap = a->answered_cap ? a->answered_cap * 2 : 256;
        uint32_t *n = realloc(a->answered, cap * sizeof *n);
        if (!n)
            return; /* the update lists fewer rows; the fleet is right */
        a->answered = n;
        a->answered_cap = cap;
    }
    a->answered[a->nanswered++] = row;
}

void
app_take(struct app *a, struct app_update *u)
{
    memset(u, 0, sizeof *u);
    a->nanswered = a->nended = 0;
    a->added = a->drifted = false;
    struct result *list = a->worker ? worker_take_results(a->worker) : NULL;
    uint64_t drifted = a->fleet.drifted_changes;
    for (struct result *r = list; r; r = r->next) {
        if (r->kind == JOB_WHOAMI) {
            app_on_whoami(a, r);
            u->identities_changed = true;
            continue;
        }
        if (r->kind == JOB_LOCATION) {
            app_on_location(a, r);
            continue;
        }
        int profile = r->kind == JOB_LIST ? (r->tag < a->nasks ? a->asks[r->tag].profile : -1)
                      : r->tag < a->fleet.count ? a->fleet.rows[r->tag].profile
                                                : -1;
        if (profile >= 0 && app_note_credentials(a, profile, r)) {
            u->identities_changed = true;
            if (r->status == SSE_ERR_CREDENTIALS) {
                u->credentials_failed = true;
                u->failed_profile = profile;
            }
        }
        if (r->kind == JOB_LIST) {
            app_on_listing(a, r);
            u->rows_changed = true;
            continue;
        }
        if (a->inflight)
            a->inflight--;
        bool write = r->kind == JOB_PUT || r->kind == JOB_DELETE;
        size_t entry = 0;
        struct app_op *op = write ? op_of(a, r->tag, r->seq, &entry) : NULL;
        app_explain(r);
        if (app_follow(a, r, op, entry)) { /* asked again where OSS says the bucket is */
            u->rows_changed = true;
            continue;
        }
        size_t row = fleet_apply(&a->fleet, r);
        if (row != FLEET_NO_ROW) {
            u->rows_changed = true;
            note_answered(a, (uint32_t)row);
        }
        if (!write)
            continue;
        if (op) {
            op->batch.done++;
            if (r->status != SSE_OK)
                op->batch.failed++;
            u->batch_answered |= op == a->ops;
        }
        remember_change(a, r, op, entry);
    }
    result_free_all(list);
    retire_ops(a);
    app_pump(a);
    u->answered = a->answered;
    u->nanswered = a->nanswered;
    u->listings_ended = a->ended;
    u->nlistings_ended = a->nended;
    u->rows_added = a->added;
    u->drifted_changed = a->fleet.drifted_changes != drifted;
}

bool
app_idle(const struct app *a)
{
    return !a->qcount && !a->inflight && !a->listing_jobs && !a->whoami_jobs &&
           !a->location_jobs;
}
