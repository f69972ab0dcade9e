/* screen_help.c — every key, grouped, generated from actions.def; scrollable. */
#include <stdio.h>
#include <string.h>

#include "core/i18n.h"
#include "core/sanitize.h"
#include "model/query.h"
#include "ui/chrome.h"
#include "ui/draw.h"
#include "ui/keys.h"
#include "ui/screens.h"

#define KEYS_W 16

/* Calls line(i, heading, NULL, NULL) for a group heading ("" for the blank line between groups)
 * and line(i, NULL, keys, help) for the rest, for every help line in order; returns the count.
 * The actions' groups come first, then the filter's terms (model/query). */
static size_t
walk(void (*line)(void *ctx, size_t i, const char *heading, const char *keys, const char *help),
     void *ctx, bool utf8)
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
                line(ctx, i, "", NULL, NULL);
            i++;
        }
        if (line)
            line(ctx, i, groups[k], NULL, NULL);
        i++;
        for (int a = 1; a < ACTION_COUNT; a++) {
            if (strcmp(keys_group((enum action)a), groups[k]) != 0)
                continue;
            if (line) {
                char keys[96];
                keys_label((enum action)a, utf8, keys, sizeof keys);
                line(ctx, i, NULL, keys, keys_help((enum action)a));
            }
            i++;
        }
    }
    if (line) {
        line(ctx, i, "", NULL, NULL);
        line(ctx, i + 1, _("Filter terms (after /; separated by spaces, all must hold)"), NULL, NULL);
    }
    i += 2;
    for (int f = 0; f < QUERY_FIELD_COUNT; f++, i++)
        if (line)
            line(ctx, i, NULL, query_field_syntax((enum query_field)f),
                 query_field_help((enum query_field)f));
    if (line)
        line(ctx, i, NULL, _("!TERM"), _("the rows TERM does not match, e.g. !alg:none"));
    return i + 1;
}

size_t
screen_help_lines(void)
{
    return walk(NULL, NULL, false);
}

static void
draw_line(void *ctx, size_t i, const char *heading, const char *keys, const char *help)
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
    /* A term's syntax can be longer than a key's column: the text then starts after it. */
    int kw = sanitize_width(keys) + 2 > KEYS_W ? sanitize_width(keys) + 2 : KEYS_W;
    draw_text(y, 2, 2, THEME_EL_DIALOG, "");
    draw_text(y, 4, kw, THEME_EL_HELP_KEY, keys);
    draw_text(y, 4 + kw, inner - kw - 2, THEME_EL_HELP_TEXT, help);
}

struct ui_cursor
screen_help_draw(const struct ui_state *st)
{
    draw_box(1, 0, st->rows - 2, st->cols, THEME_EL_DIALOG, THEME_EL_DIALOG_TITLE, _("Keys"));
    size_t n = walk(draw_line, (void *)st, st->utf8);
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
