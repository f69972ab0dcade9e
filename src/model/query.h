/* query.h — the bucket list's filter as terms: the text typed after / parsed into terms (a name
 * substring, alg:, key:, profile:, region:, status:, policy:; each negatable with a leading !;
 * separated by spaces, all of them must hold), a term sseadm does not know refused with where it
 * is and why, and a fleet row matched against them. Pure: no drawing, no I/O. */
#ifndef SSE_MODEL_QUERY_H
#define SSE_MODEL_QUERY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/status.h"
#include "model/fleet.h"

#define QUERY_TEXT_MAX 128 /* bytes of the text typed, its NUL included */
#define QUERY_TERMS_MAX 16

enum query_field {
    QUERY_NAME,    /* a word alone: a substring of the bucket's name, any case */
    QUERY_ALG,     /* alg:none|aes256|kms|sm4 */
    QUERY_KEY,     /* key:ID or a part of it, any case (KMS rules with a CMK ID) */
    QUERY_PROFILE, /* profile:GLOB over the profile's name */
    QUERY_REGION,  /* region:GLOB over the region the bucket is asked in */
    QUERY_STATUS,  /* status:ok|error|loading|CODE (an error's code, any case) */
    QUERY_POLICY,  /* policy:compliant|drifted|unknown|unmanaged (needs a policy) */
    QUERY_FIELD_COUNT
};

/* status: terms. */
enum query_status { QUERY_STATUS_OK, QUERY_STATUS_ERROR, QUERY_STATUS_LOADING, QUERY_STATUS_CODE };

struct query_term {
    uint8_t field;   /* enum query_field */
    bool negated;    /* !term: the rows the term does not match */
    uint8_t value;   /* alg: enum sse_algo; status: enum query_status; policy: enum policy_verdict */
    uint8_t at, len; /* the term's text in query.text: name and key lower-cased, globs and
                      * codes as typed (NUL-terminated there) */
};

struct query {
    char text[QUERY_TEXT_MAX];     /* the terms' texts, each ended by a NUL */
    char typed[QUERY_TEXT_MAX];    /* what was typed, for showing */
    struct query_term terms[QUERY_TERMS_MAX];
    size_t count;                  /* 0: every row */
};

/* Why a text is not a filter: the term (its place in what was typed) and a sentence. */
struct query_error {
    size_t at, len;
    char message[200];
};

/* Parses typed (at most QUERY_TEXT_MAX - 1 bytes; more is refused) into q. has_policy: whether
 * policy: terms can mean anything (without a policy they are refused). SSE_ERR_INVALID with err
 * (q is then empty): an unknown field (with a did-you-mean), a value the field does not take, an
 * empty value, a lone !, a glob that cannot match, too many terms. */
enum sse_status query_parse(const char *typed, bool has_policy, struct query *q,
                            struct query_error *err);
/* The term's text (see query_term). */
const char *query_term_text(const struct query *q, size_t i);

/* True when row passes every term of q. name is the bucket's name lower-cased (len bytes), so a
 * caller that keeps such a copy (the list view) spares reading the row for name terms. */
bool query_match(const struct query *q, const struct fleet *f, size_t row, const char *name,
                 size_t len);
/* True when q's terms read only the name (or there are none): answers never change what passes. */
bool query_names_only(const struct query *q);
/* True when every row next passes also passes prev (next adds terms, or lengthens prev's last
 * name or key substring): a list can narrow what it shows instead of a pass over the fleet. */
bool query_narrows(const struct query *prev, const struct query *next);

/* The fields for help: "alg:", "none, aes256, kms or sm4: the algorithm" (the user's language). */
const char *query_field_syntax(enum query_field f);
const char *query_field_help(enum query_field f);

#endif
