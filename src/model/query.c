/* query.c — the list filter's terms: parsing (with where and why a term is refused), matching a
 * fleet row, and whether one filter narrows another. */
#define _GNU_SOURCE /* memmem */
#include "model/query.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "config/cfgfile.h"
#include "config/config.h"
#include "core/ascii.h"
#include "core/glob.h"
#include "core/i18n.h"
#include "core/sanitize.h"
#include "policy/judge.h"

static const struct {
    const char *name;   /* before the ':' ("" for a name) */
    const char *syntax; /* for help */
    const char *help;
} fields[QUERY_FIELD_COUNT] = {
    [QUERY_NAME] = { "", N_("WORD"), N_("the bucket's name contains WORD (any case)") },
    [QUERY_ALG] = { "alg", "alg:none|aes256|kms|sm4", N_("the bucket's algorithm") },
    [QUERY_KEY] = { "key", N_("key:ID"), N_("its CMK ID is ID or contains it (any case)") },
    [QUERY_PROFILE] = { "profile", N_("profile:GLOB"), N_("its profile's name matches GLOB (* ? [a-z])") },
    [QUERY_REGION] = { "region", N_("region:GLOB"), N_("the region it is asked in matches GLOB") },
    [QUERY_STATUS] = { "status", N_("status:ok|error|loading|CODE"),
                       N_("its last answer: ok, an error, none yet, or an error's code") },
    [QUERY_POLICY] = { "policy", "policy:compliant|drifted|unknown|unmanaged",
                       N_("its policy verdict (--policy)") },
};

const char *
query_field_syntax(enum query_field f)
{
    return (unsigned)f < QUERY_FIELD_COUNT ? _(fields[f].syntax) : "";
}

const char *
query_field_help(enum query_field f)
{
    return (unsigned)f < QUERY_FIELD_COUNT ? _(fields[f].help) : "";
}

const char *
query_term_text(const struct query *q, size_t i)
{
    return q->text + q->terms[i].at;
}

/* The value named word among names (any case), or -1. */
static int
pick(const char *word, const char *const *names, const int *values, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (ascii_casecmp(word, names[i]) == 0)
            return values[i];
    return -1;
}

static enum sse_status
refuse(struct query *q, struct query_error *err, size_t at, size_t len, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static enum sse_status
refuse(struct query *q, struct query_error *err, size_t at, size_t len, const char *fmt, ...)
{
    memset(q, 0, sizeof *q);
    if (err) {
        err->at = at;
        err->len = len;
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->message, sizeof err->message, fmt, ap);
        va_end(ap);
    }
    return SSE_ERR_INVALID;
}

