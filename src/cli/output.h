/* output.h — the CLI's result formats: aligned table, TSV, CSV (with a header) and JSON.
 * Everything from a server is sanitized or escaped before it is written. */
#ifndef SSE_CLI_OUTPUT_H
#define SSE_CLI_OUTPUT_H

#include <stdbool.h>
#include <stdio.h>

#include "core/rule.h"
#include "core/status.h"
#include "policy/policy.h"

enum output_format { OUTPUT_TABLE, OUTPUT_TSV, OUTPUT_CSV, OUTPUT_JSON };

/* One bucket's line. */
struct output_row {
    const char *profile;
    const char *bucket;
    bool rule_known;                /* false when reading failed */
    struct sse_rule rule;
    const struct sse_error *error;  /* NULL when the bucket is fine */
    const struct policy_check *policy; /* the verdict when a policy was given, else NULL */
};

/* "table", "tsv", "csv", "json" → format; false when unknown. */
bool output_format_parse(const char *name, enum output_format *out);
/* Writes all rows. term_width > 0 lets the table shorten long CMK IDs to fit. with_policy adds
 * the verdict columns (table: POLICY; TSV/CSV: policy, policy_detail; JSON: "policy": {verdict,
 * detail}). Returns SSE_ERR_IO when writing failed. */
enum sse_status output_write(FILE *out, enum output_format fmt, const struct output_row *rows,
                             size_t count, int term_width, bool with_policy);
struct audit_record;
/* Writes audit records (sseadm history) in the given format. */
enum sse_status output_write_history(FILE *out, enum output_format fmt,
                                     const struct audit_record *recs, size_t count);

/* Makes a CSV cell safe for spreadsheets: quotes per RFC 4180 and neutralises formula prefixes
 * (= + - @ tab CR) with a leading apostrophe. Appends to buf (size n); returns buf. */
char *output_csv_cell(const char *value, char *buf, size_t n);

#endif
