/* test_ui_screens.c — the screens' key handlers and the commands they give the core, run as the
 * event loop runs them (no terminal, no worker): what each key changes, which command value it
 * returns, what the core plans from it, and the reaction flags. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "engine/audit.h"
#include "policy/policy.h"
#include "ui/commands.h"
#include "ui/keys.h"
#include "ui/screens.h"

static const char *const config_text =
    "version = 1;\n"
    "profiles = (\n"
    "  { name = \"t\"; endpoint = \"http://e\"; region = \"cn-hangzhou\";\n"
    "    buckets = ( \"alpha\", \"beta\", \"gamma\", \"plain\" ); },\n"
    "  { name = \"audit\"; endpoint = \"http://a\"; region = \"cn-hangzhou\"; readonly = true;\n"
    "    buckets = ( \"audited\" ); }\n"
    ");\n";

/* One UI over a real core: the configuration above, the audit log in a private directory. */
struct fixture {
    struct ui_state st;
    struct sse_config cfg;
    char dir[64];
    char log[128];
    enum ui_command_kind last; /* the kind of the last command a key gave */
};

/* Writes a change of bucket (at endpoint) from before to AES256 into the fixture's log. */
static void
log_change(struct fixture *fx, const char *endpoint, const char *bucket,
           const struct sse_rule *before, time_t when)
{
    struct sse_error err;
    sse_error_clear(&err);
    struct audit_log *log = audit_open(fx->log, &err);
    CHECK(log != NULL);
    if (!log)
        return;
    struct sse_rule aes = { .algo = SSE_ALGO_AES256 };
    struct audit_change c = { .operation = "set", .profile = "t", .endpoint = endpoint,
                              .bucket = bucket, .before = before, .requested = &aes };
    CHECK_INT(audit_begin(log, &c, when, &err), SSE_OK);
    audit_close(log);
}

/* The fixture's directory and log; records may be written before setup opens the core. */
static void
prepare(struct fixture *fx)
{
    memset(fx, 0, sizeof *fx);
    snprintf(fx->dir, sizeof fx->dir, "/tmp/sseadm-ui-XXXXXX");
    CHECK(mkdtemp(fx->dir) != NULL);
    setenv("XDG_STATE_HOME", fx->dir, 1);
    snprintf(fx->log, sizeof fx->log, "%s/sseadm/audit.log", fx->dir);
    char sub[96];
    snprintf(sub, sizeof sub, "%s/sseadm", fx->dir);
    CHECK_INT(mkdir(sub, 0700), 0);
}

static void
setup(struct fixture *fx, const struct policy *pol, bool audit)
{
    struct ui_state *st = &fx->st;
    CHECK_INT(config_load_string(config_text, "t.cfg", &fx->cfg, NULL, NULL), SSE_OK);
    struct sse_error err;
    sse_error_clear(&err);
    struct app_options o = { .cfg = &fx->cfg, .profile = -1, .policy = pol };
    st->app = app_new(&o, &err);
    CHECK(st->app != NULL);
    st->fleet = app_fleet(st->app);
    CHECK_INT(app_add_configured(st->app), SSE_OK);
    if (audit)
        CHECK_INT(app_open_audit(st->app, &err), SSE_OK);
    app_plan_init(&st->plan, APP_PLAN_SET);
    listview_init(&st->view, st->fleet);
    listview_sync(&st->view);
    st->rows = 24;
    st->cols = 80;
    st->confirm_changes = true;
    st->utf8 = true;
    st->has_policy = pol != NULL;
    listview_set_height(&st->view, ui_list_height(st));
}

static void
teardown(struct fixture *fx)
{
    screen_plan_close(&fx->st);
    listview_cleanup(&fx->st.view);
    app_free(fx->st.app);
    config_cleanup(&fx->cfg);
    unlink(fx->log);
    char sub[96];
    snprintf(sub, sizeof sub, "%s/sseadm", fx->dir);
    rmdir(sub);
    rmdir(fx->dir);
}

/* Sends one key to the open screen and carries out its command, as the loop does. Returns the
 * reaction flags of both. */
static unsigned
key(struct fixture *fx, int k)
{
    struct ui_state *st = &fx->st;
    st->message[0] = '\0';
    struct ui_react r;
    switch (st->screen) {
    case UI_LIST: r = screen_list_key(st, k); break;
    case UI_DETAIL: r = screen_detail_key(st, k); break;
    case UI_FORM: r = screen_form_key(st, k); break;
    case UI_CONFIRM: r = screen_confirm_key(st, k); break;
    case UI_HELP: r = screen_help_key(st, k); break;
    case UI_PLAN: r = screen_plan_key(st, k); break;
    case UI_MENU: r = screen_menu_key(st, k); break;
    default: return 0;
    }
    fx->last = r.cmd.kind;
    if (r.cmd.kind != UI_CMD_NONE)
        r.flags |= ui_run(st, &r.cmd);
    return r.flags;
}

