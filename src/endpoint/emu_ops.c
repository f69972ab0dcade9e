/* emu_ops.c — request → answer: routing errors, authentication order, the SSE calls, ListBuckets. */
#include "emu_ops.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/rand.h>

#include "emu_buf.h"
#include "emu_codec.h"
#include "emu_ident.h"
#include "emu_svc.h"
#include "emu_time.h"
#include "emu_xml.h"

static unsigned id_salt;
static atomic_ullong id_counter;

void
emu_ops_init(void)
{
	unsigned char r[4];
	if (RAND_bytes(r, sizeof r) != 1)
		memset(r, 0x5a, sizeof r);
	id_salt = ((unsigned)r[0] << 8 | r[1]) & 0xffff;
	atomic_store(&id_counter, ((unsigned long long)r[2] << 8 | r[3]) << 16);
}

void
emu_ops_request_id(char out[25])
{
	unsigned long long c = atomic_fetch_add(&id_counter, 1) & 0xffffffffffffull;
	snprintf(out, 25, "%08X%04X%012llX", (unsigned)time(NULL), id_salt, c);
}

void
emu_answer_cleanup(struct emu_answer *a)
{
	if (!a->body_static)
		free(a->body);
	a->body = NULL;
	a->len = 0;
}

static void
set_body(struct emu_answer *a, struct emu_buf *b, const char *type)
{
	if (b->failed) {
		emu_buf_cleanup(b);
		a->status = 500;
		a->err = EMU_ERR_INTERNAL;
		a->body = NULL;
		a->len = 0;
		a->content_type = NULL;
		return;
	}
	a->body = emu_buf_take(b, &a->len);
	a->body_static = 0;
	a->content_type = type;
}

static const char *
host_id(const struct emu_request *r)
{
	const char *h = emu_request_header(r, "Host");
	return h ? h : "localhost";
}

static void
error_answer(struct emu_answer *a, const struct emu_request *r, enum emu_err e,
	     const struct emu_xml_field *extra, size_t nextra)
{
	const struct emu_errinfo *info = emu_err_info(e);
	struct emu_buf b;
	emu_buf_init(&b, 1024 * 1024);
	emu_xml_error(&b, info, a->request_id, host_id(r), extra, nextra);
	a->status = info->http;
	a->err = e;
	set_body(a, &b, "application/xml");
}

/* The bytes of s as "50 55 54 0A " (OSS's StringToSignBytes). Caller frees. */
static char *
hex_bytes(const char *s)
{
	size_t n = strlen(s);
	char *out = malloc(3 * n + 1);
	if (!out)
		return NULL;
	static const char digits[] = "0123456789ABCDEF";
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		out[3 * i] = digits[c >> 4];
		out[3 * i + 1] = digits[c & 15];
		out[3 * i + 2] = ' ';
	}
	out[3 * n] = '\0';
	return out;
}

static void
signature_error(struct emu_answer *a, const struct emu_request *r, enum emu_err e,
		const struct emu_authn *authn, const struct emu_auth_detail *d)
{
	const char *sts = d->string_to_sign ? d->string_to_sign : "";
	char *bytes = hex_bytes(sts);
	struct emu_xml_field extra[] = {
		{ "OSSAccessKeyId", authn->access_key_id },
		{ "SignatureProvided", authn->signature },
		{ "StringToSign", sts },
		{ "StringToSignBytes", bytes },
		{ "CanonicalRequest", d->canonical_request },
	};
	error_answer(a, r, e, extra, sizeof extra / sizeof extra[0]);
	free(bytes);
}

