/* xml.c — OSS XML bodies: build the encryption rule; parse rule, bucket list and error documents. */
#include "oss/xml.h"

#include <libxml/SAX2.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "core/validate.h"

#define OSS_LIST_MAX_BUCKETS 1000 /* OSS's own max-keys ceiling */

/* ------------------------------------------------------------------------------------------ */
/* Building                                                                                     */

/* Appends s with the five XML special characters escaped, so any CMK ID round-trips. */
static enum sse_status
put_escaped(struct strbuf *out, const char *s)
{
    enum sse_status st = SSE_OK;
    for (; *s && st == SSE_OK; s++) {
        switch (*s) {
        case '<': st = strbuf_puts(out, "&lt;"); break;
        case '>': st = strbuf_puts(out, "&gt;"); break;
        case '&': st = strbuf_puts(out, "&amp;"); break;
        case '"': st = strbuf_puts(out, "&quot;"); break;
        case '\'': st = strbuf_puts(out, "&apos;"); break;
        default: st = strbuf_putc(out, *s); break;
        }
    }
    return st;
}

static enum sse_status
put_element(struct strbuf *out, const char *name, const char *text)
{
    enum sse_status st = strbuf_printf(out, "<%s>", name);
    if (st == SSE_OK)
        st = put_escaped(out, text);
    if (st == SSE_OK)
        st = strbuf_printf(out, "</%s>", name);
    return st;
}

enum sse_status
oss_xml_build_rule(const struct sse_rule *rule, struct strbuf *out, struct sse_error *err)
{
    /* Checked again here: the builder is the last point before bytes reach the wire, and
     * validate_rule also keeps control characters (not representable in XML 1.0) out. */
    enum sse_status st = validate_rule(rule, err);
    if (st != SSE_OK)
        return st;
    size_t start = out->len;
    st = strbuf_puts(out, "<ServerSideEncryptionRule><ApplyServerSideEncryptionByDefault>");
    if (st == SSE_OK)
        st = put_element(out, "SSEAlgorithm", sse_algo_name(rule->algo));
    if (st == SSE_OK && rule->kms_key_id[0])
        st = put_element(out, "KMSMasterKeyID", rule->kms_key_id);
    if (st == SSE_OK && rule->data_enc == SSE_DATA_ENC_SM4)
        st = put_element(out, "KMSDataEncryption", "SM4");
    if (st == SSE_OK)
        st = strbuf_puts(out, "</ApplyServerSideEncryptionByDefault></ServerSideEncryptionRule>");
    if (st != SSE_OK) {
        /* Leave out as it was: a half-built body must never be sent. */
        out->len = start;
        if (out->data)
            out->data[start] = '\0';
        return sse_error_set(err, st, "cannot build the rule document: %s", sse_status_message(st));
    }
    return SSE_OK;
}

/* ------------------------------------------------------------------------------------------ */
/* Hardened parsing                                                                             */

/* Per-parse state, reached from libxml2 callbacks through ctxt->_private. Nothing global, so
 * the UI thread and the worker can parse at the same time. */
struct parse_state {
    int depth;
    bool has_dtd;
    bool too_deep;
    int err_line;       /* first libxml2 error, 0 when none */
    char err_text[200];
};

static void
record_error(struct parse_state *ps, const xmlError *e)
{
    if (!ps || ps->err_line || !e)
        return;
    ps->err_line = e->line > 0 ? e->line : 1;
    const char *m = e->message ? e->message : "error";
    size_t n = strcspn(m, "\n"); /* libxml2 messages end in a newline */
    if (n >= sizeof ps->err_text)
        n = sizeof ps->err_text - 1;
    memcpy(ps->err_text, m, n);
    ps->err_text[n] = '\0';
}

/* Error sink of the parser context: libxml2 passes ctxt->userData, which is the context. */
static void
on_ctxt_error(void *user, xmlErrorPtr e)
{
    xmlParserCtxtPtr ctxt = user;
    record_error(ctxt ? ctxt->_private : NULL, e);
}

