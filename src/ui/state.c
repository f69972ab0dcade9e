/* state.c — helpers over the UI state: targets of a change, status message, layout heights. */
#include "ui/state.h"

#include <stdarg.h>
#include <stdio.h>

size_t
ui_targets(const struct ui_state *st, size_t *first)
{
    const struct fleet *f = &st->fleet;
    *first = FLEET_NO_ROW;
    if (!f->counts.marked || st->target_one) {
        *first = listview_selected(&st->view);
        return *first == FLEET_NO_ROW ? 0 : 1;
    }
    for (size_t i = 0; i < f->count; i++) {
        if (f->rows[i].marked) {
            *first = i;
            break;
        }
    }
    return f->counts.marked;
}

bool
ui_is_target(const struct ui_state *st, size_t row)
{
    if (st->fleet.counts.marked && !st->target_one)
        return st->fleet.rows[row].marked;
    return row == listview_selected(&st->view);
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
