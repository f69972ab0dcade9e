/* validate.c — bucket name and rule checks with specific reasons. */
#include "core/validate.h"

#include <string.h>

/* The name as it may appear in a message: only when it is all printable ASCII. */
static const char *
shown_name(const char *name)
{
    for (const unsigned char *p = (const unsigned char *)name; *p; p++)
        if (*p < 0x20 || *p >= 0x7f)
            return "(name with non-printable bytes)";
    return name;
}

enum sse_status
validate_bucket_name(const char *name, struct sse_error *err)
{
    size_t n = strlen(name);
    const char *shown = shown_name(name);
    if (n < 3 || n > 63)
        return sse_error_set(err, SSE_ERR_INVALID,
                             "bucket name \"%.80s\" must be 3 to 63 characters long (it has %zu)",
                             shown, n);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)name[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
            if (c >= 'A' && c <= 'Z')
                return sse_error_set(err, SSE_ERR_INVALID,
                                     "bucket name \"%s\" has an upper-case letter; OSS bucket names "
                                     "are lower case", shown);
            if (c < 0x20 || c >= 0x7f)
                return sse_error_set(err, SSE_ERR_INVALID,
                                     "bucket name has a non-printable or non-ASCII byte at position %zu; "
                                     "only a-z, 0-9 and '-' are allowed", i + 1);
            return sse_error_set(err, SSE_ERR_INVALID,
                                 "bucket name \"%s\" has '%c' at position %zu; only a-z, 0-9 and '-' "
                                 "are allowed", shown, c, i + 1);
        }
    }
    if (name[0] == '-' || name[n - 1] == '-')
        return sse_error_set(err, SSE_ERR_INVALID,
                             "bucket name \"%s\" must not start or end with '-'", shown);
    return SSE_OK;
}

enum sse_status
validate_rule(const struct sse_rule *rule, struct sse_error *err)
{
    switch (rule->algo) {
    case SSE_ALGO_AES256:
    case SSE_ALGO_SM4:
    case SSE_ALGO_KMS:
        break;
    default:
        return sse_error_set(err, SSE_ERR_INVALID,
                             "algorithm must be AES256, KMS or SM4");
    }
    if (rule->algo != SSE_ALGO_KMS && rule->kms_key_id[0])
        return sse_error_set(err, SSE_ERR_INVALID,
                             "a KMS CMK ID can only be given with algorithm KMS, not %s",
                             sse_algo_name(rule->algo));
    if (rule->algo != SSE_ALGO_KMS && rule->data_enc != SSE_DATA_ENC_NONE)
        return sse_error_set(err, SSE_ERR_INVALID,
                             "KMS data encryption can only be given with algorithm KMS, not %s",
                             sse_algo_name(rule->algo));
    if (rule->data_enc != SSE_DATA_ENC_NONE && rule->data_enc != SSE_DATA_ENC_SM4)
        return sse_error_set(err, SSE_ERR_INVALID, "KMS data encryption must be SM4");
    size_t n = strnlen(rule->kms_key_id, SSE_KMS_KEY_MAX);
    if (n >= SSE_KMS_KEY_MAX)
        return sse_error_set(err, SSE_ERR_INVALID, "the CMK ID is longer than %d bytes",
                             SSE_KMS_KEY_MAX - 1);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)rule->kms_key_id[i];
        if (c <= 0x20 || c == 0x7f)
            return sse_error_set(err, SSE_ERR_INVALID,
                                 "the CMK ID has a space or control character at position %zu", i + 1);
    }
    return SSE_OK;
}
