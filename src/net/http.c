/* http.c — libcurl easy-handle setup for OSS requests and error mapping. */
#include "net/http.h"

#include <stdio.h>
#include <string.h>

#include "core/ascii.h"
#include "core/strbuf.h"
#include "net/multi.h"

static size_t
on_body(char *data, size_t size, size_t nmemb, void *userp)
{
    struct http_transfer *t = userp;
    size_t n = size * nmemb;
    if (strbuf_add(&t->resp.body, data, n) != SSE_OK) {
        /* Over the cap: stop reading; the outcome reports it as too large. */
        t->resp.body_truncated = true;
        return 0;
    }
    return n;
}

/* The value of a "Name: value\r\n" header line, trimmed, when its name matches; else NULL. */
static const char *
header_value(const char *line, size_t len, const char *name, size_t *vlen)
{
    size_t nlen = strlen(name);
    if (len <= nlen || line[nlen] != ':' || !ascii_has_prefix(line, name))
        return NULL;
    const char *v = line + nlen + 1;
    const char *end = line + len;
    while (v < end && (*v == ' ' || *v == '\t'))
        v++;
    while (end > v && (end[-1] == '\r' || end[-1] == '\n' || end[-1] == ' '))
        end--;
    *vlen = (size_t)(end - v);
    return v;
}

/* Copies the value of a matching header line into dst, cut to fit. */
static void
header_copy(const char *line, size_t len, const char *name, char *dst, size_t dstsize)
{
    size_t n;
    const char *v = header_value(line, len, name, &n);
    if (!v)
        return;
    if (n >= dstsize)
        n = dstsize - 1;
    memcpy(dst, v, n);
    dst[n] = '\0';
}

static size_t
on_header(char *data, size_t size, size_t nmemb, void *userp)
{
    struct http_transfer *t = userp;
    size_t n = size * nmemb;
    /* A new status line starts a new response (e.g. after "100 Continue"): forget old headers. */
    if (n >= 5 && strncmp(data, "HTTP/", 5) == 0) {
        t->resp.request_id[0] = t->resp.content_type[0] = '\0';
        t->resp.x_oss_ec[0] = t->resp.date[0] = '\0';
        strbuf_reset(&t->resp.x_oss_err);
        return n;
    }
    header_copy(data, n, "x-oss-request-id", t->resp.request_id, sizeof t->resp.request_id);
    header_copy(data, n, "content-type", t->resp.content_type, sizeof t->resp.content_type);
    header_copy(data, n, "x-oss-ec", t->resp.x_oss_ec, sizeof t->resp.x_oss_ec);
    header_copy(data, n, "date", t->resp.date, sizeof t->resp.date);
    size_t vlen;
    const char *err = header_value(data, n, "x-oss-err", &vlen);
    if (err) {
        strbuf_reset(&t->resp.x_oss_err);
        /* Out of memory leaves it empty: the answer is then reported without its document. */
        (void)strbuf_add(&t->resp.x_oss_err, err,
                         vlen < OSS_X_OSS_ERR_MAX ? vlen : OSS_X_OSS_ERR_MAX);
    }
    return n;
}

/* Frees a header list, wiping each line first: one may carry a token. */
static void
free_headers(struct curl_slist *l)
{
    for (struct curl_slist *i = l; i; i = i->next)
        if (i->data)
            explicit_bzero(i->data, strlen(i->data));
    curl_slist_free_all(l);
}

/* A fresh or reset handle for t, with the options every request has (answer capture, timeouts,
 * TLS verification unless insecure, the transport's CA file and proxy). */
