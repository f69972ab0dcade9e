/* sts.c — STS requests (AssumeRole, AssumeRoleWithOIDC, GetCallerIdentity) and their answers. */
#include "rpc/sts.h"

#include <stdio.h>
#include <string.h>

#include "core/validate.h"
#include "rpc/json.h"
#include "rpc/response.h"
#include "rpc/timestamp.h"

/* Checks shared by both AssumeRole forms. */
static enum sse_status
check_role(const char *role_arn, const char *session_name, const char *policy, int duration,
           struct sse_error *err)
{
    if (!role_arn || validate_role_arn(role_arn, err) != SSE_OK)
        return role_arn ? SSE_ERR_INVALID
                        : sse_error_set(err, SSE_ERR_INVALID, "no role ARN to assume");
    if (!session_name || validate_role_session_name(session_name, err) != SSE_OK)
        return session_name ? SSE_ERR_INVALID
                            : sse_error_set(err, SSE_ERR_INVALID, "no role session name");
    if (duration != 0 && (duration < STS_DURATION_MIN || duration > STS_DURATION_MAX))
        return sse_error_set(err, SSE_ERR_INVALID,
                             "the role session duration must be %d to %d seconds, not %d",
                             STS_DURATION_MIN, STS_DURATION_MAX, duration);
    if (policy && strlen(policy) > STS_POLICY_MAX)
        return sse_error_set(err, SSE_ERR_INVALID, "the session policy is longer than %d bytes",
                             STS_POLICY_MAX);
    return SSE_OK;
}

static enum sse_status
add_form_all(struct rpc_request *r, const char *const *kv, size_t n, struct sse_error *err)
{
    for (size_t i = 0; i + 1 < n; i += 2) {
        if (!kv[i + 1] || !*kv[i + 1])
            continue;
        enum sse_status st = rpc_request_add_form(r, kv[i], kv[i + 1]);
        if (st != SSE_OK)
            return sse_error_set(err, st, "cannot add the %s parameter", kv[i]);
    }
    return SSE_OK;
}

enum sse_status
sts_build_assume_role(struct rpc_request *r, const struct rpc_endpoint *ep,
                      const struct sts_assume_role *in, struct sse_error *err)
{
    enum sse_status st = rpc_request_begin(r, ep, STS_VERSION, "AssumeRole");
    if (st != SSE_OK)
        return sse_error_set(err, st, "cannot start the AssumeRole request");
    if ((st = check_role(in->role_arn, in->session_name, in->policy, in->duration_s, err)) !=
        SSE_OK)
        return st;
    if (in->external_id && *in->external_id &&
        (st = validate_external_id(in->external_id, err)) != SSE_OK)
        return st;
    char duration[16];
    snprintf(duration, sizeof duration, "%d", in->duration_s ? in->duration_s : STS_DURATION_DEFAULT);
    const char *kv[] = {"RoleArn", in->role_arn, "Policy", in->policy, "ExternalId",
                        in->external_id, "RoleSessionName", in->session_name, "DurationSeconds",
                        duration};
    return add_form_all(r, kv, sizeof kv / sizeof kv[0], err);
}

enum sse_status
sts_build_assume_role_with_oidc(struct rpc_request *r, const struct rpc_endpoint *ep,
                                const struct sts_assume_role_oidc *in, time_t when,
                                struct sse_error *err)
{
    enum sse_status st = rpc_request_begin(r, ep, STS_VERSION, "AssumeRoleWithOIDC");
    if (st != SSE_OK)
        return sse_error_set(err, st, "cannot start the AssumeRoleWithOIDC request");
    if ((st = check_role(in->role_arn, in->session_name, in->policy, in->duration_s, err)) !=
        SSE_OK)
        return st;
    if (!in->provider_arn || validate_oidc_provider_arn(in->provider_arn, err) != SSE_OK)
        return in->provider_arn ? SSE_ERR_INVALID
                                : sse_error_set(err, SSE_ERR_INVALID, "no OIDC provider ARN");
    if (!in->token || !*in->token)
        return sse_error_set(err, SSE_ERR_INVALID, "the OIDC token is empty");
    if (strlen(in->token) > STS_OIDC_TOKEN_MAX)
        return sse_error_set(err, SSE_ERR_INVALID, "the OIDC token is longer than %d bytes",
                             STS_OIDC_TOKEN_MAX);
    if ((st = rpc_request_stamp(r, when, err)) != SSE_OK)
        return st;
    char duration[16];
    snprintf(duration, sizeof duration, "%d", in->duration_s ? in->duration_s : STS_DURATION_DEFAULT);
    const char *kv[] = {"RoleArn", in->role_arn, "OIDCProviderArn", in->provider_arn,
                        "OIDCToken", in->token, "Policy", in->policy, "RoleSessionName",
                        in->session_name, "DurationSeconds", duration};
    return add_form_all(r, kv, sizeof kv / sizeof kv[0], err);
}

enum sse_status
sts_build_get_caller_identity(struct rpc_request *r, const struct rpc_endpoint *ep,
                              struct sse_error *err)
{
    enum sse_status st = rpc_request_begin(r, ep, STS_VERSION, "GetCallerIdentity");
    return st == SSE_OK ? SSE_OK
                        : sse_error_set(err, st, "cannot start the GetCallerIdentity request");
}

