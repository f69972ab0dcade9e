/* emu_tls.h — TLS for ossemu's listeners with OpenSSL: the server context (certificate, session cache and tickets) and one connection's non-blocking relay between the client's TLS socket and the plaintext socket the HTTP daemon reads. */
#ifndef EMU_TLS_H
#define EMU_TLS_H

#include <stddef.h>

struct emu_tls;

/*
 * A server context for the PEM certificate (chain) in cert_file and its key in key_file, TLS 1.2
 * and 1.3, with a server-side session cache and session tickets so that a client may resume a
 * session on its next connection. NULL with a message in err.
 */
struct emu_tls *emu_tls_new(const char *cert_file, const char *key_file, char *err, size_t errsz);
void emu_tls_free(struct emu_tls *t);

/* What a relay waits for on each of its sockets (EMU_TLS_IN | EMU_TLS_OUT, or 0). */
enum { EMU_TLS_IN = 1, EMU_TLS_OUT = 2 };

enum emu_tls_state {
	EMU_TLS_HANDSHAKE, /* still shaking hands: wait as *net says */
	EMU_TLS_READY,     /* handshake done: attach the plaintext socket, then step again */
	EMU_TLS_RELAY,     /* relaying: wait as *net and *app say */
	EMU_TLS_DONE,      /* finished or failed: free it */
};

struct emu_tls_conn;

/* A relay for the accepted socket net_fd (non-blocking; the relay owns it from here). NULL on OOM
 * (net_fd is then closed). */
struct emu_tls_conn *emu_tls_conn_new(struct emu_tls *t, int net_fd);
/* Gives the relay the plaintext socket (non-blocking, owned by the relay from here). */
void emu_tls_conn_attach(struct emu_tls_conn *c, int app_fd);
/* Moves every byte it can, then says what it waits for. */
enum emu_tls_state emu_tls_conn_step(struct emu_tls_conn *c, unsigned *net, unsigned *app);
/* After the handshake: 1 when the client resumed an earlier session. */
int emu_tls_conn_resumed(const struct emu_tls_conn *c);
int emu_tls_conn_net_fd(const struct emu_tls_conn *c);
int emu_tls_conn_app_fd(const struct emu_tls_conn *c); /* -1 before attach */
/* Closes both sockets and frees. */
void emu_tls_conn_free(struct emu_tls_conn *c);

#endif
