/* test_ui_screens.c — the screens' key handlers as pure state machines (no terminal): what each key
 * changes, which command it leaves for the loop, and the reaction flags it returns. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "engine/audit.h"
#include "policy/policy.h"
#include "ui/keys.h"
#include "ui/screens.h"

static struct oss_account rw = { .profile = "t", .endpoint = "http://e" }, ro = { .profile = "audit" };

static void
setup(struct ui_state *st)
{
    memset(st, 0, sizeof *st);
    fleet_init(&st->fleet);
    int p = fleet_add_profile(&st->fleet, &rw, false);
    int q = fleet_add_profile(&st->fleet, &ro, true);
    const char *names[] = { "alpha", "beta", "gamma", "plain" };
    for (int i = 0; i < 4; i++)
        fleet_add(&st->fleet, p, names[i]);
    fleet_add(&st->fleet, q, "audited");
    listview_init(&st->view, &st->fleet);
    listview_sync(&st->view);
    st->rows = 24;
    st->cols = 80;
    st->confirm_remove = true;
    st->utf8 = true;
    listview_set_height(&st->view, ui_list_height(st));
}

static void
teardown(struct ui_state *st)
{
    listview_cleanup(&st->view);
    fleet_cleanup(&st->fleet);
}

/* Sends one key to the open screen, as the loop does. */
static unsigned
key(struct ui_state *st, int k)
{
    st->message[0] = '\0';
    switch (st->screen) {
    case UI_LIST: return screen_list_key(st, k);
    case UI_DETAIL: return screen_detail_key(st, k);
    case UI_FORM: return screen_form_key(st, k);
    case UI_CONFIRM: return screen_confirm_key(st, k);
    case UI_HELP: return screen_help_key(st, k);
    case UI_PLAN: return screen_plan_key(st, k);
    }
    return 0;
}

static void
test_list_moves_and_marks(void)
{
    struct ui_state st;
    setup(&st);
    CHECK_INT(key(&st, 'j'), UI_REACT_DRAW);
    CHECK_INT(listview_selected(&st.view), 1);
    CHECK_INT(key(&st, 'x'), UI_REACT_NONE);
    key(&st, 'G');
    CHECK_INT(listview_selected(&st.view), 4);
    key(&st, 'g');
    key(&st, ' ');
    key(&st, ' ');
    CHECK_INT(st.fleet.counts.marked, 2);
    CHECK_INT(listview_selected(&st.view), 2);
    size_t first;
    CHECK_INT(ui_targets(&st, &first), 2);
    CHECK_INT(first, 0);
    CHECK(ui_is_target(&st, 1));
    CHECK(!ui_is_target(&st, 2));
    key(&st, 'U');
    CHECK_INT(st.fleet.counts.marked, 0);
    CHECK_INT(ui_targets(&st, &first), 1);
    CHECK_INT(first, 2);

    /* r / R leave commands for the loop. */
    CHECK_INT(key(&st, 'r'), UI_REACT_DRAW | UI_REACT_COMMAND);
    CHECK_INT(st.command, UI_CMD_REFRESH);
    key(&st, 'R');
    CHECK_INT(st.command, UI_CMD_REFRESH_ALL);
    CHECK_INT(key(&st, 12), UI_REACT_DRAW | UI_REACT_REPAINT);

    /* Filter: typed live, Enter keeps, Esc clears. */
    key(&st, '/');
    CHECK(st.prompt == UI_PROMPT_FILTER);
    key(&st, 'a');
    key(&st, 'l');
    CHECK_INT(st.view.count, 1);
    key(&st, 127);
    CHECK_INT(st.view.count, 5); /* "a": every bucket has one */
    key(&st, '\r');
    CHECK(st.prompt == UI_PROMPT_NONE);
    CHECK_STR(st.view.filter, "a");
    key(&st, '/');
    key(&st, 27);
    CHECK(st.prompt == UI_PROMPT_NONE);
    CHECK_STR(st.view.filter, "");
    CHECK_INT(st.view.count, 5);

    /* q quits at once when no change is in flight. */
    CHECK_INT(key(&st, 'q'), UI_REACT_QUIT);
    teardown(&st);
}

