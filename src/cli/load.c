/* load.c — the configuration and policy files as the CLI and the TUI load them: every problem
 * printed with FILE:LINE, the profile picked, and the exit status of a failure. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/diag.h"
#include "core/i18n.h"
#include "policy/policy.h"

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
