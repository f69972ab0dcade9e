/* policy.c — policy file (libconfig) → validated rules; first-match judgement of each bucket. */
#include "policy/policy.h"

#include <fnmatch.h>
#include <libconfig.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/sanitize.h"
#include "core/validate.h"

#define NKEYS(a) (sizeof(a) / sizeof((a)[0]))
/* Text from the file or a server, made safe to quote in a message, cut to fit. */
#define SHOWN(buf, s) (sanitize_text((s), (buf), sizeof(buf)), (buf))

static const char *const top_keys[] = {"version", "rules"};
static const char *const rule_keys[] = {"profile", "buckets", "require", "kms_key_id",
                                        "kms_data_encryption", "apply"};
static const char *const require_names[] = {"AES256", "KMS", "SM4", "any"};
static const char *const apply_names[] = {"AES256", "KMS", "SM4"};

/* ---- names ---------------------------------------------------------------------------------- */

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
policy_require_name(enum policy_require r)
{
    return (unsigned)r < NKEYS(require_names) ? require_names[r] : "any";
}

char *
policy_rule_describe(const struct policy_rule *r, char *buf, size_t size)
{
    if (!size)
        return buf;
    switch (r->require) {
    case POLICY_REQUIRE_KMS: {
        char key[SSE_KMS_KEY_MAX];
        snprintf(buf, size, "KMS (%s%s%s)", r->kms_key_id[0] ? "CMK " : "any CMK",
                 r->kms_key_id[0] ? SHOWN(key, r->kms_key_id) : "",
                 r->kms_data_enc == SSE_DATA_ENC_SM4 ? ", SM4 data encryption" : "");
        break;
    }
    case POLICY_REQUIRE_ANY:
        snprintf(buf, size, "any (apply sets %s)", sse_algo_name(r->apply));
        break;
    default:
        snprintf(buf, size, "%s", policy_require_name(r->require));
        break;
    }
    return buf;
}

/* ---- globs ---------------------------------------------------------------------------------- */

static bool
bucket_char(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
}

static bool
profile_char(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '-' || c == '_' || c == '.';
}

static bool
known_class(const char *name, size_t len)
{
    static const char *const classes[] = {"alnum", "alpha", "blank", "cntrl", "digit", "graph",
                                          "lower", "print", "punct", "space", "upper", "xdigit"};
    for (size_t i = 0; i < NKEYS(classes); i++)
        if (strlen(classes[i]) == len && strncmp(classes[i], name, len) == 0)
            return true;
    return false;
}

/* Index just past the bracket expression opening at g[i] ('['), or 0 when it never closes.
 * Follows fnmatch(3): a ']' first (after '!' or '^') is literal, '\' escapes, and [:class:],
 * [.sym.] and [=equiv=] nest. *bad_class gets the index of a [:class:] fnmatch does not know
 * (it would make the whole pattern match nothing), else stays put. */
static size_t
bracket_end(const char *g, size_t i, size_t *bad_class)
{
    size_t j = i + 1;
    if (g[j] == '!' || g[j] == '^')
        j++;
    if (g[j] == ']')
        j++;
    while (g[j] && g[j] != ']') {
        if (g[j] == '\\' && g[j + 1]) {
            j += 2;
        } else if (g[j] == '[' && (g[j + 1] == ':' || g[j + 1] == '.' || g[j + 1] == '=')) {
            char kind = g[j + 1];
            const char *close = NULL;
            for (size_t k = j + 2; g[k] && g[k + 1]; k++) {
                if (g[k] == kind && g[k + 1] == ']') {
                    close = g + k;
                    break;
                }
            }
            if (!close)
                return 0;
            if (kind == ':' && !known_class(g + j + 2, (size_t)(close - g) - (j + 2)))
                *bad_class = j;
            j = (size_t)(close - g) + 2;
        } else {
            j++;
        }
    }
    return g[j] == ']' ? j + 1 : 0;
}

/* Why glob is not a usable pattern over names made of chars accepted by ok, or NULL when it is.
 * fnmatch(3) silently takes an unbalanced '[' literally; here that is a mistake worth naming. */
