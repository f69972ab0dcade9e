/* listview.c — filter (terms, profile, verdicts), order, selection, scrolling and cell widths over
 * the fleet. */
#define _GNU_SOURCE /* memmem */
#include "model/listview.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/ascii.h"
#include "core/sanitize.h"

void
listview_init(struct listview *lv, const struct fleet *fleet)
{
    memset(lv, 0, sizeof *lv);
    lv->fleet = fleet;
    lv->height = 1;
    lv->profile = -1;
}

void
listview_cleanup(struct listview *lv)
{
    free(lv->rows);
    free(lv->names);
    free(lv->name_at);
    free(lv->cells);
    free(lv->order);
    free(lv->place);
    free(lv->sig);
    free(lv->member);
    memset(lv, 0, sizeof *lv);
}

/* buf (an array of *cap elements of elem bytes) grown to hold at least n, doubling from first;
 * NULL when out of memory (buf is then untouched). */
static void *
grow(void *buf, size_t *cap, size_t n, size_t elem, size_t first)
{
    if (n <= *cap && buf)
        return buf;
    size_t c = *cap ? *cap : first;
    while (c < n)
        c *= 2;
    void *p = realloc(buf, c * elem);
    if (p)
        *cap = c;
    return p;
}

/* Appends the names of the fleet rows not packed yet, lower-cased. Done as rows arrive (sync) and
 * before a pass, so a pass reads 20-odd bytes per row in one run instead of one ~464-byte row
 * each (a cache miss per row was most of the cost at 100,000 rows). */
static enum sse_status
index_names(struct listview *lv)
{
    const struct fleet *f = lv->fleet;
    if (lv->named >= f->count)
        return SSE_OK;
    uint32_t *at = grow(lv->name_at, &lv->name_at_cap, f->count + 1, sizeof *at, 64);
    if (!at)
        return SSE_ERR_NOMEM;
    if (!lv->name_at)
        at[0] = 0;
    lv->name_at = at;
    for (size_t i = lv->named; i < f->count; i++) {
        const char *b = f->rows[i].bucket;
        size_t n = strnlen(b, sizeof f->rows[i].bucket);
        char *names = lv->names_len + n + 1 > UINT32_MAX /* offsets are 32-bit */
                          ? NULL
                          : grow(lv->names, &lv->names_cap, lv->names_len + n + 1, 1, 4096);
        if (!names)
            return SSE_ERR_NOMEM;
        lv->names = names;
        char *out = lv->names + lv->names_len;
        for (size_t k = 0; k < n; k++)
            out[k] = (char)ascii_lower((unsigned char)b[k]);
        out[n] = '\0';
        lv->names_len += n + 1;
        lv->name_at[i + 1] = (uint32_t)lv->names_len;
        lv->named = i + 1;
    }
    return SSE_OK;
}

/* ---- cells ------------------------------------------------------------------------------- */

/* Terminal columns of text as the list shows it (sanitized), at most 255. */
static uint8_t
text_width(const char *s)
{
    size_t n = 0;
    for (; s[n]; n++)
        if ((unsigned char)s[n] < 0x20 || (unsigned char)s[n] >= 0x7f)
            break;
    if (!s[n])
        return (uint8_t)(n > 255 ? 255 : n); /* printable ASCII: a column per byte */
    char clean[1024];
    sanitize_text(s, clean, sizeof clean);
    int w = sanitize_width(clean);
    return (uint8_t)(w > 255 ? 255 : w);
}

static void
measure_cell(struct listview *lv, size_t i, bool with_name)
{
    const struct fleet_row *r = &lv->fleet->rows[i];
    struct listview_cell *c = &lv->cells[i];
    if (with_name)
        c->name = text_width(r->bucket);
    c->algo = c->cmk = c->status = 0;
    c->managed = false;
    if (r->rule_known) {
        c->algo = r->rule.algo == SSE_ALGO_UNKNOWN && r->rule.algo_raw && r->rule.algo_raw[0]
                      ? text_width(r->rule.algo_raw)
                      : (uint8_t)strlen(sse_algo_name((enum sse_algo)r->rule.algo));
        if (r->rule.algo == SSE_ALGO_KMS) {
            if (r->rule.kms_key_id && r->rule.kms_key_id[0])
                c->cmk = text_width(r->rule.kms_key_id);
            else
                c->managed = true;
        }
    }
    const struct sse_error *e = r->state == FLEET_ERROR ? fleet_error(lv->fleet, i) : NULL;
    if (e)
        c->status = text_width(fleet_error_word(e));
    struct listview_cell *m = &lv->cells_max;
    m->name = c->name > m->name ? c->name : m->name;
    m->algo = c->algo > m->algo ? c->algo : m->algo;
    m->cmk = c->cmk > m->cmk ? c->cmk : m->cmk;
    m->status = c->status > m->status ? c->status : m->status;
    m->managed |= c->managed;
}

