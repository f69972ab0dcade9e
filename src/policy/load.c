/* load.c — policy file (libconfig) → validated rules, every problem reported with FILE:LINE. */
#include "policy/policy.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/cfgfile.h"
#include "config/config.h"
#include "core/glob.h"
#include "core/i18n.h"
#include "core/ascii.h"
#include "core/sanitize.h"
#include "core/validate.h"

static const char *const top_keys[] = {"version", "rules"};
static const char *const rule_keys[] = {"profile", "buckets", "require", "kms_key_id",
                                        "kms_data_encryption", "apply"};
static const char *const require_names[] = {"AES256", "KMS", "SM4", "any"};
static const char *const apply_names[] = {"AES256", "KMS", "SM4"};

/* ---- names ---------------------------------------------------------------------------------- */

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

/* ---- the loader ----------------------------------------------------------------------------- */

/* Index of s among names (case-insensitive), or -1. */
static int
name_index(const char *s, const char *const *names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (ascii_casecmp(s, names[i]) == 0)
            return (int)i;
    return -1;
}

static void
load_profile_glob(struct cfgfile *cf, const config_setting_t *g, const char *pfx,
                  struct policy_rule *r)
{
    char path[96];
    snprintf(path, sizeof path, "%s.profile", pfx);
    const config_setting_t *s = config_setting_get_member(g, "profile");
    const char *v = cfgfile_get_string(cf, g, "profile", path,
                                       "a profile name or glob in double quotes, like \"prod*\"");
    if (s && v) {
        char sh[160], why[160];
        const char *problem = glob_problem(v, config_name_char,
                                           "profile names have only letters, digits, '.', '_' "
                                           "and '-'", why, sizeof why);
        if (!*v)
            cfgfile_error(cf, s,
                          "%s is empty; give a profile name or glob like \"prod*\", or leave "
                          "it out to match every profile", path);
        else if (problem)
            cfgfile_error(cf, s, "%s \"%.100s\": %s", path, SHOWN(sh, v), problem);
        else if (!(r->profile = strdup(v)))
            cf->nomem = true;
        return;
    }
    if (!s && !(r->profile = strdup("*")))
        cf->nomem = true;
}

static void
load_bucket_globs(struct cfgfile *cf, const config_setting_t *g, const char *pfx,
                  struct policy_rule *r)
{
    const config_setting_t *list = config_setting_get_member(g, "buckets");
    if (!list) {
        cfgfile_error(cf, g,
                      "%s has no buckets; add buckets = ( \"pattern\" ); with bucket names or "
                      "globs such as \"logs-*\"", pfx);
        return;
    }
    int t = config_setting_type(list);
    if (t != CONFIG_TYPE_LIST && t != CONFIG_TYPE_ARRAY) {
        cfgfile_error(cf, list, "%s.buckets must be a list of bucket names or globs, like "
                                "( \"logs-*\", \"finance-?\" ), not %s",
                      pfx, cfgfile_type_name(list));
        return;
    }
    int n = config_setting_length(list);
    if (n <= 0) {
        cfgfile_error(cf, list, "%s.buckets is empty; list at least one bucket name or glob, like "
                                "( \"logs-*\" )", pfx);
        return;
    }
    if (!(r->buckets = calloc((size_t)n, sizeof *r->buckets))) {
        cf->nomem = true;
        return;
    }
    for (int i = 0; i < n; i++) {
        const config_setting_t *e = config_setting_get_elem(list, (unsigned)i);
        if (config_setting_type(e) != CONFIG_TYPE_STRING) {
            cfgfile_error(cf, e,
                          "%s.buckets[%d] must be a bucket name or glob in double quotes, not %s",
                          pfx, i, cfgfile_type_name(e));
            continue;
        }
        const char *v = config_setting_get_string(e);
        char sh[160], why[200];
        const char *problem = glob_problem(v, glob_bucket_char,
                                           "bucket names have only a-z, 0-9 and '-'", why,
                                           sizeof why);
        if (!*v) {
            cfgfile_error(cf, e,
                          "%s.buckets[%d] is empty; give a bucket name or glob like \"logs-*\"",
                          pfx, i);
        } else if (problem) {
            cfgfile_error(cf, e, "%s.buckets[%d] \"%.100s\": %s", pfx, i, SHOWN(sh, v), problem);
        } else if (!(r->buckets[r->nbuckets] = strdup(v))) {
            cf->nomem = true;
            return;
        } else {
            r->nbuckets++;
        }
    }
}

