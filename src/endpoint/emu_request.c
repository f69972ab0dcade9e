/* emu_request.c — request model: URI splitting and decoding, header lookup, routing to an operation. */
#include "emu_request.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "emu_codec.h"

static enum emu_err parse_uri(struct emu_request *r);

struct emu_request *
emu_request_new(const char *method, const char *raw_uri, int region)
{
	struct emu_request *r = calloc(1, sizeof *r);
	if (!r)
		return NULL;
	strncpy(r->method, method ? method : "", sizeof r->method - 1);
	r->raw_uri = strdup(raw_uri ? raw_uri : "");
	if (!r->raw_uri) {
		free(r);
		return NULL;
	}
	emu_buf_init(&r->body, EMU_BODY_MAX);
	r->region = region;
	r->uri_err = parse_uri(r);
	if (r->uri_err == EMU_OK) {
		if (strncmp(r->path, "/latest/", 8) == 0 || strcmp(r->path, "/latest") == 0)
			r->service = EMU_SERVICE_IMDS;
		else if (emu_request_query(r, "Action"))
			r->service = EMU_SERVICE_RPC;
	}
	return r;
}

static void
free_kvs(struct emu_kv *kv, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(kv[i].name);
		free(kv[i].value);
	}
	free(kv);
}

void
emu_request_free(struct emu_request *r)
{
	if (!r)
		return;
	free(r->raw_uri);
	free(r->raw_path);
	free(r->raw_query);
	free(r->path);
	free_kvs(r->query, r->nquery);
	free_kvs(r->headers, r->nheaders);
	emu_buf_cleanup(&r->body);
	free(r->bucket);
	free(r);
}

int
emu_request_add_header(struct emu_request *r, const char *name, const char *value)
{
	if (r->nheaders == r->capheaders) {
		size_t cap = r->capheaders ? r->capheaders * 2 : 16;
		struct emu_kv *p = realloc(r->headers, cap * sizeof *p);
		if (!p)
			return -1;
		r->headers = p;
		r->capheaders = cap;
	}
	struct emu_kv *kv = &r->headers[r->nheaders];
	kv->name = strdup(name ? name : "");
	kv->value = strdup(value ? value : "");
	kv->has_value = 1;
	if (!kv->name || !kv->value) {
		free(kv->name);
		free(kv->value);
		return -1;
	}
	r->nheaders++;
	return 0;
}

void
emu_request_add_body(struct emu_request *r, const char *data, size_t n)
{
	if (r->body_too_large)
		return;
	if (emu_buf_add(&r->body, data, n) < 0)
		r->body_too_large = 1;
}

const char *
emu_request_header(const struct emu_request *r, const char *name)
{
	for (size_t i = 0; i < r->nheaders; i++)
		if (strcasecmp(r->headers[i].name, name) == 0)
			return r->headers[i].value;
	return NULL;
}

const struct emu_kv *
emu_request_query(const struct emu_request *r, const char *name)
{
	for (size_t i = 0; i < r->nquery; i++)
		if (strcmp(r->query[i].name, name) == 0)
			return &r->query[i];
	return NULL;
}

static char *
decode(const char *s, size_t n)
{
	struct emu_buf b;
	emu_buf_init(&b, 64 * 1024);
	if (emu_pct_decode(s, n, &b) < 0 || memchr(emu_buf_str(&b), '\0', b.len)) {
		emu_buf_cleanup(&b); /* bad escape, or an embedded NUL */
		return NULL;
	}
	return emu_buf_take(&b, NULL);
}

static enum emu_err
parse_uri(struct emu_request *r)
{
	const char *uri = r->raw_uri;
	const char *q = strchr(uri, '?');
	size_t plen = q ? (size_t)(q - uri) : strlen(uri);
	if (plen == 0 || uri[0] != '/')
		return EMU_ERR_INVALID_URI;
	r->raw_path = strndup(uri, plen);
	if (!r->raw_path)
		return EMU_ERR_INTERNAL;
	r->path = decode(uri, plen);
	if (!r->path)
		return EMU_ERR_INVALID_URI;
	if (!q)
		return EMU_OK;
	r->raw_query = strdup(q + 1);
	if (!r->raw_query)
		return EMU_ERR_INTERNAL;
	size_t cap = 1;
	for (const char *p = r->raw_query; *p; p++)
		cap += *p == '&';
	r->query = calloc(cap, sizeof *r->query);
	if (!r->query)
		return EMU_ERR_INTERNAL;
	const char *p = r->raw_query;
	while (*p) {
		const char *end = strchr(p, '&');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (len > 0) {
			const char *eq = memchr(p, '=', len);
			size_t nlen = eq ? (size_t)(eq - p) : len;
			struct emu_kv *kv = &r->query[r->nquery];
			kv->name = decode(p, nlen);
			kv->value = eq ? decode(eq + 1, len - nlen - 1) : strdup("");
			kv->has_value = eq != NULL;
			if (!kv->name || !kv->value) {
				free(kv->name);
				free(kv->value);
				kv->name = kv->value = NULL;
				return EMU_ERR_INVALID_URI;
			}
			r->nquery++;
		}
		p += len;
		if (*p == '&')
			p++;
	}
	return EMU_OK;
}

int
emu_bucket_name_valid(const char *name)
{
	size_t n = strlen(name);
	if (n < 3 || n > 63 || name[0] == '-' || name[n - 1] == '-')
		return 0;
	for (size_t i = 0; i < n; i++) {
		char c = name[i];
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
			return 0;
	}
	return 1;
}

