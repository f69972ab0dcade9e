/* emu_ident.c — RAM identities from the fixture, the keys that may sign, and the credentials ossemu issues. */
#include "emu_ident.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "emu_codec.h"
#include "emu_time.h"

#define NONCE_SLOTS (1u << 16)
#define NONCE_PROBES 32
#define NONCE_WINDOW 900 /* seconds a SignatureNonce is remembered: as long as a Timestamp is good */
#define IMDS_TOKENS 256

struct emu_nonce {
	uint64_t hash;
	time_t when;
};

struct emu_imds_token {
	char token[64];
	time_t expires;
};

static uint64_t
fnv(const char *s, uint64_t h)
{
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ull;
	}
	return h;
}

/* n decimal digits after `lead`, stable for the same text (RAM ids look like this). */
static void
numeric_id(char *out, size_t outsz, char lead, const char *a, const char *b, int n)
{
	uint64_t h = fnv(b, fnv(a, 1469598103934665603ull));
	size_t k = 0;
	out[k++] = lead;
	for (int i = 0; i < n && k + 1 < outsz; i++) {
		out[k++] = (char)('0' + h % 10);
		h = h / 10 ? h / 10 : fnv(out, h + 7);
	}
	out[k] = '\0';
}

void
emu_signer_wipe(struct emu_signer *s)
{
	OPENSSL_cleanse(s->secret, sizeof s->secret);
	OPENSSL_cleanse(s->token, sizeof s->token);
}

void
emu_issued_wipe(struct emu_issued_view *v)
{
	OPENSSL_cleanse(v->secret, sizeof v->secret);
	OPENSSL_cleanse(v->token, sizeof v->token);
}

struct emu_ident *
emu_ident_new(void)
{
	struct emu_ident *id = calloc(1, sizeof *id);
	if (!id)
		return NULL;
	id->nonces = calloc(NONCE_SLOTS, sizeof *id->nonces);
	id->imds_tokens = calloc(IMDS_TOKENS, sizeof *id->imds_tokens);
	id->issued = calloc(EMU_ISSUED_MAX, sizeof *id->issued);
	if (!id->nonces || !id->imds_tokens || !id->issued || pthread_mutex_init(&id->mu, NULL) != 0) {
		free(id->nonces);
		free(id->imds_tokens);
		free(id->issued);
		free(id);
		return NULL;
	}
	snprintf(id->main_user, sizeof id->main_user, "ossemu");
	id->ecs_current = -1;
	return id;
}

void
emu_ident_free(struct emu_ident *id)
{
	if (!id)
		return;
	for (size_t i = 0; i < id->nusers; i++) {
		free(id->users[i].access_key_id);
		if (id->users[i].secret)
			OPENSSL_cleanse(id->users[i].secret, strlen(id->users[i].secret));
		free(id->users[i].secret);
	}
	free(id->users);
	for (size_t i = 0; i < id->nroles; i++) {
		emu_cfg_strings_free(id->roles[i].trust, id->roles[i].ntrust);
		emu_cfg_strings_free(id->roles[i].oidc, id->roles[i].noidc);
		free(id->roles[i].external_id);
	}
	free(id->roles);
	for (size_t i = 0; i < id->noidc; i++) {
		free(id->oidc[i].issuer);
		emu_cfg_strings_free(id->oidc[i].audiences, id->oidc[i].naud);
		free(id->oidc[i].token);
	}
	free(id->oidc);
	OPENSSL_cleanse(id->issued, EMU_ISSUED_MAX * sizeof *id->issued);
	free(id->issued);
	free(id->nonces);
	free(id->imds_tokens);
	pthread_mutex_destroy(&id->mu);
	free(id);
}

void
emu_ident_set_main(struct emu_ident *id, const struct emu_keys *main, const char *account_id)
{
	id->main = *main;
	snprintf(id->account_id, sizeof id->account_id, "%s", account_id);
}

int
emu_region_id_valid(const char *s)
{
	size_t n = strlen(s);
	if (n < 2 || n > 40 || s[0] == '-' || s[n - 1] == '-')
		return 0;
	for (; *s; s++)
		if (!(islower((unsigned char)*s) || isdigit((unsigned char)*s) || *s == '-'))
			return 0;
	return 1;
}