static const char *
glob_problem(const char *g, bool (*ok)(unsigned char), const char *charset, char *buf,
             size_t size)
{
    for (size_t i = 0; g[i];) {
        unsigned char c = (unsigned char)g[i];
        if (c == '*' || c == '?') {
            i++;
            continue;
        }
        if (c == '[') {
            size_t bad = (size_t)-1, end = bracket_end(g, i, &bad);
            if (!end) {
                snprintf(buf, size, "'[' at position %zu has no closing ']'", i + 1);
                return buf;
            }
            if (bad != (size_t)-1) {
                snprintf(buf, size, "the character class at position %zu is not one of [:alnum:], "
                                    "[:alpha:], [:digit:], [:lower:], [:upper:], [:xdigit:], ...",
                         bad + 1);
                return buf;
            }
            i = end;
            continue;
        }
        if (c == '\\') {
            if (!g[i + 1]) {
                snprintf(buf, size, "it ends with a lone '\\'; write \\\\ for a backslash");
                return buf;
            }
            c = (unsigned char)g[++i];
        }
        if (!ok(c)) {
            /* A literal that no name can contain: the pattern would silently match nothing. */
            if (c > 0x20 && c < 0x7f)
                snprintf(buf, size, "it can never match: it has '%c' at position %zu, and %s",
                         c, i + 1, charset);
            else
                snprintf(buf, size, "it can never match: it has a space, control or non-ASCII "
                                    "byte at position %zu, and %s", i + 1, charset);
            return buf;
        }
        i++;
    }
    return NULL;
}

static bool
glob_match(const char *glob, const char *name)
{
    /* No FNM_PATHNAME or FNM_PERIOD: names have no '/' and a leading '.' is nothing special. */
    return fnmatch(glob, name ? name : "", 0) == 0;
}

/* "*", "**", ...: matches every name. */
static bool
glob_all(const char *g)
{
    if (!*g)
        return false;
    for (; *g; g++)
        if (*g != '*')
            return false;
    return true;
}

/* ---- the loader ----------------------------------------------------------------------------- */

struct loader {
    const char *file;            /* name used in messages */
    const char *include_dir;     /* where @include looks, or NULL */
    struct sse_diag *errors;
    size_t nerrors;              /* counted even when errors is NULL or full */
    bool nomem;
};

static const char *
type_name(const config_setting_t *s)
{
    switch (config_setting_type(s)) {
    case CONFIG_TYPE_GROUP: return "a group { }";
    case CONFIG_TYPE_INT:
    case CONFIG_TYPE_INT64: return "an integer";
    case CONFIG_TYPE_FLOAT: return "a decimal number";
    case CONFIG_TYPE_STRING: return "a string";
    case CONFIG_TYPE_BOOL: return "true/false";
    case CONFIG_TYPE_ARRAY: return "an array [ ]";
    case CONFIG_TYPE_LIST: return "a list ( )";
    default: return "nothing";
    }
}

/* An error at the setting's line (or the file's, when at is NULL). */
static void __attribute__((format(printf, 3, 4)))
error_at(struct loader *ld, const config_setting_t *at, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    ld->nerrors++;
    /* A setting from an @include'd file names that file (libconfig keeps the name as written). */
    const char *file = at && config_setting_source_file(at) ? config_setting_source_file(at)
                                                             : ld->file;
    const char *dir = file != ld->file && file[0] != '/' && ld->include_dir ? ld->include_dir : NULL;
    unsigned line = at ? config_setting_source_line(at) : 0;
    if (line)
        sse_diag_add(ld->errors, "%s%s%s:%u: %s", dir ? dir : "", dir ? "/" : "", file, line, msg);
    else
        sse_diag_add(ld->errors, "%s%s%s: %s", dir ? dir : "", dir ? "/" : "", file, msg);
}

/* "a, b, c" into buf. */
static void
join_names(char *buf, size_t size, const char *const *names, size_t n)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        int w = snprintf(buf + used, size - used, "%s%s", i ? ", " : "", names[i]);
        if (w < 0 || (size_t)w >= size - used)
            return;
        used += (size_t)w;
    }
}

