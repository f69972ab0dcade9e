/* emu_front.c — epoll threads that all accept (EPOLLEXCLUSIVE wakes one per connection), keep the
 * connections waiting out their set-up delay in a FIFO (one delay for all: arrival order is due
 * order), and relay TLS connections until both sides close. */
#define _GNU_SOURCE /* accept4 */
#include "emu_front.h"

#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

#define MAX_THREADS 64
#define ACCEPTS_PER_WAKE 8 /* then back to epoll, so that other threads get their share */

enum ev_kind { EV_LISTENER, EV_STOP, EV_WATCH };

struct ev {
	enum ev_kind kind;
};

struct listener {
	struct ev ev;
	int fd, tag, plain;
};

struct fconn;

struct watch {
	struct ev ev;
	struct fconn *c;
	int fd;
	unsigned events; /* as registered with epoll; 0 = not registered */
};

struct fconn {
	struct fconn *next_delayed;
	struct fconn *prev, *next; /* the thread's connections */
	int fd, tag;
	int plain; /* no TLS on this one (its listener's) */
	unsigned long id;
	struct sockaddr_storage peer;
	socklen_t peerlen;
	struct timespec due;
	struct emu_tls_conn *tls;
	int handed;
	int dead; /* closed; freed once the events of this epoll_wait are handled */
	struct watch net, app;
};

struct worker {
	struct emu_front *f;
	pthread_t thread;
	int started;
	int ep;
	struct ev stop_ev;
	int stop_fd;
	struct fconn *delayed, **delayed_tail;
	struct fconn *conns;
	struct fconn *dead; /* closed, waiting to be freed (through next) */
};

struct emu_front {
	struct emu_front_conf conf;
	struct listener *ls;
	size_t nls;
	struct worker workers[MAX_THREADS];
	size_t nworkers;
	atomic_ulong next_id, tls_full, tls_resumed, tls_failed;
};

static void
link_conn(struct worker *w, struct fconn *c)
{
	c->prev = NULL;
	c->next = w->conns;
	if (w->conns)
		w->conns->prev = c;
	w->conns = c;
}

static void
unlink_conn(struct worker *w, struct fconn *c)
{
	if (c->prev)
		c->prev->next = c->next;
	else
		w->conns = c->next;
	if (c->next)
		c->next->prev = c->prev;
}

static void
watch(struct worker *w, struct watch *wt, unsigned want)
{
	unsigned events = (want & EMU_TLS_IN ? EPOLLIN : 0) | (want & EMU_TLS_OUT ? EPOLLOUT : 0);
	if (events == wt->events)
		return;
	struct epoll_event e = { .events = events, .data.ptr = &wt->ev };
	/* an fd with nothing to wait for leaves the set: a hung-up socket would wake us forever */
	int op = !events ? EPOLL_CTL_DEL : !wt->events ? EPOLL_CTL_ADD : EPOLL_CTL_MOD;
	if (epoll_ctl(w->ep, op, wt->fd, &e) == 0 || op == EPOLL_CTL_DEL)
		wt->events = events;
}

/* Closes c; its memory lives until reap(), since an event of the same epoll_wait may name it. */
static void
conn_free(struct worker *w, struct fconn *c)
{
	watch(w, &c->net, 0);
	watch(w, &c->app, 0);
	unlink_conn(w, c);
	if (c->tls)
		emu_tls_conn_free(c->tls); /* closes both sockets */
	else if (!c->handed)
		close(c->fd);
	c->tls = NULL;
	c->dead = 1;
	c->next = w->dead;
	w->dead = c;
}

static void
reap(struct worker *w)
{
	while (w->dead) {
		struct fconn *c = w->dead;
		w->dead = c->next;
		free(c);
	}
}

