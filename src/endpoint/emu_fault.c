/* emu_fault.c — fault injection: a global atomic request counter and the canned failure bodies. */
#include "emu_fault.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

static atomic_ulong request_seq;
static char *oversize_body; /* built before threads start, read-only afterwards */

unsigned long
emu_fault_next_seq(void)
{
	return atomic_fetch_add(&request_seq, 1) + 1;
}

unsigned long
emu_fault_seq_count(void)
{
	return atomic_load(&request_seq);
}

enum emu_fault
emu_fault_pick(const struct emu_fault_conf *c, unsigned long seq)
{
	for (int f = EMU_FAULT_NONE + 1; f < EMU_FAULT_COUNT; f++)
		if (c->every[f] && seq % c->every[f] == 0)
			return (enum emu_fault)f;
	return EMU_FAULT_NONE;
}

static const char *const names[EMU_FAULT_COUNT] = {
	"none",
#define EMU_FAULT_NAME(id, name, help) name,
	EMU_FAULTS(EMU_FAULT_NAME)
#undef EMU_FAULT_NAME
};

static const char *const helps[EMU_FAULT_COUNT] = {
	"",
#define EMU_FAULT_HELP(id, name, help) help,
	EMU_FAULTS(EMU_FAULT_HELP)
#undef EMU_FAULT_HELP
};

const char *
emu_fault_name(enum emu_fault f)
{
	return (unsigned)f < EMU_FAULT_COUNT ? names[f] : "?";
}

const char *
emu_fault_help(enum emu_fault f)
{
	return (unsigned)f < EMU_FAULT_COUNT ? helps[f] : "";
}

const char *
emu_fault_html(size_t *len)
{
	static const char page[] =
		"<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
		"<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n"
		"</body>\r\n</html>\r\n";
	*len = sizeof page - 1;
	return page;
}

const char *
emu_fault_garbage(size_t *len)
{
	/* Not XML, with terminal escapes and control bytes a client must not echo raw. */
	static const char junk[] = "\x1b[31m\x1b]0;pwned\x07garbage {\"not\": \"xml\"} <<<\x01\x02\x7f>>> "
				   "\xff\xfe ServerSideEncryptionRule\n";
	*len = sizeof junk - 1;
	return junk;
}

int
emu_fault_init(void)
{
	static const char head[] = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
				   "<ServerSideEncryptionRule>\n<!-- ";
	static const char tail[] = " -->\n</ServerSideEncryptionRule>\n";
	if (oversize_body)
		return 0;
	oversize_body = malloc(EMU_OVERSIZE_LEN);
	if (!oversize_body)
		return -1;
	memset(oversize_body, 'x', EMU_OVERSIZE_LEN);
	memcpy(oversize_body, head, sizeof head - 1);
	memcpy(oversize_body + EMU_OVERSIZE_LEN - (sizeof tail - 1), tail, sizeof tail - 1);
	return 0;
}

void
emu_fault_cleanup(void)
{
	free(oversize_body);
	oversize_body = NULL;
}

const char *
emu_fault_oversize(size_t *len)
{
	*len = oversize_body ? EMU_OVERSIZE_LEN : 0;
	return oversize_body ? oversize_body : "";
}
