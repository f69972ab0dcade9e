/* test_engine_audit.c — the audit log: records are durable JSON lines, the file is private,
 * begin/end pairs join back up, damaged lines are skipped, an unfinished change shows as such. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "engine/audit.h"

int
main(void)
{
    char dir[] = "/tmp/sseadm-audit-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    char path[256];
    snprintf(path, sizeof path, "%s/state/sseadm/audit.log", dir);

    struct sse_error err;
    sse_error_clear(&err);
    struct audit_log *log = audit_open(path, &err);
    CHECK(log != NULL);
    struct stat st;
    CHECK(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600);
    char parent[256];
    snprintf(parent, sizeof parent, "%s/state/sseadm", dir);
    CHECK(stat(parent, &st) == 0 && (st.st_mode & 0777) == 0700);

    struct sse_rule before = {.algo = SSE_ALGO_KMS, .data_enc = SSE_DATA_ENC_SM4};
    strcpy(before.kms_key_id, "key-<&>\"'");
    struct sse_rule requested = {.algo = SSE_ALGO_AES256};
    struct audit_change c1 = {.operation = "set", .profile = "prod", .endpoint = "https://e",
                              .bucket = "alpha", .before = &before, .requested = &requested};
    CHECK_INT(audit_begin(log, &c1, 1735787045, &err), SSE_OK);
    CHECK(c1.id[0] != '\0');
    const char *ids[] = {"RID1", "RID2", ""};
    CHECK_INT(audit_end(log, &c1, &requested, NULL, ids, 3, 1735787046, &err), SSE_OK);

    struct sse_rule none = {.algo = SSE_ALGO_NONE};
    struct audit_change c2 = {.operation = "remove", .profile = "prod", .endpoint = "https://e",
                              .bucket = "beta", .before = &requested, .requested = NULL};
    CHECK_INT(audit_begin(log, &c2, 1735787050, &err), SSE_OK);
    CHECK(strcmp(c1.id, c2.id) != 0);
    struct sse_error failure;
    sse_error_clear(&failure);
    sse_error_set(&failure, SSE_ERR_SERVICE, "denied \033[2J\xff");
    strcpy(failure.code, "AccessDenied");
    CHECK_INT(audit_end(log, &c2, NULL, &failure, ids, 1, 1735787051, &err), SSE_OK);

    struct audit_change c3 = {.operation = "undo", .profile = "prod", .endpoint = "https://e",
                              .bucket = "gamma", .before = &none, .requested = &before};
    CHECK_INT(audit_begin(log, &c3, 1735787060, &err), SSE_OK); /* never ended */
    audit_close(log);

    /* A damaged line in the middle is skipped, not fatal. */
    FILE *f = fopen(path, "a");
    fputs("{not json\n", f);
    fclose(f);

    struct audit_record *recs;
    size_t n, skipped;
    CHECK_INT(audit_read(path, &recs, &n, &skipped, &err), SSE_OK);
    CHECK_INT(n, 3);
    CHECK_INT(skipped, 1);
    if (n == 3) {
        CHECK_STR(recs[0].operation, "set");
        CHECK_STR(recs[0].bucket, "alpha");
        CHECK_STR(recs[0].time, "2025-01-02T03:04:05Z");
        CHECK(recs[0].has_before && recs[0].before.algo == SSE_ALGO_KMS);
        CHECK_STR(recs[0].before.kms_key_id, "key-<&>\"'");
        CHECK(recs[0].before.data_enc == SSE_DATA_ENC_SM4);
        CHECK(recs[0].has_after && recs[0].after.algo == SSE_ALGO_AES256);
        CHECK(recs[0].ended);
        CHECK_STR(recs[0].outcome, "ok");
        CHECK_STR(recs[0].request_ids, "RID1,RID2");
        CHECK_STR(recs[1].outcome, "error");
        CHECK_STR(recs[1].error_code, "AccessDenied");
        CHECK(strchr(recs[1].error_message, '\033') == NULL);
        CHECK(!recs[1].has_requested && !recs[1].has_after);
        CHECK(!recs[2].ended);
        CHECK(recs[2].has_before && recs[2].before.algo == SSE_ALGO_NONE);
    }
    free(recs);

    /* Every line on disk is one JSON object. */
    f = fopen(path, "r");
    char line[4096];
    int lines = 0;
    while (fgets(line, sizeof line, f))
        lines++;
    fclose(f);
    CHECK_INT(lines, 6);

    /* A missing log is an empty history. */
    char missing[300];
    snprintf(missing, sizeof missing, "%s/nope.log", dir);
    CHECK_INT(audit_read(missing, &recs, &n, &skipped, &err), SSE_OK);
    CHECK_INT(n, 0);

    /* An unwritable place is a clear error. */
    CHECK(audit_open("/proc/sseadm/audit.log", &err) == NULL);
    CHECK(strstr(err.message, "audit log") != NULL);

    /* Operations: every record carries the operation ID (and an undo the one it reverts); a
     * skipped conditional change is one record; lines from before operations still read. */
    char ops[300];
    snprintf(ops, sizeof ops, "%s/ops.log", dir);
    FILE *old = fopen(ops, "w");
    fputs("{\"time\":\"2025-01-01T00:00:00Z\",\"event\":\"begin\",\"id\":\"old-1\","
          "\"operation\":\"set\",\"profile\":\"prod\",\"endpoint\":\"https://e\","
          "\"bucket\":\"old\",\"before\":null,\"requested\":{\"algorithm\":\"SM4\"}}\n"
          "{\"time\":\"2025-01-01T00:00:01Z\",\"event\":\"end\",\"id\":\"old-1\","
          "\"bucket\":\"old\",\"after\":{\"algorithm\":\"SM4\"},\"outcome\":\"ok\","
          "\"request_ids\":[\"A\"]}\n", old);
    fclose(old);
    char op1[AUDIT_ID_MAX], op2[AUDIT_ID_MAX];
    audit_new_operation_id(op1, 1735787045);
    audit_new_operation_id(op2, 1735787045);
    CHECK(strncmp(op1, "op-67760225-", 12) == 0);
    CHECK_INT(strlen(op1), 24);
    CHECK(strcmp(op1, op2) != 0);
    log = audit_open(ops, &err);
    CHECK(log != NULL);
    struct audit_change s1 = {.operation = "set", .operation_id = op1, .profile = "prod",
                              .endpoint = "https://e", .bucket = "alpha", .before = &none,
                              .requested = &requested};
    CHECK_INT(audit_begin(log, &s1, 1735787045, &err), SSE_OK);
    CHECK_INT(audit_end(log, &s1, &requested, NULL, ids, 3, 1735787046, &err), SSE_OK);
    struct audit_change u1 = {.operation = "undo", .operation_id = op2, .undoes = op1,
                              .profile = "prod", .endpoint = "https://e", .bucket = "alpha",
                              .requested = &none, .expected = &requested};
    struct sse_rule theirs = {.algo = SSE_ALGO_KMS};
    strcpy(theirs.kms_key_id, "their-key");
    const char *skip_ids[] = {"RIDSKIP"};
    CHECK_INT(audit_skip(log, &u1, &theirs, skip_ids, 1, 1735787050, &err), SSE_OK);
    CHECK(u1.id[0] != '\0' && strcmp(u1.id, s1.id) != 0);
    audit_close(log);
    CHECK_INT(audit_read(ops, &recs, &n, &skipped, &err), SSE_OK);
    CHECK_INT(n, 3);
    CHECK_INT(skipped, 0);
    if (n == 3) {
        CHECK_STR(recs[0].bucket, "old");
        CHECK_STR(recs[0].operation_id, "");
        CHECK_STR(recs[0].undoes, "");
        CHECK_STR(recs[0].outcome, "ok");
        CHECK_STR(recs[1].operation_id, op1);
        CHECK_STR(recs[1].undoes, "");
        CHECK_STR(recs[1].outcome, "ok");
        CHECK_STR(recs[2].operation, "undo");
        CHECK_STR(recs[2].operation_id, op2);
        CHECK_STR(recs[2].undoes, op1);
        CHECK(recs[2].ended);
        CHECK_STR(recs[2].outcome, "skipped");
        CHECK_STR(recs[2].time, "2025-01-02T03:04:10Z");
        CHECK(!recs[2].has_before); /* nothing changed: an undo has nothing here to go back to */
        CHECK(recs[2].has_after && recs[2].after.algo == SSE_ALGO_KMS);
        CHECK_STR(recs[2].after.kms_key_id, "their-key");
        CHECK(recs[2].has_expected && recs[2].expected.algo == SSE_ALGO_AES256);
        CHECK(recs[2].has_requested && recs[2].requested.algo == SSE_ALGO_NONE);
        CHECK_STR(recs[2].request_ids, "RIDSKIP");
    }
    free(recs);
    /* On disk: the end record names the operation too; absent IDs are null. */
    f = fopen(ops, "r");
    char text[8192];
    size_t got = fread(text, 1, sizeof text - 1, f);
    text[got] = '\0';
    fclose(f);
    char want[120];
    snprintf(want, sizeof want, "\"event\":\"end\",\"id\":\"%s\",\"operation_id\":\"%s\","
             "\"undoes\":null", s1.id, op1);
    CHECK(strstr(text, want) != NULL);
    CHECK(strstr(text, "\"event\":\"skip\"") != NULL);

    /* A FIFO (or a device) is refused at once, naming it: opening a FIFO used to wait forever
     * for a reader, and with one it would swallow the record. */
    char fifo[300];
    snprintf(fifo, sizeof fifo, "%s/fifo.log", dir);
    CHECK(mkfifo(fifo, 0600) == 0);
    sse_error_clear(&err);
    CHECK(audit_open(fifo, &err) == NULL);
    CHECK(strstr(err.message, fifo) != NULL);
    CHECK(strstr(err.message, "not a regular file") != NULL);
    int reader = open(fifo, O_RDONLY | O_NONBLOCK);
    CHECK(reader >= 0);
    sse_error_clear(&err);
    CHECK(audit_open(fifo, &err) == NULL);
    CHECK(strstr(err.message, "not a regular file") != NULL);
    close(reader);
    sse_error_clear(&err);
    CHECK_INT(audit_read(fifo, &recs, &n, &skipped, &err), SSE_ERR_IO);
    CHECK(strstr(err.message, fifo) != NULL);
    sse_error_clear(&err);
    CHECK(audit_open("/dev/null", &err) == NULL);
    CHECK(strstr(err.message, "/dev/null is not a regular file") != NULL);

    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    CHECK(system(cmd) == 0);
    return check_done("audit");
}
