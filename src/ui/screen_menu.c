/* screen_menu.c — the small menus over a screen: c's columns of the bucket list (Space shows or
 * hides one; the choice is remembered when the menu closes), and the detail screen's y (what of
 * the bucket to copy: name, CMK ID, request ID, the rule as JSON). */
#include <stdio.h>
#include <string.h>

#include "core/i18n.h"
#include "core/sanitize.h"
#include "ui/chrome.h"
#include "ui/columns.h"
#include "ui/draw.h"
#include "ui/keys.h"
#include "ui/screens.h"

/* What item i of the copy menu shows of row (into buf); NULL when the row has none of it. */
static const char *
copy_value(const struct ui_state *st, size_t row, int item, char *buf, size_t size)
{
    const struct fleet_row *r = &st->fleet->rows[row];
    switch (item) {
    case UI_COPY_NAME: sanitize_text(r->bucket, buf, size); return buf;
    case UI_COPY_CMK:
        if (!r->rule_known || r->rule.algo != SSE_ALGO_KMS || !r->rule.kms_key_id[0])
            return NULL;
        sanitize_text(r->rule.kms_key_id, buf, size);
        return buf;
    case UI_COPY_REQUEST_ID:
        if (!r->request_id[0])
            return NULL;
        sanitize_text(r->request_id, buf, size);
        return buf;
    case UI_COPY_JSON: snprintf(buf, size, "%s", _("as sseadm report --format json has it")); return buf;
    default: return NULL;
    }
}

static const char *
copy_label(int item)
{
    switch (item) {
    case UI_COPY_NAME: return _("Name");
    case UI_COPY_CMK: return _("CMK ID");
    case UI_COPY_REQUEST_ID: return _("Request ID");
    default: return _("Rule as JSON");
    }
}

static const char *
column_label(int c)
{
    switch (c) {
    case SSE_COL_PROFILE: return _("Profile");
    case SSE_COL_BUCKET: return _("Bucket (always shown)");
    case SSE_COL_ALGORITHM: return _("Algorithm");
    case SSE_COL_KMS_KEY_ID: return _("CMK ID");
    case SSE_COL_KMS_DATA: return _("KMS data encryption");
    case SSE_COL_REGION: return _("Region (buckets outside their profile's)");
    case SSE_COL_POLICY: return _("Policy verdict");
    default: return _("Status");
    }
}

void
screen_menu_open(struct ui_state *st, enum ui_menu_kind kind)
{
    struct ui_menu *m = &st->menu;
    memset(m, 0, sizeof *m);
    m->kind = kind;
    if (kind == UI_MENU_COLUMNS) {
        for (int c = 0; c < SSE_COL_COUNT; c++)
            if (c != SSE_COL_POLICY || st->has_policy)
                m->items[m->count++] = c;
        m->columns_before = st->columns;
        m->cursor = 0;
    } else {
        size_t row = listview_selected(&st->view);
        if (row == FLEET_NO_ROW)
            return;
        char buf[8];
        for (int i = UI_COPY_NAME; i <= UI_COPY_JSON; i++)
            if (copy_value(st, row, i, buf, sizeof buf))
                m->items[m->count++] = i;
    }
    st->under = st->screen;
    st->screen = UI_MENU;
}

struct ui_cursor
screen_menu_draw(const struct ui_state *st)
{
    const struct ui_menu *m = &st->menu;
    /* As wide as what it lists: a column's name, or a CMK ID beside its label. */
    int want = m->kind == UI_MENU_COLUMNS ? 56 : 64;
    int w = st->cols - 4 < want ? st->cols - 4 : want;
    int h = (int)m->count + 4;
    int x = (st->cols - w) / 2, y = (st->rows - h) / 2;
    if (y < 1)
        y = 1;
    draw_box(y, x, h, w, THEME_EL_DIALOG, THEME_EL_DIALOG_TITLE,
             m->kind == UI_MENU_COLUMNS ? _("Columns") : _("Copy to the clipboard"));
    size_t row = listview_selected(&st->view);
    struct columns_layout shown;
    ui_columns_layout(st, &shown);
    for (size_t i = 0; i < m->count; i++) {
        bool at = i == m->cursor;
        enum theme_element el = at ? THEME_EL_ROW_SELECTED : THEME_EL_DIALOG;
        char line[400];
        if (m->kind == UI_MENU_COLUMNS) {
            int c = m->items[i];
            bool on = st->columns & SSE_COLUMN_BIT(c);
            snprintf(line, sizeof line, "%s [%s] %s%s", at ? ">" : " ", on ? "x" : " ",
                     column_label(c), on && !shown.width[c] ? _("  (no room)") : "");
        } else {
            char value[300] = "";
            if (row != FLEET_NO_ROW)
                copy_value(st, row, m->items[i], value, sizeof value);
            snprintf(line, sizeof line, "%s %-13s %s", at ? ">" : " ", copy_label(m->items[i]),
                     value);
        }
        draw_text(y + 2 + (int)i, x + 2, w - 4, el, line);
    }
    chrome_status_bar(st, st->rows - 1, S_MENU);
    return UI_NO_CURSOR;
}

/* Closes the menu; a columns menu that changed something asks for the choice to be kept. */
static struct ui_react
close_menu(struct ui_state *st)
{
    st->screen = st->under;
    if (st->menu.kind == UI_MENU_COLUMNS && st->columns != st->menu.columns_before)
        return ui_react_command(UI_CMD_REMEMBER, UI_TARGET_SELECTED);
    return ui_react_flags(UI_REACT_DRAW);
}

struct ui_react
screen_menu_key(struct ui_state *st, int key)
{
    struct ui_menu *m = &st->menu;
    enum action a = keys_action(S_MENU, key);
    switch (a) {
    case ACT_UP:
        m->cursor = m->cursor ? m->cursor - 1 : m->count - 1;
        return ui_react_flags(UI_REACT_DRAW);
    case ACT_DOWN:
        m->cursor = m->cursor + 1 < m->count ? m->cursor + 1 : 0;
        return ui_react_flags(UI_REACT_DRAW);
    case ACT_MENU_TOGGLE:
        if (m->kind != UI_MENU_COLUMNS || m->cursor >= m->count)
            return ui_react_flags(UI_REACT_NONE);
        if (m->items[m->cursor] == SSE_COL_BUCKET) {
            ui_message(st, false, "%s", _("The bucket's name is always shown."));
            return ui_react_flags(UI_REACT_DRAW);
        }
        st->columns ^= SSE_COLUMN_BIT(m->items[m->cursor]);
        return ui_react_flags(UI_REACT_DRAW);
    case ACT_MENU_PICK:
        if (m->kind == UI_MENU_COLUMNS || m->cursor >= m->count)
            return close_menu(st);
        {
            struct ui_react r = ui_react_command(UI_CMD_COPY, UI_TARGET_SELECTED);
            r.cmd.copy = (enum ui_copy)m->items[m->cursor];
            st->screen = st->under;
            return r;
        }
    case ACT_MENU_CLOSE: return close_menu(st);
    case ACT_REDRAW: return ui_react_flags(UI_REACT_DRAW | UI_REACT_REPAINT);
    default: return ui_react_flags(UI_REACT_NONE);
    }
}
