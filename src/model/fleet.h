/* fleet.h — the bucket table the TUI shows: one fixed-size row per bucket, updated from worker
 * results (stale answers dropped), with running counts per algorithm, errors and requests in flight. */
#ifndef SSE_MODEL_FLEET_H
#define SSE_MODEL_FLEET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/rule.h"
#include "core/status.h"
#include "engine/job.h"
#include "oss/account.h"

#define FLEET_NO_ROW SIZE_MAX

enum fleet_state {
    FLEET_LOADING, /* no answer yet */
    FLEET_OK,      /* the last answer was a rule (or "none") */
    FLEET_ERROR,   /* the last answer was an error; the error store holds it in full */
};

/* A profile as the model needs it: who to ask and whether writes are allowed. */
struct fleet_profile {
    const struct oss_account *account; /* borrowed: must outlive the fleet and the worker */
    bool readonly;
};

/* One bucket. Fixed size (no per-row allocation); an error (its code and full text) lives in the
 * fleet's error store so that rows without errors stay small. */
struct fleet_row {
    char bucket[64];
    struct sse_rule rule;       /* what OSS said last; valid when rule_known */
    char request_id[64];        /* of the last request answered for this row */
    float elapsed_s;            /* of the last operation */
    uint32_t seq;               /* seq of the newest job submitted for this row */
    uint32_t error;             /* 1-based slot in the error store; 0 = none */
    uint16_t profile;           /* index into the fleet's profiles */
    uint16_t attempts, retries; /* of the last operation */
    uint16_t pending;           /* jobs submitted and not yet answered (stale ones included) */
    uint16_t pending_writes;    /* of which PUT/DELETE */
    uint8_t state;              /* enum fleet_state */
    uint8_t busy;               /* enum job_kind + 1 of the newest job while it runs; 0 = idle */
    uint8_t last_kind;          /* enum job_kind of the last applied result */
    bool rule_known;
    bool marked;
};

/* Running totals, kept up to date on every change (never recounted per frame). */
struct fleet_counts {
    size_t algo[SSE_ALGO_UNKNOWN + 1]; /* rows whose rule is known, per algorithm */
    size_t errors;                     /* rows in FLEET_ERROR */
    size_t loading;                    /* rows with no answer yet */
    size_t inflight;                   /* jobs submitted and not yet answered */
    size_t writes;                     /* of which PUT/DELETE */
    size_t marked;
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
};

/* Why fleet_job made no job. */
enum fleet_refusal {
    FLEET_GO,
    FLEET_REFUSE_READONLY, /* a write on a read-only profile */
    FLEET_REFUSE_BUSY,     /* a change to this bucket is still in flight */
    FLEET_REFUSE_NOMEM,
};

void fleet_init(struct fleet *f);
/* Frees the rows, profiles and error store; zeroes f. Safe on a zeroed fleet. */
void fleet_cleanup(struct fleet *f);
/* Adds a profile; returns its index, or -1 when out of memory. */
int fleet_add_profile(struct fleet *f, const struct oss_account *account, bool readonly);
/* Appends a row in FLEET_LOADING state. SSE_ERR_NOMEM, or SSE_ERR_INVALID for a bad profile. */
enum sse_status fleet_add(struct fleet *f, int profile, const char *bucket);

/* Makes the job that reads (JOB_GET), writes (JOB_PUT, rule) or removes (JOB_DELETE) the row's
 * rule, records it as in flight and stamps it with a new seq that makes older answers stale.
 * Returns NULL with the reason in *why: writes on a read-only profile, and writes while another
 * write to the same bucket is in flight (their read-backs could cross), are refused; a read while a
 * write is in flight is refused too, because the write's read-back brings the news. Caller submits. */
struct job *fleet_job(struct fleet *f, size_t row, enum job_kind kind, const struct sse_rule *rule,
                      enum fleet_refusal *why);

/* Applies one result (the caller still owns and frees it). Returns the row it changed, or
 * FLEET_NO_ROW when it matched no row or was stale (then only the in-flight counts move). */
size_t fleet_apply(struct fleet *f, const struct result *res);

/* The full error of a row in FLEET_ERROR (NULL otherwise). */
const struct sse_error *fleet_error(const struct fleet *f, size_t row);
const struct fleet_profile *fleet_row_profile(const struct fleet *f, size_t row);

void fleet_set_mark(struct fleet *f, size_t row, bool marked);
void fleet_clear_marks(struct fleet *f);

/* The list's status word for a row: "loading…", "reading…", "setting…", "removing…", "ok", or the
 * error's code (OSS's Code, "Mismatch", else the status message). ellipsis is "…" or "..." as the
 * terminal allows. Writes into buf; returns buf. */
char *fleet_status_text(const struct fleet *f, size_t row, const char *ellipsis, char *buf,
                        size_t size);

#endif
