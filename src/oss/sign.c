/* sign.c — signs a request with the account's signature version: adds the date, token and
 * Authorization headers OSS expects, at a signing time passed in by the caller. */
#include "oss/sign.h"

#include <stdio.h>
#include <string.h>

#include "oss/sign_util.h"
#include "oss/sign_v1.h"
#include "oss/sign_v4.h"

#define SIGN_PRODUCT "oss"
#define SIGN_MAX_AUTH 4096

/* "profile \"name\": " in front of a message, or nothing when the account has no name. */
static const char *
profile_prefix(const struct oss_account *acct, char *buf, size_t size)
{
    if (!acct->profile[0])
        return "";
    snprintf(buf, size, "profile \"%s\": ", acct->profile);
    return buf;
}

/* Checks what the signers would otherwise refuse without saying why. Messages name the field,
 * never its value: ids and tokens are credentials too. */
static enum sse_status
check_credentials(const struct oss_account *acct, const struct oss_credentials *c,
                  struct sse_error *err)
{
    char pfx[OSS_NAME_MAX + 16];
    const char *p = profile_prefix(acct, pfx, sizeof pfx);
    if (!c->access_key_id || !*c->access_key_id)
        return sse_error_set(err, SSE_ERR_CREDENTIALS,
                             "%sno access key ID (set access_key_id in the profile or "
                             "OSS_ACCESS_KEY_ID)",
                             p);
    if (!c->access_key_secret || !*c->access_key_secret)
        return sse_error_set(err, SSE_ERR_CREDENTIALS,
                             "%sno access key secret (set access_key_secret in the profile or "
                             "OSS_ACCESS_KEY_SECRET)",
                             p);
    /* What either signer would refuse: V1 splits on ':', V4 on '/' and ','. */
    if (!sign_key_id_sendable(c->access_key_id, ":/,"))
        return sse_error_set(err, SSE_ERR_CREDENTIALS,
                             "%sthe access key ID contains a character that cannot be sent "
                             "(space, control, ':', '/' or ',')", p);
    if (c->security_token)
        for (const unsigned char *s = (const unsigned char *)c->security_token; *s; s++)
            if (*s < 0x20 || *s == 0x7f)
                return sse_error_set(err, SSE_ERR_CREDENTIALS,
                                     "%sthe security token contains a control character", p);
    return SSE_OK;
}

/* V4 needs the region ID exactly as OSS scopes it. */
static enum sse_status
check_region(const struct oss_account *acct, struct sse_error *err)
{
    char pfx[OSS_NAME_MAX + 16];
    const char *p = profile_prefix(acct, pfx, sizeof pfx);
    const char *region = acct->region;
    if (!region[0])
        return sse_error_set(err, SSE_ERR_CONFIG,
                             "%sa region is required for signature version 4 (e.g. "
                             "\"cn-hangzhou\")",
                             p);
    if (strncmp(region, "oss-", 4) == 0)
        return sse_error_set(err, SSE_ERR_CONFIG,
                             "%sregion \"%.60s\" is written like an endpoint; signature version 4 "
                             "needs the region ID \"%.60s\"",
                             p, region, region + 4);
    for (const char *s = region; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-'))
            return sse_error_set(err, SSE_ERR_CONFIG,
                                 "%sregion must be a region ID of a-z, 0-9 and '-' (e.g. "
                                 "\"cn-hangzhou\")",
                                 p);
    return SSE_OK;
}

static enum sse_status
sign_v1(struct oss_request *r, const struct oss_credentials *c, const char *gmt,
        struct strbuf *auth)
{
    /* Date and x-oss-date carry the same string, so the doc rule (x-oss-date wins) and ali-oss
     * (ignores Date) sign the same text. */
    enum sse_status st = oss_request_set_header(r, "Date", gmt);
    if (st == SSE_OK)
        st = oss_request_set_header(r, "x-oss-date", gmt);
    if (st == SSE_OK && c->security_token && *c->security_token)
        st = oss_request_set_header(r, "x-oss-security-token", c->security_token);
    if (st == SSE_OK)
        st = sign_v1_authorization(r, c, auth);
    return st;
}

static enum sse_status
sign_v4(struct oss_request *r, const struct oss_account *acct, const struct oss_credentials *c,
        const char *gmt, const char *iso, struct sign_v4_key_cache *cache, struct strbuf *auth)
{
    enum sse_status st = oss_request_set_header(r, "x-oss-date", iso);
    if (st == SSE_OK)
        st = oss_request_set_header(r, "x-oss-content-sha256", "UNSIGNED-PAYLOAD");
    if (st == SSE_OK) /* unsigned in V4; GOV2 and PY2 send it as well */
        st = oss_request_set_header(r, "Date", gmt);
    if (st == SSE_OK && c->security_token && *c->security_token)
        st = oss_request_set_header(r, "x-oss-security-token", c->security_token);
    if (st == SSE_OK) {
        struct sign_v4_params p = {
            .datetime = iso, .region = acct->region, .product = SIGN_PRODUCT, .cache = cache};
        st = sign_v4_authorization(r, c, &p, auth);
    }
    return st;
}

enum sse_status
oss_sign_request(struct oss_request *r, const struct oss_account *acct, time_t now,
                 struct sse_error *err)
{
    return oss_sign_request_cached(r, acct, now, NULL, err);
}

enum sse_status
oss_sign_request_cached(struct oss_request *r, const struct oss_account *acct, time_t now,
                        struct sign_v4_key_cache *cache, struct sse_error *err)
{
    return oss_sign_request_as(r, acct, &acct->creds, now, cache, err);
}

enum sse_status
oss_sign_request_as(struct oss_request *r, const struct oss_account *acct,
                    const struct oss_credentials *creds, time_t now,
                    struct sign_v4_key_cache *cache, struct sse_error *err)
{
    enum sse_status st = check_credentials(acct, creds, err);
    if (st != SSE_OK)
        return st;
    if (acct->signature_version != 1 && acct->signature_version != 4)
        return sse_error_set(err, SSE_ERR_CONFIG,
                             "signature version %d is not supported (use 1 or 4)",
                             acct->signature_version);
    if (acct->signature_version == 4 && (st = check_region(acct, err)) != SSE_OK)
        return st;

    char gmt[SIGN_V1_DATE_SIZE], iso[SIGN_V4_DATETIME_SIZE];
    if (sign_v1_format_date(now, gmt) != SSE_OK || sign_v4_format_datetime(now, iso) != SSE_OK)
        return sse_error_set(err, SSE_ERR_INVALID, "signing time %lld is out of range",
                             (long long)now);

    struct strbuf auth;
    strbuf_init(&auth, SIGN_MAX_AUTH);
    if (acct->signature_version == 1)
        st = sign_v1(r, creds, gmt, &auth);
    else
        st = sign_v4(r, acct, creds, gmt, iso, cache, &auth);
    if (st == SSE_OK)
        st = oss_request_set_header(r, "Authorization", strbuf_cstr(&auth));
    strbuf_cleanup(&auth);
    if (st != SSE_OK)
        return sse_error_set(err, st, "cannot sign the request: %s", sse_status_message(st));
    return SSE_OK;
}
