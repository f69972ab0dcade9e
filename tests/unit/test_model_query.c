/* test_model_query.c — the list filter's terms: what parses (every field, negation, any case,
 * spaces), what is refused and why (unknown field with did-you-mean, a value a field does not
 * take, an empty value, a lone !, policy: without a policy, a glob that cannot match, too many
 * terms, too long), matching rows of a fleet term by term, and which filters narrow others. */
#include <stdio.h>
#include <string.h>

#include "answer.h"
#include "check.h"
#include "model/query.h"
#include "policy/policy.h"

static struct oss_account acct_prod = { .profile = "prod-hz", .region = "cn-hangzhou" },
                          acct_bj = { .profile = "prod-bj", .region = "cn-beijing" },
                          acct_dev = { .profile = "dev", .region = "cn-hangzhou" };

/* Rows: 0 logs-a (AES256), 1 logs-b (KMS key-ABC-1), 2 data (none), 3 media (error
 * AccessDenied), 4 raw (not read), 5 bj-logs (KMS, OSS-managed; profile prod-bj), 6 dev-x (SM4;
 * profile dev). */
static void
fleet_of_seven(struct fleet *f)
{
    fleet_init(f);
    int p = fleet_add_profile(f, &acct_prod, false);
    int b = fleet_add_profile(f, &acct_bj, false);
    int d = fleet_add_profile(f, &acct_dev, false);
    fleet_add(f, p, "logs-a");
    fleet_add(f, p, "logs-b");
    fleet_add(f, p, "data");
    fleet_add(f, p, "media");
    fleet_add(f, p, "raw");
    fleet_add(f, b, "bj-logs");
    fleet_add(f, d, "dev-x");
    answer_row(f, 0, SSE_ALGO_AES256, NULL, false, NULL);
    answer_row(f, 1, SSE_ALGO_KMS, "key-ABC-1", true, NULL);
    answer_row(f, 2, SSE_ALGO_NONE, NULL, false, NULL);
    answer_row(f, 3, SSE_ALGO_NONE, NULL, false, "AccessDenied");
    answer_row(f, 5, SSE_ALGO_KMS, NULL, false, NULL);
    answer_row(f, 6, SSE_ALGO_SM4, NULL, false, NULL);
}

/* The rows of f that text matches, as "0 3 5", or "error: MESSAGE". */
static const char *
matches(const struct fleet *f, const char *text, bool has_policy, char *buf, size_t size)
{
    struct query q;
    struct query_error err;
    if (query_parse(text, has_policy, &q, &err) != SSE_OK) {
        snprintf(buf, size, "error: %s", err.message);
        return buf;
    }
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < f->count; i++) {
        char low[64];
        size_t n = strlen(f->rows[i].bucket);
        for (size_t k = 0; k <= n; k++)
            low[k] = (char)(f->rows[i].bucket[k] >= 'A' && f->rows[i].bucket[k] <= 'Z'
                                ? f->rows[i].bucket[k] + 32 : f->rows[i].bucket[k]);
        if (query_match(&q, f, i, low, n))
            used += (size_t)snprintf(buf + used, size - used, "%s%zu", used ? " " : "", i);
    }
    return buf;
}

