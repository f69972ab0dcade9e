/* plan.c — credential plans: cleanup, cache keys, and the STS requests and answers of steps. */
#include "ident/plan.h"

#include <openssl/evp.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "rpc/sts.h"

enum sse_status
ident_credentials_copy(struct ident_credentials *dst, const struct ident_credentials *src)
{
    ident_credentials_cleanup(dst);
    const struct oss_credentials *k = &src->keys;
    enum sse_status st =
        oss_credentials_set(&dst->keys, k->access_key_id, k->access_key_secret, k->security_token);
    dst->expiration = st == SSE_OK ? src->expiration : 0;
    return st;
}

void
ident_credentials_cleanup(struct ident_credentials *c)
{
    oss_credentials_cleanup(&c->keys);
    c->expiration = 0;
}

const char *
ident_step_kind_name(enum ident_step_kind k)
{
    static const char *const names[] = {
#define IDENT_STEP_NAME(e, name) name,
        IDENT_STEP_KINDS(IDENT_STEP_NAME)
#undef IDENT_STEP_NAME
    };
    return (unsigned)k < sizeof names / sizeof names[0] ? names[k] : "unknown";
}

void
ident_plan_init(struct ident_plan *p)
{
    memset(p, 0, sizeof *p);
}

static void
step_cleanup(struct ident_step *s)
{
    ident_credentials_cleanup(&s->keys);
    oss_secret_free(s->external_id);
    oss_secret_free(s->policy);
    for (size_t i = 0; s->argv && i < s->argc; i++)
        oss_secret_free(s->argv[i]);
    free(s->argv);
    oss_secret_free(s->url);
    memset(s, 0, sizeof *s);
}

void
ident_plan_cleanup(struct ident_plan *p)
{
    for (size_t r = 0; r < p->nroutes; r++)
        for (size_t i = 0; i < p->routes[r].nsteps; i++)
            step_cleanup(&p->routes[r].steps[i]);
    memset(p, 0, sizeof *p);
}

bool
ident_plan_is_static(const struct ident_plan *p)
{
    return p->nroutes == 1 && p->routes[0].nsteps == 1 &&
           p->routes[0].steps[0].kind == IDENT_STEP_STATIC;
}

/* Feeds one field, its length first so that ("ab","c") and ("a","bc") differ. */
static bool
feed(EVP_MD_CTX *ctx, const char *s)
{
    if (!s)
        s = "";
    unsigned long long n = strlen(s);
    return EVP_DigestUpdate(ctx, &n, sizeof n) && EVP_DigestUpdate(ctx, s, n);
}

enum sse_status
ident_step_seal(struct ident_step *s, const char *prev)
{
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    if (!ctx)
        return SSE_ERR_NOMEM;
    char kind[16], duration[16], imds[4];
    snprintf(kind, sizeof kind, "%d", (int)s->kind);
    snprintf(duration, sizeof duration, "%d", s->duration_s);
    snprintf(imds, sizeof imds, "%d", s->imdsv1_disabled ? 1 : 0);
    bool ok = EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) && feed(ctx, "sseadm-ident-1") &&
              feed(ctx, prev) && feed(ctx, kind);
    switch (s->kind) {
    case IDENT_STEP_STATIC:
        /* The key ID (and session token) name the identity; the secret adds nothing. */
        ok = ok && feed(ctx, s->keys.keys.access_key_id) && feed(ctx, s->keys.keys.security_token);
        break;
    case IDENT_STEP_ASSUME_ROLE:
    case IDENT_STEP_OIDC:
        ok = ok && feed(ctx, s->role_arn) && feed(ctx, s->session_name) &&
             feed(ctx, s->external_id) && feed(ctx, s->policy) && feed(ctx, duration) &&
             feed(ctx, s->sts.scheme) && feed(ctx, s->sts.host) && feed(ctx, s->provider_arn) &&
             feed(ctx, s->token_file);
        break;
    case IDENT_STEP_ECS_ROLE:
        ok = ok && feed(ctx, s->role_name) && feed(ctx, imds);
        break;
    case IDENT_STEP_EXTERNAL:
        for (size_t i = 0; ok && i < s->argc; i++)
            ok = feed(ctx, s->argv[i]);
        break;
    case IDENT_STEP_URI:
        ok = ok && feed(ctx, s->url);
        break;
    }
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    ok = ok && EVP_DigestFinal_ex(ctx, md, &len) && len == 32;
    EVP_MD_CTX_free(ctx);
    if (!ok)
        return SSE_ERR_CRYPTO;
    static const char hex[] = "0123456789abcdef";
    for (unsigned i = 0; i < len; i++) {
        s->cache_key[2 * i] = hex[md[i] >> 4];
        s->cache_key[2 * i + 1] = hex[md[i] & 15];
    }
    s->cache_key[2 * len] = '\0';
    return SSE_OK;
}

enum sse_status
ident_step_assume_request(const struct ident_step *s, const struct ident_credentials *source,
                          time_t now, const char *nonce, struct rpc_request *r,
                          struct sse_error *err)
{
    if (s->kind != IDENT_STEP_ASSUME_ROLE) {
        rpc_request_init(r, "POST", NULL);
        return sse_error_set(err, SSE_ERR_USAGE, "%s is not an AssumeRole step",
                             ident_step_kind_name(s->kind));
    }
    struct sts_assume_role in = {.role_arn = s->role_arn, .session_name = s->session_name,
                                 .external_id = s->external_id, .policy = s->policy,
                                 .duration_s = s->duration_s};
    enum sse_status st = sts_build_assume_role(r, &s->sts, &in, err);
    if (st == SSE_OK)
        st = rpc_request_sign(r, &source->keys, now, nonce, err);
    return st;
}

enum sse_status
ident_step_oidc_request(const struct ident_step *s, const char *token, time_t now,
                        struct rpc_request *r, struct sse_error *err)
{
    if (s->kind != IDENT_STEP_OIDC) {
        rpc_request_init(r, "POST", NULL);
        return sse_error_set(err, SSE_ERR_USAGE, "%s is not an OIDC step",
                             ident_step_kind_name(s->kind));
    }
    struct sts_assume_role_oidc in = {.role_arn = s->role_arn, .provider_arn = s->provider_arn,
                                      .token = token, .session_name = s->session_name,
                                      .policy = s->policy, .duration_s = s->duration_s};
    return sts_build_assume_role_with_oidc(r, &s->sts, &in, now, err);
}

enum sse_status
ident_step_sts_answer(const struct ident_step *s, long http_status, const char *body, size_t len,
                      struct ident_credentials *out, struct sse_error *err)
{
    struct sse_error scratch;
    if (!err)
        err = &scratch;
    ident_credentials_cleanup(out);
    struct sts_credentials c = {0};
    enum sse_status st = sts_parse_credentials(http_status, body, len, &c, err);
    if (st == SSE_OK) {
        out->keys = c.keys; /* moved: c.keys is not cleaned below */
        memset(&c.keys, 0, sizeof c.keys);
        out->expiration = c.expiration;
        sts_credentials_cleanup(&c);
        return SSE_OK;
    }
    /* Which step failed goes in front of what STS (or the transport) said. */
    char msg[sizeof s->what + sizeof err->message + 4];
    snprintf(msg, sizeof msg, "%s: %s", s->what, err->message);
    sse_strlcpy(err->message, msg, sizeof err->message);
    return st;
}
