/* creds.c — the worker's credential store: one entry per distinct step (by cache key), fetched
 * through the transfer set and kept fresh, and the sources (profiles' plans) that wait on their
 * last step. */
#include "engine/creds.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/strbuf.h"
#include "engine/send_rpc.h"
#include "ident/answers.h"
#include "ident/process.h"
#include "ident/reader.h"
#include "rpc/response.h"

/* The official libraries refresh temporary credentials when this little is left. */
#define REFRESH_BEFORE_S 180
/* Credentials this close to expiring are not signed with: the request might arrive after. */
#define USABLE_FOR_S 10
/* Credentials still usable are not refreshed again this soon after they came: a source that
 * issues short lifetimes (under 180 s) would otherwise be asked at every request. */
#define REFRESH_MIN_AGE_S 30
/* A fetch that failed is not tried again for this long: the requests of one sweep that come
 * after it fail with its error instead of asking again, one after the other. */
#define FAILED_HOLD_S 5
#define RETRY_BASE_S 1

enum entry_state { ENTRY_EMPTY, ENTRY_READY, ENTRY_FAILED };
enum ecs_phase { ECS_TOKEN, ECS_ROLE_NAME, ECS_CREDENTIALS };

/* One step's credentials, shared by every plan with a step of the same cache key. */
struct entry {
    struct entry *next;
    char key[IDENT_CACHE_KEY_SIZE];
    const struct ident_step *step; /* of the first plan that has it (the plans live as long) */
    struct entry *prev;            /* the step whose credentials it needs; NULL for a source */
    enum entry_state state;
    struct ident_credentials creds; /* READY (and the old ones, during a refresh) */
    struct sse_error error;         /* the last fetch's failure */
    time_t failed_at;               /* when the last fetch failed; 0 after one that worked */
    time_t fetched_at;              /* when the credentials in creds came */
    bool fetching;                  /* a fetch (the first, or a refresh) is under way */
    bool in_flight;                 /* its request is in the transfer set */
    time_t retry_at;                /* the next request not before this (0: at once) */
    int attempts;                   /* requests of this fetch that failed on a busy service */
    enum ecs_phase ecs;
    char ecs_token[IDENT_ECS_TOKEN_MAX];
    char role[IDENT_ROLE_NAME_MAX];
    struct net_transfer *net;
};

struct source {
    struct ident_plan plan;               /* no routes: refused says why */
    struct sse_error refused;
    size_t route;                         /* the route in use: the first that worked */
    struct entry *last[IDENT_ROUTES_MAX]; /* each route's last step */
    void **waiters;
    size_t nwaiters, cap;
};

struct released {
    void *owner;
    enum creds_state state;
    struct sse_error error;
};

struct creds {
    struct source *sources;
    size_t nsources, cap;
    struct entry *entries;
    struct released *released;        /* room for every waiter, reserved by creds_wait */
    size_t nreleased, released_cap, released_next;
    size_t nwaiting;                  /* requests held, over all sources */
    int retries;
    unsigned long fetches;
    uint64_t nonce_seed, nonce_count;
};

struct creds *
creds_new(int retries)
{
    struct creds *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->retries = retries;
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    c->nonce_seed = ((uint64_t)ts.tv_sec << 20) ^ (uint64_t)ts.tv_nsec ^
                    ((uint64_t)getpid() << 40) ^ (uint64_t)(uintptr_t)c;
    return c;
}

void
creds_free(struct creds *c, struct net_multi *net)
{
    if (!c)
        return;
    for (struct entry *e = c->entries, *next; e; e = next) {
        next = e->next;
        net_transfer_free(net, e->net);
        ident_credentials_cleanup(&e->creds);
        explicit_bzero(e->ecs_token, sizeof e->ecs_token);
        free(e);
    }
    for (size_t i = 0; i < c->nsources; i++) {
        ident_plan_cleanup(&c->sources[i].plan);
        free(c->sources[i].waiters);
    }
    free(c->sources);
    free(c->released);
    free(c);
}

/* The entry of step (whose prev is the entry before), made when no plan had it yet. */
static struct entry *
entry_for(struct creds *c, const struct ident_step *step, struct entry *prev)
{
    for (struct entry *e = c->entries; e; e = e->next)
        if (strcmp(e->key, step->cache_key) == 0)
            return e;
    struct entry *e = calloc(1, sizeof *e);
    if (!e)
        return NULL;
    memcpy(e->key, step->cache_key, sizeof e->key);
    e->step = step;
    e->prev = prev;
    e->next = c->entries;
    c->entries = e;
    return e;
}

