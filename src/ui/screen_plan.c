/* screen_plan.c — the policy plan (A): what each drifted bucket shown has, what the policy would
 * write and why, each change wrapped over as many lines as it needs, in a scrollable box; y applies
 * it, Esc leaves everything as it is. */
#include <stdio.h>
#include <stdlib.h>

#include "core/i18n.h"
#include "core/sanitize.h"
#include "ui/draw.h"
#include "ui/keys.h"
#include "ui/screens.h"
#include "ui/wrap.h"

/* Lines of the box taken by the heading (and the blank line under it). */
#define PLAN_HEAD 2

/* Continuation lines of a change are indented by this many columns. */
#define PLAN_INDENT 4
/* Lines one change may take at most (a CMK ID and reasons are a few hundred characters). */
#define PLAN_ITEM_LINES 16

static size_t
plan_height(const struct ui_state *st)
{
    size_t h = ui_page_height(st);
    return h > PLAN_HEAD ? h - PLAN_HEAD : 1;
}

/* Change i as text (sanitized, into clean) wrapped to the box: its first line at full width, the
 * rest indented. Returns its line count (at most PLAN_ITEM_LINES); lines gets them. */
static size_t
item_lines(const struct ui_state *st, size_t i, char *clean, size_t size, struct wrap_line *lines)
{
    char line[1400];
    plan_line(&st->plan, i, &st->fleet, st->utf8 ? "\xe2\x86\x92" : "->", line, sizeof line);
    sanitize_text(line, clean, size);
    int width = st->cols - 4 - PLAN_INDENT;
    size_t n = wrap_text(clean, width > 8 ? width : 8, lines, PLAN_ITEM_LINES);
    return n < PLAN_ITEM_LINES ? n : PLAN_ITEM_LINES;
}

void
screen_plan_layout(struct ui_state *st)
{
    if (!st->plan.count || (st->plan_at && st->plan_at_cols == st->cols))
        return;
    /* The plan is a snapshot: its lines change only with the width, so they are wrapped once per
     * width, not on every frame and key (a plan can hold thousands of changes). */
    size_t *at = realloc(st->plan_at, (st->plan.count + 1) * sizeof *at);
    if (!at)
        return; /* the old layout (or none) stays; drawing copes */
    st->plan_at = at;
    char clean[1400];
    struct wrap_line lines[PLAN_ITEM_LINES];
    at[0] = 0;
    for (size_t i = 0; i < st->plan.count; i++)
        at[i + 1] = at[i] + item_lines(st, i, clean, sizeof clean, lines);
    st->plan_at_cols = st->cols;
}

void
screen_plan_close(struct ui_state *st)
{
    plan_cleanup(&st->plan);
    free(st->plan_at);
    st->plan_at = NULL;
    st->plan_at_cols = 0;
}

/* Lines of the whole plan as laid out (one per change before the first layout). */
static size_t
plan_lines(const struct ui_state *st)
{
    return st->plan_at ? st->plan_at[st->plan.count] : st->plan.count;
}

