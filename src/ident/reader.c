/* reader.c — capped file reads into protected memory, and the environment the chain reads. */
#include "ident/reader.h"

#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/sanitize.h"
#include "rpc/sts.h"

static void
fail(struct ident_file *f, const char *why, int e)
{
    f->state = IDENT_FILE_ERROR;
    char shown[IDENT_PATH_MAX];
    sanitize_text(f->path, shown, sizeof shown);
    snprintf(f->error, sizeof f->error, "%.300s: %s%s%s", shown, why, e ? ": " : "",
             e ? strerror(e) : "");
}

void
ident_file_read(const char *path, size_t cap, struct ident_file *f)
{
    memset(f, 0, sizeof *f);
    if (!path || !*path) {
        f->state = IDENT_FILE_ABSENT;
        return;
    }
    snprintf(f->path, sizeof f->path, "%s", path);
    /* O_NONBLOCK: a FIFO must not make us wait for a writer before the check below refuses it. */
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
    if (fd < 0) {
        if (errno == ENOENT || errno == ENOTDIR)
            f->state = IDENT_FILE_ABSENT;
        else
            fail(f, "cannot open", errno);
        return;
    }
    struct stat st;
    if (fstat(fd, &st) != 0) {
        fail(f, "cannot stat", errno);
        close(fd);
        return;
    }
    if (!S_ISREG(st.st_mode)) {
        fail(f, S_ISDIR(st.st_mode) ? "is a directory, not a file" : "is not a regular file", 0);
        close(fd);
        return;
    }
    if ((unsigned long long)st.st_size > cap) {
        char why[96];
        snprintf(why, sizeof why, "is %lld bytes; at most %zu are read", (long long)st.st_size,
                 cap);
        fail(f, why, 0);
        close(fd);
        return;
    }
    f->mode = (unsigned)st.st_mode;
    size_t room = (size_t)st.st_size + 1; /* one more byte tells a file that grew since */
    char *buf = oss_secret_alloc(room + 1);
    if (!buf) {
        fail(f, "out of memory", 0);
        close(fd);
        return;
    }
    size_t used = 0;
    for (;;) {
        if (used == room) {
            fail(f, "changed while being read", 0);
            oss_secret_free(buf);
            close(fd);
            return;
        }
        ssize_t n = read(fd, buf + used, room - used);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            fail(f, "cannot read", errno);
            oss_secret_free(buf);
            close(fd);
            return;
        }
        if (n == 0)
            break;
        used += (size_t)n;
    }
    close(fd);
    f->state = IDENT_FILE_TEXT;
    f->text = buf;
    f->len = used;
}

enum sse_status
ident_file_from_text(const char *path, const char *text, unsigned mode, struct ident_file *f)
{
    memset(f, 0, sizeof *f);
    snprintf(f->path, sizeof f->path, "%s", path ? path : "(text)");
    f->text = oss_secret_dup(text);
    if (!f->text)
        return SSE_ERR_NOMEM;
    f->len = strlen(text);
    f->mode = mode;
    f->state = IDENT_FILE_TEXT;
    return SSE_OK;
}

void
ident_file_cleanup(struct ident_file *f)
{
    oss_secret_free(f->text);
    memset(f, 0, sizeof *f);
}

enum sse_status
ident_read_oidc_token(const char *path, char **token, struct sse_error *err)
{
    *token = NULL;
    struct ident_file f;
    ident_file_read(path, STS_OIDC_TOKEN_MAX + 64, &f);
    enum sse_status st = SSE_OK;
    char shown[IDENT_PATH_MAX];
    sanitize_text(path ? path : "", shown, sizeof shown);
    if (f.state == IDENT_FILE_ABSENT)
        st = sse_error_set(err, SSE_ERR_IO, "the OIDC token file %.300s does not exist", shown);
    else if (f.state == IDENT_FILE_ERROR)
        st = sse_error_set(err, SSE_ERR_IO, "the OIDC token file %s", f.error);
    if (st != SSE_OK) {
        ident_file_cleanup(&f);
        return st;
    }
    const char *s = f.text;
    size_t n = f.len;
    while (n && strchr(" \t\r\n", *s)) {
        s++;
        n--;
    }
    while (n && strchr(" \t\r\n", s[n - 1]))
        n--;
    if (n == 0)
        st = sse_error_set(err, SSE_ERR_IO, "the OIDC token file %.300s is empty", shown);
    else if (n > STS_OIDC_TOKEN_MAX)
        st = sse_error_set(err, SSE_ERR_IO, "the OIDC token in %.300s is longer than %d bytes",
                           shown, STS_OIDC_TOKEN_MAX);
    else if (memchr(s, '\0', n))
        st = sse_error_set(err, SSE_ERR_IO, "the OIDC token file %.300s has a NUL byte", shown);
    else if (!(*token = oss_secret_dupn(s, n)))
        st = sse_error_set(err, SSE_ERR_NOMEM, "out of memory for the OIDC token");
    ident_file_cleanup(&f);
    return st;
}

void
ident_env_from_environ(struct ident_env *e)
{
    memset(e, 0, sizeof *e);
    e->oss_access_key_id = getenv("OSS_ACCESS_KEY_ID");
    e->oss_access_key_secret = getenv("OSS_ACCESS_KEY_SECRET");
    e->oss_session_token = getenv("OSS_SESSION_TOKEN");
    e->access_key_id = getenv("ALIBABA_CLOUD_ACCESS_KEY_ID");
    e->access_key_secret = getenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET");
    e->security_token = getenv("ALIBABA_CLOUD_SECURITY_TOKEN");
    e->role_arn = getenv("ALIBABA_CLOUD_ROLE_ARN");
    e->role_session_name = getenv("ALIBABA_CLOUD_ROLE_SESSION_NAME");
    e->oidc_provider_arn = getenv("ALIBABA_CLOUD_OIDC_PROVIDER_ARN");
    e->oidc_token_file = getenv("ALIBABA_CLOUD_OIDC_TOKEN_FILE");
    e->config_file = getenv("ALIBABA_CLOUD_CONFIG_FILE");
    e->profile = getenv("ALIBABA_CLOUD_PROFILE");
    e->cli_profile_disabled = getenv("ALIBABA_CLOUD_CLI_PROFILE_DISABLED");
    e->credentials_file = getenv("ALIBABA_CLOUD_CREDENTIALS_FILE");
    e->ecs_metadata = getenv("ALIBABA_CLOUD_ECS_METADATA");
    e->ecs_metadata_disabled = getenv("ALIBABA_CLOUD_ECS_METADATA_DISABLED");
    e->imdsv1_disabled = getenv("ALIBABA_CLOUD_IMDSV1_DISABLED");
    e->credentials_uri = getenv("ALIBABA_CLOUD_CREDENTIALS_URI");
    e->sts_region = getenv("ALIBABA_CLOUD_STS_REGION");
    e->vpc_endpoint_enabled = getenv("ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED");
    e->disable_external_process = getenv("ALIBABA_CLOUD_DISABLE_EXTERNAL_PROCESS");
    e->home = getenv("HOME");
    struct passwd pw, *found = NULL;
    char buf[4096];
    const char *name = getpwuid_r(getuid(), &pw, buf, sizeof buf, &found) == 0 && found &&
                               found->pw_name && *found->pw_name
                           ? found->pw_name
                           : getenv("USER");
    if (name) {
        snprintf(e->user_storage, sizeof e->user_storage, "%s", name);
        e->user = e->user_storage;
    }
}
