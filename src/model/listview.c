/* listview.c — filter (text, profile, verdicts), selection and scrolling over the fleet. */
#define _GNU_SOURCE /* memmem */
#include "model/listview.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/ascii.h"

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

/* True when packed row i (< named) contains needle (lower case, m ≥ 1 bytes). */
static bool
name_has(const struct listview *lv, size_t i, const char *needle, size_t m)
{
    const char *p = lv->names + lv->name_at[i];
    const char *end = lv->names + lv->name_at[i + 1] - 1; /* its '\0' */
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

/* Appends to rows every packed row that contains needle (m ≥ 1) and is in scope, in fleet order:
 * memmem over the whole packed copy, each hit mapped back to its row, the search resumed at the
 * next row's name. */
static void
scan_names(struct listview *lv, const char *needle, size_t m)
{
    const char *buf = lv->names, *end = buf + lv->names_len, *p = buf;
    size_t row = 0;
    while (p < end) {
        const char *hit = memmem(p, (size_t)(end - p), needle, m);
        if (!hit)
            break;
        row = row_at(lv, row, (size_t)(hit - buf));
        if (in_scope(lv, row))
            lv->rows[lv->count++] = (uint32_t)row;
        p = buf + lv->name_at[++row];
    }
}

/* The whole filter with the text `needle` (lower-cased) for a packed row. */
static bool
passes(const struct listview *lv, size_t i, const char *needle, size_t m)
{
    return in_scope(lv, i) && (!m || name_has(lv, i, needle, m));
}

static enum sse_status
reserve(struct listview *lv, size_t n)
{
    uint32_t *rows = grow(lv->rows, &lv->cap, n, sizeof *rows, 64);
    if (!rows)
        return SSE_ERR_NOMEM;
    lv->rows = rows;
    return SSE_OK;
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

enum sse_status
listview_sync(struct listview *lv)
{
    const struct fleet *f = lv->fleet;
    if (lv->seen >= f->count)
        return SSE_OK;
    if (index_names(lv) != SSE_OK || reserve(lv, lv->count + (f->count - lv->seen)) != SSE_OK)
        return SSE_ERR_NOMEM;
    size_t m = strlen(lv->filter);
    for (size_t i = lv->seen; i < f->count; i++)
        if (passes(lv, i, lv->filter, m))
            lv->rows[lv->count++] = (uint32_t)i;
    lv->seen = f->count;
    clamp(lv);
    return SSE_OK;
}

/* Position of the first entry whose fleet row is >= row (rows is sorted). */
static size_t
lower_bound(const struct listview *lv, size_t row)
{
    size_t lo = 0, hi = lv->count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (lv->rows[mid] < row)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Filters with the text next (lower-cased) and the current scope: from the current result when
 * `refine` (everything that passes now passed before), else over the whole fleet. The selection
 * stays on the same bucket when it still passes, else moves to the nearest one after it. */
static enum sse_status
refilter(struct listview *lv, const char *next, bool refine)
{
    size_t selected = listview_selected(lv);
    size_t screen_pos = lv->cursor - lv->top;
    const struct fleet *f = lv->fleet;
    if (index_names(lv) != SSE_OK)
        return SSE_ERR_NOMEM;
    size_t m = strlen(next);
    /* Refining from no text at all would test every row one by one: the scan is faster. */
    if (refine && lv->filter[0] && lv->seen == f->count) {
        size_t out = 0;
        for (size_t i = 0; i < lv->count; i++)
            if (passes(lv, lv->rows[i], next, m))
                lv->rows[out++] = lv->rows[i];
        lv->count = out;
    } else {
        if (reserve(lv, f->count) != SSE_OK)
            return SSE_ERR_NOMEM;
        lv->count = 0;
        if (m) {
            scan_names(lv, next, m);
        } else {
            size_t n = 0;
            if (lv->profile < 0 && !lv->drifted_only) {
                for (; n < f->count; n++)
                    lv->rows[n] = (uint32_t)n;
            } else {
                for (size_t i = 0; i < f->count; i++)
                    if (in_scope(lv, i))
                        lv->rows[n++] = (uint32_t)i;
            }
            lv->count = n;
        }
        lv->seen = f->count;
    }
    if (next != lv->filter)
        sse_strlcpy(lv->filter, next, sizeof lv->filter);

    lv->cursor = selected == FLEET_NO_ROW ? 0 : lower_bound(lv, selected);
    /* Keep the selection at the same place on screen when possible. */
    lv->top = lv->cursor >= screen_pos ? lv->cursor - screen_pos : 0;
    clamp(lv);
    return SSE_OK;
}

enum sse_status
listview_set_filter(struct listview *lv, const char *text)
{
    char next[LISTVIEW_FILTER_MAX];
    size_t n = 0;
    for (; text[n] && n + 1 < sizeof next; n++)
        next[n] = (char)ascii_lower((unsigned char)text[n]);
    next[n] = '\0';
    /* Grown: everything that passes now passed before; refine in place. */
    return refilter(lv, next, strstr(next, lv->filter) != NULL);
}

enum sse_status
listview_set_scope(struct listview *lv, int profile, bool drifted_only)
{
    int old_profile = lv->profile;
    bool old_drifted_only = lv->drifted_only;
    lv->profile = profile;
    lv->drifted_only = drifted_only;
    enum sse_status st = refilter(lv, lv->filter, false);
    if (st != SSE_OK) {
        lv->profile = old_profile;
        lv->drifted_only = old_drifted_only;
    }
    return st;
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
