/* request.c — OSS requests as data, and the builders for the encryption and list operations. */
#include "oss/request.h"

#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/validate.h"
#include "oss/sign_util.h"
#include "oss/xml.h"

void
oss_request_init(struct oss_request *r, const char *method)
{
    memset(r, 0, sizeof *r);
    sse_strlcpy(r->method, method, sizeof r->method);
    sse_strlcpy(r->scheme, "https", sizeof r->scheme);
}

static void
kv_free(struct oss_kv *kv)
{
    free(kv->name);
    free(kv->value);
    kv->name = kv->value = NULL;
}

void
oss_request_cleanup(struct oss_request *r)
{
    for (size_t i = 0; i < r->nparams; i++)
        kv_free(&r->params[i]);
    for (size_t i = 0; i < r->nheaders; i++) {
        /* Authorization and the STS token are secrets-derived: wipe before freeing. */
        if (r->headers[i].value)
            explicit_bzero(r->headers[i].value, strlen(r->headers[i].value));
        kv_free(&r->headers[i]);
    }
    free(r->key);
    free(r->body);
    memset(r, 0, sizeof *r);
}

static enum sse_status
kv_set(struct oss_kv *kv, const char *name, const char *value)
{
    char *n = strdup(name);
    char *v = value ? strdup(value) : NULL;
    if (!n || (value && !v)) {
        free(n);
        free(v);
        return SSE_ERR_NOMEM;
    }
    kv->name = n;
    kv->value = v;
    return SSE_OK;
}

enum sse_status
oss_request_add_param(struct oss_request *r, const char *name, const char *value)
{
    if (r->nparams == OSS_MAX_PARAMS)
        return SSE_ERR_INVALID;
    enum sse_status st = kv_set(&r->params[r->nparams], name, value);
    if (st == SSE_OK)
        r->nparams++;
    return st;
}

enum sse_status
oss_request_set_header(struct oss_request *r, const char *name, const char *value)
{
    for (size_t i = 0; i < r->nheaders; i++) {
        if (ascii_casecmp(r->headers[i].name, name) == 0) {
            char *v = strdup(value);
            if (!v)
                return SSE_ERR_NOMEM;
            free(r->headers[i].value);
            r->headers[i].value = v;
            return SSE_OK;
        }
    }
    if (r->nheaders == OSS_MAX_HEADERS)
        return SSE_ERR_INVALID;
    enum sse_status st = kv_set(&r->headers[r->nheaders], name, value);
    if (st == SSE_OK)
        r->nheaders++;
    return st;
}

const char *
oss_request_header(const struct oss_request *r, const char *name)
{
    for (size_t i = 0; i < r->nheaders; i++)
        if (ascii_casecmp(r->headers[i].name, name) == 0)
            return r->headers[i].value;
    return NULL;
}

enum sse_status
oss_request_set_key(struct oss_request *r, const char *key)
{
    char *k = key ? strdup(key) : NULL;
    if (key && !k)
        return SSE_ERR_NOMEM;
    free(r->key);
    r->key = k;
    return SSE_OK;
}

enum sse_status
oss_request_set_body(struct oss_request *r, const char *body, size_t len, const char *content_type)
{
    char *copy = malloc(len + 1);
    if (!copy)
        return SSE_ERR_NOMEM;
    memcpy(copy, body, len);
    copy[len] = '\0';
    free(r->body);
    r->body = copy;
    r->body_len = len;

    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int dlen = 0;
    if (!EVP_Digest(body, len, digest, &dlen, EVP_md5(), NULL))
        return SSE_ERR_CRYPTO;
    char b64[32];
    EVP_EncodeBlock((unsigned char *)b64, digest, (int)dlen);
    enum sse_status st = oss_request_set_header(r, "Content-MD5", b64);
    if (st == SSE_OK && content_type)
        st = oss_request_set_header(r, "Content-Type", content_type);
    return st;
}

