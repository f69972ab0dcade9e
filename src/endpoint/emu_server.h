/* emu_server.h — the HTTP side: one libmicrohttpd daemon (thread pool) per region, parking and answering requests. */
#ifndef EMU_SERVER_H
#define EMU_SERVER_H

#include <stddef.h>

#include "emu_hold.h"
#include "emu_ops.h"

struct emu_server;

struct emu_server_conf {
	const char *host;  /* address to bind, e.g. 127.0.0.1 */
	unsigned port;     /* first region's port, the next ones +1…; 0 = free ports */
	unsigned threads;  /* thread pool size per region */
	unsigned max_inflight; /* requests served at once on all regions before 503; 0 = no cap */
	const char *imds_host; /* also listen here for the metadata service only (NULL: no) */
	unsigned imds_port;
};

/*
 * Starts listening for every region of ctx->state and writes the chosen ports into
 * ctx->state->regions[].port. NULL with a message in err on failure.
 */
struct emu_server *emu_server_start(const struct emu_ctx *ctx, const struct emu_server_conf *conf,
				    char *err, size_t errsz);
/* The hold rules and held requests of s (borrowed; the control interface drives them). */
struct emu_hold *emu_server_hold(struct emu_server *s);
/* The members of GET /stats (emu_admin_stats_fn, arg = the server): ,"requests":N … */
void emu_server_stats(void *server, char *out, size_t outsz);
/* Wakes parked requests, closes every connection, joins all threads, frees. */
void emu_server_stop(struct emu_server *s);

#endif
