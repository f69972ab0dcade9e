/* test_core_validate.c — the checks made before an identity call is sent: endpoint URLs, local
 * hosts (where http is allowed), region IDs, role and OIDC provider ARNs, session names and
 * external IDs. */
#include <string.h>

#include "check.h"
#include "core/validate.h"

static void
test_endpoints(void)
{
    CHECK(validate_endpoint_problem("https://oss-cn-hangzhou.aliyuncs.com") == NULL);
    CHECK(validate_endpoint_problem("http://[::1]:9000/") == NULL);
    CHECK_STR(validate_endpoint_problem("oss-cn-hangzhou.aliyuncs.com"),
              "it has no https:// or http:// in front");
    CHECK_STR(validate_endpoint_problem("https://h/p"), "it must not have a path, query or fragment");
    CHECK_STR(validate_endpoint_problem("https://h:99999"), "the port must be a number from 1 to 65535");
    CHECK_STR(validate_endpoint_problem("https://-h"), "the host must not start or end with '.' or '-'");

    static const char *const local[] = {"localhost", "LocalHost", "127.0.0.1", "127.8.9.10",
                                        "10.0.0.1", "172.16.0.1", "172.31.9.9", "192.168.1.1",
                                        "::1", "[::1]", "fd12:3456::1", "[fc00:1::2]",
                                        "0:0:0:0:0:0:0:1"};
    for (size_t i = 0; i < sizeof local / sizeof local[0]; i++) {
        CHECK(validate_host_local(local[i], strlen(local[i])));
        if (!validate_host_local(local[i], strlen(local[i])))
            fprintf(stderr, "  ^ %s\n", local[i]);
    }
    static const char *const remote[] = {"sts.aliyuncs.com", "8.8.8.8", "172.32.0.1", "172.15.0.1",
                                         "192.169.0.1", "127.0.0", "127.0.0.1.5", "256.0.0.1",
                                         "localhost.evil.com", "fe80::1", "2001:db8::1", "[]",
                                         "", "fc0:1::1", "100.100.100.200"};
    for (size_t i = 0; i < sizeof remote / sizeof remote[0]; i++) {
        CHECK(!validate_host_local(remote[i], strlen(remote[i])));
        if (validate_host_local(remote[i], strlen(remote[i])))
            fprintf(stderr, "  ^ %s\n", remote[i]);
    }
    /* Only the n bytes given count ("127.0.0.1:9000" cut before the port). */
    CHECK(validate_host_local("127.0.0.1:9000", 9));

    CHECK(validate_region_id("cn-hangzhou"));
    CHECK(validate_region_id("ap-southeast-1"));
    CHECK(!validate_region_id("Cn-Hangzhou"));
    CHECK(!validate_region_id("cn_hangzhou"));
    CHECK(!validate_region_id("-cn"));
    CHECK(!validate_region_id(""));
}