static enum sse_status
prepare(struct http_transfer *t, const struct oss_transport *transport, bool insecure,
        long connect_timeout_ms, long timeout_ms, struct sse_error *err)
{
    if (!t->easy) {
        t->easy = curl_easy_init();
        if (!t->easy)
            return sse_error_set(err, SSE_ERR_NOMEM, "cannot create an HTTP handle");
    } else {
        curl_easy_reset(t->easy);
    }
    free_headers(t->headers);
    t->headers = NULL;
    oss_response_reset(&t->resp);
    t->errbuf[0] = '\0';
    CURL *e = t->easy;
    curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(e, CURLOPT_ERRORBUFFER, t->errbuf);
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, t);
    curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(e, CURLOPT_HEADERDATA, t);
    curl_easy_setopt(e, CURLOPT_PRIVATE, t);
    /* Answers are a few hundred bytes (a ListBuckets page a few hundred KB, read in more
     * pieces): a 4 KB receive buffer instead of 16 KB saves 12 KB per handle, 64 handles a sweep. */
    curl_easy_setopt(e, CURLOPT_BUFFERSIZE, 4096L);
    if (timeout_ms > 0)
        curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, timeout_ms);
    else
        curl_easy_setopt(e, CURLOPT_TIMEOUT, transport->timeout_s > 0 ? transport->timeout_s : 10L);
    if (connect_timeout_ms > 0)
        curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, connect_timeout_ms);
    else
        curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT,
                         transport->connect_timeout_s > 0 ? transport->connect_timeout_s : 5L);
    curl_easy_setopt(e, CURLOPT_TCP_KEEPALIVE, 1L);
    curl_easy_setopt(e, CURLOPT_USERAGENT, "sseadm/" SSEADM_VERSION);
    /* TLS verification stays on unless the profile explicitly says insecure_tls = true. */
    curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, insecure ? 0L : 1L);
    curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, insecure ? 0L : 2L);
    if (transport->ca_file[0])
        curl_easy_setopt(e, CURLOPT_CAINFO, transport->ca_file);
    if (transport->proxy[0])
        curl_easy_setopt(e, CURLOPT_PROXY, transport->proxy);
    return SSE_OK;
}

/* Appends one "Name: value" line to t's headers. */
static enum sse_status
add_header_line(struct http_transfer *t, const char *line)
{
    struct curl_slist *l = curl_slist_append(t->headers, line);
    if (!l)
        return SSE_ERR_NOMEM;
    t->headers = l;
    return SSE_OK;
}

/* The headers after the request's own (st: how adding those went), handed to the handle. No
 * "Expect: 100-continue" round trip, and no form content type for PUT bodies. */
static enum sse_status
finish_headers(struct http_transfer *t, enum sse_status st, struct sse_error *err)
{
    if (st == SSE_OK)
        st = add_header_line(t, "Expect:");
    if (st != SSE_OK)
        return sse_error_set(err, st, "cannot build request headers");
    curl_easy_setopt(t->easy, CURLOPT_HTTPHEADER, t->headers);
    return SSE_OK;
}

enum sse_status
http_transfer_setup(struct http_transfer *t, const struct oss_request *req,
                    const struct oss_account *acct, const struct oss_transport *transport,
                    struct sse_error *err)
{
    enum sse_status st = prepare(t, transport, acct->insecure_tls, 0, 0, err);
    if (st != SSE_OK)
        return st;
    CURL *e = t->easy;
    struct strbuf url;
    strbuf_init(&url, HTTP_URL_MAX);
    st = oss_request_url(req, &url);
    if (st == SSE_OK) /* libcurl keeps its own copy */
        st = curl_easy_setopt(e, CURLOPT_URL, strbuf_cstr(&url)) == CURLE_OK ? SSE_OK
                                                                              : SSE_ERR_NOMEM;
    strbuf_cleanup(&url);
    if (st == SSE_ERR_NOMEM)
        return sse_error_set(err, st, "out of memory for the request URL");
    if (st != SSE_OK)
        return sse_error_set(err, st, "request URL is too long");
    if (strcmp(req->method, "GET") != 0)
        curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, req->method);
    if (req->body) {
        curl_easy_setopt(e, CURLOPT_POSTFIELDS, req->body);
        curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)req->body_len);
    }

    struct strbuf line;
    strbuf_init(&line, 16384);
    for (size_t i = 0; i < req->nheaders && st == SSE_OK; i++) {
        strbuf_reset(&line);
        st = strbuf_puts(&line, req->headers[i].name);
        if (st == SSE_OK)
            st = strbuf_add(&line, ": ", 2);
        if (st == SSE_OK)
            st = strbuf_puts(&line, req->headers[i].value ? req->headers[i].value : "");
        if (st == SSE_OK)
            st = add_header_line(t, strbuf_cstr(&line));
    }
    if (line.data) /* it held the Authorization line */
        explicit_bzero(line.data, line.cap);
    strbuf_cleanup(&line);
    return finish_headers(t, st, err);
}

