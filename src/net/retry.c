/* retry.c — exponential backoff with jitter. */
#include "net/retry.h"

uint64_t
retry_rand(uint64_t *state)
{
    uint64_t x = *state ? *state : 0x9e3779b97f4a7c15ull;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    *state = x;
    return x * 0x2545f4914f6cdd1dull;
}

double
retry_delay(int attempt, double base_s, double cap_s, uint64_t *rng_state)
{
    if (attempt < 1)
        attempt = 1;
    double ceiling = base_s;
    for (int i = 1; i < attempt && ceiling < cap_s; i++)
        ceiling *= 2;
    if (ceiling > cap_s)
        ceiling = cap_s;
    double unit = (double)(retry_rand(rng_state) >> 11) / (double)(1ull << 53); /* [0,1) */
    return ceiling / 2 + unit * (ceiling / 2);
}
