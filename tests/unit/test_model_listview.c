/* test_model_listview.c — filter (incremental and full, over the packed names), selection
 * clamping, scroll, pages at 100k. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "check.h"
#include "model/listview.h"

static struct oss_account acct;

static void
fill(struct fleet *f, size_t n)
{
    fleet_init(f);
    int p = fleet_add_profile(f, &acct, false);
    char name[64];
    for (size_t i = 0; i < n; i++) {
        snprintf(name, sizeof name, "%s-%06zu", i % 2 ? "logs" : "data", i);
        fleet_add(f, p, name);
    }
}

static void
test_small(void)
{
    struct fleet f;
    fleet_init(&f);
    int p = fleet_add_profile(&f, &acct, false);
    const char *names[] = { "alpha", "beta", "gamma", "delta", "Alphabet" };
    for (size_t i = 0; i < 5; i++)
        fleet_add(&f, p, names[i]);
    struct listview lv;
    listview_init(&lv, &f);
    CHECK_INT(listview_selected(&lv), FLEET_NO_ROW);
    CHECK_INT(listview_sync(&lv), SSE_OK);
    CHECK_INT(lv.count, 5);
    listview_set_height(&lv, 3);
    CHECK_INT(listview_selected(&lv), 0);

    listview_move(&lv, 1);
    CHECK_INT(listview_selected(&lv), 1);
    listview_move(&lv, -10);
    CHECK_INT(listview_selected(&lv), 0);
    listview_move(&lv, 10);
    CHECK_INT(listview_selected(&lv), 4);
    CHECK_INT(lv.top, 2);
    listview_home(&lv);
    CHECK_INT(lv.top, 0);

    /* Case-insensitive substring; selection follows the bucket when it still passes. */
    listview_move(&lv, 3); /* delta */
    CHECK_INT(listview_set_filter(&lv, "TA"), SSE_OK);
    CHECK_INT(lv.count, 2); /* beta, delta */
    CHECK_INT(listview_selected(&lv), 3);
    CHECK_INT(listview_set_filter(&lv, "ta"), SSE_OK);
    CHECK_INT(listview_selected(&lv), 3);
    /* Grown filter: refined from the previous result. */
    CHECK_INT(listview_set_filter(&lv, "lta"), SSE_OK);
    CHECK_INT(lv.count, 1);
    CHECK_INT(listview_selected(&lv), 3);
    /* Nothing passes: no selection, moves are harmless. */
    CHECK_INT(listview_set_filter(&lv, "ltaz"), SSE_OK);
    CHECK_INT(lv.count, 0);
    CHECK_INT(listview_selected(&lv), FLEET_NO_ROW);
    listview_move(&lv, 1);
    listview_page(&lv, 1);
    listview_end(&lv);
    CHECK_INT(listview_selected(&lv), FLEET_NO_ROW);
    /* Shrunk filter: a full pass again. */
    CHECK_INT(listview_set_filter(&lv, "alpha"), SSE_OK);
    CHECK_INT(lv.count, 2);
    CHECK_INT(listview_selected(&lv), 0);
    /* Selected row gone: the nearest one after it. */
    listview_end(&lv); /* Alphabet (4) */
    CHECK_INT(listview_set_filter(&lv, "alphab"), SSE_OK);
    CHECK_INT(listview_selected(&lv), 4);
    CHECK_INT(listview_set_filter(&lv, ""), SSE_OK);
    CHECK_INT(lv.count, 5);
    CHECK_INT(listview_selected(&lv), 4);
    CHECK_INT(listview_set_filter(&lv, "e"), SSE_OK); /* beta delta Alphabet */
    listview_home(&lv);
    CHECK_INT(listview_set_filter(&lv, "eta"), SSE_OK);
    CHECK_INT(listview_selected(&lv), 1);

    /* Rows appended later pass through the same filter. */
    fleet_add(&f, p, "zeta");
    fleet_add(&f, p, "omega");
    CHECK_INT(listview_sync(&lv), SSE_OK);
    CHECK_INT(lv.count, 2);
    CHECK_INT(lv.rows[1], 5);

    /* Shrinking the window keeps the selection visible. */
    listview_set_filter(&lv, "");
    listview_set_height(&lv, 7);
    listview_end(&lv);
    CHECK_INT(lv.top, 0);
    listview_set_height(&lv, 2);
    CHECK_INT(lv.top, 5);
    CHECK_INT(lv.cursor, 6);
    listview_set_height(&lv, 0); /* treated as 1 */
    CHECK_INT(lv.height, 1);
    CHECK_INT(lv.top, 6);

    listview_cleanup(&lv);
    fleet_cleanup(&f);
}

/* The packed, lower-cased copy of the names: capitals, no match across two names, rows added
 * after it was built (by sync, or found by a pass), the profile scope on top. */
