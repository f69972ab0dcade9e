/* plan.c — the policy plan over the shown rows: drifted rows, their targets and reasons. */
#include "model/plan.h"

#include <stdlib.h>
#include <string.h>

void
plan_init(struct plan *p)
{
    memset(p, 0, sizeof *p);
    p->readonly_row = FLEET_NO_ROW;
}

void
plan_cleanup(struct plan *p)
{
    free(p->items);
    plan_init(p);
}

enum sse_status
plan_build(struct plan *p, const struct fleet *f, const struct listview *lv)
{
    plan_cleanup(p);
    if (!f->judge)
        return SSE_ERR_INVALID;
    size_t drifted = 0;
    for (size_t k = 0; k < lv->count; k++)
        if (f->rows[lv->rows[k]].verdict == POLICY_DRIFTED)
            drifted++;
    if (!drifted)
        return SSE_OK;
    p->items = calloc(drifted, sizeof *p->items);
    if (!p->items)
        return SSE_ERR_NOMEM;
    struct policy_check check;
    for (size_t k = 0; k < lv->count && p->count < drifted; k++) {
        size_t i = lv->rows[k];
        const struct fleet_row *r = &f->rows[i];
        if (r->verdict != POLICY_DRIFTED)
            continue;
        if (r->pending_writes) {
            p->busy++;
            continue;
        }
        if (!fleet_judge_row(f, i, true, &check) || check.verdict != POLICY_DRIFTED)
            continue; /* judged again just now: no longer drifted */
        if (f->profiles[r->profile].readonly && p->readonly_row == FLEET_NO_ROW)
            p->readonly_row = i;
        struct plan_item *it = &p->items[p->count++];
        it->row = (uint32_t)i;
        it->now = r->rule;
        it->target = check.target;
        it->rule_line = check.rule_line;
        memcpy(it->why, check.why, sizeof it->why);
    }
    return SSE_OK;
}

char *
plan_line(const struct plan *p, size_t i, const struct fleet *f, const char *arrow, char *buf,
          size_t size)
{
    const struct plan_item *it = &p->items[i];
    const struct fleet_row *r = &f->rows[it->row];
    const struct oss_account *a = f->profiles[r->profile].account;
    return policy_plan_line(a ? a->profile : "", r->bucket, &it->now, &it->target, it->why,
                            it->rule_line, arrow, buf, size);
}
