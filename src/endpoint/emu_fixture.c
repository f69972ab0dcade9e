/* emu_fixture.c — libconfig fixture loading with file:line errors, atomic saving, --bucket specs. */
#include "emu_fixture.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <libconfig.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "emu_buf.h"
#include "emu_cfg.h"
#include "emu_svc.h"
#include "emu_time.h"

struct errs {
	char *buf;
	size_t size;
	size_t len;
	int count;
};

__attribute__((format(printf, 4, 5))) static void
report(struct errs *e, const char *file, int line, const char *fmt, ...)
{
	e->count++;
	if (e->len + 1 >= e->size)
		return;
	int n = snprintf(e->buf + e->len, e->size - e->len, "%s%s:%d: ", e->len ? "\n" : "", file, line);
	if (n > 0)
		e->len += (size_t)n < e->size - e->len ? (size_t)n : e->size - e->len - 1;
	va_list ap;
	va_start(ap, fmt);
	n = vsnprintf(e->buf + e->len, e->size - e->len, fmt, ap);
	va_end(ap);
	if (n > 0)
		e->len += (size_t)n < e->size - e->len ? (size_t)n : e->size - e->len - 1;
}

static int
line_of(const config_setting_t *s)
{
	return (int)config_setting_source_line(s);
}

/* A string member of group g, or NULL when absent; reports a non-string. */
static const char *
member_string(struct errs *e, const char *file, config_setting_t *g, const char *key)
{
	config_setting_t *s = config_setting_get_member(g, key);
	if (!s)
		return NULL;
	if (config_setting_type(s) != CONFIG_TYPE_STRING) {
		report(e, file, line_of(s), "%s: expected a string", key);
		return NULL;
	}
	return config_setting_get_string(s);
}

static int
known_key(const char *name, const char *const *keys)
{
	for (; *keys; keys++)
		if (strcmp(name, *keys) == 0)
			return 1;
	return 0;
}

static void
check_keys(struct errs *e, const char *file, config_setting_t *g, const char *const *keys,
	   const char *what)
{
	int n = config_setting_length(g);
	for (int i = 0; i < n; i++) {
		config_setting_t *s = config_setting_get_elem(g, (unsigned)i);
		const char *name = config_setting_name(s);
		if (name && !known_key(name, keys))
			report(e, file, line_of(s), "unknown %s setting \"%s\"", what, name);
	}
}

