/* response.h — what came back from OSS (status, headers of interest, body) and its meaning:
 * a rule, "none", a bucket page, or a specific error; and whether a retry may help. Pure. */
#ifndef SSE_OSS_RESPONSE_H
#define SSE_OSS_RESPONSE_H

#include <stdbool.h>

#include "core/rule.h"
#include "core/status.h"
#include "core/strbuf.h"
#include "oss/xml.h"

/* The longest x-oss-err header kept; a longer one is cut (and then fails to decode). */
#define OSS_X_OSS_ERR_MAX 2047

struct oss_response {
    long http_status;          /* 0 when no response arrived */
    struct strbuf body;        /* capped at OSS_XML_MAX_BODY by the transport */
    bool body_truncated;       /* the transport stopped reading at the cap */
    char request_id[64];       /* x-oss-request-id */
    char content_type[128];
    struct strbuf x_oss_err;   /* base64 XML error from the x-oss-err header (for an empty body);
                                * allocated only when the header came: 64 answers in flight
                                * should not each carry 2 KB for a rare header */
    char x_oss_ec[32];         /* x-oss-ec header */
    char date[64];             /* Date header, for clock-skew messages */
};

void oss_response_init(struct oss_response *resp);
void oss_response_cleanup(struct oss_response *resp);
void oss_response_reset(struct oss_response *resp);

/* For any non-2xx answer: fills err (SSE_ERR_SERVICE with OSS's Code/Message/RequestId/EC from the
 * body or x-oss-err; SSE_ERR_PROTOCOL for an HTML page, an empty or non-OSS body, naming what came)
 * and returns err->status. For 2xx returns SSE_OK. http_status and request_id are always copied. */
enum sse_status oss_response_check(const struct oss_response *resp, struct sse_error *err);

/* GetBucketEncryption: 2xx with a rule → the rule; 404/any status with Code
 * NoSuchServerSideEncryptionRule → algo SSE_ALGO_NONE and SSE_OK; anything else → error. */
enum sse_status oss_response_rule(const struct oss_response *resp, struct sse_rule *out,
                                  struct sse_error *err);

/* ListBuckets: 2xx → the page. */
enum sse_status oss_response_bucket_page(const struct oss_response *resp,
                                         struct oss_bucket_page *out, struct sse_error *err);

/* GetBucketLocation: 2xx → the bucket's region ("cn-beijing", from oss-cn-beijing). */
enum sse_status oss_response_location(const struct oss_response *resp, char *region, size_t size,
                                      struct sse_error *err);

/* A retry may succeed: no response (connection/timeout, signalled by http_status 0 together with
 * a network/timeout status in err), 5xx, 408, 429, or Code RequestTimeTooSkewed/ServiceUnavailable/
 * Throttling. */
bool oss_response_retryable(const struct oss_response *resp, const struct sse_error *err);

#endif
