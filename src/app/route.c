/* route.c — where each row's requests go beyond what the profile says: OSS's wrong-endpoint
 * answer followed once (to an endpoint the profile may be sent to, its region from the name or
 * from GetBucketLocation), and the endpoints an answer named that were not followed. */
#include "app/internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "oss/endpoint.h"

/* Room for one more element of an array of n (cap grows by doubling). */
static bool
grow(void **items, size_t *cap, size_t n, size_t size)
{
    if (n < *cap)
        return true;
    size_t want = *cap ? *cap * 2 : 8;
    void *p = realloc(*items, want * size);
    if (!p)
        return false;
    *items = p;
    *cap = want;
    return true;
}

void
app_note_refused(struct app *a, size_t row, const char *host, const struct oss_account *kept)
{
    fleet_reroute(&a->fleet, row, kept, FLEET_ROUTE_REFUSED);
    for (size_t i = 0; i < a->nrefused; i++)
        if (a->refused[i].row == row) {
            sse_strlcpy(a->refused[i].host, host, sizeof a->refused[i].host);
            return;
        }
    if (!grow((void **)&a->refused, &a->refused_cap, a->nrefused, sizeof *a->refused))
        return; /* the row keeps its route; only the host it refused goes unsaid */
    a->refused[a->nrefused].row = (uint32_t)row;
    sse_strlcpy(a->refused[a->nrefused].host, host, sizeof a->refused[a->nrefused].host);
    a->nrefused++;
}

const char *
app_row_refused(const struct app *a, size_t row)
{
    for (size_t i = 0; i < a->nrefused; i++)
        if (a->refused[i].row == row)
            return a->refused[i].host;
    return NULL;
}

/* Sends the row's work again (a read, or the operation's entry) now that it is routed. */
static void
resend(struct app *a, struct app_op *op, size_t row, size_t entry)
{
    if (op)
        op->batch.sent--; /* counted again when it goes */
    app_queue(a, op, (uint32_t)row, (uint32_t)entry);
}

/* The row's endpoint is now host in region, learnt as route says; its work goes there. */
static void
reroute(struct app *a, size_t row, struct app_op *op, size_t entry, const char *host,
        const char *region, enum fleet_route route)
{
    const struct sse_profile *p = profile_of(a, a->fleet.rows[row].profile);
    struct sse_error err;
    sse_error_clear(&err);
    const struct oss_account *acct = account_set_at(&a->accounts, &p->account, host, region, &err);
    if (acct)
        fleet_reroute(&a->fleet, row, acct, route);
    resend(a, op, row, entry);
}

/* GetBucketLocation of row's bucket at host, for a followed endpoint whose name does not say
 * its region; the row's work waits for it (held in op's queue count). False: it could not be
 * asked. */
static bool
locate(struct app *a, size_t row, struct app_op *op, size_t entry, const char *host)
{
    if (!grow((void **)&a->locating, &a->locating_cap, a->nlocating, sizeof *a->locating))
        return false;
    const struct fleet_row *fr = &a->fleet.rows[row];
    const struct sse_profile *p = profile_of(a, fr->profile);
    struct sse_error err;
    sse_error_clear(&err);
    /* Signed for the profile's region: the region is what is asked. */
    const struct oss_account *at = account_set_at(&a->accounts, &p->account, host,
                                                  p->account.region, &err);
    struct job *job = at ? job_new(JOB_LOCATION, at, fr->bucket) : NULL;
    if (!job)
        return false;
    job->identity = a->fleet.profiles[fr->profile].identity;
    job->tag = a->nlocating;
    struct app_locating *l = &a->locating[a->nlocating++];
    *l = (struct app_locating){ .row = (uint32_t)row, .op = op, .entry = (uint32_t)entry };
    sse_strlcpy(l->host, host, sizeof l->host);
    if (op)
        op->queued++; /* the operation is not over while its entry waits here */
    a->location_jobs++;
    worker_submit(a->worker, job);
    return true;
}