static void
load_bucket(struct emu_state *st, struct errs *e, const char *file, config_setting_t *g)
{
	static const char *const keys[] = { "name", "region", "algorithm", "kms_key_id",
					    "data_encryption", "access", "created", "storage_class",
					    "listed_endpoint", NULL };
	int line = line_of(g);
	if (!config_setting_is_group(g)) {
		report(e, file, line, "expected a bucket group { name = \"…\"; … }");
		return;
	}
	check_keys(e, file, g, keys, "bucket");
	struct emu_bucket b;
	memset(&b, 0, sizeof b);
	const char *name = member_string(e, file, g, "name");
	const char *region = member_string(e, file, g, "region");
	const char *algo = member_string(e, file, g, "algorithm");
	const char *key = member_string(e, file, g, "kms_key_id");
	const char *enc = member_string(e, file, g, "data_encryption");
	const char *access = member_string(e, file, g, "access");
	const char *created = member_string(e, file, g, "created");
	const char *sclass = member_string(e, file, g, "storage_class");
	const char *listed = member_string(e, file, g, "listed_endpoint");
	if (!name) {
		report(e, file, line, "bucket: expected name = \"…\"");
		return;
	}
	if (strlen(name) >= sizeof b.name) {
		report(e, file, line, "bucket name \"%.70s…\" is longer than 63 characters", name);
		return;
	}
	snprintf(b.name, sizeof b.name, "%s", name);
	if (region) {
		b.region = emu_state_region(st, region);
		if (b.region < 0) {
			report(e, file, line, "%s: region \"%s\" is not a region id like cn-hangzhou", name,
			       region);
			return;
		}
	} else {
		b.region = 0;
	}
	if (algo && *algo) {
		enum emu_err err = emu_rule_make(algo, key, enc, &b.rule);
		if (err != EMU_OK) {
			report(e, file, line, "%s: %s", name,
			       err == EMU_ERR_BAD_ALGORITHM ? "algorithm must be AES256, KMS or SM4"
			       : err == EMU_ERR_KEY_NOT_KMS ? "kms_key_id needs algorithm = \"KMS\""
			       : err == EMU_ERR_KEY_TOO_LONG ? "kms_key_id is too long"
			       : err == EMU_ERR_DATA_ENC_NOT_KMS ? "data_encryption needs algorithm = \"KMS\""
							      : "data_encryption must be \"SM4\"");
			return;
		}
	} else if ((key && *key) || (enc && *enc)) {
		report(e, file, line, "%s: kms_key_id/data_encryption need algorithm = \"KMS\"", name);
		return;
	}
	if (access && strcmp(access, "denied") != 0 && strcmp(access, "allowed") != 0) {
		report(e, file, line, "%s: access must be \"denied\" or \"allowed\"", name);
		return;
	}
	b.denied = access && strcmp(access, "denied") == 0;
	if (listed && strlen(listed) >= sizeof b.listed_endpoint) {
		report(e, file, line, "%s: listed_endpoint is longer than %zu bytes", name,
		       sizeof b.listed_endpoint - 1);
		return;
	}
	if (listed)
		snprintf(b.listed_endpoint, sizeof b.listed_endpoint, "%s", listed);
	if (created) {
		time_t t;
		if (emu_time_parse_iso_ext(created, &t) < 0) {
			report(e, file, line, "%s: created must look like 2021-03-04T05:06:07.000Z", name);
			return;
		}
		emu_time_iso_ext(t, 0, b.created);
	} else {
		emu_default_created(b.name, b.created);
	}
	if (sclass && strcmp(sclass, "Standard") != 0 && strcmp(sclass, "IA") != 0 &&
	    strcmp(sclass, "Archive") != 0 && strcmp(sclass, "ColdArchive") != 0 &&
	    strcmp(sclass, "DeepColdArchive") != 0) {
		report(e, file, line, "%s: storage_class must be Standard, IA, Archive, ColdArchive or DeepColdArchive",
		       name);
		return;
	}
	snprintf(b.storage_class, sizeof b.storage_class, "%s", sclass ? sclass : "Standard");
	char msg[160];
	if (emu_state_add_bucket(st, &b, msg, sizeof msg) < 0)
		report(e, file, line, "%s", msg);
}

struct svc_report {
	struct errs *e;
	const char *file;
};

static void
svc_report(void *arg, int line, const char *msg)
{
	struct svc_report *sr = arg;
	report(sr->e, sr->file, line, "%s", msg);
}

