/* request.h — an OSS HTTP request as data (method, host, path, query, headers, body), and the
 * builders for the operations sseadm sends. Pure: no sockets, no clock. */
#ifndef SSE_OSS_REQUEST_H
#define SSE_OSS_REQUEST_H

#include <stdbool.h>
#include <stddef.h>

#include "core/rule.h"
#include "core/status.h"
#include "core/strbuf.h"
#include "oss/account.h"

#define OSS_MAX_PARAMS 12
#define OSS_MAX_HEADERS 20

/* A name/value pair, both owned by the request. A query value of NULL is a bare name ("?encryption"). */
struct oss_kv {
    char *name;
    char *value;
};

struct oss_request {
    char method[8];                    /* "GET", "PUT", "DELETE" */
    char scheme[8];                    /* "https" or "http" */
    char host[OSS_ENDPOINT_MAX + 68]; /* as sent in the URL and Host header, with ":port" if any */
    char bucket[64];                   /* "" for service-level requests (ListBuckets) */
    char *key;                         /* object key or NULL (sseadm sends none; signing vectors do) */
    bool path_style;                   /* bucket in the path rather than in the host */
    struct oss_kv params[OSS_MAX_PARAMS];   /* raw (unencoded), in insertion order */
    size_t nparams;
    struct oss_kv headers[OSS_MAX_HEADERS]; /* names as given; lookups are case-insensitive */
    size_t nheaders;
    char *body;                        /* owned; NULL when empty */
    size_t body_len;
};

void oss_request_init(struct oss_request *r, const char *method);
void oss_request_cleanup(struct oss_request *r);

/* Adds a query parameter; value NULL means the bare name. */
enum sse_status oss_request_add_param(struct oss_request *r, const char *name, const char *value);
/* Sets a header, replacing one of the same name (case-insensitive). */
enum sse_status oss_request_set_header(struct oss_request *r, const char *name, const char *value);
/* The header's value (borrowed) or NULL. */
const char *oss_request_header(const struct oss_request *r, const char *name);
/* Copies the body and sets Content-MD5 (base64 of the raw digest) and Content-Type. */
enum sse_status oss_request_set_body(struct oss_request *r, const char *body, size_t len,
                                     const char *content_type);
/* Sets the object key (copied; NULL clears). */
enum sse_status oss_request_set_key(struct oss_request *r, const char *key);

/* The path as sent on the wire: "/" or "/key" (virtual), "/bucket/" or "/bucket/key" (path style),
 * percent-encoded. */
enum sse_status oss_request_path(const struct oss_request *r, struct strbuf *out);
/* scheme://host/path?query, the query percent-encoded in insertion order, bare names without '='. */
enum sse_status oss_request_url(const struct oss_request *r, struct strbuf *out);

/* RFC 3986 percent-encoding: keeps A-Z a-z 0-9 - . _ ~ (and '/' when keep_slash), %XX otherwise. */
enum sse_status oss_uri_encode(const char *s, bool keep_slash, struct strbuf *out);

/* Points r at the account's endpoint, for a bucket (NULL or "" for service-level requests):
 * parses the endpoint ("host", "http://host:port", "https://host/"), validates the bucket name,
 * applies virtual-hosted or path addressing. */
enum sse_status oss_request_target(struct oss_request *r, const struct oss_account *acct,
                                   const char *bucket, struct sse_error *err);

/* The operations. Each validates its inputs, then fills r (which must be freshly initialised by
 * the builder itself: callers pass an uninitialised struct and call oss_request_cleanup after). */
enum sse_status oss_build_get_encryption(struct oss_request *r, const struct oss_account *acct,
                                         const char *bucket, struct sse_error *err);
enum sse_status oss_build_put_encryption(struct oss_request *r, const struct oss_account *acct,
                                         const char *bucket, const struct sse_rule *rule,
                                         struct sse_error *err);
enum sse_status oss_build_delete_encryption(struct oss_request *r, const struct oss_account *acct,
                                            const char *bucket, struct sse_error *err);
/* GetBucketLocation: GET /?location (the bucket's owner only). */
enum sse_status oss_build_get_location(struct oss_request *r, const struct oss_account *acct,
                                       const char *bucket, struct sse_error *err);
/* prefix/marker NULL or "" are left out (never sent as "name="); max_keys 0 = server default. */
enum sse_status oss_build_list_buckets(struct oss_request *r, const struct oss_account *acct,
                                       const char *prefix, const char *marker, int max_keys,
                                       struct sse_error *err);

#endif
