/* clock.c — bounded clock-skew correction. */
#include "engine/clock.h"

#include <stdio.h>

#include "core/i18n.h"

char *
clock_duration_words(long seconds, char *buf, size_t size)
{
    unsigned long s = seconds < 0 ? 0UL - (unsigned long)seconds : (unsigned long)seconds;
    if (s >= 2 * 86400UL)
        snprintf(buf, size, ngettext("%lu day", "%lu days", s / 86400), s / 86400);
    else if (s >= 2 * 3600UL)
        snprintf(buf, size, ngettext("%lu hour", "%lu hours", s / 3600), s / 3600);
    else if (s >= 2 * 60UL)
        snprintf(buf, size, ngettext("%lu minute", "%lu minutes", s / 60), s / 60);
    else
        snprintf(buf, size, ngettext("%lu second", "%lu seconds", s), s);
    return buf;
}

enum sse_status
clock_correction(time_t server, time_t local, long max_s, long *offset, struct sse_error *err)
{
    long diff = (long)(server - local);
    if (diff <= max_s && diff >= -max_s) {
        *offset = diff;
        return SSE_OK;
    }
    char when[32] = "?", by[64];
    struct tm tm;
    if (gmtime_r(&server, &tm))
        strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
    clock_duration_words(diff, by, sizeof by);
    return sse_error_set(err, SSE_ERR_SERVICE,
                         _("the server's clock (%s) differs from this machine's by %s and was not "
                           "trusted: check this machine's clock, or a proxy on the way to OSS"),
                         when, by);
}
