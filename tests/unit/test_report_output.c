/* test_report_output.c — the report formats (table, TSV, CSV, JSON), verdict columns, hostile server
 * text, and report files. */
#include <jansson.h>
#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "engine/audit.h"
#include "policy/policy.h"
#include "report/output.h"

/* The rows of a test report, handed to output_write one at a time. */
static bool
array_row(void *ctx, size_t i, struct output_row *row)
{
    *row = ((const struct output_row *)ctx)[i];
    return true;
}

static enum sse_status
write_array(FILE *f, enum output_format fmt, const struct output_row *rows, size_t n, int width,
            bool with_policy)
{
    return output_write(f, fmt, array_row, (void *)rows, n, width, with_policy);
}

static char *
render(enum output_format fmt, const struct output_row *rows, size_t n, int width)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    CHECK_INT(write_array(f, fmt, rows, n, width, false), SSE_OK);
    fclose(f);
    return buf;
}

static struct sse_error denied;

static void
fill_rows(struct output_row rows[5])
{
    memset(rows, 0, 5 * sizeof rows[0]);
    rows[0] = (struct output_row){"prod", "alpha", true, {.algo = SSE_ALGO_AES256}, .error = NULL};
    rows[1] = (struct output_row){"prod", "beta", true, {.algo = SSE_ALGO_KMS, .data_enc = SSE_DATA_ENC_SM4}, .error = NULL};
    strcpy(rows[1].rule.kms_key_id, "9468da86-3509-4f8d-a61e-6eab1eac0000");
    rows[2] = (struct output_row){"prod", "plain", true, {.algo = SSE_ALGO_NONE}, .error = NULL};
    memset(&denied, 0, sizeof denied);
    denied.status = SSE_ERR_SERVICE;
    denied.http_status = 403;
    strcpy(denied.code, "AccessDenied");
    strcpy(denied.message, "You have no right to access this bucket.\033[2J");
    strcpy(denied.request_id, "5C3D9175B6FC201293AD0001");
    rows[3] = (struct output_row){"prod", "locked", false, {0}, .error = &denied};
    rows[4] = (struct output_row){"prod", "odd", true, {.algo = SSE_ALGO_UNKNOWN}, .error = NULL};
    strcpy(rows[4].rule.algo_raw, "DES");
}

static void
test_json(void)
{
    struct output_row rows[5];
    fill_rows(rows);
    char *out = render(OUTPUT_JSON, rows, 5, 0);
    json_error_t jerr;
    json_t *doc = json_loads(out, 0, &jerr);
    CHECK(doc && json_is_array(doc) && json_array_size(doc) == 5);
    if (doc && json_array_size(doc) == 5) {
        json_t *a = json_array_get(doc, 0);
        CHECK_STR(json_string_value(json_object_get(a, "bucket")), "alpha");
        CHECK_STR(json_string_value(json_object_get(a, "profile")), "prod");
        CHECK_STR(json_string_value(json_object_get(a, "algorithm")), "AES256");
        CHECK(json_is_null(json_object_get(a, "kms_key_id")));
        CHECK(json_is_null(json_object_get(a, "kms_data_encryption")));
        CHECK(json_is_null(json_object_get(a, "error")));
        json_t *b = json_array_get(doc, 1);
        CHECK_STR(json_string_value(json_object_get(b, "algorithm")), "KMS");
        CHECK_STR(json_string_value(json_object_get(b, "kms_key_id")),
                  "9468da86-3509-4f8d-a61e-6eab1eac0000");
        CHECK_STR(json_string_value(json_object_get(b, "kms_data_encryption")), "SM4");
        json_t *c = json_array_get(doc, 2);
        CHECK(json_is_null(json_object_get(c, "algorithm")));
        CHECK(json_is_null(json_object_get(c, "error")));
        json_t *d = json_array_get(doc, 3);
        json_t *e = json_object_get(d, "error");
        CHECK(json_is_object(e));
        CHECK_STR(json_string_value(json_object_get(e, "code")), "AccessDenied");
        CHECK_STR(json_string_value(json_object_get(e, "request_id")), "5C3D9175B6FC201293AD0001");
        CHECK_STR(json_string_value(json_object_get(e, "message")),
                  "You have no right to access this bucket.?[2J");
        json_t *u = json_array_get(doc, 4);
        CHECK_STR(json_string_value(json_object_get(u, "algorithm")), "DES");
    }
    json_decref(doc);
    free(out);
    out = render(OUTPUT_JSON, rows, 0, 0);
    CHECK_STR(out, "[]\n");
    free(out);
}

