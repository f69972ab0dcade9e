/* screen_history.c — the operations sseadm made (the audit log's, and this run's), newest first:
 * when, in which profile, what kind, how many buckets and how they went; the selected one's ID and
 * account above the list. u plans the undo of the selected operation (asked like every undo). */
#include <stdio.h>
#include <string.h>

#include "core/i18n.h"
#include "core/sanitize.h"
#include "ui/chrome.h"
#include "ui/draw.h"
#include "ui/keys.h"
#include "ui/screens.h"
#include "ui/wrap.h"

/* Lines of the box above the list: the selected operation (wrapped), a blank line, the titles. */
#define HEAD_LINES 3

/* The operation at display position pos (0 = newest), or NULL. */
static const struct undo_operation *
at(const struct ui_state *st, size_t pos, size_t *n)
{
    const struct undo_operation *ops = app_operations(st->app, n);
    return pos < *n ? &ops[*n - 1 - pos] : NULL;
}

/* "18 ok, 2 skipped; undone" — how an operation's buckets went (and, with undone, whether an undo
 * took them back). */
static char *
outcome_words(const struct undo_operation *o, bool undone, char *buf, size_t size)
{
    static const char *const words[] = { N_("%u ok"), N_("%u failed"), N_("%u skipped"),
                                         N_("%u interrupted") };
    size_t len = 0;
    buf[0] = '\0';
    for (size_t k = 0; k < 4 && len < size; k++) {
        if (!o->outcomes[k])
            continue;
        int n = snprintf(buf + len, size - len, "%s", len ? ", " : "");
        if (n >= 0 && (size_t)n < size - len)
            n += snprintf(buf + len + (size_t)n, size - len - (size_t)n, _(words[k]),
                          (unsigned)o->outcomes[k]);
        if (n < 0)
            break;
        len += (size_t)n;
    }
    if (undone && o->undone && len < size)
        snprintf(buf + len, size - len, "%s",
                 o->undone >= o->changes ? _("; undone") : _("; partly undone"));
    return buf;
}

/* The selected operation in words: its ID, what it was, how it went and what undid it. */
static void
describe(const struct ui_state *st, const struct undo_operation *o, char *buf, size_t size)
{
    char how[200];
    /* What undid it follows, named. */
    outcome_words(o, !o->undone_by, how, sizeof how);
    int len = snprintf(buf, size,
                       ngettext("Operation %1$s: the %2$s at %3$s in profile %4$s, %5$u bucket: %6$s.",
                                "Operation %1$s: the %2$s at %3$s in profile %4$s, %5$u buckets: %6$s.",
                                o->buckets),
                       o->id, audit_operation_words(o->operation), o->time, o->profile,
                       (unsigned)o->buckets, how);
    size_t n;
    const struct undo_operation *ops = app_operations(st->app, &n);
    if (o->undone_by && o->undone_by <= n && len > 0 && (size_t)len < size)
        snprintf(buf + len, size - len,
                 o->undone >= o->changes ? _(" Undone by operation %s.")
                                         : _(" Partly undone, by operation %s."),
                 ops[o->undone_by - 1].id);
    else if (*o->undoes && len > 0 && (size_t)len < size)
        snprintf(buf + len, size - len, _(" It undid operation %s."), o->undoes);
}

static size_t
list_height(const struct ui_state *st)
{
    size_t h = ui_page_height(st);
    return h > HEAD_LINES + 1 ? h - HEAD_LINES - 1 : 1;
}

/* The selection's display position (0 = newest): the selection is kept as the operation's index,
 * so that operations added while the screen is open (an undo made from it) do not move it; before
 * the first key it is the newest. */
static size_t
selected_pos(const struct ui_state *st, size_t n)
{
    return n && st->history_sel < n ? n - 1 - st->history_sel : 0;
}

/* The first display position shown: the last one scrolled to, moved to keep the selection in
 * view. */
static size_t
first_shown(const struct ui_state *st, size_t n)
{
    size_t pos = selected_pos(st, n), height = list_height(st), top = st->history_top;
    if (pos < top)
        top = pos;
    if (pos >= top + height)
        top = pos - height + 1;
    return top;
}

