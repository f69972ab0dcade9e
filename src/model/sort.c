/* sort.c — the bucket list's orders: keys per row (a class, then a text's rank), LSD radix sort of
 * 64-bit keys, and text ranks by 8-byte chunks (a radix pass per chunk, only over the runs the
 * chunk before left equal). */
#include "model/sort.h"

#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"

static const struct {
    enum sse_column shown;
    const char *words;
    bool needs_policy;
} columns[SORT_COLUMN_COUNT] = {
    [SORT_NONE] = { SSE_COL_COUNT, N_("configured order"), false },
    [SORT_PROFILE] = { SSE_COL_PROFILE, N_("profile"), false },
    [SORT_BUCKET] = { SSE_COL_BUCKET, N_("bucket"), false },
    [SORT_ALGORITHM] = { SSE_COL_ALGORITHM, N_("algorithm"), false },
    [SORT_KMS_KEY_ID] = { SSE_COL_KMS_KEY_ID, N_("CMK ID"), false },
    [SORT_POLICY] = { SSE_COL_POLICY, N_("policy verdict"), true },
    [SORT_STATUS] = { SSE_COL_STATUS, N_("status"), false },
};

enum sort_column
sort_next(enum sort_column c, bool has_policy)
{
    for (int k = 1; k <= SORT_COLUMN_COUNT; k++) {
        enum sort_column n = (enum sort_column)(((int)c + k) % SORT_COLUMN_COUNT);
        if (!columns[n].needs_policy || has_policy)
            return n;
    }
    return SORT_NONE;
}

enum sse_column
sort_shown_in(enum sort_column c)
{
    return (unsigned)c < SORT_COLUMN_COUNT ? columns[c].shown : SSE_COL_COUNT;
}

const char *
sort_words(enum sort_column c)
{
    return (unsigned)c < SORT_COLUMN_COUNT ? _(columns[c].words) : "";
}

/* ---- radix sort -------------------------------------------------------------------------- */

/* Below this many items an insertion sort beats clearing the histograms. */
#define SMALL_SORT 48

void
sort_items(struct sort_item *items, size_t n, struct sort_item *tmp)
{
    if (n < 2)
        return;
    if (n <= SMALL_SORT) {
        for (size_t i = 1; i < n; i++) {
            struct sort_item x = items[i];
            size_t j = i;
            for (; j > 0 && items[j - 1].key > x.key; j--)
                items[j] = items[j - 1];
            items[j] = x;
        }
        return;
    }
    size_t count[8][256];
    memset(count, 0, sizeof count);
    for (size_t i = 0; i < n; i++) {
        uint64_t k = items[i].key;
        for (int d = 0; d < 8; d++)
            count[d][(k >> (8 * d)) & 0xff]++;
    }
    struct sort_item *src = items, *dst = tmp;
    for (int d = 0; d < 8; d++) {
        /* A digit every item shares orders nothing: skip its pass (small keys use one or two). */
        if (count[d][(src[0].key >> (8 * d)) & 0xff] == n)
            continue;
        size_t at[256], sum = 0;
        for (int b = 0; b < 256; b++) {
            at[b] = sum;
            sum += count[d][b];
        }
        for (size_t i = 0; i < n; i++)
            dst[at[(src[i].key >> (8 * d)) & 0xff]++] = src[i];
        struct sort_item *t = src;
        src = dst;
        dst = t;
    }
    if (src != items)
        memcpy(items, src, n * sizeof *items);
}

/* Bytes [8*depth, 8*depth+8) of s (len bytes long) as a big-endian number, zeros past its end:
 * numbers compare as the bytes do, and a shorter text before a longer one it begins. */
static uint64_t
chunk(const char *s, size_t len, size_t depth)
{
    uint64_t k = 0;
    size_t at = depth * 8;
    for (size_t b = 0; b < 8; b++)
        k = (k << 8) | (at + b < len ? (unsigned char)s[at + b] : 0u);
    return k;
}

struct texts {
    const char *const *text;
    const size_t *len;
};

/* Items [lo, hi) are sorted by chunk `depth` of their texts: sorts each run of equal chunks by the
 * next one, as long as the run's texts go on past this chunk. */
static void
refine(const struct texts *t, struct sort_item *items, size_t lo, size_t hi, size_t depth,
       struct sort_item *tmp)
{
    size_t s = lo;
    while (s < hi) {
        size_t e = s + 1;
        while (e < hi && items[e].key == items[s].key)
            e++;
        /* Equal chunks whose last byte is 0 are texts that ended: equal, already in order. */
        if (e - s > 1 && (items[s].key & 0xff)) {
            for (size_t i = s; i < e; i++)
                items[i].key = chunk(t->text[items[i].id], t->len[items[i].id], depth + 1);
            sort_items(items + s, e - s, tmp);
            refine(t, items, s, e, depth + 1, tmp);
        }
        s = e;
    }
}

