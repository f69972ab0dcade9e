/* undo.c — the undo index over the audit log, and the job kind that reverses a change. */
#include "app/undo.h"

#include <stdlib.h>
#include <string.h>

#include "core/hash.h"
#include "core/validate.h"

void
undo_index_init(struct undo_index *x)
{
    memset(x, 0, sizeof *x);
}

void
undo_index_cleanup(struct undo_index *x)
{
    free(x->changes);
    free(x->newest);
    free(x->ops);
    free(x->op_slots);
    strpool_free(&x->strings);
    memset(x, 0, sizeof *x);
}

/* FNV-1a over profile, a separator, bucket. */
static size_t
key_hash(const char *profile, const char *bucket)
{
    uint32_t h = sse_fnv1a_byte(sse_fnv1a(SSE_FNV1A_INIT, profile), 0xff);
    return sse_fnv1a(h, bucket);
}

/* The slot of (profile, bucket): where its newest change is, or the empty slot it would take. */
static size_t
slot_of(const struct undo_index *x, const char *profile, const char *bucket)
{
    size_t mask = x->slots - 1;
    size_t i = key_hash(profile, bucket) & mask;
    while (x->newest[i]) {
        const struct undo_change *c = &x->changes[x->newest[i] - 1];
        if (strcmp(c->profile, profile) == 0 && strcmp(c->bucket, bucket) == 0)
            break;
        i = (i + 1) & mask;
    }
    return i;
}

/* Room for one more change, and the table at most half full of keys. */
static enum sse_status
reserve(struct undo_index *x)
{
    if (x->count == x->cap) {
        size_t cap = x->cap ? x->cap * 2 : 64;
        struct undo_change *c = realloc(x->changes, cap * sizeof *c);
        if (!c)
            return SSE_ERR_NOMEM;
        x->changes = c;
        x->cap = cap;
    }
    if ((x->count + 1) * 2 <= x->slots)
        return SSE_OK;
    size_t slots = x->slots ? x->slots * 2 : 128;
    uint32_t *old = x->newest;
    size_t old_slots = x->slots;
    if (!(x->newest = calloc(slots, sizeof *x->newest))) {
        x->newest = old;
        return SSE_ERR_NOMEM;
    }
    x->slots = slots;
    for (size_t i = 0; i < old_slots; i++) {
        if (!old[i])
            continue;
        const struct undo_change *c = &x->changes[old[i] - 1];
        x->newest[slot_of(x, c->profile, c->bucket)] = old[i];
    }
    free(old);
    return SSE_OK;
}

/* The slot of operation id: where it is, or the empty slot it would take. */
static size_t
op_slot(const struct undo_index *x, const char *id)
{
    size_t mask = x->nop_slots - 1;
    size_t i = sse_fnv1a(SSE_FNV1A_INIT, id) & mask;
    while (x->op_slots[i] && strcmp(x->ops[x->op_slots[i] - 1].id, id) != 0)
        i = (i + 1) & mask;
    return i;
}

size_t
undo_operation_find(const struct undo_index *x, const char *id)
{
    if (!x->nop_slots || !id || !*id)
        return UNDO_NONE;
    uint32_t at = x->op_slots[op_slot(x, id)];
    return at ? at - 1 : UNDO_NONE;
}

/* The operation id, made (from its first record's fields) when it is new; NULL when out of
 * memory. */
