/* screen_plan.c — a plan in a scrollable box, each change wrapped over as many lines as it needs:
 * the policy plan of A (what each drifted bucket shown has, what the policy would write and why;
 * y applies it, Esc leaves everything as it is), and the confirmation of a removal, an undo or a
 * bulk set (the question, what is left out and how many of the buckets the list hides, then each
 * bucket's rule now -> the rule it gets; y applies exactly that, any other key cancels). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "core/sanitize.h"
#include "ui/chrome.h"
#include "ui/draw.h"
#include "ui/keys.h"
#include "ui/screens.h"
#include "ui/wrap.h"

/* Continuation lines of a change are indented by this many columns. */
#define PLAN_INDENT 4
/* Lines one change may take at most (a CMK ID and reasons are a few hundred characters). */
#define PLAN_ITEM_LINES 16
/* Lines the heading may take at most (the question, what is left out, the keys). */
#define HEAD_LINES 8

/* One line of the heading: a part of one of its paragraphs. */
struct heading_line {
    int para;
    struct wrap_line at;
};

/* The heading as wrapped lines of up to three paragraphs. */
struct heading {
    char text[3][1200];
    struct heading_line line[HEAD_LINES];
    size_t count;
};

static bool
confirming(const struct ui_state *st)
{
    return st->plan.kind != APP_PLAN_POLICY;
}

/* Lines of the whole plan as laid out (one per change before the first layout). */
static size_t
plan_lines(const struct ui_state *st)
{
    return st->plan_at ? st->plan_at[st->plan.count] : st->plan.count;
}

void
screen_plan_skipped(const struct app_plan *p, char *buf, size_t size)
{
    bool undo = p->kind == APP_PLAN_UNDO;
    struct { size_t n; const char *fmt; } parts[] = {
        { p->refused[APP_CHANGED], undo ? N_(" (%zu skipped: changed after sseadm's change)")
                                        : N_(" (%zu skipped: changed since the plan was made)") },
        { p->refused[APP_BUSY] + p->refused[APP_NOT_ROUTED],
          N_(" (%zu skipped: a change is still in flight)") },
        { p->refused[APP_UNCHANGED], N_(" (%zu skipped: nothing to change)") },
        { p->refused[APP_UNDONE], N_(" (%zu skipped: undone already)") },
        { p->refused[APP_CANNOT_WRITE], N_(" (%zu skipped: a rule sseadm cannot write)") },
        { p->outside, N_(" (%zu skipped: not in the list)") },
    };
    size_t len = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < sizeof parts / sizeof parts[0] && len < size; i++) {
        if (!parts[i].n)
            continue;
        int n = snprintf(buf + len, size - len, _(parts[i].fmt), parts[i].n);
        if (n < 0)
            break;
        len += (size_t)n;
    }
}

/* The question and counts above the changes; its keys line names scrolling when the changes do
 * not fit (then the scrolling keys scroll; otherwise every key but y cancels, as in a dialog). */
static void
heading(const struct ui_state *st, bool scrolls, struct heading *h)
{
    const struct app_plan *p = &st->plan;
    char raw[3][1200];
    size_t paras = 0;
    if (!confirming(st)) {
        size_t busy = p->refused[APP_BUSY];
        int len = snprintf(raw[0], sizeof raw[0], "%s",
                           _("y writes each rule below (then reads it back); Esc changes nothing."));
        if (busy && len > 0 && (size_t)len < sizeof raw[0])
            snprintf(raw[0] + len, sizeof raw[0] - (size_t)len,
                     ngettext("  %zu drifted bucket left out: a change is in flight.",
                              "  %zu drifted buckets left out: a change is in flight.", busy),
                     busy);
        paras = 1;
    } else {
        confirm_question(&st->confirm, raw[0], sizeof raw[0]);
        char skipped[600];
        screen_plan_skipped(p, skipped, sizeof skipped);
        int len = 0;
        raw[1][0] = '\0';
        if (st->confirm.hidden)
            len = snprintf(raw[1], sizeof raw[1],
                           ngettext("%zu of them is hidden by the current filter.",
                                    "%zu of them are hidden by the current filter.",
                                    st->confirm.hidden),
                           st->confirm.hidden);
        if (skipped[0] && len >= 0 && (size_t)len < sizeof raw[1])
            snprintf(raw[1] + len, sizeof raw[1] - (size_t)len, "%s", skipped + (len ? 0 : 1));
        paras = raw[1][0] ? 2 : 1;
        snprintf(raw[paras++], sizeof raw[0], "%s",
                 scrolls ? _("y: yes   j/k PgUp/PgDn: scroll   any other key: no")
                         : _("y: yes   any other key: no"));
    }
    h->count = 0;
    int width = st->cols - 4 > 8 ? st->cols - 4 : 8;
    for (size_t k = 0; k < paras; k++) {
        sanitize_text(raw[k], h->text[k], sizeof h->text[k]);
        struct wrap_line lines[HEAD_LINES];
        size_t n = wrap_text(h->text[k], width, lines, HEAD_LINES);
        for (size_t i = 0; i < n && i < HEAD_LINES && h->count < HEAD_LINES; i++)
            h->line[h->count++] = (struct heading_line){ (int)k, lines[i] };
    }
}