enum sse_status
sort_text_ranks(const char *const *texts, size_t n, uint32_t *rank)
{
    if (!n)
        return SSE_OK;
    struct sort_item *items = malloc(n * sizeof *items), *tmp = malloc(n * sizeof *tmp);
    size_t *len = malloc(n * sizeof *len);
    if (!items || !tmp || !len) {
        free(items);
        free(tmp);
        free(len);
        return SSE_ERR_NOMEM;
    }
    for (size_t i = 0; i < n; i++) {
        len[i] = strlen(texts[i]);
        items[i] = (struct sort_item){ chunk(texts[i], len[i], 0), (uint32_t)i };
    }
    struct texts t = { texts, len };
    sort_items(items, n, tmp);
    refine(&t, items, 0, n, 0, tmp);
    uint32_t r = 0;
    rank[items[0].id] = 0;
    for (size_t k = 1; k < n; k++) {
        const char *a = texts[items[k - 1].id], *b = texts[items[k].id];
        if (a != b && (len[items[k].id] != len[items[k - 1].id] || memcmp(a, b, len[items[k].id])))
            r++;
        rank[items[k].id] = r;
    }
    free(items);
    free(tmp);
    free(len);
    return SSE_OK;
}

/* ---- keys of rows ------------------------------------------------------------------------ */

/* A row's key is its class (the high half) and, within a class that has one, its text's rank. */
static unsigned
row_class(const struct fleet *f, enum sort_column c, size_t i, const char **text)
{
    const struct fleet_row *r = &f->rows[i];
    *text = NULL;
    switch (c) {
    case SORT_PROFILE: {
        const struct oss_account *a = f->profiles[r->profile].account;
        *text = a ? a->profile : "";
        return 0;
    }
    case SORT_BUCKET:
        *text = r->bucket;
        return 0;
    case SORT_ALGORITHM:
        if (!r->rule_known)
            return r->state == FLEET_LOADING ? 6 : 5;
        switch (r->rule.algo) {
        case SSE_ALGO_AES256: return 0;
        case SSE_ALGO_KMS: return 1;
        case SSE_ALGO_SM4: return 2;
        case SSE_ALGO_NONE: return 3;
        default: *text = r->rule.algo_raw ? r->rule.algo_raw : ""; return 4;
        }
    case SORT_KMS_KEY_ID:
        if (!r->rule_known)
            return 3;
        if (r->rule.algo != SSE_ALGO_KMS)
            return 2;
        if (!r->rule.kms_key_id || !r->rule.kms_key_id[0])
            return 1;
        *text = r->rule.kms_key_id;
        return 0;
    case SORT_POLICY:
        switch (r->judgement.verdict) {
        case POLICY_COMPLIANT: return 0;
        case POLICY_DRIFTED: return 1;
        case POLICY_UNKNOWN: return 2;
        default: return 3;
        }
    case SORT_STATUS:
        if (r->state == FLEET_ERROR) {
            const struct sse_error *e = fleet_error(f, i);
            *text = e ? fleet_error_word(e) : "";
            return 1;
        }
        return r->state == FLEET_OK ? 0 : 2;
    default:
        return 0;
    }
}

uint64_t
sort_signature(const struct fleet *f, enum sort_column c, size_t row)
{
    if (c == SORT_NONE || c == SORT_PROFILE || c == SORT_BUCKET || row >= f->count)
        return 0;
    const char *text;
    uint64_t h = row_class(f, c, row, &text);
    /* CMK IDs and algorithm names are interned (one pointer per text); error words are not. */
    for (const char *s = text; s && *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    return h;
}

enum sse_status
sort_fleet(const struct fleet *f, enum sort_column c, bool reverse, uint32_t *order)
{
    size_t n = f->count;
    if (c == SORT_NONE || (unsigned)c >= SORT_COLUMN_COUNT) {
        for (size_t i = 0; i < n; i++)
            order[i] = (uint32_t)(reverse ? n - 1 - i : i);
        return SSE_OK;
    }
    if (!n)
        return SSE_OK;
    struct sort_item *items = malloc(n * sizeof *items), *tmp = malloc(n * sizeof *tmp);
    const char **texts = malloc(n * sizeof *texts);
    uint32_t *with_text = malloc(n * sizeof *with_text), *rank = malloc(n * sizeof *rank);
    enum sse_status st = SSE_ERR_NOMEM;
    if (!items || !tmp || !texts || !with_text || !rank)
        goto out;
    size_t nt = 0;
    for (size_t i = 0; i < n; i++) {
        const char *text;
        items[i] = (struct sort_item){ (uint64_t)row_class(f, c, i, &text) << 32, (uint32_t)i };
        if (text) {
            texts[nt] = text;
            with_text[nt++] = (uint32_t)i;
        }
    }
    if (sort_text_ranks(texts, nt, rank) != SSE_OK)
        goto out;
    for (size_t k = 0; k < nt; k++)
        items[with_text[k]].key |= rank[k];
    if (reverse)
        for (size_t i = 0; i < n; i++)
            items[i].key = ~items[i].key;
    /* items are in row order and the sort is stable: equal keys stay in the fleet's order. */
    sort_items(items, n, tmp);
    for (size_t k = 0; k < n; k++)
        order[k] = items[k].id;
    st = SSE_OK;
out:
    free(items);
    free(tmp);
    free(texts);
    free(with_text);
    free(rank);
    return st;
}
