/* state.h — the terminal UI's state, owned by the UI thread: the model, the open screen, the
 * status message, and the command a key handler leaves for the event loop to carry out. */
#ifndef SSE_UI_STATE_H
#define SSE_UI_STATE_H

#include <stdbool.h>
#include <stddef.h>

#include "model/fleet.h"
#include "model/form.h"
#include "model/listview.h"
#include "model/plan.h"

enum ui_screen { UI_LIST, UI_DETAIL, UI_FORM, UI_CONFIRM, UI_HELP, UI_PLAN };

/* What the bottom line is typing into. */
enum ui_prompt { UI_PROMPT_NONE, UI_PROMPT_FILTER, UI_PROMPT_WRITE };

/* Work only the event loop can do (it owns the worker). */
enum ui_command {
    UI_CMD_NONE,
    UI_CMD_REFRESH,     /* read the selected bucket */
    UI_CMD_REFRESH_ALL, /* read every bucket */
    UI_CMD_SET,         /* write the form's rule to the targets */
    UI_CMD_REMOVE,      /* remove the rule of the targets */
    UI_CMD_UNDO,        /* restore st->confirm.restore on st->confirm.row */
    UI_CMD_APPLY_PLAN,  /* write st->plan's targets */
    UI_CMD_WRITE,       /* write the list shown to st->write_path (w) */
};

/* What a key handler changed; the loop paints, runs the command, or quits. */
enum ui_react {
    UI_REACT_NONE = 0,
    UI_REACT_DRAW = 1u << 0,
    UI_REACT_COMMAND = 1u << 1,
    UI_REACT_QUIT = 1u << 2,
    UI_REACT_REPAINT = 1u << 3, /* redraw every cell (Ctrl-L) */
};

/* The smallest terminal the screens are laid out for; smaller shows a notice. */
#define UI_MIN_COLS 60
#define UI_MIN_ROWS 14

struct ui_state {
    struct fleet fleet;
    struct listview view;
    struct form form;
    struct confirm confirm;
    enum ui_screen screen;
    enum ui_screen under;        /* the screen help and confirmations return to */
    enum ui_prompt prompt;       /* the bottom line has the keyboard (filter, file name) */
    char filter[LISTVIEW_FILTER_MAX];
    char write_path[1024];       /* UI_PROMPT_WRITE: the file name being typed */
    bool write_json;             /* UI_PROMPT_WRITE: JSON, else CSV */
    bool has_policy;             /* a policy judges the fleet: the POLICY column, D and A */
    struct plan plan;            /* UI_PLAN: the changes A would make */
    size_t plan_scroll;          /* first plan line shown */
    size_t *plan_at;             /* plan.count + 1 entries: the first line of each change as
                                  * wrapped at plan_at_cols, then the total (owned) */
    int plan_at_cols;
    char message[256];           /* status-bar message until the next key; "" = key hints */
    bool message_warn;
    size_t scroll;               /* first line shown on the detail screen */
    size_t help_scroll;          /* first line shown on the help screen */
    enum ui_command command;
    bool target_one;             /* the change applies to the selected bucket only (from detail) */
    bool confirm_remove;         /* ui.confirm: ask before removing */
    bool utf8;                   /* the locale is UTF-8: "…" and arrows, else ASCII */
    int rows, cols;              /* terminal size */
    char title[96];              /* "profile t" or "3 profiles" */
    char tls_warning[160];       /* "TLS verification OFF: profile x" when a shown profile skips it; "" */
    char audit_path[1024];       /* the audit log ("" when it cannot be placed) */
    char audit_error[300];       /* why changes are refused: the log could not be opened; "" = open */
};

/* Rows a change applies to: the marked ones, else (or with target_one) the selected one. Returns how many; *first gets
 * the first of them (FLEET_NO_ROW when none). */
size_t ui_targets(const struct ui_state *st, size_t *first);
/* True when row is one of the targets. */
bool ui_is_target(const struct ui_state *st, size_t row);
/* Sets the status-bar message (printf-style). */
void ui_message(struct ui_state *st, bool warn, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Rows of the bucket table on screen for the current size (at least 1). */
size_t ui_list_height(const struct ui_state *st);
/* Rows inside the box of the detail and help screens. */
size_t ui_page_height(const struct ui_state *st);
/* True when the terminal is smaller than UI_MIN_COLS × UI_MIN_ROWS. */
bool ui_too_small(const struct ui_state *st);

#endif
