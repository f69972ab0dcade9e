/* kms.c — KMS requests (ListKeys, DescribeKey, ListAliases, ListAliasesByKeyId), their answers,
 * and the check of a key for OSS. */
#include "rpc/kms.h"

#include <jansson.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/sanitize.h"
#include "core/validate.h"
#include "rpc/json.h"
#include "rpc/response.h"
#include "rpc/timestamp.h"

static bool
id_char(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '-' || c == '_';
}

/* A key ID: 1..KMS_ID_MAX-1 of [A-Za-z0-9_-]. */
static bool
key_id_ok(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n >= KMS_ID_MAX)
        return false;
    for (; *s; s++)
        if (!id_char((unsigned char)*s))
            return false;
    return true;
}

/* "alias/NAME": NAME of [A-Za-z0-9_/-], not empty, the whole under KMS_ALIAS_MAX. */
static bool
alias_ok(const char *s)
{
    size_t n = strlen(s);
    if (strncmp(s, "alias/", 6) != 0 || n <= 6 || n >= KMS_ALIAS_MAX)
        return false;
    for (s += 6; *s; s++)
        if (!id_char((unsigned char)*s) && *s != '/')
            return false;
    return true;
}

enum sse_status
kms_key_ref_parse(const char *ref, struct kms_key_ref *out, struct sse_error *err)
{
    memset(out, 0, sizeof *out);
    char shown[120];
    sanitize_text(ref, shown, sizeof shown);
    if (!*ref)
        return sse_error_set(err, SSE_ERR_INVALID, "the KMS key is empty");
    if (strncmp(ref, "acs:kms:", 8) == 0) {
        /* acs:kms:REGION:ACCOUNT:key/ID or acs:kms:REGION:ACCOUNT:alias/NAME */
        const char *region = ref + 8, *c1 = strchr(region, ':');
        const char *account = c1 ? c1 + 1 : NULL, *c2 = account ? strchr(account, ':') : NULL;
        const char *res = c2 ? c2 + 1 : NULL;
        size_t rn = c1 ? (size_t)(c1 - region) : 0, an = c2 ? (size_t)(c2 - account) : 0;
        char rbuf[64] = "";
        if (rn && rn < sizeof rbuf)
            memcpy(rbuf, region, rn);
        if (!res || !validate_region_id(rbuf) || an == 0 || an >= sizeof out->account ||
            strspn(account, "0123456789") != an)
            return sse_error_set(err, SSE_ERR_INVALID,
                                 "the KMS key ARN \"%s\" must be acs:kms:REGION:ACCOUNT:key/ID",
                                 shown);
        if (strncmp(res, "key/", 4) == 0 && key_id_ok(res + 4)) {
            snprintf(out->id, sizeof out->id, "%s", res + 4);
        } else if (alias_ok(res)) {
            snprintf(out->id, sizeof out->id, "%s", res);
        } else {
            return sse_error_set(err, SSE_ERR_INVALID,
                                 "the KMS key ARN \"%s\" must end in key/ID or alias/NAME", shown);
        }
        out->kind = KMS_REF_ARN;
        memcpy(out->region, rbuf, rn + 1);
        memcpy(out->account, account, an);
        return SSE_OK;
    }
    if (strncmp(ref, "alias/", 6) == 0) {
        if (!alias_ok(ref))
            return sse_error_set(err, SSE_ERR_INVALID,
                                 "the KMS alias \"%s\" must be alias/NAME, NAME of letters, "
                                 "digits, '_', '-' and '/', at most %d bytes in all", shown,
                                 KMS_ALIAS_MAX - 1);
        out->kind = KMS_REF_ALIAS;
        snprintf(out->id, sizeof out->id, "%s", ref);
        return SSE_OK;
    }
    if (!key_id_ok(ref))
        return sse_error_set(err, SSE_ERR_INVALID,
                             "the KMS key \"%s\" is not a key ID (letters, digits, '-' and '_'), "
                             "alias/NAME or acs:kms:REGION:ACCOUNT:key/ID", shown);
    out->kind = KMS_REF_ID;
    snprintf(out->id, sizeof out->id, "%s", ref);
    return SSE_OK;
}

