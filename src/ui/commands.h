/* commands.h — the TUI's side of the core: carries out the command values key handlers return
 * (plans, confirmations, applying, reading, writing a report file) and words what the core's
 * answers changed (an operation's progress, a listing that failed) for the status bar. */
#ifndef SSE_UI_COMMANDS_H
#define SSE_UI_COMMANDS_H

#include "app/app.h"
#include "ui/state.h"

/* Carries out cmd (consumed: a plan it carries is applied or freed). Returns reaction flags. */
unsigned ui_run(struct ui_state *st, struct ui_command *cmd);
/* After app_take: the list view follows the fleet (rows added, D's drifted view), and the status
 * bar says how the newest operation and any listing that ended went. */
unsigned ui_follow(struct ui_state *st, const struct app_update *u);

#endif