/* Lines the changes have below the heading h (and the blank line under it). */
static size_t
height_under(const struct ui_state *st, size_t head)
{
    size_t h = ui_page_height(st);
    return h > head + 1 ? h - head - 1 : 1;
}

/* Whether the changes need scrolling, and the heading that goes with that. */
static bool
layout_heading(const struct ui_state *st, struct heading *h)
{
    heading(st, false, h);
    if (plan_lines(st) <= height_under(st, h->count))
        return false;
    heading(st, true, h); /* naming the scroll keys may take one more line */
    return true;
}

static size_t
plan_height(const struct ui_state *st)
{
    struct heading h;
    layout_heading(st, &h);
    return height_under(st, h.count);
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
screen_plan_open(struct ui_state *st, struct app_plan *p)
{
    screen_plan_close(st);
    st->plan = *p;
    app_plan_init(p, p->kind);
    st->plan_scroll = 0;
    screen_plan_layout(st);
    st->under = st->screen;
    st->screen = UI_PLAN;
}

void
screen_plan_close(struct ui_state *st)
{
    app_plan_cleanup(&st->plan);
    free(st->plan_at);
    st->plan_at = NULL;
    st->plan_at_cols = 0;
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

static const char *
title_of(const struct ui_state *st, char *buf, size_t size)
{
    const struct app_plan *p = &st->plan;
    if (!confirming(st)) {
        snprintf(buf, size, ngettext("Policy plan: %zu change", "Policy plan: %zu changes",
                                     p->count), p->count);
        return buf;
    }
    switch (st->confirm.kind) {
    case CONFIRM_UNDO: return _("Undo the last change");
    case CONFIRM_SET: return _("Set encryption");
    case CONFIRM_UNDO_OP: return _("Undo an operation");
    default: return _("Remove encryption");
    }
}

struct ui_cursor
screen_plan_draw(const struct ui_state *st)
{
    const struct app_plan *p = &st->plan;
    char title[96];
    draw_box(1, 0, st->rows - 2, st->cols, THEME_EL_DIALOG, THEME_EL_DIALOG_TITLE,
             title_of(st, title, sizeof title));
    struct heading h;
    layout_heading(st, &h);
    for (size_t k = 0; k < h.count; k++) {
        char part[1200];
        const struct wrap_line *w = &h.line[k].at;
        snprintf(part, sizeof part, "%.*s", (int)w->len, h.text[h.line[k].para] + w->start);
        draw_text(2 + (int)k, 2, st->cols - 4, THEME_EL_DIALOG_TITLE, part);
    }
    size_t top = 2 + h.count + 1, height = height_under(st, h.count);
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
            int y = (int)(top + at - st->plan_scroll);
            int x = k ? 2 + PLAN_INDENT : 2;
            draw_text(y, 2, x - 2, THEME_EL_DIALOG, "");
            draw_text(y, x, st->cols - 2 - x, THEME_EL_DIALOG, part);
        }
    }
    chrome_scroll_position(st, st->plan_scroll, height, plan_lines(st));
    chrome_status_bar(st, st->rows - 1, confirming(st) ? S_CONFIRM : S_PLAN);
    return UI_NO_CURSOR;
}

/* The plan shown goes with the command: exactly what was read and listed is applied. */
static struct ui_react
go(struct ui_state *st)
{
    st->screen = st->under;
    struct ui_react r = ui_react_command(UI_CMD_APPLY, UI_TARGET_MARKED);
    r.cmd.plan = st->plan;
    app_plan_init(&st->plan, st->plan.kind);
    screen_plan_close(st);
    return r;
}

/* A confirmation's key: y applies, the scrolling keys scroll a list that does not fit, any other
 * key cancels. */
static struct ui_react
confirm_key(struct ui_state *st, enum action a)
{
    struct heading h;
    bool scrolls = layout_heading(st, &h);
    if (scrolls && chrome_scroll(&st->plan_scroll, plan_lines(st), height_under(st, h.count), (int)a))
        return ui_react_flags(UI_REACT_DRAW);
    if (a == ACT_REDRAW)
        return ui_react_flags(UI_REACT_DRAW | UI_REACT_REPAINT);
    if (a == ACT_PLAN_APPLY)
        return go(st);
    enum confirm_kind kind = st->confirm.kind;
    st->screen = st->under;
    screen_plan_close(st);
    ui_message(st, false, "%s", kind == CONFIRM_REMOVE ? _("Nothing removed.")
                                : kind == CONFIRM_SET  ? _("Nothing changed.")
                                                       : _("Nothing restored."));
    return ui_react_flags(UI_REACT_DRAW);
}

struct ui_react
screen_plan_key(struct ui_state *st, int key)
{
    enum action a = keys_action(S_PLAN, key);
    screen_plan_layout(st);
    if (confirming(st))
        return confirm_key(st, a);
    if (chrome_scroll(&st->plan_scroll, plan_lines(st), plan_height(st), (int)a))
        return ui_react_flags(UI_REACT_DRAW);
    switch (a) {
    case ACT_PLAN_APPLY: return go(st);
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
