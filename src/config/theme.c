/* theme.c — theme files → struct theme; the built-in default and monochrome themes. */
#include "config/theme.h"

#include <dirent.h>
#include <libconfig.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/sanitize.h"

/* Text from the file, made safe to quote in a message (control bytes become '?'), cut to fit. */
#define SHOWN(buf, s) (sanitize_text((s), (buf), sizeof(buf)), (buf))

#define NELEMS(a) (sizeof(a) / sizeof((a)[0]))

static const char *const element_keys[] = {
#define ELEMENT(name, key, desc) key,
#include "config/elements.def"
#undef ELEMENT
};

static const char *const element_descs[] = {
#define ELEMENT(name, key, desc) desc,
#include "config/elements.def"
#undef ELEMENT
};

const char *
theme_element_key(enum theme_element el)
{
    return (unsigned)el < THEME_ELEMENT_COUNT ? element_keys[el] : NULL;
}

const char *
theme_element_description(enum theme_element el)
{
    return (unsigned)el < THEME_ELEMENT_COUNT ? element_descs[el] : NULL;
}

int
theme_element_find(const char *key)
{
    for (size_t i = 0; i < THEME_ELEMENT_COUNT; i++)
        if (strcmp(element_keys[i], key) == 0)
            return (int)i;
    return -1;
}

/* ---- built-in themes ---------------------------------------------------------------------- */

enum { DEF = -1, BLACK, RED, GREEN, YELLOW, BLUE, MAGENTA, CYAN, WHITE };

struct style_entry {
    enum theme_element el;
    struct theme_style s;
};

/* Only what differs from "terminal default, no attributes" is listed: an element added to
 * elements.def without an entry here is plain rather than black on black. */
static const struct style_entry default_styles[] = {
    {THEME_EL_TITLE, {WHITE, BLUE, THEME_BOLD}},
    {THEME_EL_HEADER, {BLACK, GREEN, THEME_BOLD}},
    {THEME_EL_ROW_SELECTED, {BLACK, CYAN, 0}},
    {THEME_EL_ROW_MARKED, {YELLOW, DEF, THEME_BOLD}},
    {THEME_EL_ALGO_AES256, {GREEN, DEF, 0}},
    {THEME_EL_ALGO_KMS, {CYAN, DEF, 0}},
    {THEME_EL_ALGO_SM4, {MAGENTA, DEF, 0}},
    {THEME_EL_ALGO_NONE, {YELLOW, DEF, 0}},
    {THEME_EL_ALGO_UNKNOWN, {DEF, DEF, THEME_DIM}},
    {THEME_EL_STATUS_OK, {GREEN, DEF, 0}},
    {THEME_EL_STATUS_LOADING, {DEF, DEF, THEME_DIM}},
    {THEME_EL_STATUS_ERROR, {RED, DEF, THEME_BOLD}},
    {THEME_EL_SUMMARY, {DEF, DEF, THEME_BOLD}},
    {THEME_EL_STATUS_BAR, {BLACK, CYAN, 0}},
    {THEME_EL_STATUS_KEY, {WHITE, BLACK, THEME_BOLD}},
    {THEME_EL_FILTER, {YELLOW, DEF, THEME_BOLD}},
    {THEME_EL_FORM_LABEL, {DEF, DEF, THEME_BOLD}},
    {THEME_EL_FORM_FIELD, {DEF, DEF, THEME_UNDERLINE}},
    {THEME_EL_FORM_FIELD_FOCUS, {BLACK, YELLOW, 0}},
    {THEME_EL_FORM_DISABLED, {DEF, DEF, THEME_DIM}},
    {THEME_EL_FORM_ERROR, {RED, DEF, THEME_BOLD}},
    {THEME_EL_DIALOG, {WHITE, BLUE, 0}},
    {THEME_EL_DIALOG_TITLE, {YELLOW, BLUE, THEME_BOLD}},
    {THEME_EL_DETAIL_LABEL, {CYAN, DEF, 0}},
    {THEME_EL_HELP_KEY, {YELLOW, DEF, THEME_BOLD}},
    {THEME_EL_WARNING, {BLACK, YELLOW, THEME_BOLD}},
};