/* Answers a read of row with algo, as the worker would. */
static void
answer(struct fixture *fx, size_t row, enum sse_algo algo)
{
    struct fleet *f = fx->st.fleet;
    struct job *j = fleet_job(f, row, JOB_GET, NULL);
    struct result r = { .seq = j->seq, .kind = JOB_GET, .account = j->account, .tag = row,
                        .status = SSE_OK, .rule_known = true };
    snprintf(r.bucket, sizeof r.bucket, "%s", f->rows[row].bucket);
    r.rule.algo = algo;
    fleet_apply(f, &r);
    job_free(j);
}

/* The entries of the newest operation the core was given: "row:action" each, space-separated. */
static const char *
sent(struct fixture *fx)
{
    static char buf[256];
    buf[0] = '\0';
    const struct app_batch *b = app_batch(fx->st.app);
    for (size_t i = 0; b && i < b->plan->count; i++) {
        const struct app_plan_entry *e = &b->plan->entries[i];
        if (e->refusal != APP_GO)
            continue;
        size_t n = strlen(buf);
        snprintf(buf + n, sizeof buf - n, "%s%u:%s", n ? " " : "", (unsigned)e->row,
                 e->action == APP_ACTION_SET ? "set" : "remove");
    }
    return buf;
}

static void
test_list_moves_and_marks(void)
{
    struct fixture fx;
    prepare(&fx);
    setup(&fx, NULL, true);
    struct ui_state *st = &fx.st;
    CHECK_INT(key(&fx, 'j'), UI_REACT_DRAW);
    CHECK_INT(listview_selected(&st->view), 1);
    CHECK_INT(key(&fx, 'x'), UI_REACT_NONE);
    key(&fx, 'G');
    CHECK_INT(listview_selected(&st->view), 4);
    key(&fx, 'g');
    key(&fx, ' ');
    key(&fx, ' ');
    CHECK_INT(st->fleet->counts.marked, 2);
    CHECK_INT(listview_selected(&st->view), 2);
    uint32_t *rows;
    CHECK_INT(ui_target_rows(st, UI_TARGET_MARKED, &rows), 2);
    CHECK_INT(rows[0], 0);
    CHECK_INT(rows[1], 1);
    free(rows);
    CHECK_INT(ui_target_rows(st, UI_TARGET_SELECTED, &rows), 1);
    CHECK_INT(rows[0], 2);
    free(rows);
    key(&fx, 'U');
    CHECK_INT(st->fleet->counts.marked, 0);
    CHECK_INT(ui_target_rows(st, UI_TARGET_MARKED, &rows), 1);
    CHECK_INT(rows[0], 2);
    free(rows);

    /* r / R give the core reads: gamma, then every bucket, queued for the window. */
    CHECK_INT(key(&fx, 'r'), UI_REACT_DRAW);
    CHECK_INT(fx.last, UI_CMD_READ);
    CHECK(st->fleet->rows[2].read_queued);
    CHECK(!st->fleet->rows[0].read_queued);
    CHECK(strncmp(st->message, "Reading gamma", 13) == 0);
    key(&fx, 'R');
    CHECK_INT(fx.last, UI_CMD_READ_ALL);
    CHECK(st->fleet->rows[0].read_queued && st->fleet->rows[4].read_queued);
    CHECK_INT(key(&fx, 12), UI_REACT_DRAW | UI_REACT_REPAINT);

    /* Filter: typed live, Enter keeps, Esc clears. */
    key(&fx, '/');
    CHECK(st->prompt == UI_PROMPT_FILTER);
    key(&fx, 'a');
    key(&fx, 'l');
    CHECK_INT(st->view.count, 1);
    key(&fx, 127);
    CHECK_INT(st->view.count, 5); /* "a": every bucket has one */
    key(&fx, '\r');
    CHECK(st->prompt == UI_PROMPT_NONE);
    CHECK_STR(st->view.filter, "a");
    key(&fx, '/');
    key(&fx, 27);
    CHECK(st->prompt == UI_PROMPT_NONE);
    CHECK_STR(st->view.filter, "");
    CHECK_INT(st->view.count, 5);

    /* q quits at once when no change is in flight. */
    CHECK_INT(key(&fx, 'q'), UI_REACT_QUIT);
    teardown(&fx);
}

