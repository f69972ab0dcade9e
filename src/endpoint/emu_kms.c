/* emu_kms.c — KMS keys from the fixture and the four read calls, with their paging, filters and errors. */
#include "emu_kms.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emu_time.h"

#define MAX_FILTERS 10
#define MAX_FILTER_VALUES 10

static const char *const specs[] = { "Aliyun_AES_256", "Aliyun_AES_128", "Aliyun_AES_192",
				     "Aliyun_SM4", "RSA_2048", "RSA_3072", "EC_P256", "EC_P256K",
				     "EC_SM2", NULL };
static const char *const usages[] = { "ENCRYPT/DECRYPT", "SIGN/VERIFY", NULL };
static const char *const states[] = { "Enabled", "Disabled", "PendingDeletion", "PendingImport", NULL };
static const char *const origins[] = { "Aliyun_KMS", "EXTERNAL", NULL };
static const char *const levels[] = { "SOFTWARE", "HSM", NULL };
static const char *const creator_types[] = { "User", "Service", NULL };
static const char *const switches[] = { "Enabled", "Disabled", NULL };
static const char *const rotations[] = { "Enabled", "Disabled", "Suspended", NULL };

struct emu_kms *
emu_kms_new(void)
{
	return calloc(1, sizeof(struct emu_kms));
}

void
emu_kms_free(struct emu_kms *k)
{
	if (!k)
		return;
	for (size_t i = 0; i < k->n; i++) {
		emu_cfg_strings_free(k->keys[i].aliases, k->keys[i].naliases);
		free(k->keys[i].description);
	}
	free(k->keys);
	emu_cfg_strings_free(k->not_enabled, k->nnot_enabled);
	free(k);
}

static int
one_of(const char *s, const char *const *set)
{
	for (; *set; set++)
		if (strcmp(s, *set) == 0)
			return 1;
	return 0;
}

static void
join(char *out, size_t n, const char *const *set)
{
	out[0] = '\0';
	for (size_t i = 0; set[i]; i++)
		snprintf(out + strlen(out), n - strlen(out), "%s%s", i ? ", " : "", set[i]);
}

/* A string member that must be one of set; def when absent. */
static void
choice(struct emu_cfg_errs *e, const config_setting_t *g, const char *key, const char *const *set,
       const char *def, char *out, size_t outsz)
{
	const char *v = emu_cfg_string(e, g, key);
	if (v && !one_of(v, set)) {
		char all[256];
		join(all, sizeof all, set);
		emu_cfg_error(e, config_setting_get_member(g, key), "%s \"%s\": expected one of %s", key, v, all);
		v = NULL;
	}
	snprintf(out, outsz, "%s", v ? v : def);
}

/* A date member 2006-01-02T15:04:05Z, "" when absent. */
static void
date(struct emu_cfg_errs *e, const config_setting_t *g, const char *key, char out[24])
{
	const char *v = emu_cfg_string(e, g, key);
	time_t t;
	out[0] = '\0';
	if (v && emu_time_parse_iso_sec(v, &t) < 0)
		emu_cfg_error(e, config_setting_get_member(g, key), "%s must look like 2024-01-02T03:04:05Z", key);
	else if (v)
		snprintf(out, 24, "%s", v);
}

static int
alias_valid(const char *a)
{
	if (strncmp(a, "alias/", 6) != 0 || strncmp(a, "alias/acs/", 10) == 0 || !a[6] || strlen(a) > 255)
		return 0;
	for (const char *p = a + 6; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		      *p == '_' || *p == '-' || *p == '/' || *p == ':'))
			return 0;
	return 1;
}

static const struct emu_kms_key *
find_alias(const struct emu_kms *k, const char *region, const char *alias)
{
	for (size_t i = 0; i < k->n; i++)
		for (size_t j = 0; j < k->keys[i].naliases; j++)
			if (strcmp(k->keys[i].region, region) == 0 && strcmp(k->keys[i].aliases[j], alias) == 0)
				return &k->keys[i];
	return NULL;
}

