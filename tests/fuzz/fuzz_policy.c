/* fuzz_policy.c — libFuzzer target: the policy loader on arbitrary text, and every drifted target
 * it produces must be a rule sseadm may write. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "config/config.h"
#include "core/validate.h"
#include "policy/judge.h"
#include "policy/policy.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    struct policy *p = NULL;
    struct sse_diag errors = {0};
    if (policy_load_string(text, "fuzz.policy", &p, &errors) == SSE_OK) {
        static const struct sse_rule states[] = {
            {.algo = SSE_ALGO_NONE}, {.algo = SSE_ALGO_AES256}, {.algo = SSE_ALGO_SM4},
            {.algo = SSE_ALGO_KMS, .kms_key_id = "k"}, {.algo = SSE_ALGO_UNKNOWN, .algo_raw = "X"},
        };
        for (size_t i = 0; i < sizeof states / sizeof states[0]; i++) {
            struct policy_judgement j = policy_judge(p, "prod", "finance-data", &states[i]);
            char why[512];
            policy_why(p, j, &states[i], i % 2 == 0, why, sizeof why);
            if (strlen(why) >= sizeof why)
                abort();
            struct sse_rule target;
            policy_target(p, j, &states[i], &target);
            struct sse_error err;
            if (j.verdict == POLICY_DRIFTED && validate_rule(&target, &err) != SSE_OK)
                abort();
        }
        policy_free(p);
    }
    sse_diag_cleanup(&errors);
    free(text);
    return 0;
}
