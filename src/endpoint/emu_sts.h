/* emu_sts.h — STS 2015-04-01 as ossemu serves it: AssumeRole, AssumeRoleWithOIDC, GetCallerIdentity. */
#ifndef EMU_STS_H
#define EMU_STS_H

#include "emu_ops.h"
#include "emu_rpc.h"
#include "emu_svc.h"

#define EMU_STS_VERSION "2015-04-01"

/* Whether action is one STS answers unsigned (AssumeRoleWithOIDC). */
int emu_sts_unsigned(const char *action);
/* Answers an STS call; rpc is parsed and, unless unsigned, authenticated. */
void emu_sts_handle(struct emu_svc *svc, struct emu_rpc *rpc, struct emu_answer *a, time_t now);

#endif
