/* copy.c — the text y copies, sent as OSC 52, and what the status bar says of it. */
#define _GNU_SOURCE /* open_memstream is POSIX 2008; glibc also wants this for it */
#include "ui/copy.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "core/sanitize.h"
#include "ui/clipboard.h"
#include "ui/draw.h"
#include "ui/term.h"

/* The bucket's report row as one JSON object, as `sseadm report --format json` writes it
 * (escaped and sanitised there). NULL when out of memory or too long; caller frees. */
static char *
row_json(const struct ui_state *st, size_t row)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f)
        return NULL;
    uint32_t r = (uint32_t)row;
    enum sse_status s = app_report(st->app, f, OUTPUT_JSON, &r, 1, 0);
    if (fclose(f) != 0 || s != SSE_OK || !buf) {
        free(buf);
        return NULL;
    }
    /* The report is an array of one: keep the object. */
    char *open = strchr(buf, '{'), *close = strrchr(buf, '}');
    if (!open || !close || close < open) {
        free(buf);
        return NULL;
    }
    size_t n = (size_t)(close - open) + 1;
    memmove(buf, open, n);
    buf[n] = '\0';
    return buf;
}

unsigned
ui_copy(struct ui_state *st, enum ui_copy what)
{
    size_t row = listview_selected(&st->view);
    if (row == FLEET_NO_ROW)
        return UI_REACT_NONE;
    if (!st->clipboard) {
        ui_message(st, true, "%s", _("Copying is off (ui.clipboard = false in the configuration)."));
        return UI_REACT_DRAW;
    }
    const struct fleet_row *r = &st->fleet->rows[row];
    char text[SSE_KMS_KEY_MAX + 64] = "";
    char *json = NULL;
    const char *copied = text;
    /* Text from a server is made safe first: what is pasted later carries no control character. */
    switch (what) {
    case UI_COPY_NAME: sanitize_text(r->bucket, text, sizeof text); break;
    case UI_COPY_CMK:
        if (r->rule_known && r->rule.algo == SSE_ALGO_KMS)
            sanitize_text(r->rule.kms_key_id, text, sizeof text);
        break;
    case UI_COPY_REQUEST_ID: sanitize_text(r->request_id, text, sizeof text); break;
    case UI_COPY_JSON:
        if (!(json = row_json(st, row))) {
            ui_message(st, true, "%s", _("Out of memory: nothing was copied."));
            return UI_REACT_DRAW;
        }
        copied = json;
        break;
    }
    char shown[96];
    sanitize_fit(r->bucket, 48, draw_ellipsis(), shown, sizeof shown);
    if (!copied[0]) {
        ui_message(st, true, _("%s has nothing of that to copy."), shown);
        free(json);
        return UI_REACT_DRAW;
    }
    size_t n = strlen(copied);
    char *seq = malloc(n / 3 * 4 + 32);
    size_t len = seq ? clipboard_osc52(copied, n, seq, n / 3 * 4 + 32) : 0;
    if (!len) {
        ui_message(st, true, _("Too long for the clipboard (%zu bytes): nothing was copied."), n);
    } else {
        term_send(seq, len);
        switch (what) {
        case UI_COPY_NAME: ui_message(st, false, _("Copied the name %s to the terminal's clipboard."), text); break;
        case UI_COPY_CMK: ui_message(st, false, _("Copied the CMK ID of %s to the terminal's clipboard: %s."), shown, text); break;
        case UI_COPY_REQUEST_ID:
            ui_message(st, false, _("Copied the request ID of %s to the terminal's clipboard: %s."), shown, text);
            break;
        case UI_COPY_JSON:
            ui_message(st, false, _("Copied the rule of %s as JSON (%zu bytes) to the terminal's clipboard."), shown, n);
            break;
        }
    }
    free(seq);
    free(json);
    return UI_REACT_DRAW;
}
