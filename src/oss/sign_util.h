/* sign_util.h — text helpers shared by the V1 and V4 signers: ASCII-only case folding, trimming,
 * canonical header lines, access key ID checks. Case folding is core/ascii's (never the
 * locale's); request.c compares header names with the same functions, so the header it finds or
 * replaces is the one the signers sign.
 * Internal to src/oss. */
#ifndef SSE_OSS_SIGN_UTIL_H
#define SSE_OSS_SIGN_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "core/ascii.h"
#include "core/status.h"
#include "core/strbuf.h"
#include "oss/request.h"

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
