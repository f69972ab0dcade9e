/* cli.c — the command line: global options, the command table, each command's own arguments
 * (checked before anything is loaded or sent), configuration and policy loading. */
#include "cli/cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/command.h"
#include "core/i18n.h"
#include "core/validate.h"
#include "policy/policy.h"

static const char *const usage_text = N_(
    "usage: sseadm [-c FILE] [-p PROFILE] [--theme NAME] [--policy FILE]   open the terminal UI\n"
    "       sseadm [-c FILE] [-p PROFILE] get BUCKET... [--format table|tsv|csv|json]\n"
    "       sseadm [-c FILE] [-p PROFILE] set BUCKET... --algorithm AES256|KMS|SM4\n"
    "                                     [--kms-key-id ID] [--kms-data-encryption SM4] [--dry-run]\n"
    "       sseadm [-c FILE] [-p PROFILE] remove BUCKET... [--yes] [--dry-run]\n"
    "       sseadm [-c FILE] [-p PROFILE] report [--policy FILE] [--format F] [--output FILE]\n"
    "       sseadm [-c FILE] [-p PROFILE] check --policy FILE [--format F] [--output FILE]\n"
    "       sseadm [-c FILE] [-p PROFILE] apply --policy FILE [--dry-run] [--yes]\n"
    "       sseadm [-c FILE] [-p PROFILE] undo [BUCKET... | --op ID] [--yes] [--dry-run]\n"
    "       sseadm history [BUCKET...] [--format table|tsv|csv|json]\n"
    "       sseadm [-c FILE] [-p PROFILE] profiles [--check] [--format F] [--output FILE]\n"
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
    "Credentials: the profile's keys, aliyun_profile, role_arn or ecs_ram_role, else the\n"
    "Alibaba Cloud default chain (OSS_ACCESS_KEY_ID, ALIBABA_CLOUD_*, ~/.aliyun/config.json,\n"
    "~/.alibabacloud/credentials, the ECS RAM role); 'sseadm profiles' shows which.\n"
    "\n"
    "Exit status: 0 all good, 1 some bucket failed, 2 usage or configuration error (nothing sent).\n");

static const struct cli_command commands[] = {
#define COMMAND(name, plan, sweep, asks, takes_policy, needs_policy, dry_run, usage) \
    { name, usage, plan, sweep, asks, takes_policy, needs_policy, dry_run },
#include "cli/commands.def"
#undef COMMAND
};

void
cli_print_usage(FILE *out)
{
    fputs(_(usage_text), out);
}