/* The Host header without its port, lower-cased, into out. */
static void
host_name(const char *host, char *out, size_t outsz)
{
	size_t n = 0;
	if (host[0] == '[') { /* [v6]:port */
		const char *end = strchr(host, ']');
		size_t len = end ? (size_t)(end - host - 1) : strlen(host + 1);
		host++;
		n = len;
	} else {
		const char *colon = strrchr(host, ':');
		n = colon ? (size_t)(colon - host) : strlen(host);
	}
	if (n >= outsz)
		n = outsz - 1;
	for (size_t i = 0; i < n; i++)
		out[i] = (char)tolower((unsigned char)host[i]);
	out[n] = '\0';
}

static int
is_ip(const char *h)
{
	unsigned char buf[16];
	return inet_pton(AF_INET, h, buf) == 1 || inet_pton(AF_INET6, h, buf) == 1;
}

static enum emu_err
bucket_op(struct emu_request *r)
{
	if (!emu_bucket_name_valid(r->bucket))
		return EMU_ERR_INVALID_BUCKET_NAME;
	if (!emu_request_query(r, "encryption"))
		return EMU_ERR_NOT_IMPLEMENTED;
	if (strcmp(r->method, "GET") == 0)
		r->op = EMU_OP_GET_ENCRYPTION;
	else if (strcmp(r->method, "PUT") == 0)
		r->op = EMU_OP_PUT_ENCRYPTION;
	else if (strcmp(r->method, "DELETE") == 0)
		r->op = EMU_OP_DELETE_ENCRYPTION;
	else
		return EMU_ERR_METHOD_NOT_ALLOWED;
	return EMU_OK;
}

enum emu_err
emu_request_route(struct emu_request *r, const char *const *endpoint_hosts, size_t n,
		  int allow_path_style)
{
	char host[256];
	const char *hdr = emu_request_header(r, "Host");
	host_name(hdr ? hdr : "", host, sizeof host);

	int service = host[0] == '\0' || host[0] == '.' || is_ip(host) || !strchr(host, '.');
	for (size_t i = 0; !service && i < n; i++)
		service = strcmp(host, endpoint_hosts[i]) == 0;

	if (!service) {
		r->style = EMU_STYLE_VIRTUAL;
		r->bucket = strndup(host, (size_t)(strchr(host, '.') - host));
		if (!r->bucket)
			return EMU_ERR_INTERNAL;
		if (strcmp(r->path, "/") != 0)
			return EMU_ERR_NOT_IMPLEMENTED; /* an object operation */
		return bucket_op(r);
	}

	if (strcmp(r->path, "/") == 0) {
		r->style = EMU_STYLE_SERVICE;
		if (strcmp(r->method, "GET") != 0)
			return EMU_ERR_METHOD_NOT_ALLOWED;
		if (emu_request_query(r, "regionList"))
			return EMU_ERR_NOT_IMPLEMENTED;
		if (emu_request_query(r, "encryption"))
			return EMU_ERR_INVALID_BUCKET_NAME; /* a bucket call without a bucket (e.g. a CNAME) */
		r->op = EMU_OP_LIST_BUCKETS;
		return EMU_OK;
	}

	/* /BUCKET or /BUCKET/ */
	const char *name = r->path + 1;
	const char *slash = strchr(name, '/');
	if (slash && slash[1] != '\0')
		return EMU_ERR_NOT_IMPLEMENTED; /* /BUCKET/KEY: an object operation */
	r->style = EMU_STYLE_PATH;
	r->bucket = strndup(name, slash ? (size_t)(slash - name) : strlen(name));
	if (!r->bucket)
		return EMU_ERR_INTERNAL;
	if (!allow_path_style)
		return EMU_ERR_PATH_STYLE;
	return bucket_op(r);
}

void
emu_kvs_free(struct emu_kv *kv, size_t n)
{
	free_kvs(kv, n);
}

static char *
trimmed_dup(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	return strndup(s, n);
}

static int
kv_by_name(const void *a, const void *b)
{
	const struct emu_kv *x = a, *y = b;
	return strcmp(x->name, y->name);
}

int
emu_request_collect_headers(const struct emu_request *r, int (*want)(const char *lname, void *arg),
			    void *arg, struct emu_kv **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	struct emu_kv *kv = calloc(r->nheaders + 1, sizeof *kv);
	if (!kv)
		return -1;
	size_t k = 0;
	for (size_t i = 0; i < r->nheaders; i++) {
		char *lname = strdup(r->headers[i].name);
		if (!lname)
			goto oom;
		for (char *p = lname; *p; p++)
			*p = (char)tolower((unsigned char)*p);
		if (!want(lname, arg)) {
			free(lname);
			continue;
		}
		char *value = trimmed_dup(r->headers[i].value);
		if (!value) {
			free(lname);
			goto oom;
		}
		/* merge a repeated header into its first occurrence */
		size_t j;
		for (j = 0; j < k && strcmp(kv[j].name, lname) != 0; j++)
			;
		if (j < k) {
			size_t a = strlen(kv[j].value), b = strlen(value);
			char *joined = malloc(a + b + 2);
			if (!joined) {
				free(lname);
				free(value);
				goto oom;
			}
			memcpy(joined, kv[j].value, a);
			joined[a] = ',';
			memcpy(joined + a + 1, value, b + 1);
			free(kv[j].value);
			kv[j].value = joined;
			free(lname);
			free(value);
			continue;
		}
		kv[k].name = lname;
		kv[k].value = value;
		kv[k].has_value = 1;
		k++;
	}
	qsort(kv, k, sizeof *kv, kv_by_name);
	*out = kv;
	*n = k;
	return 0;
oom:
	free_kvs(kv, k);
	return -1;
}
