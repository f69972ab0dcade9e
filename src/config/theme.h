/* theme.h — theme files (libconfig) → colours and attributes per UI element; pure data, no curses. */
#ifndef SSE_CONFIG_THEME_H
#define SSE_CONFIG_THEME_H

#include "core/diag.h"
#include "core/status.h"

/* THEME_EL_TITLE, THEME_EL_HEADER, ... from elements.def, then THEME_ELEMENT_COUNT. */
enum theme_element {
#define ELEMENT(name, key, desc) THEME_EL_##name,
#include "config/elements.def"
#undef ELEMENT
    THEME_ELEMENT_COUNT
};

enum theme_attr {
    THEME_BOLD = 1u << 0,
    THEME_UNDERLINE = 1u << 1,
    THEME_REVERSE = 1u << 2,
    THEME_DIM = 1u << 3,
    THEME_STANDOUT = 1u << 4,
    THEME_ITALIC = 1u << 5,
};

#define THEME_COLOR_DEFAULT (-1)

/* Colours are -1 (the terminal's default) or 0–255: 0–7 the basic eight, 8–15 their bright
 * versions, above that the 256-colour palette. The UI maps what the terminal lacks. */
struct theme_style {
    short fg, bg;
    unsigned attrs; /* enum theme_attr bits */
};

struct theme {
    char name[64];
    struct theme_style styles[THEME_ELEMENT_COUNT];
};

/* "header" for THEME_EL_HEADER; NULL when out of range. */
const char *theme_element_key(enum theme_element el);
/* "column titles of the bucket table" */
const char *theme_element_description(enum theme_element el);
/* The element with that config key, or -1. */
int theme_element_find(const char *key);

/* The compiled fallback, identical to themes/default.theme. */
void theme_builtin_default(struct theme *t);
/* For NO_COLOR and terminals without colour: attributes only, every fg/bg -1 (= themes/mono.theme). */
void theme_monochrome(struct theme *t);

/* Loads a theme file. Elements it leaves out keep the built-in default; inside an element, fg/bg
 * left out are -1 and attrs left out are none. The name comes from `name = "...";`, else from
 * the file name. All errors are collected into errors ("FILE:LINE: ..."); on failure *t holds the
 * built-in default, so the caller can carry on. SSE_ERR_IO, SSE_ERR_CONFIG or SSE_ERR_NOMEM. */
enum sse_status theme_load_file(const char *path, struct theme *t, struct sse_diag *errors);
/* The same from text in memory (fuzzing, tests); name is used in messages. */
enum sse_status theme_load_string(const char *text, const char *name, struct theme *t,
                                  struct sse_diag *errors);
/* Loads NAME.theme from the first of search_dirs (NULL-terminated; NULL or "" entries skipped)
 * that has it. When no directory has it, "default" and "mono" fall back to the built-ins;
 * any other name is SSE_ERR_CONFIG with a message listing the directories searched and the themes
 * found there. A name with '/' or a leading '.' is SSE_ERR_INVALID. On failure *t holds the
 * built-in default. */
enum sse_status theme_load_named(const char *name, const char *const *search_dirs, struct theme *t,
                                 struct sse_diag *errors);

#endif
