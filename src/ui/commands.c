/* commands.c — key commands carried out against the core: reads, the set form, plans and their
 * confirmations, applying them, report files; and the status bar's account of what came back. */
#include "ui/commands.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "core/sanitize.h"
#include "ui/copy.h"
#include "ui/draw.h"
#include "ui/export.h"
#include "ui/remember.h"
#include "ui/screens.h"

/* Says why row may not get the change cmd asks for (refusal why), in a whole sentence. */
static void
say_refusal(struct ui_state *st, enum ui_command_kind cmd, size_t row, enum app_refusal why)
{
    const struct fleet_row *r = &st->fleet->rows[row];
    const struct oss_account *a = fleet_row_profile(st->fleet, row)->account;
    switch (why) {
    case APP_CHANGES_OFF:
        ui_message(st, true, _("Changes are off: %s."), app_changes_off(st->app));
        break;
    case APP_READONLY:
        if (cmd == UI_CMD_REMOVE)
            ui_message(st, true, _("Profile %s is read-only: removing the rule of %s is refused."),
                       a ? a->profile : "?", r->bucket);
        else if (cmd == UI_CMD_UNDO)
            ui_message(st, true, _("Profile %s is read-only: undoing the change to %s is refused."),
                       a ? a->profile : "?", r->bucket);
        else
            ui_message(st, true, _("Profile %s is read-only: setting the rule of %s is refused."),
                       a ? a->profile : "?", r->bucket);
        break;
    case APP_BUSY:
        ui_message(st, true, _("%s: a change is still in flight; wait for its read-back."),
                   r->bucket);
        break;
    case APP_NOT_ROUTED:
        ui_message(st, true, _("%s: its profile's bucket listing has not said where it lives yet; "
                               "try again when it has."), r->bucket);
        break;
    default:
        break;
    }
}

/* The rows cmd is for, when a change may start on them: something selected, changes on, no
 * read-only profile among them, the one bucket not busy. Otherwise says why and returns 0. The
 * caller frees *rows. */
static size_t
change_rows(struct ui_state *st, const struct ui_command *cmd, uint32_t **rows)
{
    size_t n = ui_target_rows(st, cmd->target, rows);
    if (n == SIZE_MAX) {
        ui_message(st, true, "%s", _("Out of memory."));
        return 0;
    }
    if (!n) {
        ui_message(st, true, "%s", _("No bucket selected."));
        return 0;
    }
    /* One refusal stops a bulk change only where it would refuse every bucket (changes off, a
     * read-only profile); buckets busy with another change are left out and counted. */
    for (size_t k = 0; k < n; k++) {
        enum app_refusal why = app_permit(st->app, (*rows)[k], APP_ACTION_SET);
        if (why == APP_CHANGES_OFF || why == APP_READONLY || (n == 1 && why != APP_GO)) {
            say_refusal(st, cmd->kind, (*rows)[k], why);
            free(*rows);
            *rows = NULL;
            return 0;
        }
    }
    return n;
}

static unsigned
open_set(struct ui_state *st, const struct ui_command *cmd)
{
    uint32_t *rows;
    size_t n = change_rows(st, cmd, &rows);
    if (!n)
        return UI_REACT_DRAW;
    size_t sel = listview_selected(&st->view), from = rows[0];
    for (size_t k = 0; k < n; k++)
        if (rows[k] == sel)
            from = sel;
    free(rows);
    const struct fleet_row *r = &st->fleet->rows[from];
    struct sse_rule rule;
    fleet_row_rule(st->fleet, from, &rule);
    if (!r->rule_known && r->state == FLEET_LOADING) /* its answer fills the form in (ui_follow) */
        form_open_waiting(&st->form, from, n, n == 1 ? r->bucket : NULL);
    else
        form_open(&st->form, r->rule_known ? &rule : NULL, n, n == 1 ? r->bucket : NULL);
    st->form_target = cmd->target;
    st->under = st->screen;
    st->screen = UI_FORM;
    return UI_REACT_DRAW;
}

