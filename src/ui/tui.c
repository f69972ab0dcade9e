/* tui.c — the event loop: poll(stdin, worker fd, signal pipe) → keys to screens, results to the
 * fleet, signals to resize or quit → one frame per wake-up. The only place frames are sent out and
 * jobs are submitted. */
#include "ui/tui.h"

#include <curses.h>
#include <errno.h>
#include <langinfo.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config/theme.h"
#include "core/i18n.h"
#include "core/sanitize.h"
#include "engine/accounts.h"
#include "engine/worker.h"
#include "ui/draw.h"
#include "ui/export.h"
#include "ui/keys.h"
#include "ui/screens.h"
#include "ui/signals.h"
#include "ui/term.h"

/* After this many wake-ups in a row with stdin readable but no key, the terminal is gone. */
#define DEAD_INPUT_LIMIT 64

/* The last set or remove the user asked for, followed until every answer is in. */
struct batch {
    enum job_kind kind;
    uint32_t first_seq, last_seq; /* the seqs its jobs carry */
    size_t total, done, failed;
    size_t row;                   /* the bucket, when total == 1 */
};

struct tui {
    struct ui_state st;
    struct worker *worker;
    struct audit_log *audit; /* where changes are recorded; NULL: changes are refused */
    const struct sse_config *cfg;
    struct account_set accounts; /* regional accounts of discovered buckets (jobs borrow them) */
    char (*list_marker)[128];    /* per fleet profile: the marker of its listing's last page asked */
    struct batch batch;
    bool undoing;        /* the write being submitted restores an earlier rule */
    int stop_signal;     /* the signal that ended the loop, 0 for a quit */
    int empty_reads;
};

static enum sse_status
load_theme(const struct tui_options *opts, struct theme *theme, struct sse_error *err)
{
    const char *name = opts->theme && *opts->theme       ? opts->theme
                       : opts->cfg && opts->cfg->ui.theme[0] ? opts->cfg->ui.theme
                                                             : "default";
    struct sse_diag diag = { 0 };
    enum sse_status st = theme_load_named(name, opts->theme_dirs, theme, &diag);
    if (st != SSE_OK) {
        char msg[sizeof err->message] = "";
        size_t used = 0;
        for (size_t i = 0; i < diag.count && used + 3 < sizeof msg; i++) {
            int n = snprintf(msg + used, sizeof msg - used, "%s%s", i ? "; " : "", diag.lines[i]);
            if (n < 0)
                break;
            used += (size_t)n;
        }
        sse_error_set(err, st == SSE_ERR_NOMEM ? st : SSE_ERR_CONFIG, "%s",
                      used ? msg : "cannot load the theme");
    }
    sse_diag_cleanup(&diag);
    return st;
}

/* The fleet's judge: the policy file given with --policy. */
static void
judge_by_policy(void *ctx, const char *profile, const char *bucket, const struct sse_rule *current,
                bool words, struct policy_check *out)
{
    policy_check_bucket(ctx, profile, bucket, current, words, out);
}

