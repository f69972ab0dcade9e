/* request.c — RPC calls as data: parameters, signing, and the URL and body sent. */
#include "rpc/request.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rpc/timestamp.h"

void
rpc_request_init(struct rpc_request *r, const char *method, const struct rpc_endpoint *ep)
{
    memset(r, 0, sizeof *r);
    snprintf(r->method, sizeof r->method, "%s", method);
    if (ep)
        r->endpoint = *ep;
}

static void
wipe_free(char *s)
{
    if (s) {
        explicit_bzero(s, strlen(s));
        free(s);
    }
}

void
rpc_request_cleanup(struct rpc_request *r)
{
    for (size_t i = 0; i < r->nquery; i++) {
        free(r->query[i].name);
        wipe_free(r->query[i].value);
    }
    for (size_t i = 0; i < r->nform; i++) {
        free(r->form[i].name);
        wipe_free(r->form[i].value);
    }
    r->nquery = r->nform = 0;
}

const char *
rpc_request_param(const struct rpc_request *r, const char *name)
{
    for (size_t i = 0; i < r->nquery; i++)
        if (strcmp(r->query[i].name, name) == 0)
            return r->query[i].value;
    for (size_t i = 0; i < r->nform; i++)
        if (strcmp(r->form[i].name, name) == 0)
            return r->form[i].value;
    return NULL;
}

static enum sse_status
add(struct rpc_request *r, struct rpc_param *list, size_t *n, const char *name, const char *value)
{
    if (*n >= RPC_MAX_PARAMS || rpc_request_param(r, name))
        return SSE_ERR_INVALID;
    char *k = strdup(name), *v = strdup(value ? value : "");
    if (!k || !v) {
        free(k);
        wipe_free(v);
        return SSE_ERR_NOMEM;
    }
    list[*n].name = k;
    list[*n].value = v;
    (*n)++;
    return SSE_OK;
}

enum sse_status
rpc_request_add_query(struct rpc_request *r, const char *name, const char *value)
{
    return add(r, r->query, &r->nquery, name, value);
}

enum sse_status
rpc_request_add_form(struct rpc_request *r, const char *name, const char *value)
{
    return add(r, r->form, &r->nform, name, value);
}

enum sse_status
rpc_request_begin(struct rpc_request *r, const struct rpc_endpoint *ep, const char *version,
                  const char *action)
{
    rpc_request_init(r, "POST", ep);
    enum sse_status st = rpc_request_add_query(r, "Version", version);
    if (st == SSE_OK)
        st = rpc_request_add_query(r, "Action", action);
    if (st == SSE_OK)
        st = rpc_request_add_query(r, "Format", "JSON");
    return st;
}

enum sse_status
rpc_request_stamp(struct rpc_request *r, time_t when, struct sse_error *err)
{
    char ts[RPC_TIMESTAMP_SIZE];
    if (rpc_timestamp_format(when, ts) != SSE_OK)
        return sse_error_set(err, SSE_ERR_INVALID, "the signing time has no 4-digit year");
    enum sse_status st = rpc_request_add_query(r, "Timestamp", ts);
    return st == SSE_OK ? SSE_OK : sse_error_set(err, st, "cannot add the Timestamp parameter");
}

/* Visible ASCII only, none of the bytes that would need thought in a header or log line. */
static bool
plain_token(const char *s, size_t max)
{
    size_t n = strlen(s);
    if (n == 0 || n > max)
        return false;
    for (; *s; s++)
        if ((unsigned char)*s <= 0x20 || (unsigned char)*s >= 0x7f)
            return false;
    return true;
}

enum sse_status
rpc_request_canonical(const struct rpc_request *r, struct strbuf *out)
{
    struct rpc_param all[2 * RPC_MAX_PARAMS];
    size_t n = 0;
    for (size_t i = 0; i < r->nquery; i++)
        all[n++] = r->query[i];
    for (size_t i = 0; i < r->nform; i++)
        all[n++] = r->form[i];
    return rpc_canonical_query(all, n, out);
}

