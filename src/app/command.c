/* command.c — a scriptable command on the core: open, discover and read, plan, ask, apply,
 * wait, report; every sentence the user reads on the way. */
#include "app/command.h"

#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/diag.h"
#include "core/i18n.h"
#include "core/sanitize.h"
#include "policy/judge.h"

/* One run: the command, the core, and its rows in the order they are reported. */
struct run {
    const struct app_command *c;
    const struct app_command_io *io;
    struct app *app;
    struct fleet *fleet;
    uint32_t *rows;
    size_t nrows;
};

/* Every line the user reads goes out through say or show, and each is sanitized there, once,
 * whole: server and audit-log text (bucket names a listing gave, request IDs, CMK IDs, recorded
 * times and rules) reaches no terminal raw, whichever sentence carries it. */
static void __attribute__((format(printf, 2, 3)))
say(const struct run *r, const char *fmt, ...)
{
    char text[4096], clean[sizeof text * 3];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    sanitize_lines(text, clean, sizeof clean);
    r->io->say(r->io->ctx, clean);
}

/* Where a plan is shown: the result's file (a dry run), else what the user is told. */
struct shown {
    const struct run *r;
    FILE *f;
};

static void __attribute__((format(printf, 2, 3)))
show(const struct shown *s, const char *fmt, ...)
{
    char text[4096], clean[sizeof text * 3];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    sanitize_lines(text, clean, sizeof clean);
    if (s->f)
        fputs(clean, s->f);
    else
        s->r->io->say(s->r->io->ctx, clean);
}

/* An error as one line safe for the terminal ("CODE: message (HTTP …, request id …)"). */
static const char *
error_text(const struct sse_error *e, char *clean, size_t size)
{
    char line[1024];
    sse_error_format(e, line, sizeof line);
    sanitize_text(line, clean, size);
    return clean;
}

static void
say_error(const struct run *r, const char *bucket, const struct sse_error *e)
{
    char clean[1024];
    say(r, "sseadm: %s: %s\n", bucket, error_text(e, clean, sizeof clean));
}

static bool
changes(const struct app_command *c)
{
    return c->kind == APP_CMD_SET || c->kind == APP_CMD_REMOVE || c->kind == APP_CMD_UNDO ||
           c->kind == APP_CMD_APPLY;
}

static bool
sweep(const struct app_command *c)
{
    return c->kind == APP_CMD_REPORT || c->kind == APP_CMD_CHECK || c->kind == APP_CMD_APPLY;
}

static const char *
kind_verb(int kind)
{
    return kind == JOB_PUT ? "set" : kind == JOB_DELETE ? "remove" : "get";
}

/* Waits until the core is idle, saying each answer's requests and timing when verbose. False
 * when waiting failed (poll). */
static bool
wait_idle(struct run *r)
{
    bool undo = r->c->kind == APP_CMD_UNDO;
    struct app_update u;
    app_take(r->app, &u);
    for (;;) {
        for (size_t i = 0; r->c->verbose && i < u.nanswered; i++) {
            const struct fleet_row *row = &r->fleet->rows[u.answered[i]];
            char where[320] = "", route[300];
            if (row->route != FLEET_ROUTE_PROFILE) /* the profile's own goes without saying */
                snprintf(where, sizeof where, _(", at %s"),
                         app_route_words(r->app, u.answered[i], route, sizeof route));
            say(r, _("sseadm: %s %s: %d request%s (%d retr%s), %.3f s%s%s%s\n"),
                undo && row->last_kind != JOB_GET ? "undo" : kind_verb(row->last_kind),
                row->bucket, row->attempts, row->attempts == 1 ? "" : "s", row->retries,
                row->retries == 1 ? "y" : "ies", (double)row->elapsed_s,
                row->request_id[0] ? ", request id " : "", row->request_id, where);
        }
        if (app_idle(r->app))
            return true;
        struct pollfd pfd = { .fd = app_fd(r->app), .events = POLLIN };
        if (poll(&pfd, 1, -1) < 0 && errno != EINTR)
            return false;
        app_take(r->app, &u);
    }
}

