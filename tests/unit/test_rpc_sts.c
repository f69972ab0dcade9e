/* test_rpc_sts.c — STS answers: credentials and caller identity parsed, error documents turned
 * into sse_error like OSS's, retryable errors, hostile JSON (wrong types, huge strings, deep
 * nesting) refused clearly, and no secret in any message. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "oss/account.h"
#include "rpc/json.h"
#include "rpc/response.h"
#include "rpc/sts.h"

#define SECRET "wyLTSmsyPGP1ohvvw8xYgB29dlGI8KMiH2pK-DoNotLeak"
#define TOKEN "CAIS-token-DoNotLeak"

static const char good[] =
    "{\"RequestId\":\"6894B13B-6D71-4EF5-88FA-F32781734A7F\","
    "\"AssumedRoleUser\":{\"Arn\":\"acs:ram::1234567890123456:role/auditor/sseadm-ops\","
    "\"AssumedRoleId\":\"34458433936495****:sseadm-ops\"},"
    "\"Credentials\":{\"AccessKeyId\":\"STS.L4aBSCSJVMuKg5U1****\",\"AccessKeySecret\":\"" SECRET
    "\",\"Expiration\":\"2015-04-09T11:52:19Z\",\"SecurityToken\":\"" TOKEN "\"}}";

static enum sse_status
parse(long http, const char *body, struct sts_credentials *c, struct sse_error *err)
{
    sse_error_clear(err);
    return sts_parse_credentials(http, body, body ? strlen(body) : 0, c, err);
}

/* Nothing a user may read holds a secret. */
static bool
clean(const struct sse_error *err)
{
    char line[1024];
    sse_error_format(err, line, sizeof line);
    return !strstr(line, "DoNotLeak");
}