static enum sse_status
begin(struct rpc_request *r, const struct rpc_endpoint *ep, const char *action,
      struct sse_error *err)
{
    enum sse_status st = rpc_request_begin(r, ep, KMS_VERSION, action);
    return st == SSE_OK ? SSE_OK : sse_error_set(err, st, "cannot start the %s request", action);
}

static enum sse_status
add_paging(struct rpc_request *r, int page_number, int page_size, struct sse_error *err)
{
    if (page_number < 1)
        return sse_error_set(err, SSE_ERR_INVALID, "the page number must be 1 or more, not %d",
                             page_number);
    if (page_size < 0 || page_size > KMS_PAGE_MAX)
        return sse_error_set(err, SSE_ERR_INVALID, "the page size must be 1 to %d, not %d",
                             KMS_PAGE_MAX, page_size);
    char num[16];
    snprintf(num, sizeof num, "%d", page_number);
    enum sse_status st = rpc_request_add_form(r, "PageNumber", num);
    if (st == SSE_OK && page_size) {
        snprintf(num, sizeof num, "%d", page_size);
        st = rpc_request_add_form(r, "PageSize", num);
    }
    return st == SSE_OK ? SSE_OK : sse_error_set(err, st, "cannot add the paging parameters");
}

enum sse_status
kms_filters_json(const struct kms_filter *filters, size_t nfilters, char *out, size_t size,
                 struct sse_error *err)
{
    static const char *const keys[] = {"KeyState", "KeySpec", "KeyUsage", "ProtectionLevel",
                                       "CreatorType"};
    out[0] = '\0';
    if (nfilters > KMS_FILTERS_MAX)
        return sse_error_set(err, SSE_ERR_INVALID, "at most %d KMS filters, not %zu",
                             KMS_FILTERS_MAX, nfilters);
    json_t *arr = json_array();
    enum sse_status st = arr ? SSE_OK : SSE_ERR_NOMEM;
    for (size_t i = 0; st == SSE_OK && i < nfilters; i++) {
        const struct kms_filter *f = &filters[i];
        bool known = false;
        for (size_t k = 0; k < sizeof keys / sizeof keys[0] && f->key && !known; k++)
            known = strcmp(f->key, keys[k]) == 0;
        if (!known) {
            char shown[64];
            sanitize_text(f->key ? f->key : "", shown, sizeof shown);
            st = sse_error_set(err, SSE_ERR_INVALID,
                               "\"%s\" is not a KMS filter key; use KeyState, KeySpec, KeyUsage, "
                               "ProtectionLevel or CreatorType", shown);
            break;
        }
        if (f->nvalues == 0 || f->nvalues > KMS_FILTER_VALUES_MAX) {
            st = sse_error_set(err, SSE_ERR_INVALID, "the %s filter needs 1 to %d values, not %zu",
                               f->key, KMS_FILTER_VALUES_MAX, f->nvalues);
            break;
        }
        json_t *vals = json_array(), *obj = json_object();
        if (!vals || !obj || json_object_set_new(obj, "Key", json_string(f->key)) != 0) {
            json_decref(vals);
            json_decref(obj);
            st = SSE_ERR_NOMEM;
            break;
        }
        for (size_t v = 0; v < f->nvalues && st == SSE_OK; v++) {
            /* json_string refuses text that is not UTF-8: say so rather than send it. */
            json_t *s = f->values[v] && *f->values[v] ? json_string(f->values[v]) : NULL;
            if (!s || json_array_append_new(vals, s) != 0)
                st = sse_error_set(err, SSE_ERR_INVALID,
                                   "a value of the %s filter is empty or not UTF-8 text", f->key);
        }
        if (st != SSE_OK || json_object_set_new(obj, "Values", vals) != 0 ||
            json_array_append_new(arr, obj) != 0) {
            if (st == SSE_OK)
                st = SSE_ERR_NOMEM;
            json_decref(obj);
            break;
        }
    }
    char *text = st == SSE_OK ? json_dumps(arr, JSON_COMPACT) : NULL;
    json_decref(arr);
    if (st == SSE_OK && !text)
        st = SSE_ERR_NOMEM;
    if (st == SSE_OK && strlen(text) >= size)
        st = sse_error_set(err, SSE_ERR_INVALID, "the KMS filters are longer than %zu bytes",
                           size - 1);
    if (st == SSE_OK)
        memcpy(out, text, strlen(text) + 1);
    free(text);
    if (st == SSE_ERR_NOMEM)
        sse_error_set(err, st, "out of memory building the KMS filters");
    return st;
}

