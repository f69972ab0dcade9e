/* test_oss_sign.c — the V1/V4 signers against every signing vector, step by step, and
 * oss_sign_request end to end on the requests sseadm sends. */
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "core/rule.h"
#include "oss/request.h"
#include "oss/sign.h"
#include "oss/sign_v1.h"
#include "oss/sign_v4.h"

#define VEC(file) SSE_TEST_DATA "/vectors/" file

/* Names the vector a failure belongs to, once, after that vector's checks. */
#define VECTOR_BEGIN(id)                  \
    int vector_failures_ = check_failures; \
    const char *vector_id_ = (id)
#define VECTOR_END()                                                   \
    do {                                                               \
        if (check_failures != vector_failures_)                        \
            fprintf(stderr, "  ^ in vector %s\n", vector_id_);         \
    } while (0)

static int vectors_v1, vectors_v4, vectors_derived, vectors_e2e;

static json_t *
load(const char *path)
{
    json_error_t jerr;
    json_t *root = json_load_file(path, 0, &jerr);
    if (!root)
        fprintf(stderr, "%s:%d: %s\n", path, jerr.line, jerr.text);
    return root;
}

/* The string member, or NULL when missing or null. */
static const char *
jstr(const json_t *obj, const char *key)
{
    return json_string_value(json_object_get(obj, key));
}

static bool
str_eq(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static int
hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

/* Percent-decodes n bytes of s into a new string (caller frees). */
static char *
pct_decode(const char *s, size_t n)
{
    char *out = malloc(n + 1);
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '%' && i + 2 < n && hexval(s[i + 1]) >= 0 && hexval(s[i + 2]) >= 0) {
            out[o++] = (char)(hexval(s[i + 1]) * 16 + hexval(s[i + 2]));
            i += 2;
        } else {
            out[o++] = s[i];
        }
    }
    out[o] = '\0';
    return out;
}

/* Line n (from 0) of s as a new string (caller frees); "" past the end. */
static char *
line_at(const char *s, int n)
{
    for (int i = 0; i < n && s; i++) {
        s = strchr(s, '\n');
        if (s)
            s++;
    }
    if (!s)
        return strdup("");
    return strndup(s, strcspn(s, "\n"));
}

/* Scheme, host and query of a vector's request_url go into r. */
static void
apply_url(struct oss_request *r, const char *url)
{
    const char *sep = strstr(url, "://");
    snprintf(r->scheme, sizeof r->scheme, "%.*s", (int)(sep - url), url);
    const char *h = sep + 3;
    snprintf(r->host, sizeof r->host, "%.*s", (int)strcspn(h, "/?"), h);
    const char *q = strchr(url, '?');
    if (!q)
        return;
    for (q++; *q;) {
        size_t len = strcspn(q, "&");
        const char *eq = memchr(q, '=', len);
        char *name = pct_decode(q, eq ? (size_t)(eq - q) : len);
        char *value = eq ? pct_decode(eq + 1, len - (size_t)(eq - q) - 1) : NULL;
        CHECK_INT(oss_request_add_param(r, name, value), SSE_OK);
        free(name);
        free(value);
        q += len;
        if (*q == '&')
            q++;
    }
}

/* [[name, value|null], ...] into the query; presign parameters (x-oss-*) left out on request. */
static void
apply_pairs(struct oss_request *r, const json_t *pairs, bool skip_xoss)
{
    size_t i;
    json_t *pair;
    json_array_foreach(pairs, i, pair) {
        const char *name = json_string_value(json_array_get(pair, 0));
        if (skip_xoss && strncmp(name, "x-oss-", 6) == 0)
            continue;
        CHECK_INT(oss_request_add_param(r, name, json_string_value(json_array_get(pair, 1))),
                  SSE_OK);
    }
}

/* A request with the vector's method, bucket, key, host, query and headers. */
static void
build_from_vector(struct oss_request *r, const json_t *v, bool skip_xoss)
{
    oss_request_init(r, jstr(v, "method"));
    if (jstr(v, "bucket"))
        sse_strlcpy(r->bucket, jstr(v, "bucket"), sizeof r->bucket);
    if (jstr(v, "key"))
        CHECK_INT(oss_request_set_key(r, jstr(v, "key")), SSE_OK);
    if (jstr(v, "host"))
        sse_strlcpy(r->host, jstr(v, "host"), sizeof r->host);
    if (json_object_get(v, "query_params"))
        apply_pairs(r, json_object_get(v, "query_params"), skip_xoss);
    else if (json_object_get(v, "query"))
        apply_pairs(r, json_object_get(v, "query"), false);
    else if (jstr(v, "request_url"))
        apply_url(r, jstr(v, "request_url"));
    const char *name;
    json_t *value;
    json_object_foreach(json_object_get(v, "headers"), name, value)
        CHECK_INT(oss_request_set_header(r, name, json_string_value(value)), SSE_OK);
}

static void
creds_set(struct oss_credentials *c, const char *id, const char *secret, const char *token)
{
    memset(c, 0, sizeof *c);
    CHECK_INT(oss_credentials_set(c, id, secret, token), SSE_OK);
}

/* Sorts r's query by raw name, the order Go's url.Values.Encode gives a presigned URL. */
static void
sort_params(struct oss_request *r)
{
    for (size_t i = 1; i < r->nparams; i++)
        for (size_t j = i; j > 0 && strcmp(r->params[j - 1].name, r->params[j].name) > 0; j--) {
            struct oss_kv t = r->params[j];
            r->params[j] = r->params[j - 1];
            r->params[j - 1] = t;
        }
}

