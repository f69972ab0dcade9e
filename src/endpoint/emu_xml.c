/* emu_xml.c — OSS XML in (hardened libxml2 parse of the rule) and out (rule, bucket list, errors). */
#include "emu_xml.h"

#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#define XML_DECL "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"

void
emu_xml_init(void)
{
	xmlInitParser();
}

void
emu_xml_cleanup(void)
{
	xmlCleanupParser();
}

static int
name_is(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

/* The element's text if it has only text children (no child elements); NULL otherwise. Caller frees. */
static char *
leaf_text(const xmlNode *n)
{
	for (const xmlNode *c = n->children; c; c = c->next)
		if (c->type != XML_TEXT_NODE && c->type != XML_CDATA_SECTION_NODE)
			return NULL;
	xmlChar *t = xmlNodeGetContent(n);
	return (char *)t;
}

static int
only_blank_text(const xmlNode *n)
{
	if (n->type != XML_TEXT_NODE)
		return n->type == XML_COMMENT_NODE;
	for (const xmlChar *p = n->content; p && *p; p++)
		if (*p != ' ' && *p != '\t' && *p != '\n' && *p != '\r')
			return 0;
	return 1;
}

/* A document type declaration or entity declaration anywhere means a hostile or foreign body. */
static int
has_dtd(const char *body, size_t len)
{
	static const char *const needles[] = { "<!DOCTYPE", "<!ENTITY", "<!doctype", "<!entity" };
	for (size_t i = 0; i < sizeof needles / sizeof needles[0]; i++) {
		size_t nl = strlen(needles[i]);
		for (size_t k = 0; k + nl <= len; k++)
			if (memcmp(body + k, needles[i], nl) == 0)
				return 1;
	}
	return 0;
}

enum emu_err
emu_xml_parse_rule(const char *body, size_t len, struct emu_rule *out)
{
	if (len == 0 || len > 64 * 1024 || has_dtd(body, len))
		return EMU_ERR_MALFORMED_XML;
	xmlDocPtr doc = xmlReadMemory(body, (int)len, "request.xml", NULL,
				      XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
					      XML_PARSE_NOCDATA);
	if (!doc)
		return EMU_ERR_MALFORMED_XML;
	enum emu_err e = EMU_ERR_MALFORMED_XML;
	char *algo = NULL, *key = NULL, *enc = NULL;
	xmlNode *root = xmlDocGetRootElement(doc);
	if (doc->intSubset || !root || !name_is(root, "ServerSideEncryptionRule"))
		goto done;

	const xmlNode *apply = NULL;
	for (const xmlNode *c = root->children; c; c = c->next) {
		if (name_is(c, "ApplyServerSideEncryptionByDefault") && !apply)
			apply = c;
		else if (!only_blank_text(c))
			goto done; /* a second Apply…, another element or stray text */
	}
	if (!apply)
		goto done;
	for (const xmlNode *c = apply->children; c; c = c->next) {
		char **slot = name_is(c, "SSEAlgorithm")        ? &algo
			      : name_is(c, "KMSMasterKeyID")    ? &key
			      : name_is(c, "KMSDataEncryption") ? &enc
								: NULL;
		if (!slot) {
			if (!only_blank_text(c))
				goto done;
			continue;
		}
		if (*slot)
			goto done; /* repeated element */
		*slot = leaf_text(c);
		if (!*slot)
			goto done; /* nested elements inside a value */
	}
	if (!algo)
		goto done;
	e = emu_rule_make(algo, key, enc, out);
done:
	xmlFree(algo);
	xmlFree(key);
	xmlFree(enc);
	xmlFreeDoc(doc);
	return e;
}

static void
element(struct emu_buf *b, const char *indent, const char *name, const char *value)
{
	emu_buf_printf(b, "%s<%s>", indent, name);
	emu_buf_xml(b, value);
	emu_buf_printf(b, "</%s>\n", name);
}

int
emu_xml_rule(struct emu_buf *b, const struct emu_rule *rule)
{
	emu_buf_puts(b, XML_DECL "<ServerSideEncryptionRule>\n  <ApplyServerSideEncryptionByDefault>\n");
	element(b, "    ", "SSEAlgorithm", emu_algo_name(rule->algo));
	if (rule->algo == EMU_ALGO_KMS && rule->kms_key_id[0])
		element(b, "    ", "KMSMasterKeyID", rule->kms_key_id);
	if (rule->sm4_data)
		element(b, "    ", "KMSDataEncryption", "SM4");
	emu_buf_puts(b, "  </ApplyServerSideEncryptionByDefault>\n</ServerSideEncryptionRule>\n");
	return b->failed ? -1 : 0;
}

int
emu_xml_location(struct emu_buf *b, const char *region)
{
	emu_buf_puts(b, XML_DECL "<LocationConstraint>oss-");
	emu_buf_xml(b, region);
	emu_buf_puts(b, "</LocationConstraint>\n");
	return b->failed ? -1 : 0;
}

int
emu_xml_list(struct emu_buf *b, const struct emu_list_page *page)
{
	emu_buf_puts(b, XML_DECL "<ListAllMyBucketsResult>\n");
	if (page->truncated) {
		char max[24];
		snprintf(max, sizeof max, "%zu", page->max_keys);
		element(b, "  ", "Prefix", page->prefix);
		element(b, "  ", "Marker", page->marker);
		element(b, "  ", "MaxKeys", max);
		element(b, "  ", "IsTruncated", "true");
		element(b, "  ", "NextMarker", page->n ? page->buckets[page->n - 1].name : "");
	}
	emu_buf_puts(b, "  <Owner>\n");
	element(b, "    ", "ID", page->owner_id);
	element(b, "    ", "DisplayName", page->owner_name);
	emu_buf_puts(b, "  </Owner>\n  <Buckets>\n");
	for (size_t i = 0; i < page->n; i++) {
		const struct emu_bucket *k = &page->buckets[i];
		const struct emu_region *r = &page->regions[k->region];
		char location[64], extranet[96], intranet[96];
		snprintf(location, sizeof location, "oss-%s", r->name);
		emu_region_endpoint(r, 0, extranet, sizeof extranet);
		emu_region_endpoint(r, 1, intranet, sizeof intranet);
		if (k->listed_endpoint[0]) {
			snprintf(extranet, sizeof extranet, "%s", k->listed_endpoint);
			snprintf(intranet, sizeof intranet, "%s", k->listed_endpoint);
		}
		emu_buf_puts(b, "    <Bucket>\n");
		element(b, "      ", "CreationDate", k->created);
		element(b, "      ", "ExtranetEndpoint", extranet);
		element(b, "      ", "IntranetEndpoint", intranet);
		element(b, "      ", "Location", location);
		element(b, "      ", "Name", k->name);
		element(b, "      ", "Region", r->name);
		element(b, "      ", "StorageClass", k->storage_class);
		emu_buf_puts(b, "    </Bucket>\n");
	}
	emu_buf_puts(b, "  </Buckets>\n</ListAllMyBucketsResult>\n");
	return b->failed ? -1 : 0;
}

int
emu_xml_error(struct emu_buf *b, const struct emu_errinfo *info, const char *request_id,
	      const char *host_id, const struct emu_xml_field *extra, size_t nextra)
{
	emu_buf_puts(b, XML_DECL "<Error>\n");
	element(b, "  ", "Code", info->code);
	element(b, "  ", "Message", info->message);
	element(b, "  ", "RequestId", request_id);
	element(b, "  ", "HostId", host_id);
	for (size_t i = 0; i < nextra; i++)
		if (extra[i].value)
			element(b, "  ", extra[i].name, extra[i].value);
	element(b, "  ", "EC", info->ec);
	emu_buf_puts(b, "</Error>\n");
	return b->failed ? -1 : 0;
}