enum sse_status
kms_build_list_keys(struct rpc_request *r, const struct rpc_endpoint *ep, int page_number,
                    int page_size, const struct kms_filter *filters, size_t nfilters,
                    struct sse_error *err)
{
    enum sse_status st = begin(r, ep, "ListKeys", err);
    if (st == SSE_OK)
        st = add_paging(r, page_number, page_size, err);
    if (st == SSE_OK && nfilters) {
        char json[4096];
        st = kms_filters_json(filters, nfilters, json, sizeof json, err);
        if (st == SSE_OK && (st = rpc_request_add_form(r, "Filters", json)) != SSE_OK)
            sse_error_set(err, st, "cannot add the Filters parameter");
    }
    return st;
}

enum sse_status
kms_build_describe_key(struct rpc_request *r, const struct rpc_endpoint *ep, const char *key_ref,
                       struct sse_error *err)
{
    enum sse_status st = begin(r, ep, "DescribeKey", err);
    struct kms_key_ref ref;
    if (st == SSE_OK)
        st = kms_key_ref_parse(key_ref, &ref, err);
    if (st == SSE_OK && (st = rpc_request_add_form(r, "KeyId", key_ref)) != SSE_OK)
        sse_error_set(err, st, "cannot add the KeyId parameter");
    return st;
}

enum sse_status
kms_build_list_aliases(struct rpc_request *r, const struct rpc_endpoint *ep, int page_number,
                       int page_size, struct sse_error *err)
{
    enum sse_status st = begin(r, ep, "ListAliases", err);
    return st == SSE_OK ? add_paging(r, page_number, page_size, err) : st;
}

enum sse_status
kms_build_list_aliases_by_key_id(struct rpc_request *r, const struct rpc_endpoint *ep,
                                 const char *key_id, int page_number, int page_size,
                                 struct sse_error *err)
{
    enum sse_status st = begin(r, ep, "ListAliasesByKeyId", err);
    struct kms_key_ref ref;
    if (st == SSE_OK)
        st = kms_key_ref_parse(key_id, &ref, err);
    if (st == SSE_OK && ref.kind == KMS_REF_ALIAS)
        st = sse_error_set(err, SSE_ERR_INVALID,
                           "ListAliasesByKeyId takes a key ID or ARN, not an alias");
    if (st == SSE_OK && (st = rpc_request_add_form(r, "KeyId", key_id)) != SSE_OK)
        sse_error_set(err, st, "cannot add the KeyId parameter");
    return st == SSE_OK ? add_paging(r, page_number, page_size, err) : st;
}

bool
kms_page_more(const struct kms_page *p)
{
    return p->count > 0 && p->page_number > 0 && p->page_size > 0 &&
           (long long)p->page_number * p->page_size < p->total_count;
}

/* A string field of a page's entries: its name and where it goes in the entry. */
struct entry_field {
    const char *key;
    size_t offset;
    size_t size;
    enum rpc_json_need need;
};

