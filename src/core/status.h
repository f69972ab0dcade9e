/* status.h — status codes (one X-macro table) and the error record every layer fills in. */
#ifndef SSE_CORE_STATUS_H
#define SSE_CORE_STATUS_H

#include <stddef.h>

/* X(name, kind, message) — kind is the short code shown where OSS gave none (CLI, JSON, TUI). */
#define SSE_STATUS_TABLE(X)                                                             \
    X(SSE_OK, "OK", "ok")                                                               \
    X(SSE_ERR_NOMEM, "OutOfMemory", "out of memory")                                    \
    X(SSE_ERR_USAGE, "Usage", "invalid usage")                                          \
    X(SSE_ERR_INVALID, "InvalidInput", "invalid input")                                 \
    X(SSE_ERR_CONFIG, "ConfigError", "configuration error")                             \
    X(SSE_ERR_CREDENTIALS, "NoCredentials", "no credentials")                           \
    X(SSE_ERR_READONLY, "ReadOnly", "profile is read-only")                             \
    X(SSE_ERR_IO, "IOError", "I/O error")                                               \
    X(SSE_ERR_CRYPTO, "CryptoError", "cryptography error")                              \
    X(SSE_ERR_XML, "MalformedResponse", "malformed XML")                                \
    X(SSE_ERR_TOOBIG, "ResponseTooLarge", "response too large")                         \
    X(SSE_ERR_NETWORK, "NetworkError", "network error")                                 \
    X(SSE_ERR_TIMEOUT, "Timeout", "timed out")                                          \
    X(SSE_ERR_TLS, "TLSError", "TLS error")                                             \
    X(SSE_ERR_SERVICE, "ServiceError", "OSS returned an error")                         \
    X(SSE_ERR_PROTOCOL, "BadResponse", "unexpected response")                           \
    X(SSE_ERR_MISMATCH, "ReadBackMismatch", "read-back differs from the rule written")  \
    X(SSE_ERR_CANCELLED, "Cancelled", "cancelled")                                      \
    X(SSE_ERR_CHANGED, "ChangedSinceSeen", "changed since you looked")

enum sse_status {
#define SSE_STATUS_ENUM(name, kind, msg) name,
    SSE_STATUS_TABLE(SSE_STATUS_ENUM)
#undef SSE_STATUS_ENUM
    SSE_STATUS_COUNT
};

/* Details of a failure. Fixed-size fields keep it one allocation and safe to copy across threads.
 * Text in it is raw (may come from a server): sanitize before showing. */
struct sse_error {
    enum sse_status status;
    int http_status;        /* 0 when no HTTP response was received */
    char code[64];          /* OSS <Code>, e.g. "NoSuchBucket"; "" when none */
    char message[768];      /* human-readable detail */
    char request_id[64];    /* x-oss-request-id or <RequestId> */
    char ec[32];            /* OSS <EC> */
    char endpoint[128];     /* OSS <Endpoint>: where the bucket must be addressed (the
                             * wrong-endpoint refusal); "" when none */
};

/* "SSE_ERR_TIMEOUT" */
const char *sse_status_name(enum sse_status st);
/* "timed out" */
const char *sse_status_message(enum sse_status st);
/* "Timeout" */
const char *sse_status_kind(enum sse_status st);
/* OSS's Code when there is one, else the status kind ("Timeout"). Borrowed. */
const char *sse_error_code(const struct sse_error *err);

void sse_error_clear(struct sse_error *err);
/* Sets status and a printf-formatted message; returns st so callers can `return sse_error_set(...)`.
 * err may be NULL. Leaves code/request_id/ec untouched. */
enum sse_status sse_error_set(struct sse_error *err, enum sse_status st, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Puts a printf-formatted prefix before err's message ("AssumeRole R at E: " + message), cutting
 * the end when it does not fit. */
void sse_error_prefix(struct sse_error *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* One line: "CODE: message (HTTP 404, request id X, EC Y)"; CODE is OSS's or the status kind.
 * Writes into buf (always NUL-terminated); returns buf. */
char *sse_error_format(const struct sse_error *err, char *buf, size_t size);

/* Copies src into a fixed field, truncating; always NUL-terminates. Returns 0 if it fit, -1 if cut. */
int sse_strlcpy(char *dst, const char *src, size_t size);

#endif
