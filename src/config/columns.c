/* columns.c — the bucket list's column names from columns.def. */
#include "config/columns.h"

#include <string.h>

static const char *const names[SSE_COL_COUNT] = {
#define COLUMN(name, key) [SSE_COL_##name] = key,
#include "config/columns.def"
#undef COLUMN
};

const char *
sse_column_name(enum sse_column c)
{
    return (unsigned)c < SSE_COL_COUNT ? names[c] : "";
}

bool
sse_column_parse(const char *name, enum sse_column *out)
{
    for (int c = 0; c < SSE_COL_COUNT; c++)
        if (strcmp(names[c], name) == 0) {
            *out = (enum sse_column)c;
            return true;
        }
    return false;
}

const char *const *
sse_column_names(void)
{
    return names;
}
