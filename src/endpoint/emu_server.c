/* emu_server.c — libmicrohttpd glue: request assembly, fault and latency parking (suspend/resume), responses. */
#include "emu_server.h"

#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <unistd.h>

#include <microhttpd.h>

#include "emu_codec.h"
#include "emu_delay.h"
#include "emu_hold.h"
#include "emu_time.h"

struct daemon_slot {
	struct emu_server *server;
	struct MHD_Daemon *mhd;
	int region;
	int imds; /* the --imds-listen address: requests there are the metadata service's */
};

struct emu_server {
	const struct emu_ctx *ctx;
	struct emu_delay *delay;
	struct emu_hold *hold;
	unsigned max_inflight;   /* 0 = no cap */
	atomic_uint inflight;    /* requests admitted and not yet answered, all regions */
	struct daemon_slot slots[EMU_MAX_REGIONS + 1]; /* + the metadata service's own */
	size_t n;
};

enum phase {
	PHASE_RECEIVING, /* headers and body arriving */
	PHASE_HELD,      /* complete, held by a hold rule until the control interface releases it */
	PHASE_PARKED,    /* answer decided, connection suspended until due or shutdown */
	PHASE_ANSWER,    /* send the answer now */
};

struct conn {
	struct daemon_slot *slot;
	struct MHD_Connection *mc;
	char *raw_uri;
	struct emu_request *req;
	enum phase phase;
	struct emu_answer ans;
	int shutting_down;
	int admitted;            /* counted in server->inflight until answered */
	struct timespec arrived; /* request line read (CLOCK_MONOTONIC): the latency counts from here */
	struct emu_delay_node node;
	struct emu_hold_node hold_node;
};

/* Counts c in while the cap allows; 0 when it is one too many (and so not counted). */
static int
admit(struct conn *c)
{
	struct emu_server *s = c->slot->server;
	if (!s->max_inflight)
		return 1;
	if (atomic_fetch_add(&s->inflight, 1) + 1 > s->max_inflight) {
		atomic_fetch_sub(&s->inflight, 1);
		return 0;
	}
	c->admitted = 1;
	return 1;
}

/* c no longer counts as being served: its answer is on its way (or it never gets one). */
static void
release(struct conn *c)
{
	if (c->admitted) {
		c->admitted = 0;
		atomic_fetch_sub(&c->slot->server->inflight, 1);
	}
}

static void *
on_uri(void *cls, const char *uri, struct MHD_Connection *mc)
{
	struct conn *c = calloc(1, sizeof *c);
	if (!c)
		return NULL;
	clock_gettime(CLOCK_MONOTONIC, &c->arrived);
	c->slot = cls;
	c->mc = mc;
	c->raw_uri = strdup(uri ? uri : "/");
	if (!c->raw_uri) {
		free(c);
		return NULL;
	}
	return c;
}

static void
on_completed(void *cls, struct MHD_Connection *mc, void **con_cls, enum MHD_RequestTerminationCode toe)
{
	(void)cls;
	(void)mc;
	(void)toe;
	struct conn *c = *con_cls;
	if (!c)
		return;
	release(c);
	emu_answer_cleanup(&c->ans);
	emu_request_free(c->req);
	free(c->raw_uri);
	free(c);
	*con_cls = NULL;
}

static enum MHD_Result
add_header(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	(void)kind;
	return emu_request_add_header(cls, key, value ? value : "") == 0 ? MHD_YES : MHD_NO;
}

static void
wake(void *arg, int shutting_down)
{
	struct conn *c = arg;
	c->shutting_down = shutting_down;
	MHD_resume_connection(c->mc);
}

/* Decides the answer: counts the request, refuses it when busy (before any fault: a server that
 * is full does not get as far), injects a fault or runs the operation, logs. */
static void
decide(struct conn *c, int busy)
{
	const struct emu_ctx *ctx = c->slot->server->ctx;
	struct emu_request *r = c->req;
	unsigned long seq = emu_fault_next_seq();
	/* Over the --max-inflight cap the answer is the busy fault, whatever else is configured. */
	enum emu_fault f = busy ? EMU_FAULT_BUSY : emu_fault_pick(&ctx->faults, seq);
	if (!c->ans.request_id[0]) /* a held request has had its id since it arrived */
		emu_ops_request_id(c->ans.request_id);
	c->ans.fault = f;
	switch (f) {
	case EMU_FAULT_NONE:
	case EMU_FAULT_TRUNCATE: /* the call happens; its answer is cut short on the wire */
		emu_ops_handle(ctx, r, &c->ans);
		c->ans.fault = f;
		break;
	case EMU_FAULT_RESET:
	case EMU_FAULT_STALL:
		c->ans.status = 0;
		break;
	default:
		emu_ops_fault(ctx, r, f, &c->ans);
		break;
	}
	const struct emu_state *st = ctx->state;
	struct emu_log_entry e = {
		.seq = seq,
		.region = st->regions[r->region].name,
		.port = st->regions[r->region].port,
		.status = f == EMU_FAULT_RESET || f == EMU_FAULT_STALL ? 0 : c->ans.status,
		.code = emu_err_info(c->ans.err)->code,
		.request_id = c->ans.request_id,
		.fault = emu_fault_name(f),
		.auth_version = c->ans.auth_version,
		.note = &c->ans.note,
	};
	emu_log_request(ctx->log, r, &e);
}

