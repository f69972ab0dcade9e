/* test_ident_files.c — the identity files: ~/.aliyun/config.json parsed (every mode's fields,
 * mode names in any case, hostile JSON), ~/.alibabacloud/credentials parsed with FILE:LINE
 * errors, and the capped reader (absent, unreadable, too big, not a regular file, the OIDC token
 * file). Nothing a message says holds a secret. */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "ident/aliyun.h"
#include "ident/credfile.h"
#include "ident/reader.h"
#include "oss/account.h"

#define SECRET "AliS3cret-DoNotLeak"
#define CFG "/home/u/.aliyun/config.json"
#define INI "/home/u/.alibabacloud/credentials"

static char tmpdir[256];

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

static enum sse_status
cli_parse(const char *text, struct ident_cli_config *c, struct sse_error *err)
{
    struct ident_file f;
    ident_file_from_text(CFG, text, 0600, &f);
    sse_error_clear(err);
    enum sse_status st = ident_cli_config_parse(&f, c, err);
    ident_file_cleanup(&f);
    return st;
}

static void
test_cli_config(void)
{
    struct ident_cli_config c;
    struct sse_error err;
    /* A file as `aliyun configure` writes it (steampipe-plugin-alicloud issue 475's shape). */
    static const char text[] =
        "{\n \"current\": \"prod\",\n \"profiles\": [\n"
        "  {\"name\": \"default\", \"mode\": \"AK\", \"access_key_id\": \"LTAI5tDefault\",\n"
        "   \"access_key_secret\": \"" SECRET "\", \"sts_token\": \"\", \"ram_role_name\": \"\",\n"
        "   \"ram_role_arn\": \"\", \"ram_session_name\": \"\", \"private_key\": \"\",\n"
        "   \"key_pair_name\": \"\", \"expired_seconds\": 0, \"verified\": \"\",\n"
        "   \"region_id\": \"cn-hangzhou\", \"output_format\": \"json\", \"language\": \"en\",\n"
        "   \"site\": \"\", \"retry_timeout\": 0, \"connect_timeout\": 0, \"retry_count\": 0,\n"
        "   \"process_command\": \"\", \"credentials_uri\": \"\"},\n"
        "  {\"name\": \"prod\", \"mode\": \"ramrolearn\", \"access_key_id\": \"LTAI5tProd\",\n"
        "   \"access_key_secret\": \"" SECRET "\", \"ram_role_arn\":\n"
        "   \"acs:ram::1234567890123456:role/auditor\", \"ram_session_name\": \"alice\",\n"
        "   \"expired_seconds\": 1800, \"external_id\": \"ext-1\", \"sts_region\": \"cn-shanghai\",\n"
        "   \"enable_vpc\": true, \"policy\": \"{}\"},\n"
        "  {\"name\": \"oidc\", \"mode\": \"OIDC\", \"oidc_provider_arn\":\n"
        "   \"acs:ram::1:oidc-provider/ack\", \"oidc_token_file\": \"/var/run/token\",\n"
        "   \"ram_role_arn\": \"acs:ram::1:role/k8s\"},\n"
        "  {\"name\": \"ext\", \"mode\": \"External\", \"process_command\": \"cred --token " SECRET "\"},\n"
        "  {\"name\": \"uri\", \"mode\": \"CredentialsURI\", \"credentials_uri\": \"http://127.0.0.1:9/c\"},\n"
        "  {\"name\": \"sso\", \"mode\": \"CloudSSO\", \"cloud_sso_sign_in_url\": \"https://x\"},\n"
        "  {\"name\": \"guess\", \"ram_role_name\": \"ops\"}\n"
        " ],\n \"meta_path\": \"\"\n}\n";
    CHECK_INT(cli_parse(text, &c, &err), SSE_OK);
    CHECK_STR(err.message, "");
    CHECK_STR(c.current, "prod");
    CHECK_INT(c.nprofiles, 7);
    CHECK_STR(c.secret_field, "access_key_secret");
    const struct ident_cli_profile *d = ident_cli_config_find(&c, "default");
    CHECK(d && d->mode == IDENT_CLI_AK);
    CHECK_STR(d ? d->keys.access_key_id : "", "LTAI5tDefault");
    CHECK_STR(d ? d->keys.access_key_secret : "", SECRET);
    CHECK(d && d->keys.security_token == NULL); /* "" is not a token */
    CHECK(d && d->process_command && !*d->process_command);
    const struct ident_cli_profile *p = ident_cli_config_find(&c, "prod");
    CHECK(p != NULL);
    if (p) {
        CHECK_INT(p->mode, IDENT_CLI_RAM_ROLE_ARN); /* any case */
        CHECK_STR(p->mode_text, "ramrolearn");
        CHECK_STR(p->ram_role_arn, "acs:ram::1234567890123456:role/auditor");
        CHECK_STR(p->ram_session_name, "alice");
        CHECK_INT(p->expired_seconds, 1800);
        CHECK_STR(p->external_id, "ext-1");
        CHECK_STR(p->sts_region, "cn-shanghai");
        CHECK(p->enable_vpc);
        CHECK_STR(p->policy, "{}");
    }
    const struct ident_cli_profile *o = ident_cli_config_find(&c, "oidc");
    CHECK(o && o->mode == IDENT_CLI_OIDC && strcmp(o->oidc_token_file, "/var/run/token") == 0);
    const struct ident_cli_profile *e = ident_cli_config_find(&c, "ext");
    CHECK(e && e->mode == IDENT_CLI_EXTERNAL);
    CHECK_STR(e ? e->process_command : "", "cred --token " SECRET);
    const struct ident_cli_profile *u = ident_cli_config_find(&c, "uri");
    CHECK(u && u->mode == IDENT_CLI_CREDENTIALS_URI);
    const struct ident_cli_profile *s = ident_cli_config_find(&c, "sso");
    CHECK(s && s->mode == IDENT_CLI_UNSUPPORTED);
    const struct ident_cli_profile *g = ident_cli_config_find(&c, "guess");
    CHECK(g && g->mode == IDENT_CLI_NONE && ident_cli_profile_mode(g) == IDENT_CLI_ECS_RAM_ROLE);
    CHECK(ident_cli_config_find(&c, "nope") == NULL);
    ident_cli_config_cleanup(&c);
    CHECK(c.profiles == NULL && c.nprofiles == 0);

    CHECK_INT(ident_cli_mode_parse("stSTOKEN"), IDENT_CLI_STS_TOKEN);
    CHECK_INT(ident_cli_mode_parse("chainableramrolearn"), IDENT_CLI_CHAINABLE_RAM_ROLE_ARN);
    CHECK_INT(ident_cli_mode_parse("RamRoleArnWithRoleName"), IDENT_CLI_RAM_ROLE_ARN_WITH_ROLE_NAME);
    CHECK_INT(ident_cli_mode_parse(""), IDENT_CLI_NONE);
    CHECK_INT(ident_cli_mode_parse("OAuth"), IDENT_CLI_UNSUPPORTED);

    /* Errors name the file and the field; none quotes a secret. */
    static const struct {
        const char *text, *msg;
    } bad[] = {
        {"{\"profiles\": [ {\"name\": \"a\", \"mode\": 7} ]}",
         CFG ": profiles[0].mode must be a string, not a number"},
        {"{\"profiles\": [ {\"mode\": \"AK\"} ]}", CFG ": profiles[0] has no name"},
        {"{\"profiles\": {}}", CFG ": profiles must be an array [ ], not an object { }"},
        {"{\"profiles\": [ \"a\" ]}", CFG ": profiles[0] must be an object { }, not a string"},
        {"{\"current\": 1}", CFG ": current must be a string, not a number"},
        {"{\"profiles\": [ {\"name\": \"a\", \"expired_seconds\": \"3600\"} ]}",
         CFG ": profiles[0].expired_seconds must be an integer, not a string"},
        {"{\"profiles\": [ {\"name\": \"a\", \"enable_vpc\": \"yes\"} ]}",
         CFG ": profiles[0].enable_vpc must be true or false, not a string"},
        {"{\"profiles\": [ {\"name\": \"a\", \"access_key_secret\": 12} ]}",
         CFG ": profiles[0].access_key_secret must be a string, not a number"},
        {"{\"profiles\": [ {\"name\": \"a\", \"access_key_secret\" \"" SECRET "\"} ]}",
         CFG " is not valid JSON: line 1, column 70: ':' expected"},
        {"{\"profiles\": [ {\"name\": \"a\"}, ]", CFG " is not valid JSON: line 1, column 31: "
                                                  "unexpected token"},
        {"[]", CFG " must be a JSON object { }, not an array [ ]"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        CHECK_INT(cli_parse(bad[i].text, &c, &err), SSE_ERR_CONFIG);
        CHECK_STR(err.message, bad[i].msg);
        CHECK(!strstr(err.message, "DoNotLeak"));
        CHECK(c.profiles == NULL && c.nprofiles == 0);
    }
    /* Hostile: a huge field, deep nesting. */
    size_t n = 20000;
    char *huge = malloc(n + 100);
    int w = snprintf(huge, n + 100, "{\"profiles\": [ {\"name\": \"");
    memset(huge + w, 'n', n);
    strcpy(huge + w + n, "\"} ]}");
    CHECK_INT(cli_parse(huge, &c, &err), SSE_ERR_CONFIG);
    CHECK_STR(err.message, CFG ": profiles[0].name is 20000 bytes long; at most 127 are accepted");
    free(huge);
    char deep[300] = "{\"profiles\": ";
    for (int i = 0; i < 40; i++)
        strcat(deep, "[");
    CHECK_INT(cli_parse(deep, &c, &err), SSE_ERR_CONFIG);
    CHECK_STR(err.message, CFG " is nested more than 32 levels deep; refused");
    /* No secret, no secret field. */
    CHECK_INT(cli_parse("{\"profiles\": [ {\"name\": \"e\", \"mode\": \"EcsRamRole\"} ]}", &c, &err),
              SSE_OK);
    CHECK(c.secret_field == NULL);
    ident_cli_config_cleanup(&c);
}

static enum sse_status
ini_parse(const char *text, struct ident_ini *c, struct sse_error *err)
{
    struct ident_file f;
    ident_file_from_text(INI, text, 0600, &f);
    sse_error_clear(err);
    enum sse_status st = ident_ini_parse(&f, c, err);
    ident_file_cleanup(&f);
    return st;
}

static void
test_credentials_file(void)
{
    struct ident_ini c;
    struct sse_error err;
    static const char text[] =
        "# Alibaba Cloud credentials\n"
        "[default]\n"
        "type = access_key\n"
        "access_key_id = LTAI5tDefault\n"
        "access_key_secret = \"" SECRET "#x\"\n"
        "\n"
        "; a role\n"
        "[  project1  ]\n"
        "type: ram_role_arn\n"
        "access_key_id=LTAI5tP\n"
        "access_key_secret=s\n"
        "role_arn = acs:ram::1:role/r\n"
        "role_session_name = s1\r\n"
        "[empty]\n";
    CHECK_INT(ini_parse(text, &c, &err), SSE_OK);
    CHECK_STR(err.message, "");
    CHECK_INT(c.nsections, 3);
    CHECK_STR(c.secret_field, "access_key_secret");
    const struct ident_ini_section *d = ident_ini_section(&c, "default");
    CHECK(d && d->line == 2 && d->nentries == 3);
    const struct ident_ini_entry *sec = ident_ini_entry(d, "access_key_secret");
    CHECK(sec && sec->line == 5);
    CHECK_STR(sec ? sec->value : "", SECRET "#x"); /* no inline comments; quotes removed */
    const struct ident_ini_section *p = ident_ini_section(&c, "project1");
    CHECK(p && p->line == 8);
    CHECK_STR(ident_ini_entry(p, "type") ? ident_ini_entry(p, "type")->value : "", "ram_role_arn");
    CHECK_STR(ident_ini_entry(p, "role_arn") ? ident_ini_entry(p, "role_arn")->value : "",
              "acs:ram::1:role/r");
    CHECK_STR(ident_ini_entry(p, "role_session_name") ? ident_ini_entry(p, "role_session_name")->value
                                                      : "", "s1");
    CHECK(ident_ini_section(&c, "empty") && ident_ini_section(&c, "empty")->nentries == 0);
    ident_ini_cleanup(&c);

    static const struct {
        const char *text, *msg;
    } bad[] = {
        {"type = access_key\n", INI ":1: type is outside any [section]"},
        {"[a]\njust words\n", INI ":2: expected [section], key = value or a comment"},
        {"[a\n", INI ":1: a section line must be [NAME]"},
        {"[]\n", INI ":1: a section name must be 1 to 127 printable characters"},
        {"[a]\nx=1\n[b]\n[a]\n", INI ":4: section [a] is given twice (first at line 1)"},
        {"[a]\nk = " SECRET "\nk = 2\n", INI ":3: k is given twice in [a] (first at line 2)"},
        {"[a]\n = v\n", INI ":2: a key must be 1 to 63 printable characters before '='"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        CHECK_INT(ini_parse(bad[i].text, &c, &err), SSE_ERR_CONFIG);
        CHECK_STR(err.message, bad[i].msg);
        CHECK(!strstr(err.message, "DoNotLeak"));
        CHECK(c.sections == NULL);
    }
    struct ident_file f;
    ident_file_from_text(INI, "[a]\nk = v\n", 0600, &f);
    f.text[4] = '\0';
    CHECK_INT(ident_ini_parse(&f, &c, &err), SSE_ERR_CONFIG);
    CHECK_STR(err.message, INI ": has a NUL byte; it must be a text file");
    ident_file_cleanup(&f);
}

static void
test_reader(void)
{
    char path[400];
    struct ident_file f;
    snprintf(path, sizeof path, "%s/config.json", tmpdir);
    ident_file_read(path, 1024, &f);
    CHECK_INT(f.state, IDENT_FILE_ABSENT);
    ident_file_cleanup(&f);
    ident_file_read("", 1024, &f);
    CHECK_INT(f.state, IDENT_FILE_ABSENT);

    write_file(path, "{\"current\":\"x\"}", 0644);
    ident_file_read(path, 1024, &f);
    CHECK_INT(f.state, IDENT_FILE_TEXT);
    CHECK_STR(f.text, "{\"current\":\"x\"}");
    CHECK_INT(f.len, 15);
    CHECK_INT(f.mode & 0777, 0644);
    ident_file_cleanup(&f);
    CHECK(f.text == NULL);

    ident_file_read(path, 10, &f);
    CHECK_INT(f.state, IDENT_FILE_ERROR);
    char want[600];
    snprintf(want, sizeof want, "%s: is 15 bytes; at most 10 are read", path);
    CHECK_STR(f.error, want);
    ident_file_cleanup(&f);

    ident_file_read(tmpdir, 1024, &f);
    CHECK_INT(f.state, IDENT_FILE_ERROR);
    snprintf(want, sizeof want, "%s: is a directory, not a file", tmpdir);
    CHECK_STR(f.error, want);
    ident_file_cleanup(&f);

    /* A FIFO is refused at once, not waited on. */
    char fifo[400];
    snprintf(fifo, sizeof fifo, "%s/fifo", tmpdir);
    CHECK_INT(mkfifo(fifo, 0600), 0);
    ident_file_read(fifo, 1024, &f);
    CHECK_INT(f.state, IDENT_FILE_ERROR);
    CHECK(strstr(f.error, "is not a regular file") != NULL);
    ident_file_cleanup(&f);
    unlink(fifo);

    if (geteuid() != 0) { /* root reads anything */
        chmod(path, 0);
        ident_file_read(path, 1024, &f);
        CHECK_INT(f.state, IDENT_FILE_ERROR);
        snprintf(want, sizeof want, "%s: cannot open: Permission denied", path);
        CHECK_STR(f.error, want);
        ident_file_cleanup(&f);
    }
    unlink(path);

    /* The OIDC token file, read for each fetch. */
    char tok[400], *token = NULL;
    struct sse_error err = {0};
    snprintf(tok, sizeof tok, "%s/token", tmpdir);
    CHECK_INT(ident_read_oidc_token(tok, &token, &err), SSE_ERR_IO);
    snprintf(want, sizeof want, "the OIDC token file %s does not exist", tok);
    CHECK_STR(err.message, want);
    write_file(tok, "\n  eyJhbGciOi.payload.sig \n", 0600);
    CHECK_INT(ident_read_oidc_token(tok, &token, &err), SSE_OK);
    CHECK_STR(token, "eyJhbGciOi.payload.sig");
    oss_secret_free(token);
    write_file(tok, " \n", 0600);
    CHECK_INT(ident_read_oidc_token(tok, &token, &err), SSE_ERR_IO);
    snprintf(want, sizeof want, "the OIDC token file %s is empty", tok);
    CHECK_STR(err.message, want);
    CHECK(token == NULL);
    unlink(tok);
}

static void
test_env(void)
{
    setenv("ALIBABA_CLOUD_PROFILE", "prod", 1);
    setenv("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "true", 1);
    unsetenv("ALIBABA_CLOUD_CREDENTIALS_URI");
    struct ident_env e;
    ident_env_from_environ(&e);
    CHECK_STR(e.profile, "prod");
    CHECK_STR(e.ecs_metadata_disabled, "true");
    CHECK(e.credentials_uri == NULL);
    CHECK(e.user != NULL && *e.user);
    unsetenv("ALIBABA_CLOUD_PROFILE");
    unsetenv("ALIBABA_CLOUD_ECS_METADATA_DISABLED");
}

int
main(void)
{
    const char *base = getenv("TMPDIR") && *getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
    snprintf(tmpdir, sizeof tmpdir, "%s/sse-ident-XXXXXX", base);
    if (!mkdtemp(tmpdir)) {
        perror("mkdtemp");
        return 2;
    }
    test_cli_config();
    test_credentials_file();
    test_reader();
    test_env();
    rmdir(tmpdir);
    /* Every secret parsed was wiped and released. */
    CHECK_INT(oss_secret_live(), 0);
    return check_done("ident_files");
}
