/* emu_imds.h — the ECS instance metadata service as the credentials libraries read it: session token, role name, role credentials. */
#ifndef EMU_IMDS_H
#define EMU_IMDS_H

#include "emu_ops.h"
#include "emu_request.h"
#include "emu_svc.h"

/* Whether r is for the metadata service: its path is /latest or under /latest/. */
int emu_imds_path(const struct emu_request *r);
/* Answers a metadata request (anything else that reaches the metadata listener gets 404). */
void emu_imds_handle(struct emu_svc *svc, const struct emu_request *r, const char *region,
		     struct emu_answer *a);

#endif