static int
account_valid(const char *s)
{
	size_t n = strlen(s);
	if (n < 1 || n >= EMU_ACCOUNT_MAX)
		return 0;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return 0;
	return 1;
}

/* RAM user and role names: 1-64 of letters, digits, '.', '-', '_' and '@'. */
static int
ram_name_valid(const char *s, size_t len)
{
	if (len < 1 || len > 64)
		return 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (!(isalnum(c) || c == '.' || c == '-' || c == '_' || c == '@'))
			return 0;
	}
	return 1;
}

/* "acs:ram::UID:KIND/NAME" → account and name (each with room for its max). 0 or -1. */
static int
parse_ram_arn(const char *arn, const char *kind, char account[EMU_ACCOUNT_MAX],
	      char name[EMU_NAME_MAX])
{
	if (strncmp(arn, "acs:ram::", 9) != 0)
		return -1;
	const char *uid = arn + 9;
	const char *colon = strchr(uid, ':');
	size_t klen = strlen(kind);
	if (!colon || (size_t)(colon - uid) >= EMU_ACCOUNT_MAX || strncmp(colon + 1, kind, klen) != 0 ||
	    colon[1 + klen] != '/')
		return -1;
	memcpy(account, uid, (size_t)(colon - uid));
	account[colon - uid] = '\0';
	const char *nm = colon + 2 + klen;
	if (!account_valid(account) || !ram_name_valid(nm, strlen(nm)))
		return -1;
	snprintf(name, EMU_NAME_MAX, "%s", nm);
	return 0;
}

void
emu_principal_user(struct emu_principal *p, const char *account, const char *name, int root,
		   const char *ak, int kms_denied)
{
	memset(p, 0, sizeof *p);
	p->kind = root ? EMU_PRINCIPAL_ROOT : EMU_PRINCIPAL_USER;
	snprintf(p->access_key_id, sizeof p->access_key_id, "%s", ak ? ak : "");
	snprintf(p->account_id, sizeof p->account_id, "%s", account);
	p->kms_denied = kms_denied;
	if (root) {
		snprintf(p->id, sizeof p->id, "%s", account);
		snprintf(p->arn, sizeof p->arn, "acs:ram::%s:root", account);
		return;
	}
	snprintf(p->name, sizeof p->name, "%s", name);
	numeric_id(p->id, sizeof p->id, '2', account, name, 15);
	snprintf(p->arn, sizeof p->arn, "acs:ram::%s:user/%s", account, name);
}

void
emu_principal_role(struct emu_principal *p, const struct emu_role *r, const char *session,
		   const char *ak)
{
	memset(p, 0, sizeof *p);
	p->kind = EMU_PRINCIPAL_ROLE;
	snprintf(p->access_key_id, sizeof p->access_key_id, "%s", ak ? ak : "");
	snprintf(p->account_id, sizeof p->account_id, "%s", r->account_id);
	snprintf(p->name, sizeof p->name, "%s", r->name);
	snprintf(p->id, sizeof p->id, "%s", r->id);
	snprintf(p->session, sizeof p->session, "%s", session);
	snprintf(p->arn, sizeof p->arn, "acs:ram::%s:assumed-role/%s/%s", r->account_id, r->name,
		 session);
	snprintf(p->role_arn, sizeof p->role_arn, "acs:ram::%s:role/%s", r->account_id, r->name);
	p->kms_denied = r->kms_denied;
}

/* ---- the fixture's ram group ---------------------------------------------------------------- */

static int
kms_flag(struct emu_cfg_errs *e, const config_setting_t *g)
{
	const char *v = emu_cfg_string(e, g, "kms");
	if (v && strcmp(v, "denied") != 0 && strcmp(v, "allowed") != 0)
		emu_cfg_error(e, config_setting_get_member(g, "kms"), "kms must be \"denied\" or \"allowed\"");
	return v && strcmp(v, "denied") == 0;
}

static const char *
key_in_use(const struct emu_ident *id, const char *ak)
{
	for (size_t i = 0; i < id->nusers; i++)
		if (strcmp(id->users[i].access_key_id, ak) == 0)
			return id->users[i].name;
	return NULL;
}

