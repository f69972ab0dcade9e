/* test_config_config.c — config loading: every error with its line, defaults, credentials, perms. */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "config/cfgfile.h"
#include "config/config.h"

static char tmpdir[256];
static char cfgpath[300];

#define HZ "endpoint = \"https://oss-cn-hangzhou.aliyuncs.com\"; region = \"cn-hangzhou\";"
#define SECRET "Sup3rS3cretValue-DoNotLeak"

static void
write_file(const char *path, const char *text, mode_t mode)
{
    FILE *f = fopen(path, "w");
    if (!f) {
        perror(path);
        exit(2);
    }
    fputs(text, f);
    fclose(f);
    chmod(path, mode);
}

struct run {
    enum sse_status st;
    struct sse_config cfg;
    struct sse_diag err, warn;
};

/* Writes text to cfgpath (mode 0600) and loads it. */
/* Writes text to the configuration file with that mode and loads it into r. */
static void
load_mode(struct run *r, const char *text, mode_t mode)
{
    memset(r, 0, sizeof *r);
    write_file(cfgpath, text, mode);
    r->st = config_load(cfgpath, &r->cfg, &r->err, &r->warn);
}

static void
load(struct run *r, const char *text)
{
    load_mode(r, text, 0600);
}

static void
done(struct run *r)
{
    config_cleanup(&r->cfg);
    sse_diag_cleanup(&r->err);
    sse_diag_cleanup(&r->warn);
}

static void
dump(const char *what, const struct sse_diag *d)
{
    for (size_t i = 0; i < d->count; i++)
        fprintf(stderr, "    %s[%zu]: %s\n", what, i, d->lines[i]);
}

