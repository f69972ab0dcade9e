/* screen_plan.c — the policy plan (A): what each drifted bucket shown has, what the policy would
 * write and why, each change wrapped over as many lines as it needs, in a scrollable box; y applies
 * it, Esc leaves everything as it is. */
#include <stdio.h>
#include <stdlib.h>

#include "core/i18n.h"
#include "core/sanitize.h"
#include "ui/chrome.h"
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
    app_plan_line(st->app, &st->plan, i, st->utf8 ? "\xe2\x86\x92" : "->", line, sizeof line);
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
    app_plan_cleanup(&st->plan);
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

struct ui_cursor
screen_plan_draw(const struct ui_state *st)
{
    const struct app_plan *p = &st->plan;
    size_t busy = p->refused[APP_BUSY];
    char title[96];
    snprintf(title, sizeof title, ngettext("Policy plan: %zu change", "Policy plan: %zu changes",
                                           p->count), p->count);
    draw_box(1, 0, st->rows - 2, st->cols, THEME_EL_DIALOG, THEME_EL_DIALOG_TITLE, title);
    char head[300];
    int len = snprintf(head, sizeof head, "%s",
                       _("y writes each rule below (then reads it back); Esc changes nothing."));
    if (busy && len > 0 && (size_t)len < sizeof head)
        snprintf(head + len, sizeof head - (size_t)len,
                 ngettext("  %zu drifted bucket left out: a change is in flight.",
                          "  %zu drifted buckets left out: a change is in flight.", busy),
                 busy);
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
    chrome_scroll_position(st, st->plan_scroll, height, plan_lines(st));
    chrome_status_bar(st, st->rows - 1, S_PLAN);
    return UI_NO_CURSOR;
}

struct ui_react
screen_plan_key(struct ui_state *st, int key)
{
    enum action a = keys_action(S_PLAN, key);
    screen_plan_layout(st);
    if (chrome_scroll(&st->plan_scroll, plan_lines(st), plan_height(st), (int)a))
        return ui_react_flags(UI_REACT_DRAW);
    switch (a) {
    case ACT_PLAN_APPLY: {
        st->screen = st->under;
        /* The plan shown goes with the command: exactly what was read is applied. */
        struct ui_react r = ui_react_command(UI_CMD_APPLY, UI_TARGET_MARKED);
        r.cmd.plan = st->plan;
        app_plan_init(&st->plan, st->plan.kind);
        screen_plan_close(st);
        return r;
    }
    case ACT_CLOSE:
        st->screen = st->under;
        screen_plan_close(st);
        ui_message(st, false, "%s", _("Nothing changed."));
        return ui_react_flags(UI_REACT_DRAW);
    case ACT_REDRAW:
        return ui_react_flags(UI_REACT_DRAW | UI_REACT_REPAINT);
    default:
        return ui_react_flags(UI_REACT_NONE);
    }
}
