/* resolve.c — the credential chain: sseadm profiles, aliyun CLI profiles, the credentials file and
 * the environment turned into plans of steps. */
#include "ident/resolve.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/cfgfile.h"
#include "core/ascii.h"
#include "core/sanitize.h"
#include "core/validate.h"
#include "ident/answers.h"
#include "ident/cmdline.h"
#include "rpc/sts.h"

/* ---- paths and context -------------------------------------------------------------------- */

static bool
set(const char *s)
{
    return s && *s;
}

static enum sse_status
home_path(const char *override, const char *home, const char *rel, char *buf, size_t size)
{
    int n;
    if (set(override))
        n = snprintf(buf, size, "%s", override);
    else if (set(home))
        n = snprintf(buf, size, "%s/%s", home, rel);
    else
        n = snprintf(buf, size, "%s", "");
    if (n < 0 || (size_t)n >= size) {
        if (size)
            buf[0] = '\0';
        return SSE_ERR_INVALID;
    }
    return SSE_OK;
}

enum sse_status
ident_aliyun_config_path(const struct ident_env *env, char *buf, size_t size)
{
    return home_path(env->config_file, env->home, ".aliyun/config.json", buf, size);
}

enum sse_status
ident_credentials_path(const struct ident_env *env, char *buf, size_t size)
{
    return home_path(env->credentials_file, env->home, ".alibabacloud/credentials", buf, size);
}

void
ident_context_init(struct ident_context *ctx, const struct sse_config *cfg,
                   const struct ident_env *env, const struct ident_file *aliyun_config,
                   const struct ident_file *credentials, struct sse_diag *warnings)
{
    memset(ctx, 0, sizeof *ctx);
    ctx->cfg = cfg;
    ctx->env = env;
    ctx->cli_state = aliyun_config ? aliyun_config->state : IDENT_FILE_ABSENT;
    if (ctx->cli_state == IDENT_FILE_ERROR)
        sse_error_set(&ctx->cli_error, SSE_ERR_CONFIG, "%s", aliyun_config->error);
    else if (ctx->cli_state == IDENT_FILE_TEXT &&
             ident_cli_config_parse(aliyun_config, &ctx->cli, &ctx->cli_error) != SSE_OK)
        ctx->cli_state = IDENT_FILE_ERROR;
    else if (ctx->cli_state == IDENT_FILE_TEXT && ctx->cli.secret_field)
        config_warn_secret_mode(warnings, aliyun_config->path, ctx->cli.secret_field,
                                aliyun_config->mode);

    ctx->ini_state = credentials ? credentials->state : IDENT_FILE_ABSENT;
    if (ctx->ini_state == IDENT_FILE_ERROR)
        sse_error_set(&ctx->ini_error, SSE_ERR_CONFIG, "%s", credentials->error);
    else if (ctx->ini_state == IDENT_FILE_TEXT &&
             ident_ini_parse(credentials, &ctx->ini, &ctx->ini_error) != SSE_OK)
        ctx->ini_state = IDENT_FILE_ERROR;
    else if (ctx->ini_state == IDENT_FILE_TEXT && ctx->ini.secret_field)
        config_warn_secret_mode(warnings, credentials->path, ctx->ini.secret_field,
                                credentials->mode);
}

void
ident_context_cleanup(struct ident_context *ctx)
{
    ident_cli_config_cleanup(&ctx->cli);
    ident_ini_cleanup(&ctx->ini);
    memset(ctx, 0, sizeof *ctx);
}

/* ---- building ----------------------------------------------------------------------------- */

/* The plan under construction and where its errors go. */
struct build {
    const struct ident_context *ctx;
    struct ident_plan *plan;
    struct sse_error *err;
    const char *cli_chain[IDENT_STEPS_MAX + 1]; /* aliyun CLI profiles being planned, for cycles */
    size_t cli_depth;
    const struct sse_profile *profile; /* the sseadm profile whose default chain this is: its
                                        * sts_endpoint / sts_region are the chain's STS too */
};

/* snprintf that marks a cut with "..." instead of failing. */
static void __attribute__((format(printf, 3, 4)))
text(char *dst, size_t size, const char *fmt, ...)
{
    char buf[2 * IDENT_DESCRIPTION_MAX];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n >= 0 && (size_t)n >= size && size > 4) {
        memcpy(dst, buf, size - 4);
        memcpy(dst + size - 4, "...", 4);
    } else {
        sse_strlcpy(dst, buf, size);
    }
}

static bool
env_true(const char *s)
{
    return s && ascii_casecmp(s, "true") == 0;
}

void
ident_default_session_name(const char *user, char out[VALIDATE_SESSION_NAME_MAX])
{
    if (!set(user)) {
        snprintf(out, VALIDATE_SESSION_NAME_MAX, "sseadm");
        return;
    }
    size_t n = (size_t)snprintf(out, VALIDATE_SESSION_NAME_MAX, "sseadm-%s", user);
    if (n >= VALIDATE_SESSION_NAME_MAX)
        n = VALIDATE_SESSION_NAME_MAX - 1;
    for (size_t i = 7; i < n; i++) {
        unsigned char c = (unsigned char)out[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '@' || c == '-' || c == '_'))
            out[i] = '-';
    }
}

/* The session name for a role whose source gave none: the environment's, else sseadm's own. */
static void
session_or_default(const struct build *b, const char *given, char out[VALIDATE_SESSION_NAME_MAX])
{
    if (set(given))
        snprintf(out, VALIDATE_SESSION_NAME_MAX, "%s", given);
    else if (set(b->ctx->env->role_session_name))
        snprintf(out, VALIDATE_SESSION_NAME_MAX, "%s", b->ctx->env->role_session_name);
    else
        ident_default_session_name(b->ctx->env->user, out);
}

/* A new step at the end of route r. */
static struct ident_step *
push(struct build *b, struct ident_route *r, enum ident_step_kind kind)
{
    if (r->nsteps == IDENT_STEPS_MAX) {
        sse_error_set(b->err, SSE_ERR_CONFIG,
                      "more than %d steps to these credentials (roles assumed in a row); "
                      "shorten the chain", IDENT_STEPS_MAX);
        return NULL;
    }
    struct ident_step *s = &r->steps[r->nsteps++];
    memset(s, 0, sizeof *s);
    s->kind = kind;
    return s;
}

