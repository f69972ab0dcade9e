/* sign.c — RPC signature steps: percent-encoding, canonical query, string to sign, HMAC-SHA1. */
#include "rpc/sign.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <stdlib.h>
#include <string.h>

#include "oss/request.h"

enum sse_status
rpc_percent_encode(const char *s, struct strbuf *out)
{
    /* The same unreserved set as RFC 3986, which OSS's path encoding already implements. */
    return oss_uri_encode(s, false, out);
}

static int
by_name(const void *a, const void *b)
{
    const struct rpc_param *x = a, *y = b;
    return strcmp(x->name, y->name);
}

enum sse_status
rpc_canonical_query(const struct rpc_param *params, size_t n, struct strbuf *out)
{
    struct rpc_param *sorted = n ? malloc(n * sizeof *sorted) : NULL;
    if (n && !sorted)
        return SSE_ERR_NOMEM;
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (strcmp(params[i].name, "Signature") != 0)
            sorted[k++] = params[i];
    if (k)
        qsort(sorted, k, sizeof *sorted, by_name);
    enum sse_status st = SSE_OK;
    for (size_t i = 0; i < k && st == SSE_OK; i++) {
        if (i)
            st = strbuf_putc(out, '&');
        if (st == SSE_OK)
            st = rpc_percent_encode(sorted[i].name, out);
        if (st == SSE_OK)
            st = strbuf_putc(out, '=');
        if (st == SSE_OK)
            st = rpc_percent_encode(sorted[i].value ? sorted[i].value : "", out);
    }
    free(sorted);
    return st;
}

enum sse_status
rpc_string_to_sign(const char *method, const char *canonical, struct strbuf *out)
{
    enum sse_status st = strbuf_puts(out, method);
    if (st == SSE_OK)
        st = strbuf_puts(out, "&%2F&");
    if (st == SSE_OK)
        st = rpc_percent_encode(canonical, out);
    return st;
}

static enum sse_status
hmac_sha1_base64(const char *key, size_t klen, const char *data, char out[RPC_SIGNATURE_SIZE])
{
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    if (!HMAC(EVP_sha1(), key, (int)klen, (const unsigned char *)data, strlen(data), mac, &len) ||
        len != 20) {
        out[0] = '\0';
        return SSE_ERR_CRYPTO;
    }
    EVP_EncodeBlock((unsigned char *)out, mac, (int)len);
    return SSE_OK;
}

enum sse_status
rpc_hmac_sha1_base64(const char *key, const char *data, char out[RPC_SIGNATURE_SIZE])
{
    return hmac_sha1_base64(key, strlen(key), data, out);
}

enum sse_status
rpc_signature(const char *secret, const char *string_to_sign, char out[RPC_SIGNATURE_SIZE])
{
    char key[RPC_SECRET_MAX + 2];
    size_t n = strlen(secret);
    if (n > RPC_SECRET_MAX) {
        out[0] = '\0';
        return SSE_ERR_INVALID;
    }
    memcpy(key, secret, n);
    key[n] = '&';
    enum sse_status st = hmac_sha1_base64(key, n + 1, string_to_sign, out);
    explicit_bzero(key, sizeof key);
    return st;
}
