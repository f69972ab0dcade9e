/*
 * emu_rpc.c — the API gateway side of RPC calls (STS, KMS): parameters, Timestamp, key, signature,
 * nonce, token; answers as JSON or XML.
 *
 * Messages as Alibaba Cloud answers them: SignatureDoesNotMatch's "server string to sign is:"
 * (the credentials libraries compare it with their own), SignatureNonceUsed and
 * InvalidTimeStamp.Expired (gateway answers quoted in public issues, e.g. acme.sh 3585, 6258),
 * InvalidAccessKeyId.NotFound / MissingSecurityToken / NoPermission / InvalidParameter.* (STS's
 * error page, help.aliyun.com document 42775), AuthenticationFail.* (STS's error-code list).
 */
#include "emu_rpc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <openssl/rand.h>

#include "emu_codec.h"
#include "emu_time.h"

#define RPC_MAX_SKEW 900 /* seconds: a Timestamp more than 15 minutes off is expired */

struct rpc_errinfo {
	int http;
	const char *code;
	const char *message;
};

static const struct rpc_errinfo errtab[] = {
	{ 200, "", "" },
#define EMU_RPC_ROW(name, http, code, message) { http, code, message },
	EMU_RPC_ERRORS(EMU_RPC_ROW)
#undef EMU_RPC_ROW
};

static const struct rpc_errinfo *
info(enum emu_rpc_err e)
{
	unsigned i = (unsigned)e;
	return &errtab[i < sizeof errtab / sizeof errtab[0] ? i : (unsigned)EMU_RPC_INTERNAL];
}

int
emu_rpc_http(enum emu_rpc_err e)
{
	return info(e)->http;
}

const char *
emu_rpc_code(enum emu_rpc_err e)
{
	return info(e)->code;
}

/* application/x-www-form-urlencoded decoding: '+' is a space, %XY a byte. NULL on a bad escape or NUL. */
static char *
form_decode(const char *s, size_t n)
{
	char *out = malloc(n + 1);
	if (!out)
		return NULL;
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '+') {
			out[k++] = ' ';
		} else if (s[i] == '%') {
			unsigned v = 0;
			for (int j = 1; j <= 2; j++) {
				char c = i + (size_t)j < n ? s[i + (size_t)j] : '\0';
				int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
								      : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
				if (d < 0) {
					free(out);
					return NULL;
				}
				v = v * 16 + (unsigned)d;
			}
			if (v == 0) {
				free(out);
				return NULL;
			}
			out[k++] = (char)v;
			i += 2;
		} else {
			out[k++] = s[i];
		}
	}
	out[k] = '\0';
	return out;
}

static int
is_form(const struct emu_request *r)
{
	const char *ct = emu_request_header(r, "Content-Type");
	return ct && strncasecmp(ct, "application/x-www-form-urlencoded", 33) == 0;
}

/* Calls fn for each name=value of s[0..n); stops at the first nonzero return and returns it. */
static int
each_pair(const char *s, size_t n, int (*fn)(const char *p, size_t nlen, const char *v, size_t vlen, void *arg),
	  void *arg)
{
	size_t i = 0;
	while (i < n) {
		const char *amp = memchr(s + i, '&', n - i);
		size_t len = amp ? (size_t)(amp - (s + i)) : n - i;
		if (len) {
			const char *eq = memchr(s + i, '=', len);
			size_t nlen = eq ? (size_t)(eq - (s + i)) : len;
			int rc = fn(s + i, nlen, eq ? eq + 1 : s + i + len, eq ? len - nlen - 1 : 0, arg);
			if (rc)
				return rc;
		}
		i += len + 1;
	}
	return 0;
}

static int
is_action(const char *p, size_t nlen, const char *v, size_t vlen, void *arg)
{
	(void)v;
	(void)vlen;
	(void)arg;
	return nlen == 6 && memcmp(p, "Action", 6) == 0;
}

int
emu_rpc_detect(const struct emu_request *r)
{
	if (r->raw_query && each_pair(r->raw_query, strlen(r->raw_query), is_action, NULL))
		return 1;
	return is_form(r) && r->body.len && each_pair(emu_buf_str(&r->body), r->body.len, is_action, NULL);
}

