/* wrap.c — greedy word-wrap by display columns. */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700 /* wcwidth (ncursesw's pkg-config flags usually set it already) */
#endif
#include "ui/wrap.h"

#include <stdbool.h>
#include <string.h>
#include <wchar.h>

/* Length of the UTF-8 character at s and its width in columns. */
static size_t
next_char(const unsigned char *s, int *width)
{
    size_t len = 1;
    unsigned cp = s[0];
    if (s[0] >= 0xf0) { len = 4; cp = s[0] & 0x07; }
    else if (s[0] >= 0xe0) { len = 3; cp = s[0] & 0x0f; }
    else if (s[0] >= 0xc0) { len = 2; cp = s[0] & 0x1f; }
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xc0) != 0x80) { /* not valid: count one byte, one column */
            *width = 1;
            return 1;
        }
        cp = (cp << 6) | (s[i] & 0x3f);
    }
    int w = wcwidth((wchar_t)cp);
    *width = w < 0 ? 1 : w;
    return len;
}

size_t
wrap_text(const char *text, int width, struct wrap_line *lines, size_t max)
{
    if (width < 1)
        width = 1;
    const unsigned char *s = (const unsigned char *)text;
    size_t n = strlen(text), count = 0, pos = 0;
    while (pos < n) {
        size_t start = pos, end = pos, brk = 0, resume = 0;
        bool have_break = false;
        int cols = 0;
        while (end < n) {
            int w;
            size_t len = next_char(s + end, &w);
            if (cols + w > width)
                break;
            cols += w;
            end += len;
            if (s[end - 1] == ' ') {
                brk = end - 1; /* line ends before this space */
                resume = end;
                have_break = true;
            }
        }
        size_t line_end = end, next = end;
        if (end < n && have_break && brk > start) {
            line_end = brk;
            next = resume;
        } else if (end == start) { /* a character wider than the line: take it anyway */
            int w;
            line_end = next = end + next_char(s + end, &w);
        }
        while (line_end > start && s[line_end - 1] == ' ')
            line_end--;
        if (count < max)
            lines[count] = (struct wrap_line){ start, line_end - start };
        count++;
        pos = next;
        while (pos < n && s[pos] == ' ' && pos != start)
            pos++;
    }
    return count;
}