unsigned
creds_add(struct creds *c, struct ident_plan *plan)
{
    if (c->nsources == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 8;
        struct source *s = realloc(c->sources, cap * sizeof *s);
        if (!s)
            return 0;
        c->sources = s;
        c->cap = cap;
    }
    struct source *s = &c->sources[c->nsources];
    memset(s, 0, sizeof *s);
    s->plan = *plan; /* moved: the steps' owned strings go with it */
    ident_plan_init(plan);
    for (size_t r = 0; r < s->plan.nroutes; r++) {
        struct entry *prev = NULL;
        for (size_t k = 0; k < s->plan.routes[r].nsteps; k++) {
            if (!(prev = entry_for(c, &s->plan.routes[r].steps[k], prev))) {
                ident_plan_cleanup(&s->plan);
                return 0;
            }
        }
        s->last[r] = prev;
    }
    return (unsigned)++c->nsources;
}

unsigned
creds_add_refused(struct creds *c, const struct sse_error *why)
{
    struct ident_plan none;
    ident_plan_init(&none);
    unsigned s = creds_add(c, &none);
    if (s) {
        c->sources[s - 1].refused = *why;
        c->sources[s - 1].refused.status = SSE_ERR_CREDENTIALS;
    }
    return s;
}

static struct source *
source_of(const struct creds *c, unsigned s)
{
    return s >= 1 && s <= c->nsources ? &c->sources[s - 1] : NULL;
}

const char *
creds_description(const struct creds *c, unsigned s)
{
    const struct source *src = source_of(c, s);
    return src ? src->plan.description : "";
}

const struct rpc_endpoint *
creds_sts(const struct creds *c, unsigned s)
{
    const struct source *src = source_of(c, s);
    return src ? &src->plan.sts : NULL;
}

static bool
usable(const struct entry *e, time_t now)
{
    return e->state == ENTRY_READY &&
           (e->creds.expiration == 0 || e->creds.expiration > now + USABLE_FOR_S);
}

/* Starts what e needs to be usable, and fresh (a refresh when 180 s or less are left): its own
 * fetch, and first its prev's. */
static void
need(struct entry *e, time_t now)
{
    if (e->prev)
        need(e->prev, now);
    bool fresh = usable(e, now) &&
                 (e->creds.expiration == 0 || e->creds.expiration - now > REFRESH_BEFORE_S ||
                  now - e->fetched_at < REFRESH_MIN_AGE_S);
    if (fresh || e->fetching)
        return;
    if (e->failed_at && now - e->failed_at < FAILED_HOLD_S)
        return;
    e->fetching = true;
    e->attempts = 0;
    e->retry_at = 0;
    e->ecs = ECS_TOKEN;
}

static void send_step(struct creds *c, struct net_multi *net, struct entry *e, time_t now);

enum creds_state
creds_for(struct creds *c, unsigned s, time_t now, const struct oss_credentials **keys,
          time_t *expires, struct sse_error *err)
{
    struct source *src = source_of(c, s);
    if (!src) {
        sse_error_set(err, SSE_ERR_CREDENTIALS, "no credentials are planned for this profile");
        return CREDS_FAILED;
    }
    if (!src->plan.nroutes) {
        *err = src->refused;
        return CREDS_FAILED;
    }
    struct entry *e = src->last[src->route];
    need(e, now);
    if (e->fetching && e->step->kind == IDENT_STEP_STATIC)
        send_step(c, NULL, e, now); /* static keys: nothing to wait for */
    if (usable(e, now)) {
        *keys = &e->creds.keys;
        *expires = e->creds.expiration;
        return CREDS_READY;
    }
    if (!e->fetching && e->state == ENTRY_FAILED) {
        *err = e->error;
        return CREDS_FAILED;
    }
    return CREDS_WAIT;
}

bool
creds_wait(struct creds *c, unsigned s, void *owner)
{
    struct source *src = source_of(c, s);
    if (!src)
        return false;
    if (src->nwaiters == src->cap) {
        size_t cap = src->cap ? src->cap * 2 : 64;
        void **w = realloc(src->waiters, cap * sizeof *w);
        if (!w)
            return false;
        src->waiters = w;
        src->cap = cap;
    }
    /* Room to release them all: a fetch's end can then never drop one. */
    size_t need_room = c->nreleased + c->nwaiting + 1;
    if (need_room > c->released_cap) {
        size_t cap = c->released_cap ? c->released_cap : 64;
        while (cap < need_room)
            cap *= 2;
        struct released *r = realloc(c->released, cap * sizeof *r);
        if (!r)
            return false;
        c->released = r;
        c->released_cap = cap;
    }
    src->waiters[src->nwaiters++] = owner;
    c->nwaiting++;
    return true;
}

