/* emu_delay.h — a timer thread that wakes parked requests at their due time (latency) or at shutdown (stall). */
#ifndef EMU_DELAY_H
#define EMU_DELAY_H

#include <time.h>

/* Embedded in the caller's per-request data: adding a node allocates nothing. */
struct emu_delay_node {
	struct emu_delay_node *next;
	struct timespec due; /* CLOCK_MONOTONIC */
	int forever;         /* parked until shutdown */
	void *arg;
};

/* Called on the timer thread, node already unlinked; shutting_down is 1 from emu_delay_stop(). */
typedef void (*emu_wake_fn)(void *arg, int shutting_down);

struct emu_delay;

struct emu_delay *emu_delay_start(emu_wake_fn wake);
/* Parks node until from + ms (ms < 0: until shutdown); from is CLOCK_MONOTONIC, when the request
 * arrived, so that the time spent deciding its answer is part of the latency, not added to it
 * (a due time already past wakes at once). Thread-safe. After stop, wakes at once. */
void emu_delay_add(struct emu_delay *d, struct emu_delay_node *node, const struct timespec *from,
		   long ms, void *arg);
/* Stops the thread and wakes every parked node with shutting_down = 1; later adds wake at once. */
void emu_delay_stop(struct emu_delay *d);
/* Frees d; call after nothing can add any more (the HTTP server stopped). */
void emu_delay_free(struct emu_delay *d);

#endif
