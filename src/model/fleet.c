/* fleet.c — the bucket table: rows, a name index, results applied in seq order, incremental counts
 * and verdicts, rows merged from listings, rules packed into the fleet's string pool. */
#include "model/fleet.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void
fleet_init(struct fleet *f)
{
    memset(f, 0, sizeof *f);
    f->next_seq = 1;
}

void
fleet_cleanup(struct fleet *f)
{
    free(f->rows);
    free(f->profiles);
    free(f->errors);
    free(f->error_next);
    free(f->index);
    strpool_free(&f->strings);
    memset(f, 0, sizeof *f);
}

int
fleet_add_profile(struct fleet *f, const struct oss_account *account, bool readonly)
{
    if (f->nprofiles >= UINT16_MAX)
        return -1;
    struct fleet_profile *p = realloc(f->profiles, (f->nprofiles + 1) * sizeof *p);
    if (!p)
        return -1;
    f->profiles = p;
    memset(&p[f->nprofiles], 0, sizeof p[f->nprofiles]);
    p[f->nprofiles].account = account;
    p[f->nprofiles].readonly = readonly;
    return (int)f->nprofiles++;
}

/* FNV-1a over the bucket name, then the profile index mixed in. */
static size_t
name_hash(int profile, const char *bucket)
{
    uint32_t h = 2166136261u;
    for (const unsigned char *p = (const unsigned char *)bucket; *p; p++)
        h = (h ^ *p) * 16777619u;
    h ^= (uint32_t)profile * 0x9e3779b9u;
    h ^= h >> 15;
    return h;
}

static void
index_put(uint32_t *index, size_t cap, const struct fleet_row *r, uint32_t row)
{
    size_t mask = cap - 1;
    for (size_t i = name_hash(r->profile, r->bucket) & mask;; i = (i + 1) & mask) {
        if (!index[i]) {
            index[i] = row + 1;
            return;
        }
    }
}

/* Keeps the index at most half full for one more row. */
static enum sse_status
index_reserve(struct fleet *f)
{
    if ((f->count + 1) * 2 <= f->index_cap)
        return SSE_OK;
    size_t cap = f->index_cap ? f->index_cap * 2 : 128;
    uint32_t *index = calloc(cap, sizeof *index);
    if (!index)
        return SSE_ERR_NOMEM;
    for (size_t i = 0; i < f->count; i++)
        index_put(index, cap, &f->rows[i], (uint32_t)i);
    free(f->index);
    f->index = index;
    f->index_cap = cap;
    return SSE_OK;
}

size_t
fleet_find(const struct fleet *f, int profile, const char *bucket)
{
    if (!f->index_cap)
        return FLEET_NO_ROW;
    size_t mask = f->index_cap - 1;
    for (size_t i = name_hash(profile, bucket) & mask; f->index[i]; i = (i + 1) & mask) {
        const struct fleet_row *r = &f->rows[f->index[i] - 1];
        if (r->profile == profile && strcmp(r->bucket, bucket) == 0)
            return f->index[i] - 1;
    }
    return FLEET_NO_ROW;
}

static struct policy_judgement judge_row(const struct fleet *f, const struct fleet_row *r);
static void count_row(struct fleet *f, const struct fleet_row *r, int dir);

enum sse_status
fleet_add(struct fleet *f, int profile, const char *bucket)
{
    if (profile < 0 || (size_t)profile >= f->nprofiles)
        return SSE_ERR_INVALID;
    char name[64];
    sse_strlcpy(name, bucket, sizeof name);
    if (fleet_find(f, profile, name) != FLEET_NO_ROW)
        return SSE_ERR_INVALID;
    if (index_reserve(f) != SSE_OK)
        return SSE_ERR_NOMEM;
    if (f->count == f->cap) {
        size_t cap = f->cap ? f->cap * 2 : 64;
        if (cap > UINT32_MAX)
            return SSE_ERR_NOMEM;
        struct fleet_row *rows = realloc(f->rows, cap * sizeof *rows);
        if (!rows)
            return SSE_ERR_NOMEM;
        f->rows = rows;
        f->cap = cap;
    }
    uint32_t row = (uint32_t)f->count;
    struct fleet_row *r = &f->rows[f->count++];
    memset(r, 0, sizeof *r);
    memcpy(r->bucket, name, sizeof r->bucket);
    r->profile = (uint16_t)profile;
    r->account = f->profiles[profile].account;
    r->state = FLEET_LOADING;
    r->rule = (struct sse_rule_packed){ "", "", "", SSE_ALGO_NONE, SSE_DATA_ENC_NONE };
    r->judgement = judge_row(f, r);
    index_put(f->index, f->index_cap, r, row);
    f->profiles[profile].rows++;
    count_row(f, r, +1);
    return SSE_OK;
}