static void
load_require(struct cfgfile *cf, const config_setting_t *g, const char *pfx, struct policy_rule *r,
             bool *ok)
{
    char path[96], sh[96], hint[48];
    snprintf(path, sizeof path, "%s.require", pfx);
    const config_setting_t *s = config_setting_get_member(g, "require");
    const char *v = cfgfile_get_string(cf, g, "require", path,
                                       "a string: \"AES256\", \"KMS\", \"SM4\" or \"any\"");
    *ok = false;
    if (!s) {
        cfgfile_error(cf, g, "%s has no require; add require = \"AES256\"; (or \"KMS\", \"SM4\", "
                             "\"any\")", pfx);
    } else if (v) {
        int k = name_index(v, require_names, NKEYS(require_names));
        if (k >= 0) {
            r->require = (enum policy_require)k;
            *ok = true;
        } else if (ascii_casecmp(v, "none") == 0) {
            cfgfile_error(cf, s,
                          "%s must be \"AES256\", \"KMS\", \"SM4\" or \"any\", not \"none\"; a "
                          "policy cannot require a bucket to be unencrypted", path);
        } else {
            cfgfile_error(cf, s,
                          "%s must be \"AES256\", \"KMS\", \"SM4\" or \"any\", not \"%.60s\"%s",
                          path, SHOWN(sh, v),
                          cfgfile_hint(v, require_names, NKEYS(require_names), hint, sizeof hint));
        }
    }
}

/* kms_key_id and kms_data_encryption; `known` says whether r->require could be read. */
static void
load_kms(struct cfgfile *cf, const config_setting_t *g, const char *pfx, struct policy_rule *r,
         bool known)
{
    char path[96], sh[96];
    snprintf(path, sizeof path, "%s.kms_key_id", pfx);
    const config_setting_t *s = config_setting_get_member(g, "kms_key_id");
    const char *v = cfgfile_get_string(cf, g, "kms_key_id", path, "a CMK ID in double quotes");
    if (s && v) {
        if (known && r->require != POLICY_REQUIRE_KMS) {
            cfgfile_error(cf, s, "%s is only allowed with require = \"KMS\", not \"%s\"", path,
                          policy_require_name(r->require));
        } else if (!*v) {
            cfgfile_error(cf, s, "%s is empty; leave it out to accept any CMK", path);
        } else if (strlen(v) >= sizeof r->kms_key_id) {
            cfgfile_error(cf, s, "%s is too long (at most %zu bytes)", path,
                          sizeof r->kms_key_id - 1);
        } else {
            /* The same CMK checks as before a write: apply will send this ID. */
            struct sse_rule probe = {.algo = SSE_ALGO_KMS};
            struct sse_error verr;
            sse_error_clear(&verr);
            memcpy(probe.kms_key_id, v, strlen(v) + 1);
            if (validate_rule(&probe, &verr) != SSE_OK)
                cfgfile_error(cf, s, "%s: %s", path, verr.message);
            else
                memcpy(r->kms_key_id, v, strlen(v) + 1);
        }
    }

    snprintf(path, sizeof path, "%s.kms_data_encryption", pfx);
    s = config_setting_get_member(g, "kms_data_encryption");
    v = cfgfile_get_string(cf, g, "kms_data_encryption", path, "the string \"SM4\"");
    if (s && v) {
        if (known && r->require != POLICY_REQUIRE_KMS)
            cfgfile_error(cf, s, "%s is only allowed with require = \"KMS\", not \"%s\"", path,
                          policy_require_name(r->require));
        else if (ascii_casecmp(v, "SM4") != 0)
            cfgfile_error(cf, s, "%s must be \"SM4\", not \"%.60s\"; leave it out to accept either",
                          path, SHOWN(sh, v));
        else
            r->kms_data_enc = SSE_DATA_ENC_SM4;
    }
}