/* Seals the last step of r (its cache key from the one before). */
static enum sse_status
seal(struct build *b, struct ident_route *r)
{
    struct ident_step *s = &r->steps[r->nsteps - 1];
    const char *prev = r->nsteps > 1 ? r->steps[r->nsteps - 2].cache_key : NULL;
    enum sse_status st = ident_step_seal(s, prev);
    return st == SSE_OK ? SSE_OK : sse_error_set(b->err, st, "cannot compute a cache key");
}

/* The plan becomes one route (route 0), described by desc. */
static struct ident_route *
one_route(struct build *b)
{
    b->plan->nroutes = 1;
    return &b->plan->routes[0];
}

static void
describe(struct build *b, size_t route, const char *desc)
{
    text(b->plan->routes[route].description, IDENT_DESCRIPTION_MAX, "%s", desc);
}

/* Sets the plan's description from its routes' ("A, else B"). */
static void
describe_plan(struct ident_plan *p)
{
    if (p->nroutes == 1)
        text(p->description, sizeof p->description, "%s", p->routes[0].description);
    else if (p->nroutes == 2)
        text(p->description, sizeof p->description, "%s, else %s", p->routes[0].description,
             p->routes[1].description);
}

static enum sse_status
add_static(struct build *b, struct ident_route *r, const char *id, const char *secret,
           const char *token, const char *what)
{
    struct ident_step *s = push(b, r, IDENT_STEP_STATIC);
    if (!s)
        return b->err->status;
    if (oss_credentials_set(&s->keys.keys, id, secret, set(token) ? token : NULL) != SSE_OK)
        return sse_error_set(b->err, SSE_ERR_NOMEM, "out of memory for credentials");
    text(s->what, sizeof s->what, "keys of %s", what);
    return seal(b, r);
}

static enum sse_status
add_ecs(struct build *b, struct ident_route *r, const char *role)
{
    struct ident_step *s = push(b, r, IDENT_STEP_ECS_ROLE);
    if (!s)
        return b->err->status;
    snprintf(s->role_name, sizeof s->role_name, "%s", set(role) ? role : "");
    s->imdsv1_disabled = env_true(b->ctx->env->imdsv1_disabled);
    if (set(role))
        text(s->what, sizeof s->what, "ECS RAM role %s from http://" IDENT_ECS_HOST, role);
    else
        text(s->what, sizeof s->what, "ECS RAM role from http://" IDENT_ECS_HOST);
    return seal(b, r);
}

/* The parameters of a role to assume (borrowed), checked by add_role. */
struct role {
    const char *arn;
    const char *session;     /* NULL or "": the default */
    const char *external_id; /* NULL or "": none */
    const char *policy;
    long long duration;      /* 0: 3600 */
    struct rpc_endpoint sts;
    const char *where;       /* "FILE: profile \"x\"" for messages */
};

/* Validates r's values, naming where and the field. */
static enum sse_status
check_role(struct build *b, const struct role *r, const char *session, const char *arn_field,
           const char *session_field, const char *duration_field)
{
    struct sse_error e = {0};
    if (validate_role_arn(r->arn, &e) != SSE_OK)
        return sse_error_set(b->err, SSE_ERR_CONFIG, "%s: %s: %s", r->where, arn_field, e.message);
    if (validate_role_session_name(session, &e) != SSE_OK)
        return sse_error_set(b->err, SSE_ERR_CONFIG, "%s: %s: %s", r->where, session_field,
                             e.message);
    if (set(r->external_id) && validate_external_id(r->external_id, &e) != SSE_OK)
        return sse_error_set(b->err, SSE_ERR_CONFIG, "%s: external_id: %s", r->where, e.message);
    if (r->duration && (r->duration < STS_DURATION_MIN || r->duration > STS_DURATION_MAX))
        return sse_error_set(b->err, SSE_ERR_CONFIG, "%s: %s must be %d to %d seconds, not %lld",
                             r->where, duration_field, STS_DURATION_MIN, STS_DURATION_MAX,
                             r->duration);
    if (set(r->policy) && strlen(r->policy) > STS_POLICY_MAX)
        return sse_error_set(b->err, SSE_ERR_CONFIG, "%s: policy is longer than %d bytes",
                             r->where, STS_POLICY_MAX);
    return SSE_OK;
}

/* Copies the fields both role kinds share into s. */
static enum sse_status
fill_role(struct build *b, struct ident_step *s, const struct role *r, const char *session)
{
    snprintf(s->role_arn, sizeof s->role_arn, "%s", r->arn);
    snprintf(s->session_name, sizeof s->session_name, "%s", session);
    s->duration_s = r->duration ? (int)r->duration : STS_DURATION_DEFAULT;
    s->sts = r->sts;
    if ((set(r->external_id) && !(s->external_id = oss_secret_dup(r->external_id))) ||
        (set(r->policy) && !(s->policy = oss_secret_dup(r->policy))))
        return sse_error_set(b->err, SSE_ERR_NOMEM, "out of memory for a role");
    char ep[RPC_HOST_MAX + 16];
    text(s->what, sizeof s->what, "%s %s at %s", ident_step_kind_name(s->kind), s->role_arn,
         rpc_endpoint_format(&s->sts, ep, sizeof ep));
    return SSE_OK;
}

/* AssumeRole with the credentials of route's last step, appended to every route of the plan. */
static enum sse_status
add_role_all(struct build *b, const struct role *r, const char *arn_field,
             const char *session_field, const char *duration_field)
{
    char session[VALIDATE_SESSION_NAME_MAX];
    session_or_default(b, r->session, session);
    enum sse_status st = check_role(b, r, session, arn_field, session_field, duration_field);
    for (size_t i = 0; st == SSE_OK && i < b->plan->nroutes; i++) {
        struct ident_route *route = &b->plan->routes[i];
        struct ident_step *s = push(b, route, IDENT_STEP_ASSUME_ROLE);
        st = s ? fill_role(b, s, r, session) : b->err->status;
        if (st == SSE_OK)
            st = seal(b, route);
    }
    return st;
}

/* The names of the fields an OIDC role comes from, for messages. */
struct oidc_fields {
    const char *arn, *session, *duration, *provider;
};