static struct undo_operation *
op_get(struct undo_index *x, const char *id, const char *operation, const char *undoes,
       const char *profile, const char *time_iso)
{
    size_t at = undo_operation_find(x, id);
    if (at != UNDO_NONE)
        return &x->ops[at];
    if (x->nops == x->ops_cap) {
        size_t cap = x->ops_cap ? x->ops_cap * 2 : 32;
        struct undo_operation *o = realloc(x->ops, cap * sizeof *o);
        if (!o)
            return NULL;
        x->ops = o;
        x->ops_cap = cap;
    }
    if ((x->nops + 1) * 2 > x->nop_slots) {
        size_t slots = x->nop_slots ? x->nop_slots * 2 : 64;
        uint32_t *fresh = calloc(slots, sizeof *fresh);
        if (!fresh)
            return NULL;
        free(x->op_slots);
        x->op_slots = fresh;
        x->nop_slots = slots;
        for (size_t i = 0; i < x->nops; i++)
            x->op_slots[op_slot(x, x->ops[i].id)] = (uint32_t)i + 1;
    }
    struct undo_operation *o = &x->ops[x->nops];
    memset(o, 0, sizeof *o);
    o->id = strpool_add(&x->strings, id);
    o->operation = strpool_add(&x->strings, operation ? operation : "");
    o->undoes = strpool_add(&x->strings, undoes ? undoes : "");
    o->profile = strpool_add(&x->strings, profile ? profile : "");
    if (!o->id || !o->operation || !o->undoes || !o->profile)
        return NULL;
    sse_strlcpy(o->time, time_iso ? time_iso : "", sizeof o->time);
    x->op_slots[op_slot(x, o->id)] = (uint32_t)++x->nops;
    return o;
}

enum sse_status
undo_index_note(struct undo_index *x, const char *operation_id, const char *operation,
                const char *undoes, const char *profile, const char *time_iso,
                enum undo_outcome outcome)
{
    if (!operation_id || !*operation_id)
        return SSE_OK;
    struct undo_operation *o = op_get(x, operation_id, operation, undoes, profile, time_iso);
    if (!o)
        return SSE_ERR_NOMEM;
    o->buckets++;
    o->outcomes[outcome]++;
    return SSE_OK;
}

enum sse_status
undo_index_add_change(struct undo_index *x, const char *operation, const char *operation_id,
                      const char *undoes, const char *profile, const char *endpoint,
                      const char *bucket, const struct sse_rule *before,
                      const struct sse_rule *after, const char *time_iso)
{
    if (reserve(x) != SSE_OK)
        return SSE_ERR_NOMEM;
    struct undo_change *c = &x->changes[x->count];
    memset(c, 0, sizeof *c);
    c->profile = strpool_add(&x->strings, profile);
    c->endpoint = strpool_add(&x->strings, endpoint);
    c->operation = strpool_add(&x->strings, operation);
    c->operation_id = strpool_add(&x->strings, operation_id ? operation_id : "");
    c->undoes = strpool_add(&x->strings, undoes ? undoes : "");
    struct sse_rule none = { .algo = SSE_ALGO_NONE };
    if (!c->profile || !c->endpoint || !c->operation || !c->operation_id || !c->undoes ||
        !sse_rule_pack(before, &x->strings, &c->before) ||
        !sse_rule_pack(after ? after : &none, &x->strings, &c->after))
        return SSE_ERR_NOMEM;
    c->after_known = after != NULL;
    sse_strlcpy(c->bucket, bucket, sizeof c->bucket);
    sse_strlcpy(c->time, time_iso, sizeof c->time);
    size_t s = slot_of(x, c->profile, c->bucket);
    c->older = x->newest[s];
    x->newest[s] = (uint32_t)++x->count;
    if (!*c->operation_id)
        return SSE_OK; /* a log from before operations: nothing to count it in */
    struct undo_operation *o = op_get(x, c->operation_id, operation, c->undoes, profile, time_iso);
    if (!o)
        return SSE_ERR_NOMEM;
    o->changes++;
    size_t by = o - x->ops, undone = undo_operation_find(x, c->undoes);
    if (undone != UNDO_NONE) {
        x->ops[undone].undone++;
        x->ops[undone].undone_by = (uint32_t)by + 1;
    }
    return SSE_OK;
}

