/*
 * emu_imds.c — 100.100.100.200 as ECS answers it (credentials-go providers/ecs_ram_role.go;
 * help.aliyun.com "obtain a temporary authorization token"): PUT /latest/api/token with a TTL,
 * then reads with or (unless the token is required) without X-aliyun-ecs-metadata-token.
 * Plain-text bodies; the statuses of refusals (400 bad TTL, 401 missing or stale token) are
 * ossemu's choice where no source gives them.
 */
#include "emu_imds.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "emu_rpc.h"
#include "emu_time.h"

#define CREDS_PREFIX "/latest/meta-data/ram/security-credentials/"
#define DEFAULT_DURATION 21600

int
emu_imds_path(const struct emu_request *r)
{
	const char *p = r->path ? r->path : "";
	return strcmp(p, "/latest") == 0 || strncmp(p, "/latest/", 8) == 0;
}

static void
text(struct emu_answer *a, int status, const char *code, const char *body)
{
	a->status = status;
	a->oss_headers = 0;
	a->body = strdup(body);
	a->len = a->body ? strlen(a->body) : 0;
	a->body_static = 0;
	a->content_type = "text/plain";
	if (code)
		snprintf(a->note.code, sizeof a->note.code, "%s", code);
	if (!a->body)
		a->status = 500;
}

static void
token(struct emu_svc *svc, const struct emu_request *r, struct emu_answer *a, time_t now)
{
	const char *ttl = emu_request_header(r, "X-aliyun-ecs-metadata-token-ttl-seconds");
	char *end = NULL;
	long v = ttl ? strtol(ttl, &end, 10) : 0;
	if (!ttl || !*ttl || *end || v < 1 || v > 21600) {
		text(a, 400, "InvalidTokenTTL", "X-aliyun-ecs-metadata-token-ttl-seconds must be 1-21600\n");
		return;
	}
	char tok[64];
	if (emu_ident_imds_token_new(svc->ident, now, v, tok) < 0) {
		text(a, 500, "InternalError", "cannot make a token\n");
		return;
	}
	text(a, 200, NULL, tok);
}

static void
credentials(struct emu_svc *svc, const char *role, struct emu_answer *a, time_t now)
{
	struct emu_issued_view v;
	long duration = svc->opts.imds_duration_s ? svc->opts.imds_duration_s : DEFAULT_DURATION;
	if (strcasecmp(role, svc->ident->ecs_role) != 0 ||
	    emu_ident_ecs_credential(svc->ident, now, duration, &v) < 0) {
		text(a, 404, "NotFound", "Not Found\n");
		return;
	}
	char exp[24], updated[24];
	emu_time_iso_sec(v.expires, exp);
	emu_time_iso_sec(v.issued, updated);
	json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "AccessKeyId", v.access_key_id,
			      "AccessKeySecret", v.secret, "Expiration", exp, "SecurityToken", v.token,
			      "LastUpdated", updated, "Code", "Success");
	char *s = o ? json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER) : NULL;
	json_decref(o);
	emu_principal_note(&a->note.issued, &v.who, v.expires);
	emu_issued_wipe(&v);
	if (!s) {
		text(a, 500, "InternalError", "out of memory\n");
		return;
	}
	text(a, 200, NULL, s);
	a->content_type = "application/json";
	memset(s, 0, strlen(s));
	free(s);
}

void
emu_imds_handle(struct emu_svc *svc, const struct emu_request *r, const char *region,
		struct emu_answer *a)
{
	time_t now = emu_clock_now();
	const char *path = r->path ? r->path : "";
	a->note.service = "imds";
	if (!emu_imds_path(r)) {
		text(a, 404, "NotFound", "Not Found\n");
		return;
	}
	if (strcmp(path, "/latest/api/token") == 0) {
		snprintf(a->note.action, sizeof a->note.action, "token");
		if (strcmp(r->method, "PUT") != 0)
			text(a, 405, "MethodNotAllowed", "Method Not Allowed\n");
		else
			token(svc, r, a, now);
		return;
	}
	if (strcmp(r->method, "GET") != 0) {
		text(a, 405, "MethodNotAllowed", "Method Not Allowed\n");
		return;
	}
	const char *tok = emu_request_header(r, "X-aliyun-ecs-metadata-token");
	if (tok ? !emu_ident_imds_token_valid(svc->ident, tok, now) : svc->opts.imds_require_token) {
		snprintf(a->note.action, sizeof a->note.action, "read");
		text(a, 401, "Unauthorized", "Unauthorized\n");
		return;
	}
	if (strcmp(path, CREDS_PREFIX) == 0 || strcmp(path, "/latest/meta-data/ram/security-credentials") == 0) {
		snprintf(a->note.action, sizeof a->note.action, "role-name");
		if (svc->ident->ecs_role[0])
			text(a, 200, NULL, svc->ident->ecs_role);
		else
			text(a, 404, "NotFound", "Not Found\n");
	} else if (strncmp(path, CREDS_PREFIX, strlen(CREDS_PREFIX)) == 0) {
		snprintf(a->note.action, sizeof a->note.action, "credentials");
		credentials(svc, path + strlen(CREDS_PREFIX), a, now);
	} else if (strcmp(path, "/latest/meta-data/region-id") == 0) {
		snprintf(a->note.action, sizeof a->note.action, "region-id");
		text(a, 200, NULL, region);
	} else {
		snprintf(a->note.action, sizeof a->note.action, "read");
		text(a, 404, "NotFound", "Not Found\n");
	}
}