struct truncated {
	char *data;
	size_t len;
};

static ssize_t
read_truncated(void *cls, uint64_t pos, char *buf, size_t max)
{
	struct truncated *t = cls;
	if (pos >= t->len)
		return MHD_CONTENT_READER_END_WITH_ERROR; /* MHD closes: fewer bytes than declared */
	size_t n = t->len - (size_t)pos;
	if (n > max)
		n = max;
	memcpy(buf, t->data + pos, n);
	return (ssize_t)n;
}

static void
free_truncated(void *cls)
{
	struct truncated *t = cls;
	free(t->data);
	free(t);
}

static struct MHD_Response *
make_response(struct conn *c)
{
	struct emu_answer *a = &c->ans;
	if (a->fault == EMU_FAULT_TRUNCATE) {
		struct truncated *t = calloc(1, sizeof *t);
		if (!t)
			return NULL;
		t->data = a->body; /* take ownership */
		t->len = a->len;
		a->body = NULL;
		a->len = 0;
		struct MHD_Response *resp = MHD_create_response_from_callback(
			t->len + 1024, 4096, read_truncated, t, free_truncated);
		if (!resp)
			free_truncated(t);
		return resp;
	}
	if (a->body_static)
		return MHD_create_response_from_buffer(a->len, a->body, MHD_RESPMEM_PERSISTENT);
	return MHD_create_response_from_buffer(a->len, a->body ? a->body : (char *)"",
					       MHD_RESPMEM_MUST_COPY);
}

static enum MHD_Result
answer(struct conn *c)
{
	struct emu_answer *a = &c->ans;
	release(c); /* before the bytes leave: a client that saw the answer may send again at once */
	if (c->shutting_down || a->fault == EMU_FAULT_RESET || a->fault == EMU_FAULT_STALL ||
	    a->status == 0)
		return MHD_NO; /* close the connection without an answer */
	struct MHD_Response *resp = make_response(c);
	if (!resp)
		return MHD_NO;
	char date[EMU_GMT_LEN];
	emu_time_gmt(emu_clock_now(), date);
	MHD_add_response_header(resp, "Date", date);
	MHD_add_response_header(resp, "Server", "ossemu");
	if (a->content_type && (a->len || a->fault == EMU_FAULT_TRUNCATE))
		MHD_add_response_header(resp, "Content-Type", a->content_type);
	if (a->oss_headers) {
		MHD_add_response_header(resp, "x-oss-request-id", a->request_id);
		if (a->err != EMU_OK) {
			MHD_add_response_header(resp, "x-oss-ec", emu_err_info(a->err)->ec);
			if (strcmp(c->req->method, "HEAD") == 0 && a->body && a->len) {
				/* HEAD has no body: OSS carries the error document base64'd in x-oss-err */
				char *b64 = malloc(4 * ((a->len + 2) / 3) + 1);
				if (b64) {
					emu_base64((const unsigned char *)a->body, a->len, b64);
					MHD_add_response_header(resp, "x-oss-err", b64);
					free(b64);
				}
			}
		}
	}
	enum MHD_Result rc = MHD_queue_response(c->mc, (unsigned)a->status, resp);
	MHD_destroy_response(resp);
	return rc;
}

/* Holds c when a hold rule matches it: logs it as held, suspends it and queues it. 1 if held. */
static int
hold(struct conn *c)
{
	struct emu_server *s = c->slot->server;
	const struct emu_ctx *ctx = s->ctx;
	struct emu_request *r = c->req;
	if (!emu_hold_any(s->hold))
		return 0;
	const char *kind = emu_ops_kind(ctx, r);
	if (!emu_hold_match(s->hold, r->bucket, kind))
		return 0;
	emu_ops_request_id(c->ans.request_id);
	struct emu_hold_node *n = &c->hold_node;
	snprintf(n->request_id, sizeof n->request_id, "%s", c->ans.request_id);
	snprintf(n->method, sizeof n->method, "%s", r->method);
	snprintf(n->bucket, sizeof n->bucket, "%s", r->bucket ? r->bucket : "");
	snprintf(n->kind, sizeof n->kind, "%s", kind);
	const struct emu_state *st = ctx->state;
	struct emu_log_entry e = {
		.region = st->regions[r->region].name,
		.port = st->regions[r->region].port,
		.request_id = c->ans.request_id,
	};
	/* logged before it counts as held: a test that sees it held finds its line */
	emu_log_held(ctx->log, r, &e, kind);
	c->phase = PHASE_HELD;
	MHD_suspend_connection(c->mc);
	emu_hold_park(s->hold, n, c);
	return 1;
}