static void
test_csv_tsv(void)
{
    struct output_row rows[5];
    fill_rows(rows);
    char *out = render(OUTPUT_CSV, rows, 4, 0);
    CHECK_STR(out,
              "profile,bucket,algorithm,kms_key_id,kms_data_encryption,status,error_message,request_id\n"
              "prod,alpha,AES256,,,ok,,\n"
              "prod,beta,KMS,9468da86-3509-4f8d-a61e-6eab1eac0000,SM4,ok,,\n"
              "prod,plain,none,,,ok,,\n"
              "prod,locked,,,,AccessDenied,You have no right to access this bucket.?[2J,5C3D9175B6FC201293AD0001\n");
    free(out);
    out = render(OUTPUT_TSV, rows, 2, 0);
    CHECK_STR(out, "prod\talpha\tAES256\t\t\tok\t\t\n"
                   "prod\tbeta\tKMS\t9468da86-3509-4f8d-a61e-6eab1eac0000\tSM4\tok\t\t\n");
    free(out);
    char cell[256];
    CHECK_STR(output_csv_cell("=HYPERLINK(\"x\")", cell, sizeof cell), "\"'=HYPERLINK(\"\"x\"\")\"");
    CHECK_STR(output_csv_cell("+1", cell, sizeof cell), "\"'+1\"");
    CHECK_STR(output_csv_cell("-1", cell, sizeof cell), "\"'-1\"");
    CHECK_STR(output_csv_cell("@SUM", cell, sizeof cell), "\"'@SUM\"");
    CHECK_STR(output_csv_cell("a,b", cell, sizeof cell), "\"a,b\"");
    CHECK_STR(output_csv_cell("line\nbreak", cell, sizeof cell), "line?break");
    /* A key full of quotes cannot overflow a small cell. */
    char tiny[8];
    output_csv_cell("\"\"\"\"\"\"\"\"\"\"", tiny, sizeof tiny);
    CHECK(strlen(tiny) < sizeof tiny);
}

static void
test_table(void)
{
    struct output_row rows[5];
    fill_rows(rows);
    char *out = render(OUTPUT_TABLE, rows, 3, 0);
    CHECK_STR(out,
              "PROFILE  BUCKET  ALGORITHM  KMS KEY ID                            DATA ENC  STATUS\n"
              "prod     alpha   AES256     -                                     -         ok\n"
              "prod     beta    KMS        9468da86-3509-4f8d-a61e-6eab1eac0000  SM4       ok\n"
              "prod     plain   none       -                                     -         ok\n");
    free(out);
    /* On a 60-column terminal the key column shrinks and marks the cut. */
    out = render(OUTPUT_TABLE, rows, 3, 60);
    CHECK(strstr(out, "9468da86-35~  SM4") != NULL);
    for (char *line = strtok(out, "\n"); line; line = strtok(NULL, "\n"))
        CHECK(strlen(line) <= 60);
    CHECK(strstr(out, "\033") == NULL);
    free(out);
    out = render(OUTPUT_TABLE, rows + 3, 1, 0);
    CHECK(strstr(out, "AccessDenied") != NULL);
    free(out);
}

/* Hostile server text in every field a report shows: an OSC title sequence, a C1 CSI, DEL, a
 * right-to-left override and an isolate, a raw C1 byte. */
#define HOSTILE "x\033]0;pwn\007\xc2\x9b" "31m\x7f\xe2\x80\xae" "rev\xe2\x81\xa6" "i\x9b" "y"

