/* output.c — table, TSV, CSV and JSON writers for bucket rows. JSON goes through jansson so that
 * escaping is a library's job, not ours. */
#include "report/output.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/i18n.h"
#include "core/sanitize.h"
#include "engine/audit.h"

bool
output_format_parse(const char *name, enum output_format *out)
{
    static const struct { const char *name; enum output_format fmt; } formats[] = {
        {"table", OUTPUT_TABLE}, {"tsv", OUTPUT_TSV}, {"csv", OUTPUT_CSV}, {"json", OUTPUT_JSON},
    };
    for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++) {
        if (strcmp(name, formats[i].name) == 0) {
            *out = formats[i].fmt;
            return true;
        }
    }
    return false;
}

/* The row's fields as display strings; "" where there is nothing. */
struct fields {
    char algorithm[64];
    char kms_key_id[SSE_KMS_KEY_MAX];
    char data_enc[SSE_DATA_ENC_RAW_MAX];
    char status[80];
    const char *error_message;
    const char *request_id;
    const char *verdict;
    char verdict_detail[OUTPUT_WHY_MAX];
};

static void
row_fields(const struct output_row *row, struct fields *f)
{
    memset(f, 0, sizeof *f);
    f->error_message = "";
    f->request_id = "";
    f->verdict = row->policy ? policy_verdict_name((enum policy_verdict)row->judgement.verdict) : "";
    if (row->policy) /* reports are read by scripts: fixed English */
        policy_why(row->policy, row->judgement, row->rule_known ? &row->rule : NULL, false,
                   f->verdict_detail, sizeof f->verdict_detail);
    if (row->rule_known) {
        const struct sse_rule *r = &row->rule;
        if (r->algo == SSE_ALGO_UNKNOWN)
            snprintf(f->algorithm, sizeof f->algorithm, "%s", r->algo_raw);
        else
            snprintf(f->algorithm, sizeof f->algorithm, "%s", sse_algo_name(r->algo));
        if (r->algo == SSE_ALGO_KMS) {
            snprintf(f->kms_key_id, sizeof f->kms_key_id, "%s", r->kms_key_id);
            if (r->data_enc == SSE_DATA_ENC_UNKNOWN) /* as the server wrote it, like algo_raw */
                snprintf(f->data_enc, sizeof f->data_enc, "%s", r->data_enc_raw);
            else if (r->data_enc != SSE_DATA_ENC_NONE)
                snprintf(f->data_enc, sizeof f->data_enc, "%s", sse_data_enc_name(r->data_enc));
        }
    }
    if (row->error) {
        snprintf(f->status, sizeof f->status, "%s", sse_error_code(row->error));
        f->error_message = row->error->message;
        f->request_id = row->error->request_id;
    } else if (row->status) {
        snprintf(f->status, sizeof f->status, "%s", row->status);
    } else if (row->rule_known && row->rule.algo == SSE_ALGO_UNKNOWN) {
        snprintf(f->status, sizeof f->status, "UnknownAlgorithm");
    } else if (row->rule_known && row->rule.algo == SSE_ALGO_KMS &&
               row->rule.data_enc == SSE_DATA_ENC_UNKNOWN) {
        snprintf(f->status, sizeof f->status, "UnknownDataEncryption");
    } else {
        snprintf(f->status, sizeof f->status, "ok");
    }
}

/* A rule's fields into o: algorithm (null for none), kms_key_id and kms_data_encryption (null
 * where absent); all null when the rule is not known. */
static void
json_rule_fields(json_t *o, bool known, const struct sse_rule *rule)
{
    struct output_row row = {.rule_known = known};
    if (known)
        row.rule = *rule;
    struct fields f;
    row_fields(&row, &f);
    bool has_algo = known && rule->algo != SSE_ALGO_NONE;
    /* Server text may be invalid UTF-8: jansson refuses that, so sanitize first. */
    char clean[SSE_KMS_KEY_MAX * 3];
    sanitize_text(f.algorithm, clean, sizeof clean);
    json_object_set_new(o, "algorithm", has_algo ? json_string(clean) : json_null());
    sanitize_text(f.kms_key_id, clean, sizeof clean);
    json_object_set_new(o, "kms_key_id", f.kms_key_id[0] ? json_string(clean) : json_null());
    sanitize_text(f.data_enc, clean, sizeof clean);
    json_object_set_new(o, "kms_data_encryption", f.data_enc[0] ? json_string(clean) : json_null());
}

