/* policy.h — the encryption policy file: which rule each bucket must carry, loaded and validated
 * (judging a bucket against it is policy/judge.h). */
#ifndef SSE_POLICY_POLICY_H
#define SSE_POLICY_POLICY_H

#include <stddef.h>

#include "core/diag.h"
#include "core/rule.h"
#include "core/status.h"

/* The only policy format version this build reads. */
#define POLICY_VERSION 1
/* Most rules in one file (a judgement names its rule in 16 bits). */
#define POLICY_MAX_RULES 4096

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

/* "AES256", "KMS", "SM4", "any". */
const char *policy_require_name(enum policy_require r);
/* One line for lists and help: "KMS (CMK X, SM4 data encryption)", "KMS (any CMK)", "AES256",
 * "any (apply sets AES256)". Writes into buf (always NUL-terminated); returns buf. */
char *policy_rule_describe(const struct policy_rule *r, char *buf, size_t size);

#endif
