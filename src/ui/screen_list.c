/* screen_list.c — the bucket list: title, column titles, one row per bucket, summary, status bar
 * or prompt line (filter, file name); its keys; and the openers of the set form, remove and undo
 * confirmations, the policy plan and quit. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/ascii.h"
#include "core/i18n.h"
#include "core/sanitize.h"
#include "model/undo.h"
#include "ui/draw.h"
#include "ui/keys.h"
#include "ui/screens.h"

/* Column widths for the current terminal width. */
struct columns {
    int profile, bucket, algo, cmk, data, policy, status; /* policy 0: no policy */
};

#define COL_MARK 3 /* cursor ">", mark "*", a space */

static void
layout(const struct ui_state *st, struct columns *c)
{
    int wide = st->cols >= 80;
    int longest = 4;
    for (size_t i = 0; i < st->fleet.nprofiles; i++) {
        const struct oss_account *a = st->fleet.profiles[i].account;
        int w = a ? sanitize_width(a->profile) : 0;
        if (w > longest)
            longest = w;
    }
    int cap = st->cols >= 120 ? 20 : wide ? 12 : 8;
    c->profile = longest < 7 && wide ? 7 : longest > cap ? cap : longest;
    c->algo = wide ? 9 : 7;
    c->data = wide ? 8 : 5;
    c->status = wide ? 14 : 12;
    c->policy = !st->has_policy ? 0 : st->cols >= 100 ? 10 : 6;
    int rest = st->cols - COL_MARK - c->profile - c->algo - c->data - c->status - 5 -
               (c->policy ? c->policy + 1 : 0);
    if (rest < 8)
        rest = 8;
    c->bucket = rest * 11 / 20;
    c->cmk = rest - c->bucket;
}

/* One cell: text fitted into width columns, then a one-column gap in the row's style. */
static void
cell(int y, int *x, int width, enum theme_element el, enum theme_element gap, const char *text)
{
    draw_text(y, *x, width, el, text);
    draw_fill(y, *x + width, 1, gap);
    *x += width + 1;
}

/* The POLICY cell: the verdict, short on narrow terminals. */
static const char *
verdict_label(enum policy_verdict v, bool wide)
{
    switch (v) {
    case POLICY_COMPLIANT: return wide ? _("compliant") : _("ok");
    case POLICY_DRIFTED: return wide ? _("drifted") : _("DRIFT");
    case POLICY_UNKNOWN: return "?";
    case POLICY_UNMANAGED: break;
    }
    return "-";
}

static enum theme_element
verdict_element(enum policy_verdict v)
{
    switch (v) {
    case POLICY_COMPLIANT: return THEME_EL_STATUS_OK;
    case POLICY_DRIFTED: return THEME_EL_STATUS_ERROR;
    case POLICY_UNKNOWN: return THEME_EL_STATUS_LOADING;
    case POLICY_UNMANAGED: break;
    }
    return THEME_EL_ALGO_UNKNOWN;
}

