/* sign_util.h — text helpers shared by the V1 and V4 signers: ASCII-only case folding, trimming,
 * canonical header lines, access key ID checks. ASCII-only on purpose: what is signed must not
 * depend on the user's locale (main() sets one for ncursesw). request.c compares header names
 * with the same function, so the header it finds or replaces is the one the signers sign.
 * Internal to src/oss. */
#ifndef SSE_OSS_SIGN_UTIL_H
#define SSE_OSS_SIGN_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "core/status.h"
#include "core/strbuf.h"
#include "oss/request.h"

/* 'A'-'Z' → 'a'-'z'; every other value unchanged. */
int sign_ascii_lower(int c);
/* strcmp of the ASCII-lowercased strings: < 0, 0 or > 0. */
int sign_ascii_casecmp(const char *a, const char *b);
/* Whether s starts with prefix, ignoring ASCII case. */
bool sign_ascii_has_prefix(const char *s, const char *prefix);
/* Whether s (NUL-terminated) equals the n bytes at t, ignoring ASCII case. */
bool sign_ascii_equal_n(const char *s, const char *t, size_t n);

/* Appends s with ASCII letters lowercased. */
enum sse_status sign_put_lower(struct strbuf *out, const char *s);
/* Appends s without its leading and trailing spaces and tabs. */
enum sse_status sign_put_trimmed(struct strbuf *out, const char *s);
/* Appends the headers of r that keep(name, arg) accepts, sorted by lowercased name (equal names
 * keep their order), each as "name:value\n": name lowercased, value trimmed. */
enum sse_status sign_put_headers(const struct oss_request *r,
                                 bool (*keep)(const char *name, const void *arg), const void *arg,
                                 struct strbuf *out);

/* t as UTC into *tm; false when that fails or the year is not 0000-9999 (both signers' date
 * formats have a 4-digit year, and a request carries both). */
bool sign_utc(time_t t, struct tm *tm);

/* Whether an access key ID can go verbatim into an Authorization header or query: visible ASCII
 * only (no space or control byte) and none of the bytes in forbidden, which would change how the
 * server splits the field. */
bool sign_key_id_sendable(const char *id, const char *forbidden);

#endif