static enum sse_status
add_oidc(struct build *b, struct ident_route *route, const struct role *r, const char *provider,
         const char *token_file, const struct oidc_fields *f)
{
    char session[VALIDATE_SESSION_NAME_MAX];
    session_or_default(b, r->session, session);
    enum sse_status st = check_role(b, r, session, f->arn, f->session, f->duration);
    struct sse_error e = {0};
    if (st == SSE_OK && validate_oidc_provider_arn(provider, &e) != SSE_OK)
        st = sse_error_set(b->err, SSE_ERR_CONFIG, "%s: %s: %s", r->where, f->provider,
                           e.message);
    if (st == SSE_OK && strlen(token_file) >= IDENT_PATH_MAX)
        st = sse_error_set(b->err, SSE_ERR_CONFIG, "%s: the OIDC token file's path is longer "
                           "than %d bytes", r->where, IDENT_PATH_MAX - 1);
    struct ident_step *s = st == SSE_OK ? push(b, route, IDENT_STEP_OIDC) : NULL;
    if (st == SSE_OK && !s)
        st = b->err->status;
    if (st == SSE_OK) {
        snprintf(s->provider_arn, sizeof s->provider_arn, "%s", provider);
        snprintf(s->token_file, sizeof s->token_file, "%s", token_file);
        st = fill_role(b, s, r, session);
    }
    return st == SSE_OK ? seal(b, route) : st;
}

static enum sse_status
add_external(struct build *b, struct ident_route *r, const char *command, const char *where)
{
    if (set(b->ctx->env->disable_external_process) &&
        (strcmp(b->ctx->env->disable_external_process, "1") == 0 ||
         env_true(b->ctx->env->disable_external_process)))
        return sse_error_set(b->err, SSE_ERR_CREDENTIALS,
                             "%s: External commands are disabled by "
                             "ALIBABA_CLOUD_DISABLE_EXTERNAL_PROCESS", where);
    struct ident_step *s = push(b, r, IDENT_STEP_EXTERNAL);
    if (!s)
        return b->err->status;
    struct sse_error e = {0};
    if (ident_cmdline_split(command, &s->argv, &s->argc, &e) != SSE_OK)
        return sse_error_set(b->err, e.status == SSE_ERR_NOMEM ? SSE_ERR_NOMEM : SSE_ERR_CONFIG,
                             "%s: %s", where, e.message);
    char name[120];
    sanitize_text(s->argv[0], name, sizeof name);
    text(s->what, sizeof s->what, "External command %s", name);
    return seal(b, r);
}

static enum sse_status
add_uri(struct build *b, struct ident_route *r, const char *url, const char *where)
{
    if (set(b->ctx->env->disable_external_process) &&
        (strcmp(b->ctx->env->disable_external_process, "1") == 0 ||
         env_true(b->ctx->env->disable_external_process)))
        return sse_error_set(b->err, SSE_ERR_CREDENTIALS,
                             "%s: credentials URIs are disabled by "
                             "ALIBABA_CLOUD_DISABLE_EXTERNAL_PROCESS", where);
    struct sse_error e = {0};
    if (ident_uri_check(url, &e) != SSE_OK)
        return sse_error_set(b->err, SSE_ERR_CONFIG, "%s: %s", where, e.message);
    struct ident_step *s = push(b, r, IDENT_STEP_URI);
    if (!s)
        return b->err->status;
    if (!(s->url = oss_secret_dup(url)))
        return sse_error_set(b->err, SSE_ERR_NOMEM, "out of memory for a URI");
    /* The scheme and host only: a URI may carry a token in its path or query. */
    size_t keep = strcspn(strstr(url, "://") + 3, "/?#") + (size_t)(strstr(url, "://") + 3 - url);
    text(s->what, sizeof s->what, "credentials URI %.*s", (int)keep, url);
    return seal(b, r);
}

/* The STS endpoint the environment gives the libraries' own roles (credentials file, OIDC). */
static enum sse_status
env_sts(struct build *b, struct rpc_endpoint *out)
{
    struct sse_error e = {0};
    const struct sse_identity *id = b->profile ? &b->profile->identity : NULL;
    if (id && (id->sts_endpoint[0] || id->sts_region[0]))
        return rpc_sts_endpoint(id->sts_endpoint, id->sts_region, b->profile->internal, out,
                                &e) == SSE_OK
                   ? SSE_OK
                   : sse_error_set(b->err, SSE_ERR_CONFIG, "profile \"%s\": sts_endpoint: %s",
                                   b->profile->account.profile, e.message);
    if (rpc_sts_endpoint(NULL, b->ctx->env->sts_region,
                         env_true(b->ctx->env->vpc_endpoint_enabled), out, &e) != SSE_OK)
        return sse_error_set(b->err, SSE_ERR_CONFIG, "ALIBABA_CLOUD_STS_REGION: %s", e.message);
    return SSE_OK;
}

/* ---- the aliyun CLI configuration --------------------------------------------------------- */

static const char *
cli_file(const struct build *b, char *buf, size_t size)
{
    sanitize_text(b->ctx->cli.path, buf, size);
    return buf;
}

/* "did you mean" among the names of the CLI profiles, then the list of them. */
static void
cli_names(const struct ident_cli_config *c, const char *name, char *hint, size_t hsize,
          char *list, size_t lsize)
{
    const char *names[64];
    size_t n = c->nprofiles < 64 ? c->nprofiles : 64;
    for (size_t i = 0; i < n; i++)
        names[i] = c->profiles[i].name;
    cfgfile_hint(name, names, n, hint, hsize);
    cfgfile_join_names(list, lsize, names, n);
}

static enum sse_status
cli_missing(struct build *b, const struct ident_cli_profile *p, enum ident_cli_mode mode,
            const char *field)
{
    char file[IDENT_PATH_MAX], name[IDENT_CLI_NAME_MAX];
    sanitize_text(p->name, name, sizeof name);
    return sse_error_set(b->err, SSE_ERR_CONFIG, "%s: profile \"%s\" (mode %s) has no %s",
                         cli_file(b, file, sizeof file), name, ident_cli_mode_name(mode), field);
}

static enum sse_status plan_cli(struct build *b, const char *name, char *desc, size_t dsize);

static bool
has(const char *s)
{
    return s && *s;
}