/* The value of one field:value term (value is NUL-terminated in q->text at t->at). */
static enum sse_status
parse_value(struct query *q, struct query_term *t, bool has_policy, size_t at, size_t len,
            struct query_error *err)
{
    char *v = q->text + t->at;
    const char *field = fields[t->field].name;
    char sh[64], why[200];
    if (!*v)
        return refuse(q, err, at, len, _("%s: needs a value (%s)"), field,
                      _(fields[t->field].syntax));
    switch ((enum query_field)t->field) {
    case QUERY_ALG: {
        static const char *const names[] = { "none", "aes256", "kms", "sm4" };
        static const int values[] = { SSE_ALGO_NONE, SSE_ALGO_AES256, SSE_ALGO_KMS, SSE_ALGO_SM4 };
        int a = pick(v, names, values, 4);
        if (a < 0)
            return refuse(q, err, at, len, _("alg: takes none, aes256, kms or sm4, not \"%s\""),
                          SHOWN(sh, v));
        t->value = (uint8_t)a;
        return SSE_OK;
    }
    case QUERY_KEY:
        for (char *c = v; *c; c++)
            *c = (char)ascii_lower((unsigned char)*c);
        return SSE_OK;
    case QUERY_PROFILE:
        if (glob_problem(v, config_name_char,
                         "profile names have only letters, digits, '.', '_' and '-'", why,
                         sizeof why))
            return refuse(q, err, at, len, _("profile:%s: %s"), SHOWN(sh, v), why);
        return SSE_OK;
    case QUERY_REGION:
        if (glob_problem(v, glob_bucket_char, "region IDs have only a-z, 0-9 and '-'", why,
                         sizeof why))
            return refuse(q, err, at, len, _("region:%s: %s"), SHOWN(sh, v), why);
        return SSE_OK;
    case QUERY_STATUS: {
        static const char *const names[] = { "ok", "error", "loading" };
        static const int values[] = { QUERY_STATUS_OK, QUERY_STATUS_ERROR, QUERY_STATUS_LOADING };
        int s = pick(v, names, values, 3);
        t->value = (uint8_t)(s < 0 ? QUERY_STATUS_CODE : s);
        return SSE_OK;
    }
    case QUERY_POLICY: {
        static const char *const names[] = { "compliant", "drifted", "unknown", "unmanaged" };
        static const int values[] = { POLICY_COMPLIANT, POLICY_DRIFTED, POLICY_UNKNOWN,
                                      POLICY_UNMANAGED };
        if (!has_policy)
            return refuse(q, err, at, len, "%s",
                          _("policy: needs a policy: start sseadm with --policy FILE"));
        int p = pick(v, names, values, 4);
        if (p < 0)
            return refuse(q, err, at, len,
                          _("policy: takes compliant, drifted, unknown or unmanaged, not \"%s\""),
                          SHOWN(sh, v));
        t->value = (uint8_t)p;
        return SSE_OK;
    }
    default:
        return SSE_OK;
    }
}

enum sse_status
query_parse(const char *typed, bool has_policy, struct query *q, struct query_error *err)
{
    memset(q, 0, sizeof *q);
    if (err)
        memset(err, 0, sizeof *err);
    size_t n = strlen(typed);
    if (n >= QUERY_TEXT_MAX)
        return refuse(q, err, 0, n, _("The filter is too long (at most %d characters)."),
                      QUERY_TEXT_MAX - 1);
    memcpy(q->typed, typed, n + 1);
    memcpy(q->text, typed, n + 1);
    for (size_t k = 0; k < n; k++)
        if (q->text[k] == ' ' || q->text[k] == '\t')
            q->text[k] = '\0'; /* each term ends with a NUL */
    size_t i = 0;
    while (i < n) {
        if (!q->text[i]) {
            i++;
            continue;
        }
        size_t start = i;
        while (i < n && q->text[i])
            i++;
        size_t len = i - start;
        if (q->count == QUERY_TERMS_MAX)
            return refuse(q, err, start, len, _("At most %d terms."), QUERY_TERMS_MAX);
        struct query_term *t = &q->terms[q->count];
        memset(t, 0, sizeof *t);
        size_t at = start;
        if (q->text[at] == '!') {
            t->negated = true;
            at++;
            if (at == i)
                return refuse(q, err, start, len, "%s",
                              _("! stands before a term, e.g. !alg:none or !logs"));
        }
        char *colon = memchr(q->text + at, ':', i - at);
        if (!colon) {
            t->field = QUERY_NAME;
            for (size_t k = at; k < i; k++)
                q->text[k] = (char)ascii_lower((unsigned char)q->text[k]);
        } else {
            *colon = '\0';
            const char *name = q->text + at;
            int f = -1;
            for (int k = 1; k < QUERY_FIELD_COUNT && f < 0; k++)
                if (ascii_casecmp(name, fields[k].name) == 0)
                    f = k;
            if (f < 0) {
                const char *known[QUERY_FIELD_COUNT - 1];
                for (int k = 1; k < QUERY_FIELD_COUNT; k++)
                    known[k - 1] = fields[k].name;
                const char *close = cfgfile_suggest(name, known, QUERY_FIELD_COUNT - 1);
                char sh[48], hint[64] = "";
                if (close)
                    snprintf(hint, sizeof hint, _(" (did you mean %s:?)"), close);
                return refuse(q, err, start, len,
                              _("Unknown term %s:%s; known: alg: key: profile: region: status: "
                                "policy:"),
                              SHOWN(sh, name), hint);
            }
            t->field = (uint8_t)f;
            at = (size_t)(colon - q->text) + 1;
        }
        t->at = (uint8_t)at;
        t->len = (uint8_t)(i - at);
        if (t->field != QUERY_NAME && parse_value(q, t, has_policy, start, len, err) != SSE_OK)
            return SSE_ERR_INVALID;
        q->count++;
    }
    return SSE_OK;
}

