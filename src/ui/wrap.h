/* wrap.h — word-wrapping of sanitized UTF-8 text into lines of a given width in columns. Pure. */
#ifndef SSE_UI_WRAP_H
#define SSE_UI_WRAP_H

#include <stddef.h>

struct wrap_line {
    size_t start, len; /* bytes of the text */
};

/* Splits text (already sanitized: valid UTF-8, no control characters) into lines of at most width
 * columns, breaking after spaces where possible and inside a word only when it is longer than a
 * line. Fills up to max lines; returns how many lines the whole text needs (may exceed max). */
size_t wrap_text(const char *text, int width, struct wrap_line *lines, size_t max);

#endif