static void
check_keys(struct loader *ld, const config_setting_t *group, const char *const *keys, size_t nkeys,
           const char *where)
{
    int n = config_setting_length(group);
    for (int i = 0; i < n; i++) {
        const config_setting_t *m = config_setting_get_elem(group, (unsigned)i);
        const char *name = config_setting_name(m);
        if (!name)
            continue;
        bool known = false;
        for (size_t k = 0; k < nkeys && !known; k++)
            known = strcmp(name, keys[k]) == 0;
        if (known)
            continue;
        const char *hint = config_suggest(name, keys, nkeys);
        if (hint) {
            error_at(ld, m, "unknown key \"%s\" %s (did you mean \"%s\"?)", name, where, hint);
        } else {
            char list[256];
            join_names(list, sizeof list, keys, nkeys);
            error_at(ld, m, "unknown key \"%s\" %s; known keys: %s", name, where, list);
        }
    }
}

/* The member's string, or NULL (absent, or wrong type — reported with `expect`). */
static const char *
get_string(struct loader *ld, const config_setting_t *group, const char *key, const char *path,
           const char *expect)
{
    const config_setting_t *s = config_setting_get_member(group, key);
    if (!s)
        return NULL;
    if (config_setting_type(s) != CONFIG_TYPE_STRING) {
        error_at(ld, s, "%s must be %s, not %s", path, expect, type_name(s));
        return NULL;
    }
    return config_setting_get_string(s);
}

/* Index of s among names (case-insensitive), or -1. */
static int
name_index(const char *s, const char *const *names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcasecmp(s, names[i]) == 0)
            return (int)i;
    return -1;
}

/* " (did you mean "X"?)" or "" into buf. */
static const char *
did_you_mean(const char *word, const char *const *names, size_t n, char *buf, size_t size)
{
    const char *hint = config_suggest(word, names, n);
    if (hint)
        snprintf(buf, size, " (did you mean \"%s\"?)", hint);
    else
        buf[0] = '\0';
    return buf;
}

static void
load_profile_glob(struct loader *ld, const config_setting_t *g, const char *pfx,
                  struct policy_rule *r)
{
    char path[96];
    snprintf(path, sizeof path, "%s.profile", pfx);
    const config_setting_t *s = config_setting_get_member(g, "profile");
    const char *v = get_string(ld, g, "profile", path,
                               "a profile name or glob in double quotes, like \"prod*\"");
    if (s && v) {
        char sh[160], why[160];
        const char *problem = glob_problem(v, profile_char,
                                           "profile names have only letters, digits, '.', '_' "
                                           "and '-'", why, sizeof why);
        if (!*v)
            error_at(ld, s, "%s is empty; give a profile name or glob like \"prod*\", or leave "
                            "it out to match every profile", path);
        else if (problem)
            error_at(ld, s, "%s \"%.100s\": %s", path, SHOWN(sh, v), problem);
        else if (!(r->profile = strdup(v)))
            ld->nomem = true;
        return;
    }
    if (!s && !(r->profile = strdup("*")))
        ld->nomem = true;
}

