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
