/* glob.c — fnmatch(3) over names, and the checks of a pattern before it is trusted. */
#include "core/glob.h"

#include <fnmatch.h>
#include <stdio.h>
#include <string.h>

bool
glob_bucket_char(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
}

static bool
known_class(const char *name, size_t len)
{
    static const char *const classes[] = {"alnum", "alpha", "blank", "cntrl", "digit", "graph",
                                          "lower", "print", "punct", "space", "upper", "xdigit"};
    for (size_t i = 0; i < sizeof classes / sizeof classes[0]; i++)
        if (strlen(classes[i]) == len && strncmp(classes[i], name, len) == 0)
            return true;
    return false;
}

/* Index just past the bracket expression opening at g[i] ('['), or 0 when it never closes.
 * Follows fnmatch(3): a ']' first (after '!' or '^') is literal, '\' escapes, and [:class:],
 * [.sym.] and [=equiv=] nest. *bad_class gets the index of a [:class:] fnmatch does not know
 * (it would make the whole pattern match nothing), else stays put. */
static size_t
bracket_end(const char *g, size_t i, size_t *bad_class)
{
    size_t j = i + 1;
    if (g[j] == '!' || g[j] == '^')
        j++;
    if (g[j] == ']')
        j++;
    while (g[j] && g[j] != ']') {
        if (g[j] == '\\' && g[j + 1]) {
            j += 2;
        } else if (g[j] == '[' && (g[j + 1] == ':' || g[j + 1] == '.' || g[j + 1] == '=')) {
            char kind = g[j + 1];
            const char *close = NULL;
            for (size_t k = j + 2; g[k] && g[k + 1]; k++) {
                if (g[k] == kind && g[k + 1] == ']') {
                    close = g + k;
                    break;
                }
            }
            if (!close)
                return 0;
            if (kind == ':' && !known_class(g + j + 2, (size_t)(close - g) - (j + 2)))
                *bad_class = j;
            j = (size_t)(close - g) + 2;
        } else {
            j++;
        }
    }
    return g[j] == ']' ? j + 1 : 0;
}

/* fnmatch(3) silently takes an unbalanced '[' literally; here that is a mistake worth naming. */
const char *
glob_problem(const char *g, bool (*ok)(unsigned char), const char *charset, char *buf,
             size_t size)
{
    for (size_t i = 0; g[i];) {
        unsigned char c = (unsigned char)g[i];
        if (c == '*' || c == '?') {
            i++;
            continue;
        }
        if (c == '[') {
            size_t bad = (size_t)-1, end = bracket_end(g, i, &bad);
            if (!end) {
                snprintf(buf, size, "'[' at position %zu has no closing ']'", i + 1);
                return buf;
            }
            if (bad != (size_t)-1) {
                snprintf(buf, size, "the character class at position %zu is not one of [:alnum:], "
                                    "[:alpha:], [:digit:], [:lower:], [:upper:], [:xdigit:], ...",
                         bad + 1);
                return buf;
            }
            i = end;
            continue;
        }
        if (c == '\\') {
            if (!g[i + 1]) {
                snprintf(buf, size, "it ends with a lone '\\'; write \\\\ for a backslash");
                return buf;
            }
            c = (unsigned char)g[++i];
        }
        if (!ok(c)) {
            /* A literal that no name can contain: the pattern would silently match nothing. */
            if (c > 0x20 && c < 0x7f)
                snprintf(buf, size, "it can never match: it has '%c' at position %zu, and %s",
                         c, i + 1, charset);
            else
                snprintf(buf, size, "it can never match: it has a space, control or non-ASCII "
                                    "byte at position %zu, and %s", i + 1, charset);
            return buf;
        }
        i++;
    }
    return NULL;
}

bool
glob_match(const char *glob, const char *name)
{
    /* No FNM_PATHNAME or FNM_PERIOD: names have no '/' and a leading '.' is nothing special. */
    return fnmatch(glob, name ? name : "", 0) == 0;
}

bool
glob_all(const char *g)
{
    if (!*g)
        return false;
    for (; *g; g++)
        if (*g != '*')
            return false;
    return true;
}
