/* emu_state.h — the buckets ossemu serves (name, region, SSE rule, access), guarded for all threads. */
#ifndef EMU_STATE_H
#define EMU_STATE_H

#include <pthread.h>
#include <stddef.h>

#include "emu_error.h"
#include "emu_time.h"

#define EMU_MAX_REGIONS 16
#define EMU_KMS_KEY_MAX 256

enum emu_algo {
	EMU_ALGO_NONE, /* no SSE rule */
	EMU_ALGO_AES256,
	EMU_ALGO_KMS,
	EMU_ALGO_SM4,
};

struct emu_rule {
	enum emu_algo algo;
	char kms_key_id[EMU_KMS_KEY_MAX + 1]; /* "" = OSS-managed CMK */
	int sm4_data;                        /* KMSDataEncryption = SM4 (KMS only) */
};

struct emu_bucket {
	char name[64];
	int region; /* index into emu_state.regions */
	struct emu_rule rule;
	int denied; /* access = "denied": AccessDenied on its encryption calls */
	char created[EMU_ISO_LEN]; /* ISO 8601 with .000Z */
	char storage_class[24]; /* Standard, IA, Archive, ColdArchive */
	char listed_endpoint[96]; /* fixture's listed_endpoint: what ListBuckets names as the
				   * bucket's Extranet and Intranet endpoint instead of its
				   * region's (a listing a client must not trust blindly); "" */
};

struct emu_region {
	char name[48];
	unsigned port;      /* set once the server listens */
	char addr[64];      /* an address of its own (--region NAME@ADDR:PORT); "" = the default ones */
	unsigned want_port; /* the port asked for with addr */
};

struct emu_state;
struct emu_svc;
/* Writes the state somewhere durable; called with the state write-locked. 0 or -1. */
typedef int (*emu_persist_fn)(const struct emu_state *st, void *arg);

struct emu_state {
	pthread_rwlock_t lock;
	struct emu_bucket *buckets; /* sorted by name after emu_state_seal() */
	size_t n;
	size_t cap;
	struct emu_region regions[EMU_MAX_REGIONS];
	size_t nregions;
	char owner_id[64];
	char owner_name[64];
	emu_persist_fn persist; /* NULL: changes live in memory only */
	void *persist_arg;
	struct emu_svc *svc;    /* the identity and key services' state (emu_svc.h) */
};

int emu_state_init(struct emu_state *st);
void emu_state_cleanup(struct emu_state *st);

/* The index of region `name`, adding it if new; -1 when full or invalid. Startup only. */
int emu_state_region(struct emu_state *st, const char *name);
/* -1 when unknown. */
int emu_state_find_region(const struct emu_state *st, const char *name);
/*
 * The endpoint a client reaches region r at, as ListBuckets lists it and a wrong-region answer
 * names it: a region at an address of its own by its OSS names (oss-NAME[-internal].aliyuncs.com,
 * which a namespace's hosts file gives that address), one on a loopback port by localhost:PORT,
 * so that a client following it stays on this machine.
 */
void emu_region_endpoint(const struct emu_region *r, int internal, char *out, size_t outsz);
/* Adds a bucket (copied). Startup only. -1 with a message when the name is invalid or taken. */
int emu_state_add_bucket(struct emu_state *st, const struct emu_bucket *b, char *err, size_t errsz);
/* Adds N buckets bucket-00001… with a mix of rules, spread over the regions. Startup only. */
int emu_state_generate(struct emu_state *st, size_t n, char *err, size_t errsz);
/* Sorts the buckets; call once after loading and before serving. */
void emu_state_seal(struct emu_state *st);

/* Copies bucket `name` into *out: 1 found, 0 not. */
int emu_state_lookup(struct emu_state *st, const char *name, struct emu_bucket *out);
/* Sets (rule) or removes (rule == NULL) the SSE rule, then persists. NO_SUCH_BUCKET or INTERNAL. */
enum emu_err emu_state_set_rule(struct emu_state *st, const char *name, const struct emu_rule *rule);
/*
 * Up to max buckets with names > marker starting with prefix, in name order, into out (room for
 * max). *truncated tells whether more follow. Returns the count.
 */
size_t emu_state_list(struct emu_state *st, const char *prefix, const char *marker, size_t max,
		      struct emu_bucket *out, int *truncated);

/* "AES256"/"KMS"/"SM4" → algo; -1 when unknown ("" and NULL give EMU_ALGO_NONE). */
int emu_algo_parse(const char *s, enum emu_algo *out);
const char *emu_algo_name(enum emu_algo a);
/*
 * Checks a rule as PutBucketEncryption does and fills *out. algo must be non-empty; key and
 * data_enc may be NULL or "". Returns EMU_OK or the OSS error.
 */
enum emu_err emu_rule_make(const char *algo, const char *key, const char *data_enc, struct emu_rule *out);
/* A creation date derived from the name, stable across runs. */
void emu_default_created(const char *name, char out[EMU_ISO_LEN]);

#endif
