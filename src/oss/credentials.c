/* credentials.c — credentials kept out of core dumps and wiped when released. */
#include "oss/account.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

/* Each secret gets its own page-rounded mapping so MADV_DONTDUMP covers exactly it. */
static char *
secret_dup(const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s) + 1;
    size_t len = n + sizeof(size_t);
    void *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        return NULL;
#ifdef MADV_DONTDUMP
    madvise(p, len, MADV_DONTDUMP);
#endif
    memcpy(p, &len, sizeof len);
    char *str = (char *)p + sizeof(size_t);
    memcpy(str, s, n);
    return str;
}

static void
secret_free(char *s)
{
    if (!s)
        return;
    void *base = s - sizeof(size_t);
    size_t len;
    memcpy(&len, base, sizeof len);
    explicit_bzero(base, len);
    munmap(base, len);
}

enum sse_status
oss_credentials_set(struct oss_credentials *c, const char *id, const char *secret, const char *token)
{
    struct oss_credentials fresh = {
        .access_key_id = secret_dup(id),
        .access_key_secret = secret_dup(secret),
        .security_token = token && *token ? secret_dup(token) : NULL,
    };
    if ((id && !fresh.access_key_id) || (secret && !fresh.access_key_secret) ||
        (token && *token && !fresh.security_token)) {
        oss_credentials_cleanup(&fresh);
        return SSE_ERR_NOMEM;
    }
    oss_credentials_cleanup(c);
    *c = fresh;
    return SSE_OK;
}

bool
oss_credentials_present(const struct oss_credentials *c)
{
    return c->access_key_id && *c->access_key_id && c->access_key_secret && *c->access_key_secret;
}

void
oss_credentials_cleanup(struct oss_credentials *c)
{
    secret_free(c->access_key_id);
    secret_free(c->access_key_secret);
    secret_free(c->security_token);
    c->access_key_id = c->access_key_secret = c->security_token = NULL;
}
