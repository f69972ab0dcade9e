/* emu_svcopts.c — parsing and usage of the identity and key services' options. */
#include "emu_svcopts.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int
count(const char *s, long min, long max, long *out)
{
	char *end;
	errno = 0;
	long v = s && *s && *s != '-' && *s != '+' ? strtol(s, &end, 10) : -1;
	if (!s || !*s || *s == '-' || *s == '+' || errno || *end || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

int
emu_svc_opt(struct emu_svc_opts *o, enum emu_svc_opt which, const char *arg, char *err, size_t errsz)
{
	long v;
	switch (which) {
	case EMU_SVC_OPT_IMDS_LISTEN: {
		const char *colon = arg ? strrchr(arg, ':') : NULL;
		size_t hlen = colon ? (size_t)(colon - arg) : 0;
		if (!colon || hlen == 0 || hlen >= sizeof o->imds_host || count(colon + 1, 1, 65535, &v) < 0) {
			snprintf(err, errsz, "--imds-listen: expected ADDR:PORT, e.g. 100.100.100.200:80");
			return -1;
		}
		snprintf(o->imds_host, sizeof o->imds_host, "%.*s", (int)hlen, arg);
		o->imds_port = (unsigned)v;
		return 0;
	}
	case EMU_SVC_OPT_IMDS_REQUIRE_TOKEN:
		o->imds_require_token = 1;
		return 0;
	case EMU_SVC_OPT_IMDS_DURATION:
	case EMU_SVC_OPT_STS_DURATION:
		if (count(arg, 1, 43200, &v) < 0) {
			snprintf(err, errsz, "--%s: expected 1-43200 seconds",
				 which == EMU_SVC_OPT_IMDS_DURATION ? "imds-duration-s" : "sts-duration-s");
			return -1;
		}
		*(which == EMU_SVC_OPT_IMDS_DURATION ? &o->imds_duration_s : &o->sts_duration_s) = v;
		return 0;
	case EMU_SVC_OPT_KMS_THROTTLE:
		if (count(arg, 1, 1000000000, &v) < 0) {
			snprintf(err, errsz, "--kms-throttle-every: expected a positive count");
			return -1;
		}
		o->kms_throttle_every = (unsigned long)v;
		return 0;
	case EMU_SVC_OPT_COUNT:
		break;
	}
	snprintf(err, errsz, "bad option");
	return -1;
}

void
emu_svc_usage(void *fp)
{
	FILE *f = fp;
	fputs("\nIdentity and key services (STS 2015-04-01, KMS 2016-01-20, ECS metadata at /latest/;\n"
	      "roles, users, OIDC providers and keys come from the fixture's ram and kms groups):\n",
	      f);
#define EMU_SVC_USAGE(id, name, arg, argname, help)                                              \
	{                                                                                          \
		char flag[48];                                                                     \
		snprintf(flag, sizeof flag, "--%s%s%s", name, arg ? " " : "", argname);            \
		const char *h = help;                                                              \
		fprintf(f, "      %-20s ", flag);                                                 \
		for (const char *nl; (nl = strchr(h, '\n')); h = nl + 1)                          \
			fprintf(f, "%.*s\n%27s", (int)(nl - h), h, "");                           \
		fprintf(f, "%s\n", h);                                                             \
	}
	EMU_SVC_OPTIONS(EMU_SVC_USAGE)
#undef EMU_SVC_USAGE
	fputs("  A request is STS or KMS when it has an Action parameter (query or form body); KMS's\n"
	      "  region is the kms.REGION.aliyuncs.com of its Host, else its RegionId, else the region\n"
	      "  of the port it came to.\n",
	      f);
}
