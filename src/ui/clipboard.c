/* clipboard.c — base64 and the OSC 52 sequence. */
#include "ui/clipboard.h"

#include <string.h>

size_t
clipboard_base64(const unsigned char *in, size_t n, char *out, size_t size)
{
    static const char digits[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    size_t need = (n + 2) / 3 * 4;
    if (!size || need + 1 > size) {
        if (size)
            out[0] = '\0';
        return 0;
    }
    size_t o = 0;
    for (size_t i = 0; i < n; i += 3) {
        unsigned v = (unsigned)in[i] << 16;
        if (i + 1 < n)
            v |= (unsigned)in[i + 1] << 8;
        if (i + 2 < n)
            v |= in[i + 2];
        out[o++] = digits[(v >> 18) & 63];
        out[o++] = digits[(v >> 12) & 63];
        out[o++] = i + 1 < n ? digits[(v >> 6) & 63] : '=';
        out[o++] = i + 2 < n ? digits[v & 63] : '=';
    }
    out[o] = '\0';
    return o;
}

size_t
clipboard_osc52(const char *text, size_t n, char *out, size_t size)
{
    static const char head[] = "\033]52;c;";
    size_t hl = sizeof head - 1;
    if (n > CLIPBOARD_MAX || size < hl + 2) {
        if (size)
            out[0] = '\0';
        return 0;
    }
    memcpy(out, head, hl);
    size_t b = clipboard_base64((const unsigned char *)text, n, out + hl, size - hl - 1);
    if (!b && n) {
        out[0] = '\0';
        return 0;
    }
    out[hl + b] = '\a'; /* BEL ends it: older terminals and tmux take it, as they take ST */
    out[hl + b + 1] = '\0';
    return hl + b + 1;
}
