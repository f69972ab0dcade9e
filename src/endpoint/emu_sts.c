/*
 * emu_sts.c — STS: role trust from the fixture, session checks, issued credentials; OIDC tokens
 * checked against the fixture's provider (issuer, audience, expiry; and, when the provider names
 * one, the exact token: ossemu holds no IdP signing key to check a JWT's signature with).
 */
#include "emu_sts.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <openssl/evp.h>

int
emu_sts_unsigned(const char *action)
{
	return strcmp(action, "AssumeRoleWithOIDC") == 0;
}

static void
caller_identity(struct emu_rpc *rpc, struct emu_answer *a)
{
	const struct emu_principal *p = &rpc->signer.who;
	json_t *o = json_object();
	static const char *const types[] = { "Account", "RAMUser", "AssumedRoleUser" };
	json_object_set_new(o, "IdentityType", json_string(types[p->kind]));
	json_object_set_new(o, "AccountId", json_string(p->account_id));
	json_object_set_new(o, "Arn", json_string(p->arn));
	if (p->kind == EMU_PRINCIPAL_ROLE) {
		char pid[128];
		snprintf(pid, sizeof pid, "%s:%s", p->id, p->session);
		json_object_set_new(o, "RoleId", json_string(p->id));
		json_object_set_new(o, "PrincipalId", json_string(pid));
	} else {
		json_object_set_new(o, "UserId", json_string(p->id));
		json_object_set_new(o, "PrincipalId", json_string(p->id));
	}
	emu_rpc_answer(a, rpc, o);
}

/* RoleSessionName: 2-64 of letters, digits, '.', '@', '-', '_'. */
static int
session_name_valid(const char *s)
{
	size_t n = strlen(s);
	if (n < 2 || n > 64)
		return 0;
	for (; *s; s++)
		if (!(isalnum((unsigned char)*s) || *s == '.' || *s == '@' || *s == '-' || *s == '_'))
			return 0;
	return 1;
}

static int
role_arn_valid(const char *s)
{
	const char *p = strncmp(s, "acs:ram::", 9) == 0 ? s + 9 : NULL;
	if (!p || !isdigit((unsigned char)*p))
		return 0;
	while (isdigit((unsigned char)*p))
		p++;
	if (strncmp(p, ":role/", 6) != 0)
		return 0;
	p += 6;
	size_t n = strlen(p);
	return n >= 1 && n <= 64;
}

struct session_req {
	const char *role_arn;
	const char *session;
	long duration;
	char limit[24]; /* the longest session, as the DurationSeconds error words it */
};

/* The parameters every role session needs; the error and its detail otherwise. */
static enum emu_rpc_err
session_params(const struct emu_rpc *rpc, long max, struct session_req *s, const char **detail)
{
	s->limit[0] = '\0';
	s->role_arn = emu_rpc_get(rpc, "RoleArn");
	s->session = emu_rpc_get(rpc, "RoleSessionName");
	const char *d = emu_rpc_get(rpc, "DurationSeconds");
	const char *policy = emu_rpc_get(rpc, "Policy");
	*detail = NULL;
	if (!s->role_arn || !*s->role_arn) {
		*detail = "RoleArn";
		return EMU_RPC_MISSING_PARAMETER;
	}
	if (!role_arn_valid(s->role_arn))
		return EMU_RPC_ROLE_ARN;
	if (!s->session || !*s->session) {
		*detail = "RoleSessionName";
		return EMU_RPC_MISSING_PARAMETER;
	}
	if (!session_name_valid(s->session))
		return EMU_RPC_SESSION_NAME;
	s->duration = 3600;
	if (d) {
		char *end;
		long v = strtol(d, &end, 10);
		if (!*d || *end || v < 900 || v > max) {
			if (max % 3600 == 0)
				snprintf(s->limit, sizeof s->limit, "%ldhr", max / 3600);
			else
				snprintf(s->limit, sizeof s->limit, "%lds", max);
			*detail = s->limit;
			return EMU_RPC_DURATION;
		}
		s->duration = v;
	}
	if (policy) {
		json_t *pol = strlen(policy) <= 2048 ? json_loads(policy, 0, NULL) : NULL;
		int ok = json_is_object(pol) && json_is_array(json_object_get(pol, "Statement"));
		json_decref(pol);
		if (!ok)
			return EMU_RPC_POLICY;
	}
	return EMU_RPC_OK;
}