int
emu_fixture_load(struct emu_state *st, const char *path, char *err, size_t errsz)
{
	struct errs e = { err, errsz, 0, 0 };
	err[0] = '\0';
	config_t cfg;
	config_init(&cfg);
	if (config_read_file(&cfg, path) != CONFIG_TRUE) {
		if (config_error_type(&cfg) == CONFIG_ERR_FILE_IO)
			snprintf(err, errsz, "%s: cannot read: %s", path, strerror(errno));
		else
			snprintf(err, errsz, "%s:%d: %s", config_error_file(&cfg) ? config_error_file(&cfg) : path,
				 config_error_line(&cfg), config_error_text(&cfg));
		config_destroy(&cfg);
		return -1;
	}
	config_setting_t *root = config_root_setting(&cfg);
	static const char *const top[] = { "owner", "regions", "buckets", "ram", "kms", NULL };
	check_keys(&e, path, root, top, "top-level");

	config_setting_t *owner = config_setting_get_member(root, "owner");
	if (owner) {
		static const char *const okeys[] = { "id", "display_name", NULL };
		if (!config_setting_is_group(owner)) {
			report(&e, path, line_of(owner), "owner: expected { id = \"…\"; display_name = \"…\"; }");
		} else {
			check_keys(&e, path, owner, okeys, "owner");
			const char *id = member_string(&e, path, owner, "id");
			const char *dn = member_string(&e, path, owner, "display_name");
			if (id)
				snprintf(st->owner_id, sizeof st->owner_id, "%s", id);
			if (dn || id)
				snprintf(st->owner_name, sizeof st->owner_name, "%s", dn ? dn : id);
		}
	}

	config_setting_t *regions = config_setting_get_member(root, "regions");
	if (regions) {
		if (!config_setting_is_array(regions) && !config_setting_is_list(regions)) {
			report(&e, path, line_of(regions), "regions: expected [ \"cn-hangzhou\", … ]");
		} else {
			for (int i = 0; i < config_setting_length(regions); i++) {
				const char *r = config_setting_get_string_elem(regions, i);
				if (!r || emu_state_region(st, r) < 0)
					report(&e, path, line_of(regions),
					       "regions[%d]: expected a region id like \"cn-hangzhou\"", i);
			}
		}
	}
	if (st->nregions == 0)
		emu_state_region(st, "cn-hangzhou");

	config_setting_t *buckets = config_setting_get_member(root, "buckets");
	if (buckets) {
		if (!config_setting_is_list(buckets) && !config_setting_is_array(buckets)) {
			report(&e, path, line_of(buckets), "buckets: expected a list ( { … }, { … } )");
		} else {
			for (int i = 0; i < config_setting_length(buckets); i++)
				load_bucket(st, &e, path, config_setting_get_elem(buckets, (unsigned)i));
		}
	}
	/* RAM identities and KMS keys: sections of their own (emu_svc.c) */
	struct svc_report sr = { &e, path };
	struct emu_cfg_errs svc_errs = { svc_report, &sr, 0 };
	emu_svc_fixture_load(st, root, &svc_errs);
	config_destroy(&cfg);
	return e.count ? -1 : 0;
}

/* A libconfig string literal. */
static void
quoted(struct emu_buf *b, const char *s)
{
	emu_cfg_quote(b, s);
}

static int
render(const struct emu_state *st, struct emu_buf *b)
{
	emu_buf_puts(b, "# ossemu fixture, rewritten by `ossemu --persist` after every change.\n"
			"# Comments are not kept: edit a copy, not the original.\n\n");
	emu_buf_puts(b, "owner = { id = ");
	quoted(b, st->owner_id);
	emu_buf_puts(b, "; display_name = ");
	quoted(b, st->owner_name);
	emu_buf_puts(b, "; };\n\nregions = [ ");
	for (size_t i = 0; i < st->nregions; i++) {
		if (i)
			emu_buf_puts(b, ", ");
		quoted(b, st->regions[i].name);
	}
	emu_buf_puts(b, " ];\n\nbuckets = (\n");
	for (size_t i = 0; i < st->n; i++) {
		const struct emu_bucket *k = &st->buckets[i];
		emu_buf_puts(b, "  { name = ");
		quoted(b, k->name);
		emu_buf_puts(b, "; region = ");
		quoted(b, st->regions[k->region].name);
		emu_buf_puts(b, ";");
		if (k->rule.algo != EMU_ALGO_NONE) {
			emu_buf_printf(b, " algorithm = \"%s\";", emu_algo_name(k->rule.algo));
			if (k->rule.kms_key_id[0]) {
				emu_buf_puts(b, " kms_key_id = ");
				quoted(b, k->rule.kms_key_id);
				emu_buf_puts(b, ";");
			}
			if (k->rule.sm4_data)
				emu_buf_puts(b, " data_encryption = \"SM4\";");
		}
		if (k->denied)
			emu_buf_puts(b, " access = \"denied\";");
		emu_buf_printf(b, " created = \"%s\"; storage_class = \"%s\"; }%s\n", k->created,
			       k->storage_class, i + 1 < st->n ? "," : "");
	}
	emu_buf_puts(b, ");\n");
	emu_svc_fixture_render(st, b);
	return b->failed ? -1 : 0;
}