/* The plan of CLI profile p, into b->plan (one route); desc gets its description. */
static enum sse_status
plan_cli_profile(struct build *b, const struct ident_cli_profile *p, char *desc, size_t dsize)
{
    char file[IDENT_PATH_MAX], name[IDENT_CLI_NAME_MAX], where[IDENT_PATH_MAX + 160];
    cli_file(b, file, sizeof file);
    sanitize_text(p->name, name, sizeof name);
    snprintf(where, sizeof where, "%s: profile \"%s\"", file, name);
    enum ident_cli_mode mode = ident_cli_profile_mode(p);
    const struct oss_credentials *k = &p->keys;
    enum sse_status st = SSE_OK;

    if (mode == IDENT_CLI_NONE)
        return sse_error_set(b->err, SSE_ERR_CONFIG,
                             "%s has no mode, and its fields fit none; set \"mode\" to AK, "
                             "StsToken, RamRoleArn, EcsRamRole, RamRoleArnWithRoleName, "
                             "ChainableRamRoleArn, OIDC, External or CredentialsURI", where);
    if (mode == IDENT_CLI_UNSUPPORTED) {
        char shown[32];
        sanitize_text(p->mode_text, shown, sizeof shown);
        return sse_error_set(b->err, SSE_ERR_CONFIG,
                             "%s has mode \"%s\", which sseadm does not speak; it speaks AK, "
                             "StsToken, RamRoleArn, EcsRamRole, RamRoleArnWithRoleName, "
                             "ChainableRamRoleArn, OIDC, External and CredentialsURI", where,
                             shown);
    }
    /* The fields each mode needs, in the order the CLI checks them. */
    bool keys = mode == IDENT_CLI_AK || mode == IDENT_CLI_STS_TOKEN || mode == IDENT_CLI_RAM_ROLE_ARN;
    if (keys && !has(k->access_key_id))
        return cli_missing(b, p, mode, "access_key_id");
    if (keys && !has(k->access_key_secret))
        return cli_missing(b, p, mode, "access_key_secret");
    if (mode == IDENT_CLI_STS_TOKEN && !has(k->security_token))
        return cli_missing(b, p, mode, "sts_token");
    if (mode == IDENT_CLI_CHAINABLE_RAM_ROLE_ARN && !p->source_profile[0])
        return cli_missing(b, p, mode, "source_profile");
    if (mode == IDENT_CLI_OIDC && !p->oidc_provider_arn[0])
        return cli_missing(b, p, mode, "oidc_provider_arn");
    if (mode == IDENT_CLI_OIDC && !p->oidc_token_file[0])
        return cli_missing(b, p, mode, "oidc_token_file");
    bool role = mode == IDENT_CLI_RAM_ROLE_ARN || mode == IDENT_CLI_RAM_ROLE_ARN_WITH_ROLE_NAME ||
                mode == IDENT_CLI_CHAINABLE_RAM_ROLE_ARN || mode == IDENT_CLI_OIDC;
    if (role && !p->ram_role_arn[0])
        return cli_missing(b, p, mode, "ram_role_arn");
    if (mode == IDENT_CLI_EXTERNAL && !has(p->process_command))
        return cli_missing(b, p, mode, "process_command");
    const char *uri = has(p->credentials_uri) ? p->credentials_uri : b->ctx->env->credentials_uri;
    if (mode == IDENT_CLI_CREDENTIALS_URI && !has(uri))
        return cli_missing(b, p, mode, "credentials_uri (nor is ALIBABA_CLOUD_CREDENTIALS_URI set)");

    struct role r = {.arn = p->ram_role_arn, .session = p->ram_session_name,
                     .policy = p->policy, .duration = p->expired_seconds, .where = where};
    if (role) {
        struct sse_error e = {0};
        if (rpc_sts_endpoint(p->sts_endpoint, p->sts_region, p->enable_vpc, &r.sts, &e) != SSE_OK)
            return sse_error_set(b->err, SSE_ERR_CONFIG, "%s: %s: %s", where,
                                 p->sts_endpoint[0] ? "sts_endpoint" : "sts_region", e.message);
    }
    char inner[IDENT_DESCRIPTION_MAX] = "";
    switch (mode) {
    case IDENT_CLI_AK:
    case IDENT_CLI_STS_TOKEN:
    case IDENT_CLI_RAM_ROLE_ARN: {
        char src[IDENT_DESCRIPTION_MAX];
        text(src, sizeof src, "aliyun CLI profile %s", name);
        /* RamRoleArn: the key pair (with its sts_token, when the keys are STS keys) assumes the
         * role, as the aliyun CLI does. */
        st = add_static(b, one_route(b), k->access_key_id, k->access_key_secret,
                        mode == IDENT_CLI_AK ? NULL : k->security_token, src);
        if (st == SSE_OK && mode == IDENT_CLI_RAM_ROLE_ARN) {
            r.external_id = p->external_id;
            st = add_role_all(b, &r, "ram_role_arn", "ram_session_name", "expired_seconds");
        }
        break;
    }
    case IDENT_CLI_ECS_RAM_ROLE:
    case IDENT_CLI_RAM_ROLE_ARN_WITH_ROLE_NAME:
        if (p->ram_role_name[0]) {
            struct sse_error e = {0};
            if (validate_ram_role_name(p->ram_role_name, &e) != SSE_OK)
                return sse_error_set(b->err, SSE_ERR_CONFIG, "%s: ram_role_name: %s", where,
                                     e.message);
        }
        st = add_ecs(b, one_route(b), p->ram_role_name);
        /* The deprecated RamRoleArnWithRoleName sends no ExternalId (aliyun-cli profile.go). */
        if (st == SSE_OK && mode == IDENT_CLI_RAM_ROLE_ARN_WITH_ROLE_NAME)
            st = add_role_all(b, &r, "ram_role_arn", "ram_session_name", "expired_seconds");
        break;
    case IDENT_CLI_CHAINABLE_RAM_ROLE_ARN:
        st = plan_cli(b, p->source_profile, inner, sizeof inner);
        if (st == SSE_OK) {
            r.external_id = p->external_id;
            st = add_role_all(b, &r, "ram_role_arn", "ram_session_name", "expired_seconds");
        }
        break;
    case IDENT_CLI_OIDC:
        st = add_oidc(b, one_route(b), &r, p->oidc_provider_arn, p->oidc_token_file,
                      &(struct oidc_fields){"ram_role_arn", "ram_session_name", "expired_seconds",
                                            "oidc_provider_arn"});
        break;
    case IDENT_CLI_EXTERNAL:
        st = add_external(b, one_route(b), p->process_command, where);
        break;
    case IDENT_CLI_CREDENTIALS_URI:
        st = add_uri(b, one_route(b), uri, where);
        break;
    default:
        break;
    }
    if (st != SSE_OK)
        return st;
    const char *mname = ident_cli_mode_name(mode);
    if (mode == IDENT_CLI_CHAINABLE_RAM_ROLE_ARN)
        text(desc, dsize, "aliyun CLI profile %s (%s %s, with %s)", name, mname, p->ram_role_arn,
             inner);
    else if (role)
        text(desc, dsize, "aliyun CLI profile %s (%s %s)", name, mname, p->ram_role_arn);
    else if ((mode == IDENT_CLI_ECS_RAM_ROLE) && p->ram_role_name[0])
        text(desc, dsize, "aliyun CLI profile %s (%s %s)", name, mname, p->ram_role_name);
    else
        text(desc, dsize, "aliyun CLI profile %s (%s)", name, mname);
    describe(b, 0, desc);
    return SSE_OK;
}

