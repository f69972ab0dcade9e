/* plan.c — whether a bucket may be changed (one function), and the plans of set, remove, undo and
 * policy apply built over the fleet. */
#include "app/internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "core/validate.h"

void
app_plan_init(struct app_plan *p, enum app_plan_kind kind)
{
    memset(p, 0, sizeof *p);
    p->kind = kind;
}

void
app_plan_cleanup(struct app_plan *p)
{
    free(p->entries);
    strpool_free(&p->strings);
    app_plan_init(p, p->kind);
}

size_t
app_plan_first(const struct app_plan *p, enum app_refusal why)
{
    for (size_t i = 0; i < p->count; i++)
        if (p->entries[i].refusal == why)
            return i;
    return SIZE_MAX;
}

void
app_plan_keep_go(struct app_plan *p)
{
    size_t kept = 0;
    for (size_t i = 0; i < p->count; i++)
        if (p->entries[i].refusal == APP_GO)
            p->entries[kept++] = p->entries[i];
    p->count = kept;
}

void
app_plan_seen(const struct app_plan *p, size_t i, struct sse_rule *out)
{
    if (p->entries[i].seen_known)
        sse_rule_unpack(&p->entries[i].seen, out);
    else
        memset(out, 0, sizeof *out);
}

void
app_plan_target(const struct app_plan *p, size_t i, struct sse_rule *out)
{
    if (p->entries[i].action == APP_ACTION_SET)
        sse_rule_unpack(&p->entries[i].target, out);
    else
        memset(out, 0, sizeof *out);
}

enum app_refusal
app_permit(const struct app *a, size_t row, enum app_action action)
{
    (void)action; /* setting and removing are allowed and refused alike */
    const struct fleet_row *r = &a->fleet.rows[row];
    if (!a->audit)
        return APP_CHANGES_OFF;
    if (a->fleet.profiles[r->profile].readonly)
        return APP_READONLY;
    if (r->waiting)
        return APP_NOT_ROUTED;
    /* Two writes to one bucket in flight could cross, and so could their read-backs. */
    if (r->pending_writes || r->write_queued)
        return APP_BUSY;
    return APP_GO;
}

/* Room for n entries. */
static enum sse_status
entries_for(struct app_plan *p, size_t n)
{
    app_plan_cleanup(p);
    p->entries = calloc(n ? n : 1, sizeof *p->entries);
    return p->entries ? SSE_OK : SSE_ERR_NOMEM;
}

/* A new entry for row: what it holds now (when it has been read), refused for `why`. */
static struct app_plan_entry *
add_entry(struct app *a, struct app_plan *p, uint32_t row, enum app_action action,
          enum app_refusal why)
{
    struct app_plan_entry *e = &p->entries[p->count++];
    memset(e, 0, sizeof *e);
    e->row = row;
    e->action = (uint8_t)action;
    e->refusal = (uint8_t)why;
    e->seen = e->target = e->expect =
        (struct sse_rule_packed){ "", "", "", SSE_ALGO_NONE, SSE_DATA_ENC_NONE };
    const struct fleet_row *r = &a->fleet.rows[row];
    if (r->rule_known && r->state == FLEET_OK) {
        struct sse_rule seen;
        fleet_row_rule(&a->fleet, row, &seen);
        e->seen_known = sse_rule_pack(&seen, &p->strings, &e->seen);
        e->expect = e->seen; /* what the user saw is what the write is conditional on */
        e->expect_known = e->seen_known;
    }
    return e;
}

/* Sets the entry's target (and turns it APP_UNCHANGED when the bucket holds it already). */
static bool
set_target(struct app_plan *p, struct app_plan_entry *e, const struct sse_rule *target)
{
    if (e->action == APP_ACTION_SET && !sse_rule_pack(target, &p->strings, &e->target))
        return false;
    if (e->refusal == APP_GO && e->seen_known) {
        struct sse_rule seen;
        sse_rule_unpack(&e->seen, &seen);
        if (e->action == APP_ACTION_SET ? sse_rule_equal(&seen, target)
                                        : seen.algo == SSE_ALGO_NONE)
            e->refusal = APP_UNCHANGED;
    }
    return true;
}

