/* emu_v4.c — OSS signature V4 as the server computes it (oss-api.md §3, written from the doc's rules). */
#include "emu_v4.h"

#include <ctype.h>
#include <openssl/crypto.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emu_codec.h"

static const char *
skip_space(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

static int
copy_field(char *dst, size_t dstsz, const char *src, size_t n)
{
	if (n >= dstsz)
		return -1;
	memcpy(dst, src, n);
	dst[n] = '\0';
	return 0;
}

static enum emu_err
parse_credential(const char *v, size_t n, struct emu_v4_auth *out)
{
	/* AK/yyyymmdd/region/product/aliyun_v4_request */
	const char *parts[5];
	size_t lens[5];
	size_t np = 0;
	const char *p = v, *end = v + n;
	while (np < 5) {
		const char *slash = memchr(p, '/', (size_t)(end - p));
		parts[np] = p;
		lens[np] = slash ? (size_t)(slash - p) : (size_t)(end - p);
		np++;
		if (!slash)
			break;
		p = slash + 1;
	}
	if (np != 5 || parts[4] + lens[4] != end)
		return EMU_ERR_V4_CREDENTIAL;
	for (size_t i = 0; i < 5; i++)
		if (lens[i] == 0)
			return EMU_ERR_V4_CREDENTIAL;
	if (lens[1] != 8 || lens[4] != strlen("aliyun_v4_request") ||
	    memcmp(parts[4], "aliyun_v4_request", lens[4]) != 0)
		return EMU_ERR_V4_CREDENTIAL;
	for (size_t i = 0; i < 8; i++)
		if (!isdigit((unsigned char)parts[1][i]))
			return EMU_ERR_V4_CREDENTIAL;
	if (copy_field(out->access_key_id, sizeof out->access_key_id, parts[0], lens[0]) ||
	    copy_field(out->date, sizeof out->date, parts[1], lens[1]) ||
	    copy_field(out->region, sizeof out->region, parts[2], lens[2]) ||
	    copy_field(out->product, sizeof out->product, parts[3], lens[3]))
		return EMU_ERR_V4_CREDENTIAL;
	return EMU_OK;
}

static enum emu_err
parse_additional(const char *v, size_t n, struct emu_v4_auth *out)
{
	if (n == 0)
		return EMU_ERR_V4_ADDHDR_EMPTY;
	const char *p = v, *end = v + n;
	for (;;) {
		const char *semi = memchr(p, ';', (size_t)(end - p));
		size_t len = semi ? (size_t)(semi - p) : (size_t)(end - p);
		if (len == 0)
			return EMU_ERR_V4_ADDHDR_ELEMENT;
		if (out->nadditional == EMU_V4_MAX_ADDITIONAL ||
		    copy_field(out->additional[out->nadditional], sizeof out->additional[0], p, len))
			return EMU_ERR_AUTH_MALFORMED;
		for (char *c = out->additional[out->nadditional]; *c; c++)
			*c = (char)tolower((unsigned char)*c);
		out->nadditional++;
		if (!semi)
			break;
		p = semi + 1;
	}
	return EMU_OK;
}

enum emu_err
emu_v4_parse(const char *params, struct emu_v4_auth *out)
{
	memset(out, 0, sizeof *out);
	int have_cred = 0, have_sig = 0, have_add = 0;
	const char *p = skip_space(params);
	while (*p) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		while (len > 0 && (p[len - 1] == ' ' || p[len - 1] == '\t'))
			len--;
		const char *eq = memchr(p, '=', len);
		if (!eq)
			return EMU_ERR_AUTH_MALFORMED;
		size_t klen = (size_t)(eq - p);
		const char *v = eq + 1;
		size_t vlen = len - klen - 1;
		enum emu_err e = EMU_OK;
		if (klen == 10 && memcmp(p, "Credential", 10) == 0 && !have_cred) {
			have_cred = 1;
			e = parse_credential(v, vlen, out);
		} else if (klen == 17 && memcmp(p, "AdditionalHeaders", 17) == 0 && !have_add) {
			have_add = 1;
			e = parse_additional(v, vlen, out);
		} else if (klen == 9 && memcmp(p, "Signature", 9) == 0 && !have_sig) {
			have_sig = 1;
			if (copy_field(out->signature, sizeof out->signature, v, vlen))
				e = EMU_ERR_AUTH_MALFORMED;
		} else {
			e = EMU_ERR_AUTH_MALFORMED;
		}
		if (e != EMU_OK)
			return e;
		if (!comma)
			break;
		p = skip_space(comma + 1);
	}
	if (!have_cred)
		return EMU_ERR_V4_CREDENTIAL;
	if (!have_sig || out->signature[0] == '\0')
		return EMU_ERR_AUTH_MALFORMED;
	return EMU_OK;
}

