/* test_ui_remember.c — the TUI's state file: where it is, its text and back, lines it does not
 * know passed over, the rule that a ui.columns edited since the choice wins, and a save that
 * replaces the file whole (and says why when it cannot). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "config/columns.h"
#include "ui/remember.h"

#define BIT SSE_COLUMN_BIT

int
main(void)
{
    char path[256];
    remember_path("/home/u/.local/state/sseadm/audit.log", path, sizeof path);
    CHECK_STR(path, "/home/u/.local/state/sseadm/tui.state");
    remember_path("", path, sizeof path);
    CHECK_STR(path, "");

    unsigned chosen = BIT(SSE_COL_BUCKET) | BIT(SSE_COL_ALGORITHM) | BIT(SSE_COL_STATUS);
    struct remembered r = { true, chosen, SSE_COLUMNS_ALL }, back;
    char text[1024];
    remember_format(&r, text, sizeof text);
    CHECK(strstr(text, "\ncolumns = bucket,algorithm,status\n") != NULL);
    CHECK(strstr(text, "\nover = profile,bucket,region,algorithm,kms_key_id,kms_data_encryption,"
                       "policy,status\n") != NULL);
    remember_parse(text, &back);
    CHECK(back.has_columns);
    CHECK_INT(back.columns, chosen);
    CHECK_INT(back.over, SSE_COLUMNS_ALL);
    /* The choice stands while ui.columns is what it was chosen over; an edited one wins. */
    CHECK_INT(remember_columns(&back, SSE_COLUMNS_ALL), chosen);
    unsigned edited = SSE_COLUMNS_ALL & ~BIT(SSE_COL_PROFILE);
    CHECK_INT(remember_columns(&back, edited), edited);

    /* Lenient: comments, unknown keys and names, spaces; the bucket always comes back. */
    remember_parse("# hi\nregion_width = 9\n  columns =  kms_key_id , key_state,status\n"
                   "over=profile\n", &back);
    CHECK(back.has_columns);
    CHECK_INT(back.columns, BIT(SSE_COL_BUCKET) | BIT(SSE_COL_KMS_KEY_ID) | BIT(SSE_COL_STATUS));
    CHECK_INT(back.over, BIT(SSE_COL_PROFILE));
    remember_parse("columns = status\n", &back); /* without what it was chosen over: not used */
    CHECK(!back.has_columns);
    CHECK_INT(remember_columns(&back, SSE_COLUMNS_ALL), SSE_COLUMNS_ALL);
    remember_parse("", &back);
    CHECK(!back.has_columns);
    remember_parse("columnsx = status\nover = status\n", &back);
    CHECK(!back.has_columns);

    /* Saved and loaded; a missing file holds nothing; a directory in the way says why. */
    char dir[] = "/tmp/sseadm-remember-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    char file[300];
    snprintf(file, sizeof file, "%s/sseadm/tui.state", dir);
    CHECK_INT(remember_load(file, &back), SSE_OK);
    CHECK(!back.has_columns);
    struct sse_error err;
    sse_error_clear(&err);
    CHECK_INT(remember_save(file, &r, &err), SSE_OK); /* its directory is made */
    CHECK_INT(remember_load(file, &back), SSE_OK);
    CHECK(back.has_columns && back.columns == chosen);
    r.columns = BIT(SSE_COL_BUCKET);
    CHECK_INT(remember_save(file, &r, &err), SSE_OK); /* replaced */
    CHECK_INT(remember_load(file, &back), SSE_OK);
    CHECK_INT(back.columns, BIT(SSE_COL_BUCKET));
    unlink(file);
    CHECK_INT(mkdir(file, 0700), 0);
    CHECK_INT(remember_save(file, &r, &err), SSE_ERR_IO);
    CHECK(err.message[0] != '\0');
    CHECK_INT(remember_load(file, &back), SSE_ERR_IO);
    rmdir(file);
    snprintf(file, sizeof file, "%s/sseadm", dir);
    rmdir(file);
    rmdir(dir);
    CHECK_INT(remember_save("", &r, &err), SSE_ERR_IO);
    return check_done("test_ui_remember");
}