/* How many of plan p's buckets the list does not show now (the filter, one profile, drifted
 * only), so that a confirmation can say that it reaches them too. */
static size_t
hidden_rows(const struct ui_state *st, const struct app_plan *p)
{
    if (!p->count)
        return 0;
    unsigned char *shown = calloc(st->fleet->count ? st->fleet->count : 1, 1);
    if (!shown)
        return 0; /* out of memory: the list still names each one */
    for (size_t i = 0; i < st->view.count; i++)
        if (st->view.rows[i] < st->fleet->count)
            shown[st->view.rows[i]] = 1;
    size_t hidden = 0;
    for (size_t i = 0; i < p->count; i++)
        hidden += !shown[p->entries[i].row];
    free(shown);
    return hidden;
}

/* Asks about plan p (a removal, an undo, a bulk set) on the plan screen: the question, then each
 * bucket it writes; the plan moves there and waits for the answer. */
static void
ask(struct ui_state *st, struct app_plan *p, enum confirm_kind kind)
{
    size_t first = app_plan_first(p, APP_GO);
    const struct app_plan_entry *e = &p->entries[first != SIZE_MAX ? first : 0];
    const struct fleet_row *r = &st->fleet->rows[e->row];
    struct confirm *c = &st->confirm;
    memset(c, 0, sizeof *c);
    c->kind = kind;
    c->count = p->refused[APP_GO];
    c->hidden = hidden_rows(st, p);
    sse_strlcpy(c->bucket, r->bucket, sizeof c->bucket);
    c->rule_known = e->seen_known;
    app_plan_seen(p, (size_t)(e - p->entries), &c->rule);
    if (kind == CONFIRM_UNDO || kind == CONFIRM_SET)
        app_plan_target(p, (size_t)(e - p->entries), &c->restore);
    const struct undo_change *u = kind == CONFIRM_UNDO ? app_undo_change(st->app, e->change) : NULL;
    const struct undo_operation *op = p->operation ? app_operation(st->app, p->operation) : NULL;
    if (u) {
        sse_strlcpy(c->operation, u->operation, sizeof c->operation);
        sse_strlcpy(c->when, u->time, sizeof c->when);
    } else if (op) {
        sse_strlcpy(c->operation, op->operation, sizeof c->operation);
        sse_strlcpy(c->when, op->time, sizeof c->when);
        sse_strlcpy(c->operation_id, op->id, sizeof c->operation_id);
    }
    /* The list is what will be written; what is left out is counted in the heading. */
    app_plan_keep_go(p);
    screen_plan_open(st, p);
}

/* True when plan p is for exactly the marked buckets (a bulk change: the marks are done with).
 * A confirmed plan lists only what it writes; its counts still cover every bucket it was for. */
static bool
for_the_marked(const struct ui_state *st, const struct app_plan *p)
{
    size_t planned = 0;
    for (size_t i = 0; i < APP_REFUSAL_COUNT; i++)
        planned += p->refused[i];
    if (!st->fleet->counts.marked || planned != st->fleet->counts.marked)
        return false;
    for (size_t i = 0; i < p->count; i++)
        if (!st->fleet->rows[p->entries[i].row].marked)
            return false;
    return true;
}