static void
auth_error(struct emu_answer *a, const struct emu_request *r, enum emu_err e,
	   const struct emu_authn *authn, time_t now)
{
	if (e == EMU_ERR_TIME_SKEWED) {
		char req[EMU_GMT_LEN], srv[EMU_GMT_LEN];
		emu_time_gmt(authn->when, req);
		emu_time_gmt(now, srv);
		struct emu_xml_field extra[] = { { "RequestTime", req }, { "ServerTime", srv } };
		error_answer(a, r, e, extra, 2);
	} else if (e == EMU_ERR_ACCESS_KEY) {
		struct emu_xml_field extra[] = { { "OSSAccessKeyId", authn->access_key_id } };
		error_answer(a, r, e, extra, 1);
	} else {
		struct emu_xml_field extra[] = { { "BucketName", r->bucket } };
		error_answer(a, r, e, extra, r->bucket ? 1 : 0);
	}
}

static enum emu_err
check_md5(const struct emu_request *r)
{
	const char *want = emu_request_header(r, "Content-MD5");
	if (!want)
		return EMU_OK;
	unsigned char md5[16];
	char got[32];
	if (emu_md5(emu_buf_str(&r->body), r->body.len, md5) < 0)
		return EMU_ERR_INTERNAL;
	emu_base64(md5, sizeof md5, got);
	return strcmp(got, want) == 0 ? EMU_OK : EMU_ERR_INVALID_DIGEST;
}

static int
parse_max_keys(const struct emu_request *r, size_t *out)
{
	const struct emu_kv *kv = emu_request_query(r, "max-keys");
	*out = 100;
	if (!kv)
		return 0;
	const char *s = kv->value;
	size_t v = 0;
	if (!*s || strlen(s) > 4)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		v = v * 10 + (size_t)(*s - '0');
	}
	if (v < 1 || v > 1000)
		return -1;
	*out = v;
	return 0;
}

static void
list_buckets(const struct emu_ctx *ctx, const struct emu_request *r, struct emu_answer *a)
{
	size_t max;
	if (parse_max_keys(r, &max) < 0) {
		error_answer(a, r, EMU_ERR_MAX_KEYS, NULL, 0);
		return;
	}
	/* OSS serves at most its own page size whatever max-keys asks; the page says so through
	 * MaxKeys, IsTruncated and NextMarker. */
	if (ctx->list_page_size && max > ctx->list_page_size)
		max = ctx->list_page_size;
	const struct emu_kv *pk = emu_request_query(r, "prefix");
	const struct emu_kv *mk = emu_request_query(r, "marker");
	const char *prefix = pk ? pk->value : "";
	const char *marker = mk ? mk->value : "";
	struct emu_bucket *page = calloc(max, sizeof *page);
	if (!page) {
		error_answer(a, r, EMU_ERR_INTERNAL, NULL, 0);
		return;
	}
	int truncated;
	size_t n = emu_state_list(ctx->state, prefix, marker, max, page, &truncated);
	struct emu_list_page lp = {
		.prefix = prefix,
		.marker = marker,
		.max_keys = max,
		.truncated = truncated,
		.owner_id = ctx->state->owner_id,
		.owner_name = ctx->state->owner_name,
		.buckets = page,
		.n = n,
		.regions = ctx->state->regions,
	};
	struct emu_buf b;
	emu_buf_init(&b, 64u * 1024 * 1024);
	emu_xml_list(&b, &lp);
	free(page);
	a->status = 200;
	set_body(a, &b, "application/xml");
}

static void
bucket_call(const struct emu_ctx *ctx, const struct emu_request *r, const struct emu_bucket *bk,
	    struct emu_answer *a)
{
	struct emu_xml_field name[] = { { "BucketName", bk->name } };
	if (r->op == EMU_OP_GET_ENCRYPTION) {
		if (bk->rule.algo == EMU_ALGO_NONE) {
			error_answer(a, r, EMU_ERR_NO_SUCH_RULE, name, 1);
			return;
		}
		struct emu_buf b;
		emu_buf_init(&b, 64 * 1024);
		emu_xml_rule(&b, &bk->rule);
		a->status = 200;
		set_body(a, &b, "application/xml");
		return;
	}
	if (r->op == EMU_OP_PUT_ENCRYPTION) {
		struct emu_rule rule;
		enum emu_err e = emu_xml_parse_rule(emu_buf_str(&r->body), r->body.len, &rule);
		if (e == EMU_OK)
			e = emu_state_set_rule(ctx->state, bk->name, &rule);
		if (e != EMU_OK) {
			error_answer(a, r, e, name, 1);
			return;
		}
		a->status = 200;
		return;
	}
	/* Delete: 204 whether or not a rule was set (OSS does not document the no-rule case). */
	enum emu_err e = emu_state_set_rule(ctx->state, bk->name, NULL);
	if (e != EMU_OK) {
		error_answer(a, r, e, name, 1);
		return;
	}
	a->status = 204;
}