/* Whether d holds exactly the line cfgpath + suffix (suffix like ":7: unknown key ..."). */
static bool __attribute__((format(printf, 2, 3)))
has(const struct sse_diag *d, const char *fmt, ...)
{
    char suffix[1024], want[1400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(suffix, sizeof suffix, fmt, ap);
    va_end(ap);
    snprintf(want, sizeof want, "%s%s", cfgpath, suffix);
    for (size_t i = 0; i < d->count; i++)
        if (strcmp(d->lines[i], want) == 0)
            return true;
    fprintf(stderr, "  missing: %s\n", want);
    dump("have", d);
    return false;
}

/* Loads text that must fail with exactly one error, suffix (after the file name). */
#define EXPECT_ONE(text, ...)                                                  \
    do {                                                                       \
        struct run r_;                                                         \
        load(&r_, text);                                                       \
        CHECK_INT(r_.st, SSE_ERR_CONFIG);                                      \
        CHECK_INT(r_.err.count, 1);                                            \
        CHECK(has(&r_.err, __VA_ARGS__));                                      \
        CHECK(r_.cfg.profiles == NULL && r_.cfg.path == NULL);                 \
        done(&r_);                                                             \
    } while (0)

static void
test_minimal_defaults(void)
{
    struct run r;
    load(&r, "profiles = ( { name = \"hz\"; " HZ " } );\n");
    CHECK_INT(r.st, SSE_OK);
    CHECK_INT(r.err.count, 0);
    CHECK_INT(r.warn.count, 0);
    CHECK_STR(r.cfg.path, cfgpath);
    CHECK_INT(r.cfg.version, 1);
    CHECK_INT(r.cfg.nprofiles, 1);
    CHECK_INT(r.cfg.default_profile, 0);
    const struct sse_profile *p = &r.cfg.profiles[0];
    CHECK_STR(p->account.profile, "hz");
    CHECK_STR(p->account.endpoint, "https://oss-cn-hangzhou.aliyuncs.com");
    CHECK_STR(p->account.region, "cn-hangzhou");
    CHECK_INT(p->account.signature_version, 4);
    CHECK_INT(p->account.addressing, OSS_ADDR_VIRTUAL);
    CHECK(!p->account.insecure_tls && !p->discover && !p->internal && !p->readonly);
    CHECK(!oss_credentials_present(&p->account.creds));
    CHECK_INT(p->nbuckets, 0);
    CHECK_INT(p->line, 1);
    CHECK_INT(r.cfg.network.timeout_s, 10);
    CHECK_INT(r.cfg.network.connect_timeout_s, 5);
    CHECK_INT(r.cfg.network.retries, 3);
    CHECK_INT(r.cfg.network.concurrency, 32);
    CHECK_STR(r.cfg.network.ca_file, "");
    CHECK_STR(r.cfg.network.proxy, "");
    CHECK_STR(r.cfg.ui.theme, "default");
    CHECK(r.cfg.ui.confirm);
    CHECK_INT(r.cfg.ui.columns, SSE_COLUMNS_ALL);
    CHECK(r.cfg.ui.clipboard);
    done(&r);
}

static void
test_full_shape(void)
{
    char text[2048];
    snprintf(text, sizeof text,
             "version = 1;\n"
             "default_profile = \"local\";\n"
             "profiles = (\n"
             "  { name = \"hz\"; " HZ "\n"
             "    buckets = ( \"examplebucket\", \"logs-archive\" ); },\n"
             "  {\n"
             "    name = \"local\";\n"
             "    endpoint = \"http://127.0.0.1:9000/\";\n"
             "    region = \"cn-beijing\";\n"
             "    signature_version = 1;\n"
             "    addressing = \"path\";\n"
             "    access_key_id = \"AKID\"; access_key_secret = \"" SECRET "\";\n"
             "    security_token = \"TOKEN\";\n"
             "    buckets = [ \"demo\" ];\n"
             "    discover = true; internal = true; readonly = true; insecure_tls = true;\n"
             "  }\n"
             ");\n"
             "network = { timeout_s = 3600; connect_timeout_s = 600; retries = 0; concurrency = 1024;\n"
             "            ca_file = \"%s\"; proxy = \"http://user:pw@proxy:3128\"; };\n"
             "ui = { theme = \"high-contrast\"; confirm = false; clipboard = false;\n"
             "       columns = [ \"algorithm\", \"kms_key_id\", \"status\" ]; };\n",
             cfgpath);
    struct run r;
    load(&r, text); /* ca_file: the config file itself is a readable file */
    CHECK_INT(r.st, SSE_OK);
    dump("err", &r.err);
    CHECK_INT(r.warn.count, 0);
    CHECK_INT(r.cfg.nprofiles, 2);
    CHECK_INT(r.cfg.default_profile, 1);
    const struct sse_profile *a = &r.cfg.profiles[0], *b = &r.cfg.profiles[1];
    CHECK_INT(a->nbuckets, 2);
    if (a->nbuckets == 2) {
        CHECK_STR(a->buckets[0], "examplebucket");
        CHECK_STR(a->buckets[1], "logs-archive");
    }
    CHECK_INT(a->line, 4);
    CHECK_INT(b->line, 6);
    CHECK_STR(b->account.endpoint, "http://127.0.0.1:9000/");
    CHECK_STR(b->account.region, "cn-beijing");
    CHECK_INT(b->account.signature_version, 1);
    CHECK_INT(b->account.addressing, OSS_ADDR_PATH);
    CHECK(b->account.insecure_tls && b->discover && b->internal && b->readonly);
    CHECK(oss_credentials_present(&b->account.creds));
    CHECK_STR(b->account.creds.access_key_id, "AKID");
    CHECK_STR(b->account.creds.access_key_secret, SECRET);
    CHECK_STR(b->account.creds.security_token, "TOKEN");
    CHECK_INT(b->nbuckets, 1);
    CHECK_INT(r.cfg.network.timeout_s, 3600);
    CHECK_INT(r.cfg.network.connect_timeout_s, 600);
    CHECK_INT(r.cfg.network.retries, 0);
    CHECK_INT(r.cfg.network.concurrency, 1024);
    CHECK_STR(r.cfg.network.ca_file, cfgpath);
    CHECK_STR(r.cfg.network.proxy, "http://user:pw@proxy:3128");
    CHECK_STR(r.cfg.ui.theme, "high-contrast");
    CHECK(!r.cfg.ui.confirm);
    CHECK(!r.cfg.ui.clipboard);
    /* the bucket is always shown */
    CHECK_INT(r.cfg.ui.columns, SSE_COLUMN_BIT(SSE_COL_BUCKET) | SSE_COLUMN_BIT(SSE_COL_ALGORITHM) |
                                    SSE_COLUMN_BIT(SSE_COL_KMS_KEY_ID) |
                                    SSE_COLUMN_BIT(SSE_COL_STATUS));
    done(&r);
}

static void
test_file_errors(void)
{
    struct sse_config cfg;
    struct sse_diag err = {0};
    char path[400];
    snprintf(path, sizeof path, "%s/does-not-exist", tmpdir);
    CHECK_INT(config_load(path, &cfg, &err, NULL), SSE_ERR_IO);
    CHECK_INT(err.count, 1);
    char want[600];
    snprintf(want, sizeof want, "%s: cannot open: No such file or directory", path);
    if (err.count)
        CHECK_STR(err.lines[0], want);
    CHECK(cfg.profiles == NULL);
    sse_diag_cleanup(&err);

    /* A directory is not a configuration. */
    CHECK_INT(config_load(tmpdir, &cfg, &err, NULL), SSE_ERR_IO);
    snprintf(want, sizeof want, "%s: is not a regular file", tmpdir);
    if (err.count)
        CHECK_STR(err.lines[0], want);
    sse_diag_cleanup(&err);

    /* Nor is a FIFO, refused at once (opening it used to wait for a writer forever). */
    char fifo[512];
    snprintf(fifo, sizeof fifo, "%s/config.fifo", tmpdir);
    CHECK(mkfifo(fifo, 0600) == 0);
    CHECK_INT(config_load(fifo, &cfg, &err, NULL), SSE_ERR_IO);
    snprintf(want, sizeof want, "%s: is not a regular file", fifo);
    if (err.count)
        CHECK_STR(err.lines[0], want);
    sse_diag_cleanup(&err);
    unlink(fifo);

    /* Unreadable: root reads anything, so only check as a normal user. */
    if (geteuid() != 0) {
        write_file(cfgpath, "version = 1;\n", 0000);
        CHECK_INT(config_load(cfgpath, &cfg, &err, NULL), SSE_ERR_IO);
        snprintf(want, sizeof want, "%s: cannot open: Permission denied", cfgpath);
        if (err.count)
            CHECK_STR(err.lines[0], want);
        sse_diag_cleanup(&err);
    }

    /* Binary junk with a NUL byte. */
    FILE *f = fopen(cfgpath, "w");
    fwrite("version = 1;\0x", 1, 14, f);
    fclose(f);
    CHECK_INT(config_load(cfgpath, &cfg, &err, NULL), SSE_ERR_CONFIG);
    snprintf(want, sizeof want, "%s: has a NUL byte; a configuration is a text file", cfgpath);
    if (err.count)
        CHECK_STR(err.lines[0], want);
    sse_diag_cleanup(&err);
}

/* @include lines that would stop libconfig's scanner (it exits on a directory, reads a device
 * forever) are refused with their line; a nested one is checked too; good ones still work. */
static void
test_includes(void)
{
    char sub[400], inc[400];
    snprintf(sub, sizeof sub, "%s/incdir", tmpdir);
    mkdir(sub, 0700);
    EXPECT_ONE("version = 1;\n@include \"\"\n", ":2: @include \"\" names no file");
    EXPECT_ONE("version = 1;\n  @include \"incdir\"\n", ":2: @include \"incdir\" is a directory, not a file");
    EXPECT_ONE("version = 1;\n\n@include \"/dev/zero\"\n", ":3: @include \"/dev/zero\" is not a regular file");
    /* One level down: the included file's own bad @include names that file. */
    snprintf(inc, sizeof inc, "%s/inc1.cfg", tmpdir);
    write_file(inc, "# nested\n@include \"incdir\"\n", 0600);
    struct run r;
    load(&r, "version = 1;\n@include \"inc1.cfg\"\n");
    CHECK_INT(r.st, SSE_ERR_CONFIG);
    char want[900];
    snprintf(want, sizeof want, "%s/inc1.cfg:2: @include \"incdir\" is a directory, not a file", tmpdir);
    CHECK(r.err.count == 1 && strcmp(r.err.lines[0], want) == 0);
    if (r.err.count != 1)
        dump("err", &r.err);
    done(&r);
    /* A file that includes itself. */
    write_file(inc, "@include \"inc1.cfg\"\n", 0600);
    load(&r, "version = 1;\n@include \"inc1.cfg\"\n");
    CHECK_INT(r.st, SSE_ERR_CONFIG);
    CHECK(r.err.count == 1 && strstr(r.err.lines[0], "(a loop)") != NULL);
    done(&r);
    /* A file that includes itself many times: each line once, at once (not 6^10 reads). */
    write_file(inc, "@include \"inc1.cfg\"\n@include \"inc1.cfg\"\n@include \"inc1.cfg\"\n"
                    "@include \"inc1.cfg\"\n@include \"inc1.cfg\"\n@include \"inc1.cfg\"\n", 0600);
    load(&r, "version = 1;\n@include \"inc1.cfg\"\n");
    CHECK_INT(r.st, SSE_ERR_CONFIG);
    CHECK_INT(r.err.count, 6);
    done(&r);
    /* The configuration including itself. */
    load(&r, "version = 1;\n@include \"config\"\n");
    CHECK_INT(r.st, SSE_ERR_CONFIG);
    CHECK(r.err.count == 1 && strstr(r.err.lines[0], ":2: @include \"config\" includes a file "
                                                     "that is already being included") != NULL);
    if (r.err.count != 1)
        dump("err", &r.err);
    done(&r);
    /* Lines in comments are not includes: libconfig skips them, and so does the check. */
    write_file(inc, "profiles = ( { name = \"inc\"; " HZ " } );\n", 0600);
    load(&r, "version = 1;\n/* old:\n@include \"incdir\"\n*/\n# @include \"incdir\"\n"
             "@include \"inc1.cfg\" // the profiles\n");
    CHECK_INT(r.st, SSE_OK);
    if (r.st != SSE_OK)
        dump("err", &r.err);
    done(&r);
    /* A good include still loads, next to the including file. */
    write_file(inc, "profiles = ( { name = \"inc\"; " HZ " } );\n", 0600);
    load(&r, "version = 1;\n@include \"inc1.cfg\"\n");
    CHECK_INT(r.st, SSE_OK);
    CHECK(r.cfg.nprofiles == 1 && strcmp(r.cfg.profiles[0].account.profile, "inc") == 0);
    if (r.st != SSE_OK)
        dump("err", &r.err);
    done(&r);
    unlink(inc);
    rmdir(sub);
}

static void
test_syntax_errors(void)
{
    EXPECT_ONE("version = 1;\n"
               "profiles = (\n"
               "  { name = ; " HZ " }\n"
               ");\n",
               ":3: syntax error; expected key = value; with strings in double quotes, lists in ( ) "
               "and groups in { }");
    EXPECT_ONE("version = 1;\n\nversion = 1;\n",
               ":3: a key is set twice in the same group; keep one");
    /* An unterminated string is reported where the scanner gives up: the end of the file. */
    EXPECT_ONE("profiles = ( { name = \"hz; } );\n",
               ":2: syntax error; expected key = value; with strings in double quotes, lists in ( ) "
               "and groups in { }");
    /* An empty file parses, and then has no profiles. */
    EXPECT_ONE("", ": has no profiles; add profiles = ( { name = \"...\"; endpoint = \"https://...\"; "
                   "region = \"...\"; } );");
}

static void
test_unknown_keys(void)
{
    EXPECT_ONE("profiles = ( { name = \"hz\"; " HZ " } );\n"
               "netwrok = { };\n",
               ":2: unknown key \"netwrok\" at the top level (did you mean \"network\"?)");
    EXPECT_ONE("profiles = ( { name = \"hz\"; " HZ " } );\n"
               "colour = \"red\";\n",
               ":2: unknown key \"colour\" at the top level; known keys: version, default_profile, "
               "profiles, network, ui");
    EXPECT_ONE("profiles = (\n"
               "  {\n"
               "    name = \"hangzhou\";\n"
               "    region = \"cn-hangzhou\";\n"
               "    endpoint = \"https://oss-cn-hangzhou.aliyuncs.com\";\n"
               "\n"
               "    endpiont = \"https://oss-cn-hangzhou.aliyuncs.com\";\n"
               "  }\n"
               ");\n",
               ":7: unknown key \"endpiont\" in profile \"hangzhou\" (did you mean \"endpoint\"?)");
    /* Without a usable name the profile is named by its index. */
    {
        struct run r;
        load(&r, "profiles = ( { " HZ " bucket = [ \"abc\" ]; } );\n");
        CHECK_INT(r.st, SSE_ERR_CONFIG);
        CHECK_INT(r.err.count, 2);
        CHECK(has(&r.err, ":1: profiles[0] has no name; add name = \"...\"; (letters, digits, '.', "
                          "'_', '-')"));
        CHECK(has(&r.err, ":1: unknown key \"bucket\" in profiles[0] (did you mean \"buckets\"?)"));
        done(&r);
    }
    EXPECT_ONE("profiles = ( { name = \"hz\"; " HZ " } );\n"
               "network = {\n  timeout = 5;\n};\n",
               ":3: unknown key \"timeout\" in network (did you mean \"timeout_s\"?)");
    EXPECT_ONE("profiles = ( { name = \"hz\"; " HZ " } );\n"
               "ui = { them = \"dark\"; };\n",
               ":2: unknown key \"them\" in ui (did you mean \"theme\"?)");
    EXPECT_ONE("profiles = ( { name = \"hz\"; " HZ " } );\n"
               "ui = { x = 1; };\n",
               ":2: unknown key \"x\" in ui; known keys: theme, confirm, columns, clipboard");
}

static void
test_types_and_values(void)
{
    EXPECT_ONE("profiles = (\n  { name = \"hz\"; " HZ "\n    signature_version = 3; }\n);\n",
               ":3: profiles[0].signature_version must be 1 or 4, not 3");
    EXPECT_ONE("profiles = (\n  { name = \"hz\"; " HZ "\n    signature_version = \"4\"; }\n);\n",
               ":3: profiles[0].signature_version must be 1 or 4, not a string");
    EXPECT_ONE("profiles = (\n  { name = \"hz\"; " HZ "\n    addressing = \"vhost\"; }\n);\n",
               ":3: profiles[0].addressing must be \"virtual\" (bucket.host) or \"path\" "
               "(host/bucket/), not \"vhost\"");
    EXPECT_ONE("profiles = (\n  { name = \"hz\"; " HZ "\n    readonly = \"yes\"; }\n);\n",
               ":3: profiles[0].readonly must be true or false, not a string");
    EXPECT_ONE("profiles = (\n  { name = \"hz\"; " HZ "\n    insecure_tls = 1; }\n);\n",
               ":3: profiles[0].insecure_tls must be true or false, not an integer");
    EXPECT_ONE("profiles = (\n  { name = 7; " HZ " }\n);\n",
               ":2: profiles[0].name must be a string in double quotes, not an integer");
    EXPECT_ONE("profiles = (\n  { name = \"my prof\"; " HZ " }\n);\n",
               ":2: profiles[0].name \"my prof\" may only have letters, digits, '.', '_' and '-' "
               "(not first)");
    EXPECT_ONE("version = 2;\nprofiles = ( { name = \"hz\"; " HZ " } );\n",
               ":1: version must be 1, not 2 (this sseadm reads version 1 files)");
    EXPECT_ONE("version = \"1\";\nprofiles = ( { name = \"hz\"; " HZ " } );\n",
               ":1: version must be 1, not a string");
    EXPECT_ONE("profiles = ( { name = \"hz\"; " HZ " } );\nui = { theme = \"../etc/x\"; };\n",
               ":2: ui.theme \"../etc/x\" must be a theme name like \"dark\" (letters, digits, '.', "
               "'_', '-'; at most 63 bytes)");
    EXPECT_ONE("profiles = ( { name = \"hz\"; " HZ " } );\nui = { confirm = \"no\"; };\n",
               ":2: ui.confirm must be true or false, not a string");
    EXPECT_ONE("profiles = ( { name = \"hz\"; " HZ " } );\nui = \"dark\";\n",
               ":2: ui must be a group, like ui = { theme = \"default\"; confirm = true; };, not a "
               "string");
    EXPECT_ONE("profiles = ( { name = \"hz\"; " HZ " } );\nui = { columns = [ \"algoritm\" ]; };\n",
               ":2: ui.columns[0]: unknown column \"algoritm\" (did you mean \"algorithm\"?); "
               "known columns: profile, bucket, region, algorithm, kms_key_id, kms_data_encryption, policy, "
               "status");
    EXPECT_ONE("profiles = ( { name = \"hz\"; " HZ " } );\nui = { columns = \"status\"; };\n",
               ":2: ui.columns must be a list of column names, like [ \"profile\", \"algorithm\", "
               "\"status\" ], not a string");
    EXPECT_ONE("profiles = ( { name = \"hz\"; " HZ " } );\nui = { columns = ( \"status\", 3 ); };\n",
               ":2: ui.columns[1] must be a column name in double quotes, not an integer");
    EXPECT_ONE("profiles = ( { name = \"hz\"; " HZ " } );\n"
               "ui = { columns = [ \"status\", \"status\" ]; };\n",
               ":2: ui.columns[1]: column \"status\" is listed twice");
    EXPECT_ONE("profiles = ( { name = \"hz\"; " HZ " } );\nui = { clipboard = 1; };\n",
               ":2: ui.clipboard must be true or false, not an integer");
    /* Control bytes in a quoted value do not reach the message. */
    EXPECT_ONE("profiles = ( { name = \"hz\"; " HZ " } );\nui = { theme = \"a\\x1b[31m\"; };\n",
               ":2: ui.theme \"a?[31m\" must be a theme name like \"dark\" (letters, digits, '.', "
               "'_', '-'; at most 63 bytes)");
}

static void
test_required_and_profiles(void)
{
    struct run r;
    load(&r, "profiles = (\n  { }\n);\n");
    CHECK_INT(r.st, SSE_ERR_CONFIG);
    CHECK_INT(r.err.count, 3);
    CHECK(has(&r.err, ":2: profiles[0] has no name; add name = \"...\"; (letters, digits, '.', '_', "
                      "'-')"));
    CHECK(has(&r.err, ":2: profiles[0] has no endpoint; add endpoint = "
                      "\"https://oss-<region>.aliyuncs.com\";"));
    CHECK(has(&r.err, ":2: profiles[0] has no region; add region = \"cn-hangzhou\"; (the region id, "
                      "without \"oss-\")"));
    done(&r);

    EXPECT_ONE("profiles = ();\n",
               ":1: profiles is empty; define at least one profile: ( { name = \"...\"; endpoint = "
               "\"https://...\"; region = \"...\"; } )");
    EXPECT_ONE("version = 1;\nprofiles = { name = \"hz\"; };\n",
               ":2: profiles must be a list of groups, like ( { name = \"...\"; ... } ), not a group { }");
    /* libconfig dates a scalar list element by the token after it: keep ")" on the same line. */
    EXPECT_ONE("profiles = (\n  { name = \"hz\"; " HZ " },\n  \"second\" );\n",
               ":3: profiles[1] must be a group { name = ...; endpoint = ...; region = ...; }, not a "
               "string");
    EXPECT_ONE("profiles = (\n"
               "  { name = \"hz\"; " HZ " },\n"
               "  { name = \"bj\"; " HZ " },\n"
               "  { name = \"hz\"; " HZ " }\n"
               ");\n",
               ":4: duplicate profile name \"hz\" (first defined at line 2)");
    EXPECT_ONE("default_profile = \"beijing\";\n"
               "profiles = ( { name = \"hz\"; " HZ " }, { name = \"sh\"; " HZ " } );\n",
               ":1: default_profile \"beijing\" names no profile; known profiles: hz, sh");
    EXPECT_ONE("default_profile = 1;\nprofiles = ( { name = \"hz\"; " HZ " } );\n",
               ":1: default_profile must be a string in double quotes, not an integer");
}

static void
test_endpoint_region(void)
{
#define EP(ep) "profiles = (\n  { name = \"hz\"; region = \"cn-hangzhou\";\n    endpoint = " ep "; }\n);\n"
    EXPECT_ONE(EP("\"oss-cn-hangzhou.aliyuncs.com\""),
               ":3: profiles[0].endpoint \"oss-cn-hangzhou.aliyuncs.com\" is not https://host[:port] "
               "or http://host[:port]: it has no https:// or http:// in front (did you mean "
               "\"https://oss-cn-hangzhou.aliyuncs.com\"?)");
    EXPECT_ONE(EP("\"ftp://oss-cn-hangzhou.aliyuncs.com\""),
               ":3: profiles[0].endpoint \"ftp://oss-cn-hangzhou.aliyuncs.com\" is not "
               "https://host[:port] or http://host[:port]: the scheme must be https:// or http://");
    EXPECT_ONE(EP("\"https://oss-cn-hangzhou.aliyuncs.com/bucket\""),
               ":3: profiles[0].endpoint \"https://oss-cn-hangzhou.aliyuncs.com/bucket\" is not "
               "https://host[:port] or http://host[:port]: it must not have a path, query or fragment");
    EXPECT_ONE(EP("\"http://127.0.0.1:0\""),
               ":3: profiles[0].endpoint \"http://127.0.0.1:0\" is not https://host[:port] or "
               "http://host[:port]: the port must be a number from 1 to 65535");
    EXPECT_ONE(EP("\"http://127.0.0.1:65536\""),
               ":3: profiles[0].endpoint \"http://127.0.0.1:65536\" is not https://host[:port] or "
               "http://host[:port]: the port must be a number from 1 to 65535");
    EXPECT_ONE(EP("\"https://\""),
               ":3: profiles[0].endpoint \"https://\" is not https://host[:port] or "
               "http://host[:port]: it has no host");
    EXPECT_ONE(EP("\"https://bad_host.example.com\""),
               ":3: profiles[0].endpoint \"https://bad_host.example.com\" is not https://host[:port] "
               "or http://host[:port]: the host may only have letters, digits, '.' and '-'");
    EXPECT_ONE(EP("\"https://ak:" SECRET "@oss-cn-hangzhou.aliyuncs.com\""),
               ":3: profiles[0].endpoint must not hold user information ('@'); put keys in "
               "access_key_id / access_key_secret");
    EXPECT_ONE(EP("8080"),
               ":3: profiles[0].endpoint must be a string in double quotes, not an integer");
    /* Good ones. */
    const char *good[] = {"\"http://[::1]:9000\"; addressing = \"path\"",
                          "\"HTTPS://OSS-CN-HANGZHOU.ALIYUNCS.COM\"",
                          "\"http://localhost:9000/\"", "\"https://oss-cn-hangzhou-internal.aliyuncs.com\""};
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        char text[512];
        snprintf(text, sizeof text, EP("%s"), good[i]);
        struct run r;
        load(&r, text);
        CHECK_INT(r.st, SSE_OK);
        CHECK_INT(r.warn.count, 0);
        dump("err", &r.err);
        dump("warn", &r.warn);
        done(&r);
    }
#undef EP
#define RG(rg) "profiles = (\n  { name = \"hz\"; endpoint = \"http://127.0.0.1:9000\";\n    region = " rg "; addressing = \"path\"; }\n);\n"
    EXPECT_ONE(RG("\"oss-cn-hangzhou\""),
               ":3: profiles[0].region \"oss-cn-hangzhou\" is an endpoint prefix, not a region id; "
               "drop \"oss-\": region = \"cn-hangzhou\";");
    EXPECT_ONE(RG("\"CN-Hangzhou\""),
               ":3: profiles[0].region \"CN-Hangzhou\" must be a region id like \"cn-hangzhou\" "
               "(lower-case letters, digits and '-')");
    EXPECT_ONE(RG("\"\""),
               ":3: profiles[0].region \"\" must be a region id like \"cn-hangzhou\" (lower-case "
               "letters, digits and '-')");
#undef RG
    /* Virtual-hosted addressing puts the bucket in front of the host: an IP address has no such
     * names (it would look up bucket.127.0.0.1). Said at the addressing line, else the endpoint's. */
    EXPECT_ONE("profiles = (\n  { name = \"hz\"; endpoint = \"http://127.0.0.1:9000\";\n"
               "    region = \"cn-hangzhou\"; }\n);\n",
               ":2: profiles[0].endpoint \"http://127.0.0.1:9000\" is an IP address, which "
               "virtual-hosted addressing (the default) cannot put a bucket name in front of; add "
               "addressing = \"path\";");
    EXPECT_ONE("profiles = (\n  { name = \"hz\"; endpoint = \"https://[fd00::5]\";\n"
               "    region = \"cn-hangzhou\";\n    addressing = \"virtual\"; }\n);\n",
               ":4: profiles[0].addressing \"virtual\" cannot be used with the IP address endpoint "
               "\"https://[fd00::5]\": it would look up BUCKET.[fd00::5]; use addressing = \"path\";");
    {
        struct run r;
        load(&r, "profiles = (\n  { name = \"hz\"; endpoint = \"http://10.0.0.7:9000\";\n"
                 "    region = \"cn-hangzhou\"; addressing = \"path\"; },\n"
                 "  { name = \"n\"; endpoint = \"http://127.0.0.1.nip.io:9000\";\n"
                 "    region = \"cn-hangzhou\"; }\n);\n");
        CHECK_INT(r.st, SSE_OK); /* path style, and a name that only starts like an address */
        done(&r);
    }
    /* A region that disagrees with an aliyuncs.com endpoint is a warning. */
    struct run r;
    load(&r, "profiles = (\n  { name = \"hz\"; endpoint = \"https://oss-cn-beijing.aliyuncs.com\";\n"
             "    region = \"cn-hangzhou\"; }\n);\n");
    CHECK_INT(r.st, SSE_OK);
    CHECK_INT(r.warn.count, 1);
    CHECK(has(&r.warn, ":3: profiles[0].region \"cn-hangzhou\" differs from the endpoint's region "
                       "\"cn-beijing\"; V4 signatures will be rejected"));
    done(&r);
}

