/* endpoint.c — RPC endpoints: configured URLs and the regional STS and KMS hosts. */
#include "rpc/endpoint.h"

#include <stdio.h>
#include <string.h>

#include "core/ascii.h"
#include "core/sanitize.h"
#include "core/validate.h"

enum sse_status
rpc_endpoint_parse(const char *text, struct rpc_endpoint *out, struct sse_error *err)
{
    memset(out, 0, sizeof *out);
    char shown[160];
    sanitize_text(text, shown, sizeof shown);
    if (strchr(text, '@'))
        /* user:password@host would put a secret into this very message: do not echo it. */
        return sse_error_set(err, SSE_ERR_INVALID,
                             "the endpoint must not hold user information ('@')");
    char url[RPC_HOST_MAX + 16];
    bool bare = strstr(text, "://") == NULL;
    if (snprintf(url, sizeof url, "%s%s", bare ? "https://" : "", text) >= (int)sizeof url)
        return sse_error_set(err, SSE_ERR_INVALID, "the endpoint \"%.60s...\" is too long (at most "
                             "%d bytes)", shown, RPC_HOST_MAX - 1);
    const char *why = validate_endpoint_problem(url);
    if (why)
        return sse_error_set(err, SSE_ERR_INVALID,
                             "the endpoint \"%s\" is not https://host[:port] (or http://host[:port] "
                             "for a local endpoint): %s", shown, why);
    bool http = ascii_has_prefix(url, "http://");
    const char *host = url + (http ? 7 : 8);
    size_t n = strlen(host);
    if (n && host[n - 1] == '/')
        n--;
    /* The host without its port, for the local check. */
    size_t hn = n;
    if (host[0] == '[')
        hn = (size_t)(strchr(host, ']') - host) + 1;
    else if (memchr(host, ':', n))
        hn = (size_t)((const char *)memchr(host, ':', n) - host);
    if (http && !validate_host_local(host, hn))
        return sse_error_set(err, SSE_ERR_INVALID,
                             "the endpoint \"%s\" uses http://, which is only for a local endpoint "
                             "(localhost, a loopback or a private address); use https://", shown);
    if (n >= sizeof out->host)
        return sse_error_set(err, SSE_ERR_INVALID, "the endpoint's host is too long (at most %zu "
                             "bytes)", sizeof out->host - 1);
    snprintf(out->scheme, sizeof out->scheme, "%s", http ? "http" : "https");
    memcpy(out->host, host, n);
    out->host[n] = '\0';
    /* Host names are case-insensitive; keep one spelling so equal endpoints compare equal. */
    for (char *c = out->host; *c; c++)
        *c = (char)ascii_lower((unsigned char)*c);
    return SSE_OK;
}

/* PREFIX.REGION.aliyuncs.com (or PREFIX.aliyuncs.com when region is NULL). */
static enum sse_status
regional(const char *prefix, const char *region, struct rpc_endpoint *out, struct sse_error *err)
{
    memset(out, 0, sizeof *out);
    if (region && !validate_region_id(region)) {
        char shown[80];
        sanitize_text(region, shown, sizeof shown);
        return sse_error_set(err, SSE_ERR_INVALID,
                             "\"%s\" is not a region ID like \"cn-hangzhou\" (lower-case letters, "
                             "digits and '-')", shown);
    }
    snprintf(out->scheme, sizeof out->scheme, "https");
    if (region)
        snprintf(out->host, sizeof out->host, "%s.%s.aliyuncs.com", prefix, region);
    else
        snprintf(out->host, sizeof out->host, "%s.aliyuncs.com", prefix);
    return SSE_OK;
}

enum sse_status
rpc_sts_endpoint(const char *sts_endpoint, const char *sts_region, bool vpc,
                 struct rpc_endpoint *out, struct sse_error *err)
{
    if (sts_endpoint && *sts_endpoint)
        return rpc_endpoint_parse(sts_endpoint, out, err);
    if (sts_region && *sts_region)
        return regional(vpc ? "sts-vpc" : "sts", sts_region, out, err);
    /* The global endpoint has no VPC form (the official libraries fall back to it as is). */
    return regional("sts", NULL, out, err);
}

enum sse_status
rpc_kms_endpoint(const char *kms_endpoint, const char *region, bool internal,
                 struct rpc_endpoint *out, struct sse_error *err)
{
    if (kms_endpoint && *kms_endpoint)
        return rpc_endpoint_parse(kms_endpoint, out, err);
    if (!region || !*region) {
        memset(out, 0, sizeof *out);
        return sse_error_set(err, SSE_ERR_INVALID, "KMS needs a region: its keys live in one");
    }
    return regional(internal ? "kms-vpc" : "kms", region, out, err);
}

char *
rpc_endpoint_format(const struct rpc_endpoint *ep, char *buf, size_t size)
{
    if (size)
        snprintf(buf, size, "%s://%s", ep->scheme, ep->host);
    return buf;
}

bool
rpc_endpoint_equal(const struct rpc_endpoint *a, const struct rpc_endpoint *b)
{
    return strcmp(a->scheme, b->scheme) == 0 && ascii_casecmp(a->host, b->host) == 0;
}
