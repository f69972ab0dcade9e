/* identity.c — where each profile's credentials come from: the plans, made once from the
 * environment and the files of the Alibaba Cloud chain and handed to the worker's store; what
 * the answers say of them (a failure once per profile, when they expire); and who they are
 * (GetCallerIdentity). */
#include "app/internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/diag.h"
#include "core/i18n.h"
#include "ident/reader.h"
#include "ident/resolve.h"
#include "report/profiles.h"

/* Reads the file the chain names (path "" = there is none). */
static void
read_chain_file(const char *path, struct ident_file *f)
{
    memset(f, 0, sizeof *f);
    if (path[0])
        ident_file_read(path, IDENT_FILE_MAX, f);
    else
        f->state = IDENT_FILE_ABSENT;
}

static void
forget_plans(struct app *a)
{
    for (size_t i = 0; i < a->fleet.nprofiles; i++) {
        a->fleet.profiles[i].identity = 0;
        memset(&a->identities[i], 0, sizeof a->identities[i]);
    }
}

enum sse_status
app_plan_credentials(struct app *a, const struct ident_env *env, struct sse_diag *warnings,
                     struct sse_error *err)
{
    if (a->worker || a->creds)
        return sse_error_set(err, SSE_ERR_INVALID, "the credentials are planned already");
    struct ident_env own;
    if (!env) {
        ident_env_from_environ(&own);
        /* main took the secret variables out of the environment (core dumps, /proc/PID/environ,
         * child processes): their values come from it. */
        const struct envsecret *s = a->secrets;
        own.oss_access_key_secret = s ? s->oss_access_key_secret : NULL;
        own.oss_session_token = s ? s->oss_session_token : NULL;
        own.access_key_secret = s ? s->access_key_secret : NULL;
        own.security_token = s ? s->security_token : NULL;
        env = &own;
    }
    char cli_path[IDENT_PATH_MAX], ini_path[IDENT_PATH_MAX];
    if (ident_aliyun_config_path(env, cli_path, sizeof cli_path) != SSE_OK)
        return sse_error_set(err, SSE_ERR_CONFIG,
                             "the path of the aliyun CLI configuration is too long");
    if (ident_credentials_path(env, ini_path, sizeof ini_path) != SSE_OK)
        return sse_error_set(err, SSE_ERR_CONFIG, "the path of the credentials file is too long");
    struct ident_file cli, ini;
    read_chain_file(cli_path, &cli);
    read_chain_file(ini_path, &ini);
    struct ident_context ctx;
    ident_context_init(&ctx, a->cfg, env, &cli, &ini, warnings);

    enum sse_status first = SSE_OK;
    struct creds *store = creds_new(a->cfg->network.retries);
    bool nomem = !store;
    for (size_t idx = 0; !nomem && idx < a->fleet.nprofiles; idx++) {
        struct app_identity *id = &a->identities[idx];
        struct ident_plan plan;
        ident_plan_init(&plan);
        struct sse_error why;
        sse_error_clear(&why);
        enum sse_status st = ident_plan_profile(&ctx, (size_t)a->cfg_of[idx], &plan, &why);
        unsigned source;
        if (st == SSE_OK) {
            sse_strlcpy(id->source, plan.description, sizeof id->source);
            source = creds_add(store, &plan); /* moves the plan in */
        } else {
            /* Its requests fail with why, unsent; the other profiles are not held back. */
            snprintf(id->source, sizeof id->source, _("none: %s"), why.message);
            id->error = why;
            id->error.status = st;
            source = creds_add_refused(store, &why);
            if (first == SSE_OK) {
                first = st;
                *err = why;
                err->status = st;
            }
        }
        ident_plan_cleanup(&plan);
        nomem = !source;
        a->fleet.profiles[idx].identity = source;
    }
    ident_context_cleanup(&ctx);
    ident_file_cleanup(&cli);
    ident_file_cleanup(&ini);
    if (nomem) {
        creds_free(store, NULL); /* nothing was fetched: no transfer to take back */
        forget_plans(a);
        return sse_error_set(err, SSE_ERR_NOMEM, "out of memory");
    }
    a->creds = store;
    return first;
}

const struct app_identity *
app_identity(const struct app *a, int idx)
{
    if (idx < 0 || (size_t)idx >= a->fleet.nprofiles)
        return NULL;
    return &a->identities[idx];
}