static void
load_bucket_globs(struct loader *ld, const config_setting_t *g, const char *pfx,
                  struct policy_rule *r)
{
    const config_setting_t *list = config_setting_get_member(g, "buckets");
    if (!list) {
        error_at(ld, g, "%s has no buckets; add buckets = ( \"pattern\" ); with bucket names or "
                        "globs such as \"logs-*\"", pfx);
        return;
    }
    int t = config_setting_type(list);
    if (t != CONFIG_TYPE_LIST && t != CONFIG_TYPE_ARRAY) {
        error_at(ld, list, "%s.buckets must be a list of bucket names or globs, like "
                           "( \"logs-*\", \"finance-?\" ), not %s", pfx, type_name(list));
        return;
    }
    int n = config_setting_length(list);
    if (n <= 0) {
        error_at(ld, list, "%s.buckets is empty; list at least one bucket name or glob, like "
                           "( \"logs-*\" )", pfx);
        return;
    }
    if (!(r->buckets = calloc((size_t)n, sizeof *r->buckets))) {
        ld->nomem = true;
        return;
    }
    for (int i = 0; i < n; i++) {
        const config_setting_t *e = config_setting_get_elem(list, (unsigned)i);
        if (config_setting_type(e) != CONFIG_TYPE_STRING) {
            error_at(ld, e, "%s.buckets[%d] must be a bucket name or glob in double quotes, not %s",
                     pfx, i, type_name(e));
            continue;
        }
        const char *v = config_setting_get_string(e);
        char sh[160], why[200];
        const char *problem = glob_problem(v, bucket_char,
                                           "bucket names have only a-z, 0-9 and '-'", why,
                                           sizeof why);
        if (!*v) {
            error_at(ld, e, "%s.buckets[%d] is empty; give a bucket name or glob like \"logs-*\"",
                     pfx, i);
        } else if (problem) {
            error_at(ld, e, "%s.buckets[%d] \"%.100s\": %s", pfx, i, SHOWN(sh, v), problem);
        } else if (!(r->buckets[r->nbuckets] = strdup(v))) {
            ld->nomem = true;
            return;
        } else {
            r->nbuckets++;
        }
    }
}

static void
load_require(struct loader *ld, const config_setting_t *g, const char *pfx, struct policy_rule *r,
             bool *ok)
{
    char path[96], sh[96], hint[48];
    snprintf(path, sizeof path, "%s.require", pfx);
    const config_setting_t *s = config_setting_get_member(g, "require");
    const char *v = get_string(ld, g, "require", path,
                               "a string: \"AES256\", \"KMS\", \"SM4\" or \"any\"");
    *ok = false;
    if (!s) {
        error_at(ld, g, "%s has no require; add require = \"AES256\"; (or \"KMS\", \"SM4\", "
                        "\"any\")", pfx);
    } else if (v) {
        int k = name_index(v, require_names, NKEYS(require_names));
        if (k >= 0) {
            r->require = (enum policy_require)k;
            *ok = true;
        } else if (strcasecmp(v, "none") == 0) {
            error_at(ld, s, "%s must be \"AES256\", \"KMS\", \"SM4\" or \"any\", not \"none\"; a "
                            "policy cannot require a bucket to be unencrypted", path);
        } else {
            error_at(ld, s, "%s must be \"AES256\", \"KMS\", \"SM4\" or \"any\", not \"%.60s\"%s",
                     path, SHOWN(sh, v),
                     did_you_mean(v, require_names, NKEYS(require_names), hint, sizeof hint));
        }
    }
}

/* kms_key_id and kms_data_encryption; `known` says whether r->require could be read. */
static void
load_kms(struct loader *ld, const config_setting_t *g, const char *pfx, struct policy_rule *r,
         bool known)
{
    char path[96], sh[96];
    snprintf(path, sizeof path, "%s.kms_key_id", pfx);
    const config_setting_t *s = config_setting_get_member(g, "kms_key_id");
    const char *v = get_string(ld, g, "kms_key_id", path, "a CMK ID in double quotes");
    if (s && v) {
        if (known && r->require != POLICY_REQUIRE_KMS) {
            error_at(ld, s, "%s is only allowed with require = \"KMS\", not \"%s\"", path,
                     policy_require_name(r->require));
        } else if (!*v) {
            error_at(ld, s, "%s is empty; leave it out to accept any CMK", path);
        } else if (strlen(v) >= sizeof r->kms_key_id) {
            error_at(ld, s, "%s is too long (at most %zu bytes)", path, sizeof r->kms_key_id - 1);
        } else {
            /* The same CMK checks as before a write: apply will send this ID. */
            struct sse_rule probe = {.algo = SSE_ALGO_KMS};
            struct sse_error verr;
            sse_error_clear(&verr);
            memcpy(probe.kms_key_id, v, strlen(v) + 1);
            if (validate_rule(&probe, &verr) != SSE_OK)
                error_at(ld, s, "%s: %s", path, verr.message);
            else
                memcpy(r->kms_key_id, v, strlen(v) + 1);
        }
    }

    snprintf(path, sizeof path, "%s.kms_data_encryption", pfx);
    s = config_setting_get_member(g, "kms_data_encryption");
    v = get_string(ld, g, "kms_data_encryption", path, "the string \"SM4\"");
    if (s && v) {
        if (known && r->require != POLICY_REQUIRE_KMS)
            error_at(ld, s, "%s is only allowed with require = \"KMS\", not \"%s\"", path,
                     policy_require_name(r->require));
        else if (strcasecmp(v, "SM4") != 0)
            error_at(ld, s, "%s must be \"SM4\", not \"%.60s\"; leave it out to accept either",
                     path, SHOWN(sh, v));
        else
            r->kms_data_enc = SSE_DATA_ENC_SM4;
    }
}

