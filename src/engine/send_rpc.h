/* send_rpc.h — a signed RPC request (STS, KMS) into a transfer of the worker's set: POSTed as a
 * form, and the copies of its URL and body, which may hold a secret, wiped once the transfer has
 * its own. Worker thread only. */
#ifndef SSE_ENGINE_SEND_RPC_H
#define SSE_ENGINE_SEND_RPC_H

#include "core/status.h"
#include "net/multi.h"
#include "rpc/request.h"

enum sse_status send_rpc(struct net_multi *net, struct net_transfer *t,
                         const struct rpc_request *r, struct sse_error *err);

#endif
