/* validate.c — bucket name, rule, endpoint and STS name checks with specific reasons. */
#include "core/validate.h"

#include <string.h>

#include "core/ascii.h"

/* The name as it may appear in a message: only when it is all printable ASCII. */
static const char *
shown_name(const char *name)
{
    for (const unsigned char *p = (const unsigned char *)name; *p; p++)
        if (*p < 0x20 || *p >= 0x7f)
            return "(name with non-printable bytes)";
    return name;
}

enum sse_status
validate_bucket_name(const char *name, struct sse_error *err)
{
    size_t n = strlen(name);
    const char *shown = shown_name(name);
    if (n < 3 || n > 63)
        return sse_error_set(err, SSE_ERR_INVALID,
                             "bucket name \"%.80s\" must be 3 to 63 characters long (it has %zu)",
                             shown, n);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)name[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
            if (c >= 'A' && c <= 'Z')
                return sse_error_set(err, SSE_ERR_INVALID,
                                     "bucket name \"%s\" has an upper-case letter; OSS bucket names "
                                     "are lower case", shown);
            if (c < 0x20 || c >= 0x7f)
                return sse_error_set(err, SSE_ERR_INVALID,
                                     "bucket name has a non-printable or non-ASCII byte at position %zu; "
                                     "only a-z, 0-9 and '-' are allowed", i + 1);
            return sse_error_set(err, SSE_ERR_INVALID,
                                 "bucket name \"%s\" has '%c' at position %zu; only a-z, 0-9 and '-' "
                                 "are allowed", shown, c, i + 1);
        }
    }
    if (name[0] == '-' || name[n - 1] == '-')
        return sse_error_set(err, SSE_ERR_INVALID,
                             "bucket name \"%s\" must not start or end with '-'", shown);
    return SSE_OK;
}

enum sse_status
validate_rule(const struct sse_rule *rule, struct sse_error *err)
{
    switch (rule->algo) {
    case SSE_ALGO_AES256:
    case SSE_ALGO_SM4:
    case SSE_ALGO_KMS:
        break;
    default:
        return sse_error_set(err, SSE_ERR_INVALID,
                             "algorithm must be AES256, KMS or SM4");
    }
    if (rule->algo != SSE_ALGO_KMS && rule->kms_key_id[0])
        return sse_error_set(err, SSE_ERR_INVALID,
                             "a KMS CMK ID can only be given with algorithm KMS, not %s",
                             sse_algo_name(rule->algo));
    if (rule->algo != SSE_ALGO_KMS && rule->data_enc != SSE_DATA_ENC_NONE)
        return sse_error_set(err, SSE_ERR_INVALID,
                             "KMS data encryption can only be given with algorithm KMS, not %s",
                             sse_algo_name(rule->algo));
    if (rule->data_enc != SSE_DATA_ENC_NONE && rule->data_enc != SSE_DATA_ENC_SM4)
        return sse_error_set(err, SSE_ERR_INVALID, "KMS data encryption must be SM4");
    size_t n = strnlen(rule->kms_key_id, SSE_KMS_KEY_MAX);
    if (n >= SSE_KMS_KEY_MAX)
        return sse_error_set(err, SSE_ERR_INVALID, "the CMK ID is longer than %d bytes",
                             SSE_KMS_KEY_MAX - 1);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)rule->kms_key_id[i];
        if (c <= 0x20 || c == 0x7f)
            return sse_error_set(err, SSE_ERR_INVALID,
                                 "the CMK ID has a space or control character at position %zu", i + 1);
    }
    return SSE_OK;
}

