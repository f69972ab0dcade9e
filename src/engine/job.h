/* job.h — the messages between a front end (TUI or CLI) and the worker: jobs in, results out.
 * A message has one owner at a time; it changes hands only through the worker's queues. */
#ifndef SSE_ENGINE_JOB_H
#define SSE_ENGINE_JOB_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "core/rule.h"
#include "core/status.h"
#include "oss/account.h"
#include "oss/xml.h"
#include "rpc/endpoint.h"
#include "rpc/kms.h"

enum job_kind {
    JOB_GET,    /* read the bucket's rule */
    JOB_PUT,    /* read the rule, log the change, write job->rule, read it back, log the outcome */
    JOB_DELETE, /* the same, removing the rule (the read-back expects none) */
    JOB_LIST,   /* one ListBuckets page from job->marker */
    JOB_WHOAMI, /* STS GetCallerIdentity with the job's credentials: who they are */
    JOB_KMS,    /* one KMS call (job->kms_call) at job->kms_endpoint with the job's credentials */
    JOB_LOCATION, /* GetBucketLocation of the bucket: its region */
};

/* The KMS calls a JOB_KMS makes. */
enum job_kms_call {
    JOB_KMS_DESCRIBE_KEY, /* DescribeKey of kms_key (an ID, alias/NAME or ARN) */
    JOB_KMS_LIST_KEYS,    /* one ListKeys page (kms_page) */
    JOB_KMS_LIST_ALIASES, /* one ListAliases page */
    JOB_KMS_KEY_ALIASES,  /* one ListAliasesByKeyId page of key ID kms_key */
};

/* Where a job is on its way (a result says where it ended, or failed). */
enum job_phase {
    JOB_PHASE_REQUEST,  /* JOB_GET, JOB_LIST, JOB_WHOAMI, JOB_KMS, JOB_LOCATION: one request */
    JOB_PHASE_BEFORE,   /* a change reads the bucket's rule first */
    JOB_PHASE_AUDIT,    /* … logs the change as begun (nothing is sent until that is durable) */
    JOB_PHASE_WRITE,    /* … sends the PUT or DELETE */
    JOB_PHASE_READBACK, /* … reads the rule again */
};

struct job {
    struct job *next;                  /* queue link; owned by whoever holds the job */
    uint64_t id;                       /* set by worker_submit */
    uint32_t seq;                      /* the caller's sequence number, echoed in the result */
    enum job_kind kind;
    const struct oss_account *account; /* borrowed: must outlive the worker */
    unsigned identity;                 /* where its credentials come from: a source of the
                                        * worker's store (creds_add), or 0 for the account's own
                                        * keys */
    char bucket[64];
    uintptr_t tag;                     /* the caller's own tag (e.g. a row index), echoed */
    union {
        struct { /* JOB_PUT, JOB_DELETE (a JOB_GET leaves them zero) */
            struct sse_rule rule;      /* JOB_PUT: the rule to write */
            /* Conditional write: the rule the user saw. When expect_known and the BEFORE read
             * finds another rule, nothing is written and the result is SSE_ERR_CHANGED (this
             * comes before "nothing to change": a bucket changed by someone else is reported so
             * even when it now holds what was asked). OSS has no conditional PUT: this narrows
             * the window to one round trip. */
            bool expect_known;
            struct sse_rule expect;
            bool undo;                 /* restoring an earlier rule: "undo" in the log, not
                                        * "set"/"remove" */
            char operation_id[40];     /* the CLI command or TUI action this job is part of
                                        * (audit_new_operation_id, once per command or action);
                                        * "" = none. In every audit record of the change. */
            char undoes[40];           /* undo: the operation it reverts; "" when unknown */
        };
        struct { /* JOB_LIST */
            char prefix[64];
            char marker[128];          /* "" = first page */
        };
        struct { /* JOB_KMS */
            enum job_kms_call kms_call;
            struct rpc_endpoint kms_endpoint;
            char kms_key[KMS_ALIAS_MAX];
            int kms_page;              /* the page asked, 1 first */
        };
    };
};

struct result {
    struct result *next;
    uint64_t job_id;
    uint32_t seq;
    enum job_kind kind;
    const struct oss_account *account;
    char bucket[64];
    uintptr_t tag;
    enum sse_status status;            /* SSE_OK, or the failure described in error;
                                        * SSE_ERR_CHANGED: the bucket no longer held
                                        * job->expect, nothing was written, before = rule = what
                                        * it holds now */
    enum job_phase phase;              /* the phase it ended in (where it failed, when it did) */
    bool rule_known;                   /* rule holds what OSS said (after PUT/DELETE: the read-back) */
    struct sse_rule rule;
    struct sse_rule requested;         /* JOB_PUT: what was asked for */
    bool before_known;                 /* JOB_PUT/JOB_DELETE: the rule read before the change */
    struct sse_rule before;
    bool unchanged;                    /* JOB_PUT/JOB_DELETE: the bucket already held what was
                                        * asked (the rule; no rule for a remove): nothing was
                                        * written or logged; status SSE_OK, rule = what it holds */
    bool final_pass;                   /* it went through the final pass: its retries had run
                                        * out on a retryable answer (5xx, 429, throttling,
                                        * time-out, connection), and it was tried once more after
                                        * everything else (status says how that went) */
    struct sse_error error;            /* the failure as shown: cause worded for the phase
                                        * ("cannot read the current rule, so nothing was
                                        * changed: …"; see change_error_words) */
    struct sse_error cause;            /* the failure as it came (OSS's message, the network's,
                                        * the audit log's); empty for a read-back mismatch,
                                        * whose data is rule against requested */
    int attempts;                      /* HTTP requests sent for this job, retries and read-back included */
    int retries;                       /* of which retries */
    double elapsed_s;
    char request_id[64];               /* of the last request */
    struct oss_bucket_page page;       /* JOB_LIST: owned by the result */
    time_t creds_expire;               /* when the temporary credentials it was signed with
                                        * expire; 0: long-lived keys, or it was not signed */
    char location[64];                 /* JOB_LOCATION: the bucket's region ("cn-beijing") */
    /* JOB_KMS: the answer to its call (the one pointer its call fills), owned by the result. */
    struct kms_key_metadata *kms_key;  /* JOB_KMS_DESCRIBE_KEY */
    struct kms_key_page *kms_keys;     /* JOB_KMS_LIST_KEYS */
    struct kms_alias_page *kms_aliases; /* JOB_KMS_LIST_ALIASES, JOB_KMS_KEY_ALIASES */
    struct {                           /* JOB_WHOAMI: who the credentials are */
        char account_id[32];
        char arn[256];
        char identity_type[32];
    } whoami;
};

/* A zeroed job of the given kind (caller owns). NULL when out of memory or when the bucket name
 * is longer than 63 bytes (validate names first). */
struct job *job_new(enum job_kind kind, const struct oss_account *account, const char *bucket);
void job_free(struct job *job);
/* Frees one result (not its successors). */
void result_free(struct result *res);
/* Frees a whole list linked through next. */
void result_free_all(struct result *res);

#endif