static void
credentials_answer(struct emu_rpc *rpc, struct emu_answer *a, const struct emu_issued_view *v,
		   json_t *extra)
{
	char expiration[24], arn[EMU_ARN_MAX + EMU_NAME_MAX + 2], rid[128];
	emu_time_iso_sec(v->expires, expiration);
	snprintf(arn, sizeof arn, "%s/%s", v->who.role_arn, v->who.session);
	snprintf(rid, sizeof rid, "%s:%s", v->who.id, v->who.session);
	json_t *o = extra ? extra : json_object();
	json_object_set_new(o, "AssumedRoleUser",
			    json_pack("{s:s, s:s}", "Arn", arn, "AssumedRoleId", rid));
	json_object_set_new(o, "Credentials",
			    json_pack("{s:s, s:s, s:s, s:s}", "SecurityToken", v->token, "AccessKeyId",
				      v->access_key_id, "AccessKeySecret", v->secret, "Expiration",
				      expiration));
	emu_principal_note(&a->note.issued, &v->who, v->expires);
	emu_rpc_answer(a, rpc, o);
}

static long
lifetime(const struct emu_svc *svc, long asked)
{
	return svc->opts.sts_duration_s ? svc->opts.sts_duration_s : asked;
}

static void
assume_role(struct emu_svc *svc, struct emu_rpc *rpc, struct emu_answer *a, time_t now)
{
	const struct emu_principal *p = &rpc->signer.who;
	const struct emu_role *role = emu_ident_role(svc->ident, emu_rpc_get(rpc, "RoleArn") ? emu_rpc_get(rpc, "RoleArn") : "");
	/* a role session assuming a role (chaining) gets at most an hour */
	long max = p->kind == EMU_PRINCIPAL_ROLE ? 3600 : role ? role->max_session_s : 3600;
	struct session_req s;
	const char *detail;
	enum emu_rpc_err e = session_params(rpc, max, &s, &detail);
	const char *ext = emu_rpc_get(rpc, "ExternalId");
	if (e == EMU_RPC_OK && ext && (strlen(ext) < 2 || strlen(ext) > 1224)) {
		e = EMU_RPC_INVALID_PARAMETER;
		detail = "ExternalId";
	}
	if (e == EMU_RPC_OK && p->kind == EMU_PRINCIPAL_ROOT)
		e = EMU_RPC_ROOT_ASSUME;
	if (e == EMU_RPC_OK && !role) {
		e = EMU_RPC_ROLE_NOT_FOUND;
		detail = s.role_arn;
	}
	if (e == EMU_RPC_OK && (!emu_role_trusts(role, p) ||
				(role->external_id && (!ext || strcmp(ext, role->external_id) != 0))))
		e = EMU_RPC_NO_PERMISSION;
	struct emu_issued_view v;
	if (e == EMU_RPC_OK && emu_ident_issue(svc->ident, role, s.session, now, lifetime(svc, s.duration), &v) < 0)
		e = EMU_RPC_INTERNAL;
	if (e != EMU_RPC_OK) {
		emu_rpc_fail(a, rpc, e, detail);
		return;
	}
	credentials_answer(rpc, a, &v, NULL);
	emu_issued_wipe(&v);
}

