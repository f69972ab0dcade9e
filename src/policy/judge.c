/* judge.c — first-match judgement of a bucket against the policy, as data, and its words. */
#include "policy/judge.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/glob.h"
#include "core/i18n.h"
#include "core/sanitize.h"
#include "core/validate.h"

const char *
policy_verdict_name(enum policy_verdict v)
{
    switch (v) {
    case POLICY_UNMANAGED: return "unmanaged";
    case POLICY_COMPLIANT: return "compliant";
    case POLICY_DRIFTED: return "drifted";
    case POLICY_UNKNOWN: return "unknown";
    }
    return "unknown";
}

const char *
policy_verdict_words(enum policy_verdict v, enum policy_words_form form)
{
    switch (v) {
    case POLICY_COMPLIANT: return form == POLICY_WORDS_NARROW ? _("ok") : _("compliant");
    case POLICY_DRIFTED: return form == POLICY_WORDS_NARROW ? _("DRIFT") : _("drifted");
    case POLICY_UNKNOWN: return form == POLICY_WORDS_FULL ? _("unknown") : "?";
    case POLICY_UNMANAGED: break;
    }
    return form == POLICY_WORDS_FULL ? _("not covered by the policy") : "-";
}

int
policy_match(const struct policy *p, const char *profile, const char *bucket)
{
    if (!p)
        return -1;
    for (size_t i = 0; i < p->nrules; i++) {
        const struct policy_rule *r = &p->rules[i];
        if (!glob_match(r->profile, profile))
            continue;
        for (size_t b = 0; b < r->nbuckets; b++)
            if (glob_match(r->buckets[b], bucket))
                return (int)i;
    }
    return -1;
}

/* The rule a judgement names, or NULL. */
static const struct policy_rule *
rule_of(const struct policy *p, struct policy_judgement j)
{
    return p && j.rule != POLICY_NO_RULE && j.rule < p->nrules ? &p->rules[j.rule] : NULL;
}

/* The algorithm rule r requires, or SSE_ALGO_UNKNOWN for "any". */
static enum sse_algo
required_algo(const struct policy_rule *r)
{
    switch (r->require) {
    case POLICY_REQUIRE_AES256: return SSE_ALGO_AES256;
    case POLICY_REQUIRE_KMS: return SSE_ALGO_KMS;
    case POLICY_REQUIRE_SM4: return SSE_ALGO_SM4;
    case POLICY_REQUIRE_ANY: break;
    }
    return SSE_ALGO_UNKNOWN;
}

/* What of current differs from what r requires (enum policy_difference bits). */
static unsigned
differences(const struct policy_rule *r, const struct sse_rule *current)
{
    if (r->require == POLICY_REQUIRE_ANY) /* an algorithm this tool cannot name is still encryption */
        return current->algo == SSE_ALGO_NONE ? POLICY_DIFF_ALGO : 0;
    if (current->algo != required_algo(r))
        return POLICY_DIFF_ALGO;
    unsigned d = 0;
    if (r->require == POLICY_REQUIRE_KMS) {
        if (r->kms_key_id[0] && strcmp(current->kms_key_id, r->kms_key_id) != 0)
            d |= POLICY_DIFF_KMS_KEY;
        if (r->kms_data_enc == SSE_DATA_ENC_SM4 && current->data_enc != SSE_DATA_ENC_SM4)
            d |= POLICY_DIFF_DATA_ENC;
    }
    return d;
}

struct policy_judgement
policy_judge(const struct policy *p, const char *profile, const char *bucket,
             const struct sse_rule *current)
{
    struct policy_judgement j = { POLICY_UNMANAGED, 0, POLICY_NO_RULE };
    int k = policy_match(p, profile, bucket);
    if (k < 0)
        return j;
    j.rule = (uint16_t)k;
    if (!current) {
        j.verdict = POLICY_UNKNOWN;
        return j;
    }
    j.differs = (uint8_t)differences(&p->rules[k], current);
    j.verdict = j.differs ? POLICY_DRIFTED : POLICY_COMPLIANT;
    return j;
}

void
policy_target(const struct policy *p, struct policy_judgement j, const struct sse_rule *current,
              struct sse_rule *t)
{
    memset(t, 0, sizeof *t);
    const struct policy_rule *r = rule_of(p, j);
    if (!r || j.verdict != POLICY_DRIFTED || !current)
        return;
    switch (r->require) {
    case POLICY_REQUIRE_AES256: t->algo = SSE_ALGO_AES256; return;
    case POLICY_REQUIRE_SM4: t->algo = SSE_ALGO_SM4; return;
    case POLICY_REQUIRE_ANY: t->algo = r->apply; return;
    case POLICY_REQUIRE_KMS: break;
    }
    t->algo = SSE_ALGO_KMS;
    bool on_kms = current->algo == SSE_ALGO_KMS;
    if (r->kms_key_id[0])
        memcpy(t->kms_key_id, r->kms_key_id, sizeof t->kms_key_id);
    else if (on_kms)
        memcpy(t->kms_key_id, current->kms_key_id, sizeof t->kms_key_id);
    t->kms_key_id[sizeof t->kms_key_id - 1] = '\0';
    t->data_enc = r->kms_data_enc == SSE_DATA_ENC_SM4 ||
                          (on_kms && current->data_enc == SSE_DATA_ENC_SM4)
                      ? SSE_DATA_ENC_SM4
                      : SSE_DATA_ENC_NONE;
    if (validate_rule(t, NULL) != SSE_OK)
        t->kms_key_id[0] = '\0'; /* a kept server CMK ID that could not be written back */
}

