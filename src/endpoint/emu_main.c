/* emu_main.c — ossemu entry point: options, state, listening, port file, wait for SIGTERM/SIGINT, clean stop. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <pthread.h>

#include "emu_admin.h"
#include "emu_fault.h"
#include "emu_fixture.h"
#include "emu_log.h"
#include "emu_ops.h"
#include "emu_opts.h"
#include "emu_server.h"
#include "emu_state.h"
#include "emu_svc.h"
#include "emu_time.h"
#include "emu_xml.h"

#define MAX_ENDPOINT_HOSTS (2 + 3 * EMU_MAX_REGIONS)

static int
persist(const struct emu_state *st, void *arg)
{
	return emu_fixture_save(st, arg);
}

static int
build_state(const struct emu_opts *o, struct emu_state *st)
{
	char err[4096];
	/* before the fixture, whose users must not reuse the command line's key */
	st->svc->opts = o->svc;
	struct emu_keys main_key = { o->access_key_id, o->access_key_secret, o->security_token };
	emu_ident_set_main(st->svc->ident, &main_key, st->owner_id);
	for (size_t i = 0; i < o->nregions; i++)
		if (emu_state_region(st, o->regions[i]) < 0) {
			fprintf(stderr, "ossemu: --region %s: expected a region id like cn-hangzhou\n",
				o->regions[i]);
			return -1;
		}
	if (o->fixture) {
		if (o->persist && access(o->fixture, F_OK) != 0 && errno == ENOENT) {
			fprintf(stderr, "ossemu: %s does not exist yet; it will be written on the first change\n",
				o->fixture);
		} else if (emu_fixture_load(st, o->fixture, err, sizeof err) < 0) {
			fprintf(stderr, "%s\n", err);
			return -1;
		}
	}
	if (st->nregions == 0)
		emu_state_region(st, "cn-hangzhou");
	for (size_t i = 0; i < o->nbucket_specs; i++)
		if (emu_fixture_add_spec(st, o->bucket_specs[i], err, sizeof err) < 0) {
			fprintf(stderr, "ossemu: %s\n", err);
			return -1;
		}
	if (o->generate && emu_state_generate(st, o->generate, err, sizeof err) < 0) {
		fprintf(stderr, "ossemu: --generate: %s\n", err);
		return -1;
	}
	emu_state_seal(st);
	if (o->persist) {
		st->persist = persist;
		st->persist_arg = (void *)o->fixture;
	}
	return 0;
}

/* Host names meaning "the endpoint itself" (no bucket label). */
static size_t
endpoint_hosts(const struct emu_state *st, const char *bind, char names[][96])
{
	size_t n = 0;
	snprintf(names[n++], 96, "localhost");
	snprintf(names[n++], 96, "%s", bind);
	for (size_t i = 0; i < st->nregions; i++) {
		snprintf(names[n++], 96, "oss-%s.aliyuncs.com", st->regions[i].name);
		snprintf(names[n++], 96, "oss-%s-internal.aliyuncs.com", st->regions[i].name);
		snprintf(names[n++], 96, "%s.oss.aliyuncs.com", st->regions[i].name);
	}
	return n;
}

static int
write_port_file(const char *path, const struct emu_state *st)
{
	size_t n = strlen(path) + 8;
	char *tmp = malloc(n);
	if (!tmp)
		return -1;
	snprintf(tmp, n, "%s.tmp", path);
	FILE *f = fopen(tmp, "w");
	int rc = -1;
	if (f) {
		for (size_t i = 0; i < st->nregions; i++)
			fprintf(f, "%s %u\n", st->regions[i].name, st->regions[i].port);
		rc = fclose(f) == 0 ? rename(tmp, path) : -1;
		if (rc)
			unlink(tmp);
	}
	free(tmp);
	return rc;
}