static int
want_signed(const char *lname, void *arg)
{
	const struct emu_v4_auth *auth = arg;
	if (strncmp(lname, "x-oss-", 6) == 0 || strcmp(lname, "content-type") == 0 ||
	    strcmp(lname, "content-md5") == 0)
		return 1;
	for (size_t i = 0; i < auth->nadditional; i++)
		if (strcmp(lname, auth->additional[i]) == 0)
			return 1;
	return 0;
}

struct enc_pair {
	char *name;
	char *value; /* "" for a bare name */
};

static int
by_pair(const void *a, const void *b)
{
	const struct enc_pair *x = a, *y = b;
	int c = strcmp(x->name, y->name);
	return c ? c : strcmp(x->value, y->value);
}

static char *
encoded(const char *s)
{
	struct emu_buf b;
	emu_buf_init(&b, 64 * 1024);
	if (emu_uri_encode(&b, s, strlen(s), 0) < 0) {
		emu_buf_cleanup(&b);
		return NULL;
	}
	return emu_buf_take(&b, NULL);
}

/* Every query parameter, encoded, sorted; a parameter without a value (or with "") is the bare name. */
static int
canonical_query(const struct emu_request *r, struct emu_buf *b)
{
	struct enc_pair *pairs = calloc(r->nquery + 1, sizeof *pairs);
	if (!pairs)
		return -1;
	int rc = 0;
	for (size_t i = 0; i < r->nquery; i++) {
		pairs[i].name = encoded(r->query[i].name);
		pairs[i].value = encoded(r->query[i].value);
		if (!pairs[i].name || !pairs[i].value)
			rc = -1;
	}
	if (rc == 0) {
		qsort(pairs, r->nquery, sizeof *pairs, by_pair);
		for (size_t i = 0; i < r->nquery; i++) {
			if (i)
				emu_buf_putc(b, '&');
			emu_buf_puts(b, pairs[i].name);
			if (pairs[i].value[0])
				emu_buf_printf(b, "=%s", pairs[i].value);
		}
	}
	for (size_t i = 0; i < r->nquery; i++) {
		free(pairs[i].name);
		free(pairs[i].value);
	}
	free(pairs);
	return rc;
}

char *
emu_v4_canonical_request(const struct emu_request *r, const char *bucket,
			 const struct emu_v4_auth *auth)
{
	struct emu_buf b;
	emu_buf_init(&b, 256 * 1024);
	emu_buf_printf(&b, "%s\n", r->method);

	/* CanonicalURI: "/" + bucket + "/" encoded with '/' kept; "/" without a bucket */
	if (bucket) {
		size_t n = strlen(bucket) + 3;
		char *uri = malloc(n);
		if (!uri) {
			emu_buf_cleanup(&b);
			return NULL;
		}
		snprintf(uri, n, "/%s/", bucket);
		emu_uri_encode(&b, uri, strlen(uri), 1);
		free(uri);
	} else {
		emu_buf_putc(&b, '/');
	}
	emu_buf_putc(&b, '\n');

	if (canonical_query(r, &b) < 0) {
		emu_buf_cleanup(&b);
		return NULL;
	}
	emu_buf_putc(&b, '\n');

	struct emu_kv *hdrs;
	size_t nh;
	if (emu_request_collect_headers(r, want_signed, (void *)auth, &hdrs, &nh) < 0) {
		emu_buf_cleanup(&b);
		return NULL;
	}
	/* a listed additional header that was not sent is signed with an empty value */
	size_t ai = 0, hi = 0;
	const char **names = calloc(nh + auth->nadditional + 1, sizeof *names);
	const char **values = calloc(nh + auth->nadditional + 1, sizeof *values);
	if (!names || !values) {
		free(names);
		free(values);
		emu_kvs_free(hdrs, nh);
		emu_buf_cleanup(&b);
		return NULL;
	}
	size_t nn = 0;
	for (hi = 0; hi < nh; hi++) {
		names[nn] = hdrs[hi].name;
		values[nn++] = hdrs[hi].value;
	}
	for (ai = 0; ai < auth->nadditional; ai++) {
		int found = 0;
		for (size_t k = 0; k < nn; k++)
			found |= strcmp(names[k], auth->additional[ai]) == 0;
		if (!found) {
			names[nn] = auth->additional[ai];
			values[nn++] = "";
		}
	}
	/* sort the merged list by name (insertion sort: it is short) */
	for (size_t i = 1; i < nn; i++)
		for (size_t j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0; j--) {
			const char *tn = names[j];
			const char *tv = values[j];
			names[j] = names[j - 1];
			values[j] = values[j - 1];
			names[j - 1] = tn;
			values[j - 1] = tv;
		}
	for (size_t i = 0; i < nn; i++)
		emu_buf_printf(&b, "%s:%s\n", names[i], values[i]);
	emu_buf_putc(&b, '\n');
	free(names);
	free(values);

	for (size_t i = 0; i < auth->nadditional; i++) {
		if (i)
			emu_buf_putc(&b, ';');
		emu_buf_puts(&b, auth->additional[i]);
	}
	emu_buf_putc(&b, '\n');

	const char *payload = NULL;
	for (size_t i = 0; i < nh; i++)
		if (strcmp(hdrs[i].name, "x-oss-content-sha256") == 0)
			payload = hdrs[i].value;
	emu_buf_puts(&b, payload ? payload : "UNSIGNED-PAYLOAD");
	emu_kvs_free(hdrs, nh);

	if (b.failed) {
		emu_buf_cleanup(&b);
		return NULL;
	}
	return emu_buf_take(&b, NULL);
}

