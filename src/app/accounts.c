/* accounts.c — regional accounts derived from a profile for discovered buckets. */
#include "app/accounts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* A host name as OSS lists it: letters, digits, '-', '.', and an optional ":port". */
static bool
plausible_host(const char *h)
{
    if (!*h)
        return false;
    for (const char *p = h; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              *p == '-' || *p == '.' || *p == ':'))
            return false;
    return true;
}

const struct oss_account *
account_set_for_bucket(struct account_set *set, const struct oss_account *base,
                       const struct oss_bucket_info *info, bool internal, struct sse_error *err)
{
    char host[160];
    const char *listed = internal ? info->intranet_endpoint : info->extranet_endpoint;
    if (listed[0])
        snprintf(host, sizeof host, "%s", listed);
    else if (info->region[0])
        snprintf(host, sizeof host, "oss-%s%s.aliyuncs.com", info->region,
                 internal ? "-internal" : "");
    else
        return base; /* nothing says otherwise: the bucket is where the profile points */
    if (!plausible_host(host)) {
        sse_error_set(err, SSE_ERR_PROTOCOL,
                      "ListBuckets named an unusable endpoint for bucket %s", info->name);
        return NULL;
    }
    const char *sep = strstr(base->endpoint, "://");
    char scheme[8] = "https";
    if (sep && (size_t)(sep - base->endpoint) < sizeof scheme)
        snprintf(scheme, sizeof scheme, "%.*s", (int)(sep - base->endpoint), base->endpoint);
    char endpoint[OSS_ENDPOINT_MAX];
    snprintf(endpoint, sizeof endpoint, "%s://%s", scheme, host);
    const char *region = info->region[0] ? info->region : base->region;

    const char *base_host = sep ? sep + 3 : base->endpoint;
    if (strcmp(base_host, host) == 0 && strcmp(region, base->region) == 0)
        return base;
    for (size_t i = 0; i < set->count; i++) {
        const struct oss_account *a = set->items[i];
        if (strcmp(a->endpoint, endpoint) == 0 && strcmp(a->region, region) == 0 &&
            strcmp(a->profile, base->profile) == 0 && a->creds.access_key_id == base->creds.access_key_id)
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