static void
load_key(struct emu_kms *k, const config_setting_t *g, const char *account, struct emu_cfg_errs *e)
{
	static const char *const keys[] = { "id", "region", "aliases", "spec", "usage", "state", "origin",
					    "protection", "creator", "creator_type", "created",
					    "description", "delete_date", "deletion_protection", "rotation",
					    "rotation_interval", "last_rotation", "next_rotation",
					    "material_expire", "primary_key_version", NULL };
	if (!config_setting_is_group(g)) {
		emu_cfg_error(e, g, "kms.keys: expected { id = \"…\"; region = \"…\"; spec = \"…\"; … }");
		return;
	}
	emu_cfg_known(e, g, keys, "KMS key");
	struct emu_kms_key key;
	memset(&key, 0, sizeof key);
	const char *id = emu_cfg_string(e, g, "id");
	const char *region = emu_cfg_string(e, g, "region");
	if (!id || !*id || strlen(id) >= sizeof key.id || strchr(id, '/') || strchr(id, ':')) {
		emu_cfg_error(e, g, "KMS key: expected id = \"…\" (up to 79 characters, no '/' or ':')");
		return;
	}
	if (!region || !emu_region_id_valid(region) || strlen(region) >= sizeof key.region) {
		emu_cfg_error(e, g, "KMS key %s: expected region = \"cn-hangzhou\" (a region id)", id);
		return;
	}
	for (size_t i = 0; i < k->n; i++)
		if (strcmp(k->keys[i].id, id) == 0) {
			emu_cfg_error(e, g, "KMS key %s is given twice", id);
			return;
		}
	snprintf(key.id, sizeof key.id, "%s", id);
	snprintf(key.region, sizeof key.region, "%s", region);
	choice(e, g, "spec", specs, "Aliyun_AES_256", key.spec, sizeof key.spec);
	choice(e, g, "usage", usages, strncmp(key.spec, "EC_", 3) == 0 ? "SIGN/VERIFY" : "ENCRYPT/DECRYPT",
	       key.usage, sizeof key.usage);
	choice(e, g, "state", states, "Enabled", key.state, sizeof key.state);
	choice(e, g, "origin", origins, "Aliyun_KMS", key.origin, sizeof key.origin);
	choice(e, g, "protection", levels, "SOFTWARE", key.protection, sizeof key.protection);
	choice(e, g, "creator_type", creator_types, "User", key.creator_type, sizeof key.creator_type);
	choice(e, g, "deletion_protection", switches, "Disabled", key.deletion_protection,
	       sizeof key.deletion_protection);
	choice(e, g, "rotation", rotations, "Disabled", key.rotation, sizeof key.rotation);
	const char *creator = emu_cfg_string(e, g, "creator");
	snprintf(key.creator, sizeof key.creator, "%s", creator ? creator : account);
	date(e, g, "created", key.created);
	if (!key.created[0]) {
		char iso[EMU_ISO_LEN];
		emu_default_created(id, iso);
		snprintf(key.created, sizeof key.created, "%.19sZ", iso);
	}
	date(e, g, "delete_date", key.delete_date);
	date(e, g, "last_rotation", key.last_rotation);
	date(e, g, "next_rotation", key.next_rotation);
	date(e, g, "material_expire", key.material_expire);
	const char *interval = emu_cfg_string(e, g, "rotation_interval");
	snprintf(key.rotation_interval, sizeof key.rotation_interval, "%s", interval ? interval : "");
	const char *pkv = emu_cfg_string(e, g, "primary_key_version");
	if (pkv) {
		snprintf(key.primary_key_version, sizeof key.primary_key_version, "%s", pkv);
	} else { /* stable across runs, shaped like KMS's version ids */
		uint64_t h = 1469598103934665603ull;
		for (const char *p = id; *p; p++)
			h = (h ^ (unsigned char)*p) * 1099511628211ull;
		snprintf(key.primary_key_version, sizeof key.primary_key_version, "%08x-%04x-%04x-%04x-%012llx",
			 (unsigned)(h >> 32), (unsigned)(h >> 16) & 0xffff, 0x4000 | ((unsigned)h & 0xfff),
			 0x8000 | ((unsigned)(h >> 48) & 0x3fff), (unsigned long long)(h * 31) & 0xffffffffffffull);
	}
	if (strcmp(key.state, "PendingDeletion") == 0 && !key.delete_date[0])
		emu_cfg_error(e, g, "KMS key %s: a key pending deletion needs delete_date", id);
	if (strcmp(key.state, "PendingImport") == 0 && strcmp(key.origin, "EXTERNAL") != 0)
		emu_cfg_error(e, g, "KMS key %s: only an EXTERNAL key can be pending import", id);
	const char *desc = emu_cfg_string(e, g, "description");
	int oom = emu_cfg_strings(e, g, "aliases", &key.aliases, &key.naliases) < 0 ||
		  (desc && !(key.description = strdup(desc)));
	for (size_t i = 0; !oom && i < key.naliases; i++) {
		if (!alias_valid(key.aliases[i]))
			emu_cfg_error(e, g, "KMS key %s: alias \"%s\" is not alias/NAME (letters, digits, _ - / :; not alias/acs/…)",
				      id, key.aliases[i]);
		else if (find_alias(k, region, key.aliases[i]))
			emu_cfg_error(e, g, "KMS key %s: alias %s is already another key's in %s", id,
				      key.aliases[i], region);
	}
	struct emu_kms_key *p = oom ? NULL : realloc(k->keys, (k->n + 1) * sizeof *p);
	if (!p) {
		emu_cfg_strings_free(key.aliases, key.naliases);
		free(key.description);
		emu_cfg_error(e, g, "out of memory");
		return;
	}
	k->keys = p;
	k->keys[k->n++] = key;
}

