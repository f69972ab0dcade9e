/* glob.c — fnmatch(3) over names, and the checks of a pattern before it is trusted. */
#include "core/glob.h"

#include <fnmatch.h>
#include <stdint.h>
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

/* ---- glob_covers: inclusion of the languages of two patterns -------------------------------- */

/* A pattern as a sequence of tokens: '*' (any run, the empty one too) or one character of a set. */
#define COVER_TOKENS_MAX 63  /* positions 0..63 fit a 64-bit set of states */
#define COVER_STATES_MAX 1024

struct cover_token {
    bool star;
    uint64_t set[4]; /* the characters it matches (by byte value) */
};

static bool
set_has(const uint64_t *set, unsigned c)
{
    return (set[c >> 6] >> (c & 63)) & 1;
}

/* Tokens of g over the alphabet ok accepts, or -1 when g holds what cannot be decided. */
static int
cover_tokens(const char *g, bool (*ok)(unsigned char), struct cover_token *t)
{
    int n = 0;
    for (size_t i = 0; g[i];) {
        if (g[i] == '*') {
            if (!n || !t[n - 1].star) {
                if (n == COVER_TOKENS_MAX)
                    return -1;
                t[n++] = (struct cover_token){ .star = true };
            }
            i++;
            continue;
        }
        if (n == COVER_TOKENS_MAX)
            return -1;
        struct cover_token *k = &t[n++];
        *k = (struct cover_token){ .star = false };
        if (g[i] == '[') {
            size_t bad = (size_t)-1, end = bracket_end(g, i, &bad);
            char brk[256];
            if (!end || bad != (size_t)-1 || end - i >= sizeof brk)
                return -1;
            memcpy(brk, g + i, end - i);
            brk[end - i] = '\0';
            if (strstr(brk + 1, "[.") || strstr(brk + 1, "[="))
                return -1; /* a collating element may stand for two characters */
            for (unsigned c = 1; c < 256; c++) {
                char one[2] = { (char)c, '\0' };
                if (ok((unsigned char)c) && fnmatch(brk, one, 0) == 0)
                    k->set[c >> 6] |= (uint64_t)1 << (c & 63);
            }
            i = end;
            continue;
        }
        bool any = g[i] == '?';
        if (g[i] == '\\' && !g[++i])
            return -1;
        unsigned char c = (unsigned char)g[i++];
        for (unsigned d = any ? 1 : c; d < (any ? 256u : c + 1u); d++)
            if (ok((unsigned char)d))
                k->set[d >> 6] |= (uint64_t)1 << (d & 63);
    }
    return n;
}

/* The states s reaches without reading (a '*' may match nothing). */
static uint64_t
cover_close(const struct cover_token *t, int n, uint64_t s)
{
    for (int j = 0; j < n; j++)
        if (((s >> j) & 1) && t[j].star)
            s |= (uint64_t)1 << (j + 1);
    return s;
}

/* The states s reaches by reading c. */
static uint64_t
cover_step(const struct cover_token *t, int n, uint64_t s, unsigned c)
{
    uint64_t r = 0;
    for (int j = 0; j < n; j++) {
        if (!((s >> j) & 1))
            continue;
        if (t[j].star)
            r |= (uint64_t)1 << j;
        else if (set_has(t[j].set, c))
            r |= (uint64_t)1 << (j + 1);
    }
    return cover_close(t, n, r);
}

static bool
plain(char c)
{
    return c && c != '*' && c != '?' && c != '[' && c != '\\';
}

/* Length of the one-character token at g (a plain character, '?', an escape or a whole bracket
 * expression), or 0 for '*', the end, or what does not parse. */
static size_t
one_char_token(const char *g)
{
    if (!*g || *g == '*')
        return 0;
    if (*g == '\\')
        return g[1] ? 2 : 0;
    if (*g == '[') {
        size_t bad = (size_t)-1, end = bracket_end(g, 0, &bad);
        return end;
    }
    return 1;
}

/* Whether the last character of g[0..n) is a plain one no '\\' escapes and no bracket holds. */
static bool
plain_last(const char *g, size_t n)
{
    return n && plain(g[n - 1]) && g[n - 1] != ']' && (n < 2 || g[n - 2] != '\\');
}

/* A character ok accepts other than c (the usual ones asked first: this runs for most pairs). */
static bool
other_char(bool (*ok)(unsigned char), unsigned char c)
{
    static const char likely[] = "ab0";
    for (const char *l = likely; *l; l++)
        if ((unsigned char)*l != c && ok((unsigned char)*l))
            return true;
    for (unsigned d = 1; d < 256; d++)
        if (d != c && ok((unsigned char)d))
            return true;
    return false;
}

