/* chrome.c — the status bar and its key hints, the prompt line, scrolling, text fields, and the
 * keys the list and detail screens share. */
#include "ui/chrome.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/sanitize.h"
#include "ui/draw.h"
#include "ui/keys.h"

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
chrome_status_bar(const struct ui_state *st, int y, unsigned scope)
{
    if (st->message[0])
        draw_text(y, 0, st->cols, st->message_warn ? THEME_EL_WARNING : THEME_EL_STATUS_BAR,
                  st->message);
    else
        draw_hints(st, y, scope);
}

struct ui_cursor
chrome_prompt(const struct ui_state *st, int y, const char *label, const char *typed,
              const char *hint)
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

bool
chrome_scroll(size_t *top, size_t lines, size_t height, int action)
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
chrome_scroll_position(const struct ui_state *st, size_t top, size_t height, size_t lines)
{
    if (lines <= height)
        return;
    char more[80];
    snprintf(more, sizeof more, " %zu-%zu of %zu ", top + 1, top + height < lines ? top + height : lines,
             lines);
    draw_text_right(st->rows - 2, 0, st->cols - 2, THEME_EL_DIALOG_TITLE, more);
}

bool
chrome_edit_text(char *text, size_t size, int action, int key)
{
    size_t n = strlen(text);
    switch ((enum action)action) {
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

bool
chrome_shared_action(struct ui_state *st, int action, enum ui_target target,
                     struct ui_react *react)
{
    switch ((enum action)action) {
    case ACT_SET: *react = ui_react_command(UI_CMD_OPEN_SET, target); return true;
    case ACT_REMOVE: *react = ui_react_command(UI_CMD_REMOVE, target); return true;
    /* undo is per bucket: the selected one, marks or not */
    case ACT_UNDO: *react = ui_react_command(UI_CMD_UNDO, UI_TARGET_SELECTED); return true;
    case ACT_REFRESH: *react = ui_react_command(UI_CMD_READ, UI_TARGET_SELECTED); return true;
    case ACT_REFRESH_ALL: *react = ui_react_command(UI_CMD_READ_ALL, target); return true;
    case ACT_HISTORY:
        st->history_sel = SIZE_MAX; /* the newest, until a key picks one */
        st->history_top = 0;
        st->history_under = st->screen;
        st->screen = UI_HISTORY;
        *react = ui_react_flags(UI_REACT_DRAW);
        return true;
    case ACT_HELP:
        st->under = st->screen;
        st->screen = UI_HELP;
        st->help_scroll = 0;
        *react = ui_react_flags(UI_REACT_DRAW);
        return true;
    case ACT_REDRAW:
        *react = ui_react_flags(UI_REACT_DRAW | UI_REACT_REPAINT);
        return true;
    default:
        return false;
    }
}

struct ui_react
chrome_quit(struct ui_state *st)
{
    if (!st->fleet->counts.writes)
        return ui_react_flags(UI_REACT_QUIT);
    memset(&st->confirm, 0, sizeof st->confirm);
    st->confirm.kind = CONFIRM_QUIT;
    st->confirm.count = st->fleet->counts.writes;
    st->under = st->screen;
    st->screen = UI_CONFIRM;
    return ui_react_flags(UI_REACT_DRAW);
}