/* The widest cells over the rows shown; it stops once they are as wide as any row's ever was
 * (a broad filter gets there within a few rows). */
static void
measure_view(struct listview *lv)
{
    struct listview_widths w = { 0, 0, 0, false, 0 };
    const struct listview_cell *m = &lv->cells_max;
    for (size_t k = 0; k < lv->count; k++) {
        if ((k & 63) == 0 && w.name == m->name && w.algo == m->algo && w.cmk == m->cmk &&
            w.status == m->status && w.managed == m->managed)
            break;
        const struct listview_cell *c = &lv->cells[lv->rows[k]];
        if (c->name > w.name)
            w.name = c->name;
        if (c->algo > w.algo)
            w.algo = c->algo;
        if (c->cmk > w.cmk)
            w.cmk = c->cmk;
        if (c->status > w.status)
            w.status = c->status;
        w.managed |= c->managed;
    }
    lv->widths = w;
}

/* ---- membership and order ---------------------------------------------------------------- */

static bool
member(const struct listview *lv, size_t row)
{
    return (lv->member[row / 64] >> (row % 64)) & 1u;
}

static void
set_member(struct listview *lv, size_t row, bool on)
{
    if (on)
        lv->member[row / 64] |= (uint64_t)1 << (row % 64);
    else
        lv->member[row / 64] &= ~((uint64_t)1 << (row % 64));
}

/* The member bits from rows[] when they were let go (plain typing does without them). */
static void
ensure_members(struct listview *lv)
{
    if (lv->member_ok)
        return;
    memset(lv->member, 0, (lv->seen + 63) / 64 * sizeof *lv->member);
    for (size_t k = 0; k < lv->count; k++)
        set_member(lv, lv->rows[k], true);
    lv->member_ok = true;
}

static bool
sorted(const struct listview *lv)
{
    return lv->sort != SORT_NONE || lv->reverse;
}

/* The row's position in the order shown (rows[] ascends by it). */
static size_t
place_of(const struct listview *lv, size_t row)
{
    return sorted(lv) ? lv->place[row] : row;
}

/* Orders every row of the fleet again (order, place, sig); the rows shown are not touched. */
static enum sse_status
resort(struct listview *lv)
{
    const struct fleet *f = lv->fleet;
    size_t cap = lv->order_cap;
    uint32_t *order = grow(lv->order, &cap, f->count, sizeof *order, 64);
    if (!order)
        return SSE_ERR_NOMEM;
    lv->order = order;
    cap = lv->order_cap;
    uint32_t *place = grow(lv->place, &cap, f->count, sizeof *place, 64);
    if (!place)
        return SSE_ERR_NOMEM;
    lv->place = place;
    cap = lv->order_cap;
    uint64_t *sig = grow(lv->sig, &cap, f->count, sizeof *sig, 64);
    if (!sig)
        return SSE_ERR_NOMEM;
    lv->sig = sig;
    lv->order_cap = cap;
    if (sort_fleet(f, lv->sort, lv->reverse, lv->order) != SSE_OK)
        return SSE_ERR_NOMEM;
    for (size_t k = 0; k < f->count; k++)
        lv->place[lv->order[k]] = (uint32_t)k;
    for (size_t i = 0; i < f->count; i++)
        lv->sig[i] = sort_signature(f, lv->sort, i);
    return SSE_OK;
}

/* Takes in the fleet rows appended since the last time: their names, cells and place in the
 * order (the rows shown and the member bits are the caller's). */
static enum sse_status
absorb(struct listview *lv)
{
    const struct fleet *f = lv->fleet;
    if (index_names(lv) != SSE_OK)
        return SSE_ERR_NOMEM;
    if (lv->seen >= f->count && lv->cells)
        return SSE_OK;
    struct listview_cell *cells = grow(lv->cells, &lv->cells_cap, f->count, sizeof *cells, 64);
    if (!cells)
        return SSE_ERR_NOMEM;
    lv->cells = cells;
    size_t words = (f->count + 63) / 64;
    size_t had = lv->member_cap;
    uint64_t *bits = grow(lv->member, &lv->member_cap, words, sizeof *bits, 16);
    if (!bits)
        return SSE_ERR_NOMEM;
    lv->member = bits;
    if (lv->member_cap > had)
        memset(lv->member + had, 0, (lv->member_cap - had) * sizeof *bits);
    size_t rows_cap = lv->cap;
    uint32_t *rows = grow(lv->rows, &rows_cap, f->count, sizeof *rows, 64);
    if (!rows)
        return SSE_ERR_NOMEM;
    lv->rows = rows;
    lv->cap = rows_cap;
    for (size_t i = lv->seen; i < f->count; i++)
        measure_cell(lv, i, true);
    if (sorted(lv) && f->count > lv->seen)
        return resort(lv);
    return SSE_OK;
}

