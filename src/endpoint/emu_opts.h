/* emu_opts.h — ossemu's command line and environment, checked, with the usage text. */
#ifndef EMU_OPTS_H
#define EMU_OPTS_H

#include <stddef.h>
#include <time.h>

#include "emu_fault.h"
#include "emu_state.h"
#include "emu_svcopts.h"

#define EMU_MAX_SPECS 256

struct emu_opts {
	const char *fixture;
	int persist;
	const char *bucket_specs[EMU_MAX_SPECS];
	size_t nbucket_specs;
	unsigned long generate;
	const char *regions[EMU_MAX_REGIONS];
	size_t nregions;
	const char *host;
	unsigned port;
	const char *port_file;
	const char *admin_socket;  /* the control interface's UNIX socket; NULL = none */
	unsigned threads;
	int allow_path_style;
	const char *access_key_id;
	const char *access_key_secret;
	const char *security_token;
	int clock_mode; /* 0 real, 1 start at clock_value, 2 shift by clock_value */
	long long clock_value;
	const char *log;
	struct emu_fault_conf faults;
	int deny_list_buckets;     /* ListBuckets answers 403 AccessDenied */
	unsigned list_page_size;   /* at most this many buckets per ListBuckets page; 0 = max-keys */
	unsigned max_inflight;     /* more requests than this at once get 503; 0 = no cap */
	unsigned long fail_list_page; /* this ListBuckets request (1, 2, …) gets 503; 0 = none */
	int fail_list_onward;         /* … and every later one ("N+") */
	struct emu_svc_opts svc;   /* STS, KMS and metadata service options (emu_svcopts.h) */
};

enum emu_opts_result { EMU_OPTS_RUN, EMU_OPTS_HELP, EMU_OPTS_VERSION, EMU_OPTS_EXIT_USAGE };

/* Fills o from argv and the OSSEMU_* environment; on EXIT_USAGE, err says why. */
enum emu_opts_result emu_opts_parse(int argc, char **argv, struct emu_opts *o, char *err,
				    size_t errsz);
/* Writes the usage text to f (as FILE *). */
void emu_opts_usage(void *f);

#endif