static enum sse_status
build_fleet(struct ui_state *st, const struct tui_options *opts, struct sse_error *err)
{
    const struct sse_config *cfg = opts->cfg;
    fleet_init(&st->fleet);
    plan_init(&st->plan);
    size_t shown = 0, buckets = 0;
    for (size_t p = 0; p < cfg->nprofiles; p++) {
        if (opts->profile >= 0 && (size_t)opts->profile != p)
            continue;
        const struct sse_profile *prof = &cfg->profiles[p];
        int idx = fleet_add_profile(&st->fleet, &prof->account, prof->readonly);
        if (idx < 0)
            return sse_error_set(err, SSE_ERR_NOMEM, "out of memory");
        for (size_t b = 0; b < prof->nbuckets; b++)
            if (fleet_add(&st->fleet, idx, prof->buckets[b]) != SSE_OK)
                return sse_error_set(err, SSE_ERR_NOMEM, "out of memory");
        shown++;
        buckets += prof->nbuckets;
        if (shown == 1)
            snprintf(st->title, sizeof st->title, _("profile %.60s"), prof->account.profile);
    }
    if (shown != 1)
        snprintf(st->title, sizeof st->title, ngettext("%zu profile", "%zu profiles", shown), shown);
    size_t insecure = 0, wl = 0;
    for (size_t p = 0; p < st->fleet.nprofiles; p++) {
        const struct oss_account *a = st->fleet.profiles[p].account;
        if (!a || !a->insecure_tls)
            continue;
        int n = snprintf(st->tls_warning + wl, sizeof st->tls_warning - wl, "%s%.60s",
                         insecure ? ", " : "", a->profile);
        if (n < 0 || (size_t)n >= sizeof st->tls_warning - wl)
            break;
        wl += (size_t)n;
        insecure++;
    }
    if (insecure) {
        char names[sizeof st->tls_warning];
        memcpy(names, st->tls_warning, sizeof names);
        snprintf(st->tls_warning, sizeof st->tls_warning,
                 ngettext("TLS verification OFF: profile %.120s",
                          "TLS verification OFF: profiles %.120s", insecure), names);
    }
    (void)buckets; /* the title's count is the fleet's, drawn live (discovery adds rows) */
    if (opts->policy) {
        /* The judge only reads the policy; the fleet's context pointer is not const. */
        fleet_set_judge(&st->fleet, judge_by_policy, (void *)(uintptr_t)opts->policy);
        st->has_policy = true;
    }
    listview_init(&st->view, &st->fleet);
    if (listview_sync(&st->view) != SSE_OK)
        return sse_error_set(err, SSE_ERR_NOMEM, "out of memory");
    st->confirm_remove = cfg->ui.confirm;
    st->utf8 = strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
    return SSE_OK;
}

static bool submit(struct tui *t, size_t row, enum job_kind kind, const struct sse_rule *rule,
                   size_t *busy);

/* The configured profile behind fleet profile idx (its account is the fleet's), or NULL. */
static const struct sse_profile *
config_profile(const struct tui *t, int idx)
{
    if (idx < 0 || (size_t)idx >= t->st.fleet.nprofiles)
        return NULL;
    const struct oss_account *a = t->st.fleet.profiles[idx].account;
    for (size_t p = 0; p < t->cfg->nprofiles; p++)
        if (&t->cfg->profiles[p].account == a)
            return &t->cfg->profiles[p];
    return NULL;
}

/* Asks for one ListBuckets page of fleet profile idx from marker ("" = the first). */
static bool
submit_list(struct tui *t, int idx, const char *marker)
{
    const struct sse_profile *p = config_profile(t, idx);
    struct job *job = p ? job_new(JOB_LIST, &p->account, NULL) : NULL;
    if (!job)
        return false;
    sse_strlcpy(job->marker, marker, sizeof job->marker);
    sse_strlcpy(t->list_marker[idx], marker, sizeof t->list_marker[idx]);
    job->tag = (uintptr_t)idx;
    worker_submit(t->worker, job);
    return true;
}

/* Reads every row of profile idx that has never been read and is not waiting. */
static void
read_unread(struct tui *t, int idx)
{
    size_t busy = 0;
    for (size_t i = 0; i < t->st.fleet.count; i++)
        if (t->st.fleet.rows[i].profile == idx && fleet_unread(&t->st.fleet, i))
            submit(t, i, JOB_GET, NULL, &busy);
}

/* Starts the listing of every profile with discover = true; its named rows wait for it. */
static void
start_discovery(struct tui *t)
{
    for (size_t i = 0; i < t->st.fleet.nprofiles; i++) {
        const struct sse_profile *p = config_profile(t, (int)i);
        if (!p || !p->discover)
            continue;
        fleet_listing_begin(&t->st.fleet, (int)i);
        if (!submit_list(t, (int)i, "")) {
            fleet_listing_end(&t->st.fleet, (int)i, false, "out of memory");
            read_unread(t, (int)i);
        }
    }
}

/* One ListBuckets page: each bucket routed to its region (new ones added and read), the next
 * page asked for, or the listing ended (then the rows it did not name are read as configured). */