struct ui_cursor
screen_history_draw(const struct ui_state *st)
{
    size_t n;
    app_operations(st->app, &n);
    char title[96];
    snprintf(title, sizeof title, ngettext("History: %zu operation", "History: %zu operations", n),
             n);
    draw_box(1, 0, st->rows - 2, st->cols, THEME_EL_DIALOG, THEME_EL_DIALOG_TITLE, title);
    int inner = st->cols - 4;
    const struct undo_operation *sel = at(st, selected_pos(st, n), &n);
    char raw[800], clean[900];
    if (sel)
        describe(st, sel, raw, sizeof raw);
    else
        snprintf(raw, sizeof raw, "%s", _("No operation is recorded in the audit log yet."));
    sanitize_text(raw, clean, sizeof clean);
    struct wrap_line lines[2];
    size_t nl = wrap_text(clean, inner, lines, 2);
    for (size_t k = 0; k < nl && k < 2; k++) {
        char part[900];
        snprintf(part, sizeof part, "%.*s", (int)lines[k].len, clean + lines[k].start);
        draw_text(2 + (int)k, 2, inner, THEME_EL_DIALOG_TITLE, part);
    }
    char row[600];
    snprintf(row, sizeof row, "%-20s  %-12s  %-9s  %7s  %s", _("TIME"), _("PROFILE"),
             _("OPERATION"), _("BUCKETS"), _("OUTCOME"));
    draw_text(2 + HEAD_LINES, 2, inner, THEME_EL_HEADER, row);
    size_t height = list_height(st), top = first_shown(st, n);
    for (size_t i = 0; i < height && top + i < n; i++) {
        const struct undo_operation *o = at(st, top + i, &n);
        char how[200], prof[64];
        sanitize_fit(o->profile, 12, "~", prof, sizeof prof);
        snprintf(row, sizeof row, "%-20.20s  %-12s  %-9.9s  %7u  %s", o->time, prof,
                 audit_operation_words(o->operation), (unsigned)o->buckets,
                 outcome_words(o, true, how, sizeof how));
        sanitize_text(row, clean, sizeof clean);
        bool on = top + i == selected_pos(st, n);
        draw_text(3 + HEAD_LINES + (int)i, 2, inner, on ? THEME_EL_ROW_SELECTED : THEME_EL_ROW,
                  clean);
    }
    chrome_scroll_position(st, top, height, n);
    chrome_status_bar(st, st->rows - 1, S_HISTORY);
    return UI_NO_CURSOR;
}

struct ui_react
screen_history_key(struct ui_state *st, int key)
{
    enum action a = keys_action(S_HISTORY, key);
    size_t n;
    app_operations(st->app, &n);
    if (st->history_sel >= n)
        st->history_sel = n ? n - 1 : 0; /* a key pins the newest as the selection */
    size_t height = list_height(st), pos = selected_pos(st, n);
    switch (a) {
    case ACT_UP: pos = pos ? pos - 1 : 0; break;
    case ACT_DOWN: pos++; break;
    case ACT_PAGE_UP: pos = pos > height ? pos - height : 0; break;
    case ACT_PAGE_DOWN: pos += height; break;
    case ACT_TOP: pos = 0; break;
    case ACT_BOTTOM: pos = n ? n - 1 : 0; break;
    case ACT_HISTORY_UNDO: {
        const struct undo_operation *o = at(st, pos, &n);
        if (!o) {
            ui_message(st, true, "%s", _("No operation is recorded in the audit log yet."));
            return ui_react_flags(UI_REACT_DRAW);
        }
        struct ui_react r = ui_react_command(UI_CMD_UNDO_OP, UI_TARGET_SELECTED);
        sse_strlcpy(r.cmd.operation_id, o->id, sizeof r.cmd.operation_id);
        return r;
    }
    case ACT_CLOSE: st->screen = st->history_under; return ui_react_flags(UI_REACT_DRAW);
    case ACT_REDRAW: return ui_react_flags(UI_REACT_DRAW | UI_REACT_REPAINT);
    default: return ui_react_flags(UI_REACT_NONE);
    }
    if (n && pos >= n)
        pos = n - 1;
    st->history_sel = n ? n - 1 - pos : 0;
    st->history_top = first_shown(st, n);
    return ui_react_flags(UI_REACT_DRAW);
}
