/* test_model_columns.c — the list's column layout at the widths of the demo fleet (200, 120, 80,
 * 60 columns: whole CMK IDs at 200, what is cut, narrowed and dropped, in which order), the bucket
 * last to lose width, columns the user hid, and the middle cut of names (UTF-8, wide characters,
 * tiny widths). */
#include <locale.h>
#include <string.h>

#include "check.h"
#include "model/columns.h"

/* The demo: profiles up to 14 columns (ap-southeast-1), names up to 25, UUID CMK IDs, a policy,
 * AccessDenied; English titles. */
static void
demo(struct columns_want *w)
{
    memset(w, 0, sizeof *w);
    w->shown = SSE_COLUMNS_ALL & ~SSE_COLUMN_BIT(SSE_COL_REGION); /* one region per profile */
#define EACH(p, b, r, a, k, d, v, s)                                                          \
    { [SSE_COL_PROFILE] = p, [SSE_COL_BUCKET] = b, [SSE_COL_REGION] = r, [SSE_COL_ALGORITHM] = a, \
      [SSE_COL_KMS_KEY_ID] = k, [SSE_COL_KMS_DATA] = d, [SSE_COL_POLICY] = v, [SSE_COL_STATUS] = s }
    const int content[SSE_COL_COUNT] = EACH(14, 25, 14, 6, 36, 4, 9, 12);
    const int title[SSE_COL_COUNT] = EACH(7, 6, 6, 9, 6, 8, 6, 6);
    const int short_title[SSE_COL_COUNT] = EACH(4, 6, 3, 4, 6, 4, 4, 6);
#undef EACH
    memcpy(w->content, content, sizeof content);
    memcpy(w->title, title, sizeof title);
    memcpy(w->short_title, short_title, sizeof short_title);
    w->narrow[SSE_COL_POLICY] = 5;
}

/* "14 25 0 9 36 8 9 12 / 0" : the widths in column order, then how many were dropped. */
static const char *
widths(const struct columns_layout *l, char *buf, size_t size)
{
    size_t used = 0;
    for (int c = 0; c < SSE_COL_COUNT; c++)
        used += (size_t)snprintf(buf + used, size - used, "%d ", l->width[c]);
    snprintf(buf + used, size - used, "/ %d", l->dropped);
    return buf;
}

/* Every column shown ends before the edge (the last may reach it) and they do not overlap. */
static bool
fits(const struct columns_layout *l, int cols)
{
    int end = COLUMNS_MARK;
    for (int c = 0; c < SSE_COL_COUNT; c++) {
        if (!l->width[c])
            continue;
        if (l->x[c] < end || l->x[c] + l->width[c] > cols)
            return false;
        end = l->x[c] + l->width[c] + 1;
    }
    return true;
}

/* Lays w out at cols (into *l), checks that it fits, and returns its widths (see widths). */
static const char *
laid_out(const struct columns_want *w, int cols, struct columns_layout *l)
{
    static char b[96];
    columns_layout(w, cols, l);
    CHECK(fits(l, cols));
    return widths(l, b, sizeof b);
}

static void
test_demo(void)
{
    struct columns_want w;
    struct columns_layout l;
    demo(&w);

    CHECK_STR(laid_out(&w, 200, &l), "14 25 0 9 36 8 9 12 / 0"); /* whole CMK IDs, full titles */
    CHECK(!l.short_title[SSE_COL_ALGORITHM] && !l.short_title[SSE_COL_KMS_DATA]);
    CHECK_INT(l.x[SSE_COL_PROFILE], 3);
    CHECK_INT(l.x[SSE_COL_BUCKET], 18);
    CHECK_INT(l.last, SSE_COL_STATUS);

    /* 120: everything at its content's width; "ALGORITHM" fits, "KMS DATA" does not. */
    CHECK_STR(laid_out(&w, 120, &l), "14 25 0 9 36 4 9 12 / 0");
    CHECK(l.short_title[SSE_COL_KMS_DATA]);

    /* 80: the CMK ID cut to 13, the policy's short words, the status cut; one column dropped
     * (KMS data encryption); the bucket's names whole. */
    CHECK_STR(laid_out(&w, 80, &l), "14 25 0 6 13 0 5 9 / 1");

    /* 60: KMS data, profile and CMK ID dropped; the bucket keeps its 25. */
    CHECK_STR(laid_out(&w, 60, &l), "0 25 0 6 0 0 9 12 / 3");

    /* Without a policy (its column not asked for) at 80: nothing need be dropped. */
    w.shown &= ~SSE_COLUMN_BIT(SSE_COL_POLICY);
    CHECK_STR(laid_out(&w, 80, &l), "14 25 0 6 13 4 0 10 / 0");
}

