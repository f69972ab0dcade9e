/* emu_error.c — the OSS error table. */
#include "emu_error.h"

static const struct emu_errinfo table[] = {
	{ 200, "", "", "" },
#define EMU_ERR_ROW(name, http, code, message, ec) { http, code, message, ec },
	EMU_ERRORS(EMU_ERR_ROW)
#undef EMU_ERR_ROW
};

const struct emu_errinfo *
emu_err_info(enum emu_err e)
{
	unsigned i = (unsigned)e;
	if (i >= sizeof table / sizeof table[0])
		i = (unsigned)EMU_ERR_INTERNAL;
	return &table[i];
}
