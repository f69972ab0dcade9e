/* cells.c — text rows in the table, TSV and CSV formats. */
#include "report/cells.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "core/sanitize.h"

#define CELLS_MAX 16
#define CELL_MAX 2048

static const char *
shown(const char *cell)
{
    return cell && *cell ? cell : "-";
}

/* "ACCOUNT ID" → "account_id". */
static void
header_name(const char *title, char *out, size_t size)
{
    size_t n = 0;
    for (const char *p = title; *p && n + 1 < size; p++)
        out[n++] = *p == ' ' ? '_' : (char)tolower((unsigned char)*p);
    out[n] = '\0';
}

static enum sse_status
write_table(FILE *out, const char *const *titles, size_t ncols, output_cells_fn *cells,
            void *ctx, size_t count)
{
    int width[CELLS_MAX];
    const char *row[CELLS_MAX];
    char clean[CELL_MAX];
    for (size_t c = 0; c < ncols; c++)
        width[c] = sanitize_width(titles[c]);
    for (size_t i = 0; i < count; i++) {
        memset(row, 0, sizeof row);
        if (!cells(ctx, i, row))
            return SSE_ERR_CANCELLED;
        for (size_t c = 0; c < ncols; c++) {
            sanitize_text(shown(row[c]), clean, sizeof clean);
            int w = sanitize_width(clean);
            if (w > width[c])
                width[c] = w;
        }
    }
    for (size_t c = 0; c < ncols; c++)
        fprintf(out, "%-*s%s", c + 1 < ncols ? width[c] : 0, titles[c],
                c + 1 < ncols ? "  " : "\n");
    for (size_t i = 0; i < count; i++) {
        memset(row, 0, sizeof row);
        if (!cells(ctx, i, row))
            return SSE_ERR_CANCELLED;
        for (size_t c = 0; c < ncols; c++) {
            int w = sanitize_fit(shown(row[c]), width[c], "~", clean, sizeof clean);
            fputs(clean, out);
            if (c + 1 < ncols)
                fprintf(out, "%*s", width[c] - w + 2, "");
        }
        fputc('\n', out);
    }
    return ferror(out) ? SSE_ERR_IO : SSE_OK;
}

void
output_cells_line(FILE *out, enum output_format fmt, const char *const *cells, size_t n)
{
    bool csv = fmt == OUTPUT_CSV;
    for (size_t c = 0; c < n; c++) {
        char cell[CELL_MAX * 2];
        const char *v = cells[c] ? cells[c] : "";
        if (csv)
            output_csv_cell(v, cell, sizeof cell);
        else
            sanitize_text(v, cell, sizeof cell);
        fputs(cell, out);
        fputc(c + 1 < n ? (csv ? ',' : '\t') : '\n', out);
    }
}

enum sse_status
output_cells_write(FILE *out, enum output_format fmt, const char *const *titles, size_t ncols,
                   output_cells_fn *cells, void *ctx, size_t count)
{
    if (ncols == 0 || ncols > CELLS_MAX || fmt == OUTPUT_JSON)
        return SSE_ERR_INVALID;
    if (fmt == OUTPUT_TABLE)
        return write_table(out, titles, ncols, cells, ctx, count);
    if (fmt == OUTPUT_CSV)
        for (size_t c = 0; c < ncols; c++) {
            char name[64];
            header_name(titles[c], name, sizeof name);
            fprintf(out, "%s%c", name, c + 1 < ncols ? ',' : '\n');
        }
    const char *row[CELLS_MAX];
    for (size_t i = 0; i < count; i++) {
        memset(row, 0, sizeof row);
        if (!cells(ctx, i, row))
            return SSE_ERR_CANCELLED;
        output_cells_line(out, fmt, row, ncols);
    }
    return ferror(out) ? SSE_ERR_IO : SSE_OK;
}
