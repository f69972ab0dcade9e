/* window.c — reads and an operation's writes waiting for the worker, fed to it a window at a time
 * so that a sweep of thousands keeps only a few hundred jobs queued. */
#include "app/internal.h"

#include <stdlib.h>
#include <string.h>

bool
app_queue(struct app *a, struct app_op *op, uint32_t row, uint32_t entry)
{
    if (!op && a->fleet.rows[row].read_queued)
        return true; /* one read queued is enough: it answers for both */
    if (a->qcount == a->qcap) {
        size_t cap = a->qcap ? a->qcap * 2 : 256;
        struct app_work *q = malloc(cap * sizeof *q);
        if (!q)
            return false;
        for (size_t i = 0; i < a->qcount; i++)
            q[i] = a->queue[(a->qhead + i) % a->qcap];
        free(a->queue);
        a->queue = q;
        a->qcap = cap;
        a->qhead = 0;
    }
    a->queue[(a->qhead + a->qcount++) % a->qcap] = (struct app_work){ op, row, entry };
    if (op) {
        op->queued++;
        a->fleet.rows[row].write_queued = true;
    } else {
        a->fleet.rows[row].read_queued = true;
    }
    return true;
}

/* Sends one queued read; false when the row is not to be read now (waiting for its listing,
 * which reads it once routed, or a change in flight, whose read-back brings the news). */
static bool
send_read(struct app *a, uint32_t row)
{
    struct fleet_row *r = &a->fleet.rows[row];
    r->read_queued = false;
    if (r->waiting || r->pending_writes || r->write_queued)
        return false;
    struct job *job = fleet_job(&a->fleet, row, JOB_GET, NULL);
    if (!job)
        return false;
    worker_submit(a->worker, job);
    return true;
}

static bool
send_write(struct app *a, struct app_op *op, uint32_t entry)
{
    const struct app_plan_entry *e = &op->plan.entries[entry];
    struct fleet_row *r = &a->fleet.rows[e->row];
    r->write_queued = false;
    op->queued--;
    struct sse_rule rule;
    app_plan_target(&op->plan, entry, &rule);
    enum job_kind kind = e->action == APP_ACTION_SET ? JOB_PUT : JOB_DELETE;
    struct job *job = fleet_job(&a->fleet, e->row, kind, kind == JOB_PUT ? &rule : NULL);
    if (!job) {
        op->batch.failed++; /* out of memory: counted as answered, with nothing sent */
        op->batch.done++;
        return false;
    }
    job->undo = op->plan.kind == APP_PLAN_UNDO;
    sse_strlcpy(job->operation_id, op->id, sizeof job->operation_id);
    if (e->expect_known) {
        job->expect_known = true;
        sse_rule_unpack(&e->expect, &job->expect);
    }
    if (job->undo) {
        const struct undo_change *c = app_undo_change(a, e->change);
        if (c)
            sse_strlcpy(job->undoes, c->operation_id, sizeof job->undoes);
    }
    op->seq[entry] = job->seq;
    op->batch.sent++;
    worker_submit(a->worker, job);
    return true;
}

void
app_pump(struct app *a)
{
    while (a->qcount && a->inflight < APP_WINDOW && a->worker) {
        struct app_work w = a->queue[a->qhead];
        a->qhead = (a->qhead + 1) % a->qcap;
        a->qcount--;
        if (w.op ? send_write(a, w.op, w.entry) : send_read(a, w.row))
            a->inflight++;
    }
}

size_t
app_read(struct app *a, const uint32_t *rows, size_t n, size_t *busy)
{
    size_t queued = 0, skipped = 0;
    if (!rows)
        n = a->fleet.count;
    for (size_t k = 0; k < n; k++) {
        uint32_t row = rows ? rows[k] : (uint32_t)k;
        if (row >= a->fleet.count)
            continue;
        const struct fleet_row *r = &a->fleet.rows[row];
        if (r->waiting)
            continue; /* read once its listing routes it */
        if (r->pending_writes || r->write_queued) {
            skipped++;
            continue;
        }
        if (!app_queue(a, NULL, row, 0))
            break;
        queued++;
    }
    if (busy)
        *busy = skipped;
    app_pump(a);
    return queued;
}
