/* fuzz_rpc.c — libFuzzer target: every STS and KMS answer parser on arbitrary bytes, as a 200 and
 * as an error answer, must return cleanly and leave no secret allocated. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "oss/account.h"
#include "rpc/kms.h"
#include "rpc/sts.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *body = (const char *)data;
    static const long statuses[] = {200, 400};
    for (size_t i = 0; i < 2; i++) {
        struct sse_error err = {0};
        struct sts_credentials c = {0};
        sts_parse_credentials(statuses[i], body, size, &c, &err);
        sts_credentials_cleanup(&c);
        struct sts_caller_identity id;
        sts_parse_caller_identity(statuses[i], body, size, &id, &err);
        struct kms_key_page *page = malloc(sizeof *page);
        struct kms_alias_page *aliases = malloc(sizeof *aliases);
        struct kms_key_metadata meta;
        if (page)
            kms_parse_key_page(statuses[i], body, size, page, &err);
        if (aliases)
            kms_parse_alias_page(statuses[i], body, size, aliases, &err);
        kms_parse_key_metadata(statuses[i], body, size, &meta, &err);
        free(page);
        free(aliases);
    }
    if (oss_secret_live() != 0)
        abort();
    return 0;
}