static void
release(struct creds *c, void *owner, enum creds_state st, const struct sse_error *err)
{
    struct released *r = &c->released[c->nreleased++]; /* creds_wait made the room */
    c->nwaiting--;
    r->owner = owner;
    r->state = st;
    if (err)
        r->error = *err;
    else
        sse_error_clear(&r->error);
}

/* The sources whose route ends in e learn how its fetch ended: their waiters are released (or,
 * when e failed and another route is left, the next route is tried). */
static void
settle(struct creds *c, const struct entry *e, time_t now)
{
    for (size_t i = 0; i < c->nsources; i++) {
        struct source *src = &c->sources[i];
        if (src->last[src->route] != e || !src->nwaiters)
            continue;
        if (e->state == ENTRY_FAILED && src->route + 1 < src->plan.nroutes) {
            src->route++;
            need(src->last[src->route], now);
            continue;
        }
        enum creds_state st = usable(e, now) ? CREDS_READY : CREDS_FAILED;
        for (size_t k = 0; k < src->nwaiters; k++)
            release(c, src->waiters[k], st, st == CREDS_FAILED ? &e->error : NULL);
        src->nwaiters = 0;
    }
}

static void failed(struct creds *c, struct entry *e, const struct sse_error *err, time_t now);

/* e's fetch ended with credentials. */
static void
ready(struct creds *c, struct entry *e, struct ident_credentials *got, time_t now)
{
    ident_credentials_cleanup(&e->creds);
    e->creds = *got; /* moved */
    memset(got, 0, sizeof *got);
    e->state = ENTRY_READY;
    e->failed_at = 0;
    e->fetched_at = now;
    e->fetching = false;
    explicit_bzero(e->ecs_token, sizeof e->ecs_token);
    settle(c, e, now);
}

/* e's fetch ended without: so do the fetches waiting for it, and their sources learn it. A
 * refresh that failed leaves the credentials it was to replace in use while they are valid. */
static void
failed(struct creds *c, struct entry *e, const struct sse_error *err, time_t now)
{
    e->error = *err;
    e->failed_at = now;
    e->fetching = false;
    explicit_bzero(e->ecs_token, sizeof e->ecs_token);
    if (usable(e, now)) { /* a refresh: the fetches after it go on with what it has */
        settle(c, e, now);
        return;
    }
    e->state = ENTRY_FAILED;
    ident_credentials_cleanup(&e->creds);
    for (struct entry *d = c->entries; d; d = d->next)
        if (d->prev == e && d->fetching && !d->in_flight)
            failed(c, d, err, now);
    settle(c, e, now);
}

/* A message that names what was being fetched: "AssumeRole R at E: cannot connect to …". */
static void
name_step(const struct entry *e, struct sse_error *err)
{
    sse_error_prefix(err, "%s: ", e->step->what);
}

static void
next_nonce(struct creds *c, char out[RPC_NONCE_MAX])
{
    c->nonce_count++;
    snprintf(out, RPC_NONCE_MAX, "%016" PRIx64 "-%08" PRIx64, c->nonce_seed, c->nonce_count);
}

static enum sse_status
send_http(struct net_multi *net, struct entry *e, const struct ident_http_request *h,
          struct sse_error *err)
{
    char header[sizeof h->header_name + sizeof h->header_value + 4] = "";
    if (h->header_name[0])
        snprintf(header, sizeof header, "%s: %s", h->header_name, h->header_value);
    struct net_request req = {
        .method = h->method,
        .url = h->url,
        .headers = { header[0] ? header : NULL },
        .connect_timeout_ms = h->connect_timeout_ms,
        .timeout_ms = h->timeout_ms,
    };
    enum sse_status st = net_multi_add_request(net, e->net, &req, err);
    explicit_bzero(header, sizeof header);
    return st;
}

