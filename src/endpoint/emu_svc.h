/* emu_svc.h — the identity and key services beside OSS (STS, KMS, ECS metadata): options, state, fixture sections, dispatch. */
#ifndef EMU_SVC_H
#define EMU_SVC_H

#include <stdatomic.h>
#include <stddef.h>

#include <libconfig.h>

#include "emu_buf.h"
#include "emu_cfg.h"
#include "emu_ident.h"
#include "emu_ops.h"
#include "emu_request.h"
#include "emu_state.h"
#include "emu_svcopts.h"

struct emu_kms;

struct emu_svc {
	struct emu_ident *ident;
	struct emu_kms *kms;
	struct emu_svc_opts opts;
	atomic_ulong kms_requests; /* for --kms-throttle-every */
};

struct emu_svc *emu_svc_new(void);
void emu_svc_free(struct emu_svc *svc);

/* The fixture's `ram` and `kms` groups into st->svc (called by emu_fixture_load). */
void emu_svc_fixture_load(struct emu_state *st, const config_setting_t *root, struct emu_cfg_errs *e);
/* The same groups written back (for --persist). */
void emu_svc_fixture_render(const struct emu_state *st, struct emu_buf *b);

/* Answers r when it is an STS, KMS or metadata request: 1, else 0 (OSS goes on). */
int emu_svc_handle(const struct emu_ctx *ctx, struct emu_request *r, struct emu_answer *a);

#endif
