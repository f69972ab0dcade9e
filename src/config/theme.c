/* theme.c — theme files → struct theme; the built-in default and monochrome themes. */
#include "config/theme.h"

#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config/cfgfile.h"
#include "core/sanitize.h"
#include "core/strbuf.h"

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

/* Themes word syntax errors with their own shape, and always list the keys an element takes. */
static const struct cfgfile_wording theme_wording = {
    .duplicate = "an element or key is set twice in the same group; keep one",
    .syntax = "syntax error; expected name = \"...\"; elements = { header = { fg = \"black\"; bg "
              "= \"cyan\"; attrs = [\"bold\"]; }; };",
    .list_keys_always = true,
};

static void
parse_colour(struct cfgfile *cf, const config_setting_t *s, const char *path, short *out)
{
    int t = config_setting_type(s);
    if (t == CONFIG_TYPE_INT || t == CONFIG_TYPE_INT64) {
        long long v = config_setting_get_int64(s);
        if (v < 0 || v > 255)
            cfgfile_error(cf, s, "%s must be a colour name or a number from 0 to 255, not %lld",
                          path, v);
        else
            *out = (short)v;
        return;
    }
    if (t != CONFIG_TYPE_STRING) {
        cfgfile_error(cf, s, "%s must be a colour in double quotes or a number 0-255, not %s",
                      path, cfgfile_type_name(s));
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
    cfgfile_error(cf, s, "%s: unknown colour \"%s\"%s; expected " COLOURS_EXPECTED, path,
                  SHOWN(sh, v), cfgfile_hint(v, colour_words, NELEMS(colour_words), h, sizeof h));
}

static bool
parse_attr(struct cfgfile *cf, const config_setting_t *s, const char *path, unsigned *out)
{
    if (config_setting_type(s) != CONFIG_TYPE_STRING) {
        cfgfile_error(cf, s, "%s must be attribute names in double quotes, not %s; expected "
                      ATTRS_EXPECTED, path, cfgfile_type_name(s));
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
    cfgfile_error(cf, s, "%s: unknown attribute \"%s\"%s; expected " ATTRS_EXPECTED, path,
                  SHOWN(sh, v), cfgfile_hint(v, attr_names, NELEMS(attr_names), h, sizeof h));
    return false;
}

static void
parse_style(struct cfgfile *cf, const config_setting_t *g, const char *key, struct theme_style *st)
{
    char path[96];
    snprintf(path, sizeof path, "elements.%s", key);
    if (config_setting_type(g) != CONFIG_TYPE_GROUP) {
        cfgfile_error(cf, g, "%s must be a group like { fg = \"white\"; bg = \"blue\"; attrs = "
                             "[\"bold\"]; }, not %s", path, cfgfile_type_name(g));
        return;
    }
    *st = (struct theme_style){-1, -1, 0};
    for (int i = 0; i < config_setting_length(g); i++) {
        const config_setting_t *m = config_setting_get_elem(g, (unsigned)i);
        const char *k = config_setting_name(m);
        if (strcmp(k, "fg") == 0 || strcmp(k, "bg") == 0) {
            char p2[112];
            snprintf(p2, sizeof p2, "%s.%s", path, k);
            parse_colour(cf, m, p2, k[0] == 'f' ? &st->fg : &st->bg);
        } else if (strcmp(k, "attrs") == 0) {
            char p2[112];
            snprintf(p2, sizeof p2, "%s.attrs", path);
            int t = config_setting_type(m);
            if (t == CONFIG_TYPE_STRING) {
                parse_attr(cf, m, p2, &st->attrs);
            } else if (t == CONFIG_TYPE_ARRAY || t == CONFIG_TYPE_LIST) {
                for (int j = 0; j < config_setting_length(m); j++)
                    parse_attr(cf, config_setting_get_elem(m, (unsigned)j), p2, &st->attrs);
            } else {
                cfgfile_error(cf, m, "%s must be a list like [\"bold\", \"underline\"], not %s; "
                                     "expected " ATTRS_EXPECTED, p2, cfgfile_type_name(m));
            }
        } else {
            char where[96];
            snprintf(where, sizeof where, "in element \"%s\"", key);
            cfgfile_unknown_key(cf, m, style_keys, NELEMS(style_keys), where);
        }
    }
}

/* The parsed file (opened = how cfgfile_open_* went) → *t, named stem unless the file names it;
 * closes cf. */
static enum sse_status
load(struct cfgfile *cf, enum sse_status opened, const char *stem, struct theme *t)
{
    theme_builtin_default(t);
    if (opened != SSE_OK) {
        cfgfile_close(cf);
        return opened;
    }
    /* The name is shown on screen: keep control bytes out of it. */
    sanitize_text(stem, t->name, sizeof t->name);
    const config_setting_t *root = cfgfile_root(cf);
    cfgfile_check_keys(cf, root, top_keys, NELEMS(top_keys), "at the top level");
    const config_setting_t *ns = config_setting_get_member(root, "name");
    if (ns) {
        const char *v = config_setting_type(ns) == CONFIG_TYPE_STRING
                            ? config_setting_get_string(ns) : NULL;
        if (!v || !*v || strlen(v) >= sizeof t->name)
            cfgfile_error(cf, ns, "name must be a string of 1 to %zu bytes, like name = \"dark\";",
                          sizeof t->name - 1);
        else
            sanitize_text(v, t->name, sizeof t->name);
    }
    const config_setting_t *els = config_setting_get_member(root, "elements");
    if (!els) {
        cfgfile_error(cf, NULL, "has no elements; expected elements = { header = { fg = \"black\"; "
                                "bg = \"cyan\"; }; ... };");
    } else if (config_setting_type(els) != CONFIG_TYPE_GROUP) {
        cfgfile_error(cf, els, "elements must be a group, like elements = { header = { fg = "
                               "\"black\"; }; };, not %s", cfgfile_type_name(els));
    } else {
        for (int i = 0; i < config_setting_length(els); i++) {
            const config_setting_t *g = config_setting_get_elem(els, (unsigned)i);
            const char *k = config_setting_name(g);
            int el = theme_element_find(k);
            if (el < 0) {
                char h[96], list[1024];
                cfgfile_join_names(list, sizeof list, element_keys, THEME_ELEMENT_COUNT);
                cfgfile_error(cf, g, "unknown element \"%s\"%s; known elements: %s", k,
                              cfgfile_hint(k, element_keys, THEME_ELEMENT_COUNT, h, sizeof h),
                              list);
                continue;
            }
            parse_style(cf, g, k, &t->styles[el]);
        }
    }
    enum sse_status st = cfgfile_status(cf);
    cfgfile_close(cf);
    if (st != SSE_OK)
        theme_builtin_default(t);
    return st;
}

enum sse_status
theme_load_string(const char *text, const char *name, struct theme *t, struct sse_diag *errors)
{
    struct cfgfile cf;
    enum sse_status st = cfgfile_open_string(&cf, text, name ? name : "(string)", &theme_wording,
                                             errors, NULL);
    return load(&cf, st, name ? name : "custom", t);
}

enum sse_status
theme_load_file(const char *path, struct theme *t, struct sse_diag *errors)
{
    /* The default name is the file's: "/x/dark.theme" → "dark". */
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    char stem[64];
    snprintf(stem, sizeof stem, "%s", base);
    size_t n = strlen(stem);
    if (n > 6 && strcmp(stem + n - 6, ".theme") == 0)
        stem[n - 6] = '\0';
    struct cfgfile cf;
    enum sse_status st = cfgfile_open_file(&cf, path,
                                           "a theme", &theme_wording, errors, NULL, NULL);
    return load(&cf, st, stem, t);
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
    cfgfile_join_names(buf, size, (const char *const *)names, n);
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    if (!n)
        snprintf(buf, size, "none");
}

enum sse_status
theme_load_named(const char *name, const char *const *search_dirs, struct theme *t,
                 struct sse_diag *errors)
{
    theme_builtin_default(t);
    /* The name becomes part of a path: it must not climb out of the theme directories. */
    if (name && strlen(name) >= sizeof t->name) {
        char sh[72];
        sse_diag_add(errors, "theme name \"%s…\" is %zu bytes long; at most %zu", SHOWN(sh, name),
                     strlen(name), sizeof t->name - 1);
        return SSE_ERR_INVALID;
    }
    if (!name || !*name || name[0] == '.' || strchr(name, '/')) {
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
    /* Every directory in full, however long their names (a cut list would hide the end). */
    struct strbuf dirs;
    strbuf_init(&dirs, 0);
    for (size_t d = 0; search_dirs && search_dirs[d]; d++) {
        if (!*search_dirs[d])
            continue;
        if (dirs.len)
            strbuf_puts(&dirs, ", ");
        strbuf_puts(&dirs, search_dirs[d]);
    }
    char avail[1024];
    available_themes(search_dirs, avail, sizeof avail);
    char sh[72];
    SHOWN(sh, name);
    sse_diag_add(errors, "theme \"%s\" not found: no %s.theme in %s; available themes: %s", sh, sh,
                 dirs.len ? strbuf_cstr(&dirs) : "(no directories)", avail);
    strbuf_cleanup(&dirs);
    return SSE_ERR_CONFIG;
}
