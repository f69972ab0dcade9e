/* test_model_discovery.c — buckets from a listing merged into the fleet: named rows routed to their
 * region's account and released, new rows added once, held rows not read, the name index at scale. */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "model/fleet.h"

static struct oss_account base = { .profile = "t" }, east = { .profile = "t" },
                          other = { .profile = "o" };

static void
test_merge(void)
{
    struct fleet f;
    fleet_init(&f);
    int t = fleet_add_profile(&f, &base, false);
    int o = fleet_add_profile(&f, &other, false);
    fleet_add(&f, t, "named-a");
    fleet_add(&f, t, "named-gone");
    fleet_add(&f, o, "named-a");
    CHECK_INT(fleet_find(&f, t, "named-a"), 0);
    CHECK_INT(fleet_find(&f, o, "named-a"), 2);
    CHECK_INT(fleet_find(&f, t, "nope"), FLEET_NO_ROW);
    CHECK_INT(f.rows[0].account, &base);

    fleet_listing_begin(&f, t);
    CHECK_INT(f.profiles[t].listing, FLEET_LIST_RUNNING);
    CHECK(f.rows[0].waiting && f.rows[1].waiting && !f.rows[2].waiting);
    char buf[64];
    CHECK_STR(fleet_status_text(&f, 0, "…", buf, sizeof buf), "listing…");
    /* Held: not to be read (the core reads it once routed, and refuses changes meanwhile). */
    CHECK(!fleet_unread(&f, 0));
    CHECK(fleet_unread(&f, 2));

    /* The listing names named-a (in another region) and two new buckets. */
    size_t row;
    bool fresh;
    CHECK_INT(fleet_listed(&f, t, "named-a", &east, &row, &fresh), SSE_OK);
    CHECK_INT(row, 0);
    CHECK(fresh);
    CHECK(!f.rows[0].waiting);
    CHECK(!f.rows[0].found);
    CHECK_INT(f.rows[0].account, &east);
    struct job *j = fleet_job(&f, 0, JOB_GET, NULL);
    CHECK(j && j->account == &east);
    job_free(j);
    CHECK_INT(fleet_listed(&f, t, "found-1", &east, &row, &fresh), SSE_OK);
    CHECK_INT(row, 3);
    CHECK(fresh && f.rows[3].found);
    CHECK_INT(f.rows[3].account, &east);
    CHECK_INT(fleet_listed(&f, t, "found-2", NULL, &row, &fresh), SSE_OK);
    CHECK_INT(f.rows[4].account, &base); /* no regional account: the profile's */
    CHECK_INT(f.profiles[t].rows, 4);
    CHECK_INT(f.profiles[t].found, 2);
    CHECK_INT(f.profiles[o].rows, 1);
    CHECK_INT(f.counts.loading, 5);
    CHECK_INT(fleet_counts_of(&f, t)->loading, 4);
    /* Named twice (a repeated page): the same row, not fresh while its read is in flight, and
     * its account kept so that the answer still matches. */
    CHECK_INT(fleet_listed(&f, t, "named-a", &base, &row, &fresh), SSE_OK);
    CHECK_INT(row, 0);
    CHECK(!fresh);
    CHECK_INT(f.rows[0].account, &east);
    CHECK_INT(f.count, 5);

    /* The end releases what the listing did not name, with the profile's account. */
    CHECK(f.rows[1].waiting);
    fleet_listing_end(&f, t, true);
    CHECK_INT(f.profiles[t].listing, FLEET_LIST_DONE);
    CHECK(!f.rows[1].waiting);
    CHECK(fleet_unread(&f, 1));
    CHECK_INT(f.rows[1].account, &base);
    CHECK_STR(fleet_status_text(&f, 1, "…", buf, sizeof buf), "loading…");

    /* A failed listing releases its rows too (the core keeps why). */
    fleet_listing_begin(&f, o);
    fleet_listing_end(&f, o, false);
    CHECK_INT(f.profiles[o].listing, FLEET_LIST_FAILED);
    CHECK(fleet_unread(&f, 2));
    fleet_cleanup(&f);
}

static void
test_index_at_scale(void)
{
    struct fleet f;
    fleet_init(&f);
    int a = fleet_add_profile(&f, &base, false);
    int b = fleet_add_profile(&f, &other, false);
    char name[64];
    for (int i = 0; i < 50000; i++) {
        snprintf(name, sizeof name, "bucket-%06d", i);
        fleet_add(&f, i % 2 ? a : b, name);
    }
    CHECK_INT(f.count, 50000);
    CHECK(f.index_cap >= 100000);
    size_t misses = 0;
    for (int i = 0; i < 50000; i++) {
        snprintf(name, sizeof name, "bucket-%06d", i);
        if (fleet_find(&f, i % 2 ? a : b, name) != (size_t)i || fleet_find(&f, i % 2 ? b : a, name) != FLEET_NO_ROW)
            misses++;
    }
    CHECK_INT(misses, 0);
    /* A listing of all of them adds nothing new. */
    size_t row;
    bool fresh;
    for (int i = 0; i < 50000; i += 2) {
        snprintf(name, sizeof name, "bucket-%06d", i);
        fleet_listed(&f, b, name, NULL, &row, &fresh);
    }
    CHECK_INT(f.count, 50000);
    fleet_cleanup(&f);
}

int
main(void)
{
    test_merge();
    test_index_at_scale();
    return check_done("test_model_discovery");
}
