/* test_model_policy.c — verdicts kept current in the fleet (per row, per profile and in total), and
 * the drifted-only and profile filters composed with the text filter. */
#include <stdio.h>
#include <string.h>

#include "answer.h"
#include "check.h"
#include "model/listview.h"
#include "policy/policy.h"

static struct oss_account acct_t = { .profile = "t" }, acct_ro = { .profile = "ro" };

/* fin* must be KMS (line 3), logs* must be SM4 (line 4), the rest is not covered. */
static struct policy *
fin_and_logs(void)
{
    struct policy *p = NULL;
    CHECK_INT(policy_load_string("version = 1;\nrules = (\n"
                                 "  { buckets = ( \"fin*\" ); require = \"KMS\"; },\n"
                                 "  { buckets = ( \"logs*\" ); require = \"SM4\"; }\n);\n",
                                 "t.policy", &p, NULL), SSE_OK);
    return p;
}

/* Answers row i's read with algo (SSE_ALGO_UNKNOWN + 1 = an error). */
static void
answer(struct fleet *f, size_t i, int algo)
{
    answer_row(f, i, algo > SSE_ALGO_UNKNOWN ? SSE_ALGO_NONE : (enum sse_algo)algo, NULL, false,
               algo > SSE_ALGO_UNKNOWN ? "AccessDenied" : NULL);
}

/* Reads every row but 4 (logs-b, left unknown) and 6: fin-a compliant, fin-b and logs-a drifted,
 * media unmanaged, ro/fin-ro drifted. */
static void
answer_most(struct fleet *f)
{
    answer(f, 0, SSE_ALGO_KMS);
    answer(f, 1, SSE_ALGO_AES256);
    answer(f, 2, SSE_ALGO_NONE);
    answer(f, 3, SSE_ALGO_NONE);
    answer(f, 5, SSE_ALGO_SM4);
}

static void
make(struct fleet *f)
{
    fleet_init(f);
    int t = fleet_add_profile(f, &acct_t, false);
    int ro = fleet_add_profile(f, &acct_ro, true);
    const char *names[] = { "fin-a", "fin-b", "logs-a", "media", "logs-b" };
    for (int i = 0; i < 5; i++)
        CHECK_INT(fleet_add(f, t, names[i]), SSE_OK);
    CHECK_INT(fleet_add(f, ro, "fin-ro"), SSE_OK);
    CHECK_INT(fleet_add(f, ro, "logs-a"), SSE_OK); /* same name, other profile */
    CHECK_INT(fleet_add(f, t, "fin-a"), SSE_ERR_INVALID); /* twice in one profile */
}

/* True when fleet row `row` is among the rows the view shows. */
static bool
shown(const struct listview *lv, size_t row)
{
    for (size_t k = 0; k < lv->count; k++)
        if (lv->rows[k] == row)
            return true;
    return false;
}

static void
test_verdicts_and_counts(void)
{
    struct fleet f;
    make(&f);
    /* No policy: everything unmanaged. */
    CHECK_INT(f.counts.verdict[POLICY_UNMANAGED], 7);
    CHECK_INT(f.rows[0].judgement.verdict, POLICY_UNMANAGED);

    struct policy *pol = fin_and_logs();
    if (!pol)
        return;
    fleet_set_policy(&f, pol);
    CHECK_INT(f.counts.verdict[POLICY_UNKNOWN], 6); /* matched, not read yet */
    CHECK_INT(f.counts.verdict[POLICY_UNMANAGED], 1);
    CHECK_INT(fleet_counts_of(&f, 1)->verdict[POLICY_UNKNOWN], 2);

    answer(&f, 0, SSE_ALGO_KMS);     /* fin-a compliant */
    answer(&f, 1, SSE_ALGO_AES256);  /* fin-b drifted */
    answer(&f, 2, SSE_ALGO_NONE);    /* logs-a drifted */
    answer(&f, 3, SSE_ALGO_NONE);    /* media unmanaged */
    answer(&f, 4, SSE_ALGO_UNKNOWN + 1); /* logs-b: error → unknown */
    answer(&f, 5, SSE_ALGO_SM4);     /* ro/fin-ro drifted */
    answer(&f, 6, SSE_ALGO_SM4);     /* ro/logs-a compliant */
    CHECK_INT(f.counts.verdict[POLICY_COMPLIANT], 2);
    CHECK_INT(f.counts.verdict[POLICY_DRIFTED], 3);
    CHECK_INT(f.counts.verdict[POLICY_UNKNOWN], 1);
    CHECK_INT(f.counts.verdict[POLICY_UNMANAGED], 1);
    const struct fleet_counts *t = fleet_counts_of(&f, 0), *ro = fleet_counts_of(&f, 1);
    CHECK_INT(t->verdict[POLICY_DRIFTED], 2);
    CHECK_INT(ro->verdict[POLICY_DRIFTED], 1);
    CHECK_INT(ro->verdict[POLICY_COMPLIANT], 1);
    CHECK_INT(t->algo[SSE_ALGO_NONE], 2);
    CHECK_INT(ro->algo[SSE_ALGO_SM4], 2);
    CHECK_INT(t->errors, 1);
    CHECK_INT(fleet_counts_of(&f, -1), &f.counts);
    CHECK_INT(fleet_counts_of(&f, 9), &f.counts);

    /* The row keeps the verdict as data; its words and target are made from it. */
    struct policy_judgement j = f.rows[1].judgement;
    CHECK_INT(j.verdict, POLICY_DRIFTED);
    CHECK_INT(j.differs, POLICY_DIFF_ALGO);
    CHECK_INT(j.rule, 0);
    struct sse_rule judged, target;
    const struct sse_rule *cur = fleet_judged_rule(&f, 1, &judged);
    CHECK(cur != NULL);
    char why[256];
    CHECK_STR(policy_why(pol, j, cur, false, why, sizeof why),
              "algorithm is AES256, policy requires KMS");
    policy_target(pol, j, cur, &target);
    CHECK_INT(target.algo, SSE_ALGO_KMS);
    CHECK(fleet_judged_rule(&f, 4, &judged) == NULL); /* an error: its rule is not judged */

    /* A read-back that complies moves the counts. */
    answer(&f, 1, SSE_ALGO_KMS);
    CHECK_INT(f.counts.verdict[POLICY_DRIFTED], 2);
    CHECK_INT(t->verdict[POLICY_COMPLIANT], 2);

    /* Marks are counted per profile too. */
    fleet_set_mark(&f, 5, true);
    fleet_set_mark(&f, 0, true);
    CHECK_INT(ro->marked, 1);
    CHECK_INT(f.counts.marked, 2);
    fleet_clear_marks(&f);
    CHECK_INT(ro->marked + t->marked + f.counts.marked, 0);

    /* Dropping the policy: unmanaged again. */
    fleet_set_policy(&f, NULL);
    CHECK_INT(f.counts.verdict[POLICY_UNMANAGED], 7);
    fleet_cleanup(&f);
    policy_free(pol);
}

