/* test_oss_endpoint.c — OSS endpoint names: the region a name says, and which hosts an answer
 * may send a profile's requests to (a hostile answer must not pick the host). */
#include <string.h>

#include "check.h"
#include "oss/endpoint.h"

static void
test_region(void)
{
    char r[64];
    bool internal = true;
    CHECK(oss_endpoint_region("oss-cn-beijing.aliyuncs.com", r, sizeof r, &internal));
    CHECK_STR(r, "cn-beijing");
    CHECK(!internal);
    CHECK(oss_endpoint_region("https://OSS-cn-hangzhou-internal.aliyuncs.com/", r, sizeof r,
                              &internal));
    CHECK_STR(r, "cn-hangzhou");
    CHECK(internal);
    CHECK(oss_endpoint_region("http://oss-us-west-1.aliyuncs.com:80", r, sizeof r, NULL));
    CHECK_STR(r, "us-west-1");
    /* Not OSS names: another domain, a suffix trick, a path, an empty region, odd characters. */
    CHECK(!oss_endpoint_region("oss-cn-beijing.aliyuncs.com.evil.example", r, sizeof r, NULL));
    CHECK(!oss_endpoint_region("oss-cn-beijing.example.com", r, sizeof r, NULL));
    CHECK(!oss_endpoint_region("oss-.aliyuncs.com", r, sizeof r, NULL));
    CHECK(!oss_endpoint_region("oss-cn_x.aliyuncs.com", r, sizeof r, NULL));
    CHECK(!oss_endpoint_region("https://oss-cn-beijing.aliyuncs.com/path", r, sizeof r, NULL));
    CHECK(!oss_endpoint_region("oss-cn-beijing.aliyuncs.com:", r, sizeof r, NULL));
    CHECK(!oss_endpoint_region("127.0.0.1:9000", r, sizeof r, NULL));
    char tiny[4];
    CHECK(!oss_endpoint_region("oss-cn-beijing.aliyuncs.com", tiny, sizeof tiny, NULL));

    char ep[80];
    CHECK(oss_endpoint_for_region("cn-beijing", false, ep, sizeof ep));
    CHECK_STR(ep, "oss-cn-beijing.aliyuncs.com");
    CHECK(oss_endpoint_for_region("cn-beijing", true, ep, sizeof ep));
    CHECK_STR(ep, "oss-cn-beijing-internal.aliyuncs.com");
    CHECK(!oss_endpoint_for_region("cn-beijing", false, tiny, sizeof tiny));

    char h[64];
    CHECK(oss_endpoint_host("HTTP://LocalHost:9000/", h, sizeof h));
    CHECK_STR(h, "localhost:9000");
    CHECK(oss_endpoint_host("oss-cn-hangzhou.aliyuncs.com", h, sizeof h));
    CHECK_STR(h, "oss-cn-hangzhou.aliyuncs.com");
    CHECK(!oss_endpoint_host("https://", h, sizeof h));
}

static void
test_trusted(void)
{
    const char *const allowed[] = {"oss.example.com", "10.0.0.5:9000"};
    const char *own = "http://localhost:18411";
    CHECK(oss_endpoint_trusted("oss-cn-beijing.aliyuncs.com", own, NULL, 0));
    CHECK(oss_endpoint_trusted("OSS-cn-beijing-internal.aliyuncs.com", own, NULL, 0));
    CHECK(oss_endpoint_trusted("localhost:18411", own, NULL, 0));
    CHECK(oss_endpoint_trusted("LOCALHOST:18411", own, NULL, 0));
    CHECK(oss_endpoint_trusted("oss.example.com", own, allowed, 2));
    CHECK(oss_endpoint_trusted("10.0.0.5:9000", own, allowed, 2));
    /* Everything else: another port of the same host, a lookalike, the catcher's address. */
    CHECK(!oss_endpoint_trusted("localhost:18412", own, allowed, 2));
    CHECK(!oss_endpoint_trusted("evil.localhost:18411", own, allowed, 2));
    CHECK(!oss_endpoint_trusted("127.0.0.1:18411", own, allowed, 2));
    CHECK(!oss_endpoint_trusted("oss-cn-beijing.aliyuncs.com:8080", own, NULL, 0));
    CHECK(!oss_endpoint_trusted("oss-cn-beijing.aliyuncs.com.evil.example", own, NULL, 0));
    CHECK(!oss_endpoint_trusted("user@oss-cn-beijing.aliyuncs.com", own, NULL, 0));
    CHECK(!oss_endpoint_trusted("oss.example.com/x", own, allowed, 2));
    CHECK(!oss_endpoint_trusted("10.0.0.5", own, allowed, 2));
    CHECK(!oss_endpoint_trusted("", own, allowed, 2));
    CHECK(!oss_endpoint_trusted(NULL, own, allowed, 2));
}

int
main(void)
{
    test_region();
    test_trusted();
    return check_done("endpoint");
}
