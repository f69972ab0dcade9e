/* refresh.c — the refresh rule for temporary credentials. */
#include "ident/refresh.h"

bool
ident_refresh_due(time_t expiration, time_t now)
{
    return expiration != 0 && expiration - now <= IDENT_REFRESH_MARGIN_S;
}

bool
ident_usable(time_t expiration, time_t now)
{
    return expiration == 0 || now < expiration;
}

time_t
ident_refresh_at(time_t expiration)
{
    return expiration == 0 ? 0 : expiration - IDENT_REFRESH_MARGIN_S;
}