/* Draws one bucket row at screen line y. */
static void
draw_row(const struct ui_state *st, const struct columns *c, int y, size_t pos)
{
    const struct fleet *f = &st->fleet;
    size_t i = st->view.rows[pos];
    const struct fleet_row *r = &f->rows[i];
    bool selected = pos == st->view.cursor;
    enum theme_element base = selected ? THEME_EL_ROW_SELECTED
                              : r->marked ? THEME_EL_ROW_MARKED
                              : pos % 2 ? THEME_EL_ROW_ALT : THEME_EL_ROW;

    char mark[3] = { selected ? '>' : ' ', r->marked ? '*' : ' ', '\0' };
    int x = 0;
    draw_text(y, x, COL_MARK, base, mark);
    x += COL_MARK;
    const struct oss_account *acct = f->profiles[r->profile].account;
    cell(y, &x, c->profile, base, base, acct ? acct->profile : "");
    cell(y, &x, c->bucket, base, base, r->bucket);

    const char *algo = "", *cmk = "", *data = "";
    enum theme_element algo_el = THEME_EL_ALGO_UNKNOWN;
    if (r->rule_known) {
        algo = r->rule.algo == SSE_ALGO_UNKNOWN && r->rule.algo_raw[0] ? r->rule.algo_raw
                                                                       : sse_algo_name(r->rule.algo);
        switch (r->rule.algo) {
        case SSE_ALGO_AES256: algo_el = THEME_EL_ALGO_AES256; break;
        case SSE_ALGO_KMS: algo_el = THEME_EL_ALGO_KMS; break;
        case SSE_ALGO_SM4: algo_el = THEME_EL_ALGO_SM4; break;
        case SSE_ALGO_NONE: algo_el = THEME_EL_ALGO_NONE; break;
        default: break;
        }
        if (r->rule.algo == SSE_ALGO_KMS) {
            cmk = r->rule.kms_key_id[0] ? r->rule.kms_key_id : _("(OSS-managed)");
            data = sse_data_enc_name(r->rule.data_enc);
        }
    } else if (r->state != FLEET_LOADING) {
        algo = "?";
    }
    cell(y, &x, c->algo, selected ? base : algo_el, base, algo);
    cell(y, &x, c->cmk, base, base, cmk);
    cell(y, &x, c->data, base, base, data);
    if (c->policy)
        cell(y, &x, c->policy, selected ? base : verdict_element(r->verdict), base,
             verdict_label(r->verdict, c->policy >= 9));

    char status[96];
    fleet_status_text(f, i, draw_ellipsis(), status, sizeof status);
    enum theme_element status_el = r->busy || r->state == FLEET_LOADING ? THEME_EL_STATUS_LOADING
                                   : r->state == FLEET_ERROR          ? THEME_EL_STATUS_ERROR
                                                                      : THEME_EL_STATUS_OK;
    draw_text(y, x, st->cols - x, selected ? base : status_el, status);
}

static void
draw_summary(const struct ui_state *st, int y)
{
    const struct fleet_counts *n = fleet_counts_of(&st->fleet, st->view.profile);
    char algos[128], other[48] = "", errors[48], flight[48], verdicts[128] = "", marked[48] = "";
    snprintf(algos, sizeof algos, _("AES256 %zu  KMS %zu  SM4 %zu  none %zu"),
             n->algo[SSE_ALGO_AES256], n->algo[SSE_ALGO_KMS], n->algo[SSE_ALGO_SM4],
             n->algo[SSE_ALGO_NONE]);
    if (n->algo[SSE_ALGO_UNKNOWN])
        snprintf(other, sizeof other, _("  other %zu"), n->algo[SSE_ALGO_UNKNOWN]);
    snprintf(errors, sizeof errors, _("  errors %zu"), n->errors);
    snprintf(flight, sizeof flight, _("  in flight %zu"), n->inflight);
    if (st->has_policy)
        snprintf(verdicts, sizeof verdicts, _("  | compliant %zu  drifted %zu  unknown %zu"),
                 n->verdict[POLICY_COMPLIANT], n->verdict[POLICY_DRIFTED],
                 n->verdict[POLICY_UNKNOWN]);
    if (n->marked)
        snprintf(marked, sizeof marked, _("  marked %zu"), n->marked);
    char line[512];
    snprintf(line, sizeof line, "%s%s%s%s%s%s", algos, other, errors, flight, verdicts, marked);
    /* Where it does not fit, "in flight 0" gives way: the verdicts say more. */
    if (sanitize_width(line) > st->cols && !n->inflight)
        snprintf(line, sizeof line, "%s%s%s%s%s", algos, other, errors, verdicts, marked);
    draw_text(y, 0, st->cols, THEME_EL_SUMMARY, line);
}

/* The actions that close or leave a screen; their hints sit at the right end of the bar. */
static bool
pinned_hint(int a)
{
    return a == ACT_HELP || a == ACT_QUIT || a == ACT_CLOSE || a == ACT_FORM_CANCEL;
}

