/* emu_tls.c — OpenSSL server context and the relay: SSL_read → plaintext socket, plaintext socket
 * → SSL_write, each direction through one 16 KiB buffer (a TLS record), until both sides close. */
#include "emu_tls.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>

#define RELAY_BUF 16384

struct emu_tls {
	SSL_CTX *ctx;
};

struct emu_tls_conn {
	SSL *ssl;
	int net, app;
	int handshaken;
	int net_eof;   /* the client sent close_notify or closed: nothing more to read from it */
	int net_dead;  /* nothing more can be written to the client either */
	int app_eof;   /* the HTTP daemon closed its side: nothing more to send once out is empty */
	int app_shut;  /* the daemon has been told the client is done (SHUT_WR) */
	unsigned read_wants, write_wants; /* what SSL_read / SSL_write last waited for on net */
	size_t in_off, in_len;   /* decrypted, not yet written to app */
	size_t out_off, out_len; /* from app, not yet written through SSL */
	char in[RELAY_BUF];
	char out[RELAY_BUF];
};

static void
ssl_error(char *err, size_t errsz, const char *what, const char *file)
{
	char detail[256] = "";
	unsigned long e = ERR_get_error();
	if (e)
		ERR_error_string_n(e, detail, sizeof detail);
	ERR_clear_error();
	snprintf(err, errsz, "%s %s: %s", what, file, detail[0] ? detail : "not usable");
}

struct emu_tls *
emu_tls_new(const char *cert_file, const char *key_file, char *err, size_t errsz)
{
	struct emu_tls *t = calloc(1, sizeof *t);
	if (!t || !(t->ctx = SSL_CTX_new(TLS_server_method()))) {
		free(t);
		snprintf(err, errsz, "cannot make a TLS context");
		return NULL;
	}
	SSL_CTX *ctx = t->ctx;
	SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
	SSL_CTX_set_mode(ctx, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER |
				      SSL_MODE_RELEASE_BUFFERS);
	/* Resumption, both kinds: a session cache keyed by session id (TLS 1.2) and tickets (TLS 1.2
	 * and 1.3, OpenSSL's default), big enough for one sweep's buckets. */
	SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_SERVER);
	SSL_CTX_set_session_id_context(ctx, (const unsigned char *)"ossemu", 6);
	SSL_CTX_sess_set_cache_size(ctx, 100000);
	SSL_CTX_set_timeout(ctx, 3600);
	if (SSL_CTX_use_certificate_chain_file(ctx, cert_file) != 1) {
		ssl_error(err, errsz, "--tls-cert", cert_file);
		goto fail;
	}
	if (SSL_CTX_use_PrivateKey_file(ctx, key_file, SSL_FILETYPE_PEM) != 1) {
		ssl_error(err, errsz, "--tls-key", key_file);
		goto fail;
	}
	if (SSL_CTX_check_private_key(ctx) != 1) {
		ssl_error(err, errsz, "--tls-key", key_file);
		goto fail;
	}
	return t;
fail:
	emu_tls_free(t);
	return NULL;
}

void
emu_tls_free(struct emu_tls *t)
{
	if (!t)
		return;
	SSL_CTX_free(t->ctx);
	free(t);
}

struct emu_tls_conn *
emu_tls_conn_new(struct emu_tls *t, int net_fd)
{
	struct emu_tls_conn *c = malloc(sizeof *c);
	if (!c || !(c->ssl = SSL_new(t->ctx))) {
		free(c);
		close(net_fd);
		return NULL;
	}
	/* the buffers need no zeroing: only the counts below say what they hold */
	c->net = net_fd;
	c->app = -1;
	c->handshaken = c->net_eof = c->net_dead = c->app_eof = c->app_shut = 0;
	c->read_wants = c->write_wants = 0;
	c->in_off = c->in_len = c->out_off = c->out_len = 0;
	SSL_set_fd(c->ssl, net_fd);
	SSL_set_accept_state(c->ssl);
	return c;
}

void
emu_tls_conn_attach(struct emu_tls_conn *c, int app_fd)
{
	c->app = app_fd;
}

int
emu_tls_conn_resumed(const struct emu_tls_conn *c)
{
	return SSL_session_reused(c->ssl);
}

int
emu_tls_conn_net_fd(const struct emu_tls_conn *c)
{
	return c->net;
}