static void
test_set_form(void)
{
    struct ui_state st;
    setup(&st);
    CHECK_INT(key(&st, 'e'), UI_REACT_DRAW);
    CHECK_INT(st.screen, UI_FORM);
    CHECK_INT(st.form.targets, 1);
    CHECK_STR(st.form.bucket, "alpha");
    CHECK_INT(st.form.algo, SSE_ALGO_AES256);
    key(&st, KEYS_FN + KEY_RIGHT); /* KMS */
    key(&st, '\t');
    CHECK_INT(st.form.focus, FORM_CMK);
    key(&st, 'k');
    key(&st, ' '); /* typed into the CMK ID, not cycling */
    CHECK_STR(st.form.cmk, "k ");
    /* Invalid: Enter refuses with the reason; the form stays. */
    CHECK_INT(key(&st, '\r'), UI_REACT_DRAW);
    CHECK_INT(st.screen, UI_FORM);
    CHECK(strstr(st.message, "Cannot apply") != NULL);
    CHECK_INT(st.command, UI_CMD_NONE);
    key(&st, 127);
    key(&st, 0x5bc6); /* 密 */
    CHECK_STR(st.form.cmk, "k\xe5\xaf\x86");
    key(&st, KEYS_FN + KEY_BACKSPACE);
    CHECK_STR(st.form.cmk, "k");
    key(&st, 21);
    CHECK_STR(st.form.cmk, "");
    key(&st, '1');
    key(&st, KEYS_FN + KEY_BTAB);
    CHECK_INT(st.form.focus, FORM_ALGO);
    key(&st, ' '); /* cycles on the algorithm field: SM4 */
    CHECK_INT(st.form.algo, SSE_ALGO_SM4);
    key(&st, KEYS_FN + KEY_LEFT);
    CHECK_INT(st.form.algo, SSE_ALGO_KMS);
    CHECK_INT(key(&st, '\n'), UI_REACT_DRAW | UI_REACT_COMMAND);
    CHECK_INT(st.command, UI_CMD_SET);
    CHECK_INT(st.screen, UI_LIST);

    /* Esc cancels. */
    st.command = UI_CMD_NONE;
    key(&st, 'e');
    CHECK_INT(key(&st, 27), UI_REACT_DRAW);
    CHECK_INT(st.screen, UI_LIST);
    CHECK_INT(st.command, UI_CMD_NONE);
    CHECK_STR(st.message, "Nothing changed.");

    /* Bulk: the form names the count and opens on the selected bucket's rule. */
    struct job *j = fleet_job(&st.fleet, 1, JOB_GET, NULL, NULL);
    struct result r = { .seq = j->seq, .kind = JOB_GET, .account = j->account, .tag = 1,
                        .status = SSE_OK, .rule_known = true };
    strcpy(r.bucket, "beta");
    r.rule.algo = SSE_ALGO_SM4;
    fleet_apply(&st.fleet, &r);
    job_free(j);
    key(&st, ' ');
    key(&st, ' ');
    key(&st, ' '); /* alpha beta gamma marked, cursor on plain */
    key(&st, 'k');
    key(&st, 'k'); /* on beta */
    key(&st, 'e');
    CHECK_INT(st.form.targets, 3);
    CHECK_INT(st.form.algo, SSE_ALGO_SM4);
    key(&st, 27);
    teardown(&st);
}

static void
test_remove_and_readonly(void)
{
    struct ui_state st;
    setup(&st);
    key(&st, 'j');
    key(&st, 'd');
    CHECK_INT(st.screen, UI_CONFIRM);
    CHECK_INT(st.confirm.kind, CONFIRM_REMOVE);
    CHECK_STR(st.confirm.bucket, "beta");
    CHECK_INT(key(&st, 'n'), UI_REACT_DRAW);
    CHECK_INT(st.screen, UI_LIST);
    CHECK_INT(st.command, UI_CMD_NONE);
    key(&st, 'd');
    CHECK_INT(key(&st, 'y'), UI_REACT_DRAW | UI_REACT_COMMAND);
    CHECK_INT(st.command, UI_CMD_REMOVE);
    st.command = UI_CMD_NONE;

    /* ui.confirm off: straight to the command. */
    st.confirm_remove = false;
    CHECK_INT(key(&st, 'd'), UI_REACT_DRAW | UI_REACT_COMMAND);
    CHECK_INT(st.command, UI_CMD_REMOVE);
    st.command = UI_CMD_NONE;

    /* Read-only profile: e and d refused with a message naming it. */
    key(&st, 'G');
    CHECK_INT(key(&st, 'e'), UI_REACT_DRAW);
    CHECK_INT(st.screen, UI_LIST);
    CHECK(strstr(st.message, "Profile audit is read-only") != NULL);
    key(&st, 'd');
    CHECK(strstr(st.message, "removing a rule is refused for audited") != NULL);
    /* ... also when it is one of several marked buckets. */
    key(&st, ' ');
    key(&st, 'g');
    key(&st, ' ');
    key(&st, 'e');
    CHECK_INT(st.screen, UI_LIST);
    CHECK(strstr(st.message, "read-only") != NULL);
    key(&st, 'U');

    /* A write in flight: e refused on that bucket; q asks first. */
    key(&st, 'g');
    struct sse_rule aes = { .algo = SSE_ALGO_AES256 };
    struct job *p = fleet_job(&st.fleet, 0, JOB_PUT, &aes, NULL);
    key(&st, 'e');
    CHECK_INT(st.screen, UI_LIST);
    CHECK(strstr(st.message, "still in flight") != NULL);
    CHECK_INT(key(&st, 'q'), UI_REACT_DRAW);
    CHECK_INT(st.screen, UI_CONFIRM);
    CHECK_INT(st.confirm.kind, CONFIRM_QUIT);
    CHECK_INT(st.confirm.count, 1);
    CHECK_INT(key(&st, 'x'), UI_REACT_DRAW);
    CHECK_STR(st.message, "Still running.");
    key(&st, 'q');
    CHECK_INT(key(&st, 'y'), UI_REACT_QUIT);
    job_free(p);
    teardown(&st);
}

