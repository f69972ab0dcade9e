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
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <unistd.h>

#include <microhttpd.h>

#include "emu_codec.h"
#include "emu_delay.h"
#include "emu_front.h"
#include "emu_hostile.h"
#include "emu_hold.h"
#include "emu_time.h"

struct daemon_slot {
	struct emu_server *server;
	struct MHD_Daemon *mhd;
	int region;
	int imds; /* the --imds-listen address: requests there are the metadata service's */
};

/* Addresses one region listens on: the default two loopback addresses, or one of its own. */
#define EMU_MAX_ADDRS 4

struct emu_server {
	const struct emu_ctx *ctx;
	struct emu_front *front;
	/* until the front has them: every region's, then the metadata service's */
	struct emu_front_listener ls[EMU_MAX_REGIONS * EMU_MAX_ADDRS + 1];
	size_t nls;
	char bound[EMU_MAX_REGIONS][EMU_MAX_ADDRS][64]; /* the addresses each region listens on */
	size_t nbound[EMU_MAX_REGIONS];
	int tls;
	/* by socket: the connection's number << 2 | enum emu_front_tls, for the request log */
	_Atomic unsigned long long *conn_info;
	size_t nconn_info;
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
	unsigned long conn_id;   /* the connection's number (1, 2, … in accepting order) */
	enum emu_front_tls tls;
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
	struct emu_server *s = c->slot->server;
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(mc, MHD_CONNECTION_INFO_CONNECTION_FD);
	if (ci && ci->connect_fd >= 0 && (size_t)ci->connect_fd < s->nconn_info) {
		unsigned long long v = atomic_load_explicit(&s->conn_info[ci->connect_fd], memory_order_acquire);
		c->conn_id = (unsigned long)(v >> 2);
		c->tls = (enum emu_front_tls)(v & 3);
	}
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
		.conn = c->conn_id,
		.tls = c->tls == EMU_FRONT_TLS_RESUMED ? "resumed" : c->tls == EMU_FRONT_TLS_FULL ? "full" : NULL,
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
		char shown[128];
		const char *rid = a->request_id;
		if (a->hostile & EMU_HOSTILE(REQUEST_ID)) {
			emu_hostile_text(rid, 0, shown, sizeof shown);
			rid = shown;
		}
		MHD_add_response_header(resp, "x-oss-request-id", rid);
		if (a->err != EMU_OK) {
			const char *ec = emu_err_info(a->err)->ec;
			char ecs[128];
			if (a->hostile & EMU_HOSTILE(EC)) {
				emu_hostile_text(ec, 0, ecs, sizeof ecs);
				ec = ecs;
			}
			MHD_add_response_header(resp, "x-oss-ec", ec);
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

/* A non-blocking listening TCP socket on addr:port (0 = any free port); its port in *bound. -1
 * with errno on failure. */
static int
listen_on(const char *addr, unsigned port, unsigned *bound)
{
	struct addrinfo hints, *res = NULL;
	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE;
	char service[8];
	snprintf(service, sizeof service, "%u", port);
	int gai = getaddrinfo(addr, service, &hints, &res);
	if (gai != 0 || !res) {
		errno = gai == EAI_FAMILY ? EAFNOSUPPORT : EADDRNOTAVAIL;
		return -1;
	}
	int fd = socket(res->ai_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	int one = 1;
	if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) < 0 ||
	    (res->ai_family == AF_INET6 && setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one) < 0) ||
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

static const char *const default_hosts[] = { "127.0.0.1", "::1" };

/*
 * Binds region i on each of its addresses, one port for all of them: the first address picks it
 * when none is asked for, and if another program holds that port on a later address, all start
 * again on a new one. The default ::1 is left out where the machine has no IPv6 loopback.
 */
static int
listen_region(struct emu_server *s, const struct emu_server_conf *conf, size_t i, char *err,
	      size_t errsz)
{
	struct emu_region *rg = &s->ctx->state->regions[i];
	const char *const *addrs = rg->addr[0] ? (const char *const[]){ rg->addr }
			   : conf->nhosts ? conf->hosts : default_hosts;
	size_t naddrs = rg->addr[0] ? 1 : conf->nhosts ? conf->nhosts : 2;
	int optional_v6 = !rg->addr[0] && !conf->nhosts;
	unsigned want = rg->addr[0] ? rg->want_port : conf->port ? conf->port + (unsigned)i : 0;
	if (want > 65535) {
		snprintf(err, errsz, "cannot listen for %s: port %u is out of range", rg->name, want);
		return -1;
	}
	for (int attempt = 0; attempt < 32; attempt++) {
		size_t first = s->nls;
		unsigned port = want;
		int retry = 0;
		for (size_t k = 0; k < naddrs && k < EMU_MAX_ADDRS; k++) {
			unsigned got;
			int fd = listen_on(addrs[k], port, &got);
			if (fd < 0) {
				if (optional_v6 && k == 1 && (errno == EADDRNOTAVAIL || errno == EAFNOSUPPORT))
					continue; /* no IPv6 loopback here */
				if (k > 0 && want == 0 && errno == EADDRINUSE) {
					retry = 1;
					break;
				}
				snprintf(err, errsz, "cannot listen on %s port %u (%s): %s", addrs[k], port,
					 rg->name, strerror(errno));
				while (s->nls > first)
					close(s->ls[--s->nls].fd);
				return -1;
			}
			port = got;
			s->ls[s->nls++] = (struct emu_front_listener){ fd, (int)i, 0 };
			snprintf(s->bound[i][s->nbound[i]++], sizeof s->bound[i][0], "%s", addrs[k]);
		}
		if (!retry) {
			rg->port = port;
			return 0;
		}
		while (s->nls > first)
			close(s->ls[--s->nls].fd);
		s->nbound[i] = 0;
	}
	snprintf(err, errsz, "cannot find a free port on every address for %s", rg->name);
	return -1;
}

/* On a front thread: the new connection goes to its region's daemon, its number and TLS state
 * noted by its socket for the request log. */
static void
hand(void *arg, int tag, int fd, const struct sockaddr *peer, socklen_t peerlen,
     unsigned long conn_id, enum emu_front_tls tls)
{
	struct emu_server *s = arg;
	if (fd >= 0 && (size_t)fd < s->nconn_info)
		atomic_store_explicit(&s->conn_info[fd], (unsigned long long)conn_id << 2 | (unsigned)tls,
				      memory_order_release);
	MHD_add_connection(s->slots[tag].mhd, fd, peer, peerlen); /* closes fd when it fails */
}

/* The metadata service's own address (--imds-listen), beside the regions': its listener is the
 * slot after the regions' and always plain HTTP, as the metadata service is. 0 or -1. */
static int
listen_imds(struct emu_server *s, const struct emu_server_conf *conf, char *err, size_t errsz)
{
	unsigned bound;
	int fd = listen_on(conf->imds_host, conf->imds_port, &bound);
	if (fd < 0) {
		snprintf(err, errsz, "cannot listen on %s port %u (metadata service): %s", conf->imds_host,
			 conf->imds_port, strerror(errno));
		return -1;
	}
	s->ls[s->nls++] = (struct emu_front_listener){ fd, (int)s->ctx->state->nregions, 1 };
	return 0;
}

/* A daemon fed by the front (MHD_add_connection), with no listening socket of its own. */
static struct MHD_Daemon *
start_daemon(struct emu_server *s, struct daemon_slot *slot, unsigned threads)
{
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO | MHD_ALLOW_SUSPEND_RESUME |
			 MHD_USE_SUPPRESS_DATE_NO_CLOCK | MHD_USE_NO_LISTEN_SOCKET;
	return MHD_start_daemon(
		flags, 0, NULL, NULL, on_request, slot, MHD_OPTION_THREAD_POOL_SIZE, threads,
		MHD_OPTION_URI_LOG_CALLBACK, on_uri, slot, MHD_OPTION_NOTIFY_COMPLETED, on_completed, slot,
		MHD_OPTION_CONNECTION_TIMEOUT, 300u,
		MHD_OPTION_CONNECTION_LIMIT, (unsigned)(s->nconn_info > 4 ? s->nconn_info - 4 : 1),
		/* Request bodies are gathered outside this pool (EMU_BODY_MAX); it holds the
		 * request's headers and the answer's, so a request's headers (an STS token
		 * included) must fit in about 31 KB. libmicrohttpd zeroes the whole pool for
		 * every connection: at 128 KB that was half of ossemu's CPU when each request
		 * came on a new connection (virtual-hosted addressing). */
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(32 * 1024), MHD_OPTION_END);
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
	s->tls = conf->tls != NULL;
	atomic_init(&s->inflight, 0);
	struct rlimit rl;
	s->nconn_info = getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY
				? (size_t)rl.rlim_cur : 65536;
	if (s->nconn_info > (1u << 20))
		s->nconn_info = 1u << 20;
	s->conn_info = calloc(s->nconn_info, sizeof *s->conn_info);
	s->delay = emu_delay_start(wake);
	s->hold = emu_hold_new(wake);
	if (!s->delay || !s->hold || !s->conn_info) {
		snprintf(err, errsz, "cannot start the timer thread");
		emu_delay_free(s->delay);
		emu_hold_free(s->hold);
		free(s->conn_info);
		free(s);
		return NULL;
	}
	/* Every port is bound and known before any request can be served (ListBuckets shows them all). */
	struct emu_state *st = ctx->state;
	for (size_t i = 0; i < st->nregions; i++)
		if (listen_region(s, conf, i, err, errsz) < 0)
			goto fail;
	if (conf->imds_host && listen_imds(s, conf, err, errsz) < 0)
		goto fail;
	/* a slot per region, then the metadata service's */
	size_t nslots = st->nregions + (conf->imds_host ? 1 : 0);
	for (size_t i = 0; i < nslots; i++) {
		struct daemon_slot *slot = &s->slots[i];
		slot->server = s;
		slot->imds = i == st->nregions;
		slot->region = slot->imds ? 0 : (int)i;
		slot->mhd = start_daemon(s, slot, slot->imds ? 2u : conf->threads ? conf->threads : 4u);
		if (!slot->mhd && slot->imds) {
			snprintf(err, errsz, "cannot serve %s port %u (metadata service)", conf->imds_host,
				 conf->imds_port);
			goto fail;
		}
		if (!slot->mhd) {
			snprintf(err, errsz, "cannot serve %s (port %u)", st->regions[i].name,
				 st->regions[i].port);
			goto fail;
		}
		s->n++;
	}
	struct emu_front_conf fc = {
		.threads = conf->threads ? conf->threads : 4u,
		.connect_latency_ms = conf->connect_latency_ms,
		.tls = conf->tls,
		.hand = hand,
		.arg = s,
	};
	s->front = emu_front_start(&fc, s->ls, s->nls, err, errsz);
	s->nls = 0; /* the front owns the listeners now, even when it failed */
	if (!s->front)
		goto fail;
	return s;
fail:
	emu_server_stop(s);
	return NULL;
}

int
emu_server_describe(const struct emu_server *s, size_t region, char *out, size_t outsz)
{
	const char *scheme = s->tls ? "https" : "http";
	unsigned port = s->ctx->state->regions[region].port;
	size_t len = 0;
	out[0] = '\0';
	for (size_t k = 0; k < s->nbound[region]; k++) {
		const char *a = s->bound[region][k];
		int v6 = strchr(a, ':') != NULL;
		int n = snprintf(out + len, outsz - len, "%s%s://%s%s%s:%u", k ? " and " : "", scheme,
				 v6 ? "[" : "", a, v6 ? "]" : "", port);
		if (n < 0 || (size_t)n >= outsz - len)
			return -1;
		len += (size_t)n;
	}
	return 0;
}

void
emu_server_stop(struct emu_server *s)
{
	if (!s)
		return;
	emu_front_stop(s->front); /* no new connection; the TLS relays close */
	while (s->nls)
		close(s->ls[--s->nls].fd);
	emu_hold_stop(s->hold);   /* held requests resume and close */
	emu_delay_stop(s->delay); /* parked requests resume and close */
	for (size_t i = 0; i < s->n; i++)
		MHD_stop_daemon(s->slots[i].mhd);
	emu_delay_free(s->delay);
	emu_hold_free(s->hold);
	free(s->conn_info);
	free(s);
}

void
emu_server_stats(void *server, char *out, size_t outsz)
{
	struct emu_server *s = server;
	struct emu_front_stats fs = { 0 };
	emu_front_get_stats(s->front, &fs);
	snprintf(out, outsz,
		 ",\"requests\":%lu,\"connections\":%lu,\"tls_full\":%lu,\"tls_resumed\":%lu,"
		 "\"tls_failed\":%lu",
		 emu_fault_seq_count(), fs.connections, fs.tls_full, fs.tls_resumed, fs.tls_failed);
}

struct emu_hold *
emu_server_hold(struct emu_server *s)
{
	return s->hold;
}
