/* screen_confirm.c — a yes/no question in a box (quit with changes in flight): y confirms, any
 * other key cancels. A change's confirmation lists its buckets on the plan screen. */
#include <stdio.h>

#include "core/i18n.h"
#include "core/sanitize.h"
#include "ui/chrome.h"
#include "ui/draw.h"
#include "ui/keys.h"
#include "ui/screens.h"
#include "ui/wrap.h"

#define CONFIRM_LINES 4

struct ui_cursor
screen_confirm_draw(const struct ui_state *st)
{
    const struct confirm *c = &st->confirm;
    int w = st->cols - 4 < 64 ? st->cols - 4 : 64;
    int h = CONFIRM_LINES + 5;
    int x = (st->cols - w) / 2, y = (st->rows - h) / 2;
    if (y < 1)
        y = 1;
    draw_box(y, x, h, w, THEME_EL_DIALOG, THEME_EL_DIALOG_TITLE, _("Quit"));
    char question[700], clean[800];
    confirm_question(c, question, sizeof question);
    sanitize_text(question, clean, sizeof clean);
    struct wrap_line lines[CONFIRM_LINES];
    size_t n = wrap_text(clean, w - 6, lines, CONFIRM_LINES);
    for (size_t k = 0; k < n && k < CONFIRM_LINES; k++) {
        char part[800];
        snprintf(part, sizeof part, "%.*s", (int)lines[k].len, clean + lines[k].start);
        draw_text(y + 2 + (int)k, x + 3, w - 6, THEME_EL_DIALOG, part);
    }
    draw_text(y + h - 2, x + 3, w - 6, THEME_EL_DIALOG_TITLE, _("y: yes   any other key: no"));
    chrome_status_bar(st, st->rows - 1, S_CONFIRM);
    return UI_NO_CURSOR;
}

struct ui_react
screen_confirm_key(struct ui_state *st, int key)
{
    bool yes = keys_action(S_CONFIRM, key) == ACT_CONFIRM_YES;
    st->screen = st->under;
    if (yes)
        return ui_react_flags(UI_REACT_QUIT);
    ui_message(st, false, "%s", _("Still running."));
    return ui_react_flags(UI_REACT_DRAW);
}
