/* test_engine_clock.c — a skewed clock is corrected from the server's Date within an hour either
 * way; beyond that the correction is refused with what the server said and by how much. */
#include <string.h>

#include "check.h"
#include "engine/clock.h"

int
main(void)
{
    const time_t now = 1767225600; /* 2026-01-01T00:00:00Z */
    struct sse_error err;
    long offset = 12345;
    sse_error_clear(&err);
    CHECK_INT(clock_correction(now + 3600, now, CLOCK_MAX_CORRECTION_S, &offset, &err), SSE_OK);
    CHECK_INT(offset, 3600);
    CHECK_INT(clock_correction(now - 3600, now, CLOCK_MAX_CORRECTION_S, &offset, &err), SSE_OK);
    CHECK_INT(offset, -3600);
    CHECK_INT(clock_correction(now + 900, now, CLOCK_MAX_CORRECTION_S, &offset, &err), SSE_OK);
    CHECK_INT(offset, 900);
    CHECK_INT(err.status, SSE_OK);

    /* A server in 2100: refused, the offset kept, the OSS fields of err kept. */
    offset = 7;
    strcpy(err.code, "RequestTimeTooSkewed");
    strcpy(err.request_id, "RID");
    CHECK_INT(clock_correction(4102444800, now, CLOCK_MAX_CORRECTION_S, &offset, &err),
              SSE_ERR_SERVICE);
    CHECK_INT(offset, 7);
    CHECK_STR(err.code, "RequestTimeTooSkewed");
    CHECK_STR(err.request_id, "RID");
    CHECK_STR(err.message, "the server's clock (2100-01-01T00:00:00Z) differs from this "
                           "machine's by 27028 days and was not trusted: check this machine's "
                           "clock, or a proxy on the way to OSS");
    /* Just over the bound, either way. */
    CHECK_INT(clock_correction(now + 3601, now, CLOCK_MAX_CORRECTION_S, &offset, &err),
              SSE_ERR_SERVICE);
    CHECK(strstr(err.message, "by 60 minutes and was not trusted") != NULL);
    CHECK_INT(clock_correction(now - 5 * 3600, now, CLOCK_MAX_CORRECTION_S, &offset, &err),
              SSE_ERR_SERVICE);
    CHECK(strstr(err.message, "(2025-12-31T19:00:00Z) differs from this machine's by 5 hours") !=
          NULL);
    CHECK_INT(offset, 7);

    char buf[64];
    CHECK_STR(clock_duration_words(40, buf, sizeof buf), "40 seconds");
    CHECK_STR(clock_duration_words(1, buf, sizeof buf), "1 second");
    CHECK_STR(clock_duration_words(-150, buf, sizeof buf), "2 minutes");
    CHECK_STR(clock_duration_words(7199, buf, sizeof buf), "119 minutes");
    CHECK_STR(clock_duration_words(7200, buf, sizeof buf), "2 hours");
    CHECK_STR(clock_duration_words(2 * 86400 + 5, buf, sizeof buf), "2 days");
    return check_done("clock");
}
