/* screen_list.c — the bucket list: title, column titles, one row per bucket, summary, status bar
 * or prompt line (filter, file name), and its keys. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/ascii.h"
#include "core/i18n.h"
#include "core/sanitize.h"
#include "ui/chrome.h"
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
    for (size_t i = 0; i < st->fleet->nprofiles; i++) {
        const struct oss_account *a = st->fleet->profiles[i].account;
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
    const struct fleet *f = st->fleet;
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
            data = r->rule.data_enc == SSE_DATA_ENC_UNKNOWN && r->rule.data_enc_raw[0]
                       ? r->rule.data_enc_raw
                       : sse_data_enc_name(r->rule.data_enc);
        }
    } else if (r->state != FLEET_LOADING) {
        algo = "?";
    }
    cell(y, &x, c->algo, selected ? base : algo_el, base, algo);
    cell(y, &x, c->cmk, base, base, cmk);
    cell(y, &x, c->data, base, base, data);
    if (c->policy)
        cell(y, &x, c->policy, selected ? base : verdict_element(r->judgement.verdict), base,
             policy_verdict_words((enum policy_verdict)r->judgement.verdict,
                                  c->policy >= 9 ? POLICY_WORDS_COLUMN : POLICY_WORDS_NARROW));

    char status[96];
    fleet_status_text(f, i, draw_ellipsis(), status, sizeof status);
    enum theme_element status_el = r->running || r->state == FLEET_LOADING ? THEME_EL_STATUS_LOADING
                                   : r->state == FLEET_ERROR          ? THEME_EL_STATUS_ERROR
                                                                      : THEME_EL_STATUS_OK;
    draw_text(y, x, st->cols - x, selected ? base : status_el, status);
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

struct ui_cursor
screen_list_draw(const struct ui_state *st)
{
    const struct listview *lv = &st->view;
    /* Title: what is shown, and where the cursor is. */
    char title[160], where[256];
    const char *dash = st->utf8 ? "\xe2\x80\x94" : "-";
    if (lv->profile >= 0 && (size_t)lv->profile < st->fleet->nprofiles) {
        const struct fleet_profile *fp = &st->fleet->profiles[lv->profile];
        char which[128];
        snprintf(which, sizeof which,
                 ngettext("profile %1$.60s (%2$d of %3$zu), %4$zu bucket",
                          "profile %1$.60s (%2$d of %3$zu), %4$zu buckets", fp->rows),
                 fp->account ? fp->account->profile : "?", lv->profile + 1, st->fleet->nprofiles,
                 fp->rows);
        snprintf(title, sizeof title, " sseadm %s %s", dash, which);
    } else {
        char count[48];
        snprintf(count, sizeof count, ngettext(", %zu bucket", ", %zu buckets", st->fleet->count),
                 st->fleet->count);
        snprintf(title, sizeof title, " sseadm %s %s%s", dash, st->title, count);
    }
    if (lv->filter[0] || lv->drifted_only) {
        char scope[LISTVIEW_FILTER_MAX + 64] = "", text[LISTVIEW_FILTER_MAX + 32] = "";
        if (lv->filter[0])
            snprintf(text, sizeof text, _("filter \"%s\""), lv->filter);
        snprintf(scope, sizeof scope, "%s%s%s", lv->drifted_only ? _("drifted") : "",
                 lv->drifted_only && text[0] ? ", " : "", text);
        snprintf(where, sizeof where, _("%s: %zu of %zu  %zu/%zu "), scope, lv->count,
                 st->fleet->count, lv->count ? lv->cursor + 1 : 0, lv->count);
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

static struct ui_react
filter_key(struct ui_state *st, int key)
{
    enum action a = keys_action(S_FILTER, key);
    switch (a) {
    case ACT_FILTER_KEEP:
        st->prompt = UI_PROMPT_NONE;
        return ui_react_flags(UI_REACT_DRAW);
    case ACT_FILTER_DROP:
        st->prompt = UI_PROMPT_NONE;
        st->filter[0] = '\0';
        break;
    default:
        if (!chrome_edit_text(st->filter, sizeof st->filter, (int)a, key))
            return ui_react_flags(UI_REACT_NONE);
    }
    if (listview_set_filter(&st->view, st->filter) != SSE_OK)
        ui_message(st, true, "%s", _("Out of memory while filtering."));
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
    case ACT_UNMARK_ALL: fleet_clear_marks(st->fleet); break;
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
