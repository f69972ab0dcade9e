/* answers.h — the non-STS credential sources as requests and answers: the ECS instance metadata
 * service (session token, role name, role credentials), a credentials URI, and an External
 * command's output. Pure: the worker sends the requests and hands the answers back. */
#ifndef SSE_IDENT_ANSWERS_H
#define SSE_IDENT_ANSWERS_H

#include <stdbool.h>
#include <stddef.h>

#include "core/status.h"
#include "ident/plan.h"

#define IDENT_ECS_HOST "100.100.100.200"   /* fixed in the official libraries */
#define IDENT_ECS_TOKEN_TTL_S 21600
#define IDENT_ECS_TIMEOUT_MS 1000           /* connect and read, each */
#define IDENT_URI_CONNECT_TIMEOUT_MS 5000   /* credentials-go's */
#define IDENT_URI_TIMEOUT_MS 10000
#define IDENT_ECS_TOKEN_MAX 256
#define IDENT_ANSWER_MAX (64 * 1024)        /* metadata and URI answers are a few hundred bytes */

/* A plain HTTP request (the metadata service, a credentials URI). Its URL and header may hold a
 * secret (a token in a URI, the metadata token): ident_http_request_cleanup wipes them. */
struct ident_http_request {
    char method[8];
    char url[IDENT_URL_MAX];
    char header_name[64];        /* "" when none */
    char header_value[IDENT_ECS_TOKEN_MAX];
    long connect_timeout_ms;
    long timeout_ms;
};

void ident_http_request_cleanup(struct ident_http_request *r);

enum ident_ecs_call {
    IDENT_ECS_TOKEN,        /* PUT /latest/api/token, X-aliyun-ecs-metadata-token-ttl-seconds */
    IDENT_ECS_ROLE_NAME,    /* GET /latest/meta-data/ram/security-credentials/ */
    IDENT_ECS_CREDENTIALS,  /* GET /latest/meta-data/ram/security-credentials/ROLE */
};

/* The request for one call; token "" (or NULL) sends none (the token-less fallback), role is
 * needed for IDENT_ECS_CREDENTIALS. */
enum sse_status ident_ecs_request(enum ident_ecs_call call, const char *role, const char *token,
                                  struct ident_http_request *out, struct sse_error *err);
/* The token PUT's answer: 200 → the token in token[IDENT_ECS_TOKEN_MAX]. Anything else (http 0
 * = no answer) → "" and SSE_OK, reads go without a token, unless imdsv1_disabled: then the error. */
enum sse_status ident_ecs_token_answer(long http_status, const char *body, size_t len,
                                       bool imdsv1_disabled, char *token, struct sse_error *err);
/* The role name: 200 with the name as text (trimmed, a valid RAM role name). 404 means the
 * instance has no role; http 0, no metadata service (not on ECS). */
enum sse_status ident_ecs_role_name_answer(long http_status, const char *body, size_t len,
                                           char role[IDENT_ROLE_NAME_MAX], struct sse_error *err);
/* The role's credentials: 200 with {"Code":"Success","AccessKeyId","AccessKeySecret",
 * "SecurityToken","Expiration",...}; every field required, Code must be Success. */
enum sse_status ident_ecs_credentials_answer(long http_status, const char *body, size_t len,
                                             struct ident_credentials *out,
                                             struct sse_error *err);

/* GET url (https, or http for a local address only: the answer is secret keys). */
enum sse_status ident_uri_request(const char *url, struct ident_http_request *out,
                                  struct sse_error *err);
/* Its answer: 200 with AccessKeyId, AccessKeySecret, SecurityToken and Expiration (and Code, when
 * present, "Success"). */
enum sse_status ident_uri_answer(long http_status, const char *body, size_t len,
                                 struct ident_credentials *out, struct sse_error *err);

/* An External command's stdout: a profile JSON {"mode":"AK"|"StsToken","access_key_id",
 * "access_key_secret","sts_token","expiration"} (mode optional; sts_token required with
 * StsToken; expiration optional, "2006-01-02T15:04:05Z"). */
enum sse_status ident_external_output(const char *text, size_t len, struct ident_credentials *out,
                                      struct sse_error *err);

/* Whether url is one ident_uri_request takes; the reason in err otherwise. */
enum sse_status ident_uri_check(const char *url, struct sse_error *err);

#endif
