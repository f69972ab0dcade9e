/* emu_opts.c — ossemu's option parsing (getopt_long) and usage text. */
#include "emu_opts.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
	OPT_PERSIST = 256,
	OPT_BUCKET,
	OPT_GENERATE,
	OPT_REGION,
	OPT_HOST,
	OPT_PORT,
	OPT_PORT_FILE,
	OPT_ADMIN,
	OPT_THREADS,
	OPT_NO_PATH_STYLE,
	OPT_AK,
	OPT_SECRET,
	OPT_TOKEN,
	OPT_CLOCK,
	OPT_LOG,
	OPT_LATENCY,
	OPT_DENY_LIST,
	OPT_PAGE_SIZE,
	OPT_MAX_INFLIGHT,
	OPT_FAIL_LIST_PAGE,
	OPT_VERSION,
	OPT_FAULT_BASE, /* + enum emu_fault */
	OPT_SVC_BASE = OPT_FAULT_BASE + 64, /* + enum emu_svc_opt */
};

void
emu_opts_usage(void *fp)
{
	FILE *f = fp;
	fputs("Usage: ossemu [OPTION]...\n"
	      "A local Alibaba Cloud OSS endpoint for sseadm's tests and demo. It serves\n"
	      "Get/Put/DeleteBucketEncryption (GET/PUT/DELETE /?encryption) and ListBuckets (GET /),\n"
	      "checks every request's V1 or V4 signature, and answers like OSS.\n"
	      "\n"
	      "State:\n"
	      "  -f, --fixture FILE       load buckets from FILE (libconfig, see demo/fixture.cfg)\n"
	      "      --persist            rewrite FILE atomically after every change (comments are lost)\n"
	      "      --bucket SPEC        add a bucket NAME[@REGION][:ALGO[:KMSKEY[:SM4]]] (repeatable),\n"
	      "                           e.g. logs, alpha:AES256, beta@cn-shanghai:KMS:key-1:SM4\n"
	      "      --generate N         add N buckets bucket-00001… with a mix of rules\n"
	      "\n"
	      "Network:\n"
	      "      --region NAME        serve region NAME on its own port (repeatable; the first is\n"
	      "                           the default region of buckets; default cn-hangzhou)\n"
	      "      --host ADDR          address to listen on (default 127.0.0.1)\n"
	      "      --port N             port of the first region, N+1 for the next…; 0 = free ports\n"
	      "                           (default 0)\n"
	      "      --port-file FILE     once listening, write one \"REGION PORT\" line per region\n"
	      "      --threads N          HTTP worker threads per region (default 4)\n"
	      "      --no-path-style      refuse path-style /BUCKET/ requests (SecondLevelDomainForbidden)\n"
	      "\n"
	      "Account limits (as a RAM policy or OSS's own limits would impose them):\n"
	      "      --deny-list-buckets  answer ListBuckets with 403 AccessDenied, as OSS does for a key\n"
	      "                           without oss:ListBuckets; the bucket calls still work\n"
	      "                           (or OSSEMU_DENY_LIST_BUCKETS=1)\n"
	      "      --list-page-size N   at most N buckets per ListBuckets page, whatever max-keys asks\n"
	      "                           (1-1000), with IsTruncated and NextMarker; default: max-keys\n"
	      "                           (or OSSEMU_LIST_PAGE_SIZE=N)\n"
	      "      --max-inflight N     when N requests are already being served (on all regions,\n"
	      "                           latency included), answer the next at once with 503\n"
	      "                           ActiveRequestLimitExceeded; 0 = no cap (default; or\n"
	      "                           OSSEMU_MAX_INFLIGHT=N)\n"
	      "\n"
	      "Credentials (or OSSEMU_ACCESS_KEY_ID, OSSEMU_ACCESS_KEY_SECRET, OSSEMU_SECURITY_TOKEN):\n"
	      "      --access-key-id ID\n"
	      "      --access-key-secret SECRET\n"
	      "      --security-token TOKEN   require this STS token in x-oss-security-token\n"
	      "\n"
	      "Control interface (what tests drive; answers are JSON):\n"
	      "      --admin-socket PATH  serve it on the UNIX socket PATH (mode 0600), e.g.\n"
	      "                           curl --unix-socket PATH -X POST 'http://ossemu/hold?kind=put'\n"
	      "        POST /hold[?bucket=B][&kind=K]  hold arriving requests: all, those for bucket B,\n"
	      "                           of kind K (get put delete list rpc imds other), or both; a\n"
	      "                           held request is logged as {\"event\":\"held\",…} and waits,\n"
	      "                           counted in --max-inflight; released, it is answered as if\n"
	      "                           it had just arrived (faults, latency)\n"
	      "        DELETE /hold       hold no more requests (those held stay held)\n"
	      "        POST /release[?n=N]  answer the N oldest held requests (default: all)\n"
	      "        GET /held          {\"held\":N,\"rules\":[…],\"requests\":[…]}\n"
	      "        GET /buckets/NAME  the bucket's region, rule and access\n"
	      "        PUT /buckets/NAME?algorithm=A[&kms_key_id=K][&data_encryption=SM4]\n"
	      "        DELETE /buckets/NAME  set or remove its rule, as another administrator would\n"
	      "                           in the console (checked as PutBucketEncryption is)\n"
	      "        GET /stats         counters: requests, held\n"
	      "\n"
	      "Clock and log:\n"
	      "      --clock T            server clock: UNIX time to start at, or +N / -N seconds\n"
	      "      --log FILE           append one JSON line per request to FILE\n"
	      "\n"
	      "Faults (request numbers 1, 2, … count every request on every region):\n"
	      "      --latency-ms N       delay every answer by N ms (other requests are not held up)\n",
	      f);
	for (int i = EMU_FAULT_NONE + 1; i < EMU_FAULT_COUNT; i++) {
		char flag[40];
		snprintf(flag, sizeof flag, "--%s-every N", emu_fault_name((enum emu_fault)i));
		fprintf(f, "      %-20s every Nth request: %s\n", flag, emu_fault_help((enum emu_fault)i));
	}
	fputs("  When several faults fall on one request, the first listed wins. A truncated\n"
	      "  answer's call has taken effect; the other faults skip the call.\n"
	      "      --fail-list-page N   the Nth ListBuckets request (counting only those) answers\n"
	      "                           503 ServiceUnavailable: a listing that breaks part-way;\n"
	      "                           N+: the Nth and every later one (it stays broken)\n"
	      "\n"
	      "Addressing: virtual-hosted, Host: BUCKET.ENDPOINT (e.g. mybucket.localhost:PORT, or\n"
	      "mybucket.oss-cn-hangzhou.aliyuncs.com sent to 127.0.0.1:PORT), or path style,\n"
	      "/BUCKET/?encryption with a Host that names no bucket (localhost, an IP address,\n"
	      "oss-REGION[-internal].aliyuncs.com). ListBuckets is GET / on such a Host.\n",
	      f);
	emu_svc_usage(f);
	fputs("\n"
	      "  -h, --help               show this help\n"
	      "      --version            show the version\n"
	      "SIGTERM or SIGINT stop ossemu cleanly. Exit status: 0 stopped by a signal, 1 runtime\n"
	      "error, 2 bad usage or fixture.\n",
	      f);
}

