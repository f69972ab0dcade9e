/* test_engine_limit.c — the adaptive in-flight limit: one cut per round of throttled answers, a
 * climb of about one per round trip, bounded by 1 and the configured concurrency. */
#include "check.h"
#include "engine/limit.h"

int
main(void)
{
    struct limit l;
    limit_init(&l, 64);
    CHECK_INT(limit_now(&l), 64);
    CHECK_INT(l.lowest, 64);
    CHECK(limit_allows(&l, 63));
    CHECK(!limit_allows(&l, 64));
    CHECK(!limit_success(&l)); /* at the top already */

    /* A whole wave of 64 sent at the same pressure, all throttled: one cut, not six. */
    uint32_t wave = l.epoch;
    CHECK(limit_throttled(&l, wave));
    for (int i = 1; i < 64; i++)
        CHECK(!limit_throttled(&l, wave));
    CHECK_INT(limit_now(&l), 32);
    CHECK_INT(l.throttled, 64);
    CHECK(!limit_allows(&l, 32));
    /* An answer to a request sent after the cut is news: it cuts again. */
    CHECK(limit_throttled(&l, l.epoch));
    CHECK_INT(limit_now(&l), 16);
    CHECK_INT(l.lowest, 16);

    /* Never below 1. */
    for (int i = 0; i < 10; i++)
        limit_throttled(&l, l.epoch);
    CHECK_INT(limit_now(&l), 1);
    CHECK_INT(l.lowest, 1);
    CHECK(limit_allows(&l, 0));
    CHECK(!limit_allows(&l, 1));

    /* Climbing back: 1/limit per success, so about one more per limit's worth of answers (one
     * round trip): 1 → 2 after one, 2 → 2.5 → 2.9 → 3.24, then three more to 4.09. */
    CHECK(limit_success(&l));
    CHECK_INT(limit_now(&l), 2);
    limit_success(&l);
    limit_success(&l);
    CHECK_INT(limit_now(&l), 2);
    limit_success(&l);
    CHECK_INT(limit_now(&l), 3);
    limit_success(&l);
    limit_success(&l);
    CHECK_INT(limit_now(&l), 3);
    limit_success(&l);
    CHECK_INT(limit_now(&l), 4);
    /* …up to the configured concurrency, and no further. */
    int successes = 7;
    while (limit_success(&l))
        successes++;
    CHECK_INT(limit_now(&l), 64);
    CHECK(l.value == 64.0);
    CHECK(successes > 64 * 63 / 2 / 2 && successes < 64 * 65 / 2 + 64); /* ~ the sum 1+…+63 */
    CHECK_INT(l.lowest, 1); /* the record stays */

    /* Throttling is 503 or 429, or OSS saying so in its code. */
    CHECK(limit_is_throttle(503, ""));
    CHECK(limit_is_throttle(429, "TooManyRequests"));
    CHECK(limit_is_throttle(500, "ServiceUnavailable"));
    CHECK(limit_is_throttle(400, "Throttling"));
    CHECK(!limit_is_throttle(500, "InternalError"));
    CHECK(!limit_is_throttle(0, ""));
    CHECK(!limit_is_throttle(403, "RequestTimeTooSkewed"));

    /* The final pass runs at a quarter, at least one. */
    CHECK_INT(limit_final_pass(&l), 16);
    limit_init(&l, 3);
    CHECK_INT(limit_final_pass(&l), 1);
    limit_init(&l, 0);
    CHECK_INT(l.max, 1);
    CHECK_INT(limit_final_pass(&l), 1);
    return check_done("limit");
}
