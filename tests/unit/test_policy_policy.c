/* test_policy_policy.c — policy loading (every error with its line), matching, verdicts, targets. */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "core/validate.h"
#include "policy/judge.h"
#include "policy/policy.h"

#define NAME "t.policy"
#define V1 "version = 1;\n"
#define KEY_A "9468da86-3509-4f8d-a61e-6eab1eac0000"

static void
dump(const struct sse_diag *d)
{
    for (size_t i = 0; i < d->count; i++)
        fprintf(stderr, "    have[%zu]: %s\n", i, d->lines[i]);
}

/* Whether d holds exactly the line prefix + suffix. */
static bool __attribute__((format(printf, 3, 4)))
has(const struct sse_diag *d, const char *prefix, const char *fmt, ...)
{
    char suffix[1200], want[1600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(suffix, sizeof suffix, fmt, ap);
    va_end(ap);
    snprintf(want, sizeof want, "%s%s", prefix, suffix);
    for (size_t i = 0; i < d->count; i++)
        if (strcmp(d->lines[i], want) == 0)
            return true;
    fprintf(stderr, "  missing: %s\n", want);
    dump(d);
    return false;
}

/* Loads text that must fail with exactly one error: NAME + suffix. */
static void
fails1_at(int line, const char *text, const char *suffix)
{
    struct policy *p = (struct policy *)1;
    struct sse_diag err = {0};
    enum sse_status st = policy_load_string(text, NAME, &p, &err);
    char want[1600];
    snprintf(want, sizeof want, NAME "%s", suffix);
    check_count++;
    if (st != SSE_ERR_CONFIG || p != NULL || err.count != 1 || strcmp(err.lines[0], want) != 0) {
        check_failures++;
        fprintf(stderr, "%s:%d: status %s, %zu error(s); want exactly:\n    %s\n", __FILE__, line,
                sse_status_name(st), err.count, want);
        dump(&err);
    }
    sse_diag_cleanup(&err);
}
#define FAILS1(text, suffix) fails1_at(__LINE__, (text), (suffix))

/* Loads text that must succeed; caller frees. */
static struct policy *
loads_at(int line, const char *text)
{
    struct policy *p = NULL;
    struct sse_diag err = {0};
    enum sse_status st = policy_load_string(text, NAME, &p, &err);
    check_count++;
    if (st != SSE_OK || !p || err.count) {
        check_failures++;
        fprintf(stderr, "%s:%d: want a clean load, got %s\n", __FILE__, line, sse_status_name(st));
        dump(&err);
    }
    sse_diag_cleanup(&err);
    return p;
}
#define LOADS(text) loads_at(__LINE__, (text))

/* A rule list of one rule, on line 2. */
#define ONE(rule) V1 "rules = ( { " rule " } );\n"

static void
test_top_level(void)
{
    /* (libconfig 1.5 leaks the text of a string token that causes a syntax error, so the
     * syntax errors used here are found at a non-string token: valgrind stays meaningful.) */
    FAILS1(V1 "rules = ( { buckets ( \"*\" ); require = \"any\"; } );\n",
           ":2: syntax error; expected key = value; with strings in double quotes, lists in ( ) "
           "and groups in { }");
    FAILS1(V1 "version = 1;\nrules = ( { buckets = ( \"*\" ); require = \"any\"; } );\n",
           ":2: a key is set twice in the same group; keep one");
    FAILS1(ONE("buckets = ( \"*\" ); require = \"any\";") "rule = 1;\n",
           ":3: unknown key \"rule\" at the top level (did you mean \"rules\"?)");
    FAILS1(ONE("buckets = ( \"*\" ); require = \"any\";") "profiles = ( );\n",
           ":3: unknown key \"profiles\" at the top level; known keys: version, rules");
    FAILS1("rules = ( { buckets = ( \"*\" ); require = \"any\"; } );\n",
           ": has no version; add version = 1; at the top");
    FAILS1("version = \"1\";\nrules = ( { buckets = ( \"*\" ); require = \"any\"; } );\n",
           ":1: version must be 1, not a string");
    FAILS1("\nversion = 2;\nrules = ( { buckets = ( \"*\" ); require = \"any\"; } );\n",
           ":2: version must be 1, not 2 (this sseadm reads version 1 policies)");
    FAILS1(V1, ": has no rules; add rules = ( { buckets = ( \"*\" ); require = \"any\"; } );");
    FAILS1(V1 "\nrules = { buckets = ( \"*\" ); };\n",
           ":3: rules must be a list of groups, like ( { buckets = ( \"*\" ); require = \"any\"; "
           "} ), not a group { }");
    FAILS1(V1 "rules = [ 1, 2 ];\n",
           ":2: rules must be a list of groups, like ( { buckets = ( \"*\" ); require = \"any\"; "
           "} ), not an array [ ]");
    FAILS1(V1 "rules = ( );\n",
           ":2: rules is empty; add at least one rule, like { buckets = ( \"*\" ); require = "
           "\"any\"; }");
    FAILS1(V1 "rules = ( { buckets = ( \"*\" ); require = \"any\"; },\n  \"x\" );\n",
           ":3: rules[1] must be a group { buckets = ( ... ); require = \"...\"; }, not a string");
    FAILS1("version = 1;\n", ": has no rules; add rules = ( { buckets = ( \"*\" ); require = "
                             "\"any\"; } );");
}

static void
test_rule_keys(void)
{
    FAILS1(ONE("buckets = ( \"*\" ); require = \"any\"; requier = 1;"),
           ":2: unknown key \"requier\" in rules[0] (did you mean \"require\"?)");
    FAILS1(ONE("buckets = ( \"*\" ); require = \"any\"; algorithm = \"KMS\";"),
           ":2: unknown key \"algorithm\" in rules[0]; known keys: profile, buckets, require, "
           "kms_key_id, kms_data_encryption, apply");
    FAILS1(ONE("buckets = ( \"*\" ); require = \"any\"; bucket = \"x\";"),
           ":2: unknown key \"bucket\" in rules[0] (did you mean \"buckets\"?)");

    /* profile */
    FAILS1(ONE("profile = 1; buckets = ( \"*\" ); require = \"any\";"),
           ":2: rules[0].profile must be a profile name or glob in double quotes, like \"prod*\", "
           "not an integer");
    FAILS1(ONE("profile = \"\"; buckets = ( \"*\" ); require = \"any\";"),
           ":2: rules[0].profile is empty; give a profile name or glob like \"prod*\", or leave it "
           "out to match every profile");
    FAILS1(ONE("profile = \"prod[a-\"; buckets = ( \"*\" ); require = \"any\";"),
           ":2: rules[0].profile \"prod[a-\": '[' at position 5 has no closing ']'");
    FAILS1(ONE("profile = \"prod/eu\"; buckets = ( \"*\" ); require = \"any\";"),
           ":2: rules[0].profile \"prod/eu\": it can never match: it has '/' at position 5, and "
           "profile names have only letters, digits, '.', '_' and '-'");
    FAILS1(ONE("profile = \"prod\\\\\"; buckets = ( \"*\" ); require = \"any\";"),
           ":2: rules[0].profile \"prod\\\": it ends with a lone '\\'; write \\\\ for a backslash");

    /* buckets */
    FAILS1(ONE("require = \"any\";"),
           ":2: rules[0] has no buckets; add buckets = ( \"pattern\" ); with bucket names or globs "
           "such as \"logs-*\"");
    FAILS1(ONE("buckets = \"logs-*\"; require = \"any\";"),
           ":2: rules[0].buckets must be a list of bucket names or globs, like ( \"logs-*\", "
           "\"finance-?\" ), not a string");
    FAILS1(ONE("buckets = ( ); require = \"any\";"),
           ":2: rules[0].buckets is empty; list at least one bucket name or glob, like "
           "( \"logs-*\" )");
    FAILS1(ONE("buckets = [ ]; require = \"any\";"),
           ":2: rules[0].buckets is empty; list at least one bucket name or glob, like "
           "( \"logs-*\" )");
    FAILS1(V1 "rules = ( { buckets = ( \"a-*\",\n 7 ); require = \"any\"; } );\n",
           ":3: rules[0].buckets[1] must be a bucket name or glob in double quotes, not an "
           "integer");
    FAILS1(ONE("buckets = ( \"\" ); require = \"any\";"),
           ":2: rules[0].buckets[0] is empty; give a bucket name or glob like \"logs-*\"");
    FAILS1(ONE("buckets = ( \"logs-[ab\" ); require = \"any\";"),
           ":2: rules[0].buckets[0] \"logs-[ab\": '[' at position 6 has no closing ']'");
    FAILS1(ONE("buckets = ( \"[[:digit:]\" ); require = \"any\";"),
           ":2: rules[0].buckets[0] \"[[:digit:]\": '[' at position 1 has no closing ']'");
    FAILS1(ONE("buckets = ( \"x[[:digits:]]\" ); require = \"any\";"),
           ":2: rules[0].buckets[0] \"x[[:digits:]]\": the character class at position 3 is not "
           "one of [:alnum:], [:alpha:], [:digit:], [:lower:], [:upper:], [:xdigit:], ...");
    policy_free(LOADS(ONE("buckets = ( \"[[:alnum:]-][[.-.]][[=a=]]*\" ); require = \"any\";")));
    FAILS1(ONE("buckets = ( \"[[:digit\" ); require = \"any\";"),
           ":2: rules[0].buckets[0] \"[[:digit\": '[' at position 1 has no closing ']'");
    FAILS1(ONE("buckets = ( \"Finance-*\" ); require = \"any\";"),
           ":2: rules[0].buckets[0] \"Finance-*\": it can never match: it has 'F' at position 1, "
           "and bucket names have only a-z, 0-9 and '-'");
    FAILS1(ONE("buckets = ( \"logs_*\" ); require = \"any\";"),
           ":2: rules[0].buckets[0] \"logs_*\": it can never match: it has '_' at position 5, and "
           "bucket names have only a-z, 0-9 and '-'");
    FAILS1(ONE("buckets = ( \"logs \" ); require = \"any\";"),
           ":2: rules[0].buckets[0] \"logs \": it can never match: it has a space, control or "
           "non-ASCII byte at position 5, and bucket names have only a-z, 0-9 and '-'");
    FAILS1(ONE("buckets = ( \"a\\\\*\" ); require = \"any\";"),
           ":2: rules[0].buckets[0] \"a\\*\": it can never match: it has '*' at position 3, and "
           "bucket names have only a-z, 0-9 and '-'");
    FAILS1(ONE("buckets = ( \"logs]\" ); require = \"any\";"),
           ":2: rules[0].buckets[0] \"logs]\": it can never match: it has ']' at position 5, and "
           "bucket names have only a-z, 0-9 and '-'");
    FAILS1(ONE("buckets = ( \"logs-\\\\\" ); require = \"any\";"),
           ":2: rules[0].buckets[0] \"logs-\\\": it ends with a lone '\\'; write \\\\ for a "
           "backslash");

    /* require */
    FAILS1(ONE("buckets = ( \"*\" );"),
           ":2: rules[0] has no require; add require = \"AES256\"; (or \"KMS\", \"SM4\", \"any\")");
    FAILS1(ONE("buckets = ( \"*\" ); require = 256;"),
           ":2: rules[0].require must be a string: \"AES256\", \"KMS\", \"SM4\" or \"any\", not an "
           "integer");
    FAILS1(ONE("buckets = ( \"*\" ); require = \"none\";"),
           ":2: rules[0].require must be \"AES256\", \"KMS\", \"SM4\" or \"any\", not \"none\"; a "
           "policy cannot require a bucket to be unencrypted");
    FAILS1(ONE("buckets = ( \"*\" ); require = \"AES-256\";"),
           ":2: rules[0].require must be \"AES256\", \"KMS\", \"SM4\" or \"any\", not \"AES-256\" "
           "(did you mean \"AES256\"?)");
    FAILS1(ONE("buckets = ( \"*\" ); require = \"SSE-KMS-ALWAYS\";"),
           ":2: rules[0].require must be \"AES256\", \"KMS\", \"SM4\" or \"any\", not "
           "\"SSE-KMS-ALWAYS\"");

    /* kms_key_id */
    FAILS1(ONE("buckets = ( \"*\" ); require = \"KMS\"; kms_key_id = 5;"),
           ":2: rules[0].kms_key_id must be a CMK ID in double quotes, not an integer");
    FAILS1(ONE("buckets = ( \"*\" ); require = \"AES256\"; kms_key_id = \"k\";"),
           ":2: rules[0].kms_key_id is only allowed with require = \"KMS\", not \"AES256\"");
    FAILS1(ONE("buckets = ( \"*\" ); require = \"any\"; kms_key_id = \"k\";"),
           ":2: rules[0].kms_key_id is only allowed with require = \"KMS\", not \"any\"");
    FAILS1(ONE("buckets = ( \"*\" ); require = \"KMS\"; kms_key_id = \"\";"),
           ":2: rules[0].kms_key_id is empty; leave it out to accept any CMK");
    FAILS1(ONE("buckets = ( \"*\" ); require = \"KMS\"; kms_key_id = \"key id\";"),
           ":2: rules[0].kms_key_id: the CMK ID has a space or control character at position 4");
    {
        char longkey[SSE_KMS_KEY_MAX + 1], text[600];
        memset(longkey, 'k', SSE_KMS_KEY_MAX);
        longkey[SSE_KMS_KEY_MAX] = '\0';
        snprintf(text, sizeof text, ONE("buckets = ( \"*\" ); require = \"KMS\"; kms_key_id = \"%s\";"),
                 longkey);
        FAILS1(text, ":2: rules[0].kms_key_id is too long (at most 255 bytes)");
        /* 255 bytes is the longest that fits. */
        longkey[SSE_KMS_KEY_MAX - 1] = '\0';
        snprintf(text, sizeof text, ONE("buckets = ( \"*\" ); require = \"KMS\"; kms_key_id = \"%s\";"),
                 longkey);
        policy_free(LOADS(text));
    }

    /* kms_data_encryption */
    FAILS1(ONE("buckets = ( \"*\" ); require = \"KMS\"; kms_data_encryption = true;"),
           ":2: rules[0].kms_data_encryption must be the string \"SM4\", not true/false");
    FAILS1(ONE("buckets = ( \"*\" ); require = \"SM4\"; kms_data_encryption = \"SM4\";"),
           ":2: rules[0].kms_data_encryption is only allowed with require = \"KMS\", not \"SM4\"");
    FAILS1(ONE("buckets = ( \"*\" ); require = \"KMS\"; kms_data_encryption = \"none\";"),
           ":2: rules[0].kms_data_encryption must be \"SM4\", not \"none\"; leave it out to accept "
           "either");

    /* apply */
    FAILS1(ONE("buckets = ( \"*\" ); require = \"any\"; apply = 1;"),
           ":2: rules[0].apply must be a string: \"AES256\", \"KMS\" or \"SM4\", not an integer");
    FAILS1(ONE("buckets = ( \"*\" ); require = \"KMS\"; apply = \"KMS\";"),
           ":2: rules[0].apply is only allowed with require = \"any\" (apply writes what require "
           "names), not \"KMS\"");
    FAILS1(ONE("buckets = ( \"*\" ); require = \"any\"; apply = \"AES-256\";"),
           ":2: rules[0].apply must be \"AES256\", \"KMS\" or \"SM4\", not \"AES-256\" (did you "
           "mean \"AES256\"?)");
    FAILS1(ONE("buckets = ( \"*\" ); require = \"any\"; apply = \"any\";"),
           ":2: rules[0].apply must be \"AES256\", \"KMS\" or \"SM4\", not \"any\"");

    /* Control bytes from the file are not echoed raw. */
    FAILS1(ONE("buckets = ( \"*\" ); require = \"K\\x1bMS\";"),
           ":2: rules[0].require must be \"AES256\", \"KMS\", \"SM4\" or \"any\", not \"K?MS\" "
           "(did you mean \"KMS\"?)");
}

static void
test_shadowed(void)
{
    FAILS1(V1 "rules = (\n { buckets = ( \"*\" ); require = \"any\"; },\n"
              " { buckets = ( \"logs-*\" ); require = \"SM4\"; } );\n",
           ":4: rules[1] can never match: rules[0] (line 3) comes first and catches every bucket "
           "it names; the first matching rule wins, so move it up or remove it");
    FAILS1(V1 "rules = (\n { profile = \"prod\"; buckets = ( \"logs-*\", \"a\" ); require = \"SM4\"; },\n"
              " { profile = \"prod\"; buckets = ( \"b\",\n \"logs-*\" ); require = \"KMS\"; } );\n",
           ":5: rules[1].buckets[1] \"logs-*\" can never match: rules[0] (line 3) comes first and "
           "catches it; the first matching rule wins");
    /* A catch-all profile with a narrower bucket glob covers that glob in every profile. */
    FAILS1(V1 "rules = (\n { buckets = ( \"logs-*\" ); require = \"SM4\"; },\n"
              " { profile = \"dev\"; buckets = ( \"logs-*\" ); require = \"any\"; } );\n",
           ":4: rules[1] can never match: rules[0] (line 3) comes first and catches every bucket "
           "it names; the first matching rule wins, so move it up or remove it");
    /* A glob that covers a later rule's glob shadows it too (policy.example promises it): an
     * AES256 b-kms would otherwise count as compliant. */
    FAILS1(V1 "rules = (\n { buckets = ( \"b-*\" ); require = \"any\"; },\n"
              " { buckets = ( \"b-kms\" ); require = \"KMS\"; } );\n",
           ":4: rules[1] can never match: rules[0] (line 3) comes first and catches every bucket "
           "it names; the first matching rule wins, so move it up or remove it");
    FAILS1(V1 "rules = (\n { buckets = ( \"logs-*\" ); require = \"SM4\"; },\n"
              " { buckets = ( \"logs-a*\" ); require = \"any\"; } );\n",
           ":4: rules[1] can never match: rules[0] (line 3) comes first and catches every bucket "
           "it names; the first matching rule wins, so move it up or remove it");
    FAILS1(V1 "rules = (\n { buckets = ( \"[a-m]*-logs\" ); require = \"SM4\"; },\n"
              " { buckets = ( \"x\", \"b?-logs\" ); require = \"any\"; } );\n",
           ":4: rules[1].buckets[1] \"b?-logs\" can never match: rules[0] (line 3) comes first and "
           "catches it; the first matching rule wins");
    /* A profile glob covers a later rule's profile the same way. */
    FAILS1(V1 "rules = (\n { profile = \"prod*\"; buckets = ( \"*\" ); require = \"SM4\"; },\n"
              " { profile = \"prod-eu\"; buckets = ( \"x\" ); require = \"any\"; } );\n",
           ":4: rules[1] can never match: rules[0] (line 3) comes first and catches every bucket "
           "it names; the first matching rule wins, so move it up or remove it");
    /* A narrower profile or glob first does not shadow a broader one, nor do overlapping ones. */
    policy_free(LOADS(V1 "rules = (\n { profile = \"dev\"; buckets = ( \"*\" ); require = \"SM4\"; },\n"
                         " { buckets = ( \"*\" ); require = \"any\"; } );\n"));
    policy_free(LOADS(V1 "rules = (\n { buckets = ( \"logs-a*\" ); require = \"SM4\"; },\n"
                         " { buckets = ( \"logs-*\" ); require = \"any\"; } );\n"));
    policy_free(LOADS(V1 "rules = (\n { buckets = ( \"b-?\" ); require = \"SM4\"; },\n"
                         " { buckets = ( \"b-*\" ); require = \"any\"; } );\n"));
    policy_free(LOADS(V1 "rules = (\n { buckets = ( \"*-a\" ); require = \"SM4\"; },\n"
                         " { buckets = ( \"b-*\" ); require = \"any\"; } );\n"));
    policy_free(LOADS(V1 "rules = (\n { profile = \"prod-eu\"; buckets = ( \"*\" ); require = \"SM4\"; },\n"
                         " { profile = \"prod*\"; buckets = ( \"x\" ); require = \"any\"; } );\n"));
}

static void
test_many_errors_file(void)
{
    const char *path = SSE_TEST_DATA "/policy/many-errors.policy";
    struct policy *p = (struct policy *)1;
    struct sse_diag err = {0};
    CHECK_INT(policy_load(path, &p, &err), SSE_ERR_CONFIG);
    CHECK(p == NULL);
    CHECK(has(&err, path, ":2: version must be 1, not 2 (this sseadm reads version 1 policies)"));
    CHECK(has(&err, path, ":3: unknown key \"rulez\" at the top level (did you mean \"rules\"?)"));
    CHECK(has(&err, path, ":5: rules[0].profile \"prod[\": '[' at position 5 has no closing ']'"));
    CHECK(has(&err, path, ":5: rules[0].buckets[0] \"Logs-*\": it can never match: it has 'L' at "
                          "position 1, and bucket names have only a-z, 0-9 and '-'"));
    CHECK(has(&err, path, ":5: rules[0].require must be \"AES256\", \"KMS\", \"SM4\" or \"any\", "
                          "not \"AES-256\" (did you mean \"AES256\"?)"));
    CHECK(has(&err, path, ":6: rules[1].buckets is empty; list at least one bucket name or glob, "
                          "like ( \"logs-*\" )"));
    CHECK(has(&err, path, ":6: rules[1].kms_data_encryption must be \"SM4\", not \"AES256\"; leave "
                          "it out to accept either"));
    CHECK(has(&err, path, ":7: rules[2].kms_key_id is only allowed with require = \"KMS\", not "
                          "\"SM4\""));
    CHECK(has(&err, path, ":8: rules[3].apply must be \"AES256\", \"KMS\" or \"SM4\", not \"none\""));
    CHECK(has(&err, path, ":9: rules[4].buckets must be a list of bucket names or globs, like "
                          "( \"logs-*\", \"finance-?\" ), not a string"));
    CHECK(has(&err, path, ":9: rules[4].require must be a string: \"AES256\", \"KMS\", \"SM4\" or "
                          "\"any\", not an integer"));
    CHECK(has(&err, path, ":10: rules[5] must be a group { buckets = ( ... ); require = \"...\"; }, "
                          "not a string"));
    CHECK(has(&err, path, ":11: unknown key \"requires\" in rules[6] (did you mean \"require\"?)"));
    CHECK(has(&err, path, ":11: rules[6] has no require; add require = \"AES256\"; (or \"KMS\", "
                          "\"SM4\", \"any\")"));
    CHECK_INT(err.count, 14);
    sse_diag_cleanup(&err);

    /* errors may be NULL: the status still says what happened. */
    CHECK_INT(policy_load(path, &p, NULL), SSE_ERR_CONFIG);
    CHECK(p == NULL);
}

static void
test_files(void)
{
    struct policy *p = (struct policy *)1;
    struct sse_diag err = {0};

    const char *syn = SSE_TEST_DATA "/policy/syntax-error.policy";
    CHECK_INT(policy_load(syn, &p, &err), SSE_ERR_CONFIG);
    CHECK(p == NULL);
    CHECK_INT(err.count, 1);
    CHECK(has(&err, syn, ":3: syntax error; expected key = value; with strings in double quotes, "
                         "lists in ( ) and groups in { }"));
    sse_diag_cleanup(&err);

    /* An error in an @include'd file names that file, found next to the policy. */
    const char *inc = SSE_TEST_DATA "/policy/include.policy";
    CHECK_INT(policy_load(inc, &p, &err), SSE_ERR_CONFIG);
    CHECK_INT(err.count, 1);
    CHECK(has(&err, SSE_TEST_DATA "/policy/include-rules.inc",
              ":2: rules[1].require must be \"AES256\", \"KMS\", \"SM4\" or \"any\", not "
              "\"AES128\""));
    sse_diag_cleanup(&err);

    char dir[] = "/tmp/sse-policy-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    char missing[64], nul[64];
    snprintf(missing, sizeof missing, "%s/absent.policy", dir);
    CHECK_INT(policy_load(missing, &p, &err), SSE_ERR_IO);
    CHECK(p == NULL);
    CHECK(has(&err, missing, ": cannot open: No such file or directory"));
    sse_diag_cleanup(&err);

    snprintf(nul, sizeof nul, "%s/nul.policy", dir);
    FILE *f = fopen(nul, "w");
    CHECK(f != NULL);
    if (f) {
        fwrite("version = 1;\0\n", 1, 15, f);
        fclose(f);
    }
    CHECK_INT(policy_load(nul, &p, &err), SSE_ERR_CONFIG);
    CHECK(has(&err, nul, ": has a NUL byte; a policy is a text file"));
    sse_diag_cleanup(&err);
    unlink(nul);
    rmdir(dir);

    /* The fixture with every key. */
    const char *good = SSE_TEST_DATA "/policy/good.policy";
    CHECK_INT(policy_load(good, &p, &err), SSE_OK);
    CHECK_INT(err.count, 0);
    if (p) {
        CHECK_STR(p->path, good);
        CHECK_INT(p->nrules, 5);
        const struct policy_rule *r = &p->rules[0];
        CHECK_INT(r->line, 4);
        CHECK_STR(r->profile, "prod*");
        CHECK_INT(r->nbuckets, 2);
        CHECK_STR(r->buckets[1], "hr-?-data");
        CHECK_INT(r->require, POLICY_REQUIRE_KMS);
        CHECK_STR(r->kms_key_id, KEY_A);
        CHECK_INT(r->kms_data_enc, SSE_DATA_ENC_SM4);
        CHECK_INT(p->rules[1].require, POLICY_REQUIRE_AES256); /* "aes256": case-insensitive */
        CHECK_STR(p->rules[1].buckets[2], "a\\-b");
        CHECK_STR(p->rules[2].profile, "*");                   /* the default */
        CHECK_INT(p->rules[3].kms_key_id[0], '\0');
        CHECK_INT(p->rules[3].kms_data_enc, SSE_DATA_ENC_NONE);
        CHECK_INT(p->rules[4].apply, SSE_ALGO_KMS);
        CHECK_INT(p->rules[2].apply, SSE_ALGO_AES256);         /* unused outside "any" */
        /* Glob forms: [!x], [[:digit:]], an escaped '-'. */
        CHECK_INT(policy_match(p, "test", "a-tmp"), 1);
        CHECK_INT(policy_match(p, "test", "x-tmp"), 4);
        CHECK_INT(policy_match(p, "test", "7days"), 1);
        CHECK_INT(policy_match(p, "test", "a-b"), 1);
        CHECK_INT(policy_match(p, "best", "a-b"), 4);
    }
    policy_free(p);
    policy_free(NULL);
}

static void
test_example(void)
{
    struct policy *p = NULL;
    struct sse_diag err = {0};
    CHECK_INT(policy_load(SSE_SOURCE_DIR "/policy.example", &p, &err), SSE_OK);
    dump(&err);
    CHECK_INT(err.count, 0);
    if (p) {
        CHECK_INT(p->nrules, 4);
        CHECK_INT(policy_match(p, "prod-eu", "finance-2024"), 0);
        CHECK_INT(policy_match(p, "dev", "finance-2024"), 3);
        CHECK_INT(policy_match(p, "dev", "audit-07"), 1);
        CHECK_INT(policy_match(p, "dev", "audit-7"), 3);
        CHECK_INT(policy_match(p, "dev", "logs-web"), 2);
    }
    sse_diag_cleanup(&err);
    policy_free(p);
}

/* ---- judgement ------------------------------------------------------------------------------ */

#define POLICY                                                                                    \
    V1 "rules = (\n"                                                                              \
    "  { profile = \"prod*\"; buckets = ( \"finance-*\", \"hr-?-data\" ); require = \"KMS\";\n"   \
    "    kms_key_id = \"KEY-A\"; kms_data_encryption = \"SM4\"; },\n"  /* 0, line 3 */            \
    "  { profile = \"dev\"; buckets = ( \"finance-*\" ); require = \"AES256\"; },\n" /* 1, 5 */    \
    "  { buckets = ( \"logs-[a-c]\" ); require = \"SM4\"; },\n"           /* 2, line 6 */         \
    "  { buckets = ( \"kms-*\" ); require = \"KMS\"; },\n"                /* 3, line 7 */         \
    "  { buckets = ( \"kmsdata-*\" ); require = \"KMS\"; kms_data_encryption = \"SM4\"; },\n" /*4*/ \
    "  { buckets = ( \"any-*\" ); require = \"any\"; apply = \"SM4\"; },\n"   /* 5, line 9 */     \
    "  { buckets = ( \"anykms-*\" ); require = \"any\"; apply = \"KMS\"; },\n" /* 6, line 10 */   \
    "  { profile = \"[st]est\"; buckets = ( \"*\" ); require = \"any\"; }\n"   /* 7, line 11 */   \
    ");\n"

static struct sse_rule
R(enum sse_algo a, const char *key, enum sse_data_enc d, const char *raw)
{
    struct sse_rule r;
    memset(&r, 0, sizeof r);
    r.algo = a;
    r.data_enc = d;
    snprintf(r.kms_key_id, sizeof r.kms_key_id, "%s", key ? key : "");
    snprintf(r.algo_raw, sizeof r.algo_raw, "%s", raw ? raw : "");
    return r;
}

static bool
zero_rule(const struct sse_rule *r)
{
    static const struct sse_rule z;
    return memcmp(r, &z, sizeof z) == 0;
}

/* Judges one bucket and checks verdict, rule index and why; for DRIFTED also the target. */
static void
judge_at(int line, const struct policy *p, const char *profile, const char *bucket,
         const struct sse_rule *cur, enum policy_verdict want, int rule, const char *why,
         const struct sse_rule *target)
{
    struct policy_judgement j = policy_judge(p, profile, bucket, cur);
    char got_why[512];
    memset(got_why, 0x5a, sizeof got_why); /* every byte that counts must be written */
    policy_why(p, j, cur, false, got_why, sizeof got_why);
    struct sse_rule got_target;
    memset(&got_target, 0x5a, sizeof got_target);
    policy_target(p, j, cur, &got_target);
    int got_rule = j.rule == POLICY_NO_RULE ? -1 : (int)j.rule;
    int got_line = policy_judgement_line(p, j);
    bool ok = j.verdict == want && got_rule == rule && strcmp(got_why, why) == 0;
    if (rule >= 0)
        ok = ok && got_line == p->rules[rule].line;
    else
        ok = ok && got_line == 0;
    if (want == POLICY_DRIFTED) {
        ok = ok && target && j.differs && sse_rule_equal(&got_target, target) &&
             got_target.data_enc == target->data_enc && validate_rule(&got_target, NULL) == SSE_OK;
    } else {
        ok = ok && !j.differs && zero_rule(&got_target);
    }
    check_count++;
    if (!ok) {
        check_failures++;
        char d[400];
        fprintf(stderr, "%s:%d: %s/%s: got %s rule %d line %d why \"%s\" target %s\n", __FILE__,
                line, profile ? profile : "(null)", bucket,
                policy_verdict_name((enum policy_verdict)j.verdict), got_rule, got_line, got_why,
                sse_rule_describe(&got_target, d, sizeof d));
        fprintf(stderr, "    want %s rule %d why \"%s\"\n", policy_verdict_name(want), rule, why);
    }
}
#define JUDGE(p, prof, b, cur, want, rule, why, target) \
    judge_at(__LINE__, (p), (prof), (b), (cur), (want), (rule), (why), (target))

static void
test_matching(const struct policy *p)
{
    CHECK_INT(p->nrules, 8);
    CHECK_INT(p->rules[0].line, 3);
    CHECK_INT(p->rules[1].line, 5);
    CHECK_INT(p->rules[7].line, 11);
    /* Bucket globs: *, ?, [a-c]; profile globs: prod*, [st]est. */
    CHECK_INT(policy_match(p, "prod", "finance-q1"), 0);
    CHECK_INT(policy_match(p, "prod-eu", "finance-"), 0);
    CHECK_INT(policy_match(p, "prod", "hr-1-data"), 0);
    CHECK_INT(policy_match(p, "prod", "hr-12-data"), -1);
    CHECK_INT(policy_match(p, "prod", "hr--data"), -1);
    CHECK_INT(policy_match(p, "PROD", "finance-q1"), -1);      /* globs are case-sensitive */
    CHECK_INT(policy_match(p, "preprod", "finance-q1"), -1);   /* anchored at both ends */
    CHECK_INT(policy_match(p, "dev", "finance-q1"), 1);
    CHECK_INT(policy_match(p, "dev2", "finance-q1"), -1);
    CHECK_INT(policy_match(p, "x", "logs-a"), 2);
    CHECK_INT(policy_match(p, "x", "logs-c"), 2);
    CHECK_INT(policy_match(p, "x", "logs-d"), -1);
    CHECK_INT(policy_match(p, "x", "logs-ab"), -1);
    CHECK_INT(policy_match(p, "test", "anything"), 7);
    CHECK_INT(policy_match(p, "sest", "anything"), 7);
    CHECK_INT(policy_match(p, "best", "anything"), -1);
    /* First match wins: a later catch-all does not take what an earlier rule names. */
    CHECK_INT(policy_match(p, "test", "logs-b"), 2);
    CHECK_INT(policy_match(p, "test", "logs-d"), 7);
    CHECK_INT(policy_match(p, "prod", "kms-x"), 3);
    /* A NULL profile counts as "": only "*"-profile rules can match it. */
    CHECK_INT(policy_match(p, NULL, "logs-a"), 2);
    CHECK_INT(policy_match(p, NULL, "finance-q1"), -1);
    CHECK_INT(policy_match(p, "prod", NULL), -1);
    CHECK_INT(policy_match(NULL, "prod", "finance-q1"), -1);

    /* First match wins even when a later rule would be satisfied: rule 2 (SM4) judges logs-b. */
    struct sse_rule aes = R(SSE_ALGO_AES256, NULL, SSE_DATA_ENC_NONE, NULL);
    struct sse_rule t_sm4 = R(SSE_ALGO_SM4, NULL, SSE_DATA_ENC_NONE, NULL);
    JUDGE(p, "test", "logs-b", &aes, POLICY_DRIFTED, 2, "algorithm is AES256, policy requires SM4",
          &t_sm4);
    JUDGE(p, "test", "logs-z", &aes, POLICY_COMPLIANT, 7, "", NULL);
}

static void
test_verdicts(const struct policy *p)
{
    struct sse_rule none = R(SSE_ALGO_NONE, NULL, SSE_DATA_ENC_NONE, NULL);
    struct sse_rule aes = R(SSE_ALGO_AES256, NULL, SSE_DATA_ENC_NONE, NULL);
    struct sse_rule sm4 = R(SSE_ALGO_SM4, NULL, SSE_DATA_ENC_NONE, NULL);
    struct sse_rule kms = R(SSE_ALGO_KMS, NULL, SSE_DATA_ENC_NONE, NULL);
    struct sse_rule unk = R(SSE_ALGO_UNKNOWN, NULL, SSE_DATA_ENC_NONE, "SM9");
    struct sse_rule unk_noraw = R(SSE_ALGO_UNKNOWN, NULL, SSE_DATA_ENC_NONE, NULL);
    struct sse_rule kms_a_sm4 = R(SSE_ALGO_KMS, "KEY-A", SSE_DATA_ENC_SM4, NULL);
    struct sse_rule kms_b_sm4 = R(SSE_ALGO_KMS, "KEY-B", SSE_DATA_ENC_SM4, NULL);
    struct sse_rule kms_oss_sm4 = R(SSE_ALGO_KMS, NULL, SSE_DATA_ENC_SM4, NULL);
    struct sse_rule kms_a = R(SSE_ALGO_KMS, "KEY-A", SSE_DATA_ENC_NONE, NULL);
    struct sse_rule kms_a_unk = R(SSE_ALGO_KMS, "KEY-A", SSE_DATA_ENC_UNKNOWN, NULL);
    struct sse_rule kms_b = R(SSE_ALGO_KMS, "KEY-B", SSE_DATA_ENC_NONE, NULL);
    struct sse_rule kms_z = R(SSE_ALGO_KMS, "KEY-Z", SSE_DATA_ENC_NONE, NULL);
    struct sse_rule kms_z_sm4 = R(SSE_ALGO_KMS, "KEY-Z", SSE_DATA_ENC_SM4, NULL);
    struct sse_rule kms_sm4 = R(SSE_ALGO_KMS, NULL, SSE_DATA_ENC_SM4, NULL);

    /* Unmanaged and unknown. */
    JUDGE(p, "qa", "other", &aes, POLICY_UNMANAGED, -1, "no policy rule matches this bucket", NULL);
    JUDGE(p, "qa", "other", NULL, POLICY_UNMANAGED, -1, "no policy rule matches this bucket", NULL);
    JUDGE(p, "prod", "finance-q1", NULL, POLICY_UNKNOWN, 0, "encryption state is not known", NULL);
    JUDGE(p, "x", "logs-a", NULL, POLICY_UNKNOWN, 2, "encryption state is not known", NULL);

    /* Rule 0: KMS with KEY-A and SM4 data encryption. */
    const char *b0 = "finance-q1";
    JUDGE(p, "prod", b0, &kms_a_sm4, POLICY_COMPLIANT, 0, "", NULL);
    JUDGE(p, "prod", b0, &aes, POLICY_DRIFTED, 0, "algorithm is AES256, policy requires KMS",
          &kms_a_sm4);
    JUDGE(p, "prod", b0, &sm4, POLICY_DRIFTED, 0, "algorithm is SM4, policy requires KMS",
          &kms_a_sm4);
    JUDGE(p, "prod", b0, &none, POLICY_DRIFTED, 0, "no encryption, policy requires KMS", &kms_a_sm4);
    JUDGE(p, "prod", b0, &unk, POLICY_DRIFTED, 0,
          "algorithm is \"SM9\" (unknown to sseadm), policy requires KMS", &kms_a_sm4);
    JUDGE(p, "prod", b0, &unk_noraw, POLICY_DRIFTED, 0,
          "algorithm is unknown, policy requires KMS", &kms_a_sm4);
    JUDGE(p, "prod", b0, &kms_b_sm4, POLICY_DRIFTED, 0, "CMK ID is KEY-B, policy requires KEY-A",
          &kms_a_sm4);
    JUDGE(p, "prod", b0, &kms_oss_sm4, POLICY_DRIFTED, 0,
          "CMK ID is none (OSS-managed CMK), policy requires KEY-A", &kms_a_sm4);
    JUDGE(p, "prod", b0, &kms_a, POLICY_DRIFTED, 0, "data encryption is none, policy requires SM4",
          &kms_a_sm4);
    JUDGE(p, "prod", b0, &kms_a_unk, POLICY_DRIFTED, 0,
          "data encryption is unknown, policy requires SM4", &kms_a_sm4);
    {
        struct sse_rule odd = kms_a;
        odd.data_enc = SSE_DATA_ENC_UNKNOWN;
        strcpy(odd.data_enc_raw, "SM9");
        JUDGE(p, "prod", b0, &odd, POLICY_DRIFTED, 0,
              "data encryption is \"SM9\" (unknown to sseadm), policy requires SM4", &kms_a_sm4);
    }
    JUDGE(p, "prod", b0, &kms_b, POLICY_DRIFTED, 0,
          "CMK ID is KEY-B, policy requires KEY-A; data encryption is none, policy requires SM4",
          &kms_a_sm4);
    JUDGE(p, "prod-eu", "hr-x-data", &kms_b, POLICY_DRIFTED, 0,
          "CMK ID is KEY-B, policy requires KEY-A; data encryption is none, policy requires SM4",
          &kms_a_sm4);

    /* Rule 1: AES256. */
    JUDGE(p, "dev", b0, &aes, POLICY_COMPLIANT, 1, "", NULL);
    JUDGE(p, "dev", b0, &sm4, POLICY_DRIFTED, 1, "algorithm is SM4, policy requires AES256", &aes);
    JUDGE(p, "dev", b0, &kms_a_sm4, POLICY_DRIFTED, 1, "algorithm is KMS, policy requires AES256",
          &aes);
    JUDGE(p, "dev", b0, &none, POLICY_DRIFTED, 1, "no encryption, policy requires AES256", &aes);
    JUDGE(p, "dev", b0, &unk, POLICY_DRIFTED, 1,
          "algorithm is \"SM9\" (unknown to sseadm), policy requires AES256", &aes);

    /* Rule 2: SM4 (KMS with SM4 data encryption is not the SM4 algorithm). */
    JUDGE(p, "x", "logs-b", &sm4, POLICY_COMPLIANT, 2, "", NULL);
    JUDGE(p, "x", "logs-b", &kms_sm4, POLICY_DRIFTED, 2, "algorithm is KMS, policy requires SM4",
          &sm4);
    JUDGE(p, "x", "logs-b", &unk, POLICY_DRIFTED, 2,
          "algorithm is \"SM9\" (unknown to sseadm), policy requires SM4", &sm4);

    /* Rule 3: KMS, any CMK, either data encryption. */
    JUDGE(p, "x", "kms-1", &kms, POLICY_COMPLIANT, 3, "", NULL);
    JUDGE(p, "x", "kms-1", &kms_b, POLICY_COMPLIANT, 3, "", NULL);
    JUDGE(p, "x", "kms-1", &kms_b_sm4, POLICY_COMPLIANT, 3, "", NULL);
    JUDGE(p, "x", "kms-1", &aes, POLICY_DRIFTED, 3, "algorithm is AES256, policy requires KMS", &kms);
    JUDGE(p, "x", "kms-1", &none, POLICY_DRIFTED, 3, "no encryption, policy requires KMS", &kms);

    /* Rule 4: KMS with SM4 data, any CMK: a KMS bucket keeps its CMK, others get OSS-managed. */
    JUDGE(p, "x", "kmsdata-1", &kms_z_sm4, POLICY_COMPLIANT, 4, "", NULL);
    JUDGE(p, "x", "kmsdata-1", &kms_sm4, POLICY_COMPLIANT, 4, "", NULL);
    JUDGE(p, "x", "kmsdata-1", &kms_z, POLICY_DRIFTED, 4,
          "data encryption is none, policy requires SM4", &kms_z_sm4);
    JUDGE(p, "x", "kmsdata-1", &aes, POLICY_DRIFTED, 4, "algorithm is AES256, policy requires KMS",
          &kms_sm4);
    /* A server CMK ID that could not be written back is dropped from the target. */
    struct sse_rule kms_bad = R(SSE_ALGO_KMS, "bad key", SSE_DATA_ENC_NONE, NULL);
    JUDGE(p, "x", "kmsdata-1", &kms_bad, POLICY_DRIFTED, 4,
          "data encryption is none, policy requires SM4", &kms_sm4);

    /* Rule 5: any, apply SM4. An unknown algorithm is still encryption. */
    JUDGE(p, "x", "any-1", &aes, POLICY_COMPLIANT, 5, "", NULL);
    JUDGE(p, "x", "any-1", &kms_b, POLICY_COMPLIANT, 5, "", NULL);
    JUDGE(p, "x", "any-1", &sm4, POLICY_COMPLIANT, 5, "", NULL);
    JUDGE(p, "x", "any-1", &unk, POLICY_COMPLIANT, 5, "", NULL);
    JUDGE(p, "x", "any-1", &unk_noraw, POLICY_COMPLIANT, 5, "", NULL);
    JUDGE(p, "x", "any-1", &none, POLICY_DRIFTED, 5, "no encryption, policy requires any", &sm4);
    /* Rule 6: any, apply KMS (OSS-managed CMK, no data encryption). */
    JUDGE(p, "x", "anykms-1", &none, POLICY_DRIFTED, 6, "no encryption, policy requires any", &kms);
    /* Rule 7: any, apply defaults to AES256. */
    JUDGE(p, "test", "zz", &none, POLICY_DRIFTED, 7, "no encryption, policy requires any", &aes);
    JUDGE(p, "test", "zz", &unk, POLICY_COMPLIANT, 7, "", NULL);

    /* Server text in why is sanitized. */
    struct sse_rule evil_algo = R(SSE_ALGO_UNKNOWN, NULL, SSE_DATA_ENC_NONE, "X\x1b[2J");
    JUDGE(p, "dev", b0, &evil_algo, POLICY_DRIFTED, 1,
          "algorithm is \"X?[2J\" (unknown to sseadm), policy requires AES256", &aes);
    struct sse_rule evil_key = R(SSE_ALGO_KMS, "K\x1b]0;t\a", SSE_DATA_ENC_SM4, NULL);
    JUDGE(p, "prod", b0, &evil_key, POLICY_DRIFTED, 0, "CMK ID is K?]0;t?, policy requires KEY-A",
          &kms_a_sm4);
}

/* Long CMK IDs on both sides: why is cut, not overrun. */
static void
test_long_why(void)
{
    char key[251], text[700];
    memset(key, 'a', 250);
    key[250] = '\0';
    snprintf(text, sizeof text,
             ONE("buckets = ( \"*\" ); require = \"KMS\"; kms_key_id = \"%s\"; "
                 "kms_data_encryption = \"SM4\";"), key);
    struct policy *p = LOADS(text);
    if (!p)
        return;
    struct sse_rule cur = R(SSE_ALGO_KMS, NULL, SSE_DATA_ENC_NONE, NULL);
    memset(cur.kms_key_id, 'b', 250);
    struct policy_judgement j = policy_judge(p, "x", "bucket", &cur);
    CHECK_INT(j.verdict, POLICY_DRIFTED);
    CHECK_INT(j.differs, POLICY_DIFF_KMS_KEY | POLICY_DIFF_DATA_ENC);
    char why[512];
    policy_why(p, j, &cur, false, why, sizeof why);
    CHECK(strlen(why) < sizeof why);
    CHECK(strncmp(why, "CMK ID is bbb", 13) == 0);
    /* A buffer too small for every difference gets a cut, terminated text. */
    char small[40];
    policy_why(p, j, &cur, false, small, sizeof small);
    CHECK_INT(strlen(small), sizeof small - 1);
    CHECK(strncmp(small, "CMK ID is bbb", 13) == 0);
    struct sse_rule target;
    policy_target(p, j, &cur, &target);
    CHECK_STR(target.kms_key_id, key);
    CHECK_INT(target.data_enc, SSE_DATA_ENC_SM4);
    CHECK_INT(validate_rule(&target, NULL), SSE_OK);
    policy_free(p);
}

static void
test_names(const struct policy *p)
{
    CHECK_STR(policy_verdict_name(POLICY_UNMANAGED), "unmanaged");
    CHECK_STR(policy_verdict_name(POLICY_COMPLIANT), "compliant");
    CHECK_STR(policy_verdict_name(POLICY_DRIFTED), "drifted");
    CHECK_STR(policy_verdict_name(POLICY_UNKNOWN), "unknown");
    CHECK_STR(policy_verdict_name((enum policy_verdict)42), "unknown");
    CHECK_STR(policy_require_name(POLICY_REQUIRE_AES256), "AES256");
    CHECK_STR(policy_require_name(POLICY_REQUIRE_KMS), "KMS");
    CHECK_STR(policy_require_name(POLICY_REQUIRE_SM4), "SM4");
    CHECK_STR(policy_require_name(POLICY_REQUIRE_ANY), "any");

    char buf[128];
    CHECK_STR(policy_rule_describe(&p->rules[0], buf, sizeof buf),
              "KMS (CMK KEY-A, SM4 data encryption)");
    CHECK_STR(policy_rule_describe(&p->rules[1], buf, sizeof buf), "AES256");
    CHECK_STR(policy_rule_describe(&p->rules[2], buf, sizeof buf), "SM4");
    CHECK_STR(policy_rule_describe(&p->rules[3], buf, sizeof buf), "KMS (any CMK)");
    CHECK_STR(policy_rule_describe(&p->rules[4], buf, sizeof buf),
              "KMS (any CMK, SM4 data encryption)");
    CHECK_STR(policy_rule_describe(&p->rules[5], buf, sizeof buf), "any (apply sets SM4)");
    CHECK_STR(policy_rule_describe(&p->rules[7], buf, sizeof buf), "any (apply sets AES256)");
    CHECK_STR(policy_rule_describe(&p->rules[0], buf, 8), "KMS (CM");
    CHECK_STR(p->path, NAME);
}

int
main(void)
{
    test_top_level();
    test_rule_keys();
    test_shadowed();
    test_many_errors_file();
    test_files();
    test_example();

    struct policy *p = LOADS(POLICY);
    if (p) {
        test_matching(p);
        test_verdicts(p);
        test_names(p);
    }
    policy_free(p);
    test_long_why();

    /* A string loaded without a name is called "(string)". */
    struct policy *q = NULL;
    CHECK_INT(policy_load_string(ONE("buckets = ( \"*\" ); require = \"any\";"), NULL, &q, NULL),
              SSE_OK);
    CHECK(q && strcmp(q->path, "(string)") == 0);
    policy_free(q);
    return check_done("policy");
}