/* The first byte of s that a terminal would act on instead of show: a control other than those
 * in allowed (the format's own separators), DEL, a C1 control or a bidi/line control in UTF-8.
 * NULL when there is none. */
static const char *
unshown_byte(const char *s, const char *allowed)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p < 0x20 && !strchr(allowed, *p)) || *p == 0x7f)
            return (const char *)p;
        if ((p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f) || (p[0] == 0xd8 && p[1] == 0x9c) ||
            (p[0] == 0xe2 && p[1] == 0x80 &&
             (p[2] == 0x8e || p[2] == 0x8f || (p[2] >= 0xa8 && p[2] <= 0xae))) ||
            (p[0] == 0xe2 && p[1] == 0x81 && p[2] >= 0xa6 && p[2] <= 0xa9))
            return (const char *)p;
        if (*p >= 0x80 && *p < 0xc0 && (p == (const unsigned char *)s || p[-1] < 0x80))
            return (const char *)p; /* a raw continuation byte: not UTF-8 */
    }
    return NULL;
}

/* An unknown KMS data encryption is shown as the server wrote it, with a status that says so. */
static void
test_unknown_data_enc(void)
{
    struct output_row row = {"prod", "odd-enc", true,
                             {.algo = SSE_ALGO_KMS, .data_enc = SSE_DATA_ENC_UNKNOWN}, .error = NULL};
    strcpy(row.rule.kms_key_id, "k1");
    strcpy(row.rule.data_enc_raw, "SM9");
    char *out = render(OUTPUT_TSV, &row, 1, 0);
    CHECK_STR(out, "prod\todd-enc\tKMS\tk1\tSM9\tUnknownDataEncryption\t\t\n");
    free(out);
    out = render(OUTPUT_JSON, &row, 1, 0);
    json_t *doc = json_loads(out, 0, NULL);
    json_t *o = json_array_get(doc, 0);
    CHECK_STR(json_string_value(json_object_get(o, "kms_data_encryption")), "SM9");
    CHECK_STR(json_string_value(json_object_get(o, "status")), "UnknownDataEncryption");
    json_decref(doc);
    free(out);
    out = render(OUTPUT_TABLE, &row, 1, 0);
    CHECK(strstr(out, "SM9") && strstr(out, "UnknownDataEncryption"));
    free(out);
}

