/* plan.h — a plan: per bucket what will be written and why, or why not, made by the core's use
 * cases (set, remove, undo, policy apply) and shown by the front ends before it is applied. */
#ifndef SSE_APP_PLAN_H
#define SSE_APP_PLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/rule.h"
#include "core/strpool.h"
#include "model/fleet.h"
#include "policy/judge.h"

enum app_plan_kind { APP_PLAN_SET, APP_PLAN_REMOVE, APP_PLAN_UNDO, APP_PLAN_POLICY };

enum app_action { APP_ACTION_SET, APP_ACTION_REMOVE };

/* X(enum) — why an entry of a plan is not written (APP_GO: it is). */
#define APP_REFUSAL_TABLE(X) \
    X(APP_GO)                \
    X(APP_UNCHANGED)         /* it holds that rule already: nothing to write */ \
    X(APP_CHANGES_OFF)       /* the audit log is not open */ \
    X(APP_READONLY)          /* its profile is read-only */ \
    X(APP_NOT_ROUTED)        /* its profile's listing has not said where it lives yet */ \
    X(APP_BUSY)              /* a change to it is still in flight */ \
    X(APP_NO_RECORD)         /* undo: no change to it is recorded */ \
    X(APP_UNDONE)            /* undo: every change recorded for it was undone already */ \
    X(APP_CANNOT_WRITE)      /* undo: the rule before is one sseadm cannot write */ \
    X(APP_CHANGED)           /* it changed after it was seen (or, for an undo, after sseadm's change) */

enum app_refusal {
#define APP_REFUSAL_ENUM(e) e,
    APP_REFUSAL_TABLE(APP_REFUSAL_ENUM)
#undef APP_REFUSAL_ENUM
    APP_REFUSAL_COUNT
};

/* One bucket of a plan. */
struct app_plan_entry {
    uint32_t row;                      /* fleet row */
    uint8_t action;                    /* enum app_action */
    uint8_t refusal;                   /* enum app_refusal */
    bool seen_known;                   /* seen is the row's rule when planned (it had been read) */
    bool expect_known;                 /* the write is made only while the bucket holds expect */
    struct sse_rule_packed seen;       /* what the bucket held, as shown */
    struct sse_rule_packed expect;     /* seen; for an undo, what the change undone left */
    struct sse_rule_packed target;     /* APP_ACTION_SET: the rule to write */
    struct policy_judgement judgement; /* APP_PLAN_POLICY: why (what differs, which rule) */
    uint32_t change;                   /* APP_PLAN_UNDO: the undo index's change reversed */
};

struct app_plan {
    enum app_plan_kind kind;
    struct app_plan_entry *entries;    /* in the order the rows were given */
    size_t count;
    size_t refused[APP_REFUSAL_COUNT]; /* entries per refusal; [APP_GO]: those to be written */
    struct strpool strings;            /* the entries' rules */
    const char *operation;             /* APP_PLAN_UNDO of a whole operation: its ID (the core's
                                        * string); NULL for the undo of buckets' last changes */
    size_t outside;                    /* ... and its changes to buckets that have no row here
                                        * (another profile, not listed): not planned */
};

void app_plan_init(struct app_plan *p, enum app_plan_kind kind);
void app_plan_cleanup(struct app_plan *p);
/* The first entry refused for `why`, or SIZE_MAX. */
size_t app_plan_first(const struct app_plan *p, enum app_refusal why);

/* Drops every entry that will not be written (the counts of why stay), keeping the order. */
void app_plan_keep_go(struct app_plan *p);

/* Entry i's rules as whole ones: what it held (none when not known) and what it gets (none for a
 * removal). */
void app_plan_seen(const struct app_plan *p, size_t i, struct sse_rule *out);
void app_plan_target(const struct app_plan *p, size_t i, struct sse_rule *out);

#endif
