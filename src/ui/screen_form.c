/* screen_form.c — the set form in a box: algorithm, CMK ID and data-encryption fields, why the
 * rule cannot be written (or what will be written), and its keys. */
#include <stdio.h>
#include <string.h>

#include "core/i18n.h"
#include "core/sanitize.h"
#include "ui/chrome.h"
#include "ui/draw.h"
#include "ui/keys.h"
#include "ui/screens.h"
#include "ui/wrap.h"

#define FORM_H 11
#define LABEL_W 18

struct geometry {
    int y, x, w, field_x, field_w;
};

static struct geometry
geometry(const struct ui_state *st)
{
    struct geometry g;
    g.w = st->cols - 4 < 72 ? st->cols - 4 : 72;
    g.x = (st->cols - g.w) / 2;
    g.y = (st->rows - FORM_H) / 2;
    if (g.y < 1)
        g.y = 1;
    g.field_x = g.x + 3 + LABEL_W;
    g.field_w = g.w - LABEL_W - 5;
    return g;
}

/* "[AES256]  KMS   SM4 ": every choice in a fixed slot, the chosen one in brackets. */
static void
draw_choices(int y, int x, int width, const char *const *names, int count, int chosen,
             bool focused)
{
    enum theme_element el = focused ? THEME_EL_FORM_FIELD_FOCUS : THEME_EL_DIALOG;
    for (int i = 0; i < count && width > 0; i++) {
        char slot[32];
        snprintf(slot, sizeof slot, i == chosen ? "[%s]" : " %s ", names[i]);
        int used = draw_text_tight(y, x, width, i == chosen ? el : THEME_EL_DIALOG, slot);
        x += used + 1;
        width -= used + 1;
    }
}

static void
label(const struct geometry *g, int row, const char *text, bool focused)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%s%s", focused ? "> " : "  ", text);
    draw_text(g->y + row, g->x + 1, LABEL_W + 2, THEME_EL_FORM_LABEL, buf);
}

