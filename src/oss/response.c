/* response.c — interprets an OSS answer: a rule, "none", a bucket page, or a specific error. */
#include "oss/response.h"

#include <openssl/evp.h>
#include <stdio.h>
#include <string.h>

#include "core/ascii.h"

void
oss_response_init(struct oss_response *resp)
{
    memset(resp, 0, sizeof *resp);
    strbuf_init(&resp->body, OSS_XML_MAX_BODY);
    strbuf_init(&resp->x_oss_err, OSS_X_OSS_ERR_MAX);
}

void
oss_response_cleanup(struct oss_response *resp)
{
    strbuf_cleanup(&resp->body);
    strbuf_cleanup(&resp->x_oss_err);
    oss_response_init(resp); /* usable again, like a fresh init */
}

void
oss_response_reset(struct oss_response *resp)
{
    struct strbuf body = resp->body; /* keep the allocation for the next transfer */
    strbuf_reset(&body);
    strbuf_cleanup(&resp->x_oss_err); /* rare: not worth keeping */
    memset(resp, 0, sizeof *resp);
    resp->body = body;
    strbuf_init(&resp->x_oss_err, OSS_X_OSS_ERR_MAX);
}

static bool
is_2xx(long status)
{
    return status >= 200 && status <= 299;
}

/* True when the body is empty or only white space. */
static bool
body_blank(const struct oss_response *resp)
{
    const char *s = strbuf_cstr(&resp->body);
    for (size_t i = 0; i < resp->body.len; i++)
        if (!strchr(" \t\r\n", s[i]) || s[i] == '\0')
            return false;
    return true;
}

/* A web page from a proxy, captive portal or load balancer, not OSS: said so by Content-Type,
 * or an <html> tag near the start (an OSS document never holds one unescaped). */
static bool
looks_like_html(const struct oss_response *resp)
{
    if (ascii_has_prefix(resp->content_type, "text/html"))
        return true;
    const char *s = strbuf_cstr(&resp->body);
    size_t n = resp->body.len < 1024 ? resp->body.len : 1024;
    for (size_t i = 0; i + 5 <= n; i++)
        if (s[i] == '<' && (ascii_has_prefix(s + i, "<html") ||
                            (i + 14 <= n && ascii_has_prefix(s + i, "<!doctype html"))))
            return true;
    return false;
}

static const char *
reason_phrase(long status)
{
    switch (status) {
    case 400: return " (Bad Request)";
    case 401: return " (Unauthorized)";
    case 403: return " (Forbidden)";
    case 404: return " (Not Found)";
    case 405: return " (Method Not Allowed)";
    case 408: return " (Request Timeout)";
    case 409: return " (Conflict)";
    case 429: return " (Too Many Requests)";
    case 500: return " (Internal Server Error)";
    case 502: return " (Bad Gateway)";
    case 503: return " (Service Unavailable)";
    case 504: return " (Gateway Timeout)";
    default: return "";
    }
}

/* Decodes base64 text (white space around it allowed) into out; false when it is not base64 or
 * does not fit. */
static bool
base64_decode(const char *in, char *out, size_t out_size, size_t *out_len)
{
    while (*in == ' ' || *in == '\t')
        in++;
    size_t n = strlen(in);
    while (n && (in[n - 1] == ' ' || in[n - 1] == '\t' || in[n - 1] == '\r' || in[n - 1] == '\n'))
        n--;
    if (n == 0 || n % 4 || n / 4 * 3 > out_size || n > 1u << 20)
        return false;
    int got = EVP_DecodeBlock((unsigned char *)out, (const unsigned char *)in, (int)n);
    if (got < 0)
        return false;
    /* EVP_DecodeBlock counts the bytes that the padding stands for; take them off. */
    size_t len = (size_t)got;
    if (in[n - 1] == '=')
        len--;
    if (in[n - 2] == '=')
        len--;
    *out_len = len;
    return true;
}

/* Fills err from an OSS Error document; what the document lacks comes from the headers. */
static enum sse_status
error_from_document(const struct oss_response *resp, const char *doc, size_t len,
                    const char *where, struct sse_error *err)
{
    struct sse_error parsed = {0};
    if (oss_xml_parse_error(doc, len, &parsed) != SSE_OK) {
        sse_strlcpy(err->ec, resp->x_oss_ec, sizeof err->ec);
        return sse_error_set(err, SSE_ERR_PROTOCOL,
                             "HTTP %ld with %s that is not an OSS error document (%.300s)",
                             resp->http_status, where, parsed.message);
    }
    err->status = SSE_ERR_SERVICE;
    memcpy(err->code, parsed.code, sizeof err->code);
    memcpy(err->message, parsed.message, sizeof err->message);
    if (!err->request_id[0])
        memcpy(err->request_id, parsed.request_id, sizeof err->request_id);
    if (parsed.ec[0])
        memcpy(err->ec, parsed.ec, sizeof err->ec);
    else
        sse_strlcpy(err->ec, resp->x_oss_ec, sizeof err->ec);
    memcpy(err->endpoint, parsed.endpoint, sizeof err->endpoint);
    /* OSS's words ("... send all future requests to this endpoint.") do not say which. */
    if (err->endpoint[0]) {
        size_t n = strlen(err->message);
        snprintf(err->message + n, sizeof err->message - n, "%s(the endpoint it names: %s)",
                 n ? " " : "", err->endpoint);
    }
    return SSE_ERR_SERVICE;
}

