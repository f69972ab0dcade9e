/* columns.h — the names of the bucket list's columns (columns.def), shared by the configuration's
 * ui.columns, the TUI's remembered choice and the list's layout: an enum, a bit set, and the
 * name of each. */
#ifndef SSE_CONFIG_COLUMNS_H
#define SSE_CONFIG_COLUMNS_H

#include <stdbool.h>

enum sse_column {
#define COLUMN(name, key) SSE_COL_##name,
#include "config/columns.def"
#undef COLUMN
    SSE_COL_COUNT
};

/* A set of columns: bit (1u << column) for each. */
#define SSE_COLUMNS_ALL ((1u << SSE_COL_COUNT) - 1)
#define SSE_COLUMN_BIT(c) (1u << (c))

/* "profile", "kms_key_id", ... ("" for a column out of range). */
const char *sse_column_name(enum sse_column c);
/* The column named name (exactly, as in columns.def); false when none is. */
bool sse_column_parse(const char *name, enum sse_column *out);
/* Every column name, in order (SSE_COL_COUNT of them), for messages and "did you mean". */
const char *const *sse_column_names(void);

#endif