/* base64url (no padding) → bytes, NUL-terminated. Caller frees; NULL when malformed. */
static char *
b64url_decode(const char *s, size_t n)
{
	if (n > 64 * 1024)
		return NULL;
	size_t padded = (n + 3) / 4 * 4;
	unsigned char *in = malloc(padded + 1), *out = malloc(padded + 1);
	if (!in || !out) {
		free(in);
		free(out);
		return NULL;
	}
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == '=' || c == '+' || c == '/') {
			free(in);
			free(out);
			return NULL;
		}
		in[i] = (unsigned char)(c == '-' ? '+' : c == '_' ? '/' : c);
	}
	for (size_t i = n; i < padded; i++)
		in[i] = '=';
	in[padded] = '\0';
	int len = n % 4 == 1 ? -1 : EVP_DecodeBlock(out, in, (int)padded);
	free(in);
	if (len < 0) {
		free(out);
		return NULL;
	}
	len -= (int)(padded - n); /* EVP_DecodeBlock counts the padding's zero bytes */
	out[len] = '\0';
	return (char *)out;
}

static int
audience_ok(const struct emu_oidc_provider *o, json_t *aud)
{
	for (size_t i = 0; i < o->naud; i++) {
		if (json_is_string(aud) && strcmp(json_string_value(aud), o->audiences[i]) == 0)
			return 1;
		size_t k;
		json_t *v;
		json_array_foreach(aud, k, v)
			if (json_is_string(v) && strcmp(json_string_value(v), o->audiences[i]) == 0)
				return 1;
	}
	return 0;
}

/* Checks a JWT against the provider; its claims in *claims (caller decrefs). */
static enum emu_rpc_err
check_oidc_token(const struct emu_oidc_provider *o, const char *token, time_t now, json_t **claims,
		 const char **detail)
{
	*claims = NULL;
	*detail = NULL;
	if (!*token) {
		*detail = "The OIDCToken can not empty.";
		return EMU_RPC_OIDC_INVALID;
	}
	const char *d1 = strchr(token, '.'), *d2 = d1 ? strchr(d1 + 1, '.') : NULL;
	if (!d1 || !d2 || strchr(d2 + 1, '.')) {
		*detail = "The number of Jwt field should be divided into 3 parts with '.' .";
		return EMU_RPC_OIDC_INVALID;
	}
	char *header = b64url_decode(token, (size_t)(d1 - token));
	char *payload = b64url_decode(d1 + 1, (size_t)(d2 - d1 - 1));
	json_t *h = header ? json_loads(header, 0, NULL) : NULL;
	json_t *c = payload ? json_loads(payload, 0, NULL) : NULL;
	free(header);
	free(payload);
	enum emu_rpc_err e = EMU_RPC_OK;
	if (!h || !c) {
		*detail = !header || !payload ? "Cannot decode base64 encoded response(format invalided)."
					       : "The Jwt content is invalid that cannot be recognized.";
		e = EMU_RPC_OIDC_INVALID;
	} else if (!json_is_object(h) || !json_is_object(c) ||
		   !json_is_string(json_object_get(h, "alg"))) {
		*detail = "The Jwt content is invalid that cannot be recognized.";
		e = EMU_RPC_OIDC_INVALID;
	} else if (o->token && strcmp(o->token, token) != 0) {
		e = EMU_RPC_OIDC_SIGNATURE;
	} else if (!json_is_string(json_object_get(c, "iss")) ||
		   strcmp(json_string_value(json_object_get(c, "iss")), o->issuer) != 0) {
		e = EMU_RPC_OIDC_ISSUER;
	} else if (!audience_ok(o, json_object_get(c, "aud"))) {
		e = EMU_RPC_OIDC_AUDIENCE;
	} else if (!json_is_integer(json_object_get(c, "exp")) ||
		   json_integer_value(json_object_get(c, "exp")) <= (json_int_t)now) {
		e = EMU_RPC_OIDC_EXPIRED;
	}
	json_decref(h);
	if (e != EMU_RPC_OK)
		json_decref(c);
	else
		*claims = c;
	return e;
}

