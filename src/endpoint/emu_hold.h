/* emu_hold.h — held answers: the rules that say which arriving requests wait, and the queue of those waiting until a test releases them. */
#ifndef EMU_HOLD_H
#define EMU_HOLD_H

#include <stddef.h>

#include "emu_delay.h"

#define EMU_HOLD_MAX_RULES 64

/* One rule: a request is held when every non-empty field matches (both empty: every request). */
struct emu_hold_rule {
	char bucket[64];
	char kind[16]; /* emu_ops_kind(): get, put, delete, list, rpc, imds, other */
};

/* Embedded in the caller's per-request data: holding allocates nothing. */
struct emu_hold_node {
	struct emu_hold_node *next;
	void *arg;
	/* what GET /held shows */
	char request_id[40];
	char method[16];
	char bucket[64];
	char kind[16];
};

struct emu_hold;

/* wake is called (outside the lock) for each released node; shutting_down is 1 from stop. */
struct emu_hold *emu_hold_new(emu_wake_fn wake);
/* Stops (waking every held node with shutting_down = 1) and frees. */
void emu_hold_free(struct emu_hold *h);

/* Adds a rule (NULL or "" fields match anything); -1 when there are EMU_HOLD_MAX_RULES already. */
int emu_hold_add_rule(struct emu_hold *h, const char *bucket, const char *kind);
/* Removes every rule (held requests stay held). */
void emu_hold_clear_rules(struct emu_hold *h);
/* 1 when there is any rule (a cheap check before working out a request's kind). */
int emu_hold_any(const struct emu_hold *h);
/* 1 when some rule matches a request for bucket (NULL: none) of that kind. Cheap when no rule. */
int emu_hold_match(struct emu_hold *h, const char *bucket, const char *kind);

/* Queues node (its description fields filled by the caller) until released; after stop, the
 * node is woken at once with shutting_down = 1. */
void emu_hold_park(struct emu_hold *h, struct emu_hold_node *node, void *arg);
/* Wakes the n oldest held nodes (0: all of them); returns how many. */
size_t emu_hold_release(struct emu_hold *h, size_t n);
/* Wakes every held node with shutting_down = 1; later parks wake at once the same way. */
void emu_hold_stop(struct emu_hold *h);

/* Calls fn for each rule and for each held node, oldest first, under the lock (fn must not call
 * back into h); returns the number held. Either callback may be NULL. */
size_t emu_hold_visit(struct emu_hold *h, void (*rule_fn)(const struct emu_hold_rule *, void *),
		      void (*node_fn)(const struct emu_hold_node *, void *), void *arg);

#endif
