/* draw.c — theme → curses attributes, and sanitized, width-fitted text in cell ranges. */
#include "ui/draw.h"

#include <curses.h>
#include <string.h>

#include "core/sanitize.h"

static attr_t styles[THEME_ELEMENT_COUNT];
static bool text_utf8;

/* A 0–255 colour the terminal may lack → one it has (the basic eight when that is all). */
static short
fit_colour(short c, bool *bright)
{
    *bright = false;
    if (c < 0 || c < COLORS)
        return c;
    if (c < 16) {
        *bright = true;
        return (short)(c - 8);
    }
    if (c >= 232) /* grey ramp */
        return c >= 244 ? COLOR_WHITE : COLOR_BLACK;
    int v = c - 16, r = v / 36, g = (v / 6) % 6, b = v % 6;
    *bright = r > 3 || g > 3 || b > 3;
    return (short)((r > 2 ? COLOR_RED : 0) | (g > 2 ? COLOR_GREEN : 0) | (b > 2 ? COLOR_BLUE : 0));
}

void
draw_setup(const struct theme *theme, bool colour, bool utf8)
{
    text_utf8 = utf8;
    bool defaults = false;
    if (colour) {
        start_color();
        defaults = use_default_colors() == OK;
    }
    for (int i = 0; i < THEME_ELEMENT_COUNT; i++) {
        const struct theme_style *s = &theme->styles[i];
        attr_t a = A_NORMAL;
        if (s->attrs & THEME_BOLD) a |= A_BOLD;
        if (s->attrs & THEME_UNDERLINE) a |= A_UNDERLINE;
        if (s->attrs & THEME_REVERSE) a |= A_REVERSE;
        if (s->attrs & THEME_DIM) a |= A_DIM;
        if (s->attrs & THEME_STANDOUT) a |= A_STANDOUT;
#ifdef A_ITALIC
        if (s->attrs & THEME_ITALIC) a |= A_ITALIC;
#endif
        if (colour && (s->fg >= 0 || s->bg >= 0) && i + 1 < COLOR_PAIRS) {
            bool fg_bright, bg_bright;
            short fg = fit_colour(s->fg, &fg_bright), bg = fit_colour(s->bg, &bg_bright);
            if (!defaults) {
                if (fg < 0) fg = COLOR_WHITE;
                if (bg < 0) bg = COLOR_BLACK;
            }
            if (init_pair((short)(i + 1), fg, bg) == OK)
                a |= COLOR_PAIR(i + 1);
            if (fg_bright)
                a |= A_BOLD;
        }
        styles[i] = a;
    }
}

const char *
draw_ellipsis(void)
{
    return text_utf8 ? "\xe2\x80\xa6" : "~";
}

/* Without a UTF-8 locale, each non-ASCII character becomes one '?'. */
static const char *
ascii_only(const char *in, char *out, size_t size)
{
    if (text_utf8)
        return in;
    size_t o = 0;
    for (const unsigned char *s = (const unsigned char *)in; *s && o + 1 < size; s++) {
        if (*s < 0x80)
            out[o++] = (char)*s;
        else if ((*s & 0xc0) != 0x80)
            out[o++] = '?';
    }
    out[o] = '\0';
    return out;
}

static int
put_fitted(int y, int x, int width, enum theme_element el, const char *text)
{
    if (width <= 0 || y < 0 || y >= LINES || x >= COLS)
        return 0;
    if (x + width > COLS)
        width = COLS - x;
    char ascii[2048], fitted[4096];
    int used = sanitize_fit(ascii_only(text, ascii, sizeof ascii), width, draw_ellipsis(), fitted,
                            sizeof fitted);
    attrset(styles[el]);
    mvaddstr(y, x, fitted);
    return used;
}

int
draw_text(int y, int x, int width, enum theme_element el, const char *text)
{
    int used = put_fitted(y, x, width, el, text);
    if (width > used)
        draw_fill(y, x + used, width - used, el);
    return used;
}

int
draw_text_tight(int y, int x, int width, enum theme_element el, const char *text)
{
    return put_fitted(y, x, width, el, text);
}

void
draw_text_right(int y, int x, int width, enum theme_element el, const char *text)
{
    char ascii[2048], clean[4096];
    sanitize_text(ascii_only(text, ascii, sizeof ascii), clean, sizeof clean);
    int w = sanitize_width(clean);
    if (w > width)
        w = width;
    put_fitted(y, x + width - w, w, el, clean);
}

void
draw_fill(int y, int x, int width, enum theme_element el)
{
    if (y < 0 || y >= LINES || x >= COLS || width <= 0)
        return;
    if (x + width > COLS)
        width = COLS - x;
    attrset(styles[el]);
    mvhline(y, x, ' ', width);
}

void
draw_box(int y, int x, int height, int width, enum theme_element el, enum theme_element title_el,
         const char *title)
{
    if (height < 2 || width < 4)
        return;
    for (int r = 0; r < height; r++)
        draw_fill(y + r, x, width, el);
    attrset(styles[el]);
    mvaddch(y, x, ACS_ULCORNER);
    mvhline(y, x + 1, ACS_HLINE, width - 2);
    mvaddch(y, x + width - 1, ACS_URCORNER);
    mvvline(y + 1, x, ACS_VLINE, height - 2);
    mvvline(y + 1, x + width - 1, ACS_VLINE, height - 2);
    mvaddch(y + height - 1, x, ACS_LLCORNER);
    mvhline(y + height - 1, x + 1, ACS_HLINE, width - 2);
    /* The bottom-right cell of the screen cannot be written without scrolling on some
     * terminals; curses handles it, the error return is harmless. */
    mvaddch(y + height - 1, x + width - 1, ACS_LRCORNER);
    if (title && *title) {
        draw_fill(y, x + 1, 1, el);
        int used = draw_text_tight(y, x + 2, width - 5, title_el, title);
        draw_fill(y, x + 2 + used, 1, el);
    }
}
