/* chrome.h — what every screen shares: the status bar (message or key hints), the prompt line,
 * scrolling a page of lines, the scroll position in a box's border, and the keys the list and
 * detail screens both take. */
#ifndef SSE_UI_CHROME_H
#define SSE_UI_CHROME_H

#include <stdbool.h>
#include <stddef.h>

#include "ui/screens.h"

/* The status bar at line y: the message if there is one, else the key hints of scope. */
void chrome_status_bar(const struct ui_state *st, int y, unsigned scope);
/* The prompt line at y: label, the end of the text typed so far, hint at the right; returns where
 * the cursor goes. */
struct ui_cursor chrome_prompt(const struct ui_state *st, int y, const char *label,
                               const char *typed, const char *hint);
/* Scrolls a page of `lines` lines shown `height` at a time by an UP/DOWN/PAGE/TOP/BOTTOM action;
 * returns true when the action was one of those. */
bool chrome_scroll(size_t *top, size_t lines, size_t height, int action);
/* " 11-20 of 96 " in the bottom border of a box over the whole screen, when not every one of
 * lines fits in height. */
void chrome_scroll_position(const struct ui_state *st, size_t top, size_t height, size_t lines);
/* Edits a text field of size bytes by an EDIT_* action (key is the character typed); false when
 * the action is not one of them. */
bool chrome_edit_text(char *text, size_t size, int action, int key);

/* The actions the list and detail screens share (set, remove, undo, history, refresh, help,
 * redraw), for target: *react gets the reaction. False when action is not one of them. */
bool chrome_shared_action(struct ui_state *st, int action, enum ui_target target,
                          struct ui_react *react);
/* q: quits, or asks first while changes are in flight. */
struct ui_react chrome_quit(struct ui_state *st);

#endif
