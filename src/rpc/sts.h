/* sts.h — STS (version 2015-04-01) over the RPC protocol: the AssumeRole, AssumeRoleWithOIDC and
 * GetCallerIdentity requests as credentials-go sends them, and their answers parsed into
 * fixed-size structs, the temporary keys into protected memory. Pure. */
#ifndef SSE_RPC_STS_H
#define SSE_RPC_STS_H

#include <stddef.h>
#include <time.h>

#include "core/status.h"
#include "oss/account.h"
#include "rpc/endpoint.h"
#include "rpc/request.h"

#define STS_VERSION "2015-04-01"
#define STS_DURATION_MIN 900
#define STS_DURATION_MAX 43200
#define STS_DURATION_DEFAULT 3600
#define STS_POLICY_MAX 2048        /* the documented limit of the Policy parameter */
#define STS_OIDC_TOKEN_MAX 16384   /* an OIDC token file is read up to this */
#define STS_KEY_ID_MAX 128         /* longest AccessKeyId accepted from an answer */
#define STS_SECRET_MAX 256         /* longest AccessKeySecret (RPC_SECRET_MAX: it must sign) */
#define STS_TOKEN_MAX 16384        /* longest SecurityToken (OSS takes headers up to ~31 KB) */
#define STS_ARN_MAX 256
#define STS_ID_MAX 128

/* The parameters of AssumeRole (borrowed). external_id and policy NULL or "" are left out;
 * duration_s 0 means STS_DURATION_DEFAULT. */
struct sts_assume_role {
    const char *role_arn;      /* acs:ram::UID:role/NAME */
    const char *session_name;  /* 2-64 of [A-Za-z0-9.@_-] */
    const char *external_id;
    const char *policy;
    int duration_s;            /* 900-43200 */
};

/* The parameters of AssumeRoleWithOIDC (borrowed); token is the token file's content. */
struct sts_assume_role_oidc {
    const char *role_arn;
    const char *provider_arn;  /* acs:ram::UID:oidc-provider/NAME */
    const char *token;
    const char *session_name;
    const char *policy;
    int duration_s;
};

/* Fills r (uninitialised before; rpc_request_cleanup after, in every case) with AssumeRole at
 * ep: Version, Action, Format in the query, RoleArn, RoleSessionName, DurationSeconds, and
 * ExternalId and Policy when given, in the form body. Sign it with rpc_request_sign using the
 * source credentials (their SecurityToken goes in the query when they are STS keys). Inputs are
 * validated first (SSE_ERR_INVALID naming the one that is wrong). */
enum sse_status sts_build_assume_role(struct rpc_request *r, const struct rpc_endpoint *ep,
                                      const struct sts_assume_role *in, struct sse_error *err);
/* AssumeRoleWithOIDC, complete and sent unsigned: Version, Action, Format, Timestamp in the query,
 * RoleArn, OIDCProviderArn, OIDCToken, RoleSessionName, DurationSeconds (and Policy) in the body. */
enum sse_status sts_build_assume_role_with_oidc(struct rpc_request *r,
                                                const struct rpc_endpoint *ep,
                                                const struct sts_assume_role_oidc *in,
                                                time_t when, struct sse_error *err);
/* GetCallerIdentity (no parameters of its own); sign it with rpc_request_sign. */
enum sse_status sts_build_get_caller_identity(struct rpc_request *r,
                                              const struct rpc_endpoint *ep,
                                              struct sse_error *err);

/* An AssumeRole / AssumeRoleWithOIDC answer. */
struct sts_credentials {
    struct oss_credentials keys;      /* protected memory; sts_credentials_cleanup wipes it */
    time_t expiration;                /* Credentials.Expiration */
    char assumed_role_arn[STS_ARN_MAX]; /* AssumedRoleUser.Arn: acs:ram::UID:role/NAME/SESSION */
    char assumed_role_id[STS_ID_MAX];   /* AssumedRoleUser.AssumedRoleId */
    char request_id[64];
};

/* The answer (HTTP status and body) of AssumeRole or AssumeRoleWithOIDC: an error document into
 * err (rpc_response_check), else the credentials, every one of AccessKeyId, AccessKeySecret,
 * SecurityToken and Expiration required. The secrets are wiped from the parsed tree; the body
 * itself is the caller's to wipe. out must be zeroed or hold an earlier answer: it is cleaned
 * first, and left clean on failure. */
enum sse_status sts_parse_credentials(long http_status, const char *body, size_t len,
                                      struct sts_credentials *out, struct sse_error *err);
void sts_credentials_cleanup(struct sts_credentials *c);

/* A GetCallerIdentity answer. */
struct sts_caller_identity {
    char account_id[32];
    char arn[STS_ARN_MAX];
    char identity_type[32];    /* "Account", "RAMUser", "AssumedRoleUser" */
    char user_id[STS_ID_MAX];  /* RAM users */
    char role_id[STS_ID_MAX];  /* assumed roles */
    char principal_id[STS_ARN_MAX];
    char request_id[64];
};

enum sse_status sts_parse_caller_identity(long http_status, const char *body, size_t len,
                                          struct sts_caller_identity *out, struct sse_error *err);

#endif
