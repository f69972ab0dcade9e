/* endpoint.c — OSS endpoint names and which hosts an answer may name. */
#include "oss/endpoint.h"

#include <stdio.h>
#include <string.h>

#include "core/ascii.h"

static const char *
skip_scheme(const char *ep)
{
    const char *h = strstr(ep, "://");
    return h ? h + 3 : ep;
}

bool
oss_endpoint_region(const char *endpoint, char *region, size_t size, bool *internal)
{
    const char *h = skip_scheme(endpoint);
    if (!ascii_has_prefix(h, "oss-"))
        return false;
    h += 4;
    const char *dot = strchr(h, '.');
    if (!dot || !ascii_has_prefix(dot, ".aliyuncs.com"))
        return false;
    const char *end = dot + 13;
    if (*end == ':') { /* a port: digits only */
        end++;
        if (!*end)
            return false;
        while (*end >= '0' && *end <= '9')
            end++;
    }
    if (*end == '/')
        end += strspn(end, "/");
    if (*end)
        return false;
    size_t n = (size_t)(dot - h);
    bool in = n > 9 && ascii_has_prefix(dot - 9, "-internal");
    if (in)
        n -= 9;
    if (n == 0 || n >= size)
        return false;
    for (size_t i = 0; i < n; i++) {
        int c = ascii_lower((unsigned char)h[i]);
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
            return false;
        region[i] = (char)c;
    }
    region[n] = '\0';
    if (internal)
        *internal = in;
    return true;
}

bool
oss_endpoint_for_region(const char *region, bool internal, char *out, size_t size)
{
    int n = snprintf(out, size, "oss-%s%s.aliyuncs.com", region, internal ? "-internal" : "");
    return n > 0 && (size_t)n < size;
}

bool
oss_endpoint_host(const char *endpoint, char *out, size_t size)
{
    const char *h = skip_scheme(endpoint);
    size_t n = strcspn(h, "/?#");
    if (n == 0 || n >= size)
        return false;
    for (size_t i = 0; i < n; i++)
        out[i] = (char)ascii_lower((unsigned char)h[i]);
    out[n] = '\0';
    return true;
}

bool
oss_endpoint_trusted(const char *host, const char *profile_endpoint, const char *const *allowed,
                     size_t nallowed)
{
    char region[64], own[256];
    if (!host || !*host || strchr(host, '/') || strchr(host, '@'))
        return false;
    if (!strchr(host, ':') && oss_endpoint_region(host, region, sizeof region, NULL))
        return true;
    if (profile_endpoint && oss_endpoint_host(profile_endpoint, own, sizeof own) &&
        ascii_casecmp(own, host) == 0)
        return true;
    for (size_t i = 0; i < nallowed; i++)
        if (allowed[i] && ascii_casecmp(allowed[i], host) == 0)
            return true;
    return false;
}
