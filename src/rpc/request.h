/* request.h — an RPC call as data (method, endpoint, query and form parameters) as credentials-go
 * sends it: the common parameters and the Signature in the query, the action's parameters in an
 * application/x-www-form-urlencoded body, the signature covering both. Pure: the Timestamp and
 * SignatureNonce are passed in, never read from the clock or a random source here. */
#ifndef SSE_RPC_REQUEST_H
#define SSE_RPC_REQUEST_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "core/status.h"
#include "core/strbuf.h"
#include "oss/account.h"
#include "rpc/endpoint.h"
#include "rpc/sign.h"

#define RPC_MAX_PARAMS 16
#define RPC_NONCE_MAX 64       /* SignatureNonce: 1-64 visible ASCII bytes */
#define RPC_URL_MAX 32767      /* query with a 16 KB security token, roomy */
#define RPC_BODY_MAX 65536     /* form body: an OIDC token (at most 16 KB) and a policy */
#define RPC_FORM_CONTENT_TYPE "application/x-www-form-urlencoded"

/* Both parameter lists own their strings; values are wiped on cleanup (a SecurityToken or an
 * OIDCToken is a secret). Names are unique across the two lists. */
struct rpc_request {
    char method[8];                       /* "POST" */
    struct rpc_endpoint endpoint;
    struct rpc_param query[RPC_MAX_PARAMS]; /* in the order sent */
    size_t nquery;
    struct rpc_param form[RPC_MAX_PARAMS];
    size_t nform;
};

void rpc_request_init(struct rpc_request *r, const char *method, const struct rpc_endpoint *ep);
/* Wipes the values and frees everything; r is then as after init with no parameters. */
void rpc_request_cleanup(struct rpc_request *r);

/* Adds a parameter to the query or the form. SSE_ERR_INVALID for a name already present (in
 * either list) or more than RPC_MAX_PARAMS. */
enum sse_status rpc_request_add_query(struct rpc_request *r, const char *name, const char *value);
enum sse_status rpc_request_add_form(struct rpc_request *r, const char *name, const char *value);
/* The value of the named parameter from either list (borrowed), or NULL. */
const char *rpc_request_param(const struct rpc_request *r, const char *name);

/* The builders' start: Version, Action and Format=JSON in the query. */
enum sse_status rpc_request_begin(struct rpc_request *r, const struct rpc_endpoint *ep,
                                  const char *version, const char *action);

/* Signs r for its credentials at time `when` with `nonce` (unique per request: the worker draws
 * it): adds Timestamp, SignatureMethod=HMAC-SHA1, SignatureVersion=1.0, SignatureNonce,
 * AccessKeyId and, for STS keys, SecurityToken to the query; then Signature, computed over the
 * query and the form together (rpc_canonical_query → rpc_string_to_sign → rpc_signature).
 * SSE_ERR_CREDENTIALS without a key pair, SSE_ERR_INVALID for a bad nonce or key ID. */
enum sse_status rpc_request_sign(struct rpc_request *r, const struct oss_credentials *c,
                                 time_t when, const char *nonce, struct sse_error *err);
/* For an unsigned call (AssumeRoleWithOIDC): only the Timestamp is added. */
enum sse_status rpc_request_stamp(struct rpc_request *r, time_t when, struct sse_error *err);

/* The canonicalized query of all parameters of r (both lists, Signature left out). */
enum sse_status rpc_request_canonical(const struct rpc_request *r, struct strbuf *out);

/* "scheme://host/?k=v&..." with the query percent-encoded in its order. It may hold the security
 * token: the caller wipes it after use. */
enum sse_status rpc_request_url(const struct rpc_request *r, struct strbuf *out);
/* The form body "k=v&..." percent-encoded ("" without form parameters; then send no body). It may
 * hold an OIDC token: the caller wipes it after use. */
enum sse_status rpc_request_body(const struct rpc_request *r, struct strbuf *out);

#endif
