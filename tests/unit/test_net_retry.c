/* test_net_retry.c — the backoff schedule grows, stays within its bounds, spreads out, replays. */
#include "check.h"
#include "net/retry.h"

int
main(void)
{
    uint64_t rng = 42;
    for (int attempt = 1; attempt <= 12; attempt++) {
        double ceiling = RETRY_BASE_S;
        for (int i = 1; i < attempt && ceiling < RETRY_CAP_S; i++)
            ceiling *= 2;
        if (ceiling > RETRY_CAP_S)
            ceiling = RETRY_CAP_S;
        for (int k = 0; k < 200; k++) {
            double d = retry_delay(attempt, RETRY_BASE_S, RETRY_CAP_S, &rng);
            CHECK(d >= ceiling / 2 && d <= ceiling);
        }
    }
    /* Jitter: 100 first retries are not all the same. */
    double lo = 1e9, hi = 0;
    for (int k = 0; k < 100; k++) {
        double d = retry_delay(1, RETRY_BASE_S, RETRY_CAP_S, &rng);
        lo = d < lo ? d : lo;
        hi = d > hi ? d : hi;
    }
    CHECK(hi - lo > 0.02);
    /* The same seed replays the same schedule. */
    uint64_t a = 7, b = 7;
    for (int k = 0; k < 10; k++)
        CHECK(retry_delay(k + 1, 0.1, 5, &a) == retry_delay(k + 1, 0.1, 5, &b));
    uint64_t z = 0;
    CHECK(retry_rand(&z) != 0);
    return check_done("retry");
}
