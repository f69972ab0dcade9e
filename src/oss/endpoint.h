/* endpoint.h — OSS endpoint names: the region a name says (oss-REGION[-internal].aliyuncs.com),
 * the name of a region, and which hosts a profile may be sent to by an answer (a wrong-endpoint
 * refusal, a listed bucket's endpoint): an answer must not be able to send signed requests to a
 * host of its choosing. Pure. */
#ifndef SSE_OSS_ENDPOINT_H
#define SSE_OSS_ENDPOINT_H

#include <stdbool.h>
#include <stddef.h>

/* The region an OSS endpoint name says: "oss-cn-beijing.aliyuncs.com", with or without a scheme,
 * "-internal" and ":port" → "cn-beijing" (*internal says whether it was the internal name; may
 * be NULL). False when it is not such a name. */
bool oss_endpoint_region(const char *endpoint, char *region, size_t size, bool *internal);

/* "oss-REGION[-internal].aliyuncs.com" into out; false when it does not fit. */
bool oss_endpoint_for_region(const char *region, bool internal, char *out, size_t size);

/* The host[:port] part of an endpoint URL or name, into out (lower case); false when empty or
 * it does not fit. */
bool oss_endpoint_host(const char *endpoint, char *out, size_t size);

/* Whether an answer may send the profile's requests to host (host[:port], as OSS names it): an
 * OSS endpoint name (oss-REGION[-internal].aliyuncs.com, no port), the host of the profile's
 * own endpoint, or one of the allowed hosts (the profile's endpoints_allowed). Case-insensitive. */
bool oss_endpoint_trusted(const char *host, const char *profile_endpoint,
                          const char *const *allowed, size_t nallowed);

#endif