void
emu_kms_load(struct emu_kms *k, const config_setting_t *g, const char *account, struct emu_cfg_errs *e)
{
	if (!g)
		return;
	static const char *const keys[] = { "keys", "not_enabled", NULL };
	if (!config_setting_is_group(g)) {
		emu_cfg_error(e, g, "kms: expected a group { keys = ( … ); }");
		return;
	}
	emu_cfg_known(e, g, keys, "kms");
	const config_setting_t *l = config_setting_get_member(g, "keys");
	if (l && !config_setting_is_list(l))
		emu_cfg_error(e, l, "kms.keys: expected a list ( { … }, { … } )");
	for (int i = 0; l && config_setting_is_list(l) && i < config_setting_length(l); i++)
		load_key(k, config_setting_get_elem(l, (unsigned)i), account, e);
	if (emu_cfg_strings(e, g, "not_enabled", &k->not_enabled, &k->nnot_enabled) < 0)
		emu_cfg_error(e, g, "out of memory");
	for (size_t i = 0; i < k->nnot_enabled; i++)
		if (!emu_region_id_valid(k->not_enabled[i]))
			emu_cfg_error(e, g, "kms.not_enabled: \"%s\" is not a region id", k->not_enabled[i]);
}

void
emu_kms_render(const struct emu_kms *k, struct emu_buf *b)
{
	if (!k->n && !k->nnot_enabled)
		return;
	emu_buf_puts(b, "\nkms = {\n");
	if (k->n) {
		emu_buf_puts(b, "  keys = (\n");
		for (size_t i = 0; i < k->n; i++) {
			const struct emu_kms_key *x = &k->keys[i];
			emu_buf_puts(b, "    {");
			emu_cfg_put(b, "id", x->id);
			emu_cfg_put(b, "region", x->region);
			emu_cfg_put_list(b, "aliases", x->aliases, x->naliases);
			emu_cfg_put(b, "spec", x->spec);
			emu_cfg_put(b, "usage", x->usage);
			emu_cfg_put(b, "state", x->state);
			emu_cfg_put(b, "origin", x->origin);
			emu_cfg_put(b, "protection", x->protection);
			emu_cfg_put(b, "creator", x->creator);
			emu_cfg_put(b, "creator_type", x->creator_type);
			emu_cfg_put(b, "created", x->created);
			emu_cfg_put(b, "description", x->description);
			emu_cfg_put(b, "delete_date", x->delete_date);
			emu_cfg_put(b, "deletion_protection", x->deletion_protection);
			emu_cfg_put(b, "rotation", x->rotation);
			emu_cfg_put(b, "rotation_interval", x->rotation_interval);
			emu_cfg_put(b, "last_rotation", x->last_rotation);
			emu_cfg_put(b, "next_rotation", x->next_rotation);
			emu_cfg_put(b, "material_expire", x->material_expire);
			emu_cfg_put(b, "primary_key_version", x->primary_key_version);
			emu_buf_printf(b, " }%s\n", i + 1 < k->n ? "," : "");
		}
		emu_buf_puts(b, "  );\n");
	}
	if (k->nnot_enabled) {
		emu_buf_puts(b, " ");
		emu_cfg_put_list(b, "not_enabled", k->not_enabled, k->nnot_enabled);
		emu_buf_puts(b, "\n");
	}
	emu_buf_puts(b, "};\n");
}

