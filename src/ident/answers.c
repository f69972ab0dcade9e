/* answers.c — ECS metadata, credentials URI and External command answers. */
#include "ident/answers.h"

#include <stdio.h>
#include <string.h>

#include "core/ascii.h"
#include "core/sanitize.h"
#include "core/validate.h"
#include "rpc/json.h"
#include "rpc/sts.h"
#include "rpc/timestamp.h"

#define ECS_BASE "http://" IDENT_ECS_HOST

void
ident_http_request_cleanup(struct ident_http_request *r)
{
    explicit_bzero(r, sizeof *r);
}

static bool
header_safe(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s <= 0x20 || (unsigned char)*s >= 0x7f)
            return false;
    return true;
}

enum sse_status
ident_ecs_request(enum ident_ecs_call call, const char *role, const char *token,
                  struct ident_http_request *out, struct sse_error *err)
{
    memset(out, 0, sizeof *out);
    out->connect_timeout_ms = out->timeout_ms = IDENT_ECS_TIMEOUT_MS;
    if (call == IDENT_ECS_TOKEN) {
        snprintf(out->method, sizeof out->method, "PUT");
        snprintf(out->url, sizeof out->url, ECS_BASE "/latest/api/token");
        snprintf(out->header_name, sizeof out->header_name,
                 "X-aliyun-ecs-metadata-token-ttl-seconds");
        snprintf(out->header_value, sizeof out->header_value, "%d", IDENT_ECS_TOKEN_TTL_S);
        return SSE_OK;
    }
    snprintf(out->method, sizeof out->method, "GET");
    if (call == IDENT_ECS_CREDENTIALS) {
        /* Role names are letters, digits, '.', '_' and '-': nothing to encode in the path. */
        if (!role || validate_ram_role_name(role, err) != SSE_OK)
            return role ? SSE_ERR_INVALID
                        : sse_error_set(err, SSE_ERR_INVALID, "no ECS RAM role name");
        snprintf(out->url, sizeof out->url, ECS_BASE "/latest/meta-data/ram/security-credentials/%s",
                 role);
    } else {
        snprintf(out->url, sizeof out->url, ECS_BASE "/latest/meta-data/ram/security-credentials/");
    }
    if (token && *token) {
        if (strlen(token) >= sizeof out->header_value || !header_safe(token))
            return sse_error_set(err, SSE_ERR_INVALID, "the metadata token is not a header value");
        snprintf(out->header_name, sizeof out->header_name, "X-aliyun-ecs-metadata-token");
        snprintf(out->header_value, sizeof out->header_value, "%s", token);
    }
    return SSE_OK;
}

enum sse_status
ident_ecs_token_answer(long http_status, const char *body, size_t len, bool imdsv1_disabled,
                       char *token, struct sse_error *err)
{
    token[0] = '\0';
    if (http_status == 200 && body && len > 0 && len < IDENT_ECS_TOKEN_MAX &&
        !memchr(body, '\0', len)) {
        memcpy(token, body, len);
        token[len] = '\0';
        if (header_safe(token))
            return SSE_OK;
        explicit_bzero(token, len);
        token[0] = '\0';
    }
    if (!imdsv1_disabled)
        return SSE_OK; /* read without a token, as the official libraries do */
    if (http_status == 0)
        return sse_error_set(err, SSE_ERR_NETWORK,
                             "no answer from the ECS metadata service (" ECS_BASE ") for its "
                             "session token, and ALIBABA_CLOUD_IMDSV1_DISABLED forbids reading "
                             "without one");
    return sse_error_set(err, SSE_ERR_PROTOCOL,
                         "the ECS metadata service gave no session token (HTTP %ld), and "
                         "ALIBABA_CLOUD_IMDSV1_DISABLED forbids reading without one", http_status);
}

