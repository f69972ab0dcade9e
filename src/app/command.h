/* command.h — a scriptable command as one use case of the core, start to finish: where the
 * profiles' credentials come from, its rows (the named buckets, every configured and discovered
 * one, or an operation's), the listings and reads it needs, the plan of its change, asking, the
 * application, waiting for every answer, and the results; what it has to tell the user, in the
 * user's language; and how it ended. The front end parses the arguments, says the lines it is
 * given, answers the question, and opens where results go. */
#ifndef SSE_APP_COMMAND_H
#define SSE_APP_COMMAND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "app/app.h"
#include "core/rule.h"
#include "report/output.h"

enum app_command_kind {
    APP_CMD_GET,      /* read the named buckets */
    APP_CMD_REPORT,   /* read every bucket (with the policy's verdicts when there is one) */
    APP_CMD_CHECK,    /* … and list only what drifted or could not be read */
    APP_CMD_SET,      /* write rule to the named buckets */
    APP_CMD_REMOVE,   /* remove the named buckets' rules */
    APP_CMD_UNDO,     /* restore what the named buckets held before sseadm's last change, or
                       * every bucket of an operation */
    APP_CMD_APPLY,    /* write what the policy asks of every drifted bucket */
    APP_CMD_PROFILES, /* list the profiles and where their credentials come from */
};

/* How a command ended; the values are the CLI's exit statuses. */
enum app_outcome {
    APP_OUTCOME_OK = 0,
    APP_OUTCOME_FAILED = 1,  /* a bucket failed, a check did not pass, an output was not written */
    APP_OUTCOME_REFUSED = 2, /* a use or a configuration that cannot work: nothing was sent */
};

struct app_command {
    enum app_command_kind kind;
    const char *name;             /* the command word, in messages ("set") */
    const char *const *buckets;   /* the named buckets (none: a sweep, or undo's latest) */
    size_t nbuckets;
    struct sse_rule rule;         /* APP_CMD_SET: validated */
    const char *operation;        /* APP_CMD_UNDO: an operation ID, or NULL */
    bool check;                   /* APP_CMD_PROFILES: ask STS who each profile is */
    bool dry_run;                 /* show the plan, send no write */
    bool asks;                    /* ask before writing (the front end can ask) */
    bool verbose;                 /* each bucket's requests and timing, what discovery found */
    bool readonly_flag;           /* the user asked for read-only (--readonly): its word in refusals */
};

/* What a command says and asks, and where its results go: the front end's. */
struct app_command_io {
    void *ctx;
    /* Text for the user (a CLI's stderr), whole lines with their newline. */
    void (*say)(void *ctx, const char *text);
    /* A yes-or-no question; false for no (or no answer). */
    bool (*ask)(void *ctx, const char *question);
    /* Where the result goes (a report, a dry run's plan), when there is one to write; NULL when
     * it cannot be opened (said). close's ok false: the writer failed; it returns false when the
     * result could not be written whole (said). */
    FILE *(*open)(void *ctx);
    bool (*close)(void *ctx, FILE *f, bool ok);
    enum output_format format;
    int term_width;               /* the table's width when it goes to a terminal; 0 otherwise */
};

/* Runs c on a (just made: no rows, not started). */
enum app_outcome app_command_run(struct app *a, const struct app_command *c,
                                 const struct app_command_io *io);

#endif
