/* queues.c — mutex-guarded job and result lists and a non-blocking wake pipe. */
#define _GNU_SOURCE /* pipe2 */
#include "engine/queues.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct queues {
    pthread_mutex_t lock; /* guards the lists and stopping */
    struct job *jobs_head, *jobs_tail;
    struct result *res_head, *res_tail;
    bool stopping;
    int wake_rd, wake_wr;
    atomic_size_t pending;
};

struct queues *
queues_new(struct sse_error *err)
{
    struct queues *q = calloc(1, sizeof *q);
    if (!q) {
        sse_error_set(err, SSE_ERR_NOMEM, "out of memory");
        return NULL;
    }
    int fds[2];
    if (pipe2(fds, O_NONBLOCK | O_CLOEXEC) != 0) {
        sse_error_set(err, SSE_ERR_IO, "cannot create the wake-up pipe: %s", strerror(errno));
        free(q);
        return NULL;
    }
    q->wake_rd = fds[0];
    q->wake_wr = fds[1];
    atomic_init(&q->pending, 0);
    pthread_mutex_init(&q->lock, NULL);
    return q;
}

void
queues_free(struct queues *q)
{
    if (!q)
        return;
    for (struct job *j = q->jobs_head; j;) {
        struct job *next = j->next;
        job_free(j);
        j = next;
    }
    result_free_all(q->res_head);
    close(q->wake_rd);
    close(q->wake_wr);
    pthread_mutex_destroy(&q->lock);
    free(q);
}

bool
queues_push_job(struct queues *q, struct job *job)
{
    job->next = NULL;
    atomic_fetch_add(&q->pending, 1);
    pthread_mutex_lock(&q->lock);
    bool was_empty = !q->jobs_head;
    if (q->jobs_tail)
        q->jobs_tail->next = job;
    else
        q->jobs_head = job;
    q->jobs_tail = job;
    pthread_mutex_unlock(&q->lock);
    return was_empty;
}

void
queues_stop(struct queues *q)
{
    pthread_mutex_lock(&q->lock);
    q->stopping = true;
    pthread_mutex_unlock(&q->lock);
}

struct job *
queues_take_jobs(struct queues *q, struct job **tail, bool *stopping)
{
    pthread_mutex_lock(&q->lock);
    struct job *head = q->jobs_head;
    *tail = q->jobs_tail;
    q->jobs_head = q->jobs_tail = NULL;
    *stopping = q->stopping;
    pthread_mutex_unlock(&q->lock);
    return head;
}

void
queues_push_result(struct queues *q, struct result *res)
{
    res->next = NULL;
    pthread_mutex_lock(&q->lock);
    if (q->res_tail)
        q->res_tail->next = res;
    else
        q->res_head = res;
    q->res_tail = res;
    pthread_mutex_unlock(&q->lock);
    /* One byte means "results may be waiting"; a full pipe already says so. */
    ssize_t n = write(q->wake_wr, "r", 1);
    (void)n;
}

struct result *
queues_take_results(struct queues *q)
{
    char buf[256];
    while (read(q->wake_rd, buf, sizeof buf) > 0)
        ;
    pthread_mutex_lock(&q->lock);
    struct result *list = q->res_head;
    q->res_head = q->res_tail = NULL;
    pthread_mutex_unlock(&q->lock);
    size_t n = 0;
    for (struct result *r = list; r; r = r->next)
        n++;
    atomic_fetch_sub(&q->pending, n);
    return list;
}

int
queues_fd(const struct queues *q)
{
    return q->wake_rd;
}

size_t
queues_pending(const struct queues *q)
{
    return atomic_load(&((struct queues *)q)->pending); /* atomics load through non-const */
}