static void
test_detail_and_help(void)
{
    struct ui_state st;
    setup(&st);
    key(&st, ' '); /* alpha marked */
    key(&st, '\r');
    CHECK_INT(st.screen, UI_DETAIL);
    /* From the detail screen a change applies to the shown bucket only. */
    key(&st, 'e');
    CHECK_INT(st.screen, UI_FORM);
    CHECK(st.target_one);
    CHECK_INT(st.form.targets, 1);
    CHECK_STR(st.form.bucket, "beta");
    key(&st, 27);
    CHECK_INT(st.screen, UI_DETAIL);
    key(&st, '?');
    CHECK_INT(st.screen, UI_HELP);
    key(&st, 'G');
    CHECK(st.help_scroll > 0);
    CHECK_INT(st.help_scroll + ui_page_height(&st), screen_help_lines());
    key(&st, 'q');
    CHECK_INT(st.screen, UI_DETAIL);
    key(&st, 'q');
    CHECK_INT(st.screen, UI_LIST);
    key(&st, '?');
    key(&st, 27);
    CHECK_INT(st.screen, UI_LIST);
    teardown(&st);
}

/* u: the selected bucket's last change from the audit log, asked first; refusals with reasons. */
static void
test_undo(void)
{
    struct ui_state st;
    setup(&st);
    char dir[] = "/tmp/sseadm-ui-undo-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    snprintf(st.audit_path, sizeof st.audit_path, "%s/audit.log", dir);
    struct sse_error err;
    sse_error_clear(&err);
    struct audit_log *log = audit_open(st.audit_path, &err);
    CHECK(log != NULL);
    struct sse_rule kms = { .algo = SSE_ALGO_KMS, .kms_key_id = "k1" };
    struct sse_rule aes = { .algo = SSE_ALGO_AES256 };
    struct audit_change c = { .operation = "set", .profile = "t", .endpoint = "http://e",
                              .bucket = "beta", .before = &kms, .requested = &aes };
    CHECK_INT(audit_begin(log, &c, 1735787045, &err), SSE_OK);
    struct audit_change other = { .operation = "set", .profile = "t", .endpoint = "http://elsewhere",
                                  .bucket = "gamma", .before = &kms, .requested = &aes };
    CHECK_INT(audit_begin(log, &other, 1735787046, &err), SSE_OK);
    audit_close(log);

    /* beta: asks to restore KMS, naming the change; y leaves the undo command. */
    key(&st, 'j');
    CHECK_INT(key(&st, 'u'), UI_REACT_DRAW);
    CHECK_INT(st.screen, UI_CONFIRM);
    CHECK_INT(st.confirm.kind, CONFIRM_UNDO);
    CHECK_INT(st.confirm.row, 1);
    CHECK_STR(st.confirm.bucket, "beta");
    CHECK_INT(st.confirm.restore.algo, SSE_ALGO_KMS);
    CHECK_STR(st.confirm.operation, "set");
    CHECK_STR(st.confirm.when, "2025-01-02T03:04:05Z");
    CHECK_INT(key(&st, 'n'), UI_REACT_DRAW);
    CHECK_INT(st.screen, UI_LIST);
    CHECK(strstr(st.message, "Nothing restored") != NULL);
    key(&st, 'u');
    CHECK_INT(key(&st, 'y'), UI_REACT_DRAW | UI_REACT_COMMAND);
    CHECK_INT(st.command, UI_CMD_UNDO);
    st.command = UI_CMD_NONE;

    /* gamma: the only record is at another endpoint: nothing recorded. */
    key(&st, 'j');
    key(&st, 'u');
    CHECK_INT(st.screen, UI_LIST);
    CHECK(strstr(st.message, "No change to gamma is recorded in") != NULL);
    CHECK(strstr(st.message, st.audit_path) != NULL);

    /* From the detail screen too; marks do not matter (undo is per bucket). */
    key(&st, 'g');
    key(&st, ' ');
    key(&st, '\r');
    CHECK_INT(st.screen, UI_DETAIL);
    key(&st, 'u');
    CHECK_INT(st.screen, UI_CONFIRM);
    CHECK_STR(st.confirm.bucket, "beta");
    key(&st, 'n');
    CHECK_INT(st.screen, UI_DETAIL);
    key(&st, 'q');

    /* A read-only profile refuses it like e and d. */
    key(&st, 'G');
    key(&st, 'u');
    CHECK_INT(st.screen, UI_LIST);
    CHECK(strstr(st.message, "read-only") != NULL);

    /* Without the audit log, every change is refused with the reason. */
    snprintf(st.audit_error, sizeof st.audit_error, "the audit log cannot be opened: nope");
    key(&st, 'g');
    key(&st, 'j');
    const int changes[] = { 'e', 'd', 'u' };
    for (size_t i = 0; i < 3; i++) {
        key(&st, changes[i]);
        CHECK_INT(st.screen, UI_LIST);
        CHECK(strstr(st.message, "Changes are off: the audit log cannot be opened: nope") != NULL);
    }
    CHECK_INT(key(&st, 'r'), UI_REACT_DRAW | UI_REACT_COMMAND);

    unlink(st.audit_path);
    rmdir(dir);
    teardown(&st);
}