/* Key hints for scope: the pinned ones at the right end, the others from the left while they
 * fit. Each is the first key's name and the action's bar label: "Space Mark", "? Help". */
static void
draw_hints(const struct ui_state *st, int y, unsigned scope)
{
    draw_fill(y, 0, st->cols, THEME_EL_STATUS_BAR);
    int x = 1, right = st->cols;
    for (int pass = 0; pass < 2; pass++) {
        for (int a = 1; a < ACTION_COUNT; a++) {
            if (!(keys_scopes((enum action)a) & scope) || !*keys_bar((enum action)a) ||
                pinned_hint(a) != (pass == 0))
                continue;
            char buf[16];
            const char *name = keys_name(keys_first((enum action)a), st->utf8, buf, sizeof buf);
            const char *item = keys_bar((enum action)a);
            int w = sanitize_width(name) + 1 + sanitize_width(item) + 2;
            int at = pass == 0 ? right - w : x;
            if (at < 0 || (pass == 1 && x + w > right))
                return;
            int used = draw_text_tight(y, at, w, THEME_EL_STATUS_KEY, name);
            draw_text_tight(y, at + used + 1, w - used - 1, THEME_EL_STATUS_BAR, item);
            if (pass == 0)
                right -= w;
            else
                x += w;
        }
    }
}

void
screen_status_bar(const struct ui_state *st, int y, unsigned scope)
{
    if (st->message[0])
        draw_text(y, 0, st->cols, st->message_warn ? THEME_EL_WARNING : THEME_EL_STATUS_BAR,
                  st->message);
    else
        draw_hints(st, y, scope);
}

/* The prompt line: label, the end of the text typed so far, the hint at the right; returns where
 * the cursor goes. */
static struct ui_cursor
draw_prompt(const struct ui_state *st, int y, const char *label, const char *typed, const char *hint)
{
    draw_fill(y, 0, st->cols, THEME_EL_FILTER);
    int hw = sanitize_width(hint);
    int room = st->cols - hw - 2;
    int used = draw_text_tight(y, 0, room, THEME_EL_FILTER, label);
    /* show the end of a long text */
    const char *text = typed;
    while (sanitize_width(text) > room - used - 1 && *text)
        do
            text++;
        while (((unsigned char)*text & 0xc0) == 0x80);
    used += draw_text_tight(y, used, room - used, THEME_EL_FILTER, text);
    draw_text_right(y, 0, st->cols - 1, THEME_EL_STATUS_BAR, hint);
    return (struct ui_cursor){ y, used };
}

static struct ui_cursor
draw_status(const struct ui_state *st, int y)
{
    if (st->prompt == UI_PROMPT_FILTER)
        return draw_prompt(st, y, _("Filter: "), st->filter, _("Enter keep  Esc clear"));
    if (st->prompt == UI_PROMPT_WRITE) {
        char label[160];
        snprintf(label, sizeof label,
                 ngettext("Write %zu bucket as %s to: ", "Write %zu buckets as %s to: ",
                          st->view.count),
                 st->view.count, st->write_json ? "JSON" : "CSV");
        return draw_prompt(st, y, label, st->write_path,
                           _("Tab CSV/JSON  Enter write  Esc cancel"));
    }
    screen_status_bar(st, y, S_LIST);
    return UI_NO_CURSOR;
}