static void
test_set_form(void)
{
    struct fixture fx;
    prepare(&fx);
    setup(&fx, NULL, true);
    struct ui_state *st = &fx.st;
    CHECK_INT(key(&fx, 'e'), UI_REACT_DRAW);
    CHECK_INT(st->screen, UI_FORM);
    CHECK_INT(st->form.targets, 1);
    CHECK_STR(st->form.bucket, "alpha");
    CHECK_INT(st->form.algo, SSE_ALGO_AES256);
    key(&fx, KEYS_FN + KEY_RIGHT); /* KMS */
    key(&fx, '\t');
    CHECK_INT(st->form.focus, FORM_CMK);
    key(&fx, 'k');
    key(&fx, ' '); /* typed into the CMK ID, not cycling */
    CHECK_STR(st->form.cmk, "k ");
    /* Invalid: Enter refuses with the reason; the form stays and nothing goes to the core. */
    CHECK_INT(key(&fx, '\r'), UI_REACT_DRAW);
    CHECK_INT(st->screen, UI_FORM);
    CHECK(strstr(st->message, "Cannot apply") != NULL);
    CHECK_INT(fx.last, UI_CMD_NONE);
    key(&fx, 127);
    key(&fx, 0x5bc6); /* 密 */
    CHECK_STR(st->form.cmk, "k\xe5\xaf\x86");
    key(&fx, KEYS_FN + KEY_BACKSPACE);
    CHECK_STR(st->form.cmk, "k");
    key(&fx, 21);
    CHECK_STR(st->form.cmk, "");
    key(&fx, '1');
    key(&fx, KEYS_FN + KEY_BTAB);
    CHECK_INT(st->form.focus, FORM_ALGO);
    key(&fx, ' '); /* cycles on the algorithm field: SM4 */
    CHECK_INT(st->form.algo, SSE_ALGO_SM4);
    key(&fx, KEYS_FN + KEY_LEFT);
    CHECK_INT(st->form.algo, SSE_ALGO_KMS);
    /* Enter: the command carries the rule itself; the core plans and applies it to alpha. */
    CHECK_INT(key(&fx, '\n'), UI_REACT_DRAW);
    CHECK_INT(fx.last, UI_CMD_SET);
    CHECK_INT(st->screen, UI_LIST);
    CHECK_STR(sent(&fx), "0:set");
    struct sse_rule target;
    app_plan_target(app_batch(st->app)->plan, 0, &target);
    CHECK_INT(target.algo, SSE_ALGO_KMS);
    CHECK_STR(target.kms_key_id, "1");
    CHECK(strstr(st->message, "Setting KMS") != NULL && strstr(st->message, "on alpha") != NULL);
    /* While that change waits, a second one on alpha is refused. */
    key(&fx, 'e');
    CHECK_INT(st->screen, UI_LIST);
    CHECK(strstr(st->message, "alpha: a change is still in flight") != NULL);

    /* Esc cancels. */
    key(&fx, 'j');
    key(&fx, 'e');
    CHECK_INT(key(&fx, 27), UI_REACT_DRAW);
    CHECK_INT(st->screen, UI_LIST);
    CHECK_INT(fx.last, UI_CMD_NONE);
    CHECK_STR(st->message, "Nothing changed.");

    /* Bulk: the form names the count and opens on the selected bucket's rule. */
    answer(&fx, 1, SSE_ALGO_SM4);
    key(&fx, ' ');
    key(&fx, ' ');
    key(&fx, ' '); /* beta gamma plain marked, cursor on audited */
    key(&fx, 'k');
    key(&fx, 'k');
    key(&fx, 'k'); /* on beta */
    key(&fx, 'e');
    CHECK_INT(st->form.targets, 3);
    CHECK_INT(st->form.algo, SSE_ALGO_SM4);
    /* SM4 on all three asks first, listing the two to write (beta holds it already); n writes
     * nothing, y exactly those two, and the marks are cleared. */
    key(&fx, '\n');
    CHECK_INT(st->screen, UI_PLAN);
    CHECK_INT(st->confirm.kind, CONFIRM_SET);
    CHECK_INT(st->confirm.count, 2);
    CHECK_INT(st->confirm.restore.algo, SSE_ALGO_SM4);
    CHECK_INT(st->plan.count, 2);
    CHECK_INT(st->plan.refused[APP_UNCHANGED], 1);
    CHECK_INT(key(&fx, 'n'), UI_REACT_DRAW);
    CHECK_INT(st->screen, UI_LIST);
    CHECK_STR(st->message, "Nothing changed.");
    CHECK_STR(sent(&fx), "0:set"); /* the newest operation is still alpha's */
    CHECK_INT(st->fleet->counts.marked, 3);
    key(&fx, 'e');
    key(&fx, '\n');
    CHECK_INT(key(&fx, 'y'), UI_REACT_DRAW);
    CHECK_STR(sent(&fx), "2:set 3:set");
    CHECK(strstr(st->message, "1 skipped: nothing to change") != NULL);
    CHECK_INT(st->fleet->counts.marked, 0);
    teardown(&fx);
}