int
policy_judgement_line(const struct policy *p, struct policy_judgement j)
{
    const struct policy_rule *r = rule_of(p, j);
    return r ? r->line : 0;
}

/* Text being put together in a caller's buffer: appended to, cut at its size, never overrun. */
struct words {
    char *buf;
    size_t size, used;
    bool words; /* the user's language, else fixed English */
};

static void __attribute__((format(printf, 2, 3)))
words_add(struct words *w, const char *fmt, ...)
{
    if (w->used + 1 >= w->size)
        return;
    if (w->used) {
        const char *sep = WORDS(w->words, "; ");
        int n = snprintf(w->buf + w->used, w->size - w->used, "%s", sep);
        w->used = n < 0 ? w->size : w->used + (size_t)n >= w->size ? w->size - 1 : w->used + (size_t)n;
    }
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(w->buf + w->used, w->size - w->used, fmt, ap);
    va_end(ap);
    w->used = n < 0 ? w->size - 1 : w->used + (size_t)n >= w->size ? w->size - 1 : w->used + (size_t)n;
}

/* "algorithm is X, policy requires Y" and its variants for no and unknown encryption. */
static void
why_algo(struct words *w, const struct sse_rule *cur, const char *want)
{
    char raw[SSE_ALGO_RAW_MAX * 3];
    /* Out-of-range values are treated like SSE_ALGO_UNKNOWN: never trusted as a known name. */
    bool unknown = (unsigned)cur->algo >= SSE_ALGO_UNKNOWN;
    if (cur->algo == SSE_ALGO_NONE)
        words_add(w, WORDS(w->words, "no encryption, policy requires %s"), want);
    else if (unknown && cur->algo_raw[0])
        words_add(w, WORDS(w->words, "algorithm is \"%s\" (unknown to sseadm), policy requires %s"),
                  SHOWN(raw, cur->algo_raw), want);
    else if (unknown)
        words_add(w, WORDS(w->words, "algorithm is unknown, policy requires %s"), want);
    else
        words_add(w, WORDS(w->words, "algorithm is %s, policy requires %s"),
                  sse_algo_name(cur->algo), want);
}

char *
policy_why(const struct policy *p, struct policy_judgement j, const struct sse_rule *current,
           bool words, char *buf, size_t size)
{
    if (!size)
        return buf;
    buf[0] = '\0';
    struct words w = { buf, size, 0, words };
    const struct policy_rule *r = rule_of(p, j);
    switch ((enum policy_verdict)j.verdict) {
    case POLICY_UNMANAGED:
        words_add(&w, "%s", WORDS(words, "no policy rule matches this bucket"));
        return buf;
    case POLICY_UNKNOWN:
        words_add(&w, "%s", WORDS(words, "encryption state is not known"));
        return buf;
    case POLICY_COMPLIANT:
        return buf;
    case POLICY_DRIFTED:
        break;
    }
    if (!r || !current)
        return buf;
    if (j.differs & POLICY_DIFF_ALGO)
        why_algo(&w, current, policy_require_name(r->require));
    if (j.differs & POLICY_DIFF_KMS_KEY) {
        char have[SSE_KMS_KEY_MAX], need[SSE_KMS_KEY_MAX];
        SHOWN(need, r->kms_key_id);
        if (current->kms_key_id[0])
            words_add(&w, WORDS(words, "CMK ID is %s, policy requires %s"),
                      SHOWN(have, current->kms_key_id), need);
        else
            words_add(&w, WORDS(words, "CMK ID is none (OSS-managed CMK), policy requires %s"),
                      need);
    }
    if ((j.differs & POLICY_DIFF_DATA_ENC) && current->data_enc == SSE_DATA_ENC_UNKNOWN &&
        current->data_enc_raw[0]) {
        char raw[SSE_DATA_ENC_RAW_MAX * 3];
        words_add(&w, WORDS(words, "data encryption is \"%s\" (unknown to sseadm), policy "
                                   "requires SM4"), SHOWN(raw, current->data_enc_raw));
    } else if (j.differs & POLICY_DIFF_DATA_ENC) {
        words_add(&w, WORDS(words, "data encryption is %s, policy requires SM4"),
                  sse_data_enc_name(current->data_enc));
    }
    return buf;
}

char *
policy_plan_line(const char *profile, const char *bucket, const struct sse_rule *now,
                 const struct sse_rule *target, const char *why, int rule_line, const char *arrow,
                 char *buf, size_t size)
{
    char from[400], to[400];
    sse_rule_words(now, from, sizeof from);
    sse_rule_words(target, to, sizeof to);
    snprintf(buf, size, _("%1$s/%2$s: %3$s %4$s %5$s  (%6$s; policy line %7$d)"), profile, bucket,
             from, arrow ? arrow : "->", to, why, rule_line);
    return buf;
}