int
main(int argc, char **argv)
{
	struct emu_opts o;
	char err[512];
	switch (emu_opts_parse(argc, argv, &o, err, sizeof err)) {
	case EMU_OPTS_HELP:
		emu_opts_usage(stdout);
		return 0;
	case EMU_OPTS_VERSION:
		printf("ossemu %s\n", SSEADM_VERSION);
		return 0;
	case EMU_OPTS_EXIT_USAGE:
		fprintf(stderr, "ossemu: %s\nTry 'ossemu --help'.\n", err);
		return 2;
	case EMU_OPTS_RUN:
		break;
	}
	if (o.clock_mode == 1)
		emu_clock_start_at((time_t)o.clock_value);
	else if (o.clock_mode == 2)
		emu_clock_shift((long)o.clock_value);

	struct emu_state st;
	if (emu_state_init(&st) < 0) {
		fprintf(stderr, "ossemu: cannot initialise the state lock\n");
		return 1;
	}
	int status = 2;
	struct emu_log *log = NULL;
	struct emu_server *server = NULL;
	struct emu_admin *admin = NULL;
	emu_xml_init();
	emu_ops_init();
	if (build_state(&o, &st) < 0)
		goto out;
	status = 1;
	if (emu_fault_init() < 0) {
		fprintf(stderr, "ossemu: out of memory\n");
		goto out;
	}
	if (o.log && !(log = emu_log_open(o.log))) {
		fprintf(stderr, "ossemu: --log %s: %s\n", o.log, strerror(errno));
		goto out;
	}

	char hosts[MAX_ENDPOINT_HOSTS][96];
	const char *host_ptrs[MAX_ENDPOINT_HOSTS];
	size_t nhosts = endpoint_hosts(&st, o.host, hosts);
	for (size_t i = 0; i < nhosts; i++)
		host_ptrs[i] = hosts[i];
	struct emu_ctx ctx = {
		.state = &st,
		.keys = { o.access_key_id, o.access_key_secret, o.security_token },
		.faults = o.faults,
		.log = log,
		.allow_path_style = o.allow_path_style,
		.endpoint_hosts = host_ptrs,
		.nendpoint_hosts = nhosts,
		.deny_list_buckets = o.deny_list_buckets,
		.list_page_size = o.list_page_size,
		.fail_list_page = o.fail_list_page,
		.fail_list_onward = o.fail_list_onward,
	};

	/* Every thread inherits a mask with SIGINT/SIGTERM blocked; main takes them with sigwait. */
	sigset_t stop;
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);
	signal(SIGPIPE, SIG_IGN);

	struct emu_server_conf conf = { o.host, o.port, o.threads, o.max_inflight,
					o.svc.imds_host[0] ? o.svc.imds_host : NULL, o.svc.imds_port };
	server = emu_server_start(&ctx, &conf, err, sizeof err);
	if (!server) {
		fprintf(stderr, "ossemu: %s\n", err);
		goto out;
	}
	if (o.admin_socket) {
		struct emu_admin_conf ac = { o.admin_socket, &st, emu_server_hold(server),
					     emu_server_stats, server };
		admin = emu_admin_start(&ac, err, sizeof err);
		if (!admin) {
			fprintf(stderr, "ossemu: %s\n", err);
			goto out;
		}
	}
	/* last: the port file tells a waiting test that everything, control interface included, is up */
	if (o.port_file && write_port_file(o.port_file, &st) < 0) {
		fprintf(stderr, "ossemu: --port-file %s: %s\n", o.port_file, strerror(errno));
		goto out;
	}
	for (size_t i = 0; i < st.nregions; i++)
		printf("ossemu: %s on http://%s:%u\n", st.regions[i].name, o.host, st.regions[i].port);
	if (o.svc.imds_host[0])
		printf("ossemu: ECS metadata service on http://%s:%u\n", o.svc.imds_host, o.svc.imds_port);
	printf("ossemu: ready: %zu buckets, access key id %s%s\n", st.n, o.access_key_id,
	       o.security_token ? ", STS token required" : "");
	fflush(stdout);

	int sig = 0;
	sigwait(&stop, &sig);
	status = 0;
out:
	emu_admin_stop(admin); /* first: nothing releases held requests while the server stops */
	emu_server_stop(server);
	emu_log_close(log);
	emu_fault_cleanup();
	emu_state_cleanup(&st);
	emu_xml_cleanup();
	return status;
}