/* Attributes alone must tell the states apart when there is no colour. */
static const struct style_entry mono_styles[] = {
    {THEME_EL_TITLE, {DEF, DEF, THEME_BOLD | THEME_REVERSE}},
    {THEME_EL_HEADER, {DEF, DEF, THEME_BOLD | THEME_UNDERLINE}},
    {THEME_EL_ROW_SELECTED, {DEF, DEF, THEME_REVERSE}},
    {THEME_EL_ROW_MARKED, {DEF, DEF, THEME_BOLD}},
    {THEME_EL_ALGO_NONE, {DEF, DEF, THEME_BOLD}},
    {THEME_EL_ALGO_UNKNOWN, {DEF, DEF, THEME_DIM}},
    {THEME_EL_STATUS_LOADING, {DEF, DEF, THEME_DIM}},
    {THEME_EL_STATUS_ERROR, {DEF, DEF, THEME_BOLD | THEME_UNDERLINE}},
    {THEME_EL_SUMMARY, {DEF, DEF, THEME_BOLD}},
    {THEME_EL_STATUS_BAR, {DEF, DEF, THEME_REVERSE}},
    {THEME_EL_STATUS_KEY, {DEF, DEF, THEME_REVERSE | THEME_BOLD}},
    {THEME_EL_FILTER, {DEF, DEF, THEME_BOLD}},
    {THEME_EL_FORM_LABEL, {DEF, DEF, THEME_BOLD}},
    {THEME_EL_FORM_FIELD, {DEF, DEF, THEME_UNDERLINE}},
    {THEME_EL_FORM_FIELD_FOCUS, {DEF, DEF, THEME_REVERSE}},
    {THEME_EL_FORM_DISABLED, {DEF, DEF, THEME_DIM}},
    {THEME_EL_FORM_ERROR, {DEF, DEF, THEME_BOLD}},
    {THEME_EL_DIALOG_TITLE, {DEF, DEF, THEME_BOLD}},
    {THEME_EL_DETAIL_LABEL, {DEF, DEF, THEME_BOLD}},
    {THEME_EL_HELP_KEY, {DEF, DEF, THEME_BOLD}},
    {THEME_EL_WARNING, {DEF, DEF, THEME_STANDOUT}},
};

static void
apply_entries(struct theme *t, const char *name, const struct style_entry *e, size_t n)
{
    memset(t, 0, sizeof *t);
    snprintf(t->name, sizeof t->name, "%s", name);
    for (size_t i = 0; i < THEME_ELEMENT_COUNT; i++)
        t->styles[i] = (struct theme_style){DEF, DEF, 0};
    for (size_t i = 0; i < n; i++)
        t->styles[e[i].el] = e[i].s;
}

void
theme_builtin_default(struct theme *t)
{
    apply_entries(t, "default", default_styles, NELEMS(default_styles));
}

void
theme_monochrome(struct theme *t)
{
    apply_entries(t, "mono", mono_styles, NELEMS(mono_styles));
}

/* ---- theme files -------------------------------------------------------------------------- */

static const char *const colour_names[] = {
    "black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
    "bright-black", "bright-red", "bright-green", "bright-yellow", "bright-blue",
    "bright-magenta", "bright-cyan", "bright-white"};
static const char *const colour_words[] = {
    "default", "black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
    "bright-black", "bright-red", "bright-green", "bright-yellow", "bright-blue",
    "bright-magenta", "bright-cyan", "bright-white"};
static const char *const attr_names[] = {"bold", "underline", "reverse", "dim", "standout", "italic"};
static const unsigned attr_bits[] = {THEME_BOLD, THEME_UNDERLINE, THEME_REVERSE,
                                     THEME_DIM, THEME_STANDOUT, THEME_ITALIC};
static const char *const top_keys[] = {"name", "elements"};
static const char *const style_keys[] = {"fg", "bg", "attrs"};

#define COLOURS_EXPECTED "default, black, red, green, yellow, blue, magenta, cyan, white, " \
    "bright-black, bright-red, bright-green, bright-yellow, bright-blue, bright-magenta, "  \
    "bright-cyan, bright-white, or a number 0-255"
#define ATTRS_EXPECTED "bold, underline, reverse, dim, standout, italic"

struct tloader {
    const char *file;
    struct sse_diag *errors;
    size_t nerrors;
};

static void __attribute__((format(printf, 3, 4)))
terr(struct tloader *ld, const config_setting_t *at, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    const char *file = at && config_setting_source_file(at) ? config_setting_source_file(at)
                                                             : ld->file;
    unsigned line = at ? config_setting_source_line(at) : 0;
    if (line)
        sse_diag_add(ld->errors, "%s:%u: %s", file, line, msg);
    else
        sse_diag_add(ld->errors, "%s: %s", file, msg);
    ld->nerrors++;
}

