/* test_model_listview.c — filter (incremental and full, over the packed names, with terms),
 * order (sort, reverse, stable; made again only when an answer moves a row), the selection kept
 * on its bucket and screen line, rows joining and leaving as answers change their terms, the
 * widest cells, clamping, scroll, pages and a sort at 100k. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "answer.h"
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
    CHECK_INT(listview_set_filter(&lv, "TA", NULL), SSE_OK);
    CHECK_INT(lv.count, 2); /* beta, delta */
    CHECK_INT(listview_selected(&lv), 3);
    CHECK_INT(listview_set_filter(&lv, "ta", NULL), SSE_OK);
    CHECK_INT(listview_selected(&lv), 3);
    /* Grown filter: refined from the previous result. */
    CHECK_INT(listview_set_filter(&lv, "lta", NULL), SSE_OK);
    CHECK_INT(lv.count, 1);
    CHECK_INT(listview_selected(&lv), 3);
    /* Nothing passes: no selection, moves are harmless. */
    CHECK_INT(listview_set_filter(&lv, "ltaz", NULL), SSE_OK);
    CHECK_INT(lv.count, 0);
    CHECK_INT(listview_selected(&lv), FLEET_NO_ROW);
    listview_move(&lv, 1);
    listview_page(&lv, 1);
    listview_end(&lv);
    CHECK_INT(listview_selected(&lv), FLEET_NO_ROW);
    /* Shrunk filter: a full pass again. */
    CHECK_INT(listview_set_filter(&lv, "alpha", NULL), SSE_OK);
    CHECK_INT(lv.count, 2);
    CHECK_INT(listview_selected(&lv), 0);
    /* Selected row gone: the nearest one after it. */
    listview_end(&lv); /* Alphabet (4) */
    CHECK_INT(listview_set_filter(&lv, "alphab", NULL), SSE_OK);
    CHECK_INT(listview_selected(&lv), 4);
    CHECK_INT(listview_set_filter(&lv, "", NULL), SSE_OK);
    CHECK_INT(lv.count, 5);
    CHECK_INT(listview_selected(&lv), 4);
    CHECK_INT(listview_set_filter(&lv, "e", NULL), SSE_OK); /* beta delta Alphabet */
    listview_home(&lv);
    CHECK_INT(listview_set_filter(&lv, "eta", NULL), SSE_OK);
    CHECK_INT(listview_selected(&lv), 1);

    /* Rows appended later pass through the same filter. */
    fleet_add(&f, p, "zeta");
    fleet_add(&f, p, "omega");
    CHECK_INT(listview_sync(&lv), SSE_OK);
    CHECK_INT(lv.count, 2);
    CHECK_INT(lv.rows[1], 5);

    /* Shrinking the window keeps the selection visible. */
    listview_set_filter(&lv, "", NULL);
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
    CHECK_INT(listview_set_filter(&lv, "bc", NULL), SSE_OK);
    CHECK_INT(lv.count, 0);
    CHECK_INT(listview_set_filter(&lv, "c", NULL), SSE_OK);
    CHECK_INT(lv.count, 1);
    CHECK_INT(lv.rows[0], 1);
    CHECK_INT(listview_set_filter(&lv, "dl", NULL), SSE_OK); /* end of "cd", start of "logs-prod" */
    CHECK_INT(lv.count, 0);
    /* Capitals in the name and in the text. */
    CHECK_INT(listview_set_filter(&lv, "gs-p", NULL), SSE_OK);
    CHECK_INT(lv.count, 1);
    CHECK_INT(lv.rows[0], 2);
    CHECK_INT(listview_set_filter(&lv, "GS-PROD", NULL), SSE_OK);
    CHECK_INT(lv.count, 1);
    CHECK_INT(listview_set_filter(&lv, "prod", NULL), SSE_OK); /* the last name, at the copy's end */
    CHECK_INT(lv.count, 1);
    CHECK_INT(listview_set_filter(&lv, "prodx", NULL), SSE_OK);
    CHECK_INT(lv.count, 0);

    /* Rows added after the copy was built: not packed until a sync or a pass needs them. */
    CHECK_INT(listview_set_filter(&lv, "o", NULL), SSE_OK);
    CHECK_INT(lv.count, 1);
    fleet_add(&f, p, "Photos");
    fleet_add(&f, q, "ab"); /* same name, other profile */
    CHECK_INT(lv.named, 3);
    /* Growing text with rows unseen: a full pass that packs them first. */
    CHECK_INT(listview_set_filter(&lv, "os", NULL), SSE_OK);
    CHECK_INT(lv.named, 5);
    CHECK_INT(lv.count, 1);
    CHECK_INT(lv.rows[0], 3); /* "Photos", folded */
    fleet_add(&f, q, "cOSt");
    CHECK_INT(listview_sync(&lv), SSE_OK);
    CHECK_INT(lv.named, 6);
    CHECK_INT(lv.count, 2);
    CHECK_INT(lv.rows[1], 5);

    /* Profile scope on top of the text, over the copy and while refining. */
    CHECK_INT(listview_set_filter(&lv, "", NULL), SSE_OK);
    CHECK_INT(listview_set_scope(&lv, q, false), SSE_OK);
    CHECK_INT(lv.count, 2);
    CHECK_INT(listview_set_filter(&lv, "b", NULL), SSE_OK);
    CHECK_INT(lv.count, 1);
    CHECK_INT(lv.rows[0], 4);
    CHECK_INT(listview_set_scope(&lv, -1, false), SSE_OK);
    CHECK_INT(lv.count, 2);
    CHECK_INT(listview_set_filter(&lv, "ab", NULL), SSE_OK);
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
        listview_set_filter(&lv, text, NULL);
    }
    CHECK_INT(lv.count, 50); /* logs-049900 .. logs-049999 odd ones */
    CHECK(listview_selected(&lv) >= sel);
    CHECK(strncmp(f.rows[listview_selected(&lv)].bucket, "logs-0499", 9) == 0);

    listview_set_filter(&lv, "", NULL);
    listview_set_filter(&lv, "data", NULL);
    CHECK_INT(lv.count, 50000);

    /* Sorted by name descending: the selection stays on its bucket, the filter keeps the order. */
    sel = listview_selected(&lv);
    CHECK_INT(listview_set_sort(&lv, SORT_BUCKET, true), SSE_OK);
    CHECK_INT(listview_selected(&lv), sel);
    CHECK_STR(f.rows[lv.rows[0]].bucket, "data-099998");
    listview_set_filter(&lv, "data-0000", NULL);
    CHECK_INT(lv.count, 50);
    CHECK_STR(f.rows[lv.rows[0]].bucket, "data-000098");
    CHECK_STR(f.rows[lv.rows[49]].bucket, "data-000000");

    listview_cleanup(&lv);
    fleet_cleanup(&f);
}

