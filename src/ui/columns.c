/* columns.c — the bucket list's columns as the terminal shows them: titles in the user's
 * language, the sort marker, what each column's cells need, laid out by model/columns. */
#include "ui/columns.h"

#include <string.h>

#include "core/i18n.h"
#include "core/sanitize.h"
#include "policy/judge.h"

/* The titles of the columns, full and short, in the user's language. */
const char *
ui_column_title(int c, bool short_form)
{
    switch (c) {
    case SSE_COL_PROFILE: return short_form ? _("PROF") : _("PROFILE");
    case SSE_COL_BUCKET: return _("BUCKET");
    case SSE_COL_REGION: return short_form ? _("RGN") : _("REGION");
    case SSE_COL_ALGORITHM: return short_form ? _("ALGO") : _("ALGORITHM");
    case SSE_COL_KMS_KEY_ID: return _("CMK ID");
    case SSE_COL_KMS_DATA: return short_form ? _("DATA") : _("KMS DATA");
    case SSE_COL_POLICY: return short_form ? _("POL.") : _("POLICY");
    case SSE_COL_STATUS: return _("STATUS");
    default: return "";
    }
}

/* The sort marker after the sorted column's title: "▲" ascending, "▼" descending. */
const char *
ui_sort_marker(const struct ui_state *st)
{
    if (st->view.reverse)
        return st->utf8 ? "\xe2\x96\xbc" : "v";
    return st->utf8 ? "\xe2\x96\xb2" : "^";
}

/* The widest policy words in form f. */
int
ui_verdict_width(enum policy_words_form f)
{
    int w = 0;
    for (int v = POLICY_UNMANAGED; v <= POLICY_UNKNOWN; v++) {
        int vw = sanitize_width(policy_verdict_words((enum policy_verdict)v, f));
        w = vw > w ? vw : w;
    }
    return w;
}

void
ui_columns_layout(const struct ui_state *st, struct columns_layout *out)
{
    const struct listview *lv = &st->view;
    struct columns_want w;
    memset(&w, 0, sizeof w);
    w.shown = st->columns;
    if (!st->has_policy)
        w.shown &= ~SSE_COLUMN_BIT(SSE_COL_POLICY);
    if (!fleet_regions_vary(st->fleet)) /* each bucket in its profile's region: it says so */
        w.shown &= ~SSE_COLUMN_BIT(SSE_COL_REGION);
    for (size_t i = 0; i < st->fleet->nprofiles; i++) {
        const struct oss_account *a = st->fleet->profiles[i].account;
        int pw = a && (lv->profile < 0 || (size_t)lv->profile == i) ? sanitize_width(a->profile) : 0;
        w.content[SSE_COL_PROFILE] = pw > w.content[SSE_COL_PROFILE] ? pw : w.content[SSE_COL_PROFILE];
    }
    w.content[SSE_COL_BUCKET] = lv->widths.name;
    /* The known algorithms' names and the status words of a row at work take their room from the
     * start: columns do not shift as the first answers come in. */
    w.content[SSE_COL_ALGORITHM] = lv->widths.algo > 6 ? lv->widths.algo : 6;
    int managed = lv->widths.managed ? sanitize_width(_("(OSS-managed)")) : 0;
    w.content[SSE_COL_KMS_KEY_ID] = lv->widths.cmk > managed ? lv->widths.cmk : managed;
    w.content[SSE_COL_KMS_DATA] = 4;
    w.content[SSE_COL_REGION] = 14; /* "ap-southeast-1": most region names, and the longer cut */
    w.content[SSE_COL_POLICY] = ui_verdict_width(POLICY_WORDS_COLUMN);
    w.narrow[SSE_COL_POLICY] = ui_verdict_width(POLICY_WORDS_NARROW);
    w.content[SSE_COL_STATUS] = lv->widths.status > 9 ? lv->widths.status : 9; /* "removing…" */
    enum sse_column sorted = sort_shown_in(lv->sort);
    int mark = sanitize_width(ui_sort_marker(st));
    for (int c = 0; c < SSE_COL_COUNT; c++) {
        w.title[c] = sanitize_width(ui_column_title(c, false)) + (c == (int)sorted ? mark : 0);
        w.short_title[c] = sanitize_width(ui_column_title(c, true)) + (c == (int)sorted ? mark : 0);
    }
    columns_layout(&w, st->cols, out);
}