static bool
pair_listed(const json_t *pairs, const char *name)
{
    size_t i;
    json_t *pair;
    json_array_foreach(pairs, i, pair)
        if (strcmp(json_string_value(json_array_get(pair, 0)), name) == 0)
            return true;
    return false;
}

static const char *
param_value(const struct oss_request *r, const char *name, bool *found)
{
    for (size_t i = 0; i < r->nparams; i++)
        if (strcmp(r->params[i].name, name) == 0) {
            *found = true;
            return r->params[i].value;
        }
    *found = false;
    return NULL;
}

/* ---- V1 ---------------------------------------------------------------------------------- */

static void
test_v1_vector(const json_t *v)
{
    VECTOR_BEGIN(jstr(v, "id"));
    bool query_mode = strcmp(jstr(v, "mode"), "query") == 0;
    const char *expires = jstr(v, "expires");
    const char *want_sts = jstr(v, "expected_string_to_sign");
    struct oss_request r;
    build_from_vector(&r, v, false);
    /* In query mode the STS token is a signed sub-resource; the presigner adds it (see below). */
    if (query_mode && jstr(v, "security_token"))
        CHECK_INT(oss_request_add_param(&r, "security-token", jstr(v, "security_token")), SSE_OK);

    /* Each part: OSS headers are lines 5 to the one before last, the resource is the last line. */
    const char *want_hdrs = want_sts;
    for (int i = 0; i < 4; i++)
        want_hdrs = strchr(want_hdrs, '\n') + 1;
    const char *want_res = strrchr(want_sts, '\n') + 1;
    struct strbuf sb;
    strbuf_init(&sb, 0);
    CHECK_INT(sign_v1_canonical_headers(&r, &sb), SSE_OK);
    CHECK_INT(sb.len, want_res - want_hdrs);
    CHECK(strncmp(strbuf_cstr(&sb), want_hdrs, sb.len) == 0);
    strbuf_reset(&sb);
    CHECK_INT(sign_v1_canonical_resource(&r, &sb), SSE_OK);
    CHECK_STR(strbuf_cstr(&sb), want_res);
    strbuf_reset(&sb);
    CHECK_INT(sign_v1_string_to_sign(&r, query_mode ? expires : NULL, &sb), SSE_OK);
    CHECK_STR(strbuf_cstr(&sb), want_sts);

    /* Exactly the listed parameters are sub-resources. */
    const json_t *subs = json_object_get(v, "canonical_subresources");
    if (!subs)
        subs = json_object_get(v, "subresources");
    for (size_t i = 0; i < r.nparams; i++)
        CHECK_INT(sign_v1_is_subresource(r.params[i].name), pair_listed(subs, r.params[i].name));

    struct oss_credentials c;
    creds_set(&c, jstr(v, "access_key_id"), jstr(v, "access_key_secret"),
              jstr(v, "security_token"));
    char sig[SIGN_V1_SIGNATURE_SIZE];
    CHECK_INT(sign_v1_signature(jstr(v, "access_key_secret"), want_sts, sig), SSE_OK);
    if (query_mode) {
        CHECK_STR(sig, jstr(v, "expected_signature"));
    } else {
        const char *want_auth = jstr(v, "expected_authorization");
        CHECK_STR(sig, strchr(want_auth, ':') + 1);
        strbuf_reset(&sb);
        CHECK_INT(sign_v1_authorization(&r, &c, &sb), SSE_OK);
        CHECK_STR(strbuf_cstr(&sb), want_auth);
    }
    oss_request_cleanup(&r);

    if (query_mode) {
        /* The whole presigned URL, from the request as the caller has it (no token parameter). */
        const char *note = strstr(jstr(v, "note"), "Final URL: ");
        CHECK(note != NULL);
        build_from_vector(&r, v, false);
        CHECK_INT(sign_v1_presign(&r, &c, atoll(expires)), SSE_OK);
        bool found;
        CHECK_STR(param_value(&r, "Signature", &found), jstr(v, "expected_signature"));
        sort_params(&r);
        strbuf_reset(&sb);
        CHECK_INT(oss_request_url(&r, &sb), SSE_OK);
        if (note)
            CHECK_STR(strbuf_cstr(&sb), note + strlen("Final URL: "));
        oss_request_cleanup(&r);
    }
    oss_credentials_cleanup(&c);
    strbuf_cleanup(&sb);
    vectors_v1++;
    VECTOR_END();
}

/* ---- V4 ---------------------------------------------------------------------------------- */

/* The vector's additional_headers as a C array (at most 8). */
static size_t
additional_from_vector(const json_t *v, const char *names[8])
{
    size_t n = 0, i;
    json_t *name;
    json_array_foreach(json_object_get(v, "additional_headers"), i, name)
        if (n < 8)
            names[n++] = json_string_value(name);
    return n;
}

