/* emu_delay.c — timer thread over a due-time-sorted list, with a monotonic condition variable;
 * wakes every node that is due in one pass. */
#include "emu_delay.h"

#include <pthread.h>
#include <stdlib.h>

struct emu_delay {
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct emu_delay_node *timed;   /* sorted by due */
	struct emu_delay_node *forever; /* until shutdown */
	int stopping;
	emu_wake_fn wake;
};

static int
before(const struct timespec *a, const struct timespec *b)
{
	return a->tv_sec < b->tv_sec || (a->tv_sec == b->tv_sec && a->tv_nsec < b->tv_nsec);
}

static void *
run(void *arg)
{
	struct emu_delay *d = arg;
	pthread_mutex_lock(&d->mu);
	while (!d->stopping) {
		if (!d->timed) {
			pthread_cond_wait(&d->cv, &d->mu);
			continue;
		}
		struct timespec now;
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (before(&now, &d->timed->due)) {
			pthread_cond_timedwait(&d->cv, &d->mu, &d->timed->due);
			continue;
		}
		/* Everything due goes at once: a wave of requests parked together is woken in one
		 * pass, not one lock round-trip (and one clock read) per request. */
		struct emu_delay_node *due = d->timed, **tail = &d->timed->next;
		while (*tail && !before(&now, &(*tail)->due))
			tail = &(*tail)->next;
		d->timed = *tail;
		*tail = NULL;
		pthread_mutex_unlock(&d->mu);
		while (due) {
			struct emu_delay_node *n = due;
			due = n->next;
			d->wake(n->arg, 0); /* n may be freed by the owner from here on */
		}
		pthread_mutex_lock(&d->mu);
	}
	pthread_mutex_unlock(&d->mu);
	return NULL;
}

struct emu_delay *
emu_delay_start(emu_wake_fn wake)
{
	struct emu_delay *d = calloc(1, sizeof *d);
	if (!d)
		return NULL;
	d->wake = wake;
	pthread_condattr_t ca;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&d->cv, &ca);
	pthread_condattr_destroy(&ca);
	pthread_mutex_init(&d->mu, NULL);
	if (pthread_create(&d->thread, NULL, run, d) != 0) {
		pthread_cond_destroy(&d->cv);
		pthread_mutex_destroy(&d->mu);
		free(d);
		return NULL;
	}
	return d;
}

void
emu_delay_add(struct emu_delay *d, struct emu_delay_node *node, const struct timespec *from,
	      long ms, void *arg)
{
	node->arg = arg;
	node->next = NULL;
	node->forever = ms < 0;
	node->due = *from;
	if (ms > 0) {
		node->due.tv_sec += ms / 1000;
		node->due.tv_nsec += (ms % 1000) * 1000000L;
		if (node->due.tv_nsec >= 1000000000L) {
			node->due.tv_sec++;
			node->due.tv_nsec -= 1000000000L;
		}
	}
	pthread_mutex_lock(&d->mu);
	if (d->stopping) {
		pthread_mutex_unlock(&d->mu);
		d->wake(arg, 1);
		return;
	}
	if (node->forever) {
		node->next = d->forever;
		d->forever = node;
	} else {
		struct emu_delay_node **p = &d->timed;
		while (*p && !before(&node->due, &(*p)->due))
			p = &(*p)->next;
		node->next = *p;
		*p = node;
	}
	pthread_cond_signal(&d->cv);
	pthread_mutex_unlock(&d->mu);
}

void
emu_delay_stop(struct emu_delay *d)
{
	if (!d)
		return;
	pthread_mutex_lock(&d->mu);
	if (d->stopping) {
		pthread_mutex_unlock(&d->mu);
		return;
	}
	d->stopping = 1;
	pthread_cond_signal(&d->cv);
	pthread_mutex_unlock(&d->mu);
	pthread_join(d->thread, NULL);
	pthread_mutex_lock(&d->mu);
	struct emu_delay_node *lists[2] = { d->timed, d->forever };
	d->timed = d->forever = NULL;
	pthread_mutex_unlock(&d->mu);
	for (int i = 0; i < 2; i++)
		while (lists[i]) {
			struct emu_delay_node *n = lists[i];
			lists[i] = n->next;
			d->wake(n->arg, 1);
		}
}

void
emu_delay_free(struct emu_delay *d)
{
	if (!d)
		return;
	emu_delay_stop(d);
	pthread_cond_destroy(&d->cv);
	pthread_mutex_destroy(&d->mu);
	free(d);
}
