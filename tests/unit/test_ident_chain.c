/* test_ident_chain.c — the chain resolved into plans: the default chain's order and its errors,
 * every aliyun CLI mode, the credentials file's types, sseadm profiles with role_arn +
 * source_profile (one sign-in per shared source: equal cache keys), the step requests and
 * answers, the permission warning, and no secret in any description or error. */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "oss/account.h"
#include "config/config.h"
#include "ident/plan.h"
#include "ident/resolve.h"
#include "rpc/request.h"
#include "rpc/timestamp.h"

#define SECRET "ChainS3cret-DoNotLeak"
#define CFG "/home/alice/.aliyun/config.json"
#define INI "/home/alice/.alibabacloud/credentials"
#define HZ "endpoint = \"https://oss-cn-hangzhou.aliyuncs.com\"; region = \"cn-hangzhou\";"

/* The chain's inputs for one case. */
struct inputs {
    struct ident_env env;
    struct ident_file cli, ini;
    struct sse_config cfg;
    bool have_cfg;
    struct sse_diag warnings;
    struct ident_context ctx;
    struct ident_plan plan;
    struct sse_error err;
};

static void
start(struct inputs *in, const char *cli_text, const char *ini_text)
{
    memset(in, 0, sizeof *in);
    in->env.home = "/home/alice";
    in->env.user = "alice";
    in->cli.state = in->ini.state = IDENT_FILE_ABSENT;
    if (cli_text)
        ident_file_from_text(CFG, cli_text, 0600, &in->cli);
    if (ini_text)
        ident_file_from_text(INI, ini_text, 0600, &in->ini);
    ident_plan_init(&in->plan);
}

static void
with_config(struct inputs *in, const char *text)
{
    struct sse_diag errs = {0};
    CHECK_INT(config_load_string(text, "/home/alice/.config/sseadm/config", &in->cfg, &errs, NULL),
              SSE_OK);
    for (size_t i = 0; i < errs.count; i++)
        fprintf(stderr, "  config: %s\n", errs.lines[i]);
    sse_diag_cleanup(&errs);
    in->have_cfg = true;
}

/* (Again after the inputs changed: the context is rebuilt.) */
static void
ready(struct inputs *in)
{
    ident_context_cleanup(&in->ctx);
    ident_context_init(&in->ctx, in->have_cfg ? &in->cfg : NULL, &in->env, &in->cli, &in->ini,
                       &in->warnings);
}

static void
finish(struct inputs *in)
{
    ident_plan_cleanup(&in->plan);
    ident_context_cleanup(&in->ctx);
    ident_file_cleanup(&in->cli);
    ident_file_cleanup(&in->ini);
    config_cleanup(&in->cfg);
    sse_diag_cleanup(&in->warnings);
}

/* No text a user may read holds the secret. */
static bool
no_secret(const struct inputs *in)
{
    const struct ident_plan *p = &in->plan;
    bool ok = !strstr(p->description, "DoNotLeak") && !strstr(p->skipped, "DoNotLeak") &&
              !strstr(in->err.message, "DoNotLeak");
    for (size_t r = 0; r < p->nroutes; r++) {
        ok = ok && !strstr(p->routes[r].description, "DoNotLeak");
        for (size_t i = 0; i < p->routes[r].nsteps; i++)
            ok = ok && !strstr(p->routes[r].steps[i].what, "DoNotLeak");
    }
    for (size_t i = 0; i < in->warnings.count; i++)
        ok = ok && !strstr(in->warnings.lines[i], "DoNotLeak");
    return ok;
}

static enum sse_status
plan_default(struct inputs *in)
{
    ready(in);
    enum sse_status st = ident_plan_default(&in->ctx, &in->plan, &in->err);
    CHECK(no_secret(in));
    return st;
}

static const struct ident_step *
step(const struct inputs *in, size_t route, size_t i)
{
    return &in->plan.routes[route].steps[i];
}

