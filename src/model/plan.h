/* plan.h — the policy plan of the TUI's A key: for each drifted bucket shown, its rule now, the
 * rule the policy would write and why, built from the fleet's verdicts; and its lines of text. */
#ifndef SSE_MODEL_PLAN_H
#define SSE_MODEL_PLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/rule.h"
#include "core/status.h"
#include "model/fleet.h"
#include "model/listview.h"
#include "policy/policy.h"

/* One change of the plan. */
struct plan_item {
    uint32_t row;                 /* fleet row */
    struct sse_rule now;          /* its rule when the plan was made (drifted rows are known) */
    struct sse_rule target;       /* what the policy would write (passes validate_rule) */
    int rule_line;                /* the policy rule's line */
    char why[POLICY_WHY_MAX];     /* what differs */
};

struct plan {
    struct plan_item *items;      /* owned */
    size_t count;
    size_t busy;                  /* drifted rows left out: a change to them is in flight */
    size_t readonly_row;          /* first drifted row of a read-only profile, or FLEET_NO_ROW */
};

void plan_init(struct plan *p);
/* Frees the items; the plan is empty again. */
void plan_cleanup(struct plan *p);
/* The plan for the rows lv shows: each one the fleet's judge finds drifted now, in list order.
 * Rows with a change in flight are counted in busy and left out; readonly_row names the first
 * planned row of a read-only profile (the caller refuses the whole plan then, as the CLI does).
 * SSE_ERR_INVALID without a judge (no policy), SSE_ERR_NOMEM. */
enum sse_status plan_build(struct plan *p, const struct fleet *f, const struct listview *lv);
/* Item i as one line: "t/alpha: AES256 → KMS (CMK k)  (algorithm is AES256, policy requires KMS;
 * policy line 3)" ("->" when arrow is NULL). Unsanitized (server text): callers sanitize. Writes
 * into buf; returns buf. */
char *plan_line(const struct plan *p, size_t i, const struct fleet *f, const char *arrow,
                char *buf, size_t size);

#endif
