/* emu_admin.c — the control interface: a one-thread libmicrohttpd daemon on a UNIX socket, JSON answers. */
#include "emu_admin.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <microhttpd.h>

#include "emu_buf.h"
#include "emu_error.h"

struct emu_admin {
	struct MHD_Daemon *mhd;
	char *path;
	struct emu_state *state;
	struct emu_hold *hold;
	emu_admin_stats_fn stats;
	void *stats_arg;
};

struct reply {
	unsigned status;
	struct emu_buf body;
};

static void
json_field(struct emu_buf *b, int first, const char *name, const char *value)
{
	emu_buf_printf(b, "%s\"%s\":", first ? "" : ",", name);
	emu_buf_json(b, value ? value : "", value ? strlen(value) : 0);
}

static void
fail(struct reply *rp, unsigned status, const char *message)
{
	rp->status = status;
	emu_buf_reset(&rp->body);
	emu_buf_putc(&rp->body, '{');
	json_field(&rp->body, 1, "error", message);
	emu_buf_puts(&rp->body, "}\n");
}

static const char *
arg(struct MHD_Connection *mc, const char *name)
{
	return MHD_lookup_connection_value(mc, MHD_GET_ARGUMENT_KIND, name);
}

struct arg_check {
	const char *const *names;
	char bad[64];
};

static enum MHD_Result
check_arg(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	(void)kind;
	(void)value;
	struct arg_check *chk = cls;
	for (const char *const *n = chk->names; *n; n++)
		if (strcmp(*n, key) == 0)
			return MHD_YES;
	snprintf(chk->bad, sizeof chk->bad, "%s", key);
	return MHD_NO;
}

/* Only the query parameters a call knows: a misspelt one is an error, not silently ignored. */
static int
known_args(struct MHD_Connection *mc, const char *const *names, struct reply *rp)
{
	struct arg_check chk = { names, "" };
	MHD_get_connection_values(mc, MHD_GET_ARGUMENT_KIND, check_arg, &chk);
	if (chk.bad[0]) {
		char msg[128];
		snprintf(msg, sizeof msg, "unknown parameter \"%s\"", chk.bad);
		fail(rp, 400, msg);
		return 0;
	}
	return 1;
}

struct held_lists {
	struct emu_buf rules;
	struct emu_buf nodes;
};

static void
rule_json(const struct emu_hold_rule *r, void *arg)
{
	struct emu_buf *b = &((struct held_lists *)arg)->rules;
	emu_buf_puts(b, b->len ? ",{" : "{");
	json_field(b, 1, "bucket", r->bucket);
	json_field(b, 0, "kind", r->kind);
	emu_buf_putc(b, '}');
}

static void
node_json(const struct emu_hold_node *n, void *arg)
{
	struct emu_buf *b = &((struct held_lists *)arg)->nodes;
	emu_buf_puts(b, b->len ? ",{" : "{");
	json_field(b, 1, "request_id", n->request_id);
	json_field(b, 0, "method", n->method);
	json_field(b, 0, "bucket", n->bucket);
	json_field(b, 0, "kind", n->kind);
	emu_buf_putc(b, '}');
}

static void
held(struct emu_admin *a, struct reply *rp)
{
	struct held_lists l;
	emu_buf_init(&l.rules, 64 * 1024);
	emu_buf_init(&l.nodes, 16 * 1024 * 1024);
	/* one visit under the hold's lock: the count and the lists agree */
	size_t n = emu_hold_visit(a->hold, rule_json, node_json, &l);
	emu_buf_printf(&rp->body, "{\"held\":%zu,\"rules\":[%s],\"requests\":[%s]}\n", n,
		       emu_buf_str(&l.rules), emu_buf_str(&l.nodes));
	emu_buf_cleanup(&l.rules);
	emu_buf_cleanup(&l.nodes);
}