const struct cli_command *
cli_command_find(const char *name)
{
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(commands[i].name, name) == 0)
            return &commands[i];
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
            if (!cli_command_find(a)) {
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

static int
usage_error(const struct cli_invocation *inv, const char *fmt, const char *arg)
{
    fprintf(stderr, "sseadm %s: ", inv->cmd->name);
    fprintf(stderr, _(fmt), arg);
    fprintf(stderr, "\n%s", _(inv->cmd->usage));
    return CLI_EXIT_USAGE;
}

/* Takes one valued option into *value; a second one of the same name is refused rather than
 * silently winning. Returns 1 taken, 0 not this option, -1 error (said). */
static int
take_once(struct cli_invocation *inv, int *i, const char *lng, const char *shrt,
          const char **value)
{
    const char *before = *value;
    int r = take_value(inv->g->argc, inv->g->argv, i, lng, shrt, value);
    if (r > 0 && before) {
        usage_error(inv, "%s is given twice; give it once", lng);
        return -1;
    }
    return r;
}

/* The rule `set` writes, from its options; CLI_EXIT_OK or a usage error (said). */
static int
parse_rule(struct cli_invocation *inv, const char *algorithm, const char *kms_key,
           const char *data_enc)
{
    struct sse_rule *rule = &inv->rule;
    if (!algorithm)
        return usage_error(inv, "--algorithm is required (AES256, KMS or SM4)%s", "");
    if (!sse_algo_parse(algorithm, &rule->algo) || rule->algo == SSE_ALGO_NONE)
        return usage_error(inv, "unknown algorithm '%s'; use AES256, KMS or SM4 (to remove "
                           "encryption use 'sseadm remove')", algorithm);
    if (kms_key) {
        if (strlen(kms_key) >= sizeof rule->kms_key_id)
            return usage_error(inv, "--kms-key-id is too long (at most 255 bytes)%s", "");
        sse_strlcpy(rule->kms_key_id, kms_key, sizeof rule->kms_key_id);
        if (!*kms_key)
            return usage_error(inv, "--kms-key-id is empty; leave it out to use the "
                               "OSS-managed CMK%s", "");
    }
    if (data_enc && (!sse_data_enc_parse(data_enc, &rule->data_enc) ||
                     rule->data_enc != SSE_DATA_ENC_SM4))
        return usage_error(inv, "--kms-data-encryption must be SM4, not '%s'", data_enc);
    struct sse_error err;
    sse_error_clear(&err);
    if (validate_rule(rule, &err) != SSE_OK)
        return usage_error(inv, "%s; nothing was sent", err.message);
    return CLI_EXIT_OK;
}

/* An operation ID as sseadm makes them ("op-" and hex digits and dashes), short enough to be one;
 * anything else cannot name a recorded operation. */
static bool
operation_id_valid(const char *id)
{
    size_t n = strlen(id);
    if (n < 4 || n >= 40 || strncmp(id, "op-", 3) != 0)
        return false;
    for (size_t i = 3; i < n; i++)
        if (!((id[i] >= '0' && id[i] <= '9') || (id[i] >= 'a' && id[i] <= 'f') || id[i] == '-'))
            return false;
    return true;
}

/* The command's own arguments: options and bucket names, every one checked. */
static int
parse_command(const struct cli_globals *g, struct cli_invocation *inv)
{
    const struct cli_command *c = inv->cmd;
    if (!(inv->buckets = calloc((size_t)g->argc + 1, sizeof *inv->buckets)))
        return CLI_EXIT_FAILED;
    bool options_done = false, sets = c->plan == CLI_PLAN_SET;
    bool profiles = strcmp(c->name, "profiles") == 0;
    const char *kms_key = NULL, *data_enc = NULL, *algorithm = NULL, *format = NULL;
    for (int i = 0; i < g->argc; i++) {
        const char *a = g->argv[i];
        int r = 0;
        if (!options_done && strcmp(a, "--") == 0) {
            options_done = true;
            continue;
        }
        if (options_done || a[0] != '-' || !a[1]) {
            inv->buckets[inv->nbuckets++] = a;
            continue;
        }
        if ((r = take_once(inv, &i, "--format", NULL, &format)) ||
            (r = take_once(inv, &i, "--output", "-o", &inv->output_path)) ||
            (c->takes_policy && (r = take_once(inv, &i, "--policy", NULL, &inv->policy_path))) ||
            (sets && (r = take_once(inv, &i, "--algorithm", "-a", &algorithm))) ||
            (sets && (r = take_once(inv, &i, "--kms-key-id", NULL, &kms_key))) ||
            (sets && (r = take_once(inv, &i, "--kms-data-encryption", NULL, &data_enc))) ||
            (c->plan == CLI_PLAN_UNDO && (r = take_once(inv, &i, "--op", NULL, &inv->op_id)))) {
            if (r < 0)
                return CLI_EXIT_USAGE;
            continue;
        }
        if (c->dry_run && strcmp(a, "--dry-run") == 0) {
            inv->dry_run = true;
            continue;
        }
        if (profiles && strcmp(a, "--check") == 0) {
            inv->check = true;
            continue;
        }
        if (c->asks && (strcmp(a, "--yes") == 0 || strcmp(a, "-y") == 0)) {
            inv->yes = true;
            continue;
        }
        return usage_error(inv, "unknown option '%s'", a);
    }
    if (inv->output_path && !*inv->output_path)
        return usage_error(inv, "--output is empty; name the file to write%s", "");
    if (format) {
        if (!output_format_parse(format, &inv->format))
            return usage_error(inv, "unknown format '%s'; use table, tsv, csv or json", format);
        inv->format_given = true;
    }
    /* The plan is text; a format would be silently ignored, so say so instead. */
    if (inv->dry_run && inv->format_given)
        return usage_error(inv, "--dry-run prints the plan as text; --format %s is for the "
                           "results of a run without it", format);
    /* "sseadm --policy F check" reads as well as "sseadm check --policy F". */
    if (g->policy && !inv->policy_path) {
        if (!c->takes_policy)
            return usage_error(inv, "takes no --policy (%s is for report, check, apply and the "
                               "terminal UI)", g->policy);
        inv->policy_path = g->policy;
    }
    if (c->needs_policy && !inv->policy_path)
        return usage_error(inv, "--policy FILE is required%s", "");
    if (profiles && inv->nbuckets)
        return usage_error(inv, "takes no bucket names ('%s' is one)", inv->buckets[0]);
    if (c->sweep && inv->nbuckets)
        return usage_error(inv, "takes no bucket names (it covers every configured bucket; "
                           "use 'get %s' for single buckets)", inv->buckets[0]);
    if (!c->sweep && !inv->nbuckets && c->plan != CLI_PLAN_UNDO && strcmp(c->name, "history") &&
        !profiles)
        return usage_error(inv, "name at least one bucket%s", "");
    if (inv->op_id && inv->nbuckets)
        return usage_error(inv, "--op undoes every bucket of the operation; name no bucket "
                           "(\"%s\") with it", inv->buckets[0]);
    if (inv->op_id && !operation_id_valid(inv->op_id))
        return usage_error(inv, "--op takes an operation ID as 'sseadm history' shows it "
                           "(op-…)%s", "");
    for (size_t i = 0; i < inv->nbuckets; i++) {
        struct sse_error err;
        sse_error_clear(&err);
        if (validate_bucket_name(inv->buckets[i], &err) != SSE_OK)
            return usage_error(inv, "%s; nothing was sent", err.message);
        for (size_t j = 0; j < i; j++)
            if (strcmp(inv->buckets[i], inv->buckets[j]) == 0)
                return usage_error(inv, "bucket \"%s\" is named twice", inv->buckets[i]);
    }
    return sets ? parse_rule(inv, algorithm, kms_key, data_enc) : CLI_EXIT_OK;
}

int
cli_run(const struct cli_globals *g)
{
    struct cli_invocation inv = { .cmd = cli_command_find(g->command), .g = g };
    if (!inv.cmd)
        return CLI_EXIT_USAGE;
    if (g->help) {
        fputs(_(inv.cmd->usage), stdout);
        return CLI_EXIT_OK;
    }
    int rc = parse_command(g, &inv);
    if (rc == CLI_EXIT_OK && inv.cmd->asks && !inv.yes && !inv.dry_run &&
        !isatty(STDIN_FILENO)) {
        fprintf(stderr, _("sseadm %s: not on a terminal, so --yes is required to confirm; "
                "nothing was sent\n"), inv.cmd->name);
        rc = CLI_EXIT_USAGE;
    }
    if (rc == CLI_EXIT_OK)
        rc = cli_execute(&inv);
    free(inv.buckets);
    return rc;
}
