/* queues.h — the two queues between the front end and the worker thread (jobs in, results out)
 * and the file descriptor that becomes readable when results may be waiting. Each message has
 * one owner at a time: it changes hands here, under one mutex. */
#ifndef SSE_ENGINE_QUEUES_H
#define SSE_ENGINE_QUEUES_H

#include <stdbool.h>
#include <stddef.h>

#include "core/status.h"
#include "engine/job.h"

struct queues;

/* Empty queues and their wake pipe. NULL with err on failure. */
struct queues *queues_new(struct sse_error *err);
/* Frees whatever jobs and results are still queued, and the pipe. NULL is a no-op. */
void queues_free(struct queues *q);

/* Front end: appends job (ownership passes to the queue) and counts it pending. True when the
 * queue was empty, i.e. the worker takes everything at once and needs waking only then. */
bool queues_push_job(struct queues *q, struct job *job);
/* Front end: asks the worker to stop (seen by the next queues_take_jobs). */
void queues_stop(struct queues *q);
/* Worker: every queued job, oldest first, linked through next (NULL when none; *tail the last);
 * *stopping tells whether queues_stop was called. */
struct job *queues_take_jobs(struct queues *q, struct job **tail, bool *stopping);

/* Worker: appends a finished result (ownership passes) and writes one byte to the wake pipe. */
void queues_push_result(struct queues *q, struct result *res);
/* Front end: drains the wake pipe and returns every result, oldest first (caller frees); NULL
 * when none. Never blocks. */
struct result *queues_take_results(struct queues *q);
/* Readable when results may be waiting (poll it with POLLIN). */
int queues_fd(const struct queues *q);
/* Jobs pushed whose results have not been taken yet. Safe from any thread. */
size_t queues_pending(const struct queues *q);

#endif
