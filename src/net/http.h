/* http.h — turns a signed oss_request into a configured libcurl easy handle and collects the
 * answer into an oss_response; maps libcurl failures to specific errors. The only place besides
 * multi.c that includes <curl/curl.h>. */
#ifndef SSE_NET_HTTP_H
#define SSE_NET_HTTP_H

#include <curl/curl.h>

#include "core/status.h"
#include "oss/account.h"
#include "oss/request.h"
#include "oss/response.h"

/* Everything one transfer needs to stay alive while libcurl runs it. */
struct http_transfer {
    CURL *easy;
    struct curl_slist *headers;
    struct oss_response resp;
    char errbuf[CURL_ERROR_SIZE];
};

/* The longest request URL sent. */
#define HTTP_URL_MAX 2047

/* Sets up t->easy for the request (URL, method, headers, body, TLS verification, CA file, proxy,
 * timeouts, capped body). The request must outlive the transfer (its body is not copied).
 * t->resp is reset. */
enum sse_status http_transfer_setup(struct http_transfer *t, const struct oss_request *req,
                                    const struct oss_account *acct,
                                    const struct oss_transport *transport, struct sse_error *err);
struct net_request;
/* The same for a request given whole (net/multi.h): URL, headers and body are copied, TLS is
 * verified. */
enum sse_status http_transfer_setup_request(struct http_transfer *t, const struct net_request *req,
                                            const struct oss_transport *transport,
                                            struct sse_error *err);
/* Interprets libcurl's result code for a finished transfer: SSE_OK when an HTTP answer arrived
 * (whatever its status), else a network/timeout/TLS/too-big error with a specific message. */
enum sse_status http_transfer_outcome(struct http_transfer *t, CURLcode code,
                                      const struct oss_transport *transport, struct sse_error *err);
/* Frees the handle and headers, keeps nothing. Safe on a zeroed struct. */
void http_transfer_cleanup(struct http_transfer *t);

#endif