static void
test_remove_and_readonly(void)
{
    struct fixture fx;
    prepare(&fx);
    setup(&fx, NULL, true);
    struct ui_state *st = &fx.st;
    answer(&fx, 1, SSE_ALGO_AES256);
    key(&fx, 'j');
    key(&fx, 'd');
    CHECK_INT(st->screen, UI_PLAN);
    CHECK_INT(st->confirm.kind, CONFIRM_REMOVE);
    CHECK_INT(st->confirm.hidden, 0);
    CHECK_STR(st->confirm.bucket, "beta");
    CHECK(st->confirm.rule_known && st->confirm.rule.algo == SSE_ALGO_AES256);
    CHECK_INT(key(&fx, 'n'), UI_REACT_DRAW);
    CHECK_INT(st->screen, UI_LIST);
    CHECK_INT(fx.last, UI_CMD_NONE);
    CHECK(app_batch(st->app) == NULL); /* nothing applied */
    key(&fx, 'd');
    /* y: exactly the plan that was asked about is applied. */
    CHECK_INT(key(&fx, 'y'), UI_REACT_DRAW);
    CHECK_INT(fx.last, UI_CMD_APPLY);
    CHECK_STR(sent(&fx), "1:remove");
    CHECK(strstr(st->message, "Removing the rule of beta") != NULL);

    /* ui.confirm off: straight to the core. */
    st->confirm_changes = false;
    answer(&fx, 2, SSE_ALGO_SM4);
    key(&fx, 'j');
    CHECK_INT(key(&fx, 'd'), UI_REACT_DRAW);
    CHECK_INT(fx.last, UI_CMD_REMOVE);
    CHECK_STR(sent(&fx), "2:remove");
    st->confirm_changes = true;

    /* Read-only profile: e and d refused with a message naming it. */
    key(&fx, 'G');
    CHECK_INT(key(&fx, 'e'), UI_REACT_DRAW);
    CHECK_INT(st->screen, UI_LIST);
    CHECK(strstr(st->message, "Profile audit is read-only: setting the rule of audited") != NULL);
    key(&fx, 'd');
    CHECK(strstr(st->message, "removing the rule of audited is refused") != NULL);
    /* ... also when it is one of several marked buckets. */
    key(&fx, ' ');
    key(&fx, 'g');
    key(&fx, ' ');
    key(&fx, 'e');
    CHECK_INT(st->screen, UI_LIST);
    CHECK(strstr(st->message, "read-only") != NULL);
    key(&fx, 'U');

    /* A write in flight: e refused on that bucket; q asks first. */
    key(&fx, 'g');
    struct sse_rule aes = { .algo = SSE_ALGO_AES256 };
    struct job *p = fleet_job(st->fleet, 0, JOB_PUT, &aes);
    key(&fx, 'e');
    CHECK_INT(st->screen, UI_LIST);
    CHECK(strstr(st->message, "still in flight") != NULL);
    CHECK_INT(key(&fx, 'q'), UI_REACT_DRAW);
    CHECK_INT(st->screen, UI_CONFIRM);
    CHECK_INT(st->confirm.kind, CONFIRM_QUIT);
    CHECK_INT(st->confirm.count, 1);
    CHECK_INT(key(&fx, 'x'), UI_REACT_DRAW);
    CHECK_STR(st->message, "Still running.");
    key(&fx, 'q');
    CHECK_INT(key(&fx, 'y'), UI_REACT_QUIT);
    job_free(p);
    teardown(&fx);
}

/* A bulk change's confirmation lists every bucket it writes, hidden by the filter or not, and
 * says how many are hidden; scrolling keys scroll a list that does not fit (else they cancel). */
static void
test_confirm_hidden(void)
{
    struct fixture fx;
    prepare(&fx);
    setup(&fx, NULL, true);
    struct ui_state *st = &fx.st;
    key(&fx, ' ');
    key(&fx, ' ');
    key(&fx, ' '); /* alpha beta gamma */
    CHECK_INT(listview_set_filter(&st->view, "gam", NULL), SSE_OK);
    CHECK_INT(st->view.count, 1);
    key(&fx, 'd');
    CHECK_INT(st->screen, UI_PLAN);
    CHECK_INT(st->confirm.kind, CONFIRM_REMOVE);
    CHECK_INT(st->confirm.count, 3);
    CHECK_INT(st->confirm.hidden, 2);
    CHECK_INT(st->plan.count, 3);
    CHECK_INT(key(&fx, 'j'), UI_REACT_DRAW); /* fits: j is "any other key" */
    CHECK_INT(st->screen, UI_LIST);
    CHECK_STR(st->message, "Nothing removed.");
    /* When the list does not fit (a box of 5 lines: the heading takes 4), j scrolls it. */
    st->rows = 9;
    key(&fx, 'd');
    CHECK_INT(st->screen, UI_PLAN);
    CHECK_INT(key(&fx, 'j'), UI_REACT_DRAW);
    CHECK_INT(st->screen, UI_PLAN);
    CHECK_INT(st->plan_scroll, 1);
    key(&fx, 'y');
    CHECK_STR(sent(&fx), "0:remove 1:remove 2:remove");
    CHECK_INT(st->fleet->counts.marked, 0);
    teardown(&fx);
}

