/* main.c — sseadm's entry: process-wide set-up (locale, where catalogues and themes are, libcurl,
 * libxml2, SIGPIPE) before any thread starts, then the TUI (no command) or a CLI command. */
#include <libgen.h>
#include <libxml/parser.h>
#include <limits.h>
#include <locale.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "config/envsecret.h"
#include "core/i18n.h"
#include "core/sanitize.h"
#include "net/multi.h"
#include "policy/policy.h"
#ifdef SSE_HAVE_TUI
#include "ui/tui.h"
#endif

/* Debian's libcurl brings GnuTLS along (through librtmp and libldap), although sseadm speaks TLS
 * only through OpenSSL and allows no protocol but HTTP(S). GnuTLS's constructor would initialise
 * it anyway at load, before main: ASN.1 trees, random generator, ~0.7 MB of memory. GnuTLS asks
 * programs that do not want that to define this function (its header's GNUTLS_SKIP_GLOBAL_INIT);
 * CMake exports it so the loader picks it over GnuTLS's own weak one. Should anything ever use
 * GnuTLS in this process, gnutls_global_init() still works when called. */
int _gnutls_global_init_skip(void);
int
_gnutls_global_init_skip(void)
{
    return 1;
}

/* The directory the running binary is in, and whether that is a CMake build tree. */
static char exe_dir[PATH_MAX];
static bool in_build_tree;

#ifdef SSE_HAVE_TUI
/* Every directory NAME.theme is looked for in, in order (the first that has it wins). Made here,
 * the one place that knows where the binary runs from; the TUI only hands it to the theme loader. */
struct theme_dirs {
    char installed[PATH_MAX + 32]; /* PREFIX/share/sseadm/themes beside the installed binary */
    char user[PATH_MAX + 32];      /* $XDG_DATA_HOME/sseadm/themes or ~/.local/share/sseadm/themes */
    const char *list[5];           /* NULL-terminated; "" for a directory that does not apply */
};

static bool
is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The source tree's themes/ when running from a build tree, else PREFIX/share/sseadm/themes next
 * to the installed binary (if there is one); then the user's own; then the usual system
 * directories. Returns d->list. */
static const char *const *
locate_themes(struct theme_dirs *d)
{
    const char *shipped = "";
#ifdef SSEADM_SOURCE_THEMES
    if (in_build_tree)
        shipped = SSEADM_SOURCE_THEMES;
#endif
    d->installed[0] = '\0';
    if (!*shipped && exe_dir[0]) {
        snprintf(d->installed, sizeof d->installed, "%s/../share/sseadm/themes", exe_dir);
        if (is_dir(d->installed))
            shipped = d->installed;
    }
    /* XDG: a relative $XDG_DATA_HOME is invalid and ignored. */
    d->user[0] = '\0';
    const char *data = getenv("XDG_DATA_HOME"), *home = getenv("HOME");
    if (data && data[0] == '/')
        snprintf(d->user, sizeof d->user, "%s/sseadm/themes", data);
    else if (home && *home)
        snprintf(d->user, sizeof d->user, "%s/.local/share/sseadm/themes", home);
    d->list[0] = shipped;
    d->list[1] = d->user;
    d->list[2] = "/usr/local/share/sseadm/themes";
    d->list[3] = "/usr/share/sseadm/themes";
    d->list[4] = NULL;
    return d->list;
}
#endif

static int
run_tui(const struct cli_globals *g)
{
#ifdef SSE_HAVE_TUI
    struct policy *policy = NULL;
    int rc = g->policy ? cli_load_policy(g->policy, &policy) : CLI_EXIT_OK;
    if (rc != CLI_EXIT_OK)
        return rc;
    struct sse_config cfg;
    int profile = -1;
    rc = cli_load_config(g, true, &cfg, &profile);
    if (rc != CLI_EXIT_OK) {
        policy_free(policy);
        return rc;
    }
    struct theme_dirs themes;
    struct tui_options opts = {
        .cfg = &cfg,
        .profile = profile,
        .theme = g->theme,
        .policy = policy,
        .secrets = g->secrets,
        .theme_dirs = locate_themes(&themes),
    };
    struct sse_error err;
    sse_error_clear(&err);
    rc = tui_run(&opts, &err);
    if (rc != 0) {
        char line[1024], clean[1024];
        sse_error_format(&err, line, sizeof line);
        fprintf(stderr, "sseadm: %s\n", SHOWN(clean, line));
    }
    config_cleanup(&cfg);
    policy_free(policy);
    return rc;
#else
    (void)g;
    fprintf(stderr, _("sseadm: this build has no terminal UI; use a command (see sseadm --help)\n"));
    return CLI_EXIT_USAGE;
#endif
}

