/* emu_svcopts.h — the command-line options of the identity and key services (one table: name, argument, help). */
#ifndef EMU_SVCOPTS_H
#define EMU_SVCOPTS_H

#include <stddef.h>

/* X(id, long name, takes an argument, argument name, help) */
#define EMU_SVC_OPTIONS(X)                                                                         \
	X(IMDS_LISTEN, "imds-listen", 1, "ADDR:PORT",                                              \
	  "also listen on ADDR:PORT (plain HTTP) for the ECS metadata service, which is then\n"   \
	  "served there only (e.g. 100.100.100.200:80 inside a network namespace)")             \
	X(IMDS_REQUIRE_TOKEN, "imds-require-token", 0, "",                                         \
	  "metadata reads need X-aliyun-ecs-metadata-token (IMDSv1 off)")                          \
	X(IMDS_DURATION, "imds-duration-s", 1, "N",                                                \
	  "the ECS role's credentials last N seconds (1-43200; default 21600)")                   \
	X(STS_DURATION, "sts-duration-s", 1, "N",                                                  \
	  "credentials STS issues last N seconds whatever DurationSeconds asks\n"                 \
	  "(1-43200), e.g. 20 for a test that sees them expire")                                   \
	X(KMS_THROTTLE, "kms-throttle-every", 1, "N", "every Nth KMS request answers 400 Throttling")

enum emu_svc_opt {
#define EMU_SVC_OPT_ENUM(id, name, arg, argname, help) EMU_SVC_OPT_##id,
	EMU_SVC_OPTIONS(EMU_SVC_OPT_ENUM)
#undef EMU_SVC_OPT_ENUM
	EMU_SVC_OPT_COUNT
};

struct emu_svc_opts {
	char imds_host[64];      /* --imds-listen; "" when not given */
	unsigned imds_port;
	int imds_require_token;
	long imds_duration_s;    /* 0: 21600 */
	long sts_duration_s;     /* 0: as DurationSeconds asks */
	unsigned long kms_throttle_every;
};

/* Sets option `which` from its argument. 0, or -1 with a message in err. */
int emu_svc_opt(struct emu_svc_opts *o, enum emu_svc_opt which, const char *arg, char *err,
		size_t errsz);
/* The options' usage lines, to f (a FILE *). */
void emu_svc_usage(void *f);

#endif