/* rows[] from the member bits, in the order shown. */
static void
rows_from_members(struct listview *lv)
{
    ensure_members(lv);
    size_t n = 0;
    if (sorted(lv)) {
        for (size_t k = 0; k < lv->seen; k++)
            if (member(lv, lv->order[k]))
                lv->rows[n++] = lv->order[k];
    } else {
        for (size_t w = 0; w * 64 < lv->seen; w++)
            for (uint64_t bits = lv->member[w]; bits; bits &= bits - 1)
                lv->rows[n++] = (uint32_t)(w * 64 + (size_t)__builtin_ctzll(bits));
    }
    lv->count = n;
}

/* ---- filtering --------------------------------------------------------------------------- */

/* The profile and verdict parts of the filter; the row itself is read only when one is set. */
static bool
in_scope(const struct listview *lv, size_t i)
{
    if (lv->profile < 0 && !lv->drifted_only)
        return true;
    const struct fleet_row *r = &lv->fleet->rows[i];
    if (lv->profile >= 0 && r->profile != lv->profile)
        return false;
    if (lv->drifted_only && r->judgement.verdict != POLICY_DRIFTED)
        return false;
    return true;
}

/* True when name (len bytes) contains needle (m ≥ 1 bytes): the first byte found by memchr, then
 * the rest compared. */
static bool
name_has(const char *name, size_t len, const char *needle, size_t m)
{
    const char *p = name, *end = name + len;
    if (!m)
        return true;
    while ((size_t)(end - p) >= m) {
        p = memchr(p, needle[0], (size_t)(end - p) - m + 1);
        if (!p)
            return false;
        if (memcmp(p + 1, needle + 1, m - 1) == 0)
            return true;
        p++;
    }
    return false;
}

/* The whole filter q for packed row i. */
static bool
passes(const struct listview *lv, const struct query *q, size_t i)
{
    if (!in_scope(lv, i))
        return false;
    if (!q->count)
        return true;
    const char *name = lv->names + lv->name_at[i];
    size_t len = lv->name_at[i + 1] - lv->name_at[i] - 1;
    const struct query_term *t = &q->terms[0];
    if (q->count == 1 && t->field == QUERY_NAME && !t->negated)
        return name_has(name, len, query_term_text(q, 0), t->len); /* plain typing */
    return query_match(q, lv->fleet, i, name, len);
}

/* The packed row whose name holds byte off, at or after row `from`: galloping forward, then
 * halving (matches are often a few rows apart, sometimes thousands). */