static int
number(const char *s, unsigned long max, unsigned long *out)
{
	if (!s || !*s || *s == '-' || *s == '+')
		return -1;
	char *end;
	errno = 0;
	unsigned long v = strtoul(s, &end, 10);
	if (errno || *end || v > max)
		return -1;
	*out = v;
	return 0;
}

static int
page_size(const char *s, unsigned *out)
{
	unsigned long v;
	if (number(s, 1000, &v) < 0 || v == 0)
		return -1;
	*out = (unsigned)v;
	return 0;
}

static int
max_inflight(const char *s, unsigned *out)
{
	unsigned long v;
	if (number(s, 100000, &v) < 0)
		return -1;
	*out = (unsigned)v;
	return 0;
}

/* The OSSEMU_* settings the command line did not give (the command line wins). */
static enum emu_opts_result
from_environment(struct emu_opts *o, int have_max_inflight, char *err, size_t errsz)
{
	const char *v = getenv("OSSEMU_DENY_LIST_BUCKETS");
	if (!o->deny_list_buckets && v && *v) {
		if (strcmp(v, "1") != 0 && strcmp(v, "0") != 0) {
			snprintf(err, errsz, "OSSEMU_DENY_LIST_BUCKETS: expected 1 or 0");
			return EMU_OPTS_EXIT_USAGE;
		}
		o->deny_list_buckets = v[0] == '1';
	}
	v = getenv("OSSEMU_LIST_PAGE_SIZE");
	if (!o->list_page_size && v && *v && page_size(v, &o->list_page_size) < 0) {
		snprintf(err, errsz, "OSSEMU_LIST_PAGE_SIZE: expected 1-1000");
		return EMU_OPTS_EXIT_USAGE;
	}
	v = getenv("OSSEMU_MAX_INFLIGHT");
	if (!have_max_inflight && v && *v && max_inflight(v, &o->max_inflight) < 0) {
		snprintf(err, errsz, "OSSEMU_MAX_INFLIGHT: expected 0-100000");
		return EMU_OPTS_EXIT_USAGE;
	}
	if (!o->access_key_id)
		o->access_key_id = getenv("OSSEMU_ACCESS_KEY_ID");
	if (!o->access_key_secret)
		o->access_key_secret = getenv("OSSEMU_ACCESS_KEY_SECRET");
	if (!o->security_token)
		o->security_token = getenv("OSSEMU_SECURITY_TOKEN");
	return EMU_OPTS_RUN;
}