/* Says that discovery failed for a profile, once: a sweep then shows only the profile's named
 * buckets and those listed before the failure; a command that names its buckets asks them at the
 * profile's endpoint. Verbose: what discovery found. True when a sweep's listing failed. */
static bool
say_discovery(struct run *r)
{
    bool failed = false;
    for (size_t idx = 0; idx < r->fleet->nprofiles; idx++) {
        const struct app_listing *l = app_listing(r->app, (int)idx);
        const char *name = r->fleet->profiles[idx].account->profile;
        size_t found = r->fleet->profiles[idx].found;
        if (l->state == FLEET_LIST_NONE)
            continue;
        if (l->state == FLEET_LIST_FAILED) {
            /* A key without oss:ListBuckets is common (RAM policies name buckets): say so plainly. */
            char clean[1024];
            error_text(&l->error, clean, sizeof clean);
            bool denied = strcmp(l->error.code, "AccessDenied") == 0;
            failed |= !l->locating;
            if (!l->locating && l->pages > 0)
                say(r,
                    ngettext("sseadm: listing the buckets of profile \"%s\" failed after %zu bucket "
                             "(%d page): %s; the report has those and the named buckets only\n",
                             "sseadm: listing the buckets of profile \"%s\" failed after %zu buckets "
                             "(%d pages): %s; the report has those and the named buckets only\n",
                             l->listed),
                    name, l->listed, l->pages, clean);
            else if (l->locating)
                say(r, denied ? _("sseadm: listing the buckets of profile \"%s\" was denied "
                                  "(ListBuckets): %s; the named buckets are asked at the "
                                  "profile's endpoint\n")
                              : _("sseadm: cannot list the buckets of profile \"%s\": %s; "
                                  "the named buckets are asked at the profile's endpoint\n"),
                    name, clean);
            else
                say(r, denied ? _("sseadm: listing the buckets of profile \"%s\" was denied "
                                  "(ListBuckets): %s; only its named buckets are shown\n")
                              : _("sseadm: cannot list the buckets of profile \"%s\": %s; "
                                  "only its named buckets are shown\n"),
                    name, clean);
        }
        if (r->c->verbose && l->locating)
            say(r, _("sseadm: profile %s: ListBuckets located %zu of %zu named buckets\n"), name,
                l->located, l->asked);
        else if (r->c->verbose && l->state == FLEET_LIST_DONE)
            say(r, _("sseadm: profile %s: ListBuckets found %zu more bucket%s in %d page%s\n"),
                name, found, found == 1 ? "" : "s", l->pages, l->pages == 1 ? "" : "s");
    }
    return failed;
}

/* Reports the rows (check: only the drifted and unknown ones), with their verdicts under a policy;
 * every failed bucket's error is said first, a profile's credentials once. FAILED if any bucket
 * failed. */
static enum app_outcome
report(struct run *r, bool problems_only)
{
    enum app_outcome rc = APP_OUTCOME_OK;
    size_t n = 0;
    for (size_t p = 0; p < r->fleet->nprofiles; p++) {
        const struct app_identity *id = app_identity(r->app, (int)p);
        char clean[1024];
        if (id->error.status != SSE_OK && id->failed)
            say(r, ngettext("sseadm: %s; nothing was sent for its %lu bucket\n",
                            "sseadm: %s; nothing was sent for its %lu buckets\n", id->failed),
                error_text(&id->error, clean, sizeof clean), id->failed);
    }
    for (size_t i = 0; i < r->nrows; i++) {
        const struct fleet_row *row = &r->fleet->rows[r->rows[i]];
        const struct sse_error *e = fleet_error(r->fleet, r->rows[i]);
        if (e && e->status != SSE_ERR_CREDENTIALS)
            say_error(r, row->bucket, e);
        if (e)
            rc = APP_OUTCOME_FAILED;
        if (!problems_only || row->judgement.verdict == POLICY_DRIFTED ||
            row->judgement.verdict == POLICY_UNKNOWN)
            r->rows[n++] = r->rows[i]; /* the list shrinks in place: check reports only these */
    }
    FILE *f = r->io->open(r->io->ctx);
    if (!f)
        return APP_OUTCOME_FAILED;
    bool ok = app_report(r->app, f, r->io->format, r->rows, n, r->io->term_width) == SSE_OK;
    return r->io->close(r->io->ctx, f, ok) ? rc : APP_OUTCOME_FAILED;
}

