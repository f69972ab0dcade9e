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

/* The account to use for a listed bucket: the base account pointed at the bucket's own endpoint
 * (ExtranetEndpoint, or IntranetEndpoint when internal; else oss-REGION[-internal].aliyuncs.com),
 * with the same scheme, credentials and signing, and the bucket's region. Reuses an equal account
 * already in the set. Returns base itself when the bucket lives where base points. NULL with err
 * when the listing's endpoint is not a usable host. */
const struct oss_account *account_set_for_bucket(struct account_set *set,
                                                 const struct oss_account *base,
                                                 const struct oss_bucket_info *info,
                                                 bool internal, struct sse_error *err);

#endif
