/* fuzz_xml.c — libFuzzer target: every OSS XML parser on arbitrary bytes must return cleanly. */
#include <stddef.h>
#include <stdint.h>

#include "oss/xml.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct sse_error err;
    struct sse_rule rule;
    sse_error_clear(&err);
    oss_xml_parse_rule((const char *)data, size, &rule, &err);
    struct oss_bucket_page page = {0};
    sse_error_clear(&err);
    oss_xml_parse_bucket_list((const char *)data, size, &page, &err);
    oss_bucket_page_cleanup(&page);
    sse_error_clear(&err);
    oss_xml_parse_error((const char *)data, size, &err);
    return 0;
}
