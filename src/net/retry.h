/* retry.h — the backoff schedule for retried requests: exponential with jitter. Pure: the random
 * state is passed in, so tests can replay a schedule. */
#ifndef SSE_NET_RETRY_H
#define SSE_NET_RETRY_H

#include <stdint.h>

#define RETRY_BASE_S 0.2 /* first retry waits 0.1–0.2 s */
#define RETRY_CAP_S 8.0  /* no single wait is longer */

/* Seconds to wait before retry number `attempt` (1 = first retry): a random point in the upper
 * half of min(cap, base * 2^(attempt-1)), so waits grow but concurrent retries spread out. */
double retry_delay(int attempt, double base_s, double cap_s, uint64_t *rng_state);

/* xorshift64*: a small, fast, seedable generator; the state must not be 0. */
uint64_t retry_rand(uint64_t *state);

#endif
