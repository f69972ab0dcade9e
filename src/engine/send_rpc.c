/* send_rpc.c — a signed RPC request, sent. */
#include "engine/send_rpc.h"

#include <string.h>

#include "core/strbuf.h"

enum sse_status
send_rpc(struct net_multi *net, struct net_transfer *t, const struct rpc_request *r,
         struct sse_error *err)
{
    struct strbuf url, body;
    strbuf_init(&url, RPC_URL_MAX);
    strbuf_init(&body, RPC_BODY_MAX);
    enum sse_status st = rpc_request_url(r, &url);
    if (st == SSE_OK)
        st = rpc_request_body(r, &body);
    if (st == SSE_OK) {
        struct net_request req = {
            .method = "POST",
            .url = strbuf_cstr(&url),
            .headers = { "Content-Type: " RPC_FORM_CONTENT_TYPE, "Accept: application/json" },
            .body = strbuf_cstr(&body),
            .body_len = body.len,
        };
        st = net_multi_add_request(net, t, &req, err);
    } else {
        sse_error_set(err, st, "cannot build the request");
    }
    /* Both may hold a secret (the security token, an OIDC token). */
    if (url.data)
        explicit_bzero(url.data, url.cap);
    if (body.data)
        explicit_bzero(body.data, body.cap);
    strbuf_cleanup(&url);
    strbuf_cleanup(&body);
    return st;
}