static void
test_buckets(void)
{
#define BK(list) "profiles = (\n  { name = \"hz\"; " HZ "\n    buckets = " list "; }\n);\n"
    EXPECT_ONE(BK("( \"good-one\",\n      \"Bad_Name\" )"),
               ":4: profiles[0].buckets[1]: bucket name \"Bad_Name\" has an upper-case letter; OSS "
               "bucket names are lower case");
    EXPECT_ONE(BK("( \"ab\" )"),
               ":3: profiles[0].buckets[0]: bucket name \"ab\" must be 3 to 63 characters long (it "
               "has 2)");
    EXPECT_ONE(BK("( \"logs\", \"data\",\n \"logs\" )"),
               ":4: profiles[0].buckets[2]: bucket \"logs\" is listed twice in profile \"hz\"");
    EXPECT_ONE(BK("( \"logs\", 5 )"),
               ":3: profiles[0].buckets[1] must be a bucket name in double quotes, not an integer");
    EXPECT_ONE(BK("\"logs\""),
               ":3: profiles[0].buckets must be a list of bucket names, like ( \"bucket-a\", "
               "\"bucket-b\" ), not a string");
    struct run r;
    load(&r, BK("( )"));
    CHECK_INT(r.st, SSE_OK);
    CHECK_INT(r.cfg.profiles ? r.cfg.profiles[0].nbuckets : 99, 0);
    done(&r);
#undef BK
}

