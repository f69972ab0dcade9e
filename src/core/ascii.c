/* ascii.c — locale-independent case folding (see ascii.h). */
#include "core/ascii.h"

int
ascii_casecmp(const char *a, const char *b)
{
    for (;; a++, b++) {
        int x = ascii_lower((unsigned char)*a), y = ascii_lower((unsigned char)*b);
        if (x != y || x == 0)
            return x - y;
    }
}

bool
ascii_has_prefix(const char *s, const char *prefix)
{
    for (; *prefix; s++, prefix++)
        if (ascii_lower((unsigned char)*s) != ascii_lower((unsigned char)*prefix))
            return false;
    return true;
}

bool
ascii_equal_n(const char *s, const char *t, size_t n)
{
    for (size_t i = 0; i < n; i++, s++)
        if (*s == '\0' || ascii_lower((unsigned char)*s) != ascii_lower((unsigned char)t[i]))
            return false;
    return *s == '\0';
}
