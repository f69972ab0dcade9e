/* reader.h — the identity layer's edge with the system: a file read whole with a size cap into
 * protected memory (absent told apart from unreadable), the environment variables the chain
 * reads, and the user's name. Everything else in src/ident works on what these return. */
#ifndef SSE_IDENT_READER_H
#define SSE_IDENT_READER_H

#include <stdbool.h>
#include <stddef.h>

#include "core/status.h"
#include "ident/plan.h"

#define IDENT_FILE_MAX (1024 * 1024) /* ~/.aliyun/config.json, ~/.alibabacloud/credentials */

enum ident_file_state {
    IDENT_FILE_ABSENT,  /* no such file (or no path): the source is passed over */
    IDENT_FILE_TEXT,    /* text holds the content */
    IDENT_FILE_ERROR,   /* there but unreadable, too big, not a regular file: error says why */
};

/* A file as read (or as given by a test). */
struct ident_file {
    enum ident_file_state state;
    char path[IDENT_PATH_MAX];
    char *text;            /* protected memory, NUL-terminated; NULL unless TEXT */
    size_t len;
    unsigned mode;         /* st_mode, for the "readable by others" warning */
    char error[512];       /* "FILE: cannot open: Permission denied" */
};

/* Reads path (a regular file of at most cap bytes, opened without following it into a FIFO's
 * wait) into f. Never fails as a call: the outcome is f->state. */
void ident_file_read(const char *path, size_t cap, struct ident_file *f);
/* The same from text in memory (tests, fuzzing): state TEXT, mode as given. */
enum sse_status ident_file_from_text(const char *path, const char *text, unsigned mode,
                                     struct ident_file *f);
/* Wipes and frees the text; zeroes f. */
void ident_file_cleanup(struct ident_file *f);

/* The OIDC token file's content for one AssumeRoleWithOIDC (at most STS_OIDC_TOKEN_MAX bytes,
 * white space around it trimmed) into protected memory (*token; oss_secret_free it).
 * SSE_ERR_IO naming the file and what is wrong. */
enum sse_status ident_read_oidc_token(const char *path, char **token, struct sse_error *err);

/* The environment values the chain reads; every pointer borrowed (NULL or "" = unset). Tests
 * fill it by hand; ident_env_from_environ reads the process environment. */
struct ident_env {
    const char *oss_access_key_id, *oss_access_key_secret, *oss_session_token;
    const char *access_key_id, *access_key_secret, *security_token;       /* ALIBABA_CLOUD_* */
    const char *role_arn, *role_session_name, *oidc_provider_arn, *oidc_token_file;
    const char *config_file, *profile, *cli_profile_disabled, *credentials_file;
    const char *ecs_metadata, *ecs_metadata_disabled, *imdsv1_disabled;
    const char *credentials_uri, *sts_region, *vpc_endpoint_enabled;
    const char *disable_external_process;
    const char *home;
    const char *user;      /* for the default role session name */
    char user_storage[256]; /* where ident_env_from_environ keeps the user's name */
};

/* Fills e from getenv (the values stay owned by the environment: do not setenv meanwhile);
 * user from the password database, else $USER, copied into e (so e must not be moved). */
void ident_env_from_environ(struct ident_env *e);

#endif
