/* sign_v1.c — OSS V1 signature: canonical headers and resource, HMAC-SHA1, presigned URLs. */
#include "oss/sign_v1.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <stdio.h>
#include <string.h>

#include "oss/sign_util.h"

/* Canonical strings are a few hundred bytes; the cap only stops runaway input. */
#define SIGN_V1_MAX_TEXT (64 * 1024)

/* Sub-resources signed in the canonical resource: the union of GOV1 signKeyList, GOV2
 * requiredSignedParametersMap, PY1 and JAVA, plus encryption and resourceGroup (which GOV2 and JS
 * pass per operation). The documented list ends in "etc.", so a union is the safe choice. */
static const char *const subresources[] = {
    "acl", "append", "asyncFetch", "bucketInfo", "callback", "callback-var", "cloudboxes", "cname",
    "comp", "continuation-token", "cors", "delete", "encryption", "endTime", "img", "inventory",
    "inventoryId", "lifecycle", "live", "location", "logging", "metaQuery", "objectMeta",
    "partNumber", "policy", "position", "qos", "qosInfo", "referer", "regionList", "replication",
    "replicationLocation", "replicationProgress", "requestPayment", "resourceGroup",
    "response-cache-control", "response-content-disposition", "response-content-encoding",
    "response-content-language", "response-content-type", "response-expires", "responseHeader",
    "restore", "rtc", "security-token", "sequential", "startTime", "stat", "status", "style",
    "styleName", "symlink", "tagging", "transferAcceleration", "udf", "udfApplication",
    "udfApplicationLog", "udfId", "udfImage", "udfImageDesc", "udfName", "uploadId", "uploads",
    "versionId", "versioning", "versions", "vod", "website", "withHashContext", "worm",
    "wormExtend", "wormId",
};