/* One row as a JSON object (owned by the caller). */
static json_t *
json_row(const struct output_row *row, bool with_policy)
{
    struct fields f;
    row_fields(row, &f);
    json_t *o = json_object();
    /* Server text (a listed bucket's name too) may be invalid UTF-8, which jansson refuses, or
     * hold controls, which it would write raw (DEL, C1, bidi) or as escapes that jq -r turns back
     * into them: every string gets the same sanitized text as the other formats. */
    char clean[SSE_KMS_KEY_MAX * 3];
    sanitize_text(row->bucket, clean, sizeof clean);
    json_object_set_new(o, "bucket", json_string(clean));
    sanitize_text(row->profile, clean, sizeof clean);
    json_object_set_new(o, "profile", json_string(clean));
    json_rule_fields(o, row->rule_known, &row->rule);
    sanitize_text(row->region ? row->region : "", clean, sizeof clean);
    json_object_set_new(o, "region", clean[0] ? json_string(clean) : json_null());
    sanitize_text(f.status, clean, sizeof clean);
    json_object_set_new(o, "status", json_string(clean));
    if (row->error) {
        json_t *e = json_object();
        char msg[sizeof row->error->message * 3];
        sanitize_text(f.status, clean, sizeof clean);
        json_object_set_new(e, "code", json_string(clean));
        sanitize_text(f.error_message, msg, sizeof msg);
        json_object_set_new(e, "message", json_string(msg));
        sanitize_text(f.request_id, clean, sizeof clean);
        json_object_set_new(e, "request_id", f.request_id[0] ? json_string(clean) : json_null());
        json_object_set_new(o, "error", e);
    } else {
        json_object_set_new(o, "error", json_null());
    }
    if (with_policy) {
        json_t *pol = json_object();
        json_object_set_new(pol, "verdict", json_string(f.verdict));
        char why[OUTPUT_WHY_MAX * 3];
        sanitize_text(f.verdict_detail, why, sizeof why);
        json_object_set_new(pol, "detail", why[0] ? json_string(why) : json_null());
        json_object_set_new(o, "policy", pol);
    }
    return o;
}

char *
output_csv_cell(const char *value, char *buf, size_t n)
{
    if (!n)
        return buf;
    char clean[2048];
    sanitize_text(value, clean, sizeof clean);
    size_t o = 0;
    bool formula = clean[0] == '=' || clean[0] == '+' || clean[0] == '-' || clean[0] == '@';
    bool quote = formula || strpbrk(clean, ",\"") != NULL;
    if (quote && o + 1 < n)
        buf[o++] = '"';
    if (formula && o + 1 < n)
        buf[o++] = '\'';
    for (const char *p = clean; *p && o + 2 < n; p++) {
        if (*p == '"')
            buf[o++] = '"';
        buf[o++] = *p;
    }
    if (quote && o + 1 < n)
        buf[o++] = '"';
    buf[o] = '\0';
    return buf;
}

void
output_stream_begin(struct output_stream *s, FILE *out, enum output_format fmt, bool with_policy)
{
    *s = (struct output_stream){ .out = out, .fmt = fmt == OUTPUT_TABLE ? OUTPUT_TSV : fmt,
                                 .with_policy = with_policy };
    if (s->fmt == OUTPUT_CSV)
        fputs(with_policy ? "profile,bucket,algorithm,kms_key_id,kms_data_encryption,status,"
                            "error_message,request_id,policy,policy_detail\n"
                          : "profile,bucket,algorithm,kms_key_id,kms_data_encryption,status,"
                            "error_message,request_id\n", out);
    else if (s->fmt == OUTPUT_JSON)
        fputc('[', out);
}

