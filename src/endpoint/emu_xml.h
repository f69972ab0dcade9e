/* emu_xml.h — OSS XML: a hardened parse of PutBucketEncryption bodies, and the rule, list and error answers. */
#ifndef EMU_XML_H
#define EMU_XML_H

#include <stddef.h>

#include "emu_buf.h"
#include "emu_error.h"
#include "emu_state.h"

/* Call once before any thread starts / after they all stopped. */
void emu_xml_init(void);
void emu_xml_cleanup(void);

/*
 * Parses a ServerSideEncryptionRule body with libxml2: no DTD, no entities, no network.
 * Returns EMU_OK with *out filled, or MalformedXML / InvalidEncryptionAlgorithmError /
 * InvalidArgument (see emu_rule_make()).
 */
enum emu_err emu_xml_parse_rule(const char *body, size_t len, struct emu_rule *out);

/* The GetBucketEncryption answer. */
int emu_xml_rule(struct emu_buf *b, const struct emu_rule *rule);

/* The GetBucketLocation answer: <LocationConstraint>oss-REGION</LocationConstraint>. */
int emu_xml_location(struct emu_buf *b, const char *region);

struct emu_list_page {
	const char *prefix;
	const char *marker;
	size_t max_keys;
	int truncated;
	const char *owner_id;
	const char *owner_name;
	const struct emu_bucket *buckets;
	size_t n;
	const struct emu_region *regions; /* for Location, Region and the endpoints */
};
/* The ListBuckets answer; Prefix/Marker/MaxKeys/IsTruncated/NextMarker only when truncated. */
int emu_xml_list(struct emu_buf *b, const struct emu_list_page *page);

struct emu_xml_field {
	const char *name;
	const char *value;
};
/*
 * An OSS error body: Code, Message, RequestId, HostId, then `extra` (e.g. BucketName,
 * OSSAccessKeyId…) in order, then EC.
 */
int emu_xml_error(struct emu_buf *b, const struct emu_errinfo *info, const char *request_id,
		  const char *host_id, const struct emu_xml_field *extra, size_t nextra);

#endif