static void
judge(void *ctx, const char *profile, const char *bucket, const struct sse_rule *current,
      bool words, struct policy_check *out)
{
    policy_check_bucket(ctx, profile, bucket, current, words, out);
}

/* Answers a read of row with rule, as the worker would. */
static void
answer(struct ui_state *st, size_t row, enum sse_algo algo)
{
    struct job *j = fleet_job(&st->fleet, row, JOB_GET, NULL, NULL);
    struct result r = { .seq = j->seq, .kind = JOB_GET, .account = j->account, .tag = row,
                        .status = SSE_OK, .rule_known = true };
    snprintf(r.bucket, sizeof r.bucket, "%s", st->fleet.rows[row].bucket);
    r.rule.algo = algo;
    fleet_apply(&st->fleet, &r);
    job_free(j);
}

/* D, A and w: refused with the reason without a policy; with one, drifted rows only, the plan of
 * their changes (read-only profiles refuse it), and the file prompt. */
static void
test_policy_and_write(void)
{
    struct ui_state st;
    setup(&st);
    plan_init(&st.plan);
    key(&st, 'D');
    CHECK(strstr(st.message, "No policy: start sseadm with --policy FILE") != NULL);
    CHECK_INT(key(&st, 'A'), UI_REACT_DRAW);
    CHECK_INT(st.screen, UI_LIST);
    CHECK(strstr(st.message, "No policy") != NULL);

    /* w: a prompt with a timestamped CSV name; Tab flips to JSON and back, following the name. */
    key(&st, 'w');
    CHECK_INT(st.prompt, UI_PROMPT_WRITE);
    CHECK(strncmp(st.write_path, "sseadm-", 7) == 0);
    CHECK(strstr(st.write_path, ".csv") != NULL);
    key(&st, '\t');
    CHECK(st.write_json);
    CHECK(strstr(st.write_path, ".json") != NULL && !strstr(st.write_path, ".csv"));
    key(&st, 21); /* ^U */
    CHECK_STR(st.write_path, "");
    CHECK_INT(key(&st, '\r'), UI_REACT_DRAW);
    CHECK(strstr(st.message, "Type a file name") != NULL);
    key(&st, 'o');
    key(&st, 'u');
    key(&st, 't');
    CHECK_STR(st.write_path, "out");
    key(&st, 'q'); /* typed, not quitting */
    CHECK_STR(st.write_path, "outq");
    CHECK_INT(key(&st, '\n'), UI_REACT_DRAW | UI_REACT_COMMAND);
    CHECK_INT(st.command, UI_CMD_WRITE);
    st.command = UI_CMD_NONE;
    key(&st, 27);
    CHECK_INT(st.prompt, UI_PROMPT_NONE);
    CHECK_STR(st.message, "Nothing written.");

    /* A policy: t's buckets need KMS, the read-only audit profile's need any encryption. */
    struct policy *pol = NULL;
    CHECK_INT(policy_load_string("version = 1;\nrules = (\n"
                                 "  { profile = \"t\"; buckets = ( \"*\" ); require = \"KMS\"; },\n"
                                 "  { buckets = ( \"*\" ); require = \"any\"; } );\n",
                                 "p.cfg", &pol, NULL), SSE_OK);
    if (!pol) {
        teardown(&st);
        return;
    }
    fleet_set_judge(&st.fleet, judge, pol);
    st.has_policy = true;
    answer(&st, 0, SSE_ALGO_KMS);    /* alpha: compliant */
    answer(&st, 1, SSE_ALGO_AES256); /* beta: drifted */
    answer(&st, 3, SSE_ALGO_NONE);   /* plain: drifted */
    CHECK_INT(st.fleet.counts.verdict[POLICY_DRIFTED], 2);
    CHECK_INT(st.fleet.counts.verdict[POLICY_COMPLIANT], 1);

    key(&st, 'D');
    CHECK(st.view.drifted_only);
    CHECK_INT(st.view.count, 2);
    CHECK(strstr(st.message, "2 drifted buckets shown") != NULL);
    CHECK_INT(listview_selected(&st.view), 1);

    /* A: the plan for the two, opened on its own screen; Esc drops it. */
    CHECK_INT(key(&st, 'A'), UI_REACT_DRAW);
    CHECK_INT(st.screen, UI_PLAN);
    CHECK_INT(st.plan.count, 2);
    CHECK_INT(st.plan.items[0].row, 1);
    CHECK_INT(st.plan.items[0].target.algo, SSE_ALGO_KMS);
    CHECK_INT(st.plan.items[1].row, 3);
    /* Laid out once for the width: at 80 columns each change takes two lines. */
    CHECK(st.plan_at != NULL && st.plan_at_cols == 80);
    if (st.plan_at) {
        CHECK_INT(st.plan_at[1], 2);
        CHECK_INT(st.plan_at[2], 4);
    }
    key(&st, 'j');
    CHECK_INT(st.plan_scroll, 0); /* two lines fit: nothing to scroll */
    CHECK_INT(key(&st, 27), UI_REACT_DRAW);
    CHECK_INT(st.screen, UI_LIST);
    CHECK_INT(st.plan.count, 0);
    CHECK_STR(st.message, "Nothing changed.");
    /* y applies: the loop gets the command, the plan kept for it. */
    key(&st, 'A');
    CHECK_INT(key(&st, 'y'), UI_REACT_DRAW | UI_REACT_COMMAND);
    CHECK_INT(st.command, UI_CMD_APPLY_PLAN);
    CHECK_INT(st.screen, UI_LIST);
    CHECK_INT(st.plan.count, 2);
    screen_plan_close(&st);
    st.command = UI_CMD_NONE;

    /* A read-only profile among the drifted rows refuses the whole plan, naming the bucket. */
    answer(&st, 4, SSE_ALGO_NONE); /* audited: drifted, read-only */
    key(&st, 'D');
    key(&st, 'D'); /* the scope is set again: audited now shows */
    CHECK_INT(st.view.count, 3);
    key(&st, 'A');
    CHECK_INT(st.screen, UI_LIST);
    CHECK(strstr(st.message, "Profile audit is read-only: the plan would change audited") != NULL);
    CHECK_INT(st.plan.count, 0);
    /* ... and p leaves that profile out. */
    key(&st, 'p');
    CHECK_INT(st.view.count, 2);
    key(&st, 'A');
    CHECK_INT(st.screen, UI_PLAN);
    key(&st, 27);

    /* Nothing drifted in view: said so. */
    key(&st, 'D');
    key(&st, '/');
    key(&st, 'a');
    key(&st, 'l');
    key(&st, '\r');
    key(&st, 'A');
    CHECK_INT(st.screen, UI_LIST);
    CHECK(strstr(st.message, "Nothing to plan") != NULL);

    screen_plan_close(&st);
    teardown(&st);
    policy_free(pol);
}

int
main(void)
{
    test_list_moves_and_marks();
    test_set_form();
    test_remove_and_readonly();
    test_detail_and_help();
    test_undo();
    test_policy_and_write();
    return check_done("test_ui_screens");
}