struct collect {
	struct emu_rpc *rpc;
	enum emu_rpc_err err;
	const char *detail;
};

static int
add_pair(const char *p, size_t nlen, const char *v, size_t vlen, void *arg)
{
	struct collect *c = arg;
	struct emu_rpc *rpc = c->rpc;
	if (rpc->n == EMU_RPC_MAX_PARAMS) {
		c->err = EMU_RPC_INVALID_PARAMETER;
		c->detail = "(too many parameters)";
		return 1;
	}
	char *name = form_decode(p, nlen);
	char *value = name ? form_decode(v, vlen) : NULL;
	if (!name || !value || !*name) {
		free(name);
		free(value);
		c->err = EMU_RPC_INVALID_PARAMETER;
		c->detail = "(a parameter that cannot be decoded)";
		return 1;
	}
	for (size_t i = 0; i < rpc->n; i++) {
		if (strcmp(rpc->kv[i].name, name) == 0) {
			free(value);
			/* keep the name for the message: it lives as long as rpc */
			rpc->kv[rpc->n].name = name;
			rpc->kv[rpc->n].value = NULL;
			rpc->n++;
			c->err = EMU_RPC_DUPLICATE_PARAMETER;
			c->detail = name;
			return 1;
		}
	}
	rpc->kv[rpc->n].name = name;
	rpc->kv[rpc->n].value = value;
	rpc->n++;
	return 0;
}

static void
host_of(const struct emu_request *r, char *out, size_t outsz)
{
	const char *h = emu_request_header(r, "Host");
	h = h ? h : "";
	size_t n = 0;
	if (*h == '[') {
		const char *end = strchr(h, ']');
		n = end ? (size_t)(end - h + 1) : strlen(h);
	} else {
		const char *colon = strrchr(h, ':');
		n = colon ? (size_t)(colon - h) : strlen(h);
	}
	if (n >= outsz)
		n = outsz - 1;
	for (size_t i = 0; i < n; i++)
		out[i] = (char)(h[i] >= 'A' && h[i] <= 'Z' ? h[i] + 32 : h[i]);
	out[n] = '\0';
}

enum emu_rpc_err
emu_rpc_parse(const struct emu_request *r, struct emu_rpc *rpc, const char **detail)
{
	memset(rpc, 0, sizeof *rpc);
	rpc->xml = 1;
	*detail = "";
	host_of(r, rpc->host, sizeof rpc->host);
	if (strcmp(r->method, "GET") != 0 && strcmp(r->method, "POST") != 0)
		return EMU_RPC_UNSUPPORTED_METHOD;
	if (r->body_too_large)
		return EMU_RPC_BODY_TOO_LARGE;
	struct collect c = { rpc, EMU_RPC_OK, "" };
	if (r->raw_query)
		each_pair(r->raw_query, strlen(r->raw_query), add_pair, &c);
	if (c.err == EMU_RPC_OK && is_form(r) && r->body.len)
		each_pair(emu_buf_str(&r->body), r->body.len, add_pair, &c);
	if (c.err != EMU_RPC_OK) {
		*detail = c.detail;
		return c.err;
	}
	const char *format = emu_rpc_get(rpc, "Format");
	if (format && strcasecmp(format, "JSON") != 0 && strcasecmp(format, "XML") != 0) {
		*detail = "Format";
		return EMU_RPC_INVALID_PARAMETER;
	}
	rpc->xml = !format || strcasecmp(format, "XML") == 0;
	rpc->action = emu_rpc_get(rpc, "Action");
	rpc->version = emu_rpc_get(rpc, "Version");
	if (!rpc->action || !*rpc->action) {
		*detail = "Action";
		return EMU_RPC_MISSING_PARAMETER;
	}
	if (!rpc->version || !*rpc->version) {
		*detail = "Version";
		return EMU_RPC_MISSING_PARAMETER;
	}
	return EMU_RPC_OK;
}