static void
load_user(struct emu_ident *id, const config_setting_t *g, const char *account,
	  struct emu_cfg_errs *e)
{
	static const char *const keys[] = { "name", "access_key_id", "access_key_secret", "account",
					    "root", "kms", NULL };
	if (!config_setting_is_group(g)) {
		emu_cfg_error(e, g, "ram.users: expected { name = \"…\"; access_key_id = \"…\"; … }");
		return;
	}
	emu_cfg_known(e, g, keys, "user");
	const char *name = emu_cfg_string(e, g, "name");
	const char *ak = emu_cfg_string(e, g, "access_key_id");
	const char *sk = emu_cfg_string(e, g, "access_key_secret");
	const char *acct = emu_cfg_string(e, g, "account");
	int root = emu_cfg_bool(e, g, "root", 0);
	int kms = kms_flag(e, g);
	if (!root && (!name || !ram_name_valid(name, strlen(name)))) {
		emu_cfg_error(e, g, "user: expected name = \"…\" (1-64 letters, digits, . - _ @)");
		return;
	}
	if (!ak || !*ak || strlen(ak) >= EMU_AK_MAX || !sk || !*sk || strlen(sk) >= EMU_SECRET_MAX) {
		emu_cfg_error(e, g, "user %s: expected access_key_id and access_key_secret (up to 128 characters)",
			      root ? "root" : name);
		return;
	}
	if (strncmp(ak, "STS.", 4) == 0) {
		emu_cfg_error(e, g, "user %s: access_key_id must not start with STS. (those are issued)",
			      root ? "root" : name);
		return;
	}
	const char *other = key_in_use(id, ak);
	if (other || (id->main.access_key_id && strcmp(ak, id->main.access_key_id) == 0)) {
		emu_cfg_error(e, g, "access key %s is already %s's", ak, other ? other : "the command line's");
		return;
	}
	if (acct && !account_valid(acct)) {
		emu_cfg_error(e, g, "user %s: account must be a numeric account id", root ? "root" : name);
		return;
	}
	struct emu_user *u = realloc(id->users, (id->nusers + 1) * sizeof *u);
	if (!u) {
		emu_cfg_error(e, g, "out of memory");
		return;
	}
	id->users = u;
	u = &id->users[id->nusers];
	memset(u, 0, sizeof *u);
	snprintf(u->name, sizeof u->name, "%s", root ? "" : name);
	snprintf(u->account_id, sizeof u->account_id, "%s", acct ? acct : account);
	u->root = root;
	u->kms_denied = kms;
	u->access_key_id = strdup(ak);
	u->secret = strdup(sk);
	if (!u->access_key_id || !u->secret) {
		free(u->access_key_id);
		free(u->secret);
		emu_cfg_error(e, g, "out of memory");
		return;
	}
	id->nusers++;
}