static void
count_refusals(struct app_plan *p)
{
    memset(p->refused, 0, sizeof p->refused);
    for (size_t i = 0; i < p->count; i++)
        p->refused[p->entries[i].refusal]++;
}

/* The plan of writing rule (APP_ACTION_SET) or removing (rule NULL) on the rows. */
static enum sse_status
plan_write(struct app *a, const uint32_t *rows, size_t n, const struct sse_rule *rule,
           struct app_plan *out)
{
    if (entries_for(out, n) != SSE_OK)
        return SSE_ERR_NOMEM;
    enum app_action action = rule ? APP_ACTION_SET : APP_ACTION_REMOVE;
    struct sse_rule none = { .algo = SSE_ALGO_NONE };
    for (size_t k = 0; k < n; k++) {
        if (rows[k] >= a->fleet.count)
            continue;
        struct app_plan_entry *e =
            add_entry(a, out, rows[k], action, app_permit(a, rows[k], action));
        if (!set_target(out, e, rule ? rule : &none))
            return SSE_ERR_NOMEM;
    }
    count_refusals(out);
    return SSE_OK;
}

enum sse_status
app_plan_set(struct app *a, const uint32_t *rows, size_t n, const struct sse_rule *rule,
             struct app_plan *out)
{
    app_plan_init(out, APP_PLAN_SET);
    if (validate_rule(rule, NULL) != SSE_OK)
        return SSE_ERR_INVALID;
    return plan_write(a, rows, n, rule, out);
}

enum sse_status
app_plan_remove(struct app *a, const uint32_t *rows, size_t n, struct app_plan *out)
{
    app_plan_init(out, APP_PLAN_REMOVE);
    return plan_write(a, rows, n, NULL, out);
}

/* The undo index's change an undo of the row's bucket reverses (at the row's endpoint or its
 * profile's); *any says whether any change of it is recorded at all. */
static size_t
change_of(const struct app *a, size_t row, bool *any)
{
    const struct fleet_row *r = &a->fleet.rows[row];
    const struct oss_account *pa = a->fleet.profiles[r->profile].account;
    *any = false;
    if (!pa)
        return UNDO_NONE;
    const char *endpoints[2] = { r->account ? r->account->endpoint : NULL, pa->endpoint };
    *any = undo_any(&a->undo, pa->profile, endpoints, 2, r->bucket);
    return undo_find(&a->undo, pa->profile, endpoints, 2, r->bucket);
}

/* The entry that reverses change c (UNDO_NONE: none to reverse; then why_none says why) on row. */
static enum sse_status
undo_entry(struct app *a, struct app_plan *out, uint32_t row, size_t c, enum app_refusal why_none)
{
    struct sse_rule before = { .algo = SSE_ALGO_NONE };
    enum job_kind kind = JOB_PUT;
    if (c != UNDO_NONE)
        sse_rule_unpack(&a->undo.changes[c].before, &before);
    bool writable = c != UNDO_NONE && undo_kind(&before, &kind);
    enum app_refusal why = app_permit(a, row, APP_ACTION_SET);
    if (why == APP_GO && c == UNDO_NONE)
        why = why_none;
    else if (why == APP_GO && !writable)
        why = APP_CANNOT_WRITE;
    struct app_plan_entry *e =
        add_entry(a, out, row, kind == JOB_DELETE ? APP_ACTION_REMOVE : APP_ACTION_SET, why);
    e->change = c == UNDO_NONE ? UINT32_MAX : (uint32_t)c;
    if (!writable)
        return SSE_OK; /* nothing to write: its target stays none */
    /* The undo writes only while the bucket holds what the change left: a colleague's later
     * change is never overwritten. Seen already, it is refused now. */
    const struct undo_change *uc = &a->undo.changes[c];
    e->expect_known = uc->after_known;
    if (uc->after_known) {
        struct sse_rule after, seen;
        sse_rule_unpack(&uc->after, &after);
        if (!sse_rule_pack(&after, &out->strings, &e->expect))
            return SSE_ERR_NOMEM;
        app_plan_seen(out, out->count - 1, &seen);
        if (e->refusal == APP_GO && e->seen_known && !sse_rule_equal(&seen, &after))
            e->refusal = APP_CHANGED;
    }
    return set_target(out, e, &before) ? SSE_OK : SSE_ERR_NOMEM;
}

