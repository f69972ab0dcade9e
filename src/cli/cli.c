/* cli.c — global options, configuration loading and the get/set/remove/report commands. */
#include "cli/cli.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cli/output.h"
#include "core/sanitize.h"
#include "core/validate.h"
#include "engine/worker.h"

static const char usage_text[] =
    "usage: sseadm [-c FILE] [-p PROFILE] [--theme NAME]        open the terminal UI\n"
    "       sseadm [-c FILE] [-p PROFILE] get BUCKET... [--format table|tsv|csv|json]\n"
    "       sseadm [-c FILE] [-p PROFILE] set BUCKET... --algorithm AES256|KMS|SM4\n"
    "                                     [--kms-key-id ID] [--kms-data-encryption SM4]\n"
    "       sseadm [-c FILE] [-p PROFILE] remove BUCKET... [--yes]\n"
    "       sseadm [-c FILE] [-p PROFILE] report [--format table|tsv|csv|json]\n"
    "       sseadm --help | --version\n"
    "\n"
    "Administer the default server-side encryption of Alibaba Cloud OSS buckets.\n"
    "\n"
    "Options (before or after the command):\n"
    "  -c, --config FILE   configuration file (default $SSEADM_CONFIG, else\n"
    "                      $XDG_CONFIG_HOME/sseadm/config, else ~/.config/sseadm/config)\n"
    "  -p, --profile NAME  profile to use (default: default_profile in the file)\n"
    "      --theme NAME    TUI colour theme (default, dark, light, high-contrast, mono)\n"
    "      --readonly      refuse every change\n"
    "  -v, --verbose       print each bucket's requests, retries and timing to stderr\n"
    "  -h, --help          this help; 'sseadm COMMAND --help' for a command\n"
    "  -V, --version       print the version\n"
    "\n"
    "Credentials: access_key_id/access_key_secret[/security_token] in the profile, else the\n"
    "environment variables OSS_ACCESS_KEY_ID, OSS_ACCESS_KEY_SECRET [, OSS_SESSION_TOKEN].\n"
    "\n"
    "Exit status: 0 all good, 1 some bucket failed, 2 usage or configuration error (nothing sent).\n";

static const struct {
    const char *name;
    const char *usage;
} commands[] = {
    {"get", "usage: sseadm get BUCKET... [--format table|tsv|csv|json]\n"
            "Show each bucket's encryption rule: algorithm, KMS CMK ID, KMS data encryption.\n"},
    {"set", "usage: sseadm set BUCKET... --algorithm AES256|KMS|SM4 [--kms-key-id ID]\n"
            "                  [--kms-data-encryption SM4] [--format table|tsv|csv|json]\n"
            "Set each bucket's default encryption, then read it back and show what it now holds.\n"
            "--kms-key-id and --kms-data-encryption are valid only with --algorithm KMS.\n"},
    {"remove", "usage: sseadm remove BUCKET... [--yes] [--format table|tsv|csv|json]\n"
               "Remove each bucket's default encryption rule. Asks first on a terminal;\n"
               "without a terminal --yes is required.\n"},
    {"report", "usage: sseadm report [--format table|tsv|csv|json]\n"
               "Show the rule of every bucket configured (in the -p profile, or in all profiles).\n"},
};

void
cli_print_usage(FILE *out)
{
    fputs(usage_text, out);
}

static const char *
command_usage(const char *name)
{
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(commands[i].name, name) == 0)
            return commands[i].usage;
    return NULL;
}

/* Matches "--name VALUE" and "--name=VALUE" (and a short alias); advances *i past the value. */
static int
take_value(int argc, char **argv, int *i, const char *lng, const char *shrt, const char **value)
{
    const char *a = argv[*i];
    size_t n = strlen(lng);
    if (strncmp(a, lng, n) == 0 && a[n] == '=') {
        *value = a + n + 1;
        return 1;
    }
    if (strcmp(a, lng) == 0 || (shrt && strcmp(a, shrt) == 0)) {
        if (*i + 1 >= argc) {
            fprintf(stderr, "sseadm: %s needs a value\n", a);
            return -1;
        }
        *value = argv[++*i];
        return 1;
    }
    return 0;
}