static void
load_role(struct emu_ident *id, const config_setting_t *g, struct emu_cfg_errs *e)
{
	static const char *const keys[] = { "arn", "id", "max_session_s", "trust", "oidc_providers",
					    "external_id", "kms", NULL };
	if (!config_setting_is_group(g)) {
		emu_cfg_error(e, g, "ram.roles: expected { arn = \"acs:ram::UID:role/NAME\"; trust = [ … ]; }");
		return;
	}
	emu_cfg_known(e, g, keys, "role");
	struct emu_role r;
	memset(&r, 0, sizeof r);
	const char *arn = emu_cfg_string(e, g, "arn");
	if (!arn || strlen(arn) >= sizeof r.arn || parse_ram_arn(arn, "role", r.account_id, r.name) < 0) {
		emu_cfg_error(e, g, "role: expected arn = \"acs:ram::ACCOUNT:role/NAME\"");
		return;
	}
	if (emu_ident_role(id, arn)) {
		emu_cfg_error(e, g, "role %s is given twice", arn);
		return;
	}
	snprintf(r.arn, sizeof r.arn, "%s", arn);
	const char *rid = emu_cfg_string(e, g, "id");
	if (rid && (!account_valid(rid) || strlen(rid) >= sizeof r.id))
		emu_cfg_error(e, g, "role %s: id must be digits", arn);
	if (rid && account_valid(rid))
		snprintf(r.id, sizeof r.id, "%s", rid);
	else
		numeric_id(r.id, sizeof r.id, '3', r.account_id, r.name, 17);
	r.max_session_s = emu_cfg_int(e, g, "max_session_s", 3600, 43200, 3600);
	r.kms_denied = kms_flag(e, g);
	const char *ext = emu_cfg_string(e, g, "external_id");
	int oom = emu_cfg_strings(e, g, "trust", &r.trust, &r.ntrust) < 0 ||
		  emu_cfg_strings(e, g, "oidc_providers", &r.oidc, &r.noidc) < 0 ||
		  (ext && *ext && !(r.external_id = strdup(ext)));
	for (size_t i = 0; !oom && i < r.ntrust; i++) {
		char acct[EMU_ACCOUNT_MAX], name[EMU_NAME_MAX];
		const char *t = r.trust[i];
		size_t n = strlen(t);
		int root = strncmp(t, "acs:ram::", 9) == 0 && n > 14 && strcmp(t + n - 5, ":root") == 0;
		if (root) {
			snprintf(acct, sizeof acct, "%.*s", (int)(n - 14), t + 9);
			root = account_valid(acct) && n - 14 < sizeof acct;
		}
		if (!root && parse_ram_arn(t, "user", acct, name) < 0 && parse_ram_arn(t, "role", acct, name) < 0)
			emu_cfg_error(e, g, "role %s: trust[%zu] \"%s\" is not acs:ram::ACCOUNT:root, "
				      "…:user/NAME or …:role/NAME", arn, i, t);
	}
	struct emu_role *p = oom ? NULL : realloc(id->roles, (id->nroles + 1) * sizeof *p);
	if (!p) {
		emu_cfg_strings_free(r.trust, r.ntrust);
		emu_cfg_strings_free(r.oidc, r.noidc);
		free(r.external_id);
		emu_cfg_error(e, g, "out of memory");
		return;
	}
	id->roles = p;
	id->roles[id->nroles++] = r;
}

static void
load_oidc(struct emu_ident *id, const config_setting_t *g, struct emu_cfg_errs *e)
{
	static const char *const keys[] = { "arn", "issuer", "audiences", "token", NULL };
	if (!config_setting_is_group(g)) {
		emu_cfg_error(e, g, "ram.oidc_providers: expected { arn = \"…\"; issuer = \"…\"; audiences = [ … ]; }");
		return;
	}
	emu_cfg_known(e, g, keys, "OIDC provider");
	struct emu_oidc_provider o;
	memset(&o, 0, sizeof o);
	char acct[EMU_ACCOUNT_MAX], name[EMU_NAME_MAX];
	const char *arn = emu_cfg_string(e, g, "arn");
	const char *iss = emu_cfg_string(e, g, "issuer");
	const char *tok = emu_cfg_string(e, g, "token");
	if (!arn || strlen(arn) >= sizeof o.arn || parse_ram_arn(arn, "oidc-provider", acct, name) < 0) {
		emu_cfg_error(e, g, "OIDC provider: expected arn = \"acs:ram::ACCOUNT:oidc-provider/NAME\"");
		return;
	}
	if (!iss || strncmp(iss, "https://", 8) != 0) {
		emu_cfg_error(e, g, "OIDC provider %s: expected issuer = \"https://…\"", arn);
		return;
	}
	snprintf(o.arn, sizeof o.arn, "%s", arn);
	int oom = !(o.issuer = strdup(iss)) || emu_cfg_strings(e, g, "audiences", &o.audiences, &o.naud) < 0 ||
		  (tok && !(o.token = strdup(tok)));
	if (!oom && o.naud == 0)
		emu_cfg_error(e, g, "OIDC provider %s: expected audiences = [ \"…\" ] (its client ids)", arn);
	struct emu_oidc_provider *p = oom ? NULL : realloc(id->oidc, (id->noidc + 1) * sizeof *p);
	if (!p) {
		free(o.issuer);
		emu_cfg_strings_free(o.audiences, o.naud);
		free(o.token);
		emu_cfg_error(e, g, "out of memory");
		return;
	}
	id->oidc = p;
	id->oidc[id->noidc++] = o;
}

