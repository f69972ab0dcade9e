/* emu_state.c — bucket table: load-time building, lookups, rule changes and listing under a rwlock. */
#include "emu_state.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emu_request.h"
#include "emu_svc.h"
#include "emu_time.h"

int
emu_state_init(struct emu_state *st)
{
	memset(st, 0, sizeof *st);
	snprintf(st->owner_id, sizeof st->owner_id, "%s", "1738264905170913");
	snprintf(st->owner_name, sizeof st->owner_name, "%s", "1738264905170913");
	if (!(st->svc = emu_svc_new()))
		return -1;
	return pthread_rwlock_init(&st->lock, NULL) == 0 ? 0 : -1;
}

void
emu_state_cleanup(struct emu_state *st)
{
	free(st->buckets);
	st->buckets = NULL;
	st->n = st->cap = 0;
	emu_svc_free(st->svc);
	st->svc = NULL;
	pthread_rwlock_destroy(&st->lock);
}

static int
region_name_valid(const char *name)
{
	size_t n = strlen(name);
	if (n == 0 || n >= sizeof((struct emu_region *)0)->name || strncmp(name, "oss-", 4) == 0)
		return 0;
	for (size_t i = 0; i < n; i++) {
		char c = name[i];
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
			return 0;
	}
	return 1;
}

int
emu_state_find_region(const struct emu_state *st, const char *name)
{
	for (size_t i = 0; i < st->nregions; i++)
		if (strcmp(st->regions[i].name, name) == 0)
			return (int)i;
	return -1;
}

int
emu_state_region(struct emu_state *st, const char *name)
{
	int i = emu_state_find_region(st, name);
	if (i >= 0)
		return i;
	if (!region_name_valid(name) || st->nregions == EMU_MAX_REGIONS)
		return -1;
	snprintf(st->regions[st->nregions].name, sizeof st->regions[0].name, "%s", name);
	st->regions[st->nregions].port = 0;
	return (int)st->nregions++;
}

int
emu_state_add_bucket(struct emu_state *st, const struct emu_bucket *b, char *err, size_t errsz)
{
	if (!emu_bucket_name_valid(b->name)) {
		snprintf(err, errsz, "invalid bucket name \"%s\" (3-63 of a-z 0-9 -, no leading or trailing -)",
			 b->name);
		return -1;
	}
	for (size_t i = 0; i < st->n; i++)
		if (strcmp(st->buckets[i].name, b->name) == 0) {
			snprintf(err, errsz, "bucket \"%s\" is defined twice", b->name);
			return -1;
		}
	if (st->n == st->cap) {
		size_t cap = st->cap ? st->cap * 2 : 64;
		struct emu_bucket *p = realloc(st->buckets, cap * sizeof *p);
		if (!p) {
			snprintf(err, errsz, "out of memory");
			return -1;
		}
		st->buckets = p;
		st->cap = cap;
	}
	st->buckets[st->n++] = *b;
	return 0;
}

int
emu_state_generate(struct emu_state *st, size_t n, char *err, size_t errsz)
{
	if (st->nregions == 0) {
		snprintf(err, errsz, "no region");
		return -1;
	}
	static const char *const classes[] = { "Standard", "Standard", "IA", "Archive", "Standard" };
	for (size_t i = 1; i <= n; i++) {
		struct emu_bucket b;
		memset(&b, 0, sizeof b);
		snprintf(b.name, sizeof b.name, "bucket-%05zu", i);
		b.region = (int)((i - 1) % st->nregions);
		switch (i % 8) {
		case 1: case 7: b.rule.algo = EMU_ALGO_AES256; break;
		case 2: b.rule.algo = EMU_ALGO_KMS; break;
		case 3:
		case 6:
			b.rule.algo = EMU_ALGO_KMS;
			snprintf(b.rule.kms_key_id, sizeof b.rule.kms_key_id,
				 "%08zx-4b1d-4c2a-9e3f-%012zx", i * 2654435761u % 0xffffffffu, i * 40503u);
			b.rule.sm4_data = i % 8 == 6;
			break;
		case 4: b.rule.algo = EMU_ALGO_SM4; break;
		case 5: b.rule.algo = EMU_ALGO_KMS; b.rule.sm4_data = 1; break;
		default: b.rule.algo = EMU_ALGO_NONE; break;
		}
		snprintf(b.storage_class, sizeof b.storage_class, "%s", classes[i % 5]);
		emu_default_created(b.name, b.created);
		if (emu_state_add_bucket(st, &b, err, errsz) < 0)
			return -1;
	}
	return 0;
}

static int
by_name(const void *a, const void *b)
{
	const struct emu_bucket *x = a, *y = b;
	return strcmp(x->name, y->name);
}

