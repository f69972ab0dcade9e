/* app.c — the application core's lifecycle: the fleet of the profiles in scope, the worker, the
 * rows a command or the TUI starts with, and the audit log with its undo index. */
#include "app/internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"

struct app *
app_new(const struct app_options *opts, struct sse_error *err)
{
    struct app *a = calloc(1, sizeof *a);
    if (!a) {
        sse_error_set(err, SSE_ERR_NOMEM, "out of memory");
        return NULL;
    }
    a->cfg = opts->cfg;
    a->secrets = opts->secrets;
    a->scope = opts->profile;
    a->policy = opts->policy;
    fleet_init(&a->fleet);
    account_set_init(&a->accounts);
    undo_index_init(&a->undo);
    snprintf(a->changes_off, sizeof a->changes_off, "%s", _("the audit log is not open"));
    const struct sse_config *cfg = a->cfg;
    size_t n = cfg->nprofiles ? cfg->nprofiles : 1;
    a->cfg_of = calloc(n, sizeof *a->cfg_of);
    a->listings = calloc(n, sizeof *a->listings);
    a->list_marker = calloc(n, sizeof *a->list_marker);
    a->identities = calloc(n, sizeof *a->identities);
    if (!a->cfg_of || !a->listings || !a->list_marker || !a->identities)
        goto nomem;
    for (size_t p = 0; p < cfg->nprofiles; p++) {
        if (a->scope >= 0 && (size_t)a->scope != p)
            continue;
        const struct sse_profile *prof = &cfg->profiles[p];
        int idx = fleet_add_profile(&a->fleet, &prof->account, prof->readonly);
        if (idx < 0)
            goto nomem;
        a->cfg_of[idx] = (int)p;
    }
    fleet_set_policy(&a->fleet, a->policy);
    return a;
nomem:
    sse_error_set(err, SSE_ERR_NOMEM, "out of memory");
    app_free(a);
    return NULL;
}

void
app_free(struct app *a)
{
    if (!a)
        return;
    worker_stop(a->worker);
    creds_free(a->creds, NULL); /* never handed to a worker: nothing was fetched */
    free(a->identities);
    free(a->refused);
    free(a->locating);
    audit_close(a->audit);
    app_ops_cleanup(a);
    app_discovery_cleanup(a);
    free(a->queue);
    free(a->answered);
    free(a->ended);
    free(a->cfg_of);
    free(a->listings);
    undo_index_cleanup(&a->undo);
    account_set_cleanup(&a->accounts);
    fleet_cleanup(&a->fleet);
    free(a);
}

enum sse_status
app_start(struct app *a, struct sse_error *err)
{
    if (a->worker)
        return SSE_OK;
    a->worker = worker_start(&a->cfg->network, a->creds, err);
    a->creds = NULL; /* the worker's now, whether it started or not */
    if (!a->worker)
        return err->status ? err->status : SSE_ERR_IO;
    if (a->audit)
        worker_set_audit(a->worker, a->audit);
    return SSE_OK;
}

int
app_fd(const struct app *a)
{
    return a->worker ? worker_fd(a->worker) : -1;
}

struct fleet *
app_fleet(struct app *a)
{
    return &a->fleet;
}

const struct sse_profile *
app_scope(const struct app *a)
{
    return a->scope >= 0 ? &a->cfg->profiles[a->scope] : NULL;
}

const char *
app_config_path(const struct app *a)
{
    return a->cfg->path ? a->cfg->path : "the configuration";
}

const struct sse_profile *
app_profile(const struct app *a, int idx)
{
    if (idx < 0 || (size_t)idx >= a->fleet.nprofiles)
        return NULL;
    return &a->cfg->profiles[a->cfg_of[idx]];
}

const struct policy *
app_policy(const struct app *a)
{
    return a->policy;
}

enum sse_status
app_add_configured(struct app *a)
{
    for (size_t idx = 0; idx < a->fleet.nprofiles; idx++) {
        const struct sse_profile *p = app_profile(a, (int)idx);
        for (size_t b = 0; b < p->nbuckets; b++)
            if (fleet_add(&a->fleet, (int)idx, p->buckets[b]) == SSE_ERR_NOMEM)
                return SSE_ERR_NOMEM;
    }
    return SSE_OK;
}

enum sse_status
app_add_named(struct app *a, const char *const *names, size_t n)
{
    if (a->scope < 0 || a->fleet.nprofiles != 1)
        return SSE_ERR_INVALID;
    for (size_t i = 0; i < n; i++) {
        enum sse_status st = fleet_add(&a->fleet, 0, names[i]);
        if (st == SSE_ERR_NOMEM)
            return st;
    }
    return SSE_OK;
}

enum sse_status
app_open_audit(struct app *a, struct sse_error *err)
{
    if (a->audit)
        return SSE_OK;
    if (audit_default_path(a->audit_path, sizeof a->audit_path) != SSE_OK) {
        a->audit_path[0] = '\0';
        snprintf(a->changes_off, sizeof a->changes_off, "%s",
                 _("the audit log has no place (set XDG_STATE_HOME or HOME)"));
        return sse_error_set(err, SSE_ERR_CONFIG, "%s", a->changes_off);
    }
    struct sse_error e;
    sse_error_clear(&e);
    struct audit_log *log = audit_open(a->audit_path, &e);
    if (!log) {
        snprintf(a->changes_off, sizeof a->changes_off, _("the audit log cannot be opened: %.200s"),
                 e.message);
        return sse_error_set(err, SSE_ERR_IO, "%s", e.message);
    }
    struct audit_record *recs = NULL;
    size_t n = 0;
    if (audit_read(a->audit_path, &recs, &n, &a->audit_skipped, &e) != SSE_OK) {
        audit_close(log);
        snprintf(a->changes_off, sizeof a->changes_off, _("the audit log cannot be read: %.200s"),
                 e.message);
        return sse_error_set(err, SSE_ERR_IO, "%s", e.message);
    }
    enum sse_status st = SSE_OK;
    for (size_t i = 0; i < n && st == SSE_OK; i++)
        st = undo_index_add(&a->undo, &recs[i]);
    free(recs);
    if (st != SSE_OK) {
        audit_close(log);
        return sse_error_set(err, st, "out of memory");
    }
    a->audit = log;
    a->changes_off[0] = '\0';
    if (a->worker)
        worker_set_audit(a->worker, a->audit);
    return SSE_OK;
}

const char *
app_audit_path(const struct app *a)
{
    return a->audit_path;
}

const char *
app_changes_off(const struct app *a)
{
    return a->changes_off;
}

size_t
app_audit_skipped(const struct app *a)
{
    return a->audit_skipped;
}

void
app_worker_stats(const struct app *a, struct worker_stats *out)
{
    memset(out, 0, sizeof *out);
    if (a->worker)
        worker_get_stats(a->worker, out);
}