int
emu_tls_conn_app_fd(const struct emu_tls_conn *c)
{
	return c->app;
}

void
emu_tls_conn_free(struct emu_tls_conn *c)
{
	if (!c)
		return;
	SSL_free(c->ssl);
	close(c->net);
	if (c->app >= 0)
		close(c->app);
	free(c);
}

/* What SSL waits for after a call that returned rc, or -1 when the connection is over. */
static int
ssl_wants(struct emu_tls_conn *c, int rc, unsigned *wants)
{
	switch (SSL_get_error(c->ssl, rc)) {
	case SSL_ERROR_WANT_READ: *wants = EMU_TLS_IN; return 0;
	case SSL_ERROR_WANT_WRITE: *wants = EMU_TLS_OUT; return 0;
	default:
		ERR_clear_error(); /* the queue is per thread: leave it empty for the next connection */
		return -1;
	}
}

/* One pass over both directions; 1 when some bytes moved. */
static int
pass(struct emu_tls_conn *c)
{
	int moved = 0;
	if (!c->net_eof && c->in_len == 0) {
		c->read_wants = 0;
		int n = SSL_read(c->ssl, c->in, sizeof c->in);
		if (n > 0) {
			c->in_off = 0;
			c->in_len = (size_t)n;
			moved = 1;
		} else if (ssl_wants(c, n, &c->read_wants) < 0) {
			c->net_eof = 1; /* close_notify, a closed socket or a broken record */
		}
	}
	if (c->in_len) {
		ssize_t w = send(c->app, c->in + c->in_off, c->in_len - c->in_off, MSG_NOSIGNAL);
		if (w > 0) {
			c->in_off += (size_t)w;
			if (c->in_off == c->in_len)
				c->in_off = c->in_len = 0;
			moved = 1;
		} else if (w < 0 && errno != EAGAIN && errno != EINTR) {
			c->in_off = c->in_len = 0; /* the daemon is gone: what the client sends is lost */
			c->net_eof = c->app_eof = 1;
		}
	}
	if (c->net_eof && !c->in_len && !c->app_shut) {
		shutdown(c->app, SHUT_WR); /* the daemon sees the client's end of stream */
		c->app_shut = 1;
	}
	if (!c->app_eof && c->out_len == 0) {
		ssize_t r = recv(c->app, c->out, sizeof c->out, 0);
		if (r > 0) {
			c->out_off = 0;
			c->out_len = (size_t)r;
			moved = 1;
		} else if (r == 0 || (errno != EAGAIN && errno != EINTR)) {
			c->app_eof = 1;
		}
	}
	if (c->out_len && !c->net_dead) {
		c->write_wants = 0;
		int n = SSL_write(c->ssl, c->out + c->out_off, (int)(c->out_len - c->out_off));
		if (n > 0) {
			c->out_off += (size_t)n;
			if (c->out_off == c->out_len)
				c->out_off = c->out_len = 0;
			moved = 1;
		} else if (ssl_wants(c, n, &c->write_wants) < 0) {
			c->net_dead = 1;
			c->out_off = c->out_len = 0;
		}
	}
	return moved;
}

enum emu_tls_state
emu_tls_conn_step(struct emu_tls_conn *c, unsigned *net, unsigned *app)
{
	*net = *app = 0;
	if (!c->handshaken) {
		int rc = SSL_do_handshake(c->ssl);
		if (rc == 1) {
			c->handshaken = 1;
			return EMU_TLS_READY;
		}
		return ssl_wants(c, rc, net) < 0 ? EMU_TLS_DONE : EMU_TLS_HANDSHAKE;
	}
	while (pass(c))
		;
	if (c->net_dead || (c->app_eof && !c->out_len)) {
		if (!c->net_dead)
			SSL_shutdown(c->ssl); /* close_notify, best effort: the answer is complete */
		ERR_clear_error();
		return EMU_TLS_DONE;
	}
	if (!c->net_eof && !c->in_len)
		*net |= c->read_wants;
	if (c->out_len)
		*net |= c->write_wants;
	if (c->in_len)
		*app |= EMU_TLS_OUT;
	if (!c->app_eof && !c->out_len)
		*app |= EMU_TLS_IN;
	return EMU_TLS_RELAY;
}
