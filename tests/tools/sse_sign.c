/* sse_sign.c — test tool: builds and signs exactly the request sseadm sends, and prints it, so the
 * conformance test can compare sseadm's Authorization with the official Node SDK's. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/rule.h"
#include "core/status.h"
#include "core/strbuf.h"
#include "oss/account.h"
#include "oss/request.h"
#include "oss/sign.h"

#define EXIT_USAGE 2

static const char usage_text[] =
    "usage: sse_sign --op get|put|delete|list --endpoint URL --region R --sigver 1|4\n"
    "                --time UNIX_SECONDS [--bucket B] [--path-style]\n"
    "                [--algorithm AES256|KMS|SM4] [--kms-key-id ID] [--data-enc SM4]\n"
    "                [--prefix P] [--marker M] [--max-keys N]\n"
    "credentials from OSS_ACCESS_KEY_ID, OSS_ACCESS_KEY_SECRET and OSS_SESSION_TOKEN (optional).\n"
    "Prints URL:, Method:, one line per header (Authorization included) and Body: when any.\n";

struct options {
    const char *op, *endpoint, *region, *sigver, *time, *bucket;
    const char *algorithm, *kms_key_id, *data_enc, *prefix, *marker, *max_keys;
    bool path_style;
};

static int
usage_error(const char *fmt, const char *arg)
{
    fputs("sse_sign: ", stderr);
    fprintf(stderr, fmt, arg);
    fputs("\n", stderr);
    fputs(usage_text, stderr);
    return EXIT_USAGE;
}

/* Fills o from argv; returns 0, or the exit status after a message. */
static int
parse_args(int argc, char **argv, struct options *o)
{
    struct {
        const char *name;
        const char **slot;
    } valued[] = {
        {"--op", &o->op},           {"--endpoint", &o->endpoint},     {"--region", &o->region},
        {"--sigver", &o->sigver},   {"--time", &o->time},             {"--bucket", &o->bucket},
        {"--algorithm", &o->algorithm}, {"--kms-key-id", &o->kms_key_id},
        {"--data-enc", &o->data_enc}, {"--prefix", &o->prefix},       {"--marker", &o->marker},
        {"--max-keys", &o->max_keys},
    };
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            fputs(usage_text, stdout);
            exit(0);
        }
        if (strcmp(a, "--path-style") == 0) {
            o->path_style = true;
            continue;
        }
        size_t k;
        for (k = 0; k < sizeof valued / sizeof valued[0]; k++)
            if (strcmp(a, valued[k].name) == 0)
                break;
        if (k == sizeof valued / sizeof valued[0])
            return usage_error("unknown option \"%s\"", a);
        if (i + 1 >= argc)
            return usage_error("%s needs a value", a);
        if (*valued[k].slot)
            return usage_error("%s given twice", a);
        *valued[k].slot = argv[++i];
    }
    const char *required[][2] = {{"--op", o->op},         {"--endpoint", o->endpoint},
                                 {"--region", o->region}, {"--sigver", o->sigver},
                                 {"--time", o->time}};
    for (size_t k = 0; k < sizeof required / sizeof required[0]; k++)
        if (!required[k][1])
            return usage_error("%s is required", required[k][0]);
    return 0;
}

/* A whole decimal number in [min, max]. */
static bool
parse_number(const char *s, long long min, long long max, long long *out)
{
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno || end == s || *end || v < min || v > max)
        return false;
    *out = v;
    return true;
}

/* Checks the options that depend on the operation; returns 0 or the exit status. */
static int
check_op_options(const struct options *o, bool list, bool put)
{
    if (!list && !o->bucket)
        return usage_error("--bucket is required with --op %s", o->op);
    if (list && o->bucket)
        return usage_error("%s", "--bucket is not used with --op list (ListBuckets has no bucket)");
    if (put && !o->algorithm)
        return usage_error("%s", "--algorithm is required with --op put");
    if (!put && (o->algorithm || o->kms_key_id || o->data_enc))
        return usage_error("%s", "--algorithm, --kms-key-id and --data-enc go with --op put only");
    if (!list && (o->prefix || o->marker || o->max_keys))
        return usage_error("%s", "--prefix, --marker and --max-keys go with --op list only");
    return 0;
}

static int
print_request(const struct oss_request *r)
{
    struct strbuf url;
    strbuf_init(&url, 0);
    if (oss_request_url(r, &url) != SSE_OK) {
        strbuf_cleanup(&url);
        fputs("sse_sign: cannot format the URL\n", stderr);
        return 1;
    }
    printf("URL: %s\n", strbuf_cstr(&url));
    strbuf_cleanup(&url);
    printf("Method: %s\n", r->method);
    for (size_t i = 0; i < r->nheaders; i++)
        printf("%s: %s\n", r->headers[i].name, r->headers[i].value);
    if (r->body && r->body_len)
        printf("Body: %.*s\n", (int)r->body_len, r->body);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fputs("sse_sign: cannot write the output\n", stderr);
        return 1;
    }
    return 0;
}