enum sse_status
output_stream_row(struct output_stream *s, const struct output_row *row)
{
    FILE *out = s->out;
    if (s->fmt == OUTPUT_JSON) {
        /* One bucket per line: the array streams, and grep and jq -c both read it. */
        json_t *o = json_row(row, s->with_policy);
        fputs(s->rows ? ",\n  " : "\n  ", out);
        int rc = o ? json_dumpf(o, out, JSON_PRESERVE_ORDER) : -1;
        json_decref(o);
        s->rows++;
        return rc == 0 && !ferror(out) ? SSE_OK : SSE_ERR_IO;
    }
    bool csv = s->fmt == OUTPUT_CSV;
    struct fields f;
    row_fields(row, &f);
    const char *cells[] = {row->profile, row->bucket, f.algorithm, f.kms_key_id,
                           f.data_enc, f.status, f.error_message, f.request_id,
                           f.verdict, f.verdict_detail};
    size_t ncells = sizeof cells / sizeof cells[0] - (s->with_policy ? 0 : 2);
    for (size_t c = 0; c < ncells; c++) {
        char cell[4096];
        if (csv)
            output_csv_cell(cells[c], cell, sizeof cell);
        else
            sanitize_text(cells[c], cell, sizeof cell); /* tabs become spaces */
        fputs(cell, out);
        fputc(c + 1 < ncells ? (csv ? ',' : '\t') : '\n', out);
    }
    s->rows++;
    return ferror(out) ? SSE_ERR_IO : SSE_OK;
}

enum sse_status
output_stream_end(struct output_stream *s)
{
    if (s->fmt == OUTPUT_JSON)
        fputs(s->rows ? "\n]\n" : "]\n", s->out);
    return ferror(s->out) ? SSE_ERR_IO : SSE_OK;
}

enum { COL_PROFILE, COL_BUCKET, COL_ALGO, COL_KEY, COL_DATA, COL_STATUS, COL_POLICY, COL_MAX };

/* One table row's cells (pointing into its own fields). */
struct table_cells {
    struct fields f;
    char verdict[OUTPUT_WHY_MAX + 32];
    const char *cells[COL_MAX];
};

static void
table_cells(const struct output_row *row, struct table_cells *t)
{
    row_fields(row, &t->f);
    snprintf(t->verdict, sizeof t->verdict, "%s%s%s", t->f.verdict,
             t->f.verdict_detail[0] ? ": " : "", t->f.verdict_detail);
    const char *cells[COL_MAX] = {row->profile, row->bucket, t->f.algorithm, t->f.kms_key_id,
                                  t->f.data_enc, t->f.status, t->verdict};
    memcpy(t->cells, cells, sizeof cells);
}

static enum sse_status
write_table(FILE *out, output_row_fn *row, void *ctx, size_t count, int term_width,
            bool with_policy)
{
    static const char *const titles[COL_MAX] = {"PROFILE", "BUCKET", "ALGORITHM", "KMS KEY ID",
                                                "DATA ENC", "STATUS", "POLICY"};
    const int COL_COUNT = with_policy ? COL_MAX : COL_POLICY;
    int width[COL_MAX];
    for (int c = 0; c < COL_COUNT; c++)
        width[c] = (int)strlen(titles[c]);
    struct output_row r;
    struct table_cells tc;
    for (size_t i = 0; i < count; i++) {
        if (!row(ctx, i, &r))
            return SSE_ERR_CANCELLED;
        table_cells(&r, &tc);
        for (int c = 0; c < COL_COUNT; c++) {
            char clean[1024];
            sanitize_text(tc.cells[c][0] ? tc.cells[c] : "-", clean, sizeof clean);
            int w = sanitize_width(clean);
            if (w > width[c])
                width[c] = w;
        }
    }
    /* On a narrow terminal the CMK ID column gives way first (never below its title). */
    if (term_width > 0) {
        int total = 0;
        for (int c = 0; c < COL_COUNT; c++)
            total += width[c] + 2;
        if (total > term_width) {
            int shrink = total - term_width;
            int min = (int)strlen(titles[COL_KEY]);
            width[COL_KEY] = width[COL_KEY] - shrink < min ? min : width[COL_KEY] - shrink;
        }
    }
    for (int c = 0; c < COL_COUNT; c++)
        fprintf(out, "%-*s%s", c + 1 < COL_COUNT ? width[c] : 0, titles[c],
                c + 1 < COL_COUNT ? "  " : "\n");
    for (size_t i = 0; i < count; i++) {
        if (!row(ctx, i, &r))
            return SSE_ERR_CANCELLED;
        table_cells(&r, &tc);
        for (int c = 0; c < COL_COUNT; c++) {
            char cell[1024];
            int w = sanitize_fit(tc.cells[c][0] ? tc.cells[c] : "-", width[c], "~", cell,
                                 sizeof cell);
            fputs(cell, out);
            if (c + 1 < COL_COUNT)
                fprintf(out, "%*s", width[c] - w + 2, "");
        }
        fputc('\n', out);
    }
    return ferror(out) ? SSE_ERR_IO : SSE_OK;
}