/* Applies plan p and says what was sent, and what was left out and why. */
static void
apply(struct ui_state *st, struct app_plan *p)
{
    struct sse_error err;
    sse_error_clear(&err);
    enum app_plan_kind kind = p->kind;
    size_t first_go = app_plan_first(p, APP_GO);
    uint32_t row = first_go != SIZE_MAX ? p->entries[first_go].row : 0;
    struct sse_rule target;
    if (first_go != SIZE_MAX)
        app_plan_target(p, first_go, &target);
    bool bulk = kind != APP_PLAN_POLICY && for_the_marked(st, p);
    if (app_apply(st->app, p, &err) != SSE_OK) {
        app_plan_cleanup(p);
        ui_message(st, true, "%s", _("Out of memory: nothing was sent."));
        return;
    }
    if (bulk)
        fleet_clear_marks(st->fleet);
    const struct app_plan *sent = app_batch(st->app)->plan;
    size_t go = sent->refused[APP_GO];
    size_t busy = sent->refused[APP_BUSY] + sent->refused[APP_NOT_ROUTED];
    size_t same = sent->refused[APP_UNCHANGED];
    char skipped[600];
    screen_plan_skipped(sent, skipped, sizeof skipped);
    if (!go) {
        if (sent->count == 1 && same)
            ui_message(st, false, _("%s already has that rule: nothing to change."),
                       st->fleet->rows[sent->entries[0].row].bucket);
        else if (sent->count == 1 && busy)
            ui_message(st, true, _("Nothing sent: a change to %s is still in flight."),
                       st->fleet->rows[sent->entries[0].row].bucket);
        else
            ui_message(st, true, _("Nothing sent%s."), skipped);
        return;
    }
    char desc[300];
    const char *bucket = st->fleet->rows[row].bucket;
    switch (kind) {
    case APP_PLAN_POLICY:
        ui_message(st, go != sent->count,
                   ngettext("Applying the policy to %zu bucket%s%s",
                            "Applying the policy to %zu buckets%s%s", go),
                   go, draw_ellipsis(), skipped);
        break;
    case APP_PLAN_UNDO:
        if (sent->operation)
            ui_message(st, go != sent->count,
                       ngettext("Restoring %zu bucket of operation %s%s%s",
                                "Restoring %zu buckets of operation %s%s%s", go),
                       go, sent->operation, draw_ellipsis(), skipped);
        else
            ui_message(st, false, _("Restoring %s on %s%s"),
                       sse_rule_words(&target, desc, sizeof desc), bucket, draw_ellipsis());
        break;
    case APP_PLAN_SET:
    case APP_PLAN_REMOVE: {
        char what[400], whom[96];
        if (kind == APP_PLAN_SET)
            snprintf(what, sizeof what, _("Setting %s on"), sse_rule_words(&target, desc, sizeof desc));
        else
            snprintf(what, sizeof what, "%s", _("Removing the rule of"));
        if (go == 1 && sent->count == 1)
            snprintf(whom, sizeof whom, "%s", bucket);
        else
            snprintf(whom, sizeof whom, ngettext("%zu bucket", "%zu buckets", go), go);
        ui_message(st, go != sent->count, "%s %s%s%s", what, whom, draw_ellipsis(), skipped);
        break;
    }
    }
}

/* Asks about plan p first (asks: ui.confirm, and something to write), or applies it at once. */
static unsigned
ask_or_apply(struct ui_state *st, struct app_plan *p, enum confirm_kind kind, bool asks)
{
    if (asks)
        ask(st, p, kind);
    else
        apply(st, p);
    return UI_REACT_DRAW;
}

