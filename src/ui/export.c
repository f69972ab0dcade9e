/* export.c — the list shown, row by row, into a report file (CSV or JSON). */
#include "ui/export.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/output.h"

enum sse_status
export_view(const struct app *a, const struct listview *lv, const char *path, bool json,
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
    /* The rows stream out one at a time: a whole fleet's would be hundreds of bytes per row. */
    bool ok = app_report(a, of.f, json ? OUTPUT_JSON : OUTPUT_CSV, lv->rows, lv->count, 0) ==
              SSE_OK;
    st = output_file_close(&of, ok, err);
    if (st == SSE_OK)
        *written = lv->count;
    return st;
}
