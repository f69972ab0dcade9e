/* sign_v1.h — OSS V1 signing (HMAC-SHA1) step by step; pure: no I/O, no clock, no globals. */
#ifndef SSE_OSS_SIGN_V1_H
#define SSE_OSS_SIGN_V1_H

#include <stdbool.h>
#include <time.h>

#include "core/status.h"
#include "core/strbuf.h"
#include "oss/account.h"
#include "oss/request.h"

#define SIGN_V1_DATE_SIZE 30      /* "Thu, 02 Jan 2025 03:04:05 GMT" + NUL */
#define SIGN_V1_SIGNATURE_SIZE 29 /* base64 of a 20-byte HMAC-SHA1 + NUL */

/* RFC 1123 GMT date of t, English names whatever the locale. SSE_ERR_INVALID if t cannot be
 * represented with a 4-digit year. */
enum sse_status sign_v1_format_date(time_t t, char out[SIGN_V1_DATE_SIZE]);

/* True when a query parameter of this name is a V1 sub-resource (signed in the canonical
 * resource): the union of the SDKs' lists, plus any "x-oss-" name as GOV2 does. Ordinary
 * parameters (prefix, marker, max-keys, …) are not. Case-sensitive, as OSS is. */
bool sign_v1_is_subresource(const char *name);

/* CanonicalizedOSSHeaders: every x-oss-* header, name lowercased, value trimmed, sorted by name,
 * each "name:value\n"; "" when none. Appends to out. */
enum sse_status sign_v1_canonical_headers(const struct oss_request *r, struct strbuf *out);

/* CanonicalizedResource: "/", "/bucket/" or "/bucket/key" (raw key, whatever the addressing),
 * then "?" and the sub-resources sorted by name, "k" or "k=v" (raw value; bare when empty),
 * joined by '&'. Appends to out. */
enum sse_status sign_v1_canonical_resource(const struct oss_request *r, struct strbuf *out);

/* VERB\nContent-MD5\nContent-Type\nDATE\n + headers + resource. DATE is `expires` for a presigned
 * URL; when expires is NULL it is x-oss-date, else Date (SSE_ERR_INVALID when neither is set).
 * Appends to out. */
enum sse_status sign_v1_string_to_sign(const struct oss_request *r, const char *expires,
                                       struct strbuf *out);

/* base64(HMAC-SHA1(secret, string_to_sign)). */
enum sse_status sign_v1_signature(const char *secret, const char *string_to_sign,
                                  char out[SIGN_V1_SIGNATURE_SIZE]);

/* The Authorization header value "OSS <AccessKeyId>:<Signature>" for r as it stands (header mode).
 * Appends to out. SSE_ERR_CREDENTIALS without an id and a secret. */
enum sse_status sign_v1_authorization(const struct oss_request *r, const struct oss_credentials *c,
                                      struct strbuf *out);

/* Presigns r as a URL valid until `expires` (Unix seconds): adds security-token (STS, signed as a
 * sub-resource), then Expires, OSSAccessKeyId and Signature to the query. Build the URL with
 * oss_request_url afterwards. */
enum sse_status sign_v1_presign(struct oss_request *r, const struct oss_credentials *c,
                                long long expires);

#endif
