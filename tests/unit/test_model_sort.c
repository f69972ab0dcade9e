/* test_model_sort.c — the list's orders: the radix sort against a reference (stable), text ranks
 * against strcmp (shared prefixes past 8 and 16 bytes, prefixes of each other, equal texts), each
 * column's order on a small fleet with exact rows, reverse keeping ties in fleet order, the cycle,
 * the signatures, and 100,000 names in order. */
#include <stdint.h>
#include <stdio.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "answer.h"
#include "check.h"
#include "model/sort.h"

static uint64_t rng = 88172645463325252ull;

static uint64_t
next_random(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static int
by_key_then_id(const void *a, const void *b)
{
    const struct sort_item *x = a, *y = b;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    return x->id < y->id ? -1 : x->id > y->id;
}

static void
test_items(void)
{
    /* Sizes around the insertion-sort cut-off, and keys with few, many and sparse digits. */
    const size_t sizes[] = { 0, 1, 2, 47, 48, 49, 1000, 20000 };
    for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
        for (int kind = 0; kind < 3; kind++) {
            size_t n = sizes[s];
            struct sort_item *a = malloc((n + 1) * sizeof *a), *ref = malloc((n + 1) * sizeof *ref),
                             *tmp = malloc((n + 1) * sizeof *tmp);
            for (size_t i = 0; i < n; i++) {
                uint64_t r = next_random();
                a[i].key = kind == 0 ? r % 5 : kind == 1 ? r : (r % 7) << 40 | (r % 3);
                a[i].id = (uint32_t)i;
            }
            memcpy(ref, a, n * sizeof *a);
            qsort(ref, n, sizeof *ref, by_key_then_id);
            sort_items(a, n, tmp);
            bool same = true; /* field by field: the struct's padding is not part of it */
            for (size_t i = 0; i < n; i++)
                same &= a[i].key == ref[i].key && a[i].id == ref[i].id;
            CHECK(same);
            free(a);
            free(ref);
            free(tmp);
        }
    }
}

static int
by_text(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void
test_text_ranks(void)
{
    const char *texts[] = {
        "acme-data-lake-raw", "acme-data-lake-curated", "acme-data", "acme-data-lake-raw",
        "", "acme-data-lake-raw-2", "acme-data-lake-", "b", "acme-data-lake-curated-archive-2024",
        "acme-data-lake-curated-archive-2023", "a", "acme-dat", "acme-data-lake-curated",
        "\xc3\xa9t\xc3\xa9", "ACME", "zz", "acme-dataa",
    };
    size_t n = sizeof texts / sizeof texts[0];
    uint32_t rank[32];
    CHECK_INT(sort_text_ranks(texts, n, rank), SSE_OK);
    /* The ranks agree with strcmp on every pair. */
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            int c = strcmp(texts[i], texts[j]);
            CHECK((c < 0) == (rank[i] < rank[j]) && (c == 0) == (rank[i] == rank[j]));
        }
    /* Dense from 0: 15 distinct texts. */
    uint32_t max = 0;
    for (size_t i = 0; i < n; i++)
        max = rank[i] > max ? rank[i] : max;
    CHECK_INT(max, 14);
    CHECK_INT(rank[4], 0); /* "" first */

    /* Many random texts over a small alphabet: long runs of shared prefixes. */
    enum { N = 5000 };
    static char store[N][40];
    const char *many[N], *ref[N];
    static uint32_t r[N];
    for (size_t i = 0; i < N; i++) {
        size_t len = next_random() % 39;
        for (size_t k = 0; k < len; k++)
            store[i][k] = "ab-"[next_random() % 3];
        store[i][len] = '\0';
        many[i] = ref[i] = store[i];
    }
    CHECK_INT(sort_text_ranks(many, N, r), SSE_OK);
    qsort(ref, N, sizeof *ref, by_text);
    static uint32_t dense[N];
    dense[0] = 0;
    for (size_t k = 1; k < N; k++)
        dense[k] = dense[k - 1] + (strcmp(ref[k - 1], ref[k]) != 0);
    bool ok = true;
    for (size_t i = 0; i < N; i++) {
        size_t lo = 0, hi = N; /* the first reference text not below many[i] */
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            if (strcmp(ref[mid], many[i]) < 0)
                lo = mid + 1;
            else
                hi = mid;
        }
        if (r[i] != dense[lo])
            ok = false;
    }
    CHECK(ok);
}