static unsigned
plan_change(struct ui_state *st, struct ui_command *cmd)
{
    uint32_t *rows;
    size_t n = change_rows(st, cmd, &rows);
    if (!n)
        return UI_REACT_DRAW;
    struct app_plan p;
    enum sse_status s = cmd->kind == UI_CMD_SET      ? app_plan_set(st->app, rows, n, &cmd->rule, &p)
                        : cmd->kind == UI_CMD_REMOVE ? app_plan_remove(st->app, rows, n, &p)
                                                     : app_plan_undo(st->app, rows, n, &p);
    free(rows);
    if (s != SSE_OK) {
        app_plan_cleanup(&p);
        ui_message(st, true, "%s", s == SSE_ERR_NOMEM ? _("Out of memory while planning.")
                                                       : _("That rule cannot be written."));
        return UI_REACT_DRAW;
    }
    if (cmd->kind == UI_CMD_UNDO) {
        const struct app_plan_entry *e = &p.entries[0];
        bool asks = st->confirm_changes && e->refusal == APP_GO;
        const struct fleet_row *r = &st->fleet->rows[e->row];
        const struct undo_change *c = app_undo_change(st->app, e->change);
        if (e->refusal == APP_NO_RECORD) {
            ui_message(st, true, _("No change to %s is recorded in %s; nothing to undo."), r->bucket,
                       app_audit_path(st->app));
        } else if (e->refusal == APP_UNDONE) {
            ui_message(st, true, _("Every change recorded for %s has been undone already."),
                       r->bucket);
        } else if (e->refusal == APP_CANNOT_WRITE && c) {
            struct sse_rule before;
            char words[400];
            sse_rule_unpack(&c->before, &before);
            ui_message(st, true,
                       _("%s: the rule before the %s at %s (%s) cannot be written by sseadm."),
                       r->bucket, c->operation, c->time, sse_rule_words(&before, words, sizeof words));
        } else {
            return ask_or_apply(st, &p, CONFIRM_UNDO, asks);
        }
        app_plan_cleanup(&p);
        return UI_REACT_DRAW;
    }
    /* A removal asks, and so does a set on more than one bucket; a single set's form was its
     * question. */
    bool asks = st->confirm_changes && p.refused[APP_GO] &&
                (cmd->kind == UI_CMD_REMOVE || n > 1);
    return ask_or_apply(st, &p, cmd->kind == UI_CMD_REMOVE ? CONFIRM_REMOVE : CONFIRM_SET, asks);
}

/* The history's u: every bucket of one operation back to its rule before, asked like every undo;
 * what cannot be undone says why. */
static unsigned
undo_operation(struct ui_state *st, const struct ui_command *cmd)
{
    const char *id = cmd->operation_id;
    const struct undo_operation *o = app_operation(st->app, id);
    if (app_changes_off(st->app)[0]) {
        ui_message(st, true, _("Changes are off: %s."), app_changes_off(st->app));
        return UI_REACT_DRAW;
    }
    if (!o) {
        ui_message(st, true, _("No operation %s is recorded in %s."), id, app_audit_path(st->app));
        return UI_REACT_DRAW;
    }
    if (strcmp(o->operation, "undo") == 0) {
        ui_message(st, true, _("Operation %s is an undo (of operation %s): undos are not undone as "
                               "a whole; u on a bucket goes one change further back."),
                   id, *o->undoes ? o->undoes : "?");
        return UI_REACT_DRAW;
    }
    struct app_plan p;
    if (app_plan_undo_op(st->app, id, &p) != SSE_OK) {
        app_plan_cleanup(&p);
        ui_message(st, true, "%s", _("Out of memory while planning."));
        return UI_REACT_DRAW;
    }
    size_t ro = app_plan_first(&p, APP_READONLY);
    if (!p.count) {
        ui_message(st, true, _("None of the buckets of operation %s is in the list (it was made "
                               "in profile %s)."), id, o->profile);
    } else if (p.refused[APP_UNDONE] == p.count) {
        const struct undo_change *by = app_undone_by(st->app, p.entries[0].change);
        ui_message(st, true, _("Operation %s was undone by operation %s at %s."), id,
                   by ? by->operation_id : "?", by ? by->time : "?");
    } else if (ro != SIZE_MAX) {
        const struct fleet_profile *fp = fleet_row_profile(st->fleet, p.entries[ro].row);
        ui_message(st, true, _("Profile %s is read-only: undoing operation %s is refused."),
                   fp->account ? fp->account->profile : "?", id);
    } else {
        return ask_or_apply(st, &p, CONFIRM_UNDO_OP, st->confirm_changes && p.refused[APP_GO]);
    }
    app_plan_cleanup(&p);
    return UI_REACT_DRAW;
}

