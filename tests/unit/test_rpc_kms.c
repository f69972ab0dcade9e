/* test_rpc_kms.c — KMS requests (ListKeys with paging and Filters, DescribeKey by ID, alias or ARN,
 * ListAliases, ListAliasesByKeyId), their answers, KMS errors, and the check of a key for OSS. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "rpc/kms.h"
#include "rpc/response.h"

static const struct rpc_endpoint hz = {"https", "kms.cn-hangzhou.aliyuncs.com"};

static void
test_key_refs(void)
{
    struct kms_key_ref ref;
    struct sse_error err = {0};
    CHECK_INT(kms_key_ref_parse("key-hzz630494463ejqjx1234", &ref, &err), SSE_OK);
    CHECK_INT(ref.kind, KMS_REF_ID);
    CHECK_STR(ref.id, "key-hzz630494463ejqjx1234");
    CHECK_INT(kms_key_ref_parse("05754286-3ba2-4fa6-8d41-4323aca61234", &ref, &err), SSE_OK);
    CHECK_INT(ref.kind, KMS_REF_ID);
    CHECK_INT(kms_key_ref_parse("alias/acs/oss", &ref, &err), SSE_OK);
    CHECK_INT(ref.kind, KMS_REF_ALIAS);
    CHECK_STR(ref.id, "alias/acs/oss");
    CHECK_INT(kms_key_ref_parse("acs:kms:cn-hangzhou:1540355698841234:key/key-hzz63", &ref, &err),
              SSE_OK);
    CHECK_INT(ref.kind, KMS_REF_ARN);
    CHECK_STR(ref.region, "cn-hangzhou");
    CHECK_STR(ref.account, "1540355698841234");
    CHECK_STR(ref.id, "key-hzz63");
    CHECK_INT(kms_key_ref_parse("acs:kms:cn-beijing:1:alias/prod", &ref, &err), SSE_OK);
    CHECK_STR(ref.id, "alias/prod");

    static const char *const bad[] = {"", "key with space", "alias/", "alias/a b",
                                      "acs:kms:cn-hangzhou:key/x", "acs:kms:CN:1:key/x",
                                      "acs:kms:cn-hangzhou:12a:key/x", "acs:kms:cn-hangzhou:1:keys/x",
                                      "key-\x1b[31m"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        CHECK_INT(kms_key_ref_parse(bad[i], &ref, &err), SSE_ERR_INVALID);
        CHECK(!strchr(err.message, '\x1b'));
    }
}

static void
test_requests(void)
{
    struct rpc_request r;
    struct sse_error err = {0};
    const char *states[] = {"Enabled", "Disabled"};
    const char *specs[] = {"Aliyun_AES_256"};
    struct kms_filter f[] = {{"KeyState", states, 2}, {"KeySpec", specs, 1}};
    CHECK_INT(kms_build_list_keys(&r, &hz, 2, 100, f, 2, &err), SSE_OK);
    CHECK_STR(rpc_request_param(&r, "Version"), "2016-01-20");
    CHECK_STR(rpc_request_param(&r, "Action"), "ListKeys");
    CHECK_STR(rpc_request_param(&r, "PageNumber"), "2");
    CHECK_STR(rpc_request_param(&r, "PageSize"), "100");
    CHECK_STR(rpc_request_param(&r, "Filters"),
              "[{\"Key\":\"KeyState\",\"Values\":[\"Enabled\",\"Disabled\"]},"
              "{\"Key\":\"KeySpec\",\"Values\":[\"Aliyun_AES_256\"]}]");
    CHECK_STR(r.endpoint.host, "kms.cn-hangzhou.aliyuncs.com");
    rpc_request_cleanup(&r);
    CHECK_INT(kms_build_list_keys(&r, &hz, 1, 0, NULL, 0, &err), SSE_OK);
    CHECK(!rpc_request_param(&r, "PageSize") && !rpc_request_param(&r, "Filters"));
    rpc_request_cleanup(&r);

    struct kms_filter unknown[] = {{"Owner", states, 1}};
    CHECK_INT(kms_build_list_keys(&r, &hz, 1, 10, unknown, 1, &err), SSE_ERR_INVALID);
    CHECK_STR(err.message, "\"Owner\" is not a KMS filter key; use KeyState, KeySpec, KeyUsage, "
                           "ProtectionLevel or CreatorType");
    rpc_request_cleanup(&r);
    struct kms_filter empty[] = {{"KeyState", states, 0}};
    CHECK_INT(kms_build_list_keys(&r, &hz, 1, 10, empty, 1, &err), SSE_ERR_INVALID);
    rpc_request_cleanup(&r);
    CHECK_INT(kms_build_list_keys(&r, &hz, 0, 10, NULL, 0, &err), SSE_ERR_INVALID);
    rpc_request_cleanup(&r);
    CHECK_INT(kms_build_list_keys(&r, &hz, 1, 101, NULL, 0, &err), SSE_ERR_INVALID);
    CHECK_STR(err.message, "the page size must be 1 to 100, not 101");
    rpc_request_cleanup(&r);

    CHECK_INT(kms_build_describe_key(&r, &hz, "alias/prod-oss", &err), SSE_OK);
    CHECK_STR(rpc_request_param(&r, "KeyId"), "alias/prod-oss");
    CHECK_STR(rpc_request_param(&r, "Action"), "DescribeKey");
    rpc_request_cleanup(&r);
    CHECK_INT(kms_build_describe_key(&r, &hz, "no such key!", &err), SSE_ERR_INVALID);
    rpc_request_cleanup(&r);

    CHECK_INT(kms_build_list_aliases(&r, &hz, 1, 50, &err), SSE_OK);
    CHECK_STR(rpc_request_param(&r, "Action"), "ListAliases");
    rpc_request_cleanup(&r);
    CHECK_INT(kms_build_list_aliases_by_key_id(&r, &hz, "key-abc", 1, 0, &err), SSE_OK);
    CHECK_STR(rpc_request_param(&r, "Action"), "ListAliasesByKeyId");
    CHECK_STR(rpc_request_param(&r, "KeyId"), "key-abc");
    rpc_request_cleanup(&r);
    CHECK_INT(kms_build_list_aliases_by_key_id(&r, &hz, "alias/x", 1, 0, &err), SSE_ERR_INVALID);
    rpc_request_cleanup(&r);
}

static void
test_key_page(void)
{
    struct kms_key_page *p = malloc(sizeof *p);
    struct sse_error err = {0};
    static const char body[] =
        "{\"PageNumber\":1,\"PageSize\":2,\"RequestId\":\"8c1f\",\"TotalCount\":3,\"Keys\":{\"Key\":"
        "[{\"KeyId\":\"key-1\",\"KeyArn\":\"acs:kms:cn-hangzhou:1:key/key-1\"},"
        "{\"KeyId\":\"key-2\",\"KeyArn\":\"acs:kms:cn-hangzhou:1:key/key-2\"}]}}";
    CHECK_INT(kms_parse_key_page(200, body, strlen(body), p, &err), SSE_OK);
    CHECK_INT(p->page.count, 2);
    CHECK_INT(p->page.total_count, 3);
    CHECK_STR(p->keys[1].key_id, "key-2");
    CHECK_STR(p->keys[1].key_arn, "acs:kms:cn-hangzhou:1:key/key-2");
    CHECK_STR(p->page.request_id, "8c1f");
    CHECK(kms_page_more(&p->page));
    static const char last[] = "{\"PageNumber\":2,\"PageSize\":2,\"TotalCount\":3,\"Keys\":"
                               "{\"Key\":[{\"KeyId\":\"key-3\"}]}}";
    CHECK_INT(kms_parse_key_page(200, last, strlen(last), p, &err), SSE_OK);
    CHECK(!kms_page_more(&p->page));
    static const char none[] = "{\"PageNumber\":1,\"PageSize\":10,\"TotalCount\":0,\"Keys\":{}}";
    CHECK_INT(kms_parse_key_page(200, none, strlen(none), p, &err), SSE_OK);
    CHECK_INT(p->page.count, 0);
    CHECK(!kms_page_more(&p->page));
    /* A server that lies about the total cannot loop the pager: an empty page ends it. */
    static const char liar[] = "{\"PageNumber\":9,\"PageSize\":10,\"TotalCount\":999999,\"Keys\":"
                               "{\"Key\":[]}}";
    CHECK_INT(kms_parse_key_page(200, liar, strlen(liar), p, &err), SSE_OK);
    CHECK(!kms_page_more(&p->page));

    static const struct {
        const char *body, *msg;
    } bad[] = {
        {"{\"PageNumber\":1,\"PageSize\":2,\"Keys\":{}}", "the ListKeys answer has no TotalCount"},
        {"{\"PageNumber\":\"1\",\"PageSize\":2,\"TotalCount\":0}",
         "the ListKeys answer: PageNumber must be an integer, not a string"},
        {"{\"PageNumber\":1,\"PageSize\":500,\"TotalCount\":0}",
         "the ListKeys answer: PageSize must be from 1 to 100, not 500"},
        {"{\"PageNumber\":1,\"PageSize\":2,\"TotalCount\":1,\"Keys\":{\"Key\":{}}}",
         "the ListKeys answer: Keys.Key must be an array [ ], not an object { }"},
        {"{\"PageNumber\":1,\"PageSize\":2,\"TotalCount\":1,\"Keys\":{\"Key\":[7]}}",
         "the ListKeys answer: Keys.Key[0] must be an object { }, not a number"},
        {"{\"PageNumber\":1,\"PageSize\":2,\"TotalCount\":1,\"Keys\":{\"Key\":[{\"KeyArn\":\"a\"}]}}",
         "the ListKeys answer has no Keys.Key[0].KeyId"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        CHECK_INT(kms_parse_key_page(200, bad[i].body, strlen(bad[i].body), p, &err),
                  SSE_ERR_PROTOCOL);
        CHECK_STR(err.message, bad[i].msg);
        CHECK_INT(p->page.count, 0);
    }
    /* More entries than a page holds. */
    size_t cap = 200 * 24 + 200;
    char *many = malloc(cap);
    size_t w = (size_t)snprintf(many, cap, "{\"PageNumber\":1,\"PageSize\":100,\"TotalCount\":101,"
                                           "\"Keys\":{\"Key\":[");
    for (int i = 0; i < 101; i++)
        w += (size_t)snprintf(many + w, cap - w, "%s{\"KeyId\":\"k%d\"}", i ? "," : "", i);
    snprintf(many + w, cap - w, "]}}");
    CHECK_INT(kms_parse_key_page(200, many, strlen(many), p, &err), SSE_ERR_PROTOCOL);
    CHECK_STR(err.message, "the ListKeys answer has 101 entries in Keys.Key; at most 100 are read "
                           "from one page");
    free(many);
    free(p);
}

