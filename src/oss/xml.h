/* xml.h — OSS XML bodies with libxml2: build the encryption rule; parse the rule, the bucket list
 * and error documents. Hardened: no network, no DTD, no entity expansion, size and depth caps. */
#ifndef SSE_OSS_XML_H
#define SSE_OSS_XML_H

#include <stdbool.h>
#include <stddef.h>

#include "core/rule.h"
#include "core/status.h"
#include "core/strbuf.h"

#define OSS_XML_MAX_BODY (1024 * 1024) /* larger documents are refused, not parsed */
#define OSS_XML_MAX_DEPTH 16

/* <ServerSideEncryptionRule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>… with no XML
 * declaration, KMSMasterKeyID only when set, KMSDataEncryption only when SM4; text escaped.
 * The rule must be valid (validate_rule). Appends to out. */
enum sse_status oss_xml_build_rule(const struct sse_rule *rule, struct strbuf *out,
                                   struct sse_error *err);

/* Parses a ServerSideEncryptionRule document. An algorithm it does not know gives
 * algo = SSE_ALGO_UNKNOWN with algo_raw set (not an error); a missing SSEAlgorithm, a wrong root,
 * duplicated elements or a DTD are SSE_ERR_XML with the reason in err->message. */
enum sse_status oss_xml_parse_rule(const char *body, size_t len, struct sse_rule *out,
                                   struct sse_error *err);

struct oss_bucket_info {
    char name[64];
    char region[64];             /* "cn-hangzhou" (from Region, else Location without "oss-") */
    char location[64];           /* "oss-cn-hangzhou" */
    char extranet_endpoint[128];
    char intranet_endpoint[128];
    char creation_date[40];
    char storage_class[32];
};

struct oss_bucket_page {
    struct oss_bucket_info *buckets; /* owned array */
    size_t count;
    bool truncated;
    char next_marker[128];
};

/* Parses ListAllMyBucketsResult. Pages are capped (OSS returns at most 1000 buckets a page). */
enum sse_status oss_xml_parse_bucket_list(const char *body, size_t len, struct oss_bucket_page *out,
                                          struct sse_error *err);
void oss_bucket_page_cleanup(struct oss_bucket_page *page);

/* Parses GetBucketLocation's <LocationConstraint>oss-cn-beijing</LocationConstraint> into the
 * region ("cn-beijing"; region[size]). SSE_ERR_XML when it is not that document or the value is
 * not an OSS location. */
enum sse_status oss_xml_parse_location(const char *body, size_t len, char *region, size_t size,
                                       struct sse_error *err);

/* Parses an <Error> document into err's code, message, request_id, ec and endpoint (status
 * untouched). SSE_ERR_XML when the body is not an OSS Error document. */
enum sse_status oss_xml_parse_error(const char *body, size_t len, struct sse_error *err);

#endif