static const char *
type_name(const config_setting_t *s)
{
    switch (config_setting_type(s)) {
    case CONFIG_TYPE_GROUP: return "a group { }";
    case CONFIG_TYPE_INT:
    case CONFIG_TYPE_INT64: return "an integer";
    case CONFIG_TYPE_FLOAT: return "a decimal number";
    case CONFIG_TYPE_STRING: return "a string";
    case CONFIG_TYPE_BOOL: return "true/false";
    case CONFIG_TYPE_ARRAY: return "an array [ ]";
    case CONFIG_TYPE_LIST: return "a list ( )";
    default: return "nothing";
    }
}

/* " (did you mean "x"?)" or "" */
static void
hint(char *buf, size_t size, const char *word, const char *const *cands, size_t n)
{
    const char *h = config_suggest(word, cands, n);
    if (h)
        snprintf(buf, size, " (did you mean \"%s\"?)", h);
    else
        buf[0] = '\0';
}

static void
parse_colour(struct tloader *ld, const config_setting_t *s, const char *path, short *out)
{
    int t = config_setting_type(s);
    if (t == CONFIG_TYPE_INT || t == CONFIG_TYPE_INT64) {
        long long v = config_setting_get_int64(s);
        if (v < 0 || v > 255)
            terr(ld, s, "%s must be a colour name or a number from 0 to 255, not %lld", path, v);
        else
            *out = (short)v;
        return;
    }
    if (t != CONFIG_TYPE_STRING) {
        terr(ld, s, "%s must be a colour in double quotes or a number 0-255, not %s", path,
             type_name(s));
        return;
    }
    const char *v = config_setting_get_string(s) ? config_setting_get_string(s) : "";
    if (strcmp(v, "default") == 0) {
        *out = -1;
        return;
    }
    for (size_t i = 0; i < NELEMS(colour_names); i++) {
        if (strcmp(v, colour_names[i]) == 0) {
            *out = (short)i;
            return;
        }
    }
    /* "208" as a string is as clear as 208. */
    size_t n = strlen(v);
    if (n >= 1 && n <= 3 && strspn(v, "0123456789") == n && atoi(v) <= 255) {
        *out = (short)atoi(v);
        return;
    }
    char h[96], sh[72];
    hint(h, sizeof h, v, colour_words, NELEMS(colour_words));
    terr(ld, s, "%s: unknown colour \"%s\"%s; expected " COLOURS_EXPECTED, path, SHOWN(sh, v), h);
}

static bool
parse_attr(struct tloader *ld, const config_setting_t *s, const char *path, unsigned *out)
{
    if (config_setting_type(s) != CONFIG_TYPE_STRING) {
        terr(ld, s, "%s must be attribute names in double quotes, not %s; expected " ATTRS_EXPECTED,
             path, type_name(s));
        return false;
    }
    const char *v = config_setting_get_string(s) ? config_setting_get_string(s) : "";
    for (size_t i = 0; i < NELEMS(attr_names); i++) {
        if (strcmp(v, attr_names[i]) == 0) {
            *out |= attr_bits[i];
            return true;
        }
    }
    char h[96], sh[72];
    hint(h, sizeof h, v, attr_names, NELEMS(attr_names));
    terr(ld, s, "%s: unknown attribute \"%s\"%s; expected " ATTRS_EXPECTED, path, SHOWN(sh, v), h);
    return false;
}

static void
parse_style(struct tloader *ld, const config_setting_t *g, const char *key, struct theme_style *st)
{
    char path[96];
    snprintf(path, sizeof path, "elements.%s", key);
    if (config_setting_type(g) != CONFIG_TYPE_GROUP) {
        terr(ld, g, "%s must be a group like { fg = \"white\"; bg = \"blue\"; attrs = [\"bold\"]; "
                    "}, not %s", path, type_name(g));
        return;
    }
    *st = (struct theme_style){-1, -1, 0};
    for (int i = 0; i < config_setting_length(g); i++) {
        const config_setting_t *m = config_setting_get_elem(g, (unsigned)i);
        const char *k = config_setting_name(m);
        if (strcmp(k, "fg") == 0 || strcmp(k, "bg") == 0) {
            char p2[112];
            snprintf(p2, sizeof p2, "%s.%s", path, k);
            parse_colour(ld, m, p2, k[0] == 'f' ? &st->fg : &st->bg);
        } else if (strcmp(k, "attrs") == 0) {
            char p2[112];
            snprintf(p2, sizeof p2, "%s.attrs", path);
            int t = config_setting_type(m);
            if (t == CONFIG_TYPE_STRING) {
                parse_attr(ld, m, p2, &st->attrs);
            } else if (t == CONFIG_TYPE_ARRAY || t == CONFIG_TYPE_LIST) {
                for (int j = 0; j < config_setting_length(m); j++)
                    parse_attr(ld, config_setting_get_elem(m, (unsigned)j), p2, &st->attrs);
            } else {
                terr(ld, m, "%s must be a list like [\"bold\", \"underline\"], not %s; expected "
                            ATTRS_EXPECTED, p2, type_name(m));
            }
        } else {
            char h[96];
            hint(h, sizeof h, k, style_keys, NELEMS(style_keys));
            terr(ld, m, "unknown key \"%s\" in element \"%s\"%s; known keys: fg, bg, attrs", k,
                 key, h);
        }
    }
}

