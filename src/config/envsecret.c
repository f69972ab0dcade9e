/* envsecret.c — secret environment variables taken into protected memory and wiped where the
 * environment kept them (for the first environment, the process's own stack). */
#include "config/envsecret.h"

#include <stdlib.h>
#include <string.h>

#include "oss/account.h"

extern char **environ;

/* Takes name's value into *out (NULL when unset or empty) and zeroes the value of every entry of
 * that name (execve allows duplicates; getenv gives the first), then removes the name. */
static enum sse_status
take(const char *name, char **out)
{
    size_t n = strlen(name);
    const char *first = NULL;
    for (char **e = environ; e && *e && !first; e++)
        if (strncmp(*e, name, n) == 0 && (*e)[n] == '=')
            first = *e + n + 1;
    *out = NULL;
    if (first && *first && !(*out = oss_secret_dup(first)))
        return SSE_ERR_NOMEM;
    for (char **e = environ; e && *e; e++)
        if (strncmp(*e, name, n) == 0 && (*e)[n] == '=')
            explicit_bzero(*e + n + 1, strlen(*e + n + 1));
    unsetenv(name);
    return SSE_OK;
}

enum sse_status
envsecret_take(struct envsecret *s)
{
    memset(s, 0, sizeof *s);
    enum sse_status st = take("OSS_ACCESS_KEY_SECRET", &s->oss_access_key_secret);
    if (st == SSE_OK)
        st = take("OSS_SESSION_TOKEN", &s->oss_session_token);
    if (st == SSE_OK)
        st = take("ALIBABA_CLOUD_ACCESS_KEY_SECRET", &s->access_key_secret);
    if (st == SSE_OK)
        st = take("ALIBABA_CLOUD_SECURITY_TOKEN", &s->security_token);
    if (st != SSE_OK)
        envsecret_cleanup(s);
    return st;
}

void
envsecret_cleanup(struct envsecret *s)
{
    oss_secret_free(s->oss_access_key_secret);
    oss_secret_free(s->oss_session_token);
    oss_secret_free(s->access_key_secret);
    oss_secret_free(s->security_token);
    memset(s, 0, sizeof *s);
}