enum sse_status
output_write(FILE *out, enum output_format fmt, output_row_fn *row, void *ctx, size_t count,
             int term_width, bool with_policy)
{
    if (fmt == OUTPUT_TABLE)
        return write_table(out, row, ctx, count, term_width, with_policy);
    struct output_stream s;
    output_stream_begin(&s, out, fmt, with_policy);
    struct output_row r;
    for (size_t i = 0; i < count; i++) {
        if (!row(ctx, i, &r))
            return SSE_ERR_CANCELLED;
        if (output_stream_row(&s, &r) != SSE_OK)
            return SSE_ERR_IO;
    }
    return output_stream_end(&s);
}

static void
describe_or_dash(bool known, const struct sse_rule *r, char *buf, size_t n)
{
    if (!known)
        snprintf(buf, n, "-");
    else
        sse_rule_describe(r, buf, n);
}

/* A string field, sanitized; null when empty. */
static void
json_text(json_t *o, const char *key, const char *value)
{
    char clean[2048];
    sanitize_text(value, clean, sizeof clean);
    json_object_set_new(o, key, clean[0] ? json_string(clean) : json_null());
}

/* A rule as an object of its fields, or null when not known. */
static json_t *
json_rule(bool known, const struct sse_rule *rule)
{
    if (!known)
        return json_null();
    json_t *o = json_object();
    json_rule_fields(o, true, rule);
    return o;
}