char *
emu_v4_string_to_sign(const char *datetime, const struct emu_v4_auth *auth,
		      const char *canonical_request)
{
	unsigned char digest[32];
	char hex[65];
	if (emu_sha256(canonical_request, strlen(canonical_request), digest) < 0)
		return NULL;
	emu_hex(digest, sizeof digest, hex);
	struct emu_buf b;
	emu_buf_init(&b, 4096);
	emu_buf_printf(&b, "OSS4-HMAC-SHA256\n%s\n%s/%s/%s/aliyun_v4_request\n%s", datetime, auth->date,
		       auth->region, auth->product, hex);
	if (b.failed) {
		emu_buf_cleanup(&b);
		return NULL;
	}
	return emu_buf_take(&b, NULL);
}

/* The signing key for secret and the scope's date, region and product. */
static int
signing_key(const char *secret, const struct emu_v4_auth *auth, unsigned char k4[32])
{
	size_t klen = strlen(secret) + strlen("aliyun_v4");
	char *key = malloc(klen + 1);
	if (!key)
		return -1;
	snprintf(key, klen + 1, "aliyun_v4%s", secret);
	unsigned char k1[32], k2[32], k3[32];
	int rc = emu_hmac_sha256(key, klen, auth->date, strlen(auth->date), k1);
	rc |= emu_hmac_sha256(k1, 32, auth->region, strlen(auth->region), k2);
	rc |= emu_hmac_sha256(k2, 32, auth->product, strlen(auth->product), k3);
	rc |= emu_hmac_sha256(k3, 32, "aliyun_v4_request", strlen("aliyun_v4_request"), k4);
	OPENSSL_cleanse(key, klen);
	free(key);
	OPENSSL_cleanse(k1, sizeof k1);
	OPENSSL_cleanse(k2, sizeof k2);
	OPENSSL_cleanse(k3, sizeof k3);
	return rc;
}

/* The last signing key each serving thread derived. The key changes only with the date, region
 * and secret, so a sweep of thousands of requests derives it once per thread instead of four
 * HMACs per request (a fifth of ossemu's CPU for a signed GET). Per thread: no lock. The secret
 * is recognised by its SHA-256, so no copy of it stays behind in the threads. */
struct key_cache {
	bool valid;
	unsigned char secret_hash[32];
	char date[sizeof ((struct emu_v4_auth *)0)->date];
	char region[sizeof ((struct emu_v4_auth *)0)->region];
	char product[sizeof ((struct emu_v4_auth *)0)->product];
	unsigned char key[32];
};
static _Thread_local struct key_cache thread_key;

static int
cached_signing_key(const char *secret, const struct emu_v4_auth *auth, unsigned char key[32])
{
	struct key_cache *c = &thread_key;
	unsigned char hash[32];
	bool cacheable = emu_sha256(secret, strlen(secret), hash) == 0;
	if (c->valid && cacheable && CRYPTO_memcmp(c->secret_hash, hash, sizeof hash) == 0 &&
	    strcmp(c->date, auth->date) == 0 && strcmp(c->region, auth->region) == 0 &&
	    strcmp(c->product, auth->product) == 0) {
		memcpy(key, c->key, 32);
		return 0;
	}
	if (signing_key(secret, auth, key) < 0)
		return -1;
	if (cacheable) {
		memcpy(c->secret_hash, hash, sizeof hash);
		strcpy(c->date, auth->date);
		strcpy(c->region, auth->region);
		strcpy(c->product, auth->product);
		memcpy(c->key, key, 32);
		c->valid = true;
	}
	return 0;
}

int
emu_v4_signature(const char *secret, const struct emu_v4_auth *auth, const char *string_to_sign,
		 char out[65])
{
	unsigned char key[32], sig[32];
	int rc = cached_signing_key(secret, auth, key);
	if (rc == 0)
		rc = emu_hmac_sha256(key, 32, string_to_sign, strlen(string_to_sign), sig);
	OPENSSL_cleanse(key, sizeof key);
	if (rc)
		return -1;
	emu_hex(sig, sizeof sig, out);
	return 0;
}