static void
load_list(struct emu_ident *id, const config_setting_t *g, const char *key, const char *account,
	  struct emu_cfg_errs *e)
{
	const config_setting_t *l = config_setting_get_member(g, key);
	if (!l)
		return;
	if (!config_setting_is_list(l)) {
		emu_cfg_error(e, l, "ram.%s: expected a list ( { … }, { … } )", key);
		return;
	}
	for (int i = 0; i < config_setting_length(l); i++) {
		const config_setting_t *el = config_setting_get_elem(l, (unsigned)i);
		if (key[0] == 'u')
			load_user(id, el, account, e);
		else if (key[0] == 'r')
			load_role(id, el, e);
		else
			load_oidc(id, el, e);
	}
}

void
emu_ident_load(struct emu_ident *id, const config_setting_t *g, const char *account,
	       struct emu_cfg_errs *e)
{
	snprintf(id->account_id, sizeof id->account_id, "%s", account);
	if (!g)
		return;
	static const char *const keys[] = { "main_key", "users", "roles", "oidc_providers", "ecs_role", NULL };
	if (!config_setting_is_group(g)) {
		emu_cfg_error(e, g, "ram: expected a group { users = ( … ); roles = ( … ); … }");
		return;
	}
	emu_cfg_known(e, g, keys, "ram");
	const config_setting_t *mk = config_setting_get_member(g, "main_key");
	if (mk) {
		static const char *const mkeys[] = { "user", "root", "kms", NULL };
		if (!config_setting_is_group(mk)) {
			emu_cfg_error(e, mk, "ram.main_key: expected { user = \"NAME\"; } or { root = true; }");
		} else {
			emu_cfg_known(e, mk, mkeys, "main_key");
			const char *user = emu_cfg_string(e, mk, "user");
			id->main_root = emu_cfg_bool(e, mk, "root", 0);
			id->main_kms_denied = kms_flag(e, mk);
			if (user && !ram_name_valid(user, strlen(user)))
				emu_cfg_error(e, mk, "ram.main_key.user: 1-64 letters, digits, . - _ @");
			else if (user)
				snprintf(id->main_user, sizeof id->main_user, "%s", user);
		}
	}
	load_list(id, g, "users", account, e);
	load_list(id, g, "roles", account, e);
	load_list(id, g, "oidc_providers", account, e);
	const char *ecs = emu_cfg_string(e, g, "ecs_role");
	if (ecs && *ecs) {
		if (!emu_ident_role_named(id, ecs))
			emu_cfg_error(e, config_setting_get_member(g, "ecs_role"),
				      "ram.ecs_role \"%s\" is not the name of a role in ram.roles", ecs);
		else
			snprintf(id->ecs_role, sizeof id->ecs_role, "%s", ecs);
	}
	for (size_t i = 0; i < id->nroles; i++)
		for (size_t k = 0; k < id->roles[i].noidc; k++)
			if (!emu_ident_oidc(id, id->roles[i].oidc[k]))
				emu_cfg_error(e, g, "role %s trusts OIDC provider %s, which ram.oidc_providers lacks",
					      id->roles[i].arn, id->roles[i].oidc[k]);
}

