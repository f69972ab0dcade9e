/* rule.h — a bucket's server-side encryption rule and the names of its parts. */
#ifndef SSE_CORE_RULE_H
#define SSE_CORE_RULE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/strpool.h"

/* X(enum, wire name) — the wire name is what OSS's <SSEAlgorithm> carries. */
#define SSE_ALGO_TABLE(X)          \
    X(SSE_ALGO_NONE, "none")       \
    X(SSE_ALGO_AES256, "AES256")   \
    X(SSE_ALGO_KMS, "KMS")         \
    X(SSE_ALGO_SM4, "SM4")         \
    X(SSE_ALGO_UNKNOWN, "unknown")

enum sse_algo {
#define SSE_ALGO_ENUM(e, name) e,
    SSE_ALGO_TABLE(SSE_ALGO_ENUM)
#undef SSE_ALGO_ENUM
};

enum sse_data_enc { SSE_DATA_ENC_NONE, SSE_DATA_ENC_SM4, SSE_DATA_ENC_UNKNOWN };

#define SSE_KMS_KEY_MAX 256 /* bytes including the NUL */
#define SSE_ALGO_RAW_MAX 32
#define SSE_DATA_ENC_RAW_MAX 32

struct sse_rule {
    enum sse_algo algo;
    enum sse_data_enc data_enc;            /* only with KMS */
    char kms_key_id[SSE_KMS_KEY_MAX];      /* "" = OSS-managed CMK (only with KMS) */
    char algo_raw[SSE_ALGO_RAW_MAX];       /* the server's text when algo is SSE_ALGO_UNKNOWN */
    char data_enc_raw[SSE_DATA_ENC_RAW_MAX]; /* the server's text when data_enc is
                                              * SSE_DATA_ENC_UNKNOWN */
};

/* A rule kept compact (rows of a fleet of thousands, plans): its strings interned in a pool. */
struct sse_rule_packed {
    const char *kms_key_id;                /* "" = none; borrowed from the pool */
    const char *algo_raw;                  /* "" = none; borrowed from the pool */
    const char *data_enc_raw;              /* "" = none; borrowed from the pool */
    uint8_t algo;                          /* enum sse_algo */
    uint8_t data_enc;                      /* enum sse_data_enc */
};

/* Packs r, its strings interned in pool. False when out of memory (out is then zeroed: none). */
bool sse_rule_pack(const struct sse_rule *r, struct strpool *pool, struct sse_rule_packed *out);
/* The packed rule as a whole one again. */
void sse_rule_unpack(const struct sse_rule_packed *p, struct sse_rule *out);

/* "AES256", "KMS", "SM4", "none" or "unknown". */
const char *sse_algo_name(enum sse_algo a);
/* "SM4" or "none" (or "unknown"). */
const char *sse_data_enc_name(enum sse_data_enc d);
/* Accepts the wire names case-insensitively ("aes256", "Kms"); "none" too. False when not known. */
bool sse_algo_parse(const char *s, enum sse_algo *out);
bool sse_data_enc_parse(const char *s, enum sse_data_enc *out);
bool sse_rule_equal(const struct sse_rule *a, const struct sse_rule *b);
/* Short text in fixed English, for reports, logs and errors: "AES256", "KMS (CMK ID, SM4 data
 * encryption)", "KMS (OSS-managed CMK, unknown data encryption "X")", "none". Unsanitized (the
 * server's text): callers sanitize. Writes into buf; returns buf. */
char *sse_rule_describe(const struct sse_rule *r, char *buf, unsigned long size);
/* The same in the user's language (gettext), for messages, questions and plans. */
char *sse_rule_words(const struct sse_rule *r, char *buf, unsigned long size);

#endif