int
emu_fixture_save(const struct emu_state *st, const char *path)
{
	struct emu_buf b;
	emu_buf_init(&b, 256u * 1024 * 1024);
	if (render(st, &b) < 0) {
		emu_buf_cleanup(&b);
		errno = ENOMEM;
		return -1;
	}
	size_t plen = strlen(path);
	char *tmp = malloc(plen + 16);
	if (!tmp) {
		emu_buf_cleanup(&b);
		return -1;
	}
	snprintf(tmp, plen + 16, "%s.tmp.XXXXXX", path);
	int fd = mkstemp(tmp);
	int rc = -1, saved = 0;
	if (fd >= 0) {
		size_t off = 0;
		while (off < b.len) {
			ssize_t w = write(fd, b.data + off, b.len - off);
			if (w < 0) {
				if (errno == EINTR)
					continue;
				break;
			}
			off += (size_t)w;
		}
		if (off == b.len && fchmod(fd, 0644) == 0 && fsync(fd) == 0)
			rc = 0;
		saved = errno;
		if (close(fd) != 0 && rc == 0) {
			rc = -1;
			saved = errno;
		}
		if (rc == 0 && rename(tmp, path) != 0) {
			rc = -1;
			saved = errno;
		}
		if (rc != 0)
			unlink(tmp);
	} else {
		saved = errno;
	}
	if (rc == 0) { /* make the rename itself durable */
		char *dir = strdup(path);
		if (dir) {
			char *slash = strrchr(dir, '/');
			const char *d = slash ? (slash == dir ? "/" : (*slash = '\0', dir)) : ".";
			int dfd = open(d, O_RDONLY | O_DIRECTORY);
			if (dfd >= 0) {
				fsync(dfd);
				close(dfd);
			}
			free(dir);
		}
	}
	free(tmp);
	emu_buf_cleanup(&b);
	errno = saved;
	return rc;
}

int
emu_fixture_add_spec(struct emu_state *st, const char *spec, char *err, size_t errsz)
{
	char *copy = strdup(spec);
	if (!copy) {
		snprintf(err, errsz, "out of memory");
		return -1;
	}
	char *fields[4] = { NULL, NULL, NULL, NULL };
	size_t nf = 0;
	char *p = copy;
	fields[nf++] = p;
	while ((p = strchr(p, ':')) && nf < 4) {
		*p++ = '\0';
		fields[nf++] = p;
	}
	int rc = -1;
	struct emu_bucket b;
	memset(&b, 0, sizeof b);
	char *at = strchr(fields[0], '@');
	if (at)
		*at++ = '\0';
	if (p && strchr(p, ':')) {
		snprintf(err, errsz, "--bucket %s: expected NAME[@REGION][:ALGO[:KMSKEY[:SM4]]]", spec);
		goto out;
	}
	if (strlen(fields[0]) >= sizeof b.name) {
		snprintf(err, errsz, "--bucket %s: name longer than 63 characters", spec);
		goto out;
	}
	snprintf(b.name, sizeof b.name, "%s", fields[0]);
	b.region = at ? emu_state_region(st, at) : 0;
	if (b.region < 0) {
		snprintf(err, errsz, "--bucket %s: \"%s\" is not a region id like cn-hangzhou", spec, at);
		goto out;
	}
	if (fields[1] && *fields[1]) {
		enum emu_err e = emu_rule_make(fields[1], fields[2], fields[3], &b.rule);
		if (e != EMU_OK) {
			snprintf(err, errsz, "--bucket %s: %s", spec, emu_err_info(e)->message);
			goto out;
		}
	} else if ((fields[2] && *fields[2]) || (fields[3] && *fields[3])) {
		snprintf(err, errsz, "--bucket %s: a KMS key or SM4 needs the KMS algorithm", spec);
		goto out;
	}
	snprintf(b.storage_class, sizeof b.storage_class, "Standard");
	emu_default_created(b.name, b.created);
	char msg[160];
	if (emu_state_add_bucket(st, &b, msg, sizeof msg) < 0) {
		snprintf(err, errsz, "--bucket %s: %s", spec, msg);
		goto out;
	}
	rc = 0;
out:
	free(copy);
	return rc;
}