static void
load_apply(struct loader *ld, const config_setting_t *g, const char *pfx, struct policy_rule *r,
           bool known)
{
    char path[96], sh[96], hint[48];
    snprintf(path, sizeof path, "%s.apply", pfx);
    r->apply = SSE_ALGO_AES256;
    const config_setting_t *s = config_setting_get_member(g, "apply");
    const char *v = get_string(ld, g, "apply", path, "a string: \"AES256\", \"KMS\" or \"SM4\"");
    if (!s || !v)
        return;
    int k = name_index(v, apply_names, NKEYS(apply_names));
    if (known && r->require != POLICY_REQUIRE_ANY)
        error_at(ld, s, "%s is only allowed with require = \"any\" (apply writes what require "
                        "names), not \"%s\"", path, policy_require_name(r->require));
    else if (k < 0)
        error_at(ld, s, "%s must be \"AES256\", \"KMS\" or \"SM4\", not \"%.60s\"%s", path,
                 SHOWN(sh, v), did_you_mean(v, apply_names, NKEYS(apply_names), hint, sizeof hint));
    else
        r->apply = k == 0 ? SSE_ALGO_AES256 : k == 1 ? SSE_ALGO_KMS : SSE_ALGO_SM4;
}

static void
load_rule(struct loader *ld, const config_setting_t *g, int idx, struct policy_rule *r)
{
    char pfx[32];
    snprintf(pfx, sizeof pfx, "rules[%d]", idx);
    r->line = (int)config_setting_source_line(g);
    char where[48];
    snprintf(where, sizeof where, "in %s", pfx);
    check_keys(ld, g, rule_keys, NKEYS(rule_keys), where);
    load_profile_glob(ld, g, pfx, r);
    if (ld->nomem)
        return;
    load_bucket_globs(ld, g, pfx, r);
    if (ld->nomem)
        return;
    bool known;
    load_require(ld, g, pfx, r, &known);
    load_kms(ld, g, pfx, r, known);
    load_apply(ld, g, pfx, r, known);
}

/* Index of the first rule before j that catches every bucket glob catches under rule j's profile
 * (a catch-all, or the very same glob under the same or a catch-all profile), or -1. */
static int
covered_by(const struct policy *p, size_t j, const char *glob)
{
    const struct policy_rule *rj = &p->rules[j];
    for (size_t i = 0; i < j; i++) {
        const struct policy_rule *ri = &p->rules[i];
        if (!ri->profile || !(glob_all(ri->profile) || strcmp(ri->profile, rj->profile) == 0))
            continue;
        for (size_t c = 0; c < ri->nbuckets; c++)
            if (glob_all(ri->buckets[c]) || strcmp(ri->buckets[c], glob) == 0)
                return (int)i;
    }
    return -1;
}

/* A later rule (or one of its globs) that an earlier one always catches first is dead text: the
 * admin meant something else. Only exact cover is detected, not glob inclusion in general. */
