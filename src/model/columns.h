/* columns.h — the bucket list's columns laid out in the terminal's width: each as wide as what it
 * shows (the longest name, whole CMK IDs when there is room); when that does not fit, the columns
 * that can be cut without losing what they say narrow first, then the least important are dropped,
 * and the bucket's name is the last to lose width (cut in the middle: its distinguishing end stays).
 * Pure: no drawing. */
#ifndef SSE_MODEL_COLUMNS_H
#define SSE_MODEL_COLUMNS_H

#include <stdbool.h>
#include <stddef.h>

#include "config/columns.h"

#define COLUMNS_MARK 3 /* before the first column: the cursor, the mark, a space */

/* What the columns would show. Widths are in terminal columns. */
struct columns_want {
    unsigned shown;                 /* the columns asked for (SSE_COLUMN_BIT); the bucket always */
    int content[SSE_COL_COUNT];     /* the widest cell of each */
    int narrow[SSE_COL_COUNT];      /* the width its cells can do with when short of room (the
                                     * policy's short words); 0: content */
    int title[SSE_COL_COUNT];       /* its title ("ALGORITHM"; with the sort marker if sorted) */
    int short_title[SSE_COL_COUNT]; /* its short title ("ALGO"); 0: the title */
};

struct columns_layout {
    int x[SSE_COL_COUNT];
    int width[SSE_COL_COUNT];       /* 0: not shown */
    bool short_title[SSE_COL_COUNT]; /* the full title does not fit its width */
    int dropped;                    /* columns asked for that have no room */
    int last;                       /* the rightmost column shown (it may run to the edge) */
};

/* Lays the columns out in cols terminal columns:
 *   1. every column asked for at the width of its content (at least its short title's);
 *   2. too wide: the CMK ID is cut (to 13), the policy takes its short words, the status and the
 *      algorithm give up what they can spare;
 *   3. still too wide: the columns are dropped, least important first: KMS data encryption,
 *      profile, CMK ID, policy (each drop undoes the cuts of 2 it makes unneeded);
 *   4. still too wide: the bucket's name is cut (to 12);
 *   5. room left: full titles where they fit, the rest goes to the last column. */
void columns_layout(const struct columns_want *want, int cols, struct columns_layout *out);

/* text (made safe with sanitize_text) fitted into width columns; when cut, its start and its end
 * are kept with the marker `ellipsis` (one column) between them, the end getting the extra
 * column: "acme-…rated". Returns the columns used. */
int columns_fit_middle(const char *text, int width, const char *ellipsis, char *out, size_t size);

#endif