/* Joins all element keys for the "known elements" list. */
static void
element_list(char *buf, size_t size)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < THEME_ELEMENT_COUNT && used < size; i++) {
        int w = snprintf(buf + used, size - used, "%s%s", i ? ", " : "", element_keys[i]);
        if (w < 0)
            break;
        used += (size_t)w;
    }
}

static enum sse_status
load_text(const char *text, const char *file, const char *stem, struct theme *t,
          struct sse_diag *errors)
{
    theme_builtin_default(t);
    /* The name is shown on screen: keep control bytes out of it. */
    sanitize_text(stem, t->name, sizeof t->name);
    struct tloader ld = {.file = file, .errors = errors};

    config_t lc;
    config_init(&lc);
    if (!config_read_string(&lc, text)) {
        const char *f = config_error_file(&lc) ? config_error_file(&lc) : file;
        const char *what = config_error_text(&lc) ? config_error_text(&lc) : "syntax error";
        if (strcmp(what, "duplicate setting name") == 0)
            sse_diag_add(errors, "%s:%d: an element or key is set twice in the same group; keep "
                                 "one", f, config_error_line(&lc));
        else if (strcmp(what, "syntax error") == 0)
            sse_diag_add(errors, "%s:%d: syntax error; expected name = \"...\"; elements = { header "
                                 "= { fg = \"black\"; bg = \"cyan\"; attrs = [\"bold\"]; }; };", f,
                         config_error_line(&lc));
        else
            sse_diag_add(errors, "%s:%d: %s", f, config_error_line(&lc), what);
        config_destroy(&lc);
        theme_builtin_default(t);
        return SSE_ERR_CONFIG;
    }
    const config_setting_t *root = config_root_setting(&lc);
    for (int i = 0; i < config_setting_length(root); i++) {
        const config_setting_t *m = config_setting_get_elem(root, (unsigned)i);
        const char *k = config_setting_name(m);
        if (strcmp(k, "name") == 0 || strcmp(k, "elements") == 0)
            continue;
        char h[96];
        hint(h, sizeof h, k, top_keys, NELEMS(top_keys));
        terr(&ld, m, "unknown key \"%s\" at the top level%s; known keys: name, elements", k, h);
    }
    const config_setting_t *ns = config_setting_get_member(root, "name");
    if (ns) {
        const char *v = config_setting_type(ns) == CONFIG_TYPE_STRING
                            ? config_setting_get_string(ns) : NULL;
        if (!v || !*v || strlen(v) >= sizeof t->name)
            terr(&ld, ns, "name must be a string of 1 to %zu bytes, like name = \"dark\";",
                 sizeof t->name - 1);
        else
            sanitize_text(v, t->name, sizeof t->name);
    }
    const config_setting_t *els = config_setting_get_member(root, "elements");
    if (!els) {
        terr(&ld, NULL, "has no elements; expected elements = { header = { fg = \"black\"; bg = "
                        "\"cyan\"; }; ... };");
    } else if (config_setting_type(els) != CONFIG_TYPE_GROUP) {
        terr(&ld, els, "elements must be a group, like elements = { header = { fg = \"black\"; }; "
                       "};, not %s", type_name(els));
    } else {
        for (int i = 0; i < config_setting_length(els); i++) {
            const config_setting_t *g = config_setting_get_elem(els, (unsigned)i);
            const char *k = config_setting_name(g);
            int el = theme_element_find(k);
            if (el < 0) {
                char h[96], list[1024];
                hint(h, sizeof h, k, element_keys, THEME_ELEMENT_COUNT);
                element_list(list, sizeof list);
                terr(&ld, g, "unknown element \"%s\"%s; known elements: %s", k, h, list);
                continue;
            }
            parse_style(&ld, g, k, &t->styles[el]);
        }
    }
    config_destroy(&lc);
    if (ld.nerrors) {
        theme_builtin_default(t);
        return SSE_ERR_CONFIG;
    }
    return SSE_OK;
}