static enum sse_status
metadata_status(long http_status, const char *what, struct sse_error *err)
{
    err->http_status = (int)http_status;
    if (http_status == 0)
        return sse_error_set(err, SSE_ERR_NETWORK,
                             "no answer from the ECS metadata service (" ECS_BASE "): sseadm is "
                             "not on an ECS instance, or the service is not reachable");
    if (http_status == 404)
        return sse_error_set(err, SSE_ERR_CREDENTIALS,
                             "the ECS metadata service has no %s: is a RAM role "
                             "attached to this instance?", what);
    return sse_error_set(err, SSE_ERR_PROTOCOL, "the ECS metadata service answered HTTP %ld "
                         "for the %s", http_status, what);
}

enum sse_status
ident_ecs_role_name_answer(long http_status, const char *body, size_t len,
                           char role[IDENT_ROLE_NAME_MAX], struct sse_error *err)
{
    struct sse_error scratch;
    if (!err)
        err = &scratch;
    role[0] = '\0';
    if (http_status != 200)
        return metadata_status(http_status, "RAM role name", err);
    while (len && body && strchr(" \t\r\n", body[0]) && body[0]) {
        body++;
        len--;
    }
    while (len && strchr(" \t\r\n", body[len - 1]) && body[len - 1])
        len--;
    char name[IDENT_ROLE_NAME_MAX];
    if (len == 0)
        return sse_error_set(err, SSE_ERR_CREDENTIALS,
                             "the ECS metadata service names no RAM role: none is attached to "
                             "this instance");
    if (len >= sizeof name || memchr(body, '\0', len))
        return sse_error_set(err, SSE_ERR_PROTOCOL,
                             "the ECS metadata service's role name is not a RAM role name");
    memcpy(name, body, len);
    name[len] = '\0';
    struct sse_error verr;
    if (validate_ram_role_name(name, &verr) != SSE_OK)
        return sse_error_set(err, SSE_ERR_PROTOCOL, "the ECS metadata service's answer: %s",
                             verr.message);
    memcpy(role, name, len + 1);
    return SSE_OK;
}

/* The four fields every temporary-credentials answer has, into out; what names the document. */
static enum sse_status
temporary(const struct rpc_json_doc *d, json_t *root, const char *idk, const char *secretk,
          const char *tokenk, const char *expk, bool token_required, bool exp_required,
          struct ident_credentials *out)
{
    char *id = NULL, *secret = NULL, *token = NULL, exp[64] = "";
    enum sse_status st = rpc_json_secret(d, root, NULL, idk, RPC_JSON_REQUIRED, STS_KEY_ID_MAX, &id);
    if (st == SSE_OK)
        st = rpc_json_secret(d, root, NULL, secretk, RPC_JSON_REQUIRED, STS_SECRET_MAX, &secret);
    if (st == SSE_OK)
        st = rpc_json_secret(d, root, NULL, tokenk,
                             token_required ? RPC_JSON_REQUIRED : RPC_JSON_OPTIONAL, STS_TOKEN_MAX,
                             &token);
    if (st == SSE_OK)
        st = rpc_json_string(d, root, NULL, expk,
                             exp_required ? RPC_JSON_REQUIRED : RPC_JSON_OPTIONAL, exp, sizeof exp,
                             NULL);
    time_t when = 0;
    if (st == SSE_OK && exp[0] && !rpc_timestamp_parse(exp, &when))
        st = sse_error_set(d->err, SSE_ERR_PROTOCOL,
                           "%s: %s is not a time like \"2006-01-02T15:04:05Z\"", d->what, expk);
    if (st == SSE_OK && (!*id || !*secret || (token_required && !*token))) {
        if (token_required)
            st = sse_error_set(d->err, SSE_ERR_PROTOCOL, "%s has an empty %s, %s or %s", d->what,
                               idk, secretk, tokenk);
        else
            st = sse_error_set(d->err, SSE_ERR_PROTOCOL, "%s has an empty %s or %s", d->what, idk,
                               secretk);
    }
    if (st == SSE_OK && oss_credentials_set(&out->keys, id, secret, token && *token ? token : NULL) !=
                            SSE_OK)
        st = sse_error_set(d->err, SSE_ERR_NOMEM, "out of memory for credentials");
    if (st == SSE_OK)
        out->expiration = when;
    oss_secret_free(id);
    oss_secret_free(secret);
    oss_secret_free(token);
    return st;
}