enum sse_status
oss_uri_encode(const char *s, bool keep_slash, struct strbuf *out)
{
    static const char hex[] = "0123456789ABCDEF";
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        unsigned char c = *p;
        bool keep = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '.' || c == '_' || c == '~' || (keep_slash && c == '/');
        enum sse_status st;
        if (keep) {
            st = strbuf_putc(out, (char)c);
        } else {
            char esc[3] = {'%', hex[c >> 4], hex[c & 15]};
            st = strbuf_add(out, esc, 3);
        }
        if (st != SSE_OK)
            return st;
    }
    return SSE_OK;
}

enum sse_status
oss_request_path(const struct oss_request *r, struct strbuf *out)
{
    enum sse_status st = strbuf_putc(out, '/');
    if (st == SSE_OK && r->path_style && r->bucket[0]) {
        st = strbuf_puts(out, r->bucket);
        if (st == SSE_OK)
            st = strbuf_putc(out, '/');
    }
    if (st == SSE_OK && r->key)
        st = oss_uri_encode(r->key, true, out);
    return st;
}

enum sse_status
oss_request_url(const struct oss_request *r, struct strbuf *out)
{
    enum sse_status st = strbuf_printf(out, "%s://%s", r->scheme, r->host);
    if (st == SSE_OK)
        st = oss_request_path(r, out);
    for (size_t i = 0; st == SSE_OK && i < r->nparams; i++) {
        st = strbuf_putc(out, i == 0 ? '?' : '&');
        if (st == SSE_OK)
            st = oss_uri_encode(r->params[i].name, false, out);
        if (st == SSE_OK && r->params[i].value) {
            st = strbuf_putc(out, '=');
            if (st == SSE_OK)
                st = oss_uri_encode(r->params[i].value, false, out);
        }
    }
    return st;
}

/* Splits "scheme://host[:port][/]" into scheme and host; a bare host means https. */
static enum sse_status
parse_endpoint(const char *endpoint, char *scheme, size_t scheme_size, char *host, size_t host_size,
               struct sse_error *err)
{
    const char *h = endpoint;
    const char *sep = strstr(endpoint, "://");
    if (sep) {
        size_t n = (size_t)(sep - endpoint);
        if (ascii_equal_n("https", endpoint, n) || ascii_equal_n("http", endpoint, n)) {
            snprintf(scheme, scheme_size, "%.*s", (int)n, endpoint);
            for (char *c = scheme; *c; c++)
                *c = (char)(*c | 0x20);
        } else {
            return sse_error_set(err, SSE_ERR_CONFIG,
                                 "endpoint \"%.200s\" must start with http:// or https://", endpoint);
        }
        h = sep + 3;
    } else {
        snprintf(scheme, scheme_size, "https");
    }
    size_t n = strcspn(h, "/?#");
    if (n == 0)
        return sse_error_set(err, SSE_ERR_CONFIG, "endpoint \"%.200s\" has no host", endpoint);
    if (h[n] == '/' && h[n + 1] != '\0')
        return sse_error_set(err, SSE_ERR_CONFIG,
                             "endpoint \"%.200s\" must be a host without a path", endpoint);
    if (h[n] == '?' || h[n] == '#')
        return sse_error_set(err, SSE_ERR_CONFIG,
                             "endpoint \"%.200s\" must not have a query or fragment", endpoint);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)h[i];
        if (c <= 0x20 || c >= 0x7f || c == '@')
            return sse_error_set(err, SSE_ERR_CONFIG,
                                 "endpoint \"%.200s\" has a character not allowed in a host name",
                                 endpoint);
    }
    if (n >= host_size)
        return sse_error_set(err, SSE_ERR_CONFIG, "endpoint host is too long");
    memcpy(host, h, n);
    host[n] = '\0';
    for (char *c = host; *c; c++)
        if (*c >= 'A' && *c <= 'Z')
            *c = (char)(*c | 0x20);
    return SSE_OK;
}