/* The change whose lines hold plan line `line` (binary search of plan_at). */
static size_t
item_at(const struct ui_state *st, size_t line)
{
    if (!st->plan_at)
        return line < st->plan.count ? line : st->plan.count;
    size_t lo = 0, hi = st->plan.count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (st->plan_at[mid + 1] <= line)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

unsigned
screen_open_plan(struct ui_state *st)
{
    if (!st->has_policy) {
        ui_message(st, true, "%s", _("No policy: start sseadm with --policy FILE to plan changes."));
        return UI_REACT_DRAW;
    }
    if (st->audit_error[0]) {
        ui_message(st, true, _("Changes are off: %s."), st->audit_error);
        return UI_REACT_DRAW;
    }
    if (plan_build(&st->plan, &st->fleet, &st->view) != SSE_OK) {
        ui_message(st, true, "%s", _("Out of memory while planning."));
        return UI_REACT_DRAW;
    }
    const struct plan *p = &st->plan;
    if (p->readonly_row != FLEET_NO_ROW) {
        const struct fleet_profile *fp = fleet_row_profile(&st->fleet, p->readonly_row);
        ui_message(st, true, _("Profile %s is read-only: the plan would change %s; nothing planned "
                               "(p or a filter leaves it out)."),
                   fp->account ? fp->account->profile : "?", st->fleet.rows[p->readonly_row].bucket);
        screen_plan_close(st);
        return UI_REACT_DRAW;
    }
    if (!p->count) {
        if (p->busy)
            ui_message(st, false, ngettext("Nothing to plan: the %zu drifted bucket shown has a "
                                           "change in flight.",
                                           "Nothing to plan: the %zu drifted buckets shown have a "
                                           "change in flight.", p->busy), p->busy);
        else
            ui_message(st, false, "%s", _("Nothing to plan: no bucket shown has drifted from the "
                                          "policy."));
        screen_plan_close(st);
        return UI_REACT_DRAW;
    }
    st->plan_scroll = 0;
    screen_plan_layout(st);
    st->under = st->screen;
    st->screen = UI_PLAN;
    return UI_REACT_DRAW;
}

struct ui_cursor
screen_plan_draw(const struct ui_state *st)
{
    const struct plan *p = &st->plan;
    char title[96];
    snprintf(title, sizeof title, ngettext("Policy plan: %zu change", "Policy plan: %zu changes",
                                           p->count), p->count);
    draw_box(1, 0, st->rows - 2, st->cols, THEME_EL_DIALOG, THEME_EL_DIALOG_TITLE, title);
    char head[300];
    int len = snprintf(head, sizeof head, "%s",
                       _("y writes each rule below (then reads it back); Esc changes nothing."));
    if (p->busy && len > 0 && (size_t)len < sizeof head)
        snprintf(head + len, sizeof head - (size_t)len,
                 ngettext("  %zu drifted bucket left out: a change is in flight.",
                          "  %zu drifted buckets left out: a change is in flight.", p->busy),
                 p->busy);
    draw_text(2, 2, st->cols - 4, THEME_EL_DIALOG_TITLE, head);
    size_t height = plan_height(st);
    size_t i = item_at(st, st->plan_scroll);
    size_t at = st->plan_at ? st->plan_at[i] : i; /* the plan line of item i's first line */
    for (; i < p->count && at < st->plan_scroll + height; i++) {
        char clean[1400];
        struct wrap_line lines[PLAN_ITEM_LINES];
        size_t n = item_lines(st, i, clean, sizeof clean, lines);
        for (size_t k = 0; k < n; k++, at++) {
            if (at < st->plan_scroll || at >= st->plan_scroll + height)
                continue;
            char part[1400];
            snprintf(part, sizeof part, "%.*s", (int)lines[k].len, clean + lines[k].start);
            int y = 2 + PLAN_HEAD + (int)(at - st->plan_scroll);
            int x = k ? 2 + PLAN_INDENT : 2;
            draw_text(y, 2, x - 2, THEME_EL_DIALOG, "");
            draw_text(y, x, st->cols - 2 - x, THEME_EL_DIALOG, part);
        }
    }
    screen_scroll_position(st, st->plan_scroll, height, plan_lines(st));
    screen_status_bar(st, st->rows - 1, S_PLAN);
    return UI_NO_CURSOR;
}

unsigned
screen_plan_key(struct ui_state *st, int key)
{
    enum action a = keys_action(S_PLAN, key);
    screen_plan_layout(st);
    if (screen_scroll(&st->plan_scroll, plan_lines(st), plan_height(st), (int)a))
        return UI_REACT_DRAW;
    switch (a) {
    case ACT_PLAN_APPLY:
        st->screen = st->under;
        st->command = UI_CMD_APPLY_PLAN;
        return UI_REACT_DRAW | UI_REACT_COMMAND;
    case ACT_CLOSE:
        st->screen = st->under;
        screen_plan_close(st);
        ui_message(st, false, "%s", _("Nothing changed."));
        return UI_REACT_DRAW;
    case ACT_REDRAW:
        return UI_REACT_DRAW | UI_REACT_REPAINT;
    default:
        return UI_REACT_NONE;
    }
}