static void
test_hostile(void)
{
    struct sse_error e = {.status = SSE_ERR_SERVICE, .http_status = 403};
    strcpy(e.code, "Denied" HOSTILE);
    strcpy(e.message, "message " HOSTILE);
    strcpy(e.request_id, "rid" HOSTILE);
    struct output_row rows[3] = {
        {"prod", "b1" HOSTILE, true, {.algo = SSE_ALGO_KMS}, .error = NULL},
        {"prod", "b2", true, {.algo = SSE_ALGO_UNKNOWN}, .error = NULL},
        {"prod", "b3", false, {0}, .error = &e},
    };
    strcpy(rows[0].rule.kms_key_id, "key" HOSTILE);
    strcpy(rows[1].rule.algo_raw, "A" HOSTILE);
    static const struct { enum output_format fmt; const char *allowed; } formats[] = {
        {OUTPUT_TABLE, "\n"}, {OUTPUT_TSV, "\t\n"}, {OUTPUT_CSV, "\n"}, {OUTPUT_JSON, "\n"},
    };
    for (size_t f = 0; f < 4; f++) {
        char *out = render(formats[f].fmt, rows, 3, 0);
        const char *bad = unshown_byte(out, formats[f].allowed);
        CHECK(bad == NULL);
        if (bad)
            fprintf(stderr, "  format %zu: byte 0x%02x at %zu\n", f, (unsigned char)*bad,
                    (size_t)(bad - out));
        CHECK(strstr(out, "pwn") != NULL); /* shown, made harmless, not dropped */
        free(out);
    }
    /* JSON carries the same text as the other formats (the replaced characters), not escapes
     * that jq -r would turn back into the controls. */
    char *out = render(OUTPUT_JSON, rows, 3, 0);
    json_t *doc = json_loads(out, 0, NULL);
    CHECK(doc && json_array_size(doc) == 3);
    CHECK_STR(json_string_value(json_object_get(json_array_get(doc, 0), "kms_key_id")),
              "keyx?]0;pwn??31m??rev?i\xef\xbf\xbdy");
    CHECK_STR(json_string_value(json_object_get(json_array_get(doc, 0), "bucket")),
              "b1x?]0;pwn??31m??rev?i\xef\xbf\xbdy");
    json_t *err = json_object_get(json_array_get(doc, 2), "error");
    CHECK_STR(json_string_value(json_object_get(err, "request_id")),
              "ridx?]0;pwn??31m??rev?i\xef\xbf\xbdy");
    json_decref(doc);
    free(out);

    /* sseadm history: every field of a record read back from the audit log. */
    struct audit_record r;
    memset(&r, 0, sizeof r);
    strcpy(r.time, "2026" HOSTILE);
    strcpy(r.operation, "set\xe2\x80\xae");
    strcpy(r.profile, "p" HOSTILE);
    strcpy(r.endpoint, "http://e" HOSTILE);
    strcpy(r.bucket, "b" HOSTILE);
    r.has_before = r.has_requested = r.has_after = r.ended = true;
    r.before.algo = SSE_ALGO_KMS;
    strcpy(r.before.kms_key_id, "k" HOSTILE);
    r.requested.algo = SSE_ALGO_UNKNOWN;
    strcpy(r.requested.algo_raw, "A" HOSTILE);
    r.after.algo = SSE_ALGO_AES256;
    strcpy(r.outcome, "error");
    strcpy(r.error_code, "C" HOSTILE);
    strcpy(r.error_message, "m" HOSTILE);
    strcpy(r.request_ids, "r" HOSTILE);
    for (size_t f = 0; f < 4; f++) {
        char *buf = NULL;
        size_t len = 0;
        FILE *mf = open_memstream(&buf, &len);
        CHECK_INT(output_write_history(mf, formats[f].fmt, &r, 1), SSE_OK);
        fclose(mf);
        const char *bad = unshown_byte(buf, formats[f].allowed);
        CHECK(bad == NULL);
        if (bad)
            fprintf(stderr, "  history format %zu: byte 0x%02x at %zu\n", f,
                    (unsigned char)*bad, (size_t)(bad - buf));
        free(buf);
    }
}

static void
test_policy_columns(void)
{
    struct output_row rows[5];
    fill_rows(rows);
    struct policy *pol = NULL;
    CHECK_INT(policy_load_string("version = 1; rules = ( { buckets = ( \"alpha\", \"beta\" ); "
                                 "require = \"KMS\"; } );", "t.policy", &pol, NULL), SSE_OK);
    if (!pol)
        return;
    for (int i = 0; i < 2; i++) {
        rows[i].policy = pol;
        rows[i].judgement = policy_judge(pol, rows[i].profile, rows[i].bucket, &rows[i].rule);
    }
    CHECK_INT(rows[0].judgement.verdict, POLICY_DRIFTED);
    CHECK_INT(rows[1].judgement.verdict, POLICY_COMPLIANT);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    CHECK_INT(write_array(f, OUTPUT_TABLE, rows, 2, 0, true), SSE_OK);
    fclose(f);
    CHECK(strstr(buf, "STATUS  POLICY\n") != NULL);
    CHECK(strstr(buf, "ok      drifted: algorithm is AES256, policy requires KMS\n") != NULL);
    CHECK(strstr(buf, "ok      compliant\n") != NULL);
    free(buf);
    f = open_memstream(&buf, &len);
    CHECK_INT(write_array(f, OUTPUT_TSV, rows, 1, 0, true), SSE_OK);
    fclose(f);
    CHECK_STR(buf, "prod\talpha\tAES256\t\t\tok\t\t\tdrifted\talgorithm is AES256, policy requires KMS\n");
    free(buf);
    policy_free(pol);
}