enum sse_status
oss_request_target(struct oss_request *r, const struct oss_account *acct, const char *bucket,
                   struct sse_error *err)
{
    char host[OSS_ENDPOINT_MAX];
    enum sse_status st =
        parse_endpoint(acct->endpoint, r->scheme, sizeof r->scheme, host, sizeof host, err);
    if (st != SSE_OK)
        return st;
    if (bucket && *bucket) {
        if ((st = validate_bucket_name(bucket, err)) != SSE_OK)
            return st;
        sse_strlcpy(r->bucket, bucket, sizeof r->bucket);
    } else {
        r->bucket[0] = '\0';
    }
    r->path_style = acct->addressing == OSS_ADDR_PATH;
    if (r->bucket[0] && !r->path_style)
        snprintf(r->host, sizeof r->host, "%s.%s", r->bucket, host);
    else
        snprintf(r->host, sizeof r->host, "%s", host);
    return SSE_OK;
}

/* METHOD /?SUBRESOURCE on the bucket. */
static enum sse_status
build_subresource(struct oss_request *r, const char *method, const struct oss_account *acct,
                  const char *bucket, const char *subresource, struct sse_error *err)
{
    oss_request_init(r, method);
    enum sse_status st = oss_request_target(r, acct, bucket, err);
    if (st != SSE_OK)
        return st;
    if ((st = oss_request_add_param(r, subresource, NULL)) != SSE_OK)
        return sse_error_set(err, st, "cannot build request: %s", sse_status_message(st));
    return SSE_OK;
}

static enum sse_status
build_encryption(struct oss_request *r, const char *method, const struct oss_account *acct,
                 const char *bucket, struct sse_error *err)
{
    return build_subresource(r, method, acct, bucket, "encryption", err);
}

enum sse_status
oss_build_get_location(struct oss_request *r, const struct oss_account *acct, const char *bucket,
                       struct sse_error *err)
{
    return build_subresource(r, "GET", acct, bucket, "location", err);
}

enum sse_status
oss_build_get_encryption(struct oss_request *r, const struct oss_account *acct, const char *bucket,
                         struct sse_error *err)
{
    return build_encryption(r, "GET", acct, bucket, err);
}

enum sse_status
oss_build_delete_encryption(struct oss_request *r, const struct oss_account *acct,
                            const char *bucket, struct sse_error *err)
{
    return build_encryption(r, "DELETE", acct, bucket, err);
}

enum sse_status
oss_build_put_encryption(struct oss_request *r, const struct oss_account *acct, const char *bucket,
                         const struct sse_rule *rule, struct sse_error *err)
{
    enum sse_status st = build_encryption(r, "PUT", acct, bucket, err);
    if (st != SSE_OK)
        return st;
    if ((st = validate_rule(rule, err)) != SSE_OK)
        return st;
    struct strbuf body;
    strbuf_init(&body, OSS_XML_MAX_BODY);
    st = oss_xml_build_rule(rule, &body, err);
    if (st == SSE_OK) {
        st = oss_request_set_body(r, strbuf_cstr(&body), body.len, "application/xml");
        if (st != SSE_OK)
            sse_error_set(err, st, "cannot build request body: %s", sse_status_message(st));
    }
    strbuf_cleanup(&body);
    return st;
}

enum sse_status
oss_build_list_buckets(struct oss_request *r, const struct oss_account *acct, const char *prefix,
                       const char *marker, int max_keys, struct sse_error *err)
{
    oss_request_init(r, "GET");
    enum sse_status st = oss_request_target(r, acct, NULL, err);
    if (st != SSE_OK)
        return st;
    /* Empty values are left out: "name=" and a bare "name" sign differently across SDKs. */
    if (prefix && *prefix)
        st = oss_request_add_param(r, "prefix", prefix);
    if (st == SSE_OK && marker && *marker)
        st = oss_request_add_param(r, "marker", marker);
    if (st == SSE_OK && max_keys > 0) {
        char n[16];
        snprintf(n, sizeof n, "%d", max_keys > 1000 ? 1000 : max_keys);
        st = oss_request_add_param(r, "max-keys", n);
    }
    if (st != SSE_OK)
        return sse_error_set(err, st, "cannot build request: %s", sse_status_message(st));
    return SSE_OK;
}