/* Relays what c can; frees it when it is done. */
static void
service(struct worker *w, struct fconn *c)
{
	struct emu_front *f = w->f;
	unsigned net, app;
	enum emu_tls_state st = emu_tls_conn_step(c->tls, &net, &app);
	if (st == EMU_TLS_READY) {
		int sp[2];
		if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, sp) < 0) {
			conn_free(w, c);
			return;
		}
		emu_tls_conn_attach(c->tls, sp[0]);
		c->app.fd = sp[0];
		int resumed = emu_tls_conn_resumed(c->tls);
		atomic_fetch_add(resumed ? &f->tls_resumed : &f->tls_full, 1);
		c->handed = 1;
		f->conf.hand(f->conf.arg, c->tag, sp[1], (struct sockaddr *)&c->peer, c->peerlen, c->id,
			     resumed ? EMU_FRONT_TLS_RESUMED : EMU_FRONT_TLS_FULL);
		st = emu_tls_conn_step(c->tls, &net, &app);
	}
	if (st == EMU_TLS_DONE) {
		if (!c->handed)
			atomic_fetch_add(&f->tls_failed, 1);
		conn_free(w, c);
		return;
	}
	watch(w, &c->net, net);
	watch(w, &c->app, app);
}

/* c's set-up delay is over (or there is none): hand it over, or start its TLS handshake. */
static void
start(struct worker *w, struct fconn *c)
{
	struct emu_front *f = w->f;
	if (!f->conf.tls || c->plain) {
		c->handed = 1;
		f->conf.hand(f->conf.arg, c->tag, c->fd, (struct sockaddr *)&c->peer, c->peerlen, c->id,
			     EMU_FRONT_PLAIN);
		conn_free(w, c);
		return;
	}
	/* the relay writes an answer as it reads it from the daemon, in several records: Nagle's
	 * algorithm would hold each one after the first for the client's delayed ACK (40 ms) */
	int one = 1;
	setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	c->tls = emu_tls_conn_new(f->conf.tls, c->fd);
	if (!c->tls) {
		c->handed = 1; /* emu_tls_conn_new closed it */
		conn_free(w, c);
		return;
	}
	c->net.fd = c->fd;
	service(w, c);
}

static void
accept_some(struct worker *w, struct listener *l)
{
	struct emu_front *f = w->f;
	for (int i = 0; i < ACCEPTS_PER_WAKE; i++) {
		struct sockaddr_storage peer;
		socklen_t len = sizeof peer;
		int fd = accept4(l->fd, (struct sockaddr *)&peer, &len, SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd < 0)
			return; /* EAGAIN: another thread took it; anything else: try on the next wake */
		unsigned long id = atomic_fetch_add(&f->next_id, 1) + 1;
		if ((!f->conf.tls || l->plain) && !f->conf.connect_latency_ms) {
			f->conf.hand(f->conf.arg, l->tag, fd, (struct sockaddr *)&peer, len, id, EMU_FRONT_PLAIN);
			continue;
		}
		struct fconn *c = calloc(1, sizeof *c);
		if (!c) {
			close(fd);
			continue;
		}
		c->fd = fd;
		c->tag = l->tag;
		c->plain = l->plain;
		c->id = id;
		c->peer = peer;
		c->peerlen = len;
		c->net = (struct watch){ { EV_WATCH }, c, fd, 0 };
		c->app = (struct watch){ { EV_WATCH }, c, -1, 0 };
		link_conn(w, c);
		if (!f->conf.connect_latency_ms) {
			start(w, c);
			continue;
		}
		clock_gettime(CLOCK_MONOTONIC, &c->due);
		c->due.tv_sec += f->conf.connect_latency_ms / 1000;
		c->due.tv_nsec += (long)(f->conf.connect_latency_ms % 1000) * 1000000L;
		if (c->due.tv_nsec >= 1000000000L) {
			c->due.tv_sec++;
			c->due.tv_nsec -= 1000000000L;
		}
		*w->delayed_tail = c;
		w->delayed_tail = &c->next_delayed;
	}
}

static long
ms_until(const struct timespec *due)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	long ns = (due->tv_sec - now.tv_sec) * 1000000000L + (due->tv_nsec - now.tv_nsec);
	return ns <= 0 ? 0 : (ns + 999999) / 1000000;
}

