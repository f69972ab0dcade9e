/* multi.h — a set of HTTP transfers run at once over one libcurl multi handle (connections pooled
 * per host, easy handles reused): add a transfer, perform, take the finished ones, poll with a
 * time-out, wake it from another thread. libcurl's types stay inside src/net: this header shows
 * none of them. */
#ifndef SSE_NET_MULTI_H
#define SSE_NET_MULTI_H

#include <time.h>

#include "core/status.h"
#include "oss/account.h"
#include "oss/request.h"
#include "oss/response.h"

struct net_multi;
struct net_transfer;

/* An HTTP request given whole, for what is not an OSS request: an RPC call to STS, the ECS
 * metadata service, a credentials URI. Everything is copied when it is added (the URL, a header
 * and the body may hold a secret: the caller wipes its own copies). */
struct net_request {
    const char *method;            /* "GET", "PUT", "POST" */
    const char *url;               /* scheme://host[:port]/path?query, encoded */
    const char *headers[4];        /* "Name: value" lines; NULL ends the list early */
    const char *body;              /* NULL: none */
    size_t body_len;
    long connect_timeout_ms;       /* 0: the transport's */
    long timeout_ms;               /* 0: the transport's */
};

/* Process-wide set-up of libcurl: once, before any thread starts; _cleanup once at exit. */
enum sse_status net_global_init(void);
void net_global_cleanup(void);

/* A set for up to transport->concurrency transfers and connections (transport is copied). NULL
 * with err on failure. Used by one thread, except net_multi_wakeup. */
struct net_multi *net_multi_new(const struct oss_transport *transport, struct sse_error *err);
/* Frees the set and its idle handles; free its transfers first. NULL is a no-op. */
void net_multi_free(struct net_multi *m);

/* A transfer that names owner (and the owner's kind, the caller's number) when it is done (caller
 * frees it with net_transfer_free). NULL when out of memory. */
struct net_transfer *net_transfer_new(void *owner, int kind);
int net_transfer_kind(const struct net_transfer *t);
/* Takes t out of m if it is running, keeps its handle for reuse (or frees it) and frees t. NULL
 * is a no-op. */
void net_transfer_free(struct net_multi *m, struct net_transfer *t);
void *net_transfer_owner(const struct net_transfer *t);
/* The answer of t's last finished request (borrowed; valid until t is added again or freed). */
const struct oss_response *net_transfer_response(const struct net_transfer *t);

/* Sets t up for req (signed; it must outlive the transfer: its body is not copied) and adds it
 * to m. On failure t is not in m. */
enum sse_status net_multi_add(struct net_multi *m, struct net_transfer *t,
                              const struct oss_request *req, const struct oss_account *acct,
                              struct sse_error *err);
/* Sets t up for req and adds it to m (TLS always verified, with the transport's CA file and
 * proxy). On failure t is not in m. */
enum sse_status net_multi_add_request(struct net_multi *m, struct net_transfer *t,
                                      const struct net_request *req, struct sse_error *err);
/* Moves every transfer on as far as it goes without waiting. */
void net_multi_perform(struct net_multi *m);
/* The next finished transfer, taken out of m, with *st SSE_OK when an HTTP answer arrived
 * (whatever its status), else the failure (network, time-out, TLS, too big) in err. NULL when no
 * transfer has finished. */
struct net_transfer *net_multi_next_done(struct net_multi *m, enum sse_status *st,
                                         struct sse_error *err);
/* Waits up to timeout_ms for a transfer to make progress or for net_multi_wakeup. */
void net_multi_poll(struct net_multi *m, int timeout_ms);
/* Ends a net_multi_poll in progress (or makes the next one return at once). Safe from any
 * thread. */
void net_multi_wakeup(struct net_multi *m);

/* An HTTP date ("Sun, 06 Nov 1994 08:49:37 GMT" and the older forms) as UNIX time; -1 when the
 * text is not one. */
time_t net_http_date(const char *text);

#endif
