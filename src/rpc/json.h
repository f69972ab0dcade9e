/* json.h — JSON documents read with jansson under caps (size, depth, string length), with typed
 * member getters whose errors name the document and the member ("the AssumeRole answer:
 * Credentials.Expiration must be a string, not a number"); secrets copied into protected memory
 * and wiped from jansson's tree. Shared by the RPC answers and the identity files. Pure. */
#ifndef SSE_RPC_JSON_H
#define SSE_RPC_JSON_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/status.h"

#define RPC_JSON_MAX_DEPTH 32         /* deepest nesting of [ ] and { } accepted */
#define RPC_MAX_BODY (256 * 1024)     /* largest RPC answer parsed (a 100-key page is ~20 KB) */

/* Where messages go and what they call the document ("the AssumeRole answer",
 * "/home/u/.aliyun/config.json"). */
struct rpc_json_doc {
    const char *what;
    struct sse_error *err; /* may be NULL */
};

enum rpc_json_need {
    RPC_JSON_OPTIONAL, /* absent or null: "" / 0 / NULL, and SSE_OK */
    RPC_JSON_REQUIRED, /* absent or null: SSE_ERR_PROTOCOL "... has no PATH" */
    RPC_JSON_CUT,      /* optional, and a string too long is cut at a UTF-8 boundary, not refused */
};

/* Parses len bytes of text (refused beyond max bytes or RPC_JSON_MAX_DEPTH levels; a key given
 * twice in an object is an error) into a tree whose root must be an object. On success *out is
 * the root (caller json_decref's it; rpc_json_wipe first when it held secrets). Errors are
 * SSE_ERR_TOOBIG or SSE_ERR_PROTOCOL, naming line and column for a syntax error. */
enum sse_status rpc_json_parse(const struct rpc_json_doc *d, const char *text, size_t len,
                               size_t max, json_t **out);

/* "a string", "a number", "an object { }", "an array [ ]", "true/false", "null". */
const char *rpc_json_type_name(const json_t *v);

/* Member key of obj, called PARENT.key in messages (parent NULL or "" at the top). A string into
 * dst[size] ("" when absent); too long is an error (SSE_ERR_PROTOCOL) unless need is CUT. *cut
 * (may be NULL) says whether it was cut. */
enum sse_status rpc_json_string(const struct rpc_json_doc *d, const json_t *obj,
                                const char *parent, const char *key, enum rpc_json_need need,
                                char *dst, size_t size, bool *cut);
/* A string of at most max bytes copied into protected memory (oss_secret_dup; *out NULL when
 * absent); jansson's copy is wiped at once. */
enum sse_status rpc_json_secret(const struct rpc_json_doc *d, json_t *obj, const char *parent,
                                const char *key, enum rpc_json_need need, size_t max, char **out);
/* An integer within [min, max]. */
enum sse_status rpc_json_int(const struct rpc_json_doc *d, const json_t *obj, const char *parent,
                             const char *key, enum rpc_json_need need, long long min,
                             long long max, long long *out);
/* true or false. */
enum sse_status rpc_json_bool(const struct rpc_json_doc *d, const json_t *obj, const char *parent,
                              const char *key, enum rpc_json_need need, bool *out);
/* An object or an array (borrowed from obj; *out NULL when absent). */
enum sse_status rpc_json_object(const struct rpc_json_doc *d, const json_t *obj,
                                const char *parent, const char *key, enum rpc_json_need need,
                                json_t **out);
enum sse_status rpc_json_array(const struct rpc_json_doc *d, const json_t *obj,
                               const char *parent, const char *key, enum rpc_json_need need,
                               json_t **out);

/* Zeroes every string value in the tree (for a document that held secrets, before json_decref).
 * NULL is a no-op. */
void rpc_json_wipe(json_t *root);

/* Copies src into dst[size] cut at a UTF-8 character boundary; true when it was cut. */
bool rpc_utf8_cut(const char *src, size_t len, char *dst, size_t size);

#endif