struct ui_cursor
screen_form_draw(const struct ui_state *st)
{
    const struct form *f = &st->form;
    struct geometry g = geometry(st);
    struct ui_cursor cursor = UI_NO_CURSOR;
    char title[160];
    form_title(f, title, sizeof title);
    draw_box(g.y, g.x, FORM_H, g.w, THEME_EL_DIALOG, THEME_EL_DIALOG_TITLE, title);

    static const char *const algos[] = { "AES256", "KMS", "SM4" };
    int chosen = f->algo == SSE_ALGO_KMS ? 1 : f->algo == SSE_ALGO_SM4 ? 2 : 0;
    label(&g, 2, _("Algorithm"), f->focus == FORM_ALGO);
    draw_choices(g.y + 2, g.field_x, g.field_w, algos, 3, chosen, f->focus == FORM_ALGO);

    bool kms = form_field_enabled(f, FORM_CMK);
    label(&g, 3, _("CMK ID"), f->focus == FORM_CMK);
    if (!kms) {
        draw_text(g.y + 3, g.field_x, g.field_w, THEME_EL_FORM_DISABLED, "(KMS only)");
    } else {
        bool focused = f->focus == FORM_CMK;
        enum theme_element el = focused ? THEME_EL_FORM_FIELD_FOCUS : THEME_EL_FORM_FIELD;
        if (!f->cmk[0] && !focused) {
            draw_text(g.y + 3, g.field_x, g.field_w, THEME_EL_FORM_DISABLED,
                      "(empty: the OSS-managed CMK)");
        } else {
            /* Show the end of a long ID, where typing happens. */
            char clean[SSE_KMS_KEY_MAX * 3];
            sanitize_text(f->cmk, clean, sizeof clean);
            const char *text = clean;
            while (*text && sanitize_width(text) > g.field_w - 1)
                do
                    text++;
                while (((unsigned char)*text & 0xc0) == 0x80);
            int used = draw_text(g.y + 3, g.field_x, g.field_w, el, text);
            if (focused)
                cursor = (struct ui_cursor){ g.y + 3, g.field_x + used };
        }
    }

    static const char *const encs[] = { "none", "SM4" };
    label(&g, 4, _("KMS data enc."), f->focus == FORM_DATA_ENC);
    if (!kms)
        draw_text(g.y + 4, g.field_x, g.field_w, THEME_EL_FORM_DISABLED, "(KMS only)");
    else
        draw_choices(g.y + 4, g.field_x, g.field_w, encs, 2, f->data_enc == SSE_DATA_ENC_SM4,
                     f->focus == FORM_DATA_ENC);

    /* What the fields started from, when it is not the bucket's rule (still being read). */
    char basis[600];
    form_basis_text(f, basis, sizeof basis);
    draw_text(g.y + 5, g.x + 3, g.w - 6, THEME_EL_DIALOG, basis);

    /* Why it cannot be written, or what will be. */
    char reason[512], line[600];
    bool valid = form_valid(f, reason, sizeof reason);
    if (valid) {
        struct sse_rule rule;
        char desc[400];
        form_rule(f, &rule);
        snprintf(line, sizeof line, _("Will write: %s"), sse_rule_words(&rule, desc, sizeof desc));
    } else {
        snprintf(line, sizeof line, _("Cannot apply: %s"), reason);
    }
    char clean[700];
    sanitize_text(line, clean, sizeof clean);
    struct wrap_line w[2];
    size_t n = wrap_text(clean, g.w - 6, w, 2);
    for (size_t k = 0; k < 2; k++) {
        char part[700] = "";
        if (k < n)
            snprintf(part, sizeof part, "%.*s%s", (int)w[k].len, clean + w[k].start,
                     k == 1 && n > 2 ? draw_ellipsis() : "");
        draw_text(g.y + 6 + (int)k, g.x + 3, g.w - 6, valid ? THEME_EL_DIALOG : THEME_EL_FORM_ERROR,
                  part);
    }
    char hints[160];
    snprintf(hints, sizeof hints, _("Enter apply  Tab next  %s/Space choose  Esc cancel"),
             st->utf8 ? "\xe2\x86\x90\xe2\x86\x92" : "<>");
    draw_text(g.y + 9, g.x + 3, g.w - 6, THEME_EL_DIALOG, hints);
    chrome_status_bar(st, st->rows - 1, S_FORM);
    return cursor;
}

struct ui_react
screen_form_key(struct ui_state *st, int key)
{
    struct form *f = &st->form;
    if (f->focus == FORM_CMK && keys_is_text(key)) {
        char utf8[5];
        keys_utf8(key, utf8);
        if (!form_type(f, utf8))
            ui_message(st, true, "%s", _("The CMK ID is at its length limit."));
        return ui_react_flags(UI_REACT_DRAW);
    }
    switch (keys_action(S_FORM, key)) {
    case ACT_FORM_NEXT: form_focus_next(f); break;
    case ACT_FORM_PREV: form_focus_prev(f); break;
    case ACT_FORM_CYCLE: form_cycle(f, +1); break;
    case ACT_FORM_CYCLE_BACK: form_cycle(f, -1); break;
    case ACT_EDIT_DELETE: form_backspace(f); break;
    case ACT_EDIT_CLEAR: form_clear(f); break;
    case ACT_FORM_SUBMIT: {
        char reason[512];
        if (!form_valid(f, reason, sizeof reason)) {
            ui_message(st, true, _("Cannot apply: %s"), reason);
            break;
        }
        st->screen = st->under;
        struct ui_react r = ui_react_command(UI_CMD_SET, st->form_target);
        form_rule(f, &r.cmd.rule);
        return r;
    }
    case ACT_FORM_CANCEL:
        st->screen = st->under;
        ui_message(st, false, "%s", _("Nothing changed."));
        break;
    case ACT_REDRAW: return ui_react_flags(UI_REACT_DRAW | UI_REACT_REPAINT);
    default: return ui_react_flags(UI_REACT_NONE);
    }
    return ui_react_flags(UI_REACT_DRAW);
}
