/* test_config_envsecret.c — the environment's secret variables: taken into protected memory, their
 * bytes in the environment overwritten (every entry of the name), the names removed, nothing else
 * touched. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "config/envsecret.h"
#include "oss/account.h"

extern char **environ;

static bool
all_zero(const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i])
            return false;
    return true;
}

static void
test_take(void)
{
    /* An environment as execve can hand one over: a name twice, neighbours that only look alike. */
    char *entries[] = {
        strdup("HOME=/home/u"),
        strdup("OSS_ACCESS_KEY_SECRET=first-secret"),
        strdup("OSS_ACCESS_KEY_SECRET_X=not-it"),
        strdup("OSS_SESSION_TOKEN=tok-1"),
        strdup("ALIBABA_CLOUD_ACCESS_KEY_SECRET=ali-secret"),
        strdup("OSS_ACCESS_KEY_SECRET=second-secret"),
        strdup("ALIBABA_CLOUD_SECURITY_TOKEN="),
        strdup("OSS_ACCESS_KEY_ID=LTAI5tId"),
    };
    size_t n = sizeof entries / sizeof entries[0];
    char *copy[sizeof entries / sizeof entries[0]];
    char **env = calloc(n + 1, sizeof *env);
    for (size_t i = 0; i < n; i++)
        env[i] = copy[i] = entries[i];
    char **saved = environ;
    environ = env;

    struct envsecret s;
    long live = oss_secret_live();
    CHECK_INT(envsecret_take(&s), SSE_OK);
    CHECK_STR(s.oss_access_key_secret, "first-secret");
    CHECK_STR(s.oss_session_token, "tok-1");
    CHECK_STR(s.access_key_secret, "ali-secret");
    CHECK(s.security_token == NULL); /* empty is unset */
    CHECK_INT(oss_secret_live(), live + 3);
    /* The values' bytes are gone from the environment's memory, both copies of the doubled one. */
    CHECK(all_zero(copy[1] + strlen("OSS_ACCESS_KEY_SECRET="), strlen("first-secret")));
    CHECK(all_zero(copy[5] + strlen("OSS_ACCESS_KEY_SECRET="), strlen("second-secret")));
    CHECK(all_zero(copy[3] + strlen("OSS_SESSION_TOKEN="), strlen("tok-1")));
    CHECK(all_zero(copy[4] + strlen("ALIBABA_CLOUD_ACCESS_KEY_SECRET="), strlen("ali-secret")));
    /* The names are gone; everything else is as it was. */
    CHECK(getenv("OSS_ACCESS_KEY_SECRET") == NULL);
    CHECK(getenv("OSS_SESSION_TOKEN") == NULL);
    CHECK(getenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET") == NULL);
    CHECK(getenv("ALIBABA_CLOUD_SECURITY_TOKEN") == NULL);
    CHECK_STR(getenv("OSS_ACCESS_KEY_SECRET_X"), "not-it");
    CHECK_STR(getenv("OSS_ACCESS_KEY_ID"), "LTAI5tId");
    CHECK_STR(getenv("HOME"), "/home/u");

    envsecret_cleanup(&s);
    CHECK(s.oss_access_key_secret == NULL && s.oss_session_token == NULL);
    CHECK_INT(oss_secret_live(), live);
    envsecret_cleanup(&s); /* twice is harmless */

    environ = saved;
    free(env);
    for (size_t i = 0; i < n; i++)
        free(copy[i]);
}

static void
test_nothing_set(void)
{
    unsetenv("OSS_ACCESS_KEY_SECRET");
    unsetenv("OSS_SESSION_TOKEN");
    unsetenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET");
    unsetenv("ALIBABA_CLOUD_SECURITY_TOKEN");
    struct envsecret s;
    CHECK_INT(envsecret_take(&s), SSE_OK);
    CHECK(!s.oss_access_key_secret && !s.oss_session_token && !s.access_key_secret &&
          !s.security_token);
    envsecret_cleanup(&s);
}

int
main(void)
{
    test_take();
    test_nothing_set();
    CHECK_INT(oss_secret_live(), 0);
    return check_done("config_envsecret");
}
