/* emu_hold.c — hold rules and a FIFO of held requests under one mutex; the rule count is also an
 * atomic so that the common case (nothing held) costs one load per request. */
#include "emu_hold.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct emu_hold {
	pthread_mutex_t mu;
	struct emu_hold_rule rules[EMU_HOLD_MAX_RULES];
	atomic_size_t nrules;
	struct emu_hold_node *head, **tail;
	size_t held;
	int stopping;
	emu_wake_fn wake;
};

struct emu_hold *
emu_hold_new(emu_wake_fn wake)
{
	struct emu_hold *h = calloc(1, sizeof *h);
	if (!h)
		return NULL;
	pthread_mutex_init(&h->mu, NULL);
	atomic_init(&h->nrules, 0);
	h->tail = &h->head;
	h->wake = wake;
	return h;
}

void
emu_hold_free(struct emu_hold *h)
{
	if (!h)
		return;
	emu_hold_stop(h);
	pthread_mutex_destroy(&h->mu);
	free(h);
}

int
emu_hold_add_rule(struct emu_hold *h, const char *bucket, const char *kind)
{
	int rc = -1;
	pthread_mutex_lock(&h->mu);
	size_t n = atomic_load(&h->nrules);
	if (n < EMU_HOLD_MAX_RULES) {
		struct emu_hold_rule *r = &h->rules[n];
		snprintf(r->bucket, sizeof r->bucket, "%s", bucket ? bucket : "");
		snprintf(r->kind, sizeof r->kind, "%s", kind ? kind : "");
		atomic_store(&h->nrules, n + 1);
		rc = 0;
	}
	pthread_mutex_unlock(&h->mu);
	return rc;
}

void
emu_hold_clear_rules(struct emu_hold *h)
{
	pthread_mutex_lock(&h->mu);
	atomic_store(&h->nrules, 0);
	pthread_mutex_unlock(&h->mu);
}

int
emu_hold_any(const struct emu_hold *h)
{
	return h && atomic_load_explicit(&h->nrules, memory_order_relaxed) != 0;
}

int
emu_hold_match(struct emu_hold *h, const char *bucket, const char *kind)
{
	if (!emu_hold_any(h))
		return 0;
	int hit = 0;
	pthread_mutex_lock(&h->mu);
	size_t n = atomic_load(&h->nrules);
	for (size_t i = 0; i < n && !hit; i++) {
		const struct emu_hold_rule *r = &h->rules[i];
		hit = (!r->bucket[0] || (bucket && strcmp(r->bucket, bucket) == 0)) &&
		      (!r->kind[0] || strcmp(r->kind, kind) == 0);
	}
	pthread_mutex_unlock(&h->mu);
	return hit;
}

void
emu_hold_park(struct emu_hold *h, struct emu_hold_node *node, void *arg)
{
	node->arg = arg;
	node->next = NULL;
	pthread_mutex_lock(&h->mu);
	if (h->stopping) {
		pthread_mutex_unlock(&h->mu);
		h->wake(arg, 1);
		return;
	}
	*h->tail = node;
	h->tail = &node->next;
	h->held++;
	pthread_mutex_unlock(&h->mu);
}

/* Unlinks up to n (0: all) nodes from the head; the caller wakes them outside the lock. */
static struct emu_hold_node *
take(struct emu_hold *h, size_t n)
{
	struct emu_hold_node *first = h->head, **cut = &h->head;
	size_t k = 0;
	while (*cut && (n == 0 || k < n)) {
		cut = &(*cut)->next;
		k++;
	}
	h->head = *cut;
	*cut = NULL;
	if (!h->head)
		h->tail = &h->head;
	h->held -= k;
	return k ? first : NULL;
}

static size_t
wake_all(struct emu_hold *h, struct emu_hold_node *list, int shutting_down)
{
	size_t k = 0;
	while (list) {
		struct emu_hold_node *n = list;
		list = n->next;
		h->wake(n->arg, shutting_down); /* n may be freed by its owner from here on */
		k++;
	}
	return k;
}

size_t
emu_hold_release(struct emu_hold *h, size_t n)
{
	pthread_mutex_lock(&h->mu);
	struct emu_hold_node *list = take(h, n);
	pthread_mutex_unlock(&h->mu);
	return wake_all(h, list, 0);
}

void
emu_hold_stop(struct emu_hold *h)
{
	if (!h)
		return;
	pthread_mutex_lock(&h->mu);
	h->stopping = 1;
	struct emu_hold_node *list = take(h, 0);
	pthread_mutex_unlock(&h->mu);
	wake_all(h, list, 1);
}

size_t
emu_hold_visit(struct emu_hold *h, void (*rule_fn)(const struct emu_hold_rule *, void *),
	       void (*node_fn)(const struct emu_hold_node *, void *), void *arg)
{
	pthread_mutex_lock(&h->mu);
	size_t n = atomic_load(&h->nrules);
	for (size_t i = 0; rule_fn && i < n; i++)
		rule_fn(&h->rules[i], arg);
	for (const struct emu_hold_node *p = h->head; node_fn && p; p = p->next)
		node_fn(p, arg);
	size_t held = h->held;
	pthread_mutex_unlock(&h->mu);
	return held;
}