struct ui_cursor
screen_list_draw(const struct ui_state *st)
{
    const struct listview *lv = &st->view;
    /* Title: what is shown, and where the cursor is. */
    char title[160], where[256];
    const char *dash = st->utf8 ? "\xe2\x80\x94" : "-";
    if (lv->profile >= 0 && (size_t)lv->profile < st->fleet.nprofiles) {
        const struct fleet_profile *fp = &st->fleet.profiles[lv->profile];
        char which[128];
        snprintf(which, sizeof which,
                 ngettext("profile %1$.60s (%2$d of %3$zu), %4$zu bucket",
                          "profile %1$.60s (%2$d of %3$zu), %4$zu buckets", fp->rows),
                 fp->account ? fp->account->profile : "?", lv->profile + 1, st->fleet.nprofiles,
                 fp->rows);
        snprintf(title, sizeof title, " sseadm %s %s", dash, which);
    } else {
        char count[48];
        snprintf(count, sizeof count, ngettext(", %zu bucket", ", %zu buckets", st->fleet.count),
                 st->fleet.count);
        snprintf(title, sizeof title, " sseadm %s %s%s", dash, st->title, count);
    }
    if (lv->filter[0] || lv->drifted_only) {
        char scope[LISTVIEW_FILTER_MAX + 64] = "", text[LISTVIEW_FILTER_MAX + 32] = "";
        if (lv->filter[0])
            snprintf(text, sizeof text, _("filter \"%s\""), lv->filter);
        snprintf(scope, sizeof scope, "%s%s%s", lv->drifted_only ? _("drifted") : "",
                 lv->drifted_only && text[0] ? ", " : "", text);
        snprintf(where, sizeof where, _("%s: %zu of %zu  %zu/%zu "), scope, lv->count,
                 st->fleet.count, lv->count ? lv->cursor + 1 : 0, lv->count);
    }
    else
        snprintf(where, sizeof where, "%zu/%zu ", lv->count ? lv->cursor + 1 : 0, lv->count);
    /* The TLS warning is never cut for the title: it stays on every screen (overlays start at
     * line 1), right-aligned, with the position left of it when there is room. */
    int right = st->cols;
    if (st->tls_warning[0]) {
        char warn[200];
        snprintf(warn, sizeof warn, " %s ", st->tls_warning);
        int tw = sanitize_width(warn);
        if (tw > st->cols - 12)
            tw = st->cols - 12;
        right = st->cols - tw;
        draw_text(0, right, tw, THEME_EL_WARNING, warn);
    }
    draw_text(0, 0, right, THEME_EL_TITLE, title);
    int ww = sanitize_width(where);
    if (ww < st->cols / 2 && (!st->tls_warning[0] || ww < right - sanitize_width(title) - 1))
        draw_text_right(0, 0, right, THEME_EL_TITLE, where);

    struct columns c;
    layout(st, &c);
    int x = 0;
    draw_text(1, x, COL_MARK, THEME_EL_HEADER, "");
    x += COL_MARK;
    cell(1, &x, c.profile, THEME_EL_HEADER, THEME_EL_HEADER, c.profile >= 7 ? _("PROFILE") : _("PROF"));
    cell(1, &x, c.bucket, THEME_EL_HEADER, THEME_EL_HEADER, _("BUCKET"));
    cell(1, &x, c.algo, THEME_EL_HEADER, THEME_EL_HEADER, c.algo >= 9 ? _("ALGORITHM") : _("ALGO"));
    cell(1, &x, c.cmk, THEME_EL_HEADER, THEME_EL_HEADER, _("CMK ID"));
    cell(1, &x, c.data, THEME_EL_HEADER, THEME_EL_HEADER, c.data >= 8 ? _("KMS DATA") : _("DATA"));
    if (c.policy)
        cell(1, &x, c.policy, THEME_EL_HEADER, THEME_EL_HEADER, c.policy >= 9 ? _("POLICY") : _("POL."));
    draw_text(1, x, st->cols - x, THEME_EL_HEADER, _("STATUS"));

    size_t height = ui_list_height(st);
    for (size_t k = 0; k < height; k++) {
        int y = 2 + (int)k;
        size_t pos = lv->top + k;
        if (pos < lv->count)
            draw_row(st, &c, y, pos);
        else
            draw_fill(y, 0, st->cols, THEME_EL_ROW);
    }
    if (!lv->count)
        draw_text(3, 2, st->cols - 4, THEME_EL_ROW,
                  !st->fleet.count ? _("No buckets configured for this profile.")
                  : lv->drifted_only ? _("No bucket shown has drifted from the policy (D shows every bucket).")
                                 : _("No bucket matches the filter (/ to change it)."));
    /* While the bottom line takes typing, a message (why the file was not written) shows above. */
    if (st->prompt && st->message[0])
        draw_text(st->rows - 2, 0, st->cols, st->message_warn ? THEME_EL_WARNING : THEME_EL_SUMMARY,
                  st->message);
    else
        draw_summary(st, st->rows - 2);
    return draw_status(st, st->rows - 1);
}