void
emu_ident_render(const struct emu_ident *id, struct emu_buf *b)
{
	int main_default = !id->main_root && !id->main_kms_denied && strcmp(id->main_user, "ossemu") == 0;
	if (main_default && !id->nusers && !id->nroles && !id->noidc && !id->ecs_role[0])
		return;
	emu_buf_puts(b, "\nram = {\n");
	if (!main_default) {
		emu_buf_puts(b, "  main_key = {");
		if (id->main_root)
			emu_buf_puts(b, " root = true;");
		else
			emu_cfg_put(b, "user", id->main_user);
		emu_cfg_put(b, "kms", id->main_kms_denied ? "denied" : NULL);
		emu_buf_puts(b, " };\n");
	}
	if (id->nusers) {
		emu_buf_puts(b, "  users = (\n");
		for (size_t i = 0; i < id->nusers; i++) {
			const struct emu_user *u = &id->users[i];
			emu_buf_puts(b, "    {");
			if (u->root)
				emu_buf_puts(b, " root = true;");
			emu_cfg_put(b, "name", u->name);
			emu_cfg_put(b, "account", u->account_id);
			emu_cfg_put(b, "access_key_id", u->access_key_id);
			emu_cfg_put(b, "access_key_secret", u->secret);
			emu_cfg_put(b, "kms", u->kms_denied ? "denied" : NULL);
			emu_buf_printf(b, " }%s\n", i + 1 < id->nusers ? "," : "");
		}
		emu_buf_puts(b, "  );\n");
	}
	if (id->nroles) {
		emu_buf_puts(b, "  roles = (\n");
		for (size_t i = 0; i < id->nroles; i++) {
			const struct emu_role *r = &id->roles[i];
			emu_buf_puts(b, "    {");
			emu_cfg_put(b, "arn", r->arn);
			emu_cfg_put(b, "id", r->id);
			emu_buf_printf(b, " max_session_s = %ld;", r->max_session_s);
			emu_cfg_put_list(b, "trust", r->trust, r->ntrust);
			emu_cfg_put_list(b, "oidc_providers", r->oidc, r->noidc);
			emu_cfg_put(b, "external_id", r->external_id);
			emu_cfg_put(b, "kms", r->kms_denied ? "denied" : NULL);
			emu_buf_printf(b, " }%s\n", i + 1 < id->nroles ? "," : "");
		}
		emu_buf_puts(b, "  );\n");
	}
	if (id->noidc) {
		emu_buf_puts(b, "  oidc_providers = (\n");
		for (size_t i = 0; i < id->noidc; i++) {
			const struct emu_oidc_provider *o = &id->oidc[i];
			emu_buf_puts(b, "    {");
			emu_cfg_put(b, "arn", o->arn);
			emu_cfg_put(b, "issuer", o->issuer);
			emu_cfg_put_list(b, "audiences", o->audiences, o->naud);
			emu_cfg_put(b, "token", o->token);
			emu_buf_printf(b, " }%s\n", i + 1 < id->noidc ? "," : "");
		}
		emu_buf_puts(b, "  );\n");
	}
	if (id->ecs_role[0]) {
		emu_buf_puts(b, " ");
		emu_cfg_put(b, "ecs_role", id->ecs_role);
		emu_buf_puts(b, "\n");
	}
	emu_buf_puts(b, "};\n");
}

/* ---- lookups -------------------------------------------------------------------------------- */

const struct emu_role *
emu_ident_role(const struct emu_ident *id, const char *arn)
{
	for (size_t i = 0; i < id->nroles; i++)
		if (strcasecmp(id->roles[i].arn, arn) == 0)
			return &id->roles[i];
	return NULL;
}

const struct emu_role *
emu_ident_role_named(const struct emu_ident *id, const char *name)
{
	for (size_t i = 0; i < id->nroles; i++)
		if (strcasecmp(id->roles[i].name, name) == 0)
			return &id->roles[i];
	return NULL;
}

const struct emu_oidc_provider *
emu_ident_oidc(const struct emu_ident *id, const char *arn)
{
	for (size_t i = 0; i < id->noidc; i++)
		if (strcasecmp(id->oidc[i].arn, arn) == 0)
			return &id->oidc[i];
	return NULL;
}

int
emu_role_trusts(const struct emu_role *r, const struct emu_principal *p)
{
	if (p->kind == EMU_PRINCIPAL_ROOT)
		return 0;
	for (size_t i = 0; i < r->ntrust; i++) {
		char acct[EMU_ACCOUNT_MAX], name[EMU_NAME_MAX];
		const char *t = r->trust[i];
		size_t n = strlen(t);
		/* acs:ram::UID:root stands for every RAM user and role of that account */
		if (n > 14 && strcmp(t + n - 5, ":root") == 0 && strncmp(t, "acs:ram::", 9) == 0 &&
		    strlen(p->account_id) == n - 14 && strncmp(t + 9, p->account_id, n - 14) == 0)
			return 1;
		if (p->kind == EMU_PRINCIPAL_USER && parse_ram_arn(t, "user", acct, name) == 0 &&
		    strcmp(acct, p->account_id) == 0 && strcasecmp(name, p->name) == 0)
			return 1;
		if (p->kind == EMU_PRINCIPAL_ROLE && parse_ram_arn(t, "role", acct, name) == 0 &&
		    strcmp(acct, p->account_id) == 0 && strcasecmp(name, p->name) == 0)
			return 1;
	}
	return 0;
}

