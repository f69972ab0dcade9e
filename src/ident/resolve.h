/* resolve.h — the credential chain as a pure function of its inputs: the environment (passed in),
 * the aliyun CLI configuration and the credentials file (their text, or "absent", or why they
 * could not be read), and the sseadm profile's keys; out comes a plan (ident/plan.h) the worker
 * executes, with a description that never holds a secret. No I/O: reader.h reads the files. */
#ifndef SSE_IDENT_RESOLVE_H
#define SSE_IDENT_RESOLVE_H

#include <stddef.h>

#include "config/config.h"
#include "core/status.h"
#include "ident/aliyun.h"
#include "ident/credfile.h"
#include "ident/plan.h"
#include "ident/reader.h"

/* The files of the chain: $ALIBABA_CLOUD_CONFIG_FILE, else $HOME/.aliyun/config.json; and
 * $ALIBABA_CLOUD_CREDENTIALS_FILE, else $HOME/.alibabacloud/credentials. buf gets "" when there is
 * neither (no HOME): the file is then absent. SSE_ERR_INVALID when the path does not fit. */
enum sse_status ident_aliyun_config_path(const struct ident_env *env, char *buf, size_t size);
enum sse_status ident_credentials_path(const struct ident_env *env, char *buf, size_t size);

/* Everything a plan is made from, read and parsed once for all profiles. */
struct ident_context {
    const struct sse_config *cfg;   /* borrowed; NULL: only the default chain is planned */
    const struct ident_env *env;    /* borrowed */
    enum ident_file_state cli_state; /* TEXT: parsed into cli; ERROR: cli_error says why */
    struct ident_cli_config cli;
    struct sse_error cli_error;
    enum ident_file_state ini_state;
    struct ident_ini ini;
    struct sse_error ini_error;
};

/* Parses the two files (their text is copied where needed; the caller keeps and cleans them).
 * Problems are kept and reported only when a plan reaches that source; a file holding a secret
 * that group or others may read adds the configuration's warning to warnings (may be NULL). */
void ident_context_init(struct ident_context *ctx, const struct sse_config *cfg,
                        const struct ident_env *env, const struct ident_file *aliyun_config,
                        const struct ident_file *credentials, struct sse_diag *warnings);
void ident_context_cleanup(struct ident_context *ctx);

/* The plan of sseadm profile `index` of ctx->cfg: its own keys, aliyun_profile, ecs_ram_role or
 * source_profile's plan (else the default chain), then role_arn assumed with them. out must be
 * initialised (ident_plan_init) and is cleaned first. SSE_ERR_CONFIG or SSE_ERR_CREDENTIALS
 * with a message naming the file and what is wrong ("did you mean" for a profile name); no
 * secret in it. */
enum sse_status ident_plan_profile(const struct ident_context *ctx, size_t index,
                                   struct ident_plan *out, struct sse_error *err);

/* The default chain alone, in this order: OSS_ACCESS_KEY_ID/_SECRET/OSS_SESSION_TOKEN;
 * ALIBABA_CLOUD_ACCESS_KEY_ID/_SECRET/_SECURITY_TOKEN; OIDC when ALIBABA_CLOUD_ROLE_ARN,
 * _OIDC_PROVIDER_ARN and _OIDC_TOKEN_FILE are all set; the aliyun CLI configuration (profile
 * ALIBABA_CLOUD_PROFILE, else its current one; not with ALIBABA_CLOUD_CLI_PROFILE_DISABLED=true);
 * the credentials file (section ALIBABA_CLOUD_PROFILE, else default); the ECS metadata service
 * unless ALIBABA_CLOUD_ECS_METADATA_DISABLED=true; ALIBABA_CLOUD_CREDENTIALS_URI (a second route
 * after ECS). The first source that is there makes the plan; one that is there but wrong (a
 * half-set key pair, a malformed file, a profile that does not exist) is an error, not skipped. */
enum sse_status ident_plan_default(const struct ident_context *ctx, struct ident_plan *out,
                                   struct sse_error *err);

/* The plan of one profile of the aliyun CLI configuration. */
enum sse_status ident_plan_aliyun(const struct ident_context *ctx, const char *name,
                                  struct ident_plan *out, struct sse_error *err);

/* "sseadm-" + user, with every character STS does not take in a session name made '-', cut to
 * 64 bytes; "sseadm" without a user. */
void ident_default_session_name(const char *user, char out[VALIDATE_SESSION_NAME_MAX]);

#endif