static unsigned
plan_policy(struct ui_state *st)
{
    if (!st->has_policy) {
        ui_message(st, true, "%s", _("No policy: start sseadm with --policy FILE to plan changes."));
        return UI_REACT_DRAW;
    }
    if (app_changes_off(st->app)[0]) {
        ui_message(st, true, _("Changes are off: %s."), app_changes_off(st->app));
        return UI_REACT_DRAW;
    }
    struct app_plan p;
    if (app_plan_policy(st->app, st->view.rows, st->view.count, &p) != SSE_OK) {
        app_plan_cleanup(&p);
        ui_message(st, true, "%s", _("Out of memory while planning."));
        return UI_REACT_DRAW;
    }
    size_t ro = app_plan_first(&p, APP_READONLY);
    if (ro != SIZE_MAX) {
        const struct fleet_profile *fp = fleet_row_profile(st->fleet, p.entries[ro].row);
        ui_message(st, true, _("Profile %s is read-only: the plan would change %s; nothing planned "
                               "(p or a filter leaves it out)."),
                   fp->account ? fp->account->profile : "?",
                   st->fleet->rows[p.entries[ro].row].bucket);
        app_plan_cleanup(&p);
        return UI_REACT_DRAW;
    }
    size_t busy = p.refused[APP_BUSY] + p.refused[APP_NOT_ROUTED];
    app_plan_keep_go(&p);
    if (!p.count) {
        if (busy)
            ui_message(st, false, ngettext("Nothing to plan: the %zu drifted bucket shown has a "
                                           "change in flight.",
                                           "Nothing to plan: the %zu drifted buckets shown have a "
                                           "change in flight.", busy), busy);
        else
            ui_message(st, false, "%s", _("Nothing to plan: no bucket shown has drifted from the "
                                          "policy."));
        app_plan_cleanup(&p);
        return UI_REACT_DRAW;
    }
    screen_plan_open(st, &p);
    return UI_REACT_DRAW;
}

static unsigned
read_rows(struct ui_state *st, const struct ui_command *cmd)
{
    size_t busy = 0;
    if (cmd->kind == UI_CMD_READ_ALL) {
        size_t sent = app_read(st->app, NULL, 0, &busy);
        ui_message(st, false, ngettext("Reading %zu bucket%s", "Reading %zu buckets%s", sent), sent,
                   draw_ellipsis());
        return UI_REACT_DRAW;
    }
    size_t row = listview_selected(&st->view);
    if (row == FLEET_NO_ROW)
        return UI_REACT_NONE;
    uint32_t r = (uint32_t)row;
    if (app_read(st->app, &r, 1, &busy))
        ui_message(st, false, _("Reading %s%s"), st->fleet->rows[row].bucket, draw_ellipsis());
    else if (busy)
        ui_message(st, true, _("%s: a change is in flight; its read-back will refresh it."),
                   st->fleet->rows[row].bucket);
    return UI_REACT_DRAW;
}

/* w's Enter: writes the list shown; the prompt stays open when it cannot, so that the name can be
 * mended. */
static unsigned
write_view(struct ui_state *st, const struct ui_command *cmd)
{
    size_t written = 0;
    char where[1100], clean[1200];
    struct sse_error err;
    sse_error_clear(&err);
    if (export_view(st->app, &st->view, cmd->path, cmd->json, &written, where, sizeof where,
                    &err) != SSE_OK) {
        sanitize_text(err.message, clean, sizeof clean);
        ui_message(st, true, "%s", clean);
        return UI_REACT_DRAW;
    }
    st->prompt = UI_PROMPT_NONE;
    sanitize_text(where, clean, sizeof clean);
    ui_message(st, false, ngettext("Wrote %zu bucket to %s.", "Wrote %zu buckets to %s.", written),
               written, clean);
    return UI_REACT_DRAW;
}

