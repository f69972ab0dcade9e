/* listview.h — what the bucket list shows of the fleet: the filter (a name substring, one profile
 * or all, drifted verdicts only or all — one pass into an index array, refined in place
 * while the text only grows), the selection and the first visible row. The names are searched in
 * a packed, lower-cased copy kept here (the fleet only appends, so it only grows too). */
#ifndef SSE_MODEL_LISTVIEW_H
#define SSE_MODEL_LISTVIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/status.h"
#include "model/fleet.h"

#define LISTVIEW_FILTER_MAX 128

struct listview {
    const struct fleet *fleet;  /* borrowed */
    uint32_t *rows;             /* fleet rows that pass the filter, in fleet order */
    size_t count, cap;
    size_t seen;                /* fleet rows the filter has looked at */
    char *names;                /* lower-cased bucket names of fleet rows 0…named-1, each ended by
                                 * '\0' (no filter text holds one, so no match spans two names) */
    uint32_t *name_at;          /* named + 1 offsets into names: row i is name_at[i]…name_at[i+1]-2 */
    size_t names_len, names_cap, named, name_at_cap;
    char filter[LISTVIEW_FILTER_MAX]; /* substring of the bucket name, case-insensitive; "" = all */
    int profile;                /* only this profile's rows; -1 = every profile */
    bool drifted_only;          /* only rows whose verdict is drifted (the TUI's D) */
    size_t cursor;              /* selected position in rows */
    size_t top;                 /* first position on screen */
    size_t height;              /* rows on screen (at least 1) */
};

void listview_init(struct listview *lv, const struct fleet *fleet);
void listview_cleanup(struct listview *lv);
/* Picks up rows appended to the fleet since the last call (they are filtered the same way). */
enum sse_status listview_sync(struct listview *lv);
/* Sets the filter and re-filters: from the current result when the new text contains the old one
 * (typing one more character), else over the whole fleet. The selection stays on the same bucket
 * when it still passes, else moves to the nearest one after it. */
enum sse_status listview_set_filter(struct listview *lv, const char *text);
/* Sets the profile (-1 = all) and drifted-only parts of the filter and re-filters the whole fleet
 * (the text filter still applies); the selection is kept as listview_set_filter keeps it. Rows
 * whose verdict changes later stay until the filter is set again (they do not jump away; the TUI
 * sets it again when fleet.drifted_changes moves). */
enum sse_status listview_set_scope(struct listview *lv, int profile, bool drifted_only);
void listview_set_height(struct listview *lv, size_t height);

/* The selected fleet row, or FLEET_NO_ROW when nothing passes the filter. */
size_t listview_selected(const struct listview *lv);
/* Moves the selection by delta rows (clamped) and scrolls it into view. */
void listview_move(struct listview *lv, long delta);
/* One screen down (dir > 0) or up (dir < 0); the page scrolls with the selection. */
void listview_page(struct listview *lv, int dir);
void listview_home(struct listview *lv);
void listview_end(struct listview *lv);

#endif
