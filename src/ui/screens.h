/* screens.h — the six screens. Each draws itself from the state (X_draw, into the curses buffer;
 * never refreshing) and handles a key (X_key, changing the state and returning enum ui_react
 * flags). Only tui.c sends frames out and carries out commands. */
#ifndef SSE_UI_SCREENS_H
#define SSE_UI_SCREENS_H

#include "ui/state.h"

/* Where the terminal cursor should show after the frame; y < 0 hides it. */
struct ui_cursor {
    int y, x;
};

#define UI_NO_CURSOR ((struct ui_cursor){ -1, -1 })

/* Bucket list (the start screen): title, column titles, rows, summary, status bar / filter line. */
struct ui_cursor screen_list_draw(const struct ui_state *st);
unsigned screen_list_key(struct ui_state *st, int key);

/* Everything known about the selected bucket, in a box over the list. */
struct ui_cursor screen_detail_draw(const struct ui_state *st);
unsigned screen_detail_key(struct ui_state *st, int key);

/* The set form (st->form). */
struct ui_cursor screen_form_draw(const struct ui_state *st);
unsigned screen_form_key(struct ui_state *st, int key);

/* A yes/no question (st->confirm). */
struct ui_cursor screen_confirm_draw(const struct ui_state *st);
unsigned screen_confirm_key(struct ui_state *st, int key);

/* The policy plan (st->plan) of A: y applies it. */
struct ui_cursor screen_plan_draw(const struct ui_state *st);
unsigned screen_plan_key(struct ui_state *st, int key);
/* Builds the plan for the drifted buckets shown and opens it, or says why not (no policy, nothing
 * drifted, a read-only profile among them, changes off). */
unsigned screen_open_plan(struct ui_state *st);
/* Wraps the plan's changes for the terminal's width, once per width (the open, keys and resizes
 * call it; drawing only reads it). */
void screen_plan_layout(struct ui_state *st);
/* Drops the plan and its layout. */
void screen_plan_close(struct ui_state *st);

/* Every key, grouped, from actions.def. */
struct ui_cursor screen_help_draw(const struct ui_state *st);
unsigned screen_help_key(struct ui_state *st, int key);
/* Lines of the help text (for scrolling). */
size_t screen_help_lines(void);

/* Opens the set form or the remove confirmation for the current targets, or refuses with a
 * message (read-only profile, nothing selected). Shared by the list and detail screens. */
unsigned screen_open_set(struct ui_state *st);
unsigned screen_open_remove(struct ui_state *st);
/* Opens the undo confirmation for the selected bucket (its last change in the audit log), or
 * refuses with a message (nothing recorded, read-only profile, no audit log). */
unsigned screen_open_undo(struct ui_state *st);
/* The actions the list and detail screens share (set, remove, undo, refresh, help, redraw):
 * carries out `action` for the marked rows or (target_one) the selected one and sets *react.
 * False when the action is not one of them. */
bool screen_shared_action(struct ui_state *st, int action, bool target_one, unsigned *react);
/* Quit, asking first when changes are in flight. */
unsigned screen_quit(struct ui_state *st);
/* The status bar at line y: the message if there is one, else the key hints of scope. */
void screen_status_bar(const struct ui_state *st, int y, unsigned scope);
/* Scrolls a page of `lines` lines shown `height` at a time by an UP/DOWN/PAGE/TOP/BOTTOM action;
 * returns true when the action was one of those. */
bool screen_scroll(size_t *top, size_t lines, size_t height, int action);
/* " 11-20 of 96 " in the bottom border of a box over the whole screen, when not every one of
 * lines fits in height. */
void screen_scroll_position(const struct ui_state *st, size_t top, size_t height, size_t lines);

#endif