/* One audit record as one line of JSON. */
static enum sse_status
write_history_json(FILE *out, const struct audit_record *r)
{
    json_t *o = json_object();
    json_text(o, "time", r->time);
    json_text(o, "operation", r->operation);
    json_text(o, "operation_id", r->operation_id);
    json_text(o, "undoes", r->undoes);
    json_text(o, "profile", r->profile);
    json_text(o, "endpoint", r->endpoint);
    json_text(o, "bucket", r->bucket);
    json_object_set_new(o, "before", json_rule(r->has_before, &r->before));
    json_object_set_new(o, "requested", json_rule(r->has_requested, &r->requested));
    json_object_set_new(o, "after", json_rule(r->has_after, &r->after));
    json_object_set_new(o, "expected", json_rule(r->has_expected, &r->expected));
    json_text(o, "outcome", r->ended ? r->outcome : "interrupted");
    json_text(o, "error_code", r->error_code);
    json_text(o, "error_message", r->error_message);
    json_t *ids = json_array();
    char list[sizeof r->request_ids];
    sse_strlcpy(list, r->request_ids, sizeof list);
    for (char *save = NULL, *id = strtok_r(list, ",", &save); id; id = strtok_r(NULL, ",", &save)) {
        char clean[256];
        sanitize_text(id, clean, sizeof clean);
        json_array_append_new(ids, json_string(clean));
    }
    json_object_set_new(o, "request_ids", ids);
    int rc = json_dumpf(o, out, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(o);
    return rc == 0 && fputc('\n', out) != EOF ? SSE_OK : SSE_ERR_IO;
}

enum sse_status
output_write_history(FILE *out, enum output_format fmt, const struct audit_record *recs,
                     size_t count)
{
    if (fmt == OUTPUT_JSON) {
        for (size_t i = 0; i < count; i++)
            if (write_history_json(out, &recs[i]) != SSE_OK)
                return SSE_ERR_IO;
        return SSE_OK;
    }
    /* The operation ID comes last in TSV and CSV, so that scripts reading the columns before it
     * by position keep working; the table puts it beside the operation. */
    if (fmt == OUTPUT_CSV)
        fputs("time,operation,profile,bucket,before,requested,after,outcome,error,request_ids,"
              "operation_id\n", out);
    else if (fmt == OUTPUT_TABLE)
        fprintf(out, "%-20s  %-9s  %-24s  %-12s  %-24s  %-28s  %-28s  %s\n", "TIME", "OPERATION",
                "OPERATION ID", "PROFILE", "BUCKET", "BEFORE", "AFTER", "OUTCOME");
    for (size_t i = 0; i < count; i++) {
        const struct audit_record *r = &recs[i];
        char before[400], requested[400], after[400];
        describe_or_dash(r->has_before, &r->before, before, sizeof before);
        describe_or_dash(r->has_requested, &r->requested, requested, sizeof requested);
        describe_or_dash(r->has_after, &r->after, after, sizeof after);
        char outcome[700];
        if (!r->ended)
            snprintf(outcome, sizeof outcome, "interrupted");
        else if (strcmp(r->outcome, "ok") == 0 || strcmp(r->outcome, "skipped") == 0)
            snprintf(outcome, sizeof outcome, "%s", r->outcome);
        else
            snprintf(outcome, sizeof outcome, "%s %s", r->outcome, r->error_code);
        if (fmt == OUTPUT_TABLE) {
            char c[8][420];
            const char *src[8] = {r->time, r->operation, r->operation_id[0] ? r->operation_id : "-",
                                  r->profile, r->bucket, before, after, outcome};
            static const int widths[8] = {20, 9, 24, 12, 24, 28, 28, 40};
            for (int k = 0; k < 8; k++) {
                int w = sanitize_fit(src[k], widths[k], "~", c[k], sizeof c[k]);
                if (k < 7)
                    fprintf(out, "%s%*s  ", c[k], widths[k] - w, "");
                else
                    fprintf(out, "%s\n", c[k]);
            }
        } else {
            const char *cells[] = {r->time, r->operation, r->profile, r->bucket, before,
                                   requested, after, outcome, r->error_message, r->request_ids,
                                   r->operation_id};
            size_t ncells = sizeof cells / sizeof cells[0];
            for (size_t k = 0; k < ncells; k++) {
                char cell[2048];
                if (fmt == OUTPUT_CSV)
                    output_csv_cell(cells[k], cell, sizeof cell);
                else
                    sanitize_text(cells[k], cell, sizeof cell);
                fputs(cell, out);
                fputc(k + 1 < ncells ? (fmt == OUTPUT_CSV ? ',' : '\t') : '\n', out);
            }
        }
    }
    return ferror(out) ? SSE_ERR_IO : SSE_OK;
}

/* Creates a new temporary file named after target in tmp[size]: mode 0666 less the umask, as any
 * new file gets (the kernel applies it; asking for the umask would change it for every thread).
 * The fd, or -1 with errno, or -2 when the name does not fit. */
static int
create_temp(const char *target, char *tmp, size_t size)
{
    static const char digits[] = "0123456789abcdefghijklmnopqrstuvwxyz";
    for (int attempt = 0; attempt < 100; attempt++) {
        unsigned char r[6];
        if (getentropy(r, sizeof r) != 0)
            return -1;
        char suffix[sizeof r + 1];
        for (size_t i = 0; i < sizeof r; i++)
            suffix[i] = digits[r[i] % (sizeof digits - 1)];
        suffix[sizeof r] = '\0';
        int n = snprintf(tmp, size, "%s.tmp-%s", target, suffix);
        if (n < 0 || (size_t)n >= size)
            return -2;
        int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0666);
        if (fd >= 0 || errno != EEXIST)
            return fd;
    }
    errno = EEXIST;
    return -1;
}