/* "N compliant, N drifted, …"; FAILED unless everything complies. */
static enum app_outcome
say_verdicts(const struct run *r)
{
    const struct fleet_counts *n = &r->fleet->counts;
    say(r, _("sseadm check: %zu compliant, %zu drifted, %zu unknown, %zu not covered by "
             "the policy\n"), n->verdict[POLICY_COMPLIANT], n->verdict[POLICY_DRIFTED],
        n->verdict[POLICY_UNKNOWN], n->verdict[POLICY_UNMANAGED]);
    return n->verdict[POLICY_DRIFTED] || n->verdict[POLICY_UNKNOWN] ? APP_OUTCOME_FAILED
                                                                      : APP_OUTCOME_OK;
}

/* Verbose: how throttling bore on the worker's adaptive concurrency (silent when nothing was
 * throttled), and what the final pass did (silent when there was none). */
static void
say_pressure(const struct run *r)
{
    struct worker_stats s;
    app_worker_stats(r->app, &s);
    if (s.throttled)
        say(r, _("sseadm: throttled %lu time%s; concurrency fell to %d of %d, back to %d at "
                 "the end\n"), s.throttled, s.throttled == 1 ? "" : "s", s.lowest_limit,
            s.concurrency, s.limit);
    if (s.final_pass_tasks)
        say(r, ngettext("sseadm: final pass: %lu job whose retries had run out was tried "
                        "again after the rest; %lu still failed\n",
                        "sseadm: final pass: %lu jobs whose retries had run out were "
                        "tried again after the rest; %lu still failed\n",
                        s.final_pass_tasks),
            s.final_pass_tasks, s.final_pass_failed);
}

static const char *
readonly_why(const struct run *r)
{
    return r->c->readonly_flag ? " (--readonly)" : " (readonly = true in its configuration)";
}

/* The refusal of a plan that stops it before anything is sent, said; OK when none. */
static enum app_outcome
refuse_plan(struct run *r, const struct app_plan *p)
{
    const char *name = r->c->name;
    size_t i = app_plan_first(p, APP_READONLY);
    if (i != SIZE_MAX) {
        say(r, _("sseadm %s: profile \"%s\" is read-only%s; nothing was sent\n"), name,
            fleet_row_profile(r->fleet, p->entries[i].row)->account->profile, readonly_why(r));
        return APP_OUTCOME_REFUSED;
    }
    if ((i = app_plan_first(p, APP_NO_RECORD)) != SIZE_MAX) {
        say(r, _("sseadm undo: no change to bucket %s in profile \"%s\" is recorded in %s; "
                 "nothing was sent\n"), r->fleet->rows[p->entries[i].row].bucket,
            fleet_row_profile(r->fleet, p->entries[i].row)->account->profile,
            app_audit_path(r->app));
        return APP_OUTCOME_REFUSED;
    }
    if (p->operation && p->count && p->refused[APP_UNDONE] == p->count) {
        const struct undo_change *by = app_undone_by(r->app, p->entries[0].change);
        say(r, _("sseadm undo: operation %s was undone by operation %s at %s; nothing was "
                 "sent\n"), p->operation, by ? by->operation_id : "?", by ? by->time : "?");
        return APP_OUTCOME_REFUSED;
    }
    if (!p->operation && (i = app_plan_first(p, APP_UNDONE)) != SIZE_MAX) {
        say(r, _("sseadm undo: every change recorded for bucket %s in profile \"%s\" has "
                 "been undone already; nothing was sent\n"),
            r->fleet->rows[p->entries[i].row].bucket,
            fleet_row_profile(r->fleet, p->entries[i].row)->account->profile);
        return APP_OUTCOME_REFUSED;
    }
    if ((i = app_plan_first(p, APP_CANNOT_WRITE)) != SIZE_MAX) {
        const struct undo_change *c = app_undo_change(r->app, p->entries[i].change);
        char words[400] = "";
        struct sse_rule before;
        if (c) {
            sse_rule_unpack(&c->before, &before);
            sse_rule_words(&before, words, sizeof words);
        }
        say(r, _("sseadm undo: %s: the rule before the %s at %s (%s) cannot be written by "
                 "sseadm; nothing was sent\n"), r->fleet->rows[p->entries[i].row].bucket,
            c ? audit_operation_words(c->operation) : "", c ? c->time : "", words);
        return APP_OUTCOME_FAILED;
    }
    return APP_OUTCOME_OK;
}