/* The row's judgement as it stands (unmanaged without a policy). */
static struct policy_judgement
judge_row(const struct fleet *f, const struct fleet_row *r)
{
    if (!f->policy)
        return (struct policy_judgement){ POLICY_UNMANAGED, 0, POLICY_NO_RULE };
    const struct oss_account *a = f->profiles[r->profile].account;
    struct sse_rule rule;
    const struct sse_rule *current = NULL;
    if (r->state == FLEET_OK && r->rule_known) {
        sse_rule_unpack(&r->rule, &rule);
        current = &rule;
    }
    return policy_judge(f->policy, a ? a->profile : "", r->bucket, current);
}

void
fleet_row_rule(const struct fleet *f, size_t row, struct sse_rule *out)
{
    const struct fleet_row *r = &f->rows[row];
    if (r->rule_known)
        sse_rule_unpack(&r->rule, out);
    else
        memset(out, 0, sizeof *out);
}

const struct sse_rule *
fleet_judged_rule(const struct fleet *f, size_t row, struct sse_rule *buf)
{
    const struct fleet_row *r = &f->rows[row];
    if (r->state != FLEET_OK || !r->rule_known)
        return NULL;
    sse_rule_unpack(&r->rule, buf);
    return buf;
}

static void
count_into(struct fleet_counts *c, const struct fleet_row *r, int dir)
{
    if (r->rule_known && r->rule.algo <= SSE_ALGO_UNKNOWN)
        c->algo[r->rule.algo] += (size_t)dir;
    if (r->state == FLEET_ERROR)
        c->errors += (size_t)dir;
    if (r->state == FLEET_LOADING)
        c->loading += (size_t)dir;
    c->inflight += (size_t)dir * r->pending;
    c->writes += (size_t)dir * r->pending_writes;
    if (r->marked)
        c->marked += (size_t)dir;
    if (r->judgement.verdict <= POLICY_UNKNOWN)
        c->verdict[r->judgement.verdict] += (size_t)dir;
}

/* Adds (dir = +1) or removes (dir = -1) a row's share of the counts (the fleet's and its
 * profile's); called around every change. */
static void
count_row(struct fleet *f, const struct fleet_row *r, int dir)
{
    count_into(&f->counts, r, dir);
    count_into(&f->profiles[r->profile].counts, r, dir);
}

static bool
is_write(enum job_kind kind)
{
    return kind == JOB_PUT || kind == JOB_DELETE;
}

struct job *
fleet_job(struct fleet *f, size_t row, enum job_kind kind, const struct sse_rule *rule)
{
    struct fleet_row *r = &f->rows[row];
    struct job *job = job_new(kind, r->account, r->bucket);
    if (!job)
        return NULL;
    job->identity = f->profiles[r->profile].identity;
    if (kind == JOB_PUT && rule)
        job->rule = *rule;
    job->tag = row;
    count_row(f, r, -1);
    job->seq = r->seq = f->next_seq++;
    if (f->next_seq == 0)
        f->next_seq = 1;
    r->pending++;
    if (is_write(kind))
        r->pending_writes++;
    r->running = kind == JOB_PUT ? FLEET_SETTING : kind == JOB_DELETE ? FLEET_REMOVING : FLEET_READING;
    count_row(f, r, +1);
    return job;
}

/* The error store: one slot per row in error, reused through a free list. */
static uint32_t
error_slot(struct fleet *f)
{
    if (f->error_free) {
        uint32_t s = f->error_free;
        f->error_free = f->error_next[s - 1];
        return s;
    }
    if (f->nerrors == f->errors_cap) {
        uint32_t cap = f->errors_cap ? f->errors_cap * 2 : 16;
        struct sse_error *e = realloc(f->errors, cap * sizeof *e);
        if (!e)
            return 0;
        f->errors = e;
        uint32_t *n = realloc(f->error_next, cap * sizeof *n);
        if (!n)
            return 0;
        f->error_next = n;
        f->errors_cap = cap;
    }
    return ++f->nerrors;
}

static void
error_release(struct fleet *f, struct fleet_row *r)
{
    if (!r->error)
        return;
    f->error_next[r->error - 1] = f->error_free;
    f->error_free = r->error;
    r->error = 0;
}

/* True when a is older than b, in wrap-around order. */
static bool
seq_older(uint32_t a, uint32_t b)
{
    return (int32_t)(a - b) < 0;
}

/* Records a failure in the row's error slot: the code shown in the list and the whole error for
 * the detail screen. */
