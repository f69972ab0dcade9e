/* emu_ops.h — decide the answer to one request: route, authenticate, then the bucket SSE calls or ListBuckets (STS, KMS, metadata: emu_svc). */
#ifndef EMU_OPS_H
#define EMU_OPS_H

#include <stddef.h>

#include "emu_auth.h"
#include "emu_error.h"
#include "emu_fault.h"
#include "emu_log.h"
#include "emu_note.h"
#include "emu_request.h"
#include "emu_state.h"

/* Everything the handlers share; immutable once serving starts (the state has its own lock). */
struct emu_ctx {
	struct emu_state *state;
	struct emu_keys keys;
	struct emu_fault_conf faults;
	struct emu_log *log;
	int allow_path_style;
	const char *const *endpoint_hosts; /* host names that mean "the endpoint itself" */
	size_t nendpoint_hosts;
	int deny_list_buckets;   /* ListBuckets → 403 AccessDenied (a key without oss:ListBuckets) */
	size_t list_page_size;   /* cap on buckets per ListBuckets page; 0 = the client's max-keys */
	unsigned long fail_list_page; /* the Nth ListBuckets request answers 503; 0 = none */
	int fail_list_onward;         /* … and every later one */
};

struct emu_answer {
	int status;
	enum emu_err err;          /* EMU_OK for a success */
	enum emu_fault fault;
	const char *content_type;  /* NULL when there is no body */
	char *body;                /* owned unless body_static */
	size_t len;
	int body_static;
	int oss_headers;           /* send x-oss-request-id (not on a proxy's page) */
	int auth_version;
	char request_id[40];       /* OSS: 24 hex; STS and KMS: a UUID */
	char endpoint_hint[80];    /* wrong-endpoint answers: the right host:port */
	struct emu_note note;      /* for the log: service, action, signer, what was issued */
};

/* Seeds the request-id generator; call once before threads start. */
void emu_ops_init(void);
/* 24 upper-case hex characters, unique within and across runs. */
void emu_ops_request_id(char out[25]);

/* Routes r (bucket, operation, style) the first time; later calls give the same answer. */
enum emu_err emu_ops_route(const struct emu_ctx *ctx, struct emu_request *r);
/* What r asks for, for hold rules and the log: get, put, delete, list, rpc, imds or other (a
 * request that does not route). Routes r first. */
const char *emu_ops_kind(const struct emu_ctx *ctx, struct emu_request *r);

/* Answers r into a (a->request_id is already set). */
void emu_ops_handle(const struct emu_ctx *ctx, struct emu_request *r, struct emu_answer *a);
/* The answer of an injected fault that has a body (html, garbage, oversize, throttle, fail, busy:
 * the last is also the answer when more than --max-inflight requests are being served). */
void emu_ops_fault(const struct emu_ctx *ctx, const struct emu_request *r, enum emu_fault f,
		   struct emu_answer *a);
void emu_answer_cleanup(struct emu_answer *a);

#endif