static void
test_endpoints_allowed(void)
{
#define AL(list) "profiles = (\n  { name = \"hz\"; " HZ "\n    endpoints_allowed = " list "; }\n);\n"
    struct run r;
    load(&r, AL("[ \"OSS.Example.com\", \"10.0.0.5:9000\" ]"));
    CHECK_INT(r.st, SSE_OK);
    CHECK_INT(r.cfg.profiles ? r.cfg.profiles[0].nendpoints_allowed : 0, 2);
    if (r.cfg.profiles && r.cfg.profiles[0].nendpoints_allowed == 2) {
        CHECK_STR(r.cfg.profiles[0].endpoints_allowed[0], "oss.example.com");
        CHECK_STR(r.cfg.profiles[0].endpoints_allowed[1], "10.0.0.5:9000");
    }
    done(&r);
    EXPECT_ONE(AL("[ \"https://oss.example.com\" ]"),
               ":3: profiles[0].endpoints_allowed[0] \"https://oss.example.com\" is not a host "
               "name with an optional port (\"oss.example.com\", \"10.0.0.5:9000\"; no scheme or "
               "path)");
    EXPECT_ONE(AL("[ \"h:99999\" ]"),
               ":3: profiles[0].endpoints_allowed[0] \"h:99999\" is not a host name with an "
               "optional port (\"oss.example.com\", \"10.0.0.5:9000\"; no scheme or path)");
    EXPECT_ONE(AL("( 5 )"),
               ":3: profiles[0].endpoints_allowed[0] must be a host name in double quotes, not an "
               "integer");
    EXPECT_ONE(AL("\"oss.example.com\""),
               ":3: profiles[0].endpoints_allowed must be a list of at most 64 host names, like [ "
               "\"oss.example.com\", \"10.0.0.5:9000\" ]");
#undef AL
}