void
emu_kms_region(const struct emu_rpc *rpc, const char *listener, char out[48])
{
	const char *h = rpc->host;
	const char *rest = strncmp(h, "kms.", 4) == 0 ? h + 4 : strncmp(h, "kms-vpc.", 8) == 0 ? h + 8 : NULL;
	const char *dot = rest ? strchr(rest, '.') : NULL;
	if (dot && strcmp(dot, ".aliyuncs.com") == 0 && (size_t)(dot - rest) < 48) {
		snprintf(out, 48, "%.*s", (int)(dot - rest), rest);
		return;
	}
	const char *rid = emu_rpc_get(rpc, "RegionId");
	snprintf(out, 48, "%s", rid && *rid ? rid : listener);
}

/* ---- the calls ------------------------------------------------------------------------------ */

struct page {
	long number;
	long size;
};

static enum emu_rpc_err
paging(const struct emu_rpc *rpc, struct page *p, const char **detail)
{
	static const char *const names[] = { "PageNumber", "PageSize" };
	long *out[] = { &p->number, &p->size };
	p->number = 1;
	p->size = 10;
	for (int i = 0; i < 2; i++) {
		const char *v = emu_rpc_get(rpc, names[i]);
		if (!v)
			continue;
		char *end;
		long n = strtol(v, &end, 10);
		if (!*v || *end || n < 1 || (i == 0 && n > 1000000) || (i == 1 && n > 100)) {
			*detail = names[i];
			return EMU_RPC_INVALID_PARAMETER;
		}
		*out[i] = n;
	}
	return EMU_RPC_OK;
}

static json_t *
page_fields(json_t *o, const struct page *p, size_t total)
{
	json_object_set_new(o, "TotalCount", json_integer((json_int_t)total));
	json_object_set_new(o, "PageNumber", json_integer(p->number));
	json_object_set_new(o, "PageSize", json_integer(p->size));
	return o;
}

static int
on_page(const struct page *p, size_t index)
{
	size_t first = (size_t)(p->number - 1) * (size_t)p->size;
	return index >= first && index < first + (size_t)p->size;
}

static void
key_arn(const struct emu_svc *svc, const struct emu_kms_key *k, char *out, size_t n)
{
	snprintf(out, n, "acs:kms:%s:%s:key/%s", k->region, svc->ident->account_id, k->id);
}

static const char *
key_field(const struct emu_kms_key *k, const char *filter)
{
	return strcmp(filter, "KeyState") == 0	      ? k->state
	       : strcmp(filter, "KeySpec") == 0	      ? k->spec
	       : strcmp(filter, "KeyUsage") == 0      ? k->usage
	       : strcmp(filter, "ProtectionLevel") == 0 ? k->protection
	       : strcmp(filter, "CreatorType") == 0   ? k->creator_type
						      : NULL;
}

/* Filters: up to 10 {"Key","Values":[…]}; a key matches when every Key has one of its Values. */
static enum emu_rpc_err
parse_filters(const char *text, json_t **out)
{
	*out = NULL;
	if (!text)
		return EMU_RPC_OK;
	json_t *f = strlen(text) <= 16384 ? json_loads(text, 0, NULL) : NULL;
	int ok = json_is_array(f) && json_array_size(f) <= MAX_FILTERS;
	size_t i;
	json_t *el;
	json_array_foreach(ok ? f : NULL, i, el) {
		json_t *key = json_object_get(el, "Key"), *values = json_object_get(el, "Values");
		ok = ok && json_is_string(key) && key_field(&(struct emu_kms_key){ 0 }, json_string_value(key)) &&
		     json_is_array(values) && json_array_size(values) >= 1 &&
		     json_array_size(values) <= MAX_FILTER_VALUES;
		size_t k;
		json_t *v;
		json_array_foreach(ok ? values : NULL, k, v)
			ok = ok && json_is_string(v);
	}
	if (!ok) {
		json_decref(f);
		return EMU_RPC_INVALID_PARAMETER;
	}
	*out = f;
	return EMU_RPC_OK;
}

static int
matches(const struct emu_kms_key *k, json_t *filters)
{
	size_t i;
	json_t *el;
	json_array_foreach(filters, i, el) {
		const char *have = key_field(k, json_string_value(json_object_get(el, "Key")));
		int any = 0;
		size_t j;
		json_t *v;
		json_array_foreach(json_object_get(el, "Values"), j, v)
			any |= strcmp(json_string_value(v), have) == 0;
		if (!any)
			return 0;
	}
	return 1;
}

