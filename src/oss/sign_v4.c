/* sign_v4.c — OSS V4 signature: canonical request, string to sign, key chain, presigned URLs. */
#include "oss/sign_v4.h"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "oss/sign_util.h"

/* Canonical strings are a few hundred bytes; the cap only stops runaway input. */
#define SIGN_V4_MAX_TEXT (64 * 1024)
#define SIGN_V4_ALGORITHM "OSS4-HMAC-SHA256"
#define SIGN_V4_UNSIGNED "UNSIGNED-PAYLOAD"
#define SIGN_V4_TERMINATOR "aliyun_v4_request"

/* x-oss-*, content-type and content-md5 are signed whether listed or not. */
static bool
always_signed(const char *name)
{
    return ascii_has_prefix(name, "x-oss-") || ascii_casecmp(name, "content-type") == 0 ||
           ascii_casecmp(name, "content-md5") == 0;
}

static void
hex_encode(const unsigned char *bytes, size_t n, char *out)
{
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = digits[bytes[i] >> 4];
        out[2 * i + 1] = digits[bytes[i] & 15];
    }
    out[2 * n] = '\0';
}

/* "YYYYMMDDTHHMMSSZ", digits where digits belong. */
static bool
datetime_valid(const char *dt)
{
    if (!dt || strlen(dt) != SIGN_V4_DATETIME_SIZE - 1 || dt[8] != 'T' || dt[15] != 'Z')
        return false;
    for (int i = 0; i < 15; i++)
        if (i != 8 && (dt[i] < '0' || dt[i] > '9'))
            return false;
    return true;
}

/* Region and product end up in the scope and the Authorization header: keep them to the
 * characters real region IDs and CloudBox IDs use, so they cannot break either apart. */
static bool
scope_part_valid(const char *s)
{
    if (!s || !*s)
        return false;
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_' || c == '.'))
            return false;
    }
    return true;
}

static bool
creds_usable(const struct oss_credentials *c)
{
    /* The id goes verbatim into "Credential=id/scope,": no '/', ',' or anything unprintable. */
    return oss_credentials_present(c) && sign_key_id_sendable(c->access_key_id, "/,");
}