/* Runs an External command at once (on this thread) and takes its output. */
static void
run_external(struct creds *c, struct entry *e, time_t now)
{
    struct ident_process_result out;
    struct sse_error err;
    sse_error_clear(&err);
    struct ident_credentials got;
    memset(&got, 0, sizeof got);
    enum sse_status st = ident_process_run(e->step->argv, IDENT_EXTERNAL_OUTPUT_MAX,
                                           IDENT_EXTERNAL_TIMEOUT_MS, &out, &err);
    if (st == SSE_OK)
        st = ident_external_output(out.out, out.out_len, &got, &err);
    ident_process_result_cleanup(&out);
    c->fetches++;
    if (st == SSE_OK) {
        ready(c, e, &got, now);
        return;
    }
    ident_credentials_cleanup(&got);
    name_step(e, &err);
    failed(c, e, &err, now);
}

/* Sends e's next request (or, for static keys and a command, settles it at once). */
static void
send_step(struct creds *c, struct net_multi *net, struct entry *e, time_t now)
{
    const struct ident_step *s = e->step;
    struct sse_error err;
    sse_error_clear(&err);
    enum sse_status st = SSE_OK;
    if (s->kind == IDENT_STEP_STATIC) {
        struct ident_credentials got;
        memset(&got, 0, sizeof got);
        if (ident_credentials_copy(&got, &s->keys) == SSE_OK) {
            ready(c, e, &got, now);
            return;
        }
        sse_error_set(&err, SSE_ERR_NOMEM, "out of memory");
        failed(c, e, &err, now);
        return;
    }
    if (s->kind == IDENT_STEP_EXTERNAL) {
        run_external(c, e, now);
        return;
    }
    if (!e->net && !(e->net = net_transfer_new(e, CREDS_TRANSFER_KIND))) {
        sse_error_set(&err, SSE_ERR_NOMEM, "out of memory");
        failed(c, e, &err, now);
        return;
    }
    struct rpc_request rpc;
    struct ident_http_request http;
    memset(&http, 0, sizeof http);
    char nonce[RPC_NONCE_MAX];
    switch (s->kind) {
    case IDENT_STEP_ASSUME_ROLE:
        next_nonce(c, nonce);
        st = ident_step_assume_request(s, &e->prev->creds, now, nonce, &rpc, &err);
        if (st == SSE_OK)
            st = send_rpc(net, e->net, &rpc, &err);
        rpc_request_cleanup(&rpc);
        break;
    case IDENT_STEP_OIDC: {
        char *token = NULL;
        st = ident_read_oidc_token(s->token_file, &token, &err);
        if (st == SSE_OK)
            st = ident_step_oidc_request(s, token, now, &rpc, &err);
        if (token)
            oss_secret_free(token);
        if (st == SSE_OK)
            st = send_rpc(net, e->net, &rpc, &err);
        rpc_request_cleanup(&rpc);
        break;
    }
    case IDENT_STEP_ECS_ROLE: {
        enum ident_ecs_call call = e->ecs == ECS_TOKEN       ? IDENT_ECS_TOKEN
                                   : e->ecs == ECS_ROLE_NAME ? IDENT_ECS_ROLE_NAME
                                                             : IDENT_ECS_CREDENTIALS;
        st = ident_ecs_request(call, e->role, e->ecs_token, &http, &err);
        if (st == SSE_OK)
            st = send_http(net, e, &http, &err);
        break;
    }
    case IDENT_STEP_URI:
        st = ident_uri_request(s->url, &http, &err);
        if (st == SSE_OK)
            st = send_http(net, e, &http, &err);
        break;
    default:
        st = sse_error_set(&err, SSE_ERR_CREDENTIALS, "unknown kind of step");
        break;
    }
    ident_http_request_cleanup(&http);
    if (st != SSE_OK) {
        name_step(e, &err);
        failed(c, e, &err, now);
        return;
    }
    e->in_flight = true;
    c->fetches++;
}

void
creds_pump(struct creds *c, struct net_multi *net, time_t now)
{
    /* A settled fetch can start the ones waiting for it: go round until nothing more starts. */
    for (bool again = true; again;) {
        again = false;
        for (struct entry *e = c->entries; e; e = e->next) {
            if (!e->fetching || e->in_flight || e->retry_at > now)
                continue;
            if (e->prev && !usable(e->prev, now))
                continue; /* it waits for its source's fetch */
            if (e->step->kind == IDENT_STEP_ECS_ROLE && e->ecs == ECS_TOKEN)
                sse_strlcpy(e->role, e->step->role_name, sizeof e->role);
            send_step(c, net, e, now);
            again = true;
        }
    }
}

/* Whether a failed request is worth sending again: STS busy, throttling, the network. The
 * metadata service answers at once where it is: not retried, so that off ECS it fails at once. */