static void
run_due(struct worker *w)
{
	while (w->delayed && ms_until(&w->delayed->due) == 0) {
		struct fconn *c = w->delayed;
		w->delayed = c->next_delayed;
		if (!w->delayed)
			w->delayed_tail = &w->delayed;
		start(w, c);
	}
}

static void *
run(void *arg)
{
	struct worker *w = arg;
	struct epoll_event evs[64];
	for (;;) {
		int timeout = w->delayed ? (int)ms_until(&w->delayed->due) : -1;
		int n = epoll_wait(w->ep, evs, 64, timeout);
		for (int i = 0; i < n; i++) {
			struct ev *e = evs[i].data.ptr;
			if (e->kind == EV_STOP)
				return NULL;
			if (e->kind == EV_LISTENER)
				accept_some(w, (struct listener *)e);
			else if (!((struct watch *)e)->c->dead)
				service(w, ((struct watch *)e)->c);
		}
		run_due(w);
		reap(w);
	}
}

void
emu_front_get_stats(const struct emu_front *f, struct emu_front_stats *out)
{
	out->connections = atomic_load(&f->next_id);
	out->tls_full = atomic_load(&f->tls_full);
	out->tls_resumed = atomic_load(&f->tls_resumed);
	out->tls_failed = atomic_load(&f->tls_failed);
}

struct emu_front *
emu_front_start(const struct emu_front_conf *conf, const struct emu_front_listener *ls, size_t n,
		char *err, size_t errsz)
{
	struct emu_front *f = calloc(1, sizeof *f);
	if (!f || !(f->ls = calloc(n ? n : 1, sizeof *f->ls))) {
		free(f);
		for (size_t i = 0; i < n; i++)
			close(ls[i].fd);
		snprintf(err, errsz, "out of memory");
		return NULL;
	}
	f->conf = *conf;
	f->nls = n;
	for (size_t i = 0; i < n; i++)
		f->ls[i] = (struct listener){ { EV_LISTENER }, ls[i].fd, ls[i].tag, ls[i].plain };
	size_t threads = conf->threads ? conf->threads : 1;
	if (threads > MAX_THREADS)
		threads = MAX_THREADS;
	for (size_t t = 0; t < threads; t++) {
		struct worker *w = &f->workers[t];
		w->f = f;
		w->delayed_tail = &w->delayed;
		w->stop_ev.kind = EV_STOP;
		w->ep = epoll_create1(EPOLL_CLOEXEC);
		w->stop_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
		f->nworkers++;
		int ok = w->ep >= 0 && w->stop_fd >= 0;
		struct epoll_event e = { .events = EPOLLIN, .data.ptr = &w->stop_ev };
		ok = ok && epoll_ctl(w->ep, EPOLL_CTL_ADD, w->stop_fd, &e) == 0;
		for (size_t i = 0; ok && i < n; i++) {
			struct epoll_event le = { .events = EPOLLIN | EPOLLEXCLUSIVE, .data.ptr = &f->ls[i].ev };
			ok = epoll_ctl(w->ep, EPOLL_CTL_ADD, f->ls[i].fd, &le) == 0;
		}
		if (!ok || pthread_create(&w->thread, NULL, run, w) != 0) {
			snprintf(err, errsz, "cannot start the connection threads: %s", strerror(errno));
			emu_front_stop(f);
			return NULL;
		}
		w->started = 1;
	}
	return f;
}

void
emu_front_stop(struct emu_front *f)
{
	if (!f)
		return;
	for (size_t t = 0; t < f->nworkers; t++) {
		struct worker *w = &f->workers[t];
		if (w->started) {
			uint64_t one = 1;
			(void)!write(w->stop_fd, &one, sizeof one);
			pthread_join(w->thread, NULL);
		}
		while (w->conns)
			conn_free(w, w->conns);
		reap(w);
		if (w->ep >= 0)
			close(w->ep);
		if (w->stop_fd >= 0)
			close(w->stop_fd);
	}
	for (size_t i = 0; i < f->nls; i++)
		close(f->ls[i].fd);
	free(f->ls);
	free(f);
}