enum sse_status
sign_v4_format_datetime(time_t t, char out[SIGN_V4_DATETIME_SIZE])
{
    struct tm tm;
    if (!sign_utc(t, &tm))
        return SSE_ERR_INVALID;
    char buf[64];
    int n = snprintf(buf, sizeof buf, "%04d%02d%02dT%02d%02d%02dZ", tm.tm_year + 1900,
                     tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
    if (n != SIGN_V4_DATETIME_SIZE - 1)
        return SSE_ERR_INVALID;
    memcpy(out, buf, SIGN_V4_DATETIME_SIZE);
    return SSE_OK;
}

enum sse_status
sign_v4_canonical_uri(const struct oss_request *r, struct strbuf *out)
{
    enum sse_status st = strbuf_putc(out, '/');
    if (st == SSE_OK && r->bucket[0]) {
        st = oss_uri_encode(r->bucket, true, out);
        if (st == SSE_OK)
            st = strbuf_putc(out, '/');
        if (st == SSE_OK && r->key)
            st = oss_uri_encode(r->key, true, out);
    }
    return st;
}

/* One query parameter with its name and value already encoded for sorting. */
struct encoded_param {
    struct strbuf name;
    struct strbuf value; /* empty for a bare name */
};

enum sse_status
sign_v4_canonical_query(const struct oss_request *r, struct strbuf *out)
{
    struct encoded_param enc[OSS_MAX_PARAMS];
    size_t idx[OSS_MAX_PARAMS];
    size_t n = r->nparams < OSS_MAX_PARAMS ? r->nparams : OSS_MAX_PARAMS;
    enum sse_status st = SSE_OK;

    for (size_t i = 0; i < n; i++) {
        strbuf_init(&enc[i].name, SIGN_V4_MAX_TEXT);
        strbuf_init(&enc[i].value, SIGN_V4_MAX_TEXT);
    }
    for (size_t i = 0; i < n && st == SSE_OK; i++) {
        st = oss_uri_encode(r->params[i].name, false, &enc[i].name);
        if (st == SSE_OK && r->params[i].value)
            st = oss_uri_encode(r->params[i].value, false, &enc[i].value);
    }
    /* Sorted by encoded name, then encoded value: "%7C…" sorts before letters, raw '|' after. */
    for (size_t i = 0; i < n && st == SSE_OK; i++) {
        size_t j = i;
        while (j > 0) {
            const struct encoded_param *a = &enc[idx[j - 1]], *b = &enc[i];
            int c = strcmp(strbuf_cstr(&a->name), strbuf_cstr(&b->name));
            if (c == 0)
                c = strcmp(strbuf_cstr(&a->value), strbuf_cstr(&b->value));
            if (c <= 0)
                break;
            idx[j] = idx[j - 1];
            j--;
        }
        idx[j] = i;
    }
    for (size_t k = 0; k < n && st == SSE_OK; k++) {
        const struct encoded_param *p = &enc[idx[k]];
        if (k > 0)
            st = strbuf_putc(out, '&');
        if (st == SSE_OK)
            st = strbuf_add(out, strbuf_cstr(&p->name), p->name.len);
        /* NULL and "" both give the bare name, as GOV2, PY1, PY2 and CSDK write it. */
        if (st == SSE_OK && p->value.len) {
            st = strbuf_putc(out, '=');
            if (st == SSE_OK)
                st = strbuf_add(out, strbuf_cstr(&p->value), p->value.len);
        }
    }
    for (size_t i = 0; i < n; i++) {
        strbuf_cleanup(&enc[i].name);
        strbuf_cleanup(&enc[i].value);
    }
    return st;
}

enum sse_status
sign_v4_additional_headers(const struct oss_request *r, const char *const *names, size_t n,
                           struct strbuf *out)
{
    /* Every kept name matches a distinct header of r, so there are at most OSS_MAX_HEADERS. */
    const char *kept[OSS_MAX_HEADERS];
    size_t nkept = 0;
    for (size_t i = 0; i < n; i++) {
        const char *name = names[i];
        if (!name || !*name || always_signed(name) || !oss_request_header(r, name))
            continue;
        /* ';' and ',' would split the AdditionalHeaders field itself. */
        if (strpbrk(name, ";, \t\r\n:"))
            return SSE_ERR_INVALID;
        bool dup = false;
        for (size_t k = 0; k < nkept && !dup; k++)
            dup = ascii_casecmp(kept[k], name) == 0;
        if (dup || nkept == OSS_MAX_HEADERS)
            continue;
        size_t j = nkept++;
        while (j > 0 && ascii_casecmp(kept[j - 1], name) > 0) {
            kept[j] = kept[j - 1];
            j--;
        }
        kept[j] = name;
    }
    enum sse_status st = SSE_OK;
    for (size_t k = 0; k < nkept && st == SSE_OK; k++) {
        if (k > 0)
            st = strbuf_putc(out, ';');
        if (st == SSE_OK)
            st = sign_put_lower(out, kept[k]);
    }
    return st;
}

/* Is name one of the ';'-separated entries of list (ASCII case-insensitive)? */
static bool
in_list(const char *list, const char *name)
{
    if (!list)
        return false;
    for (const char *p = list; *p;) {
        size_t len = strcspn(p, ";");
        if (len && ascii_equal_n(name, p, len))
            return true;
        p += len;
        if (*p == ';')
            p++;
    }
    return false;
}

/* Signed in V4: the always-signed headers and those in the AdditionalHeaders list arg. */
static bool
is_signed_header(const char *name, const void *arg)
{
    return always_signed(name) || in_list(arg, name);
}

enum sse_status
sign_v4_canonical_headers(const struct oss_request *r, const char *additional, struct strbuf *out)
{
    return sign_put_headers(r, is_signed_header, additional, out);
}

/* The canonical request for an already-filtered AdditionalHeaders list. */
static enum sse_status
canonical_request_with(const struct oss_request *r, const char *additional, struct strbuf *out)
{
    enum sse_status st = strbuf_printf(out, "%s\n", r->method);
    if (st == SSE_OK)
        st = sign_v4_canonical_uri(r, out);
    if (st == SSE_OK)
        st = strbuf_putc(out, '\n');
    if (st == SSE_OK)
        st = sign_v4_canonical_query(r, out);
    if (st == SSE_OK)
        st = strbuf_putc(out, '\n');
    if (st == SSE_OK)
        st = sign_v4_canonical_headers(r, additional, out);
    if (st == SSE_OK) {
        const char *payload = oss_request_header(r, "x-oss-content-sha256");
        st = strbuf_printf(out, "\n%s\n%s", additional, payload ? payload : SIGN_V4_UNSIGNED);
    }
    return st;
}

enum sse_status
sign_v4_canonical_request(const struct oss_request *r, const char *const *additional,
                          size_t nadditional, struct strbuf *out)
{
    struct strbuf list;
    strbuf_init(&list, SIGN_V4_MAX_TEXT);
    enum sse_status st = sign_v4_additional_headers(r, additional, nadditional, &list);
    if (st == SSE_OK)
        st = canonical_request_with(r, strbuf_cstr(&list), out);
    strbuf_cleanup(&list);
    return st;
}

enum sse_status
sign_v4_scope(const char *datetime, const char *region, const char *product, struct strbuf *out)
{
    if (!product)
        product = "oss";
    if (!datetime_valid(datetime) || !scope_part_valid(region) || !scope_part_valid(product))
        return SSE_ERR_INVALID;
    return strbuf_printf(out, "%.8s/%s/%s/" SIGN_V4_TERMINATOR, datetime, region, product);
}

/* The string to sign, hashing with sha256 (NULL: OpenSSL's EVP_sha256()). */
static enum sse_status
string_to_sign_with(const EVP_MD *sha256, const char *datetime, const char *scope,
                    const char *canonical_request, struct strbuf *out)
{
    if (!datetime_valid(datetime))
        return SSE_ERR_INVALID;
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    if (!EVP_Digest(canonical_request, strlen(canonical_request), digest, &len,
                    sha256 ? sha256 : EVP_sha256(), NULL) ||
        len != 32)
        return SSE_ERR_CRYPTO;
    char hex[SIGN_V4_HEX_SIZE];
    hex_encode(digest, len, hex);
    return strbuf_printf(out, SIGN_V4_ALGORITHM "\n%s\n%s\n%s", datetime, scope, hex);
}

enum sse_status
sign_v4_string_to_sign(const char *datetime, const char *scope, const char *canonical_request,
                       struct strbuf *out)
{
    return string_to_sign_with(NULL, datetime, scope, canonical_request, out);
}

/* out = HMAC-SHA256(key, data); false on failure. */
static bool
hmac256(const unsigned char *key, size_t klen, const char *data, unsigned char out[32])
{
    unsigned int len = 0;
    return HMAC(EVP_sha256(), key, (int)klen, (const unsigned char *)data, strlen(data), out,
                &len) &&
           len == 32;
}

enum sse_status
sign_v4_signing_key(const char *secret, const char *datetime, const char *region,
                    const char *product, unsigned char key[SIGN_V4_KEY_SIZE])
{
    if (!product)
        product = "oss";
    if (!secret || !datetime_valid(datetime) || !scope_part_valid(region) ||
        !scope_part_valid(product))
        return SSE_ERR_INVALID;
    /* "aliyun_v4" + secret is as sensitive as the secret: one exact allocation, wiped after. */
    size_t slen = strlen(secret);
    size_t klen = 9 + slen;
    unsigned char *k0 = malloc(klen);
    if (!k0)
        return SSE_ERR_NOMEM;
    memcpy(k0, "aliyun_v4", 9);
    memcpy(k0 + 9, secret, slen);
    char date[9];
    memcpy(date, datetime, 8);
    date[8] = '\0';

    unsigned char k1[32], k2[32], k3[32];
    bool ok = hmac256(k0, klen, date, k1) && hmac256(k1, sizeof k1, region, k2) &&
              hmac256(k2, sizeof k2, product, k3) &&
              hmac256(k3, sizeof k3, SIGN_V4_TERMINATOR, key);
    OPENSSL_cleanse(k0, klen);
    free(k0);
    OPENSSL_cleanse(k1, sizeof k1);
    OPENSSL_cleanse(k2, sizeof k2);
    OPENSSL_cleanse(k3, sizeof k3);
    if (!ok) {
        OPENSSL_cleanse(key, SIGN_V4_KEY_SIZE);
        return SSE_ERR_CRYPTO;
    }
    return SSE_OK;
}

enum sse_status
sign_v4_signature(const unsigned char key[SIGN_V4_KEY_SIZE], const char *string_to_sign,
                  char hex[SIGN_V4_HEX_SIZE])
{
    unsigned char mac[32];
    if (!hmac256(key, SIGN_V4_KEY_SIZE, string_to_sign, mac))
        return SSE_ERR_CRYPTO;
    hex_encode(mac, sizeof mac, hex);
    return SSE_OK;
}

void
sign_v4_key_cache_clear(struct sign_v4_key_cache *cache)
{
    EVP_MAC_CTX_free(cache->keyed); /* it holds the key: OpenSSL wipes it */
    EVP_MD_free(cache->sha256);
    OPENSSL_cleanse(cache, sizeof *cache);
}

/* Keys c->keyed with c->key (creating it the first time). On failure c->keyed is NULL and
 * signing falls back to the one-shot HMAC. */
static void
key_hmac(struct sign_v4_key_cache *c)
{
    if (!c->keyed) {
        EVP_MAC *mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
        c->keyed = mac ? EVP_MAC_CTX_new(mac) : NULL;
        EVP_MAC_free(mac); /* the context keeps its own reference */
    }
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, (char *)"SHA256", 0),
        OSSL_PARAM_construct_end(),
    };
    if (c->keyed && !EVP_MAC_init(c->keyed, c->key, sizeof c->key, params)) {
        EVP_MAC_CTX_free(c->keyed);
        c->keyed = NULL;
    }
}