/* Each undo without a question names the change it undoes. */
static void
say_restores(const struct run *r, const struct app_plan *p)
{
    for (size_t i = 0; i < p->count; i++) {
        if (p->entries[i].refusal != APP_GO)
            continue; /* said by say_changed */
        const struct undo_change *c = app_undo_change(r->app, p->entries[i].change);
        struct sse_rule before;
        char words[400], clean[1200];
        app_plan_target(p, i, &before);
        sse_rule_words(&before, words, sizeof words);
        sanitize_text(words, clean, sizeof clean);
        say(r, _("%s: restore %s (before the %s at %s)\n"),
            r->fleet->rows[p->entries[i].row].bucket, clean,
            c ? audit_operation_words(c->operation) : "", c ? c->time : "");
    }
}

/* Shows the plan of a command that changes buckets, one line per bucket that will be written (its
 * rule now -> the rule it gets; the first 20 when it asks, every one for a dry run), then how many
 * are left out and why: as the result for a dry run (the plan is its result), to the user before
 * a question. False when the plan could not be written (dry run). */
static bool
show_plan(struct run *r, const struct app_plan *p, bool asks)
{
    const struct app_command *c = r->c;
    bool policy = p->kind == APP_PLAN_POLICY; /* apply's plan is always shown, whole */
    if (p->kind == APP_PLAN_UNDO && !asks && !c->dry_run) {
        say_restores(r, p);
        return true;
    }
    if (!asks && !c->dry_run && !policy)
        return true;
    struct shown s = { .r = r, .f = c->dry_run ? r->io->open(r->io->ctx) : NULL };
    if (c->dry_run && !s.f)
        return false;
    size_t go = p->refused[APP_GO], listed = 0;
    show(&s, ngettext("Plan: %zu change%s\n", "Plan: %zu changes%s\n", go), go,
         c->dry_run ? _(" (dry run: nothing will be sent)") : "");
    for (size_t i = 0; i < p->count; i++) {
        if (p->entries[i].refusal != APP_GO)
            continue;
        if (!c->dry_run && !policy && listed == 20) {
            show(&s, _("  … and %zu more\n"), go - listed);
            break;
        }
        char line[1600], clean[1600];
        app_plan_line(r->app, p, i, NULL, line, sizeof line);
        sanitize_text(line, clean, sizeof clean);
        show(&s, "  %s\n", clean);
        listed++;
    }
    if (p->refused[APP_UNCHANGED])
        show(&s, ngettext("  (%zu bucket already holds that rule: nothing to change)\n",
                          "  (%zu buckets already hold that rule: nothing to change)\n",
                          p->refused[APP_UNCHANGED]), p->refused[APP_UNCHANGED]);
    if (p->refused[APP_UNDONE])
        show(&s, ngettext("  (%zu bucket undone already: left as it is)\n",
                          "  (%zu buckets undone already: left as they are)\n",
                          p->refused[APP_UNDONE]), p->refused[APP_UNDONE]);
    if (p->refused[APP_CHANGED])
        show(&s, ngettext("  (%zu bucket changed after sseadm's change: left as it is)\n",
                          "  (%zu buckets changed after sseadm's change: left as they are)\n",
                          p->refused[APP_CHANGED]), p->refused[APP_CHANGED]);
    return !c->dry_run || r->io->close(r->io->ctx, s.f, !ferror(s.f));
}