enum sse_status
rpc_request_sign(struct rpc_request *r, const struct oss_credentials *c, time_t when,
                 const char *nonce, struct sse_error *err)
{
    if (!oss_credentials_present(c))
        return sse_error_set(err, SSE_ERR_CREDENTIALS, "no access key pair to sign the %s call with",
                             rpc_request_param(r, "Action") ? rpc_request_param(r, "Action")
                                                            : "RPC");
    if (!nonce || !plain_token(nonce, RPC_NONCE_MAX))
        return sse_error_set(err, SSE_ERR_INVALID,
                             "the signature nonce must be 1 to %d visible ASCII characters",
                             RPC_NONCE_MAX);
    /* The key ID is not secret, but one with spaces or control bytes would not sign as sent. */
    if (!plain_token(c->access_key_id, 128))
        return sse_error_set(err, SSE_ERR_INVALID,
                             "the AccessKeyId has spaces or control characters, or is longer "
                             "than 128 bytes");
    enum sse_status st = rpc_request_stamp(r, when, err);
    if (st != SSE_OK)
        return st;
    st = rpc_request_add_query(r, "SignatureMethod", "HMAC-SHA1");
    if (st == SSE_OK)
        st = rpc_request_add_query(r, "SignatureVersion", "1.0");
    if (st == SSE_OK)
        st = rpc_request_add_query(r, "SignatureNonce", nonce);
    if (st == SSE_OK)
        st = rpc_request_add_query(r, "AccessKeyId", c->access_key_id);
    if (st == SSE_OK && c->security_token && *c->security_token)
        st = rpc_request_add_query(r, "SecurityToken", c->security_token);
    if (st != SSE_OK)
        return sse_error_set(err, st, "cannot add the signature parameters (one is already set, "
                             "or there are more than %d)", RPC_MAX_PARAMS);

    struct strbuf canonical, sts;
    strbuf_init(&canonical, RPC_URL_MAX + RPC_BODY_MAX);
    strbuf_init(&sts, 3 * (RPC_URL_MAX + RPC_BODY_MAX));
    char sig[RPC_SIGNATURE_SIZE];
    st = rpc_request_canonical(r, &canonical);
    if (st == SSE_OK)
        st = rpc_string_to_sign(r->method, strbuf_cstr(&canonical), &sts);
    if (st == SSE_OK)
        st = rpc_signature(c->access_key_secret, strbuf_cstr(&sts), sig);
    if (st == SSE_OK)
        st = rpc_request_add_query(r, "Signature", sig);
    /* Both hold the security token when there is one. */
    if (canonical.data)
        explicit_bzero(canonical.data, canonical.cap);
    if (sts.data)
        explicit_bzero(sts.data, sts.cap);
    strbuf_cleanup(&canonical);
    strbuf_cleanup(&sts);
    if (st == SSE_ERR_TOOBIG)
        return sse_error_set(err, st, "the parameters are too long to sign");
    if (st == SSE_ERR_INVALID)
        return sse_error_set(err, st, "the AccessKeySecret is longer than %d bytes", RPC_SECRET_MAX);
    if (st != SSE_OK)
        return sse_error_set(err, st, "cannot compute the signature");
    return SSE_OK;
}

static enum sse_status
encode_list(const struct rpc_param *list, size_t n, struct strbuf *out)
{
    enum sse_status st = SSE_OK;
    for (size_t i = 0; i < n && st == SSE_OK; i++) {
        if (i)
            st = strbuf_putc(out, '&');
        if (st == SSE_OK)
            st = rpc_percent_encode(list[i].name, out);
        if (st == SSE_OK)
            st = strbuf_putc(out, '=');
        if (st == SSE_OK)
            st = rpc_percent_encode(list[i].value, out);
    }
    return st;
}

enum sse_status
rpc_request_url(const struct rpc_request *r, struct strbuf *out)
{
    enum sse_status st = strbuf_printf(out, "%s://%s/", r->endpoint.scheme, r->endpoint.host);
    if (st == SSE_OK && r->nquery)
        st = strbuf_putc(out, '?');
    if (st == SSE_OK)
        st = encode_list(r->query, r->nquery, out);
    return st;
}

enum sse_status
rpc_request_body(const struct rpc_request *r, struct strbuf *out)
{
    return encode_list(r->form, r->nform, out);
}
