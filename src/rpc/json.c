/* json.c — capped JSON parsing and typed member getters with specific messages. */
#include "rpc/json.h"

#include <stdio.h>
#include <string.h>

#include "core/sanitize.h"
#include "oss/account.h"

/* The deepest nesting of text, strings skipped; stops counting past limit. */
static int
depth_of(const char *text, size_t len, int limit)
{
    int depth = 0, deepest = 0;
    bool in_string = false;
    for (size_t i = 0; i < len; i++) {
        char c = text[i];
        if (in_string) {
            if (c == '\\')
                i++;
            else if (c == '"')
                in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            if (++depth > deepest && (deepest = depth) > limit)
                return deepest;
        } else if (c == ']' || c == '}') {
            depth--;
        }
    }
    return deepest;
}

static const char *
dot(const char *parent)
{
    return parent && *parent ? "." : "";
}

enum sse_status
rpc_json_parse(const struct rpc_json_doc *d, const char *text, size_t len, size_t max,
               json_t **out)
{
    *out = NULL;
    if (len > max)
        return sse_error_set(d->err, SSE_ERR_TOOBIG, "%s is %zu bytes; at most %zu are read",
                             d->what, len, max);
    if (depth_of(text, len, RPC_JSON_MAX_DEPTH) > RPC_JSON_MAX_DEPTH)
        return sse_error_set(d->err, SSE_ERR_PROTOCOL,
                             "%s is nested more than %d levels deep; refused", d->what,
                             RPC_JSON_MAX_DEPTH);
    json_error_t je;
    json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
    if (!root) {
        /* jansson quotes the token it stopped at ("... near '\"x\"'"): that may be a secret (a
         * key written without its colon), so only the reason is kept. */
        char *near = strstr(je.text, " near '");
        if (near)
            *near = '\0';
        char shown[200];
        sanitize_text(je.text, shown, sizeof shown);
        return sse_error_set(d->err, SSE_ERR_PROTOCOL, "%s is not valid JSON: line %d, column %d: %s",
                             d->what, je.line, je.column, shown);
    }
    if (!json_is_object(root)) {
        const char *type = rpc_json_type_name(root);
        rpc_json_wipe(root);
        json_decref(root);
        return sse_error_set(d->err, SSE_ERR_PROTOCOL, "%s must be a JSON object { }, not %s",
                             d->what, type);
    }
    *out = root;
    return SSE_OK;
}

const char *
rpc_json_type_name(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT: return "an object { }";
    case JSON_ARRAY: return "an array [ ]";
    case JSON_STRING: return "a string";
    case JSON_INTEGER:
    case JSON_REAL: return "a number";
    case JSON_TRUE:
    case JSON_FALSE: return "true/false";
    default: return "null";
    }
}

/* The member, NULL when absent or null; SSE_ERR_PROTOCOL in *st when required and missing. */
static json_t *
member(const struct rpc_json_doc *d, const json_t *obj, const char *parent, const char *key,
       enum rpc_json_need need, enum sse_status *st)
{
    json_t *v = obj ? json_object_get(obj, key) : NULL;
    *st = SSE_OK;
    if (v && !json_is_null(v))
        return v;
    if (need == RPC_JSON_REQUIRED)
        *st = sse_error_set(d->err, SSE_ERR_PROTOCOL, "%s has no %s%s%s", d->what,
                            parent ? parent : "", dot(parent), key);
    return NULL;
}

static enum sse_status
wrong_type(const struct rpc_json_doc *d, const char *parent, const char *key, const char *want,
           const json_t *v)
{
    return sse_error_set(d->err, SSE_ERR_PROTOCOL, "%s: %s%s%s must be %s, not %s", d->what,
                         parent ? parent : "", dot(parent), key, want, rpc_json_type_name(v));
}

bool
rpc_utf8_cut(const char *src, size_t len, char *dst, size_t size)
{
    if (!size)
        return len > 0;
    size_t n = len;
    bool cut = false;
    if (n >= size) {
        n = size - 1;
        /* Back up over continuation bytes so no character is split. */
        while (n > 0 && ((unsigned char)src[n] & 0xc0) == 0x80)
            n--;
        cut = true;
    }
    memcpy(dst, src, n);
    dst[n] = '\0';
    return cut;
}

