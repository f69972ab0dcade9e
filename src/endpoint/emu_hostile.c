/* emu_hostile.c — the hostile suffixes and the --hostile field list. */
#include "emu_hostile.h"

#include <stdio.h>
#include <string.h>

/* OSC title (ESC ] … BEL), CSI SGR, C1 CSI, C1 OSC … ST, DEL, RIGHT-TO-LEFT OVERRIDE, LEFT-TO-RIGHT
 * ISOLATE. */
static const char header_text[] = "\x1b]0;ossemu-hostile-title\x07\x1b[31;5m\xc2\x9b" "7m"
				  "\xc2\x9d" "0;c1-title\xc2\x9c\x7f\xe2\x80\xae" "desrever\xe2\x81\xa6";
/* The same without what XML 1.0 forbids (ESC, BEL); C1 NEL (U+0085) for a line break. */
static const char xml_text[] = "\xc2\x9d" "0;ossemu-hostile-title\xc2\x9c\xc2\x9b" "31;5m\xc2\x85"
			       "\x7f\xe2\x80\xae" "desrever\xe2\x81\xa6\xe2\x80\x8f";

static const char *const names[EMU_HOSTILE_NFIELDS] = {
#define EMU_HOSTILE_NAME(id, name, help) name,
	EMU_HOSTILE_FIELDS(EMU_HOSTILE_NAME)
#undef EMU_HOSTILE_NAME
};

static const char *const helps[EMU_HOSTILE_NFIELDS] = {
#define EMU_HOSTILE_HELP(id, name, help) help,
	EMU_HOSTILE_FIELDS(EMU_HOSTILE_HELP)
#undef EMU_HOSTILE_HELP
};

int
emu_hostile_parse(const char *list, unsigned *out, char *err, size_t errsz)
{
	*out = 0;
	if (strcmp(list, "all") == 0) {
		*out = EMU_HOSTILE_ALL;
		return 0;
	}
	const char *p = list;
	while (*p) {
		size_t n = strcspn(p, ",");
		int found = -1;
		for (int i = 0; i < EMU_HOSTILE_NFIELDS; i++)
			if (strlen(names[i]) == n && strncmp(names[i], p, n) == 0)
				found = i;
		if (found < 0) {
			snprintf(err, errsz, "--hostile: \"%.*s\" is not a field (all, or a comma list of "
					     "request-id, code, message, host-id, ec, kms-key-id)", (int)(n > 40 ? 40 : n), p);
			return -1;
		}
		*out |= 1u << found;
		p += n;
		if (*p == ',')
			p++;
	}
	if (!*out) {
		snprintf(err, errsz, "--hostile: expected all or a comma list of fields");
		return -1;
	}
	return 0;
}

void
emu_hostile_usage(void *fp)
{
	FILE *f = fp;
	for (int i = 0; i < EMU_HOSTILE_NFIELDS; i++)
		fprintf(f, "                             %-11s %s\n", names[i], helps[i]);
}

void
emu_hostile_text(const char *value, int in_xml, char *out, size_t outsz)
{
	snprintf(out, outsz, "%s%s", value, in_xml ? xml_text : header_text);
}
