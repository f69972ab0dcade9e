/* refresh.h — when temporary credentials are renewed: the official libraries' rule (180 s or less
 * left), and never used once expired. Pure: the time is passed in. */
#ifndef SSE_IDENT_REFRESH_H
#define SSE_IDENT_REFRESH_H

#include <stdbool.h>
#include <time.h>

#define IDENT_REFRESH_MARGIN_S 180

/* Whether credentials expiring at `expiration` (0 = never) should be fetched again at `now`:
 * IDENT_REFRESH_MARGIN_S or less remain (or they are expired). */
bool ident_refresh_due(time_t expiration, time_t now);
/* Whether they may still sign a request at `now`: no expiry, or now is before it. A request
 * signed in the last second may arrive after it; the margin above keeps that from happening. */
bool ident_usable(time_t expiration, time_t now);
/* When to refresh: expiration - IDENT_REFRESH_MARGIN_S (0 for credentials that never expire). A
 * worker sets its timer to this. */
time_t ident_refresh_at(time_t expiration);

#endif
