/* emu_server.h — the HTTP side: each region's listening sockets, one libmicrohttpd daemon (thread pool) per region fed by the front, parking and answering requests. */
#ifndef EMU_SERVER_H
#define EMU_SERVER_H

#include <stddef.h>

#include "emu_hold.h"
#include "emu_ops.h"
#include "emu_tls.h"

struct emu_server;

struct emu_server_conf {
	/* addresses of every region without one of its own (one port on all of them); none given:
	 * 127.0.0.1 and ::1 (where the machine has an IPv6 loopback) */
	const char *const *hosts;
	size_t nhosts;
	unsigned port;     /* first region's port, the next ones +1…; 0 = free ports */
	unsigned threads;  /* thread pool size per region */
	unsigned max_inflight; /* requests served at once on all regions before 503; 0 = no cap */
	unsigned connect_latency_ms; /* each new connection waits this long before it is read */
	struct emu_tls *tls;   /* NULL: plain HTTP; borrowed, outlives the server */
	const char *imds_host; /* also listen here for the metadata service only (NULL: no) */
	unsigned imds_port;
};

/*
 * Starts listening for every region of ctx->state and writes the chosen ports into
 * ctx->state->regions[].port. NULL with a message in err on failure.
 */
struct emu_server *emu_server_start(const struct emu_ctx *ctx, const struct emu_server_conf *conf,
				    char *err, size_t errsz);
/* "http://127.0.0.1:P and http://[::1]:P": where region listens. -1 when out is too small. */
int emu_server_describe(const struct emu_server *s, size_t region, char *out, size_t outsz);
/* The hold rules and held requests of s (borrowed; the control interface drives them). */
struct emu_hold *emu_server_hold(struct emu_server *s);
/* The members of GET /stats (emu_admin_stats_fn, arg = the server): ,"requests":N … */
void emu_server_stats(void *server, char *out, size_t outsz);
/* Wakes parked requests, closes every connection, joins all threads, frees. */
void emu_server_stop(struct emu_server *s);

#endif
