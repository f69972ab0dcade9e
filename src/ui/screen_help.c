/* screen_help.c — every key, grouped, generated from actions.def; scrollable. */
#include <stdio.h>
#include <string.h>

#include "core/i18n.h"
#include "ui/chrome.h"
#include "ui/draw.h"
#include "ui/keys.h"
#include "ui/screens.h"

#define KEYS_W 16

/* Calls line(i, group heading or NULL, action) for every help line in order; returns the count.
 * A group heading line precedes each group's first action; a blank line separates groups. */
static size_t
walk(void (*line)(void *ctx, size_t i, const char *heading, enum action a), void *ctx)
{
    const char *groups[ACTION_COUNT];
    size_t ngroups = 0, i = 0;
    for (int a = 1; a < ACTION_COUNT; a++) {
        const char *g = keys_group((enum action)a);
        bool seen = false;
        for (size_t k = 0; k < ngroups && !seen; k++)
            seen = strcmp(groups[k], g) == 0;
        if (!seen)
            groups[ngroups++] = g;
    }
    for (size_t k = 0; k < ngroups; k++) {
        if (k) {
            if (line)
                line(ctx, i, "", ACT_NONE);
            i++;
        }
        if (line)
            line(ctx, i, groups[k], ACT_NONE);
        i++;
        for (int a = 1; a < ACTION_COUNT; a++) {
            if (strcmp(keys_group((enum action)a), groups[k]) != 0)
                continue;
            if (line)
                line(ctx, i, NULL, (enum action)a);
            i++;
        }
    }
    return i;
}

size_t
screen_help_lines(void)
{
    return walk(NULL, NULL);
}

static void
draw_line(void *ctx, size_t i, const char *heading, enum action a)
{
    const struct ui_state *st = ctx;
    size_t height = ui_page_height(st);
    if (i < st->help_scroll || i >= st->help_scroll + height)
        return;
    int y = 2 + (int)(i - st->help_scroll);
    int inner = st->cols - 4;
    if (heading) {
        draw_text(y, 2, inner, THEME_EL_DIALOG_TITLE, heading);
        return;
    }
    char keys[96];
    keys_label(a, st->utf8, keys, sizeof keys);
    draw_text(y, 2, 2, THEME_EL_DIALOG, "");
    draw_text(y, 4, KEYS_W, THEME_EL_HELP_KEY, keys);
    draw_text(y, 4 + KEYS_W, inner - KEYS_W - 2, THEME_EL_HELP_TEXT, keys_help(a));
}

struct ui_cursor
screen_help_draw(const struct ui_state *st)
{
    draw_box(1, 0, st->rows - 2, st->cols, THEME_EL_DIALOG, THEME_EL_DIALOG_TITLE, _("Keys"));
    size_t n = walk(draw_line, (void *)st);
    size_t height = ui_page_height(st);
    chrome_scroll_position(st, st->help_scroll, height, n);
    chrome_status_bar(st, st->rows - 1, S_HELP);
    return UI_NO_CURSOR;
}

struct ui_react
screen_help_key(struct ui_state *st, int key)
{
    enum action a = keys_action(S_HELP, key);
    if (chrome_scroll(&st->help_scroll, screen_help_lines(), ui_page_height(st), (int)a))
        return ui_react_flags(UI_REACT_DRAW);
    if (a == ACT_CLOSE) {
        st->screen = st->under;
        return ui_react_flags(UI_REACT_DRAW);
    }
    return ui_react_flags(a == ACT_REDRAW ? UI_REACT_DRAW | UI_REACT_REPAINT : UI_REACT_NONE);
}