static void
test_match(void)
{
    struct fleet f;
    fleet_of_seven(&f);
    char b[256];
    CHECK_STR(matches(&f, "", false, b, sizeof b), "0 1 2 3 4 5 6");
    CHECK_STR(matches(&f, "logs", false, b, sizeof b), "0 1 5");
    CHECK_STR(matches(&f, "LOGS", false, b, sizeof b), "0 1 5");
    CHECK_STR(matches(&f, "  logs   -a ", false, b, sizeof b), "0");
    CHECK_STR(matches(&f, "!logs", false, b, sizeof b), "2 3 4 6");
    CHECK_STR(matches(&f, "alg:none", false, b, sizeof b), "2"); /* the error row's rule is not known */
    CHECK_STR(matches(&f, "alg:AES256", false, b, sizeof b), "0");
    CHECK_STR(matches(&f, "ALG:kms", false, b, sizeof b), "1 5");
    CHECK_STR(matches(&f, "alg:sm4", false, b, sizeof b), "6");
    CHECK_STR(matches(&f, "!alg:none", false, b, sizeof b), "0 1 3 4 5 6");
    CHECK_STR(matches(&f, "key:abc", false, b, sizeof b), "1");
    CHECK_STR(matches(&f, "key:key-ABC-1", false, b, sizeof b), "1");
    CHECK_STR(matches(&f, "key:zzz", false, b, sizeof b), "");
    CHECK_STR(matches(&f, "!key:abc", false, b, sizeof b), "0 2 3 4 5 6");
    CHECK_STR(matches(&f, "profile:prod-*", false, b, sizeof b), "0 1 2 3 4 5");
    CHECK_STR(matches(&f, "profile:dev", false, b, sizeof b), "6");
    CHECK_STR(matches(&f, "!profile:prod-??", false, b, sizeof b), "6");
    CHECK_STR(matches(&f, "region:cn-beijing", false, b, sizeof b), "5");
    CHECK_STR(matches(&f, "region:cn-h*", false, b, sizeof b), "0 1 2 3 4 6");
    CHECK_STR(matches(&f, "status:ok", false, b, sizeof b), "0 1 2 5 6");
    CHECK_STR(matches(&f, "status:error", false, b, sizeof b), "3");
    CHECK_STR(matches(&f, "status:loading", false, b, sizeof b), "4");
    CHECK_STR(matches(&f, "status:accessdenied", false, b, sizeof b), "3");
    CHECK_STR(matches(&f, "status:NoSuchBucket", false, b, sizeof b), "");
    CHECK_STR(matches(&f, "!status:ok", false, b, sizeof b), "3 4");
    /* Terms together: all must hold. */
    CHECK_STR(matches(&f, "alg:kms logs", false, b, sizeof b), "1 5");
    CHECK_STR(matches(&f, "alg:kms logs region:cn-hangzhou", false, b, sizeof b), "1");
    CHECK_STR(matches(&f, "alg:kms !key:abc", false, b, sizeof b), "5");
    CHECK_STR(matches(&f, "!alg:none !alg:aes256 status:ok", false, b, sizeof b), "1 5 6");

    /* policy: with a policy: logs* must be KMS. */
    struct policy *pol = NULL;
    CHECK_INT(policy_load_string("version = 1;\nrules = ( { buckets = ( \"logs*\" ); "
                                 "require = \"KMS\"; } );\n", "t.policy", &pol, NULL), SSE_OK);
    fleet_set_policy(&f, pol);
    CHECK_STR(matches(&f, "policy:drifted", true, b, sizeof b), "0");
    CHECK_STR(matches(&f, "policy:compliant", true, b, sizeof b), "1");
    CHECK_STR(matches(&f, "policy:unmanaged", true, b, sizeof b), "2 3 4 5 6");
    CHECK_STR(matches(&f, "!policy:unmanaged", true, b, sizeof b), "0 1");
    fleet_set_policy(&f, NULL);
    policy_free(pol);
    fleet_cleanup(&f);
}

static const char *
refused(const char *text, bool has_policy, size_t *at, size_t *len)
{
    static struct query_error err;
    struct query q;
    if (query_parse(text, has_policy, &q, &err) == SSE_OK)
        return "(accepted)";
    CHECK_INT(q.count, 0);
    if (at)
        *at = err.at;
    if (len)
        *len = err.len;
    return err.message;
}