static bool
retryable(const struct entry *e, enum sse_status st, long http, const struct sse_error *err)
{
    if (e->step->kind == IDENT_STEP_ECS_ROLE)
        return false;
    if (st == SSE_ERR_NETWORK || st == SSE_ERR_TIMEOUT)
        return true;
    return rpc_response_retryable(http, err);
}

void
creds_done(struct creds *c, struct net_transfer *t, enum sse_status st,
           const struct sse_error *terr, time_t now)
{
    struct entry *e = net_transfer_owner(t);
    e->in_flight = false;
    const struct oss_response *resp = net_transfer_response(t);
    const char *body = strbuf_cstr(&resp->body);
    size_t len = resp->body.len;
    long http = st == SSE_OK ? resp->http_status : 0;
    struct sse_error err = *terr;
    struct ident_credentials got;
    memset(&got, 0, sizeof got);
    enum sse_status parsed = st;
    switch (e->step->kind) {
    case IDENT_STEP_ASSUME_ROLE:
    case IDENT_STEP_OIDC:
        if (st == SSE_OK)
            parsed = ident_step_sts_answer(e->step, http, body, len, &got, &err);
        break;
    case IDENT_STEP_URI:
        if (st == SSE_OK)
            parsed = ident_uri_answer(http, body, len, &got, &err);
        break;
    case IDENT_STEP_ECS_ROLE:
        if (e->ecs == ECS_TOKEN) {
            /* No answer to the token is no token: the reads go without one, unless IMDSv1 is off. */
            sse_error_clear(&err);
            parsed = ident_ecs_token_answer(http, body, len, e->step->imdsv1_disabled,
                                            e->ecs_token, &err);
            if (parsed == SSE_OK) {
                e->ecs = e->role[0] ? ECS_CREDENTIALS : ECS_ROLE_NAME;
                return; /* the pump sends the next read */
            }
        } else {
            /* No answer at all is worded as the metadata service's absence, the network's words
             * after it. */
            struct sse_error why = err;
            parsed = e->ecs == ECS_ROLE_NAME
                         ? ident_ecs_role_name_answer(http, body, len, e->role, &err)
                         : ident_ecs_credentials_answer(http, body, len, &got, &err);
            if (parsed == SSE_OK && e->ecs == ECS_ROLE_NAME) {
                e->ecs = ECS_CREDENTIALS;
                return;
            }
            if (st != SSE_OK) {
                char detail[sizeof why.message];
                snprintf(detail, sizeof detail, "%s", why.message);
                size_t n = strlen(err.message);
                snprintf(err.message + n, sizeof err.message - n, " (%s)", detail);
            }
        }
        break;
    default:
        break;
    }
    if (parsed == SSE_OK) {
        ready(c, e, &got, now);
        return;
    }
    ident_credentials_cleanup(&got);
    if (retryable(e, st != SSE_OK ? st : parsed, http, &err) && e->attempts < c->retries) {
        int shift = e->attempts < 5 ? e->attempts : 5;
        e->attempts++;
        e->retry_at = now + ((time_t)RETRY_BASE_S << shift);
        return;
    }
    if (st != SSE_OK || e->step->kind == IDENT_STEP_ECS_ROLE || e->step->kind == IDENT_STEP_URI)
        name_step(e, &err); /* the STS answers name the step themselves */
    failed(c, e, &err, now);
}

bool
creds_next_waiter(struct creds *c, void **owner)
{
    for (size_t i = 0; i < c->nsources; i++) {
        struct source *src = &c->sources[i];
        if (src->nwaiters) {
            *owner = src->waiters[--src->nwaiters];
            c->nwaiting--;
            return true;
        }
    }
    return false;
}

bool
creds_next_released(struct creds *c, void **owner, enum creds_state *state,
                    struct sse_error *err)
{
    if (c->released_next >= c->nreleased) {
        c->nreleased = c->released_next = 0;
        return false;
    }
    struct released *r = &c->released[c->released_next++];
    *owner = r->owner;
    *state = r->state;
    *err = r->error;
    return true;
}

double
creds_next_due(const struct creds *c, time_t now, double max)
{
    double due = max;
    for (const struct entry *e = c->entries; e; e = e->next) {
        if (e->fetching && !e->in_flight && e->retry_at > now && (double)(e->retry_at - now) < due)
            due = (double)(e->retry_at - now);
    }
    return due;
}

unsigned long
creds_fetches(const struct creds *c)
{
    return c->fetches;
}
