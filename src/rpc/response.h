/* response.h — what an RPC service (STS, KMS) answered, before the action's own parser reads
 * it: an error document {"RequestId","HostId","Code","Message"} into struct sse_error as OSS
 * errors are, anything else that is not a JSON answer named for what it is; and whether a retry
 * may help. Pure. */
#ifndef SSE_RPC_RESPONSE_H
#define SSE_RPC_RESPONSE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/status.h"
#include "rpc/json.h"

/* For a 2xx answer SSE_OK (the body is then the action's to parse). Otherwise err gets the HTTP
 * status, and SSE_ERR_SERVICE with the service's Code, Message and RequestId from an error
 * document, or SSE_ERR_PROTOCOL naming what came instead (an HTML page, an empty body, JSON that
 * is not an error document). service names the service in messages ("STS", "KMS"). http_status
 * 0 (no answer) is SSE_ERR_NETWORK. */
enum sse_status rpc_response_check(const char *service, long http_status, const char *body,
                                   size_t len, struct sse_error *err);

/* rpc_response_check, then the 2xx body parsed as a JSON object (rpc_json_parse, capped at
 * RPC_MAX_BODY) into *root for the action's parser; d names the answer in messages. */
enum sse_status rpc_response_json(const char *service, long http_status, const char *body,
                                  size_t len, const struct rpc_json_doc *d, json_t **root);

/* A retry may succeed: no answer (network or time-out), HTTP 5xx or 429, or Code Throttling
 * (Throttling.User, Throttling.Api, ...), ServiceUnavailable, InternalError. */
bool rpc_response_retryable(long http_status, const struct sse_error *err);

#endif
