/* rule.c — names and comparison of encryption rules. */
#include "core/rule.h"

#include <stdio.h>
#include <string.h>

#include "core/ascii.h"
#include "core/i18n.h"
#include "core/status.h"

static const char *const algo_names[] = {
#define SSE_ALGO_NAME(e, name) name,
    SSE_ALGO_TABLE(SSE_ALGO_NAME)
#undef SSE_ALGO_NAME
};

const char *
sse_algo_name(enum sse_algo a)
{
    return (unsigned)a <= SSE_ALGO_UNKNOWN ? algo_names[a] : "unknown";
}

const char *
sse_data_enc_name(enum sse_data_enc d)
{
    switch (d) {
    case SSE_DATA_ENC_NONE: return "none";
    case SSE_DATA_ENC_SM4: return "SM4";
    default: return "unknown";
    }
}

bool
sse_algo_parse(const char *s, enum sse_algo *out)
{
    for (int a = SSE_ALGO_NONE; a < SSE_ALGO_UNKNOWN; a++) {
        if (ascii_casecmp(s, algo_names[a]) == 0) {
            *out = (enum sse_algo)a;
            return true;
        }
    }
    return false;
}

bool
sse_data_enc_parse(const char *s, enum sse_data_enc *out)
{
    if (ascii_casecmp(s, "SM4") == 0) {
        *out = SSE_DATA_ENC_SM4;
        return true;
    }
    if (ascii_casecmp(s, "none") == 0 || !*s) {
        *out = SSE_DATA_ENC_NONE;
        return true;
    }
    return false;
}

bool
sse_rule_equal(const struct sse_rule *a, const struct sse_rule *b)
{
    if (a->algo != b->algo)
        return false;
    if (a->algo == SSE_ALGO_UNKNOWN)
        return strcmp(a->algo_raw, b->algo_raw) == 0;
    if (a->algo != SSE_ALGO_KMS)
        return true;
    return a->data_enc == b->data_enc && strcmp(a->kms_key_id, b->kms_key_id) == 0 &&
           (a->data_enc != SSE_DATA_ENC_UNKNOWN || strcmp(a->data_enc_raw, b->data_enc_raw) == 0);
}

bool
sse_rule_pack(const struct sse_rule *r, struct strpool *pool, struct sse_rule_packed *out)
{
    out->algo = (uint8_t)r->algo;
    out->data_enc = (uint8_t)r->data_enc;
    out->kms_key_id = strpool_add(pool, r->kms_key_id);
    out->algo_raw = strpool_add(pool, r->algo_raw);
    out->data_enc_raw = strpool_add(pool, r->data_enc_raw);
    if (out->kms_key_id && out->algo_raw && out->data_enc_raw)
        return true;
    *out = (struct sse_rule_packed){ "", "", "", SSE_ALGO_NONE, SSE_DATA_ENC_NONE };
    return false;
}

void
sse_rule_unpack(const struct sse_rule_packed *p, struct sse_rule *out)
{
    memset(out, 0, sizeof *out);
    out->algo = (enum sse_algo)p->algo;
    out->data_enc = (enum sse_data_enc)p->data_enc;
    if (p->kms_key_id)
        sse_strlcpy(out->kms_key_id, p->kms_key_id, sizeof out->kms_key_id);
    if (p->algo_raw)
        sse_strlcpy(out->algo_raw, p->algo_raw, sizeof out->algo_raw);
    if (p->data_enc_raw)
        sse_strlcpy(out->data_enc_raw, p->data_enc_raw, sizeof out->data_enc_raw);
}

/* The rule as text, in the user's language when words, else in fixed English. */
static char *
describe(const struct sse_rule *r, char *buf, unsigned long size, bool words)
{
    bool sm4 = r->data_enc == SSE_DATA_ENC_SM4;
    if (r->algo == SSE_ALGO_UNKNOWN)
        snprintf(buf, size, WORDS(words, "unknown algorithm \"%s\""), r->algo_raw);
    else if (r->algo == SSE_ALGO_KMS && r->data_enc == SSE_DATA_ENC_UNKNOWN && r->kms_key_id[0])
        snprintf(buf, size, WORDS(words, "KMS (CMK %s, unknown data encryption \"%s\")"),
                 r->kms_key_id, r->data_enc_raw);
    else if (r->algo == SSE_ALGO_KMS && r->data_enc == SSE_DATA_ENC_UNKNOWN)
        snprintf(buf, size, WORDS(words, "KMS (OSS-managed CMK, unknown data encryption \"%s\")"),
                 r->data_enc_raw);
    else if (r->algo == SSE_ALGO_KMS && r->kms_key_id[0])
        snprintf(buf, size, sm4 ? WORDS(words, "KMS (CMK %s, SM4 data encryption)")
                                : WORDS(words, "KMS (CMK %s)"), r->kms_key_id);
    else if (r->algo == SSE_ALGO_KMS)
        snprintf(buf, size, "%s", sm4 ? WORDS(words, "KMS (OSS-managed CMK, SM4 data encryption)")
                                      : WORDS(words, "KMS (OSS-managed CMK)"));
    else if (r->algo == SSE_ALGO_NONE)
        snprintf(buf, size, "%s", WORDS(words, "none"));
    else
        snprintf(buf, size, "%s", sse_algo_name(r->algo));
    return buf;
}

char *
sse_rule_describe(const struct sse_rule *r, char *buf, unsigned long size)
{
    return describe(r, buf, size, false);
}

char *
sse_rule_words(const struct sse_rule *r, char *buf, unsigned long size)
{
    return describe(r, buf, size, true);
}
