/* emu_auth.c — request authentication in OSS's order, on top of the V1 and V4 verifiers. */
#include "emu_auth.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emu_codec.h"
#include "emu_time.h"
#include "emu_v1.h"

void
emu_auth_detail_cleanup(struct emu_auth_detail *d)
{
	free(d->string_to_sign);
	free(d->canonical_request);
	d->string_to_sign = d->canonical_request = NULL;
}

static enum emu_err
parse_v1(const char *v, struct emu_authn *a)
{
	/* "OSS " AK ":" SIG, exactly one space */
	const char *colon = strchr(v, ':');
	if (!colon || colon == v || !colon[1] || strchr(colon + 1, ':') || strchr(v, ' '))
		return EMU_ERR_AUTH_MALFORMED;
	size_t n = (size_t)(colon - v);
	if (n >= sizeof a->access_key_id || strlen(colon + 1) >= sizeof a->signature)
		return EMU_ERR_AUTH_MALFORMED;
	memcpy(a->access_key_id, v, n);
	a->access_key_id[n] = '\0';
	snprintf(a->signature, sizeof a->signature, "%s", colon + 1);
	a->version = 1;
	return EMU_OK;
}

enum emu_err
emu_auth_parse(const struct emu_request *r, struct emu_authn *a)
{
	memset(a, 0, sizeof *a);
	const char *v = emu_request_header(r, "Authorization");
	if (!v || !*v)
		return EMU_ERR_ANONYMOUS;
	if (strncmp(v, "OSS ", 4) == 0)
		return parse_v1(v + 4, a);
	if (strncmp(v, "OSS4-HMAC-SHA256 ", 17) == 0) {
		enum emu_err e = emu_v4_parse(v + 17, &a->v4);
		if (e != EMU_OK)
			return e;
		a->version = 4;
		snprintf(a->access_key_id, sizeof a->access_key_id, "%s", a->v4.access_key_id);
		snprintf(a->signature, sizeof a->signature, "%s", a->v4.signature);
		return EMU_OK;
	}
	return EMU_ERR_AUTH_MALFORMED;
}

enum emu_err
emu_auth_precheck(const struct emu_request *r, struct emu_authn *a, const struct emu_keys *k,
		  time_t now)
{
	if (a->version == 1) {
		const char *d = emu_v1_date(r);
		if (!d || emu_time_parse_gmt(d, &a->when) < 0)
			return EMU_ERR_DATE_MISSING;
	} else {
		const char *d = emu_request_header(r, "x-oss-date");
		if (!d || emu_time_parse_iso_basic(d, &a->when) < 0)
			return EMU_ERR_V4_DATE;
		if (strncmp(d, a->v4.date, 8) != 0)
			return EMU_ERR_V4_CREDENTIAL_DATE;
	}
	if (a->when > now + EMU_MAX_SKEW || a->when < now - EMU_MAX_SKEW)
		return EMU_ERR_TIME_SKEWED;
	if (a->version == 4) {
		const char *sha = emu_request_header(r, "x-oss-content-sha256");
		if (!sha || strcmp(sha, "UNSIGNED-PAYLOAD") != 0)
			return EMU_ERR_V4_CONTENT_SHA256;
		if (strcmp(a->v4.product, "oss") != 0)
			return EMU_ERR_V4_CREDENTIAL;
	}
	if (strcmp(a->access_key_id, k->access_key_id) != 0)
		return EMU_ERR_ACCESS_KEY;
	const char *token = emu_request_header(r, "x-oss-security-token");
	if (k->security_token ? !token || !emu_secure_streq(token, k->security_token) : token != NULL)
		return EMU_ERR_SECURITY_TOKEN;
	return EMU_OK;
}

enum emu_err
emu_auth_region(const struct emu_authn *a, const char *expected, int for_bucket)
{
	if (a->version != 4)
		return EMU_OK;
	if (strncmp(a->v4.region, "oss-", 4) == 0)
		return EMU_ERR_V4_REGION_FORM;
	if (strcmp(a->v4.region, expected) != 0)
		return for_bucket ? EMU_ERR_V4_REGION_BUCKET : EMU_ERR_V4_REGION_FORM;
	return EMU_OK;
}

enum emu_err
emu_auth_verify(const struct emu_request *r, const struct emu_authn *a, const struct emu_keys *k,
		const char *bucket, struct emu_auth_detail *d)
{
	memset(d, 0, sizeof *d);
	char expected[72];
	if (a->version == 1) {
		d->string_to_sign = emu_v1_string_to_sign(r, bucket);
		if (!d->string_to_sign ||
		    emu_v1_signature(k->access_key_secret, d->string_to_sign, expected) < 0)
			return EMU_ERR_INTERNAL;
		return emu_secure_streq(expected, a->signature) ? EMU_OK : EMU_ERR_SIGNATURE_V1;
	}
	d->canonical_request = emu_v4_canonical_request(r, bucket, &a->v4);
	if (!d->canonical_request)
		return EMU_ERR_INTERNAL;
	d->string_to_sign = emu_v4_string_to_sign(emu_request_header(r, "x-oss-date"), &a->v4,
						  d->canonical_request);
	if (!d->string_to_sign ||
	    emu_v4_signature(k->access_key_secret, &a->v4, d->string_to_sign, expected) < 0)
		return EMU_ERR_INTERNAL;
	return emu_secure_streq(expected, a->signature) ? EMU_OK : EMU_ERR_SIGNATURE_V4;
}
