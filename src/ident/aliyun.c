/* aliyun.c — the aliyun CLI configuration file, parsed with jansson. */
#include "ident/aliyun.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/ascii.h"
#include "core/sanitize.h"
#include "rpc/json.h"
#include "rpc/sts.h"

static const char *const mode_names[] = {
#define IDENT_CLI_MODE_NAME(e, name) name,
    IDENT_CLI_MODES(IDENT_CLI_MODE_NAME)
#undef IDENT_CLI_MODE_NAME
};

const char *
ident_cli_mode_name(enum ident_cli_mode m)
{
    if ((unsigned)m < sizeof mode_names / sizeof mode_names[0])
        return mode_names[m];
    return m == IDENT_CLI_NONE ? "(none)" : "unsupported";
}

enum ident_cli_mode
ident_cli_mode_parse(const char *s)
{
    if (!s || !*s)
        return IDENT_CLI_NONE;
    for (size_t i = 0; i < sizeof mode_names / sizeof mode_names[0]; i++)
        if (ascii_casecmp(s, mode_names[i]) == 0)
            return (enum ident_cli_mode)i;
    return IDENT_CLI_UNSUPPORTED;
}

static void
profile_cleanup(struct ident_cli_profile *p)
{
    oss_credentials_cleanup(&p->keys);
    oss_secret_free(p->external_id);
    oss_secret_free(p->process_command);
    oss_secret_free(p->credentials_uri);
    oss_secret_free(p->policy);
    explicit_bzero(p, sizeof *p);
}

void
ident_cli_config_cleanup(struct ident_cli_config *c)
{
    for (size_t i = 0; c->profiles && i < c->nprofiles; i++)
        profile_cleanup(&c->profiles[i]);
    free(c->profiles);
    memset(c, 0, sizeof *c);
}

/* One profile object; parent is "profiles[i]" for messages. */
static enum sse_status
parse_profile(const struct rpc_json_doc *d, json_t *o, const char *parent,
              struct ident_cli_profile *p)
{
    struct {
        const char *key;
        char *dst;
        size_t size;
    } fixed[] = {
        {"name", p->name, sizeof p->name},
        {"mode", p->mode_text, sizeof p->mode_text},
        {"sts_region", p->sts_region, sizeof p->sts_region},
        {"sts_endpoint", p->sts_endpoint, sizeof p->sts_endpoint},
        {"ram_role_name", p->ram_role_name, sizeof p->ram_role_name},
        {"ram_role_arn", p->ram_role_arn, sizeof p->ram_role_arn},
        {"ram_session_name", p->ram_session_name, sizeof p->ram_session_name},
        {"source_profile", p->source_profile, sizeof p->source_profile},
        {"region_id", p->region_id, sizeof p->region_id},
        {"oidc_provider_arn", p->oidc_provider_arn, sizeof p->oidc_provider_arn},
        {"oidc_token_file", p->oidc_token_file, sizeof p->oidc_token_file},
    };
    enum sse_status st = SSE_OK;
    for (size_t i = 0; st == SSE_OK && i < sizeof fixed / sizeof fixed[0]; i++)
        st = rpc_json_string(d, o, parent, fixed[i].key, RPC_JSON_OPTIONAL, fixed[i].dst,
                             fixed[i].size, NULL);
    char *id = NULL, *secret = NULL, *token = NULL;
    if (st == SSE_OK)
        st = rpc_json_secret(d, o, parent, "access_key_id", RPC_JSON_OPTIONAL, STS_KEY_ID_MAX, &id);
    if (st == SSE_OK)
        st = rpc_json_secret(d, o, parent, "access_key_secret", RPC_JSON_OPTIONAL, STS_SECRET_MAX,
                             &secret);
    if (st == SSE_OK)
        st = rpc_json_secret(d, o, parent, "sts_token", RPC_JSON_OPTIONAL, STS_TOKEN_MAX, &token);
    if (st == SSE_OK && (id || secret || token) &&
        oss_credentials_set(&p->keys, id, secret, token) != SSE_OK)
        st = sse_error_set(d->err, SSE_ERR_NOMEM, "out of memory for credentials");
    oss_secret_free(id);
    oss_secret_free(secret);
    oss_secret_free(token);
    if (st == SSE_OK)
        st = rpc_json_secret(d, o, parent, "external_id", RPC_JSON_OPTIONAL,
                             VALIDATE_EXTERNAL_ID_MAX - 1, &p->external_id);
    if (st == SSE_OK)
        st = rpc_json_secret(d, o, parent, "process_command", RPC_JSON_OPTIONAL, 8192,
                             &p->process_command);
    if (st == SSE_OK)
        st = rpc_json_secret(d, o, parent, "credentials_uri", RPC_JSON_OPTIONAL,
                             IDENT_URL_MAX - 1, &p->credentials_uri);
    if (st == SSE_OK)
        st = rpc_json_secret(d, o, parent, "policy", RPC_JSON_OPTIONAL, STS_POLICY_MAX, &p->policy);
    if (st == SSE_OK)
        st = rpc_json_int(d, o, parent, "expired_seconds", RPC_JSON_OPTIONAL, 0, 1000000,
                          &p->expired_seconds);
    if (st == SSE_OK)
        st = rpc_json_bool(d, o, parent, "enable_vpc", RPC_JSON_OPTIONAL, &p->enable_vpc);
    if (st == SSE_OK && !p->name[0])
        st = sse_error_set(d->err, SSE_ERR_CONFIG, "%s: %s has no name", d->what, parent);
    /* Empty strings mean "not set", as the CLI writes them (omitempty). */
    if (p->external_id && !*p->external_id) {
        oss_secret_free(p->external_id);
        p->external_id = NULL;
    }
    if (p->policy && !*p->policy) {
        oss_secret_free(p->policy);
        p->policy = NULL;
    }
    p->mode = ident_cli_mode_parse(p->mode_text);
    return st;
}