static void
test_detail_and_help(void)
{
    struct fixture fx;
    prepare(&fx);
    setup(&fx, NULL, true);
    struct ui_state *st = &fx.st;
    key(&fx, ' '); /* alpha marked */
    key(&fx, '\r');
    CHECK_INT(st->screen, UI_DETAIL);
    /* From the detail screen a change applies to the shown bucket only. */
    key(&fx, 'e');
    CHECK_INT(st->screen, UI_FORM);
    CHECK_INT(st->form_target, UI_TARGET_SELECTED);
    CHECK_INT(st->form.targets, 1);
    CHECK_STR(st->form.bucket, "beta");
    key(&fx, '\n');
    CHECK_STR(sent(&fx), "1:set");
    CHECK_INT(st->fleet->counts.marked, 1); /* alpha's mark stays: it was not a target */
    CHECK_INT(st->screen, UI_DETAIL);
    key(&fx, '?');
    CHECK_INT(st->screen, UI_HELP);
    key(&fx, 'G');
    CHECK(st->help_scroll > 0);
    CHECK_INT(st->help_scroll + ui_page_height(st), screen_help_lines());
    key(&fx, 'q');
    CHECK_INT(st->screen, UI_DETAIL);
    key(&fx, 'q');
    CHECK_INT(st->screen, UI_LIST);
    key(&fx, '?');
    key(&fx, 27);
    CHECK_INT(st->screen, UI_LIST);
    teardown(&fx);
}

/* u: the selected bucket's last change from the audit log (read once, when the core opened it),
 * asked first; refusals with reasons and nothing applied. */
static void
test_undo(void)
{
    struct fixture fx;
    prepare(&fx);
    struct sse_rule kms = { .algo = SSE_ALGO_KMS, .kms_key_id = "k1" };
    struct sse_rule foo = { .algo = SSE_ALGO_UNKNOWN, .algo_raw = "FOO" };
    log_change(&fx, "http://e", "beta", &kms, 1735787045);
    log_change(&fx, "http://elsewhere", "gamma", &kms, 1735787046);
    log_change(&fx, "http://e", "plain", &foo, 1735787047);
    setup(&fx, NULL, true);
    struct ui_state *st = &fx.st;

    /* beta: asks to restore KMS, naming the change; n restores nothing. */
    key(&fx, 'j');
    CHECK_INT(key(&fx, 'u'), UI_REACT_DRAW);
    CHECK_INT(st->screen, UI_PLAN);
    CHECK_INT(st->confirm.kind, CONFIRM_UNDO);
    CHECK_STR(st->confirm.bucket, "beta");
    CHECK_INT(st->confirm.restore.algo, SSE_ALGO_KMS);
    CHECK_STR(st->confirm.restore.kms_key_id, "k1");
    CHECK_STR(st->confirm.operation, "set");
    CHECK_STR(st->confirm.when, "2025-01-02T03:04:05Z");
    CHECK_INT(key(&fx, 'n'), UI_REACT_DRAW);
    CHECK_INT(st->screen, UI_LIST);
    CHECK(strstr(st->message, "Nothing restored") != NULL);
    CHECK(app_batch(st->app) == NULL);

    /* gamma: the only record is at another endpoint: nothing recorded. */
    key(&fx, 'j');
    key(&fx, 'u');
    CHECK_INT(st->screen, UI_LIST);
    CHECK(strstr(st->message, "No change to gamma is recorded in") != NULL);
    CHECK(strstr(st->message, fx.log) != NULL);

    /* plain: the rule before is one sseadm cannot write: refused up front, nothing applied. */
    key(&fx, 'j');
    key(&fx, 'u');
    CHECK_INT(st->screen, UI_LIST);
    CHECK(strstr(st->message, "plain: the rule before the set at 2025-01-02T03:04:07Z (unknown "
                              "algorithm \"FOO\") cannot be written by sseadm.") != NULL);
    CHECK(app_batch(st->app) == NULL);

    /* From the detail screen too; marks do not matter (undo is per bucket). */
    key(&fx, 'g');
    key(&fx, ' ');
    key(&fx, '\r');
    CHECK_INT(st->screen, UI_DETAIL);
    key(&fx, 'u');
    CHECK_INT(st->screen, UI_PLAN);
    CHECK_STR(st->confirm.bucket, "beta");
    CHECK_INT(key(&fx, 'y'), UI_REACT_DRAW);
    CHECK_INT(st->screen, UI_DETAIL);
    CHECK_STR(sent(&fx), "1:set");
    CHECK(strstr(st->message, "Restoring KMS") != NULL);
    key(&fx, 'q');

    /* A read-only profile refuses it like e and d. */
    key(&fx, 'G');
    key(&fx, 'u');
    CHECK_INT(st->screen, UI_LIST);
    CHECK(strstr(st->message, "read-only") != NULL);
    teardown(&fx);

    /* Without the audit log, every change is refused with the reason; reads still work. */
    prepare(&fx);
    setup(&fx, NULL, false);
    st = &fx.st;
    key(&fx, 'j');
    const int changes[] = { 'e', 'd', 'u' };
    for (size_t i = 0; i < 3; i++) {
        key(&fx, changes[i]);
        CHECK_INT(st->screen, UI_LIST);
        CHECK(strstr(st->message, "Changes are off: the audit log is not open") != NULL);
    }
    key(&fx, 'r');
    CHECK_INT(fx.last, UI_CMD_READ);
    CHECK(st->fleet->rows[1].read_queued);
    teardown(&fx);
}