/* The plan of the CLI profile called name (into b->plan), following source_profile chains. */
static enum sse_status
plan_cli(struct build *b, const char *name, char *desc, size_t dsize)
{
    char file[IDENT_PATH_MAX], shown[IDENT_CLI_NAME_MAX];
    cli_file(b, file, sizeof file);
    sanitize_text(name, shown, sizeof shown);
    for (size_t i = 0; i < b->cli_depth; i++) {
        if (strcmp(b->cli_chain[i], name) == 0) {
            char cycle[600];
            size_t used = 0;
            for (size_t k = i; k < b->cli_depth && used < sizeof cycle; k++) {
                char n[IDENT_CLI_NAME_MAX];
                sanitize_text(b->cli_chain[k], n, sizeof n);
                int w = snprintf(cycle + used, sizeof cycle - used, "%s -> ", n);
                used += w > 0 ? (size_t)w : 0;
            }
            return sse_error_set(b->err, SSE_ERR_CONFIG, "%s: source_profile cycle: %s%s", file,
                                 cycle, shown);
        }
    }
    if (b->cli_depth == IDENT_STEPS_MAX)
        return sse_error_set(b->err, SSE_ERR_CONFIG,
                             "%s: more than %d profiles chained by source_profile", file,
                             IDENT_STEPS_MAX);
    const struct ident_cli_profile *p = ident_cli_config_find(&b->ctx->cli, name);
    if (!p) {
        char hint[160], list[512];
        cli_names(&b->ctx->cli, name, hint, sizeof hint, list, sizeof list);
        return sse_error_set(b->err, SSE_ERR_CONFIG, "%s has no profile \"%s\"%s; its profiles: %s",
                             file, shown, hint, list[0] ? list : "none");
    }
    b->cli_chain[b->cli_depth++] = p->name;
    enum sse_status st = plan_cli_profile(b, p, desc, dsize);
    b->cli_depth--;
    return st;
}

/* The aliyun CLI configuration must be there and readable to plan one of its profiles. */
static enum sse_status
cli_usable(struct build *b, const char *why)
{
    if (b->ctx->cli_state == IDENT_FILE_ERROR) {
        memcpy(b->err, &b->ctx->cli_error, sizeof *b->err);
        return b->err->status ? b->err->status : SSE_ERR_CONFIG;
    }
    if (b->ctx->cli_state == IDENT_FILE_ABSENT) {
        char path[IDENT_PATH_MAX] = "";
        ident_aliyun_config_path(b->ctx->env, path, sizeof path);
        char shown[IDENT_PATH_MAX];
        sanitize_text(path[0] ? path : "~/.aliyun/config.json", shown, sizeof shown);
        return sse_error_set(b->err, SSE_ERR_CONFIG, "%s, but there is no %s (run `aliyun "
                             "configure`, or set ALIBABA_CLOUD_CONFIG_FILE)", why, shown);
    }
    return SSE_OK;
}

enum sse_status
ident_plan_aliyun(const struct ident_context *ctx, const char *name, struct ident_plan *out,
                  struct sse_error *err)
{
    struct sse_error scratch;
    struct build b = {.ctx = ctx, .plan = out, .err = err ? err : &scratch};
    ident_plan_cleanup(out);
    char why[200], shown[100];
    sanitize_text(name, shown, sizeof shown);
    snprintf(why, sizeof why, "aliyun CLI profile \"%s\" is asked for", shown);
    enum sse_status st = cli_usable(&b, why);
    char desc[IDENT_DESCRIPTION_MAX];
    if (st == SSE_OK)
        st = plan_cli(&b, name, desc, sizeof desc);
    if (st == SSE_OK)
        describe_plan(out);
    else
        ident_plan_cleanup(out);
    return st;
}

/* ---- the credentials file ----------------------------------------------------------------- */

static enum sse_status
ini_value(struct build *b, const struct ident_ini_section *s, const char *type, const char *key,
          bool required, const char **out)
{
    const struct ident_ini_entry *e = ident_ini_entry(s, key);
    *out = e && e->value[0] ? e->value : NULL;
    if (*out || !required)
        return SSE_OK;
    char file[IDENT_PATH_MAX], name[IDENT_INI_SECTION_MAX];
    sanitize_text(b->ctx->ini.path, file, sizeof file);
    sanitize_text(s->name, name, sizeof name);
    return sse_error_set(b->err, SSE_ERR_CONFIG, "%s:%d: section [%s] (type %s) has %s %s", file,
                         s->line, name, type, e ? "an empty" : "no", key);
}

