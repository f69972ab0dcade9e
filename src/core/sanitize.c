/* sanitize.c — control-character removal, UTF-8 repair and column-aware truncation. */
#define _XOPEN_SOURCE 700
#include "core/sanitize.h"

#include <stdbool.h>
#include <string.h>
#include <wchar.h>

/* Decodes one UTF-8 sequence at s (n bytes available). Returns its length and sets *cp, or 0 when
 * the bytes are not valid UTF-8 (overlong, surrogate, > U+10FFFF, truncated). */
static size_t
utf8_decode(const unsigned char *s, size_t n, unsigned *cp)
{
    if (s[0] < 0x80) {
        *cp = s[0];
        return 1;
    }
    size_t len;
    unsigned c, min;
    if ((s[0] & 0xe0) == 0xc0) { len = 2; c = s[0] & 0x1f; min = 0x80; }
    else if ((s[0] & 0xf0) == 0xe0) { len = 3; c = s[0] & 0x0f; min = 0x800; }
    else if ((s[0] & 0xf8) == 0xf0) { len = 4; c = s[0] & 0x07; min = 0x10000; }
    else return 0;
    if (n < len)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xc0) != 0x80)
            return 0;
        c = (c << 6) | (s[i] & 0x3f);
    }
    if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
        return 0;
    *cp = c;
    return len;
}

/* Code points a terminal acts on instead of showing: C0 and C1 controls and DEL; the
 * bidirectional formatting characters (embeddings and overrides U+202A-U+202E, isolates
 * U+2066-U+2069, the marks U+200E, U+200F and U+061C), which reorder the text after them so that
 * what is shown is not what is there ("Trojan Source", CVE-2021-42574); and the line and paragraph
 * separators U+2028/U+2029, which break a line where none is. */
static bool
unshown(unsigned cp)
{
    return cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || cp == 0x061c || cp == 0x200e ||
           cp == 0x200f || (cp >= 0x2028 && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

size_t
sanitize_text(const char *in, char *out, size_t outsz)
{
    if (!outsz)
        return 0;
    const unsigned char *s = (const unsigned char *)in;
    size_t n = strlen(in), o = 0;
    while (n) {
        unsigned cp;
        size_t len = utf8_decode(s, n, &cp);
        const char *rep = NULL;
        size_t replen = 0;
        if (!len) {
            rep = "\xef\xbf\xbd";
            replen = 3;
            len = 1;
        } else if (cp == '\t') {
            rep = " ";
            replen = 1;
        } else if (unshown(cp)) {
            rep = "?";
            replen = 1;
        } else {
            rep = (const char *)s;
            replen = len;
        }
        if (o + replen >= outsz)
            break;
        memcpy(out + o, rep, replen);
        o += replen;
        s += len;
        n -= len;
    }
    out[o] = '\0';
    return o;
}

/* Columns cp takes once sanitized: one for what becomes '?' or U+FFFD. */
size_t
sanitize_lines(const char *in, char *out, size_t outsz)
{
    if (!outsz)
        return 0;
    size_t o = 0;
    out[0] = '\0';
    for (const char *p = in;;) {
        size_t n = strcspn(p, "\n");
        char piece[1024];
        size_t take = n < sizeof piece ? n : sizeof piece - 1;
        while (take < n && take > 0 && ((unsigned char)p[take] & 0xc0) == 0x80)
            take--; /* a piece never ends inside a character */
        memcpy(piece, p, take);
        piece[take] = '\0';
        o += sanitize_text(piece, out + o, outsz - o);
        if (n > take) { /* a line longer than piece: the rest in further pieces */
            p += take;
            continue;
        }
        p += n;
        if (!*p || o + 1 >= outsz)
            break;
        out[o++] = '\n';
        out[o] = '\0';
        p++;
    }
    return o;
}

static int
cp_width(unsigned cp)
{
    if (unshown(cp))
        return 1;
    int w = wcwidth((wchar_t)cp);
    return w < 0 ? 1 : w;
}

int
sanitize_width(const char *str)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t n = strlen(str);
    int w = 0;
    while (n) {
        unsigned cp;
        size_t len = utf8_decode(s, n, &cp);
        if (!len) {
            len = 1;
            cp = 0xfffd;
        }
        w += cp_width(cp);
        s += len;
        n -= len;
    }
    return w;
}

int
sanitize_fit(const char *in, int width, const char *ellipsis, char *out, size_t outsz)
{
    if (!outsz)
        return 0;
    char clean[4096];
    sanitize_text(in, clean, sizeof clean);
    if (width <= 0) {
        out[0] = '\0';
        return 0;
    }
    int total = sanitize_width(clean);
    int budget = total <= width ? width : width - 1; /* keep a column for the marker */
    const unsigned char *s = (const unsigned char *)clean;
    size_t n = strlen(clean), o = 0;
    int used = 0;
    while (n) {
        unsigned cp = 0xfffd;
        size_t len = utf8_decode(s, n, &cp); /* clean is valid UTF-8 */
        if (!len)
            len = 1;
        int w = cp_width(cp);
        if (used + w > budget || o + len >= outsz)
            break;
        memcpy(out + o, s, len);
        o += len;
        used += w;
        s += len;
        n -= len;
    }
    if (total > width && ellipsis) {
        size_t el = strlen(ellipsis);
        if (o + el < outsz) {
            memcpy(out + o, ellipsis, el);
            o += el;
            used += 1;
        }
    }
    out[o] = '\0';
    return used;
}