/* Says, per bucket, each entry left out because the bucket no longer holds what the write is
 * conditional on (for an undo, the rule sseadm's change left), with what it holds now; and for the
 * undo of an operation, each of its changes an undo took back already. */
static void
say_changed(struct run *r, const struct app_plan *p)
{
    for (size_t i = 0; i < p->count; i++) {
        if (p->entries[i].refusal == APP_UNDONE && p->operation) {
            const struct undo_change *by = app_undone_by(r->app, p->entries[i].change);
            say(r, _("sseadm undo: %s: undone already by operation %s at %s; left as it "
                     "is\n"), r->fleet->rows[p->entries[i].row].bucket,
                by ? by->operation_id : "?", by ? by->time : "?");
            continue;
        }
        if (p->entries[i].refusal != APP_CHANGED)
            continue;
        struct sse_rule now;
        char words[400], clean[1200];
        app_plan_seen(p, i, &now);
        sse_rule_words(&now, words, sizeof words);
        sanitize_text(words, clean, sizeof clean);
        say(r, p->kind == APP_PLAN_UNDO
                   ? _("sseadm: %s: changed since sseadm's change: now %s; left as it is\n")
                   : _("sseadm: %s: changed since you looked: now %s; left as it is\n"),
            r->fleet->rows[p->entries[i].row].bucket, clean);
    }
}

/* How many of the operation's buckets were left out because they changed: before it was sent
 * (the plan) or between the read and the write (the worker's read right before it). */
static size_t
count_changed(const struct run *r, const struct app_plan *done)
{
    size_t n = done->refused[APP_CHANGED];
    for (size_t i = 0; i < done->count; i++) {
        const struct sse_error *e = fleet_error(r->fleet, done->entries[i].row);
        n += done->entries[i].refusal == APP_GO && e && e->status == SSE_ERR_CHANGED;
    }
    return n;
}

/* The command's plan over every row; OK, or the refusal that stops it (said). */
static enum app_outcome
plan(struct run *r, struct app_plan *p)
{
    const struct app_command *c = r->c;
    enum sse_status st;
    switch (c->kind) {
    case APP_CMD_SET: st = app_plan_set(r->app, r->rows, r->nrows, &c->rule, p); break;
    case APP_CMD_REMOVE: st = app_plan_remove(r->app, r->rows, r->nrows, p); break;
    case APP_CMD_UNDO:
        st = c->operation ? app_plan_undo_op(r->app, c->operation, p)
                          : app_plan_undo(r->app, r->rows, r->nrows, p);
        break;
    default: st = app_plan_policy(r->app, r->rows, r->nrows, p); break;
    }
    if (st == SSE_ERR_NOMEM)
        say(r, _("sseadm: out of memory\n"));
    return st == SSE_OK ? refuse_plan(r, p) : APP_OUTCOME_FAILED;
}

/* What refuses a plan whatever the buckets hold (a read-only profile, an undo with nothing to
 * restore or a rule sseadm cannot write) is said before anything is read. */
static enum app_outcome
refuse_early(struct run *r)
{
    struct app_plan p;
    enum app_outcome rc = plan(r, &p);
    app_plan_cleanup(&p);
    return rc;
}

static const char *
question(const struct app_command *c)
{
    return c->kind == APP_CMD_APPLY  ? _("Apply this plan?")
           : c->kind == APP_CMD_UNDO ? _("Restore these rules?")
                                     : _("New objects will no longer be encrypted by default. "
                                         "Continue?");
}