static void
test_network_ranges(void)
{
    static const struct {
        const char *key;
        long long lo, hi;
    } ranges[] = {{"timeout_s", 1, 3600}, {"connect_timeout_s", 1, 600}, {"retries", 0, 10},
                  {"concurrency", 1, 1024}};
    for (size_t i = 0; i < 4; i++) {
        for (int side = 0; side < 2; side++) {
            long long v = side ? ranges[i].hi + 1 : ranges[i].lo - 1;
            char text[512];
            snprintf(text, sizeof text,
                     "profiles = ( { name = \"hz\"; " HZ " } );\nnetwork = {\n  %s = %lld;\n};\n",
                     ranges[i].key, v);
            EXPECT_ONE(text, ":3: network.%s must be an integer from %lld to %lld, not %lld",
                       ranges[i].key, ranges[i].lo, ranges[i].hi, v);
        }
    }
    EXPECT_ONE("profiles = ( { name = \"hz\"; " HZ " } );\nnetwork = { retries = 2.5; };\n",
               ":2: network.retries must be an integer from 0 to 10, not a decimal number");
    EXPECT_ONE("profiles = ( { name = \"hz\"; " HZ " } );\nnetwork = { timeout_s = \"10\"; };\n",
               ":2: network.timeout_s must be an integer from 1 to 3600, not a string");
    char text[512];
    snprintf(text, sizeof text,
             "profiles = ( { name = \"hz\"; " HZ " } );\nnetwork = { ca_file = \"%s/no-ca.pem\"; };\n",
             tmpdir);
    EXPECT_ONE(text, ":2: network.ca_file \"%s/no-ca.pem\" cannot be read: No such file or directory",
               tmpdir);
    char longproxy[700];
    memset(longproxy, 'p', sizeof longproxy - 1);
    longproxy[sizeof longproxy - 1] = '\0';
    char big[1200];
    snprintf(big, sizeof big, "profiles = ( { name = \"hz\"; " HZ " } );\nnetwork = { proxy = \"%s\"; };\n",
             longproxy);
    EXPECT_ONE(big, ":2: network.proxy is too long (at most 511 bytes)");
    EXPECT_ONE("profiles = ( { name = \"hz\"; " HZ " } );\nnetwork = ( 1 );\n",
               ":2: network must be a group, like network = { timeout_s = 10; retries = 3; };, not a "
               "list ( )");
}

static void
test_key_pairs(void)
{
#define KP(keys) "profiles = (\n  { name = \"hz\"; " HZ "\n    " keys " }\n);\n"
    EXPECT_ONE(KP("access_key_id = \"AKID\";"),
               ":3: profile \"hz\" has access_key_id but no access_key_secret; give both, or neither "
               "to use OSS_ACCESS_KEY_ID / OSS_ACCESS_KEY_SECRET");
    EXPECT_ONE(KP("access_key_secret = \"" SECRET "\";"),
               ":3: profile \"hz\" has access_key_secret but no access_key_id; give both, or neither "
               "to use OSS_ACCESS_KEY_ID / OSS_ACCESS_KEY_SECRET");
    EXPECT_ONE(KP("security_token = \"" SECRET "\";"),
               ":3: profile \"hz\" has security_token but no access_key_id and access_key_secret; an "
               "STS token is used with its temporary key pair");
    EXPECT_ONE(KP("access_key_id = \"\"; access_key_secret = \"" SECRET "\";"),
               ":3: profiles[0].access_key_id is empty; remove the line to take keys from the "
               "environment");
    EXPECT_ONE(KP("access_key_id = \"AKID\"; access_key_secret = 12345;"),
               ":3: profiles[0].access_key_secret must be a string in double quotes, not an integer");
    /* An AccessKey ID that cannot be one is said once, at its line (the value is not echoed). */
    EXPECT_ONE(KP("access_key_id = \"LTAI5t abc\"; access_key_secret = \"" SECRET "\";"),
               ":3: profiles[0].access_key_id has a space, control or non-ASCII byte at position 7; "
               "an AccessKey ID has only letters, digits, '.', '_', '-' and '~' (LTAI... or STS...)");
    EXPECT_ONE(KP("access_key_id = \"<your-key-id>\"; access_key_secret = \"" SECRET "\";"),
               ":3: profiles[0].access_key_id has '<' at position 1; an AccessKey ID has only "
               "letters, digits, '.', '_', '-' and '~' (LTAI... or STS...)");
    EXPECT_ONE(KP("access_key_id = \"LTAI5t:x\"; access_key_secret = \"" SECRET "\";"),
               ":3: profiles[0].access_key_id has ':' at position 7; an AccessKey ID has only "
               "letters, digits, '.', '_', '-' and '~' (LTAI... or STS...)");
#undef KP
}

static void
test_many_errors_at_once(void)
{
    struct run r;
    load(&r, "version = 3;\n"                                          /* 1 */
             "default_profile = \"nope\";\n"                           /* 2 */
             "profiles = (\n"                                          /* 3 */
             "  { name = \"a\"; endpoint = \"oss.example.com\";\n"      /* 4 */
             "    region = \"oss-cn-x\"; signature_version = 2;\n"     /* 5 */
             "    access_key_secret = \"" SECRET "\";\n"               /* 6 */
             "    buckets = ( \"UPPER\", \"ok-bucket\", \"ok-bucket\" ); },\n" /* 7 */
             "  { name = \"a\"; endpoint = \"https://h\"; }\n"           /* 8 */
             ");\n"                                                    /* 9 */
             "network = { retries = 11; concurrency = 0; colour = 1; };\n" /* 10 */
             "ui = { theme = 5; };\n");                                /* 11 */
    CHECK_INT(r.st, SSE_ERR_CONFIG);
    CHECK(has(&r.err, ":1: version must be 1, not 3 (this sseadm reads version 1 files)"));
    CHECK(has(&r.err, ":2: default_profile \"nope\" names no profile; known profiles: a, a"));
    CHECK(has(&r.err, ":4: profiles[0].endpoint \"oss.example.com\" is not https://host[:port] or "
                      "http://host[:port]: it has no https:// or http:// in front (did you mean "
                      "\"https://oss.example.com\"?)"));
    CHECK(has(&r.err, ":5: profiles[0].region \"oss-cn-x\" is an endpoint prefix, not a region id; "
                      "drop \"oss-\": region = \"cn-x\";"));
    CHECK(has(&r.err, ":5: profiles[0].signature_version must be 1 or 4, not 2"));
    CHECK(has(&r.err, ":6: profile \"a\" has access_key_secret but no access_key_id; give both, or "
                      "neither to use OSS_ACCESS_KEY_ID / OSS_ACCESS_KEY_SECRET"));
    CHECK(has(&r.err, ":7: profiles[0].buckets[0]: bucket name \"UPPER\" has an upper-case letter; "
                      "OSS bucket names are lower case"));
    CHECK(has(&r.err, ":7: profiles[0].buckets[2]: bucket \"ok-bucket\" is listed twice in profile "
                      "\"a\""));
    CHECK(has(&r.err, ":8: duplicate profile name \"a\" (first defined at line 4)"));
    CHECK(has(&r.err, ":8: profiles[1] has no region; add region = \"cn-hangzhou\"; (the region id, "
                      "without \"oss-\")"));
    CHECK(has(&r.err, ":10: network.retries must be an integer from 0 to 10, not 11"));
    CHECK(has(&r.err, ":10: network.concurrency must be an integer from 1 to 1024, not 0"));
    CHECK(has(&r.err, ":10: unknown key \"colour\" in network; known keys: timeout_s, "
                      "connect_timeout_s, retries, concurrency, ca_file, proxy"));
    CHECK(has(&r.err, ":11: ui.theme must be a string in double quotes, not an integer"));
    CHECK_INT(r.err.count, 14);
    /* No message, error or warning, carries the secret. */
    for (size_t i = 0; i < r.err.count; i++)
        CHECK(strstr(r.err.lines[i], SECRET) == NULL);
    for (size_t i = 0; i < r.warn.count; i++)
        CHECK(strstr(r.warn.lines[i], SECRET) == NULL);
    CHECK(r.cfg.profiles == NULL);
    done(&r);
}

