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
#include "engine/creds.h"
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
    const struct envsecret *secrets;  /* borrowed, or NULL */
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

    struct app_refused { uint32_t row; char host[128]; } *refused; /* endpoints an answer
                                       * named for a row that were not followed */
    size_t nrefused, refused_cap;
    struct app_locating {             /* GetBucketLocation asked for a followed endpoint whose
                                       * name does not say its region; a job's tag is its index */
        uint32_t row, entry;
        struct app_op *op;            /* the operation whose entry waits, or NULL for a read */
        char host[128];
    } *locating;
    size_t nlocating, locating_cap, location_jobs;

    struct creds *creds;              /* the credential sources, until the worker takes them */
    struct app_identity *identities;  /* per fleet profile */
    size_t whoami_jobs;               /* GetCallerIdentity asked, not answered */

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

/* route.c */
/* Row row, listed at host, is kept at account kept: the host is not one it may be sent to. */
void app_note_refused(struct app *a, size_t row, const char *host, const struct oss_account *kept);
/* Follows OSS's wrong-endpoint answer r once (op and entry: the operation entry r answers, or
 * NULL): true when the row's work is sent again at the endpoint it names (r is then taken as
 * answered); false to apply r as it is (an untrusted endpoint's refusal is added to its words). */
bool app_follow(struct app *a, struct result *r, struct app_op *op, size_t entry);
/* Adds to r's words what to do about a refusal that needs more than OSS's own words
 * (PublicEndpointForbidden). */
void app_explain(struct result *r);
/* Takes a GetBucketLocation answer. */
void app_on_location(struct app *a, const struct result *r);

/* identity.c */
/* Takes what answer r says of fleet profile idx's credentials (true when app_identity changed). */
bool app_note_credentials(struct app *a, int idx, const struct result *r);
/* Takes a GetCallerIdentity answer. */
void app_on_whoami(struct app *a, const struct result *r);

/* flow.c */
/* Frees every operation. */
void app_ops_cleanup(struct app *a);

#endif
