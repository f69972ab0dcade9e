/* test_oss_xml.c — XML building and hardened parsing: every fixture, escaping, hostile documents. */
#include <jansson.h>
#include <libxml/parser.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "core/rule.h"
#include "oss/request.h"
#include "oss/xml.h"

/* ---- helpers ------------------------------------------------------------------------------ */

static const char *
jstr(const json_t *obj, const char *key)
{
    const json_t *v = json_object_get(obj, key);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

/* Runs while stderr goes to a temporary file, then tells how many bytes landed there: libxml2
 * must never print, whatever the input. */
static int saved_stderr = -1;
static FILE *stderr_capture;

static void
stderr_capture_begin(void)
{
    fflush(stderr);
    stderr_capture = tmpfile();
    saved_stderr = dup(2);
    dup2(fileno(stderr_capture), 2);
}

static long
stderr_capture_end(void)
{
    fflush(stderr);
    dup2(saved_stderr, 2);
    close(saved_stderr);
    fseek(stderr_capture, 0, SEEK_END);
    long n = ftell(stderr_capture);
    fclose(stderr_capture);
    return n;
}

static enum sse_status
parse_rule_str(const char *doc, struct sse_rule *r, struct sse_error *e)
{
    sse_error_clear(e);
    return oss_xml_parse_rule(doc, strlen(doc), r, e);
}

#define RULE_OPEN "<ServerSideEncryptionRule><ApplyServerSideEncryptionByDefault>"
#define RULE_CLOSE "</ApplyServerSideEncryptionByDefault></ServerSideEncryptionRule>"

/* Expects doc to be refused with exactly this status and message. */
#define CHECK_RULE_FAILS(doc, want_st, want_msg)                                    \
    do {                                                                            \
        struct sse_rule r_;                                                         \
        struct sse_error e_;                                                        \
        CHECK_INT(parse_rule_str((doc), &r_, &e_), (want_st));                      \
        CHECK_INT(e_.status, (want_st));                                            \
        CHECK_STR(e_.message, (want_msg));                                          \
        CHECK_INT(r_.algo, SSE_ALGO_NONE);                                          \
    } while (0)

/* Same, when the text after our prefix comes from libxml2 (its wording is not ours to pin). */
#define CHECK_RULE_MALFORMED(doc, want_prefix)                                      \
    do {                                                                            \
        struct sse_rule r_;                                                         \
        struct sse_error e_;                                                        \
        CHECK_INT(parse_rule_str((doc), &r_, &e_), SSE_ERR_XML);                    \
        CHECK(strncmp(e_.message, (want_prefix), strlen(want_prefix)) == 0);        \
        CHECK(strlen(e_.message) > strlen(want_prefix));                            \
        if (strncmp(e_.message, (want_prefix), strlen(want_prefix)) != 0)           \
            fprintf(stderr, "  message: %s\n", e_.message);                         \
    } while (0)

/* ---- fixtures ----------------------------------------------------------------------------- */

struct put_case {
    const char *id;
    struct sse_rule rule;
};

static const struct put_case put_cases[] = {
    {"request-body-put-kms-sm4-no-key", {SSE_ALGO_KMS, SSE_DATA_ENC_SM4, "", "", ""}},
    {"request-body-put-kms-key-sm4",
     {SSE_ALGO_KMS, SSE_DATA_ENC_SM4, "9468da86-3509-4f8d-a61e-6eab1eac****", "", ""}},
    {"request-body-put-aes256", {SSE_ALGO_AES256, SSE_DATA_ENC_NONE, "", "", ""}},
    {"request-body-doc-aes256-empty-key", {SSE_ALGO_AES256, SSE_DATA_ENC_NONE, "", "", ""}},
};

static const struct put_case *
put_case_for(const char *id)
{
    for (size_t i = 0; i < sizeof put_cases / sizeof put_cases[0]; i++)
        if (strcmp(put_cases[i].id, id) == 0)
            return &put_cases[i];
    return NULL;
}

static void
fixture_request_body(const json_t *fx, const char *id, const char *body)
{
    const struct put_case *pc = put_case_for(id);
    CHECK(pc != NULL);
    if (!pc)
        return;
    struct sse_error e = {0};

    /* Every Put body, ours or the doc's, reads back as the rule it carries. */
    struct sse_rule parsed;
    CHECK_INT(oss_xml_parse_rule(body, strlen(body), &parsed, &e), SSE_OK);
    CHECK(sse_rule_equal(&parsed, &pc->rule));
    CHECK_INT(parsed.data_enc, pc->rule.data_enc);

    const char *md5 = jstr(fx, "content_md5");
    if (!md5)
        return; /* the doc's hand-written body is not what we send */
    struct strbuf sb;
    strbuf_init(&sb, OSS_XML_MAX_BODY);
    CHECK_INT(oss_xml_build_rule(&pc->rule, &sb, &e), SSE_OK);
    CHECK_STR(strbuf_cstr(&sb), body);
    CHECK_INT(sb.len, json_integer_value(json_object_get(fx, "content_length")));

    struct oss_request req;
    oss_request_init(&req, "PUT");
    CHECK_INT(oss_request_set_body(&req, strbuf_cstr(&sb), sb.len, "application/xml"), SSE_OK);
    CHECK_STR(oss_request_header(&req, "Content-MD5"), md5);
    CHECK_STR(oss_request_header(&req, "Content-Type"), "application/xml");
    oss_request_cleanup(&req);
    strbuf_cleanup(&sb);
}

static void
fixture_get_response(const json_t *fx, const char *body)
{
    const json_t *exp = json_object_get(fx, "expected");
    struct sse_rule r;
    struct sse_error e = {0};
    CHECK_INT(oss_xml_parse_rule(body, strlen(body), &r, &e), SSE_OK);
    CHECK_STR(sse_algo_name(r.algo), jstr(exp, "SSEAlgorithm"));
    const char *key = jstr(exp, "KMSMasterKeyID");
    CHECK_STR(r.kms_key_id, key ? key : "");
    const char *enc = jstr(exp, "KMSDataEncryption");
    CHECK_INT(r.data_enc, enc && strcmp(enc, "SM4") == 0 ? SSE_DATA_ENC_SM4 : SSE_DATA_ENC_NONE);
    CHECK_STR(r.algo_raw, "");
}

static void
fixture_error(const json_t *fx, const char *body)
{
    const json_t *exp = json_object_get(fx, "expected");
    struct sse_error e = {0};
    e.status = SSE_ERR_SERVICE;
    e.http_status = 403;
    CHECK_INT(oss_xml_parse_error(body, strlen(body), &e), SSE_OK);
    CHECK_INT(e.status, SSE_ERR_SERVICE); /* untouched */
    CHECK_INT(e.http_status, 403);
    if (!exp) {
        /* error-invalidargument-v4-region-doc has no expectations in the file. */
        CHECK_STR(e.code, "InvalidArgument");
        CHECK_STR(e.message, "The signing region in credential is invalid.");
        CHECK_STR(e.request_id, "694532*******");
        CHECK_STR(e.ec, "0002-00000715");
        return;
    }
    CHECK_STR(e.code, jstr(exp, "Code"));
    if (jstr(exp, "Message"))
        CHECK_STR(e.message, jstr(exp, "Message"));
    if (jstr(exp, "RequestId"))
        CHECK_STR(e.request_id, jstr(exp, "RequestId"));
    CHECK_STR(e.ec, jstr(exp, "EC") ? jstr(exp, "EC") : "");
}

static void
fixture_list(const json_t *fx, const char *body)
{
    const json_t *exp = json_object_get(fx, "expected");
    const json_t *buckets = json_object_get(exp, "buckets");
    struct oss_bucket_page page;
    struct sse_error e = {0};
    CHECK_INT(oss_xml_parse_bucket_list(body, strlen(body), &page, &e), SSE_OK);
    CHECK_INT(page.count, json_array_size(buckets));
    CHECK_INT(page.truncated, json_is_true(json_object_get(exp, "IsTruncated")));
    CHECK_STR(page.next_marker, jstr(exp, "NextMarker") ? jstr(exp, "NextMarker") : "");
    for (size_t i = 0; i < page.count && i < json_array_size(buckets); i++) {
        const json_t *b = json_array_get(buckets, i);
        const struct oss_bucket_info *got = &page.buckets[i];
        if (json_is_string(b)) {
            CHECK_STR(got->name, json_string_value(b));
            CHECK_STR(got->region, "cn-hangzhou");
            continue;
        }
        CHECK_STR(got->name, jstr(b, "Name"));
        CHECK_STR(got->location, jstr(b, "Location"));
        CHECK_STR(got->region, jstr(b, "Region"));
        CHECK_STR(got->creation_date, jstr(b, "CreationDate"));
        CHECK_STR(got->extranet_endpoint, jstr(b, "ExtranetEndpoint"));
        CHECK_STR(got->intranet_endpoint, jstr(b, "IntranetEndpoint"));
        CHECK_STR(got->storage_class, jstr(b, "StorageClass"));
    }
    oss_bucket_page_cleanup(&page);
}

static void
test_fixtures(void)
{
    json_error_t jerr;
    json_t *root = json_load_file(SSE_TEST_DATA "/vectors/xml-fixtures.json", 0, &jerr);
    CHECK(root != NULL);
    if (!root) {
        fprintf(stderr, "xml-fixtures.json: %s\n", jerr.text);
        return;
    }
    const json_t *list = json_object_get(root, "fixtures");
    size_t handled = 0, puts_built = 0;
    for (size_t i = 0; i < json_array_size(list); i++) {
        const json_t *fx = json_array_get(list, i);
        const char *id = jstr(fx, "id");
        const char *body = jstr(fx, "body");
        CHECK(id && body);
        if (!id || !body)
            continue;
        if (strncmp(id, "request-body-", 13) == 0) {
            fixture_request_body(fx, id, body);
            puts_built += jstr(fx, "content_md5") != NULL;
        } else if (strncmp(id, "get-response-", 13) == 0) {
            fixture_get_response(fx, body);
        } else if (strncmp(id, "error-", 6) == 0) {
            fixture_error(fx, body);
        } else if (strncmp(id, "listbuckets-", 12) == 0) {
            fixture_list(fx, body);
        } else {
            fprintf(stderr, "fixture %s has no test\n", id);
            continue;
        }
        handled++;
    }
    CHECK_INT(handled, 14);
    CHECK_INT(handled, json_array_size(list));
    CHECK_INT(puts_built, 3);
    json_decref(root);
}

/* ---- building ----------------------------------------------------------------------------- */

static void
test_build(void)
{
    struct strbuf sb;
    strbuf_init(&sb, 0);
    struct sse_error e = {0};

    struct sse_rule sm4 = {.algo = SSE_ALGO_SM4};
    CHECK_INT(oss_xml_build_rule(&sm4, &sb, &e), SSE_OK);
    CHECK_STR(strbuf_cstr(&sb), RULE_OPEN "<SSEAlgorithm>SM4</SSEAlgorithm>" RULE_CLOSE);

    /* KMS with the OSS-managed CMK: no KMSMasterKeyID element at all. */
    strbuf_reset(&sb);
    struct sse_rule kms = {.algo = SSE_ALGO_KMS};
    CHECK_INT(oss_xml_build_rule(&kms, &sb, &e), SSE_OK);
    CHECK_STR(strbuf_cstr(&sb), RULE_OPEN "<SSEAlgorithm>KMS</SSEAlgorithm>" RULE_CLOSE);

    /* Appends; an invalid rule appends nothing. */
    strbuf_reset(&sb);
    strbuf_puts(&sb, "x");
    struct sse_rule bad = {.algo = SSE_ALGO_AES256};
    strcpy(bad.kms_key_id, "key");
    CHECK_INT(oss_xml_build_rule(&bad, &sb, &e), SSE_ERR_INVALID);
    CHECK_STR(strbuf_cstr(&sb), "x");
    struct sse_rule none = {.algo = SSE_ALGO_NONE};
    CHECK_INT(oss_xml_build_rule(&none, &sb, &e), SSE_ERR_INVALID);
    struct sse_rule unknown = {.algo = SSE_ALGO_UNKNOWN};
    CHECK_INT(oss_xml_build_rule(&unknown, &sb, &e), SSE_ERR_INVALID);
    CHECK_STR(strbuf_cstr(&sb), "x");

    /* A cap too small for the document: nothing half-written is left behind. */
    struct strbuf tiny;
    strbuf_init(&tiny, 40);
    strbuf_puts(&tiny, "abc");
    CHECK_INT(oss_xml_build_rule(&sm4, &tiny, &e), SSE_ERR_TOOBIG);
    CHECK_STR(strbuf_cstr(&tiny), "abc");
    CHECK_INT(tiny.len, 3);
    strbuf_cleanup(&tiny);
    strbuf_cleanup(&sb);
}

static void
test_escape_roundtrip(void)
{
    struct sse_rule in = {.algo = SSE_ALGO_KMS, .data_enc = SSE_DATA_ENC_SM4};
    strcpy(in.kms_key_id, "a<b&c>d\"e'f&amp;]]>");
    struct strbuf sb;
    strbuf_init(&sb, OSS_XML_MAX_BODY);
    struct sse_error e = {0};
    CHECK_INT(oss_xml_build_rule(&in, &sb, &e), SSE_OK);
    CHECK_STR(strbuf_cstr(&sb),
              RULE_OPEN "<SSEAlgorithm>KMS</SSEAlgorithm>"
                        "<KMSMasterKeyID>a&lt;b&amp;c&gt;d&quot;e&apos;f&amp;amp;]]&gt;</KMSMasterKeyID>"
                        "<KMSDataEncryption>SM4</KMSDataEncryption>" RULE_CLOSE);
    struct sse_rule out;
    CHECK_INT(oss_xml_parse_rule(strbuf_cstr(&sb), sb.len, &out, &e), SSE_OK);
    CHECK(sse_rule_equal(&in, &out));
    CHECK_STR(out.kms_key_id, in.kms_key_id);

    /* The longest valid CMK ID (255 bytes of '&', 5x longer once escaped) round-trips too. */
    memset(in.kms_key_id, '&', SSE_KMS_KEY_MAX - 1);
    in.kms_key_id[SSE_KMS_KEY_MAX - 1] = '\0';
    strbuf_reset(&sb);
    CHECK_INT(oss_xml_build_rule(&in, &sb, &e), SSE_OK);
    CHECK_INT(oss_xml_parse_rule(strbuf_cstr(&sb), sb.len, &out, &e), SSE_OK);
    CHECK_STR(out.kms_key_id, in.kms_key_id);
    strbuf_cleanup(&sb);
}

/* ---- parsing the rule --------------------------------------------------------------------- */

static void
test_parse_rule_variants(void)
{
    struct sse_rule r;
    struct sse_error e;

    /* Unknown algorithm: UNKNOWN with the server's text, never "none". */
    CHECK_INT(parse_rule_str(RULE_OPEN "<SSEAlgorithm>DES</SSEAlgorithm>" RULE_CLOSE, &r, &e),
              SSE_OK);
    CHECK_INT(r.algo, SSE_ALGO_UNKNOWN);
    CHECK_STR(r.algo_raw, "DES");
    CHECK_INT(parse_rule_str(RULE_OPEN "<SSEAlgorithm>aes256</SSEAlgorithm>" RULE_CLOSE, &r, &e),
              SSE_OK);
    CHECK_INT(r.algo, SSE_ALGO_UNKNOWN);
    CHECK_STR(r.algo_raw, "aes256");
    CHECK_INT(parse_rule_str(RULE_OPEN "<SSEAlgorithm>None</SSEAlgorithm>" RULE_CLOSE, &r, &e),
              SSE_OK);
    CHECK_INT(r.algo, SSE_ALGO_UNKNOWN);

    /* A long unknown name is cut, at a UTF-8 character boundary: 30 x 'A' then "é" (2 bytes)
     * would need 32 bytes + NUL, so the "é" goes whole. */
    CHECK_INT(parse_rule_str(RULE_OPEN "<SSEAlgorithm>AAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\xc3\xa9"
                                       "BBBB</SSEAlgorithm>" RULE_CLOSE, &r, &e),
              SSE_OK);
    CHECK_INT(r.algo, SSE_ALGO_UNKNOWN);
    CHECK_STR(r.algo_raw, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");

    /* Unknown data encryption. */
    CHECK_INT(parse_rule_str(RULE_OPEN "<SSEAlgorithm>KMS</SSEAlgorithm>"
                                       "<KMSDataEncryption>AES128</KMSDataEncryption>" RULE_CLOSE,
                             &r, &e),
              SSE_OK);
    CHECK_INT(r.algo, SSE_ALGO_KMS);
    CHECK_INT(r.data_enc, SSE_DATA_ENC_UNKNOWN);
    CHECK_STR(r.data_enc_raw, "AES128"); /* kept as the server wrote it, like algo_raw */
    CHECK_INT(parse_rule_str(RULE_OPEN "<SSEAlgorithm>KMS</SSEAlgorithm>"
                                       "<KMSDataEncryption>SM4</KMSDataEncryption>" RULE_CLOSE,
                             &r, &e),
              SSE_OK);
    CHECK_INT(r.data_enc, SSE_DATA_ENC_SM4);
    CHECK_STR(r.data_enc_raw, "");

    /* Empty elements, white space, comments, CDATA, character references, unknown siblings. */
    CHECK_INT(parse_rule_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\t\t<ServerSideEncryptionRule>"
                             "<!-- c --><Extra/><ApplyServerSideEncryptionByDefault>"
                             "<SSEAlgorithm>\n  K<![CDATA[M]]>&#83;  </SSEAlgorithm>"
                             "<KMSMasterKeyID>k&#x26;1</KMSMasterKeyID>"
                             "<KMSDataEncryption></KMSDataEncryption><Future>x</Future>"
                             RULE_CLOSE,
                             &r, &e),
              SSE_OK);
    CHECK_INT(r.algo, SSE_ALGO_KMS);
    CHECK_STR(r.kms_key_id, "k&1");
    CHECK_INT(r.data_enc, SSE_DATA_ENC_NONE);

    /* White space before the XML declaration is tolerated; line numbers stay true. */
    CHECK_INT(parse_rule_str("\n\n  <?xml version=\"1.0\"?>\n" RULE_OPEN
                             "<SSEAlgorithm>SM4</SSEAlgorithm>" RULE_CLOSE, &r, &e),
              SSE_OK);
    CHECK_INT(r.algo, SSE_ALGO_SM4);
    CHECK_RULE_MALFORMED("\n\n<?xml version=\"1.0\"?>\n<ServerSideEncryptionRule><a></b>",
                         "malformed XML at line 4: ");

    /* Exactly 255 bytes of CMK ID fit; 256 do not (never cut). */
    char doc[1024];
    char key[300];
    memset(key, 'k', 255);
    key[255] = '\0';
    snprintf(doc, sizeof doc, RULE_OPEN "<SSEAlgorithm>KMS</SSEAlgorithm><KMSMasterKeyID>%s"
                                        "</KMSMasterKeyID>" RULE_CLOSE, key);
    CHECK_INT(parse_rule_str(doc, &r, &e), SSE_OK);
    CHECK_STR(r.kms_key_id, key);
}

static void
test_hostile_rule_documents(void)
{
    const char *dtd = "document has a DTD; refused";

    /* XXE: an external entity naming a local file. */
    CHECK_RULE_FAILS("<?xml version=\"1.0\"?>\n<!DOCTYPE r [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n"
                     RULE_OPEN "<SSEAlgorithm>&xxe;</SSEAlgorithm>" RULE_CLOSE,
                     SSE_ERR_XML, dtd);
    /* XXE over the network, and a parameter entity. */
    CHECK_RULE_FAILS("<!DOCTYPE r [<!ENTITY % p SYSTEM \"http://127.0.0.1:1/x.dtd\"> %p;]>"
                     RULE_OPEN "<SSEAlgorithm>KMS</SSEAlgorithm>" RULE_CLOSE,
                     SSE_ERR_XML, dtd);
    /* Billion laughs. */
    CHECK_RULE_FAILS("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n"
                     " <!ENTITY lol \"lol\">\n"
                     " <!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n"
                     " <!ENTITY lol2 \"&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;\">\n"
                     " <!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">\n"
                     " <!ENTITY lol4 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\">\n"
                     " <!ENTITY lol5 \"&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;\">\n"
                     " <!ENTITY lol6 \"&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;\">\n"
                     " <!ENTITY lol7 \"&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;\">\n"
                     " <!ENTITY lol8 \"&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;\">\n"
                     " <!ENTITY lol9 \"&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;\">\n"
                     "]>\n" RULE_OPEN "<SSEAlgorithm>&lol9;</SSEAlgorithm>" RULE_CLOSE,
                     SSE_ERR_XML, dtd);
    /* A DOCTYPE alone, internal or external, is enough to refuse. */
    CHECK_RULE_FAILS("<!DOCTYPE ServerSideEncryptionRule>" RULE_OPEN
                     "<SSEAlgorithm>KMS</SSEAlgorithm>" RULE_CLOSE,
                     SSE_ERR_XML, dtd);
    CHECK_RULE_FAILS("<!DOCTYPE ServerSideEncryptionRule SYSTEM \"http://127.0.0.1:1/r.dtd\">"
                     RULE_OPEN "<SSEAlgorithm>KMS</SSEAlgorithm>" RULE_CLOSE,
                     SSE_ERR_XML, dtd);

    /* 100-deep nesting inside an otherwise valid rule. */
    struct strbuf deep;
    strbuf_init(&deep, 0);
    strbuf_puts(&deep, RULE_OPEN "<SSEAlgorithm>KMS</SSEAlgorithm>");
    for (int i = 0; i < 100; i++)
        strbuf_puts(&deep, "<d>");
    for (int i = 0; i < 100; i++)
        strbuf_puts(&deep, "</d>");
    strbuf_puts(&deep, RULE_CLOSE);
    CHECK_RULE_FAILS(strbuf_cstr(&deep), SSE_ERR_XML,
                     "document nests elements deeper than 16 levels");
    /* The limit itself: 16 levels parse, 17 do not (the root and Apply take two). */
    for (int levels = 16; levels <= 17; levels++) {
        strbuf_reset(&deep);
        strbuf_puts(&deep, RULE_OPEN "<SSEAlgorithm>KMS</SSEAlgorithm>");
        for (int i = 2; i < levels; i++)
            strbuf_puts(&deep, "<d>");
        for (int i = 2; i < levels; i++)
            strbuf_puts(&deep, "</d>");
        strbuf_puts(&deep, RULE_CLOSE);
        struct sse_rule r;
        struct sse_error e;
        CHECK_INT(parse_rule_str(strbuf_cstr(&deep), &r, &e),
                  levels == 16 ? SSE_OK : SSE_ERR_XML);
    }

    /* Over 1 MiB: refused before parsing, even when well-formed. */
    strbuf_reset(&deep);
    strbuf_puts(&deep, RULE_OPEN "<SSEAlgorithm>KMS</SSEAlgorithm><!--");
    while (deep.len <= OSS_XML_MAX_BODY)
        strbuf_puts(&deep, "padding padding padding padding padding padding padding padding ");
    strbuf_puts(&deep, "-->" RULE_CLOSE);
    char want[128];
    snprintf(want, sizeof want, "XML document of %zu bytes is over the 1048576-byte limit",
             deep.len);
    CHECK_RULE_FAILS(strbuf_cstr(&deep), SSE_ERR_TOOBIG, want);
    strbuf_cleanup(&deep);

    /* Wrong root, duplicates, missing pieces. */
    CHECK_RULE_FAILS("<Error><Code>AccessDenied</Code></Error>", SSE_ERR_XML,
                     "expected <ServerSideEncryptionRule> as the root element, got <Error>");
    CHECK_RULE_FAILS(RULE_OPEN "<SSEAlgorithm>KMS</SSEAlgorithm><SSEAlgorithm>AES256</SSEAlgorithm>"
                     RULE_CLOSE, SSE_ERR_XML, "<SSEAlgorithm> appears more than once");
    CHECK_RULE_FAILS(RULE_OPEN "<SSEAlgorithm>KMS</SSEAlgorithm><KMSMasterKeyID>a</KMSMasterKeyID>"
                     "<KMSMasterKeyID>b</KMSMasterKeyID>" RULE_CLOSE,
                     SSE_ERR_XML, "<KMSMasterKeyID> appears more than once");
    CHECK_RULE_FAILS(RULE_OPEN "<SSEAlgorithm>KMS</SSEAlgorithm><KMSDataEncryption>SM4"
                     "</KMSDataEncryption><KMSDataEncryption>SM4</KMSDataEncryption>" RULE_CLOSE,
                     SSE_ERR_XML, "<KMSDataEncryption> appears more than once");
    CHECK_RULE_FAILS("<ServerSideEncryptionRule><ApplyServerSideEncryptionByDefault>"
                     "<SSEAlgorithm>KMS</SSEAlgorithm></ApplyServerSideEncryptionByDefault>"
                     "<ApplyServerSideEncryptionByDefault><SSEAlgorithm>AES256</SSEAlgorithm>"
                     RULE_CLOSE,
                     SSE_ERR_XML, "<ApplyServerSideEncryptionByDefault> appears more than once");
    CHECK_RULE_FAILS(RULE_OPEN "<KMSMasterKeyID>k</KMSMasterKeyID>" RULE_CLOSE, SSE_ERR_XML,
                     "<ApplyServerSideEncryptionByDefault> has no <SSEAlgorithm>");
    CHECK_RULE_FAILS(RULE_OPEN "<SSEAlgorithm> </SSEAlgorithm>" RULE_CLOSE, SSE_ERR_XML,
                     "<SSEAlgorithm> is empty");
    CHECK_RULE_FAILS("<ServerSideEncryptionRule/>", SSE_ERR_XML,
                     "<ServerSideEncryptionRule> has no <ApplyServerSideEncryptionByDefault>");
    CHECK_RULE_FAILS(RULE_OPEN "<SSEAlgorithm>K<b>M</b>S</SSEAlgorithm>" RULE_CLOSE, SSE_ERR_XML,
                     "<SSEAlgorithm> must hold text only");

    /* Not XML, cut short, NUL bytes, empty. */
    CHECK_RULE_MALFORMED("this is not XML at all", "malformed XML at line 1: ");
    CHECK_RULE_MALFORMED("{\"SSEAlgorithm\":\"KMS\"}", "malformed XML at line 1: ");
    CHECK_RULE_MALFORMED("<?xml version=\"1.0\"?>\n<ServerSideEncryptionRule>\n"
                         "<ApplyServerSideEncryptionByDefault>\n<SSEAlgorithm>KMS</SSEAlgorithm>\n",
                         "malformed XML at line 5: ");
    CHECK_RULE_MALFORMED(RULE_OPEN "<SSEAlgorithm>KMS</SSEAlg", "malformed XML at line 1: ");
    CHECK_RULE_MALFORMED(RULE_OPEN "<SSEAlgorithm>&undefined;</SSEAlgorithm>" RULE_CLOSE,
                         "malformed XML at line 1: ");
    CHECK_RULE_MALFORMED(RULE_OPEN "<SSEAlgorithm>\xff\xfe</SSEAlgorithm>" RULE_CLOSE,
                         "malformed XML at line 1: ");
    {
        static const char nul_doc[] = RULE_OPEN "<SSEAlgorithm>KMS\0AES256</SSEAlgorithm>" RULE_CLOSE;
        struct sse_rule r;
        struct sse_error e = {0};
        CHECK_INT(oss_xml_parse_rule(nul_doc, sizeof nul_doc - 1, &r, &e), SSE_ERR_XML);
        CHECK_STR(e.message, "document contains a NUL byte at offset 79");
    }
    /* UTF-8 only: other encodings' marks are refused before parsing; a declared encoding is
     * not followed (the bytes are read as UTF-8). */
    {
        /* (Text in UTF-16 or UCS-4 has NUL bytes, refused as such; their marks alone not.) */
        static const char utf16le[] = "\xff\xfe<R/>";
        static const char utf16be[] = "\xfe\xff<R/>";
        static const char ebcdic[] = "\x4c\x6f\xa7\x94\x93";
        const struct {
            const char *doc;
            size_t len;
            const char *msg;
        } marks[] = {
            {utf16le, sizeof utf16le - 1, "document is not UTF-8 (it starts like UTF-16)"},
            {utf16be, sizeof utf16be - 1, "document is not UTF-8 (it starts like UTF-16)"},
            {ebcdic, sizeof ebcdic - 1, "document is not UTF-8 (it starts like EBCDIC)"},
        };
        for (size_t i = 0; i < sizeof marks / sizeof marks[0]; i++) {
            struct sse_rule r;
            struct sse_error e = {0};
            CHECK_INT(oss_xml_parse_rule(marks[i].doc, marks[i].len, &r, &e), SSE_ERR_XML);
            CHECK_STR(e.message, marks[i].msg);
        }
        static const char latin1_declared[] =
            "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n" RULE_OPEN
            "<SSEAlgorithm>KMS</SSEAlgorithm><KMSMasterKeyID>cl\xc3\xa9</KMSMasterKeyID>" RULE_CLOSE;
        struct sse_rule r;
        struct sse_error e = {0};
        CHECK_INT(oss_xml_parse_rule(latin1_declared, sizeof latin1_declared - 1, &r, &e), SSE_OK);
        CHECK_STR(r.kms_key_id, "cl\xc3\xa9");
        CHECK_RULE_MALFORMED("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n" RULE_OPEN
                             "<SSEAlgorithm>KMS</SSEAlgorithm><KMSMasterKeyID>cl\xe9"
                             "</KMSMasterKeyID>" RULE_CLOSE,
                             "malformed XML at line 2: ");
        /* A UTF-8 byte order mark is fine. */
        static const char bom[] = "\xef\xbb\xbf" RULE_OPEN "<SSEAlgorithm>AES256</SSEAlgorithm>" RULE_CLOSE;
        CHECK_INT(oss_xml_parse_rule(bom, sizeof bom - 1, &r, &e), SSE_OK);
        CHECK_INT(r.algo, SSE_ALGO_AES256);
    }
    CHECK_RULE_FAILS("", SSE_ERR_XML, "empty document where <ServerSideEncryptionRule> was expected");
    CHECK_RULE_FAILS(" \r\n\t", SSE_ERR_XML,
                     "empty document where <ServerSideEncryptionRule> was expected");
    {
        struct sse_rule r;
        struct sse_error e = {0};
        CHECK_INT(oss_xml_parse_rule(NULL, 0, &r, &e), SSE_ERR_XML);
    }

    /* Over-long CMK ID: an error, never cut. */
    char doc[1024];
    char key[300];
    memset(key, 'k', 256);
    key[256] = '\0';
    snprintf(doc, sizeof doc, RULE_OPEN "<SSEAlgorithm>KMS</SSEAlgorithm><KMSMasterKeyID>%s"
                                        "</KMSMasterKeyID>" RULE_CLOSE, key);
    CHECK_RULE_FAILS(doc, SSE_ERR_XML, "<KMSMasterKeyID> is longer than 255 bytes");
}

/* ---- bucket lists ------------------------------------------------------------------------- */

#define LIST_OPEN "<ListAllMyBucketsResult><Buckets>"
#define LIST_CLOSE "</Buckets></ListAllMyBucketsResult>"

static enum sse_status
parse_list_str(const char *doc, struct oss_bucket_page *p, struct sse_error *e)
{
    sse_error_clear(e);
    return oss_xml_parse_bucket_list(doc, strlen(doc), p, e);
}

static void
test_bucket_list(void)
{
    struct oss_bucket_page p;
    struct sse_error e;

    /* No Region: Location without "oss-"; a Location without the prefix is kept. */
    CHECK_INT(parse_list_str(LIST_OPEN "<Bucket><Name>a-1</Name><Location>oss-eu-west-1</Location>"
                             "<ResourceGroupId>rg</ResourceGroupId></Bucket>"
                             "<Bucket><Location>me-east-1</Location><Name>b-2</Name></Bucket>"
                             "<Bucket><Name>c-3</Name></Bucket>" LIST_CLOSE, &p, &e),
              SSE_OK);
    CHECK_INT(p.count, 3);
    CHECK(!p.truncated);
    if (p.count == 3) {
        CHECK_STR(p.buckets[0].region, "eu-west-1");
        CHECK_STR(p.buckets[0].location, "oss-eu-west-1");
        CHECK_STR(p.buckets[1].region, "me-east-1");
        CHECK_STR(p.buckets[2].region, "");
    }
    oss_bucket_page_cleanup(&p);
    oss_bucket_page_cleanup(&p); /* twice is harmless */

    /* No buckets at all. */
    CHECK_INT(parse_list_str("<ListAllMyBucketsResult><Owner><ID>1</ID></Owner></ListAllMyBucketsResult>",
                             &p, &e), SSE_OK);
    CHECK_INT(p.count, 0);
    CHECK(p.buckets == NULL);
    oss_bucket_page_cleanup(&p);

    /* Truncated without NextMarker: continue after the last name. */
    CHECK_INT(parse_list_str("<ListAllMyBucketsResult><IsTruncated>true</IsTruncated>" "<Buckets>"
                             "<Bucket><Name>x-1</Name></Bucket><Bucket><Name>x-2</Name></Bucket>"
                             LIST_CLOSE, &p, &e), SSE_OK);
    CHECK(p.truncated);
    CHECK_STR(p.next_marker, "x-2");
    oss_bucket_page_cleanup(&p);

    CHECK_INT(parse_list_str("<ListAllMyBucketsResult><IsTruncated>true</IsTruncated>"
                             "</ListAllMyBucketsResult>", &p, &e), SSE_ERR_XML);
    CHECK_STR(e.message, "the list is truncated but gives no <NextMarker> to continue from");
    CHECK_INT(parse_list_str("<ListAllMyBucketsResult><IsTruncated>yes</IsTruncated>"
                             "</ListAllMyBucketsResult>", &p, &e), SSE_ERR_XML);
    CHECK_STR(e.message, "<IsTruncated> must be true or false, not \"yes\"");
    CHECK(p.buckets == NULL && p.count == 0);

    /* A bucket without a Name, a duplicated Name, an over-long name: errors naming the bucket. */
    CHECK_INT(parse_list_str(LIST_OPEN "<Bucket><Name>ok-1</Name></Bucket>"
                             "<Bucket><Location>oss-cn-hangzhou</Location></Bucket>" LIST_CLOSE,
                             &p, &e), SSE_ERR_XML);
    CHECK_STR(e.message, "bucket 2 in the list has no <Name>");
    CHECK(p.buckets == NULL && p.count == 0);
    CHECK_INT(parse_list_str(LIST_OPEN "<Bucket><Name>a-1</Name><Name>a-2</Name></Bucket>"
                             LIST_CLOSE, &p, &e), SSE_ERR_XML);
    CHECK_STR(e.message, "bucket 1 in the list: <Name> appears more than once");
    char doc[512];
    snprintf(doc, sizeof doc, LIST_OPEN "<Bucket><Name>%064d</Name></Bucket>" LIST_CLOSE, 0);
    CHECK_INT(parse_list_str(doc, &p, &e), SSE_ERR_XML);
    CHECK_STR(e.message, "bucket 1 in the list: <Name> is longer than 63 bytes");
    CHECK_INT(parse_list_str(LIST_OPEN LIST_CLOSE LIST_OPEN LIST_CLOSE, &p, &e), SSE_ERR_XML);
    CHECK_INT(parse_list_str("<ListAllMyBucketsResult><Buckets/><Buckets/></ListAllMyBucketsResult>",
                             &p, &e), SSE_ERR_XML);
    CHECK_STR(e.message, "<Buckets> appears more than once");
    CHECK_INT(parse_list_str("<ServerSideEncryptionRule/>", &p, &e), SSE_ERR_XML);
    CHECK_STR(e.message,
              "expected <ListAllMyBucketsResult> as the root element, got <ServerSideEncryptionRule>");

    /* 1000 buckets a page at most. */
    struct strbuf sb;
    strbuf_init(&sb, 0);
    for (int n = 1000; n <= 1001; n++) {
        strbuf_reset(&sb);
        strbuf_puts(&sb, "<ListAllMyBucketsResult><Buckets>");
        for (int i = 0; i < n; i++)
            strbuf_printf(&sb, "<Bucket><Name>bucket-%04d</Name><Region>cn-hangzhou</Region>"
                               "</Bucket>", i);
        strbuf_puts(&sb, LIST_CLOSE);
        enum sse_status st = oss_xml_parse_bucket_list(strbuf_cstr(&sb), sb.len, &p, &e);
        if (n == 1000) {
            CHECK_INT(st, SSE_OK);
            CHECK_INT(p.count, 1000);
            if (p.count == 1000)
                CHECK_STR(p.buckets[999].name, "bucket-0999");
        } else {
            CHECK_INT(st, SSE_ERR_XML);
            CHECK_STR(e.message, "the page lists more than 1000 buckets");
            CHECK(p.buckets == NULL && p.count == 0);
        }
        oss_bucket_page_cleanup(&p);
    }
    strbuf_cleanup(&sb);
}

/* ---- error documents ---------------------------------------------------------------------- */

/* The wrong-endpoint refusal's <Endpoint> and GetBucketLocation's answer. */
static void
test_endpoint_and_location(void)
{
    const char *doc =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>AccessDenied</Code>"
        "<Message>The bucket you are attempting to access must be addressed using the specified "
        "endpoint. Please send all future requests to this endpoint.</Message>"
        "<RequestId>5C3D</RequestId><HostId>bj-data.oss-cn-hangzhou.aliyuncs.com</HostId>"
        "<Bucket>bj-data</Bucket><Endpoint>oss-cn-beijing.aliyuncs.com</Endpoint></Error>";
    struct sse_error e;
    sse_error_clear(&e);
    CHECK_INT(oss_xml_parse_error(doc, strlen(doc), &e), SSE_OK);
    CHECK_STR(e.code, "AccessDenied");
    CHECK_STR(e.endpoint, "oss-cn-beijing.aliyuncs.com");
    /* A host name too long to keep whole is not kept at all: cut, it would be another host. */
    char longdoc[600];
    char host[200];
    memset(host, 'a', sizeof host - 1);
    host[sizeof host - 1] = '\0';
    snprintf(longdoc, sizeof longdoc, "<Error><Code>AccessDenied</Code><Endpoint>%s</Endpoint>"
             "</Error>", host);
    sse_error_clear(&e);
    CHECK_INT(oss_xml_parse_error(longdoc, strlen(longdoc), &e), SSE_OK);
    CHECK_STR(e.endpoint, "");
    doc = "<Error><Code>X</Code><Endpoint>a</Endpoint><Endpoint>b</Endpoint></Error>";
    CHECK_INT(oss_xml_parse_error(doc, strlen(doc), &e), SSE_ERR_XML);

    char region[64];
    doc = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
          "<LocationConstraint>oss-cn-beijing</LocationConstraint>";
    CHECK_INT(oss_xml_parse_location(doc, strlen(doc), region, sizeof region, &e), SSE_OK);
    CHECK_STR(region, "cn-beijing");
    static const char *const bad[] = {
        "<LocationConstraint>cn-beijing</LocationConstraint>",
        "<LocationConstraint>oss-</LocationConstraint>",
        "<LocationConstraint>oss-cn/../x</LocationConstraint>",
        "<LocationConstraint><a/></LocationConstraint>",
        "<Other>oss-cn-beijing</Other>",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        CHECK_INT(oss_xml_parse_location(bad[i], strlen(bad[i]), region, sizeof region, &e),
                  SSE_ERR_XML);
    char tiny[4];
    doc = "<LocationConstraint>oss-cn-beijing</LocationConstraint>";
    CHECK_INT(oss_xml_parse_location(doc, strlen(doc), tiny, sizeof tiny, &e), SSE_ERR_XML);
}

static void
test_error_documents(void)
{
    struct sse_error e;
    const char *doc = "<Error><Code>Throttling</Code><RequestId>r1</RequestId></Error>";
    sse_error_clear(&e);
    strcpy(e.message, "old");
    CHECK_INT(oss_xml_parse_error(doc, strlen(doc), &e), SSE_OK);
    CHECK_STR(e.code, "Throttling");
    CHECK_STR(e.message, "");
    CHECK_STR(e.request_id, "r1");
    CHECK_STR(e.ec, "");
    CHECK_INT(e.status, SSE_OK);

    /* A long message is cut safely, not refused: the error must still be shown. */
    struct strbuf sb;
    strbuf_init(&sb, 0);
    strbuf_puts(&sb, "<Error><Code>X</Code><Message>");
    for (int i = 0; i < 600; i++)
        strbuf_puts(&sb, "\xe4\xb8\xad"); /* 中 */
    strbuf_puts(&sb, "</Message></Error>");
    sse_error_clear(&e);
    CHECK_INT(oss_xml_parse_error(strbuf_cstr(&sb), sb.len, &e), SSE_OK);
    CHECK_INT(strlen(e.message), 765); /* 255 whole characters of 3 bytes */
    strbuf_cleanup(&sb);

    sse_error_clear(&e);
    doc = "<Error><Message>m</Message></Error>";
    CHECK_INT(oss_xml_parse_error(doc, strlen(doc), &e), SSE_ERR_XML);
    CHECK_STR(e.message, "<Error> has no <Code>");
    CHECK_STR(e.code, "");
    doc = "<Error><Code>A</Code><Code>B</Code></Error>";
    CHECK_INT(oss_xml_parse_error(doc, strlen(doc), &e), SSE_ERR_XML);
    CHECK_STR(e.message, "<Code> appears more than once");
    CHECK_STR(e.code, "");
    doc = "<ServerSideEncryptionRule/>";
    CHECK_INT(oss_xml_parse_error(doc, strlen(doc), &e), SSE_ERR_XML);
    CHECK_STR(e.message, "expected <Error> as the root element, got <ServerSideEncryptionRule>");
    doc = "<!DOCTYPE Error [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><Error><Code>&x;</Code></Error>";
    CHECK_INT(oss_xml_parse_error(doc, strlen(doc), &e), SSE_ERR_XML);
    CHECK_STR(e.message, "document has a DTD; refused");
    CHECK_STR(e.code, "");
}

/* ---- libxml2 stays quiet and shares nothing between threads ------------------------------- */

static void
test_quiet(void)
{
    static const char *const docs[] = {
        "this is not XML",
        "<!DOCTYPE x [<!ENTITY a SYSTEM \"file:///etc/passwd\">]><x>&a;</x>",
        RULE_OPEN "<SSEAlgorithm>KMS</SSEAlg",
        "<a><b></a>",
        "<?xml version=\"1.0\" encoding=\"bogus\"?><a/>",
        "\xef\xbb\xbf<a>\xff</a>",
    };
    stderr_capture_begin();
    for (size_t i = 0; i < sizeof docs / sizeof docs[0]; i++) {
        struct sse_rule r;
        struct sse_error e;
        struct oss_bucket_page p;
        oss_xml_parse_rule(docs[i], strlen(docs[i]), &r, &e);
        oss_xml_parse_error(docs[i], strlen(docs[i]), &e);
        oss_xml_parse_bucket_list(docs[i], strlen(docs[i]), &p, &e);
        oss_bucket_page_cleanup(&p);
    }
    long printed = stderr_capture_end();
    CHECK_INT(printed, 0);
}

struct thread_result {
    int bad;
};

static void *
parse_loop(void *arg)
{
    struct thread_result *res = arg;
    for (int i = 0; i < 300; i++) {
        struct sse_rule r;
        struct sse_error e = {0};
        const char *good = "<ServerSideEncryptionRule><ApplyServerSideEncryptionByDefault>"
                           "<SSEAlgorithm>KMS</SSEAlgorithm><KMSMasterKeyID>k</KMSMasterKeyID>"
                           RULE_CLOSE;
        const char *broken = RULE_OPEN "<SSEAlgorithm>KMS</SSEAlgorithm>\n</oops>";
        if (oss_xml_parse_rule(good, strlen(good), &r, &e) != SSE_OK || r.algo != SSE_ALGO_KMS ||
            strcmp(r.kms_key_id, "k") != 0)
            res->bad++;
        if (oss_xml_parse_rule(broken, strlen(broken), &r, &e) != SSE_ERR_XML ||
            strncmp(e.message, "malformed XML at line 2: ", 25) != 0)
            res->bad++;
    }
    return NULL;
}

static void
test_threads(void)
{
    enum { N = 4 };
    pthread_t t[N];
    struct thread_result res[N] = {{0}};
    stderr_capture_begin();
    for (int i = 0; i < N; i++)
        pthread_create(&t[i], NULL, parse_loop, &res[i]);
    for (int i = 0; i < N; i++)
        pthread_join(t[i], NULL);
    long printed = stderr_capture_end();
    for (int i = 0; i < N; i++)
        CHECK_INT(res[i].bad, 0);
    CHECK_INT(printed, 0);
}

int
main(void)
{
    xmlInitParser(); /* as main.c does, before any thread */
    test_fixtures();
    test_build();
    test_escape_roundtrip();
    test_parse_rule_variants();
    test_hostile_rule_documents();
    test_bucket_list();
    test_error_documents();
    test_endpoint_and_location();
    test_quiet();
    test_threads();
    xmlCleanupParser();
    return check_done("xml");
}