static void
test_include(void)
{
    /* @include is relative to the including file; errors name the file they are in. */
    char inc[400];
    snprintf(inc, sizeof inc, "%s/network.inc", tmpdir);
    write_file(inc, "# shared network settings\nnetwork = { retries = 20; };\n", 0600);
    struct run r;
    load(&r, "profiles = ( { name = \"hz\"; " HZ " } );\n@include \"network.inc\"\n");
    CHECK_INT(r.st, SSE_ERR_CONFIG);
    CHECK_INT(r.err.count, 1);
    char want[600];
    snprintf(want, sizeof want, "%s:2: network.retries must be an integer from 0 to 10, not 20", inc);
    if (r.err.count)
        CHECK_STR(r.err.lines[0], want);
    done(&r);

    write_file(inc, "network = { retries = ; };\n", 0600);
    load(&r, "profiles = ( { name = \"hz\"; " HZ " } );\n@include \"network.inc\"\n");
    CHECK_INT(r.st, SSE_ERR_CONFIG);
    snprintf(want, sizeof want, "%s:1: syntax error; expected key = value; with strings in double "
             "quotes, lists in ( ) and groups in { }", inc);
    if (r.err.count)
        CHECK_STR(r.err.lines[0], want);
    done(&r);
    unlink(inc);

    load(&r, "profiles = ( { name = \"hz\"; " HZ " } );\n@include \"missing.inc\"\n");
    CHECK_INT(r.st, SSE_ERR_CONFIG);
    CHECK(has(&r.err, ":2: cannot open include file"));
    done(&r);
}

static void
test_permissions(void)
{
    const char *with_secret = "profiles = ( { name = \"hz\"; " HZ
                              " access_key_id = \"AKID\"; access_key_secret = \"" SECRET "\"; } );\n";
    struct run r;
    load_mode(&r, with_secret, 0644);
    CHECK_INT(r.st, SSE_OK);
    CHECK_INT(r.warn.count, 1);
    CHECK(has(&r.warn, ": holds access_key_secret but is readable by others (mode 0644); chmod 600 %s",
              cfgpath));
    for (size_t i = 0; i < r.warn.count; i++)
        CHECK(strstr(r.warn.lines[i], SECRET) == NULL);
    done(&r);

    load_mode(&r, with_secret, 0640);
    CHECK(has(&r.warn, ": holds access_key_secret but is readable by others (mode 0640); chmod 600 %s",
              cfgpath));
    done(&r);

    load_mode(&r, with_secret, 0600);
    CHECK_INT(r.st, SSE_OK);
    CHECK_INT(r.warn.count, 0);
    done(&r);

    /* A token alone (with an error, too) still earns the warning. */
    load_mode(&r, "profiles = ( { name = \"hz\"; " HZ " security_token = \"T\"; } );\n", 0604);
    CHECK_INT(r.st, SSE_ERR_CONFIG);
    CHECK(has(&r.warn, ": holds security_token but is readable by others (mode 0604); chmod 600 %s",
              cfgpath));
    done(&r);

    /* A secret in an @included file: the warning names that file and its mode, whatever the
     * main file's; none when that file is private, even with the main one readable. */
    char incpath[400], want[1000];
    snprintf(incpath, sizeof incpath, "%s/creds.inc", tmpdir);
    const char *with_include = "profiles = ( { name = \"hz\"; " HZ "\n@include \"creds.inc\"\n } );\n";
    write_file(incpath, "access_key_id = \"AKID\"; access_key_secret = \"" SECRET "\";\n", 0644);
    load_mode(&r, with_include, 0600);
    CHECK_INT(r.st, SSE_OK);
    CHECK_INT(r.warn.count, 1);
    snprintf(want, sizeof want,
             "%s: holds access_key_secret but is readable by others (mode 0644); chmod 600 %s",
             incpath, incpath);
    if (r.warn.count)
        CHECK_STR(r.warn.lines[0], want);
    done(&r);
    chmod(incpath, 0600);
    load_mode(&r, with_include, 0644);
    CHECK_INT(r.st, SSE_OK);
    CHECK_INT(r.warn.count, 0);
    done(&r);
    unlink(incpath);

    /* No secret, no warning, whatever the mode. */
    load_mode(&r, "profiles = ( { name = \"hz\"; " HZ " } );\n", 0666);
    CHECK_INT(r.st, SSE_OK);
    CHECK_INT(r.warn.count, 0);
    done(&r);
}

static void
test_find_profile(void)
{
    struct run r;
    load(&r, "default_profile = \"sh\";\n"
             "profiles = ( { name = \"hz\"; " HZ " }, { name = \"sh\"; " HZ " } );\n");
    CHECK_INT(r.st, SSE_OK);
    struct sse_error e;
    sse_error_clear(&e);
    CHECK_INT(config_find_profile(&r.cfg, NULL, &e), 1);
    CHECK_INT(config_find_profile(&r.cfg, "hz", &e), 0);
    CHECK_INT(config_find_profile(&r.cfg, "sh", &e), 1);
    CHECK_INT(config_find_profile(&r.cfg, "bj", &e), -1);
    CHECK_INT(e.status, SSE_ERR_CONFIG);
    char want[600];
    snprintf(want, sizeof want, "no profile \"bj\" in %s; known profiles: hz, sh", cfgpath);
    CHECK_STR(e.message, want);
    done(&r);

    struct sse_config empty = {0};
    CHECK_INT(config_find_profile(&empty, NULL, &e), -1);
}

static void
test_default_path(void)
{
    char buf[512];
    unsetenv("SSEADM_CONFIG");
    unsetenv("XDG_CONFIG_HOME");
    setenv("HOME", "/home/u", 1);
    CHECK_INT(config_default_path(buf, sizeof buf), SSE_OK);
    CHECK_STR(buf, "/home/u/.config/sseadm/config");
    setenv("XDG_CONFIG_HOME", "relative/dir", 1); /* XDG: relative values are ignored */
    CHECK_INT(config_default_path(buf, sizeof buf), SSE_OK);
    CHECK_STR(buf, "/home/u/.config/sseadm/config");
    setenv("XDG_CONFIG_HOME", "/xdg", 1);
    CHECK_INT(config_default_path(buf, sizeof buf), SSE_OK);
    CHECK_STR(buf, "/xdg/sseadm/config");
    setenv("SSEADM_CONFIG", "/etc/sseadm.conf", 1);
    CHECK_INT(config_default_path(buf, sizeof buf), SSE_OK);
    CHECK_STR(buf, "/etc/sseadm.conf");
    CHECK_INT(config_default_path(buf, 8), SSE_ERR_INVALID);
    CHECK_STR(buf, "");
    setenv("SSEADM_CONFIG", "", 1);
    CHECK_INT(config_default_path(buf, sizeof buf), SSE_OK);
    CHECK_STR(buf, "/xdg/sseadm/config");
    unsetenv("SSEADM_CONFIG");
    unsetenv("XDG_CONFIG_HOME");
    unsetenv("HOME");
    CHECK_INT(config_default_path(buf, sizeof buf), SSE_ERR_CONFIG);
}