int
main(int argc, char **argv)
{
    struct options o;
    memset(&o, 0, sizeof o);
    int rc = parse_args(argc, argv, &o);
    if (rc)
        return rc;

    bool get = strcmp(o.op, "get") == 0, put = strcmp(o.op, "put") == 0;
    bool del = strcmp(o.op, "delete") == 0, list = strcmp(o.op, "list") == 0;
    if (!get && !put && !del && !list)
        return usage_error("--op \"%s\" is not one of get, put, delete, list", o.op);
    if ((rc = check_op_options(&o, list, put)))
        return rc;

    long long sigver, when, max_keys = 0;
    if (!parse_number(o.sigver, 1, 4, &sigver) || (sigver != 1 && sigver != 4))
        return usage_error("--sigver \"%s\" must be 1 or 4", o.sigver);
    if (!parse_number(o.time, 0, (long long)0x7fffffff * 100, &when))
        return usage_error("--time \"%s\" must be Unix seconds (a whole number >= 0)", o.time);
    if (o.max_keys && !parse_number(o.max_keys, 1, 1000, &max_keys))
        return usage_error("--max-keys \"%s\" must be a whole number from 1 to 1000", o.max_keys);

    struct sse_rule rule;
    memset(&rule, 0, sizeof rule);
    if (put) {
        if (!sse_algo_parse(o.algorithm, &rule.algo) || rule.algo == SSE_ALGO_NONE)
            return usage_error("--algorithm \"%s\" must be AES256, KMS or SM4", o.algorithm);
        if (o.kms_key_id && sse_strlcpy(rule.kms_key_id, o.kms_key_id, sizeof rule.kms_key_id))
            return usage_error("%s", "--kms-key-id is too long");
        if (o.data_enc && (!sse_data_enc_parse(o.data_enc, &rule.data_enc) ||
                           rule.data_enc == SSE_DATA_ENC_NONE))
            return usage_error("--data-enc \"%s\" must be SM4", o.data_enc);
    }

    const char *id = getenv("OSS_ACCESS_KEY_ID");
    const char *secret = getenv("OSS_ACCESS_KEY_SECRET");
    const char *token = getenv("OSS_SESSION_TOKEN");
    if (!id || !*id || !secret || !*secret)
        return usage_error("%s", "set OSS_ACCESS_KEY_ID and OSS_ACCESS_KEY_SECRET");

    struct oss_account acct;
    memset(&acct, 0, sizeof acct);
    snprintf(acct.profile, sizeof acct.profile, "sse_sign");
    if (sse_strlcpy(acct.endpoint, o.endpoint, sizeof acct.endpoint))
        return usage_error("%s", "--endpoint is too long");
    if (sse_strlcpy(acct.region, o.region, sizeof acct.region))
        return usage_error("%s", "--region is too long");
    acct.signature_version = (int)sigver;
    acct.addressing = o.path_style ? OSS_ADDR_PATH : OSS_ADDR_VIRTUAL;
    if (oss_credentials_set(&acct.creds, id, secret, token) != SSE_OK) {
        fputs("sse_sign: out of memory\n", stderr);
        return 1;
    }

    struct oss_request r;
    struct sse_error err;
    sse_error_clear(&err);
    enum sse_status st;
    if (get)
        st = oss_build_get_encryption(&r, &acct, o.bucket, &err);
    else if (del)
        st = oss_build_delete_encryption(&r, &acct, o.bucket, &err);
    else if (put)
        st = oss_build_put_encryption(&r, &acct, o.bucket, &rule, &err);
    else
        st = oss_build_list_buckets(&r, &acct, o.prefix, o.marker, (int)max_keys, &err);
    if (st == SSE_OK)
        st = oss_sign_request(&r, &acct, (time_t)when, &err);

    if (st == SSE_OK) {
        rc = print_request(&r);
    } else {
        fprintf(stderr, "sse_sign: %s\n", err.message[0] ? err.message : sse_status_message(st));
        /* Anything but a resource failure comes from the arguments or the environment. */
        rc = st == SSE_ERR_NOMEM || st == SSE_ERR_CRYPTO ? 1 : EXIT_USAGE;
    }
    oss_request_cleanup(&r);
    oss_credentials_cleanup(&acct.creds);
    return rc;
}