/* Decides c's answer and sends it, now or after the latency. */
static enum MHD_Result
proceed(struct conn *c, int busy)
{
	struct emu_server *s = c->slot->server;
	decide(c, busy);
	/* A refusal goes out at once, as a full server answers: only served requests wait. */
	long ms = busy ? 0 : c->ans.fault == EMU_FAULT_STALL ? -1 : (long)s->ctx->faults.latency_ms;
	if (ms != 0) {
		c->phase = PHASE_PARKED;
		MHD_suspend_connection(c->mc);
		emu_delay_add(s->delay, &c->node, &c->arrived, ms, c);
		return MHD_YES;
	}
	c->phase = PHASE_ANSWER;
	return answer(c);
}

static enum MHD_Result
on_request(void *cls, struct MHD_Connection *mc, const char *url, const char *method,
	   const char *version, const char *upload_data, size_t *upload_data_size, void **con_cls)
{
	(void)url;
	(void)version;
	struct daemon_slot *slot = cls;
	struct conn *c = *con_cls;
	if (!c)
		return MHD_NO; /* out of memory in on_uri */
	if (!c->req) {
		c->req = emu_request_new(method, c->raw_uri, slot->region);
		if (!c->req)
			return MHD_NO;
		c->req->via_imds = slot->imds;
		if (MHD_get_connection_values(mc, MHD_HEADER_KIND, add_header, c->req) < 0)
			return MHD_NO;
		return MHD_YES;
	}
	if (*upload_data_size) {
		emu_request_add_body(c->req, upload_data, *upload_data_size);
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (c->phase == PHASE_RECEIVING) {
		int busy = !admit(c);
		/* Admitted requests may be held: they count as being served while they wait. */
		if (!busy && hold(c))
			return MHD_YES;
		return proceed(c, busy);
	}
	if (c->phase == PHASE_HELD) {
		if (c->shutting_down)
			return MHD_NO;
		/* Released: from here on as if it had just arrived, its latency counted from now. */
		clock_gettime(CLOCK_MONOTONIC, &c->arrived);
		return proceed(c, 0);
	}
	if (c->phase == PHASE_PARKED)
		c->phase = PHASE_ANSWER; /* resumed by the timer thread */
	return answer(c);
}

/* A listening TCP socket on host:port (0 = any free port); its port in *bound. -1 on failure. */
static int
listen_on(const char *host, unsigned port, unsigned *bound, int *v6)
{
	struct addrinfo hints, *res = NULL;
	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE;
	char service[8];
	snprintf(service, sizeof service, "%u", port);
	if (getaddrinfo(host, service, &hints, &res) != 0 || !res) {
		errno = EADDRNOTAVAIL;
		return -1;
	}
	*v6 = res->ai_family == AF_INET6;
	int fd = socket(res->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	int one = 1;
	if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) < 0 ||
	    bind(fd, res->ai_addr, res->ai_addrlen) < 0 || listen(fd, 1024) < 0) {
		int saved = errno;
		if (fd >= 0)
			close(fd);
		freeaddrinfo(res);
		errno = saved;
		return -1;
	}
	freeaddrinfo(res);
	struct sockaddr_storage ss;
	socklen_t len = sizeof ss;
	if (getsockname(fd, (struct sockaddr *)&ss, &len) < 0) {
		int saved = errno;
		close(fd);
		errno = saved;
		return -1;
	}
	*bound = ntohs(ss.ss_family == AF_INET6 ? ((struct sockaddr_in6 *)&ss)->sin6_port
						: ((struct sockaddr_in *)&ss)->sin_port);
	return fd;
}