/* This thread's fallback sink while we parse, for errors raised without a parser context
 * (allocation failures in tree code); keeps them off stderr. */
static void
on_thread_error(void *user, xmlErrorPtr e)
{
    record_error(user, e);
}

/* Any DOCTYPE stops the parse before its internal subset (and so any entity declaration) is
 * read: OSS never sends one, and refusing it outright rules out XXE and entity expansion. */
static void
on_internal_subset(void *user, const xmlChar *name, const xmlChar *ext_id, const xmlChar *sys_id)
{
    (void)name, (void)ext_id, (void)sys_id;
    xmlParserCtxtPtr ctxt = user;
    ((struct parse_state *)ctxt->_private)->has_dtd = true;
    xmlStopParser(ctxt);
}

static void
on_entity_decl(void *user, const xmlChar *name, int type, const xmlChar *public_id,
               const xmlChar *system_id, xmlChar *content)
{
    (void)name, (void)type, (void)public_id, (void)system_id, (void)content;
    on_internal_subset(user, NULL, NULL, NULL);
}

static void
on_start_element(void *user, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri,
                 int nb_namespaces, const xmlChar **namespaces, int nb_attributes,
                 int nb_defaulted, const xmlChar **attributes)
{
    xmlParserCtxtPtr ctxt = user;
    struct parse_state *ps = ctxt->_private;
    if (++ps->depth > OSS_XML_MAX_DEPTH) {
        ps->too_deep = true;
        xmlStopParser(ctxt);
        return;
    }
    xmlSAX2StartElementNs(user, localname, prefix, uri, nb_namespaces, namespaces, nb_attributes,
                          nb_defaulted, attributes);
}

static void
on_end_element(void *user, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri)
{
    xmlParserCtxtPtr ctxt = user;
    ((struct parse_state *)ctxt->_private)->depth--;
    xmlSAX2EndElementNs(user, localname, prefix, uri);
}

/* Parses body into a tree whose root must be root_name. Refuses oversize input before parsing,
 * NUL bytes, a DTD, and nesting deeper than OSS_XML_MAX_DEPTH. Caller frees *out (xmlFreeDoc). */
static enum sse_status
parse_doc(const char *body, size_t len, const char *root_name, xmlDocPtr *out,
          struct sse_error *err)
{
    *out = NULL;
    if (len > OSS_XML_MAX_BODY)
        return sse_error_set(err, SSE_ERR_TOOBIG,
                             "XML document of %zu bytes is over the %d-byte limit", len,
                             OSS_XML_MAX_BODY);
    if (!body)
        len = 0;
    const char *nul = len ? memchr(body, '\0', len) : NULL;
    if (nul)
        return sse_error_set(err, SSE_ERR_XML, "document contains a NUL byte at offset %zu",
                             (size_t)(nul - body));
    /* Leading white space before the declaration is not well-formed XML but harmless; skip it
     * and keep line numbers true. */
    int skipped_lines = 0;
    while (len && (*body == ' ' || *body == '\t' || *body == '\r' || *body == '\n')) {
        skipped_lines += *body == '\n';
        body++;
        len--;
    }
    if (!len)
        return sse_error_set(err, SSE_ERR_XML, "empty document where <%s> was expected",
                             root_name);
    /* OSS sends UTF-8 only. libxml2 would switch to UTF-16, UCS-4 or EBCDIC on seeing their
     * byte order marks or patterns at the start; refusing those keeps other encodings'
     * converters out of reach. */
    xmlCharEncoding detected =
        xmlDetectCharEncoding((const unsigned char *)body, (int)(len < 4 ? len : 4));
    if (detected != XML_CHAR_ENCODING_NONE && detected != XML_CHAR_ENCODING_UTF8) {
        const char *name = xmlGetCharEncodingName(detected);
        return sse_error_set(err, SSE_ERR_XML, "document is not UTF-8 (it starts like %s)",
                             name ? name : "another encoding");
    }

    xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
    if (!ctxt)
        return sse_error_set(err, SSE_ERR_NOMEM, "cannot create an XML parser");
    struct parse_state ps = {0};
    ctxt->_private = &ps;
    /* The context owns its SAX table, so these hooks are private to this parse. */
    ctxt->sax->serror = on_ctxt_error;
    ctxt->sax->internalSubset = on_internal_subset;
    ctxt->sax->externalSubset = on_internal_subset;
    ctxt->sax->entityDecl = on_entity_decl;
    ctxt->sax->startElementNs = on_start_element;
    ctxt->sax->endElementNs = on_end_element;

    /* libxml2 keeps the structured handler per thread; set ours for this call only. */
    xmlStructuredErrorFunc saved_fn = xmlStructuredError;
    void *saved_ctx = xmlStructuredErrorContext;
    xmlSetStructuredErrorFunc(&ps, on_thread_error);

    /* No NOENT (entity substitution), no DTDLOAD/DTDATTR/DTDVALID, no XINCLUDE, no HUGE.
     * IGNORE_ENC: the text is read as UTF-8 whatever its declaration says (only byte patterns
     * of other encodings could switch that, and they were refused above). Naming "UTF-8" as
     * the encoding instead would do the same through a converter, a quarter of the parse. */
    int opts = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA |
               XML_PARSE_IGNORE_ENC;
    xmlDocPtr doc = xmlCtxtReadMemory(ctxt, body, (int)len, NULL, NULL, opts);
    if (doc && (doc->intSubset || doc->extSubset))
        ps.has_dtd = true;

    xmlSetStructuredErrorFunc(saved_ctx, saved_fn);
    xmlFreeParserCtxt(ctxt);

    enum sse_status st = SSE_OK;
    if (ps.has_dtd) {
        st = sse_error_set(err, SSE_ERR_XML, "document has a DTD; refused");
    } else if (ps.too_deep) {
        st = sse_error_set(err, SSE_ERR_XML, "document nests elements deeper than %d levels",
                           OSS_XML_MAX_DEPTH);
    } else if (!doc) {
        if (ps.err_line)
            st = sse_error_set(err, SSE_ERR_XML, "malformed XML at line %d: %s",
                               ps.err_line + skipped_lines, ps.err_text);
        else
            st = sse_error_set(err, SSE_ERR_XML, "malformed XML");
    } else {
        xmlNodePtr root = xmlDocGetRootElement(doc);
        if (!root)
            st = sse_error_set(err, SSE_ERR_XML, "document has no root element");
        else if (xmlStrcmp(root->name, BAD_CAST root_name) != 0)
            st = sse_error_set(err, SSE_ERR_XML,
                               "expected <%s> as the root element, got <%.64s>", root_name,
                               (const char *)root->name);
    }
    if (st != SSE_OK) {
        xmlFreeDoc(doc);
        return st;
    }
    *out = doc;
    return SSE_OK;
}

static bool
is_element(const xmlNode *n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && xmlStrcmp(n->name, BAD_CAST name) == 0;
}

/* Copies src[0..n) into dst[size]; when it does not fit, cuts at a UTF-8 character boundary. */
static void
copy_utf8_cut(char *dst, size_t size, const char *src, size_t n)
{
    if (n >= size) {
        n = size - 1;
        while (n > 0 && ((unsigned char)src[n] & 0xC0) == 0x80)
            n--; /* src[n] is a continuation byte: the character starting before it is cut */
    }
    memcpy(dst, src, n);
    dst[n] = '\0';
}

enum text_fit { TEXT_EXACT, TEXT_CUT };

/* Copies el's text, trimmed of XML white space, into dst[size]. Element children are an error;
 * comments and processing instructions are skipped. Too long: an error for TEXT_EXACT, cut at
 * a character boundary for TEXT_CUT. */