size_t
undo_taken_back_by(const struct undo_index *x, size_t c)
{
    if (c >= x->count || !x->slots || !*x->changes[c].operation_id)
        return UNDO_NONE;
    const struct undo_change *ch = &x->changes[c];
    for (uint32_t at = x->newest[slot_of(x, ch->profile, ch->bucket)]; at && at - 1 != c;
         at = x->changes[at - 1].older) {
        const struct undo_change *d = &x->changes[at - 1];
        if (strcmp(d->endpoint, ch->endpoint) == 0 && strcmp(d->undoes, ch->operation_id) == 0)
            return at - 1;
    }
    return UNDO_NONE;
}

enum sse_status
undo_index_add(struct undo_index *x, const struct audit_record *r)
{
    enum undo_outcome outcome = !r->ended                              ? UNDO_INTERRUPTED
                                : strcmp(r->outcome, "ok") == 0        ? UNDO_OK
                                : strcmp(r->outcome, "skipped") == 0   ? UNDO_SKIPPED
                                                                       : UNDO_FAILED;
    if (undo_index_note(x, r->operation_id, r->operation, r->undoes, r->profile, r->time,
                        outcome) != SSE_OK)
        return SSE_ERR_NOMEM;
    if (!r->has_before)
        return SSE_OK;
    /* What the change left: read back, else what it asked for (it was cut short), else none for a
     * removal. */
    struct sse_rule none = { .algo = SSE_ALGO_NONE };
    const struct sse_rule *after = r->has_after       ? &r->after
                                   : r->has_requested ? &r->requested
                                   : strcmp(r->operation, "remove") == 0 ? &none
                                                                          : NULL;
    return undo_index_add_change(x, r->operation, r->operation_id, r->undoes, r->profile,
                                 r->endpoint, r->bucket, &r->before, after, r->time);
}

size_t
undo_find(const struct undo_index *x, const char *profile, const char *const *endpoints,
          size_t nendpoints, const char *bucket)
{
    if (!x->slots)
        return UNDO_NONE;
    /* Undos stack: each one took back the newest change before it that nothing had taken back
     * yet, so that running undo again goes one change further back, never forth again. */
    size_t taken_back = 0;
    for (uint32_t at = x->newest[slot_of(x, profile, bucket)]; at; at = x->changes[at - 1].older) {
        const struct undo_change *c = &x->changes[at - 1];
        bool here = false;
        for (size_t e = 0; e < nendpoints && !here; e++)
            here = endpoints[e] && strcmp(c->endpoint, endpoints[e]) == 0;
        if (!here)
            continue;
        if (strcmp(c->operation, "undo") == 0)
            taken_back++;
        else if (taken_back)
            taken_back--;
        else
            return at - 1;
    }
    return UNDO_NONE;
}

bool
undo_any(const struct undo_index *x, const char *profile, const char *const *endpoints,
         size_t nendpoints, const char *bucket)
{
    if (!x->slots)
        return false;
    for (uint32_t at = x->newest[slot_of(x, profile, bucket)]; at; at = x->changes[at - 1].older)
        for (size_t e = 0; e < nendpoints; e++)
            if (endpoints[e] && strcmp(x->changes[at - 1].endpoint, endpoints[e]) == 0)
                return true;
    return false;
}

size_t
undo_latest(const struct undo_index *x, const char *profile)
{
    for (size_t i = x->count; i-- > 0;) {
        const struct undo_change *c = &x->changes[i];
        if (strcmp(c->profile, profile) == 0 && strcmp(c->operation, "undo") != 0 &&
            undo_find(x, profile, &c->endpoint, 1, c->bucket) == i)
            return i;
    }
    return UNDO_NONE;
}

bool
undo_kind(const struct sse_rule *before, enum job_kind *kind)
{
    switch (before->algo) {
    case SSE_ALGO_NONE: *kind = JOB_DELETE; return true;
    case SSE_ALGO_AES256:
    case SSE_ALGO_KMS:
    case SSE_ALGO_SM4:
        /* A recorded rule that could not be written back as it is (a CMK ID with a control
         * character, an unknown data encryption) is refused before anything is sent. */
        *kind = JOB_PUT;
        return validate_rule(before, NULL) == SSE_OK;
    default: return false;
    }
}
