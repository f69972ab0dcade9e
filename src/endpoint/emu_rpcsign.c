/* emu_rpcsign.c — RPC signature V1.0 (https://www.alibabacloud.com/help/doc-detail/163279.htm), written apart from the client's signer. */
#include "emu_rpcsign.h"

#include <stdlib.h>
#include <string.h>

#include "emu_buf.h"
#include "emu_codec.h"

static int
by_name(const void *a, const void *b)
{
	const struct emu_rpc_kv *x = *(const struct emu_rpc_kv *const *)a;
	const struct emu_rpc_kv *y = *(const struct emu_rpc_kv *const *)b;
	return strcmp(x->name, y->name);
}

static void
encode(struct emu_buf *b, const char *s)
{
	emu_uri_encode(b, s, strlen(s), 0);
}

char *
emu_rpc_canonical(const struct emu_rpc_kv *kv, size_t n)
{
	const struct emu_rpc_kv **sorted = calloc(n ? n : 1, sizeof *sorted);
	if (!sorted)
		return NULL;
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (strcmp(kv[i].name, "Signature") != 0)
			sorted[k++] = &kv[i];
	qsort(sorted, k, sizeof *sorted, by_name);
	struct emu_buf b;
	emu_buf_init(&b, 1024 * 1024);
	for (size_t i = 0; i < k; i++) {
		if (i)
			emu_buf_putc(&b, '&');
		encode(&b, sorted[i]->name);
		emu_buf_putc(&b, '=');
		encode(&b, sorted[i]->value);
	}
	free(sorted);
	if (b.failed) {
		emu_buf_cleanup(&b);
		return NULL;
	}
	return emu_buf_take(&b, NULL);
}

char *
emu_rpc_string_to_sign(const char *method, const struct emu_rpc_kv *kv, size_t n)
{
	char *canonical = emu_rpc_canonical(kv, n);
	if (!canonical)
		return NULL;
	struct emu_buf b;
	emu_buf_init(&b, 3 * 1024 * 1024);
	emu_buf_puts(&b, method);
	emu_buf_puts(&b, "&%2F&");
	encode(&b, canonical);
	free(canonical);
	if (b.failed) {
		emu_buf_cleanup(&b);
		return NULL;
	}
	return emu_buf_take(&b, NULL);
}

int
emu_rpc_sign(const char *secret, const char *string_to_sign, char out[EMU_RPC_SIG_LEN])
{
	size_t n = strlen(secret);
	char *key = malloc(n + 2);
	if (!key)
		return -1;
	memcpy(key, secret, n);
	key[n] = '&';
	key[n + 1] = '\0';
	unsigned char mac[20];
	int rc = emu_hmac_sha1(key, n + 1, string_to_sign, strlen(string_to_sign), mac);
	memset(key, 0, n + 1);
	free(key);
	if (rc < 0)
		return -1;
	emu_base64(mac, sizeof mac, out);
	return 0;
}
