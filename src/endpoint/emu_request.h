/* emu_request.h — one HTTP request as ossemu sees it: raw URI, decoded path and query, headers, body, route. */
#ifndef EMU_REQUEST_H
#define EMU_REQUEST_H

#include <stddef.h>

#include "emu_buf.h"
#include "emu_error.h"

#define EMU_BODY_MAX (64u * 1024u) /* request bodies over this are refused with EntityTooLarge */

struct emu_kv {
	char *name;
	char *value;   /* "" when absent */
	int has_value; /* query only: 0 for a bare "name" without '=' */
};

enum emu_op {
	EMU_OP_NONE,
	EMU_OP_LIST_BUCKETS,
	EMU_OP_GET_ENCRYPTION,
	EMU_OP_PUT_ENCRYPTION,
	EMU_OP_DELETE_ENCRYPTION,
};

/* Which service a request is for, known from its URI alone: OSS, or the RPC-style APIs (an Action
 * parameter: STS, KMS) and the ECS instance metadata service (a path under /latest/), which have
 * handlers of their own. */
enum emu_service {
	EMU_SERVICE_OSS,
	EMU_SERVICE_RPC,
	EMU_SERVICE_IMDS,
};

enum emu_style {
	EMU_STYLE_SERVICE, /* no bucket: ListBuckets */
	EMU_STYLE_VIRTUAL, /* Host: BUCKET.endpoint */
	EMU_STYLE_PATH,    /* /BUCKET/ on the endpoint host */
};

struct emu_request {
	char method[16];
	char *raw_uri;   /* exactly as received */
	char *raw_path;  /* before '?' */
	char *raw_query; /* after '?', NULL when there is no '?' */
	char *path;      /* percent-decoded raw_path */
	struct emu_kv *query;
	size_t nquery;
	struct emu_kv *headers;
	size_t nheaders;
	size_t capheaders;
	struct emu_buf body;
	int body_too_large;
	int region;      /* index of the region whose port received the request */
	int via_imds;    /* came to the --imds-listen address (the metadata service's own) */
	enum emu_err uri_err; /* EMU_OK, or why the raw URI could not be parsed */
	enum emu_service service;
	/* filled by emu_request_route() */
	enum emu_op op;
	enum emu_style style;
	char *bucket;    /* NULL for service requests */
	int routed;      /* emu_request_route() ran; its answer is route_err */
	enum emu_err route_err;
};

/*
 * A request for raw_uri received on `region`'s port, its URI already split and decoded (a bad
 * URI is recorded in uri_err). Caller frees with emu_request_free(); NULL on OOM.
 */
struct emu_request *emu_request_new(const char *method, const char *raw_uri, int region);
void emu_request_free(struct emu_request *r);
int emu_request_add_header(struct emu_request *r, const char *name, const char *value);
/* Appends body bytes; past EMU_BODY_MAX they are dropped and body_too_large is set. */
void emu_request_add_body(struct emu_request *r, const char *data, size_t n);

/* The first header of that name (case-insensitive), or NULL; borrowed. */
const char *emu_request_header(const struct emu_request *r, const char *name);
/* The first query parameter of that name, or NULL; borrowed. */
const struct emu_kv *emu_request_query(const struct emu_request *r, const char *name);

/*
 * Finds the bucket and the operation. endpoint_hosts are the host names (no port) that name the
 * endpoint itself; any other host with a dot is BUCKET.endpoint. IP literals are endpoints.
 */
enum emu_err emu_request_route(struct emu_request *r, const char *const *endpoint_hosts, size_t n,
			       int allow_path_style);

/* OSS bucket naming: 3-63 of [a-z0-9-], not starting or ending with '-'. */
int emu_bucket_name_valid(const char *name);

/*
 * The headers `want` accepts (called with the lower-cased name), lower-cased, values trimmed,
 * sorted by name, duplicates joined with ','. Caller frees with emu_kvs_free(). -1 on OOM.
 */
int emu_request_collect_headers(const struct emu_request *r, int (*want)(const char *lname, void *arg),
				void *arg, struct emu_kv **out, size_t *n);
void emu_kvs_free(struct emu_kv *kv, size_t n);

#endif
