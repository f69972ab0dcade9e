/* credentials.c — secrets and credentials kept out of core dumps and wiped when released. */
#include "oss/account.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

static atomic_long live;

/* Each secret gets its own page-rounded mapping so MADV_DONTDUMP covers exactly it; the mapping
 * starts with its length and the size asked for. */
struct secret_head {
    size_t len;  /* of the whole mapping */
    size_t size; /* usable bytes */
};

char *
oss_secret_alloc(size_t size)
{
    if (size == 0 || size > ((size_t)1 << 30))
        return NULL;
    size_t len = size + sizeof(struct secret_head);
    void *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        return NULL;
#ifdef MADV_DONTDUMP
    madvise(p, len, MADV_DONTDUMP);
#endif
    struct secret_head head = {len, size};
    memcpy(p, &head, sizeof head);
    atomic_fetch_add(&live, 1);
    return (char *)p + sizeof head; /* anonymous memory comes zeroed */
}

char *
oss_secret_dupn(const char *s, size_t n)
{
    char *str = s ? oss_secret_alloc(n + 1) : NULL;
    if (str)
        memcpy(str, s, n);
    return str;
}

char *
oss_secret_dup(const char *s)
{
    return s ? oss_secret_dupn(s, strlen(s)) : NULL;
}

size_t
oss_secret_size(const char *s)
{
    if (!s)
        return 0;
    struct secret_head head;
    memcpy(&head, s - sizeof head, sizeof head);
    return head.size;
}

void
oss_secret_free(char *s)
{
    if (!s)
        return;
    void *base = s - sizeof(struct secret_head);
    struct secret_head head;
    memcpy(&head, base, sizeof head);
    explicit_bzero(base, head.len);
    munmap(base, head.len);
    atomic_fetch_sub(&live, 1);
}

long
oss_secret_live(void)
{
    return atomic_load(&live);
}

enum sse_status
oss_credentials_set(struct oss_credentials *c, const char *id, const char *secret, const char *token)
{
    struct oss_credentials fresh = {
        .access_key_id = oss_secret_dup(id),
        .access_key_secret = oss_secret_dup(secret),
        .security_token = token && *token ? oss_secret_dup(token) : NULL,
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
    oss_secret_free(c->access_key_id);
    oss_secret_free(c->access_key_secret);
    oss_secret_free(c->security_token);
    c->access_key_id = c->access_key_secret = c->security_token = NULL;
}
