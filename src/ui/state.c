/* state.c — helpers over the UI state: the rows a command is for, status message, layout heights,
 * reactions. */
#include "ui/state.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

size_t
ui_target_rows(const struct ui_state *st, enum ui_target target, uint32_t **rows)
{
    const struct fleet *f = st->fleet;
    *rows = NULL;
    size_t sel = listview_selected(&st->view);
    bool marked = target == UI_TARGET_MARKED && f->counts.marked;
    size_t n = marked ? f->counts.marked : sel != FLEET_NO_ROW;
    if (!n)
        return 0;
    if (!(*rows = malloc(n * sizeof **rows)))
        return SIZE_MAX;
    if (!marked) {
        (*rows)[0] = (uint32_t)sel;
        return 1;
    }
    size_t k = 0;
    for (size_t i = 0; i < f->count && k < n; i++)
        if (f->rows[i].marked)
            (*rows)[k++] = (uint32_t)i;
    return k;
}

void
ui_message(struct ui_state *st, bool warn, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(st->message, sizeof st->message, fmt, ap);
    va_end(ap);
    st->message_warn = warn;
}

size_t
ui_list_height(const struct ui_state *st)
{
    /* title, column titles, rows..., summary, status bar */
    return st->rows > 5 ? (size_t)(st->rows - 4) : 1;
}

size_t
ui_page_height(const struct ui_state *st)
{
    /* title, box top, lines..., box bottom, status bar */
    return st->rows > 5 ? (size_t)(st->rows - 4) : 1;
}

bool
ui_too_small(const struct ui_state *st)
{
    return st->cols < UI_MIN_COLS || st->rows < UI_MIN_ROWS;
}

struct ui_react
ui_react_flags(unsigned flags)
{
    struct ui_react r;
    memset(&r, 0, sizeof r);
    r.flags = flags;
    return r;
}

struct ui_react
ui_react_command(enum ui_command_kind kind, enum ui_target target)
{
    struct ui_react r = ui_react_flags(UI_REACT_DRAW);
    r.cmd.kind = kind;
    r.cmd.target = target;
    return r;
}
