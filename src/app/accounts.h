/* accounts.h — the accounts a profile fans out to when it discovers buckets: one per regional
 * endpoint that ListBuckets names (OSS answers a bucket's encryption calls only at its own
 * region's endpoint). Stable addresses: jobs borrow them until the set is freed. */
#ifndef SSE_APP_ACCOUNTS_H
#define SSE_APP_ACCOUNTS_H

#include <stdbool.h>
#include <stddef.h>

#include "core/status.h"
#include "oss/account.h"
#include "oss/xml.h"

struct account_set {
    struct oss_account **items; /* owned; each item's creds are borrowed from its base profile */
    size_t count, cap;
};

void account_set_init(struct account_set *set);
/* Frees the derived accounts (never the base profiles' credentials). */
void account_set_cleanup(struct account_set *set);

/* The base account pointed at host ("host[:port]", with base's scheme, credentials and signing)
 * in region: base itself when that is where base points, else the set's (made once). NULL with
 * err when out of memory or when it does not fit. */
const struct oss_account *account_set_at(struct account_set *set, const struct oss_account *base,
                                         const char *host, const char *region,
                                         struct sse_error *err);

/* The account to use for a listed bucket: the endpoint ListBuckets names for it (Extranet, or
 * Intranet when internal) when the profile may be sent there (oss_endpoint_trusted: OSS's own
 * names, base's host, the allowed hosts); else, for a profile at an OSS endpoint name, its
 * region's OSS name; else base. *refused: a listed endpoint was not one the profile may be sent
 * to. NULL with err when out of memory. */
const struct oss_account *account_set_for_bucket(struct account_set *set,
                                                 const struct oss_account *base,
                                                 const struct oss_bucket_info *info,
                                                 bool internal, const char *const *allowed,
                                                 size_t nallowed, bool *refused,
                                                 struct sse_error *err);

#endif
