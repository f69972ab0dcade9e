/* emu_v1.c — OSS signature V1 as the server computes it (doc: "在Header中包含签名", oss-api.md §2.1). */
#include "emu_v1.h"

#include <stdlib.h>
#include <string.h>

#include "emu_codec.h"

/* Sub-resources that take part in the V1 CanonicalizedResource (the documented list and the SDKs'). */
static const char *const subresources[] = {
	"acl", "append", "asyncFetch", "bucketInfo", "callback", "callback-var", "cname", "comp",
	"continuation-token", "cors", "delete", "encryption", "endTime", "img", "inventory",
	"inventoryId", "lifecycle", "live", "location", "logging", "objectMeta", "partNumber",
	"policy", "position", "qos", "qosInfo", "referer", "regionList", "replication",
	"replicationLocation", "replicationProgress", "requestPayment", "resourceGroup",
	"response-cache-control", "response-content-disposition", "response-content-encoding",
	"response-content-language", "response-content-type", "response-expires", "restore",
	"security-token", "sequential", "startTime", "stat", "status", "style", "styleName",
	"symlink", "tagging", "transferAcceleration", "uploadId", "uploads", "versionId",
	"versioning", "versions", "vod", "website", "worm", "wormExtend", "wormId",
	"x-oss-process", "x-oss-traffic-limit",
};

int
emu_v1_is_subresource(const char *name)
{
	for (size_t i = 0; i < sizeof subresources / sizeof subresources[0]; i++)
		if (strcmp(name, subresources[i]) == 0)
			return 1;
	return 0;
}

const char *
emu_v1_date(const struct emu_request *r)
{
	const char *d = emu_request_header(r, "x-oss-date");
	return d ? d : emu_request_header(r, "Date");
}

static int
want_oss(const char *lname, void *arg)
{
	(void)arg;
	return strncmp(lname, "x-oss-", 6) == 0;
}

static int
by_name(const void *a, const void *b)
{
	const struct emu_kv *const *x = a, *const *y = b;
	return strcmp((*x)->name, (*y)->name);
}

char *
emu_v1_string_to_sign(const struct emu_request *r, const char *bucket)
{
	const char *md5 = emu_request_header(r, "Content-MD5");
	const char *type = emu_request_header(r, "Content-Type");
	const char *date = emu_v1_date(r);
	struct emu_buf b;
	emu_buf_init(&b, 256 * 1024);
	emu_buf_printf(&b, "%s\n%s\n%s\n%s\n", r->method, md5 ? md5 : "", type ? type : "",
		       date ? date : "");

	struct emu_kv *hdrs;
	size_t nh;
	if (emu_request_collect_headers(r, want_oss, NULL, &hdrs, &nh) < 0) {
		emu_buf_cleanup(&b);
		return NULL;
	}
	for (size_t i = 0; i < nh; i++)
		emu_buf_printf(&b, "%s:%s\n", hdrs[i].name, hdrs[i].value);
	emu_kvs_free(hdrs, nh);

	emu_buf_puts(&b, "/");
	if (bucket)
		emu_buf_printf(&b, "%s/", bucket);

	const struct emu_kv **sub = calloc(r->nquery + 1, sizeof *sub);
	if (!sub) {
		emu_buf_cleanup(&b);
		return NULL;
	}
	size_t ns = 0;
	for (size_t i = 0; i < r->nquery; i++)
		if (emu_v1_is_subresource(r->query[i].name))
			sub[ns++] = &r->query[i];
	qsort(sub, ns, sizeof *sub, by_name);
	for (size_t i = 0; i < ns; i++) {
		emu_buf_putc(&b, i == 0 ? '?' : '&');
		emu_buf_puts(&b, sub[i]->name);
		if (sub[i]->value[0])
			emu_buf_printf(&b, "=%s", sub[i]->value);
	}
	free(sub);
	if (b.failed) {
		emu_buf_cleanup(&b);
		return NULL;
	}
	return emu_buf_take(&b, NULL);
}

int
emu_v1_signature(const char *secret, const char *string_to_sign, char out[32])
{
	unsigned char mac[20];
	if (emu_hmac_sha1(secret, strlen(secret), string_to_sign, strlen(string_to_sign), mac) < 0)
		return -1;
	emu_base64(mac, sizeof mac, out);
	return 0;
}
