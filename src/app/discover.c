/* discover.c — discovery: a profile's buckets listed page by page (routed to their region, new
 * ones added and read as they come), or only the rows' own buckets looked up by prefix. */
#include "app/internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>


static void
end_listing(struct app *a, int idx, bool ok)
{
    struct app_listing *l = &a->listings[idx];
    l->state = ok ? FLEET_LIST_DONE : FLEET_LIST_FAILED;
    fleet_listing_end(&a->fleet, idx, ok);
    app_note_listing_ended(a, idx);
    if (l->locating)
        return;
    /* The rows the listing did not name are read as configured, at the profile's endpoint. */
    for (size_t i = 0; i < a->fleet.count; i++)
        if (a->fleet.rows[i].profile == idx && fleet_unread(&a->fleet, i))
            app_queue(a, NULL, (uint32_t)i, 0);
}

/* Asks for one ListBuckets: a page of profile idx from marker, or (locating row) the listing of
 * the row's bucket name as prefix. */
static bool
submit_list(struct app *a, int idx, const char *prefix, const char *marker, bool locate,
            size_t row)
{
    if (a->nasks == a->asks_cap) {
        size_t cap = a->asks_cap ? a->asks_cap * 2 : 16;
        struct app_ask *asks = realloc(a->asks, cap * sizeof *asks);
        if (!asks)
            return false;
        a->asks = asks;
        a->asks_cap = cap;
    }
    struct job *job = job_new(JOB_LIST, &profile_of(a, idx)->account, NULL);
    if (!job)
        return false;
    job->identity = a->fleet.profiles[idx].identity;
    a->asks[a->nasks] = (struct app_ask){ idx, (uint32_t)row, locate };
    uintptr_t tag = a->nasks++;
    sse_strlcpy(job->prefix, prefix, sizeof job->prefix);
    sse_strlcpy(job->marker, marker, sizeof job->marker);
    job->tag = tag;
    worker_submit(a->worker, job);
    a->listing_jobs++;
    return true;
}

void
app_discover(struct app *a, enum app_discovery how)
{
    for (size_t i = 0; i < a->fleet.nprofiles; i++) {
        int idx = (int)i;
        const struct sse_profile *p = profile_of(a, idx);
        if (!p || !p->discover || !a->worker)
            continue;
        struct app_listing *l = &a->listings[idx];
        memset(l, 0, sizeof *l);
        l->state = FLEET_LIST_RUNNING;
        l->locating = how == APP_LOCATE;
        fleet_listing_begin(&a->fleet, idx);
        if (how == APP_LIST) {
            a->list_marker[idx][0] = '\0';
            if (!submit_list(a, idx, "", "", false, 0)) {
                sse_error_set(&l->error, SSE_ERR_NOMEM, "out of memory");
                end_listing(a, idx, false);
            }
            continue;
        }
        for (size_t r = 0; r < a->fleet.count; r++) {
            if (a->fleet.rows[r].profile != idx)
                continue;
            if (!submit_list(a, idx, a->fleet.rows[r].bucket, "", true, r)) {
                sse_error_set(&l->error, SSE_ERR_NOMEM, "out of memory");
                break; /* the answers to those asked still come; then the listing ends failed */
            }
            l->asked++;
        }
        if (!l->asked)
            end_listing(a, idx, l->error.status == SSE_OK);
    }
}

const struct app_listing *
app_listing(const struct app *a, int idx)
{
    static const struct app_listing none;
    if (idx < 0 || (size_t)idx >= a->fleet.nprofiles)
        return &none;
    return &a->listings[idx];
}

/* A bucket a listing named: its row routed to the bucket's own endpoint (added when it is new),
 * and read now when it never was and the listing reads. */
static void
route(struct app *a, int idx, const struct oss_bucket_info *info, bool read)
{
    const struct sse_profile *p = profile_of(a, idx);
    struct sse_error err;
    sse_error_clear(&err);
    bool refused;
    const struct oss_account *acct = account_set_for_bucket(
        &a->accounts, &p->account, info, p->internal, (const char *const *)p->endpoints_allowed,
        p->nendpoints_allowed, &refused, &err);
    size_t before = a->fleet.count, row;
    bool fresh;
    if (fleet_listed(&a->fleet, idx, info->name, acct ? acct : &p->account, &row, &fresh) !=
        SSE_OK)
        return;
    if (a->fleet.count != before)
        a->added = true;
    if (refused && a->fleet.rows[row].account == acct)
        app_note_refused(a, row, p->internal ? info->intranet_endpoint : info->extranet_endpoint,
                         acct);
    if (fresh && read)
        app_queue(a, NULL, (uint32_t)row, 0);
}

static void
on_located(struct app *a, const struct result *r, size_t row)
{
    int idx = a->fleet.rows[row].profile;
    struct app_listing *l = &a->listings[idx];
    if (r->status != SSE_OK) {
        if (l->error.status == SSE_OK)
            l->error = r->error, l->error.status = r->status;
    } else {
        /* Listings are sorted by name: a bucket named exactly the prefix is the first one. */
        for (size_t i = 0; i < r->page.count; i++) {
            if (strcmp(r->page.buckets[i].name, a->fleet.rows[row].bucket) == 0) {
                route(a, idx, &r->page.buckets[i], false);
                l->located++;
                break;
            }
        }
    }
    if (++l->answered == l->asked)
        end_listing(a, idx, l->error.status == SSE_OK);
}

static void
on_page(struct app *a, const struct result *r, int idx)
{
    struct app_listing *l = &a->listings[idx];
    if (r->status != SSE_OK) {
        l->error = r->error;
        l->error.status = r->status;
        end_listing(a, idx, false);
        return;
    }
    l->pages++;
    l->listed += r->page.count;
    for (size_t i = 0; i < r->page.count; i++)
        route(a, idx, &r->page.buckets[i], true);
    bool more = r->page.truncated && r->page.next_marker[0] &&
                strcmp(r->page.next_marker, a->list_marker[idx]) != 0;
    if (more) {
        sse_strlcpy(a->list_marker[idx], r->page.next_marker, sizeof a->list_marker[idx]);
        if (submit_list(a, idx, "", r->page.next_marker, false, 0))
            return;
        sse_error_set(&l->error, SSE_ERR_NOMEM, "out of memory");
        end_listing(a, idx, false);
        return;
    }
    end_listing(a, idx, true);
}

void
app_on_listing(struct app *a, const struct result *r)
{
    if (a->listing_jobs)
        a->listing_jobs--;
    if (r->tag >= a->nasks)
        return;
    struct app_ask ask = a->asks[r->tag];
    if (!a->listing_jobs)
        a->nasks = 0; /* every ask is answered: the tickets start again */
    if (ask.locate)
        on_located(a, r, ask.row);
    else
        on_page(a, r, ask.profile);
}

void
app_note_listing_ended(struct app *a, int idx)
{
    if (a->nended == a->ended_cap) {
        size_t cap = a->ended_cap ? a->ended_cap * 2 : 8;
        int *n = realloc(a->ended, cap * sizeof *n);
        if (!n)
            return;
        a->ended = n;
        a->ended_cap = cap;
    }
    a->ended[a->nended++] = idx;
}

void
app_discovery_cleanup(struct app *a)
{
    free(a->list_marker);
    free(a->asks);
    a->list_marker = NULL;
    a->asks = NULL;
}