static void
check_shadowed(struct loader *ld, const config_setting_t *list, const struct policy *p)
{
    for (size_t j = 1; j < p->nrules; j++) {
        const struct policy_rule *rj = &p->rules[j];
        const config_setting_t *g = config_setting_get_elem(list, (unsigned)j);
        const config_setting_t *bl = config_setting_get_member(g, "buckets");
        /* Skip rules already reported: their globs no longer line up with the file's. */
        if (!rj->profile || !rj->nbuckets || config_setting_length(bl) != (int)rj->nbuckets)
            continue;
        size_t covered = 0;
        int first = -1;
        for (size_t b = 0; b < rj->nbuckets; b++) {
            int who = covered_by(p, j, rj->buckets[b]);
            if (who >= 0 && covered++ == 0)
                first = who;
        }
        if (!covered)
            continue;
        if (covered == rj->nbuckets) {
            error_at(ld, g, "rules[%zu] can never match: rules[%d] (line %d) comes first and "
                            "catches every bucket it names; the first matching rule wins, so "
                            "move it up or remove it", j, first, p->rules[first].line);
            continue;
        }
        for (size_t b = 0; b < rj->nbuckets; b++) {
            int who = covered_by(p, j, rj->buckets[b]);
            if (who < 0)
                continue;
            char sh[160];
            error_at(ld, config_setting_get_elem(bl, (unsigned)b),
                     "rules[%zu].buckets[%zu] \"%.100s\" can never match: rules[%d] (line %d) "
                     "comes first and catches it; the first matching rule wins", j, b,
                     SHOWN(sh, rj->buckets[b]), who, p->rules[who].line);
        }
    }
}

static void
load_root(struct loader *ld, const config_setting_t *root, struct policy *p)
{
    check_keys(ld, root, top_keys, NKEYS(top_keys), "at the top level");

    const config_setting_t *vs = config_setting_get_member(root, "version");
    if (!vs) {
        error_at(ld, NULL, "has no version; add version = %d; at the top", POLICY_VERSION);
    } else {
        int t = config_setting_type(vs);
        if (t != CONFIG_TYPE_INT && t != CONFIG_TYPE_INT64)
            error_at(ld, vs, "version must be %d, not %s", POLICY_VERSION, type_name(vs));
        else if (config_setting_get_int64(vs) != POLICY_VERSION)
            error_at(ld, vs, "version must be %d, not %lld (this sseadm reads version %d policies)",
                     POLICY_VERSION, (long long)config_setting_get_int64(vs), POLICY_VERSION);
    }

    const config_setting_t *rl = config_setting_get_member(root, "rules");
    if (!rl) {
        error_at(ld, NULL, "has no rules; add rules = ( { buckets = ( \"*\" ); require = "
                           "\"any\"; } );");
        return;
    }
    if (config_setting_type(rl) != CONFIG_TYPE_LIST) {
        error_at(ld, rl, "rules must be a list of groups, like ( { buckets = ( \"*\" ); require = "
                         "\"any\"; } ), not %s", type_name(rl));
        return;
    }
    int n = config_setting_length(rl);
    if (n == 0) {
        error_at(ld, rl, "rules is empty; add at least one rule, like { buckets = ( \"*\" ); "
                         "require = \"any\"; }");
        return;
    }
    if (!(p->rules = calloc((size_t)n, sizeof *p->rules))) {
        ld->nomem = true;
        return;
    }
    p->nrules = (size_t)n; /* all slots are freed; invalid ones are never used (load fails) */
    for (int i = 0; i < n && !ld->nomem; i++) {
        const config_setting_t *g = config_setting_get_elem(rl, (unsigned)i);
        if (config_setting_type(g) != CONFIG_TYPE_GROUP) {
            error_at(ld, g, "rules[%d] must be a group { buckets = ( ... ); require = \"...\"; }, "
                            "not %s", i, type_name(g));
            continue;
        }
        load_rule(ld, g, i, &p->rules[i]);
    }
    if (!ld->nomem)
        check_shadowed(ld, rl, p);
}

void
policy_free(struct policy *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->nrules; i++) {
        struct policy_rule *r = &p->rules[i];
        for (size_t b = 0; b < r->nbuckets; b++)
            free(r->buckets[b]);
        free(r->buckets);
        free(r->profile);
    }
    free(p->rules);
    free(p->path);
    free(p);
}

