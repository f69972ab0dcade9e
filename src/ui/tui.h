/* tui.h — the terminal UI's entry point: the event loop over keys, worker results and signals. */
#ifndef SSE_UI_TUI_H
#define SSE_UI_TUI_H

#include "config/config.h"
#include "config/envsecret.h"
#include "core/status.h"
#include "policy/policy.h"

struct tui_options {
    struct sse_config *cfg;   /* loaded, credentials resolved */
    int profile;              /* index of the one profile to show, or -1 for all profiles */
    const char *theme;        /* --theme NAME, or NULL for cfg->ui.theme */
    const struct policy *policy; /* --policy FILE: verdicts, D and A; NULL for none (borrowed) */
    const struct envsecret *secrets; /* the environment's secrets (borrowed; NULL: none) */
    const char *const *theme_dirs; /* where NAME.theme is looked for, in order: NULL-terminated,
                                      "" entries skipped; NULL for only the built-ins (borrowed) */
};
/* Runs the TUI until the user quits. Returns the process exit status: 0 after a normal quit,
 * 1 if a fatal error stopped it (err says why; the terminal is restored before returning),
 * 2 for a setup error such as a bad theme (nothing was drawn). Never prints.
 * Stopped by SIGINT/SIGTERM/SIGHUP/SIGQUIT: the terminal is restored and 128 + the signal number
 * is returned, with err saying which signal (SSE_ERR_CANCELLED). */
int tui_run(const struct tui_options *opts, struct sse_error *err);

#endif