static enum sse_status
get_text(const xmlNode *el, char *dst, size_t size, enum text_fit fit, struct sse_error *err)
{
    struct strbuf sb;
    strbuf_init(&sb, OSS_XML_MAX_BODY);
    enum sse_status st = SSE_OK;
    for (const xmlNode *c = el->children; c && st == SSE_OK; c = c->next) {
        switch (c->type) {
        case XML_TEXT_NODE:
        case XML_CDATA_SECTION_NODE:
            if (c->content)
                st = strbuf_puts(&sb, (const char *)c->content);
            if (st != SSE_OK)
                st = sse_error_set(err, st, "cannot read <%s>: %s", (const char *)el->name,
                                   sse_status_message(st));
            break;
        case XML_COMMENT_NODE:
        case XML_PI_NODE:
            break;
        default:
            st = sse_error_set(err, SSE_ERR_XML, "<%s> must hold text only",
                               (const char *)el->name);
            break;
        }
    }
    if (st == SSE_OK) {
        const char *s = strbuf_cstr(&sb);
        size_t n = sb.len;
        while (n && strchr(" \t\r\n", s[n - 1]))
            n--;
        while (n && strchr(" \t\r\n", *s)) {
            s++;
            n--;
        }
        if (n >= size && fit == TEXT_EXACT)
            st = sse_error_set(err, SSE_ERR_XML, "<%s> is longer than %zu bytes",
                               (const char *)el->name, size - 1);
        else
            copy_utf8_cut(dst, size, s, n);
    }
    strbuf_cleanup(&sb);
    return st;
}

/* Marks name as seen in *seen (bit); a second sighting is an error. */
static enum sse_status
once(const xmlNode *el, unsigned bit, unsigned *seen, struct sse_error *err)
{
    if (*seen & bit)
        return sse_error_set(err, SSE_ERR_XML, "<%s> appears more than once",
                             (const char *)el->name);
    *seen |= bit;
    return SSE_OK;
}

/* ------------------------------------------------------------------------------------------ */
/* ServerSideEncryptionRule                                                                     */

enum { SEEN_ALGO = 1, SEEN_KEY = 2, SEEN_DATA_ENC = 4, SEEN_APPLY = 8 };

static enum sse_status
parse_apply(const xmlNode *apply, struct sse_rule *out, struct sse_error *err)
{
    unsigned seen = 0;
    enum sse_status st = SSE_OK;
    char algo[SSE_ALGO_RAW_MAX] = "";
    char data_enc[SSE_DATA_ENC_RAW_MAX] = "";
    for (const xmlNode *c = apply->children; c && st == SSE_OK; c = c->next) {
        if (is_element(c, "SSEAlgorithm")) {
            if ((st = once(c, SEEN_ALGO, &seen, err)) == SSE_OK)
                st = get_text(c, algo, sizeof algo, TEXT_CUT, err);
        } else if (is_element(c, "KMSMasterKeyID")) {
            if ((st = once(c, SEEN_KEY, &seen, err)) == SSE_OK)
                st = get_text(c, out->kms_key_id, sizeof out->kms_key_id, TEXT_EXACT, err);
        } else if (is_element(c, "KMSDataEncryption")) {
            if ((st = once(c, SEEN_DATA_ENC, &seen, err)) == SSE_OK)
                st = get_text(c, data_enc, sizeof data_enc, TEXT_CUT, err);
        }
        /* Other elements are left alone: OSS may add fields. */
    }
    if (st != SSE_OK)
        return st;
    if (!(seen & SEEN_ALGO))
        return sse_error_set(err, SSE_ERR_XML,
                             "<ApplyServerSideEncryptionByDefault> has no <SSEAlgorithm>");
    if (!algo[0])
        return sse_error_set(err, SSE_ERR_XML, "<SSEAlgorithm> is empty");

    /* Exact wire names only: anything else is shown as the server wrote it, never as "none". */
    if (strcmp(algo, "AES256") == 0)
        out->algo = SSE_ALGO_AES256;
    else if (strcmp(algo, "KMS") == 0)
        out->algo = SSE_ALGO_KMS;
    else if (strcmp(algo, "SM4") == 0)
        out->algo = SSE_ALGO_SM4;
    else {
        out->algo = SSE_ALGO_UNKNOWN;
        memcpy(out->algo_raw, algo, sizeof out->algo_raw);
    }

    if (!data_enc[0])
        out->data_enc = SSE_DATA_ENC_NONE;
    else if (strcmp(data_enc, "SM4") == 0)
        out->data_enc = SSE_DATA_ENC_SM4;
    else {
        out->data_enc = SSE_DATA_ENC_UNKNOWN;
        memcpy(out->data_enc_raw, data_enc, sizeof out->data_enc_raw);
    }
    return SSE_OK;
}