enum sse_status
output_file_open(struct output_file *of, const char *path, bool keep_existing,
                 struct sse_error *err)
{
    memset(of, 0, sizeof *of);
    of->path = path;
    of->keep_existing = keep_existing;
    struct stat st, lst;
    bool exists = stat(path, &st) == 0;
    bool is_link = lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode);
    if ((exists || is_link) && keep_existing)
        return sse_error_set(err, SSE_ERR_INVALID, _("%s already exists; choose another name"),
                             path);
    if (exists && S_ISDIR(st.st_mode))
        return sse_error_set(err, SSE_ERR_IO, _("cannot write %s: %s"), path, strerror(EISDIR));
    if (exists && !S_ISREG(st.st_mode)) {
        /* /dev/null, /dev/stdout, a FIFO…: replacing it would destroy it (a device node, when
         * run as root); write to it as a shell redirection would. */
        int fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC);
        of->f = fd >= 0 ? fdopen(fd, "w") : NULL;
        if (!of->f) {
            int e = errno;
            if (fd >= 0)
                close(fd);
            return sse_error_set(err, SSE_ERR_IO, _("cannot write %s: %s"), path, strerror(e));
        }
        of->direct = true;
        return SSE_OK;
    }
    /* Through a symbolic link the file it points to is replaced (next to it), not the link. */
    if (is_link && !(exists && realpath(path, of->target)))
        return sse_error_set(err, SSE_ERR_IO, _("cannot write %s: %s"), path,
                             strerror(exists ? errno : ENOENT));
    if (!is_link && sse_strlcpy(of->target, path, sizeof of->target) != 0)
        return sse_error_set(err, SSE_ERR_IO, _("cannot write %s: the name is too long"), path);
    int fd = create_temp(of->target, of->tmp, sizeof of->tmp);
    if (fd == -2)
        return sse_error_set(err, SSE_ERR_IO, _("cannot write %s: the name is too long"), path);
    if (fd < 0)
        return sse_error_set(err, SSE_ERR_IO, _("cannot write %s: %s"), path, strerror(errno));
    if (exists) {
        /* The replaced file keeps its mode, and its owner where that is allowed (root). */
        fchmod(fd, st.st_mode & 0777); /* never set-id bits on a report */
        if (fchown(fd, st.st_uid, st.st_gid) != 0) {
            /* not permitted: the report is then the writer's, with the old file's mode */
        }
    }
    of->f = fdopen(fd, "w");
    if (!of->f) {
        int e = errno;
        close(fd);
        unlink(of->tmp);
        return sse_error_set(err, SSE_ERR_IO, _("cannot write %s: %s"), path, strerror(e));
    }
    return SSE_OK;
}

/* Moves the finished temporary file to of->path without ever replacing a file there: link()
 * fails with EEXIST, atomically; where the file system has no hard links (FAT, many SMB and FUSE
 * mounts), the name is claimed with O_EXCL first and then replaced by the finished file. */