static void
test_credentials(void)
{
    struct sts_credentials c = {0};
    struct sse_error err;
    CHECK_INT(parse(200, good, &c, &err), SSE_OK);
    CHECK_STR(c.keys.access_key_id, "STS.L4aBSCSJVMuKg5U1****");
    CHECK_STR(c.keys.access_key_secret, SECRET);
    CHECK_STR(c.keys.security_token, TOKEN);
    CHECK_INT(c.expiration, 1428580339);
    CHECK_STR(c.assumed_role_arn, "acs:ram::1234567890123456:role/auditor/sseadm-ops");
    CHECK_STR(c.assumed_role_id, "34458433936495****:sseadm-ops");
    CHECK_STR(c.request_id, "6894B13B-6D71-4EF5-88FA-F32781734A7F");
    /* A second parse replaces the first (the first is wiped, not leaked). */
    CHECK_INT(parse(200, good, &c, &err), SSE_OK);
    sts_credentials_cleanup(&c);
    CHECK(c.keys.access_key_id == NULL && c.expiration == 0);

    /* Each required field, missing or of the wrong type. */
    static const struct {
        const char *body, *msg;
    } bad[] = {
        {"{\"RequestId\":\"r\"}", "the STS answer has no Credentials"},
        {"{\"Credentials\":[]}", "the STS answer: Credentials must be an object { }, not an "
                                 "array [ ]"},
        {"{\"Credentials\":{\"AccessKeySecret\":\"" SECRET "\",\"SecurityToken\":\"t\","
         "\"Expiration\":\"2015-04-09T11:52:19Z\"}}",
         "the STS answer has no Credentials.AccessKeyId"},
        {"{\"Credentials\":{\"AccessKeyId\":\"STS.x\",\"AccessKeySecret\":12345,"
         "\"SecurityToken\":\"t\",\"Expiration\":\"2015-04-09T11:52:19Z\"}}",
         "the STS answer: Credentials.AccessKeySecret must be a string, not a number"},
        {"{\"Credentials\":{\"AccessKeyId\":\"STS.x\",\"AccessKeySecret\":\"" SECRET "\","
         "\"Expiration\":\"2015-04-09T11:52:19Z\"}}",
         "the STS answer has no Credentials.SecurityToken"},
        {"{\"Credentials\":{\"AccessKeyId\":\"STS.x\",\"AccessKeySecret\":\"" SECRET "\","
         "\"SecurityToken\":\"" TOKEN "\",\"Expiration\":\"tomorrow\"}}",
         "the STS answer: Credentials.Expiration is not a time like \"2015-04-09T11:52:19Z\""},
        {"{\"Credentials\":{\"AccessKeyId\":\"\",\"AccessKeySecret\":\"" SECRET "\","
         "\"SecurityToken\":\"" TOKEN "\",\"Expiration\":\"2015-04-09T11:52:19Z\"}}",
         "the STS answer has an empty AccessKeyId, AccessKeySecret or SecurityToken"},
        {"[1,2]", "the STS answer must be a JSON object { }, not an array [ ]"},
        {"{\"Credentials\":{\"AccessKeyId\":\"a\",\"AccessKeyId\":\"b\"}}",
         "the STS answer is not valid JSON: line 1, column 47: duplicate object key"},
        /* jansson would quote the token it stopped at: here the secret. */
        {"{\"Credentials\":{\"AccessKeySecret\" \"" SECRET "\"}}",
         "the STS answer is not valid JSON: line 1, column 82: ':' expected"},
        {"{\"Credentials\": {", "the STS answer is not valid JSON: line 1, column 17: string or "
                                "'}' expected near end of file"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        CHECK_INT(parse(200, bad[i].body, &c, &err), SSE_ERR_PROTOCOL);
        CHECK_STR(err.message, bad[i].msg);
        CHECK(clean(&err));
        CHECK(c.keys.access_key_id == NULL);
    }
}

static void
test_hostile(void)
{
    struct sts_credentials c = {0};
    struct sse_error err;
    /* A huge secret: refused by length, its text never quoted. */
    size_t n = STS_TOKEN_MAX + 100;
    char *body = malloc(n + 300);
    int w = snprintf(body, n + 300, "{\"Credentials\":{\"AccessKeyId\":\"STS.x\","
                                    "\"AccessKeySecret\":\"s\",\"SecurityToken\":\"");
    memset(body + w, 'T', n);
    snprintf(body + w + n, 300, "DoNotLeak\",\"Expiration\":\"2015-04-09T11:52:19Z\"}}");
    CHECK_INT(parse(200, body, &c, &err), SSE_ERR_PROTOCOL);
    CHECK(strstr(err.message, "Credentials.SecurityToken is 16493 bytes long; at most 16384 "
                              "are accepted") != NULL);
    CHECK(clean(&err));
    free(body);

    /* Deep nesting is refused before jansson recurses into it. */
    char deep[200] = "";
    for (int i = 0; i < 40; i++)
        strcat(deep, "[");
    CHECK_INT(parse(200, deep, &c, &err), SSE_ERR_PROTOCOL);
    CHECK_STR(err.message, "the STS answer is nested more than 32 levels deep; refused");
    /* Brackets inside strings do not count. */
    CHECK_INT(parse(200, "{\"x\":\"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\"}", &c, &err),
              SSE_ERR_PROTOCOL);
    CHECK_STR(err.message, "the STS answer has no Credentials");

    /* An answer over the cap. */
    size_t big = RPC_MAX_BODY + 1;
    char *huge = malloc(big + 1);
    memset(huge, ' ', big);
    huge[0] = '{';
    huge[big - 1] = '}';
    huge[big] = '\0';
    CHECK_INT(parse(200, huge, &c, &err), SSE_ERR_TOOBIG);
    CHECK_STR(err.message, "the STS answer is 262145 bytes; at most 262144 are read");
    free(huge);

    /* A NUL byte inside the document (jansson refuses \u0000 and raw NULs). */
    static const char nul[] = "{\"Credentials\":{\"AccessKeyId\":\"a\\u0000b\"}}";
    CHECK_INT(parse(200, nul, &c, &err), SSE_ERR_PROTOCOL);
    CHECK(strstr(err.message, "not valid JSON") != NULL);
    /* Not UTF-8. */
    CHECK_INT(parse(200, "{\"Credentials\":{\"AccessKeyId\":\"\xff\"}}", &c, &err),
              SSE_ERR_PROTOCOL);
    CHECK(strstr(err.message, "not valid JSON") != NULL);
}

static void
test_errors(void)
{
    struct sts_credentials c = {0};
    struct sse_error err;
    /* aliyun-cli oss/lib/util_sts_test.go: a root key may not assume a role. */
    CHECK_INT(parse(400, "{\"RequestId\":\"F7B5F2C4-1D2B-4E9A-9E67-2B0A6C1D9E3F\",\"HostId\":"
                         "\"sts.aliyuncs.com\",\"Code\":\"NoPermission\",\"Message\":\"Roles may "
                         "not be assumed by root accounts.\"}", &c, &err), SSE_ERR_SERVICE);
    CHECK_STR(err.code, "NoPermission");
    CHECK_STR(err.message, "Roles may not be assumed by root accounts.");
    CHECK_STR(err.request_id, "F7B5F2C4-1D2B-4E9A-9E67-2B0A6C1D9E3F");
    CHECK_INT(err.http_status, 400);
    char line[600];
    CHECK_STR(sse_error_format(&err, line, sizeof line),
              "NoPermission: Roles may not be assumed by root accounts. (HTTP 400, request id "
              "F7B5F2C4-1D2B-4E9A-9E67-2B0A6C1D9E3F)");
    CHECK(!rpc_response_retryable(400, &err));

    CHECK_INT(parse(404, "{\"Code\":\"EntityNotExist.Role\",\"Message\":\"The role not exists: "
                         "acs:ram::1:role/x.\",\"RequestId\":\"r1\"}", &c, &err), SSE_ERR_SERVICE);
    CHECK_STR(err.code, "EntityNotExist.Role");

    CHECK_INT(parse(400, "{\"Code\":\"Throttling.User\",\"Message\":\"Request was denied due to "
                         "user flow control.\",\"RequestId\":\"r2\"}", &c, &err), SSE_ERR_SERVICE);
    CHECK(rpc_response_retryable(400, &err));
    CHECK_INT(parse(503, "{\"Code\":\"ServiceUnavailable\",\"Message\":\"busy\"}", &c, &err),
              SSE_ERR_SERVICE);
    CHECK(rpc_response_retryable(503, &err));
    CHECK_STR(err.request_id, "");

    /* What is not an error document is named for what it is. */
    CHECK_INT(parse(502, "<html><body>Bad Gateway</body></html>", &c, &err), SSE_ERR_PROTOCOL);
    CHECK_STR(err.message, "STS answered HTTP 502 with an HTML page instead of an error document "
                           "(a proxy?)");
    CHECK(rpc_response_retryable(502, &err));
    CHECK_INT(parse(403, "", &c, &err), SSE_ERR_PROTOCOL);
    CHECK_STR(err.message, "STS answered HTTP 403 with an empty body instead of an error document");
    CHECK_INT(parse(403, "{\"Message\":\"no code\"}", &c, &err), SSE_ERR_PROTOCOL);
    CHECK_STR(err.message, "STS answered HTTP 403, and the STS error answer has no Code");
    CHECK_INT(parse(403, "{\"Code\":[1]}", &c, &err), SSE_ERR_PROTOCOL);
    CHECK_STR(err.message, "STS answered HTTP 403, and the STS error answer: Code must be a "
                           "string, not an array [ ]");
    CHECK_INT(parse(0, NULL, &c, &err), SSE_ERR_NETWORK);
    /* A long message is cut to the field, not refused. */
    char longmsg[1200];
    int w = snprintf(longmsg, sizeof longmsg, "{\"Code\":\"InvalidParameter\",\"Message\":\"");
    memset(longmsg + w, 'm', 1000);
    strcpy(longmsg + w + 1000, "\"}");
    CHECK_INT(parse(400, longmsg, &c, &err), SSE_ERR_SERVICE);
    CHECK_INT(strlen(err.message), sizeof err.message - 1);

    /* Retry decisions without an answer. */
    struct sse_error net = {.status = SSE_ERR_TIMEOUT};
    CHECK(rpc_response_retryable(0, &net));
    net.status = SSE_ERR_TLS;
    CHECK(!rpc_response_retryable(0, &net));
    CHECK(rpc_response_retryable(429, NULL));
    CHECK(!rpc_response_retryable(403, NULL));
}

static void
test_caller_identity(void)
{
    struct sts_caller_identity id;
    struct sse_error err = {0};
    static const char body[] =
        "{\"IdentityType\":\"AssumedRoleUser\",\"AccountId\":\"1234567890123456\","
        "\"RequestId\":\"568AD3B5-3CF5-4A6F-9E1F-5C4A4BD5B7E1\",\"PrincipalId\":"
        "\"34458433936495****:sseadm-ops\",\"UserId\":\"\",\"Arn\":"
        "\"acs:ram::1234567890123456:assumed-role/auditor/sseadm-ops\",\"RoleId\":"
        "\"34458433936495****\"}";
    CHECK_INT(sts_parse_caller_identity(200, body, strlen(body), &id, &err), SSE_OK);
    CHECK_STR(id.account_id, "1234567890123456");
    CHECK_STR(id.arn, "acs:ram::1234567890123456:assumed-role/auditor/sseadm-ops");
    CHECK_STR(id.identity_type, "AssumedRoleUser");
    CHECK_STR(id.role_id, "34458433936495****");
    CHECK_STR(id.user_id, "");
    CHECK_STR(id.principal_id, "34458433936495****:sseadm-ops");
    CHECK_STR(id.request_id, "568AD3B5-3CF5-4A6F-9E1F-5C4A4BD5B7E1");

    static const char noacct[] = "{\"Arn\":\"acs:ram::1:user/x\"}";
    CHECK_INT(sts_parse_caller_identity(200, noacct, strlen(noacct), &id, &err), SSE_ERR_PROTOCOL);
    CHECK_STR(err.message, "the GetCallerIdentity answer has no AccountId");
    CHECK_STR(id.arn, "");
    static const char typed[] = "{\"AccountId\":1234,\"Arn\":\"a\"}";
    CHECK_INT(sts_parse_caller_identity(200, typed, strlen(typed), &id, &err), SSE_ERR_PROTOCOL);
    CHECK_STR(err.message, "the GetCallerIdentity answer: AccountId must be a string, not a number");
    static const char denied[] = "{\"Code\":\"InvalidAccessKeyId.NotFound\",\"Message\":"
                                 "\"Specified access key is not found.\",\"RequestId\":\"x\"}";
    CHECK_INT(sts_parse_caller_identity(404, denied, strlen(denied), &id, &err), SSE_ERR_SERVICE);
    CHECK_STR(err.code, "InvalidAccessKeyId.NotFound");
}

int
main(void)
{
    test_credentials();
    test_hostile();
    test_errors();
    test_caller_identity();
    /* Every secret parsed was wiped and released. */
    CHECK_INT(oss_secret_live(), 0);
    return check_done("rpc_sts");
}