enum sse_status
http_transfer_setup_request(struct http_transfer *t, const struct net_request *req,
                            const struct oss_transport *transport, struct sse_error *err)
{
    enum sse_status st = prepare(t, transport, false, req->connect_timeout_ms, req->timeout_ms,
                                 err);
    if (st != SSE_OK)
        return st;
    CURL *e = t->easy;
    if (curl_easy_setopt(e, CURLOPT_URL, req->url) != CURLE_OK)
        return sse_error_set(err, SSE_ERR_NOMEM, "out of memory for the request URL");
    if (strcmp(req->method, "GET") != 0)
        curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, req->method);
    if (req->body) { /* copied: the caller wipes its own */
        curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)req->body_len);
        curl_easy_setopt(e, CURLOPT_COPYPOSTFIELDS, req->body);
    } else if (strcmp(req->method, "PUT") == 0 || strcmp(req->method, "POST") == 0) {
        curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)0);
        curl_easy_setopt(e, CURLOPT_COPYPOSTFIELDS, "");
    }
    for (size_t i = 0; i < sizeof req->headers / sizeof req->headers[0] && req->headers[i] &&
                       st == SSE_OK; i++)
        st = add_header_line(t, req->headers[i]);
    return finish_headers(t, st, err);
}

enum sse_status
http_transfer_outcome(struct http_transfer *t, CURLcode code, const struct oss_transport *transport,
                      struct sse_error *err)
{
    long status = 0;
    curl_easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE, &status);
    t->resp.http_status = status;
    if (code == CURLE_OK)
        return SSE_OK;
    err->http_status = (int)status;
    if (t->resp.request_id[0])
        sse_strlcpy(err->request_id, t->resp.request_id, sizeof err->request_id);
    const char *detail = t->errbuf[0] ? t->errbuf : curl_easy_strerror(code);
    char host[256] = "";
    const char *url = NULL;
    curl_easy_getinfo(t->easy, CURLINFO_EFFECTIVE_URL, &url);
    const char *h = url ? strstr(url, "://") : NULL;
    if (h)
        snprintf(host, sizeof host, "%.*s", (int)strcspn(h + 3, "/?"), h + 3);
    switch (code) {
    case CURLE_WRITE_ERROR:
        if (t->resp.body_truncated)
            return sse_error_set(err, SSE_ERR_TOOBIG,
                                 "response from %s is larger than %zu bytes; refused", host,
                                 t->resp.body.limit);
        break;
    case CURLE_OPERATION_TIMEDOUT:
        return sse_error_set(err, SSE_ERR_TIMEOUT, "no complete answer from %s within %ld s (%s)",
                             host, transport->timeout_s, detail);
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
        return sse_error_set(err, SSE_ERR_NETWORK, "cannot resolve %s (%s)", host, detail);
    case CURLE_COULDNT_CONNECT:
        return sse_error_set(err, SSE_ERR_NETWORK, "cannot connect to %s (%s)", host, detail);
    case CURLE_GOT_NOTHING:
        return sse_error_set(err, SSE_ERR_NETWORK, "%s closed the connection without answering",
                             host);
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
        return sse_error_set(err, SSE_ERR_NETWORK, "connection to %s broke (%s)", host, detail);
    case CURLE_PARTIAL_FILE:
        return sse_error_set(err, SSE_ERR_NETWORK,
                             "%s closed the connection before the whole answer arrived", host);
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CIPHER:
        return sse_error_set(err, SSE_ERR_TLS, "TLS with %s failed: %s", host, detail);
    default:
        break;
    }
    return sse_error_set(err, SSE_ERR_NETWORK, "request to %s failed: %s", host, detail);
}

void
http_transfer_cleanup(struct http_transfer *t)
{
    if (t->easy)
        curl_easy_cleanup(t->easy);
    free_headers(t->headers);
    oss_response_cleanup(&t->resp);
    t->easy = NULL;
    t->headers = NULL;
}