/* Checks each line group of the canonical request, then the whole of it. */
static void
check_v4_canonical(const struct oss_request *r, const char *const *add, size_t nadd,
                   const char *want)
{
    struct strbuf sb;
    strbuf_init(&sb, 0);
    char *line;

    CHECK_INT(sign_v4_canonical_uri(r, &sb), SSE_OK);
    CHECK_STR(strbuf_cstr(&sb), line = line_at(want, 1));
    free(line);
    strbuf_reset(&sb);
    CHECK_INT(sign_v4_canonical_query(r, &sb), SSE_OK);
    CHECK_STR(strbuf_cstr(&sb), line = line_at(want, 2));
    free(line);

    /* The two last lines are AdditionalHeaders and the payload; the header block ends with the
     * blank line before them. */
    const char *payload = strrchr(want, '\n') + 1;
    const char *add_line = payload - 1;
    while (add_line > want && add_line[-1] != '\n')
        add_line--;
    const char *hdrs = want;
    for (int i = 0; i < 3; i++)
        hdrs = strchr(hdrs, '\n') + 1;
    strbuf_reset(&sb);
    CHECK_INT(sign_v4_additional_headers(r, add, nadd, &sb), SSE_OK);
    CHECK(strncmp(strbuf_cstr(&sb), add_line, (size_t)(payload - 1 - add_line)) == 0 &&
          sb.len == (size_t)(payload - 1 - add_line));
    char *additional = strdup(strbuf_cstr(&sb));
    strbuf_reset(&sb);
    CHECK_INT(sign_v4_canonical_headers(r, additional, &sb), SSE_OK);
    CHECK(sb.len == (size_t)(add_line - 1 - hdrs) && strncmp(strbuf_cstr(&sb), hdrs, sb.len) == 0);
    free(additional);

    strbuf_reset(&sb);
    CHECK_INT(sign_v4_canonical_request(r, add, nadd, &sb), SSE_OK);
    CHECK_STR(strbuf_cstr(&sb), want);
    strbuf_cleanup(&sb);
}

static void
test_v4_vector(const json_t *v)
{
    VECTOR_BEGIN(jstr(v, "id"));
    bool query_mode = strcmp(jstr(v, "mode"), "query") == 0;
    const char *want_creq = jstr(v, "expected_canonical_request");
    const char *want_sts = jstr(v, "expected_string_to_sign");
    const char *want_sig = jstr(v, "expected_signature");
    const char *want_auth = jstr(v, "expected_authorization");
    const char *add[8];
    size_t nadd = additional_from_vector(v, add);
    struct sign_v4_params p = {
        .datetime = jstr(v, "signing_datetime"),
        .region = jstr(v, "region"),
        .product = jstr(v, "product"),
        .additional_headers = add,
        .nadditional = nadd,
    };
    struct strbuf sb;
    strbuf_init(&sb, 0);
    struct oss_request r;
    build_from_vector(&r, v, false);
    check_v4_canonical(&r, add, nadd, want_creq);

    /* Scope, string to sign, key chain, signature. */
    char *scope = line_at(want_sts, 2);
    CHECK_INT(sign_v4_scope(p.datetime, p.region, p.product, &sb), SSE_OK);
    CHECK_STR(strbuf_cstr(&sb), scope);
    strbuf_reset(&sb);
    CHECK_INT(sign_v4_string_to_sign(p.datetime, scope, want_creq, &sb), SSE_OK);
    CHECK_STR(strbuf_cstr(&sb), want_sts);
    free(scope);
    unsigned char key[SIGN_V4_KEY_SIZE];
    char hex[SIGN_V4_HEX_SIZE];
    CHECK_INT(sign_v4_signing_key(jstr(v, "access_key_secret"), p.datetime, p.region, p.product,
                                  key),
              SSE_OK);
    CHECK_INT(sign_v4_signature(key, want_sts, hex), SSE_OK);
    CHECK_STR(hex, want_sig);

    struct oss_credentials c;
    creds_set(&c, jstr(v, "access_key_id"), jstr(v, "access_key_secret"),
              jstr(v, "security_token"));
    if (!query_mode) {
        CHECK(want_auth != NULL);
        strbuf_reset(&sb);
        CHECK_INT(sign_v4_authorization(&r, &c, &p, &sb), SSE_OK);
        CHECK_STR(strbuf_cstr(&sb), want_auth);
    }
    oss_request_cleanup(&r);

    if (query_mode) {
        /* Presign the request without the x-oss-* parameters: they must come back as listed,
         * plus x-oss-signature. */
        const json_t *pairs = json_object_get(v, "query_params");
        build_from_vector(&r, v, true);
        bool found;
        const char *expires = NULL;
        size_t i;
        json_t *pair;
        json_array_foreach(pairs, i, pair)
            if (strcmp(json_string_value(json_array_get(pair, 0)), "x-oss-expires") == 0)
                expires = json_string_value(json_array_get(pair, 1));
        CHECK(expires != NULL);
        CHECK_INT(sign_v4_presign(&r, &c, &p, expires ? atol(expires) : 0), SSE_OK);
        CHECK_INT(r.nparams, json_array_size(pairs) + 1);
        json_array_foreach(pairs, i, pair) {
            const char *name = json_string_value(json_array_get(pair, 0));
            const char *value = param_value(&r, name, &found);
            CHECK(found && str_eq(value, json_string_value(json_array_get(pair, 1))));
        }
        CHECK_STR(param_value(&r, "x-oss-signature", &found), want_sig);
        oss_request_cleanup(&r);
    }
    oss_credentials_cleanup(&c);
    strbuf_cleanup(&sb);
    vectors_v4++;
    VECTOR_END();
}

/* The SDK note for this vector: absent headers, x-oss-* and repeated names drop out. */
static void
test_v4_additional_filtering(const json_t *v)
{
    VECTOR_BEGIN("v4 AdditionalHeaders filtering");
    const char *asked[] = {"x-oss-no-exist", "ZAbc", "x-oss-head1", "abc", "ABC", "Content-Type",
                           "no-such-header", ""};
    struct oss_request r;
    build_from_vector(&r, v, false);
    check_v4_canonical(&r, asked, sizeof asked / sizeof asked[0],
                       jstr(v, "expected_canonical_request"));
    oss_request_cleanup(&r);
    VECTOR_END();
}

/* ---- derived vectors through oss_sign_request -------------------------------------------- */

/* Text between <tag> and </tag> in body, copied into out ("" when absent). */
static void
xml_text(const char *body, const char *tag, char *out, size_t size)
{
    char open[64], close[64];
    snprintf(open, sizeof open, "<%s>", tag);
    snprintf(close, sizeof close, "</%s>", tag);
    const char *a = strstr(body, open);
    const char *b = a ? strstr(a, close) : NULL;
    if (!a || !b) {
        out[0] = '\0';
        return;
    }
    a += strlen(open);
    snprintf(out, size, "%.*s", (int)(b - a), a);
}

