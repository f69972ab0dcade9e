/* test_oss_signcache.c — the V4 signing-key cache changes nothing but the work: signatures with
 * and without it agree across days, regions and secrets, and it is wiped on clear. */
#include <string.h>

#include "check.h"
#include "oss/request.h"
#include "oss/sign.h"

static void
authorization(struct oss_account *acct, time_t when, struct sign_v4_key_cache *cache, char *out,
              size_t n)
{
    struct oss_request r;
    struct sse_error err;
    sse_error_clear(&err);
    CHECK_INT(oss_build_get_encryption(&r, acct, "examplebucket", &err), SSE_OK);
    CHECK_INT(oss_sign_request_cached(&r, acct, when, cache, &err), SSE_OK);
    const char *a = oss_request_header(&r, "Authorization");
    snprintf(out, n, "%s", a ? a : "");
    oss_request_cleanup(&r);
}

int
main(void)
{
    struct oss_account a = {.signature_version = 4};
    strcpy(a.endpoint, "https://oss-cn-hangzhou.aliyuncs.com");
    strcpy(a.region, "cn-hangzhou");
    oss_credentials_set(&a.creds, "LTAI5tExampleAccessKeyID", "ExampleAccessKeySecret0123456789", NULL);
    struct oss_account b = a;
    memset(&b.creds, 0, sizeof b.creds);
    oss_credentials_set(&b.creds, "LTAI5tOther", "AnotherSecret", NULL);

    struct sign_v4_key_cache cache = {0};
    char with[512], without[512];
    const time_t days[] = {1735787045, 1735787045 + 60, 1735787045 + 86400, 1735787045 + 86401};
    for (size_t i = 0; i < 4; i++) {
        authorization(&a, days[i], &cache, with, sizeof with);
        authorization(&a, days[i], NULL, without, sizeof without);
        CHECK_STR(with, without);
    }
    CHECK(cache.valid);
    CHECK(strcmp(cache.date, "20250103") == 0);
    /* Another region, then another secret: the cache must not hand out the old key. */
    strcpy(a.region, "cn-shanghai");
    strcpy(a.endpoint, "https://oss-cn-shanghai.aliyuncs.com");
    authorization(&a, days[0], &cache, with, sizeof with);
    authorization(&a, days[0], NULL, without, sizeof without);
    CHECK_STR(with, without);
    authorization(&b, days[0], &cache, with, sizeof with);
    authorization(&b, days[0], NULL, without, sizeof without);
    CHECK_STR(with, without);
    /* The published derived vector still comes out through the cache. */
    strcpy(a.region, "cn-hangzhou");
    strcpy(a.endpoint, "https://oss-cn-hangzhou.aliyuncs.com");
    authorization(&a, 1735787045, &cache, with, sizeof with);
    CHECK_STR(with, "OSS4-HMAC-SHA256 Credential=LTAI5tExampleAccessKeyID/20250102/cn-hangzhou/oss/"
                    "aliyun_v4_request,Signature="
                    "2646a2ef09ad6cc7a799c0e88c0637a30350ee93aae856b1fe9288c559f6c83a");
    authorization(&a, 1735787045, &cache, with, sizeof with); /* now from the cache */
    CHECK_STR(with, "OSS4-HMAC-SHA256 Credential=LTAI5tExampleAccessKeyID/20250102/cn-hangzhou/oss/"
                    "aliyun_v4_request,Signature="
                    "2646a2ef09ad6cc7a799c0e88c0637a30350ee93aae856b1fe9288c559f6c83a");
    sign_v4_key_cache_clear(&cache);
    CHECK(!cache.valid);
    unsigned char zero[sizeof cache.key] = {0};
    CHECK(memcmp(cache.key, zero, sizeof zero) == 0);
    oss_credentials_cleanup(&a.creds);
    oss_credentials_cleanup(&b.creds);
    return check_done("signcache");
}