static void
test_example_and_fixtures(void)
{
    struct sse_config cfg;
    struct sse_diag err = {0}, warn = {0};
    CHECK_INT(config_load(SSE_SOURCE_DIR "/config.example", &cfg, &err, &warn), SSE_OK);
    dump("err", &err);
    CHECK_INT(err.count, 0);
    CHECK_INT(warn.count, 0);
    CHECK_INT(cfg.nprofiles, 2);
    CHECK_STR(cfg.profiles ? cfg.profiles[cfg.default_profile].account.profile : "", "hangzhou");
    config_cleanup(&cfg);
    sse_diag_cleanup(&err);
    sse_diag_cleanup(&warn);

    CHECK_INT(config_load(SSE_TEST_DATA "/config/good.conf", &cfg, &err, &warn), SSE_OK);
    dump("err", &err);
    config_cleanup(&cfg);
    sse_diag_cleanup(&err);
    sse_diag_cleanup(&warn);

    /* The cross-account set-up config.example describes. */
    CHECK_INT(config_load(SSE_TEST_DATA "/config/identity.conf", &cfg, &err, &warn), SSE_OK);
    dump("err", &err);
    CHECK_INT(cfg.nprofiles, 5);
    if (cfg.nprofiles == 5) {
        CHECK_STR(cfg.profiles[1].identity.source_profile, "hub");
        CHECK_STR(cfg.profiles[2].kms_endpoint, "https://kms.cn-beijing.aliyuncs.com");
        CHECK(cfg.profiles[3].identity.ecs_ram_role_set);
        CHECK_STR(cfg.profiles[4].identity.sts_endpoint, "http://127.0.0.1:9000");
    }
    config_cleanup(&cfg);
    sse_diag_cleanup(&err);
    sse_diag_cleanup(&warn);

    /* The fixture with one of everything wrong: every line reported. */
    CHECK_INT(config_load(SSE_TEST_DATA "/config/many-errors.conf", &cfg, &err, &warn),
              SSE_ERR_CONFIG);
    CHECK_INT(err.count, 10);
    for (size_t i = 0; i < err.count; i++)
        CHECK(strncmp(err.lines[i], SSE_TEST_DATA "/config/many-errors.conf:", 
                      strlen(SSE_TEST_DATA "/config/many-errors.conf:")) == 0);
    sse_diag_cleanup(&err);
    sse_diag_cleanup(&warn);
}

static void
test_string_and_helpers(void)
{
    struct sse_config cfg;
    struct sse_diag err = {0};
    CHECK_INT(config_load_string("profiles = ( { name = \"x\"; " HZ " } );", "mem", &cfg, &err, NULL),
              SSE_OK);
    CHECK_STR(cfg.path, "mem");
    config_cleanup(&cfg);
    CHECK_INT(config_load_string("x = ;", NULL, &cfg, &err, NULL), SSE_ERR_CONFIG);
    CHECK(err.count == 1 && strncmp(err.lines[0], "(string):1: syntax error", 24) == 0);
    sse_diag_cleanup(&err);
    config_cleanup(&cfg); /* safe twice / on zeroed */

    static const char *const keys[] = {"endpoint", "region", "name"};
    CHECK_STR(cfgfile_suggest("endpiont", keys, 3), "endpoint");
    CHECK_STR(cfgfile_suggest("regoin", keys, 3), "region");
    CHECK(cfgfile_suggest("bucket_list", keys, 3) == NULL);
    CHECK(cfgfile_suggest("nm", keys, 3) == NULL); /* 2 edits from a short word: too loose */
    CHECK_STR(cfgfile_suggest("nme", keys, 3), "name");
    char buf[64];
    CHECK_STR(cfgfile_hint("regoin", keys, 3, buf, sizeof buf), " (did you mean \"region\"?)");
    CHECK_STR(cfgfile_hint("bucket_list", keys, 3, buf, sizeof buf), "");
    cfgfile_join_names(buf, sizeof buf, keys, 3);
    CHECK_STR(buf, "endpoint, region, name");
    cfgfile_join_names(buf, 12, keys, 3); /* a list cut to fit says so */
    CHECK_STR(buf, "endpoint...");
    cfgfile_join_names(buf, sizeof buf, keys, 0);
    CHECK_STR(buf, "");

    /* The diagnostics list is capped. */
    struct sse_diag d = {0};
    for (int i = 0; i < SSE_DIAG_MAX + 50; i++)
        sse_diag_add(&d, "line %d", i);
    CHECK_INT(d.count, SSE_DIAG_MAX + 1);
    CHECK_STR(d.lines[SSE_DIAG_MAX], "(further messages omitted)");
    sse_diag_cleanup(&d);
    CHECK(d.count == 0 && d.lines == NULL);
    sse_diag_add(NULL, "ignored");
}

static void
test_identity_keys(void)
{
    struct run r;
    load(&r, "profiles = (\n"
             "  { name = \"base\"; " HZ " access_key_id = \"ID\"; access_key_secret = \"" SECRET "\";\n"
             "    sts_endpoint = \"https://sts.cn-hangzhou.aliyuncs.com\"; },\n"
             "  { name = \"audit-a\"; " HZ "\n"
             "    role_arn = \"acs:ram::1234567890123456:role/auditor\"; source_profile = \"base\";\n"
             "    role_session_name = \"sseadm-ops\"; external_id = \"ext-42\"; role_duration_s = 900;\n"
             "    kms_endpoint = \"http://127.0.0.1:9000\"; },\n"
             "  { name = \"cli\"; " HZ " aliyun_profile = \"prod\"; sts_region = \"cn-shanghai\"; },\n"
             "  { name = \"ecs\"; " HZ " ecs_ram_role = \"\"; role_arn = \"acs:ram::1:role/x\"; },\n"
             "  { name = \"ecs-named\"; " HZ " ecs_ram_role = \"ops\"; }\n"
             ");\n");
    CHECK_INT(r.st, SSE_OK);
    dump("err", &r.err);
    const struct sse_identity *base = &r.cfg.profiles[0].identity;
    const struct sse_identity *a = &r.cfg.profiles[1].identity;
    const struct sse_identity *cli = &r.cfg.profiles[2].identity;
    const struct sse_identity *ecs = &r.cfg.profiles[3].identity;
    const struct sse_identity *named = &r.cfg.profiles[4].identity;
    CHECK_STR(base->sts_endpoint, "https://sts.cn-hangzhou.aliyuncs.com");
    CHECK_STR(a->role_arn, "acs:ram::1234567890123456:role/auditor");
    CHECK_STR(a->source_profile, "base");
    CHECK_STR(a->role_session_name, "sseadm-ops");
    CHECK_STR(a->external_id, "ext-42");
    CHECK_INT(a->role_duration_s, 900);
    CHECK_STR(r.cfg.profiles[1].kms_endpoint, "http://127.0.0.1:9000");
    CHECK_STR(cli->aliyun_profile, "prod");
    CHECK_STR(cli->sts_region, "cn-shanghai");
    CHECK(ecs->ecs_ram_role_set);
    CHECK_STR(ecs->ecs_ram_role, "");
    CHECK(named->ecs_ram_role_set);
    CHECK_STR(named->ecs_ram_role, "ops");
    CHECK(!base->ecs_ram_role_set);
    CHECK_INT(base->role_duration_s, 0);

    done(&r);
}