static void
on_listing(struct tui *t, const struct result *r)
{
    struct ui_state *st = &t->st;
    int idx = (int)r->tag;
    const struct sse_profile *p = config_profile(t, idx);
    if (!p)
        return;
    if (r->status != SSE_OK) {
        char line[600], clean[600];
        sse_error_format(&r->error, line, sizeof line);
        sanitize_text(line, clean, sizeof clean);
        size_t found = st->fleet.profiles[idx].found; /* from the pages before the failure */
        fleet_listing_end(&st->fleet, idx, false, clean);
        if (found)
            ui_message(st, true,
                       ngettext("Listing the buckets of profile %s stopped after %zu more bucket "
                                "was found: %s; the list has that one and the named buckets only.",
                                "Listing the buckets of profile %s stopped after %zu more buckets "
                                "were found: %s; the list has those and the named buckets only.",
                                found),
                       p->account.profile, found, clean);
        else
            ui_message(st, true,
                       _("Cannot list the buckets of profile %s: %s; only its named buckets are "
                         "shown."),
                       p->account.profile, clean);
        read_unread(t, idx);
        return;
    }
    size_t busy = 0;
    for (size_t i = 0; i < r->page.count; i++) {
        const struct oss_bucket_info *info = &r->page.buckets[i];
        struct sse_error err;
        sse_error_clear(&err);
        const struct oss_account *acct =
            account_set_for_bucket(&t->accounts, &p->account, info, p->internal, &err);
        size_t row;
        bool fresh;
        if (fleet_listed(&st->fleet, idx, info->name, acct ? acct : &p->account, &row, &fresh) !=
            SSE_OK) {
            ui_message(st, true, "%s", _("Out of memory: not every request was sent."));
            break;
        }
        if (fresh)
            submit(t, row, JOB_GET, NULL, &busy);
    }
    if (listview_sync(&st->view) != SSE_OK)
        ui_message(st, true, "%s", _("Out of memory while filtering."));
    bool more = r->page.truncated && r->page.next_marker[0] &&
                strcmp(r->page.next_marker, t->list_marker[idx]) != 0;
    if (more && submit_list(t, idx, r->page.next_marker))
        return;
    fleet_listing_end(&st->fleet, idx, true, NULL);
    read_unread(t, idx);
}

/* Opens the audit log every change is recorded in; without it, changes are refused and
 * st.audit_error says why (reads still work). */
static void
open_audit(struct tui *t)
{
    struct ui_state *st = &t->st;
    if (audit_default_path(st->audit_path, sizeof st->audit_path) != SSE_OK) {
        st->audit_path[0] = '\0';
        snprintf(st->audit_error, sizeof st->audit_error,
                 "%s", _("the audit log has no place (set XDG_STATE_HOME or HOME)"));
        return;
    }
    struct sse_error err;
    sse_error_clear(&err);
    t->audit = audit_open(st->audit_path, &err);
    if (!t->audit)
        snprintf(st->audit_error, sizeof st->audit_error, _("the audit log cannot be opened: %.200s"),
                 err.message);
}

/* Submits job (made by fleet_job) or explains the refusal. Returns true when submitted. */
static bool
submit(struct tui *t, size_t row, enum job_kind kind, const struct sse_rule *rule, size_t *busy)
{
    enum fleet_refusal why;
    if ((kind == JOB_PUT || kind == JOB_DELETE) && !t->audit) {
        ui_message(&t->st, true, _("Changes are off: %s."), t->st.audit_error);
        return false;
    }
    struct job *job = fleet_job(&t->st.fleet, row, kind, rule, &why);
    if (job) {
        job->undo = t->undoing;
        if (kind == JOB_PUT || kind == JOB_DELETE) {
            struct batch *b = &t->batch;
            if (!b->total)
                b->first_seq = job->seq;
            b->last_seq = job->seq;
            b->total++;
            b->row = row;
        }
        worker_submit(t->worker, job);
        return true;
    }
    if (why == FLEET_REFUSE_BUSY)
        (*busy)++;
    else if (why == FLEET_REFUSE_NOMEM)
        ui_message(&t->st, true, "%s", _("Out of memory: not every request was sent."));
    return false;
}