enum sse_status
app_plan_undo(struct app *a, const uint32_t *rows, size_t n, struct app_plan *out)
{
    app_plan_init(out, APP_PLAN_UNDO);
    if (entries_for(out, n) != SSE_OK)
        return SSE_ERR_NOMEM;
    for (size_t k = 0; k < n; k++) {
        if (rows[k] >= a->fleet.count)
            continue;
        bool any;
        size_t c = change_of(a, rows[k], &any);
        if (undo_entry(a, out, rows[k], c, any ? APP_UNDONE : APP_NO_RECORD) != SSE_OK)
            return SSE_ERR_NOMEM;
    }
    count_refusals(out);
    return SSE_OK;
}

/* The row of change c's bucket (same profile, the row's endpoint or its profile's), or
 * FLEET_NO_ROW. */
static size_t
row_of_change(const struct app *a, const struct undo_change *c)
{
    for (size_t idx = 0; idx < a->fleet.nprofiles; idx++) {
        const struct oss_account *pa = a->fleet.profiles[idx].account;
        if (!pa || strcmp(pa->profile, c->profile) != 0)
            continue;
        size_t row = fleet_find(&a->fleet, (int)idx, c->bucket);
        if (row == FLEET_NO_ROW)
            return FLEET_NO_ROW;
        const struct fleet_row *r = &a->fleet.rows[row];
        if ((r->account && strcmp(r->account->endpoint, c->endpoint) == 0) ||
            strcmp(pa->endpoint, c->endpoint) == 0)
            return row;
        return FLEET_NO_ROW;
    }
    return FLEET_NO_ROW;
}

enum sse_status
app_add_operation(struct app *a, const char *id, size_t *outside)
{
    *outside = 0;
    size_t op = undo_operation_find(&a->undo, id);
    if (op == UNDO_NONE)
        return SSE_ERR_INVALID;
    const char *oid = a->undo.ops[op].id;
    for (size_t i = 0; i < a->undo.count; i++) {
        const struct undo_change *c = &a->undo.changes[i];
        if (c->operation_id != oid) /* interned: one pointer per ID */
            continue;
        size_t idx = 0;
        while (idx < a->fleet.nprofiles &&
               strcmp(a->fleet.profiles[idx].account->profile, c->profile) != 0)
            idx++;
        if (idx == a->fleet.nprofiles) {
            (*outside)++;
            continue;
        }
        if (fleet_find(&a->fleet, (int)idx, c->bucket) == FLEET_NO_ROW &&
            fleet_add(&a->fleet, (int)idx, c->bucket) == SSE_ERR_NOMEM)
            return SSE_ERR_NOMEM;
    }
    return SSE_OK;
}

enum sse_status
app_plan_undo_op(struct app *a, const char *id, struct app_plan *out)
{
    app_plan_init(out, APP_PLAN_UNDO);
    size_t op = undo_operation_find(&a->undo, id);
    if (op == UNDO_NONE || strcmp(a->undo.ops[op].operation, "undo") == 0)
        return SSE_ERR_INVALID; /* an undo is not undone by its ID: undos stack per bucket */
    const struct undo_operation *o = &a->undo.ops[op];
    if (entries_for(out, o->changes) != SSE_OK)
        return SSE_ERR_NOMEM;
    out->operation = o->id;
    for (size_t i = 0; i < a->undo.count && out->count < o->changes; i++) {
        const struct undo_change *c = &a->undo.changes[i];
        if (c->operation_id != o->id)
            continue;
        size_t row = row_of_change(a, c);
        if (row == FLEET_NO_ROW) {
            out->outside++;
            continue;
        }
        bool undone = undo_taken_back_by(&a->undo, i) != UNDO_NONE;
        if (undo_entry(a, out, (uint32_t)row, undone ? UNDO_NONE : i, APP_UNDONE) != SSE_OK)
            return SSE_ERR_NOMEM;
        if (undone)
            out->entries[out->count - 1].change = (uint32_t)i; /* which undo took it back */
    }
    count_refusals(out);
    return SSE_OK;
}