bool
glob_covers(const char *glob, const char *sub, bool (*ok)(unsigned char))
{
    if (plain(glob[0]) && plain(sub[0]) && glob[0] != sub[0])
        return false; /* the commonest answer in a long policy, first */
    if (strcmp(glob, sub) == 0 || glob_all(glob))
        return true;
    /* A one-character token both begin with (the same text) reads the same character in both:
     * it can go; so can a plain character both end with. What is left decides, and most pairs of
     * a long policy are told apart at once by what is left's first or last character. */
    const char *a = glob, *b = sub;
    size_t tok;
    while ((tok = one_char_token(a)) && tok == one_char_token(b) && strncmp(a, b, tok) == 0)
        a += tok, b += tok;
    size_t la = strlen(a), lb = strlen(b);
    while (plain_last(a, la) && plain_last(b, lb) && a[la - 1] == b[lb - 1])
        la--, lb--;
    if (!la) /* only "" is left for glob: sub must be that too */
        return !lb;
    if (!lb) { /* only "" is left for sub: glob must match it (be stars only) */
        for (size_t i = 0; i < la; i++)
            if (a[i] != '*')
                return false;
        return true;
    }
    if (plain(a[0]) && plain(b[0]) && a[0] != b[0])
        return false;
    if (plain_last(a, la) && plain_last(b, lb) && a[la - 1] != b[lb - 1])
        return false;
    /* sub free to begin (end) with anything, glob not: a name of sub with another first (last)
     * character is not glob's. */
    if (plain(a[0]) && b[0] == '*' && other_char(ok, (unsigned char)a[0]))
        return false;
    if (plain_last(a, la) && b[lb - 1] == '*' && (lb < 2 || b[lb - 2] != '\\') &&
        other_char(ok, (unsigned char)a[la - 1]))
        return false;
    char ga[256], gb[256];
    if (la >= sizeof ga || lb >= sizeof gb)
        return false;
    memcpy(ga, a, la);
    ga[la] = '\0';
    memcpy(gb, b, lb);
    gb[lb] = '\0';
    struct cover_token ta[COVER_TOKENS_MAX], tb[COVER_TOKENS_MAX];
    int na = cover_tokens(ga, ok, ta), nb = cover_tokens(gb, ok, tb);
    if (na < 0 || nb < 0)
        return false;
    /* Characters that every token of both patterns treats alike lead to the same states: one of
     * each kind is enough to read. */
    unsigned reps[256];
    uint64_t kinds[256][2];
    int nreps = 0;
    for (unsigned c = 1; c < 256; c++) {
        if (!ok((unsigned char)c))
            continue;
        uint64_t kind[2] = { 0, 0 };
        for (int j = 0; j < na; j++)
            if (!ta[j].star && set_has(ta[j].set, c))
                kind[0] |= (uint64_t)1 << j;
        for (int j = 0; j < nb; j++)
            if (!tb[j].star && set_has(tb[j].set, c))
                kind[1] |= (uint64_t)1 << j;
        int r = 0;
        while (r < nreps && (kinds[r][0] != kind[0] || kinds[r][1] != kind[1]))
            r++;
        if (r == nreps) {
            kinds[nreps][0] = kind[0];
            kinds[nreps][1] = kind[1];
            reps[nreps++] = c;
        }
    }
    /* Walk every pair (states of sub, states of glob) a name can lead to: sub accepting where
     * glob does not is a name sub matches and glob does not. */
    uint64_t seen[COVER_STATES_MAX][2];
    uint64_t accept_a = (uint64_t)1 << na, accept_b = (uint64_t)1 << nb;
    size_t count = 0, next = 0;
    seen[count][0] = cover_close(tb, nb, 1);
    seen[count][1] = cover_close(ta, na, 1);
    count++;
    while (next < count) {
        uint64_t sb = seen[next][0], sa = seen[next][1];
        next++;
        if ((sb & accept_b) && !(sa & accept_a))
            return false;
        for (int r = 0; r < nreps; r++) {
            uint64_t b2 = cover_step(tb, nb, sb, reps[r]);
            if (!b2)
                continue; /* no name of sub goes on this way */
            uint64_t a2 = cover_step(ta, na, sa, reps[r]);
            size_t k = 0;
            while (k < count && (seen[k][0] != b2 || seen[k][1] != a2))
                k++;
            if (k < count)
                continue;
            if (count == COVER_STATES_MAX)
                return false;
            seen[count][0] = b2;
            seen[count][1] = a2;
            count++;
        }
    }
    return true;
}