/* D, A and w: refused with the reason without a policy; with one, drifted rows only, the plan of
 * their changes (read-only profiles refuse it), and the file prompt. */
static void
test_policy_and_write(void)
{
    struct fixture fx;
    prepare(&fx);
    setup(&fx, NULL, true);
    struct ui_state *st = &fx.st;
    key(&fx, 'D');
    CHECK(strstr(st->message, "No policy: start sseadm with --policy FILE") != NULL);
    CHECK_INT(key(&fx, 'A'), UI_REACT_DRAW);
    CHECK_INT(st->screen, UI_LIST);
    CHECK(strstr(st->message, "No policy") != NULL);

    /* w: a prompt with a timestamped CSV name; Tab flips to JSON and back, following the name. */
    key(&fx, 'w');
    CHECK_INT(st->prompt, UI_PROMPT_WRITE);
    CHECK(strncmp(st->write_path, "sseadm-", 7) == 0);
    CHECK(strstr(st->write_path, ".csv") != NULL);
    key(&fx, '\t');
    CHECK(st->write_json);
    CHECK(strstr(st->write_path, ".json") != NULL && !strstr(st->write_path, ".csv"));
    key(&fx, 21); /* ^U */
    CHECK_STR(st->write_path, "");
    CHECK_INT(key(&fx, '\r'), UI_REACT_DRAW);
    CHECK(strstr(st->message, "Type a file name") != NULL);
    char path[160];
    snprintf(path, sizeof path, "%s/out", fx.dir);
    for (const char *c = path; *c; c++)
        key(&fx, *c);
    key(&fx, 'q'); /* typed, not quitting */
    CHECK_INT(key(&fx, '\n'), UI_REACT_DRAW);
    CHECK_INT(fx.last, UI_CMD_WRITE);
    CHECK_INT(st->prompt, UI_PROMPT_NONE); /* written: the prompt closed */
    CHECK(strstr(st->message, "Wrote 5 buckets to") != NULL);
    strcat(path, "q");
    CHECK_INT(access(path, F_OK), 0);
    unlink(path);
    key(&fx, 'w');
    key(&fx, 27);
    CHECK_INT(st->prompt, UI_PROMPT_NONE);
    CHECK_STR(st->message, "Nothing written.");
    teardown(&fx);

    /* A policy: t's buckets need KMS, the read-only audit profile's need any encryption. */
    struct policy *pol = NULL;
    CHECK_INT(policy_load_string("version = 1;\nrules = (\n"
                                 "  { profile = \"t\"; buckets = ( \"*\" ); require = \"KMS\"; },\n"
                                 "  { buckets = ( \"*\" ); require = \"any\"; } );\n",
                                 "p.cfg", &pol, NULL), SSE_OK);
    if (!pol)
        return;
    prepare(&fx);
    setup(&fx, pol, true);
    st = &fx.st;
    answer(&fx, 0, SSE_ALGO_KMS);    /* alpha: compliant */
    answer(&fx, 1, SSE_ALGO_AES256); /* beta: drifted */
    answer(&fx, 3, SSE_ALGO_NONE);   /* plain: drifted */
    CHECK_INT(st->fleet->counts.verdict[POLICY_DRIFTED], 2);
    CHECK_INT(st->fleet->counts.verdict[POLICY_COMPLIANT], 1);

    key(&fx, 'D');
    CHECK(st->view.drifted_only);
    CHECK_INT(st->view.count, 2);
    CHECK(strstr(st->message, "2 drifted buckets shown") != NULL);
    CHECK_INT(listview_selected(&st->view), 1);

    /* A: the plan for the two, opened on its own screen; Esc drops it. */
    CHECK_INT(key(&fx, 'A'), UI_REACT_DRAW);
    CHECK_INT(st->screen, UI_PLAN);
    CHECK_INT(st->plan.count, 2);
    CHECK_INT(st->plan.entries[0].row, 1);
    struct sse_rule t0;
    app_plan_target(&st->plan, 0, &t0);
    CHECK_INT(t0.algo, SSE_ALGO_KMS);
    CHECK_INT(st->plan.entries[1].row, 3);
    /* Laid out once for the width: at 80 columns each change takes two lines. */
    CHECK(st->plan_at != NULL && st->plan_at_cols == 80);
    if (st->plan_at) {
        CHECK_INT(st->plan_at[1], 2);
        CHECK_INT(st->plan_at[2], 4);
    }
    key(&fx, 'j');
    CHECK_INT(st->plan_scroll, 0); /* two lines fit: nothing to scroll */
    CHECK_INT(key(&fx, 27), UI_REACT_DRAW);
    CHECK_INT(st->screen, UI_LIST);
    CHECK_INT(st->plan.count, 0);
    CHECK_STR(st->message, "Nothing changed.");
    /* y applies exactly the plan shown. */
    key(&fx, 'A');
    CHECK_INT(key(&fx, 'y'), UI_REACT_DRAW);
    CHECK_INT(fx.last, UI_CMD_APPLY);
    CHECK_INT(st->screen, UI_LIST);
    CHECK_STR(sent(&fx), "1:set 3:set");
    CHECK(strstr(st->message, "Applying the policy to 2 buckets") != NULL);
    CHECK_INT(st->plan.count, 0);

    /* A read-only profile among the drifted rows refuses the whole plan, naming the bucket. */
    answer(&fx, 4, SSE_ALGO_NONE); /* audited: drifted, read-only */
    key(&fx, 'D');
    key(&fx, 'D'); /* the scope is set again: audited now shows */
    CHECK_INT(st->view.count, 3);
    key(&fx, 'A');
    CHECK_INT(st->screen, UI_LIST);
    CHECK(strstr(st->message, "Profile audit is read-only: the plan would change audited") != NULL);
    CHECK_INT(st->plan.count, 0);
    /* ... and p leaves that profile out; the two in flight are left out and counted. */
    key(&fx, 'p');
    CHECK_INT(st->view.count, 2);
    key(&fx, 'A');
    CHECK_INT(st->screen, UI_LIST);
    CHECK(strstr(st->message, "Nothing to plan: the 2 drifted buckets shown have a change in "
                              "flight.") != NULL);

    /* Nothing drifted in view: said so. */
    key(&fx, 'D');
    key(&fx, '/');
    key(&fx, 'a');
    key(&fx, 'l');
    key(&fx, '\r');
    key(&fx, 'A');
    CHECK_INT(st->screen, UI_LIST);
    CHECK(strstr(st->message, "Nothing to plan: no bucket shown") != NULL);
    teardown(&fx);
    policy_free(pol);
}

