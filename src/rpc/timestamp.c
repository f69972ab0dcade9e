/* timestamp.c — ISO 8601 UTC times of the RPC protocol. */
#include "rpc/timestamp.h"

#include <stdio.h>
#include <string.h>

enum sse_status
rpc_timestamp_format(time_t t, char out[RPC_TIMESTAMP_SIZE])
{
    struct tm tm;
    if (!gmtime_r(&t, &tm) || tm.tm_year < -1900 || tm.tm_year > 9999 - 1900) {
        out[0] = '\0';
        return SSE_ERR_INVALID;
    }
    char buf[64]; /* the compiler cannot see that gmtime_r's fields are in range */
    snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900, tm.tm_mon + 1,
             tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
    memcpy(out, buf, RPC_TIMESTAMP_SIZE - 1);
    out[RPC_TIMESTAMP_SIZE - 1] = '\0';
    return SSE_OK;
}

/* n digits at s as a number, or -1. */
static int
digits(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

bool
rpc_timestamp_parse(const char *s, time_t *out)
{
    if (strlen(s) < 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' ||
        s[16] != ':')
        return false;
    int year = digits(s, 4), mon = digits(s + 5, 2), day = digits(s + 8, 2);
    int hour = digits(s + 11, 2), min = digits(s + 14, 2), sec = digits(s + 17, 2);
    if (year < 0 || mon < 1 || mon > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 ||
        min < 0 || min > 59 || sec < 0 || sec > 59)
        return false;
    const char *p = s + 19;
    if (*p == '.') {
        size_t frac = strspn(p + 1, "0123456789");
        if (frac == 0 || frac > 9)
            return false;
        p += 1 + frac;
    }
    if (strcmp(p, "Z") != 0)
        return false;
    struct tm tm = {.tm_year = year - 1900, .tm_mon = mon - 1, .tm_mday = day,
                    .tm_hour = hour, .tm_min = min, .tm_sec = sec};
    time_t t = timegm(&tm);
    /* timegm normalises 30 February into March: such a date is refused, not moved. */
    struct tm back;
    if (t == (time_t)-1 || !gmtime_r(&t, &back) || back.tm_mday != day || back.tm_mon != mon - 1)
        return false;
    *out = t;
    return true;
}
