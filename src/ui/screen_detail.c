/* screen_detail.c — everything known about the selected bucket, in a box: rule, status, the last
 * operation's attempts, request id and the last error in full (wrapped); scrollable. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/i18n.h"
#include "core/sanitize.h"
#include "ui/chrome.h"
#include "ui/draw.h"
#include "ui/keys.h"
#include "ui/screens.h"
#include "ui/wrap.h"

#define LABEL_W 17
#define MAX_ITEMS 28
#define MAX_LINES 96

struct item {
    const char *label;
    char value[720]; /* sanitized */
};

struct line {
    const char *label; /* only on an item's first line */
    const char *text;
    size_t len;
    bool error;
};

static int
value_width(const struct ui_state *st)
{
    int w = st->cols - 4 - LABEL_W;
    return w < 10 ? 10 : w;
}

static void
add(struct item *items, size_t *n, const char *label, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void
add(struct item *items, size_t *n, const char *label, const char *fmt, ...)
{
    if (*n >= MAX_ITEMS)
        return;
    char raw[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(raw, sizeof raw, fmt, ap);
    va_end(ap);
    items[*n].label = label;
    sanitize_text(raw, items[*n].value, sizeof items[*n].value);
    (*n)++;
}

static const char *
op_name(int kind)
{
    switch (kind) {
    case JOB_GET: return _("read the rule");
    case JOB_PUT: return _("set the rule, then read it back");
    case JOB_DELETE: return _("remove the rule, then read back");
    default: return _("list buckets");
    }
}

/* Where profile idx's credentials come from, who they are and until when they hold. */
static void
identity_items(const struct ui_state *st, int idx, struct item *items, size_t *n)
{
    const struct app_identity *id = app_identity(st->app, idx);
    if (!id || !id->source[0])
        return;
    add(items, n, N_("Credentials"), "%s", id->source);
    if (id->account_id[0])
        add(items, n, N_("Account"), "%s  (%s)", id->account_id, id->arn);
    else if (id->checking)
        add(items, n, N_("Account"), _("asking STS%s"), draw_ellipsis());
    else if (id->checked)
        add(items, n, N_("Account"), _("not known: %s"), id->check_error.message);
    char when[96];
    if (id->error.status != SSE_OK)
        add(items, n, N_("Credentials"), _("failed: %s"), id->error.message);
    else if (id->expires)
        add(items, n, N_("Expires"), "%s", app_expiry_words(id->expires, time(NULL), when,
                                                              sizeof when));
}

/* The items for row i. */
static size_t
build_items(const struct ui_state *st, size_t i, struct item *items)
{
    const struct fleet *f = st->fleet;
    const struct fleet_row *r = &f->rows[i];
    const struct fleet_profile *p = fleet_row_profile(f, i);
    const struct oss_account *a = p->account;
    size_t n = 0;
    char buf[400];
    add(items, &n, N_("Bucket"), "%s%s", r->bucket, r->marked ? _("  (marked)") : "");
    if (a) {
        add(items, &n, N_("Profile"), "%s%s", a->profile, p->readonly ? _("  (read-only)") : "");
        add(items, &n, N_("Endpoint"), _("%s  (%s, signature V%d)"), a->endpoint,
            a->addressing == OSS_ADDR_PATH ? _("path-style") : _("virtual-hosted"), a->signature_version);
        add(items, &n, N_("Region"), "%s", app_route_words(st->app, i, buf, sizeof buf));
        identity_items(st, r->profile, items, &n);
    }
    if (!r->rule_known) {
        add(items, &n, N_("Algorithm"), "%s", r->state == FLEET_LOADING ? _("not known yet") : _("unknown"));
    } else {
        if (r->rule.algo == SSE_ALGO_UNKNOWN)
            add(items, &n, N_("Algorithm"), _("%s (not one sseadm knows)"), r->rule.algo_raw);
        else if (r->rule.algo == SSE_ALGO_NONE)
            add(items, &n, N_("Algorithm"), _("none (no default encryption rule)"));
        else
            add(items, &n, N_("Algorithm"), "%s", sse_algo_name(r->rule.algo));
        if (r->rule.algo == SSE_ALGO_KMS) {
            add(items, &n, N_("CMK ID"), "%s",
                r->rule.kms_key_id[0] ? r->rule.kms_key_id : "(none: the OSS-managed CMK)");
            if (r->rule.data_enc == SSE_DATA_ENC_UNKNOWN)
                add(items, &n, N_("KMS data enc."), _("%s (not one sseadm knows)"),
                    r->rule.data_enc_raw);
            else
                add(items, &n, N_("KMS data enc."), "%s",
                    r->rule.data_enc == SSE_DATA_ENC_SM4 ? "SM4" : _("none (AES256 data keys)"));
        }
    }
    add(items, &n, N_("Status"), "%s", fleet_status_text(f, i, draw_ellipsis(), buf, sizeof buf));
    if (f->policy) {
        struct policy_judgement j = r->judgement;
        const char *verdict = policy_verdict_words((enum policy_verdict)j.verdict, POLICY_WORDS_FULL);
        struct sse_rule judged;
        const struct sse_rule *cur = fleet_judged_rule(f, i, &judged);
        int line = policy_judgement_line(f->policy, j);
        char why[512];
        policy_why(f->policy, j, cur, true, why, sizeof why);
        if (line)
            add(items, &n, N_("Policy"), _("%s: %s (policy line %d)"), verdict,
                why[0] ? why : _("meets its rule"), line);
        else
            add(items, &n, N_("Policy"), "%s", verdict);
        if (j.verdict == POLICY_DRIFTED) {
            struct sse_rule target;
            policy_target(f->policy, j, cur, &target);
            add(items, &n, N_("Policy wants"), "%s", sse_rule_words(&target, buf, sizeof buf));
        }
    }
    if (r->state != FLEET_LOADING) {
        add(items, &n, N_("Last operation"), "%s", op_name(r->last_kind));
        add(items, &n, N_("Attempts"), ngettext("%u (%u retry), %.2f s", "%u (%u retries), %.2f s", r->retries),
            (unsigned)r->attempts, (unsigned)r->retries, (double)r->elapsed_s);
        add(items, &n, N_("Request ID"), "%s", r->request_id[0] ? r->request_id : _("(none)"));
    }
    if (r->pending)
        add(items, &n, N_("In flight"), ngettext("%u request", "%u requests", r->pending), (unsigned)r->pending);
    const struct sse_error *e = fleet_error(f, i);
    if (e) {
        int len = snprintf(buf, sizeof buf, "%s", fleet_error_word(e));
        if (e->http_status)
            len += snprintf(buf + len, sizeof buf - (size_t)len, "  HTTP %d", e->http_status);
        if (e->ec[0])
            snprintf(buf + len, sizeof buf - (size_t)len, "  EC %s", e->ec);
        add(items, &n, N_("Error"), "%s", buf);
        add(items, &n, N_("Message"), "%s", e->message);
        if (e->request_id[0] && strcmp(e->request_id, r->request_id) != 0)
            add(items, &n, N_("Error request"), "%s", e->request_id);
    }
    return n;
}

/* Wraps the items into lines; returns how many (at most MAX_LINES). */
static size_t
build_lines(const struct ui_state *st, struct item *items, struct line *lines)
{
    size_t sel = listview_selected(&st->view);
    if (sel == FLEET_NO_ROW)
        return 0;
    size_t nitems = build_items(st, sel, items), n = 0;
    int width = value_width(st);
    for (size_t k = 0; k < nitems && n < MAX_LINES; k++) {
        struct wrap_line w[MAX_LINES];
        size_t count = wrap_text(items[k].value, width, w, MAX_LINES);
        if (!count) /* an empty value still gets its label */
            w[count++] = (struct wrap_line){ 0, 0 };
        for (size_t j = 0; j < count && j < MAX_LINES && n < MAX_LINES; j++) {
            bool err = strcmp(items[k].label, "Error") == 0 || strcmp(items[k].label, "Message") == 0;
            lines[n++] = (struct line){ j ? "" : items[k].label, items[k].value + w[j].start,
                                        w[j].len, err };
        }
    }
    return n;
}

struct ui_cursor
screen_detail_draw(const struct ui_state *st)
{
    struct item items[MAX_ITEMS];
    struct line lines[MAX_LINES];
    size_t n = build_lines(st, items, lines);
    size_t height = ui_page_height(st);
    size_t sel = listview_selected(&st->view);
    char title[96];
    snprintf(title, sizeof title, _("Bucket %s"), sel == FLEET_NO_ROW ? "" : st->fleet->rows[sel].bucket);
    draw_box(1, 0, st->rows - 2, st->cols, THEME_EL_DIALOG, THEME_EL_DIALOG_TITLE, title);
    for (size_t k = 0; k < height && st->scroll + k < n; k++) {
        const struct line *l = &lines[st->scroll + k];
        int y = 2 + (int)k;
        char text[800];
        snprintf(text, sizeof text, "%.*s", (int)l->len, l->text);
        draw_text(y, 2, LABEL_W, THEME_EL_DETAIL_LABEL, l->label[0] ? _(l->label) : "");
        draw_text(y, 2 + LABEL_W, value_width(st), l->error ? THEME_EL_STATUS_ERROR : THEME_EL_DETAIL_VALUE,
                  text);
    }
    chrome_scroll_position(st, st->scroll, height, n);
    chrome_status_bar(st, st->rows - 1, S_DETAIL);
    return UI_NO_CURSOR;
}

struct ui_react
screen_detail_key(struct ui_state *st, int key)
{
    struct item items[MAX_ITEMS];
    struct line lines[MAX_LINES];
    enum action a = keys_action(S_DETAIL, key);
    if (chrome_scroll(&st->scroll, build_lines(st, items, lines), ui_page_height(st), (int)a))
        return ui_react_flags(UI_REACT_DRAW);
    if (a == ACT_CLOSE) {
        st->screen = UI_LIST;
        return ui_react_flags(UI_REACT_DRAW);
    }
    if (a == ACT_COPY) {
        screen_menu_open(st, UI_MENU_COPY);
        return ui_react_flags(UI_REACT_DRAW);
    }
    /* From the detail screen a change is for the bucket shown, never the marked ones. */
    struct ui_react react;
    return chrome_shared_action(st, (int)a, UI_TARGET_SELECTED, &react)
               ? react
               : ui_react_flags(UI_REACT_NONE);
}