static struct MHD_Daemon *
start_daemon(struct daemon_slot *slot, int fd, int v6, unsigned threads)
{
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO | MHD_ALLOW_SUSPEND_RESUME |
			 MHD_USE_SUPPRESS_DATE_NO_CLOCK | (v6 ? MHD_USE_IPv6 : 0);
	return MHD_start_daemon(
		flags, 0, NULL, NULL, on_request, slot, MHD_OPTION_LISTEN_SOCKET, fd,
		MHD_OPTION_THREAD_POOL_SIZE, threads ? threads : 4u, MHD_OPTION_URI_LOG_CALLBACK, on_uri,
		slot, MHD_OPTION_NOTIFY_COMPLETED, on_completed, slot, MHD_OPTION_CONNECTION_TIMEOUT, 300u,
		/* Request bodies are gathered outside this pool (EMU_BODY_MAX); it holds the
		 * request's headers and the answer's, so a request's headers (an STS token
		 * included) must fit in about 31 KB. libmicrohttpd zeroes the whole pool for
		 * every connection: at 128 KB that was half of ossemu's CPU when each request
		 * came on a new connection (virtual-hosted addressing). */
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(32 * 1024), MHD_OPTION_END);
}

/* The metadata service's own listener (--imds-listen), beside the regions'. 0 or -1. */
static int
start_imds(struct emu_server *s, const struct emu_server_conf *conf, char *err, size_t errsz)
{
	unsigned bound;
	int v6;
	int fd = listen_on(conf->imds_host, conf->imds_port, &bound, &v6);
	if (fd < 0) {
		snprintf(err, errsz, "cannot listen on %s port %u (metadata service): %s", conf->imds_host,
			 conf->imds_port, strerror(errno));
		return -1;
	}
	struct daemon_slot *slot = &s->slots[s->n];
	slot->server = s;
	slot->region = 0;
	slot->imds = 1;
	slot->mhd = start_daemon(slot, fd, v6, 2);
	if (!slot->mhd) {
		close(fd);
		snprintf(err, errsz, "cannot serve %s port %u (metadata service)", conf->imds_host, bound);
		return -1;
	}
	s->n++;
	return 0;
}

struct emu_server *
emu_server_start(const struct emu_ctx *ctx, const struct emu_server_conf *conf, char *err,
		 size_t errsz)
{
	struct emu_server *s = calloc(1, sizeof *s);
	if (!s) {
		snprintf(err, errsz, "out of memory");
		return NULL;
	}
	s->ctx = ctx;
	s->max_inflight = conf->max_inflight;
	atomic_init(&s->inflight, 0);
	s->delay = emu_delay_start(wake);
	s->hold = emu_hold_new(wake);
	if (!s->delay || !s->hold) {
		snprintf(err, errsz, "cannot start the timer thread");
		emu_delay_free(s->delay);
		emu_hold_free(s->hold);
		free(s);
		return NULL;
	}
	/* Every port is bound and known before any request can be served (ListBuckets shows them all). */
	struct emu_state *st = ctx->state;
	int fds[EMU_MAX_REGIONS];
	int v6[EMU_MAX_REGIONS];
	for (size_t i = 0; i < st->nregions; i++) {
		unsigned port = conf->port ? conf->port + (unsigned)i : 0;
		fds[i] = port > 65535 ? -1 : listen_on(conf->host, port, &st->regions[i].port, &v6[i]);
		if (fds[i] < 0) {
			snprintf(err, errsz, "cannot listen on %s port %u (%s): %s", conf->host, port,
				 st->regions[i].name, strerror(errno));
			while (i > 0)
				close(fds[--i]);
			goto fail;
		}
	}
	for (size_t i = 0; i < st->nregions; i++) {
		struct daemon_slot *slot = &s->slots[i];
		slot->server = s;
		slot->region = (int)i;
		slot->mhd = start_daemon(slot, fds[i], v6[i], conf->threads);
		if (!slot->mhd) {
			snprintf(err, errsz, "cannot serve %s port %u (%s)", conf->host, st->regions[i].port,
				 st->regions[i].name);
			for (size_t k = i; k < st->nregions; k++)
				close(fds[k]); /* MHD owns the sockets of the daemons that started */
			goto fail;
		}
		s->n++;
	}
	if (conf->imds_host && start_imds(s, conf, err, errsz) < 0)
		goto fail;
	return s;
fail:
	emu_server_stop(s);
	return NULL;
}

void
emu_server_stop(struct emu_server *s)
{
	if (!s)
		return;
	emu_hold_stop(s->hold);   /* held requests resume and close */
	emu_delay_stop(s->delay); /* parked requests resume and close */
	for (size_t i = 0; i < s->n; i++)
		MHD_stop_daemon(s->slots[i].mhd);
	emu_delay_free(s->delay);
	emu_hold_free(s->hold);
	free(s);
}

void
emu_server_stats(void *server, char *out, size_t outsz)
{
	(void)server;
	snprintf(out, outsz, ",\"requests\":%lu", emu_fault_seq_count());
}

struct emu_hold *
emu_server_hold(struct emu_server *s)
{
	return s->hold;
}
