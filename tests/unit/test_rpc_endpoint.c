/* test_rpc_endpoint.c — endpoint URLs (https default, http only for a local endpoint), the STS and
 * KMS hosts of a region, and the JSON getters' caps and messages. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "rpc/endpoint.h"
#include "oss/account.h"
#include "rpc/json.h"

static void
check_ep(const char *text, const char *scheme, const char *host)
{
    struct rpc_endpoint ep;
    struct sse_error err = {0};
    CHECK_INT(rpc_endpoint_parse(text, &ep, &err), SSE_OK);
    CHECK_STR(ep.scheme, scheme);
    CHECK_STR(ep.host, host);
    if (strcmp(ep.scheme, scheme) != 0 || strcmp(ep.host, host) != 0)
        fprintf(stderr, "  ^ for %s (%s)\n", text, err.message);
}

static void
refuse(const char *text, const char *why)
{
    struct rpc_endpoint ep;
    struct sse_error err = {0};
    CHECK_INT(rpc_endpoint_parse(text, &ep, &err), SSE_ERR_INVALID);
    if (!strstr(err.message, why))
        fprintf(stderr, "  %s: \"%s\" lacks \"%s\"\n", text, err.message, why);
    CHECK(strstr(err.message, why) != NULL);
    CHECK_STR(ep.host, "");
}

static void
test_parse(void)
{
    check_ep("sts.cn-hangzhou.aliyuncs.com", "https", "sts.cn-hangzhou.aliyuncs.com");
    check_ep("https://sts.aliyuncs.com", "https", "sts.aliyuncs.com");
    check_ep("https://STS.Aliyuncs.com/", "https", "sts.aliyuncs.com");
    check_ep("https://127.0.0.1:8443", "https", "127.0.0.1:8443");
    check_ep("http://127.0.0.1:9000", "http", "127.0.0.1:9000");
    check_ep("http://localhost:9000/", "http", "localhost:9000");
    check_ep("http://[::1]:9000", "http", "[::1]:9000");
    check_ep("http://10.1.2.3", "http", "10.1.2.3");
    check_ep("http://192.168.0.7:80", "http", "192.168.0.7:80");
    check_ep("http://172.31.255.1", "http", "172.31.255.1");
    refuse("http://sts.aliyuncs.com", "only for a local endpoint");
    refuse("http://172.32.0.1", "only for a local endpoint");
    refuse("http://8.8.8.8:80", "only for a local endpoint");
    refuse("ftp://sts.aliyuncs.com", "the scheme must be https:// or http://");
    refuse("https://sts.aliyuncs.com/path", "must not have a path");
    refuse("https://", "it has no host");
    refuse("https://host:0", "the port must be a number from 1 to 65535");
    refuse("https://user:Secr3t@host", "must not hold user information");
    struct rpc_endpoint ep;
    struct sse_error err = {0};
    CHECK_INT(rpc_endpoint_parse("https://user:Secr3t@host", &ep, &err), SSE_ERR_INVALID);
    CHECK(!strstr(err.message, "Secr3t"));
    /* Control characters from a file are not echoed raw. */
    CHECK_INT(rpc_endpoint_parse("https://a\x1b[2Jb", &ep, &err), SSE_ERR_INVALID);
    CHECK(!strchr(err.message, '\x1b'));
    char buf[300];
    check_ep("http://127.0.0.1:9000", "http", "127.0.0.1:9000");
    CHECK_INT(rpc_endpoint_parse("http://127.0.0.1:9000", &ep, &err), SSE_OK);
    CHECK_STR(rpc_endpoint_format(&ep, buf, sizeof buf), "http://127.0.0.1:9000");
    struct rpc_endpoint other;
    CHECK_INT(rpc_endpoint_parse("127.0.0.1:9000", &other, &err), SSE_OK);
    CHECK(!rpc_endpoint_equal(&ep, &other)); /* https vs http */
}

static void
test_regional(void)
{
    struct rpc_endpoint ep;
    struct sse_error err = {0};
    CHECK_INT(rpc_sts_endpoint(NULL, NULL, false, &ep, &err), SSE_OK);
    CHECK_STR(ep.host, "sts.aliyuncs.com");
    CHECK_STR(ep.scheme, "https");
    CHECK_INT(rpc_sts_endpoint("", "cn-shanghai", false, &ep, &err), SSE_OK);
    CHECK_STR(ep.host, "sts.cn-shanghai.aliyuncs.com");
    CHECK_INT(rpc_sts_endpoint(NULL, "cn-shanghai", true, &ep, &err), SSE_OK);
    CHECK_STR(ep.host, "sts-vpc.cn-shanghai.aliyuncs.com");
    /* No VPC form without a region: the global endpoint, as the libraries do. */
    CHECK_INT(rpc_sts_endpoint(NULL, NULL, true, &ep, &err), SSE_OK);
    CHECK_STR(ep.host, "sts.aliyuncs.com");
    /* The endpoint wins over the region. */
    CHECK_INT(rpc_sts_endpoint("http://127.0.0.1:7000", "cn-shanghai", false, &ep, &err), SSE_OK);
    CHECK_STR(ep.host, "127.0.0.1:7000");
    CHECK_INT(rpc_sts_endpoint(NULL, "CN_Shanghai", false, &ep, &err), SSE_ERR_INVALID);
    CHECK(strstr(err.message, "is not a region ID") != NULL);

    CHECK_INT(rpc_kms_endpoint(NULL, "cn-hangzhou", false, &ep, &err), SSE_OK);
    CHECK_STR(ep.host, "kms.cn-hangzhou.aliyuncs.com");
    CHECK_INT(rpc_kms_endpoint("", "cn-hangzhou", true, &ep, &err), SSE_OK);
    CHECK_STR(ep.host, "kms-vpc.cn-hangzhou.aliyuncs.com");
    CHECK_INT(rpc_kms_endpoint("http://127.0.0.1:9000", "cn-hangzhou", true, &ep, &err), SSE_OK);
    CHECK_STR(ep.host, "127.0.0.1:9000");
    CHECK_INT(rpc_kms_endpoint(NULL, "", false, &ep, &err), SSE_ERR_INVALID);
}

