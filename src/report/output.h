/* output.h — bucket reports in four formats (aligned table, TSV, CSV with a header, JSON) for the CLI
 * and the TUI's w key. Everything from a server is sanitized or escaped before it is written. */
#ifndef SSE_REPORT_OUTPUT_H
#define SSE_REPORT_OUTPUT_H

#include <stdbool.h>
#include <stdio.h>

#include "core/rule.h"
#include "core/status.h"
#include "policy/judge.h"

enum output_format { OUTPUT_TABLE, OUTPUT_TSV, OUTPUT_CSV, OUTPUT_JSON };

/* Room for a verdict's reason in a report. */
#define OUTPUT_WHY_MAX 512

/* One bucket's line. */
struct output_row {
    const char *profile;
    const char *bucket;
    bool rule_known;                /* false when reading failed */
    struct sse_rule rule;
    const struct sse_error *error;  /* NULL when the bucket is fine */
    const struct policy *policy;    /* the policy that judged it (its verdict columns), or NULL */
    struct policy_judgement judgement; /* with policy: the verdict, put into words when written */
    const char *status;             /* the status when neither ok nor an error (the TUI's
                                     * "NotReadYet"), else NULL */
    const char *region;             /* where it is asked ("cn-beijing"; JSON's "region"); NULL or
                                     * "" unknown */
};

/* Fills *row with the report's row i (pointing into the caller's data, valid until the next
 * call). False stops the report (the caller's own failure). */
typedef bool output_row_fn(void *ctx, size_t i, struct output_row *row);

/* "table", "tsv", "csv", "json" -> format; false when unknown. */
bool output_format_parse(const char *name, enum output_format *out);
/* Writes rows 0 ... count-1, asked of row one at a time (the table asks twice: once to size its
 * columns). term_width > 0 lets the table shorten long CMK IDs to fit. with_policy adds the
 * verdict columns (table: POLICY; TSV/CSV: policy, policy_detail; JSON: "policy": {verdict,
 * detail}). Returns SSE_ERR_IO when writing failed, SSE_ERR_CANCELLED when row said stop. */
enum sse_status output_write(FILE *out, enum output_format fmt, output_row_fn *row, void *ctx,
                             size_t count, int term_width, bool with_policy);
/* The TSV, CSV and JSON formats one row at a time, for reports too big to gather first (the TUI's
 * whole fleet). The same text as output_write. */
struct output_stream {
    FILE *out;
    enum output_format fmt;
    bool with_policy;
    size_t rows;
};
/* Writes the head (the CSV header, JSON's "["). fmt must not be OUTPUT_TABLE (it needs every row
 * to size its columns); it is taken as TSV. */
void output_stream_begin(struct output_stream *s, FILE *out, enum output_format fmt,
                         bool with_policy);
enum sse_status output_stream_row(struct output_stream *s, const struct output_row *row);
/* Writes the tail (JSON's "]"). SSE_ERR_IO when anything failed to write. */
enum sse_status output_stream_end(struct output_stream *s);

struct audit_record;
/* Writes audit records (sseadm history) in the given format. JSON is one object per line: time,
 * operation, operation_id, undoes, profile, endpoint, bucket; the rules before, requested, after
 * and expected (a skip: what the user saw) as objects {algorithm, kms_key_id,
 * kms_data_encryption} or null when unknown; outcome ("ok", "error", "skipped", "interrupted"),
 * error_code, error_message, and request_ids as an array. Absent values are null. */
enum sse_status output_write_history(FILE *out, enum output_format fmt,
                                     const struct audit_record *recs, size_t count);

/* A report being written to a file: a temporary file next to it that replaces the file only
 * once everything is written and synced, so a half-written report never stands in for a whole
 * one. A file being replaced keeps its mode (and owner, where allowed); through a symbolic link,
 * the file it points to is replaced and the link stays. Something that is not a file (a device
 * such as /dev/null or /dev/stdout, a FIFO) is written to directly, never replaced. */
struct output_file {
    FILE *f;                /* write the report here */
    const char *path;       /* borrowed: as given, for messages */
    bool keep_existing;     /* never replace a file already at path */
    bool direct;            /* path is not a regular file: f writes to it */
    char target[4096];      /* the file replaced: path, or where its symbolic link points */
    char tmp[4200];
};
/* Creates the temporary file for path (or opens path itself, see above). keep_existing: the
 * close fails rather than replace anything that is there by then, and anything already there
 * is refused now. SSE_ERR_IO with err saying why (SSE_ERR_INVALID: keep_existing and it
 * exists). */
enum sse_status output_file_open(struct output_file *of, const char *path, bool keep_existing,
                                 struct sse_error *err);
/* Finishes: with ok, flushes, syncs and moves it to path; otherwise (or when that fails) the
 * temporary file is removed and path is left as it was. SSE_ERR_IO with err saying why
 * (SSE_ERR_INVALID: keep_existing and the file exists). */
enum sse_status output_file_close(struct output_file *of, bool ok, struct sse_error *err);

/* Whether output_file_open(path, false) could write a report at path, asked before anything is
 * read or sent: path is not a directory, and the directory the file is created in (the one of
 * the file a symbolic link points to) exists and takes new files; something that is not a file
 * (a FIFO, a device) must be writable. Nothing is created. SSE_ERR_INVALID with err saying why:
 * "cannot write X: it is a directory; name a file in it", "...: the directory D does not exist",
 * "...: D is not a directory", "...: cannot create a file in D: why". */
enum sse_status output_file_check(const char *path, struct sse_error *err);
/* True when a and b name the same existing file (through symbolic links, whatever the path). */
bool output_same_file(const char *a, const char *b);

/* Where a report goes: standard output, or a file written whole or not at all (output_file). */
struct output_sink {
    FILE *f;                /* write the report here */
    bool to_file;
    struct output_file file;
};
/* Opens stdout (path NULL) or the file at path. SSE_ERR_IO with err saying why. */
enum sse_status output_sink_open(struct output_sink *s, const char *path, struct sse_error *err);
/* Finishes the report (ok false: the writer already failed): flushed, or the file moved into place.
 * SSE_ERR_IO with err saying why it could not be written whole. */
enum sse_status output_sink_close(struct output_sink *s, bool ok, struct sse_error *err);

/* Makes a CSV cell safe for spreadsheets: quotes per RFC 4180 and neutralises formula prefixes
 * (= + - @ tab CR) with a leading apostrophe. Appends to buf (size n); returns buf. */
char *output_csv_cell(const char *value, char *buf, size_t n);

#endif