/* A page answer: TotalCount, PageNumber, PageSize, RequestId into head, and the entries of the
 * array root.outer.inner ("Keys"."Key"; absent or empty is an empty page, at most KMS_PAGE_MAX)
 * each an object whose fields go into entries (an array of entry_size-byte structs). */
static enum sse_status
parse_page(long http_status, const char *body, size_t len, const char *what, const char *outer,
           const char *inner, struct kms_page *head, void *entries, size_t entry_size,
           const struct entry_field *fields, size_t nfields, struct sse_error *err)
{
    struct rpc_json_doc d = {what, err};
    json_t *root, *o = NULL, *items = NULL;
    long long number = 0, size = 0;
    enum sse_status st = rpc_response_json("KMS", http_status, body, len, &d, &root);
    if (st == SSE_OK)
        st = rpc_json_int(&d, root, NULL, "TotalCount", RPC_JSON_REQUIRED, 0, 1000000000,
                          &head->total_count);
    if (st == SSE_OK)
        st = rpc_json_int(&d, root, NULL, "PageNumber", RPC_JSON_REQUIRED, 1, 100000000, &number);
    if (st == SSE_OK)
        st = rpc_json_int(&d, root, NULL, "PageSize", RPC_JSON_REQUIRED, 1, KMS_PAGE_MAX, &size);
    if (st == SSE_OK)
        st = rpc_json_string(&d, root, NULL, "RequestId", RPC_JSON_CUT, head->request_id,
                             sizeof head->request_id, NULL);
    head->page_number = (int)number;
    head->page_size = (int)size;
    if (st == SSE_OK)
        st = rpc_json_object(&d, root, NULL, outer, RPC_JSON_OPTIONAL, &o);
    if (st == SSE_OK)
        st = rpc_json_array(&d, o, outer, inner, RPC_JSON_OPTIONAL, &items);
    if (st == SSE_OK && items && json_array_size(items) > KMS_PAGE_MAX)
        st = sse_error_set(err, SSE_ERR_PROTOCOL, "%s has %zu entries in %s.%s; at most %d are "
                           "read from one page", what, json_array_size(items), outer, inner,
                           KMS_PAGE_MAX);
    for (size_t i = 0; st == SSE_OK && items && i < json_array_size(items); i++) {
        char where[48];
        snprintf(where, sizeof where, "%s.%s[%zu]", outer, inner, i);
        const json_t *e = json_array_get(items, i);
        char *entry = (char *)entries + head->count * entry_size;
        if (!json_is_object(e))
            st = sse_error_set(err, SSE_ERR_PROTOCOL, "%s: %s must be an object { }, not %s",
                               what, where, rpc_json_type_name(e));
        for (size_t f = 0; st == SSE_OK && f < nfields; f++)
            st = rpc_json_string(&d, e, where, fields[f].key, fields[f].need,
                                 entry + fields[f].offset, fields[f].size, NULL);
        if (st == SSE_OK)
            head->count++;
    }
    json_decref(root);
    return st;
}

#define ENTRY_FIELD(type, key, member, need) \
    {key, offsetof(type, member), sizeof(((type *)0)->member), need}

enum sse_status
kms_parse_key_page(long http_status, const char *body, size_t len, struct kms_key_page *out,
                   struct sse_error *err)
{
    static const struct entry_field fields[] = {
        ENTRY_FIELD(struct kms_key_entry, "KeyId", key_id, RPC_JSON_REQUIRED),
        ENTRY_FIELD(struct kms_key_entry, "KeyArn", key_arn, RPC_JSON_OPTIONAL),
    };
    memset(out, 0, sizeof *out);
    enum sse_status st = parse_page(http_status, body, len, "the ListKeys answer", "Keys", "Key",
                                    &out->page, out->keys, sizeof out->keys[0], fields,
                                    sizeof fields / sizeof fields[0], err);
    if (st != SSE_OK)
        memset(out, 0, sizeof *out);
    return st;
}