static void
test_json(void)
{
    struct sse_error err = {0};
    struct rpc_json_doc d = {"/tmp/x.json", &err};
    json_t *root;
    static const char text[] = "{\"s\":\"abc\",\"n\":42,\"b\":true,\"o\":{\"k\":null},\"a\":[1]}";
    CHECK_INT(rpc_json_parse(&d, text, strlen(text), 1000, &root), SSE_OK);
    char s[4];
    bool cut = true, b = false;
    long long n = 0;
    CHECK_INT(rpc_json_string(&d, root, NULL, "s", RPC_JSON_REQUIRED, s, sizeof s, &cut), SSE_OK);
    CHECK_STR(s, "abc");
    CHECK(!cut);
    CHECK_INT(rpc_json_string(&d, root, NULL, "missing", RPC_JSON_OPTIONAL, s, sizeof s, NULL),
              SSE_OK);
    CHECK_STR(s, "");
    char tiny[3];
    CHECK_INT(rpc_json_string(&d, root, NULL, "s", RPC_JSON_REQUIRED, tiny, sizeof tiny, NULL),
              SSE_ERR_PROTOCOL);
    CHECK_STR(err.message, "/tmp/x.json: s is 3 bytes long; at most 2 are accepted");
    CHECK_INT(rpc_json_string(&d, root, NULL, "s", RPC_JSON_CUT, tiny, sizeof tiny, &cut), SSE_OK);
    CHECK_STR(tiny, "ab");
    CHECK(cut);
    CHECK_INT(rpc_json_int(&d, root, NULL, "n", RPC_JSON_REQUIRED, 0, 100, &n), SSE_OK);
    CHECK_INT(n, 42);
    CHECK_INT(rpc_json_int(&d, root, NULL, "n", RPC_JSON_REQUIRED, 0, 10, &n), SSE_ERR_PROTOCOL);
    CHECK_STR(err.message, "/tmp/x.json: n must be from 0 to 10, not 42");
    CHECK_INT(rpc_json_bool(&d, root, NULL, "b", RPC_JSON_REQUIRED, &b), SSE_OK);
    CHECK(b);
    CHECK_INT(rpc_json_bool(&d, root, NULL, "s", RPC_JSON_REQUIRED, &b), SSE_ERR_PROTOCOL);
    CHECK_STR(err.message, "/tmp/x.json: s must be true or false, not a string");
    json_t *o;
    CHECK_INT(rpc_json_object(&d, root, NULL, "o", RPC_JSON_REQUIRED, &o), SSE_OK);
    /* null counts as absent. */
    CHECK_INT(rpc_json_string(&d, o, "o", "k", RPC_JSON_REQUIRED, s, sizeof s, NULL),
              SSE_ERR_PROTOCOL);
    CHECK_STR(err.message, "/tmp/x.json has no o.k");
    CHECK_INT(rpc_json_array(&d, root, NULL, "o", RPC_JSON_REQUIRED, &o), SSE_ERR_PROTOCOL);
    CHECK_STR(err.message, "/tmp/x.json: o must be an array [ ], not an object { }");
    char *secret = NULL;
    CHECK_INT(rpc_json_secret(&d, root, NULL, "s", RPC_JSON_REQUIRED, 10, &secret), SSE_OK);
    CHECK_STR(secret, "abc");
    /* jansson's copy is wiped at once. */
    CHECK_INT(json_string_value(json_object_get(root, "s"))[0], 0);
    oss_secret_free(secret);
    rpc_json_wipe(root);
    json_decref(root);

    CHECK_INT(rpc_json_parse(&d, "{}", 2, 1, &root), SSE_ERR_TOOBIG);
    CHECK_STR(err.message, "/tmp/x.json is 2 bytes; at most 1 are read");
    CHECK_INT(rpc_json_parse(&d, "[1]", 3, 100, &root), SSE_ERR_PROTOCOL);
    CHECK_STR(err.message, "/tmp/x.json must be a JSON object { }, not an array [ ]");
    CHECK(root == NULL);

    char out[8];
    CHECK(rpc_utf8_cut("a\xe4\xb8\xad\xe4\xb8\xad", 7, out, 6));
    CHECK_STR(out, "a\xe4\xb8\xad");
    CHECK(!rpc_utf8_cut("abc", 3, out, 4));
}

int
main(void)
{
    test_parse();
    test_regional();
    test_json();
    /* Every secret parsed was wiped and released. */
    CHECK_INT(oss_secret_live(), 0);
    return check_done("rpc_endpoint");
}