static void
list_keys(struct emu_svc *svc, struct emu_rpc *rpc, const char *region, struct emu_answer *a)
{
	struct page p;
	const char *detail = NULL;
	enum emu_rpc_err e = paging(rpc, &p, &detail);
	json_t *filters = NULL;
	if (e == EMU_RPC_OK && (e = parse_filters(emu_rpc_get(rpc, "Filters"), &filters)) != EMU_RPC_OK)
		detail = "Filters";
	if (e != EMU_RPC_OK) {
		emu_rpc_fail(a, rpc, e, detail);
		return;
	}
	json_t *list = json_array();
	size_t total = 0;
	for (size_t i = 0; i < svc->kms->n; i++) {
		const struct emu_kms_key *k = &svc->kms->keys[i];
		if (strcmp(k->region, region) != 0 || (filters && !matches(k, filters)))
			continue;
		if (on_page(&p, total)) {
			char arn[256];
			key_arn(svc, k, arn, sizeof arn);
			json_array_append_new(list, json_pack("{s:s, s:s}", "KeyId", k->id, "KeyArn", arn));
		}
		total++;
	}
	json_decref(filters);
	json_t *o = json_object();
	json_object_set_new(o, "Keys", json_pack("{s:o}", "Key", list));
	emu_rpc_answer(a, rpc, page_fields(o, &p, total));
}

/* A key by ID, alias/NAME or ARN, in region. The error when there is none. */
static enum emu_rpc_err
resolve(const struct emu_svc *svc, const char *region, const char *ref, const struct emu_kms_key **out)
{
	*out = NULL;
	char name[300];
	if (strncmp(ref, "acs:kms:", 8) == 0) {
		/* acs:kms:REGION:ACCOUNT:key/ID or …:alias/NAME */
		char r[48], acct[32];
		const char *p = ref + 8, *c1 = strchr(p, ':'), *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
		if (!c1 || !c2 || (size_t)(c1 - p) >= sizeof r || (size_t)(c2 - c1 - 1) >= sizeof acct)
			return EMU_RPC_KEY_NOT_FOUND;
		snprintf(r, sizeof r, "%.*s", (int)(c1 - p), p);
		snprintf(acct, sizeof acct, "%.*s", (int)(c2 - c1 - 1), c1 + 1);
		int alias = strncmp(c2 + 1, "alias/", 6) == 0;
		if (strcmp(r, region) != 0 || strcmp(acct, svc->ident->account_id) != 0)
			return alias ? EMU_RPC_ALIAS_NOT_FOUND : EMU_RPC_KEY_NOT_FOUND;
		if (!alias && strncmp(c2 + 1, "key/", 4) != 0)
			return EMU_RPC_KEY_NOT_FOUND;
		snprintf(name, sizeof name, "%s", alias ? c2 + 1 : c2 + 5);
		ref = name;
	}
	if (strncmp(ref, "alias/", 6) == 0) {
		*out = find_alias(svc->kms, region, ref);
		return *out ? EMU_RPC_OK : EMU_RPC_ALIAS_NOT_FOUND;
	}
	for (size_t i = 0; i < svc->kms->n; i++)
		if (strcmp(svc->kms->keys[i].id, ref) == 0 && strcmp(svc->kms->keys[i].region, region) == 0) {
			*out = &svc->kms->keys[i];
			return EMU_RPC_OK;
		}
	return EMU_RPC_KEY_NOT_FOUND;
}

static void
put_date(json_t *o, const char *name, const char *v)
{
	json_object_set_new(o, name, json_string(v));
}

static void
describe_key(struct emu_svc *svc, struct emu_rpc *rpc, const char *region, struct emu_answer *a)
{
	const char *ref = emu_rpc_get(rpc, "KeyId");
	const struct emu_kms_key *k = NULL;
	enum emu_rpc_err e = !ref || !*ref ? EMU_RPC_MISSING_PARAMETER : resolve(svc, region, ref, &k);
	if (e != EMU_RPC_OK) {
		emu_rpc_fail(a, rpc, e, "KeyId");
		return;
	}
	char arn[256];
	key_arn(svc, k, arn, sizeof arn);
	json_t *m = json_object();
	json_object_set_new(m, "KeyId", json_string(k->id));
	json_object_set_new(m, "Arn", json_string(arn));
	json_object_set_new(m, "KeyState", json_string(k->state));
	json_object_set_new(m, "KeySpec", json_string(k->spec));
	json_object_set_new(m, "KeyUsage", json_string(k->usage));
	json_object_set_new(m, "Creator", json_string(k->creator));
	put_date(m, "CreationDate", k->created);
	json_object_set_new(m, "Description", json_string(k->description ? k->description : ""));
	json_object_set_new(m, "Origin", json_string(k->origin));
	json_object_set_new(m, "ProtectionLevel", json_string(k->protection));
	json_object_set_new(m, "DeletionProtection", json_string(k->deletion_protection));
	put_date(m, "DeleteDate", k->delete_date);
	json_object_set_new(m, "PrimaryKeyVersion", json_string(k->primary_key_version));
	json_object_set_new(m, "AutomaticRotation", json_string(k->rotation));
	json_object_set_new(m, "RotationInterval", json_string(k->rotation_interval));
	put_date(m, "NextRotationDate", k->next_rotation);
	put_date(m, "LastRotationDate", k->last_rotation);
	put_date(m, "MaterialExpireTime", k->material_expire);
	emu_rpc_answer(a, rpc, json_pack("{s:o}", "KeyMetadata", m));
}