/* c's menu closed with another choice: it is kept for the next start. */
static unsigned
remember(struct ui_state *st)
{
    char path[4200];
    remember_path(app_audit_path(st->app), path, sizeof path);
    struct remembered r = { true, st->columns, st->columns_config };
    struct sse_error err;
    sse_error_clear(&err);
    char clean[600];
    if (remember_save(path, &r, &err) != SSE_OK) {
        sanitize_text(err.message, clean, sizeof clean);
        ui_message(st, true, _("These columns are shown, but not kept for the next start: %s."),
                   clean);
    } else {
        sanitize_text(path, clean, sizeof clean);
        ui_message(st, false, _("These columns are kept for the next start (in %s)."), clean);
    }
    return UI_REACT_DRAW;
}

unsigned
ui_run(struct ui_state *st, struct ui_command *cmd)
{
    unsigned react = UI_REACT_NONE;
    switch (cmd->kind) {
    case UI_CMD_NONE: break;
    case UI_CMD_READ:
    case UI_CMD_READ_ALL: react = read_rows(st, cmd); break;
    case UI_CMD_OPEN_SET: react = open_set(st, cmd); break;
    case UI_CMD_SET:
    case UI_CMD_REMOVE:
    case UI_CMD_UNDO: react = plan_change(st, cmd); break;
    case UI_CMD_UNDO_OP: react = undo_operation(st, cmd); break;
    case UI_CMD_PLAN_POLICY: react = plan_policy(st); break;
    case UI_CMD_APPLY:
        apply(st, &cmd->plan);
        react = UI_REACT_DRAW;
        break;
    case UI_CMD_WRITE: react = write_view(st, cmd); break;
    case UI_CMD_COPY: react = ui_copy(st, cmd->copy); break;
    case UI_CMD_REMEMBER: react = remember(st); break;
    }
    app_plan_cleanup(&cmd->plan);
    return react;
}

/* Says how a listing that ended failed (a listing that succeeded says nothing). */
static void
follow_listing(struct ui_state *st, int idx)
{
    const struct app_listing *l = app_listing(st->app, idx);
    const struct sse_profile *p = app_profile(st->app, idx);
    if (l->state != FLEET_LIST_FAILED || !p)
        return;
    char line[600], clean[600];
    sse_error_format(&l->error, line, sizeof line);
    sanitize_text(line, clean, sizeof clean);
    size_t found = st->fleet->profiles[idx].found; /* from the pages before the failure */
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
}

/* Says how the newest operation goes once an answer for it came in. */
static void
follow_batch(struct ui_state *st)
{
    const struct app_batch *b = app_batch(st->app);
    if (!b)
        return;
    const struct app_plan *p = b->plan;
    size_t total = p->refused[APP_GO];
    bool removing = p->kind == APP_PLAN_REMOVE, undoing = p->kind == APP_PLAN_UNDO;
    const char *verb = removing ? _("Removed") : undoing ? _("Restored") : _("Set");
    if (total > 1) {
        /* A bucket someone changed between the read and the write was left as they set it. */
        size_t changed = 0;
        for (size_t i = 0; b->done == total && i < p->count; i++) {
            const struct sse_error *e = fleet_error(st->fleet, p->entries[i].row);
            changed += p->entries[i].refusal == APP_GO && e && e->status == SSE_ERR_CHANGED;
        }
        if (b->done < total)
            ui_message(st, false, _("%s %zu of %zu buckets%s"),
                       removing ? _("Removing") : undoing ? _("Restoring") : _("Setting"),
                       b->done, total, draw_ellipsis());
        else if (changed)
            ui_message(st, true,
                       ngettext("%s on %zu of %zu buckets; %zu changed since you looked and was "
                                "left as it is%s (Enter on a row shows why).",
                                "%s on %zu of %zu buckets; %zu changed since you looked and were "
                                "left as they are%s (Enter on a row shows why).", changed),
                       verb, total - b->failed, total, changed,
                       b->failed > changed ? _(", others failed") : "");
        else if (b->failed)
            ui_message(st, true,
                       _("%s on %zu of %zu buckets; %zu failed (Enter on a row shows why)."), verb,
                       total - b->failed, total, b->failed);
        else
            ui_message(st, false, _("%s on all %zu buckets, as read back from OSS."), verb, total);
        return;
    }
    size_t i = app_plan_first(p, APP_GO);
    if (i == SIZE_MAX || b->done < 1)
        return;
    size_t row = p->entries[i].row;
    const struct fleet_row *r = &st->fleet->rows[row];
    const struct sse_error *e = fleet_error(st->fleet, row);
    if (!b->failed) {
        char rule[300];
        struct sse_rule now;
        fleet_row_rule(st->fleet, row, &now);
        ui_message(st, false, _("%s: now %s, as read back from OSS."), r->bucket,
                   r->rule_known ? sse_rule_words(&now, rule, sizeof rule) : _("unknown"));
    } else {
        ui_message(st, true, "%s: %s", r->bucket, e ? e->message : _("the change failed"));
    }
}

