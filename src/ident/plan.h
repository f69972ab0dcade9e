/* plan.h — where a profile's credentials come from, as data: a plan of steps (static keys, or a
 * chain of fetches such as "AssumeRole R with the credentials of the step before at STS endpoint
 * E") that the worker executes later, each step with a cache key, and the request and answer of
 * each fetch as pure functions (values in, values out). Never holds a printable secret: the
 * descriptions name sources, not keys. */
#ifndef SSE_IDENT_PLAN_H
#define SSE_IDENT_PLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "core/status.h"
#include "core/validate.h"
#include "oss/account.h"
#include "rpc/endpoint.h"
#include "rpc/request.h"

#define IDENT_STEPS_MAX 6            /* a source and up to five roles assumed in a row */
#define IDENT_ROUTES_MAX 2           /* the default chain's tail: ECS metadata, else a URI */
#define IDENT_CACHE_KEY_SIZE 65      /* hex SHA-256 + NUL */
#define IDENT_PATH_MAX 1024
#define IDENT_URL_MAX 1024
#define IDENT_ROLE_NAME_MAX 65
#define IDENT_DESCRIPTION_MAX 512
#define IDENT_WHAT_MAX 320

/* Credentials a step produced (or a static step holds). */
struct ident_credentials {
    struct oss_credentials keys; /* protected memory: ident_credentials_cleanup wipes it */
    time_t expiration;           /* 0: long-lived keys that do not expire */
};

/* Copies src into dst (dst cleaned first; zeroed or earlier credentials). */
enum sse_status ident_credentials_copy(struct ident_credentials *dst,
                                       const struct ident_credentials *src);
void ident_credentials_cleanup(struct ident_credentials *c);

#define IDENT_STEP_KINDS(X)                                                                   \
    X(IDENT_STEP_STATIC, "static keys")                                                       \
    X(IDENT_STEP_ASSUME_ROLE, "AssumeRole")     /* with the credentials of the step before */ \
    X(IDENT_STEP_OIDC, "AssumeRoleWithOIDC")    /* with the token file's content, unsigned */ \
    X(IDENT_STEP_ECS_ROLE, "ECS RAM role")      /* metadata: token, role name, credentials */ \
    X(IDENT_STEP_EXTERNAL, "external command")  /* run argv; stdout is an AK/StsToken JSON */ \
    X(IDENT_STEP_URI, "credentials URI")        /* HTTP GET; a Code:Success JSON */

enum ident_step_kind {
#define IDENT_STEP_ENUM(e, name) e,
    IDENT_STEP_KINDS(IDENT_STEP_ENUM)
#undef IDENT_STEP_ENUM
};

/* "AssumeRole", "ECS RAM role", ... */
const char *ident_step_kind_name(enum ident_step_kind k);

/* One step. The fields a kind does not use are zero. Owned strings are freed (and wiped) by
 * ident_plan_cleanup. */
struct ident_step {
    enum ident_step_kind kind;
    /* Hex SHA-256 of what this step's credentials depend on: the source identity (the step
     * before's key, or the access key ID, role name, command or URL), role, session name,
     * external ID, policy, duration and endpoint. Steps with equal keys yield the same
     * credentials: fetch once, share. */
    char cache_key[IDENT_CACHE_KEY_SIZE];
    /* For messages: "AssumeRole acs:ram::1:role/auditor at https://sts.aliyuncs.com". */
    char what[IDENT_WHAT_MAX];

    /* IDENT_STEP_STATIC */
    struct ident_credentials keys;

    /* IDENT_STEP_ASSUME_ROLE and IDENT_STEP_OIDC */
    char role_arn[VALIDATE_ROLE_ARN_MAX];
    char session_name[VALIDATE_SESSION_NAME_MAX];
    char *external_id;           /* NULL when none (AssumeRole) */
    char *policy;                /* NULL when none */
    int duration_s;              /* 900-43200 */
    struct rpc_endpoint sts;

