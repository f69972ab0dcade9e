/* response.c — RPC error documents and the retry decision. */
#include "rpc/response.h"

#include <stdio.h>
#include <string.h>

#include "core/ascii.h"
#include "rpc/json.h"

static bool
blank(const char *body, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (!strchr(" \t\r\n", body[i]) || body[i] == '\0')
            return false;
    return true;
}

static bool
looks_like_html(const char *body, size_t len)
{
    size_t n = len < 1024 ? len : 1024;
    for (size_t i = 0; i + 5 <= n; i++)
        if (body[i] == '<' && (ascii_has_prefix(body + i, "<html") ||
                               (i + 14 <= n && ascii_has_prefix(body + i, "<!doctype html"))))
            return true;
    return false;
}

enum sse_status
rpc_response_check(const char *service, long http_status, const char *body, size_t len,
                   struct sse_error *err)
{
    struct sse_error scratch;
    if (!err)
        err = &scratch;
    sse_error_clear(err);
    err->http_status = (int)http_status;
    if (http_status == 0)
        return sse_error_set(err, SSE_ERR_NETWORK, "no HTTP answer arrived from %s", service);
    if (http_status >= 200 && http_status <= 299)
        return SSE_OK;
    if (!body || blank(body, len))
        return sse_error_set(err, SSE_ERR_PROTOCOL,
                             "%s answered HTTP %ld with an empty body instead of an error document",
                             service, http_status);
    if (looks_like_html(body, len))
        return sse_error_set(err, SSE_ERR_PROTOCOL,
                             "%s answered HTTP %ld with an HTML page instead of an error document "
                             "(a proxy?)", service, http_status);
    char what[64];
    snprintf(what, sizeof what, "the %s error answer", service);
    struct sse_error perr;
    sse_error_clear(&perr);
    struct rpc_json_doc d = {what, &perr};
    json_t *root = NULL;
    char code[sizeof err->code], message[sizeof err->message], rid[sizeof err->request_id];
    enum sse_status st = rpc_json_parse(&d, body, len, RPC_MAX_BODY, &root);
    if (st == SSE_OK)
        st = rpc_json_string(&d, root, NULL, "Code", RPC_JSON_REQUIRED, code, sizeof code, NULL);
    if (st == SSE_OK)
        st = rpc_json_string(&d, root, NULL, "Message", RPC_JSON_CUT, message, sizeof message,
                             NULL);
    if (st == SSE_OK)
        st = rpc_json_string(&d, root, NULL, "RequestId", RPC_JSON_CUT, rid, sizeof rid, NULL);
    json_decref(root);
    if (st != SSE_OK)
        return sse_error_set(err, SSE_ERR_PROTOCOL, "%s answered HTTP %ld, and %s", service,
                             http_status, perr.message);
    err->status = SSE_ERR_SERVICE;
    memcpy(err->code, code, sizeof code);
    memcpy(err->message, message, sizeof message);
    memcpy(err->request_id, rid, sizeof rid);
    return SSE_ERR_SERVICE;
}

enum sse_status
rpc_response_json(const char *service, long http_status, const char *body, size_t len,
                  const struct rpc_json_doc *d, json_t **root)
{
    *root = NULL;
    enum sse_status st = rpc_response_check(service, http_status, body, len, d->err);
    if (st != SSE_OK)
        return st;
    return rpc_json_parse(d, body ? body : "", body ? len : 0, RPC_MAX_BODY, root);
}

bool
rpc_response_retryable(long http_status, const struct sse_error *err)
{
    if (http_status == 0)
        return err && (err->status == SSE_ERR_NETWORK || err->status == SSE_ERR_TIMEOUT);
    if ((http_status >= 500 && http_status <= 599) || http_status == 429)
        return true;
    if (!err)
        return false;
    /* KMS answers Throttling with 400; STS uses Throttling.User and friends. */
    if (strcmp(err->code, "Throttling") == 0 || strncmp(err->code, "Throttling.", 11) == 0)
        return true;
    return strcmp(err->code, "ServiceUnavailable") == 0 || strcmp(err->code, "InternalError") == 0;
}