/* The first of the n targets (starting at row first) on a read-only profile, or FLEET_NO_ROW. */
static size_t
readonly_target(const struct ui_state *st, size_t first, size_t n)
{
    size_t end = n == 1 ? first + 1 : st->fleet.count;
    for (size_t i = first; i < end; i++)
        if (ui_is_target(st, i) && fleet_row_profile(&st->fleet, i)->readonly)
            return i;
    return FLEET_NO_ROW;
}

/* Checks that a change may start (something selected, no read-only profile, the one bucket not
 * busy) or says why not in the status bar. Returns the number of targets; *first the first. */
static size_t
change_targets(struct ui_state *st, const char *what, size_t *first)
{
    const struct fleet *f = &st->fleet;
    size_t n = ui_targets(st, first);
    if (!n) {
        ui_message(st, true, "%s", _("No bucket selected."));
        return 0;
    }
    if (st->audit_error[0]) {
        ui_message(st, true, _("Changes are off: %s."), st->audit_error);
        return 0;
    }
    size_t ro = readonly_target(st, *first, n);
    if (ro != FLEET_NO_ROW) {
        const struct oss_account *a = fleet_row_profile(f, ro)->account;
        ui_message(st, true, _("Profile %s is read-only: %s refused for %s."), a ? a->profile : "?",
                   _(what), f->rows[ro].bucket);
        return 0;
    }
    if (n == 1 && f->rows[*first].pending_writes) {
        ui_message(st, true, _("%s: a change is still in flight; wait for its read-back."),
                   f->rows[*first].bucket);
        return 0;
    }
    return n;
}

unsigned
screen_open_set(struct ui_state *st)
{
    size_t first;
    size_t n = change_targets(st, N_("setting a rule is"), &first);
    if (!n)
        return UI_REACT_DRAW;
    size_t sel = listview_selected(&st->view);
    size_t from = sel != FLEET_NO_ROW && ui_is_target(st, sel) ? sel : first;
    const struct fleet_row *r = &st->fleet.rows[from];
    form_open(&st->form, r->rule_known ? &r->rule : NULL, n, n == 1 ? r->bucket : NULL);
    st->under = st->screen;
    st->screen = UI_FORM;
    return UI_REACT_DRAW;
}

unsigned
screen_open_remove(struct ui_state *st)
{
    size_t first;
    size_t n = change_targets(st, N_("removing a rule is"), &first);
    if (!n)
        return UI_REACT_DRAW;
    if (!st->confirm_remove) {
        st->command = UI_CMD_REMOVE;
        return UI_REACT_DRAW | UI_REACT_COMMAND;
    }
    const struct fleet_row *r = &st->fleet.rows[first];
    memset(&st->confirm, 0, sizeof st->confirm);
    st->confirm.kind = CONFIRM_REMOVE;
    st->confirm.count = n;
    sse_strlcpy(st->confirm.bucket, r->bucket, sizeof st->confirm.bucket);
    st->confirm.rule_known = r->rule_known;
    st->confirm.rule = r->rule;
    st->under = st->screen;
    st->screen = UI_CONFIRM;
    return UI_REACT_DRAW;
}