static enum sse_status
plan_ini_section(struct build *b, const struct ident_ini_section *s)
{
    char file[IDENT_PATH_MAX], name[IDENT_INI_SECTION_MAX], where[IDENT_PATH_MAX + 200];
    sanitize_text(b->ctx->ini.path, file, sizeof file);
    sanitize_text(s->name, name, sizeof name);
    const struct ident_ini_entry *te = ident_ini_entry(s, "type");
    if (!te || !te->value[0])
        return sse_error_set(b->err, SSE_ERR_CONFIG, "%s:%d: section [%s] has no type; set type "
                             "= access_key, ecs_ram_role, ram_role_arn or oidc_role_arn", file,
                             s->line, name);
    const char *type = te->value;
    snprintf(where, sizeof where, "%s:%d: section [%s]", file, s->line, name);
    char src[IDENT_DESCRIPTION_MAX], desc[IDENT_DESCRIPTION_MAX];
    text(src, sizeof src, "credentials file %s, section %s", file, name);
    const char *id = NULL, *secret = NULL, *arn = NULL, *session = NULL, *policy = NULL;
    enum sse_status st = SSE_OK;
    struct role r = {.where = where};
    if (strcmp(type, "access_key") == 0) {
        st = ini_value(b, s, type, "access_key_id", true, &id);
        if (st == SSE_OK)
            st = ini_value(b, s, type, "access_key_secret", true, &secret);
        if (st == SSE_OK)
            st = add_static(b, one_route(b), id, secret, NULL, src);
        text(desc, sizeof desc, "%s (access_key)", src);
    } else if (strcmp(type, "ecs_ram_role") == 0) {
        const char *role = NULL;
        ini_value(b, s, type, "role_name", false, &role);
        struct sse_error e = {0};
        if (role && validate_ram_role_name(role, &e) != SSE_OK)
            return sse_error_set(b->err, SSE_ERR_CONFIG, "%s:%d: role_name: %s", file,
                                 ident_ini_entry(s, "role_name")->line, e.message);
        st = add_ecs(b, one_route(b), role);
        if (role)
            text(desc, sizeof desc, "%s (ecs_ram_role %s)", src, role);
        else
            text(desc, sizeof desc, "%s (ecs_ram_role)", src);
    } else if (strcmp(type, "ram_role_arn") == 0 || strcmp(type, "oidc_role_arn") == 0) {
        bool oidc = type[0] == 'o';
        const char *provider = NULL, *token_file = NULL;
        if (!oidc) {
            st = ini_value(b, s, type, "access_key_id", true, &id);
            if (st == SSE_OK)
                st = ini_value(b, s, type, "access_key_secret", true, &secret);
        } else {
            st = ini_value(b, s, type, "oidc_provider_arn", true, &provider);
            if (st == SSE_OK)
                st = ini_value(b, s, type, "oidc_token_file_path", true, &token_file);
        }
        if (st == SSE_OK)
            st = ini_value(b, s, type, "role_arn", true, &arn);
        if (st == SSE_OK)
            st = ini_value(b, s, type, "role_session_name", true, &session);
        if (st == SSE_OK)
            st = ini_value(b, s, type, "policy", false, &policy);
        if (st == SSE_OK)
            st = env_sts(b, &r.sts);
        r.arn = arn;
        r.session = session;
        r.policy = policy;
        if (st == SSE_OK && !oidc) {
            st = add_static(b, one_route(b), id, secret, NULL, src);
            if (st == SSE_OK)
                st = add_role_all(b, &r, "role_arn", "role_session_name", "duration");
        } else if (st == SSE_OK) {
            st = add_oidc(b, one_route(b), &r, provider, token_file,
                          &(struct oidc_fields){"role_arn", "role_session_name", "duration",
                                                "oidc_provider_arn"});
        }
        text(desc, sizeof desc, "%s (%s %s)", src, type, arn ? arn : "");
    } else {
        char shown[64];
        sanitize_text(type, shown, sizeof shown);
        return sse_error_set(b->err, SSE_ERR_CONFIG, "%s:%d: type \"%s\" is not access_key, "
                             "ecs_ram_role, ram_role_arn or oidc_role_arn", file, te->line, shown);
    }
    if (st == SSE_OK)
        describe(b, 0, desc);
    return st;
}

/* ---- the default chain -------------------------------------------------------------------- */

