/* cells.h — rows of text cells as an aligned table, TSV or CSV: every cell sanitized (CSV's also
 * made safe for spreadsheets), the table's columns as wide as their widest cell. For listings
 * other than the bucket report (sseadm profiles). */
#ifndef SSE_REPORT_CELLS_H
#define SSE_REPORT_CELLS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "core/status.h"
#include "report/output.h"

/* Fills cells[0 … ncols-1] with row i's text (borrowed until the next call; NULL or "" is
 * empty: "-" in the table). False stops the listing. */
typedef bool output_cells_fn(void *ctx, size_t i, const char **cells);

/* One TSV or CSV line of n cells (NULL is empty): TSV's sanitized (a tab becomes a space), CSV's
 * made safe for spreadsheets (output_csv_cell). */
void output_cells_line(FILE *out, enum output_format fmt, const char *const *cells, size_t n);

/* Writes rows 0 … count-1. The table has a line of titles ("ACCOUNT ID"), CSV a header of them
 * in lower case with '_' for spaces ("account_id"), TSV none. fmt OUTPUT_JSON is not for this:
 * SSE_ERR_INVALID. SSE_ERR_IO when writing failed, SSE_ERR_CANCELLED when cells said stop. */
enum sse_status output_cells_write(FILE *out, enum output_format fmt, const char *const *titles,
                                   size_t ncols, output_cells_fn *cells, void *ctx, size_t count);

#endif