static void
list_aliases(struct emu_svc *svc, struct emu_rpc *rpc, const char *region, int by_key,
	     struct emu_answer *a)
{
	struct page p;
	const char *detail = NULL;
	const struct emu_kms_key *only = NULL;
	enum emu_rpc_err e = paging(rpc, &p, &detail);
	if (e == EMU_RPC_OK && by_key) {
		const char *ref = emu_rpc_get(rpc, "KeyId");
		detail = "KeyId";
		e = !ref || !*ref ? EMU_RPC_MISSING_PARAMETER : resolve(svc, region, ref, &only);
	}
	if (e != EMU_RPC_OK) {
		emu_rpc_fail(a, rpc, e, detail);
		return;
	}
	json_t *list = json_array();
	size_t total = 0;
	for (size_t i = 0; i < svc->kms->n; i++) {
		const struct emu_kms_key *k = &svc->kms->keys[i];
		if (strcmp(k->region, region) != 0 || (only && k != only))
			continue;
		for (size_t j = 0; j < k->naliases; j++, total++) {
			if (!on_page(&p, total))
				continue;
			char arn[512];
			snprintf(arn, sizeof arn, "acs:kms:%s:%s:%s", region, svc->ident->account_id, k->aliases[j]);
			json_array_append_new(list, json_pack("{s:s, s:s, s:s}", "KeyId", k->id, "AliasName",
							      k->aliases[j], "AliasArn", arn));
		}
	}
	json_t *o = json_object();
	json_object_set_new(o, "Aliases", json_pack("{s:o}", "Alias", list));
	emu_rpc_answer(a, rpc, page_fields(o, &p, total));
}

void
emu_kms_handle(struct emu_svc *svc, struct emu_rpc *rpc, const char *region, struct emu_answer *a)
{
	unsigned long nth = atomic_fetch_add(&svc->kms_requests, 1) + 1;
	char resource[128];
	snprintf(resource, sizeof resource, "acs:kms:%s:%s:key", region, svc->ident->account_id);
	int enabled = 1;
	for (size_t i = 0; i < svc->kms->nnot_enabled; i++)
		enabled &= strcmp(svc->kms->not_enabled[i], region) != 0;
	if (strcmp(rpc->version, EMU_KMS_VERSION) != 0)
		emu_rpc_fail(a, rpc, EMU_RPC_INVALID_VERSION, NULL);
	else if (svc->opts.kms_throttle_every && nth % svc->opts.kms_throttle_every == 0)
		emu_rpc_fail(a, rpc, EMU_RPC_THROTTLING, NULL);
	else if (!enabled)
		emu_rpc_fail(a, rpc, EMU_RPC_KMS_NOT_ENABLED, NULL);
	else if (strcmp(rpc->action, "ListKeys") != 0 && strcmp(rpc->action, "DescribeKey") != 0 &&
		 strcmp(rpc->action, "ListAliases") != 0 && strcmp(rpc->action, "ListAliasesByKeyId") != 0)
		emu_rpc_fail(a, rpc, EMU_RPC_INVALID_ACTION, NULL);
	else if (rpc->signer.who.kms_denied)
		emu_rpc_fail(a, rpc, EMU_RPC_KMS_NO_PERMISSION, resource);
	else if (strcmp(rpc->action, "ListKeys") == 0)
		list_keys(svc, rpc, region, a);
	else if (strcmp(rpc->action, "DescribeKey") == 0)
		describe_key(svc, rpc, region, a);
	else
		list_aliases(svc, rpc, region, strcmp(rpc->action, "ListAliasesByKeyId") == 0, a);
}