void
emu_rpc_cleanup(struct emu_rpc *rpc)
{
	for (size_t i = 0; i < rpc->n; i++) {
		free((char *)rpc->kv[i].name);
		if (rpc->kv[i].value) {
			/* tokens and OIDC tokens pass through here */
			memset((char *)rpc->kv[i].value, 0, strlen(rpc->kv[i].value));
			free((char *)rpc->kv[i].value);
		}
	}
	rpc->n = 0;
	emu_signer_wipe(&rpc->signer);
}

const char *
emu_rpc_get(const struct emu_rpc *rpc, const char *name)
{
	for (size_t i = 0; i < rpc->n; i++)
		if (strcmp(rpc->kv[i].name, name) == 0)
			return rpc->kv[i].value;
	return NULL;
}

enum emu_rpc_err
emu_rpc_check_time(const struct emu_rpc *rpc, time_t now)
{
	const char *ts = emu_rpc_get(rpc, "Timestamp");
	time_t t;
	if (!ts)
		return EMU_RPC_MISSING_PARAMETER;
	if (emu_time_parse_iso_sec(ts, &t) < 0)
		return EMU_RPC_TIMESTAMP_FORMAT;
	if (t > now + RPC_MAX_SKEW || t < now - RPC_MAX_SKEW)
		return EMU_RPC_TIMESTAMP_EXPIRED;
	return EMU_RPC_OK;
}

enum emu_rpc_err
emu_rpc_authenticate(struct emu_rpc *rpc, const struct emu_request *r, struct emu_ident *id,
		     time_t now, char **detail)
{
	*detail = NULL;
	const char *ak = emu_rpc_get(rpc, "AccessKeyId");
	const char *sig = emu_rpc_get(rpc, "Signature");
	const char *method = emu_rpc_get(rpc, "SignatureMethod");
	const char *version = emu_rpc_get(rpc, "SignatureVersion");
	const char *nonce = emu_rpc_get(rpc, "SignatureNonce");
	const char *token = emu_rpc_get(rpc, "SecurityToken");
	if (!ak || !*ak) {
		*detail = strdup("AccessKeyId");
		return EMU_RPC_MISSING_PARAMETER;
	}
	if (!sig || !*sig)
		return EMU_RPC_INCOMPLETE_SIGNATURE;
	if (!method || strcmp(method, "HMAC-SHA1") != 0) {
		*detail = strdup("SignatureMethod");
		return method ? EMU_RPC_INVALID_PARAMETER : EMU_RPC_MISSING_PARAMETER;
	}
	if (!version || strcmp(version, "1.0") != 0) {
		*detail = strdup("SignatureVersion");
		return version ? EMU_RPC_INVALID_PARAMETER : EMU_RPC_MISSING_PARAMETER;
	}
	if (!nonce || !*nonce || strlen(nonce) > 256) {
		*detail = strdup("SignatureNonce");
		return nonce && *nonce ? EMU_RPC_INVALID_PARAMETER : EMU_RPC_MISSING_PARAMETER;
	}
	enum emu_rpc_err e = emu_rpc_check_time(rpc, now);
	if (e != EMU_RPC_OK) {
		if (e == EMU_RPC_MISSING_PARAMETER)
			*detail = strdup("Timestamp");
		return e;
	}
	if (!emu_ident_signer(id, ak, &rpc->signer))
		return EMU_RPC_ACCESS_KEY;
	const char *want = rpc->signer.token;
	if (want[0] && !token)
		return EMU_RPC_MISSING_TOKEN;
	if (token && (!want[0] || !emu_secure_streq(token, want)))
		return EMU_RPC_TOKEN_MISMATCH;
	if (rpc->signer.expires && rpc->signer.expires <= now)
		return EMU_RPC_TOKEN_EXPIRED;
	char *string_to_sign = emu_rpc_string_to_sign(r->method, rpc->kv, rpc->n);
	char expected[EMU_RPC_SIG_LEN];
	if (!string_to_sign || emu_rpc_sign(rpc->signer.secret, string_to_sign, expected) < 0) {
		free(string_to_sign);
		return EMU_RPC_INTERNAL;
	}
	if (!emu_secure_streq(expected, sig)) {
		*detail = string_to_sign;
		return EMU_RPC_SIGNATURE;
	}
	free(string_to_sign);
	/* Only a correctly signed request uses up its nonce: a forged one cannot burn others'. */
	if (!emu_ident_nonce(id, ak, nonce, now))
		return EMU_RPC_NONCE_USED;
	rpc->is_signed = 1;
	return EMU_RPC_OK;
}