static void
signer_keys(struct emu_signer *s)
{
	s->keys.access_key_id = s->who.access_key_id;
	s->keys.access_key_secret = s->secret;
	s->keys.security_token = s->token[0] ? s->token : NULL;
}

int
emu_ident_signer(struct emu_ident *id, const char *ak, struct emu_signer *out)
{
	memset(out, 0, sizeof *out);
	if (id->main.access_key_id && strcmp(ak, id->main.access_key_id) == 0) {
		emu_principal_user(&out->who, id->account_id, id->main_user, id->main_root, ak,
				   id->main_kms_denied);
		snprintf(out->secret, sizeof out->secret, "%s", id->main.access_key_secret);
		snprintf(out->token, sizeof out->token, "%s",
			 id->main.security_token ? id->main.security_token : "");
		signer_keys(out);
		return 1;
	}
	for (size_t i = 0; i < id->nusers; i++) {
		const struct emu_user *u = &id->users[i];
		if (strcmp(ak, u->access_key_id) == 0) {
			emu_principal_user(&out->who, u->account_id, u->name, u->root, ak, u->kms_denied);
			snprintf(out->secret, sizeof out->secret, "%s", u->secret);
			signer_keys(out);
			return 1;
		}
	}
	if (strncmp(ak, "STS.", 4) != 0)
		return 0;
	int found = 0;
	pthread_mutex_lock(&id->mu);
	for (size_t i = 0; i < id->nissued; i++) {
		const struct emu_issued_view *k = &id->issued[i];
		if (strcmp(ak, k->access_key_id) == 0) {
			out->who = k->who;
			snprintf(out->secret, sizeof out->secret, "%s", k->secret);
			snprintf(out->token, sizeof out->token, "%s", k->token);
			out->expires = k->expires;
			found = 1;
			break;
		}
	}
	pthread_mutex_unlock(&id->mu);
	if (found)
		signer_keys(out);
	return found;
}

/* ---- issuing -------------------------------------------------------------------------------- */

static int
random_text(char *out, size_t n, const char *alphabet)
{
	unsigned char r[256];
	size_t len = strlen(alphabet);
	if (n > sizeof r || RAND_bytes(r, (int)n) != 1)
		return -1;
	for (size_t i = 0; i < n; i++)
		out[i] = alphabet[r[i] % len];
	out[n] = '\0';
	OPENSSL_cleanse(r, sizeof r);
	return 0;
}