static enum sse_status
place_new(struct output_file *of, struct sse_error *err)
{
    int e = 0;
    if (link(of->tmp, of->path) == 0) {
        unlink(of->tmp);
        return SSE_OK;
    }
    e = errno;
    if (e == EPERM || e == ENOTSUP || e == EOPNOTSUPP || e == EXDEV || e == ENOSYS) {
        int fd = open(of->path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        if (fd >= 0) {
            close(fd);
            if (rename(of->tmp, of->path) == 0)
                return SSE_OK;
            e = errno;
            unlink(of->path); /* our own empty claim */
        } else {
            e = errno;
        }
    }
    unlink(of->tmp);
    if (e == EEXIST)
        return sse_error_set(err, SSE_ERR_INVALID, _("%s already exists; choose another name"),
                             of->path);
    return sse_error_set(err, SSE_ERR_IO, _("cannot write %s: %s"), of->path, strerror(e));
}

enum sse_status
output_file_close(struct output_file *of, bool ok, struct sse_error *err)
{
    if (!of->f)
        return sse_error_set(err, SSE_ERR_IO, _("cannot write %s: not open"), of->path);
    int e = 0;
    /* (A device or FIFO written directly is not synced: fsync fails on some, means nothing.) */
    if (ok && (fflush(of->f) != 0 || (!of->direct && fsync(fileno(of->f)) != 0)))
        e = errno;
    if (fclose(of->f) != 0 && !e)
        e = errno;
    of->f = NULL;
    if (of->direct) {
        if (ok && !e)
            return SSE_OK;
        return sse_error_set(err, SSE_ERR_IO, _("cannot write %s: %s"), of->path,
                             e ? strerror(e) : _("the report could not be written whole"));
    }
    if (ok && !e && of->keep_existing)
        return place_new(of, err);
    if (ok && !e && rename(of->tmp, of->target) == 0)
        return SSE_OK;
    if (ok && !e)
        e = errno;
    unlink(of->tmp);
    return sse_error_set(err, SSE_ERR_IO, _("cannot write %s: %s"), of->path,
                         e ? strerror(e) : _("the report could not be written whole"));
}

enum sse_status
output_file_check(const char *path, struct sse_error *err)
{
    struct stat st, lst;
    bool exists = stat(path, &st) == 0;
    int stat_errno = errno;
    if (exists && S_ISDIR(st.st_mode))
        return sse_error_set(err, SSE_ERR_INVALID, _("cannot write %s: it is a directory; name a "
                             "file in it"), path);
    if (exists && !S_ISREG(st.st_mode)) /* a FIFO or a device is written as it is */
        return access(path, W_OK) == 0 ? SSE_OK
                                       : sse_error_set(err, SSE_ERR_INVALID, _("cannot write %s: %s"),
                                                       path, strerror(errno));
    if (!exists && stat_errno != ENOENT && stat_errno != ENOTDIR)
        return sse_error_set(err, SSE_ERR_INVALID, _("cannot write %s: %s"), path,
                             strerror(stat_errno));
    /* The file is made next to what it replaces: through a symbolic link, next to its target. */
    char target[4096];
    bool is_link = lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode);
    if (is_link && !exists)
        return sse_error_set(err, SSE_ERR_INVALID, _("cannot write %s: it is a symbolic link to a "
                             "file that does not exist"), path);
    if (is_link ? !realpath(path, target) : sse_strlcpy(target, path, sizeof target) != 0)
        return sse_error_set(err, SSE_ERR_INVALID, _("cannot write %s: the name is too long"),
                             path);
    char *slash = strrchr(target, '/');
    const char *dir = !slash ? "." : slash == target ? "/" : target;
    if (slash && slash != target)
        *slash = '\0';
    struct stat ds;
    if (stat(dir, &ds) != 0)
        return errno == ENOENT
                   ? sse_error_set(err, SSE_ERR_INVALID, _("cannot write %s: the directory %s does "
                                   "not exist"), path, dir)
               : errno == ENOTDIR
                   ? sse_error_set(err, SSE_ERR_INVALID, _("cannot write %s: a part of %s is "
                                   "not a directory"), path, dir)
                   : sse_error_set(err, SSE_ERR_INVALID, _("cannot write %s: %s"), path,
                                   strerror(errno));
    if (!S_ISDIR(ds.st_mode))
        return sse_error_set(err, SSE_ERR_INVALID, _("cannot write %s: %s is not a directory"),
                             path, dir);
    if (access(dir, W_OK | X_OK) != 0)
        return sse_error_set(err, SSE_ERR_INVALID, _("cannot write %s: cannot create a file in "
                             "%s: %s"), path, dir, strerror(errno));
    return SSE_OK;
}

bool
output_same_file(const char *a, const char *b)
{
    struct stat sa, sb;
    return a && b && stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
           sa.st_ino == sb.st_ino;
}

enum sse_status
output_sink_open(struct output_sink *s, const char *path, struct sse_error *err)
{
    memset(s, 0, sizeof *s);
    errno = 0; /* a failure that no call explains is then told apart from one that does */
    if (!path) {
        s->f = stdout;
        return SSE_OK;
    }
    enum sse_status st = output_file_open(&s->file, path, false, err);
    if (st == SSE_OK) {
        s->f = s->file.f;
        s->to_file = true;
    }
    return st;
}

enum sse_status
output_sink_close(struct output_sink *s, bool ok, struct sse_error *err)
{
    if (s->to_file)
        return output_file_close(&s->file, ok, err);
    if (fflush(s->f) == 0 && ok && !ferror(s->f))
        return SSE_OK;
    return sse_error_set(err, SSE_ERR_IO, _("cannot write the output: %s"),
                         errno ? strerror(errno) : _("write error"));
}