enum emu_opts_result
emu_opts_parse(int argc, char **argv, struct emu_opts *o, char *err, size_t errsz)
{
	memset(o, 0, sizeof *o);
	o->host = "127.0.0.1";
	o->threads = 4;
	o->allow_path_style = 1;
	static struct option longs[] = {
		{ "fixture", required_argument, NULL, 'f' },
		{ "persist", no_argument, NULL, OPT_PERSIST },
		{ "bucket", required_argument, NULL, OPT_BUCKET },
		{ "generate", required_argument, NULL, OPT_GENERATE },
		{ "region", required_argument, NULL, OPT_REGION },
		{ "host", required_argument, NULL, OPT_HOST },
		{ "port", required_argument, NULL, OPT_PORT },
		{ "port-file", required_argument, NULL, OPT_PORT_FILE },
		{ "admin-socket", required_argument, NULL, OPT_ADMIN },
		{ "threads", required_argument, NULL, OPT_THREADS },
		{ "no-path-style", no_argument, NULL, OPT_NO_PATH_STYLE },
		{ "access-key-id", required_argument, NULL, OPT_AK },
		{ "access-key-secret", required_argument, NULL, OPT_SECRET },
		{ "security-token", required_argument, NULL, OPT_TOKEN },
		{ "clock", required_argument, NULL, OPT_CLOCK },
		{ "log", required_argument, NULL, OPT_LOG },
		{ "latency-ms", required_argument, NULL, OPT_LATENCY },
		{ "deny-list-buckets", no_argument, NULL, OPT_DENY_LIST },
		{ "list-page-size", required_argument, NULL, OPT_PAGE_SIZE },
		{ "max-inflight", required_argument, NULL, OPT_MAX_INFLIGHT },
		{ "fail-list-page", required_argument, NULL, OPT_FAIL_LIST_PAGE },
		{ "reset-every", required_argument, NULL, OPT_FAULT_BASE + EMU_FAULT_RESET },
		{ "stall-every", required_argument, NULL, OPT_FAULT_BASE + EMU_FAULT_STALL },
		{ "truncate-every", required_argument, NULL, OPT_FAULT_BASE + EMU_FAULT_TRUNCATE },
		{ "oversize-every", required_argument, NULL, OPT_FAULT_BASE + EMU_FAULT_OVERSIZE },
		{ "html-every", required_argument, NULL, OPT_FAULT_BASE + EMU_FAULT_HTML },
		{ "garbage-every", required_argument, NULL, OPT_FAULT_BASE + EMU_FAULT_GARBAGE },
		{ "throttle-every", required_argument, NULL, OPT_FAULT_BASE + EMU_FAULT_THROTTLE },
		{ "fail-every", required_argument, NULL, OPT_FAULT_BASE + EMU_FAULT_FAIL },
		{ "busy-every", required_argument, NULL, OPT_FAULT_BASE + EMU_FAULT_BUSY },
#define SVC_LONG(id, name, arg, argname, help) \
	{ name, arg ? required_argument : no_argument, NULL, OPT_SVC_BASE + EMU_SVC_OPT_##id },
		EMU_SVC_OPTIONS(SVC_LONG)
#undef SVC_LONG
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, OPT_VERSION },
		{ NULL, 0, NULL, 0 },
	};
	opterr = 0;
	optind = 1;
	int ch, have_max_inflight = 0;
	unsigned long v;
	while ((ch = getopt_long(argc, argv, ":f:h", longs, NULL)) != -1) {
		switch (ch) {
		case 'f': o->fixture = optarg; break;
		case OPT_PERSIST: o->persist = 1; break;
		case OPT_BUCKET:
			if (o->nbucket_specs == EMU_MAX_SPECS) {
				snprintf(err, errsz, "too many --bucket options (max %d; use a fixture)", EMU_MAX_SPECS);
				return EMU_OPTS_EXIT_USAGE;
			}
			o->bucket_specs[o->nbucket_specs++] = optarg;
			break;
		case OPT_GENERATE:
			if (number(optarg, 1000000, &o->generate) < 0) {
				snprintf(err, errsz, "--generate: expected a count up to 1000000");
				return EMU_OPTS_EXIT_USAGE;
			}
			break;
		case OPT_REGION:
			if (o->nregions == EMU_MAX_REGIONS) {
				snprintf(err, errsz, "at most %d regions", EMU_MAX_REGIONS);
				return EMU_OPTS_EXIT_USAGE;
			}
			o->regions[o->nregions++] = optarg;
			break;
		case OPT_HOST: o->host = optarg; break;
		case OPT_PORT:
			if (number(optarg, 65535, &v) < 0) {
				snprintf(err, errsz, "--port: expected 0-65535");
				return EMU_OPTS_EXIT_USAGE;
			}
			o->port = (unsigned)v;
			break;
		case OPT_PORT_FILE: o->port_file = optarg; break;
		case OPT_ADMIN: o->admin_socket = optarg; break;
		case OPT_THREADS:
			if (number(optarg, 256, &v) < 0 || v == 0) {
				snprintf(err, errsz, "--threads: expected 1-256");
				return EMU_OPTS_EXIT_USAGE;
			}
			o->threads = (unsigned)v;
			break;
		case OPT_NO_PATH_STYLE: o->allow_path_style = 0; break;
		case OPT_AK: o->access_key_id = optarg; break;
		case OPT_SECRET: o->access_key_secret = optarg; break;
		case OPT_TOKEN: o->security_token = optarg; break;
		case OPT_CLOCK: {
			const char *s = optarg;
			int sign = 0;
			if (*s == '+' || *s == '-')
				sign = *s++ == '+' ? 1 : -1;
			if (number(s, sign ? 10L * 365 * 86400 : 253402300799UL, &v) < 0) {
				snprintf(err, errsz, "--clock: expected UNIX seconds, or +N / -N seconds");
				return EMU_OPTS_EXIT_USAGE;
			}
			o->clock_mode = sign ? 2 : 1;
			o->clock_value = sign ? sign * (long long)v : (long long)v;
			break;
		}
		case OPT_LOG: o->log = optarg; break;
		case OPT_LATENCY:
			if (number(optarg, 600000, &v) < 0) {
				snprintf(err, errsz, "--latency-ms: expected 0-600000");
				return EMU_OPTS_EXIT_USAGE;
			}
			o->faults.latency_ms = (unsigned)v;
			break;
		case OPT_DENY_LIST: o->deny_list_buckets = 1; break;
		case OPT_PAGE_SIZE:
			if (page_size(optarg, &o->list_page_size) < 0) {
				snprintf(err, errsz, "--list-page-size: expected 1-1000");
				return EMU_OPTS_EXIT_USAGE;
			}
			break;
		case OPT_FAIL_LIST_PAGE: {
			char num[16];
			size_t len = strlen(optarg);
			o->fail_list_onward = len > 0 && optarg[len - 1] == '+';
			if (o->fail_list_onward)
				len--;
			if (len == 0 || len >= sizeof num) {
				snprintf(err, errsz, "--fail-list-page: expected 1-1000000, or N+");
				return EMU_OPTS_EXIT_USAGE;
			}
			memcpy(num, optarg, len);
			num[len] = '\0';
			if (number(num, 1000000, &v) < 0 || v == 0) {
				snprintf(err, errsz, "--fail-list-page: expected 1-1000000, or N+");
				return EMU_OPTS_EXIT_USAGE;
			}
			o->fail_list_page = v;
			break;
		}
		case OPT_MAX_INFLIGHT:
			if (max_inflight(optarg, &o->max_inflight) < 0) {
				snprintf(err, errsz, "--max-inflight: expected 0-100000");
				return EMU_OPTS_EXIT_USAGE;
			}
			have_max_inflight = 1;
			break;
		case 'h': return EMU_OPTS_HELP;
		case OPT_VERSION: return EMU_OPTS_VERSION;
		case ':':
			snprintf(err, errsz, "%s needs a value", argv[optind - 1]);
			return EMU_OPTS_EXIT_USAGE;
		case '?':
			snprintf(err, errsz, "unknown option %s", argv[optind - 1]);
			return EMU_OPTS_EXIT_USAGE;
		default:
			if (ch >= OPT_SVC_BASE && ch < OPT_SVC_BASE + EMU_SVC_OPT_COUNT) {
				if (emu_svc_opt(&o->svc, (enum emu_svc_opt)(ch - OPT_SVC_BASE), optarg, err,
						errsz) < 0)
					return EMU_OPTS_EXIT_USAGE;
				break;
			}
			if (ch > OPT_FAULT_BASE && ch < OPT_FAULT_BASE + EMU_FAULT_COUNT) {
				int f = ch - OPT_FAULT_BASE;
				if (number(optarg, 1000000000, &v) < 0 || v == 0) {
					snprintf(err, errsz, "--%s-every: expected a positive count",
						 emu_fault_name((enum emu_fault)f));
					return EMU_OPTS_EXIT_USAGE;
				}
				o->faults.every[f] = v;
				break;
			}
			snprintf(err, errsz, "bad option");
			return EMU_OPTS_EXIT_USAGE;
		}
	}
	if (optind < argc) {
		snprintf(err, errsz, "unexpected argument \"%s\"", argv[optind]);
		return EMU_OPTS_EXIT_USAGE;
	}
	if (o->persist && !o->fixture) {
		snprintf(err, errsz, "--persist needs --fixture FILE");
		return EMU_OPTS_EXIT_USAGE;
	}
	enum emu_opts_result env = from_environment(o, have_max_inflight, err, errsz);
	if (env != EMU_OPTS_RUN)
		return env;
	if (o->security_token && !*o->security_token)
		o->security_token = NULL;
	if (!o->access_key_id || !*o->access_key_id || !o->access_key_secret || !*o->access_key_secret) {
		snprintf(err, errsz, "no key pair: give --access-key-id and --access-key-secret, or set "
				     "OSSEMU_ACCESS_KEY_ID and OSSEMU_ACCESS_KEY_SECRET");
		return EMU_OPTS_EXIT_USAGE;
	}
	return EMU_OPTS_RUN;
}