enum kms_key_state
kms_key_state_parse(const char *s)
{
    static const struct {
        const char *name;
        enum kms_key_state state;
    } states[] = {
        {"Enabled", KMS_STATE_ENABLED},
        {"Disabled", KMS_STATE_DISABLED},
        {"PendingDeletion", KMS_STATE_PENDING_DELETION},
        {"PendingImport", KMS_STATE_PENDING_IMPORT},
    };
    for (size_t i = 0; i < sizeof states / sizeof states[0]; i++)
        if (strcmp(s, states[i].name) == 0)
            return states[i].state;
    return KMS_STATE_UNKNOWN;
}

enum sse_status
kms_parse_key_metadata(long http_status, const char *body, size_t len,
                       struct kms_key_metadata *out, struct sse_error *err)
{
    memset(out, 0, sizeof *out);
    struct rpc_json_doc d = {"the DescribeKey answer", err};
    json_t *root, *m = NULL;
    enum sse_status st = rpc_response_json("KMS", http_status, body, len, &d, &root);
    if (st == SSE_OK)
        st = rpc_json_object(&d, root, NULL, "KeyMetadata", RPC_JSON_REQUIRED, &m);
    struct {
        const char *key;
        char *dst;
        size_t size;
        enum rpc_json_need need;
    } fields[] = {
        {"KeyId", out->key_id, sizeof out->key_id, RPC_JSON_REQUIRED},
        {"Arn", out->arn, sizeof out->arn, RPC_JSON_OPTIONAL},
        {"KeyState", out->key_state, sizeof out->key_state, RPC_JSON_REQUIRED},
        {"KeySpec", out->key_spec, sizeof out->key_spec, RPC_JSON_OPTIONAL},
        {"KeyUsage", out->key_usage, sizeof out->key_usage, RPC_JSON_OPTIONAL},
        {"Creator", out->creator, sizeof out->creator, RPC_JSON_OPTIONAL},
        {"CreationDate", out->creation_date, sizeof out->creation_date, RPC_JSON_OPTIONAL},
        {"Origin", out->origin, sizeof out->origin, RPC_JSON_OPTIONAL},
        {"ProtectionLevel", out->protection_level, sizeof out->protection_level,
         RPC_JSON_OPTIONAL},
        {"DeletionProtection", out->deletion_protection, sizeof out->deletion_protection,
         RPC_JSON_OPTIONAL},
        {"DeleteDate", out->delete_date, sizeof out->delete_date, RPC_JSON_OPTIONAL},
        {"PrimaryKeyVersion", out->primary_key_version, sizeof out->primary_key_version,
         RPC_JSON_OPTIONAL},
        {"AutomaticRotation", out->automatic_rotation, sizeof out->automatic_rotation,
         RPC_JSON_OPTIONAL},
        {"RotationInterval", out->rotation_interval, sizeof out->rotation_interval,
         RPC_JSON_OPTIONAL},
        {"NextRotationDate", out->next_rotation_date, sizeof out->next_rotation_date,
         RPC_JSON_OPTIONAL},
        {"LastRotationDate", out->last_rotation_date, sizeof out->last_rotation_date,
         RPC_JSON_OPTIONAL},
        {"MaterialExpireTime", out->material_expire_time, sizeof out->material_expire_time,
         RPC_JSON_OPTIONAL},
    };
    for (size_t i = 0; st == SSE_OK && i < sizeof fields / sizeof fields[0]; i++)
        st = rpc_json_string(&d, m, "KeyMetadata", fields[i].key, fields[i].need, fields[i].dst,
                             fields[i].size, NULL);
    if (st == SSE_OK)
        st = rpc_json_string(&d, m, "KeyMetadata", "Description", RPC_JSON_CUT, out->description,
                             sizeof out->description, &out->description_cut);
    if (st == SSE_OK)
        st = rpc_json_string(&d, root, NULL, "RequestId", RPC_JSON_CUT, out->request_id,
                             sizeof out->request_id, NULL);
    if (st == SSE_OK && out->delete_date[0] &&
        !rpc_timestamp_parse(out->delete_date, &out->delete_time))
        st = sse_error_set(err, SSE_ERR_PROTOCOL, "%s: KeyMetadata.DeleteDate is not a time like "
                           "\"2024-05-26T18:22:03Z\"", d.what);
    out->state = kms_key_state_parse(out->key_state);
    json_decref(root);
    if (st != SSE_OK)
        memset(out, 0, sizeof *out);
    return st;
}

