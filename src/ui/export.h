/* export.h — the TUI's w: the buckets the list shows (filter, profile and drift scope applied)
 * written to a CSV or JSON file through the report formats, with verdicts when a policy judges. */
#ifndef SSE_UI_EXPORT_H
#define SSE_UI_EXPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "core/status.h"
#include "app/app.h"
#include "model/listview.h"

/* Writes lv's rows, in list order, to path ("~/" is the home directory; relative to the current
 * directory otherwise). Never replaces an existing file, and never leaves a half-written one.
 * *written gets the row count and where (size bytes) the path written. SSE_ERR_INVALID when the
 * file exists, SSE_ERR_IO when it cannot be written, SSE_ERR_NOMEM; err says why. */
enum sse_status export_view(const struct app *a, const struct listview *lv, const char *path,
                            bool json, size_t *written, char *where, size_t size,
                            struct sse_error *err);

#endif