static void
set_error(struct fleet *f, struct fleet_row *r, const struct result *res)
{
    r->state = FLEET_ERROR;
    if (!r->error)
        r->error = error_slot(f);
    if (!r->error)
        return; /* out of memory: the row still shows as an error */
    struct sse_error *e = &f->errors[r->error - 1];
    *e = res->error;
    e->status = res->status;
    if (res->status == SSE_ERR_MISMATCH) {
        if (!e->message[0]) { /* the worker normally says what differs */
            char want[300], got[300];
            sse_rule_describe(&res->requested, want, sizeof want);
            if (res->rule_known)
                sse_rule_describe(&res->rule, got, sizeof got);
            else
                sse_strlcpy(got, "nothing readable", sizeof got);
            snprintf(e->message, sizeof e->message,
                     "read-back differs from the rule written: asked for %.200s, OSS has %.200s",
                     want, got);
        }
    } else if (!e->message[0]) {
        sse_strlcpy(e->message, sse_status_message(res->status), sizeof e->message);
    }
}

/* The row res answers, its in-flight counts taken down (uncounted: the caller counts it again);
 * NULL when res is not for the row it names, *current false when it is not the newest. */
static struct fleet_row *
answered(struct fleet *f, const struct result *res, bool *current)
{
    *current = false;
    if (res->tag >= f->count)
        return NULL;
    struct fleet_row *r = &f->rows[res->tag];
    if (strcmp(r->bucket, res->bucket) != 0 || r->account != res->account)
        return NULL;
    count_row(f, r, -1);
    if (r->pending)
        r->pending--;
    if (is_write(res->kind) && r->pending_writes)
        r->pending_writes--;
    *current = !seq_older(res->seq, r->seq);
    return r;
}

size_t
fleet_discard(struct fleet *f, const struct result *res)
{
    bool current;
    struct fleet_row *r = answered(f, res, &current);
    if (!r)
        return FLEET_NO_ROW;
    if (current)
        r->running = FLEET_IDLE;
    count_row(f, r, +1);
    return current ? res->tag : FLEET_NO_ROW;
}

/* Whether row r is asked in another region than its profile's. */
static bool
elsewhere(const struct fleet *f, const struct fleet_row *r)
{
    const struct oss_account *p = f->profiles[r->profile].account;
    return r->account && p && r->account != p && strcmp(r->account->region, p->region) != 0;
}

/* Points row r at account, keeping the count of rows asked elsewhere. */
static void
set_account(struct fleet *f, struct fleet_row *r, const struct oss_account *account)
{
    f->elsewhere -= elsewhere(f, r);
    r->account = account;
    f->elsewhere += elsewhere(f, r);
}

void
fleet_reroute(struct fleet *f, size_t row, const struct oss_account *account,
              enum fleet_route route)
{
    set_account(f, &f->rows[row], account);
    f->rows[row].route = (uint8_t)route;
}

bool
fleet_regions_vary(const struct fleet *f)
{
    return f->elsewhere > 0;
}

size_t
fleet_apply(struct fleet *f, const struct result *res)
{
    size_t row = res->tag;
    bool current;
    struct fleet_row *r = answered(f, res, &current);
    if (!r)
        return FLEET_NO_ROW;
    if (!current) {
        count_row(f, r, +1);
        return FLEET_NO_ROW;
    }
    r->running = FLEET_IDLE;
    r->last_kind = (uint8_t)res->kind;
    r->attempts = (uint16_t)(res->attempts > UINT16_MAX ? UINT16_MAX : res->attempts);
    r->retries = (uint16_t)(res->retries > UINT16_MAX ? UINT16_MAX : res->retries);
    r->elapsed_s = (float)res->elapsed_s;
    const char *rid = res->request_id[0] ? res->request_id : res->error.request_id;
    sse_strlcpy(r->request_id, rid, sizeof r->request_id);
    if (res->rule_known) {
        /* Out of memory for its strings: the rule is not known rather than known wrong. */
        r->rule_known = sse_rule_pack(&res->rule, &f->strings, &r->rule);
    }
    if (res->status == SSE_OK) {
        r->state = FLEET_OK;
        error_release(f, r);
    } else {
        set_error(f, r, res);
    }
    uint8_t was = r->judgement.verdict;
    r->judgement = judge_row(f, r);
    if ((r->judgement.verdict == POLICY_DRIFTED) != (was == POLICY_DRIFTED))
        f->drifted_changes++;
    count_row(f, r, +1);
    return row;
}

const struct sse_error *
fleet_error(const struct fleet *f, size_t row)
{
    const struct fleet_row *r = &f->rows[row];
    return r->state == FLEET_ERROR && r->error ? &f->errors[r->error - 1] : NULL;
}

