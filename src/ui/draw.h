/* draw.h — drawing primitives over curses: theme styles as attributes, text fitted to a cell range
 * (always through sanitize_fit, so nothing drawn can move the cursor or change the terminal),
 * fills and boxes. Screens draw only through these; only tui.c sends the frame out. */
#ifndef SSE_UI_DRAW_H
#define SSE_UI_DRAW_H

#include <stdbool.h>

#include "config/theme.h"

/* Maps the theme to colour pairs and attributes; call once the terminal is open. With colour
 * false only the attributes are used. utf8 chooses "…" or "~" as the truncation marker and
 * whether non-ASCII text is shown or replaced by '?'. */
void draw_setup(const struct theme *theme, bool colour, bool utf8);
/* "…" or "~". */
const char *draw_ellipsis(void);

/* Text at (y, x) fitted into width columns (cut with the marker), the rest of the range filled
 * with spaces, all in el's style. Returns the columns the text took. */
int draw_text(int y, int x, int width, enum theme_element el, const char *text);
/* Like draw_text without the padding: returns the columns used (to continue at x + result). */
int draw_text_tight(int y, int x, int width, enum theme_element el, const char *text);
/* Text right-aligned in the range ending before x + width (no padding). */
void draw_text_right(int y, int x, int width, enum theme_element el, const char *text);
/* Spaces in el's style. */
void draw_fill(int y, int x, int width, enum theme_element el);
/* A framed box filled with el; title (may be NULL) is drawn into the top border in title_el. */
void draw_box(int y, int x, int height, int width, enum theme_element el,
              enum theme_element title_el, const char *title);

#endif