enum emu_err
emu_ops_route(const struct emu_ctx *ctx, struct emu_request *r)
{
	if (!r->routed) {
		r->routed = 1;
		r->route_err = r->uri_err;
		if (r->route_err == EMU_OK)
			r->route_err = emu_request_route(r, ctx->endpoint_hosts, ctx->nendpoint_hosts,
							 ctx->allow_path_style);
	}
	return r->route_err;
}

const char *
emu_ops_kind(const struct emu_ctx *ctx, struct emu_request *r)
{
	if (r->service == EMU_SERVICE_RPC)
		return "rpc";
	if (r->service == EMU_SERVICE_IMDS)
		return "imds";
	if (emu_ops_route(ctx, r) != EMU_OK)
		return "other";
	switch (r->op) {
	case EMU_OP_LIST_BUCKETS: return "list";
	case EMU_OP_GET_ENCRYPTION: return "get";
	case EMU_OP_PUT_ENCRYPTION: return "put";
	case EMU_OP_DELETE_ENCRYPTION: return "delete";
	default: return "other";
	}
}

void
emu_ops_handle(const struct emu_ctx *ctx, struct emu_request *r, struct emu_answer *a)
{
	/* STS, KMS and the metadata service (emu_svc.c) before anything OSS checks */
	if (emu_svc_handle(ctx, r, a))
		return;
	a->oss_headers = 1;
	a->status = 200;
	a->note.service = "oss";
	enum emu_err e = emu_ops_route(ctx, r);
	if (e != EMU_OK) {
		auth_error(a, r, e, NULL, 0);
		return;
	}

	struct emu_authn authn;
	time_t now = emu_clock_now();
	e = emu_auth_parse(r, &authn);
	a->auth_version = authn.version;
	/* The key that signed: the command line's, a fixture user's, or one STS issued (emu_ident). */
	struct emu_signer signer;
	const struct emu_keys *keys = &ctx->keys;
	if (e == EMU_OK && emu_ident_signer(ctx->state->svc->ident, authn.access_key_id, &signer))
		keys = &signer.keys;
	else
		signer.expires = 0;
	snprintf(a->note.signer.access_key_id, sizeof a->note.signer.access_key_id, "%s",
		 authn.access_key_id);
	if (e == EMU_OK)
		e = emu_auth_precheck(r, &authn, keys, now);
	if (e == EMU_OK && signer.expires && signer.expires <= now)
		e = EMU_ERR_SECURITY_TOKEN_EXPIRED;
	if (e != EMU_OK) {
		if (keys != &ctx->keys)
			emu_signer_wipe(&signer);
		auth_error(a, r, e, &authn, now);
		return;
	}

	struct emu_bucket bk;
	memset(&bk, 0, sizeof bk);
	const struct emu_state *st = ctx->state;
	if (r->bucket) {
		if (!emu_state_lookup(ctx->state, r->bucket, &bk)) {
			auth_error(a, r, EMU_ERR_NO_SUCH_BUCKET, &authn, now);
			return;
		}
		if (bk.region != r->region) {
			snprintf(a->endpoint_hint, sizeof a->endpoint_hint, "localhost:%u",
				 st->regions[bk.region].port);
			struct emu_xml_field extra[] = { { "Bucket", bk.name },
							 { "Endpoint", a->endpoint_hint } };
			error_answer(a, r, EMU_ERR_WRONG_ENDPOINT, extra, 2);
			return;
		}
		e = emu_auth_region(&authn, st->regions[bk.region].name, 1);
	} else {
		e = emu_auth_region(&authn, st->regions[r->region].name, 0);
	}
	if (e != EMU_OK) {
		auth_error(a, r, e, &authn, now);
		return;
	}

	struct emu_auth_detail detail;
	e = emu_auth_verify(r, &authn, keys, r->bucket, &detail);
	if (e == EMU_OK && keys != &ctx->keys)
		emu_principal_note(&a->note.signer, &signer.who, signer.expires);
	if (keys != &ctx->keys)
		emu_signer_wipe(&signer);
	if (e == EMU_ERR_SIGNATURE_V1 || e == EMU_ERR_SIGNATURE_V4)
		signature_error(a, r, e, &authn, &detail);
	emu_auth_detail_cleanup(&detail);
	if (e == EMU_ERR_SIGNATURE_V1 || e == EMU_ERR_SIGNATURE_V4)
		return;
	if (e == EMU_OK && r->body_too_large)
		e = EMU_ERR_ENTITY_TOO_LARGE;
	if (e == EMU_OK)
		e = check_md5(r);
	if (e == EMU_OK && r->bucket && bk.denied)
		e = EMU_ERR_BUCKET_DENIED;
	if (e == EMU_OK && r->op == EMU_OP_LIST_BUCKETS && ctx->deny_list_buckets)
		e = EMU_ERR_LIST_DENIED; /* authenticated, but not allowed: as RAM answers */
	/* --fail-list-page: a listing that breaks part-way, whatever the bucket calls around it
	 * (with N+, one that stays broken: retried pages fail too). */
	static atomic_ulong list_requests;
	if (e == EMU_OK && r->op == EMU_OP_LIST_BUCKETS && ctx->fail_list_page) {
		unsigned long n = atomic_fetch_add(&list_requests, 1) + 1;
		if (n == ctx->fail_list_page || (ctx->fail_list_onward && n > ctx->fail_list_page))
			e = EMU_ERR_SERVICE_UNAVAILABLE;
	}
	if (e != EMU_OK) {
		auth_error(a, r, e, &authn, now);
		return;
	}

	if (r->op == EMU_OP_LIST_BUCKETS)
		list_buckets(ctx, r, a);
	else
		bucket_call(ctx, r, &bk, a);
}