static void
locate_self(void)
{
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0)
        return;
    exe[n] = '\0';
    snprintf(exe_dir, sizeof exe_dir, "%s", dirname(exe));
    char cache[PATH_MAX + 32];
    snprintf(cache, sizeof cache, "%s/CMakeCache.txt", exe_dir);
    in_build_tree = access(cache, F_OK) == 0;
}

/* True when dir holds sseadm's catalogues (any language we ship marks it). */
static bool
has_catalogues(const char *dir)
{
    char mo[PATH_MAX + 64];
    snprintf(mo, sizeof mo, "%s/zh_CN/LC_MESSAGES/" SSE_TEXT_DOMAIN ".mo", dir);
    return access(mo, R_OK) == 0;
}

/* Message catalogues: next to the binary in a build tree (build/locale), else relative to where
 * the binary is installed (PREFIX/bin → PREFIX/share/locale), else the configured directory or
 * the usual system ones (the binary's own path is unknown where /proc is not mounted). */
static void
init_translations(void)
{
    char local[PATH_MAX + 32] = "";
    if (exe_dir[0])
        snprintf(local, sizeof local, in_build_tree ? "%s/locale" : "%s/../share/locale", exe_dir);
    const char *candidates[] = {local, SSEADM_LOCALEDIR, "/usr/share/locale",
                                "/usr/local/share/locale"};
    const char *dir = SSEADM_LOCALEDIR;
    for (size_t i = 0; i < sizeof candidates / sizeof candidates[0]; i++) {
        if (candidates[i][0] && has_catalogues(candidates[i])) {
            dir = candidates[i];
            break;
        }
    }
    bindtextdomain(SSE_TEXT_DOMAIN, dir);
    bind_textdomain_codeset(SSE_TEXT_DOMAIN, "UTF-8");
    textdomain(SSE_TEXT_DOMAIN);
}

/* A core dump holds what the process holds: keys, tokens, and the copies libraries make of them
 * (request headers, freed buffers) that no wiping reaches. So none is written unless the user asks
 * with SSEADM_CORE_DUMP=1: the process is made non-dumpable (which also keeps the user's other
 * processes from reading its memory) and its soft core limit 0 (where fs.suid_dumpable = 2 dumps
 * non-dumpable processes anyway). */
static void
core_dumps_off(void)
{
    const char *want = getenv("SSEADM_CORE_DUMP");
    if (want && strcmp(want, "1") == 0)
        return;
    prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
    struct rlimit rl;
    if (getrlimit(RLIMIT_CORE, &rl) == 0) {
        rl.rlim_cur = 0;
        setrlimit(RLIMIT_CORE, &rl);
    }
}

int
main(int argc, char **argv)
{
    core_dumps_off();
    /* Before anything reads them, and before any thread: it changes the environment. */
    struct envsecret secrets;
    if (envsecret_take(&secrets) != SSE_OK) {
        fputs("sseadm: out of memory\n", stderr);
        return CLI_EXIT_FAILED;
    }
    setlocale(LC_ALL, "");
    locate_self();
    init_translations();
    /* A peer closing a connection must be an error code, not a killed process. */
    signal(SIGPIPE, SIG_IGN);
    if (net_global_init() != SSE_OK) {
        fprintf(stderr, _("sseadm: cannot initialise libcurl\n"));
        return CLI_EXIT_FAILED;
    }
    xmlInitParser();

    struct cli_globals g;
    int rc = cli_parse_globals(argc, argv, &g);
    g.secrets = &secrets;
    if (rc == CLI_EXIT_OK) {
        if (g.version)
            printf("sseadm %s\n", SSEADM_VERSION);
        else if (g.help && !g.command)
            cli_print_usage(stdout);
        else if (!g.command)
            rc = run_tui(&g);
        else
            rc = cli_run(&g);
    }
    free(g.argv);
    envsecret_cleanup(&secrets);
    xmlCleanupParser();
    net_global_cleanup();
    return rc;
}
