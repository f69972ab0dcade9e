/* accounts.c — regional accounts derived from a profile for discovered buckets. */
#include "app/accounts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/ascii.h"
#include "oss/endpoint.h"

void
account_set_init(struct account_set *set)
{
    memset(set, 0, sizeof *set);
}

void
account_set_cleanup(struct account_set *set)
{
    for (size_t i = 0; i < set->count; i++)
        free(set->items[i]); /* creds are the base profile's: not ours to wipe */
    free(set->items);
    memset(set, 0, sizeof *set);
}

const struct oss_account *
account_set_at(struct account_set *set, const struct oss_account *base, const char *host,
               const char *region, struct sse_error *err)
{
    const char *sep = strstr(base->endpoint, "://");
    char scheme[8] = "https";
    if (sep && (size_t)(sep - base->endpoint) < sizeof scheme)
        snprintf(scheme, sizeof scheme, "%.*s", (int)(sep - base->endpoint), base->endpoint);
    char endpoint[OSS_ENDPOINT_MAX];
    int n = snprintf(endpoint, sizeof endpoint, "%s://%s", scheme, host);
    if (n < 0 || (size_t)n >= sizeof endpoint || strlen(region) >= OSS_REGION_MAX) {
        sse_error_set(err, SSE_ERR_PROTOCOL, "the endpoint %.200s is too long", host);
        return NULL;
    }
    char base_host[OSS_ENDPOINT_MAX];
    if (oss_endpoint_host(base->endpoint, base_host, sizeof base_host) &&
        ascii_casecmp(base_host, host) == 0 && strcmp(region, base->region) == 0)
        return base;
    for (size_t i = 0; i < set->count; i++) {
        const struct oss_account *a = set->items[i];
        if (ascii_casecmp(a->endpoint, endpoint) == 0 && strcmp(a->region, region) == 0 &&
            strcmp(a->profile, base->profile) == 0)
            return a;
    }
    if (set->count == set->cap) {
        size_t cap = set->cap ? set->cap * 2 : 8;
        struct oss_account **items = realloc(set->items, cap * sizeof *items);
        if (!items) {
            sse_error_set(err, SSE_ERR_NOMEM, "out of memory");
            return NULL;
        }
        set->items = items;
        set->cap = cap;
    }
    struct oss_account *a = malloc(sizeof *a);
    if (!a) {
        sse_error_set(err, SSE_ERR_NOMEM, "out of memory");
        return NULL;
    }
    *a = *base; /* shares the base's credentials (borrowed pointers) */
    sse_strlcpy(a->endpoint, endpoint, sizeof a->endpoint);
    sse_strlcpy(a->region, region, sizeof a->region);
    set->items[set->count++] = a;
    return a;
}

const struct oss_account *
account_set_for_bucket(struct account_set *set, const struct oss_account *base,
                       const struct oss_bucket_info *info, bool internal,
                       const char *const *allowed, size_t nallowed, bool *refused,
                       struct sse_error *err)
{
    *refused = false;
    const char *listed = internal ? info->intranet_endpoint : info->extranet_endpoint;
    const char *region = info->region[0] ? info->region : base->region;
    char host[OSS_ENDPOINT_MAX], named[64];
    if (listed[0] && oss_endpoint_trusted(listed, base->endpoint, allowed, nallowed))
        return account_set_at(set, base, listed, region, err);
    *refused = listed[0] != '\0';
    /* OSS's own name for the region, but only for a profile that points at OSS's own names: one
     * at a local or custom endpoint is never sent to the public one. */
    if (info->region[0] && oss_endpoint_region(base->endpoint, named, sizeof named, NULL) &&
        oss_endpoint_for_region(info->region, internal, host, sizeof host))
        return account_set_at(set, base, host, region, err);
    return base;
}