/* Writes text through output_file to path; returns the close's status. */
static enum sse_status
write_through(const char *path, bool keep_existing, const char *text, struct sse_error *e)
{
    struct output_file of;
    enum sse_status st = output_file_open(&of, path, keep_existing, e);
    if (st != SSE_OK)
        return st;
    fputs(text, of.f);
    return output_file_close(&of, true, e);
}

static char *
slurp(const char *path)
{
    static char buf[256];
    FILE *f = fopen(path, "r");
    size_t n = f ? fread(buf, 1, sizeof buf - 1, f) : 0;
    buf[n] = '\0';
    if (f)
        fclose(f);
    return buf;
}

/* --output and the TUI's w: what is at the path decides how it is written. */
static void
test_output_file(void)
{
    char dir[] = "/tmp/sseadm-output-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    char file[PATH_MAX], link_[PATH_MAX], target[PATH_MAX], pipe_path[64];
    struct sse_error e = {0};
    struct stat st;

    /* A new file gets the mode any new file would: 0666 less the umask. */
    snprintf(file, sizeof file, "%s/new.csv", dir);
    mode_t old_mask = umask(027);
    CHECK_INT(write_through(file, false, "n\n", &e), SSE_OK);
    umask(old_mask);
    CHECK(stat(file, &st) == 0 && (st.st_mode & 07777) == 0640);
    unlink(file);

    /* A file being replaced keeps its mode. */
    snprintf(file, sizeof file, "%s/private.csv", dir);
    FILE *f = fopen(file, "w");
    fputs("old\n", f);
    fclose(f);
    chmod(file, 0600);
    CHECK_INT(write_through(file, false, "new\n", &e), SSE_OK);
    CHECK_STR(slurp(file), "new\n");
    CHECK(stat(file, &st) == 0 && (st.st_mode & 07777) == 0600);

    /* Through a symbolic link, the file it points to is replaced and the link stays. */
    snprintf(target, sizeof target, "%s/target.csv", dir);
    snprintf(link_, sizeof link_, "%s/link.csv", dir);
    f = fopen(target, "w");
    fputs("old\n", f);
    fclose(f);
    CHECK(symlink("target.csv", link_) == 0);
    CHECK_INT(write_through(link_, false, "via link\n", &e), SSE_OK);
    CHECK(lstat(link_, &st) == 0 && S_ISLNK(st.st_mode));
    CHECK_STR(slurp(target), "via link\n");
    /* The TUI's w never replaces anything, a link included. */
    CHECK_INT(write_through(link_, true, "x\n", &e), SSE_ERR_INVALID);
    CHECK_STR(slurp(target), "via link\n");

    /* A FIFO (here a pipe, by its /proc name) is written to, not replaced. */
    int fds[2];
    CHECK(pipe(fds) == 0);
    snprintf(pipe_path, sizeof pipe_path, "/proc/self/fd/%d", fds[1]);
    CHECK_INT(write_through(pipe_path, false, "to the pipe\n", &e), SSE_OK);
    char got[64] = "";
    ssize_t n = read(fds[0], got, sizeof got - 1);
    CHECK(n == 12);
    CHECK_STR(got, "to the pipe\n");
    CHECK(fstat(fds[1], &st) == 0 && S_ISFIFO(st.st_mode));
    close(fds[0]);
    close(fds[1]);

    /* A directory is refused by name. */
    CHECK_INT(write_through(dir, false, "x\n", &e), SSE_ERR_IO);
    CHECK(strstr(e.message, "Is a directory") != NULL);

    unlink(link_);
    unlink(target);
    unlink(file);
    CHECK(rmdir(dir) == 0); /* no temporary file left behind */
}

/* history --format json: one object per line, rules as fields, null where absent, request IDs
 * as an array, the operation, what an undo undoes, a skip's outcome; hostile text sanitised. */