void
emu_rpc_request_id(struct emu_answer *a)
{
	unsigned char b[16];
	if (RAND_bytes(b, sizeof b) != 1)
		memset(b, 0x3c, sizeof b);
	snprintf(a->request_id, sizeof a->request_id,
		 "%02X%02X%02X%02X-%02X%02X-%02X%02X-%02X%02X-%02X%02X%02X%02X%02X%02X", b[0], b[1], b[2],
		 b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
}

static void
xml_value(struct emu_buf *b, const char *name, json_t *v)
{
	if (json_is_array(v)) {
		size_t i;
		json_t *item;
		json_array_foreach(v, i, item)
			xml_value(b, name, item);
		return;
	}
	emu_buf_printf(b, "<%s>", name);
	if (json_is_object(v)) {
		const char *k;
		json_t *child;
		json_object_foreach(v, k, child)
			xml_value(b, k, child);
	} else if (json_is_string(v)) {
		emu_buf_xml(b, json_string_value(v));
	} else if (json_is_integer(v)) {
		emu_buf_printf(b, "%lld", (long long)json_integer_value(v));
	} else if (json_is_boolean(v)) {
		emu_buf_puts(b, json_is_true(v) ? "true" : "false");
	}
	emu_buf_printf(b, "</%s>", name);
}

static void
send_doc(struct emu_answer *a, const struct emu_rpc *rpc, int status, json_t *doc, const char *root)
{
	struct emu_buf b;
	emu_buf_init(&b, 16u * 1024 * 1024);
	if (rpc && rpc->xml) {
		emu_buf_puts(&b, "<?xml version='1.0' encoding='UTF-8'?>");
		xml_value(&b, root, doc);
		a->content_type = "text/xml;charset=utf-8";
	} else {
		char *s = json_dumps(doc, JSON_COMPACT | JSON_PRESERVE_ORDER);
		if (s)
			emu_buf_puts(&b, s);
		else
			b.failed = 1;
		free(s);
		a->content_type = "application/json;charset=utf-8";
	}
	json_decref(doc);
	a->oss_headers = 0;
	if (b.failed) {
		emu_buf_cleanup(&b);
		a->status = 500;
		a->body = NULL;
		a->len = 0;
		a->content_type = NULL;
		return;
	}
	a->status = status;
	a->body = emu_buf_take(&b, &a->len);
	a->body_static = 0;
}

void
emu_rpc_answer(struct emu_answer *a, const struct emu_rpc *rpc, json_t *body)
{
	json_t *doc = json_object();
	json_object_set_new(doc, "RequestId", json_string(a->request_id));
	if (body)
		json_object_update(doc, body);
	json_decref(body);
	char root[96];
	snprintf(root, sizeof root, "%sResponse", rpc->action ? rpc->action : "");
	send_doc(a, rpc, 200, doc, root);
}

void
emu_rpc_fail(struct emu_answer *a, const struct emu_rpc *rpc, enum emu_rpc_err e, const char *detail)
{
	const struct rpc_errinfo *in = info(e);
	size_t n = strlen(in->message) + (detail ? strlen(detail) : 0) + 1;
	char *msg = malloc(n);
	if (msg) {
		const char *pct = strstr(in->message, "%s");
		if (pct)
			snprintf(msg, n, "%.*s%s%s", (int)(pct - in->message), in->message, detail ? detail : "",
				 pct + 2);
		else
			snprintf(msg, n, "%s", in->message);
	}
	json_t *doc = json_object();
	json_object_set_new(doc, "RequestId", json_string(a->request_id));
	json_object_set_new(doc, "HostId", json_string(rpc && rpc->host[0] ? rpc->host : "localhost"));
	json_object_set_new(doc, "Code", json_string(in->code));
	json_object_set_new(doc, "Message", json_string(msg ? msg : in->message));
	free(msg);
	snprintf(a->note.code, sizeof a->note.code, "%s", in->code);
	send_doc(a, rpc, in->http, doc, "Error");
}