enum sse_status
oss_xml_parse_rule(const char *body, size_t len, struct sse_rule *out, struct sse_error *err)
{
    memset(out, 0, sizeof *out);
    xmlDocPtr doc;
    enum sse_status st = parse_doc(body, len, "ServerSideEncryptionRule", &doc, err);
    if (st != SSE_OK)
        return st;
    unsigned seen = 0;
    const xmlNode *root = xmlDocGetRootElement(doc);
    for (const xmlNode *c = root->children; c && st == SSE_OK; c = c->next) {
        if (!is_element(c, "ApplyServerSideEncryptionByDefault"))
            continue;
        if ((st = once(c, SEEN_APPLY, &seen, err)) == SSE_OK)
            st = parse_apply(c, out, err);
    }
    if (st == SSE_OK && !(seen & SEEN_APPLY))
        st = sse_error_set(err, SSE_ERR_XML,
                           "<ServerSideEncryptionRule> has no <ApplyServerSideEncryptionByDefault>");
    xmlFreeDoc(doc);
    if (st != SSE_OK)
        memset(out, 0, sizeof *out);
    return st;
}

/* ------------------------------------------------------------------------------------------ */
/* ListAllMyBucketsResult                                                                       */

struct bucket_field {
    const char *element;
    size_t offset;
    size_t size;
};

#define BUCKET_FIELD(element, member)                                              \
    {                                                                              \
        element, offsetof(struct oss_bucket_info, member),                         \
            sizeof(((struct oss_bucket_info *)0)->member)                          \
    }

static const struct bucket_field bucket_fields[] = {
    BUCKET_FIELD("Name", name),
    BUCKET_FIELD("Region", region),
    BUCKET_FIELD("Location", location),
    BUCKET_FIELD("ExtranetEndpoint", extranet_endpoint),
    BUCKET_FIELD("IntranetEndpoint", intranet_endpoint),
    BUCKET_FIELD("CreationDate", creation_date),
    BUCKET_FIELD("StorageClass", storage_class),
};
#define NBUCKET_FIELDS (sizeof bucket_fields / sizeof bucket_fields[0])

static enum sse_status
parse_bucket(const xmlNode *el, size_t index, struct oss_bucket_info *b, struct sse_error *err)
{
    unsigned seen = 0;
    enum sse_status st = SSE_OK;
    for (const xmlNode *c = el->children; c && st == SSE_OK; c = c->next) {
        for (size_t f = 0; f < NBUCKET_FIELDS && st == SSE_OK; f++) {
            if (!is_element(c, bucket_fields[f].element))
                continue;
            /* Too long is an error, never a cut: a cut name or endpoint would address
             * something else. */
            if ((st = once(c, 1u << f, &seen, err)) == SSE_OK)
                st = get_text(c, (char *)b + bucket_fields[f].offset, bucket_fields[f].size,
                              TEXT_EXACT, err);
        }
    }
    if (st != SSE_OK) {
        char why[400] = "";
        if (err)
            sse_strlcpy(why, err->message, sizeof why); /* err->message is about to be rewritten */
        return sse_error_set(err, st, "bucket %zu in the list: %s", index + 1, why);
    }
    if (!b->name[0])
        return sse_error_set(err, SSE_ERR_XML, "bucket %zu in the list has no <Name>", index + 1);
    if (!b->region[0]) {
        /* Older answers have no Region: it is the Location without its "oss-" prefix. */
        const char *loc = b->location;
        if (strncmp(loc, "oss-", 4) == 0)
            loc += 4;
        memcpy(b->region, loc, strlen(loc) + 1); /* fits: region and location are equal size */
    }
    return SSE_OK;
}