/* Plans the command's change over every row, shows it, asks, applies it and waits for it. */
static enum app_outcome
change(struct run *r)
{
    const struct app_command *c = r->c;
    struct app_plan p;
    enum app_outcome rc = plan(r, &p);
    bool policy = c->kind == APP_CMD_APPLY;
    size_t unknown = r->fleet->counts.verdict[POLICY_UNKNOWN];
    if (rc == APP_OUTCOME_OK && policy) {
        for (size_t i = 0; i < r->nrows; i++) {
            const struct sse_error *e = fleet_error(r->fleet, r->rows[i]);
            if (e)
                say_error(r, r->fleet->rows[r->rows[i]].bucket, e);
        }
        if (!p.count) {
            say(r, _("sseadm apply: nothing to change: %zu bucket%s checked%s\n"), r->nrows,
                r->nrows == 1 ? "" : "s", unknown ? ", some could not be read (see above)" : "");
            app_plan_cleanup(&p);
            return unknown ? APP_OUTCOME_FAILED : APP_OUTCOME_OK;
        }
    }
    /* Nothing to write asks nothing: the buckets are shown as they are. */
    bool asks = c->asks && p.refused[APP_GO];
    if (rc == APP_OUTCOME_OK && !show_plan(r, &p, asks))
        rc = APP_OUTCOME_FAILED;
    if (rc == APP_OUTCOME_OK && !c->dry_run)
        say_changed(r, &p);
    if (rc == APP_OUTCOME_OK && c->dry_run) {
        app_plan_cleanup(&p);
        return unknown ? APP_OUTCOME_FAILED : APP_OUTCOME_OK;
    }
    if (rc == APP_OUTCOME_OK && asks && !r->io->ask(r->io->ctx, question(c))) {
        say(r, _("sseadm %s: not confirmed; nothing was sent\n"), c->name);
        rc = APP_OUTCOME_REFUSED;
    }
    struct sse_error err;
    sse_error_clear(&err);
    if (rc == APP_OUTCOME_OK && app_apply(r->app, &p, &err) != SSE_OK)
        rc = APP_OUTCOME_FAILED;
    app_plan_cleanup(&p);
    if (rc != APP_OUTCOME_OK)
        return rc;
    if (!wait_idle(r))
        return APP_OUTCOME_FAILED;
    /* What is reported is what the operation touched, in plan order. */
    const struct app_plan *done = app_batch(r->app)->plan;
    r->nrows = 0;
    for (size_t i = 0; i < done->count; i++)
        r->rows[r->nrows++] = done->entries[i].row;
    rc = report(r, false);
    size_t changed = count_changed(r, done);
    if (changed) {
        say(r, ngettext("sseadm %s: %zu bucket changed since it was read and was left as "
                        "it is\n",
                        "sseadm %s: %zu buckets changed since they were read and were "
                        "left as they are\n", changed),
            c->name, changed);
        rc = APP_OUTCOME_FAILED;
    }
    return rc == APP_OUTCOME_OK && policy && unknown ? APP_OUTCOME_FAILED : rc;
}

static enum app_outcome
start(struct run *r)
{
    struct sse_error err;
    sse_error_clear(&err);
    if (app_start(r->app, &err) == SSE_OK)
        return APP_OUTCOME_OK;
    say(r, "sseadm: %s\n", err.message);
    return APP_OUTCOME_FAILED;
}

/* undo --op ID: the operation's buckets in the profile as rows, once it is known to be one that
 * may be undone. */