enum sse_status
app_check_identities(struct app *a)
{
    if (!a->worker)
        return SSE_ERR_INVALID;
    for (size_t idx = 0; idx < a->fleet.nprofiles; idx++) {
        struct app_identity *id = &a->identities[idx];
        if (id->checking)
            continue;
        struct job *job = job_new(JOB_WHOAMI, &profile_of(a, (int)idx)->account, NULL);
        if (!job)
            return SSE_ERR_NOMEM;
        job->identity = a->fleet.profiles[idx].identity;
        job->tag = idx;
        worker_submit(a->worker, job);
        id->checking = true;
        a->whoami_jobs++;
    }
    return SSE_OK;
}

bool
app_note_credentials(struct app *a, int idx, const struct result *r)
{
    if (idx < 0 || (size_t)idx >= a->fleet.nprofiles)
        return false;
    struct app_identity *id = &a->identities[idx];
    if (r->status == SSE_ERR_CREDENTIALS) {
        const struct sse_error *why = r->cause.status != SSE_OK ? &r->cause : &r->error;
        bool changed = id->error.status != SSE_ERR_CREDENTIALS ||
                       strcmp(id->error.message, why->message) != 0;
        id->error = *why;
        id->error.status = SSE_ERR_CREDENTIALS;
        id->failed++;
        return changed;
    }
    if (r->attempts == 0)
        return false; /* nothing was signed: it says nothing of the credentials */
    bool changed = id->error.status != SSE_OK || id->expires != r->creds_expire;
    sse_error_clear(&id->error);
    id->failed = 0;
    id->expires = r->creds_expire;
    return changed;
}

void
app_on_whoami(struct app *a, const struct result *r)
{
    if (a->whoami_jobs)
        a->whoami_jobs--;
    if (r->tag >= a->fleet.nprofiles)
        return;
    app_note_credentials(a, (int)r->tag, r);
    struct app_identity *id = &a->identities[r->tag];
    id->checking = false;
    id->checked = true;
    if (r->status == SSE_OK) {
        sse_error_clear(&id->check_error);
        sse_strlcpy(id->account_id, r->whoami.account_id, sizeof id->account_id);
        sse_strlcpy(id->arn, r->whoami.arn, sizeof id->arn);
        sse_strlcpy(id->identity_type, r->whoami.identity_type, sizeof id->identity_type);
    } else {
        id->check_error = r->cause.status != SSE_OK ? r->cause : r->error;
        id->check_error.status = r->status;
        id->account_id[0] = id->arn[0] = id->identity_type[0] = '\0';
    }
}

char *
app_expiry_words(time_t expires, time_t now, char *buf, size_t size)
{
    if (!size)
        return buf;
    if (!expires) {
        snprintf(buf, size, "%s", _("never (long-lived keys)"));
        return buf;
    }
    struct tm tm;
    char when[32] = "?";
    if (gmtime_r(&expires, &tm))
        strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
    long left = (long)(expires - now);
    if (left <= 0)
        snprintf(buf, size, _("%s (expired)"), when);
    else if (left < 120)
        snprintf(buf, size, _("%s (in %ld s)"), when, left);
    else if (left < 2 * 3600)
        snprintf(buf, size, _("%s (in %ld min)"), when, left / 60);
    else
        snprintf(buf, size, _("%s (in %ld h %02ld min)"), when, left / 3600, left / 60 % 60);
    return buf;
}

enum sse_status
app_write_profiles(const struct app *a, FILE *out, enum output_format fmt, bool check,
                   size_t *failed)
{
    size_t n = a->fleet.nprofiles;
    struct output_profile *rows = calloc(n ? n : 1, sizeof *rows);
    char (*expires)[32] = calloc(n ? n : 1, sizeof *expires);
    if (!rows || !expires) {
        free(rows);
        free(expires);
        return SSE_ERR_NOMEM;
    }
    *failed = 0;
    for (size_t i = 0; i < n; i++) {
        const struct oss_account *acct = &profile_of(a, (int)i)->account;
        const struct app_identity *id = &a->identities[i];
        struct tm tm;
        time_t when = id->expires;
        if (when && gmtime_r(&when, &tm))
            strftime(expires[i], sizeof expires[i], "%Y-%m-%dT%H:%M:%SZ", &tm);
        bool bad = check && id->check_error.status != SSE_OK;
        *failed += bad;
        rows[i] = (struct output_profile){
            .profile = acct->profile,
            .region = acct->region,
            .endpoint = acct->endpoint,
            .credentials = id->source,
            .account_id = id->account_id,
            .arn = id->arn,
            .identity_type = id->identity_type,
            .expires = expires[i],
            .error = bad ? &id->check_error : NULL,
        };
    }
    enum sse_status st = output_write_profiles(out, fmt, rows, n, check);
    free(rows);
    free(expires);
    return st;
}
