/* xml.c — OSS XML bodies: build the encryption rule; parse rule, bucket list and error documents. */
#include "oss/xml.h"

#include <string.h>

#include "core/validate.h"

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