/* Code, when present (or required), must be "Success". */
static enum sse_status
code_success(const struct rpc_json_doc *d, const json_t *root, enum rpc_json_need need)
{
    char code[64];
    enum sse_status st = rpc_json_string(d, root, NULL, "Code", need, code, sizeof code, NULL);
    if (st == SSE_OK && json_object_get(root, "Code") && strcmp(code, "Success") != 0) {
        char shown[64];
        sanitize_text(code, shown, sizeof shown);
        return sse_error_set(d->err, SSE_ERR_CREDENTIALS, "%s has Code \"%s\", not \"Success\"",
                             d->what, shown);
    }
    return st;
}

/* A JSON answer whose secrets are wiped from the tree whatever happens. */
static enum sse_status
credentials_answer(const char *what, const char *text, size_t len, enum rpc_json_need code,
                   bool token_required, bool exp_required, const char *const keys[4],
                   struct ident_credentials *out, struct sse_error *err)
{
    ident_credentials_cleanup(out);
    struct rpc_json_doc d = {what, err};
    json_t *root = NULL;
    enum sse_status st = rpc_json_parse(&d, text ? text : "", text ? len : 0, IDENT_ANSWER_MAX,
                                        &root);
    if (st == SSE_OK && code != RPC_JSON_CUT)
        st = code_success(&d, root, code);
    if (st == SSE_OK)
        st = temporary(&d, root, keys[0], keys[1], keys[2], keys[3], token_required, exp_required,
                       out);
    rpc_json_wipe(root);
    json_decref(root);
    if (st != SSE_OK)
        ident_credentials_cleanup(out);
    return st;
}

static const char *const upper_keys[4] = {"AccessKeyId", "AccessKeySecret", "SecurityToken",
                                          "Expiration"};

enum sse_status
ident_ecs_credentials_answer(long http_status, const char *body, size_t len,
                             struct ident_credentials *out, struct sse_error *err)
{
    struct sse_error scratch;
    if (!err)
        err = &scratch;
    if (http_status != 200) {
        ident_credentials_cleanup(out);
        return metadata_status(http_status, "credentials of the RAM role", err);
    }
    return credentials_answer("the ECS metadata answer", body, len, RPC_JSON_REQUIRED, true, true,
                              upper_keys, out, err);
}

enum sse_status
ident_uri_check(const char *url, struct sse_error *err)
{
    char shown[160];
    bool http = ascii_has_prefix(url, "http://");
    if (!http && !ascii_has_prefix(url, "https://"))
        return sse_error_set(err, SSE_ERR_INVALID,
                             "the credentials URI must start with https:// (or http:// for a local "
                             "address)");
    if (strlen(url) >= IDENT_URL_MAX)
        return sse_error_set(err, SSE_ERR_INVALID, "the credentials URI is longer than %d bytes",
                             IDENT_URL_MAX - 1);
    for (const unsigned char *c = (const unsigned char *)url; *c; c++)
        if (*c <= 0x20 || *c >= 0x7f)
            return sse_error_set(err, SSE_ERR_INVALID,
                                 "the credentials URI has a space, a control or a non-ASCII byte");
    /* scheme://host[:port] must be a good endpoint; what follows is the service's. */
    const char *host = url + (http ? 7 : 8);
    size_t hn = strcspn(host, "/?#");
    char base[IDENT_URL_MAX];
    snprintf(base, sizeof base, "%.*s", (int)(host - url + hn), url);
    const char *why = validate_endpoint_problem(base);
    if (strchr(base, '@'))
        why = "it must not hold user information ('@')";
    sanitize_text(base, shown, sizeof shown); /* scheme and host only: the rest may be secret */
    if (why)
        return sse_error_set(err, SSE_ERR_INVALID, "the credentials URI %s...: %s",
                             strchr(base, '@') ? "(not shown)" : shown, why);
    size_t name = host[0] == '[' ? strcspn(host, "]") + 1 : strcspn(host, ":/?#");
    if (http && !validate_host_local(host, name))
        return sse_error_set(err, SSE_ERR_INVALID,
                             "the credentials URI %s... uses http://, which is only for a local "
                             "address (its answer is secret keys); use https://", shown);
    return SSE_OK;
}