int
cli_parse_globals(int argc, char **argv, struct cli_globals *g)
{
    memset(g, 0, sizeof *g);
    g->argv = calloc((size_t)argc + 1, sizeof *g->argv);
    if (!g->argv) {
        fprintf(stderr, "sseadm: out of memory\n");
        return CLI_EXIT_FAILED;
    }
    bool rest_are_args = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int r;
        if (!rest_are_args && a[0] == '-' && a[1]) {
            if (strcmp(a, "--") == 0) {
                rest_are_args = true;
                if (g->command)
                    g->argv[g->argc++] = argv[i];
                continue;
            }
            if ((r = take_value(argc, argv, &i, "--config", "-c", &g->config_path)) ||
                (r = take_value(argc, argv, &i, "--profile", "-p", &g->profile)) ||
                (r = take_value(argc, argv, &i, "--theme", NULL, &g->theme))) {
                if (r < 0)
                    return CLI_EXIT_USAGE;
                continue;
            }
            if (strcmp(a, "-v") == 0 || strcmp(a, "--verbose") == 0) {
                g->verbose = true;
                continue;
            }
            if (strcmp(a, "--readonly") == 0) {
                g->readonly = true;
                continue;
            }
            if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
                g->help = true;
                continue;
            }
            if (strcmp(a, "-V") == 0 || strcmp(a, "--version") == 0) {
                g->version = true;
                continue;
            }
            if (!g->command) {
                fprintf(stderr, "sseadm: unknown option '%s' (see sseadm --help)\n", a);
                return CLI_EXIT_USAGE;
            }
            g->argv[g->argc++] = argv[i]; /* the command's own option */
            continue;
        }
        if (!g->command) {
            if (!command_usage(a)) {
                fprintf(stderr, "sseadm: unknown command '%s'; commands are get, set, remove, "
                        "report (or none for the terminal UI)\n", a);
                return CLI_EXIT_USAGE;
            }
            g->command = a;
            continue;
        }
        g->argv[g->argc++] = argv[i];
    }
    return CLI_EXIT_OK;
}

static void
print_diag(const struct sse_diag *d, const char *prefix)
{
    for (size_t i = 0; i < d->count; i++)
        fprintf(stderr, "sseadm: %s%s\n", prefix, d->lines[i]);
}

int
cli_load_config(const struct cli_globals *g, bool allow_all, struct sse_config *cfg, int *profile)
{
    char path[4096];
    memset(cfg, 0, sizeof *cfg);
    if (g->config_path) {
        sse_strlcpy(path, g->config_path, sizeof path);
    } else if (config_default_path(path, sizeof path) != SSE_OK) {
        fprintf(stderr, "sseadm: cannot find a configuration file: set -c FILE, SSEADM_CONFIG, "
                "XDG_CONFIG_HOME or HOME\n");
        return CLI_EXIT_USAGE;
    }
    struct sse_diag errors = {0}, warnings = {0};
    enum sse_status st = config_load(path, cfg, &errors, &warnings);
    print_diag(&warnings, "warning: ");
    print_diag(&errors, "");
    bool failed = st != SSE_OK || errors.count > 0;
    sse_diag_cleanup(&errors);
    sse_diag_cleanup(&warnings);
    if (failed) {
        config_cleanup(cfg);
        return CLI_EXIT_USAGE;
    }
    struct sse_error err;
    sse_error_clear(&err);
    int use = -1;
    if (g->profile || !allow_all) {
        use = config_find_profile(cfg, g->profile, &err);
        if (use < 0) {
            fprintf(stderr, "sseadm: %s\n", err.message);
            config_cleanup(cfg);
            return CLI_EXIT_USAGE;
        }
    }
    if (g->readonly)
        for (size_t i = 0; i < cfg->nprofiles; i++)
            cfg->profiles[i].readonly = true;
    st = config_resolve_credentials(cfg, use, getenv("OSS_ACCESS_KEY_ID"),
                                    getenv("OSS_ACCESS_KEY_SECRET"), getenv("OSS_SESSION_TOKEN"),
                                    &err);
    if (st != SSE_OK) {
        fprintf(stderr, "sseadm: %s\n", err.message);
        config_cleanup(cfg);
        return CLI_EXIT_USAGE;
    }
    *profile = use;
    return CLI_EXIT_OK;
}

