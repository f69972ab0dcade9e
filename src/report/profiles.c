/* profiles.c — sseadm profiles' listing. */
#include "report/profiles.h"

#include <jansson.h>
#include <string.h>

#include "core/sanitize.h"
#include "report/cells.h"

struct listing {
    const struct output_profile *rows;
    bool check;
    bool table;
    char error[1024];
};

static const char *
error_words(const struct sse_error *e, char *buf, size_t size)
{
    if (!e)
        return "";
    return sse_error_format(e, buf, size);
}

static bool
cells_of(void *ctx, size_t i, const char **cells)
{
    struct listing *l = ctx;
    const struct output_profile *p = &l->rows[i];
    size_t n = 0;
    cells[n++] = p->profile;
    cells[n++] = p->region;
    cells[n++] = p->endpoint;
    cells[n++] = p->credentials;
    if (!l->check)
        return true;
    error_words(p->error, l->error, sizeof l->error);
    cells[n++] = p->account_id;
    if (l->table) {
        /* One column says who, or why not: the table has no room for both. */
        cells[n++] = p->error ? l->error : p->arn;
        cells[n++] = p->expires;
    } else {
        cells[n++] = p->arn;
        cells[n++] = p->identity_type;
        cells[n++] = p->expires;
        cells[n++] = p->error ? l->error : "";
    }
    return true;
}

static void
text_or_null(json_t *o, const char *key, const char *value)
{
    char clean[2048];
    sanitize_text(value ? value : "", clean, sizeof clean);
    json_object_set_new(o, key, clean[0] ? json_string(clean) : json_null());
}

static enum sse_status
write_json(FILE *out, const struct output_profile *rows, size_t count, bool check)
{
    /* One profile per line, as the bucket report's JSON: grep and jq -c read it alike. */
    fputc('[', out);
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < count; i++) {
        const struct output_profile *p = &rows[i];
        json_t *o = json_object();
        text_or_null(o, "profile", p->profile);
        text_or_null(o, "region", p->region);
        text_or_null(o, "endpoint", p->endpoint);
        text_or_null(o, "credentials", p->credentials);
        if (check) {
            text_or_null(o, "account_id", p->account_id);
            text_or_null(o, "arn", p->arn);
            text_or_null(o, "identity_type", p->identity_type);
            text_or_null(o, "expires", p->expires);
            if (p->error) {
                json_t *e = json_object();
                text_or_null(e, "code", sse_error_code(p->error));
                text_or_null(e, "message", p->error->message);
                text_or_null(e, "request_id", p->error->request_id);
                json_object_set_new(o, "error", e);
            } else {
                json_object_set_new(o, "error", json_null());
            }
        }
        fputs(i ? ",\n  " : "\n  ", out);
        rc = o ? json_dumpf(o, out, JSON_PRESERVE_ORDER) : -1;
        json_decref(o);
    }
    fputs(count ? "\n]\n" : "]\n", out);
    return rc != 0 || ferror(out) ? SSE_ERR_IO : SSE_OK;
}

enum sse_status
output_write_profiles(FILE *out, enum output_format fmt, const struct output_profile *rows,
                      size_t count, bool check)
{
    if (fmt == OUTPUT_JSON)
        return write_json(out, rows, count, check);
    static const char *const table[] = {"PROFILE", "REGION", "ENDPOINT", "CREDENTIALS",
                                        "ACCOUNT ID", "ARN OR ERROR", "EXPIRES"};
    static const char *const flat[] = {"PROFILE", "REGION", "ENDPOINT", "CREDENTIALS",
                                       "ACCOUNT ID", "ARN", "IDENTITY TYPE", "EXPIRES", "ERROR"};
    struct listing l = {.rows = rows, .check = check, .table = fmt == OUTPUT_TABLE};
    const char *const *titles = l.table ? table : flat;
    size_t ncols = !check ? 4 : l.table ? 7 : 9;
    return output_cells_write(out, fmt, titles, ncols, cells_of, &l, count);
}