static struct oss_account acct_b = { .profile = "bravo", .region = "cn-beijing" },
                          acct_a = { .profile = "alpha", .region = "cn-hangzhou" };

/* Rows: bravo/ m0 … m7, then alpha/ m8 m9 (profiles out of name order). */
static void
fleet_of_ten(struct fleet *f)
{
    fleet_init(f);
    int b = fleet_add_profile(f, &acct_b, false);
    int a = fleet_add_profile(f, &acct_a, false);
    const char *names[] = { "m-kms-b", "m-none", "m-aes", "m-kms-a", "m-sm4", "m-err",
                            "m-load", "m-aes2", "a-kms-m", "z-other" };
    for (int i = 0; i < 10; i++)
        CHECK_INT(fleet_add(f, i < 8 ? b : a, names[i]), SSE_OK);
    answer_row(f, 0, SSE_ALGO_KMS, "key-b", false, NULL);
    answer_row(f, 1, SSE_ALGO_NONE, NULL, false, NULL);
    answer_row(f, 2, SSE_ALGO_AES256, NULL, false, NULL);
    answer_row(f, 3, SSE_ALGO_KMS, "key-a", true, NULL);
    answer_row(f, 4, SSE_ALGO_SM4, NULL, false, NULL);
    answer_row(f, 5, SSE_ALGO_NONE, NULL, false, "AccessDenied");
    /* 6 stays unread */
    answer_row(f, 7, SSE_ALGO_AES256, NULL, false, NULL);
    answer_row(f, 8, SSE_ALGO_KMS, NULL, false, NULL); /* the OSS-managed CMK */
    answer_row(f, 9, SSE_ALGO_UNKNOWN, "FOO", false, NULL);
}

/* "0 3 1 …" of order[]. */
static const char *
order_text(const uint32_t *order, size_t n, char *buf, size_t size)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < n && used + 4 < size; i++)
        used += (size_t)snprintf(buf + used, size - used, "%s%u", i ? " " : "", order[i]);
    return buf;
}

static void
check_order(const struct fleet *f, enum sort_column c, bool reverse, const char *want)
{
    uint32_t order[16];
    char got[64];
    CHECK_INT(sort_fleet(f, c, reverse, order), SSE_OK);
    CHECK_STR(order_text(order, f->count, got, sizeof got), want);
}

