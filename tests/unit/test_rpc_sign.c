/* test_rpc_sign.c — the RPC signature on the published DescribeRegions vectors (GET and POST) and
 * the derived AssumeRole one, step by step and through the request builder; credentials-go's
 * HMAC check; percent-encoding; the requests as credentials-go sends them. */
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "oss/account.h"
#include "rpc/request.h"
#include "rpc/sign.h"
#include "rpc/sts.h"
#include "rpc/timestamp.h"

#define VEC(file) SSE_TEST_DATA "/vectors/" file

static const char *
jstr(const json_t *obj, const char *key)
{
    return json_string_value(json_object_get(obj, key));
}

static int vectors_run;

/* Every vector step by step: canonical query, string to sign, signature. */
static void
test_vector(const json_t *v)
{
    struct rpc_param params[32];
    size_t n = 0;
    const char *k;
    json_t *val;
    json_object_foreach(json_object_get(v, "params"), k, val) {
        params[n].name = (char *)k;
        params[n].value = (char *)json_string_value(val);
        n++;
    }
    struct strbuf canon, sts;
    strbuf_init(&canon, 0);
    strbuf_init(&sts, 0);
    CHECK_INT(rpc_canonical_query(params, n, &canon), SSE_OK);
    CHECK_STR(strbuf_cstr(&canon), jstr(v, "canonicalized_query"));
    CHECK_INT(rpc_string_to_sign(jstr(v, "method"), strbuf_cstr(&canon), &sts), SSE_OK);
    CHECK_STR(strbuf_cstr(&sts), jstr(v, "string_to_sign"));
    char sig[RPC_SIGNATURE_SIZE];
    CHECK_INT(rpc_signature(jstr(v, "secret"), strbuf_cstr(&sts), sig), SSE_OK);
    CHECK_STR(sig, jstr(v, "signature"));
    /* A Signature parameter already present is not signed over. */
    params[n].name = "Signature";
    params[n].value = "stale";
    strbuf_reset(&canon);
    CHECK_INT(rpc_canonical_query(params, n + 1, &canon), SSE_OK);
    CHECK_STR(strbuf_cstr(&canon), jstr(v, "canonicalized_query"));
    strbuf_cleanup(&canon);
    strbuf_cleanup(&sts);
    vectors_run++;
}

static void
test_published(void)
{
    char sig[RPC_SIGNATURE_SIZE];
    /* credentials-go internal/utils/utils_test.go: HMAC-SHA1("source", key "secret"). */
    CHECK_INT(rpc_hmac_sha1_base64("secret", "source", sig), SSE_OK);
    CHECK_STR(sig, "Jv4yi8SobFhg5t1C7nWLbhBSFZQ=");
    /* The documented example, its key built as secret + "&". */
    CHECK_INT(rpc_hmac_sha1_base64("testsecret&",
                                   "GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeRegions%26"
                                   "Format%3DXML%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3D"
                                   "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf%26SignatureVersion%3D1.0"
                                   "%26Timestamp%3D2016-02-23T12%253A46%253A24Z%26Version%3D"
                                   "2014-05-26", sig), SSE_OK);
    CHECK_STR(sig, "OLeaidS1JvxuMvnyHOwuJ+uX5qY=");
}