static void
test_bucket_last(void)
{
    struct columns_want w;
    struct columns_layout l;
    demo(&w);
    w.content[SSE_COL_BUCKET] = 63; /* the longest name a bucket can have */
    /* 80: every column that can go has gone before the name loses a column. */
    CHECK_STR(laid_out(&w, 80, &l), "0 61 0 6 0 0 0 8 / 4");
    CHECK_STR(laid_out(&w, 60, &l), "0 41 0 6 0 0 0 8 / 4");
    /* Narrower than anything sensible: the name stops at 12, nothing overlaps. */
    columns_layout(&w, 20, &l);
    CHECK_INT(l.width[SSE_COL_BUCKET], 12);

    /* The user's choice: hidden columns are not "dropped", and the bucket is always shown. */
    demo(&w);
    w.shown = SSE_COLUMN_BIT(SSE_COL_ALGORITHM) | SSE_COLUMN_BIT(SSE_COL_STATUS);
    CHECK_STR(laid_out(&w, 60, &l), "0 25 0 9 0 0 0 12 / 0");
    CHECK_INT(l.x[SSE_COL_BUCKET], 3);
    CHECK_INT(l.last, SSE_COL_STATUS);
    /* An empty column is as wide as its short title. */
    demo(&w);
    w.content[SSE_COL_KMS_KEY_ID] = 0;
    columns_layout(&w, 200, &l);
    CHECK_INT(l.width[SSE_COL_KMS_KEY_ID], 6);
}

/* With buckets in several regions: the region's column is shown, and it goes first. */
static void
test_region(void)
{
    struct columns_want w;
    struct columns_layout l;
    demo(&w);
    w.shown |= SSE_COLUMN_BIT(SSE_COL_REGION);
    CHECK_STR(laid_out(&w, 200, &l), "14 25 14 9 36 8 9 12 / 0");
    CHECK_INT(l.x[SSE_COL_REGION], 3 + 15 + 26);
    /* 80: it and KMS data go before the CMK ID is cut further. */
    CHECK_STR(laid_out(&w, 80, &l), "14 25 0 6 13 0 5 9 / 2");
}

static void
test_fit_middle(void)
{
    char out[128];
    CHECK_INT(columns_fit_middle("acme-data-lake-curated", 30, "…", out, sizeof out), 22);
    CHECK_STR(out, "acme-data-lake-curated");
    CHECK_INT(columns_fit_middle("acme-data-lake-curated", 11, "…", out, sizeof out), 11);
    CHECK_STR(out, "acme-…rated");
    CHECK_INT(columns_fit_middle("acme-data-lake-raw", 11, "…", out, sizeof out), 11);
    CHECK_STR(out, "acme-…e-raw");
    CHECK_INT(columns_fit_middle("acme-data-lake-raw", 12, "~", out, sizeof out), 12);
    CHECK_STR(out, "acme-~ke-raw");
    /* Wide characters are never split; a column may be left. */
    CHECK_INT(columns_fit_middle("密钥密钥密钥-abc", 9, "…", out, sizeof out), 9);
    CHECK_STR(out, "密钥…-abc");
    CHECK_INT(columns_fit_middle("ab密钥密钥密钥", 8, "…", out, sizeof out), 7);
    CHECK_STR(out, "ab…密钥");
    /* Control characters are made inert first. */
    columns_fit_middle("ev\x1b[2Jil", 10, "…", out, sizeof out);
    CHECK(strchr(out, '\x1b') == NULL);
    /* Too narrow for a middle: the end is cut. */
    CHECK_INT(columns_fit_middle("abcdef", 2, "…", out, sizeof out), 2);
    CHECK_STR(out, "a…");
    CHECK_INT(columns_fit_middle("abcdef", 0, "…", out, sizeof out), 0);
    CHECK_STR(out, "");
}

int
main(void)
{
    setlocale(LC_ALL, "C.UTF-8"); /* wcwidth needs a UTF-8 locale for the wide characters */
    test_demo();
    test_bucket_last();
    test_region();
    test_fit_middle();
    return check_done("test_model_columns");
}
