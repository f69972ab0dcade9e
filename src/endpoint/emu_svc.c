/* emu_svc.c — the identity and key services: options, fixture sections, and which requests are theirs. */
#include "emu_svc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emu_imds.h"
#include "emu_kms.h"
#include "emu_rpc.h"
#include "emu_sts.h"
#include "emu_time.h"

struct emu_svc *
emu_svc_new(void)
{
	struct emu_svc *svc = calloc(1, sizeof *svc);
	if (!svc)
		return NULL;
	svc->ident = emu_ident_new();
	svc->kms = emu_kms_new();
	if (!svc->ident || !svc->kms) {
		emu_svc_free(svc);
		return NULL;
	}
	atomic_init(&svc->kms_requests, 0);
	return svc;
}

void
emu_svc_free(struct emu_svc *svc)
{
	if (!svc)
		return;
	emu_ident_free(svc->ident);
	emu_kms_free(svc->kms);
	free(svc);
}

void
emu_svc_fixture_load(struct emu_state *st, const config_setting_t *root, struct emu_cfg_errs *e)
{
	emu_ident_load(st->svc->ident, config_setting_get_member(root, "ram"), st->owner_id, e);
	emu_kms_load(st->svc->kms, config_setting_get_member(root, "kms"), st->owner_id, e);
}

void
emu_svc_fixture_render(const struct emu_state *st, struct emu_buf *b)
{
	emu_ident_render(st->svc->ident, b);
	emu_kms_render(st->svc->kms, b);
}

enum product { PRODUCT_UNKNOWN, PRODUCT_STS, PRODUCT_KMS };

/* STS and KMS each have their own host; on any other (loopback) host the Version tells. */
static enum product
product_of(const struct emu_rpc *rpc)
{
	const char *h = rpc->host;
	if (strcmp(h, "sts.aliyuncs.com") == 0 || strncmp(h, "sts.", 4) == 0 || strncmp(h, "sts-vpc.", 8) == 0)
		return PRODUCT_STS;
	if (strncmp(h, "kms.", 4) == 0 || strncmp(h, "kms-vpc.", 8) == 0)
		return PRODUCT_KMS;
	return strcmp(rpc->version, EMU_STS_VERSION) == 0   ? PRODUCT_STS
	       : strcmp(rpc->version, EMU_KMS_VERSION) == 0 ? PRODUCT_KMS
							    : PRODUCT_UNKNOWN;
}

static void
rpc_call(const struct emu_ctx *ctx, const struct emu_request *r, struct emu_answer *a)
{
	struct emu_svc *svc = ctx->state->svc;
	time_t now = emu_clock_now();
	a->note.service = "rpc";
	emu_rpc_request_id(a);
	struct emu_rpc *rpc = malloc(sizeof *rpc);
	if (!rpc) {
		a->status = 500;
		return;
	}
	const char *detail = NULL;
	enum emu_rpc_err e = emu_rpc_parse(r, rpc, &detail);
	if (rpc->action)
		snprintf(a->note.action, sizeof a->note.action, "%s", rpc->action);
	enum product p = e == EMU_RPC_OK ? product_of(rpc) : PRODUCT_UNKNOWN;
	a->note.service = p == PRODUCT_STS ? "sts" : p == PRODUCT_KMS ? "kms" : "rpc";
	char *adetail = NULL;
	if (e == EMU_RPC_OK && !(p == PRODUCT_STS && emu_sts_unsigned(rpc->action))) {
		e = emu_rpc_authenticate(rpc, r, svc->ident, now, &adetail);
		detail = adetail;
		const char *ak = emu_rpc_get(rpc, "AccessKeyId");
		if (e == EMU_RPC_OK)
			emu_principal_note(&a->note.signer, &rpc->signer.who, rpc->signer.expires);
		else if (ak) /* who it claims to be: not authenticated, so no ARN */
			snprintf(a->note.signer.access_key_id, sizeof a->note.signer.access_key_id, "%s", ak);
	}
	if (e != EMU_RPC_OK)
		emu_rpc_fail(a, rpc, e, detail);
	else if (p == PRODUCT_STS)
		emu_sts_handle(svc, rpc, a, now);
	else if (p == PRODUCT_KMS) {
		char region[48];
		emu_kms_region(rpc, ctx->state->regions[r->region].name, region);
		emu_kms_handle(svc, rpc, region, a);
	} else
		emu_rpc_fail(a, rpc, EMU_RPC_INVALID_VERSION, NULL);
	free(adetail);
	emu_rpc_cleanup(rpc);
	free(rpc);
}

int
emu_svc_handle(const struct emu_ctx *ctx, struct emu_request *r, struct emu_answer *a)
{
	struct emu_svc *svc = ctx->state->svc;
	const char *region = ctx->state->regions[r->region].name;
	if (r->via_imds || (!svc->opts.imds_host[0] && r->uri_err == EMU_OK && emu_imds_path(r))) {
		emu_imds_handle(svc, r, region, a);
		return 1;
	}
	if (r->uri_err == EMU_OK && emu_rpc_detect(r)) {
		rpc_call(ctx, r, a);
		return 1;
	}
	return 0;
}