void
app_on_location(struct app *a, const struct result *r)
{
    if (a->location_jobs)
        a->location_jobs--;
    if (r->tag >= a->nlocating)
        return;
    struct app_locating *l = &a->locating[r->tag];
    if (l->op)
        l->op->queued--;
    /* Without an answer the profile's region is tried: a wrong one is refused by OSS, in words. */
    const struct sse_profile *p = profile_of(a, a->fleet.rows[l->row].profile);
    bool known = r->status == SSE_OK && r->location[0];
    reroute(a, l->row, l->op, l->entry, l->host, known ? r->location : p->account.region,
            known ? FLEET_ROUTE_LOCATED : FLEET_ROUTE_FOLLOWED);
}

bool
app_follow(struct app *a, struct result *r, struct app_op *op, size_t entry)
{
    const char *named = r->cause.endpoint[0] ? r->cause.endpoint : r->error.endpoint;
    if (r->status == SSE_OK || !named[0] || r->tag >= a->fleet.count)
        return false;
    size_t row = r->tag;
    const struct fleet_row *fr = &a->fleet.rows[row];
    if (fr->route == FLEET_ROUTE_FOLLOWED || fr->route == FLEET_ROUTE_LOCATED)
        return false; /* followed once: a second refusal stands */
    const struct sse_profile *p = profile_of(a, fr->profile);
    if (!oss_endpoint_trusted(named, p->account.endpoint,
                              (const char *const *)p->endpoints_allowed, p->nendpoints_allowed)) {
        size_t n = strlen(r->error.message);
        snprintf(r->error.message + n, sizeof r->error.message - n,
                 _("; not followed: %s is neither an OSS endpoint name nor this profile's "
                   "endpoint, nor in its endpoints_allowed"), named);
        return false;
    }
    if (fleet_discard(&a->fleet, r) == FLEET_NO_ROW)
        return true; /* an older answer: the newest decides */
    char region[OSS_REGION_MAX], host[OSS_ENDPOINT_MAX];
    bool internal = false;
    if (oss_endpoint_region(named, region, sizeof region, &internal)) {
        /* OSS names the public endpoint; a profile inside Alibaba Cloud goes to the internal. */
        if (!(p->internal && !internal && oss_endpoint_for_region(region, true, host, sizeof host)))
            sse_strlcpy(host, named, sizeof host);
        reroute(a, row, op, entry, host, region, FLEET_ROUTE_FOLLOWED);
    } else if (!locate(a, row, op, entry, named)) {
        reroute(a, row, op, entry, named, p->account.region, FLEET_ROUTE_FOLLOWED);
    }
    return true;
}

char *
app_route_words(const struct app *a, size_t row, char *buf, size_t size)
{
    const struct fleet_row *r = &a->fleet.rows[row];
    const char *region = r->account ? r->account->region : "";
    const char *refused = app_row_refused(a, row);
    switch ((enum fleet_route)r->route) {
    case FLEET_ROUTE_PROFILE: snprintf(buf, size, _("%s (the profile's)"), region); break;
    case FLEET_ROUTE_LISTED: snprintf(buf, size, _("%s (from ListBuckets)"), region); break;
    case FLEET_ROUTE_FOLLOWED:
        snprintf(buf, size, _("%s (OSS named the bucket's endpoint)"), region);
        break;
    case FLEET_ROUTE_LOCATED: snprintf(buf, size, _("%s (from GetBucketLocation)"), region); break;
    case FLEET_ROUTE_REFUSED:
        snprintf(buf, size, _("%s (the profile's: ListBuckets named %s, which this profile may "
                              "not be sent to)"), region, refused ? refused : "?");
        break;
    }
    return buf;
}

void
app_explain(struct result *r)
{
    if (strcmp(r->error.code, "PublicEndpointForbidden") != 0)
        return;
    size_t n = strlen(r->error.message);
    snprintf(r->error.message + n, sizeof r->error.message - n, "%s%s", n ? " " : "",
             _("(this account may not use OSS's public endpoints of mainland regions: from inside "
               "Alibaba Cloud set internal = true to use the -internal endpoint, otherwise make "
               "the profile's endpoint a custom domain bound to the bucket)"));
}