static enum sse_status
build_derived_op(struct oss_request *r, const struct oss_account *acct, const json_t *v,
                 struct sse_error *err)
{
    const char *op = jstr(v, "op");
    const char *bucket = jstr(v, "bucket");
    if (strcmp(op, "GetBucketEncryption") == 0)
        return oss_build_get_encryption(r, acct, bucket, err);
    if (strcmp(op, "DeleteBucketEncryption") == 0)
        return oss_build_delete_encryption(r, acct, bucket, err);
    if (strcmp(op, "PutBucketEncryption") == 0) {
        struct sse_rule rule;
        memset(&rule, 0, sizeof rule);
        char text[SSE_KMS_KEY_MAX];
        xml_text(jstr(v, "body"), "SSEAlgorithm", text, sizeof text);
        CHECK(sse_algo_parse(text, &rule.algo));
        xml_text(jstr(v, "body"), "KMSMasterKeyID", rule.kms_key_id, sizeof rule.kms_key_id);
        xml_text(jstr(v, "body"), "KMSDataEncryption", text, sizeof text);
        if (text[0])
            CHECK(sse_data_enc_parse(text, &rule.data_enc));
        return oss_build_put_encryption(r, acct, bucket, &rule, err);
    }
    /* ListBuckets */
    const char *prefix = NULL, *marker = NULL;
    int max_keys = 0;
    size_t i;
    json_t *pair;
    json_array_foreach(json_object_get(v, "query"), i, pair) {
        const char *name = json_string_value(json_array_get(pair, 0));
        const char *value = json_string_value(json_array_get(pair, 1));
        if (strcmp(name, "prefix") == 0)
            prefix = value;
        else if (strcmp(name, "marker") == 0)
            marker = value;
        else if (strcmp(name, "max-keys") == 0)
            max_keys = atoi(value);
    }
    return oss_build_list_buckets(r, acct, prefix, marker, max_keys, err);
}

static void
test_derived_e2e(const json_t *common, const json_t *v)
{
    bool v4 = strcmp(jstr(v, "signature_version"), "v4") == 0;
    const json_t *headers = json_object_get(v, "headers");
    /* Only the shapes sseadm sends: V1 with both Date and x-oss-date, V4 without
     * AdditionalHeaders. The other derived vectors are checked step by step only. */
    if (!v4 && !json_object_get(headers, "x-oss-date"))
        return;
    if (v4 && json_array_size(json_object_get(v, "additional_headers")) > 0)
        return;
    VECTOR_BEGIN(jstr(v, "id"));

    const char *host = jstr(v, "host");
    const char *bucket = jstr(v, "bucket");
    const char *endpoint_host = bucket ? host + strlen(bucket) + 1 : host;
    struct oss_account acct;
    memset(&acct, 0, sizeof acct);
    snprintf(acct.profile, sizeof acct.profile, "test");
    snprintf(acct.endpoint, sizeof acct.endpoint, "https://%s", endpoint_host);
    snprintf(acct.region, sizeof acct.region, "%s", jstr(v, "region") ? jstr(v, "region") : "");
    acct.signature_version = v4 ? 4 : 1;
    CHECK_INT(oss_credentials_set(&acct.creds, jstr(v, "access_key_id"),
                                  jstr(v, "access_key_secret"), jstr(v, "security_token")),
              SSE_OK);

    /* Path style must sign the same: the bucket is in the signed resource either way. */
    for (int style = 0; style < 2; style++) {
        acct.addressing = style ? OSS_ADDR_PATH : OSS_ADDR_VIRTUAL;
        struct oss_request r;
        struct sse_error err;
        sse_error_clear(&err);
        enum sse_status st = build_derived_op(&r, &acct, v, &err);
        CHECK_INT(st, SSE_OK);
        if (st != SSE_OK)
            fprintf(stderr, "  build: %s\n", err.message);
        time_t when = (time_t)json_integer_value(json_object_get(common, "unix_time"));
        st = oss_sign_request(&r, &acct, when, &err);
        CHECK_INT(st, SSE_OK);
        if (st != SSE_OK)
            fprintf(stderr, "  sign: %s\n", err.message);

        CHECK_STR(r.method, jstr(v, "method"));
        CHECK_STR(r.host, style && bucket ? endpoint_host : host);
        struct strbuf path;
        strbuf_init(&path, 0);
        CHECK_INT(oss_request_path(&r, &path), SSE_OK);
        CHECK_STR(strbuf_cstr(&path), style && bucket ? "/examplebucket/" : jstr(v, "path"));
        strbuf_cleanup(&path);

        /* The query exactly as listed, in order. */
        const json_t *query = json_object_get(v, "query");
        CHECK_INT(r.nparams, json_array_size(query));
        for (size_t i = 0; i < r.nparams && i < json_array_size(query); i++) {
            const json_t *pair = json_array_get(query, i);
            CHECK_STR(r.params[i].name, json_string_value(json_array_get(pair, 0)));
            CHECK(str_eq(r.params[i].value, json_string_value(json_array_get(pair, 1))));
        }

        /* Every header it set: the vector's, Date (sent unsigned in V4), Authorization. */
        CHECK_INT(r.nheaders, json_object_size(headers) + (v4 ? 2 : 1));
        const char *name;
        json_t *value;
        json_object_foreach((json_t *)headers, name, value)
            CHECK_STR(oss_request_header(&r, name), json_string_value(value));
        if (v4)
            CHECK_STR(oss_request_header(&r, "Date"), jstr(common, "date_gmt"));
        CHECK_STR(oss_request_header(&r, "Authorization"), jstr(v, "expected_authorization"));

        const char *body = jstr(v, "body");
        if (body)
            CHECK(r.body && r.body_len == strlen(body) && memcmp(r.body, body, r.body_len) == 0);
        else
            CHECK(r.body == NULL);
        oss_request_cleanup(&r);
    }
    oss_credentials_cleanup(&acct.creds);
    vectors_e2e++;
    VECTOR_END();
}

