/* screen_list.c — the bucket list: title, column titles, one row per bucket, summary, status bar
 * or prompt line (filter, file name), and its keys. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/ascii.h"
#include "core/i18n.h"
#include "core/sanitize.h"
#include "model/columns.h"
#include "ui/chrome.h"
#include "ui/columns.h"
#include "ui/draw.h"
#include "ui/keys.h"
#include "ui/screens.h"

/* Width of column c at x: the last column shown runs to the edge. */
static int
cell_width(const struct ui_state *st, const struct columns_layout *l, int c)
{
    return c == l->last ? st->cols - l->x[c] : l->width[c];
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
draw_row(const struct ui_state *st, const struct columns_layout *l, int y, size_t pos)
{
    const struct fleet *f = st->fleet;
    size_t i = st->view.rows[pos];
    const struct fleet_row *r = &f->rows[i];
    bool selected = pos == st->view.cursor;
    enum theme_element base = selected ? THEME_EL_ROW_SELECTED
                              : r->marked ? THEME_EL_ROW_MARKED
                              : pos % 2 ? THEME_EL_ROW_ALT : THEME_EL_ROW;

    draw_fill(y, 0, st->cols, base);
    char mark[3] = { selected ? '>' : ' ', r->marked ? '*' : ' ', '\0' };
    draw_text(y, 0, COLUMNS_MARK, base, mark);

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
            data = r->rule.data_enc == SSE_DATA_ENC_UNKNOWN && r->rule.data_enc_raw[0]
                       ? r->rule.data_enc_raw
                       : sse_data_enc_name(r->rule.data_enc);
        }
    } else if (r->state != FLEET_LOADING) {
        algo = "?";
    }
    char status[96], fitted[256];
    fleet_status_text(f, i, draw_ellipsis(), status, sizeof status);
    enum theme_element status_el = r->running || r->state == FLEET_LOADING ? THEME_EL_STATUS_LOADING
                                   : r->state == FLEET_ERROR          ? THEME_EL_STATUS_ERROR
                                                                      : THEME_EL_STATUS_OK;
    const struct oss_account *acct = f->profiles[r->profile].account;
    for (int c = 0; c < SSE_COL_COUNT; c++) {
        if (!l->width[c])
            continue;
        int x = l->x[c], w = cell_width(st, l, c);
        switch (c) {
        case SSE_COL_PROFILE:
        case SSE_COL_BUCKET:
            /* Names keep their distinguishing end when cut. */
            columns_fit_middle(c == SSE_COL_BUCKET ? r->bucket : acct ? acct->profile : "", w,
                               draw_ellipsis(), fitted, sizeof fitted);
            draw_text(y, x, w, base, fitted);
            break;
        case SSE_COL_REGION: draw_text(y, x, w, base, r->account ? r->account->region : ""); break;
        case SSE_COL_ALGORITHM: draw_text(y, x, w, selected ? base : algo_el, algo); break;
        case SSE_COL_KMS_KEY_ID: draw_text(y, x, w, base, cmk); break;
        case SSE_COL_KMS_DATA: draw_text(y, x, w, base, data); break;
        case SSE_COL_POLICY: {
            int full = ui_verdict_width(POLICY_WORDS_COLUMN);
            draw_text(y, x, w, selected ? base : verdict_element(r->judgement.verdict),
                      policy_verdict_words((enum policy_verdict)r->judgement.verdict,
                                           w >= full ? POLICY_WORDS_COLUMN : POLICY_WORDS_NARROW));
            break;
        }
        case SSE_COL_STATUS: draw_text(y, x, w, selected ? base : status_el, status); break;
        default: break;
        }
    }
}