enum sse_status
rpc_json_string(const struct rpc_json_doc *d, const json_t *obj, const char *parent,
                const char *key, enum rpc_json_need need, char *dst, size_t size, bool *cut)
{
    enum sse_status st;
    dst[0] = '\0';
    if (cut)
        *cut = false;
    json_t *v = member(d, obj, parent, key, need, &st);
    if (!v)
        return st;
    if (!json_is_string(v))
        return wrong_type(d, parent, key, "a string", v);
    size_t n = json_string_length(v);
    if (n >= size && need != RPC_JSON_CUT)
        return sse_error_set(d->err, SSE_ERR_PROTOCOL,
                             "%s: %s%s%s is %zu bytes long; at most %zu are accepted", d->what,
                             parent ? parent : "", dot(parent), key, n, size - 1);
    bool c = rpc_utf8_cut(json_string_value(v), n, dst, size);
    if (cut)
        *cut = c;
    return SSE_OK;
}

enum sse_status
rpc_json_secret(const struct rpc_json_doc *d, json_t *obj, const char *parent, const char *key,
                enum rpc_json_need need, size_t max, char **out)
{
    enum sse_status st;
    *out = NULL;
    json_t *v = member(d, obj, parent, key, need, &st);
    if (!v)
        return st;
    if (!json_is_string(v))
        return wrong_type(d, parent, key, "a string", v);
    char *s = (char *)json_string_value(v); /* jansson's own heap copy: ours to wipe */
    size_t n = json_string_length(v);
    if (n > max) {
        explicit_bzero(s, n);
        /* The length of a secret is no secret worth keeping; its text never appears here. */
        return sse_error_set(d->err, SSE_ERR_PROTOCOL,
                             "%s: %s%s%s is %zu bytes long; at most %zu are accepted", d->what,
                             parent ? parent : "", dot(parent), key, n, max);
    }
    *out = oss_secret_dupn(s, n);
    explicit_bzero(s, n);
    if (!*out)
        return sse_error_set(d->err, SSE_ERR_NOMEM, "out of memory for a secret");
    return SSE_OK;
}

enum sse_status
rpc_json_int(const struct rpc_json_doc *d, const json_t *obj, const char *parent, const char *key,
             enum rpc_json_need need, long long min, long long max, long long *out)
{
    enum sse_status st;
    json_t *v = member(d, obj, parent, key, need, &st);
    if (!v)
        return st;
    if (!json_is_integer(v))
        return wrong_type(d, parent, key, "an integer", v);
    long long x = json_integer_value(v);
    if (x < min || x > max)
        return sse_error_set(d->err, SSE_ERR_PROTOCOL,
                             "%s: %s%s%s must be from %lld to %lld, not %lld", d->what,
                             parent ? parent : "", dot(parent), key, min, max, x);
    *out = x;
    return SSE_OK;
}

enum sse_status
rpc_json_bool(const struct rpc_json_doc *d, const json_t *obj, const char *parent, const char *key,
              enum rpc_json_need need, bool *out)
{
    enum sse_status st;
    json_t *v = member(d, obj, parent, key, need, &st);
    if (!v)
        return st;
    if (!json_is_boolean(v))
        return wrong_type(d, parent, key, "true or false", v);
    *out = json_is_true(v);
    return SSE_OK;
}

static enum sse_status
container(const struct rpc_json_doc *d, const json_t *obj, const char *parent, const char *key,
          enum rpc_json_need need, json_t **out, bool array)
{
    enum sse_status st;
    *out = NULL;
    json_t *v = member(d, obj, parent, key, need, &st);
    if (!v)
        return st;
    if (array ? !json_is_array(v) : !json_is_object(v))
        return wrong_type(d, parent, key, array ? "an array [ ]" : "an object { }", v);
    *out = v;
    return SSE_OK;
}

enum sse_status
rpc_json_object(const struct rpc_json_doc *d, const json_t *obj, const char *parent,
                const char *key, enum rpc_json_need need, json_t **out)
{
    return container(d, obj, parent, key, need, out, false);
}

enum sse_status
rpc_json_array(const struct rpc_json_doc *d, const json_t *obj, const char *parent,
               const char *key, enum rpc_json_need need, json_t **out)
{
    return container(d, obj, parent, key, need, out, true);
}

void
rpc_json_wipe(json_t *root)
{
    if (!root)
        return;
    if (json_is_string(root)) {
        explicit_bzero((char *)json_string_value(root), json_string_length(root));
    } else if (json_is_object(root)) {
        const char *k;
        json_t *v;
        json_object_foreach(root, k, v)
            rpc_json_wipe(v);
    } else if (json_is_array(root)) {
        size_t i;
        json_t *v;
        json_array_foreach(root, i, v)
            rpc_json_wipe(v);
    }
}