static void
load_apply(struct cfgfile *cf, const config_setting_t *g, const char *pfx, struct policy_rule *r,
           bool known)
{
    char path[96], sh[96], hint[48];
    snprintf(path, sizeof path, "%s.apply", pfx);
    r->apply = SSE_ALGO_AES256;
    const config_setting_t *s = config_setting_get_member(g, "apply");
    const char *v =
        cfgfile_get_string(cf, g, "apply", path, "a string: \"AES256\", \"KMS\" or \"SM4\"");
    if (!s || !v)
        return;
    int k = name_index(v, apply_names, NKEYS(apply_names));
    if (known && r->require != POLICY_REQUIRE_ANY)
        cfgfile_error(cf, s, "%s is only allowed with require = \"any\" (apply writes what require "
                             "names), not \"%s\"", path, policy_require_name(r->require));
    else if (k < 0)
        cfgfile_error(cf, s, "%s must be \"AES256\", \"KMS\" or \"SM4\", not \"%.60s\"%s", path,
                      SHOWN(sh, v),
                      cfgfile_hint(v, apply_names, NKEYS(apply_names), hint, sizeof hint));
    else
        r->apply = k == 0 ? SSE_ALGO_AES256 : k == 1 ? SSE_ALGO_KMS : SSE_ALGO_SM4;
}

static void
load_rule(struct cfgfile *cf, const config_setting_t *g, int idx, struct policy_rule *r)
{
    char pfx[32];
    snprintf(pfx, sizeof pfx, "rules[%d]", idx);
    r->line = (int)config_setting_source_line(g);
    char where[48];
    snprintf(where, sizeof where, "in %s", pfx);
    cfgfile_check_keys(cf, g, rule_keys, NKEYS(rule_keys), where);
    load_profile_glob(cf, g, pfx, r);
    if (cf->nomem)
        return;
    load_bucket_globs(cf, g, pfx, r);
    if (cf->nomem)
        return;
    bool known;
    load_require(cf, g, pfx, r, &known);
    load_kms(cf, g, pfx, r, known);
    load_apply(cf, g, pfx, r, known);
}

/* Index of the first rule before j that catches every bucket glob catches under rule j's profile
 * (its profile glob covers rule j's, one of its bucket globs covers glob), or -1. */
static int
covered_by(const struct policy *p, size_t j, const char *glob)
{
    const struct policy_rule *rj = &p->rules[j];
    for (size_t i = 0; i < j; i++) {
        const struct policy_rule *ri = &p->rules[i];
        if (!ri->profile || !glob_covers(ri->profile, rj->profile, config_name_char))
            continue;
        for (size_t c = 0; c < ri->nbuckets; c++)
            if (glob_covers(ri->buckets[c], glob, glob_bucket_char))
                return (int)i;
    }
    return -1;
}

/* A later rule (or one of its globs) that an earlier one always catches first is dead text: the
 * admin meant something else. Cover by one earlier glob is found (glob_covers); cover by several
 * together (b-[a-m]* and b-[n-z]* before b-x*) is not. */
static void
check_shadowed(struct cfgfile *cf, const config_setting_t *list, const struct policy *p)
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
            cfgfile_error(cf, g, "rules[%zu] can never match: rules[%d] (line %d) comes first and "
                                 "catches every bucket it names; the first matching rule wins, so "
                                 "move it up or remove it", j, first, p->rules[first].line);
            continue;
        }
        for (size_t b = 0; b < rj->nbuckets; b++) {
            int who = covered_by(p, j, rj->buckets[b]);
            if (who < 0)
                continue;
            char sh[160];
            cfgfile_error(cf, config_setting_get_elem(bl, (unsigned)b),
                          "rules[%zu].buckets[%zu] \"%.100s\" can never match: rules[%d] (line %d) "
                          "comes first and catches it; the first matching rule wins", j, b,
                          SHOWN(sh, rj->buckets[b]), who, p->rules[who].line);
        }
    }
}

