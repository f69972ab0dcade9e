/* cli.h — the program's command line: global options, configuration and policy loading (for the
 * TUI too), and the scriptable commands (get, set, remove, report, check, apply, undo, history)
 * run on the application core; exit statuses 0, 1 and 2. */
#ifndef SSE_CLI_CLI_H
#define SSE_CLI_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "config/config.h"
#include "config/envsecret.h"

enum cli_exit { CLI_EXIT_OK = 0, CLI_EXIT_FAILED = 1, CLI_EXIT_USAGE = 2 };

/* Options valid before or after the command word. */
struct cli_globals {
    const char *config_path; /* -c FILE (NULL: SSEADM_CONFIG / XDG default) */
    const char *profile;     /* -p NAME (NULL: default_profile) */
    const char *theme;       /* --theme NAME (TUI) */
    const char *policy;      /* --policy FILE before the command (TUI; report, check, apply) */
    bool verbose;            /* -v: per-bucket request details on stderr */
    bool readonly;           /* --readonly: refuse every change */
    bool help, version;
    const char *command;     /* NULL: open the TUI */
    int argc;                /* the command's own arguments (options and buckets) */
    char **argv;             /* borrowed from main's argv; argv[argc] is NULL */
    const struct envsecret *secrets; /* the environment's secrets, taken out of it (borrowed;
                                      * NULL: none) */
};

/* Splits argv into global options, the command and its arguments. Prints a specific message and
 * returns CLI_EXIT_USAGE on a bad global option; CLI_EXIT_OK otherwise. g->argv is allocated
 * (caller frees with free()). */
int cli_parse_globals(int argc, char **argv, struct cli_globals *g);

/* Prints the program's usage (to out). */
void cli_print_usage(FILE *out);

/* Loads the configuration, prints every error and warning with file:line to stderr, and picks
 * the profile (-p or default_profile; *profile = -1 means "all" when allow_all and no -p).
 * Returns CLI_EXIT_OK or CLI_EXIT_USAGE. */
int cli_load_config(const struct cli_globals *g, bool allow_all, struct sse_config *cfg,
                    int *profile);

struct policy;
/* Loads the policy file at path, printing every problem with FILE:LINE to stderr. Returns
 * CLI_EXIT_OK (*out set; free with policy_free), CLI_EXIT_USAGE or CLI_EXIT_FAILED (no memory). */
int cli_load_policy(const char *path, struct policy **out);

/* Runs g->command. Validates every argument before loading configuration or sending anything. */
int cli_run(const struct cli_globals *g);

#endif
