/* endpoint.h — where an RPC call goes (scheme and host[:port]): parsing a configured URL, and the
 * STS and KMS hosts of a region. Pure. */
#ifndef SSE_RPC_ENDPOINT_H
#define SSE_RPC_ENDPOINT_H

#include <stdbool.h>
#include <stddef.h>

#include "core/status.h"

#define RPC_HOST_MAX 256 /* host[:port] + NUL */

struct rpc_endpoint {
    char scheme[8];          /* "https" or "http" */
    char host[RPC_HOST_MAX]; /* "sts.cn-hangzhou.aliyuncs.com", "127.0.0.1:9000", "[::1]:9000" */
};

/* An endpoint as configured: "host[:port]" (https), "https://host[:port][/]" or, for a local
 * endpoint only (validate_host_local: loopback or private address), "http://host[:port][/]":
 * the answers of STS carry secrets, which must not cross a network in clear text. SSE_ERR_INVALID
 * with the reason ("... must not have a path", "http:// is only for a local endpoint ..."). */
enum sse_status rpc_endpoint_parse(const char *text, struct rpc_endpoint *out,
                                   struct sse_error *err);

/* The STS endpoint by the official libraries' rule: sts_endpoint when given (parsed as above),
 * else https://sts.REGION.aliyuncs.com (sts-vpc.REGION... when vpc) when sts_region is given, else
 * https://sts.aliyuncs.com. NULL or "" means not given. */
enum sse_status rpc_sts_endpoint(const char *sts_endpoint, const char *sts_region, bool vpc,
                                 struct rpc_endpoint *out, struct sse_error *err);

/* The KMS endpoint of a region: kms_endpoint when given, else https://kms.REGION.aliyuncs.com
 * (kms-vpc.REGION.aliyuncs.com when internal). */
enum sse_status rpc_kms_endpoint(const char *kms_endpoint, const char *region, bool internal,
                                 struct rpc_endpoint *out, struct sse_error *err);

/* "https://host" into buf (always NUL-terminated); returns buf. */
char *rpc_endpoint_format(const struct rpc_endpoint *ep, char *buf, size_t size);

/* Whether both name the same scheme and host (host compared without regard to ASCII case). */
bool rpc_endpoint_equal(const struct rpc_endpoint *a, const struct rpc_endpoint *b);

#endif