unsigned
screen_open_undo(struct ui_state *st)
{
    size_t row = listview_selected(&st->view);
    if (row == FLEET_NO_ROW) {
        ui_message(st, true, "%s", _("No bucket selected."));
        return UI_REACT_DRAW;
    }
    bool one = st->target_one;
    st->target_one = true; /* undo is per bucket: the selected one, marks or not */
    size_t first;
    size_t n = change_targets(st, N_("undo is"), &first);
    st->target_one = one;
    if (!n)
        return UI_REACT_DRAW;
    const struct fleet_row *r = &st->fleet.rows[row];
    const struct oss_account *pa = fleet_row_profile(&st->fleet, row)->account;
    const char *endpoints[2] = { r->account ? r->account->endpoint : NULL,
                                 pa ? pa->endpoint : NULL };
    struct audit_record *recs = NULL;
    size_t count = 0, skipped = 0;
    struct sse_error err;
    sse_error_clear(&err);
    if (audit_read(st->audit_path, &recs, &count, &skipped, &err) != SSE_OK) {
        ui_message(st, true, _("Cannot read the audit log: %s"), err.message);
        return UI_REACT_DRAW;
    }
    size_t k = pa ? undo_find(recs, count, pa->profile, endpoints, 2, r->bucket) : UNDO_NONE;
    enum job_kind kind;
    if (k == UNDO_NONE) {
        ui_message(st, true, _("No change to %s is recorded in %s; nothing to undo."), r->bucket,
                   st->audit_path);
    } else if (!undo_kind(&recs[k].before, &kind)) {
        ui_message(st, true, _("%s: the rule before the %s at %s (%s) cannot be written by sseadm."),
                   r->bucket, recs[k].operation, recs[k].time, recs[k].before.algo_raw);
    } else {
        memset(&st->confirm, 0, sizeof st->confirm);
        st->confirm.kind = CONFIRM_UNDO;
        st->confirm.count = 1;
        st->confirm.row = row;
        sse_strlcpy(st->confirm.bucket, r->bucket, sizeof st->confirm.bucket);
        st->confirm.rule_known = r->rule_known;
        st->confirm.rule = r->rule;
        st->confirm.restore = recs[k].before;
        sse_strlcpy(st->confirm.operation, recs[k].operation, sizeof st->confirm.operation);
        sse_strlcpy(st->confirm.when, recs[k].time, sizeof st->confirm.when);
        st->under = st->screen;
        st->screen = UI_CONFIRM;
    }
    free(recs);
    return UI_REACT_DRAW;
}

unsigned
screen_quit(struct ui_state *st)
{
    if (!st->fleet.counts.writes)
        return UI_REACT_QUIT;
    memset(&st->confirm, 0, sizeof st->confirm);
    st->confirm.kind = CONFIRM_QUIT;
    st->confirm.count = st->fleet.counts.writes;
    st->under = st->screen;
    st->screen = UI_CONFIRM;
    return UI_REACT_DRAW;
}

/* Edits a text field of size bytes by an EDIT_* action (key is the character typed); false when
 * the action is not one of them. */
static bool
edit_text(char *text, size_t size, enum action a, int key)
{
    size_t n = strlen(text);
    switch (a) {
    case ACT_EDIT_TYPE: {
        char utf8[5];
        size_t len = keys_utf8(key, utf8);
        if (n + len < size)
            memcpy(text + n, utf8, len + 1);
        return true;
    }
    case ACT_EDIT_DELETE:
        while (n > 1 && ((unsigned char)text[n - 1] & 0xc0) == 0x80)
            n--;
        if (n)
            text[n - 1] = '\0';
        return true;
    case ACT_EDIT_CLEAR:
        text[0] = '\0';
        return true;
    default:
        return false;
    }
}

static unsigned
filter_key(struct ui_state *st, int key)
{
    enum action a = keys_action(S_FILTER, key);
    switch (a) {
    case ACT_FILTER_KEEP:
        st->prompt = UI_PROMPT_NONE;
        return UI_REACT_DRAW;
    case ACT_FILTER_DROP:
        st->prompt = UI_PROMPT_NONE;
        st->filter[0] = '\0';
        break;
    default:
        if (!edit_text(st->filter, sizeof st->filter, a, key))
            return UI_REACT_NONE;
    }
    if (listview_set_filter(&st->view, st->filter) != SSE_OK)
        ui_message(st, true, "%s", _("Out of memory while filtering."));
    return UI_REACT_DRAW;
}