void
emu_ops_fault(const struct emu_ctx *ctx, const struct emu_request *r, enum emu_fault f,
	      struct emu_answer *a)
{
	(void)ctx;
	a->fault = f;
	a->oss_headers = 1;
	switch (f) {
	case EMU_FAULT_THROTTLE:
		error_answer(a, r, EMU_ERR_TOO_MANY_REQUESTS, NULL, 0);
		break;
	case EMU_FAULT_FAIL:
		error_answer(a, r, EMU_ERR_SERVICE_UNAVAILABLE, NULL, 0);
		break;
	case EMU_FAULT_BUSY:
		error_answer(a, r, EMU_ERR_ACTIVE_REQUESTS, NULL, 0);
		break;
	case EMU_FAULT_HTML:
		a->status = 502;
		a->oss_headers = 0; /* a proxy answered, not OSS */
		a->body = (char *)emu_fault_html(&a->len);
		a->body_static = 1;
		a->content_type = "text/html";
		break;
	case EMU_FAULT_GARBAGE:
		a->status = 200;
		a->body = (char *)emu_fault_garbage(&a->len);
		a->body_static = 1;
		a->content_type = "application/xml";
		break;
	case EMU_FAULT_OVERSIZE:
		a->status = 200;
		a->body = (char *)emu_fault_oversize(&a->len);
		a->body_static = 1;
		a->content_type = "application/xml";
		break;
	default:
		a->status = 0;
		break;
	}
}