void
sts_credentials_cleanup(struct sts_credentials *c)
{
    oss_credentials_cleanup(&c->keys);
    memset(c, 0, sizeof *c);
}

enum sse_status
sts_parse_credentials(long http_status, const char *body, size_t len, struct sts_credentials *out,
                      struct sse_error *err)
{
    sts_credentials_cleanup(out);
    struct rpc_json_doc d = {"the STS answer", err};
    json_t *root, *cred = NULL, *user = NULL;
    enum sse_status st = rpc_response_json("STS", http_status, body, len, &d, &root);
    char *id = NULL, *secret = NULL, *token = NULL, expiration[64];
    if (st == SSE_OK)
        st = rpc_json_object(&d, root, NULL, "Credentials", RPC_JSON_REQUIRED, &cred);
    if (st == SSE_OK)
        st = rpc_json_secret(&d, cred, "Credentials", "AccessKeyId", RPC_JSON_REQUIRED,
                             STS_KEY_ID_MAX, &id);
    if (st == SSE_OK)
        st = rpc_json_secret(&d, cred, "Credentials", "AccessKeySecret", RPC_JSON_REQUIRED,
                             STS_SECRET_MAX, &secret);
    if (st == SSE_OK)
        st = rpc_json_secret(&d, cred, "Credentials", "SecurityToken", RPC_JSON_REQUIRED,
                             STS_TOKEN_MAX, &token);
    if (st == SSE_OK)
        st = rpc_json_string(&d, cred, "Credentials", "Expiration", RPC_JSON_REQUIRED, expiration,
                             sizeof expiration, NULL);
    if (st == SSE_OK && !rpc_timestamp_parse(expiration, &out->expiration))
        st = sse_error_set(err, SSE_ERR_PROTOCOL,
                           "the STS answer: Credentials.Expiration is not a time like "
                           "\"2015-04-09T11:52:19Z\"");
    if (st == SSE_OK && (!*id || !*secret || !*token))
        st = sse_error_set(err, SSE_ERR_PROTOCOL,
                           "the STS answer has an empty AccessKeyId, AccessKeySecret or "
                           "SecurityToken");
    if (st == SSE_OK)
        st = rpc_json_object(&d, root, NULL, "AssumedRoleUser", RPC_JSON_OPTIONAL, &user);
    if (st == SSE_OK)
        st = rpc_json_string(&d, user, "AssumedRoleUser", "Arn", RPC_JSON_OPTIONAL,
                             out->assumed_role_arn, sizeof out->assumed_role_arn, NULL);
    if (st == SSE_OK)
        st = rpc_json_string(&d, user, "AssumedRoleUser", "AssumedRoleId", RPC_JSON_OPTIONAL,
                             out->assumed_role_id, sizeof out->assumed_role_id, NULL);
    if (st == SSE_OK)
        st = rpc_json_string(&d, root, NULL, "RequestId", RPC_JSON_CUT, out->request_id,
                             sizeof out->request_id, NULL);
    if (st == SSE_OK && oss_credentials_set(&out->keys, id, secret, token) != SSE_OK)
        st = sse_error_set(err, SSE_ERR_NOMEM, "out of memory for the temporary credentials");
    oss_secret_free(id);
    oss_secret_free(secret);
    oss_secret_free(token);
    rpc_json_wipe(root);
    json_decref(root);
    if (st != SSE_OK)
        sts_credentials_cleanup(out);
    return st;
}

enum sse_status
sts_parse_caller_identity(long http_status, const char *body, size_t len,
                          struct sts_caller_identity *out, struct sse_error *err)
{
    memset(out, 0, sizeof *out);
    struct rpc_json_doc d = {"the GetCallerIdentity answer", err};
    json_t *root;
    enum sse_status st = rpc_response_json("STS", http_status, body, len, &d, &root);
    struct {
        const char *key;
        char *dst;
        size_t size;
        enum rpc_json_need need;
    } fields[] = {
        {"AccountId", out->account_id, sizeof out->account_id, RPC_JSON_REQUIRED},
        {"Arn", out->arn, sizeof out->arn, RPC_JSON_REQUIRED},
        {"IdentityType", out->identity_type, sizeof out->identity_type, RPC_JSON_OPTIONAL},
        {"UserId", out->user_id, sizeof out->user_id, RPC_JSON_OPTIONAL},
        {"RoleId", out->role_id, sizeof out->role_id, RPC_JSON_OPTIONAL},
        {"PrincipalId", out->principal_id, sizeof out->principal_id, RPC_JSON_OPTIONAL},
        {"RequestId", out->request_id, sizeof out->request_id, RPC_JSON_CUT},
    };
    for (size_t i = 0; st == SSE_OK && i < sizeof fields / sizeof fields[0]; i++)
        st = rpc_json_string(&d, root, NULL, fields[i].key, fields[i].need, fields[i].dst,
                             fields[i].size, NULL);
    json_decref(root);
    if (st != SSE_OK)
        memset(out, 0, sizeof *out);
    return st;
}