/* What one command invocation asks for. */
struct command {
    const char *name;
    enum job_kind kind;
    enum output_format format;
    bool format_given;
    bool yes;
    struct sse_rule rule;
    bool algorithm_given;
    const char **buckets;
    size_t nbuckets;
};

static int
usage_error(const struct command *c, const char *fmt, const char *arg)
{
    fprintf(stderr, "sseadm %s: ", c->name);
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\n%s", command_usage(c->name));
    return CLI_EXIT_USAGE;
}

static int
parse_command(const struct cli_globals *g, struct command *c)
{
    memset(c, 0, sizeof *c);
    c->name = g->command;
    c->kind = strcmp(c->name, "set") == 0      ? JOB_PUT
              : strcmp(c->name, "remove") == 0 ? JOB_DELETE
                                               : JOB_GET;
    c->buckets = calloc((size_t)g->argc + 1, sizeof *c->buckets);
    if (!c->buckets)
        return CLI_EXIT_FAILED;
    bool options_done = false;
    const char *kms_key = NULL, *data_enc = NULL, *algorithm = NULL, *format = NULL;
    for (int i = 0; i < g->argc; i++) {
        const char *a = g->argv[i];
        int r = 0;
        if (!options_done && strcmp(a, "--") == 0) {
            options_done = true;
            continue;
        }
        if (options_done || a[0] != '-' || !a[1]) {
            c->buckets[c->nbuckets++] = a;
            continue;
        }
        if ((r = take_value(g->argc, g->argv, &i, "--format", "-o", &format))) {
            if (r < 0)
                return CLI_EXIT_USAGE;
            continue;
        }
        if (c->kind == JOB_PUT &&
            ((r = take_value(g->argc, g->argv, &i, "--algorithm", "-a", &algorithm)) ||
             (r = take_value(g->argc, g->argv, &i, "--kms-key-id", NULL, &kms_key)) ||
             (r = take_value(g->argc, g->argv, &i, "--kms-data-encryption", NULL, &data_enc)))) {
            if (r < 0)
                return CLI_EXIT_USAGE;
            continue;
        }
        if (c->kind == JOB_DELETE && (strcmp(a, "--yes") == 0 || strcmp(a, "-y") == 0)) {
            c->yes = true;
            continue;
        }
        return usage_error(c, "unknown option '%s'", a);
    }
    if (format) {
        if (!output_format_parse(format, &c->format))
            return usage_error(c, "unknown format '%s'; use table, tsv, csv or json", format);
        c->format_given = true;
    }
    if (strcmp(c->name, "report") == 0) {
        if (c->nbuckets)
            return usage_error(c, "report takes no bucket names (it reports every configured "
                               "bucket; use 'get %s' for single buckets)", c->buckets[0]);
    } else if (!c->nbuckets) {
        return usage_error(c, "name at least one bucket%s", "");
    }
    for (size_t i = 0; i < c->nbuckets; i++) {
        struct sse_error err;
        sse_error_clear(&err);
        if (validate_bucket_name(c->buckets[i], &err) != SSE_OK)
            return usage_error(c, "%s; nothing was sent", err.message);
        for (size_t j = 0; j < i; j++)
            if (strcmp(c->buckets[i], c->buckets[j]) == 0)
                return usage_error(c, "bucket \"%s\" is named twice", c->buckets[i]);
    }
    if (c->kind == JOB_PUT) {
        if (!algorithm)
            return usage_error(c, "--algorithm is required (AES256, KMS or SM4)%s", "");
        if (!sse_algo_parse(algorithm, &c->rule.algo) || c->rule.algo == SSE_ALGO_NONE)
            return usage_error(c, "unknown algorithm '%s'; use AES256, KMS or SM4 (to remove "
                               "encryption use 'sseadm remove')", algorithm);
        if (kms_key) {
            if (strlen(kms_key) >= sizeof c->rule.kms_key_id)
                return usage_error(c, "--kms-key-id is too long (at most 255 bytes)%s", "");
            sse_strlcpy(c->rule.kms_key_id, kms_key, sizeof c->rule.kms_key_id);
            if (!*kms_key)
                return usage_error(c, "--kms-key-id is empty; leave it out to use the "
                                   "OSS-managed CMK%s", "");
        }
        if (data_enc && (!sse_data_enc_parse(data_enc, &c->rule.data_enc) ||
                         c->rule.data_enc != SSE_DATA_ENC_SM4))
            return usage_error(c, "--kms-data-encryption must be SM4, not '%s'", data_enc);
        struct sse_error err;
        sse_error_clear(&err);
        if (validate_rule(&c->rule, &err) != SSE_OK)
            return usage_error(c, "%s; nothing was sent", err.message);
    }
    return CLI_EXIT_OK;
}

