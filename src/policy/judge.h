/* judge.h — how a bucket fares against the policy, as data (a verdict, what differs, which rule),
 * and that data put into words, what apply would write, and a plan line, where they are shown. */
#ifndef SSE_POLICY_JUDGE_H
#define SSE_POLICY_JUDGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/rule.h"
#include "policy/policy.h"

enum policy_verdict {
    POLICY_UNMANAGED,   /* no rule matches the bucket */
    POLICY_COMPLIANT,   /* the bucket's rule meets its policy rule */
    POLICY_DRIFTED,     /* it does not: differs says what differs */
    POLICY_UNKNOWN,     /* a rule matches but the bucket's state is not known (error, loading) */
};

/* What differs between a drifted bucket's rule and its policy rule. */
enum policy_difference {
    POLICY_DIFF_ALGO = 1u << 0,     /* the algorithm (or no encryption at all) */
    POLICY_DIFF_KMS_KEY = 1u << 1,  /* the CMK ID */
    POLICY_DIFF_DATA_ENC = 1u << 2, /* the KMS data encryption */
};

#define POLICY_NO_RULE UINT16_MAX

/* A verdict as a row keeps it: four bytes, no text. The words, the target rule and the rule's line
 * are derived from it with the policy and the bucket's rule, where they are shown. */
struct policy_judgement {
    uint8_t verdict;   /* enum policy_verdict */
    uint8_t differs;   /* enum policy_difference bits (DRIFTED only) */
    uint16_t rule;     /* index into policy.rules of the first matching rule, or POLICY_NO_RULE */
};

/* Index of the first rule matching profile and bucket (NULL counts as ""), or -1. */
int policy_match(const struct policy *p, const char *profile, const char *bucket);

/* Judges one bucket against the first matching rule. current is the bucket's rule as read (algo
 * SSE_ALGO_NONE for "no encryption"), or NULL when it is not known.
 *   - A bucket whose algorithm is SSE_ALGO_UNKNOWN (a name this tool does not know) is encrypted
 *     with something: it is compliant with "any" and drifted against AES256, KMS and SM4.
 *   - A KMS rule without kms_key_id accepts any CMK, the OSS-managed one included; without
 *     kms_data_encryption it accepts either data encryption. */
struct policy_judgement policy_judge(const struct policy *p, const char *profile,
                                     const char *bucket, const struct sse_rule *current);

/* What apply writes to a bucket judged drifted (j) whose rule is current. It changes only what
 * the policy constrains: a bucket already on KMS keeps its CMK and its SM4 data encryption when
 * the rule leaves them open; a bucket not on KMS gets the rule's CMK, or none (OSS-managed). Passes
 * validate_rule. Zeroed (algo none) unless j is DRIFTED. */
void policy_target(const struct policy *p, struct policy_judgement j,
                   const struct sse_rule *current, struct sse_rule *out);

/* The judgement in words: DRIFTED every difference, "; "-separated, e.g. "algorithm is AES256,
 * policy requires KMS"; UNMANAGED and UNKNOWN a short note; COMPLIANT "". current must be the rule
 * that was judged (NULL when it was not known). In the user's language when words (what people
 * read), else fixed English (reports and logs). Server text in it is sanitized. Writes into buf
 * (always NUL-terminated, cut when it must be); returns buf. */
char *policy_why(const struct policy *p, struct policy_judgement j, const struct sse_rule *current,
                 bool words, char *buf, size_t size);

/* The line of the judgement's rule in the policy file; 0 when none matched. */
int policy_judgement_line(const struct policy *p, struct policy_judgement j);

/* One change of a plan in the user's language: "t/alpha: AES256 -> KMS (CMK k)  (algorithm is
 * AES256, policy requires KMS; policy line 3)", arrow ("->" when NULL) between the bucket's rule
 * now and the one the policy writes. Unsanitized (server text): callers sanitize. Writes into buf
 * (always NUL-terminated); returns buf. */
char *policy_plan_line(const char *profile, const char *bucket, const struct sse_rule *now,
                       const struct sse_rule *target, const char *why, int rule_line,
                       const char *arrow, char *buf, size_t size);

/* "unmanaged", "compliant", "drifted", "unknown" (fixed English: reports and logs). */
const char *policy_verdict_name(enum policy_verdict v);
/* How much room a verdict's words have. */
enum policy_words_form {
    POLICY_WORDS_FULL,    /* a sentence's worth: "compliant", "not covered by the policy" */
    POLICY_WORDS_COLUMN,  /* a table column: "compliant", "drifted", "?", "-" */
    POLICY_WORDS_NARROW,  /* a narrow column: "ok", "DRIFT", "?", "-" */
};
/* The verdict in the user's language, in the given form. */
const char *policy_verdict_words(enum policy_verdict v, enum policy_words_form form);

#endif
