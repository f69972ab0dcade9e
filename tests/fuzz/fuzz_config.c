/* fuzz_config.c — libFuzzer target: the configuration loader on arbitrary text. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "config/config.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    struct sse_config cfg;
    struct sse_diag errors = {0}, warnings = {0};
    if (config_load_string(text, "fuzz.cfg", &cfg, &errors, &warnings) == SSE_OK)
        config_cleanup(&cfg);
    sse_diag_cleanup(&errors);
    sse_diag_cleanup(&warnings);
    free(text);
    return 0;
}