    /* IDENT_STEP_OIDC */
    char provider_arn[VALIDATE_ROLE_ARN_MAX];
    char token_file[IDENT_PATH_MAX]; /* read (ident_read_oidc_token) at each fetch: it rotates */

    /* IDENT_STEP_ECS_ROLE */
    char role_name[IDENT_ROLE_NAME_MAX]; /* "" = ask the metadata service */
    bool imdsv1_disabled;        /* no token-less reads when the token cannot be had */

    /* IDENT_STEP_EXTERNAL: argv[0..argc-1] then NULL, in protected memory (a command line may
     * carry a secret); run without a shell (ident_process_run). */
    char **argv;
    size_t argc;

    /* IDENT_STEP_URI: protected memory (a URL may carry a token). */
    char *url;
};

/* One way to the credentials: steps[0] is a source (STATIC, OIDC, ECS_ROLE, EXTERNAL or URI),
 * each later step an ASSUME_ROLE with the credentials of the one before. The credentials of the
 * last step are the profile's. */
struct ident_route {
    struct ident_step steps[IDENT_STEPS_MAX];
    size_t nsteps;
    char description[IDENT_DESCRIPTION_MAX]; /* "aliyun CLI profile prod (RamRoleArn acs:...)" */
};

/* A profile's plan: routes tried in order (as the official default chain does, the first that
 * yields credentials wins and is kept for the profile); almost always one. */
struct ident_plan {
    struct ident_route routes[IDENT_ROUTES_MAX];
    size_t nroutes;
    /* Where the credentials come from, for `profiles`, the detail screen and errors; never a
     * secret: "environment OSS_ACCESS_KEY_ID", "ECS RAM role ops", "aliyun CLI profile prod
     * (RamRoleArn acs:ram::1234567890123456:role/auditor)". */
    char description[IDENT_DESCRIPTION_MAX];
    /* The sources of the default chain passed over before these, for the error when every route
     * fails: "no OSS_ACCESS_KEY_ID; no ALIBABA_CLOUD_ACCESS_KEY_ID; ...". "" otherwise. */
    char skipped[IDENT_DESCRIPTION_MAX];
    /* The STS endpoint of the profile, for GetCallerIdentity (`profiles --check`). */
    struct rpc_endpoint sts;
};

/* Zeroes *p (call before the first use). */
void ident_plan_init(struct ident_plan *p);
/* Wipes and frees every step; p is then as after init. */
void ident_plan_cleanup(struct ident_plan *p);

/* Sets s->cache_key from s's fields and prev, the key of the step before (NULL for a source). */
enum sse_status ident_step_seal(struct ident_step *s, const char *prev);

/* Whether the plan is static keys only (nothing to fetch, nothing expires). */
bool ident_plan_is_static(const struct ident_plan *p);

/* ---- executing a step: the requests and answers, as values --------------------------------- */

/* AssumeRole for an ASSUME_ROLE step, signed with source (the previous step's credentials) at
 * `now` with `nonce`. r is uninitialised before; rpc_request_cleanup after, in every case. */
enum sse_status ident_step_assume_request(const struct ident_step *s,
                                          const struct ident_credentials *source, time_t now,
                                          const char *nonce, struct rpc_request *r,
                                          struct sse_error *err);
/* AssumeRoleWithOIDC for an OIDC step with the token file's content (ident_read_oidc_token). */
enum sse_status ident_step_oidc_request(const struct ident_step *s, const char *token,
                                        time_t now, struct rpc_request *r,
                                        struct sse_error *err);
/* The STS answer to either, as credentials (out zeroed or earlier credentials). Errors name the
 * step ("AssumeRole acs:ram::1:role/auditor at https://sts.aliyuncs.com: NoPermission ..."
 * keeps STS's code, message and request id in err's fields). */
enum sse_status ident_step_sts_answer(const struct ident_step *s, long http_status,
                                      const char *body, size_t len,
                                      struct ident_credentials *out, struct sse_error *err);

#endif