enum sse_status
theme_load_string(const char *text, const char *name, struct theme *t, struct sse_diag *errors)
{
    return load_text(text, name ? name : "(string)", name ? name : "custom", t, errors);
}

enum sse_status
theme_load_file(const char *path, struct theme *t, struct sse_diag *errors)
{
    theme_builtin_default(t);
    char *text;
    size_t len;
    enum sse_status st = config_read_text(path, &text, &len, NULL, errors);
    if (st != SSE_OK)
        return st;
    if (memchr(text, '\0', len)) {
        sse_diag_add(errors, "%s: has a NUL byte; a theme is a text file", path);
        free(text);
        return SSE_ERR_CONFIG;
    }
    /* The default name is the file's: "/x/dark.theme" → "dark". */
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    char stem[64];
    snprintf(stem, sizeof stem, "%s", base);
    size_t n = strlen(stem);
    if (n > 6 && strcmp(stem + n - 6, ".theme") == 0)
        stem[n - 6] = '\0';
    st = load_text(text, path, stem, t, errors);
    free(text);
    return st;
}

static int
cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The sorted, distinct NAME of every NAME.theme in dirs, joined into buf. */
static void
available_themes(const char *const *dirs, char *buf, size_t size)
{
    char *names[64];
    size_t n = 0;
    for (size_t d = 0; dirs && dirs[d]; d++) {
        if (!*dirs[d])
            continue;
        DIR *dir = opendir(dirs[d]);
        if (!dir)
            continue;
        struct dirent *de;
        while ((de = readdir(dir)) != NULL && n < NELEMS(names)) {
            size_t len = strlen(de->d_name);
            if (len <= 6 || de->d_name[0] == '.' || strcmp(de->d_name + len - 6, ".theme") != 0)
                continue;
            bool dup = false;
            for (size_t i = 0; i < n && !dup; i++)
                dup = strncmp(names[i], de->d_name, len - 6) == 0 && names[i][len - 6] == '\0';
            if (dup)
                continue;
            char *s = strndup(de->d_name, len - 6);
            if (s)
                names[n++] = s;
        }
        closedir(dir);
    }
    qsort(names, n, sizeof names[0], cmp_str);
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        if (used < size) {
            int w = snprintf(buf + used, size - used, "%s%s", i ? ", " : "", names[i]);
            used += w > 0 ? (size_t)w : 0;
        }
        free(names[i]);
    }
    if (!n)
        snprintf(buf, size, "none");
}

enum sse_status
theme_load_named(const char *name, const char *const *search_dirs, struct theme *t,
                 struct sse_diag *errors)
{
    theme_builtin_default(t);
    /* The name becomes part of a path: it must not climb out of the theme directories. */
    if (!name || !*name || name[0] == '.' || strchr(name, '/') || strlen(name) >= sizeof t->name) {
        char sh[72];
        sse_diag_add(errors, "theme name \"%s\" must be a plain name like \"dark\" (no '/', "
                             "not starting with '.')", SHOWN(sh, name ? name : ""));
        return SSE_ERR_INVALID;
    }
    char path[4096];
    for (size_t d = 0; search_dirs && search_dirs[d]; d++) {
        if (!*search_dirs[d])
            continue;
        int n = snprintf(path, sizeof path, "%s/%s.theme", search_dirs[d], name);
        if (n < 0 || (size_t)n >= sizeof path)
            continue;
        if (access(path, F_OK) == 0)
            return theme_load_file(path, t, errors);
    }
    if (strcmp(name, "default") == 0)
        return SSE_OK;
    if (strcmp(name, "mono") == 0) {
        theme_monochrome(t);
        return SSE_OK;
    }
    char dirs[1024] = "", avail[1024];
    size_t used = 0;
    for (size_t d = 0; search_dirs && search_dirs[d]; d++) {
        if (!*search_dirs[d] || used >= sizeof dirs)
            continue;
        int w = snprintf(dirs + used, sizeof dirs - used, "%s%s", used ? ", " : "",
                         search_dirs[d]);
        used += w > 0 ? (size_t)w : 0;
    }
    available_themes(search_dirs, avail, sizeof avail);
    char sh[72];
    SHOWN(sh, name);
    sse_diag_add(errors, "theme \"%s\" not found: no %s.theme in %s; available themes: %s", sh, sh,
                 used ? dirs : "(no directories)", avail);
    return SSE_ERR_CONFIG;
}