/* Swaps a ".csv" ending for ".json" or back, following the format. */
static void
follow_extension(char *path, size_t size, bool json)
{
    size_t n = strlen(path);
    const char *from = json ? ".csv" : ".json", *to = json ? ".json" : ".csv";
    size_t fl = strlen(from);
    if (n >= fl && strcmp(path + n - fl, from) == 0 && n - fl + strlen(to) < size)
        strcpy(path + n - fl, to);
}

static unsigned
write_key(struct ui_state *st, int key)
{
    enum action a = keys_action(S_WRITE, key);
    switch (a) {
    case ACT_WRITE_FORMAT:
        st->write_json = !st->write_json;
        follow_extension(st->write_path, sizeof st->write_path, st->write_json);
        return UI_REACT_DRAW;
    case ACT_WRITE_CANCEL:
        st->prompt = UI_PROMPT_NONE;
        ui_message(st, false, "%s", _("Nothing written."));
        return UI_REACT_DRAW;
    case ACT_WRITE_GO: {
        if (!st->write_path[0]) {
            ui_message(st, true, "%s", _("Type a file name first."));
            return UI_REACT_DRAW;
        }
        /* A name ending in .json or .csv says the format, whatever Tab chose last. */
        size_t n = strlen(st->write_path);
        if (n > 5 && ascii_casecmp(st->write_path + n - 5, ".json") == 0)
            st->write_json = true;
        else if (n > 4 && ascii_casecmp(st->write_path + n - 4, ".csv") == 0)
            st->write_json = false;
        st->command = UI_CMD_WRITE; /* the loop writes; the prompt closes once it is written */
        return UI_REACT_DRAW | UI_REACT_COMMAND;
    }
    default:
        return edit_text(st->write_path, sizeof st->write_path, a, key) ? UI_REACT_DRAW
                                                                       : UI_REACT_NONE;
    }
}

/* w: asks for the file, named after the time, in the format last chosen. */
static void
open_write(struct ui_state *st)
{
    if (!st->view.count) {
        ui_message(st, true, "%s", _("No bucket is shown: nothing to write."));
        return;
    }
    time_t now = time(NULL);
    struct tm tm;
    char stamp[32] = "now";
    if (localtime_r(&now, &tm))
        strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
    snprintf(st->write_path, sizeof st->write_path, "sseadm-%s.%s", stamp,
             st->write_json ? "json" : "csv");
    st->prompt = UI_PROMPT_WRITE;
}

/* D: drifted buckets only, or all again. */
static void
toggle_drifted(struct ui_state *st)
{
    struct listview *lv = &st->view;
    if (!st->has_policy) {
        ui_message(st, true, "%s", _("No policy: start sseadm with --policy FILE to see drift."));
        return;
    }
    if (listview_set_scope(lv, lv->profile, !lv->drifted_only) != SSE_OK) {
        ui_message(st, true, "%s", _("Out of memory while filtering."));
        return;
    }
    if (lv->drifted_only)
        ui_message(st, false, ngettext("%zu drifted bucket shown; D shows every bucket again.",
                                       "%zu drifted buckets shown; D shows every bucket again.",
                                       lv->count), lv->count);
}

bool
screen_scroll(size_t *top, size_t lines, size_t height, int action)
{
    size_t last = lines > height ? lines - height : 0;
    switch (action) {
    case ACT_UP: *top = *top ? *top - 1 : 0; break;
    case ACT_DOWN: *top = *top < last ? *top + 1 : last; break;
    case ACT_PAGE_UP: *top = *top > height ? *top - height : 0; break;
    case ACT_PAGE_DOWN: *top = *top + height < last ? *top + height : last; break;
    case ACT_TOP: *top = 0; break;
    case ACT_BOTTOM: *top = last; break;
    default: return false;
    }
    return true;
}

