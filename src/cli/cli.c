/* cli.c — global options, configuration loading and the get/set/remove/report commands. */
#include "cli/cli.h"

#include <errno.h>
#include <malloc.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/i18n.h"
#include "core/sanitize.h"
#include "core/strpool.h"
#include "core/validate.h"
#include "engine/accounts.h"
#include "engine/audit.h"
#include "engine/worker.h"
#include "policy/policy.h"
#include "report/output.h"

static const char *const usage_text = N_(
    "usage: sseadm [-c FILE] [-p PROFILE] [--theme NAME] [--policy FILE]   open the terminal UI\n"
    "       sseadm [-c FILE] [-p PROFILE] get BUCKET... [--format table|tsv|csv|json]\n"
    "       sseadm [-c FILE] [-p PROFILE] set BUCKET... --algorithm AES256|KMS|SM4\n"
    "                                     [--kms-key-id ID] [--kms-data-encryption SM4]\n"
    "       sseadm [-c FILE] [-p PROFILE] remove BUCKET... [--yes]\n"
    "       sseadm [-c FILE] [-p PROFILE] report [--policy FILE] [--format F] [--output FILE]\n"
    "       sseadm [-c FILE] [-p PROFILE] check --policy FILE [--format F] [--output FILE]\n"
    "       sseadm [-c FILE] [-p PROFILE] apply --policy FILE [--dry-run] [--yes]\n"
    "       sseadm [-c FILE] [-p PROFILE] undo [BUCKET...] [--yes]\n"
    "       sseadm history [BUCKET...] [--format table|tsv|csv|json]\n"
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
    "Exit status: 0 all good, 1 some bucket failed, 2 usage or configuration error (nothing sent).\n");

static const struct {
    const char *name;
    const char *usage;
} commands[] = {
    {"get", N_("usage: sseadm get BUCKET... [--format table|tsv|csv|json]\n"
            "Show each bucket's encryption rule: algorithm, KMS CMK ID, KMS data encryption.\n")},
    {"set", N_("usage: sseadm set BUCKET... --algorithm AES256|KMS|SM4 [--kms-key-id ID]\n"
            "                  [--kms-data-encryption SM4] [--format table|tsv|csv|json]\n"
            "Set each bucket's default encryption, then read it back and show what it now holds.\n"
            "--kms-key-id and --kms-data-encryption are valid only with --algorithm KMS.\n")},
    {"remove", N_("usage: sseadm remove BUCKET... [--yes] [--format table|tsv|csv|json]\n"
               "Remove each bucket's default encryption rule. Asks first on a terminal;\n"
               "without a terminal --yes is required.\n")},
    {"report", N_("usage: sseadm report [--policy FILE] [--format table|tsv|csv|json] [--output FILE]\n"
               "Show the rule of every bucket configured or discovered (in the -p profile, or in\n"
               "all profiles); with --policy, each bucket's verdict too.\n")},
    {"check", N_("usage: sseadm check --policy FILE [--format table|tsv|csv|json] [--output FILE]\n"
              "Check every bucket against the policy and list those that drifted or could not\n"
              "be read. Exit 0 when everything complies, 1 otherwise.\n")},
    {"apply", N_("usage: sseadm apply --policy FILE [--dry-run] [--yes] [--format F] [--output FILE]\n"
              "Show the plan that brings every drifted bucket in line with the policy, then apply\n"
              "it after confirmation (or with --yes). --dry-run shows the plan and sends no write.\n")},
    {"undo", N_("usage: sseadm undo [BUCKET...] [--yes] [--format table|tsv|csv|json]\n"
             "Restore the rule each bucket had before the last change sseadm made to it (from\n"
             "the audit log). Without a bucket: the last change made in the profile. Asks first\n"
             "on a terminal; without a terminal --yes is required.\n")},
    {"history", N_("usage: sseadm history [BUCKET...] [--format table|tsv|csv|json]\n"
                "Show the changes sseadm has made, oldest first, from the audit log\n"
                "($XDG_STATE_HOME/sseadm/audit.log).\n")},
};

