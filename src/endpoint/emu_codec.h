/* emu_codec.h — encodings and digests for the verifiers: base64, hex, percent-coding, MD5/SHA-256/HMAC. */
#ifndef EMU_CODEC_H
#define EMU_CODEC_H

#include <stddef.h>

#include "emu_buf.h"

/* Base64 of n bytes into out (needs 4*((n+2)/3)+1 bytes); returns the length written. */
size_t emu_base64(const unsigned char *in, size_t n, char *out);
/* Lower-case hex of n bytes into out (needs 2n+1 bytes). */
void emu_hex(const unsigned char *in, size_t n, char *out);
/* Percent-decodes n bytes of a URI component into out; '+' is kept literal. -1 on a bad escape. */
int emu_pct_decode(const char *in, size_t n, struct emu_buf *out);
/* RFC 3986 encoding: A-Z a-z 0-9 - . _ ~ kept, '/' kept when keep_slash, the rest %XX (upper hex). */
int emu_uri_encode(struct emu_buf *out, const char *s, size_t n, int keep_slash);

/* Digests; return 0, or -1 when OpenSSL fails. */
int emu_md5(const void *data, size_t n, unsigned char out[16]);
int emu_sha256(const void *data, size_t n, unsigned char out[32]);
int emu_hmac_sha1(const void *key, size_t klen, const void *data, size_t n, unsigned char out[20]);
int emu_hmac_sha256(const void *key, size_t klen, const void *data, size_t n, unsigned char out[32]);

/* Constant-time equality of two C strings (the lengths may leak, the contents do not). */
int emu_secure_streq(const char *a, const char *b);

#endif
