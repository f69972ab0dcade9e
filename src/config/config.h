/* config.h — the sseadm configuration file (libconfig) → profiles, network and UI settings. */
#ifndef SSE_CONFIG_CONFIG_H
#define SSE_CONFIG_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "config/columns.h"
#include "core/diag.h"
#include "core/status.h"
#include "core/validate.h"
#include "oss/account.h"

/* The only format version this build reads. */
#define SSE_CONFIG_VERSION 1

#define SSE_URL_MAX 256

/* Where a profile's credentials come from besides (or instead of) its own keys; "" / 0 / false
 * when a key is not set. Validated when the file is loaded (at most one of the profile's own
 * keys, aliyun_profile, ecs_ram_role and source_profile; the role_* keys and source_profile only
 * with role_arn; no source_profile cycle); src/ident turns it into a plan of fetches. */
struct sse_identity {
    char aliyun_profile[64];                        /* a profile of ~/.aliyun/config.json */
    char role_arn[VALIDATE_ROLE_ARN_MAX];           /* assume this role (acs:ram::UID:role/NAME) */
    char role_session_name[VALIDATE_SESSION_NAME_MAX]; /* "" = "sseadm-" + the user's name */
    char external_id[VALIDATE_EXTERNAL_ID_MAX];
    int role_duration_s;                            /* 900-43200; 0 = 3600 */
    char source_profile[OSS_NAME_MAX];              /* assume role_arn with that profile's keys */
    bool ecs_ram_role_set;                          /* ecs_ram_role given */
    char ecs_ram_role[65];                          /* "" = ask the metadata service */
    char sts_endpoint[SSE_URL_MAX];                 /* "" = https://sts.aliyuncs.com */
    char sts_region[OSS_REGION_MAX];                /* "" = no regional STS endpoint */
};

/* One profile: an account at an endpoint plus the buckets to administer there. */
struct sse_profile {
    struct oss_account account; /* profile name, endpoint, region, signing, insecure_tls, creds */
    char **buckets;             /* owned, validated, without duplicates */
    size_t nbuckets;
    bool discover;              /* also list the account's buckets (ListBuckets) */
    bool internal;              /* reach OSS (and KMS) through internal (VPC) endpoints */
    bool readonly;              /* refuse set/remove with this profile */
    struct sse_identity identity;
    char kms_endpoint[SSE_URL_MAX]; /* "" = https://kms.REGION.aliyuncs.com of each bucket */
    char **endpoints_allowed;   /* hosts ("host[:port]", lower case) an answer may send this
                                 * profile's requests to, besides OSS's own endpoint names and
                                 * the profile's endpoint (oss/endpoint.h); owned */
    size_t nendpoints_allowed;
    int line;                   /* where the profile starts in the file, for messages */
};

struct sse_ui_settings {
    char theme[64];             /* theme name: NAME.theme in the theme directories */
    bool confirm;               /* ask before writes */
    unsigned columns;           /* ui.columns: the list's columns (SSE_COLUMN_BIT of each; the
                                 * bucket is always shown); SSE_COLUMNS_ALL when not set */
    bool clipboard;             /* ui.clipboard: y copies through the terminal (OSC 52) */
};

/* A loaded, validated configuration. Immutable after load; share read-only. */
struct sse_config {
    char *path;                 /* the file it came from (owned) */
    int version;
    struct sse_profile *profiles;
    size_t nprofiles;
    size_t default_profile;     /* index into profiles: default_profile's, else 0 */
    struct oss_transport network;
    struct sse_ui_settings ui;
};

/* Default path: $SSEADM_CONFIG, else $XDG_CONFIG_HOME/sseadm/config (absolute values only, as the
 * XDG spec says), else $HOME/.config/sseadm/config. SSE_ERR_CONFIG when none of them is set,
 * SSE_ERR_INVALID when the path does not fit in buf. */
enum sse_status config_default_path(char *buf, size_t size);

/* Loads and validates the whole file, collecting ALL errors (not only the first) into errors and
 * warnings (e.g. a group/other-readable file holding a secret) into warnings; either may be NULL.
 * Returns SSE_OK (cfg filled; caller calls config_cleanup), SSE_ERR_IO (file missing or
 * unreadable), SSE_ERR_CONFIG (syntax or validation errors) or SSE_ERR_NOMEM; on failure cfg is
 * left zeroed. Keys in the file are stored in each profile's account.creds. */
enum sse_status config_load(const char *path, struct sse_config *cfg, struct sse_diag *errors,
                            struct sse_diag *warnings);
/* The same from text in memory (for fuzzing and tests); name is used in messages and as cfg->path.
 * No permission check is made. */
enum sse_status config_load_string(const char *text, const char *name, struct sse_config *cfg,
                                   struct sse_diag *errors, struct sse_diag *warnings);

/* Index of the named profile, or of default_profile when name is NULL; -1 with SSE_ERR_CONFIG and
 * a message listing the known profiles. */
int config_find_profile(const struct sse_config *cfg, const char *name, struct sse_error *err);

/* Adds the warning sseadm gives for a file holding a secret that group or others may read:
 * "FILE: holds WHAT but is readable by others (mode 0644); chmod 600 FILE". Nothing when mode
 * has no group/other bits. */
void config_warn_secret_mode(struct sse_diag *warnings, const char *file, const char *what,
                             unsigned mode);

/* Frees everything (wiping credentials) and zeroes cfg. Safe on a zeroed struct. */
void config_cleanup(struct sse_config *cfg);

/* Whether c may be in a profile or theme name: ASCII letters, digits, '.', '_' and '-' (a name
 * does not start with '.'). Policy globs over profile names check their literals with it. */
bool config_name_char(unsigned char c);

#endif
