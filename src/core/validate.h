/* validate.h — checks made before anything is sent: bucket names and rule combinations. */
#ifndef SSE_CORE_VALIDATE_H
#define SSE_CORE_VALIDATE_H

#include <stdbool.h>

#include "core/rule.h"
#include "core/status.h"

/* OSS bucket naming: 3–63 chars of a–z, 0–9 and '-', not starting or ending with '-'.
 * On failure fills err (SSE_ERR_INVALID) with the specific reason. */
enum sse_status validate_bucket_name(const char *name, struct sse_error *err);
/* A rule that may be written: algorithm AES256/KMS/SM4; a CMK ID or data encryption only with KMS;
 * data encryption only SM4; CMK ID printable, without spaces, shorter than SSE_KMS_KEY_MAX. */
enum sse_status validate_rule(const struct sse_rule *rule, struct sse_error *err);

#endif
