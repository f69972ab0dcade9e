/* command.h — one CLI invocation as parsed: the command's table entry and its arguments; and the
 * run of it against the application core (run.c). Private to src/cli. */
#ifndef SSE_CLI_COMMAND_H
#define SSE_CLI_COMMAND_H

#include <stdbool.h>
#include <stddef.h>

#include "cli/cli.h"
#include "core/rule.h"
#include "report/output.h"

/* What a command plans once its buckets are read (or located). */
enum cli_plan { CLI_PLAN_NONE, CLI_PLAN_SET, CLI_PLAN_REMOVE, CLI_PLAN_UNDO, CLI_PLAN_POLICY };

/* One row of the command table. */
struct cli_command {
    const char *name;
    const char *usage;        /* N_() text of `sseadm NAME --help` */
    enum cli_plan plan;
    bool sweep;               /* every configured and discovered bucket (else the named ones) */
    bool asks;                /* asks before writing on a terminal; without one --yes is needed */
    bool takes_policy;        /* --policy FILE */
    bool needs_policy;
    bool dry_run;             /* --dry-run */
};

/* The command named name, or NULL. */
const struct cli_command *cli_command_find(const char *name);

/* An invocation: the command and what its arguments say. */
struct cli_invocation {
    const struct cli_command *cmd;
    const struct cli_globals *g;
    enum output_format format;
    bool format_given;
    bool yes, dry_run;
    bool check;                 /* profiles --check */
    struct sse_rule rule;       /* set */
    const char *op_id;          /* undo --op ID: every bucket of that operation */
    const char *policy_path;
    const char *output_path;
    const char **buckets;       /* owned array; the strings are argv's */
    size_t nbuckets;
};

/* Runs a parsed invocation (history, profiles, or a command against the core); returns the exit status. */
int cli_execute(struct cli_invocation *inv);

#endif