/* The header's word on profiles whose credentials cannot be had, and the status line's on the
 * one whose failure is new. */
static void
follow_identities(struct ui_state *st, const struct app_update *u)
{
    char names[120] = "";
    size_t used = 0, failing = 0;
    for (size_t i = 0; i < st->fleet->nprofiles; i++) {
        const struct app_identity *id = app_identity(st->app, (int)i);
        if (!id || id->error.status == SSE_OK)
            continue;
        const struct oss_account *a = st->fleet->profiles[i].account;
        int n = snprintf(names + used, sizeof names - used, "%s%s", failing ? ", " : "",
                         a ? a->profile : "?");
        if (n > 0 && (size_t)n < sizeof names - used)
            used += (size_t)n;
        failing++;
    }
    char warning[sizeof st->cred_warning] = "";
    if (failing)
        snprintf(warning, sizeof warning,
                 ngettext("Credentials failed: profile %.100s",
                          "Credentials failed: profiles %.100s", failing), names);
    memcpy(st->cred_warning, warning, sizeof warning);
    const struct app_identity *id = u->credentials_failed ? app_identity(st->app, u->failed_profile)
                                                          : NULL;
    if (id && id->error.status != SSE_OK)
        ui_message(st, true, "%s", id->error.message);
}

unsigned
ui_follow(struct ui_state *st, const struct app_update *u)
{
    struct listview *lv = &st->view;
    if (u->rows_added && listview_sync(lv) != SSE_OK)
        ui_message(st, true, "%s", _("Out of memory while filtering."));
    for (size_t i = 0; i < u->nlistings_ended; i++)
        follow_listing(st, u->listings_ended[i]);
    if (u->batch_answered)
        follow_batch(st);
    bool form_changed = false;
    for (size_t i = 0; st->form.basis == FORM_BASIS_WAITING && i < u->nanswered; i++) {
        size_t row = u->answered[i];
        if (row != st->form.row || st->fleet->rows[row].state == FLEET_LOADING)
            continue;
        struct sse_rule rule;
        fleet_row_rule(st->fleet, row, &rule);
        form_changed = form_follow(&st->form, st->fleet->rows[row].rule_known ? &rule : NULL);
    }
    /* The list follows the answers: a bucket found drifted joins D's view, one a change took out
     * of the filter's terms leaves it, the order is kept (the selection stays on its bucket), so
     * that A, *, e and w act on what is true. */
    if (listview_update(lv, u->answered, u->nanswered, NULL) != SSE_OK)
        ui_message(st, true, "%s", _("Out of memory while filtering."));
    if (u->identities_changed)
        follow_identities(st, u);
    /* The quit question counts the changes still in flight as they finish. */
    if (st->screen == UI_CONFIRM && st->confirm.kind == CONFIRM_QUIT)
        st->confirm.count = st->fleet->counts.writes;
    return u->rows_changed || u->rows_added || u->nlistings_ended || u->batch_answered ||
                   u->identities_changed || form_changed
               ? UI_REACT_DRAW
               : UI_REACT_NONE;
}
