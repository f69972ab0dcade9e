/* columns.h — the bucket list's columns as the terminal shows them: their titles, the sort
 * marker, and the layout for the rows shown and the terminal's width (model/columns), shared by
 * the list and the c menu. */
#ifndef SSE_UI_COLUMNS_H
#define SSE_UI_COLUMNS_H

#include <stdbool.h>

#include "model/columns.h"
#include "policy/judge.h"
#include "ui/state.h"

/* Column c's title, or its short form ("ALGO"), in the user's language. */
const char *ui_column_title(int c, bool short_form);
/* "▲" (ascending) or "▼" (descending) after the sorted column's title; "^"/"v" without UTF-8. */
const char *ui_sort_marker(const struct ui_state *st);
/* The widest policy verdict words in form f. */
int ui_verdict_width(enum policy_words_form f);
/* The columns for the rows shown, the user's choice (c) and the terminal's width. */
void ui_columns_layout(const struct ui_state *st, struct columns_layout *out);

#endif
