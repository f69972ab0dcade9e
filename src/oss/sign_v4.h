/* sign_v4.h — OSS V4 signing (OSS4-HMAC-SHA256) step by step; pure: no I/O, clock or globals. */
#ifndef SSE_OSS_SIGN_V4_H
#define SSE_OSS_SIGN_V4_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "core/status.h"
#include "core/strbuf.h"
#include "oss/account.h"
#include "oss/request.h"

#define SIGN_V4_DATETIME_SIZE 17 /* "20250102T030405Z" + NUL */
#define SIGN_V4_KEY_SIZE 32      /* an HMAC-SHA256 output */
#define SIGN_V4_HEX_SIZE 65      /* 64 lowercase hex digits + NUL */

/* The derived signing key of one (secret, date, region, product), kept so that a sweep signs
 * thousands of requests with one derivation per day and region instead of one per request.
 * The secret is recognised by its address: it must stay allocated while the cache is used.
 * It also keeps what signing needs from OpenSSL, looked up once instead of per request: an
 * HMAC context already keyed with the signing key, and SHA-256.
 * Owned by one thread; zero-initialise; sign_v4_key_cache_clear wipes it and frees those. */
struct sign_v4_key_cache {
    const char *secret;
    char date[9];
    char region[64];
    char product[32];
    unsigned char key[SIGN_V4_KEY_SIZE];
    bool valid;
    struct evp_mac_ctx_st *keyed; /* HMAC-SHA256 keyed with key (NULL: compute it each time) */
    struct evp_md_st *sha256;     /* fetched SHA-256 (NULL: OpenSSL's implicit fetch) */
};
void sign_v4_key_cache_clear(struct sign_v4_key_cache *cache);

/* What a V4 signature binds besides the request. Strings are borrowed. */
struct sign_v4_params {
    const char *datetime; /* x-oss-date, "20250102T030405Z"; its first 8 characters are the date */
    const char *region;   /* region ID, "cn-hangzhou" (never "oss-cn-hangzhou") */
    const char *product;  /* "oss"; NULL means "oss"; "oss-cloudbox" on CloudBox */
    const char *const *additional_headers; /* extra header names to sign, as asked; may be NULL */
    size_t nadditional;
    struct sign_v4_key_cache *cache;       /* may be NULL: derive the key every time */
};

/* "20250102T030405Z" (UTC) for t. SSE_ERR_INVALID if t needs more than a 4-digit year. */
enum sse_status sign_v4_format_datetime(time_t t, char out[SIGN_V4_DATETIME_SIZE]);

/* URI-encode("/" + bucket + "/" + key), '/' kept: "/" with no bucket, "/bucket/" with no key.
 * The bucket is in it whatever the addressing (virtual-hosted, path, CNAME). Appends to out. */
enum sse_status sign_v4_canonical_uri(const struct oss_request *r, struct strbuf *out);

/* All query parameters, name and value URI-encoded ('/' too), sorted by encoded name (then value),
 * "name=value" or the bare name when the value is NULL or "", joined by '&'. Appends to out. */
enum sse_status sign_v4_canonical_query(const struct oss_request *r, struct strbuf *out);

/* The AdditionalHeaders list actually signed: the asked names lowercased, without x-oss-*,
 * content-type, content-md5 (always signed) or names r has no header for, sorted, deduplicated,
 * joined by ';'. "" when none. Appends to out. */
enum sse_status sign_v4_additional_headers(const struct oss_request *r, const char *const *names,
                                           size_t n, struct strbuf *out);

/* Lowercased names, trimmed values, sorted, each "name:value\n": every x-oss-* header,
 * content-type, content-md5, and the headers named in `additional` (a ';'-joined list as made by
 * sign_v4_additional_headers; NULL or "" for none). Appends to out. */
enum sse_status sign_v4_canonical_headers(const struct oss_request *r, const char *additional,
                                          struct strbuf *out);

/* METHOD\nURI\nQUERY\nHEADERS\nADDITIONAL\nPAYLOAD, PAYLOAD being x-oss-content-sha256 or
 * UNSIGNED-PAYLOAD. Appends to out. */
enum sse_status sign_v4_canonical_request(const struct oss_request *r,
                                          const char *const *additional, size_t nadditional,
                                          struct strbuf *out);

/* "<yyyymmdd>/<region>/<product>/aliyun_v4_request". SSE_ERR_INVALID on a malformed datetime or an
 * empty region/product. Appends to out. */
enum sse_status sign_v4_scope(const char *datetime, const char *region, const char *product,
                              struct strbuf *out);

/* "OSS4-HMAC-SHA256\n" datetime "\n" scope "\n" hex(SHA256(canonical_request)). Appends to out. */
enum sse_status sign_v4_string_to_sign(const char *datetime, const char *scope,
                                       const char *canonical_request, struct strbuf *out);

/* HMAC-SHA256 chain: "aliyun_v4"+secret → date → region → product → "aliyun_v4_request".
 * The caller should wipe key after use (it is as good as the secret for that day and region). */
enum sse_status sign_v4_signing_key(const char *secret, const char *datetime, const char *region,
                                    const char *product, unsigned char key[SIGN_V4_KEY_SIZE]);

/* lowercase-hex(HMAC-SHA256(key, string_to_sign)). */
enum sse_status sign_v4_signature(const unsigned char key[SIGN_V4_KEY_SIZE],
                                  const char *string_to_sign, char hex[SIGN_V4_HEX_SIZE]);

/* The Authorization header value for r as it stands (r must already carry x-oss-date = datetime):
 * "OSS4-HMAC-SHA256 Credential=AK/scope,[AdditionalHeaders=a;b,]Signature=hex" with no spaces after
 * the commas. Appends to out. SSE_ERR_CREDENTIALS without an id and a secret. */
enum sse_status sign_v4_authorization(const struct oss_request *r, const struct oss_credentials *c,
                                      const struct sign_v4_params *p, struct strbuf *out);

/* Presigns r for `expires_s` seconds from p->datetime: adds x-oss-signature-version, x-oss-date,
 * x-oss-expires, x-oss-credential, [x-oss-additional-headers], [x-oss-security-token] to the query,
 * signs them with the rest, then adds x-oss-signature. Build the URL with oss_request_url. */
enum sse_status sign_v4_presign(struct oss_request *r, const struct oss_credentials *c,
                                const struct sign_v4_params *p, long expires_s);

#endif
