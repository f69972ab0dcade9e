/* run.c — a CLI command against the application core: load, read (or locate) its buckets, plan,
 * confirm, apply, wait until everything is answered, and print what the fleet then holds. */
#include <errno.h>
#include <malloc.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "app/app.h"
#include "app/history.h"
#include "cli/command.h"
#include "core/i18n.h"
#include "core/sanitize.h"
#include "policy/judge.h"

/* One run: the invocation, the core, and where results go. */
struct run {
    struct cli_invocation *inv;
    struct app *app;
    struct fleet *fleet;
    const struct policy *policy;
    uint32_t *rows;              /* the rows printed, in order */
    size_t nrows;
};

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
print_error_line(const char *bucket, const struct sse_error *e)
{
    char clean[1024], name[200];
    fprintf(stderr, "sseadm: %s: %s\n", SHOWN(name, bucket), error_text(e, clean, sizeof clean));
}

static const char *
kind_verb(int kind)
{
    return kind == JOB_PUT ? "set" : kind == JOB_DELETE ? "remove" : "get";
}

/* Waits until the core is idle, printing each answer's requests and timing with -v. False when
 * waiting failed (poll). */
static bool
wait_idle(struct run *r)
{
    bool verbose = r->inv->g->verbose, undo = r->inv->cmd->plan == CLI_PLAN_UNDO;
    struct app_update u;
    app_take(r->app, &u);
    for (;;) {
        for (size_t i = 0; verbose && i < u.nanswered; i++) {
            const struct fleet_row *row = &r->fleet->rows[u.answered[i]];
            char name[200], rid[sizeof row->request_id * 3];
            fprintf(stderr, _("sseadm: %s %s: %d request%s (%d retr%s), %.3f s%s%s\n"),
                    undo && row->last_kind != JOB_GET ? "undo" : kind_verb(row->last_kind),
                    SHOWN(name, row->bucket), row->attempts, row->attempts == 1 ? "" : "s",
                    row->retries, row->retries == 1 ? "y" : "ies", (double)row->elapsed_s,
                    row->request_id[0] ? ", request id " : "", SHOWN(rid, row->request_id));
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
 * profile's endpoint. -v says what discovery found. Returns true when a sweep's listing failed. */
static bool
print_discovery(struct run *r)
{
    bool failed = false, verbose = r->inv->g->verbose;
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
                fprintf(stderr,
                        ngettext("sseadm: listing the buckets of profile \"%s\" failed after %zu bucket "
                                 "(%d page): %s; the report has those and the named buckets only\n",
                                 "sseadm: listing the buckets of profile \"%s\" failed after %zu buckets "
                                 "(%d pages): %s; the report has those and the named buckets only\n",
                                 l->listed),
                        name, l->listed, l->pages, clean);
            else if (l->locating)
                fprintf(stderr, denied ? _("sseadm: listing the buckets of profile \"%s\" was denied "
                                           "(ListBuckets): %s; the named buckets are asked at the "
                                           "profile's endpoint\n")
                                       : _("sseadm: cannot list the buckets of profile \"%s\": %s; "
                                           "the named buckets are asked at the profile's endpoint\n"),
                        name, clean);
            else
                fprintf(stderr, denied ? _("sseadm: listing the buckets of profile \"%s\" was denied "
                                           "(ListBuckets): %s; only its named buckets are shown\n")
                                       : _("sseadm: cannot list the buckets of profile \"%s\": %s; "
                                           "only its named buckets are shown\n"),
                        name, clean);
        }
        if (verbose && l->locating)
            fprintf(stderr, _("sseadm: profile %s: ListBuckets located %zu of %zu named buckets\n"),
                    name, l->located, l->asked);
        else if (verbose && l->state == FLEET_LIST_DONE)
            fprintf(stderr, _("sseadm: profile %s: ListBuckets found %zu more bucket%s in %d page%s\n"),
                    name, found, found == 1 ? "" : "s", l->pages, l->pages == 1 ? "" : "s");
    }
    return failed;
}

static int
terminal_width(void)
{
    struct winsize ws;
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
        return ws.ws_col;
    return 0;
}

/* Opens where results go: stdout, or (--output FILE) a file written whole or not at all. False
 * after printing why. */
static bool
sink_open(const struct cli_invocation *inv, struct output_sink *sink)
{
    struct sse_error err;
    sse_error_clear(&err);
    if (output_sink_open(sink, inv->output_path, &err) == SSE_OK)
        return true;
    char clean[1024];
    sanitize_text(err.message, clean, sizeof clean);
    fprintf(stderr, "sseadm %s: %s\n", inv->cmd->name, clean);
    return false;
}

/* Finishes the output; false after printing why when it could not be written whole. */
static bool
sink_close(const struct cli_invocation *inv, struct output_sink *sink, bool ok)
{
    struct sse_error err;
    sse_error_clear(&err);
    if (output_sink_close(sink, ok, &err) == SSE_OK)
        return true;
    char clean[1024];
    sanitize_text(err.message, clean, sizeof clean);
    if (sink->to_file)
        fprintf(stderr, "sseadm %s: %s\n", inv->cmd->name, clean);
    else
        fprintf(stderr, "sseadm: %s\n", clean);
    return false;
}

/* Prints the rows' results (check: only the drifted and unknown ones), with their verdicts under a
 * policy; every failed bucket's error goes to stderr first. CLI_EXIT_FAILED if any bucket failed. */
static int
print_results(struct run *r, bool problems_only)
{
    int rc = CLI_EXIT_OK;
    size_t n = 0;
    for (size_t i = 0; i < r->nrows; i++) {
        const struct fleet_row *row = &r->fleet->rows[r->rows[i]];
        const struct sse_error *e = fleet_error(r->fleet, r->rows[i]);
        if (e) {
            print_error_line(row->bucket, e);
            rc = CLI_EXIT_FAILED;
        }
        if (!problems_only || row->judgement.verdict == POLICY_DRIFTED ||
            row->judgement.verdict == POLICY_UNKNOWN)
            r->rows[n++] = r->rows[i]; /* the list shrinks in place: check prints only these */
    }
    const struct cli_invocation *inv = r->inv;
    bool to_terminal = !inv->output_path && isatty(STDOUT_FILENO);
    enum output_format fmt = inv->format_given ? inv->format
                             : to_terminal     ? OUTPUT_TABLE
                                               : OUTPUT_TSV;
    struct output_sink sink;
    if (!sink_open(inv, &sink))
        return CLI_EXIT_FAILED;
    bool ok = app_report(r->app, sink.f, fmt, r->rows, n, to_terminal ? terminal_width() : 0) ==
              SSE_OK;
    return sink_close(inv, &sink, ok) ? rc : CLI_EXIT_FAILED;
}

/* Prints "N compliant, N drifted, …" on stderr; CLI_EXIT_FAILED unless everything complies. */
static int
print_verdict_summary(const struct run *r)
{
    const struct fleet_counts *n = &r->fleet->counts;
    fprintf(stderr, _("sseadm check: %zu compliant, %zu drifted, %zu unknown, %zu not covered by "
            "the policy\n"), n->verdict[POLICY_COMPLIANT], n->verdict[POLICY_DRIFTED],
            n->verdict[POLICY_UNKNOWN], n->verdict[POLICY_UNMANAGED]);
    return n->verdict[POLICY_DRIFTED] || n->verdict[POLICY_UNKNOWN] ? CLI_EXIT_FAILED : CLI_EXIT_OK;
}

static bool
confirm(const char *question)
{
    fprintf(stderr, _("%s [y/N] "), question);
    fflush(stderr);
    char line[64];
    if (!fgets(line, sizeof line, stdin))
        return false;
    return line[0] == 'y' || line[0] == 'Y';
}

/* -v: how throttling bore on the worker's adaptive concurrency (silent when nothing was
 * throttled), and what the final pass did (silent when there was none). */
static void
print_pressure(const struct app *a)
{
    struct worker_stats s;
    app_worker_stats(a, &s);
    if (s.throttled)
        fprintf(stderr, _("sseadm: throttled %lu time%s; concurrency fell to %d of %d, back to %d at "
                "the end\n"), s.throttled, s.throttled == 1 ? "" : "s", s.lowest_limit,
                s.concurrency, s.limit);
    if (s.final_pass_tasks)
        fprintf(stderr, ngettext("sseadm: final pass: %lu job whose retries had run out was tried "
                                 "again after the rest; %lu still failed\n",
                                 "sseadm: final pass: %lu jobs whose retries had run out were "
                                 "tried again after the rest; %lu still failed\n",
                                 s.final_pass_tasks),
                s.final_pass_tasks, s.final_pass_failed);
}

/* The refusal of a plan that stops it before anything is sent, said; CLI_EXIT_OK when none. */
static int
refuse_plan(struct run *r, const struct app_plan *p)
{
    const char *command = r->inv->cmd->name;
    size_t i = app_plan_first(p, APP_READONLY);
    if (i != SIZE_MAX) {
        fprintf(stderr, _("sseadm %s: profile \"%s\" is read-only%s; nothing was sent\n"), command,
                fleet_row_profile(r->fleet, p->entries[i].row)->account->profile,
                r->inv->g->readonly ? " (--readonly)" : " (readonly = true in its configuration)");
        return CLI_EXIT_USAGE;
    }
    char bucket[200];
    if ((i = app_plan_first(p, APP_NO_RECORD)) != SIZE_MAX) {
        fprintf(stderr, _("sseadm undo: no change to bucket %s in profile \"%s\" is recorded in %s; "
                "nothing was sent\n"), SHOWN(bucket, r->fleet->rows[p->entries[i].row].bucket),
                fleet_row_profile(r->fleet, p->entries[i].row)->account->profile,
                app_audit_path(r->app));
        return CLI_EXIT_USAGE;
    }
    if ((i = app_plan_first(p, APP_UNDONE)) != SIZE_MAX) {
        fprintf(stderr, _("sseadm undo: every change recorded for bucket %s in profile \"%s\" has "
                "been undone already; nothing was sent\n"),
                SHOWN(bucket, r->fleet->rows[p->entries[i].row].bucket),
                fleet_row_profile(r->fleet, p->entries[i].row)->account->profile);
        return CLI_EXIT_USAGE;
    }
    if ((i = app_plan_first(p, APP_CANNOT_WRITE)) != SIZE_MAX) {
        const struct undo_change *c = app_undo_change(r->app, p->entries[i].change);
        char words[400] = "", rule[1200], op[64], when[100];
        struct sse_rule before;
        if (c) {
            sse_rule_unpack(&c->before, &before);
            sse_rule_words(&before, words, sizeof words);
        }
        fprintf(stderr, _("sseadm undo: %s: the rule before the %s at %s (%s) cannot be written by "
                "sseadm; nothing was sent\n"), SHOWN(bucket, r->fleet->rows[p->entries[i].row].bucket),
                SHOWN(op, c ? audit_operation_words(c->operation) : ""),
                SHOWN(when, c ? c->time : ""), SHOWN(rule, words));
        return CLI_EXIT_FAILED;
    }
    return CLI_EXIT_OK;
}

/* Shows the plan of a command that changes buckets, one line per bucket that will be written (its
 * rule now -> the rule it gets; the first 20 when it asks, every one for a dry run), then how many
 * are left out and why: on stdout, or --output's file, for a dry run (the plan is its result), on
 * stderr before a question. Undo's lines without a question name the change they undo. False when
 * the plan could not be written (dry run). */
static bool
show_plan(struct run *r, const struct app_plan *p, bool asks)
{
    const struct cli_invocation *inv = r->inv;
    bool policy = p->kind == APP_PLAN_POLICY; /* apply's plan is always shown, whole */
    if (p->kind == APP_PLAN_UNDO && !asks && !inv->dry_run) {
        for (size_t i = 0; i < p->count; i++) {
            const struct undo_change *c = app_undo_change(r->app, p->entries[i].change);
            struct sse_rule before;
            char words[400], clean[1200], name[200], op[64], when[100];
            app_plan_target(p, i, &before);
            sse_rule_words(&before, words, sizeof words);
            fprintf(stderr, _("%s: restore %s (before the %s at %s)\n"),
                    SHOWN(name, r->fleet->rows[p->entries[i].row].bucket),
                    SHOWN(clean, words), SHOWN(op, c ? audit_operation_words(c->operation) : ""),
                    SHOWN(when, c ? c->time : ""));
        }
        return true;
    }
    if (!asks && !inv->dry_run && !policy)
        return true;
    struct output_sink sink = { .f = stderr };
    if (inv->dry_run && !sink_open(inv, &sink))
        return false;
    FILE *shown = sink.f;
    size_t go = p->refused[APP_GO], listed = 0;
    fprintf(shown, ngettext("Plan: %zu change%s\n", "Plan: %zu changes%s\n", go), go,
            inv->dry_run ? _(" (dry run: nothing will be sent)") : "");
    for (size_t i = 0; i < p->count; i++) {
        if (p->entries[i].refusal != APP_GO)
            continue;
        if (!inv->dry_run && !policy && listed == 20) {
            fprintf(shown, _("  … and %zu more\n"), go - listed);
            break;
        }
        char line[1600], clean[1600];
        app_plan_line(r->app, p, i, NULL, line, sizeof line);
        fprintf(shown, "  %s\n", SHOWN(clean, line));
        listed++;
    }
    if (p->refused[APP_UNCHANGED])
        fprintf(shown, ngettext("  (%zu bucket already holds that rule: nothing to change)\n",
                                "  (%zu buckets already hold that rule: nothing to change)\n",
                                p->refused[APP_UNCHANGED]), p->refused[APP_UNCHANGED]);
    if (p->refused[APP_CHANGED])
        fprintf(shown, ngettext("  (%zu bucket changed after sseadm's change: left as it is)\n",
                                "  (%zu buckets changed after sseadm's change: left as they are)\n",
                                p->refused[APP_CHANGED]), p->refused[APP_CHANGED]);
    return !inv->dry_run || sink_close(inv, &sink, !ferror(shown));
}

/* Plans the command's change over every row, shows it, asks, applies it and waits for it. */
static int
change(struct run *r)
{
    const struct cli_invocation *inv = r->inv;
    struct app_plan p;
    enum sse_status st;
    switch (inv->cmd->plan) {
    case CLI_PLAN_SET: st = app_plan_set(r->app, r->rows, r->nrows, &inv->rule, &p); break;
    case CLI_PLAN_REMOVE: st = app_plan_remove(r->app, r->rows, r->nrows, &p); break;
    case CLI_PLAN_UNDO: st = app_plan_undo(r->app, r->rows, r->nrows, &p); break;
    default: st = app_plan_policy(r->app, r->rows, r->nrows, &p); break;
    }
    int rc = st == SSE_OK ? refuse_plan(r, &p) : CLI_EXIT_FAILED;
    if (st == SSE_ERR_NOMEM)
        fprintf(stderr, _("sseadm: out of memory\n"));
    bool policy = inv->cmd->plan == CLI_PLAN_POLICY;
    size_t unknown = r->fleet->counts.verdict[POLICY_UNKNOWN];
    if (rc == CLI_EXIT_OK && policy) {
        for (size_t i = 0; i < r->nrows; i++) {
            const struct sse_error *e = fleet_error(r->fleet, r->rows[i]);
            if (e)
                print_error_line(r->fleet->rows[r->rows[i]].bucket, e);
        }
        if (!p.count) {
            fprintf(stderr, _("sseadm apply: nothing to change: %zu bucket%s checked%s\n"),
                    r->nrows, r->nrows == 1 ? "" : "s",
                    unknown ? ", some could not be read (see above)" : "");
            app_plan_cleanup(&p);
            return unknown ? CLI_EXIT_FAILED : CLI_EXIT_OK;
        }
    }
    /* Nothing to write asks nothing: the buckets are shown as they are. */
    bool asks = inv->cmd->asks && !inv->yes && p.refused[APP_GO];
    if (rc == CLI_EXIT_OK && !show_plan(r, &p, asks))
        rc = CLI_EXIT_FAILED;
    if (rc == CLI_EXIT_OK && inv->dry_run) {
        app_plan_cleanup(&p);
        return unknown ? CLI_EXIT_FAILED : CLI_EXIT_OK;
    }
    if (rc == CLI_EXIT_OK && asks &&
        !confirm(policy                               ? _("Apply this plan?")
                 : inv->cmd->plan == CLI_PLAN_UNDO ? _("Restore these rules?")
                                                   : _("New objects will no longer be encrypted by "
                                                       "default. Continue?"))) {
        fprintf(stderr, _("sseadm %s: not confirmed; nothing was sent\n"), inv->cmd->name);
        rc = CLI_EXIT_USAGE;
    }
    struct sse_error err;
    sse_error_clear(&err);
    if (rc == CLI_EXIT_OK && app_apply(r->app, &p, &err) != SSE_OK)
        rc = CLI_EXIT_FAILED;
    app_plan_cleanup(&p);
    if (rc != CLI_EXIT_OK)
        return rc;
    if (!wait_idle(r))
        return CLI_EXIT_FAILED;
    /* What is printed is what the operation touched, in plan order. */
    const struct app_plan *done = app_batch(r->app)->plan;
    r->nrows = 0;
    for (size_t i = 0; i < done->count; i++)
        r->rows[r->nrows++] = done->entries[i].row;
    rc = print_results(r, false);
    return rc == CLI_EXIT_OK && policy && unknown ? CLI_EXIT_FAILED : rc;
}

/* The core over the loaded configuration, with the command's rows and (for changes) the log. */
static int
open_core(struct run *r, const struct sse_config *cfg, int profile)
{
    const struct cli_invocation *inv = r->inv;
    struct sse_error err;
    sse_error_clear(&err);
    struct app_options o = { .cfg = cfg, .profile = profile, .policy = r->policy };
    if (!(r->app = app_new(&o, &err))) {
        fprintf(stderr, _("sseadm: out of memory\n"));
        return CLI_EXIT_FAILED;
    }
    r->fleet = app_fleet(r->app);
    /* A dry run opens the log too: undo plans from it, and a run that could not log would not run. */
    bool changes = inv->cmd->plan != CLI_PLAN_NONE;
    const struct sse_profile *p = profile >= 0 ? &cfg->profiles[profile] : NULL;
    if (changes && p && p->readonly) {
        fprintf(stderr, _("sseadm %s: profile \"%s\" is read-only%s; nothing was sent\n"),
                inv->cmd->name, p->account.profile,
                inv->g->readonly ? " (--readonly)" : " (readonly = true in its configuration)");
        return CLI_EXIT_USAGE;
    }
    char clean[1024];
    if (changes && app_open_audit(r->app, &err) != SSE_OK) {
        if (err.status == SSE_ERR_CONFIG)
            fprintf(stderr, _("sseadm %s: cannot place the audit log: set XDG_STATE_HOME or HOME; "
                    "nothing was sent\n"), inv->cmd->name);
        else
            fprintf(stderr, _("sseadm %s: %s; nothing was sent\n"), inv->cmd->name,
                    SHOWN(clean, err.message));
        return CLI_EXIT_USAGE;
    }
    const char *latest = NULL;
    if (inv->cmd->plan == CLI_PLAN_UNDO && !inv->nbuckets &&
        !(latest = app_undo_latest_bucket(r->app))) {
        fprintf(stderr, _("sseadm undo: no change to any bucket in profile \"%s\" is recorded in %s; "
                "nothing was sent\n"), p ? p->account.profile : "", app_audit_path(r->app));
        return CLI_EXIT_USAGE;
    }
    enum sse_status st = inv->cmd->sweep ? app_add_configured(r->app)
                         : latest        ? app_add_named(r->app, &latest, 1)
                                         : app_add_named(r->app, inv->buckets, inv->nbuckets);
    if (st != SSE_OK) {
        fprintf(stderr, _("sseadm: out of memory\n"));
        return CLI_EXIT_FAILED;
    }
#ifdef M_ARENA_MAX
    /* One malloc arena for every thread of a command: glibc would give the worker (and libcurl's
     * resolver threads) arenas of their own, each with its own free space, and a sweep's peak
     * would carry them all. The TUI keeps glibc's default: it draws its first frame sooner with
     * several. A setting of the user's own is left alone. */
    if (!getenv("MALLOC_ARENA_MAX") && !getenv("GLIBC_TUNABLES"))
        mallopt(M_ARENA_MAX, 1);
#endif
    if (app_start(r->app, &err) != SSE_OK) {
        fprintf(stderr, "sseadm: %s\n", err.message);
        return CLI_EXIT_FAILED;
    }
    return CLI_EXIT_OK;
}

/* --output, checked before anything is read or sent: never one of the files sseadm is reading
 * (config and policy may be NULL), and a place a report can be written. CLI_EXIT_USAGE after
 * saying why. */
static int
check_output(const struct cli_invocation *inv, const char *config, const char *policy)
{
    const char *out = inv->output_path, *name = inv->cmd->name;
    if (!out)
        return CLI_EXIT_OK;
    char audit[4096], shown[1024];
    SHOWN(shown, out);
    if (output_same_file(out, config)) {
        fprintf(stderr, _("sseadm %s: --output %s is the configuration file being read; choose "
                "another name\n"), name, shown);
        return CLI_EXIT_USAGE;
    }
    if (output_same_file(out, policy)) {
        fprintf(stderr, _("sseadm %s: --output %s is the policy file being read; choose another "
                "name\n"), name, shown);
        return CLI_EXIT_USAGE;
    }
    if (audit_default_path(audit, sizeof audit) == SSE_OK && output_same_file(out, audit)) {
        fprintf(stderr, _("sseadm %s: --output %s is the audit log; choose another name\n"), name,
                shown);
        return CLI_EXIT_USAGE;
    }
    struct sse_error err;
    sse_error_clear(&err);
    if (output_file_check(out, &err) != SSE_OK) {
        fprintf(stderr, "sseadm %s: %s\n", name, SHOWN(shown, err.message));
        return CLI_EXIT_USAGE;
    }
    return CLI_EXIT_OK;
}

/* Everything but history: load, open the core, find and read the buckets, print or change. */
static int
run_command(struct run *r)
{
    const struct cli_invocation *inv = r->inv;
    struct policy *policy = NULL;
    int rc = inv->policy_path ? cli_load_policy(inv->policy_path, &policy) : CLI_EXIT_OK;
    if (rc != CLI_EXIT_OK)
        return rc;
    r->policy = policy;
    struct sse_config cfg;
    int profile;
    if ((rc = cli_load_config(inv->g, inv->cmd->sweep, &cfg, &profile)) != CLI_EXIT_OK) {
        policy_free(policy);
        return rc;
    }
    rc = check_output(inv, cfg.path, inv->policy_path);
    if (rc == CLI_EXIT_OK)
        rc = open_core(r, &cfg, profile);
    bool listing_failed = false;
    if (rc == CLI_EXIT_OK) {
        /* A sweep lists every bucket and reads each as it is found; named buckets are located
         * first, then read (or changed). */
        app_discover(r->app, inv->cmd->sweep ? APP_LIST : APP_LOCATE);
        if (inv->cmd->sweep)
            app_read(r->app, NULL, 0, NULL);
        rc = wait_idle(r) ? CLI_EXIT_OK : CLI_EXIT_FAILED;
        listing_failed = print_discovery(r);
    }
    if (rc == CLI_EXIT_OK && (r->nrows = app_report_order(r->app, &r->rows)) == SIZE_MAX) {
        fprintf(stderr, _("sseadm: out of memory\n"));
        rc = CLI_EXIT_FAILED;
    }
    if (rc == CLI_EXIT_OK && !r->nrows) {
        fprintf(stderr, _("sseadm report: no buckets are configured in %s; add "
                "buckets = ( \"name\", ... ) to a profile, or discover = true\n"), cfg.path);
        rc = listing_failed ? CLI_EXIT_FAILED : CLI_EXIT_USAGE;
    } else if (rc == CLI_EXIT_OK && inv->cmd->plan == CLI_PLAN_NONE && !inv->cmd->sweep) {
        app_read(r->app, r->rows, r->nrows, NULL);
        rc = wait_idle(r) ? print_results(r, false) : CLI_EXIT_FAILED;
    } else if (rc == CLI_EXIT_OK && inv->cmd->plan == CLI_PLAN_NONE) {
        bool check = inv->cmd->needs_policy;
        rc = print_results(r, check);
        if (check && print_verdict_summary(r) != CLI_EXIT_OK && rc == CLI_EXIT_OK)
            rc = CLI_EXIT_FAILED;
        if (rc == CLI_EXIT_OK && listing_failed)
            rc = CLI_EXIT_FAILED;
    } else if (rc == CLI_EXIT_OK) {
        /* What a question or a dry run shows is what the buckets hold now: read them first. A
         * command that does not ask writes at once (the write reads the bucket first itself). */
        bool shows = inv->dry_run || (inv->cmd->asks && !inv->yes);
        if (shows && !inv->cmd->sweep) {
            app_read(r->app, r->rows, r->nrows, NULL);
            rc = wait_idle(r) ? CLI_EXIT_OK : CLI_EXIT_FAILED;
        }
        if (rc == CLI_EXIT_OK)
            rc = change(r);
    }
    if (r->app && inv->g->verbose)
        print_pressure(r->app);
    app_free(r->app);
    free(r->rows);
    policy_free(policy);
    config_cleanup(&cfg);
    return rc;
}

static int
run_history(const struct cli_invocation *inv)
{
    int rc = check_output(inv, NULL, NULL);
    if (rc != CLI_EXIT_OK)
        return rc;
    struct app_history h;
    struct sse_error err;
    sse_error_clear(&err);
    enum sse_status st = app_history_read(inv->buckets, inv->nbuckets, &h, &err);
    if (st == SSE_ERR_CONFIG) {
        fprintf(stderr, _("sseadm history: cannot place the audit log: set XDG_STATE_HOME or HOME\n"));
        return CLI_EXIT_USAGE;
    }
    if (st != SSE_OK) {
        char clean[1024];
        fprintf(stderr, "sseadm history: %s\n", SHOWN(clean, err.message));
        return CLI_EXIT_FAILED;
    }
    if (h.skipped)
        fprintf(stderr, _("sseadm history: warning: %zu line%s of %s could not be read\n"),
                h.skipped, h.skipped == 1 ? "" : "s", h.path);
    enum output_format fmt = inv->format_given                              ? inv->format
                             : !inv->output_path && isatty(STDOUT_FILENO) ? OUTPUT_TABLE
                                                                          : OUTPUT_TSV;
    struct output_sink sink;
    rc = CLI_EXIT_FAILED;
    if (sink_open(inv, &sink)) {
        bool ok = output_write_history(sink.f, fmt, h.records, h.count) == SSE_OK;
        rc = sink_close(inv, &sink, ok) && ok ? CLI_EXIT_OK : CLI_EXIT_FAILED;
    }
    app_history_cleanup(&h);
    return rc;
}

int
cli_execute(struct cli_invocation *inv)
{
    if (strcmp(inv->cmd->name, "history") == 0)
        return run_history(inv);
    struct run r = { .inv = inv };
    return run_command(&r);
}
