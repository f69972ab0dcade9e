/* policy.h — the encryption policy: which rule each bucket must carry, and how each bucket fares. */
#ifndef SSE_POLICY_POLICY_H
#define SSE_POLICY_POLICY_H

#include <stddef.h>

#include "core/diag.h"
#include "core/rule.h"
#include "core/status.h"

/* The only policy format version this build reads. */
#define POLICY_VERSION 1
/* Room for the reason of a verdict; longer text is cut (never left unterminated). */
#define POLICY_WHY_MAX 512

/* What a rule demands. ANY = encrypted with anything at all. */
enum policy_require { POLICY_REQUIRE_AES256, POLICY_REQUIRE_KMS, POLICY_REQUIRE_SM4,
                      POLICY_REQUIRE_ANY };

/* One rule of the file, validated. Borrowed read-only from struct policy. */
struct policy_rule {
    int line;                            /* where its { starts, for messages */
    char *profile;                       /* shell glob over profile names; "*" when not given */
    char **buckets;                      /* shell globs over bucket names; at least one */
    size_t nbuckets;
    enum policy_require require;
    char kms_key_id[SSE_KMS_KEY_MAX];    /* KMS only: the CMK required; "" = any CMK */
    enum sse_data_enc kms_data_enc;      /* KMS only: SM4 = required; NONE = not constrained */
    enum sse_algo apply;                 /* ANY only: what apply writes (AES256, KMS or SM4) */
};

/* A loaded policy. Immutable after load; share read-only. Free with policy_free. */
struct policy {
    char *path;                          /* the name it was loaded under (owned) */
    struct policy_rule *rules;           /* in file order: the first match wins */
    size_t nrules;
};

/* Loads and validates a policy file, collecting ALL problems into errors (may be NULL), each as
 * "FILE:LINE: what is wrong / what is expected". Returns SSE_OK (*out set; caller frees),
 * SSE_ERR_IO (missing, unreadable, too big), SSE_ERR_CONFIG (syntax or validation errors) or
 * SSE_ERR_NOMEM; on failure *out is NULL. */
enum sse_status policy_load(const char *path, struct policy **out, struct sse_diag *errors);
/* The same from text in memory (tests, fuzzing); name is used in messages and as path. */
enum sse_status policy_load_string(const char *text, const char *name, struct policy **out,
                                   struct sse_diag *errors);
/* Frees p and everything it holds; NULL is a no-op. */
void policy_free(struct policy *p);

enum policy_verdict {
    POLICY_UNMANAGED,   /* no rule matches the bucket */
    POLICY_COMPLIANT,   /* the bucket's rule meets its policy rule */
    POLICY_DRIFTED,     /* it does not; why says what differs, target what apply would write */
    POLICY_UNKNOWN,     /* a rule matches but the bucket's state is not known (error, loading) */
};

/* The judgement of one bucket. */
struct policy_check {
    enum policy_verdict verdict;
    int rule_index;              /* index into policy.rules of the matching rule; -1 when none */
    int rule_line;               /* that rule's line in the file; 0 when none */
    char why[POLICY_WHY_MAX];    /* fixed English, or the user's language (words);
                                  * DRIFTED: every difference, "; "-separated, e.g. "algorithm is
                                  * AES256, policy requires KMS"; UNMANAGED/UNKNOWN: a short note;
                                  * COMPLIANT: "". Server text in it is sanitized. */
    struct sse_rule target;      /* DRIFTED: the rule apply would write (passes validate_rule);
                                  * otherwise zeroed */
};

/* Index of the first rule matching profile and bucket (NULL counts as ""), or -1. */
int policy_match(const struct policy *p, const char *profile, const char *bucket);

/* Judges one bucket against the first matching rule. current is the bucket's rule as read (algo
 * SSE_ALGO_NONE for "no encryption"), or NULL when it is not known.
 *   - A bucket whose algorithm is SSE_ALGO_UNKNOWN (a name this tool does not know) is encrypted
 *     with something: it is compliant with "any" and drifted against AES256, KMS and SM4.
 *   - A KMS rule without kms_key_id accepts any CMK, the OSS-managed one included; without
 *     kms_data_encryption it accepts either data encryption.
 *   - The target changes only what the policy constrains: a drifted bucket already on KMS keeps
 *     its CMK and its SM4 data encryption when the rule leaves them open. A bucket not on KMS gets
 *     the rule's CMK, or none (OSS-managed) when the rule names none. */
/* why is in the user's language (gettext) when words, for what people read (the TUI, plan
 * lines), else in fixed English, for reports and logs. */
void policy_check_bucket(const struct policy *p, const char *profile, const char *bucket,
                         const struct sse_rule *current, bool words, struct policy_check *out);

/* One change of a plan in the user's language: "t/alpha: AES256 -> KMS (CMK k)  (algorithm is
 * AES256, policy requires KMS; policy line 3)", arrow ("->" when NULL) between the bucket's rule
 * now and the one the policy writes. Unsanitized (server text): callers sanitize. Writes into buf
 * (always NUL-terminated); returns buf. */
char *policy_plan_line(const char *profile, const char *bucket, const struct sse_rule *now,
                       const struct sse_rule *target, const char *why, int rule_line,
                       const char *arrow, char *buf, size_t size);

/* "unmanaged", "compliant", "drifted", "unknown". */
const char *policy_verdict_name(enum policy_verdict v);
/* "AES256", "KMS", "SM4", "any". */
const char *policy_require_name(enum policy_require r);
/* One line for lists and help: "KMS (CMK X, SM4 data encryption)", "KMS (any CMK)", "AES256",
 * "any (apply sets AES256)". Writes into buf (always NUL-terminated); returns buf. */
char *policy_rule_describe(const struct policy_rule *r, char *buf, size_t size);

#endif
