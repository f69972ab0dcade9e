/* account.h — where and as whom requests go: endpoint, region, signing, credentials, transport. */
#ifndef SSE_OSS_ACCOUNT_H
#define SSE_OSS_ACCOUNT_H

#include <stdbool.h>
#include <stddef.h>

#include "core/status.h"

enum oss_addressing { OSS_ADDR_VIRTUAL, OSS_ADDR_PATH };

/* Secrets live in memory that is excluded from core dumps and zeroed on cleanup.
 * There is deliberately no function that formats or prints a credential. */
struct oss_credentials {
    char *access_key_id;     /* NULL when unset */
    char *access_key_secret; /* NULL when unset */
    char *security_token;    /* NULL unless STS */
};

/* One secret string in memory of its own: excluded from core dumps, zeroed when freed. Every
 * secret sseadm holds (keys, tokens, a credentials file's text) lives in such memory. */
/* A zeroed buffer of size bytes (room for size - 1 characters and a NUL); NULL when out of
 * memory. */
char *oss_secret_alloc(size_t size);
/* A copy of s (NULL for NULL); NULL when out of memory. */
char *oss_secret_dup(const char *s);
/* A copy of the n bytes at s, NUL-terminated. */
char *oss_secret_dupn(const char *s, size_t n);
/* The size given to oss_secret_alloc (strlen + 1 for a dup), for a caller that fills it. */
size_t oss_secret_size(const char *s);
/* Zeroes and frees; NULL is a no-op. */
void oss_secret_free(char *s);
/* How many secrets are allocated and not yet freed (for tests: mmap'ed memory is invisible to
 * leak checkers). */
long oss_secret_live(void);

/* Copies the three strings (token may be NULL) into protected memory; replaces what was there. */
enum sse_status oss_credentials_set(struct oss_credentials *c, const char *id, const char *secret,
                                    const char *token);
bool oss_credentials_present(const struct oss_credentials *c);
/* Zeroes and frees. Safe on a zeroed struct. */
void oss_credentials_cleanup(struct oss_credentials *c);

#define OSS_ENDPOINT_MAX 256
#define OSS_REGION_MAX 64
#define OSS_NAME_MAX 64

/* One account at one endpoint, as a profile describes it. */
struct oss_account {
    char profile[OSS_NAME_MAX];          /* the profile's name, for messages and output */
    char endpoint[OSS_ENDPOINT_MAX];     /* "https://oss-cn-hangzhou.aliyuncs.com", "http://127.0.0.1:9000" */
    char region[OSS_REGION_MAX];         /* "cn-hangzhou" (V4 scope) */
    int signature_version;               /* 1 or 4 */
    enum oss_addressing addressing;
    bool insecure_tls;                   /* only from an explicit insecure_tls = true */
    struct oss_credentials creds;
};

/* How requests travel; shared by every profile. */
struct oss_transport {
    long timeout_s;          /* whole request */
    long connect_timeout_s;
    int retries;             /* extra attempts after the first */
    int concurrency;         /* transfers in flight at once */
    char ca_file[512];       /* "" = system store */
    char proxy[512];         /* "" = libcurl's default (environment) */
};

#endif
