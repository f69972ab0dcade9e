/* timestamp.h — the ISO 8601 UTC times of the RPC protocol ("2016-02-23T12:46:24Z"): the
 * Timestamp a request carries and the Expiration and dates answers carry. Pure. */
#ifndef SSE_RPC_TIMESTAMP_H
#define SSE_RPC_TIMESTAMP_H

#include <stdbool.h>
#include <time.h>

#include "core/status.h"

#define RPC_TIMESTAMP_SIZE 21 /* "YYYY-MM-DDThh:mm:ssZ" + NUL */

/* t as "YYYY-MM-DDThh:mm:ssZ". SSE_ERR_INVALID when t has no 4-digit year. */
enum sse_status rpc_timestamp_format(time_t t, char out[RPC_TIMESTAMP_SIZE]);
/* "YYYY-MM-DDThh:mm:ssZ" (seconds may have a fraction, ".123", which is dropped) → *out. False
 * for anything else, or a date that does not exist ("2024-02-30"). */
bool rpc_timestamp_parse(const char *s, time_t *out);

#endif