/* Writes (JOB_PUT with rule, or JOB_DELETE) to every target; says what was sent. */
static void
write_targets(struct tui *t, enum job_kind kind, const struct sse_rule *rule)
{
    struct ui_state *st = &t->st;
    size_t first, sent = 0, busy = 0;
    size_t n = ui_targets(st, &first);
    t->batch = (struct batch){ .kind = kind };
    if (n == 1) {
        sent += submit(t, first, kind, rule, &busy);
    } else {
        for (size_t i = first; i < st->fleet.count; i++)
            if (st->fleet.rows[i].marked)
                sent += submit(t, i, kind, rule, &busy);
        fleet_clear_marks(&st->fleet);
    }
    char what[400], whom[96], skipped[96] = "", desc[300];
    if (kind == JOB_PUT)
        snprintf(what, sizeof what, _("Setting %s on"), sse_rule_words(rule, desc, sizeof desc));
    else
        snprintf(what, sizeof what, "%s", _("Removing the rule of"));
    if (sent == 1 && n == 1)
        snprintf(whom, sizeof whom, "%s", st->fleet.rows[first].bucket);
    else
        snprintf(whom, sizeof whom, ngettext("%zu bucket", "%zu buckets", sent), sent);
    if (busy)
        snprintf(skipped, sizeof skipped, _(" (%zu skipped: a change is still in flight)"), busy);
    if (sent || !busy)
        ui_message(st, busy != 0, "%s %s%s%s", what, whom, draw_ellipsis(), skipped);
    else
        ui_message(st, true, _("Nothing sent: a change to %s is still in flight."),
                   n == 1 ? st->fleet.rows[first].bucket : "those buckets");
}

/* Writes each planned target whose bucket is still as planned: a row whose rule or verdict moved
 * while the plan was open is left out and counted. */
static void
apply_plan(struct tui *t)
{
    struct ui_state *st = &t->st;
    struct plan *p = &st->plan;
    size_t sent = 0, busy = 0, moved = 0;
    t->batch = (struct batch){ .kind = JOB_PUT };
    for (size_t k = 0; k < p->count; k++) {
        const struct plan_item *it = &p->items[k];
        const struct fleet_row *r = &st->fleet.rows[it->row];
        struct policy_check now;
        if (!r->rule_known || !sse_rule_equal(&r->rule, &it->now) ||
            !fleet_judge_row(&st->fleet, it->row, false, &now) || now.verdict != POLICY_DRIFTED ||
            !sse_rule_equal(&now.target, &it->target)) {
            moved++;
            continue;
        }
        sent += submit(t, it->row, JOB_PUT, &it->target, &busy);
    }
    size_t planned = p->count;
    screen_plan_close(st);
    /* What was not sent, and why: changed meanwhile, a change in flight, or refused (the changes
     * are off, out of memory: submit said which, and this message replaces that one). */
    size_t refused = planned - sent - moved - busy;
    char skipped[320] = "";
    int len = 0;
    if (moved)
        len += snprintf(skipped + len, sizeof skipped - (size_t)len,
                        _(" (%zu skipped: changed since the plan was made)"), moved);
    if (busy && len >= 0 && (size_t)len < sizeof skipped)
        len += snprintf(skipped + len, sizeof skipped - (size_t)len,
                        _(" (%zu skipped: a change is still in flight)"), busy);
    if (refused && len >= 0 && (size_t)len < sizeof skipped)
        snprintf(skipped + len, sizeof skipped - (size_t)len, _(" (%zu refused: %s)"), refused,
                 t->audit ? _("out of memory") : st->audit_error);
    if (sent)
        ui_message(st, sent != planned,
                   ngettext("Applying the policy to %zu bucket%s%s", "Applying the policy to %zu buckets%s%s", sent),
                   sent, draw_ellipsis(), skipped);
    else
        ui_message(st, true, _("Nothing sent%s."), skipped);
}

/* w's Enter: writes the list shown; the prompt stays open when it cannot, so that the name can be
 * mended. */
static void
write_view(struct ui_state *st)
{
    size_t written = 0;
    char where[1100], clean[1200];
    struct sse_error err;
    sse_error_clear(&err);
    if (export_view(&st->fleet, &st->view, st->write_path, st->write_json, &written, where,
                    sizeof where, &err) != SSE_OK) {
        sanitize_text(err.message, clean, sizeof clean);
        ui_message(st, true, "%s", clean);
        return;
    }
    st->prompt = UI_PROMPT_NONE;
    sanitize_text(where, clean, sizeof clean);
    ui_message(st, false, ngettext("Wrote %zu bucket to %s.", "Wrote %zu buckets to %s.", written),
               written, clean);
}

