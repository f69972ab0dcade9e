/* test_config_theme.c — theme files: shipped themes load, built-ins match, errors name FILE:LINE. */
#include <dirent.h>
#include <libconfig.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "config/theme.h"

#define THEMES SSE_SOURCE_DIR "/themes"

static char tmpdir[256];
static char path[300];

static void
write_file(const char *p, const char *text)
{
    FILE *f = fopen(p, "w");
    if (!f) {
        perror(p);
        exit(2);
    }
    fputs(text, f);
    fclose(f);
}

static bool
same_theme(const struct theme *a, const struct theme *b)
{
    bool same = true;
    for (size_t i = 0; i < THEME_ELEMENT_COUNT; i++) {
        const struct theme_style *x = &a->styles[i], *y = &b->styles[i];
        if (x->fg != y->fg || x->bg != y->bg || x->attrs != y->attrs) {
            fprintf(stderr, "  %s differs: %d/%d/%#x vs %d/%d/%#x\n",
                    theme_element_key((enum theme_element)i), x->fg, x->bg, x->attrs, y->fg, y->bg,
                    y->attrs);
            same = false;
        }
    }
    return same;
}

static bool __attribute__((format(printf, 2, 3)))
has(const struct sse_diag *d, const char *fmt, ...)
{
    char suffix[2048], want[2400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(suffix, sizeof suffix, fmt, ap);
    va_end(ap);
    snprintf(want, sizeof want, "%s%s", path, suffix);
    for (size_t i = 0; i < d->count; i++)
        if (strcmp(d->lines[i], want) == 0)
            return true;
    fprintf(stderr, "  missing: %s\n", want);
    for (size_t i = 0; i < d->count; i++)
        fprintf(stderr, "    have: %s\n", d->lines[i]);
    return false;
}

/* Theme text that must fail with exactly one error; on failure the theme is the default. */
#define EXPECT_ONE(text, ...)                                                  \
    do {                                                                       \
        struct theme t_, def_;                                                 \
        struct sse_diag e_ = {0};                                              \
        write_file(path, text);                                                \
        CHECK_INT(theme_load_file(path, &t_, &e_), SSE_ERR_CONFIG);            \
        CHECK_INT(e_.count, 1);                                                \
        CHECK(has(&e_, __VA_ARGS__));                                          \
        theme_builtin_default(&def_);                                          \
        CHECK(memcmp(&t_, &def_, sizeof t_) == 0);                             \
        sse_diag_cleanup(&e_);                                                 \
    } while (0)

static void
test_elements_table(void)
{
    CHECK(THEME_ELEMENT_COUNT >= 28);
    CHECK_STR(theme_element_key(THEME_EL_TITLE), "title");
    CHECK_STR(theme_element_key(THEME_EL_FORM_FIELD_FOCUS), "form_field_focus");
    CHECK_STR(theme_element_key(THEME_EL_WARNING), "warning");
    CHECK(theme_element_key(THEME_ELEMENT_COUNT) == NULL);
    CHECK_STR(theme_element_description(THEME_EL_HEADER), "column titles of the bucket table");
    CHECK_INT(theme_element_find("algo_sm4"), THEME_EL_ALGO_SM4);
    CHECK_INT(theme_element_find("nope"), -1);
    static const char *const required[] = {
        "title", "header", "row", "row_alt", "row_selected", "row_marked", "algo_aes256",
        "algo_kms", "algo_sm4", "algo_none", "algo_unknown", "status_ok", "status_loading",
        "status_error", "summary", "status_bar", "status_key", "filter", "form_label",
        "form_field", "form_field_focus", "form_disabled", "form_error", "dialog", "dialog_title",
        "help_key", "help_text", "warning"};
    for (size_t i = 0; i < sizeof required / sizeof required[0]; i++)
        CHECK(theme_element_find(required[i]) >= 0);
    /* Keys are unique. */
    for (int i = 0; i < THEME_ELEMENT_COUNT; i++)
        CHECK_INT(theme_element_find(theme_element_key((enum theme_element)i)), i);
}

static void
test_builtins(void)
{
    struct theme d, m;
    theme_builtin_default(&d);
    theme_monochrome(&m);
    CHECK_STR(d.name, "default");
    CHECK_STR(m.name, "mono");
    for (int i = 0; i < THEME_ELEMENT_COUNT; i++) {
        CHECK(m.styles[i].fg == -1 && m.styles[i].bg == -1);
        /* No element of the default is invisible (same colour on itself). */
        CHECK(d.styles[i].fg == -1 || d.styles[i].fg != d.styles[i].bg);
    }
    CHECK_INT(d.styles[THEME_EL_ROW].fg, -1);
    CHECK_INT(d.styles[THEME_EL_HEADER].attrs, THEME_BOLD);
    /* Mono still tells the important states apart. */
    CHECK(m.styles[THEME_EL_ROW_SELECTED].attrs != m.styles[THEME_EL_ROW].attrs);
    CHECK(m.styles[THEME_EL_FORM_FIELD_FOCUS].attrs != m.styles[THEME_EL_FORM_FIELD].attrs);
    CHECK(m.styles[THEME_EL_STATUS_ERROR].attrs != 0);
}

/* Every element of the file is written out (so a theme never silently mixes in the default). */
static void
check_complete(const char *file)
{
    config_t lc;
    config_init(&lc);
    CHECK(config_read_file(&lc, file) == CONFIG_TRUE);
    const config_setting_t *els = config_lookup(&lc, "elements");
    CHECK(els != NULL);
    for (int i = 0; els && i < THEME_ELEMENT_COUNT; i++) {
        const char *k = theme_element_key((enum theme_element)i);
        if (!config_setting_get_member(els, k)) {
            fprintf(stderr, "  %s: element %s not written out\n", file, k);
            CHECK(0);
        }
    }
    config_destroy(&lc);
}

static void
test_shipped_themes(void)
{
    DIR *dir = opendir(THEMES);
    CHECK(dir != NULL);
    int n = 0;
    struct dirent *de;
    while (dir && (de = readdir(dir)) != NULL) {
        size_t len = strlen(de->d_name);
        if (len <= 6 || strcmp(de->d_name + len - 6, ".theme") != 0)
            continue;
        char file[512];
        snprintf(file, sizeof file, "%s/%s", THEMES, de->d_name);
        struct theme t;
        struct sse_diag e = {0};
        CHECK_INT(theme_load_file(file, &t, &e), SSE_OK);
        for (size_t i = 0; i < e.count; i++)
            fprintf(stderr, "  %s\n", e.lines[i]);
        CHECK_INT(e.count, 0);
        char stem[64];
        snprintf(stem, sizeof stem, "%.*s", (int)(len - 6), de->d_name);
        CHECK_STR(t.name, stem);
        check_complete(file);
        sse_diag_cleanup(&e);
        n++;
    }
    if (dir)
        closedir(dir);
    CHECK_INT(n, 5);

    struct theme t, b;
    struct sse_diag e = {0};
    /* default.theme is the compiled fallback, mono.theme the NO_COLOR one. */
    CHECK_INT(theme_load_file(THEMES "/default.theme", &t, &e), SSE_OK);
    theme_builtin_default(&b);
    CHECK(same_theme(&t, &b));
    CHECK_INT(theme_load_file(THEMES "/mono.theme", &t, &e), SSE_OK);
    theme_monochrome(&b);
    CHECK(same_theme(&t, &b));
    /* high-contrast: everything bold, nothing dim. */
    CHECK_INT(theme_load_file(THEMES "/high-contrast.theme", &t, &e), SSE_OK);
    for (int i = 0; i < THEME_ELEMENT_COUNT; i++) {
        if (i == THEME_EL_FORM_DISABLED)
            continue; /* deliberately the one plain element: it must look inactive */
        CHECK(t.styles[i].attrs & THEME_BOLD);
        CHECK(!(t.styles[i].attrs & THEME_DIM));
    }
    /* light: no white/yellow/cyan text on the terminal's (light) background. */
    CHECK_INT(theme_load_file(THEMES "/light.theme", &t, &e), SSE_OK);
    for (int i = 0; i < THEME_ELEMENT_COUNT; i++) {
        if (t.styles[i].bg != -1)
            continue;
        short fg = t.styles[i].fg;
        CHECK(fg != 7 && fg != 15 && fg != 3 && fg != 11 && fg != 6 && fg != 14);
    }
    /* dark: an explicit background everywhere. */
    CHECK_INT(theme_load_file(THEMES "/dark.theme", &t, &e), SSE_OK);
    for (int i = 0; i < THEME_ELEMENT_COUNT; i++)
        CHECK(t.styles[i].bg != -1);
    sse_diag_cleanup(&e);
}

static void
test_named(void)
{
    const char *dirs[] = {"", "/nonexistent/dir", THEMES, NULL};
    struct theme t;
    struct sse_diag e = {0};
    CHECK_INT(theme_load_named("dark", dirs, &t, &e), SSE_OK);
    CHECK_STR(t.name, "dark");
    CHECK_INT(e.count, 0);

    /* The first directory that has the file wins. */
    char own[400];
    snprintf(own, sizeof own, "%s/dark.theme", tmpdir);
    write_file(own, "name = \"my-dark\";\nelements = { row = { fg = 208; }; };\n");
    const char *dirs2[] = {tmpdir, THEMES, NULL};
    CHECK_INT(theme_load_named("dark", dirs2, &t, &e), SSE_OK);
    CHECK_STR(t.name, "my-dark");
    CHECK_INT(t.styles[THEME_EL_ROW].fg, 208);
    unlink(own);

    CHECK_INT(theme_load_named("solarized", dirs, &t, &e), SSE_ERR_CONFIG);
    CHECK_INT(e.count, 1);
    if (e.count)
        CHECK_STR(e.lines[0], "theme \"solarized\" not found: no solarized.theme in /nonexistent/dir, "
                              THEMES "; available themes: dark, default, high-contrast, light, mono");
    sse_diag_cleanup(&e);

    /* Without any theme directory, default and mono still work. */
    const char *none[] = {NULL};
    struct theme b;
    CHECK_INT(theme_load_named("default", none, &t, &e), SSE_OK);
    theme_builtin_default(&b);
    CHECK(memcmp(&t, &b, sizeof t) == 0);
    CHECK_INT(theme_load_named("mono", NULL, &t, &e), SSE_OK);
    theme_monochrome(&b);
    CHECK(memcmp(&t, &b, sizeof t) == 0);
    CHECK_INT(e.count, 0);
    CHECK_INT(theme_load_named("dark", none, &t, &e), SSE_ERR_CONFIG);
    if (e.count)
        CHECK_STR(e.lines[0], "theme \"dark\" not found: no dark.theme in (no directories); "
                              "available themes: none");
    sse_diag_cleanup(&e);

    /* Too long a name is said as such; a long directory list is given whole. */
    {
        char longname[301];
        memset(longname, 'a', 300);
        longname[300] = '\0';
        CHECK_INT(theme_load_named(longname, dirs, &t, &e), SSE_ERR_INVALID);
        if (e.count)
            CHECK(strstr(e.lines[0], "\" is 300 bytes long; at most 63") != NULL);
        sse_diag_cleanup(&e);
        char deep[700];
        memset(deep, 'd', sizeof deep - 1);
        deep[0] = '/';
        deep[sizeof deep - 1] = '\0';
        const char *long_dirs[] = {deep, deep, THEMES, NULL};
        CHECK_INT(theme_load_named("solarized", long_dirs, &t, &e), SSE_ERR_CONFIG);
        if (e.count) {
            CHECK(strstr(e.lines[0], THEMES "; available themes: dark, default, high-contrast, "
                                     "light, mono") != NULL);
            CHECK(strlen(e.lines[0]) > 2 * strlen(deep));
        }
        sse_diag_cleanup(&e);
    }
    CHECK_INT(theme_load_named("../../etc/passwd", dirs, &t, &e), SSE_ERR_INVALID);
    CHECK_INT(theme_load_named(".hidden", dirs, &t, &e), SSE_ERR_INVALID);
    CHECK_INT(theme_load_named("", dirs, &t, &e), SSE_ERR_INVALID);
    CHECK_INT(e.count, 3);
    if (e.count)
        CHECK_STR(e.lines[0], "theme name \"../../etc/passwd\" must be a plain name like \"dark\" "
                              "(no '/', not starting with '.')");
    sse_diag_cleanup(&e);
}

static void
test_values_and_inheritance(void)
{
    write_file(path, "# partial theme\n"
                     "elements = {\n"
                     "  header = { fg = \"bright-white\"; bg = 17; attrs = [\"bold\", \"underline\"]; };\n"
                     "  row = { fg = \"208\"; attrs = \"italic\"; };\n"
                     "  row_alt = { };\n"
                     "  warning = { bg = \"default\"; attrs = [\"reverse\", \"dim\", \"standout\"]; };\n"
                     "  algo_kms = { fg = \"black\"; bg = \"bright-black\"; attrs = ( \"bold\" ); };\n"
                     "};\n");
    struct theme t, d;
    struct sse_diag e = {0};
    CHECK_INT(theme_load_file(path, &t, &e), SSE_OK);
    CHECK_INT(e.count, 0);
    CHECK_STR(t.name, "theme"); /* from the file name */
    CHECK_INT(t.styles[THEME_EL_HEADER].fg, 15);
    CHECK_INT(t.styles[THEME_EL_HEADER].bg, 17);
    CHECK_INT(t.styles[THEME_EL_HEADER].attrs, THEME_BOLD | THEME_UNDERLINE);
    CHECK_INT(t.styles[THEME_EL_ROW].fg, 208);
    CHECK_INT(t.styles[THEME_EL_ROW].bg, -1);
    CHECK_INT(t.styles[THEME_EL_ROW].attrs, THEME_ITALIC);
    CHECK_INT(t.styles[THEME_EL_ROW_ALT].fg, -1);
    CHECK_INT(t.styles[THEME_EL_ROW_ALT].attrs, 0);
    CHECK_INT(t.styles[THEME_EL_WARNING].fg, -1); /* given element: fg left out = default */
    CHECK_INT(t.styles[THEME_EL_WARNING].attrs, THEME_REVERSE | THEME_DIM | THEME_STANDOUT);
    CHECK_INT(t.styles[THEME_EL_ALGO_KMS].fg, 0);
    CHECK_INT(t.styles[THEME_EL_ALGO_KMS].bg, 8);
    /* Elements left out inherit the default theme. */
    theme_builtin_default(&d);
    CHECK(memcmp(&t.styles[THEME_EL_TITLE], &d.styles[THEME_EL_TITLE], sizeof d.styles[0]) == 0);
    CHECK(memcmp(&t.styles[THEME_EL_DIALOG], &d.styles[THEME_EL_DIALOG], sizeof d.styles[0]) == 0);

    /* From memory, with a name key. */
    CHECK_INT(theme_load_string("name = \"x\"; elements = { title = { fg = 255; }; };", "mem", &t,
                                &e), SSE_OK);
    CHECK_STR(t.name, "x");
    CHECK_INT(t.styles[THEME_EL_TITLE].fg, 255);
    sse_diag_cleanup(&e);
}

static void
test_errors(void)
{
    EXPECT_ONE("elements = {\n  title = { fg = \"red\"; };\n  headr = { fg = \"red\"; };\n};\n",
               ":3: unknown element \"headr\" (did you mean \"header\"?); known elements: title, "
               "header, row, row_alt, row_selected, row_marked, algo_aes256, algo_kms, algo_sm4, "
               "algo_none, algo_unknown, status_ok, status_loading, status_error, summary, "
               "status_bar, status_key, filter, form_label, form_field, form_field_focus, "
               "form_disabled, form_error, dialog, dialog_title, detail_label, detail_value, "
               "help_key, help_text, warning");
    EXPECT_ONE("elements = {\n  title = { fg = \"purple\"; };\n};\n",
               ":2: elements.title.fg: unknown colour \"purple\"; expected default, black, red, "
               "green, yellow, blue, magenta, cyan, white, bright-black, bright-red, bright-green, "
               "bright-yellow, bright-blue, bright-magenta, bright-cyan, bright-white, or a number "
               "0-255");
    EXPECT_ONE("elements = {\n\n  row = { bg = \"bright_red\"; };\n};\n",
               ":3: elements.row.bg: unknown colour \"bright_red\" (did you mean \"bright-red\"?); "
               "expected default, black, red, green, yellow, blue, magenta, cyan, white, "
               "bright-black, bright-red, bright-green, bright-yellow, bright-blue, bright-magenta, "
               "bright-cyan, bright-white, or a number 0-255");
    EXPECT_ONE("elements = {\n  row = { fg = 256; };\n};\n",
               ":2: elements.row.fg must be a colour name or a number from 0 to 255, not 256");
    EXPECT_ONE("elements = {\n  row = { fg = -2; };\n};\n",
               ":2: elements.row.fg must be a colour name or a number from 0 to 255, not -2");
    EXPECT_ONE("elements = {\n  row = { fg = true; };\n};\n",
               ":2: elements.row.fg must be a colour in double quotes or a number 0-255, not "
               "true/false");
    EXPECT_ONE("elements = {\n  row = { attrs = [\"bold\",\n \"blink\"]; };\n};\n",
               ":3: elements.row.attrs: unknown attribute \"blink\"; expected bold, underline, "
               "reverse, dim, standout, italic");
    EXPECT_ONE("elements = {\n  row = { attrs = [\"bld\"]; };\n};\n",
               ":2: elements.row.attrs: unknown attribute \"bld\" (did you mean \"bold\"?); expected "
               "bold, underline, reverse, dim, standout, italic");
    EXPECT_ONE("elements = {\n  row = { attrs = 1; };\n};\n",
               ":2: elements.row.attrs must be a list like [\"bold\", \"underline\"], not an "
               "integer; expected bold, underline, reverse, dim, standout, italic");
    EXPECT_ONE("elements = {\n  row = { fgg = \"red\"; };\n};\n",
               ":2: unknown key \"fgg\" in element \"row\" (did you mean \"fg\"?); known keys: fg, "
               "bg, attrs");
    EXPECT_ONE("elements = {\n  row = \"red\";\n};\n",
               ":2: elements.row must be a group like { fg = \"white\"; bg = \"blue\"; attrs = "
               "[\"bold\"]; }, not a string");
    EXPECT_ONE("name = \"x\";\nelements = { };\nelement = { };\n",
               ":3: unknown key \"element\" at the top level (did you mean \"elements\"?); known "
               "keys: name, elements");
    EXPECT_ONE("name = \"x\";\n", ": has no elements; expected elements = { header = { fg = "
                                 "\"black\"; bg = \"cyan\"; }; ... };");
    EXPECT_ONE("name = 5;\nelements = { };\n",
               ":1: name must be a string of 1 to 63 bytes, like name = \"dark\";");
    EXPECT_ONE("elements = [ 1 ];\n",
               ":1: elements must be a group, like elements = { header = { fg = \"black\"; }; };, "
               "not an array [ ]");
    EXPECT_ONE("elements = {\n  row = { fg = \"red\" bg = ; };\n};\n",
               ":2: syntax error; expected name = \"...\"; elements = { header = { fg = \"black\"; "
               "bg = \"cyan\"; attrs = [\"bold\"]; }; };");
    EXPECT_ONE("elements = {\n  row = { };\n  row = { };\n};\n",
               ":3: an element or key is set twice in the same group; keep one");
    EXPECT_ONE("elements = {\n  row = { fg = \"\\x1b]0;pwn\\x07\"; };\n};\n",
               ":2: elements.row.fg: unknown colour \"?]0;pwn?\"; expected default, black, red, "
               "green, yellow, blue, magenta, cyan, white, bright-black, bright-red, bright-green, "
               "bright-yellow, bright-blue, bright-magenta, bright-cyan, bright-white, or a number "
               "0-255");

    /* All errors of a file together, each with its line. */
    write_file(path, "name = \"broken\";\n"
                     "elements = {\n"
                     "  titel = { fg = \"red\"; };\n"
                     "  header = { fg = \"purple\"; bg = 300; };\n"
                     "  row = { attrs = [\"blink\"]; colour = 1; };\n"
                     "};\n"
                     "extra = 1;\n");
    struct theme t;
    struct sse_diag e = {0};
    CHECK_INT(theme_load_file(path, &t, &e), SSE_ERR_CONFIG);
    CHECK_INT(e.count, 6);
    int lines[6] = {0};
    for (size_t i = 0; i < e.count && i < 6; i++)
        lines[i] = atoi(e.lines[i] + strlen(path) + 1);
    CHECK_INT(lines[0], 7);
    CHECK_INT(lines[1], 3);
    CHECK_INT(lines[2], 4);
    CHECK_INT(lines[3], 4);
    CHECK_INT(lines[4], 5);
    CHECK_INT(lines[5], 5);
    sse_diag_cleanup(&e);

    char missing[400];
    snprintf(missing, sizeof missing, "%s/none.theme", tmpdir);
    CHECK_INT(theme_load_file(missing, &t, &e), SSE_ERR_IO);
    char want[500];
    snprintf(want, sizeof want, "%s: cannot open: No such file or directory", missing);
    if (e.count)
        CHECK_STR(e.lines[0], want);
    sse_diag_cleanup(&e);
}

static void
test_include(void)
{
    /* @include looks next to the theme file, not in the current directory, and an error in the
     * included file names that file. */
    char inc[400], cwd[4096];
    snprintf(inc, sizeof inc, "%s/base.inc", tmpdir);
    CHECK(getcwd(cwd, sizeof cwd) != NULL);
    CHECK_INT(chdir("/"), 0);
    write_file(inc, "elements = { header = { fg = \"red\"; }; };\n");
    write_file(path, "name = \"inc\";\n@include \"base.inc\"\n");
    struct theme t;
    struct sse_diag e = {0};
    CHECK_INT(theme_load_file(path, &t, &e), SSE_OK);
    CHECK_STR(t.name, "inc");
    CHECK_INT(t.styles[THEME_EL_HEADER].fg, 1);
    CHECK_INT(e.count, 0);
    sse_diag_cleanup(&e);

    write_file(inc, "elements = { header = { fg = \"redd\"; }; };\n");
    CHECK_INT(theme_load_file(path, &t, &e), SSE_ERR_CONFIG);
    char want[1200];
    snprintf(want, sizeof want, "%s:1: elements.header.fg: unknown colour \"redd\" (did you mean "
             "\"red\"?); expected default, black, red, green, yellow, blue, magenta, cyan, white, "
             "bright-black, bright-red, bright-green, bright-yellow, bright-blue, bright-magenta, "
             "bright-cyan, bright-white, or a number 0-255", inc);
    CHECK_INT(e.count, 1);
    if (e.count)
        CHECK_STR(e.lines[0], want);
    sse_diag_cleanup(&e);
    CHECK_INT(chdir(cwd), 0);
    unlink(inc);
}

int
main(void)
{
    const char *base = getenv("TMPDIR") && *getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
    snprintf(tmpdir, sizeof tmpdir, "%s/sse-theme-XXXXXX", base);
    if (!mkdtemp(tmpdir)) {
        perror("mkdtemp");
        return 2;
    }
    snprintf(path, sizeof path, "%s/theme", tmpdir);

    test_elements_table();
    test_builtins();
    test_shipped_themes();
    test_named();
    test_values_and_inheritance();
    test_errors();
    test_include();

    unlink(path);
    rmdir(tmpdir);
    return check_done("theme");
}