static void
assume_role_oidc(struct emu_svc *svc, struct emu_rpc *rpc, struct emu_answer *a, time_t now)
{
	const char *provider_arn = emu_rpc_get(rpc, "OIDCProviderArn");
	const char *token = emu_rpc_get(rpc, "OIDCToken");
	const char *arn = emu_rpc_get(rpc, "RoleArn");
	const struct emu_role *role = arn ? emu_ident_role(svc->ident, arn) : NULL;
	struct session_req s;
	const char *detail = NULL;
	enum emu_rpc_err e = emu_rpc_get(rpc, "Timestamp") ? emu_rpc_check_time(rpc, now) : EMU_RPC_OK;
	if (e == EMU_RPC_OK && (!provider_arn || !*provider_arn)) {
		e = EMU_RPC_MISSING_PARAMETER;
		detail = "OIDCProviderArn";
	}
	if (e == EMU_RPC_OK && !token) {
		e = EMU_RPC_MISSING_PARAMETER;
		detail = "OIDCToken";
	}
	if (e == EMU_RPC_OK)
		e = session_params(rpc, role ? role->max_session_s : 3600, &s, &detail);
	const struct emu_oidc_provider *o = provider_arn ? emu_ident_oidc(svc->ident, provider_arn) : NULL;
	if (e == EMU_RPC_OK && !o)
		e = EMU_RPC_OIDC_PROVIDER;
	json_t *claims = NULL;
	if (e == EMU_RPC_OK)
		e = check_oidc_token(o, token, now, &claims, &detail);
	if (e == EMU_RPC_OK && !role) {
		e = EMU_RPC_ROLE_NOT_FOUND;
		detail = s.role_arn;
	}
	int trusted = 0;
	for (size_t i = 0; e == EMU_RPC_OK && i < role->noidc; i++)
		trusted |= strcasecmp(role->oidc[i], o->arn) == 0;
	if (e == EMU_RPC_OK && !trusted)
		e = EMU_RPC_OIDC_NO_PERMISSION;
	struct emu_issued_view v;
	if (e == EMU_RPC_OK && emu_ident_issue(svc->ident, role, s.session, now, lifetime(svc, s.duration), &v) < 0)
		e = EMU_RPC_INTERNAL;
	if (e != EMU_RPC_OK) {
		json_decref(claims);
		emu_rpc_fail(a, rpc, e, detail);
		return;
	}
	char exp[24], iat[24];
	json_t *jexp = json_object_get(claims, "exp"), *jiat = json_object_get(claims, "iat");
	emu_time_iso_sec((time_t)json_integer_value(jexp), exp);
	emu_time_iso_sec(json_is_integer(jiat) ? (time_t)json_integer_value(jiat) : now, iat);
	json_t *sub = json_object_get(claims, "sub");
	json_t *info = json_pack("{s:s, s:s, s:s, s:s, s:s}", "Subject",
				 json_is_string(sub) ? json_string_value(sub) : "", "Issuer", o->issuer,
				 "ClientIds", o->audiences[0], "ExpirationTime", exp, "IssuanceTime", iat);
	json_decref(claims);
	json_t *extra = json_object();
	json_object_set_new(extra, "OIDCTokenInfo", info);
	credentials_answer(rpc, a, &v, extra);
	emu_issued_wipe(&v);
}

void
emu_sts_handle(struct emu_svc *svc, struct emu_rpc *rpc, struct emu_answer *a, time_t now)
{
	if (strcmp(rpc->version, EMU_STS_VERSION) != 0)
		emu_rpc_fail(a, rpc, EMU_RPC_INVALID_VERSION, NULL);
	else if (strcmp(rpc->action, "GetCallerIdentity") == 0)
		caller_identity(rpc, a);
	else if (strcmp(rpc->action, "AssumeRole") == 0)
		assume_role(svc, rpc, a, now);
	else if (strcmp(rpc->action, "AssumeRoleWithOIDC") == 0)
		assume_role_oidc(svc, rpc, a, now);
	else
		emu_rpc_fail(a, rpc, EMU_RPC_INVALID_ACTION, NULL);
}