static enum app_outcome
open_operation(struct run *r, const struct sse_profile *p)
{
    const char *id = r->c->operation;
    const struct undo_operation *o = app_operation(r->app, id);
    if (!o) {
        say(r, _("sseadm undo: no operation %s is recorded in %s ('sseadm history' shows "
                 "the operation of each change); nothing was sent\n"), id, app_audit_path(r->app));
        return APP_OUTCOME_REFUSED;
    }
    if (strcmp(o->operation, "undo") == 0) {
        say(r, _("sseadm undo: operation %s is an undo (of operation %s): undos are not "
                 "undone by ID, they stack per bucket (undo BUCKET); nothing was sent\n"), id,
            *o->undoes ? o->undoes : "?");
        return APP_OUTCOME_REFUSED;
    }
    size_t outside = 0;
    if (app_add_operation(r->app, id, &outside) == SSE_ERR_NOMEM) {
        say(r, _("sseadm: out of memory\n"));
        return APP_OUTCOME_FAILED;
    }
    if (!r->fleet->count) {
        char prof[200];
        sanitize_text(o->profile, prof, sizeof prof);
        say(r, _("sseadm undo: operation %s changed buckets in profile \"%s\", not in "
                 "\"%s\"; run it with -p %s; nothing was sent\n"), id, prof,
            p ? p->account.profile : "", prof);
        return APP_OUTCOME_REFUSED;
    }
    if (outside)
        say(r, ngettext("sseadm undo: %zu bucket of operation %s is in another profile and "
                        "is left as it is (undo it with -p PROFILE)\n",
                        "sseadm undo: %zu buckets of operation %s are in other profiles "
                        "and are left as they are (undo them with -p PROFILE)\n",
                        outside), outside, id);
    return start(r);
}

/* Where the profiles' credentials come from: its warnings said, and its error as the reason to
 * stop (a profile has none, or a source is misconfigured). */
static enum app_outcome
plan_credentials(struct run *r)
{
    struct sse_diag warnings = {0};
    struct sse_error err;
    sse_error_clear(&err);
    enum sse_status st = app_plan_credentials(r->app, NULL, &warnings, &err);
    for (size_t i = 0; i < warnings.count; i++)
        say(r, "sseadm: warning: %s\n", warnings.lines[i]);
    sse_diag_cleanup(&warnings);
    if (st == SSE_OK)
        return APP_OUTCOME_OK;
    say(r, "sseadm: %s\n", err.message);
    return st == SSE_ERR_NOMEM ? APP_OUTCOME_FAILED : APP_OUTCOME_REFUSED;
}

/* The rows, the audit log (for changes) and the worker. */
static enum app_outcome
open_core(struct run *r)
{
    const struct app_command *c = r->c;
    struct sse_error err;
    sse_error_clear(&err);
    enum app_outcome rc = plan_credentials(r);
    if (rc != APP_OUTCOME_OK)
        return rc;
    /* A dry run opens the log too: undo plans from it, and a run that could not log would not run. */
    const struct sse_profile *p = app_scope(r->app);
    if (changes(c) && p && p->readonly) {
        say(r, _("sseadm %s: profile \"%s\" is read-only%s; nothing was sent\n"), c->name,
            p->account.profile, readonly_why(r));
        return APP_OUTCOME_REFUSED;
    }
    if (changes(c) && app_open_audit(r->app, &err) != SSE_OK) {
        if (err.status == SSE_ERR_CONFIG)
            say(r, _("sseadm %s: cannot place the audit log: set XDG_STATE_HOME or HOME; "
                     "nothing was sent\n"), c->name);
        else
            say(r, _("sseadm %s: %s; nothing was sent\n"), c->name, err.message);
        return APP_OUTCOME_REFUSED;
    }
    if (c->operation)
        return open_operation(r, p);
    const char *latest = NULL;
    if (c->kind == APP_CMD_UNDO && !c->nbuckets && !(latest = app_undo_latest_bucket(r->app))) {
        say(r, _("sseadm undo: no change to any bucket in profile \"%s\" is recorded in %s; "
                 "nothing was sent\n"), p ? p->account.profile : "", app_audit_path(r->app));
        return APP_OUTCOME_REFUSED;
    }
    enum sse_status st = sweep(c) ? app_add_configured(r->app)
                         : latest ? app_add_named(r->app, &latest, 1)
                                  : app_add_named(r->app, c->buckets, c->nbuckets);
    if (st != SSE_OK) {
        say(r, _("sseadm: out of memory\n"));
        return APP_OUTCOME_FAILED;
    }
    return start(r);
}