static void
test_filters_compose(void)
{
    struct fleet f;
    make(&f);
    struct policy *pol = fin_and_logs();
    if (!pol)
        return;
    fleet_set_policy(&f, pol);
    answer_most(&f);
    answer(&f, 6, SSE_ALGO_SM4); /* logs-b (4) stays unread: unknown */
    struct listview lv;
    listview_init(&lv, &f);
    listview_set_height(&lv, 10);
    CHECK_INT(listview_sync(&lv), SSE_OK);
    CHECK_INT(lv.count, 7);
    CHECK_INT(lv.profile, -1);

    /* drifted only: fin-b logs-a fin-ro (logs-b is unknown, not drifted) */
    CHECK_INT(listview_set_scope(&lv, -1, true), SSE_OK);
    CHECK_INT(lv.count, 3);
    CHECK_INT(lv.rows[0], 1);
    CHECK_INT(lv.rows[2], 5);
    /* with a text filter: typed on top, refined in place */
    listview_set_filter(&lv, "l", NULL);
    CHECK_INT(lv.count, 1); /* logs-a */
    listview_set_filter(&lv, "logs-a", NULL);
    CHECK_INT(lv.count, 1);
    /* one profile on top of both */
    listview_set_scope(&lv, 1, true);
    CHECK_INT(lv.count, 0); /* ro/logs-a complies */
    listview_set_scope(&lv, 1, false);
    CHECK_INT(lv.count, 1);
    CHECK_INT(lv.rows[0], 6);
    listview_set_filter(&lv, "", NULL);
    CHECK_INT(lv.count, 2);
    listview_set_scope(&lv, 0, false);
    CHECK_INT(lv.count, 5);
    /* The selection stays on its bucket across scope changes when it still passes. */
    listview_home(&lv);
    listview_move(&lv, 2); /* logs-a (2) */
    listview_set_scope(&lv, 0, true);
    CHECK_INT(listview_selected(&lv), 2);
    CHECK(shown(&lv, 1));
    CHECK(!shown(&lv, 4)); /* unknown */
    CHECK(!shown(&lv, 0));

    /* A verdict that changes keeps its row on screen until the filter is set again. */
    answer(&f, 2, SSE_ALGO_SM4);
    CHECK_INT(lv.count, 2);
    listview_set_scope(&lv, 0, true);
    CHECK_INT(lv.count, 1);

    /* Rows appended later are filtered the same way (discovery while filtered): unread, they
     * are unknown, not drifted; once read and drifted, setting the scope again shows them. */
    CHECK_INT(fleet_add(&f, 0, "logs-new"), SSE_OK);
    CHECK_INT(fleet_add(&f, 1, "logs-other"), SSE_OK);
    CHECK_INT(fleet_add(&f, 0, "media-new"), SSE_OK);
    listview_sync(&lv);
    CHECK_INT(lv.count, 1);
    answer(&f, 7, SSE_ALGO_NONE);
    listview_set_scope(&lv, 0, true);
    CHECK_INT(lv.count, 2);
    CHECK_INT(lv.rows[1], 7);
    listview_cleanup(&lv);
    fleet_cleanup(&f);
    policy_free(pol);
}

int
main(void)
{
    test_verdicts_and_counts();
    test_filters_compose();
    return check_done("test_model_policy");
}
