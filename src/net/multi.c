/* multi.c — the transfer set over one CURLM, with a pool of idle easy handles. */
#include "net/multi.h"

#include <curl/curl.h>
#include <stdlib.h>

#include "net/http.h"

struct net_multi {
    CURLM *multi;
    struct oss_transport transport;
    CURL **idle;    /* easy handles kept for reuse (at most `concurrency`) */
    size_t nidle;
    size_t max_idle;
};

struct net_transfer {
    struct http_transfer http;
    void *owner;
    int kind;
    bool running;   /* added to the multi handle */
};

enum sse_status
net_global_init(void)
{
    return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK ? SSE_OK : SSE_ERR_NETWORK;
}

void
net_global_cleanup(void)
{
    curl_global_cleanup();
}

struct net_multi *
net_multi_new(const struct oss_transport *transport, struct sse_error *err)
{
    struct net_multi *m = calloc(1, sizeof *m);
    if (!m) {
        sse_error_set(err, SSE_ERR_NOMEM, "out of memory");
        return NULL;
    }
    m->transport = *transport;
    m->max_idle = transport->concurrency > 0 ? (size_t)transport->concurrency : 1;
    m->idle = calloc(m->max_idle, sizeof *m->idle);
    m->multi = m->idle ? curl_multi_init() : NULL;
    if (!m->multi) {
        sse_error_set(err, SSE_ERR_NOMEM, m->idle ? "cannot create the transfer set"
                                                  : "out of memory");
        free(m->idle);
        free(m);
        return NULL;
    }
    long conns = (long)m->max_idle;
    curl_multi_setopt(m->multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, conns);
    curl_multi_setopt(m->multi, CURLMOPT_MAXCONNECTS, conns);
    return m;
}

void
net_multi_free(struct net_multi *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < m->nidle; i++)
        curl_easy_cleanup(m->idle[i]);
    free(m->idle);
    curl_multi_cleanup(m->multi);
    free(m);
}

struct net_transfer *
net_transfer_new(void *owner, int kind)
{
    struct net_transfer *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    oss_response_init(&t->http.resp);
    t->owner = owner;
    t->kind = kind;
    return t;
}

int
net_transfer_kind(const struct net_transfer *t)
{
    return t->kind;
}

/* Gives t's handle back for the next transfer when the pool has room; else t keeps it. */
static void
pool_handle(struct net_multi *m, struct net_transfer *t)
{
    if (t->http.easy && m->nidle < m->max_idle) {
        m->idle[m->nidle++] = t->http.easy;
        t->http.easy = NULL;
    }
}

void
net_transfer_free(struct net_multi *m, struct net_transfer *t)
{
    if (!t)
        return;
    if (t->running)
        curl_multi_remove_handle(m->multi, t->http.easy);
    pool_handle(m, t);
    http_transfer_cleanup(&t->http);
    free(t);
}

void *
net_transfer_owner(const struct net_transfer *t)
{
    return t->owner;
}

const struct oss_response *
net_transfer_response(const struct net_transfer *t)
{
    return &t->http.resp;
}

/* A pooled handle for t, when it has none yet: setup resets it, and it saves one per request. */
static void
lend_handle(struct net_multi *m, struct net_transfer *t)
{
    if (!t->http.easy && m->nidle)
        t->http.easy = m->idle[--m->nidle];
}

/* Puts t, set up (st), into the set. */
static enum sse_status
start_transfer(struct net_multi *m, struct net_transfer *t, enum sse_status st,
               struct sse_error *err)
{
    if (st != SSE_OK)
        return st;
    curl_easy_setopt(t->http.easy, CURLOPT_PRIVATE, t);
    if (curl_multi_add_handle(m->multi, t->http.easy) != CURLM_OK)
        return sse_error_set(err, SSE_ERR_NETWORK, "cannot start the transfer");
    t->running = true;
    return SSE_OK;
}

enum sse_status
net_multi_add(struct net_multi *m, struct net_transfer *t, const struct oss_request *req,
              const struct oss_account *acct, struct sse_error *err)
{
    lend_handle(m, t);
    return start_transfer(m, t, http_transfer_setup(&t->http, req, acct, &m->transport, err),
                          err);
}

enum sse_status
net_multi_add_request(struct net_multi *m, struct net_transfer *t, const struct net_request *req,
                      struct sse_error *err)
{
    lend_handle(m, t);
    return start_transfer(m, t, http_transfer_setup_request(&t->http, req, &m->transport, err),
                          err);
}

void
net_multi_perform(struct net_multi *m)
{
    int running;
    curl_multi_perform(m->multi, &running);
}

struct net_transfer *
net_multi_next_done(struct net_multi *m, enum sse_status *st, struct sse_error *err)
{
    CURLMsg *msg;
    int left;
    while ((msg = curl_multi_info_read(m->multi, &left))) {
        if (msg->msg != CURLMSG_DONE)
            continue;
        struct net_transfer *t = NULL;
        curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&t);
        CURLcode code = msg->data.result; /* msg is invalid once the handle is removed */
        curl_multi_remove_handle(m->multi, t->http.easy);
        t->running = false;
        *st = http_transfer_outcome(&t->http, code, &m->transport, err);
        pool_handle(m, t); /* the answer is in t->http.resp; the handle is done with */
        return t;
    }
    return NULL;
}

void
net_multi_poll(struct net_multi *m, int timeout_ms)
{
    curl_multi_poll(m->multi, NULL, 0, timeout_ms, NULL);
}

void
net_multi_wakeup(struct net_multi *m)
{
    curl_multi_wakeup(m->multi);
}

time_t
net_http_date(const char *text)
{
    time_t t = curl_getdate(text, NULL);
    return t > 0 ? t : -1;
}