static void
test_columns(void)
{
    struct fleet f;
    fleet_of_ten(&f);
    check_order(&f, SORT_NONE, false, "0 1 2 3 4 5 6 7 8 9");
    check_order(&f, SORT_NONE, true, "9 8 7 6 5 4 3 2 1 0");
    /* alpha before bravo; within one profile the fleet's order */
    check_order(&f, SORT_PROFILE, false, "8 9 0 1 2 3 4 5 6 7");
    check_order(&f, SORT_PROFILE, true, "0 1 2 3 4 5 6 7 8 9");
    check_order(&f, SORT_BUCKET, false, "8 2 7 5 3 0 6 1 4 9");
    check_order(&f, SORT_BUCKET, true, "9 4 1 6 0 3 5 7 2 8");
    /* AES256 (2 7), KMS (0 3 8), SM4 (4), none (1), other (9), not known (5), not read (6) */
    check_order(&f, SORT_ALGORITHM, false, "2 7 0 3 8 4 1 9 5 6");
    /* reversed, ties still in the fleet's order */
    check_order(&f, SORT_ALGORITHM, true, "6 5 9 1 4 0 3 8 2 7");
    /* key-a, key-b, OSS-managed, no KMS (in fleet order), not known */
    check_order(&f, SORT_KMS_KEY_ID, false, "3 0 8 1 2 4 7 9 5 6");
    /* ok, then errors, then not answered */
    check_order(&f, SORT_STATUS, false, "0 1 2 3 4 7 8 9 5 6");
    check_order(&f, SORT_STATUS, true, "6 5 0 1 2 3 4 7 8 9");
    /* No policy: every row unmanaged, so the fleet's order either way. */
    check_order(&f, SORT_POLICY, false, "0 1 2 3 4 5 6 7 8 9");
    check_order(&f, SORT_POLICY, true, "0 1 2 3 4 5 6 7 8 9");

    /* Signatures: a re-read with the same answer keeps it; another answer changes it. */
    uint64_t before = sort_signature(&f, SORT_ALGORITHM, 2);
    answer_row(&f, 2, SSE_ALGO_AES256, NULL, false, NULL);
    CHECK(sort_signature(&f, SORT_ALGORITHM, 2) == before);
    answer_row(&f, 2, SSE_ALGO_KMS, NULL, false, NULL);
    CHECK(sort_signature(&f, SORT_ALGORITHM, 2) != before);
    before = sort_signature(&f, SORT_KMS_KEY_ID, 0);
    answer_row(&f, 0, SSE_ALGO_KMS, "key-c", false, NULL);
    CHECK(sort_signature(&f, SORT_KMS_KEY_ID, 0) != before);
    before = sort_signature(&f, SORT_STATUS, 5);
    answer_row(&f, 5, SSE_ALGO_NONE, NULL, false, "NoSuchBucket");
    CHECK(sort_signature(&f, SORT_STATUS, 5) != before);
    CHECK(sort_signature(&f, SORT_BUCKET, 5) == 0 && sort_signature(&f, SORT_PROFILE, 5) == 0);
    fleet_cleanup(&f);
}

static void
test_cycle(void)
{
    enum sort_column c = SORT_NONE;
    const enum sort_column with[] = { SORT_PROFILE, SORT_BUCKET, SORT_ALGORITHM, SORT_KMS_KEY_ID,
                                      SORT_POLICY, SORT_STATUS, SORT_NONE };
    for (size_t i = 0; i < sizeof with / sizeof with[0]; i++)
        CHECK_INT(c = sort_next(c, true), with[i]);
    c = SORT_KMS_KEY_ID;
    CHECK_INT(sort_next(c, false), SORT_STATUS); /* no policy: its column is skipped */
    CHECK_INT(sort_shown_in(SORT_KMS_KEY_ID), SSE_COL_KMS_KEY_ID);
    CHECK_INT(sort_shown_in(SORT_NONE), SSE_COL_COUNT);
}

static void
test_100k_names(void)
{
    struct fleet f;
    fleet_init(&f);
    int p = fleet_add_profile(&f, &acct_a, false);
    enum { N = 100000 };
    char name[64];
    for (size_t i = 0; i < N; i++) {
        uint64_t h = (uint64_t)i * 0x9e3779b97f4a7c15ull;
        snprintf(name, sizeof name, "%s-logs-%06llu", (h >> 60) % 2 ? "prod" : "dev",
                 (unsigned long long)(h % 1000000));
        if (fleet_add(&f, p, name) != SSE_OK) /* a repeated name: skip it */
            continue;
    }
    uint32_t *order = malloc(f.count * sizeof *order);
    CHECK_INT(sort_fleet(&f, SORT_BUCKET, false, order), SSE_OK);
    bool ok = true;
    for (size_t k = 1; k < f.count; k++)
        if (strcmp(f.rows[order[k - 1]].bucket, f.rows[order[k]].bucket) >= 0)
            ok = false;
    CHECK(ok);
    free(order);
    fleet_cleanup(&f);
}

int
main(void)
{
    test_items();
    test_text_ranks();
    test_columns();
    test_cycle();
    test_100k_names();
    return check_done("test_model_sort");
}