static void
test_environment(void)
{
    struct inputs in;
    start(&in, NULL, NULL);
    in.env.oss_access_key_id = "LTAI5tOss";
    in.env.oss_access_key_secret = SECRET;
    in.env.access_key_id = "LTAI5tAli"; /* second in the chain: not reached */
    in.env.access_key_secret = SECRET;
    CHECK_INT(plan_default(&in), SSE_OK);
    CHECK(ident_plan_is_static(&in.plan));
    CHECK_STR(in.plan.description, "environment OSS_ACCESS_KEY_ID");
    CHECK_STR(step(&in, 0, 0)->keys.keys.access_key_id, "LTAI5tOss");
    CHECK_STR(step(&in, 0, 0)->keys.keys.access_key_secret, SECRET);
    CHECK_INT(step(&in, 0, 0)->keys.expiration, 0);
    CHECK_STR(in.plan.sts.host, "sts.aliyuncs.com");
    finish(&in);

    start(&in, NULL, NULL);
    in.env.oss_access_key_id = "STS.x";
    in.env.oss_access_key_secret = SECRET;
    in.env.oss_session_token = "tok";
    CHECK_INT(plan_default(&in), SSE_OK);
    CHECK_STR(in.plan.description, "environment OSS_ACCESS_KEY_ID (with OSS_SESSION_TOKEN)");
    CHECK_STR(step(&in, 0, 0)->keys.keys.security_token, "tok");
    finish(&in);

    /* Half a pair is an error, not a reason to look further. */
    start(&in, NULL, NULL);
    in.env.oss_access_key_secret = SECRET;
    in.env.access_key_id = "LTAI5tAli";
    in.env.access_key_secret = SECRET;
    CHECK_INT(plan_default(&in), SSE_ERR_CREDENTIALS);
    CHECK_STR(in.err.message, "OSS_ACCESS_KEY_SECRET is set but OSS_ACCESS_KEY_ID is not; set both, "
                              "or neither");
    finish(&in);

    start(&in, NULL, NULL);
    in.env.access_key_id = "LTAI5tAli";
    in.env.access_key_secret = SECRET;
    in.env.security_token = "t2";
    CHECK_INT(plan_default(&in), SSE_OK);
    CHECK_STR(in.plan.description,
              "environment ALIBABA_CLOUD_ACCESS_KEY_ID (with ALIBABA_CLOUD_SECURITY_TOKEN)");
    finish(&in);

    start(&in, NULL, NULL);
    in.env.access_key_id = "LTAI5tAli";
    CHECK_INT(plan_default(&in), SSE_ERR_CREDENTIALS);
    CHECK_STR(in.err.message, "ALIBABA_CLOUD_ACCESS_KEY_ID is set but ALIBABA_CLOUD_ACCESS_KEY_SECRET "
                              "is not; set both, or neither");
    finish(&in);

    /* An ID that cannot be one is refused once, by its variable's name. */
    start(&in, NULL, NULL);
    in.env.oss_access_key_id = "<your-id>";
    in.env.oss_access_key_secret = SECRET;
    CHECK_INT(plan_default(&in), SSE_ERR_CONFIG);
    CHECK_STR(in.err.message, "OSS_ACCESS_KEY_ID has '<' at position 1; an AccessKey ID has only "
                              "letters, digits, '.', '_', '-' and '~' (LTAI... or STS...)");
    finish(&in);

    /* OIDC: all three, with the environment's STS region (VPC form). */
    start(&in, "{\"current\":\"x\",\"profiles\":[{\"name\":\"x\",\"mode\":\"AK\"}]}", NULL);
    in.env.role_arn = "acs:ram::1234567890123456:role/k8s";
    in.env.oidc_provider_arn = "acs:ram::1234567890123456:oidc-provider/ack-rrsa";
    in.env.oidc_token_file = "/var/run/secrets/tokens/oidc-token";
    in.env.sts_region = "cn-hangzhou";
    in.env.vpc_endpoint_enabled = "TRUE";
    CHECK_INT(plan_default(&in), SSE_OK);
    CHECK_INT(in.plan.nroutes, 1);
    CHECK_INT(in.plan.routes[0].nsteps, 1);
    const struct ident_step *o = step(&in, 0, 0);
    CHECK_INT(o->kind, IDENT_STEP_OIDC);
    CHECK_STR(o->role_arn, "acs:ram::1234567890123456:role/k8s");
    CHECK_STR(o->provider_arn, "acs:ram::1234567890123456:oidc-provider/ack-rrsa");
    CHECK_STR(o->token_file, "/var/run/secrets/tokens/oidc-token");
    CHECK_STR(o->session_name, "sseadm-alice");
    CHECK_INT(o->duration_s, 3600);
    CHECK_STR(o->sts.host, "sts-vpc.cn-hangzhou.aliyuncs.com");
    CHECK_STR(o->what, "AssumeRoleWithOIDC acs:ram::1234567890123456:role/k8s at "
                       "https://sts-vpc.cn-hangzhou.aliyuncs.com");
    CHECK_STR(in.plan.description, "environment OIDC (acs:ram::1234567890123456:role/k8s)");
    CHECK_STR(in.plan.sts.host, "sts-vpc.cn-hangzhou.aliyuncs.com");
    finish(&in);

    /* Two of the three: passed over (the libraries do not build OIDC then). */
    start(&in, NULL, NULL);
    in.env.role_arn = "acs:ram::1:role/k8s";
    in.env.oidc_token_file = "/t";
    in.env.ecs_metadata_disabled = "true";
    CHECK_INT(plan_default(&in), SSE_ERR_CREDENTIALS);
    CHECK_STR(in.err.message,
              "no credentials: no OSS_ACCESS_KEY_ID; no ALIBABA_CLOUD_ACCESS_KEY_ID; no OIDC "
              "(ALIBABA_CLOUD_ROLE_ARN, ALIBABA_CLOUD_OIDC_PROVIDER_ARN and "
              "ALIBABA_CLOUD_OIDC_TOKEN_FILE are not all set); no " CFG "; no " INI
              "; the ECS metadata service is disabled by ALIBABA_CLOUD_ECS_METADATA_DISABLED; no "
              "ALIBABA_CLOUD_CREDENTIALS_URI");
    finish(&in);
}

static void
test_tail(void)
{
    struct inputs in;
    /* Nothing configured: the ECS metadata service (name asked), and the skipped list kept. */
    start(&in, NULL, NULL);
    CHECK_INT(plan_default(&in), SSE_OK);
    CHECK_INT(in.plan.nroutes, 1);
    CHECK_INT(step(&in, 0, 0)->kind, IDENT_STEP_ECS_ROLE);
    CHECK_STR(step(&in, 0, 0)->role_name, "");
    CHECK(!step(&in, 0, 0)->imdsv1_disabled);
    CHECK_STR(in.plan.description, "ECS RAM role (its name asked from the metadata service)");
    CHECK(strstr(in.plan.skipped, "no OSS_ACCESS_KEY_ID; ") == in.plan.skipped);
    finish(&in);

    start(&in, NULL, NULL);
    in.env.ecs_metadata = "ops";
    in.env.imdsv1_disabled = "true";
    in.env.credentials_uri = "http://127.0.0.1:8080/creds?t=" SECRET;
    CHECK_INT(plan_default(&in), SSE_OK);
    CHECK_INT(in.plan.nroutes, 2);
    CHECK_STR(step(&in, 0, 0)->role_name, "ops");
    CHECK(step(&in, 0, 0)->imdsv1_disabled);
    CHECK_INT(step(&in, 1, 0)->kind, IDENT_STEP_URI);
    CHECK_STR(step(&in, 1, 0)->url, "http://127.0.0.1:8080/creds?t=" SECRET);
    CHECK_STR(step(&in, 1, 0)->what, "credentials URI http://127.0.0.1:8080");
    CHECK_STR(in.plan.description, "ECS RAM role ops, else ALIBABA_CLOUD_CREDENTIALS_URI");
    finish(&in);

    start(&in, NULL, NULL);
    in.env.ecs_metadata_disabled = "True";
    in.env.credentials_uri = "https://creds.example.com/x";
    CHECK_INT(plan_default(&in), SSE_OK);
    CHECK_INT(in.plan.nroutes, 1);
    CHECK_INT(step(&in, 0, 0)->kind, IDENT_STEP_URI);
    finish(&in);

    start(&in, NULL, NULL);
    in.env.ecs_metadata = "bad/role";
    CHECK_INT(plan_default(&in), SSE_ERR_CONFIG);
    CHECK(strncmp(in.err.message, "ALIBABA_CLOUD_ECS_METADATA: ", 28) == 0);
    finish(&in);
}