/* Every profile in scope and where its credentials come from; with check, who they are. */
static enum app_outcome
profiles(struct run *r)
{
    /* A profile without credentials is listed as such: the others are still worth seeing. */
    enum app_outcome planned = plan_credentials(r);
    if (planned == APP_OUTCOME_FAILED)
        return planned;
    if (r->c->check && (start(r) != APP_OUTCOME_OK || app_check_identities(r->app) != SSE_OK ||
                        !wait_idle(r)))
        return APP_OUTCOME_FAILED;
    size_t failed = 0;
    FILE *f = r->io->open(r->io->ctx);
    if (!f || !r->io->close(r->io->ctx, f, app_write_profiles(r->app, f, r->io->format,
                                                              r->c->check, &failed) == SSE_OK))
        return APP_OUTCOME_FAILED;
    return planned != APP_OUTCOME_OK ? planned : failed ? APP_OUTCOME_FAILED : APP_OUTCOME_OK;
}

/* Reads (or lists) what the command covers, then reports or changes it. */
static enum app_outcome
run(struct run *r)
{
    const struct app_command *c = r->c;
    enum app_outcome rc = open_core(r);
    bool listing_failed = false;
    if (rc == APP_OUTCOME_OK) {
        /* A sweep lists every bucket and reads each as it is found; named buckets are located
         * first, then read (or changed). */
        app_discover(r->app, sweep(c) ? APP_LIST : APP_LOCATE);
        if (sweep(c))
            app_read(r->app, NULL, 0, NULL);
        rc = wait_idle(r) ? APP_OUTCOME_OK : APP_OUTCOME_FAILED;
        listing_failed = say_discovery(r);
    }
    if (rc == APP_OUTCOME_OK && (r->nrows = app_report_order(r->app, &r->rows)) == SIZE_MAX) {
        say(r, _("sseadm: out of memory\n"));
        return APP_OUTCOME_FAILED;
    }
    if (rc != APP_OUTCOME_OK)
        return rc;
    if (!r->nrows) {
        say(r, _("sseadm report: no buckets are configured in %s; add "
                 "buckets = ( \"name\", ... ) to a profile, or discover = true\n"),
            app_config_path(r->app));
        return listing_failed ? APP_OUTCOME_FAILED : APP_OUTCOME_REFUSED;
    }
    if (c->kind == APP_CMD_GET) {
        app_read(r->app, r->rows, r->nrows, NULL);
        return wait_idle(r) ? report(r, false) : APP_OUTCOME_FAILED;
    }
    if (!changes(c)) {
        bool check = c->kind == APP_CMD_CHECK;
        rc = report(r, check);
        if (check && say_verdicts(r) != APP_OUTCOME_OK && rc == APP_OUTCOME_OK)
            rc = APP_OUTCOME_FAILED;
        return rc == APP_OUTCOME_OK && listing_failed ? APP_OUTCOME_FAILED : rc;
    }
    /* Every write is conditional on what was read: the named buckets are read first (a sweep
     * read them as it listed them), the plan shows what they hold, and each write is made only
     * while the bucket still holds it when the worker reads it right before writing. */
    if (!sweep(c) && (rc = refuse_early(r)) == APP_OUTCOME_OK) {
        app_read(r->app, r->rows, r->nrows, NULL);
        rc = wait_idle(r) ? APP_OUTCOME_OK : APP_OUTCOME_FAILED;
    }
    return rc == APP_OUTCOME_OK ? change(r) : rc;
}

enum app_outcome
app_command_run(struct app *a, const struct app_command *c, const struct app_command_io *io)
{
    struct run r = { .c = c, .io = io, .app = a, .fleet = app_fleet(a) };
    enum app_outcome rc = c->kind == APP_CMD_PROFILES ? profiles(&r) : run(&r);
    if (c->verbose)
        say_pressure(&r);
    free(r.rows);
    return rc;
}