static const char alnum[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/* A slot for a new credential (under mu): a free one, else the one that expired longest ago,
 * else (everything still valid) the one that expires first. */
static struct emu_issued_view *
issue_slot(struct emu_ident *id)
{
	if (id->nissued < EMU_ISSUED_MAX)
		return &id->issued[id->nissued++];
	size_t best = 0;
	for (size_t i = 1; i < id->nissued; i++)
		if (id->issued[i].expires < id->issued[best].expires)
			best = i;
	if ((long)best == id->ecs_current)
		id->ecs_current = -1;
	return &id->issued[best];
}

static int
issue_locked(const struct emu_role *r, const char *session, time_t now,
	     long duration, struct emu_issued_view *k)
{
	char ak[27];
	unsigned char tr[96];
	memset(k, 0, sizeof *k);
	/* STS key ids are "STS." and 24-28 letters and digits; tokens are long base64 ("CAIS…"). */
	if (random_text(ak, 24, alnum) < 0 || random_text(k->secret, 44, alnum) < 0 ||
	    RAND_bytes(tr, sizeof tr) != 1)
		return -1;
	snprintf(k->access_key_id, sizeof k->access_key_id, "STS.%s", ak);
	memcpy(k->token, "CAIS", 4);
	emu_base64(tr, sizeof tr, k->token + 4);
	OPENSSL_cleanse(tr, sizeof tr);
	k->issued = now;
	k->expires = now + duration;
	emu_principal_role(&k->who, r, session, k->access_key_id);
	return 0;
}

int
emu_ident_issue(struct emu_ident *id, const struct emu_role *r, const char *session, time_t now,
		long duration, struct emu_issued_view *out)
{
	pthread_mutex_lock(&id->mu);
	struct emu_issued_view *k = issue_slot(id);
	int rc = issue_locked(r, session, now, duration, k);
	if (rc == 0)
		*out = *k;
	else
		k->access_key_id[0] = '\0';
	pthread_mutex_unlock(&id->mu);
	return rc;
}

int
emu_ident_ecs_credential(struct emu_ident *id, time_t now, long duration,
			 struct emu_issued_view *out)
{
	const struct emu_role *r = id->ecs_role[0] ? emu_ident_role_named(id, id->ecs_role) : NULL;
	if (!r)
		return -1;
	int rc = 0;
	pthread_mutex_lock(&id->mu);
	struct emu_issued_view *k = id->ecs_current >= 0 ? &id->issued[id->ecs_current] : NULL;
	if (k) {
		long life = (long)(k->expires - k->issued);
		long keep = life / 2 < 1800 ? life / 2 : 1800;
		if (k->expires - now <= keep)
			k = NULL; /* refreshed before it runs out, as the instance's agent does */
	}
	if (!k) {
		k = issue_slot(id);
		/* An instance's session name names the instance. */
		rc = issue_locked(r, "vm-ram-i-ossemu0000000001", now, duration, k);
		id->ecs_current = rc == 0 ? (long)(k - id->issued) : -1;
		if (rc != 0)
			k->access_key_id[0] = '\0';
	}
	if (rc == 0)
		*out = *k;
	pthread_mutex_unlock(&id->mu);
	return rc;
}

/* ---- nonces and metadata tokens --------------------------------------------------------------- */

int
emu_ident_nonce(struct emu_ident *id, const char *ak, const char *nonce, time_t now)
{
	uint64_t h = fnv(nonce, fnv(":", fnv(ak, 1469598103934665603ull)));
	if (!h)
		h = 1;
	int fresh = 1;
	pthread_mutex_lock(&id->mu);
	struct emu_nonce *victim = NULL;
	for (unsigned i = 0; i < NONCE_PROBES; i++) {
		struct emu_nonce *s = &id->nonces[(h + i) & (NONCE_SLOTS - 1)];
		int live = s->hash && s->when > now - NONCE_WINDOW;
		if (live && s->hash == h) {
			fresh = 0;
			break;
		}
		if (!live) {
			victim = s;
			break;
		}
		if (!victim || s->when < victim->when)
			victim = s; /* every probed slot is live: the oldest is forgotten */
	}
	if (fresh) {
		victim->hash = h;
		victim->when = now;
	}
	pthread_mutex_unlock(&id->mu);
	return fresh;
}

int
emu_ident_imds_token_new(struct emu_ident *id, time_t now, long ttl, char out[64])
{
	char tok[57];
	if (random_text(tok, 56, alnum) < 0)
		return -1;
	pthread_mutex_lock(&id->mu);
	struct emu_imds_token *slot = &id->imds_tokens[0];
	for (size_t i = 0; i < IMDS_TOKENS; i++) {
		if (id->imds_tokens[i].expires <= now) {
			slot = &id->imds_tokens[i];
			break;
		}
		if (id->imds_tokens[i].expires < slot->expires)
			slot = &id->imds_tokens[i];
	}
	snprintf(slot->token, sizeof slot->token, "%s", tok);
	slot->expires = now + ttl;
	pthread_mutex_unlock(&id->mu);
	snprintf(out, 64, "%s", tok);
	return 0;
}

int
emu_ident_imds_token_valid(struct emu_ident *id, const char *token, time_t now)
{
	int ok = 0;
	pthread_mutex_lock(&id->mu);
	for (size_t i = 0; i < IMDS_TOKENS && !ok; i++)
		ok = id->imds_tokens[i].expires > now && emu_secure_streq(id->imds_tokens[i].token, token);
	pthread_mutex_unlock(&id->mu);
	return ok;
}

void
emu_principal_note(struct emu_note_who *w, const struct emu_principal *p, time_t expires)
{
	snprintf(w->access_key_id, sizeof w->access_key_id, "%s", p->access_key_id);
	snprintf(w->arn, sizeof w->arn, "%s", p->arn);
	snprintf(w->role_arn, sizeof w->role_arn, "%s", p->role_arn);
	snprintf(w->session, sizeof w->session, "%s", p->session);
	if (expires)
		emu_time_iso_sec(expires, w->expiration);
	else
		w->expiration[0] = '\0';
}
