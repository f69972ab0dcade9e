/* sort.h — the bucket list's orders: the columns it sorts by, what each row's place depends on,
 * and every row of a fleet put in one of them — stable, so rows with equal keys keep the fleet's
 * own order (the configured buckets, then those a listing found). Pure: no drawing, no I/O. */
#ifndef SSE_MODEL_SORT_H
#define SSE_MODEL_SORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config/columns.h"
#include "core/status.h"
#include "model/fleet.h"

/* In the order s cycles through them. A column another feature adds (a region, a key's state) is
 * one more entry here and in sort.c's table. */
enum sort_column {
    SORT_NONE,        /* the fleet's order */
    SORT_PROFILE,     /* the profile's name */
    SORT_BUCKET,      /* the bucket's name */
    SORT_ALGORITHM,   /* AES256, KMS, SM4, none, another algorithm (by name), not known, not read
                       * yet: the order of the summary line */
    SORT_KMS_KEY_ID,  /* the CMK IDs (by text), the OSS-managed CMK, no KMS, not known */
    SORT_POLICY,      /* compliant, drifted, unknown, not covered by the policy */
    SORT_STATUS,      /* ok, errors (by their code), not answered yet */
    SORT_COLUMN_COUNT
};

/* The column s moves to after c: the next one, skipping the policy's without a policy; after the
 * last, SORT_NONE again. */
enum sort_column sort_next(enum sort_column c, bool has_policy);
/* The list column that shows what c sorts by (SSE_COL_COUNT for SORT_NONE). */
enum sse_column sort_shown_in(enum sort_column c);
/* "profile", "bucket", "algorithm", "CMK ID", "policy", "status", "configured order", in the user's
 * language (messages). */
const char *sort_words(enum sort_column c);

/* Puts every row of f (0 … f->count-1) into order[] by column c: order[k] is the k-th row shown.
 * reverse: the keys descending, rows with equal keys still in the fleet's order. SSE_ERR_NOMEM
 * (order untouched). 100,000 rows by name take a few milliseconds. */
enum sse_status sort_fleet(const struct fleet *f, enum sort_column c, bool reverse,
                           uint32_t *order);

/* What row's place under c depends on, as a number: it changes when an answer may have moved the
 * row (its rule, verdict or outcome changed), and never for a row re-read without news. Constant
 * for the columns no answer changes (profile, bucket). */
uint64_t sort_signature(const struct fleet *f, enum sort_column c, size_t row);

/* The building blocks, for tests. */
struct sort_item {
    uint64_t key;
    uint32_t id;
};
/* Sorts items by key, stably (ties keep their order), in linear time; tmp is scratch for n. */
void sort_items(struct sort_item *items, size_t n, struct sort_item *tmp);
/* rank[i] gets the place of texts[i] among the n texts in byte order (strcmp), equal texts the
 * same rank, ranks dense from 0. SSE_ERR_NOMEM. */
enum sse_status sort_text_ranks(const char *const *texts, size_t n, uint32_t *rank);

#endif