static const char cli_all[] =
    "{\"current\":\"prod\",\"profiles\":["
    "{\"name\":\"base\",\"mode\":\"AK\",\"access_key_id\":\"LTAI5tBase\",\"access_key_secret\":\""
    SECRET "\"},"
    "{\"name\":\"sts\",\"mode\":\"StsToken\",\"access_key_id\":\"STS.1\",\"access_key_secret\":\""
    SECRET "\",\"sts_token\":\"t1\"},"
    "{\"name\":\"prod\",\"mode\":\"RamRoleArn\",\"access_key_id\":\"LTAI5tProd\","
    "\"access_key_secret\":\"" SECRET "\",\"ram_role_arn\":\"acs:ram::1234567890123456:role/auditor\","
    "\"ram_session_name\":\"alice\",\"expired_seconds\":1800,\"external_id\":\"ext-1\","
    "\"sts_endpoint\":\"sts.cn-shanghai.aliyuncs.com\"},"
    "{\"name\":\"prod-sts\",\"mode\":\"RamRoleArn\",\"access_key_id\":\"STS.2\","
    "\"access_key_secret\":\"" SECRET "\",\"sts_token\":\"t2\",\"ram_role_arn\":\"acs:ram::1:role/r\"},"
    "{\"name\":\"ecs\",\"mode\":\"EcsRamRole\",\"ram_role_name\":\"ops\"},"
    "{\"name\":\"ecs-arn\",\"mode\":\"RamRoleArnWithRoleName\",\"ram_role_name\":\"ops\","
    "\"ram_role_arn\":\"acs:ram::2:role/x\",\"external_id\":\"not-sent\",\"sts_region\":\"cn-beijing\"},"
    "{\"name\":\"chain\",\"mode\":\"ChainableRamRoleArn\",\"source_profile\":\"prod\","
    "\"ram_role_arn\":\"acs:ram::3:role/y\",\"ram_session_name\":\"hop\"},"
    "{\"name\":\"oidc\",\"mode\":\"OIDC\",\"oidc_provider_arn\":\"acs:ram::1:oidc-provider/p\","
    "\"oidc_token_file\":\"/tok\",\"ram_role_arn\":\"acs:ram::1:role/k\"},"
    "{\"name\":\"ext\",\"mode\":\"External\",\"process_command\":\"/usr/bin/cred-helper --token '"
    SECRET "' get\"},"
    "{\"name\":\"uri\",\"mode\":\"CredentialsURI\",\"credentials_uri\":\"http://localhost:7/c\"},"
    "{\"name\":\"uri-env\",\"mode\":\"CredentialsURI\"},"
    "{\"name\":\"loop-a\",\"mode\":\"ChainableRamRoleArn\",\"source_profile\":\"loop-b\","
    "\"ram_role_arn\":\"acs:ram::1:role/a\"},"
    "{\"name\":\"loop-b\",\"mode\":\"ChainableRamRoleArn\",\"source_profile\":\"loop-a\","
    "\"ram_role_arn\":\"acs:ram::1:role/b\"},"
    "{\"name\":\"sso\",\"mode\":\"CloudSSO\"},"
    "{\"name\":\"nothing\"},"
    "{\"name\":\"no-arn\",\"mode\":\"RamRoleArn\",\"access_key_id\":\"a\",\"access_key_secret\":\"b\"},"
    "{\"name\":\"bad-arn\",\"mode\":\"ramrolearn\",\"access_key_id\":\"a\",\"access_key_secret\":\"b\","
    "\"ram_role_arn\":\"acs:ram::x:role/r\"},"
    "{\"name\":\"no-src\",\"mode\":\"ChainableRamRoleArn\",\"ram_role_arn\":\"acs:ram::1:role/r\"},"
    "{\"name\":\"bad-dur\",\"mode\":\"RamRoleArn\",\"access_key_id\":\"a\",\"access_key_secret\":\"b\","
    "\"ram_role_arn\":\"acs:ram::1:role/r\",\"expired_seconds\":60},"
    "{\"name\":\"http-sts\",\"mode\":\"RamRoleArn\",\"access_key_id\":\"a\",\"access_key_secret\":\"b\","
    "\"ram_role_arn\":\"acs:ram::1:role/r\",\"sts_endpoint\":\"http://sts.aliyuncs.com\"},"
    "{\"name\":\"no-key\",\"mode\":\"StsToken\",\"access_key_id\":\"a\",\"access_key_secret\":\"b\"}"
    "]}";

static enum sse_status
plan_cli(struct inputs *in, const char *name)
{
    ready(in);
    enum sse_status st = ident_plan_aliyun(&in->ctx, name, &in->plan, &in->err);
    CHECK(no_secret(in));
    return st;
}

