/* run.c — a CLI command on the core (app/command.h): the configuration and the policy loaded,
 * the command made from the invocation, its lines printed on stderr, its question asked on the
 * terminal, its results written to stdout or --output's file; and history, which reads only the
 * audit log. */
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "app/command.h"
#include "app/history.h"
#include "cli/command.h"
#include "core/i18n.h"
#include "core/sanitize.h"
#include "policy/policy.h"

struct io {
    const struct cli_invocation *inv;
    struct output_sink sink;
};

static void
say(void *ctx, const char *text)
{
    (void)ctx;
    fputs(text, stderr);
}

static bool
ask(void *ctx, const char *question)
{
    (void)ctx;
    fprintf(stderr, _("%s [y/N] "), question);
    fflush(stderr);
    char line[64];
    return fgets(line, sizeof line, stdin) && (line[0] == 'y' || line[0] == 'Y');
}

static void
say_output_error(const struct io *io, const struct sse_error *err, bool to_file)
{
    char clean[1024];
    sanitize_text(err->message, clean, sizeof clean);
    if (to_file)
        fprintf(stderr, "sseadm %s: %s\n", io->inv->cmd->name, clean);
    else
        fprintf(stderr, "sseadm: %s\n", clean);
}

/* stdout, or (--output FILE) a file written whole or not at all. */
static FILE *
open_output(void *ctx)
{
    struct io *io = ctx;
    struct sse_error err;
    sse_error_clear(&err);
    if (output_sink_open(&io->sink, io->inv->output_path, &err) == SSE_OK)
        return io->sink.f;
    say_output_error(io, &err, true);
    return NULL;
}

static bool
close_output(void *ctx, FILE *f, bool ok)
{
    struct io *io = ctx;
    (void)f;
    struct sse_error err;
    sse_error_clear(&err);
    if (output_sink_close(&io->sink, ok, &err) == SSE_OK)
        return true;
    say_output_error(io, &err, io->sink.to_file);
    return false;
}

static enum app_command_kind
kind_of(const struct cli_command *c)
{
    switch (c->plan) {
    case CLI_PLAN_SET: return APP_CMD_SET;
    case CLI_PLAN_REMOVE: return APP_CMD_REMOVE;
    case CLI_PLAN_UNDO: return APP_CMD_UNDO;
    case CLI_PLAN_POLICY: return APP_CMD_APPLY;
    case CLI_PLAN_NONE: break;
    }
    return strcmp(c->name, "get") == 0        ? APP_CMD_GET
           : strcmp(c->name, "profiles") == 0 ? APP_CMD_PROFILES
           : c->needs_policy                  ? APP_CMD_CHECK
                                              : APP_CMD_REPORT;
}

/* --output, checked before anything is read or sent: never one of the files sseadm is reading
 * (config and policy may be NULL), and a place a report can be written. CLI_EXIT_USAGE after
 * saying why. */
static int
check_output(const struct cli_invocation *inv, const char *config, const char *policy)
{
    const char *out = inv->output_path, *name = inv->cmd->name;
    if (!out)
        return CLI_EXIT_OK;
    char audit[4096], shown[1024];
    SHOWN(shown, out);
    if (output_same_file(out, config)) {
        fprintf(stderr, _("sseadm %s: --output %s is the configuration file being read; choose "
                "another name\n"), name, shown);
        return CLI_EXIT_USAGE;
    }
    if (output_same_file(out, policy)) {
        fprintf(stderr, _("sseadm %s: --output %s is the policy file being read; choose another "
                "name\n"), name, shown);
        return CLI_EXIT_USAGE;
    }
    if (audit_default_path(audit, sizeof audit) == SSE_OK && output_same_file(out, audit)) {
        fprintf(stderr, _("sseadm %s: --output %s is the audit log; choose another name\n"), name,
                shown);
        return CLI_EXIT_USAGE;
    }
    struct sse_error err;
    sse_error_clear(&err);
    if (output_file_check(out, &err) != SSE_OK) {
        fprintf(stderr, "sseadm %s: %s\n", name, SHOWN(shown, err.message));
        return CLI_EXIT_USAGE;
    }
    return CLI_EXIT_OK;
}

