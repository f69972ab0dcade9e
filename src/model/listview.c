/* listview.c — filter (text, profile, verdicts), selection and scrolling over the fleet. */
#include "model/listview.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

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
    memset(lv, 0, sizeof *lv);
}

static unsigned char
lower(unsigned char c)
{
    return c >= 'A' && c <= 'Z' ? (unsigned char)(c - 'A' + 'a') : c;
}

/* Case-insensitive (ASCII) substring test; needle already lower-cased. Bucket names are lower
 * case, so a plain search (first character, then the rest) answers almost every row; only a
 * name with an upper-case letter (possible only if a server listed one) takes the folding loop. */
static bool
matches(const char *hay, const char *needle)
{
    if (!*needle)
        return true;
    bool upper = false;
    for (const char *p = hay; *p; p++) {
        if (*p == needle[0]) {
            size_t i = 1;
            while (needle[i] && p[i] == needle[i])
                i++;
            if (!needle[i])
                return true;
        }
        upper |= *p >= 'A' && *p <= 'Z';
    }
    if (!upper)
        return false;
    for (; *hay; hay++) {
        size_t i = 0;
        while (needle[i] && hay[i] && lower((unsigned char)hay[i]) == (unsigned char)needle[i])
            i++;
        if (!needle[i])
            return true;
    }
    return false;
}

/* The whole filter with the text `needle` (lower-cased). */
static bool
passes(const struct listview *lv, const struct fleet_row *r, const char *needle)
{
    if (lv->profile >= 0 && r->profile != lv->profile)
        return false;
    if (lv->problems && r->verdict != POLICY_DRIFTED)
        return false;
    return matches(r->bucket, needle);
}

bool
listview_passes(const struct listview *lv, size_t i)
{
    return i < lv->fleet->count && passes(lv, &lv->fleet->rows[i], lv->filter);
}

static enum sse_status
reserve(struct listview *lv, size_t n)
{
    if (n <= lv->cap)
        return SSE_OK;
    size_t cap = lv->cap ? lv->cap : 64;
    while (cap < n)
        cap *= 2;
    uint32_t *rows = realloc(lv->rows, cap * sizeof *rows);
    if (!rows)
        return SSE_ERR_NOMEM;
    lv->rows = rows;
    lv->cap = cap;
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
    if (reserve(lv, lv->count + (f->count - lv->seen)) != SSE_OK)
        return SSE_ERR_NOMEM;
    for (size_t i = lv->seen; i < f->count; i++)
        if (passes(lv, &f->rows[i], lv->filter))
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
    if (refine && lv->seen == f->count) {
        size_t out = 0;
        for (size_t i = 0; i < lv->count; i++)
            if (passes(lv, &f->rows[lv->rows[i]], next))
                lv->rows[out++] = lv->rows[i];
        lv->count = out;
    } else {
        if (reserve(lv, f->count) != SSE_OK)
            return SSE_ERR_NOMEM;
        lv->count = 0;
        for (size_t i = 0; i < f->count; i++)
            if (passes(lv, &f->rows[i], next))
                lv->rows[lv->count++] = (uint32_t)i;
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
        next[n] = (char)lower((unsigned char)text[n]);
    next[n] = '\0';
    /* Grown: everything that passes now passed before; refine in place. */
    return refilter(lv, next, strstr(next, lv->filter) != NULL);
}

enum sse_status
listview_set_scope(struct listview *lv, int profile, bool problems)
{
    int old_profile = lv->profile;
    bool old_problems = lv->problems;
    lv->profile = profile;
    lv->problems = problems;
    enum sse_status st = refilter(lv, lv->filter, false);
    if (st != SSE_OK) {
        lv->profile = old_profile;
        lv->problems = old_problems;
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
