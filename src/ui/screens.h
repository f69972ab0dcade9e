/* screens.h — the screens and the small menus over them. Each draws itself from the state (X_draw, into the curses buffer;
 * never refreshing) and handles a key (X_key: changes the view, and returns a reaction with, when
 * the key asks the core for something, a command value). Only tui.c sends frames out, and only
 * commands.c carries out commands. */
#ifndef SSE_UI_SCREENS_H
#define SSE_UI_SCREENS_H

#include "ui/state.h"

/* Where the terminal cursor should show after the frame; y < 0 hides it. */
struct ui_cursor {
    int y, x;
};

#define UI_NO_CURSOR ((struct ui_cursor){ -1, -1 })

/* Bucket list (the start screen): title, column titles, rows, summary, status bar / prompt line. */
struct ui_cursor screen_list_draw(const struct ui_state *st);
struct ui_react screen_list_key(struct ui_state *st, int key);

/* Everything known about the selected bucket, in a box over the list. */
struct ui_cursor screen_detail_draw(const struct ui_state *st);
struct ui_react screen_detail_key(struct ui_state *st, int key);

/* The set form (st->form). */
struct ui_cursor screen_form_draw(const struct ui_state *st);
struct ui_react screen_form_key(struct ui_state *st, int key);

/* A yes/no question in a box (st->confirm: quitting with changes in flight). */
struct ui_cursor screen_confirm_draw(const struct ui_state *st);
struct ui_react screen_confirm_key(struct ui_state *st, int key);

/* A plan (st->plan) in a scrollable box: the policy plan of A, or the confirmation of a change
 * (st->confirm says what it asks: a removal, an undo, a bulk set). y applies it. */
struct ui_cursor screen_plan_draw(const struct ui_state *st);
struct ui_react screen_plan_key(struct ui_state *st, int key);
/* Opens the plan screen over the current one on p (moved in: *p is left empty). */
void screen_plan_open(struct ui_state *st, struct app_plan *p);
/* What plan p leaves out and why, e.g. " (1 skipped: nothing to change)" ("" when nothing). */
void screen_plan_skipped(const struct app_plan *p, char *buf, size_t size);
/* Wraps the plan's changes for the terminal's width, once per width (the open, keys and resizes
 * call it; drawing only reads it). */
void screen_plan_layout(struct ui_state *st);
/* Drops the plan and its layout. */
void screen_plan_close(struct ui_state *st);

/* The operations sseadm made, newest first (H, which selects the newest: history_sel SIZE_MAX);
 * u plans the selected one's undo. */
struct ui_cursor screen_history_draw(const struct ui_state *st);
struct ui_react screen_history_key(struct ui_state *st, int key);

/* A small menu over the screen shown (st->menu): c's columns (kind UI_MENU_COLUMNS) or the detail
 * screen's y (UI_MENU_COPY, for the selected bucket). */
void screen_menu_open(struct ui_state *st, enum ui_menu_kind kind);
struct ui_cursor screen_menu_draw(const struct ui_state *st);
struct ui_react screen_menu_key(struct ui_state *st, int key);

/* Every key, grouped, from actions.def. */
struct ui_cursor screen_help_draw(const struct ui_state *st);
struct ui_react screen_help_key(struct ui_state *st, int key);
/* Lines of the help text (for scrolling). */
size_t screen_help_lines(void);

#endif