static void
draw_summary(const struct ui_state *st, int y)
{
    const struct fleet_counts *n = fleet_counts_of(st->fleet, st->view.profile);
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

static struct ui_cursor
draw_status(const struct ui_state *st, int y)
{
    if (st->prompt == UI_PROMPT_FILTER)
        return chrome_prompt(st, y, _("Filter: "), st->filter, _("Enter keep  Esc clear"));
    if (st->prompt == UI_PROMPT_WRITE) {
        char label[160];
        snprintf(label, sizeof label,
                 ngettext("Write %zu bucket as %s to: ", "Write %zu buckets as %s to: ",
                          st->view.count),
                 st->view.count, st->write_json ? "JSON" : "CSV");
        return chrome_prompt(st, y, label, st->write_path,
                           _("Tab CSV/JSON  Enter write  Esc cancel"));
    }
    chrome_status_bar(st, y, S_LIST);
    return UI_NO_CURSOR;
}

/* The right end of the title line in at most room columns: the sort when its column does not
 * show it, the filter and D with how many buckets pass, the position. What does not fit goes,
 * the position first, then the end of the filter's text; the count stays. */
static void
title_where(const struct ui_state *st, const struct columns_layout *l, int room, char *out,
            size_t size)
{
    const struct listview *lv = &st->view;
    char by[96] = "", pos[48];
    enum sse_column in = sort_shown_in(lv->sort);
    if ((lv->sort != SORT_NONE || lv->reverse) && (in == SSE_COL_COUNT || !l->width[in]))
        snprintf(by, sizeof by, _("by %s%s  "), sort_words(lv->sort), ui_sort_marker(st));
    snprintf(pos, sizeof pos, "%zu/%zu ", lv->count ? lv->cursor + 1 : 0, lv->count);
    if (!lv->filter[0] && !lv->drifted_only) {
        snprintf(out, size, "%s%s", by, pos);
        if (sanitize_width(out) > room)
            snprintf(out, size, "%s", sanitize_width(pos) <= room ? pos : "");
        return;
    }
    char shown[LISTVIEW_FILTER_MAX * 3];
    sanitize_text(lv->filter, shown, sizeof shown);
    for (int pass = 0; pass < 3; pass++) {
        char text[LISTVIEW_FILTER_MAX * 3 + 32] = "", scope[sizeof text + 64];
        if (lv->filter[0])
            snprintf(text, sizeof text, _("filter \"%s\""), shown);
        snprintf(scope, sizeof scope, "%s%s%s", lv->drifted_only ? _("drifted") : "",
                 lv->drifted_only && text[0] ? ", " : "", text);
        char count[sizeof scope + 64];
        snprintf(count, sizeof count, _("%s: %zu of %zu"), scope, lv->count, st->fleet->count);
        snprintf(out, size, "%s%s  %s", by, count, pos);
        if (sanitize_width(out) <= room)
            return;
        snprintf(out, size, "%s%s ", by, count);
        if (sanitize_width(out) <= room)
            return;
        /* Cut the filter's text to what fits, then try again (once more without the sort). */
        int fit = sanitize_width(shown) - (sanitize_width(out) - room);
        if (fit < 2 || pass == 1) /* the sort's note gives way before the filter is all cut */
            by[0] = '\0';
        char cut[sizeof shown];
        sanitize_fit(shown, fit < 2 ? 2 : fit, draw_ellipsis(), cut, sizeof cut);
        memcpy(shown, cut, sizeof shown);
    }
    snprintf(out, size, _("%zu of %zu "), lv->count, st->fleet->count);
    if (sanitize_width(out) > room)
        out[0] = '\0';
}

struct ui_cursor
screen_list_draw(const struct ui_state *st)
{
    const struct listview *lv = &st->view;
    struct columns_layout l;
    ui_columns_layout(st, &l);
    /* Title: what is shown, and where the cursor is. */
    char title[160], where[1024];
    const char *dash = st->utf8 ? "\xe2\x80\x94" : "-";
    if (lv->profile >= 0 && (size_t)lv->profile < st->fleet->nprofiles) {
        const struct fleet_profile *fp = &st->fleet->profiles[lv->profile];
        char which[128];
        snprintf(which, sizeof which,
                 ngettext("profile %1$.60s (%2$d of %3$zu), %4$zu bucket",
                          "profile %1$.60s (%2$d of %3$zu), %4$zu buckets", fp->rows),
                 fp->account ? fp->account->profile : "?", lv->profile + 1, st->fleet->nprofiles,
                 fp->rows);
        const struct app_identity *id = app_identity(st->app, lv->profile);
        char account[64] = "";
        if (id && id->account_id[0])
            snprintf(account, sizeof account, _(", account %.32s"), id->account_id);
        snprintf(title, sizeof title, " sseadm %s %s%s", dash, which, account);
    } else {
        char count[48];
        snprintf(count, sizeof count, ngettext(", %zu bucket", ", %zu buckets", st->fleet->count),
                 st->fleet->count);
        snprintf(title, sizeof title, " sseadm %s %s%s", dash, st->title, count);
    }
    /* The warnings (TLS off, credentials failing) are never cut for the title: they stay on
     * every screen (overlays start at line 1), right-aligned, with the position left of them
     * when there is room. */
    int right = st->cols;
    bool warned = st->tls_warning[0] || st->cred_warning[0];
    if (warned) {
        char warn[340];
        snprintf(warn, sizeof warn, " %s%s%s ", st->cred_warning,
                 st->cred_warning[0] && st->tls_warning[0] ? "  " : "", st->tls_warning);
        int tw = sanitize_width(warn);
        if (tw > st->cols - 12)
            tw = st->cols - 12;
        right = st->cols - tw;
        draw_text(0, right, tw, THEME_EL_WARNING, warn);
    }
    /* What is shown, right of the title: it may take half the line (the title is cut then), or
     * what the title leaves. */
    int room = right - sanitize_width(title) - 1;
    if (!warned && room < st->cols / 2 - 1)
        room = st->cols / 2 - 1;
    title_where(st, &l, room, where, sizeof where);
    int ww = where[0] ? sanitize_width(where) : 0;
    draw_text(0, 0, right - ww - (ww ? 1 : 0), THEME_EL_TITLE, title);
    if (ww)
        draw_text(0, right - ww - 1, ww + 1, THEME_EL_TITLE, "");
    if (ww)
        draw_text_right(0, 0, right, THEME_EL_TITLE, where);

    draw_fill(1, 0, st->cols, THEME_EL_HEADER);
    enum sse_column sorted = sort_shown_in(lv->sort);
    for (int c = 0; c < SSE_COL_COUNT; c++) {
        if (!l.width[c])
            continue;
        char head[64];
        snprintf(head, sizeof head, "%s%s", ui_column_title(c, l.short_title[c]),
                 c == (int)sorted ? ui_sort_marker(st) : "");
        draw_text(1, l.x[c], cell_width(st, &l, c), THEME_EL_HEADER, head);
    }
    /* Columns asked for that have no room: how many, before the titles (c lists which). */
    if (l.dropped) {
        char more[8];
        snprintf(more, sizeof more, "+%d", l.dropped);
        draw_text(1, 0, COLUMNS_MARK - 1, THEME_EL_HEADER, more);
    }

    size_t height = ui_list_height(st);
    for (size_t k = 0; k < height; k++) {
        int y = 2 + (int)k;
        size_t pos = lv->top + k;
        if (pos < lv->count)
            draw_row(st, &l, y, pos);
        else
            draw_fill(y, 0, st->cols, THEME_EL_ROW);
    }
    if (!lv->count)
        draw_text(3, 2, st->cols - 4, THEME_EL_ROW,
                  !st->fleet->count ? _("No buckets configured for this profile.")
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

/* Applies the filter typed so far; a text that is no filter leaves the list as it was and says
 * why above the prompt (until it is mended). */
static void
apply_filter(struct ui_state *st)
{
    struct query_error err;
    enum sse_status s = listview_set_filter(&st->view, st->filter, &err);
    st->filter_error[0] = '\0';
    if (s == SSE_ERR_INVALID) {
        sse_strlcpy(st->filter_error, err.message, sizeof st->filter_error);
        ui_message(st, true, "%s", err.message);
    } else if (s != SSE_OK) {
        ui_message(st, true, "%s", _("Out of memory while filtering."));
    }
}

static struct ui_react
filter_key(struct ui_state *st, int key)
{
    enum action a = keys_action(S_FILTER, key);
    switch (a) {
    case ACT_FILTER_KEEP:
        if (st->filter_error[0]) {
            ui_message(st, true, _("Not a filter yet (Esc clears it): %s"), st->filter_error);
            return ui_react_flags(UI_REACT_DRAW);
        }
        st->prompt = UI_PROMPT_NONE;
        return ui_react_flags(UI_REACT_DRAW);
    case ACT_FILTER_DROP:
        st->prompt = UI_PROMPT_NONE;
        st->filter[0] = '\0';
        st->filter_error[0] = '\0';
        break;
    default:
        if (!chrome_edit_text(st->filter, sizeof st->filter, (int)a, key)) {
            if (!st->filter_error[0])
                return ui_react_flags(UI_REACT_NONE);
            ui_message(st, true, "%s", st->filter_error); /* it stays until mended */
            return ui_react_flags(UI_REACT_DRAW);
        }
    }
    apply_filter(st);
    return ui_react_flags(UI_REACT_DRAW);
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

static struct ui_react
write_key(struct ui_state *st, int key)
{
    enum action a = keys_action(S_WRITE, key);
    switch (a) {
    case ACT_WRITE_FORMAT:
        st->write_json = !st->write_json;
        follow_extension(st->write_path, sizeof st->write_path, st->write_json);
        return ui_react_flags(UI_REACT_DRAW);
    case ACT_WRITE_CANCEL:
        st->prompt = UI_PROMPT_NONE;
        ui_message(st, false, "%s", _("Nothing written."));
        return ui_react_flags(UI_REACT_DRAW);
    case ACT_WRITE_GO: {
        if (!st->write_path[0]) {
            ui_message(st, true, "%s", _("Type a file name first."));
            return ui_react_flags(UI_REACT_DRAW);
        }
        /* A name ending in .json or .csv says the format, whatever Tab chose last. */
        size_t n = strlen(st->write_path);
        if (n > 5 && ascii_casecmp(st->write_path + n - 5, ".json") == 0)
            st->write_json = true;
        else if (n > 4 && ascii_casecmp(st->write_path + n - 4, ".csv") == 0)
            st->write_json = false;
        /* The prompt closes once the file is written (ui_run), so a name that fails can be mended. */
        struct ui_react r = ui_react_command(UI_CMD_WRITE, UI_TARGET_MARKED);
        sse_strlcpy(r.cmd.path, st->write_path, sizeof r.cmd.path);
        r.cmd.json = st->write_json;
        return r;
    }
    default:
        return ui_react_flags(chrome_edit_text(st->write_path, sizeof st->write_path, (int)a, key)
                                  ? UI_REACT_DRAW
                                  : UI_REACT_NONE);
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

/* *: marks every bucket shown. */
static void
mark_shown(struct ui_state *st)
{
    const struct listview *lv = &st->view;
    for (size_t k = 0; k < lv->count; k++)
        fleet_set_mark(st->fleet, lv->rows[k], true);
    ui_message(st, false,
               ngettext("Marked the %zu bucket shown (%zu marked in all; U unmarks every one).",
                        "Marked the %zu buckets shown (%zu marked in all; U unmarks every one).",
                        lv->count),
               lv->count, st->fleet->counts.marked);
}

/* s and S: the rows ordered by column, descending when reverse; says so. */
static void
sort_by(struct ui_state *st, enum sort_column column, bool reverse)
{
    if (listview_set_sort(&st->view, column, reverse) != SSE_OK) {
        ui_message(st, true, "%s", _("Out of memory while sorting."));
        return;
    }
    if (column == SORT_NONE && !reverse)
        ui_message(st, false, "%s", _("In the configured order (s sorts by a column)."));
    else if (column == SORT_NONE)
        ui_message(st, false, "%s", _("In the configured order, reversed."));
    else
        ui_message(st, false, reverse ? _("Sorted by %s, descending (S: ascending, s: next column).")
                                      : _("Sorted by %s, ascending (S: descending, s: next column)."),
                   sort_words(column));
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

struct ui_react
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
        st->filter_error[0] = '\0';
        snprintf(st->filter, sizeof st->filter, "%s", lv->filter);
        break;
    case ACT_WRITE: open_write(st); break;
    case ACT_DRIFTED: toggle_drifted(st); break;
    case ACT_APPLY_POLICY: return ui_react_command(UI_CMD_PLAN_POLICY, UI_TARGET_MARKED);
    case ACT_MARK:
        if (sel == FLEET_NO_ROW)
            return ui_react_flags(UI_REACT_NONE);
        fleet_set_mark(st->fleet, sel, !st->fleet->rows[sel].marked);
        listview_move(lv, 1);
        break;
    case ACT_MARK_ALL: mark_shown(st); break;
    case ACT_UNMARK_ALL: fleet_clear_marks(st->fleet); break;
    case ACT_SORT: sort_by(st, sort_next(lv->sort, st->has_policy), false); break;
    case ACT_SORT_REVERSE: sort_by(st, lv->sort, !lv->reverse); break;
    case ACT_COLUMNS: screen_menu_open(st, UI_MENU_COLUMNS); break;
    case ACT_COPY: {
        if (sel == FLEET_NO_ROW)
            return ui_react_flags(UI_REACT_NONE);
        struct ui_react r = ui_react_command(UI_CMD_COPY, UI_TARGET_SELECTED);
        r.cmd.copy = UI_COPY_NAME;
        return r;
    }
    case ACT_PROFILE: {
        if (st->fleet->nprofiles < 2) {
            ui_message(st, false, "%s", _("Only one profile is shown."));
            break;
        }
        int next = lv->profile + 1;
        if (next < 0 || (size_t)next >= st->fleet->nprofiles)
            next = -1;
        if (listview_set_scope(lv, next, lv->drifted_only) != SSE_OK)
            ui_message(st, true, "%s", _("Out of memory while filtering."));
        break;
    }
    case ACT_DETAIL:
        if (sel == FLEET_NO_ROW)
            return ui_react_flags(UI_REACT_NONE);
        st->screen = UI_DETAIL;
        st->scroll = 0;
        break;
    case ACT_QUIT: return chrome_quit(st);
    default: {
        struct ui_react react;
        return chrome_shared_action(st, (int)a, UI_TARGET_MARKED, &react)
                   ? react
                   : ui_react_flags(UI_REACT_NONE);
    }
    }
    return ui_react_flags(UI_REACT_DRAW);
}