static void
test_history_json(void)
{
    struct audit_record recs[3];
    memset(recs, 0, sizeof recs);
    struct audit_record *a = &recs[0], *b = &recs[1], *c = &recs[2];
    strcpy(a->time, "2025-01-02T03:04:05Z");
    strcpy(a->operation, "set");
    strcpy(a->operation_id, "op-1");
    strcpy(a->profile, "prod");
    strcpy(a->endpoint, "https://e");
    strcpy(a->bucket, "alpha");
    a->has_before = a->has_requested = a->has_after = a->ended = true;
    a->before = (struct sse_rule){.algo = SSE_ALGO_KMS, .data_enc = SSE_DATA_ENC_SM4};
    strcpy(a->before.kms_key_id, "key-1");
    a->requested = (struct sse_rule){.algo = SSE_ALGO_AES256};
    a->after = a->requested;
    strcpy(a->outcome, "ok");
    strcpy(a->request_ids, "RID1,RID2\033]0;x\a");
    strcpy(b->time, "2025-01-02T03:05:00Z"); /* an old line: no operation ID; interrupted */
    strcpy(b->operation, "remove");
    strcpy(b->profile, "prod");
    strcpy(b->bucket, "beta");
    b->has_before = true;
    b->before = (struct sse_rule){.algo = SSE_ALGO_NONE};
    strcpy(c->operation, "undo");
    strcpy(c->operation_id, "op-2");
    strcpy(c->undoes, "op-1");
    strcpy(c->bucket, "alpha");
    c->ended = c->has_after = c->has_expected = c->has_requested = true;
    c->after = (struct sse_rule){.algo = SSE_ALGO_KMS};
    c->expected = (struct sse_rule){.algo = SSE_ALGO_AES256};
    c->requested = a->before;
    strcpy(c->outcome, "skipped");
    strcpy(c->error_message, "now \033[2Jhere");

    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    CHECK_INT(output_write_history(f, OUTPUT_JSON, recs, 3), SSE_OK);
    fclose(f);
    int lines = 0;
    for (char *p = buf; *p; p++)
        lines += *p == '\n';
    CHECK_INT(lines, 3);
    CHECK(strchr(buf, '\033') == NULL && strchr(buf, '\a') == NULL);
    json_t *o[3] = {NULL, NULL, NULL};
    char *line = buf;
    for (int i = 0; i < 3 && line; i++) {
        char *nl = strchr(line, '\n');
        if (nl)
            *nl = '\0';
        json_error_t jerr;
        o[i] = json_loads(line, 0, &jerr);
        CHECK(json_is_object(o[i]));
        line = nl ? nl + 1 : NULL;
    }
    if (json_is_object(o[0]) && json_is_object(o[1]) && json_is_object(o[2])) {
        CHECK_STR(json_string_value(json_object_get(o[0], "operation")), "set");
        CHECK_STR(json_string_value(json_object_get(o[0], "operation_id")), "op-1");
        CHECK(json_is_null(json_object_get(o[0], "undoes")));
        json_t *before = json_object_get(o[0], "before");
        CHECK_STR(json_string_value(json_object_get(before, "algorithm")), "KMS");
        CHECK_STR(json_string_value(json_object_get(before, "kms_key_id")), "key-1");
        CHECK_STR(json_string_value(json_object_get(before, "kms_data_encryption")), "SM4");
        json_t *after = json_object_get(o[0], "after");
        CHECK_STR(json_string_value(json_object_get(after, "algorithm")), "AES256");
        CHECK(json_is_null(json_object_get(after, "kms_key_id")));
        CHECK(json_is_null(json_object_get(after, "kms_data_encryption")));
        CHECK(json_is_null(json_object_get(o[0], "expected")));
        CHECK_STR(json_string_value(json_object_get(o[0], "outcome")), "ok");
        CHECK(json_is_null(json_object_get(o[0], "error_code")));
        json_t *ids = json_object_get(o[0], "request_ids");
        CHECK(json_is_array(ids) && json_array_size(ids) == 2);
        CHECK_STR(json_string_value(json_array_get(ids, 0)), "RID1");

        CHECK(json_is_null(json_object_get(o[1], "operation_id")));
        CHECK_STR(json_string_value(json_object_get(o[1], "profile")), "prod");
        json_t *none = json_object_get(o[1], "before");
        CHECK(json_is_object(none) && json_is_null(json_object_get(none, "algorithm")));
        CHECK(json_is_null(json_object_get(o[1], "after")));
        CHECK(json_is_null(json_object_get(o[1], "requested")));
        CHECK_STR(json_string_value(json_object_get(o[1], "outcome")), "interrupted");
        CHECK_INT(json_array_size(json_object_get(o[1], "request_ids")), 0);

        CHECK_STR(json_string_value(json_object_get(o[2], "undoes")), "op-1");
        CHECK_STR(json_string_value(json_object_get(o[2], "outcome")), "skipped");
        CHECK(json_is_null(json_object_get(o[2], "before")));
        CHECK_STR(json_string_value(json_object_get(json_object_get(o[2], "expected"),
                                                    "algorithm")), "AES256");
        const char *msg = json_string_value(json_object_get(o[2], "error_message"));
        CHECK(msg && strncmp(msg, "now ", 4) == 0 && strstr(msg, "here"));
    }
    for (int i = 0; i < 3; i++)
        json_decref(o[i]);
    free(buf);
}

