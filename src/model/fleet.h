/* fleet.h — the bucket table both front ends show: one small fixed-size row per bucket (its rule
 * packed, the strings interned), updated from worker results (stale answers dropped), with running
 * counts (per algorithm, errors, requests in flight, policy verdicts) for the whole fleet and per
 * profile; buckets found by listing merged in by name. */
#ifndef SSE_MODEL_FLEET_H
#define SSE_MODEL_FLEET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/rule.h"
#include "core/status.h"
#include "engine/job.h"
#include "oss/account.h"
#include "core/strpool.h"
#include "policy/judge.h"

#define FLEET_NO_ROW SIZE_MAX

/* How a row's account (its endpoint and region) was chosen. */
enum fleet_route {
    FLEET_ROUTE_PROFILE,  /* the profile's own endpoint and region */
    FLEET_ROUTE_LISTED,   /* ListBuckets named the bucket's endpoint or region */
    FLEET_ROUTE_FOLLOWED, /* OSS's wrong-endpoint answer named its endpoint (region from the name) */
    FLEET_ROUTE_LOCATED,  /* … and GetBucketLocation gave its region */
    FLEET_ROUTE_REFUSED,  /* an answer named an endpoint the profile may not be sent to: kept at
                           * the profile's own (oss/endpoint.h oss_endpoint_trusted) */
};

/* What the newest job submitted for a row is doing while it runs. */
enum fleet_running { FLEET_IDLE, FLEET_READING, FLEET_SETTING, FLEET_REMOVING };

enum fleet_state {
    FLEET_LOADING, /* no answer yet */
    FLEET_OK,      /* the last answer was a rule (or "none") */
    FLEET_ERROR,   /* the last answer was an error; the error store holds it in full */
};

/* One bucket. Fixed size and small (no per-row allocation: a sweep of 5,000 buckets keeps them
 * all); an error (its code and full text) lives in the fleet's error store so that rows without
 * errors stay small, and the rule's strings in the fleet's pool, each distinct one once. */
struct fleet_row {
    char bucket[64];
    const struct oss_account *account; /* where its requests go: the profile's account, or the one
                                        * of the bucket's own region (discovery); borrowed */
    struct sse_rule_packed rule; /* what OSS said last; valid when rule_known (fleet_row_rule) */
    float elapsed_s;            /* of the last operation */
    uint32_t seq;               /* seq of the newest job submitted for this row */
    uint32_t error;             /* 1-based slot in the error store; 0 = none */
    struct policy_judgement judgement; /* the verdict (unmanaged without a policy) */
    uint16_t profile;           /* index into the fleet's profiles */
    uint16_t attempts, retries; /* of the last operation */
    uint16_t pending;           /* jobs submitted and not yet answered (stale ones included) */
    uint16_t pending_writes;    /* of which PUT/DELETE */
    uint8_t state;              /* enum fleet_state */
    uint8_t running;            /* enum fleet_running: the newest job, while it runs */
    uint8_t last_kind;          /* enum job_kind of the last applied result */
    uint8_t route;              /* enum fleet_route */
    bool rule_known;
    bool marked;
    bool waiting;               /* named in a profile whose listing runs: held until it is routed */
    bool found;                 /* found by ListBuckets, not named in the configuration */
    bool read_queued;           /* a read of it is queued in the core, not yet sent */
    bool write_queued;          /* a change to it is queued in the core, not yet sent */
    /* Last: what a filter pass reads (the rule, state, verdict) shares a cache line this way. */
    char request_id[64];        /* of the last request answered for this row */
};

/* Running totals, kept up to date on every change (never recounted per frame). */
struct fleet_counts {
    size_t algo[SSE_ALGO_UNKNOWN + 1]; /* rows whose rule is known, per algorithm */
    size_t errors;                     /* rows in FLEET_ERROR */
    size_t loading;                    /* rows with no answer yet */
    size_t inflight;                   /* jobs submitted and not yet answered */
    size_t writes;                     /* of which PUT/DELETE */
    size_t marked;
    size_t verdict[POLICY_UNKNOWN + 1];  /* rows per enum policy_verdict */
};

/* Where a profile's bucket listing (discovery) stands. */
enum fleet_listing { FLEET_LIST_NONE, FLEET_LIST_RUNNING, FLEET_LIST_DONE, FLEET_LIST_FAILED };

/* A profile as the model needs it: who to ask, whether writes are allowed, its share of the rows. */
struct fleet_profile {
    const struct oss_account *account; /* borrowed: must outlive the fleet and the worker */
    unsigned identity;                 /* its credential source in the worker (job->identity);
                                        * 0: the account's own keys */
    bool readonly;
    uint8_t listing;                   /* enum fleet_listing */
    size_t rows;                       /* rows of this profile */
    size_t found;                      /* of which found by listing */
    struct fleet_counts counts;        /* this profile's share of the fleet's counts */
};

