/* sign_util.c — text helpers shared by the V1 and V4 signers (see sign_util.h). */
#include "oss/sign_util.h"

#include <string.h>

enum sse_status
sign_put_lower(struct strbuf *out, const char *s)
{
    enum sse_status st = SSE_OK;
    for (; *s && st == SSE_OK; s++)
        st = strbuf_putc(out, (char)ascii_lower((unsigned char)*s));
    return st;
}

enum sse_status
sign_put_trimmed(struct strbuf *out, const char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    return strbuf_add(out, s, n);
}

enum sse_status
sign_put_headers(const struct oss_request *r, bool (*keep)(const char *name, const void *arg),
                 const void *arg, struct strbuf *out)
{
    /* Indices of the kept headers, insertion-sorted by lowercased name (at most 20). */
    size_t idx[OSS_MAX_HEADERS];
    size_t n = 0;
    for (size_t i = 0; i < r->nheaders; i++) {
        const char *name = r->headers[i].name;
        if (!keep(name, arg))
            continue;
        size_t j = n++;
        while (j > 0 && ascii_casecmp(r->headers[idx[j - 1]].name, name) > 0) {
            idx[j] = idx[j - 1];
            j--;
        }
        idx[j] = i;
    }
    enum sse_status st = SSE_OK;
    for (size_t k = 0; k < n && st == SSE_OK; k++) {
        const struct oss_kv *h = &r->headers[idx[k]];
        st = sign_put_lower(out, h->name);
        if (st == SSE_OK)
            st = strbuf_putc(out, ':');
        if (st == SSE_OK)
            st = sign_put_trimmed(out, h->value ? h->value : "");
        if (st == SSE_OK)
            st = strbuf_putc(out, '\n');
    }
    return st;
}

bool
sign_utc(time_t t, struct tm *tm)
{
    return gmtime_r(&t, tm) && tm->tm_year >= -1900 && tm->tm_year <= 9999 - 1900;
}

bool
sign_key_id_sendable(const char *id, const char *forbidden)
{
    for (const unsigned char *p = (const unsigned char *)id; *p; p++)
        if (*p <= 0x20 || *p >= 0x7f || strchr(forbidden, *p))
            return false;
    return true;
}