static void
test_packed(void)
{
    struct fleet f;
    fleet_init(&f);
    int p = fleet_add_profile(&f, &acct, false);
    int q = fleet_add_profile(&f, &acct, false);
    fleet_add(&f, p, "ab");
    fleet_add(&f, p, "cd");
    fleet_add(&f, p, "LOGS-Prod");
    struct listview lv;
    listview_init(&lv, &f);
    CHECK_INT(listview_sync(&lv), SSE_OK);
    CHECK_INT(lv.named, 3);

    /* "ab" then "cd" are neighbours in the copy: "bc" must not match across them. */
    CHECK_INT(listview_set_filter(&lv, "bc"), SSE_OK);
    CHECK_INT(lv.count, 0);
    CHECK_INT(listview_set_filter(&lv, "c"), SSE_OK);
    CHECK_INT(lv.count, 1);
    CHECK_INT(lv.rows[0], 1);
    CHECK_INT(listview_set_filter(&lv, "dl"), SSE_OK); /* end of "cd", start of "logs-prod" */
    CHECK_INT(lv.count, 0);
    /* Capitals in the name and in the text. */
    CHECK_INT(listview_set_filter(&lv, "gs-p"), SSE_OK);
    CHECK_INT(lv.count, 1);
    CHECK_INT(lv.rows[0], 2);
    CHECK_INT(listview_set_filter(&lv, "GS-PROD"), SSE_OK);
    CHECK_INT(lv.count, 1);
    CHECK_INT(listview_set_filter(&lv, "prod"), SSE_OK); /* the last name, at the copy's end */
    CHECK_INT(lv.count, 1);
    CHECK_INT(listview_set_filter(&lv, "prodx"), SSE_OK);
    CHECK_INT(lv.count, 0);

    /* Rows added after the copy was built: not packed until a sync or a pass needs them. */
    CHECK_INT(listview_set_filter(&lv, "o"), SSE_OK);
    CHECK_INT(lv.count, 1);
    fleet_add(&f, p, "Photos");
    fleet_add(&f, q, "ab"); /* same name, other profile */
    CHECK_INT(lv.named, 3);
    /* Growing text with rows unseen: a full pass that packs them first. */
    CHECK_INT(listview_set_filter(&lv, "os"), SSE_OK);
    CHECK_INT(lv.named, 5);
    CHECK_INT(lv.count, 1);
    CHECK_INT(lv.rows[0], 3); /* "Photos", folded */
    fleet_add(&f, q, "cOSt");
    CHECK_INT(listview_sync(&lv), SSE_OK);
    CHECK_INT(lv.named, 6);
    CHECK_INT(lv.count, 2);
    CHECK_INT(lv.rows[1], 5);

    /* Profile scope on top of the text, over the copy and while refining. */
    CHECK_INT(listview_set_filter(&lv, ""), SSE_OK);
    CHECK_INT(listview_set_scope(&lv, q, false), SSE_OK);
    CHECK_INT(lv.count, 2);
    CHECK_INT(listview_set_filter(&lv, "b"), SSE_OK);
    CHECK_INT(lv.count, 1);
    CHECK_INT(lv.rows[0], 4);
    CHECK_INT(listview_set_scope(&lv, -1, false), SSE_OK);
    CHECK_INT(lv.count, 2);
    CHECK_INT(listview_set_filter(&lv, "ab"), SSE_OK);
    CHECK_INT(lv.count, 2);
    CHECK_INT(listview_set_scope(&lv, p, false), SSE_OK);
    CHECK_INT(lv.count, 1);
    CHECK_INT(lv.rows[0], 0);

    listview_cleanup(&lv);
    fleet_cleanup(&f);
}

static void
test_100k(void)
{
    struct fleet f;
    fill(&f, 100000);
    struct listview lv;
    listview_init(&lv, &f);
    listview_sync(&lv);
    listview_set_height(&lv, 20);
    CHECK_INT(lv.count, 100000);

    listview_page(&lv, 1);
    CHECK_INT(lv.cursor, 19);
    CHECK_INT(lv.top, 19);
    listview_page(&lv, -1);
    CHECK_INT(lv.cursor, 0);
    CHECK_INT(lv.top, 0);
    listview_end(&lv);
    CHECK_INT(lv.cursor, 99999);
    CHECK_INT(lv.top, 99980);
    listview_page(&lv, 1);
    CHECK_INT(lv.cursor, 99999);
    CHECK_INT(lv.top, 99980);
    listview_page(&lv, -1);
    CHECK_INT(lv.cursor, 99980);
    CHECK_INT(lv.top, 99961);
    for (int i = 0; i < 6000; i++)
        listview_page(&lv, -1);
    CHECK_INT(lv.cursor, 0);
    CHECK_INT(lv.top, 0);
    for (int i = 0; i < 6000; i++)
        listview_page(&lv, 1);
    CHECK_INT(lv.cursor, 99999);
    CHECK(lv.cursor >= lv.top && lv.cursor < lv.top + lv.height);

    /* Typing a filter one character at a time narrows from the previous result. (How fast it is
     * is the benchmark's business: bench/, never a timed test.) */
    listview_move(&lv, -50000);
    size_t sel = listview_selected(&lv);
    const char *typed = "logs-0499";
    char text[32] = "";
    for (size_t i = 0; typed[i]; i++) {
        text[i] = typed[i];
        text[i + 1] = '\0';
        listview_set_filter(&lv, text);
    }
    CHECK_INT(lv.count, 50); /* logs-049900 .. logs-049999 odd ones */
    CHECK(listview_selected(&lv) >= sel);
    CHECK(strncmp(f.rows[listview_selected(&lv)].bucket, "logs-0499", 9) == 0);

    listview_set_filter(&lv, "");
    listview_set_filter(&lv, "data");
    CHECK_INT(lv.count, 50000);

    listview_cleanup(&lv);
    fleet_cleanup(&f);
}

int
main(void)
{
    test_small();
    test_packed();
    test_100k();
    return check_done("test_model_listview");
}