static void
hold_calls(struct emu_admin *a, const char *method, struct MHD_Connection *mc, struct reply *rp)
{
	static const char *const hold_args[] = { "bucket", "kind", NULL };
	static const char *const no_args[] = { NULL };
	if (strcmp(method, "POST") == 0) {
		if (!known_args(mc, hold_args, rp))
			return;
		const char *bucket = arg(mc, "bucket"), *kind = arg(mc, "kind");
		static const char *const kinds[] = { "get", "put", "delete", "list", "rpc", "imds", "other", NULL };
		int kind_ok = !kind || !*kind;
		for (const char *const *k = kinds; !kind_ok && *k; k++)
			kind_ok = strcmp(*k, kind) == 0;
		if (!kind_ok) {
			fail(rp, 400, "kind must be get, put, delete, list, rpc, imds or other");
			return;
		}
		if (bucket && strlen(bucket) >= sizeof((struct emu_hold_rule *)0)->bucket) {
			fail(rp, 400, "bucket names are at most 63 characters");
			return;
		}
		if (emu_hold_add_rule(a->hold, bucket, kind) < 0) {
			fail(rp, 400, "too many hold rules");
			return;
		}
	} else if (strcmp(method, "DELETE") == 0) {
		if (!known_args(mc, no_args, rp))
			return;
		emu_hold_clear_rules(a->hold);
	} else {
		fail(rp, 405, "use POST /hold or DELETE /hold");
		return;
	}
	held(a, rp);
}

static void
release(struct emu_admin *a, const char *method, struct MHD_Connection *mc, struct reply *rp)
{
	static const char *const release_args[] = { "n", NULL };
	if (strcmp(method, "POST") != 0) {
		fail(rp, 405, "use POST /release");
		return;
	}
	if (!known_args(mc, release_args, rp))
		return;
	const char *ns = arg(mc, "n");
	unsigned long n = 0;
	if (ns) {
		char *end;
		errno = 0;
		n = strtoul(ns, &end, 10);
		if (!*ns || *end || errno || n == 0 || ns[0] == '-' || ns[0] == '+') {
			fail(rp, 400, "n must be a positive count");
			return;
		}
	}
	size_t k = emu_hold_release(a->hold, n);
	size_t left = emu_hold_visit(a->hold, NULL, NULL, NULL);
	emu_buf_printf(&rp->body, "{\"released\":%zu,\"held\":%zu}\n", k, left);
}

static void
bucket_json(const struct emu_state *st, const struct emu_bucket *b, struct emu_buf *out)
{
	emu_buf_putc(out, '{');
	json_field(out, 1, "name", b->name);
	json_field(out, 0, "region", st->regions[b->region].name);
	json_field(out, 0, "algorithm", emu_algo_name(b->rule.algo));
	json_field(out, 0, "kms_key_id", b->rule.kms_key_id);
	json_field(out, 0, "data_encryption", b->rule.sm4_data ? "SM4" : "");
	json_field(out, 0, "access", b->denied ? "denied" : "allowed");
	emu_buf_puts(out, "}\n");
}

static void
bucket_calls(struct emu_admin *a, const char *method, const char *name, struct MHD_Connection *mc,
	     struct reply *rp)
{
	static const char *const rule_args[] = { "algorithm", "kms_key_id", "data_encryption", NULL };
	static const char *const no_args[] = { NULL };
	struct emu_bucket b;
	if (!emu_state_lookup(a->state, name, &b)) {
		fail(rp, 404, "no such bucket");
		return;
	}
	enum emu_err e = EMU_OK;
	if (strcmp(method, "PUT") == 0) {
		if (!known_args(mc, rule_args, rp))
			return;
		struct emu_rule rule;
		e = emu_rule_make(arg(mc, "algorithm"), arg(mc, "kms_key_id"), arg(mc, "data_encryption"),
				  &rule);
		if (e == EMU_OK)
			e = emu_state_set_rule(a->state, name, &rule);
	} else if (strcmp(method, "DELETE") == 0) {
		if (!known_args(mc, no_args, rp))
			return;
		e = emu_state_set_rule(a->state, name, NULL);
	} else if (strcmp(method, "GET") == 0) {
		if (!known_args(mc, no_args, rp))
			return;
	} else {
		fail(rp, 405, "use GET, PUT or DELETE on /buckets/NAME");
		return;
	}
	if (e != EMU_OK) {
		fail(rp, e == EMU_ERR_INTERNAL ? 500 : 400, emu_err_info(e)->message);
		return;
	}
	emu_state_lookup(a->state, name, &b);
	bucket_json(a->state, &b, &rp->body);
}

static void
stats(struct emu_admin *a, struct reply *rp)
{
	char members[1024] = "";
	if (a->stats)
		a->stats(a->stats_arg, members, sizeof members);
	emu_buf_printf(&rp->body, "{\"held\":%zu%s}\n", emu_hold_visit(a->hold, NULL, NULL, NULL),
		       members);
}

