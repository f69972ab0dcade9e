/* creds.h — the credentials the worker signs with when a profile's are not static keys: each
 * profile's plan (ident/plan.h) carried out when a request first needs it and again before it
 * expires (180 s or less left), every fetch shared by the profiles that need the same credentials
 * (a step's cache key), requests held while a fetch runs, and a fetch that fails failing every
 * request that waits for it with one error. Worker thread only; the fetches' requests go out
 * through the worker's transfer set. */
#ifndef SSE_ENGINE_CREDS_H
#define SSE_ENGINE_CREDS_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "core/status.h"
#include "ident/plan.h"
#include "net/multi.h"
#include "oss/account.h"

/* The net_transfer kind of a fetch (the worker's tasks are kind 0). */
#define CREDS_TRANSFER_KIND 1

struct creds;

/* An empty store; fetches that fail on a busy or unreachable service are retried `retries` times
 * (not the metadata service, which answers at once where it is). NULL when out of memory. */
struct creds *creds_new(int retries);
/* Wipes every credential, frees the fetches' transfers (through net) and the plans. The requests
 * still waiting are the caller's: take them with creds_next_released first. NULL is a no-op. */
void creds_free(struct creds *c, struct net_multi *net);

/* Adds a profile's plan (moved in: *plan is left empty) and returns its source number, 1 or more;
 * 0 when out of memory. Before the worker thread starts. */
unsigned creds_add(struct creds *c, struct ident_plan *plan);
/* Adds a source that has no credentials, for a profile whose plan could not be made: every
 * request of it fails with why. Its number, or 0 when out of memory. */
unsigned creds_add_refused(struct creds *c, const struct sse_error *why);
/* Where source s's credentials come from ("aliyun CLI profile prod (RamRoleArn …)"); never a
 * secret. */
const char *creds_description(const struct creds *c, unsigned s);
/* The STS endpoint of source s's profile (for GetCallerIdentity). */
const struct rpc_endpoint *creds_sts(const struct creds *c, unsigned s);

enum creds_state {
    CREDS_READY,  /* sign with *keys now */
    CREDS_WAIT,   /* a fetch runs (or was just started): creds_wait, and try again when released */
    CREDS_FAILED, /* the last fetch failed: err says why (a later request starts a new one) */
};

/* What a request of source s may do at now. READY: *keys (borrowed until the next creds_* call)
 * are valid for at least a few seconds more, *expires says until when (0: long-lived keys), and
 * a refresh starts in the background once 180 s or less are left. Starts the fetch a source
 * without valid credentials needs. */
enum creds_state creds_for(struct creds *c, unsigned s, time_t now,
                           const struct oss_credentials **keys, time_t *expires,
                           struct sse_error *err);
/* Holds owner (a request) until source s's fetch ends. False when out of memory. */
bool creds_wait(struct creds *c, unsigned s, void *owner);

/* Sends what the fetches need now (their next request, a retry that is due, an External command
 * run at once). */
void creds_pump(struct creds *c, struct net_multi *net, time_t now);
/* A transfer of kind CREDS_TRANSFER_KIND finished: st and err as net_multi_next_done gave them. */
void creds_done(struct creds *c, struct net_transfer *t, enum sse_status st,
                const struct sse_error *err, time_t now);
/* Takes one request still held (when the worker stops); false when none is. */
bool creds_next_waiter(struct creds *c, void **owner);
/* The next request whose wait ended: *owner, and *state READY (try it again) or FAILED (err says
 * why). False when none. */
bool creds_next_released(struct creds *c, void **owner, enum creds_state *state,
                         struct sse_error *err);
/* Seconds until a fetch has something to do (a retry that is due), at most max. */
double creds_next_due(const struct creds *c, time_t now, double max);
/* Fetches sent so far (for tests and -v): STS calls, metadata requests, commands run, URIs. */
unsigned long creds_fetches(const struct creds *c);

#endif