enum sse_status
ident_cli_config_parse(const struct ident_file *f, struct ident_cli_config *out,
                       struct sse_error *err)
{
    memset(out, 0, sizeof *out);
    snprintf(out->path, sizeof out->path, "%s", f->path);
    char what[IDENT_PATH_MAX + 8];
    sanitize_text(f->path, what, sizeof what);
    struct rpc_json_doc d = {what, err};
    json_t *root = NULL, *list = NULL;
    enum sse_status st = rpc_json_parse(&d, f->text ? f->text : "", f->text ? f->len : 0,
                                        IDENT_FILE_MAX, &root);
    if (st == SSE_OK)
        st = rpc_json_string(&d, root, NULL, "current", RPC_JSON_OPTIONAL, out->current,
                             sizeof out->current, NULL);
    if (st == SSE_OK)
        st = rpc_json_array(&d, root, NULL, "profiles", RPC_JSON_OPTIONAL, &list);
    size_t n = list ? json_array_size(list) : 0;
    if (st == SSE_OK && n > IDENT_CLI_PROFILES_MAX)
        st = sse_error_set(err, SSE_ERR_CONFIG, "%s has %zu profiles; at most %d are read", what, n,
                           IDENT_CLI_PROFILES_MAX);
    if (st == SSE_OK && n && !(out->profiles = calloc(n, sizeof *out->profiles)))
        st = sse_error_set(err, SSE_ERR_NOMEM, "out of memory reading %s", what);
    for (size_t i = 0; st == SSE_OK && i < n; i++) {
        char parent[32];
        snprintf(parent, sizeof parent, "profiles[%zu]", i);
        json_t *o = json_array_get(list, i);
        if (!json_is_object(o)) {
            st = sse_error_set(err, SSE_ERR_CONFIG, "%s: %s must be an object { }, not %s", what,
                               parent, rpc_json_type_name(o));
            break;
        }
        st = parse_profile(&d, o, parent, &out->profiles[i]);
        out->nprofiles = i + 1; /* cleaned up with the rest, whatever happened */
        const struct oss_credentials *k = &out->profiles[i].keys;
        if (!out->secret_field && k->access_key_secret)
            out->secret_field = "access_key_secret";
        else if (!out->secret_field && k->security_token)
            out->secret_field = "sts_token";
    }
    rpc_json_wipe(root);
    json_decref(root);
    /* A field of the wrong type is the file's mistake: say so as a configuration error. */
    if (st == SSE_ERR_PROTOCOL || st == SSE_ERR_TOOBIG)
        err->status = st = SSE_ERR_CONFIG;
    if (st != SSE_OK)
        ident_cli_config_cleanup(out);
    return st;
}

const struct ident_cli_profile *
ident_cli_config_find(const struct ident_cli_config *c, const char *name)
{
    for (size_t i = 0; i < c->nprofiles; i++)
        if (strcmp(c->profiles[i].name, name) == 0)
            return &c->profiles[i];
    return NULL;
}

enum ident_cli_mode
ident_cli_profile_mode(const struct ident_cli_profile *p)
{
    if (p->mode != IDENT_CLI_NONE)
        return p->mode;
    const struct oss_credentials *k = &p->keys;
    if (k->access_key_id && *k->access_key_id && k->access_key_secret && *k->access_key_secret)
        return k->security_token && *k->security_token ? IDENT_CLI_STS_TOKEN
               : p->ram_role_arn[0]                    ? IDENT_CLI_RAM_ROLE_ARN
                                                       : IDENT_CLI_AK;
    if (p->ram_role_name[0])
        return IDENT_CLI_ECS_RAM_ROLE;
    if (p->process_command && *p->process_command)
        return IDENT_CLI_EXTERNAL;
    if (p->oidc_provider_arn[0] && p->oidc_token_file[0] && p->ram_role_arn[0])
        return IDENT_CLI_OIDC;
    return IDENT_CLI_NONE;
}