static void
test_refused(void)
{
    size_t at = 0, len = 0;
    CHECK_STR(refused("logs algo:kms", false, &at, &len),
              "Unknown term algo: (did you mean alg:?); known: alg: key: profile: region: status: "
              "policy:");
    CHECK_INT(at, 5);
    CHECK_INT(len, 8);
    CHECK_STR(refused("colour:red", false, NULL, NULL),
              "Unknown term colour:; known: alg: key: profile: region: status: policy:");
    CHECK_STR(refused("alg:des", false, NULL, NULL),
              "alg: takes none, aes256, kms or sm4, not \"des\"");
    CHECK_STR(refused("alg:", false, &at, NULL), "alg: needs a value (alg:none|aes256|kms|sm4)");
    CHECK_INT(at, 0);
    CHECK_STR(refused("!", false, NULL, NULL), "! stands before a term, e.g. !alg:none or !logs");
    CHECK_STR(refused("logs !", false, &at, NULL), "! stands before a term, e.g. !alg:none or !logs");
    CHECK_INT(at, 5);
    CHECK_STR(refused("policy:drifted", false, NULL, NULL),
              "policy: needs a policy: start sseadm with --policy FILE");
    CHECK_STR(refused("policy:bad", true, NULL, NULL),
              "policy: takes compliant, drifted, unknown or unmanaged, not \"bad\"");
    CHECK(strstr(refused("profile:prod[", false, NULL, NULL), "no closing ']'") != NULL);
    CHECK(strstr(refused("region:CN_*", false, NULL, NULL), "can never match") != NULL);
    CHECK_STR(refused("a b c d e f g h i j k l m n o p q", false, &at, NULL), "At most 16 terms.");
    CHECK_INT(at, 32);
    char longer[200];
    memset(longer, 'x', sizeof longer - 1);
    longer[sizeof longer - 1] = '\0';
    CHECK_STR(refused(longer, false, NULL, NULL), "The filter is too long (at most 127 characters).");
    /* Accepted: a value with a colon in it belongs to its field; status takes any code. */
    CHECK_STR(refused("key:acs:kms:cn-hangzhou:1:key/k", false, NULL, NULL), "(accepted)");
    CHECK_STR(refused("status:Whatever", false, NULL, NULL), "(accepted)");
    CHECK_STR(refused("Alg:KMS", false, NULL, NULL), "(accepted)");

    struct query q;
    CHECK_INT(query_parse("  Logs  !alg:none  ", false, &q, NULL), SSE_OK);
    CHECK_INT(q.count, 2);
    CHECK_STR(q.typed, "  Logs  !alg:none  ");
    CHECK_STR(query_term_text(&q, 0), "logs");
    CHECK(q.terms[1].negated && q.terms[1].field == QUERY_ALG && q.terms[1].value == SSE_ALGO_NONE);
    CHECK(!query_names_only(&q));
    CHECK_INT(query_parse("a !b", false, &q, NULL), SSE_OK);
    CHECK(query_names_only(&q));
}

static bool
narrows(const char *a, const char *b)
{
    struct query p, n;
    CHECK_INT(query_parse(a, false, &p, NULL), SSE_OK);
    CHECK_INT(query_parse(b, false, &n, NULL), SSE_OK);
    return query_narrows(&p, &n);
}

static void
test_narrows(void)
{
    CHECK(narrows("", "l"));
    CHECK(narrows("l", "lo"));
    CHECK(narrows("lo", "xlox"));
    CHECK(narrows("logs", "logs "));
    CHECK(narrows("logs", "logs alg:kms"));
    CHECK(narrows("logs alg:kms", "logs alg:kms key:ab"));
    CHECK(narrows("key:ab", "key:abc"));
    CHECK(narrows("alg:kms key:ab", "alg:kms key:abc"));
    CHECK(!narrows("lo", "l"));
    CHECK(!narrows("logs", "lgs"));
    CHECK(!narrows("logs alg:kms", "logs"));
    CHECK(!narrows("!lo", "!log")); /* a longer negated substring lets more through */
    CHECK(!narrows("profile:p", "profile:p*")); /* a longer glob can match more */
    CHECK(!narrows("logs key:ab", "logsx key:ab")); /* only the last term may grow */
    CHECK(!narrows("alg:kms", "alg:sm4"));
}

int
main(void)
{
    test_match();
    test_refused();
    test_narrows();
    return check_done("test_model_query");
}
