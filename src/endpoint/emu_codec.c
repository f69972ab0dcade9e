/* emu_codec.c — encodings and digests for the verifiers (OpenSSL libcrypto underneath). */
#include "emu_codec.h"

#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

size_t
emu_base64(const unsigned char *in, size_t n, char *out)
{
	return (size_t)EVP_EncodeBlock((unsigned char *)out, in, (int)n);
}

void
emu_hex(const unsigned char *in, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = digits[in[i] >> 4];
		out[2 * i + 1] = digits[in[i] & 15];
	}
	out[2 * n] = '\0';
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int
emu_pct_decode(const char *in, size_t n, struct emu_buf *out)
{
	for (size_t i = 0; i < n; i++) {
		char c = in[i];
		if (c == '%') {
			if (i + 2 >= n)
				return -1;
			int hi = hexval(in[i + 1]), lo = hexval(in[i + 2]);
			if (hi < 0 || lo < 0)
				return -1;
			c = (char)(hi * 16 + lo);
			i += 2;
		}
		if (emu_buf_putc(out, c) < 0)
			return -1;
	}
	return 0;
}

int
emu_uri_encode(struct emu_buf *out, const char *s, size_t n, int keep_slash)
{
	static const char digits[] = "0123456789ABCDEF";
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		int keep = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
			   c == '-' || c == '.' || c == '_' || c == '~' || (keep_slash && c == '/');
		int r;
		if (keep) {
			r = emu_buf_putc(out, (char)c);
		} else {
			char esc[3] = { '%', digits[c >> 4], digits[c & 15] };
			r = emu_buf_add(out, esc, 3);
		}
		if (r < 0)
			return -1;
	}
	return 0;
}

static int
digest(const EVP_MD *md, const void *data, size_t n, unsigned char *out)
{
	unsigned int len = 0;
	return EVP_Digest(data, n, out, &len, md, NULL) == 1 ? 0 : -1;
}

int
emu_md5(const void *data, size_t n, unsigned char out[16])
{
	return digest(EVP_md5(), data, n, out);
}

int
emu_sha256(const void *data, size_t n, unsigned char out[32])
{
	return digest(EVP_sha256(), data, n, out);
}

int
emu_hmac_sha1(const void *key, size_t klen, const void *data, size_t n, unsigned char out[20])
{
	unsigned int len = 0;
	return HMAC(EVP_sha1(), key, (int)klen, data, n, out, &len) ? 0 : -1;
}

int
emu_hmac_sha256(const void *key, size_t klen, const void *data, size_t n, unsigned char out[32])
{
	unsigned int len = 0;
	return HMAC(EVP_sha256(), key, (int)klen, data, n, out, &len) ? 0 : -1;
}

int
emu_secure_streq(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la != lb)
		return 0;
	return CRYPTO_memcmp(a, b, la) == 0;
}