/* HMAC-SHA256 of data under the cache's key, from a copy of the keyed context: no look-up by
 * name and no key set-up per request (a third of the cost of HMAC()). */
static enum sse_status
keyed_signature(EVP_MAC_CTX *keyed, const char *data, char hex[SIGN_V4_HEX_SIZE])
{
    EVP_MAC_CTX *ctx = EVP_MAC_CTX_dup(keyed);
    unsigned char mac[32];
    size_t len = 0;
    bool ok = ctx && EVP_MAC_update(ctx, (const unsigned char *)data, strlen(data)) &&
              EVP_MAC_final(ctx, mac, &len, sizeof mac) && len == sizeof mac;
    EVP_MAC_CTX_free(ctx);
    if (!ok)
        return SSE_ERR_CRYPTO;
    hex_encode(mac, sizeof mac, hex);
    OPENSSL_cleanse(mac, sizeof mac);
    return SSE_OK;
}

/* True when the cache holds the key of this secret, date, region and product. */
static bool
cache_holds(const struct sign_v4_key_cache *c, const char *secret, const struct sign_v4_params *p)
{
    const char *product = p->product ? p->product : "oss";
    return c && c->valid && c->secret == secret && strncmp(c->date, p->datetime, 8) == 0 &&
           strcmp(c->region, p->region) == 0 && strcmp(c->product, product) == 0;
}