static void
skip(struct build *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Notes a source passed over, for the error when every route fails later. */
static void
skip(struct build *b, const char *fmt, ...)
{
    char part[300];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(part, sizeof part, fmt, ap);
    va_end(ap);
    char *s = b->plan->skipped;
    size_t used = strlen(s);
    if (used + 2 < sizeof b->plan->skipped)
        text(s + used, sizeof b->plan->skipped - used, "%s%s", used ? "; " : "", part);
}

/* A key pair from two variables: both or neither (half of one is a mistake, said so). */
static enum sse_status
env_pair(struct build *b, const char *id, const char *secret, const char *token,
         const char *id_name, const char *secret_name, const char *token_name, bool *made)
{
    *made = false;
    if (!set(id) && !set(secret)) {
        skip(b, "no %s", id_name);
        return SSE_OK;
    }
    if (!set(id) || !set(secret))
        return sse_error_set(b->err, SSE_ERR_CREDENTIALS, "%s is set but %s is not; set both, or "
                             "neither", set(id) ? id_name : secret_name,
                             set(id) ? secret_name : id_name);
    /* An ID that cannot be one is said here, once, rather than by every request signed with it. */
    struct sse_error verr;
    sse_error_clear(&verr);
    if (validate_access_key_id(id, &verr) != SSE_OK)
        return sse_error_set(b->err, SSE_ERR_CONFIG, "%s %s", id_name, verr.message);
    char src[160];
    if (set(token))
        snprintf(src, sizeof src, "environment %s (with %s)", id_name, token_name);
    else
        snprintf(src, sizeof src, "environment %s", id_name);
    enum sse_status st = add_static(b, one_route(b), id, secret, token, src);
    if (st == SSE_OK) {
        describe(b, 0, src);
        *made = true;
    }
    return st;
}

static enum sse_status
default_chain(struct build *b)
{
    const struct ident_env *env = b->ctx->env;
    bool made = false;
    enum sse_status st = env_pair(b, env->oss_access_key_id, env->oss_access_key_secret,
                                  env->oss_session_token, "OSS_ACCESS_KEY_ID",
                                  "OSS_ACCESS_KEY_SECRET", "OSS_SESSION_TOKEN", &made);
    if (st != SSE_OK || made)
        return st;
    st = env_pair(b, env->access_key_id, env->access_key_secret, env->security_token,
                  "ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
                  "ALIBABA_CLOUD_SECURITY_TOKEN", &made);
    if (st != SSE_OK || made)
        return st;

    /* OIDC only when all three are set (otherwise the libraries do not build it). */
    if (set(env->role_arn) && set(env->oidc_provider_arn) && set(env->oidc_token_file)) {
        struct role r = {.arn = env->role_arn, .where = "the environment"};
        st = env_sts(b, &r.sts);
        if (st == SSE_OK)
            st = add_oidc(b, one_route(b), &r, env->oidc_provider_arn, env->oidc_token_file,
                          &(struct oidc_fields){"ALIBABA_CLOUD_ROLE_ARN",
                                                "ALIBABA_CLOUD_ROLE_SESSION_NAME", "duration",
                                                "ALIBABA_CLOUD_OIDC_PROVIDER_ARN"});
        if (st == SSE_OK) {
            char desc[IDENT_DESCRIPTION_MAX];
            text(desc, sizeof desc, "environment OIDC (%s)", env->role_arn);
            describe(b, 0, desc);
        }
        return st;
    }
    skip(b, "no OIDC (ALIBABA_CLOUD_ROLE_ARN, ALIBABA_CLOUD_OIDC_PROVIDER_ARN and "
            "ALIBABA_CLOUD_OIDC_TOKEN_FILE are not all set)");

    /* The aliyun CLI configuration. */
    char cli_path[IDENT_PATH_MAX] = "", shown[IDENT_PATH_MAX];
    ident_aliyun_config_path(env, cli_path, sizeof cli_path);
    sanitize_text(cli_path[0] ? cli_path : "~/.aliyun/config.json", shown, sizeof shown);
    const char *wanted = set(env->profile) ? env->profile : NULL;
    bool in_ini = wanted && b->ctx->ini_state == IDENT_FILE_TEXT &&
                  ident_ini_section(&b->ctx->ini, wanted);
    if (env_true(env->cli_profile_disabled)) {
        skip(b, "the aliyun CLI configuration is disabled by ALIBABA_CLOUD_CLI_PROFILE_DISABLED");
    } else if (b->ctx->cli_state == IDENT_FILE_ERROR) {
        memcpy(b->err, &b->ctx->cli_error, sizeof *b->err);
        return b->err->status ? b->err->status : SSE_ERR_CONFIG;
    } else if (b->ctx->cli_state == IDENT_FILE_ABSENT) {
        skip(b, "no %s", shown);
    } else if (b->ctx->cli.nprofiles == 0) {
        skip(b, "%s has no profiles", shown);
    } else {
        const char *name = wanted ? wanted : b->ctx->cli.current;
        if (!*name) {
            skip(b, "%s names no current profile", shown);
        } else if (ident_cli_config_find(&b->ctx->cli, name) || !in_ini) {
            char desc[IDENT_DESCRIPTION_MAX];
            st = plan_cli(b, name, desc, sizeof desc);
            if (st == SSE_OK || !wanted || b->ctx->ini_state != IDENT_FILE_TEXT)
                return st;
            /* ALIBABA_CLOUD_PROFILE names a profile of neither file: say both. */
            char msg[sizeof b->err->message + 160], w[80];
            sanitize_text(wanted, w, sizeof w);
            snprintf(msg, sizeof msg, "%s (ALIBABA_CLOUD_PROFILE), nor has the credentials file a "
                     "section [%s]", b->err->message, w);
            sse_strlcpy(b->err->message, msg, sizeof b->err->message);
            return st;
        } else {
            char n[80];
            sanitize_text(name, n, sizeof n);
            skip(b, "%s has no profile %s", shown, n);
        }
    }

    /* The credentials file. */
    char ini_path[IDENT_PATH_MAX] = "";
    ident_credentials_path(env, ini_path, sizeof ini_path);
    sanitize_text(ini_path[0] ? ini_path : "~/.alibabacloud/credentials", shown, sizeof shown);
    if (b->ctx->ini_state == IDENT_FILE_ERROR) {
        memcpy(b->err, &b->ctx->ini_error, sizeof *b->err);
        return b->err->status ? b->err->status : SSE_ERR_CONFIG;
    }
    if (b->ctx->ini_state == IDENT_FILE_TEXT) {
        const char *section = wanted ? wanted : "default";
        const struct ident_ini_section *s = ident_ini_section(&b->ctx->ini, section);
        if (s)
            return plan_ini_section(b, s);
        if (wanted) {
            const char *names[64];
            size_t n = b->ctx->ini.nsections < 64 ? b->ctx->ini.nsections : 64;
            for (size_t i = 0; i < n; i++)
                names[i] = b->ctx->ini.sections[i].name;
            char hint[160], list[512], w[80];
            cfgfile_hint(wanted, names, n, hint, sizeof hint);
            cfgfile_join_names(list, sizeof list, names, n);
            sanitize_text(wanted, w, sizeof w);
            return sse_error_set(b->err, SSE_ERR_CONFIG,
                                 "%s has no section [%s] (ALIBABA_CLOUD_PROFILE)%s; its sections: "
                                 "%s", shown, w, hint, list[0] ? list : "none");
        }
        skip(b, "%s has no section [default]", shown);
    } else {
        skip(b, "no %s", shown);
    }

    /* The ECS metadata service, then a credentials URI. */
    if (env_true(env->ecs_metadata_disabled)) {
        skip(b, "the ECS metadata service is disabled by ALIBABA_CLOUD_ECS_METADATA_DISABLED");
    } else {
        const char *role = set(env->ecs_metadata) ? env->ecs_metadata : NULL;
        struct sse_error e = {0};
        if (role && validate_ram_role_name(role, &e) != SSE_OK)
            return sse_error_set(b->err, SSE_ERR_CONFIG, "ALIBABA_CLOUD_ECS_METADATA: %s",
                                 e.message);
        struct ident_route *r = &b->plan->routes[b->plan->nroutes++];
        if ((st = add_ecs(b, r, role)) != SSE_OK)
            return st;
        char desc[IDENT_DESCRIPTION_MAX];
        if (role)
            text(desc, sizeof desc, "ECS RAM role %s", role);
        else
            text(desc, sizeof desc, "ECS RAM role (its name asked from the metadata service)");
        describe(b, b->plan->nroutes - 1, desc);
    }
    if (set(env->credentials_uri)) {
        struct ident_route *r = &b->plan->routes[b->plan->nroutes++];
        if ((st = add_uri(b, r, env->credentials_uri, "ALIBABA_CLOUD_CREDENTIALS_URI")) != SSE_OK)
            return st;
        describe(b, b->plan->nroutes - 1, "ALIBABA_CLOUD_CREDENTIALS_URI");
    } else {
        skip(b, "no ALIBABA_CLOUD_CREDENTIALS_URI");
    }
    if (b->plan->nroutes == 0)
        return sse_error_set(b->err, SSE_ERR_CREDENTIALS, "no credentials: %s",
                             b->plan->skipped);
    return SSE_OK;
}

enum sse_status
ident_plan_default(const struct ident_context *ctx, struct ident_plan *out,
                   struct sse_error *err)
{
    struct sse_error scratch;
    struct build b = {.ctx = ctx, .plan = out, .err = err ? err : &scratch};
    ident_plan_cleanup(out);
    enum sse_status st = default_chain(&b);
    if (st == SSE_OK) {
        describe_plan(out);
        struct sse_error e = {0};
        struct build quiet = {.ctx = ctx, .plan = out, .err = &e};
        if (env_sts(&quiet, &out->sts) != SSE_OK)
            rpc_sts_endpoint(NULL, NULL, false, &out->sts, &e);
    } else {
        ident_plan_cleanup(out);
    }
    return st;
}

/* ---- sseadm profiles ---------------------------------------------------------------------- */

static enum sse_status
plan_sseadm(struct build *b, size_t index, size_t depth, char *desc, size_t dsize)
{
    const struct sse_config *cfg = b->ctx->cfg;
    const struct sse_profile *p = &cfg->profiles[index];
    const struct sse_identity *id = &p->identity;
    const char *name = p->account.profile;
    if (depth > IDENT_STEPS_MAX)
        return sse_error_set(b->err, SSE_ERR_CONFIG,
                             "profile \"%s\": more than %d profiles chained by source_profile",
                             name, IDENT_STEPS_MAX);
    char base[IDENT_DESCRIPTION_MAX] = "";
    enum sse_status st = SSE_OK;
    if (oss_credentials_present(&p->account.creds)) {
        const struct oss_credentials *k = &p->account.creds;
        text(base, sizeof base, "keys of sseadm profile %s", name);
        st = add_static(b, one_route(b), k->access_key_id, k->access_key_secret,
                        k->security_token, base);
        describe(b, 0, base);
    } else if (id->aliyun_profile[0]) {
        char why[300];
        char shown[80];
        sanitize_text(id->aliyun_profile, shown, sizeof shown);
        snprintf(why, sizeof why, "profile \"%s\" takes its credentials from aliyun CLI profile "
                 "\"%s\"", name, shown);
        st = cli_usable(b, why);
        if (st == SSE_OK)
            st = plan_cli(b, id->aliyun_profile, base, sizeof base);
    } else if (id->ecs_ram_role_set) {
        st = add_ecs(b, one_route(b), id->ecs_ram_role);
        if (id->ecs_ram_role[0])
            text(base, sizeof base, "ECS RAM role %s", id->ecs_ram_role);
        else
            text(base, sizeof base, "ECS RAM role (its name asked from the metadata service)");
        describe(b, 0, base);
    } else if (id->source_profile[0]) {
        int j = -1;
        for (size_t i = 0; i < cfg->nprofiles && j < 0; i++)
            if (strcmp(cfg->profiles[i].account.profile, id->source_profile) == 0)
                j = (int)i;
        /* The loader refuses unknown names and cycles; a hand-made config gets the same words. */
        if (j < 0 || (size_t)j == index)
            return sse_error_set(b->err, SSE_ERR_CONFIG,
                                 "profile \"%s\": source_profile \"%s\" names no other profile",
                                 name, id->source_profile);
        char inner[IDENT_DESCRIPTION_MAX];
        st = plan_sseadm(b, (size_t)j, depth + 1, inner, sizeof inner);
        text(base, sizeof base, "sseadm profile %s: %s", id->source_profile, inner);
        for (size_t r = 0; st == SSE_OK && r < b->plan->nroutes; r++) {
            char rd[IDENT_DESCRIPTION_MAX];
            text(rd, sizeof rd, "sseadm profile %s: %s", id->source_profile,
                 b->plan->routes[r].description);
            describe(b, r, rd);
        }
    } else {
        b->profile = p;
        st = default_chain(b);
        b->profile = NULL;
        if (st == SSE_OK) {
            describe_plan(b->plan);
            text(base, sizeof base, "%s", b->plan->description);
        } else if (st == SSE_ERR_CREDENTIALS && !b->plan->nroutes) {
            char skipped[sizeof b->plan->skipped];
            memcpy(skipped, b->plan->skipped, sizeof skipped);
            return sse_error_set(b->err, SSE_ERR_CREDENTIALS,
                                 "profile \"%s\" has no credentials: give it access_key_id and "
                                 "access_key_secret (or aliyun_profile, role_arn or ecs_ram_role) "
                                 "in %s, or set OSS_ACCESS_KEY_ID and OSS_ACCESS_KEY_SECRET; the "
                                 "default chain found none (%s)",
                                 name, cfg->path ? cfg->path : "the configuration", skipped);
        }
    }
    if (st != SSE_OK)
        return st;
    if (!id->role_arn[0]) {
        text(desc, dsize, "%s", base);
        return SSE_OK;
    }
    char where[160];
    snprintf(where, sizeof where, "%s: profile \"%s\"", cfg->path ? cfg->path : "", name);
    struct role r = {.arn = id->role_arn, .session = id->role_session_name,
                     .external_id = id->external_id, .duration = id->role_duration_s,
                     .where = where};
    struct sse_error e = {0};
    if (rpc_sts_endpoint(id->sts_endpoint, id->sts_region, p->internal, &r.sts, &e) != SSE_OK)
        return sse_error_set(b->err, SSE_ERR_CONFIG, "%s: %s", where, e.message);
    /* The session name defaults to sseadm's own, not the environment's ALIBABA_CLOUD_*. */
    char session[VALIDATE_SESSION_NAME_MAX];
    if (!id->role_session_name[0]) {
        ident_default_session_name(b->ctx->env->user, session);
        r.session = session;
    }
    st = add_role_all(b, &r, "role_arn", "role_session_name", "role_duration_s");
    if (st != SSE_OK)
        return st;
    for (size_t i = 0; i < b->plan->nroutes; i++) {
        char rd[IDENT_DESCRIPTION_MAX];
        text(rd, sizeof rd, "role %s, assumed with %s", id->role_arn,
             b->plan->routes[i].description);
        describe(b, i, rd);
    }
    text(desc, dsize, "role %s, assumed with %s", id->role_arn, base);
    return SSE_OK;
}

enum sse_status
ident_plan_profile(const struct ident_context *ctx, size_t index, struct ident_plan *out,
                   struct sse_error *err)
{
    struct sse_error scratch;
    struct build b = {.ctx = ctx, .plan = out, .err = err ? err : &scratch};
    ident_plan_cleanup(out);
    if (!ctx->cfg || index >= ctx->cfg->nprofiles)
        return sse_error_set(b.err, SSE_ERR_USAGE, "no profile with index %zu", index);
    char desc[IDENT_DESCRIPTION_MAX];
    enum sse_status st = plan_sseadm(&b, index, 0, desc, sizeof desc);
    if (st != SSE_OK) {
        ident_plan_cleanup(out);
        return st;
    }
    text(out->description, sizeof out->description, "%s", desc);
    const struct sse_profile *p = &ctx->cfg->profiles[index];
    struct sse_error e = {0};
    if (rpc_sts_endpoint(p->identity.sts_endpoint, p->identity.sts_region, p->internal, &out->sts,
                         &e) != SSE_OK)
        rpc_sts_endpoint(NULL, NULL, false, &out->sts, &e);
    return SSE_OK;
}