/* history as a table, TSV and CSV: each change names its operation (the ID undo --op takes); in
 * TSV and CSV as the last column, so the columns before it keep their places. */
static void
test_history_operation_ids(void)
{
    struct audit_record recs[2];
    memset(recs, 0, sizeof recs);
    for (int i = 0; i < 2; i++) {
        strcpy(recs[i].time, "2025-01-02T03:04:05Z");
        strcpy(recs[i].operation, "set");
        strcpy(recs[i].profile, "prod");
        strcpy(recs[i].bucket, i ? "beta" : "alpha");
        strcpy(recs[i].outcome, "ok");
        recs[i].ended = true;
    }
    strcpy(recs[0].operation_id, "op-6789abcd-0123456789ab"); /* recs[1]: an old line, none */
    static const enum output_format fmts[] = { OUTPUT_TABLE, OUTPUT_TSV, OUTPUT_CSV };
    for (size_t k = 0; k < 3; k++) {
        char *buf = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&buf, &len);
        CHECK_INT(output_write_history(f, fmts[k], recs, 2), SSE_OK);
        fclose(f);
        char *second = strchr(buf, '\n') + 1, *third = strchr(second, '\n') + 1;
        second[-1] = third[-1] = '\0';
        if (fmts[k] == OUTPUT_TABLE) {
            CHECK(strstr(buf, "  OPERATION  OPERATION ID  ") != NULL);
            CHECK(strstr(second, "  set        op-6789abcd-0123456789ab  prod  ") != NULL);
            CHECK(strstr(third, "  set        -                         prod  ") != NULL);
        } else if (fmts[k] == OUTPUT_TSV) {
            size_t n = strlen(buf);
            CHECK(n > 25 && strcmp(buf + n - 25, "\top-6789abcd-0123456789ab") == 0);
            CHECK(strncmp(buf, "2025-01-02T03:04:05Z\tset\tprod\talpha\t", 36) == 0);
            CHECK(second[strlen(second) - 1] == '\t'); /* none: an empty last cell */
        } else {
            CHECK(strstr(buf, ",request_ids,operation_id") != NULL &&
                  strcmp(buf + strlen(buf) - 13, ",operation_id") == 0);
            CHECK(strcmp(second + strlen(second) - 25, ",op-6789abcd-0123456789ab") == 0);
        }
        free(buf);
    }
}

int
main(void)
{
    test_history_json();
    test_history_operation_ids();
    setlocale(LC_ALL, "C.UTF-8");
    enum output_format f;
    CHECK(output_format_parse("json", &f) && f == OUTPUT_JSON);
    CHECK(output_format_parse("table", &f) && f == OUTPUT_TABLE);
    CHECK(!output_format_parse("yaml", &f));
    test_json();
    test_csv_tsv();
    test_table();
    test_hostile();
    test_unknown_data_enc();
    test_policy_columns();
    test_output_file();
    return check_done("output");
}
