/* limit.h — the adaptive in-flight limit: it halves once per round of throttled answers (answers
 * to requests sent before the last cut do not cut it again, else one burst would take it to 1)
 * and grows back by about one per round trip (1/limit per success), up to the configured
 * concurrency. Pure: no clock, no threads; the worker owns one. */
#ifndef SSE_ENGINE_LIMIT_H
#define SSE_ENGINE_LIMIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct limit {
    double value;             /* requests allowed in flight now, 1 … max */
    int max;                  /* the configured concurrency */
    uint32_t epoch;           /* bumped at each cut; a request remembers the epoch it was sent in */
    unsigned long throttled;  /* throttled answers seen */
    int lowest;               /* the lowest value reached (whole requests) */
};

/* At max (at least 1). */
void limit_init(struct limit *l, int max);
/* May one more request start with active in flight? */
bool limit_allows(const struct limit *l, size_t active);
/* The value in whole requests, as shown (worker_stats.limit). */
int limit_now(const struct limit *l);
/* A throttled answer to a request sent in epoch sent: counted; halves the limit (not below 1)
 * when sent is the current epoch. True when it cut. */
bool limit_throttled(struct limit *l, uint32_t sent);
/* A successful answer: one more in flight per limit's worth of successes. True when the value
 * changed. */
bool limit_success(struct limit *l);
/* Whether an answer is throttling (pressure), whatever else it means: HTTP 503 or 429, or OSS's
 * code ServiceUnavailable or Throttling. */
bool limit_is_throttle(long http_status, const char *code);
/* The in-flight cap of the final pass: a quarter of max, at least 1. */
int limit_final_pass(const struct limit *l);

#endif