static enum sse_status
load_text(const char *text, const char *name, bool from_file, struct policy **out,
          struct sse_diag *errors)
{
    *out = NULL;
    struct policy *p = calloc(1, sizeof *p);
    if (!p || !(p->path = strdup(name))) {
        free(p);
        return SSE_ERR_NOMEM;
    }
    struct loader ld = {.file = name, .errors = errors};

    config_t lc;
    config_init(&lc);
    /* An @include'd file is looked up next to this one, not in the current directory. */
    char dir[4096];
    const char *slash = strrchr(name, '/');
    if (from_file && slash && (size_t)(slash - name) < sizeof dir) {
        memcpy(dir, name, (size_t)(slash - name));
        dir[slash - name] = '\0';
        ld.include_dir = dir[0] ? dir : "/";
        config_set_include_dir(&lc, ld.include_dir);
    }
    if (!config_read_string(&lc, text)) {
        const char *f = config_error_file(&lc) ? config_error_file(&lc) : name;
        const char *fdir = config_error_file(&lc) && f[0] != '/' ? ld.include_dir : NULL;
        const char *what = config_error_text(&lc) ? config_error_text(&lc) : "syntax error";
        char where[4400];
        snprintf(where, sizeof where, "%s%s%s:%d", fdir ? fdir : "", fdir ? "/" : "", f,
                 config_error_line(&lc));
        if (strcmp(what, "duplicate setting name") == 0)
            sse_diag_add(errors, "%s: a key is set twice in the same group; keep one", where);
        else if (strcmp(what, "syntax error") == 0)
            sse_diag_add(errors, "%s: syntax error; expected key = value; with strings in double "
                                 "quotes, lists in ( ) and groups in { }", where);
        else
            sse_diag_add(errors, "%s: %s", where, what);
        config_destroy(&lc);
        policy_free(p);
        return SSE_ERR_CONFIG;
    }
    load_root(&ld, config_root_setting(&lc), p);
    config_destroy(&lc);
    if (ld.nomem || ld.nerrors) {
        policy_free(p);
        return ld.nomem ? SSE_ERR_NOMEM : SSE_ERR_CONFIG;
    }
    *out = p;
    return SSE_OK;
}

enum sse_status
policy_load(const char *path, struct policy **out, struct sse_diag *errors)
{
    *out = NULL;
    char *text;
    size_t len;
    enum sse_status st = config_read_text(path, &text, &len, NULL, errors);
    if (st != SSE_OK)
        return st;
    if (memchr(text, '\0', len)) {
        sse_diag_add(errors, "%s: has a NUL byte; a policy is a text file", path);
        st = SSE_ERR_CONFIG;
    } else {
        st = load_text(text, path, true, out, errors);
    }
    free(text);
    return st;
}

enum sse_status
policy_load_string(const char *text, const char *name, struct policy **out,
                   struct sse_diag *errors)
{
    return load_text(text, name ? name : "(string)", false, out, errors);
}

/* ---- judgement ------------------------------------------------------------------------------ */

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

/* Appends one difference to why, "; "-separated; the text is cut, never overrun. */
static void __attribute__((format(printf, 2, 3)))
why_add(struct policy_check *out, const char *fmt, ...)
{
    size_t used = strlen(out->why);
    if (used + 3 >= sizeof out->why)
        return;
    if (used) {
        memcpy(out->why + used, "; ", 3);
        used += 2;
    }
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(out->why + used, sizeof out->why - used, fmt, ap);
    va_end(ap);
}

/* "algorithm is X, policy requires Y" and its variants for no and unknown encryption. */
static void
why_algo(struct policy_check *out, const struct sse_rule *cur, const char *want)
{
    char raw[SSE_ALGO_RAW_MAX * 3];
    /* Out-of-range values are treated like SSE_ALGO_UNKNOWN: never trusted as a known name. */
    bool unknown = (unsigned)cur->algo >= SSE_ALGO_UNKNOWN;
    if (cur->algo == SSE_ALGO_NONE)
        why_add(out, "no encryption, policy requires %s", want);
    else if (unknown && cur->algo_raw[0])
        why_add(out, "algorithm is \"%s\" (unknown to sseadm), policy requires %s",
                SHOWN(raw, cur->algo_raw), want);
    else if (unknown)
        why_add(out, "algorithm is unknown, policy requires %s", want);
    else
        why_add(out, "algorithm is %s, policy requires %s", sse_algo_name(cur->algo), want);
}

