/* remember.h — what the terminal UI keeps from one run to the next: the columns chosen with c,
 * in a small state file next to the audit log ($XDG_STATE_HOME/sseadm/tui.state), with the
 * configuration's ui.columns they were chosen over, so that a ui.columns edited since wins. The
 * user's configuration file is never written: it is theirs (comments, @include, secrets,
 * perhaps generated or read-only), and the XDG spec names the layout of a view as state. */
#ifndef SSE_UI_REMEMBER_H
#define SSE_UI_REMEMBER_H

#include <stdbool.h>
#include <stddef.h>

#include "core/status.h"

struct remembered {
    bool has_columns;
    unsigned columns;   /* SSE_COLUMN_BIT of each column shown */
    unsigned over;      /* ui.columns when they were chosen */
};

/* The state file beside the audit log at audit_path ("" when that has no place). */
void remember_path(const char *audit_path, char *buf, size_t size);
/* Reads "columns = a,b" and "over = a,b" lines; anything else (comments, a column this build does
 * not know, a line another version wrote) is passed over. Never fails: *out says what was found. */
void remember_parse(const char *text, struct remembered *out);
/* The file's text. Returns buf. */
char *remember_format(const struct remembered *r, char *buf, size_t size);
/* The columns to show: the remembered choice while ui.columns is still what it was chosen over,
 * else ui.columns. */
unsigned remember_columns(const struct remembered *r, unsigned config_columns);

/* Reads the file (a missing one holds nothing). SSE_ERR_IO when it exists but cannot be read. */
enum sse_status remember_load(const char *path, struct remembered *out);
/* Writes the file whole or not at all (a temporary file moved into place). SSE_ERR_IO with err. */
enum sse_status remember_save(const char *path, const struct remembered *r, struct sse_error *err);

#endif
