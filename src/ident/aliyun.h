/* aliyun.h — the aliyun CLI configuration (~/.aliyun/config.json) parsed: its current profile and
 * its profiles with the fields of every mode sseadm speaks (AK, StsToken, RamRoleArn, EcsRamRole,
 * RamRoleArnWithRoleName, ChainableRamRoleArn, OIDC, External, CredentialsURI); mode names
 * case-insensitive, as the CLI reads them. Secrets in protected memory. Pure: the text is given. */
#ifndef SSE_IDENT_ALIYUN_H
#define SSE_IDENT_ALIYUN_H

#include <stdbool.h>
#include <stddef.h>

#include "core/status.h"
#include "core/validate.h"
#include "ident/plan.h"
#include "ident/reader.h"
#include "oss/account.h"

#define IDENT_CLI_NAME_MAX 128
#define IDENT_CLI_PROFILES_MAX 1000

#define IDENT_CLI_MODES(X)                                         \
    X(IDENT_CLI_AK, "AK")                                          \
    X(IDENT_CLI_STS_TOKEN, "StsToken")                             \
    X(IDENT_CLI_RAM_ROLE_ARN, "RamRoleArn")                        \
    X(IDENT_CLI_ECS_RAM_ROLE, "EcsRamRole")                        \
    X(IDENT_CLI_RAM_ROLE_ARN_WITH_ROLE_NAME, "RamRoleArnWithRoleName") \
    X(IDENT_CLI_CHAINABLE_RAM_ROLE_ARN, "ChainableRamRoleArn")     \
    X(IDENT_CLI_OIDC, "OIDC")                                      \
    X(IDENT_CLI_EXTERNAL, "External")                              \
    X(IDENT_CLI_CREDENTIALS_URI, "CredentialsURI")

enum ident_cli_mode {
#define IDENT_CLI_MODE_ENUM(e, name) e,
    IDENT_CLI_MODES(IDENT_CLI_MODE_ENUM)
#undef IDENT_CLI_MODE_ENUM
    IDENT_CLI_NONE,        /* no mode: recognised from the fields, as the CLI does */
    IDENT_CLI_UNSUPPORTED, /* CloudSSO, OAuth, ...: mode_text says which */
};

/* "RamRoleArn" for IDENT_CLI_RAM_ROLE_ARN ... */
const char *ident_cli_mode_name(enum ident_cli_mode m);
/* The mode of a name, ignoring ASCII case; IDENT_CLI_NONE for "", IDENT_CLI_UNSUPPORTED else. */
enum ident_cli_mode ident_cli_mode_parse(const char *s);

struct ident_cli_profile {
    char name[IDENT_CLI_NAME_MAX];
    enum ident_cli_mode mode;
    char mode_text[32];                     /* as written */
    struct oss_credentials keys;            /* access_key_id, access_key_secret, sts_token */
    char sts_region[64];
    char sts_endpoint[RPC_HOST_MAX + 16];
    bool enable_vpc;
    char ram_role_name[IDENT_ROLE_NAME_MAX];
    char ram_role_arn[VALIDATE_ROLE_ARN_MAX];
    char ram_session_name[VALIDATE_SESSION_NAME_MAX];
    char *external_id;                      /* protected memory; NULL when none */
    char source_profile[IDENT_CLI_NAME_MAX];
    long long expired_seconds;              /* 0 when not set */
    char region_id[64];
    char *process_command;                  /* protected memory (it may carry a secret) */
    char *credentials_uri;                  /* protected memory (it may carry a token) */
    char oidc_provider_arn[VALIDATE_ROLE_ARN_MAX];
    char oidc_token_file[IDENT_PATH_MAX];
    char *policy;                           /* protected memory; NULL when none */
};

struct ident_cli_config {
    char path[IDENT_PATH_MAX];
    char current[IDENT_CLI_NAME_MAX];       /* "" when not set */
    struct ident_cli_profile *profiles;
    size_t nprofiles;
    const char *secret_field;               /* a secret field some profile sets, or NULL */
};

/* Parses f's text (state TEXT). Errors (SSE_ERR_CONFIG) name f->path and the field:
 * "FILE: profiles[2].mode must be a string, not a number". Unknown fields are ignored, as the CLI
 * does; which fields a mode needs is checked when a profile is used. out is zeroed first, and
 * left zeroed on failure. */
enum sse_status ident_cli_config_parse(const struct ident_file *f, struct ident_cli_config *out,
                                       struct sse_error *err);
void ident_cli_config_cleanup(struct ident_cli_config *c);

/* The first profile of that name, or NULL. */
const struct ident_cli_profile *ident_cli_config_find(const struct ident_cli_config *c,
                                                      const char *name);
/* The mode in effect: the profile's, else the one the CLI recognises from its fields (keys → AK,
 * StsToken with sts_token, RamRoleArn with ram_role_arn; ram_role_name → EcsRamRole;
 * process_command → External; OIDC fields → OIDC); IDENT_CLI_NONE when none fits. */
enum ident_cli_mode ident_cli_profile_mode(const struct ident_cli_profile *p);

#endif
