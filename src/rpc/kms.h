/* kms.h — KMS (version 2016-01-20) over the RPC protocol: ListKeys (pages, Filters), DescribeKey
 * (ID, alias/NAME or ARN), ListAliases and ListAliasesByKeyId requests, their answers in
 * fixed-size structs, and whether a described key can serve OSS server-side encryption. Pure. */
#ifndef SSE_RPC_KMS_H
#define SSE_RPC_KMS_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "core/status.h"
#include "rpc/endpoint.h"
#include "rpc/request.h"

#define KMS_VERSION "2016-01-20"
#define KMS_PAGE_MAX 100        /* PageSize 1-100 */
#define KMS_FILTERS_MAX 10
#define KMS_FILTER_VALUES_MAX 10
#define KMS_ID_MAX 128
#define KMS_ARN_MAX 256
#define KMS_ALIAS_MAX 256       /* "alias/" + up to 249 bytes */
#define KMS_DESCRIPTION_MAX 1024 /* kept of a description (KMS allows 8192 characters): cut */

/* One ListKeys filter: Key (KeyState, KeySpec, KeyUsage, ProtectionLevel, CreatorType) and its
 * Values (any of which matches); filters AND together. Borrowed. */
struct kms_filter {
    const char *key;
    const char *const *values;
    size_t nvalues;
};

/* What a user gave as a key. */
enum kms_key_ref_kind { KMS_REF_ID, KMS_REF_ALIAS, KMS_REF_ARN };

struct kms_key_ref {
    enum kms_key_ref_kind kind;
    char region[64];   /* from an ARN; "" otherwise */
    char account[32];  /* from an ARN; "" otherwise */
    char id[KMS_ALIAS_MAX]; /* the key ID, or "alias/NAME" (from an alias or an alias ARN) */
};

/* Classifies ref: a key ID ("key-hzz6...", "0575..-..."), "alias/NAME" (letters, digits, '_',
 * '-', '/' and ':'), or an ARN "acs:kms:REGION:ACCOUNT:key/ID" or ":alias/NAME". SSE_ERR_INVALID
 * with the reason otherwise. */
enum sse_status kms_key_ref_parse(const char *ref, struct kms_key_ref *out, struct sse_error *err);

/* The builders. r is uninitialised before and rpc_request_cleanup'ed after, in every case; sign
 * it with rpc_request_sign. page_number >= 1, page_size 1-100 (0 = the default, left out). */
enum sse_status kms_build_list_keys(struct rpc_request *r, const struct rpc_endpoint *ep,
                                    int page_number, int page_size,
                                    const struct kms_filter *filters, size_t nfilters,
                                    struct sse_error *err);
enum sse_status kms_build_describe_key(struct rpc_request *r, const struct rpc_endpoint *ep,
                                       const char *key_ref, struct sse_error *err);
enum sse_status kms_build_list_aliases(struct rpc_request *r, const struct rpc_endpoint *ep,
                                       int page_number, int page_size, struct sse_error *err);
enum sse_status kms_build_list_aliases_by_key_id(struct rpc_request *r,
                                                 const struct rpc_endpoint *ep,
                                                 const char *key_id, int page_number,
                                                 int page_size, struct sse_error *err);

/* The Filters parameter as sent: a JSON array of {"Key","Values":[...]} into out[size]. */
enum sse_status kms_filters_json(const struct kms_filter *filters, size_t nfilters, char *out,
                                 size_t size, struct sse_error *err);

/* What every page answer says about itself. */
struct kms_page {
    long long total_count;
    int page_number;
    int page_size;
    size_t count;              /* entries on this page */
    char request_id[64];
};

/* Whether more pages follow this one: it had entries and page_number * page_size < total_count
 * (an empty page ends paging whatever the total says). */
bool kms_page_more(const struct kms_page *p);

struct kms_key_entry {
    char key_id[KMS_ID_MAX];
    char key_arn[KMS_ARN_MAX];
};

/* One ListKeys page: keys[0..page.count-1]. */
struct kms_key_page {
    struct kms_page page;
    struct kms_key_entry keys[KMS_PAGE_MAX];
};

enum kms_key_state {
    KMS_STATE_ENABLED,
    KMS_STATE_DISABLED,
    KMS_STATE_PENDING_DELETION,
    KMS_STATE_PENDING_IMPORT,
    KMS_STATE_UNKNOWN,
};

/* DescribeKey's KeyMetadata; every field the service's text ("" when absent). */
struct kms_key_metadata {
    char key_id[KMS_ID_MAX];
    char arn[KMS_ARN_MAX];
    char key_state[32];          /* Enabled, Disabled, PendingDeletion, PendingImport */
    enum kms_key_state state;
    char key_spec[32];           /* Aliyun_AES_256, Aliyun_SM4, RSA_2048, EC_P256, ... */
    char key_usage[32];          /* ENCRYPT/DECRYPT, SIGN/VERIFY */
    char creator[64];
    char creation_date[32];
    char description[KMS_DESCRIPTION_MAX];
    bool description_cut;        /* it was longer and has been cut */
    char origin[32];             /* Aliyun_KMS, or EXTERNAL for BYOK */
    char protection_level[32];   /* SOFTWARE, HSM */
    char deletion_protection[16];
    char delete_date[32];        /* with PendingDeletion */
    time_t delete_time;          /* delete_date parsed; 0 when none */
    char primary_key_version[KMS_ID_MAX];
    char automatic_rotation[16]; /* Enabled, Disabled, Suspended */
    char rotation_interval[32];  /* "31536000s" */
    char next_rotation_date[32];
    char last_rotation_date[32];
    char material_expire_time[32];
    char request_id[64];
};

struct kms_alias {
    char key_id[KMS_ID_MAX];
    char alias_name[KMS_ALIAS_MAX]; /* "alias/..." */
    char alias_arn[KMS_ARN_MAX];
};

/* One ListAliases / ListAliasesByKeyId page: aliases[0..page.count-1]. */
struct kms_alias_page {
    struct kms_page page;
    struct kms_alias aliases[KMS_PAGE_MAX];
};

/* The parsers: an error document into err (rpc_response_check: Forbidden.KeyNotFound, ...),
 * else the answer; out is zeroed first and on failure. */
enum sse_status kms_parse_key_page(long http_status, const char *body, size_t len,
                                   struct kms_key_page *out, struct sse_error *err);
enum sse_status kms_parse_key_metadata(long http_status, const char *body, size_t len,
                                       struct kms_key_metadata *out, struct sse_error *err);
enum sse_status kms_parse_alias_page(long http_status, const char *body, size_t len,
                                     struct kms_alias_page *out, struct sse_error *err);

/* "Enabled" → KMS_STATE_ENABLED ...; anything else KMS_STATE_UNKNOWN. */
enum kms_key_state kms_key_state_parse(const char *s);

/* Whether the key can serve OSS server-side encryption of a bucket in region: Enabled, a
 * symmetric Aliyun_AES_256 or Aliyun_SM4 key for ENCRYPT/DECRYPT, and in that region (by its
 * ARN). SSE_ERR_INVALID with the reason in err otherwise. */
enum sse_status kms_key_check_for_oss(const struct kms_key_metadata *m, const char *region,
                                      struct sse_error *err);

#endif