void
screen_scroll_position(const struct ui_state *st, size_t top, size_t height, size_t lines)
{
    if (lines <= height)
        return;
    char more[80];
    snprintf(more, sizeof more, " %zu-%zu of %zu ", top + 1, top + height < lines ? top + height : lines,
             lines);
    draw_text_right(st->rows - 2, 0, st->cols - 2, THEME_EL_DIALOG_TITLE, more);
}

unsigned
screen_list_key(struct ui_state *st, int key)
{
    if (st->prompt == UI_PROMPT_FILTER)
        return filter_key(st, key);
    if (st->prompt == UI_PROMPT_WRITE)
        return write_key(st, key);
    struct listview *lv = &st->view;
    size_t sel = listview_selected(lv);
    enum action a = keys_action(S_LIST, key);
    switch (a) {
    case ACT_UP: listview_move(lv, -1); break;
    case ACT_DOWN: listview_move(lv, 1); break;
    case ACT_PAGE_UP: listview_page(lv, -1); break;
    case ACT_PAGE_DOWN: listview_page(lv, 1); break;
    case ACT_TOP: listview_home(lv); break;
    case ACT_BOTTOM: listview_end(lv); break;
    case ACT_FILTER:
        st->prompt = UI_PROMPT_FILTER;
        snprintf(st->filter, sizeof st->filter, "%s", lv->filter);
        break;
    case ACT_WRITE: open_write(st); break;
    case ACT_DRIFTED: toggle_drifted(st); break;
    case ACT_APPLY_POLICY: return screen_open_plan(st);
    case ACT_MARK:
        if (sel == FLEET_NO_ROW)
            return UI_REACT_NONE;
        fleet_set_mark(&st->fleet, sel, !st->fleet.rows[sel].marked);
        listview_move(lv, 1);
        break;
    case ACT_UNMARK_ALL: fleet_clear_marks(&st->fleet); break;
    case ACT_PROFILE: {
        if (st->fleet.nprofiles < 2) {
            ui_message(st, false, "%s", _("Only one profile is shown."));
            break;
        }
        int next = lv->profile + 1;
        if (next < 0 || (size_t)next >= st->fleet.nprofiles)
            next = -1;
        if (listview_set_scope(lv, next, lv->drifted_only) != SSE_OK)
            ui_message(st, true, "%s", _("Out of memory while filtering."));
        break;
    }
    case ACT_DETAIL:
        if (sel == FLEET_NO_ROW)
            return UI_REACT_NONE;
        st->screen = UI_DETAIL;
        st->scroll = 0;
        break;
    case ACT_QUIT: return screen_quit(st);
    default: {
        unsigned react;
        return screen_shared_action(st, (int)a, false, &react) ? react : UI_REACT_NONE;
    }
    }
    return UI_REACT_DRAW;
}

bool
screen_shared_action(struct ui_state *st, int action, bool target_one, unsigned *react)
{
    switch ((enum action)action) {
    case ACT_SET:
        st->target_one = target_one;
        *react = screen_open_set(st);
        return true;
    case ACT_REMOVE:
        st->target_one = target_one;
        *react = screen_open_remove(st);
        return true;
    case ACT_UNDO:
        st->target_one = target_one;
        *react = screen_open_undo(st);
        return true;
    case ACT_REFRESH:
    case ACT_REFRESH_ALL:
        st->command = action == ACT_REFRESH ? UI_CMD_REFRESH : UI_CMD_REFRESH_ALL;
        *react = UI_REACT_DRAW | UI_REACT_COMMAND;
        return true;
    case ACT_HELP:
        st->under = st->screen;
        st->screen = UI_HELP;
        st->help_scroll = 0;
        *react = UI_REACT_DRAW;
        return true;
    case ACT_REDRAW:
        *react = UI_REACT_DRAW | UI_REACT_REPAINT;
        return true;
    default:
        return false;
    }
}