void
emu_state_seal(struct emu_state *st)
{
	if (st->n)
		qsort(st->buckets, st->n, sizeof *st->buckets, by_name);
}

static struct emu_bucket *
find(struct emu_state *st, const char *name)
{
	struct emu_bucket key;
	if (strlen(name) >= sizeof key.name || st->n == 0)
		return NULL;
	snprintf(key.name, sizeof key.name, "%s", name);
	return bsearch(&key, st->buckets, st->n, sizeof *st->buckets, by_name);
}

int
emu_state_lookup(struct emu_state *st, const char *name, struct emu_bucket *out)
{
	pthread_rwlock_rdlock(&st->lock);
	struct emu_bucket *b = find(st, name);
	if (b)
		*out = *b;
	pthread_rwlock_unlock(&st->lock);
	return b != NULL;
}

enum emu_err
emu_state_set_rule(struct emu_state *st, const char *name, const struct emu_rule *rule)
{
	enum emu_err e = EMU_OK;
	pthread_rwlock_wrlock(&st->lock);
	struct emu_bucket *b = find(st, name);
	if (!b) {
		e = EMU_ERR_NO_SUCH_BUCKET;
	} else {
		struct emu_rule old = b->rule;
		if (rule)
			b->rule = *rule;
		else
			memset(&b->rule, 0, sizeof b->rule);
		if (st->persist && st->persist(st, st->persist_arg) < 0) {
			b->rule = old; /* not durable: do not pretend it happened */
			e = EMU_ERR_INTERNAL;
		}
	}
	pthread_rwlock_unlock(&st->lock);
	return e;
}

size_t
emu_state_list(struct emu_state *st, const char *prefix, const char *marker, size_t max,
	       struct emu_bucket *out, int *truncated)
{
	size_t plen = strlen(prefix), k = 0;
	*truncated = 0;
	pthread_rwlock_rdlock(&st->lock);
	/* first name > marker: binary search */
	size_t lo = 0, hi = st->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(st->buckets[mid].name, marker) <= 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t i = lo; i < st->n; i++) {
		if (strncmp(st->buckets[i].name, prefix, plen) != 0) {
			if (strcmp(st->buckets[i].name, prefix) > 0 && plen)
				break; /* sorted: no later name can have the prefix */
			continue;
		}
		if (k == max) {
			*truncated = 1;
			break;
		}
		out[k++] = st->buckets[i];
	}
	pthread_rwlock_unlock(&st->lock);
	return k;
}

int
emu_algo_parse(const char *s, enum emu_algo *out)
{
	if (!s || !*s)
		*out = EMU_ALGO_NONE;
	else if (strcmp(s, "AES256") == 0)
		*out = EMU_ALGO_AES256;
	else if (strcmp(s, "KMS") == 0)
		*out = EMU_ALGO_KMS;
	else if (strcmp(s, "SM4") == 0)
		*out = EMU_ALGO_SM4;
	else
		return -1;
	return 0;
}

const char *
emu_algo_name(enum emu_algo a)
{
	switch (a) {
	case EMU_ALGO_AES256: return "AES256";
	case EMU_ALGO_KMS: return "KMS";
	case EMU_ALGO_SM4: return "SM4";
	default: return "";
	}
}

enum emu_err
emu_rule_make(const char *algo, const char *key, const char *data_enc, struct emu_rule *out)
{
	memset(out, 0, sizeof *out);
	if (!algo || !*algo || emu_algo_parse(algo, &out->algo) < 0)
		return EMU_ERR_BAD_ALGORITHM;
	if (key && *key) {
		if (out->algo != EMU_ALGO_KMS)
			return EMU_ERR_KEY_NOT_KMS;
		if (strlen(key) > EMU_KMS_KEY_MAX)
			return EMU_ERR_KEY_TOO_LONG;
		snprintf(out->kms_key_id, sizeof out->kms_key_id, "%s", key);
	}
	if (data_enc && *data_enc) {
		if (out->algo != EMU_ALGO_KMS)
			return EMU_ERR_DATA_ENC_NOT_KMS;
		if (strcmp(data_enc, "SM4") != 0)
			return EMU_ERR_DATA_ENC_VALUE;
		out->sm4_data = 1;
	}
	return EMU_OK;
}

void
emu_default_created(const char *name, char out[EMU_ISO_LEN])
{
	unsigned long h = 5381;
	for (const char *p = name; *p; p++)
		h = h * 33 + (unsigned char)*p;
	time_t base = 1546300800; /* 2019-01-01 */
	time_t t = base + (time_t)(h % (6ul * 365 * 86400));
	emu_time_iso_ext(t, 0, out);
}