/* One bucket of the sweep and what came back for it. */
struct target {
    const struct sse_profile *profile;
    const char *bucket;
    struct result *res;
};

static bool
confirm_remove(const struct target *targets, size_t n)
{
    fprintf(stderr, "Remove the default encryption rule of %zu bucket%s:\n", n, n == 1 ? "" : "s");
    for (size_t i = 0; i < n && i < 20; i++)
        fprintf(stderr, "  %s (profile %s)\n", targets[i].bucket, targets[i].profile->account.profile);
    if (n > 20)
        fprintf(stderr, "  … and %zu more\n", n - 20);
    fprintf(stderr, "New objects will no longer be encrypted by default. Continue? [y/N] ");
    fflush(stderr);
    char line[64];
    if (!fgets(line, sizeof line, stdin))
        return false;
    return line[0] == 'y' || line[0] == 'Y';
}

static const char *
kind_verb(enum job_kind k)
{
    switch (k) {
    case JOB_PUT: return "set";
    case JOB_DELETE: return "remove";
    case JOB_LIST: return "list";
    default: return "get";
    }
}

/* Submits a job per target and waits for every result. */
static int
run_jobs(const struct sse_config *cfg, const struct command *c, struct target *targets, size_t n,
         bool verbose)
{
    struct sse_error err;
    sse_error_clear(&err);
    struct worker *w = worker_start(&cfg->network, &err);
    if (!w) {
        fprintf(stderr, "sseadm: %s\n", err.message);
        return CLI_EXIT_FAILED;
    }
    for (size_t i = 0; i < n; i++) {
        struct job *job = job_new(c->kind, &targets[i].profile->account, targets[i].bucket);
        if (!job) {
            fprintf(stderr, "sseadm: out of memory\n");
            worker_stop(w);
            return CLI_EXIT_FAILED;
        }
        job->rule = c->rule;
        job->tag = i;
        worker_submit(w, job);
    }
    size_t done = 0;
    while (done < n) {
        struct pollfd pfd = {.fd = worker_fd(w), .events = POLLIN};
        if (poll(&pfd, 1, -1) < 0 && errno != EINTR)
            break;
        for (struct result *r = worker_take_results(w); r;) {
            struct result *next = r->next;
            r->next = NULL;
            if (r->tag < n && !targets[r->tag].res) {
                targets[r->tag].res = r;
                done++;
                if (verbose)
                    fprintf(stderr, "sseadm: %s %s: %d request%s (%d retr%s), %.3f s%s%s\n",
                            kind_verb(c->kind), r->bucket, r->attempts,
                            r->attempts == 1 ? "" : "s", r->retries, r->retries == 1 ? "y" : "ies",
                            r->elapsed_s, r->request_id[0] ? ", request id " : "",
                            r->request_id);
            } else {
                result_free(r);
            }
            r = next;
        }
    }
    worker_stop(w);
    return CLI_EXIT_OK;
}

static int
terminal_width(void)
{
    struct winsize ws;
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
        return ws.ws_col;
    return 0;
}