static void
dispatch(struct emu_admin *a, const char *method, const char *url, struct MHD_Connection *mc,
	 struct reply *rp)
{
	rp->status = 200;
	if (strcmp(url, "/hold") == 0) {
		hold_calls(a, method, mc, rp);
	} else if (strcmp(url, "/release") == 0) {
		release(a, method, mc, rp);
	} else if (strcmp(url, "/held") == 0) {
		if (strcmp(method, "GET") == 0)
			held(a, rp);
		else
			fail(rp, 405, "use GET /held");
	} else if (strcmp(url, "/stats") == 0) {
		if (strcmp(method, "GET") == 0)
			stats(a, rp);
		else
			fail(rp, 405, "use GET /stats");
	} else if (strncmp(url, "/buckets/", 9) == 0 && url[9] && !strchr(url + 9, '/')) {
		bucket_calls(a, method, url + 9, mc, rp);
	} else {
		fail(rp, 404, "no such call; see ossemu --help");
	}
}

static enum MHD_Result
on_request(void *cls, struct MHD_Connection *mc, const char *url, const char *method,
	   const char *version, const char *upload_data, size_t *upload_data_size, void **con_cls)
{
	(void)version;
	(void)upload_data;
	static int started;
	if (!*con_cls) {
		*con_cls = &started; /* headers seen; answer once the (ignored) body is in */
		return MHD_YES;
	}
	if (*upload_data_size) {
		*upload_data_size = 0;
		return MHD_YES;
	}
	struct reply rp;
	emu_buf_init(&rp.body, 32 * 1024 * 1024);
	dispatch(cls, method, url, mc, &rp);
	if (rp.body.failed)
		fail(&rp, 500, "out of memory");
	size_t len;
	char *body = emu_buf_take(&rp.body, &len);
	struct MHD_Response *resp =
		MHD_create_response_from_buffer(len, body ? body : (char *)"", MHD_RESPMEM_MUST_FREE);
	if (!resp) {
		free(body);
		return MHD_NO;
	}
	MHD_add_response_header(resp, "Content-Type", "application/json");
	enum MHD_Result rc = MHD_queue_response(mc, rp.status, resp);
	MHD_destroy_response(resp);
	return rc;
}

static int
listen_unix(const char *path, char *err, size_t errsz)
{
	struct sockaddr_un sa;
	memset(&sa, 0, sizeof sa);
	sa.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof sa.sun_path) {
		snprintf(err, errsz, "--admin-socket %s: longer than %zu bytes", path, sizeof sa.sun_path - 1);
		return -1;
	}
	memcpy(sa.sun_path, path, strlen(path));
	struct stat sb;
	if (lstat(path, &sb) == 0) {
		if (!S_ISSOCK(sb.st_mode)) {
			snprintf(err, errsz, "--admin-socket %s: exists and is not a socket", path);
			return -1;
		}
		unlink(path); /* left by an ossemu that did not stop cleanly */
	}
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	mode_t old = umask(077);
	int rc = fd < 0 ? -1 : bind(fd, (struct sockaddr *)&sa, sizeof sa);
	umask(old);
	if (rc < 0 || listen(fd, 64) < 0) {
		snprintf(err, errsz, "--admin-socket %s: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return fd;
}

struct emu_admin *
emu_admin_start(const struct emu_admin_conf *conf, char *err, size_t errsz)
{
	struct emu_admin *a = calloc(1, sizeof *a);
	if (!a || !(a->path = strdup(conf->path))) {
		free(a);
		snprintf(err, errsz, "out of memory");
		return NULL;
	}
	a->state = conf->state;
	a->hold = conf->hold;
	a->stats = conf->stats;
	a->stats_arg = conf->stats_arg;
	int fd = listen_unix(conf->path, err, errsz);
	if (fd < 0) {
		free(a->path);
		free(a);
		return NULL;
	}
	a->mhd = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO, 0, NULL, NULL,
				  on_request, a, MHD_OPTION_LISTEN_SOCKET, fd,
				  MHD_OPTION_CONNECTION_TIMEOUT, 60u, MHD_OPTION_END);
	if (!a->mhd) {
		snprintf(err, errsz, "--admin-socket %s: cannot serve it", conf->path);
		close(fd);
		unlink(conf->path);
		free(a->path);
		free(a);
		return NULL;
	}
	return a;
}

void
emu_admin_stop(struct emu_admin *a)
{
	if (!a)
		return;
	MHD_stop_daemon(a->mhd);
	unlink(a->path);
	free(a->path);
	free(a);
}