const char *
fleet_error_word(const struct sse_error *e)
{
    if (e->code[0])
        return e->code;
    if (e->status == SSE_ERR_CHANGED)
        return "Changed";
    return e->status == SSE_ERR_MISMATCH ? "Mismatch" : sse_status_message(e->status);
}

const struct fleet_profile *
fleet_row_profile(const struct fleet *f, size_t row)
{
    return &f->profiles[f->rows[row].profile];
}

void
fleet_set_mark(struct fleet *f, size_t row, bool marked)
{
    struct fleet_row *r = &f->rows[row];
    if (r->marked == marked)
        return;
    count_row(f, r, -1);
    r->marked = marked;
    count_row(f, r, +1);
}

void
fleet_clear_marks(struct fleet *f)
{
    if (!f->counts.marked)
        return;
    for (size_t i = 0; i < f->count; i++)
        f->rows[i].marked = false;
    f->counts.marked = 0;
    for (size_t p = 0; p < f->nprofiles; p++)
        f->profiles[p].counts.marked = 0;
}

void
fleet_listing_begin(struct fleet *f, int profile)
{
    if (profile < 0 || (size_t)profile >= f->nprofiles)
        return;
    f->profiles[profile].listing = FLEET_LIST_RUNNING;
    for (size_t i = 0; i < f->count; i++)
        if (f->rows[i].profile == profile && f->rows[i].state == FLEET_LOADING && !f->rows[i].pending)
            f->rows[i].waiting = true;
}

enum sse_status
fleet_listed(struct fleet *f, int profile, const char *bucket, const struct oss_account *account,
             size_t *row, bool *fresh)
{
    *row = FLEET_NO_ROW;
    *fresh = false;
    if (profile < 0 || (size_t)profile >= f->nprofiles)
        return SSE_ERR_INVALID;
    size_t i = fleet_find(f, profile, bucket);
    if (i == FLEET_NO_ROW) {
        enum sse_status st = fleet_add(f, profile, bucket);
        if (st != SSE_OK)
            return st;
        i = f->count - 1;
        f->rows[i].found = true;
        f->profiles[profile].found++;
    }
    struct fleet_row *r = &f->rows[i];
    if (!r->pending) { /* an answer on its way must still match the account it was asked through */
        set_account(f, r, account ? account : f->profiles[profile].account);
        r->route = r->account == f->profiles[profile].account ? FLEET_ROUTE_PROFILE
                                                              : FLEET_ROUTE_LISTED;
    }
    r->waiting = false;
    *row = i;
    *fresh = fleet_unread(f, i);
    return SSE_OK;
}

void
fleet_listing_end(struct fleet *f, int profile, bool ok)
{
    if (profile < 0 || (size_t)profile >= f->nprofiles)
        return;
    struct fleet_profile *p = &f->profiles[profile];
    p->listing = ok ? FLEET_LIST_DONE : FLEET_LIST_FAILED;
    for (size_t i = 0; i < f->count; i++)
        if (f->rows[i].profile == profile)
            f->rows[i].waiting = false;
}

bool
fleet_unread(const struct fleet *f, size_t row)
{
    const struct fleet_row *r = &f->rows[row];
    return r->state == FLEET_LOADING && !r->pending && !r->waiting;
}

void
fleet_set_policy(struct fleet *f, const struct policy *policy)
{
    f->policy = policy;
    for (size_t i = 0; i < f->count; i++) {
        struct fleet_row *r = &f->rows[i];
        count_row(f, r, -1);
        r->judgement = judge_row(f, r);
        count_row(f, r, +1);
    }
}

const struct fleet_counts *
fleet_counts_of(const struct fleet *f, int profile)
{
    if (profile < 0 || (size_t)profile >= f->nprofiles)
        return &f->counts;
    return &f->profiles[profile].counts;
}

char *
fleet_status_text(const struct fleet *f, size_t row, const char *ellipsis, char *buf, size_t size)
{
    const struct fleet_row *r = &f->rows[row];
    const char *word = NULL;
    switch ((enum fleet_running)r->running) {
    case FLEET_READING: word = r->state == FLEET_LOADING ? "loading" : "reading"; break;
    case FLEET_SETTING: word = "setting"; break;
    case FLEET_REMOVING: word = "removing"; break;
    case FLEET_IDLE: break;
    }
    const struct sse_error *e = fleet_error(f, row);
    if (r->waiting)
        snprintf(buf, size, "listing%s", ellipsis);
    else if (word)
        snprintf(buf, size, "%s%s", word, ellipsis);
    else if (r->state == FLEET_LOADING)
        snprintf(buf, size, "loading%s", ellipsis);
    else if (r->state == FLEET_ERROR)
        snprintf(buf, size, "%s", e ? fleet_error_word(e) : "error");
    else
        snprintf(buf, size, "ok");
    return buf;
}
