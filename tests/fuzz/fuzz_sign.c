/* fuzz_sign.c — libFuzzer target: building and signing requests from arbitrary bucket names, CMK
 * IDs, endpoints and regions never crashes, and never puts the secret in a header. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "oss/request.h"
#include "oss/sign.h"

static void
take(const uint8_t **data, size_t *size, char *out, size_t cap)
{
    size_t n = *size ? (*data)[0] % cap : 0;
    if (*size)
        (*data)++, (*size)--;
    if (n > *size)
        n = *size;
    memcpy(out, *data, n);
    out[n] = '\0';
    *data += n;
    *size -= n;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char secret[] = "FuzzSecretValue0123456789";
    struct oss_account acct = {.signature_version = size && (data[0] & 1) ? 1 : 4};
    char bucket[80], key[300];
    take(&data, &size, acct.endpoint, sizeof acct.endpoint);
    take(&data, &size, acct.region, sizeof acct.region);
    take(&data, &size, bucket, sizeof bucket);
    take(&data, &size, key, sizeof key);
    if (oss_credentials_set(&acct.creds, "FuzzKeyId", secret, size & 1 ? "tok" : NULL) != SSE_OK)
        return 0;
    struct sse_rule rule = {.algo = SSE_ALGO_KMS};
    memcpy(rule.kms_key_id, key, sizeof rule.kms_key_id - 1);
    struct oss_request req;
    struct sse_error err;
    sse_error_clear(&err);
    if (oss_build_put_encryption(&req, &acct, bucket, &rule, &err) == SSE_OK &&
        oss_sign_request(&req, &acct, 1735787045, &err) == SSE_OK) {
        for (size_t i = 0; i < req.nheaders; i++)
            if (strstr(req.headers[i].value, secret))
                abort();
    }
    oss_request_cleanup(&req);
    sse_error_clear(&err);
    if (oss_build_list_buckets(&req, &acct, bucket, key, 10, &err) == SSE_OK)
        oss_sign_request(&req, &acct, 1735787045, &err);
    oss_request_cleanup(&req);
    oss_credentials_cleanup(&acct.creds);
    return 0;
}
