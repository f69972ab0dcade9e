/* emu_auth.h — authenticate a request: scheme and fields, request time, key, STS token, V4 region, signature. */
#ifndef EMU_AUTH_H
#define EMU_AUTH_H

#include <time.h>

#include "emu_error.h"
#include "emu_request.h"
#include "emu_v4.h"

#define EMU_MAX_SKEW 900 /* seconds: OSS refuses requests more than 15 minutes off */

struct emu_keys {
	const char *access_key_id;
	const char *access_key_secret; /* never printed */
	const char *security_token;    /* NULL: permanent keys, a token in a request is refused */
};

struct emu_authn {
	int version;              /* 0 anonymous, 1 or 4 */
	char access_key_id[128];
	char signature[96];       /* as provided */
	struct emu_v4_auth v4;
	time_t when;              /* the request time that was checked */
};

/* What the server computed, for SignatureDoesNotMatch bodies. Free with emu_auth_detail_cleanup(). */
struct emu_auth_detail {
	char *string_to_sign;
	char *canonical_request; /* V4 only */
};
void emu_auth_detail_cleanup(struct emu_auth_detail *d);

/* Reads the Authorization header: AccessDenied when absent, InvalidArgument when malformed. */
enum emu_err emu_auth_parse(const struct emu_request *r, struct emu_authn *a);

/*
 * Checks what needs no bucket: the request time (V1: x-oss-date else Date; V4: x-oss-date) against
 * `now`, x-oss-content-sha256 (V4), the product, the access key id and the STS token.
 */
enum emu_err emu_auth_precheck(const struct emu_request *r, struct emu_authn *a,
			       const struct emu_keys *k, time_t now);

/* V4 only: the scope region must be a region id (not oss-…) and equal `expected`. */
enum emu_err emu_auth_region(const struct emu_authn *a, const char *expected, int for_bucket);

/* Recomputes the signature with the secret; SignatureDoesNotMatch fills *d. */
enum emu_err emu_auth_verify(const struct emu_request *r, const struct emu_authn *a,
			     const struct emu_keys *k, const char *bucket, struct emu_auth_detail *d);

#endif
