/* envsecret.h — the environment's secret variables moved into protected memory (oss_secret_*: left
 * out of core dumps, wiped when freed) and overwritten where the environment held them, so that
 * neither a core dump, /proc/PID/environ nor a child process has them. */
#ifndef SSE_CONFIG_ENVSECRET_H
#define SSE_CONFIG_ENVSECRET_H

#include "core/status.h"

/* Each value taken, or NULL when the variable was unset or empty. */
struct envsecret {
    char *oss_access_key_secret; /* OSS_ACCESS_KEY_SECRET */
    char *oss_session_token;     /* OSS_SESSION_TOKEN */
    char *access_key_secret;     /* ALIBABA_CLOUD_ACCESS_KEY_SECRET */
    char *security_token;        /* ALIBABA_CLOUD_SECURITY_TOKEN */
};

/* Takes the four variables out of the environment: copies the value getenv would give, then
 * overwrites the value of every entry of that name with zeros and removes the name. Call once,
 * early in main and before any thread starts (it changes the environment). SSE_ERR_NOMEM (s is
 * then empty; the environment may be wiped already). */
enum sse_status envsecret_take(struct envsecret *s);
/* Wipes and frees the values; zeroes s. Safe on a zeroed struct. */
void envsecret_cleanup(struct envsecret *s);

#endif