enum sse_status
oss_response_check(const struct oss_response *resp, struct sse_error *err)
{
    struct sse_error scratch;
    if (!err)
        err = &scratch;
    sse_error_clear(err);
    err->http_status = (int)resp->http_status;
    sse_strlcpy(err->request_id, resp->request_id, sizeof err->request_id);
    long http = resp->http_status;

    if (http == 0)
        return sse_error_set(err, SSE_ERR_NETWORK, "no HTTP response arrived");
    if (resp->body_truncated)
        return sse_error_set(err, SSE_ERR_TOOBIG,
                             "HTTP %ld response body passed the %d-byte limit; reading stopped",
                             http, OSS_XML_MAX_BODY);
    if (is_2xx(http))
        return SSE_OK;

    if (body_blank(resp)) {
        if (resp->x_oss_err.len) {
            /* HEAD-like answers carry the Error document base64-encoded in x-oss-err. */
            char xml[OSS_X_OSS_ERR_MAX + 1];
            size_t len = 0;
            if (!base64_decode(strbuf_cstr(&resp->x_oss_err), xml, sizeof xml, &len)) {
                sse_strlcpy(err->ec, resp->x_oss_ec, sizeof err->ec);
                return sse_error_set(err, SSE_ERR_PROTOCOL,
                                     "HTTP %ld with an empty body and an x-oss-err header that is "
                                     "not base64", http);
            }
            return error_from_document(resp, xml, len, "an x-oss-err header", err);
        }
        sse_strlcpy(err->ec, resp->x_oss_ec, sizeof err->ec);
        return sse_error_set(err, SSE_ERR_PROTOCOL,
                             "HTTP %ld%s with an empty body instead of an OSS error document",
                             http, reason_phrase(http));
    }
    if (looks_like_html(resp))
        return sse_error_set(err, SSE_ERR_PROTOCOL,
                             "HTTP %ld with an HTML page instead of an OSS response (a proxy?)",
                             http);
    return error_from_document(resp, strbuf_cstr(&resp->body), resp->body.len, "a body", err);
}

/* The checks before a 2xx body is parsed as `what`. */
static enum sse_status
check_success_body(const struct oss_response *resp, const char *what, struct sse_error *err)
{
    if (body_blank(resp))
        return sse_error_set(err, SSE_ERR_PROTOCOL,
                             "HTTP %ld with an empty body where %s was expected",
                             resp->http_status, what);
    if (looks_like_html(resp))
        return sse_error_set(err, SSE_ERR_PROTOCOL,
                             "HTTP %ld with an HTML page instead of an OSS response (a proxy?)",
                             resp->http_status);
    return SSE_OK;
}

enum sse_status
oss_response_rule(const struct oss_response *resp, struct sse_rule *out, struct sse_error *err)
{
    struct sse_error scratch;
    if (!err)
        err = &scratch;
    memset(out, 0, sizeof *out);
    out->algo = SSE_ALGO_NONE;
    enum sse_status st = oss_response_check(resp, err);
    if (st == SSE_ERR_SERVICE && strcmp(err->code, "NoSuchServerSideEncryptionRule") == 0) {
        /* "No rule" is an answer, not a failure; decided on the Code because the documented
         * HTTP status (400 or 404) is inconsistent. HTTP status and request id stay for display. */
        err->status = SSE_OK;
        err->code[0] = err->message[0] = err->ec[0] = '\0';
        return SSE_OK;
    }
    if (st != SSE_OK)
        return st;
    if ((st = check_success_body(resp, "a ServerSideEncryptionRule", err)) != SSE_OK)
        return st;
    return oss_xml_parse_rule(strbuf_cstr(&resp->body), resp->body.len, out, err);
}

enum sse_status
oss_response_bucket_page(const struct oss_response *resp, struct oss_bucket_page *out,
                         struct sse_error *err)
{
    struct sse_error scratch;
    if (!err)
        err = &scratch;
    memset(out, 0, sizeof *out);
    enum sse_status st = oss_response_check(resp, err);
    if (st != SSE_OK)
        return st;
    if ((st = check_success_body(resp, "a ListAllMyBucketsResult", err)) != SSE_OK)
        return st;
    return oss_xml_parse_bucket_list(strbuf_cstr(&resp->body), resp->body.len, out, err);
}

enum sse_status
oss_response_location(const struct oss_response *resp, char *region, size_t size,
                      struct sse_error *err)
{
    struct sse_error scratch;
    if (!err)
        err = &scratch;
    region[0] = '\0';
    enum sse_status st = oss_response_check(resp, err);
    if (st != SSE_OK)
        return st;
    if ((st = check_success_body(resp, "a LocationConstraint", err)) != SSE_OK)
        return st;
    return oss_xml_parse_location(strbuf_cstr(&resp->body), resp->body.len, region, size, err);
}

bool
oss_response_retryable(const struct oss_response *resp, const struct sse_error *err)
{
    long http = resp ? resp->http_status : 0;
    if (http == 0)
        return err && (err->status == SSE_ERR_NETWORK || err->status == SSE_ERR_TIMEOUT);
    if ((http >= 500 && http <= 599) || http == 408 || http == 429)
        return true;
    if (!err)
        return false;
    static const char *const codes[] = {"RequestTimeTooSkewed", "ServiceUnavailable",
                                        "Throttling"};
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++)
        if (strcmp(err->code, codes[i]) == 0)
            return true;
    return false;
}