/* The signing key, from the cache when it holds this secret, date, region and product (else
 * derived, and kept when the cache can hold it). *keyed is then the cache's HMAC context keyed
 * with it, or NULL when the cache does not hold this key or has no context. */
static enum sse_status
cached_key(const char *secret, const struct sign_v4_params *p, unsigned char key[SIGN_V4_KEY_SIZE],
           EVP_MAC_CTX **keyed)
{
    struct sign_v4_key_cache *c = p->cache;
    const char *product = p->product ? p->product : "oss";
    *keyed = NULL;
    if (cache_holds(c, secret, p)) {
        memcpy(key, c->key, SIGN_V4_KEY_SIZE);
        *keyed = c->keyed;
        return SSE_OK;
    }
    enum sse_status st = sign_v4_signing_key(secret, p->datetime, p->region, p->product, key);
    if (st == SSE_OK && c && strlen(p->region) < sizeof c->region &&
        strlen(product) < sizeof c->product) {
        c->secret = secret;
        memcpy(c->date, p->datetime, 8);
        c->date[8] = '\0';
        strcpy(c->region, p->region);
        strcpy(c->product, product);
        memcpy(c->key, key, SIGN_V4_KEY_SIZE);
        c->valid = true;
        key_hmac(c);
        *keyed = c->keyed;
    }
    return st;
}

/* Canonical request → string to sign → key → signature, for a filtered AdditionalHeaders list
 * and an already-built scope. */
static enum sse_status
sign_with(const struct oss_request *r, const char *secret, const struct sign_v4_params *p,
          const char *additional, const char *scope, char hex[SIGN_V4_HEX_SIZE])
{
    struct strbuf creq, sts;
    strbuf_init(&creq, SIGN_V4_MAX_TEXT);
    strbuf_init(&sts, SIGN_V4_MAX_TEXT);
    unsigned char key[SIGN_V4_KEY_SIZE];
    struct sign_v4_key_cache *c = p->cache;
    if (c && !c->sha256)
        c->sha256 = EVP_MD_fetch(NULL, "SHA256", NULL); /* NULL: the implicit fetch */
    enum sse_status st = canonical_request_with(r, additional, &creq);
    if (st == SSE_OK)
        st = string_to_sign_with(c ? c->sha256 : NULL, p->datetime, scope, strbuf_cstr(&creq),
                                 &sts);
    EVP_MAC_CTX *keyed = NULL;
    if (st == SSE_OK)
        st = cached_key(secret, p, key, &keyed);
    if (st == SSE_OK) {
        st = keyed ? keyed_signature(keyed, strbuf_cstr(&sts), hex)
                   : sign_v4_signature(key, strbuf_cstr(&sts), hex);
        OPENSSL_cleanse(key, sizeof key);
    }
    strbuf_cleanup(&creq);
    strbuf_cleanup(&sts);
    return st;
}