struct fleet {
    struct fleet_row *rows;
    size_t count, cap;
    struct fleet_profile *profiles;
    size_t nprofiles;
    struct fleet_counts counts;
    uint32_t next_seq;
    struct sse_error *errors;   /* error store: slots reused through a free list */
    uint32_t *error_next;       /* free-list links, parallel to errors */
    uint32_t nerrors, errors_cap, error_free;
    uint32_t *index;            /* (profile, bucket) → row + 1, open addressing; 0 = empty slot */
    size_t index_cap;           /* slots, a power of two (0 before the first row) */
    struct strpool strings;     /* the rows' CMK IDs and unknown algorithm names */
    const struct policy *policy; /* judges every row; NULL: none (borrowed) */
    size_t elsewhere;           /* rows asked in another region than their profile's */
    uint64_t drifted_changes;   /* counts rows an answer made drifted or no longer drifted (the
                                 * drifted-only view compares it to know when to filter again;
                                 * unknown → compliant, as every row of a sweep goes, is not one) */
};

void fleet_init(struct fleet *f);
/* Frees the rows, profiles and error store; zeroes f. Safe on a zeroed fleet. */
void fleet_cleanup(struct fleet *f);
/* Adds a profile; returns its index, or -1 when out of memory. */
int fleet_add_profile(struct fleet *f, const struct oss_account *account, bool readonly);
/* Appends a row in FLEET_LOADING state (asked through the profile's account). SSE_ERR_NOMEM, or
 * SSE_ERR_INVALID for a bad profile or a name already in that profile. */
enum sse_status fleet_add(struct fleet *f, int profile, const char *bucket);
/* The row of bucket in profile, or FLEET_NO_ROW. O(1). */
size_t fleet_find(const struct fleet *f, int profile, const char *bucket);

/* Discovery. fleet_listing_begin marks the profile's listing as running and holds its rows
 * (waiting: no job is made for them) until the listing says where each one lives. */
void fleet_listing_begin(struct fleet *f, int profile);
/* One bucket the listing named, to be asked through account: the named row is routed there and
 * released, or a row is added (found). *row gets it; *fresh is true when it has never been read
 * and nothing is in flight for it (the caller reads it now). SSE_ERR_NOMEM. */
enum sse_status fleet_listed(struct fleet *f, int profile, const char *bucket,
                             const struct oss_account *account, size_t *row, bool *fresh);
/* Routes the row through account, chosen as route says (its next jobs go there). */
void fleet_reroute(struct fleet *f, size_t row, const struct oss_account *account,
                   enum fleet_route route);
/* Whether some rows are asked in another region than their profile's (discovery, or OSS's
 * answer, routed them): then a row's region is worth showing; the profile says it otherwise. */
bool fleet_regions_vary(const struct fleet *f);
/* Takes res as answered without applying it (it is to be asked again elsewhere): the row's
 * in-flight counts drop. The row, or FLEET_NO_ROW when res is not the row's newest answer. */
size_t fleet_discard(struct fleet *f, const struct result *res);
/* The listing ended (ok, or failed): rows it did not name are released with the profile's own
 * account. The caller then reads the rows that fleet_unread reports. */
void fleet_listing_end(struct fleet *f, int profile, bool ok);
/* True when the row has never been answered and nothing is in flight or held for it. */
bool fleet_unread(const struct fleet *f, size_t row);

/* Sets the policy (NULL: none) and judges every row again. Verdicts are kept current from then
 * on: each row is judged when it is added and whenever a result changes it. */
void fleet_set_policy(struct fleet *f, const struct policy *policy);
/* The row's rule as a whole one (none when it is not known). */
void fleet_row_rule(const struct fleet *f, size_t row, struct sse_rule *out);
/* The rule the row's judgement was made on: the row's rule when it is known and the last answer was
 * not an error, else NULL (then *buf is left alone). */
const struct sse_rule *fleet_judged_rule(const struct fleet *f, size_t row, struct sse_rule *buf);
/* The counts of one profile, or of the whole fleet for profile < 0. */
const struct fleet_counts *fleet_counts_of(const struct fleet *f, int profile);

/* Makes the job that reads (JOB_GET), writes (JOB_PUT, rule) or removes (JOB_DELETE) the row's
 * rule through the row's account, records it as in flight and stamps it with a new seq that makes
 * older answers stale. Whether the row may be changed is the caller's decision (app_permit); NULL
 * only when out of memory. Caller submits. */
struct job *fleet_job(struct fleet *f, size_t row, enum job_kind kind, const struct sse_rule *rule);

/* Applies one result (the caller still owns and frees it). Returns the row it changed, or
 * FLEET_NO_ROW when it matched no row or was stale (then only the in-flight counts move). */
size_t fleet_apply(struct fleet *f, const struct result *res);

/* The full error of a row in FLEET_ERROR (NULL otherwise). */
const struct sse_error *fleet_error(const struct fleet *f, size_t row);
/* An error in one short word or two for a list's status column: OSS's code ("AccessDenied"), else
 * what happened ("timed out", "Mismatch" for a read-back that differs). */
const char *fleet_error_word(const struct sse_error *e);
const struct fleet_profile *fleet_row_profile(const struct fleet *f, size_t row);

void fleet_set_mark(struct fleet *f, size_t row, bool marked);
void fleet_clear_marks(struct fleet *f);

/* The list's status word for a row: "listing…", "loading…", "reading…", "setting…", "removing…", "ok", or the
 * error's code (OSS's Code, "Mismatch", else the status message). ellipsis is "…" or "..." as the
 * terminal allows. Writes into buf; returns buf. */
char *fleet_status_text(const struct fleet *f, size_t row, const char *ellipsis, char *buf,
                        size_t size);

#endif