static enum sse_status
parse_buckets(const xmlNode *buckets, struct oss_bucket_page *out, struct sse_error *err)
{
    size_t n = 0;
    for (const xmlNode *c = buckets->children; c; c = c->next)
        if (is_element(c, "Bucket") && ++n > OSS_LIST_MAX_BUCKETS)
            return sse_error_set(err, SSE_ERR_XML, "the page lists more than %d buckets",
                                 OSS_LIST_MAX_BUCKETS);
    if (!n)
        return SSE_OK;
    out->buckets = calloc(n, sizeof *out->buckets);
    if (!out->buckets)
        return sse_error_set(err, SSE_ERR_NOMEM, "cannot hold %zu buckets", n);
    enum sse_status st = SSE_OK;
    for (const xmlNode *c = buckets->children; c && st == SSE_OK; c = c->next) {
        if (!is_element(c, "Bucket"))
            continue;
        st = parse_bucket(c, out->count, &out->buckets[out->count], err);
        if (st == SSE_OK)
            out->count++;
    }
    return st;
}

enum { SEEN_BUCKETS = 1, SEEN_TRUNCATED = 2, SEEN_NEXT = 4 };

enum sse_status
oss_xml_parse_bucket_list(const char *body, size_t len, struct oss_bucket_page *out,
                          struct sse_error *err)
{
    memset(out, 0, sizeof *out);
    xmlDocPtr doc;
    enum sse_status st = parse_doc(body, len, "ListAllMyBucketsResult", &doc, err);
    if (st != SSE_OK)
        return st;
    unsigned seen = 0;
    const xmlNode *root = xmlDocGetRootElement(doc);
    for (const xmlNode *c = root->children; c && st == SSE_OK; c = c->next) {
        if (is_element(c, "Buckets")) {
            if ((st = once(c, SEEN_BUCKETS, &seen, err)) == SSE_OK)
                st = parse_buckets(c, out, err);
        } else if (is_element(c, "IsTruncated")) {
            char v[8];
            if ((st = once(c, SEEN_TRUNCATED, &seen, err)) == SSE_OK)
                st = get_text(c, v, sizeof v, TEXT_CUT, err);
            if (st == SSE_OK) {
                if (strcmp(v, "true") == 0)
                    out->truncated = true;
                else if (strcmp(v, "false") != 0)
                    st = sse_error_set(err, SSE_ERR_XML,
                                       "<IsTruncated> must be true or false, not \"%s\"", v);
            }
        } else if (is_element(c, "NextMarker")) {
            if ((st = once(c, SEEN_NEXT, &seen, err)) == SSE_OK)
                st = get_text(c, out->next_marker, sizeof out->next_marker, TEXT_EXACT, err);
        }
    }
    if (st == SSE_OK && out->truncated && !out->next_marker[0]) {
        /* Markers are "list after this name", so the last name continues the listing. */
        if (out->count)
            memcpy(out->next_marker, out->buckets[out->count - 1].name,
                   sizeof out->buckets[0].name);
        else
            st = sse_error_set(err, SSE_ERR_XML,
                               "the list is truncated but gives no <NextMarker> to continue from");
    }
    xmlFreeDoc(doc);
    if (st != SSE_OK)
        oss_bucket_page_cleanup(out);
    return st;
}

void
oss_bucket_page_cleanup(struct oss_bucket_page *page)
{
    if (!page)
        return;
    free(page->buckets);
    memset(page, 0, sizeof *page);
}

/* ------------------------------------------------------------------------------------------ */
/* Error                                                                                        */