const char *
validate_endpoint_problem(const char *ep)
{
    const char *h;
    if (ascii_has_prefix(ep, "https://"))
        h = ep + 8;
    else if (ascii_has_prefix(ep, "http://"))
        h = ep + 7;
    else
        return strstr(ep, "://") ? "the scheme must be https:// or http://"
                                 : "it has no https:// or http:// in front";
    size_t n;
    if (*h == '[') {
        /* An IPv6 literal such as http://[::1]:9000. */
        n = 1;
        while (h[n] && (h[n] == ':' || h[n] == '.' || (h[n] >= '0' && h[n] <= '9') ||
                        (h[n] >= 'a' && h[n] <= 'f') || (h[n] >= 'A' && h[n] <= 'F')))
            n++;
        if (h[n] != ']' || n == 1)
            return "the IPv6 address must be hex digits and ':' inside [ ]";
        n++;
    } else {
        n = 0;
        while (h[n] && ((h[n] >= 'a' && h[n] <= 'z') || (h[n] >= 'A' && h[n] <= 'Z') ||
                        (h[n] >= '0' && h[n] <= '9') || h[n] == '.' || h[n] == '-'))
            n++;
        if (n == 0)
            return "it has no host";
        if (h[0] == '.' || h[0] == '-' || h[n - 1] == '.' || h[n - 1] == '-')
            return "the host must not start or end with '.' or '-'";
    }
    const char *p = h + n;
    if (*p == ':') {
        p++;
        long port = 0;
        size_t digits = 0;
        while (*p >= '0' && *p <= '9' && digits < 6) {
            port = port * 10 + (*p - '0');
            p++;
            digits++;
        }
        if (digits == 0 || port < 1 || port > 65535 || (*p >= '0' && *p <= '9'))
            return "the port must be a number from 1 to 65535";
    }
    if (*p == '\0' || (*p == '/' && p[1] == '\0'))
        return NULL;
    if (*p == '/' || *p == '?' || *p == '#')
        return "it must not have a path, query or fragment";
    return "the host may only have letters, digits, '.' and '-'";
}

static bool
hex_digit(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* The dotted-quad IPv4 address in the n bytes at s, or false. */
static bool
ipv4_parse(const char *s, size_t n, unsigned char out[4])
{
    size_t i = 0;
    for (int part = 0; part < 4; part++) {
        if (part && (i >= n || s[i++] != '.'))
            return false;
        unsigned v = 0;
        size_t digits = 0;
        while (i < n && s[i] >= '0' && s[i] <= '9' && digits < 4) {
            v = v * 10 + (unsigned)(s[i++] - '0');
            digits++;
        }
        if (digits == 0 || digits > 3 || v > 255)
            return false;
        out[part] = (unsigned char)v;
    }
    return i == n;
}

bool
validate_host_local(const char *host, size_t n)
{
    if (n >= 2 && host[0] == '[' && host[n - 1] == ']') {
        host++;
        n -= 2;
    }
    if (n == 0)
        return false;
    if (ascii_equal_n("localhost", host, n))
        return true;
    unsigned char a[4];
    if (ipv4_parse(host, n, a))
        return a[0] == 127 || a[0] == 10 || (a[0] == 172 && (a[1] & 0xf0) == 16) ||
               (a[0] == 192 && a[1] == 168);
    /* IPv6: only the loopback and unique-local (fc00::/7) forms are recognised. */
    if (memchr(host, ':', n) == NULL)
        return false;
    static const char *const loopback[] = {"::1", "0:0:0:0:0:0:0:1"};
    for (size_t i = 0; i < sizeof loopback / sizeof loopback[0]; i++)
        if (ascii_equal_n(loopback[i], host, n))
            return true;
    /* fc00::/7: a first group of four hex digits starting "fc" or "fd". */
    return n > 5 && host[4] == ':' && ascii_lower((unsigned char)host[0]) == 'f' &&
           (ascii_lower((unsigned char)host[1]) == 'c' ||
            ascii_lower((unsigned char)host[1]) == 'd') &&
           hex_digit(host[2]) && hex_digit(host[3]);
}

enum sse_status
validate_access_key_id(const char *id, struct sse_error *err)
{
    static const char allowed[] = "letters, digits, '.', '_', '-' and '~' (LTAI... or STS...)";
    if (!*id)
        return sse_error_set(err, SSE_ERR_INVALID, "is empty");
    for (size_t i = 0; id[i]; i++) {
        unsigned char c = (unsigned char)id[i];
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
            c == '.' || c == '_' || c == '-' || c == '~')
            continue;
        if (c <= 0x20 || c >= 0x7f)
            return sse_error_set(err, SSE_ERR_INVALID, "has a space, control or non-ASCII byte at "
                                 "position %zu; an AccessKey ID has only %s", i + 1, allowed);
        return sse_error_set(err, SSE_ERR_INVALID, "has '%c' at position %zu; an AccessKey ID has "
                             "only %s", c, i + 1, allowed);
    }
    return SSE_OK;
}

bool
validate_endpoint_ip(const char *url)
{
    const char *h = ascii_has_prefix(url, "https://") ? url + 8
                    : ascii_has_prefix(url, "http://") ? url + 7
                                                       : NULL;
    if (!h)
        return false;
    if (*h == '[')
        return true;
    size_t n = strcspn(h, ":/?#");
    unsigned char a[4];
    return ipv4_parse(h, n, a);
}