static void
test_describe(void)
{
    struct kms_key_metadata m;
    struct sse_error err = {0};
    static const char body[] =
        "{\"RequestId\":\"f1fdfa9d-bd49-418b-942f-8f3e3ec00a4f\",\"KeyMetadata\":{"
        "\"DeletionProtection\":\"Enabled\",\"KeyId\":\"key-hzz630494463ejqjx1234\","
        "\"NextRotationDate\":\"2021-07-06T18:22:03Z\",\"KeyState\":\"Enabled\","
        "\"RotationInterval\":\"31536000s\",\"Arn\":\"acs:kms:cn-hangzhou:1540355698841234:key/"
        "key-hzz630494463ejqjx1234\",\"Creator\":\"1540355698841234\",\"LastRotationDate\":"
        "\"2024-05-20T06:34:21Z\",\"PrimaryKeyVersion\":\"515e0b0a-624f-45ab-92b5-54f9b5511234\","
        "\"ProtectionLevel\":\"SOFTWARE\",\"KeySpec\":\"Aliyun_AES_256\",\"KeyUsage\":"
        "\"ENCRYPT/DECRYPT\",\"Origin\":\"Aliyun_KMS\",\"CreationDate\":\"2022-03-08T08:56:58Z\","
        "\"Description\":\"oss \\u4e3b\\u5bc6\\u94a5\",\"AutomaticRotation\":\"Enabled\","
        "\"MaterialExpireTime\":\"\",\"DKMSInstanceId\":\"kst-x\"}}";
    CHECK_INT(kms_parse_key_metadata(200, body, strlen(body), &m, &err), SSE_OK);
    CHECK_STR(m.key_id, "key-hzz630494463ejqjx1234");
    CHECK_INT(m.state, KMS_STATE_ENABLED);
    CHECK_STR(m.key_spec, "Aliyun_AES_256");
    CHECK_STR(m.key_usage, "ENCRYPT/DECRYPT");
    CHECK_STR(m.origin, "Aliyun_KMS");
    CHECK_STR(m.protection_level, "SOFTWARE");
    CHECK_STR(m.creator, "1540355698841234");
    CHECK_STR(m.creation_date, "2022-03-08T08:56:58Z");
    CHECK_STR(m.description, "oss \xe4\xb8\xbb\xe5\xaf\x86\xe9\x92\xa5");
    CHECK(!m.description_cut);
    CHECK_STR(m.automatic_rotation, "Enabled");
    CHECK_STR(m.rotation_interval, "31536000s");
    CHECK_STR(m.next_rotation_date, "2021-07-06T18:22:03Z");
    CHECK_STR(m.last_rotation_date, "2024-05-20T06:34:21Z");
    CHECK_STR(m.primary_key_version, "515e0b0a-624f-45ab-92b5-54f9b5511234");
    CHECK_STR(m.deletion_protection, "Enabled");
    CHECK_STR(m.delete_date, "");
    CHECK_INT(m.delete_time, 0);
    CHECK_INT(kms_key_check_for_oss(&m, "cn-hangzhou", &err), SSE_OK);
    CHECK_INT(kms_key_check_for_oss(&m, "cn-beijing", &err), SSE_ERR_INVALID);
    CHECK_STR(err.message, "KMS key key-hzz630494463ejqjx1234 is in region cn-hangzhou, not the "
                           "bucket's region cn-beijing");

    /* The states and kinds OSS cannot use. */
    struct kms_key_metadata k = m;
    snprintf(k.key_state, sizeof k.key_state, "Disabled");
    k.state = kms_key_state_parse(k.key_state);
    CHECK_INT(kms_key_check_for_oss(&k, "cn-hangzhou", &err), SSE_ERR_INVALID);
    CHECK_STR(err.message, "KMS key key-hzz630494463ejqjx1234 is Disabled, not Enabled; OSS "
                           "cannot encrypt with it");
    k = m;
    k.state = KMS_STATE_PENDING_DELETION;
    snprintf(k.delete_date, sizeof k.delete_date, "2024-05-26T18:22:03Z");
    CHECK_INT(kms_key_check_for_oss(&k, "cn-hangzhou", &err), SSE_ERR_INVALID);
    CHECK_STR(err.message, "KMS key key-hzz630494463ejqjx1234 is pending deletion on "
                           "2024-05-26T18:22:03Z; OSS cannot encrypt with it");
    k = m;
    snprintf(k.key_spec, sizeof k.key_spec, "RSA_2048");
    CHECK_INT(kms_key_check_for_oss(&k, "cn-hangzhou", &err), SSE_ERR_INVALID);
    CHECK_STR(err.message, "KMS key key-hzz630494463ejqjx1234 is a RSA_2048 key; OSS needs a "
                           "symmetric Aliyun_AES_256 or Aliyun_SM4 key");
    k = m;
    snprintf(k.key_spec, sizeof k.key_spec, "Aliyun_SM4");
    snprintf(k.key_usage, sizeof k.key_usage, "SIGN/VERIFY");
    CHECK_INT(kms_key_check_for_oss(&k, "cn-hangzhou", &err), SSE_ERR_INVALID);

    /* Pending deletion carries its date, parsed. */
    static const char pending[] = "{\"KeyMetadata\":{\"KeyId\":\"k\",\"KeyState\":"
                                  "\"PendingDeletion\",\"DeleteDate\":\"2024-05-26T18:22:03Z\"}}";
    CHECK_INT(kms_parse_key_metadata(200, pending, strlen(pending), &m, &err), SSE_OK);
    CHECK_INT(m.state, KMS_STATE_PENDING_DELETION);
    CHECK_INT(m.delete_time, 1716747723);
    static const char baddate[] = "{\"KeyMetadata\":{\"KeyId\":\"k\",\"KeyState\":"
                                  "\"PendingDeletion\",\"DeleteDate\":\"soon\"}}";
    CHECK_INT(kms_parse_key_metadata(200, baddate, strlen(baddate), &m, &err), SSE_ERR_PROTOCOL);

    /* A description longer than kept is cut on a character boundary, and said to be. */
    size_t n = 3 * 2000;
    char *longd = malloc(n + 100);
    int w = snprintf(longd, n + 100, "{\"KeyMetadata\":{\"KeyId\":\"k\",\"KeyState\":\"Enabled\","
                                     "\"Description\":\"");
    for (size_t i = 0; i < 2000; i++)
        memcpy(longd + w + 3 * i, "\xe4\xb8\xad", 3);
    strcpy(longd + w + n, "\"}}");
    CHECK_INT(kms_parse_key_metadata(200, longd, strlen(longd), &m, &err), SSE_OK);
    CHECK(m.description_cut);
    CHECK_INT(strlen(m.description), 1023 / 3 * 3);
    free(longd);

    /* KMS errors, as OSS's. */
    static const char notfound[] = "{\"Code\":\"Forbidden.KeyNotFound\",\"Message\":\"The "
                                   "specified Key is not found.\",\"RequestId\":\"r-404\","
                                   "\"HostId\":\"kms.cn-hangzhou.aliyuncs.com\"}";
    CHECK_INT(kms_parse_key_metadata(404, notfound, strlen(notfound), &m, &err), SSE_ERR_SERVICE);
    CHECK_STR(err.code, "Forbidden.KeyNotFound");
    CHECK_STR(err.request_id, "r-404");
    CHECK_INT(err.http_status, 404);
    CHECK(!rpc_response_retryable(404, &err));
    static const char throttled[] = "{\"Code\":\"Throttling\",\"Message\":\"Request was denied "
                                    "due to request throttling.\",\"RequestId\":\"r-t\"}";
    CHECK_INT(kms_parse_key_metadata(400, throttled, strlen(throttled), &m, &err),
              SSE_ERR_SERVICE);
    CHECK(rpc_response_retryable(400, &err));
    CHECK_STR(m.key_id, "");
}