static void
test_derived_vector(const json_t *common, const json_t *v)
{
    if (strcmp(jstr(v, "signature_version"), "v4") == 0)
        test_v4_vector(v);
    else
        test_v1_vector(v);
    vectors_derived++;
    test_derived_e2e(common, v);
}

/* ---- properties beyond the vectors ------------------------------------------------------- */

static void
test_dates(void)
{
    struct {
        long long t;
        const char *gmt, *iso;
    } cases[] = {
        {1735787045, "Thu, 02 Jan 2025 03:04:05 GMT", "20250102T030405Z"},
        {0, "Thu, 01 Jan 1970 00:00:00 GMT", "19700101T000000Z"},
        {1702743657, "Sat, 16 Dec 2023 16:20:57 GMT", "20231216T162057Z"},
        {951782400, "Tue, 29 Feb 2000 00:00:00 GMT", "20000229T000000Z"},
        {1709251199, "Thu, 29 Feb 2024 23:59:59 GMT", "20240229T235959Z"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char gmt[SIGN_V1_DATE_SIZE], iso[SIGN_V4_DATETIME_SIZE];
        CHECK_INT(sign_v1_format_date((time_t)cases[i].t, gmt), SSE_OK);
        CHECK_STR(gmt, cases[i].gmt);
        CHECK_INT(sign_v4_format_datetime((time_t)cases[i].t, iso), SSE_OK);
        CHECK_STR(iso, cases[i].iso);
    }
    char iso[SIGN_V4_DATETIME_SIZE];
    if (sizeof(time_t) > 4) /* 10000-01-01 needs five digits */
        CHECK_INT(sign_v4_format_datetime((time_t)253402300800LL, iso), SSE_ERR_INVALID);
}

static void
test_v1_rules(void)
{
    const char *subs[] = {"encryption", "acl", "resourceGroup", "versionId", "security-token",
                          "bucketInfo", "regionList", "x-oss-process", "uploadId"};
    const char *plain[] = {"prefix", "marker", "max-keys", "Expires", "Signature",
                           "OSSAccessKeyId", "non-resousce", "ENCRYPTION", "continuation"};
    for (size_t i = 0; i < sizeof subs / sizeof subs[0]; i++)
        CHECK(sign_v1_is_subresource(subs[i]));
    for (size_t i = 0; i < sizeof plain / sizeof plain[0]; i++)
        CHECK(!sign_v1_is_subresource(plain[i]));

    struct oss_request r;
    struct strbuf sb;
    strbuf_init(&sb, 0);
    oss_request_init(&r, "GET");
    sse_strlcpy(r.bucket, "bkt", sizeof r.bucket);
    /* x-oss-date wins over Date; no date at all is refused. */
    CHECK_INT(sign_v1_string_to_sign(&r, NULL, &sb), SSE_ERR_INVALID);
    oss_request_set_header(&r, "Date", "Mon, 01 Jan 2024 00:00:00 GMT");
    strbuf_reset(&sb);
    CHECK_INT(sign_v1_string_to_sign(&r, NULL, &sb), SSE_OK);
    CHECK_STR(strbuf_cstr(&sb), "GET\n\n\nMon, 01 Jan 2024 00:00:00 GMT\n/bkt/");
    oss_request_set_header(&r, "X-OSS-Date", "Tue, 02 Jan 2024 00:00:00 GMT");
    strbuf_reset(&sb);
    CHECK_INT(sign_v1_string_to_sign(&r, NULL, &sb), SSE_OK);
    CHECK_STR(strbuf_cstr(&sb), "GET\n\n\nTue, 02 Jan 2024 00:00:00 GMT\n"
                                "x-oss-date:Tue, 02 Jan 2024 00:00:00 GMT\n/bkt/");
    /* Header names fold to lower case, values are trimmed, others are not signed. */
    oss_request_set_header(&r, "X-Oss-Meta-B", "  two\t");
    oss_request_set_header(&r, "x-oss-meta-a", "one");
    oss_request_set_header(&r, "X-Other", "no");
    strbuf_reset(&sb);
    CHECK_INT(sign_v1_canonical_headers(&r, &sb), SSE_OK);
    CHECK_STR(strbuf_cstr(&sb), "x-oss-date:Tue, 02 Jan 2024 00:00:00 GMT\nx-oss-meta-a:one\n"
                                "x-oss-meta-b:two\n");
    /* Sub-resources sorted, empty value bare, raw (unencoded) values and key. */
    oss_request_add_param(&r, "versionId", "v 1/+");
    oss_request_add_param(&r, "prefix", "p");
    oss_request_add_param(&r, "acl", "");
    oss_request_set_key(&r, "dir/a b+c");
    strbuf_reset(&sb);
    CHECK_INT(sign_v1_canonical_resource(&r, &sb), SSE_OK);
    CHECK_STR(strbuf_cstr(&sb), "/bkt/dir/a b+c?acl&versionId=v 1/+");
    /* Path style changes nothing signed. */
    r.path_style = true;
    strbuf_reset(&sb);
    CHECK_INT(sign_v1_canonical_resource(&r, &sb), SSE_OK);
    CHECK_STR(strbuf_cstr(&sb), "/bkt/dir/a b+c?acl&versionId=v 1/+");
    oss_request_cleanup(&r);

    /* No bucket: "/" whatever the query. */
    oss_request_init(&r, "GET");
    oss_request_add_param(&r, "max-keys", "10");
    strbuf_reset(&sb);
    CHECK_INT(sign_v1_canonical_resource(&r, &sb), SSE_OK);
    CHECK_STR(strbuf_cstr(&sb), "/");
    oss_request_cleanup(&r);
    strbuf_cleanup(&sb);
}

static void
test_v4_encoding(void)
{
    struct oss_request r;
    struct strbuf sb;
    strbuf_init(&sb, 0);
    oss_request_init(&r, "GET");
    sse_strlcpy(r.bucket, "bkt", sizeof r.bucket);
    /* §3.2: unreserved kept, '/' kept in the URI only, everything else %XX upper case. */
    oss_request_set_key(&r, "dir/a b+c!'()*~\xc3\xa9.txt");
    CHECK_INT(sign_v4_canonical_uri(&r, &sb), SSE_OK);
    CHECK_STR(strbuf_cstr(&sb), "/bkt/dir/a%20b%2Bc%21%27%28%29%2A~%C3%A9.txt");
    /* Path style: the bucket is still in the canonical URI. */
    r.path_style = true;
    strbuf_reset(&sb);
    CHECK_INT(sign_v4_canonical_uri(&r, &sb), SSE_OK);
    CHECK_STR(strbuf_cstr(&sb), "/bkt/dir/a%20b%2Bc%21%27%28%29%2A~%C3%A9.txt");
    oss_request_set_key(&r, NULL);
    strbuf_reset(&sb);
    CHECK_INT(sign_v4_canonical_uri(&r, &sb), SSE_OK);
    CHECK_STR(strbuf_cstr(&sb), "/bkt/");

    /* All params, sorted by encoded name; NULL and "" both bare. */
    oss_request_add_param(&r, "b", "");
    oss_request_add_param(&r, "a/b c", "x+y/z=~");
    oss_request_add_param(&r, "encryption", NULL);
    oss_request_add_param(&r, "|z", "1");
    oss_request_add_param(&r, "a", "2");
    oss_request_add_param(&r, "a", "1");
    strbuf_reset(&sb);
    CHECK_INT(sign_v4_canonical_query(&r, &sb), SSE_OK);
    CHECK_STR(strbuf_cstr(&sb), "%7Cz=1&a=1&a=2&a%2Fb%20c=x%2By%2Fz%3D~&b&encryption");
    oss_request_cleanup(&r);

    /* No bucket: "/" and an empty query line. */
    oss_request_init(&r, "GET");
    strbuf_reset(&sb);
    CHECK_INT(sign_v4_canonical_uri(&r, &sb), SSE_OK);
    CHECK_STR(strbuf_cstr(&sb), "/");
    strbuf_reset(&sb);
    CHECK_INT(sign_v4_canonical_query(&r, &sb), SSE_OK);
    CHECK_STR(strbuf_cstr(&sb), "");

    /* Canonical headers: names folded, values trimmed; x-oss-* and content-* only, no Date/Host. */
    oss_request_set_header(&r, "Date", "Thu, 02 Jan 2025 03:04:05 GMT");
    oss_request_set_header(&r, "Host", "h");
    oss_request_set_header(&r, "Content-MD5", " m ");
    oss_request_set_header(&r, "X-OSS-Date", "20250102T030405Z");
    strbuf_reset(&sb);
    CHECK_INT(sign_v4_canonical_headers(&r, NULL, &sb), SSE_OK);
    CHECK_STR(strbuf_cstr(&sb), "content-md5:m\nx-oss-date:20250102T030405Z\n");
    strbuf_reset(&sb);
    CHECK_INT(sign_v4_canonical_headers(&r, "host", &sb), SSE_OK);
    CHECK_STR(strbuf_cstr(&sb), "content-md5:m\nhost:h\nx-oss-date:20250102T030405Z\n");
    /* Payload line: UNSIGNED-PAYLOAD when no x-oss-content-sha256. */
    strbuf_reset(&sb);
    CHECK_INT(sign_v4_canonical_request(&r, NULL, 0, &sb), SSE_OK);
    CHECK_STR(strbuf_cstr(&sb), "GET\n/\n\ncontent-md5:m\nx-oss-date:20250102T030405Z\n\n\n"
                                "UNSIGNED-PAYLOAD");
    /* A header name that would split AdditionalHeaders is refused. */
    oss_request_set_header(&r, "a;b", "x");
    const char *bad[] = {"a;b"};
    strbuf_reset(&sb);
    CHECK_INT(sign_v4_additional_headers(&r, bad, 1, &sb), SSE_ERR_INVALID);
    oss_request_cleanup(&r);

    /* Scope inputs are checked. */
    strbuf_reset(&sb);
    CHECK_INT(sign_v4_scope("20250102T030405Z", "cn-hangzhou", NULL, &sb), SSE_OK);
    CHECK_STR(strbuf_cstr(&sb), "20250102/cn-hangzhou/oss/aliyun_v4_request");
    CHECK_INT(sign_v4_scope("2025-01-02T03:04:05Z", "cn-hangzhou", "oss", &sb), SSE_ERR_INVALID);
    CHECK_INT(sign_v4_scope("20250102T030405Z", "", "oss", &sb), SSE_ERR_INVALID);
    CHECK_INT(sign_v4_scope("20250102T030405Z", "cn/hangzhou", "oss", &sb), SSE_ERR_INVALID);
    strbuf_cleanup(&sb);
}

/* Signs a GetBucketEncryption for examplebucket with the given account; returns the request. */
static enum sse_status
sign_get(struct oss_request *r, struct oss_account *acct, struct sse_error *err)
{
    enum sse_status st = oss_build_get_encryption(r, acct, "examplebucket", err);
    if (st == SSE_OK)
        st = oss_sign_request(r, acct, (time_t)1735787045, err);
    return st;
}

static void
account_init(struct oss_account *acct, int version, const char *token)
{
    memset(acct, 0, sizeof *acct);
    snprintf(acct->profile, sizeof acct->profile, "prod");
    snprintf(acct->endpoint, sizeof acct->endpoint, "https://oss-cn-hangzhou.aliyuncs.com");
    snprintf(acct->region, sizeof acct->region, "cn-hangzhou");
    acct->signature_version = version;
    CHECK_INT(oss_credentials_set(&acct->creds, "LTAI5tExampleAccessKeyID",
                                  "ExampleAccessKeySecret0123456789", token),
              SSE_OK);
}

static void
test_sts_and_secrecy(void)
{
    const char *secret = "ExampleAccessKeySecret0123456789";
    for (int version = 1; version <= 4; version += 3) {
        char auth[2][256];
        for (int t = 0; t < 2; t++) {
            struct oss_account acct;
            account_init(&acct, version, t ? "TOKEN-B" : "TOKEN-A");
            struct oss_request r;
            struct sse_error err;
            sse_error_clear(&err);
            CHECK_INT(sign_get(&r, &acct, &err), SSE_OK);
            /* The token is sent and covered by the signature. */
            CHECK_STR(oss_request_header(&r, "x-oss-security-token"), t ? "TOKEN-B" : "TOKEN-A");
            struct strbuf sb;
            strbuf_init(&sb, 0);
            if (version == 4)
                CHECK_INT(sign_v4_canonical_request(&r, NULL, 0, &sb), SSE_OK);
            else
                CHECK_INT(sign_v1_string_to_sign(&r, NULL, &sb), SSE_OK);
            CHECK(strstr(strbuf_cstr(&sb), t ? "x-oss-security-token:TOKEN-B\n"
                                             : "x-oss-security-token:TOKEN-A\n") != NULL);
            strbuf_cleanup(&sb);
            snprintf(auth[t], sizeof auth[t], "%s", oss_request_header(&r, "Authorization"));
            /* The secret is in no header and not in the URL. */
            for (size_t i = 0; i < r.nheaders; i++)
                CHECK(strstr(r.headers[i].value, secret) == NULL);
            strbuf_init(&sb, 0);
            CHECK_INT(oss_request_url(&r, &sb), SSE_OK);
            CHECK(strstr(strbuf_cstr(&sb), secret) == NULL);
            strbuf_cleanup(&sb);
            oss_request_cleanup(&r);
            oss_credentials_cleanup(&acct.creds);
        }
        CHECK(strcmp(auth[0], auth[1]) != 0);
    }

    /* Presigned URLs carry the id and the token, never the secret. */
    struct oss_credentials c;
    creds_set(&c, "ak", "SuperSecretValue", "tok");
    struct oss_request r;
    oss_request_init(&r, "GET");
    sse_strlcpy(r.bucket, "bkt", sizeof r.bucket);
    sse_strlcpy(r.host, "bkt.example.com", sizeof r.host);
    CHECK_INT(sign_v1_presign(&r, &c, 1700000000), SSE_OK);
    struct strbuf sb;
    strbuf_init(&sb, 0);
    CHECK_INT(oss_request_url(&r, &sb), SSE_OK);
    CHECK(strstr(strbuf_cstr(&sb), "SuperSecretValue") == NULL);
    CHECK(strstr(strbuf_cstr(&sb), "security-token=tok") != NULL);
    oss_request_cleanup(&r);
    oss_request_init(&r, "GET");
    sse_strlcpy(r.bucket, "bkt", sizeof r.bucket);
    struct sign_v4_params p = {.datetime = "20250102T030405Z", .region = "cn-hangzhou"};
    CHECK_INT(sign_v4_presign(&r, &c, &p, 60), SSE_OK);
    strbuf_reset(&sb);
    CHECK_INT(oss_request_url(&r, &sb), SSE_OK);
    CHECK(strstr(strbuf_cstr(&sb), "SuperSecretValue") == NULL);
    CHECK(strstr(strbuf_cstr(&sb), "x-oss-security-token=tok") != NULL);
    strbuf_cleanup(&sb);
    oss_request_cleanup(&r);
    oss_credentials_cleanup(&c);
}

static void
test_resign(void)
{
    /* A retry signs the same request again: headers are replaced, never duplicated. */
    for (int version = 1; version <= 4; version += 3) {
        struct oss_account acct;
        account_init(&acct, version, NULL);
        struct oss_request r;
        struct sse_error err;
        CHECK_INT(sign_get(&r, &acct, &err), SSE_OK);
        size_t n = r.nheaders;
        char first[256];
        snprintf(first, sizeof first, "%s", oss_request_header(&r, "Authorization"));
        CHECK_INT(oss_sign_request(&r, &acct, (time_t)1735787105, &err), SSE_OK);
        CHECK_INT(r.nheaders, n);
        CHECK(strcmp(first, oss_request_header(&r, "Authorization")) != 0);
        CHECK_STR(oss_request_header(&r, "Date"), "Thu, 02 Jan 2025 03:05:05 GMT");
        CHECK_STR(oss_request_header(&r, "x-oss-date"),
                  version == 4 ? "20250102T030505Z" : "Thu, 02 Jan 2025 03:05:05 GMT");
        oss_request_cleanup(&r);
        oss_credentials_cleanup(&acct.creds);
    }
}

/* oss_sign_request fails with the given status, a message containing `want`, no secret in the
 * message, and no Authorization on the request. */
static void
expect_sign_error(struct oss_account *acct, enum sse_status status, const char *want)
{
    struct oss_request r;
    struct sse_error err;
    sse_error_clear(&err);
    CHECK_INT(oss_build_get_encryption(&r, acct, "examplebucket", &err), SSE_OK);
    CHECK_INT(oss_sign_request(&r, acct, (time_t)1735787045, &err), status);
    CHECK_INT(err.status, status);
    CHECK(strstr(err.message, want) != NULL);
    if (!strstr(err.message, want))
        fprintf(stderr, "  message: %s\n", err.message);
    CHECK(strstr(err.message, "ExampleAccessKeySecret") == NULL);
    CHECK(oss_request_header(&r, "Authorization") == NULL);
    oss_request_cleanup(&r);
}

static void
test_errors(void)
{
    struct oss_account acct;
    account_init(&acct, 4, NULL);
    oss_credentials_cleanup(&acct.creds);
    expect_sign_error(&acct, SSE_ERR_CREDENTIALS, "no access key ID");
    CHECK_INT(oss_credentials_set(&acct.creds, "LTAI5tExampleAccessKeyID", NULL, NULL), SSE_OK);
    expect_sign_error(&acct, SSE_ERR_CREDENTIALS, "no access key secret");
    CHECK_INT(oss_credentials_set(&acct.creds, "LTAI5t\r\nX-Evil: 1",
                                  "ExampleAccessKeySecret0123456789", NULL),
              SSE_OK);
    expect_sign_error(&acct, SSE_ERR_CREDENTIALS, "access key ID contains");
    CHECK_INT(oss_credentials_set(&acct.creds, "LTAI5tExampleAccessKeyID",
                                  "ExampleAccessKeySecret0123456789", "tok\r\nX-Evil: 1"),
              SSE_OK);
    expect_sign_error(&acct, SSE_ERR_CREDENTIALS, "security token");
    oss_credentials_cleanup(&acct.creds);

    account_init(&acct, 4, NULL);
    acct.region[0] = '\0';
    expect_sign_error(&acct, SSE_ERR_CONFIG, "region is required");
    snprintf(acct.region, sizeof acct.region, "oss-cn-hangzhou");
    expect_sign_error(&acct, SSE_ERR_CONFIG, "\"cn-hangzhou\"");
    snprintf(acct.region, sizeof acct.region, "cn hangzhou");
    expect_sign_error(&acct, SSE_ERR_CONFIG, "region must be");
    snprintf(acct.region, sizeof acct.region, "cn-hangzhou");
    acct.signature_version = 2;
    expect_sign_error(&acct, SSE_ERR_CONFIG, "signature version 2");
    acct.signature_version = 0;
    expect_sign_error(&acct, SSE_ERR_CONFIG, "signature version 0");

    /* V1 does not need a region. */
    acct.signature_version = 1;
    acct.region[0] = '\0';
    struct oss_request r;
    struct sse_error err;
    CHECK_INT(sign_get(&r, &acct, &err), SSE_OK);
    oss_request_cleanup(&r);
    oss_credentials_cleanup(&acct.creds);

    /* The step functions refuse missing credentials too. */
    struct oss_credentials none;
    memset(&none, 0, sizeof none);
    struct strbuf sb;
    strbuf_init(&sb, 0);
    oss_request_init(&r, "GET");
    oss_request_set_header(&r, "Date", "x");
    struct sign_v4_params p = {.datetime = "20250102T030405Z", .region = "cn-hangzhou"};
    CHECK_INT(sign_v1_authorization(&r, &none, &sb), SSE_ERR_CREDENTIALS);
    CHECK_INT(sign_v4_authorization(&r, &none, &p, &sb), SSE_ERR_CREDENTIALS);
    CHECK_INT(sign_v1_presign(&r, &none, 1), SSE_ERR_CREDENTIALS);
    CHECK_INT(sign_v4_presign(&r, &none, &p, 60), SSE_ERR_CREDENTIALS);
    CHECK_INT(r.nparams, 0);
    oss_request_cleanup(&r);
    strbuf_cleanup(&sb);
}

int
main(void)
{
    json_t *v1 = load(VEC("v1-sdk.json"));
    json_t *v4 = load(VEC("v4-sdk.json"));
    json_t *derived = load(VEC("derived-encryption.json"));
    CHECK(v1 && v4 && derived);
    size_t i;
    json_t *v;
    json_array_foreach(json_object_get(v1, "vectors"), i, v)
        test_v1_vector(v);
    json_array_foreach(json_object_get(v4, "vectors"), i, v) {
        test_v4_vector(v);
        if (strcmp(jstr(v, "id"), "v4-header-put-object-additional-headers") == 0)
            test_v4_additional_filtering(v);
    }
    const json_t *common = json_object_get(derived, "common");
    json_array_foreach(json_object_get(derived, "vectors"), i, v)
        test_derived_vector(common, v);

    /* Every vector in the files was reproduced (a vector silently skipped would lower these). */
    CHECK_INT(vectors_v1, json_array_size(json_object_get(v1, "vectors")) + 5);
    CHECK_INT(vectors_v4, json_array_size(json_object_get(v4, "vectors")) + 6);
    CHECK_INT(vectors_derived, json_array_size(json_object_get(derived, "vectors")));
    CHECK_INT(vectors_e2e, 9);
    json_decref(v1);
    json_decref(v4);
    json_decref(derived);

    test_dates();
    test_v1_rules();
    test_v4_encoding();
    test_sts_and_secrecy();
    test_resign();
    test_errors();
    return check_done("sign");
}
