/* remember.c — the TUI's state file: its lines, parsed and formatted, read and written whole. */
#include "ui/remember.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "config/columns.h"
#include "report/output.h"

#define STATE_MAX 4096 /* the file holds a few short lines; more is not ours */

void
remember_path(const char *audit_path, char *buf, size_t size)
{
    const char *slash = strrchr(audit_path, '/');
    if (!slash || (size_t)(slash - audit_path) + sizeof "/tui.state" > size) {
        if (size)
            buf[0] = '\0';
        return;
    }
    snprintf(buf, size, "%.*s/tui.state", (int)(slash - audit_path), audit_path);
}

/* "a,b,c" → the set of the columns named (unknown names passed over). */
static unsigned
parse_set(const char *v)
{
    unsigned set = 0;
    while (*v) {
        while (*v == ' ' || *v == ',')
            v++;
        char name[48];
        size_t n = 0;
        while (*v && *v != ',' && *v != ' ' && *v != '\n' && n + 1 < sizeof name)
            name[n++] = *v++;
        name[n] = '\0';
        while (*v && *v != ',' && *v != '\n')
            v++;
        enum sse_column c;
        if (n && sse_column_parse(name, &c))
            set |= SSE_COLUMN_BIT(c);
        if (*v == '\n')
            break;
    }
    return set;
}

/* The value after "key =" when line is that key's line, else NULL. */
static const char *
value_of(const char *line, const char *key)
{
    while (*line == ' ')
        line++;
    size_t n = strlen(key);
    if (strncmp(line, key, n) != 0)
        return NULL;
    line += n;
    while (*line == ' ')
        line++;
    return *line == '=' ? line + 1 : NULL;
}

void
remember_parse(const char *text, struct remembered *out)
{
    memset(out, 0, sizeof *out);
    bool columns = false, over = false;
    for (const char *line = text; *line;) {
        const char *v;
        if ((v = value_of(line, "columns"))) {
            out->columns = parse_set(v) | SSE_COLUMN_BIT(SSE_COL_BUCKET);
            columns = true;
        } else if ((v = value_of(line, "over"))) {
            out->over = parse_set(v);
            over = true;
        }
        const char *end = strchr(line, '\n');
        if (!end)
            break;
        line = end + 1;
    }
    out->has_columns = columns && over;
}

/* "a,b,c" of a set. */
static void
format_set(unsigned set, char *buf, size_t size)
{
    size_t used = 0;
    buf[0] = '\0';
    for (int c = 0; c < SSE_COL_COUNT; c++) {
        if (!(set & SSE_COLUMN_BIT(c)))
            continue;
        int n = snprintf(buf + used, size - used, "%s%s", used ? "," : "",
                         sse_column_name((enum sse_column)c));
        if (n < 0 || (size_t)n >= size - used)
            break;
        used += (size_t)n;
    }
}

char *
remember_format(const struct remembered *r, char *buf, size_t size)
{
    char columns[256], over[256];
    format_set(r->columns, columns, sizeof columns);
    format_set(r->over, over, sizeof over);
    snprintf(buf, size,
             "# What sseadm's terminal UI remembers between runs: the bucket list's columns as\n"
             "# chosen with c, and the configuration's ui.columns they were chosen over (a\n"
             "# ui.columns edited since wins). Delete this file to forget.\n"
             "columns = %s\n"
             "over = %s\n",
             columns, over);
    return buf;
}

unsigned
remember_columns(const struct remembered *r, unsigned config_columns)
{
    return r->has_columns && r->over == config_columns ? r->columns : config_columns;
}

enum sse_status
remember_load(const char *path, struct remembered *out)
{
    memset(out, 0, sizeof *out);
    if (!path[0])
        return SSE_OK;
    FILE *f = fopen(path, "re");
    if (!f)
        return errno == ENOENT ? SSE_OK : SSE_ERR_IO;
    char text[STATE_MAX + 1];
    size_t n = fread(text, 1, STATE_MAX, f);
    bool failed = ferror(f);
    fclose(f);
    if (failed)
        return SSE_ERR_IO;
    text[n] = '\0';
    remember_parse(text, out);
    return SSE_OK;
}

enum sse_status
remember_save(const char *path, const struct remembered *r, struct sse_error *err)
{
    if (!path[0])
        return sse_error_set(err, SSE_ERR_IO, "there is no place for sseadm's state "
                                              "(set XDG_STATE_HOME or HOME)");
    /* Its directory is the audit log's, made when that was opened; make it if it was not. */
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (slash && slash != dir) {
        *slash = '\0';
        if (mkdir(dir, 0700) != 0 && errno != EEXIST)
            return sse_error_set(err, SSE_ERR_IO, "cannot create %s: %s", dir, strerror(errno));
    }
    struct output_file of;
    enum sse_status st = output_file_open(&of, path, false, err);
    if (st != SSE_OK)
        return st;
    char text[1024];
    bool ok = fputs(remember_format(r, text, sizeof text), of.f) >= 0;
    return output_file_close(&of, ok, err);
}