static void
test_identity_errors(void)
{
    EXPECT_ONE("profiles = ( { name = \"p\"; " HZ "\n role_arn = \"arn:aws:iam::1:role/x\"; } );\n",
               ":2: profiles[0].role_arn: role ARN \"arn:aws:iam::1:role/x\" must start with "
               "\"acs:ram::\", like \"acs:ram::1234567890123456:role/auditor\"");
    EXPECT_ONE("profiles = ( { name = \"p\"; " HZ "\n role_arn = \"acs:ram::1:role/a b\"; } );\n",
               ":2: profiles[0].role_arn: role ARN \"acs:ram::1:role/a b\": the name after "
               "\"role/\" may only have letters, digits, '.', '_' and '-'");
    EXPECT_ONE("profiles = ( { name = \"p\"; " HZ " role_arn = \"acs:ram::1:role/r\";\n"
               " role_duration_s = 899; } );\n",
               ":2: profiles[0].role_duration_s must be an integer from 900 to 43200, not 899");
    EXPECT_ONE("profiles = ( { name = \"p\"; " HZ " role_arn = \"acs:ram::1:role/r\";\n"
               " role_duration_s = 43201; } );\n",
               ":2: profiles[0].role_duration_s must be an integer from 900 to 43200, not 43201");
    EXPECT_ONE("profiles = ( { name = \"p\"; " HZ " role_arn = \"acs:ram::1:role/r\";\n"
               " role_session_name = \"x\"; } );\n",
               ":2: profiles[0].role_session_name: the role session name must be 2 to 64 "
               "characters long (it has 1)");
    EXPECT_ONE("profiles = ( { name = \"p\"; " HZ " role_arn = \"acs:ram::1:role/r\";\n"
               " external_id = \"has space\"; } );\n",
               ":2: profiles[0].external_id: the external ID has a character STS does not take "
               "at position 4; only letters, digits and _ + = , . @ : / - are allowed");
    EXPECT_ONE("profiles = ( { name = \"p\"; " HZ "\n external_id = \"ext-1\"; } );\n",
               ":2: profile \"p\" sets external_id but no role_arn; external_id only applies to "
               "the role assumed");
    EXPECT_ONE("profiles = ( { name = \"o\"; " HZ " }, { name = \"p\"; " HZ "\n"
               " source_profile = \"o\"; } );\n",
               ":2: profile \"p\" sets source_profile but no role_arn; source_profile only "
               "applies to the role assumed");
    EXPECT_ONE("profiles = ( { name = \"p\"; " HZ "\n ecs_ram_role = \"bad role\"; } );\n",
               ":2: profiles[0].ecs_ram_role: the RAM role name \"bad role\" may only have "
               "letters, digits, '.', '_' and '-'");
    EXPECT_ONE("profiles = ( { name = \"p\"; " HZ "\n aliyun_profile = \"\"; } );\n",
               ":2: profiles[0].aliyun_profile: is empty; name a profile");
    EXPECT_ONE("profiles = ( { name = \"p\"; " HZ "\n sts_region = \"CN\"; } );\n",
               ":2: profiles[0].sts_region: must be a region id like \"cn-hangzhou\" (lower-case "
               "letters, digits and '-')");
    EXPECT_ONE("profiles = ( { name = \"p\"; " HZ "\n sts_endpoint = \"sts.aliyuncs.com\"; } );\n",
               ":2: profiles[0].sts_endpoint \"sts.aliyuncs.com\" has no https:// in front (did "
               "you mean \"https://sts.aliyuncs.com\"?)");
    EXPECT_ONE("profiles = ( { name = \"p\"; " HZ "\n sts_endpoint = \"http://sts.aliyuncs.com\"; } );\n",
               ":2: profiles[0].sts_endpoint: the endpoint \"http://sts.aliyuncs.com\" uses "
               "http://, which is only for a local endpoint (localhost, a loopback or a private "
               "address); use https://");
    EXPECT_ONE("profiles = ( { name = \"p\"; " HZ "\n kms_endpoint = \"https://kms/x\"; } );\n",
               ":2: profiles[0].kms_endpoint: the endpoint \"https://kms/x\" is not "
               "https://host[:port] (or http://host[:port] for a local endpoint): it must not "
               "have a path, query or fragment");
    EXPECT_ONE("profiles = ( { name = \"p\"; " HZ " sts_endpoint = \"https://sts.aliyuncs.com\";\n"
               " sts_region = \"cn-hangzhou\"; } );\n",
               ":2: profile \"p\" sets both sts_endpoint and sts_region; keep one (sts_region "
               "stands for https://sts.REGION.aliyuncs.com)");
    /* The credentials come from one place. */
    EXPECT_ONE("profiles = ( { name = \"p\"; " HZ " access_key_id = \"I\"; access_key_secret = \"S\";\n"
               " aliyun_profile = \"prod\"; } );\n",
               ":2: profile \"p\" takes its credentials from both its own keys (access_key_id) "
               "and aliyun_profile; keep one");
    EXPECT_ONE("profiles = ( { name = \"p\"; " HZ " aliyun_profile = \"prod\";\n"
               " ecs_ram_role = \"ops\"; } );\n",
               ":2: profile \"p\" takes its credentials from both aliyun_profile and ecs_ram_role; "
               "keep one");
    EXPECT_ONE("profiles = ( { name = \"o\"; " HZ " }, { name = \"p\"; " HZ
               " role_arn = \"acs:ram::1:role/r\"; ecs_ram_role = \"\";\n source_profile = \"o\"; } );\n",
               ":2: profile \"p\" takes its credentials from both ecs_ram_role and source_profile; "
               "keep one");
    EXPECT_ONE("profiles = ( { name = \"p\"; " HZ " access_key_secret = \"S\"; access_key_id = \"I\";\n"
               " role_arn = \"acs:ram::1:role/r\"; ecs_ram_role = \"\"; } );\n",
               ":2: profile \"p\" takes its credentials from both its own keys (access_key_id) and "
               "ecs_ram_role; keep one");
}

static void
test_source_profiles(void)
{
    EXPECT_ONE("profiles = ( { name = \"base\"; " HZ " },\n"
               " { name = \"a\"; " HZ " role_arn = \"acs:ram::1:role/r\";\n"
               "   source_profile = \"bsae\"; } );\n",
               ":3: profile \"a\": source_profile \"bsae\" names no profile (did you mean "
               "\"base\"?); known profiles: base, a");
    EXPECT_ONE("profiles = ( { name = \"a\"; " HZ " role_arn = \"acs:ram::1:role/r\";\n"
               "   source_profile = \"a\"; } );\n",
               ":2: profile \"a\": source_profile names the profile itself; name the profile "
               "whose credentials assume role_arn");
    /* A cycle is one error, at its first profile in the file, naming the whole cycle. */
    EXPECT_ONE("profiles = (\n"
               " { name = \"top\"; " HZ " role_arn = \"acs:ram::1:role/r\"; source_profile = \"b\"; },\n"
               " { name = \"b\"; " HZ " role_arn = \"acs:ram::1:role/r\"; source_profile = \"c\"; },\n"
               " { name = \"c\"; " HZ " role_arn = \"acs:ram::1:role/r\"; source_profile = \"d\"; },\n"
               " { name = \"d\"; " HZ " role_arn = \"acs:ram::1:role/r\"; source_profile = \"b\"; }\n"
               ");\n",
               ":3: source_profile cycle: b -> c -> d -> b; one of them must take its credentials "
               "from somewhere else");
    EXPECT_ONE("profiles = (\n"
               " { name = \"x\"; " HZ " role_arn = \"acs:ram::1:role/r\"; source_profile = \"y\"; },\n"
               " { name = \"y\"; " HZ " role_arn = \"acs:ram::1:role/r\"; source_profile = \"x\"; }\n"
               ");\n",
               ":2: source_profile cycle: x -> y -> x; one of them must take its credentials "
               "from somewhere else");
    /* Chains without a cycle are fine, whatever their order in the file. */
    struct run r;
    load(&r, "profiles = (\n"
             " { name = \"acct-2\"; " HZ " role_arn = \"acs:ram::2:role/r\"; source_profile = \"hub\"; },\n"
             " { name = \"hub\"; " HZ " role_arn = \"acs:ram::9:role/hub\"; source_profile = \"me\"; },\n"
             " { name = \"acct-3\"; " HZ " role_arn = \"acs:ram::3:role/r\"; source_profile = \"hub\"; },\n"
             " { name = \"me\"; " HZ " access_key_id = \"I\"; access_key_secret = \"S\"; }\n"
             ");\n");
    CHECK_INT(r.st, SSE_OK);
    dump("err", &r.err);
    done(&r);
}

int
main(void)
{
    const char *base = getenv("TMPDIR") && *getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
    snprintf(tmpdir, sizeof tmpdir, "%s/sse-config-XXXXXX", base);
    if (!mkdtemp(tmpdir)) {
        perror("mkdtemp");
        return 2;
    }
    snprintf(cfgpath, sizeof cfgpath, "%s/config", tmpdir);

    test_minimal_defaults();
    test_full_shape();
    test_file_errors();
    test_includes();
    test_syntax_errors();
    test_unknown_keys();
    test_types_and_values();
    test_required_and_profiles();
    test_endpoint_region();
    test_buckets();
    test_endpoints_allowed();
    test_network_ranges();
    test_key_pairs();
    test_many_errors_at_once();
    test_include();
    test_permissions();
    test_find_profile();
    test_identity_keys();
    test_identity_errors();
    test_source_profiles();
    test_example_and_fixtures();
    test_string_and_helpers();
    test_default_path(); /* last: it clears HOME */

    unlink(cfgpath);
    rmdir(tmpdir);
    return check_done("config");
}
