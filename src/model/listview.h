/* listview.h — what the bucket list shows of the fleet: the filter (terms of model/query: a name
 * substring, alg:, key:, …; one profile or all; drifted verdicts only or all), the order (a sort
 * column and direction, stable), the selection and the first visible row, and the widest cell of
 * each column over the rows shown. The names are searched in a packed, lower-cased copy kept here
 * (the fleet only appends, so it only grows too); plain name typing refines the rows in place.
 *
 * When the order is made again: when the sort, the filter or the scope is set; when rows are
 * added; and when an answer changes what a shown row's place depends on (its rule for the
 * algorithm and CMK ID, its verdict, its outcome for the status — a row read again without news
 * does not move). Each time the selected bucket stays selected and on the same screen line. An
 * answer also adds or removes a row whose filter terms it changes (alg:none and a bucket set to
 * KMS), as D's drifted view does. */
#ifndef SSE_MODEL_LISTVIEW_H
#define SSE_MODEL_LISTVIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/status.h"
#include "model/fleet.h"
#include "model/query.h"
#include "model/sort.h"

#define LISTVIEW_FILTER_MAX QUERY_TEXT_MAX

/* The widest cell of the columns whose cells vary, over the rows shown (terminal columns). */
struct listview_widths {
    int name;       /* bucket names */
    int algo;       /* algorithm names (a name sseadm does not know can be long) */
    int cmk;        /* CMK IDs */
    bool managed;   /* a KMS rule with the OSS-managed CMK (no ID) is shown */
    int status;     /* error codes and words */
};

/* What a row shows that changes with answers, measured once per change. */
struct listview_cell {
    uint8_t name, algo, cmk, status;
    bool managed;
};

struct listview {
    const struct fleet *fleet;  /* borrowed */
    uint32_t *rows;             /* fleet rows that pass the filter, in the order shown */
    size_t count, cap;
    size_t seen;                /* fleet rows the view has taken in */
    char *names;                /* lower-cased bucket names of fleet rows 0…named-1, each ended by
                                 * '\0' (no filter text holds one, so no match spans two names) */
    uint32_t *name_at;          /* named + 1 offsets into names: row i is name_at[i]…name_at[i+1]-2 */
    size_t names_len, names_cap, named, name_at_cap;
    struct listview_cell *cells; /* per fleet row (seen of them) */
    size_t cells_cap;
    char filter[LISTVIEW_FILTER_MAX]; /* the filter as typed; "" = all */
    struct query query;         /* the filter's terms */
    int profile;                /* only this profile's rows; -1 = every profile */
    bool drifted_only;          /* only rows whose verdict is drifted (the TUI's D) */
    enum sort_column sort;      /* SORT_NONE: the fleet's order */
    bool reverse;
    uint32_t *order;            /* sorted (sort or reverse set): every row seen, in that order */
    uint32_t *place;            /* sorted: place[row] is the row's position in order */
    uint64_t *sig;              /* sorted: each row's sort_signature when it was last sorted */
    size_t order_cap;
    uint64_t *member;           /* a bit per row seen: it passes the filter (it is in rows) */
    size_t member_cap;          /* words */
    bool member_ok;             /* the bits are current (plain typing lets them go: rows has it) */
    struct listview_cell cells_max; /* the widest any row's cells have been (measuring stops there) */
    struct listview_widths widths; /* over rows[0…count) */
    size_t cursor;              /* selected position in rows */
    size_t top;                 /* first position on screen */
    size_t height;              /* rows on screen (at least 1) */
};

void listview_init(struct listview *lv, const struct fleet *fleet);
void listview_cleanup(struct listview *lv);
/* Picks up rows appended to the fleet since the last call (filtered and ordered the same way). */
enum sse_status listview_sync(struct listview *lv);
/* Parses text (model/query; policy: terms only when the fleet has a policy) and sets it as the
 * filter. SSE_ERR_INVALID with err when it is not a filter (nothing changes), SSE_ERR_NOMEM. */
enum sse_status listview_set_filter(struct listview *lv, const char *text, struct query_error *err);
/* Sets q as the filter and filters again: from the rows shown when q narrows the filter before
 * (one more character typed), else over the whole fleet. The selection stays on the same bucket
 * when it still passes, else moves to the nearest one after it. */
enum sse_status listview_set_query(struct listview *lv, const struct query *q);
/* Sets the profile (-1 = all) and drifted-only parts of the filter and filters the whole fleet
 * again (the terms still apply); the selection is kept as listview_set_query keeps it. */
enum sse_status listview_set_scope(struct listview *lv, int profile, bool drifted_only);
/* Orders the rows by column (SORT_NONE: the fleet's order), descending when reverse; rows with
 * equal keys keep the fleet's order either way. The selection stays on its bucket. */
enum sse_status listview_set_sort(struct listview *lv, enum sort_column column, bool reverse);
/* Takes in answers for rows (fleet rows, any order, repeats allowed): their cells are measured
 * again, rows whose terms changed join or leave, and the order is made again when one of them
 * moves (see above). *moved (may be NULL) is set when the rows shown changed. */
enum sse_status listview_update(struct listview *lv, const uint32_t *rows, size_t n, bool *moved);
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
