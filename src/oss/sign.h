/* sign.h — signs a request for OSS: V4 (OSS4-HMAC-SHA256, default) or V1 (HMAC-SHA1).
 * Pure: the signing time is an input; nothing is read from the clock or the environment. */
#ifndef SSE_OSS_SIGN_H
#define SSE_OSS_SIGN_H

#include <time.h>

#include "core/status.h"
#include "oss/account.h"
#include "oss/request.h"
#include "oss/sign_v4.h"

/* Adds the headers the chosen version needs and the Authorization header:
 *   V4: x-oss-date (YYYYMMDDTHHMMSSZ), x-oss-content-sha256: UNSIGNED-PAYLOAD, Date (GMT, unsigned),
 *       x-oss-security-token when STS; scope DATE/region/oss/aliyun_v4_request.
 *   V1: Date and x-oss-date with the same GMT string (the documented rule takes x-oss-date over
 *       Date; ali-oss signs only x-oss-date: both then sign the same string),
 *       x-oss-security-token when STS; sub-resources (encryption, …) in the canonical resource.
 * Uses acct->signature_version, acct->region and acct->creds. */
enum sse_status oss_sign_request(struct oss_request *r, const struct oss_account *acct, time_t now,
                                 struct sse_error *err);
/* The same, reusing V4 signing keys through cache (see sign_v4_key_cache; one per thread). */
enum sse_status oss_sign_request_cached(struct oss_request *r, const struct oss_account *acct,
                                        time_t now, struct sign_v4_key_cache *cache,
                                        struct sse_error *err);
/* The same with creds instead of the account's own keys (temporary credentials a profile's
 * source gave; the account still says where, how and in which region). */
enum sse_status oss_sign_request_as(struct oss_request *r, const struct oss_account *acct,
                                    const struct oss_credentials *creds, time_t now,
                                    struct sign_v4_key_cache *cache, struct sse_error *err);

#endif
