/* export.c — the list shown, row by row, into a report file (CSV or JSON). */
#include "ui/export.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/output.h"

enum sse_status
export_view(const struct fleet *f, const struct listview *lv, const char *path, bool json,
            size_t *written, char *where, size_t size, struct sse_error *err)
{
    *written = 0;
    const char *home = getenv("HOME");
    int n = strncmp(path, "~/", 2) == 0 && home && *home
                ? snprintf(where, size, "%s/%s", home, path + 2)
                : snprintf(where, size, "%s", path);
    if (n < 0 || (size_t)n >= size)
        return sse_error_set(err, SSE_ERR_IO, "cannot write %s: the name is too long", path);
    struct output_file of;
    enum sse_status st = output_file_open(&of, where, true, err);
    if (st != SSE_OK)
        return st;
    struct output_stream out;
    output_stream_begin(&out, of.f, json ? OUTPUT_JSON : OUTPUT_CSV, f->judge != NULL);
    bool ok = true;
    /* One verdict at a time: a whole fleet's would be hundreds of bytes per row. */
    struct policy_check check;
    for (size_t k = 0; k < lv->count && ok; k++) {
        size_t i = lv->rows[k];
        const struct fleet_row *r = &f->rows[i];
        const struct oss_account *a = f->profiles[r->profile].account;
        struct output_row row = {
            .profile = a ? a->profile : "",
            .bucket = r->bucket,
            .rule_known = r->rule_known,
            .rule = r->rule,
            .error = fleet_error(f, i),
            .policy = fleet_judge_row(f, i, false, &check) ? &check : NULL,
            .status = r->state == FLEET_LOADING ? "NotReadYet" : NULL,
        };
        ok = output_stream_row(&out, &row) == SSE_OK;
    }
    ok = ok && output_stream_end(&out) == SSE_OK;
    st = output_file_close(&of, ok, err);
    if (st == SSE_OK)
        *written = lv->count;
    return st;
}
