/* keys.h — key codes → actions per scope, key names, and the help and status-bar texts, all
 * generated from actions.def. No drawing. */
#ifndef SSE_UI_KEYS_H
#define SSE_UI_KEYS_H

#include <stdbool.h>
#include <stddef.h>

/* A key is one int: a Unicode character, or KEYS_FN + a curses KEY_* code (above Unicode, so the
 * two never collide). */
#define KEYS_FN 0x200000
#define KEYS_TEXT 0x3ffffe /* pseudo key in actions.def: any printable character */
#define KEYS_ANY 0x3fffff  /* pseudo key in actions.def: any key the scope has no action for */
#define KEYS_ESC 27

/* Where keys act (actions.def SCOPES). */
enum keys_scope {
    S_LIST = 1u << 0,
    S_DETAIL = 1u << 1,
    S_FORM = 1u << 2,
    S_FILTER = 1u << 3,
    S_CONFIRM = 1u << 4,
    S_HELP = 1u << 5,
    S_PLAN = 1u << 6,
    S_WRITE = 1u << 7,
    S_HISTORY = 1u << 8,
    S_MENU = 1u << 9,
};

enum action {
    ACT_NONE,
#define ACTION(name, scopes, group, help, bar, ...) ACT_##name,
#include "ui/actions.def"
#undef ACTION
    ACTION_COUNT
};

/* The action bound to key in scope (explicit keys first, then KEYS_TEXT, then KEYS_ANY), or
 * ACT_NONE. */
enum action keys_action(unsigned scope, int key);
/* A character that may be typed into a text field (not a control character, not a function key). */
bool keys_is_text(int key);
/* Encodes a typed character as UTF-8 into out (NUL-terminated); returns its length (0 if none). */
size_t keys_utf8(int key, char out[5]);

/* "j ↓" — the names of an action's keys, duplicates (Enter/Return) dropped; ASCII names when
 * utf8 is false. Writes into buf; returns buf. */
char *keys_label(enum action a, bool utf8, char *buf, size_t size);
/* The name of one key: "j", "Space", "Enter", "^U", "PgDn", "↓" / "Down". */
const char *keys_name(int key, bool utf8, char *buf, size_t size);
/* The action's first key (0 for ACT_NONE). */
int keys_first(enum action a);
/* All of the action's keys, ending with 0. */
const int *keys_all(enum action a);
const char *keys_group(enum action a);
const char *keys_help(enum action a);
/* Short status-bar label, "" when the action is not shown there. */
const char *keys_bar(enum action a);
unsigned keys_scopes(enum action a);

#endif
