/* sign.h — the Alibaba Cloud RPC signature (HMAC-SHA1, SignatureVersion 1.0) step by step, each
 * step public so it can be checked against published vectors. Pure: no I/O, no clock. */
#ifndef SSE_RPC_SIGN_H
#define SSE_RPC_SIGN_H

#include <stddef.h>

#include "core/status.h"
#include "core/strbuf.h"

#define RPC_SIGNATURE_SIZE 29 /* base64 of a 20-byte HMAC-SHA1 + NUL */
#define RPC_SECRET_MAX 256    /* longest AccessKeySecret signed with (they are about 30 bytes) */

/* A parameter of a call: both strings borrowed here (struct rpc_request owns its own). */
struct rpc_param {
    char *name;
    char *value;
};

/* UTF-8 percent-encoding as the RPC signature wants it: A-Z a-z 0-9 - _ . ~ kept, every other
 * byte %XY with upper-case hex (space %20, '*' %2A, '~' kept). Appends to out. */
enum sse_status rpc_percent_encode(const char *s, struct strbuf *out);

/* The canonicalized query: the parameters sorted by name (byte order; a parameter named
 * "Signature" is left out), each enc(name)=enc(value), joined with '&'. Appends to out. */
enum sse_status rpc_canonical_query(const struct rpc_param *params, size_t n, struct strbuf *out);

/* METHOD & "%2F" & enc(canonical): "GET&%2F&AccessKeyId%3D...". Appends to out. */
enum sse_status rpc_string_to_sign(const char *method, const char *canonical, struct strbuf *out);

/* base64(HMAC-SHA1(key, data)): the primitive, for the libraries' own test of it. */
enum sse_status rpc_hmac_sha1_base64(const char *key, const char *data,
                                     char out[RPC_SIGNATURE_SIZE]);

/* The signature: base64(HMAC-SHA1(secret + "&", string_to_sign)). The key is built in memory
 * that is wiped afterwards. SSE_ERR_INVALID for a secret longer than RPC_SECRET_MAX. */
enum sse_status rpc_signature(const char *secret, const char *string_to_sign,
                              char out[RPC_SIGNATURE_SIZE]);

#endif
