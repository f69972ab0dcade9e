/* status.c — status names and messages from the table; error record helpers. */
#include "core/status.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const char *const status_names[] = {
#define SSE_STATUS_NAME(name, kind, msg) #name,
    SSE_STATUS_TABLE(SSE_STATUS_NAME)
#undef SSE_STATUS_NAME
};

static const char *const status_messages[] = {
#define SSE_STATUS_MSG(name, kind, msg) msg,
    SSE_STATUS_TABLE(SSE_STATUS_MSG)
#undef SSE_STATUS_MSG
};

static const char *const status_kinds[] = {
#define SSE_STATUS_KIND(name, kind, msg) kind,
    SSE_STATUS_TABLE(SSE_STATUS_KIND)
#undef SSE_STATUS_KIND
};

const char *
sse_status_kind(enum sse_status st)
{
    return (unsigned)st < SSE_STATUS_COUNT ? status_kinds[st] : "Unknown";
}

const char *
sse_error_code(const struct sse_error *err)
{
    return err->code[0] ? err->code : sse_status_kind(err->status);
}

const char *
sse_status_name(enum sse_status st)
{
    return (unsigned)st < SSE_STATUS_COUNT ? status_names[st] : "SSE_ERR_UNKNOWN";
}

const char *
sse_status_message(enum sse_status st)
{
    return (unsigned)st < SSE_STATUS_COUNT ? status_messages[st] : "unknown error";
}

void
sse_error_clear(struct sse_error *err)
{
    if (err)
        memset(err, 0, sizeof *err);
}

enum sse_status
sse_error_set(struct sse_error *err, enum sse_status st, const char *fmt, ...)
{
    if (!err)
        return st;
    err->status = st;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    return st;
}

void
sse_error_prefix(struct sse_error *err, const char *fmt, ...)
{
    char msg[sizeof err->message];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    size_t used = n < 0 ? 0 : (size_t)n < sizeof msg ? (size_t)n : sizeof msg - 1;
    sse_strlcpy(msg + used, err->message, sizeof msg - used);
    memcpy(err->message, msg, sizeof msg);
}

char *
sse_error_format(const struct sse_error *err, char *buf, size_t size)
{
    if (!size)
        return buf;
    const char *msg = err->message[0] ? err->message : sse_status_message(err->status);
    int n = snprintf(buf, size, "%s: %s", sse_error_code(err), msg);
    size_t used = n < 0 ? 0 : (size_t)n < size ? (size_t)n : size - 1;
    char extra[200] = "";
    size_t e = 0;
    if (err->http_status)
        e += (size_t)snprintf(extra + e, sizeof extra - e, "%sHTTP %d", e ? ", " : "", err->http_status);
    if (err->request_id[0] && e < sizeof extra)
        e += (size_t)snprintf(extra + e, sizeof extra - e, "%srequest id %s", e ? ", " : "", err->request_id);
    if (err->ec[0] && e < sizeof extra)
        e += (size_t)snprintf(extra + e, sizeof extra - e, "%sEC %s", e ? ", " : "", err->ec);
    if (extra[0] && used < size - 1)
        snprintf(buf + used, size - used, " (%s)", extra);
    return buf;
}

int
sse_strlcpy(char *dst, const char *src, size_t size)
{
    if (!size)
        return -1;
    size_t n = strlen(src);
    if (n >= size) {
        memcpy(dst, src, size - 1);
        dst[size - 1] = '\0';
        return -1;
    }
    memcpy(dst, src, n + 1);
    return 0;
}