static int
print_results(const struct command *c, struct target *targets, size_t n)
{
    struct output_row *rows = calloc(n ? n : 1, sizeof *rows);
    if (!rows)
        return CLI_EXIT_FAILED;
    int rc = CLI_EXIT_OK;
    for (size_t i = 0; i < n; i++) {
        const struct result *r = targets[i].res;
        rows[i].profile = targets[i].profile->account.profile;
        rows[i].bucket = targets[i].bucket;
        if (!r)
            continue;
        rows[i].rule_known = r->rule_known;
        rows[i].rule = r->rule;
        if (r->status != SSE_OK) {
            rows[i].error = &r->error;
            char line[1024], clean[1024];
            sse_error_format(&r->error, line, sizeof line);
            sanitize_text(line, clean, sizeof clean);
            fprintf(stderr, "sseadm: %s: %s\n", targets[i].bucket, clean);
            rc = CLI_EXIT_FAILED;
        }
    }
    enum output_format fmt = c->format;
    if (!c->format_given)
        fmt = isatty(STDOUT_FILENO) ? OUTPUT_TABLE : OUTPUT_TSV;
    if (output_write(stdout, fmt, rows, n, isatty(STDOUT_FILENO) ? terminal_width() : 0) != SSE_OK ||
        fflush(stdout) != 0) {
        fprintf(stderr, "sseadm: cannot write the output: %s\n", strerror(errno));
        rc = CLI_EXIT_FAILED;
    }
    free(rows);
    return rc;
}

int
cli_run(const struct cli_globals *g)
{
    if (g->help) {
        fputs(command_usage(g->command), stdout);
        return CLI_EXIT_OK;
    }
    struct command c;
    int rc = parse_command(g, &c);
    if (rc != CLI_EXIT_OK) {
        free(c.buckets);
        return rc;
    }
    if (c.kind == JOB_DELETE && !c.yes && !isatty(STDIN_FILENO)) {
        free(c.buckets);
        fprintf(stderr, "sseadm remove: not on a terminal, so --yes is required to confirm; "
                "nothing was sent\n");
        return CLI_EXIT_USAGE;
    }
    bool is_report = strcmp(c.name, "report") == 0;
    struct sse_config cfg;
    int profile;
    rc = cli_load_config(g, is_report, &cfg, &profile);
    if (rc != CLI_EXIT_OK) {
        free(c.buckets);
        return rc;
    }

    size_t n = 0;
    struct target *targets = NULL;
    if (is_report) {
        size_t total = 0;
        for (size_t p = 0; p < cfg.nprofiles; p++)
            if (profile < 0 || (size_t)profile == p)
                total += cfg.profiles[p].nbuckets;
        if (total == 0) {
            fprintf(stderr, "sseadm report: no buckets are configured in %s; add "
                    "buckets = ( \"name\", ... ) to a profile\n", cfg.path);
            rc = CLI_EXIT_USAGE;
            goto out;
        }
        targets = calloc(total, sizeof *targets);
        for (size_t p = 0; targets && p < cfg.nprofiles; p++)
            if (profile < 0 || (size_t)profile == p)
                for (size_t b = 0; b < cfg.profiles[p].nbuckets; b++)
                    targets[n++] = (struct target){&cfg.profiles[p], cfg.profiles[p].buckets[b], NULL};
    } else {
        targets = calloc(c.nbuckets, sizeof *targets);
        for (size_t b = 0; targets && b < c.nbuckets; b++)
            targets[n++] = (struct target){&cfg.profiles[profile], c.buckets[b], NULL};
    }
    if (!targets) {
        fprintf(stderr, "sseadm: out of memory\n");
        rc = CLI_EXIT_FAILED;
        goto out;
    }
    if (c.kind != JOB_GET && targets[0].profile->readonly) {
        fprintf(stderr, "sseadm %s: profile \"%s\" is read-only%s; nothing was sent\n", c.name,
                targets[0].profile->account.profile,
                g->readonly ? " (--readonly)" : " (readonly = true in its configuration)");
        rc = CLI_EXIT_USAGE;
        goto out;
    }
    if (c.kind == JOB_DELETE && !c.yes && !confirm_remove(targets, n)) {
        fprintf(stderr, "sseadm remove: not confirmed; nothing was sent\n");
        rc = CLI_EXIT_USAGE;
        goto out;
    }
    rc = run_jobs(&cfg, &c, targets, n, g->verbose);
    if (rc == CLI_EXIT_OK)
        rc = print_results(&c, targets, n);
out:
    for (size_t i = 0; targets && i < n; i++)
        result_free(targets[i].res);
    free(targets);
    free(c.buckets);
    config_cleanup(&cfg);
    return rc;
}