enum sse_status
ident_uri_request(const char *url, struct ident_http_request *out, struct sse_error *err)
{
    memset(out, 0, sizeof *out);
    enum sse_status st = ident_uri_check(url, err);
    if (st != SSE_OK)
        return st;
    snprintf(out->method, sizeof out->method, "GET");
    snprintf(out->url, sizeof out->url, "%s", url);
    out->connect_timeout_ms = IDENT_URI_CONNECT_TIMEOUT_MS;
    out->timeout_ms = IDENT_URI_TIMEOUT_MS;
    return SSE_OK;
}

enum sse_status
ident_uri_answer(long http_status, const char *body, size_t len, struct ident_credentials *out,
                 struct sse_error *err)
{
    struct sse_error scratch;
    if (!err)
        err = &scratch;
    if (http_status != 200) {
        ident_credentials_cleanup(out);
        err->http_status = (int)http_status;
        return http_status == 0
                   ? sse_error_set(err, SSE_ERR_NETWORK, "no answer from the credentials URI")
                   : sse_error_set(err, SSE_ERR_PROTOCOL,
                                   "the credentials URI answered HTTP %ld, not 200", http_status);
    }
    return credentials_answer("the credentials URI answer", body, len, RPC_JSON_OPTIONAL, true,
                              true, upper_keys, out, err);
}

enum sse_status
ident_external_output(const char *text, size_t len, struct ident_credentials *out,
                      struct sse_error *err)
{
    static const char *const keys[4] = {"access_key_id", "access_key_secret", "sts_token",
                                        "expiration"};
    struct sse_error scratch;
    if (!err)
        err = &scratch;
    ident_credentials_cleanup(out);
    struct rpc_json_doc d = {"the External command's output", err};
    json_t *root = NULL;
    enum sse_status st = rpc_json_parse(&d, text ? text : "", text ? len : 0, IDENT_ANSWER_MAX,
                                        &root);
    char mode[32] = "";
    if (st == SSE_OK)
        st = rpc_json_string(&d, root, NULL, "mode", RPC_JSON_OPTIONAL, mode, sizeof mode, NULL);
    bool sts = ascii_casecmp(mode, "StsToken") == 0;
    if (st == SSE_OK && mode[0] && !sts && ascii_casecmp(mode, "AK") != 0) {
        char shown[32];
        sanitize_text(mode, shown, sizeof shown);
        st = sse_error_set(err, SSE_ERR_PROTOCOL,
                           "the External command's output has mode \"%s\"; it must be AK or "
                           "StsToken", shown);
    }
    if (st == SSE_OK)
        st = temporary(&d, root, keys[0], keys[1], keys[2], keys[3], sts, false, out);
    /* AK mode: long-lived keys; a token beside them is not theirs (the aliyun CLI drops it). */
    if (st == SSE_OK && mode[0] && !sts && out->keys.security_token)
        st = oss_credentials_set(&out->keys, out->keys.access_key_id, out->keys.access_key_secret,
                                 NULL);
    rpc_json_wipe(root);
    json_decref(root);
    if (st != SSE_OK)
        ident_credentials_cleanup(out);
    return st;
}