static void
run_command(struct tui *t)
{
    struct ui_state *st = &t->st;
    enum ui_command cmd = st->command;
    st->command = UI_CMD_NONE;
    size_t busy = 0, sent = 0;
    switch (cmd) {
    case UI_CMD_REFRESH: {
        size_t row = listview_selected(&st->view);
        if (row == FLEET_NO_ROW)
            return;
        if (submit(t, row, JOB_GET, NULL, &busy))
            ui_message(st, false, _("Reading %s%s"), st->fleet.rows[row].bucket, draw_ellipsis());
        else if (busy)
            ui_message(st, true, _("%s: a change is in flight; its read-back will refresh it."),
                       st->fleet.rows[row].bucket);
        break;
    }
    case UI_CMD_REFRESH_ALL:
        for (size_t i = 0; i < st->fleet.count; i++)
            sent += submit(t, i, JOB_GET, NULL, &busy);
        ui_message(st, false, ngettext("Reading %zu bucket%s", "Reading %zu buckets%s", sent), sent,
                   draw_ellipsis());
        break;
    case UI_CMD_SET: {
        struct sse_rule rule;
        form_rule(&st->form, &rule);
        write_targets(t, JOB_PUT, &rule);
        break;
    }
    case UI_CMD_REMOVE:
        write_targets(t, JOB_DELETE, NULL);
        break;
    case UI_CMD_UNDO: {
        const struct confirm *c = &st->confirm;
        enum job_kind kind = c->restore.algo == SSE_ALGO_NONE ? JOB_DELETE : JOB_PUT;
        if (c->row >= st->fleet.count || strcmp(st->fleet.rows[c->row].bucket, c->bucket) != 0)
            break;
        t->batch = (struct batch){ .kind = kind };
        t->undoing = true;
        bool ok = submit(t, c->row, kind, kind == JOB_PUT ? &c->restore : NULL, &busy);
        t->undoing = false;
        char desc[300];
        if (ok)
            ui_message(st, false, _("Restoring %s on %s%s"),
                       sse_rule_words(&c->restore, desc, sizeof desc), c->bucket,
                       draw_ellipsis());
        else if (busy)
            ui_message(st, true, _("Nothing sent: a change to %s is still in flight."), c->bucket);
        break;
    }
    case UI_CMD_APPLY_PLAN:
        apply_plan(t);
        break;
    case UI_CMD_WRITE:
        write_view(st);
        break;
    case UI_CMD_NONE:
        break;
    }
}

static void
paint(struct tui *t, bool repaint)
{
    struct ui_state *st = &t->st;
    struct ui_cursor cur = UI_NO_CURSOR;
    erase();
    if (ui_too_small(st)) {
        char line[96];
        snprintf(line, sizeof line, _("Terminal too small (%dx%d): sseadm needs %dx%d."), st->cols,
                 st->rows, UI_MIN_COLS, UI_MIN_ROWS);
        int y = st->rows / 2 - 1;
        draw_text(y > 0 ? y : 0, 0, st->cols, THEME_EL_WARNING, line);
        if (st->rows > 2)
            draw_text(y + 1 > 0 ? y + 1 : 1, 0, st->cols, THEME_EL_ROW, _("Enlarge it, or q to quit."));
    } else {
        cur = screen_list_draw(st);
        switch (st->screen) {
        case UI_DETAIL: cur = screen_detail_draw(st); break;
        case UI_FORM: cur = screen_form_draw(st); break;
        case UI_CONFIRM: cur = screen_confirm_draw(st); break;
        case UI_HELP: cur = screen_help_draw(st); break;
        case UI_PLAN: cur = screen_plan_draw(st); break;
        case UI_LIST: break;
        }
    }
    term_flush(cur.y, cur.x, repaint);
}

static void
resized(struct tui *t)
{
    term_resize(&t->st.rows, &t->st.cols);
    listview_set_height(&t->st.view, ui_list_height(&t->st));
    if (t->st.screen == UI_PLAN)
        screen_plan_layout(&t->st);
}