static bool
contains(const char *hay, size_t n, const char *needle, size_t m)
{
    return m == 0 || (n >= m && memmem(hay, n, needle, m) != NULL);
}

/* One term, not negated. */
static bool
term_holds(const struct query *q, const struct query_term *t, const struct fleet *f, size_t row,
           const char *name, size_t len)
{
    const struct fleet_row *r = &f->rows[row];
    const char *v = q->text + t->at;
    switch ((enum query_field)t->field) {
    case QUERY_NAME:
        return contains(name, len, v, t->len);
    case QUERY_ALG:
        return r->rule_known && r->rule.algo == t->value;
    case QUERY_KEY: {
        if (!r->rule_known || r->rule.algo != SSE_ALGO_KMS || !r->rule.kms_key_id)
            return false;
        const char *k = r->rule.kms_key_id;
        size_t kl = strlen(k);
        char low[SSE_KMS_KEY_MAX];
        if (kl >= sizeof low)
            kl = sizeof low - 1;
        for (size_t i = 0; i < kl; i++)
            low[i] = (char)ascii_lower((unsigned char)k[i]);
        return kl && contains(low, kl, v, t->len);
    }
    case QUERY_PROFILE: {
        const struct oss_account *a = f->profiles[r->profile].account;
        return glob_match(v, a ? a->profile : "");
    }
    case QUERY_REGION:
        return glob_match(v, r->account ? r->account->region : "");
    case QUERY_STATUS:
        switch (t->value) {
        case QUERY_STATUS_OK: return r->state == FLEET_OK;
        case QUERY_STATUS_ERROR: return r->state == FLEET_ERROR;
        case QUERY_STATUS_LOADING: return r->state == FLEET_LOADING;
        default: {
            const struct sse_error *e = r->state == FLEET_ERROR ? fleet_error(f, row) : NULL;
            return e && ascii_casecmp(fleet_error_word(e), v) == 0;
        }
        }
    case QUERY_POLICY:
        return r->judgement.verdict == t->value;
    default:
        return false;
    }
}

bool
query_match(const struct query *q, const struct fleet *f, size_t row, const char *name,
            size_t len)
{
    for (size_t i = 0; i < q->count; i++) {
        const struct query_term *t = &q->terms[i];
        if (term_holds(q, t, f, row, name, len) == t->negated)
            return false;
    }
    return true;
}

bool
query_names_only(const struct query *q)
{
    for (size_t i = 0; i < q->count; i++)
        if (q->terms[i].field != QUERY_NAME)
            return false;
    return true;
}

static bool
same_term(const struct query *a, size_t i, const struct query *b, size_t j)
{
    const struct query_term *s = &a->terms[i], *t = &b->terms[j];
    return s->field == t->field && s->negated == t->negated && s->value == t->value &&
           s->len == t->len && memcmp(a->text + s->at, b->text + t->at, s->len) == 0;
}

bool
query_narrows(const struct query *prev, const struct query *next)
{
    if (next->count < prev->count)
        return false;
    for (size_t i = 0; i < prev->count; i++) {
        if (same_term(prev, i, next, i))
            continue;
        /* Only the last term may differ, and only by growing as a substring must. */
        const struct query_term *s = &prev->terms[i], *t = &next->terms[i];
        if (i + 1 != prev->count || s->field != t->field || s->negated || t->negated ||
            (s->field != QUERY_NAME && s->field != QUERY_KEY) ||
            !contains(next->text + t->at, t->len, prev->text + s->at, s->len))
            return false;
    }
    return true;
}
