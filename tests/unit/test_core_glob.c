/* test_core_glob.c — glob_covers: one pattern covering another, exact for the syntax policies
 * accept (checked against fnmatch by brute force over every short name), and no claim where it
 * cannot be sure. */
#include <locale.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "core/glob.h"

static bool
profile_char(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '.' || c == '_' || c == '-';
}

static void
test_cases(void)
{
    bool (*b)(unsigned char) = glob_bucket_char;
    /* The case of issue 16: a glob before the name it covers. */
    CHECK(glob_covers("b-*", "b-kms", b));
    CHECK(!glob_covers("b-kms", "b-*", b));
    CHECK(glob_covers("*", "b-kms", b));
    CHECK(glob_covers("*", "*-logs-?", b));
    CHECK(glob_covers("**", "*", b));
    CHECK(glob_covers("logs-*", "logs-a*", b));
    CHECK(!glob_covers("logs-a*", "logs-*", b));
    CHECK(glob_covers("b-*", "b-?", b));
    CHECK(!glob_covers("b-?", "b-*", b));
    CHECK(glob_covers("*-kms", "b-kms", b));
    CHECK(glob_covers("*a*", "b*a", b));
    CHECK(glob_covers("*a*", "*a", b));
    CHECK(!glob_covers("*a*", "b*", b));
    CHECK(glob_covers("*-*", "a-*-b", b));
    CHECK(!glob_covers("a*b", "a*", b));
    /* Sets, ranges, negation and classes, over the names' own alphabet. */
    CHECK(glob_covers("[a-c]*", "b*", b));
    CHECK(!glob_covers("[a-c]*", "d*", b));
    CHECK(glob_covers("a[b-d]e", "a[bc]e", b));
    CHECK(!glob_covers("a[bc]e", "a[b-d]e", b));
    CHECK(glob_covers("[!x]*", "a*", b));
    CHECK(!glob_covers("[!x]*", "?*", b));
    CHECK(glob_covers("[^x]", "[a-w]", b));
    CHECK(glob_covers("[[:digit:]]*", "1*", b));
    CHECK(glob_covers("[[:alnum:]-]", "?", b)); /* every bucket character */
    CHECK(glob_covers("[[:lower:]]", "[[:alpha:]]", b)); /* bucket names have no upper case */
    CHECK(!glob_covers("[[:lower:]]", "[[:alpha:]]", profile_char));
    CHECK(glob_covers("?", "[a-z]", b));
    CHECK(glob_covers("a\\-b", "a-b", b));
    CHECK(glob_covers("a-b", "a\\-b", b));
    /* "" counts as a name: a pattern that needs a character does not cover one that needs none. */
    CHECK(!glob_covers("?*", "*", b));
    CHECK(glob_covers("?*", "??*", b));
    CHECK(!glob_covers("??*", "?*", b));
    /* Profiles have their own alphabet. */
    CHECK(glob_covers("prod*", "prod", profile_char));
    CHECK(glob_covers("prod*", "prod-eu.1", profile_char));
    CHECK(!glob_covers("prod*", "Prod", profile_char));
    CHECK(glob_covers("*", "prod", profile_char));
    /* No claim where the answer is not certain; the same text always covers itself. */
    CHECK(!glob_covers("[[.a.]]", "a", b));
    CHECK(!glob_covers("[[=a=]]*", "a*", b));
    CHECK(glob_covers("[[.a.]]", "[[.a.]]", b));
    CHECK(!glob_covers("x[*", "x[a", b));
    char longer[80];
    memset(longer, 'a', 70);
    longer[70] = '\0';
    CHECK(!glob_covers(longer, "a*", b) && !glob_covers("a*", longer, b));
    CHECK(glob_covers(longer, longer, b));
    CHECK(glob_covers("*", longer, b)); /* "*" covers everything, however long */
    CHECK(!glob_covers("a*", longer, b)); /* beyond 63 tokens: no claim, even where true */
}

/* Every name over {a, b} of at most 9 characters, numbered: length L, bits k → 2^L - 1 + k. */
#define NAMES 1023

/* Which of the names pattern matches, as a bit set. */
static void
matches(const char *pattern, uint64_t out[16])
{
    memset(out, 0, 16 * sizeof out[0]);
    char name[16];
    for (int len = 0, idx = 0; len <= 9; len++) {
        for (int bits = 0; bits < (1 << len); bits++, idx++) {
            for (int k = 0; k < len; k++)
                name[k] = (bits >> k) & 1 ? 'b' : 'a';
            name[len] = '\0';
            if (glob_match(pattern, name))
                out[idx >> 6] |= (uint64_t)1 << (idx & 63);
        }
    }
}

static bool
ab(unsigned char c)
{
    return c == 'a' || c == 'b';
}

static void
test_against_fnmatch(void)
{
    /* Every pair of patterns of up to three pieces: glob_covers agrees with fnmatch on every name
     * of up to 9 characters (a counterexample to patterns this short is shorter still). */
    static const char *const pieces[] = {"a", "b", "?", "*", "[ab]", "[!a]", "[a]"};
    enum { NP = sizeof pieces / sizeof pieces[0] };
    char pats[1 + NP + NP * NP + NP * NP * NP][24];
    size_t n = 0;
    snprintf(pats[n++], sizeof pats[0], "%s", "");
    for (int i = 0; i < NP; i++) {
        snprintf(pats[n++], sizeof pats[0], "%s", pieces[i]);
        for (int j = 0; j < NP; j++) {
            snprintf(pats[n++], sizeof pats[0], "%s%s", pieces[i], pieces[j]);
            for (int k = 0; k < NP; k++)
                snprintf(pats[n++], sizeof pats[0], "%s%s%s", pieces[i], pieces[j], pieces[k]);
        }
    }
    static uint64_t m[sizeof pats / sizeof pats[0]][16];
    for (size_t x = 0; x < n; x++)
        matches(pats[x], m[x]);
    size_t wrong = 0, claimed = 0;
    for (size_t x = 0; x < n; x++) {
        for (size_t y = 0; y < n; y++) {
            bool want = true;
            for (int w = 0; w < 16; w++)
                want = want && !(m[y][w] & ~m[x][w]);
            bool got = glob_covers(pats[x], pats[y], ab);
            claimed += got;
            if (got != want && wrong++ < 5)
                fprintf(stderr, "  glob_covers(\"%s\", \"%s\") = %d, fnmatch says %d\n", pats[x],
                        pats[y], got, want);
        }
    }
    CHECK_INT(wrong, 0);
    CHECK(claimed > 1000);
}

int
main(void)
{
    setlocale(LC_ALL, "C.UTF-8");
    test_cases();
    test_against_fnmatch();
    return check_done("core_glob");
}