static unsigned
dispatch(struct tui *t, int key)
{
    struct ui_state *st = &t->st;
    unsigned react = st->message[0] ? UI_REACT_DRAW : UI_REACT_NONE;
    st->message[0] = '\0';
    if (key == KEYS_FN + KEY_RESIZE) {
        resized(t);
        return UI_REACT_DRAW;
    }
    if (ui_too_small(st)) /* nothing shows what a key would do: only quitting is safe */
        return key == 'q' && st->screen == UI_LIST && !st->prompt ? screen_quit(st)
                                                                      : UI_REACT_DRAW;
    switch (st->screen) {
    case UI_LIST: react |= screen_list_key(st, key); break;
    case UI_DETAIL: react |= screen_detail_key(st, key); break;
    case UI_FORM: react |= screen_form_key(st, key); break;
    case UI_CONFIRM: react |= screen_confirm_key(st, key); break;
    case UI_HELP: react |= screen_help_key(st, key); break;
    case UI_PLAN: react |= screen_plan_key(st, key); break;
    }
    return react;
}

/* Reads every key curses has (poll cannot see its buffer), handling each. */
static unsigned
on_keys(struct tui *t)
{
    unsigned react = UI_REACT_NONE;
    int got = 0;
    for (;;) {
        wint_t wc;
        int rc = get_wch(&wc);
        if (rc == ERR)
            break;
        got++;
        int key = rc == KEY_CODE_YES ? KEYS_FN + (int)wc : (int)wc;
        unsigned r = dispatch(t, key);
        if (r & UI_REACT_COMMAND)
            run_command(t);
        react |= r & ~UI_REACT_COMMAND;
        if (react & UI_REACT_QUIT)
            break;
    }
    t->empty_reads = got ? 0 : t->empty_reads + 1;
    if (t->empty_reads >= DEAD_INPUT_LIMIT) {
        t->stop_signal = SIGHUP;
        react |= UI_REACT_QUIT;
    }
    return react;
}

static unsigned
on_signals(struct tui *t)
{
    unsigned react = UI_REACT_NONE;
    int sig;
    while ((sig = signals_next()) != 0) {
        if (sig == SIGWINCH) {
            resized(t);
            react |= UI_REACT_DRAW | UI_REACT_REPAINT;
        } else if (!t->stop_signal) {
            t->stop_signal = sig;
            react |= UI_REACT_QUIT;
        }
    }
    return react;
}

/* Counts a write's answer into the batch; says how the batch went once the last answer is in. */
static void
follow_batch(struct tui *t, const struct result *r)
{
    struct batch *b = &t->batch;
    if (!b->total || r->kind != b->kind || r->seq - b->first_seq > b->last_seq - b->first_seq)
        return;
    b->done++;
    if (r->status != SSE_OK)
        b->failed++;
    struct ui_state *st = &t->st;
    const char *verb = b->kind == JOB_PUT ? _("Set") : _("Removed");
    if (b->total > 1) {
        if (b->done < b->total)
            ui_message(st, false, _("%s %zu of %zu buckets%s"), b->kind == JOB_PUT ? _("Setting") : _("Removing"),
                       b->done, b->total, draw_ellipsis());
        else if (b->failed)
            ui_message(st, true, _("%s on %zu of %zu buckets; %zu failed (Enter on a row shows why)."),
                       verb, b->total - b->failed, b->total, b->failed);
        else
            ui_message(st, false, _("%s on all %zu buckets, as read back from OSS."), verb, b->total);
    } else if (r->status == SSE_OK) {
        char rule[300];
        ui_message(st, false, _("%s: now %s, as read back from OSS."), r->bucket,
                   r->rule_known ? sse_rule_words(&r->rule, rule, sizeof rule) : _("unknown"));
    } else {
        const struct sse_error *e = fleet_error(&st->fleet, b->row);
        ui_message(st, true, "%s: %s", r->bucket,
                   e ? e->message : sse_status_message(r->status));
    }
    if (b->done == b->total)
        b->total = 0;
}

/* Takes every finished result at once: many answers, one frame. */
static unsigned
on_results(struct tui *t)
{
    struct result *list = worker_take_results(t->worker);
    if (!list)
        return UI_REACT_NONE;
    uint64_t changes = t->st.fleet.drifted_changes;
    for (struct result *r = list; r; r = r->next) {
        if (r->kind == JOB_LIST) {
            on_listing(t, r);
            continue;
        }
        fleet_apply(&t->st.fleet, r);
        follow_batch(t, r);
    }
    result_free_all(list);
    /* D's view follows the verdicts: a bucket found drifted joins it, a mended one leaves (the
     * selection stays on its bucket while it is shown), so that A and w act on what is true. */
    struct listview *lv = &t->st.view;
    if (lv->drifted_only && t->st.fleet.drifted_changes != changes &&
        listview_set_scope(lv, lv->profile, true) != SSE_OK)
        ui_message(&t->st, true, "%s", _("Out of memory while filtering."));
    return UI_REACT_DRAW;
}

