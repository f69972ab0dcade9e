/* columns.c — the bucket list's column layout and the middle cut of names. */
#include "model/columns.h"

#include <string.h>

#include "core/sanitize.h"

/* Per column: the narrowest it may be cut to (0: it is never cut, only dropped), the widest it
 * grows to, when it is dropped (1 first; 0 never) and when it is cut before anything is dropped
 * (1 first; 0 not then). The bucket's name is cut last of all, after every drop. */
static const struct {
    int min, cap, drop, cut;
} spec[SSE_COL_COUNT] = {
    [SSE_COL_PROFILE] = { 0, 24, 3, 0 },
    [SSE_COL_BUCKET] = { 12, 63, 0, 0 },
    [SSE_COL_REGION] = { 0, 20, 1, 0 },
    [SSE_COL_ALGORITHM] = { 6, 16, 0, 4 },
    [SSE_COL_KMS_KEY_ID] = { 13, 64, 4, 1 },
    [SSE_COL_KMS_DATA] = { 0, 12, 2, 0 },
    [SSE_COL_POLICY] = { 0, 16, 5, 2 },
    [SSE_COL_STATUS] = { 8, 24, 0, 3 },
};

#define MAX_DROP 5
#define MAX_CUT 4

static int
max_i(int a, int b)
{
    return a > b ? a : b;
}

/* The width a column's short title needs. */
static int
short_title(const struct columns_want *w, int c)
{
    return w->short_title[c] ? w->short_title[c] : w->title[c];
}

/* Width of the columns in set at widths w, the mark and the gaps between them included. */
static int
total(unsigned set, const int *w)
{
    int sum = COLUMNS_MARK, n = 0;
    for (int c = 0; c < SSE_COL_COUNT; c++)
        if (set & SSE_COLUMN_BIT(c)) {
            sum += w[c];
            n++;
        }
    return sum + (n > 1 ? n - 1 : 0);
}

void
columns_layout(const struct columns_want *want, int cols, struct columns_layout *out)
{
    memset(out, 0, sizeof *out);
    unsigned asked = (want->shown | SSE_COLUMN_BIT(SSE_COL_BUCKET)) & SSE_COLUMNS_ALL;
    int natural[SSE_COL_COUNT], least[SSE_COL_COUNT];
    for (int c = 0; c < SSE_COL_COUNT; c++) {
        int st = short_title(want, c);
        int n = max_i(want->content[c], st);
        if (n > spec[c].cap)
            n = max_i(spec[c].cap, st);
        natural[c] = n;
        /* Cut no further than the short title, nor than what the cells can do with. */
        int floor = spec[c].min ? spec[c].min : want->narrow[c] ? want->narrow[c] : n;
        least[c] = max_i(floor, st);
        if (least[c] > n)
            least[c] = n;
    }

    unsigned set = asked;
    int w[SSE_COL_COUNT], over = 0;
    for (int dropped = 0; dropped <= MAX_DROP; dropped++) {
        if (dropped) {
            bool any = false;
            for (int c = 0; c < SSE_COL_COUNT && !any; c++)
                if (spec[c].drop == dropped && (set & SSE_COLUMN_BIT(c))) {
                    set &= ~SSE_COLUMN_BIT(c);
                    any = true;
                }
            if (!any)
                continue; /* that column was not asked for */
        }
        memcpy(w, natural, sizeof w);
        over = total(set, w) - cols;
        for (int k = 1; k <= MAX_CUT && over > 0; k++)
            for (int c = 0; c < SSE_COL_COUNT && over > 0; c++)
                if (spec[c].cut == k && (set & SSE_COLUMN_BIT(c)) && w[c] > least[c]) {
                    int d = w[c] - least[c] < over ? w[c] - least[c] : over;
                    w[c] -= d;
                    over -= d;
                }
        if (over <= 0)
            break;
    }
    if (over > 0) {
        int b = SSE_COL_BUCKET;
        int d = w[b] - spec[b].min < over ? w[b] - spec[b].min : over;
        if (d > 0) {
            w[b] -= d;
            over -= d;
        }
    }

    /* Room to spare: full titles, the most important columns first. */
    static const int importance[] = { SSE_COL_BUCKET, SSE_COL_STATUS, SSE_COL_ALGORITHM,
                                      SSE_COL_POLICY, SSE_COL_KMS_KEY_ID, SSE_COL_PROFILE,
                                      SSE_COL_REGION, SSE_COL_KMS_DATA };
    int slack = cols - total(set, w);
    for (size_t k = 0; k < sizeof importance / sizeof importance[0]; k++) {
        int c = importance[k];
        if ((set & SSE_COLUMN_BIT(c)) && w[c] < want->title[c] &&
            want->title[c] - w[c] <= slack && want->title[c] <= max_i(spec[c].cap, w[c])) {
            slack -= want->title[c] - w[c];
            w[c] = want->title[c];
        }
    }

    int x = COLUMNS_MARK;
    for (int c = 0; c < SSE_COL_COUNT; c++) {
        if (!(set & SSE_COLUMN_BIT(c)))
            continue;
        out->x[c] = x;
        out->width[c] = w[c];
        out->short_title[c] = w[c] < want->title[c];
        out->last = c;
        x += w[c] + 1;
    }
    for (int c = 0; c < SSE_COL_COUNT; c++)
        if ((asked & SSE_COLUMN_BIT(c)) && !(set & SSE_COLUMN_BIT(c)))
            out->dropped++;
}

/* Bytes of the UTF-8 character starting at s. */
static size_t
char_len(const char *s)
{
    unsigned char c = (unsigned char)*s;
    size_t n = c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
    for (size_t i = 1; i < n; i++)
        if (!s[i])
            return i;
    return n;
}

static int
char_width(const char *s, size_t n)
{
    char one[8];
    memcpy(one, s, n);
    one[n] = '\0';
    return sanitize_width(one);
}

int
columns_fit_middle(const char *text, int width, const char *ellipsis, char *out, size_t size)
{
    char clean[1024];
    sanitize_text(text, clean, sizeof clean);
    int all = sanitize_width(clean);
    if (all <= width && strlen(clean) < size) {
        memcpy(out, clean, strlen(clean) + 1); /* it fits as it is */
        return all;
    }
    if (width < 3)
        return sanitize_fit(clean, width < 0 ? 0 : width, ellipsis, out, size);
    int tail_w = width / 2, head_w = width - 1 - tail_w;
    /* The head: whole characters from the start while they fit. */
    size_t head = 0;
    int hw = 0;
    while (clean[head]) {
        size_t n = char_len(clean + head);
        int cw = char_width(clean + head, n);
        if (hw + cw > head_w)
            break;
        hw += cw;
        head += n;
    }
    /* The tail: whole characters from the end while they fit (wide ones may leave a column). */
    size_t len = strlen(clean), tail = len;
    int tw = 0;
    while (tail > head) {
        size_t start = tail - 1;
        while (start > head && ((unsigned char)clean[start] & 0xc0) == 0x80)
            start--;
        int cw = char_width(clean + start, tail - start);
        if (tw + cw > tail_w + (head_w - hw))
            break;
        tw += cw;
        tail = start;
    }
    size_t el = strlen(ellipsis);
    if (head + el + (len - tail) + 1 > size)
        return sanitize_fit(clean, width, ellipsis, out, size);
    memcpy(out, clean, head);
    memcpy(out + head, ellipsis, el);
    memcpy(out + head + el, clean + tail, len - tail + 1);
    return hw + 1 + tw;
}