/* Everything but history: load, and run the command on the core. */
static int
run_command(const struct cli_invocation *inv)
{
    struct policy *policy = NULL;
    int rc = inv->policy_path ? cli_load_policy(inv->policy_path, &policy) : CLI_EXIT_OK;
    if (rc != CLI_EXIT_OK)
        return rc;
    enum app_command_kind kind = kind_of(inv->cmd);
    struct sse_config cfg;
    int profile;
    rc = cli_load_config(inv->g, inv->cmd->sweep || kind == APP_CMD_PROFILES, &cfg, &profile);
    if (rc != CLI_EXIT_OK) {
        policy_free(policy);
        return rc;
    }
    if ((rc = check_output(inv, cfg.path, inv->policy_path)) != CLI_EXIT_OK) {
        policy_free(policy);
        config_cleanup(&cfg);
        return rc;
    }
#ifdef M_ARENA_MAX
    /* One malloc arena for every thread of a command: glibc would give the worker (and libcurl's
     * resolver threads) arenas of their own, each with its own free space, and a sweep's peak
     * would carry them all. The TUI keeps glibc's default: it draws its first frame sooner with
     * several. A setting of the user's own is left alone. */
    if (!getenv("MALLOC_ARENA_MAX") && !getenv("GLIBC_TUNABLES"))
        mallopt(M_ARENA_MAX, 1);
#endif
    struct app_command c = {
        .kind = kind,
        .name = inv->cmd->name,
        .buckets = inv->buckets,
        .nbuckets = inv->nbuckets,
        .rule = inv->rule,
        .operation = inv->op_id,
        .check = inv->check,
        .dry_run = inv->dry_run,
        .asks = inv->cmd->asks && !inv->yes,
        .verbose = inv->g->verbose,
        .readonly_flag = inv->g->readonly,
    };
    struct io io = { .inv = inv };
    bool to_terminal = !inv->output_path && isatty(STDOUT_FILENO);
    struct winsize ws;
    struct app_command_io cio = {
        .ctx = &io, .say = say, .ask = ask, .open = open_output, .close = close_output,
        .format = inv->format_given ? inv->format : to_terminal ? OUTPUT_TABLE : OUTPUT_TSV,
        .term_width = to_terminal && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 ? ws.ws_col : 0,
    };
    struct sse_error err;
    sse_error_clear(&err);
    struct app_options o = { .cfg = &cfg, .profile = profile, .policy = policy,
                             .secrets = inv->g->secrets };
    struct app *a = app_new(&o, &err);
    rc = a ? (int)app_command_run(a, &c, &cio) : CLI_EXIT_FAILED;
    if (!a)
        fprintf(stderr, _("sseadm: out of memory\n"));
    app_free(a);
    policy_free(policy);
    config_cleanup(&cfg);
    return rc;
}

static int
run_history(const struct cli_invocation *inv)
{
    int rc = check_output(inv, NULL, NULL);
    if (rc != CLI_EXIT_OK)
        return rc;
    struct app_history h;
    struct sse_error err;
    sse_error_clear(&err);
    enum sse_status st = app_history_read(inv->buckets, inv->nbuckets, &h, &err);
    if (st == SSE_ERR_CONFIG) {
        fprintf(stderr, _("sseadm history: cannot place the audit log: set XDG_STATE_HOME or HOME\n"));
        return CLI_EXIT_USAGE;
    }
    if (st != SSE_OK) {
        char clean[1024];
        fprintf(stderr, "sseadm history: %s\n", SHOWN(clean, err.message));
        return CLI_EXIT_FAILED;
    }
    if (h.skipped)
        fprintf(stderr, _("sseadm history: warning: %zu line%s of %s could not be read\n"),
                h.skipped, h.skipped == 1 ? "" : "s", h.path);
    enum output_format fmt = inv->format_given                              ? inv->format
                             : !inv->output_path && isatty(STDOUT_FILENO) ? OUTPUT_TABLE
                                                                          : OUTPUT_TSV;
    struct io io = { .inv = inv };
    FILE *f = open_output(&io);
    rc = CLI_EXIT_FAILED;
    if (f) {
        bool ok = output_write_history(f, fmt, h.records, h.count) == SSE_OK;
        rc = close_output(&io, f, ok) && ok ? CLI_EXIT_OK : CLI_EXIT_FAILED;
    }
    app_history_cleanup(&h);
    return rc;
}

int
cli_execute(struct cli_invocation *inv)
{
    return strcmp(inv->cmd->name, "history") == 0 ? run_history(inv) : run_command(inv);
}