static void
test_aliases(void)
{
    struct kms_alias_page *p = malloc(sizeof *p);
    struct sse_error err = {0};
    static const char body[] =
        "{\"PageNumber\":1,\"PageSize\":10,\"TotalCount\":2,\"RequestId\":\"r\",\"Aliases\":"
        "{\"Alias\":[{\"KeyId\":\"key-1\",\"AliasName\":\"alias/prod\",\"AliasArn\":"
        "\"acs:kms:cn-hangzhou:1:alias/prod\"},{\"KeyId\":\"key-1\",\"AliasName\":"
        "\"alias/legacy\"}]}}";
    CHECK_INT(kms_parse_alias_page(200, body, strlen(body), p, &err), SSE_OK);
    CHECK_INT(p->page.count, 2);
    CHECK_STR(p->aliases[0].alias_name, "alias/prod");
    CHECK_STR(p->aliases[0].alias_arn, "acs:kms:cn-hangzhou:1:alias/prod");
    CHECK_STR(p->aliases[1].key_id, "key-1");
    static const char bad[] = "{\"PageNumber\":1,\"PageSize\":10,\"TotalCount\":1,\"Aliases\":"
                              "{\"Alias\":[{\"KeyId\":\"key-1\"}]}}";
    CHECK_INT(kms_parse_alias_page(200, bad, strlen(bad), p, &err), SSE_ERR_PROTOCOL);
    CHECK_STR(err.message, "the ListAliases answer has no Aliases.Alias[0].AliasName");
    free(p);
}

int
main(void)
{
    test_key_refs();
    test_requests();
    test_key_page();
    test_describe();
    test_aliases();
    return check_done("rpc_kms");
}