static void
test_sts_names(void)
{
    struct sse_error err = {0};
    CHECK_INT(validate_role_arn("acs:ram::1234567890123456:role/auditor", &err), SSE_OK);
    CHECK_INT(validate_role_arn("acs:ram::1234567890123456:role/Aliyun_ECS.Role-1", &err), SSE_OK);
    static const struct {
        const char *arn, *msg;
    } bad[] = {
        {"arn:aws:iam::123:role/x", "role ARN \"arn:aws:iam::123:role/x\" must start with "
                                    "\"acs:ram::\", like \"acs:ram::1234567890123456:role/auditor\""},
        {"acs:ram::abc:role/x", "role ARN \"acs:ram::abc:role/x\" must have the account ID (digits) "
                                "after \"acs:ram::\", like \"acs:ram::1234567890123456:role/auditor\""},
        {"acs:ram::123:user/x", "role ARN \"acs:ram::123:user/x\" must have \"role/NAME\" after the "
                                "account ID, like \"acs:ram::1234567890123456:role/auditor\""},
        {"acs:ram::123:role/", "role ARN \"acs:ram::123:role/\" must end in a name of 1 to 64 "
                               "characters"},
        {"acs:ram::123:role/a b", "role ARN \"acs:ram::123:role/a b\": the name after \"role/\" "
                                  "may only have letters, digits, '.', '_' and '-'"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        CHECK_INT(validate_role_arn(bad[i].arn, &err), SSE_ERR_INVALID);
        CHECK_STR(err.message, bad[i].msg);
    }
    CHECK_INT(validate_role_arn("acs:ram::1:role/\x1b]0;x\x07", &err), SSE_ERR_INVALID);
    CHECK(!strchr(err.message, '\x1b'));
    CHECK_INT(validate_oidc_provider_arn("acs:ram::1:oidc-provider/ack-rrsa-c1", &err), SSE_OK);
    CHECK_INT(validate_oidc_provider_arn("acs:ram::1:role/x", &err), SSE_ERR_INVALID);

    CHECK_INT(validate_role_session_name("sseadm-alice@corp.example", &err), SSE_OK);
    CHECK_INT(validate_role_session_name("x", &err), SSE_ERR_INVALID);
    CHECK_STR(err.message, "the role session name must be 2 to 64 characters long (it has 1)");
    CHECK_INT(validate_role_session_name("a b", &err), SSE_ERR_INVALID);
    CHECK_STR(err.message, "the role session name has a character STS does not take at position "
                           "2; only letters, digits and '.', '@', '-', '_' are allowed");
    char long_name[70];
    memset(long_name, 'a', 65);
    long_name[65] = '\0';
    CHECK_INT(validate_role_session_name(long_name, &err), SSE_ERR_INVALID);
    long_name[64] = '\0';
    CHECK_INT(validate_role_session_name(long_name, &err), SSE_OK);

    CHECK_INT(validate_external_id("abc:def/ghi=1+2,3@x.y_z-", &err), SSE_OK);
    CHECK_INT(validate_external_id("a b", &err), SSE_ERR_INVALID);
    CHECK_INT(validate_external_id("a", &err), SSE_ERR_INVALID);
}

static void
test_endpoint_ip(void)
{
    static const char *const ip[] = {"http://127.0.0.1:9000", "https://10.1.2.3", "http://[::1]:9000/",
                                     "https://[fd00::5]", "HTTP://192.168.0.1/"};
    for (size_t i = 0; i < sizeof ip / sizeof ip[0]; i++)
        CHECK(validate_endpoint_ip(ip[i]));
    static const char *const names[] = {"https://oss-cn-hangzhou.aliyuncs.com", "http://localhost:9000",
                                        "http://127.0.0.1.nip.io", "http://1.2.3", "http://1.2.3.4.5",
                                        "https://256.1.1.1x.example", "not a url"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        CHECK(!validate_endpoint_ip(names[i]));
}

static void
test_access_key_id(void)
{
    static const char *const good[] = {"LTAI5tTestKeyId0001", "LTAI4FiNGpMhj9Q9", "STS.NTW7nG6P3rY6",
                                       "AKID", "testid", "a", "key_id-1.x~"};
    struct sse_error e;
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
        CHECK_INT(validate_access_key_id(good[i], &e), SSE_OK);
    sse_error_clear(&e);
    CHECK_INT(validate_access_key_id("LTAI5t/x", &e), SSE_ERR_INVALID);
    CHECK_STR(e.message, "has '/' at position 7; an AccessKey ID has only letters, digits, '.', "
                         "'_', '-' and '~' (LTAI... or STS...)");
    CHECK_INT(validate_access_key_id("LTAI\xe5\xaf\x86", &e), SSE_ERR_INVALID);
    CHECK_STR(e.message, "has a space, control or non-ASCII byte at position 5; an AccessKey ID has "
                         "only letters, digits, '.', '_', '-' and '~' (LTAI... or STS...)");
    CHECK_INT(validate_access_key_id("", &e), SSE_ERR_INVALID);
    CHECK_STR(e.message, "is empty");
    static const char *const bad[] = {"a b", "a\tb", "a,b", "a:b", "a=b", "\"a\"", "a+b", "a@b"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        CHECK_INT(validate_access_key_id(bad[i], NULL), SSE_ERR_INVALID);
}

int
main(void)
{
    test_endpoints();
    test_access_key_id();
    test_endpoint_ip();
    test_sts_names();
    return check_done("core_validate");
}