static void
test_cli_modes(void)
{
    struct inputs in;
    start(&in, cli_all, NULL);
    CHECK_INT(plan_cli(&in, "base"), SSE_OK);
    CHECK(ident_plan_is_static(&in.plan));
    CHECK_STR(in.plan.description, "aliyun CLI profile base (AK)");
    CHECK_STR(step(&in, 0, 0)->what, "keys of aliyun CLI profile base");
    finish(&in);

    start(&in, cli_all, NULL);
    CHECK_INT(plan_cli(&in, "sts"), SSE_OK);
    CHECK_STR(step(&in, 0, 0)->keys.keys.security_token, "t1");
    CHECK_STR(in.plan.description, "aliyun CLI profile sts (StsToken)");
    finish(&in);

    start(&in, cli_all, NULL);
    CHECK_INT(plan_cli(&in, "prod"), SSE_OK);
    CHECK_INT(in.plan.routes[0].nsteps, 2);
    CHECK_INT(step(&in, 0, 0)->kind, IDENT_STEP_STATIC);
    CHECK(step(&in, 0, 0)->keys.keys.security_token == NULL);
    const struct ident_step *a = step(&in, 0, 1);
    CHECK_INT(a->kind, IDENT_STEP_ASSUME_ROLE);
    CHECK_STR(a->role_arn, "acs:ram::1234567890123456:role/auditor");
    CHECK_STR(a->session_name, "alice");
    CHECK_INT(a->duration_s, 1800);
    CHECK_STR(a->external_id, "ext-1");
    CHECK_STR(a->sts.scheme, "https");
    CHECK_STR(a->sts.host, "sts.cn-shanghai.aliyuncs.com");
    CHECK_STR(in.plan.description,
              "aliyun CLI profile prod (RamRoleArn acs:ram::1234567890123456:role/auditor)");
    CHECK_STR(a->what, "AssumeRole acs:ram::1234567890123456:role/auditor at "
                       "https://sts.cn-shanghai.aliyuncs.com");
    finish(&in);

    /* RamRoleArn with STS source keys: their token goes along (the CLI's sts_token). */
    start(&in, cli_all, NULL);
    CHECK_INT(plan_cli(&in, "prod-sts"), SSE_OK);
    CHECK_STR(step(&in, 0, 0)->keys.keys.security_token, "t2");
    CHECK_STR(step(&in, 0, 1)->session_name, "sseadm-alice");
    CHECK_STR(step(&in, 0, 1)->sts.host, "sts.aliyuncs.com");
    finish(&in);

    start(&in, cli_all, NULL);
    CHECK_INT(plan_cli(&in, "ecs"), SSE_OK);
    CHECK_INT(step(&in, 0, 0)->kind, IDENT_STEP_ECS_ROLE);
    CHECK_STR(step(&in, 0, 0)->role_name, "ops");
    CHECK_STR(in.plan.description, "aliyun CLI profile ecs (EcsRamRole ops)");
    finish(&in);

    start(&in, cli_all, NULL);
    CHECK_INT(plan_cli(&in, "ecs-arn"), SSE_OK);
    CHECK_INT(in.plan.routes[0].nsteps, 2);
    CHECK_INT(step(&in, 0, 0)->kind, IDENT_STEP_ECS_ROLE);
    CHECK_INT(step(&in, 0, 1)->kind, IDENT_STEP_ASSUME_ROLE);
    CHECK(step(&in, 0, 1)->external_id == NULL); /* as the CLI sends it */
    CHECK_STR(step(&in, 0, 1)->sts.host, "sts.cn-beijing.aliyuncs.com");
    finish(&in);

    start(&in, cli_all, NULL);
    CHECK_INT(plan_cli(&in, "chain"), SSE_OK);
    CHECK_INT(in.plan.routes[0].nsteps, 3);
    CHECK_STR(step(&in, 0, 1)->role_arn, "acs:ram::1234567890123456:role/auditor");
    CHECK_STR(step(&in, 0, 2)->role_arn, "acs:ram::3:role/y");
    CHECK_STR(step(&in, 0, 2)->session_name, "hop");
    CHECK_STR(in.plan.description,
              "aliyun CLI profile chain (ChainableRamRoleArn acs:ram::3:role/y, with aliyun CLI "
              "profile prod (RamRoleArn acs:ram::1234567890123456:role/auditor))");
    finish(&in);

    start(&in, cli_all, NULL);
    CHECK_INT(plan_cli(&in, "oidc"), SSE_OK);
    CHECK_INT(step(&in, 0, 0)->kind, IDENT_STEP_OIDC);
    CHECK_STR(step(&in, 0, 0)->token_file, "/tok");
    finish(&in);

    start(&in, cli_all, NULL);
    CHECK_INT(plan_cli(&in, "ext"), SSE_OK);
    const struct ident_step *x = step(&in, 0, 0);
    CHECK_INT(x->kind, IDENT_STEP_EXTERNAL);
    CHECK_INT(x->argc, 4);
    CHECK_STR(x->argv[0], "/usr/bin/cred-helper");
    CHECK_STR(x->argv[2], SECRET);
    CHECK(x->argv[4] == NULL);
    CHECK_STR(x->what, "External command /usr/bin/cred-helper");
    CHECK_STR(in.plan.description, "aliyun CLI profile ext (External)");
    finish(&in);

    start(&in, cli_all, NULL);
    in.env.disable_external_process = "1";
    CHECK_INT(plan_cli(&in, "ext"), SSE_ERR_CREDENTIALS);
    CHECK_STR(in.err.message, CFG ": profile \"ext\": External commands are disabled by "
                              "ALIBABA_CLOUD_DISABLE_EXTERNAL_PROCESS");
    finish(&in);

    start(&in, cli_all, NULL);
    CHECK_INT(plan_cli(&in, "uri"), SSE_OK);
    CHECK_STR(step(&in, 0, 0)->url, "http://localhost:7/c");
    finish(&in);
    start(&in, cli_all, NULL);
    in.env.credentials_uri = "https://creds.example.com/c";
    CHECK_INT(plan_cli(&in, "uri-env"), SSE_OK);
    CHECK_STR(step(&in, 0, 0)->url, "https://creds.example.com/c");
    finish(&in);

    static const struct {
        const char *name, *msg;
    } bad[] = {
        {"uri-env", CFG ": profile \"uri-env\" (mode CredentialsURI) has no credentials_uri (nor is "
                    "ALIBABA_CLOUD_CREDENTIALS_URI set)"},
        {"loop-a", CFG ": source_profile cycle: loop-a -> loop-b -> loop-a"},
        {"sso", CFG ": profile \"sso\" has mode \"CloudSSO\", which sseadm does not speak; it speaks "
                "AK, StsToken, RamRoleArn, EcsRamRole, RamRoleArnWithRoleName, ChainableRamRoleArn, "
                "OIDC, External and CredentialsURI"},
        {"nothing", CFG ": profile \"nothing\" has no mode, and its fields fit none; set \"mode\" to "
                    "AK, StsToken, RamRoleArn, EcsRamRole, RamRoleArnWithRoleName, "
                    "ChainableRamRoleArn, OIDC, External or CredentialsURI"},
        {"no-arn", CFG ": profile \"no-arn\" (mode RamRoleArn) has no ram_role_arn"},
        {"bad-arn", CFG ": profile \"bad-arn\": ram_role_arn: role ARN \"acs:ram::x:role/r\" must "
                    "have the account ID (digits) after \"acs:ram::\", like "
                    "\"acs:ram::1234567890123456:role/auditor\""},
        {"no-src", CFG ": profile \"no-src\" (mode ChainableRamRoleArn) has no source_profile"},
        {"bad-dur", CFG ": profile \"bad-dur\": expired_seconds must be 900 to 43200 seconds, not 60"},
        {"http-sts", CFG ": profile \"http-sts\": sts_endpoint: the endpoint "
                     "\"http://sts.aliyuncs.com\" uses http://, which is only for a local endpoint "
                     "(localhost, a loopback or a private address); use https://"},
        {"no-key", CFG ": profile \"no-key\" (mode StsToken) has no sts_token"},
        {"prdo", CFG " has no profile \"prdo\" (did you mean \"prod\"?); its profiles: base, sts, "
                 "prod, prod-sts, ecs, ecs-arn, chain, oidc, ext, uri, uri-env, loop-a, loop-b, sso, "
                 "nothing, no-arn, bad-arn, no-src, bad-dur, http-sts, no-key"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        start(&in, cli_all, NULL);
        CHECK_INT(plan_cli(&in, bad[i].name), SSE_ERR_CONFIG);
        CHECK_STR(in.err.message, bad[i].msg);
        CHECK_INT(in.plan.nroutes, 0);
        finish(&in);
    }

    /* The default chain reaches the CLI's current profile, or ALIBABA_CLOUD_PROFILE's. */
    start(&in, cli_all, NULL);
    CHECK_INT(plan_default(&in), SSE_OK);
    CHECK(strncmp(in.plan.description, "aliyun CLI profile prod ", 24) == 0);
    finish(&in);
    start(&in, cli_all, NULL);
    in.env.profile = "ecs";
    CHECK_INT(plan_default(&in), SSE_OK);
    CHECK_STR(in.plan.description, "aliyun CLI profile ecs (EcsRamRole ops)");
    finish(&in);
    start(&in, cli_all, NULL);
    in.env.cli_profile_disabled = "true";
    in.env.ecs_metadata_disabled = "true";
    CHECK_INT(plan_default(&in), SSE_ERR_CREDENTIALS);
    CHECK(strstr(in.err.message, "the aliyun CLI configuration is disabled by "
                                 "ALIBABA_CLOUD_CLI_PROFILE_DISABLED") != NULL);
    finish(&in);
    /* A malformed file that is reached is an error naming it. */
    start(&in, "{\"profiles\": [", NULL);
    CHECK_INT(plan_default(&in), SSE_ERR_CONFIG);
    CHECK_STR(in.err.message, CFG " is not valid JSON: line 1, column 14: ']' expected near end "
                              "of file");
    finish(&in);
    /* ... but not when a source before it has the credentials. */
    start(&in, "{\"profiles\": [", NULL);
    in.env.oss_access_key_id = "a";
    in.env.oss_access_key_secret = "b";
    CHECK_INT(plan_default(&in), SSE_OK);
    finish(&in);
    /* An unreadable one likewise. */
    start(&in, NULL, NULL);
    in.cli.state = IDENT_FILE_ERROR;
    snprintf(in.cli.error, sizeof in.cli.error, CFG ": cannot open: Permission denied");
    CHECK_INT(plan_default(&in), SSE_ERR_CONFIG);
    CHECK_STR(in.err.message, CFG ": cannot open: Permission denied");
    finish(&in);
}

static const char ini_all[] =
    "[default]\ntype = access_key\naccess_key_id = LTAI5tIni\naccess_key_secret = " SECRET "\n"
    "[ecs]\ntype = ecs_ram_role\nrole_name = ops\n"
    "[ecs-any]\ntype = ecs_ram_role\n"
    "[role]\ntype = ram_role_arn\naccess_key_id = LTAI5tR\naccess_key_secret = " SECRET "\n"
    "role_arn = acs:ram::5:role/r\nrole_session_name = ini-s\npolicy = {\"Version\":\"1\"}\n"
    "[oidc]\ntype = oidc_role_arn\noidc_provider_arn = acs:ram::5:oidc-provider/p\n"
    "oidc_token_file_path = /t\nrole_arn = acs:ram::5:role/k\nrole_session_name = o-s\n"
    "[half]\ntype = ram_role_arn\naccess_key_id = a\naccess_key_secret = b\nrole_arn = acs:ram::5:role/r\n"
    "[odd]\ntype = bearer\n"
    "[untyped]\naccess_key_id = a\n";

static void
test_credentials_file(void)
{
    struct inputs in;
    start(&in, NULL, ini_all);
    CHECK_INT(plan_default(&in), SSE_OK);
    CHECK(ident_plan_is_static(&in.plan));
    CHECK_STR(in.plan.description, "credentials file " INI ", section default (access_key)");
    finish(&in);

    const struct {
        const char *section;
        size_t nsteps;
        enum ident_step_kind last;
        const char *desc;
    } good[] = {
        {"ecs", 1, IDENT_STEP_ECS_ROLE, "credentials file " INI ", section ecs (ecs_ram_role ops)"},
        {"ecs-any", 1, IDENT_STEP_ECS_ROLE, "credentials file " INI ", section ecs-any (ecs_ram_role)"},
        {"role", 2, IDENT_STEP_ASSUME_ROLE, "credentials file " INI ", section role (ram_role_arn "
                                            "acs:ram::5:role/r)"},
        {"oidc", 1, IDENT_STEP_OIDC, "credentials file " INI ", section oidc (oidc_role_arn "
                                     "acs:ram::5:role/k)"},
    };
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        start(&in, NULL, ini_all);
        in.env.profile = good[i].section;
        CHECK_INT(plan_default(&in), SSE_OK);
        CHECK_INT(in.plan.routes[0].nsteps, good[i].nsteps);
        CHECK_INT(step(&in, 0, good[i].nsteps - 1)->kind, good[i].last);
        CHECK_STR(in.plan.description, good[i].desc);
        if (strcmp(good[i].section, "role") == 0) {
            CHECK_STR(step(&in, 0, 1)->policy, "{\"Version\":\"1\"}");
            CHECK_STR(step(&in, 0, 1)->session_name, "ini-s");
            CHECK_INT(step(&in, 0, 1)->duration_s, 3600);
        }
        finish(&in);
    }
    const struct {
        const char *section, *msg;
    } bad[] = {
        {"half", INI ":23: section [half] (type ram_role_arn) has no role_session_name"},
        {"odd", INI ":29: type \"bearer\" is not access_key, ecs_ram_role, ram_role_arn or "
                "oidc_role_arn"},
        {"untyped", INI ":30: section [untyped] has no type; set type = access_key, ecs_ram_role, "
                    "ram_role_arn or oidc_role_arn"},
        {"rol", INI " has no section [rol] (ALIBABA_CLOUD_PROFILE) (did you mean \"role\"?); its "
                "sections: default, ecs, ecs-any, role, oidc, half, odd, untyped"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        start(&in, NULL, ini_all);
        in.env.profile = bad[i].section;
        CHECK_INT(plan_default(&in), SSE_ERR_CONFIG);
        CHECK_STR(in.err.message, bad[i].msg);
        finish(&in);
    }
    /* ALIBABA_CLOUD_PROFILE naming a section, not a CLI profile: the CLI file is passed over. */
    start(&in, cli_all, ini_all);
    in.env.profile = "ecs-any";
    CHECK_INT(plan_default(&in), SSE_OK);
    CHECK(strstr(in.plan.description, "credentials file") == in.plan.description);
    finish(&in);
    /* ... and naming neither: both are said. */
    start(&in, cli_all, ini_all);
    in.env.profile = "zzz";
    CHECK_INT(plan_default(&in), SSE_ERR_CONFIG);
    CHECK(strstr(in.err.message, CFG " has no profile \"zzz\"; its profiles: ") == in.err.message);
    CHECK(strstr(in.err.message, " (ALIBABA_CLOUD_PROFILE), nor has the credentials file a section "
                                 "[zzz]") != NULL);
    finish(&in);
}

static void
test_warnings(void)
{
    struct inputs in;
    start(&in, cli_all, ini_all);
    in.cli.mode = 0100644;
    in.ini.mode = 0100640;
    ready(&in);
    CHECK_INT(in.warnings.count, 2);
    if (in.warnings.count == 2) {
        CHECK_STR(in.warnings.lines[0], CFG ": holds access_key_secret but is readable by others "
                                        "(mode 0644); chmod 600 " CFG);
        CHECK_STR(in.warnings.lines[1], INI ": holds access_key_secret but is readable by others "
                                        "(mode 0640); chmod 600 " INI);
    }
    finish(&in);
    /* A file without secrets is not blamed. */
    start(&in, "{\"profiles\":[{\"name\":\"e\",\"mode\":\"EcsRamRole\"}]}",
          "[default]\ntype = ecs_ram_role\n");
    in.cli.mode = in.ini.mode = 0100644;
    ready(&in);
    CHECK_INT(in.warnings.count, 0);
    finish(&in);
}

static const char accounts[] =
    "profiles = (\n"
    " { name = \"hub\"; " HZ " aliyun_profile = \"base\"; sts_region = \"cn-hangzhou\"; },\n"
    " { name = \"prod\"; " HZ " role_arn = \"acs:ram::1111:role/auditor\"; source_profile = \"hub\"; },\n"
    " { name = \"dev\"; " HZ " role_arn = \"acs:ram::2222:role/auditor\"; source_profile = \"hub\";\n"
    "   role_session_name = \"sseadm-dev\"; external_id = \"x-1\"; role_duration_s = 900; },\n"
    " { name = \"prod-again\"; " HZ " role_arn = \"acs:ram::1111:role/auditor\"; source_profile = \"hub\"; },\n"
    " { name = \"own\"; " HZ " access_key_id = \"LTAI5tOwn\"; access_key_secret = \"" SECRET "\";\n"
    "   role_arn = \"acs:ram::3333:role/r\"; sts_endpoint = \"http://127.0.0.1:9000\"; },\n"
    " { name = \"plain\"; " HZ " access_key_id = \"LTAI5tPlain\"; access_key_secret = \"" SECRET "\"; },\n"
    " { name = \"bastion\"; " HZ " ecs_ram_role = \"\"; internal = true; sts_region = \"cn-hangzhou\";\n"
    "   role_arn = \"acs:ram::4444:role/r\"; },\n"
    " { name = \"chain\"; " HZ " role_arn = \"acs:ram::5555:role/r\"; source_profile = \"prod\"; },\n"
    " { name = \"nokeys\"; " HZ " role_arn = \"acs:ram::6666:role/r\"; },\n"
    " { name = \"missing\"; " HZ " aliyun_profile = \"prdo\"; }\n"
    ");\n";

static enum sse_status
plan_profile(struct inputs *in, size_t index)
{
    ready(in);
    enum sse_status st = ident_plan_profile(&in->ctx, index, &in->plan, &in->err);
    CHECK(no_secret(in));
    return st;
}

static void
test_sseadm_profiles(void)
{
    struct inputs in;
    struct ident_plan prod, dev, again;

    start(&in, cli_all, NULL);
    with_config(&in, accounts);
    CHECK_INT(plan_profile(&in, 0), SSE_OK);
    CHECK_STR(in.plan.description, "aliyun CLI profile base (AK)");
    CHECK_STR(in.plan.sts.host, "sts.cn-hangzhou.aliyuncs.com");

    /* 30 accounts, one source: every role step starts from the same source key. */
    ident_plan_init(&prod);
    ident_plan_init(&dev);
    ident_plan_init(&again);
    CHECK_INT(ident_plan_profile(&in.ctx, 1, &prod, &in.err), SSE_OK);
    CHECK_INT(ident_plan_profile(&in.ctx, 2, &dev, &in.err), SSE_OK);
    CHECK_INT(ident_plan_profile(&in.ctx, 3, &again, &in.err), SSE_OK);
    CHECK_INT(prod.routes[0].nsteps, 2);
    CHECK_STR(prod.routes[0].steps[0].cache_key, in.plan.routes[0].steps[0].cache_key);
    CHECK_STR(dev.routes[0].steps[0].cache_key, prod.routes[0].steps[0].cache_key);
    CHECK(strcmp(dev.routes[0].steps[1].cache_key, prod.routes[0].steps[1].cache_key) != 0);
    /* The same role with the same session from the same source: one AssumeRole for both. */
    CHECK_STR(again.routes[0].steps[1].cache_key, prod.routes[0].steps[1].cache_key);
    CHECK_INT(strlen(prod.routes[0].steps[1].cache_key), 64);
    const struct ident_step *r = &prod.routes[0].steps[1];
    CHECK_STR(r->role_arn, "acs:ram::1111:role/auditor");
    CHECK_STR(r->session_name, "sseadm-alice");
    CHECK_INT(r->duration_s, 3600);
    CHECK_STR(r->sts.host, "sts.aliyuncs.com");
    CHECK_STR(prod.description, "role acs:ram::1111:role/auditor, assumed with sseadm profile hub: "
                                "aliyun CLI profile base (AK)");
    const struct ident_step *d = &dev.routes[0].steps[1];
    CHECK_STR(d->session_name, "sseadm-dev");
    CHECK_STR(d->external_id, "x-1");
    CHECK_INT(d->duration_s, 900);
    ident_plan_cleanup(&prod);
    ident_plan_cleanup(&dev);
    ident_plan_cleanup(&again);

    /* Own keys assume the role (at a local STS over http). */
    CHECK_INT(plan_profile(&in, 4), SSE_OK);
    CHECK_INT(in.plan.routes[0].nsteps, 2);
    CHECK_STR(step(&in, 0, 0)->keys.keys.access_key_id, "LTAI5tOwn");
    CHECK_STR(step(&in, 0, 1)->sts.scheme, "http");
    CHECK_STR(step(&in, 0, 1)->sts.host, "127.0.0.1:9000");
    CHECK_STR(in.plan.sts.host, "127.0.0.1:9000");
    CHECK_STR(in.plan.description, "role acs:ram::3333:role/r, assumed with keys of sseadm profile own");

    CHECK_INT(plan_profile(&in, 5), SSE_OK);
    CHECK(ident_plan_is_static(&in.plan));
    CHECK_STR(in.plan.description, "keys of sseadm profile plain");

    /* ECS role, name asked, then a role at the VPC STS endpoint (internal = true). */
    CHECK_INT(plan_profile(&in, 6), SSE_OK);
    CHECK_INT(step(&in, 0, 0)->kind, IDENT_STEP_ECS_ROLE);
    CHECK_STR(step(&in, 0, 1)->sts.host, "sts-vpc.cn-hangzhou.aliyuncs.com");
    CHECK_STR(in.plan.description, "role acs:ram::4444:role/r, assumed with ECS RAM role (its name "
                                   "asked from the metadata service)");

    /* A chain of sseadm profiles: source, hub's role, then this one's. */
    CHECK_INT(plan_profile(&in, 7), SSE_OK);
    CHECK_INT(in.plan.routes[0].nsteps, 3);
    CHECK_STR(step(&in, 0, 1)->role_arn, "acs:ram::1111:role/auditor");
    CHECK_STR(step(&in, 0, 2)->role_arn, "acs:ram::5555:role/r");

    /* No source of its own: the default chain, then the role on every route. */
    in.env.credentials_uri = "https://creds.example.com/c";
    in.env.cli_profile_disabled = "true";
    CHECK_INT(plan_profile(&in, 8), SSE_OK);
    CHECK_INT(in.plan.nroutes, 2);
    CHECK_INT(in.plan.routes[1].nsteps, 2);
    CHECK_INT(step(&in, 1, 0)->kind, IDENT_STEP_URI);
    CHECK_INT(step(&in, 1, 1)->kind, IDENT_STEP_ASSUME_ROLE);
    CHECK_STR(in.plan.description, "role acs:ram::6666:role/r, assumed with ECS RAM role (its name "
                                   "asked from the metadata service), else "
                                   "ALIBABA_CLOUD_CREDENTIALS_URI");
    CHECK_STR(in.plan.routes[1].description, "role acs:ram::6666:role/r, assumed with "
                                             "ALIBABA_CLOUD_CREDENTIALS_URI");
    in.env.credentials_uri = NULL;
    in.env.cli_profile_disabled = NULL;
    in.env.oss_access_key_id = "LTAI5tEnv";
    in.env.oss_access_key_secret = SECRET;
    CHECK_INT(plan_profile(&in, 8), SSE_OK);
    CHECK_STR(in.plan.description, "role acs:ram::6666:role/r, assumed with environment "
                                   "OSS_ACCESS_KEY_ID");

    CHECK_INT(plan_profile(&in, 9), SSE_ERR_CONFIG);
    CHECK(strstr(in.err.message, CFG " has no profile \"prdo\" (did you mean \"prod\"?)") ==
          in.err.message);
    CHECK_INT(plan_profile(&in, 99), SSE_ERR_USAGE);
    finish(&in);

    /* aliyun_profile without the file. */
    start(&in, NULL, NULL);
    with_config(&in, accounts);
    CHECK_INT(plan_profile(&in, 0), SSE_ERR_CONFIG);
    CHECK_STR(in.err.message, "profile \"hub\" takes its credentials from aliyun CLI profile "
                              "\"base\", but there is no " CFG " (run `aliyun configure`, or set "
                              "ALIBABA_CLOUD_CONFIG_FILE)");
    finish(&in);
}

static void
test_steps(void)
{
    struct inputs in;
    start(&in, cli_all, NULL);
    CHECK_INT(plan_cli(&in, "prod-sts"), SSE_OK);
    const struct ident_step *a = step(&in, 0, 1);
    time_t now;
    CHECK(rpc_timestamp_parse("2026-12-04T12:00:00Z", &now));
    struct rpc_request r;
    /* AssumeRole signed with the step before's keys, their token in the query. */
    CHECK_INT(ident_step_assume_request(a, &step(&in, 0, 0)->keys, now, "n-1", &r, &in.err),
              SSE_OK);
    CHECK_STR(rpc_request_param(&r, "Action"), "AssumeRole");
    CHECK_STR(rpc_request_param(&r, "RoleArn"), "acs:ram::1:role/r");
    CHECK_STR(rpc_request_param(&r, "RoleSessionName"), "sseadm-alice");
    CHECK_STR(rpc_request_param(&r, "AccessKeyId"), "STS.2");
    CHECK_STR(rpc_request_param(&r, "SecurityToken"), "t2");
    CHECK(rpc_request_param(&r, "Signature") != NULL);
    CHECK_STR(r.endpoint.host, "sts.aliyuncs.com");
    rpc_request_cleanup(&r);
    /* A step of another kind is refused. */
    CHECK_INT(ident_step_assume_request(step(&in, 0, 0), &step(&in, 0, 0)->keys, now, "n", &r,
                                        &in.err), SSE_ERR_USAGE);
    rpc_request_cleanup(&r);

    struct ident_credentials out = {0};
    const char *answer = "{\"RequestId\":\"r\",\"Credentials\":{\"AccessKeyId\":\"STS.new\","
                         "\"AccessKeySecret\":\"" SECRET "\",\"SecurityToken\":\"tnew\","
                         "\"Expiration\":\"2026-12-04T13:00:00Z\"}}";
    CHECK_INT(ident_step_sts_answer(a, 200, answer, strlen(answer), &out, &in.err), SSE_OK);
    CHECK_STR(out.keys.access_key_id, "STS.new");
    CHECK_STR(out.keys.security_token, "tnew");
    CHECK_INT(out.expiration, now + 3600);
    const char *denied = "{\"Code\":\"NoPermission\",\"Message\":\"You are not authorized to do "
                         "this action.\",\"RequestId\":\"r-9\"}";
    CHECK_INT(ident_step_sts_answer(a, 403, denied, strlen(denied), &out, &in.err),
              SSE_ERR_SERVICE);
    CHECK_STR(in.err.code, "NoPermission");
    CHECK_STR(in.err.request_id, "r-9");
    CHECK_STR(in.err.message, "AssumeRole acs:ram::1:role/r at https://sts.aliyuncs.com: You are "
                              "not authorized to do this action.");
    CHECK(out.keys.access_key_id == NULL);
    ident_credentials_cleanup(&out);
    finish(&in);

    start(&in, cli_all, NULL);
    CHECK_INT(plan_cli(&in, "oidc"), SSE_OK);
    CHECK_INT(ident_step_oidc_request(step(&in, 0, 0), "eyJ.tok.sig", now, &r, &in.err), SSE_OK);
    CHECK_STR(rpc_request_param(&r, "OIDCToken"), "eyJ.tok.sig");
    CHECK_STR(rpc_request_param(&r, "OIDCProviderArn"), "acs:ram::1:oidc-provider/p");
    CHECK(!rpc_request_param(&r, "Signature"));
    rpc_request_cleanup(&r);
    finish(&in);
}

static void
test_session_names(void)
{
    char s[VALIDATE_SESSION_NAME_MAX];
    ident_default_session_name("alice", s);
    CHECK_STR(s, "sseadm-alice");
    ident_default_session_name("CORP\\john doe", s);
    CHECK_STR(s, "sseadm-CORP-john-doe");
    ident_default_session_name("\xe5\xbc\xa0\xe4\xb8\x89", s);
    CHECK_STR(s, "sseadm-------");
    ident_default_session_name(NULL, s);
    CHECK_STR(s, "sseadm");
    char longuser[100];
    memset(longuser, 'u', 99);
    longuser[99] = '\0';
    ident_default_session_name(longuser, s);
    CHECK_INT(strlen(s), 64);
    struct sse_error err;
    CHECK_INT(validate_role_session_name(s, &err), SSE_OK);
}

int
main(void)
{
    test_environment();
    test_tail();
    test_cli_modes();
    test_credentials_file();
    test_warnings();
    test_sseadm_profiles();
    test_steps();
    test_session_names();
    /* Every secret parsed was wiped and released. */
    CHECK_INT(oss_secret_live(), 0);
    return check_done("ident_chain");
}