bool
validate_region_id(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > 63 || s[0] == '-' || s[n - 1] == '-')
        return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-'))
            return false;
    return true;
}

static bool
name_char(unsigned char c, const char *extra)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           (c && strchr(extra, c));
}

/* "acs:ram::ACCOUNT:KIND/NAME" with ACCOUNT digits and NAME 1-64 of [A-Za-z0-9._-]. what names
 * the thing ("role ARN"), example shows one. */
static enum sse_status
ram_arn(const char *arn, const char *kind, const char *what, const char *example,
        struct sse_error *err)
{
    const char *shown = shown_name(arn);
    if (strncmp(arn, "acs:ram::", 9) != 0)
        return sse_error_set(err, SSE_ERR_INVALID,
                             "%s \"%.100s\" must start with \"acs:ram::\", like \"%s\"", what,
                             shown, example);
    const char *p = arn + 9;
    size_t digits = strspn(p, "0123456789");
    if (digits == 0 || digits > 32 || p[digits] != ':')
        return sse_error_set(err, SSE_ERR_INVALID,
                             "%s \"%.100s\" must have the account ID (digits) after \"acs:ram::\", "
                             "like \"%s\"", what, shown, example);
    p += digits + 1;
    size_t k = strlen(kind);
    if (strncmp(p, kind, k) != 0 || p[k] != '/')
        return sse_error_set(err, SSE_ERR_INVALID,
                             "%s \"%.100s\" must have \"%s/NAME\" after the account ID, like \"%s\"",
                             what, shown, kind, example);
    p += k + 1;
    size_t n = strlen(p);
    if (n == 0 || n > 64)
        return sse_error_set(err, SSE_ERR_INVALID,
                             "%s \"%.100s\" must end in a name of 1 to 64 characters", what, shown);
    for (size_t i = 0; i < n; i++)
        if (!name_char((unsigned char)p[i], "._-"))
            return sse_error_set(err, SSE_ERR_INVALID,
                                 "%s \"%.100s\": the name after \"%s/\" may only have letters, "
                                 "digits, '.', '_' and '-'", what, shown, kind);
    return SSE_OK;
}

enum sse_status
validate_ram_role_name(const char *name, struct sse_error *err)
{
    size_t n = strlen(name);
    if (n == 0 || n > 64)
        return sse_error_set(err, SSE_ERR_INVALID,
                             "a RAM role name must be 1 to 64 characters long (it has %zu)", n);
    for (size_t i = 0; i < n; i++)
        if (!name_char((unsigned char)name[i], "._-"))
            return sse_error_set(err, SSE_ERR_INVALID,
                                 "the RAM role name \"%.64s\" may only have letters, digits, '.', "
                                 "'_' and '-'", shown_name(name));
    return SSE_OK;
}

enum sse_status
validate_role_arn(const char *arn, struct sse_error *err)
{
    return ram_arn(arn, "role", "role ARN", "acs:ram::1234567890123456:role/auditor", err);
}

enum sse_status
validate_oidc_provider_arn(const char *arn, struct sse_error *err)
{
    return ram_arn(arn, "oidc-provider", "OIDC provider ARN",
                   "acs:ram::1234567890123456:oidc-provider/ack-rrsa", err);
}

/* min..max bytes, each a letter, digit or one of extra. */
static enum sse_status
sts_name(const char *s, size_t min, size_t max, const char *extra, const char *what,
         const char *allowed, struct sse_error *err)
{
    size_t n = strlen(s);
    if (n < min || n > max)
        return sse_error_set(err, SSE_ERR_INVALID, "%s must be %zu to %zu characters long (it has "
                             "%zu)", what, min, max, n);
    for (size_t i = 0; i < n; i++)
        if (!name_char((unsigned char)s[i], extra))
            return sse_error_set(err, SSE_ERR_INVALID,
                                 "%s has a character STS does not take at position %zu; only "
                                 "letters, digits and %s are allowed", what, i + 1, allowed);
    return SSE_OK;
}

enum sse_status
validate_role_session_name(const char *s, struct sse_error *err)
{
    return sts_name(s, 2, VALIDATE_SESSION_NAME_MAX - 1, ".@-_", "the role session name",
                    "'.', '@', '-', '_'", err);
}

enum sse_status
validate_external_id(const char *s, struct sse_error *err)
{
    return sts_name(s, 2, VALIDATE_EXTERNAL_ID_MAX - 1, "_+=,.@:/-", "the external ID",
                    "_ + = , . @ : / -", err);
}