void
cli_print_usage(FILE *out)
{
    fputs(_(usage_text), out);
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
            fprintf(stderr, _("sseadm: %s needs a value\n"), a);
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
        fprintf(stderr, _("sseadm: out of memory\n"));
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
                (r = take_value(argc, argv, &i, "--theme", NULL, &g->theme)) ||
                (!g->command && (r = take_value(argc, argv, &i, "--policy", NULL, &g->policy)))) {
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
                fprintf(stderr, _("sseadm: unknown option '%s' (see sseadm --help)\n"), a);
                return CLI_EXIT_USAGE;
            }
            g->argv[g->argc++] = argv[i]; /* the command's own option */
            continue;
        }
        if (!g->command) {
            if (!command_usage(a)) {
                fprintf(stderr, _("sseadm: unknown command '%s'; commands are get, set, remove, "
                        "report, check, apply, undo, history (or none for the terminal UI)\n"), a);
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
        fprintf(stderr, _("sseadm: cannot find a configuration file: set -c FILE, SSEADM_CONFIG, "
                "XDG_CONFIG_HOME or HOME\n"));
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
    for (size_t i = 0; i < cfg->nprofiles; i++)
        if ((use < 0 || (size_t)use == i) && cfg->profiles[i].account.insecure_tls)
            fprintf(stderr, _("sseadm: warning: TLS certificate verification is OFF for profile "
                    "\"%s\" (insecure_tls = true in %s)\n"), cfg->profiles[i].account.profile,
                    cfg->path);
    *profile = use;
    return CLI_EXIT_OK;
}

int
cli_load_policy(const char *path, struct policy **out)
{
    struct sse_diag errors = {0};
    enum sse_status st = policy_load(path, out, &errors);
    print_diag(&errors, "");
    sse_diag_cleanup(&errors);
    if (st == SSE_ERR_NOMEM) {
        fprintf(stderr, _("sseadm: out of memory\n"));
        return CLI_EXIT_FAILED;
    }
    return st == SSE_OK ? CLI_EXIT_OK : CLI_EXIT_USAGE;
}

/* What one command invocation asks for. */
struct command {
    const char *name;
    enum job_kind kind;
    enum output_format format;
    bool format_given;
    bool yes;
    struct sse_rule rule;
    bool undo, history, report, check, apply, dry_run;
    const char *policy_path;     /* --policy FILE */
    const char *output_path;     /* --output FILE */
    const char **buckets;
    size_t nbuckets;
};

static int
usage_error(const struct command *c, const char *fmt, const char *arg)
{
    fprintf(stderr, "sseadm %s: ", c->name);
    fprintf(stderr, _(fmt), arg);
    fprintf(stderr, "\n%s", _(command_usage(c->name)));
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
    c->undo = strcmp(c->name, "undo") == 0;  /* kind decided per bucket from the audit log */
    c->history = strcmp(c->name, "history") == 0;
    c->check = strcmp(c->name, "check") == 0;
    c->apply = strcmp(c->name, "apply") == 0;
    c->report = strcmp(c->name, "report") == 0 || c->check || c->apply; /* all buckets */
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
        if ((r = take_value(g->argc, g->argv, &i, "--format", NULL, &format)) ||
            (r = take_value(g->argc, g->argv, &i, "--output", "-o", &c->output_path)) ||
            (c->report && (r = take_value(g->argc, g->argv, &i, "--policy", NULL, &c->policy_path)))) {
            if (r < 0)
                return CLI_EXIT_USAGE;
            continue;
        }
        if (c->apply && strcmp(a, "--dry-run") == 0) {
            c->dry_run = true;
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
        if ((c->kind == JOB_DELETE || c->undo || c->apply) &&
            (strcmp(a, "--yes") == 0 || strcmp(a, "-y") == 0)) {
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
    /* The plan is text; a format would be silently ignored, so say so instead. */
    if (c->dry_run && c->format_given)
        return usage_error(c, "--dry-run prints the plan as text; --format %s is for the "
                           "results of a run without it", format);
    /* "sseadm --policy F check" reads as well as "sseadm check --policy F". */
    if (g->policy && !c->policy_path) {
        if (!c->report)
            return usage_error(c, "takes no --policy (%s is for report, check, apply and the "
                               "terminal UI)", g->policy);
        c->policy_path = g->policy;
    }
    if ((c->check || c->apply) && !c->policy_path)
        return usage_error(c, "--policy FILE is required%s", "");
    if (c->report) {
        if (c->nbuckets)
            return usage_error(c, "takes no bucket names (it covers every configured bucket; "
                               "use 'get %s' for single buckets)", c->buckets[0]);
    } else if (!c->nbuckets && !c->undo && !c->history) {
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
    const struct oss_account *account; /* where to send it: the profile's, or a discovered region's */
    const char *bucket;
    enum job_kind kind;
    const struct sse_rule *rule; /* JOB_PUT: borrowed (the command's, the plan's or undo's) */
    /* What came back, kept compact: a sweep holds thousands of these at once. */
    bool done;
    bool state_known;            /* what OSS said is known (after a change: the read-back) */
    uint8_t state_algo;          /* its enum sse_algo */
    uint8_t state_data_enc;      /* its enum sse_data_enc */
    const char *state_key;       /* its CMK ID and, for an algorithm this tool does not know, */
    const char *state_raw;       /* that algorithm's name: in the run's string pool ("" when
                                  * none), so a sweep keeps no 300-byte rule per bucket */
    struct result *res;          /* kept only when the bucket failed, for its error */
    char owned_bucket[64];       /* bucket points here when the name came from the audit log */
};

static void
list_removals(const struct target *targets, size_t n)
{
    fprintf(stderr, _("Remove the default encryption rule of %zu bucket%s:\n"), n, n == 1 ? "" : "s");
    for (size_t i = 0; i < n && i < 20; i++)
        fprintf(stderr, _("  %s (profile %s)\n"), targets[i].bucket, targets[i].profile->account.profile);
    if (n > 20)
        fprintf(stderr, _("  … and %zu more\n"), n - 20);
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

/* An error as one line safe for the terminal ("CODE: message (HTTP …, request id …)"). */
static const char *
error_text(const struct sse_error *e, char *clean, size_t size)
{
    char line[1024];
    sse_error_format(e, line, sizeof line);
    sanitize_text(line, clean, size);
    return clean;
}

/* Waits until the worker has a result and returns the list (never NULL unless poll fails). */
static struct result *
wait_results(struct worker *w)
{
    for (;;) {
        struct result *r = worker_take_results(w);
        if (r)
            return r;
        struct pollfd pfd = {.fd = worker_fd(w), .events = POLLIN};
        if (poll(&pfd, 1, -1) < 0 && errno != EINTR)
            return NULL;
    }
}

/* Keeps rule as the target's state (its text in pool). False when out of memory. */
static bool
target_keep_state(struct target *t, const struct sse_rule *rule, struct strpool *pool)
{
    t->state_algo = (uint8_t)rule->algo;
    t->state_data_enc = (uint8_t)rule->data_enc;
    t->state_key = strpool_add(pool, rule->kms_key_id);
    t->state_raw = strpool_add(pool, rule->algo_raw);
    return t->state_key && t->state_raw;
}

/* The target's state as a rule again. */
static struct sse_rule
target_state(const struct target *t)
{
    struct sse_rule r;
    memset(&r, 0, sizeof r);
    r.algo = (enum sse_algo)t->state_algo;
    r.data_enc = (enum sse_data_enc)t->state_data_enc;
    if (t->state_key)
        sse_strlcpy(r.kms_key_id, t->state_key, sizeof r.kms_key_id);
    if (t->state_raw)
        sse_strlcpy(r.algo_raw, t->state_raw, sizeof r.algo_raw);
    return r;
}

/* Submits a job per target and waits for every result. Jobs are fed to the worker a window at
 * a time so that a sweep of thousands holds only a few hundred queued jobs. */
static int
run_jobs(struct worker *w, const struct command *c, struct target *targets, size_t n,
         struct strpool *pool, bool verbose)
{
    size_t window = 256, submitted = 0, done = 0;
    while (done < n) {
        while (submitted < n && submitted - done < window) {
            struct target *t = &targets[submitted];
            const struct oss_account *acct = t->account ? t->account : &t->profile->account;
            struct job *job = job_new(t->kind, acct, t->bucket);
            if (!job) {
                fprintf(stderr, _("sseadm: out of memory\n"));
                return CLI_EXIT_FAILED;
            }
            if (t->rule)
                job->rule = *t->rule;
            job->undo = c->undo;
            job->tag = submitted++;
            worker_submit(w, job);
        }
        struct result *r = wait_results(w);
        if (!r)
            return CLI_EXIT_FAILED;
        while (r) {
            struct result *next = r->next;
            r->next = NULL;
            if (r->tag < n && !targets[r->tag].done) {
                struct target *t = &targets[r->tag];
                t->done = true;
                t->state_known = r->rule_known;
                if (!target_keep_state(t, &r->rule, pool)) {
                    fprintf(stderr, _("sseadm: out of memory\n"));
                    result_free(r);
                    result_free_all(next);
                    return CLI_EXIT_FAILED;
                }
                done++;
                if (verbose)
                    fprintf(stderr, _("sseadm: %s %s: %d request%s (%d retr%s), %.3f s%s%s\n"),
                            c->undo ? "undo" : kind_verb(r->kind), r->bucket, r->attempts,
                            r->attempts == 1 ? "" : "s", r->retries, r->retries == 1 ? "y" : "ies",
                            r->elapsed_s, r->request_id[0] ? ", request id " : "",
                            r->request_id);
                if (r->status != SSE_OK)
                    t->res = r;
                else
                    result_free(r);
            } else {
                result_free(r);
            }
            r = next;
        }
    }
    return CLI_EXIT_OK;
}

/* -v: how throttling bore on the worker's adaptive concurrency (silent when nothing was
 * throttled), and what the final pass did (silent when there was none). */
static void
print_pressure(const struct worker *w)
{
    struct worker_stats s;
    worker_get_stats(w, &s);
    if (s.throttled)
        fprintf(stderr, _("sseadm: throttled %lu time%s; concurrency fell to %d of %d, back to %d at "
                "the end\n"), s.throttled, s.throttled == 1 ? "" : "s", s.lowest_limit,
                s.concurrency, s.limit);
    if (s.final_pass_tasks)
        fprintf(stderr, ngettext("sseadm: final pass: %lu job whose retries had run out was tried "
                                 "again after the rest; %lu still failed\n",
                                 "sseadm: final pass: %lu jobs whose retries had run out were "
                                 "tried again after the rest; %lu still failed\n",
                                 s.final_pass_tasks),
                s.final_pass_tasks, s.final_pass_failed);
}

/* A growable list of targets. */
struct target_list {
    struct target *items;
    size_t count, cap;
};

static struct target *
target_add(struct target_list *l)
{
    if (l->count == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 64;
        struct target *items = realloc(l->items, cap * sizeof *items);
        if (!items)
            return NULL;
        l->items = items;
        l->cap = cap;
    }
    struct target *t = &l->items[l->count++];
    memset(t, 0, sizeof *t);
    return t;
}

/* Says that listing the buckets of profile p failed (r's error). A sweep then shows only the
 * profile's named buckets, and those listed before the failure (listed, after pages pages); a
 * command that names its buckets (locating) asks them at the profile's endpoint. */
static void
print_listing_failed(const struct sse_profile *p, const struct result *r, bool locating,
                     size_t listed, int pages)
{
    /* A key without oss:ListBuckets is common (RAM policies name buckets): say so plainly. */
    char clean[1024];
    bool denied = strcmp(r->error.code, "AccessDenied") == 0;
    const char *fmt;
    if (!locating && pages > 0) {
        fprintf(stderr,
                ngettext("sseadm: listing the buckets of profile \"%s\" failed after %zu bucket "
                         "(%d page): %s; the report has those and the named buckets only\n",
                         "sseadm: listing the buckets of profile \"%s\" failed after %zu buckets "
                         "(%d pages): %s; the report has those and the named buckets only\n",
                         listed),
                p->account.profile, listed, pages, error_text(&r->error, clean, sizeof clean));
        return;
    }
    if (locating)
        fmt = denied ? _("sseadm: listing the buckets of profile \"%s\" was denied "
                         "(ListBuckets): %s; the named buckets are asked at the profile's "
                         "endpoint\n")
                     : _("sseadm: cannot list the buckets of profile \"%s\": %s; the named "
                         "buckets are asked at the profile's endpoint\n");
    else
        fmt = denied ? _("sseadm: listing the buckets of profile \"%s\" was denied "
                         "(ListBuckets): %s; only its named buckets are shown\n")
                     : _("sseadm: cannot list the buckets of profile \"%s\": %s; "
                         "only its named buckets are shown\n");
    fprintf(stderr, fmt, p->account.profile, error_text(&r->error, clean, sizeof clean));
}

/* The name of a target: discovered and audit-log targets keep theirs in owned_bucket until the
 * list is final. */
static const char *
target_name(const struct target *t)
{
    return t->owned_bucket[0] ? t->owned_bucket : t->bucket;
}

/* Finds the region of each named bucket of profile p without listing the whole account: one
 * ListBuckets per name with the name as prefix, all at once. Listings are sorted by name, so a
 * bucket named exactly the prefix is the first of its page. A bucket the listing does not name
 * stays at the profile's endpoint, and so do all of them when listing fails (said once): that
 * does not fail the command, whose buckets' own answers decide its exit status. Returns false
 * only when a bucket could not be looked up at all (out of memory). */
static bool
locate_buckets(struct worker *w, const struct sse_profile *p, struct account_set *accounts,
               struct target_list *list, size_t first_of_profile, bool verbose)
{
    size_t asked = 0, answered = 0, located = 0;
    bool ok = true, said = false;
    for (size_t k = first_of_profile; k < list->count; k++) {
        if (list->items[k].profile != p)
            continue;
        struct job *job = job_new(JOB_LIST, &p->account, NULL);
        if (!job) {
            fprintf(stderr, _("sseadm: out of memory\n"));
            ok = false;
            break; /* the answers to those asked are still taken; the run then fails */
        }
        sse_strlcpy(job->prefix, target_name(&list->items[k]), sizeof job->prefix);
        job->tag = k;
        worker_submit(w, job);
        asked++;
    }
    while (answered < asked) {
        struct result *all = wait_results(w);
        if (!all)
            return false;
        for (struct result *r = all; r; r = r->next) {
            answered++;
            if (r->status != SSE_OK) {
                if (!said)
                    print_listing_failed(p, r, true, 0, 0);
                said = true;
                continue;
            }
            struct target *t = &list->items[r->tag];
            for (size_t i = 0; i < r->page.count; i++) {
                const struct oss_bucket_info *info = &r->page.buckets[i];
                if (strcmp(info->name, target_name(t)) != 0)
                    continue;
                struct sse_error err;
                sse_error_clear(&err);
                const struct oss_account *acct =
                    account_set_for_bucket(accounts, &p->account, info, p->internal, &err);
                t->account = acct ? acct : &p->account;
                located++;
                break;
            }
        }
        result_free_all(all);
    }
    if (verbose)
        fprintf(stderr, _("sseadm: profile %s: ListBuckets located %zu of %zu named buckets\n"),
                p->account.profile, located, asked);
    return ok;
}

/* Lists the profile's buckets page by page and merges them into the list: a named bucket that
 * the listing knows moves to its region's endpoint; the others are added. A listing that fails
 * is reported and leaves the named buckets as they are. Returns false when it failed. */
static bool
discover_buckets(struct worker *w, const struct sse_profile *p, struct account_set *accounts,
                 struct target_list *list, size_t first_of_profile, bool verbose)
{
    char marker[128] = "";
    size_t found = 0, listed = 0;
    int pages = 0;
    for (;;) {
        struct job *job = job_new(JOB_LIST, &p->account, NULL);
        if (!job) {
            fprintf(stderr, _("sseadm: out of memory\n"));
            return false;
        }
        sse_strlcpy(job->marker, marker, sizeof job->marker);
        worker_submit(w, job);
        struct result *r = wait_results(w);
        if (!r)
            return false;
        if (r->status != SSE_OK) {
            print_listing_failed(p, r, false, listed, pages);
            result_free_all(r);
            return false;
        }
        pages++;
        listed += r->page.count;
        for (size_t i = 0; i < r->page.count; i++) {
            const struct oss_bucket_info *info = &r->page.buckets[i];
            struct sse_error err;
            sse_error_clear(&err);
            const struct oss_account *acct =
                account_set_for_bucket(accounts, &p->account, info, p->internal, &err);
            struct target *t = NULL;
            for (size_t k = first_of_profile; k < list->count && !t; k++) {
                const struct target *o = &list->items[k];
                if (o->profile == p && strcmp(target_name(o), info->name) == 0)
                    t = &list->items[k];
            }
            if (!t) {
                if (!(t = target_add(list))) {
                    fprintf(stderr, _("sseadm: out of memory\n"));
                    result_free_all(r);
                    return false;
                }
                t->profile = p;
                t->kind = JOB_GET;
                sse_strlcpy(t->owned_bucket, info->name, sizeof t->owned_bucket);
                found++;
            }
            t->account = acct ? acct : &p->account;
        }
        bool more = r->page.truncated && r->page.next_marker[0] &&
                    strcmp(r->page.next_marker, marker) != 0;
        sse_strlcpy(marker, r->page.next_marker, sizeof marker);
        result_free_all(r);
        if (!more)
            break;
    }
    if (verbose)
        fprintf(stderr, _("sseadm: profile %s: ListBuckets found %zu more bucket%s in %d page%s\n"),
                p->account.profile, found, found == 1 ? "" : "s", pages, pages == 1 ? "" : "s");
    return true;
}

static int
terminal_width(void)
{
    struct winsize ws;
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
        return ws.ws_col;
    return 0;
}

/* Opens where results go: stdout, or (--output FILE) a temporary file that replaces FILE only
 * once everything is written. NULL after printing why. */
static FILE *
sink_open(const struct command *c, struct output_file *of)
{
    if (!c->output_path)
        return stdout;
    struct sse_error err;
    sse_error_clear(&err);
    if (output_file_open(of, c->output_path, false, &err) != SSE_OK) {
        char clean[1024];
        sanitize_text(err.message, clean, sizeof clean);
        fprintf(stderr, "sseadm %s: %s\n", c->name, clean);
        return NULL;
    }
    return of->f;
}

/* Finishes the output; false after printing why when it could not be written whole. */
static bool
sink_close(const struct command *c, FILE *f, struct output_file *of, bool ok)
{
    if (f == stdout) {
        if (fflush(stdout) == 0 && ok)
            return true;
        /* errno was cleared before the rows were written: 0 means no call said why. */
        fprintf(stderr, _("sseadm: cannot write the output: %s\n"),
                errno ? strerror(errno) : _("write error"));
        return false;
    }
    struct sse_error err;
    sse_error_clear(&err);
    if (output_file_close(of, ok, &err) == SSE_OK)
        return true;
    char clean[1024];
    sanitize_text(err.message, clean, sizeof clean);
    fprintf(stderr, "sseadm %s: %s\n", c->name, clean);
    return false;
}

static void
print_error_line(const char *bucket, const struct sse_error *e)
{
    char clean[1024];
    fprintf(stderr, "sseadm: %s: %s\n", bucket, error_text(e, clean, sizeof clean));
}

/* Target i as an output row (pointing into the target and its result). */
static struct output_row
target_row(const struct target *t, const struct policy_check *check)
{
    const struct result *r = t->res;
    return (struct output_row){
        .profile = t->profile->account.profile,
        .bucket = t->bucket,
        .rule_known = t->state_known,
        .rule = target_state(t),
        .error = r && r->status != SSE_OK ? &r->error : NULL,
        .policy = check,
    };
}

/* The policy's side of a report: each target's verdict (one byte: the full judgement, reasons
 * and target rule, is made again where it is shown, so a sweep keeps no ~850 bytes per bucket). */
struct judging {
    const struct policy *policy;
    const uint8_t *verdicts;     /* per target, enum policy_verdict */
    bool problems_only;          /* check: only drifted and unknown buckets are listed */
};

/* The target's judgement against the policy; why in the user's language when words (a plan on
 * the terminal), else fixed English (reports). */
static void
judge_target(const struct policy *policy, const struct target *t, bool words,
             struct policy_check *out)
{
    bool known = !t->res && t->state_known;
    struct sse_rule state = target_state(t);
    policy_check_bucket(policy, t->profile->account.profile, t->bucket, known ? &state : NULL,
                        words, out);
}

static bool
listed(const struct judging *j, size_t i)
{
    return !j || !j->problems_only || j->verdicts[i] == POLICY_DRIFTED ||
           j->verdicts[i] == POLICY_UNKNOWN;
}

/* Writes the rows: TSV, CSV and JSON one at a time as they are made (a sweep of thousands holds
 * no copy of them); the table needs them all first, to size its columns. */
static bool
write_rows(FILE *out, enum output_format fmt, int term_width, const struct target *targets,
           size_t n, const struct judging *j)
{
    if (fmt != OUTPUT_TABLE) {
        struct output_stream s;
        output_stream_begin(&s, out, fmt, j != NULL);
        for (size_t i = 0; i < n; i++) {
            if (!listed(j, i))
                continue;
            struct policy_check check;
            if (j)
                judge_target(j->policy, &targets[i], false, &check);
            struct output_row row = target_row(&targets[i], j ? &check : NULL);
            if (output_stream_row(&s, &row) != SSE_OK)
                return false;
        }
        return output_stream_end(&s) == SSE_OK;
    }
    struct output_row *rows = calloc(n ? n : 1, sizeof *rows);
    struct policy_check *checks = j ? calloc(n ? n : 1, sizeof *checks) : NULL;
    bool ok = rows && (!j || checks);
    size_t m = 0;
    for (size_t i = 0; ok && i < n; i++) {
        if (!listed(j, i))
            continue;
        if (j)
            judge_target(j->policy, &targets[i], false, &checks[m]);
        rows[m] = target_row(&targets[i], j ? &checks[m] : NULL);
        m++;
    }
    ok = ok && output_write(out, fmt, rows, m, term_width, j != NULL) == SSE_OK;
    free(checks);
    free(rows);
    return ok;
}

/* Prints the targets' results (all, or with j->problems_only the drifted and unknown ones), with
 * their policy verdicts when j is not NULL; every failed bucket's error goes to stderr first.
 * Returns CLI_EXIT_FAILED if any bucket failed. */
static int
print_results(const struct command *c, struct target *targets, size_t n, const struct judging *j)
{
    int rc = CLI_EXIT_OK;
    for (size_t i = 0; i < n; i++) {
        const struct result *r = targets[i].res;
        if (r && r->status != SSE_OK) {
            print_error_line(targets[i].bucket, &r->error);
            rc = CLI_EXIT_FAILED;
        }
    }
    enum output_format fmt = c->format;
    bool to_terminal = !c->output_path && isatty(STDOUT_FILENO);
    if (!c->format_given)
        fmt = to_terminal ? OUTPUT_TABLE : OUTPUT_TSV;
    struct output_file of;
    FILE *out = sink_open(c, &of);
    errno = 0;
    bool ok = out && write_rows(out, fmt, to_terminal ? terminal_width() : 0, targets, n, j);
    if (!out || !sink_close(c, out, &of, ok))
        rc = CLI_EXIT_FAILED;
    return rc;
}

/* The audit log the changes go to; NULL after printing why when it cannot be opened. */
static struct audit_log *
open_audit(const char *command, char *path, size_t size)
{
    struct sse_error err;
    sse_error_clear(&err);
    if (audit_default_path(path, size) != SSE_OK) {
        fprintf(stderr, _("sseadm %s: cannot place the audit log: set XDG_STATE_HOME or HOME; "
                "nothing was sent\n"), command);
        return NULL;
    }
    struct audit_log *log = audit_open(path, &err);
    if (!log)
        fprintf(stderr, _("sseadm %s: %s; nothing was sent\n"), command, err.message);
    return log;
}

static int
run_history(const struct command *c)
{
    char path[4096];
    if (audit_default_path(path, sizeof path) != SSE_OK) {
        fprintf(stderr, _("sseadm history: cannot place the audit log: set XDG_STATE_HOME or HOME\n"));
        return CLI_EXIT_USAGE;
    }
    struct audit_record *recs;
    size_t n, skipped;
    struct sse_error err;
    sse_error_clear(&err);
    if (audit_read(path, &recs, &n, &skipped, &err) != SSE_OK) {
        fprintf(stderr, "sseadm history: %s\n", err.message);
        return CLI_EXIT_FAILED;
    }
    if (skipped)
        fprintf(stderr, _("sseadm history: warning: %zu line%s of %s could not be read\n"), skipped,
                skipped == 1 ? "" : "s", path);
    size_t kept = 0;
    for (size_t i = 0; i < n; i++) {
        bool wanted = c->nbuckets == 0;
        for (size_t b = 0; b < c->nbuckets && !wanted; b++)
            wanted = strcmp(recs[i].bucket, c->buckets[b]) == 0;
        if (wanted)
            recs[kept++] = recs[i];
    }
    enum output_format fmt = c->format_given ? c->format
                             : isatty(STDOUT_FILENO) ? OUTPUT_TABLE : OUTPUT_TSV;
    int rc = output_write_history(stdout, fmt, recs, kept) == SSE_OK ? CLI_EXIT_OK
                                                                      : CLI_EXIT_FAILED;
    free(recs);
    return rc;
}

/* Fills targets for undo from the audit log: each bucket's last recorded change (or the last
 * change in the profile when no bucket is named) is reversed to its "before" rule. */
static int
plan_undo(const struct command *c, const struct sse_profile *profile, const char *log_path,
          struct target **out, size_t *count, struct sse_rule **rules_out)
{
    struct audit_record *recs;
    size_t n, skipped;
    struct sse_error err;
    sse_error_clear(&err);
    if (audit_read(log_path, &recs, &n, &skipped, &err) != SSE_OK) {
        fprintf(stderr, "sseadm undo: %s\n", err.message);
        return CLI_EXIT_FAILED;
    }
    size_t want = c->nbuckets ? c->nbuckets : 1;
    struct target *targets = calloc(want, sizeof *targets);
    struct sse_rule *rules = calloc(want, sizeof *rules);
    int rc = targets && rules ? CLI_EXIT_OK : CLI_EXIT_FAILED;
    for (size_t b = 0; rc == CLI_EXIT_OK && b < want; b++) {
        const struct audit_record *found = NULL;
        for (size_t i = n; i-- > 0 && !found;) {
            const struct audit_record *r = &recs[i];
            /* The profile and bucket name the change; its endpoint may be a discovered
             * bucket's regional one, so it is not compared. */
            if (r->has_before && strcmp(r->profile, profile->account.profile) == 0 &&
                (!c->nbuckets || strcmp(r->bucket, c->buckets[b]) == 0))
                found = r;
        }
        if (!found) {
            fprintf(stderr, _("sseadm undo: no change to %s%s in profile \"%s\" is recorded in %s; "
                    "nothing was sent\n"), c->nbuckets ? "bucket " : "any bucket",
                    c->nbuckets ? c->buckets[b] : "", profile->account.profile, log_path);
            rc = CLI_EXIT_USAGE;
            break;
        }
        struct target *t = &targets[b];
        t->profile = profile;
        sse_strlcpy(t->owned_bucket, found->bucket, sizeof t->owned_bucket);
        t->bucket = t->owned_bucket;
        t->kind = found->before.algo == SSE_ALGO_NONE ? JOB_DELETE : JOB_PUT;
        rules[b] = found->before;
        t->rule = &rules[b];
        char before[400];
        sse_rule_words(&found->before, before, sizeof before);
        fprintf(stderr, _("%s: restore %s (before the %s at %s)\n"), t->bucket, before,
                audit_operation_words(found->operation), found->time);
    }
    free(recs);
    if (rc != CLI_EXIT_OK) {
        free(targets);
        free(rules);
        return rc;
    }
    *out = targets;
    *count = want;
    *rules_out = rules;
    return CLI_EXIT_OK;
}

static bool
confirm(const char *question)
{
    fprintf(stderr, _("%s [y/N] "), question);
    fflush(stderr);
    char line[64];
    if (!fgets(line, sizeof line, stdin))
        return false;
    return line[0] == 'y' || line[0] == 'Y';
}

/* Prints "N compliant, N drifted, …" on stderr; CLI_EXIT_FAILED unless everything complies. */
static int
print_verdict_summary(size_t n, const uint8_t *verdicts)
{
    size_t count[POLICY_UNKNOWN + 1] = {0};
    for (size_t i = 0; i < n; i++)
        count[verdicts[i]]++;
    fprintf(stderr, _("sseadm check: %zu compliant, %zu drifted, %zu unknown, %zu not covered by "
            "the policy\n"), count[POLICY_COMPLIANT], count[POLICY_DRIFTED],
            count[POLICY_UNKNOWN], count[POLICY_UNMANAGED]);
    return count[POLICY_DRIFTED] || count[POLICY_UNKNOWN] ? CLI_EXIT_FAILED : CLI_EXIT_OK;
}

/* apply: the drifted buckets become a plan of PUTs (their target rules in *rules_out, which the
 * caller frees); shown, confirmed, then run and reported. */
static int
run_apply(struct worker *w, const struct command *c, const struct target_list *list,
          const struct judging *j, struct target_list *plan, struct sse_rule **rules_out,
          struct strpool *pool, const struct cli_globals *g)
{
    size_t unknown = 0, drifted = 0;
    for (size_t i = 0; i < list->count; i++) {
        unknown += j->verdicts[i] == POLICY_UNKNOWN;
        drifted += j->verdicts[i] == POLICY_DRIFTED;
    }
    for (size_t i = 0; i < list->count; i++)
        if (list->items[i].res && list->items[i].res->status != SSE_OK)
            print_error_line(list->items[i].bucket, &list->items[i].res->error);
    if (drifted == 0) {
        fprintf(stderr, _("sseadm apply: nothing to change: %zu bucket%s checked%s\n"), list->count,
                list->count == 1 ? "" : "s",
                unknown ? ", some could not be read (see above)" : "");
        return unknown ? CLI_EXIT_FAILED : CLI_EXIT_OK;
    }
    /* Exactly as many as drifted: the plan never moves, so its names and rules stay put. */
    struct sse_rule *rules = *rules_out = calloc(drifted, sizeof *rules);
    plan->items = calloc(drifted, sizeof *plan->items);
    if (!rules || !plan->items)
        return CLI_EXIT_FAILED;
    plan->cap = drifted;
    /* A dry run's plan is its result: on stdout, or in --output's file. */
    struct output_file of;
    FILE *shown = c->dry_run ? sink_open(c, &of) : stderr;
    if (!shown)
        return CLI_EXIT_FAILED;
    errno = 0;
    fprintf(shown, ngettext("Plan: %zu change%s\n", "Plan: %zu changes%s\n", drifted), drifted,
            c->dry_run ? _(" (dry run: nothing will be sent)") : "");
    for (size_t i = 0; i < list->count; i++) {
        if (j->verdicts[i] != POLICY_DRIFTED)
            continue;
        /* One judgement gives both the rule to write and the reason to show. */
        const struct target *from = &list->items[i];
        struct policy_check check;
        judge_target(j->policy, from, true, &check);
        struct sse_rule *rule = &rules[plan->count];
        *rule = check.target;
        struct target *t = &plan->items[plan->count++];
        *t = *from;
        t->res = NULL;
        t->done = t->state_known = false;
        t->kind = JOB_PUT;
        t->rule = rule;
        if (t->owned_bucket[0])
            t->bucket = t->owned_bucket;
        char line[1600], clean[1600];
        struct sse_rule state = target_state(from);
        policy_plan_line(from->profile->account.profile, from->bucket, &state, rule, check.why,
                         check.rule_line, NULL, line, sizeof line);
        sanitize_text(line, clean, sizeof clean);
        fprintf(shown, "  %s\n", clean);
    }
    if (c->dry_run)
        return !sink_close(c, shown, &of, !ferror(shown)) || unknown ? CLI_EXIT_FAILED
                                                                   : CLI_EXIT_OK;
    for (size_t i = 0; i < plan->count; i++) {
        if (plan->items[i].profile->readonly) {
            fprintf(stderr, _("sseadm apply: profile \"%s\" is read-only%s; nothing was sent\n"),
                    plan->items[i].profile->account.profile,
                    g->readonly ? " (--readonly)" : " (readonly = true in its configuration)");
            return CLI_EXIT_USAGE;
        }
    }
    if (!c->yes && !confirm(_("Apply this plan?"))) {
        fprintf(stderr, _("sseadm apply: not confirmed; nothing was sent\n"));
        return CLI_EXIT_USAGE;
    }
    int rc = run_jobs(w, c, plan->items, plan->count, pool, g->verbose);
    if (rc == CLI_EXIT_OK)
        rc = print_results(c, plan->items, plan->count, NULL);
    return rc == CLI_EXIT_OK && unknown ? CLI_EXIT_FAILED : rc;
}

int
cli_run(const struct cli_globals *g)
{
    if (g->help) {
        fputs(_(command_usage(g->command)), stdout);
        return CLI_EXIT_OK;
    }
    struct command c;
    int rc = parse_command(g, &c);
    if (rc != CLI_EXIT_OK || c.history) {
        if (rc == CLI_EXIT_OK)
            rc = run_history(&c);
        free(c.buckets);
        return rc;
    }
    bool asks = c.kind == JOB_DELETE || c.undo || (c.apply && !c.dry_run);
    if (asks && !c.yes && !isatty(STDIN_FILENO)) {
        free(c.buckets);
        fprintf(stderr, _("sseadm %s: not on a terminal, so --yes is required to confirm; "
                "nothing was sent\n"), c.name);
        return CLI_EXIT_USAGE;
    }
    struct policy *policy = NULL;
    if (c.policy_path && (rc = cli_load_policy(c.policy_path, &policy)) != CLI_EXIT_OK) {
        free(c.buckets);
        return rc;
    }
    struct sse_config cfg;
    int profile;
    rc = cli_load_config(g, c.report, &cfg, &profile);
    if (rc != CLI_EXIT_OK) {
        policy_free(policy);
        free(c.buckets);
        return rc;
    }

    struct target_list list = {0};
    struct target_list plan = {0};
    uint8_t *verdicts = NULL;
    struct sse_rule *plan_rules = NULL;
    struct sse_rule *undo_rules = NULL;
    struct audit_log *audit = NULL;
    struct worker *w = NULL;
    struct account_set accounts;
    struct strpool pool; /* the targets' CMK IDs */
    strpool_init(&pool);
    account_set_init(&accounts);
    char audit_path[4096] = "";
    bool changes = c.kind != JOB_GET || c.undo || (c.apply && !c.dry_run);
    if (changes) {
        const struct sse_profile *p = profile >= 0 ? &cfg.profiles[profile] : NULL;
        if (p && p->readonly) {
            fprintf(stderr, _("sseadm %s: profile \"%s\" is read-only%s; nothing was sent\n"), c.name,
                    p->account.profile,
                    g->readonly ? " (--readonly)" : " (readonly = true in its configuration)");
            rc = CLI_EXIT_USAGE;
            goto out;
        }
        if (!(audit = open_audit(c.name, audit_path, sizeof audit_path))) {
            rc = CLI_EXIT_USAGE;
            goto out;
        }
    }
    if (c.undo) {
        struct target *planned = NULL;
        size_t nplanned = 0;
        rc = plan_undo(&c, &cfg.profiles[profile], audit_path, &planned, &nplanned, &undo_rules);
        if (rc != CLI_EXIT_OK)
            goto out;
        list.items = planned;
        list.count = list.cap = nplanned;
    } else {
        size_t total = 0;
        for (size_t p = 0; p < cfg.nprofiles; p++)
            if (profile < 0 || (size_t)profile == p)
                total += c.report ? cfg.profiles[p].nbuckets : c.nbuckets;
        /* Exactly as many as named: a sweep of thousands should not carry a doubling's slack. */
        if (total && !(list.items = calloc(total, sizeof *list.items))) {
            fprintf(stderr, _("sseadm: out of memory\n"));
            rc = CLI_EXIT_FAILED;
            goto out;
        }
        list.cap = total;
        for (size_t p = 0; p < cfg.nprofiles; p++) {
            if (profile >= 0 && (size_t)profile != p)
                continue;
            size_t names = c.report ? cfg.profiles[p].nbuckets : c.nbuckets;
            for (size_t b = 0; b < names; b++) {
                struct target *t = target_add(&list);
                if (!t) {
                    fprintf(stderr, _("sseadm: out of memory\n"));
                    rc = CLI_EXIT_FAILED;
                    goto out;
                }
                t->profile = &cfg.profiles[p];
                t->bucket = c.report ? cfg.profiles[p].buckets[b] : c.buckets[b];
                t->kind = c.kind;
                t->rule = &c.rule;
            }
        }
    }
    struct sse_error err;
    sse_error_clear(&err);
#ifdef M_ARENA_MAX
    /* glibc would give the worker thread (and libcurl's resolver threads) malloc arenas of
     * their own, each with its own free space. In a command they all share one: ~0.4 MB less
     * at the peak of a 5,000-bucket report, no measurable time. (The TUI keeps several: its
     * first frame was slower with one.) A setting of the user's own is left alone. */
    if (!getenv("MALLOC_ARENA_MAX") && !getenv("GLIBC_TUNABLES"))
        mallopt(M_ARENA_MAX, 1);
#endif
    if (!(w = worker_start(&cfg.network, &err))) {
        fprintf(stderr, "sseadm: %s\n", err.message);
        rc = CLI_EXIT_FAILED;
        goto out;
    }
    worker_set_audit(w, audit);
    /* Profiles that discover: find each bucket's region (and, for report, the unnamed ones; the
     * other commands look up only the buckets they name). */
    bool listing_failed = false;
    for (size_t p = 0; p < cfg.nprofiles; p++) {
        if ((profile >= 0 && (size_t)profile != p) || !cfg.profiles[p].discover)
            continue;
        size_t first = 0;
        while (first < list.count && list.items[first].profile != &cfg.profiles[p])
            first++;
        bool listed = c.report ? discover_buckets(w, &cfg.profiles[p], &accounts, &list, first,
                                                  g->verbose)
                               : locate_buckets(w, &cfg.profiles[p], &accounts, &list, first,
                                                g->verbose);
        if (!listed)
            listing_failed = true;
    }
    /* Names copied into the targets moved with the list: point at them now it is final. */
    for (size_t k = 0; k < list.count; k++)
        if (list.items[k].owned_bucket[0])
            list.items[k].bucket = list.items[k].owned_bucket;
    if (list.count == 0) {
        fprintf(stderr, _("sseadm report: no buckets are configured in %s; add "
                "buckets = ( \"name\", ... ) to a profile, or discover = true\n"), cfg.path);
        rc = listing_failed ? CLI_EXIT_FAILED : CLI_EXIT_USAGE;
        goto out;
    }
    if (asks && !c.yes) {
        if (c.kind == JOB_DELETE && !c.undo)
            list_removals(list.items, list.count);
        if (!confirm(c.undo ? _("Restore these rules?")
                            : _("New objects will no longer be encrypted by default. Continue?"))) {
            fprintf(stderr, _("sseadm %s: not confirmed; nothing was sent\n"), c.name);
            rc = CLI_EXIT_USAGE;
            goto out;
        }
    }
    rc = run_jobs(w, &c, list.items, list.count, &pool, g->verbose);
    struct judging judging = { policy, NULL, c.check };
    if (rc == CLI_EXIT_OK && policy) {
        if (!(verdicts = calloc(list.count ? list.count : 1, 1))) {
            rc = CLI_EXIT_FAILED;
            goto out;
        }
        for (size_t i = 0; i < list.count; i++) {
            struct policy_check check;
            judge_target(policy, &list.items[i], false, &check);
            verdicts[i] = (uint8_t)check.verdict;
        }
        judging.verdicts = verdicts;
    }
    if (rc == CLI_EXIT_OK && c.apply) {
        rc = run_apply(w, &c, &list, &judging, &plan, &plan_rules, &pool, g);
        goto out;
    }
    if (rc == CLI_EXIT_OK)
        rc = print_results(&c, list.items, list.count, policy ? &judging : NULL);
    if (c.check && verdicts && print_verdict_summary(list.count, verdicts) != CLI_EXIT_OK &&
        rc == CLI_EXIT_OK)
        rc = CLI_EXIT_FAILED;
    if (rc == CLI_EXIT_OK && listing_failed)
        rc = CLI_EXIT_FAILED;
out:
    if (w && g->verbose)
        print_pressure(w);
    worker_stop(w);
    for (size_t i = 0; i < list.count; i++)
        result_free(list.items[i].res);
    free(list.items);
    for (size_t i = 0; i < plan.count; i++)
        result_free(plan.items[i].res);
    free(plan.items);
    free(verdicts);
    free(plan_rules);
    free(undo_rules);
    policy_free(policy);
    account_set_cleanup(&accounts);
    strpool_free(&pool);
    free(c.buckets);
    audit_close(audit);
    config_cleanup(&cfg);
    return rc;
}
