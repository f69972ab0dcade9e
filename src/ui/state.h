/* state.h — the terminal UI's state, owned by the UI thread: the core it shows (borrowed), the list
 * view, the open screen and its dialog, the status message; and what key handlers give back: the
 * reaction flags and a command value for the core. */
#ifndef SSE_UI_STATE_H
#define SSE_UI_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/app.h"
#include "model/fleet.h"
#include "model/form.h"
#include "model/listview.h"

enum ui_screen { UI_LIST, UI_DETAIL, UI_FORM, UI_CONFIRM, UI_HELP, UI_PLAN, UI_HISTORY, UI_MENU };

/* What the bottom line is typing into. */
enum ui_prompt { UI_PROMPT_NONE, UI_PROMPT_FILTER, UI_PROMPT_WRITE };

/* Which buckets a command is for. */
enum ui_target {
    UI_TARGET_MARKED,   /* the marked buckets, else the selected one (the list) */
    UI_TARGET_SELECTED, /* the selected bucket only, marks or not (the detail screen, undo) */
};

/* What y copies of the selected bucket. */
enum ui_copy { UI_COPY_NAME, UI_COPY_CMK, UI_COPY_REQUEST_ID, UI_COPY_JSON };

/* The small menus over a screen: c's columns (shown or not), the detail screen's y (what to copy). */
enum ui_menu_kind { UI_MENU_COLUMNS, UI_MENU_COPY };

struct ui_menu {
    enum ui_menu_kind kind;
    int items[8];                /* enum sse_column or enum ui_copy, in the order shown */
    size_t count, cursor;
    unsigned columns_before;     /* UI_MENU_COLUMNS: the columns when it opened */
};

/* Work for the core, as a value: what a key asked for, carried out by ui_run (commands.c). */
enum ui_command_kind {
    UI_CMD_NONE,
    UI_CMD_READ,        /* read the target buckets again */
    UI_CMD_READ_ALL,    /* read every bucket again */
    UI_CMD_OPEN_SET,    /* open the set form for the targets */
    UI_CMD_SET,         /* write rule to the targets */
    UI_CMD_REMOVE,      /* remove the targets' rules (asks first with ui.confirm) */
    UI_CMD_UNDO,        /* restore the selected bucket's rule from before sseadm's last change */
    UI_CMD_UNDO_OP,     /* restore every bucket of operation operation_id (asks first) */
    UI_CMD_PLAN_POLICY, /* plan what the policy changes on the drifted buckets shown */
    UI_CMD_APPLY,       /* apply the plan the command carries (confirmed) */
    UI_CMD_WRITE,       /* write the buckets shown to path, as JSON or CSV */
    UI_CMD_COPY,        /* copy `copy` of the selected bucket to the clipboard (OSC 52) */
    UI_CMD_REMEMBER,    /* keep the columns shown for the next start (the state file) */
};

struct ui_command {
    enum ui_command_kind kind;
    enum ui_target target;
    struct sse_rule rule;        /* UI_CMD_SET */
    struct app_plan plan;        /* UI_CMD_APPLY: moved out of the dialog that confirmed it */
    char operation_id[40];       /* UI_CMD_UNDO_OP */
    char path[1024];             /* UI_CMD_WRITE */
    bool json;                   /* UI_CMD_WRITE: JSON, else CSV */
    enum ui_copy copy;           /* UI_CMD_COPY */
};

/* What a key handler changed; the loop paints, carries out the command, or quits. */
enum ui_react_flag {
    UI_REACT_NONE = 0,
    UI_REACT_DRAW = 1u << 0,
    UI_REACT_QUIT = 1u << 1,
    UI_REACT_REPAINT = 1u << 2, /* redraw every cell (Ctrl-L) */
};

struct ui_react {
    unsigned flags;              /* enum ui_react_flag */
    struct ui_command cmd;       /* kind UI_CMD_NONE when there is nothing to do */
};

/* The smallest terminal the screens are laid out for; smaller shows a notice. */
#define UI_MIN_COLS 60
#define UI_MIN_ROWS 14

struct ui_state {
    struct app *app;             /* the core (borrowed): use cases go through ui_run */
    struct fleet *fleet;         /* app_fleet(app): read for drawing; marks are set here */
    struct listview view;
    struct form form;
    enum ui_target form_target;  /* UI_FORM: who the rule goes to */
    struct confirm confirm;
    struct app_plan plan;        /* UI_CONFIRM (a change) and UI_PLAN: the plan asked about */
    enum ui_screen screen;
    enum ui_screen under;        /* the screen help and dialogs return to */
    enum ui_prompt prompt;       /* the bottom line has the keyboard (filter, file name) */
    char filter[LISTVIEW_FILTER_MAX];
    char filter_error[200];      /* UI_PROMPT_FILTER: why the text typed is not a filter; "" */
    struct ui_menu menu;         /* UI_MENU */
    unsigned columns;            /* the list's columns shown (SSE_COLUMN_BIT each; c changes it) */
    unsigned columns_config;     /* ui.columns as the configuration sets it */
    bool clipboard;              /* ui.clipboard: y may copy */
    char write_path[1024];       /* UI_PROMPT_WRITE: the file name being typed */
    bool write_json;             /* UI_PROMPT_WRITE: JSON, else CSV */
    bool has_policy;             /* a policy judges the fleet: the POLICY column, D and A */
    size_t plan_scroll;          /* first plan line shown */
    size_t *plan_at;             /* plan.count + 1 entries: the first line of each change as
                                  * wrapped at plan_at_cols, then the total (owned) */
    int plan_at_cols;
    char message[256];           /* status-bar message until the next key; "" = key hints */
    bool message_warn;
    size_t scroll;               /* first line shown on the detail screen */
    size_t help_scroll;          /* first line shown on the help screen */
    size_t history_sel;          /* UI_HISTORY: the selected operation (index, oldest first;
                                  * SIZE_MAX: the newest, until a key picks one) */
    size_t history_top;          /* UI_HISTORY: first list position shown (0 = newest) */
    enum ui_screen history_under; /* the screen the history returns to (its dialogs return to it) */
    bool confirm_changes;        /* ui.confirm: ask before a removal, an undo, a bulk set */
    bool utf8;                   /* the locale is UTF-8: "…" and arrows, else ASCII */
    int rows, cols;              /* terminal size */
    char title[96];              /* "profile t" or "3 profiles" */
    char tls_warning[160];       /* "TLS verification OFF: profile x" when a shown profile skips it; "" */
    char cred_warning[160];      /* "Credentials failed: profile x" while a profile's credentials
                                  * cannot be had; "" */
};

/* The fleet rows a command for target is about, in fleet order (caller frees *rows). Returns how
 * many (0 when nothing is selected); SIZE_MAX when out of memory. */
size_t ui_target_rows(const struct ui_state *st, enum ui_target target, uint32_t **rows);
/* Sets the status-bar message (printf-style). */
void ui_message(struct ui_state *st, bool warn, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Rows of the bucket table on screen for the current size (at least 1). */
size_t ui_list_height(const struct ui_state *st);
/* Rows inside the box of the detail and help screens. */
size_t ui_page_height(const struct ui_state *st);
/* True when the terminal is smaller than UI_MIN_COLS × UI_MIN_ROWS. */
bool ui_too_small(const struct ui_state *st);
/* A reaction that only redraws (or, with flags, does what they say) and carries no command. */
struct ui_react ui_react_flags(unsigned flags);
/* A reaction that redraws and carries cmd. */
struct ui_react ui_react_command(enum ui_command_kind kind, enum ui_target target);

#endif
