/* emu_admin.h — the control interface tests drive: HTTP on a UNIX socket to hold and release answers, and to read or set a bucket's rule as a second administrator would in the console. */
#ifndef EMU_ADMIN_H
#define EMU_ADMIN_H

#include <stddef.h>

#include "emu_hold.h"
#include "emu_state.h"

/*
 * The calls (answers are JSON objects; errors {"error":"…"} with 400, 404 or 405):
 *   POST   /hold[?bucket=B][&kind=K]  hold arriving requests (for bucket B, of kind K: get, put,
 *                                     delete, list, rpc, imds, other); rules add up
 *   DELETE /hold                      hold no more (requests already held stay held)
 *   POST   /release[?n=N]             release the N oldest held requests (default: all)
 *   GET    /held                      {"held":N,"rules":[…],"requests":[{"request_id",…},…]}
 *   GET    /buckets/NAME              the bucket's state: name, region, algorithm, kms_key_id,
 *                                     data_encryption, access
 *   PUT    /buckets/NAME?algorithm=A[&kms_key_id=K][&data_encryption=SM4]
 *                                     set its rule (checked as PutBucketEncryption checks it)
 *   DELETE /buckets/NAME              remove its rule
 *   GET    /stats                     counters (requests, …)
 */

struct emu_admin;

/* What GET /stats reports: fills a JSON object's members (",\"name\":value" each) into out. */
typedef void (*emu_admin_stats_fn)(void *arg, char *out, size_t outsz);

struct emu_admin_conf {
	const char *path;        /* the socket to create (a stale socket there is replaced) */
	struct emu_state *state;
	struct emu_hold *hold;
	emu_admin_stats_fn stats;
	void *stats_arg;
};

/* Listens on conf->path (mode 0600) with a thread of its own. NULL with a message in err. */
struct emu_admin *emu_admin_start(const struct emu_admin_conf *conf, char *err, size_t errsz);
/* Stops serving, removes the socket, frees. */
void emu_admin_stop(struct emu_admin *a);

#endif
