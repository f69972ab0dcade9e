/* emu_front.h — ossemu's front door: listening sockets served by a few epoll threads, a set-up delay per new connection, TLS termination, and each connection handed to the HTTP daemons as a plaintext socket. */
#ifndef EMU_FRONT_H
#define EMU_FRONT_H

#include <stddef.h>
#include <sys/socket.h>

#include "emu_tls.h"

struct emu_front_listener {
	int fd;  /* listening, non-blocking; the front owns it from emu_front_start() on */
	int tag; /* handed back with each connection (the daemon it goes to) */
	int plain; /* plain HTTP even when the front serves TLS (the metadata service's address) */
};

enum emu_front_tls { EMU_FRONT_PLAIN, EMU_FRONT_TLS_FULL, EMU_FRONT_TLS_RESUMED };

/*
 * Hands one connection over, on a front thread: fd carries plaintext HTTP (the accepted socket
 * itself, or one end of a socket pair behind the TLS relay) and is the callee's from here (it
 * closes it when it cannot take it). conn_id numbers the connections from 1.
 */
typedef void (*emu_front_hand_fn)(void *arg, int tag, int fd, const struct sockaddr *peer,
				  socklen_t peerlen, unsigned long conn_id, enum emu_front_tls tls);

struct emu_front_conf {
	unsigned threads;            /* epoll threads, all accepting (at least 1) */
	unsigned connect_latency_ms; /* each new connection waits this long before its first byte
				      * is read (before the TLS handshake) */
	struct emu_tls *tls;         /* NULL: plain HTTP; borrowed, outlives the front */
	emu_front_hand_fn hand;
	void *arg;
};

struct emu_front_stats {
	unsigned long connections; /* accepted */
	unsigned long tls_full;    /* handshakes that made a new session */
	unsigned long tls_resumed; /* handshakes that resumed one */
	unsigned long tls_failed;  /* handshakes that failed (e.g. the client refused the certificate) */
};

struct emu_front;

/* Starts serving the n listeners. NULL with a message in err (the listeners are then closed). */
struct emu_front *emu_front_start(const struct emu_front_conf *conf,
				  const struct emu_front_listener *ls, size_t n, char *err, size_t errsz);
void emu_front_get_stats(const struct emu_front *f, struct emu_front_stats *out);
/* Stops the threads, closes the listeners and every connection not yet handed over or still
 * relayed, frees. */
void emu_front_stop(struct emu_front *f);

#endif