/* Types text into the open prompt, a key per character. */
static void
type(struct fixture *fx, const char *text)
{
    for (const char *c = text; *c; c++)
        key(fx, (unsigned char)*c);
}

/* "alpha beta …" of the rows shown. */
static const char *
shown(const struct ui_state *st)
{
    static char buf[256];
    size_t used = 0;
    buf[0] = '\0';
    for (size_t k = 0; k < st->view.count && used + 1 < sizeof buf; k++)
        used += (size_t)snprintf(buf + used, sizeof buf - used, "%s%s", k ? " " : "",
                                 st->fleet->rows[st->view.rows[k]].bucket);
    return buf;
}

static void
test_review_keys(void)
{
    struct fixture fx;
    prepare(&fx);
    setup(&fx, NULL, true);
    struct ui_state *st = &fx.st;
    st->columns = st->columns_config = SSE_COLUMNS_ALL;
    st->clipboard = true;
    answer(&fx, 0, SSE_ALGO_SM4);  /* alpha */
    answer(&fx, 1, SSE_ALGO_NONE); /* beta */
    answer(&fx, 2, SSE_ALGO_AES256); /* gamma */
    answer(&fx, 3, SSE_ALGO_NONE); /* plain */
    answer(&fx, 4, SSE_ALGO_KMS);  /* audited */
    const uint32_t all[] = { 0, 1, 2, 3, 4 };
    CHECK_INT(listview_update(&st->view, all, 5, NULL), SSE_OK);

    /* s cycles the columns (no policy: its column is skipped), S reverses. */
    key(&fx, 's');
    CHECK_INT(st->view.sort, SORT_PROFILE);
    CHECK_STR(st->message, "Sorted by profile, ascending (S: descending, s: next column).");
    CHECK_STR(shown(st), "audited alpha beta gamma plain"); /* profile "audit" before "t" */
    key(&fx, 's');
    CHECK_INT(st->view.sort, SORT_BUCKET);
    key(&fx, 's');
    CHECK_INT(st->view.sort, SORT_ALGORITHM);
    CHECK_STR(shown(st), "gamma audited alpha beta plain");
    key(&fx, 'S');
    CHECK(st->view.reverse);
    CHECK_STR(shown(st), "beta plain alpha audited gamma");
    CHECK_STR(st->message, "Sorted by algorithm, descending (S: ascending, s: next column).");
    key(&fx, 's'); /* the next column starts ascending */
    CHECK_INT(st->view.sort, SORT_KMS_KEY_ID);
    CHECK(!st->view.reverse);
    key(&fx, 's');
    CHECK_INT(st->view.sort, SORT_STATUS);
    key(&fx, 's');
    CHECK_INT(st->view.sort, SORT_NONE);
    CHECK_STR(st->message, "In the configured order (s sorts by a column).");
    CHECK_STR(shown(st), "alpha beta gamma plain audited");

    /* The filter's terms: an unknown one is refused above the prompt, the list stays. */
    key(&fx, '/');
    type(&fx, "alg:no");
    CHECK_STR(st->filter_error, "alg: takes none, aes256, kms or sm4, not \"no\"");
    CHECK_STR(st->message, st->filter_error);
    type(&fx, "ne");
    CHECK_STR(st->filter_error, "");
    CHECK_STR(shown(st), "beta plain");
    type(&fx, " colour:");
    CHECK(strncmp(st->filter_error, "Unknown term colour:", 20) == 0);
    /* The list stays as the last filter had it ("colour", a name, before the ':'). */
    CHECK_STR(st->view.filter, "alg:none colour");
    CHECK_STR(shown(st), "");
    CHECK_INT(key(&fx, '\r'), UI_REACT_DRAW); /* Enter does not keep what is no filter */
    CHECK_INT(st->prompt, UI_PROMPT_FILTER);
    CHECK(strncmp(st->message, "Not a filter yet (Esc clears it): Unknown term colour:", 53) == 0);
    for (int i = 0; i < 8; i++)
        key(&fx, 127);
    CHECK_STR(st->filter_error, "");
    key(&fx, '\r');
    CHECK_INT(st->prompt, UI_PROMPT_NONE);
    CHECK_STR(st->view.filter, "alg:none");
    CHECK_STR(shown(st), "beta plain");

    /* * marks the buckets shown, and only those. */
    key(&fx, '*');
    CHECK_INT(st->fleet->counts.marked, 2);
    CHECK(st->fleet->rows[1].marked && st->fleet->rows[3].marked && !st->fleet->rows[0].marked);
    CHECK_STR(st->message, "Marked the 2 buckets shown (2 marked in all; U unmarks every one).");
    key(&fx, 'U');
    CHECK_INT(st->fleet->counts.marked, 0);

    /* y copies the selected bucket's name (no terminal here: the message says what). */
    key(&fx, 'y');
    CHECK_INT(fx.last, UI_CMD_COPY);
    CHECK_STR(st->message, "Copied the name beta to the terminal's clipboard.");
    st->clipboard = false;
    key(&fx, 'y');
    CHECK_STR(st->message, "Copying is off (ui.clipboard = false in the configuration).");
    st->clipboard = true;

    /* The detail screen's y: a menu of what the bucket has to copy. */
    key(&fx, '\r');
    CHECK_INT(st->screen, UI_DETAIL);
    key(&fx, 'y');
    CHECK_INT(st->screen, UI_MENU);
    CHECK_INT(st->menu.kind, UI_MENU_COPY);
    CHECK_INT(st->menu.count, 2); /* name, rule as JSON: no CMK ID, no request id yet */
    key(&fx, 'j');
    key(&fx, '\r');
    CHECK_INT(fx.last, UI_CMD_COPY);
    CHECK_INT(st->screen, UI_DETAIL);
    CHECK(strncmp(st->message, "Copied the rule of beta as JSON (", 33) == 0);
    key(&fx, 27);
    CHECK_INT(st->screen, UI_LIST);

    /* c: hiding a column is kept in the state file next to the audit log. */
    key(&fx, 'c');
    CHECK_INT(st->screen, UI_MENU);
    CHECK_INT(st->menu.kind, UI_MENU_COLUMNS);
    key(&fx, 'j'); /* the bucket: always shown */
    key(&fx, ' ');
    CHECK_STR(st->message, "The bucket's name is always shown.");
    CHECK_INT(st->columns, SSE_COLUMNS_ALL);
    key(&fx, 'j'); /* the region */
    key(&fx, 'j');
    key(&fx, 'j'); /* CMK ID */
    key(&fx, ' ');
    CHECK_INT(st->columns, SSE_COLUMNS_ALL & ~SSE_COLUMN_BIT(SSE_COL_KMS_KEY_ID));
    key(&fx, 27);
    CHECK_INT(fx.last, UI_CMD_REMEMBER);
    CHECK_INT(st->screen, UI_LIST);
    char state[160], text[1024] = "";
    snprintf(state, sizeof state, "%s/sseadm/tui.state", fx.dir);
    CHECK(strstr(st->message, "These columns are kept for the next start (in ") != NULL);
    FILE *f = fopen(state, "r");
    CHECK(f != NULL);
    if (f) {
        size_t n = fread(text, 1, sizeof text - 1, f);
        text[n] = '\0';
        fclose(f);
    }
    CHECK(strstr(text, "columns = profile,bucket,region,algorithm,kms_data_encryption,policy,status\n") != NULL);
    /* Closing the menu without a change writes nothing. */
    unlink(state);
    key(&fx, 'c');
    key(&fx, 'q');
    CHECK_INT(fx.last, UI_CMD_NONE);
    CHECK(access(state, F_OK) != 0);
    teardown(&fx);
}

int
main(void)
{
    test_list_moves_and_marks();
    test_set_form();
    test_remove_and_readonly();
    test_confirm_hidden();
    test_detail_and_help();
    test_undo();
    test_policy_and_write();
    test_review_keys();
    return check_done("test_ui_screens");
}
