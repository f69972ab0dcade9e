/* test_oss_response.c — what an OSS answer means: rule, "none", page, error, and retryability. */
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "oss/response.h"

static const char *
jstr(const json_t *obj, const char *key)
{
    const json_t *v = json_object_get(obj, key);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

static bool
starts_with(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* The x-oss-err header as the transport keeps it. */
static void
set_x_oss_err(struct oss_response *r, const char *value)
{
    strbuf_reset(&r->x_oss_err);
    strbuf_puts(&r->x_oss_err, value);
}

/* A response as the transport would leave it. */
static void
make(struct oss_response *r, long status, const char *body)
{
    oss_response_reset(r);
    r->http_status = status;
    if (body)
        strbuf_puts(&r->body, body);
}

#define ERR_DOC(code, msg)                                                          \
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error>\n  <Code>" code            \
    "</Code>\n  <Message>" msg "</Message>\n  <RequestId>5C3D9175B6FC201293AD0002"  \
    "</RequestId>\n  <HostId>b.oss-cn-hangzhou.aliyuncs.com</HostId>\n</Error>\n"

/* ---- fixtures ----------------------------------------------------------------------------- */

static void
test_fixtures(void)
{
    json_error_t jerr;
    json_t *root = json_load_file(SSE_TEST_DATA "/vectors/xml-fixtures.json", 0, &jerr);
    CHECK(root != NULL);
    if (!root)
        return;
    struct oss_response r;
    oss_response_init(&r);
    const json_t *list = json_object_get(root, "fixtures");
    int answers = 0;
    for (size_t i = 0; i < json_array_size(list); i++) {
        const json_t *fx = json_array_get(list, i);
        const char *id = jstr(fx, "id");
        const json_t *status = json_object_get(fx, "http_status");
        if (!json_is_integer(status))
            continue; /* request bodies */
        answers++;
        make(&r, (long)json_integer_value(status), jstr(fx, "body"));
        const json_t *headers = json_object_get(fx, "headers");
        const char *rid = jstr(headers, "X-Oss-Request-Id");
        if (rid)
            strcpy(r.request_id, rid);
        if (jstr(headers, "Content-Type"))
            strcpy(r.content_type, jstr(headers, "Content-Type"));
        const json_t *exp = json_object_get(fx, "expected");
        struct sse_error e;
        memset(&e, 0x55, sizeof e); /* check fills every field */

        if (strncmp(id, "error-", 6) == 0) {
            CHECK_INT(oss_response_check(&r, &e), SSE_ERR_SERVICE);
            CHECK_INT(e.status, SSE_ERR_SERVICE);
            CHECK_INT(e.http_status, json_integer_value(status));
            CHECK_STR(e.code, exp ? jstr(exp, "Code") : "InvalidArgument");
            /* The header's request id wins; the body's fills in when there is no header. */
            const char *want_rid = rid ? rid : exp ? jstr(exp, "RequestId") : "694532*******";
            if (want_rid)
                CHECK_STR(e.request_id, want_rid);
            CHECK(e.message[0] != '\0');
            if (exp && jstr(exp, "EC"))
                CHECK_STR(e.ec, jstr(exp, "EC"));
            CHECK(!oss_response_retryable(&r, &e));
            /* An error answer to a Get is that error, not a rule. */
            struct sse_rule rule;
            CHECK_INT(oss_response_rule(&r, &rule, &e), SSE_ERR_SERVICE);
        } else if (strncmp(id, "get-response-", 13) == 0) {
            CHECK_INT(oss_response_check(&r, &e), SSE_OK);
            CHECK_INT(e.http_status, 200);
            CHECK_STR(e.request_id, rid);
            CHECK_STR(e.code, "");
            struct sse_rule rule;
            CHECK_INT(oss_response_rule(&r, &rule, &e), SSE_OK);
            CHECK_STR(sse_algo_name(rule.algo), jstr(exp, "SSEAlgorithm"));
            CHECK_STR(rule.kms_key_id,
                      jstr(exp, "KMSMasterKeyID") ? jstr(exp, "KMSMasterKeyID") : "");
            CHECK_INT(rule.data_enc,
                      jstr(exp, "KMSDataEncryption") ? SSE_DATA_ENC_SM4 : SSE_DATA_ENC_NONE);
        } else if (strncmp(id, "listbuckets-", 12) == 0) {
            struct oss_bucket_page page;
            CHECK_INT(oss_response_bucket_page(&r, &page, &e), SSE_OK);
            CHECK_INT(page.count, json_array_size(json_object_get(exp, "buckets")));
            CHECK_INT(page.truncated, json_is_true(json_object_get(exp, "IsTruncated")));
            oss_bucket_page_cleanup(&page);
        } else {
            CHECK(!"fixture with an HTTP status but no test");
        }
    }
    CHECK_INT(answers, 10);
    oss_response_cleanup(&r);
    json_decref(root);
}

/* ---- "no rule" ---------------------------------------------------------------------------- */

static void
test_no_rule(void)
{
    struct oss_response r;
    oss_response_init(&r);
    struct sse_rule rule;
    struct sse_error e;
    const char *none_doc = ERR_DOC("NoSuchServerSideEncryptionRule",
                                   "The server side encryption configuration was not found");

    /* 404 as PY1's live test shows, and 400 as the en-US doc table says: decided on the Code. */
    for (long status = 400; status <= 404; status += 4) {
        make(&r, status, none_doc);
        strcpy(r.request_id, "RID-1");
        memset(&rule, 0x55, sizeof rule);
        CHECK_INT(oss_response_rule(&r, &rule, &e), SSE_OK);
        CHECK_INT(rule.algo, SSE_ALGO_NONE);
        CHECK_STR(rule.kms_key_id, "");
        CHECK_INT(e.status, SSE_OK);
        CHECK_STR(e.code, "");
        CHECK_INT(e.http_status, status);
        CHECK_STR(e.request_id, "RID-1");
    }

    /* The same, from the x-oss-err header of an empty-bodied answer. */
    make(&r, 404, NULL);
    set_x_oss_err(&r,
           "PD94bWwgdmVyc2lvbj0iMS4wIiBlbmNvZGluZz0iVVRGLTgiPz4KPEVycm9yPgogIDxDb2RlPk5vU3VjaFNl"
           "cnZlclNpZGVFbmNyeXB0aW9uUnVsZTwvQ29kZT4KICA8TWVzc2FnZT5UaGUgc2VydmVyIHNpZGUgZW5jcnlw"
           "dGlvbiBjb25maWd1cmF0aW9uIHdhcyBub3QgZm91bmQ8L01lc3NhZ2U+CiAgPFJlcXVlc3RJZD41QzNEOTE3"
           "NUI2RkMyMDEyOTNBRDAwMDE8L1JlcXVlc3RJZD4KICA8SG9zdElkPmIub3NzLWNuLWhhbmd6aG91LmFsaXl1"
           "bmNzLmNvbTwvSG9zdElkPgogIDxFQz4wMDA1LTAwMDAwMDA0PC9FQz4KPC9FcnJvcj4K");
    CHECK_INT(oss_response_check(&r, &e), SSE_ERR_SERVICE);
    CHECK_STR(e.code, "NoSuchServerSideEncryptionRule");
    CHECK_STR(e.message, "The server side encryption configuration was not found");
    CHECK_STR(e.request_id, "5C3D9175B6FC201293AD0001");
    CHECK_STR(e.ec, "0005-00000004");
    CHECK_INT(oss_response_rule(&r, &rule, &e), SSE_OK);
    CHECK_INT(rule.algo, SSE_ALGO_NONE);

    /* Other 404s are errors. */
    make(&r, 404, ERR_DOC("NoSuchBucket", "The specified bucket does not exist."));
    CHECK_INT(oss_response_rule(&r, &rule, &e), SSE_ERR_SERVICE);
    CHECK_STR(e.code, "NoSuchBucket");
    CHECK_INT(rule.algo, SSE_ALGO_NONE);

    /* A 2xx answer without a body is not "no rule". */
    make(&r, 200, "\r\n");
    CHECK_INT(oss_response_rule(&r, &rule, &e), SSE_ERR_PROTOCOL);
    CHECK_STR(e.message, "HTTP 200 with an empty body where a ServerSideEncryptionRule was expected");
    make(&r, 204, NULL);
    CHECK_INT(oss_response_rule(&r, &rule, &e), SSE_ERR_PROTOCOL);
    CHECK_INT(e.http_status, 204);

    /* An unknown algorithm is passed on as unknown, never as none. */
    make(&r, 200, "<ServerSideEncryptionRule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>"
                  "DES</SSEAlgorithm></ApplyServerSideEncryptionByDefault></ServerSideEncryptionRule>");
    CHECK_INT(oss_response_rule(&r, &rule, &e), SSE_OK);
    CHECK_INT(rule.algo, SSE_ALGO_UNKNOWN);
    CHECK_STR(rule.algo_raw, "DES");

    /* A 2xx body that is not a rule keeps its XML error, with the HTTP facts. */
    make(&r, 200, "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>");
    strcpy(r.request_id, "RID-2");
    CHECK_INT(oss_response_rule(&r, &rule, &e), SSE_ERR_XML);
    CHECK_STR(e.message, "document has a DTD; refused");
    CHECK_INT(e.http_status, 200);
    CHECK_STR(e.request_id, "RID-2");
    oss_response_cleanup(&r);
}

/* ---- what is not OSS ---------------------------------------------------------------------- */

static void
test_not_oss(void)
{
    struct oss_response r;
    oss_response_init(&r);
    struct sse_error e;
    struct sse_rule rule;

    /* A proxy's HTML page, known by its markup or by its Content-Type. */
    make(&r, 502, "<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head>"
                  "<body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center>"
                  "</body></html>\n");
    CHECK_INT(oss_response_check(&r, &e), SSE_ERR_PROTOCOL);
    CHECK_STR(e.message, "HTTP 502 with an HTML page instead of an OSS response (a proxy?)");
    CHECK_INT(e.http_status, 502);
    CHECK_STR(e.code, "");
    CHECK(oss_response_retryable(&r, &e));
    make(&r, 403, "\n  <HTML><BODY>Access blocked by policy</BODY></HTML>");
    CHECK_INT(oss_response_check(&r, &e), SSE_ERR_PROTOCOL);
    CHECK_STR(e.message, "HTTP 403 with an HTML page instead of an OSS response (a proxy?)");
    CHECK(!oss_response_retryable(&r, &e));
    make(&r, 407, "Proxy Authentication Required");
    strcpy(r.content_type, "text/html; charset=utf-8");
    CHECK_INT(oss_response_check(&r, &e), SSE_ERR_PROTOCOL);
    CHECK_STR(e.message, "HTTP 407 with an HTML page instead of an OSS response (a proxy?)");
    /* A captive portal answering 200. */
    make(&r, 200, "<html><body>Please log in</body></html>");
    CHECK_INT(oss_response_rule(&r, &rule, &e), SSE_ERR_PROTOCOL);
    CHECK_STR(e.message, "HTTP 200 with an HTML page instead of an OSS response (a proxy?)");

    /* Empty bodies name the status. */
    make(&r, 503, NULL);
    strcpy(r.request_id, "RID-503");
    CHECK_INT(oss_response_check(&r, &e), SSE_ERR_PROTOCOL);
    CHECK_STR(e.message,
              "HTTP 503 (Service Unavailable) with an empty body instead of an OSS error document");
    CHECK_INT(e.http_status, 503);
    CHECK_STR(e.request_id, "RID-503");
    CHECK(oss_response_retryable(&r, &e));
    make(&r, 418, " ");
    strcpy(r.x_oss_ec, "0000-00000000");
    CHECK_INT(oss_response_check(&r, &e), SSE_ERR_PROTOCOL);
    CHECK_STR(e.message, "HTTP 418 with an empty body instead of an OSS error document");
    CHECK_STR(e.ec, "0000-00000000");

    /* Bodies that are not OSS Error documents. */
    make(&r, 500, "upstream connect error or disconnect/reset before headers");
    CHECK_INT(oss_response_check(&r, &e), SSE_ERR_PROTOCOL);
    CHECK(starts_with(e.message, "HTTP 500 with a body that is not an OSS error document "
                                 "(malformed XML at line 1: "));
    make(&r, 403, "<AccessDenied/>");
    CHECK_INT(oss_response_check(&r, &e), SSE_ERR_PROTOCOL);
    CHECK_STR(e.message, "HTTP 403 with a body that is not an OSS error document (expected <Error> "
                         "as the root element, got <AccessDenied>)");
    make(&r, 400, "<!DOCTYPE Error [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><Error><Code>&x;</Code></Error>");
    CHECK_INT(oss_response_check(&r, &e), SSE_ERR_PROTOCOL);
    CHECK_STR(e.message, "HTTP 400 with a body that is not an OSS error document (document has a "
                         "DTD; refused)");
    CHECK_STR(e.code, "");

    /* The transport stopped at the cap. */
    make(&r, 200, "<ServerSideEncryptionRule>");
    r.body_truncated = true;
    CHECK_INT(oss_response_check(&r, &e), SSE_ERR_TOOBIG);
    CHECK_STR(e.message, "HTTP 200 response body passed the 1048576-byte limit; reading stopped");
    CHECK_INT(oss_response_rule(&r, &rule, &e), SSE_ERR_TOOBIG);
    r.http_status = 500;
    CHECK_INT(oss_response_check(&r, &e), SSE_ERR_TOOBIG);
    CHECK_INT(e.http_status, 500);

    /* No response at all. */
    make(&r, 0, NULL);
    CHECK_INT(oss_response_check(&r, &e), SSE_ERR_NETWORK);
    CHECK_INT(e.http_status, 0);
    oss_response_cleanup(&r);
}

/* ---- x-oss-err and x-oss-ec --------------------------------------------------------------- */

static void
test_headers(void)
{
    struct oss_response r;
    oss_response_init(&r);
    struct sse_error e;

    make(&r, 403, NULL);
    strcpy(r.request_id, "64A1B2C3D4E5F60718293A4B");
    strcpy(r.x_oss_ec, "0003-00000001");
    set_x_oss_err(&r,
           "PD94bWwgdmVyc2lvbj0iMS4wIiBlbmNvZGluZz0iVVRGLTgiPz4KPEVycm9yPjxDb2RlPkFjY2Vzc0Rlbmll"
           "ZDwvQ29kZT48TWVzc2FnZT5Zb3UgaGF2ZSBubyByaWdodCB0byBhY2Nlc3MgdGhpcyBvYmplY3QuPC9NZXNz"
           "YWdlPjxSZXF1ZXN0SWQ+NjRBMUIyQzNENEU1RjYwNzE4MjkzQTRCPC9SZXF1ZXN0SWQ+PEhvc3RJZD5iLm9z"
           "cy1jbi1oYW5nemhvdS5hbGl5dW5jcy5jb208L0hvc3RJZD48L0Vycm9yPg==");
    CHECK_INT(oss_response_check(&r, &e), SSE_ERR_SERVICE);
    CHECK_STR(e.code, "AccessDenied");
    CHECK_STR(e.message, "You have no right to access this object.");
    CHECK_STR(e.request_id, "64A1B2C3D4E5F60718293A4B");
    CHECK_STR(e.ec, "0003-00000001"); /* the document has no EC: the header's */
    CHECK_INT(e.http_status, 403);

    /* One and no '=' of padding. */
    set_x_oss_err(&r, "PEVycm9yPjxDb2RlPkE8L0NvZGU+PC9FcnJvcj4=");
    CHECK_INT(oss_response_check(&r, &e), SSE_ERR_SERVICE);
    CHECK_STR(e.code, "A");
    set_x_oss_err(&r, " PEVycm9yPjxDb2RlPkFCPC9Db2RlPjwvRXJyb3I+ ");
    CHECK_INT(oss_response_check(&r, &e), SSE_ERR_SERVICE);
    CHECK_STR(e.code, "AB");

    /* A body wins over the header. */
    make(&r, 403, ERR_DOC("SignatureDoesNotMatch", "The request signature we calculated does not "
                                                   "match the signature you provided."));
    set_x_oss_err(&r, "PEVycm9yPjxDb2RlPkE8L0NvZGU+PC9FcnJvcj4=");
    strcpy(r.x_oss_ec, "0002-00000040");
    CHECK_INT(oss_response_check(&r, &e), SSE_ERR_SERVICE);
    CHECK_STR(e.code, "SignatureDoesNotMatch");
    CHECK_STR(e.request_id, "5C3D9175B6FC201293AD0002"); /* no header: the body's */
    CHECK_STR(e.ec, "0002-00000040");

    /* Broken headers. */
    make(&r, 403, NULL);
    set_x_oss_err(&r, "not base64!");
    CHECK_INT(oss_response_check(&r, &e), SSE_ERR_PROTOCOL);
    CHECK_STR(e.message, "HTTP 403 with an empty body and an x-oss-err header that is not base64");
    set_x_oss_err(&r, "aGVsbG8gd29ybGQ="); /* "hello world" */
    CHECK_INT(oss_response_check(&r, &e), SSE_ERR_PROTOCOL);
    CHECK(starts_with(e.message, "HTTP 403 with an x-oss-err header that is not an OSS error "
                                 "document (malformed XML at line 1: "));
    set_x_oss_err(&r, "PEVycm9yPgA8L0Vycm9yPg=="); /* "<Error>\0</Error>" */
    CHECK_INT(oss_response_check(&r, &e), SSE_ERR_PROTOCOL);
    CHECK_STR(e.message, "HTTP 403 with an x-oss-err header that is not an OSS error document "
                         "(document contains a NUL byte at offset 7)");
    oss_response_cleanup(&r);
}

/* ---- bucket pages ------------------------------------------------------------------------- */

static void
test_bucket_page(void)
{
    struct oss_response r;
    oss_response_init(&r);
    struct sse_error e;
    struct oss_bucket_page page;

    make(&r, 403, ERR_DOC("InvalidAccessKeyId", "The OSS Access Key Id you provided does not exist in our records."));
    CHECK_INT(oss_response_bucket_page(&r, &page, &e), SSE_ERR_SERVICE);
    CHECK_STR(e.code, "InvalidAccessKeyId");
    CHECK(page.buckets == NULL && page.count == 0);

    make(&r, 200, "");
    CHECK_INT(oss_response_bucket_page(&r, &page, &e), SSE_ERR_PROTOCOL);
    CHECK_STR(e.message, "HTTP 200 with an empty body where a ListAllMyBucketsResult was expected");

    /* 1001 buckets on one page: refused, nothing leaks. */
    make(&r, 200, "<ListAllMyBucketsResult><Buckets>");
    for (int i = 0; i < 1001; i++)
        strbuf_printf(&r.body, "<Bucket><Name>b-%d</Name></Bucket>", i);
    strbuf_puts(&r.body, "</Buckets></ListAllMyBucketsResult>");
    CHECK_INT(oss_response_bucket_page(&r, &page, &e), SSE_ERR_XML);
    CHECK_STR(e.message, "the page lists more than 1000 buckets");
    CHECK(page.buckets == NULL && page.count == 0);
    CHECK_INT(e.http_status, 200);
    oss_response_cleanup(&r);
}

/* ---- retries ------------------------------------------------------------------------------ */

static void
test_retryable(void)
{
    struct oss_response r;
    oss_response_init(&r);
    struct sse_error e = {0};

    static const struct {
        long http;
        enum sse_status st;
        const char *code;
        bool retry;
    } cases[] = {
        {0, SSE_ERR_NETWORK, "", true},
        {0, SSE_ERR_TIMEOUT, "", true},
        {0, SSE_ERR_TLS, "", false},
        {0, SSE_ERR_CANCELLED, "", false},
        {500, SSE_ERR_SERVICE, "InternalError", true},
        {502, SSE_ERR_PROTOCOL, "", true},
        {503, SSE_ERR_SERVICE, "ServiceUnavailable", true},
        {504, SSE_ERR_PROTOCOL, "", true},
        {408, SSE_ERR_PROTOCOL, "", true},
        {429, SSE_ERR_SERVICE, "", true},
        {403, SSE_ERR_SERVICE, "RequestTimeTooSkewed", true},
        {400, SSE_ERR_SERVICE, "Throttling", true},
        {403, SSE_ERR_SERVICE, "AccessDenied", false},
        {403, SSE_ERR_SERVICE, "SignatureDoesNotMatch", false},
        {404, SSE_ERR_SERVICE, "NoSuchBucket", false},
        {400, SSE_ERR_SERVICE, "InvalidArgument", false},
        {200, SSE_ERR_XML, "", false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        make(&r, cases[i].http, NULL);
        e.status = cases[i].st;
        e.http_status = (int)cases[i].http;
        strcpy(e.code, cases[i].code);
        bool got = oss_response_retryable(&r, &e);
        CHECK_INT(got, cases[i].retry);
        if (got != cases[i].retry)
            fprintf(stderr, "  case %zu: HTTP %ld %s\n", i, cases[i].http, cases[i].code);
    }
    CHECK(!oss_response_retryable(&r, NULL));
    CHECK(oss_response_retryable(NULL, &(struct sse_error){.status = SSE_ERR_TIMEOUT}));
    oss_response_cleanup(&r);
}

/* ---- lifecycle ---------------------------------------------------------------------------- */

static void
test_lifecycle(void)
{
    struct oss_response r;
    oss_response_init(&r);
    CHECK_INT(r.http_status, 0);
    CHECK_INT(r.body.limit, OSS_XML_MAX_BODY);
    CHECK_STR(strbuf_cstr(&r.body), "");

    /* The body is capped like any network input. */
    static char chunk[64 * 1024];
    memset(chunk, 'x', sizeof chunk);
    enum sse_status st = SSE_OK;
    size_t total = 0;
    while (st == SSE_OK) {
        st = strbuf_add(&r.body, chunk, sizeof chunk);
        total += st == SSE_OK ? sizeof chunk : 0;
    }
    CHECK_INT(st, SSE_ERR_TOOBIG);
    CHECK_INT(total, OSS_XML_MAX_BODY);

    /* Reset empties everything but keeps the buffer and its cap. */
    r.http_status = 200;
    strcpy(r.request_id, "x");
    r.body_truncated = true;
    oss_response_reset(&r);
    CHECK_INT(r.http_status, 0);
    CHECK_STR(r.request_id, "");
    CHECK(!r.body_truncated);
    CHECK_INT(r.body.len, 0);
    CHECK(r.body.data != NULL);
    CHECK_INT(r.body.limit, OSS_XML_MAX_BODY);

    /* 2xx: OK, with the HTTP facts copied; a NULL err is allowed. */
    make(&r, 204, NULL);
    strcpy(r.request_id, "RID-204");
    struct sse_error e;
    memset(&e, 0x55, sizeof e);
    CHECK_INT(oss_response_check(&r, &e), SSE_OK);
    CHECK_INT(e.status, SSE_OK);
    CHECK_INT(e.http_status, 204);
    CHECK_STR(e.request_id, "RID-204");
    CHECK_STR(e.code, "");
    CHECK_STR(e.message, "");
    CHECK_INT(oss_response_check(&r, NULL), SSE_OK);
    make(&r, 503, NULL);
    CHECK_INT(oss_response_check(&r, NULL), SSE_ERR_PROTOCOL);

    oss_response_cleanup(&r);
    oss_response_cleanup(&r); /* twice is harmless */
}

/* The wrong-endpoint refusal names where to go; GetBucketLocation's answer gives the region. */
static void
test_moved_and_location(void)
{
    struct oss_response r;
    oss_response_init(&r);
    struct sse_error e;
    make(&r, 403, "<Error><Code>AccessDenied</Code><Message>The bucket you are attempting to "
                  "access must be addressed using the specified endpoint. Please send all future "
                  "requests to this endpoint.</Message><RequestId>R1</RequestId>"
                  "<Bucket>bj-data</Bucket><Endpoint>oss-cn-beijing.aliyuncs.com</Endpoint>"
                  "</Error>");
    CHECK_INT(oss_response_check(&r, &e), SSE_ERR_SERVICE);
    CHECK_STR(e.endpoint, "oss-cn-beijing.aliyuncs.com");
    CHECK_STR(e.message, "The bucket you are attempting to access must be addressed using the "
                         "specified endpoint. Please send all future requests to this endpoint. "
                         "(the endpoint it names: oss-cn-beijing.aliyuncs.com)");
    make(&r, 403, ERR_DOC("AccessDenied", "no"));
    CHECK_INT(oss_response_check(&r, &e), SSE_ERR_SERVICE);
    CHECK_STR(e.endpoint, "");
    CHECK_STR(e.message, "no");

    char region[64];
    make(&r, 200, "<LocationConstraint>oss-cn-beijing</LocationConstraint>");
    CHECK_INT(oss_response_location(&r, region, sizeof region, &e), SSE_OK);
    CHECK_STR(region, "cn-beijing");
    make(&r, 403, ERR_DOC("AccessDenied", "not the owner"));
    CHECK_INT(oss_response_location(&r, region, sizeof region, &e), SSE_ERR_SERVICE);
    CHECK_STR(region, "");
    make(&r, 200, "");
    CHECK_INT(oss_response_location(&r, region, sizeof region, &e), SSE_ERR_PROTOCOL);
    oss_response_cleanup(&r);
}

int
main(void)
{
    test_fixtures();
    test_no_rule();
    test_not_oss();
    test_headers();
    test_bucket_page();
    test_retryable();
    test_lifecycle();
    test_moved_and_location();
    return check_done("response");
}