static void
load_root(struct cfgfile *cf, const config_setting_t *root, struct policy *p)
{
    cfgfile_check_keys(cf, root, top_keys, NKEYS(top_keys), "at the top level");

    const config_setting_t *vs = config_setting_get_member(root, "version");
    if (!vs) {
        cfgfile_error(cf, NULL, "has no version; add version = %d; at the top", POLICY_VERSION);
    } else {
        int t = config_setting_type(vs);
        if (t != CONFIG_TYPE_INT && t != CONFIG_TYPE_INT64)
            cfgfile_error(cf, vs, "version must be %d, not %s", POLICY_VERSION,
                          cfgfile_type_name(vs));
        else if (config_setting_get_int64(vs) != POLICY_VERSION)
            cfgfile_error(cf, vs,
                          "version must be %d, not %lld (this sseadm reads version %d policies)",
                          POLICY_VERSION, (long long)config_setting_get_int64(vs), POLICY_VERSION);
    }

    const config_setting_t *rl = config_setting_get_member(root, "rules");
    if (!rl) {
        cfgfile_error(cf, NULL, "has no rules; add rules = ( { buckets = ( \"*\" ); require = "
                                "\"any\"; } );");
        return;
    }
    if (config_setting_type(rl) != CONFIG_TYPE_LIST) {
        cfgfile_error(cf, rl,
                      "rules must be a list of groups, like ( { buckets = ( \"*\" ); require = "
                      "\"any\"; } ), not %s", cfgfile_type_name(rl));
        return;
    }
    int n = config_setting_length(rl);
    if (n == 0) {
        cfgfile_error(cf, rl, "rules is empty; add at least one rule, like { buckets = ( \"*\" ); "
                              "require = \"any\"; }");
        return;
    }
    if (n > POLICY_MAX_RULES) {
        cfgfile_error(cf, rl, "rules has %d rules; at most %d are read", n, POLICY_MAX_RULES);
        return;
    }
    if (!(p->rules = calloc((size_t)n, sizeof *p->rules))) {
        cf->nomem = true;
        return;
    }
    p->nrules = (size_t)n; /* all slots are freed; invalid ones are never used (load fails) */
    for (int i = 0; i < n && !cf->nomem; i++) {
        const config_setting_t *g = config_setting_get_elem(rl, (unsigned)i);
        if (config_setting_type(g) != CONFIG_TYPE_GROUP) {
            cfgfile_error(cf, g,
                          "rules[%d] must be a group { buckets = ( ... ); require = \"...\"; }, "
                          "not %s", i, cfgfile_type_name(g));
            continue;
        }
        load_rule(cf, g, i, &p->rules[i]);
    }
    if (!cf->nomem)
        check_shadowed(cf, rl, p);
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

/* The parsed file (opened = how cfgfile_open_* went) → *out; closes cf. */
static enum sse_status
load(struct cfgfile *cf, enum sse_status opened, struct policy **out)
{
    *out = NULL;
    struct policy *p = NULL;
    enum sse_status st = opened;
    if (st == SSE_OK && (!(p = calloc(1, sizeof *p)) || !(p->path = strdup(cf->file))))
        st = SSE_ERR_NOMEM;
    if (st == SSE_OK) {
        load_root(cf, cfgfile_root(cf), p);
        st = cfgfile_status(cf);
    }
    cfgfile_close(cf);
    if (st != SSE_OK) {
        policy_free(p);
        return st;
    }
    *out = p;
    return SSE_OK;
}

enum sse_status
policy_load(const char *path, struct policy **out, struct sse_diag *errors)
{
    struct cfgfile cf;
    enum sse_status st = cfgfile_open_file(&cf, path, "a policy", NULL, errors, NULL, NULL);
    return load(&cf, st, out);
}

enum sse_status
policy_load_string(const char *text, const char *name, struct policy **out,
                   struct sse_diag *errors)
{
    struct cfgfile cf;
    enum sse_status st = cfgfile_open_string(&cf, text, name ? name : "(string)", NULL, errors,
                                             NULL);
    return load(&cf, st, out);
}