/* What apply writes for rule r over current state cur (see policy.h). Always passes
 * validate_rule: values kept from the server are dropped when they would not. */
static void
make_target(const struct policy_rule *r, const struct sse_rule *cur, struct sse_rule *t)
{
    memset(t, 0, sizeof *t);
    switch (r->require) {
    case POLICY_REQUIRE_AES256: t->algo = SSE_ALGO_AES256; return;
    case POLICY_REQUIRE_SM4: t->algo = SSE_ALGO_SM4; return;
    case POLICY_REQUIRE_ANY: t->algo = r->apply; return;
    case POLICY_REQUIRE_KMS: break;
    }
    t->algo = SSE_ALGO_KMS;
    bool on_kms = cur->algo == SSE_ALGO_KMS;
    if (r->kms_key_id[0])
        memcpy(t->kms_key_id, r->kms_key_id, sizeof t->kms_key_id);
    else if (on_kms)
        memcpy(t->kms_key_id, cur->kms_key_id, sizeof t->kms_key_id);
    t->kms_key_id[sizeof t->kms_key_id - 1] = '\0';
    t->data_enc = r->kms_data_enc == SSE_DATA_ENC_SM4 || (on_kms && cur->data_enc == SSE_DATA_ENC_SM4)
                      ? SSE_DATA_ENC_SM4 : SSE_DATA_ENC_NONE;
    if (validate_rule(t, NULL) != SSE_OK)
        t->kms_key_id[0] = '\0'; /* a kept server CMK ID that could not be written back */
}

void
policy_check_bucket(const struct policy *p, const char *profile, const char *bucket,
                    const struct sse_rule *current, struct policy_check *out)
{
    memset(out, 0, sizeof *out);
    out->rule_index = policy_match(p, profile, bucket);
    if (out->rule_index < 0) {
        out->verdict = POLICY_UNMANAGED;
        snprintf(out->why, sizeof out->why, "no policy rule matches this bucket");
        return;
    }
    const struct policy_rule *r = &p->rules[out->rule_index];
    out->rule_line = r->line;
    if (!current) {
        out->verdict = POLICY_UNKNOWN;
        snprintf(out->why, sizeof out->why, "encryption state is not known");
        return;
    }

    const char *want = policy_require_name(r->require);
    switch (r->require) {
    case POLICY_REQUIRE_ANY:
        /* An algorithm this tool cannot name is still encryption. */
        if (current->algo == SSE_ALGO_NONE)
            why_algo(out, current, want);
        break;
    case POLICY_REQUIRE_AES256:
    case POLICY_REQUIRE_SM4:
        if (current->algo != (r->require == POLICY_REQUIRE_SM4 ? SSE_ALGO_SM4 : SSE_ALGO_AES256))
            why_algo(out, current, want);
        break;
    case POLICY_REQUIRE_KMS:
        if (current->algo != SSE_ALGO_KMS) {
            why_algo(out, current, want);
            break;
        }
        if (r->kms_key_id[0] && strcmp(current->kms_key_id, r->kms_key_id) != 0) {
            char have[SSE_KMS_KEY_MAX], need[SSE_KMS_KEY_MAX];
            SHOWN(need, r->kms_key_id);
            if (current->kms_key_id[0])
                why_add(out, "CMK ID is %s, policy requires %s", SHOWN(have, current->kms_key_id),
                        need);
            else
                why_add(out, "CMK ID is none (OSS-managed CMK), policy requires %s", need);
        }
        if (r->kms_data_enc == SSE_DATA_ENC_SM4 && current->data_enc != SSE_DATA_ENC_SM4)
            why_add(out, "data encryption is %s, policy requires SM4",
                    sse_data_enc_name(current->data_enc));
        break;
    }
    if (!out->why[0]) {
        out->verdict = POLICY_COMPLIANT;
        return;
    }
    out->verdict = POLICY_DRIFTED;
    make_target(r, current, &out->target);
}