static void
test_percent_encoding(void)
{
    static const struct {
        const char *in, *out;
    } cases[] = {
        {"AZaz09-_.~", "AZaz09-_.~"},
        {"a b", "a%20b"},
        {"*", "%2A"},
        {"+", "%2B"},
        {"/:=&", "%2F%3A%3D%26"},
        {"\xe4\xb8\xad", "%E4%B8%AD"},     /* UTF-8 bytes, upper-case hex */
        {"%", "%25"},
        {"", ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct strbuf sb;
        strbuf_init(&sb, 0);
        CHECK_INT(rpc_percent_encode(cases[i].in, &sb), SSE_OK);
        CHECK_STR(strbuf_cstr(&sb), cases[i].out);
        strbuf_cleanup(&sb);
    }
    /* Sorting is by name, byte order: upper case before lower case. */
    struct rpc_param p[] = {{"b", "2"}, {"B", "1"}, {"a", "x y"}};
    struct strbuf sb;
    strbuf_init(&sb, 0);
    CHECK_INT(rpc_canonical_query(p, 3, &sb), SSE_OK);
    CHECK_STR(strbuf_cstr(&sb), "B=1&a=x%20y&b=2");
    strbuf_cleanup(&sb);
}

static const struct rpc_endpoint sts_global = {"https", "sts.aliyuncs.com"};

/* The derived vector through the builder: what credentials-go would send. */
static void
test_assume_role_request(void)
{
    struct oss_credentials c = {0};
    CHECK_INT(oss_credentials_set(&c, "LTAI5tExampleKeyId01", "ExampleSecret0123456789abcdefXYZ",
                                  NULL), SSE_OK);
    time_t when;
    CHECK(rpc_timestamp_parse("2026-12-04T12:00:00Z", &when));
    struct rpc_request r;
    struct sse_error err = {0};
    struct sts_assume_role in = {.role_arn = "acs:ram::1234567890123456:role/auditor",
                                 .session_name = "sseadm-ops", .duration_s = 3600};
    CHECK_INT(sts_build_assume_role(&r, &sts_global, &in, &err), SSE_OK);
    CHECK_INT(rpc_request_sign(&r, &c, when, "9b1c2d3e-0000-4000-8000-000000000001", &err), SSE_OK);
    CHECK_STR(rpc_request_param(&r, "Signature"), "W00UJ4Fk/I4lUsTSLnC7M/2Bmwo=");
    CHECK_STR(r.method, "POST");
    /* Common parameters and the signature in the query, in credentials-go's order ... */
    static const char *const query[] = {"Version", "Action", "Format", "Timestamp",
                                        "SignatureMethod", "SignatureVersion", "SignatureNonce",
                                        "AccessKeyId", "Signature"};
    CHECK_INT(r.nquery, 9);
    for (size_t i = 0; i < r.nquery && i < 9; i++)
        CHECK_STR(r.query[i].name, query[i]);
    /* ... the role's in the form body. */
    CHECK_INT(r.nform, 3);
    CHECK_STR(r.form[0].name, "RoleArn");
    CHECK_STR(r.form[1].name, "RoleSessionName");
    CHECK_STR(r.form[2].name, "DurationSeconds");
    struct strbuf url, body;
    strbuf_init(&url, RPC_URL_MAX);
    strbuf_init(&body, RPC_BODY_MAX);
    CHECK_INT(rpc_request_url(&r, &url), SSE_OK);
    CHECK_INT(rpc_request_body(&r, &body), SSE_OK);
    CHECK_STR(strbuf_cstr(&url),
              "https://sts.aliyuncs.com/?Version=2015-04-01&Action=AssumeRole&Format=JSON"
              "&Timestamp=2026-12-04T12%3A00%3A00Z&SignatureMethod=HMAC-SHA1&SignatureVersion=1.0"
              "&SignatureNonce=9b1c2d3e-0000-4000-8000-000000000001"
              "&AccessKeyId=LTAI5tExampleKeyId01&Signature=W00UJ4Fk%2FI4lUsTSLnC7M%2F2Bmwo%3D");
    CHECK_STR(strbuf_cstr(&body), "RoleArn=acs%3Aram%3A%3A1234567890123456%3Arole%2Fauditor"
                                  "&RoleSessionName=sseadm-ops&DurationSeconds=3600");
    /* The secret goes nowhere. */
    CHECK(!strstr(strbuf_cstr(&url), "ExampleSecret") && !strstr(strbuf_cstr(&body), "Example"
                                                                                       "Secret"));
    strbuf_cleanup(&url);
    strbuf_cleanup(&body);
    rpc_request_cleanup(&r);

    /* Source keys that are STS keys: SecurityToken joins the query, and is signed. */
    CHECK_INT(oss_credentials_set(&c, "STS.NT1", "ExampleSecret0123456789abcdefXYZ", "tok+en/=="),
              SSE_OK);
    in.external_id = "abc-123";
    in.policy = "{\"Version\":\"1\"}";
    in.duration_s = 0;
    CHECK_INT(sts_build_assume_role(&r, &sts_global, &in, &err), SSE_OK);
    CHECK_INT(rpc_request_sign(&r, &c, when, "n1", &err), SSE_OK);
    CHECK_STR(rpc_request_param(&r, "SecurityToken"), "tok+en/==");
    CHECK_STR(r.query[r.nquery - 2].name, "SecurityToken");
    CHECK_STR(rpc_request_param(&r, "DurationSeconds"), "3600");
    CHECK_STR(rpc_request_param(&r, "ExternalId"), "abc-123");
    CHECK_STR(rpc_request_param(&r, "Policy"), "{\"Version\":\"1\"}");
    /* The signature is the one over the query and the form together. */
    struct strbuf canon, sts;
    strbuf_init(&canon, 0);
    strbuf_init(&sts, 0);
    CHECK_INT(rpc_request_canonical(&r, &canon), SSE_OK);
    CHECK(strstr(strbuf_cstr(&canon), "ExternalId=abc-123&Format=JSON") != NULL);
    CHECK(strstr(strbuf_cstr(&canon), "SecurityToken=tok%2Ben%2F%3D%3D") != NULL);
    CHECK_INT(rpc_string_to_sign("POST", strbuf_cstr(&canon), &sts), SSE_OK);
    char sig[RPC_SIGNATURE_SIZE];
    CHECK_INT(rpc_signature("ExampleSecret0123456789abcdefXYZ", strbuf_cstr(&sts), sig), SSE_OK);
    CHECK_STR(rpc_request_param(&r, "Signature"), sig);
    strbuf_cleanup(&canon);
    strbuf_cleanup(&sts);
    rpc_request_cleanup(&r);
    oss_credentials_cleanup(&c);
}

static void
test_oidc_and_identity(void)
{
    time_t when;
    CHECK(rpc_timestamp_parse("2026-12-04T12:00:00Z", &when));
    struct rpc_request r;
    struct sse_error err = {0};
    struct sts_assume_role_oidc in = {
        .role_arn = "acs:ram::1234567890123456:role/k8s",
        .provider_arn = "acs:ram::1234567890123456:oidc-provider/ack-rrsa-c1",
        .token = "eyJhbGciOiJSUzI1NiJ9.payload.sig", .session_name = "sseadm-job"};
    CHECK_INT(sts_build_assume_role_with_oidc(&r, &sts_global, &in, when, &err), SSE_OK);
    /* Unsigned: no AccessKeyId, nonce or signature; only the Timestamp besides the action. */
    CHECK_INT(r.nquery, 4);
    CHECK_STR(rpc_request_param(&r, "Timestamp"), "2026-12-04T12:00:00Z");
    CHECK(!rpc_request_param(&r, "Signature") && !rpc_request_param(&r, "AccessKeyId") &&
          !rpc_request_param(&r, "SignatureNonce"));
    CHECK_STR(rpc_request_param(&r, "Action"), "AssumeRoleWithOIDC");
    struct strbuf body;
    strbuf_init(&body, RPC_BODY_MAX);
    CHECK_INT(rpc_request_body(&r, &body), SSE_OK);
    CHECK_STR(strbuf_cstr(&body),
              "RoleArn=acs%3Aram%3A%3A1234567890123456%3Arole%2Fk8s"
              "&OIDCProviderArn=acs%3Aram%3A%3A1234567890123456%3Aoidc-provider%2Fack-rrsa-c1"
              "&OIDCToken=eyJhbGciOiJSUzI1NiJ9.payload.sig&RoleSessionName=sseadm-job"
              "&DurationSeconds=3600");
    strbuf_cleanup(&body);
    rpc_request_cleanup(&r);

    struct oss_credentials c = {0};
    CHECK_INT(oss_credentials_set(&c, "LTAI5tID", "s3cr3t", NULL), SSE_OK);
    CHECK_INT(sts_build_get_caller_identity(&r, &sts_global, &err), SSE_OK);
    CHECK_INT(rpc_request_sign(&r, &c, when, "n-2", &err), SSE_OK);
    CHECK_STR(rpc_request_param(&r, "Action"), "GetCallerIdentity");
    CHECK_INT(r.nform, 0);
    CHECK(rpc_request_param(&r, "Signature") != NULL);
    CHECK(!rpc_request_param(&r, "SecurityToken"));
    rpc_request_cleanup(&r);
    oss_credentials_cleanup(&c);
}

static void
test_errors(void)
{
    struct rpc_request r;
    struct sse_error err = {0};
    struct oss_credentials none = {0}, c = {0};
    CHECK_INT(oss_credentials_set(&c, "LTAI5tID", "s3cr3t", NULL), SSE_OK);
    struct sts_assume_role in = {.role_arn = "acs:ram::123:role/x", .session_name = "ok-name"};

    CHECK_INT(sts_build_assume_role(&r, &sts_global, &in, &err), SSE_OK);
    CHECK_INT(rpc_request_sign(&r, &none, 0, "n", &err), SSE_ERR_CREDENTIALS);
    CHECK_INT(rpc_request_sign(&r, &c, 0, "", &err), SSE_ERR_INVALID);
    CHECK_INT(rpc_request_sign(&r, &c, 0, "has space", &err), SSE_ERR_INVALID);
    CHECK(strstr(err.message, "nonce") != NULL);
    /* A parameter is never given twice. */
    CHECK_INT(rpc_request_add_form(&r, "RoleArn", "again"), SSE_ERR_INVALID);
    CHECK_INT(rpc_request_add_query(&r, "RoleArn", "again"), SSE_ERR_INVALID);
    rpc_request_cleanup(&r);

    in.role_arn = "arn:aws:iam::123:role/x";
    CHECK_INT(sts_build_assume_role(&r, &sts_global, &in, &err), SSE_ERR_INVALID);
    CHECK(strstr(err.message, "acs:ram::") != NULL);
    rpc_request_cleanup(&r);
    in.role_arn = "acs:ram::123:role/x";
    in.session_name = "a";
    CHECK_INT(sts_build_assume_role(&r, &sts_global, &in, &err), SSE_ERR_INVALID);
    CHECK(strstr(err.message, "session name") != NULL);
    rpc_request_cleanup(&r);
    in.session_name = "ok-name";
    in.duration_s = 899;
    CHECK_INT(sts_build_assume_role(&r, &sts_global, &in, &err), SSE_ERR_INVALID);
    CHECK(strstr(err.message, "900 to 43200") != NULL);
    rpc_request_cleanup(&r);
    in.duration_s = 43200;
    in.external_id = "bad id";
    CHECK_INT(sts_build_assume_role(&r, &sts_global, &in, &err), SSE_ERR_INVALID);
    CHECK(strstr(err.message, "external ID") != NULL);
    rpc_request_cleanup(&r);

    struct sts_assume_role_oidc oin = {.role_arn = "acs:ram::1:role/r",
                                       .provider_arn = "acs:ram::1:role/not-a-provider",
                                       .token = "t", .session_name = "sn"};
    CHECK_INT(sts_build_assume_role_with_oidc(&r, &sts_global, &oin, 0, &err), SSE_ERR_INVALID);
    CHECK(strstr(err.message, "oidc-provider/NAME") != NULL);
    rpc_request_cleanup(&r);
    oin.provider_arn = "acs:ram::1:oidc-provider/p";
    oin.token = "";
    CHECK_INT(sts_build_assume_role_with_oidc(&r, &sts_global, &oin, 0, &err), SSE_ERR_INVALID);
    rpc_request_cleanup(&r);
    oss_credentials_cleanup(&c);

    /* The signing step refuses a secret longer than it signs with, without echoing it. */
    char big[RPC_SECRET_MAX + 2], sig[RPC_SIGNATURE_SIZE];
    memset(big, 'k', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    CHECK_INT(rpc_signature(big, "x", sig), SSE_ERR_INVALID);
}

static void
test_timestamps(void)
{
    char ts[RPC_TIMESTAMP_SIZE];
    CHECK_INT(rpc_timestamp_format(1456231584, ts), SSE_OK);
    CHECK_STR(ts, "2016-02-23T12:46:24Z");
    time_t t = 0;
    CHECK(rpc_timestamp_parse("2016-02-23T12:46:24Z", &t));
    CHECK_INT(t, 1456231584);
    CHECK(rpc_timestamp_parse("2016-02-23T12:46:24.512Z", &t));
    CHECK_INT(t, 1456231584);
    static const char *const bad[] = {"2016-02-23 12:46:24Z", "2016-02-23T12:46:24",
                                      "2016-02-30T00:00:00Z", "2016-13-01T00:00:00Z",
                                      "2016-02-23T24:00:00Z", "2016-02-23T12:46:24+08:00",
                                      "", "2016-02-23T12:46:24.Z", "x016-02-23T12:46:24Z"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        CHECK(!rpc_timestamp_parse(bad[i], &t));
}

int
main(void)
{
    json_error_t jerr;
    json_t *file = json_load_file(VEC("rpc-v1.json"), 0, &jerr);
    CHECK(file != NULL);
    size_t i;
    json_t *v;
    json_array_foreach(json_object_get(file, "vectors"), i, v)
        test_vector(v);
    /* All three (published GET, computed POST, derived AssumeRole) ran. */
    CHECK_INT(vectors_run, 3);
    json_decref(file);
    test_published();
    test_percent_encoding();
    test_assume_role_request();
    test_oidc_and_identity();
    test_errors();
    test_timestamps();
    /* Every secret parsed was wiped and released. */
    CHECK_INT(oss_secret_live(), 0);
    return check_done("rpc_sign");
}
