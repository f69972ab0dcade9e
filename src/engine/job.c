/* job.c — allocation and release of jobs and results. */
#include "engine/job.h"

#include <stdlib.h>

#include "core/status.h"

struct job *
job_new(enum job_kind kind, const struct oss_account *account, const char *bucket)
{
    struct job *job = calloc(1, sizeof *job);
    if (!job)
        return NULL;
    job->kind = kind;
    job->account = account;
    /* A name that does not fit is refused rather than cut: a cut name could be another bucket. */
    if (bucket && sse_strlcpy(job->bucket, bucket, sizeof job->bucket) != 0) {
        free(job);
        return NULL;
    }
    return job;
}

void
job_free(struct job *job)
{
    free(job);
}

void
result_free(struct result *res)
{
    if (!res)
        return;
    oss_bucket_page_cleanup(&res->page);
    free(res->kms_key);
    free(res->kms_keys);
    free(res->kms_aliases);
    free(res);
}

void
result_free_all(struct result *res)
{
    while (res) {
        struct result *next = res->next;
        result_free(res);
        res = next;
    }
}