/* The AdditionalHeaders list actually signed and the scope: what both the Authorization header
 * and a presigned URL name. */
static enum sse_status
list_and_scope(const struct oss_request *r, const struct sign_v4_params *p, struct strbuf *list,
               struct strbuf *scope)
{
    enum sse_status st = sign_v4_additional_headers(r, p->additional_headers, p->nadditional, list);
    if (st == SSE_OK)
        st = sign_v4_scope(p->datetime, p->region, p->product, scope);
    return st;
}

enum sse_status
sign_v4_authorization(const struct oss_request *r, const struct oss_credentials *c,
                      const struct sign_v4_params *p, struct strbuf *out)
{
    if (!creds_usable(c))
        return SSE_ERR_CREDENTIALS;
    struct strbuf list, scope;
    strbuf_init(&list, SIGN_V4_MAX_TEXT);
    strbuf_init(&scope, SIGN_V4_MAX_TEXT);
    char hex[SIGN_V4_HEX_SIZE];
    enum sse_status st = list_and_scope(r, p, &list, &scope);
    if (st == SSE_OK)
        st = sign_with(r, c->access_key_secret, p, strbuf_cstr(&list), strbuf_cstr(&scope), hex);
    /* An empty "AdditionalHeaders=" is rejected (0002-00000209): leave the field out instead. */
    if (st == SSE_OK)
        st = strbuf_printf(out, SIGN_V4_ALGORITHM " Credential=%s/%s,%s%s%sSignature=%s",
                           c->access_key_id, strbuf_cstr(&scope),
                           list.len ? "AdditionalHeaders=" : "", strbuf_cstr(&list),
                           list.len ? "," : "", hex);
    strbuf_cleanup(&list);
    strbuf_cleanup(&scope);
    return st;
}

enum sse_status
sign_v4_presign(struct oss_request *r, const struct oss_credentials *c,
                const struct sign_v4_params *p, long expires_s)
{
    if (!creds_usable(c))
        return SSE_ERR_CREDENTIALS;
    if (expires_s <= 0)
        return SSE_ERR_INVALID;
    struct strbuf list, scope, cred;
    strbuf_init(&list, SIGN_V4_MAX_TEXT);
    strbuf_init(&scope, SIGN_V4_MAX_TEXT);
    strbuf_init(&cred, SIGN_V4_MAX_TEXT);
    char expires[24];
    snprintf(expires, sizeof expires, "%ld", expires_s);
    char hex[SIGN_V4_HEX_SIZE];

    enum sse_status st = list_and_scope(r, p, &list, &scope);
    if (st == SSE_OK)
        st = strbuf_printf(&cred, "%s/%s", c->access_key_id, strbuf_cstr(&scope));
    /* These parameters are part of what is signed, so they go in before the signature. */
    if (st == SSE_OK)
        st = oss_request_add_param(r, "x-oss-signature-version", SIGN_V4_ALGORITHM);
    if (st == SSE_OK)
        st = oss_request_add_param(r, "x-oss-date", p->datetime);
    if (st == SSE_OK)
        st = oss_request_add_param(r, "x-oss-expires", expires);
    if (st == SSE_OK)
        st = oss_request_add_param(r, "x-oss-credential", strbuf_cstr(&cred));
    if (st == SSE_OK && list.len)
        st = oss_request_add_param(r, "x-oss-additional-headers", strbuf_cstr(&list));
    if (st == SSE_OK && c->security_token && *c->security_token)
        st = oss_request_add_param(r, "x-oss-security-token", c->security_token);
    if (st == SSE_OK)
        st = sign_with(r, c->access_key_secret, p, strbuf_cstr(&list), strbuf_cstr(&scope), hex);
    if (st == SSE_OK)
        st = oss_request_add_param(r, "x-oss-signature", hex);
    strbuf_cleanup(&list);
    strbuf_cleanup(&scope);
    strbuf_cleanup(&cred);
    return st;
}