/* "alpha beta …" of the rows shown. */
static const char *
shown(const struct listview *lv, char *buf, size_t size)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t k = 0; k < lv->count && used + 1 < size; k++)
        used += (size_t)snprintf(buf + used, size - used, "%s%s", k ? " " : "",
                                 lv->fleet->rows[lv->rows[k]].bucket);
    return buf;
}

static const char *
selected(const struct listview *lv)
{
    size_t r = listview_selected(lv);
    return r == FLEET_NO_ROW ? "(none)" : lv->fleet->rows[r].bucket;
}

static void
test_sort_and_answers(void)
{
    struct fleet f;
    fleet_init(&f);
    int p = fleet_add_profile(&f, &acct, false);
    const char *names[] = { "alpha", "beta", "gamma", "plain", "locked", "delta" };
    for (size_t i = 0; i < 6; i++)
        fleet_add(&f, p, names[i]);
    struct listview lv;
    listview_init(&lv, &f);
    listview_set_height(&lv, 4);
    CHECK_INT(listview_sync(&lv), SSE_OK);
    char b[128];

    /* Sorted while nothing is known: every key equal, the configured order. */
    CHECK_INT(listview_set_sort(&lv, SORT_ALGORITHM, false), SSE_OK);
    CHECK_STR(shown(&lv, b, sizeof b), "alpha beta gamma plain locked delta");
    listview_move(&lv, 2);
    CHECK_STR(selected(&lv), "gamma");
    CHECK_INT(lv.cursor - lv.top, 2);

    /* Answers arrive: the order follows them, gamma stays selected on its screen line. */
    answer_row(&f, 0, SSE_ALGO_AES256, NULL, false, NULL);
    answer_row(&f, 1, SSE_ALGO_KMS, "key-beta-01", true, NULL);
    answer_row(&f, 2, SSE_ALGO_SM4, NULL, false, NULL);
    answer_row(&f, 3, SSE_ALGO_NONE, NULL, false, NULL);
    answer_row(&f, 4, SSE_ALGO_NONE, NULL, false, "AccessDenied");
    const uint32_t first[] = { 0, 1, 2, 3, 4 };
    bool moved = false;
    CHECK_INT(listview_update(&lv, first, 5, &moved), SSE_OK);
    CHECK(moved);
    CHECK_STR(shown(&lv, b, sizeof b), "alpha beta gamma plain locked delta");
    CHECK_STR(selected(&lv), "gamma");
    answer_row(&f, 5, SSE_ALGO_AES256, NULL, false, NULL);
    const uint32_t last[] = { 5 };
    CHECK_INT(listview_update(&lv, last, 1, &moved), SSE_OK);
    CHECK(moved);
    CHECK_STR(shown(&lv, b, sizeof b), "alpha delta beta gamma plain locked");
    CHECK_STR(selected(&lv), "gamma");
    CHECK_INT(lv.cursor - lv.top, 2);
    /* Reverse: equal keys (alpha, delta) keep the configured order. */
    CHECK_INT(listview_set_sort(&lv, SORT_ALGORITHM, true), SSE_OK);
    CHECK_STR(shown(&lv, b, sizeof b), "locked plain gamma beta alpha delta");
    CHECK_STR(selected(&lv), "gamma");

    /* A re-read with the same answer moves nothing; a change moves its row. */
    answer_row(&f, 0, SSE_ALGO_AES256, NULL, false, NULL);
    const uint32_t a0[] = { 0 };
    CHECK_INT(listview_update(&lv, a0, 1, &moved), SSE_OK);
    CHECK(!moved);
    answer_row(&f, 0, SSE_ALGO_NONE, NULL, false, NULL);
    CHECK_INT(listview_update(&lv, a0, 1, &moved), SSE_OK);
    CHECK(moved);
    CHECK_STR(shown(&lv, b, sizeof b), "locked alpha plain gamma beta delta");
    CHECK_STR(selected(&lv), "gamma");

    /* Filter terms over the sorted rows; an answer that changes a term moves the row out. */
    struct query_error err;
    CHECK_INT(listview_set_filter(&lv, "alg:none", &err), SSE_OK);
    CHECK_STR(shown(&lv, b, sizeof b), "alpha plain");
    CHECK_STR(lv.filter, "alg:none");
    CHECK_INT(listview_set_filter(&lv, "alg:nope", &err), SSE_ERR_INVALID);
    CHECK_STR(lv.filter, "alg:none"); /* nothing changed */
    CHECK_INT(listview_set_filter(&lv, "alg:none !alpha", &err), SSE_OK);
    CHECK_STR(shown(&lv, b, sizeof b), "plain");
    CHECK_INT(listview_set_filter(&lv, "alg:none", &err), SSE_OK);
    listview_home(&lv);
    CHECK_STR(selected(&lv), "alpha");
    answer_row(&f, 0, SSE_ALGO_KMS, NULL, false, NULL);
    CHECK_INT(listview_update(&lv, a0, 1, &moved), SSE_OK);
    CHECK(moved);
    CHECK_STR(shown(&lv, b, sizeof b), "plain");
    CHECK_STR(selected(&lv), "plain"); /* the nearest one after it */
    answer_row(&f, 5, SSE_ALGO_NONE, NULL, false, NULL);
    CHECK_INT(listview_update(&lv, last, 1, &moved), SSE_OK);
    CHECK_STR(shown(&lv, b, sizeof b), "plain delta");

    /* The widest cells over the rows shown. */
    CHECK_INT(listview_set_filter(&lv, "", &err), SSE_OK);
    CHECK_INT(lv.widths.name, 6);
    CHECK_INT(lv.widths.cmk, 11); /* key-beta-01 */
    CHECK(lv.widths.managed);     /* alpha: KMS, OSS-managed */
    CHECK_INT(lv.widths.status, 12); /* AccessDenied */
    CHECK_INT(listview_set_filter(&lv, "alg:sm4", &err), SSE_OK);
    CHECK_INT(lv.widths.name, 5);
    CHECK_INT(lv.widths.cmk, 0);
    CHECK(!lv.widths.managed);

    /* By name, then the configured order again; rows added later take their place. */
    CHECK_INT(listview_set_filter(&lv, "", &err), SSE_OK);
    CHECK_INT(listview_set_sort(&lv, SORT_BUCKET, false), SSE_OK);
    CHECK_STR(shown(&lv, b, sizeof b), "alpha beta delta gamma locked plain");
    fleet_add(&f, p, "carol");
    CHECK_INT(listview_sync(&lv), SSE_OK);
    CHECK_STR(shown(&lv, b, sizeof b), "alpha beta carol delta gamma locked plain");
    CHECK_INT(listview_set_sort(&lv, SORT_NONE, false), SSE_OK);
    CHECK_STR(shown(&lv, b, sizeof b), "alpha beta gamma plain locked delta carol");
    CHECK_INT(listview_set_sort(&lv, SORT_NONE, true), SSE_OK);
    CHECK_STR(shown(&lv, b, sizeof b), "carol delta locked plain gamma beta alpha");
    listview_cleanup(&lv);
    fleet_cleanup(&f);
}

int
main(void)
{
    test_small();
    test_sort_and_answers();
    test_packed();
    test_100k();
    return check_done("test_model_listview");
}