static int
loop(struct tui *t, struct sse_error *err)
{
    unsigned react = UI_REACT_DRAW;
    for (;;) {
        if (react & UI_REACT_DRAW)
            paint(t, (react & UI_REACT_REPAINT) != 0);
        struct pollfd fds[3] = {
            { .fd = STDIN_FILENO, .events = POLLIN },
            { .fd = worker_fd(t->worker), .events = POLLIN },
            { .fd = signals_fd(), .events = POLLIN },
        };
        if (poll(fds, 3, -1) < 0) {
            if (errno == EINTR)
                continue;
            sse_error_set(err, SSE_ERR_IO, "poll failed: %s", strerror(errno));
            return 1;
        }
        react = UI_REACT_NONE;
        if (fds[2].revents & POLLIN)
            react |= on_signals(t);
        if (fds[0].revents & POLLIN)
            react |= on_keys(t);
        else if (fds[0].revents & (POLLHUP | POLLERR | POLLNVAL)) {
            t->stop_signal = SIGHUP;
            react |= UI_REACT_QUIT;
        }
        if (fds[1].revents & POLLIN)
            react |= on_results(t);
        if (react & UI_REACT_QUIT)
            break;
    }
    if (t->stop_signal) {
        sse_error_set(err, SSE_ERR_CANCELLED, "stopped by signal %d (%s)", t->stop_signal,
                      t->stop_signal == SIGHUP ? "the terminal went away"
                      : t->stop_signal == SIGINT ? "interrupted"
                                                 : "terminated");
        return 128 + t->stop_signal;
    }
    return 0;
}

int
tui_run(const struct tui_options *opts, struct sse_error *err)
{
    struct sse_error dummy;
    if (!err)
        err = &dummy;
    sse_error_clear(err);
    struct theme theme;
    if (load_theme(opts, &theme, err) != SSE_OK)
        return 2;
    struct tui *t = calloc(1, sizeof *t);
    if (!t) {
        sse_error_set(err, SSE_ERR_NOMEM, "out of memory");
        return 2;
    }
    int rc = 2;
    t->cfg = opts->cfg;
    account_set_init(&t->accounts);
    if (build_fleet(&t->st, opts, err) != SSE_OK)
        goto out;
    t->list_marker = calloc(t->st.fleet.nprofiles ? t->st.fleet.nprofiles : 1, sizeof *t->list_marker);
    if (!t->list_marker) {
        sse_error_set(err, SSE_ERR_NOMEM, "out of memory");
        goto out;
    }
    open_audit(t);
    if (signals_install(term_emergency_restore, err) != SSE_OK)
        goto out;
    if (term_open(err) != SSE_OK) {
        signals_uninstall();
        goto out;
    }
    const char *no_color = getenv("NO_COLOR");
    bool colour = term_has_colour() && !(no_color && *no_color);
    if (!colour)
        theme_monochrome(&theme);
    draw_setup(&theme, colour, t->st.utf8);
    resized(t);

    /* The worker must never run our handlers: it inherits a mask with them blocked. */
    sigset_t old;
    signals_block_async(&old);
    t->worker = worker_start(&opts->cfg->network, err);
    signals_restore_mask(&old);
    if (!t->worker) {
        rc = 1;
    } else {
        if (t->audit)
            worker_set_audit(t->worker, t->audit);
        start_discovery(t);
        t->st.command = UI_CMD_REFRESH_ALL;
        run_command(t);
        t->st.message[0] = '\0';
        if (!t->audit)
            ui_message(&t->st, true, _("Changes are off: %s."), t->st.audit_error);
        rc = loop(t, err);
        worker_stop(t->worker);
    }
    term_close();
    signals_uninstall();
out:
    audit_close(t->audit);
    account_set_cleanup(&t->accounts);
    free(t->list_marker);
    screen_plan_close(&t->st);
    listview_cleanup(&t->st.view);
    fleet_cleanup(&t->st.fleet);
    free(t);
    return rc;
}