static const char *const day_names[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
static const char *const month_names[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

static bool
creds_usable(const struct oss_credentials *c)
{
    /* The id goes verbatim into "OSS id:sig"; anything outside visible ASCII or a ':' would
     * change how the server splits the header. */
    return oss_credentials_present(c) && sign_key_id_sendable(c->access_key_id, ":");
}

/* CanonicalizedOSSHeaders takes the x-oss-* headers. */
static bool
is_oss_header(const char *name, const void *arg)
{
    (void)arg;
    return ascii_has_prefix(name, "x-oss-");
}

enum sse_status
sign_v1_format_date(time_t t, char out[SIGN_V1_DATE_SIZE])
{
    struct tm tm;
    if (!sign_utc(t, &tm))
        return SSE_ERR_INVALID;
    /* Not strftime: %a and %b follow the locale, and main() sets one for ncursesw. */
    char buf[64];
    int n = snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d GMT", day_names[tm.tm_wday],
                     tm.tm_mday, month_names[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
                     tm.tm_sec);
    if (n != SIGN_V1_DATE_SIZE - 1)
        return SSE_ERR_INVALID;
    memcpy(out, buf, SIGN_V1_DATE_SIZE);
    return SSE_OK;
}

bool
sign_v1_is_subresource(const char *name)
{
    if (strncmp(name, "x-oss-", 6) == 0)
        return true;
    for (size_t i = 0; i < sizeof subresources / sizeof subresources[0]; i++)
        if (strcmp(name, subresources[i]) == 0)
            return true;
    return false;
}

enum sse_status
sign_v1_canonical_headers(const struct oss_request *r, struct strbuf *out)
{
    return sign_put_headers(r, is_oss_header, NULL, out);
}

enum sse_status
sign_v1_canonical_resource(const struct oss_request *r, struct strbuf *out)
{
    enum sse_status st = strbuf_putc(out, '/');
    if (st == SSE_OK && r->bucket[0]) {
        st = strbuf_puts(out, r->bucket);
        if (st == SSE_OK)
            st = strbuf_putc(out, '/');
    }
    if (st == SSE_OK && r->key)
        st = strbuf_puts(out, r->key); /* raw: V1 signs the key unencoded */

    /* Sub-resources, insertion-sorted by name (stable for repeated names). */
    size_t idx[OSS_MAX_PARAMS];
    size_t n = 0;
    for (size_t i = 0; i < r->nparams; i++) {
        if (!sign_v1_is_subresource(r->params[i].name))
            continue;
        size_t j = n++;
        while (j > 0 && strcmp(r->params[idx[j - 1]].name, r->params[i].name) > 0) {
            idx[j] = idx[j - 1];
            j--;
        }
        idx[j] = i;
    }
    for (size_t k = 0; k < n && st == SSE_OK; k++) {
        const struct oss_kv *p = &r->params[idx[k]];
        st = strbuf_putc(out, k == 0 ? '?' : '&');
        if (st == SSE_OK)
            st = strbuf_puts(out, p->name);
        /* An empty value signs as the bare name, as GOV2 and PY1 do. */
        if (st == SSE_OK && p->value && *p->value) {
            st = strbuf_putc(out, '=');
            if (st == SSE_OK)
                st = strbuf_puts(out, p->value);
        }
    }
    return st;
}

enum sse_status
sign_v1_string_to_sign(const struct oss_request *r, const char *expires, struct strbuf *out)
{
    const char *date = expires;
    if (!date) {
        /* The documented rule (and CSDK, PY1, PY2): x-oss-date wins over Date. */
        date = oss_request_header(r, "x-oss-date");
        if (!date)
            date = oss_request_header(r, "Date");
        if (!date)
            return SSE_ERR_INVALID;
    }
    const char *md5 = oss_request_header(r, "Content-MD5");
    const char *type = oss_request_header(r, "Content-Type");
    enum sse_status st = strbuf_printf(out, "%s\n%s\n%s\n%s\n", r->method, md5 ? md5 : "",
                                       type ? type : "", date);
    if (st == SSE_OK)
        st = sign_v1_canonical_headers(r, out);
    if (st == SSE_OK)
        st = sign_v1_canonical_resource(r, out);
    return st;
}

enum sse_status
sign_v1_signature(const char *secret, const char *string_to_sign, char out[SIGN_V1_SIGNATURE_SIZE])
{
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    if (!HMAC(EVP_sha1(), secret, (int)strlen(secret), (const unsigned char *)string_to_sign,
              strlen(string_to_sign), mac, &len) ||
        len != 20)
        return SSE_ERR_CRYPTO;
    EVP_EncodeBlock((unsigned char *)out, mac, (int)len);
    OPENSSL_cleanse(mac, sizeof mac);
    return SSE_OK;
}

/* String to sign → signature, with the intermediate text kept local. */
static enum sse_status
sign_with(const struct oss_request *r, const char *secret, const char *expires,
          char sig[SIGN_V1_SIGNATURE_SIZE])
{
    struct strbuf sts;
    strbuf_init(&sts, SIGN_V1_MAX_TEXT);
    enum sse_status st = sign_v1_string_to_sign(r, expires, &sts);
    if (st == SSE_OK)
        st = sign_v1_signature(secret, strbuf_cstr(&sts), sig);
    strbuf_cleanup(&sts);
    return st;
}

enum sse_status
sign_v1_authorization(const struct oss_request *r, const struct oss_credentials *c,
                      struct strbuf *out)
{
    if (!creds_usable(c))
        return SSE_ERR_CREDENTIALS;
    char sig[SIGN_V1_SIGNATURE_SIZE];
    enum sse_status st = sign_with(r, c->access_key_secret, NULL, sig);
    if (st == SSE_OK)
        st = strbuf_printf(out, "OSS %s:%s", c->access_key_id, sig);
    return st;
}

enum sse_status
sign_v1_presign(struct oss_request *r, const struct oss_credentials *c, long long expires)
{
    if (!creds_usable(c))
        return SSE_ERR_CREDENTIALS;
    if (expires < 0)
        return SSE_ERR_INVALID;
    char when[24];
    snprintf(when, sizeof when, "%lld", expires);
    enum sse_status st = SSE_OK;
    /* The token must be in the query before signing: it is a signed sub-resource. */
    if (c->security_token && *c->security_token)
        st = oss_request_add_param(r, "security-token", c->security_token);
    char sig[SIGN_V1_SIGNATURE_SIZE];
    if (st == SSE_OK)
        st = sign_with(r, c->access_key_secret, when, sig);
    if (st == SSE_OK)
        st = oss_request_add_param(r, "Expires", when);
    if (st == SSE_OK)
        st = oss_request_add_param(r, "OSSAccessKeyId", c->access_key_id);
    if (st == SSE_OK)
        st = oss_request_add_param(r, "Signature", sig);
    return st;
}