enum { SEEN_CODE = 1, SEEN_MESSAGE = 2, SEEN_REQUEST_ID = 4, SEEN_EC = 8, SEEN_ENDPOINT = 16 };

enum sse_status
oss_xml_parse_location(const char *body, size_t len, char *region, size_t size,
                       struct sse_error *err)
{
    xmlDocPtr doc;
    enum sse_status st = parse_doc(body, len, "LocationConstraint", &doc, err);
    if (st != SSE_OK)
        return st;
    char loc[72] = "";
    st = get_text(xmlDocGetRootElement(doc), loc, sizeof loc, TEXT_EXACT, err);
    xmlFreeDoc(doc);
    if (st != SSE_OK)
        return st;
    size_t n = strlen(loc);
    bool plain = n > 4 && n - 4 < size && strncmp(loc, "oss-", 4) == 0;
    for (size_t i = 4; plain && i < n; i++)
        plain = (loc[i] >= 'a' && loc[i] <= 'z') || (loc[i] >= '0' && loc[i] <= '9') ||
                loc[i] == '-';
    if (!plain)
        return sse_error_set(err, SSE_ERR_XML, "<LocationConstraint> is not an OSS location");
    memcpy(region, loc + 4, n - 4 + 1);
    return SSE_OK;
}

enum sse_status
oss_xml_parse_error(const char *body, size_t len, struct sse_error *err)
{
    xmlDocPtr doc;
    enum sse_status st = parse_doc(body, len, "Error", &doc, err);
    if (st != SSE_OK)
        return st;
    /* Fill a copy so a failure leaves err's fields as they were. Display text is cut safely:
     * an error must still be reported when OSS's message is long. */
    struct sse_error e = {0};
    unsigned seen = 0;
    const xmlNode *root = xmlDocGetRootElement(doc);
    for (const xmlNode *c = root->children; c && st == SSE_OK; c = c->next) {
        if (is_element(c, "Code")) {
            if ((st = once(c, SEEN_CODE, &seen, err)) == SSE_OK)
                st = get_text(c, e.code, sizeof e.code, TEXT_CUT, err);
        } else if (is_element(c, "Message")) {
            if ((st = once(c, SEEN_MESSAGE, &seen, err)) == SSE_OK)
                st = get_text(c, e.message, sizeof e.message, TEXT_CUT, err);
        } else if (is_element(c, "RequestId")) {
            if ((st = once(c, SEEN_REQUEST_ID, &seen, err)) == SSE_OK)
                st = get_text(c, e.request_id, sizeof e.request_id, TEXT_CUT, err);
        } else if (is_element(c, "EC")) {
            if ((st = once(c, SEEN_EC, &seen, err)) == SSE_OK)
                st = get_text(c, e.ec, sizeof e.ec, TEXT_CUT, err);
        } else if (is_element(c, "Endpoint")) {
            /* Kept whole or not at all: a cut host name is another host. */
            if ((st = once(c, SEEN_ENDPOINT, &seen, err)) == SSE_OK &&
                get_text(c, e.endpoint, sizeof e.endpoint, TEXT_CUT, err) == SSE_OK &&
                strlen(e.endpoint) + 1 >= sizeof e.endpoint)
                e.endpoint[0] = '\0';
        }
        /* HostId, BucketName, RecommendDoc, StringToSign… are not kept. */
    }
    xmlFreeDoc(doc);
    if (st != SSE_OK)
        return st;
    if (!e.code[0])
        return sse_error_set(err, SSE_ERR_XML, "<Error> has no <Code>");
    if (!err)
        return SSE_OK;
    memcpy(err->code, e.code, sizeof err->code);
    memcpy(err->message, e.message, sizeof err->message);
    memcpy(err->request_id, e.request_id, sizeof err->request_id);
    memcpy(err->ec, e.ec, sizeof err->ec);
    memcpy(err->endpoint, e.endpoint, sizeof err->endpoint);
    return SSE_OK;
}
