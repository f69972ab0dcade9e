/* internal.h — the application core's own state, shared by its files (app.c: lifecycle, rows and
 * the audit log; discover.c: listings; flow.c: the window of jobs, answers and operations; plan.c:
 * permission and planning; window.c: jobs waiting for the worker). Front ends use app.h only. */
#ifndef SSE_APP_INTERNAL_H
#define SSE_APP_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/accounts.h"
#include "app/app.h"
#include "app/undo.h"
#include "engine/audit.h"
#include "engine/worker.h"

/* Reads and writes are fed to the worker this many at a time, so that a sweep of thousands keeps
 * only a few hundred jobs queued. */
#define APP_WINDOW 256

/* One operation: an applied plan, followed until every entry it sent is answered. */
struct app_op {
    struct app_op *older;
    char id[AUDIT_ID_MAX];  /* its operation ID in the audit log */
    struct app_plan plan;
    uint32_t *seq;         /* per entry: the seq of the job sent for it; 0 = not sent */
    struct app_row_entry { uint32_t row, entry; } *by_row; /* sorted by row: an answer's entry */
    size_t queued;         /* entries waiting for the window */
    struct app_batch batch;
};

/* A job waiting for the window: a read (op NULL) or an operation's entry. */
struct app_work {
    struct app_op *op;
    uint32_t row;
    uint32_t entry;
};

struct app {
    const struct sse_config *cfg;
    int scope;                        /* cfg profile in scope, or -1 */
    const struct policy *policy;
    struct fleet fleet;
    int *cfg_of;                      /* per fleet profile: its cfg index */
    struct worker *worker;
    struct account_set accounts;      /* regional accounts of discovered buckets */

    struct app_listing *listings;     /* per fleet profile */
    struct app_ask { int profile; uint32_t row; bool locate; } *asks; /* ListBuckets asked: a page
                                       * of a profile, or one row's lookup; a job's tag is its index */
    size_t nasks, asks_cap;
    char (*list_marker)[128];         /* per fleet profile: marker of the last page asked */
    size_t listing_jobs;              /* ListBuckets jobs in flight */

    struct audit_log *audit;
    char audit_path[1024];
    char changes_off[320];
    size_t audit_skipped;
    struct undo_index undo;

    struct app_work *queue;           /* ring buffer */
    size_t qhead, qcount, qcap;
    size_t inflight;                  /* reads and writes the window sent, not yet answered */
    struct app_op *ops;               /* newest first */

    uint32_t *answered;               /* the last app_take's update */
    size_t nanswered, answered_cap;
    int *ended;
    size_t nended, ended_cap;
    bool added, drifted;
};

/* The configured profile behind fleet profile idx (valid). */
static inline const struct sse_profile *
profile_of(const struct app *a, int idx)
{
    return &a->cfg->profiles[a->cfg_of[idx]];
}

/* discover.c */
/* Takes one ListBuckets answer (a page, or a located bucket's listing). */
void app_on_listing(struct app *a, const struct result *r);
/* Frees the markers. */
void app_discovery_cleanup(struct app *a);
/* Notes that fleet profile idx's discovery ended (for the next update). */
void app_note_listing_ended(struct app *a, int idx);

/* window.c */
/* Queues work for the window; false when out of memory. */
bool app_queue(struct app *a, struct app_op *op, uint32_t row, uint32_t entry);
/* Sends queued work while the window has room. */
void app_pump(struct app *a);

/* flow.c */
/* Frees every operation. */
void app_ops_cleanup(struct app *a);

#endif