static size_t
row_at(const struct listview *lv, size_t from, size_t off)
{
    const uint32_t *at = lv->name_at;
    size_t lo = from, hi = from + 1, step = 1;
    while (hi < lv->named && at[hi] <= off) {
        lo = hi;
        step *= 2;
        hi = lo + step;
    }
    if (hi > lv->named)
        hi = lv->named; /* at[named] is names_len, past every offset */
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (at[mid] <= off)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

/* Appends to rows every packed row that contains needle (m ≥ 1) and is in scope (and, when q is
 * not NULL, passes q), in fleet order: memmem over the whole packed copy, each hit mapped back to
 * its row, the search resumed at the next row's name. */
static void
scan_names(struct listview *lv, const char *needle, size_t m, const struct query *q)
{
    const char *buf = lv->names, *end = buf + lv->names_len, *p = buf;
    size_t row = 0;
    while (p < end) {
        const char *hit = memmem(p, (size_t)(end - p), needle, m);
        if (!hit)
            break;
        row = row_at(lv, row, (size_t)(hit - buf));
        if (q ? passes(lv, q, row) : in_scope(lv, row))
            lv->rows[lv->count++] = (uint32_t)row;
        p = buf + lv->name_at[++row];
    }
}

/* The longest name term of q that is not negated (the scan's needle), or -1. */
static int
needle_term(const struct query *q)
{
    int best = -1;
    for (size_t i = 0; i < q->count; i++) {
        const struct query_term *t = &q->terms[i];
        if (t->field == QUERY_NAME && !t->negated && t->len &&
            (best < 0 || t->len > q->terms[best].len))
            best = (int)i;
    }
    return best;
}

/* Keeps cursor and top inside the list and the cursor on screen, the screen as full as it can be. */
static void
clamp(struct listview *lv)
{
    if (!lv->count) {
        lv->cursor = lv->top = 0;
        return;
    }
    if (lv->cursor >= lv->count)
        lv->cursor = lv->count - 1;
    if (lv->cursor < lv->top)
        lv->top = lv->cursor;
    if (lv->cursor >= lv->top + lv->height)
        lv->top = lv->cursor - lv->height + 1;
    if (lv->top + lv->height > lv->count)
        lv->top = lv->count > lv->height ? lv->count - lv->height : 0;
}

/* Position of the first row shown whose place is >= the place of row (rows ascend by place). */
static size_t
lower_bound(const struct listview *lv, size_t row)
{
    size_t want = place_of(lv, row), lo = 0, hi = lv->count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (place_of(lv, lv->rows[mid]) < want)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* After the rows shown changed: the selection on `selected` when it is shown, else on the nearest
 * row after it, at screen line screen_pos when possible. */
static void
keep_selection(struct listview *lv, size_t selected, size_t screen_pos)
{
    lv->cursor = selected == FLEET_NO_ROW || selected >= lv->seen ? 0 : lower_bound(lv, selected);
    lv->top = lv->cursor >= screen_pos ? lv->cursor - screen_pos : 0;
    clamp(lv);
}

enum sse_status
listview_sync(struct listview *lv)
{
    const struct fleet *f = lv->fleet;
    if (lv->seen >= f->count)
        return SSE_OK;
    size_t selected = listview_selected(lv), screen_pos = lv->cursor - lv->top;
    size_t from = lv->seen;
    if (absorb(lv) != SSE_OK)
        return SSE_ERR_NOMEM;
    if (sorted(lv))
        ensure_members(lv); /* from the rows shown before these */
    for (size_t i = from; i < f->count; i++)
        if (passes(lv, &lv->query, i)) {
            if (lv->member_ok)
                set_member(lv, i, true);
            if (!sorted(lv))
                lv->rows[lv->count++] = (uint32_t)i;
        }
    lv->seen = f->count;
    if (sorted(lv))
        rows_from_members(lv);
    measure_view(lv);
    keep_selection(lv, selected, screen_pos);
    return SSE_OK;
}

/* Filters with next and the current scope: from the rows shown when `refine` (everything that
 * passes next passed before), else over the whole fleet. */
static enum sse_status
refilter(struct listview *lv, const struct query *next, bool refine)
{
    size_t selected = listview_selected(lv);
    size_t screen_pos = lv->cursor - lv->top;
    const struct fleet *f = lv->fleet;
    size_t old_seen = lv->seen;
    if (absorb(lv) != SSE_OK)
        return SSE_ERR_NOMEM;
    /* Refining from no terms at all would test every row one by one: the scan is faster. */
    if (refine && lv->query.count && old_seen == f->count) {
        size_t out = 0;
        for (size_t i = 0; i < lv->count; i++) {
            uint32_t r = lv->rows[i];
            if (passes(lv, next, r))
                lv->rows[out++] = r;
            else if (lv->member_ok)
                set_member(lv, r, false);
        }
        lv->count = out;
    } else {
        lv->count = 0;
        lv->member_ok = false;
        int needle = needle_term(next);
        if (needle >= 0) {
            /* A plain name typed is the scan alone; other terms are tested on its hits. */
            const struct query_term *t = &next->terms[needle];
            scan_names(lv, query_term_text(next, (size_t)needle), t->len,
                       next->count > 1 ? next : NULL);
        } else if (next->count) {
            for (size_t i = 0; i < f->count; i++)
                if (passes(lv, next, i))
                    lv->rows[lv->count++] = (uint32_t)i;
        } else if (lv->profile < 0 && !lv->drifted_only) {
            for (size_t i = 0; i < f->count; i++)
                lv->rows[i] = (uint32_t)i;
            lv->count = f->count;
        } else {
            for (size_t i = 0; i < f->count; i++)
                if (in_scope(lv, i))
                    lv->rows[lv->count++] = (uint32_t)i;
        }
        lv->seen = f->count;
        if (sorted(lv)) {
            if (lv->count == f->count)
                memcpy(lv->rows, lv->order, f->count * sizeof *lv->rows);
            else
                rows_from_members(lv);
        }
    }
    if (next != &lv->query)
        lv->query = *next;
    sse_strlcpy(lv->filter, lv->query.typed, sizeof lv->filter);
    measure_view(lv);
    keep_selection(lv, selected, screen_pos);
    return SSE_OK;
}

enum sse_status
listview_set_query(struct listview *lv, const struct query *q)
{
    /* Narrowed: everything that passes now passed before; refine in place. */
    return refilter(lv, q, query_narrows(&lv->query, q));
}

enum sse_status
listview_set_filter(struct listview *lv, const char *text, struct query_error *err)
{
    struct query q;
    if (query_parse(text, lv->fleet->policy != NULL, &q, err) != SSE_OK)
        return SSE_ERR_INVALID;
    return listview_set_query(lv, &q);
}

enum sse_status
listview_set_scope(struct listview *lv, int profile, bool drifted_only)
{
    int old_profile = lv->profile;
    bool old_drifted_only = lv->drifted_only;
    lv->profile = profile;
    lv->drifted_only = drifted_only;
    enum sse_status st = refilter(lv, &lv->query, false);
    if (st != SSE_OK) {
        lv->profile = old_profile;
        lv->drifted_only = old_drifted_only;
    }
    return st;
}

enum sse_status
listview_set_sort(struct listview *lv, enum sort_column column, bool reverse)
{
    if (listview_sync(lv) != SSE_OK)
        return SSE_ERR_NOMEM;
    size_t selected = listview_selected(lv), screen_pos = lv->cursor - lv->top;
    enum sort_column old_sort = lv->sort;
    bool old_reverse = lv->reverse;
    lv->sort = column;
    lv->reverse = reverse;
    if (sorted(lv) && resort(lv) != SSE_OK) {
        lv->sort = old_sort;
        lv->reverse = old_reverse;
        return SSE_ERR_NOMEM;
    }
    rows_from_members(lv);
    keep_selection(lv, selected, screen_pos);
    return SSE_OK;
}

enum sse_status
listview_update(struct listview *lv, const uint32_t *rows, size_t n, bool *moved)
{
    if (moved)
        *moved = false;
    if (lv->seen < lv->fleet->count && listview_sync(lv) != SSE_OK)
        return SSE_ERR_NOMEM;
    if (!n)
        return SSE_OK;
    size_t selected = listview_selected(lv), screen_pos = lv->cursor - lv->top;
    /* Only terms on what answers change, and D's verdicts, make rows join or leave. */
    bool terms = !query_names_only(&lv->query) || lv->drifted_only;
    bool order = sorted(lv) && lv->sort != SORT_PROFILE && lv->sort != SORT_BUCKET;
    bool reorder = false, rejoin = false;
    for (size_t k = 0; k < n; k++) {
        size_t r = rows[k];
        if (r >= lv->seen)
            continue;
        measure_cell(lv, r, false);
        if (order && !reorder && sort_signature(lv->fleet, lv->sort, r) != lv->sig[r])
            reorder = true;
        if (terms) {
            ensure_members(lv);
            bool in = passes(lv, &lv->query, r);
            if (in != member(lv, r)) {
                set_member(lv, r, in);
                rejoin = true;
            }
        }
    }
    if (reorder && resort(lv) != SSE_OK)
        return SSE_ERR_NOMEM;
    if (reorder || rejoin) {
        rows_from_members(lv);
        keep_selection(lv, selected, screen_pos);
        if (moved)
            *moved = true;
    }
    measure_view(lv);
    return SSE_OK;
}

void
listview_set_height(struct listview *lv, size_t height)
{
    lv->height = height ? height : 1;
    clamp(lv);
}

size_t
listview_selected(const struct listview *lv)
{
    return lv->count ? lv->rows[lv->cursor] : FLEET_NO_ROW;
}

void
listview_move(struct listview *lv, long delta)
{
    if (!lv->count)
        return;
    if (delta < 0) {
        size_t d = (size_t)-delta;
        lv->cursor = d > lv->cursor ? 0 : lv->cursor - d;
    } else {
        size_t d = (size_t)delta;
        lv->cursor = d >= lv->count - lv->cursor ? lv->count - 1 : lv->cursor + d;
    }
    clamp(lv);
}

void
listview_page(struct listview *lv, int dir)
{
    if (!lv->count)
        return;
    size_t step = lv->height > 1 ? lv->height - 1 : 1;
    if (dir > 0) {
        lv->top = lv->top + step < lv->count ? lv->top + step : lv->top;
        lv->cursor += step;
    } else {
        lv->top = lv->top > step ? lv->top - step : 0;
        lv->cursor = lv->cursor > step ? lv->cursor - step : 0;
    }
    clamp(lv);
}

void
listview_home(struct listview *lv)
{
    lv->cursor = lv->top = 0;
    clamp(lv);
}

void
listview_end(struct listview *lv)
{
    lv->cursor = lv->count ? lv->count - 1 : 0;
    clamp(lv);
}