const struct undo_operation *
app_operations(const struct app *a, size_t *n)
{
    *n = a->undo.nops;
    return a->undo.ops;
}

const struct undo_operation *
app_operation(const struct app *a, const char *id)
{
    size_t op = undo_operation_find(&a->undo, id);
    return op == UNDO_NONE ? NULL : &a->undo.ops[op];
}

const struct undo_change *
app_undone_by(const struct app *a, size_t change)
{
    size_t by = undo_taken_back_by(&a->undo, change);
    return by == UNDO_NONE ? NULL : &a->undo.changes[by];
}

const char *
app_undo_latest_bucket(const struct app *a)
{
    if (a->scope < 0)
        return NULL;
    size_t c = undo_latest(&a->undo, a->cfg->profiles[a->scope].account.profile);
    return c == UNDO_NONE ? NULL : a->undo.changes[c].bucket;
}

const struct undo_change *
app_undo_change(const struct app *a, size_t change)
{
    return change < a->undo.count ? &a->undo.changes[change] : NULL;
}

enum sse_status
app_plan_policy(struct app *a, const uint32_t *rows, size_t n, struct app_plan *out)
{
    app_plan_init(out, APP_PLAN_POLICY);
    if (!a->policy)
        return SSE_ERR_INVALID;
    if (!rows)
        n = a->fleet.count;
    size_t drifted = 0;
    for (size_t k = 0; k < n; k++) {
        uint32_t row = rows ? rows[k] : (uint32_t)k;
        drifted += row < a->fleet.count &&
                   a->fleet.rows[row].judgement.verdict == POLICY_DRIFTED;
    }
    if (entries_for(out, drifted) != SSE_OK)
        return SSE_ERR_NOMEM;
    for (size_t k = 0; k < n && out->count < drifted; k++) {
        uint32_t row = rows ? rows[k] : (uint32_t)k;
        if (row >= a->fleet.count || a->fleet.rows[row].judgement.verdict != POLICY_DRIFTED)
            continue;
        struct app_plan_entry *e =
            add_entry(a, out, row, APP_ACTION_SET, app_permit(a, row, APP_ACTION_SET));
        e->judgement = a->fleet.rows[row].judgement;
        struct sse_rule now, target;
        fleet_row_rule(&a->fleet, row, &now);
        policy_target(a->policy, e->judgement, &now, &target);
        if (!set_target(out, e, &target))
            return SSE_ERR_NOMEM;
    }
    count_refusals(out);
    return SSE_OK;
}

char *
app_plan_line(const struct app *a, const struct app_plan *p, size_t i, const char *arrow,
              char *buf, size_t size)
{
    const struct app_plan_entry *e = &p->entries[i];
    const struct fleet_row *r = &a->fleet.rows[e->row];
    const struct oss_account *acct = a->fleet.profiles[r->profile].account;
    const char *profile = acct ? acct->profile : "";
    struct sse_rule now, target;
    app_plan_seen(p, i, &now);
    app_plan_target(p, i, &target);
    if (p->kind == APP_PLAN_POLICY && a->policy) {
        char why[512];
        policy_why(a->policy, e->judgement, &now, true, why, sizeof why);
        return policy_plan_line(profile, r->bucket, &now, &target, why,
                                policy_judgement_line(a->policy, e->judgement), arrow, buf, size);
    }
    char from[400], to[400];
    if (e->seen_known)
        sse_rule_words(&now, from, sizeof from);
    else
        snprintf(from, sizeof from, "%s", _("not known yet"));
    sse_rule_words(&target, to, sizeof to);
    snprintf(buf, size, _("%1$s/%2$s: %3$s %4$s %5$s"), profile, r->bucket, from,
             arrow ? arrow : "->", to);
    return buf;
}
