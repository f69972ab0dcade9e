/* clock.h — how far a server's Date may correct this machine's clock after RequestTimeTooSkewed.
 * OSS allows 15 minutes of skew; a correction of more than an hour points to a wrong clock here
 * or a broken (or hostile) proxy, and signing for that time is refused. Pure. */
#ifndef SSE_ENGINE_CLOCK_H
#define SSE_ENGINE_CLOCK_H

#include <stddef.h>
#include <time.h>

#include "core/status.h"

#define CLOCK_MAX_CORRECTION_S 3600L

/* The offset to add to the local clock for the server's: SSE_OK with *offset = server - local
 * when that is at most max_s either way; otherwise SSE_ERR_SERVICE, *offset untouched, and err's
 * message (only: its code, request id and EC stay) saying what the server's clock says, by how
 * much it differs and that it was not trusted. */
enum sse_status clock_correction(time_t server, time_t local, long max_s, long *offset,
                                 struct sse_error *err);
/* A length of time in words, rounded down to its largest unit: "3 days", "2 hours",
 * "75 minutes", "40 seconds" (whichever comes out as 2 or more, from days down). */
char *clock_duration_words(long seconds, char *buf, size_t size);

#endif