enum sse_status
kms_parse_alias_page(long http_status, const char *body, size_t len, struct kms_alias_page *out,
                     struct sse_error *err)
{
    static const struct entry_field fields[] = {
        ENTRY_FIELD(struct kms_alias, "KeyId", key_id, RPC_JSON_REQUIRED),
        ENTRY_FIELD(struct kms_alias, "AliasName", alias_name, RPC_JSON_REQUIRED),
        ENTRY_FIELD(struct kms_alias, "AliasArn", alias_arn, RPC_JSON_OPTIONAL),
    };
    memset(out, 0, sizeof *out);
    enum sse_status st = parse_page(http_status, body, len, "the ListAliases answer", "Aliases",
                                    "Alias", &out->page, out->aliases, sizeof out->aliases[0],
                                    fields, sizeof fields / sizeof fields[0], err);
    if (st != SSE_OK)
        memset(out, 0, sizeof *out);
    return st;
}

enum sse_status
kms_key_check_for_oss(const struct kms_key_metadata *m, const char *region,
                      struct sse_error *err)
{
    char id[KMS_ID_MAX];
    sanitize_text(m->key_id, id, sizeof id);
    switch (m->state) {
    case KMS_STATE_ENABLED:
        break;
    case KMS_STATE_PENDING_DELETION:
        return sse_error_set(err, SSE_ERR_INVALID,
                             "KMS key %s is pending deletion%s%s; OSS cannot encrypt with it", id,
                             m->delete_date[0] ? " on " : "", m->delete_date);
    default: {
        char state[32];
        sanitize_text(m->key_state[0] ? m->key_state : "unknown", state, sizeof state);
        return sse_error_set(err, SSE_ERR_INVALID,
                             "KMS key %s is %s, not Enabled; OSS cannot encrypt with it", id,
                             state);
    }
    }
    if (strcmp(m->key_spec, "Aliyun_AES_256") != 0 && strcmp(m->key_spec, "Aliyun_SM4") != 0) {
        char spec[32];
        sanitize_text(m->key_spec[0] ? m->key_spec : "unknown", spec, sizeof spec);
        return sse_error_set(err, SSE_ERR_INVALID,
                             "KMS key %s is a %s key; OSS needs a symmetric Aliyun_AES_256 or "
                             "Aliyun_SM4 key", id, spec);
    }
    if (m->key_usage[0] && strcmp(m->key_usage, "ENCRYPT/DECRYPT") != 0) {
        char usage[32];
        sanitize_text(m->key_usage, usage, sizeof usage);
        return sse_error_set(err, SSE_ERR_INVALID,
                             "KMS key %s is for %s; OSS needs a key for ENCRYPT/DECRYPT", id,
                             usage);
    }
    struct kms_key_ref arn;
    struct sse_error scratch;
    if (region && *region && m->arn[0] && kms_key_ref_parse(m->arn, &arn, &scratch) == SSE_OK &&
        strcmp(arn.region, region) != 0)
        return sse_error_set(err, SSE_ERR_INVALID,
                             "KMS key %s is in region %s, not the bucket's region %s", id,
                             arn.region, region);
    return SSE_OK;
}
