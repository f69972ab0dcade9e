/* limit.c — halve on a round of throttling, climb back one per round trip. */
#include "engine/limit.h"

#include <string.h>

void
limit_init(struct limit *l, int max)
{
    memset(l, 0, sizeof *l);
    l->max = max < 1 ? 1 : max;
    l->value = l->max;
    l->lowest = l->max;
}

bool
limit_allows(const struct limit *l, size_t active)
{
    return (double)active < l->value;
}

int
limit_now(const struct limit *l)
{
    return (int)l->value;
}

bool
limit_throttled(struct limit *l, uint32_t sent)
{
    l->throttled++;
    if (sent != l->epoch)
        return false; /* sent at the old pressure, which has been answered already */
    l->value = l->value / 2 < 1 ? 1 : l->value / 2;
    l->epoch++;
    if (limit_now(l) < l->lowest)
        l->lowest = limit_now(l);
    return true;
}

bool
limit_success(struct limit *l)
{
    if (l->value >= l->max)
        return false;
    /* So that it climbs back without running into the limit again at once. */
    l->value += 1.0 / l->value;
    if (l->value > l->max)
        l->value = l->max;
    return true;
}

bool
limit_is_throttle(long http_status, const char *code)
{
    return http_status == 503 || http_status == 429 || strcmp(code, "ServiceUnavailable") == 0 ||
           strcmp(code, "Throttling") == 0;
}

int
limit_final_pass(const struct limit *l)
{
    return l->max / 4 < 1 ? 1 : l->max / 4;
}
